//! Client-side rate limits below the peak's calls: the share of the peak they carry, how fast
//! a consumer's backlog grows behind them, and how long a peak can last before a journey
//! through them misses its end-to-end objective.

use super::end_to_end::EndToEnd;
use super::graph::Graph;
use super::resilience::CallPolicy;
use serde::Serialize;

/// A limiter that lets through fewer calls than the peak makes.
#[derive(Debug, Clone, Serialize)]
pub struct Limiter {
    /// The caller.
    pub caller: String,
    /// The callee.
    pub callee: String,
    /// The limit, calls a second.
    pub limit_rps: f64,
    /// The calls a second the peak makes.
    pub demand_rps: f64,
    /// The share of the peak's calls it lets through, in percent.
    pub carried_pct: f64,
    /// Made from background work: the excess waits in the broker rather than failing.
    pub background: bool,
    /// For background work: the calls a minute of peak adds to the backlog.
    pub backlog_per_minute: f64,
    /// The journeys whose asynchronous path the caller consumes on, with how long a peak can
    /// last before a new run waits past the objective.
    pub journeys: Vec<Journey>,
}

/// A journey held up behind a limiter.
#[derive(Debug, Clone, Serialize)]
pub struct Journey {
    /// The flow.
    pub flow: String,
    /// Its end-to-end objective, in milliseconds.
    pub objective_ms: u32,
    /// Milliseconds into a peak after which a new run waits longer than the objective for
    /// its turn: the backlog (the excess × t) drains at the limit, so a run arriving at t waits
    /// excess × t ÷ limit.
    pub breached_after_ms: u64,
}

/// Each call whose limiter is below its peak rate, in the order of the graph's calls.
pub fn derive(graph: &Graph, calls: &[CallPolicy], journeys: &[EndToEnd]) -> Vec<Limiter> {
    graph
        .calls
        .iter()
        .zip(calls)
        .filter_map(|(c, p)| {
            let limit = p.limited_rps?;
            let demand = p.rate_rps;
            let excess = demand - limit;
            let held = |e: &&EndToEnd| c.background && e.hops.iter().any(|h| h.consumer == c.from);
            Some(Limiter {
                caller: c.from.clone(),
                callee: c.to.clone(),
                limit_rps: limit,
                demand_rps: demand,
                carried_pct: (limit / demand * 1000.0).round() / 10.0,
                background: c.background,
                backlog_per_minute: if c.background {
                    (excess * 60.0).round()
                } else {
                    0.0
                },
                journeys: journeys
                    .iter()
                    .filter(held)
                    .map(|e| Journey {
                        flow: e.flow.clone(),
                        objective_ms: e.p99_ms,
                        // Whole seconds: the inputs are estimates.
                        breached_after_ms: ((f64::from(e.p99_ms) * limit / excess) / 1000.0).floor()
                            as u64
                            * 1000,
                    })
                    .collect(),
            })
        })
        .collect()
}
