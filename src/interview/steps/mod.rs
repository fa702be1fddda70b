//! The interview's questions, step by step in the expert's order (../shared/reference: the
//! Response Approach). Each step file reads top to bottom as the questions asked, with their
//! help text, their default and their validator; a reviewer can audit the whole interview here
//! without running it.

mod fields;
pub(crate) use s01_requirements::folder_name;
mod s01_requirements;
mod s02_boundaries;
mod s03_apis;
mod s04_communication;
mod s05_resilience;
mod s06_observability;
mod s07_security;
mod s08_performance;
mod s09_testing;
mod s10_documentation;

use super::ask::At;
use super::flow::{Each, Group, Node};
use crate::model::Model;

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
pub const KEYS: [&str; 10] = [
    "requirements",
    "boundaries",
    "apis",
    "communication",
    "resilience",
    "observability",
    "security",
    "performance",
    "testing",
    "documentation",
];

/// A repeating group with the usual defaults: suggest one item, at most 50.
pub(crate) fn group(
    id: &'static str,
    noun: &'static str,
    help: &'static str,
    labels: impl Fn(&Model, &At) -> Vec<String> + 'static,
    add: impl Fn(&mut Model, &At) + 'static,
    remove: impl Fn(&mut Model, &At, usize) + 'static,
    item: Vec<Node>,
) -> Group {
    Group {
        id,
        noun,
        help,
        quick: false,
        suggest: 1,
        max: 50,
        labels: Box::new(labels),
        add: Box::new(add),
        remove: Box::new(remove),
        when: Box::new(|_, _| true),
        item,
    }
}

impl Group {
    /// Asked on the quick path too.
    pub(crate) fn quick(mut self) -> Self {
        self.quick = true;
        self
    }

    /// Suggests adding until there are `n` items.
    pub(crate) fn suggest(mut self, n: usize) -> Self {
        self.suggest = n;
        self
    }

    /// Applies only when `cond` holds.
    pub(crate) fn when(mut self, cond: impl Fn(&Model, &At) -> bool + 'static) -> Self {
        self.when = Box::new(cond);
        self
    }
}

impl Each {
    /// Asked on the quick path too.
    pub(crate) fn quick(mut self) -> Self {
        self.quick = true;
        self
    }
}

/// The same questions for each item of a list.
pub(crate) fn each(
    id: &'static str,
    count: impl Fn(&Model, &At) -> usize + 'static,
    item: impl Fn(&Model, &At) -> Option<String> + 'static,
    nodes: Vec<Node>,
) -> Each {
    Each {
        id,
        item: Box::new(item),
        count: Box::new(count),
        nodes,
        quick: false,
    }
}

/// Every component name with what it is: services, clients, externals, brokers.
pub(crate) fn components(m: &Model) -> Vec<(String, String)> {
    let c = &m.communication;
    m.services
        .iter()
        .map(|s| (s.name.clone(), super::ask::spelling(&s.kind)))
        .chain(m.clients.iter().map(|c| {
            (
                c.name.clone(),
                format!("{} client", super::ask::spelling(&c.kind)),
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
    crate::validate::fields::non_blank(value).map_err(|e| e.replace("; ", ": "))?;
    let mut names: Vec<String> = components(m).into_iter().map(|(n, _)| n).collect();
    if let Some(i) = names.iter().position(|n| n == own) {
        names.remove(i);
    }
    crate::validate::fields::unique(value, names.iter().map(String::as_str))
}

/// A name unique among `others` (the other items of the same list).
pub(crate) fn unique_among(others: Vec<String>, own: &str, value: &str) -> Result<(), String> {
    crate::validate::fields::non_blank(value).map_err(|e| e.replace("; ", ": "))?;
    let mut others = others;
    if let Some(i) = others.iter().position(|n| n == own) {
        others.remove(i);
    }
    crate::validate::fields::unique(value, others.iter().map(String::as_str))
}

/// `(value, help)` options from plain labels.
pub(crate) fn options(items: &[&str]) -> Vec<(String, String)> {
    items
        .iter()
        .map(|s| (s.to_string(), String::new()))
        .collect()
}
