//! Resilience numbers that agree across documents and hold under bursts: bulkheads sized for
//! the burst over a floor, the degradation of a provider stated with the schedules of the
//! events its consumer handles, and in-place redelivery held to the consumer's freshness.

use crate::support::{MINIMAL, doc, render};

/// MINIMAL with a peak load, so bulkheads are derived.
fn with_peak() -> String {
    MINIMAL.replace(
        "  domain: retail\n",
        "  domain: retail\n  scale: {peak_rps: 10}\n",
    )
}

/// `with_peak` where `payments` consumes `OrderPlaced` and charges `psp` in its handler, with
/// the link's own `delivery` (a YAML flow mapping's inside).
fn consumer_calling_a_provider(delivery: &str) -> String {
    with_peak()
        .replace(
            "            - {name: total, type: money}\n",
            "            - {name: total, type: money}\n    publishes:\n      - {name: OrderPlaced, fields: [{name: order_id, type: uuid}]}\n",
        )
        .replace(
            "    responsibility: Takes payments.\n",
            "    responsibility: Takes payments.\n    consumes: [OrderPlaced]\n",
        )
        .replace(
            "    - {from: orders, to: payments}\n",
            &format!(
                "    - {{from: orders, to: payments}}\n    - {{from: orders, to: payments, style: async, events: [OrderPlaced], delivery: {{{delivery}}}}}\n    - {{from: payments, to: psp, background: true}}\n"
            ),
        )
        .replace(
            "communication:\n",
            "externals: [{name: psp, description: Card payments.}]\ncommunication:\n  brokers: [{name: bus, technology: Kafka}]\n",
        )
}

/// The bulkhead cell in resilience.md of the call from `from` to `to`.
fn bulkhead_cell(r: &str, from: &str, to: &str) -> String {
    let row = r
        .lines()
        .find(|l| l.starts_with(&format!("| {from} | {to} |")))
        .unwrap_or_else(|| panic!("no row {from} -> {to}: {r}"));
    row.split(" | ").nth(6).expect("a bulkhead cell").to_owned()
}

#[test]
fn a_quiet_call_gets_a_bulkhead_for_its_bursts_and_every_document_prints_it() {
    let env = render(&with_peak());
    let r = doc(&env, "resilience.md");
    let cell = bulkhead_cell(&r, "orders", "payments");
    let size: u32 = cell
        .split_whitespace()
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{cell}"));
    assert!(
        size >= 4
            && (cell.contains("in flight, the floor") || cell.contains("in flight, plus bursts")),
        "{cell}"
    );
    assert!(
        r.contains("plus three times its square root") && r.contains("never under 4"),
        "{r}"
    );
    let o = doc(&env, "observability.md");
    assert!(
        o.contains(&format!("calls to payments (bulkhead of {size})")),
        "{o}"
    );
    let c = doc(&env, "caching.md");
    assert!(
        c.contains("sized to that call's bulkhead per replica (each call's own"),
        "{c}"
    );
    let a = doc(&env, "assumptions.md");
    assert!(a.contains("Little's law plus three square roots"), "{a}");
}

#[test]
fn a_providers_degradation_uses_the_schedule_its_consumer_follows() {
    let env = render(&consumer_calling_a_provider("max_attempts: 4"));
    let r = doc(&env, "resilience.md");
    let row = r
        .lines()
        .find(|l| l.starts_with("| psp (external system) |"))
        .unwrap_or_else(|| panic!("{r}"));
    assert!(
        row.contains("they are dead-lettered after 4 deliveries over 7 s"),
        "{row}"
    );
    // A count the link states is judged too.
    assert!(r.contains("dlq-provider-outage:payments-\\>psp"), "{r}");
}

#[test]
fn in_place_redelivery_past_the_consumers_freshness_is_a_finding() {
    let stale = consumer_calling_a_provider("max_attempts: 20").replace(
        "    responsibility: Takes payments.\n",
        "    responsibility: Takes payments.\n    slo: {freshness_seconds: 60}\n",
    );
    let r = doc(&render(&stale), "resilience.md");
    assert!(
        r.contains("in-place-redelivery-stale:payments:OrderPlaced"),
        "{r}"
    );
    let parked = stale.replace("max_attempts: 20", "max_attempts: 20, retry_topic: true");
    let r = doc(&render(&parked), "resilience.md");
    assert!(!r.contains("in-place-redelivery-stale"), "{r}");
}
