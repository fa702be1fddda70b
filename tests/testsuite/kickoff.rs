//! The kickoff set: assumptions and open decisions, risks and threats, failure modes and
//! recovery, glossary and non-goals, and guidance that must fit the model (sampling, rollout,
//! CSRF, alert routing), each checked on a small model.

use crate::support::{MINIMAL, doc, render};

#[test]
fn every_assumed_value_is_listed_with_its_key_and_no_document_calls_it_archgens() {
    let env = render(&MINIMAL.replace(
        "clients:",
        "security:\n  authentication: [{method: oidc, provider: Keycloak}]\nclients:",
    ));
    let a = doc(&env, "assumptions.md");
    assert!(
        a.contains("| `security.authentication[0].token_ttl_minutes` | 15 minutes |"),
        "{a}"
    );
    assert!(a.contains("| `requirements.availability` | 99.9% |"), "{a}");
    let stated = render(&MINIMAL.replace(
        "clients:",
        "security:\n  authentication: [{method: oidc, token_ttl_minutes: 5}]\nclients:",
    ));
    assert!(!doc(&stated, "assumptions.md").contains("token_ttl_minutes"));
    for (path, text) in crate::support::read_tree(&env.path("docs/architecture")) {
        assert!(
            !text.contains("archgen's default"),
            "{path} calls a value archgen's default"
        );
    }
    let index = doc(&env, "README.md");
    for page in [
        "assumptions.md",
        "risks.md",
        "recovery.md",
        "glossary.md",
        "conventions.md",
    ] {
        assert!(
            index.contains(&format!("]({page})")),
            "{page} is not linked from the index"
        );
    }
}

#[test]
fn a_detected_open_decision_has_an_owner_and_a_proposed_adr() {
    let model = MINIMAL
        .replace("retail\n", "retail\n  availability: 99.95\n")
        .replace("Takes orders.\n", "Takes orders.\n    team: checkout\n")
        .replace(
            "  - {name: web, kind: web}\n",
            "  - {name: web, kind: web}\ndeployment: {regions: [eu-west-1]}\n",
        );
    let env = render(&model);
    let a = doc(&env, "assumptions.md");
    assert!(
        a.contains("| Decide how the system survives a region outage |")
            && a.contains("| checkout |"),
        "{a}"
    );
    let adr = doc(
        &env,
        "adr/0002-decide-how-the-system-survives-a-region-outage.md",
    );
    assert!(adr.contains("status: \"proposed\""), "{adr}");
    assert!(adr.contains("Its owner, checkout, decides"), "{adr}");
    assert!(adr.contains("### Confirmation"), "{adr}");
    let two = render(&model.replace("[eu-west-1]", "[eu-west-1, eu-central-1]"));
    assert!(
        !two.exists("docs/architecture/adr/0002-decide-how-the-system-survives-a-region-outage.md")
    );
}

#[test]
fn adr_0001_only_when_the_team_asks_and_trade_offs_do_not_repeat_the_adrs() {
    let env = render(MINIMAL);
    assert!(!env.exists("docs/architecture/adr/0001-record-architecture-decisions.md"));
    let asked = render(&format!("{MINIMAL}adr_0001: true\n"));
    assert!(asked.exists("docs/architecture/adr/0001-record-architecture-decisions.md"));
    let model = format!(
        "{MINIMAL}decisions:\n  - title: Use Kafka\n    context: Events.\n    options: [{{name: Kafka, pros: [Replay]}}, {{name: SQS}}]\n    outcome: Kafka\n    confirmation: Consumer lag stays under a minute at peak.\n"
    );
    let env = render(&model);
    let t = doc(&env, "trade-offs.md");
    assert!(!t.contains("Replay") && !t.contains("### ADR"), "{t}");
    let adr = doc(&env, "adr/0002-use-kafka.md");
    assert!(
        adr.contains("### Confirmation\n\nConsumer lag stays under a minute at peak."),
        "{adr}"
    );
}

#[test]
fn risks_threats_and_recovery_come_from_the_model() {
    let model = MINIMAL.replace(
        "communication:\n  links:\n",
        "risks: [{title: Card scheme rules change, likelihood: low, impact: high, owner: payments}]\n\
         glossary: [{term: Basket, meaning: What a customer is about to order.}]\n\
         externals: [{name: Stripe}]\n\
         communication:\n  flows:\n    - name: Checkout\n      steps:\n        - {from: web, to: orders, action: POST /orders}\n        - {from: payments, to: Stripe, action: Capture}\n  links:\n    - {from: payments, to: Stripe}\n",
    ).replace("retail\n", "retail\n  recovery: {rpo_minutes: 0, rto_minutes: 30}\n  non_goals: [Marketplace sellers]\n")
        .replace("Takes payments.\n", "Takes payments.\n    data: [{name: payments, store: PostgreSQL}]\n");
    let env = render(&model);
    let r = doc(&env, "risks.md");
    assert!(
        r.contains("| Card scheme rules change | low | high |"),
        "{r}"
    );
    assert!(
        r.contains("| An outage of Stripe fails the requests payments answers |"),
        "{r}"
    );
    assert!(r.contains("## Threat model: Checkout"), "{r}");
    assert!(r.contains("POST /orders"), "{r}");
    // recovery.md's gap for a store with no failover is a risk its owner carries.
    assert!(
        r.contains("| Nothing stated keeps payments of payments up through the loss of a zone | low | high |")
            && r.contains("| found in `services[].data[].failover` |"),
        "{r}"
    );
    let rec = doc(&env, "recovery.md");
    assert!(
        rec.contains("| 0 min | 30 min | synchronous replication"),
        "{rec}"
    );
    assert!(
        rec.contains("| Stripe | external system | payments |"),
        "{rec}"
    );
    // One region: its loss is not covered by a backup copy nobody decided.
    assert!(
        rec.contains("nothing in the model copies the backups out of it"),
        "{rec}"
    );
    assert!(doc(&env, "glossary.md").contains("| Basket | What a customer is about to order. |"));
    assert!(doc(&env, "README.md").contains("- Marketplace sellers"));
}

#[test]
fn guidance_fits_the_model() {
    let model = MINIMAL
        .replace("retail\n", "retail\n  scale: {peak_rps: 3000}\n")
        .replace("Takes orders.\n", "Takes orders.\n    team: checkout\n")
        .replace("  - name: payments\n", "  - name: mailer\n    kind: worker\n    responsibility: Sends mail.\n    consumes: [OrderPlaced]\n  - name: payments\n")
        .replace("            - {name: total, type: money}\n", "            - {name: total, type: money}\n    publishes: [{name: OrderPlaced}]\n")
        .replace("communication:\n", "communication:\n  brokers: [{name: bus, technology: Kafka}]\n")
        + "security:\n  authentication: [{method: oidc}]\n  cors: {allowed_origins: ['https://shop.example'], allow_credentials: true}\n";
    let env = render(&model);
    let o = doc(&env, "observability.md");
    assert!(
        o.contains("samples at the tail") && o.contains("no head sampling"),
        "{o}"
    );
    assert!(
        o.contains("| orders | checkout | checkout on-call |"),
        "{o}"
    );
    let d = doc(&env, "deployment.md");
    assert!(d.contains("| orders | by traffic weight |"), "{d}");
    assert!(d.contains("| mailer | by instances |"), "{d}");
    let s = doc(&env, "security.md");
    assert!(s.contains("**CSRF.** Not needed"), "{s}");
    let cookies = render(&model.replace("method: oidc", "method: session"));
    assert!(doc(&cookies, "security.md").contains("anti-CSRF token"));
    let head = render(&model.replace("peak_rps: 3000", "peak_rps: 50"));
    assert!(doc(&head, "observability.md").contains("samples at the head"));
}

/// A technology the model names with no `technology` entry is listed as a decision whose
/// reason is not recorded; one with an entry (by its choice or its area) is not.
#[test]
fn named_technologies_without_a_reason_are_listed_as_such() {
    let env = render(&MINIMAL.replace(
        "communication:\n",
        "technology:\n  - {area: Kafka hosting, choice: Amazon MSK, rationale: Managed.}\n  - {area: Database, choice: PostgreSQL 16, rationale: Known.}\ncommunication:\n  brokers: [{name: bus, technology: Kafka}]\n",
    ).replace(
        "  - name: payments\n",
        "  - name: payments\n    data: [{name: ledger, store: PostgreSQL}]\n    stack: Go\n",
    ).replace(
        "requirements:\n",
        "deployment: {platform: Kubernetes (EKS)}\nrequirements:\n",
    ));
    let t = doc(&env, "technology.md");
    assert!(
        t.contains("| Platform | Kubernetes (EKS) | deployment |"),
        "{t}"
    );
    assert!(
        !t.contains("| Messaging | Kafka |"),
        "an entry's area names it: {t}"
    );
    assert!(
        !t.contains("| Database | PostgreSQL |"),
        "an entry's choice starts with it: {t}"
    );
}
