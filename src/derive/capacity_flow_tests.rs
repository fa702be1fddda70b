//! Rates that come from the flows naming a call or publishing an event, not from every request
//! or event that reaches the caller.

use super::super::graph::tests::{graph, model};
use super::*;

/// A shop: Buy runs Checkout (which checks stock once per order and pays from the
/// OrderPlaced consumer); Track enters at orders and pays nothing; Cancel publishes
/// OrderCancelled. payments publishes PaymentFailed, which no flow carries.
const SHOP: &str = "version: 1\nname: t\nrequirements:\n  domain: d\n  scale: {peak_rps: 1000}\n  use_cases:\n    - {name: Buy, share: 10, served_by: [Checkout]}\n    - {name: Track, share: 80, served_by: [orders]}\n    - {name: Cancel, share: 10, served_by: [Cancel]}\nclients: [{name: web}]\nservices:\n  - name: orders\n    responsibility: r\n    publishes:\n      - {name: OrderPlaced, fields: [{name: order_id, type: uuid}]}\n      - {name: OrderCancelled, fields: [{name: order_id, type: uuid}]}\n  - {name: stock, responsibility: r}\n  - {name: audit, responsibility: r}\n  - name: payments\n    responsibility: r\n    consumes: [OrderPlaced, OrderCancelled]\n    publishes:\n      - {name: PaymentCaptured, fields: [{name: order_id, type: uuid}]}\n      - {name: PaymentFailed, fields: [{name: order_id, type: uuid}]}\n  - {name: mailer, kind: worker, responsibility: r, consumes: [PaymentCaptured]}\nexternals: [{name: psp}, {name: smtp}]\ncommunication:\n  brokers: [{name: k, technology: Kafka}]\n  links:\n    - {from: web, to: orders}\n    - {from: orders, to: stock}\n    - {from: orders, to: audit}\n    - {from: payments, to: psp, background: true}\n    - {from: mailer, to: smtp}\n  flows:\n    - name: Checkout\n      steps:\n        - {from: web, to: orders, action: POST /orders}\n        - {from: orders, to: stock, action: CheckStock}\n        - {from: orders, to: stock, action: Reserve}\n        - {from: orders, to: k, action: OrderPlaced, async: true}\n        - {from: k, to: payments, action: OrderPlaced, async: true}\n        - {from: payments, to: psp, action: Capture}\n        - {from: payments, to: k, action: PaymentCaptured, async: true}\n    - name: Cancel\n      steps:\n        - {from: web, to: orders, action: DELETE /orders/1}\n        - {from: orders, to: k, action: OrderCancelled, async: true}\n";

fn node(c: &Capacity, name: &str) -> f64 {
    c.nodes.iter().find(|n| n.name == name).unwrap().rate_rps
}

#[test]
fn a_call_a_flow_names_carries_only_the_rate_of_the_use_cases_running_it() {
    let m = model(SHOP);
    let c = derive(&graph(&m));
    // Checkout runs 100 times a second and calls stock twice; the 800 tracking reads that
    // enter at orders make no stock call, because only Checkout names one.
    assert_eq!(node(&c, "orders"), 1000.0);
    assert_eq!((c.calls[1], node(&c, "stock")), (200.0, 200.0));
    // orders → audit is in no flow: one call per request that reaches orders outside a flow
    // (the 800 tracking reads), said so.
    assert_eq!(c.calls[2], 800.0);
    let per_request = c
        .assumptions
        .iter()
        .find(|a| a.id == "capacity.calls-per-request")
        .expect("the per-request fallback is stated");
    assert!(per_request.value.contains("orders → audit"));
    assert!(!per_request.value.contains("orders → stock"));
    // The capture is a flow step (100/s); the mailer's call is in none: one per event it
    // consumes, stated as such.
    assert_eq!((c.calls[3], c.calls[4]), (100.0, 100.0));
    let per_event = c
        .assumptions
        .iter()
        .find(|a| a.id == "capacity.calls-per-event")
        .expect("the per-event fallback is stated");
    assert!(per_event.value.contains("mailer → smtp") && !per_event.value.contains("psp"));
}

#[test]
fn an_event_no_flow_publishes_follows_only_the_consumed_events_that_lead_to_it() {
    let m = model(SHOP);
    let c = derive(&graph(&m));
    let failed = c
        .events
        .iter()
        .find(|e| e.event == "PaymentFailed")
        .unwrap();
    // payments consumes OrderPlaced (100/s) and OrderCancelled (100/s), but only OrderPlaced
    // makes it act in a flow: a failed payment is bounded by the captures, not by 200.
    assert_eq!(failed.rate_per_s, 100.0);
    assert_eq!(
        (failed.rate_from.as_str(), failed.rate_basis.clone()),
        ("consumed", vec!["OrderPlaced".to_owned()])
    );
    let a = c
        .assumptions
        .iter()
        .find(|a| a.id == "capacity.events-per-request")
        .unwrap();
    assert!(
        a.value
            .contains("PaymentFailed: at most one per OrderPlaced payments handles")
    );
    // Without a flow that shows payments acting, every consumed event counts.
    let m = model(&SHOP.replace("        - {from: payments, to: psp, action: Capture}\n        - {from: payments, to: k, action: PaymentCaptured, async: true}\n", ""));
    let c = derive(&graph(&m));
    let failed = c
        .events
        .iter()
        .find(|e| e.event == "PaymentFailed")
        .unwrap();
    assert_eq!(failed.rate_per_s, 200.0);
}
