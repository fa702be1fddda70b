//! Where a callee's p99 latency comes from, which every timeout to it, its callers' worst
//! cases and the handler times of consumers that call it start from: its own target; else the
//! tightest of what its callers state (a link's timeout, a caller's latency budget), which is
//! the longest it may take; else, for a gateway, its slowest route plus its own hop; else, for
//! a component only clients call, the system's p99. A
//! caller's budget is never divided: a callee that must fit it is assumed to take all of it.

use super::graph::Graph;
use crate::defaults;
use serde::Serialize;

/// A callee's p99 latency and where it came from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CalleeLatency {
    /// Milliseconds.
    pub ms: u32,
    /// `slo` (a service's own `slo.latency_p99_ms`), `external` (an external's
    /// `latency_p99_ms`), `callers` (the tightest timeout or budget of its callers), `system`
    /// (the system's p99), `routes` (a gateway's slowest route plus its hop, see
    /// [`super::gateway_latency`]) or `default` (nothing stated anywhere).
    pub from: &'static str,
    /// For `callers`: the caller whose timeout or budget it is; for `routes`, the slowest route.
    pub bound_by: Option<String>,
    /// For `callers`: `timeout` (the caller's stated timeout) or `budget` (its p99 target).
    pub bound_kind: Option<&'static str>,
    /// For `routes`: the p99 the gateway's own hop adds to its slowest route.
    pub hop_ms: Option<u32>,
}

/// A service's own p99 target, or an external's stated p99.
pub fn own_p99(graph: &Graph, name: &str) -> Option<(u32, &'static str)> {
    let m = graph.model;
    if let Some(s) = m.services.iter().find(|s| s.name == name) {
        return s.slo.as_ref()?.latency_p99_ms.map(|p| (p, "slo"));
    }
    m.externals
        .iter()
        .find(|e| e.name == name)?
        .latency_p99_ms
        .map(|p| (p, "external"))
}

/// The p99 budget of `caller` while it answers a request: its own target, else the system's.
/// None for clients, background work and components nothing calls on the request path.
pub fn caller_budget(graph: &Graph, call: &super::graph::Call) -> Option<u32> {
    if call.background || call.stream || !graph.has_request_callers(&call.from) {
        return None;
    }
    let m = graph.model;
    let s = m.services.iter().find(|s| s.name == call.from)?;
    s.slo
        .as_ref()
        .and_then(|s| s.latency_p99_ms)
        .or(m.requirements.latency.p99_ms)
}

/// The latency `callee` is taken to answer within.
pub fn derive(graph: &Graph, callee: &str) -> CalleeLatency {
    let m = graph.model;
    if let Some((ms, from)) = own_p99(graph, callee) {
        return CalleeLatency {
            ms,
            from,
            bound_by: None,
            bound_kind: None,
            hop_ms: None,
        };
    }
    let mut tightest: Option<(u32, &str, &'static str)> = None;
    for c in graph.calls.iter().filter(|c| c.to == callee && !c.stream) {
        let link = &m.communication.links[c.link];
        let stated = link
            .resilience
            .as_ref()
            .and_then(|r| r.timeout_ms)
            .or(m.resilience.timeout_ms)
            .map(|t| (t, "timeout"));
        let budget = caller_budget(graph, c).map(|b| (b, "budget"));
        for (ms, kind) in stated.into_iter().chain(budget) {
            if tightest.is_none_or(|(t, _, _)| ms < t) {
                tightest = Some((ms, c.from.as_str(), kind));
            }
        }
    }
    if let Some((ms, by, kind)) = tightest {
        return CalleeLatency {
            ms,
            from: "callers",
            bound_by: Some(by.to_owned()),
            bound_kind: Some(kind),
            hop_ms: None,
        };
    }
    if let Some(h) = super::gateway_latency::derive(graph, callee) {
        return CalleeLatency {
            ms: h.p99_ms,
            from: "routes",
            bound_by: Some(h.slowest),
            bound_kind: None,
            hop_ms: Some(h.hop_ms),
        };
    }
    let (ms, from) = match m.requirements.latency.p99_ms {
        Some(p) => (p, "system"),
        None => (defaults::TIMEOUT_WITHOUT_TARGET_MS, "default"),
    };
    CalleeLatency {
        ms,
        from,
        bound_by: None,
        bound_kind: None,
        hop_ms: None,
    }
}

#[cfg(test)]
mod tests {
    use super::super::graph::tests::{graph, model};

    const M: &str = "version: 1\nname: t\nrequirements:\n  domain: d\n  latency: {p99_ms: 1000}\nclients: [{name: web}]\nservices:\n  - {name: api, responsibility: r, slo: {latency_p99_ms: 600}}\n  - {name: prefs, responsibility: r}\n  - {name: fast, responsibility: r, slo: {latency_p99_ms: 40}}\n  - {name: mail, kind: worker, responsibility: r}\nexternals: [{name: smtp}, {name: push, latency_p99_ms: 300}]\ncommunication:\n  links:\n    - {from: web, to: api}\n    - {from: api, to: prefs}\n    - {from: api, to: fast}\n    - {from: mail, to: prefs, background: true}\n    - {from: mail, to: smtp, background: true, resilience: {timeout_ms: 2000}}\n    - {from: mail, to: push, background: true}\n";

    #[test]
    fn a_callee_without_a_target_takes_its_tightest_callers_budget_whole() {
        let m = model(M);
        let g = graph(&m);
        let at = |n| super::derive(&g, n);
        // prefs: api's own 600 ms budget, not the system's 1 s, and never divided.
        let p = at("prefs");
        assert_eq!(
            (p.ms, p.from, p.bound_by.as_deref()),
            (600, "callers", Some("api"))
        );
        assert_eq!((at("fast").ms, at("fast").from), (40, "slo"));
        // An external: the timeout its caller states bounds it, else its own stated p99.
        assert_eq!(
            (at("smtp").ms, at("smtp").bound_kind),
            (2000, Some("timeout"))
        );
        assert_eq!((at("push").ms, at("push").from), (300, "external"));
        // Only a client calls api: the system's p99 is the user's whole request.
        let m = model(&M.replace(", slo: {latency_p99_ms: 600}}", "}"));
        let g = graph(&m);
        assert_eq!(super::derive(&g, "api").from, "system");
        assert_eq!(super::derive(&g, "prefs").ms, 1000);
    }
}
