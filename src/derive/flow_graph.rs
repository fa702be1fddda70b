//! A flow as a graph of steps: which step can follow which, through its `alt` branches, `opt`
//! blocks, `par` branches and `loop`s, for exports that draw a flow as nodes and edges
//! (EventCatalog's `next_steps`) rather than as a sequence diagram.

use crate::model::{Branch, Flow, Step};

/// A step that can follow another, with the condition on the way when there is one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Next {
    /// The step's number: 1 for the flow's first call or message in walk order
    /// ([`Flow::walk`]), 0 for the flow's start.
    pub step: usize,
    /// The condition of the branch entered on the way, e.g. `payment declined`; empty when the
    /// step always follows.
    pub label: String,
}

/// For the flow's start (index 0) and each of its steps in walk order (index 1 and on), the
/// steps that can come next, in step order: every branch of an `alt` or `par` that starts
/// after it, an `opt` block and the step after the block, a `loop`'s first step again.
pub fn successors(flow: &Flow) -> Vec<Vec<Next>> {
    let mut g = Graph {
        edges: vec![Vec::new()],
    };
    let part = g.sequence(&flow.steps);
    for (to, label) in part.entries {
        g.edge(0, to, label);
    }
    for next in &mut g.edges {
        next.sort_by_key(|n| n.step);
    }
    g.edges
}

/// What a run of steps looks like from outside: where control enters it and where it leaves,
/// each with the condition on that edge, and whether control can pass it by without running
/// any of its steps (an `opt` block), with the condition for that.
struct Part {
    entries: Vec<(usize, Option<String>)>,
    exits: Vec<(usize, Option<String>)>,
    skip: Option<Option<String>>,
}

impl Part {
    /// Nothing yet: control passes straight through.
    fn empty() -> Part {
        Part {
            entries: Vec::new(),
            exits: Vec::new(),
            skip: Some(None),
        }
    }
}

struct Graph {
    edges: Vec<Vec<Next>>,
}

impl Graph {
    fn edge(&mut self, from: usize, to: usize, label: Option<String>) {
        let next = &mut self.edges[from];
        if !next.iter().any(|n| n.step == to) {
            next.push(Next {
                step: to,
                label: label.unwrap_or_default(),
            });
        }
    }

    fn sequence(&mut self, steps: &[Step]) -> Part {
        let mut run = Part::empty();
        for s in steps {
            let part = self.step(s);
            run = self.then(run, part);
        }
        run
    }

    /// `first`, then `second`: every exit of the first leads to every entry of the second.
    fn then(&mut self, first: Part, second: Part) -> Part {
        for (from, out) in &first.exits {
            for (to, into) in &second.entries {
                self.edge(*from, *to, into.clone().or_else(|| out.clone()));
            }
        }
        let mut entries = first.entries;
        if let Some(skip) = &first.skip {
            entries.extend(relabel(second.entries, skip));
        }
        let mut exits = second.exits;
        if let Some(skip) = &second.skip {
            exits.extend(relabel(first.exits, skip));
        }
        let skip = match (first.skip, second.skip) {
            (Some(a), Some(b)) => Some(a.or(b)),
            _ => None,
        };
        Part {
            entries,
            exits,
            skip,
        }
    }

    fn step(&mut self, s: &Step) -> Part {
        if !s.alt.is_empty() {
            return self.branches(&s.alt);
        }
        if !s.par.is_empty() {
            return self.branches(&s.par);
        }
        if let Some(b) = &s.opt {
            let mut part = self.branch(b);
            part.skip = Some(Some("otherwise".to_owned()));
            return part;
        }
        if let Some(b) = &s.r#loop {
            let part = self.branch(b);
            for (from, _) in &part.exits {
                for (to, _) in &part.entries {
                    self.edge(*from, *to, Some(format!("again: {}", b.when)));
                }
            }
            return part;
        }
        self.edges.push(Vec::new());
        let id = self.edges.len() - 1;
        Part {
            entries: vec![(id, None)],
            exits: vec![(id, None)],
            skip: None,
        }
    }

    /// One of the branches (`alt`), or all at once (`par`): control enters each.
    fn branches(&mut self, branches: &[Branch]) -> Part {
        let mut all = Part {
            entries: Vec::new(),
            exits: Vec::new(),
            skip: None,
        };
        for b in branches {
            let part = self.branch(b);
            all.entries.extend(part.entries);
            all.exits.extend(part.exits);
            if all.skip.is_none() {
                all.skip = part.skip;
            }
        }
        all
    }

    /// A branch's steps, its condition on the way in.
    fn branch(&mut self, b: &Branch) -> Part {
        let mut part = self.sequence(&b.steps);
        let when = [&b.when, &b.name]
            .into_iter()
            .find(|w| !w.trim().is_empty())
            .cloned();
        part.entries = relabel(part.entries, &when);
        part
    }
}

/// The edges into `ends`, with `label` where they have none of their own.
fn relabel(
    ends: Vec<(usize, Option<String>)>,
    label: &Option<String>,
) -> Vec<(usize, Option<String>)> {
    ends.into_iter()
        .map(|(id, own)| (id, own.or_else(|| label.clone())))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flow(yaml: &str) -> Flow {
        serde_yaml::from_str(yaml).expect("a flow")
    }

    /// Each step's successors as `to` or `to (label)`.
    fn edges(flow: &Flow) -> Vec<String> {
        successors(flow)
            .iter()
            .map(|next| {
                next.iter()
                    .map(|n| {
                        if n.label.is_empty() {
                            n.step.to_string()
                        } else {
                            format!("{} ({})", n.step, n.label)
                        }
                    })
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .collect()
    }

    #[test]
    fn a_straight_flow_is_a_chain() {
        let f = flow(
            "name: Checkout\nsteps:\n  - {from: web, to: orders, action: POST /orders}\n  - {from: orders, to: payments, action: POST /payments}\n",
        );
        assert_eq!(edges(&f), ["1", "2", ""]);
    }

    #[test]
    fn alt_branches_fork_and_meet_at_the_step_after_the_block() {
        let f = flow(
            r#"
name: Checkout
steps:
  - {from: web, to: orders, action: POST /orders}
  - alt:
      - when: card accepted
        steps:
          - {from: orders, to: payments, action: POST /captures}
          - {from: payments, to: stripe, action: capture}
      - when: card declined
        steps:
          - {from: orders, to: web, action: 402}
  - {from: orders, to: notifications, action: OrderSettled}
"#,
        );
        assert_eq!(
            edges(&f),
            [
                "1",
                "2 (card accepted), 4 (card declined)",
                "3",
                "5",
                "5",
                ""
            ]
        );
    }

    #[test]
    fn an_opt_block_can_be_passed_by_and_a_loop_repeats() {
        let f = flow(
            r#"
name: Fulfil
steps:
  - {from: web, to: orders, action: POST /orders}
  - opt:
      when: gift wrap chosen
      steps:
        - {from: orders, to: wrapping, action: POST /wraps}
  - loop:
      when: for each line
      steps:
        - {from: orders, to: inventory, action: Reserve}
  - {from: orders, to: web, action: 201}
"#,
        );
        assert_eq!(
            edges(&f),
            [
                "1",
                "2 (gift wrap chosen), 3 (for each line)",
                "3 (for each line)",
                "3 (again: for each line), 4",
                ""
            ]
        );
    }

    #[test]
    fn passing_an_opt_block_by_is_otherwise_unless_the_next_step_has_a_condition() {
        let f = flow(
            r#"
name: Pay
steps:
  - {from: payments, to: stripe, action: Authorise}
  - opt:
      when: challenged
      steps:
        - {from: web, to: stripe, action: Answer the challenge}
  - opt:
      when: declined
      steps:
        - {from: payments, to: kafka, action: PaymentFailed}
  - {from: payments, to: kafka, action: PaymentAuthorised}
"#,
        );
        assert_eq!(
            edges(&f),
            [
                "1",
                "2 (challenged), 3 (declined), 4 (otherwise)",
                "3 (declined), 4 (otherwise)",
                "4",
                ""
            ]
        );
    }

    #[test]
    fn par_branches_all_start_after_the_step_before_them() {
        let f = flow(
            r#"
name: Placed
steps:
  - {from: orders, to: kafka, action: OrderPlaced}
  - par:
      - steps:
          - {from: kafka, to: inventory, action: OrderPlaced}
      - steps:
          - {from: kafka, to: notifications, action: OrderPlaced}
"#,
        );
        assert_eq!(edges(&f), ["1", "2, 3", "", ""]);
    }
}
