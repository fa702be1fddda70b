//! Steps the outside world paces: a warehouse dispatching over its shifts, a carrier
//! delivering over the day. Such a step comes at its own rate (`paced_per_second`), not at the
//! rate of the runs that lead to it, and so do the steps after it in its branch; unstated, a
//! step an external system sends in a flow an event starts is taken at that event's peak, an
//! assumption the documents list.

use super::Assumption;
use crate::derive::graph::{Flow, FlowStep, Graph};
use serde::Serialize;
use std::collections::BTreeMap;

/// A step the outside world sends, with the rate it is counted at and the rate its flow's
/// runs would bring it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OutsideStep {
    /// The flow.
    pub flow: String,
    /// The event that starts the flow's runs, for a flow no user starts.
    pub triggered_by: Option<String>,
    /// Who sends it: an external system.
    pub from: String,
    /// Who receives it.
    pub to: String,
    /// What it is, e.g. `parcel.dispatched`.
    pub action: String,
    /// The pace the model states (`paced_per_second`), if it does.
    pub paced_per_s: Option<f64>,
    /// The rate it counts at, per second at peak.
    pub rate_per_s: f64,
    /// The rate the flow's runs would bring it, per second at peak.
    pub runs_bring_per_s: f64,
}

/// The steps of the flows already walked, by flow and step path.
#[derive(Debug, Default)]
pub(super) struct Outside(BTreeMap<(String, String), OutsideStep>);

/// For each step of `flow` run `rate` times a second, the fraction of its runs that reach it
/// in time with the run: below 1 at and after a step the outside world paces below what the
/// flow would send, in that step's branch (a later pace in a branch takes over from it).
pub(super) fn paces(flow: &Flow, rate: f64) -> Vec<f64> {
    let mut out = vec![1.0; flow.steps.len()];
    for (i, s) in flow.steps.iter().enumerate() {
        let Some(paced) = s.paced_per_second else {
            continue;
        };
        let wanted = rate * s.share;
        let pace = if wanted > paced { paced / wanted } else { 1.0 };
        let scope = format!("{}/", s.path.rsplit_once('/').map_or("", |(a, _)| a));
        for (j, t) in flow.steps.iter().enumerate().skip(i) {
            if t.path.starts_with(&scope) {
                out[j] = pace;
            }
        }
    }
    out
}

impl Outside {
    /// Records step `s` of `flow`, counted at `rate` where its runs bring `brought`, when an
    /// external system sends it and either the model paces it or an event starts the flow.
    pub(super) fn record(
        &mut self,
        graph: &Graph,
        flow: &Flow,
        s: &FlowStep,
        rate: f64,
        brought: f64,
    ) {
        let outside = graph.kind(&s.from) == "external";
        if !outside || (s.paced_per_second.is_none() && flow.triggered_by.is_none()) {
            return;
        }
        let key = (flow.name.clone(), s.path.clone());
        let step = self.0.entry(key).or_insert_with(|| OutsideStep {
            flow: flow.name.clone(),
            triggered_by: flow.triggered_by.clone(),
            from: s.from.clone(),
            to: s.to.clone(),
            action: s.action.clone(),
            paced_per_s: s.paced_per_second,
            rate_per_s: 0.0,
            runs_bring_per_s: 0.0,
        });
        step.rate_per_s += rate;
        step.runs_bring_per_s += brought;
    }

    /// The steps, in flow and step order.
    pub(super) fn steps(&self) -> Vec<OutsideStep> {
        self.0.values().cloned().collect()
    }

    /// The assumption that the unpaced steps come at their trigger's peak, if any does.
    pub(super) fn assume(&self, assumptions: &mut Vec<Assumption>) {
        let unpaced: Vec<String> = (self.0.values())
            .filter(|s| s.paced_per_s.is_none() && s.rate_per_s > 0.0)
            .map(|s| {
                format!(
                    "{}'s `{}` ({} → {}) at {}/s, the peak of {}",
                    s.flow,
                    s.action,
                    s.from,
                    s.to,
                    crate::derive::capacity::round_rate(s.rate_per_s),
                    s.triggered_by.as_deref().unwrap_or("the runs"),
                )
            })
            .collect();
        if unpaced.is_empty() {
            return;
        }
        assumptions.push(Assumption::new(
            "capacity.outside-at-trigger-peak",
            format!(
                "a step an external system sends in a flow an event starts comes as fast as that event at its peak: {}",
                unpaced.join("; ")
            ),
            "the model does not say how fast the outside world sends it; a warehouse, a carrier or a person works to a schedule of their own, often hours or days after the event, and slower than its peak",
            "the receiver's and its gateway's request rates; the events after the step, their partitions and storage; the invalidations of caches they reach",
            "communication.flows[].steps[].paced_per_second",
        ));
    }
}
