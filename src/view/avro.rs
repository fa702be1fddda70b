//! Avro schemas of event payloads, for a model whose envelope says `schema_format: avro`: each
//! payload is one self-contained record (the `schema` of an AsyncAPI 3.0 Multi Format Schema
//! Object) and its example is a value of that record.
//!
//! Field types map to Avro 1.9 as follows. `string`, `email` and `url` are `string` (the field's
//! `doc` says which, and states the constraints Avro cannot); `integer` is `long` and `number`
//! `double`, as in the JSON contract (`int64`, `double`). `uuid` is a `string` with logical type
//! `uuid`. `datetime` is a `long` with logical type
//! `timestamp-millis`: Avro has no logical type over a string for an instant, and code
//! generators map this one to their language's instant type. `date` is an `int` with logical
//! type `date` (days since 1970-01-01). `money` is a `Money` record of a decimal-string amount
//! and an ISO 4217 currency, as in the JSON contract: Avro's `decimal` fixes one scale per
//! schema, and currencies differ in minor units (JPY 0, EUR 2, BHD 3). `enum` is an Avro enum
//! whose symbols are the values as Avro names (see [`names::avro`]: `no-show` -> `no_show`);
//! the enum's `doc` lists each value whose symbol differs. `json` and an `object` that nests no
//! resource are a `string` holding the JSON text, since Avro has no free-form type; an `object`
//! that nests a resource is that resource's record. A list is an `array`; an optional field is
//! the union `["null", T]` with default `null`. Named types (records, enums, `Money`) are
//! defined where first used and referred to by name after, as Avro requires.
//!
//! Examples stay plain values (`"x"`, not Avro's JSON encoding `{"string": "x"}`): an AsyncAPI
//! example is a value the payload schema accepts, and a union's value is a value of one of its
//! branches. Instants and dates are written as the numbers the schema holds.

use super::events::NestedSchema;
use super::fields::FieldView;
use crate::model::FieldType;
use crate::text::names::{self, Namer};
use serde::Serialize;
use serde_json::{Map, Value, json};
use std::collections::HashSet;

/// The AsyncAPI 3.0 `schemaFormat` of an Avro 1.9 schema, as the specification's Multi Format
/// Schema Object lists it and AsyncAPI's Kafka tutorial writes it
/// (asyncapi.com/docs/tutorials/kafka/configure-kafka-avro).
pub const SCHEMA_FORMAT: &str = "application/vnd.apache.avro;version=1.9.0";

/// The message `contentType` of an Avro-encoded payload: `avro/binary`, as AsyncAPI's guide to
/// payload schemas writes it (asyncapi.com/docs/concepts/asyncapi-document/payload-schema) and
/// as Microcks expects it of Avro messages it mocks and tests (microcks.io, "Kafka, Avro &
/// Schema Registry"). The specification itself names no Avro media type.
pub const CONTENT_TYPE: &str = "avro/binary";

/// An event payload as Avro.
#[derive(Debug, Clone, Serialize)]
pub struct AvroPayload {
    /// The Multi Format Schema Object's `schemaFormat`.
    pub schema_format: &'static str,
    /// The message's `contentType`.
    pub content_type: &'static str,
    /// The payload's record, every named type it uses defined inside it.
    pub schema: Value,
    /// The example payload as a value of that record.
    pub example: Value,
}

/// A record to build: its name, namespace, `doc`, fields and the resources those nest.
pub(super) struct Record<'a> {
    /// The record's name, e.g. `OrderPlaced` (made a valid Avro name).
    pub name: &'a str,
    /// Dot-separated namespace of lowercase Avro names, e.g. `shop.orders`.
    pub namespace: &'a str,
    /// What it holds.
    pub doc: &'a str,
    /// Its fields.
    pub fields: &'a [FieldView],
    /// The resources its `object` fields nest, by schema name.
    pub nested: &'a [NestedSchema],
}

/// The Avro schema and example of `record`, whose JSON example is `example`.
pub(super) fn payload(record: &Record<'_>, example: &Value) -> AvroPayload {
    let mut types = Types {
        nested: record.nested,
        defined: HashSet::new(),
    };
    let mut schema = types.record(record.name, record.doc, record.fields);
    if let Value::Object(map) = &mut schema {
        // The namespace goes right after the name, where readers of Avro schemas look for it.
        let rest = std::mem::take(map);
        for (k, v) in rest {
            let is_name = k == "name";
            map.insert(k, v);
            if is_name {
                map.insert("namespace".into(), json!(record.namespace));
            }
        }
    }
    AvroPayload {
        schema_format: SCHEMA_FORMAT,
        content_type: CONTENT_TYPE,
        schema,
        example: example_record(record.fields, record.nested, example),
    }
}

/// Builds the types of one schema, defining each named type once.
struct Types<'a> {
    nested: &'a [NestedSchema],
    /// Named types defined so far in this schema: later uses refer to them by name.
    defined: HashSet<String>,
}

impl Types<'_> {
    fn record(&mut self, name: &str, doc: &str, fields: &[FieldView]) -> Value {
        let mut r = Map::new();
        r.insert("type".into(), json!("record"));
        r.insert("name".into(), json!(names::avro(name, "Record")));
        if !doc.is_empty() {
            r.insert("doc".into(), json!(doc));
        }
        let fields: Vec<Value> = fields.iter().map(|f| self.field(f)).collect();
        r.insert("fields".into(), Value::Array(fields));
        Value::Object(r)
    }

    fn field(&mut self, f: &FieldView) -> Value {
        let mut ty = self.value_type(f);
        if f.list {
            ty = json!({"type": "array", "items": ty});
        }
        let mut out = Map::new();
        out.insert("name".into(), json!(names::avro(&f.snake, "field")));
        if f.required {
            out.insert("type".into(), ty);
        } else {
            out.insert("type".into(), json!(["null", ty]));
            out.insert("default".into(), Value::Null);
        }
        let doc = field_doc(f);
        if !doc.is_empty() {
            out.insert("doc".into(), json!(doc));
        }
        Value::Object(out)
    }

    /// The type of one value of `f` (an item, for a list).
    fn value_type(&mut self, f: &FieldView) -> Value {
        match f.kind {
            FieldType::String | FieldType::Email | FieldType::Url | FieldType::Ref => {
                json!("string")
            }
            FieldType::Integer => json!("long"),
            FieldType::Number => json!("double"),
            FieldType::Boolean => json!("boolean"),
            FieldType::Uuid => json!({"type": "string", "logicalType": "uuid"}),
            FieldType::Date => json!({"type": "int", "logicalType": "date"}),
            FieldType::Datetime => json!({"type": "long", "logicalType": "timestamp-millis"}),
            FieldType::Money => self.named("Money", |_| money()),
            FieldType::Enum => {
                let name = f.enum_type.as_ref().map_or("Value", |e| e.name.as_str());
                self.named(&names::avro(name, "Value"), |name| {
                    enumeration(name, &f.values)
                })
            }
            FieldType::Json => json!("string"),
            FieldType::Object => match nested_of(self.nested, f) {
                Some(n) => {
                    let name = names::avro(&n.name, "Record");
                    if self.defined.insert(name.clone()) {
                        self.record(&n.name, &n.description, &n.fields)
                    } else {
                        json!(name)
                    }
                }
                None => json!("string"),
            },
        }
    }

    /// The definition of named type `name` where it is first used, its name after.
    fn named(&mut self, name: &str, define: impl FnOnce(&str) -> Value) -> Value {
        if self.defined.insert(name.to_owned()) {
            define(name)
        } else {
            json!(name)
        }
    }
}

/// The resource `f` nests, if its owner nests one.
fn nested_of<'a>(nested: &'a [NestedSchema], f: &FieldView) -> Option<&'a NestedSchema> {
    let name = f.nests.as_deref()?;
    nested.iter().find(|n| n.name == name)
}

/// The field's description, then what Avro cannot say itself: its constraints, and what a
/// string holds where the JSON contract gives it a format (an email address, a URL, JSON text).
fn field_doc(f: &FieldView) -> String {
    let mut parts: Vec<String> = Vec::new();
    if !f.description.is_empty() {
        parts.push(f.description.clone());
    }
    if !f.constraints.is_empty() {
        parts.push(format!("Constraints: {}.", f.constraints));
    }
    let holds = match f.kind {
        FieldType::Email => "An email address.",
        FieldType::Url => "A URL.",
        FieldType::Json => "A JSON document, as text.",
        FieldType::Object if f.nests.is_none() => "A JSON document, as text.",
        _ => "",
    };
    if !holds.is_empty() {
        parts.push(holds.into());
    }
    parts.join(" ")
}

/// The `Money` record: the JSON contract's `Money`, a decimal-string amount and a currency.
fn money() -> Value {
    json!({
        "type": "record",
        "name": "Money",
        "doc": "An amount of money. The amount is a decimal string so that no precision is lost in binary floating point.",
        "fields": [
            {"name": "amount", "type": "string", "doc": "The amount in the currency's major unit, e.g. `49.90`."},
            {"name": "currency", "type": "string", "doc": "The ISO 4217 currency code."},
        ],
    })
}

/// Enum `name` of `values`, its symbols the values as unique Avro names.
fn enumeration(name: &str, values: &[String]) -> Value {
    let symbols = symbols(values);
    let renamed: Vec<String> = values
        .iter()
        .zip(&symbols)
        .filter(|(v, s)| v != s)
        .map(|(v, s)| format!("`{s}` for `{v}`"))
        .collect();
    let mut e = Map::new();
    e.insert("type".into(), json!("enum"));
    e.insert("name".into(), json!(name));
    if !renamed.is_empty() {
        let doc = format!(
            "Symbols stand for the model's values: {}.",
            renamed.join(", ")
        );
        e.insert("doc".into(), json!(doc));
    }
    e.insert("symbols".into(), json!(symbols));
    Value::Object(e)
}

/// The enum symbols of `values`: each an Avro name, unique (`a-b` and `a_b` -> `a_b`, `a_b_2`).
pub fn symbols(values: &[String]) -> Vec<String> {
    let mut taken = Namer::default();
    values
        .iter()
        .map(|v| taken.unique(&names::avro(v, "VALUE"), "_"))
        .collect()
}

/// `example`, a JSON example of a record of `fields`, as a value of the Avro record.
fn example_record(fields: &[FieldView], nested: &[NestedSchema], example: &Value) -> Value {
    let out = fields.iter().map(|f| {
        let v = example.get(&f.snake).unwrap_or(&Value::Null);
        let v = match v {
            Value::Array(items) if f.list => {
                Value::Array(items.iter().map(|i| example_value(f, nested, i)).collect())
            }
            _ => example_value(f, nested, v),
        };
        (names::avro(&f.snake, "field"), v)
    });
    Value::Object(out.collect())
}

/// One JSON example value of `f` (an item, for a list) as Avro holds it.
fn example_value(f: &FieldView, nested: &[NestedSchema], v: &Value) -> Value {
    if v.is_null() {
        return Value::Null;
    }
    let text = v.as_str();
    match f.kind {
        FieldType::Datetime => text.and_then(epoch_millis).map(Value::from),
        FieldType::Date => text.and_then(epoch_days).map(Value::from),
        FieldType::Enum => text
            .and_then(|t| f.values.iter().position(|x| x == t))
            .map(|i| json!(symbols(&f.values)[i])),
        FieldType::Json => Some(json!(v.to_string())),
        FieldType::Object => Some(match nested_of(nested, f) {
            Some(n) => example_record(&n.fields, &[], v),
            None => json!(v.to_string()),
        }),
        _ => None,
    }
    .unwrap_or_else(|| v.clone())
}

/// Milliseconds since the Unix epoch of an RFC 3339 instant.
fn epoch_millis(text: &str) -> Option<i64> {
    chrono::DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|t| t.timestamp_millis())
}

/// Days since 1970-01-01 of an ISO 8601 date.
fn epoch_days(text: &str) -> Option<i64> {
    let date = chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()?;
    let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1)?;
    Some((date - epoch).num_days())
}

#[cfg(test)]
#[path = "avro_tests.rs"]
mod tests;
