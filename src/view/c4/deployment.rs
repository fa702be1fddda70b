//! The deployment view: the last environment (production) on the platform, in each region a
//! cluster running the workloads (one per service, or one per bounded context in a split view)
//! beside the managed services they use (brokers, databases and caches by technology, the
//! secrets store).

use super::{C4Edge, C4Node, edge};
use crate::model::CacheLayer;
use crate::view::View;
use serde::Serialize;

/// The deployment view.
#[derive(Debug, Clone, Default, Serialize)]
pub struct DeploymentC4 {
    /// The environment drawn: the last in promotion order.
    pub environment: String,
    /// The other environments, which have the same shape.
    pub other_environments: Vec<String>,
    /// The platform, e.g. `Kubernetes (EKS)`; empty when the model names none.
    pub platform: String,
    /// One per region (one unnamed region when the model names none).
    pub regions: Vec<RegionC4>,
    /// Arrows: each cluster to the managed services of its region.
    pub edges: Vec<C4Edge>,
}

/// A region.
#[derive(Debug, Clone, Default, Serialize)]
pub struct RegionC4 {
    /// Mermaid subgraph id.
    pub id: String,
    /// The region's name.
    pub name: String,
    /// Subgraph id of its cluster.
    pub cluster: String,
    /// Subgraph id of its managed services.
    pub managed_id: String,
    /// Workloads in the cluster.
    pub workloads: Vec<C4Node>,
    /// Managed services.
    pub managed: Vec<C4Node>,
}

/// `n thing` or `n things`.
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Managed services, by technology: (name, kind, how many, one, many).
type Managed<'k> = Vec<(String, &'k str, usize, &'k str, &'k str)>;

/// The managed services the workloads use, one per technology and kind with how many of it.
fn managed(view: &View) -> Managed<'static> {
    let mut managed: Managed = Vec::new();
    let mut add = |tech: &str, kind: &'static str, one: &'static str, many: &'static str| {
        let tech = tech.trim();
        if tech.is_empty() || tech.to_lowercase().contains("in-process") {
            return;
        }
        match managed.iter_mut().find(|m| m.0 == tech && m.1 == kind) {
            Some(m) => m.2 += 1,
            None => managed.push((tech.to_owned(), kind, 1, one, many)),
        }
    };
    for b in &view.brokers {
        // A model broker is one cluster of however many broker nodes its replication needs.
        add(&b.technology, "broker", "cluster", "clusters");
    }
    for s in &view.services {
        for st in &s.data {
            add(&st.store, "store", "database", "databases");
        }
    }
    for c in &view.performance.caches {
        if !matches!(c.model.layer, CacheLayer::Client) {
            add(&c.model.technology, "cache", "cache", "caches");
        }
    }
    if let Some(s) = &view.security.secrets {
        add(s, "secrets", "secrets store", "secrets stores");
    }
    managed
}

/// The workloads of region `id`: a node per bounded context when the system is split, else
/// one per service.
fn workloads(view: &View, id: &str, split: bool) -> Vec<C4Node> {
    if split {
        return super::contexts(view)
            .into_iter()
            .enumerate()
            .map(|(k, (ctx, n))| C4Node {
                id: format!("{id}_w{}", k + 1),
                name: ctx,
                detail: count(n, "service", "services"),
                kind: "context".into(),
                description: String::new(),
            })
            .collect();
    }
    view.services
        .iter()
        .map(|s| C4Node {
            id: format!("{id}_{}", s.node.id),
            name: s.node.name.clone(),
            detail: if s.stack.is_empty() {
                s.node.label.clone()
            } else {
                s.stack.clone()
            },
            kind: s.node.kind.clone(),
            description: String::new(),
        })
        .collect()
}

pub fn build(view: &View) -> DeploymentC4 {
    let d = &view.deployment;
    let envs: Vec<String> = d.environments.iter().map(|e| e.name.clone()).collect();
    let split = view.services.len() > super::SPLIT_AT;
    let mut names: Vec<String> = d.regions.clone();
    if names.is_empty() {
        names.push("one region".into());
    }
    let managed = managed(view);
    let mut regions = Vec::new();
    let mut edges = Vec::new();
    for (r, name) in names.iter().enumerate() {
        let id = format!("region_{}", r + 1);
        let workloads = workloads(view, &id, split);
        let managed: Vec<C4Node> = managed
            .iter()
            .enumerate()
            .map(|(m, (n, kind, how_many, one, many))| C4Node {
                id: format!("{id}_m{}", m + 1),
                name: n.clone(),
                detail: count(*how_many, one, many),
                kind: (*kind).to_owned(),
                description: String::new(),
            })
            .collect();
        let region = RegionC4 {
            cluster: format!("{id}_cluster"),
            managed_id: format!("{id}_managed"),
            id,
            name: name.clone(),
            workloads,
            managed,
        };
        if !region.managed.is_empty() && !region.workloads.is_empty() {
            edges.push(edge(&region.cluster, &region.managed_id, "uses", "sync"));
        }
        regions.push(region);
    }
    DeploymentC4 {
        environment: envs.last().cloned().unwrap_or_else(|| "production".into()),
        other_environments: envs
            .iter()
            .take(envs.len().saturating_sub(1))
            .cloned()
            .collect(),
        platform: d.platform.clone().unwrap_or_default(),
        regions,
        edges,
    }
}
