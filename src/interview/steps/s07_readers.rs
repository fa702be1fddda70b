//! Step 7, per resource, after who may call it: which fields only some roles read
//! (`read_by`), and for each such field which roles. Asked only where two or more roles read
//! the resource's items; a write-only field, which no one reads back, is never offered.

use super::prelude::*;
use super::s07_access::{places, resource};
use crate::interview::flow::Node;
use crate::model::{Access, Field, Operation};

/// The question on the resource's fields, then one on each field chosen.
pub(super) fn nodes() -> Vec<Node> {
    nodes![
        pick_many(
            "access.read_by",
            "Which fields may only some roles read?",
            field_options
        )
        .help("e.g. a payment's `client_secret` only its customer sees; others get the rest.")
        .value(Lens::new(restricted, restrict))
        .when(|m, at| readers(m, at).len() > 1 && !readable(m, at).is_empty()),
        each(
            "access.read_by.fields",
            |m, at| resource(m, at).fields.len(),
            |m, at| {
                let f = &resource(m, at).fields[at[1]];
                let shown = !f.write_only && !f.read_by.is_empty() && readers(m, at).len() > 1;
                shown.then(|| format!("`{}` of {}", f.name, resource(m, at).name))
            }
        )
        .ask(nodes![
            pick_many(
                "access.read_by.roles",
                "Which roles may read it?",
                role_options
            )
            .help("Every role ticked gets the field in its responses; no tick: every reader.")
            .value(Lens::new(
                |m, at| resource(m, at).fields[at[1]].read_by.clone(),
                |m, at, v| field_mut(m, at).read_by = v
            )),
        ]),
    ]
}

/// The fields offered, each with its type.
fn field_options(m: &Model, at: &At) -> Vec<(String, String)> {
    let fields = readable(m, at).into_iter();
    fields.map(|f| (f.name.clone(), spelling(&f.ty))).collect()
}

/// The resource's fields clients read back: not the write-only ones.
fn readable<'a>(m: &'a Model, at: &At) -> Vec<&'a Field> {
    let fields = resource(m, at).fields.iter();
    fields.filter(|f| !f.write_only).collect()
}

/// The fields only some roles read.
fn restricted(m: &Model, at: &At) -> Vec<String> {
    let fields = readable(m, at)
        .into_iter()
        .filter(|f| !f.read_by.is_empty());
    fields.map(|f| f.name.clone()).collect()
}

/// Restricts the fields named in `names`: one newly chosen starts with every role that reads
/// the item (the next question narrows it); the others are read by every caller again.
fn restrict(m: &mut Model, at: &At, names: Vec<String>) {
    let every = readers(m, at);
    let (i, j) = places(m)[at[0]];
    for f in &mut m.services[i].api.resources[j].fields {
        if !names.contains(&f.name) {
            f.read_by.clear();
        } else if f.read_by.is_empty() {
            f.read_by = every.clone();
        }
    }
}

fn field_mut<'a>(m: &'a mut Model, at: &At) -> &'a mut Field {
    let (i, j) = places(m)[at[0]];
    &mut m.services[i].api.resources[j].fields[at[1]]
}

/// The roles offered for a field: those that read the item, and any it already names.
fn role_options(m: &Model, at: &At) -> Vec<(String, String)> {
    let mut roles = readers(m, at);
    for r in &resource(m, at).fields[at[1]].read_by {
        if !roles.contains(r) {
            roles.push(r.clone());
        }
    }
    roles.into_iter().map(|r| (r, String::new())).collect()
}

/// The roles allowed to read the resource's items (its `get`, or its `list` when it has no
/// `get`), in the model's order: every role where a rule admits any signed-in caller or the
/// public, else the roles the rules name. Service accounts and scopes name no role.
pub(super) fn readers(m: &Model, at: &At) -> Vec<String> {
    let r = resource(m, at);
    let ops = r.operations.clone().unwrap_or(Operation::DEFAULTS.to_vec());
    let read = match ops.contains(&Operation::Get) {
        true => spelling(&Operation::Get),
        false => spelling(&Operation::List),
    };
    let rules: Vec<&Access> = (r.access.iter())
        .filter(|a| a.operations.is_empty() || a.operations.contains(&read))
        .collect();
    let anyone = |a: &&Access| {
        a.public || (a.roles.is_empty() && a.methods.is_empty() && a.scopes.is_empty())
    };
    let roles = m.security.authorization.roles.iter().map(|x| &x.name);
    let every = rules.is_empty() || rules.iter().any(anyone);
    roles
        .filter(|x| every || rules.iter().any(|a| a.roles.contains(x)))
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHOP: &str = "
version: 1
name: Shop
requirements:
  domain: retail
services:
  - name: orders
    responsibility: Takes orders.
    api:
      resources:
        - name: Order
          access: [{operations: [get], roles: [support]}, {operations: [list], public: true}]
          fields:
            - {name: total, type: money}
            - {name: card_number, type: string, write_only: true}
security:
  authorization:
    model: rbac
    roles:
      - {name: customer, permissions: ['orders:read:own']}
      - {name: support, permissions: ['orders:read']}
      - {name: auditor, permissions: ['orders:read']}
";

    fn shop(yaml: &str) -> Model {
        crate::load::parse_shape(yaml, "archgen.yaml").unwrap()
    }

    #[test]
    fn a_write_only_field_is_never_offered() {
        let m = shop(SHOP);
        let offered: Vec<String> = field_options(&m, &vec![0])
            .into_iter()
            .map(|o| o.0)
            .collect();
        assert_eq!(offered, ["total"]);
    }

    #[test]
    fn the_readers_are_the_roles_the_get_rules_admit() {
        // `get` names one role: one reader, so nothing is asked.
        assert_eq!(readers(&shop(SHOP), &vec![0]), ["support"]);
        // Any signed-in caller (no rule on `get`) or the public: every role, in model order.
        let open = SHOP.replace("[{operations: [get], roles: [support]}, ", "[");
        assert_eq!(
            readers(&shop(&open), &vec![0]),
            ["customer", "support", "auditor"]
        );
        let mtls = SHOP.replace("roles: [support]}", "methods: [mtls]}");
        assert!(readers(&shop(&mtls), &vec![0]).is_empty());
    }

    #[test]
    fn a_field_chosen_starts_with_every_reader_and_one_left_out_is_read_by_all() {
        let open = SHOP.replace("[{operations: [get], roles: [support]}, ", "[");
        let mut m = shop(&open);
        restrict(&mut m, &vec![0], vec!["total".into()]);
        let f = &m.services[0].api.resources[0].fields[0];
        assert_eq!(f.read_by, ["customer", "support", "auditor"]);
        restrict(&mut m, &vec![0], vec![]);
        assert!(m.services[0].api.resources[0].fields[0].read_by.is_empty());
    }
}
