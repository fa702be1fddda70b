//! Facts about the design that recommendation rules and conditional sections test.

use super::events::EventView;
use super::links::LinkView;
use super::services::ServiceView;
use crate::defaults;
use crate::model::*;
use crate::text::word;
use serde::Serialize;

/// Facts about the design that recommendation rules and conditional sections test.
#[derive(Debug, Clone, Serialize)]
pub struct Facts {
    /// Number of services of every kind.
    pub services: usize,
    /// Kinds present.
    pub kinds: Vec<String>,
    /// API styles present.
    pub styles: Vec<String>,
    /// Synchronous links.
    pub sync_links: usize,
    /// Asynchronous links.
    pub async_links: usize,
    /// Published events.
    pub events: usize,
    /// Broker technologies, lowercase.
    pub brokers: Vec<String>,
    /// Data store technologies, lowercase.
    pub stores: Vec<String>,
    /// Cache technologies, lowercase.
    pub caches: Vec<String>,
    /// Client kinds present.
    pub clients: Vec<String>,
    /// External systems.
    pub externals: usize,
    /// Flows.
    pub flows: usize,
    /// Flows that are sagas.
    pub sagas: usize,
    /// Peak requests per second (0 when unknown).
    pub peak_rps: u32,
    /// Availability target.
    pub availability: f64,
    /// The error budget of the availability target, in percent of requests.
    pub error_budget_pct: f64,
    /// The rate of the stress test: twice the peak (0 when the peak is unknown).
    pub stress_rps: u32,
    /// p99 latency target in ms (0 when unknown).
    pub p99_ms: u32,
    /// Whether the system is multi-tenant.
    pub multi_tenant: bool,
    /// `strong`, `eventual` or `mixed`.
    pub consistency: String,
    /// Compliance regimes, lowercase.
    pub compliance: Vec<String>,
    /// Authentication methods in use.
    pub auth: Vec<String>,
    /// Whether a migration is planned.
    pub migration: bool,
    /// Whether any resource offers `subscribe`.
    pub realtime: bool,
}

fn sorted_unique(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v.dedup();
    v
}

pub(super) fn facts(
    model: &Model,
    services: &[ServiceView],
    links: &[LinkView],
    events: &[EventView],
) -> Facts {
    let lower = |v: Vec<&String>| sorted_unique(v.into_iter().map(|s| s.to_lowercase()).collect());
    Facts {
        services: services.len(),
        kinds: sorted_unique(services.iter().map(|s| s.node.kind.clone()).collect()),
        styles: sorted_unique(
            services
                .iter()
                .map(|s| s.api.style.clone())
                .filter(|s| s != "none")
                .collect(),
        ),
        sync_links: links.iter().filter(|l| l.style == "sync").count(),
        async_links: links.iter().filter(|l| l.style == "async").count(),
        events: events.len(),
        brokers: lower(
            model
                .communication
                .brokers
                .iter()
                .map(|b| &b.technology)
                .collect(),
        ),
        stores: lower(
            model
                .services
                .iter()
                .flat_map(|s| s.data.iter().map(|d| &d.store))
                .collect(),
        ),
        caches: lower(
            model
                .performance
                .caches
                .iter()
                .map(|c| &c.technology)
                .collect(),
        ),
        clients: sorted_unique(model.clients.iter().map(|c| word(c.kind)).collect()),
        externals: model.externals.len(),
        flows: model.communication.flows.len(),
        sagas: model
            .communication
            .flows
            .iter()
            .filter(|f| f.saga.is_some())
            .count(),
        peak_rps: model.requirements.scale.peak_rps.unwrap_or(0),
        availability: defaults::availability(model),
        error_budget_pct: crate::derive::burn::budget_pct(defaults::availability(model)),
        stress_rps: model
            .requirements
            .scale
            .peak_rps
            .unwrap_or(0)
            .saturating_mul(2),
        p99_ms: model.requirements.latency.p99_ms.unwrap_or(0),
        multi_tenant: model.requirements.tenancy.is_some()
            || model.requirements.scale.tenants.is_some(),
        consistency: word(model.requirements.consistency),
        compliance: lower(model.requirements.compliance.iter().collect()),
        auth: sorted_unique(
            model
                .security
                .authentication
                .iter()
                .map(|a| word(a.method))
                .collect(),
        ),
        migration: model.migration.is_some(),
        realtime: services.iter().any(|s| s.api.has_subscriptions)
            || services
                .iter()
                .any(|s| s.api.style == "websocket" || s.api.style == "sse"),
    }
}
