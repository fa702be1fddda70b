//! Step 3, per resource: its operations and actions on one line (`list, get, create, cancel,
//! renew`): the standard names are operations, any other verb an action on one item
//! (`POST .../{id}/cancel`), so commands beyond CRUD cost no extra prompt.

use super::prelude::*;
use crate::defaults;
use crate::interview::flow::Node;
use crate::model::{Action, ApiStyle, Operation};

const OPERATIONS: [(&str, Operation); 6] = [
    ("list", Operation::List),
    ("get", Operation::Get),
    ("create", Operation::Create),
    ("update", Operation::Update),
    ("delete", Operation::Delete),
    ("subscribe", Operation::Subscribe),
];

/// The question.
pub(super) fn question() -> Node {
    text(
        "resources.operations",
        "Which operations and actions does it offer? (e.g. `list, get, create, cancel`)",
    )
    .help(
        "`list`, `get`, `create`, `update`, `delete` and `subscribe` (stream changes) are the \
         standard operations; any other verb is an action on one item, e.g. `cancel` is `POST \
         .../{id}/cancel`.",
    )
    .value(Lens::new(show, store))
    .check(|_, _, v: &String| read(v).map(|_| ()))
    .into()
}

/// The operations a resource offers by default: CRUD, or only streaming on a WebSocket API.
pub(super) fn default_operations(m: &Model, at: &At) -> Vec<Operation> {
    let s = &m.services[at[0]];
    match defaults::api_style(s.kind, s.api.style) {
        ApiStyle::Websocket => vec![Operation::Subscribe],
        _ => Operation::DEFAULTS.to_vec(),
    }
}

fn show(m: &Model, at: &At) -> String {
    let r = &m.services[at[0]].api.resources[at[1]];
    let ops = r
        .operations
        .clone()
        .unwrap_or_else(|| default_operations(m, at));
    let standard = OPERATIONS.iter().filter(|(_, o)| ops.contains(o));
    let names = standard.map(|(n, _)| n.to_string());
    let names: Vec<String> = names
        .chain(r.actions.iter().map(|a| a.name.clone()))
        .collect();
    names.join(", ")
}

/// Standard operations and action verbs, each once.
fn read(line: &str) -> Result<(Vec<Operation>, Vec<String>), String> {
    let (mut ops, mut actions): (Vec<Operation>, Vec<String>) = (Vec::new(), Vec::new());
    let words = line
        .split([',', ' '])
        .map(str::trim)
        .filter(|w| !w.is_empty());
    for w in words {
        let verb = w.to_lowercase();
        if !verb
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            || !verb.starts_with(|c: char| c.is_ascii_alphabetic())
        {
            return Err(format!(
                "`{w}` is not an operation or a verb: use letters, digits, `-` or `_`, e.g. \
                 `cancel`"
            ));
        }
        match OPERATIONS.iter().find(|(n, _)| *n == verb) {
            Some((_, o)) if ops.contains(o) => return Err(format!("`{verb}` is listed twice")),
            Some((_, o)) => ops.push(*o),
            None if actions.contains(&verb) => return Err(format!("`{verb}` is listed twice")),
            None => actions.push(verb),
        }
    }
    if ops.is_empty() && actions.is_empty() {
        return Err("name at least one operation, e.g. `get`".into());
    }
    ops.sort();
    Ok((ops, actions))
}

/// Keeps an action's description and fields when it stays; operations equal to the default
/// are left to the default.
fn store(m: &mut Model, at: &At, line: String) {
    let Ok((ops, verbs)) = read(&line) else {
        return;
    };
    let default = default_operations(m, at);
    let r = &mut m.services[at[0]].api.resources[at[1]];
    r.operations = (ops != default).then_some(ops);
    let mut old = std::mem::take(&mut r.actions);
    r.actions = verbs
        .into_iter()
        .map(|name| match old.iter().position(|a| a.name == name) {
            Some(i) => old.remove(i),
            None => Action {
                name,
                ..Action::default()
            },
        })
        .collect();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standard_names_are_operations_and_other_verbs_actions() {
        let (ops, actions) = read("get, list, cancel renew").unwrap();
        assert_eq!(ops, [Operation::List, Operation::Get]);
        assert_eq!(actions, ["cancel", "renew"]);
        assert!(read("get, get").unwrap_err().contains("twice"));
        assert!(read("re new?").unwrap_err().contains("`new?`"));
        assert!(read(" , ").is_err());
    }
}
