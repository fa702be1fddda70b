//! What the call policies and retry schedules assumed where the model is silent.

use super::{BULKHEAD_WITHOUT_LOAD, CallPolicy, P999_OVER_P99};
use crate::derive::graph::Graph;
use crate::derive::{Assumption, callee_latency};

/// The assumptions behind `calls`; `latency` lists the callees whose latency was assumed.
pub(super) fn assumptions(
    graph: &Graph,
    latency: &[String],
    calls: &[CallPolicy],
    stores: &[super::StoreCall],
) -> Vec<Assumption> {
    let m = graph.model;
    let mut out = Vec::new();
    let guessed = super::stores::assumed(stores);
    if !guessed.is_empty() {
        out.push(Assumption::new(
            "resilience.store-latency",
            guessed.join("; "),
            "these stores state no latency of their own: a keyed read on an in-memory store is taken to answer within 2 ms at p99, a rate limit service asked over gRPC 5 ms, a managed key-value table 10 ms, and an indexed query on a database 20 ms; the load test measures them",
            "their timeouts on the request path (the p99 times the factor of the tail each sits at), and whether each fits what its service's callers wait for it after its own calls",
            "services[].data[].latency_p99_ms, or performance.caches[].latency_p99_ms",
        ));
    }
    if !latency.is_empty() {
        let each: Vec<String> = latency
            .iter()
            .map(|n| {
                let l = callee_latency::derive(graph, n);
                let d = crate::text::numbers::duration(f64::from(l.ms));
                match (l.bound_by, l.bound_kind) {
                    (Some(by), Some("timeout")) => format!("{n} {d} (the timeout {by} states)"),
                    (Some(by), _) => format!("{n} {d} ({by}'s p99 budget)"),
                    _ => format!("{n} {d} (the system's p99)"),
                }
            })
            .collect();
        out.push(Assumption::new(
            "resilience.callee-latency",
            each.join("; "),
            "these callees state no latency target of their own: one that callers reach inside their own requests is taken to use the whole of the tightest budget or timeout its callers state (the longest it may take, never a share of it); one only clients call, the system's p99",
            "the timeout of every call to them (one attempt where a retry would not fit the caller's budget), their callers' worst case and bulkheads, and the handler time and lanes of consumers that call them",
            "services[].slo.latency_p99_ms, or externals[].latency_p99_ms",
        ));
    }
    if calls
        .iter()
        .any(|p| p.timeout_from != "model" && p.timeout_from != "stream")
    {
        out.push(Assumption::new(
            "resilience.p999-over-p99",
            format!("each nine of a callee's latency past its p99 is {P999_OVER_P99} times the one before (its p99.9 is {P999_OVER_P99} times its p99, its p99.99 {} times)", P999_OVER_P99 * P999_OVER_P99),
            "a timeout a further attempt follows should cut off about one call in a thousand, one made once no more than a tenth of its callee's error budget, and the model states p99 latencies only",
            "every derived timeout",
            "resilience.timeout_ms, or a link's resilience.timeout_ms",
        ));
    }
    out.extend(retry_waits(m, calls));
    out.extend(client_network(m, calls));
    let c = &m.resilience.consumers;
    let consumed = m.services.iter().any(|s| !s.consumes.is_empty());
    if consumed && (c.max_attempts.is_none() || c.initial_ms.is_none() || c.max_ms.is_none()) {
        out.push(Assumption::new(
            "resilience.consumer-retries",
            "5 deliveries, waits from 1 s doubling to at most 1 min, then the dead-letter queue"
                .into(),
            "the model states no consumer retry schedule",
            "event consumers and the background calls they make",
            "resilience.consumers",
        ));
    }
    if calls.iter().any(|p| p.stream) && m.resilience.streams.is_empty() {
        out.push(Assumption::new(
            "resilience.stream-heartbeat",
            "a heartbeat every 30 s, reconnects from 1 s to 30 s with full jitter".into(),
            "the model states no stream settings",
            "every WebSocket and SSE connection",
            "resilience.streams",
        ));
    }
    if m.requirements.scale.peak_rps.is_none() && !calls.is_empty() {
        out.push(Assumption::new(
            "resilience.bulkhead-without-load",
            format!("{BULKHEAD_WITHOUT_LOAD} concurrent calls per replica"),
            "without a peak load Little's law has no rate to work with",
            "every bulkhead",
            "requirements.scale.peak_rps",
        ));
    }
    out
}

/// What each client's timeout allows for its own network, when some call counts it.
fn client_network(m: &crate::model::Model, calls: &[CallPolicy]) -> Option<Assumption> {
    if !calls.iter().any(|p| p.network_ms > 0) {
        return None;
    }
    let each: Vec<String> = m
        .clients
        .iter()
        .map(|c| {
            let ms = super::calls::network_allowance(m, &c.name);
            format!(
                "{} {}",
                c.name,
                crate::text::numbers::duration(f64::from(ms))
            )
        })
        .collect();
    Some(Assumption::new(
        "resilience.client-network",
        format!(
            "each client's timeout allows for its own network beyond the system's time: {} (a phone or device 2 s, a browser or a partner's backend 1 s)",
            crate::text::english::and_list(&each)
        ),
        "a client waits through its own round trips and TLS handshake as well as the system; the model states no client timeout",
        "the clients' timeouts and worst cases",
        "communication.links[].resilience.timeout_ms on each client's link",
    ))
}

/// The waits between a retried call's attempts, where the model states none.
fn retry_waits(m: &crate::model::Model, calls: &[CallPolicy]) -> Option<Assumption> {
    let r = &m.resilience.retries;
    if !calls.iter().any(|p| p.attempts > 1) || (r.initial_ms.is_some() && r.max_ms.is_some()) {
        return None;
    }
    let p = crate::defaults::retry(m);
    let d = |ms: u32| crate::text::numbers::duration(f64::from(ms));
    Some(Assumption::new(
        "resilience.retry-waits",
        format!(
            "waits between attempts from {}, at most {}",
            d(p.initial_ms),
            d(p.max_ms)
        ),
        "the model states no retry waits: the first is a tenth of the system's p99 latency (between 10 ms and 100 ms), the longest 1 s, or the first where that is longer",
        "the waits of every retried call, and so its caller's worst case and what its deadline leaves",
        "resilience.retries",
    ))
}
