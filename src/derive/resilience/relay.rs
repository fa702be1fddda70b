//! Calls a polling outbox relay makes beside the events it publishes: one replica holds the
//! relay's lock and reads the outbox in order, so each such call stands in the line of the
//! events committed after it.

use super::CallPolicy;
use crate::derive::graph::Graph;
use serde::Serialize;

/// A call the caller's polling relay makes on the same line as its events.
#[derive(Debug, Clone, Serialize)]
pub struct RelayCall {
    /// The link, by `communication.links` index.
    pub link: usize,
    /// The caller, whose relay makes the call.
    pub caller: String,
    /// The callee.
    pub callee: String,
    /// The events the same relay publishes, in model order.
    pub events: Vec<String>,
    /// The call's timeout: how long one slow call holds the line.
    pub timeout_ms: u32,
    /// Calls a second at peak.
    pub rate_rps: f64,
    /// Calls in flight on the one lock holder at peak if each runs to its timeout.
    pub in_flight: f64,
}

/// Each call [`Graph::by_relay`] finds whose caller also publishes events through its outbox
/// (those a connector captures from a table do not go through it).
pub fn relay_calls(graph: &Graph, calls: &[CallPolicy]) -> Vec<RelayCall> {
    let m = graph.model;
    let captured = crate::derive::capture::captured_events(m);
    let mut out = Vec::new();
    for (i, (c, p)) in graph.calls.iter().zip(calls).enumerate() {
        if !graph.by_relay(i) {
            continue;
        }
        let Some(s) = m.services.iter().find(|s| s.name == c.from) else {
            continue;
        };
        let events: Vec<String> = (s.publishes.iter())
            .filter(|e| !captured.contains(&e.name))
            .map(|e| e.name.clone())
            .collect();
        if events.is_empty() {
            continue;
        }
        out.push(RelayCall {
            link: c.link,
            caller: c.from.clone(),
            callee: c.to.clone(),
            events,
            timeout_ms: p.timeout_ms,
            rate_rps: p.rate_rps,
            in_flight: p.in_flight,
        });
    }
    out
}
