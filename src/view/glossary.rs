//! The glossary of the model's terms: its own glossary, then its bounded contexts, resources,
//! events and the states of each resource's lifecycle, with what moves an item into each.

use crate::derive::lifecycle::{self, State};
use crate::model::Model;
use crate::text::english::or_list;
use serde::Serialize;
use std::collections::BTreeMap;

/// One term of the glossary.
#[derive(Debug, Clone, Serialize)]
pub struct GlossaryEntry {
    /// The term.
    pub term: String,
    /// What it means here.
    pub meaning: String,
    /// `term` (the model's glossary), `context`, `resource`, `event` or `state` (a lifecycle
    /// state).
    pub source: String,
}

/// The model's glossary, then its bounded contexts, resources, events and lifecycle states
/// with what the model says of them, alphabetically; a term the glossary defines is not
/// repeated.
pub(super) fn build(model: &Model) -> Vec<GlossaryEntry> {
    let mut terms: BTreeMap<String, GlossaryEntry> = BTreeMap::new();
    let mut add = |term: &str, meaning: String, source: &str| {
        if meaning.trim().is_empty() {
            return;
        }
        terms.entry(term.to_lowercase()).or_insert(GlossaryEntry {
            term: term.to_owned(),
            meaning,
            source: source.into(),
        });
    };
    for t in &model.glossary {
        add(&t.term, t.meaning.clone(), "term");
    }
    let mut contexts: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for s in model.services.iter().filter(|s| !s.context.is_empty()) {
        contexts.entry(&s.context).or_default().push(&s.name);
    }
    for (context, owners) in &contexts {
        add(
            context,
            format!("The bounded context of {}.", owners.join(", ")),
            "context",
        );
    }
    for s in &model.services {
        for r in &s.api.resources {
            add(&r.name, r.description.clone(), "resource");
        }
        for e in &s.publishes {
            add(&e.name, e.description.clone(), "event");
        }
    }
    let states = lifecycle::states(model);
    for st in &states {
        let term = format!("{} ({})", st.value, st.resource);
        add(&term, state_meaning(st, &states), "state");
    }
    terms.into_values().collect()
}

/// What a lifecycle state means by its moves: how an item gets there and where it goes next.
fn state_meaning(st: &State, all: &[State]) -> String {
    let mut entered: Vec<String> = Vec::new();
    let creators: Vec<&String> = st
        .moved_by
        .iter()
        .filter(|m| *m == "create")
        .chain(&st.created_by)
        .collect();
    if !creators.is_empty() {
        entered.push(format!(
            "where {} puts a new {}",
            or_list(&creators),
            st.resource
        ));
    }
    // One clause per set of starting states, whatever moves the item from them.
    let mut by_from: Vec<(&Vec<String>, Vec<&str>)> = Vec::new();
    for t in &st.transitions {
        let what: Vec<&str> = if t.by.is_empty() {
            vec![t.label.as_str()]
        } else {
            t.by.iter().map(String::as_str).collect()
        };
        match by_from.iter_mut().find(|(f, _)| *f == &t.from) {
            Some((_, w)) => w.extend(what),
            None => by_from.push((&t.from, what)),
        }
    }
    for (from, what) in &by_from {
        entered.push(format!(
            "entered from {} by {}",
            or_list(from),
            or_list(what)
        ));
    }
    if !st.from_any.is_empty() {
        entered.push(format!(
            "entered from any state by {}",
            or_list(&st.from_any)
        ));
    }
    if let Some(o) = &st.outside {
        entered.push(format!("set by {o}"));
    }
    if entered.is_empty() {
        entered.push("nothing in the model moves an item here".into());
    }
    // A move the model allows from any state leaves this one too.
    let next: Vec<&str> = all
        .iter()
        .filter(|o| o.service == st.service && o.resource == st.resource)
        .filter(|o| o.value != st.value)
        .filter(|o| {
            !o.from_any.is_empty() || o.transitions.iter().any(|t| t.from.contains(&st.value))
        })
        .map(|o| o.value.as_str())
        .collect();
    let exits = if next.is_empty() {
        "Final: nothing moves it on".to_owned()
    } else {
        format!("It moves on to {}", or_list(&next))
    };
    format!(
        "A state of {}'s {}: {}. {exits}.",
        st.resource,
        st.field,
        entered.join("; ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_glossary_names_the_models_terms_once_each() {
        let m: Model = serde_yaml::from_str(
            "version: 1\nname: t\nrequirements: {domain: d}\nglossary: [{term: order, meaning: A cart paid for.}]\n\
             services:\n  - name: a\n    responsibility: r\n    context: Ordering\n    api: {resources: \
             [{name: Order, description: A customer's order.}, {name: Line}]}\n    publishes: [{name: OrderPlaced, \
             description: Placed.}]\n",
        )
        .unwrap();
        let g = build(&m);
        let terms: Vec<(&str, &str)> = g
            .iter()
            .map(|e| (e.term.as_str(), e.source.as_str()))
            .collect();
        assert_eq!(
            terms,
            [
                ("order", "term"),
                ("Ordering", "context"),
                ("OrderPlaced", "event")
            ]
        );
    }
}
