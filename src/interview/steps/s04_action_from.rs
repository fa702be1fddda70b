//! Step 4, per resource with a lifecycle field, once its moves are known: the states its
//! actions that move nothing act in, on one line (`amend: pending, paid; reschedule: booked`).
//! Elsewhere such an action is refused with `409 wrong-state`; empty, it acts in any state.
//! The line is the model's `actions[].from`, checked as the loader checks it.

use super::prelude::*;
use crate::interview::flow::Node;
use crate::model::Resource;

/// The question, asked in the block of each lifecycle once its resource has such an action.
pub(super) fn question() -> Node {
    text(
        "lifecycle.from",
        "Where do its other actions act? (`action: states; …`, empty: in any state)",
    )
    .help(
        "An action no move names changes the item without moving it, e.g. `amend: pending, \
         paid`; in any other state it answers `409 wrong-state`.",
    )
    .value(Lens::new(show, set))
    .check(|m, at, v: &String| read(m, at, v).map(|_| ()))
    .when(|m, at| !still(resource(m, at)).is_empty())
    .into()
}

fn resource<'a>(m: &'a Model, at: &At) -> &'a Resource {
    super::s04_lifecycle::place(m, at, super::s04_lifecycle::places)
}

/// The actions of `r` that move nothing: none of its `set_by` moves names one, nor does any
/// state's name.
fn still(r: &Resource) -> Vec<&str> {
    let Some((_, f)) = crate::derive::lifecycle::field_of(r) else {
        return Vec::new();
    };
    (r.actions.iter())
        .filter(|a| !r.set_by.iter().any(|o| o.by.contains(&a.name)))
        .filter(|a| !(f.values.iter()).any(|v| crate::derive::lifecycle::names_state(&a.name, v)))
        .map(|a| a.name.as_str())
        .collect()
}

/// The actions' `from` as the question shows it.
fn show(m: &Model, at: &At) -> String {
    let r = resource(m, at);
    let items = (r.actions.iter())
        .filter(|a| !a.from.is_empty())
        .map(|a| format!("{}: {}", a.name, a.from.join(", ")));
    items.collect::<Vec<_>>().join("; ")
}

/// Sets each such action's `from` from the line; an action the line leaves out acts anywhere.
fn set(m: &mut Model, at: &At, line: String) {
    let Ok(read) = read(m, at, &line) else { return };
    let (i, j) = super::s04_lifecycle::places(m)[at[0]];
    for a in &mut m.services[i].api.resources[j].actions {
        a.from = (read.iter())
            .find(|(name, _)| *name == a.name)
            .map(|(_, from)| from.clone())
            .unwrap_or_default();
    }
}

/// The entries of `line`: `action: state, state`, `;`-separated, each action one that moves
/// nothing and each state one of the field's values.
fn read(m: &Model, at: &At, line: &str) -> Result<Vec<(String, Vec<String>)>, String> {
    let r = resource(m, at);
    let (_, field) = crate::derive::lifecycle::field_of(r).expect("asked for a lifecycle");
    let acts = still(r);
    let what = format!("value of `{}`", field.name);
    let mut out = Vec::new();
    for item in line.split(';').map(str::trim).filter(|x| !x.is_empty()) {
        let (name, states) = item.split_once(':').ok_or_else(|| {
            format!("`{item}`: write `action: states`, e.g. `amend: pending, paid`")
        })?;
        let name = name.trim();
        super::s04_lifecycle::reference(name, acts.iter().copied(), "action that moves no state")?;
        let states: Vec<String> = (states.split(','))
            .map(str::trim)
            .filter(|x| !x.is_empty())
            .map(str::to_owned)
            .collect();
        if states.is_empty() {
            return Err(format!("`{item}`: name the states `{name}` acts in"));
        }
        for s in &states {
            super::s04_lifecycle::reference(s, field.values.iter().map(String::as_str), &what)?;
        }
        out.push((name.to_owned(), states));
    }
    Ok(out)
}
