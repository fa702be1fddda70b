//! The message envelope: the headers every event and command carries beside its payload, and
//! how payload schemas are registered and evolved.

use crate::model::{Compatibility, Model, SchemaFormat};
use serde::Serialize;
use serde_json::{Value, json};

/// The envelope, when the model declares one.
#[derive(Debug, Clone, Serialize)]
pub struct EnvelopeView {
    /// `json-schema`, `avro` or `protobuf`.
    pub schema_format: String,
    /// The format in prose, e.g. `Avro`.
    pub schema_format_label: String,
    /// The schema registry, if named.
    pub registry: Option<String>,
    /// `backward`, `forward`, `full` or `none`.
    pub compatibility: String,
    /// What the compatibility mode means for the order of upgrades.
    pub compatibility_text: String,
    /// The headers, in order.
    pub headers: Vec<HeaderView>,
    /// The headers as one JSON Schema object (AsyncAPI message `headers`).
    pub schema: Value,
}

/// One envelope header.
#[derive(Debug, Clone, Serialize)]
pub struct HeaderView {
    /// Header name, e.g. `event_id`.
    pub name: String,
    /// What it holds.
    pub description: String,
    /// Whether every message carries it.
    pub required: bool,
}

const HEADERS: [(&str, &str, bool, &str); 9] = [
    (
        "event_id",
        "uuid",
        true,
        "Unique id of this message; consumers deduplicate by it.",
    ),
    (
        "event_type",
        "string",
        true,
        "The message name, e.g. `{event}`.",
    ),
    (
        "schema_version",
        "integer",
        true,
        "The payload schema's major version.",
    ),
    (
        "occurred_at",
        "datetime",
        true,
        "When the fact happened or the command was issued (RFC 3339).",
    ),
    ("producer", "string", true, "The service that published it."),
    (
        "correlation_id",
        "string",
        true,
        "The id of the request or flow that led to it, carried to every message and call it causes.",
    ),
    (
        "causation_id",
        "uuid",
        false,
        "The `event_id` of the message that caused this one, if any.",
    ),
    (
        "traceparent",
        "traceparent",
        false,
        "The W3C trace context of the publisher's `PRODUCER` span, injected by its OpenTelemetry SDK: the consumer's span links to it. Absent when the publisher does not trace (a connector without its tracing enabled).",
    ),
    (
        "synthetic",
        "boolean",
        false,
        "True on a message a synthetic request or a test caused, carried on from the request's `Synthetic` header: consumers that call outside systems skip it, and reports leave it out.",
    ),
];

/// The header of the events change data capture publishes, in a system that has some: the
/// change's log position, which orders one row's changes where the name-based `event_id` cannot.
const CAPTURED: (&str, &str, bool, &str) = (
    "source_position",
    "string",
    false,
    "Only on an event change data capture publishes: the change's position in the source database's log (from the connector's `source` block: the LSN, or SQL Server's commit and change LSNs), copied by its transform. It orders one row's changes: compare it, never `event_id`, a name-based UUID.",
);

/// The envelope's headers: [`HEADERS`], and [`CAPTURED`] where change data capture publishes
/// any event.
fn headers(model: &Model) -> Vec<(&'static str, &'static str, bool, &'static str)> {
    let mut out = HEADERS.to_vec();
    if !crate::derive::capture::captured_events(model).is_empty() {
        out.push(CAPTURED);
    }
    out
}

/// The headers a message carries beside its payload: none unless the model declares an
/// envelope. What a consumer may read besides the payload's fields.
pub fn header_names(model: &Model) -> Vec<&'static str> {
    match model.communication.envelope {
        Some(_) => headers(model).iter().map(|h| h.0).collect(),
        None => Vec::new(),
    }
}

pub(super) fn build(model: &Model) -> Option<EnvelopeView> {
    let e = model.communication.envelope.as_ref()?;
    let (format, label) = match e.schema_format {
        SchemaFormat::JsonSchema => ("json-schema", "JSON Schema"),
        SchemaFormat::Avro => ("avro", "Avro"),
        SchemaFormat::Protobuf => ("protobuf", "Protocol Buffers"),
    };
    let (compat, text) = match e.compatibility {
        Compatibility::Backward => (
            "backward",
            "a new schema version must read messages written with the previous one, so consumers upgrade before producers",
        ),
        Compatibility::Forward => (
            "forward",
            "the previous schema version must read messages written with a new one, so producers upgrade before consumers",
        ),
        Compatibility::Full => (
            "full",
            "each version reads the other's messages, so producers and consumers upgrade in any order",
        ),
        Compatibility::None => (
            "none",
            "the registry does not check changes, so every change is reviewed by hand",
        ),
    };
    // The example names one of this system's own messages.
    let example = model
        .services
        .iter()
        .flat_map(|s| &s.publishes)
        .map(|e| e.name.as_str())
        .next()
        .unwrap_or("OrderPlaced");
    let describe = |desc: &str| desc.replace("{event}", example);
    let all = headers(model);
    let properties: serde_json::Map<String, Value> = all
        .iter()
        .map(|(name, ty, _, desc)| {
            let desc = describe(desc);
            let schema = match *ty {
                "uuid" => json!({"type": "string", "format": "uuid", "description": desc}),
                "integer" => json!({"type": "integer", "minimum": 1, "description": desc}),
                "datetime" => json!({"type": "string", "format": "date-time", "description": desc}),
                "boolean" => json!({"type": "boolean", "default": false, "description": desc}),
                "traceparent" => json!({
                    "type": "string",
                    "pattern": "^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$",
                    "description": desc,
                }),
                _ => json!({"type": "string", "description": desc}),
            };
            ((*name).to_owned(), schema)
        })
        .collect();
    let required: Vec<&str> = all.iter().filter(|h| h.2).map(|h| h.0).collect();
    Some(EnvelopeView {
        schema_format: format.into(),
        schema_format_label: label.into(),
        registry: e.registry.clone(),
        compatibility: compat.into(),
        compatibility_text: text.into(),
        headers: all
            .iter()
            .map(|(name, _, required, desc)| HeaderView {
                name: (*name).into(),
                description: describe(desc),
                required: *required,
            })
            .collect(),
        schema: json!({
            "type": "object",
            "description": "The envelope: message headers every event and command carries.",
            "required": required,
            "properties": properties,
        }),
    })
}

#[cfg(test)]
mod tests {
    use crate::derive::graph::tests::named as model;

    #[test]
    fn the_event_type_example_is_one_of_the_systems_own_messages() {
        let m = model(
            "requirements: {domain: d}\nservices:\n  - {name: b, responsibility: r, publishes: [{name: AppointmentBooked}]}\ncommunication:\n  envelope: {}\n",
        );
        let e = super::build(&m).expect("the model declares an envelope");
        let event_type = e.headers.iter().find(|h| h.name == "event_type").unwrap();
        assert_eq!(
            event_type.description,
            "The message name, e.g. `AppointmentBooked`."
        );
        assert_eq!(
            e.schema["properties"]["event_type"]["description"],
            "The message name, e.g. `AppointmentBooked`."
        );
    }
}
