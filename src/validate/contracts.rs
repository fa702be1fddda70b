//! The depth of an API contract: actions, filters, access rules, domain problems and field
//! constraints, each checked against the resource and the security section it names.

use super::apis::check_fields;
use super::{Issues, fields};
use crate::model::{Field, FieldType, Model, Operation, Resource};

const OPERATIONS: [&str; 6] = ["list", "get", "create", "update", "delete", "subscribe"];

/// Each role's `provider` names the provider of an authentication entry, and its `clients`
/// clients of the model.
fn role_references(model: &Model, issues: &mut Issues) {
    let providers: Vec<&str> = model
        .security
        .authentication
        .iter()
        .filter_map(|a| a.provider.as_deref())
        .collect();
    for (i, r) in model.security.authorization.roles.iter().enumerate() {
        if let Some(p) = &r.provider {
            issues.check(
                format!("/security/authorization/roles/{i}/provider"),
                &format!("role `{}`: provider", r.name),
                super::fields::reference(
                    p,
                    providers.iter().copied(),
                    "provider of `security.authentication`",
                ),
            );
        }
        for (j, c) in r.clients.iter().enumerate() {
            issues.check(
                format!("/security/authorization/roles/{i}/clients/{j}"),
                &format!("role `{}`: client", r.name),
                super::fields::reference(
                    c,
                    model.clients.iter().map(|x| x.name.as_str()),
                    "client",
                ),
            );
        }
    }
}

/// Each policy's `roles` are roles of the model.
fn policy_roles(model: &Model, issues: &mut Issues) {
    let auth = &model.security.authorization;
    for (i, p) in auth.policies.iter().enumerate() {
        for (j, r) in p.roles.iter().enumerate() {
            issues.check(
                format!("/security/authorization/policies/{i}/roles/{j}"),
                &format!("policy `{}`: role", p.name),
                super::fields::reference(
                    r,
                    auth.roles.iter().map(|x| x.name.as_str()),
                    "role of `security.authorization`",
                ),
            );
        }
    }
}

/// Each field's `read_by` names roles of the model, on a field clients read.
fn field_readers(model: &Model, issues: &mut Issues) {
    let roles = &model.security.authorization.roles;
    for (i, s) in model.services.iter().enumerate() {
        for (j, r) in s.api.resources.iter().enumerate() {
            for (k, f) in r.fields.iter().enumerate() {
                let fp = format!("/services/{i}/api/resources/{j}/fields/{k}/read_by");
                if f.write_only && !f.read_by.is_empty() {
                    issues.push(
                        fp.clone(),
                        format!(
                            "{}: field `{}` is write-only, so no role reads it",
                            r.name, f.name
                        ),
                        Some("drop `read_by`, or `write_only`".into()),
                    );
                }
                for (n, role) in f.read_by.iter().enumerate() {
                    issues.check(
                        format!("{fp}/{n}"),
                        &format!("{}: field `{}`: `read_by`", r.name, f.name),
                        super::fields::reference(
                            role,
                            roles.iter().map(|x| x.name.as_str()),
                            "role of `security.authorization`",
                        ),
                    );
                }
            }
        }
    }
}

/// Each domain problem's `roles` names roles of the model.
fn problem_roles(model: &Model, issues: &mut Issues) {
    let roles = &model.security.authorization.roles;
    for (i, s) in model.services.iter().enumerate() {
        for (j, r) in s.api.resources.iter().enumerate() {
            for (k, p) in r.errors.iter().enumerate() {
                for (n, role) in p.roles.iter().enumerate() {
                    issues.check(
                        format!("/services/{i}/api/resources/{j}/errors/{k}/roles/{n}"),
                        &format!("{}: problem `{}`: `roles`", r.name, p.name),
                        super::fields::reference(
                            role,
                            roles.iter().map(|x| x.name.as_str()),
                            "role of `security.authorization`",
                        ),
                    );
                }
            }
        }
    }
}

pub(super) fn check(model: &Model, issues: &mut Issues) {
    role_references(model, issues);
    problem_roles(model, issues);
    policy_roles(model, issues);
    field_readers(model, issues);
    let scopes: Vec<&str> = model
        .security
        .authentication
        .iter()
        .flat_map(|a| a.scopes.iter().map(|s| s.name.as_str()))
        .collect();
    let roles: Vec<&str> = model
        .security
        .authorization
        .roles
        .iter()
        .map(|r| r.name.as_str())
        .collect();
    let components: Vec<&str> = model
        .services
        .iter()
        .map(|s| s.name.as_str())
        .chain(model.clients.iter().map(|c| c.name.as_str()))
        .collect();
    for (i, s) in model.services.iter().enumerate() {
        let base = format!("/services/{i}/api");
        let names: Vec<&str> = s.api.resources.iter().map(|r| r.name.as_str()).collect();
        let mut every_op: Vec<&str> = OPERATIONS.to_vec();
        every_op.extend(
            s.api
                .resources
                .iter()
                .flat_map(|r| r.actions.iter().map(|a| a.name.as_str())),
        );
        let ctx = Ctx {
            scopes: &scopes,
            roles: &roles,
            components: &components,
        };
        for (k, a) in s.api.access.iter().enumerate() {
            ctx.access(a, &format!("{base}/access/{k}"), &every_op, issues);
        }
        for (j, r) in s.api.resources.iter().enumerate() {
            resource(&ctx, r, &format!("{base}/resources/{j}"), &names, issues);
        }
    }
    for (i, s) in model.services.iter().enumerate() {
        for (j, e) in s.publishes.iter().enumerate() {
            field_rules(
                &e.fields,
                &format!("/services/{i}/publishes/{j}/fields"),
                &format!("event `{}`", e.name),
                issues,
            );
        }
    }
}

/// A resource: ids that are no lists, its actions, filters, access rules and errors; `names`
/// are the resources of its API.
fn resource(ctx: &Ctx, r: &crate::model::Resource, rp: &str, names: &[&str], issues: &mut Issues) {
    let owner = format!("resource `{}`", r.name);
    field_rules(&r.fields, &format!("{rp}/fields"), &owner, issues);
    for (k, f) in r.fields.iter().enumerate() {
        if f.list && f.name.eq_ignore_ascii_case("id") {
            issues.push(
                format!("{rp}/fields/{k}/list"),
                format!(
                    "{owner}: field `{}` is the resource's id, which cannot be a list",
                    f.name
                ),
                Some(
                    "drop `list: true`, or rename the field if it holds other resources' ids"
                        .into(),
                ),
            );
        }
    }
    let mut ops: Vec<&str> = offered(r);
    actions(r, rp, &owner, names, &mut ops, issues);
    super::filters::check(r, rp, &owner, issues);
    for (k, a) in r.access.iter().enumerate() {
        ctx.access(a, &format!("{rp}/access/{k}"), &ops, issues);
    }
    errors(r, rp, &owner, &ops, issues);
}

/// A resource's actions: named, each its own verb (added to `ops`), with valid fields.
fn actions<'r>(
    r: &'r crate::model::Resource,
    rp: &str,
    owner: &str,
    names: &[&str],
    ops: &mut Vec<&'r str>,
    issues: &mut Issues,
) {
    for (k, a) in r.actions.iter().enumerate() {
        let ap = format!("{rp}/actions/{k}");
        if a.name.trim().is_empty() {
            issues.push(
                format!("{ap}/name"),
                format!("{owner} has an action without a name"),
                Some("name the verb, e.g. `cancel`".into()),
            );
        } else if OPERATIONS.contains(&a.name.as_str()) || ops.contains(&a.name.as_str()) {
            issues.push(
                format!("{ap}/name"),
                format!(
                    "{owner}: action `{}` repeats an operation or action name",
                    a.name
                ),
                Some("give each action its own verb, e.g. `cancel` or `approve`".into()),
            );
        }
        ops.push(a.name.as_str());
        let what = format!("{owner}, action `{}`", a.name);
        check_fields(
            &a.fields,
            &format!("{ap}/fields"),
            &what,
            names,
            "resource of this API",
            issues,
        );
        field_rules(&a.fields, &format!("{ap}/fields"), &what, issues);
        super::action_sets::check(r, a, &ap, &what, issues);
        super::action_sets::from(r, a, &ap, &what, issues);
        claims(r, a, &ap, &what, issues);
    }
}

/// An action's `claims_by`: a field it sends, on a resource with an owner to become.
fn claims(
    r: &crate::model::Resource,
    a: &crate::model::Action,
    ap: &str,
    what: &str,
    issues: &mut Issues,
) {
    let Some(field) = a.claims_by.as_deref() else {
        return;
    };
    if !a.fields.iter().any(|f| f.name == field) {
        issues.push(
            format!("{ap}/claims_by"),
            format!("{what} claims the item by `{field}`, which it does not send"),
            Some("name one of the action's `fields`, e.g. the one-time `code`".into()),
        );
    } else if r.owner.is_none() {
        issues.push(
            format!("{ap}/claims_by"),
            format!(
                "{what} claims the item by `{field}`, but {} has no `owner` to become",
                r.name
            ),
            Some("set the resource's `owner` field, or drop `claims_by`".into()),
        );
    }
}

/// A resource's errors: named, a 4xx or 5xx status, for operations it has (`ops`).
fn errors(r: &crate::model::Resource, rp: &str, owner: &str, ops: &[&str], issues: &mut Issues) {
    for (k, p) in r.errors.iter().enumerate() {
        let pp = format!("{rp}/errors/{k}");
        issues.check(
            format!("{pp}/name"),
            &format!("{owner}: an error's `name`"),
            fields::non_blank(&p.name),
        );
        if !(400..=599).contains(&p.status) {
            issues.push(
                format!("{pp}/status"),
                format!("{owner}: error `{}` has status {}, which is not an error", p.name, p.status),
                Some("use a 4xx status for the caller's problem (409, 422) or a 5xx for the server's".into()),
            );
        }
        for (o, op) in p.operations.iter().enumerate() {
            issues.check(
                format!("{pp}/operations/{o}"),
                &format!("{owner}: error `{}`:", p.name),
                fields::reference(
                    op,
                    ops.iter().copied(),
                    "operation or action of the resource",
                ),
            );
        }
        let what = format!("{owner}: error `{}`", p.name);
        super::action_sets::states(r, &p.states, &format!("{pp}/states"), &what, issues);
    }
}

struct Ctx<'a> {
    scopes: &'a [&'a str],
    roles: &'a [&'a str],
    /// Services and clients, the names an access rule's `callers` may give.
    components: &'a [&'a str],
}

impl Ctx<'_> {
    fn access(&self, a: &crate::model::Access, ap: &str, ops: &[&str], issues: &mut Issues) {
        for (o, op) in a.operations.iter().enumerate() {
            issues.check(
                format!("{ap}/operations/{o}"),
                "an access rule names",
                fields::reference(op, ops.iter().copied(), "operation or action"),
            );
        }
        let asks = !a.scopes.is_empty() || !a.roles.is_empty() || !a.methods.is_empty();
        if a.public && (asks || !a.callers.is_empty()) {
            issues.push(
                format!("{ap}/public"),
                "a public access rule also asks for credentials".into(),
                Some(
                    "drop `public`, or drop its `methods`, `scopes`, `roles` and `callers`".into(),
                ),
            );
        }
        for (k, c) in a.callers.iter().enumerate() {
            issues.check(
                format!("{ap}/callers/{k}"),
                "an access rule's caller",
                fields::reference(c, self.components.iter().copied(), "service or client"),
            );
        }
        if !self.scopes.is_empty() {
            for (k, sc) in a.scopes.iter().enumerate() {
                issues.check(
                    format!("{ap}/scopes/{k}"),
                    "an access rule's scope",
                    fields::reference(
                        sc,
                        self.scopes.iter().copied(),
                        "scope of `security.authentication`",
                    ),
                );
            }
        }
        if !self.roles.is_empty() {
            for (k, r) in a.roles.iter().enumerate() {
                issues.check(
                    format!("{ap}/roles/{k}"),
                    "an access rule's role",
                    fields::reference(
                        r,
                        self.roles.iter().copied(),
                        "role of `security.authorization`",
                    ),
                );
            }
        }
    }
}

fn offered(r: &Resource) -> Vec<&'static str> {
    let ops = r
        .operations
        .clone()
        .unwrap_or_else(|| Operation::DEFAULTS.to_vec());
    OPERATIONS
        .iter()
        .copied()
        .filter(|name| {
            ops.iter().any(|o| {
                serde_json::to_value(o)
                    .ok()
                    .and_then(|v| v.as_str().map(|s| s == *name))
                    == Some(true)
            })
        })
        .collect()
}

/// The most items a list may require: its contract's examples list that many.
const MOST_LISTED: u32 = 1000;

/// A list's item counts: only on a list, the fewest no more than the most.
fn list_bounds(f: &Field, fp: &str, owner: &str, issues: &mut Issues) {
    let name = &f.name;
    if (f.min_items.is_some() || f.max_items.is_some()) && !f.list {
        issues.push(
            format!("{fp}/list"),
            format!("{owner}: field `{name}` has `min_items` or `max_items` but is not a list"),
            Some("add `list: true`, or use `min_length`/`max_length` for text".into()),
        );
    }
    if f.min_items.is_some_and(|n| n > MOST_LISTED) {
        issues.push(
            format!("{fp}/min_items"),
            format!("{owner}: field `{name}` needs more than {MOST_LISTED} items in every list"),
            Some(format!("a contract's examples list that many: lower `min_items` to {MOST_LISTED} or fewer, or send the items in batches")),
        );
    }
    if let (Some(a), Some(b)) = (f.min_items, f.max_items)
        && a > b
    {
        issues.push(
            format!("{fp}/max_items"),
            format!("{owner}: field `{name}` has `max_items` {b} below `min_items` {a}"),
            Some("swap them or correct one".into()),
        );
    }
}

/// Read-only and write-only, bounds and lengths, and patterns that compile and match their
/// example.
fn field_rules(list: &[Field], base: &str, owner: &str, issues: &mut Issues) {
    for (k, f) in list.iter().enumerate() {
        let fp = format!("{base}/{k}");
        let name = &f.name;
        if f.read_only && f.write_only {
            issues.push(format!("{fp}/write_only"), format!("{owner}: field `{name}` is both read-only and write-only"), Some("keep one: read-only for what the server sets, write-only for secrets the caller sends".into()));
        }
        let numeric = matches!(f.ty, FieldType::Integer | FieldType::Number);
        let text = matches!(f.ty, FieldType::String | FieldType::Email | FieldType::Url);
        if (f.min.is_some() || f.max.is_some()) && !numeric {
            issues.push(
                format!("{fp}/type"),
                format!("{owner}: field `{name}` has `min` or `max` but is not a number"),
                Some("bound integers and numbers; use `min_length`/`max_length` for text".into()),
            );
        }
        if (f.min_length.is_some() || f.max_length.is_some() || f.pattern.is_some()) && !text {
            issues.push(
                format!("{fp}/type"),
                format!("{owner}: field `{name}` has a length or pattern but is not text"),
                Some("lengths and patterns apply to string, email and url fields".into()),
            );
        }
        if let (Some(a), Some(b)) = (f.min, f.max) {
            if !(a.is_finite() && b.is_finite() && a <= b) {
                issues.push(
                    format!("{fp}/max"),
                    format!("{owner}: field `{name}` has `max` {b} below `min` {a}"),
                    Some("swap them or correct one".into()),
                );
            }
        }
        if let (Some(a), Some(b)) = (f.min_length, f.max_length) {
            if a > b {
                issues.push(
                    format!("{fp}/max_length"),
                    format!("{owner}: field `{name}` has `max_length` {b} below `min_length` {a}"),
                    Some("swap them or correct one".into()),
                );
            }
        }
        list_bounds(f, &fp, owner, issues);
        enum_example(
            f,
            &fp,
            &format!("{owner}: field `{name}`'s example"),
            issues,
        );
        if let Some(p) = &f.pattern {
            match regex::Regex::new(p) {
                Err(_) => issues.push(
                    format!("{fp}/pattern"),
                    format!(
                        "{owner}: field `{name}` has a `pattern` that is not a regular expression"
                    ),
                    Some("write an ECMA-262 style expression, e.g. `^[A-Z]{3}$`".into()),
                ),
                Ok(re) => match &f.example {
                    None => issues.push(
                        format!("{fp}/pattern"),
                        format!("{owner}: field `{name}` has a `pattern` but no `example`"),
                        Some(
                            "add an `example` that matches it, so the contracts' examples validate"
                                .into(),
                        ),
                    ),
                    Some(ex) if !re.is_match(ex) => issues.push(
                        format!("{fp}/example"),
                        format!(
                            "{owner}: field `{name}`'s example `{ex}` does not match its pattern"
                        ),
                        Some("give an example the pattern accepts".into()),
                    ),
                    Some(_) => {}
                },
            }
        }
    }
}

/// An enum's example is one of its values: the contracts' examples show it as one.
fn enum_example(f: &crate::model::Field, fp: &str, what: &str, issues: &mut Issues) {
    if let Some(ex) = f.example.as_ref().filter(|_| f.ty == FieldType::Enum) {
        issues.check(
            format!("{fp}/example"),
            what,
            super::fields::reference(
                ex,
                f.values.iter().map(String::as_str),
                &format!("value of `{}`", f.name),
            ),
        );
    }
}
