//! Each event against the events that lead to it: an event a flow publishes on every run (in
//! the flow itself, outside its blocks) causes every event the flow publishes after it, so
//! across the system none of those can happen more often than it. A derived rate above its
//! cause's counts some runs twice or a branch at more than its share. A step the outside world
//! paces (`paced_per_second`) starts afresh: its peak is not its cause's.

use super::capacity::EventLoad;
use super::graph::Graph;
use serde::Serialize;

/// An event and an event a flow publishes on every run before it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cause {
    /// The later event.
    pub event: String,
    /// The earlier one.
    pub cause: String,
    /// The first flow publishing both in that order.
    pub flow: String,
    /// Its index in `communication.flows`.
    pub flow_index: usize,
    /// The later event's rate at peak, per second.
    pub rate_per_s: f64,
    /// The earlier one's.
    pub cause_per_s: f64,
    /// Whether the later event comes out faster than its cause.
    pub over: bool,
}

/// Every (event, cause) pair of `graph`'s flows, once, with the rates `events` derived.
pub fn derive(graph: &Graph, events: &[EventLoad]) -> Vec<Cause> {
    let rate = |name: &str| {
        events
            .iter()
            .find(|e| e.event == name)
            .map_or(0.0, |e| e.rate_per_s)
    };
    let mut out: Vec<Cause> = Vec::new();
    for (i, f) in graph.flows.iter().enumerate() {
        let mut before: Vec<&str> = Vec::new();
        for s in &f.steps {
            // A step the outside world paces comes at another hour than the events before it,
            // so their peaks do not bound its events' peak.
            if s.paced_per_second.is_some() {
                before.clear();
            }
            let published = graph
                .events
                .iter()
                .any(|e| e.name == s.action && e.publisher == s.from);
            if !published {
                continue;
            }
            for c in &before {
                if *c == s.action || out.iter().any(|x| x.event == s.action && x.cause == *c) {
                    continue;
                }
                let (r, rc) = (rate(&s.action), rate(c));
                out.push(Cause {
                    event: s.action.clone(),
                    cause: (*c).to_owned(),
                    flow: f.name.clone(),
                    flow_index: i,
                    rate_per_s: r,
                    cause_per_s: rc,
                    over: r > rc * (1.0 + 1e-9) + 1e-9,
                });
            }
            if s.trunk && !before.contains(&s.action.as_str()) {
                before.push(&s.action);
            }
        }
    }
    out
}
