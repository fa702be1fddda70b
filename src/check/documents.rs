//! Checks of the files on disk, whoever last edited them: unresolved conflict markers, broken
//! relative links and anchors (links to missing ADRs named as such), and the consistency of
//! each OpenAPI document.

use super::{Input, Problem, adrs};
use crate::diagnostic::Finding;
use crate::write::merge;
use std::collections::BTreeMap;

pub(super) fn documents(input: &Input, files: &BTreeMap<String, String>) -> Vec<Problem> {
    let mut out = Vec::new();
    for (path, text) in files {
        for line in merge::conflict_lines(text) {
            let finding = Finding::new(input.name(path), "an unresolved conflict between your edits and the model's changes")
                .at(line, 1)
                .help("keep what should stay between `<<<<<<< your edits` and `>>>>>>> archgen`, then delete the three marker lines");
            out.push(Problem {
                kind: "conflict".into(),
                finding,
            });
        }
        if path.ends_with(".openapi.yaml")
            || path.ends_with(".openapi.yml")
            || path.ends_with(".openapi.json")
        {
            for mut finding in super::openapi(path, text) {
                finding.file = input.name(path);
                out.push(Problem {
                    kind: "openapi".into(),
                    finding,
                });
            }
        }
    }
    let markdown: Vec<(String, String)> =
        files.iter().map(|(p, t)| (p.clone(), t.clone())).collect();
    let adr_dir = adrs::folder(input);
    for (mut finding, missing) in
        crate::artifacts::links::broken(&markdown, |p| files.contains_key(p))
    {
        let number = missing
            .as_deref()
            .and_then(|m| adrs::file_number(m, &adr_dir));
        let kind = match (number, missing.as_deref()) {
            (Some(n), Some(target)) => {
                finding.message = format!(
                    "{} ADR {n:04} (`{target}`), which does not exist",
                    link_prefix(&finding.message)
                );
                finding.help =
                    Some("link to an existing ADR; `archgen adr list` shows them".into());
                "missing-adr"
            }
            _ => "broken-link",
        };
        finding.file = input.name(&finding.file);
        out.push(Problem {
            kind: kind.into(),
            finding,
        });
    }
    out
}

/// `the link `x` points to` from a broken-link message.
fn link_prefix(message: &str) -> &str {
    message
        .find(" points to ")
        .map_or(message, |i| &message[..i + " points to".len()])
}
