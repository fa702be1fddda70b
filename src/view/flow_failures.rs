//! The failure branch of a flow's call to an external system, or of a call the model gives a
//! fallback: what its caller does when the callee fails or outlasts its timeout, from the
//! call's resolved policy and, for a consumer, the delivery schedule of the message it was
//! handling. Drawn on the call in the flow's sequence diagram: a `break` block where the caller
//! stops, an `opt` block where a fallback goes on.

use super::flows::{FlowView, StepView};
use super::links::LinkView;
use crate::derive::delivery::Delivery;
use crate::text::numbers::duration;
use serde::Serialize;

/// What a call's caller does when the call fails.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FailBranch {
    /// The Mermaid block: `break` where the caller stops (the message goes back, the request
    /// fails, the run ends), `opt` where it goes on without the answer (a fallback of the
    /// model's).
    pub keyword: &'static str,
    /// The condition, e.g. `an error from EHR, or no answer within 1.5 s`.
    pub when: String,
    /// What follows, e.g. `AppointmentBooked goes back for redelivery: …`.
    pub then: String,
}

/// Gives each synchronous step of `flows` whose callee is an external system, or whose link
/// states a fallback, its failure branch.
pub(super) fn apply(flows: &mut [FlowView], links: &[LinkView], deliveries: &[Delivery]) {
    for f in flows {
        for i in 0..f.steps.len() {
            let fails = branch(&f.steps, i, links, deliveries);
            f.steps[i].fails = fails;
        }
    }
}

fn branch(
    steps: &[StepView],
    at: usize,
    links: &[LinkView],
    deliveries: &[Delivery],
) -> Option<FailBranch> {
    let s = &steps[at];
    if s.r#async || s.via.is_some() || s.from.kind == "client" {
        return None;
    }
    let link = links
        .iter()
        .find(|l| l.style == "sync" && l.from.name == s.from.name && l.to.name == s.to.name)?;
    let p = link.policy.as_ref()?;
    let kind = p.derivation.as_ref().map(|d| d.fallback_kind.as_str())?;
    if s.to.kind != "external" && kind != "model" {
        return None;
    }
    let caller = &s.from.name;
    let mut then = match kind {
        "model" => first_clause(&p.fallback),
        "redeliver" => redelivery(steps, at, deliveries),
        "next-run" => "The run fails; the next run takes what it left".to_owned(),
        _ => format!(
            "{caller} answers the request it serves with an error: 503 with Retry-After while the circuit is open"
        ),
    };
    if p.pauses {
        then.push_str(&format!(
            "; while the circuit is open, {caller} stops taking messages"
        ));
    }
    Some(FailBranch {
        keyword: if kind == "model" { "opt" } else { "break" },
        when: format!(
            "an error from {}, or no answer within {}",
            s.to.name,
            duration(f64::from(p.timeout_ms))
        ),
        then: format!("{then}."),
    })
}

/// What a consumer's failed call does to the message it was handling: the message that last
/// reached the caller before the call, redelivered on its schedule.
fn redelivery(steps: &[StepView], at: usize, deliveries: &[Delivery]) -> String {
    let caller = &steps[at].from.name;
    let event = steps[..at]
        .iter()
        .rev()
        .find(|s| s.r#async && &s.to.name == caller)
        .map(|s| s.action.as_str());
    let Some(d) = event.and_then(|e| {
        deliveries
            .iter()
            .find(|d| &d.consumer == caller && d.event == e)
    }) else {
        return format!("The message {caller} was handling goes back for redelivery");
    };
    let wait = if d.retry_topic {
        "waits on a retry topic"
    } else {
        "is redelivered in place"
    };
    let end = if d.dead_letter {
        "then goes to the dead-letter topic"
    } else {
        "then is dropped"
    };
    format!(
        "{} {wait}: up to {} deliveries over {}, {end}",
        d.event,
        d.max_attempts,
        duration(d.span_ms as f64)
    )
}

/// The first clause of a fallback the model states, up to its first `;` or sentence end: a
/// diagram's note, the whole text being in the resilience document.
fn first_clause(text: &str) -> String {
    let sentence = crate::text::english::first_sentence(text);
    let end = sentence.find("; ").unwrap_or(sentence.len());
    sentence[..end].trim_end_matches('.').to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fallback_is_cut_to_its_first_clause() {
        assert_eq!(
            first_clause("Send the email alone; the SMS waits."),
            "Send the email alone"
        );
        assert_eq!(first_clause("Resume. Then more."), "Resume");
        assert_eq!(
            first_clause("Use a default, e.g. the city's. Then more."),
            "Use a default, e.g. the city's"
        );
        assert_eq!(
            first_clause("Serve the cached page."),
            "Serve the cached page"
        );
    }

    #[test]
    fn a_consumer_s_call_to_a_provider_fails_into_its_redelivery_schedule() {
        let v = crate::view::built(include_str!("../../examples/clinic-booking/archgen.yaml"));
        let book = v
            .flows
            .iter()
            .find(|f| f.name == "Book an appointment")
            .unwrap();
        let ses = book
            .steps
            .iter()
            .find(|s| s.to.name == "Amazon SES")
            .unwrap();
        let f = ses
            .fails
            .as_ref()
            .expect("a failure branch on the SES call");
        assert_eq!(
            f.when,
            "an error from Amazon SES, or no answer within 600 ms"
        );
        assert!(
            f.then
                .starts_with("AppointmentBooked waits on a retry topic: up to 18 deliveries over"),
            "{}",
            f.then
        );
        // A call inside the system with no fallback of the model's gets none.
        assert!(
            book.steps
                .iter()
                .filter(|s| s.to.kind != "external")
                .all(|s| s.fails.is_none())
        );
    }
}
