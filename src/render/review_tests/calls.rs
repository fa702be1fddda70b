//! The rules on synchronous calls: nesting, latency budgets, timeouts, retries and their
//! amplification, connection timeouts, bulkheads, streams and idempotent retries.

use super::{Case, assert_finds, case, findings, with};
use crate::model::Model;
use crate::render::Renderer;

/// A case for each rule of this family.
pub(super) fn cases() -> Vec<Case> {
    let gw_orders = "{from: gw, to: orders}";
    vec![
        case(
            "nested-call:gw->orders",
            &[(
                gw_orders,
                "{from: gw, to: orders, resilience: {timeout_ms: 100}}",
            )],
        ),
        case(
            "latency-budget:orders->stock",
            &[(", latency_p99_ms: 40}", ", latency_p99_ms: 2000}")],
        ),
        case(
            "timeout-below-callee-p99:orders->stock",
            &[(
                "{from: orders, to: stock}",
                "{from: orders, to: stock, resilience: {timeout_ms: 30}}",
            )],
        ),
        case(
            "retry-amplification:web>gw>orders>stock",
            &[(
                gw_orders,
                "{from: gw, to: orders, resilience: {retries: {max_attempts: 3}}}",
            )],
        ),
        case(
            "connect-timeout:orders->stock",
            &[("resilience:\n", "resilience:\n  connect_timeout_ms: 5000\n")],
        ),
        case(
            "bulkhead:gw->orders",
            &[("resilience:\n", "resilience:\n  bulkhead: 1\n")],
        ),
        case(
            "retry-without-idempotency:pay->psp",
            &[RETRIED_PSP, UNKEYED_PSP],
        ),
        case(
            "stream-retries:web->live",
            &[
                (
                    "  - {name: pay,",
                    "  - {name: live, responsibility: r, api: {style: websocket}}\n  - {name: pay,",
                ),
                (
                    "    - {from: web, to: gw}\n",
                    "    - {from: web, to: gw}\n    - {from: web, to: live, resilience: {timeout_ms: 100}}\n",
                ),
            ],
        ),
    ]
}

#[test]
fn each_call_rule_finds_what_it_is_for() {
    assert_finds(&cases());
}

/// A retried call to the provider, and a retried gRPC create.
const RETRIED_PSP: (&str, &str) = (
    "{from: pay, to: psp, background: true}",
    "{from: pay, to: psp, background: true, resilience: {retries: {max_attempts: 2}}}",
);

/// The provider takes no idempotency key.
const UNKEYED_PSP: (&str, &str) = (
    "availability: 99.99, idempotency_header: Idempotency-Key}]",
    "availability: 99.99}]",
);

#[test]
fn a_retried_write_needs_an_idempotency_key_its_callee_takes() {
    // The provider's own key header makes the retry safe.
    let keyed = with(&[RETRIED_PSP]);
    assert_eq!(findings(&keyed), Vec::<String>::new());
    let model: Model = serde_yaml::from_str(&keyed).unwrap();
    let view = Renderer::builtin().unwrap().view(&model).unwrap();
    let w = &view.resilience.retried_writes[0];
    assert_eq!((w.caller.as_str(), w.callee.as_str()), ("pay", "psp"));
    assert_eq!(w.header.as_deref(), Some("Idempotency-Key"));
    assert_eq!(w.key_from, "message");
    // A retried read of the provider needs no key.
    let read = with(&[
        RETRIED_PSP,
        UNKEYED_PSP,
        (
            "        - {from: orders, to: k, action: OrderPlaced}\n",
            "        - {from: orders, to: k, action: OrderPlaced}\n        - {from: pay, to: psp, action: GET /v1/balance}\n",
        ),
    ]);
    assert_eq!(findings(&read), Vec::<String>::new());
    // A gRPC contract takes no key: retrying its create may create twice; its get is fine.
    let grpc = with(&[(
        "api: {resources: [{name: Stock, fields: [{name: sku, type: string}], operations: [get]}]}",
        "api: {style: grpc, resources: [{name: Stock, fields: [{name: sku, type: string}], operations: [get, create]}]}",
    )]);
    assert_eq!(findings(&grpc), ["retry-without-idempotency:orders->stock"]);
}

#[test]
fn a_redelivered_write_needs_a_key_even_at_one_attempt() {
    // Background work makes one attempt, but each redelivery of its message repeats it: a
    // call the model says nothing of is not known to write, a charge is.
    assert_eq!(findings(&with(&[UNKEYED_PSP])), Vec::<String>::new());
    let charge = (
        "{from: pay, to: psp, background: true}",
        "{from: pay, to: psp, background: true, purpose: Charge the card.}",
    );
    let once = with(&[UNKEYED_PSP, charge]);
    assert_eq!(findings(&once), ["retry-without-idempotency:pay->psp"]);
    let model: Model = serde_yaml::from_str(&once).unwrap();
    let view = Renderer::builtin().unwrap().view(&model).unwrap();
    let w = &view.resilience.retried_writes[0];
    assert_eq!((w.attempts, w.background), (1, true));
    assert!(
        w.window_ms > 60_000,
        "the redeliveries' span counts: {}",
        w.window_ms
    );
    // The span is the redeliveries, then the last delivery's call: the table says both.
    assert!(w.redelivery_ms > 60_000 && w.redelivery_ms < w.window_ms);
    let review = &view.review[0];
    assert!(
        review.message.contains("repeats, on every redelivery"),
        "{}",
        review.message
    );
}

#[test]
fn a_retried_rest_update_takes_the_key_in_its_contract() {
    let yaml = with(&[("operations: [get]}]}}", "operations: [get, update]}]}}")]);
    assert_eq!(findings(&yaml), Vec::<String>::new());
    let model: Model = serde_yaml::from_str(&yaml).unwrap();
    let view = Renderer::builtin().unwrap().view(&model).unwrap();
    let stock = view
        .services
        .iter()
        .find(|s| s.node.name == "stock")
        .unwrap();
    let update = &stock.api.resources[0].operations[1];
    assert_eq!(
        (update.kind.as_str(), update.idempotency_key),
        ("update", true)
    );
    // Nobody retries orders' calls from the gateway: its update takes no key.
    let orders = with(&[(
        "api: {resources: [{name: Order, fields: [{name: order_id, type: uuid}]}]}",
        "api: {resources: [{name: Order, fields: [{name: order_id, type: uuid}], operations: [get, update]}]}",
    )]);
    let model: Model = serde_yaml::from_str(&orders).unwrap();
    let view = Renderer::builtin().unwrap().view(&model).unwrap();
    let orders = view
        .services
        .iter()
        .find(|s| s.node.name == "orders")
        .unwrap();
    assert!(!orders.api.resources[0].operations[1].idempotency_key);
}
