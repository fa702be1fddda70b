//! Step 6 of the model: logging, metrics, tracing, SLOs and alerting.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// How the system is observed in production.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Observability {
    /// Structured logging.
    #[serde(default, skip_serializing_if = "Logging::is_empty")]
    pub logging: Logging,
    /// Metrics.
    #[serde(default, skip_serializing_if = "Metrics::is_empty")]
    pub metrics: Metrics,
    /// Distributed tracing.
    #[serde(default, skip_serializing_if = "Tracing::is_empty")]
    pub tracing: Tracing,
    /// Alerting and on-call.
    #[serde(default, skip_serializing_if = "Alerting::is_empty")]
    pub alerting: Alerting,
}

/// Structured logging.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Logging {
    /// Where logs are aggregated, e.g. `Loki`, `ELK`, `CloudWatch Logs`, `Splunk`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backend: Option<String>,
    /// The header that carries the correlation id between services.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub correlation_header: Option<String>,
    /// Days logs are kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retention_days: Option<u32>,
    /// Whether personal data is redacted before logs leave the service.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redact_pii: Option<bool>,
}

/// Metrics.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Metrics {
    /// Where metrics are stored, e.g. `Prometheus`, `Datadog`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backend: Option<String>,
    /// Where dashboards live, e.g. `Grafana`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dashboards: Option<String>,
    /// Which method frames each dashboard; both by default.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub methods: Vec<MetricsMethod>,
    /// Business metrics worth a dashboard, e.g. `orders placed per minute`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub business: Vec<String>,
}

/// A method for choosing metrics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum MetricsMethod {
    /// Rate, Errors, Duration for every request-serving service.
    Red,
    /// Utilisation, Saturation, Errors for every resource (pools, queues, hosts).
    Use,
}

/// Distributed tracing.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Tracing {
    /// Where traces are stored, e.g. `Jaeger`, `Tempo`, `Zipkin`, `Honeycomb`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backend: Option<String>,
    /// Fraction of traces kept by head sampling, from 0 to 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sample_rate: Option<f64>,
    /// Where the keep-or-drop decision is made: `head` in the SDK at the start of a trace, or
    /// `tail` in a collector that receives every span and keeps errors and slow traces.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sampling: Option<Sampling>,
}

/// Where traces are sampled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Sampling {
    /// The SDK decides at the root span; children follow the parent's decision.
    Head,
    /// The SDK sends every span; a collector decides once the trace is complete.
    Tail,
}

/// Alerting and on-call.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Alerting {
    /// Where alerts are routed, e.g. `PagerDuty`, `Opsgenie`, `Alertmanager`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tool: Option<String>,
    /// Who is paged, e.g. `the owning team's on-call rotation`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub on_call: String,
    /// Extra alert rules beyond SLO burn-rate alerts.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<String>,
    /// Alerts that guard a time objective: a flow's deadline or the consumers' delivery window.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub alerts: Vec<Alert>,
}

/// An alert on a condition that must hold for a while before it fires.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Alert {
    /// Unique name, e.g. `checkout-stuck`.
    pub name: String,
    /// What it watches, e.g. `orders pending payment for longer than 10 minutes`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub condition: String,
    /// Minutes from the problem starting to the page: the evaluation window plus how long
    /// the condition must hold (`for` in Prometheus).
    pub after_minutes: u32,
    /// The objective it guards: the name of a flow with a `deadline`, or `consumers` for
    /// `resilience.consumers.deliver_within_minutes`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guards: Option<String>,
    /// The service whose signal it watches, e.g. `payments` for a rise in PaymentFailed: its
    /// team's on-call is paged; `alerting.on_call` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service: Option<String>,
}

super::empty_is_default!(Observability, Logging, Metrics, Tracing, Alerting);
