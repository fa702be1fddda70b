//! Step 6: design observability: logs, metrics, traces, SLOs and alerting.

use super::{Step, each};
use crate::defaults;
use crate::interview::ask::{At, any, confirm, number, pick, text};
use crate::interview::flow::Node;
use crate::model::{Model, ServiceKind, Slo};
use crate::validate::fields;

/// A tool choice: the options, with `not chosen yet` first.
fn tools(list: &[(&str, &str)]) -> Vec<(String, String)> {
    std::iter::once((
        "not chosen yet".to_owned(),
        "the documents recommend one".to_owned(),
    ))
    .chain(list.iter().map(|(a, b)| (a.to_string(), b.to_string())))
    .collect()
}

fn chosen(v: String) -> Option<String> {
    (v != "not chosen yet").then_some(v)
}

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

fn tool(
    id: &'static str,
    message: &'static str,
    help: &'static str,
    list: &'static [(&'static str, &'static str)],
    get: fn(&Model) -> Option<String>,
    set: fn(&mut Model, Option<String>),
) -> Node {
    Node::Ask(pick(
        id,
        message,
        help,
        move |m, _| {
            let mut o = tools(list);
            if let Some(v) = get(m) {
                if !o.iter().any(|(n, _)| *n == v) {
                    o.push((v, String::new()));
                }
            }
            o
        },
        move |m, _| get(m).unwrap_or_else(|| "not chosen yet".into()),
        move |m, _, v| set(m, chosen(v)),
    ))
}

pub(super) fn step() -> Step {
    Step {
        number: 6,
        key: "observability",
        title: "Observability",
        why: "you cannot operate what you cannot see: logs, metrics and traces are first-class",
        nodes: vec![
            tool(
                "log_backend",
                "Where are logs aggregated?",
                "Structured JSON logs with correlation ids go here.",
                &LOGS,
                |m| m.observability.logging.backend.clone(),
                |m, v| m.observability.logging.backend = v,
            ),
            tool(
                "metrics_backend",
                "Where are metrics stored?",
                "RED metrics per service and USE metrics per resource.",
                &METRICS,
                |m| m.observability.metrics.backend.clone(),
                |m, v| m.observability.metrics.backend = v,
            ),
            tool(
                "dashboards",
                "Where do dashboards live?",
                "One per service from its RED metrics, plus business metrics.",
                &DASHBOARDS,
                |m| m.observability.metrics.dashboards.clone(),
                |m, v| m.observability.metrics.dashboards = v,
            ),
            tool(
                "trace_backend",
                "Where are traces stored?",
                "OpenTelemetry SDKs export to it; trace context crosses sync calls and messages.",
                &TRACES,
                |m| m.observability.tracing.backend.clone(),
                |m, v| m.observability.tracing.backend = v,
            ),
            Node::Ask(number::<f64>(
                "sample_rate",
                "Fraction of traces to keep (0 to 1)?",
                "Derived from the peak load: keep everything at low load, less as load grows.",
                |m, _| m.observability.tracing.sample_rate,
                |m, _, v| {
                    let mut d = m.clone();
                    d.observability.tracing.sample_rate = None;
                    let derived = defaults::sample_rate(&d);
                    m.observability.tracing.sample_rate =
                        v.filter(|r| (*r - derived).abs() > f64::EPSILON);
                },
                |m, _| Some(defaults::sample_rate(m)),
                fields::fraction,
            )),
            tool(
                "alerting",
                "Where are alerts routed?",
                "SLO burn-rate alerts page the owning team.",
                &ALERTS,
                |m| m.observability.alerting.tool.clone(),
                |m, v| m.observability.alerting.tool = v,
            ),
            Node::Ask(text(
                "on_call",
                "Who is paged?",
                "e.g. `the owning team's on-call rotation`.",
                |m, _| m.observability.alerting.on_call.clone(),
                |m, _, v| m.observability.alerting.on_call = v,
                |_, _| String::new(),
                any,
            )),
            Node::Each(each(
                "slos",
                |m, _| m.services.len(),
                |m, at| {
                    let s = &m.services[at[0]];
                    (s.kind != ServiceKind::Legacy).then(|| format!("SLO of `{}`", s.name))
                },
                vec![
                    Node::Ask(confirm(
                        "slo.own",
                        "Does it need its own SLO (instead of the system's targets)?",
                        "A service on every request path needs at least the system's availability; a reporting job can promise less.",
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
                    Node::Ask(
                        number::<f64>(
                            "slo.availability",
                            "Its availability objective in percent?",
                            "It cannot exceed what its synchronous dependencies give together.",
                            |m, at| slo(m, at).and_then(|s| s.availability),
                            |m, at, v| slo_mut(m, at).availability = v,
                            |m, _| Some(defaults::availability(m)),
                            fields::percent,
                        )
                        .when(|m, at| slo(m, at).is_some()),
                    ),
                    Node::Ask(
                        number::<u32>(
                            "slo.latency",
                            "Its p99 latency objective in milliseconds? (empty: the system's)",
                            "Measured at the service's own edge.",
                            |m, at| slo(m, at).and_then(|s| s.latency_p99_ms),
                            |m, at, v| slo_mut(m, at).latency_p99_ms = v,
                            |m, _| m.requirements.latency.p99_ms,
                            |v| fields::within(v, 1, 600_000),
                        )
                        .when(|m, at| slo(m, at).is_some()),
                    ),
                ],
            )),
        ],
    }
}

fn slo<'a>(m: &'a Model, at: &At) -> Option<&'a Slo> {
    m.services[at[0]].slo.as_ref()
}

fn slo_mut<'a>(m: &'a mut Model, at: &At) -> &'a mut Slo {
    m.services[at[0]].slo.get_or_insert_with(Slo::default)
}
