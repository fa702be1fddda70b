//! Decisions: unique ADR numbers, supersessions that point at a decision, an outcome among
//! the options.

use super::{Issues, fields};
use crate::model::{Decision, DecisionStatus, Model};
use std::collections::HashMap;

pub(super) fn check(model: &Model, issues: &mut Issues) {
    let numbers = crate::derive::decisions::decision_numbers(&model.decisions);
    let mut seen: HashMap<u32, usize> = HashMap::new();
    let alerts: Vec<&str> = (model.observability.alerting.alerts.iter())
        .map(|x| x.name.as_str())
        .collect();
    for (i, (d, n)) in model.decisions.iter().zip(&numbers).enumerate() {
        let dp = format!("/decisions/{i}");
        text(d, &dp, issues);
        let twin = seen.insert(*n, i).map(|first| &model.decisions[first]);
        number(d, *n, twin, &dp, issues);
        outcome(d, &dp, issues);
        supersession(d, &numbers, &dp, issues);
        for (j, w) in d.watched_by.iter().enumerate() {
            issues.check(
                format!("{dp}/watched_by/{j}"),
                &format!("decision `{}` is watched by", d.title),
                fields::reference(
                    w,
                    alerts.iter().copied(),
                    "alert of `observability.alerting`",
                ),
            );
        }
    }
}

/// A decision's title and context.
fn text(d: &Decision, dp: &str, issues: &mut Issues) {
    issues.check(
        format!("{dp}/title"),
        "a decision's `title`",
        fields::non_blank(&d.title),
    );
    issues.check(
        format!("{dp}/context"),
        &format!("decision `{}`: `context`", d.title),
        fields::non_blank(&d.context),
    );
}

/// A decision's number: from 2, and not `twin`'s, the decision that has it already.
fn number(d: &Decision, n: u32, twin: Option<&Decision>, dp: &str, issues: &mut Issues) {
    if n < 2 {
        issues.push(
            format!("{dp}/number"),
            format!("decision `{}` has number {n}", d.title),
            Some("ADR 0001 records the decision to keep ADRs; number decisions from 2".into()),
        );
    }
    if let Some(first) = twin {
        issues.push(
            format!("{dp}/number"),
            format!(
                "decisions `{}` and `{}` both have number {n}",
                first.title, d.title
            ),
            Some(format!(
                "a merge of two branches leaves this; `archgen adr renumber` gives `{}` the next free number",
                d.title
            )),
        );
    }
}

/// A decision's outcome, one of its options when it lists them, and its date. Only a proposed
/// decision may be open, with no outcome yet.
fn outcome(d: &Decision, dp: &str, issues: &mut Issues) {
    if d.outcome.trim().is_empty() && d.status != DecisionStatus::Proposed {
        issues.push(
            format!("{dp}/outcome"),
            format!(
                "decision `{}` is {} and has no `outcome`",
                d.title,
                crate::text::variant(&d.status)
            ),
            Some(
                "name the chosen option in `outcome`, or set `status: proposed` while the \
                 decision is open"
                    .into(),
            ),
        );
    } else if !d.outcome.trim().is_empty() && !d.options.is_empty() {
        let names: Vec<&str> = d.options.iter().map(|o| o.name.as_str()).collect();
        issues.check(
            format!("{dp}/outcome"),
            &format!("decision `{}`: outcome", d.title),
            fields::reference(&d.outcome, names, "option of this decision"),
        );
    }
    if let Some(date) = &d.date {
        issues.check(
            format!("{dp}/date"),
            &format!("decision `{}`: date", d.title),
            fields::date(date),
        );
    }
}

/// A decision's status against its `superseded_by`, which must name one of `numbers`.
fn supersession(d: &Decision, numbers: &[u32], dp: &str, issues: &mut Issues) {
    match (d.status, d.superseded_by) {
        (DecisionStatus::Superseded, None) => issues.push(
            format!("{dp}/status"),
            format!("decision `{}` is superseded but says not by which", d.title),
            Some("add `superseded_by:` with the number of the decision that replaces it".into()),
        ),
        (DecisionStatus::Superseded, Some(by)) if !numbers.contains(&by) => issues.push(
            format!("{dp}/superseded_by"),
            format!(
                "decision `{}` is superseded by {by}, which does not exist",
                d.title
            ),
            Some("use the number of a decision in this model".into()),
        ),
        (s, Some(_)) if s != DecisionStatus::Superseded => issues.push(
            format!("{dp}/superseded_by"),
            format!(
                "decision `{}` has `superseded_by` but its status is not `superseded`",
                d.title
            ),
            Some("set `status: superseded`, or remove `superseded_by`".into()),
        ),
        _ => {}
    }
}
