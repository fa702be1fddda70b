//! Flows with failure paths: `alt`/`opt`/`par`/`loop` blocks, responses and compensations
//! triggered by a named event or branch, carried to the sequence diagram, the C4 and LikeC4
//! dynamic views, the prose and the capacity model.

use crate::support::Env;

const MODEL: &str = r#"version: 1
name: Shop
date: "2026-01-15"
requirements:
  domain: retail
  scale: {peak_rps: 100}
  use_cases:
    - {name: Buy, served_by: [Buy]}
services:
  - name: orders
    responsibility: Takes orders.
    publishes:
      - {name: OrderPlaced, fields: [{name: order_id, type: uuid}]}
  - name: payments
    responsibility: Takes payments.
    consumes: [OrderPlaced]
    publishes:
      - {name: PaymentFailed, fields: [{name: order_id, type: uuid}]}
clients:
  - {name: web, kind: web}
communication:
  brokers: [{name: k, technology: Kafka}]
  links:
    - {from: web, to: orders}
    - {from: orders, to: payments}
  flows:
    - name: Buy
      saga: choreography
      steps:
        - {from: web, to: orders, action: POST /orders, returns: 202 Accepted}
        - {from: orders, to: payments, action: "Authorise (card)", returns: authorisation, compensation: Void, compensate_on: PaymentFailed}
        - alt:
            - name: declined
              when: "payment declined: card"
              steps:
                - {from: payments, to: k, action: PaymentFailed}
                - opt:
                    when: retry allowed
                    steps:
                      - {from: k, to: orders, action: PaymentFailed}
            - when: payment authorised
              steps:
                - par:
                    - steps: [{from: orders, to: k, action: OrderPlaced}]
                    - steps: [{from: orders, to: payments, action: Capture, compensation: Refund, compensate_on: declined}]
        - loop:
            when: for each line
            steps:
              - {from: orders, to: payments, action: Price}
"#;

fn render() -> Env {
    let env = Env::new();
    env.write("archgen.yaml", MODEL);
    let run = env.run(&["render"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    env
}

/// The part of `text` from the line holding `start` up to the line holding `end`.
fn section(text: &str, start: &str, end: &str) -> String {
    let from = text.find(start).expect("start marker");
    let to = from + text[from..].find(end).expect("end marker");
    text[from..to].to_owned()
}

#[test]
fn sequence_diagram_draws_blocks_responses_and_triggered_compensations() {
    let env = render();
    insta::assert_snapshot!(env.read("docs/architecture/diagrams/flow-buy.mmd"));
}

#[test]
fn dynamic_views_label_branches_responses_and_triggers() {
    let env = render();
    let c4 = env.read("docs/architecture/diagrams/c4-dynamic-buy.mmd");
    let edges: Vec<&str> = c4
        .lines()
        .filter(|l| l.contains("-->|") || l.contains("-.->|"))
        .collect();
    insta::assert_snapshot!("c4", edges.join("\n"));
    let likec4 = env.read("docs/architecture/likec4/views.c4");
    insta::assert_snapshot!(
        "likec4",
        section(&likec4, "dynamic view flow_buy", "deployment view")
    );
}

#[test]
fn prose_marks_conditional_steps_and_what_triggers_each_compensation() {
    let env = render();
    let doc = env.read("docs/architecture/communication.md");
    insta::assert_snapshot!(section(&doc, "### Buy", "## Message patterns"));
}

/// Clients reach the gateway in one `alt` branch or the other and the gateway goes on after the
/// block: the reply to each client comes once the gateway is done (after its `opt` too), in a
/// second `alt` with the same conditions, and the compensations stay last; the LikeC4 dynamic
/// view labels those replies with their conditions.
#[test]
fn a_reply_waits_for_a_callee_that_goes_on_after_the_branches() {
    let env = Env::new();
    env.write("archgen.yaml", TRACK);
    let run = env.run(&["render"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    insta::assert_snapshot!(env.read("docs/architecture/diagrams/flow-track.mmd"));
    // LikeC4 draws no blocks: each held reply names its branch's condition, as the calls do.
    let likec4 = env.read("docs/architecture/likec4/views.c4");
    insta::assert_snapshot!(
        "track_likec4",
        section(&likec4, "dynamic view flow_track", "deployment view")
    );
}

const TRACK: &str = r#"version: 1
name: Shop
date: "2026-01-15"
requirements:
  domain: retail
  scale: {peak_rps: 100}
  use_cases:
    - {name: Track, served_by: [Track]}
services:
  - {name: gateway, kind: gateway, responsibility: Routes requests., serves: [web, mobile]}
  - {name: orders, responsibility: Takes orders.}
  - {name: payments, responsibility: Takes payments.}
clients:
  - {name: web, kind: web}
  - {name: mobile, kind: mobile}
communication:
  links:
    - {from: web, to: gateway}
    - {from: mobile, to: gateway}
    - {from: gateway, to: orders}
    - {from: gateway, to: payments}
  flows:
    - name: Track
      saga: orchestration
      steps:
        - alt:
            - {when: in the app, steps: [{from: mobile, to: gateway, action: GET /orders/1, returns: 200 OK}]}
            - {when: on the web, steps: [{from: web, to: gateway, action: GET /orders/1, returns: 200 OK}]}
        - {from: gateway, to: orders, action: GET /orders/1, returns: the order, compensation: Forget the read}
        - opt:
            when: with its payments
            steps: [{from: gateway, to: payments, action: GET /payments, returns: the payments}]
"#;

/// A branch without a stated share is counted at an assumed one (an even split of what the
/// stated shares leave, half the runs for an `opt`), and the documents say so twice: as an
/// assumption with the key that states it, and as an open question without an ADR.
#[test]
fn unstated_branch_shares_are_assumed_openly_and_asked() {
    let env = render();
    let doc = env.read("docs/architecture/assumptions.md");
    let line = doc
        .lines()
        .find(|l| l.contains("`communication.flows[].steps[].alt[].share`"))
        .expect("the branch-shares assumption is listed");
    assert!(line.contains("Buy: "), "{line}");
    assert!(line.contains("50%"), "{line}");
    let question = doc
        .lines()
        .find(|l| l.contains("State how often each branch of the flow Buy runs"))
        .expect("the missing shares are an open question");
    assert!(
        question.contains("a question for the model, no ADR"),
        "{question}"
    );
    assert!(
        !env.exists(
            "docs/architecture/adr/0003-state-how-often-each-branch-of-the-flow-buy-runs.md"
        )
    );
}

/// A compensation that any of several failures triggers (`compensate_on` as a list) names each
/// in the saga table, the sequence diagram's compensation block and the tests, and every name
/// in the list is checked on its own.
#[test]
fn a_compensation_can_have_several_triggers() {
    let env = Env::new();
    let model = MODEL.replace(
        "compensation: Void, compensate_on: PaymentFailed}",
        "compensation: Void, compensate_on: [PaymentFailed, declined]}",
    );
    env.write("archgen.yaml", &model);
    let run = env.run(&["render"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc = env.read("docs/architecture/communication.md");
    assert!(
        doc.contains("| Void | PaymentFailed or declined |"),
        "{}",
        section(&doc, "### Buy", "## Message patterns")
    );
    let mmd = env.read("docs/architecture/diagrams/flow-buy.mmd");
    assert!(
        mmd.contains("opt Compensation on PaymentFailed or declined\n"),
        "{mmd}"
    );
    let testing = env.read("docs/architecture/testing.md");
    assert!(
        testing.contains("Buy: PaymentFailed or declined"),
        "{testing}"
    );
    // Each name is checked where it stands in the list.
    let bad = MODEL.replace(
        "compensation: Void, compensate_on: PaymentFailed}",
        "compensation: Void, compensate_on: [PaymentFailed, declind]}",
    );
    env.write("archgen.yaml", &bad);
    let run = env.run(&["render"]);
    assert_ne!(run.code, 0);
    assert!(
        run.stderr.contains("compensate_on/1") || run.stderr.contains("declind"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("declind"), "{}", run.stderr);
}

#[test]
fn a_webhook_that_enters_through_the_gateway_is_drawn_through_it() {
    // order-management: the warehouse's webhooks reach orders through the gateway (`via`).
    let out = crate::support::render_example("order-management", None);
    let seq = &out["diagrams/flow-fulfil-an-order.mmd"];
    assert!(
        seq.contains("  ext_warehouse_system-)svc_gateway: 3 · parcel.dispatched")
            && seq.contains("  svc_gateway-)svc_orders: routes it"),
        "{seq}"
    );
    assert!(!seq.contains("ext_warehouse_system-)svc_orders"), "{seq}");
    let dynamic = &out["diagrams/c4-dynamic-fulfil-an-order.mmd"];
    assert!(
        dynamic.contains("svc_gateway\n  svc_gateway -.->|\"3 · routes it\"| svc_orders"),
        "{dynamic}"
    );
    let likec4 = &out["likec4/views.c4"];
    assert!(likec4.contains("svc_orders \"routes it\""), "{likec4}");
}
