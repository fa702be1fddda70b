//! The derivations of [`crate::derive`] joined to the view: the call graph they work on is
//! built from the resolved links, flows and events, and each synchronous link's policy takes
//! the values derived for it.

use super::events::EventView;
use super::flows::FlowView;
use super::links::LinkView;
use crate::derive::graph::{Call, EventInfo, Flow, FlowStep, Graph};
use crate::derive::resilience::Resilience;
use crate::model::Model;
use serde::Serialize;

/// The call graph of `model` as the view resolved it.
pub(super) fn graph<'m>(
    model: &'m Model,
    links: &[LinkView],
    flows: &[FlowView],
    events: &[EventView],
) -> Graph<'m> {
    // The view lists the model's links first, in order, then the derived ones.
    let calls = links
        .iter()
        .take(model.communication.links.len())
        .enumerate()
        .filter(|(_, l)| l.style == "sync")
        .map(|(i, l)| {
            let (by_job, job) = crate::derive::graph::job_call(model, &l.from.name, &l.to.name);
            Call {
                from: l.from.name.clone(),
                to: l.to.name.clone(),
                background: l.background,
                stream: crate::derive::graph::streams_to(model, &l.to.name),
                link: i,
                job,
                by_job,
            }
        })
        .collect();
    let flows = flows
        .iter()
        .map(|f| Flow {
            name: f.name.clone(),
            triggered_by: model
                .communication
                .flows
                .iter()
                .find(|m| m.name == f.name)
                .and_then(|m| m.triggered_by.clone()),
            steps: f
                .steps
                .iter()
                .map(|s| FlowStep {
                    from: s.from.name.clone(),
                    to: s.to.name.clone(),
                    action: s.action.clone(),
                    r#async: s.r#async,
                    share: s.share / 100.0,
                    share_assumed: s.share_assumed,
                    branch: s.branch.clone(),
                    trunk: s.within.is_empty(),
                    compensation: s.compensation.clone(),
                    compensate_on: s.triggers.clone(),
                    after_reply: s.after_reply,
                    paced_per_second: s.paced_per_second,
                    path: s.path.clone(),
                })
                .collect(),
        })
        .collect();
    let events = events.iter().map(|e| event_info(model, e)).collect();
    Graph::new(model, calls, flows, events)
}

/// Event `e` as the call graph sees it: its broker's technology and retention, its key and
/// its fields, from the model's declaration.
fn event_info(model: &Model, e: &EventView) -> EventInfo {
    let broker = e.broker.as_ref().and_then(|b| {
        model
            .communication
            .brokers
            .iter()
            .find(|x| x.name == b.name)
    });
    let declared = model
        .services
        .iter()
        .find(|s| s.name == e.publisher)
        .and_then(|s| s.publishes.iter().find(|x| x.name == e.name));
    EventInfo {
        name: e.name.clone(),
        publisher: e.publisher.clone(),
        topic: e.topic.clone(),
        broker: e
            .broker
            .as_ref()
            .map(|_| broker.map(|x| x.technology.clone()).unwrap_or_default()),
        retention_hours: declared
            .and_then(|x| x.retention_hours)
            .or_else(|| broker.and_then(|x| x.retention_hours)),
        retention_own: declared.is_some_and(|x| x.retention_hours.is_some()),
        key: declared.and_then(|x| x.key.clone()),
        consumers: e.consumers.clone(),
        fields: declared.map(|x| x.fields.clone()).unwrap_or_default(),
    }
}

/// Gives each synchronous link the policy derived for it, and a background call the delivery
/// schedules of the events it is made for (of `deliveries`).
pub(super) fn apply(
    links: &mut [LinkView],
    graph: &Graph,
    r: &Resilience,
    deliveries: &[crate::derive::delivery::Delivery],
) {
    for (call, p) in graph.calls.iter().zip(&r.calls) {
        let Some(policy) = links[call.link].policy.as_mut() else {
            continue;
        };
        policy.timeout_ms = p.timeout_ms;
        policy.connect_timeout_ms = p.connect_timeout_ms;
        policy.retry.max_attempts = p.attempts;
        policy.retry.waits = p.waits.clone();
        policy.worst_case_ms = p.worst_case_ms;
        policy.bulkhead = p.bulkhead;
        let made_for = |d: &&crate::derive::delivery::Delivery| {
            d.consumer == call.from && p.events.contains(&d.event)
        };
        let own: Vec<_> = deliveries.iter().filter(made_for).cloned().collect();
        policy.give_ups = crate::derive::give_up::groups(&own);
        policy.derivation = Some(p.clone());
        links[call.link].background = call.background;
    }
}

/// One finding of the design review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReviewFinding {
    /// Stable id: the rule's id, a colon and the subject, e.g. `nested-call:gateway->orders`.
    pub id: String,
    /// The rule.
    pub rule: String,
    /// What it is about.
    pub subject: String,
    /// The document where it applies, by id.
    pub doc: String,
    /// JSON pointer into the model.
    pub at: String,
    /// What is wrong.
    pub message: String,
    /// Why it matters.
    pub why: String,
    /// What to change in the model.
    pub fix: String,
    /// The message as Markdown: its `code` spans kept, everything else escaped.
    pub message_md: String,
    /// The fix as Markdown.
    pub fix_md: String,
    /// The team's reason, when the model accepts it.
    pub accepted: Option<String>,
}
