//! How `archgen check` reports: a numbered list for people, one JSON object for tools. Both
//! list every problem in file and line order.

use super::Problem;
use crate::diagnostic::Problems;
use serde::Serialize;

/// Sorts `problems` by file, line and column, dropping repeats.
fn sorted(problems: &[Problem]) -> Vec<Problem> {
    let mut out = problems.to_vec();
    out.sort_by(|a, b| {
        let (x, y) = (&a.finding, &b.finding);
        (&x.file, x.line, x.column, &x.message).cmp(&(&y.file, y.line, y.column, &y.message))
    });
    out.dedup();
    out
}

/// `found N problems in ...:` and the numbered list, or the one-line all-clear.
pub fn text(problems: &[Problem], subject: &str, checked: usize) -> String {
    if problems.is_empty() {
        return format!("checked {checked} files in {subject}: no problems");
    }
    let findings = sorted(problems).into_iter().map(|p| p.finding).collect();
    Problems::new(subject, findings).to_string()
}

#[derive(Serialize)]
struct Json<'a> {
    ok: bool,
    checked: usize,
    stale: Vec<&'a str>,
    problems: Vec<Item<'a>>,
    /// Every design-review finding, open or accepted, with its id for `review.accept`.
    review: &'a [crate::render::ReviewFinding],
}

#[derive(Serialize)]
struct Item<'a> {
    kind: &'a str,
    file: &'a str,
    line: Option<usize>,
    column: Option<usize>,
    message: &'a str,
    help: Option<&'a str>,
}

/// The report as pretty JSON: `ok`, `checked`, the `stale` files, every problem, and every
/// design-review finding (`accepted` holds the team's reason, or null while it is open).
pub fn json(
    problems: &[Problem],
    checked: usize,
    review: &[crate::render::ReviewFinding],
) -> String {
    let problems = sorted(problems);
    let mut stale: Vec<&str> = problems
        .iter()
        .filter(|p| p.kind == "stale")
        .map(|p| p.finding.file.as_str())
        .collect();
    stale.dedup();
    let items = problems
        .iter()
        .map(|p| Item {
            kind: &p.kind,
            file: &p.finding.file,
            line: p.finding.line,
            column: p.finding.column,
            message: &p.finding.message,
            help: p.finding.help.as_deref(),
        })
        .collect();
    let report = Json {
        ok: problems.is_empty(),
        checked,
        stale,
        problems: items,
        review,
    };
    serde_json::to_string_pretty(&report).expect("a report serializes")
}
