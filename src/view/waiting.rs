//! Items that wait on another party: a lifecycle state the service's own move (an action, a
//! job, an operation) puts the item in and that only messages it receives (consumed events,
//! callbacks) or someone outside the system move it out of, e.g. an order `cancelling` until
//! the warehouse answers. Nothing the service runs moves it on, so an item stuck there shows
//! only as its age: observability.md alerts on the oldest.

use super::View;
use crate::derive::lifecycle::State;
use serde::Serialize;

/// One state items wait in for another party.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Waiting {
    /// The service owning the resource.
    pub service: String,
    /// The resource, e.g. `Order`.
    pub resource: String,
    /// The lifecycle field, e.g. `status`.
    pub field: String,
    /// The state, e.g. `cancelling`.
    pub state: String,
    /// What moves the item out: the messages, then who outside the system, in words.
    pub awaits: Vec<String>,
}

/// Every state of `view.lifecycle` that only messages or outside parties leave, in model order.
pub(super) fn derive(view: &View) -> Vec<Waiting> {
    let states = &view.lifecycle;
    let mut out = Vec::new();
    for s in states.iter().filter(|s| s.leaves) {
        let field = || same_field(states, s);
        // A trigger that moves the item from any state (an update, an action named for a
        // state) can move it on too: the service itself, not another party.
        if field().any(|o| o.from_any.iter().any(|b| b != "create")) {
            continue;
        }
        let leaving: Vec<_> = (field().flat_map(|o| &o.transitions))
            .filter(|t| t.from.contains(&s.value))
            .collect();
        // Waiting is for an answer to what the service started: entered by its own move,
        // left only by others'. A state others move the item into is where it rests.
        let entered_by_own = s.moved_by.iter().any(|b| own(view, &s.service, b));
        if !entered_by_own
            || leaving
                .iter()
                .any(|t| t.by.iter().any(|b| own(view, &s.service, b)))
        {
            continue;
        }
        let mut awaits: Vec<String> = Vec::new();
        for t in &leaving {
            if t.by.is_empty() {
                push_new(&mut awaits, &t.label);
            }
            for b in &t.by {
                push_new(&mut awaits, b);
            }
        }
        out.push(Waiting {
            service: s.service.clone(),
            resource: s.resource.clone(),
            field: s.field.clone(),
            state: s.value.clone(),
            awaits,
        });
    }
    out
}

/// The states of the field `s` is a state of.
fn same_field<'a>(states: &'a [State], s: &'a State) -> impl Iterator<Item = &'a State> {
    (states.iter()).filter(move |o| o.resource == s.resource && o.field == s.field)
}

fn push_new(list: &mut Vec<String>, item: &str) {
    if !list.iter().any(|x| x == item) {
        list.push(item.to_owned());
    }
}

/// Whether `service` makes move `by` on its own: an operation, an action or a job of its own
/// (the events it publishes announce a move something else caused).
fn own(view: &View, service: &str, by: &str) -> bool {
    matches!(by, "create" | "update")
        || (view.performance.jobs.iter()).any(|j| j.model.service == service && j.model.name == by)
        || (view.services.iter())
            .filter(|s| s.node.name == service)
            .flat_map(|s| &s.api.resources)
            .any(|r| r.actions.iter().any(|a| a.name == by))
}

#[cfg(test)]
mod tests {
    use crate::view::built;

    #[test]
    fn an_order_cancelling_waits_on_the_warehouse_and_a_payment_on_stripe() {
        let view = built(include_str!("../../examples/order-management/archgen.yaml"));
        let found: Vec<(&str, &str)> = (view.waiting.iter())
            .map(|w| (w.resource.as_str(), w.state.as_str()))
            .collect();
        // cancelling: the warehouse's refusal, or its confirmation.
        assert!(found.contains(&("Order", "cancelling")), "{found:?}");
        let cancelling = (view.waiting.iter())
            .find(|w| w.state == "cancelling")
            .unwrap();
        assert!(cancelling.awaits[0].contains("refusing the cancel with 409"));
        assert!(
            cancelling.awaits[3].contains("confirming"),
            "{cancelling:?}"
        );
        // pending is left by the expiry job and the cancel action too: the service moves it;
        // a Payment is put in each state by messages: it rests there, it does not wait.
        assert!(!found.iter().any(|w| w.1 == "pending"), "{found:?}");
        assert_eq!(found, [("Order", "cancelling")]);
    }
}
