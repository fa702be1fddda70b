//! The rules on load: cache staleness and bypasses, consumer throughput, events that outrun
//! their cause, the edge over the peak, unserved use cases, gateways without routes and
//! lifecycle moves named after their own announcement.

use super::{Case, assert_finds, case};

/// A case for each rule of this family.
pub(super) fn cases() -> Vec<Case> {
    let mut all = caches();
    all.extend(vec![
        case(
            "head-sampling-drops-errors:tracing",
            &[(
                "resilience:\n",
                "observability: {tracing: {sample_rate: 0.1}}\nresilience:\n",
            )],
        ),
        case(
            "consumer-throughput:orders.order-placed",
            &[(
                "  availability: 99.9\n",
                "  availability: 99.9\n  capacity: {partitions: {OrderPlaced: 1}}\n",
            )],
        ),
        case(
            "event-over-cause:OrderPlaced>Shipped",
            &[
                (
                    "[{name: Buy, share: 100, served_by: [Checkout]}]",
                    "[{name: Buy, share: 50, served_by: [Checkout]}, {name: Ship, share: 50, served_by: [Ship]}]",
                ),
                (
                    "fields: [{name: order_id, type: uuid}]}]",
                    "fields: [{name: order_id, type: uuid}]}, {name: Shipped}]",
                ),
                (
                    "        - {from: orders, to: k, action: OrderPlaced}\n",
                    "        - {from: orders, to: k, action: OrderPlaced}\n        - {opt: {when: in stock, share: 10, steps: [{from: orders, to: k, action: Shipped}]}}\n    - name: Ship\n      steps: [{from: orders, to: k, action: Shipped}]\n",
                ),
            ],
        ),
        case(
            "edge-over-peak:gw",
            &[(
                "[{name: Buy, share: 100, served_by: [Checkout]}]",
                "[{name: Buy, share: 100, served_by: [Checkout]}, {name: Track, share: 20, served_by: [orders]}]",
            )],
        ),
        case(
            "job-burst-without-provider-limit:remind->psp",
            &[(
                "resilience:\n",
                "performance:\n  jobs: [{name: remind, service: pay, kind: scheduled, schedule: \"*/15 * * * *\", calls: [psp], items_from: OrderPlaced}]\nresilience:\n",
            )],
        ),
        case(
            // orders moves its Order by the event it publishes itself.
            "state-moved-by-own-event:Order:placed:OrderPlaced",
            &[(
                "api: {resources: [{name: Order, fields: [{name: order_id, type: uuid}]}]}",
                "api: {resources: [{name: Order, fields: [{name: order_id, type: uuid}, {name: status, type: enum, values: [new, placed]}], set_by: [{state: placed, by: [OrderPlaced], from: [new]}]}]}",
            )],
        ),
        case(
            "use-case-unserved:Buy",
            &[("served_by: [Checkout]", "served_by: [nothing]")],
        ),
        case(
            "gateway-without-routes:gw2",
            &[(
                "  - {name: pay,",
                "  - {name: gw2, kind: gateway, responsibility: r}\n  - {name: pay,",
            )],
        ),
    ]);
    all
}

/// The cache rules: a TTL past the staleness or the freshness, a write path around it, and
/// a hit ratio too low to pay.
fn caches() -> Vec<Case> {
    vec![
        case(
            "cache-staleness:c",
            &[(
                "resilience:\n",
                "performance:\n  caches: [{name: c, service: orders, technology: Redis, holds: x, ttl_seconds: 60, max_staleness_seconds: 30}]\nresilience:\n",
            )],
        ),
        case(
            // A 15 s TTL alone fits 30 s, but pay may take 20 s to handle OrderPlaced first.
            "cache-staleness:c2",
            &[
                (
                    "{name: pay, responsibility: r,",
                    "{name: pay, responsibility: r, slo: {freshness_seconds: 20},",
                ),
                (
                    "resilience:\n",
                    "performance:\n  caches: [{name: c2, service: pay, technology: Redis, holds: x, ttl_seconds: 15, max_staleness_seconds: 30, invalidation: event, invalidated_by: [OrderPlaced]}]\nresilience:\n",
                ),
            ],
        ),
        case(
            // Entries live 30 s; pay promises to apply each change within 10.
            "cache-beyond-freshness:c",
            &[
                (
                    "{name: pay, responsibility: r,",
                    "{name: pay, responsibility: r, slo: {freshness_seconds: 10},",
                ),
                (
                    "resilience:\n",
                    "performance:\n  caches: [{name: c, service: pay, technology: Redis, holds: x, ttl_seconds: 30, invalidation: event, invalidated_by: [OrderPlaced]}]\nresilience:\n",
                ),
            ],
        ),
        case(
            "cache-bypassed-by-events:c",
            &[
                (
                    "{name: pay, responsibility: r,",
                    "{name: pay, responsibility: r, data: [{name: p, store: PostgreSQL}],",
                ),
                (
                    "resilience:\n",
                    "performance:\n  caches: [{name: c, service: pay, technology: Redis, holds: x, ttl_seconds: 60, invalidation: on-write}]\nresilience:\n",
                ),
            ],
        ),
        case(
            // orders answers 300 requests a second and publishes OrderPlaced on each: a delete
            // for every read leaves at most half its reads a hit, not the 90% expected.
            "cache-invalidated-before-read:c",
            &[(
                "resilience:\n",
                "performance:\n  caches: [{name: c, service: orders, technology: Redis, holds: x, ttl_seconds: 60, invalidation: event, invalidated_by: [OrderPlaced], expected_hit_ratio: 0.9}]\nresilience:\n",
            )],
        ),
        case(
            // A million keys for orders' reads in a 5 s TTL: almost every read misses.
            "cache-hit-ratio:c",
            &[(
                "resilience:\n",
                "performance:\n  caches: [{name: c, service: orders, technology: Redis, holds: x, ttl_seconds: 5, keys: 1000000}]\nresilience:\n",
            )],
        ),
    ]
}

#[test]
fn each_load_rule_finds_what_it_is_for() {
    assert_finds(&cases());
}
