//! Creates that disclose what a caller may not read: a `409` conflict on create tells the
//! caller an item like theirs exists. For a role that may create the item but not read it
//! (a partner registering a patient), that answer alone discloses the registration.

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

/// Every `409` a create answers to a role that may create the item but neither get nor list it.
pub fn derive(model: &Model) -> Vec<ExistenceLeak> {
    let mut out = Vec::new();
    for (i, s) in model.services.iter().enumerate() {
        for (j, r) in s.api.resources.iter().enumerate() {
            let creators = admitted(r, &["create"]);
            let readers = admitted(r, &["get", "list"]);
            for (k, p) in r.errors.iter().enumerate() {
                let on_create =
                    p.operations.is_empty() || p.operations.iter().any(|o| o == "create");
                if p.status != 409 || !on_create {
                    continue;
                }
                let roles: Vec<String> = creators
                    .iter()
                    .filter(|c| !readers.contains(c))
                    .filter(|c| p.roles.is_empty() || p.roles.iter().any(|x| x == *c))
                    .map(|c| (*c).to_owned())
                    .collect();
                if !roles.is_empty() {
                    out.push(ExistenceLeak {
                        service: s.name.clone(),
                        resource: r.name.clone(),
                        problem: p.name.clone(),
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
}
