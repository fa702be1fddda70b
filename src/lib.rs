//! archgen: interview a tech lead, keep the answers as an architecture model, and render the
//! model into the design documents a backend team commits beside its code.
//!
//! # Layers
//!
//! A module uses only the modules of the layers above its own, never one beside or below it;
//! the test `layers` in `tests/testsuite/layers.rs` reads this list and fails on an import that
//! points the other way. Lowest first:
//!
//! 1. `model`, `diagnostic`, `markdown`, `parallel`: the model's plain serde data; located
//!    findings; Markdown options and outlines; a parallel map.
//! 2. `text`, `defaults`: names, slugs and escaping; the defaults the interview and the view
//!    share.
//! 3. `derive`: every value computed from the model.
//! 4. `validate`, `schema`: every problem in a model's meaning; its JSON Schema.
//! 5. `load`: YAML to a checked model, with the source position of every value.
//! 6. `view`: the serializable data templates see, built from a valid model.
//! 7. `templates`: the built-in templates, a team's pack, filters, the manifest and the rules.
//! 8. `artifacts`: lints of rendered text (OpenAPI, Mermaid ids, Markdown links).
//! 9. `render`: view and templates to documents in memory.
//! 10. `write`: the only module that writes files: merge, state, atomic commit.
//! 11. `adr`: the ADR lifecycle as edits of the model's text; revised answers merged in place.
//! 12. `project`: the pipeline: a model opened once, then viewed, or rendered into a plan.
//! 13. `check`, `interview`, `site`: the consistency checks of a document set; the interview;
//!     the static HTML site of a document set.
//! 14. `cli`: the command line as clap types, with the help text.
//! 15. `commands`: dispatch, printing and exit codes.

pub mod adr;
pub mod artifacts;
pub mod check;
pub mod cli;
pub mod commands;
pub mod defaults;
pub mod derive;
pub mod diagnostic;
pub mod interview;
pub mod load;
pub mod markdown;
pub mod model;
pub mod parallel;
pub mod project;
pub mod render;
pub mod schema;
pub mod site;
pub mod templates;
pub mod text;
pub mod validate;
pub mod view;
pub mod write;

/// An error and its causes as one message: `outer: inner`, or one cause per paragraph when a
/// cause spans lines (a list of problems, a template report).
pub fn error_chain(e: &anyhow::Error) -> String {
    let mut out = String::new();
    for (i, cause) in e.chain().enumerate() {
        let text = cause.to_string();
        if i == 0 {
            out.push_str(&text);
        } else if text.contains('\n') || out.contains('\n') {
            out.push_str("\n\n");
            out.push_str(&text);
        } else {
            out.push_str(": ");
            out.push_str(&text);
        }
    }
    out
}
