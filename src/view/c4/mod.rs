//! The C4 views worked out once from the model, for the C4 Mermaid diagrams, the LikeC4 export
//! and the site: the people (use-case actors), the identity provider, every container with the
//! infrastructure the design implies (caches, the secrets store, an outbox relay per publisher,
//! a dead-letter queue per at-least-once broker), the edges between them, and, above
//! `SPLIT_AT` services, one container view per bounded context with a context map instead of one
//! flowchart with every edge. Templates only print nodes and edges.

mod containers;
pub(crate) use containers::CDC_RELAY;
mod deployment;
mod direct;
mod map;
mod people;

use super::View;
use serde::Serialize;
use std::collections::BTreeMap;

pub use containers::containers;
pub use deployment::DeploymentC4;

/// Above this many services, the container view is split by bounded context.
pub const SPLIT_AT: usize = 10;

/// Everything the C4 views draw.
#[derive(Debug, Clone, Default, Serialize)]
pub struct C4View {
    /// Whether the container view is split by bounded context (more than `SPLIT_AT` services).
    pub split: bool,
    /// The system context: people, the system, the external systems and the identity provider.
    pub context: ContextC4,
    /// The container view of the whole system (drawn when not `split`).
    pub containers: ContainerC4,
    /// One container view per bounded context, in order of first appearance.
    pub by_context: Vec<ContainerC4>,
    /// The bounded contexts as nodes and the links between them.
    pub context_map: MapC4,
    /// The deployment view of the last environment (production).
    pub deployment: DeploymentC4,
    /// The boxes around each container of the system in the container view, outermost first
    /// (`["system", "ctx_2"]`); people and outside systems have none. For exports that name
    /// elements by path, such as LikeC4.
    pub parents: BTreeMap<String, Vec<String>>,
}

/// A box in a C4 view.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct C4Node {
    /// Unique Mermaid id.
    pub id: String,
    /// Name, as the model spells it.
    pub name: String,
    /// What it is: `service`, `Kafka broker`, `PostgreSQL`, `3 services`...
    pub detail: String,
    /// Shape and style: a component kind (`service`, `gateway`, `store`...) or `person`,
    /// `system`, `cache`, `outbox`, `dlq`, `secrets`, `platform` (a service the workloads lean on: a
    /// backend, registry, flag service, mesh, collector or load balancer), `identity`, `context`,
    /// `cluster`.
    pub kind: String,
    /// A sentence about it, when the model has one.
    pub description: String,
}

/// An arrow in a C4 view.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct C4Edge {
    /// Id of the tail.
    pub from: String,
    /// Id of the head.
    pub to: String,
    /// What flows or why; may be empty.
    pub label: String,
    /// `sync` (solid arrow), `async` (dashed arrow) or `owns` (plain line).
    pub style: String,
}

/// The system context.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ContextC4 {
    /// The people: the model's use-case actors.
    pub people: Vec<C4Node>,
    /// The system itself.
    pub system: Option<C4Node>,
    /// External systems, the identity provider included.
    pub externals: Vec<C4Node>,
    /// Arrows between them.
    pub edges: Vec<C4Edge>,
}

/// A bounded context inside a container view.
#[derive(Debug, Clone, Default, Serialize)]
pub struct C4Group {
    /// Mermaid subgraph id.
    pub id: String,
    /// The bounded context's name.
    pub name: String,
    /// Its containers: services and what only they use (stores, caches, outbox relays).
    pub nodes: Vec<C4Node>,
}

/// A container view (C4 level 2): people and outside systems around the system boundary.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ContainerC4 {
    /// The bounded context this view is about; empty for the whole system.
    pub name: String,
    /// File-safe slug of `name`.
    pub slug: String,
    /// People outside the system.
    pub people: Vec<C4Node>,
    /// Clients (apps are containers too), inside the boundary.
    pub clients: Vec<C4Node>,
    /// Bounded contexts inside the boundary.
    pub groups: Vec<C4Group>,
    /// Containers shared by the services: brokers, dead-letter queues, the secrets store.
    pub shared: Vec<C4Node>,
    /// Outside the boundary: external systems, the identity provider, and (in a view of one
    /// context) the containers of other contexts it talks to.
    pub outside: Vec<C4Node>,
    /// Arrows.
    pub edges: Vec<C4Edge>,
}

/// The context map: bounded contexts and what passes between them.
#[derive(Debug, Clone, Default, Serialize)]
pub struct MapC4 {
    /// One node per bounded context.
    pub contexts: Vec<C4Node>,
    /// Brokers, which carry the events between contexts.
    pub brokers: Vec<C4Node>,
    /// Clients and external systems that call into or are called by contexts.
    pub outside: Vec<C4Node>,
    /// Arrows, merged per pair of nodes.
    pub edges: Vec<C4Edge>,
}

/// Builds the C4 views from the rest of the view.
pub fn build(view: &View, model: &crate::model::Model) -> C4View {
    let people = people::people(view);
    let identity = people::identity(view);
    let (all, by_context, context_map) = containers(view, model, &people, &identity);
    let mut parents = BTreeMap::new();
    for n in all.clients.iter().chain(&all.shared) {
        parents.insert(n.id.clone(), vec!["system".to_owned()]);
    }
    for g in &all.groups {
        let path: Vec<String> = ["system", g.id.as_str()][..if g.name.is_empty() { 1 } else { 2 }]
            .iter()
            .map(|s| (*s).to_owned())
            .collect();
        for n in &g.nodes {
            parents.insert(n.id.clone(), path.clone());
        }
    }
    C4View {
        parents,
        split: view.services.len() > SPLIT_AT,
        context: people::context(view, &people, &identity),
        containers: all,
        by_context,
        context_map,
        deployment: deployment::build(view, model),
    }
}

/// A node for a component of the model.
pub(crate) fn node(n: &super::NodeRef, detail: &str) -> C4Node {
    C4Node {
        id: n.id.clone(),
        name: n.name.clone(),
        detail: detail.to_owned(),
        kind: n.kind.clone(),
        description: n.description.clone(),
    }
}

/// The bounded contexts of `services` in order of first appearance, with how many each has.
pub(crate) fn contexts_of<'a>(
    services: impl IntoIterator<Item = &'a crate::view::ServiceView>,
) -> Vec<(String, usize)> {
    let mut out: Vec<(String, usize)> = Vec::new();
    for s in services {
        match out.iter_mut().find(|(c, _)| *c == s.context) {
            Some((_, n)) => *n += 1,
            None => out.push((s.context.clone(), 1)),
        }
    }
    out
}

/// An edge.
pub(crate) fn edge(from: &str, to: &str, label: impl Into<String>, style: &str) -> C4Edge {
    C4Edge {
        from: from.to_owned(),
        to: to.to_owned(),
        label: label.into(),
        style: style.to_owned(),
    }
}

#[cfg(test)]
mod tests;
