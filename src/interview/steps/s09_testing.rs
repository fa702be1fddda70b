//! Step 9: testing strategy: the levels tested and their tools.

use super::prelude::*;
use crate::interview::values::variants;
use crate::model::{TestKind, TestLevel};

/// The levels this design calls for.
fn derived(m: &Model) -> Vec<TestLevel> {
    crate::derive::testing::called_for(m)
        .into_iter()
        .map(|c| c.level)
        .collect()
}

fn levels(m: &Model) -> Vec<TestLevel> {
    if m.testing.levels.is_empty() {
        derived(m)
    } else {
        m.testing.levels.clone()
    }
}

pub(super) fn step() -> Step {
    Step {
        number: 9,
        key: "testing",
        title: "Testing strategy",
        why: "each level proves something the others cannot; contracts keep independent deploys \
              safe",
        nodes: nodes![
            pick_many("testing.levels", "Which levels do you test at?", |_, _| {
                variants::<TestKind>()
                    .into_iter()
                    .map(|(_, n, h)| (n, h))
                    .collect()
            })
            .help(
                "Pre-selected from the design: contract tests once services call each other, \
                 chaos tests at 99.95% and above.",
            )
            .value(Lens::new(
                |m, _| levels(m).iter().map(|l| spelling(&l.level)).collect(),
                |m, _, picked: Vec<String>| {
                    let current = levels(m);
                    let chosen: Vec<TestLevel> = variants::<TestKind>()
                        .into_iter()
                        .filter(|(_, n, _)| picked.contains(n))
                        .map(|(k, _, _)| {
                            let found = current.iter().find(|l| l.level == k).cloned();
                            found.unwrap_or(TestLevel {
                                level: k,
                                tools: Vec::new(),
                                scope: String::new(),
                                runs: String::new(),
                            })
                        })
                        .collect();
                    m.testing.levels = if chosen == derived(m) {
                        Vec::new()
                    } else {
                        chosen
                    };
                },
            )),
            each(
                "testing.tools",
                |m, _| m.testing.levels.len(),
                |m, at| {
                    Some(format!(
                        "{} tests",
                        spelling(&m.testing.levels[at[0]].level)
                    ))
                }
            )
            .ask(nodes![
                text("levels.tools", "Tools? (separate with `;`)")
                    .help("e.g. `cargo test`, `Pact`, `k6`, `Testcontainers`.")
                    .value(lens!(|m, at| m.testing.levels[at[0]].tools)),
                text("levels.runs", "When does it run?")
                    .help("e.g. `every pull request`, `nightly`, `before each release`.")
                    .value(lens!(|m, at| m.testing.levels[at[0]].runs)),
            ]),
        ],
    }
}
