//! Step 4 of the model: brokers, links between components, and key flows.

use super::{BrokerAuth, DeliveryPolicy, Envelope, Flow, LinkResilience};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// How the components talk to each other.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Communication {
    /// Message brokers and event streams.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub brokers: Vec<Broker>,
    /// Who calls whom. Event links between publishers and consumers are derived; list only
    /// what they do not cover.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<Link>,
    /// Key flows through the system as ordered steps.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub flows: Vec<Flow>,
    /// The envelope every event and command travels in (ids, time, schema version,
    /// correlation), with the schema registry; none when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub envelope: Option<Envelope>,
    /// How the rows of the services' outbox tables reach the broker: `polling` (a relay in
    /// each service reads its table), or the change data capture tool that reads the tables'
    /// log, e.g. `Debezium (Kafka Connect)`. An open decision while unset and a service
    /// publishes through an outbox.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outbox_relay: Option<String>,
    /// With a change data capture relay, the hours an outbox row stays after it is written.
    /// The connector reads the row's insert from the log and never tells the service it has
    /// published it, so the service decides: `0` deletes each row in the transaction that
    /// writes it (the log keeps the insert for the connector, and the table stays empty);
    /// more keeps the rows that long, deleted after by a job of each service, so a
    /// re-snapshot after a failover that loses the connector's place in the log can publish
    /// them again. Not stated when absent, which the documents say.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outbox_retention_hours: Option<u32>,
    /// With a `polling` relay, who makes the calls a flow sends from an outbox (`async: true`
    /// steps to a service or an external system): the relay that publishes the events, in the
    /// same ordered read on its one lock holder (`with-events`, the default), or a relay of
    /// their own on every replica (`apart`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outbox_calls: Option<OutboxCalls>,
    /// Who runs the change data capture connectors (a log-reading outbox relay, each captured
    /// store's connector) and where: they share one runtime, such as a Kafka Connect cluster,
    /// whose owner answers for every event they publish. An open decision while unset and
    /// some connector exists.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connectors: Option<Connectors>,
}

/// Who runs the change data capture connectors, and where.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Connectors {
    /// The team that runs them, is paged on their lag and failures, and owns their
    /// configuration, e.g. `integrations`.
    pub team: String,
    /// Where they run, e.g. `Amazon MSK Connect` or `a Kafka Connect cluster of 3 workers on
    /// EKS`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub runs_on: String,
}

/// Who sends the calls a polling relay finds in an outbox.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum OutboxCalls {
    /// The relay that publishes the events, on the one replica holding its lock, reading the
    /// rows in order: a slow callee holds up the events committed after its call.
    WithEvents,
    /// A relay of their own on every replica, claiming rows (`FOR UPDATE SKIP LOCKED`) and
    /// retrying each on a schedule: the events never wait for a call.
    Apart,
}

/// A message broker or event stream.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Broker {
    /// Unique name, e.g. `events`.
    pub name: String,
    /// The technology, e.g. `Kafka`, `RabbitMQ`, `Amazon SQS`, `NATS`, `Redis Pub/Sub`; empty
    /// while undecided (an open decision in the documents).
    #[serde(default)]
    pub technology: String,
    /// Delivery guarantee consumers can rely on.
    #[serde(default)]
    pub delivery: Delivery,
    /// Where clients reach it, e.g. `kafka.internal:9092`; used as the AsyncAPI server.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host: Option<String>,
    /// How clients authenticate to it (the AsyncAPI server's security).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auth: Option<BrokerAuth>,
    /// Hours it keeps a message, for a broker that retains what it delivers (a log such as
    /// Kafka or a JetStream stream); `requirements.capacity.event_retention_days` otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retention_hours: Option<u32>,
    /// What flows through it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
}

/// A broker's delivery guarantee.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Delivery {
    /// Messages may arrive more than once; consumers deduplicate.
    #[default]
    AtLeastOnce,
    /// Messages may be lost; acceptable for telemetry or presence.
    AtMostOnce,
    /// Transactional exactly-once processing within the broker.
    ExactlyOnce,
}

/// A dependency of one component on another.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Link {
    /// The caller or publisher: a client, service or external system.
    pub from: String,
    /// The callee or consumer: a service, external system or broker.
    pub to: String,
    /// Synchronous request/response or asynchronous messaging; derived when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub style: Option<LinkStyle>,
    /// The protocol, e.g. `HTTPS`, `gRPC`, `Kafka`; derived from the callee when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocol: Option<String>,
    /// Why the caller needs the callee.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub purpose: String,
    /// Events or commands carried, for an asynchronous link.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub events: Vec<String>,
    /// The broker an asynchronous link goes through; the only broker when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub broker: Option<String>,
    /// Overrides of the resilience defaults for this link.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resilience: Option<LinkResilience>,
    /// For an asynchronous link: how the consumer retries and dead-letters what it cannot
    /// process, or how webhook deliveries are retried.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivery: Option<DeliveryPolicy>,
    /// Whether the caller makes this call from background work (an event consumer or a job)
    /// rather than while answering a request: the p99 latency budget does not apply to it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub background: bool,
    /// For a call or webhook from outside (a client or an external system): the gateway it
    /// enters through, e.g. `api-gateway`. It is drawn through the gateway, which routes it,
    /// and the callee admits it from the gateway.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub via: Option<String>,
}

/// Synchronous or asynchronous communication.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum LinkStyle {
    /// The caller waits for the answer.
    Sync,
    /// The caller hands a message to a broker (or webhook) and moves on.
    Async,
}

super::empty_is_default!(Communication);
