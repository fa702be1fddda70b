//! The architecture model: the plain serde data behind `archgen.yaml`.
//!
//! Every type here is data only. Loading (with locations), validation and the derived view
//! for templates live in [`crate::load`], [`crate::validate`] and [`crate::view`].

mod api;
mod boundaries;
mod caching;
mod capture;
mod communication;
mod documentation;
mod filter;
mod flow;
mod kickoff;
mod messaging;
mod observability;
mod operations;
mod requirements;
mod resilience;
mod review;
mod security;
mod testing;
mod word;
pub mod yaml;

pub use api::*;
pub use boundaries::*;
pub use caching::*;
pub use capture::*;
pub use communication::*;
pub use documentation::*;
pub use filter::*;
pub use flow::*;
pub use kickoff::*;
pub use messaging::*;
pub use observability::*;
pub use operations::*;
pub use requirements::*;
pub use resilience::*;
pub use review::*;
pub use security::*;
pub use testing::*;
pub use word::variant;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The model format version this build reads and writes.
pub const MODEL_VERSION: u32 = 1;

/// The model's file name, looked for in the current folder.
pub const DEFAULT_MODEL: &str = "archgen.yaml";

/// The default output folder, relative to the model file.
pub const DEFAULT_OUTPUT: &str = "docs/architecture";

/// The ten steps the model's sections follow, in the expert's order, by the name `--step`
/// and a template pack's questions use.
pub const STEPS: [&str; 10] = [
    "requirements",
    "boundaries",
    "apis",
    "communication",
    "resilience",
    "observability",
    "security",
    "performance",
    "testing",
    "documentation",
];

/// A backend system's architecture, following the ten steps a senior backend architect takes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Model {
    /// Model format version; always `1`.
    pub version: u32,
    /// The system's name, as it appears in every document title.
    pub name: String,
    /// One paragraph on what the system does and for whom.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// The date the design was recorded (`YYYY-MM-DD`); ADRs without their own date use it.
    /// Documents never read the clock, so the same model always renders the same bytes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Output folder for the documents, relative to this file (default `docs/architecture`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output: Option<String>,
    /// A team's template pack, relative to this file; its files replace the built-in templates
    /// of the same name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub templates: Option<String>,
    /// Step 1: business domain, use cases and non-functional requirements.
    pub requirements: Requirements,
    /// Step 2 and 3: the services, gateways, BFFs and workers, each with its API contract.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub services: Vec<Service>,
    /// Step 2: the clients that call the system (web, mobile, partners).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub clients: Vec<Client>,
    /// Step 2: external systems the services depend on (payment providers, email, ...).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub externals: Vec<External>,
    /// Step 4: brokers, links between components, and key flows.
    #[serde(default, skip_serializing_if = "Communication::is_empty")]
    pub communication: Communication,
    /// Step 5: timeouts, retries, circuit breakers, bulkheads, idempotency, health checks.
    #[serde(default, skip_serializing_if = "Resilience::is_empty")]
    pub resilience: Resilience,
    /// Step 6: logging, metrics, tracing, SLOs and alerting.
    #[serde(default, skip_serializing_if = "Observability::is_empty")]
    pub observability: Observability,
    /// Step 7: authentication, authorization, service identity, rate limits, secrets, CORS.
    #[serde(default, skip_serializing_if = "Security::is_empty")]
    pub security: Security,
    /// Step 8: caches, background work and scaling.
    #[serde(default, skip_serializing_if = "Performance::is_empty")]
    pub performance: Performance,
    /// Step 9: the test levels and their tools.
    #[serde(default, skip_serializing_if = "Testing::is_empty")]
    pub testing: Testing,
    /// Step 10: technology choices with their rationale.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub technology: Vec<TechChoice>,
    /// Step 10: how the system ships: platform, strategy, environments, rollout and rollback.
    #[serde(default, skip_serializing_if = "Deployment::is_empty")]
    pub deployment: Deployment,
    /// Step 10: a migration from a legacy system, phase by phase (strangler pattern).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub migration: Option<Migration>,
    /// Step 10: architecture decisions, rendered as ADRs after 0001.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub decisions: Vec<Decision>,
    /// Render ADR 0001, the decision to keep architecture decision records, for a team that
    /// wants that decision recorded too (numbering of the model's decisions starts at 0002
    /// either way).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub adr_0001: bool,
    /// Risks the team knows of, each with likelihood, impact, mitigation and owner.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub risks: Vec<Risk>,
    /// Questions the design leaves open, each with who answers it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub open_questions: Vec<OpenQuestion>,
    /// The domain's terms as the team uses them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub glossary: Vec<Term>,
    /// Design-review findings the team accepted, each with its reason.
    #[serde(default, skip_serializing_if = "Review::is_empty")]
    pub review: Review,
    /// Answers to a team template pack's own questions, keyed by question id.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub extra: BTreeMap<String, serde_json::Value>,
}

/// Implements `is_empty` as "equal to the default", for `skip_serializing_if`.
macro_rules! empty_is_default {
    ($($ty:ty),* $(,)?) => {
        $(impl $ty {
            /// Whether this section holds nothing but defaults (and can be left out of the file).
            pub fn is_empty(&self) -> bool {
                *self == Self::default()
            }
        })*
    };
}
pub(crate) use empty_is_default;
