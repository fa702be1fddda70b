//! What a synchronous flow step calls: the operation its action names (`POST /v1/orders/{id}/cancel`,
//! `mutation updateTask`, a gRPC method such as `ListStockLevels`), the operations each service
//! offers, and the operations of a service no flow step calls. `archgen check` matches steps to
//! contracts with these; the design review reads [`uncalled`].

use super::{ServiceView, View};
use crate::model::Model;
use crate::text::same_path;

/// What a step's action names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Call {
    /// `METHOD /path`.
    Http { method: String, path: String },
    /// `query|mutation|subscription field`.
    Graphql { kind: &'static str, field: String },
    /// A gRPC method of a gRPC callee.
    Rpc(String),
}

/// One operation a contract offers, as every style names it.
pub struct Offered {
    /// `list`, `get`, `create`, `update`, `delete`, `subscribe` or `action`.
    pub kind: String,
    /// Whether its resource has optimistic concurrency control (`ETag`, `If-Match`).
    pub etag: bool,
    /// Whether its contract takes the idempotency key (`view::keyed` decides).
    pub keyed: bool,
    /// The resource it belongs to.
    pub resource: String,
    /// Whether it is an action, or an operation the resource's `operations` list names (not
    /// one of the list, get, create, update and delete it gets when it names none).
    pub chosen: bool,
    method: String,
    path: String,
    rpc: String,
    graphql: String,
    /// `query`, `mutation` or `subscription`, as GraphQL would name it.
    pub graphql_kind: &'static str,
    /// The services and clients its access rule admits by identity; anyone when empty.
    pub callers: Vec<String>,
}

impl Offered {
    pub fn shown(&self, call: &Call) -> String {
        match call {
            Call::Http { .. } => format!("{} {}", self.method.to_uppercase(), self.path),
            Call::Graphql { .. } => format!("{} {}", self.graphql_kind, self.graphql),
            Call::Rpc(_) => self.rpc.clone(),
        }
    }

    pub fn offers(&self, call: &Call) -> bool {
        match call {
            Call::Http { method, path } => {
                self.method.eq_ignore_ascii_case(method) && same_path(&self.path, path)
            }
            Call::Graphql { kind, field } => self.graphql_kind == *kind && &self.graphql == field,
            Call::Rpc(name) => &self.rpc == name,
        }
    }
}

/// A synchronous flow step that names an operation of a service.
pub struct Site<'a> {
    /// JSON pointer to the step in the model.
    pub at: String,
    /// The flow's name.
    pub flow: &'a str,
    /// The step's number in the flow.
    pub number: usize,
    /// The caller.
    pub from: &'a str,
    /// The step's action, as written.
    pub action: &'a str,
    /// The service called.
    pub callee: &'a ServiceView,
    /// What the action names.
    pub call: Call,
}

/// Every synchronous flow step whose action names an operation of a service, in order.
pub fn sites<'a>(model: &'a Model, view: &'a View) -> Vec<Site<'a>> {
    let mut out = Vec::new();
    for (i, (flow, fv)) in model
        .communication
        .flows
        .iter()
        .zip(&view.flows)
        .enumerate()
    {
        for (w, step) in flow.walk().iter().zip(&fv.steps) {
            let Some(callee) = view.services.iter().find(|s| s.node.name == step.to.name) else {
                continue;
            };
            if step.r#async {
                continue;
            }
            let Some(call) = parse(&step.action, &callee.api.style) else {
                continue;
            };
            out.push(Site {
                at: format!("/communication/flows/{i}/{}", w.path),
                flow: &flow.name,
                number: step.number,
                from: &step.from.name,
                action: &step.action,
                callee,
                call,
            });
        }
    }
    out
}

/// The operations of a service no flow step calls while other flow steps call the service's
/// operations by name: a contract surface nothing in the design uses. Only judged for a
/// service no client, gateway or backend for frontend calls (their callers may use any
/// operation), and only for actions and operations the model names, not a resource's
/// defaults.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Uncalled {
    /// The service.
    pub service: String,
    /// The JSON pointer to its `api` in the model.
    pub at: String,
    /// The operations the flows call, as they name them.
    pub called: Vec<String>,
    /// The operations none calls, as a step would name them.
    pub uncalled: Vec<String>,
}

/// Every service with operations no flow step calls, in model order (see [`Uncalled`]).
pub fn uncalled(model: &Model, view: &View) -> Vec<Uncalled> {
    let sites = sites(model, view);
    let mut out = Vec::new();
    for (i, s) in view.services.iter().enumerate() {
        if matches!(s.node.kind.as_str(), "gateway" | "legacy") {
            continue;
        }
        let fronted = view.links.iter().any(|l| {
            l.to.name == s.node.name
                && l.style == "sync"
                && matches!(l.from.kind.as_str(), "client" | "gateway" | "bff")
        });
        let steps: Vec<&Call> = (sites.iter())
            .filter(|x| x.callee.node.name == s.node.name)
            .map(|x| &x.call)
            .collect();
        if fronted || steps.is_empty() {
            continue;
        }
        let offered = offered(view, s);
        let (called, uncalled): (Vec<&Offered>, Vec<&Offered>) =
            (offered.iter()).partition(|o| steps.iter().any(|c| o.offers(c)));
        // What a resource gets by default is no choice to question.
        let uncalled: Vec<&Offered> = uncalled.into_iter().filter(|o| o.chosen).collect();
        if called.is_empty() || uncalled.is_empty() {
            continue;
        }
        let name = |o: &&Offered| o.shown(steps[0]);
        out.push(Uncalled {
            service: s.node.name.clone(),
            at: format!("/services/{i}/api"),
            called: called.iter().map(name).collect(),
            uncalled: uncalled.iter().map(name).collect(),
        });
    }
    out
}

/// Whether the link between `from` and `to` is a long-lived stream.
pub fn stream(view: &View, from: &str, to: &str) -> bool {
    view.links.iter().any(|l| {
        l.from.name == from
            && l.to.name == to
            && l.policy
                .as_ref()
                .and_then(|p| p.derivation.as_ref())
                .is_some_and(|d| d.stream)
    })
}

/// What `action` names, or none when it is prose.
pub fn parse(action: &str, style: &str) -> Option<Call> {
    let mut words = action.split_whitespace();
    let first = words.next()?;
    let second = words.next();
    const METHODS: [&str; 7] = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];
    if let Some(path) = second.filter(|p| p.starts_with('/')) {
        if METHODS.contains(&first) {
            let path = path.split(['?', '#']).next().unwrap_or(path);
            // A GraphQL API is reached by POSTing to its endpoint.
            if style == "graphql" && path.trim_end_matches('/').ends_with("/graphql") {
                return None;
            }
            return Some(Call::Http {
                method: first.to_owned(),
                path: path.to_owned(),
            });
        }
    }
    let ident = |w: &str| {
        let end = w.find(['(', '{', ':']).unwrap_or(w.len());
        let name = &w[..end];
        (!name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
            .then(|| name.to_owned())
    };
    for kind in ["query", "mutation", "subscription"] {
        if first == kind {
            return second
                .and_then(ident)
                .map(|field| Call::Graphql { kind, field });
        }
    }
    if style == "grpc" && second.is_none() {
        // `Inventory/ListStockLevels` or `inventory.v1.Inventory.ListStockLevels`.
        let method = first.rsplit(['/', '.']).next().unwrap_or(first);
        return ident(method)
            .filter(|m| m.starts_with(|c: char| c.is_ascii_uppercase()))
            .map(Call::Rpc);
    }
    None
}

/// The operations and actions `s` offers; for a gateway, also those of the services it
/// routes to (through further gateways).
pub fn offered(view: &View, s: &ServiceView) -> Vec<Offered> {
    let mut out = Vec::new();
    let mut seen = vec![s.node.name.as_str()];
    let mut todo = vec![s];
    while let Some(s) = todo.pop() {
        for r in &s.api.resources {
            for o in &r.operations {
                let graphql_kind = match o.kind.as_str() {
                    "list" | "get" => "query",
                    "subscribe" => "subscription",
                    _ => "mutation",
                };
                out.push(Offered {
                    resource: r.name.clone(),
                    chosen: r.operations_stated,
                    kind: o.kind.clone(),
                    etag: r.etag,
                    keyed: o.idempotency_key,
                    method: o.method.clone(),
                    path: o.path.clone(),
                    rpc: o.rpc.clone(),
                    graphql: o.graphql.clone(),
                    graphql_kind,
                    callers: o.access.callers.clone(),
                });
            }
            for a in &r.actions {
                out.push(Offered {
                    resource: r.name.clone(),
                    chosen: true,
                    kind: "action".into(),
                    etag: r.etag,
                    keyed: a.idempotency_key,
                    method: "post".into(),
                    path: a.path.clone(),
                    rpc: a.rpc.clone(),
                    graphql: a.operation_id.clone(),
                    graphql_kind: "mutation",
                    callers: a.access.callers.clone(),
                });
            }
        }
        if s.node.kind != "gateway" {
            continue;
        }
        for name in &s.calls {
            if let Some(next) = view.services.iter().find(|x| &x.node.name == name)
                && !seen.contains(&name.as_str())
            {
                seen.push(name);
                todo.push(next);
            }
        }
    }
    out
}
