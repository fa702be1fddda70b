//! Steps 7 and 8 and the migration: caches, jobs, authentication, rate limits, roles and
//! migration phases that name what exists.

use super::names::{event_names, unique_names};
use super::{Issues, fields};
use crate::model::{AccessModel, Model, ServiceKind};

pub(super) fn check(model: &Model, issues: &mut Issues) {
    let services: Vec<&str> = model.services.iter().map(|s| s.name.as_str()).collect();
    performance(model, &services, issues);
    security(model, &services, issues);
    migration(model, &services, issues);
}

/// Caches and jobs: unique names, owned by services that exist, invalidated by published
/// events.
fn performance(model: &Model, services: &[&str], issues: &mut Issues) {
    let published = event_names(model);
    let p = &model.performance;
    unique_names(
        p.caches
            .iter()
            .enumerate()
            .map(|(i, c)| (format!("/performance/caches/{i}/name"), c.name.as_str())),
        "cache",
        issues,
    );
    for (i, c) in p.caches.iter().enumerate() {
        let cp = format!("/performance/caches/{i}");
        issues.check(
            format!("{cp}/service"),
            &format!("cache `{}`: service", c.name),
            fields::reference(&c.service, services.iter().copied(), "service"),
        );
        issues.check(
            format!("{cp}/holds"),
            &format!("cache `{}`: `holds`", c.name),
            fields::non_blank(&c.holds),
        );
        for (j, e) in c.invalidated_by.iter().enumerate() {
            issues.check(
                format!("{cp}/invalidated_by/{j}"),
                &format!("cache `{}` is invalidated by", c.name),
                fields::reference(e, published.iter().copied(), "published event"),
            );
        }
        let parts = c.key_parts();
        for (j, o) in c.overlaps.iter().enumerate() {
            issues.check(
                format!("{cp}/overlaps/{j}"),
                &format!("cache `{}` overlaps across", c.name),
                fields::reference(o, parts.iter().map(String::as_str), "part of its key"),
            );
        }
        if let Some(r) = &c.resource {
            let of_service = model.services.iter().find(|s| s.name == c.service);
            let names = of_service
                .into_iter()
                .flat_map(|s| s.api.resources.iter().map(|r| r.name.as_str()));
            issues.check(
                format!("{cp}/resource"),
                &format!("cache `{}`: `resource`", c.name),
                fields::reference(r, names, "resource of its service"),
            );
        }
        let writes = writes_of(model, &c.service);
        for (j, w) in c.updated_by.iter().enumerate() {
            issues.check(
                format!("{cp}/updated_by/{j}"),
                &format!("cache `{}` is updated by", c.name),
                fields::reference(w, writes.iter().map(String::as_str), "write of its service"),
            );
        }
    }
    unique_names(
        p.jobs
            .iter()
            .enumerate()
            .map(|(i, j)| (format!("/performance/jobs/{i}/name"), j.name.as_str())),
        "job",
        issues,
    );
    for (i, j) in p.jobs.iter().enumerate() {
        issues.check(
            format!("/performance/jobs/{i}/service"),
            &format!("job `{}`: service", j.name),
            fields::reference(&j.service, services.iter().copied(), "service"),
        );
    }
}

/// Authentication clients and rate limits that name what exists; roles and policies that
/// match the access model.
fn security(model: &Model, services: &[&str], issues: &mut Issues) {
    let clients: Vec<&str> = model.clients.iter().map(|s| s.name.as_str()).collect();
    let sec = &model.security;
    for (i, a) in sec.authentication.iter().enumerate() {
        for (j, c) in a.clients.iter().enumerate() {
            issues.check(
                format!("/security/authentication/{i}/clients/{j}"),
                "authentication client",
                fields::reference(c, clients.iter().copied(), "client"),
            );
        }
        // A vendor's service keeps its own backups: only a provider the team runs has one.
        if a.backed_up.is_some() && !crate::derive::identity::self_hosted(a).0 {
            issues.push(
                format!("/security/authentication/{i}/backed_up"),
                format!(
                    "authentication `{}` states `backed_up`, but the team does not run it: its vendor backs it up",
                    a.provider.as_deref().unwrap_or("(no provider)")
                ),
                Some("remove `backed_up`, or set `self_hosted: true` if the team runs it".into()),
            );
        }
    }
    for (i, r) in sec.rate_limits.iter().enumerate() {
        for (j, c) in r.clients.iter().enumerate() {
            issues.check(
                format!("/security/rate_limits/{i}/clients/{j}"),
                "rate limit client",
                fields::reference(c, clients.iter().copied(), "client"),
            );
        }
        if let Some(by) = &r.enforced_by {
            issues.check(
                format!("/security/rate_limits/{i}/enforced_by"),
                "rate limit `enforced_by`:",
                fields::reference(by, services.iter().copied(), "service"),
            );
        }
    }
    let authz = &sec.authorization;
    if !authz.roles.is_empty() && authz.model != Some(AccessModel::Rbac) {
        issues.push(
            "/security/authorization/roles".into(),
            "roles are listed but the access model is not `rbac`".into(),
            Some("set `model: rbac`, or remove the roles".into()),
        );
    }
    // Policies are the whole model under ABAC (and ReBAC's relations), and beside RBAC the
    // attribute rules that narrow a role.
    if !authz.policies.is_empty() && authz.model.is_none() {
        issues.push(
            "/security/authorization/policies".into(),
            "policies are listed but no access model is chosen".into(),
            Some(
                "set `model: abac` (or `rbac`, with the policies narrowing the roles), or remove the policies"
                    .into(),
            ),
        );
    }
    unique_names(
        authz.roles.iter().enumerate().map(|(i, r)| {
            (
                format!("/security/authorization/roles/{i}/name"),
                r.name.as_str(),
            )
        }),
        "role",
        issues,
    );
}

/// A migration from a legacy service, in phases of services that exist.
fn migration(model: &Model, services: &[&str], issues: &mut Issues) {
    if let Some(m) = &model.migration {
        let legacy: Vec<&str> = model
            .services
            .iter()
            .filter(|s| s.kind == ServiceKind::Legacy)
            .map(|s| s.name.as_str())
            .collect();
        issues.check(
            "/migration/from".into(),
            "migration `from`:",
            fields::reference(
                &m.from,
                legacy.iter().copied(),
                "legacy service (kind `legacy`)",
            ),
        );
        for (i, ph) in m.phases.iter().enumerate() {
            for (j, s) in ph.services.iter().enumerate() {
                issues.check(
                    format!("/migration/phases/{i}/services/{j}"),
                    &format!("migration phase `{}`:", ph.name),
                    fields::reference(s, services.iter().copied(), "service"),
                );
            }
        }
    }
}

/// The writes `service` offers that a cache's `updated_by` may name: its actions (`cancel`)
/// and its create, update and delete operations with their resource (`update InboxItem`).
fn writes_of(model: &crate::model::Model, service: &str) -> Vec<String> {
    use crate::model::Operation;
    let Some(s) = model.services.iter().find(|s| s.name == service) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for r in &s.api.resources {
        let ops = r.operations.clone().unwrap_or(Operation::DEFAULTS.to_vec());
        for op in ops {
            if matches!(
                op,
                Operation::Create | Operation::Update | Operation::Delete
            ) {
                out.push(format!("{} {}", crate::text::word(op), r.name));
            }
        }
        out.extend(r.actions.iter().map(|a| a.name.clone()));
    }
    out
}
