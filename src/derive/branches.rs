//! How often a flow's conditional steps run: each `alt` branch or `opt` block takes the share of
//! the runs reaching it that the model states, else an even split of what the stated shares
//! leave (half the runs for an `opt`), which the documents list as an assumption and an open
//! question. A step's share of its flow's runs is the product of its enclosing branches'.

use crate::model::{BlockKind, Branch, Flow, Model, Walked};
use serde::Serialize;

/// The share an `opt` block runs on when the model does not say: as often as not.
pub const OPT_SHARE: f64 = 50.0;

/// One branch's share of the runs reaching its block.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Share {
    /// Percent of the runs reaching the block.
    pub percent: f64,
    /// Whether the model states it.
    pub stated: bool,
}

/// The share of `branch`, one of the branches `all` of a block of `kind`; `None` for `par`
/// branches, which run on every run reaching them; a loop's `times` is its share over 100 (150
/// for 1.5 times a run), and a loop that states none runs once a run, assumed.
pub fn of(kind: BlockKind, branch: &Branch, all: &[Branch]) -> Option<Share> {
    let stated = |p: f64| Share {
        percent: p,
        stated: true,
    };
    match kind {
        BlockKind::Par => None,
        BlockKind::Loop => Some(branch.times.map_or(
            Share {
                percent: 100.0,
                stated: false,
            },
            |t| stated(t * 100.0),
        )),
        BlockKind::Opt => Some(branch.share.map_or(
            Share {
                percent: OPT_SHARE,
                stated: false,
            },
            stated,
        )),
        BlockKind::Alt => Some(branch.share.map_or_else(
            || {
                let given: f64 = all.iter().filter_map(|b| b.share).sum();
                let open = all.iter().filter(|b| b.share.is_none()).count().max(1);
                Share {
                    percent: (100.0 - given).max(0.0) / open as f64,
                    stated: false,
                }
            },
            stated,
        )),
    }
}

/// The fraction (0 to 1) of its flow's runs on which the walked step runs, and whether a share
/// on the way there was assumed.
pub fn step(w: &Walked) -> (f64, bool) {
    w.within
        .iter()
        .zip(&w.blocks)
        .filter_map(|((kind, branch), all)| of(*kind, branch, all))
        .fold((1.0, false), |(f, assumed), s| {
            (f * s.percent / 100.0, assumed || !s.stated)
        })
}

/// The model path of the innermost `alt` branch or `opt` block around the walked step, e.g.
/// `steps/2/alt/1`; empty when the step runs on every run. Two steps with the same path run
/// together; a step whose path extends another's runs only when that one does.
pub fn branch_path(w: &Walked) -> String {
    let parts: Vec<&str> = w.path.split('/').collect();
    let mut end = 0;
    for (i, p) in parts.iter().enumerate() {
        if *p == "opt" {
            end = i + 1;
        } else if *p == "alt" {
            end = i + 2;
        }
    }
    parts[..end.min(parts.len())].join("/")
}

/// The share of the runs reaching any of `reached` (each a [`branch_path`] and the fraction of
/// runs it takes): branches nested in another one count with it, the others add up (disjoint
/// alternatives), at most every run.
pub fn union(reached: &[(String, f64)]) -> f64 {
    let outer = |p: &str| {
        reached.iter().any(|(q, _)| {
            q.is_empty() && !p.is_empty() || (p.len() > q.len() && p.starts_with(&format!("{q}/")))
        })
    };
    let mut seen: Vec<&str> = Vec::new();
    let mut sum = 0.0;
    for (p, f) in reached {
        if seen.contains(&p.as_str()) || outer(p) {
            continue;
        }
        seen.push(p);
        sum += f;
    }
    sum.min(1.0)
}

/// A share the model does not state, or states as an estimate: a flow's branch, or a use case.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Unstated {
    /// Its flow.
    pub flow: String,
    /// Its name, else its condition.
    pub label: String,
    /// The share assumed, in percent.
    pub percent: f64,
    /// The model key that states it, e.g. `communication.flows[0].steps[2].alt[1].share`.
    pub key: String,
    /// Whether it is a loop's count a run (`times`) rather than a share of the runs.
    pub repeats: bool,
}

impl Unstated {
    /// The value in words: `once a run` for a loop, else its percent, e.g. `50%`.
    pub fn shown(&self) -> String {
        if self.repeats {
            match super::capacity::round_rate(self.percent / 100.0) {
                1.0 => "once a run".to_owned(),
                r => format!("{r} times a run"),
            }
        } else {
            format!("{}%", super::capacity::round_rate(self.percent))
        }
    }
}

/// Every `alt` branch and `opt` block of `model`'s flows without a stated share, in order.
pub fn unstated(model: &Model) -> Vec<Unstated> {
    shares(model)
        .into_iter()
        .filter(|(_, stated, _)| !stated)
        .map(|(u, _, _)| u)
        .collect()
}

/// Every share the model marks as the team's estimate (`estimate: true`), use cases first,
/// then the flows' branches, in order; `flow` is empty for a use case.
pub fn estimated(model: &Model) -> Vec<Unstated> {
    let cases = model
        .requirements
        .use_cases
        .iter()
        .enumerate()
        .filter(|(_, u)| u.estimate)
        .filter_map(|(i, u)| {
            Some(Unstated {
                flow: String::new(),
                label: u.name.clone(),
                percent: u.share?,
                key: format!("requirements.use_cases[{i}].share"),
                repeats: false,
            })
        });
    let branches = shares(model)
        .into_iter()
        .filter(|(_, stated, estimate)| *stated && *estimate)
        .map(|(u, _, _)| u);
    cases.chain(branches).collect()
}

/// Every `alt` branch and `opt` block of `model`'s flows with its share, whether the model
/// states it, and whether it marks it as an estimate.
fn shares(model: &Model) -> Vec<(Unstated, bool, bool)> {
    let mut out = Vec::new();
    for (i, f) in model.communication.flows.iter().enumerate() {
        visit(
            f,
            &f.steps,
            &format!("communication.flows[{i}].steps"),
            &mut out,
        );
    }
    out
}

fn visit(
    flow: &Flow,
    steps: &[crate::model::Step],
    at: &str,
    out: &mut Vec<(Unstated, bool, bool)>,
) {
    for (j, s) in steps.iter().enumerate() {
        let Some((kind, branches)) = s.block() else {
            continue;
        };
        let all: &[Branch] = match kind {
            BlockKind::Alt => &s.alt,
            BlockKind::Par => &s.par,
            BlockKind::Opt => s.opt.as_slice(),
            BlockKind::Loop => s.r#loop.as_slice(),
        };
        for (b, branch) in branches.iter().enumerate() {
            let key = match kind {
                BlockKind::Alt | BlockKind::Par => format!("{at}[{j}].{}[{b}]", kind.keyword()),
                BlockKind::Opt | BlockKind::Loop => format!("{at}[{j}].{}", kind.keyword()),
            };
            if let Some(share) = of(kind, branch, all) {
                let unstated = Unstated {
                    flow: flow.name.clone(),
                    label: if branch.name.is_empty() {
                        branch.when.clone()
                    } else {
                        branch.name.clone()
                    },
                    percent: share.percent,
                    key: if kind == BlockKind::Loop {
                        format!("{key}.times")
                    } else {
                        format!("{key}.share")
                    },
                    repeats: kind == BlockKind::Loop,
                };
                out.push((unstated, share.stated, branch.estimate));
            }
            visit(flow, &branch.steps, &format!("{key}.steps"), out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FLOW: &str = "name: Buy
steps:
  - {from: web, to: orders, action: POST /orders}
  - alt:
      - name: declined
        when: payment declined
        share: 4
        steps:
          - {from: payments, to: k, action: PaymentFailed}
          - opt:
              when: retry allowed
              steps: [{from: k, to: orders, action: Retry}]
      - when: payment authorised
        steps:
          - par:
              - steps: [{from: orders, to: k, action: OrderPlaced}]
      - when: payment pending
        steps: [{from: orders, to: k, action: Pending}]
";

    #[test]
    fn a_loop_counts_its_stated_times_and_once_otherwise() {
        let looped = |times: &str| -> Flow {
            serde_yaml::from_str(&format!(
                "name: Buy\nsteps:\n  - loop:\n      when: for each line\n      {times}steps: [{{from: orders, to: stock, action: Reserve}}]\n"
            ))
            .unwrap()
        };
        let f = looped("times: 2.5\n      ");
        let w = f.walk().into_iter().next().unwrap();
        assert_eq!(step(&w), (2.5, false));
        let f = looped("");
        let w = f.walk().into_iter().next().unwrap();
        assert_eq!(
            step(&w),
            (1.0, true),
            "once, assumed, when the model says nothing"
        );
        let mut m: Model =
            serde_yaml::from_str("version: 1\nname: t\nrequirements: {domain: d}\n").unwrap();
        m.communication.flows.push(f);
        let u = unstated(&m);
        assert_eq!(u.len(), 1);
        assert_eq!(u[0].key, "communication.flows[0].steps[0].loop.times");
        assert_eq!(u[0].shown(), "once a run");
    }

    #[test]
    fn a_step_runs_on_the_product_of_its_branches_shares() {
        let f: Flow = serde_yaml::from_str(FLOW).unwrap();
        let got: Vec<(String, f64, bool)> = f
            .walk()
            .iter()
            .map(|w| {
                let (s, assumed) = step(w);
                (w.step.action.clone(), (s * 1e4).round() / 1e4, assumed)
            })
            .collect();
        assert_eq!(
            got,
            [
                ("POST /orders".into(), 1.0, false),
                ("PaymentFailed".into(), 0.04, false),
                // 4% declined, then an opt with no share: half of those, assumed.
                ("Retry".into(), 0.02, true),
                // The two unstated alternatives split the 96% the stated one leaves.
                ("OrderPlaced".into(), 0.48, true),
                ("Pending".into(), 0.48, true),
            ]
        );
    }

    #[test]
    fn a_component_reached_in_several_branches_is_on_the_path_for_their_union() {
        let f: Flow = serde_yaml::from_str(FLOW).unwrap();
        let walked = f.walk();
        let paths: Vec<String> = walked.iter().map(branch_path).collect();
        assert_eq!(
            paths,
            [
                "",
                "steps/1/alt/0",
                "steps/1/alt/0/steps/1/opt",
                "steps/1/alt/1",
                "steps/1/alt/2"
            ]
        );
        let at = |i: usize| (paths[i].clone(), step(&walked[i]).0);
        // Disjoint alternatives add up; a nested opt counts with its branch; a step on every
        // run covers them all.
        assert!((union(&[at(1), at(3)]) - 0.52).abs() < 1e-9);
        assert!((union(&[at(1), at(2)]) - 0.04).abs() < 1e-9);
        assert_eq!(union(&[at(3), at(0)]), 1.0);
    }

    #[test]
    fn unstated_shares_are_listed_with_the_key_that_states_them() {
        let m: Model = serde_yaml::from_str(&format!(
            "version: 1\nname: t\nrequirements: {{domain: d}}\ncommunication:\n  flows:\n    - {}",
            FLOW.replace('\n', "\n      ")
        ))
        .unwrap();
        let u = unstated(&m);
        let keys: Vec<(&str, &str, f64)> = u
            .iter()
            .map(|u| (u.label.as_str(), u.key.as_str(), u.percent))
            .collect();
        assert_eq!(
            keys,
            [
                (
                    "retry allowed",
                    "communication.flows[0].steps[1].alt[0].steps[1].opt.share",
                    50.0
                ),
                (
                    "payment authorised",
                    "communication.flows[0].steps[1].alt[1].share",
                    48.0
                ),
                (
                    "payment pending",
                    "communication.flows[0].steps[1].alt[2].share",
                    48.0
                ),
            ]
        );
    }
}
