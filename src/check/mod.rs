//! Checks of a document set as a whole, against the model and against itself. Each returns
//! every finding, located: the model file's line for what the model says, the document's line
//! for what a document says.

mod adrs;
mod documents;
mod flow_states;
mod flows;
mod messages;
mod promised_docs;
mod promises;
mod report;
mod review;
mod services;
mod stale;

pub use crate::artifacts::{links, openapi};
pub use report::{json, text};

use crate::adr::facts::Proposal;
use crate::adr::relaxed::Duplicate;
use crate::diagnostic::Finding;
use crate::load::Spans;
use crate::model::Model;
use crate::view::View;
use crate::write::tracked::Sync;
use std::collections::BTreeMap;

/// One finding and which check made it (for `--format json`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The check, e.g. `stale`, `broken-link`, `latency-budget`.
    pub kind: String,
    /// What and where.
    pub finding: Finding,
}

/// Everything the checks look at.
pub struct Input<'a> {
    /// The model file, as named in findings.
    pub model_file: String,
    /// The model, later duplicate ADR numbers renumbered.
    pub model: &'a Model,
    /// Its view.
    pub view: &'a View,
    /// Positions in the model file as it is.
    pub spans: &'a Spans,
    /// Decisions sharing a number.
    pub duplicates: &'a [Duplicate],
    /// ADRs a render would propose.
    pub proposals: &'a [(u32, Proposal)],
    /// What a render would do to each file.
    pub sync: &'a Sync,
}

impl Input<'_> {
    /// A finding about the model at `pointer`, or at the nearest of its parents the file
    /// has (a default the model leaves out has no line of its own).
    fn at_model(&self, pointer: &str, message: String, help: String) -> Finding {
        let finding = Finding::new(self.model_file.clone(), message).help(help);
        let mut at = pointer;
        loop {
            if let Some(p) = self.spans.value(at) {
                return finding.at(p.line, p.column);
            }
            match at.rfind('/') {
                Some(0) | None => return finding,
                Some(i) => at = &at[..i],
            }
        }
    }

    /// How findings name the output-relative file `rel`.
    fn name(&self, rel: &str) -> String {
        self.sync.root.join(rel).display().to_string()
    }
}

/// Every problem found, in no particular order (the report sorts them).
pub fn run(input: &Input) -> anyhow::Result<Vec<Problem>> {
    let files = crate::write::read_folder(&input.sync.root)?;
    let mut out = stale::stale(input);
    out.extend(design(input, &files));
    Ok(out)
}

/// Every problem but out-of-date documents, with the output folder's `files` as they are:
/// what `check` finds right after a render.
pub fn design(input: &Input, files: &BTreeMap<String, String>) -> Vec<Problem> {
    let mut out = review::review(input);
    out.extend(flows::flows(input));
    out.extend(flow_states::flow_states(input));
    out.extend(messages::messages(input));
    out.extend(promises::promises(input));
    out.extend(promised_docs::documents(input, files));
    out.extend(adrs::adrs(input, files));
    out.extend(documents::documents(input, files));
    out.extend(services::services(input, files));
    out
}
