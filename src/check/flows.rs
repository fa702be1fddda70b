//! Flows against the contracts: a synchronous flow step that names an operation
//! (`POST /v1/orders/{id}/cancel`, `mutation updateTask`, a gRPC method such as
//! `ListStockLevels`) calls one its callee's contract offers, or a gateway's routes reach.
//! Messages, streams, external systems and steps in prose are not checked.

use super::{Input, Problem};
use crate::model::Model;
use crate::view::View;
pub(super) use crate::view::calls::{Call, Offered, offered, parse, sites, stream};

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

#[cfg(test)]
#[path = "flows_tests.rs"]
mod tests;
