//! Step 5: build in resilience: timeouts from the latency budget, retries with backoff and
//! jitter, circuit breakers, bulkheads, idempotency, health checks, and per-link overrides.

use super::prelude::*;
use crate::defaults;
use crate::model::{
    Backoff, CircuitBreaker, External, IdempotencyScheme, Jitter, LinkResilience, LinkStyle, Retry,
    WhileOpen,
};

/// Whether a link reaches a WebSocket or SSE API: the model has long-lived streams to keep.
fn streams(m: &Model) -> bool {
    use crate::model::ApiStyle::{Sse, Websocket};
    m.communication.links.iter().any(|l| {
        (m.services.iter()).any(|s| s.name == l.to && matches!(s.api.style, Some(Websocket | Sse)))
    })
}

fn is_sync(m: &Model, at: &At) -> bool {
    super::s04_communication::style(m, &m.communication.links[at[0]]) == LinkStyle::Sync
}

// long: one step's question table, a declaration of a few lines per question
pub(super) fn step() -> Step {
    Step {
        number: 5,
        key: "resilience",
        title: "Resilience",
        why: "timeouts, retries and circuit breakers turn a slow dependency into a fast, \
              contained error",
        nodes: nodes![derived(
            "resilience.defaults",
            nodes![
                text(
                    "timeout_ms",
                    "Request timeout for synchronous calls, in milliseconds?"
                )
                .help(
                    "Derived from the p99 budget so a call with all its retries still fits \
                        it."
                )
                .value(lens!(|m, _| m.resilience.timeout_ms))
                .derived(|m, _| Some(defaults::timeout_ms(m)))
                .check(range(1, 600_000)),
                text("max_attempts", "Attempts per call, including the first?")
                    .help(
                        "Three rides out a dropped connection; more multiplies load on a \
                             struggling \
                             dependency.",
                    )
                    .value(lens!(|m, _| m.resilience.retries.max_attempts))
                    .derived(|_, _| Some(defaults::MAX_ATTEMPTS))
                    .check(range(1, 10)),
                choice("backoff", "How does the wait between retries grow?")
                    .help("Exponential backoff gives a failing dependency room to recover.")
                    .value(lens!(|m, _| m.resilience.retries.backoff))
                    .derived(|_, _| Some(Backoff::Exponential))
                    .when(|m, _| defaults::retry(m).max_attempts > 1),
                choice("jitter", "Randomise the waits (jitter)?")
                    .help(
                        "Full jitter keeps clients that failed together from retrying \
                            together."
                    )
                    .value(lens!(|m, _| m.resilience.retries.jitter))
                    .derived(|_, _| Some(Jitter::Full))
                    .when(|m, _| defaults::retry(m).max_attempts > 1),
                text(
                    "retry_budget_percent",
                    "Most retries per caller, as a percent of its calls (retry budget)?"
                )
                .help(
                    "A budget stops retries multiplying the load on a dependency that is \
                     already failing: past it, a caller fails instead of retrying."
                )
                .value(lens!(|m, _| m.resilience.retry_budget_percent))
                .derived(|_, _| Some(crate::view::retry_budget::DEFAULT_PERCENT))
                .check(range(1, 100))
                .when(|m, _| defaults::retry(m).max_attempts > 1),
                text(
                    "failure_rate",
                    "Failure rate (percent) that opens a circuit breaker?"
                )
                .help(
                    "While open, callers fail in microseconds and the dependency gets time to \
                             recover.",
                )
                .value(lens!(|m, _| m.resilience.circuit_breaker.failure_rate))
                .derived(|_, _| Some(50))
                .check(range(1, 100)),
                text(
                    "open_seconds",
                    "Seconds a breaker stays open before trial calls?"
                )
                .help("Long enough for a restart or failover to finish.")
                .value(lens!(|m, _| m.resilience.circuit_breaker.open_seconds))
                .derived(|_, _| Some(30))
                .check(range(1, 3600)),
                text(
                    "bulkhead",
                    "Concurrent calls allowed per dependency (bulkhead)?"
                )
                .help(
                    "Derived with Little's law from the peak load and the timeout; a slow \
                             dependency holds at most this many workers.",
                )
                .value(lens!(|m, _| m.resilience.bulkhead))
                .derived(|m, _| Some(defaults::bulkhead(m, defaults::timeout_ms(m))))
                .check(range(1, 100_000)),
                text(
                    "idempotency_header",
                    "Header that carries idempotency keys on creates?"
                )
                .help(
                    "A retried create with the same key returns the first result instead of a \
                             duplicate.",
                )
                .value(lens!(|m, _| m.resilience.idempotency.header))
                .derived(|_, _| Some("Idempotency-Key".into()))
                .check(|m, at, v: &Option<String>| required(m, at, &v.clone().unwrap_or_default())),
                confirm(
                    "load_shedding",
                    "Shed load (reject early with 503) when an instance is saturated?"
                )
                .help("Failing fast keeps latency bounded for the requests it accepts.")
                .value(lens!(|m, _| m.resilience.load_shedding).unless(true)),
                // The stream defaults are the resilience derivation's (`resilience.streams`).
                text(
                    "stream_heartbeat",
                    "Seconds between heartbeats on an idle stream (WebSocket, SSE)?"
                )
                .help(
                    "A side that hears nothing for three heartbeats (the idle timeout) drops \
                     the connection, and the client reconnects."
                )
                .value(lens!(|m, _| m.resilience.streams.heartbeat_seconds))
                .derived(|_, _| Some(30))
                .check(range(1, 3600))
                .when(|m, _| streams(m)),
                text(
                    "stream_reconnect_initial",
                    "First wait before a stream client reconnects, in milliseconds?"
                )
                .help("Waits double from here, with full jitter, so clients spread out.")
                .value(lens!(|m, _| m.resilience.streams.reconnect_initial_ms))
                .derived(|_, _| Some(1000))
                .check(range(1, 600_000))
                .when(|m, _| streams(m)),
                text(
                    "stream_reconnect_max",
                    "Longest wait between stream reconnects, in milliseconds?"
                )
                .help("Caps the doubling: a client is back this long after a longer outage.")
                .value(lens!(|m, _| m.resilience.streams.reconnect_max_ms))
                .derived(|_, _| Some(30_000))
                .check(range(1, 3_600_000))
                .when(|m, _| streams(m)),
                each(
                    "link_overrides",
                    |m, _| m.communication.links.len(),
                    |m, at| {
                        let l = &m.communication.links[at[0]];
                        is_sync(m, at).then(|| format!("Link {} -> {}", l.from, l.to))
                    }
                )
                .ask(link_override()),
                each(
                    "delivery_overrides",
                    |m, _| m.communication.links.len(),
                    |m, at| {
                        let l = &m.communication.links[at[0]];
                        (super::s05_delivery::consumed(m, at))
                            .then(|| format!("Messages {} -> {}", l.from, l.to))
                    }
                )
                .ask(super::s05_delivery::questions()),
            ],
        ),],
    }
}

// long: one step's question table, a declaration of a few lines per question
fn link_override() -> Vec<crate::interview::flow::Node> {
    nodes![
        confirm(
            "links.override",
            "Does this link need its own timeout, retries or fallback?"
        )
        .help("External providers and slow dependencies usually do.")
        .value(Lens::new(
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
        text(
            "links.timeout_ms",
            "Timeout for this link, in milliseconds?"
        )
        .help(
            "Slower providers need more; the link's worst case is checked against the p99 \
                 budget.",
        )
        .value(Lens::new(
            |m, at| over(m, at).and_then(|r| r.timeout_ms),
            |m, at, v| over_mut(m, at).timeout_ms = v,
        ))
        .derived(|m, _| Some(defaults::timeout_ms(m)))
        .check(range(1, 600_000))
        .when(|m, at| over(m, at).is_some()),
        text("links.max_attempts", "Attempts for this link?")
            .help("Use 1 for calls that are not idempotent.")
            .value(Lens::new(
                |m, at| over(m, at)
                    .and_then(|r| r.retries.as_ref())
                    .and_then(|r| r.max_attempts),
                |m, at, v| {
                    // The attempts change; the link's backoff and jitter stay.
                    let r = &mut over_mut(m, at).retries;
                    r.get_or_insert_with(Retry::default).max_attempts = v;
                    if r.as_ref().is_some_and(|r| *r == Retry::default()) {
                        *r = None;
                    }
                },
            ))
            .derived(|m, _| Some(defaults::retry(m).max_attempts))
            .check(range(1, 10))
            .when(|m, at| over(m, at).is_some()),
        text(
            "links.failure_rate",
            "Failure rate (percent) that opens this link's breaker?"
        )
        .help("Lower for a dependency whose failures are expensive.")
        .value(Lens::new(
            |m, at| {
                let breaker = over(m, at).and_then(|r| r.circuit_breaker.as_ref());
                breaker.and_then(|c| c.failure_rate)
            },
            |m, at, v| {
                // The rate changes; the breaker's other settings stay.
                let c = &mut over_mut(m, at).circuit_breaker;
                c.get_or_insert_with(CircuitBreaker::default).failure_rate = v;
                if c.as_ref().is_some_and(|c| *c == CircuitBreaker::default()) {
                    *c = None;
                }
            },
        ))
        .derived(|m, _| Some(m.resilience.circuit_breaker.failure_rate.unwrap_or(50)))
        .check(range(1, 100))
        .when(|m, at| over(m, at).is_some()),
        text(
            "links.fallback",
            "What does the caller do when it fails or the circuit is open?"
        )
        .help("Graceful degradation, e.g. `serve the cached price` or `queue it and retry`.",)
        .value(Lens::new(
            |m, at| over(m, at).map(|r| r.fallback.clone()).unwrap_or_default(),
            |m, at, v| over_mut(m, at).fallback = v,
        ))
        .when(|m, at| over(m, at).is_some()),
        text(
            "links.idempotency_header",
            "The header the callee takes an idempotency key in? (empty if none)"
        )
        .help("e.g. Stripe's `Idempotency-Key`: a retried write that sends one acts once.")
        .value(Lens::new(
            |m, at| callee(m, at).and_then(|e| e.idempotency_header.clone()),
            |m, at, v| {
                if let Some(e) = callee_mut(m, at) {
                    e.idempotency_header = v
                }
            },
        ))
        .when(|m, at| over(m, at).is_some() && callee(m, at).is_some()),
        choice::<IdempotencyScheme>("links.idempotency_scheme", "What does that header carry?")
            .help("FHIR's `If-None-Exist` is a conditional create, not a key it remembers.")
            .value(Lens::new(
                |m, at| callee(m, at).and_then(|e| e.idempotency_scheme),
                |m, at, v| {
                    if let Some(e) = callee_mut(m, at) {
                        e.idempotency_scheme = v.filter(|s| *s != IdempotencyScheme::Key)
                    }
                },
            ))
            .when(|m, at| {
                over(m, at).is_some()
                    && callee(m, at).is_some_and(|e| e.idempotency_header.is_some())
            }),
        text(
            "links.rate_limit_rps",
            "Most calls a second the caller may send, all replicas together? (empty for no limit)"
        )
        .help(
            "A client-side token bucket below the provider's own limit: calls over it wait for a \
             token instead of being refused with 429.",
        )
        .value(Lens::new(
            |m, at| over(m, at).and_then(|r| r.rate_limit_rps),
            |m, at, v| over_mut(m, at).rate_limit_rps = v,
        ))
        .check(positive)
        .when(|m, at| over(m, at).is_some() && callee(m, at).is_some()),
        choice::<WhileOpen>(
            "links.while_open",
            "While the circuit is open, what do the consumer's messages do?"
        )
        .help(
            "Pausing keeps an outage from spending their deliveries and filling the dead-letter \
             queue.",
        )
        .value(Lens::new(
            |m, at| over(m, at).and_then(|r| r.while_open),
            |m, at, v| over_mut(m, at).while_open = v.filter(|w| *w != WhileOpen::Fail),
        ))
        .when(|m, at| over(m, at).is_some() && m.communication.links[at[0]].background),
    ]
}

/// The external system the link calls, if it calls one.
fn callee<'a>(m: &'a Model, at: &At) -> Option<&'a External> {
    let to = &m.communication.links[at[0]].to;
    m.externals.iter().find(|e| &e.name == to)
}

fn callee_mut<'a>(m: &'a mut Model, at: &At) -> Option<&'a mut External> {
    let to = m.communication.links[at[0]].to.clone();
    m.externals.iter_mut().find(|e| e.name == to)
}

fn over<'a>(m: &'a Model, at: &At) -> Option<&'a LinkResilience> {
    m.communication.links[at[0]].resilience.as_ref()
}

fn over_mut<'a>(m: &'a mut Model, at: &At) -> &'a mut LinkResilience {
    m.communication.links[at[0]]
        .resilience
        .get_or_insert_with(LinkResilience::default)
}
