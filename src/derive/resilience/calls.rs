//! Each synchronous call's policy: the timeout from the callee's latency (and its own calls'
//! worst case), the attempts from the one layer that retries, the connection timeout within
//! the request timeout, the bulkhead from Little's law per caller replica, and a fallback that
//! fits the caller.

use super::BULKHEAD_WITHOUT_LOAD;
use crate::defaults::{RetryPolicy, timeout_tail};
use crate::defaults::{burst_bulkhead, burst_in_flight};
use crate::derive::callee_latency;
use crate::derive::capacity::Capacity;
use crate::derive::ceil_to;
use crate::derive::graph::{Call, Graph};
use crate::model::{LinkResilience, Model, RetryLayer};
use serde::Serialize;
use std::collections::HashMap;

/// Longest derived connection timeout, in milliseconds.
pub const CONNECT_CAP_MS: u32 = 500;

/// One call's settings, each with where it came from.
#[derive(Debug, Clone, Serialize)]
pub struct CallPolicy {
    /// The callee's p99 latency the timeout starts from.
    pub callee_latency_ms: u32,
    /// `slo` (the callee's own target), `external` (an external's stated p99), `callers` (the
    /// tightest timeout or budget its callers state), `routes` (a gateway's slowest route plus
    /// its hop), `system` (the system's p99) or `default` (none).
    pub callee_latency_from: String,
    /// For `callers`: the caller whose timeout or budget bounds the callee; for `routes`, the
    /// gateway's slowest route.
    pub callee_latency_by: Option<String>,
    /// For `routes`: the p99 the gateway's own hop adds to its slowest route.
    pub callee_hop_ms: Option<u32>,
    /// For `callers`: `timeout` (that caller's stated timeout) or `budget` (its p99 target).
    pub callee_latency_bound: Option<String>,
    /// The callee's own worst case: every request-path call it makes, with all attempts.
    pub callee_worst_ms: u64,
    /// The percentile of the callee's latency a derived timeout sits at, in nines (3 for the
    /// p99.9), and the callee's p99 times what gives it ([`crate::defaults::timeout_tail`]).
    pub tail: crate::defaults::Tail,
    /// The availability objective whose error budget the calls a timeout cuts off spend: the
    /// callee's own, else its caller's, else the system's.
    pub tail_availability: f64,
    /// Request timeout per attempt.
    pub timeout_ms: u32,
    /// `model`, `callee` (its latency), `callee-calls` (its own calls' worst case),
    /// `callers` (a callee with no target of its own: the whole of its tightest caller's
    /// budget or stated timeout) or `stream` (no request timeout).
    pub timeout_from: String,
    /// What a client's timeout adds for the network between it and the system (its round
    /// trips and TLS handshake): 0 between our own components.
    pub network_ms: u32,
    /// Connection timeout.
    pub connect_timeout_ms: u32,
    /// `model` or `derived`.
    pub connect_from: String,
    /// Attempts, the first included.
    pub attempts: u32,
    /// `model`, `retry-layer` (this call is the layer that retries), `caller-budget` (it would,
    /// but no retry fits the caller's budget), `other-layer`,
    /// `client` (people retry, apps do not), `background` (the consumer redelivers) or
    /// `stream`.
    pub attempts_from: String,
    /// The retry waits before jitter.
    pub waits: Vec<u32>,
    /// Attempts × timeout plus the waits.
    pub worst_case_ms: u64,
    /// The caller's own p99 latency target, when it answers requests: the worst case
    /// should fit it.
    pub caller_budget_ms: Option<u32>,
    /// Calls per second at peak.
    pub rate_rps: f64,
    /// The link's client-side limit (`resilience.rate_limit_rps`) where it is below
    /// `rate_rps`: no more calls than it lets through are in flight, so the bulkhead is sized
    /// from it.
    pub limited_rps: Option<f64>,
    /// Replicas of the caller sharing them: one for a client, and for a call the polling
    /// outbox relay makes (see `by_relay`).
    pub caller_replicas: u32,
    /// Whether the caller's polling outbox relay makes the call, on the one replica holding
    /// its lock ([`crate::derive::graph::Graph::by_relay`]).
    pub by_relay: bool,
    /// Whether a polling outbox relay makes the call, the events' own or one of its own
    /// ([`crate::derive::graph::Graph::from_outbox`]).
    pub from_outbox: bool,
    /// Calls in flight per caller replica on average at peak if every call ran to its
    /// timeout (Little's law).
    pub in_flight: f64,
    /// Calls in flight per caller replica that a burst at peak reaches: the Poisson 99.9th
    /// percentile of `in_flight`, `in_flight + 3·√in_flight` rounded up.
    pub bulkhead_need: u32,
    /// Concurrent calls allowed per caller replica.
    pub bulkhead: u32,
    /// `model`, `derived` (Little's law), `partitions` (a consumer's background call capped
    /// at the partitions a replica holds: see `consumed_partitions`) or `default` (no load
    /// known).
    pub bulkhead_from: String,
    /// For a consumer's background call: the partitions of the topics it consumes, all
    /// partitioned; one message at a time each.
    pub consumed_partitions: Option<u32>,
    /// `model` (its own fallback), `client-retry`, `fail-fast` (`503` and a problem detail),
    /// `redeliver` (the message goes back to its queue) or `next-run` (a job's next run takes
    /// what this one left).
    pub fallback_kind: String,
    /// Made from background work.
    pub background: bool,
    /// Made by a scheduled job alone (`performance.jobs[].calls`), not per message.
    pub by_job: bool,
    /// The part of `rate_rps` a job makes, whether or not handlers make the call too.
    pub job: Option<crate::derive::capacity::JobShare>,
    /// A long-lived stream.
    pub stream: bool,
    /// For a consumer's background call: the events whose handling makes it, in the order it
    /// consumes them ([`crate::derive::handlers::events_making`]).
    pub events: Vec<String>,
}

/// A call's bulkhead: the calls in flight per caller replica by Little's law, sized for bursts.
struct Bulkhead {
    rate: f64,
    limited: Option<f64>,
    replicas: u32,
    in_flight: f64,
    need: u32,
    size: u32,
    from: &'static str,
}

/// Works out call policies on demand, each once, a callee's before its callers'.
pub(super) struct Solver<'g, 'm> {
    pub(super) graph: &'g Graph<'m>,
    pub(super) capacity: &'g Capacity,
    pub(super) retry: RetryPolicy,
    pub(super) layer: RetryLayer,
    /// Worst case of each node's request-path calls, once worked out.
    pub(super) worst: HashMap<String, u64>,
    pub(super) calls: Vec<Option<CallPolicy>>,
    /// Callees whose latency was assumed, in the order first met.
    pub(super) latency_assumed: Vec<String>,
}

impl Solver<'_, '_> {
    /// The caller's p99 budget, for a call made while answering a request.
    fn caller_budget(&self, c: &Call) -> Option<u32> {
        callee_latency::caller_budget(self.graph, c)
    }

    /// The worst case of everything `node` calls while answering one request.
    fn node_worst(&mut self, node: &str, depth: usize) -> u64 {
        if let Some(w) = self.worst.get(node) {
            return *w;
        }
        // A cycle counts once; validation reports it.
        self.worst.insert(node.to_owned(), 0);
        let outs: Vec<usize> = self.graph.request_calls(node).map(|(i, _)| i).collect();
        let gateway = self.graph.kind(node) == "gateway";
        let mut total = 0u64;
        for i in outs {
            let w = self.call(i, depth + 1).worst_case_ms;
            // A gateway sends each request one way; anything else may make every call.
            total = if gateway { total.max(w) } else { total + w };
        }
        self.worst.insert(node.to_owned(), total);
        total
    }

    /// Call `i`'s attempts and why: the link's, else one unless it is the layer that retries.
    fn attempts(&self, i: usize) -> (u32, &'static str) {
        let g = self.graph;
        let c = &g.calls[i];
        let link = &g.model.communication.links[c.link];
        if let Some(n) = link
            .resilience
            .as_ref()
            .and_then(|r| r.retries.as_ref()?.max_attempts)
        {
            return (n, "model");
        }
        if c.stream {
            return (1, "stream");
        }
        if g.kind(&c.from) == "client" {
            return (1, "client");
        }
        if c.by_job {
            return (self.retry.max_attempts, "job");
        }
        if c.background {
            return (1, "background");
        }
        let retries_here = match self.layer {
            RetryLayer::Closest => !retried_below(g, &c.to, 0),
            RetryLayer::Edge => g.is_edge(&c.from),
        };
        if retries_here {
            (self.retry.max_attempts, "retry-layer")
        } else {
            (1, "other-layer")
        }
    }

    /// The policy of call `i`, worked out once; `depth` stops the walk down a cycle.
    pub(super) fn call(&mut self, i: usize, depth: usize) -> CallPolicy {
        if let Some(p) = &self.calls[i] {
            return p.clone();
        }
        let g = self.graph;
        let m = g.model;
        let c = g.calls[i].clone();
        let o = m.communication.links[c.link]
            .resilience
            .clone()
            .unwrap_or_default();
        let callee = callee_latency::derive(g, &c.to);
        let (latency, latency_from) = (callee.ms, callee.from);
        let callee_worst = if depth > 32 {
            0
        } else {
            self.node_worst(&c.to, depth)
        };
        let (mut retry, attempts_from) = self.retry_of(i, &o);
        let (objective, tail) = tail_of(m, &c, retry.max_attempts);
        let base = ceil_to(f64::from(latency) * tail.factor, 10);
        let (timeout, timeout_from) =
            timeout(m, &o, &c, (latency_from, latency, base), callee_worst);
        let network_ms = if matches!(timeout_from, "callee" | "callee-calls") {
            network_allowance(m, &c.from)
        } else {
            0
        };
        let timeout = whole_tenths(timeout + network_ms, timeout_from);
        let (attempts, attempts_from) =
            self.fit_budget(&c, retry, timeout, timeout_from, attempts_from);
        retry.max_attempts = attempts;
        self.note_assumed(&c, latency_from, timeout_from);
        let (connect, connect_from) = match m.resilience.connect_timeout_ms {
            Some(t) => (t, "model"),
            None => ((timeout / 2).clamp(10, CONNECT_CAP_MS), "derived"),
        };
        let bulkhead = self.bulkhead(i, &c, &o, timeout);
        let p = CallPolicy {
            callee_latency_ms: latency,
            callee_latency_from: latency_from.into(),
            callee_latency_by: callee.bound_by.clone(),
            callee_latency_bound: callee.bound_kind.map(str::to_owned),
            callee_hop_ms: callee.hop_ms,
            callee_worst_ms: callee_worst,
            tail,
            tail_availability: objective,
            timeout_ms: timeout,
            timeout_from: timeout_from.into(),
            network_ms,
            connect_timeout_ms: connect,
            connect_from: connect_from.into(),
            attempts,
            attempts_from: attempts_from.into(),
            waits: retry.waits(),
            worst_case_ms: worst_case(&retry, timeout, c.stream),
            caller_budget_ms: self.caller_budget(&c),
            rate_rps: bulkhead.rate,
            limited_rps: bulkhead.limited,
            caller_replicas: bulkhead.replicas,
            by_relay: g.by_relay(i),
            from_outbox: g.from_outbox(i),
            // Three decimals are plenty to read, and keep float noise out of the view.
            in_flight: (bulkhead.in_flight * 1000.0).round() / 1000.0,
            bulkhead_need: bulkhead.need,
            bulkhead: bulkhead.size,
            bulkhead_from: bulkhead.from.into(),
            consumed_partitions: None,
            fallback_kind: fallback_kind(g, &c, &o).into(),
            background: c.background,
            by_job: c.by_job,
            job: self.capacity.job_calls.get(i).cloned().flatten(),
            stream: c.stream,
            events: crate::derive::handlers::events_making(g, i),
        };
        self.calls[i] = Some(p.clone());
        p
    }

    /// Records the callee of `c` as one whose latency was assumed, when its timeout uses it.
    /// A stated timeout leaves the latency unused, except in a consumer's handler time.
    fn note_assumed(&mut self, c: &Call, latency_from: &str, timeout_from: &str) {
        if (latency_from == "system" || latency_from == "callers")
            && !c.stream
            && (timeout_from != "model" || c.background)
            && !self.latency_assumed.contains(&c.to)
        {
            self.latency_assumed.push(c.to.clone());
        }
    }

    /// Call `i`'s retry policy: the system's, with its attempts and the link's own settings.
    fn retry_of(&self, i: usize, o: &LinkResilience) -> (RetryPolicy, &'static str) {
        let (attempts, attempts_from) = self.attempts(i);
        let mut retry = self.retry;
        retry.max_attempts = attempts;
        if let Some(r) = &o.retries {
            retry.backoff = r.backoff.unwrap_or(retry.backoff);
            retry.initial_ms = r.initial_ms.unwrap_or(retry.initial_ms);
            retry.max_ms = r.max_ms.unwrap_or(retry.max_ms.max(retry.initial_ms));
            retry.jitter = r.jitter.unwrap_or(retry.jitter);
        }
        (retry, attempts_from)
    }

    /// The attempts of a call that takes the whole of its caller's budget: as many as still fit
    /// it, at least one.
    fn fit_budget(
        &self,
        c: &Call,
        retry: RetryPolicy,
        timeout: u32,
        timeout_from: &'static str,
        attempts_from: &'static str,
    ) -> (u32, &'static str) {
        let attempts = retry.max_attempts;
        match self.caller_budget(c) {
            Some(b) if timeout_from == "callers" && attempts_from == "retry-layer" => {
                let fit = (1..=attempts)
                    .rev()
                    .find(|n| {
                        let mut p = retry;
                        p.max_attempts = *n;
                        p.worst_case_ms(timeout) <= u64::from(b)
                    })
                    .unwrap_or(1);
                if fit < attempts {
                    (fit, "caller-budget")
                } else {
                    (attempts, attempts_from)
                }
            }
            _ => (attempts, attempts_from),
        }
    }

    /// Call `i`'s bulkhead at the timeout `timeout`.
    fn bulkhead(&self, i: usize, c: &Call, o: &LinkResilience, timeout: u32) -> Bulkhead {
        let g = self.graph;
        let m = g.model;
        let rate = self.capacity.calls.get(i).copied().unwrap_or(0.0);
        // A job beside the handlers calls from its own process, with its own workers: the
        // handlers' bulkhead takes their calls alone.
        let rate = match self.capacity.job_calls.get(i) {
            Some(Some(j)) if !c.by_job => rate - j.rate_rps,
            _ => rate,
        };
        // A client calls from one device; a polling relay from its one lock holder.
        let replicas = if g.kind(&c.from) == "client" || g.by_relay(i) {
            1
        } else {
            self.capacity.replicas.0
        };
        // A limiter below the demand lets no more calls through than its rate: the rest wait
        // for a token, not for the callee.
        let limited = o.rate_limit_rps.filter(|l| *l < rate);
        let flowing = limited.unwrap_or(rate);
        let in_flight = flowing / f64::from(replicas) * f64::from(timeout) / 1000.0;
        let need = burst_in_flight(in_flight);
        let (size, from) = match o.bulkhead.or(m.resilience.bulkhead) {
            Some(b) => (b, "model"),
            None if m.requirements.scale.peak_rps.is_some() => {
                (burst_bulkhead(in_flight), "derived")
            }
            None => (BULKHEAD_WITHOUT_LOAD, "default"),
        };
        Bulkhead {
            rate,
            limited,
            replicas,
            in_flight,
            need,
            size,
            from,
        }
    }
}

/// A call's timeout per attempt and where it came from. A callee with no latency target of its
/// own takes the whole of its tightest caller's budget (never a share of it): the caller cannot
/// wait longer, and a retry of a call that may take the whole budget cannot fit it. `callee` is
/// where its latency came from, the latency, and that latency at the call's tail
/// ([`crate::defaults::Tail`]).
fn timeout(
    m: &Model,
    o: &LinkResilience,
    c: &Call,
    (latency_from, latency, base): (&str, u32, u32),
    callee_worst: u64,
) -> (u32, &'static str) {
    match o.timeout_ms.or(m.resilience.timeout_ms) {
        Some(t) => (t, "model"),
        None if c.stream => (0, "stream"),
        None if latency_from == "callers" => (latency, "callers"),
        None if callee_worst > u64::from(base) => {
            (ceil_to(callee_worst as f64, 10), "callee-calls")
        }
        None => (base, "callee"),
    }
}

/// Every attempt timing out plus the waits between them; none for a stream.
fn worst_case(retry: &RetryPolicy, timeout: u32, stream: bool) -> u64 {
    if stream {
        0
    } else {
        retry.worst_case_ms(timeout)
    }
}

/// A derived timeout of a second or more in whole tenths, so the worst cases add up as shown.
fn whole_tenths(t: u32, from: &str) -> u32 {
    if t >= 1000 && from != "model" {
        ceil_to(f64::from(t), 100)
    } else {
        t
    }
}

/// The objective call `c`'s timeouts spend and the tail they sit at: a retry, a redelivery or a
/// job's next run tries again what a timeout cut off.
fn tail_of(m: &Model, c: &Call, attempts: u32) -> (f64, crate::defaults::Tail) {
    let objective = objective(m, c);
    let again = attempts > 1 || c.background || c.by_job;
    (objective, timeout_tail(again, objective))
}

/// The availability objective a call's timeouts spend: the callee's own, else the caller's
/// (an external's failures are its caller's), else the system's.
fn objective(m: &Model, c: &Call) -> f64 {
    let own = |name: &str| {
        let s = m.services.iter().find(|s| s.name == name)?;
        s.slo.as_ref()?.availability
    };
    own(&c.to)
        .or_else(|| own(&c.from))
        .unwrap_or_else(|| crate::defaults::availability(m))
}

/// Milliseconds a client's timeout allows for its own network beyond the callee's time: a
/// phone's mobile network 2 s, a browser's or a partner's backend 1 s; none for our components.
pub(crate) fn network_allowance(m: &Model, from: &str) -> u32 {
    use crate::model::ClientKind;
    match m.clients.iter().find(|c| c.name == from).map(|c| c.kind) {
        Some(ClientKind::Mobile | ClientKind::Device) => 2000,
        Some(_) => 1000,
        None => 0,
    }
}

/// Whether a request `name` serves is retried further down: one of its request calls
/// retries, by the model's count or by being the closest layer itself. A callee whose calls
/// all make one attempt (a fallback answers instead) retries nothing, so its caller is the
/// closest layer that can.
fn retried_below(g: &Graph, name: &str, depth: usize) -> bool {
    if depth > 32 {
        return false;
    }
    g.request_calls(name).any(|(_, k)| {
        let stated = g.model.communication.links[k.link]
            .resilience
            .as_ref()
            .and_then(|r| r.retries.as_ref()?.max_attempts);
        match stated {
            Some(n) => n > 1,
            None => !retried_below(g, &k.to, depth + 1),
        }
    })
}

/// What the caller does when the call fails.
fn fallback_kind(g: &Graph, c: &Call, o: &LinkResilience) -> &'static str {
    if !o.fallback.is_empty() {
        "model"
    } else if g.kind(&c.from) == "client" {
        "client-retry"
    } else if c.by_job {
        "next-run"
    } else if c.background {
        "redeliver"
    } else {
        "fail-fast"
    }
}
