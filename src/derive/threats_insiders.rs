//! The insiders' threat: a role whose permissions reach every record of a kind rather than its
//! holder's own (`orders:read` beside a customer's `orders:read:own`). No ownership check
//! stops its misuse (curiosity, a bribe, a stolen staff session); the audit log is what
//! answers it, so each such role is held against the audit records that name it.

use crate::model::Model;
use serde::Serialize;

/// A role that reaches every record of the scopes it holds.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Insider {
    /// The role.
    pub role: String,
    /// Who holds it (the role's description).
    pub held_by: String,
    /// Its permissions that are not limited to the holder's own records.
    pub reaches: Vec<String>,
    /// The attribute rules (`policies`) that narrow it, e.g. `own-clinic`.
    pub narrowed_by: Vec<String>,
    /// The audit records that name it (by the role's words, e.g. `support agent`).
    pub audited: Vec<String>,
    /// The audit log's retention in days, when stated.
    pub retention_days: Option<u32>,
}

/// Each role with a permission not limited to `:own`, when another role holds the same scope
/// as `:own` (so the records belong to people, and the wider role reaches all of them).
pub fn insiders(model: &Model) -> Vec<Insider> {
    let roles = &model.security.authorization.roles;
    let owned: Vec<&str> = roles
        .iter()
        .flat_map(|r| &r.permissions)
        .filter_map(|p| p.strip_suffix(":own"))
        .collect();
    let audit = model.security.audit.as_ref();
    roles
        .iter()
        .filter_map(|r| {
            let reaches: Vec<String> = r
                .permissions
                .iter()
                .filter(|p| owned.contains(&p.as_str()))
                .cloned()
                .collect();
            if reaches.is_empty() {
                return None;
            }
            let audited = audit
                .map(|a| {
                    let named = a.records.iter().filter(|x| names(x, r));
                    named.cloned().collect()
                })
                .unwrap_or_default();
            let policies = &model.security.authorization.policies;
            let narrowed = policies.iter().filter(|p| p.roles.contains(&r.name));
            Some(Insider {
                role: r.name.clone(),
                held_by: r.description.clone(),
                narrowed_by: narrowed.map(|p| p.name.clone()).collect(),
                reaches,
                audited,
                retention_days: audit.and_then(|a| a.retention_days),
            })
        })
        .collect()
}

/// Whether an audit record covers what role `r` does: it names the role (`support agent`),
/// or says `staff` of a role that is not a partner's system.
fn names(record: &str, r: &crate::model::Role) -> bool {
    let record = record.to_lowercase();
    let words = r.name.replace(['-', '_'], " ").to_lowercase();
    let partner = format!("{} {}", r.name, r.description)
        .to_lowercase()
        .contains("partner");
    record.contains(&words)
        || record.contains(&r.name.to_lowercase())
        || (!partner && record.contains("staff"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model(audit: &str) -> Model {
        let yaml = format!(
            "version: 1\nname: t\nrequirements: {{domain: d}}\nservices: [{{name: a, responsibility: r}}]\nsecurity:\n  authorization:\n    roles:\n      - {{name: customer, description: A shopper, permissions: [orders:read:own]}}\n      - {{name: support-agent, description: Customer support, permissions: [orders:read, refunds:write]}}\n{audit}"
        );
        serde_yaml::from_str(&yaml).unwrap()
    }

    #[test]
    fn a_role_reaching_what_others_hold_as_own_is_held_against_the_audit_log() {
        let bare = insiders(&model(""));
        assert_eq!(bare.len(), 1);
        assert_eq!(bare[0].role, "support-agent");
        // refunds:write is nobody's own: only orders:read reaches other people's records.
        assert_eq!(bare[0].reaches, ["orders:read"]);
        assert!(bare[0].audited.is_empty());
        let audited = insiders(&model(
            "  audit: {records: [\"every support agent's read of an order\", every refund], retention_days: 365}\n",
        ));
        assert_eq!(
            audited[0].audited,
            ["every support agent's read of an order"]
        );
        assert_eq!(audited[0].retention_days, Some(365));
        let staff = insiders(&model("  audit: {records: [staff reads of an order]}\n"));
        assert_eq!(staff[0].audited, ["staff reads of an order"]);
    }
}
