//! Call policies, deadlines, amplification and consumer retries derived from small models.

use super::*;
use crate::derive::capacity;
use crate::derive::graph::tests::{graph, model};

const CHAIN: &str = "version: 1\nname: t\nrequirements:\n  domain: d\n  scale: {peak_rps: 900}\n  latency: {p99_ms: 400}\nclients: [{name: web}]\nservices:\n  - {name: gw, kind: gateway, responsibility: r}\n  - {name: orders, responsibility: r}\n  - {name: stock, responsibility: r, slo: {latency_p99_ms: 40}}\n  - {name: mail, kind: worker, responsibility: r}\nexternals: [{name: smtp}]\ncommunication:\n  links:\n    - {from: web, to: gw}\n    - {from: gw, to: orders}\n    - {from: orders, to: stock}\n    - {from: mail, to: smtp, background: true}\n";

fn derived(yaml: &str) -> Resilience {
    let m = model(yaml);
    let g = graph(&m);
    let c = capacity::derive(&g);
    derive(&g, &c)
}

#[test]
fn timeouts_come_from_the_callee_and_cover_its_calls() {
    let r = derived(CHAIN);
    let stock = &r.calls[2];
    // stock's own 40 ms p99 x 1.5; three attempts (it is the leaf) with 40 and 80 ms waits.
    assert_eq!(
        (stock.timeout_ms, stock.timeout_from.as_str()),
        (60, "callee")
    );
    assert_eq!(
        (stock.attempts, stock.attempts_from.as_str()),
        (3, "retry-layer")
    );
    assert_eq!(stock.worst_case_ms, 3 * 60 + 40 + 80);
    let orders = &r.calls[1];
    // orders states no latency: it takes gw's whole 400 ms budget (never a third of it),
    // one attempt (it is not the leaf), which covers stock's 300 ms worst case.
    assert_eq!(
        (
            orders.timeout_ms,
            orders.attempts,
            orders.timeout_from.as_str()
        ),
        (400, 1, "callers")
    );
    assert_eq!(orders.callee_worst_ms, 300);
    assert!(r.deadlines.is_empty());
    assert!(
        r.assumptions
            .iter()
            .any(|a| a.id == "resilience.callee-latency"
                && a.value.contains("orders 400 ms (gw's p99 budget)"))
    );
}

#[test]
fn a_leaf_without_a_target_gets_its_callers_budget_in_one_attempt() {
    // stock states no target: its timeout is orders' whole budget, so no retry fits it.
    let r = derived(&CHAIN.replace(", slo: {latency_p99_ms: 40}}", "}"));
    let stock = &r.calls[2];
    assert_eq!(
        (stock.timeout_ms, stock.timeout_from.as_str()),
        (400, "callers")
    );
    assert_eq!(
        (stock.attempts, stock.attempts_from.as_str()),
        (1, "caller-budget")
    );
    assert_eq!(stock.worst_case_ms, 400);
}

#[test]
fn a_short_override_makes_a_deadline_that_says_who_gives_up() {
    let r = derived(&CHAIN.replace(
        "{from: gw, to: orders}",
        "{from: gw, to: orders, resilience: {timeout_ms: 100}}",
    ));
    assert_eq!(r.deadlines.len(), 1);
    let d = &r.deadlines[0];
    assert_eq!(
        (d.caller.as_str(), d.callee_worst_ms, d.user_sees.as_str()),
        ("gw", 300, "edge")
    );
}

#[test]
fn one_layer_retries_and_amplification_is_bounded() {
    let r = derived(CHAIN);
    let a = &r.amplification[0];
    assert_eq!(
        (a.path.join(">"), a.factor, a.over),
        ("web>gw>orders>stock".into(), 3, false)
    );
    let every = derived(&CHAIN.replace(
        "{from: gw, to: orders}",
        "{from: gw, to: orders, resilience: {retries: {max_attempts: 3}}}",
    ));
    assert_eq!(
        (every.amplification[0].factor, every.amplification[0].over),
        (9, true)
    );
    // With a target of its own, orders is retried from the edge.
    let edge = derived(
        &CHAIN
            .replace(
                "communication:",
                "resilience: {retry_layer: edge}\ncommunication:",
            )
            .replace(
                "{name: orders, responsibility: r}",
                "{name: orders, responsibility: r, slo: {latency_p99_ms: 100}}",
            ),
    );
    assert_eq!((edge.calls[1].attempts, edge.calls[2].attempts), (3, 1));
}

#[test]
fn bulkheads_follow_littles_law_per_replica() {
    let r = derived(CHAIN);
    // 900 rps split nowhere (one route): 900 / 3 replicas x 0.4 s = 120 per replica on
    // average, and a burst's 99.9th percentile adds 3 x sqrt(120) = 32.9: 153.
    assert_eq!(
        (r.calls[1].rate_rps, r.calls[1].caller_replicas),
        (900.0, 3)
    );
    assert!((r.calls[1].in_flight - 120.0).abs() < 1e-9);
    assert_eq!(
        (
            r.calls[1].bulkhead_need,
            r.calls[1].bulkhead,
            r.calls[1].bulkhead_from.as_str()
        ),
        (153, 153, "derived")
    );
}

#[test]
fn connect_timeouts_stay_within_and_fallbacks_fit_the_caller() {
    let r = derived(CHAIN);
    assert!(r.calls.iter().all(|p| p.connect_timeout_ms <= p.timeout_ms));
    let kinds: Vec<&str> = r.calls.iter().map(|p| p.fallback_kind.as_str()).collect();
    assert_eq!(
        kinds,
        ["client-retry", "fail-fast", "fail-fast", "redeliver"]
    );
    assert_eq!(
        (r.calls[3].attempts_from.as_str(), r.calls[3].attempts),
        ("background", 1)
    );
}

#[test]
fn consumers_retry_outside_the_request_budget() {
    let r = derived(CHAIN);
    assert_eq!(r.consumers.waits, vec![1000, 2000, 4000, 8000]);
    assert_eq!(
        (r.consumers.span_ms, r.consumers.dead_letter),
        (15_000, true)
    );
    assert_eq!(r.streams.idle_timeout_seconds, 90);
    // Ten deliveries doubling from 30 s end after about 4.3 hours, not 3 days.
    let r = derived(&CHAIN.replace(
        "communication:",
        "resilience: {consumers: {max_attempts: 10, initial_ms: 30000, max_ms: 86400000, deliver_within_minutes: 4320}}\ncommunication:",
    ));
    assert_eq!(
        (r.consumers.span_ms, r.consumers.covers_window),
        (15_330_000, Some(false))
    );
    assert_eq!(r.consumers.longest_wait_ms, 7_680_000);
    // Waits that add up to the 255-minute window only at their full length: full jitter
    // draws each from zero up to it, so a message can count on about half, and the window
    // is not covered.
    let r = derived(&CHAIN.replace(
        "communication:",
        "resilience: {consumers: {max_attempts: 10, initial_ms: 30000, max_ms: 86400000, deliver_within_minutes: 255}}\ncommunication:",
    ));
    assert_eq!(
        (r.consumers.likely_span_ms, r.consumers.covers_window),
        (7_665_000, Some(false))
    );
    let unjittered = derived(&CHAIN.replace(
        "communication:",
        "resilience: {consumers: {max_attempts: 10, initial_ms: 30000, max_ms: 86400000, deliver_within_minutes: 255, jitter: none}}\ncommunication:",
    ));
    assert_eq!(unjittered.consumers.covers_window, Some(true));
}

#[test]
fn a_clients_timeout_allows_for_its_own_network() {
    // web is a browser: the gateway's time (the system's 400 ms p99 x 2.25, its p99.99, as the
    // user's one attempt spends a tenth of the 99.9% default's budget) plus 1 s; a phone gets
    // 2 s; our own components none.
    let r = derived(CHAIN);
    let web = &r.calls[0];
    assert_eq!((web.network_ms, web.timeout_ms), (1000, 1900));
    assert_eq!(web.tail.percentile, "p99.99");
    assert_eq!(r.calls[1].network_ms, 0);
    let mobile = derived(&CHAIN.replace(
        "clients: [{name: web}]",
        "clients: [{name: web, kind: mobile}]",
    ));
    assert_eq!(
        (mobile.calls[0].network_ms, mobile.calls[0].timeout_ms),
        (2000, 2900)
    );
    assert!(
        r.assumptions
            .iter()
            .any(|a| a.id == "resilience.client-network")
    );
}

#[test]
fn a_callee_whose_calls_never_retry_leaves_the_retry_to_its_caller() {
    // orders answers with a fallback when stock fails, and calls it once: gw is the closest
    // layer that can retry orders itself.
    let r = derived(&CHAIN.replace(
        "{from: orders, to: stock}",
        "{from: orders, to: stock, resilience: {retries: {max_attempts: 1}, fallback: f}}",
    ));
    assert_eq!(r.calls[2].attempts, 1);
    // It is the retrying layer (its budget may still leave room for one attempt only).
    assert!(matches!(
        r.calls[1].attempts_from.as_str(),
        "retry-layer" | "caller-budget"
    ));
    assert_eq!(derived(CHAIN).calls[1].attempts_from, "other-layer");
}

/// orders answers the web and sends the warehouse call from its outbox (`async: true`); it
/// publishes OrderPlaced through the same outbox.
const OUTBOX: &str = "version: 1\nname: t\nrequirements:\n  domain: d\n  scale: {peak_rps: 300}\n  use_cases: [{name: Buy, share: 100, served_by: [Buy]}]\nclients: [{name: web}]\nservices:\n  - name: orders\n    responsibility: r\n    data: [{name: o, store: PostgreSQL}]\n    publishes: [{name: OrderPlaced, fields: [{name: order_id, type: uuid}]}]\nexternals: [{name: wh}]\ncommunication:\n  brokers: [{name: k, technology: Kafka}]\n  outbox_relay: polling\n  links:\n    - {from: web, to: orders}\n    - {from: orders, to: wh, background: true, resilience: {timeout_ms: 500}}\n  flows:\n    - name: Buy\n      steps:\n        - {from: web, to: orders, action: POST /orders}\n        - {from: orders, to: k, action: OrderPlaced}\n        - {from: orders, to: wh, action: Create the shipment, async: true}\n";

#[test]
fn calls_from_a_polling_relay_are_sized_on_its_lock_holder_and_found_in_line() {
    let r = derived(OUTBOX);
    // The relay that publishes OrderPlaced makes every call on one replica: 300/s × 0.5 s.
    let wh = &r.calls[1];
    assert!(wh.by_relay && wh.from_outbox);
    assert_eq!(wh.caller_replicas, 1);
    assert!(
        (wh.in_flight - 150.0).abs() < 1e-9,
        "{} at {}/s",
        wh.in_flight,
        wh.rate_rps
    );
    assert_eq!(r.relay_calls.len(), 1);
    let x = &r.relay_calls[0];
    assert_eq!(
        (
            x.caller.as_str(),
            x.callee.as_str(),
            x.events.clone(),
            x.timeout_ms
        ),
        ("orders", "wh", vec!["OrderPlaced".to_owned()], 500)
    );
    // A relay of their own on every replica: shared by the replicas, and in no event's line.
    let apart = derived(&OUTBOX.replace(
        "outbox_relay: polling\n",
        "outbox_relay: polling\n  outbox_calls: apart\n",
    ));
    let wh = &apart.calls[1];
    assert!(!wh.by_relay && wh.from_outbox);
    assert_eq!(wh.caller_replicas, 3);
    assert!(apart.relay_calls.is_empty());
    // Change data capture publishes the events; the call is not the relay's.
    let cdc = derived(&OUTBOX.replace("polling", "Debezium (Kafka Connect)"));
    assert!(!cdc.calls[1].from_outbox && cdc.relay_calls.is_empty());
    assert_eq!(cdc.calls[1].caller_replicas, 3);
}

#[test]
fn a_store_s_timeout_comes_from_its_own_p99_and_must_fit_what_the_service_leaves() {
    let yaml = "version: 1\nname: t\nrequirements:\n  domain: d\n  latency: {p99_ms: 400}\nclients: [{name: web}]\nservices:\n  - {name: gw, kind: gateway, responsibility: r}\n  - name: orders\n    responsibility: r\n    slo: {latency_p99_ms: 250}\n    data: [{name: orders, store: PostgreSQL}]\n  - name: stock\n    responsibility: r\n    slo: {latency_p99_ms: 200}\n    data: [{name: stock, store: PostgreSQL, latency_p99_ms: 100}]\ncommunication:\n  links:\n    - {from: web, to: gw}\n    - {from: gw, to: orders}\n    - {from: orders, to: stock, resilience: {timeout_ms: 80, retries: {max_attempts: 1}}}\nresilience: {rate_limit_store: Redis}\nsecurity:\n  rate_limits: [{scope: user, requests: 100, per: minute}]\nperformance:\n  caches:\n    - {name: pages, service: orders, technology: Redis, holds: pages, ttl_seconds: 60}\n    - {name: local, service: stock, technology: in-process, holds: levels, ttl_seconds: 5}\n";
    let r = derived(yaml);
    let rows: Vec<(&str, &str, u32, &str, u64)> = r
        .stores
        .iter()
        .map(|x| {
            (
                x.store.as_str(),
                x.kind,
                x.timeout_ms,
                x.latency_from,
                x.left_ms,
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            // The gateway's limiter count: Redis's assumed 2 ms × 1.5, within the 150 ms its
            // own hop may add (the system's 400 ms after orders' 250 ms): the route's time is
            // not the gateway's to spend.
            ("rate-limit counts", "limiter", 3, "assumed", 150),
            // A database's assumed 20 ms at its p99.99 (× 2.25): its timeout fails the request.
            // gw waits 380 ms for orders (its p99.9, as gw retries it), which leaves 380 − 80 ms
            // after orders' call to stock.
            ("orders", "database", 45, "assumed", 300),
            ("pages", "cache", 3, "assumed", 300),
            // A stated p99; an in-process cache is no call at all. orders waits 80 ms for stock,
            // the ceiling of stock's query.
            ("stock", "database", 225, "model", 80),
        ]
    );
    let listed = r
        .assumptions
        .iter()
        .find(|a| a.id == "resilience.store-latency")
        .expect("the assumed latencies are listed");
    assert!(!listed.value.contains("stock"), "{}", listed.value);
    // A stated p99 the service cannot afford: the timeout stays the store's, over the ceiling.
    let slow = derived(&yaml.replace("latency_p99_ms: 100", "latency_p99_ms: 180"));
    let stock = slow.stores.iter().find(|x| x.store == "stock").unwrap();
    assert!(stock.timeout_ms > u32::try_from(stock.left_ms).unwrap());
    // A gateway whose route states no p99 has no hop: its count shares what web waits for it
    // (its timeout less the network's second) with its call to orders, and fits what is left.
    let unmeasured = derived(&yaml.replacen("    slo: {latency_p99_ms: 250}\n", "", 1));
    let count = &unmeasured.stores[0];
    let web = &unmeasured.calls[0];
    let gw = &unmeasured.calls[1];
    assert_eq!(
        (
            count.kind,
            count.budget_from.as_str(),
            count.budget_by.as_deref()
        ),
        ("limiter", "timeout", Some("web"))
    );
    assert_eq!(
        count.left_ms,
        u64::from(web.timeout_ms - web.network_ms) - gw.worst_case_ms
    );
}
