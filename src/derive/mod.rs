//! Every value archgen computes from the model rather than reads from it, each in one place
//! with its tests: the view, the checks, the interview and the ADR commands all ask here, and
//! templates only present what these return. Beside the decisions: what the documents assume
//! where the model is silent, the decisions it leaves open, the risks and threats it implies,
//! how each dependency fails and recovers, and guidance that must fit the model.

pub mod assumptions;
pub mod availability;
pub mod branches;
pub mod brief;
pub mod brokers;
pub mod burn;
pub mod callee_latency;
pub mod canary;
pub mod capacity;
pub mod capture;
pub mod capture_risk;
pub mod catch_up;
pub mod causes;
pub mod choices;
pub mod connections;
pub mod decisions;
pub mod delivery;
pub mod end_to_end;
pub mod existence;
pub mod failover;
pub mod failures;
pub mod flow_graph;
pub mod gateway;
pub mod gateway_latency;
pub mod give_up;
pub mod graph;
pub mod growth;
pub mod guidance;
pub mod handlers;
pub mod identity;
pub mod lanes;
pub mod lifecycle;
pub mod limiters;
pub mod link_style;
pub mod maintenance;
pub mod open;
pub mod open_connectors;
pub mod open_fallback;
mod open_flags;
mod open_jobs;
pub mod open_limits;
mod open_outbox;
mod open_rollouts;
pub mod own_moves;
pub mod partitions;
pub mod probes;
pub mod ranges;
pub mod readiness;
pub mod reconnect_risk;
pub mod relay_lag;
pub mod release;
pub mod resilience;
pub mod restore;
pub mod risks;
pub mod schedule;
pub mod stream_load;
pub mod testing;
pub mod threats;
pub mod threats_insiders;
pub mod trace_segments;
pub mod webhooks;
pub mod zones;

use serde::Serialize;

/// A value a derivation used that the model did not state: what the assumptions document
/// lists, with the model key that would state it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Assumption {
    /// Stable id, e.g. `capacity.use-case-mix`.
    pub id: String,
    /// The value assumed, in words, e.g. `an even split over 3 use cases`.
    pub value: String,
    /// Why this value.
    pub why: String,
    /// Where it is used: the derived figures that depend on it.
    pub used_in: String,
    /// The model key that would state it, e.g. `requirements.use_cases[].share`.
    pub key: String,
}

impl Assumption {
    pub(crate) fn new(id: &str, value: String, why: &str, used_in: &str, key: &str) -> Self {
        Assumption {
            id: id.into(),
            value,
            why: why.into(),
            used_in: used_in.into(),
            key: key.into(),
        }
    }
}

pub(crate) use crate::defaults::ceil_to;

/// `requests` per `window` as a rate per minute, so limits of different windows compare.
pub fn per_minute(requests: u32, window: crate::model::Window) -> f64 {
    use crate::model::Window;
    let seconds = match window {
        Window::Second => 1.0,
        Window::Minute => 60.0,
        Window::Hour => 3600.0,
        Window::Day => 86_400.0,
    };
    f64::from(requests) * 60.0 / seconds
}

#[cfg(test)]
mod tests {
    #[test]
    fn rates_compare_across_windows() {
        use crate::model::Window;
        assert_eq!(super::per_minute(10, Window::Second), 600.0);
        assert_eq!(super::per_minute(7200, Window::Hour), 120.0);
        assert_eq!(super::ceil_to(601.0, 10), 610);
    }
}
