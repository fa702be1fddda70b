//! The capacity model a kickoff needs: request rates per use case, service and call from the
//! use-case mix ([`mix`], [`rates`]), events per second per event and per topic ([`events`]),
//! partitions per topic (see [`super::partitions`]), storage over the retention period, cache
//! memory ([`caches`]) and database connections ([`stores`]). Every figure keeps the inputs it
//! came from, and every input the model did not state is an [`Assumption`].

mod caches;
mod churn;
pub mod direct;
mod events;
mod mix;
pub mod outside_pace;
mod pacing;
mod rates;
mod reads;
mod served;
mod stores;
mod unshown;

pub use caches::{CACHE_ENTRY_BYTES, CacheLoad, is_registry};
pub use churn::Invalidating;
pub use events::{
    ENVELOPE_BYTES, EVENT_REPLICAS, EventLoad, FlowShare, PEAK_TO_AVERAGE, RETENTION_DAYS,
    event_bytes, retention_hours,
};
pub use mix::{MixRow, requests_per_run};
pub use rates::JobShare;
pub use stores::{POOL_PER_REPLICA, StoreLoad};

use super::graph::Graph;
use super::{Assumption, ceil_to};
use serde::Serialize;
use std::collections::BTreeMap;

/// A component's request rate at peak.
#[derive(Debug, Clone, Serialize)]
pub struct NodeLoad {
    /// The component.
    pub name: String,
    /// Requests per second at peak, from every use case that reaches it.
    pub rate_rps: f64,
    /// Replicas it runs at least, for a service.
    pub replicas: u32,
    /// Requests per second each of those replicas takes.
    pub per_replica_rps: f64,
    /// Events per second it consumes at peak.
    pub events_per_s: f64,
    /// Frames a second it receives over its clients' streams at peak (a flow's steps on a
    /// WebSocket or SSE link): no requests, but work for each replica holding connections.
    pub frames_in_per_s: f64,
    /// Frames a second it sends down its clients' streams at peak.
    pub frames_out_per_s: f64,
    /// Whether clients call it directly: every request it takes counts against the peak.
    pub edge: bool,
    /// The part of `rate_rps` that external systems' callbacks bring (flow steps from them),
    /// which the clients' peak does not count.
    pub callbacks_rps: f64,
    /// For an external system: the requests a second it accepts (`rate_limit_rps`), and the
    /// JSON pointer to that figure in the model.
    pub limit: Option<(f64, String)>,
}

/// Callbacks one external system sends one service, from the flows that show them.
#[derive(Debug, Clone, Serialize)]
pub struct CallbackLoad {
    /// The external system.
    pub from: String,
    /// The service it calls back.
    pub to: String,
    /// Callbacks a second at peak.
    pub rate_rps: f64,
}

/// The capacity model.
#[derive(Debug, Clone, Serialize)]
pub struct Capacity {
    /// Peak requests per second, if the model states it.
    pub peak_rps: Option<u32>,
    /// The use-case mix.
    pub mix: Vec<MixRow>,
    /// Request rates of every component reached, in model order.
    pub nodes: Vec<NodeLoad>,
    /// Request rate of each synchronous call, by [`Graph::calls`] index.
    pub calls: Vec<f64>,
    /// The part of each call's rate a job makes, by [`Graph::calls`] index.
    pub job_calls: Vec<Option<rates::JobShare>>,
    /// Calls from flow steps no link carries, per component they reach.
    pub unlinked: Vec<direct::Unlinked>,
    /// Callbacks external systems send services where flows show them as steps, counted in
    /// the receivers' rates (and their gateway's).
    pub callbacks: Vec<CallbackLoad>,
    /// The steps external systems send in flows an event starts, or that the model paces
    /// (`paced_per_second`), with the rate each counts at.
    pub outside: Vec<outside_pace::OutsideStep>,
    /// Each event's volume and storage, in model order.
    pub events: Vec<EventLoad>,
    /// Each topic's rate and lanes: one partition count per topic, whatever its events.
    pub topics: Vec<super::partitions::TopicLoad>,
    /// Each event against the events that lead to it in a flow.
    pub causes: Vec<super::causes::Cause>,
    /// Cache memory.
    pub caches: Vec<CacheLoad>,
    /// The busiest reads of services that own a store, and the cache serving each, if any.
    pub reads: Vec<reads::ReadLoad>,
    /// Database connections.
    pub stores: Vec<StoreLoad>,
    /// Long-lived client connections at peak, when the model states a count.
    pub connections: Option<super::connections::Connections>,
    /// The load those connections generate on their own: heartbeats, re-authentications and
    /// reconnect storms.
    pub streams: Option<super::stream_load::StreamLoad>,
    /// Peak over average traffic.
    pub peak_to_average: f64,
    /// The worst single-zone loss at the fewest replicas.
    pub zone_loss: super::zones::ZoneLoss,
    /// Copies of each event.
    pub event_replicas: u32,
    /// A handler's own work for one message, in milliseconds, before its calls.
    pub handler_ms: u32,
    /// Milliseconds a consumer spends reading past a message it does not consume (see
    /// [`super::lanes::SKIP_MS`]).
    pub skip_ms: f64,
    /// Each consumer's time per message, its calls included (filled in once the calls'
    /// policies are known: see [`super::handlers::apply`]).
    pub handlers: Vec<super::handlers::HandlerTime>,
    /// The freshness objective of each consumer that serves no requests.
    pub freshness: Vec<super::handlers::Freshness>,
    /// How far behind its database each publisher's outbox relay may fall before it pages.
    pub relay_lag: Vec<super::relay_lag::RelayLag>,
    /// What each consumer of an external system with announced maintenance faces after it.
    pub catch_up: Vec<super::catch_up::CatchUp>,
    /// Fewest and most replicas per service.
    pub replicas: (u32, u32),
    /// What was assumed.
    pub assumptions: Vec<Assumption>,
}

pub use crate::defaults::replicas;

/// A message handler's latency: the model's, else the system's p50, else 50 ms.
pub fn handler_ms(model: &crate::model::Model) -> u32 {
    let m = &model.requirements;
    model
        .resilience
        .consumers
        .handler_ms
        .or(m.latency.p50_ms)
        .unwrap_or(50)
        .max(1)
}

/// Works out the capacity model of `graph`.
pub fn derive(graph: &Graph) -> Capacity {
    let model = graph.model;
    let inputs = &model.requirements.capacity;
    let peak = model.requirements.scale.peak_rps;
    let mut assumptions = Vec::new();
    let (mix_rows, mix_assumed) = mix::mix(graph, f64::from(peak.unwrap_or(0)));
    let (mut rates, event_rates) = rates::route(
        graph,
        &mix_rows,
        f64::from(peak.unwrap_or(0)),
        &mut assumptions,
    );
    mix::assume(&mix_rows, mix_assumed, peak, &mut assumptions);
    rates.assume(&mut assumptions);
    let (events, background_rates) =
        events::event_loads(graph, &rates.nodes, &event_rates, &mut assumptions);
    let mut calls = rates.with_background(&events, &mut assumptions);
    let mut job_calls = rates.with_jobs(&mut calls, &events, &mut assumptions);
    let (min, max) = replicas(model);
    let nodes = node_loads(graph, &rates, &background_rates, min);
    pacing::pace(graph, &mut job_calls, &nodes);
    let connections = super::connections::derive(model);
    let steady: Vec<(String, f64)> = nodes.iter().map(|n| (n.name.clone(), n.rate_rps)).collect();
    let streams = connections
        .as_ref()
        .and_then(|k| super::stream_load::derive(graph, k, &steady, &mut assumptions));
    let mut caches = caches::cache_loads(graph, &rates, connections.as_ref(), &mut assumptions);
    churn::weigh(&mut caches, &model.performance.caches, &events);
    let stores = stores::store_loads(model, max, &mut assumptions);
    let reads = reads::derive(graph, &rates.actions);
    Capacity {
        peak_rps: peak,
        mix: mix_rows,
        unlinked: direct::derive(graph, &nodes, &calls),
        callbacks: (rates.callbacks.iter())
            .map(|((from, to), r)| CallbackLoad {
                from: from.clone(),
                to: to.clone(),
                rate_rps: *r,
            })
            .collect(),
        outside: rates.outside.steps(),
        nodes,
        calls,
        job_calls,
        causes: super::causes::derive(graph, &events),
        topics: super::partitions::derive(graph, &events, f64::from(handler_ms(model))),
        events,
        caches,
        reads,
        stores,
        connections,
        streams,
        peak_to_average: inputs.peak_to_average.unwrap_or(PEAK_TO_AVERAGE),
        zone_loss: super::zones::of(model),
        event_replicas: inputs.event_replicas.unwrap_or(EVENT_REPLICAS),
        handler_ms: handler_ms(model),
        skip_ms: super::lanes::SKIP_MS,
        handlers: Vec::new(),
        freshness: Vec::new(),
        relay_lag: Vec::new(),
        catch_up: Vec::new(),
        replicas: (min, max),
        assumptions,
    }
}

fn node_loads(
    graph: &Graph,
    rates: &rates::Rates,
    consumed: &BTreeMap<String, f64>,
    min: u32,
) -> Vec<NodeLoad> {
    let m = graph.model;
    let names = m
        .services
        .iter()
        // An existing system runs as it does today: no replicas of ours to share its load.
        .map(|s| (s.name.as_str(), s.kind != crate::model::ServiceKind::Legacy))
        .chain(m.externals.iter().map(|e| (e.name.as_str(), false)));
    names
        .map(|(name, ours)| {
            let of = |map: &BTreeMap<String, f64>| map.get(name).copied().unwrap_or(0.0);
            let rate = of(&rates.nodes);
            let replicas = if ours { min } else { 1 };
            NodeLoad {
                name: name.to_owned(),
                rate_rps: rate,
                replicas,
                per_replica_rps: rate / f64::from(replicas),
                events_per_s: of(consumed),
                frames_in_per_s: of(&rates.frames_in),
                frames_out_per_s: of(&rates.frames_out),
                edge: graph.is_edge(name),
                callbacks_rps: of(&rates.callbacks_at),
                limit: m
                    .externals
                    .iter()
                    .position(|e| e.name == name)
                    .and_then(|i| {
                        let rps = m.externals[i].rate_limit_rps?;
                        Some((rps, format!("/externals/{i}/rate_limit_rps")))
                    }),
            }
        })
        .collect()
}

/// Rounds a rate for display: whole numbers above 10, one decimal below.
pub fn round_rate(v: f64) -> f64 {
    if v >= 10.0 {
        v.round()
    } else {
        (v * 10.0).round() / 10.0
    }
}

/// `v` rounded up to whole units of `step`.
pub fn ceil_u(v: f64, step: u32) -> u32 {
    ceil_to(v, step)
}

#[cfg(test)]
mod flow_tests;

#[cfg(test)]
mod cache_tests;

#[cfg(test)]
mod tests;
