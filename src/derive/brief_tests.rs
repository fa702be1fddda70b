//! The brief's cross-checks on a small shop: Place runs Checkout, which creates orders with
//! OrderPlaced; Amend runs a flow that cancels on 40% of its runs.

use super::super::capacity;
use super::super::graph::tests::{graph, model};
use super::*;

fn shop(amend_share: u32, growth: &str) -> String {
    format!(
        "version: 1\nname: t\nrequirements:\n  domain: d\n  scale: {{peak_rps: 1200, data_growth: {growth}}}\n  use_cases:\n    - {{name: Place, share: 10, served_by: [Checkout]}}\n    - {{name: Track, share: {track}, served_by: [orders]}}\n    - {{name: Amend, share: {amend_share}, served_by: [Amend]}}\nclients: [{{name: web}}]\nservices:\n  - name: orders\n    responsibility: r\n    publishes:\n      - {{name: OrderPlaced, key: order_id, fields: [{{name: order_id, type: uuid}}, {{name: total, type: money}}]}}\n      - {{name: OrderCancelled, fields: [{{name: order_id, type: uuid}}]}}\n    api: {{resources: [{{name: Order, fields: [{{name: total, type: money}}]}}]}}\n  - {{name: pay, responsibility: r, consumes: [OrderPlaced, OrderCancelled]}}\ncommunication:\n  brokers: [{{name: k, technology: Kafka}}]\n  links: [{{from: web, to: orders}}]\n  flows:\n    - name: Checkout\n      steps:\n        - {{from: web, to: orders, action: POST /orders}}\n        - {{from: orders, to: k, action: OrderPlaced}}\n        - opt:\n            name: declined\n            share: 5\n            steps: [{{from: orders, to: k, action: OrderCancelled}}]\n    - name: Amend\n      steps:\n        - alt:\n            - name: address\n              share: 60\n              steps: [{{from: web, to: orders, action: POST /orders/1/amend}}]\n            - name: cancel\n              share: 40\n              steps:\n                - {{from: web, to: orders, action: POST /orders/1/cancel}}\n                - {{from: orders, to: k, action: OrderCancelled}}\n",
        track = 90 - amend_share,
    )
}

fn brief(yaml: &str) -> Brief {
    let m = model(yaml);
    let g = graph(&m);
    let c = capacity::derive(&g);
    derive(&g, &c)
}

#[test]
fn a_flow_acting_on_entities_created_elsewhere_is_set_against_the_creations() {
    let b = brief(&shop(5, "40 GB per month"));
    // OrderPlaced creates what its key names; OrderCancelled has no key but its `order_id`.
    assert_eq!(
        creations(&graph(&model(&shop(5, "x"))))
            .iter()
            .map(|c| (c.event.as_str(), c.key.as_str()))
            .collect::<Vec<_>>(),
        [("OrderPlaced", "order_id")]
    );
    // Checkout's own cancellations follow its creations (the flow bounds them); Amend's do not:
    // 5% of 1,200 = 60 runs, 40% of them cancel = 24 a second against 120 orders placed.
    assert_eq!(b.follow_ups.len(), 1, "{:?}", b.follow_ups);
    let f = &b.follow_ups[0];
    assert_eq!(
        (f.event.as_str(), f.flow.as_str(), f.use_case.as_deref()),
        ("OrderCancelled", "Amend", Some("Amend"))
    );
    assert_eq!(f.use_case_index, Some(2));
    assert_eq!((f.runs_per_s, f.share, f.rate_per_s), (60.0, 40.0, 24.0));
    assert_eq!((f.creation_per_s, f.percent, f.one_in), (120.0, 20.0, 5.0));
}

#[test]
fn the_declared_growth_is_set_against_what_the_creations_write() {
    // 120 orders a second at peak, 40 a second on average: 3,456,000 a day, 103,680,000 a
    // month, each 99 B of fields (order_id 50 B, total 49 B) = 10.3 GB a month.
    let g = brief(&shop(5, "1 GB per month")).growth.expect("a growth");
    assert_eq!(g.declared_bytes, 1e9);
    let r = &g.records[0];
    assert_eq!(
        (r.event.as_str(), r.owner.as_str()),
        ("OrderPlaced", "orders")
    );
    assert_eq!(
        (r.per_day, r.per_month, r.record_bytes),
        (3_456_000.0, 103_680_000.0, 99)
    );
    assert!((g.needed_bytes - 10_264_320_000.0).abs() < 1.0 && g.over);
    assert!((r.allowed_bytes - 9.645).abs() < 0.001);
    let g = brief(&shop(5, "40 GB per month")).growth.expect("a growth");
    assert!(!g.over);
    assert_eq!(brief(&shop(5, "steady")).growth, None);
    // A month of working days counts 21 of them.
    let working =
        shop(5, "1 GB per month").replace("  scale:", "  capacity: {days_per_month: 21}\n  scale:");
    let g = brief(&working).growth.expect("a growth");
    assert_eq!((g.days_per_month, g.days_stated), (21.0, true));
    assert_eq!(g.records[0].per_month, 3_456_000.0 * 21.0);
}

#[test]
fn an_event_every_run_publishes_creates_only_on_the_runs_that_create() {
    // Checkout creates in a branch taken on 30% of runs and publishes OrderPlaced on all.
    let yaml = shop(5, "1 GB per month").replace(
        "        - {from: web, to: orders, action: POST /orders}\n",
        "        - alt:\n            - name: new\n              share: 30\n              steps: [{from: web, to: orders, action: POST /orders}]\n            - name: again\n              share: 70\n              steps: [{from: web, to: orders, action: PUT /orders/1}]\n",
    );
    let c = creations(&graph(&model(&yaml)));
    assert_eq!(c.len(), 1, "{c:?}");
    assert!((c[0].share - 0.3).abs() < 1e-9, "{c:?}");
    let g = brief(&yaml).growth.expect("a growth");
    assert!((g.records[0].per_day - 3_456_000.0 * 0.3).abs() < 1e-6);
}

#[test]
fn a_creation_is_a_post_to_the_collection_or_a_create_named_for_the_resource() {
    let r = crate::model::Resource {
        name: "OrderLine".into(),
        plural: Some("lines".into()),
        ..Default::default()
    };
    for yes in [
        "POST /v1/orders/{id}/lines",
        "post /lines?x=1",
        "mutation createOrderLine",
        "CreateOrderLine",
    ] {
        assert!(creates(yes, &r), "{yes}");
    }
    for no in [
        "POST /v1/lines/{id}/cancel",
        "GET /lines",
        "mutation updateOrderLine",
        "OrderPlaced",
    ] {
        assert!(!creates(no, &r), "{no}");
    }
}

#[test]
fn a_creation_in_a_branch_still_creates() {
    // Checkout places the order only when the stock is there: OrderPlaced sits in an `alt`.
    let branched = shop(5, "x").replace(
        "        - {from: orders, to: k, action: OrderPlaced}\n",
        "        - alt:\n            - name: placed\n              share: 95\n              steps: [{from: orders, to: k, action: OrderPlaced}]\n            - name: refused\n              share: 5\n              steps: [{from: orders, to: web, action: Out of stock}]\n",
    );
    let c = creations(&graph(&model(&branched)));
    assert_eq!(
        c.iter()
            .map(|c| (c.event.as_str(), c.flows.clone()))
            .collect::<Vec<_>>(),
        [("OrderPlaced", vec!["Checkout".to_owned()])]
    );
    // Amend's cancellations are set against the 114 orders placed a second (95% of 120).
    let b = brief(&branched);
    let f = (b.follow_ups.iter())
        .find(|f| f.flow == "Amend")
        .expect("Amend follows the branched creation");
    assert!((f.creation_per_s - 114.0).abs() < 1e-9, "{f:?}");
}
