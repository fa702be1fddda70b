//! archgen: interview a tech lead, keep the answers as an architecture model, and render the
//! model into the design documents a backend team commits beside its code.

pub mod adr;
pub mod check;
pub mod cli;
pub mod commands;
pub mod defaults;
pub mod diagnostic;
pub mod interview;
pub mod load;
pub mod markdown;
pub mod model;
pub mod parallel;
pub mod render;
pub mod schema;
pub mod templates;
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
