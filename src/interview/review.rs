//! The review at the end of the interview: the model in a few lines per step, and whatever
//! still keeps it from being written.

use super::ask::spelling;
use crate::defaults;
use crate::model::Model;

/// A compact summary, one block per step.
// long: kept whole while issue 11 item 5 reworks the interview; split later
pub fn summary(m: &Model) -> String {
    let r = &m.requirements;
    let or = |v: Option<String>, none: &str| v.unwrap_or_else(|| none.to_owned());
    let names = |v: Vec<String>| {
        if v.is_empty() {
            "none".to_owned()
        } else {
            v.join(", ")
        }
    };
    let count = |n: usize, noun: &str| format!("{n} {}", super::flow::plural(noun, n));
    let mut s = String::from("Review\n");
    let mut line = |n: usize, title: &str, text: String| {
        s.push_str(&format!("  {n:>2}. {title:<15} {text}\n"))
    };
    line(
        1,
        "Requirements",
        format!(
            "{}: {}; peak {}; p99 {}; availability {}%",
            m.name,
            r.domain,
            or(r.scale.peak_rps.map(|v| format!("{v} rps")), "unknown"),
            or(r.latency.p99_ms.map(|v| format!("{v} ms")), "none"),
            defaults::availability(m)
        ),
    );
    line(
        2,
        "Boundaries",
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
        ),
    );
    line(
        3,
        "API contracts",
        names(
            m.services
                .iter()
                .filter(|s| {
                    defaults::api_style(s.kind, s.api.style) != crate::model::ApiStyle::None
                })
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
        ),
    );
    line(
        4,
        "Communication",
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
        ),
    );
    let retry = defaults::retry(m);
    line(
        5,
        "Resilience",
        format!(
            "timeout {} ms, {} {}, breaker at {}%",
            defaults::timeout_ms(m),
            retry.max_attempts,
            super::flow::plural("attempt", retry.max_attempts as usize),
            m.resilience.circuit_breaker.failure_rate.unwrap_or(50)
        ),
    );
    let o = &m.observability;
    line(
        6,
        "Observability",
        format!(
            "logs {}, metrics {}, traces {} (sampling {})",
            or(o.logging.backend.clone(), "not chosen"),
            or(o.metrics.backend.clone(), "not chosen"),
            or(o.tracing.backend.clone(), "not chosen"),
            defaults::sample_rate(m)
        ),
    );
    line(
        7,
        "Security",
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
        ),
    );
    line(
        8,
        "Performance",
        format!(
            "{}, {}",
            count(m.performance.caches.len(), "cache"),
            count(m.performance.jobs.len(), "job")
        ),
    );
    line(
        9,
        "Testing",
        if m.testing.levels.is_empty() {
            "levels derived from the design".into()
        } else {
            names(
                m.testing
                    .levels
                    .iter()
                    .map(|l| spelling(&l.level))
                    .collect(),
            )
        },
    );
    line(
        10,
        "Documentation",
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
        ),
    );
    s
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
