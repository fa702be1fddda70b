//! The capacity model end to end on a small shop: the mix, events, partitions, storage, caches
//! and connections.

use super::*;
use crate::derive::graph::tests::{graph, model};

const SHOP: &str = "version: 1\nname: t\nrequirements:\n  domain: d\n  scale: {peak_rps: 1000}\n  use_cases:\n    - {name: Buy, share: 20, served_by: [Checkout]}\n    - {name: Browse, served_by: [catalog]}\nclients: [{name: web}]\nservices:\n  - {name: gw, kind: gateway, responsibility: r}\n  - name: orders\n    responsibility: r\n    data: [{name: o, store: PostgreSQL}]\n    publishes: [{name: OrderPlaced, fields: [{name: order_id, type: uuid}]}]\n  - {name: catalog, responsibility: r}\n  - {name: stock, responsibility: r, consumes: [OrderPlaced]}\ncommunication:\n  brokers: [{name: k, technology: Kafka}]\n  links:\n    - {from: web, to: gw}\n    - {from: gw, to: orders}\n    - {from: gw, to: catalog}\n    - {from: orders, to: stock}\n  flows:\n    - name: Checkout\n      steps:\n        - {from: web, to: gw, action: POST /orders}\n        - {from: gw, to: orders, action: POST /orders}\n        - {from: orders, to: k, action: OrderPlaced, async: true}\nperformance:\n  caches: [{name: c, service: catalog, technology: Redis, holds: x, ttl_seconds: 10}]\n";

fn rate(c: &Capacity, name: &str) -> f64 {
    c.nodes.iter().find(|n| n.name == name).unwrap().rate_rps
}

#[test]
fn the_mix_routes_each_use_case() {
    let m = model(SHOP);
    let c = derive(&graph(&m));
    // Buy: 20% of 1000 through its flow; Browse takes the other 80% at catalog.
    assert_eq!((c.mix[0].rate_rps, c.mix[1].share), (200.0, 80.0));
    assert!(c.mix[1].share_assumed && !c.mix[0].share_assumed);
    assert_eq!((rate(&c, "orders"), rate(&c, "catalog")), (200.0, 800.0));
    // The flow's steps name no call to stock, so none reaches it.
    assert_eq!(rate(&c, "stock"), 0.0);
    assert_eq!(c.calls[1], 200.0);
    let stock = c.nodes.iter().find(|n| n.name == "stock").unwrap();
    assert_eq!(stock.events_per_s, 200.0);
    // Browse enters at catalog through the edge: web -> gw -> catalog.
    assert_eq!(
        (c.calls[0], c.calls[2], rate(&c, "gw")),
        (1000.0, 800.0, 1000.0)
    );
    assert!(
        c.assumptions
            .iter()
            .any(|a| a.id == "capacity.use-case-mix")
    );
}

#[test]
fn without_a_mix_the_gateway_splits_evenly_and_says_so() {
    let m = model(
        &SHOP
            .replace(", share: 20, served_by: [Checkout]", "")
            .replace(", served_by: [catalog]", ""),
    );
    let c = derive(&graph(&m));
    assert_eq!((rate(&c, "orders"), rate(&c, "catalog")), (500.0, 500.0));
    assert_eq!(rate(&c, "stock"), 500.0);
    let ids: Vec<&str> = c.assumptions.iter().map(|a| a.id.as_str()).collect();
    assert!(ids.contains(&"capacity.gateway-split") && ids.contains(&"capacity.calls-per-request"));
}

#[test]
fn events_partitions_and_storage() {
    let m = model(SHOP);
    let c = derive(&graph(&m));
    let e = &c.events[0];
    // 200 checkouts a second publish 200 OrderPlaced; at a 50 ms handler one partition
    // takes 20 a second, so twice the peak needs 20 partitions.
    assert_eq!((e.rate_per_s, e.rate_from.as_str()), (200.0, "flow"));
    let t = &c.topics[0];
    assert_eq!(
        (t.per_partition, t.partitions_needed, t.partitions),
        (20.0, 20, 20)
    );
    assert!(e.partitioned);
    assert_eq!(e.bytes, ENVELOPE_BYTES + 8 + 4 + 38);
    let day = 200.0 / 3.0 * 86_400.0;
    assert_eq!(e.retained_bytes, day * 7.0 * 3.0 * f64::from(e.bytes));
}

#[test]
fn a_jetstream_stream_has_lanes_not_partitions_and_keeps_what_its_broker_says() {
    let js = SHOP
        .replace(
            "{name: k, technology: Kafka}",
            "{name: k, technology: NATS JetStream, retention_hours: 24}",
        )
        .replace(
            "publishes: [{name: OrderPlaced,",
            "publishes: [{name: OrderPlaced, key: order_id,",
        );
    let m = model(&js);
    let c = derive(&graph(&m));
    let e = &c.events[0];
    // No Kafka floor of one partition per replica (12): the lanes are what twice the peak
    // needs by Little's law, as subject shards by the key.
    assert!(!e.partitioned);
    let t = &c.topics[0];
    assert_eq!((t.partitions, t.consumer_replicas), (20, 1));
    assert_eq!(t.key.as_deref(), Some("order_id"));
    assert_eq!(e.key.as_deref(), Some("order_id"));
    // Kept for the broker's 24 hours, not an assumed 7 days, and not listed as assumed.
    assert_eq!(
        (e.retention_hours, e.retention_from.as_str()),
        (24, "broker")
    );
    let day = 200.0 / 3.0 * 86_400.0;
    assert_eq!(e.retained_bytes, day * 1.0 * 3.0 * f64::from(e.bytes));
    assert!(
        !c.assumptions
            .iter()
            .any(|a| a.id == "capacity.event-retention")
    );
    // Without the broker's period the system's, then the assumed 7 days.
    let m = model(&js.replace(", retention_hours: 24", ""));
    let c = derive(&graph(&m));
    assert_eq!(
        (
            c.events[0].retention_hours,
            c.events[0].retention_from.as_str()
        ),
        (168, "assumed")
    );
    assert!(
        c.assumptions
            .iter()
            .any(|a| a.id == "capacity.event-retention"
                && a.key == "communication.brokers[].retention_hours")
    );
}

#[test]
fn declared_partitions_bound_the_throughput() {
    let m = model(&SHOP.replace(
        "  domain: d\n",
        "  domain: d\n  capacity: {partitions: {OrderPlaced: 4}}\n",
    ));
    let c = derive(&graph(&m));
    assert_eq!(
        (c.topics[0].partitions, c.topics[0].throughput_per_s),
        (4, 80.0)
    );
}

#[test]
fn cache_memory_and_connections() {
    let m = model(SHOP);
    let c = derive(&graph(&m));
    // 800 reads a second for 10 s: 8000 entries of 1 KiB.
    assert_eq!(
        (c.caches[0].entries, c.caches[0].bytes),
        (8000, 8000.0 * 1024.0)
    );
    // 10 connections per replica, at most 12 replicas (3 at a 99.9% target, x 4).
    assert_eq!(
        (
            c.stores[0].pool,
            c.stores[0].replicas,
            c.stores[0].connections
        ),
        (10, 12, 120)
    );
    // A service that answers requests and consumes events runs two Deployments, each scaling
    // to the most replicas with its own pools: twice the connections.
    let both = SHOP.replace(
        "    data: [{name: o, store: PostgreSQL}]\n",
        "    data: [{name: o, store: PostgreSQL}]\n    consumes: [OrderPlaced]\n",
    );
    let c = derive(&graph(&model(&both)));
    assert_eq!((c.stores[0].deployments, c.stores[0].connections), (2, 240));
}

#[test]
fn an_events_own_retention_beats_its_brokers() {
    let js = SHOP
        .replace(
            "{name: k, technology: Kafka}",
            "{name: k, technology: NATS JetStream, retention_hours: 24}",
        )
        .replace(
            "publishes: [{name: OrderPlaced,",
            "publishes: [{name: OrderPlaced, retention_hours: 720,",
        );
    let m = model(&js);
    let c = derive(&graph(&m));
    let e = &c.events[0];
    assert_eq!(
        (e.retention_hours, e.retention_from.as_str()),
        (720, "event")
    );
    let day = 200.0 / 3.0 * 86_400.0;
    assert_eq!(e.retained_bytes, day * 30.0 * 3.0 * f64::from(e.bytes));
}

#[test]
fn a_flow_step_no_link_carries_is_listed_beside_the_links_calls() {
    let m = model(
        &SHOP
            .replace("services:\n", "externals: [{name: Psp}]\nservices:\n")
            .replace(
                "        - {from: web, to: gw, action: POST /orders}\n",
                "        - {from: web, to: Psp, action: Tokenise the card}\n        - {from: web, to: gw, action: POST /orders}\n",
            ),
    );
    let c = derive(&graph(&m));
    assert_eq!(rate(&c, "Psp"), 200.0);
    let u: Vec<(&str, Vec<&str>, f64)> = c
        .unlinked
        .iter()
        .map(|u| {
            let callers = u.callers.iter().map(String::as_str).collect();
            (u.to.as_str(), callers, u.rate_rps)
        })
        .collect();
    assert_eq!(
        u,
        [("Psp", vec!["web"], 200.0)],
        "the gateway's calls all have links"
    );
}
