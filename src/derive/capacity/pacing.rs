//! How fast a job's run goes out to a provider that caps its rate: under the cap less what the
//! provider's other callers send at peak, so a run sent at once does not take the whole quota
//! and throttle the calls made beside it.

use super::{JobShare, NodeLoad};
use crate::derive::graph::Graph;

/// Paces each job's run of items to a provider whose rate the model states.
pub(super) fn pace(graph: &Graph, jobs: &mut [Option<JobShare>], nodes: &[NodeLoad]) {
    for (i, share) in jobs.iter_mut().enumerate() {
        let Some(j) = share.as_mut().filter(|j| j.per_run.is_some()) else {
            continue;
        };
        let Some(call) = graph.calls.get(i) else {
            continue;
        };
        let callee = nodes.iter().find(|n| n.name == call.to);
        let Some((limit, _)) = callee.and_then(|n| n.limit.as_ref()) else {
            continue;
        };
        // The callee's peak counts this job at its average; the rest is everyone else's.
        let others = callee.map_or(0.0, |n| (n.rate_rps - j.rate_rps).max(0.0));
        j.others_rps = others;
        j.pace_rps = Some((limit - others).max(0.0));
    }
}
