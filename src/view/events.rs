//! Published events with their topic, broker, publisher and consumers.

use super::avro::{self, AvroPayload};
pub use super::event_delivery::WebhookPolicy;
use super::event_delivery::deliveries;
pub(super) use super::event_delivery::webhook_policy;
use super::event_payload::{Shared, embedded, event_fields};
use super::examples::Ctx;
use super::fields::FieldView;
use super::nodes::{NodeRef, Nodes};
use super::protobuf::{self, ProtoPayload};
use crate::model::{Model, SchemaFormat};
use crate::text::names::{self, Namer};
use serde::Serialize;
use serde_json::Value;

/// A published event.
#[derive(Debug, Clone, Serialize)]
pub struct EventView {
    /// Name from the model.
    pub name: String,
    /// Message type name, unique in the system, e.g. `OrderPlaced`.
    pub pascal: String,
    /// Channel or operation id stem, unique, e.g. `orderPlaced`.
    pub camel: String,
    /// The topic or queue.
    pub topic: String,
    /// Description.
    pub description: String,
    /// Payload fields.
    pub fields: Vec<FieldView>,
    /// The partition key field's JSON name, if any.
    pub key: Option<String>,
    /// Publishing service's name.
    pub publisher: String,
    /// Consuming components' names.
    pub consumers: Vec<String>,
    /// The broker it travels through, if any.
    pub broker: Option<NodeRef>,
    /// The broker's host from the model without scheme or path (the AsyncAPI server `host`).
    pub broker_host: Option<String>,
    /// The AsyncAPI protocol of the broker's technology, e.g. `kafka`, `amqp`, `sqs`, `nats`.
    pub broker_protocol: Option<String>,
    /// How clients authenticate to the broker: `scram-sha-512`, `mtls` or `plain`.
    pub broker_auth: Option<String>,
    /// The topic as an AsyncAPI channel address; null when braces in it are not parameters.
    pub address: Option<String>,
    /// The `{name}` parameters in the topic, for the AsyncAPI channel.
    pub topic_params: Vec<String>,
    /// Example payload.
    pub example: Value,
    /// `event` (a fact) or `command` (a request to one consumer).
    pub kind: String,
    /// The payload schema's major version.
    pub version: u32,
    /// What each consumer does with a message it cannot process, where the model says.
    pub deliveries: Vec<DeliveryView>,
    /// Example envelope headers, when the model declares an envelope.
    pub headers_example: Option<Value>,
    /// The schemas of the resources its `object` fields nest, by name.
    pub nested: Vec<NestedSchema>,
    /// The payload as Avro, when the envelope says payload schemas are Avro.
    pub avro: Option<AvroPayload>,
    /// The payload as Protocol Buffers, when the envelope says payload schemas are.
    pub protobuf: Option<ProtoPayload>,
}

/// A resource of the publisher's API nested in an event payload, as an AsyncAPI component.
#[derive(Debug, Clone, Serialize)]
pub struct NestedSchema {
    /// Schema name, unique among the system's message types, e.g. `OrderLine`.
    pub name: String,
    /// Its JSON Schema: the resource's fields as the model declares them.
    pub schema: Value,
    /// Whether it has a money field (so the contract declares `Money`).
    pub money: bool,
    /// The resource's description.
    #[serde(skip)]
    pub description: String,
    /// The fields it holds, as its JSON Schema declares them (for the Avro record).
    #[serde(skip)]
    pub fields: Vec<FieldView>,
}

/// A consumer's delivery policy for one event: attempts, retry and dead-letter channels.
#[derive(Debug, Clone, Serialize)]
pub struct DeliveryView {
    /// The consuming component.
    pub consumer: String,
    /// Attempts in all before the message is dead-lettered or given up.
    pub max_attempts: Option<u32>,
    /// The retry topic, e.g. `orders.order-placed.v1.payments.retry-{delay}`: a service
    /// consumer has one per delay of its schedule, `{delay}` standing for it.
    pub retry_topic: Option<String>,
    /// For a service consumer's retry topics: the delays, in order (`2s`, `4s`, …, `300s`),
    /// one topic each.
    pub retry_delays: Vec<String>,
    /// The dead-letter topic or queue, e.g. `orders.order-placed.v1.payments.dlq`.
    pub dead_letter_topic: Option<String>,
    /// How dead letters are brought back.
    pub redrive: String,
    /// Whether dead letters are redriven into the event's own topic, where every consumer
    /// group reads them again (`redrive_to: original`, or the redrive says so).
    pub into_topic: bool,
    /// The model's link this policy is on, by index; none for a consumer that follows
    /// `resilience.consumers`.
    pub link: Option<usize>,
    /// For webhooks: seconds the receiver has to answer.
    pub respond_within_seconds: Option<u32>,
    /// For webhooks: hours of retries.
    pub retry_hours: Option<u32>,
    /// Whether the consumer is a service of the system (its policy is derived for it), not an
    /// external receiver of webhooks.
    pub service: bool,
    /// First delivery to the last, in milliseconds, for a service consumer.
    pub span_ms: Option<u64>,
    /// Whether the consumer handles one key's messages in order (redeliveries in place).
    pub keeps_order: bool,
}

/// The events of `model`, each consumer's policy picked from `derived`, the delivery policies
/// [`crate::derive::delivery::derive`] worked out once for the whole view.
pub(super) fn build(
    model: &Model,
    nodes: &Nodes,
    derived: &[crate::derive::delivery::Delivery],
) -> Vec<EventView> {
    let mut types = if model.communication.envelope.is_some() {
        Namer::reserving(["Money", "Problem", "Envelope"])
    } else {
        Namer::reserving(["Money", "Problem"])
    };
    let mut ids = Namer::default();
    let mut nested: Vec<Shared> = Vec::new();
    let date = model.date.clone().unwrap_or_else(|| "2025-01-15".into());
    let mut out = Vec::new();
    for s in &model.services {
        for e in &s.publishes {
            let pascal = types.unique(&names::pascal(&e.name, "Event"), "");
            let camel = ids.unique(&names::camel(&pascal, "event"), "");
            let mut enum_names = types.clone();
            let (nested_here, embedded) = embedded(s, e, &mut nested, &mut enum_names, &date);
            let ctx = Ctx {
                owner: &pascal,
                date: &date,
            };
            let fields = event_fields(&model.services, s, e, &ctx, &mut enum_names, &embedded);
            types = enum_names;
            let key = e
                .key
                .as_ref()
                .and_then(|k| e.fields.iter().position(|f| &f.name == k))
                .map(|i| fields[i].snake.clone());
            let broker = broker_of(model, nodes, s, e);
            let example = Value::Object(
                fields
                    .iter()
                    .map(|f| (f.snake.clone(), f.example.clone()))
                    .collect(),
            );
            let topic = e
                .topic
                .clone()
                .unwrap_or_else(|| default_topic(nodes, s, e));
            let deliveries = deliveries(model, derived, &s.name, &e.name, &topic);
            let model_broker = broker.as_ref().and_then(|b| {
                model
                    .communication
                    .brokers
                    .iter()
                    .find(|m| m.name == b.name)
            });
            let topic_params = address_params(&topic);
            let (avro, protobuf) = payloads(model, s, e, &pascal, &fields, &nested_here, &example);
            out.push(EventView {
                name: e.name.clone(),
                broker_host: model_broker
                    .and_then(|b| b.host.as_deref())
                    .and_then(|h| url_parts(h).map(|p| p.host))
                    .filter(|h| !h.is_empty()),
                broker_protocol: model_broker.map(|b| protocol(&b.technology)),
                broker_auth: model_broker.and_then(|b| b.auth).map(crate::text::word),
                address: topic_params.is_some().then(|| topic.clone()),
                topic_params: topic_params.unwrap_or_default(),
                topic,
                description: e.description.clone(),
                publisher: s.name.clone(),
                pascal,
                camel,
                fields,
                key,
                consumers: consumers_of(model, nodes, s, e),
                broker,
                example,
                kind: crate::text::word(e.kind),
                version: e.version.unwrap_or(1),
                headers_example: headers_example(model, s, e, &date),
                deliveries,
                nested: nested_here,
                avro,
                protobuf,
            });
        }
    }
    out
}

/// Event `e` of `s` as an Avro record or a Protocol Buffers message named `pascal`, when the
/// model's envelope says payload schemas are written so. Its namespace or package is the
/// system's and the publisher's names (`carebook.booking`), so that an event has the same full
/// name in every contract.
fn payloads(
    model: &Model,
    s: &crate::model::Service,
    e: &crate::model::Event,
    pascal: &str,
    fields: &[FieldView],
    nested: &[NestedSchema],
    example: &Value,
) -> (Option<AvroPayload>, Option<ProtoPayload>) {
    let Some(envelope) = model.communication.envelope.as_ref() else {
        return (None, None);
    };
    let namespace = [&model.name, &s.name]
        .map(|p| names::snake(p, "x"))
        .join(".");
    let mut doc = format!("The payload of {}.", e.name);
    if !e.description.is_empty() {
        doc = format!("{doc} {}", e.description);
    }
    match envelope.schema_format {
        SchemaFormat::JsonSchema => (None, None),
        SchemaFormat::Avro => {
            let record = avro::Record {
                name: pascal,
                namespace: &namespace,
                doc: &doc,
                fields,
                nested,
            };
            (Some(avro::payload(&record, example)), None)
        }
        SchemaFormat::Protobuf => {
            let p = protobuf::payload(&namespace, pascal, &doc, fields, nested, example);
            (None, Some(p))
        }
    }
}

/// The topic of event `e` of `s` when the model names none: the publisher's slug, the event's
/// and its version, e.g. `orders.order-placed.v2`.
fn default_topic(nodes: &Nodes, s: &crate::model::Service, e: &crate::model::Event) -> String {
    let base = format!(
        "{}.{}",
        nodes.get(&s.name).slug,
        names::slug(&e.name, "event")
    );
    match e.version {
        Some(v) => format!("{base}.v{v}"),
        None => base,
    }
}

/// Who consumes event `e` of `s`: the services that say so, then the targets of links that
/// carry it straight to them, each once.
fn consumers_of(
    model: &Model,
    nodes: &Nodes,
    s: &crate::model::Service,
    e: &crate::model::Event,
) -> Vec<String> {
    model
        .services
        .iter()
        .filter(|c| c.consumes.contains(&e.name))
        .map(|c| c.name.clone())
        .chain(
            model
                .communication
                .links
                .iter()
                .filter(|l| {
                    l.from == s.name
                        && l.events.contains(&e.name)
                        && !nodes.brokers.iter().any(|b| b.name == l.to)
                })
                .map(|l| l.to.clone()),
        )
        .fold(Vec::new(), |mut acc, c| {
            if !acc.contains(&c) {
                acc.push(c);
            }
            acc
        })
}

/// The broker event `e` of `s` travels on ([`crate::derive::brokers::of_event`]).
fn broker_of(
    model: &Model,
    nodes: &Nodes,
    s: &crate::model::Service,
    e: &crate::model::Event,
) -> Option<NodeRef> {
    crate::derive::brokers::of_event(model, &s.name, e).map(|b| nodes.get(&b.name))
}

/// The envelope's headers for event `e` of `s`, when the model declares an envelope.
fn headers_example(
    model: &Model,
    s: &crate::model::Service,
    e: &crate::model::Event,
    date: &str,
) -> Option<Value> {
    model.communication.envelope.as_ref().map(|_| {
        serde_json::json!({
            "event_id": super::examples::uuid(&format!("event/{}", e.name)),
            "event_type": e.name,
            "schema_version": e.version.unwrap_or(1),
            "occurred_at": format!("{date}T09:30:00Z"),
            "producer": s.name,
            "correlation_id": super::examples::uuid(&format!("correlation/{}", e.name)),
        })
    })
}

/// A URL or host split into its parts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UrlParts {
    /// The scheme in lowercase, e.g. `https`; empty for a bare host.
    pub scheme: String,
    /// Host and port, e.g. `api.shop.example:8443`.
    pub host: String,
    /// The path without a trailing slash, e.g. `/v1`; empty for none.
    pub pathname: String,
}

/// `scheme://host/path` or `host/path` split; `None` for a relative URL (`/orders`).
pub fn url_parts(url: &str) -> Option<UrlParts> {
    let url = url.trim();
    let (scheme, rest) = match url.split_once("://") {
        Some((s, r)) => (s.to_lowercase(), r),
        None => (String::new(), url),
    };
    let (host, path) = match rest.find(['/', '?', '#']) {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    let path = path.split(['?', '#']).next().unwrap_or_default();
    if host.is_empty() || host.chars().any(char::is_whitespace) {
        return None;
    }
    Some(UrlParts {
        scheme,
        host: host.to_owned(),
        pathname: path.trim_end_matches('/').to_owned(),
    })
}

/// The AsyncAPI protocol for a broker technology; the technology's slug when none fits.
fn protocol(technology: &str) -> String {
    let t = technology.to_lowercase();
    const KNOWN: [(&str, &str); 17] = [
        ("kafka", "kafka"),
        ("redpanda", "kafka"),
        ("event hubs", "kafka"),
        ("msk", "kafka"),
        ("rabbit", "amqp"),
        ("amqp", "amqp"),
        ("sqs", "sqs"),
        ("sns", "sns"),
        ("nats", "nats"),
        ("redis", "redis"),
        ("mqtt", "mqtt"),
        ("mosquitto", "mqtt"),
        ("pulsar", "pulsar"),
        ("pub/sub", "googlepubsub"),
        ("pubsub", "googlepubsub"),
        ("solace", "solace"),
        ("ibm mq", "ibmmq"),
    ];
    KNOWN.iter().find(|(k, _)| t.contains(k)).map_or_else(
        || names::slug(technology, "broker"),
        |(_, p)| (*p).to_owned(),
    )
}

/// The parameter names of a channel address (`tenants.{tenant}.orders` -> `tenant`), or `None`
/// when its braces do not form AsyncAPI parameters.
fn address_params(topic: &str) -> Option<Vec<String>> {
    let mut params: Vec<String> = Vec::new();
    let mut rest = topic;
    while let Some(open) = rest.find(['{', '}']) {
        if rest[open..].starts_with('}') {
            return None;
        }
        let after = &rest[open + 1..];
        let close = after.find('}')?;
        let name = &after[..close];
        let valid = !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'));
        if !valid {
            return None;
        }
        if !params.iter().any(|p| p == name) {
            params.push(name.to_owned());
        }
        rest = &after[close + 1..];
    }
    Some(params)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_event_field_takes_the_example_its_publisher_states_for_the_same_field() {
        let model = crate::load::parse(
            include_str!("../../examples/order-management/archgen.yaml"),
            "archgen.yaml",
        )
        .unwrap_or_else(|e| panic!("{e:?}"));
        let v = crate::view::build(&model);
        let cancelled = v
            .events
            .iter()
            .find(|e| e.name == "OrderCancelled")
            .unwrap();
        let reason = cancelled
            .fields
            .iter()
            .find(|f| f.name == "reason")
            .unwrap();
        assert_eq!(reason.example, "The customer ordered the wrong size.");
    }

    /// A legacy publisher has no contract to take examples from: its consumer's copy of the
    /// data (a resource field of the same name and type) gives them, but not its actions'
    /// inputs, which are its own.
    #[test]
    fn a_captured_event_takes_its_examples_from_a_consumer_s_copy_of_the_data() {
        let model = crate::load::parse(
            include_str!("../../examples/clinic-booking/archgen.yaml"),
            "archgen.yaml",
        )
        .unwrap_or_else(|e| panic!("{e:?}"));
        let v = crate::view::build(&model);
        let changed = v.events.iter().find(|e| e.name == "ClinicChanged").unwrap();
        let example = |name: &str| {
            let f = changed.fields.iter().find(|f| f.name == name).unwrap();
            f.example.clone()
        };
        assert_eq!(example("name"), "Harbourside Clinic");
        assert_eq!(example("latitude"), 47.6062);
        // A move's previous start is a day before the new one, not the same instant.
        let moved = (v.events.iter())
            .find(|e| e.name == "AppointmentRescheduled")
            .unwrap();
        let example = |name: &str| {
            let f = moved.fields.iter().find(|f| f.name == name).unwrap();
            f.example.clone()
        };
        assert_eq!(example("starts_at"), "2026-12-04T09:30:00Z");
        assert_eq!(example("previous_starts_at"), "2026-12-03T09:30:00Z");
        assert_ne!(example("previous_slot_version"), example("slot_version"));
        let model = crate::load::parse(
            include_str!("../../examples/ride-hailing/archgen.yaml"),
            "archgen.yaml",
        )
        .unwrap_or_else(|e| panic!("{e:?}"));
        let v = crate::view::build(&model);
        let failed = (v.events.iter())
            .find(|e| e.name == "PaymentAuthorisationFailed")
            .unwrap();
        let reason = failed.fields.iter().find(|f| f.name == "reason").unwrap();
        assert_ne!(reason.example, "The driver could not find the pickup.");
    }

    #[test]
    fn urls_split() {
        let p = url_parts("https://api.shop.example:8443/v1/").unwrap();
        assert_eq!(
            (p.scheme.as_str(), p.host.as_str(), p.pathname.as_str()),
            ("https", "api.shop.example:8443", "/v1")
        );
        assert_eq!(
            url_parts("kafka.internal:9092").unwrap().host,
            "kafka.internal:9092"
        );
        assert_eq!(url_parts("/orders"), None);
    }

    #[test]
    fn protocols_and_addresses() {
        assert_eq!(protocol("Apache Kafka"), "kafka");
        assert_eq!(protocol("RabbitMQ"), "amqp");
        assert_eq!(protocol("Amazon SQS"), "sqs");
        assert_eq!(protocol("Carrier Pigeon"), "carrier-pigeon");
        assert_eq!(
            address_params("t.{tenant}.x"),
            Some(vec!["tenant".to_owned()])
        );
        assert_eq!(address_params("plain"), Some(vec![]));
        assert_eq!(address_params("a{b c}"), None);
        assert_eq!(address_params("a}b"), None);
        assert_eq!(address_params("a{b"), None);
    }
}
