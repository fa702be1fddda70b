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
    }
    for (i, r) in sec.rate_limits.iter().enumerate() {
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
    if !authz.policies.is_empty() && authz.model != Some(AccessModel::Abac) {
        issues.push(
            "/security/authorization/policies".into(),
            "policies are listed but the access model is not `abac`".into(),
            Some("set `model: abac`, or remove the policies".into()),
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
