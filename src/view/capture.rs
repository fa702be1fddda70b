//! The captured stores as the templates see them: the derived capture with the Mermaid ids of
//! the store and the broker the diagrams join.

use super::nodes::Nodes;
use crate::derive::capture::{Captured, captures};
use crate::model::Model;
use serde::Serialize;

/// One captured store, with the diagram ids of its two ends.
#[derive(Debug, Clone, Serialize)]
pub struct CaptureView {
    /// The derived capture: owner, store, tool, broker, events, tables, log.
    #[serde(flatten)]
    pub capture: Captured,
    /// The store's node id.
    pub store_id: String,
    /// The broker's node id; empty when the model names no broker.
    pub broker_id: String,
}

pub(super) fn build(model: &Model, nodes: &Nodes) -> Vec<CaptureView> {
    captures(model)
        .into_iter()
        .map(|c| {
            let store_id = nodes
                .stores_of
                .get(&c.service)
                .and_then(|s| s.iter().find(|n| n.name == c.store))
                .map(|n| n.id.clone())
                .unwrap_or_default();
            let broker_id = nodes
                .brokers
                .iter()
                .find(|b| b.name == c.broker)
                .map(|b| b.id.clone())
                .unwrap_or_default();
            CaptureView {
                capture: c,
                store_id,
                broker_id,
            }
        })
        .collect()
}

/// Takes each captured event off its owning service's publish edge (the connector, not the
/// service, publishes it; the diagrams draw that edge from the store), dropping an edge left
/// with no event and keeping its broker-to-service half as a subscribe edge.
pub(super) fn reroute(
    graph: &mut super::graph::GraphView,
    captures: &[CaptureView],
    nodes: &Nodes,
) {
    for c in captures {
        let Some(svc) = nodes.by_name.get(&c.capture.service) else {
            continue;
        };
        let mut kept = Vec::new();
        for mut e in std::mem::take(&mut graph.publish) {
            if e.from == svc.id && e.to == c.broker_id {
                e.events.retain(|x| !c.capture.events.contains(x));
                if e.events.is_empty() {
                    graph.subscribe.extend(e.back.take().map(|b| *b));
                    continue;
                }
            }
            kept.push(e);
        }
        graph.publish = kept;
    }
}
