//! Each synchronous call's resilience settings, derived from the inputs that physically
//! determine them ([`calls`]): the timeout from the callee's latency (and its own calls' worst
//! case), the attempts from the one layer that retries, the connection timeout within the
//! request timeout, the bulkhead from Little's law per caller replica, and a fallback that fits
//! the caller. Also the amplification from edge to leaf and the deadlines that do not fit
//! ([`budgets`]), and how consumers and streams recover ([`recovery`]).

mod assumptions;
mod budgets;
mod calls;
mod lanes_cap;
mod recovery;
mod relay;
mod stores;

pub use budgets::{Amplification, Deadline};
pub use calls::{CONNECT_CAP_MS, CallPolicy};
pub use lanes_cap::cap as cap_by_partitions;
pub(crate) use recovery::consumers;
pub use recovery::{ConsumerPolicy, StreamPolicy};
pub use relay::RelayCall;
pub use stores::StoreCall;

use super::Assumption;
use super::capacity::Capacity;
use super::graph::Graph;
use crate::defaults;
use crate::model::RetryLayer;
use serde::Serialize;
use std::collections::HashMap;

pub use crate::defaults::{BULKHEAD_WITHOUT_LOAD, P999_OVER_P99};

/// Every call's policy and the system-wide consequences.
#[derive(Debug, Clone, Serialize)]
pub struct Resilience {
    /// By [`Graph::calls`] index.
    pub calls: Vec<CallPolicy>,
    /// `closest` or `edge`.
    pub retry_layer: String,
    /// Callers that give up before their callee.
    pub deadlines: Vec<Deadline>,
    /// Calls a polling outbox relay makes in line with the events it publishes.
    pub relay_calls: Vec<RelayCall>,
    /// The timeouts of the databases and caches services use while answering requests.
    pub stores: Vec<stores::StoreCall>,
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
    /// The client-side limiters below their calls' peak, filled in once the journeys are
    /// known.
    pub limiters: Vec<super::limiters::Limiter>,
}

/// Works out every call's policy in `graph`, with the rates of `capacity`.
pub fn derive(graph: &Graph, capacity: &Capacity) -> Resilience {
    let m = graph.model;
    let r = &m.resilience;
    let layer = r.retry_layer.unwrap_or(RetryLayer::Closest);
    let mut s = calls::Solver {
        graph,
        capacity,
        retry: defaults::retry(m),
        layer,
        worst: HashMap::new(),
        calls: vec![None; graph.calls.len()],
        latency_assumed: Vec::new(),
    };
    let calls: Vec<CallPolicy> = (0..graph.calls.len()).map(|i| s.call(i, 0)).collect();
    let bound = match r.max_amplification {
        Some(b) => (b, "model"),
        None => (s.retry.max_attempts, "retries"),
    };
    let amplification = budgets::amplification(graph, &calls, bound);
    let stores = stores::store_calls(graph, &calls);
    let assumed = assumptions::assumptions(graph, &s.latency_assumed, &calls, &stores);
    Resilience {
        retry_layer: match layer {
            RetryLayer::Closest => "closest",
            RetryLayer::Edge => "edge",
        }
        .into(),
        deadlines: budgets::deadlines(graph, &calls),
        relay_calls: relay::relay_calls(graph, &calls),
        stores,
        worst_factor: amplification.iter().map(|a| a.factor).max().unwrap_or(1),
        amplification,
        consumers: consumers(m),
        streams: recovery::streams(m),
        assumptions: assumed,
        calls,
        limiters: Vec::new(),
    }
}

#[cfg(test)]
mod tests;
