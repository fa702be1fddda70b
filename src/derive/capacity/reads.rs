//! The busiest reads the services answer: each flow step that reads from a service with a
//! store of its own, at its rate at peak, and the cache that serves it, if one does. A read
//! no cache serves reaches the store at that rate, which is what a caching decision weighs.

use crate::derive::graph::Graph;
use serde::Serialize;
use std::collections::BTreeMap;

/// One read at peak.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReadLoad {
    /// The service answering it.
    pub service: String,
    /// The read as the flows name it, e.g. `GET /v1/appointments?clinic_id=`.
    pub action: String,
    /// Reads a second at peak.
    pub rate_per_s: f64,
    /// The cache that serves it; none when every read reaches the store.
    pub cached_by: Option<String>,
}

/// How many reads the documents list: the busiest, where a caching decision matters.
const SHOWN: usize = 6;

/// Whether a flow step's action reads: an HTTP `GET`, a GraphQL query, or a gRPC `Get`/`List`.
fn is_read(action: &str) -> bool {
    let first = action.split_whitespace().next().unwrap_or("");
    first.eq_ignore_ascii_case("GET")
        || first == "query"
        || (action.split_whitespace().count() == 1
            && (first.starts_with("Get") || first.starts_with("List")))
}

/// The busiest reads of services that own a store, busiest first (ties in name order).
pub(super) fn derive(graph: &Graph, actions: &BTreeMap<(String, String), f64>) -> Vec<ReadLoad> {
    let model = graph.model;
    let stored = |name: &str| {
        model
            .services
            .iter()
            .any(|s| s.name == name && !s.data.is_empty())
    };
    let mut out: Vec<ReadLoad> = actions
        .iter()
        .filter(|((to, action), rate)| **rate > 0.0 && stored(to) && is_read(action))
        .map(|((to, action), rate)| ReadLoad {
            service: to.clone(),
            action: action.clone(),
            rate_per_s: super::round_rate(*rate),
            cached_by: serving(model, to, action),
        })
        .collect();
    out.sort_by(|a, b| b.rate_per_s.total_cmp(&a.rate_per_s));
    out.truncate(SHOWN);
    out
}

/// The cache of `service` whose resource `action` reads, if any.
fn serving(model: &crate::model::Model, service: &str, action: &str) -> Option<String> {
    let s = model.services.iter().find(|s| s.name == service)?;
    model
        .performance
        .caches
        .iter()
        .filter(|c| c.service == service)
        // A cache that names no resource holds whatever its service reads.
        .find(|c| match c.resource.as_deref() {
            None => true,
            Some(name) => (s.api.resources.iter())
                .any(|r| r.name == name && super::served::fills(r, c, action)),
        })
        .map(|c| c.name.clone())
}
