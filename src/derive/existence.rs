//! Creates that disclose what a caller may not read: a `409` conflict on create tells the
//! caller an item like theirs exists. For a role that may create the item but not read it
//! (a partner registering a patient), or read only its own (a patient registering), that
//! answer alone discloses someone else's registration.

use crate::model::Model;
use serde::Serialize;

/// One conflict a create answers to roles that may not read the item.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExistenceLeak {
    /// The service.
    pub service: String,
    /// The resource.
    pub resource: String,
    /// The problem's name, e.g. `patient-exists`.
    pub problem: String,
    /// The roles that get it and may not read the item, in the model's order.
    pub roles: Vec<String>,
    /// Of those, the ones that read their own items (every scope a read needs, only as its
    /// `:own` permission): the item the conflict names is another person's.
    pub own_only: Vec<String>,
    /// JSON pointer to the problem in the model.
    pub at: String,
}

/// The roles the access rules of `r` admit to any of `ops`.
fn admitted<'a>(r: &'a crate::model::Resource, ops: &[&str]) -> Vec<&'a str> {
    let mut out: Vec<&str> = Vec::new();
    for a in &r.access {
        let covers =
            a.operations.is_empty() || a.operations.iter().any(|o| ops.contains(&o.as_str()));
        if covers {
            for role in &a.roles {
                if !out.contains(&role.as_str()) {
                    out.push(role);
                }
            }
        }
    }
    out
}

/// Whether problem `p` says the item sent already exists (`patient-exists`, "Already
/// registered", a duplicate).
fn says_exists(p: &crate::model::Problem) -> bool {
    let text = format!("{} {}", p.name, p.title.as_deref().unwrap_or_default()).to_lowercase();
    ["exist", "already", "duplicate"]
        .iter()
        .any(|w| text.contains(w))
}

/// The roles among `readers` that hold each scope the reads of `r` need only as its `:own`
/// permission: they read their own items, not the one a conflict names.
fn own_readers<'a>(model: &Model, r: &crate::model::Resource, readers: &[&'a str]) -> Vec<&'a str> {
    let reads = |a: &&crate::model::Access| {
        a.operations.is_empty() || a.operations.iter().any(|o| o == "get" || o == "list")
    };
    readers
        .iter()
        .copied()
        .filter(|name| {
            let Some(role) = (model.security.authorization.roles.iter()).find(|x| x.name == *name)
            else {
                return false;
            };
            let scopes: Vec<&String> = (r.access.iter().filter(reads))
                .filter(|a| a.roles.is_empty() || a.roles.iter().any(|x| x == name))
                .flat_map(|a| &a.scopes)
                .collect();
            let holds = |p: &str| role.permissions.iter().any(|x| x == p || x == "*");
            !scopes.is_empty()
                && scopes
                    .iter()
                    .all(|s| !holds(s) && holds(&format!("{s}:own")))
        })
        .collect()
}

/// Every `409` a create answers to a role that may create the item but neither get nor list
/// it, or read only its own.
pub fn derive(model: &Model) -> Vec<ExistenceLeak> {
    let mut out = Vec::new();
    for (i, s) in model.services.iter().enumerate() {
        for (j, r) in s.api.resources.iter().enumerate() {
            let creators = admitted(r, &["create"]);
            let all_readers = admitted(r, &["get", "list"]);
            let own = own_readers(model, r, &all_readers);
            let readers: Vec<&str> = (all_readers.iter().copied())
                .filter(|x| !own.contains(x))
                .collect();
            for (k, p) in r.errors.iter().enumerate() {
                let on_create =
                    p.operations.is_empty() || p.operations.iter().any(|o| o == "create");
                if p.status != 409 || !on_create {
                    continue;
                }
                let roles: Vec<String> = creators
                    .iter()
                    .filter(|c| !readers.contains(c))
                    // One who reads its own learns only from a conflict that says the item
                    // exists; another (a slot taken) tells it nothing of anyone.
                    .filter(|c| !own.contains(c) || says_exists(p))
                    .filter(|c| p.roles.is_empty() || p.roles.iter().any(|x| x == *c))
                    .map(|c| (*c).to_owned())
                    .collect();
                if !roles.is_empty() {
                    out.push(ExistenceLeak {
                        service: s.name.clone(),
                        resource: r.name.clone(),
                        problem: p.name.clone(),
                        own_only: (roles.iter())
                            .filter(|x| own.contains(&x.as_str()))
                            .cloned()
                            .collect(),
                        roles,
                        at: format!("/services/{i}/api/resources/{j}/errors/{k}"),
                    });
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leaks(problem: &str) -> Vec<ExistenceLeak> {
        let yaml = format!(
            "version: 1\nname: t\nrequirements: {{domain: d}}\nsecurity:\n  authorization: {{model: rbac, roles: [{{name: desk}}, {{name: partner}}]}}\nservices:\n  - name: patients\n    responsibility: r\n    api:\n      resources:\n        - name: Patient\n          fields: [{{name: name, type: string}}]\n          operations: [get, create]\n          access:\n            - {{operations: [create], roles: [desk, partner]}}\n            - {{operations: [get], roles: [desk]}}\n          errors:\n            - {problem}\n"
        );
        derive(&serde_yaml::from_str(&yaml).unwrap())
    }

    #[test]
    fn a_conflict_on_create_for_a_role_that_may_not_read_discloses_the_item() {
        let found = leaks("{name: patient-exists, status: 409}");
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].roles, ["partner"]);
        assert_eq!(found[0].at, "/services/0/api/resources/0/errors/0");
        // Answered only to the desk, which reads patients anyway.
        assert!(leaks("{name: patient-exists, status: 409, roles: [desk]}").is_empty());
        // Not a create's conflict.
        assert!(leaks("{name: too-late, status: 409, operations: [get]}").is_empty());
    }

    #[test]
    fn a_conflict_on_create_for_a_role_that_reads_only_its_own_discloses_another_persons() {
        let yaml = "version: 1\nname: t\nrequirements: {domain: d}\nsecurity:\n  authorization: {model: rbac, roles: [{name: desk, permissions: [patients:read]}, {name: patient, permissions: [\"patients:read:own\"]}]}\nservices:\n  - name: patients\n    responsibility: r\n    api:\n      resources:\n        - name: Patient\n          fields: [{name: name, type: string}]\n          operations: [get, create]\n          access:\n            - {operations: [create], roles: [desk, patient]}\n            - {operations: [get], scopes: [patients:read], roles: [desk, patient]}\n          errors:\n            - {name: patient-exists, status: 409}\n";
        let found = derive(&serde_yaml::from_str(yaml).unwrap());
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(
            (found[0].roles.clone(), found[0].own_only.clone()),
            (vec!["patient".to_owned()], vec!["patient".to_owned()])
        );
        // A conflict that says nothing of an existing item tells it nothing of anyone.
        let taken = yaml.replace("patient-exists", "slot-taken");
        assert!(derive(&serde_yaml::from_str(&taken).unwrap()).is_empty());
        // A patient who may read every patient learns nothing new.
        let wide = yaml.replace("\"patients:read:own\"", "patients:read");
        assert!(derive(&serde_yaml::from_str(&wide).unwrap()).is_empty());
    }
}
