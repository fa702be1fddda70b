//! The questions about a list of typed fields, shared by resources and event payloads.

use super::field_line::{self, FieldLine};
use super::prelude::*;
use crate::interview::flow::Node;
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

/// The questions about the fields of one resource or event: all of them on one line, then the
/// group showing each field with its type (Done accepts them; Edit changes one), then the
/// values of an enum or the target of a reference the line left out. `targets` lists what a
/// `ref` may point to.
pub(crate) fn fields(list: Lens<Vec<Field>>, targets: Targets) -> Vec<Node> {
    let (read, write) = (list.get.clone(), list.set.clone());
    let read_again = list.get.clone();
    let count = list.get.clone();
    let missing = list.get.clone();
    let line = text("fields.line", "Fields, on one line?")
        .help(
            "Comma-separated, e.g. `isbn, title, published_on:date, copies:int?, tags:string[], \
             status:enum(open|lent)`; types are guessed from names, `?` marks optional and `[]` \
             a list, `lines:object(OrderLine)[]` nests a resource; `quantity:int(1..99)`, \
             `name:string(..80)` and `sku:string(/^[A-Z]+$/, e.g. AB)` constrain a field. Leave \
             it empty to add fields one by one.",
        )
        .value(Lens::new(
            move |m, at| FieldLine(read(m, at)),
            move |m, at, v: FieldLine| {
                let merged = field_line::merge(&read_again(m, at), v);
                write(m, at, merged);
            },
        ));
    let details = each(
        "fields.details",
        move |m, at| count(m, at).len(),
        move |m, at| {
            let (i, item) = at.split_last()?;
            let f = missing(m, &item.to_vec()).get(*i)?.clone();
            let lacking =
                (f.ty == FieldType::Enum && f.values.is_empty()) || (nests(f.ty) && f.to.is_none());
            lacking.then(|| format!("Field {} ({})", f.name, spelling(&f.ty)))
        },
    )
    .ask(detail_questions(&list, targets));
    nodes![line, fields_group(list, targets), details]
}

/// The group of fields of one resource or event, each labelled with its type.
fn fields_group(list: Lens<Vec<Field>>, targets: Targets) -> List<Field> {
    let names = list.get.clone();
    let mut item = nodes![
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
    ];
    item.extend(detail_questions(&list, targets));
    item.extend(nodes![
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
    ]);
    group("fields", "field", list.clone())
        .help(
            "Typed fields become JSON Schemas, GraphQL types and protobuf messages; `id` is \
             added for you.",
        )
        // As the one-line answer writes it: `copies: integer?`, `tags: string[]`.
        .label(|f| {
            let optional = if f.optional { "?" } else { "" };
            let list = if f.list { "[]" } else { "" };
            format!("{}: {}{list}{optional}", f.name, spelling(&f.ty))
        })
        .new_item(|_, _| Field::default())
        .ask(item)
}

/// Whether a field of this type names a resource in `to`: a reference or a nested object.
fn nests(ty: FieldType) -> bool {
    matches!(ty, FieldType::Ref | FieldType::Object)
}

/// An enum's values and a reference's target, asked when the field's type needs them.
fn detail_questions(list: &Lens<Vec<Field>>, targets: Targets) -> Vec<Node> {
    let (is_enum, is_ref) = (field(list), field(list));
    nodes![
        text("fields.values", "Allowed values? (separate with `;`)")
            .help("e.g. `pending; paid; shipped`.")
            .value(part(list, |f| f.values.clone(), |f, v| f.values = v))
            .when(move |m, at| is_enum(m, at).ty == FieldType::Enum),
        pick(
            "fields.to",
            "Which resource does it refer to (or nest)?",
            move |m, at| {
                targets(m, at)
                    .into_iter()
                    .map(|t| (t, String::new()))
                    .collect()
            }
        )
        .help("A ref carries its id (GraphQL resolves it); an object nests a copy of its fields.")
        .value(part(
            list,
            |f| f.to.clone().unwrap_or_default(),
            |f, v| f.to = Some(v)
        ))
        .when(move |m, at| nests(is_ref(m, at).ty) && !targets(m, at).is_empty()),
    ]
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
