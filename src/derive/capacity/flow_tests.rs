//! Rates that come from the flows naming a call or publishing an event, not from every request
//! or event that reaches the caller.

use super::*;
use crate::derive::graph::tests::{graph, model};

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

/// A shop where Buy places an order whose card is charged or declined (a declined card cancels
/// the order through a compensation) and Amend changes an address or cancels.
const BRANCHES: &str = "version: 1\nname: t\nrequirements:\n  domain: d\n  scale: {peak_rps: 1000}\n  use_cases:\n    - {name: Buy, share: 10, served_by: [Checkout]}\n    - {name: Amend, share: 5, served_by: [Amend]}\n    - {name: Track, share: 85, served_by: [orders]}\nclients: [{name: web}]\nservices:\n  - {name: gw, kind: gateway, responsibility: r}\n  - name: orders\n    responsibility: r\n    publishes:\n      - {name: OrderPlaced, fields: [{name: order_id, type: uuid}]}\n      - {name: OrderCancelled, fields: [{name: order_id, type: uuid}]}\n  - name: payments\n    responsibility: r\n    consumes: [OrderPlaced]\n    publishes: [{name: PaymentCaptured}, {name: PaymentFailed}]\ncommunication:\n  brokers: [{name: k, technology: Kafka}]\n  links:\n    - {from: web, to: gw}\n    - {from: gw, to: orders}\n  flows:\n    - name: Checkout\n      steps:\n        - {from: web, to: gw, action: POST /orders}\n        - {from: gw, to: orders, action: POST /orders}\n        - {from: orders, to: k, action: OrderPlaced, compensation: Cancel the order and publish OrderCancelled., compensate_on: PaymentFailed}\n        - {from: k, to: payments, action: OrderPlaced}\n        - alt:\n            - {when: charged, share: 95, steps: [{from: payments, to: k, action: PaymentCaptured}]}\n            - {when: declined, share: 5, steps: [{from: payments, to: k, action: PaymentFailed}]}\n    - name: Amend\n      steps:\n        - alt:\n            - {when: new address, share: 60, steps: [{from: web, to: gw, action: POST amend}, {from: gw, to: orders, action: POST amend}]}\n            - when: cancel\n              share: 40\n              steps:\n                - {from: web, to: gw, action: POST cancel}\n                - {from: gw, to: orders, action: POST cancel}\n                - {from: orders, to: k, action: OrderCancelled}\n";

fn event(c: &Capacity, name: &str) -> f64 {
    c.events
        .iter()
        .find(|e| e.event == name)
        .unwrap()
        .rate_per_s
}

#[test]
fn a_branch_carries_only_its_share_of_the_flows_runs() {
    let m = model(BRANCHES);
    let c = derive(&graph(&m));
    // Amend's two alternatives are 50 requests a second together, not 100: the gateway takes
    // exactly the peak.
    assert_eq!(node(&c, "gw"), 1000.0);
    assert_eq!(node(&c, "orders"), 1000.0);
    assert!((event(&c, "PaymentCaptured") - 95.0).abs() < 1e-9);
    assert!((event(&c, "PaymentFailed") - 5.0).abs() < 1e-9);
    // Cancelled: 5 a second from declined cards (the compensation PaymentFailed triggers) and
    // 20 from support; below the 100 orders placed that lead to it.
    assert!((event(&c, "OrderCancelled") - 25.0).abs() < 1e-9);
    assert!(c.causes.iter().all(|x| !x.over), "{:?}", c.causes);
    let cancelled = c
        .events
        .iter()
        .find(|e| e.event == "OrderCancelled")
        .unwrap();
    let parts: Vec<(&str, f64, f64)> = cancelled
        .flows
        .iter()
        .map(|f| (f.flow.as_str(), f.runs_per_s, (f.share * 1e6).round() / 1e6))
        .collect();
    assert_eq!(parts, [("Checkout", 100.0, 5.0), ("Amend", 50.0, 40.0)]);
    assert!(
        c.assumptions
            .iter()
            .all(|a| a.id != "capacity.branch-shares")
    );
}

#[test]
fn unstated_shares_split_evenly_and_are_said_to_be_assumed() {
    let m = model(
        &BRANCHES
            .replace(", share: 95", "")
            .replace("              share: 40\n", "")
            .replace(", share: 60", "")
            .replace(", share: 5,", ","),
    );
    let c = derive(&graph(&m));
    assert_eq!(node(&c, "gw"), 1000.0);
    assert!((event(&c, "PaymentFailed") - 50.0).abs() < 1e-9);
    assert!((event(&c, "OrderCancelled") - 75.0).abs() < 1e-9);
    let a = c
        .assumptions
        .iter()
        .find(|a| a.id == "capacity.branch-shares")
        .expect("the even split is stated as an assumption");
    assert!(a.value.contains("Checkout: declined 50%") && a.value.contains("Amend: cancel 50%"));
    assert_eq!(a.key, "communication.flows[].steps[].alt[].share");
}

#[test]
fn a_flow_sending_several_requests_a_run_runs_fewer_times() {
    // Checkout sends a follow-up GET on a fifth of its runs: 1.2 requests a run, so Buy's 100
    // requests a second are 83.3 runs, and the gateway still takes exactly the peak.
    let m = model(&BRANCHES.replace(
        "        - {from: k, to: payments, action: OrderPlaced}\n",
        "        - {from: k, to: payments, action: OrderPlaced}\n        - opt: {when: 3-D Secure, share: 20, steps: [{from: web, to: gw, action: GET /payments}]}\n",
    ));
    let c = derive(&graph(&m));
    let buy = c.mix.iter().find(|r| r.use_case == "Buy").unwrap();
    assert!((buy.requests_per_run - 1.2).abs() < 1e-9);
    assert!((buy.runs_per_s - 100.0 / 1.2).abs() < 1e-9);
    assert!((node(&c, "gw") - 1000.0).abs() < 1e-9);
    assert!((event(&c, "OrderPlaced") - 100.0 / 1.2).abs() < 1e-9);
}
