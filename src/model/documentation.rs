//! Step 10 of the model: technology choices, deployment, migration and decisions.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A technology choice with its rationale.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TechChoice {
    /// The area, e.g. `Database`, `Message broker`, `API gateway`.
    pub area: String,
    /// What was chosen, e.g. `PostgreSQL 16`.
    pub choice: String,
    /// Why it fits this system.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub rationale: String,
    /// What else was considered.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub alternatives: Vec<String>,
}

/// How the system ships.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Deployment {
    /// Where it runs, e.g. `Kubernetes (EKS)`, `AWS ECS`, `AWS Lambda`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platform: Option<String>,
    /// How a new version replaces the old one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub strategy: Option<DeployStrategy>,
    /// Environments in promotion order; `dev`, `staging`, `production` by default.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub environments: Vec<Environment>,
    /// For canary releases: traffic percentages per step, ending at 100.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub canary_steps: Vec<u32>,
    /// For canary releases: the least minutes each step before the last holds before the next
    /// (its gates are judged over that time); 15 for the first step and 10 for the others
    /// when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1, max = 1440))]
    pub canary_hold_minutes: Option<u32>,
    /// The CI/CD system, e.g. `GitHub Actions`, `Argo CD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pipeline: Option<String>,
    /// The feature flag service, e.g. `LaunchDarkly`, `Unleash`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub feature_flags: Option<String>,
    /// Regions served, e.g. `eu-west-1`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub regions: Vec<String>,
    /// Availability zones each region spreads its replicas over; 3 assumed when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zones: Option<u32>,
    /// The rollout plan, step by step.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rollout: Vec<String>,
    /// How a bad release is rolled back.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub rollback: String,
}

/// How a new version replaces the old one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum DeployStrategy {
    /// Replace instances a few at a time.
    Rolling,
    /// Start the new version beside the old and switch traffic at once.
    BlueGreen,
    /// Shift a growing share of traffic while watching the SLOs.
    Canary,
}

/// A deployment environment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Environment {
    /// Name, e.g. `staging`.
    pub name: String,
    /// What it is for.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub purpose: String,
}

/// A migration from a legacy system.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Migration {
    /// The legacy service (kind `legacy`) being replaced.
    pub from: String,
    /// How traffic moves from the legacy system.
    #[serde(default)]
    pub pattern: MigrationPattern,
    /// The phases in order.
    pub phases: Vec<Phase>,
}

/// How traffic moves from a legacy system.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum MigrationPattern {
    /// A facade routes one capability at a time to new services until the legacy is gone.
    #[default]
    Strangler,
    /// An abstraction inside the legacy code lets a new implementation replace an old one.
    BranchByAbstraction,
    /// Everything moves at once.
    BigBang,
}

/// A migration phase.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Phase {
    /// Name, e.g. `Extract catalog`.
    pub name: String,
    /// What moves in this phase.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// The services that take over traffic in this phase.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub services: Vec<String>,
    /// What must be true before the next phase starts.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub exit_criteria: String,
}

/// An architecture decision, rendered as an ADR.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Decision {
    /// ADR number; assigned in order after 0001 when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<u32>,
    /// A short title in the imperative, e.g. `Use Kafka for order events`.
    pub title: String,
    /// Where the decision stands.
    #[serde(default)]
    pub status: DecisionStatus,
    /// When it was decided (`YYYY-MM-DD`); the model's date when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Who decided.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub deciders: Vec<String>,
    /// The context and the problem, in a few sentences.
    pub context: String,
    /// The forces that shaped the decision.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub drivers: Vec<String>,
    /// The options considered.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<DecisionOption>,
    /// The chosen option's name (one of `options`); absent while a proposed decision is still
    /// open, its options under discussion.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub outcome: String,
    /// Why it was chosen.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub because: String,
    /// What follows from it, good and bad.
    #[serde(default, skip_serializing_if = "Consequences::is_empty")]
    pub consequences: Consequences,
    /// How the team will know the decision works, e.g. a test, a metric or a review date.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub confirmation: String,
    /// The alerts (`observability.alerting.alerts[].name`) that watch its confirmation, e.g.
    /// `[slot-taken-share]` for a decision confirmed by a share staying under 2%: the record
    /// names them, and observability.md says which decision each confirms.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub watched_by: Vec<String>,
    /// The ADR number that replaces this one, when `status: superseded`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub superseded_by: Option<u32>,
    /// The ADR number this one replaces once accepted (a proposal; `archgen adr accept` then
    /// marks the other superseded).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supersedes: Option<u32>,
}

/// Where a decision stands.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum DecisionStatus {
    /// Under discussion.
    Proposed,
    /// Agreed and in effect.
    #[default]
    Accepted,
    /// Considered and turned down.
    Rejected,
    /// No longer relevant.
    Deprecated,
    /// Replaced by a later decision.
    Superseded,
}

/// An option considered for a decision.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DecisionOption {
    /// Its name, e.g. `Kafka`.
    pub name: String,
    /// What it is, briefly.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Arguments for it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pros: Vec<String>,
    /// Arguments against it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cons: Vec<String>,
}

/// What follows from a decision.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Consequences {
    /// Good consequences.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub good: Vec<String>,
    /// Bad consequences and costs.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub bad: Vec<String>,
}

super::empty_is_default!(Deployment, Consequences);
