//! The container views (C4 level 2): every service with what it alone uses (its stores, its
//! caches, the relay of its transactional outbox), the shared containers (brokers, a dead-letter
//! queue per broker that redelivers, the secrets store), and the arrows. The whole system is one
//! view; each bounded context is also one, with the containers of other contexts it talks to
//! outside its boundary; the context map merges the arrows between contexts.

use super::{C4Edge, C4Group, C4Node, ContainerC4, MapC4, edge, node};
use crate::model::{ClientKind, Model};
use crate::view::names::{self, Namer};
use crate::view::{LinkView, ServiceView, View};
use std::collections::{HashMap, HashSet};

/// Bounded contexts in order of first appearance, each with its services' containers (their
/// edges added to `edges`), and the context of each container by id.
fn context_groups(
    view: &View,
    publishers: &HashSet<&str>,
    edges: &mut Vec<C4Edge>,
) -> (Vec<C4Group>, HashMap<String, usize>) {
    let mut ids = Namer::default();
    let mut groups: Vec<C4Group> = Vec::new();
    let mut context_of: HashMap<String, usize> = HashMap::new();
    for s in &view.services {
        let k = match groups.iter().position(|g| g.name == s.context) {
            Some(k) => k,
            None => {
                groups.push(C4Group {
                    id: format!("ctx_{}", groups.len() + 1),
                    name: s.context.clone(),
                    nodes: Vec::new(),
                });
                groups.len() - 1
            }
        };
        let own = service_nodes(
            view,
            s,
            publishers.contains(s.node.id.as_str()),
            &mut ids,
            edges,
        );
        for n in &own {
            context_of.insert(n.id.clone(), k);
        }
        groups[k].nodes.extend(own);
    }
    (groups, context_of)
}

/// What a client does at an identity provider: a person's client signs in; a system's (a
/// partner's, an internal job's, a device's) gets tokens by the client credentials grant.
fn sign_in_label(model: &Model, client: &str, method: &str) -> String {
    let system = (model.clients.iter()).any(|c| c.name == client && c.kind.is_system());
    if system {
        format!("gets tokens [{method}, client credentials]")
    } else {
        format!("signs in [{method}]")
    }
}

/// The edges to each identity provider: the clients its entries name sign in there (one arrow
/// from the group of clients when every client inside the boundary does, alike), and the
/// gateways (or, without one, the services) validate its tokens.
fn identity_edges(
    view: &View,
    model: &Model,
    inside: &[C4Node],
    identity: &[(C4Node, String)],
    edges: &mut Vec<C4Edge>,
) {
    let gateways: Vec<&ServiceView> = view
        .services
        .iter()
        .filter(|s| matches!(s.node.kind.as_str(), "gateway" | "bff"))
        .collect();
    for (idp, method) in identity {
        let named: Vec<(&str, String)> = (view.clients.iter())
            .filter(|c| {
                (view.security.authentication.iter()).any(|a| {
                    a.provider.as_deref().map(str::trim) == Some(idp.name.as_str())
                        && a.clients.contains(&c.name)
                })
            })
            .map(|c| (c.id.as_str(), sign_in_label(model, &c.name, method)))
            .collect();
        let of_group: Vec<&(&str, String)> = (named.iter())
            .filter(|(id, _)| inside.iter().any(|n| n.id == *id))
            .collect();
        let whole = !inside.is_empty()
            && of_group.len() == inside.len()
            && of_group.iter().all(|(_, l)| *l == of_group[0].1);
        if whole {
            edges.push(edge("clients", &idp.id, of_group[0].1.clone(), "sync"));
        }
        for (id, label) in named.iter().filter(|n| !whole || !of_group.contains(n)) {
            edges.push(edge(id, &idp.id, label.clone(), "sync"));
        }
        if gateways.is_empty() {
            edges.push(edge(
                "services",
                &idp.id,
                format!("validates tokens [{method}]"),
                "sync",
            ));
        }
        for g in &gateways {
            edges.push(edge(
                &g.node.id,
                &idp.id,
                format!("validates tokens [{method}]"),
                "sync",
            ));
        }
    }
}

/// Change data capture: the connector publishes a captured store's events from its log, so the
/// arrow leaves the store, not its service.
fn capture_edges(view: &View, edges: &mut Vec<C4Edge>) {
    for c in &view.captures {
        if c.store_id.is_empty() || c.broker_id.is_empty() {
            continue;
        }
        let label = format!("CDC ({}): {}", c.capture.tool, c.capture.events.join(", "));
        edges.push(edge(&c.store_id, &c.broker_id, label, "async"));
    }
}

/// A service alone in a context named after it is drawn straight in the boundary: its group
/// loses its name.
fn unbox_singletons(view: &View, groups: &mut [C4Group]) {
    for g in groups {
        let services: Vec<&ServiceView> = view
            .services
            .iter()
            .filter(|s| s.context == g.name)
            .collect();
        if services.len() == 1 && services[0].node.name == g.name {
            g.name = String::new();
        }
    }
}

/// Each person's arrows to the clients they use, or, when the model does not tell which, to
/// the group of clients inside the boundary (`inside`): a partner's system outside it is
/// another organisation's, used only where the person's roles say so (or where every client
/// is one).
fn uses(view: &View, people: &[C4Node], inside: &[C4Node]) -> Vec<C4Edge> {
    let mut out = Vec::new();
    for p in people.iter().filter(|_| !view.clients.is_empty()) {
        let mut theirs: Vec<&str> = super::people::clients_of(view, &p.name)
            .into_iter()
            .filter_map(|c| view.clients.iter().find(|n| n.name == c))
            .map(|n| n.id.as_str())
            .collect();
        if theirs.is_empty() && !inside.is_empty() {
            out.push(edge(&p.id, "clients", "uses", "sync"));
        } else if theirs.is_empty() {
            theirs = view.clients.iter().map(|c| c.id.as_str()).collect();
        }
        out.extend(theirs.iter().map(|c| edge(&p.id, c, "uses", "sync")));
    }
    out
}

/// The legacy systems and their stores, existing systems the new one replaces or
/// talks to, moved from the boundary to outside it.
fn legacy_outside(view: &View, groups: &mut Vec<C4Group>, outside: &mut Vec<C4Node>) {
    let legacy: HashSet<&str> = (view.services.iter())
        .filter(|s| s.node.kind == "legacy")
        .flat_map(|s| {
            std::iter::once(s.node.id.as_str()).chain(s.data.iter().map(|d| d.id.as_str()))
        })
        .collect();
    for g in groups.iter_mut() {
        let (out, keep): (Vec<C4Node>, Vec<C4Node>) = g
            .nodes
            .drain(..)
            .partition(|n| legacy.contains(n.id.as_str()));
        outside.extend(out);
        g.nodes = keep;
    }
    groups.retain(|g| !g.nodes.is_empty());
}

/// The clients split in two: partners' systems, outside the boundary (another organisation
/// runs them), and the clients the team builds, inside it.
fn partners_outside(view: &View, model: &Model) -> (Vec<C4Node>, Vec<C4Node>) {
    (view.clients.iter())
        .map(|c| node(c, &c.label))
        .partition(|n| {
            (model.clients.iter()).any(|c| c.name == n.name && c.kind == ClientKind::Partner)
        })
}

/// The whole system's container view, one per bounded context, and the context map.
pub fn containers(
    view: &View,
    model: &Model,
    people: &[C4Node],
    identity: &[(C4Node, String)],
) -> (ContainerC4, Vec<ContainerC4>, MapC4) {
    let mut edges: Vec<C4Edge> = Vec::new();
    let publishers: HashSet<&str> = view.graph.publish.iter().map(|e| e.from.as_str()).collect();
    let (mut groups, context_of) = context_groups(view, &publishers, &mut edges);
    let mut shared = shared(view, &publishers, &mut edges);
    // An identity provider the team runs is a container of the system, as the deployment view
    // draws it; one bought as a service is outside.
    let run = super::deployment::run_by_team(view);
    let mut outside: Vec<C4Node> = Vec::new();
    for (n, _) in identity {
        if run.iter().any(|r| r.id == n.id) {
            shared.push(C4Node {
                detail: "identity provider, run by the team".into(),
                ..n.clone()
            });
        } else {
            outside.push(n.clone());
        }
    }
    for e in &view.externals {
        if !outside.iter().any(|x| x.id == e.id) {
            outside.push(node(e, &e.label));
        }
    }
    links(view, &publishers, &mut edges);
    capture_edges(view, &mut edges);
    let (partners, inside) = partners_outside(view, model);
    identity_edges(view, model, &inside, identity, &mut edges);
    edges.extend(super::direct::container_edges(view));
    let map = super::map::context_map(view, &groups, &context_of, &edges);
    let mut around = outside.clone();
    around.extend(view.clients.iter().map(|c| node(c, &c.label)));
    let by_context = groups
        .iter()
        .enumerate()
        .map(|(k, g)| one_context(k, g, &groups, &context_of, &shared, &around, &edges))
        .collect();
    let mut all_edges = uses(view, people, &inside);
    all_edges.extend(edges);
    unbox_singletons(view, &mut groups);
    legacy_outside(view, &mut groups, &mut outside);
    outside.extend(partners);
    let all = ContainerC4 {
        name: String::new(),
        slug: String::new(),
        people: people.to_vec(),
        clients: inside,
        groups,
        shared,
        outside,
        edges: all_edges,
    };
    (all, by_context, map)
}

/// A service's node, its stores', its caches' and its outbox relay's, with the edges to them.
fn service_nodes(
    view: &View,
    s: &ServiceView,
    publishes: bool,
    ids: &mut Namer,
    edges: &mut Vec<C4Edge>,
) -> Vec<C4Node> {
    let detail = match (s.node.kind.as_str(), s.stack.is_empty()) {
        ("service", _) => s.stack.clone(),
        (_, true) => s.node.label.clone(),
        (_, false) => format!("{} · {}", s.node.label, s.stack),
    };
    let mut out = vec![node(&s.node, &detail)];
    for d in &s.data {
        out.push(C4Node {
            id: d.id.clone(),
            name: d.name.clone(),
            detail: d.store.clone(),
            kind: "store".into(),
            description: d.description.clone(),
        });
        edges.push(edge(&s.node.id, &d.id, "", "owns"));
    }
    for c in &view.performance.caches {
        let tech = &c.model.technology;
        if c.owner.id != s.node.id || tech.is_empty() || crate::derive::choices::in_process(tech) {
            continue;
        }
        let id = ids.unique(&format!("cache_{}", names::snake(&c.model.name, "x")), "_");
        out.push(C4Node {
            id: id.clone(),
            name: c.model.name.clone(),
            detail: c.model.technology.clone(),
            kind: "cache".into(),
            description: c.model.holds.clone(),
        });
        edges.push(edge(&s.node.id, &id, "reads and writes", "sync"));
    }
    // Only a service that writes a store has a transaction to put its events in. A change
    // data capture relay is one connector for every outbox: the store's log feeds it.
    if let (true, Some(store), Some(_)) = (publishes, s.data.first(), cdc_relay(view)) {
        edges.push(edge(
            &store.id,
            CDC_RELAY,
            "outbox rows (change data capture)",
            "async",
        ));
    } else if publishes && !s.data.is_empty() {
        let id = ids.unique(&format!("outbox_{}", names::snake(&s.node.name, "x")), "_");
        out.push(C4Node {
            id: id.clone(),
            name: format!("{} outbox", s.node.name),
            detail: "outbox relay".into(),
            kind: "outbox".into(),
            description: format!(
                "Publishes the events {} writes to its outbox table in the same transaction as the change.",
                s.node.name
            ),
        });
        edges.push(edge(&s.node.id, &id, "outbox table", "owns"));
        if outboxed_calls(view, &s.node.id).any(|l| !by_relay(l)) {
            let id = ids.unique(&format!("calls_{}", names::snake(&s.node.name, "x")), "_");
            out.push(C4Node {
                id: id.clone(),
                name: format!("{} outbox calls", s.node.name),
                detail: "call relay".into(),
                kind: "outbox".into(),
                description: format!(
                    "Makes the calls {} writes to its outbox table, on every replica, apart from the relay that publishes its events.",
                    s.node.name
                ),
            });
            edges.push(edge(&s.node.id, &id, OUTBOX_CALLS, "owns"));
        }
    }
    out
}

/// The label of the edge from a service to the relay that makes its outboxed calls.
const OUTBOX_CALLS: &str = "outbox call rows";

/// Whether the relay that publishes its caller's events makes link `l`'s calls, rather than
/// a relay of their own (`communication.outbox_calls: apart`).
fn by_relay(l: &LinkView) -> bool {
    (l.policy.as_ref())
        .and_then(|p| p.derivation.as_ref())
        .is_some_and(|d| d.by_relay)
}

/// The synchronous links from service `id` that its polling outbox relay makes.
fn outboxed_calls<'v>(view: &'v View, id: &'v str) -> impl Iterator<Item = &'v LinkView> + 'v {
    (view.links.iter()).filter(move |l| {
        l.from.id == id
            && (l.policy.as_ref())
                .and_then(|p| p.derivation.as_ref())
                .is_some_and(|d| d.from_outbox)
    })
}

/// The id of the store of the rate limits' shared counts.
const RATE_COUNTS: &str = "rate_limit_counts";

/// Broker `b`'s retry topics, where a consumer's failed message waits its delay while the
/// partition moves on, with an arrow back to each consumer that reads them.
fn retry_topics(
    view: &View,
    b: &crate::view::BrokerView,
    edges: &mut Vec<C4Edge>,
    out: &mut Vec<C4Node>,
) {
    let mut consumers: Vec<&str> = Vec::new();
    for e in (view.events.iter()).filter(|e| e.broker.as_ref().is_some_and(|x| x.id == b.node.id)) {
        for d in e.deliveries.iter().filter(|d| d.retry_topic.is_some()) {
            if !consumers.contains(&d.consumer.as_str()) {
                consumers.push(&d.consumer);
            }
        }
    }
    if consumers.is_empty() {
        return;
    }
    let id = format!("retry_{}", b.node.id);
    out.push(C4Node {
        id: id.clone(),
        name: format!("{} retry topics", b.node.name),
        detail: "delayed redelivery".into(),
        kind: "dlq".into(),
        description:
            "A failed message waits here for its delay, so the partition it came from moves on."
                .into(),
    });
    edges.push(edge(&b.node.id, &id, "a failed message, to wait", "async"));
    for c in consumers {
        if let Some(s) = view.services.iter().find(|s| s.node.name == c) {
            edges.push(edge(&id, &s.node.id, "after its delay", "async"));
        }
    }
}

/// The id of the one relay that reads every outbox by change data capture.
pub(crate) const CDC_RELAY: &str = "outbox_relay";

/// The change data capture tool that publishes every outbox table, when the model names one.
pub(super) fn cdc_relay(view: &View) -> Option<&str> {
    view.outbox_cdc.as_deref()
}

/// Brokers, a dead-letter queue per broker that redelivers and its retry topics where
/// consumers use them, the rate limits' shared counts (and the service Envoy asks), the
/// schema registry and the flag service, the secrets store, and the change data capture relay
/// of the outboxes, when one reads them all.
fn shared(view: &View, publishers: &HashSet<&str>, edges: &mut Vec<C4Edge>) -> Vec<C4Node> {
    let mut out = Vec::new();
    let outboxes = view
        .services
        .iter()
        .any(|s| publishers.contains(s.node.id.as_str()) && !s.data.is_empty());
    if let (Some(tool), true) = (cdc_relay(view), outboxes) {
        out.push(C4Node {
            id: CDC_RELAY.into(),
            name: "outbox relay".into(),
            detail: tool.to_owned(),
            kind: "outbox".into(),
            description: "Reads every publisher's outbox table from its store's log and publishes the rows, in commit order.".into(),
        });
    }
    for b in &view.brokers {
        out.push(node(&b.node, &b.node.label));
        if b.delivery == "at-most-once" {
            continue; // nothing is redelivered, so nothing is parked
        }
        let id = format!("dlq_{}", b.node.id);
        out.push(C4Node {
            id: id.clone(),
            name: format!("{} dead letters", b.node.name),
            detail: "dead-letter queue".into(),
            kind: "dlq".into(),
            description: "Messages that kept failing after their retries, alerted on and replayed once fixed.".into(),
        });
        edges.push(edge(&b.node.id, &id, "after the last retry", "async"));
        retry_topics(view, b, edges, &mut out);
    }
    rate_limits(view, edges, &mut out);
    platform(view, edges, &mut out);
    if let Some(secrets) = view
        .security
        .secrets
        .as_deref()
        .filter(|s| !s.trim().is_empty())
    {
        out.push(C4Node {
            id: "secrets_store".into(),
            name: secrets.to_owned(),
            detail: "secrets store".into(),
            kind: "secrets".into(),
            description: "Holds credentials and keys; services read them at start-up and on rotation.".into(),
        });
        edges.push(edge("services", "secrets_store", "credentials", "sync"));
    }
    out
}

/// The store of the rate limits' shared counts, and the rate limit service an Envoy
/// gateway asks, with an edge from each limiter.
fn rate_limits(view: &View, edges: &mut Vec<C4Edge>, out: &mut Vec<C4Node>) {
    if let (Some(store), false) = (
        &view.resilience.rate_limit_store,
        view.resilience.rate_limit_users.is_empty(),
    ) {
        out.push(C4Node {
            id: RATE_COUNTS.into(),
            name: "rate-limit counts".into(),
            detail: store.clone(),
            kind: "cache".into(),
            description: if let Some(outage) = &view.resilience.rate_limit_outage {
                format!("The counts each rate limit's replicas share; while it cannot be reached, {outage}.")
            } else if view.security.kong_limits {
                "The counts each rate limit's Kong nodes share; while it cannot be reached, Kong lets requests through uncounted (fault_tolerant).".into()
            } else {
                "The counts each rate limit's replicas share; while it cannot be reached, each replica counts alone at its share of the limit.".into()
            },
        });
        // An Envoy gateway asks a rate limit service, which counts for it.
        let envoy = envoy_limited(view);
        if !envoy.is_empty() {
            out.push(C4Node {
                id: RATE_LIMIT_SERVICE.into(),
                name: "rate limit service".into(),
                detail: "Envoy ratelimit".into(),
                kind: "service".into(),
                description:
                    "Decides each request against the limits, counting in the shared store.".into(),
            });
            edges.push(edge(
                RATE_LIMIT_SERVICE,
                RATE_COUNTS,
                "counts requests",
                "sync",
            ));
        }
        // Every user is a service, or a client with its own limiter: the loader checks both.
        let nodes = (view.services.iter().map(|s| &s.node)).chain(&view.clients);
        for user in &view.resilience.rate_limit_users {
            if let Some(n) = nodes.clone().find(|n| &n.name == user) {
                match envoy.iter().any(|s| s.node.id == n.id) {
                    true => edges.push(edge(&n.id, RATE_LIMIT_SERVICE, "asks, gRPC", "sync")),
                    false => edges.push(edge(&n.id, RATE_COUNTS, "counts requests", "sync")),
                }
            }
        }
    }
}

/// The id of the rate limit service an Envoy gateway asks.
const RATE_LIMIT_SERVICE: &str = "rate_limit_service";

/// The services on Envoy whose replicas share their rate-limit counts: Envoy asks a rate
/// limit service over gRPC, which the platform runs beside it.
pub(super) fn envoy_limited(view: &View) -> Vec<&ServiceView> {
    let users = &view.resilience.rate_limit_users;
    (view.services.iter())
        .filter(|s| users.contains(&s.node.name) && s.stack.to_lowercase().contains("envoy"))
        .collect()
}

/// The platform's containers every service uses: the schema registry its events' schemas
/// are checked in, and the feature flag service its flags are read from.
fn platform(view: &View, edges: &mut Vec<C4Edge>, out: &mut Vec<C4Node>) {
    let registry = view.envelope.as_ref().and_then(|e| e.registry.as_deref());
    let flags = view.deployment.feature_flags.as_deref();
    let parts = [
        (
            registry,
            "schema_registry",
            "schema registry",
            "event schemas",
        ),
        (flags, "feature_flags", "feature flag service", "flag rules"),
    ];
    for (name, id, detail, label) in parts {
        if let Some(name) = name.filter(|n| !n.trim().is_empty()) {
            out.push(C4Node {
                id: id.into(),
                name: name.to_owned(),
                detail: detail.into(),
                kind: "platform".into(),
                description: String::new(),
            });
            edges.push(edge("services", id, label, "sync"));
        }
    }
}

/// The model's links as drawn by the communication graph, publishes going through the
/// publisher's outbox relay.
fn links(view: &View, publishers: &HashSet<&str>, edges: &mut Vec<C4Edge>) {
    let events = |e: &crate::view::Edge| {
        if e.events.is_empty() {
            e.protocols.join(", ")
        } else {
            e.events.join(", ")
        }
    };
    let services: HashSet<&str> = view.services.iter().map(|s| s.node.id.as_str()).collect();
    for e in &view.graph.sync {
        // A call sent from an outbox leaves from the relay that makes it.
        let outboxed = outboxed_calls(view, &e.from).find(|l| l.to.id == e.to);
        let relay = outboxed.map(|l| match by_relay(l) {
            true => "outbox table",
            false => OUTBOX_CALLS,
        });
        let from = (relay.and_then(|r| edges.iter().find(|x| x.from == e.from && x.label == r)))
            .map_or_else(|| e.from.clone(), |x| x.to.clone());
        edges.push(edge(&from, &e.to, e.protocols.join(", "), "sync"));
    }
    for e in &view.graph.publish {
        let from = if services.contains(e.from.as_str()) && publishers.contains(e.from.as_str()) {
            let via_cdc = cdc_relay(view).is_some()
                && (view.services.iter()).any(|s| s.node.id == e.from && !s.data.is_empty());
            if via_cdc {
                // One relay publishes every outbox: one arrow to each broker, all its events.
                match (edges.iter_mut()).find(|x| x.from == CDC_RELAY && x.to == e.to) {
                    Some(x) => x.label = format!("{}, {}", x.label, events(e)),
                    None => edges.push(edge(CDC_RELAY, &e.to, events(e), "async")),
                }
                if let Some(back) = &e.back {
                    edges.push(edge(&back.from, &back.to, events(back), "async"));
                }
                continue;
            }
            let outbox = edges
                .iter()
                .find(|x| x.from == e.from && x.label == "outbox table")
                .map(|x| x.to.clone());
            outbox.unwrap_or_else(|| e.from.clone())
        } else {
            e.from.clone()
        };
        edges.push(edge(&from, &e.to, events(e), "async"));
        if let Some(back) = &e.back {
            edges.push(edge(&back.from, &back.to, events(back), "async"));
        }
    }
    for e in view.graph.subscribe.iter().chain(&view.graph.direct) {
        edges.push(edge(&e.from, &e.to, events(e), "async"));
    }
}

/// The container view of bounded context `k`: its containers in its boundary, everything it
/// talks to outside it.
fn one_context(
    k: usize,
    g: &C4Group,
    groups: &[C4Group],
    context_of: &HashMap<String, usize>,
    shared: &[C4Node],
    outside: &[C4Node],
    edges: &[C4Edge],
) -> ContainerC4 {
    let mine = |id: &str| context_of.get(id) == Some(&k) || id == "services";
    let mut used: Vec<C4Edge> = Vec::new();
    for e in edges.iter().filter(|e| mine(&e.from) || mine(&e.to)) {
        let mut e = e.clone();
        for end in [&mut e.from, &mut e.to] {
            if end == "services" {
                end.clone_from(&g.id);
            }
        }
        used.push(e);
    }
    // A broker's dead-letter queue goes with it.
    let brokers: Vec<String> = used
        .iter()
        .flat_map(|e| [e.from.clone(), e.to.clone()])
        .collect();
    for e in edges
        .iter()
        .filter(|e| e.to.starts_with("dlq_") && brokers.contains(&e.from))
    {
        used.push(e.clone());
    }
    let touches = |id: &str| used.iter().any(|e| e.from == id || e.to == id);
    let view_shared: Vec<C4Node> = shared.iter().filter(|n| touches(&n.id)).cloned().collect();
    let mut view_outside: Vec<C4Node> =
        outside.iter().filter(|n| touches(&n.id)).cloned().collect();
    for (_, other) in groups.iter().enumerate().filter(|(j, _)| *j != k) {
        view_outside.extend(other.nodes.iter().filter(|n| touches(&n.id)).cloned());
    }
    ContainerC4 {
        name: g.name.clone(),
        slug: names::slug(&g.name, "context"),
        people: Vec::new(),
        clients: Vec::new(),
        groups: vec![g.clone()],
        shared: view_shared,
        outside: view_outside,
        edges: used,
    }
}
