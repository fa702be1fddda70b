//! Step 7, per resource: who may call each operation and action, on one line
//! (`get, list: public; all: librarian`), and which field names an item's owner where a role
//! reaches only its own items, then which fields only some roles read (`s07_readers`). All
//! sit in the step's block of derived answers.

use super::prelude::*;
use crate::interview::flow::Node;
use crate::interview::values::variants;
use crate::model::{Access, AuthMethod, Owner, Resource, ServiceKind};

/// Every operation and action of every resource: one line each.
pub(super) fn each_resource() -> Node {
    each(
        "access",
        |m, _| places(m).len(),
        |m, at| {
            let (i, j) = places(m)[at[0]];
            let s = &m.services[i];
            Some(format!("`{}` of {}", s.api.resources[j].name, s.name))
        },
    )
    .ask(
        nodes![
        text("access.line", "Who may call it? (operations: callers; …)")
            .help(
                "`all`, or operations and actions by name, then `public`, `signed-in`, a method \
                 (`mtls`, `api-keys`), a role, a scope, or the services that call by their own \
                 identity: e.g. `get, list: public; all: librarian` or `all: mtls, dispatcher`.",
            )
            .value(Lens::new(
                |m, at| show(&resource(m, at).access),
                |m, at, v: String| {
                    let (i, j) = places(m)[at[0]];
                    let access = read(m, at, &v).unwrap_or_default();
                    m.services[i].api.resources[j].access = access;
                },
            ))
            .default(default_line)
            .check(|m, at, v| read(m, at, v).map(|_| ())),
        pick(
            "access.owner",
            "Which field names an item's owner?",
            |m, at| {
                let mut o = options(&[NO_OWNER]);
                let r = resource(m, at);
                // Several owner fields (edited into the file) stay one choice.
                if let Some(Owner::Many(_)) = &r.owner {
                    o.extend(r.owner.iter().map(|w| (w.to_string(), "owners".to_owned())));
                }
                o.extend(r.fields.iter().map(|f| (f.name.clone(), spelling(&f.ty))));
                o
            }
        )
        .help("A role holding only `:own` permissions reaches just the items it owns.")
        .value(Lens::new(
            |m, at| {
                let owner = &resource(m, at).owner;
                owner.as_ref().map(Owner::to_string).unwrap_or_default()
            },
            |m, at, v: String| {
                let (i, j) = places(m)[at[0]];
                let owner = if v == NO_OWNER {
                    None
                } else {
                    Owner::parse(&v)
                };
                m.services[i].api.resources[j].owner = owner;
            },
        ))
        .default(|m, at| owner_guess(m, at).unwrap_or_else(|| NO_OWNER.into()))
        .when(|m, at| {
            let r = resource(m, at);
            // Anyone may call a public resource's operations: an owner decides nothing there.
            let public = !r.access.is_empty() && r.access.iter().all(|a| a.public);
            own_only_roles(m) && !r.fields.is_empty() && !public
        }),
    ]
        .into_iter()
        .chain(super::s07_readers::nodes())
        .collect(),
    )
    .into()
}

const NO_OWNER: &str = "(none)";
const EVERY_OP: &str = "all";
const PUBLIC: &str = "public";
const SIGNED_IN: &str = "signed-in";

/// `(service, resource)` of every resource, in model order.
pub(super) fn places(m: &Model) -> Vec<(usize, usize)> {
    let per = m.services.iter().enumerate();
    per.flat_map(|(i, s)| (0..s.api.resources.len()).map(move |j| (i, j)))
        .collect()
}

pub(super) fn resource<'a>(m: &'a Model, at: &At) -> &'a Resource {
    let (i, j) = places(m)[at[0]];
    &m.services[i].api.resources[j]
}

/// Whether a role holds an `:own` permission: only then does an owner field decide anything.
fn own_only_roles(m: &Model) -> bool {
    let roles = &m.security.authorization.roles;
    roles
        .iter()
        .any(|r| r.permissions.iter().any(|p| p.ends_with(":own")))
}

/// The field most likely to name the owner: `<actor>_id` for a role or use-case actor, else
/// a usual owner field.
fn owner_guess(m: &Model, at: &At) -> Option<String> {
    let fields = &resource(m, at).fields;
    let actors = m
        .security
        .authorization
        .roles
        .iter()
        .map(|r| r.name.clone());
    let actors = actors.chain(m.requirements.use_cases.iter().map(|u| u.actor.clone()));
    let wanted: Vec<String> = actors
        .map(|a| {
            format!(
                "{}_id",
                crate::view::names::slug(&a, "user").replace('-', "_")
            )
        })
        .chain(["owner_id", "user_id", "customer_id"].map(String::from))
        .collect();
    wanted
        .into_iter()
        .find(|w| fields.iter().any(|f| &f.name == w))
}

/// Any signed-in caller, or service accounts on mutual TLS for a service that only other
/// services call (no client or gateway reaches it).
fn default_line(m: &Model, at: &At) -> String {
    let (i, _) = places(m)[at[0]];
    let name = &m.services[i].name;
    let callers: Vec<&str> = m
        .communication
        .links
        .iter()
        .filter(|l| &l.to == name)
        .map(|l| l.from.as_str())
        .collect();
    let internal = !callers.is_empty()
        && callers.iter().all(|c| {
            m.services
                .iter()
                .any(|s| s.name == *c && s.kind != ServiceKind::Gateway)
        });
    if internal {
        // The services that call it, by their certificates: a certificate carries no scopes.
        let mut named: Vec<&str> = Vec::new();
        for c in callers {
            if !named.contains(&c) {
                named.push(c);
            }
        }
        format!(
            "{EVERY_OP}: {}, {}",
            spelling(&AuthMethod::Mtls),
            named.join(", ")
        )
    } else {
        format!("{EVERY_OP}: {SIGNED_IN}")
    }
}

/// The rules as one line; no rule reads as any signed-in caller.
fn show(rules: &[Access]) -> String {
    let entry = |a: &Access| {
        let ops = match a.operations.is_empty() {
            true => EVERY_OP.to_owned(),
            false => a.operations.join(", "),
        };
        let mut who: Vec<String> = Vec::new();
        if a.public {
            who.push(PUBLIC.into());
        }
        who.extend(a.methods.iter().map(spelling));
        who.extend(a.roles.iter().cloned());
        who.extend(a.scopes.iter().cloned());
        who.extend(a.callers.iter().cloned());
        if who.is_empty() {
            who.push(SIGNED_IN.into());
        }
        format!("{ops}: {}", who.join(", "))
    };
    rules.iter().map(entry).collect::<Vec<_>>().join("; ")
}

/// Reads a line against the resource's operations and the model's roles, methods and scopes.
fn read(m: &Model, at: &At, line: &str) -> Result<Vec<Access>, String> {
    let r = resource(m, at);
    let ops: Vec<String> = r
        .operations
        .clone()
        .unwrap_or_else(|| crate::model::Operation::DEFAULTS.to_vec())
        .iter()
        .map(spelling)
        .chain(r.actions.iter().map(|a| a.name.clone()))
        .collect();
    let roles: Vec<&str> = (m.security.authorization.roles.iter())
        .map(|r| r.name.as_str())
        .collect();
    let components: Vec<&str> = (m.services.iter().map(|s| s.name.as_str()))
        .chain(m.clients.iter().map(|c| c.name.as_str()))
        .collect();
    let mut rules = Vec::new();
    for entry in line.split(';').map(str::trim).filter(|e| !e.is_empty()) {
        let Some((names, who)) = entry.split_once(':') else {
            return Err(format!(
                "`{entry}` names no operations: write `all: {entry}` or `get, list: {entry}`"
            ));
        };
        let mut a = Access::default();
        for op in words(names) {
            if op == EVERY_OP {
                continue;
            }
            if !ops.contains(&op) {
                return Err(format!(
                    "`{op}` is not an operation of `{}`; it offers {}",
                    r.name,
                    ops.join(", ")
                ));
            }
            a.operations.push(op);
        }
        for w in words(who) {
            let method = variants::<AuthMethod>()
                .into_iter()
                .find(|(_, n, _)| *n == w);
            match w.as_str() {
                PUBLIC => a.public = true,
                SIGNED_IN => {}
                _ if method.is_some() => a.methods.extend(method.map(|(v, _, _)| v)),
                _ if w.contains(':') => a.scopes.push(w),
                _ if roles.contains(&w.as_str()) => a.roles.push(w),
                _ if components.contains(&w.as_str()) => a.callers.push(w),
                _ => {
                    let known = match roles.is_empty() {
                        true => "no roles are defined (RBAC roles come just before)".to_owned(),
                        false => format!("roles: {}", roles.join(", ")),
                    };
                    return Err(format!(
                        "`{w}` is no caller: use `public`, `signed-in`, a method (`mtls`, \
                         `api-keys`, `oidc`), a scope with `:`, a role, or a service or client \
                         that calls by its own identity; {known}"
                    ));
                }
            }
        }
        let asks = !a.scopes.is_empty() || !a.roles.is_empty() || !a.methods.is_empty();
        if a.public && (asks || !a.callers.is_empty()) {
            return Err(format!(
                "`{entry}`: a public access rule also asks for credentials; drop `public` or \
                 the rest"
            ));
        }
        rules.push(a);
    }
    // Any signed-in caller for everything is what no rule says.
    if rules.len() == 1 && rules[0] == Access::default() {
        rules.clear();
    }
    Ok(rules)
}

/// Comma- or space-separated words.
fn words(s: &str) -> Vec<String> {
    s.split(|c: char| c == ',' || c.is_whitespace())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}
