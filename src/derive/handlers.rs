//! How long a consumer takes to handle one message, calls included: its own work plus each
//! call it makes while handling the event (the steps a flow shows after the delivery, at
//! their shares; else every call it makes off the request path), at the callee's p99 capped
//! by the call's timeout, and at worst every attempt of every call running to its timeout.
//! A lane takes one message at a time, so these times, each at its event's rate, not the
//! system's latency, size lanes (see [`super::lanes`]).

use super::capacity::Capacity;
use super::graph::Graph;
use super::resilience::Resilience;
use serde::Serialize;

/// One call a handler makes.
#[derive(Debug, Clone, Serialize)]
pub struct HandlerCall {
    /// The callee.
    pub callee: String,
    /// The fraction of messages that make it.
    pub share: f64,
    /// One call at the callee's p99, capped by the call's timeout, in milliseconds.
    pub typical_ms: f64,
    /// Every attempt timing out, with the waits between them, in milliseconds.
    pub worst_ms: f64,
    /// Where the callee's p99 comes from, as [`super::resilience::CallPolicy`] says.
    pub latency_from: String,
    /// For `callers`: the caller whose timeout or budget bounds the callee.
    pub latency_by: Option<String>,
}

/// A consumer's time for one message of an event.
#[derive(Debug, Clone, Serialize)]
pub struct HandlerTime {
    /// The consuming service.
    pub consumer: String,
    /// The event.
    pub event: String,
    /// Its own work, in milliseconds (see [`super::capacity::handler_ms`]).
    pub own_ms: f64,
    /// Whether the model states the whole handler time (`resilience.consumers.handler_ms`):
    /// then it includes the calls, unless they take longer (their worst cases still count).
    pub stated: bool,
    /// The calls it makes.
    pub calls: Vec<HandlerCall>,
    /// Own work plus the calls at their shares and p99s.
    pub typical_ms: f64,
    /// Own work plus every call's worst case.
    pub worst_ms: f64,
    /// The event's topic, whose lanes the consumer reads (filled in by [`apply`]).
    pub topic: String,
    /// Those lanes: the topic's partitions, shared by every event on it.
    pub lanes: u32,
    /// Messages of the topic per second the lanes take for this consumer when each message it
    /// handles takes its worst case (those it skips still [`super::lanes::SKIP_MS`]).
    pub worst_per_s: f64,
    /// The topic's peak rate, every event on it counted: the lanes carry them all.
    pub topic_rate_per_s: f64,
}

/// The calls `consumer` makes while handling `event`: the synchronous steps a flow shows it
/// making after the event reaches it (before anything else does), each at its share of those
/// deliveries; else, when no flow shows the event reaching it, each of its calls off the
/// request path. A delivery a flow shows with no call after it makes none: a consumer that
/// calls out for one event does not for every other it consumes.
pub(crate) fn calls_of(graph: &Graph, consumer: &str, event: &str) -> Vec<(usize, f64)> {
    let mut out: Vec<(usize, f64)> = Vec::new();
    let mut shown = false;
    for f in &graph.flows {
        for (i, s) in f.steps.iter().enumerate() {
            if s.to != consumer || s.action != event || s.share <= 0.0 {
                continue;
            }
            shown = true;
            for n in f.steps[i + 1..].iter().take_while(|n| n.to != consumer) {
                let Some(c) = graph
                    .calls
                    .iter()
                    .position(|c| c.from == consumer && c.to == n.to && !c.stream)
                else {
                    continue;
                };
                if n.from != consumer || n.r#async {
                    continue;
                }
                let share = (n.share / s.share).min(1.0);
                match out.iter_mut().find(|(k, _)| *k == c) {
                    Some(x) => x.1 = x.1.max(share),
                    None => out.push((c, share)),
                }
            }
        }
    }
    if !shown {
        let worker = graph.kind(consumer) == "worker";
        out = graph
            .calls
            .iter()
            .enumerate()
            .filter(|(_, c)| {
                c.from == consumer && !c.stream && !c.by_job && (c.background || worker)
            })
            .map(|(i, _)| (i, 1.0))
            .collect();
    }
    out.sort_by_key(|x| x.0);
    out
}

/// The events whose handling makes background call `i` (by [`calls_of`]), in the order its
/// caller consumes them: an outage of the callee holds up these deliveries and no others.
pub(crate) fn events_making(graph: &Graph, i: usize) -> Vec<String> {
    let c = &graph.calls[i];
    if !c.background || c.by_job {
        return Vec::new();
    }
    let Some(s) = graph.model.services.iter().find(|s| s.name == c.from) else {
        return Vec::new();
    };
    (s.consumes.iter())
        .filter(|e| calls_of(graph, &c.from, e).iter().any(|(k, _)| *k == i))
        .cloned()
        .collect()
}

/// The freshness objective of a consumer that serves no requests: an availability target
/// means nothing for it, the age of what it has not handled yet does.
#[derive(Debug, Clone, Serialize)]
pub struct Freshness {
    /// The consuming service.
    pub service: String,
    /// Seconds after the change it carries within which a message must be handled.
    pub seconds: u32,
    /// Whether the model states it (`services[].slo.freshness_seconds`).
    pub stated: bool,
    /// Its slowest message at worst, in milliseconds: what the derived objective rounds up.
    pub worst_ms: f64,
    /// The events it consumes.
    pub events: Vec<String>,
}

/// The freshness objective of each consumer with no API (the model's, else its slowest
/// handler's worst case rounded up to whole 10 s: a message handled on its first delivery is
/// never later than that; anything older waits behind a backlog), and of each consumer that
/// serves requests too and states one.
pub fn freshness(model: &crate::model::Model, times: &[HandlerTime]) -> Vec<Freshness> {
    model
        .services
        .iter()
        // A consumer that serves no requests is measured by freshness alone; one that serves
        // requests too, when it states a freshness objective of its own.
        .filter(|s| {
            let stated = s
                .slo
                .as_ref()
                .is_some_and(|o| o.freshness_seconds.is_some());
            !s.consumes.is_empty() && (s.api.resources.is_empty() || stated)
        })
        .map(|s| {
            let worst = times
                .iter()
                .filter(|t| t.consumer == s.name)
                .map(|t| t.worst_ms)
                .fold(0.0, f64::max);
            let stated = s.slo.as_ref().and_then(|o| o.freshness_seconds);
            Freshness {
                service: s.name.clone(),
                seconds: stated.unwrap_or_else(|| super::ceil_to(worst / 1000.0, 10).max(10)),
                stated: stated.is_some(),
                worst_ms: worst,
                events: s.consumes.clone(),
            }
        })
        .collect()
}

/// Each consumer's time per message of each event it consumes, in event order.
pub fn derive(graph: &Graph, resilience: &Resilience) -> Vec<HandlerTime> {
    let m = graph.model;
    let own = f64::from(super::capacity::handler_ms(m));
    let stated = m.resilience.consumers.handler_ms.is_some();
    let mut out = Vec::new();
    for e in &graph.events {
        for consumer in &e.consumers {
            let calls: Vec<HandlerCall> = calls_of(graph, consumer, &e.name)
                .into_iter()
                .filter_map(|(i, share)| {
                    let p = resilience.calls.get(i)?;
                    Some(HandlerCall {
                        callee: graph.calls[i].to.clone(),
                        share,
                        typical_ms: f64::from(p.callee_latency_ms.min(p.timeout_ms)),
                        worst_ms: p.worst_case_ms as f64,
                        latency_from: p.callee_latency_from.clone(),
                        latency_by: p.callee_latency_by.clone(),
                    })
                })
                .collect();
            let typical: f64 = calls.iter().map(|c| c.share * c.typical_ms).sum();
            let worst: f64 = calls.iter().map(|c| c.worst_ms).sum();
            // A stated time already includes the calls, but cannot be shorter than they are;
            // at worst they still run to their timeouts.
            let (typical_ms, worst_ms) = if stated {
                (own.max(typical), own.max(worst))
            } else {
                (own + typical, own + worst)
            };
            out.push(HandlerTime {
                consumer: consumer.clone(),
                event: e.name.clone(),
                own_ms: own,
                stated,
                typical_ms,
                worst_ms,
                calls,
                topic: e.topic.clone(),
                lanes: 0,
                worst_per_s: 0.0,
                topic_rate_per_s: 0.0,
            });
        }
    }
    out
}

/// Sizes each topic's lanes on its busiest consumer's work, states that a lane is handled one
/// message at a time, and records
/// the times and the consumers' freshness objectives.
pub fn apply(model: &crate::model::Model, capacity: &mut Capacity, mut times: Vec<HandlerTime>) {
    capacity.freshness = freshness(model, &times);
    capacity.relay_lag = super::relay_lag::derive(model, &capacity.freshness);
    let assumed: Vec<String> = capacity
        .freshness
        .iter()
        .filter(|f| !f.stated)
        .map(|f| format!("{} within {} s", f.service, f.seconds))
        .collect();
    if !assumed.is_empty() {
        capacity.assumptions.push(super::Assumption::new(
            "capacity.freshness",
            assumed.join("; "),
            "a consumer that serves no requests has no availability to measure; its objective is how old a message may get, here its slowest message's worst case rounded up",
            "the consumers' objectives, burn-rate alerts and the oldest-message alerts",
            "services[].slo.freshness_seconds",
        ));
    }
    let stated_skip = model.requirements.capacity.skip_ms;
    let skip_ms = stated_skip.unwrap_or(super::lanes::SKIP_MS);
    if !capacity.topics.is_empty() {
        let skip = match stated_skip {
            Some(ms) => format!(
                "{} ms (the model's `requirements.capacity.skip_ms`)",
                crate::text::numbers::number(ms, 2)
            ),
            None => format!(
                "{} ms (`requirements.capacity.skip_ms` states it)",
                crate::text::numbers::number(skip_ms, 2)
            ),
        };
        capacity.assumptions.push(super::Assumption::new(
            "capacity.partition-lanes",
            format!("a lane (partition) is handled one message at a time, in order, so per-key order holds; a topic needs twice its busiest consumer's seconds of work a second in lanes, an event that consumer does not consume costing it {skip} to read past"),
            "the model does not say whether a consumer handles the keys of one partition concurrently; one at a time is the safe reading, and a consumer that processes keys concurrently within a partition needs fewer partitions",
            "the topics' partition (lane) counts and throughputs, and the consumers' rates at worst",
            "requirements.capacity.partitions",
        ));
    }
    capacity.skip_ms = skip_ms;
    super::partitions::apply(&mut capacity.topics, &mut times, skip_ms);
    capacity.handlers = times;
    capacity.catch_up = super::catch_up::derive(model, capacity);
    let windows = super::catch_up::assumptions(&capacity.catch_up);
    capacity.assumptions.extend(windows);
}

#[cfg(test)]
#[path = "handlers_tests.rs"]
mod tests;
