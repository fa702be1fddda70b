//! ADR numbers: two decisions with one number (two branches each adding 0007), in the model
//! or among the ADR files, and references to ADRs that do not exist.

use super::{Input, Problem};
use crate::diagnostic::Finding;
use std::collections::{BTreeMap, BTreeSet};

/// The folder ADRs are rendered into, output-relative (`adr` by default).
pub(super) fn folder(input: &Input) -> String {
    let index = input
        .view
        .docs
        .get("adr-index")
        .or_else(|| input.view.docs.get("adr-0001"));
    index
        .and_then(|d| d.path.rsplit_once('/').map(|(dir, _)| dir.to_owned()))
        .unwrap_or_else(|| "adr".into())
}

/// The number of an ADR file `dir/NNNN-title.md`.
pub(super) fn file_number(path: &str, dir: &str) -> Option<u32> {
    let name = path.strip_prefix(dir)?.strip_prefix('/')?;
    let (digits, rest) = name.split_at_checked(4)?;
    (rest.starts_with('-') && name.ends_with(".md") && !name.contains('/')).then_some(())?;
    digits
        .parse()
        .ok()
        .filter(|_| digits.chars().all(|c| c.is_ascii_digit()))
}

pub(super) fn adrs(input: &Input, files: &BTreeMap<String, String>) -> Vec<Problem> {
    let mut out = model_duplicates(input);
    let dir = folder(input);
    let mut by_number: BTreeMap<u32, Vec<&str>> = BTreeMap::new();
    for path in files.keys() {
        if let Some(n) = file_number(path, &dir) {
            by_number.entry(n).or_default().push(path);
        }
    }
    out.extend(file_duplicates(input, &by_number));
    out.extend(missing_mentions(input, files, &by_number, &dir));
    out.extend(missing_supersessions(input));
    out
}

/// Decisions of the model that share a number.
fn model_duplicates(input: &Input) -> Vec<Problem> {
    let mut out = Vec::new();
    for d in input.duplicates {
        let finding = input.at_model(
            &format!("/decisions/{}/number", d.index),
            format!(
                "decisions `{}` and `{}` both have number {}",
                d.first, d.title, d.number
            ),
            format!(
                "run `archgen adr renumber` to give `{}` the next free number, {}",
                d.title, d.renumbered
            ),
        );
        out.push(Problem {
            kind: "duplicate-adr".into(),
            finding,
        });
    }
    out
}

/// ADR files that share a number (`by_number`): all but the one the model renders now.
fn file_duplicates(input: &Input, by_number: &BTreeMap<u32, Vec<&str>>) -> Vec<Problem> {
    let mut out = Vec::new();
    let is_generated = |p: &str| {
        input
            .sync
            .changes
            .iter()
            .any(|c| c.path == p && c.generated.is_some())
    };
    for (n, paths) in by_number.iter().filter(|(_, p)| p.len() > 1) {
        // The file the model renders now keeps the number; the others are reported.
        let keeper = paths.iter().find(|p| is_generated(p)).unwrap_or(&paths[0]);
        for other in paths.iter().filter(|p| *p != keeper) {
            let finding = Finding::new(input.name(other), format!("ADR number {n:04} is also the number of `{keeper}`"))
                .at(1, 1)
                .help("give the decision its own number in the model (`archgen adr renumber` after a merge), or delete this file if it is left over");
            out.push(Problem {
                kind: "duplicate-adr".into(),
                finding,
            });
        }
    }
    out
}

/// Mentions of an ADR in the documents that no file in `dir` (`by_number`) or rendered now has.
fn missing_mentions(
    input: &Input,
    files: &BTreeMap<String, String>,
    by_number: &BTreeMap<u32, Vec<&str>>,
    dir: &str,
) -> Vec<Problem> {
    let mut out = Vec::new();
    let generated = input
        .sync
        .changes
        .iter()
        .filter(|c| c.generated.is_some())
        .filter_map(|c| file_number(&c.path, dir));
    let known: BTreeSet<u32> = by_number.keys().copied().chain(generated).collect();
    for (path, text) in files.iter().filter(|(p, _)| p.ends_with(".md")) {
        for (line, n) in mentions(text) {
            if !known.contains(&n) {
                let finding = Finding::new(
                    input.name(path),
                    format!("mentions ADR {n:04}, which does not exist"),
                )
                .at(line, 1)
                .help("refer to an existing ADR; `archgen adr list` shows them");
                out.push(Problem {
                    kind: "missing-adr".into(),
                    finding,
                });
            }
        }
    }
    out
}

/// Decisions that supersede a number no decision has.
fn missing_supersessions(input: &Input) -> Vec<Problem> {
    let mut out = Vec::new();
    let numbers = crate::derive::decisions::decision_numbers(&input.model.decisions);
    for (i, d) in input.model.decisions.iter().enumerate() {
        if let Some(n) = d.supersedes.filter(|n| !numbers.contains(n)) {
            let finding = input.at_model(
                &format!("/decisions/{i}/supersedes"),
                format!(
                    "decision `{}` supersedes ADR {n:04}, which does not exist",
                    d.title
                ),
                "use the number of a decision in this model".into(),
            );
            out.push(Problem {
                kind: "missing-adr".into(),
                finding,
            });
        }
    }
    out
}

/// `ADR 0007` (or `ADR-0007`) in running text, with its 1-based line.
fn mentions(text: &str) -> Vec<(usize, u32)> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        for (at, _) in line.match_indices("ADR") {
            let rest = &line[at + 3..];
            let Some(rest) = rest.strip_prefix(' ').or_else(|| rest.strip_prefix('-')) else {
                continue;
            };
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            if digits.len() == 4 && !line[..at].ends_with(|c: char| c.is_alphanumeric()) {
                out.extend(digits.parse().ok().map(|n| (i + 1, n)));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn reads_adr_numbers_from_files_and_text() {
        assert_eq!(super::file_number("adr/0007-use-kafka.md", "adr"), Some(7));
        assert_eq!(super::file_number("adr/README.md", "adr"), None);
        assert_eq!(super::file_number("adr/x/0007-a.md", "adr"), None);
        assert_eq!(
            super::mentions("See ADR 0007 and ADR-0012, not MADR 4 or ADR 12.\n"),
            [(1, 7), (1, 12)]
        );
    }
}
