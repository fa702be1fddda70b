//! Where an erasure reaches beyond the model's own rows: the external systems a holder sends
//! data to (processors, each under its agreement), the audit log (kept for its retention as
//! the record of who did what), and each holder's backups (a restore brings erased people
//! back unless the erasures are applied again).

use super::erasure::{Holder, holder};
use crate::model::Model;

/// Each external system a holder of personal data calls: a processor of what it is sent, or,
/// where a team of the organisation runs it (`team`), an in-house system that team erases in.
pub(super) fn processors(model: &Model, holders: &[Holder]) -> Vec<Holder> {
    let holds = |name: &str| {
        holders
            .iter()
            .any(|h| matches!(h.kind, "owner" | "copy") && h.name == name)
    };
    let mut out = Vec::new();
    for (i, e) in model.externals.iter().enumerate() {
        let mut callers: Vec<&str> = model
            .communication
            .links
            .iter()
            .filter(|l| l.to == e.name && holds(&l.from))
            .map(|l| l.from.as_str())
            .collect();
        callers.dedup();
        if callers.is_empty() || holders.iter().any(|h| h.name == e.name) {
            continue;
        }
        out.push(Holder {
            at: format!("/externals/{i}"),
            erased_by: callers.iter().map(|c| (*c).to_owned()).collect(),
            team: e.team.clone(),
            ..holder(
                if e.team.is_some() {
                    "in-house"
                } else {
                    "processor"
                },
                &e.name,
                vec![format!(
                    "what {} sends it",
                    crate::text::english::and_list(&callers)
                )],
            )
        });
    }
    out
}

/// The audit log, when the model keeps one and anything personal is held: its records name
/// the people who acted and those acted on.
pub(super) fn audit(model: &Model, holders: &[Holder]) -> Option<Holder> {
    let a = model.security.audit.as_ref()?;
    if !holders.iter().any(|h| h.kind == "owner") {
        return None;
    }
    Some(Holder {
        at: "/security/audit".to_owned(),
        retention_hours: a.retention_days.map(|d| d.saturating_mul(24)),
        // Where it is kept, in the place a cache names its service.
        cache_of: a.store.clone(),
        ..holder("audit", "the audit log", a.records.clone())
    })
}

/// The backups of each service that owns or copies personal data and keeps a store.
pub(super) fn backups(model: &Model, holders: &[Holder]) -> Vec<Holder> {
    let with_data = holders
        .iter()
        .filter(|h| matches!(h.kind, "owner" | "copy"));
    let recovery = crate::derive::failures::stores(model);
    with_data
        .filter_map(|h| {
            let (i, s) = model
                .services
                .iter()
                .enumerate()
                .find(|(_, s)| s.name == h.name)?;
            let stores: Vec<&str> = s.data.iter().map(|d| d.name.as_str()).collect();
            // The longest any of its stores keeps backups.
            let kept = (recovery.iter())
                .filter(|r| r.service == s.name)
                .filter_map(|r| r.retention_days)
                .max();
            (!stores.is_empty()).then(|| Holder {
                at: format!("/services/{i}/data"),
                retention_hours: kept.map(|d| d * 24),
                ..holder(
                    "backup",
                    &format!("backups of {}", crate::text::english::and_list(&stores)),
                    vec![format!("what {} holds, as of each restore point", s.name)],
                )
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn processors_the_audit_log_and_backups_are_reached_and_an_owner_id_is_personal() {
        let yaml = "version: 1\nname: t\nrequirements: {domain: d, compliance: [GDPR]}\nexternals: [{name: Stripe}, {name: Maps}]\nservices:\n  - name: payments\n    responsibility: r\n    data: [{name: ledger, store: PostgreSQL}]\n    api: {resources: [{name: Payment, owner: customer_id, fields: [{name: customer_id, type: uuid}, {name: amount, type: money}]}]}\n  - {name: routes, responsibility: r}\ncommunication:\n  links: [{from: payments, to: Stripe}, {from: routes, to: Maps}]\nsecurity:\n  audit: {records: [every refund and who made it], retention_days: 365}\n".replace("compliance: [GDPR]}", "compliance: [GDPR], recovery: {retention_days: 14}}");
        let model = crate::load::parse(&yaml, "archgen.yaml").unwrap_or_else(|e| panic!("{e:?}"));
        let e = crate::view::build(&model).erasure;
        let rows: Vec<(&str, &str, String)> = e
            .holders
            .iter()
            .map(|h| (h.kind, h.name.as_str(), h.holds.join("; ")))
            .collect();
        // Maps is called by a service that holds nothing personal: not a processor of it.
        assert_eq!(
            rows,
            [
                (
                    "owner",
                    "payments",
                    "Payment: customer_id (its owner)".to_owned()
                ),
                ("processor", "Stripe", "what payments sends it".to_owned()),
                (
                    "audit",
                    "the audit log",
                    "every refund and who made it".to_owned()
                ),
                (
                    "backup",
                    "backups of ledger",
                    "what payments holds, as of each restore point".to_owned()
                ),
            ]
        );
        assert_eq!(e.holders[1].erased_by, ["payments"]);
        assert_eq!(e.holders[2].retention_hours, Some(365 * 24));
        // The backups keep an erased person for as long as they are kept.
        assert_eq!(e.holders[3].retention_hours, Some(14 * 24));
        // Run by a team of the organisation, it is no processor: that team erases in it.
        let own = yaml.replace("{name: Stripe}", "{name: Stripe, team: billing}");
        let model = crate::load::parse(&own, "archgen.yaml").unwrap_or_else(|e| panic!("{e:?}"));
        let e = crate::view::build(&model).erasure;
        assert_eq!(
            (e.holders[1].kind, e.holders[1].team.as_deref()),
            ("in-house", Some("billing"))
        );
    }
}
