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
    /// The roles that read it; every caller the operation admits when empty.
    pub read_by: Vec<String>,
    /// Whether it is personal data: marked `personal`, or an email address.
    pub personal: bool,
    /// The states of its resource's lifecycle it is present in; every state when empty.
    pub states: Vec<String>,
    /// Whether it names an owner of its item (`owner`), set when the item is made.
    #[serde(skip)]
    pub owner: bool,
    /// The field's constraints in words, e.g. `at least 1`, for GraphQL and proto comments.
    pub constraints: String,
    /// The same as Markdown, safe to print as is: a pattern in a code span long enough for the
    /// backticks in it.
    pub constraints_md: String,
    /// Description.
    pub description: String,
    /// Enum values, for `enum`.
    pub values: Vec<String>,
    /// The referenced resource's type name, for `ref`.
    pub to: Option<String>,
    /// JSON Schema (OpenAPI 3.1 and AsyncAPI) of the value.
    pub schema: Value,
    /// JSON Schema of the value a client sends (create, patch, action bodies): `schema`,
    /// except that an `object` refers to its resource's input schema.
    pub input_schema: Value,
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
    /// Example value as a client sends it: `example`, except for an `object`.
    pub input_example: Value,
    /// The model's type, for the formats built in Rust from the view (Avro).
    #[serde(skip)]
    pub kind: FieldType,
    /// The schema name of the resource an `object` field nests, when its owner nests one.
    #[serde(skip)]
    pub nests: Option<String>,
}

/// The resource an `object` field nests, as its owner's contract names it.
#[derive(Debug, Clone)]
pub(super) struct Embedded {
    /// Its schema's name, e.g. `OrderLine` (the input schema is `OrderLineInput`).
    pub pascal: String,
    /// Whether a separate `<pascal>Input` schema exists; else clients send `pascal` itself.
    pub has_input: bool,
    /// An example as the server returns it.
    pub example: Value,
    /// An example as a client sends it.
    pub input_example: Value,
}

/// How a field's refs and nested objects resolve in its owner's contract.
pub(super) struct Refs<'a> {
    /// The example id of a referenced resource.
    pub id: &'a dyn Fn(&str) -> Value,
    /// The type name of a referenced resource.
    pub pascal: &'a dyn Fn(&str) -> String,
    /// The id type of a referenced resource.
    pub id_ty: &'a dyn Fn(&str) -> FieldType,
    /// The resource an `object` nests, when its owner can nest it.
    pub embed: &'a dyn Fn(&str) -> Option<Embedded>,
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

pub(super) fn field_view(
    f: &Field,
    owner_pascal: &str,
    field_names: &mut Namer,
    type_names: &mut Namer,
    ctx: &Ctx<'_>,
    refs: &Refs<'_>,
) -> FieldView {
    let (ref_id, ref_pascal, ref_id_ty) = (refs.id, refs.pascal, refs.id_ty);
    let embedded = (f.ty == FieldType::Object)
        .then(|| f.to.as_deref().and_then(refs.embed))
        .flatten();
    let (snake, camel) = unique_names(f, field_names);
    let enum_type =
        (f.ty == FieldType::Enum).then(|| enum_view(f, owner_pascal, &snake, type_names));
    let to = f.to.as_deref().map(ref_pascal);
    let mut description = f.description.clone();
    if f.ty == FieldType::Ref && description.is_empty() {
        description = format!(
            "Id of the referenced {}.",
            f.to.as_deref().unwrap_or_default()
        );
    }
    if !f.read_by.is_empty() {
        let sep = if description.is_empty() { "" } else { " " };
        description = format!(
            "{description}{sep}Returned only to callers with the role {}; omitted for others.",
            crate::text::english::and_list(&f.read_by)
        );
    }
    let (schema, input_schema) = json_schemas(f, embedded.as_ref(), ref_id_ty, &description);
    let base_gql = graphql_base(f, enum_type.as_ref(), embedded.as_ref(), to.as_deref());
    let base_input = match f.ty {
        FieldType::Ref => "ID".to_owned(),
        // GraphQL input types cannot nest output types; the nested value is sent as JSON.
        FieldType::Object => "JSON".into(),
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
    FieldView {
        name: f.name.clone(),
        camel,
        snake,
        ty: crate::text::word(f.ty),
        list: f.list,
        required: !f.optional,
        read_only: f.read_only,
        write_only: f.write_only,
        read_by: f.read_by.clone(),
        personal: f.is_personal(),
        states: f.states.clone(),
        owner: false,
        constraints: constraints_text(f, |p| format!("`{p}`")),
        constraints_md: constraints_text(f, crate::text::escape::markdown_code),
        description,
        values: f.values.clone(),
        to,
        schema,
        input_schema,
        graphql_type: wrap(&base_gql, !f.optional),
        graphql_input_type: wrap(&base_input, !f.optional),
        proto_type: proto_type(f, enum_type.as_ref(), embedded.as_ref(), ref_id_ty),
        enum_type,
        example: nested(f, &embedded, |e| e.example.clone())
            .unwrap_or_else(|| examples::fit(examples::value(f, ctx, ref_id), f)),
        input_example: nested(f, &embedded, |e| e.input_example.clone())
            .unwrap_or_else(|| examples::fit(examples::value(f, ctx, ref_id), f)),
        kind: f.ty,
        nests: embedded.as_ref().map(|e| e.pascal.clone()),
    }
}

/// The field's snake and camel names, both unique among `field_names`: Protocol Buffers
/// rejects fields whose JSON (camel) names clash, and `x_1` and `x1` are both `x1` in camel
/// case. `~` keeps camel keys apart from snake names.
fn unique_names(f: &Field, field_names: &mut Namer) -> (String, String) {
    let base = names::snake(&f.name, "field");
    loop {
        let snake = field_names.unique(&base, "_");
        let camel = names::camel(&snake, "field");
        let key = format!("~{camel}");
        if field_names.unique(&key, "") == key {
            return (snake, camel);
        }
    }
}

/// The enum type of enum field `f` (named `snake`) of `owner_pascal`, its values spelled for
/// GraphQL and Protocol Buffers.
fn enum_view(f: &Field, owner_pascal: &str, snake: &str, type_names: &mut Namer) -> EnumView {
    let name = type_names.unique(
        &format!("{owner_pascal}{}", names::pascal(snake, "Value")),
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
}

/// The field's JSON Schema as read and as sent, with its constraints and `description`.
fn json_schemas(
    f: &Field,
    embedded: Option<&Embedded>,
    ref_id_ty: &dyn Fn(&str) -> FieldType,
    description: &str,
) -> (Value, Value) {
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
        FieldType::Object => match embedded {
            Some(e) => json!({"$ref": format!("#/components/schemas/{}", e.pascal)}),
            None => json!({"type": "object"}),
        },
        FieldType::Ref => id_schema(f.to.as_deref().map_or(FieldType::Uuid, ref_id_ty)),
    };
    constrain(&mut schema, f);
    let mut input_schema = match embedded {
        Some(e) if e.has_input => {
            json!({"$ref": format!("#/components/schemas/{}Input", e.pascal)})
        }
        _ => schema.clone(),
    };
    if f.list {
        schema = json!({"type": "array", "items": schema});
        input_schema = json!({"type": "array", "items": input_schema});
        for array in [&mut schema, &mut input_schema] {
            if let (Some(n), Value::Object(map)) = (f.min_items, &mut *array) {
                map.insert("minItems".into(), json!(n));
            }
            if let (Some(n), Value::Object(map)) = (f.max_items, &mut *array) {
                map.insert("maxItems".into(), json!(n));
            }
        }
    }
    if !description.is_empty() {
        for schema in [&mut schema, &mut input_schema] {
            if let Value::Object(map) = schema {
                // A `$ref` with siblings is valid in OpenAPI 3.1 (JSON Schema 2020-12).
                let mut with_desc = Map::new();
                with_desc.insert("description".into(), Value::String(description.to_owned()));
                with_desc.extend(std::mem::take(map));
                *map = with_desc;
            }
        }
    }
    (schema, input_schema)
}

/// The field's GraphQL type before list and non-null wrapping.
fn graphql_base(
    f: &Field,
    enum_type: Option<&EnumView>,
    embedded: Option<&Embedded>,
    to: Option<&str>,
) -> String {
    match f.ty {
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
        FieldType::Enum => enum_type.map(|e| e.name.clone()).unwrap_or_default(),
        FieldType::Json => "JSON".into(),
        FieldType::Object => embedded.map_or_else(|| "JSON".into(), |e| e.pascal.clone()),
        FieldType::Ref => to.map_or_else(|| "ID".into(), str::to_owned),
    }
}

/// The field's Protocol Buffers type, `repeated` or `optional` where it is so.
fn proto_type(
    f: &Field,
    enum_type: Option<&EnumView>,
    embedded: Option<&Embedded>,
    ref_id_ty: &dyn Fn(&str) -> FieldType,
) -> String {
    let base = match f.ty {
        FieldType::Integer => "int64".to_owned(),
        FieldType::Number => "double".into(),
        FieldType::Boolean => "bool".into(),
        FieldType::Money => "Money".into(),
        FieldType::Datetime => "google.protobuf.Timestamp".into(),
        FieldType::Json => "google.protobuf.Struct".into(),
        FieldType::Object => {
            embedded.map_or_else(|| "google.protobuf.Struct".into(), |e| e.pascal.clone())
        }
        FieldType::Enum => enum_type.map(|e| e.name.clone()).unwrap_or_default(),
        FieldType::Ref if f.to.as_deref().map(ref_id_ty) == Some(FieldType::Integer) => {
            "int64".into()
        }
        _ => "string".into(),
    };
    if f.list {
        format!("repeated {base}")
    } else if f.optional
        && !matches!(
            f.ty,
            FieldType::Money | FieldType::Datetime | FieldType::Json | FieldType::Object
        )
    {
        format!("optional {base}")
    } else {
        base
    }
}

/// The example of a nested object (in a list when the field is one), unless the model gives one.
fn nested(
    f: &Field,
    embedded: &Option<Embedded>,
    pick: impl Fn(&Embedded) -> Value,
) -> Option<Value> {
    let one = pick(embedded.as_ref()?);
    f.example.is_none().then(|| {
        if f.list {
            super::examples::items(f, one)
        } else {
            one
        }
    })
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

/// The constraints in words: `from 1 to 99`, `at most 280 characters`, `matching ^[A-Z]+$`,
/// the pattern shown by `code`.
pub(super) fn constraints_text(f: &Field, code: impl Fn(&str) -> String) -> String {
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
        parts.push(format!("matching {}", code(p)));
    }
    match (f.min_items, f.max_items) {
        (Some(a), Some(b)) => parts.push(format!("{a} to {b} items")),
        (Some(a), None) => parts.push(format!("at least {a} items")),
        (None, Some(b)) => parts.push(format!("at most {b} items")),
        (None, None) => {}
    }
    parts.join(", ")
}

#[cfg(test)]
#[path = "nested_tests.rs"]
mod nested_tests;
