//! Stale documents: those a re-render would change. A document a person edited is fresh as
//! long as re-rendering would leave it as it is; so are a person's own files and files a
//! person deleted. Also the recorded decisions a re-render would propose an ADR for.

use super::{Input, Problem};
use crate::diagnostic::Finding;
use crate::write::tracked::Status;

pub(super) fn stale(input: &Input) -> Vec<Problem> {
    let mut out = Vec::new();
    // A file still holding conflict markers is reported as such, by the documents check.
    let unresolved =
        |c: &&crate::write::tracked::Change| c.status == Status::Conflict && c.write.is_none();
    for c in input
        .sync
        .changes
        .iter()
        .filter(|c| !c.status.is_fresh() && !unresolved(c))
    {
        let disk = c.disk.as_deref().unwrap_or("");
        let line = first_difference(disk, c.write.as_deref().unwrap_or(""));
        let (message, help) = match c.status {
            Status::New if c.disk.is_none() => (
                "missing: the model calls for this document",
                "run `archgen render` to write it",
            ),
            Status::Merged => (
                "out of date: the model changes this document from this line on; your edits elsewhere stay",
                "run `archgen render` to merge the model's changes into your edits",
            ),
            Status::Conflict => (
                "out of date: the model changes this document where you edited it",
                "run `archgen render`, then resolve the conflict markers it writes",
            ),
            Status::Foreign => (
                "in the way: archgen did not write this file, and the model calls for a document here",
                "move it out of the way, then run `archgen render`",
            ),
            Status::Removed => (
                "no longer generated: the model no longer calls for this document",
                "run `archgen render` to remove it (nobody edited it)",
            ),
            _ => (
                "out of date: the model changes this document from this line on",
                "run `archgen render` to update it",
            ),
        };
        let mut finding = Finding::new(input.name(&c.path), message).help(help);
        if c.disk.is_some() && c.status != Status::Removed {
            finding = finding.at(line, 1);
        }
        out.push(Problem {
            kind: "stale".into(),
            finding,
        });
    }
    for (n, p) in input.proposals {
        let finding = input.at_model(
            &p.fact.pointer,
            format!(
                "the model changed {} from {} to {}, a decision the documents record",
                p.fact.subject, p.old, p.fact.value
            ),
            format!(
                "run `archgen render` to propose ADR {n:04} `{}` for it",
                p.title()
            ),
        );
        out.push(Problem {
            kind: "decision-changed".into(),
            finding,
        });
    }
    out
}

/// The first 1-based line where `a` and `b` differ.
fn first_difference(a: &str, b: &str) -> usize {
    let mut al = a.lines();
    let mut bl = b.lines();
    let mut n = 1;
    loop {
        match (al.next(), bl.next()) {
            (Some(x), Some(y)) if x == y => n += 1,
            _ => return n,
        }
    }
}
