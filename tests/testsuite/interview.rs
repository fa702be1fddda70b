//! The interview's flow with scripted answers: order, conditional questions, groups, going
//! back, validation, the review.

use crate::script::{Say::*, Script};
use archgen::interview::{self, flow::Mode, Ending, Plan};

fn quick() -> Plan {
    Plan { mode: Mode::Quick, only: None, start: 0 }
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
        Choose("API style", "rest"),
        Choose("API style", "grpc"),
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
    let model = written(interview::run(&mut p, interview::blank(Some("2026-01-15".into())), quick()).unwrap());
    assert!(p.steps.is_empty());
    assert!(archgen::validate::model(&model).is_empty(), "{:?}", archgen::validate::model(&model));
    assert_eq!(model.services.len(), 2);
    assert_eq!(model.services[1].api.style, Some(archgen::model::ApiStyle::Grpc));
    assert_eq!(model.communication.links.len(), 2);
    let questions = p.transcript.iter().filter(|l| l.starts_with("? ")).count();
    assert!(questions <= 32, "{questions} questions on the quick path");
    // Steps are announced with their place and why.
    assert!(p.transcript.iter().any(|l| l.starts_with("> Step 3 of 10: API contracts — ")), "{:?}", p.transcript);
}
