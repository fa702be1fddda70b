//! Each synchronous call's resilience settings, derived from the inputs that physically
//! determine them: the timeout from the callee's latency (and its own calls' worst case), the
//! attempts from the one layer that retries, the connection timeout within the request
//! timeout, the bulkhead from Little's law per caller replica, and a fallback that fits the
//! caller. Also the amplification from edge to leaf and the deadlines that do not fit.

use super::capacity::Capacity;
use super::graph::Graph;
use super::{Assumption, ceil_to};
use crate::defaults::{self, RetryPolicy};
use crate::model::{Jitter, RetryLayer};
use serde::Serialize;
use std::collections::HashMap;

pub use crate::defaults::{BULKHEAD_WITHOUT_LOAD, P999_OVER_P99};
/// Longest derived connection timeout, in milliseconds.
pub const CONNECT_CAP_MS: u32 = 500;

/// One call's settings, each with where it came from.
#[derive(Debug, Clone, Serialize)]
pub struct CallPolicy {
    /// The callee's p99 latency the timeout starts from.
    pub callee_latency_ms: u32,
    /// `slo` (the callee's own target), `external` (an external's stated p99), `callers` (the
    /// tightest timeout or budget its callers state), `system` (the system's p99) or
    /// `default` (none).
    pub callee_latency_from: String,
    /// For `callers`: the caller whose timeout or budget bounds the callee.
    pub callee_latency_by: Option<String>,
    /// For `callers`: `timeout` (that caller's stated timeout) or `budget` (its p99 target).
    pub callee_latency_bound: Option<String>,
    /// The callee's own worst case: every request-path call it makes, with all attempts.
    pub callee_worst_ms: u64,
    /// Request timeout per attempt.
    pub timeout_ms: u32,
    /// `model`, `callee` (its latency), `callee-calls` (its own calls' worst case),
    /// `callers` (a callee with no target of its own: the whole of its tightest caller's
    /// budget or stated timeout) or `stream` (no request timeout).
    pub timeout_from: String,
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
    /// Replicas of the caller sharing them.
    pub caller_replicas: u32,
    /// Calls in flight per caller replica at peak if every call ran to its timeout.
    pub bulkhead_need: u32,
    /// Concurrent calls allowed per caller replica.
    pub bulkhead: u32,
    /// `model`, `derived` (Little's law) or `default` (no load known).
    pub bulkhead_from: String,
    /// `model` (its own fallback), `client-retry`, `fail-fast` (`503` and a problem detail)
    /// or `redeliver` (the message goes back to its queue).
    pub fallback_kind: String,
    /// Made from background work.
    pub background: bool,
    /// A long-lived stream.
    pub stream: bool,
}

/// A caller that gives up before its callee is done.
#[derive(Debug, Clone, Serialize)]
pub struct Deadline {
    /// The call, by [`Graph::calls`] index.
    pub call: usize,
    /// The link, by `communication.links` index.
    pub link: usize,
    /// The caller, who gives up first.
    pub caller: String,
    /// The callee, still working.
    pub callee: String,
    /// The caller's timeout.
    pub timeout_ms: u32,
    /// The callee's worst case.
    pub callee_worst_ms: u64,
    /// `fallback` (the caller's fallback answers), `client` (the app shows an error),
    /// `edge` (the edge answers `504`) or `caller-error` (the caller's own caller sees an
    /// error).
    pub user_sees: String,
}

/// The worst chain of attempts from one starting point to a leaf.
#[derive(Debug, Clone, Serialize)]
pub struct Amplification {
    /// The components along the chain, start first.
    pub path: Vec<String>,
    /// Calls the leaf gets for one request at the start.
    pub factor: u32,
    /// The bound.
    pub bound: u32,
    /// Whether the factor is over the bound.
    pub over: bool,
}

/// How consumers retry, outside any request budget.
#[derive(Debug, Clone, Serialize)]
pub struct ConsumerPolicy {
    /// Deliveries of one message, the first included.
    pub max_attempts: u32,
    /// Waits between deliveries before jitter.
    pub waits: Vec<u32>,
    /// Time from first delivery to dead-lettering: the waits' sum, in milliseconds.
    pub span_ms: u64,
    /// The longest single wait, in milliseconds.
    pub longest_wait_ms: u32,
    /// Whether the retries span the promised delivery window, when there is one.
    pub covers_window: Option<bool>,
    /// `full`, `equal` or `none`.
    pub jitter: String,
    /// Whether exhausted messages are dead-lettered.
    pub dead_letter: bool,
    /// Whether redeliveries go through retry topics.
    pub retry_topics: bool,
    /// The promised delivery window in minutes, if any.
    pub deliver_within_minutes: Option<u32>,
}

/// Long-lived stream connections.
#[derive(Debug, Clone, Serialize)]
pub struct StreamPolicy {
    /// Seconds between heartbeats.
    pub heartbeat_seconds: u32,
    /// Seconds without a heartbeat after which either side closes: three missed beats.
    pub idle_timeout_seconds: u32,
    /// First reconnect wait, in milliseconds (full jitter).
    pub reconnect_initial_ms: u32,
    /// Longest reconnect wait, in milliseconds.
    pub reconnect_max_ms: u32,
}

/// Every call's policy and the system-wide consequences.
#[derive(Debug, Clone, Serialize)]
pub struct Resilience {
    /// By [`Graph::calls`] index.
    pub calls: Vec<CallPolicy>,
    /// `closest` or `edge`.
    pub retry_layer: String,
    /// Callers that give up before their callee.
    pub deadlines: Vec<Deadline>,
    /// The worst chain from each starting point.
    pub amplification: Vec<Amplification>,
    /// The largest factor of them (1 when nothing retries).
    pub worst_factor: u32,
    /// Consumers' retries.
    pub consumers: ConsumerPolicy,
    /// Streams' heartbeat and reconnect.
    pub streams: StreamPolicy,
    /// What was assumed.
    pub assumptions: Vec<Assumption>,
}

struct Solver<'g, 'm> {
    graph: &'g Graph<'m>,
    capacity: &'g Capacity,
    retry: RetryPolicy,
    layer: RetryLayer,
    /// Worst case of each node's request-path calls, once worked out.
    worst: HashMap<String, u64>,
    calls: Vec<Option<CallPolicy>>,
    latency_assumed: Vec<String>,
}

impl Solver<'_, '_> {
    /// The caller's p99 budget, for a call made while answering a request.
    fn caller_budget(&self, c: &super::graph::Call) -> Option<u32> {
        super::callee_latency::caller_budget(self.graph, c)
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
        if c.background {
            return (1, "background");
        }
        let retries_here = match self.layer {
            RetryLayer::Closest => g.request_calls(&c.to).next().is_none(),
            RetryLayer::Edge => g.is_edge(&c.from),
        };
        if retries_here {
            (self.retry.max_attempts, "retry-layer")
        } else {
            (1, "other-layer")
        }
    }

    fn call(&mut self, i: usize, depth: usize) -> CallPolicy {
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
        let callee = super::callee_latency::derive(g, &c.to);
        let (latency, latency_from) = (callee.ms, callee.from);
        let callee_worst = if depth > 32 {
            0
        } else {
            self.node_worst(&c.to, depth)
        };
        let base = ceil_to(f64::from(latency) * P999_OVER_P99, 10);
        let (attempts, attempts_from) = self.attempts(i);
        let mut retry = self.retry;
        retry.max_attempts = attempts;
        if let Some(r) = &o.retries {
            retry.backoff = r.backoff.unwrap_or(retry.backoff);
            retry.initial_ms = r.initial_ms.unwrap_or(retry.initial_ms);
            retry.max_ms = r.max_ms.unwrap_or(retry.max_ms.max(retry.initial_ms));
            retry.jitter = r.jitter.unwrap_or(retry.jitter);
        }
        // A callee with no latency target of its own takes the whole of its tightest caller's
        // budget (never a share of it): the caller cannot wait longer, and a retry of a call
        // that may take the whole budget cannot fit it.
        let (timeout, timeout_from) = match o.timeout_ms.or(m.resilience.timeout_ms) {
            Some(t) => (t, "model"),
            None if c.stream => (0, "stream"),
            None if latency_from == "callers" => (latency, "callers"),
            None if callee_worst > u64::from(base) => {
                (ceil_to(callee_worst as f64, 10), "callee-calls")
            }
            None => (base, "callee"),
        };
        let (attempts, attempts_from) = match self.caller_budget(&c) {
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
        };
        retry.max_attempts = attempts;
        // A stated timeout leaves the latency unused, except in a consumer's handler time.
        if (latency_from == "system" || latency_from == "callers")
            && !c.stream
            && (timeout_from != "model" || c.background)
            && !self.latency_assumed.contains(&c.to)
        {
            self.latency_assumed.push(c.to.clone());
        }
        let (connect, connect_from) = match m.resilience.connect_timeout_ms {
            Some(t) => (t, "model"),
            None => ((timeout / 2).clamp(10, CONNECT_CAP_MS), "derived"),
        };
        let rate = self.capacity.calls.get(i).copied().unwrap_or(0.0);
        let replicas = if g.kind(&c.from) == "client" {
            1
        } else {
            self.capacity.replicas.0
        };
        let need = (rate / f64::from(replicas) * f64::from(timeout) / 1000.0).ceil() as u32;
        let (bulkhead, bulkhead_from) = match o.bulkhead.or(m.resilience.bulkhead) {
            Some(b) => (b, "model"),
            None if m.requirements.scale.peak_rps.is_some() => (need.max(1), "derived"),
            None => (BULKHEAD_WITHOUT_LOAD, "default"),
        };
        let fallback_kind = if !o.fallback.is_empty() {
            "model"
        } else if g.kind(&c.from) == "client" {
            "client-retry"
        } else if c.background {
            "redeliver"
        } else {
            "fail-fast"
        };
        let p = CallPolicy {
            callee_latency_ms: latency,
            callee_latency_from: latency_from.into(),
            callee_latency_by: callee.bound_by.clone(),
            callee_latency_bound: callee.bound_kind.map(str::to_owned),
            callee_worst_ms: callee_worst,
            timeout_ms: timeout,
            timeout_from: timeout_from.into(),
            connect_timeout_ms: connect,
            connect_from: connect_from.into(),
            attempts,
            attempts_from: attempts_from.into(),
            waits: retry.waits(),
            worst_case_ms: if c.stream {
                0
            } else {
                retry.worst_case_ms(timeout)
            },
            caller_budget_ms: self.caller_budget(&c),
            rate_rps: rate,
            caller_replicas: replicas,
            bulkhead_need: need,
            bulkhead,
            bulkhead_from: bulkhead_from.into(),
            fallback_kind: fallback_kind.into(),
            background: c.background,
            stream: c.stream,
        };
        self.calls[i] = Some(p.clone());
        p
    }

    /// The worst chain of attempts from `node` down: (factor, path after `node`).
    fn chain(&self, node: &str, seen: &mut Vec<String>) -> (u32, Vec<String>) {
        let mut best = (1, Vec::new());
        if seen.iter().any(|s| s == node) || seen.len() > 32 {
            return best;
        }
        seen.push(node.to_owned());
        for (i, c) in self.graph.request_calls(node) {
            let attempts = self.calls[i].as_ref().map_or(1, |p| p.attempts);
            let (f, mut rest) = self.chain(&c.to, seen);
            let factor = attempts.saturating_mul(f);
            if factor > best.0 || best.1.is_empty() {
                rest.insert(0, c.to.clone());
                best = (factor, rest);
            }
        }
        seen.pop();
        best
    }
}

/// Works out every call's policy in `graph`, with the rates of `capacity`.
pub fn derive(graph: &Graph, capacity: &Capacity) -> Resilience {
    let m = graph.model;
    let r = &m.resilience;
    let layer = r.retry_layer.unwrap_or(RetryLayer::Closest);
    let mut s = Solver {
        graph,
        capacity,
        retry: defaults::retry(m),
        layer,
        worst: HashMap::new(),
        calls: vec![None; graph.calls.len()],
        latency_assumed: Vec::new(),
    };
    let calls: Vec<CallPolicy> = (0..graph.calls.len()).map(|i| s.call(i, 0)).collect();
    let deadlines = deadlines(graph, &calls);
    let bound = r.max_amplification.unwrap_or(s.retry.max_attempts);
    let mut amplification = Vec::new();
    let starts = m.clients.iter().map(|c| c.name.as_str()).chain(
        m.services
            .iter()
            .map(|s| s.name.as_str())
            .filter(|n| !graph.has_request_callers(n) && graph.request_calls(n).next().is_some()),
    );
    for start in starts {
        let (factor, rest) = s.chain(start, &mut Vec::new());
        if rest.is_empty() {
            continue;
        }
        let mut path = vec![start.to_owned()];
        path.extend(rest);
        amplification.push(Amplification {
            path,
            factor,
            bound,
            over: factor > bound,
        });
    }
    let consumers = consumers(m);
    let streams = streams(m);
    let assumptions = assumptions(graph, &s.latency_assumed, &calls);
    Resilience {
        calls,
        retry_layer: match layer {
            RetryLayer::Closest => "closest",
            RetryLayer::Edge => "edge",
        }
        .into(),
        deadlines,
        worst_factor: amplification.iter().map(|a| a.factor).max().unwrap_or(1),
        amplification,
        consumers,
        streams,
        assumptions,
    }
}

fn deadlines(graph: &Graph, calls: &[CallPolicy]) -> Vec<Deadline> {
    graph
        .calls
        .iter()
        .zip(calls)
        .enumerate()
        .filter(|(_, (c, p))| {
            !c.background && !c.stream && p.callee_worst_ms > u64::from(p.timeout_ms)
        })
        .map(|(i, (c, p))| Deadline {
            call: i,
            link: c.link,
            caller: c.from.clone(),
            callee: c.to.clone(),
            timeout_ms: p.timeout_ms,
            callee_worst_ms: p.callee_worst_ms,
            user_sees: if p.fallback_kind == "model" {
                "fallback"
            } else if graph.kind(&c.from) == "client" {
                "client"
            } else if graph.is_edge(&c.from) {
                "edge"
            } else {
                "caller-error"
            }
            .into(),
        })
        .collect()
}

/// The consumers' retry schedule: `resilience.consumers`, else 5 deliveries from 1 s to 1 min.
pub(crate) fn consumers(m: &crate::model::Model) -> ConsumerPolicy {
    let c = &m.resilience.consumers;
    let p = RetryPolicy {
        max_attempts: c.max_attempts.unwrap_or(5),
        backoff: crate::model::Backoff::Exponential,
        initial_ms: c.initial_ms.unwrap_or(1000),
        max_ms: c.max_ms.unwrap_or(60_000),
        jitter: c.jitter.unwrap_or(Jitter::Full),
    };
    let waits = p.waits();
    let span: u64 = waits.iter().map(|w| u64::from(*w)).sum();
    ConsumerPolicy {
        max_attempts: p.max_attempts,
        span_ms: span,
        longest_wait_ms: waits.iter().copied().max().unwrap_or(0),
        covers_window: c
            .deliver_within_minutes
            .map(|m| span >= u64::from(m) * 60_000),
        waits,
        jitter: match p.jitter {
            Jitter::Full => "full",
            Jitter::Equal => "equal",
            Jitter::None => "none",
        }
        .into(),
        dead_letter: c.dead_letter.unwrap_or(true),
        retry_topics: c.retry_topics,
        deliver_within_minutes: c.deliver_within_minutes,
    }
}

fn streams(m: &crate::model::Model) -> StreamPolicy {
    let s = &m.resilience.streams;
    let heartbeat = s.heartbeat_seconds.unwrap_or(30);
    StreamPolicy {
        heartbeat_seconds: heartbeat,
        idle_timeout_seconds: heartbeat * 3,
        reconnect_initial_ms: s.reconnect_initial_ms.unwrap_or(1000),
        reconnect_max_ms: s.reconnect_max_ms.unwrap_or(30_000),
    }
}

fn assumptions(graph: &Graph, latency: &[String], calls: &[CallPolicy]) -> Vec<Assumption> {
    let m = graph.model;
    let mut out = Vec::new();
    if !latency.is_empty() {
        let each: Vec<String> = latency
            .iter()
            .map(|n| {
                let l = super::callee_latency::derive(graph, n);
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
            format!("a callee's p99.9 is {P999_OVER_P99} times its p99"),
            "a timeout should cut off about one call in a thousand, and the model states p99 latencies only",
            "every derived timeout",
            "resilience.timeout_ms, or a link's resilience.timeout_ms",
        ));
    }
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

#[cfg(test)]
mod tests {
    use super::super::capacity;
    use super::super::graph::tests::{graph, model};
    use super::*;

    const CHAIN: &str = "version: 1\nname: t\nrequirements:\n  domain: d\n  scale: {peak_rps: 900}\n  latency: {p99_ms: 400}\nclients: [{name: web}]\nservices:\n  - {name: gw, kind: gateway, responsibility: r}\n  - {name: orders, responsibility: r}\n  - {name: stock, responsibility: r, slo: {latency_p99_ms: 40}}\n  - {name: mail, kind: worker, responsibility: r}\nexternals: [{name: smtp}]\ncommunication:\n  links:\n    - {from: web, to: gw}\n    - {from: gw, to: orders}\n    - {from: orders, to: stock}\n    - {from: mail, to: smtp, background: true}\n";

    fn derived(yaml: &str) -> Resilience {
        let m = model(yaml);
        let g = graph(&m);
        let c = capacity::derive(&g);
        derive(&g, &c)
    }

    #[test]
    fn timeouts_come_from_the_callee_and_cover_its_calls() {
        let r = derived(CHAIN);
        let stock = &r.calls[2];
        // stock's own 40 ms p99 x 1.5; three attempts (it is the leaf) with 40 and 80 ms waits.
        assert_eq!(
            (stock.timeout_ms, stock.timeout_from.as_str()),
            (60, "callee")
        );
        assert_eq!(
            (stock.attempts, stock.attempts_from.as_str()),
            (3, "retry-layer")
        );
        assert_eq!(stock.worst_case_ms, 3 * 60 + 40 + 80);
        let orders = &r.calls[1];
        // orders states no latency: it takes gw's whole 400 ms budget (never a third of it),
        // one attempt (it is not the leaf), which covers stock's 300 ms worst case.
        assert_eq!(
            (
                orders.timeout_ms,
                orders.attempts,
                orders.timeout_from.as_str()
            ),
            (400, 1, "callers")
        );
        assert_eq!(orders.callee_worst_ms, 300);
        assert!(r.deadlines.is_empty());
        assert!(
            r.assumptions
                .iter()
                .any(|a| a.id == "resilience.callee-latency"
                    && a.value.contains("orders 400 ms (gw's p99 budget)"))
        );
    }

    #[test]
    fn a_leaf_without_a_target_gets_its_callers_budget_in_one_attempt() {
        // stock states no target: its timeout is orders' whole budget, so no retry fits it.
        let r = derived(&CHAIN.replace(", slo: {latency_p99_ms: 40}}", "}"));
        let stock = &r.calls[2];
        assert_eq!(
            (stock.timeout_ms, stock.timeout_from.as_str()),
            (400, "callers")
        );
        assert_eq!(
            (stock.attempts, stock.attempts_from.as_str()),
            (1, "caller-budget")
        );
        assert_eq!(stock.worst_case_ms, 400);
    }

    #[test]
    fn a_short_override_makes_a_deadline_that_says_who_gives_up() {
        let r = derived(&CHAIN.replace(
            "{from: gw, to: orders}",
            "{from: gw, to: orders, resilience: {timeout_ms: 100}}",
        ));
        assert_eq!(r.deadlines.len(), 1);
        let d = &r.deadlines[0];
        assert_eq!(
            (d.caller.as_str(), d.callee_worst_ms, d.user_sees.as_str()),
            ("gw", 300, "edge")
        );
    }

    #[test]
    fn one_layer_retries_and_amplification_is_bounded() {
        let r = derived(CHAIN);
        let a = &r.amplification[0];
        assert_eq!(
            (a.path.join(">"), a.factor, a.over),
            ("web>gw>orders>stock".into(), 3, false)
        );
        let every = derived(&CHAIN.replace(
            "{from: gw, to: orders}",
            "{from: gw, to: orders, resilience: {retries: {max_attempts: 3}}}",
        ));
        assert_eq!(
            (every.amplification[0].factor, every.amplification[0].over),
            (9, true)
        );
        // With a target of its own, orders is retried from the edge.
        let edge = derived(
            &CHAIN
                .replace(
                    "communication:",
                    "resilience: {retry_layer: edge}\ncommunication:",
                )
                .replace(
                    "{name: orders, responsibility: r}",
                    "{name: orders, responsibility: r, slo: {latency_p99_ms: 100}}",
                ),
        );
        assert_eq!((edge.calls[1].attempts, edge.calls[2].attempts), (3, 1));
    }

    #[test]
    fn bulkheads_follow_littles_law_per_replica() {
        let r = derived(CHAIN);
        // 900 rps split nowhere (one route): 900 / 3 replicas x 0.4 s = 120 per replica.
        assert_eq!(
            (r.calls[1].rate_rps, r.calls[1].caller_replicas),
            (900.0, 3)
        );
        assert_eq!(
            (r.calls[1].bulkhead, r.calls[1].bulkhead_from.as_str()),
            (120, "derived")
        );
    }

    #[test]
    fn connect_timeouts_stay_within_and_fallbacks_fit_the_caller() {
        let r = derived(CHAIN);
        assert!(r.calls.iter().all(|p| p.connect_timeout_ms <= p.timeout_ms));
        let kinds: Vec<&str> = r.calls.iter().map(|p| p.fallback_kind.as_str()).collect();
        assert_eq!(
            kinds,
            ["client-retry", "fail-fast", "fail-fast", "redeliver"]
        );
        assert_eq!(
            (r.calls[3].attempts_from.as_str(), r.calls[3].attempts),
            ("background", 1)
        );
    }

    #[test]
    fn consumers_retry_outside_the_request_budget() {
        let r = derived(CHAIN);
        assert_eq!(r.consumers.waits, vec![1000, 2000, 4000, 8000]);
        assert_eq!(
            (r.consumers.span_ms, r.consumers.dead_letter),
            (15_000, true)
        );
        assert_eq!(r.streams.idle_timeout_seconds, 90);
        // Ten deliveries doubling from 30 s end after about 4.3 hours, not 3 days.
        let r = derived(&CHAIN.replace(
            "communication:",
            "resilience: {consumers: {max_attempts: 10, initial_ms: 30000, max_ms: 86400000, deliver_within_minutes: 4320}}\ncommunication:",
        ));
        assert_eq!(
            (r.consumers.span_ms, r.consumers.covers_window),
            (15_330_000, Some(false))
        );
        assert_eq!(r.consumers.longest_wait_ms, 7_680_000);
    }
}
