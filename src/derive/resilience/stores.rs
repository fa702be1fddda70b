//! Timeouts for the stores a service reads and writes while it answers a request: its own
//! databases, the caches it reads through and the shared count of its rate limiters are calls
//! like any other, and without a timeout a slow query holds the request, its connection and
//! its worker past every budget. Each timeout comes from the store's own p99 (its
//! `latency_p99_ms`, else a figure for its technology, assumed and listed) times the factor
//! of the tail it sits at, as a call's comes from its callee: a database's fails its request
//! and waits as far as a call made once does, a cache or a limiter count that does not answer
//! in time is skipped (a miss read from the store, a count kept alone at the replica's share)
//! and keeps the p99.9. What the service's callers wait for it, less the worst case of its own
//! calls, is the ceiling it must fit.

use super::calls::CallPolicy;
use crate::defaults::timeout_tail;
use crate::derive::callee_latency;
use crate::derive::choices::in_process;
use crate::derive::graph::Graph;
use crate::model::CacheLayer;
use serde::Serialize;

/// The timeout of one store a service uses on the request path.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoreCall {
    /// The service answering the request.
    pub service: String,
    /// The store's or cache's name.
    pub store: String,
    /// Its technology, e.g. `PostgreSQL`, `Redis`.
    pub technology: String,
    /// `database` (one of its own stores), `cache` (a cache it reads through) or `limiter`
    /// (the shared store its rate limiters count in, `resilience.rate_limit_store`).
    pub kind: &'static str,
    /// For a cache: the store a miss reads instead, when the service has one.
    pub falls_back_to: Option<String>,
    /// The store's p99 in milliseconds.
    pub latency_ms: u32,
    /// `model` (its `latency_p99_ms`) or `assumed` (a figure for its technology).
    pub latency_from: &'static str,
    /// Milliseconds: the p99 times its tail's factor.
    pub timeout_ms: u32,
    /// The percentile of the store's latency the timeout sits at, in nines, and the p99 times
    /// what gives it: a cache or a count that is skipped on timeout cuts off its p99.9; a
    /// database whose timeout fails the request, the tail a call made once waits for
    /// ([`crate::defaults::timeout_tail`]).
    pub tail: crate::defaults::Tail,
    /// The budget the timeout must fit in: the shortest time a caller on the request path
    /// waits for the service (its timeout, less what a client allows for its network); for a
    /// gateway held to its own hop, the hop's ([`crate::derive::gateway_latency`]); for a
    /// service no call waits on, its p99.
    pub budget_ms: u32,
    /// `timeout` (a caller's), `hop`, or where the p99 comes from (see
    /// [`callee_latency::CalleeLatency::from`]).
    pub budget_from: String,
    /// For `timeout`: the caller whose timeout it is.
    pub budget_by: Option<String>,
    /// The worst case of the service's own request-path calls.
    pub calls_ms: u64,
    /// What the budget leaves after those calls: the most one store call may take.
    pub left_ms: u64,
    /// The service's availability objective (its own, else the system's), which a database of
    /// its must meet: the service is measured where it answers, so a failed query counts.
    pub availability: f64,
}

/// A store's p99 when the model states none: a keyed read on an in-memory store answers in a
/// couple of milliseconds, a rate limit service asked over gRPC in about five, a managed
/// key-value table in about ten, an indexed query on a database in about twenty.
pub fn assumed_p99(technology: &str) -> u32 {
    let t = technology.to_lowercase();
    let memory = ["redis", "valkey", "memcache", "keydb", "dragonfly"];
    if t.starts_with("grpc") {
        // A hop to a service that itself asks an in-memory store.
        5
    } else if memory.iter().any(|w| t.contains(w)) {
        2
    } else if t.contains("dynamo") {
        10
    } else {
        20
    }
}

/// The store timeouts of every service that answers requests, in model order: its databases,
/// the caches it reads through, then the shared count of its rate limiters.
pub fn store_calls(graph: &Graph, calls: &[CallPolicy]) -> Vec<StoreCall> {
    let m = graph.model;
    let limiters = crate::derive::open_limits::store_users(m);
    let gateway_name = crate::derive::open_limits::gateway(m);
    let mut out = Vec::new();
    for s in m
        .services
        .iter()
        .filter(|s| graph.has_request_callers(&s.name))
    {
        let budget = callee_latency::derive(graph, &s.name);
        let gateway = graph.kind(&s.name) == "gateway";
        let worst = graph
            .request_calls(&s.name)
            .map(|(i, _)| calls[i].worst_case_ms);
        // A gateway sends each request one way; a service may make every call. A gateway held
        // to its own hop has only the hop for its stores: the route's time is not its own.
        let hop = gateway
            .then(|| crate::derive::gateway_latency::derive(graph, &s.name))
            .flatten();
        let calls_ms = match (&hop, gateway) {
            (Some(_), _) => 0,
            (None, true) => worst.max().unwrap_or(0),
            (None, false) => worst.sum(),
        };
        let (budget_ms, budget_from, budget_by) = match (&hop, waited(graph, calls, &s.name)) {
            (Some(h), _) => (h.hop_ms, "hop", None),
            (None, Some((t, by))) => (t, "timeout", Some(by)),
            (None, None) => (budget.ms, budget.from, None),
        };
        let availability = own_availability(m, s);
        // A skipped cache or count loses nothing; a database's timeout fails the request.
        let tail = |kind: &str| timeout_tail(kind != "database", availability);
        let row = |kind, store: &str, technology: &str, stated: Option<u32>| {
            let latency = stated.unwrap_or_else(|| assumed_p99(technology));
            StoreCall {
                service: s.name.clone(),
                store: store.to_owned(),
                technology: technology.to_owned(),
                kind,
                falls_back_to: (kind == "cache")
                    .then(|| s.data.first().map(|d| format!("{} ({})", d.name, d.store)))
                    .flatten(),
                latency_ms: latency,
                latency_from: if stated.is_some() { "model" } else { "assumed" },
                timeout_ms: (f64::from(latency) * tail(kind).factor).ceil() as u32,
                tail: tail(kind),
                budget_ms,
                budget_from: budget_from.into(),
                budget_by: budget_by.clone(),
                calls_ms,
                left_ms: u64::from(budget_ms).saturating_sub(calls_ms),
                availability,
            }
        };
        out.extend((s.data.iter()).map(|d| row("database", &d.name, &d.store, d.latency_p99_ms)));
        let caches = (m.performance.caches.iter())
            .filter(|c| c.service == s.name && c.layer == CacheLayer::Application)
            .filter(|c| !in_process(&c.technology));
        out.extend(caches.map(|c| row("cache", &c.name, &c.technology, c.latency_p99_ms)));
        let counts = counts_requests(graph, &s.name, gateway_name);
        if let Some(store) = (m.resilience.rate_limit_store.as_deref())
            .filter(|_| counts && limiters.iter().any(|l| l == &s.name))
        {
            // Envoy shares a count only through its global rate limit service, over gRPC.
            if s.stack.to_lowercase().contains("envoy") {
                let through = format!("gRPC, counting in {store}");
                out.push(row("limiter", "rate limit service", &through, None));
            } else {
                out.push(row("limiter", "rate-limit counts", store, None));
            }
        }
    }
    out
}

/// The stores whose p99 was assumed, as `store (technology) N ms`.
pub fn assumed(stores: &[StoreCall]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for x in stores.iter().filter(|x| x.latency_from == "assumed") {
        let one = format!("{} ({}) {} ms", x.store, x.technology, x.latency_ms);
        if !out.contains(&one) {
            out.push(one);
        }
    }
    out
}

/// The shortest time a caller on the request path waits for `name`, and who: its timeout less
/// what a client allows for its network. A query may take no longer than its caller waits.
fn waited(graph: &Graph, calls: &[CallPolicy], name: &str) -> Option<(u32, String)> {
    (graph.calls.iter().enumerate())
        .filter(|(_, c)| c.to == name && !c.background && !c.stream)
        .map(|(i, c)| {
            (
                calls[i].timeout_ms.saturating_sub(calls[i].network_ms),
                c.from.clone(),
            )
        })
        .min_by_key(|(t, _)| *t)
}

/// Whether `name`'s rate limiter count is on the request path: it enforces a limit on
/// requests, or limits a call it makes while answering one.
fn counts_requests(graph: &Graph, name: &str, gateway: Option<&str>) -> bool {
    let m = graph.model;
    let limited = |i: usize| {
        let link = &m.communication.links[graph.calls[i].link];
        (link.resilience.as_ref()).is_some_and(|r| r.rate_limit_rps.is_some())
    };
    (m.security.rate_limits.iter()).any(|r| r.enforced_by.as_deref().or(gateway) == Some(name))
        || graph.request_calls(name).any(|(i, _)| limited(i))
}

/// A service's availability objective: its own, else the system's.
fn own_availability(m: &crate::model::Model, s: &crate::model::Service) -> f64 {
    (s.slo.as_ref().and_then(|o| o.availability))
        .unwrap_or_else(|| crate::defaults::availability(m))
}
