//! Step 5: build in resilience: timeouts from the latency budget, retries with backoff and
//! jitter, circuit breakers, bulkheads, idempotency, health checks, and per-link overrides.

use super::{Step, each};
use crate::defaults;
use crate::interview::ask::{At, choice, confirm, number, text};
use crate::interview::flow::Node;
use crate::model::{Backoff, CircuitBreaker, Jitter, LinkResilience, LinkStyle, Model, Retry};
use crate::validate::fields;

/// Keeps a number only when it differs from the derived default, so the model says what was
/// decided and the documents can say what was derived.
fn unless_default<T: PartialEq>(v: Option<T>, derived: T) -> Option<T> {
    v.filter(|v| *v != derived)
}

fn is_sync(m: &Model, at: &At) -> bool {
    let l = &m.communication.links[at[0]];
    let to_broker = m.communication.brokers.iter().any(|b| b.name == l.to);
    match l.style {
        Some(s) => s == LinkStyle::Sync,
        None => l.events.is_empty() && l.broker.is_none() && !to_broker,
    }
}

pub(super) fn step() -> Step {
    Step {
        number: 5,
        key: "resilience",
        title: "Resilience",
        why: "timeouts, retries and circuit breakers turn a slow dependency into a fast, contained error",
        nodes: vec![
            Node::Ask(number::<u32>(
                "timeout_ms",
                "Request timeout for synchronous calls, in milliseconds?",
                "Derived from the p99 budget so a call with all its retries still fits it.",
                |m, _| m.resilience.timeout_ms,
                |m, _, v| {
                    let mut derived = m.clone();
                    derived.resilience.timeout_ms = None;
                    m.resilience.timeout_ms = unless_default(v, defaults::timeout_ms(&derived));
                },
                |m, _| Some(defaults::timeout_ms(m)),
                |v| fields::within(v, 1, 600_000),
            )),
            Node::Ask(number::<u32>(
                "max_attempts",
                "Attempts per call, including the first?",
                "Three rides out a dropped connection; more multiplies load on a struggling dependency.",
                |m, _| m.resilience.retries.max_attempts,
                |m, _, v| m.resilience.retries.max_attempts = unless_default(v, defaults::MAX_ATTEMPTS),
                |_, _| Some(defaults::MAX_ATTEMPTS),
                |v| fields::within(v, 1, 10),
            )),
            Node::Ask(
                choice(
                    "backoff",
                    "How does the wait between retries grow?",
                    "Exponential backoff gives a failing dependency room to recover.",
                    |m, _| m.resilience.retries.backoff,
                    |m, _, v| m.resilience.retries.backoff = (v != Backoff::Exponential).then_some(v),
                    |_, _| Backoff::Exponential,
                )
                .when(|m, _| defaults::retry(m).max_attempts > 1),
            ),
            Node::Ask(
                choice(
                    "jitter",
                    "Randomise the waits (jitter)?",
                    "Full jitter keeps clients that failed together from retrying together.",
                    |m, _| m.resilience.retries.jitter,
                    |m, _, v| m.resilience.retries.jitter = (v != Jitter::Full).then_some(v),
                    |_, _| Jitter::Full,
                )
                .when(|m, _| defaults::retry(m).max_attempts > 1),
            ),
            Node::Ask(number::<u32>(
                "failure_rate",
                "Failure rate (percent) that opens a circuit breaker?",
                "While open, callers fail in microseconds and the dependency gets time to recover.",
                |m, _| m.resilience.circuit_breaker.failure_rate,
                |m, _, v| m.resilience.circuit_breaker.failure_rate = unless_default(v, 50),
                |_, _| Some(50),
                |v| fields::within(v, 1, 100),
            )),
            Node::Ask(number::<u32>(
                "open_seconds",
                "Seconds a breaker stays open before trial calls?",
                "Long enough for a restart or failover to finish.",
                |m, _| m.resilience.circuit_breaker.open_seconds,
                |m, _, v| m.resilience.circuit_breaker.open_seconds = unless_default(v, 30),
                |_, _| Some(30),
                |v| fields::within(v, 1, 3600),
            )),
            Node::Ask(number::<u32>(
                "bulkhead",
                "Concurrent calls allowed per dependency (bulkhead)?",
                "Derived with Little's law from the peak load and the timeout; a slow dependency holds at most this many workers.",
                |m, _| m.resilience.bulkhead,
                |m, _, v| {
                    let derived = defaults::bulkhead(&clear_bulkhead(m), defaults::timeout_ms(m));
                    m.resilience.bulkhead = unless_default(v, derived);
                },
                |m, _| Some(defaults::bulkhead(m, defaults::timeout_ms(m))),
                |v| fields::within(v, 1, 100_000),
            )),
            Node::Ask(text(
                "idempotency_header",
                "Header that carries idempotency keys on creates?",
                "A retried create with the same key returns the first result instead of a duplicate.",
                |m, _| m.resilience.idempotency.header.clone().unwrap_or_default(),
                |m, _, v| m.resilience.idempotency.header = (v != "Idempotency-Key").then_some(v),
                |_, _| "Idempotency-Key".into(),
                crate::interview::ask::required,
            )),
            Node::Ask(confirm(
                "load_shedding",
                "Shed load (reject early with 503) when an instance is saturated?",
                "Failing fast keeps latency bounded for the requests it accepts.",
                |m, _| m.resilience.load_shedding.unwrap_or(true),
                |m, _, v| m.resilience.load_shedding = (!v).then_some(false),
            )),
            Node::Each(each(
                "link_overrides",
                |m, _| m.communication.links.len(),
                |m, at| {
                    let l = &m.communication.links[at[0]];
                    is_sync(m, at).then(|| format!("Link {} -> {}", l.from, l.to))
                },
                vec![
                    Node::Ask(confirm(
                        "links.override",
                        "Does this link need its own timeout, retries or fallback?",
                        "External providers and slow dependencies usually do.",
                        |m, at| m.communication.links[at[0]].resilience.is_some(),
                        |m, at, v| {
                            let r = &mut m.communication.links[at[0]].resilience;
                            if !v {
                                *r = None;
                            } else if r.is_none() {
                                *r = Some(LinkResilience::default());
                            }
                        },
                    )),
                    Node::Ask(
                        number::<u32>(
                            "links.timeout_ms",
                            "Timeout for this link, in milliseconds?",
                            "Slower providers need more; the link's worst case is checked against the p99 budget.",
                            |m, at| over(m, at).and_then(|r| r.timeout_ms),
                            |m, at, v| over_mut(m, at).timeout_ms = unless_default(v, defaults::timeout_ms(m)),
                            |m, _| Some(defaults::timeout_ms(m)),
                            |v| fields::within(v, 1, 600_000),
                        )
                        .when(|m, at| over(m, at).is_some()),
                    ),
                    Node::Ask(
                        number::<u32>(
                            "links.max_attempts",
                            "Attempts for this link?",
                            "Use 1 for calls that are not idempotent.",
                            |m, at| over(m, at).and_then(|r| r.retries.as_ref()).and_then(|r| r.max_attempts),
                            |m, at, v| {
                                let keep = unless_default(v, defaults::retry(m).max_attempts);
                                over_mut(m, at).retries = keep.map(|n| Retry { max_attempts: Some(n), ..Retry::default() });
                            },
                            |m, _| Some(defaults::retry(m).max_attempts),
                            |v| fields::within(v, 1, 10),
                        )
                        .when(|m, at| over(m, at).is_some()),
                    ),
                    Node::Ask(
                        number::<u32>(
                            "links.failure_rate",
                            "Failure rate (percent) that opens this link's breaker?",
                            "Lower for a dependency whose failures are expensive.",
                            |m, at| over(m, at).and_then(|r| r.circuit_breaker.as_ref()).and_then(|c| c.failure_rate),
                            |m, at, v| {
                                let base = m.resilience.circuit_breaker.failure_rate.unwrap_or(50);
                                over_mut(m, at).circuit_breaker = unless_default(v, base).map(|r| CircuitBreaker { failure_rate: Some(r), ..CircuitBreaker::default() });
                            },
                            |m, _| Some(m.resilience.circuit_breaker.failure_rate.unwrap_or(50)),
                            |v| fields::within(v, 1, 100),
                        )
                        .when(|m, at| over(m, at).is_some()),
                    ),
                    Node::Ask(
                        text(
                            "links.fallback",
                            "What does the caller do when it fails or the circuit is open?",
                            "Graceful degradation, e.g. `serve the cached price` or `queue it and retry`.",
                            |m, at| over(m, at).map(|r| r.fallback.clone()).unwrap_or_default(),
                            |m, at, v| over_mut(m, at).fallback = v,
                            |_, _| String::new(),
                            crate::interview::ask::any,
                        )
                        .when(|m, at| over(m, at).is_some()),
                    ),
                ],
            )),
        ],
    }
}

fn over<'a>(m: &'a Model, at: &At) -> Option<&'a LinkResilience> {
    m.communication.links[at[0]].resilience.as_ref()
}

fn over_mut<'a>(m: &'a mut Model, at: &At) -> &'a mut LinkResilience {
    m.communication.links[at[0]]
        .resilience
        .get_or_insert_with(LinkResilience::default)
}

fn clear_bulkhead(m: &Model) -> Model {
    let mut c = m.clone();
    c.resilience.bulkhead = None;
    c
}
