//! A list's filters as the contracts present them: each model filter with the query parameters
//! (GraphQL and gRPC arguments) it becomes, one for an exact match and two for a range (the
//! naming is `derive::ranges`'s).

use super::fields::FieldView;
use super::resources::ResourceView;
use crate::derive::ranges::{self, BOUNDS};
use crate::model::{FieldType, Resource};
use serde::Serialize;
use serde_json::{Value, json};

/// A field that narrows a list or a subscription.
#[derive(Debug, Clone, Serialize)]
pub struct FilterView {
    /// The field it filters by, as the model names it.
    pub name: String,
    /// The field's query parameter and proto field name, e.g. `customer_id`.
    pub snake: String,
    /// The field's GraphQL name, e.g. `customerId`.
    pub camel: String,
    /// JSON Schema of the field's value.
    pub schema: Value,
    /// GraphQL input type, without `!` (the template adds it for a required filter), e.g.
    /// `OrderStatus`.
    pub graphql_type: String,
    /// Protocol Buffers type, e.g. `optional string`.
    pub proto_type: String,
    /// Example value.
    pub example: Value,
    /// Whether it is the resource's `owner`: a caller with only `:own` permissions gets their
    /// own items whatever they send.
    pub owner: bool,
    /// Whether it is a range: its `params` are the `from` (inclusive) and `to` (exclusive)
    /// bounds.
    pub range: bool,
    /// Whether every list must send it (each of its `params`).
    pub required: bool,
    /// Whether one request sends several values, any of which an item matches: its schema is
    /// an array and its example a list.
    pub any: bool,
    /// The parameters it becomes, in order: the field itself, or the range's two bounds.
    pub params: Vec<FilterParamView>,
}

/// One query parameter, GraphQL argument or List request field of a filter.
#[derive(Debug, Clone, Serialize)]
pub struct FilterParamView {
    /// Query parameter and proto field name, e.g. `starts_at_from`.
    pub snake: String,
    /// GraphQL argument name, e.g. `startsAtFrom`.
    pub camel: String,
    /// `from` or `to` for a range's bound; none for an exact match.
    pub bound: Option<&'static str>,
    /// Whether an item whose field equals the value passes (only a range's `to` is exclusive).
    pub inclusive: bool,
    /// What an item's field must be to pass, after "whose `x`", e.g. `is this value` or `is
    /// before this instant (exclusive)`.
    pub matches: &'static str,
    /// JSON Schema of the value.
    pub schema: Value,
    /// Example value.
    pub example: Value,
    /// Its place among the resource's filter parameters, from 1 (proto field numbers follow it).
    pub index: usize,
}

/// The filters of `r`, whose fields `v` has already built.
pub(super) fn filters(v: &ResourceView, r: &Resource) -> Vec<FilterView> {
    let mut index = 0;
    r.filters
        .iter()
        .filter_map(|filter| {
            let f = v.fields.iter().find(|f| f.name == filter.field())?;
            let ty = r.fields.iter().find(|x| x.name == f.name)?.ty;
            let any = filter.any() && !filter.range();
            let params = if filter.range() {
                bounds(f, ty, &mut index)
            } else {
                index += 1;
                vec![FilterParamView {
                    snake: f.snake.clone(),
                    camel: f.camel.clone(),
                    bound: None,
                    inclusive: true,
                    matches: if any { ranges::ANY } else { ranges::EXACT },
                    schema: if any {
                        json!({"type": "array", "items": query_schema(&f.schema), "minItems": 1, "maxItems": crate::model::ANY_VALUES_MAX})
                    } else {
                        query_schema(&f.schema)
                    },
                    example: if any {
                        json!([f.example])
                    } else {
                        f.example.clone()
                    },
                    index,
                }]
            };
            let single = f.graphql_input_type.trim_end_matches('!');
            Some(FilterView {
                name: f.name.clone(),
                snake: f.snake.clone(),
                camel: f.camel.clone(),
                schema: f.schema.clone(),
                graphql_type: if any {
                    format!("[{single}!]")
                } else {
                    single.to_owned()
                },
                // Enums are declared inside the resource's message.
                proto_type: {
                    let label = if any { "repeated" } else { "optional" };
                    match &f.enum_type {
                        Some(e) => format!("{label} {}.{}", v.pascal, e.name),
                        None => format!("{label} {}", f.proto_type.trim_start_matches("optional ")),
                    }
                },
                example: f.example.clone(),
                owner: r.owner.as_ref().is_some_and(|o| o.names(&f.name)),
                range: filter.range(),
                required: filter.required(),
                any,
                params,
            })
        })
        .collect()
}

/// A field's schema as a query parameter's: without the field's description, which tells
/// what the stored value is (the parameter says what it matches), or its read-only and
/// write-only marks, which say nothing of a query.
fn query_schema(schema: &Value) -> Value {
    let mut out = schema.clone();
    if let Value::Object(map) = &mut out {
        for key in ["description", "readOnly", "writeOnly"] {
            map.shift_remove(key);
        }
    }
    out
}

/// The two bounds of a range on `f`, of type `ty`, numbered on from `index`.
fn bounds(f: &FieldView, ty: FieldType, index: &mut usize) -> Vec<FilterParamView> {
    // A bound is a query, not a stored value: to reach a `maximum: 99` the exclusive `to`
    // must be 100, so the field's own limits do not bind it.
    let mut schema = query_schema(&f.schema);
    if let Value::Object(map) = &mut schema {
        for limit in ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"] {
            map.remove(limit);
        }
    }
    BOUNDS
        .iter()
        .zip(ranges::examples(ty, &f.example))
        .map(|(bound, example)| {
            *index += 1;
            FilterParamView {
                snake: bound.param(&f.snake),
                camel: bound.camel_param(&f.camel),
                bound: Some(bound.word()),
                inclusive: bound.inclusive(),
                matches: bound.matches(ty),
                schema: schema.clone(),
                example,
                index: *index,
            }
        })
        .collect()
}
