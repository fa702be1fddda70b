//! Every value the view resolved without the model stating it, recorded with the key that
//! would state it: read from the view as built, so the value listed is the value used.

use super::View;
use crate::derive::assumptions::{Assumption, Ledger};
use crate::model::Model;

fn word<T: serde::Serialize>(v: T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

fn pct(v: f64) -> String {
    format!("{}%", (v * 1000.0).round() / 1000.0)
}

/// The assumptions of the built view, in document order.
pub(super) fn collect(model: &Model, v: &View) -> Vec<Assumption> {
    let mut l = Ledger::default();
    let req = &model.requirements;
    l.note(
        req.availability.is_some(),
        "requirements.availability",
        pct(v.requirements.availability_target),
        "a common target for a business system; it sets the error budget, the release strategy \
         and the ceiling on the recovery time",
        &["index", "observability", "deployment", "recovery"],
    );
    l.note(
        req.latency.p99_ms.is_some(),
        "requirements.latency.p99_ms",
        "none".into(),
        "without a latency target, timeouts and retry waits cannot be derived from it",
        &["resilience"],
    );
    l.note(
        req.scale.peak_rps.is_some(),
        "requirements.scale.peak_rps",
        "unknown".into(),
        "without a peak load, bulkheads, sampling and load tests use load-independent values",
        &["resilience", "observability", "testing"],
    );
    resilience(&mut l, v);
    // The capacity, availability and per-call resilience derivations record their own
    // assumptions; each is listed here beside the defaults above.
    for a in &v.assumptions {
        let doc = if a.id.starts_with("resilience.") {
            "resilience"
        } else {
            "capacity"
        };
        l.note(false, &a.key, a.value.clone(), &a.why, &[doc]);
    }
    observability(&mut l, model, v);
    security(&mut l, model, v);
    scaling(&mut l, model, v);
    delivery(&mut l, model, v);
    caches(&mut l, model, v);
    l.into_vec()
}

/// How soon a service must handle the events that invalidate its cache, where it states no
/// freshness objective: what the cache's allowed staleness leaves after its TTL.
fn caches(l: &mut Ledger, model: &Model, v: &View) {
    for c in &v.performance.caches {
        let Some(budget) = c.staleness.budget_seconds.filter(|b| *b > 0) else {
            continue;
        };
        let i = (model.services.iter()).position(|s| s.name == c.model.service);
        let Some(i) = i else { continue };
        l.note(
            false,
            &format!("services[{i}].slo.freshness_seconds"),
            format!("{budget} s ({})", c.model.service),
            &format!(
                "cache `{}` is stale until {} has handled the events that invalidate it, and \
                 then for a TTL; its allowed staleness leaves this much after the TTL",
                c.model.name, c.model.service
            ),
            &["caching"],
        );
    }
}

/// The replica counts, zones and autoscaling signal assumed.
fn scaling(l: &mut Ledger, model: &Model, v: &View) {
    let p = &model.performance.scaling;
    let perf = &v.performance;
    l.note(
        p.autoscale_on.is_some(),
        "performance.scaling.autoscale_on",
        perf.autoscale_on.clone(),
        "CPU is the signal every platform offers",
        &["caching"],
    );
    l.note(
        p.min_replicas.is_some(),
        "performance.scaling.min_replicas",
        perf.min_replicas.to_string(),
        "one replica per zone in three zones for a 99.9% target or higher, two below it",
        &["caching", "deployment"],
    );
    l.note(
        model.deployment.zones.is_some(),
        "deployment.zones",
        format!("{} zones", v.capacity.zone_loss.zones),
        "three availability zones per region is what most cloud regions offer",
        &["recovery", "capacity"],
    );
    l.note(
        p.max_replicas.is_some(),
        "performance.scaling.max_replicas",
        perf.max_replicas.to_string(),
        "four times the fewest, at least 10",
        &["caching"],
    );
}

/// The release strategy, environments, canary steps and test levels assumed.
fn delivery(l: &mut Ledger, model: &Model, v: &View) {
    let d = &model.deployment;
    let dep = &v.deployment;
    l.note(
        d.strategy.is_some(),
        "deployment.strategy",
        dep.strategy.clone(),
        "a canary where the target is 99.9% or higher, rolling below it",
        &["deployment"],
    );
    l.note(
        !d.environments.is_empty(),
        "deployment.environments",
        dep.environments
            .iter()
            .map(|e| e.name.clone())
            .collect::<Vec<_>>()
            .join(", "),
        "a common promotion path; the team's own may differ",
        &["deployment", "testing"],
    );
    if dep.strategy == "canary" {
        l.note(
            !d.canary_steps.is_empty(),
            "deployment.canary_steps",
            dep.canary_steps
                .iter()
                .map(|s| format!("{s}%"))
                .collect::<Vec<_>>()
                .join(", "),
            "small first step, then doubling",
            &["deployment"],
        );
        if dep.canary_steps.len() > 1 {
            l.note(
                d.canary_hold_minutes.is_some(),
                "deployment.canary_hold_minutes",
                "15 min for the first step, 10 min for each next".into(),
                "a first step long enough to see its errors; the release cadence decides",
                &["deployment"],
            );
        }
    }
    // The plan's own proposal, which no model key states: the team confirms it, or records
    // its alternative among the decisions.
    let mixed = crate::derive::guidance::two_deployments(model);
    if !mixed.is_empty() {
        l.note(
            false,
            "decisions (how a service that serves and consumes is deployed)",
            format!(
                "{} each run as two Deployments of one image, one serving requests and one consuming events",
                crate::text::english::and_list(&mixed)
            ),
            "one Deployment could not move its requests by weight and its consumers by instances \
             at once, and a backlog would take the serving pods' CPU; the split doubles their pods \
             and their database connections, which capacity counts",
            &["deployment", "capacity"],
        );
    }
    l.note(
        !model.testing.levels.is_empty(),
        "testing.levels",
        v.testing
            .levels
            .iter()
            .map(|t| word(t.level.level))
            .collect::<Vec<_>>()
            .join(", "),
        "the levels this design calls for: contracts for several services, load for a stated peak, \
         chaos for 99.95% or higher",
        &["testing"],
    );
}

fn resilience(l: &mut Ledger, v: &View) {
    let r = &v.resilience;
    let d = &r.defaults;
    let rows: [(&str, &str, String, &str); 6] = [
        (
            "timeout",
            "resilience.timeout_ms",
            crate::text::numbers::duration(f64::from(d.timeout_ms)),
            "a generous ceiling until the callees' latency is known",
        ),
        (
            "connect_timeout",
            "resilience.connect_timeout_ms",
            crate::text::numbers::duration(f64::from(d.connect_timeout_ms)),
            "half the request timeout, at most 500 ms",
        ),
        (
            "max_attempts",
            "resilience.retries.max_attempts",
            d.retry.max_attempts.to_string(),
            "one try and two retries ride out a brief blip without piling load on a failing callee",
        ),
        (
            "jitter",
            "resilience.retries.jitter",
            d.retry.jitter.clone(),
            "full jitter spreads retries so callers do not retry in step",
        ),
        (
            "circuit_breaker",
            "resilience.circuit_breaker",
            format!(
                "opens at {}% failures over at least {} calls, stays open {}, then lets {} trial calls through",
                d.circuit_breaker.failure_rate,
                d.circuit_breaker.minimum_calls,
                crate::text::numbers::duration(f64::from(d.circuit_breaker.open_seconds) * 1000.0),
                d.circuit_breaker.half_open_calls
            ),
            "a failure rate no healthy dependency reaches",
        ),
        (
            "bulkhead",
            "resilience.bulkhead",
            if r.origins.get("bulkhead").map(String::as_str) == Some("derived") {
                format!(
                    "per call and caller replica: Little's law plus three square roots of it for bursts, at least {}",
                    crate::defaults::BULKHEAD_FLOOR
                )
            } else {
                format!("{} concurrent calls", d.bulkhead)
            },
            "a small pool per dependency until the peak load is known",
        ),
    ];
    // The system-wide timeout is only a default: it is worth stating where some call uses it.
    let timeouts: Vec<u32> = v
        .links
        .iter()
        .filter_map(|l| l.policy.as_ref())
        .map(|p| p.timeout_ms)
        .collect();
    let used = timeouts.contains(&d.timeout_ms);
    for (origin, key, value, fixed) in rows {
        if !used && matches!(origin, "timeout" | "connect_timeout") && !timeouts.is_empty() {
            continue;
        }
        let how = r.origins.get(origin).map(String::as_str).unwrap_or("model");
        let why = if how == "derived" {
            "derived from the latency and load targets"
        } else {
            fixed
        };
        l.note(how == "model", key, value, why, &["resilience"]);
    }
    outage(l, v);
}

/// The deliveries of consumers that call an external system, derived to outlast its outage.
fn outage(l: &mut Ledger, v: &View) {
    use crate::derive::delivery::PROVIDER_OUTAGE_MS;
    let outlasting: Vec<_> = (v.resilience.deliveries.all.iter())
        .filter(|d| d.attempts_from == "outage")
        .collect();
    let Some(first) = outlasting.first() else {
        return;
    };
    let mut who: Vec<&str> = outlasting.iter().map(|d| d.consumer.as_str()).collect();
    who.dedup();
    l.note(
        false,
        "resilience.consumers.max_attempts",
        format!(
            "{} deliveries for {} (calls an external system in its handler)",
            first.max_attempts,
            who.join(", ")
        ),
        &format!(
            "a provider outage commonly lasts minutes: the schedule outlasts {} of one, with its \
             waits at the half their jitter gives on average, instead of dead-lettering every \
             message handled meanwhile",
            crate::text::numbers::duration(PROVIDER_OUTAGE_MS as f64)
        ),
        &["resilience"],
    );
}

fn observability(l: &mut Ledger, model: &Model, v: &View) {
    let o = &model.observability;
    let ov = &v.observability;
    l.note(
        o.logging.retention_days.is_some(),
        "observability.logging.retention_days",
        format!("{} days", ov.log_retention_days),
        "long enough to investigate last month's incidents",
        &["observability"],
    );
    l.note(
        o.logging.redact_pii.is_some(),
        "observability.logging.redact_pii",
        if ov.redact_pii { "yes" } else { "no" }.to_owned(),
        "each service drops personal fields from its log lines by an allowlist before they leave it, \
         so the log backend holds ids, not names, emails or addresses",
        &["observability"],
    );
    l.note(
        o.logging.correlation_header.is_some(),
        "observability.logging.correlation_header",
        ov.correlation_header.clone(),
        "the W3C Trace Context header, which tracing SDKs already send",
        &["observability"],
    );
    l.note(
        o.tracing.sampling.is_some(),
        "observability.tracing.sampling",
        ov.sampling.clone(),
        &ov.sampling_why,
        &["observability"],
    );
    l.note(
        o.tracing.sample_rate.is_some(),
        "observability.tracing.sample_rate",
        pct(ov.sample_rate * 100.0),
        "a band of the peak load (all to 100 requests a second, 20% to 1,000, 5% to 5,000, \
         then 1%), which the trace backend's storage must be sized for",
        &["observability"],
    );
}

fn security(l: &mut Ledger, model: &Model, v: &View) {
    let s = &model.security;
    let sv = &v.security;
    if s.authentication.is_empty() {
        let methods: Vec<String> = sv.authentication.iter().map(|a| a.method.clone()).collect();
        l.note(
            false,
            "security.authentication",
            methods.join(", "),
            "OIDC for people's clients, API keys for partners",
            &["security", "threats"],
        );
    }
    for (i, a) in sv.authentication.iter().enumerate() {
        let stated = s
            .authentication
            .get(i)
            .is_some_and(|m| m.token_ttl_minutes.is_some());
        if let Some(ttl) = a.token_ttl_minutes {
            l.note(
                stated,
                &format!("security.authentication[{i}].token_ttl_minutes"),
                format!("{ttl} minutes"),
                "short-lived access tokens limit what a leaked token can do",
                &["security", "recovery"],
            );
        }
    }
    l.note(
        s.service_identity.is_some(),
        "security.service_identity",
        sv.service_identity.clone(),
        "mutual TLS proves each service's identity without shared secrets",
        &["security", "threats"],
    );
    l.note(
        s.authorization.model.is_some(),
        "security.authorization.model",
        sv.access_model.clone(),
        "scopes on the token until roles or policies are named",
        &["security"],
    );
    if s.rate_limits.is_empty() {
        let r = &sv.rate_limits[0];
        l.note(
            false,
            "security.rate_limits",
            format!("{} per {} per {}", r.requests, r.per, r.scope),
            "a ceiling well above one person's use that stops a runaway client",
            &["security", "threats"],
        );
    }
}
