//! The full view of each service: its API, data, SLO and who it calls.

use super::api::{self, ApiView};
use super::events::EventView;
use super::links::LinkView;
use super::nodes::{NodeRef, Nodes};
use crate::defaults;
use crate::model::Model;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};

/// A service with everything its documents need.
#[derive(Debug, Clone, Serialize)]
pub struct ServiceView {
    /// Name, id, slug, kind, label.
    #[serde(flatten)]
    pub node: NodeRef,
    /// What it is responsible for.
    pub responsibility: String,
    /// Bounded context (its name when the model gives none).
    pub context: String,
    /// Whether the model names its bounded context.
    pub context_stated: bool,
    /// Owning team, if known.
    pub team: String,
    /// Language and framework, if known.
    pub stack: String,
    /// Data stores it owns.
    pub data: Vec<StoreView>,
    /// Its API.
    pub api: ApiView,
    /// Names of events it publishes.
    pub publishes: Vec<String>,
    /// Names of events it consumes.
    pub consumes: Vec<String>,
    /// The payload fields it reads from each consumed event, where the model says.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub reads: BTreeMap<String, Vec<String>>,
    /// What it does with a consumed event that arrives before the one it follows, where the
    /// model says: `keep` or `apply`.
    pub early_events: Option<&'static str>,
    /// Clients it serves (gateway, BFF).
    pub serves: Vec<String>,
    /// Its SLO, resolved.
    pub slo: SloView,
    /// Components it calls synchronously.
    pub calls: Vec<String>,
    /// Components that call it synchronously.
    pub called_by: Vec<String>,
    /// For a WebSocket or SSE API: how its callers present tokens, and for how long.
    pub stream_auth: Option<super::stream_auth::StreamAuth>,
    /// Paths of its own documents by document id, filled in by the renderer.
    pub docs: BTreeMap<String, String>,
}

/// A data store a service owns.
#[derive(Debug, Clone, Serialize)]
pub struct StoreView {
    /// What the data is.
    pub name: String,
    /// Store technology.
    pub store: String,
    /// Description.
    pub description: String,
    /// Mermaid id of the store node.
    pub id: String,
    /// How it survives a node or a zone, as the model states it.
    pub failover: Option<String>,
}

/// A resolved SLO.
#[derive(Debug, Clone, Serialize)]
pub struct SloView {
    /// Availability in percent.
    pub availability: f64,
    /// Minutes of downtime allowed per 30 days.
    pub error_budget_minutes: f64,
    /// The error ratios at which its burn-rate alerts fire.
    pub burn: crate::derive::burn::Burn,
    /// p99 latency objective, if any.
    pub latency_p99_ms: Option<u32>,
    /// Whether the model set it for this service (rather than inheriting the system target).
    pub explicit: bool,
    /// Whether the model set the latency objective for this service; the system's p99 else.
    pub latency_own: bool,
    /// Whether the model set the availability objective for this service; the system's else.
    pub availability_own: bool,
    /// For a gateway that states no p99: its slowest route plus its own hop, which
    /// `latency_p99_ms` then holds.
    pub hop: Option<crate::derive::gateway_latency::Hop>,
}

/// Holds each gateway that states no p99 to its slowest route plus its own hop.
pub(super) fn apply_hops(
    services: &mut [ServiceView],
    hops: &[crate::derive::gateway_latency::Hop],
) {
    for s in services {
        if let Some(h) = hops.iter().find(|h| h.gateway == s.node.name) {
            s.slo.latency_p99_ms = Some(h.p99_ms);
            s.slo.hop = Some(h.clone());
        }
    }
}

pub(super) fn services(
    model: &Model,
    nodes: &Nodes,
    events: &[EventView],
    links: &[LinkView],
    auth: &[super::security::AuthView],
) -> Vec<ServiceView> {
    let (calls, called_by) = sync_peers(links);
    let peers = |by: &Peers, name: &str| by.get(name).cloned().unwrap_or_default();
    model
        .services
        .iter()
        .zip(&nodes.services)
        .map(|(s, node)| {
            let slo = s.slo.clone().unwrap_or_default();
            let availability = slo
                .availability
                .unwrap_or_else(|| defaults::availability(model));
            ServiceView {
                node: node.clone(),
                responsibility: s.responsibility.clone(),
                context: if s.context.is_empty() {
                    s.name.clone()
                } else {
                    s.context.clone()
                },
                context_stated: !s.context.is_empty(),
                team: s.team.clone(),
                stack: s.stack.clone(),
                data: nodes
                    .stores_of
                    .get(&s.name)
                    .into_iter()
                    .flatten()
                    .zip(&s.data)
                    .map(|(n, d)| StoreView {
                        name: d.name.clone(),
                        store: d.store.clone(),
                        description: d.description.clone(),
                        id: n.id.clone(),
                        failover: d.failover.clone(),
                    })
                    .collect(),
                api: api::build(model, s, node, events, auth),
                publishes: s.publishes.iter().map(|e| e.name.clone()).collect(),
                consumes: s.consumes.clone(),
                reads: s.reads.clone(),
                early_events: s.early_events.map(crate::model::EarlyEvents::as_str),
                serves: s.serves.clone(),
                slo: SloView {
                    availability,
                    error_budget_minutes: defaults::error_budget_minutes(availability),
                    burn: crate::derive::burn::burn(availability),
                    latency_p99_ms: slo.latency_p99_ms.or(model.requirements.latency.p99_ms),
                    explicit: s.slo.is_some(),
                    latency_own: slo.latency_p99_ms.is_some(),
                    availability_own: slo.availability.is_some(),
                    hop: None,
                },
                calls: peers(&calls, &s.name),
                called_by: peers(&called_by, &s.name),
                stream_auth: super::stream_auth::stream_auth(model, s, auth),
                docs: BTreeMap::new(),
            }
        })
        .collect()
}

/// Names of components by the component's name.
type Peers<'a> = HashMap<&'a str, Vec<String>>;

/// What each component calls and is called by synchronously, in link order, each once: one
/// pass over the links rather than one per service.
fn sync_peers(links: &[LinkView]) -> (Peers<'_>, Peers<'_>) {
    let mut seen: HashSet<(&str, &str)> = HashSet::new();
    let (mut calls, mut called_by) = (Peers::new(), Peers::new());
    for l in links.iter().filter(|l| l.style == "sync") {
        let (from, to) = (l.from.name.as_str(), l.to.name.as_str());
        // A pair already seen is already in both lists.
        if seen.insert((from, to)) {
            calls.entry(from).or_default().push(to.to_owned());
            called_by.entry(to).or_default().push(from.to_owned());
        }
    }
    (calls, called_by)
}
