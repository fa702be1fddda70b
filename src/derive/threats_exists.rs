//! A create whose conflict answer says an item like the one sent exists, given to a role that
//! may not read it or reads only its own ([`crate::derive::existence`]): the answer tells the
//! caller what it may not read (whether a person is registered here), which the
//! information-disclosure row of each flow calling that create names.

use super::public::kinds;
use super::{Threat, add, list};
use crate::model::{Flow, Model};

/// `t` with each such answer flow `f`'s creates give: the call, the problem and the roles.
pub(super) fn disclosed(model: &Model, f: &Flow, mut t: Threat) -> Threat {
    let leaks = crate::derive::existence::derive(model);
    let mut seen: Vec<usize> = Vec::new();
    for w in f.walk() {
        let s = w.step;
        let mut words = s.action.split_whitespace();
        let (Some(method), Some(path)) = (words.next(), words.next()) else {
            continue;
        };
        for (i, l) in leaks.iter().enumerate() {
            let creates = (model.services.iter())
                .filter(|x| x.name == s.to && x.name == l.service)
                .flat_map(|x| &x.api.resources)
                .any(|r| {
                    r.name == l.resource && kinds(method, path, r).iter().any(|k| k == "create")
                });
            if !creates || seen.contains(&i) {
                continue;
            }
            seen.push(i);
            let item = crate::text::english::with_article(&l.resource.to_lowercase());
            let exposure = format!(
                "{method} {path} answers role {} with 409 {} when {item} like the one sent exists.",
                list(&l.roles),
                l.problem,
            );
            let others: Vec<String> = (l.roles.iter())
                .filter(|r| !l.own_only.contains(r))
                .cloned()
                .collect();
            let roles = |names: &[String]| {
                let word = if names.len() == 1 { "role" } else { "roles" };
                format!("{word} {}", list(names))
            };
            let mut why = Vec::new();
            if !l.own_only.is_empty() {
                let whose = if l.own_only.len() == 1 {
                    "its"
                } else {
                    "their"
                };
                why.push(format!("{} may read only {whose} own", roles(&l.own_only)));
            }
            if !others.is_empty() {
                why.push(format!("{} may not read one at all", roles(&others)));
            }
            let gap = format!(
                "{}, yet this answer tells whoever sends another person's details that they are registered here: answer the same whether or not one exists (accept it and merge the duplicate later), or only once the caller proves the details are theirs.",
                why.join(", and ").replacen("role", "Role", 1)
            );
            add(&mut t, &exposure, gap);
        }
    }
    t
}

#[cfg(test)]
mod tests {
    use crate::model::Model;

    fn model(roles_of_problem: &str, self_read: &str) -> Model {
        let yaml = format!(
            "version: 1\nname: t\nrequirements: {{domain: d}}\nclients: [{{name: web, kind: web}}]\n\
             services:\n  - name: patients\n    responsibility: r\n    api:\n      resources:\n        \
             - name: Patient\n          fields: [{{name: email, type: email}}]\n          \
             access:\n            - {{operations: [create], scopes: [patients:register], roles: [member, desk]}}\n            \
             - {{operations: [get, list], scopes: [patients:read], roles: [member, desk]}}\n          \
             errors: [{{name: patient-exists, status: 409, title: Already registered, operations: [create]{roles_of_problem}}}]\n\
             communication:\n  flows:\n    - name: Sign up\n      steps:\n        \
             - {{from: web, to: patients, action: POST /patients}}\n\
             security:\n  authorization:\n    roles:\n      \
             - {{name: member, permissions: [patients:register, {self_read}]}}\n      \
             - {{name: desk, permissions: [patients:read, patients:register]}}\n"
        );
        serde_yaml::from_str(&yaml).unwrap()
    }

    fn disclosure(m: &Model) -> super::Threat {
        let threats = super::super::flows(m);
        (threats[0].threats.iter())
            .find(|t| t.category == "Information disclosure")
            .unwrap()
            .clone()
    }

    #[test]
    fn an_exists_answer_to_a_role_that_reads_only_its_own_is_a_disclosure() {
        let t = disclosure(&model("", "patients:read:own"));
        assert!(
            t.exposure.contains(
                "POST /patients answers role member with 409 patient-exists when a patient like the one sent exists."
            ),
            "{}",
            t.exposure
        );
        assert!(
            t.gap.contains("Role member may read only its own, yet this answer tells whoever sends another person's details that they are registered here"),
            "{}",
            t.gap
        );
        assert!(!t.gap.contains("desk"), "{}", t.gap);
    }

    #[test]
    fn an_exists_answer_only_to_roles_that_read_every_record_discloses_nothing() {
        let t = disclosure(&model(", roles: [desk]", "patients:read:own"));
        assert!(!t.exposure.contains("409"), "{}", t.exposure);
        // A role reading every patient learns nothing new from the answer.
        let t = disclosure(&model("", "patients:read"));
        assert!(!t.exposure.contains("409"), "{}", t.exposure);
    }
}
