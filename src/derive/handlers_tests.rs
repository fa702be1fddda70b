//! Lanes follow the handler's own time, calls included, not the system's latency.

use super::super::graph::tests::{graph, model};
use super::super::{capacity, resilience};

/// 100 orders a second; the mailer consumes each OrderPlaced and emails on half of them
/// through smtp (2 s timeout, 3 attempts, a 400 ms p99); the system's p50 is 100 ms.
const MAIL: &str = "version: 1\nname: t\nrequirements:\n  domain: d\n  scale: {peak_rps: 100}\n  latency: {p50_ms: 100, p99_ms: 400}\n  use_cases: [{name: Buy, served_by: [Checkout]}]\nclients: [{name: web}]\nservices:\n  - name: orders\n    responsibility: r\n    publishes: [{name: OrderPlaced, fields: [{name: order_id, type: uuid}]}]\n  - {name: mailer, kind: worker, responsibility: r, consumes: [OrderPlaced]}\nexternals: [{name: smtp, latency_p99_ms: 400}]\ncommunication:\n  brokers: [{name: nats, technology: NATS JetStream}]\n  links:\n    - {from: web, to: orders}\n    - {from: mailer, to: smtp, resilience: {timeout_ms: 2000, retries: {max_attempts: 3, initial_ms: 500}}}\n  flows:\n    - name: Checkout\n      steps:\n        - {from: web, to: orders, action: POST /orders}\n        - {from: orders, to: nats, action: OrderPlaced}\n        - {from: nats, to: mailer, action: OrderPlaced}\n        - opt:\n            when: the customer wants mail\n            share: 50\n            steps:\n              - {from: mailer, to: smtp, action: Send}\n";

#[test]
fn lanes_are_sized_on_the_handlers_time_with_its_calls() {
    let m = model(MAIL);
    let g = graph(&m);
    let mut cap = capacity::derive(&g);
    let res = resilience::derive(&g, &cap);
    let times = super::derive(&g, &res);
    let t = &times[0];
    assert_eq!(
        (t.consumer.as_str(), t.event.as_str()),
        ("mailer", "OrderPlaced")
    );
    // Its own 100 ms, plus smtp at its own p99 (400 ms, under the 2 s timeout) on half of
    // the messages: 300 ms, not the 100 ms p50.
    assert_eq!(t.calls.len(), 1);
    assert_eq!((t.calls[0].share, t.calls[0].typical_ms), (0.5, 400.0));
    assert_eq!(t.typical_ms, 300.0);
    // At worst: 3 attempts of 2 s and the waits between them.
    let smtp = &res.calls[1];
    assert_eq!(smtp.attempts, 3);
    assert_eq!(t.worst_ms, 100.0 + smtp.worst_case_ms as f64);
    assert!(t.worst_ms > 6000.0);
    super::apply(&m, &mut cap, times);
    let e = &cap.topics[0];
    // Twice 100/s × 0.3 s = 60 lanes (the p50 alone gave 20), taking 200/s, and at worst
    // only 60 ÷ the worst case.
    assert_eq!(e.partitions, 60);
    assert!((e.throughput_per_s - 200.0).abs() < 1e-9);
    assert!((e.throughput_worst_per_s - 60_000.0 / e.handler_worst_ms).abs() < 1e-9);
    assert_eq!(e.handler_consumer.as_deref(), Some("mailer"));
}

/// The mailer also consumes OrderShipped, which a flow delivers with no call after it.
const MAIL_AND_SHIPPED: &str = "version: 1\nname: t\nrequirements:\n  domain: d\n  scale: {peak_rps: 100}\n  latency: {p50_ms: 100, p99_ms: 400}\n  use_cases: [{name: Buy, served_by: [Checkout]}]\nclients: [{name: web}]\nservices:\n  - name: orders\n    responsibility: r\n    publishes: [{name: OrderPlaced, fields: [{name: order_id, type: uuid}]}, {name: OrderShipped, fields: [{name: order_id, type: uuid}]}]\n  - {name: mailer, kind: worker, responsibility: r, consumes: [OrderPlaced, OrderShipped]}\nexternals: [{name: smtp}]\ncommunication:\n  brokers: [{name: nats, technology: NATS JetStream}]\n  links:\n    - {from: web, to: orders}\n    - {from: mailer, to: smtp, resilience: {timeout_ms: 2000}}\n  flows:\n    - name: Checkout\n      steps:\n        - {from: web, to: orders, action: POST /orders}\n        - {from: orders, to: nats, action: OrderPlaced}\n        - {from: nats, to: mailer, action: OrderPlaced}\n        - {from: mailer, to: smtp, action: Send}\n        - {from: orders, to: nats, action: OrderShipped}\n        - {from: nats, to: mailer, action: OrderShipped}\n";

#[test]
fn a_delivery_a_flow_shows_without_a_call_makes_none() {
    let m = model(MAIL_AND_SHIPPED);
    let g = graph(&m);
    let cap = capacity::derive(&g);
    let times = super::derive(&g, &resilience::derive(&g, &cap));
    let of = |event: &str| times.iter().find(|t| t.event == event).unwrap();
    // OrderPlaced is followed by the smtp call; OrderShipped by nothing, so its handler is
    // the consumer's own 100 ms, not the call it makes for another event.
    assert_eq!(of("OrderPlaced").calls.len(), 1);
    assert!(of("OrderShipped").calls.is_empty());
    assert_eq!(of("OrderShipped").typical_ms, 100.0);
}

#[test]
fn a_callee_without_a_latency_is_taken_at_its_callers_timeout_not_the_systems_p99() {
    let m = model(&MAIL.replace("{name: smtp, latency_p99_ms: 400}", "{name: smtp}"));
    let g = graph(&m);
    let mut cap = capacity::derive(&g);
    let res = resilience::derive(&g, &cap);
    assert_eq!(res.calls[1].callee_latency_from, "callers");
    assert!(
        res.assumptions
            .iter()
            .any(|a| a.id == "resilience.callee-latency"
                && a.value.ends_with("smtp 2 s (the timeout mailer states)"))
    );
    let times = super::derive(&g, &res);
    // smtp may take the whole 2 s mailer gives it: 100 + 2000 / 2 = 1.1 s a message.
    assert_eq!(times[0].typical_ms, 1100.0);
    super::apply(&m, &mut cap, times);
    assert_eq!(cap.topics[0].partitions, 220);
}

#[test]
fn a_stated_handler_time_is_the_whole_time() {
    let yaml = format!("{MAIL}resilience:\n  consumers: {{handler_ms: 250}}\n");
    let m = model(&yaml);
    let g = graph(&m);
    let mut cap = capacity::derive(&g);
    let res = resilience::derive(&g, &cap);
    let times = super::derive(&g, &res);
    // The stated 250 ms includes the smtp call (400 ms on half the messages: 200 ms); at
    // worst the call still runs to its timeouts.
    assert!(times[0].stated && times[0].calls.len() == 1);
    assert_eq!(times[0].typical_ms, 250.0);
    assert_eq!(times[0].worst_ms, res.calls[1].worst_case_ms as f64);
    super::apply(&m, &mut cap, times);
    // 2 × 100/s × 0.25 s = 50 lanes.
    assert_eq!(cap.topics[0].partitions, 50);
}

#[test]
fn a_stated_handler_time_is_never_shorter_than_its_calls() {
    let yaml = format!("{MAIL}resilience:\n  consumers: {{handler_ms: 40}}\n");
    let m = model(&yaml);
    let g = graph(&m);
    let cap = capacity::derive(&g);
    let times = super::derive(&g, &resilience::derive(&g, &cap));
    // 40 ms cannot hold a 400 ms call made on half the messages: 200 ms.
    assert_eq!(times[0].typical_ms, 200.0);
}

#[test]
fn a_consumer_with_no_api_gets_a_freshness_objective_from_its_worst_case() {
    let m = model(MAIL);
    let g = graph(&m);
    let mut cap = capacity::derive(&g);
    let res = resilience::derive(&g, &cap);
    let times = super::derive(&g, &res);
    let worst = times[0].worst_ms;
    super::apply(&m, &mut cap, times);
    // Only the mailer (no API) gets one: its worst case rounded up to whole 10 s.
    assert_eq!(cap.freshness.len(), 1);
    let f = &cap.freshness[0];
    assert_eq!(f.service, "mailer");
    assert_eq!(f.seconds, ((worst / 1000.0 / 10.0).ceil() * 10.0) as u32);
    assert!(!f.stated);
    assert!(cap.assumptions.iter().any(|a| a.id == "capacity.freshness"));
    let stated = MAIL.replace(
        "kind: worker, responsibility: r,",
        "kind: worker, responsibility: r, slo: {freshness_seconds: 5},",
    );
    let m = model(&stated);
    let g = graph(&m);
    let mut cap = capacity::derive(&g);
    let times = super::derive(&g, &resilience::derive(&g, &cap));
    super::apply(&m, &mut cap, times);
    assert_eq!(
        (cap.freshness[0].seconds, cap.freshness[0].stated),
        (5, true)
    );
}

#[test]
fn a_consumer_that_serves_requests_has_a_freshness_objective_only_when_it_states_one() {
    let served = MAIL.replace(
        "  - {name: mailer, kind: worker, responsibility: r, consumes: [OrderPlaced]}",
        "  - {name: mailer, responsibility: r, consumes: [OrderPlaced], api: {resources: [{name: Mail, fields: [{name: to, type: email}]}]}}",
    );
    let freshness = |yaml: &str| {
        let m = model(yaml);
        let g = graph(&m);
        let mut cap = capacity::derive(&g);
        let times = super::derive(&g, &resilience::derive(&g, &cap));
        super::apply(&m, &mut cap, times);
        cap.freshness
            .iter()
            .map(|f| (f.service.clone(), f.seconds))
            .collect::<Vec<_>>()
    };
    assert_eq!(freshness(&served), []);
    let promised = served.replace(
        "consumes: [OrderPlaced],",
        "consumes: [OrderPlaced], slo: {freshness_seconds: 10},",
    );
    assert_eq!(freshness(&promised), [("mailer".to_owned(), 10)]);
}
