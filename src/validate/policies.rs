//! Resilience choices that mean something only beside another: a consumer's pause needs a
//! consumer, a conditional create needs the header that carries it.

use super::Issues;
use crate::model::Model;

pub(super) fn check(model: &Model, issues: &mut Issues) {
    for (i, l) in model.communication.links.iter().enumerate() {
        let pauses = l.resilience.as_ref().and_then(|r| r.while_open);
        if pauses.is_some() && !l.background {
            issues.push(
                format!("/communication/links/{i}/resilience/while_open"),
                format!(
                    "link {} -> {} says what its messages do while the circuit is open, but it \
                     is not made from background work",
                    l.from, l.to
                ),
                Some(format!(
                    "mark the link `background: true` if {} makes the call from a consumer or a \
                     job, or remove `while_open`",
                    l.from
                )),
            );
        }
    }
    for (i, e) in model.externals.iter().enumerate() {
        if e.idempotency_scheme.is_some() && e.idempotency_header.is_none() {
            issues.push(
                format!("/externals/{i}/idempotency_scheme"),
                format!(
                    "external `{}` says what its idempotency header carries but names no header",
                    e.name
                ),
                Some("state `idempotency_header`, or remove `idempotency_scheme`".into()),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::model::Model;

    fn problems(yaml: &str) -> Vec<String> {
        let model: Model = serde_yaml::from_str(yaml).unwrap();
        crate::validate::model(&model)
            .iter()
            .map(|i| format!("{} {}", i.pointer, i.message))
            .collect()
    }

    const BASE: &str = "version: 1\nname: t\nrequirements: {domain: d}\nservices:\n  - {name: sync, responsibility: r}\nexternals: [{name: ehr, idempotency_header: If-None-Exist}]\ncommunication:\n  links:\n    - {from: sync, to: ehr, background: true, resilience: {while_open: pause}}\n";

    #[test]
    fn a_pause_needs_background_work_and_a_scheme_needs_its_header() {
        assert!(problems(BASE).is_empty(), "{:?}", problems(BASE));
        let foreground = BASE.replace("background: true, ", "");
        let found = problems(&foreground);
        assert!(
            found
                .iter()
                .any(|p| p.starts_with("/communication/links/0/resilience/while_open")),
            "{found:?}"
        );
        let headerless = BASE.replace(
            "idempotency_header: If-None-Exist",
            "idempotency_scheme: conditional-create",
        );
        let found = problems(&headerless);
        assert!(
            found
                .iter()
                .any(|p| p.starts_with("/externals/0/idempotency_scheme")),
            "{found:?}"
        );
    }
}
