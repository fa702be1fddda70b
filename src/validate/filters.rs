//! A resource's list filters: each names a single-valued field of it, a range only an
//! orderable field that is not the owner, and no range's parameter repeats another filter's.

use super::{Issues, fields};
use crate::derive::ranges::BOUNDS;
use crate::model::{FieldType, Resource};
use crate::text::names;

/// Every problem of `r`'s filters; `rp` points at the resource, `owner` names it.
pub(super) fn check(r: &Resource, rp: &str, owner: &str, issues: &mut Issues) {
    let known: Vec<&str> = r.fields.iter().map(|f| f.name.as_str()).collect();
    // `(parameter, filter index, whether that filter is a range)`, for the clashes.
    let mut params: Vec<(String, usize, bool)> = Vec::new();
    for (k, filter) in r.filters.iter().enumerate() {
        let fp = format!("{rp}/filters/{k}");
        let f = filter.field();
        let at = format!("{fp}{}", filter.field_pointer());
        let Some(x) = r.fields.iter().find(|x| x.name == f) else {
            issues.check(
                at,
                &format!("{owner}: filter"),
                fields::reference(f, known.iter().copied(), "field of the resource"),
            );
            continue;
        };
        if x.list || matches!(x.ty, FieldType::Json | FieldType::Money) {
            issues.push(
                at,
                format!("{owner}: field `{f}` cannot be a filter"),
                Some(
                    "filter by a single value: a text, number, enum, date, id or reference field"
                        .into(),
                ),
            );
            continue;
        }
        let snake = names::snake(f, "field");
        if filter.any() && filter.range() {
            issues.push(
                format!("{fp}/any"),
                format!("{owner}: filter `{f}` is a range and takes any of several values"),
                Some(format!(
                    "keep one: `range: true` for the items between two values of `{f}`, `any: true` for those matching one of a list"
                )),
            );
        }
        if !filter.range() {
            clash(&mut params, (snake, k, false), r, rp, owner, issues);
        } else if !x.ty.orderable() {
            issues.push(
                format!("{fp}/range"),
                format!(
                    "{owner}: filter `{f}` is a range, but a `{}` field has no order",
                    crate::text::variant(&x.ty)
                ),
                Some(format!(
                    "drop `range: true` to match `{f}` exactly; a range needs a date, datetime, integer or number field"
                )),
            );
        } else if r.owner.as_ref().is_some_and(|o| o.names(f)) {
            issues.push(
                format!("{fp}/range"),
                format!(
                    "{owner}: filter `{f}` is the owner, which a `:own` caller's token sets, so it cannot be a range"
                ),
                Some(format!("drop `range: true`: `{f}` matches one owner exactly")),
            );
        } else {
            for b in BOUNDS {
                clash(
                    &mut params,
                    (b.param(&snake), k, true),
                    r,
                    rp,
                    owner,
                    issues,
                );
            }
        }
    }
}

/// Records `param` of filter `k` of `r` (at `rp`), and a problem when an earlier filter has a
/// parameter of the same name and either is a range. Exact filters repeated are left alone:
/// models that list a field twice loaded before ranges existed.
fn clash(
    params: &mut Vec<(String, usize, bool)>,
    param: (String, usize, bool),
    r: &Resource,
    rp: &str,
    owner: &str,
    issues: &mut Issues,
) {
    let (name, k, range) = param;
    let earlier = params
        .iter()
        .find(|(p, j, was_range)| *p == name && *j != k && (range || *was_range));
    if let Some((_, j, _)) = earlier {
        let (this, that) = (r.filters[k].field(), r.filters[*j].field());
        let ranged = if range { this } else { that };
        let sent: Vec<String> = BOUNDS
            .iter()
            .map(|b| format!("`{}`", b.param(&names::snake(ranged, "field"))))
            .collect();
        let help = format!(
            "the range on `{ranged}` is sent as {}: drop one of the two filters, or rename a field",
            sent.join(" and ")
        );
        issues.push_related(
            format!("{rp}/filters/{k}"),
            format!("{owner}: filters `{that}` and `{this}` both make the parameter `{name}`"),
            &help,
            format!("{rp}/filters/{j}"),
        );
    }
    params.push((name, k, range));
}
