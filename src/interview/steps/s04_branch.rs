//! Step 4, per flow step: whether it runs only on some runs (an `opt` block around the call,
//! with its condition and share of the runs), and for an `alt` block a hand edit wrote, each
//! branch's share on one line. A step asked as a call reads and writes the call inside its
//! `opt`, so wrapping it keeps every other answer.

use super::prelude::*;
use crate::interview::flow::Node;
use crate::model::{Branch, Step as FlowStep};

fn step<'a>(m: &'a Model, at: &At) -> &'a FlowStep {
    &m.communication.flows[at[0]].steps[at[1]]
}

fn step_mut<'a>(m: &'a mut Model, at: &At) -> &'a mut FlowStep {
    &mut m.communication.flows[at[0]].steps[at[1]]
}

/// Whether the step is a call, or an `opt` around one call: what the call questions ask.
pub(super) fn is_call(s: &FlowStep) -> bool {
    match s.block() {
        None => true,
        Some(_) => single_opt(s).is_some(),
    }
}

/// The one call of an `opt` block holding nothing else.
fn single_opt(s: &FlowStep) -> Option<&FlowStep> {
    let only = s.alt.is_empty() && s.par.is_empty() && s.r#loop.is_none();
    let b = s.opt.as_ref().filter(|_| only)?;
    match b.steps.as_slice() {
        [one] if one.block().is_none() => Some(one),
        _ => None,
    }
}

/// The call a step makes: itself, or the one inside its `opt`.
pub(super) fn call(s: &FlowStep) -> &FlowStep {
    single_opt(s).unwrap_or(s)
}

/// The call a step makes, to change.
pub(super) fn call_mut<'a>(m: &'a mut Model, at: &At) -> &'a mut FlowStep {
    let wrapped = single_opt(step(m, at)).is_some();
    let s = step_mut(m, at);
    match wrapped {
        true => &mut s.opt.as_mut().expect("an opt block").steps[0],
        false => s,
    }
}

/// The condition and share of a call that runs only sometimes, and the alt branches' shares.
pub(super) fn questions() -> Vec<Node> {
    nodes![
        text(
            "steps.when",
            "Does it run only sometimes? (its condition, e.g. `card declined`; empty: every run)"
        )
        .help("A condition makes it an `opt` block: drawn as such, costed by its share of runs.")
        .value(Lens::new(
            |m, at| {
                let s = step(m, at);
                single_opt(s)
                    .and(s.opt.as_ref())
                    .map(|b| b.when.clone())
                    .unwrap_or_default()
            },
            set_when,
        ))
        .when(|m, at| is_call(step(m, at))),
        text(
            "steps.share",
            "In what percent of runs does it happen? (empty: assumed half)"
        )
        .help("The capacity model counts its calls and events at this share of the flow's runs.")
        .value(Lens::new(
            |m, at| step(m, at).opt.as_ref().and_then(|b| b.share),
            |m, at, v| {
                if let Some(b) = step_mut(m, at).opt.as_mut() {
                    b.share = v;
                }
            },
        ))
        .check(percent)
        .when(|m, at| single_opt(step(m, at)).is_some()),
        text(
            "steps.alt_shares",
            "Percent of runs per branch? (`condition: percent; …`; empty: split evenly)"
        )
        .help("Exactly one branch runs, so the shares add up to at most 100.")
        .value(Lens::new(|m, at| show_shares(&step(m, at).alt), set_shares))
        .check(|m, at, v: &String| read_shares(&step(m, at).alt, v).map(|_| ()))
        .when(|m, at| !step(m, at).alt.is_empty()),
    ]
}

/// A condition wraps the call in an `opt`; none unwraps it.
fn set_when(m: &mut Model, at: &At, when: String) {
    let s = step_mut(m, at);
    let when = when.trim().to_owned();
    match (single_opt(s).is_some(), when.is_empty()) {
        (true, true) => {
            let inner = s.opt.take().expect("an opt block").steps.remove(0);
            *s = inner;
        }
        (true, false) => s.opt.as_mut().expect("an opt block").when = when,
        (false, true) => {}
        (false, false) => {
            let inner = std::mem::take(s);
            s.opt = Some(Branch {
                when,
                steps: vec![inner],
                ..Branch::default()
            });
        }
    }
}

fn show_shares(alt: &[Branch]) -> String {
    let stated = alt.iter().filter_map(|b| b.share.map(|p| (b, p)));
    let shown: Vec<String> = stated.map(|(b, p)| format!("{}: {p}", label(b))).collect();
    shown.join("; ")
}

/// A branch by its name, else its condition.
fn label(b: &Branch) -> &str {
    if b.name.is_empty() { &b.when } else { &b.name }
}

fn read_shares(alt: &[Branch], line: &str) -> Result<Vec<Option<f64>>, String> {
    let mut shares = vec![None; alt.len()];
    for entry in line.split(';').map(str::trim).filter(|e| !e.is_empty()) {
        let Some((which, pct)) = entry.rsplit_once(':') else {
            return Err(format!(
                "`{entry}`: write the branch, a colon and its percent"
            ));
        };
        let (which, pct) = (which.trim(), pct.trim());
        let Some(k) = alt.iter().position(|b| label(b) == which) else {
            let known: Vec<&str> = alt.iter().map(label).collect();
            return Err(format!(
                "no branch `{which}`; branches: {}",
                known.join(", ")
            ));
        };
        let p: f64 = pct
            .parse()
            .map_err(|_| format!("`{pct}` is not a number"))?;
        crate::validate::fields::percent(p)?;
        shares[k] = Some(p);
    }
    let sum: f64 = shares.iter().flatten().sum();
    if sum > 100.0 + 1e-9 {
        return Err(format!(
            "the shares add up to {sum}%: exactly one branch runs, so at most 100"
        ));
    }
    Ok(shares)
}

fn set_shares(m: &mut Model, at: &At, line: String) {
    let alt = &mut step_mut(m, at).alt;
    if let Ok(shares) = read_shares(alt, &line) {
        for (b, p) in alt.iter_mut().zip(shares) {
            b.share = p;
        }
    }
}
