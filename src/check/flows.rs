//! Flows against the contracts: a synchronous flow step that names an operation
//! (`POST /v1/orders/{id}/cancel`, `mutation updateTask`, a gRPC method such as
//! `ListStockLevels`) calls one its callee's contract offers, or a gateway's routes reach.
//! Messages, streams, external systems and steps in prose are not checked.

use super::{Input, Problem};
use crate::model::Model;
use crate::text::same_path;
use crate::view::{ServiceView, View};

pub(super) fn flows(input: &Input) -> Vec<Problem> {
    let mut out = locate(input, "flow-operation", unoffered(input.model, input.view));
    out.extend(locate(
        input,
        "flow-caller",
        unadmitted(input.model, input.view),
    ));
    out
}

/// Findings of `kind`, each located in the model.
pub(super) fn locate(input: &Input, kind: &str, found: Vec<Found>) -> Vec<Problem> {
    found
        .into_iter()
        .map(|f| Problem {
            kind: kind.into(),
            finding: input.at_model(&f.at, f.message, f.help),
        })
        .collect()
}

/// A finding about the model before it is located: the JSON pointer, what and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Found {
    pub at: String,
    pub message: String,
    pub help: String,
}

/// What a step's action names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Call {
    /// `METHOD /path`.
    Http { method: String, path: String },
    /// `query|mutation|subscription field`.
    Graphql { kind: &'static str, field: String },
    /// A gRPC method of a gRPC callee.
    Rpc(String),
}

/// One operation a contract offers, as every style names it.
pub(super) struct Offered {
    /// `list`, `get`, `create`, `update`, `delete`, `subscribe` or `action`.
    pub kind: String,
    /// Whether its resource has optimistic concurrency control (`ETag`, `If-Match`).
    pub etag: bool,
    /// Whether its contract takes the idempotency key (`view::keyed` decides).
    pub keyed: bool,
    method: String,
    path: String,
    rpc: String,
    graphql: String,
    graphql_kind: &'static str,
    /// The services and clients its access rule admits by identity; anyone when empty.
    callers: Vec<String>,
}

impl Offered {
    fn shown(&self, call: &Call) -> String {
        match call {
            Call::Http { .. } => format!("{} {}", self.method.to_uppercase(), self.path),
            Call::Graphql { .. } => format!("{} {}", self.graphql_kind, self.graphql),
            Call::Rpc(_) => self.rpc.clone(),
        }
    }

    pub(super) fn offers(&self, call: &Call) -> bool {
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
struct Site<'a> {
    /// JSON pointer to the step in the model.
    at: String,
    flow: &'a str,
    number: usize,
    from: &'a str,
    action: &'a str,
    callee: &'a ServiceView,
    call: Call,
}

/// Every synchronous flow step whose action names an operation of a service, in order.
fn sites<'a>(model: &'a Model, view: &'a View) -> Vec<Site<'a>> {
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

/// Every synchronous flow step calling an operation whose access names its callers, from a
/// component not among them. A gateway's routes are left out: behind it, the caller the
/// service sees is the gateway.
pub(super) fn unadmitted(model: &Model, view: &View) -> Vec<Found> {
    let mut out = Vec::new();
    for site in sites(model, view) {
        if site.callee.node.kind == "gateway" {
            continue;
        }
        let offered = offered(view, site.callee);
        let Some(op) = offered.iter().find(|o| o.offers(&site.call)) else {
            continue;
        };
        if op.callers.is_empty() || op.callers.iter().any(|c| c == site.from) {
            continue;
        }
        let admitted = crate::text::english::and_list(&op.callers);
        out.push(Found {
            at: format!("{}/from", site.at),
            message: format!(
                "flow `{}` step {} has `{}` call `{}` on `{}`, whose access admits only {admitted}",
                site.flow, site.number, site.from, site.action, site.callee.node.name
            ),
            help: format!(
                "add `{}` to that access rule's `callers`, or have one of {admitted} make the call",
                site.from
            ),
        });
    }
    out
}

/// Every synchronous flow step naming an operation its callee does not offer.
pub(super) fn unoffered(model: &Model, view: &View) -> Vec<Found> {
    let mut out = Vec::new();
    for site in sites(model, view) {
        let (callee, call) = (site.callee, &site.call);
        if stream(view, site.from, &callee.node.name) {
            continue;
        }
        let offered = offered(view, callee);
        if offered.is_empty() || offered.iter().any(|o| o.offers(call)) {
            continue;
        }
        // A GraphQL call is shown the fields of its own kind, where there are some.
        let kind = |o: &&Offered| match call {
            Call::Graphql { kind, .. } => o.graphql_kind == *kind,
            _ => true,
        };
        let same: Vec<&Offered> = offered.iter().filter(kind).collect();
        let pool = if same.is_empty() {
            offered.iter().collect()
        } else {
            same
        };
        let shown: Vec<String> = pool.iter().map(|o| o.shown(call)).collect();
        let hint = crate::diagnostic::did_you_mean(site.action, shown.iter().map(String::as_str))
            .map(|n| format!("did you mean `{n}`? "))
            .unwrap_or_default();
        let whose = if callee.node.kind == "gateway" {
            format!("the services behind `{}` route", callee.node.name)
        } else {
            format!("`{}`'s contract offers", callee.node.name)
        };
        out.push(Found {
            at: format!("{}/action", site.at),
            message: format!(
                "flow `{}` step {} calls `{}` on `{}`, which no operation {whose}",
                site.flow, site.number, site.action, callee.node.name
            ),
            help: format!(
                "{hint}call one of its operations ({}), or add the resource, operation or \
                 action to the `api` of the service that serves it",
                list(&shown)
            ),
        });
    }
    out
}

/// At most six operations, named as the step names them.
fn list(shown: &[String]) -> String {
    let mut sorted = shown.to_vec();
    sorted.sort();
    sorted.dedup();
    let more = sorted.len().saturating_sub(6);
    let mut text = sorted
        .iter()
        .take(6)
        .map(|s| format!("`{s}`"))
        .collect::<Vec<_>>()
        .join(", ");
    if more > 0 {
        text.push_str(&format!(" and {more} more"));
    }
    text
}

/// Whether the link between `from` and `to` is a long-lived stream.
pub(super) fn stream(view: &View, from: &str, to: &str) -> bool {
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
pub(super) fn parse(action: &str, style: &str) -> Option<Call> {
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
pub(super) fn offered(view: &View, s: &ServiceView) -> Vec<Offered> {
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

#[cfg(test)]
#[path = "flows_tests.rs"]
mod tests;
