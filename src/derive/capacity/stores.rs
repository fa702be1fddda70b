//! Database connections: each data store's pool per replica times the most replicas of the
//! service owning it, twice for a service that runs a serving and a consuming Deployment. A legacy system's stores are left out: its own deployment, not this
//! system's scaling, sets how many connections it opens.

use super::Assumption;
use crate::model::{Model, ServiceKind};
use serde::Serialize;

/// Connections per replica to each database when the model does not say.
pub const POOL_PER_REPLICA: u32 = 10;

/// A data store's connections.
#[derive(Debug, Clone, Serialize)]
pub struct StoreLoad {
    /// The owning service.
    pub service: String,
    /// The store's name.
    pub store: String,
    /// Its technology.
    pub technology: String,
    /// Connections per replica.
    pub pool: u32,
    /// Most replicas of the owner.
    pub replicas: u32,
    /// Deployments of the owner, each scaling to `replicas`: two for a service that answers
    /// requests and consumes events (one serving, one consuming), else one.
    pub deployments: u32,
    /// Connections at the most replicas.
    pub connections: u32,
}

/// Every data store's connections at `max` replicas of its owner, legacy systems' left out.
pub(super) fn store_loads(
    model: &Model,
    max: u32,
    assumptions: &mut Vec<Assumption>,
) -> Vec<StoreLoad> {
    let inputs = &model.requirements.capacity;
    let pool = inputs.pool_per_replica.unwrap_or(POOL_PER_REPLICA);
    let owners = || {
        model
            .services
            .iter()
            .filter(|s| s.kind != ServiceKind::Legacy)
    };
    if inputs.pool_per_replica.is_none() && owners().any(|s| !s.data.is_empty()) {
        assumptions.push(Assumption::new(
            "capacity.pool-per-replica",
            format!("{POOL_PER_REPLICA} connections per replica"),
            "a common connection-pool default; the model states none",
            "database connection counts",
            "requirements.capacity.pool_per_replica",
        ));
    }
    owners()
        .flat_map(|s| {
            let deployments = crate::derive::guidance::deployments(s);
            s.data.iter().map(move |d| StoreLoad {
                service: s.name.clone(),
                store: d.name.clone(),
                technology: d.store.clone(),
                pool,
                replicas: max,
                deployments,
                connections: pool * max * deployments,
            })
        })
        .collect()
}
