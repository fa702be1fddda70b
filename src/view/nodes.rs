//! The components links can join (services, clients, externals, brokers, data stores), each
//! with a unique Mermaid id and file slug, and the full view of each service.

use super::api::{self, ApiView};
use super::events::EventView;
use super::links::LinkView;
use super::names::{self, Namer};
use crate::defaults;
use crate::model::{ClientKind, Delivery, Model, ServiceKind};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};

/// A component as other parts of the view refer to it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct NodeRef {
    /// The name from the model.
    pub name: String,
    /// Unique Mermaid node id (never a Mermaid keyword).
    pub id: String,
    /// Unique file-name slug.
    pub slug: String,
    /// `service`, `gateway`, `bff`, `worker`, `legacy`, `client`, `external`, `broker` or `store`.
    pub kind: String,
    /// What it is in words, e.g. `API gateway`, `mobile client`, `Kafka broker`.
    pub label: String,
    /// A short description: responsibility, client description, technology.
    pub description: String,
}

/// Every component, by name and by kind.
pub(super) struct Nodes {
    pub by_name: HashMap<String, NodeRef>,
    pub services: Vec<NodeRef>,
    pub clients: Vec<NodeRef>,
    pub externals: Vec<NodeRef>,
    pub brokers: Vec<NodeRef>,
    pub stores: Vec<NodeRef>,
    /// Store node ids per service name, in model order.
    pub stores_of: HashMap<String, Vec<NodeRef>>,
}

impl Nodes {
    /// The component called `name`; the model is validated, so it exists.
    pub fn get(&self, name: &str) -> NodeRef {
        self.by_name.get(name).cloned().unwrap_or_else(|| NodeRef {
            name: name.to_owned(),
            id: "unknown".into(),
            slug: "unknown".into(),
            kind: "unknown".into(),
            label: "unknown component".into(),
            description: String::new(),
        })
    }
}

pub(super) fn build(model: &Model) -> Nodes {
    // Ids and slugs share one scope each, so no two components ever collide.
    let mut ids = Namer::default();
    let mut slugs = Namer::reserving(["readme", "index", "api", "adr", "diagrams"]);
    let mut node =
        |name: &str, prefix: &str, kind: &str, label: String, description: &str| NodeRef {
            name: name.to_owned(),
            id: ids.unique(&format!("{prefix}_{}", names::snake(name, "x")), "_"),
            slug: slugs.unique(&names::slug(name, kind), "-"),
            kind: kind.to_owned(),
            label,
            description: description.to_owned(),
        };
    let services: Vec<NodeRef> = model
        .services
        .iter()
        .map(|s| {
            node(
                &s.name,
                "svc",
                kind_name(s.kind),
                kind_label(s.kind).into(),
                &s.responsibility,
            )
        })
        .collect();
    let clients: Vec<NodeRef> = model
        .clients
        .iter()
        .map(|c| {
            node(
                &c.name,
                "client",
                "client",
                format!("{} client", client_label(c.kind)),
                &c.description,
            )
        })
        .collect();
    let externals: Vec<NodeRef> = model
        .externals
        .iter()
        .map(|e| {
            node(
                &e.name,
                "ext",
                "external",
                "external system".into(),
                &e.description,
            )
        })
        .collect();
    let brokers: Vec<NodeRef> = model
        .communication
        .brokers
        .iter()
        .map(|b| {
            node(
                &b.name,
                "broker",
                "broker",
                format!("{} broker", b.technology),
                &b.description,
            )
        })
        .collect();
    let mut stores = Vec::new();
    let mut stores_of: HashMap<String, Vec<NodeRef>> = HashMap::new();
    for s in &model.services {
        for d in &s.data {
            let mut n = node(
                &format!("{} {}", s.name, d.name),
                "db",
                "store",
                d.store.clone(),
                &d.description,
            );
            n.name = d.name.clone();
            stores_of.entry(s.name.clone()).or_default().push(n.clone());
            stores.push(n);
        }
    }
    let by_name = services
        .iter()
        .chain(&clients)
        .chain(&externals)
        .chain(&brokers)
        .map(|n| (n.name.clone(), n.clone()))
        .collect();
    Nodes {
        by_name,
        services,
        clients,
        externals,
        brokers,
        stores,
        stores_of,
    }
}

fn kind_name(kind: ServiceKind) -> &'static str {
    match kind {
        ServiceKind::Service => "service",
        ServiceKind::Gateway => "gateway",
        ServiceKind::Bff => "bff",
        ServiceKind::Worker => "worker",
        ServiceKind::Legacy => "legacy",
    }
}

/// What a kind of service is called in prose.
pub fn kind_label(kind: ServiceKind) -> &'static str {
    match kind {
        ServiceKind::Service => "service",
        ServiceKind::Gateway => "API gateway",
        ServiceKind::Bff => "backend for frontend",
        ServiceKind::Worker => "background worker",
        ServiceKind::Legacy => "legacy system",
    }
}

fn client_label(kind: ClientKind) -> &'static str {
    match kind {
        ClientKind::Web => "web",
        ClientKind::Mobile => "mobile",
        ClientKind::Partner => "partner",
        ClientKind::Internal => "internal",
        ClientKind::Device => "device",
    }
}

/// A broker with what communication documents need beyond its node.
#[derive(Debug, Clone, Serialize)]
pub struct BrokerView {
    /// Name, id, slug, kind, label, description.
    #[serde(flatten)]
    pub node: NodeRef,
    /// The technology, e.g. `Kafka`.
    pub technology: String,
    /// `at-least-once`, `at-most-once` or `exactly-once`.
    pub delivery: String,
    /// Where clients reach it, if given.
    pub host: Option<String>,
}

pub(super) fn brokers(model: &Model, nodes: &Nodes) -> Vec<BrokerView> {
    model
        .communication
        .brokers
        .iter()
        .zip(&nodes.brokers)
        .map(|(b, node)| BrokerView {
            node: node.clone(),
            technology: b.technology.clone(),
            delivery: match b.delivery {
                Delivery::AtLeastOnce => "at-least-once",
                Delivery::AtMostOnce => "at-most-once",
                Delivery::ExactlyOnce => "exactly-once",
            }
            .into(),
            host: b.host.clone(),
        })
        .collect()
}

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
    /// Clients it serves (gateway, BFF).
    pub serves: Vec<String>,
    /// Its SLO, resolved.
    pub slo: SloView,
    /// Components it calls synchronously.
    pub calls: Vec<String>,
    /// Components that call it synchronously.
    pub called_by: Vec<String>,
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
}

/// A resolved SLO.
#[derive(Debug, Clone, Serialize)]
pub struct SloView {
    /// Availability in percent.
    pub availability: f64,
    /// Minutes of downtime allowed per 30 days.
    pub error_budget_minutes: f64,
    /// p99 latency objective, if any.
    pub latency_p99_ms: Option<u32>,
    /// Whether the model set it for this service (rather than inheriting the system target).
    pub explicit: bool,
}

pub(super) fn services(
    model: &Model,
    nodes: &Nodes,
    events: &[EventView],
    links: &[LinkView],
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
                    })
                    .collect(),
                api: api::build(model, s, node, events),
                publishes: s.publishes.iter().map(|e| e.name.clone()).collect(),
                consumes: s.consumes.clone(),
                serves: s.serves.clone(),
                slo: SloView {
                    availability,
                    error_budget_minutes: defaults::error_budget_minutes(availability),
                    latency_p99_ms: slo.latency_p99_ms.or(model.requirements.latency.p99_ms),
                    explicit: s.slo.is_some(),
                },
                calls: peers(&calls, &s.name),
                called_by: peers(&called_by, &s.name),
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
