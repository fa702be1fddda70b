//! The requests a component takes from flow steps no link carries (a browser calling a
//! payment provider's form directly): they count in its rate but have no row among the
//! links' calls, so they are listed beside them and the two tables add up.

use super::NodeLoad;
use crate::derive::graph::Graph;
use serde::Serialize;

/// The calls into one component that come from flow steps without a link.
#[derive(Debug, Clone, Serialize)]
pub struct Unlinked {
    /// Who makes them, in the order the flows first name them.
    pub callers: Vec<String>,
    /// The component called.
    pub to: String,
    /// Calls per second at peak: the component's rate less its links' calls.
    pub rate_rps: f64,
}

/// The unlinked calls into each of `nodes`, given the links' call rates by graph call index.
pub(super) fn derive(graph: &Graph, nodes: &[NodeLoad], calls: &[f64]) -> Vec<Unlinked> {
    nodes
        .iter()
        .filter_map(|n| {
            let linked: f64 = graph
                .calls
                .iter()
                .zip(calls)
                .filter(|(c, _)| c.to == n.name && !c.stream)
                .map(|(_, r)| r)
                .sum();
            let rest = n.rate_rps - linked;
            let mut callers: Vec<String> = Vec::new();
            let steps = graph.flows.iter().flat_map(|f| &f.steps);
            for s in steps.filter(|s| !s.r#async && s.to == n.name) {
                let linked = graph
                    .calls
                    .iter()
                    .any(|c| c.from == s.from && c.to == n.name);
                if !linked && !callers.contains(&s.from) {
                    callers.push(s.from.clone());
                }
            }
            (rest >= 0.05 && !callers.is_empty()).then(|| Unlinked {
                callers,
                to: n.name.clone(),
                rate_rps: rest,
            })
        })
        .collect()
}
