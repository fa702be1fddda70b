//! The interview's questions for the model's later fields (issue 12): how each lifecycle moves
//! between states (`set_by`, with where each move starts), the most items a list page returns
//! (`max_page_size`), where the rate limiters keep their counts (`rate_limit_store`); a loop's
//! count a run is in `interview_model`. Each answer reaches the documents.

use crate::interview_depth::{BASE, answer, model, passes_check};
use crate::script::Say::*;

/// BASE with an order status that payments' events move.
fn with_status() -> String {
    BASE.replace(
        "            - {name: total, type: money}\n",
        "            - {name: total, type: money}\n            - {name: status, type: enum, read_only: true, values: [pending, paid, shipped, cancelled]}\n          actions: [{name: cancel}]\n",
    )
    .replace(
        "    responsibility: Takes orders.\n",
        "    responsibility: Takes orders.\n    consumes: [PaymentCaptured]\n",
    )
    .replace(
        "    responsibility: Takes payments.\n",
        "    responsibility: Takes payments.\n    publishes: [{name: PaymentCaptured, fields: [{name: order_id, type: uuid}]}]\n",
    )
}

#[test]
fn a_lifecycles_moves_are_one_line_and_draw_its_state_machine() {
    let (m, p) = answer(
        model(&with_status()),
        "communication",
        vec![
            Type(
                "How does it move between states",
                "paid: PaymentCapture from pending",
            ),
            Type(
                "How does it move between states",
                "paid: PaymentCaptured from pending; cancelled: cancel from pending, paid; \
                 shipped: outside the warehouse from paid",
            ),
            Choose("Review", "Write"),
        ],
    );
    assert!(
        p.rejected.iter().any(|r| r.contains("PaymentCaptured")),
        "a misspelt trigger is refused with what is known: {:?}",
        p.rejected
    );
    let set_by = &m.services[0].api.resources[0].set_by;
    assert_eq!(set_by.len(), 3);
    assert_eq!(
        (set_by[0].by.as_slice(), set_by[0].from.as_slice()),
        (
            &["PaymentCaptured".to_owned()][..],
            &["pending".to_owned()][..]
        )
    );
    assert_eq!(set_by[2].outside, "the warehouse");
    let env = passes_check(&m);
    let boundaries = env.read("docs/architecture/service-boundaries.md");
    assert!(boundaries.contains("stateDiagram-v2"), "{boundaries}");
    assert!(
        boundaries.contains("s0 --> s1: PaymentCaptured"),
        "{boundaries}"
    );
    let testing = env.read("docs/architecture/testing.md");
    assert!(testing.contains("PaymentCaptured"), "{testing}");
}

#[test]
fn where_an_action_that_moves_nothing_acts_is_one_line_and_refused_elsewhere() {
    let amend = with_status().replace(
        "          actions: [{name: cancel}]\n",
        "          actions: [{name: cancel}, {name: amend}]\n",
    );
    let (m, p) = answer(
        model(&amend),
        "communication",
        vec![
            Type(
                "How does it move between states",
                "paid: PaymentCaptured from pending; shipped: outside the warehouse from paid",
            ),
            Type("Where do its other actions act", "cancel: pending"),
            Type("Where do its other actions act", "amend: pendng"),
            Type("Where do its other actions act", "amend: pending, paid"),
            Choose("Review", "Write"),
        ],
    );
    // cancel moves the item (to cancelled), so it is no action that moves nothing; a
    // misspelt state is refused with the known ones.
    assert!(
        p.rejected.iter().any(|r| r.contains("cancel")),
        "{:?}",
        p.rejected
    );
    assert!(
        p.rejected.iter().any(|r| r.contains("pending")),
        "{:?}",
        p.rejected
    );
    let actions = &m.services[0].api.resources[0].actions;
    assert_eq!(actions[1].from, ["pending", "paid"]);
    assert!(actions[0].from.is_empty());
    let env = passes_check(&m);
    let testing = env.read("docs/architecture/testing.md");
    assert!(testing.contains("amend act"), "{testing}");
}

#[test]
fn what_each_action_publishes_is_one_line_and_reaches_the_lifecycle_and_contract() {
    let publishing = with_status().replace(
        "    consumes: [PaymentCaptured]\n",
        "    consumes: [PaymentCaptured]\n    publishes: [{name: OrderCancelled, fields: [{name: order_id, type: uuid}]}]\n",
    );
    let (m, p) = answer(
        model(&publishing),
        "communication",
        vec![
            Type("What does each action publish", "cancel: OrderCanceled"),
            Type("What does each action publish", "cancel: OrderCancelled"),
            Type(
                "How does it move between states",
                "paid: PaymentCaptured from pending; cancelled: cancel from pending, paid; \
                 shipped: outside the warehouse from paid",
            ),
            Choose("Review", "Write"),
        ],
    );
    assert!(
        p.rejected.iter().any(|r| r.contains("OrderCancelled")),
        "a misspelt event is refused with what is known: {:?}",
        p.rejected
    );
    let cancel = &m.services[0].api.resources[0].actions[0];
    assert_eq!(
        cancel.publishes.as_deref(),
        Some(&["OrderCancelled".to_owned()][..])
    );
    let env = passes_check(&m);
    let boundaries = env.read("docs/architecture/service-boundaries.md");
    assert!(
        boundaries.contains("cancel from pending or paid (publishes OrderCancelled)"),
        "{boundaries}"
    );
    let api = env.read("docs/architecture/api/orders.openapi.yaml");
    assert!(api.contains("It publishes OrderCancelled."), "{api}");
}

#[test]
fn a_lists_page_size_is_asked_per_resource() {
    let (m, p) = answer(
        model(BASE),
        "apis",
        vec![
            Type("Most items one page of its list returns", "5000"),
            Type("Most items one page of its list returns", "500"),
            Choose("Review", "Write"),
        ],
    );
    assert_eq!(
        p.rejected.len(),
        1,
        "above 1,000 is refused: {:?}",
        p.rejected
    );
    assert_eq!(m.services[0].api.resources[0].max_page_size, Some(500));
    assert_eq!(m.services[1].api.resources[0].max_page_size, None);
    let env = passes_check(&m);
    let orders = env.read("docs/architecture/api/orders.openapi.yaml");
    assert!(orders.contains("maximum: 500"), "{orders}");
}

#[test]
fn where_the_limiters_count_is_asked_once_a_limit_exists() {
    let limited = format!(
        "{BASE}security:\n  rate_limits:\n    - {{scope: user, requests: 120, per: minute, enforced_by: orders}}\n"
    );
    let (m, _) = answer(
        model(&limited),
        "security",
        vec![
            Type(
                "Where do the rate limiters keep their counts",
                "per-replica",
            ),
            Choose("Review", "Write"),
        ],
    );
    assert_eq!(
        m.resilience.rate_limit_store.as_deref(),
        Some("per-replica")
    );
    let decided = passes_check(&m).read("docs/architecture/assumptions.md");
    assert!(!decided.contains("Decide where the rate limiters keep their counts"));
    // Kept empty with the block's one Enter, it stays an open decision.
    let (m, _) = answer(model(&limited), "security", vec![Choose("Review", "Write")]);
    assert_eq!(m.resilience.rate_limit_store, None);
    let open = passes_check(&m).read("docs/architecture/assumptions.md");
    assert!(
        open.contains("Decide where the rate limiters keep their counts"),
        "{open}"
    );
    // Without a limit, nothing is asked.
    let (_, p) = answer(model(BASE), "security", vec![Choose("Review", "Write")]);
    assert!(
        !p.transcript
            .iter()
            .any(|l| l.contains("rate limiters keep"))
    );
}

/// What the limits do while their shared count is down is asked right after a shared store,
/// with the options the enforcer allows, and dropped when the count stops being shared.
#[test]
fn the_limits_fallback_is_asked_beside_a_shared_count() {
    let envoy = format!(
        "{BASE}security:\n  rate_limits:\n    - {{scope: user, requests: 120, per: minute, enforced_by: orders}}\n"
    )
    .replace("Takes orders.\n", "Takes orders.\n    stack: Envoy\n");
    let (m, p) = answer(
        model(&envoy),
        "security",
        vec![
            Type("Where do the rate limiters keep their counts", "Redis"),
            Choose(
                "What do the rate limits do while their shared count",
                "deny",
            ),
            Choose("Review", "Write"),
        ],
    );
    assert_eq!(
        m.resilience.rate_limit_fallback,
        Some(archgen::model::RateLimitFallback::Deny)
    );
    let env = passes_check(&m);
    let recovery = env.read("docs/architecture/recovery.md");
    assert!(
        recovery.contains(
            "While the store cannot be reached, every limited request is refused until it is back, as the team chose"
        ),
        "{recovery}"
    );
    // security.md and the containers model say what the team chose, not the default.
    let security = env.read("docs/architecture/security.md");
    assert!(
        security.contains("while it cannot be reached, every limited request is refused until it is back, as the team chose (rate\\_limit\\_fallback: deny): Envoy's failure\\_mode\\_deny on"),
        "{security}"
    );
    let containers = env.read("docs/architecture/likec4/model.c4");
    assert!(
        containers.contains("every limited request is refused until it is back"),
        "{containers}"
    );
    let assumptions = env.read("docs/architecture/assumptions.md");
    assert!(
        !assumptions.contains("Decide what the rate limits do"),
        "{assumptions}"
    );
    let asked = (p.transcript.iter())
        .filter(|l| l.starts_with("? What do the rate limits do while"))
        .count();
    assert_eq!(asked, 1, "{:#?}", p.transcript);
    // Left undecided, it is an open decision with Envoy's three options.
    let (m, _) = answer(
        model(&envoy),
        "security",
        vec![
            Type("Where do the rate limiters keep their counts", "Redis"),
            Choose(
                "What do the rate limits do while their shared count",
                "undecided",
            ),
            Choose("Review", "Write"),
        ],
    );
    assert_eq!(m.resilience.rate_limit_fallback, None);
    let open = passes_check(&m).read("docs/architecture/assumptions.md");
    assert!(
        open.contains("Decide what the rate limits do while their shared count is down"),
        "{open}"
    );
    // A count each replica keeps alone has nothing to fall back from: the answer is dropped,
    // and the question is not asked.
    let decided =
        format!("{envoy}resilience: {{rate_limit_store: Redis, rate_limit_fallback: allow}}\n");
    let (m, p) = answer(
        model(&decided),
        "security",
        vec![
            Type(
                "Where do the rate limiters keep their counts",
                "per-replica",
            ),
            Choose("Review", "Write"),
        ],
    );
    assert_eq!(m.resilience.rate_limit_fallback, None);
    assert!(
        !p.transcript
            .iter()
            .any(|l| l.starts_with("? What do the rate limits do while")),
        "{:#?}",
        p.transcript
    );
}

/// The moves of the order's status that nothing in the model's names says.
const MOVES: &str = "paid: PaymentCaptured from pending; shipped: outside the warehouse from paid";

#[test]
fn what_relays_the_outbox_is_asked_once_a_service_writes_one() {
    let outboxed = with_status().replace(
        "    responsibility: Takes payments.\n",
        "    responsibility: Takes payments.\n    data: [{name: ledger, store: PostgreSQL}]\n",
    );
    let (m, _) = answer(
        model(&outboxed),
        "communication",
        vec![
            Type("How does it move between states", MOVES),
            Type("How do the outbox rows reach the broker", "polling"),
            Choose("Review", "Write"),
        ],
    );
    assert_eq!(m.communication.outbox_relay.as_deref(), Some("polling"));
    let env = passes_check(&m);
    let technology = env.read("docs/architecture/technology.md");
    assert!(
        technology.contains("a polling relay in each service, the model's choice"),
        "{technology}"
    );
    // Left empty, it is an open decision with the writers as its drivers.
    let (m, _) = answer(
        model(&outboxed),
        "communication",
        vec![
            Type("How does it move between states", MOVES),
            Choose("Review", "Write"),
        ],
    );
    assert_eq!(m.communication.outbox_relay, None);
    let open = passes_check(&m).read("docs/architecture/assumptions.md");
    assert!(
        open.contains("Decide how the outbox rows reach the broker"),
        "{open}"
    );
}

#[test]
fn which_relay_sends_the_outbox_calls_is_asked_once_a_polling_relay_has_some() {
    let relayed = BASE
        .replace(
            "    responsibility: Takes orders.\n",
            "    responsibility: Takes orders.\n    data: [{name: orders, store: PostgreSQL}]\n    publishes: [{name: OrderPlaced, fields: [{name: order_id, type: uuid}]}]\n",
        )
        .replace("clients:\n", "externals: [{name: Warehouse}]\nclients:\n")
        .replace(
            "communication:\n  links:\n",
            "communication:\n  brokers: [{name: kafka, technology: Kafka}]\n  outbox_relay: polling\n  links:\n    - {from: orders, to: Warehouse, background: true}\n",
        )
        + "  flows:\n    - name: Checkout\n      steps:\n        - {from: web, to: orders, action: POST /v1/orders}\n        - {from: orders, to: kafka, action: OrderPlaced}\n        - {from: orders, to: Warehouse, action: Create the shipment, async: true}\n";
    let (m, _) = answer(
        model(&relayed),
        "communication",
        vec![
            Choose("Which relay sends the calls", "apart"),
            Choose("Review", "Write"),
        ],
    );
    assert_eq!(
        m.communication.outbox_calls,
        Some(archgen::model::OutboxCalls::Apart)
    );
    let env = passes_check(&m);
    let resilience = env.read("docs/architecture/resilience.md");
    assert!(
        resilience.contains("holds no more of the relay's workers"),
        "{resilience}"
    );
    // That relay has its own page, apart from the events' relay.
    let observability = env.read("docs/architecture/observability.md");
    assert!(
        observability
            .contains("a call of orders → Warehouse unsent in its outbox for over 15 minutes"),
        "{observability}"
    );
    // A relay that reads the log instead clears the answer, which only a polling relay uses.
    let (m, _) = answer(
        m,
        "communication",
        vec![
            Type(
                "How do the outbox rows reach the broker",
                "Debezium (Kafka Connect)",
            ),
            Choose("Review", "Write"),
        ],
    );
    assert_eq!(
        (
            m.communication.outbox_relay.as_deref(),
            m.communication.outbox_calls
        ),
        (Some("Debezium (Kafka Connect)"), None)
    );
    passes_check(&m);
    // With no call sent from an outbox, nothing is asked.
    let (_, p) = answer(
        model(BASE),
        "communication",
        vec![Choose("Review", "Write")],
    );
    assert!(
        !p.transcript
            .iter()
            .any(|l| l.contains("Which relay sends the calls"))
    );
}

/// `BASE` with orders keeping a store and publishing an event through an outbox that a
/// change data capture connector reads.
fn log_relayed() -> String {
    BASE.replace(
        "    responsibility: Takes orders.\n",
        "    responsibility: Takes orders.\n    data: [{name: orders, store: PostgreSQL}]\n    publishes: [{name: OrderPlaced, fields: [{name: order_id, type: uuid}]}]\n",
    )
    .replace(
        "communication:\n  links:\n",
        "communication:\n  brokers: [{name: kafka, technology: Kafka}]\n  outbox_relay: Debezium (Kafka Connect)\n  links:\n",
    )
}

/// How long outbox rows stay is asked once a relay reads the log, refused past a year, and
/// reaches the rows' retention, the relay's recovery gap and the failover test.
#[test]
fn how_long_outbox_rows_stay_is_asked_once_a_relay_reads_the_log() {
    let relayed = log_relayed();
    let (m, p) = answer(
        model(&relayed),
        "communication",
        vec![
            Type("Hours an outbox row stays", "9000"),
            Type("Hours an outbox row stays", "6"),
            Choose("Review", "Write"),
        ],
    );
    assert_eq!(m.communication.outbox_retention_hours, Some(6));
    assert!(!p.rejected.is_empty(), "9000 hours is refused");
    let env = passes_check(&m);
    let boundaries = env.read("docs/architecture/service-boundaries.md");
    assert!(
        boundaries.contains("| 6 hours, then deleted by orders: a re-snapshot after a failover"),
        "{boundaries}"
    );
    let recovery = env.read("docs/architecture/recovery.md");
    assert!(
        recovery.contains("an incremental snapshot of the outbox rows of the last 6 hours"),
        "{recovery}"
    );
    let testing = env.read("docs/architecture/testing.md");
    assert!(
        testing.contains("| orders (PostgreSQL): a failover to the replica while Debezium (Kafka Connect) reads the outbox table"),
        "{testing}"
    );
    // Unstated, the documents say what a lost slot costs.
    let (m, _) = answer(
        model(&relayed),
        "communication",
        vec![Choose("Review", "Write")],
    );
    let boundaries = passes_check(&m).read("docs/architecture/service-boundaries.md");
    assert!(
        boundaries.contains("**not stated**: Debezium (Kafka Connect) reads each row's insert"),
        "{boundaries}"
    );
}

#[test]
fn who_runs_the_connectors_is_asked_once_a_relay_reads_the_log() {
    let relayed = log_relayed();
    let (m, _) = answer(
        model(&relayed),
        "communication",
        vec![
            Type("Which team runs the change data capture", "integrations"),
            Type("Where do the connectors run", "Amazon MSK Connect"),
            Type("Hours an outbox row stays", "24"),
            Choose("Review", "Write"),
        ],
    );
    let c = m
        .communication
        .connectors
        .clone()
        .expect("connectors stated");
    assert_eq!(
        (c.team.as_str(), c.runs_on.as_str()),
        ("integrations", "Amazon MSK Connect")
    );
    let env = passes_check(&m);
    let communication = env.read("docs/architecture/communication.md");
    assert!(
        communication.contains("The integrations team runs the 1 change data capture connector"),
        "{communication}"
    );
    // A polling relay has no connector to run, and no rows whose stay it must be told: the
    // answers go with it.
    let (m, _) = answer(
        m,
        "communication",
        vec![
            Type("How do the outbox rows reach the broker", "polling"),
            Choose("Review", "Write"),
        ],
    );
    assert_eq!(m.communication.connectors, None);
    assert_eq!(m.communication.outbox_retention_hours, None);
    passes_check(&m);
}

/// An owned resource with an action that sends a write-only secret is asked which action
/// claims it; a field the action does not send is refused, and the claim reaches the contract
/// (no `If-Match`) and the security document.
#[test]
fn which_action_claims_an_owned_item_is_one_line_and_drops_its_version_check() {
    let owned = BASE.replace(
        "            - {name: total, type: money}\n",
        "            - {name: total, type: money}\n            - {name: customer_id, type: string, optional: true}\n          owner: customer_id\n          concurrency: etag\n          actions:\n            - {name: claim, fields: [{name: code, type: string, write_only: true}]}\n",
    );
    let (m, p) = answer(
        model(&owned),
        "communication",
        vec![
            Type("Which action makes its caller the owner", "claim: token"),
            Type("Which action makes its caller the owner", "claim: code"),
            Choose("Review", "Write"),
        ],
    );
    assert!(
        p.rejected.iter().any(|r| r.contains("code")),
        "a field the action does not send is refused with what it sends: {:?}",
        p.rejected
    );
    let claim = &m.services[0].api.resources[0].actions[0];
    assert_eq!(claim.claims_by.as_deref(), Some("code"));
    let env = passes_check(&m);
    let api: serde_yaml::Value =
        serde_yaml::from_str(&env.read("docs/architecture/api/orders.openapi.yaml")).unwrap();
    let post = &api["paths"]["/v1/orders/{orderId}/claim"]["post"];
    let text = serde_yaml::to_string(post).unwrap();
    assert!(
        text.contains("IdempotencyKey") && !text.contains("IfMatch") && !text.contains("'428'"),
        "{text}"
    );
    let security = env.read("docs/architecture/security.md");
    assert!(
        security.contains(
            "The one way to become an item's owner is a claim: `claimOrder` (Order, by its `code`)"
        ),
        "{security}"
    );
}

/// Keeping the events a service consumes keeps them in the model's order: a finding the
/// design review accepts names them in it, so a reordered list would raise it again.
#[test]
fn kept_consumed_events_stay_in_the_models_order() {
    let yaml = std::fs::read_to_string("examples/clinic-booking/archgen.yaml").unwrap();
    let before = model(&yaml);
    let (m, p) = answer(
        before.clone(),
        "communication",
        vec![Choose("Review", "Write")],
    );
    let consumes = |m: &archgen::model::Model| -> Vec<Vec<String>> {
        m.services.iter().map(|s| s.consumes.clone()).collect()
    };
    assert_eq!(consumes(&m), consumes(&before));
    assert!(
        !p.transcript
            .iter()
            .any(|l| l.contains("Keep this answer anyway")),
        "{}",
        p.transcript.join("\n")
    );
}
