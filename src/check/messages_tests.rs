//! Tests of the consumer-reads and delivery-policy checks.

use super::*;

/// A model: `orders` publishes `OrderPlaced` (with `order_id` and `total`) on `kafka`, and
/// `Ping` (no payload) on `redis`; `payments` consumes both; `extra` is appended under
/// `payments`, `links` under `communication.links`.
fn model(extra: &str, links: &str, envelope: bool) -> Model {
    let yaml = format!(
        r#"version: 1
name: t
requirements: {{domain: shop}}
services:
  - name: orders
    responsibility: Orders.
    publishes:
      - name: OrderPlaced
        broker: kafka
        fields: [{{name: order_id, type: uuid}}, {{name: total, type: money}}]
      - {{name: Ping, broker: redis}}
  - name: payments
    responsibility: Payments.
    consumes: [OrderPlaced, Ping]
{extra}communication:
  brokers:
    - {{name: kafka, technology: Kafka}}
    - {{name: redis, technology: Redis Pub/Sub}}
{envelope}  links:
{links}"#,
        envelope = if envelope { "  envelope: {}\n" } else { "" },
    );
    serde_yaml::from_str(&yaml).expect("test model parses")
}

fn reads(extra: &str, envelope: bool) -> Vec<Found> {
    let m = model(
        extra,
        "    - {from: orders, to: payments, style: async, events: [OrderPlaced]}\n",
        envelope,
    );
    unread(&m, &crate::view::build(&m))
}

fn delivery(links: &str) -> Vec<Found> {
    let m = model("", links, false);
    undeliverable(&m, &crate::view::build(&m))
}

#[test]
fn fields_the_event_carries_are_read_without_a_finding() {
    let extra = "    reads: {OrderPlaced: [order_id, total, event_id]}\n";
    assert_eq!(reads(extra, true), []);
    assert_eq!(reads("", false), []);
}

#[test]
fn a_field_the_event_does_not_carry_is_found() {
    let extra = "    reads: {OrderPlaced: [order_id, lines, totl, event_id], Ping: [at]}\n";
    let found = reads(extra, false);
    let at: Vec<&str> = found.iter().map(|f| f.at.as_str()).collect();
    // Without an envelope, `event_id` is not carried either.
    assert_eq!(
        at,
        [
            "/services/1/reads/OrderPlaced/1",
            "/services/1/reads/OrderPlaced/2",
            "/services/1/reads/OrderPlaced/3",
            "/services/1/reads/Ping/0",
        ]
    );
    assert_eq!(
        found[0].message,
        "`payments` reads `lines` from `OrderPlaced`, which carries `order_id`, `total`"
    );
    assert_eq!(
        found[0].help,
        "add `lines` to the `fields` of `OrderPlaced` where `orders` publishes it, or let `payments` fetch it from `orders` instead"
    );
    assert!(
        found[1].help.starts_with("correct it to `total`, or "),
        "{}",
        found[1].help
    );
    assert!(
        found[3].message.ends_with("which names no payload fields"),
        "{}",
        found[3].message
    );
}

#[test]
fn a_policy_its_broker_and_contract_can_honour_passes() {
    let links = "    - from: orders\n      to: payments\n      events: [OrderPlaced]\n      delivery: {max_attempts: 5, retry_topic: true, dead_letter: true, redrive: by hand}\n    - from: orders\n      to: payments\n      events: [Ping]\n      delivery: {max_attempts: 1}\n";
    assert_eq!(delivery(links), []);
    // A redrive beside the consumers' own dead letters, which the link leaves unsaid.
    let unsaid = links.replace("dead_letter: true, redrive", "redrive");
    assert_eq!(delivery(&unsaid), []);
}

#[test]
fn a_policy_nothing_can_honour_is_found() {
    let links = "    - from: orders\n      to: payments\n      events: [Ping]\n      delivery: {max_attempts: 3, dead_letter: true}\n    - from: orders\n      to: kafka\n      events: [OrderPlaced]\n      delivery: {max_attempts: 3}\n    - from: orders\n      to: payments\n      events: [OrderPlaced]\n      delivery: {retry_hours: 24, dead_letter: false, redrive: by hand}\n";
    let found = delivery(links);
    let got: Vec<(&str, &str)> = found
        .iter()
        .map(|f| (f.at.as_str(), f.message.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (
                "/communication/links/0/delivery",
                "link orders -> payments asks for a dead-letter queue and redelivery of `Ping`, but broker `redis` (Redis Pub/Sub) keeps no message: one the consumer fails or misses is gone"
            ),
            (
                "/communication/links/1/delivery",
                "link orders -> kafka goes to a broker, so no consumer's contract carries its delivery policy"
            ),
            (
                "/communication/links/2/delivery/retry_hours",
                "link orders -> payments is no webhook delivery, but its policy sets `retry_hours`"
            ),
            (
                "/communication/links/2/delivery/redrive",
                "link orders -> payments says how dead letters are redriven, but dead-letters nothing"
            ),
        ]
    );
    // A webhook delivery may set its response deadline and retry hours.
    let webhook = "    - from: orders\n      to: payments\n      protocol: HTTPS webhook\n      events: [OrderPlaced]\n      delivery: {retry_hours: 24, respond_within_seconds: 5}\n";
    assert_eq!(delivery(webhook), []);
}
