//! The model's newer concepts asked on the answers already asked (issue 15): a field's
//! constraints on the fields line. Each scripted interview writes the model, which is loaded
//! back and checked; one runs in a real terminal.

use crate::interview_depth::{BASE, answer, model, passes_check};
use crate::script::Say::*;
use crate::support::Env;

/// The constraints typed after each type on the fields line.
const CONSTRAINED: &str =
    "quantity:int(1..99), sku:string(/^[A-Z0-9-]+$/, e.g. AB-12), name:string(..80)";

#[test]
fn field_constraints_go_on_the_fields_line() {
    let (m, p) = answer(
        model(BASE),
        "apis",
        vec![
            Choose("Resources (", "Add another resource"),
            Type("Resource name", "Line"),
            // A pattern without its example is refused at once, with what to write.
            Type("Fields, on one line", "sku:string(/^[A-Z]+$/)"),
            Type("Fields, on one line", CONSTRAINED),
            Choose("Review", "Write"),
        ],
    );
    assert!(
        p.rejected
            .iter()
            .any(|e| e.contains("a pattern needs an example it accepts")),
        "{:?}",
        p.rejected
    );
    let env = passes_check(&m);
    let back = archgen::load::load(&env.path("archgen.yaml"))
        .unwrap()
        .model;
    let line = back.services[0]
        .api
        .resources
        .iter()
        .find(|r| r.name == "Line");
    let f = &line.expect("the resource is written").fields;
    assert_eq!((f[0].min, f[0].max), (Some(1.0), Some(99.0)));
    assert_eq!(f[1].pattern.as_deref(), Some("^[A-Z0-9-]+$"));
    assert_eq!(f[1].example.as_deref(), Some("AB-12"));
    assert_eq!((f[2].min_length, f[2].max_length), (None, Some(80)));
    let openapi = env.read("docs/architecture/api/orders.openapi.yaml");
    assert!(
        openapi.contains("\"maximum\": 99") && openapi.contains("\"maxLength\": 80"),
        "{openapi}"
    );
}

#[test]
fn a_constrained_fields_line_is_typed_in_a_terminal() {
    use crate::pty::{ENTER, Pty};
    let env = Env::new();
    env.write("archgen.yaml", BASE);
    let mut p = Pty::spawn(&env, &["edit", "--step", "apis"]);
    let wipe = "\x7f".repeat("quantity:int(99..1)".len());
    // Up from "Done" is "Add another resource".
    p.at("Keep these 5 answers", &[ENTER])
        .at("Resources (Order)", &["\x1b[A", ENTER])
        .at("Resource name", &["Line", ENTER])
        .at("What does it represent", &[ENTER])
        .at("nested under another resource", &[ENTER])
        .at("Fields, on one line", &["quantity:int(99..1)", ENTER])
        .expect("ends below its start")
        .at("Fields, on one line", &[&wipe, CONSTRAINED, ENTER])
        .at("Fields (", &[ENTER])
        .at("Which operations and actions", &[ENTER])
        .at("Resources (Order, Line)", &[ENTER])
        .at("Published events (none yet)", &["\x1b[B", ENTER])
        .at("Keep these 5 answers", &[ENTER])
        .at("Resources (Payment)", &[ENTER])
        .at("Published events (none yet)", &["\x1b[B", ENTER])
        .at("Review: what next?", &[ENTER])
        .expect("rendered");
    assert_eq!(p.exit_code(), 0);
    let m = archgen::load::load(&env.path("archgen.yaml"))
        .unwrap()
        .model;
    let f = &m.services[0].api.resources[1].fields;
    assert_eq!(
        (f[0].name.as_str(), f[0].min, f[0].max),
        ("quantity", Some(1.0), Some(99.0))
    );
    assert_eq!(f[2].max_length, Some(80));
}
