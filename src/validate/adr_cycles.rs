//! The links between decisions: `supersedes` and `superseded_by` must name a decision of the
//! model other than the decision itself, and following them must never come back to where it
//! started (ADR 0002 "superseded by 0003" while 0003 is "superseded by 0002").

use super::Issues;
use crate::model::Model;
use std::collections::HashMap;

/// Every unknown target, self-reference and cycle among the decisions' supersession links.
pub(super) fn check(model: &Model, issues: &mut Issues) {
    let numbers = crate::derive::decisions::decision_numbers(&model.decisions);
    let index: HashMap<u32, usize> = numbers.iter().enumerate().map(|(i, n)| (*n, i)).collect();
    // `a` replaced by `b`, from either side's field.
    let mut next: Vec<Vec<(usize, &'static str)>> = vec![Vec::new(); numbers.len()];
    for (i, d) in model.decisions.iter().enumerate() {
        let n = numbers[i];
        if let Some(old) = d.supersedes {
            let at = format!("/decisions/{i}/supersedes");
            match index.get(&old) {
                _ if old == n => issues.push(
                    at,
                    format!("decision {n:04} `{}` supersedes itself", d.title),
                    Some("name the earlier decision it replaces, or remove `supersedes`".into()),
                ),
                None => issues.push(
                    at,
                    format!(
                        "decision {n:04} `{}` supersedes {old}, which does not exist",
                        d.title
                    ),
                    Some("use the number of a decision in this model".into()),
                ),
                Some(&j) => next[j].push((i, "supersedes")),
            }
        }
        if let Some(by) = d.superseded_by {
            // An unknown target is reported with the status check.
            if by == n {
                issues.push(
                    format!("/decisions/{i}/superseded_by"),
                    format!("decision {n:04} `{}` is superseded by itself", d.title),
                    Some("name the later decision that replaces it".into()),
                );
            } else if let Some(&j) = index.get(&by) {
                next[i].push((j, "superseded_by"));
            }
        }
    }
    for cycle in cycles(&next) {
        let (first, field) = cycle[0];
        let path: Vec<String> = cycle
            .iter()
            .chain(std::iter::once(&cycle[0]))
            .map(|(i, _)| format!("{:04}", numbers[*i]))
            .collect();
        let pointer_at = if field == "supersedes" {
            cycle.last().map_or(first, |(i, _)| *i)
        } else {
            first
        };
        issues.push(
            format!("/decisions/{pointer_at}/{field}"),
            format!(
                "decisions supersede each other in a circle: {}",
                path.join(" is superseded by ")
            ),
            Some(
                "a decision can only replace an earlier one; remove the link that points back"
                    .into(),
            ),
        );
    }
}

/// Each cycle once, as the decisions on it from the lowest index, with the field of the link
/// that leaves each one.
fn cycles(next: &[Vec<(usize, &'static str)>]) -> Vec<Vec<(usize, &'static str)>> {
    let mut out = Vec::new();
    // 0 unseen, 1 on the current path, 2 done.
    let mut mark = vec![0u8; next.len()];
    for start in 0..next.len() {
        let mut path: Vec<(usize, &'static str)> = Vec::new();
        walk(start, "", next, &mut mark, &mut path, &mut out);
    }
    out
}

fn walk(
    at: usize,
    via: &'static str,
    next: &[Vec<(usize, &'static str)>],
    mark: &mut [u8],
    path: &mut Vec<(usize, &'static str)>,
    out: &mut Vec<Vec<(usize, &'static str)>>,
) {
    match mark[at] {
        2 => return,
        1 => {
            // Back on the path: the cycle runs from `at`'s place on it.
            if let Some(pos) = path.iter().position(|(i, _)| *i == at) {
                let mut cycle: Vec<(usize, &'static str)> = path[pos..].to_vec();
                // Each entry names the field of the link leaving it.
                let n = cycle.len();
                for k in 0..n {
                    cycle[k].1 = if k + 1 < n { path[pos + k + 1].1 } else { via };
                }
                out.push(cycle);
            }
            return;
        }
        _ => {}
    }
    mark[at] = 1;
    path.push((at, via));
    for &(to, field) in &next[at] {
        walk(to, field, next, mark, path, out);
    }
    path.pop();
    mark[at] = 2;
}

#[cfg(test)]
mod tests {
    const MINIMAL: &str = "version: 1\nname: Shop\nrequirements: {domain: retail}\nservices:\n  - {name: orders, responsibility: Takes orders.}\n";

    fn decision(number: u32, supersedes: Option<u32>, by: Option<u32>) -> String {
        let status = if by.is_some() {
            "superseded"
        } else {
            "accepted"
        };
        let mut s = format!(
            "  - {{number: {number}, title: D{number}, status: {status}, context: c, outcome: o"
        );
        if let Some(old) = supersedes {
            s.push_str(&format!(", supersedes: {old}"));
        }
        if let Some(by) = by {
            s.push_str(&format!(", superseded_by: {by}"));
        }
        s.push_str("}\n");
        s
    }

    fn problems(decisions: &[String]) -> Vec<String> {
        let text = format!("{}decisions:\n{}", MINIMAL, decisions.concat());
        let model: crate::model::Model = serde_yaml::from_str(&text).unwrap();
        super::super::model(&model)
            .into_iter()
            .map(|i| i.message)
            .collect()
    }

    #[test]
    fn a_decision_cannot_supersede_itself() {
        let p = problems(&[decision(2, Some(2), None)]);
        assert!(p.iter().any(|m| m.contains("supersedes itself")), "{p:?}");
        let p = problems(&[decision(2, None, Some(2))]);
        assert!(
            p.iter().any(|m| m.contains("superseded by itself")),
            "{p:?}"
        );
    }

    #[test]
    fn two_decisions_cannot_supersede_each_other() {
        let p = problems(&[decision(2, Some(3), Some(3)), decision(3, Some(2), None)]);
        assert!(
            p.iter().any(|m| m
                .contains("in a circle: 0002 is superseded by 0003 is superseded by 0002")
                || m.contains("in a circle: 0003 is superseded by 0002 is superseded by 0003")),
            "{p:?}"
        );
        let p = problems(&[
            decision(2, None, Some(3)),
            decision(3, None, Some(4)),
            decision(4, None, Some(2)),
        ]);
        assert_eq!(
            p.iter().filter(|m| m.contains("in a circle")).count(),
            1,
            "{p:?}"
        );
    }

    #[test]
    fn unknown_targets_are_rejected_and_a_chain_is_fine() {
        let p = problems(&[decision(2, Some(9), None)]);
        assert!(
            p.iter()
                .any(|m| m.contains("supersedes 9, which does not exist")),
            "{p:?}"
        );
        let p = problems(&[
            decision(2, None, Some(3)),
            decision(3, Some(2), Some(4)),
            decision(4, Some(3), None),
        ]);
        assert!(p.is_empty(), "{p:?}");
    }
}
