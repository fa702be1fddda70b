//! Each resource's `set_by`: a state of its lifecycle field, set by operations, actions,
//! events or background jobs its service knows, or by someone outside the system; and each
//! field's `states`: states of its own resource's lifecycle field, on an optional field.

use super::{Issues, fields};
use crate::model::{Model, Resource, Service};

pub(super) fn check(model: &Model, issues: &mut Issues) {
    field_states(model, issues);
    action_publishes(model, issues);
    for (i, s) in model.services.iter().enumerate() {
        for (j, r) in s.api.resources.iter().enumerate() {
            let field = crate::derive::lifecycle::field_of(r);
            for (k, o) in r.set_by.iter().enumerate() {
                let at = format!("/services/{i}/api/resources/{j}/set_by/{k}");
                let what = format!("resource `{}`: `set_by`", r.name);
                let Some((_, f)) = field else {
                    issues.push(
                        at,
                        format!("{what} names states, but `{}` has no lifecycle field", r.name),
                        Some("add an enum field named `status` or `state` (or `…_status`), or remove `set_by`".into()),
                    );
                    break;
                };
                issues.check(
                    format!("{at}/state"),
                    &what,
                    fields::reference(
                        &o.state,
                        f.values.iter().map(String::as_str),
                        &format!("value of `{}`", f.name),
                    ),
                );
                for (n, from) in o.from.iter().enumerate() {
                    issues.check(
                        format!("{at}/from/{n}"),
                        &what,
                        fields::reference(
                            from,
                            f.values.iter().map(String::as_str),
                            &format!("value of `{}`", f.name),
                        ),
                    );
                }
                if o.by.is_empty() && o.outside.trim().is_empty() {
                    issues.push(
                        at.clone(),
                        format!("{what}: nothing sets `{}`", o.state),
                        Some("name the operations, actions or events under `by`, or who sets it outside the system under `outside`".into()),
                    );
                }
                let known = triggers(model, s, r);
                for (n, b) in o.by.iter().enumerate() {
                    issues.check(
                        format!("{at}/by/{n}"),
                        &what,
                        fields::reference(
                            b,
                            known.iter().copied(),
                            "operation, action, event or job of this service",
                        ),
                    );
                }
            }
        }
    }
}

/// What may move `r` (of `s`) into a state: its operations and actions, the events its service
/// publishes, consumes or receives, and its service's jobs.
pub(crate) fn triggers<'a>(model: &'a Model, s: &'a Service, r: &'a Resource) -> Vec<&'a str> {
    ["create", "update", "delete"]
        .into_iter()
        .chain(r.actions.iter().map(|a| a.name.as_str()))
        .chain(crate::derive::lifecycle::events_of(s))
        .chain(
            model
                .performance
                .jobs
                .iter()
                .filter(|j| j.service == s.name)
                .map(|j| j.name.as_str()),
        )
        .collect()
}

/// A field's `states` name values of its resource's lifecycle field, on a field that may be
/// absent; an event's or an action's fields have no lifecycle to follow.
fn field_states(model: &Model, issues: &mut Issues) {
    for (i, s) in model.services.iter().enumerate() {
        for (j, r) in s.api.resources.iter().enumerate() {
            let life = crate::derive::lifecycle::field_of(r);
            for (a, action) in r.actions.iter().enumerate() {
                for (k, f) in action.fields.iter().enumerate() {
                    if !f.states.is_empty() {
                        issues.push(
                            format!("/services/{i}/api/resources/{j}/actions/{a}/fields/{k}/states"),
                            format!("resource `{}`: action `{}`: field `{}`: `states` belong on the resource's own fields; what an action is sent has no lifecycle", r.name, action.name, f.name),
                            Some("remove `states`".into()),
                        );
                    }
                }
            }
            for (k, f) in r.fields.iter().enumerate() {
                if f.states.is_empty() {
                    continue;
                }
                let at = format!("/services/{i}/api/resources/{j}/fields/{k}/states");
                let what = format!("resource `{}`: field `{}`: `states`", r.name, f.name);
                let Some((_, lf)) = life else {
                    issues.push(
                        at,
                        format!("{what} names states, but `{}` has no lifecycle field", r.name),
                        Some("add an enum field named `status` or `state` (or `…_status`), or remove `states`".into()),
                    );
                    continue;
                };
                if !f.optional {
                    issues.push(
                        at.clone(),
                        format!("{what}: a field present only in some states is absent in the others, but it is required"),
                        Some("add `optional: true`, or remove `states`".into()),
                    );
                }
                for (n, state) in f.states.iter().enumerate() {
                    issues.check(
                        format!("{at}/{n}"),
                        &what,
                        fields::reference(
                            state,
                            lf.values.iter().map(String::as_str),
                            &format!("value of `{}`", lf.name),
                        ),
                    );
                }
            }
        }
        for (j, e) in s.publishes.iter().enumerate() {
            for (k, f) in e.fields.iter().enumerate() {
                if !f.states.is_empty() {
                    issues.push(
                        format!("/services/{i}/publishes/{j}/fields/{k}/states"),
                        format!("event `{}`: field `{}`: `states` follow a resource's lifecycle; an event has none", e.name, f.name),
                        Some("remove `states`; say in the description when the event carries it".into()),
                    );
                }
            }
        }
    }
}

/// Whether `service` publishes the event `name`, which an action of it may say it publishes.
pub fn published_event(service: &Service, name: &str) -> Result<(), fields::Invalid> {
    fields::reference(
        name,
        service.publishes.iter().map(|p| p.name.as_str()),
        &format!("event `{}` publishes", service.name),
    )
}

/// Each action's `publishes`: events its own service publishes.
fn action_publishes(model: &Model, issues: &mut Issues) {
    for (i, s) in model.services.iter().enumerate() {
        for (j, r) in s.api.resources.iter().enumerate() {
            for (k, a) in r.actions.iter().enumerate() {
                for (n, e) in a.publishes.iter().flatten().enumerate() {
                    issues.check(
                        format!("/services/{i}/api/resources/{j}/actions/{k}/publishes/{n}"),
                        &format!("resource `{}`, action `{}`: `publishes`", r.name, a.name),
                        published_event(s, e),
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    fn problems(set_by: &str) -> Vec<String> {
        let yaml = format!(
            "version: 1\nname: t\nrequirements: {{domain: d}}\nservices:\n  - name: orders\n    responsibility: r\n    consumes: [PaymentCaptured]\n    api:\n      resources:\n        - {{name: Order, actions: [{{name: cancel}}], set_by: {set_by}, fields: [{{name: status, type: enum, values: [pending, paid]}}]}}\n  - {{name: billing, responsibility: r}}\nperformance:\n  jobs:\n    - {{name: expire-unpaid, service: orders}}\n    - {{name: close-books, service: billing}}\n"
        );
        let model: crate::model::Model = serde_yaml::from_str(&yaml).unwrap();
        let mut issues = super::Issues::default();
        super::check(&model, &mut issues);
        issues
            .0
            .into_iter()
            .map(|i| format!("{} {}", i.pointer, i.message))
            .collect()
    }

    #[test]
    fn set_by_names_a_state_and_what_the_service_knows() {
        assert_eq!(
            problems("[{state: paid, by: [PaymentCaptured, cancel, expire-unpaid]}]"),
            Vec::<String>::new()
        );
        let found = problems("[{state: payed, by: [PaymentCapture]}, {state: paid}]");
        assert_eq!(found.len(), 3, "{found:?}");
        assert!(found[0].starts_with("/services/0/api/resources/0/set_by/0/state resource `Order`: `set_by` `payed` is not a known value of `status`"), "{}", found[0]);
        assert!(
            found[1].starts_with("/services/0/api/resources/0/set_by/0/by/0 "),
            "{}",
            found[1]
        );
        assert!(found[2].contains("nothing sets `paid`"), "{}", found[2]);
        let other = problems("[{state: paid, by: [close-books]}]");
        assert_eq!(
            other.len(),
            1,
            "another service's job sets nothing here: {other:?}"
        );
    }

    #[test]
    fn a_move_starts_from_states_of_its_field() {
        assert_eq!(
            problems("[{state: paid, by: [PaymentCaptured], from: [pending]}]"),
            Vec::<String>::new()
        );
        let found = problems("[{state: paid, by: [PaymentCaptured], from: [pending, pendin]}]");
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].starts_with("/services/0/api/resources/0/set_by/0/from/1 ")
                && found[0].contains("`pendin` is not a known value of `status`"),
            "{}",
            found[0]
        );
        // Someone outside the system may make the move too.
        assert_eq!(
            problems("[{state: paid, outside: the bank, from: [pending]}]"),
            Vec::<String>::new()
        );
        let found = problems("[{state: paid, from: [pending]}]");
        assert!(
            found.iter().any(|f| f.contains("nothing sets `paid`")),
            "{found:?}"
        );
    }

    #[test]
    fn states_name_values_of_the_lifecycle_on_an_optional_resource_field() {
        let yaml = "version: 1\nname: t\nrequirements: {domain: d}\nservices:\n  - name: orders\n    responsibility: r\n    api:\n      resources:\n        - {name: Order, fields: [{name: status, type: enum, values: [pending, shipped]}, {name: carrier, type: string, optional: true, states: [shiped]}, {name: eta, type: date, states: [shipped]}], actions: [{name: ship, fields: [{name: note, type: string, states: [shipped]}]}]}\n        - {name: Note, fields: [{name: body, type: string, optional: true, states: [x]}]}\n    publishes:\n      - {name: OrderShipped, fields: [{name: carrier, type: string, states: [shipped]}]}\n";
        let model: crate::model::Model = serde_yaml::from_str(yaml).unwrap();
        let mut issues = super::Issues::default();
        super::check(&model, &mut issues);
        let found: Vec<String> = issues
            .0
            .into_iter()
            .map(|i| format!("{} {}", i.pointer, i.message))
            .collect();
        let at = |p: &str| found.iter().filter(|f| f.starts_with(p)).count();
        assert_eq!(found.len(), 5, "{found:#?}");
        assert_eq!(
            at("/services/0/api/resources/0/fields/1/states/0 "),
            1,
            "a misspelt state"
        );
        assert_eq!(
            at("/services/0/api/resources/0/fields/2/states "),
            1,
            "a required field"
        );
        assert_eq!(
            at("/services/0/api/resources/0/actions/0/fields/0/states "),
            1
        );
        assert_eq!(
            at("/services/0/api/resources/1/fields/0/states "),
            1,
            "no lifecycle"
        );
        assert_eq!(
            at("/services/0/publishes/0/fields/0/states "),
            1,
            "an event field"
        );
    }
}
