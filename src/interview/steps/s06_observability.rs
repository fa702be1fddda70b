//! Step 6: design observability: logs, metrics, traces, SLOs and alerting.

use super::prelude::*;
use crate::defaults;
use crate::model::{ServiceKind, Slo};
use crate::validate::fields;

const LOGS: [(&str, &str); 6] = [
    (
        "Grafana Loki",
        "cheap label-indexed log storage; pairs with Grafana",
    ),
    ("Elasticsearch (ELK)", "full-text search over logs"),
    ("OpenSearch", "the open fork of Elasticsearch"),
    ("CloudWatch Logs", "managed on AWS"),
    ("Splunk", "enterprise log analytics"),
    ("Datadog Logs", "managed, with APM and metrics"),
];
const METRICS: [(&str, &str); 5] = [
    ("Prometheus", "pull-based metrics; the Kubernetes standard"),
    ("Datadog", "managed metrics, APM and dashboards"),
    ("CloudWatch", "managed on AWS"),
    ("New Relic", "managed observability platform"),
    ("Grafana Mimir", "horizontally scalable Prometheus storage"),
];
const DASHBOARDS: [(&str, &str); 3] = [
    ("Grafana", "dashboards over any backend"),
    ("Kibana", "with Elasticsearch"),
    ("Datadog", "with Datadog"),
];
const TRACES: [(&str, &str); 6] = [
    ("Grafana Tempo", "cheap trace storage; pairs with Grafana"),
    ("Jaeger", "open-source tracing UI and storage"),
    ("Zipkin", "simple open-source tracing"),
    ("Honeycomb", "managed, high-cardinality event analysis"),
    ("Datadog APM", "managed tracing with Datadog"),
    ("AWS X-Ray", "managed on AWS"),
];
const ALERTS: [(&str, &str); 4] = [
    ("PagerDuty", "on-call schedules and escalation"),
    ("Opsgenie", "on-call schedules and escalation"),
    ("Alertmanager", "routing for Prometheus alerts"),
    ("Grafana OnCall", "on-call with Grafana"),
];

// long: one step's question table, a declaration of a few lines per question
pub(super) fn step() -> Step {
    Step {
        number: 6,
        key: "observability",
        title: "Observability",
        why: "you cannot operate what you cannot see: logs, metrics and traces are first-class",
        nodes: nodes![derived(
            "observability.defaults",
            nodes![
                tool(
                    "log_backend",
                    "Where are logs aggregated?",
                    &LOGS,
                    lens!(|m, _| m.observability.logging.backend)
                )
                .help("Structured JSON logs with correlation ids go here."),
                other_tool(
                    "log_backend.other",
                    lens!(|m, _| m.observability.logging.backend)
                ),
                tool(
                    "metrics_backend",
                    "Where are metrics stored?",
                    &METRICS,
                    lens!(|m, _| m.observability.metrics.backend)
                )
                .help("RED metrics per service and USE metrics per resource."),
                other_tool(
                    "metrics_backend.other",
                    lens!(|m, _| m.observability.metrics.backend)
                ),
                tool(
                    "dashboards",
                    "Where do dashboards live?",
                    &DASHBOARDS,
                    lens!(|m, _| m.observability.metrics.dashboards)
                )
                .help("One per service from its RED metrics, plus business metrics."),
                other_tool(
                    "dashboards.other",
                    lens!(|m, _| m.observability.metrics.dashboards)
                ),
                tool(
                    "trace_backend",
                    "Where are traces stored?",
                    &TRACES,
                    lens!(|m, _| m.observability.tracing.backend)
                )
                .help(
                    "OpenTelemetry SDKs export to it; trace context crosses sync calls and \
                             messages.",
                ),
                other_tool(
                    "trace_backend.other",
                    lens!(|m, _| m.observability.tracing.backend)
                ),
                text("sample_rate", "Fraction of traces to keep (0 to 1)?")
                    .help(
                        "Derived from the peak load: keep everything at low load, less as \
                             load grows.",
                    )
                    .value(lens!(|m, _| m.observability.tracing.sample_rate))
                    .derived(|m, _| Some(defaults::sample_rate(m)))
                    .check(|_, _, v: &Option<f64>| v.map_or(Ok(()), fields::fraction)),
                tool(
                    "alerting",
                    "Where are alerts routed?",
                    &ALERTS,
                    lens!(|m, _| m.observability.alerting.tool)
                )
                .help("SLO burn-rate alerts page the owning team."),
                other_tool(
                    "alerting.other",
                    lens!(|m, _| m.observability.alerting.tool)
                ),
                text("on_call", "Who is paged?")
                    .help("e.g. `the owning team's on-call rotation`.")
                    .value(lens!(|m, _| m.observability.alerting.on_call)),
                each(
                    "slos",
                    |m, _| m.services.len(),
                    |m, at| {
                        let s = &m.services[at[0]];
                        (s.kind != ServiceKind::Legacy).then(|| format!("SLO of `{}`", s.name))
                    }
                )
                .ask(service_slo()),
                each(
                    "deadline_alerts",
                    |m, _| m.communication.flows.len(),
                    |m, at| {
                        let f = &m.communication.flows[at[0]];
                        let d = f.deadline.as_ref()?;
                        Some(format!(
                            "Alert on `{}` ({} min deadline)",
                            f.name, d.minutes
                        ))
                    }
                )
                .ask(deadline_alert()),
            ],
        ),],
    }
}

/// The alert that pages when a run of a flow with a deadline is stuck: shortly enough after
/// the problem starts that someone can act before the deadline passes.
fn deadline_alert() -> Vec<crate::interview::flow::Node> {
    nodes![
        text(
            "alerts.after_minutes",
            "Minutes from a run getting stuck to the page? (empty: no alert)"
        )
        .help(
            "The evaluation window plus how long the condition must hold; a page at or after \
             the deadline comes too late to keep it."
        )
        .value(Lens::new(
            |m, at| guarding(m, at).map(|a| a.after_minutes),
            set_deadline_alert,
        ))
        .default(|m, at| {
            let minutes = m.communication.flows[at[0]].deadline.as_ref()?.minutes;
            Some(minutes.div_ceil(3).max(1))
        })
        .check(|m, at, v: &Option<u32>| {
            let deadline = m.communication.flows[at[0]].deadline.as_ref();
            match (v, deadline) {
                (Some(v), Some(d)) if *v >= d.minutes => Err(format!(
                    "page before the {} minute deadline passes, e.g. {}",
                    d.minutes,
                    d.minutes.div_ceil(3).max(1)
                )),
                (Some(0), _) => Err("at least 1 minute".into()),
                _ => Ok(()),
            }
        }),
    ]
}

/// The alert guarding flow `at[0]`, if the model has one.
fn guarding<'a>(m: &'a Model, at: &At) -> Option<&'a crate::model::Alert> {
    let flow = &m.communication.flows[at[0]].name;
    let alerts = &m.observability.alerting.alerts;
    alerts.iter().find(|a| a.guards.as_ref() == Some(flow))
}

/// Writes (or, with none, removes) the alert guarding flow `at[0]`.
fn set_deadline_alert(m: &mut Model, at: &At, after: Option<u32>) {
    let flow = m.communication.flows[at[0]].name.clone();
    // The page goes to the team whose job enforces the deadline.
    let service = m.communication.flows[at[0]]
        .deadline
        .as_ref()
        .and_then(|d| {
            m.performance
                .jobs
                .iter()
                .find(|j| Some(&j.name) == d.enforced_by.as_ref())
        })
        .map(|j| j.service.clone());
    let alerts = &mut m.observability.alerting.alerts;
    let i = alerts.iter().position(|a| a.guards.as_ref() == Some(&flow));
    match (after, i) {
        (None, Some(i)) => {
            let gone = alerts.remove(i).name;
            // A decision no longer names an alert that is gone.
            for d in &mut m.decisions {
                d.watched_by.retain(|w| *w != gone);
            }
        }
        (None, None) => {}
        (Some(after), Some(i)) => alerts[i].after_minutes = after,
        (Some(after), None) => alerts.push(crate::model::Alert {
            name: format!("{}-stuck", crate::text::names::slug(&flow, "flow")),
            condition: format!("a run of {flow} not finished"),
            after_minutes: after,
            guards: Some(flow),
            service,
        }),
    }
}

fn service_slo() -> Vec<crate::interview::flow::Node> {
    nodes![
        confirm(
            "slo.own",
            "Does it need its own SLO (instead of the system's targets)?"
        )
        .help(
            "A service on every request path needs at least the system's availability; a \
                 reporting job can promise less.",
        )
        .value(Lens::new(
            |m, at| m.services[at[0]].slo.is_some(),
            |m, at, v| {
                let s = &mut m.services[at[0]];
                if !v {
                    s.slo = None;
                } else if s.slo.is_none() {
                    s.slo = Some(Slo::default());
                }
            },
        )),
        text("slo.availability", "Its availability objective in percent?")
            .help("It cannot exceed what its synchronous dependencies give together.")
            .value(Lens::new(
                |m, at| slo(m, at).and_then(|s| s.availability),
                |m, at, v| slo_mut(m, at).availability = v,
            ))
            .default(|m, _| Some(defaults::availability(m)))
            .check(percent)
            .when(|m, at| slo(m, at).is_some()),
        text(
            "slo.latency",
            "Its p99 latency objective in milliseconds? (empty: the system's)"
        )
        .help("Measured at the service's own edge.")
        .value(Lens::new(
            |m, at| slo(m, at).and_then(|s| s.latency_p99_ms),
            |m, at, v| slo_mut(m, at).latency_p99_ms = v,
        ))
        .default(|m, _| m.requirements.latency.p99_ms)
        .check(range(1, 600_000))
        // A worker serves no requests: its objective is throughput and lag, not latency.
        .when(|m, at| slo(m, at).is_some() && m.services[at[0]].kind != ServiceKind::Worker),
    ]
}

fn slo<'a>(m: &'a Model, at: &At) -> Option<&'a Slo> {
    m.services[at[0]].slo.as_ref()
}

fn slo_mut<'a>(m: &'a mut Model, at: &At) -> &'a mut Slo {
    m.services[at[0]].slo.get_or_insert_with(Slo::default)
}
