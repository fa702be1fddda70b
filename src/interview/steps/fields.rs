//! The questions about a list of typed fields, shared by resources and event payloads.

use super::prelude::*;
use crate::interview::list::List;
use crate::model::{Field, FieldType};

/// The resources a `ref` field may point to.
pub(crate) type Targets = fn(&Model, &At) -> Vec<String>;

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

/// The field at `at` (its index last), through the lens on its resource's or event's list.
fn field(list: &Lens<Vec<Field>>) -> impl Fn(&Model, &At) -> Field + 'static {
    let get = list.get.clone();
    move |m, at| {
        let (i, item) = at.split_last().expect("a field index");
        get(m, &item.to_vec())[*i].clone()
    }
}

/// A lens on one part of the field at `at`.
fn part<T: 'static>(
    list: &Lens<Vec<Field>>,
    get: fn(&Field) -> T,
    set: fn(&mut Field, T),
) -> Lens<T> {
    let read = field(list);
    let list = list.clone();
    Lens::new(
        move |m, at| get(&read(m, at)),
        move |m, at, v| {
            let (i, item) = at.split_last().expect("a field index");
            let item = item.to_vec();
            let mut fields = (list.get)(m, &item);
            set(&mut fields[*i], v);
            (list.set)(m, &item, fields);
        },
    )
}

/// The group of fields of one resource or event; `targets` lists what a `ref` may point to.
pub(crate) fn fields_group(
    id: &'static str,
    list: Lens<Vec<Field>>,
    targets: Targets,
) -> List<Field> {
    let names = list.get.clone();
    let (is_enum, is_ref) = (field(&list), field(&list));
    group(id, "field", list.clone())
        .help(
            "Typed fields become JSON Schemas, GraphQL types and protobuf messages; `id` is \
             added for you.",
        )
        .label(|f| f.name.clone())
        .new_item(|_, _| Field {
            name: String::new(),
            ty: FieldType::String,
            values: Vec::new(),
            to: None,
            list: false,
            optional: false,
            description: String::new(),
            example: None,
            ..Default::default()
        })
        .ask(nodes![
            text("fields.name", "Field name")
                .help(
                    "snake_case reads well in every format, e.g. `total_amount`; each format \
                     gets its own case.",
                )
                .value(part(
                    &list,
                    |f| f.name.clone(),
                    |f, v| {
                        if f.name.is_empty() {
                            f.ty = guess_type(&v);
                        }
                        f.name = v;
                    }
                ))
                .check(distinct(move |m, at| {
                    let item = at[..at.len() - 1].to_vec();
                    names(m, &item).iter().map(|f| f.name.clone()).collect()
                })),
            choice("fields.type", "Type?")
                .help(
                    "Guessed from the name; money is a decimal string with a currency, never a \
                     float.",
                )
                .value(part(&list, |f| Some(f.ty), |f, v| f.ty = v.unwrap_or(f.ty))),
            text("fields.values", "Allowed values? (separate with `;`)")
                .help("e.g. `pending; paid; shipped`.")
                .value(part(&list, |f| f.values.clone(), |f, v| f.values = v))
                .when(move |m, at| is_enum(m, at).ty == FieldType::Enum),
            pick(
                "fields.to",
                "Which resource does it refer to?",
                move |m, at| {
                    targets(m, at)
                        .into_iter()
                        .map(|t| (t, String::new()))
                        .collect()
                }
            )
            .help("REST and events carry its id; GraphQL resolves the object.")
            .value(part(
                &list,
                |f| f.to.clone().unwrap_or_default(),
                |f, v| f.to = Some(v)
            ))
            .when(move |m, at| {
                is_ref(m, at).ty == FieldType::Ref && !targets(m, at).is_empty()
            }),
            confirm("fields.list", "Does it hold a list of values?")
                .help("A list becomes an array, a GraphQL list or a repeated field.")
                .value(part(&list, |f| f.list, |f, v| f.list = v)),
            confirm("fields.optional", "May it be absent?")
                .help("Required fields are validated on every request and never null.")
                .value(part(&list, |f| f.optional, |f, v| f.optional = v)),
            text("fields.description", "What does it mean? (optional)")
                .help("Shown in the contracts and generated clients.")
                .value(part(
                    &list,
                    |f| f.description.clone(),
                    |f, v| f.description = v
                )),
        ])
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
