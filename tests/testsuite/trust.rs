//! Defaults a tech lead can trust (issue 15, items 1, 2, 6 and 10): one cursor rule in every
//! group, removal confirmed, kinds guessed from names, nothing carried over from an unrelated
//! item, background calls derived from the caller; questions that fit the component.

use crate::script::{Say::*, Script};
use archgen::interview::{self, Ending, Plan, flow::Mode};
use archgen::model::{Model, ServiceKind};

fn written(ending: Ending) -> Model {
    match ending {
        Ending::Write(m) => m,
        other => panic!("expected the model to be written, got {other:?}"),
    }
}

fn step(key: &str) -> Plan {
    Plan {
        mode: Mode::Full,
        only: Some(interview::step_index(key).unwrap()),
        start: 0,
    }
}

/// A valid model: web -> orders -> payments.
fn shop() -> Model {
    archgen::load::parse_shape(crate::support::MINIMAL, "archgen.yaml").unwrap()
}

/// The option the cursor starts on in the first menu whose message contains `menu`.
struct Cursor(Script, Vec<(String, String)>);

impl archgen::interview::prompt::Prompter for Cursor {
    fn say(&mut self, text: &str) {
        self.0.say(text)
    }
    fn ask(
        &mut self,
        prompt: &archgen::interview::prompt::Prompt,
    ) -> anyhow::Result<archgen::interview::prompt::Answer> {
        if let archgen::interview::prompt::Prompt::Select {
            message,
            options,
            default,
            ..
        } = prompt
        {
            if message.ends_with("): what next?") {
                self.1.push((message.clone(), options[*default].0.clone()));
            }
        }
        self.0.ask(prompt)
    }
}

#[test]
fn every_group_starts_on_add_when_empty_and_on_done_with_an_item() {
    let mut p = Cursor(Script::lenient(vec![Choose("Review", "Write")]), Vec::new());
    written(interview::run(&mut p, shop(), step("boundaries")).unwrap());
    written(interview::run(&mut p, shop(), step("apis")).unwrap());
    written(interview::run(&mut p, shop(), step("security")).unwrap());
    assert!(p.1.len() >= 6, "{:?}", p.1);
    for (menu, cursor) in &p.1 {
        let expected = if menu.contains("(none yet)") {
            "Add "
        } else {
            "Done"
        };
        assert!(cursor.starts_with(expected), "{menu}: cursor on {cursor:?}");
    }
}

#[test]
fn removing_asks_which_and_confirms() {
    let mut p = Script::lenient(vec![
        Choose("Clients (web)", "Remove a client…"),
        Choose("Remove which client?", "client web"),
        Yes("Remove client web and its answers?", false),
        Choose("Clients (web)", "Done"),
        Choose("Review", "Write"),
    ]);
    let m = written(interview::run(&mut p, shop(), step("boundaries")).unwrap());
    assert_eq!(m.clients.len(), 1, "No keeps the client");
    assert!(p.steps.is_empty());
}

#[test]
fn articles_read_right() {
    let mut p = Script::lenient(vec![
        Choose("Use cases (none yet)", "Add a use case"),
        Esc("Use case, as a short verb phrase"),
        Choose("Review", "Write"),
    ]);
    written(interview::run(&mut p, shop(), step("requirements")).unwrap());
    assert!(p.steps.is_empty());
}

#[test]
fn kinds_come_from_names_and_defaults_from_related_items_only() {
    let mut m = shop();
    for s in &mut m.services {
        s.data.clear();
        s.stack.clear();
    }
    let mut p = Script::lenient(vec![
        Choose("Clients (web)", "Add another client"),
        Type("Client name", "mobile"),
        Choose("Services (orders, payments)", "Add another service"),
        Type("Service name", "api-gateway"),
        Type("responsible for", "Routes and protects."),
        Type("Language and framework", "Azure API Management"),
        Choose(
            "Services (orders, payments, api-gateway)",
            "Add another service",
        ),
        Type("Service name", "search"),
        Type("responsible for", "Finds books."),
        Choose("Data stores (none yet)", "Add a data store"),
        Type("Which store holds it", "Elasticsearch"),
        Choose(
            "Services (orders, payments, api-gateway, search)",
            "Add another service",
        ),
        Type("Service name", "loans"),
        Type("responsible for", "Lends books."),
        Choose("Data stores (none yet)", "Add a data store"),
        Enter("Which store holds it"),
        Choose("Review", "Write"),
    ]);
    let m = written(interview::run(&mut p, m, step("boundaries")).unwrap());
    assert!(p.steps.is_empty(), "unused: {}", p.steps.len());
    let by = |n: &str| m.services.iter().find(|s| s.name == n).unwrap();
    assert_eq!(by("api-gateway").kind, ServiceKind::Gateway);
    assert_eq!(
        by("loans").stack,
        "",
        "a gateway's product is no service's stack"
    );
    assert_eq!(
        by("loans").data[0].store,
        "PostgreSQL",
        "one service's index is no standard"
    );
    assert_eq!(m.clients[1].kind, archgen::model::ClientKind::Mobile);
}

#[test]
fn a_workers_calls_are_background_work() {
    let mut m = shop();
    let mut worker = m.services[1].clone();
    worker.name = "mailer".into();
    worker.kind = ServiceKind::Worker;
    m.services.push(worker);
    let mut p = Script::lenient(vec![
        Choose("Links (", "Add another link"),
        Choose("From", "mailer"),
        Choose("To", "payments"),
        Choose("Review", "Write"),
    ]);
    let m = written(interview::run(&mut p, m, step("communication")).unwrap());
    let link = m
        .communication
        .links
        .iter()
        .find(|l| l.from == "mailer")
        .unwrap();
    assert!(link.background, "derived from the caller being a worker");
}

/// A gateway, a worker and a service, for questions that fit the component.
fn kinds() -> Model {
    let yaml = "\
version: 1
name: Lend
requirements:
  domain: lending
services:
  - {name: edge, kind: gateway, responsibility: Routes and protects.}
  - {name: loans, responsibility: Lends books.}
  - {name: reminders, kind: worker, responsibility: Sends reminders.}
clients:
  - {name: web, kind: web}
communication:
  links:
    - {from: web, to: edge}
    - {from: edge, to: loans}
";
    archgen::load::parse_shape(yaml, "archgen.yaml").unwrap()
}

/// How often a question was put, asked on its own or listed among derived answers to keep.
fn asked(p: &Script, text: &str) -> usize {
    p.transcript
        .iter()
        .filter(|l| (l.starts_with("? ") || l.starts_with("> Derived")) && l.contains(text))
        .count()
}

#[test]
fn questions_fit_the_component() {
    // A gateway has no bounded context of its own: editing it does not ask for one.
    let mut p = Script::lenient(vec![
        Choose("Services (edge", "Edit service edge"),
        Choose("Services (edge", "Edit service loans"),
        Choose("Review", "Write"),
    ]);
    written(interview::run(&mut p, kinds(), step("boundaries")).unwrap());
    assert_eq!(asked(&p, "bounded context"), 1, "{:#?}", p.transcript);
    // Resources and events: the service's only, not the gateway's (nor the worker's API).
    let mut p = Script::lenient(vec![Choose("Review", "Write")]);
    written(interview::run(&mut p, kinds(), step("apis")).unwrap());
    assert_eq!(asked(&p, "Resources ("), 1, "{:#?}", p.transcript);
    assert_eq!(asked(&p, "Published events ("), 2, "{:#?}", p.transcript);
    // A latency objective for the gateway and the service, not for the worker.
    let mut p = Script::lenient(vec![
        Yes("its own SLO", true),
        Yes("its own SLO", true),
        Yes("its own SLO", true),
        Choose("Review", "Write"),
    ]);
    let m = written(interview::run(&mut p, kinds(), step("observability")).unwrap());
    assert_eq!(asked(&p, "availability objective"), 3);
    assert_eq!(asked(&p, "p99 latency objective"), 2, "{:#?}", p.transcript);
    assert_eq!(m.services[2].slo.as_ref().unwrap().latency_p99_ms, None);
}

#[test]
fn every_tool_offers_something_else_and_asks_its_name() {
    let mut p = Script::lenient(vec![
        Choose("logs aggregated", "Something else"),
        Type("Which one", "Sumo Logic"),
        Choose("metrics stored", "Something else"),
        Type("Which one", "VictoriaMetrics"),
        Choose("traces stored", "Something else"),
        Type("Which one", "SigNoz"),
        Choose("alerts routed", "Something else"),
        Type("Which one", "incident.io"),
        Choose("Review", "Write"),
    ]);
    let m = written(interview::run(&mut p, shop(), step("observability")).unwrap());
    assert!(p.steps.is_empty(), "not asked: {:?}", p.transcript);
    let o = &m.observability;
    assert_eq!(o.logging.backend.as_deref(), Some("Sumo Logic"));
    assert_eq!(o.metrics.backend.as_deref(), Some("VictoriaMetrics"));
    assert_eq!(o.tracing.backend.as_deref(), Some("SigNoz"));
    assert_eq!(o.alerting.tool.as_deref(), Some("incident.io"));
    // Chosen again, the name is an option of its own and nothing more is asked.
    let mut p = Script::lenient(vec![Choose("Review", "Write")]);
    let again = written(interview::run(&mut p, m, step("observability")).unwrap());
    assert_eq!(asked(&p, "Which one"), 0);
    assert_eq!(
        again.observability.logging.backend.as_deref(),
        Some("Sumo Logic")
    );
}

#[test]
fn text_reads_right() {
    // One attempt is "1 attempt" in the review.
    let mut p = Script::lenient(vec![
        Type("Attempts per call", "1"),
        Choose("Review", "Write"),
    ]);
    written(interview::run(&mut p, shop(), step("resilience")).unwrap());
    let review = p
        .transcript
        .iter()
        .find(|l| l.starts_with("> Review"))
        .unwrap();
    assert!(review.contains(", 1 attempt, breaker"), "{review}");
    // `Web` beside `web` is refused: a name that differs only in case.
    let mut p = Script::lenient(vec![
        Choose("Clients (web)", "Add another client"),
        Type("Client name", "Web"),
        Type("Client name", "mobile"),
        Choose("Review", "Write"),
    ]);
    let m = written(interview::run(&mut p, shop(), step("boundaries")).unwrap());
    assert_eq!(
        p.rejected,
        ["`Web` differs from `web` only in case: use `web` or another name"]
    );
    assert_eq!(m.clients[1].name, "mobile");
    // An event named in the present tense is refused with the past tense to use.
    let mut p = Script::lenient(vec![
        Choose("Published events (none yet)", "Add a published event"),
        Type("Event name", "PlaceOrder"),
        Type("Event name", "OrderPlaced"),
        Choose("Review", "Write"),
    ]);
    let m = written(interview::run(&mut p, shop(), step("apis")).unwrap());
    assert_eq!(p.rejected.len(), 1);
    assert!(
        p.rejected[0].contains("e.g. `OrderPlaced`"),
        "{:?}",
        p.rejected
    );
    assert_eq!(m.services[0].publishes[0].name, "OrderPlaced");
}
