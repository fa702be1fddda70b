//! Numbers in a model: percentages, fractions, counts and orderings that must make sense.

use super::{Issues, fields};
use crate::model::Model;

pub(super) fn check(model: &Model, issues: &mut Issues) {
    targets(model, issues);
    resilience(model, issues);
    operations(model, issues);
    stores(model, issues);
}

/// Stores' p99s and how long backups are kept: none may be 0.
fn stores(model: &Model, issues: &mut Issues) {
    let mut zero = |at: String, what: String, fix: &str| {
        issues.push(at, what, Some(fix.into()));
    };
    if model.requirements.recovery.retention_days == Some(0) {
        zero(
            "/requirements/recovery/retention_days".into(),
            "backups kept for 0 days".into(),
            "keep them at least a day, or leave `retention_days` out while undecided",
        );
    }
    for (i, s) in model.services.iter().enumerate() {
        for (j, d) in s.data.iter().enumerate() {
            let at = format!("/services/{i}/data/{j}");
            if d.latency_p99_ms == Some(0) {
                zero(
                    format!("{at}/latency_p99_ms"),
                    format!("store `{}` has a p99 of 0 ms", d.name),
                    "state its p99 in milliseconds, at least 1, or leave it out to assume one",
                );
            }
            if d.recovery.as_ref().and_then(|r| r.retention_days) == Some(0) {
                zero(
                    format!("{at}/recovery/retention_days"),
                    format!("store `{}` keeps its backups 0 days", d.name),
                    "keep them at least a day, or leave `retention_days` out",
                );
            }
        }
    }
    for (i, c) in model.performance.caches.iter().enumerate() {
        if c.latency_p99_ms == Some(0) {
            zero(
                format!("/performance/caches/{i}/latency_p99_ms"),
                format!("cache `{}` has a p99 of 0 ms", c.name),
                "state its p99 in milliseconds, at least 1, or leave it out to assume one",
            );
        }
    }
}

/// Availability and latency targets: percentages, and a p50 no slower than the p99.
fn targets(model: &Model, issues: &mut Issues) {
    let r = &model.requirements;
    if let Some(a) = r.availability {
        issues.check(
            "/requirements/availability".into(),
            "`requirements.availability`",
            fields::percent(a),
        );
    }
    capacity_inputs(&r.capacity, issues);
    if let (Some(p50), Some(p99)) = (r.latency.p50_ms, r.latency.p99_ms) {
        if p50 > p99 {
            issues.push(
                "/requirements/latency/p50_ms".into(),
                format!("the p50 latency target ({p50} ms) is above the p99 target ({p99} ms)"),
                Some("the median cannot be slower than the 99th percentile".into()),
            );
        }
    }
    for (i, s) in model.services.iter().enumerate() {
        if let Some(slo) = &s.slo {
            if let Some(a) = slo.availability {
                issues.check(
                    format!("/services/{i}/slo/availability"),
                    &format!("service `{}` SLO availability", s.name),
                    fields::percent(a),
                );
            }
        }
    }
    for (i, f) in model.communication.flows.iter().enumerate() {
        if let Some(a) = f.slo.as_ref().and_then(|s| s.availability) {
            issues.check(
                format!("/communication/flows/{i}/slo/availability"),
                &format!("flow `{}` SLO availability", f.name),
                fields::percent(a),
            );
        }
    }
    for (i, e) in model.externals.iter().enumerate() {
        if let Some(a) = e.availability {
            issues.check(
                format!("/externals/{i}/availability"),
                &format!("external `{}` availability", e.name),
                fields::percent(a),
            );
        }
        if let Some(h) = e.maintenance_hours_per_month {
            issues.check(
                format!("/externals/{i}/maintenance_hours_per_month"),
                &format!("external `{}` maintenance_hours_per_month", e.name),
                fields::maintenance_hours(h),
            );
        }
        if let Some(w) = e.maintenance_window_hours {
            issues.check(
                format!("/externals/{i}/maintenance_window_hours"),
                &format!("external `{}` maintenance_window_hours", e.name),
                fields::maintenance_window(w, e.maintenance_hours_per_month),
            );
        }
    }
}

/// The capacity model's inputs: a ratio, a time and a month that size something.
fn capacity_inputs(c: &crate::model::CapacityInputs, issues: &mut Issues) {
    let capacity = [
        (
            "peak_to_average",
            c.peak_to_average,
            1.0,
            "1 or more, e.g. 4",
        ),
        (
            "skip_ms",
            c.skip_ms,
            f64::MIN_POSITIVE,
            "above zero, e.g. 0.5",
        ),
    ];
    for (key, value, least, hint) in capacity {
        if let Some(v) = value.filter(|v| !v.is_finite() || *v < least) {
            issues.push(
                format!("/requirements/capacity/{key}"),
                format!("`requirements.capacity.{key}` is {v}, which sizes nothing"),
                Some(format!("state a number {hint}")),
            );
        }
    }
    if let Some(d) = c.days_per_month.filter(|d| !(1.0..=31.0).contains(d)) {
        issues.push(
            "/requirements/capacity/days_per_month".into(),
            format!("`requirements.capacity.days_per_month` is {d}, which no month has"),
            Some("state the days a month the system carries its daily volume, from 1 to 31 (21 for working days)".into()),
        );
    }
}

/// Retries, breakers and timeouts, the system's and each link's.
fn resilience(model: &Model, issues: &mut Issues) {
    let res = &model.resilience;
    retry(&res.retries, "/resilience/retries", issues);
    breaker(&res.circuit_breaker, "/resilience/circuit_breaker", issues);
    for (i, l) in model.communication.links.iter().enumerate() {
        if let Some(lr) = &l.resilience {
            if let Some(r) = &lr.retries {
                retry(
                    r,
                    &format!("/communication/links/{i}/resilience/retries"),
                    issues,
                );
            }
            if let Some(cb) = &lr.circuit_breaker {
                breaker(
                    cb,
                    &format!("/communication/links/{i}/resilience/circuit_breaker"),
                    issues,
                );
            }
            if lr.rate_limit_rps.is_some_and(|r| r.is_nan() || r <= 0.0) {
                issues.push(
                    format!("/communication/links/{i}/resilience/rate_limit_rps"),
                    "a rate limit of no calls a second".into(),
                    Some("use a limit above 0, or remove `rate_limit_rps`".into()),
                );
            }
            if lr.timeout_ms == Some(0) {
                issues.push(
                    format!("/communication/links/{i}/resilience/timeout_ms"),
                    "a timeout of 0 ms".into(),
                    Some("use a timeout above 0".into()),
                );
            }
        }
    }
    if res.timeout_ms == Some(0) {
        issues.push(
            "/resilience/timeout_ms".into(),
            "a timeout of 0 ms".into(),
            Some("use a timeout above 0".into()),
        );
    }
}

/// Each cache's TTL, entries a read, keys and expected hit ratio.
fn caches(model: &Model, issues: &mut Issues) {
    for (i, c) in model.performance.caches.iter().enumerate() {
        if c.ttl_seconds == 0 {
            issues.push(
                format!("/performance/caches/{i}/ttl_seconds"),
                format!("cache `{}` has a TTL of 0 seconds", c.name),
                Some("use a TTL of at least 1 second".into()),
            );
        }
        if c.entries_per_read == Some(0) {
            issues.push(
                format!("/performance/caches/{i}/entries_per_read"),
                format!("cache `{}` reads 0 entries a request", c.name),
                Some("state at least 1, or leave `entries_per_read` out for one".into()),
            );
        }
        if c.keys == Some(0) {
            issues.push(
                format!("/performance/caches/{i}/keys"),
                format!("cache `{}` has 0 keys", c.name),
                Some("state at least 1 key, or leave `keys` out when unknown".into()),
            );
        }
        if let Some(h) = c.expected_hit_ratio {
            issues.check(
                format!("/performance/caches/{i}/expected_hit_ratio"),
                &format!("cache `{}` expected_hit_ratio", c.name),
                fields::fraction(h),
            );
        }
    }
}

/// Tracing, caches, scaling, rate limits and canary steps.
fn operations(model: &Model, issues: &mut Issues) {
    if let Some(rate) = model.observability.tracing.sample_rate {
        issues.check(
            "/observability/tracing/sample_rate".into(),
            "`tracing.sample_rate`",
            fields::fraction(rate),
        );
    }
    caches(model, issues);
    let sc = &model.performance.scaling;
    if let (Some(min), Some(max)) = (sc.min_replicas, sc.max_replicas) {
        if min > max {
            issues.push(
                "/performance/scaling/min_replicas".into(),
                format!("`min_replicas` ({min}) is above `max_replicas` ({max})"),
                Some("swap them".into()),
            );
        }
    }
    for (i, rl) in model.security.rate_limits.iter().enumerate() {
        if rl.requests == 0 {
            issues.push(
                format!("/security/rate_limits/{i}/requests"),
                "a rate limit of 0 requests".into(),
                Some("allow at least 1 request per window".into()),
            );
        }
    }
    if let Some(h) = model.communication.outbox_retention_hours {
        issues.check(
            "/communication/outbox_retention_hours".into(),
            "outbox retention",
            fields::within(h, 0, 8760),
        );
    }
    if let Some(m) = model.deployment.canary_hold_minutes {
        issues.check(
            "/deployment/canary_hold_minutes".into(),
            "canary hold",
            fields::within(m, 1, 1440),
        );
    }
    let steps = &model.deployment.canary_steps;
    for (i, s) in steps.iter().enumerate() {
        issues.check(
            format!("/deployment/canary_steps/{i}"),
            "canary step",
            fields::within(*s, 1, 100),
        );
        if i > 0 && *s <= steps[i - 1] {
            issues.push(
                format!("/deployment/canary_steps/{i}"),
                format!("canary step {s}% does not grow from {}%", steps[i - 1]),
                Some("list traffic percentages in increasing order".into()),
            );
        }
    }
    if let Some(last) = steps.last() {
        if *last != 100 {
            issues.push(
                format!("/deployment/canary_steps/{}", steps.len() - 1),
                format!("the last canary step is {last}%, not 100%"),
                Some("end the canary at 100".into()),
            );
        }
    }
}

fn retry(r: &crate::model::Retry, base: &str, issues: &mut Issues) {
    if let Some(n) = r.max_attempts {
        issues.check(
            format!("{base}/max_attempts"),
            "`max_attempts`",
            fields::within(n, 1, 10),
        );
    }
    if let (Some(a), Some(b)) = (r.initial_ms, r.max_ms) {
        if a > b {
            issues.push(
                format!("{base}/initial_ms"),
                format!("the first retry wait ({a} ms) is above the longest ({b} ms)"),
                Some("make `initial_ms` at most `max_ms`".into()),
            );
        }
    }
}

fn breaker(cb: &crate::model::CircuitBreaker, base: &str, issues: &mut Issues) {
    if let Some(rate) = cb.failure_rate {
        issues.check(
            format!("{base}/failure_rate"),
            "`failure_rate`",
            fields::within(rate, 1, 100),
        );
    }
    if cb.minimum_calls == Some(0) {
        issues.push(
            format!("{base}/minimum_calls"),
            "`minimum_calls` is 0".into(),
            Some("judge the failure rate over at least 1 call".into()),
        );
    }
}
