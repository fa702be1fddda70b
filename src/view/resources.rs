//! A service's resources as contract templates need them: type, field and path names made
//! unique for every format, nested paths, JSON Schemas per field and example bodies.

use super::actions::{ActionView, ProblemUse};
use super::examples::{self, Ctx};
use super::fields::{Embedded, FieldView, Refs, field_view};
use super::filters::FilterView;
use super::operations::{OperationView, operations};
use crate::model::{Concurrency, Field, FieldType, Operation, Pagination, Resource};
use crate::text::english::{plural, with_article};
use crate::text::names::{self, Namer};
use serde::Serialize;
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Type names every API reserves: GraphQL's own and the shared contract components.
const RESERVED_TYPES: [&str; 16] = [
    "Query",
    "Mutation",
    "Subscription",
    "String",
    "Int",
    "Float",
    "Boolean",
    "ID",
    "PageInfo",
    "DateTime",
    "Date",
    "JSON",
    "Money",
    "Problem",
    "Node",
    "ChangeKind",
];

/// A resource.
#[derive(Debug, Clone, Serialize)]
pub struct ResourceView {
    /// Name from the model.
    pub name: String,
    /// The order a list returns its items in, in words: by its first range filter's field
    /// (a day's appointments by `starts_at`), by its lookup key, else newest first.
    pub order: String,
    /// The most items a page of its list returns (`max_page_size`, else 100).
    pub page_max: u32,
    /// The items a page returns when the caller asks for no number: 20, or for a list that
    /// must name the items it wants by their key (a required `any` filter on the key or id,
    /// up to 100 values), as many as it may name, so one call answers them all.
    pub page_default: u32,
    /// Plural from the model or derived.
    pub plural: String,
    /// Type name, unique in the API, e.g. `Order`.
    pub pascal: String,
    /// Plural type name, e.g. `Orders`.
    pub plural_pascal: String,
    /// `order`.
    pub camel: String,
    /// `orders`, unique among the API's query fields.
    pub plural_camel: String,
    /// `order`.
    pub snake: String,
    /// The name after its indefinite article, e.g. `an Order`.
    pub a_name: String,
    /// Description.
    pub description: String,
    /// Collection path, e.g. `/v1/orders/{orderId}/lines`.
    pub collection_path: String,
    /// Item path, e.g. `/v1/orders/{orderId}/lines/{lineId}`.
    pub item_path: String,
    /// The item's path parameter, e.g. `lineId`, or its key's, e.g. `sku`.
    pub id_param: String,
    /// The field items are looked up by when it is not the id (`key` in the model), as its
    /// JSON property and proto field name, e.g. `sku`.
    pub key: Option<String>,
    /// The index in `fields` of the field items are looked up by: the id, or the key.
    pub id_index: usize,
    /// The GraphQL argument naming one item: `id`, or the key's, e.g. `sku`.
    pub id_arg: String,
    /// What that argument or parameter is, e.g. `Id of the Order.`.
    pub id_doc: String,
    /// Path parameters of the collection path (the parents' ids).
    pub parent_params: Vec<ParamView>,
    /// Every field, `id` first.
    pub fields: Vec<FieldView>,
    /// Fields a client sends on create (not read-only).
    pub input_fields: Vec<FieldView>,
    /// Whether another resource or an action nests it (`type: object`), so its contract has an
    /// input schema even without a create operation.
    pub nested_input: bool,
    /// Operations offered.
    pub operations: Vec<OperationView>,
    /// Operations offered, by name: `offers.create`.
    pub offers: BTreeMap<String, bool>,
    /// An example of the resource.
    pub example: Value,
    /// An example create request.
    pub input_example: Value,
    /// The id field's example value.
    pub id_example: Value,
    /// The id field's JSON Schema.
    pub id_schema: Value,
    /// Actions on one item beyond CRUD, e.g. `cancel`.
    pub actions: Vec<ActionView>,
    /// Whether the model names its operations (`operations`), rather than leaving it the
    /// list, get, create, update and delete every resource gets by default.
    pub operations_stated: bool,
    /// Query parameters (GraphQL and gRPC arguments) that narrow the list and the stream.
    pub filters: Vec<FilterView>,
    /// Whether writes use optimistic concurrency (`ETag`, `If-Match`, `412`).
    pub etag: bool,
    /// Whether it holds personal data (a field marked personal, an email, or an id that
    /// leads to a person), so its responses send `Cache-Control: no-store`.
    pub personal: bool,
    /// The fields a client reads (all but the write-only ones).
    pub readable_fields: Vec<FieldView>,
    /// Fields only the server sets, besides the id.
    pub server_owned: Vec<String>,
    /// The fields naming an item's owner (`owner`), which `:own` permissions are checked
    /// against; empty when the resource names none.
    pub owners: Vec<String>,
    /// Each domain problem with the operations that answer with it.
    pub problems: Vec<ProblemUse>,
}

/// A path parameter.
#[derive(Debug, Clone, Serialize)]
pub struct ParamView {
    /// Name, e.g. `orderId`.
    pub name: String,
    /// The resource it identifies.
    pub resource: String,
    /// What it is, e.g. `Id of the Order.` or `The sku of the StockLevel, unique to it.`.
    pub description: String,
    /// Its schema.
    pub schema: Value,
    /// Its example value.
    pub example: Value,
}

/// A resource's names, unique in its API.
pub(super) struct Named<'a> {
    pub r: &'a Resource,
    pub pascal: String,
    pub plural: String,
    pub plural_pascal: String,
    segment: String,
}

/// A resource's paths: the collection's, the item's, the item's id parameter and the
/// parents' parameters of the collection path.
#[derive(Clone)]
pub(super) struct Paths {
    pub collection: String,
    pub item: String,
    pub id_param: String,
    pub parents: Vec<ParamView>,
    /// The item's own parameter, its schema and example those of the field it names.
    pub item_param: ParamView,
}

/// A resource's example bodies: one item, a create request, a page of items.
pub(super) struct Bodies {
    pub example: Value,
    /// The item as a create returns it: without the optional server-set fields, which later
    /// events or actions fill in (an id from another system, who cancelled it).
    pub created: Value,
    pub input: Value,
    pub page: Value,
}

/// Every resource of an API, and the type names it took (events and enums take theirs after).
pub(super) fn resources(
    model: &[Resource],
    prefix: &str,
    pagination: Pagination,
    date: &str,
    service_type: &str,
) -> (Vec<ResourceView>, Namer) {
    let mut types = Namer::reserving(RESERVED_TYPES);
    types.unique(service_type, "");
    let named = name_all(model, &mut types);
    let by_name: HashMap<&str, &Named> = named.iter().map(|n| (n.r.name.as_str(), n)).collect();
    let ref_id = |name: &str| match model.iter().find(|r| r.name == name) {
        Some(r) => examples::id_for(&by_name[name].pascal, id_type(r)),
        None => Value::Null,
    };
    let ref_pascal = |name: &str| {
        by_name
            .get(name)
            .map(|n| n.pascal.clone())
            .unwrap_or_default()
    };
    let ref_id_ty = |name: &str| {
        model
            .iter()
            .find(|r| r.name == name)
            .map_or(FieldType::Uuid, id_type)
    };
    let paths: HashMap<&str, Paths> = named
        .iter()
        .map(|n| (n.r.name.as_str(), paths_of(n, &by_name, prefix, date)))
        .collect();
    // Two passes: a nested object's example is its resource's, known after the first.
    let nested: BTreeSet<&str> = model
        .iter()
        .flat_map(|r| {
            r.fields
                .iter()
                .chain(r.actions.iter().flat_map(|a| &a.fields))
        })
        .filter(|f| f.ty == FieldType::Object)
        .filter_map(|f| f.to.as_deref())
        .collect();
    let none = |_: &str| None;
    let refs = Refs {
        id: &ref_id,
        pascal: &ref_pascal,
        id_ty: &ref_id_ty,
        embed: &none,
    };
    let first = build_all(&named, &paths, &refs, types.clone(), pagination, date);
    let embed = |name: &str| {
        let v = first.0.iter().find(|v| v.name == name)?;
        Some(Embedded {
            pascal: v.pascal.clone(),
            has_input: true,
            example: v.example.clone(),
            input_example: v.input_example.clone(),
        })
    };
    let refs = Refs {
        embed: &embed,
        ..refs
    };
    let (mut views, types) = build_all(&named, &paths, &refs, types, pagination, date);
    for v in &mut views {
        v.nested_input = nested.contains(v.name.as_str());
    }
    (views, types)
}

/// The views of every named resource, with the API's type names taken from `types`.
fn build_all(
    named: &[Named],
    paths: &HashMap<&str, Paths>,
    refs: &Refs<'_>,
    mut types: Namer,
    pagination: Pagination,
    date: &str,
) -> (Vec<ResourceView>, Namer) {
    let mut gql_fields = Namer::default();
    let views = named
        .iter()
        .map(|n| {
            let ctx = Ctx {
                owner: &n.pascal,
                date,
            };
            let mut enum_namer = types.clone();
            let fields = fields_of(n, &mut enum_namer, |f, field_names, type_names| {
                field_view(f, &n.pascal, field_names, type_names, &ctx, refs)
            });
            types = enum_namer;
            let paths = paths[n.r.name.as_str()].clone();
            resource(n, fields, paths, pagination, &mut gql_fields)
        })
        .collect();
    (views, types)
}

/// The type of a resource's id: its `id` field's, or a UUID.
fn id_type(r: &Resource) -> FieldType {
    r.fields
        .iter()
        .find(|f| f.name.eq_ignore_ascii_case("id"))
        .map_or(FieldType::Uuid, |f| f.ty)
}

/// Names every resource in model order; every name generated from a resource's type name is
/// reserved with it.
fn name_all<'a>(model: &'a [Resource], types: &mut Namer) -> Vec<Named<'a>> {
    let mut segments = Namer::reserving(["health", "events", "stream"]);
    let family = [
        "",
        "Input",
        "Patch",
        "Page",
        "Connection",
        "Edge",
        "Changed",
        "Create{}Input",
        "Update{}Input",
        "Get{}Request",
        "Create{}Request",
        "Update{}Request",
        "Delete{}Request",
    ];
    model
        .iter()
        .map(|r| {
            let pascal = types.unique_family(&names::pascal(&r.name, "Item"), "", &family);
            let plural = r.plural.clone().unwrap_or_else(|| plural(&r.name));
            let mut plural_pascal = names::pascal(&plural, "Items");
            if plural_pascal.eq_ignore_ascii_case(&pascal) {
                plural_pascal.push_str("List");
            }
            let plural_pascal = types.unique_family(
                &plural_pascal,
                "",
                &["List{}Request", "List{}Response", "Watch{}Request"],
            );
            let segment = segments.unique(&names::slug(&plural, "items"), "-");
            Named {
                r,
                pascal,
                plural,
                plural_pascal,
                segment,
            }
        })
        .collect()
}

/// The paths of `n`, nested under its parents' (validated acyclic), each item named by its
/// key when it has one (`{sku}`), else by its id (`{orderId}`).
fn paths_of(n: &Named, by_name: &HashMap<&str, &Named>, prefix: &str, date: &str) -> Paths {
    let mut chain = vec![n];
    let mut at = n.r;
    while let Some(p) = at.parent.as_deref().and_then(|p| by_name.get(p)) {
        if chain.iter().any(|c| c.r.name == p.r.name) {
            break;
        }
        chain.push(p);
        at = p.r;
    }
    chain.reverse();
    let mut path = prefix.to_owned();
    let mut params = Vec::new();
    let mut param_names = Namer::default();
    for c in &chain {
        path.push('/');
        path.push_str(&c.segment);
        let param = match key_field(c.r) {
            Some(f) => ParamView {
                name: param_names.unique(&names::camel(&f.name, "key"), ""),
                resource: c.r.name.clone(),
                description: key_doc(&f.name, &c.r.name),
                schema: super::fields::id_schema(f.ty),
                example: examples::fit(
                    examples::value(
                        f,
                        &Ctx {
                            owner: &c.pascal,
                            date,
                        },
                        |_| Value::Null,
                    ),
                    f,
                ),
            },
            None => {
                let ty = id_type(c.r);
                ParamView {
                    name: param_names.unique(&format!("{}Id", names::camel(&c.pascal, "item")), ""),
                    resource: c.r.name.clone(),
                    description: format!("Id of the {}.", c.r.name),
                    schema: super::fields::id_schema(ty),
                    example: examples::id_for(&c.pascal, ty),
                }
            }
        };
        path.push_str(&format!("/{{{}}}", param.name));
        params.push(param);
    }
    let item_param = params.pop().expect("a chain holds its resource");
    let item = path;
    let collection = item[..item.rfind('/').unwrap_or(item.len())].to_owned();
    Paths {
        item,
        collection,
        id_param: item_param.name.clone(),
        parents: params,
        item_param,
    }
}

/// The field `r` is looked up by instead of its id, when the model names one (validated).
fn key_field(r: &Resource) -> Option<&Field> {
    let key = r.key.as_deref()?;
    r.fields.iter().find(|f| f.name == key)
}

fn key_doc(key: &str, resource: &str) -> String {
    format!("The {key} of the {resource}, unique to it.")
}

/// The fields of `n`, `id` first (a UUID one added when the model has none, unless the resource
/// is a value or is looked up by a `key`), each viewed by `view` with the resource's field
/// names and the API's type names.
fn fields_of(
    n: &Named,
    type_names: &mut Namer,
    view: impl Fn(&Field, &mut Namer, &mut Namer) -> FieldView,
) -> Vec<FieldView> {
    let r = n.r;
    let mut fields: Vec<FieldView> = Vec::new();
    let has_id = r.fields.iter().any(|f| f.name.eq_ignore_ascii_case("id"));
    let mut field_names = Namer::default();
    let implicit_id = Field {
        name: "id".into(),
        ty: FieldType::Uuid,
        values: vec![],
        to: None,
        list: false,
        optional: false,
        description: format!("Unique id of the {}.", r.name),
        example: None,
        ..Field::default()
    };
    // A value has no identity of its own: it is read inside what holds it. An item looked
    // up by a key of its own (`sku`) has that for identity, and no id beside it.
    let mut source: Vec<&Field> = if has_id || r.is_value() || r.key.is_some() {
        r.fields.iter().collect()
    } else {
        std::iter::once(&implicit_id).chain(&r.fields).collect()
    };
    let version = implicit_version(r);
    source.extend(version.as_ref());
    let life = crate::derive::lifecycle::field_of(r).map(|(_, f)| f.name.as_str());
    for f in source {
        let stated = life.filter(|_| !f.states.is_empty()).map(|life| Field {
            description: present_only(&f.description, life, &f.states),
            ..f.clone()
        });
        let mut field = view(stated.as_ref().unwrap_or(f), &mut field_names, type_names);
        field.owner = r
            .owner
            .as_ref()
            .is_some_and(|o| o.fields().contains(&f.name.as_str()));
        if f.name.eq_ignore_ascii_case("id") {
            field.read_only = true;
            field.example = examples::id_for(&n.pascal, f.ty);
            field.input_example = field.example.clone();
            fields.insert(0, field);
        } else {
            fields.push(field);
        }
    }
    fields
}

/// The `version` field a resource with `ETag` concurrency carries when it has none: a list
/// then gives each item's version, so a client sends `If-Match` without reading the item again.
pub(super) fn implicit_version(r: &Resource) -> Option<Field> {
    let named = |f: &Field| f.name.eq_ignore_ascii_case("version");
    (r.concurrency == Some(Concurrency::Etag) && !r.fields.iter().any(named)).then(|| Field {
        name: "version".into(),
        ty: FieldType::Integer,
        read_only: true,
        min: Some(1.0),
        description: format!(
            "The {}'s version, raised by every change. Its `ETag` is this number in quotes, so a \
             client working from a list sends `If-Match: \"<version>\"` without reading it again.",
            r.name
        ),
        example: Some("3".into()),
        ..Field::default()
    })
}

/// `body` with the implicit `version` of `r` (see [`implicit_version`]) at `version`: 1 in a
/// create's answer, 4 in the answer to a write sent with the examples' `If-Match: "3"`.
pub(super) fn versioned(r: &Resource, mut body: Value, version: i64) -> Value {
    if implicit_version(r).is_some()
        && let Some(o) = body.as_object_mut().filter(|o| o.contains_key("version"))
    {
        o.insert("version".into(), json!(version));
    }
    body
}

/// The state a new item of `r` is in (its lifecycle field's example), if it has a lifecycle.
fn first_state(r: &Resource, readable: &[FieldView]) -> Option<String> {
    let (_, life) = crate::derive::lifecycle::field_of(r)?;
    let v = readable.iter().find(|v| v.name == life.name)?;
    v.example.as_str().map(String::from)
}

/// Whether field `f` is present in an item in lifecycle state `state` (`first`: the state a
/// new item is in): in the states it lists; without them, everywhere except that an optional
/// field only the server sets is absent from a new item, as `delivered_at` is until delivery
/// (an owner is set when the item is made).
pub(super) fn present_in(f: &FieldView, state: &str, first: bool) -> bool {
    if !f.states.is_empty() {
        return f.states.iter().any(|s| s == state);
    }
    let set_later = f.read_only && !f.required && !f.owner;
    !first || !set_later
}

/// `description` followed by the states of `life` a field is present in.
fn present_only(description: &str, life: &str, states: &[String]) -> String {
    let sep = if description.is_empty() { "" } else { " " };
    let states: Vec<String> = states.iter().map(|s| format!("`{s}`")).collect();
    format!(
        "{description}{sep}Present only while `{life}` is {}.",
        crate::text::english::or_list(&states)
    )
}

/// The example bodies of a resource: an item as read, the page of a list, the input sent.
/// A resource with a lifecycle is shown in its first state (`pending`), with only the fields
/// present in it (`present_in`).
fn bodies(
    r: &Resource,
    readable: &[FieldView],
    input: &[FieldView],
    pagination: Pagination,
) -> Bodies {
    let first = first_state(r, readable);
    let shown: Vec<FieldView> = readable
        .iter()
        .filter(|f| first.as_deref().is_none_or(|s| present_in(f, s, true)))
        .cloned()
        .collect();
    let example = object(&shown);
    let page = match pagination {
        Pagination::Cursor => {
            json!({"items": [example.clone()], "next_cursor": "eyJhZnRlciI6MX0"})
        }
        Pagination::Offset => {
            json!({"items": [example.clone()], "offset": 0, "limit": 20, "total": 1})
        }
    };
    let created = object(
        &shown
            .iter()
            .filter(|f| !f.read_only || f.required)
            .cloned()
            .collect::<Vec<_>>(),
    );
    Bodies {
        created,
        input: Value::Object(
            input
                .iter()
                .map(|f| (f.snake.clone(), f.input_example.clone()))
                .collect(),
        ),
        example,
        page,
    }
}

/// `operations` with the GraphQL names of their queries and subscription, from the resource's
/// `camel` and `plural_camel` names.
fn graphql_named(
    operations: Vec<OperationView>,
    camel: &str,
    plural_camel: &str,
) -> Vec<OperationView> {
    operations
        .into_iter()
        .map(|mut o| {
            o.graphql = match o.kind.as_str() {
                "list" => plural_camel.to_owned(),
                "get" => camel.to_owned(),
                "subscribe" => format!("{camel}Changed"),
                _ => o.graphql,
            };
            o
        })
        .collect()
}

/// The order `r`'s list returns items in: ascending by the field of its first range filter,
/// else by its lookup key, else newest first.
fn list_order(r: &crate::model::Resource) -> String {
    if let Some(f) = r.filters.iter().find(|f| f.range()) {
        let timed = r.fields.iter().any(|x| {
            x.name == f.field()
                && matches!(
                    x.ty,
                    crate::model::FieldType::Date | crate::model::FieldType::Datetime
                )
        });
        let first = if timed { "earliest" } else { "smallest" };
        return format!("in `{}` order, {first} first", f.field());
    }
    match &r.key {
        Some(k) => format!("in `{k}` order"),
        None => "newest first".to_owned(),
    }
}

/// The view of `n` with its fields and paths; its GraphQL query fields are named in
/// `gql_fields`.
fn resource(
    n: &Named,
    fields: Vec<FieldView>,
    paths: Paths,
    pagination: Pagination,
    gql_fields: &mut Namer,
) -> ResourceView {
    let r = n.r;
    let input_fields: Vec<FieldView> = fields.iter().filter(|f| !f.read_only).cloned().collect();
    let readable_fields: Vec<FieldView> =
        fields.iter().filter(|f| !f.write_only).cloned().collect();
    let server_owned = fields
        .iter()
        .filter(|f| f.read_only && !f.name.eq_ignore_ascii_case("id"))
        .map(|f| f.snake.clone())
        .collect();
    let bodies = bodies(r, &readable_fields, &input_fields, pagination);
    let ops = r
        .operations
        .clone()
        .unwrap_or_else(|| Operation::DEFAULTS.to_vec());
    let key = key_field(r);
    let id_index = key
        .and_then(|k| fields.iter().position(|f| f.name == k.name))
        .unwrap_or(0);
    let id_view = &fields[id_index];
    let mut item_params = paths.parents.clone();
    item_params.push(ParamView {
        schema: id_view.schema.clone(),
        example: id_view.example.clone(),
        ..paths.item_param.clone()
    });
    let (operations, offers) = operations(n, ops, &paths, &item_params, &bodies);
    let camel = gql_fields.unique(&names::camel(&n.pascal, "item"), "");
    let plural_camel = gql_fields.unique(&names::camel(&n.plural_pascal, "items"), "");
    let operations = graphql_named(operations, &camel, &plural_camel);
    ResourceView {
        order: list_order(r),
        page_max: r.max_page_size.unwrap_or(100),
        page_default: page_default(r),
        name: r.name.clone(),
        plural: n.plural.clone(),
        pascal: n.pascal.clone(),
        plural_pascal: n.plural_pascal.clone(),
        snake: names::snake(&n.pascal, "item"),
        camel,
        plural_camel,
        a_name: with_article(&r.name),
        description: r.description.clone(),
        collection_path: paths.collection,
        item_path: paths.item,
        id_param: paths.id_param,
        key: key.map(|_| id_view.snake.clone()),
        id_index,
        id_arg: key.map_or_else(|| "id".into(), |_| id_view.camel.clone()),
        id_doc: item_params
            .last()
            .map(|p| p.description.clone())
            .unwrap_or_default(),
        parent_params: paths.parents,
        id_example: id_view.example.clone(),
        id_schema: id_view.schema.clone(),
        input_fields,
        operations,
        offers,
        example: bodies.example,
        input_example: bodies.input,
        fields,
        actions: Vec::new(),
        operations_stated: r.operations.is_some(),
        filters: Vec::new(),
        etag: false,
        personal: false,
        readable_fields,
        server_owned,
        owners: r
            .owner
            .as_ref()
            .map(|o| o.fields().into_iter().map(String::from).collect())
            .unwrap_or_default(),
        problems: Vec::new(),
        nested_input: false,
    }
}

fn object(fields: &[FieldView]) -> Value {
    Value::Object(
        fields
            .iter()
            .map(|f| (f.snake.clone(), f.example.clone()))
            .collect(),
    )
}

/// The items a page of `r`'s list returns when none is asked for (see
/// [`ResourceView::page_default`]).
fn page_default(r: &crate::model::Resource) -> u32 {
    let page_max = r.max_page_size.unwrap_or(100);
    let key = r.key.as_deref().unwrap_or("id");
    let by_key = (r.filters.iter()).any(|f| f.any() && f.required() && f.field() == key);
    if by_key {
        page_max.min(100)
    } else {
        page_max.min(20)
    }
}
