//! The decisions a model records outright (each broker's and cache's technology, the
//! authentication methods, each API style and data store, the deployment strategy). Each render
//! records them in the manifest; when one changes, archgen proposes an ADR instead of silently
//! rewriting the documents' history.

use super::ops::{decision_lines, next_number};
use super::yaml_edit::{Source, apply};
use crate::model::Model;
use crate::view::View;
use std::collections::BTreeMap;

/// One recorded decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fact {
    /// Stable key in the manifest, e.g. `cache order-summaries`.
    pub key: String,
    /// What it is about, in prose: `the order-summaries cache`.
    pub subject: String,
    /// The choice, e.g. `Redis`.
    pub value: String,
    /// Where the model says so.
    pub pointer: String,
}

/// A change of a recorded decision, to be proposed as an ADR.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proposal {
    /// The fact after the change.
    pub fact: Fact,
    /// Its value before.
    pub old: String,
    /// The ADR whose outcome or title names the old value, which the proposal would supersede.
    pub supersedes: Option<u32>,
}

impl Proposal {
    /// The proposed ADR's title.
    pub fn title(&self) -> String {
        format!(
            "Replace {} with {} for {}",
            self.old, self.fact.value, self.fact.subject
        )
    }
}

/// Every recorded decision of `model`.
pub fn facts(model: &Model, view: &View) -> Vec<Fact> {
    let mut out = Vec::new();
    let mut add = |key: String, subject: String, value: &str, pointer: String| {
        if !value.trim().is_empty() {
            out.push(Fact {
                key,
                subject,
                value: value.trim().to_owned(),
                pointer,
            });
        }
    };
    for (i, b) in model.communication.brokers.iter().enumerate() {
        add(
            format!("broker {}", b.name),
            format!("the {} broker", b.name),
            &b.technology,
            format!("/communication/brokers/{i}/technology"),
        );
    }
    for (i, c) in model.performance.caches.iter().enumerate() {
        let subject = if c.name.to_lowercase().ends_with("cache") {
            format!("the {}", c.name)
        } else {
            format!("the {} cache", c.name)
        };
        add(
            format!("cache {}", c.name),
            subject,
            &c.technology,
            format!("/performance/caches/{i}/technology"),
        );
    }
    let methods: Vec<String> = model
        .security
        .authentication
        .iter()
        .map(|a| crate::text::word(a.method))
        .collect();
    add(
        "authentication".into(),
        "authentication".into(),
        &methods.join(" and "),
        "/security/authentication".into(),
    );
    for (i, (s, v)) in model.services.iter().zip(&view.services).enumerate() {
        add(
            format!("api {}", s.name),
            format!("the {} API", s.name),
            &v.api.style,
            format!("/services/{i}/api/style"),
        );
        for (j, d) in s.data.iter().enumerate() {
            add(
                format!("store {}/{}", s.name, d.name),
                format!("the {} data of {}", d.name, s.name),
                &d.store,
                format!("/services/{i}/data/{j}/store"),
            );
        }
    }
    if let Some(strategy) = &model.deployment.strategy {
        add(
            "deployment strategy".into(),
            "deployment".into(),
            &crate::text::word(strategy),
            "/deployment/strategy".into(),
        );
    }
    out
}

/// The facts as the manifest keeps them.
pub fn recorded(facts: &[Fact]) -> BTreeMap<String, String> {
    facts
        .iter()
        .map(|f| (f.key.clone(), f.value.clone()))
        .collect()
}

/// The facts whose value changed since `before` (keys new or gone are no change of a
/// decision), each with the ADR it would supersede.
pub fn changes(facts: &[Fact], before: &BTreeMap<String, String>, view: &View) -> Vec<Proposal> {
    facts
        .iter()
        .filter_map(|f| {
            let old = before.get(&f.key).filter(|old| **old != f.value)?;
            Some(Proposal {
                fact: f.clone(),
                old: old.clone(),
                supersedes: superseded(view, old),
            })
        })
        .collect()
}

/// The latest decision in effect whose outcome or title names `old`.
fn superseded(view: &View, old: &str) -> Option<u32> {
    let names = |text: &str| {
        let text = text.to_lowercase();
        let old = old.to_lowercase();
        text.match_indices(&old).any(|(i, _)| {
            let before = text[..i].chars().next_back();
            let after = text[i + old.len()..].chars().next();
            !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
        })
    };
    view.decisions
        .iter()
        .rev()
        .filter(|d| d.status == "accepted" || d.status == "proposed")
        .find(|d| names(&d.outcome) || names(&d.title))
        .map(|d| d.number)
}

/// Adds one proposed decision per change to the model's text; returns it with the numbers.
pub fn propose(
    source: &str,
    model: &Model,
    proposals: &[Proposal],
) -> anyhow::Result<(String, Vec<u32>)> {
    let src = Source::new(source);
    let (mut lines, mut numbers) = (Vec::new(), Vec::new());
    for (number, p) in (next_number(model)..).zip(proposals) {
        let replaces = p
            .supersedes
            .map(|n| format!(", the choice ADR {n:04} records"))
            .unwrap_or_default();
        let context = format!(
            "The model now records {} instead of {} for {}{replaces}. archgen proposed this record when it re-rendered the documents, so that the change is reviewed and accepted rather than silently rewriting the earlier decision; the reasons are still to be recorded.",
            p.fact.value, p.old, p.fact.subject
        );
        let options = [p.fact.value.as_str(), p.old.as_str()];
        lines.push(decision_lines(
            number,
            &p.title(),
            &context,
            &options,
            &p.fact.value,
            p.supersedes,
        ));
        numbers.push(number);
    }
    let edit = src.append("decisions", model.decisions.len(), &lines)?;
    let text = apply(source, vec![edit]);
    crate::load::parse(&text, "the model with the proposed ADRs").map_err(|e| {
        anyhow::anyhow!(
            "the proposed ADRs would leave the model invalid, so nothing was written\n\n{e}"
        )
    })?;
    Ok((text, numbers))
}
