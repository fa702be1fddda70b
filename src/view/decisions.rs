//! Architecture decisions as ADRs: numbers, file slugs, and the links between superseded ones.

use crate::derive::decisions::decision_numbers;
use crate::model::Model;
use crate::text::names;
use serde::Serialize;
use std::collections::BTreeMap;

/// An architecture decision record.
#[derive(Debug, Clone, Serialize)]
pub struct DecisionView {
    /// ADR number.
    pub number: u32,
    /// Zero-padded number, e.g. `0002`.
    pub id: String,
    /// File slug from the title.
    pub slug: String,
    /// Title.
    pub title: String,
    /// `proposed`, `accepted`, `rejected`, `deprecated` or `superseded`.
    pub status: String,
    /// The decision's date, or the model's.
    pub date: Option<String>,
    /// Who decided.
    pub deciders: Vec<String>,
    /// Context and problem.
    pub context: String,
    /// Decision drivers.
    pub drivers: Vec<String>,
    /// Options considered, the chosen one marked.
    pub options: Vec<OptionView>,
    /// The chosen option.
    pub outcome: String,
    /// Why.
    pub because: String,
    /// Good consequences.
    pub good: Vec<String>,
    /// Bad consequences.
    pub bad: Vec<String>,
    /// How the team will know the decision works.
    pub confirmation: String,
    /// The alerts that watch its confirmation.
    pub watched_by: Vec<String>,
    /// Whether archgen found the decision open in the model (a proposed ADR it wrote).
    pub detected: bool,
    /// Who settles a detected decision.
    pub owner: String,
    /// The model key whose value settles a detected decision.
    pub key: String,
    /// The ADR id that replaces it.
    pub superseded_by: Option<String>,
    /// ADR ids it replaces (or, while proposed, would replace).
    pub supersedes: Vec<String>,
    /// Its documents by id, filled in by the renderer.
    pub docs: BTreeMap<String, String>,
}

/// An option of a decision.
#[derive(Debug, Clone, Serialize)]
pub struct OptionView {
    /// Name.
    pub name: String,
    /// Description.
    pub description: String,
    /// Pros.
    pub pros: Vec<String>,
    /// Cons.
    pub cons: Vec<String>,
    /// Whether it was chosen.
    pub chosen: bool,
}

pub(super) fn build(model: &Model) -> Vec<DecisionView> {
    let numbers = decision_numbers(&model.decisions);
    let id = |n: u32| format!("{n:04}");
    let mut out: Vec<DecisionView> = model
        .decisions
        .iter()
        .zip(&numbers)
        .map(|(d, n)| DecisionView {
            number: *n,
            id: id(*n),
            slug: names::slug(&d.title, "decision"),
            title: d.title.clone(),
            status: crate::text::word(d.status),
            date: d.date.clone().or_else(|| model.date.clone()),
            deciders: d.deciders.clone(),
            context: d.context.clone(),
            drivers: d.drivers.clone(),
            options: d
                .options
                .iter()
                .map(|o| OptionView {
                    name: o.name.clone(),
                    description: o.description.clone(),
                    pros: o.pros.clone(),
                    cons: o.cons.clone(),
                    chosen: o.name == d.outcome,
                })
                .collect(),
            // Blank while a proposed decision is open.
            outcome: d.outcome.trim().to_owned(),
            because: d.because.clone(),
            good: d.consequences.good.clone(),
            bad: d.consequences.bad.clone(),
            confirmation: d.confirmation.clone(),
            watched_by: d.watched_by.clone(),
            detected: false,
            owner: String::new(),
            key: String::new(),
            superseded_by: d.superseded_by.map(id),
            supersedes: model
                .decisions
                .iter()
                .zip(&numbers)
                .filter(|(other, _)| other.superseded_by == Some(*n))
                .map(|(_, m)| *m)
                // A proposal names the decision it would replace before that one says so.
                .chain(d.supersedes.filter(|m| numbers.contains(m)))
                .collect::<std::collections::BTreeSet<u32>>()
                .into_iter()
                .map(id)
                .collect(),
            docs: BTreeMap::new(),
        })
        .collect();
    out.sort_by_key(|d| d.number);
    out
}

/// A proposed ADR for a decision archgen found open: no option is chosen.
pub(super) fn detected(
    model: &Model,
    number: u32,
    o: crate::derive::open::OpenDecision,
) -> DecisionView {
    DecisionView {
        number,
        id: format!("{number:04}"),
        slug: names::slug(&o.title, "decision"),
        title: o.title,
        status: "proposed".into(),
        date: model.date.clone(),
        deciders: Vec::new(),
        context: o.why,
        drivers: o
            .drivers
            .iter()
            .cloned()
            .chain([format!("What waits for it: {}", o.blocks)])
            .collect(),
        options: o
            .options
            .iter()
            .enumerate()
            .map(|(i, name)| {
                let (pros, cons) = o.weighed.get(i).cloned().unwrap_or_default();
                OptionView {
                    name: name.clone(),
                    description: String::new(),
                    pros,
                    cons,
                    chosen: false,
                }
            })
            .collect(),
        outcome: String::new(),
        because: String::new(),
        good: Vec::new(),
        bad: Vec::new(),
        confirmation: format!(
            "Confirmed when {} chooses: the choice is recorded as a decision with a number of its own, and {} in the model says the same. Until then this record stays proposed, drawn from the open question; it is replaced once the choice is recorded, never edited into an accepted one.",
            o.owner, o.key
        ),
        watched_by: Vec::new(),
        detected: true,
        owner: o.owner,
        key: o.key,
        superseded_by: None,
        supersedes: Vec::new(),
        docs: BTreeMap::new(),
    }
}
