//! What a broker does with a message, by its technology: one table that capacity, recovery
//! and the communication documents all read, so no document calls a retained log a queue or a
//! pub/sub channel replayable.

use serde::Serialize;

/// A broker technology's kind and the facts that follow from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct BrokerKind {
    /// `log` (retained, replayable), `queue` (deleted on acknowledgement), `pubsub` (kept
    /// nowhere: at most once, no replay) or `unknown` (no technology, or one not in the table).
    pub kind: &'static str,
    /// Messages are kept for the retention period whether or not they were consumed.
    pub retained: bool,
    /// A consumer can go back and read again what it (or another) already read.
    pub replayable: bool,
    /// An acknowledged message is deleted.
    pub deleted_on_ack: bool,
    /// Topics are split into partitions that consumers share (Kafka and its kin).
    pub partitioned: bool,
    /// A subscriber that is down misses what is published meanwhile.
    pub lost_while_down: bool,
    /// A consumer that does not poll within the group's limit (`max.poll.interval.ms`, 5 min
    /// by default) is removed from its group: the Kafka protocol (Kafka, Redpanda).
    pub poll_limit: bool,
}

const fn kind(name: &'static str, log: bool, queue: bool, partitioned: bool) -> BrokerKind {
    BrokerKind {
        kind: name,
        retained: log,
        replayable: log,
        deleted_on_ack: queue,
        partitioned,
        lost_while_down: !log && !queue,
        poll_limit: false,
    }
}

const fn log(partitioned: bool) -> BrokerKind {
    kind("log", true, false, partitioned)
}

const QUEUE: BrokerKind = kind("queue", false, true, false);
const PUBSUB: BrokerKind = kind("pubsub", false, false, false);
const UNKNOWN: BrokerKind = BrokerKind {
    kind: "unknown",
    retained: false,
    replayable: false,
    deleted_on_ack: false,
    partitioned: false,
    lost_while_down: false,
    poll_limit: false,
};

/// A log of the Kafka protocol: partitioned, with the group's poll limit.
const KAFKA: BrokerKind = BrokerKind {
    poll_limit: true,
    ..log(true)
};

/// The table, first match wins: a technology's name (lower case) containing the pattern is of
/// that kind. More specific names come before the general ones (`jetstream` before `nats`,
/// `redis stream` before `redis`, `rabbitmq stream` before `rabbitmq`).
const TABLE: &[(&str, BrokerKind)] = &[
    ("kafka", KAFKA),
    ("msk", KAFKA),
    ("confluent", KAFKA),
    ("redpanda", KAFKA),
    ("kinesis", log(true)),
    ("event hubs", log(true)),
    ("pulsar", log(true)),
    ("jetstream", log(false)),
    ("redis stream", log(false)),
    ("rabbitmq stream", log(false)),
    ("sqs", QUEUE),
    ("rabbitmq", QUEUE),
    ("service bus", QUEUE),
    ("activemq", QUEUE),
    ("google pub/sub", QUEUE),
    ("redis", PUBSUB),
    ("nats", PUBSUB),
];

/// The kind of a broker running `technology`.
pub fn of(technology: &str) -> BrokerKind {
    let t = technology.to_lowercase();
    TABLE
        .iter()
        .find(|(pattern, _)| t.contains(pattern))
        .map_or(UNKNOWN, |(_, k)| *k)
}

/// How each technology limits what one identity may publish and read, first match wins.
const PERMISSIONS: &[(&str, &str)] = &[
    (
        "kafka",
        "Kafka ACLs: `WRITE` and `READ` per topic, `READ` on the consumer group",
    ),
    (
        "redpanda",
        "Kafka ACLs: `WRITE` and `READ` per topic, `READ` on the consumer group",
    ),
    ("kinesis", "IAM policies per stream"),
    (
        "event hubs",
        "Azure RBAC per event hub: Data Sender, Data Receiver",
    ),
    ("pulsar", "Pulsar topic permissions: `produce`, `consume`"),
    (
        "nats",
        "NATS user permissions on publish and subscribe subjects",
    ),
    (
        "redis",
        "Redis ACL rules on channels (`&pattern`) and stream keys",
    ),
    (
        "rabbitmq",
        "RabbitMQ write and read permission patterns per vhost",
    ),
    (
        "sqs",
        "IAM policies per topic and queue: `sns:Publish`, `sqs:ReceiveMessage`",
    ),
    (
        "sns",
        "IAM policies per topic and queue: `sns:Publish`, `sqs:ReceiveMessage`",
    ),
    (
        "service bus",
        "Azure RBAC per queue and topic: Data Sender, Data Receiver",
    ),
    (
        "google pub/sub",
        "IAM roles per topic and subscription: publisher, subscriber",
    ),
    ("activemq", "ActiveMQ authorization entries per destination"),
];

/// How a consumer of a broker running `technology` reads again from a point in time, first
/// match wins: the template words each (`kafka`, `kinesis`, `event-hubs`, `pulsar`,
/// `jetstream`, `redis-stream`, `rabbitmq-stream`); a queue, a pub/sub channel or an unknown
/// technology gives its kind instead, as none of them can.
const REWIND: &[(&str, &str)] = &[
    ("kafka", "kafka"),
    ("msk", "kafka"),
    ("confluent", "kafka"),
    ("redpanda", "kafka"),
    ("kinesis", "kinesis"),
    ("event hubs", "event-hubs"),
    ("pulsar", "pulsar"),
    ("jetstream", "jetstream"),
    ("redis stream", "redis-stream"),
    ("rabbitmq stream", "rabbitmq-stream"),
];

/// How a consumer reads again from a point in time on a broker running `technology`: a log's
/// own way (see [`REWIND`]), else `queue`, `pubsub` or `unknown`.
pub fn rewind(technology: &str) -> &'static str {
    let t = technology.to_lowercase();
    REWIND
        .iter()
        .find(|(pattern, _)| t.contains(pattern))
        .map_or_else(|| of(technology).kind, |(_, r)| *r)
}

/// The broker event `event` of publisher `service` travels through: its own `broker`, else the
/// broker its publisher's link names (or is), else the only one.
pub fn of_event<'a>(
    model: &'a crate::model::Model,
    service: &str,
    event: &crate::model::Event,
) -> Option<&'a crate::model::Broker> {
    let brokers = &model.communication.brokers;
    let named = |n: &str| brokers.iter().find(|b| b.name == n);
    let linked = || {
        (model.communication.links.iter())
            .filter(|l| l.from == service && l.events.contains(&event.name))
            .find_map(|l| l.broker.as_deref().map_or_else(|| named(&l.to), named))
    };
    match &event.broker {
        Some(b) => named(b),
        None => linked().or_else(|| brokers.first()),
    }
}

/// How a broker running `technology` limits each identity to its own topics; the broker's
/// own per-topic permissions when the technology is not in the table.
pub fn permissions(technology: &str) -> &'static str {
    let t = technology.to_lowercase();
    PERMISSIONS
        .iter()
        .find(|(pattern, _)| t.contains(pattern))
        .map_or("the broker's per-topic permissions", |(_, p)| *p)
}

#[cfg(test)]
mod tests {
    use super::{of, permissions};

    #[test]
    fn each_technology_names_its_own_permissions() {
        assert!(permissions("Apache Kafka (Amazon MSK)").starts_with("Kafka ACLs"));
        assert!(permissions("Redis Streams").starts_with("Redis ACL"));
        assert!(permissions("NATS JetStream").starts_with("NATS"));
        assert_eq!(
            permissions("Mosquitto"),
            "the broker's per-topic permissions"
        );
    }

    #[test]
    fn each_technology_has_the_semantics_of_its_kind() {
        // Logs keep what is consumed and replay it; JetStream streams are logs, not queues.
        for t in ["Kafka", "Amazon Kinesis", "Apache Pulsar", "NATS JetStream"] {
            let k = of(t);
            assert_eq!(k.kind, "log", "{t}");
            assert!(k.retained && k.replayable && !k.deleted_on_ack, "{t}");
        }
        assert!(of("Kafka").partitioned && !of("NATS JetStream").partitioned);
        // Queues delete what is acknowledged.
        for t in ["Amazon SQS", "RabbitMQ", "Azure Service Bus"] {
            let k = of(t);
            assert_eq!(k.kind, "queue", "{t}");
            assert!(k.deleted_on_ack && !k.replayable, "{t}");
        }
        // Pub/sub without persistence: at most once, no replay, lost while down.
        for t in ["Redis Pub/Sub", "NATS"] {
            let k = of(t);
            assert_eq!(k.kind, "pubsub", "{t}");
            assert!(!k.retained && !k.replayable && k.lost_while_down, "{t}");
        }
        assert_eq!(of("Redis Streams").kind, "log");
        assert_eq!(of("").kind, "unknown");
    }

    #[test]
    fn only_a_log_is_read_again_from_a_time_each_in_its_own_way() {
        use super::rewind;
        assert_eq!(rewind("Apache Kafka (Amazon MSK)"), "kafka");
        assert_eq!(rewind("NATS JetStream"), "jetstream");
        assert_eq!(rewind("RabbitMQ Streams"), "rabbitmq-stream");
        assert_eq!(rewind("RabbitMQ"), "queue");
        assert_eq!(rewind("Redis Pub/Sub"), "pubsub");
        assert_eq!(rewind("Mosquitto"), "unknown");
    }
}
