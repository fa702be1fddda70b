//! Technical values that land verbatim in contracts and examples (URLs, headers, paths,
//! topics, hosts): one line each, without control characters.

use super::{Issues, fields};
use crate::model::Model;

pub(super) fn check(model: &Model, issues: &mut Issues) {
    components(model, issues);
    resilience(model, issues);
    security_and_performance(model, issues);
}

/// The values of services, brokers and externals, and the team an in-house external names.
fn components(model: &Model, issues: &mut Issues) {
    let mut line = |pointer: String, what: &str, value: Option<&str>| {
        if let Some(v) = value {
            issues.check(pointer, what, fields::single_line(v));
        }
    };
    for (i, s) in model.services.iter().enumerate() {
        line(
            format!("/services/{i}/api/base_url"),
            "`api.base_url`",
            s.api.base_url.as_deref(),
        );
        line(
            format!("/services/{i}/api/version"),
            "`api.version`",
            s.api.version.as_deref(),
        );
        for (j, e) in s.publishes.iter().enumerate() {
            line(
                format!("/services/{i}/publishes/{j}/topic"),
                "an event's `topic`",
                e.topic.as_deref(),
            );
        }
    }
    for (i, b) in model.communication.brokers.iter().enumerate() {
        line(
            format!("/communication/brokers/{i}/host"),
            "a broker's `host`",
            b.host.as_deref(),
        );
    }
    for (i, e) in model.externals.iter().enumerate() {
        line(
            format!("/externals/{i}/idempotency_header"),
            "an external's `idempotency_header`",
            e.idempotency_header.as_deref(),
        );
        line(
            format!("/externals/{i}/credential"),
            "an external's `credential`",
            e.credential.as_deref(),
        );
    }
    for (i, e) in model.externals.iter().enumerate() {
        if e.team.as_deref().is_some_and(|t| t.trim().is_empty()) {
            issues.push(
                format!("/externals/{i}/team"),
                format!("external `{}`: `team` is empty", e.name),
                Some(
                    "name the team of yours that runs it, or remove `team` for a third party"
                        .into(),
                ),
            );
        }
        if e.credential.as_deref().is_some_and(|c| c.trim().is_empty()) {
            issues.push(
                format!("/externals/{i}/credential"),
                format!("external `{}`: `credential` is empty", e.name),
                Some(
                    "say what your services present when they call it, or remove `credential`"
                        .into(),
                ),
            );
        }
    }
}

/// The resilience settings written as text.
fn resilience(model: &Model, issues: &mut Issues) {
    let mut line = |pointer: String, what: &str, value: Option<&str>| {
        if let Some(v) = value {
            issues.check(pointer, what, fields::single_line(v));
        }
    };
    let r = &model.resilience;
    line(
        "/resilience/idempotency/header".into(),
        "`idempotency.header`",
        r.idempotency.header.as_deref(),
    );
    line(
        "/resilience/health/liveness".into(),
        "`health.liveness`",
        r.health.liveness.as_deref(),
    );
    line(
        "/resilience/health/readiness".into(),
        "`health.readiness`",
        r.health.readiness.as_deref(),
    );
    line(
        "/resilience/health/startup".into(),
        "`health.startup`",
        r.health.startup.as_deref(),
    );
    line(
        "/observability/logging/correlation_header".into(),
        "`logging.correlation_header`",
        model.observability.logging.correlation_header.as_deref(),
    );
}

/// Authentication providers, caches and jobs.
fn security_and_performance(model: &Model, issues: &mut Issues) {
    let mut line = |pointer: String, what: &str, value: Option<&str>| {
        if let Some(v) = value {
            issues.check(pointer, what, fields::single_line(v));
        }
    };
    for (i, a) in model.security.authentication.iter().enumerate() {
        line(
            format!("/security/authentication/{i}/issuer"),
            "`issuer`",
            a.issuer.as_deref(),
        );
        for (j, s) in a.scopes.iter().enumerate() {
            line(
                format!("/security/authentication/{i}/scopes/{j}/name"),
                "a scope's `name`",
                Some(&s.name),
            );
        }
    }
    for (i, c) in model.performance.caches.iter().enumerate() {
        line(
            format!("/performance/caches/{i}/key"),
            "a cache `key`",
            c.key.as_deref(),
        );
    }
    for (i, j) in model.performance.jobs.iter().enumerate() {
        line(
            format!("/performance/jobs/{i}/schedule"),
            "a job's `schedule`",
            j.schedule.as_deref(),
        );
    }
}
