//! Cross-step rules while answering (issue 15, item 4): an answer that introduces a finding
//! `archgen check` would report is refused at once with the rule's own message, and kept only
//! when the person says so.

use crate::script::{Say::*, Script};
use archgen::interview::{self, Ending, Plan, flow::Mode};
use archgen::model::Model;

fn shop() -> Model {
    // payments answers within 100 ms, so orders' default call to it fits its 800 ms budget.
    let yaml = crate::support::MINIMAL
        .replace(
            "  domain: retail\n",
            "  domain: retail\n  latency: {p99_ms: 800}\n",
        )
        .replace(
            "    responsibility: Takes payments.\n",
            "    responsibility: Takes payments.\n    slo: {latency_p99_ms: 100}\n",
        );
    archgen::load::parse_shape(&yaml, "archgen.yaml").unwrap()
}

fn resilience() -> Plan {
    Plan {
        mode: Mode::Full,
        only: Some(interview::step_index("resilience").unwrap()),
        start: 0,
    }
}

fn written(ending: Ending) -> Model {
    match ending {
        Ending::Write(m) => m,
        other => panic!("expected the model to be written, got {other:?}"),
    }
}

#[test]
fn an_answer_that_breaks_a_review_rule_is_refused_with_its_message() {
    // orders -> payments gets its own 2000 ms timeout, under orders' 800 ms budget.
    let mut p = Script::lenient(vec![
        Yes("its own timeout", false),
        Yes("its own timeout", true),
        Type("Timeout for this link", "2000"),
        Yes("Keep this answer anyway?", false),
        Type("Timeout for this link", "150"),
        Choose("Review", "Write"),
    ]);
    let m = written(interview::run(&mut p, shop(), resilience()).unwrap());
    assert!(p.steps.is_empty(), "{:#?}", p.transcript);
    let said = p.transcript.join("\n");
    assert!(
        said.contains("> This answer breaks a rule `archgen check` applies (latency-budget:"),
        "{said}"
    );
    assert!(said.contains("p99 latency budget of `orders`"), "{said}");
    let link = &m.communication.links[1];
    assert_eq!(link.resilience.as_ref().unwrap().timeout_ms, Some(150));
    // The same message `archgen check` gives for the model written with the answer kept.
    let mut p = Script::lenient(vec![
        Yes("its own timeout", false),
        Yes("its own timeout", true),
        Type("Timeout for this link", "2000"),
        Yes("Keep this answer anyway?", true),
        Choose("Review", "Write"),
    ]);
    let kept = written(interview::run(&mut p, shop(), resilience()).unwrap());
    let link = &kept.communication.links[1];
    assert_eq!(link.resilience.as_ref().unwrap().timeout_ms, Some(2000));
    let env = crate::support::Env::new();
    env.write("archgen.yaml", &archgen::model::yaml::to_yaml(&kept));
    let check = env.run(&["check"]);
    assert_ne!(check.code, 0);
    assert!(
        check.stdout.contains("p99 latency budget of `orders`")
            || check.stderr.contains("p99 latency budget of `orders`"),
        "{}{}",
        check.stdout,
        check.stderr
    );
}

#[test]
fn an_answer_that_keeps_the_rules_asks_nothing_more() {
    let mut p = Script::lenient(vec![
        Yes("its own timeout", false),
        Yes("its own timeout", true),
        Type("Timeout for this link", "150"),
        Choose("Review", "Write"),
    ]);
    let m = written(interview::run(&mut p, shop(), resilience()).unwrap());
    assert!(p.steps.is_empty());
    assert!(!p.transcript.iter().any(|l| l.contains("Keep this answer")));
    let link = &m.communication.links[1];
    assert_eq!(link.resilience.as_ref().unwrap().timeout_ms, Some(150));
}

#[test]
fn the_requirements_step_is_not_reviewed_before_there_is_a_design() {
    // A use case typed before any service exists is not "unserved": nothing is designed yet.
    let mut p = Script::lenient(vec![
        Type("system called", "Lending"),
        Type("business domain", "libraries"),
        Choose("Use cases (none yet)", "Add a use case"),
        Type("Use case", "Borrow a book"),
        Choose("Review", "Quit"),
    ]);
    let plan = Plan {
        mode: Mode::Full,
        only: Some(interview::step_index("requirements").unwrap()),
        start: 0,
    };
    interview::run(&mut p, interview::blank(None), plan).unwrap();
    assert!(p.steps.is_empty(), "{:?}", p.transcript);
    assert!(!p.transcript.iter().any(|l| l.contains("breaks a rule")));
}
