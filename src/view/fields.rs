//! A field in every format: JSON Schema, GraphQL type, Protocol Buffers type, enum names and an
//! example value.

use super::examples::{self, Ctx};
use crate::model::{Field, FieldType};
use crate::text::names::{self, Namer};
use serde::Serialize;
use serde_json::{Map, Value, json};

/// A field of a resource or event.
#[derive(Debug, Clone, Serialize)]
pub struct FieldView {
    /// Name from the model.
    pub name: String,
    /// `totalAmount`.
    pub camel: String,
    /// `total_amount`: the JSON property and proto field name, unique in its owner.
    pub snake: String,
    /// The model's type name, e.g. `money`.
    pub ty: String,
    /// Whether it holds a list.
    pub list: bool,
    /// Whether it is required.
    pub required: bool,
    /// Whether the server sets it (the id, or a field the model marks `read_only`).
    pub read_only: bool,
    /// Whether clients send it but never read it back.
    pub write_only: bool,
    /// The field's constraints in words, e.g. `at least 1`, for GraphQL and proto comments.
    pub constraints: String,
    /// Description.
    pub description: String,
    /// Enum values, for `enum`.
    pub values: Vec<String>,
    /// The referenced resource's type name, for `ref`.
    pub to: Option<String>,
    /// JSON Schema (OpenAPI 3.1 and AsyncAPI) of the value.
    pub schema: Value,
    /// GraphQL output type, e.g. `[String!]!`.
    pub graphql_type: String,
    /// GraphQL input type (refs become `ID`).
    pub graphql_input_type: String,
    /// Protocol Buffers type, e.g. `repeated string`.
    pub proto_type: String,
    /// The enum type this field declares, for `enum`.
    pub enum_type: Option<EnumView>,
    /// Example value.
    pub example: Value,
}

/// An enum type declared by a field.
#[derive(Debug, Clone, Serialize)]
pub struct EnumView {
    /// Type name, unique in its API, e.g. `OrderStatus`.
    pub name: String,
    /// Protocol Buffers value prefix, e.g. `ORDER_STATUS`.
    pub prefix: String,
    /// Values.
    pub values: Vec<EnumValue>,
}

/// One enum value in every format.
#[derive(Debug, Clone, Serialize)]
pub struct EnumValue {
    /// As the model writes it (JSON value).
    pub value: String,
    /// GraphQL enum value, e.g. `IN_PROGRESS`.
    pub graphql: String,
    /// Protocol Buffers enum value, e.g. `ORDER_STATUS_IN_PROGRESS`.
    pub proto: String,
}

/// The JSON Schema of an id of the given type.
pub fn id_schema(ty: FieldType) -> Value {
    match ty {
        FieldType::Integer => json!({"type": "integer", "format": "int64"}),
        FieldType::Uuid => json!({"type": "string", "format": "uuid"}),
        _ => json!({"type": "string"}),
    }
}

#[allow(clippy::too_many_arguments)]
pub(super) fn field_view(
    f: &Field,
    owner_pascal: &str,
    field_names: &mut Namer,
    type_names: &mut Namer,
    ctx: &Ctx<'_>,
    ref_id: &impl Fn(&str) -> Value,
    ref_pascal: &impl Fn(&str) -> String,
    ref_id_ty: &impl Fn(&str) -> FieldType,
) -> FieldView {
    // Both names unique: Protocol Buffers rejects fields whose JSON (camel) names clash, and
    // `x_1` and `x1` are both `x1` in camel case. `~` keeps camel keys apart from snake names.
    let base = names::snake(&f.name, "field");
    let (snake, camel) = loop {
        let snake = field_names.unique(&base, "_");
        let camel = names::camel(&snake, "field");
        let key = format!("~{camel}");
        if field_names.unique(&key, "") == key {
            break (snake, camel);
        }
    };
    let enum_type = (f.ty == FieldType::Enum).then(|| {
        let name = type_names.unique(
            &format!("{owner_pascal}{}", names::pascal(&snake, "Value")),
            "",
        );
        let prefix = names::shouty(&name, "VALUE");
        let mut gql = Namer::reserving(["true", "false", "null"]);
        let mut proto = Namer::reserving([format!("{prefix}_UNSPECIFIED").as_str()]);
        let values = f
            .values
            .iter()
            .map(|v| {
                let base = names::shouty(v, "VALUE");
                EnumValue {
                    value: v.clone(),
                    graphql: gql.unique(&base, "_"),
                    proto: proto.unique(&format!("{prefix}_{base}"), "_"),
                }
            })
            .collect();
        EnumView {
            name,
            prefix,
            values,
        }
    });
    let to = f.to.as_deref().map(ref_pascal);
    let mut schema = match f.ty {
        FieldType::String => json!({"type": "string"}),
        FieldType::Integer => json!({"type": "integer", "format": "int64"}),
        FieldType::Number => json!({"type": "number", "format": "double"}),
        FieldType::Boolean => json!({"type": "boolean"}),
        FieldType::Uuid => json!({"type": "string", "format": "uuid"}),
        FieldType::Date => json!({"type": "string", "format": "date"}),
        FieldType::Datetime => json!({"type": "string", "format": "date-time"}),
        FieldType::Email => json!({"type": "string", "format": "email"}),
        FieldType::Url => json!({"type": "string", "format": "uri"}),
        FieldType::Money => json!({"$ref": "#/components/schemas/Money"}),
        FieldType::Enum => json!({"type": "string", "enum": f.values}),
        FieldType::Json => json!({"type": "object"}),
        FieldType::Ref => id_schema(f.to.as_deref().map_or(FieldType::Uuid, ref_id_ty)),
    };
    constrain(&mut schema, f);
    if f.list {
        schema = json!({"type": "array", "items": schema});
    }
    let mut description = f.description.clone();
    if f.ty == FieldType::Ref && description.is_empty() {
        description = format!(
            "Id of the referenced {}.",
            f.to.as_deref().unwrap_or_default()
        );
    }
    if !description.is_empty() {
        if let Value::Object(map) = &mut schema {
            // A `$ref` with siblings is valid in OpenAPI 3.1 (JSON Schema 2020-12).
            let mut with_desc = Map::new();
            with_desc.insert("description".into(), Value::String(description.clone()));
            with_desc.extend(std::mem::take(map));
            *map = with_desc;
        }
    }
    let base_gql = match f.ty {
        FieldType::String | FieldType::Email | FieldType::Url => "String".to_owned(),
        FieldType::Integer => "Int".into(),
        FieldType::Number => "Float".into(),
        FieldType::Boolean => "Boolean".into(),
        FieldType::Uuid => {
            if f.name.eq_ignore_ascii_case("id") {
                "ID".into()
            } else {
                "String".into()
            }
        }
        FieldType::Date => "Date".into(),
        FieldType::Datetime => "DateTime".into(),
        FieldType::Money => "Money".into(),
        FieldType::Enum => enum_type
            .as_ref()
            .map(|e| e.name.clone())
            .unwrap_or_default(),
        FieldType::Json => "JSON".into(),
        FieldType::Ref => to.clone().unwrap_or_else(|| "ID".into()),
    };
    let base_input = match f.ty {
        FieldType::Ref => "ID".to_owned(),
        FieldType::Money => "MoneyInput".into(),
        _ => base_gql.clone(),
    };
    let wrap = |t: &str, required: bool| {
        let inner = if f.list {
            format!("[{t}!]")
        } else {
            t.to_owned()
        };
        if required { format!("{inner}!") } else { inner }
    };
    let proto_base = match f.ty {
        FieldType::Integer => "int64".to_owned(),
        FieldType::Number => "double".into(),
        FieldType::Boolean => "bool".into(),
        FieldType::Money => "Money".into(),
        FieldType::Datetime => "google.protobuf.Timestamp".into(),
        FieldType::Json => "google.protobuf.Struct".into(),
        FieldType::Enum => enum_type
            .as_ref()
            .map(|e| e.name.clone())
            .unwrap_or_default(),
        FieldType::Ref if f.to.as_deref().map(ref_id_ty) == Some(FieldType::Integer) => {
            "int64".into()
        }
        _ => "string".into(),
    };
    let proto_type = if f.list {
        format!("repeated {proto_base}")
    } else if f.optional
        && !matches!(
            f.ty,
            FieldType::Money | FieldType::Datetime | FieldType::Json
        )
    {
        format!("optional {proto_base}")
    } else {
        proto_base
    };
    FieldView {
        name: f.name.clone(),
        camel,
        snake,
        ty: type_name(f.ty).into(),
        list: f.list,
        required: !f.optional,
        read_only: f.read_only,
        write_only: f.write_only,
        constraints: constraints_text(f),
        description,
        values: f.values.clone(),
        to,
        schema,
        graphql_type: wrap(&base_gql, !f.optional),
        graphql_input_type: wrap(&base_input, !f.optional),
        proto_type,
        enum_type,
        example: examples::fit(examples::value(f, ctx, ref_id), f),
    }
}

/// Adds the model's constraints to the value's JSON Schema (the items' schema of a list).
fn constrain(schema: &mut Value, f: &Field) {
    let Value::Object(map) = schema else { return };
    let mut put = |key: &str, value: Value| {
        map.insert(key.into(), value);
    };
    if let Some(min) = f.min {
        put("minimum", number(min));
    }
    if let Some(max) = f.max {
        put("maximum", number(max));
    }
    if let Some(n) = f.min_length {
        put("minLength", json!(n));
    }
    if let Some(n) = f.max_length {
        put("maxLength", json!(n));
    }
    if let Some(p) = &f.pattern {
        put("pattern", json!(p));
    }
}

/// A bound as JSON: a whole number when it is one, so `1` stays `1` and not `1.0`.
pub(super) fn number(value: f64) -> Value {
    if value.fract() == 0.0 && value.abs() < 9.0e15 {
        json!(value as i64)
    } else {
        json!(value)
    }
}

/// The constraints in words: `from 1 to 99`, `at most 280 characters`, `matching ^[A-Z]+$`.
pub(super) fn constraints_text(f: &Field) -> String {
    let show = |v: f64| number(v).to_string();
    let mut parts = Vec::new();
    match (f.min, f.max) {
        (Some(a), Some(b)) => parts.push(format!("from {} to {}", show(a), show(b))),
        (Some(a), None) => parts.push(format!("at least {}", show(a))),
        (None, Some(b)) => parts.push(format!("at most {}", show(b))),
        (None, None) => {}
    }
    match (f.min_length, f.max_length) {
        (Some(a), Some(b)) => parts.push(format!("{a} to {b} characters")),
        (Some(a), None) => parts.push(format!("at least {a} characters")),
        (None, Some(b)) => parts.push(format!("at most {b} characters")),
        (None, None) => {}
    }
    if let Some(p) = &f.pattern {
        parts.push(format!("matching `{p}`"));
    }
    parts.join(", ")
}

fn type_name(ty: FieldType) -> &'static str {
    match ty {
        FieldType::String => "string",
        FieldType::Integer => "integer",
        FieldType::Number => "number",
        FieldType::Boolean => "boolean",
        FieldType::Uuid => "uuid",
        FieldType::Date => "date",
        FieldType::Datetime => "datetime",
        FieldType::Email => "email",
        FieldType::Url => "url",
        FieldType::Money => "money",
        FieldType::Enum => "enum",
        FieldType::Json => "json",
        FieldType::Ref => "ref",
    }
}
