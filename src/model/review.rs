//! The design review's findings a team has looked at and accepted, each with its reason.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// What the team decided about the design review's findings.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Review {
    /// Findings accepted as they are; `archgen check` no longer fails on them and the
    /// documents list them with the reason.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub accept: Vec<Acceptance>,
}

/// One accepted finding.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Acceptance {
    /// The finding's id as `archgen check` prints it, e.g. `nested-call:gateway->orders`.
    pub finding: String,
    /// Why the team accepts it.
    pub reason: String,
}

super::empty_is_default!(Review);
