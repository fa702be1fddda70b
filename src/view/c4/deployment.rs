//! The deployment view: the last environment (production) on the platform, in each region a
//! cluster running the workloads (one per service, or one per bounded context in a split view)
//! beside the managed and platform services they use (brokers; each database and cache, or in
//! a split view their count by technology; the rate limiters' shared count; the secrets store, the schema registry, the feature flag service, a change data
//! capture outbox relay), the service mesh among the workloads, a load balancer in front of each
//! gateway clients call, and the existing (legacy) systems outside them,
//! run as they are today.

use super::{C4Edge, C4Node, edge};
use crate::model::CacheLayer;
use crate::view::ServiceView;
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
    /// The legacy systems and their stores: they keep running where they run today, outside
    /// the plan's clusters and managed services, once for the environment.
    pub existing: Vec<C4Node>,
    /// Ids of the same systems and stores in the containers view (for LikeC4 instances).
    pub existing_refs: Vec<String>,
    /// Ids of the identity providers the team runs, in the context view (for LikeC4
    /// instances in the cluster); none in a split view.
    pub identity_refs: Vec<String>,
    /// The names of the databases and caches drawn one by one among the managed services
    /// (for LikeC4 instances of their containers); none in a split view, which counts them.
    pub managed_stores: Vec<String>,
    /// Arrows: each cluster to the managed services of its region, and between the clusters,
    /// the managed services and the existing systems where they talk.
    pub edges: Vec<C4Edge>,
    /// Whether the change data capture relay of the outboxes runs in the cluster, with the
    /// connectors the team runs there, rather than among the managed services.
    pub relay_in_cluster: bool,
    /// The cluster's label beyond its platform: the zones it spans and the replicas each
    /// workload runs, e.g. `3 zones; 3 to 20 replicas a workload`.
    pub spread: String,
}

/// Subgraph id of the existing systems.
pub const EXISTING: &str = "existing";

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
    /// In the region before its cluster: a load balancer in front of each gateway clients
    /// call, with the id of the gateway's workload it sends to.
    pub entry: Vec<(C4Node, String)>,
}

/// The load balancer in front of each gateway of region `id` that clients call, outside the
/// cluster, with the id of the gateway's workload among `workloads`.
fn entry(view: &View, id: &str, workloads: &[C4Node]) -> Vec<(C4Node, String)> {
    let gateways = (view.services.iter()).filter(|s| {
        matches!(s.node.kind.as_str(), "gateway" | "bff")
            && view
                .links
                .iter()
                .any(|l| l.to.id == s.node.id && l.from.kind == "client")
    });
    gateways
        .filter_map(|g| {
            let w = workloads
                .iter()
                .find(|w| w.id == format!("{id}_{}", g.node.id))?;
            Some((
                C4Node {
                    id: format!("{}_lb", w.id),
                    name: "load balancer".into(),
                    detail: format!("in front of {}", g.node.name),
                    kind: "platform".into(),
                    description: String::new(),
                },
                w.id.clone(),
            ))
        })
        .collect()
}

/// Where a broker keeps each topic: its copies across the zones, assumed unless stated.
fn copies(view: &View) -> String {
    let key = "requirements.capacity.event_replicas";
    let assumed = view.assumptions.iter().any(|a| a.key == key);
    format!(
        "each topic on {} brokers across zones{}",
        view.capacity.event_replicas,
        if assumed { ", assumed" } else { "" }
    )
}

/// `n thing` or `n things`.
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Managed services: (name, kind, how many, one, many), a technology with how many of it; or
/// (name, kind, 0, technology, ""), one store drawn on its own.
type Managed<'k> = Vec<(String, &'k str, usize, String, &'k str)>;

/// The managed services the workloads use, one per technology and kind with how many of it;
/// with `each`, every database and cache on its own, by name (a deployment small enough to
/// draw them), and the shared store the rate limiters count in beside them.
fn managed(view: &View, each: bool) -> Managed<'static> {
    let mut managed: Managed = Vec::new();
    let mut add = |tech: &str, kind: &'static str, one: &'static str, many: &'static str| {
        let tech = tech.trim();
        if tech.is_empty() || crate::derive::choices::in_process(tech) {
            return;
        }
        match managed.iter_mut().find(|m| m.0 == tech && m.1 == kind) {
            Some(m) => m.2 += 1,
            None => managed.push((tech.to_owned(), kind, 1, one.to_owned(), many)),
        }
    };
    for b in &view.brokers {
        // A model broker is one cluster of however many broker nodes its replication needs.
        add(&b.technology, "broker", "cluster", "clusters");
    }
    let mut own: Managed = Vec::new();
    for s in view.services.iter().filter(|s| !is_legacy(s)) {
        for st in &s.data {
            if each && !crate::derive::choices::in_process(&st.store) {
                let zones = st.failover.as_deref().unwrap_or("zone failover not stated");
                own.push((
                    st.name.clone(),
                    "store",
                    0,
                    format!("{}; {zones}", st.store),
                    "",
                ));
            } else {
                add(&st.store, "store", "database", "databases");
            }
        }
    }
    for c in &view.performance.caches {
        if matches!(c.model.layer, CacheLayer::Client) {
            continue;
        }
        let tech = &c.model.technology;
        if each && !tech.trim().is_empty() && !crate::derive::choices::in_process(tech) {
            own.push((c.model.name.clone(), "cache", 0, tech.clone(), ""));
        } else {
            add(tech, "cache", "cache", "caches");
        }
    }
    let limits = &view.resilience;
    if let Some(store) =
        (limits.rate_limit_store.as_deref()).filter(|_| each && !limits.rate_limit_users.is_empty())
    {
        own.push(("rate-limit counts".into(), "cache", 0, store.to_owned(), ""));
    }
    // An identity provider the team runs keeps its accounts in a database of its own.
    for n in run_by_team(view).into_iter().filter(|_| each) {
        let backed_up = (view.security.authentication.iter())
            .any(|a| a.backed_up && a.provider.as_deref().map(str::trim) == Some(&n.name));
        let detail = if backed_up {
            "the identity provider's own database, backed up as the services' stores are"
        } else {
            "the identity provider's own database"
        }
        .to_owned();
        own.push((format!("{} accounts", n.name), "store", 0, detail, ""));
    }
    if let Some(s) = &view.security.secrets {
        add(s, "secrets", "secrets store", "secrets stores");
    }
    platform(view, &mut add);
    // Each store after the broker, before the platform services.
    let at = managed.iter().take_while(|m| m.1 == "broker").count();
    managed.splice(at..at, own);
    managed
}

/// The platform services the workloads lean on: the schema registry, the log, metrics and
/// trace backends, the feature flag service, and the outbox relay when one connector reads every outbox. Identity providers stay in the context view: the model does not say
/// which run beside the workloads and which are a vendor's service.
fn platform(view: &View, add: &mut impl FnMut(&str, &'static str, &'static str, &'static str)) {
    if let Some(r) = view.envelope.as_ref().and_then(|e| e.registry.as_deref()) {
        add(r, "platform", "schema registry", "schema registries");
    }
    let o = &view.observability;
    let backends = [
        (&o.log_backend, "log backend", "log backends"),
        (&o.metrics_backend, "metrics backend", "metrics backends"),
        (&o.trace_backend, "trace backend", "trace backends"),
    ];
    for (b, one, many) in backends {
        if let Some(b) = b.as_deref().filter(|b| !b.trim().is_empty()) {
            add(b, "platform", one, many);
        }
    }
    if let Some(f) = view.deployment.feature_flags.as_deref() {
        add(
            f,
            "platform",
            "feature flag service",
            "feature flag services",
        );
    }
    if let Some(t) = super::containers::cdc_relay(view).filter(|_| self_run(view).is_none()) {
        add(t, "outbox", "outbox relay", "outbox relays");
    }
}

/// The OpenTelemetry Collector the services send their spans to, where a trace backend is
/// chosen: under tail sampling two tiers, one routing each trace's spans to one collector of
/// the other, which keeps or drops the whole trace.
fn collector(view: &View, id: &str) -> Option<C4Node> {
    let o = &view.observability;
    let backend = o
        .trace_backend
        .as_deref()
        .filter(|b| !b.trim().is_empty())?;
    let detail = if o.sampling == "tail" {
        format!("a tier routing spans by trace id, then the tail-sampling tier; to {backend}")
    } else {
        format!("spans over OTLP, to {backend}")
    };
    Some(C4Node {
        id: format!("{id}_otel"),
        name: "OpenTelemetry Collector".into(),
        detail,
        kind: "platform".into(),
        description: String::new(),
    })
}

/// The service meshes the technology choices name: each runs in the cluster, its control plane
/// beside the workloads and a proxy in each of their pods.
fn meshes(view: &View) -> impl Iterator<Item = &str> {
    (view.technology.iter())
        .filter(|t| t.area.to_lowercase().contains("mesh"))
        .map(|t| t.choice.trim())
        .filter(|c| !c.is_empty())
}

/// The team that runs the change data capture connectors in the cluster, where the model says
/// they run there rather than on a managed connector service.
fn self_run(view: &View) -> Option<&str> {
    let c = view.connectors.as_ref().filter(|c| c.stated)?;
    let on = c.runs_on.to_lowercase();
    let managed = ["msk connect", "confluent cloud", "managed"];
    (!on.is_empty() && !managed.iter().any(|m| on.contains(m))).then_some(c.team.as_str())
}

/// Whether a service is an existing system the plan does not deploy.
fn is_legacy(s: &ServiceView) -> bool {
    s.node.kind == "legacy"
}

/// The existing systems with their stores, as nodes and as container ids.
fn existing(view: &View) -> (Vec<C4Node>, Vec<String>) {
    let mut nodes = Vec::new();
    let mut refs = Vec::new();
    for s in view.services.iter().filter(|s| is_legacy(s)) {
        nodes.push(service_node(EXISTING, s));
        refs.push(s.node.id.clone());
        for st in &s.data {
            nodes.push(C4Node {
                id: format!("{EXISTING}_{}", st.id),
                name: st.name.clone(),
                detail: st.store.clone(),
                kind: "store".into(),
                description: String::new(),
            });
            refs.push(st.id.clone());
        }
    }
    (nodes, refs)
}

/// Arrows between region `r`'s cluster or managed services and the existing systems: calls
/// either way, the connectors reading a captured store's change log, and the events the
/// existing systems publish themselves and consume.
fn existing_edges(view: &View, r: &RegionC4) -> Vec<C4Edge> {
    let legacy: Vec<&ServiceView> = view.services.iter().filter(|s| is_legacy(s)).collect();
    let named = |n: &String| legacy.iter().any(|s| &s.node.name == n);
    let mut out = Vec::new();
    if r.workloads.is_empty() || legacy.is_empty() {
        return out;
    }
    let new = || view.services.iter().filter(|s| !is_legacy(s));
    if new().any(|s| s.calls.iter().any(named)) {
        out.push(edge(&r.cluster, EXISTING, "calls", "sync"));
    }
    if new().any(|s| s.called_by.iter().any(named)) {
        out.push(edge(EXISTING, &r.cluster, "calls", "sync"));
    }
    if !r.managed.is_empty() {
        let captured = |e: &String| view.captured_events.contains(e);
        // A connector reads the change log of a captured store: it pulls, the system does not
        // publish. One run in the cluster reads from there, else from the managed services.
        if legacy.iter().any(|s| s.publishes.iter().any(captured)) {
            let vpn = (view.connectors.as_ref())
                .is_some_and(|c| c.runs_on.to_lowercase().contains("vpn"));
            let how = if vpn {
                "reads the change log over the VPN"
            } else {
                "reads the change log"
            };
            let from = if self_run(view).is_some() {
                &r.cluster
            } else {
                &r.managed_id
            };
            out.push(edge(from, EXISTING, how, "async"));
        }
        if legacy
            .iter()
            .any(|s| s.publishes.iter().any(|e| !captured(e)))
        {
            out.push(edge(EXISTING, &r.managed_id, "publishes events", "async"));
        }
        if legacy.iter().any(|s| !s.consumes.is_empty()) {
            out.push(edge(&r.managed_id, EXISTING, "delivers events", "async"));
        }
    }
    out
}

/// The workloads of region `id`: a node per bounded context when the system is split, else
/// one per service (those of `two` run as two Deployments), and the service mesh.
fn workloads(view: &View, id: &str, split: bool, two: &[&str]) -> Vec<C4Node> {
    if split {
        return super::contexts_of(view.services.iter().filter(|s| !is_legacy(s)))
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
    let mut out: Vec<C4Node> = (view.services.iter())
        .filter(|s| !is_legacy(s))
        .map(|s| {
            let mut n = service_node(id, s);
            if two.contains(&s.node.name.as_str()) {
                n.detail = format!("{}; serving and consuming Deployments", n.detail);
            }
            n
        })
        .collect();
    for (k, mesh) in meshes(view).enumerate() {
        out.push(C4Node {
            id: format!("{id}_mesh{}", k + 1),
            name: mesh.to_owned(),
            detail: "service mesh: its control plane, and a proxy in each workload's pods".into(),
            kind: "platform".into(),
            description: String::new(),
        });
    }
    out.extend(collector(view, id));
    // An Envoy gateway whose replicas share their counts asks a rate limit service over gRPC,
    // which the platform runs beside it.
    if !super::containers::envoy_limited(view).is_empty() {
        out.push(C4Node {
            id: format!("{id}_ratelimit"),
            name: "rate limit service".into(),
            detail: "Envoy ratelimit, gRPC".into(),
            kind: "service".into(),
            description: String::new(),
        });
    }
    // An identity provider the team runs is a workload of the cluster, beside the services.
    for n in run_by_team(view) {
        out.push(C4Node {
            id: format!("{id}_{}", n.id),
            detail: "identity provider, run by the team".into(),
            ..n
        });
    }
    // Connectors the model runs in the cluster are a workload of their own.
    if let (Some(team), Some(tool)) = (self_run(view), super::containers::cdc_relay(view)) {
        out.push(C4Node {
            id: format!("{id}_connectors"),
            name: "connectors".into(),
            detail: format!("{tool}, run by {team}"),
            kind: "outbox".into(),
            description: String::new(),
        });
    }
    out
}

/// The identity providers the team runs itself (`self_hosted`), as the context view's nodes.
pub(super) fn run_by_team(view: &View) -> Vec<C4Node> {
    (super::people::identity(view).into_iter())
        .map(|(n, _)| n)
        .filter(|n| {
            (view.security.authentication.iter())
                .any(|a| a.self_hosted && a.provider.as_deref().map(str::trim) == Some(&n.name))
        })
        .collect()
}

/// Service `s` as a node of the subgraph `prefix`, labelled with its stack (else its kind).
fn service_node(prefix: &str, s: &ServiceView) -> C4Node {
    C4Node {
        id: format!("{prefix}_{}", s.node.id),
        name: s.node.name.clone(),
        detail: if s.stack.is_empty() {
            s.node.label.clone()
        } else {
            s.stack.clone()
        },
        kind: s.node.kind.clone(),
        description: String::new(),
    }
}

pub fn build(view: &View, model: &crate::model::Model) -> DeploymentC4 {
    let two = crate::derive::guidance::two_deployments(model);
    let d = &view.deployment;
    let envs: Vec<String> = d.environments.iter().map(|e| e.name.clone()).collect();
    let split = view.services.len() > super::SPLIT_AT;
    let mut names: Vec<String> = d.regions.clone();
    if names.is_empty() {
        names.push("one region".into());
    }
    let managed = managed(view, !split);
    let mut regions = Vec::new();
    let mut edges = Vec::new();
    for (r, name) in names.iter().enumerate() {
        let id = format!("region_{}", r + 1);
        let workloads = workloads(view, &id, split, &two);
        let entry = entry(view, &id, &workloads);
        let managed: Vec<C4Node> = managed
            .iter()
            .enumerate()
            .map(|(m, (n, kind, how_many, one, many))| C4Node {
                id: format!("{id}_m{}", m + 1),
                name: n.clone(),
                detail: if *how_many == 0 {
                    one.clone()
                } else if *kind == "broker" {
                    format!("{}; {}", count(*how_many, one, many), copies(view))
                } else {
                    count(*how_many, one, many)
                },
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
            entry,
        };
        for (lb, gateway) in &region.entry {
            edges.push(edge(&lb.id, gateway, "HTTPS", "sync"));
        }
        if !region.managed.is_empty() && !region.workloads.is_empty() {
            edges.push(edge(&region.cluster, &region.managed_id, "uses", "sync"));
        }
        edges.extend(existing_edges(view, &region));
        regions.push(region);
    }
    let (existing, existing_refs) = existing(view);
    let managed_stores = (managed.iter())
        .filter(|m| m.2 == 0 && matches!(m.1, "store" | "cache"))
        .map(|m| m.0.clone())
        .collect();
    let identity_refs = if split {
        Vec::new()
    } else {
        run_by_team(view).into_iter().map(|n| n.id).collect()
    };
    DeploymentC4 {
        relay_in_cluster: !split && self_run(view).is_some() && view.outbox_cdc.is_some(),
        identity_refs,
        managed_stores,
        existing,
        existing_refs,
        environment: envs.last().cloned().unwrap_or_else(|| "production".into()),
        other_environments: envs
            .iter()
            .take(envs.len().saturating_sub(1))
            .cloned()
            .collect(),
        platform: d.platform.clone().unwrap_or_default(),
        regions,
        edges,
        spread: spread(view),
    }
}

/// The zones a cluster spans (assumed when the model does not say) and the replicas each
/// workload runs.
fn spread(view: &View) -> String {
    let (min, max) = view.capacity.replicas;
    let loss = &view.capacity.zone_loss;
    let zones = if loss.zones_stated {
        format!("{} zones", loss.zones)
    } else {
        format!("{} zones, assumed", loss.zones)
    };
    if min == max {
        format!("{zones}; {min} replicas a workload")
    } else {
        format!("{zones}; {min} to {max} replicas a workload")
    }
}
