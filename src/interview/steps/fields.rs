//! The questions about a list of typed fields, shared by resources and event payloads.

use super::{group, unique_among};
use crate::interview::ask::{any, choice, confirm, list, pick, text};
use crate::interview::flow::{Group, Node};
use crate::model::{Field, FieldType, Model};

/// Reads the field list of the item at `at` (the field index is not part of `at`).
pub(crate) type Fields = for<'a> fn(&'a Model, &[usize]) -> &'a Vec<Field>;
/// Writes the field list of the item at `at`.
pub(crate) type FieldsMut = for<'a> fn(&'a mut Model, &[usize]) -> &'a mut Vec<Field>;
/// The resources a `ref` field may point to.
pub(crate) type Targets = fn(&Model, &[usize]) -> Vec<String>;

/// A type guessed from a field's name: `customer_id` is a uuid, `placed_at` a datetime.
pub(crate) fn guess_type(name: &str) -> FieldType {
    let n = name.to_lowercase();
    let ends = |s: &str| n.ends_with(s);
    if n == "id" || ends("_id") || ends("_uuid") || (name.ends_with("Id") && name.len() > 2) {
        FieldType::Uuid
    } else if ends("_at") || n.contains("timestamp") {
        FieldType::Datetime
    } else if ends("_on") || ends("date") {
        FieldType::Date
    } else if n.contains("email") {
        FieldType::Email
    } else if n.contains("url") || n.contains("link") {
        FieldType::Url
    } else if ["price", "amount", "total", "cost", "balance"]
        .iter()
        .any(|w| n.contains(w))
    {
        FieldType::Money
    } else if n.starts_with("is_")
        || n.starts_with("has_")
        || ["active", "enabled", "done", "read"].contains(&n.as_str())
    {
        FieldType::Boolean
    } else if ["count", "quantity", "qty", "age", "size", "position"]
        .iter()
        .any(|w| n.contains(w))
    {
        FieldType::Integer
    } else if ["status", "state", "kind", "type", "role"]
        .iter()
        .any(|w| n == *w || ends(&format!("_{w}")))
    {
        FieldType::Enum
    } else {
        FieldType::String
    }
}

fn at_item(at: &[usize]) -> &[usize] {
    &at[..at.len() - 1]
}

/// The group of fields of one resource or event.
pub(crate) fn fields_group(
    id: &'static str,
    get: Fields,
    get_mut: FieldsMut,
    targets: Targets,
) -> Group {
    let field =
        move |m: &Model, at: &[usize]| -> Field { get(m, at_item(at))[at[at.len() - 1]].clone() };
    let with = move |m: &mut Model, at: &[usize], f: &dyn Fn(&mut Field)| {
        let i = at[at.len() - 1];
        f(&mut get_mut(m, at_item(at))[i]);
    };
    group(
        id,
        "field",
        "Typed fields become JSON Schemas, GraphQL types and protobuf messages; `id` is added for you.",
        move |m, at| get(m, at).iter().map(|f| f.name.clone()).collect(),
        move |m, at| {
            get_mut(m, at).push(Field {
                name: String::new(),
                ty: FieldType::String,
                values: Vec::new(),
                to: None,
                list: false,
                optional: false,
                description: String::new(),
                example: None,
            })
        },
        move |m, at, i| {
            get_mut(m, at).remove(i);
        },
        vec![
            Node::Ask(text(
                "fields.name",
                "Field name",
                "snake_case reads well in every format, e.g. `total_amount`; each format gets its own case.",
                move |m, at| field(m, at).name,
                move |m, at, v| {
                    let guessed = guess_type(&v);
                    with(m, at, &|f| {
                        if f.name.is_empty() {
                            f.ty = guessed;
                        }
                        f.name = v.clone();
                    })
                },
                |_, _| String::new(),
                move |m, at, v| unique_among(get(m, at_item(at)).iter().map(|f| f.name.clone()).collect(), &field(m, at).name, v),
            )),
            Node::Ask(choice(
                "fields.type",
                "Type?",
                "Guessed from the name; money is a decimal string with a currency, never a float.",
                move |m, at| Some(field(m, at).ty),
                move |m, at, v| with(m, at, &|f| f.ty = v),
                move |m, at| guess_type(&field(m, at).name),
            )),
            Node::Ask(
                list(
                    "fields.values",
                    "Allowed values? (separate with `;`)",
                    "e.g. `pending; paid; shipped`.",
                    move |m, at| field(m, at).values,
                    move |m, at, v| with(m, at, &|f| f.values = v.clone()),
                )
                .when(move |m, at| field(m, at).ty == FieldType::Enum),
            ),
            Node::Ask(
                pick(
                    "fields.to",
                    "Which resource does it refer to?",
                    "REST and events carry its id; GraphQL resolves the object.",
                    move |m, at| targets(m, at).into_iter().map(|t| (t, String::new())).collect(),
                    move |m, at| field(m, at).to.unwrap_or_default(),
                    move |m, at, v| with(m, at, &|f| f.to = Some(v.clone())),
                )
                .when(move |m, at| field(m, at).ty == FieldType::Ref && !targets(m, at).is_empty()),
            ),
            Node::Ask(confirm(
                "fields.list",
                "Does it hold a list of values?",
                "A list becomes an array, a GraphQL list or a repeated field.",
                move |m, at| field(m, at).list,
                move |m, at, v| with(m, at, &|f| f.list = v),
            )),
            Node::Ask(confirm(
                "fields.optional",
                "May it be absent?",
                "Required fields are validated on every request and never null.",
                move |m, at| field(m, at).optional,
                move |m, at, v| with(m, at, &|f| f.optional = v),
            )),
            Node::Ask(text(
                "fields.description",
                "What does it mean? (optional)",
                "Shown in the contracts and generated clients.",
                move |m, at| field(m, at).description,
                move |m, at, v| with(m, at, &|f| f.description = v.clone()),
                |_, _| String::new(),
                any,
            )),
        ],
    )
    .suggest(2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guesses_types_from_names() {
        assert_eq!(guess_type("customer_id"), FieldType::Uuid);
        assert_eq!(guess_type("placed_at"), FieldType::Datetime);
        assert_eq!(guess_type("total"), FieldType::Money);
        assert_eq!(guess_type("status"), FieldType::Enum);
        assert_eq!(guess_type("quantity"), FieldType::Integer);
        assert_eq!(guess_type("title"), FieldType::String);
        assert_eq!(guess_type("is_active"), FieldType::Boolean);
        assert_eq!(guess_type("valid"), FieldType::String);
    }
}
