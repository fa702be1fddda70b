//! A topic has one partition count, whatever the number of events on it, sized from its
//! busiest consumer group's work.

use super::super::graph::tests::{graph, model};
use super::super::{capacity, handlers, resilience};

/// Buy and Cancel each send 500 requests a second; OrderPlaced and OrderCancelled both travel
/// on `orders.events` (Kafka), which payments consumes; the mailer reads OrderCancelled and
/// mails on each through smtp (400 ms p99). A handler's own work is 50 ms.
const SHARED: &str = "version: 1\nname: t\nrequirements:\n  domain: d\n  scale: {peak_rps: 5000}\n  use_cases:\n    - {name: Buy, share: 10, served_by: [Checkout]}\n    - {name: Cancel, share: 10, served_by: [Cancel]}\n    - {name: Browse, share: 80, served_by: [orders]}\nclients: [{name: web}]\nservices:\n  - name: orders\n    responsibility: r\n    publishes:\n      - {name: OrderPlaced, topic: orders.events, fields: [{name: order_id, type: uuid}]}\n      - {name: OrderCancelled, topic: orders.events, fields: [{name: order_id, type: uuid}]}\n  - {name: payments, responsibility: r, consumes: [OrderPlaced, OrderCancelled]}\n  - {name: mailer, kind: worker, responsibility: r, consumes: [OrderCancelled]}\nexternals: [{name: smtp, latency_p99_ms: 400}]\ncommunication:\n  brokers: [{name: k, technology: Kafka}]\n  links:\n    - {from: web, to: orders}\n    - {from: mailer, to: smtp, resilience: {timeout_ms: 2000}}\n  flows:\n    - name: Checkout\n      steps:\n        - {from: web, to: orders, action: POST /orders}\n        - {from: orders, to: k, action: OrderPlaced, async: true}\n    - name: Cancel\n      steps:\n        - {from: web, to: orders, action: DELETE /orders/1}\n        - {from: orders, to: k, action: OrderCancelled, async: true}\n        - {from: k, to: mailer, action: OrderCancelled, async: true}\n        - {from: mailer, to: smtp, action: Send}\n";

#[test]
fn two_events_on_one_topic_get_one_partition_count_from_their_summed_rate() {
    let m = model(SHARED);
    let c = capacity::derive(&graph(&m));
    let rates: Vec<f64> = c.events.iter().map(|e| e.rate_per_s).collect();
    assert_eq!(rates, [500.0, 500.0]);
    // One topic, carrying both: 1000 a second. At 50 ms a message a partition takes 20 a
    // second, so twice the peak needs 100 partitions (each event alone would have said 50).
    assert_eq!(c.topics.len(), 1);
    let t = &c.topics[0];
    assert_eq!(t.events, ["OrderPlaced", "OrderCancelled"]);
    assert_eq!(t.rate_per_s, 1000.0);
    assert_eq!(
        (t.per_partition, t.partitions_needed, t.partitions),
        (20.0, 100, 100)
    );
    assert_eq!(t.throughput_per_s, 2000.0);
}

fn handled(yaml: &str) -> capacity::Capacity {
    let m = model(yaml);
    let g = graph(&m);
    let mut c = capacity::derive(&g);
    let times = handlers::derive(&g, &resilience::derive(&g, &c));
    handlers::apply(&m, &mut c, times);
    c
}

#[test]
fn the_busiest_consumer_group_sizes_the_topic_from_the_events_it_handles() {
    let c = handled(SHARED);
    // The mailer takes 50 + 400 ms for each of 500 OrderCancelled a second and reads past
    // 500 OrderPlaced at 1 ms: 0.5 + 225 = 225.5 s of work a second, so 451 lanes (the
    // slowest time charged to all 1000 a second would have said 900). Payments handles both
    // at 50 ms: 50 s a second.
    let t = &c.topics[0];
    assert!((t.busy_s - 225.5).abs() < 1e-9);
    assert_eq!(t.handler_consumer.as_deref(), Some("mailer"));
    assert_eq!(t.handler_event.as_deref(), Some("OrderCancelled"));
    assert_eq!(t.partitions, 451);
    assert!((t.handler_ms - 225.5).abs() < 1e-9);
    let terms: Vec<(&str, f64, bool)> = t
        .busy_terms
        .iter()
        .map(|b| (b.event.as_str(), b.ms, b.skipped))
        .collect();
    assert_eq!(
        terms,
        [("OrderPlaced", 1.0, true), ("OrderCancelled", 450.0, false)]
    );
    // Every consumer of the topic reads it on those lanes, against the topic's whole rate,
    // and at worst over its own mix.
    for h in &c.handlers {
        assert_eq!((h.topic.as_str(), h.lanes), ("orders.events", 451));
        assert_eq!(h.topic_rate_per_s, 1000.0);
    }
    let pay = c
        .handlers
        .iter()
        .find(|h| h.consumer == "payments")
        .unwrap();
    assert!((pay.worst_per_s - 451.0 * 1000.0 / 50.0).abs() < 1e-6);
    let mail = c.handlers.iter().find(|h| h.consumer == "mailer").unwrap();
    let worst_s = 0.5 + 500.0 * mail.worst_ms / 1000.0;
    assert!((mail.worst_per_s - 451.0 * 1000.0 / worst_s).abs() < 1e-6);
    assert!((t.throughput_worst_per_s - mail.worst_per_s).abs() < 1e-6);
    // The assumption behind it is stated, with the key that fixes the count.
    let a = c
        .assumptions
        .iter()
        .find(|a| a.id == "capacity.partition-lanes");
    assert!(a.is_some_and(|a| a.key == "requirements.capacity.partitions"));
}

#[test]
fn a_slow_consumer_of_a_rare_event_does_not_size_a_topic_a_fast_one_keeps_busier() {
    // Cancel is now 1% of the peak: 50 OrderCancelled a second against 500 OrderPlaced.
    let rare = SHARED
        .replace(
            "share: 10, served_by: [Cancel]",
            "share: 1, served_by: [Cancel]",
        )
        .replace(
            "share: 80, served_by: [orders]",
            "share: 89, served_by: [orders]",
        );
    let c = handled(&rare);
    let t = &c.topics[0];
    assert_eq!(t.rate_per_s, 550.0);
    // Payments: 550 × 50 ms = 27.5 s a second; the mailer: 500 × 1 ms + 50 × 450 ms = 23.
    // Payments binds: 55 lanes, where the slowest handler × every event said 495.
    assert_eq!(t.handler_consumer.as_deref(), Some("payments"));
    assert!((t.busy_s - 27.5).abs() < 1e-9);
    assert_eq!((t.partitions_needed, t.partitions), (55, 55));
    assert!((t.throughput_per_s - 55.0 * 550.0 / 27.5).abs() < 1e-6);
}

#[test]
fn a_count_fixed_for_the_topic_wins_over_one_fixed_for_an_event_on_it() {
    let fixed = |what: &str| {
        let yaml = SHARED.replace(
            "  domain: d\n",
            &format!("  domain: d\n  capacity: {{partitions: {{{what}}}}}\n"),
        );
        let m = model(&yaml);
        let t = capacity::derive(&graph(&m)).topics.remove(0);
        (t.partitions, t.declared_as, t.throughput_per_s)
    };
    // Fixed per event (the model's older form): the topic takes the largest.
    assert_eq!(
        fixed("OrderPlaced: 8, OrderCancelled: 12"),
        (12, Some("OrderCancelled".into()), 240.0)
    );
    assert_eq!(
        fixed("OrderCancelled: 12, orders.events: 6"),
        (6, Some("orders.events".into()), 120.0)
    );
}

#[test]
fn a_stated_skip_cost_replaces_the_assumed_millisecond() {
    // At 5 ms to read past each of 500 OrderPlaced a second, the mailer's work is 2.5 + 225 =
    // 227.5 s a second: 455 lanes, where the assumed 1 ms gave 451.
    let stated = SHARED.replace(
        "  scale: {peak_rps: 5000}\n",
        "  scale: {peak_rps: 5000}\n  capacity: {skip_ms: 5}\n",
    );
    let c = handled(&stated);
    let t = &c.topics[0];
    assert!((t.busy_s - 227.5).abs() < 1e-9, "{}", t.busy_s);
    assert_eq!(t.partitions, 455);
    assert_eq!(c.skip_ms, 5.0);
    let a = c
        .assumptions
        .iter()
        .find(|a| a.id == "capacity.partition-lanes")
        .unwrap();
    assert!(a.value.contains("5 ms (the model's"), "{}", a.value);
}
