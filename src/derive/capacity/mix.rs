//! The use-case mix: each use case's share of the peak, the route its requests take (its flows,
//! a service it enters at, or the edge), and how many requests one run of a flow sends.

use super::Assumption;
use crate::derive::graph::{Flow, Graph};
use serde::Serialize;

/// One use case's share of the peak.
#[derive(Debug, Clone, Serialize)]
pub struct MixRow {
    /// The use case.
    pub use_case: String,
    /// Share of the peak in percent.
    pub share: f64,
    /// Whether the share was assumed (split evenly) rather than stated.
    pub share_assumed: bool,
    /// Whether the model states the share as the team's estimate (`estimate: true`).
    pub share_estimated: bool,
    /// Requests per second at peak.
    pub rate_rps: f64,
    /// `flow` (its flows' steps carry it), `service` (enters at a named service) or `edge`
    /// (nothing names what serves it: spread over the system's entry points).
    pub route: String,
    /// The flows or service it goes through.
    pub through: Vec<String>,
    /// For a `flow` route: the client requests one run of its flows sends (1 unless a flow
    /// sends more), and the runs a second that leaves.
    pub requests_per_run: f64,
    /// Runs a second of each of its flows.
    pub runs_per_s: f64,
}

/// The use-case mix: each use case's share, the unstated ones splitting what is left.
pub(super) fn mix(graph: &Graph, peak: f64) -> (Vec<MixRow>, bool) {
    let cases = &graph.model.requirements.use_cases;
    let stated: f64 = cases.iter().filter_map(|u| u.share).sum();
    let open = cases.iter().filter(|u| u.share.is_none()).count();
    let rest = if open > 0 {
        (100.0 - stated).max(0.0) / open as f64
    } else {
        0.0
    };
    let rows = cases
        .iter()
        .map(|u| {
            let share = u.share.unwrap_or(rest);
            let flows: Vec<String> = u
                .served_by
                .iter()
                .filter(|n| graph.flows.iter().any(|f| &&f.name == n))
                .cloned()
                .collect();
            let services: Vec<String> = u
                .served_by
                .iter()
                .filter(|n| graph.model.services.iter().any(|s| &&s.name == n))
                .cloned()
                .collect();
            let (route, through) = if !flows.is_empty() {
                ("flow", flows)
            } else if !services.is_empty() {
                ("service", services)
            } else {
                ("edge", Vec::new())
            };
            let rate = peak * share / 100.0;
            let per_run = if route == "flow" {
                through
                    .iter()
                    .filter_map(|n| graph.flows.iter().find(|f| &f.name == n))
                    .map(|f| requests_per_run(graph, f))
                    .fold(1.0, f64::max)
            } else {
                1.0
            };
            MixRow {
                use_case: u.name.clone(),
                share,
                share_assumed: u.share.is_none(),
                share_estimated: u.share.is_some() && u.estimate,
                rate_rps: rate,
                route: route.into(),
                runs_per_s: rate / through.len().max(1) as f64 / per_run,
                requests_per_run: per_run,
                through,
            }
        })
        .collect();
    (rows, open > 0)
}

/// What the mix assumed: the even split of unstated shares, or, without use cases, that every
/// request enters at the edge.
pub(super) fn assume(
    rows: &[MixRow],
    assumed: bool,
    peak: Option<u32>,
    assumptions: &mut Vec<Assumption>,
) {
    if assumed {
        let n = rows.iter().filter(|r| r.share_assumed).count();
        assumptions.push(Assumption::new(
            "capacity.use-case-mix",
            format!("an even split of the unstated share over {n} use cases"),
            "the model gives no share of the peak for these use cases",
            "request rates per use case, service and call; events per second; bulkheads",
            "requirements.use_cases[].share",
        ));
    }
    if rows.is_empty() && peak.is_some() {
        assumptions.push(Assumption::new(
            "capacity.use-case-mix",
            "every request enters at the edge, spread evenly".into(),
            "the model lists no use cases to split the peak by",
            "request rates per service and call; events per second; bulkheads",
            "requirements.use_cases",
        ));
    }
}

/// The requests a client sends the system (not an external provider) in one run of `flow`,
/// each at its branch's share; at least one, as
/// a flow whose first step is not a client's still answers one request of its use case.
pub fn requests_per_run(graph: &Graph, flow: &Flow) -> f64 {
    let n: f64 = flow
        .steps
        .iter()
        .filter(|s| {
            !s.r#async
                && graph.kind(&s.from) == "client"
                && matches!(graph.kind(&s.to), "gateway" | "bff" | "service" | "legacy")
        })
        .map(|s| s.share)
        .sum();
    n.max(1.0)
}
