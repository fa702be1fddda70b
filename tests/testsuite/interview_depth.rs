//! The model's newer concepts asked where a kickoff answer exists (issue 12, the interview):
//! recovery objectives, who may call each operation and who owns an item, the webhooks an
//! external system sends back, what a consumer reads, a flow's deadline, a step that runs only
//! sometimes with its share, and the shares of `alt` branches. Each written model passes
//! `archgen check`.

use crate::script::{Say::*, Script};
use crate::support::Env;
use archgen::interview::{self, Ending, Plan, flow::Mode};
use archgen::model::{AuthMethod, Model};

pub(crate) fn step(key: &str) -> Plan {
    Plan {
        mode: Mode::Full,
        only: Some(interview::step_index(key).unwrap()),
        start: 0,
    }
}

pub(crate) fn model(yaml: &str) -> Model {
    archgen::load::parse_shape(yaml, "archgen.yaml").unwrap()
}

/// Runs one step of the interview on `m` with a lenient script; every scripted answer used.
pub(crate) fn answer(m: Model, key: &str, says: Vec<crate::script::Say>) -> (Model, Script) {
    let mut p = Script::lenient(says);
    let ending = interview::run(&mut p, m, step(key)).unwrap();
    assert!(
        p.steps.is_empty(),
        "unused answers:\n{}",
        p.transcript.join("\n")
    );
    match ending {
        Ending::Write(m) => (m, p),
        other => panic!("expected the model to be written, got {other:?}"),
    }
}

/// Writes the model, renders it and runs `archgen check`: the answers make a sound design.
pub(crate) fn passes_check(m: &Model) -> Env {
    let env = Env::new();
    env.write("archgen.yaml", &archgen::model::yaml::to_yaml(m));
    env.run(&["render"]).ok();
    env.run(&["check"]).ok();
    env
}

/// Two services, a web client and two calls: a design `archgen check` passes as it is.
pub(crate) const BASE: &str = "\
version: 1
name: Shop
date: \"2026-01-15\"
requirements:
  domain: retail
  availability: 99
services:
  - name: orders
    responsibility: Takes orders.
    slo: {availability: 99.95}
    api:
      resources:
        - name: Order
          fields:
            - {name: total, type: money}
  - name: payments
    responsibility: Takes payments.
    slo: {availability: 99.95}
    api:
      resources:
        - name: Payment
          fields:
            - {name: amount, type: money}
clients:
  - {name: web, kind: web}
communication:
  links:
    - {from: web, to: orders}
    - {from: orders, to: payments}
";

#[test]
fn recovery_objectives_are_asked_with_the_derived_requirements() {
    let (m, p) = answer(
        model(BASE),
        "requirements",
        vec![
            Type("Recovery point objective", "15"),
            Type("Recovery time objective", "60"),
            Choose("Review", "Write"),
        ],
    );
    let r = &m.requirements.recovery;
    assert_eq!((r.rpo_minutes, r.rto_minutes), (Some(15), Some(60)));
    let env = passes_check(&m);
    assert!(!env.read("docs/architecture/README.md").is_empty());
    // Kept with the block's one Enter, they stay open decisions (archgen makes none up).
    let (m, _) = answer(model(BASE), "requirements", vec![Choose("Review", "Write")]);
    assert_eq!(m.requirements.recovery, Default::default());
    assert!(
        p.transcript
            .iter()
            .any(|l| l.contains("Recovery time objective"))
    );
}

pub(crate) const SHOP_WITH_ROLES: &str = "\
version: 1
name: Shop
requirements:
  domain: retail
services:
  - name: orders
    responsibility: Takes orders.
    api:
      resources:
        - name: Order
          fields:
            - {name: total, type: money}
            - {name: customer_id, type: uuid}
  - name: payments
    responsibility: Takes payments.
    api:
      resources:
        - name: Payment
          fields:
            - {name: amount, type: money}
clients:
  - {name: web, kind: web}
communication:
  links:
    - {from: web, to: orders}
    - {from: orders, to: payments}
security:
  authentication:
    - {method: oidc, provider: Keycloak}
  authorization:
    model: rbac
    roles:
      - {name: customer, permissions: ['orders:read:own']}
      - {name: support-agent, permissions: ['orders:read']}
";

#[test]
fn who_may_call_each_operation_is_one_line_per_resource() {
    let (m, p) = answer(
        model(SHOP_WITH_ROLES),
        "security",
        vec![
            // An unknown caller is refused with what is known, then the line is corrected.
            Type("Who may call it", "get: customer, clerk"),
            Type(
                "Who may call it",
                "get, list: customer, support-agent; all: support-agent",
            ),
            Choose("Which field names an item's owner", "customer_id"),
            Choose("Review", "Write"),
        ],
    );
    assert!(
        p.rejected
            .iter()
            .any(|e| e.contains("`clerk` is no caller")
                && e.contains("roles: customer, support-agent")),
        "{:?}",
        p.rejected
    );
    let order = &m.services[0].api.resources[0];
    assert_eq!(order.access.len(), 2);
    assert_eq!(order.access[0].operations, ["get", "list"]);
    assert_eq!(order.access[0].roles, ["customer", "support-agent"]);
    assert!(order.access[1].operations.is_empty());
    assert_eq!(
        order.owner.as_ref().map(ToString::to_string).as_deref(),
        Some("customer_id")
    );
    // payments is called only by orders: its default is service accounts on mutual TLS.
    let payment = &m.services[1].api.resources[0];
    assert_eq!(payment.access.len(), 1);
    assert_eq!(payment.access[0].methods, [AuthMethod::Mtls]);
    let env = passes_check(&m);
    let contracts = env.read("docs/architecture/api-contracts.md");
    assert!(
        contracts.contains("roles customer, support-agent"),
        "{contracts}"
    );
    let payments = env.read("docs/architecture/api/payments.openapi.yaml");
    assert!(payments.contains("type: mutualTLS"), "{payments}");
}

#[test]
fn the_owner_is_asked_only_where_a_role_reaches_its_own_items() {
    let yaml = SHOP_WITH_ROLES.replace("['orders:read:own']", "['orders:read']");
    let (m, p) = answer(model(&yaml), "security", vec![Choose("Review", "Write")]);
    assert!(!p.transcript.iter().any(|l| l.contains("item's owner")));
    assert_eq!(m.services[0].api.resources[0].owner, None);
    // With an `:own` permission, the field named after the role is the default Enter keeps.
    let (m, p) = answer(
        model(SHOP_WITH_ROLES),
        "security",
        vec![Choose("Review", "Write")],
    );
    let listed = p.transcript.join("\n");
    assert!(
        listed.contains("Which field names an item's owner? customer_id"),
        "{listed}"
    );
    assert_eq!(
        m.services[0].api.resources[0]
            .owner
            .as_ref()
            .map(ToString::to_string)
            .as_deref(),
        Some("customer_id")
    );
    passes_check(&m);
}

const SHOP_WITH_PROVIDER: &str = "\
version: 1
name: Shop
requirements:
  domain: retail
services:
  - name: orders
    responsibility: Takes orders.
  - name: mailer
    kind: worker
    responsibility: Sends receipts.
externals:
  - {name: stripe, description: Card payments.}
  - {name: email, description: Sends email.}
communication:
  links:
    - {from: orders, to: stripe}
    - {from: mailer, to: email}
";

#[test]
fn the_webhooks_a_called_provider_sends_back_are_asked_for_http_services_only() {
    let (m, p) = answer(
        model(SHOP_WITH_PROVIDER),
        "communication",
        vec![
            Type(
                "Webhooks it sends back",
                "payment_intent.succeeded, charge.refunded",
            ),
            Enter("Header carrying its signature"),
            Choose("Review", "Write"),
        ],
    );
    assert!(p.transcript.iter().any(|l| l == "> `stripe` -> `orders`"));
    // The worker calls email too, but has no HTTP API to receive anything on.
    assert!(
        !p.transcript
            .iter()
            .any(|l| l.contains("`email` -> `mailer`"))
    );
    let r = &m.services[0].api.receives;
    assert_eq!(r.len(), 1);
    assert_eq!(
        (r[0].from.as_str(), r[0].signature_header.as_str()),
        ("stripe", "Stripe-Signature")
    );
    assert_eq!(r[0].events, ["payment_intent.succeeded", "charge.refunded"]);
    let env = passes_check(&m);
    assert!(
        env.read("docs/architecture/api/orders.openapi.yaml")
            .contains("/webhooks/stripe")
    );
    // Emptied, the webhook goes.
    let (m, _) = answer(
        m,
        "communication",
        vec![
            Type("Webhooks it sends back", ""),
            Choose("Review", "Write"),
        ],
    );
    assert!(m.services[0].api.receives.is_empty());
}

pub(crate) const SHOP_WITH_EVENTS: &str = "\
version: 1
name: Shop
requirements:
  domain: retail
services:
  - name: orders
    responsibility: Takes orders.
    publishes:
      - name: OrderPlaced
        fields:
          - {name: order_id, type: uuid}
          - {name: total, type: money}
  - name: payments
    responsibility: Takes payments.
communication:
  brokers:
    - {name: events, technology: Kafka}
";

#[test]
fn what_a_consumer_reads_is_checked_against_the_payload() {
    let (m, p) = answer(
        model(SHOP_WITH_EVENTS),
        "communication",
        vec![
            Tick("Which events does it consume", &["OrderPlaced"]),
            Type("What do its handlers read", "OrderPlaced: order_id, totl"),
            Type("What do its handlers read", "OrderPlaced: order_id, total"),
            Choose("Review", "Write"),
        ],
    );
    assert_eq!(
        p.rejected,
        ["`payments` reads `totl` from `OrderPlaced`, which carries order_id, total"]
    );
    assert_eq!(m.services[1].reads["OrderPlaced"], ["order_id", "total"]);
    passes_check(&m);
    // No longer consumed, the event's reads go with it.
    let (m, _) = answer(
        m,
        "communication",
        vec![
            Tick("Which events does it consume", &[]),
            Choose("Review", "Write"),
        ],
    );
    assert!(m.services[1].reads.is_empty());
}

#[test]
fn a_consumer_of_two_events_says_what_it_does_with_one_that_comes_early() {
    let two = SHOP_WITH_EVENTS.replace(
        "          - {name: total, type: money}\n",
        "          - {name: total, type: money}\n      - name: OrderCancelled\n        fields: [{name: order_id, type: uuid}]\n",
    );
    let (m, p) = answer(
        model(&two),
        "communication",
        vec![
            Tick(
                "Which events does it consume",
                &["OrderPlaced", "OrderCancelled"],
            ),
            Type("What do its handlers read", ""),
            Choose("arrives before the one it follows", "keep"),
            Choose("Review", "Write"),
        ],
    );
    assert!(p.rejected.is_empty(), "{:?}", p.rejected);
    assert_eq!(
        m.services[1].early_events,
        Some(archgen::model::EarlyEvents::Keep)
    );
    passes_check(&m);
    // Down to one event, there is nothing to come early, and the answer goes.
    let (m, _) = answer(
        m,
        "communication",
        vec![
            Tick("Which events does it consume", &["OrderPlaced"]),
            Type("What do its handlers read", ""),
            Choose("Review", "Write"),
        ],
    );
    assert_eq!(m.services[1].early_events, None);
}

#[test]
fn a_step_that_runs_only_sometimes_becomes_an_opt_block_with_its_share() {
    let (m, _) = answer(
        model(BASE),
        "communication",
        vec![
            Choose("Flows (none yet)", "Add a flow"),
            Type("Flow name", "Checkout"),
            Choose("a saga", "orchestration"),
            Type("Minutes before an unfinished run is given up", "30"),
            Type("What happens to a run given up", "the order is cancelled"),
            Choose("Steps (none yet)", "Add a step"),
            Choose("Who acts", "web"),
            Choose("Who receives it", "orders"),
            Type("What happens", "POST /v1/orders"),
            Choose("Steps (web -> orders", "Add another step"),
            Choose("Who receives it", "payments"),
            Type("What happens", "charge the card"),
            Type("What undoes it", "refund the payment"),
            Type("Does it run only sometimes", "card on file"),
            Type("In what percent of runs", "140"),
            Type("In what percent of runs", "30"),
            Choose("Flows (Checkout)", "Done"),
            Choose("Review", "Write"),
        ],
    );
    let f = &m.communication.flows[0];
    assert_eq!(f.deadline.as_ref().map(|d| d.minutes), Some(30));
    assert!(f.steps[0].opt.is_none(), "the first step runs on every run");
    let opt = f.steps[1].opt.as_ref().expect("an opt block");
    assert_eq!((opt.when.as_str(), opt.share), ("card on file", Some(30.0)));
    assert_eq!(opt.steps[0].from, "orders");
    assert_eq!(opt.steps[0].compensation, "refund the payment");
    let env = passes_check(&m);
    assert!(
        env.read("docs/architecture/communication.md")
            .contains("card on file")
    );
    // An empty condition unwraps it again; the call keeps its answers.
    let (m, _) = answer(
        m,
        "communication",
        vec![
            Choose("Flows (Checkout)", "Edit flow Checkout"),
            Choose("Steps (", "Edit step orders -> payments"),
            Type("Does it run only sometimes", ""),
            Choose("Flows (Checkout)", "Done"),
            Choose("Review", "Write"),
        ],
    );
    let s = &m.communication.flows[0].steps[1];
    assert!(s.opt.is_none());
    assert_eq!(
        (s.to.as_str(), s.action.as_str()),
        ("payments", "charge the card")
    );
}

#[test]
fn an_alt_blocks_branch_shares_are_one_line() {
    let yaml = format!(
        "{BASE}  flows:\n    - name: Pay\n      steps:\n        - {{from: web, to: orders, \
         action: Place}}\n        - alt:\n            - {{when: paid, steps: [{{from: orders, \
         to: payments, action: Charge}}]}}\n            - {{when: declined, steps: [{{from: \
         orders, to: web, action: Decline}}]}}\n"
    );
    let (m, p) = answer(
        model(&yaml),
        "communication",
        vec![
            Choose("Flows (Pay)", "Edit flow Pay"),
            Choose(
                "Steps (web -> orders: Place, (alt block))",
                "Edit step (alt block)",
            ),
            Type("Percent of runs per branch", "paid: 97; declined: 4"),
            Type("Percent of runs per branch", "paid: 97; declined: 3"),
            Choose("Flows (Pay)", "Done"),
            Choose("Review", "Write"),
        ],
    );
    assert!(p.rejected[0].contains("add up to 101%"), "{:?}", p.rejected);
    // A block is not asked who acts: it is no call.
    let asked = p.transcript.join("\n");
    assert!(!asked.contains("? Who acts?"), "{asked}");
    let alt = &m.communication.flows[0].steps[1].alt;
    assert_eq!((alt[0].share, alt[1].share), (Some(97.0), Some(3.0)));
    passes_check(&m);
}

/// Who may call each operation, typed in a real terminal: a refused caller is named under the
/// prompt, the corrected line lands in the model, and the contract makes two operations public;
/// a field is kept to one of the two roles that read the item.
#[test]
fn who_may_call_is_answered_in_a_terminal() {
    use crate::pty::{DOWN, ENTER, Pty, SPACE};
    let env = Env::new();
    env.write("archgen.yaml", SHOP_WITH_ROLES);
    let typed = "get, list: public, customer";
    let wipe = "\x7f".repeat(typed.len());
    let mut p = Pty::spawn(&env, &["edit", "--step", "security"]);
    p.at("Authentication methods (oidc)", &[ENTER])
        .at("How is access decided", &[ENTER])
        .at("Roles (customer, support-agent)", &[ENTER])
        .at("Policies (none yet)", &[DOWN, ENTER])
        .at("Rate limits (none yet)", &[DOWN, ENTER])
        .expect("`Order` of orders: Who may call it?")
        .expect("all: signed-in")
        .expect("`Payment` of payments: Who may call it?")
        // Only orders calls payments: its certificate, not a scope, says who may.
        .expect("all: mtls, orders")
        .at("Keep these", &["n", ENTER])
        .at("services prove their identity", &[ENTER])
        .at("Where do secrets live", &[ENTER])
        .at("What does the audit log record", &[ENTER])
        .at("Origins allowed", &[ENTER])
        .expect("`Order` of orders")
        .at("Who may call it?", &[typed, ENTER])
        .expect("a public access rule also asks for credentials")
        .at(
            "Who may call it?",
            &[&wipe, "get, list: public; all: customer", ENTER],
        )
        .at("item's owner", &[ENTER])
        // Two roles read an order: `total` (the first field) is kept from support agents.
        .at("Which fields may only some roles read?", &[SPACE, ENTER])
        .expect("`total` of Order")
        .at("Which roles may read it?", &[DOWN, SPACE, ENTER])
        .expect("`Payment` of payments")
        .at("Who may call it?", &[ENTER])
        .at("item's owner", &[ENTER])
        .at("Review: what next?", &[ENTER])
        .expect("rendered");
    assert_eq!(p.exit_code(), 0);
    let m = archgen::load::load(&env.path("archgen.yaml"))
        .unwrap()
        .model;
    let order = &m.services[0].api.resources[0];
    assert_eq!(order.access.len(), 2);
    assert!(order.access[0].public && order.access[0].operations == ["get", "list"]);
    assert_eq!(order.access[1].roles, ["customer"]);
    assert_eq!(
        order.owner.as_ref().map(ToString::to_string).as_deref(),
        Some("customer_id")
    );
    // The field ticked is read by the role left ticked; the other field by every caller.
    assert_eq!(order.fields[0].read_by, ["customer"]);
    assert!(order.fields[1].read_by.is_empty());
    assert_eq!(
        m.services[1].api.resources[0].access[0].methods,
        [AuthMethod::Mtls]
    );
    assert_eq!(m.services[1].api.resources[0].access[0].callers, ["orders"]);
    env.run(&["check"]).ok();
    let openapi = env.read("docs/architecture/api/orders.openapi.yaml");
    assert!(openapi.contains("security: []"), "{openapi}");
}

#[test]
fn actions_go_on_the_operations_line() {
    let (mut m, _) = answer(
        model(BASE),
        "apis",
        vec![
            Choose("Resources (Order)", "Edit resource Order"),
            Type(
                "Which operations and actions",
                "list, get, create, cancel, amend",
            ),
            Choose("Resources (Order)", "Done"),
            Choose("Review", "Write"),
        ],
    );
    let order = &m.services[0].api.resources[0];
    use archgen::model::Operation::*;
    assert_eq!(order.operations, Some(vec![List, Get, Create]));
    let verbs: Vec<&str> = order.actions.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(verbs, ["cancel", "amend"]);
    let env = passes_check(&m);
    let openapi = env.read("docs/architecture/api/orders.openapi.yaml");
    assert!(openapi.contains("/v1/orders/{orderId}/cancel"), "{openapi}");
    // An action that stays keeps what the model says of it; one left out goes.
    m.services[0].api.resources[0].actions[0].description = "Until it ships.".into();
    let (m, _) = answer(
        m,
        "apis",
        vec![
            Choose("Resources (Order)", "Edit resource Order"),
            Type(
                "Which operations and actions",
                "list, get, create, update, delete, cancel",
            ),
            Choose("Resources (Order)", "Done"),
            Choose("Review", "Write"),
        ],
    );
    let order = &m.services[0].api.resources[0];
    assert_eq!(
        order.operations, None,
        "the default operations are left to the default"
    );
    assert_eq!(order.actions.len(), 1);
    assert_eq!(order.actions[0].description, "Until it ships.");
}

#[test]
fn a_log_brokers_retention_is_asked_beside_its_delivery_guarantee() {
    let (m, _) = answer(
        model(SHOP_WITH_EVENTS),
        "communication",
        vec![
            Choose("Brokers (events)", "Edit broker events"),
            Type("Hours it keeps each message", "72"),
            Choose("Brokers (events)", "Done"),
            Choose("Review", "Write"),
        ],
    );
    assert_eq!(m.communication.brokers[0].retention_hours, Some(72));
    // Stated, the 7 days the capacity model assumes otherwise are no longer listed.
    let assumed = "capacity.event-retention";
    let before = rendered(&model(SHOP_WITH_EVENTS));
    assert!(
        before
            .read("docs/architecture/capacity.md")
            .contains(assumed)
    );
    let after = rendered(&m);
    assert!(
        !after
            .read("docs/architecture/capacity.md")
            .contains(assumed)
    );
    // Redis Pub/Sub keeps nothing: no retention to ask.
    let yaml = SHOP_WITH_EVENTS.replace("technology: Kafka", "technology: Redis Pub/Sub");
    let (_, p) = answer(
        model(&yaml),
        "communication",
        vec![
            Choose("Brokers (events)", "Edit broker events"),
            Choose("Brokers (events)", "Done"),
            Choose("Review", "Write"),
        ],
    );
    let said = p.transcript.join("\n");
    assert!(said.contains("What delivery guarantee"), "{said}");
    assert!(!said.contains("Hours it keeps"), "{said}");
}

/// Writes and renders the model without `archgen check`: capacity.md on main links
/// `#handler-time` with no such heading for events no consumer handles (reported).
fn rendered(m: &Model) -> Env {
    let env = Env::new();
    env.write("archgen.yaml", &archgen::model::yaml::to_yaml(m));
    env.run(&["render"]).ok();
    env
}

#[test]
fn a_providers_link_to_a_service_asks_which_gateway_it_enters_by() {
    let yaml = "\
version: 1
name: Shop
requirements:
  domain: retail
services:
  - {name: gw, kind: gateway, responsibility: Routes.}
  - name: orders
    responsibility: Takes orders.
    api:
      resources:
        - {name: Order, fields: [{name: total, type: money}]}
externals:
  - {name: stripe, description: Card payments.}
communication:
  links:
    - {from: gw, to: orders}
";
    let (m, p) = answer(
        model(yaml),
        "communication",
        vec![
            Choose("Links (", "Add another link"),
            Choose("From", "stripe"),
            Choose("To", "orders"),
            Choose("Synchronous or asynchronous", "async"),
            Choose("through a gateway", "gw"),
            Choose("Review", "Write"),
        ],
    );
    let link = m
        .communication
        .links
        .iter()
        .find(|l| l.from == "stripe")
        .unwrap();
    assert_eq!(link.via.as_deref(), Some("gw"));
    // Not asked for the gateway's own call to orders.
    let asked = p
        .transcript
        .iter()
        .filter(|l| l.contains("through a gateway"))
        .count();
    assert_eq!(asked, 1, "{:#?}", p.transcript);
}

#[test]
fn a_maintenance_window_is_asked_only_of_an_external_with_maintenance_hours() {
    let base = model(&BASE.replace(
        "clients:\n",
        "externals:\n  - {name: ehr, description: Health records.}\nclients:\n",
    ));
    let (m, p) = answer(
        base,
        "boundaries",
        vec![
            Choose("External systems (ehr)", "Edit external system ehr"),
            Yes("Keep these", false),
            Type("Its published availability", "99.5"),
            Type("Hours a month it is down", "4"),
            Type("Hours its longest window lasts", "6"),
            Type("Hours its longest window lasts", "2"),
            Type("Which of your teams runs it", "records"),
            Type(
                "What do your services present when they call it",
                "a key\nand more",
            ),
            Type(
                "What do your services present when they call it",
                "SMART Backend Services (private_key_jwt)",
            ),
            Choose("Review", "Write"),
        ],
    );
    // Six hours do not fit in four a month: refused at the prompt, asked again.
    assert!(
        (p.rejected.iter()).any(|e| e.contains("longer than the 4 hours a month it is down")),
        "{:?}",
        p.rejected
    );
    let e = &m.externals[0];
    assert_eq!(
        (e.maintenance_hours_per_month, e.maintenance_window_hours),
        (Some(4.0), Some(2.0))
    );
    // A team of the organisation runs it: an in-house system; what the services present to
    // it is one line, refused on two.
    assert_eq!(e.team.as_deref(), Some("records"));
    assert_eq!(
        e.credential.as_deref(),
        Some("SMART Backend Services (private_key_jwt)")
    );
    assert!(
        (p.rejected.iter()).any(|e| e.contains("one line")),
        "{:?}",
        p.rejected
    );
    // With no hours a month, there is no window to ask about.
    let (_, p) = answer(
        model(&BASE.replace(
            "clients:\n",
            "externals:\n  - {name: ehr, description: Health records.}\nclients:\n",
        )),
        "boundaries",
        vec![Choose("Review", "Write")],
    );
    assert!(!p.transcript.join("\n").contains("longest window"));
}

/// A scheduled job that calls components is asked whether it takes one item per event its
/// service consumes; the answer moves its calls to that event's rate.
#[test]
fn a_job_is_asked_which_event_gives_it_its_items() {
    let base = || {
        model(
            &BASE
                .replace(
                    "    slo: {availability: 99.95}\n    api:\n      resources:\n        - name: Order\n",
                    "    slo: {availability: 99.95}\n    consumes: [PaymentCaptured]\n    api:\n      resources:\n        - name: Order\n",
                )
                .replace(
                    "            - {name: amount, type: money}\n",
                    "            - {name: amount, type: money}\n    publishes:\n      - {name: PaymentCaptured, fields: [{name: order_id, type: uuid}]}\n",
                )
                .replace(
                    "communication:\n  links:\n",
                    "performance:\n  jobs: [{name: settle, service: orders, kind: scheduled, schedule: '*/15 * * * *', calls: [payments], description: Settles the day.}]\ncommunication:\n  brokers: [{name: kafka, technology: Kafka}]\n  links:\n    - {from: payments, to: orders, style: async, events: [PaymentCaptured]}\n",
                ),
        )
    };
    let (m, p) = answer(
        base(),
        "performance",
        vec![
            Choose("Background jobs (settle)", "Edit background job settle"),
            Choose("one item per event since the last", "PaymentCaptured"),
            Choose("Review", "Write"),
        ],
    );
    assert_eq!(
        m.performance.jobs[0].items_from.as_deref(),
        Some("PaymentCaptured"),
        "{}",
        p.transcript.join("\n")
    );
    let env = passes_check(&m);
    let capacity = env.read("docs/architecture/capacity.md");
    assert!(
        capacity.contains("| orders | payments | 0 (from settle, one per PaymentCaptured) |"),
        "{capacity}"
    );
    // Kept as it was, the job calls once a run.
    let (m, _) = answer(
        base(),
        "performance",
        vec![
            Choose("Background jobs (settle)", "Edit background job settle"),
            Choose("Review", "Write"),
        ],
    );
    assert_eq!(m.performance.jobs[0].items_from, None);
}

/// A Cognito user pool serves its token endpoint on its own domain: the interview asks for it
/// after the issuer, refuses what is not an https URL, and the contract's flow uses it.
#[test]
fn a_cognito_token_endpoint_is_asked_after_its_issuer() {
    let base = model(&BASE.replace(
        "clients:\n  - {name: web, kind: web}\n",
        "clients:\n  - {name: web, kind: web}\n  - {name: partner, kind: partner}\nsecurity:\n  authentication:\n    - {method: oauth2, provider: Amazon Cognito, issuer: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Ab12Cd34E', clients: [partner]}\n",
    ).replace(
        "    - {from: web, to: orders}\n",
        "    - {from: web, to: orders}\n    - {from: partner, to: orders}\n",
    ));
    let (m, p) = answer(
        base,
        "security",
        vec![
            Choose("Authentication methods", "Edit authentication method"),
            Type("Token endpoint URL", "auth.shop.example/oauth2/token"),
            Type(
                "Token endpoint URL",
                "https://auth.shop.example/oauth2/token",
            ),
            Choose("Review", "Write"),
        ],
    );
    assert!(
        (p.rejected.iter()).any(|e| e.contains("a token endpoint is a URL starting with https://")),
        "{:?}\n{}",
        p.rejected,
        p.transcript.join("\n")
    );
    let a = &m.security.authentication[0];
    assert_eq!(
        a.token_url.as_deref(),
        Some("https://auth.shop.example/oauth2/token")
    );
    let env = passes_check(&m);
    let contract = env.read("docs/architecture/api/orders.openapi.yaml");
    assert!(
        contract.contains("tokenUrl: \"https://auth.shop.example/oauth2/token\""),
        "{contract}"
    );
}

/// Whether the team runs its identity provider is asked after the provider, offered from the
/// product's name; an answer that differs from the name is kept, and the deployment view
/// follows it.
#[test]
fn whether_the_team_runs_its_identity_provider_is_asked() {
    let base = model(&BASE.replace(
        "clients:\n",
        "security:\n  authentication:\n    - {method: oidc, provider: Keycloak}\nclients:\n",
    ));
    // Keycloak is taken to be run by the team; saying so changes nothing in the model.
    let (m, _) = answer(
        base.clone(),
        "security",
        vec![
            Choose("Authentication methods", "Edit authentication method"),
            Yes("Does the team run it itself", true),
            Choose("Review", "Write"),
        ],
    );
    assert_eq!(m.security.authentication[0].self_hosted, None);
    // Its database is not said to be backed up: a gap recovery names, and a risk.
    assert_eq!(m.security.authentication[0].backed_up, None);
    let env = passes_check(&m);
    let gap = "needs a backup to the system's recovery objectives, which the model does not state (backed\\_up)";
    assert!(env.read("docs/architecture/recovery.md").contains(gap));
    // Said to be, the gap goes, and the deployment view says so.
    let (m, _) = answer(
        m,
        "security",
        vec![
            Choose("Authentication methods", "Edit authentication method"),
            Yes("Does the team run it itself", true),
            Yes("backed up to the system's recovery objectives", true),
            Choose("Review", "Write"),
        ],
    );
    assert_eq!(m.security.authentication[0].backed_up, Some(true));
    let env = passes_check(&m);
    assert!(!env.read("docs/architecture/recovery.md").contains(gap));
    assert!(
        env.read("docs/architecture/diagrams/c4-deployment.mmd")
            .contains("backed up as the services' stores are")
    );
    // A Keycloak bought as a managed service is stated, and runs no workload.
    let (m, _) = answer(
        base,
        "security",
        vec![
            Choose("Authentication methods", "Edit authentication method"),
            Yes("Does the team run it itself", false),
            Choose("Review", "Write"),
        ],
    );
    assert_eq!(m.security.authentication[0].self_hosted, Some(false));
    let env = passes_check(&m);
    let deployment = env.read("docs/architecture/diagrams/c4-deployment.mmd");
    assert!(!deployment.contains("Keycloak"), "{deployment}");
}

/// A canary's hold is asked after its steps, refused outside 1 to 1,440 minutes; a single
/// step has nothing to hold.
#[test]
fn a_canary_step_hold_is_asked_after_the_steps() {
    let base = model(&BASE.replace("clients:\n", "deployment:\n  strategy: canary\nclients:\n"));
    let (m, p) = answer(
        base,
        "documentation",
        vec![
            Type("Canary traffic steps", "10; 50; 100"),
            Type("Minutes each canary step is held", "0"),
            Type("Minutes each canary step is held", "30"),
            Choose("Review", "Write"),
        ],
    );
    assert_eq!(m.deployment.canary_steps, [10, 50, 100]);
    assert_eq!(m.deployment.canary_hold_minutes, Some(30));
    assert!(!p.rejected.is_empty(), "0 minutes is refused");
    let env = passes_check(&m);
    let deployment = env.read("docs/architecture/deployment.md");
    assert!(deployment.contains("30 min"), "{deployment}");
    let single = model(&BASE.replace(
        "clients:\n",
        "deployment:\n  strategy: canary\n  canary_steps: [100]\nclients:\n",
    ));
    let (_, p) = answer(single, "documentation", vec![Choose("Review", "Write")]);
    assert!(
        !(p.transcript.iter()).any(|l| l.contains("Minutes each canary step")),
        "{}",
        p.transcript.join("\n")
    );
}

/// A consumer's delivery policy is asked per asynchronous link to a service: its deliveries
/// (refused outside 1 to 1,000), a retry topic, dead letters, who redrives them and whether
/// one pages; the contract and resilience.md state it, and No takes it away again.
#[test]
fn a_consumers_delivery_policy_is_asked_per_async_link() {
    let yaml = SHOP_WITH_EVENTS
        .replace(
            "    responsibility: Takes payments.\n",
            "    responsibility: Takes payments.\n    consumes: [OrderPlaced]\n",
        )
        .replace(
            "communication:\n",
            "communication:\n  links:\n    - {from: orders, to: payments, style: async, events: [OrderPlaced]}\n",
        );
    let redrive = "replayed with the redrive job by the payment team once the cause is fixed";
    let (m, p) = answer(
        model(&yaml),
        "resilience",
        vec![
            Yes("Keep these", false),
            Yes("own redelivery or dead-letter policy", true),
            Type("Deliveries of a message before it is dead-lettered", "0"),
            Type("Deliveries of a message before it is dead-lettered", "16"),
            Yes("retry topic", true),
            Yes("Dead-letter what exhausts its deliveries", true),
            Type("Who brings a dead letter back", redrive),
            Choose("Does a dead letter page its team", "Always a page"),
            Choose("Review", "Write"),
        ],
    );
    assert_eq!(
        p.rejected.len(),
        1,
        "0 deliveries is refused: {:?}",
        p.rejected
    );
    let d = m.communication.links[0].delivery.as_ref().unwrap();
    assert_eq!(
        (d.max_attempts, d.retry_topic, d.dead_letter, d.pages),
        (Some(16), true, None, Some(true)),
        "dead letters are the consumers' default, so not repeated on the link"
    );
    assert_eq!(d.redrive, redrive);
    let env = passes_check(&m);
    let resilience = env.read("docs/architecture/resilience.md");
    assert!(
        resilience.contains("| payments | OrderPlaced | 16 (the link) |")
            && resilience.contains(redrive),
        "{resilience}"
    );
    // No takes the link's policy away; the consumers' own applies again.
    let (m, _) = answer(
        m,
        "resilience",
        vec![
            Yes("Keep these", false),
            Yes("own redelivery or dead-letter policy", false),
            Choose("Review", "Write"),
        ],
    );
    assert!(m.communication.links[0].delivery.is_none());
}

/// Without a terminal, a role's clients and second factor are answered like any question,
/// an unknown client refused with the clients there are.
#[test]
fn a_role_is_held_through_its_clients_with_a_second_factor() {
    let yaml = SHOP_WITH_ROLES.replace(
        "clients:\n  - {name: web, kind: web}\n",
        "clients:\n  - {name: web, kind: web}\n  - {name: console, kind: internal}\n",
    );
    let (m, p) = answer(
        model(&yaml),
        "security",
        vec![
            Choose("Roles (customer, support-agent)", "Edit role support-agent"),
            Type("Which clients do its holders sign in through", "kiosk"),
            Type("Which clients do its holders sign in through", "console"),
            Yes("Do its holders sign in with a second factor", true),
            Choose("Roles (customer, support-agent)", "Done"),
            Choose("Review", "Write"),
        ],
    );
    assert!(
        p.rejected
            .iter()
            .any(|e| e.contains("`kiosk` is not a client of this model")),
        "{:?}",
        p.rejected
    );
    let agent = &m.security.authorization.roles[1];
    assert_eq!(agent.clients, ["console"]);
    assert!(agent.second_factor && !m.security.authorization.roles[0].second_factor);
    let env = passes_check(&m);
    let testing = env.read("docs/architecture/testing.md");
    assert!(
        testing.contains("A support-agent token issued to any client but console, or without a second factor in its `amr`, is refused (`403`)"),
        "{testing}"
    );
}

/// A flow payments' captures start, in which the warehouse sends the dispatch back.
pub(crate) fn shop_that_ships() -> String {
    BASE.replace(
        "            - {name: amount, type: money}\n",
        "            - {name: amount, type: money}\n    publishes: [{name: PaymentCaptured, fields: [{name: order_id, type: uuid}]}]\n",
    )
    .replace(
        "clients:\n",
        "externals:\n  - {name: warehouse, description: Ships the parcels.}\nclients:\n",
    )
    .replace(
        "communication:\n",
        "communication:\n  brokers: [{name: kafka, technology: Kafka}]\n  flows:\n    - name: Ship\n      triggered_by: PaymentCaptured\n      steps:\n        - {from: kafka, to: orders, action: PaymentCaptured}\n        - {from: warehouse, to: orders, action: dispatched}\n",
    )
}

/// The pace of a step the outside world sends is asked only of such a step, refused where it
/// is no rate, and written.
#[test]
fn a_step_the_outside_world_sends_is_asked_its_pace() {
    let (m, p) = answer(
        model(&shop_that_ships()),
        "communication",
        vec![
            Choose("Flows (Ship)", "Edit flow Ship"),
            Choose("Steps (", "Edit step warehouse -> orders: dispatched"),
            Type("How many times a second does it come", "0"),
            Type("How many times a second does it come", "31"),
            Choose("Flows (Ship)", "Done"),
            Choose("Review", "Write"),
        ],
    );
    assert!(
        p.rejected[0].contains("must be a rate a second above 0"),
        "{:?}",
        p.rejected
    );
    let steps = &m.communication.flows[0].steps;
    assert_eq!(
        (steps[0].paced_per_second, steps[1].paced_per_second),
        (None, Some(31.0))
    );
    // The broker's delivery is no step the outside world sends: not asked.
    let asked = p.transcript.join("\n");
    assert_eq!(
        asked.matches("How many times a second").count(),
        2,
        "{asked}"
    );
}
