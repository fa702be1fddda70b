//! Each built-in design-review rule on a small model: the base model passes every rule, and
//! one change to it makes exactly the finding the rule is for.

use super::Renderer;
use crate::model::Model;

const BASE: &str = r#"version: 1
name: t
requirements:
  domain: d
  use_cases: [{name: Buy, share: 100, served_by: [Checkout]}]
  scale: {peak_rps: 300}
  latency: {p99_ms: 400}
  availability: 99.9
clients: [{name: web}]
services:
  - {name: gw, kind: gateway, responsibility: r, slo: {availability: 99.98}}
  - name: orders
    responsibility: r
    slo: {availability: 99.99}
    publishes: [{name: OrderPlaced, key: order_id, fields: [{name: order_id, type: uuid}]}]
    api: {resources: [{name: Order, fields: [{name: order_id, type: uuid}]}]}
  - {name: stock, responsibility: r, slo: {availability: 99.99, latency_p99_ms: 40}, api: {resources: [{name: Stock, fields: [{name: sku, type: string}], operations: [get]}]}}
  - {name: pay, responsibility: r, consumes: [OrderPlaced]}
externals: [{name: psp, description: card payments, availability: 99.99}]
communication:
  brokers: [{name: k, technology: Kafka}]
  links:
    - {from: web, to: gw}
    - {from: gw, to: orders}
    - {from: orders, to: stock}
    - {from: pay, to: psp, background: true}
  flows:
    - name: Checkout
      steps:
        - {from: web, to: gw, action: POST /orders}
        - {from: gw, to: orders, action: POST /orders}
        - {from: orders, to: stock, action: Check}
        - {from: orders, to: k, action: OrderPlaced}
resilience:
  consumers: {max_attempts: 12, initial_ms: 1000, max_ms: 300000}
"#;

fn findings(yaml: &str) -> Vec<String> {
    let model: Model = serde_yaml::from_str(yaml).expect("test model parses");
    let view = Renderer::builtin().unwrap().view(&model).unwrap();
    view.review.iter().map(|f| f.id.clone()).collect()
}

/// `BASE` with each `(from, to)` replaced once.
fn with(pairs: &[(&str, &str)]) -> String {
    let mut s = BASE.to_owned();
    for (a, b) in pairs {
        assert!(s.contains(a), "`{a}` is not in the base model");
        s = s.replacen(a, b, 1);
    }
    s
}

const CHECKOUT: &str = "- name: Checkout\n";
const DEADLINE_BY_JOB: &str =
    "- name: Checkout\n      deadline: {minutes: 15, enforced_by: expire}\n";
const RESILIENCE: &str = "resilience:\n";
const HOURLY_JOB: &str = "performance:\n  jobs: [{name: expire, service: orders, kind: scheduled, schedule: '0 * * * *'}]\nresilience:\n";
const PSP: &str = "    - {from: pay, to: psp, background: true}\n";

fn alert(after_minutes: u32) -> String {
    format!(
        "observability:\n  alerting:\n    alerts: [{{name: stuck, after_minutes: {after_minutes}, guards: Checkout}}]\nresilience:\n"
    )
}

fn redrive(to: &str) -> String {
    format!(
        "{PSP}    - {{from: orders, to: pay, style: async, events: [OrderPlaced], delivery: {{dead_letter: true, redrive_to: {to}}}}}\n"
    )
}

#[test]
fn deadlines_alerts_and_redrives_that_fit_pass() {
    // A job every five minutes, an alert within the deadline, a redrive to the retry topic.
    let fine = with(&[
        (CHECKOUT, DEADLINE_BY_JOB),
        (
            RESILIENCE,
            "performance:\n  jobs: [{name: expire, service: orders, kind: scheduled, schedule: '*/5 * * * *'}]\nresilience:\n",
        ),
        (PSP, &redrive("retry")),
    ]);
    assert_eq!(findings(&fine), Vec::<String>::new());
    let fine = with(&[(CHECKOUT, DEADLINE_BY_JOB), (RESILIENCE, &alert(5))]);
    assert_eq!(findings(&fine), Vec::<String>::new());
    // The redrive said in words counts too.
    let words = with(&[(
        PSP,
        &format!(
            "{PSP}    - {{from: orders, to: pay, style: async, events: [OrderPlaced], delivery: {{dead_letter: true, redrive: replayed into the original topic}}}}\n"
        ),
    )]);
    assert_eq!(findings(&words), ["redrive-original-topic:OrderPlaced"]);
}

#[test]
fn the_base_model_passes_every_rule() {
    assert_eq!(findings(BASE), Vec::<String>::new());
}

#[test]
fn each_rule_finds_what_it_is_for() {
    let gw_orders = "{from: gw, to: orders}";
    let consumers = "consumers: {max_attempts: 12, initial_ms: 1000, max_ms: 300000}";
    let (late_alert, loop_back) = (alert(30), redrive("original"));
    let cases: Vec<(&str, Vec<(&str, &str)>)> = vec![
        (
            "nested-call:gw->orders",
            vec![(
                gw_orders,
                "{from: gw, to: orders, resilience: {timeout_ms: 100}}",
            )],
        ),
        (
            "latency-budget:orders->stock",
            vec![(", latency_p99_ms: 40}", ", latency_p99_ms: 2000}")],
        ),
        (
            "timeout-below-callee-p99:orders->stock",
            vec![(
                "{from: orders, to: stock}",
                "{from: orders, to: stock, resilience: {timeout_ms: 30}}",
            )],
        ),
        (
            // Twelve deliveries from 1 s doubling to 5 min hold a message for minutes.
            "end-to-end-redelivery:Checkout",
            vec![
                (
                    CHECKOUT,
                    "- name: Checkout\n      end_to_end: {p99_ms: 1000}\n",
                ),
                (
                    "        - {from: orders, to: k, action: OrderPlaced}\n",
                    "        - {from: orders, to: k, action: OrderPlaced}\n        - {from: k, to: pay, action: OrderPlaced}\n",
                ),
            ],
        ),
        (
            // The same twelve deliveries in place hold pay's partition as long.
            "in-place-redelivery-blocks:Checkout",
            vec![(CHECKOUT, END_TO_END), (TO_K, TO_K_AND_PAY)],
        ),
        (
            "retry-amplification:web>gw>orders>stock",
            vec![(
                gw_orders,
                "{from: gw, to: orders, resilience: {retries: {max_attempts: 3}}}",
            )],
        ),
        (
            "connect-timeout:orders->stock",
            vec![("resilience:\n", "resilience:\n  connect_timeout_ms: 5000\n")],
        ),
        (
            "bulkhead:gw->orders",
            vec![("resilience:\n", "resilience:\n  bulkhead: 1\n")],
        ),
        (
            "retry-without-idempotency:pay->psp",
            vec![(
                "{from: pay, to: psp, background: true}",
                "{from: pay, to: psp, background: true, resilience: {retries: {max_attempts: 2}}}",
            )],
        ),
        (
            "stream-retries:web->live",
            vec![
                (
                    "  - {name: pay,",
                    "  - {name: live, responsibility: r, api: {style: websocket}}\n  - {name: pay,",
                ),
                (
                    "    - {from: web, to: gw}\n",
                    "    - {from: web, to: gw}\n    - {from: web, to: live, resilience: {timeout_ms: 100}}\n",
                ),
            ],
        ),
        (
            "journey-availability:Checkout",
            vec![(
                "{name: gw, kind: gateway, responsibility: r, slo: {availability: 99.98}}",
                "{name: gw, kind: gateway, responsibility: r, slo: {availability: 99.9}}",
            )],
        ),
        (
            "slo-dependencies:orders",
            vec![(
                "slo: {availability: 99.99, latency_p99_ms: 40}",
                "slo: {availability: 99.9, latency_p99_ms: 40}",
            )],
        ),
        (
            "cache-staleness:c",
            vec![(
                "resilience:\n",
                "performance:\n  caches: [{name: c, service: orders, technology: Redis, holds: x, ttl_seconds: 60, max_staleness_seconds: 30}]\nresilience:\n",
            )],
        ),
        (
            "cache-bypassed-by-events:c",
            vec![
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
        (
            // pay consumes events and calls ledger with its own identity only.
            "resource-unreachable:ledger/Entry",
            vec![
                (
                    "  - {name: pay,",
                    "  - {name: ledger, responsibility: r, api: {resources: [{name: Entry, access: [{methods: [jwt]}]}]}}\n  - {name: pay,",
                ),
                (
                    PSP,
                    "    - {from: pay, to: psp, background: true}\n    - {from: pay, to: ledger}\n",
                ),
                (
                    "resilience:\n",
                    "security:\n  authentication: [{method: jwt, clients: [web]}]\nresilience:\n",
                ),
            ],
        ),
        (
            "consumer-throughput:orders.order-placed",
            vec![(
                "  availability: 99.9\n",
                "  availability: 99.9\n  capacity: {partitions: {OrderPlaced: 1}}\n",
            )],
        ),
        (
            "event-over-cause:OrderPlaced>Shipped",
            vec![
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
        (
            "edge-over-peak:gw",
            vec![(
                "[{name: Buy, share: 100, served_by: [Checkout]}]",
                "[{name: Buy, share: 100, served_by: [Checkout]}, {name: Track, share: 20, served_by: [orders]}]",
            )],
        ),
        (
            "use-case-unserved:Buy",
            vec![("served_by: [Checkout]", "served_by: [nothing]")],
        ),
        (
            "gateway-without-routes:gw2",
            vec![(
                "  - {name: pay,",
                "  - {name: gw2, kind: gateway, responsibility: r}\n  - {name: pay,",
            )],
        ),
        (
            "rate-limit-partners:100-per-minute",
            vec![
                (
                    "clients: [{name: web}]",
                    "clients: [{name: web}, {name: acme, kind: partner}]",
                ),
                (
                    "resilience:\n",
                    "security:\n  rate_limits: [{scope: ip, requests: 100}, {scope: client, requests: 1000}]\nresilience:\n",
                ),
            ],
        ),
        (
            "ssrf-callbacks:pay",
            vec![(
                "{name: pay, responsibility: r,",
                "{name: pay, responsibility: r, api: {style: webhooks},",
            )],
        ),
        (
            "log-retention-compliance:pci dss",
            vec![(
                "  availability: 99.9\n",
                "  availability: 99.9\n  compliance: [PCI DSS]\n",
            )],
        ),
        (
            "async-capture-sca:pay->psp",
            vec![(
                "  availability: 99.9\n",
                "  availability: 99.9\n  compliance: [PSD2]\n",
            )],
        ),
        (
            "call-without-contract:orders->stock",
            vec![(
                ", api: {resources: [{name: Stock, fields: [{name: sku, type: string}], operations: [get]}]}}",
                "}",
            )],
        ),
        (
            "dlq-provider-outage:pay->psp",
            vec![(consumers, "consumers: {max_attempts: 3}")],
        ),
        (
            "breaker-fallback-dead-letters:pay->psp",
            vec![(
                "{from: pay, to: psp, background: true}",
                "{from: pay, to: psp, background: true, resilience: {fallback: Send it to the dead-letter queue.}}",
            )],
        ),
        (
            "ordering-across-retry-topics:pay:OrderPlaced",
            vec![(
                consumers,
                "consumers: {max_attempts: 12, initial_ms: 1000, max_ms: 300000, retry_topics: true}",
            )],
        ),
        (
            // OrderCancelled on a topic of its own, read by pay with OrderPlaced.
            "ordering-across-topics:pay:orders:order_id",
            vec![
                (
                    "publishes: [{name: OrderPlaced,",
                    "publishes: [{name: OrderCancelled, key: order_id, fields: [{name: order_id, type: uuid}]}, {name: OrderPlaced,",
                ),
                (
                    "consumes: [OrderPlaced]",
                    "consumes: [OrderPlaced, OrderCancelled]",
                ),
            ],
        ),
        (
            // Twelve deliveries from 1 s doubling to 5 min span 18.5 minutes.
            "deadline-redelivery:Checkout",
            vec![
                (
                    CHECKOUT,
                    "- name: Checkout\n      deadline: {minutes: 15}\n",
                ),
                (
                    "        - {from: orders, to: k, action: OrderPlaced}\n",
                    "        - {from: orders, to: k, action: OrderPlaced}\n        - {from: k, to: pay, action: OrderPlaced}\n",
                ),
            ],
        ),
        (
            "retry-window:consumers",
            vec![(
                consumers,
                "consumers: {max_attempts: 12, initial_ms: 1000, max_ms: 300000, deliver_within_minutes: 4320}",
            )],
        ),
        (
            "full-jitter-long-waits:consumers",
            vec![(
                consumers,
                "consumers: {max_attempts: 12, initial_ms: 600000, max_ms: 7200000}",
            )],
        ),
        (
            "deadline-job-period:Checkout",
            vec![(CHECKOUT, DEADLINE_BY_JOB), (RESILIENCE, HOURLY_JOB)],
        ),
        (
            "alert-slower-than-objective:stuck",
            vec![
                (
                    CHECKOUT,
                    "- name: Checkout\n      deadline: {minutes: 15}\n",
                ),
                (RESILIENCE, late_alert.as_str()),
            ],
        ),
        (
            "redrive-original-topic:OrderPlaced",
            vec![(PSP, loop_back.as_str())],
        ),
        (
            // 99.9% allows 43.2 minutes a month; a one-hour restore spends it alone.
            "rto-over-error-budget:orders-db",
            vec![(
                "    slo: {availability: 99.99}\n    publishes",
                "    slo: {availability: 99.99}\n    data: [{name: orders-db, store: PostgreSQL, recovery: {rto_minutes: 60}}]\n    publishes",
            )],
        ),
        (
            // Measured at gw, the system's 99.97% meets gw 99.98% × orders 99.99% × stock
            // 99.99% = 99.96%; the journey holds its own 99.9%.
            "gateway-availability:gw",
            vec![
                ("  availability: 99.9\n", "  availability: 99.97\n"),
                (
                    CHECKOUT,
                    "- name: Checkout\n      slo: {availability: 99.9}\n",
                ),
            ],
        ),
        (
            "write-only-read:Checkout:orders->stock",
            vec![(STOCK_FIELDS, SECRET_COST), (CHECK, CHECK_COST)],
        ),
        (
            "webhook-without-receiver:psp->pay",
            vec![(
                PSP,
                "    - {from: pay, to: psp, background: true}\n    - {from: psp, to: pay, style: async, protocol: HTTPS webhook}\n",
            )],
        ),
    ];
    let rules = crate::templates::review_rules::ReviewRules::builtin();
    for r in &rules.rules {
        assert!(
            cases
                .iter()
                .any(|(id, _)| id.starts_with(&format!("{}:", r.id)))
                || super::review_model_tests::COVERED.contains(&r.id.as_str()),
            "the rule `{}` has no case here or in review_model_tests",
            r.id
        );
    }
    for (id, pairs) in &cases {
        let found = findings(&with(pairs));
        assert!(
            found.contains(&id.to_string()),
            "expected `{id}`, found {found:?}"
        );
    }
}

const END_TO_END: &str = "- name: Checkout\n      end_to_end: {p99_ms: 1000}\n";
const TO_K: &str = "        - {from: orders, to: k, action: OrderPlaced}\n";
const TO_K_AND_PAY: &str = "        - {from: orders, to: k, action: OrderPlaced}\n        - {from: k, to: pay, action: OrderPlaced}\n";

#[test]
fn a_retry_topic_keeps_a_late_message_from_blocking_its_partition() {
    let in_place = findings(&with(&[(CHECKOUT, END_TO_END), (TO_K, TO_K_AND_PAY)]));
    assert!(in_place.contains(&"in-place-redelivery-blocks:Checkout".to_string()));
    let parked = findings(&with(&[
        (CHECKOUT, END_TO_END),
        (TO_K, TO_K_AND_PAY),
        (
            "    - {from: pay, to: psp, background: true}\n",
            "    - {from: pay, to: psp, background: true}\n    - {from: orders, to: pay, style: async, events: [OrderPlaced], delivery: {retry_topic: true}}\n",
        ),
    ]));
    // Still late, and out of order, but no longer holding the partition.
    assert!(parked.contains(&"end-to-end-redelivery:Checkout".to_string()));
    assert!(
        !parked
            .iter()
            .any(|f| f.starts_with("in-place-redelivery-blocks"))
    );
}

const STOCK_FIELDS: &str = "fields: [{name: sku, type: string}], operations: [get]";
const SECRET_COST: &str = "fields: [{name: sku, type: string}, {name: unit_cost, type: number, write_only: true}], operations: [get]";
const CHECK: &str = "{from: orders, to: stock, action: Check}";
const CHECK_COST: &str = "{from: orders, to: stock, action: Check, returns: the unit costs}";

#[test]
fn a_read_of_a_write_only_field_is_found_where_the_model_says_it() {
    // The flow step's `returns` names it.
    let step = with(&[(STOCK_FIELDS, SECRET_COST), (CHECK, CHECK_COST)]);
    assert_eq!(findings(&step), ["write-only-read:Checkout:orders->stock"]);
    // A link that reads it.
    let link = with(&[
        (STOCK_FIELDS, SECRET_COST),
        (
            "{from: orders, to: stock}",
            "{from: orders, to: stock, purpose: Read the unit cost.}",
        ),
    ]);
    assert_eq!(findings(&link), ["write-only-read:orders->stock"]);
    // A link that writes it is no read.
    let write = link.replace("Read the unit cost.", "Register the unit cost.");
    assert_eq!(findings(&write), Vec::<String>::new());
    // An internal resource that returns it, which the step calls, answers the read.
    let internal = with(&[
        (
            STOCK_FIELDS,
            "fields: [{name: sku, type: string}, {name: unit_cost, type: number, write_only: true}], operations: [get]}, {name: Cost, fields: [{name: unit_cost, type: number}], operations: [get]",
        ),
        (
            CHECK,
            "{from: orders, to: stock, action: 'GET /v1/costs/{costId}', returns: the unit cost}",
        ),
    ]);
    assert_eq!(findings(&internal), Vec::<String>::new());
    // The same read through the resource that hides it is found.
    let hidden = internal.replace("/v1/costs/{costId}", "/v1/stocks/{stockId}");
    assert_eq!(
        findings(&hidden),
        ["write-only-read:Checkout:orders->stock"]
    );
}

#[test]
fn an_accepted_finding_carries_the_reason() {
    let yaml = with(&[(
        "resilience:\n",
        "review:\n  accept: [{finding: \"bulkhead:gw->orders\", reason: Tested at 2x peak.}]\nresilience:\n  bulkhead: 1\n",
    )]);
    let model: Model = serde_yaml::from_str(&yaml).unwrap();
    let view = Renderer::builtin().unwrap().view(&model).unwrap();
    let f = view
        .review
        .iter()
        .find(|f| f.id == "bulkhead:gw->orders")
        .unwrap();
    assert_eq!(f.accepted.as_deref(), Some("Tested at 2x peak."));
    assert_eq!(f.at, "/resilience/bulkhead");
}

#[test]
fn a_resource_behind_callers_that_forward_user_tokens_is_reachable() {
    // stock is called by orders, behind gw, which web calls with a JWT that orders forwards.
    let yaml = with(&[
        (
            "{name: Stock, fields: [{name: sku, type: string}], operations: [get]}",
            "{name: Stock, fields: [{name: sku, type: string}], operations: [get], access: [{methods: [jwt]}]}",
        ),
        (
            "resilience:\n",
            "security:\n  authentication: [{method: jwt, clients: [web]}]\nresilience:\n",
        ),
    ]);
    let found = findings(&yaml);
    assert!(
        !found.iter().any(|f| f.starts_with("resource-unreachable:")),
        "{found:?}"
    );
}

/// Only a caller that consumes messages has a dead-letter queue a provider outage can flood:
/// a worker that only runs jobs against a provider (issue 14 item 11) is not told so.
#[test]
fn a_provider_outage_floods_only_a_consumers_dead_letters() {
    let short = (
        "consumers: {max_attempts: 12, initial_ms: 1000, max_ms: 300000}",
        "consumers: {max_attempts: 3}",
    );
    assert_eq!(findings(&with(&[short])), ["dlq-provider-outage:pay->psp"]);
    let jobs_only = with(&[
        short,
        (
            "  - {name: pay, responsibility: r, consumes: [OrderPlaced]}\n",
            "  - {name: pay, kind: worker, responsibility: r}\n",
        ),
    ]);
    assert_eq!(findings(&jobs_only), Vec::<String>::new());
}

#[test]
fn an_rto_within_the_error_budget_passes_and_one_over_it_points_at_its_key() {
    let store = |rto: u32| {
        with(&[(
            "    slo: {availability: 99.99}\n    publishes",
            &format!(
                "    slo: {{availability: 99.99}}\n    data: [{{name: db, store: PostgreSQL, recovery: {{rto_minutes: {rto}}}}}]\n    publishes"
            ),
        )])
    };
    // 99.9% allows 43.2 minutes in 30 days.
    assert!(
        !findings(&store(43))
            .iter()
            .any(|f| f.starts_with("rto-over-error-budget:"))
    );
    let model: Model = serde_yaml::from_str(&store(44)).unwrap();
    let view = Renderer::builtin().unwrap().view(&model).unwrap();
    let f = view
        .review
        .iter()
        .find(|f| f.id == "rto-over-error-budget:db")
        .unwrap();
    assert_eq!(f.at, "/services/1/data/0/recovery/rto_minutes");
}

/// A retried call to the provider, and a retried gRPC create.
const RETRIED_PSP: (&str, &str) = (
    "{from: pay, to: psp, background: true}",
    "{from: pay, to: psp, background: true, resilience: {retries: {max_attempts: 2}}}",
);

#[test]
fn a_retried_write_needs_an_idempotency_key_its_callee_takes() {
    // The provider's own key header makes the retry safe.
    let keyed = with(&[
        RETRIED_PSP,
        (
            "availability: 99.99}]",
            "availability: 99.99, idempotency_header: Idempotency-Key}]",
        ),
    ]);
    assert_eq!(findings(&keyed), Vec::<String>::new());
    let model: Model = serde_yaml::from_str(&keyed).unwrap();
    let view = Renderer::builtin().unwrap().view(&model).unwrap();
    let w = &view.resilience.retried_writes[0];
    assert_eq!((w.caller.as_str(), w.callee.as_str()), ("pay", "psp"));
    assert_eq!(w.header.as_deref(), Some("Idempotency-Key"));
    assert_eq!(w.key_from, "message");
    // A retried read of the provider needs no key.
    let read = with(&[
        RETRIED_PSP,
        (
            "        - {from: orders, to: k, action: OrderPlaced}\n",
            "        - {from: orders, to: k, action: OrderPlaced}\n        - {from: pay, to: psp, action: GET /v1/balance}\n",
        ),
    ]);
    assert_eq!(findings(&read), Vec::<String>::new());
    // A gRPC contract takes no key: retrying its create may create twice; its get is fine.
    let grpc = with(&[(
        "api: {resources: [{name: Stock, fields: [{name: sku, type: string}], operations: [get]}]}",
        "api: {style: grpc, resources: [{name: Stock, fields: [{name: sku, type: string}], operations: [get, create]}]}",
    )]);
    assert_eq!(findings(&grpc), ["retry-without-idempotency:orders->stock"]);
}

#[test]
fn a_retried_rest_update_takes_the_key_in_its_contract() {
    let yaml = with(&[("operations: [get]}]}}", "operations: [get, update]}]}}")]);
    assert_eq!(findings(&yaml), Vec::<String>::new());
    let model: Model = serde_yaml::from_str(&yaml).unwrap();
    let view = Renderer::builtin().unwrap().view(&model).unwrap();
    let stock = view
        .services
        .iter()
        .find(|s| s.node.name == "stock")
        .unwrap();
    let update = &stock.api.resources[0].operations[1];
    assert_eq!(
        (update.kind.as_str(), update.idempotency_key),
        ("update", true)
    );
    // Nobody retries orders' calls from the gateway: its update takes no key.
    let orders = with(&[(
        "api: {resources: [{name: Order, fields: [{name: order_id, type: uuid}]}]}",
        "api: {resources: [{name: Order, fields: [{name: order_id, type: uuid}], operations: [get, update]}]}",
    )]);
    let model: Model = serde_yaml::from_str(&orders).unwrap();
    let view = Renderer::builtin().unwrap().view(&model).unwrap();
    let orders = view
        .services
        .iter()
        .find(|s| s.node.name == "orders")
        .unwrap();
    assert!(!orders.api.resources[0].operations[1].idempotency_key);
}
