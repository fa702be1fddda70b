//! The design review run over the view: each rule of `review-rules.yaml` compiled into one
//! template that loops over its items and writes a record per finding, and the findings the
//! model accepts marked with the team's reason.

use crate::model::Acceptance;
use crate::templates::review_rules::ReviewRules;
use crate::view::ReviewFinding;

/// Separates a finding's parts in a rule's output.
const PART: char = '\u{1f}';
/// Ends a finding in a rule's output.
const END: char = '\u{1e}';

/// Whether two finding ids name the same finding: the same rule and subject, where a list in
/// the subject (`events: A,B`) may come in either order, since the order of a list in the
/// model is not part of what the finding is about.
pub fn same_finding(a: &str, b: &str) -> bool {
    fn sorted(id: &str) -> Vec<Vec<&str>> {
        id.split(':')
            .map(|part| {
                let mut items: Vec<&str> = part.split(',').collect();
                items.sort_unstable();
                items
            })
            .collect()
    }
    a == b || sorted(a) == sorted(b)
}

/// The template name of a rule's compiled check.
pub(super) fn template_name(id: &str) -> String {
    format!("__archgen/review/{id}")
}

/// The compiled templates of `rules`, `(name, text)`.
pub(super) fn templates(rules: &ReviewRules) -> Vec<(String, String)> {
    rules
        .rules
        .iter()
        .map(|r| {
            let each = r.each.as_deref().unwrap_or("[true]");
            let text = format!(
                "{{% for item in {each} %}}{{% if {when} %}}{at}{PART}{subject}{PART}{message}{PART}{why}{PART}{fix}{END}{{% endif %}}{{% endfor %}}",
                when = r.when,
                at = r.at.trim(),
                subject = r.subject.trim(),
                message = r.message.trim(),
                why = r.why.trim(),
                fix = r.fix.trim(),
            );
            (template_name(&r.id), text)
        })
        .collect()
}

/// Reads the findings out of rule `id`'s output.
pub(super) fn findings(
    id: &str,
    doc: &str,
    output: &str,
    accepted: &[Acceptance],
) -> Vec<ReviewFinding> {
    let one_line = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    output
        .split(END)
        .filter(|s| !s.trim().is_empty())
        .map(|record| {
            let parts: Vec<&str> = record.split(PART).collect();
            let part = |i: usize| one_line(parts.get(i).copied().unwrap_or(""));
            let subject = part(1);
            let finding_id = format!("{id}:{subject}");
            ReviewFinding {
                accepted: accepted
                    .iter()
                    .find(|a| same_finding(&a.finding, &finding_id))
                    .map(|a| one_line(&a.reason)),
                id: finding_id,
                rule: id.to_owned(),
                subject,
                doc: doc.to_owned(),
                at: part(0),
                message_md: markdown(&part(2)),
                fix_md: markdown(&part(4)),
                message: part(2),
                why: part(3),
                fix: part(4),
            }
        })
        .collect()
}

/// Plain text with `code` spans as Markdown: the spans as safe code spans, the rest escaped.
fn markdown(text: &str) -> String {
    use crate::templates::escape::{markdown_code, markdown_inline};
    let parts: Vec<&str> = text.split('`').collect();
    // An unpaired backtick leaves the last part as text.
    let paired = parts.len() % 2 == 1;
    parts
        .iter()
        .enumerate()
        .map(|(i, p)| {
            if i % 2 == 1 && (paired || i + 1 < parts.len()) {
                markdown_code(p)
            } else {
                // Escaping trims, so the spaces around a code span are put back.
                let lead = if p.starts_with(char::is_whitespace) {
                    " "
                } else {
                    ""
                };
                let trail = if p.ends_with(char::is_whitespace) && !p.trim().is_empty() {
                    " "
                } else {
                    ""
                };
                format!("{lead}{}{trail}", markdown_inline(p))
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_become_findings_and_acceptances_attach() {
        let out = format!(
            " /a{PART}x->y{PART}too\n long{PART}w{PART}f{END}\n/b{PART}z{PART}m{PART}w{PART}f{END}"
        );
        let accepted = [Acceptance {
            finding: "r:z".into(),
            reason: "we know".into(),
        }];
        let f = findings("r", "resilience", &out, &accepted);
        assert_eq!(f.len(), 2);
        assert_eq!(
            (f[0].id.as_str(), f[0].at.as_str(), f[0].message.as_str()),
            ("r:x->y", "/a", "too long")
        );
        assert_eq!(
            (f[0].accepted.clone(), f[1].accepted.as_deref()),
            (None, Some("we know"))
        );
        assert_eq!(
            markdown("`a_b` gives *up* to `c`"),
            "`a_b` gives \\*up\\* to `c`"
        );
    }

    #[test]
    fn a_lists_order_does_not_change_which_finding_it_is() {
        assert!(same_finding("stale:svc:A,B,C", "stale:svc:C,A,B"));
        assert!(!same_finding("stale:svc:A,B", "stale:svc:A,C"));
        assert!(!same_finding("stale:svc:A,B", "stale:svc:A,B,B"));
        // The parts keep their places: a list never moves across a colon.
        assert!(!same_finding("stale:a:b", "stale:b:a"));
    }
}
