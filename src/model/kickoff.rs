//! What a kickoff set carries beside the ten steps: risks with owners, open questions, a
//! glossary of the model's terms, and recovery objectives for the data.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A risk the team knows of, with who watches it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Risk {
    /// What could go wrong, in a sentence, e.g. `Stripe changes its capture API`.
    pub title: String,
    /// How likely it is.
    #[serde(default)]
    pub likelihood: Level,
    /// How bad it would be.
    #[serde(default)]
    pub impact: Level,
    /// What reduces it or what the team does when it happens.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub mitigation: String,
    /// Who watches it: a team or a person.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub owner: String,
}

/// A three-step scale for a risk's likelihood and impact.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Level {
    /// Unlikely, or a nuisance.
    Low,
    /// Plausible, or a visible degradation.
    #[default]
    Medium,
    /// Expected, or an outage or a breach.
    High,
}

/// A question the design leaves open, with who answers it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OpenQuestion {
    /// The question, e.g. `Do partners need webhooks or is polling enough?`.
    pub question: String,
    /// Who answers it: a team or a person.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub owner: String,
    /// When it must be answered, e.g. `2026-12-15` or `before the beta`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub due: String,
    /// What depends on the answer.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub blocks: String,
}

/// A term of the domain, as the team uses it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Term {
    /// The term, e.g. `Reservation`.
    pub term: String,
    /// What it means in this system.
    pub meaning: String,
}

/// How much data may be lost and how long a restore may take.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Recovery {
    /// Recovery point objective: the most data, in minutes of writes, that may be lost.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rpo_minutes: Option<u32>,
    /// Recovery time objective: the longest, in minutes, a restore may take.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rto_minutes: Option<u32>,
    /// How many days backups are kept: the oldest point a restore can reach, and how long data
    /// erased from the live store lives on in backups.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1))]
    pub retention_days: Option<u32>,
}

super::empty_is_default!(Recovery);
