//! Tests of the flow-against-contract check.

use super::*;
use crate::text::same_path;

/// The findings for a model: a REST `orders` with a cancel action, a gRPC `inventory`, a
/// GraphQL `boards` and a gateway in front of `orders`, with the flow steps `steps`.
fn found(steps: &str) -> Vec<Found> {
    let yaml = format!(
        r#"version: 1
name: t
requirements: {{domain: shop}}
clients: [{{name: web}}]
externals: [{{name: stripe}}]
services:
  - {{name: gateway, kind: gateway, responsibility: Routes.}}
  - name: orders
    responsibility: Orders.
    api:
      resources:
        - name: Order
          operations: [get, create]
          actions: [{{name: cancel}}]
  - {{name: inventory, responsibility: Stock., api: {{style: grpc, resources: [{{name: StockLevel, operations: [list]}}]}}}}
  - {{name: boards, responsibility: Boards., api: {{style: graphql, resources: [{{name: Task, operations: [get, update, subscribe]}}]}}}}
communication:
  links:
    - {{from: web, to: gateway}}
    - {{from: gateway, to: orders}}
    - {{from: orders, to: inventory}}
    - {{from: web, to: boards}}
    - {{from: orders, to: stripe}}
  flows:
    - name: F
      steps:
{steps}"#
    );
    let model: Model = serde_yaml::from_str(&yaml).expect("test model parses");
    let view = crate::view::build(&model);
    unoffered(&model, &view)
}

fn step(from: &str, to: &str, action: &str) -> String {
    format!("        - {{from: {from}, to: {to}, action: \"{action}\"}}\n")
}

#[test]
fn operations_the_contracts_offer_pass() {
    let steps = [
        step("web", "gateway", "POST /v1/orders"),
        step("gateway", "orders", "GET /v1/orders/{id}"),
        step("gateway", "orders", "POST /v1/orders/42/cancel"),
        step("orders", "inventory", "ListStockLevels"),
        step(
            "orders",
            "inventory",
            "inventory.v1.Inventory/ListStockLevels",
        ),
        step("web", "boards", "mutation updateTask(id: 1)"),
        step("web", "boards", "subscription taskChanged"),
        step("web", "boards", "POST /graphql"),
        // Prose, external systems and messages are not checked.
        step("orders", "inventory", "Reserve the stock"),
        step("orders", "stripe", "POST /v1/charges"),
        "        - {from: orders, to: inventory, action: StockReserved, async: true}\n".into(),
    ]
    .concat();
    assert_eq!(found(&steps), []);
}

#[test]
fn a_call_no_operation_offers_is_found_with_the_nearest() {
    let steps = [
        step("gateway", "orders", "GET /v1/orders"),
        step("web", "gateway", "POST /v1/orders/{id}/refund"),
        step("orders", "inventory", "ReserveStock"),
        "        - alt:\n            - when: x\n              steps:\n".into(),
        "                - {from: web, to: boards, action: mutation deleteTask}\n".into(),
    ]
    .concat();
    let found = found(&steps);
    let at: Vec<&str> = found.iter().map(|f| f.at.as_str()).collect();
    assert_eq!(
        at,
        [
            "/communication/flows/0/steps/0/action",
            "/communication/flows/0/steps/1/action",
            "/communication/flows/0/steps/2/action",
            "/communication/flows/0/steps/3/alt/0/steps/0/action",
        ]
    );
    assert_eq!(
        found[0].message,
        "flow `F` step 1 calls `GET /v1/orders` on `orders`, which no operation `orders`'s contract offers"
    );
    assert!(
        found[0].help.starts_with("did you mean `GET /v1/orders/{orderId}`? call one of its operations (`GET /v1/orders/{orderId}`, `POST /v1/orders`, `POST /v1/orders/{orderId}/cancel`)"),
        "{}",
        found[0].help
    );
    assert!(
        found[1]
            .message
            .ends_with("which no operation the services behind `gateway` route"),
        "{}",
        found[1].message
    );
    assert!(
        found[2].help.contains("`ListStockLevels`"),
        "{}",
        found[2].help
    );
    assert!(
        found[3].help.contains("`mutation updateTask`"),
        "{}",
        found[3].help
    );
}

#[test]
fn paths_match_segment_by_segment_with_parameters() {
    assert!(same_path("/v1/orders/{orderId}", "/v1/orders/123/"));
    assert!(same_path("/v1/orders/:id", "/v1/orders/{orderId}"));
    assert!(!same_path("/v1/orders/{orderId}", "/v1/orders"));
    assert!(!same_path(
        "/v1/orders/{orderId}/cancel",
        "/v1/orders/{id}/amend"
    ));
    assert_eq!(parse("Capture payment", "rest"), None);
    assert_eq!(parse("Capture", "rest"), None);
    assert_eq!(
        parse("DELETE /v1/a?x=1", "rest"),
        Some(Call::Http {
            method: "DELETE".into(),
            path: "/v1/a".into()
        })
    );
}
