//! Step 4 of the model, for messages: the envelope every event travels in, events versus
//! commands, and the delivery policy of an asynchronous link (retries, retry topic, dead-letter
//! queue, webhook timeouts).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Whether a message states a fact or asks for something.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum MessageKind {
    /// A fact in the past tense (`OrderPlaced`); any number of consumers, no reply.
    #[default]
    Event,
    /// A request to one consumer in the imperative (`ReserveStock`); it may refuse.
    Command,
}

/// The envelope every event and command travels in: metadata beside the payload, as message
/// headers.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Envelope {
    /// How payload schemas are written and registered.
    #[serde(default)]
    pub schema_format: SchemaFormat,
    /// The schema registry, e.g. `Confluent Schema Registry`, `AWS Glue Schema Registry`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registry: Option<String>,
    /// The compatibility mode the registry enforces between versions of a schema.
    #[serde(default)]
    pub compatibility: Compatibility,
}

/// The format payload schemas are written in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum SchemaFormat {
    /// JSON payloads described by JSON Schema.
    #[default]
    JsonSchema,
    /// Avro records.
    Avro,
    /// Protocol Buffers messages.
    Protobuf,
}

/// Which schema changes a registry accepts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Compatibility {
    /// New readers read old messages: consumers upgrade first.
    #[default]
    Backward,
    /// Old readers read new messages: producers upgrade first.
    Forward,
    /// Both ways.
    Full,
    /// Not checked.
    None,
}

/// How the consumer at the end of an asynchronous link handles a message it cannot process,
/// or how a webhook sender retries an endpoint.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DeliveryPolicy {
    /// Attempts in all before the message is dead-lettered (or a webhook given up).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_attempts: Option<u32>,
    /// Whether failed messages wait on a retry topic, so the partition is not blocked.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub retry_topic: bool,
    /// Whether messages that exhaust their attempts go to a dead-letter topic or queue; when
    /// absent, as `resilience.consumers.dead_letter` says (yes unless it says no). `false`
    /// drops them, which the documents state.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dead_letter: Option<bool>,
    /// How dead-lettered messages are brought back, e.g. `replayed by the on-call engineer
    /// after a fix with the redrive tool`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub redrive: String,
    /// Where dead-lettered messages are sent back to when they are redriven.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redrive_to: Option<RedriveTarget>,
    /// Whether a dead-lettered message pages the consumer's team rather than opening a ticket;
    /// when absent, it pages when the message runs a step of a flow with a deadline, which
    /// ends before a ticket is read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pages: Option<bool>,
    /// For webhooks: seconds the receiver has to answer before the attempt counts as failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub respond_within_seconds: Option<u32>,
    /// For webhooks: hours over which failed deliveries are retried.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_hours: Option<u32>,
}

impl DeliveryPolicy {
    /// Whether the consumer of a link with policy `link` dead-letters a message that exhausts
    /// its deliveries: the link's own setting, else the consumers' (`consumers_default`,
    /// `resilience.consumers.dead_letter`), else yes.
    pub fn dead_letters(link: Option<&Self>, consumers_default: Option<bool>) -> bool {
        (link.and_then(|d| d.dead_letter))
            .or(consumers_default)
            .unwrap_or(true)
    }
}

/// Where redriven dead letters go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum RedriveTarget {
    /// Back into the event's own topic: every consumer group reads them again.
    Original,
    /// Into the failing consumer's retry topic.
    Retry,
    /// Straight to the failing consumer group only.
    Consumer,
}

/// How clients authenticate to a broker.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum BrokerAuth {
    /// SASL/SCRAM-SHA-512 user names and passwords from the secrets store.
    #[serde(rename = "scram-sha-512")]
    ScramSha512,
    /// Mutual TLS with each service's workload certificate.
    Mtls,
    /// SASL/PLAIN over TLS.
    Plain,
}

#[cfg(test)]
mod tests {
    use super::DeliveryPolicy;

    #[test]
    fn a_link_dead_letters_by_its_own_word_then_the_consumers_then_yes() {
        let says = |v| DeliveryPolicy {
            dead_letter: v,
            ..DeliveryPolicy::default()
        };
        assert!(DeliveryPolicy::dead_letters(None, None));
        assert!(!DeliveryPolicy::dead_letters(None, Some(false)));
        assert!(!DeliveryPolicy::dead_letters(
            Some(&says(None)),
            Some(false)
        ));
        assert!(DeliveryPolicy::dead_letters(
            Some(&says(Some(true))),
            Some(false)
        ));
        assert!(!DeliveryPolicy::dead_letters(
            Some(&says(Some(false))),
            None
        ));
    }
}
