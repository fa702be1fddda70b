//! The design review's findings as problems: every open finding of `review-rules.yaml` at the
//! model's line, and every acceptance in the model that no longer matches a finding.

use super::{Input, Problem};

pub(super) fn review(input: &Input) -> Vec<Problem> {
    let view = input.view;
    let mut out: Vec<Problem> = view
        .review
        .iter()
        .filter(|f| f.accepted.is_none())
        .map(|f| Problem {
            kind: f.rule.clone(),
            finding: input.at_model(
                &f.at,
                format!("{} [{}]", f.message, f.id),
                format!("{} {}", f.fix, accept_hint(&f.id)),
            ),
        })
        .collect();
    for (i, a) in input.model.review.accept.iter().enumerate() {
        if (view.review.iter()).any(|f| crate::render::same_finding(&f.id, &a.finding)) {
            continue;
        }
        let ids: Vec<&str> = view.review.iter().map(|f| f.id.as_str()).collect();
        let hint = crate::diagnostic::did_you_mean(&a.finding, ids.iter().copied())
            .map(|n| format!("did you mean `{n}`? "))
            .unwrap_or_default();
        out.push(Problem {
            kind: "review-accept".into(),
            finding: input.at_model(
                &format!("/review/accept/{i}/finding"),
                format!("`{}` is accepted, but the design review finds no such finding", a.finding),
                format!("{hint}remove the acceptance, or correct its id from `archgen check --format json`"),
            ),
        });
    }
    out
}

fn accept_hint(id: &str) -> String {
    format!("To accept it as it is, add `{{finding: {id}, reason: ...}}` to `review.accept`.")
}
