//! Client-side rate limits below the peak's calls: the share of the peak they carry, how fast
//! a consumer's backlog grows behind them, and how long a peak can last before a journey
//! through them misses its end-to-end objective.

use super::capacity::Capacity;
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
    /// The provider's own limit for the whole account, where other callers share it.
    pub account: Option<Account>,
    /// The share of the peak's traffic below which every call gets through, in percent: the
    /// smaller of `carried_pct` and the account's.
    pub holds_pct: f64,
    /// Made from background work: the excess waits in the broker rather than failing.
    pub background: bool,
    /// For background work: the calls a minute of peak adds to the backlog.
    pub backlog_per_minute: f64,
    /// The journeys whose asynchronous path the caller consumes on, with how long a peak can
    /// last before a new run waits past the objective.
    pub journeys: Vec<Journey>,
}

/// A provider's limit for the whole account (`externals[].rate_limit_rps`), shared by every
/// caller of it: the limiter of one caller does not keep the others' calls under it.
#[derive(Debug, Clone, Serialize)]
pub struct Account {
    /// The provider's limit, calls a second.
    pub limit_rps: f64,
    /// Every caller's calls a second at peak.
    pub total_rps: f64,
    /// The other callers, linked or not, in the order they are found.
    pub others: Vec<String>,
    /// Their calls a second at peak.
    pub others_rps: f64,
    /// The share of the peak's calls the account lets through, in percent.
    pub carried_pct: f64,
}

/// The account limit of `callee` where callers other than `caller` share it.
fn account(graph: &Graph, capacity: &Capacity, caller: &str, callee: &str) -> Option<Account> {
    let limit = (graph.model.externals.iter())
        .find(|e| e.name == callee)?
        .rate_limit_rps?;
    let total = (capacity.nodes.iter()).find(|n| n.name == callee)?.rate_rps;
    let mut others: Vec<String> = Vec::new();
    let linked = (graph.calls.iter().zip(&capacity.calls))
        .filter(|(c, rate)| c.to == callee && c.from != caller && **rate > 0.0)
        .map(|(c, _)| c.from.clone());
    let unlinked = (capacity.unlinked.iter())
        .filter(|u| u.to == callee && u.rate_rps > 0.0)
        .flat_map(|u| u.callers.iter().cloned());
    for name in linked.chain(unlinked) {
        if name != caller && !others.contains(&name) {
            others.push(name);
        }
    }
    let own: f64 = (graph.calls.iter().zip(&capacity.calls))
        .filter(|(c, _)| c.to == callee && c.from == caller)
        .map(|(_, r)| r)
        .sum();
    (!others.is_empty() && total > limit).then(|| Account {
        limit_rps: limit,
        total_rps: total,
        others,
        others_rps: total - own,
        carried_pct: (limit / total * 1000.0).round() / 10.0,
    })
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
pub fn derive(
    graph: &Graph,
    capacity: &Capacity,
    calls: &[CallPolicy],
    journeys: &[EndToEnd],
) -> Vec<Limiter> {
    graph
        .calls
        .iter()
        .zip(calls)
        .filter_map(|(c, p)| {
            let limit = p.limited_rps?;
            let demand = p.rate_rps;
            let excess = demand - limit;
            let held = |e: &&EndToEnd| c.background && e.hops.iter().any(|h| h.consumer == c.from);
            let carried_pct = (limit / demand * 1000.0).round() / 10.0;
            let account = account(graph, capacity, &c.from, &c.to);
            Some(Limiter {
                holds_pct: account
                    .as_ref()
                    .map_or(carried_pct, |a| a.carried_pct.min(carried_pct)),
                account,
                caller: c.from.clone(),
                callee: c.to.clone(),
                limit_rps: limit,
                demand_rps: demand,
                carried_pct,
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
