//! The kickoff set's view: assumptions, open decisions, risks, the threat model per flow,
//! failure modes and recovery per dependency, non-goals and the glossary of the model's terms.

use crate::derive::assumptions::Assumption;
use crate::derive::failures::{self, FailureMode, StoreRecovery};
use crate::derive::open::{self, OpenDecision};
use crate::derive::risks::{self, RiskItem};
use crate::derive::threats::{self, FlowThreats};
use crate::model::Model;
use serde::Serialize;

/// What a kickoff set carries beside the ten steps.
#[derive(Debug, Clone, Serialize)]
pub struct KickoffView {
    /// Values the documents use that the model did not state.
    pub assumptions: Vec<Assumption>,
    /// Open decisions: the model's open questions, then those archgen found.
    pub open: Vec<OpenDecision>,
    /// Risks: declared, then detected.
    pub risks: Vec<RiskItem>,
    /// STRIDE per flow.
    pub threats: Vec<FlowThreats>,
    /// The roles that reach every record of a kind others hold as their own.
    pub insiders: Vec<crate::derive::threats_insiders::Insider>,
    /// How each dependency fails.
    pub failures: Vec<FailureMode>,
    /// Each store's recovery objectives and backup.
    pub recovery: Vec<StoreRecovery>,
    /// How each store's owner brings it back in line after a point-in-time restore.
    pub reconcile: Vec<crate::derive::restore::Reconcile>,
    /// What the system deliberately does not do.
    pub non_goals: Vec<String>,
    /// The model's terms, alphabetically.
    pub glossary: Vec<super::glossary::GlossaryEntry>,
}

pub(super) fn build(
    model: &Model,
    assumptions: Vec<Assumption>,
    streams: Option<&crate::derive::stream_load::StreamLoad>,
) -> KickoffView {
    let (avail, budget) = targets(model);
    let mut open = open::declared(model);
    open.extend(open::detect(model, avail, budget));
    open.extend(open::questions(model, avail, budget));
    let failures = failures::modes(model);
    KickoffView {
        assumptions,
        open,
        risks: risks::risks(model, avail, streams, &failures),
        threats: threats::flows(model),
        insiders: crate::derive::threats_insiders::insiders(model),
        failures,
        reconcile: crate::derive::restore::derive(model, &failures::stores(model)),
        recovery: failures::stores(model),
        non_goals: model.requirements.non_goals.clone(),
        glossary: super::glossary::build(model),
    }
}

/// The availability target in percent and the 30-day error budget it leaves, in minutes.
pub(super) fn targets(model: &Model) -> (f64, f64) {
    let avail = crate::defaults::availability(model);
    (avail, crate::defaults::error_budget_minutes(avail))
}

/// The decisions archgen found open, as proposed ADRs numbered after the model's own.
pub(super) fn proposed(
    model: &Model,
    decisions: &[super::DecisionView],
) -> Vec<super::DecisionView> {
    let mut next = decisions.iter().map(|d| d.number).max().unwrap_or(1) + 1;
    let (avail, budget) = targets(model);
    open::detect(model, avail, budget)
        .into_iter()
        .map(|o| {
            let n = next;
            next += 1;
            super::decisions::detected(model, n, o)
        })
        .collect()
}
