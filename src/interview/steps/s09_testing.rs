//! Step 9: testing strategy: the levels tested and their tools.

use super::{Step, each};
use crate::interview::ask::{list, pick_many, spelling, text, variants};
use crate::interview::flow::Node;
use crate::model::{Model, TestKind, TestLevel};

/// The levels the view would derive for this design.
fn derived(m: &Model) -> Vec<TestLevel> {
    let mut c = m.clone();
    c.testing.levels.clear();
    crate::view::build(&c).testing.levels
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
        why: "each level proves something the others cannot; contracts keep independent deploys safe",
        nodes: vec![
            Node::Ask(pick_many(
                "testing.levels",
                "Which levels do you test at?",
                "Pre-selected from the design: contract tests once services call each other, chaos tests at 99.95% and above.",
                |_, _| {
                    variants::<TestKind>()
                        .into_iter()
                        .map(|(_, n, h)| (n, h))
                        .collect()
                },
                |m, _| levels(m).iter().map(|l| spelling(&l.level)).collect(),
                |m, _, picked| {
                    let current = levels(m);
                    let chosen: Vec<TestLevel> =
                        variants::<TestKind>()
                            .into_iter()
                            .filter(|(_, n, _)| picked.contains(n))
                            .map(|(k, _, _)| {
                                current.iter().find(|l| l.level == k).cloned().unwrap_or(
                                    TestLevel {
                                        level: k,
                                        tools: Vec::new(),
                                        scope: String::new(),
                                        runs: String::new(),
                                    },
                                )
                            })
                            .collect();
                    m.testing.levels = if chosen == derived(m) {
                        Vec::new()
                    } else {
                        chosen
                    };
                },
            )),
            Node::Each(each(
                "testing.tools",
                |m, _| m.testing.levels.len(),
                |m, at| {
                    Some(format!(
                        "{} tests",
                        spelling(&m.testing.levels[at[0]].level)
                    ))
                },
                vec![
                    Node::Ask(list(
                        "levels.tools",
                        "Tools? (separate with `;`)",
                        "e.g. `cargo test`, `Pact`, `k6`, `Testcontainers`.",
                        |m, at| m.testing.levels[at[0]].tools.clone(),
                        |m, at, v| m.testing.levels[at[0]].tools = v,
                    )),
                    Node::Ask(text(
                        "levels.runs",
                        "When does it run?",
                        "e.g. `every pull request`, `nightly`, `before each release`.",
                        |m, at| m.testing.levels[at[0]].runs.clone(),
                        |m, at, v| m.testing.levels[at[0]].runs = v,
                        |_, _| String::new(),
                        crate::interview::ask::any,
                    )),
                ],
            )),
        ],
    }
}
