//! The interview's flow with scripted answers: order, conditional questions, groups, going
//! back, validation, the review.

use crate::script::{Say::*, Script};
use archgen::interview::{self, Ending, Plan, flow::Mode};

fn quick() -> Plan {
    Plan {
        mode: Mode::Quick,
        only: None,
        start: 0,
    }
}

fn written(ending: Ending) -> archgen::model::Model {
    match ending {
        Ending::Write(m) => m,
        other => panic!("expected the model to be written, got {other:?}"),
    }
}

/// The quick path for a two-service shop.
fn quick_shop() -> Vec<crate::script::Say> {
    vec![
        Type("system called", "Shop"),
        Type("business domain", "retail"),
        Type("Peak requests", "500"),
        Type("p99 latency", "300"),
        Enter("Availability"),
        Choose("Clients", "Add a client"),
        Type("Client name", "web"),
        Choose("kind of client", "web"),
        Choose("Clients (web)", "Done"),
        Choose("Services", "Add a service"),
        Type("Service name", "orders"),
        Choose("kind of component", "service"),
        Type("responsible for", "Takes orders."),
        Choose("Services (orders)", "Add another service"),
        Type("Service name", "payments"),
        Choose("kind of component", "service"),
        Type("responsible for", "Takes payments."),
        Choose("Services (orders, payments)", "Done"),
        Choose("External systems", "Add an external system"),
        Type("External system name", "stripe"),
        Type("What does it provide", "Card payments."),
        Choose("External systems (stripe)", "Done"),
        Choose("API style", "rest"),
        Enter("Its resources"),
        Choose("API style", "grpc"),
        Type("Its resources", "Payment; Refund"),
        Choose("Links", "Add a link"),
        Choose("From", "web"),
        Choose("To", "orders"),
        Choose("Links", "Add another link"),
        Choose("From", "orders"),
        Choose("To", "payments"),
        Choose("Links", "Done"),
        Choose("Authentication methods", "Add an authentication method"),
        Choose("prove who they are", "oidc"),
        Choose("Authentication methods", "Done"),
        Choose("Where does it run", "Kubernetes (EKS)"),
        Choose("Review", "Write"),
    ]
}

#[test]
fn quick_path_asks_about_a_dozen_questions_and_writes_a_valid_model() {
    let mut p = Script::new(quick_shop());
    let model = written(
        interview::run(&mut p, interview::blank(Some("2026-01-15".into())), quick()).unwrap(),
    );
    assert!(p.steps.is_empty());
    assert!(
        archgen::validate::model(&model).is_empty(),
        "{:?}",
        archgen::validate::model(&model)
    );
    assert_eq!(model.services.len(), 2);
    assert_eq!(
        model.services[1].api.style,
        Some(archgen::model::ApiStyle::Grpc)
    );
    assert_eq!(model.communication.links.len(), 2);
    let questions = p.transcript.iter().filter(|l| l.starts_with("? ")).count();
    // 32 before the external system and the two services' resources were asked.
    assert!(questions <= 38, "{questions} questions on the quick path");
    // Steps are announced with their place and why.
    assert!(
        p.transcript
            .iter()
            .any(|l| l.starts_with("> Step 3 of 10: API contracts — ")),
        "{:?}",
        p.transcript
    );
}

#[test]
fn quick_path_asks_for_externals_shows_no_empty_step_and_gives_every_api_a_contract() {
    let mut p = Script::new(quick_shop());
    let model = written(
        interview::run(&mut p, interview::blank(Some("2026-01-15".into())), quick()).unwrap(),
    );
    assert_eq!(model.externals[0].name, "stripe");
    assert_eq!(model.externals[0].description, "Card payments.");
    // Every step header is followed by a question before the next header or the review.
    let mut open_header: Option<&str> = None;
    for line in &p.transcript {
        if line.starts_with("> Step ") {
            assert!(open_header.is_none(), "empty step: {open_header:?}");
            open_header = Some(line);
        } else if line.starts_with("? ") {
            open_header = None;
        }
    }
    for header in [
        "Step 5 of 10",
        "Step 6 of 10",
        "Step 8 of 10",
        "Step 9 of 10",
    ] {
        assert!(
            !p.transcript.iter().any(|l| l.contains(header)),
            "{header} asks nothing on the quick path but was shown"
        );
    }
    // The REST service gets its main resource from its name, with the CRUD operations.
    let orders = &model.services[0].api;
    let names: Vec<&str> = orders.resources.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["Order"]);
    let payments = &model.services[1].api;
    let names: Vec<&str> = payments.resources.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["Payment", "Refund"]);
    let env = crate::support::Env::new();
    env.write("archgen.yaml", &archgen::model::yaml::to_yaml(&model));
    env.run(&["render"]).ok();
    let openapi = env.read("docs/architecture/api/orders.openapi.yaml");
    for operation in [
        "\"/v1/orders\":",
        "\"/v1/orders/{orderId}\":",
        "post:",
        "patch:",
        "delete:",
    ] {
        assert!(
            openapi.contains(operation),
            "{operation} missing:\n{openapi}"
        );
    }
    assert!(
        env.read("docs/architecture/api/payments.proto")
            .contains("rpc CreateRefund")
    );
}

fn full() -> Plan {
    Plan {
        mode: Mode::Full,
        only: None,
        start: 0,
    }
}

fn step(key: &str) -> Plan {
    Plan {
        mode: Mode::Full,
        only: Some(interview::step_index(key).unwrap()),
        start: 0,
    }
}

fn shop() -> archgen::model::Model {
    let mut p = Script::new(quick_shop());
    written(interview::run(&mut p, interview::blank(Some("2026-01-15".into())), quick()).unwrap())
}

#[test]
fn a_question_whose_premise_fails_is_not_asked_or_saved() {
    // Single-tenant: the tenancy questions are skipped and nothing is saved for them.
    let mut p = Script::lenient(vec![Yes("multi-tenant", false), Choose("Review", "Write")]);
    let m = written(interview::run(&mut p, shop(), step("requirements")).unwrap());
    assert!(!p.transcript.iter().any(|l| l.contains("tenants isolated")));
    assert_eq!(m.requirements.tenancy, None);
    // Multi-tenant: asked, and the answer saved.
    let mut p = Script::lenient(vec![
        Yes("multi-tenant", true),
        Choose("tenants isolated", "database-per-tenant"),
        Type("How many tenants", "40"),
        Tick("Which regulations", &["GDPR", "SOC 2"]),
        Choose("Review", "Write"),
    ]);
    let m = written(interview::run(&mut p, shop(), step("requirements")).unwrap());
    assert_eq!(
        m.requirements.tenancy,
        Some(archgen::model::Tenancy::DatabasePerTenant)
    );
    assert_eq!(m.requirements.scale.tenants, Some(40));
    assert_eq!(m.requirements.compliance, ["GDPR", "SOC 2"]);
    // Back to single-tenant: the earlier tenancy answers are removed, not left behind.
    let mut p = Script::lenient(vec![Yes("multi-tenant", false), Choose("Review", "Write")]);
    let m2 = written(interview::run(&mut p, m, step("requirements")).unwrap());
    assert_eq!(
        (m2.requirements.tenancy, m2.requirements.scale.tenants),
        (None, None)
    );
}

#[test]
fn groups_add_edit_and_remove_items() {
    let mut m = shop();
    m.communication.links.retain(|l| l.from != "web");
    let mut p = Script::lenient(vec![
        Choose("Clients (web)", "Add another client"),
        Type("Client name", "mobile"),
        Choose("kind of client", "mobile"),
        Choose("Clients (web, mobile)", "Edit client mobile"),
        Type("Client name", "apps"),
        Choose("Clients (web, apps)", "Remove a client"),
        Choose("Remove which client", "client web"),
        Yes("Remove client web and its answers?", true),
        Choose("Clients (apps)", "Done"),
        Choose("Review", "Write"),
    ]);
    let m = written(interview::run(&mut p, m, step("boundaries")).unwrap());
    let clients: Vec<(&str, archgen::model::ClientKind)> = m
        .clients
        .iter()
        .map(|c| (c.name.as_str(), c.kind))
        .collect();
    assert_eq!(clients, [("apps", archgen::model::ClientKind::Mobile)]);
}

#[test]
fn fields_on_one_line_ask_only_what_the_line_left_out() {
    let mut p = Script::lenient(vec![
        Choose("Resources (", "Add another resource"),
        Type("Resource name", "Loan"),
        Type(
            "Fields, on one line",
            "title, status, due_on, copies:int?, tags:string[]",
        ),
        // `status` is guessed to be an enum: only its values are asked.
        Type("Allowed values", "open; returned"),
        Choose("Review", "Write"),
    ]);
    let m = written(interview::run(&mut p, shop(), step("apis")).unwrap());
    let loan = m.services[0]
        .api
        .resources
        .iter()
        .find(|r| r.name == "Loan");
    let fields: Vec<String> = loan
        .unwrap()
        .fields
        .iter()
        .map(|f| {
            format!(
                "{} {:?} {:?} list={} optional={}",
                f.name, f.ty, f.values, f.list, f.optional
            )
        })
        .collect();
    assert_eq!(
        fields,
        [
            "title String [] list=false optional=false",
            "status Enum [\"open\", \"returned\"] list=false optional=false",
            "due_on Date [] list=false optional=false",
            "copies Integer [] list=false optional=true",
            "tags String [] list=true optional=false",
        ]
    );
    assert!(
        p.transcript.iter().any(|l| l == "> Field status (enum)"),
        "{:?}",
        p.transcript
    );
    assert!(p.transcript.iter().any(|l| {
        l.contains(
            "Fields (title: string, status: enum, due_on: date, copies: integer?, tags: string[])",
        )
    }));
    assert!(!p.transcript.iter().any(|l| l.contains("Field name")));
}

#[test]
fn invalid_answers_are_rejected_with_the_loaders_message_and_asked_again() {
    let mut p = Script::lenient(vec![
        Choose("Services (orders, payments)", "Add another service"),
        Type("Service name", "orders"),
        Type("Service name", "shipping"),
        Enter("kind of component"),
        Type("responsible for", "  "),
        Type("responsible for", "Ships orders."),
        Choose("Services (orders, payments, shipping)", "Done"),
        Type("Availability", "120"),
        Type("Availability", "99.95"),
        Choose("Review", "Write"),
    ]);
    let m = written(
        interview::run(&mut p, shop(), step("boundaries")).unwrap_or_else(|e| panic!("{e}")),
    );
    assert_eq!(
        p.rejected,
        [
            "`orders` is already used; names must be unique",
            "must not be empty: write a few words"
        ]
    );
    assert_eq!(m.services[2].name, "shipping");
    // The same validator as the YAML loader: a percentage above 100 is refused in both.
    let mut p = Script::lenient(vec![
        Type("Availability", "120"),
        Type("Availability", "99.95"),
        Choose("Review", "Write"),
    ]);
    let m = written(interview::run(&mut p, m, step("requirements")).unwrap());
    assert_eq!(
        p.rejected,
        ["must be a percentage above 0 and at most 100 (e.g. 99.9), not 120"]
    );
    assert_eq!(m.requirements.availability, Some(99.95));
}

#[test]
fn esc_goes_back_one_question() {
    let mut p = Script::lenient(vec![
        Type("system called", "Shop"),
        Enter("What does it do"),
        Type("business domain", "retial"),
        Esc("Use cases"),
        Type("business domain", "retail"),
        Choose("Use cases", "Done"),
        Choose("Review", "Write"),
    ]);
    let m = written(interview::run(&mut p, shop(), step("requirements")).unwrap());
    assert_eq!(m.requirements.domain, "retail");
    let asked: Vec<&String> = p
        .transcript
        .iter()
        .filter(|l| l.starts_with("? "))
        .take(6)
        .collect();
    assert_eq!(
        asked,
        [
            "? What is the system called?",
            "? What does it do, and for whom? (a sentence or two)",
            "? Which business domain is it in?",
            "? Use cases (none yet): what next?",
            "? Which business domain is it in?",
            "? Use cases (none yet): what next?",
        ]
    );
}

#[test]
fn the_review_goes_back_to_a_step() {
    let mut p = Script::lenient(vec![
        Choose("Review", "Change step 7"),
        Choose(
            "Authentication methods",
            "Add another authentication method",
        ),
        Choose("prove who they are", "api-keys"),
        Choose("Review", "Write"),
    ]);
    let m = written(interview::run(&mut p, shop(), step("testing")).unwrap());
    let methods: Vec<_> = m.security.authentication.iter().map(|a| a.method).collect();
    assert_eq!(
        methods,
        [
            archgen::model::AuthMethod::Oidc,
            archgen::model::AuthMethod::ApiKeys
        ]
    );
    assert!(
        p.transcript.iter().any(|l| l.starts_with("> Review\n")),
        "the review shows a summary"
    );
}

#[test]
fn ctrl_c_keeps_the_answers_and_the_step() {
    let mut p = Script::lenient(vec![
        Type("system called", "Half Done"),
        CtrlC("Peak requests"),
    ]);
    match interview::run(&mut p, interview::blank(None), full()).unwrap() {
        Ending::Interrupted {
            model,
            step,
            answers,
        } => {
            // The model is as the step began; the step's answers are kept to replay.
            assert_eq!((model.name.as_str(), step), ("", 0));
            assert_eq!(answers[0].text.as_deref(), Some("Half Done"));
            assert!(
                answers
                    .iter()
                    .all(|a| !a.question.contains("Peak requests"))
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn resuming_replays_the_step_and_asks_the_question_it_stopped_on() {
    // Stopped in the middle of a service's questions: its name typed, its kind not yet.
    let mut first = Script::lenient(vec![
        Type("system called", "Lending"),
        Type("business domain", "libraries"),
        Choose("Services", "Add a service"),
        Type("Service name", "loans"),
        CtrlC("kind of component"),
    ]);
    let Ending::Interrupted {
        model,
        step,
        answers,
    } = interview::run(&mut first, interview::blank(None), full()).unwrap()
    else {
        panic!("expected an interruption");
    };
    let start = Plan {
        start: step,
        ..full()
    };
    // The next run asks the question it stopped on first, then goes on.
    let mut second = Script::lenient(vec![
        Choose("kind of component", "worker"),
        Type("responsible for", "Lends books."),
        Choose("Review", "Write"),
    ]);
    let asked_first = |s: &Script| s.transcript.iter().find(|l| l.starts_with("? ")).cloned();
    let m = written(interview::resume(&mut second, model, start, Vec::new(), answers).unwrap());
    assert!(
        asked_first(&second).unwrap().contains("kind of component"),
        "{:?}",
        second.transcript
    );
    assert_eq!(m.name, "Lending");
    assert_eq!(m.services[0].name, "loans");
    assert_eq!(m.services[0].kind, archgen::model::ServiceKind::Worker);
}

#[test]
fn defaults_alone_make_a_valid_model() {
    let m = interview::defaults_model(Some("2026-01-15".into()));
    assert!(archgen::validate::model(&m).is_empty());
    archgen::render::Renderer::builtin()
        .unwrap()
        .render(&m)
        .unwrap();
}

#[test]
fn the_written_model_reads_back_the_same() {
    let m = shop();
    let text = archgen::model::yaml::to_yaml(&m);
    assert_eq!(archgen::load::parse(&text, "archgen.yaml").unwrap(), m);
}
