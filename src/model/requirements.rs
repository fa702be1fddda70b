//! Step 1 of the model: business domain, use cases and non-functional requirements.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What the system is for and what it must withstand.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Requirements {
    /// The business domain in a few words, e.g. `e-commerce order management`.
    pub domain: String,
    /// What users do with the system; the flows and APIs should serve these.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub use_cases: Vec<UseCase>,
    /// Expected load and growth.
    #[serde(default, skip_serializing_if = "Scale::is_empty")]
    pub scale: Scale,
    /// Latency targets for user-facing requests.
    #[serde(default, skip_serializing_if = "Latency::is_empty")]
    pub latency: Latency,
    /// Availability target in percent, e.g. `99.9`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub availability: Option<f64>,
    /// How fresh reads must be across services.
    #[serde(default)]
    pub consistency: Consistency,
    /// Where the consistency need differs from the default, and why.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub consistency_notes: String,
    /// How tenants are isolated, for a multi-tenant system.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tenancy: Option<Tenancy>,
    /// Regulations the system must meet, e.g. `GDPR`, `PCI DSS`, `HIPAA`, `SOC 2`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub compliance: Vec<String>,
    /// Fixed constraints: team skills, budget, existing platforms, deadlines.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub constraints: Vec<String>,
    /// What the system deliberately does not do, so nobody designs for it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub non_goals: Vec<String>,
    /// How much data may be lost and how long a restore may take, for every store unless the
    /// store states its own.
    #[serde(default, skip_serializing_if = "super::Recovery::is_empty")]
    pub recovery: super::Recovery,
    /// Figures the capacity model needs beyond the peak load; each is assumed when absent.
    #[serde(default, skip_serializing_if = "CapacityInputs::is_empty")]
    pub capacity: CapacityInputs,
}

/// Something a user does with the system.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UseCase {
    /// A short verb phrase, e.g. `Place an order`.
    pub name: String,
    /// Who does it, e.g. `customer`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub actor: String,
    /// What happens, in a sentence or two.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Its share of the peak request rate in percent (the use-case mix); use cases without
    /// one split what the others leave evenly.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub share: Option<f64>,
    /// Whether `share` is the team's estimate rather than a measurement: the documents mark it,
    /// and an open question asks for it to be measured.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub estimate: bool,
    /// What serves it: the names of the flows it runs, or of the service its requests enter.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub served_by: Vec<String>,
}

/// Expected load and growth.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Scale {
    /// Peak requests per second across the public API.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub peak_rps: Option<u32>,
    /// Registered or monthly active users.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub users: Option<u64>,
    /// Number of tenants, for a multi-tenant system.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tenants: Option<u32>,
    /// Concurrent long-lived connections (WebSocket, SSE) at peak; without it, a constraint
    /// or use case that states a connection count is read instead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connections: Option<u64>,
    /// How fast data grows, e.g. `50 GB per month`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub data_growth: String,
}

/// Latency targets in milliseconds.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Latency {
    /// Median latency target.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub p50_ms: Option<u32>,
    /// 99th percentile latency target; the budget timeouts and retries must fit in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub p99_ms: Option<u32>,
}

/// How fresh reads must be across services.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Consistency {
    /// Every read sees the latest write; needs synchronous coordination.
    Strong,
    /// Reads may lag writes briefly; services sync through events.
    #[default]
    Eventual,
    /// Strong inside a service's own data, eventual across services.
    Mixed,
}

/// How tenants are isolated from each other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Tenancy {
    /// Shared tables with a tenant id column and row-level security.
    Pooled,
    /// A schema per tenant in shared databases.
    SchemaPerTenant,
    /// A database per tenant.
    DatabasePerTenant,
    /// A full deployment per tenant.
    Siloed,
}

/// Figures the capacity model needs beyond the peak load.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CapacityInputs {
    /// Peak request rate over the daily average; daily volumes divide the peak by it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub peak_to_average: Option<f64>,
    /// Days the brokers keep events.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_retention_days: Option<u32>,
    /// Copies of each event the broker keeps (replication factor).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_replicas: Option<u32>,
    /// Partitions the team has fixed, by topic; an event's name stands for its topic (a topic
    /// fixed under several of its events' names takes the largest).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub partitions: BTreeMap<String, u32>,
    /// Entries each cache holds at peak, by cache name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub cache_entries: BTreeMap<String, u64>,
    /// Milliseconds a consumer spends reading past a message of an event it does not consume
    /// (fetch, decode the type, acknowledge); 1 when not stated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skip_ms: Option<f64>,
    /// Bytes of one cache entry, key and value together.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cache_entry_bytes: Option<u32>,
    /// Database connections each replica of a service keeps open (its pool size).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pool_per_replica: Option<u32>,
    /// Days a month the system carries its daily volume (21 for a system used on working
    /// days only); the monthly figures multiply a day's by it. 30 when not stated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1.0, max = 31.0))]
    pub days_per_month: Option<f64>,
}

super::empty_is_default!(Scale, Latency, CapacityInputs);
