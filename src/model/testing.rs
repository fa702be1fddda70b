//! Step 9 of the model: the test levels chosen and their tools.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The testing strategy.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Testing {
    /// The levels tested; a sensible set is derived from the design when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub levels: Vec<TestLevel>,
}

/// One level of testing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TestLevel {
    /// The level.
    pub level: TestKind,
    /// Tools used, e.g. `cargo test`, `Pact`, `k6`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tools: Vec<String>,
    /// What it covers.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub scope: String,
    /// When it runs, e.g. `every pull request`, `nightly`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub runs: String,
}

/// A level of testing.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum TestKind {
    /// Business rules and edge cases in isolation.
    Unit,
    /// A service with its real database and stubbed neighbours.
    Integration,
    /// Consumer-driven contracts between services.
    Contract,
    /// Whole user journeys across deployed services.
    EndToEnd,
    /// Throughput and latency under expected and peak load.
    Load,
    /// Fault injection: latency, errors and lost instances.
    Chaos,
    /// Vulnerability scanning and OWASP Top 10 checks.
    Security,
}

super::empty_is_default!(Testing);
