//! Step 9 of the view: the test levels, the model's own and those the design calls for
//! beside them ([`crate::derive::testing`]).

use crate::derive::testing::called_for;
use crate::model::*;
use serde::Serialize;

/// The test levels, resolved.
#[derive(Debug, Clone, Serialize)]
pub struct TestingView {
    /// Levels in order from unit to security: the model's own, then (in their place) those
    /// the design calls for that the model leaves out, or all derived when it names none.
    pub levels: Vec<ViewLevel>,
    /// Whether the levels were derived from the design (the model names none).
    pub derived: bool,
    /// Every level tested, once each, in order.
    pub kinds: Vec<TestKind>,
    /// The levels the design calls for beside a model's own list, in order.
    pub recommended: Vec<TestKind>,
    /// Events a consumer reads about one entity that the broker leaves unordered.
    pub races: Vec<super::races::Race>,
    /// Consumed events grouped by how their consumers tell repeats and late deliveries apart.
    pub redeliveries: Vec<super::redelivery::Redelivery>,
    /// What each background job races.
    pub job_races: Vec<super::job_races::JobRaces>,
}

/// One test level as the documents present it.
#[derive(Debug, Clone, Serialize)]
pub struct ViewLevel {
    /// The level, with its tools, scope and schedule.
    #[serde(flatten)]
    pub level: TestLevel,
    /// Its name in a table: `End-to-end`.
    pub name: String,
    /// `model`, `derived` (the model names no levels) or `recommended` (the design calls for
    /// it beside the model's own list).
    pub source: &'static str,
    /// For a derived or recommended level: the fact of the model that calls for it.
    pub why: String,
}

pub(super) fn testing(model: &Model) -> TestingView {
    let derived = model.testing.levels.is_empty();
    let mut levels: Vec<ViewLevel> = model
        .testing
        .levels
        .iter()
        .map(|l| ViewLevel {
            level: l.clone(),
            name: name(l.level),
            source: "model",
            why: String::new(),
        })
        .collect();
    let mut recommended = Vec::new();
    for c in called_for(model) {
        if levels.iter().any(|l| l.level.level == c.level.level) {
            continue;
        }
        if !derived {
            recommended.push(c.level.level);
        }
        levels.push(ViewLevel {
            name: name(c.level.level),
            level: c.level,
            source: if derived { "derived" } else { "recommended" },
            why: c.why,
        });
    }
    // Stable: a model's two entries for one level keep their order.
    levels.sort_by_key(|l| l.level.level);
    let mut kinds: Vec<TestKind> = levels.iter().map(|l| l.level.level).collect();
    kinds.dedup();
    recommended.sort();
    TestingView {
        levels,
        derived,
        kinds,
        recommended,
        races: Vec::new(),
        redeliveries: Vec::new(),
        job_races: Vec::new(),
    }
}

/// A level's name at the start of a table row: its model word, capitalised (`End-to-end`).
fn name(kind: TestKind) -> String {
    let word = crate::text::word(kind);
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => word,
    }
}
