//! What an action says it sets (`actions[].sets`): fields of its resource, each at a value of
//! the field's type.

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
