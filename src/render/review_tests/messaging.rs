//! The rules on messages: redelivery against end-to-end objectives and deadlines, blocked
//! partitions, dead letters, ordering across topics, retry windows, jitter, jobs, alerts and
//! redrives.

use super::{CHECKOUT, Case, PSP, RESILIENCE, assert_finds, case, findings, with};

const DEADLINE_BY_JOB: &str =
    "- name: Checkout\n      deadline: {minutes: 15, enforced_by: expire}\n";
const HOURLY_JOB: &str = "performance:\n  jobs: [{name: expire, service: orders, kind: scheduled, schedule: '0 * * * *'}]\nresilience:\n";

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

const PAY_PUBLISHES: &str = "        - {from: orders, to: k, action: OrderPlaced}\n        - {from: k, to: pay, action: OrderPlaced}\n        - {from: pay, to: k, action: Paid}\n";
const END_TO_END: &str = "- name: Checkout\n      end_to_end: {p99_ms: 1000}\n";
const TO_K: &str = "        - {from: orders, to: k, action: OrderPlaced}\n";
const TO_K_AND_PAY: &str = "        - {from: orders, to: k, action: OrderPlaced}\n        - {from: k, to: pay, action: OrderPlaced}\n";

/// A case for each rule of this family.
// long: one declarative table, a case per rule of the family
pub(super) fn cases() -> Vec<Case> {
    let consumers = "consumers: {max_attempts: 14, initial_ms: 1000, max_ms: 300000}";
    let (late_alert, loop_back) = (alert(30), redrive("original"));
    vec![
        case(
            // Checkout follows OrderPlaced to pay, but mail consumes it too.
            "flow-drops-consumer:Checkout",
            &[
                (TO_K, TO_K_AND_PAY),
                (
                    "  - {name: pay, responsibility: r, consumes: [OrderPlaced]}\n",
                    "  - {name: pay, responsibility: r, consumes: [OrderPlaced]}\n  - {name: mail, kind: worker, responsibility: r, consumes: [OrderPlaced]}\n",
                ),
            ],
        ),
        case(
            // psp takes a call a second; pay's OrderPlaced arrive faster even on average, so
            // the backlog of psp's 4-hour window never shrinks.
            "maintenance-backlog-never-drains:pay->psp:orders.order-placed",
            &[(
                "idempotency_header: Idempotency-Key}",
                "idempotency_header: Idempotency-Key, rate_limit_rps: 1, maintenance_hours_per_month: 4}",
            )],
        ),
        case(
            // orders' polling relay publishes OrderPlaced and sends the stock check from the
            // same outbox, in the same ordered read.
            "relay-call-blocks-events:orders->stock",
            &[
                ("  links:\n", "  outbox_relay: polling\n  links:\n"),
                (
                    "{from: orders, to: stock, action: Check}",
                    "{from: orders, to: stock, action: Check, async: true}",
                ),
            ],
        ),
        case(
            // Order's channel allows `phone`; the event that copies it knows only `web`.
            "event-enum-narrower:OrderPlaced.channel",
            &[
                (
                    "fields: [{name: order_id, type: uuid}]}]",
                    "fields: [{name: order_id, type: uuid}, {name: channel, type: enum, values: [web]}]}]",
                ),
                (
                    "api: {resources: [{name: Order, fields: [{name: order_id, type: uuid}]}]}",
                    "api: {resources: [{name: Order, fields: [{name: order_id, type: uuid}, {name: channel, type: enum, values: [web, phone]}]}]}",
                ),
            ],
        ),
        case(
            // Twelve deliveries from 1 s doubling to 5 min hold a message for minutes.
            "end-to-end-redelivery:Checkout",
            &[
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
        case(
            // The same twelve deliveries in place hold pay's partition as long.
            "in-place-redelivery-blocks:Checkout",
            &[(CHECKOUT, END_TO_END), (TO_K, TO_K_AND_PAY)],
        ),
        case(
            "dlq-provider-outage:pay->psp",
            &[(consumers, "consumers: {max_attempts: 3}")],
        ),
        case(
            // Twelve deliveries in place span 18.5 minutes, past pay's five minutes.
            "in-place-redelivery-stale:pay:OrderPlaced",
            &[(
                "{name: pay, responsibility: r, consumes: [OrderPlaced]}",
                "{name: pay, responsibility: r, consumes: [OrderPlaced], slo: {freshness_seconds: 300}}",
            )],
        ),
        case(
            "breaker-fallback-dead-letters:pay->psp",
            &[(
                "{from: pay, to: psp, background: true}",
                "{from: pay, to: psp, background: true, resilience: {fallback: Send it to the dead-letter queue.}}",
            )],
        ),
        case(
            "ordering-across-retry-topics:pay:OrderPlaced",
            &[(
                consumers,
                "consumers: {max_attempts: 14, initial_ms: 1000, max_ms: 300000, retry_topics: true}",
            )],
        ),
        case(
            // OrderCancelled on a topic of its own, read by pay with OrderPlaced.
            "ordering-across-topics:pay:orders:order_id",
            &[
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
        case(
            // Twelve deliveries from 1 s doubling to 5 min span 18.5 minutes.
            "deadline-redelivery:Checkout",
            &[
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
        case(
            // Twelve deliveries span 18.5 minutes, inside the hour; pay goes on to publish.
            "dead-letter-before-deadline:Checkout",
            &[
                (
                    CHECKOUT,
                    "- name: Checkout\n      deadline: {minutes: 60}\n",
                ),
                (
                    "  - {name: pay, responsibility: r, consumes: [OrderPlaced]}\n",
                    "  - {name: pay, responsibility: r, consumes: [OrderPlaced], publishes: [{name: Paid, fields: [{name: order_id, type: uuid}]}]}\n",
                ),
                (TO_K, PAY_PUBLISHES),
            ],
        ),
        case(
            "retry-window:consumers",
            &[(
                consumers,
                "consumers: {max_attempts: 14, initial_ms: 1000, max_ms: 300000, deliver_within_minutes: 4320}",
            )],
        ),
        case(
            "full-jitter-long-waits:consumers",
            &[(
                consumers,
                "consumers: {max_attempts: 12, initial_ms: 600000, max_ms: 7200000}",
            )],
        ),
        case(
            "deadline-job-period:Checkout",
            &[(CHECKOUT, DEADLINE_BY_JOB), (RESILIENCE, HOURLY_JOB)],
        ),
        case(
            "alert-slower-than-objective:stuck",
            &[
                (
                    CHECKOUT,
                    "- name: Checkout\n      deadline: {minutes: 15}\n",
                ),
                (RESILIENCE, late_alert.as_str()),
            ],
        ),
        case(
            "redrive-original-topic:OrderPlaced",
            &[(PSP, loop_back.as_str())],
        ),
    ]
}

#[test]
fn each_messaging_rule_finds_what_it_is_for() {
    assert_finds(&cases());
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

/// Only a caller that consumes messages has a dead-letter queue a provider outage can flood:
/// a worker that only runs jobs against a provider (issue 14 item 11) is not told so.
#[test]
fn a_provider_outage_floods_only_a_consumers_dead_letters() {
    let short = (
        "consumers: {max_attempts: 14, initial_ms: 1000, max_ms: 300000}",
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
    // A count the link states is flagged too: it is the team's to accept.
    let stated = with(&[(
        PSP,
        &format!(
            "{PSP}    - {{from: orders, to: pay, style: async, events: [OrderPlaced], delivery: {{max_attempts: 4}}}}\n"
        ),
    )]);
    assert_eq!(findings(&stated), ["dlq-provider-outage:pay->psp"]);
}

/// A consumer's own freshness objective bounds its redelivery in place; a retry topic or a
/// schedule within it passes.
#[test]
fn in_place_redelivery_past_a_consumers_freshness_is_flagged() {
    let fresh = (
        "{name: pay, responsibility: r, consumes: [OrderPlaced]}",
        "{name: pay, responsibility: r, consumes: [OrderPlaced], slo: {freshness_seconds: 300}}",
    );
    assert_eq!(
        findings(&with(&[fresh])),
        ["in-place-redelivery-stale:pay:OrderPlaced"]
    );
    let parked = with(&[
        fresh,
        (
            PSP,
            &format!(
                "{PSP}    - {{from: orders, to: pay, style: async, events: [OrderPlaced], delivery: {{retry_topic: true}}}}\n"
            ),
        ),
    ]);
    assert!(
        !findings(&parked)
            .iter()
            .any(|f| f.starts_with("in-place-redelivery-stale"))
    );
    // Nine deliveries from 1 s doubling to 5 min span 4 min 15 s, within five minutes.
    let short = with(&[
        fresh,
        (
            "consumers: {max_attempts: 14,",
            "consumers: {max_attempts: 9,",
        ),
    ]);
    assert!(
        !findings(&short)
            .iter()
            .any(|f| f.starts_with("in-place-redelivery-stale"))
    );
}

#[test]
fn a_dead_letter_before_the_deadline_counts_only_where_the_run_goes_on_and_nothing_redrives() {
    const PAY: &str = "  - {name: pay, responsibility: r, consumes: [OrderPlaced]}\n";
    let publishes = "  - {name: pay, responsibility: r, consumes: [OrderPlaced], publishes: [{name: Paid, fields: [{name: order_id, type: uuid}]}]}\n";
    let hour = "- name: Checkout\n      deadline: {minutes: 60}\n";
    let gives_up = |extra: &[(&str, &str)]| {
        let mut pairs = vec![(CHECKOUT, hour), (PAY, publishes)];
        pairs.extend_from_slice(extra);
        findings(&with(&pairs))
            .iter()
            .any(|f| f == "dead-letter-before-deadline:Checkout")
    };
    assert!(gives_up(&[(TO_K, PAY_PUBLISHES)]));
    // pay only reacts: the run does not wait on it.
    assert!(!gives_up(&[(TO_K, TO_K_AND_PAY)]));
    // A redrive brings them back.
    let redriven = format!(
        "{PSP}    - {{from: orders, to: pay, style: async, events: [OrderPlaced], delivery: {{dead_letter: true, redrive: replayed by the expiry job before it cancels}}}}\n"
    );
    assert!(!gives_up(&[(TO_K, PAY_PUBLISHES), (PSP, &redriven)]));
    // Dropped on purpose: said in communication.md, not a finding.
    let dropped = format!(
        "{PSP}    - {{from: orders, to: pay, style: async, events: [OrderPlaced], delivery: {{dead_letter: false}}}}\n"
    );
    assert!(!gives_up(&[(TO_K, PAY_PUBLISHES), (PSP, &dropped)]));
}

#[test]
fn a_consumer_that_pauses_while_the_circuit_is_open_does_not_dead_letter_the_outage() {
    let fallback = "fallback: \"Only real refusals go to the dead-letter queue.\"";
    let dead_letters = |resilience: &str| {
        let yaml = with(&[(
            "{from: pay, to: psp, background: true}",
            &format!("{{from: pay, to: psp, background: true, resilience: {{{resilience}}}}}"),
        )]);
        findings(&yaml)
            .iter()
            .any(|f| f.starts_with("breaker-fallback-dead-letters"))
    };
    assert!(dead_letters(fallback));
    // The model says the consumer pauses: the outage spends no deliveries.
    assert!(!dead_letters(&format!("{fallback}, while_open: pause")));
    // Saying so only in the text is not enough; `fail` is the default spelled out.
    let said =
        "fallback: \"Pause the partitions; only real refusals go to the dead-letter queue.\"";
    assert!(dead_letters(said));
    assert!(dead_letters(&format!("{fallback}, while_open: fail")));
}

#[test]
fn a_limiter_under_the_providers_limit_and_a_ttl_within_the_freshness_find_nothing() {
    let limited = with(&[
        (
            "idempotency_header: Idempotency-Key}]",
            "idempotency_header: Idempotency-Key, rate_limit_rps: 100}]",
        ),
        (
            "{from: pay, to: psp, background: true}",
            "{from: pay, to: psp, background: true, resilience: {rate_limit_rps: 80}}",
        ),
        (
            "{name: pay, responsibility: r,",
            "{name: pay, responsibility: r, slo: {freshness_seconds: 30},",
        ),
        (
            "resilience:\n",
            "performance:\n  caches: [{name: c, service: pay, technology: Redis, holds: x, ttl_seconds: 30}]\nresilience:\n",
        ),
    ]);
    let found = findings(&limited);
    assert!(
        !found
            .iter()
            .any(|f| f.starts_with("rate-limiter-above-provider")
                || f.starts_with("cache-beyond-freshness")),
        "{found:?}"
    );
}

#[test]
fn a_flow_leaves_a_consumer_out_only_where_it_follows_its_messages() {
    let mail = (
        "  - {name: pay, responsibility: r, consumes: [OrderPlaced]}\n",
        "  - {name: pay, responsibility: r, consumes: [OrderPlaced]}\n  - {name: mail, kind: worker, responsibility: r, consumes: [OrderPlaced]}\n",
    );
    let dropped = |yaml: &str| {
        findings(yaml)
            .into_iter()
            .filter(|f| f.starts_with("flow-drops-consumer"))
            .collect::<Vec<_>>()
    };
    // A flow that ends where the event is published draws no delivery: nothing is left out.
    assert_eq!(dropped(&with(&[mail])), Vec::<String>::new());
    // A flow the event triggers shows mail's work: Checkout need not.
    let triggered = with(&[
        (TO_K, TO_K_AND_PAY),
        mail,
        (
            "resilience:\n",
            "    - name: Mail\n      triggered_by: OrderPlaced\n      steps:\n        - {from: k, to: mail, action: OrderPlaced}\nresilience:\n",
        ),
    ]);
    assert_eq!(dropped(&triggered), Vec::<String>::new());
}
