//! How many prompts the full interview puts to a tech lead for the reference system of issue 15:
//! a five-service library-lending system (web and mobile clients, a payment provider, an email
//! service, a message broker) with 16 fields and 4 events. Every question asked counts, those
//! answered with Enter too; the README reports the figure.

use crate::script::{Say::*, Script};
use archgen::interview::{self, Ending, Plan, flow::Mode};

/// The answers that differ from the defaults; every other question is answered with Enter.
pub(crate) fn lending() -> Vec<crate::script::Say> {
    vec![
        Type("system called", "Lending"),
        Type("What does it do", "Lends library books to members."),
        Type("business domain", "library lending"),
        Choose("Use cases (none yet)", "Add a use case"),
        Type("Use case", "Borrow a book"),
        Type("Who does it", "member"),
        Type(
            "What happens",
            "A member borrows an available copy for three weeks.",
        ),
        Choose("Use cases (Borrow a book)", "Add another use case"),
        Type("Use case", "Return a book"),
        Type("Who does it", "librarian"),
        Type(
            "What happens",
            "The copy is checked in and the loan closed.",
        ),
        Type("Peak requests", "300"),
        Type("p99 latency", "800"),
        Choose("Clients (none yet)", "Add a client"),
        Type("Client name", "web"),
        Choose("Clients (web)", "Add another client"),
        // Its kind is guessed from the name: a mobile client.
        Type("Client name", "mobile"),
        Choose("Services (none yet)", "Add a service"),
        Type("Service name", "gateway"),
        Type("responsible for", "Routes and authenticates client calls."),
        Choose("Services (gateway)", "Add another service"),
        Type("Service name", "catalog"),
        Type("responsible for", "Books and copies."),
        Choose("Services (gateway, catalog)", "Add another service"),
        Type("Service name", "loans"),
        Type("responsible for", "Loans, returns and fines."),
        Choose("Services (gateway, catalog, loans)", "Add another service"),
        Type("Service name", "members"),
        Type("responsible for", "Members and their cards."),
        Choose(
            "Services (gateway, catalog, loans, members)",
            "Add another service",
        ),
        Type("Service name", "notifier"),
        Choose("kind of component", "worker"),
        Type("responsible for", "Emails members about due dates."),
        Choose("External systems (none yet)", "Add an external system"),
        Type("External system name", "payments-provider"),
        Type("What does it provide", "Card payments for fines."),
        Choose(
            "External systems (payments-provider)",
            "Add another external system",
        ),
        Type("External system name", "email"),
        Type("What does it provide", "Sends email."),
        // catalog
        Choose("Resources (", "Add"),
        Type("Resource name", "Book"),
        Type(
            "Fields, on one line",
            "isbn, title, author, published_on, copies:int",
        ),
        // loans
        Choose("Resources (", "Add"),
        Type("Resource name", "Loan"),
        Type(
            "Fields, on one line",
            "book_id, member_id, due_on, returned_at?, status:enum(open|returned|overdue)",
        ),
        Choose("Published events (none yet)", "Add"),
        Type("Event name", "LoanOpened"),
        Type("Fields, on one line", "loan_id, member_id, due_on"),
        Choose("Published events (LoanOpened)", "Add another"),
        Type("Event name", "LoanReturned"),
        Type("Fields, on one line", "loan_id, returned_at"),
        Choose("Published events (LoanOpened, LoanReturned)", "Add another"),
        Type("Event name", "LoanOverdue"),
        Type("Fields, on one line", "loan_id, member_id"),
        // members
        Choose("Resources (", "Add"),
        Type("Resource name", "Member"),
        Type("Fields, on one line", "name, email, joined_on"),
        Choose("Published events (none yet)", "Add"),
        Type("Event name", "MemberJoined"),
        Type("Fields, on one line", "member_id, email"),
        Choose("Brokers (none yet)", "Add a broker"),
        Type(
            "Calls, on one line",
            "web -> gateway, mobile -> gateway, gateway -> catalog, gateway -> loans, \
             gateway -> members, loans -> members, loans -> payments-provider, notifier -> email",
        ),
        // The calls break nested-call, gateway-availability and call-without-contract (not
        // dlq-provider-outage: notifier consumes nothing here): kept, knowingly.
        Yes("Keep this answer anyway", true),
        Choose("Review", "Write"),
    ]
}

#[test]
fn the_reference_system_takes_at_most_150_prompts() {
    let mut p = Script::lenient(lending());
    let plan = Plan {
        mode: Mode::Full,
        only: None,
        start: 0,
    };
    let ending = interview::run(&mut p, interview::blank(Some("2026-01-15".into())), plan).unwrap();
    let Ending::Write(model) = ending else {
        panic!("{ending:?}")
    };
    assert!(
        p.steps.is_empty(),
        "unused: {}\n{}",
        p.steps.len(),
        p.transcript.join("\n")
    );
    let asked = p.transcript.iter().filter(|l| l.starts_with("? ")).count();
    // The system the answers describe: what the count is for.
    let services = model.services.len();
    let events: usize = model.services.iter().map(|s| s.publishes.len()).sum();
    let fields: usize = model
        .services
        .iter()
        .flat_map(|s| {
            let resources = s.api.resources.iter().map(|r| r.fields.len());
            resources.chain(s.publishes.iter().map(|e| e.fields.len()))
        })
        .sum();
    assert_eq!((services, events, model.externals.len()), (5, 4, 2));
    assert!(fields >= 16, "{fields} fields");
    assert_eq!(model.communication.links.len(), 8);
    assert_eq!(model.clients[1].kind, archgen::model::ClientKind::Mobile);
    eprintln!("the reference system took {asked} prompts");
    // Every question counts, those answered with Enter too; the README reports the figure.
    assert!(asked <= 150, "{asked} prompts");
}
