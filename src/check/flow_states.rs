//! Flows against the lifecycles: a flow step that publishes the event announcing a state
//! (`PaymentCaptured`: `captured`) follows, somewhere earlier in the flow, one of the
//! messages `set_by` says moves the item there (Stripe's `payment_intent.succeeded`), when
//! only messages do. Otherwise the flow shows the service publishing on an answer the model
//! says does not move the item, and the two documents disagree about who decides.

use super::flows::{Found, locate};
use super::{Input, Problem};
use crate::derive::lifecycle::State;
use crate::model::{Model, Service};
use crate::view::View;

pub(super) fn flow_states(input: &Input) -> Vec<Problem> {
    locate(input, "flow-state", unmoved(input.model, input.view))
}

/// The messages that move an item into `state`, when nothing else does (no operation,
/// action, job or outside owner); empty otherwise.
fn only_messages<'s>(s: &Service, state: &'s State) -> Vec<&'s str> {
    let triggers: Vec<&str> = (state.moved_by.iter())
        .chain(state.transitions.iter().flat_map(|t| &t.by))
        .map(String::as_str)
        .collect();
    let incoming = crate::derive::lifecycle::events_of(s);
    let message = |t: &&str| incoming.contains(t) && !s.publishes.iter().any(|p| p.name == *t);
    if state.outside.is_some() || triggers.is_empty() || !triggers.iter().all(message) {
        return Vec::new();
    }
    let mut out: Vec<&str> = Vec::new();
    for t in triggers {
        if !out.contains(&t) {
            out.push(t);
        }
    }
    out
}

/// Every flow step publishing an event that announces a state only messages move to, with
/// none of those messages reaching its service earlier in the flow.
pub(super) fn unmoved(model: &Model, view: &View) -> Vec<Found> {
    let states = crate::derive::lifecycle::states(model);
    let mut out = Vec::new();
    for (i, (flow, fv)) in (model.communication.flows.iter())
        .zip(&view.flows)
        .enumerate()
    {
        let steps: Vec<_> = flow.walk().into_iter().zip(&fv.steps).collect();
        for (n, (w, step)) in steps.iter().enumerate() {
            let Some(s) = (model.services.iter()).find(|s| s.name == step.from.name) else {
                continue;
            };
            if !s.publishes.iter().any(|p| p.name == step.action) {
                continue;
            }
            let reached = |message: &str| {
                (steps[..n].iter()).any(|(_, e)| e.to.name == s.name && e.action.contains(message))
            };
            for state in (states.iter())
                .filter(|t| t.service == s.name && t.announced_by.contains(&step.action))
            {
                let messages = only_messages(s, state);
                if messages.is_empty() || messages.iter().any(|m| reached(m)) {
                    continue;
                }
                let quoted: Vec<String> = messages.iter().map(|m| format!("`{m}`")).collect();
                let named = crate::text::english::or_list(&quoted);
                out.push(Found {
                    at: format!("/communication/flows/{i}/{}/action", w.path),
                    message: format!(
                        "flow `{}` step {} has `{}` publish `{}`, which announces {} `{}`, \
                         but no earlier step brings it {named}, which `set_by` says alone \
                         moves it there",
                        flow.name, step.number, s.name, step.action, state.resource, state.value
                    ),
                    help: format!(
                        "add the step where {named} reaches `{}` before this one, or name what \
                         else moves {} to `{}` in its `set_by`",
                        s.name, state.resource, state.value
                    ),
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn order() -> Model {
        let yaml = std::fs::read_to_string("examples/order-management/archgen.yaml").unwrap();
        crate::load::parse(&yaml, "archgen.yaml").unwrap()
    }

    fn found(model: &Model) -> Vec<Found> {
        unmoved(model, &crate::view::build(model))
    }

    #[test]
    fn an_event_published_after_the_message_that_moves_its_state_is_consistent() {
        assert_eq!(found(&order()), []);
    }

    #[test]
    fn an_event_published_on_a_calls_answer_the_model_says_moves_nothing_is_found() {
        let mut m = order();
        let flow = (m.communication.flows.iter_mut())
            .find(|f| f.name == "Checkout")
            .unwrap();
        // Drop Stripe's payment_intent.succeeded from the capture branch.
        let json = serde_json::to_string(&flow.steps).unwrap();
        let cut = json.replace(
            r#"{"from":"Stripe","to":"payments","action":"payment_intent.succeeded"},"#,
            "",
        );
        assert_ne!(
            json, cut,
            "the example's capture branch has the webhook step"
        );
        flow.steps = serde_json::from_str(&cut).unwrap();
        let f = found(&m);
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(
            f[0].message
                .contains("publish `PaymentCaptured`, which announces Payment `captured`")
                && f[0].message.contains("`payment_intent.succeeded`"),
            "{}",
            f[0].message
        );
        assert!(
            f[0].at.starts_with("/communication/flows/0/steps/"),
            "{}",
            f[0].at
        );
    }
}
