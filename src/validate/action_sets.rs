//! What an action says it sets (`actions[].sets`): fields of its resource, each at a value of
//! the field's type; and the lifecycle states it acts in (`actions[].from`).

use super::{Issues, fields};
use crate::model::{Action, FieldType, Resource};

/// The `sets` of action `a` of resource `r`; `ap` is the action's pointer, `what` names it.
pub(super) fn check(r: &Resource, a: &Action, ap: &str, what: &str, issues: &mut Issues) {
    let known: Vec<&str> = r.fields.iter().map(|f| f.name.as_str()).collect();
    for (name, value) in &a.sets {
        let at = format!("{ap}/sets/{name}");
        let Some(field) = r.fields.iter().find(|f| &f.name == name) else {
            issues.check(
                at,
                &format!("{what}: sets"),
                fields::reference(name, known.iter().copied(), &format!("field of {}", r.name)),
            );
            continue;
        };
        if let Some(help) = mismatch(field, value) {
            issues.push(
                at,
                format!("{what} sets `{name}` to `{value}`, which is no {help}"),
                Some(format!("give `{name}` a value of its type")),
            );
        }
    }
}

/// The `from` of action `a`: states of `r`'s lifecycle, for an action no `set_by` move names
/// (a move's own `from` says where it starts).
pub(super) fn from(r: &Resource, a: &Action, ap: &str, what: &str, issues: &mut Issues) {
    if a.from.is_empty() {
        return;
    }
    if r.set_by.iter().any(|o| o.by.contains(&a.name)) {
        issues.push(
            format!("{ap}/from"),
            format!(
                "{what} moves the lifecycle (`set_by`), so its moves' `from` say where it acts"
            ),
            Some("drop the action's `from`, or its `set_by` moves".into()),
        );
        return;
    }
    states(r, &a.from, &format!("{ap}/from"), what, issues);
}

/// `named`, at `at`, are states of `r`'s lifecycle field; `what` names who names them.
pub(super) fn states(r: &Resource, named: &[String], at: &str, what: &str, issues: &mut Issues) {
    let values = crate::derive::lifecycle::field_of(r).map(|(_, f)| f.values.as_slice());
    for (n, state) in named.iter().enumerate() {
        let at = format!("{at}/{n}");
        match values {
            Some(values) => issues.check(
                at,
                &format!("{what}:"),
                fields::reference(state, values.iter().map(String::as_str), "lifecycle state"),
            ),
            None => issues.push(
                at,
                format!(
                    "{what} names state `{state}`, but {} has no lifecycle field",
                    r.name
                ),
                Some("give the resource an enum field named `status` or `state`".into()),
            ),
        }
    }
}

/// What `value` is not, when it does not fit `field`'s type.
fn mismatch(field: &crate::model::Field, value: &str) -> Option<String> {
    let v = value.trim();
    let fits = match field.ty {
        FieldType::Integer => v.parse::<i64>().is_ok(),
        FieldType::Number => v.parse::<f64>().is_ok_and(f64::is_finite),
        FieldType::Boolean => v.parse::<bool>().is_ok(),
        FieldType::Money => v.parse::<f64>().is_ok_and(f64::is_finite),
        FieldType::Enum => field.values.iter().any(|x| x == v),
        _ => true,
    };
    (!fits).then(|| match field.ty {
        FieldType::Enum => format!("value of its enum ({})", field.values.join(", ")),
        ty => crate::text::variant(&ty).to_owned(),
    })
}
