//! Flows: every step a call or message between known components, or a block (`alt`, `opt`,
//! `par`, `loop`) whose branches hold steps and state their condition, and compensations
//! triggered by an event or branch that exists.

use super::names::{event_names, node_names};
use super::{Issues, fields};
use crate::model::{BlockKind, Branch, Flow, Model, Step};

pub(super) fn check(model: &Model, issues: &mut Issues) {
    let nodes = node_names(model);
    let events = event_names(model);
    for (i, f) in model.communication.flows.iter().enumerate() {
        let fp = format!("/communication/flows/{i}");
        if f.steps.is_empty() {
            issues.push(
                format!("{fp}/steps"),
                format!("flow `{}` has no steps", f.name),
                Some("list its steps in order".into()),
            );
        }
        if let Some(on) = &f.triggered_by {
            issues.check(
                format!("{fp}/triggered_by"),
                &format!("flow `{}`: `triggered_by`", f.name),
                fields::reference(on, events.iter().copied(), "event a service publishes"),
            );
        }
        let cx = Cx {
            flow: f,
            nodes: &nodes,
            events: &events,
            branches: branch_names(&f.steps),
        };
        cx.steps(&f.steps, &format!("{fp}/steps"), "", issues);
    }
    let flows = &model.communication.flows;
    if let Some(name) = &model.resilience.streams.on_reconnect
        && !flows.iter().any(|f| &f.name == name)
    {
        issues.push(
            "/resilience/streams/on_reconnect".into(),
            format!("`resilience.streams.on_reconnect` names `{name}`, which is no flow"),
            Some("name one of `communication.flows`, or remove the key".into()),
        );
    }
}

struct Cx<'a> {
    flow: &'a Flow,
    nodes: &'a [&'a str],
    events: &'a [&'a str],
    branches: Vec<&'a str>,
}

impl Cx<'_> {
    fn steps(&self, steps: &[Step], at: &str, label: &str, issues: &mut Issues) {
        for (j, s) in steps.iter().enumerate() {
            let sp = format!("{at}/{j}");
            let what = format!("flow `{}` step {label}{}", self.flow.name, j + 1);
            let blocks = [
                !s.alt.is_empty(),
                s.opt.is_some(),
                !s.par.is_empty(),
                s.r#loop.is_some(),
            ];
            match s.block() {
                Some((kind, branches)) => {
                    if blocks.iter().filter(|b| **b).count() > 1 {
                        issues.push(
                            sp.clone(),
                            format!("{what} holds more than one of `alt`, `opt`, `par`, `loop`"),
                            Some("nest one block inside a branch of the other".into()),
                        );
                    }
                    if !s.from.is_empty() || !s.to.is_empty() || !s.action.is_empty() {
                        issues.push(
                            sp.clone(),
                            format!("{what} is both a call and an `{}` block", kind.keyword()),
                            Some("move the call into a branch, or into a step of its own".into()),
                        );
                    }
                    if s.paced_per_second.is_some() {
                        issues.push(
                            format!("{sp}/paced_per_second"),
                            format!(
                                "{what} is an `{}` block, which no one sends at a pace",
                                kind.keyword()
                            ),
                            Some(
                                "move `paced_per_second` to the step the outside world sends"
                                    .into(),
                            ),
                        );
                    }
                    self.block(kind, &branches, &sp, &format!("{label}{}.", j + 1), issues);
                }
                None => self.call(s, &sp, &what, issues),
            }
        }
    }

    fn block(
        &self,
        kind: BlockKind,
        branches: &[&Branch],
        sp: &str,
        label: &str,
        issues: &mut Issues,
    ) {
        let key = kind.keyword();
        let stated: f64 = branches.iter().filter_map(|b| b.share).sum();
        if kind == BlockKind::Alt && stated > 100.0 + 1e-9 {
            issues.push(
                format!("{sp}/alt"),
                format!(
                    "flow `{}` step {}: the `alt` branches' shares add up to {stated}%",
                    self.flow.name,
                    label.trim_end_matches('.')
                ),
                Some(
                    "exactly one branch runs, so their shares add up to at most 100 (percent of the runs reaching the block)"
                        .into(),
                ),
            );
        }
        for (b, branch) in branches.iter().enumerate() {
            let bp = match kind {
                BlockKind::Alt | BlockKind::Par => format!("{sp}/{key}/{b}"),
                BlockKind::Opt | BlockKind::Loop => format!("{sp}/{key}"),
            };
            let what = format!("flow `{}` `{key}` branch {label}{}", self.flow.name, b + 1);
            if kind != BlockKind::Par && branch.when.trim().is_empty() {
                issues.push(
                    format!("{bp}/when"),
                    format!("{what} states no condition"),
                    Some("set `when`, e.g. `when: payment declined`".into()),
                );
            }
            if branch.estimate && branch.share.is_none() {
                issues.push(
                    format!("{bp}/estimate"),
                    format!("{what} marks its `share` an estimate, but states no `share`"),
                    Some(
                        "state the estimated `share` (percent of the runs reaching the block), or remove `estimate`"
                            .into(),
                    ),
                );
            }
            if let Some(share) = branch.share {
                if matches!(kind, BlockKind::Par | BlockKind::Loop) {
                    issues.push(
                        format!("{bp}/share"),
                        format!("{what} states a `share`, but a `{key}` branch runs on every run reaching it"),
                        Some("remove `share`, or make the block an `alt` or `opt`".into()),
                    );
                } else {
                    issues.check(
                        format!("{bp}/share"),
                        &format!("{what}: `share`"),
                        fields::percent(share),
                    );
                }
            }
            if let Some(times) = branch.times {
                loop_times(kind, times, &bp, &what, issues);
            }
            if branch.steps.is_empty() {
                issues.push(
                    format!("{bp}/steps"),
                    format!("{what} has no steps"),
                    Some("list the steps the branch takes, or remove the branch".into()),
                );
            }
            self.steps(
                &branch.steps,
                &format!("{bp}/steps"),
                &format!("{label}{}.", b + 1),
                issues,
            );
        }
    }

    fn call(&self, s: &Step, sp: &str, what: &str, issues: &mut Issues) {
        issues.check(
            format!("{sp}/from"),
            &format!("{what}: `from`"),
            fields::reference(&s.from, self.nodes.iter().copied(), "component"),
        );
        issues.check(
            format!("{sp}/to"),
            &format!("{what}: `to`"),
            fields::reference(&s.to, self.nodes.iter().copied(), "component"),
        );
        issues.check(
            format!("{sp}/action"),
            &format!("{what}: `action`"),
            fields::non_blank(&s.action),
        );
        if let Some(rate) = s.paced_per_second {
            issues.check(
                format!("{sp}/paced_per_second"),
                &format!("{what}: `paced_per_second`"),
                fields::rate_per_second(rate),
            );
        }
        if !s.returns.is_empty() && s.r#async == Some(true) {
            issues.push(
                format!("{sp}/returns"),
                format!("{what} is asynchronous and names a response"),
                Some(
                    "a message gets no reply: remove `returns`, or make the step synchronous"
                        .into(),
                ),
            );
        }
        if s.compensate_on.is_empty() {
            return;
        }
        if s.compensation.trim().is_empty() {
            issues.push(
                format!("{sp}/compensate_on"),
                format!("{what} names a trigger but no compensation"),
                Some("set `compensation` to what undoes the step".into()),
            );
        }
        let many = matches!(s.compensate_on, crate::model::Triggers::Many(_));
        for (i, name) in s.compensate_on.names().into_iter().enumerate() {
            let known = self.events.iter().chain(&self.branches).copied();
            let at = if many {
                format!("{sp}/compensate_on/{i}")
            } else {
                format!("{sp}/compensate_on")
            };
            issues.check(
                at,
                &format!("{what}: `compensate_on`"),
                fields::reference(name, known, "event or branch of this flow"),
            );
        }
    }
}

/// A branch's `times`: only a loop repeats, above 0 and at most 1000 times a run.
fn loop_times(kind: BlockKind, times: f64, bp: &str, what: &str, issues: &mut Issues) {
    if kind != BlockKind::Loop {
        issues.push(
            format!("{bp}/times"),
            format!("{what} states `times`, but only a `loop` repeats"),
            Some("remove `times`, or state the branch's `share`".into()),
        );
    } else if fields::loop_count(times).is_err() {
        issues.push(
            format!("{bp}/times"),
            format!("{what} runs {times} times a run"),
            Some("state the average count, above 0 and at most 1000, e.g. `times: 1.5`".into()),
        );
    }
}

/// The names of every branch in `steps`, nested ones included.
fn branch_names(steps: &[Step]) -> Vec<&str> {
    let mut out = Vec::new();
    for s in steps {
        for b in s.block().map(|(_, b)| b).unwrap_or_default() {
            if !b.name.is_empty() {
                out.push(b.name.as_str());
            }
            out.extend(branch_names(&b.steps));
        }
    }
    out
}
