//! The components links can join (services, clients, externals, brokers, data stores), each
//! with a unique Mermaid id and file slug.

use crate::model::{Model, ServiceKind};
use crate::text::names::{self, Namer};
use serde::Serialize;
use std::collections::HashMap;

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
    /// For an external system a team of the organisation runs (`externals[].team`): that
    /// team; none for every other component.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub team: Option<String>,
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
            team: None,
        })
    }
}

/// Mints node references with ids and slugs that share one scope each, so no two components
/// ever collide.
struct Minter {
    ids: Namer,
    slugs: Namer,
}

impl Minter {
    fn node(
        &mut self,
        name: &str,
        prefix: &str,
        kind: &str,
        label: String,
        description: &str,
    ) -> NodeRef {
        NodeRef {
            name: name.to_owned(),
            id: self
                .ids
                .unique(&format!("{prefix}_{}", names::snake(name, "x")), "_"),
            slug: self.slugs.unique(&names::slug(name, kind), "-"),
            kind: kind.to_owned(),
            label,
            description: description.to_owned(),
            team: None,
        }
    }
}

/// Each service's data stores, all of them and by service; a store's node is named after the
/// store alone, its id and slug after its service and itself.
fn stores(model: &Model, m: &mut Minter) -> (Vec<NodeRef>, HashMap<String, Vec<NodeRef>>) {
    let mut stores = Vec::new();
    let mut stores_of: HashMap<String, Vec<NodeRef>> = HashMap::new();
    for s in &model.services {
        for d in &s.data {
            let mut n = m.node(
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
    (stores, stores_of)
}

pub(super) fn build(model: &Model) -> Nodes {
    let mut m = Minter {
        ids: Namer::default(),
        slugs: Namer::reserving(["readme", "index", "api", "adr", "diagrams"]),
    };
    let mut node = |name: &str, prefix: &str, kind: &str, label: String, description: &str| {
        m.node(name, prefix, kind, label, description)
    };
    let services: Vec<NodeRef> = model
        .services
        .iter()
        .map(|s| {
            node(
                &s.name,
                "svc",
                crate::text::variant(&s.kind),
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
                format!("{} client", crate::text::variant(&c.kind)),
                &c.description,
            )
        })
        .collect();
    let externals: Vec<NodeRef> = model
        .externals
        .iter()
        .map(|e| NodeRef {
            team: e.team.clone(),
            ..node(
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
    let (stores, stores_of) = stores(model, &mut m);
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
    /// What it does with a message, from its technology: `kind` (`log`, `queue`, `pubsub`,
    /// `unknown`), `retained`, `replayable`, `deleted_on_ack`, `partitioned`,
    /// `lost_while_down`.
    pub semantics: crate::derive::brokers::BrokerKind,
    /// How it limits each identity to its own topics, e.g. Kafka's ACLs.
    pub permissions: &'static str,
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
            delivery: crate::text::word(b.delivery),
            host: b.host.clone(),
            semantics: crate::derive::brokers::of(&b.technology),
            permissions: crate::derive::brokers::permissions(&b.technology),
        })
        .collect()
}
