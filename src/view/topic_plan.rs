//! The partitions each partitioned broker holds in all: its topics as sized for their
//! consumers, and the retry and dead-letter topics beside them, which take only failed
//! messages and so are sized to spread over the brokers, not for lanes; against the partitions
//! a broker is recommended to hold.

use super::events::EventView;
use crate::derive::capacity::Capacity;
use serde::Serialize;
use std::collections::BTreeSet;

/// Partition replicas Amazon MSK recommends at most per broker, by broker size, smallest
/// first (its best practices, "Right-size your cluster"): a fair guide for any Kafka broker
/// of that size. Its burstable `kafka.t3.small` (300) is left out: it is for trying MSK, not
/// for production.
pub const PER_BROKER: [(u32, &[&str]); 3] = [
    (1000, &["kafka.m5.large", "kafka.m7g.large"]),
    (2000, &["kafka.m5.2xlarge", "kafka.m7g.2xlarge"]),
    (4000, &["kafka.m5.4xlarge", "kafka.m7g.4xlarge"]),
];

/// One row of [`PER_BROKER`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SizeGuide {
    /// Partition replicas recommended at most.
    pub replicas: u32,
    /// The broker sizes, e.g. `kafka.m5.large`.
    pub sizes: Vec<String>,
}

/// One partitioned broker's topics in all.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BrokerPlan {
    /// The broker component.
    pub broker: String,
    /// Its topics that events are published on, as sized in the topics table.
    pub topics: u32,
    /// Their partitions.
    pub partitions: u32,
    /// Retry topics: one per delay of each consumer's schedule that waits on them.
    pub retry_topics: u32,
    /// Dead-letter topics, one per consumer and source topic.
    pub dead_letter_topics: u32,
    /// Partitions of each retry or dead-letter topic: one per copy of a message, so each
    /// broker the copies need leads one.
    pub side_partitions: u32,
    /// Every topic's partitions.
    pub total: u32,
    /// Copies of each partition (the replication factor).
    pub copies: u32,
    /// Partition replicas: `total` × `copies`.
    pub replicas: u32,
    /// The fewest brokers that hold the copies apart: one per copy.
    pub brokers: u32,
    /// Partition replicas per broker on that many brokers.
    pub per_broker: u32,
    /// The smallest broker sizes recommended for that many, if any are.
    pub size: Vec<String>,
    /// What each broker size is recommended to hold ([`PER_BROKER`]; the largest also stands
    /// for the sizes above it).
    pub guide: Vec<SizeGuide>,
    /// Brokers of the largest size that hold them, where none of `brokers` does.
    pub brokers_needed: Option<u32>,
}

/// The partitioned brokers' plans, in the order their first topic appears.
pub fn build(events: &[EventView], capacity: &Capacity) -> Vec<BrokerPlan> {
    let copies = capacity.event_replicas.max(1);
    let mut plans: Vec<BrokerPlan> = Vec::new();
    let mut seen: BTreeSet<String> = BTreeSet::new();
    for t in capacity.topics.iter().filter(|t| t.partitioned) {
        let Some(b) = events
            .iter()
            .find(|e| e.topic == t.topic)
            .and_then(|e| e.broker.as_ref())
        else {
            continue;
        };
        let at = match plans.iter().position(|p| p.broker == b.name) {
            Some(at) => at,
            None => {
                plans.push(BrokerPlan::new(&b.name, copies));
                plans.len() - 1
            }
        };
        let plan = &mut plans[at];
        plan.topics += 1;
        plan.partitions += t.partitions;
        for e in events.iter().filter(|e| e.topic == t.topic) {
            for d in &e.deliveries {
                if let Some(r) = &d.retry_topic {
                    if seen.insert(format!("retry {r}")) {
                        plan.retry_topics += (d.retry_delays.len() as u32).max(1);
                    }
                }
                if let Some(q) = &d.dead_letter_topic {
                    if seen.insert(format!("dead {q}")) {
                        plan.dead_letter_topics += 1;
                    }
                }
            }
        }
    }
    for p in &mut plans {
        p.finish();
    }
    plans
}

impl BrokerPlan {
    fn new(broker: &str, copies: u32) -> Self {
        BrokerPlan {
            broker: broker.to_owned(),
            topics: 0,
            partitions: 0,
            retry_topics: 0,
            dead_letter_topics: 0,
            side_partitions: copies,
            total: 0,
            copies,
            replicas: 0,
            brokers: copies,
            per_broker: 0,
            size: Vec::new(),
            guide: PER_BROKER
                .iter()
                .map(|(n, sizes)| SizeGuide {
                    replicas: *n,
                    sizes: sizes.iter().map(|s| (*s).to_owned()).collect(),
                })
                .collect(),
            brokers_needed: None,
        }
    }

    fn finish(&mut self) {
        self.total =
            self.partitions + (self.retry_topics + self.dead_letter_topics) * self.side_partitions;
        self.replicas = self.total * self.copies;
        self.per_broker = self.replicas.div_ceil(self.brokers);
        self.size = PER_BROKER
            .iter()
            .find(|(n, _)| self.per_broker <= *n)
            .map(|(_, s)| s.iter().map(|s| (*s).to_owned()).collect())
            .unwrap_or_default();
        let (largest, _) = PER_BROKER[PER_BROKER.len() - 1];
        if self.size.is_empty() {
            self.brokers_needed = Some(self.replicas.div_ceil(largest));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(partitions: u32, retry: u32, dead: u32) -> BrokerPlan {
        let mut p = BrokerPlan::new("bus", 3);
        p.topics = 2;
        p.partitions = partitions;
        p.retry_topics = retry;
        p.dead_letter_topics = dead;
        p.finish();
        p
    }

    #[test]
    fn retry_and_dead_letter_topics_take_one_partition_per_copy() {
        let p = plan(412, 10, 4);
        assert_eq!(p.total, 412 + 14 * 3);
        assert_eq!(p.replicas, 454 * 3);
        assert_eq!(p.per_broker, 454);
        assert_eq!(p.size, ["kafka.m5.large", "kafka.m7g.large"]);
        assert_eq!(p.brokers_needed, None);
    }

    #[test]
    fn more_than_the_largest_broker_holds_asks_for_more_brokers() {
        let p = plan(5000, 0, 0);
        assert_eq!(p.per_broker, 5000);
        assert!(p.size.is_empty());
        assert_eq!(p.brokers_needed, Some(4));
    }

    #[test]
    fn the_bundled_order_model_fits_its_three_brokers() {
        let v = crate::view::built(include_str!("../../examples/order-management/archgen.yaml"));
        let [p] = v.topic_plan.as_slice() else {
            panic!("one Kafka broker: {:?}", v.topic_plan)
        };
        assert_eq!(p.partitions, 176 + 57 + 159 + 20);
        assert!(p.retry_topics >= 1 && p.dead_letter_topics >= 1, "{p:?}");
        assert!(!p.size.is_empty(), "{p:?}");
    }
}
