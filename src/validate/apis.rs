//! Every API's resources: unique names, parents that exist and form no cycle, fields of
//! known types and references to resources that exist.

use super::names::unique_names;
use super::{Issues, fields};
use crate::model::{ApiStyle, FieldType, Model, Owner, Resource, ServiceKind};
use std::collections::{BTreeSet, HashMap};

pub(super) fn check(model: &Model, issues: &mut Issues) {
    for (i, s) in model.services.iter().enumerate() {
        let base = format!("/services/{i}/api");
        if s.api.style == Some(ApiStyle::None) && !s.api.resources.is_empty() {
            issues.push(
                format!("{base}/style"),
                format!("service `{}` has resources but API style `none`", s.name),
                Some("choose an API style, or remove the resources".into()),
            );
        }
        if s.kind == ServiceKind::Worker && !s.api.resources.is_empty() && s.api.style.is_none() {
            issues.push(
                format!("{base}/resources"),
                format!("worker `{}` has resources but no API style", s.name),
                Some("set `api.style`, or make it a `service`".into()),
            );
        }
        let resources: Vec<&str> = s.api.resources.iter().map(|r| r.name.as_str()).collect();
        unique_names(
            s.api
                .resources
                .iter()
                .enumerate()
                .map(|(j, r)| (format!("{base}/resources/{j}/name"), r.name.as_str())),
            "resource",
            issues,
        );
        for (j, r) in s.api.resources.iter().enumerate() {
            let rp = format!("{base}/resources/{j}");
            if let Some(parent) = &r.parent {
                let others = resources.iter().copied().filter(|n| *n != r.name);
                issues.check(
                    format!("{rp}/parent"),
                    &format!("resource `{}`: parent", r.name),
                    fields::reference(parent, others.collect::<Vec<_>>(), "resource of this API"),
                );
            }
            if let Some(owner) = &r.owner {
                owners(r, owner, &rp, issues);
            }
            if let Some(key) = &r.key {
                lookup_key(r, key, &format!("{rp}/key"), issues);
            }
            if let Some(n) = r.max_page_size.filter(|n| !(1..=1000).contains(n)) {
                issues.push(
                    format!("{rp}/max_page_size"),
                    format!("resource `{}`: a page of {n} items", r.name),
                    Some("set `max_page_size` between 1 and 1000; a longer list pages".into()),
                );
            }
            operations(r, &rp, issues);
            check_fields(
                &r.fields,
                &format!("{rp}/fields"),
                &format!("resource `{}`", r.name),
                &resources,
                "resource of this API",
                issues,
            );
        }
        parent_cycles(s, &base, issues);
    }
}

fn parent_cycles(s: &crate::model::Service, base: &str, issues: &mut Issues) {
    let parents: HashMap<&str, &str> = s
        .api
        .resources
        .iter()
        .filter_map(|r| r.parent.as_deref().map(|p| (r.name.as_str(), p)))
        .collect();
    for (j, r) in s.api.resources.iter().enumerate() {
        let mut at = r.name.as_str();
        for _ in 0..=parents.len() {
            match parents.get(at) {
                Some(p) if *p == r.name => {
                    issues.push(
                        format!("{base}/resources/{j}/parent"),
                        format!(
                            "resource `{}` is nested under itself through its parents",
                            r.name
                        ),
                        Some("break the cycle of `parent` references".into()),
                    );
                    break;
                }
                Some(p) => at = p,
                None => break,
            }
        }
    }
}

pub(super) fn check_fields(
    fields_: &[crate::model::Field],
    base: &str,
    owner: &str,
    resources: &[&str],
    resource_kind: &str,
    issues: &mut Issues,
) {
    unique_names(
        fields_
            .iter()
            .enumerate()
            .map(|(k, f)| (format!("{base}/{k}/name"), f.name.as_str())),
        "field",
        issues,
    );
    for (k, f) in fields_.iter().enumerate() {
        let fp = format!("{base}/{k}");
        field_type(f, &fp, owner, resources, resource_kind, issues);
        field_extras(f, &fp, owner, issues);
    }
}

/// A field's type: an enum with values, a ref or object naming one of `resources`.
fn field_type(
    f: &crate::model::Field,
    fp: &str,
    owner: &str,
    resources: &[&str],
    resource_kind: &str,
    issues: &mut Issues,
) {
    match f.ty {
        FieldType::Enum if f.values.is_empty() => issues.push(
            format!("{fp}/type"),
            format!("{owner}: enum field `{}` has no `values`", f.name),
            Some("list the allowed values under `values:`".into()),
        ),
        FieldType::Ref | FieldType::Object => {
            let kind = if f.ty == FieldType::Ref {
                "ref"
            } else {
                "object"
            };
            match &f.to {
                None => issues.push(
                    format!("{fp}/type"),
                    format!("{owner}: {kind} field `{}` has no `to`", f.name),
                    Some(format!(
                        "name the resource it {} with `to:`",
                        if f.ty == FieldType::Ref {
                            "refers to"
                        } else {
                            "nests"
                        }
                    )),
                ),
                Some(to) => issues.check(
                    format!("{fp}/to"),
                    &format!(
                        "{owner}: field `{}` {}",
                        f.name,
                        if f.ty == FieldType::Ref {
                            "refers to"
                        } else {
                            "nests"
                        }
                    ),
                    fields::reference(to, resources.iter().copied(), resource_kind),
                ),
            }
        }
        _ => {}
    }
}

/// What only some types take (`values`, `to`), and values listed twice.
fn field_extras(f: &crate::model::Field, fp: &str, owner: &str, issues: &mut Issues) {
    if f.ty != FieldType::Enum && !f.values.is_empty() {
        issues.push(
            format!("{fp}/values"),
            format!(
                "{owner}: field `{}` has `values` but is not an enum",
                f.name
            ),
            Some("set `type: enum` or remove `values`".into()),
        );
    }
    if !matches!(f.ty, FieldType::Ref | FieldType::Object) && f.to.is_some() {
        issues.push(
            format!("{fp}/to"),
            format!(
                "{owner}: field `{}` has `to` but is not a ref or an object",
                f.name
            ),
            Some(
                "set `type: ref` (an id) or `type: object` (a nested copy), or remove `to`".into(),
            ),
        );
    }
    let mut seen = BTreeSet::new();
    for (v, value) in f.values.iter().enumerate() {
        if !seen.insert(value) {
            issues.push(
                format!("{fp}/values/{v}"),
                format!(
                    "{owner}: field `{}` lists the value `{value}` twice",
                    f.name
                ),
                None,
            );
        }
    }
}

/// Each owner field of `r` is one of its fields, and a list of owners names at least one.
fn owners(r: &Resource, owner: &Owner, rp: &str, issues: &mut Issues) {
    let names: Vec<&str> = r.fields.iter().map(|f| f.name.as_str()).collect();
    match owner {
        Owner::One(field) => issues.check(
            format!("{rp}/owner"),
            &format!("resource `{}`: owner", r.name),
            fields::reference(field, names, "field of this resource"),
        ),
        Owner::Many(list) if list.is_empty() => issues.push(
            format!("{rp}/owner"),
            format!("resource `{}`: the owner list is empty", r.name),
            Some("name the field that names an item's owner, or remove `owner`".into()),
        ),
        Owner::Many(list) => {
            for (k, field) in list.iter().enumerate() {
                issues.check(
                    format!("{rp}/owner/{k}"),
                    &format!("resource `{}`: owner", r.name),
                    fields::reference(field, names.clone(), "field of this resource"),
                );
            }
        }
    }
}

/// The lookup key of `r` names one of its fields that can name an item in a path: a single,
/// required text, number, id or email.
fn lookup_key(r: &Resource, key: &str, at: &str, issues: &mut Issues) {
    let names: Vec<&str> = r.fields.iter().map(|f| f.name.as_str()).collect();
    match r.fields.iter().find(|f| f.name == key) {
        None => issues.check(
            at.to_owned(),
            &format!("resource `{}`: key", r.name),
            fields::reference(key, names, "field of this resource"),
        ),
        Some(f)
            if f.list
                || f.optional
                || !matches!(
                    f.ty,
                    FieldType::String | FieldType::Integer | FieldType::Uuid | FieldType::Email
                ) =>
        {
            issues.push(
                at.to_owned(),
                format!(
                    "resource `{}`: the key `{key}` must be a single, required text, integer, uuid or email field, since it names each item in paths",
                    r.name
                ),
                Some(format!("make `{key}` such a field, or key the resource by another one")),
            )
        }
        Some(_) => {}
    }
}

/// A resource's operations: each listed once, and a value (no operation, no action) with a
/// field to carry.
fn operations(r: &Resource, rp: &str, issues: &mut Issues) {
    let Some(ops) = &r.operations else { return };
    if ops.is_empty() && r.actions.is_empty() && r.fields.is_empty() {
        issues.push(
            format!("{rp}/fields"),
            format!(
                "resource `{}` is a value (`operations: []`) with no fields",
                r.name
            ),
            Some("list the fields it carries, or remove it".into()),
        );
    }
    let distinct: BTreeSet<_> = ops.iter().collect();
    if distinct.len() != ops.len() {
        issues.push(
            format!("{rp}/operations"),
            format!("resource `{}` lists an operation twice", r.name),
            Some("list each operation once".into()),
        );
    }
}
