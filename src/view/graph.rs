//! The service-communication graph worked out once for the diagrams: which services sit in a
//! bounded-context group, and every edge merged per caller and callee with its labels. Doing
//! this in templates means a pass over every link for every link; here it is one pass.

use super::events::EventView;
use super::index::group_by;
use super::links::LinkView;
use super::services::ServiceView;
use serde::Serialize;
use std::collections::{HashMap, HashSet};

/// The graph the communication diagram draws.
#[derive(Debug, Clone, Default, Serialize)]
pub struct GraphView {
    /// Indexes into `services` of those drawn outside any context group.
    pub ungrouped: Vec<usize>,
    /// Bounded-context groups in order of first appearance.
    pub contexts: Vec<ContextGroup>,
    /// Synchronous edges, one per caller and callee.
    pub sync: Vec<Edge>,
    /// Publisher-to-broker edges; `back` holds the broker's edge the other way, if any.
    pub publish: Vec<Edge>,
    /// Broker-to-consumer edges not already drawn two-headed with a publish edge.
    pub subscribe: Vec<Edge>,
    /// Asynchronous edges without a broker (webhooks, callbacks).
    pub direct: Vec<Edge>,
}

/// A bounded context and its services.
#[derive(Debug, Clone, Serialize)]
pub struct ContextGroup {
    /// The context's name.
    pub name: String,
    /// Indexes into `services`.
    pub services: Vec<usize>,
}

/// One drawn edge, merged from every link between the same two nodes.
#[derive(Debug, Clone, Serialize)]
pub struct Edge {
    /// Mermaid id of the tail.
    pub from: String,
    /// Mermaid id of the head.
    pub to: String,
    /// Events carried, each once, in order.
    pub events: Vec<String>,
    /// Protocols, each once, in order.
    pub protocols: Vec<String>,
    /// For a publish edge: the edge from the broker back to the publisher, drawn as one
    /// two-headed edge with this one.
    pub back: Option<Box<Edge>>,
}

struct Part {
    from: String,
    to: String,
    events: Vec<String>,
    protocol: String,
}

/// Merges parts by `(from, to)` in order of first appearance.
fn merge(parts: Vec<Part>) -> Vec<Edge> {
    let mut order: Vec<(String, String)> = Vec::new();
    let mut by: HashMap<(String, String), Edge> = HashMap::new();
    for p in parts {
        let key = (p.from.clone(), p.to.clone());
        let e = by.entry(key.clone()).or_insert_with(|| {
            order.push(key);
            Edge {
                from: p.from,
                to: p.to,
                events: Vec::new(),
                protocols: Vec::new(),
                back: None,
            }
        });
        for ev in p.events {
            if !e.events.contains(&ev) {
                e.events.push(ev);
            }
        }
        if !e.protocols.contains(&p.protocol) {
            e.protocols.push(p.protocol);
        }
    }
    order.into_iter().filter_map(|k| by.remove(&k)).collect()
}

/// Groups the services by bounded context into `g`.
fn group_contexts(services: &[ServiceView], g: &mut GraphView) {
    let by_context = group_by(
        services
            .iter()
            .enumerate()
            .map(|(i, s)| (s.context.as_str(), i)),
    );
    for (name, members) in by_context {
        match members[..] {
            // A service alone in a context named after itself has no group to sit in; singles
            // come in service order, as contexts come in order of their first service.
            [i] if services[i].node.name == name => g.ungrouped.push(i),
            _ => g.contexts.push(ContextGroup {
                name: name.to_owned(),
                services: members,
            }),
        }
    }
}

/// The drawn hops of `l`: through the gateway a call or webhook from outside enters by.
fn hops(l: &LinkView) -> Vec<(String, String)> {
    match &l.via {
        Some(v) => vec![
            (l.from.id.clone(), v.id.clone()),
            (v.id.clone(), l.to.id.clone()),
        ],
        None => vec![(l.from.id.clone(), l.to.id.clone())],
    }
}

/// The graph of `links`: edges merged per caller and callee, events on their broker edges.
pub(super) fn build(
    services: &[ServiceView],
    links: &[LinkView],
    events: &[EventView],
) -> GraphView {
    let mut g = GraphView::default();
    group_contexts(services, &mut g);
    let part = |from: &str, to: &str, events: &[String], protocol: &str| Part {
        from: from.to_owned(),
        to: to.to_owned(),
        events: events.to_vec(),
        protocol: protocol.to_owned(),
    };
    g.sync = merge(
        links
            .iter()
            .filter(|l| l.style == "sync")
            .flat_map(|l| {
                hops(l)
                    .into_iter()
                    .map(|(a, b)| part(&a, &b, &[], &l.protocol))
            })
            .collect(),
    );
    let asynchronous: Vec<&LinkView> = links.iter().filter(|l| l.style == "async").collect();
    let mut pubs: Vec<Part> = Vec::new();
    let mut subs: Vec<Part> = Vec::new();
    let mut direct: Vec<Part> = Vec::new();
    for l in &asynchronous {
        match &l.broker {
            Some(b) => {
                if l.from.id != b.id {
                    pubs.push(part(&l.from.id, &b.id, &l.events, &l.protocol));
                }
            }
            None => {
                for (a, b) in hops(l) {
                    direct.push(part(&a, &b, &l.events, &l.protocol));
                }
            }
        }
    }
    // Events nobody consumes yet still show their publisher's edge to the broker.
    let ids: HashMap<&str, &str> = services
        .iter()
        .map(|s| (s.node.name.as_str(), s.node.id.as_str()))
        .collect();
    for e in events {
        if let (Some(b), Some(id)) = (&e.broker, ids.get(e.publisher.as_str())) {
            pubs.push(part(id, &b.id, std::slice::from_ref(&e.name), &b.label));
        }
    }
    for l in &asynchronous {
        if let Some(b) = &l.broker {
            if l.to.id != b.id {
                subs.push(part(&b.id, &l.to.id, &l.events, &l.protocol));
            }
        }
    }
    let subs = merge(subs);
    let mut publish = merge(pubs);
    let pub_pairs: HashSet<(String, String)> = publish
        .iter()
        .map(|e| (e.from.clone(), e.to.clone()))
        .collect();
    for e in &mut publish {
        e.back = subs
            .iter()
            .find(|s| s.from == e.to && s.to == e.from)
            .map(|s| Box::new(s.clone()));
    }
    g.subscribe = subs
        .into_iter()
        .filter(|s| !pub_pairs.contains(&(s.to.clone(), s.from.clone())))
        .collect();
    g.publish = publish;
    g.direct = merge(direct);
    g
}
