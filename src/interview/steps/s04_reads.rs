//! Step 4, per consuming service: what its handlers read of each event it consumes, on one
//! line (`LoanOpened: loan_id, due_on; LoanOverdue: member_id`), checked as `archgen check`
//! checks `reads`: only events it consumes, only fields the event (or its envelope) carries;
//! then, where it consumes two or more, what it does with one that arrives early.

use super::prelude::*;
use crate::interview::flow::Node;
use std::collections::BTreeMap;

/// The question, asked once the service consumes something.
pub(super) fn question() -> Node {
    text(
        "reads",
        "What do its handlers read of them? (`Event: field, field; …`; empty: not stated)",
    )
    .help(
        "Stated, `archgen check` finds a field the publisher stops carrying; e.g. `LoanOpened: \
         loan_id, due_on`.",
    )
    .value(Lens::new(
        |m, at| show(&m.services[at[0]].reads),
        |m, at, v: String| {
            let reads = read(m, at, &v).unwrap_or_default();
            m.services[at[0]].reads = reads;
        },
    ))
    .check(|m, at, v| read(m, at, v).map(|_| ()))
    .when(|m, at| !m.services[at[0]].consumes.is_empty())
    .into()
}

/// What its handlers do with an event that comes before the one it follows, asked once it
/// consumes two events or more (one alone has nothing to come before).
pub(super) fn early() -> Node {
    choice(
        "early_events",
        "An event that arrives before the one it follows: keep it or apply it?",
    )
    .help(
        "The broker orders events neither across topics nor across keys; testing.md tests the \
         rule you choose.",
    )
    .value(lens!(|m, at| m.services[at[0]].early_events))
    .when(|m, at| m.services[at[0]].consumes.len() > 1)
    .into()
}

fn show(reads: &BTreeMap<String, Vec<String>>) -> String {
    let entries = reads.iter().map(|(e, f)| format!("{e}: {}", f.join(", ")));
    entries.collect::<Vec<_>>().join("; ")
}

fn read(m: &Model, at: &At, line: &str) -> Result<BTreeMap<String, Vec<String>>, String> {
    let s = &m.services[at[0]];
    let headers = crate::view::header_names(m);
    let mut out = BTreeMap::new();
    for entry in line.split(';').map(str::trim).filter(|e| !e.is_empty()) {
        let Some((event, fields)) = entry.split_once(':') else {
            return Err(format!(
                "`{entry}`: write the event, a colon and the fields it reads"
            ));
        };
        let event = event.trim();
        if !s.consumes.iter().any(|c| c == event) {
            return Err(format!(
                "`{}` does not consume `{event}`; it consumes {}",
                s.name,
                s.consumes.join(", ")
            ));
        }
        let carried: Vec<&str> = m
            .services
            .iter()
            .flat_map(|p| &p.publishes)
            .filter(|e| e.name == event)
            .flat_map(|e| e.fields.iter().map(|f| f.name.as_str()))
            .collect();
        let mut read = Vec::new();
        for f in fields.split(',').map(str::trim).filter(|f| !f.is_empty()) {
            if !carried.contains(&f) && !headers.contains(&f) {
                let has = match carried.is_empty() {
                    true => "which names no payload fields".to_owned(),
                    false => format!("which carries {}", carried.join(", ")),
                };
                return Err(format!("`{}` reads `{f}` from `{event}`, {has}", s.name));
            }
            read.push(f.to_owned());
        }
        out.insert(event.to_owned(), read);
    }
    Ok(out)
}
