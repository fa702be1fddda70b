//! Protocol Buffers schemas of event payloads, for a model whose envelope says
//! `schema_format: protobuf`: each payload is one self-contained proto3 file (the `schema` of an
//! AsyncAPI 3.0 Multi Format Schema Object, a string) and its example the message in proto3's
//! JSON mapping.
//!
//! Fields take the types the gRPC contracts give them ([`FieldView::proto_type`]): `datetime`
//! is a `google.protobuf.Timestamp`, `json` and an `object` that nests no resource a
//! `google.protobuf.Struct`, `money` a `Money` message, a nested resource its own message, an
//! enum a top-level enum whose zero value is `<PREFIX>_UNSPECIFIED`. The example is the JSON
//! example with each enum value written as its proto name; the rest of proto3's JSON mapping
//! (RFC 3339 timestamps, `Struct` as JSON) is already what the JSON example holds.

use super::events::NestedSchema;
use super::fields::{EnumView, FieldView};
use crate::model::FieldType;
use crate::text::escape::comment_line;
use serde::Serialize;
use serde_json::{Value, json};
use std::fmt::Write;

/// The AsyncAPI `schemaFormat` of a proto3 schema, the one AsyncAPI's Protobuf schema parser
/// (@asyncapi/protobuf-schema-parser) registers; the schema is the `.proto` text as a string.
pub const SCHEMA_FORMAT: &str = "application/vnd.google.protobuf;version=3";

/// The message `contentType` of a Protocol Buffers payload: `application/x-protobuf`, the media
/// type Spring's Protobuf message converters write. Neither AsyncAPI nor IANA registers one.
pub const CONTENT_TYPE: &str = "application/x-protobuf";

/// An event payload as Protocol Buffers.
#[derive(Debug, Clone, Serialize)]
pub struct ProtoPayload {
    /// The Multi Format Schema Object's `schemaFormat`.
    pub schema_format: &'static str,
    /// The message's `contentType`.
    pub content_type: &'static str,
    /// The proto3 file: the payload's message, and every message and enum it uses.
    pub schema: String,
    /// The example payload in proto3's JSON mapping.
    pub example: Value,
}

/// The proto3 schema of an event payload: message `name` in package `package`, commented with
/// `doc`, of `fields`, which nest `nested`; `example` is its JSON example.
pub(super) fn payload(
    package: &str,
    name: &str,
    doc: &str,
    fields: &[FieldView],
    nested: &[NestedSchema],
    example: &Value,
) -> ProtoPayload {
    let used: Vec<&NestedSchema> = nested
        .iter()
        .filter(|n| fields.iter().any(|f| f.nests.as_deref() == Some(&n.name)))
        .collect();
    let all = || fields.iter().chain(used.iter().flat_map(|n| &n.fields));
    let mut out = format!("syntax = \"proto3\";\n\npackage {package};\n");
    let imports: Vec<&str> = [
        (
            "google.protobuf.Timestamp",
            "google/protobuf/timestamp.proto",
        ),
        ("google.protobuf.Struct", "google/protobuf/struct.proto"),
    ]
    .into_iter()
    .filter(|(ty, _)| all().any(|f| f.proto_type.ends_with(ty)))
    .map(|(_, file)| file)
    .collect();
    if !imports.is_empty() {
        out.push('\n');
    }
    for file in imports {
        let _ = writeln!(out, "import \"{file}\";");
    }
    message(&mut out, name, doc, fields);
    for n in &used {
        message(&mut out, &n.name, &n.description, &n.fields);
    }
    if all().any(|f| f.kind == FieldType::Money) {
        out.push_str(MONEY);
    }
    for e in all().filter_map(|f| f.enum_type.as_ref()) {
        enumeration(&mut out, e);
    }
    ProtoPayload {
        schema_format: SCHEMA_FORMAT,
        content_type: CONTENT_TYPE,
        schema: out,
        example: example_message(fields, nested, example),
    }
}

/// The `Money` message of the gRPC contracts.
const MONEY: &str = "
// An amount of money. The amount is a decimal string so that no precision is lost in binary
// floating point.
message Money {
  // The amount in the currency's major unit, e.g. \"49.90\".
  string amount = 1;
  // The ISO 4217 currency code, e.g. \"EUR\".
  string currency = 2;
}
";

/// `text` as one comment line that also fits in a YAML block scalar: the schema is written as
/// one, and YAML allows no byte-order mark or non-character (U+FFFE, U+FFFF) there.
fn comment(text: &str) -> String {
    comment_line(text)
        .chars()
        .filter(|c| !matches!(c, '\u{feff}' | '\u{fffe}' | '\u{ffff}'))
        .collect()
}

/// Appends message `name` of `fields`, numbered in order.
fn message(out: &mut String, name: &str, doc: &str, fields: &[FieldView]) {
    out.push('\n');
    if !doc.is_empty() {
        let _ = writeln!(out, "// {}", comment(doc));
    }
    let _ = writeln!(out, "message {name} {{");
    for (i, f) in fields.iter().enumerate() {
        if !f.description.is_empty() {
            let _ = writeln!(out, "  // {}", comment(&f.description));
        }
        let _ = writeln!(out, "  {} {} = {};", f.proto_type, f.snake, i + 1);
    }
    out.push_str("}\n");
}

/// Appends enum `e`, its zero value `<PREFIX>_UNSPECIFIED` as proto3 requires.
fn enumeration(out: &mut String, e: &EnumView) {
    let _ = writeln!(out, "\nenum {} {{", e.name);
    let _ = writeln!(
        out,
        "  // The value is not set.\n  {}_UNSPECIFIED = 0;",
        e.prefix
    );
    for (i, v) in e.values.iter().enumerate() {
        let _ = writeln!(
            out,
            "  // {}\n  {} = {};",
            comment(&v.value),
            v.proto,
            i + 1
        );
    }
    out.push_str("}\n");
}

/// `example`, a JSON example of a message of `fields`, with each enum value as its proto name.
fn example_message(fields: &[FieldView], nested: &[NestedSchema], example: &Value) -> Value {
    let mut out = example.as_object().cloned().unwrap_or_default();
    for f in fields {
        let Some(v) = out.get_mut(&f.snake) else {
            continue;
        };
        let one = |v: &Value| example_value(f, nested, v);
        *v = match v {
            Value::Array(items) if f.list => Value::Array(items.iter().map(one).collect()),
            _ => one(v),
        };
    }
    Value::Object(out)
}

/// One JSON example value of `f` (an item, for a list) in proto3's JSON mapping.
fn example_value(f: &FieldView, nested: &[NestedSchema], v: &Value) -> Value {
    if let (Some(e), Some(text)) = (&f.enum_type, v.as_str()) {
        if let Some(x) = e.values.iter().find(|x| x.value == text) {
            return json!(x.proto);
        }
    }
    match f
        .nests
        .as_deref()
        .and_then(|n| nested.iter().find(|x| x.name == n))
    {
        Some(n) => example_message(&n.fields, &[], v),
        None => v.clone(),
    }
}

#[cfg(test)]
#[path = "protobuf_tests.rs"]
mod tests;
