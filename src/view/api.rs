//! A service's API as contract templates need it: resources with safe names for each format,
//! paths, operation ids, JSON Schemas per field and example requests and responses.

use super::events::{EventView, UrlParts, url_parts};
use super::examples::{self, Ctx};
use super::fields::{EnumView, FieldView, field_view};
use super::names::{self, Namer};
use super::nodes::NodeRef;
use crate::defaults;
use crate::model::{
    ApiStyle, Field, FieldType, Model, Operation, Pagination, Resource, Service, Versioning,
};
use serde::Serialize;
use serde_json::{Value, json};
use std::collections::{BTreeMap, HashMap};

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

/// A service's API.
#[derive(Debug, Clone, Serialize)]
pub struct ApiView {
    /// `rest`, `graphql`, `grpc`, `websocket`, `sse`, `webhooks` or `none`.
    pub style: String,
    /// The style in prose, e.g. `REST (OpenAPI 3.1)`.
    pub style_label: String,
    /// Major version, e.g. `v1`.
    pub version: String,
    /// `url`, `header` or `media-type`.
    pub versioning: String,
    /// `cursor` or `offset`.
    pub pagination: String,
    /// Server URL: the model's base URL, or a path on the gateway.
    pub server_url: String,
    /// Path prefix: `/v1` for URL versioning, empty otherwise.
    pub prefix: String,
    /// `Orders API`.
    pub title: String,
    /// The service as a type name, e.g. `Orders`.
    pub pascal: String,
    /// Protocol Buffers package, e.g. `orders.v1`.
    pub package: String,
    /// Resources.
    pub resources: Vec<ResourceView>,
    /// Enums declared by resource fields, for GraphQL and Protocol Buffers.
    pub enums: Vec<EnumView>,
    /// Whether any resource offers `subscribe`.
    pub has_subscriptions: bool,
    /// Whether any field is money, date, datetime or JSON (GraphQL scalars, shared schemas).
    pub uses: Uses,
    /// Operations in all.
    pub operation_count: usize,
    /// Events the service publishes (webhook deliveries, AsyncAPI).
    pub events: Vec<EventView>,
    /// The schema and message name of every event the service publishes or consumes, by event
    /// name: its `pascal` unless a type of this API took it (AsyncAPI and webhook contracts
    /// share one namespace).
    pub event_types: BTreeMap<String, String>,
    /// The server URL split, when it is absolute (`wss://rt.shop.example/v1`).
    pub server: Option<UrlParts>,
}

/// Which shared types an API needs.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Uses {
    /// Money fields.
    pub money: bool,
    /// Datetime fields.
    pub datetime: bool,
    /// Date fields.
    pub date: bool,
    /// JSON fields.
    pub json: bool,
}

/// A resource.
#[derive(Debug, Clone, Serialize)]
pub struct ResourceView {
    /// Name from the model.
    pub name: String,
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
    /// The item's path parameter, e.g. `lineId`.
    pub id_param: String,
    /// Path parameters of the collection path (the parents' ids).
    pub parent_params: Vec<ParamView>,
    /// Every field, `id` first.
    pub fields: Vec<FieldView>,
    /// Fields a client sends on create (not read-only).
    pub input_fields: Vec<FieldView>,
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
}

/// A path parameter.
#[derive(Debug, Clone, Serialize)]
pub struct ParamView {
    /// Name, e.g. `orderId`.
    pub name: String,
    /// The resource it identifies.
    pub resource: String,
    /// Its schema.
    pub schema: Value,
    /// Its example value.
    pub example: Value,
}

/// An operation on a resource.
#[derive(Debug, Clone, Serialize)]
pub struct OperationView {
    /// `list`, `get`, `create`, `update`, `delete` or `subscribe`.
    pub kind: String,
    /// HTTP method in lowercase.
    pub method: String,
    /// HTTP path.
    pub path: String,
    /// Unique operation id, e.g. `listOrders`; also the GraphQL field or gRPC method stem.
    pub operation_id: String,
    /// Summary, e.g. `List orders`.
    pub summary: String,
    /// HTTP status of success.
    pub status: u16,
    /// Path parameters, in path order.
    pub params: Vec<ParamView>,
    /// An example request body, if the operation takes one.
    pub request_example: Option<Value>,
    /// An example response body, if the operation returns one.
    pub response_example: Option<Value>,
    /// gRPC method name, e.g. `ListOrders`.
    pub rpc: String,
    /// GraphQL field name, e.g. `orders`, `createOrder`, `orderChanged`.
    pub graphql: String,
}

pub(super) fn build(model: &Model, s: &Service, node: &NodeRef, events: &[EventView]) -> ApiView {
    let style = defaults::api_style(s.kind, s.api.style);
    let version = s.api.version.clone().unwrap_or_else(|| "v1".into());
    let prefix = if s.api.versioning == Versioning::Url && style != ApiStyle::Grpc {
        format!("/{}", names::slug(&version, "v1"))
    } else {
        String::new()
    };
    let pascal = names::pascal(&s.name, "Service");
    let mut version_seg = names::snake(&version, "v1");
    if version_seg.starts_with("x_") {
        version_seg = format!("v{}", &version_seg[2..]);
    }
    let date = model.date.clone().unwrap_or_else(|| "2025-01-15".into());
    let (resources, mut types) = resources(
        &s.api.resources,
        &prefix,
        s.api.pagination,
        &date,
        &format!("{pascal}Service"),
    );
    // Only the events its contracts mention: those it publishes or consumes.
    let event_types = events
        .iter()
        .filter(|e| e.publisher == s.name || s.consumes.contains(&e.name))
        .map(|e| (e.name.clone(), types.unique(&e.pascal, "")))
        .collect();
    let enums = resources
        .iter()
        .flat_map(|r| r.fields.iter().filter_map(|f| f.enum_type.clone()))
        .collect();
    let all_fields = || resources.iter().flat_map(|r| r.fields.iter());
    let has_ty = |ty: &str| all_fields().any(|f| f.ty == ty);
    ApiView {
        style: style_name(style).into(),
        style_label: style_label(style).into(),
        versioning: match s.api.versioning {
            Versioning::Url => "url",
            Versioning::Header => "header",
            Versioning::MediaType => "media-type",
        }
        .into(),
        pagination: match s.api.pagination {
            Pagination::Cursor => "cursor",
            Pagination::Offset => "offset",
        }
        .into(),
        server: s
            .api
            .base_url
            .as_deref()
            .and_then(url_parts)
            .filter(|p| !p.scheme.is_empty()),
        server_url: s
            .api
            .base_url
            .clone()
            .unwrap_or_else(|| format!("/{}", node.slug)),
        prefix,
        title: format!("{} API", s.name),
        package: format!("{}.{}", names::snake(&s.name, "service"), version_seg),
        pascal,
        version,
        has_subscriptions: resources.iter().any(|r| r.offers["subscribe"]),
        operation_count: resources.iter().map(|r| r.operations.len()).sum(),
        uses: Uses {
            money: has_ty("money"),
            datetime: has_ty("datetime"),
            date: has_ty("date"),
            json: has_ty("json"),
        },
        enums,
        resources,
        events: events
            .iter()
            .filter(|e| e.publisher == s.name)
            .cloned()
            .collect(),
        event_types,
    }
}

/// The style's name as the model spells it.
pub fn style_name(style: ApiStyle) -> &'static str {
    match style {
        ApiStyle::Rest => "rest",
        ApiStyle::Graphql => "graphql",
        ApiStyle::Grpc => "grpc",
        ApiStyle::Websocket => "websocket",
        ApiStyle::Sse => "sse",
        ApiStyle::Webhooks => "webhooks",
        ApiStyle::None => "none",
    }
}

fn style_label(style: ApiStyle) -> &'static str {
    match style {
        ApiStyle::Rest => "REST (OpenAPI 3.1)",
        ApiStyle::Graphql => "GraphQL",
        ApiStyle::Grpc => "gRPC (Protocol Buffers)",
        ApiStyle::Websocket => "WebSocket (AsyncAPI 3.0)",
        ApiStyle::Sse => "HTTP with Server-Sent Events",
        ApiStyle::Webhooks => "REST with webhook deliveries",
        ApiStyle::None => "no API",
    }
}

/// A naive English plural, for paths and collection names.
pub fn plural(word: &str) -> String {
    let lower = word.to_lowercase();
    if lower.ends_with('y')
        && !lower.ends_with("ay")
        && !lower.ends_with("ey")
        && !lower.ends_with("oy")
        && !lower.ends_with("uy")
    {
        format!("{}ies", &word[..word.len() - 1])
    } else if ["s", "x", "z", "ch", "sh"]
        .iter()
        .any(|e| lower.ends_with(e))
    {
        format!("{word}es")
    } else {
        format!("{word}s")
    }
}

fn resources(
    model: &[Resource],
    prefix: &str,
    pagination: Pagination,
    date: &str,
    service_type: &str,
) -> (Vec<ResourceView>, Namer) {
    let mut types = Namer::reserving(RESERVED_TYPES);
    types.unique(service_type, "");
    let mut segments = Namer::reserving(["health", "events", "stream"]);
    let mut gql_fields = Namer::default();
    // Every name generated from a resource's type name is reserved with it.
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
    struct Named<'a> {
        r: &'a Resource,
        pascal: String,
        plural: String,
        plural_pascal: String,
        segment: String,
    }
    let named: Vec<Named> = model
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
        .collect();
    let by_name: HashMap<&str, &Named> = named.iter().map(|n| (n.r.name.as_str(), n)).collect();
    let id_field = |r: &Resource| {
        r.fields
            .iter()
            .find(|f| f.name.eq_ignore_ascii_case("id"))
            .map_or(FieldType::Uuid, |f| f.ty)
    };
    let ref_id = |name: &str| match model.iter().find(|r| r.name == name) {
        Some(r) => examples::id_for(&by_name[name].pascal, id_field(r)),
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
            .map_or(FieldType::Uuid, id_field)
    };

    let paths: HashMap<&str, (String, String, String, Vec<ParamView>)> = named
        .iter()
        .map(|n| {
            // Walk up the parents (validated acyclic) to build the nested path.
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
            let mut id_param = String::new();
            for (i, c) in chain.iter().enumerate() {
                path.push('/');
                path.push_str(&c.segment);
                let p = param_names.unique(&format!("{}Id", names::camel(&c.pascal, "item")), "");
                let ty = id_field(c.r);
                let param = ParamView {
                    name: p.clone(),
                    resource: c.r.name.clone(),
                    schema: super::fields::id_schema(ty),
                    example: examples::id_for(&c.pascal, ty),
                };
                if i + 1 < chain.len() {
                    path.push_str(&format!("/{{{p}}}"));
                    params.push(param);
                } else {
                    id_param = p;
                }
            }
            let item = format!("{path}/{{{id_param}}}");
            (n.r.name.as_str(), (path, item, id_param, params))
        })
        .collect();

    let views = named
        .iter()
        .map(|n| {
            let r = n.r;
            let ctx = Ctx {
                owner: &n.pascal,
                date,
            };
            let mut fields: Vec<FieldView> = Vec::new();
            let has_id = r.fields.iter().any(|f| f.name.eq_ignore_ascii_case("id"));
            let mut field_namer = Namer::default();
            let mut enum_namer = types.clone();
            let implicit_id = Field {
                name: "id".into(),
                ty: FieldType::Uuid,
                values: vec![],
                to: None,
                list: false,
                optional: false,
                description: format!("Unique id of the {}.", r.name),
                example: None,
            };
            let source: Vec<&Field> = if has_id {
                r.fields.iter().collect()
            } else {
                std::iter::once(&implicit_id).chain(&r.fields).collect()
            };
            for f in source {
                let is_id = f.name.eq_ignore_ascii_case("id");
                let mut view = field_view(
                    f,
                    &n.pascal,
                    &mut field_namer,
                    &mut enum_namer,
                    &ctx,
                    &ref_id,
                    &ref_pascal,
                    &ref_id_ty,
                );
                if is_id {
                    view.read_only = true;
                    view.example = examples::id_for(&n.pascal, f.ty);
                    fields.insert(0, view);
                } else {
                    fields.push(view);
                }
            }
            types = enum_namer;
            let input_fields: Vec<FieldView> =
                fields.iter().filter(|f| !f.read_only).cloned().collect();
            let example = object(&fields);
            let input_example = object(&input_fields);
            let ops = r
                .operations
                .clone()
                .unwrap_or_else(|| Operation::DEFAULTS.to_vec());
            let (collection, item, id_param, parent_params) = paths[r.name.as_str()].clone();
            let id_view = &fields[0];
            let item_params = {
                let mut p = parent_params.clone();
                p.push(ParamView {
                    name: id_param.clone(),
                    resource: r.name.clone(),
                    schema: id_view.schema.clone(),
                    example: id_view.example.clone(),
                });
                p
            };
            let page = match pagination {
                Pagination::Cursor => {
                    json!({"items": [example.clone()], "next_cursor": "eyJhZnRlciI6MX0"})
                }
                Pagination::Offset => {
                    json!({"items": [example.clone()], "offset": 0, "limit": 20, "total": 1})
                }
            };
            let mut offers: BTreeMap<String, bool> =
                ["list", "get", "create", "update", "delete", "subscribe"]
                    .iter()
                    .map(|k| (k.to_string(), false))
                    .collect();
            let operations: Vec<OperationView> = sorted(ops)
                .into_iter()
                .map(|op| {
                    offers.insert(op_name(op).into(), true);
                    let (method, path, status, params, req, res, id, gql) = match op {
                        Operation::List => (
                            "get",
                            collection.clone(),
                            200,
                            parent_params.clone(),
                            None,
                            Some(page.clone()),
                            format!("list{}", n.plural_pascal),
                            String::new(),
                        ),
                        Operation::Get => (
                            "get",
                            item.clone(),
                            200,
                            item_params.clone(),
                            None,
                            Some(example.clone()),
                            format!("get{}", n.pascal),
                            String::new(),
                        ),
                        Operation::Create => (
                            "post",
                            collection.clone(),
                            201,
                            parent_params.clone(),
                            Some(input_example.clone()),
                            Some(example.clone()),
                            format!("create{}", n.pascal),
                            format!("create{}", n.pascal),
                        ),
                        Operation::Update => (
                            "patch",
                            item.clone(),
                            200,
                            item_params.clone(),
                            Some(input_example.clone()),
                            Some(example.clone()),
                            format!("update{}", n.pascal),
                            format!("update{}", n.pascal),
                        ),
                        Operation::Delete => (
                            "delete",
                            item.clone(),
                            204,
                            item_params.clone(),
                            None,
                            None,
                            format!("delete{}", n.pascal),
                            format!("delete{}", n.pascal),
                        ),
                        Operation::Subscribe => (
                            "get",
                            format!("{collection}/stream"),
                            200,
                            parent_params.clone(),
                            None,
                            Some(example.clone()),
                            format!("stream{}", n.plural_pascal),
                            String::new(),
                        ),
                    };
                    let rpc = match op {
                        Operation::Subscribe => format!("Watch{}", n.plural_pascal),
                        _ => upper_first(&id),
                    };
                    OperationView {
                        kind: op_name(op).into(),
                        method: method.into(),
                        path,
                        summary: summary(op, &r.name, &n.plural),
                        status,
                        params,
                        request_example: req,
                        response_example: res,
                        rpc,
                        graphql: gql,
                        operation_id: id,
                    }
                })
                .collect();
            let camel = gql_fields.unique(&names::camel(&n.pascal, "item"), "");
            let plural_camel = gql_fields.unique(&names::camel(&n.plural_pascal, "items"), "");
            let operations = operations
                .into_iter()
                .map(|mut o| {
                    o.graphql = match o.kind.as_str() {
                        "list" => plural_camel.clone(),
                        "get" => camel.clone(),
                        "subscribe" => format!("{camel}Changed"),
                        _ => o.graphql,
                    };
                    o
                })
                .collect();
            ResourceView {
                name: r.name.clone(),
                plural: n.plural.clone(),
                pascal: n.pascal.clone(),
                plural_pascal: n.plural_pascal.clone(),
                snake: names::snake(&n.pascal, "item"),
                camel,
                plural_camel,
                a_name: with_article(&r.name),
                description: r.description.clone(),
                collection_path: collection,
                item_path: item,
                id_param,
                parent_params,
                id_example: id_view.example.clone(),
                id_schema: id_view.schema.clone(),
                fields,
                input_fields,
                operations,
                offers,
                example,
                input_example,
            }
        })
        .collect();
    (views, types)
}

fn object(fields: &[FieldView]) -> Value {
    Value::Object(
        fields
            .iter()
            .map(|f| (f.snake.clone(), f.example.clone()))
            .collect(),
    )
}

fn sorted(mut ops: Vec<Operation>) -> Vec<Operation> {
    ops.sort();
    ops.dedup();
    ops
}

fn op_name(op: Operation) -> &'static str {
    match op {
        Operation::List => "list",
        Operation::Get => "get",
        Operation::Create => "create",
        Operation::Update => "update",
        Operation::Delete => "delete",
        Operation::Subscribe => "subscribe",
    }
}

fn summary(op: Operation, name: &str, plural: &str) -> String {
    match op {
        Operation::List => format!("List {plural}"),
        Operation::Get => format!("Get one {name}"),
        Operation::Create => format!("Create {}", with_article(name)),
        Operation::Update => format!("Update {}", with_article(name)),
        Operation::Delete => format!("Delete {}", with_article(name)),
        Operation::Subscribe => format!("Stream changes to {plural}"),
    }
}

/// `name` after its indefinite article: `an Order`, `a User`, `a Payment`.
pub fn with_article(name: &str) -> String {
    let lower = name.trim_start().to_lowercase();
    let a_u = ["uni", "use", "usu", "uti", "ura", "uro", "eu", "one"];
    let an = (lower.starts_with(['a', 'e', 'i', 'o', 'u'])
        && !a_u.iter().any(|p| lower.starts_with(p)))
        || ["hour", "honest", "honor", "honour", "heir"]
            .iter()
            .any(|p| lower.starts_with(p));
    format!("{} {name}", if an { "an" } else { "a" })
}

fn upper_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn articles() {
        assert_eq!(with_article("Order"), "an Order");
        assert_eq!(with_article("User"), "a User");
        assert_eq!(with_article("Payment"), "a Payment");
        assert_eq!(with_article("hour slot"), "an hour slot");
        assert_eq!(with_article("2fa code"), "a 2fa code");
    }
}
