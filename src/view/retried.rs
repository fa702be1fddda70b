//! Retried writes: each synchronous call that makes more than one attempt (or that background
//! work makes, which a redelivery repeats) at something not
//! idempotent by its method (a create, a partial update, an action, or a call to an external
//! system that is not a read), with the idempotency key that makes the retry act once, or the
//! calls whose contract takes none (the design review's `retry-without-idempotency`).

use super::flows::StepView;
use super::{LinkView, View};
use crate::model::Model;
use serde::Serialize;

/// One link that retries writes.
#[derive(Debug, Clone, Serialize)]
pub struct RetriedWrite {
    /// The link, by `communication.links` index.
    pub link: usize,
    /// The caller.
    pub caller: String,
    /// The callee.
    pub callee: String,
    /// Whether the callee is an external system (its own contract, its own key header).
    pub external: bool,
    /// For an external callee, its `externals` index: where its key header is stated.
    pub external_index: Option<usize>,
    /// The writes retried, as the callee's contract names them (`POST /v1/orders`), or for an
    /// external the flow steps and compensations on the link.
    pub calls: Vec<String>,
    /// Attempts per call, the first included.
    pub attempts: u32,
    /// Whether the call is made from background work (a consumer's redelivery repeats it).
    pub background: bool,
    /// Whether a job makes the call: its next run, not a redelivery, repeats what a failed
    /// run left.
    pub by_job: bool,
    /// The header the key travels in, when the callee takes one.
    pub header: Option<String>,
    /// Whether that header is a conditional create (`idempotency_scheme: conditional-create`):
    /// a search on our own identifier of the record, kept as long as the record is.
    pub conditional: bool,
    /// Where the key comes from: `message` (background work: the id of what the call acts on
    /// and the call, the same on every redelivery and whichever message triggers it), `client` (an edge passes on the client's key) or
    /// `request` (the caller makes one per logical request and sends it on every attempt).
    pub key_from: String,
    /// Hours the callee keeps a key and its result, when the model states it (our services).
    pub retention_hours: Option<u32>,
    /// How long one logical call can be repeated: its attempts, and for background work the
    /// consumer's redeliveries too, in milliseconds.
    pub window_ms: u64,
    /// Of `window_ms`, the consumer's redeliveries (background work; 0 otherwise): the rest is
    /// the last delivery's call with its attempts.
    pub redelivery_ms: u64,
    /// The writes whose contract takes no key: each retry may act again.
    pub unkeyed: Vec<String>,
    /// For background work whose failures go to a dead-letter queue, the hours a dead letter
    /// can wait there for a person's replay (the longest its consumed events are kept), when
    /// that outlasts the key: the replay then finds no key, and only the caller's own record
    /// of the call keeps it from acting twice.
    pub replay_hours: Option<u32>,
}

/// The hours a dead letter of `consumer` can wait to be replayed: the longest its consumed
/// events are kept; `None` unless its failures go to a dead-letter queue.
fn replayable(view: &View, model: &Model, consumer: &str) -> Option<u32> {
    let dead_letters = (view.resilience.deliveries.give_ups.iter())
        .any(|g| g.consumer == consumer && g.dead_letter);
    let consumed = &model.services.iter().find(|s| s.name == consumer)?.consumes;
    (view.capacity.events.iter())
        .filter(|e| dead_letters && consumed.contains(&e.event))
        .map(|e| e.retention_hours)
        .max()
}

/// Whether a flow step's action names a read: an HTTP `GET`/`HEAD`, a GraphQL query, or one
/// of `reads` (the callee's get and list methods).
pub(super) fn is_read(action: &str, reads: &[String]) -> bool {
    let a = action.trim();
    let first = a.split_whitespace().next().unwrap_or("");
    ["GET", "HEAD", "OPTIONS"].contains(&first)
        || first == "query"
        || reads.iter().any(|r| r == a)
        || crate::derive::link_style::reads(a)
}

/// How long `consumer` keeps redelivering one message: its longest delivery schedule, or the
/// system-wide consumer span when it has none of its own.
fn redelivered(view: &View, consumer: &str, system: u64) -> u64 {
    view.resilience
        .deliveries
        .give_ups
        .iter()
        .filter(|g| g.consumer == consumer)
        .map(|g| g.span_ms)
        .max()
        .unwrap_or(system)
}

/// Every link that retries writes, in link order.
pub(super) fn derive(model: &Model, view: &View) -> Vec<RetriedWrite> {
    let consumer_span = view
        .resilience
        .derived
        .as_ref()
        .map_or(0, |d| d.consumers.span_ms);
    let mut out = Vec::new();
    for (i, l) in view
        .links
        .iter()
        .take(model.communication.links.len())
        .enumerate()
    {
        let Some(policy) = l.policy.as_ref().filter(|_| l.style == "sync") else {
            continue;
        };
        let Some(d) = policy.derivation.as_ref() else {
            continue;
        };
        if (d.attempts < 2 && !l.background) || d.stream {
            continue;
        }
        let steps: Vec<_> = view
            .flows
            .iter()
            .flat_map(|f| &f.steps)
            .filter(|s| !s.r#async && s.from.name == l.from.name && s.to.name == l.to.name)
            .collect();
        let redelivery_ms = if l.background {
            redelivered(view, &l.from.name, consumer_span)
        } else {
            0
        };
        let window_ms = d.worst_case_ms + redelivery_ms;
        let mut w = RetriedWrite {
            link: i,
            caller: l.from.name.clone(),
            callee: l.to.name.clone(),
            external: l.to.kind == "external",
            external_index: model.externals.iter().position(|e| e.name == l.to.name),
            calls: Vec::new(),
            attempts: d.attempts,
            background: l.background,
            by_job: d.fallback_kind == "next-run",
            header: None,
            conditional: false,
            key_from: if l.background {
                "message"
            } else if matches!(l.from.kind.as_str(), "gateway" | "bff") {
                "client"
            } else {
                "request"
            }
            .into(),
            retention_hours: None,
            window_ms,
            redelivery_ms,
            unkeyed: Vec::new(),
            replay_hours: None,
        };
        let kept = if w.external {
            external_write(model, l, &steps, &mut w)
        } else {
            service_write(view, l, &steps, &mut w)
        };
        if kept {
            let replay = (l.background && !w.conditional)
                .then(|| replayable(view, model, &w.caller))
                .flatten();
            w.replay_hours = replay.filter(|&h| w.retention_hours.is_none_or(|k| h > k));
            out.push(w);
        }
    }
    out
}

/// The writes a retried call to an external system makes, into `w`; false when it only reads.
fn external_write(model: &Model, l: &LinkView, steps: &[&StepView], w: &mut RetriedWrite) -> bool {
    if !steps.is_empty() && steps.iter().all(|s| is_read(&s.action, &[])) {
        return false;
    }
    w.calls = steps
        .iter()
        .flat_map(|s| [&s.action, &s.compensation])
        .filter(|a| !a.is_empty() && !is_read(a, &[]))
        .cloned()
        .collect();
    if w.calls.is_empty() {
        let purpose = l.purpose.trim_end_matches('.');
        // Background work that calls once, and says nothing of what the call does, is not
        // known to write: only stated writes are held against a redelivery.
        if (purpose.is_empty() && w.attempts < 2) || crate::derive::link_style::reads(purpose) {
            return false;
        }
        w.calls.push(if purpose.is_empty() {
            "its calls".to_owned()
        } else {
            purpose.to_owned()
        });
    }
    let external = w.external_index.map(|x| &model.externals[x]);
    w.header = external.and_then(|x| x.idempotency_header.clone());
    w.conditional = external.and_then(|x| x.idempotency_scheme)
        == Some(crate::model::IdempotencyScheme::ConditionalCreate);
    if w.header.is_none() {
        w.unkeyed = w.calls.clone();
    }
    true
}

/// The writes of the called service's API a retried call may make, into `w`; false when the
/// flows show it only reads, or its API has no writes.
fn service_write(view: &View, l: &LinkView, steps: &[&StepView], w: &mut RetriedWrite) -> bool {
    let Some(callee) = view.services.iter().find(|s| s.node.name == l.to.name) else {
        return false;
    };
    let api = &callee.api;
    let reads: Vec<String> = api
        .resources
        .iter()
        .flat_map(|r| &r.operations)
        .filter(|o| matches!(o.kind.as_str(), "get" | "list"))
        .map(|o| o.rpc.clone())
        .collect();
    if !steps.is_empty() && steps.iter().all(|s| is_read(&s.action, &reads)) {
        return false;
    }
    for r in &api.resources {
        let writes = r
            .operations
            .iter()
            .filter(|o| matches!(o.kind.as_str(), "create" | "update"))
            .map(|o| (o.method.as_str(), &o.path, &o.rpc, &o.operation_id));
        let actions = r
            .actions
            .iter()
            .map(|a| ("post", &a.path, &a.rpc, &a.operation_id));
        for (method, path, rpc, field) in writes.chain(actions) {
            let (shown, keyed) = match api.style.as_str() {
                "grpc" => (rpc.clone(), false),
                // A retried GraphQL API takes the key on every mutation.
                "graphql" => (format!("mutation {field}"), true),
                _ => (format!("{} {path}", method.to_uppercase()), true),
            };
            if !keyed {
                w.unkeyed.push(shown.clone());
            }
            w.calls.push(shown);
        }
    }
    if w.calls.is_empty() {
        return false;
    }
    if w.unkeyed.len() < w.calls.len() {
        w.header = Some(view.resilience.idempotency_header.clone());
        w.retention_hours = Some(view.resilience.idempotency_retention_hours);
    }
    true
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_dead_letter_replayed_after_the_key_is_gone_is_told_for_background_writes() {
        let yaml = include_str!("../../examples/order-management/archgen.yaml");
        let view = crate::view::built(yaml);
        let writes = &view.resilience.retried_writes;
        let stripe = writes.iter().find(|w| w.callee == "Stripe").unwrap();
        // Stripe's key lasts as long as Stripe says; the dead letter waits 7 days.
        assert_eq!(stripe.replay_hours, Some(168));
        let light = yaml.replace("event_retention_days: 7", "event_retention_days: 1");
        let view = crate::view::built(&light);
        let stripe = (view.resilience.retried_writes.iter())
            .find(|w| w.callee == "Stripe")
            .unwrap();
        assert_eq!(stripe.replay_hours, Some(24));
        // A request's call is not replayed from a dead-letter queue.
        assert!(
            writes
                .iter()
                .filter(|w| !w.background)
                .all(|w| w.replay_hours.is_none())
        );
    }
}
