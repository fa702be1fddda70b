//! Timeouts for the stores a service reads and writes while it answers a request: its own
//! databases and the caches it reads through are calls like any other, and without a timeout a
//! slow query holds the request, its connection and its worker past every budget. A database
//! statement gets what the service's p99 leaves after the worst case of its own calls; a cache
//! read, or a rate limiter's shared count, a tenth of that p99, since a slow answer is skipped:
//! a miss read from the store, a count kept alone at the replica's share of the limit.

use super::calls::CallPolicy;
use crate::derive::callee_latency;
use crate::derive::choices::in_process;
use crate::derive::graph::Graph;
use crate::model::{CacheLayer, ServiceKind};
use serde::Serialize;

/// The least of a service's p99 a statement keeps when its calls take more: a quarter.
const STATEMENT_FLOOR_DIVISOR: u32 = 4;
/// A cache read gets this fraction of the service's p99 ...
const CACHE_DIVISOR: u32 = 10;
/// ... and never less than this, in milliseconds.
const CACHE_FLOOR_MS: u32 = 5;

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
    /// Milliseconds.
    pub timeout_ms: u32,
    /// The service's p99, the budget the timeout comes from.
    pub budget_ms: u32,
    /// Where that p99 comes from (see [`callee_latency::CalleeLatency::from`]).
    pub budget_from: String,
    /// For a database: the worst case of the service's own request-path calls, which the
    /// statement must leave room for.
    pub calls_ms: u64,
    /// Whether those calls leave less than a quarter of the budget, so the statement keeps a
    /// quarter and the budget does not hold.
    pub floored: bool,
    /// The service's availability objective (its own, else the system's), which a database of
    /// its must meet: the service is measured where it answers, so a failed query counts.
    pub availability: f64,
}

/// The store timeouts of every service that answers requests, in model order: its databases,
/// the caches it reads through, then the shared count of its rate limiters.
pub fn store_calls(graph: &Graph, calls: &[CallPolicy]) -> Vec<StoreCall> {
    let m = graph.model;
    let limiters = crate::derive::open_limits::store_users(m);
    let gateway_name = (m.services.iter())
        .find(|s| s.kind == ServiceKind::Gateway)
        .map(|s| s.name.as_str());
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
        // A gateway sends each request one way; a service may make every call.
        let calls_ms = if gateway {
            worst.max().unwrap_or(0)
        } else {
            worst.sum()
        };
        let floor = budget.ms / STATEMENT_FLOOR_DIVISOR;
        let left = u64::from(budget.ms).saturating_sub(calls_ms);
        let row = |store: &str, technology: &str| StoreCall {
            service: s.name.clone(),
            store: store.to_owned(),
            technology: technology.to_owned(),
            kind: "database",
            falls_back_to: None,
            timeout_ms: u32::try_from(left).unwrap_or(u32::MAX).max(floor),
            budget_ms: budget.ms,
            budget_from: budget.from.into(),
            calls_ms,
            floored: left < u64::from(floor),
            availability: (s.slo.as_ref().and_then(|o| o.availability))
                .unwrap_or_else(|| crate::defaults::availability(m)),
        };
        out.extend(s.data.iter().map(|d| row(&d.name, &d.store)));
        let caches = (m.performance.caches.iter())
            .filter(|c| c.service == s.name && c.layer == CacheLayer::Application)
            .filter(|c| !in_process(&c.technology));
        // A cache or a limiter's count answers in a tenth of the p99, or is skipped.
        let quick = |kind, store: &str, technology: &str| StoreCall {
            kind,
            falls_back_to: s.data.first().map(|d| format!("{} ({})", d.name, d.store)),
            timeout_ms: (budget.ms / CACHE_DIVISOR).max(CACHE_FLOOR_MS),
            calls_ms: 0,
            floored: false,
            ..row(store, technology)
        };
        out.extend(caches.map(|c| quick("cache", &c.name, &c.technology)));
        // Its count is on the request path where it enforces a limit on requests, or limits
        // a call it makes while answering one.
        let limited = |i: usize| {
            let link = &m.communication.links[graph.calls[i].link];
            (link.resilience.as_ref()).is_some_and(|r| r.rate_limit_rps.is_some())
        };
        let counts = (m.security.rate_limits.iter())
            .any(|r| r.enforced_by.as_deref().or(gateway_name) == Some(s.name.as_str()))
            || graph.request_calls(&s.name).any(|(i, _)| limited(i));
        if let Some(store) = (m.resilience.rate_limit_store.as_deref())
            .filter(|_| counts && limiters.iter().any(|l| l == &s.name))
        {
            out.push(quick("limiter", "rate-limit counts", store));
        }
    }
    out
}
