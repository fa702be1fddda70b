//! One partition count per topic: every event on a topic shares its partitions (or lanes), so
//! a topic is sized once, from the sum of its events' rates and the slowest handler of any
//! consumer reading it, never once per event.

use super::capacity::EventLoad;
use super::graph::Graph;
use super::handlers::HandlerTime;
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
    /// Messages per second one partition (or one lane) handles, one at a time at the slowest
    /// handler's time.
    pub per_partition: f64,
    /// Lanes that carry twice the peak rate: by Little's law, twice the rate times the
    /// handler's time.
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
    /// Milliseconds its slowest consumer takes for one message, its calls included (see
    /// [`super::handlers`]): what a lane's rate follows.
    pub handler_ms: f64,
    /// Milliseconds that consumer takes at worst, every call running to its timeout.
    pub handler_worst_ms: f64,
    /// That consumer, once the handlers are known.
    pub handler_consumer: Option<String>,
    /// The event it handles that slowly.
    pub handler_event: Option<String>,
    /// Messages per second the lanes take when every message takes that worst case.
    pub throughput_worst_per_s: f64,
}

impl TopicLoad {
    /// Sizes the lanes for a handler taking `typical_ms` a message (`worst_ms` at worst):
    /// twice the peak rate × that time (Little's law), at least one per consumer replica on
    /// a partitioned broker, unless the model fixed them.
    pub fn size(&mut self, typical_ms: f64, worst_ms: f64, slowest: Option<(String, String)>) {
        let typical_ms = typical_ms.max(1.0);
        self.handler_ms = typical_ms;
        self.handler_worst_ms = worst_ms.max(typical_ms);
        (self.handler_consumer, self.handler_event) = slowest.unzip();
        self.per_partition = 1000.0 / typical_ms;
        self.partitions_needed =
            ((2.0 * self.rate_per_s / self.per_partition).ceil() as u32).max(1);
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
        t.size(handler_ms, handler_ms, None);
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
            per_partition: 0.0,
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

/// Sizes each topic on the slowest handler of any event on it, and gives each handler the
/// lanes of its event's topic: a consumer group reads the whole topic on those lanes.
pub fn apply(topics: &mut [TopicLoad], times: &mut [HandlerTime]) {
    for t in topics.iter_mut() {
        // The first of equally slow handlers, in event order, names the topic's time.
        let slowest = times
            .iter()
            .filter(|h| t.events.contains(&h.event))
            .reduce(|a, b| if b.typical_ms > a.typical_ms { b } else { a });
        if let Some(h) = slowest {
            let who = (h.consumer.clone(), h.event.clone());
            t.size(h.typical_ms, h.worst_ms, Some(who));
        }
    }
    for h in times.iter_mut() {
        if let Some(t) = topics.iter().find(|t| t.events.contains(&h.event)) {
            h.topic = t.topic.clone();
            h.lanes = t.partitions;
            h.topic_rate_per_s = t.rate_per_s;
            h.worst_per_s = f64::from(t.partitions) * 1000.0 / h.worst_ms.max(1.0);
        }
    }
}

#[cfg(test)]
#[path = "partitions_tests.rs"]
mod tests;
