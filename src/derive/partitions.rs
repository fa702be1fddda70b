//! One partition count per topic: every event on a topic shares its partitions (or lanes), so
//! a topic is sized once, from its busiest consumer group: the seconds of work a second that
//! consumer spends on the events it handles (each at its own time) plus a skip cost for the
//! events on the topic it reads past, never the slowest handler charged to every event.

use super::capacity::EventLoad;
use super::graph::Graph;
use super::handlers::HandlerTime;
use super::lanes::BusyTerm;
use serde::Serialize;

/// A topic's volume and the lanes it needs.
#[derive(Debug, Clone, Serialize)]
pub struct TopicLoad {
    /// The topic.
    pub topic: String,
    /// The events published on it, in model order.
    pub events: Vec<String>,
    /// Events per second at peak: the sum of its events' rates.
    pub rate_per_s: f64,
    /// Whether its broker partitions topics (Kafka and its kin).
    pub partitioned: bool,
    /// Its broker's kind: `log`, `queue`, `pubsub` or `unknown`.
    pub broker_kind: String,
    /// The payload field that orders it, when every event on it is keyed by the same field:
    /// on a log without partitions (a JetStream stream) its order holds only across subject
    /// shards by this key.
    pub key: Option<String>,
    /// Each event's peak rate, in the order of `events`.
    pub event_rates: Vec<f64>,
    /// Messages per second one partition (or one lane) handles, one at a time, at the
    /// busiest consumer's mean time a message (`handler_ms`).
    pub per_partition: f64,
    /// The busiest consumer's seconds of work per second at peak (see [`ConsumerBusy`]).
    pub busy_s: f64,
    /// How it adds up: one term per event on the topic.
    pub busy_terms: Vec<BusyTerm>,
    /// Lanes that carry twice the peak rate: by Little's law, twice the busiest consumer's
    /// seconds of work a second.
    pub partitions_needed: u32,
    /// The most replicas of a consuming service: on a partitioned broker, partitions below it
    /// leave replicas idle; 1 where the broker does not partition or nothing consumes it.
    pub consumer_replicas: u32,
    /// Partitions the model fixed, if any (`requirements.capacity.partitions`).
    pub partitions_declared: Option<u32>,
    /// The key under `requirements.capacity.partitions` that fixed them: the topic, or the
    /// event on it with the largest count.
    pub declared_as: Option<String>,
    /// Lanes to create: the declared ones; else, on a partitioned broker, the larger of
    /// `partitions_needed` and `consumer_replicas`; else `partitions_needed` (subject shards
    /// by key on a log without partitions, messages in flight per consumer elsewhere).
    pub partitions: u32,
    /// Messages per second its consumers can take with that many lanes.
    pub throughput_per_s: f64,
    /// The busiest consumer's mean milliseconds per message of the topic, its calls included
    /// (see [`super::handlers`]): `busy_s` over the rate; what a lane's rate follows.
    pub handler_ms: f64,
    /// The mean milliseconds per message of the consumer slowest at worst (every call
    /// running to its timeout), over its own mix.
    pub handler_worst_ms: f64,
    /// The busiest consumer, once the handlers are known.
    pub handler_consumer: Option<String>,
    /// The event it handles most slowly.
    pub handler_event: Option<String>,
    /// Messages per second the lanes take for the consumer slowest at worst.
    pub throughput_worst_per_s: f64,
}

impl TopicLoad {
    /// Sizes the lanes for a consumer busy `busy_s` seconds a second at peak (`worst_s` at
    /// worst): twice that (Little's law), at least one per consumer replica on a partitioned
    /// broker, unless the model fixed them. `ms` is the time a message when nothing is
    /// published (no rate to average over).
    pub fn size(
        &mut self,
        busy_s: f64,
        worst_s: f64,
        ms: (f64, f64),
        who: Option<(String, String)>,
    ) {
        let rate = self.rate_per_s;
        let mean = |s: f64, fallback: f64| {
            if rate > 0.0 {
                1000.0 * s / rate
            } else {
                fallback
            }
        };
        self.busy_s = busy_s;
        self.handler_ms = mean(busy_s, ms.0).max(1e-3);
        self.handler_worst_ms = mean(worst_s, ms.1).max(self.handler_ms);
        (self.handler_consumer, self.handler_event) = who.unzip();
        self.per_partition = 1000.0 / self.handler_ms;
        // A hair under a whole lane is float noise, not a lane more.
        self.partitions_needed = ((2.0 * busy_s - 1e-9).ceil() as u32).max(1);
        self.partitions = self
            .partitions_declared
            .unwrap_or(self.partitions_needed.max(self.consumer_replicas));
        self.throughput_per_s = f64::from(self.partitions) * self.per_partition;
        self.throughput_worst_per_s = f64::from(self.partitions) * 1000.0 / self.handler_worst_ms;
    }
}

/// The topics `events` travel on, in the order their first event appears, each sized for a
/// handler of `handler_ms` until [`apply`] knows the consumers' own times.
pub fn derive(graph: &Graph, events: &[EventLoad], handler_ms: f64) -> Vec<TopicLoad> {
    let declared = &graph.model.requirements.capacity.partitions;
    let (_, max_replicas) = super::capacity::replicas(graph.model);
    let mut topics: Vec<TopicLoad> = Vec::new();
    for e in events {
        let consumed = graph
            .events
            .iter()
            .any(|g| g.name == e.event && !g.consumers.is_empty());
        let at = match topics.iter().position(|t| t.topic == e.topic) {
            Some(at) => at,
            None => {
                topics.push(TopicLoad::new(e, declared.get(&e.topic).copied()));
                topics.len() - 1
            }
        };
        let t = &mut topics[at];
        t.rate_per_s += e.rate_per_s;
        t.event_rates.push(e.rate_per_s);
        if t.key != e.key {
            t.key = None;
        }
        t.events.push(e.event.clone());
        // Only partitions bind a consumer group's members to lanes; elsewhere any replica
        // takes any message, so the replica count sets no floor.
        if consumed && t.partitioned {
            t.consumer_replicas = max_replicas;
        }
        // A count fixed for the topic wins; else the largest fixed for an event on it, as
        // the topic is created once.
        if t.declared_as.as_deref() != Some(&t.topic) {
            if let Some(&n) = declared.get(&e.event) {
                if t.partitions_declared.is_none_or(|d| n > d) {
                    t.partitions_declared = Some(n);
                    t.declared_as = Some(e.event.clone());
                }
            }
        }
    }
    for t in &mut topics {
        let busy = t.rate_per_s * handler_ms / 1000.0;
        t.size(busy, busy, (handler_ms, handler_ms), None);
    }
    topics
}

impl TopicLoad {
    fn new(first: &EventLoad, declared: Option<u32>) -> Self {
        TopicLoad {
            topic: first.topic.clone(),
            events: Vec::new(),
            rate_per_s: 0.0,
            partitioned: first.partitioned,
            broker_kind: first.broker_kind.clone(),
            key: first.key.clone(),
            event_rates: Vec::new(),
            per_partition: 0.0,
            busy_s: 0.0,
            busy_terms: Vec::new(),
            partitions_needed: 0,
            consumer_replicas: 1,
            partitions_declared: declared,
            declared_as: declared.map(|_| first.topic.clone()),
            partitions: 0,
            throughput_per_s: 0.0,
            handler_ms: 0.0,
            handler_worst_ms: 0.0,
            handler_consumer: None,
            handler_event: None,
            throughput_worst_per_s: 0.0,
        }
    }
}

/// Sizes each topic on its busiest consumer group, and gives each handler the lanes of its
/// event's topic and its consumer's messages a second at worst over its own mix.
pub fn apply(topics: &mut [TopicLoad], times: &mut [HandlerTime], skip_ms: f64) {
    for t in topics.iter_mut() {
        let all = super::lanes::busy(t, times, skip_ms);
        // The first of equally busy consumers, in handler order, binds the topic.
        let Some(top) = all
            .iter()
            .reduce(|a, b| if b.busy_s > a.busy_s { b } else { a })
        else {
            continue;
        };
        let worst = all
            .iter()
            .reduce(|a, b| if b.worst_s > a.worst_s { b } else { a });
        let worst = worst.unwrap_or(top);
        let who = (top.consumer.clone(), top.slowest_event.clone());
        t.busy_terms = top.terms.clone();
        t.size(
            top.busy_s,
            worst.worst_s,
            (top.max_ms, worst.max_worst_ms),
            Some(who),
        );
        for h in times.iter_mut().filter(|h| t.events.contains(&h.event)) {
            h.topic = t.topic.clone();
            h.lanes = t.partitions;
            h.topic_rate_per_s = t.rate_per_s;
            let mine = all.iter().find(|c| c.consumer == h.consumer);
            h.worst_per_s = match mine {
                Some(c) if c.worst_s > 0.0 => f64::from(t.partitions) * t.rate_per_s / c.worst_s,
                _ => f64::from(t.partitions) * 1000.0 / h.worst_ms.max(1.0),
            };
        }
    }
}

#[cfg(test)]
#[path = "partitions_tests.rs"]
mod tests;
