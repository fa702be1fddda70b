//! ADR numbers: a decision's own number, or the next free one, ADR 0001 being built in.

use crate::model::{Decision, Model};
use std::collections::HashSet;

/// The ADR number of each decision: its own, or the next free one from 2 in model order.
pub fn decision_numbers(decisions: &[Decision]) -> Vec<u32> {
    let taken: HashSet<u32> = decisions.iter().filter_map(|d| d.number).collect();
    let mut next = 2;
    decisions
        .iter()
        .map(|d| {
            d.number.unwrap_or_else(|| {
                while taken.contains(&next) {
                    next += 1;
                }
                next += 1;
                next - 1
            })
        })
        .collect()
}

/// The number a new decision takes: one past the highest.
pub fn next_number(model: &Model) -> u32 {
    decision_numbers(&model.decisions)
        .into_iter()
        .max()
        .unwrap_or(1)
        + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decision(number: Option<u32>) -> Decision {
        let mut d: Decision =
            serde_yaml::from_str("{title: T, context: C, outcome: O, because: B}").unwrap();
        d.number = number;
        d
    }

    #[test]
    fn numbers_skip_the_ones_taken_and_start_after_the_built_in_adr() {
        let ds = [
            decision(None),
            decision(Some(3)),
            decision(None),
            decision(None),
        ];
        assert_eq!(decision_numbers(&ds), [2, 3, 4, 5]);
        let ds = [decision(Some(2)), decision(None)];
        assert_eq!(decision_numbers(&ds), [2, 3]);
    }

    #[test]
    fn a_new_decision_takes_one_past_the_highest() {
        let mut model: Model =
            serde_yaml::from_str("{version: 1, name: S, requirements: {domain: d}}").unwrap();
        assert_eq!(next_number(&model), 2);
        model.decisions = vec![decision(Some(7)), decision(None)];
        assert_eq!(next_number(&model), 8);
    }
}
