//! An event's payload: its fields (refs carried as ids, examples taken from the publisher's
//! contract) and the resources it embeds as objects, with their nested schemas.

use super::events::NestedSchema;
use super::examples::Ctx;
use super::fields::{Embedded, FieldView, Refs, field_view};
use crate::model::FieldType;
use crate::text::names::{self, Namer};
use serde_json::Value;

/// The example a contract states for a field of the same name and type (an action's
/// `reason`, a resource's `payment_method`): the publisher's own first, else a field of a
/// resource of a consumer of the event, in model order (a legacy publisher has no contract, but its consumer's copy of
/// the data does). The event carries the same value.
fn stated_example(
    all: &[crate::model::Service],
    s: &crate::model::Service,
    event: &String,
    f: &crate::model::Field,
) -> Option<String> {
    let stated = |svc: &crate::model::Service, actions: bool| {
        svc.api
            .resources
            .iter()
            .flat_map(|r| {
                let inputs = r.actions.iter().filter(|_| actions);
                r.fields.iter().chain(inputs.flat_map(|a| a.fields.iter()))
            })
            .find(|x| x.name == f.name && x.ty == f.ty && x.example.is_some())
            .and_then(|x| x.example.clone())
    };
    let consumers = all.iter().filter(|c| c.consumes.contains(event));
    // A consumer's resources hold its copy of the data; its actions' inputs are its own.
    stated(s, true).or_else(|| consumers.into_iter().find_map(|c| stated(c, false)))
}

/// A resource nested in events, by (publisher, resource): its schema and example, shared by
/// every event that embeds it.
pub(super) type Shared = ((String, String), NestedSchema, Value);

/// The resources event `e` of `s` embeds as objects: the schemas it nests (shared through
/// `nested` with the publisher's other events) and each embedding by resource name.
pub(super) fn embedded(
    s: &crate::model::Service,
    e: &crate::model::Event,
    nested: &mut Vec<Shared>,
    enum_names: &mut Namer,
    date: &str,
) -> (Vec<NestedSchema>, Vec<(String, Embedded)>) {
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
        let (schema, example) = match nested.iter().find(|n| n.0 == key) {
            Some(n) => (n.1.clone(), n.2.clone()),
            None => {
                let name = enum_names.unique(&names::pascal(&r.name, "Item"), "");
                let (schema, example) = nested_schema(r, &name, enum_names, date);
                nested.push((key, schema.clone(), example.clone()));
                (schema, example)
            }
        };
        let name = schema.name.clone();
        if !nested_here.iter().any(|n| n.name == name) {
            nested_here.push(schema);
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
    (nested_here, embedded)
}

/// The fields of event `e` of `s`: refs carried as the referenced id, examples taken from the
/// publisher's contract where it states one.
pub(super) fn event_fields(
    all: &[crate::model::Service],
    s: &crate::model::Service,
    e: &crate::model::Event,
    ctx: &Ctx,
    enum_names: &mut Namer,
    embedded: &[(String, Embedded)],
) -> Vec<FieldView> {
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
    let mut field_names = Namer::default();
    let mut views: Vec<FieldView> = e
        .fields
        .iter()
        .map(|f| {
            // Events carry ids, not objects: a ref is the referenced id.
            let mut f = f.clone();
            if f.example.is_none() {
                f.example = stated_example(all, s, &e.name, &f);
            }
            if f.ty == FieldType::Ref {
                f.ty = FieldType::Uuid;
                f.to = None;
            }
            field_view(&f, ctx.owner, &mut field_names, enum_names, ctx, &refs)
        })
        .collect();
    before_and_after(&mut views, &e.fields, ctx.owner);
    views
}

/// Gives a `previous_` or `old_` field an example apart from its current one's where both came
/// out the same (`previous_starts_at` equal to `starts_at` reads as a move to the same slot):
/// a day earlier for a time, one less for a whole number above 1 (else one more), another id.
/// A value the model states for the field itself is kept.
fn before_and_after(views: &mut [FieldView], fields: &[crate::model::Field], owner: &str) {
    for i in 0..views.len() {
        let name = views[i].name.clone();
        let Some(base) = ["previous_", "old_"]
            .iter()
            .find_map(|p| name.strip_prefix(p))
        else {
            continue;
        };
        let Some(now) = views
            .iter()
            .find(|v| v.name == base)
            .map(|v| v.example.clone())
        else {
            continue;
        };
        if views[i].example != now || fields.get(i).is_some_and(|f| f.example.is_some()) {
            continue;
        }
        let earlier = |text: &str| -> Option<Value> {
            if let Ok(t) = chrono::DateTime::parse_from_rfc3339(text) {
                let day = t - chrono::Duration::days(1);
                return Some(Value::from(
                    day.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true),
                ));
            }
            let d = chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()?;
            Some(Value::from((d - chrono::Duration::days(1)).to_string()))
        };
        let apart = match &now {
            Value::String(text) => earlier(text).or_else(|| {
                (views[i].kind == FieldType::Uuid)
                    .then(|| Value::from(super::examples::uuid(&format!("{owner}/{name}"))))
            }),
            Value::Number(n) => n
                .as_i64()
                .map(|n| Value::from(if n > 1 { n - 1 } else { n + 1 })),
            _ => None,
        };
        if let Some(v) = apart {
            views[i].example = v;
        }
    }
}

/// The schema (named `pascal`) and example of resource `r` nested in an event: its declared
/// fields, refs as ids and its own objects as free-form JSON (nesting is one level deep).
fn nested_schema(
    r: &crate::model::Resource,
    pascal: &str,
    types: &mut Namer,
    date: &str,
) -> (NestedSchema, Value) {
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
    let nested = NestedSchema {
        name: pascal.to_owned(),
        schema: Value::Object(schema),
        money: r.fields.iter().any(|f| f.ty == FieldType::Money),
        description: r.description.clone(),
        fields,
    };
    (nested, Value::Object(example))
}
