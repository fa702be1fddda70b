//! What each consumer group of a topic is busy with: a group reads every message on the
//! topic's lanes, spends its own handler time on the events it consumes and only
//! [`SKIP_MS`] on each of the others, so its seconds of work a second, not the slowest
//! handler times every event, is what its lanes must carry.

use super::handlers::HandlerTime;
use super::partitions::TopicLoad;
use serde::Serialize;

/// Milliseconds a consumer spends reading past a message of an event it does not consume:
/// it fetches and decodes the envelope's type, then acknowledges it. The model's
/// `requirements.capacity.skip_ms` replaces it.
pub const SKIP_MS: f64 = 1.0;

/// One event's share of a consumer's work on a topic.
#[derive(Debug, Clone, Serialize)]
pub struct BusyTerm {
    /// The event.
    pub event: String,
    /// Its peak rate.
    pub rate_per_s: f64,
    /// The consumer's milliseconds a message of it ([`SKIP_MS`] when it skips it).
    pub ms: f64,
    /// Whether the consumer reads past it without handling it.
    pub skipped: bool,
}

/// One consumer group's load on a topic.
#[derive(Debug, Clone)]
pub struct ConsumerBusy {
    /// The consuming service.
    pub consumer: String,
    /// One term per event on the topic, in topic order.
    pub terms: Vec<BusyTerm>,
    /// Σ rate × time, in seconds of work per second at peak.
    pub busy_s: f64,
    /// The same with each handled event at its worst case.
    pub worst_s: f64,
    /// Its slowest event on the topic.
    pub slowest_event: String,
    /// That event's time, in milliseconds.
    pub max_ms: f64,
    /// Its largest worst case on the topic, in milliseconds.
    pub max_worst_ms: f64,
}

/// Each consumer of `topic`'s events with its busy seconds, in the order of `times`.
pub fn busy(topic: &TopicLoad, times: &[HandlerTime], skip_ms: f64) -> Vec<ConsumerBusy> {
    let mut names: Vec<&str> = Vec::new();
    for h in times.iter().filter(|h| topic.events.contains(&h.event)) {
        if !names.contains(&h.consumer.as_str()) {
            names.push(&h.consumer);
        }
    }
    names
        .into_iter()
        .map(|c| of(topic, times, c, skip_ms))
        .collect()
}

fn of(topic: &TopicLoad, times: &[HandlerTime], consumer: &str, skip_ms: f64) -> ConsumerBusy {
    let mut out = ConsumerBusy {
        consumer: consumer.to_string(),
        terms: Vec::new(),
        busy_s: 0.0,
        worst_s: 0.0,
        slowest_event: String::new(),
        max_ms: 0.0,
        max_worst_ms: 0.0,
    };
    for (event, &rate) in topic.events.iter().zip(&topic.event_rates) {
        let h = times
            .iter()
            .find(|h| h.consumer == consumer && &h.event == event);
        let (ms, worst) = h.map_or((skip_ms, skip_ms), |h| (h.typical_ms, h.worst_ms));
        if h.is_some() && (out.slowest_event.is_empty() || ms > out.max_ms) {
            (out.slowest_event, out.max_ms) = (event.clone(), ms);
        }
        out.max_worst_ms = out.max_worst_ms.max(worst);
        out.busy_s += rate * ms / 1000.0;
        out.worst_s += rate * worst / 1000.0;
        out.terms.push(BusyTerm {
            event: event.clone(),
            rate_per_s: rate,
            ms,
            skipped: h.is_none(),
        });
    }
    out
}
