//! Which operations take the idempotency key, decided once for the contracts and the prose:
//! every create and every action (a `POST`, not idempotent by its method), and every update
//! that a caller retries (`retried::derive`'s links, and a client's retries passed on by a
//! gateway or backend for frontend). Reads and deletes are idempotent by their
//! method and take none; a gRPC contract has no header to carry one (the design review names
//! its retried writes). The OpenAPI and GraphQL files and api-contracts.md all read the result.

use super::View;
use crate::text::english::and_list;
use serde::Serialize;

/// The operations of one API that take the idempotency key.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Keyed {
    /// Each, as its contract names it: `POST /v1/orders`, `mutation cancelOrder`.
    pub operations: Vec<String>,
    /// Their kinds in words, e.g. `creates and actions`.
    pub kinds: String,
}

/// Marks each operation that takes the key and lists them per API.
pub(super) fn mark(view: &mut View) {
    let mut retried: Vec<String> = view
        .resilience
        .retried_writes
        .iter()
        .filter(|w| !w.external)
        .map(|w| w.callee.clone())
        .collect();
    retried.extend(behind_retrying_edge(view));
    for s in &mut view.services {
        let retried = retried.contains(&s.node.name);
        let api = &mut s.api;
        let graphql = api.style == "graphql";
        let keys = matches!(api.style.as_str(), "rest" | "sse" | "webhooks") || graphql;
        let mut ops = Vec::new();
        let mut kinds = [false; 3];
        for r in &mut api.resources {
            for o in &mut r.operations {
                o.idempotency_key = keys && (o.kind == "create" || (retried && o.kind == "update"));
                if o.idempotency_key {
                    kinds[usize::from(o.kind == "update")] = true;
                    ops.push(if graphql {
                        format!("mutation {}", o.graphql)
                    } else {
                        format!("{} {}", o.method.to_uppercase(), o.path)
                    });
                }
            }
            for a in r.actions.iter_mut().filter(|_| keys) {
                a.idempotency_key = true;
                kinds[2] = true;
                ops.push(if graphql {
                    format!("mutation {}", a.operation_id)
                } else {
                    format!("POST {}", a.path)
                });
            }
        }
        let words: Vec<&str> = ["creates", "updates", "actions"]
            .into_iter()
            .zip(kinds)
            .filter_map(|(w, k)| k.then_some(w))
            .collect();
        api.keyed = Keyed {
            operations: ops,
            kinds: and_list(&words),
        };
    }
}

/// The services a client's own retries reach through a gateway or backend for frontend, which
/// passes a retried request on as it came: a retried update whose first attempt went through
/// would find its `If-Match` stale and get `412` for the caller's own change.
fn behind_retrying_edge(view: &View) -> Vec<String> {
    let retries = |l: &super::LinkView| {
        (l.policy.as_ref())
            .and_then(|p| p.derivation.as_ref())
            .is_some_and(|d| d.attempts >= 2)
    };
    let edges: Vec<&str> = (view.links.iter())
        .filter(|l| l.from.kind == "client" && matches!(l.to.kind.as_str(), "gateway" | "bff"))
        .filter(|l| retries(l))
        .map(|l| l.to.name.as_str())
        .collect();
    (view.links.iter())
        .filter(|l| edges.contains(&l.from.name.as_str()))
        .map(|l| l.to.name.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::model::Model;

    fn keyed(retries: &str) -> Vec<(String, Vec<String>, Vec<bool>)> {
        keyed_with(retries, "1", "")
    }

    /// The key per operation where `web` retries `client` times, `web-api` (of `kind`) retries
    /// orders `retries` times.
    fn keyed_with(
        retries: &str,
        client: &str,
        kind: &str,
    ) -> Vec<(String, Vec<String>, Vec<bool>)> {
        let yaml = format!(
            r#"version: 1
name: t
requirements: {{domain: shop}}
clients: [{{name: web}}]
services:
  - name: web-api
    responsibility: Edge.{kind}
  - name: orders
    responsibility: Orders.
    api:
      resources:
        - {{name: Order, operations: [list, get, create, update, delete], actions: [{{name: cancel}}]}}
  - name: stock
    responsibility: Stock.
    api: {{style: grpc, resources: [{{name: Item, operations: [create]}}]}}
communication:
  links:
    - {{from: web, to: web-api, resilience: {{retries: {{max_attempts: {client}}}}}}}
    - {{from: web-api, to: orders, resilience: {{retries: {{max_attempts: {retries}}}}}}}
"#
        );
        let model: Model = serde_yaml::from_str(&yaml).expect("test model parses");
        let view = crate::view::build(&model);
        view.services
            .iter()
            .map(|s| {
                (
                    s.api.keyed.kinds.clone(),
                    s.api.keyed.operations.clone(),
                    s.api
                        .resources
                        .iter()
                        .flat_map(|r| &r.operations)
                        .map(|o| o.idempotency_key)
                        .collect(),
                )
            })
            .collect()
    }

    #[test]
    fn creates_and_actions_take_the_key_and_updates_when_retried() {
        let once = keyed("1");
        assert_eq!(once[1].0, "creates and actions");
        assert_eq!(
            once[1].1,
            ["POST /v1/orders", "POST /v1/orders/{orderId}/cancel"]
        );
        assert_eq!(once[1].2, [false, false, true, false, false]);
        let retried = keyed("3");
        assert_eq!(retried[1].0, "creates, updates and actions");
        assert_eq!(retried[1].2, [false, false, true, true, false]);
        assert!(
            retried[1]
                .1
                .contains(&"PATCH /v1/orders/{orderId}".to_string())
        );
        assert_eq!(retried[2].0, "", "a gRPC contract carries no key");
    }

    #[test]
    fn a_clients_retries_through_a_gateway_key_the_updates_behind_it() {
        let gateway = "\n    kind: gateway";
        // The client retries, the gateway passes each attempt on: orders' update is retried.
        let through = keyed_with("1", "2", gateway);
        assert_eq!(through[1].0, "creates, updates and actions");
        assert_eq!(through[1].2, [false, false, true, true, false]);
        // A client that does not retry, or a service (not a gateway) that answers it itself.
        assert!(!keyed_with("1", "1", gateway)[1].2[3]);
        assert!(!keyed_with("1", "2", "")[1].2[3]);
    }
}
