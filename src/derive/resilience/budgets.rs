//! Where a chain of calls outgrows what its callers allow: the callers that give up before
//! their callee is done, and the attempts one request multiplies into from edge to leaf.

use super::CallPolicy;
use crate::derive::graph::Graph;
use serde::Serialize;

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
    /// The most calls one request may cause at the end of a chain.
    pub bound: u32,
    /// Where the bound comes from: `model` (`resilience.max_amplification`) or `retries` (the
    /// attempts one retry layer makes, `resilience.retries.max_attempts` or its default).
    pub bound_from: String,
    /// Whether the factor is over the bound.
    pub over: bool,
}

/// Every call whose callee's worst case outlasts the caller's timeout, and what the user sees.
pub(super) fn deadlines(graph: &Graph, calls: &[CallPolicy]) -> Vec<Deadline> {
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

/// The worst chain of attempts from each client and each service no request reaches, against
/// `bound`.
pub(super) fn amplification(
    graph: &Graph,
    calls: &[CallPolicy],
    (bound, bound_from): (u32, &str),
) -> Vec<Amplification> {
    let m = graph.model;
    let mut out = Vec::new();
    let starts = m.clients.iter().map(|c| c.name.as_str()).chain(
        m.services
            .iter()
            .map(|s| s.name.as_str())
            .filter(|n| !graph.has_request_callers(n) && graph.request_calls(n).next().is_some()),
    );
    for start in starts {
        let (factor, rest) = chain(graph, calls, start, &mut Vec::new());
        if rest.is_empty() {
            continue;
        }
        let mut path = vec![start.to_owned()];
        path.extend(rest);
        out.push(Amplification {
            path,
            factor,
            bound,
            bound_from: bound_from.into(),
            over: factor > bound,
        });
    }
    out
}

/// The worst chain of attempts from `node` down: (factor, path after `node`).
fn chain(
    graph: &Graph,
    calls: &[CallPolicy],
    node: &str,
    seen: &mut Vec<String>,
) -> (u32, Vec<String>) {
    let mut best = (1, Vec::new());
    if seen.iter().any(|s| s == node) || seen.len() > 32 {
        return best;
    }
    seen.push(node.to_owned());
    for (i, c) in graph.request_calls(node) {
        let attempts = calls[i].attempts;
        let (f, mut rest) = chain(graph, calls, &c.to, seen);
        let factor = attempts.saturating_mul(f);
        if factor > best.0 || best.1.is_empty() {
            rest.insert(0, c.to.clone());
            best = (factor, rest);
        }
    }
    seen.pop();
    best
}
