//! Promises in the documents that the contracts must keep: a Markdown clause that names a
//! service and promises an `ETag` or `If-Match` holds only when that service's contract declares
//! one (`concurrency: etag` on a resource), or, for a gateway or BFF without resources of its
//! own, when a service it calls does. It reads the files as they are, so a hand edit or a team
//! template that promises more than the contracts is found as well as a built-in one.

use super::{Input, Problem};
use crate::diagnostic::Finding;
use crate::view::View;
use std::collections::BTreeMap;

pub(super) fn documents(input: &Input, files: &BTreeMap<String, String>) -> Vec<Problem> {
    unkept(input.view, files)
        .into_iter()
        .map(|u| Problem {
            kind: "document-promise".into(),
            finding: Finding::new(
                input.name(&u.file),
                format!(
                    "the document promises an `ETag` or `If-Match` of `{}`, but its contract declares none",
                    u.service
                ),
            )
            .at(u.line, 1)
            .help("set `concurrency: etag` on the service's resource in the model, so its contract returns `ETag` and takes `If-Match`, or take the promise out of the document (of its template, for a generated one)"),
        })
        .collect()
}

/// A document line promising what a contract does not declare.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Unkept {
    pub file: String,
    pub line: usize,
    pub service: String,
}

/// Every promise of an `ETag` in the Markdown `files` that a named service's contract does not
/// keep, outside code blocks.
pub(super) fn unkept(view: &View, files: &BTreeMap<String, String>) -> Vec<Unkept> {
    let http = &view.performance.http;
    let mut out = Vec::new();
    for (file, text) in files.iter().filter(|(p, _)| p.ends_with(".md")) {
        let mut fenced = false;
        for (i, line) in text.lines().enumerate() {
            if line.trim_start().starts_with("```") {
                fenced = !fenced;
                continue;
            }
            if fenced {
                continue;
            }
            for clause in line.split([';', '\n']).flat_map(|c| c.split(". ")) {
                if !promises_etag(clause) {
                    continue;
                }
                for s in &view.services {
                    let name = &s.node.name;
                    if mentions(clause, name) && !http.keeps_etag(&view.services, name) {
                        out.push(Unkept {
                            file: file.clone(),
                            line: i + 1,
                            service: name.clone(),
                        });
                    }
                }
            }
        }
    }
    out
}

/// Whether `clause` promises an `ETag` or `If-Match` rather than denying one.
fn promises_etag(clause: &str) -> bool {
    let c = clause.to_lowercase();
    (c.contains("etag") || c.contains("if-match"))
        && !["no ", "not ", "without", "none", "never"]
            .iter()
            .any(|n| c.contains(n))
}

/// Whether `clause` names `name` as a word of its own: not part of a path, an identifier, a
/// topic or a longer name (`/v1/orders`, `svc_orders`, `orders.v1`, `orders-api`).
fn mentions(clause: &str, name: &str) -> bool {
    let joined = |c: char| c.is_alphanumeric() || "_-/{}".contains(c);
    clause.match_indices(name).any(|(at, _)| {
        let before = clause[..at].chars().next_back();
        let mut after = clause[at + name.len()..].chars();
        let next = after.next();
        // A full stop ends a sentence; one followed by a letter joins a dotted name.
        let dotted = next == Some('.') && after.next().is_some_and(char::is_alphanumeric);
        before.is_none_or(|c| !joined(c) && c != '.') && next.is_none_or(|c| !joined(c)) && !dotted
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Model;

    fn view() -> View {
        let yaml = r#"version: 1
name: t
requirements: {domain: shop}
clients: [{name: web}]
services:
  - {name: gateway, kind: gateway, serves: [web], responsibility: Routes.}
  - name: orders
    responsibility: Orders.
    api: {resources: [{name: Order, concurrency: etag}]}
  - name: payments
    responsibility: Payments.
    api: {resources: [{name: Payment}]}
  - name: inventory
    responsibility: Stock.
    api: {style: grpc, resources: [{name: StockLevel}]}
communication:
  links: [{from: web, to: gateway}, {from: gateway, to: orders}, {from: gateway, to: payments}]
"#;
        let model: Model = serde_yaml::from_str(yaml).expect("test model parses");
        crate::view::build(&model)
    }

    fn found(doc: &str) -> Vec<(usize, String)> {
        let files = BTreeMap::from([("caching.md".to_string(), doc.to_string())]);
        unkept(&view(), &files)
            .into_iter()
            .map(|u| (u.line, u.service))
            .collect()
    }

    #[test]
    fn a_blanket_etag_promise_is_found_for_each_service_without_one() {
        let doc = "## HTTP caching\n\ngateway, orders, payments and inventory answer every `GET` with an `ETag` and an explicit `Cache-Control`.\n";
        assert_eq!(
            found(doc),
            [(3, "payments".to_string()), (3, "inventory".to_string())]
        );
    }

    #[test]
    fn promises_the_contracts_keep_and_denials_pass() {
        let doc = "orders (Order) returns an `ETag` with every read; gateway passes it on.\n\
                   The reads of payments carry no `ETag`.\n\
                   gateway to orders: POST /v1/orders/{id}/cancel, 412 when If-Match is stale.\n\
                   svc_payments -->|200 with the new ETag| x; see /v1/payments/{id} and payments.v1 ETag\n\
                   ```http\npayments answers with an ETag\n```\n";
        assert_eq!(found(doc), []);
    }

    #[test]
    fn the_rendered_caching_document_keeps_its_promises() {
        let model = crate::load::parse(
            include_str!("../../examples/order-management/archgen.yaml"),
            "archgen.yaml",
        )
        .expect("the example loads");
        let view = crate::view::build(&model);
        let caching = include_str!("../../examples/order-management/docs/caching.md");
        let files = BTreeMap::from([("caching.md".to_string(), caching.to_string())]);
        assert_eq!(unkept(&view, &files), []);
    }
}
