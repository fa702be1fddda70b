//! Step 9 of the view: the test levels, resolved from the design.

use crate::defaults;
use crate::model::*;
use serde::Serialize;

/// The test levels, resolved.
#[derive(Debug, Clone, Serialize)]
pub struct TestingView {
    /// Levels in order from unit to security.
    pub levels: Vec<TestLevel>,
    /// Whether the levels were derived from the design.
    pub derived: bool,
}

pub(super) fn testing(model: &Model) -> TestingView {
    if !model.testing.levels.is_empty() {
        let mut levels = model.testing.levels.clone();
        levels.sort_by_key(|l| l.level);
        return TestingView {
            levels,
            derived: false,
        };
    }
    let level = |level, tools: &[&str], scope: &str, runs: &str| TestLevel {
        level,
        tools: tools.iter().map(|t| t.to_string()).collect(),
        scope: scope.into(),
        runs: runs.into(),
    };
    let mut levels = vec![
        level(
            TestKind::Unit,
            &[],
            "business rules and edge cases of each service",
            "every commit",
        ),
        level(
            TestKind::Integration,
            &["Testcontainers"],
            "each service with its real data stores and stubbed neighbours",
            "every pull request",
        ),
    ];
    if model.services.len() > 1 {
        levels.push(level(
            TestKind::Contract,
            &["Pact"],
            "every synchronous link and every event schema, consumer-driven",
            "every pull request",
        ));
    }
    levels.push(level(
        TestKind::EndToEnd,
        &[],
        "the key flows against a deployed staging environment",
        "before each release",
    ));
    if model.requirements.scale.peak_rps.is_some() {
        levels.push(level(
            TestKind::Load,
            &["k6"],
            "peak load plus headroom against the latency targets",
            "weekly and before launches",
        ));
    }
    if defaults::availability(model) >= 99.95 {
        levels.push(level(
            TestKind::Chaos,
            &["Chaos Mesh"],
            "dependency latency, errors and lost instances",
            "monthly game days",
        ));
    }
    levels.push(level(
        TestKind::Security,
        &["OWASP ZAP"],
        "OWASP Top 10 against the public APIs",
        "nightly",
    ));
    TestingView {
        levels,
        derived: true,
    }
}
