//! Step 4, per flow step: whether it runs only on some runs (an `opt` block around the call,
//! with its condition and share of the runs) or repeats (a `loop` block, when the condition
//! reads `for each …` or `while …`, with its count a run), and for an `alt` block a hand edit
//! wrote, each branch's share on one line. A step asked as a call reads and writes the call
//! inside its block, so wrapping it keeps every other answer.

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

/// The one block (`opt` or `loop`) around a step that holds nothing else.
fn single_block(s: &FlowStep) -> Option<&Branch> {
    if !s.alt.is_empty() || !s.par.is_empty() {
        return None;
    }
    let b = match (&s.opt, &s.r#loop) {
        (Some(b), None) | (None, Some(b)) => b,
        _ => return None,
    };
    match b.steps.as_slice() {
        [one] if one.block().is_none() => Some(b),
        _ => None,
    }
}

/// The one call of an `opt` or `loop` block holding nothing else.
fn single_opt(s: &FlowStep) -> Option<&FlowStep> {
    single_block(s).map(|b| &b.steps[0])
}

/// Whether a condition repeats the step (`for each line`, `while stock is short`) rather than
/// making it optional.
fn repeats(when: &str) -> bool {
    let w = when.trim_start().to_lowercase();
    ["for each ", "each ", "while ", "until ", "for every "]
        .iter()
        .any(|p| w.starts_with(p))
}

/// The call a step makes: itself, or the one inside its `opt`.
pub(super) fn call(s: &FlowStep) -> &FlowStep {
    single_opt(s).unwrap_or(s)
}

/// The call a step makes, to change.
pub(super) fn call_mut<'a>(m: &'a mut Model, at: &At) -> &'a mut FlowStep {
    let wrapped = single_opt(step(m, at)).is_some();
    let s = step_mut(m, at);
    match (wrapped, s.opt.is_some()) {
        (true, true) => &mut s.opt.as_mut().expect("an opt block").steps[0],
        (true, false) => &mut s.r#loop.as_mut().expect("a loop block").steps[0],
        (false, _) => s,
    }
}

/// The condition and share of a call that runs only sometimes, and the alt branches' shares.
pub(super) fn questions() -> Vec<Node> {
    nodes![
        text(
            "steps.when",
            "Does it run only sometimes? (its condition, e.g. `card declined`; empty: every run)"
        )
        .help(
            "A condition makes it an `opt` block, costed by its share of runs; `for each …` or \
             `while …` makes it a `loop`."
        )
        .value(Lens::new(
            |m, at| {
                single_block(step(m, at))
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
        .when(|m, at| single_opt(step(m, at)).is_some() && step(m, at).opt.is_some()),
        text(
            "steps.times",
            "How many times does it repeat in a run, on average? (e.g. `1.6`; empty: once, assumed)"
        )
        .help(
            "Its calls and events count this many times a run in the capacity model, e.g. 1.6 \
             offers a trip when most first offers are accepted."
        )
        .value(Lens::new(
            |m, at| step(m, at).r#loop.as_ref().and_then(|b| b.times),
            |m, at, v| {
                if let Some(b) = step_mut(m, at).r#loop.as_mut() {
                    b.times = v;
                }
            },
        ))
        .check(times)
        .when(|m, at| single_opt(step(m, at)).is_some() && step(m, at).r#loop.is_some()),
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

/// A loop's count a run, when given: above 0 and at most 1,000 (the loader's rule).
fn times(_: &Model, _: &At, v: &Option<f64>) -> Result<(), String> {
    v.map_or(Ok(()), crate::validate::fields::loop_count)
}

/// A condition wraps the call in an `opt` (or, when it repeats the call, a `loop`); none
/// unwraps it. A block that only changes condition keeps its name and share.
fn set_when(m: &mut Model, at: &At, when: String) {
    let s = step_mut(m, at);
    let when = when.trim().to_owned();
    let looped = repeats(&when);
    if single_opt(s).is_none() {
        if !when.is_empty() {
            let inner = std::mem::take(s);
            put(
                s,
                looped,
                Branch {
                    when,
                    steps: vec![inner],
                    ..Branch::default()
                },
            );
        }
        return;
    }
    let mut block = s
        .opt
        .take()
        .or_else(|| s.r#loop.take())
        .expect("a block around the call");
    if when.is_empty() {
        *s = block.steps.remove(0);
        return;
    }
    if looped {
        // A loop runs on every run of the flow; a share is an `opt`'s.
        block.share = None;
    }
    block.when = when;
    put(s, looped, block);
}

/// Puts `block` around step `s` as a `loop` or an `opt`.
fn put(s: &mut FlowStep, looped: bool, block: Branch) {
    if looped {
        s.r#loop = Some(block);
    } else {
        s.opt = Some(block);
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

/// Which of a flow's steps run at the same time: their numbers joined by `+` make a `par`
/// block, one branch per step. Asked once the steps are in, when two or more are plain calls.
pub(super) fn parallel() -> Node {
    text(
        "flows.parallel",
        "Steps that run at the same time? (numbers joined by `+`, e.g. `2+3`; empty: none)",
    )
    .help("They become a `par` block, drawn side by side; the flow waits for the slowest.")
    .value(Lens::new(|_, _| String::new(), set_parallel))
    .check(|m, at, v: &String| read_parallel(&m.communication.flows[at[0]].steps, v).map(|_| ()))
    .when(|m, at| {
        let steps = &m.communication.flows[at[0]].steps;
        steps.iter().filter(|s| s.block().is_none()).count() >= 2
    })
    .into()
}

/// The groups of step indices (from 0) `line` names: each two or more consecutive plain steps,
/// no step in two groups.
fn read_parallel(steps: &[FlowStep], line: &str) -> Result<Vec<Vec<usize>>, String> {
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for group in line
        .split([';', ','])
        .map(str::trim)
        .filter(|g| !g.is_empty())
    {
        let mut k: Vec<usize> = Vec::new();
        for n in group.split('+').map(str::trim) {
            let i: usize = n
                .parse()
                .map_err(|_| format!("`{group}`: step numbers joined by `+`, e.g. `2+3`"))?;
            if i == 0 || i > steps.len() {
                return Err(format!(
                    "there is no step {i}: the flow has {}",
                    steps.len()
                ));
            }
            if steps[i - 1].block().is_some() {
                return Err(format!(
                    "step {i} is already a block; edit the model for nesting"
                ));
            }
            k.push(i - 1);
        }
        k.sort_unstable();
        k.dedup();
        if k.len() < 2 || k.windows(2).any(|w| w[1] != w[0] + 1) {
            return Err(format!(
                "`{group}`: two or more steps next to each other, e.g. `2+3`"
            ));
        }
        if groups.iter().flatten().any(|i| k.contains(i)) {
            return Err(format!("`{group}`: a step can be in one group only"));
        }
        groups.push(k);
    }
    Ok(groups)
}

/// Wraps each group `line` names in a `par` block, one branch per step.
fn set_parallel(m: &mut Model, at: &At, line: String) {
    let steps = &mut m.communication.flows[at[0]].steps;
    let Ok(mut groups) = read_parallel(steps, &line) else {
        return;
    };
    // From the last group back, so the earlier indices stay put.
    groups.sort_unstable_by_key(|g| std::cmp::Reverse(g[0]));
    for g in groups {
        let taken: Vec<FlowStep> = steps.drain(g[0]..=g[g.len() - 1]).collect();
        let par = taken
            .into_iter()
            .map(|s| Branch {
                steps: vec![s],
                ..Branch::default()
            })
            .collect();
        steps.insert(
            g[0],
            FlowStep {
                par,
                ..FlowStep::default()
            },
        );
    }
}

#[cfg(test)]
mod parallel_tests {
    use super::*;

    fn steps(n: usize) -> Vec<FlowStep> {
        (0..n)
            .map(|i| FlowStep {
                from: "a".into(),
                to: format!("s{i}"),
                action: "x".into(),
                ..FlowStep::default()
            })
            .collect()
    }

    #[test]
    fn groups_are_neighbouring_plain_steps() {
        assert_eq!(read_parallel(&steps(4), "2+3"), Ok(vec![vec![1, 2]]));
        assert_eq!(read_parallel(&steps(4), ""), Ok(vec![]));
        assert!(
            read_parallel(&steps(4), "1+3")
                .unwrap_err()
                .contains("next to each other")
        );
        assert!(
            read_parallel(&steps(4), "4+5")
                .unwrap_err()
                .contains("no step 5")
        );
        assert!(
            read_parallel(&steps(4), "2+3; 3+4")
                .unwrap_err()
                .contains("one group only")
        );
    }
}
