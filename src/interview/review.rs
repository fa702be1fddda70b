//! The review at the end of the interview: the model in a few lines per step, and whatever
//! still keeps it from being written.

use super::ask::spelling;
use crate::defaults;
use crate::model::Model;

/// A compact summary, one line per step.
pub fn summary(m: &Model) -> String {
    let lines: [(&str, String); 10] = [
        ("Requirements", requirements(m)),
        ("Boundaries", boundaries(m)),
        ("API contracts", apis(m)),
        ("Communication", communication(m)),
        ("Resilience", resilience(m)),
        ("Observability", observability(m)),
        ("Security", security(m)),
        ("Performance", performance(m)),
        ("Testing", testing(m)),
        ("Documentation", documentation(m)),
    ];
    let mut s = String::from("Review\n");
    for (i, (title, text)) in lines.iter().enumerate() {
        s.push_str(&format!("  {:>2}. {title:<15} {text}\n", i + 1));
    }
    s
}

/// `v`, or `none` when it is.
fn or(v: Option<String>, none: &str) -> String {
    v.unwrap_or_else(|| none.to_owned())
}

/// The names, comma-separated; `none` when there are none.
fn names(v: Vec<String>) -> String {
    if v.is_empty() {
        "none".to_owned()
    } else {
        v.join(", ")
    }
}

/// `n noun`, the noun in the plural unless `n` is 1.
fn count(n: usize, noun: &str) -> String {
    format!("{n} {}", super::flow::plural(noun, n))
}

fn requirements(m: &Model) -> String {
    let r = &m.requirements;
    format!(
        "{}: {}; peak {}; p99 {}; availability {}%",
        m.name,
        r.domain,
        or(r.scale.peak_rps.map(|v| format!("{v} rps")), "unknown"),
        or(r.latency.p99_ms.map(|v| format!("{v} ms")), "none"),
        defaults::availability(m)
    )
}

fn boundaries(m: &Model) -> String {
    format!(
        "services: {}; clients: {}; externals: {}",
        names(
            m.services
                .iter()
                .map(|s| format!("{} ({})", s.name, spelling(&s.kind)))
                .collect()
        ),
        names(m.clients.iter().map(|c| c.name.clone()).collect()),
        names(m.externals.iter().map(|e| e.name.clone()).collect())
    )
}

fn apis(m: &Model) -> String {
    names(
        m.services
            .iter()
            .filter(|s| defaults::api_style(s.kind, s.api.style) != crate::model::ApiStyle::None)
            .map(|s| {
                format!(
                    "{} {} ({}, {})",
                    s.name,
                    spelling(&defaults::api_style(s.kind, s.api.style)),
                    count(s.api.resources.len(), "resource"),
                    count(s.publishes.len(), "event")
                )
            })
            .collect(),
    )
}

fn communication(m: &Model) -> String {
    format!(
        "brokers: {}; {}; {}",
        names(
            m.communication
                .brokers
                .iter()
                .map(|b| format!("{} ({})", b.name, b.technology))
                .collect()
        ),
        count(m.communication.links.len(), "link"),
        count(m.communication.flows.len(), "flow")
    )
}

fn resilience(m: &Model) -> String {
    let retry = defaults::retry(m);
    format!(
        "timeout {} ms, {} {}, breaker at {}%",
        defaults::timeout_ms(m),
        retry.max_attempts,
        super::flow::plural("attempt", retry.max_attempts as usize),
        m.resilience.circuit_breaker.failure_rate.unwrap_or(50)
    )
}

fn observability(m: &Model) -> String {
    let o = &m.observability;
    format!(
        "logs {}, metrics {}, traces {} (sampling {})",
        or(o.logging.backend.clone(), "not chosen"),
        or(o.metrics.backend.clone(), "not chosen"),
        or(o.tracing.backend.clone(), "not chosen"),
        defaults::sample_rate(m)
    )
}

fn security(m: &Model) -> String {
    format!(
        "authentication: {}; access: {}",
        names(
            m.security
                .authentication
                .iter()
                .map(|a| spelling(&a.method))
                .collect()
        ),
        or(
            m.security.authorization.model.map(|a| spelling(&a)),
            "scopes"
        )
    )
}

fn performance(m: &Model) -> String {
    format!(
        "{}, {}",
        count(m.performance.caches.len(), "cache"),
        count(m.performance.jobs.len(), "job")
    )
}

fn testing(m: &Model) -> String {
    if m.testing.levels.is_empty() {
        return "levels derived from the design".into();
    }
    names(
        m.testing
            .levels
            .iter()
            .map(|l| spelling(&l.level))
            .collect(),
    )
}

fn documentation(m: &Model) -> String {
    format!(
        "{}, {} releases; {}{}",
        or(m.deployment.platform.clone(), "platform not chosen"),
        spelling(&defaults::deploy_strategy(m)),
        count(m.decisions.len(), "decision"),
        if m.migration.is_some() {
            ", a migration plan"
        } else {
            ""
        }
    )
}

/// What keeps the model from being written, as the loader would report it; empty when none.
pub fn problems(m: &Model) -> String {
    let issues = crate::validate::model(m);
    if issues.is_empty() {
        return String::new();
    }
    let mut s = format!(
        "{} to fix before writing:\n",
        if issues.len() == 1 {
            "1 problem".to_owned()
        } else {
            format!("{} problems", issues.len())
        }
    );
    for i in issues {
        s.push_str(&format!(
            "  - {}: {}\n",
            crate::load::human_path(&i.pointer),
            i.message
        ));
    }
    s
}
