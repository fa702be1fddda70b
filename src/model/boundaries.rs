//! Step 2 of the model: services and the other components at the system's edges.

use super::{Api, Event};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A deployable unit the team owns: a service, gateway, BFF, worker or the legacy monolith.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Service {
    /// Unique name, e.g. `orders`.
    pub name: String,
    /// What kind of component this is.
    #[serde(default)]
    pub kind: ServiceKind,
    /// What it is responsible for, in one or two sentences.
    pub responsibility: String,
    /// The bounded context it belongs to (domain-driven design); defaults to its name.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub context: String,
    /// The team that owns it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub team: String,
    /// Language and framework, e.g. `Rust (axum)`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub stack: String,
    /// The data it owns. No other service reads these stores directly (a change data capture
    /// connector, declared on the store, reads its change log).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub data: Vec<DataStore>,
    /// Its API contract (step 3).
    #[serde(default, skip_serializing_if = "Api::is_empty")]
    pub api: Api,
    /// Events it publishes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub publishes: Vec<Event>,
    /// Names of events it consumes (published by another service).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub consumes: Vec<String>,
    /// For events it consumes, the payload fields its handlers read, by event name, e.g.
    /// `{OrderPlaced: [order_id, lines]}`; `archgen check` finds one the event does not carry.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub reads: BTreeMap<String, Vec<String>>,
    /// What its handlers do with a consumed event that arrives before the one it follows (the
    /// broker orders events neither across topics nor across keys): `keep` it by its key until
    /// that one arrives, or `apply` it to what it finds, the events commuting.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub early_events: Option<EarlyEvents>,
    /// For a gateway or BFF: the clients it serves.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub serves: Vec<String>,
    /// Its service level objective; defaults to the system's targets.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slo: Option<Slo>,
}

/// What a consumer does with an event that arrives before the one it follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum EarlyEvents {
    /// Keep it, by its key, until the event it follows arrives, then apply both in order.
    Keep,
    /// Apply it to what it finds: the events change different things, so their order does not
    /// matter.
    Apply,
}

impl EarlyEvents {
    /// Its name in the model.
    pub fn as_str(self) -> &'static str {
        match self {
            EarlyEvents::Keep => "keep",
            EarlyEvents::Apply => "apply",
        }
    }
}

/// What kind of component a service is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ServiceKind {
    /// A business service owning one bounded context.
    #[default]
    Service,
    /// An API gateway: routing, authentication, rate limiting, TLS termination.
    Gateway,
    /// A backend for frontend: one client's tailored API, aggregating services.
    Bff,
    /// A background worker with no public API.
    Worker,
    /// The legacy monolith being migrated away from.
    Legacy,
}

/// A data store a service owns.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DataStore {
    /// What the data is, e.g. `orders`.
    pub name: String,
    /// The store technology, e.g. `PostgreSQL`, `DynamoDB`, `Redis`.
    pub store: String,
    /// What it holds and why this store fits.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// This store's recovery objectives, when they differ from `requirements.recovery`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recovery: Option<super::Recovery>,
    /// Change data capture: a connector reads this store's change log and publishes the
    /// listed events; the connector is then the one other reader of the store.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capture: Option<super::Capture>,
    /// How it survives the loss of a node or a zone, e.g. `Amazon RDS Multi-AZ: a synchronous
    /// standby in another zone, promoted in one to two minutes`; unstated, the failure modes
    /// name what the store's technology needs as a gap.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failover: Option<String>,
    /// Its p99 in milliseconds for the queries its service makes while answering a request,
    /// as measured or expected: their statement timeout is 1.5 times it. Unset, a figure for
    /// its technology is assumed and listed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1))]
    pub latency_p99_ms: Option<u32>,
}

/// A per-service service level objective.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Slo {
    /// Availability objective in percent over 30 days, e.g. `99.9`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub availability: Option<f64>,
    /// 99th percentile latency objective in milliseconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latency_p99_ms: Option<u32>,
    /// For a consumer that serves no requests: seconds after the change it carries (its
    /// envelope's `occurred_at`) within which a message must be handled (its freshness
    /// objective). The publisher's relay lag counts against it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1))]
    pub freshness_seconds: Option<u32>,
}

/// A client of the system.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Client {
    /// Unique name, e.g. `web`.
    pub name: String,
    /// What kind of client it is.
    #[serde(default)]
    pub kind: ClientKind,
    /// Who uses it and what it needs from the backend.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
}

/// What kind of client calls the system.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ClientKind {
    /// A browser application.
    #[default]
    Web,
    /// A native mobile application.
    Mobile,
    /// A partner's system integrating with the public API.
    Partner,
    /// An internal tool or back-office application.
    Internal,
    /// A device or IoT client.
    Device,
}

impl ClientKind {
    /// Whether the client is a system acting for itself (a partner's, an internal job's, a
    /// device's), which gets its tokens by the client credentials grant, rather than an app a
    /// person signs in to.
    pub fn is_system(self) -> bool {
        matches!(
            self,
            ClientKind::Partner | ClientKind::Internal | ClientKind::Device
        )
    }
}

/// How an external system makes a repeated write act once.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum IdempotencyScheme {
    /// A key it remembers for a while, e.g. Stripe's `Idempotency-Key`.
    #[default]
    Key,
    /// A search on the caller's own identifier: a create finds the existing record instead.
    ConditionalCreate,
}

/// A system outside the team's control that services depend on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct External {
    /// Unique name, e.g. `stripe`.
    pub name: String,
    /// What it provides, e.g. `payment processing`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Its published availability in percent, if known; bounds what depending services can promise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub availability: Option<f64>,
    /// Its 99th percentile latency in milliseconds, if known (published or measured): the
    /// latency its callers' timeouts and consumers' handler times start from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1))]
    pub latency_p99_ms: Option<u32>,
    /// The request header it takes an idempotency key in (Stripe: `Idempotency-Key`), so a
    /// retried write to it acts once; a caller that retries it without one may act twice.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub idempotency_header: Option<String>,
    /// What its idempotency header carries: `key` (the default), a key it remembers, or
    /// `conditional-create`, a search on the caller's own identifier of the record (FHIR's
    /// `If-None-Exist`), so a repeated create finds the first record for as long as it exists.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub idempotency_scheme: Option<IdempotencyScheme>,
    /// Requests a second it accepts from this system's account, if it limits them (Stripe's
    /// live mode: 100); calls beyond it are refused with `429`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0.001))]
    pub rate_limit_rps: Option<f64>,
    /// Hours a month it is down for maintenance it announces in advance (an EHR's monthly
    /// window: 4), so the objectives of the services that depend on it can leave it out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0.0, max = 744.0))]
    pub maintenance_hours_per_month: Option<f64>,
    /// Hours its longest announced window lasts (`4` for one 4-hour window a month, `1` for
    /// four weekly hours): the backlog its consumers build while it is down, and the time
    /// they take to work it off. The month's hours in one window when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0.01, max = 744.0))]
    pub maintenance_window_hours: Option<f64>,
    /// The team of this organisation that runs it, where it is an in-house system outside
    /// this design (a warehouse system the fulfilment team runs), e.g. `fulfilment`. Unset,
    /// it is a third party: a provider under its own agreement, a processor of the personal
    /// data it is sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team: Option<String>,
    /// What the system's components present when they call it, e.g. `SMART Backend Services
    /// (a private_key_jwt key pair per calling service)`, `an API key per service`, `OAuth 2.0
    /// client credentials`; unstated for a system something calls, the security document
    /// names the gap.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credential: Option<String>,
}
