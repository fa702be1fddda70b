//! Events: each event's rate (from the flows publishing it, else from what makes its publisher
//! act), its size, and what its broker keeps of it over the retention period.

use super::{Assumption, handler_ms};
use crate::derive::brokers;
use crate::derive::graph::{EventInfo, Graph};
use crate::model::FieldType;
use serde::Serialize;
use std::collections::BTreeMap;

/// Peak over average traffic when the model does not say.
pub const PEAK_TO_AVERAGE: f64 = 3.0;
/// Days brokers keep events when the model does not say.
pub const RETENTION_DAYS: u32 = 7;
/// Copies of each event a broker keeps when the model does not say.
pub const EVENT_REPLICAS: u32 = 3;
/// Bytes of an event's envelope: id, type, time, source, version and correlation id.
pub const ENVELOPE_BYTES: u32 = 250;

/// An event's volume and what its broker keeps of it; its topic's lanes are in
/// [`crate::derive::partitions::TopicLoad`], shared with every other event on that topic.
#[derive(Debug, Clone, Serialize)]
pub struct EventLoad {
    /// The event.
    pub event: String,
    /// Its topic.
    pub topic: String,
    /// Events per second at peak.
    pub rate_per_s: f64,
    /// `flow` (the rate of the use cases whose flows publish it), `consumed` (at most one per
    /// event in `rate_basis` its publisher handles) or `requests` (one per request its
    /// publisher serves); the last two are assumptions.
    pub rate_from: String,
    /// The consumed events a `consumed` rate adds up.
    pub rate_basis: Vec<String>,
    /// For a `flow` rate: each flow publishing it, with its runs a second and the share of
    /// them that publish it.
    pub flows: Vec<FlowShare>,
    /// Estimated bytes of one event: the envelope plus its fields.
    pub bytes: u32,
    /// Whether the broker partitions topics (Kafka and its kin).
    pub partitioned: bool,
    /// The payload field that orders it, if any.
    pub key: Option<String>,
    /// Events a day at the average rate.
    pub per_day: f64,
    /// Hours its broker keeps it.
    pub retention_hours: u32,
    /// `event` (`publishes[].retention_hours`), `broker` (`communication.brokers[]
    /// .retention_hours`), `model` (`requirements.capacity.event_retention_days`) or `assumed`.
    pub retention_from: String,
    /// Bytes the broker keeps over the retention period, every replica counted: none unless
    /// its broker is a log (see [`crate::derive::brokers`]).
    pub retained_bytes: f64,
    /// Its broker's kind: `log`, `queue`, `pubsub` or `unknown`.
    pub broker_kind: String,
}

/// What one flow adds to an event's rate: its runs a second × the share of runs publishing it.
#[derive(Debug, Clone, Serialize)]
pub struct FlowShare {
    /// The flow.
    pub flow: String,
    /// Its runs a second at peak.
    pub runs_per_s: f64,
    /// The percentage of its runs that publish the event (100 outside branches).
    pub share: f64,
    /// Whether a branch share on the way was assumed.
    pub assumed: bool,
}

/// Estimated JSON bytes of an event with `fields`.
pub fn event_bytes(fields: &[crate::model::Field]) -> u32 {
    fields_bytes(fields) + ENVELOPE_BYTES
}

/// Estimated JSON bytes of an object with `fields`: each name and a typical value.
pub fn fields_bytes(fields: &[crate::model::Field]) -> u32 {
    fields
        .iter()
        .map(|f| {
            let value = match f.ty {
                FieldType::Uuid | FieldType::Ref => 38,
                FieldType::String | FieldType::Email | FieldType::Url => 64,
                FieldType::Integer | FieldType::Number => 10,
                FieldType::Boolean => 5,
                FieldType::Date => 12,
                FieldType::Datetime => 26,
                FieldType::Money => 40,
                FieldType::Enum => 16,
                FieldType::Json | FieldType::Object => 256,
            };
            let value = if f.list { value * 4 } else { value };
            f.name.len() as u32 + 4 + value
        })
        .sum::<u32>()
}

/// Each event's rate at peak, for the events no flow carries with what that rate follows.
struct Rates {
    /// Events per second at peak, by event.
    of: BTreeMap<String, f64>,
    /// For an event no flow carries: the consumed events its rate adds up (none: requests).
    basis: BTreeMap<String, Vec<String>>,
    /// The events no flow carries, in model order.
    guessed: Vec<String>,
}

/// Events per topic and, by consuming service, the event rate its background calls follow.
/// `nodes` holds each component's request rate.
pub(super) fn event_loads(
    graph: &Graph,
    nodes: &BTreeMap<String, f64>,
    from_flows: &BTreeMap<String, Vec<FlowShare>>,
    assumptions: &mut Vec<Assumption>,
) -> (Vec<EventLoad>, BTreeMap<String, f64>) {
    let rates = settle(graph, nodes, from_flows);
    if !rates.guessed.is_empty() && graph.model.requirements.scale.peak_rps.is_some() {
        assume_unrouted(graph, &rates, assumptions);
    }
    assume_inputs(graph, assumptions);
    let mut background: BTreeMap<String, f64> = BTreeMap::new();
    let loads = graph
        .events
        .iter()
        .map(|e| {
            let rate = rates.of.get(&e.name).copied().unwrap_or(0.0);
            for c in &e.consumers {
                *background.entry(c.clone()).or_default() += rate;
            }
            let rate_from = if from_flows.contains_key(&e.name) {
                "flow"
            } else if crate::derive::capture::is_captured(graph.model, &e.name) {
                "capture"
            } else if rates.basis.get(&e.name).is_some_and(|b| !b.is_empty()) {
                "consumed"
            } else {
                "requests"
            };
            EventLoad {
                rate_from: rate_from.into(),
                rate_basis: rates.basis.get(&e.name).cloned().unwrap_or_default(),
                flows: from_flows.get(&e.name).cloned().unwrap_or_default(),
                ..kept(graph, e, rate)
            }
        })
        .collect();
    (loads, background)
}

/// Each event's rate at peak, by event, as [`settle`] resolves it.
pub(super) fn rates_of(
    graph: &Graph,
    nodes: &BTreeMap<String, f64>,
    from_flows: &BTreeMap<String, Vec<FlowShare>>,
) -> BTreeMap<String, f64> {
    settle(graph, nodes, from_flows).of
}

/// Each event's rate: from the flows publishing it, else one per request or consumed event its
/// publisher handles, resolved over a few passes so chains of events settle.
fn settle(
    graph: &Graph,
    nodes: &BTreeMap<String, f64>,
    from_flows: &BTreeMap<String, Vec<FlowShare>>,
) -> Rates {
    let mut rate_of: BTreeMap<String, f64> = from_flows
        .iter()
        .map(|(e, fs)| {
            (
                e.clone(),
                fs.iter().map(|f| f.runs_per_s * f.share / 100.0).sum(),
            )
        })
        .collect();
    let mut basis: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut guessed = Vec::new();
    for _ in 0..4 {
        for e in &graph.events {
            if from_flows.contains_key(&e.name) {
                continue;
            }
            // A connector publishes a captured event at its table's change rate.
            if let Some(r) = crate::derive::capture::event_rate(graph.model, &e.name) {
                rate_of.insert(e.name.clone(), r);
                continue;
            }
            let consumed = triggers(graph, &e.publisher, &e.name);
            // A publisher that reacts to events publishes in answer to them; one that does not
            // publishes in answer to requests.
            let r = if consumed.is_empty() {
                nodes.get(&e.publisher).copied().unwrap_or(0.0)
            } else {
                consumed
                    .iter()
                    .map(|x| rate_of.get(x).copied().unwrap_or(0.0))
                    .sum()
            };
            rate_of.insert(e.name.clone(), r);
            basis.insert(e.name.clone(), consumed);
            if !guessed.contains(&e.name) {
                guessed.push(e.name.clone());
            }
        }
    }
    Rates {
        of: rate_of,
        basis,
        guessed,
    }
}

/// The assumption behind the rate of each event no flow carries.
fn assume_unrouted(graph: &Graph, rates: &Rates, assumptions: &mut Vec<Assumption>) {
    let each: Vec<String> = rates
        .guessed
        .iter()
        .map(|name| {
            let publisher = graph.events.iter().find(|e| &e.name == name);
            let publisher = publisher.map_or("", |e| e.publisher.as_str());
            match rates.basis.get(name).map(Vec::as_slice) {
                Some([]) | None => {
                    format!("{name}: at most one per request {publisher} serves")
                }
                Some(on) => format!(
                    "{name}: at most one per {} {publisher} handles",
                    on.join(" or ")
                ),
            }
        })
        .collect();
    assumptions.push(Assumption::new(
        "capacity.events-per-request",
        each.join("; "),
        "no flow a use case or event runs publishes these events, so their rate is bounded by what makes the publisher act: the consumed events after which a flow has it publish the event, else every event it consumes, else its requests",
        "events per second, partitions, event storage",
        "requirements.use_cases[].served_by, or communication.flows[].triggered_by (a flow that publishes the event)",
    ));
}

/// The inputs of event storage and handler time the model leaves out.
fn assume_inputs(graph: &Graph, assumptions: &mut Vec<Assumption>) {
    let model = graph.model;
    let inputs = &model.requirements.capacity;
    let handler = handler_ms(model);
    if model.resilience.consumers.handler_ms.is_none() && !graph.events.is_empty() {
        assumptions.push(Assumption::new(
            "capacity.handler-latency",
            format!("{handler} ms of a handler's own work per message, before its calls"),
            "the model states no handler time; the system's p50 (or 50 ms) stands in for the work, and each call the handler makes is added at its callee's p99",
            "handler times, lanes and consumer throughput",
            "resilience.consumers.handler_ms",
        ));
    }
    if graph.events.is_empty() {
        return;
    }
    let ratio = inputs.peak_to_average.unwrap_or(PEAK_TO_AVERAGE).max(1.0);
    let days = inputs.event_retention_days.unwrap_or(RETENTION_DAYS);
    let copies = inputs.event_replicas.unwrap_or(EVENT_REPLICAS);
    // Retention is assumed only for an event a retaining broker keeps without a stated period.
    let retention_stated = inputs.event_retention_days.is_some()
        || !graph.events.iter().any(|e| {
            e.retention_hours.is_none() && brokers::of(e.broker.as_deref().unwrap_or("")).retained
        });
    for (id, set, value, key) in [
        (
            "capacity.peak-to-average",
            inputs.peak_to_average.is_some(),
            format!("peak {ratio} times the daily average"),
            "requirements.capacity.peak_to_average",
        ),
        (
            "capacity.event-retention",
            retention_stated,
            format!("{days} days"),
            "communication.brokers[].retention_hours",
        ),
        (
            "capacity.event-replicas",
            inputs.event_replicas.is_some(),
            format!("{copies} copies"),
            "requirements.capacity.event_replicas",
        ),
    ] {
        if !set {
            assumptions.push(Assumption::new(
                id,
                value,
                "a common value; the model states none",
                "event storage over the retention period",
                key,
            ));
        }
    }
}

/// The hours a log keeps a message: those the model states for it (`stated`, an event's or its
/// broker's `retention_hours`), else `requirements.capacity.event_retention_days` (`days`),
/// else the assumed default.
pub fn retention_hours(stated: Option<u32>, days: Option<u32>) -> u32 {
    (stated.or(days.map(|d| d * 24))).unwrap_or(RETENTION_DAYS * 24)
}

/// `e` at `rate` events a second: its size, and what its broker keeps of it (the rate's source
/// left empty for the caller).
fn kept(graph: &Graph, e: &EventInfo, rate: f64) -> EventLoad {
    let inputs = &graph.model.requirements.capacity;
    let ratio = inputs.peak_to_average.unwrap_or(PEAK_TO_AVERAGE).max(1.0);
    let copies = inputs.event_replicas.unwrap_or(EVENT_REPLICAS);
    let broker = brokers::of(e.broker.as_deref().unwrap_or(""));
    let retention_hours = retention_hours(e.retention_hours, inputs.event_retention_days);
    let retention_from = match (e.retention_hours, inputs.event_retention_days) {
        (Some(_), _) if e.retention_own => "event",
        (Some(_), _) => "broker",
        (None, Some(_)) => "model",
        (None, None) => "assumed",
    };
    let bytes = event_bytes(&e.fields);
    let per_day = rate / ratio * 86_400.0;
    EventLoad {
        event: e.name.clone(),
        topic: e.topic.clone(),
        rate_per_s: rate,
        rate_from: String::new(),
        rate_basis: Vec::new(),
        flows: Vec::new(),
        bytes,
        partitioned: broker.partitioned,
        key: e.key.clone(),
        per_day,
        retention_hours,
        retention_from: retention_from.into(),
        retained_bytes: if broker.retained {
            per_day * (f64::from(retention_hours) / 24.0) * f64::from(copies) * f64::from(bytes)
        } else {
            0.0
        },
        broker_kind: broker.kind.into(),
    }
}

/// The events `publisher` consumes that make it publish `event`: those after whose delivery
/// to it a flow has it publish `event` before anything else reaches it. When no flow shows
/// that, every event it consumes counts (acting on one event says nothing of what it
/// publishes on another); an empty list means it consumes none.
fn triggers(graph: &Graph, publisher: &str, event: &str) -> Vec<String> {
    let consumed: Vec<&str> = graph
        .events
        .iter()
        .filter(|x| x.consumers.iter().any(|c| c == publisher))
        .map(|x| x.name.as_str())
        .collect();
    let mut acting: Vec<String> = Vec::new();
    for f in &graph.flows {
        for (i, s) in f.steps.iter().enumerate() {
            if s.to != publisher || !consumed.contains(&s.action.as_str()) {
                continue;
            }
            // The publisher's next move in this flow, before anything else reaches it.
            let acts = f.steps[i + 1..]
                .iter()
                .take_while(|n| n.to != publisher)
                .any(|n| n.from == publisher && n.action == event);
            if acts && !acting.contains(&s.action) {
                acting.push(s.action.clone());
            }
        }
    }
    if acting.is_empty() {
        consumed.into_iter().map(str::to_owned).collect()
    } else {
        consumed
            .into_iter()
            .filter(|c| acting.iter().any(|a| a == c))
            .map(str::to_owned)
            .collect()
    }
}
