//! The interview's questions, step by step in the expert's order (../shared/reference: the
//! Response Approach). Each step file reads top to bottom as the questions asked, with their
//! help text, their default and their validator; a reviewer can audit the whole interview here
//! without running it.

mod call_line;
mod field_bounds;
mod field_line;
mod fields;
pub(crate) use s01_requirements::folder_name;
mod s01_requirements;
mod s02_boundaries;
mod s03_apis;
mod s03_operations;
mod s03_resource;
mod s04_action_events;
mod s04_action_from;
mod s04_branch;
mod s04_claims;
mod s04_communication;
mod s04_lifecycle;
mod s04_reads;
mod s04_receives;
mod s05_delivery;
mod s05_resilience;
mod s06_observability;
mod s07_access;
mod s07_fallback;
mod s07_readers;
mod s07_security;
mod s08_performance;
mod s09_testing;
mod s10_documentation;

use super::flow::Node;
use crate::model::Model;

/// What every step file declares its questions with.
mod prelude {
    pub(super) use super::super::accept::derived;
    pub(super) use super::super::ask::{At, confirm, text};
    pub(super) use super::super::choices::{choice, pick, pick_many};
    pub(super) use super::super::lens::Lens;
    pub(super) use super::super::list::{each, group};
    pub(super) use super::super::values::{
        distinct, maintenance, maintenance_window, percent, positive, range, required, spelling,
    };
    pub(super) use super::{
        Step, components, events, options, other_tool, services, tool, unique_component,
    };
    pub(super) use crate::model::Model;
    pub(super) use crate::{lens, nodes};
}

/// One of the ten steps.
pub struct Step {
    /// 1 to 10.
    pub number: usize,
    /// The name `--step` takes, e.g. `security`.
    pub key: &'static str,
    /// The title, e.g. `Security architecture`.
    pub title: &'static str,
    /// One line on why the step matters.
    pub why: &'static str,
    /// Its questions.
    pub nodes: Vec<Node>,
}

/// The ten steps in order.
pub fn all() -> Vec<Step> {
    vec![
        s01_requirements::step(),
        s02_boundaries::step(),
        s03_apis::step(),
        s04_communication::step(),
        s05_resilience::step(),
        s06_observability::step(),
        s07_security::step(),
        s08_performance::step(),
        s09_testing::step(),
        s10_documentation::step(),
    ]
}

/// The step keys, for `--step` and its error message.
pub use crate::model::STEPS as KEYS;

/// Every component name with what it is: services, clients, externals, brokers.
pub(crate) fn components(m: &Model) -> Vec<(String, String)> {
    let c = &m.communication;
    m.services
        .iter()
        .map(|s| (s.name.clone(), super::values::spelling(&s.kind)))
        .chain(m.clients.iter().map(|c| {
            (
                c.name.clone(),
                format!("{} client", super::values::spelling(&c.kind)),
            )
        }))
        .chain(
            m.externals
                .iter()
                .map(|e| (e.name.clone(), "external system".to_owned())),
        )
        .chain(
            c.brokers
                .iter()
                .map(|b| (b.name.clone(), format!("{} broker", b.technology))),
        )
        .filter(|(n, _)| !n.is_empty())
        .collect()
}

/// Service names with their responsibility.
pub(crate) fn services(m: &Model) -> Vec<(String, String)> {
    m.services
        .iter()
        .filter(|s| !s.name.is_empty())
        .map(|s| (s.name.clone(), s.responsibility.clone()))
        .collect()
}

/// Every published event name with its publisher.
pub(crate) fn events(m: &Model) -> Vec<(String, String)> {
    m.services
        .iter()
        .flat_map(|s| {
            s.publishes
                .iter()
                .map(move |e| (e.name.clone(), format!("published by {}", s.name)))
        })
        .filter(|(n, _)| !n.is_empty())
        .collect()
}

/// A component name that no other component uses. `own` is the name being edited.
pub(crate) fn unique_component(m: &Model, own: &str, value: &str) -> Result<(), String> {
    crate::validate::fields::non_blank(value)
        .map_err(crate::validate::fields::Invalid::at_prompt)?;
    let mut names: Vec<String> = components(m).into_iter().map(|(n, _)| n).collect();
    if let Some(i) = names.iter().position(|n| n == own) {
        names.remove(i);
    }
    // `Web` beside `web` would be two components in the model but one in every file name.
    if let Some(n) = names
        .iter()
        .find(|n| *n != value && n.to_lowercase() == value.to_lowercase())
    {
        return Err(format!(
            "`{value}` differs from `{n}` only in case: use `{n}` or another name"
        ));
    }
    crate::validate::fields::unique(value, names.iter().map(String::as_str))
}

/// `(value, help)` options from plain labels.
pub(crate) fn options(items: &[&str]) -> Vec<(String, String)> {
    items
        .iter()
        .map(|s| (s.to_string(), String::new()))
        .collect()
}

/// Shown for a tool not chosen yet: the documents recommend one.
pub(crate) const NOT_CHOSEN: &str = "not chosen yet";

/// Chosen for a tool not in the list; the next question asks for its name.
pub(crate) const SOMETHING_ELSE: &str = "Something else";

/// A tool picked from `list`, `not chosen yet` first and "Something else" last (followed by
/// [`other_tool`]); a name already in the model is kept as an option of its own.
pub(crate) fn tool(
    key: &'static str,
    prompt: &'static str,
    list: &'static [(&'static str, &'static str)],
    place: super::lens::Lens<Option<String>>,
) -> super::ask::Ask<String> {
    let (get, set) = (place.get.clone(), place.set);
    let read = get.clone();
    super::choices::pick(key, prompt, move |m, at| {
        let mut o = vec![(
            NOT_CHOSEN.to_owned(),
            "the documents recommend one".to_owned(),
        )];
        o.extend(list.iter().map(|(a, b)| (a.to_string(), b.to_string())));
        if let Some(v) = get(m, at).filter(|v| !v.is_empty()) {
            if !o.iter().any(|(n, _)| *n == v) {
                o.push((v, String::new()));
            }
        }
        o.push((SOMETHING_ELSE.to_owned(), "name it next".to_owned()));
        o
    })
    .value(super::lens::Lens::new(
        move |m, at| match read(m, at) {
            None => NOT_CHOSEN.to_owned(),
            Some(v) if v.is_empty() => SOMETHING_ELSE.to_owned(),
            Some(v) => v,
        },
        move |m, at, v: String| {
            let v = match v.as_str() {
                NOT_CHOSEN => None,
                // Named by the next question.
                SOMETHING_ELSE => Some(String::new()),
                _ => Some(v),
            };
            set(m, at, v)
        },
    ))
}

/// The name of a tool chosen as "Something else" just before.
pub(crate) fn other_tool(
    key: &'static str,
    place: super::lens::Lens<Option<String>>,
) -> super::ask::Ask<Option<String>> {
    let get = place.get.clone();
    super::ask::text(key, "Which one? (its product name)")
        .help("e.g. the product a team already runs; the documents name it as given.")
        .value(place)
        .check(|_, _, v: &Option<String>| {
            crate::validate::fields::non_blank(v.as_deref().unwrap_or_default())
                .map_err(String::from)
        })
        .when(move |m, at| get(m, at).is_some_and(|v| v.is_empty()))
        .quick()
}

#[cfg(test)]
mod tests {
    /// Every line of the interview fits rustfmt's 100 columns: rustfmt leaves a statement it
    /// cannot fit unformatted, so an overlong line is where it gave up.
    #[test]
    fn the_declarations_fit_in_100_columns() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/interview");
        let mut long = Vec::new();
        let mut dirs = vec![root];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    dirs.push(path);
                    continue;
                }
                let text = std::fs::read_to_string(&path).unwrap();
                for (i, line) in text.lines().enumerate() {
                    if line.chars().count() > 100 {
                        long.push(format!("{}:{}", path.display(), i + 1));
                    }
                }
            }
        }
        assert!(long.is_empty(), "lines over 100 columns: {long:?}");
    }
}
