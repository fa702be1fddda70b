//! Published events with their topic, broker, publisher and consumers.

use super::examples::Ctx;
use super::fields::{Embedded, FieldView, Refs, field_view};
use super::nodes::{NodeRef, Nodes};
use crate::model::{FieldType, Model, RedriveTarget};
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
}

/// A consumer's delivery policy for one event: attempts, retry and dead-letter channels.
#[derive(Debug, Clone, Serialize)]
pub struct DeliveryView {
    /// The consuming component.
    pub consumer: String,
    /// Attempts in all before the message is dead-lettered or given up.
    pub max_attempts: Option<u32>,
    /// The retry topic, e.g. `orders.order-placed.v1.payments.retry`.
    pub retry_topic: Option<String>,
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

/// The example the publisher's own contract states for a field of the same name and type (an
/// action's `reason`, a resource's `payment_method`): the event carries the same value.
fn stated_example(s: &crate::model::Service, f: &crate::model::Field) -> Option<String> {
    s.api
        .resources
        .iter()
        .flat_map(|r| {
            r.fields
                .iter()
                .chain(r.actions.iter().flat_map(|a| a.fields.iter()))
        })
        .find(|x| x.name == f.name && x.ty == f.ty && x.example.is_some())
        .and_then(|x| x.example.clone())
}

/// The events of `model`, each consumer's policy picked from `derived`, the delivery policies
/// [`crate::derive::delivery::derive`] worked out once for the whole view.
// long: not yet split (issue 11 item 8)
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
    // (publisher, resource) -> schema name, schema and example, shared by its events.
    let mut nested: Vec<((String, String), String, Value, Value)> = Vec::new();
    let date = model.date.clone().unwrap_or_else(|| "2025-01-15".into());
    let mut out = Vec::new();
    for s in &model.services {
        for e in &s.publishes {
            let pascal = types.unique(&names::pascal(&e.name, "Event"), "");
            let camel = ids.unique(&names::camel(&pascal, "event"), "");
            let ctx = Ctx {
                owner: &pascal,
                date: &date,
            };
            let mut field_names = Namer::default();
            let mut enum_names = types.clone();
            let mut nested_here: Vec<NestedSchema> = Vec::new();
            let mut embedded: Vec<(String, Embedded)> = Vec::new();
            for to in e
                .fields
                .iter()
                .filter(|f| f.ty == FieldType::Object)
                .filter_map(|f| f.to.as_deref())
            {
                let Some(r) = s.api.resources.iter().find(|r| r.name == to) else {
                    continue;
                };
                let key = (s.name.clone(), r.name.clone());
                let money = r.fields.iter().any(|f| f.ty == FieldType::Money);
                let (name, schema, example) = match nested.iter().find(|n| n.0 == key) {
                    Some(n) => (n.1.clone(), n.2.clone(), n.3.clone()),
                    None => {
                        let name = enum_names.unique(&names::pascal(&r.name, "Item"), "");
                        let (schema, example) = nested_schema(r, &name, &mut enum_names, &date);
                        nested.push((key, name.clone(), schema.clone(), example.clone()));
                        (name, schema, example)
                    }
                };
                if !nested_here.iter().any(|n| n.name == name) {
                    nested_here.push(NestedSchema {
                        name: name.clone(),
                        schema,
                        money,
                    });
                }
                embedded.push((
                    to.to_owned(),
                    Embedded {
                        pascal: name,
                        has_input: false,
                        input_example: example.clone(),
                        example,
                    },
                ));
            }
            let embed = |to: &str| {
                embedded
                    .iter()
                    .find(|(n, _)| n == to)
                    .map(|(_, e)| e.clone())
            };
            let refs = Refs {
                id: &|_| Value::Null,
                pascal: &|_| String::new(),
                id_ty: &|_| FieldType::Uuid,
                embed: &embed,
            };
            let fields: Vec<FieldView> = e
                .fields
                .iter()
                .map(|f| {
                    // Events carry ids, not objects: a ref is the referenced id.
                    let mut f = f.clone();
                    if f.example.is_none() {
                        f.example = stated_example(s, &f);
                    }
                    if f.ty == FieldType::Ref {
                        f.ty = FieldType::Uuid;
                        f.to = None;
                    }
                    field_view(&f, &pascal, &mut field_names, &mut enum_names, &ctx, &refs)
                })
                .collect();
            types = enum_names;
            let key = e
                .key
                .as_ref()
                .and_then(|k| e.fields.iter().position(|f| &f.name == k))
                .map(|i| fields[i].snake.clone());
            let consumers: Vec<String> = model
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
                });
            let broker = e
                .broker
                .clone()
                .or_else(|| {
                    model
                        .communication
                        .links
                        .iter()
                        .filter(|l| l.from == s.name && l.events.contains(&e.name))
                        .find_map(|l| {
                            l.broker.clone().or_else(|| {
                                nodes
                                    .brokers
                                    .iter()
                                    .find(|b| b.name == l.to)
                                    .map(|b| b.name.clone())
                            })
                        })
                })
                .or_else(|| model.communication.brokers.first().map(|b| b.name.clone()))
                .map(|b| nodes.get(&b));
            let example = Value::Object(
                fields
                    .iter()
                    .map(|f| (f.snake.clone(), f.example.clone()))
                    .collect(),
            );
            let topic = e.topic.clone().unwrap_or_else(|| {
                let base = format!(
                    "{}.{}",
                    nodes.get(&s.name).slug,
                    names::slug(&e.name, "event")
                );
                match e.version {
                    Some(v) => format!("{base}.v{v}"),
                    None => base,
                }
            });
            let deliveries = deliveries(model, derived, &s.name, &e.name, &topic);
            let model_broker = broker.as_ref().and_then(|b| {
                model
                    .communication
                    .brokers
                    .iter()
                    .find(|m| m.name == b.name)
            });
            let topic_params = address_params(&topic);
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
                consumers,
                broker,
                example,
                kind: crate::text::word(e.kind),
                version: e.version.unwrap_or(1),
                headers_example: model.communication.envelope.as_ref().map(|_| {
                    serde_json::json!({
                        "event_id": super::examples::uuid(&format!("event/{}", e.name)),
                        "event_type": e.name,
                        "schema_version": e.version.unwrap_or(1),
                        "occurred_at": format!("{date}T09:30:00Z"),
                        "producer": s.name,
                        "correlation_id": super::examples::uuid(&format!("correlation/{}", e.name)),
                    })
                }),
                deliveries,
                nested: nested_here,
            });
        }
    }
    out
}

/// The JSON Schema and example of resource `r` nested in an event: its declared fields, refs
/// as ids and its own objects as free-form JSON (nesting is one level deep).
fn nested_schema(
    r: &crate::model::Resource,
    pascal: &str,
    types: &mut Namer,
    date: &str,
) -> (Value, Value) {
    let ctx = Ctx {
        owner: pascal,
        date,
    };
    let none = |_: &str| None;
    let refs = Refs {
        id: &|_| Value::Null,
        pascal: &|_| String::new(),
        id_ty: &|_| FieldType::Uuid,
        embed: &none,
    };
    let mut field_names = Namer::default();
    let fields: Vec<FieldView> = r
        .fields
        .iter()
        .filter(|f| !f.write_only)
        .map(|f| {
            let mut f = f.clone();
            if f.ty == FieldType::Ref {
                f.ty = FieldType::Uuid;
                f.to = None;
            }
            field_view(&f, pascal, &mut field_names, types, &ctx, &refs)
        })
        .collect();
    let mut schema = serde_json::Map::new();
    schema.insert("type".into(), "object".into());
    if !r.description.is_empty() {
        schema.insert("description".into(), r.description.clone().into());
    }
    let required: Vec<Value> = fields
        .iter()
        .filter(|f| f.required)
        .map(|f| f.snake.clone().into())
        .collect();
    if !required.is_empty() {
        schema.insert("required".into(), Value::Array(required));
    }
    let properties = fields.iter().map(|f| (f.snake.clone(), f.schema.clone()));
    schema.insert("properties".into(), Value::Object(properties.collect()));
    let example = fields
        .iter()
        .map(|f| (f.snake.clone(), f.example.clone()))
        .collect();
    (Value::Object(schema), Value::Object(example))
}

/// How webhook deliveries of a service's events are retried: the model's policy on the links
/// that carry them, or the Standard Webhooks defaults (10 seconds to answer, 24 hours of
/// retries).
#[derive(Debug, Clone, Serialize)]
pub struct WebhookPolicy {
    /// Seconds a receiver has to answer.
    pub respond_within_seconds: u32,
    /// Hours over which failures are retried before the subscription is disabled.
    pub retry_hours: u32,
    /// Attempts in all, when the model caps them.
    pub max_attempts: Option<u32>,
}

/// The webhook policy of `published` events: the first delivery policy that sets each value.
pub(super) fn webhook_policy(published: &[EventView]) -> WebhookPolicy {
    let all = || {
        published
            .iter()
            .flat_map(|e| e.deliveries.iter())
            .filter(|d| !d.service)
    };
    WebhookPolicy {
        respond_within_seconds: all().find_map(|d| d.respond_within_seconds).unwrap_or(10),
        retry_hours: all().find_map(|d| d.retry_hours).unwrap_or(24),
        max_attempts: all().find_map(|d| d.max_attempts),
    }
}

/// The delivery policies of the links that carry `event` from `publisher`'s side to a
/// consumer: a link into the consumer naming the event, or from the publisher to it.
fn deliveries(
    model: &Model,
    derived: &[crate::derive::delivery::Delivery],
    publisher: &str,
    event: &str,
    topic: &str,
) -> Vec<DeliveryView> {
    let brokers: Vec<&str> = model
        .communication
        .brokers
        .iter()
        .map(|b| b.name.as_str())
        .collect();
    let publishes = model
        .services
        .iter()
        .any(|s| s.name == publisher && s.publishes.iter().any(|e| e.name == event));
    // Service consumers: the one derived policy every document states.
    let mut out: Vec<DeliveryView> = derived
        .iter()
        .filter(|d| publishes && d.event == event)
        .cloned()
        .map(|d| {
            let group = names::slug(&d.consumer, "consumer");
            let link = model
                .communication
                .links
                .iter()
                .enumerate()
                .filter(|(_, l)| l.to == d.consumer && l.events.contains(&d.event))
                .find_map(|(i, l)| l.delivery.as_ref().map(|p| (i, p)));
            DeliveryView {
                max_attempts: Some(d.max_attempts),
                retry_topic: d.retry_topic.then(|| format!("{topic}.{group}.retry")),
                dead_letter_topic: d.dead_letter.then(|| format!("{topic}.{group}.dlq")),
                redrive: d.redrive,
                into_topic: link.is_some_and(|(_, p)| into_topic(p)),
                link: link.map(|(i, _)| i),
                respond_within_seconds: None,
                retry_hours: None,
                service: true,
                span_ms: Some(d.span_ms),
                keeps_order: d.keeps_order,
                consumer: d.consumer,
            }
        })
        .collect();
    // Other receivers (webhook endpoints): the link's own policy.
    for (link, l) in model.communication.links.iter().enumerate() {
        let Some(d) = &l.delivery else { continue };
        if !l.events.iter().any(|e| e == event) || brokers.contains(&l.to.as_str()) {
            continue;
        }
        if !publishes || out.iter().any(|o| o.consumer == l.to) {
            continue;
        }
        let group = names::slug(&l.to, "consumer");
        out.push(DeliveryView {
            consumer: l.to.clone(),
            max_attempts: d.max_attempts,
            retry_topic: d.retry_topic.then(|| format!("{topic}.{group}.retry")),
            dead_letter_topic: d.dead_letter.then(|| format!("{topic}.{group}.dlq")),
            redrive: d.redrive.clone(),
            into_topic: into_topic(d),
            link: Some(link),
            respond_within_seconds: d.respond_within_seconds,
            retry_hours: d.retry_hours,
            service: false,
            span_ms: None,
            keeps_order: !d.retry_topic,
        });
    }
    out
}

/// Whether a link's dead letters are redriven into the event's own topic, where every
/// consumer group reads them again (`redrive_to: original`, or the redrive says so).
fn into_topic(d: &crate::model::DeliveryPolicy) -> bool {
    d.redrive_to == Some(RedriveTarget::Original)
        || (d.redrive_to.is_none() && {
            let r = d.redrive.to_lowercase();
            ["original topic", "same topic", "source topic"]
                .iter()
                .any(|p| r.contains(p))
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
