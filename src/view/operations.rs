//! The operations a resource offers, as every contract format names them: HTTP method, path
//! and status, operation id, gRPC method and GraphQL field, with example bodies.

use super::access::AccessView;
use super::actions::ProblemView;
use super::resources::{Bodies, Named, ParamView, Paths};
use crate::model::Operation;
use crate::text::english::with_article;
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;

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
    /// Who may call it.
    pub access: AccessView,
    /// Domain problems it can answer with.
    pub problems: Vec<ProblemView>,
    /// Whether it takes the idempotency key header: every create, and an update a retrying
    /// caller calls.
    pub idempotency_key: bool,
    /// For a list: the query a flow step sends it (`view::flow_queries`), the example
    /// request's filters; empty when no step names one.
    pub flow_query: Vec<super::flow_queries::QueryArg>,
}

/// How one operation looks on the wire.
struct Shape {
    method: &'static str,
    path: String,
    status: u16,
    params: Vec<ParamView>,
    request: Option<Value>,
    response: Option<Value>,
    id: String,
    graphql: String,
}

/// The operations `ops` of `n` in a stable order, and which of the six it offers by name.
pub(super) fn operations(
    n: &Named,
    ops: Vec<Operation>,
    paths: &Paths,
    item_params: &[ParamView],
    bodies: &Bodies,
) -> (Vec<OperationView>, BTreeMap<String, bool>) {
    let mut offers: BTreeMap<String, bool> =
        ["list", "get", "create", "update", "delete", "subscribe"]
            .iter()
            .map(|k| (k.to_string(), false))
            .collect();
    let operations = sorted(ops)
        .into_iter()
        .map(|op| {
            offers.insert(crate::text::word(op), true);
            let shape = shape(op, n, paths, item_params, bodies);
            let rpc = match op {
                Operation::Subscribe => format!("Watch{}", n.plural_pascal),
                _ => upper_first(&shape.id),
            };
            OperationView {
                kind: crate::text::word(op),
                method: shape.method.into(),
                path: shape.path,
                summary: summary(op, &n.r.name, &n.plural),
                status: shape.status,
                params: shape.params,
                flow_query: Vec::new(),
                request_example: shape.request,
                response_example: shape.response,
                rpc,
                graphql: shape.graphql,
                operation_id: shape.id,
                access: AccessView::default(),
                problems: Vec::new(),
                idempotency_key: op == Operation::Create,
            }
        })
        .collect();
    (operations, offers)
}

/// The method, path, status, parameters, bodies and names of `op` on `n`. A table: one arm
/// per operation, read across.
fn shape(
    op: Operation,
    n: &Named,
    paths: &Paths,
    item_params: &[ParamView],
    bodies: &Bodies,
) -> Shape {
    let (collection, item) = (&paths.collection, &paths.item);
    let (parents, items) = (paths.parents.clone(), item_params.to_vec());
    let (example, input, page) = (&bodies.example, &bodies.input, &bodies.page);
    let (pascal, plurals) = (&n.pascal, &n.plural_pascal);
    let (method, path, status, params, request, response, id, graphql) = match op {
        Operation::List => (
            "get",
            collection.clone(),
            200,
            parents,
            None,
            Some(page.clone()),
            format!("list{plurals}"),
            String::new(),
        ),
        Operation::Get => (
            "get",
            item.clone(),
            200,
            items,
            None,
            Some(example.clone()),
            format!("get{pascal}"),
            String::new(),
        ),
        Operation::Create => (
            "post",
            collection.clone(),
            201,
            parents,
            Some(input.clone()),
            Some(super::resources::versioned(n.r, bodies.created.clone(), 1)),
            format!("create{pascal}"),
            format!("create{pascal}"),
        ),
        Operation::Update => (
            "patch",
            item.clone(),
            200,
            items,
            Some(input.clone()),
            Some(super::resources::versioned(n.r, example.clone(), 4)),
            format!("update{pascal}"),
            format!("update{pascal}"),
        ),
        Operation::Delete => (
            "delete",
            item.clone(),
            204,
            items,
            None,
            None,
            format!("delete{pascal}"),
            format!("delete{pascal}"),
        ),
        Operation::Subscribe => (
            "get",
            format!("{collection}/stream"),
            200,
            parents,
            None,
            Some(example.clone()),
            format!("stream{plurals}"),
            String::new(),
        ),
    };
    Shape {
        method,
        path,
        status,
        params,
        request,
        response,
        id,
        graphql,
    }
}

fn sorted(mut ops: Vec<Operation>) -> Vec<Operation> {
    ops.sort();
    ops.dedup();
    ops
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

fn upper_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}
