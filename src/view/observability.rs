//! Step 6 of the view: logging, metrics, tracing and alerting, with defaults resolved.

use crate::defaults;
use crate::model::*;
use serde::Serialize;

/// Observability, resolved.
#[derive(Debug, Clone, Serialize)]
pub struct ObservabilityView {
    /// Log aggregation backend, if chosen.
    pub log_backend: Option<String>,
    /// Correlation header.
    pub correlation_header: String,
    /// Log retention in days.
    pub log_retention_days: u32,
    /// Whether the retention is the default (30 days) rather than the model's.
    pub log_retention_derived: bool,
    /// Whether personal data is redacted.
    pub redact_pii: bool,
    /// Whether the model states it (`observability.logging.redact_pii`); assumed yes else.
    pub redact_pii_stated: bool,
    /// Metrics backend, if chosen.
    pub metrics_backend: Option<String>,
    /// Dashboards, if chosen.
    pub dashboards: Option<String>,
    /// RED metrics for request-serving services.
    pub red: bool,
    /// USE metrics for resources.
    pub r#use: bool,
    /// Business metrics.
    pub business_metrics: Vec<String>,
    /// Trace backend, if chosen.
    pub trace_backend: Option<String>,
    /// Head-sampling rate, resolved.
    pub sample_rate: f64,
    /// Whether the sample rate was derived from the load.
    pub sample_rate_derived: bool,
    /// `head` (the SDK decides at the root span) or `tail` (a collector receiving every span
    /// decides once the trace is complete).
    pub sampling: String,
    /// Why that sampling strategy.
    pub sampling_why: String,
    /// Under head sampling that keeps less than every trace, the failing requests a second at
    /// peak whose trace is dropped: the error budget's share of the peak times the share not
    /// sampled (none under tail sampling or when every trace is kept).
    pub untraced_errors_per_s: Option<f64>,
    /// How long the tail collector waits after a trace's first span before it decides, in
    /// seconds.
    pub decision_wait_seconds: u64,
    /// Under tail sampling, the flows whose asynchronous part can outlast that wait (empty
    /// under head sampling, which decides at the first span).
    pub long_flows: Vec<crate::derive::trace_segments::LongFlow>,
    /// Where each service's pages go: its team's rotation.
    pub routes: Vec<AlertRoute>,
    /// Where each journey's pages go: the rotation of the team owning the first service it
    /// reaches (the journey's owner).
    pub journey_routes: Vec<AlertRoute>,
    /// Alert routing tool, if chosen.
    pub alert_tool: Option<String>,
    /// Who is paged.
    pub on_call: String,
    /// Whether the model names who is paged (`alerting.on_call`).
    pub on_call_stated: bool,
    /// Extra alert rules.
    pub alert_rules: Vec<String>,
    /// Alerts that guard a time objective, with the objective's minutes.
    pub alerts: Vec<AlertView>,
}

/// An alert and the time objective it guards.
#[derive(Debug, Clone, Serialize)]
pub struct AlertView {
    /// Its name.
    pub name: String,
    /// What it watches.
    pub condition: String,
    /// Minutes from the problem starting to the page.
    pub after_minutes: u32,
    /// The flow it guards, or `consumers`; none when it guards no time objective.
    pub guards: Option<String>,
    /// Who is paged: the watched service's team's on-call, else `alerting.on_call`.
    pub route: String,
    /// The guarded objective in minutes: the flow's deadline or the consumers' delivery
    /// window.
    pub objective_minutes: Option<u32>,
}

/// Where one service's (or journey's) alerts go.
#[derive(Debug, Clone, Serialize)]
pub struct AlertRoute {
    /// The journey, for a journey's route; empty for a service's.
    pub journey: String,
    /// The service (for a journey, the one owning it).
    pub service: String,
    /// Its team, empty when the model names none.
    pub team: String,
    /// Who is paged.
    pub route: String,
}

pub(super) fn observability(
    model: &Model,
    long_flows: Vec<crate::derive::trace_segments::LongFlow>,
) -> ObservabilityView {
    let o = &model.observability;
    let methods = &o.metrics.methods;
    let rate = defaults::sample_rate(model);
    let (sampling, sampling_why) = crate::derive::guidance::sampling(model, rate);
    ObservabilityView {
        decision_wait_seconds: crate::derive::trace_segments::DECISION_WAIT_MS / 1000,
        long_flows: if sampling == Sampling::Tail {
            long_flows
        } else {
            Vec::new()
        },
        untraced_errors_per_s: crate::derive::guidance::untraced_errors_per_s(
            model, sampling, rate,
        ),
        sampling: crate::text::word(sampling),
        sampling_why,
        routes: model
            .services
            .iter()
            .filter(|s| crate::derive::guidance::runs(s.kind))
            .map(|s| AlertRoute {
                journey: String::new(),
                service: s.name.clone(),
                team: s.team.clone(),
                route: crate::derive::guidance::alert_route(model, &s.team),
            })
            .collect(),
        journey_routes: journey_routes(model),
        log_backend: o.logging.backend.clone(),
        correlation_header: o
            .logging
            .correlation_header
            .clone()
            .unwrap_or_else(|| "traceparent".into()),
        log_retention_days: o.logging.retention_days.unwrap_or(30),
        log_retention_derived: o.logging.retention_days.is_none(),
        redact_pii: o.logging.redact_pii.unwrap_or(true),
        redact_pii_stated: o.logging.redact_pii.is_some(),
        metrics_backend: o.metrics.backend.clone(),
        dashboards: o.metrics.dashboards.clone(),
        red: methods.is_empty() || methods.contains(&MetricsMethod::Red),
        r#use: methods.is_empty() || methods.contains(&MetricsMethod::Use),
        business_metrics: o.metrics.business.clone(),
        trace_backend: o.tracing.backend.clone(),
        sample_rate: defaults::sample_rate(model),
        sample_rate_derived: o.tracing.sample_rate.is_none(),
        alert_tool: o.alerting.tool.clone(),
        on_call_stated: !o.alerting.on_call.is_empty(),
        on_call: if o.alerting.on_call.is_empty() {
            "the owning team's on-call rotation".into()
        } else {
            o.alerting.on_call.clone()
        },
        alert_rules: o.alerting.rules.clone(),
        alerts: o
            .alerting
            .alerts
            .iter()
            .map(|a| AlertView {
                name: a.name.clone(),
                condition: a.condition.clone(),
                after_minutes: a.after_minutes,
                guards: a.guards.clone(),
                route: alert_route(model, a.service.as_deref()),
                objective_minutes: a
                    .guards
                    .as_deref()
                    .and_then(|g| objective_minutes(model, g)),
            })
            .collect(),
    }
}

/// Each flow's owner and whom its journey's alerts page.
fn journey_routes(model: &Model) -> Vec<AlertRoute> {
    let flows = model.communication.flows.iter();
    flows
        .filter_map(|f| {
            let owner = crate::derive::open::flow_owner(model, f)?;
            let team = model
                .services
                .iter()
                .find(|s| s.name == owner)
                .map_or_else(String::new, |s| s.team.clone());
            Some(AlertRoute {
                journey: f.name.clone(),
                route: alert_route(model, Some(&owner)),
                service: owner,
                team,
            })
        })
        .collect()
}

/// Who an alert on `service` pages: its team's on-call, else the model's `on_call`.
fn alert_route(model: &Model, service: Option<&str>) -> String {
    let team = service
        .and_then(|n| model.services.iter().find(|s| s.name == n))
        .map_or("", |s| s.team.as_str());
    if team.is_empty() && !model.observability.alerting.on_call.is_empty() {
        return model.observability.alerting.on_call.clone();
    }
    crate::derive::guidance::alert_route(model, team)
}

/// The minutes of the time objective named `guards`: a flow's deadline, or the consumers'
/// delivery window for `consumers`.
fn objective_minutes(model: &Model, guards: &str) -> Option<u32> {
    model
        .communication
        .flows
        .iter()
        .find(|f| f.name == guards)
        .and_then(|f| f.deadline.as_ref().map(|d| d.minutes))
        .or_else(|| {
            (guards == "consumers")
                .then_some(model.resilience.consumers.deliver_within_minutes)
                .flatten()
        })
}
