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
