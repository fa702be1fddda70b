//! The context map: one node per bounded context, the brokers between them, the clients and
//! external systems they talk to, and the container view's arrows merged per pair of nodes, so
//! a system of hundreds of services reads as a few dozen boxes.

use super::{C4Edge, C4Group, C4Node, MapC4, edge, node};
use crate::view::View;
use std::collections::HashMap;

/// More items than this on one merged arrow are counted instead of listed.
const MAX_LISTED: usize = 3;

/// The context map of the container view's `groups` and `edges`.
pub fn context_map(
    view: &View,
    groups: &[C4Group],
    context_of: &HashMap<String, usize>,
    edges: &[C4Edge],
) -> MapC4 {
    let contexts = groups.iter().map(|g| context_node(view, g)).collect();
    let edges = merged_edges(groups, context_of, edges);
    let touched = |id: &str| edges.iter().any(|e| e.from == id || e.to == id);
    let brokers = view
        .brokers
        .iter()
        .filter(|b| touched(&b.node.id))
        .map(|b| node(&b.node, &b.node.label))
        .collect();
    let outside = view
        .clients
        .iter()
        .chain(&view.externals)
        .filter(|n| touched(&n.id))
        .map(|n| node(n, &n.label))
        .collect();
    MapC4 {
        contexts,
        brokers,
        outside,
        edges,
    }
}

/// The node of bounded context `g`: how many services it has and which teams own them.
fn context_node(view: &View, g: &C4Group) -> C4Node {
    let services: Vec<_> = view
        .services
        .iter()
        .filter(|s| s.context == g.name)
        .collect();
    let mut teams: Vec<&str> = services
        .iter()
        .map(|s| s.team.as_str())
        .filter(|t| !t.is_empty())
        .collect();
    teams.dedup();
    let n = services.len();
    C4Node {
        id: g.id.clone(),
        name: g.name.clone(),
        detail: format!("{n} {}", if n == 1 { "service" } else { "services" }),
        kind: "context".into(),
        description: if teams.is_empty() {
            String::new()
        } else {
            format!("Owned by {}.", teams.join(", "))
        },
    }
}

/// The container view's arrows between contexts (and to brokers, clients and external
/// systems), merged per pair and style; more than [`MAX_LISTED`] items are counted.
fn merged_edges(
    groups: &[C4Group],
    context_of: &HashMap<String, usize>,
    edges: &[C4Edge],
) -> Vec<C4Edge> {
    let skip = |id: &str| {
        id.starts_with("dlq_")
            || id.starts_with("idp_")
            || id == "secrets_store"
            || id == "services"
            || id == "clients"
    };
    // Outbox relays stand for their service, so an event leaves from the publisher's context.
    let end = |id: &str| {
        context_of
            .get(id)
            .map_or_else(|| id.to_owned(), |k| groups[*k].id.clone())
    };
    let mut merged: Vec<(C4Edge, Vec<String>)> = Vec::new();
    for e in edges
        .iter()
        .filter(|e| e.style != "owns" && !skip(&e.from) && !skip(&e.to))
    {
        let (from, to) = (end(&e.from), end(&e.to));
        if from == to {
            continue;
        }
        let items: Vec<String> = e
            .label
            .split(", ")
            .filter(|x| !x.is_empty())
            .map(str::to_owned)
            .collect();
        match merged
            .iter_mut()
            .find(|(m, _)| m.from == from && m.to == to && m.style == e.style)
        {
            Some((_, all)) => {
                for i in items {
                    if !all.contains(&i) {
                        all.push(i);
                    }
                }
            }
            None => merged.push((edge(&from, &to, "", &e.style), items)),
        }
    }
    merged
        .into_iter()
        .map(|(mut e, items)| {
            e.label = if items.len() > MAX_LISTED {
                let what = if e.style == "async" {
                    "events"
                } else {
                    "protocols"
                };
                format!("{} {what}", items.len())
            } else {
                items.join(", ")
            };
            e
        })
        .collect()
}
