//! Guidance that must be right for the model: one sampling strategy that can keep error
//! traces, a rollout that fits each kind of workload, CSRF only for cookie sessions, and
//! alerts routed to the team that owns the service.

use crate::model::{ApiStyle, AuthMethod, Model, Sampling, ServiceKind};

/// Where traces are sampled, and why.
pub fn sampling(model: &Model, rate: f64) -> (Sampling, String) {
    let t = &model.observability.tracing;
    if let Some(s) = t.sampling {
        let why = match s {
            Sampling::Tail => {
                "the model chooses it, so that every error and slow trace is kept whatever share \
                 of the rest is"
            }
            Sampling::Head => {
                "the model chooses it: the SDK decides before the outcome is known, so an error \
                 trace is kept only at the sampling rate"
            }
        };
        return (s, why.into());
    }
    if t.sample_rate.is_some() {
        return (
            Sampling::Head,
            "the model states a head-sampling rate".into(),
        );
    }
    if rate >= 1.0 {
        return (
            Sampling::Head,
            "at this load every trace is kept, so no collector has to choose".into(),
        );
    }
    let load = match model.requirements.scale.peak_rps {
        Some(p) => format!(
            "at {} requests a second",
            crate::text::numbers::thousands(f64::from(p))
        ),
        None => "at this load".to_owned(),
    };
    (
        Sampling::Tail,
        format!(
            "{load} the trace backend is assumed to keep {}% of traces; a collector that \
             receives every span can keep every error and slow trace and sample only the rest, \
             which head sampling in the SDK cannot",
            (rate * 1000.0).round() / 10.0
        ),
    )
}

/// The failing requests a second at peak whose trace head sampling drops: the error budget's
/// share of the peak (what the availability target lets fail) times the share not sampled.
/// None unless head sampling keeps less than every trace.
pub fn untraced_errors_per_s(model: &Model, sampling: Sampling, rate: f64) -> Option<f64> {
    if sampling != Sampling::Head || rate >= 1.0 {
        return None;
    }
    let budget = 1.0 - crate::defaults::availability(model) / 100.0;
    let peak = f64::from(model.requirements.scale.peak_rps.unwrap_or(0));
    // To the hundredth: a count of requests, not a float's last digits.
    Some((budget * peak * (1.0 - rate) * 100.0).round() / 100.0)
}

/// How a new version of one component reaches production.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rollout {
    /// The legacy system: another pipeline releases it.
    NotReleased,
    /// Long-lived connections move as they drain.
    ByConnections,
    /// Whole replicas at a time: workers and anything that serves no requests.
    ByInstances,
    /// Requests by the router's weight.
    ByWeight,
    /// Requests by weight, and the component's event consumers by instances.
    ByWeightConsumersByInstances,
}

impl Rollout {
    /// The rollout in words, as the documents print it.
    pub fn words(self) -> &'static str {
        match self {
            Rollout::NotReleased => "not released by this pipeline",
            Rollout::ByConnections => "by connections",
            Rollout::ByInstances => "by instances",
            Rollout::ByWeight => "by traffic weight",
            Rollout::ByWeightConsumersByInstances => {
                "by traffic weight, and its consumers by instances"
            }
        }
    }

    /// Whether some of the component moves a whole replica at a time.
    pub fn moves_instances(self) -> bool {
        matches!(
            self,
            Rollout::ByInstances | Rollout::ByWeightConsumersByInstances
        )
    }
}

/// How a new version of one component reaches production: HTTP by traffic weight, consumers
/// and workers by instances, long-lived connections by draining.
pub fn rollout(kind: ServiceKind, style: ApiStyle, consumes: bool) -> Rollout {
    match (kind, style) {
        (ServiceKind::Legacy, _) => Rollout::NotReleased,
        (_, ApiStyle::Websocket | ApiStyle::Sse) => Rollout::ByConnections,
        (ServiceKind::Worker, _) | (_, ApiStyle::None) => Rollout::ByInstances,
        _ if consumes => Rollout::ByWeightConsumersByInstances,
        _ => Rollout::ByWeight,
    }
}

/// The services that run as two Deployments, one serving and one consuming, in model order.
pub fn two_deployments(model: &crate::model::Model) -> Vec<&str> {
    (model.services.iter())
        .filter(|s| deployments(s) > 1)
        .map(|s| s.name.as_str())
        .collect()
}

/// The Deployments `s` runs: two for a service that answers requests and consumes events (one
/// serving, one consuming, each with its own replicas and rollout), else one.
pub fn deployments(s: &crate::model::Service) -> u32 {
    let style = crate::defaults::api_style(s.kind, s.api.style);
    match rollout(s.kind, style, !s.consumes.is_empty()) {
        Rollout::ByWeightConsumersByInstances => 2,
        _ => 1,
    }
}

/// Whether this design runs the component: releases it, scales it and pages for it. An existing
/// system is released by another pipeline and watched by the team that runs it.
pub fn runs(kind: ServiceKind) -> bool {
    rollout(kind, ApiStyle::None, false) != Rollout::NotReleased
}

/// Whether any authentication rides on cookies, the only case CSRF protection is for.
pub fn csrf_applies(model: &Model) -> bool {
    model
        .security
        .authentication
        .iter()
        .any(|a| a.method == AuthMethod::Session)
}

/// Who a service's pages go to: its team's rotation, else the model's on-call, else nobody yet.
pub fn alert_route(model: &Model, team: &str) -> String {
    if !team.is_empty() {
        return format!("{team} on-call");
    }
    let on_call = &model.observability.alerting.on_call;
    if on_call.is_empty() {
        "unassigned (set the service's team)".into()
    } else {
        on_call.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model(yaml: &str) -> Model {
        serde_yaml::from_str(&format!(
            "version: 1\nname: t\nrequirements: {{domain: d}}\n{yaml}"
        ))
        .unwrap()
    }

    #[test]
    fn sampling_below_everything_happens_in_the_collector() {
        let m = model("");
        assert_eq!(sampling(&m, 1.0).0, Sampling::Head);
        assert_eq!(sampling(&m, 0.05).0, Sampling::Tail);
        let stated = model("observability: {tracing: {sample_rate: 0.1}}");
        assert_eq!(sampling(&stated, 0.1).0, Sampling::Head);
        let tail = model("observability: {tracing: {sampling: tail}}");
        assert_eq!(sampling(&tail, 1.0).0, Sampling::Tail);
    }

    #[test]
    fn head_sampling_counts_the_error_traces_it_drops() {
        let mut m = model("observability: {tracing: {sample_rate: 0.1}}");
        m.requirements.scale.peak_rps = Some(1000);
        m.requirements.availability = Some(99.9);
        let lost = untraced_errors_per_s(&m, Sampling::Head, 0.1).unwrap();
        assert_eq!(lost, 0.9);
        assert_eq!(untraced_errors_per_s(&m, Sampling::Tail, 0.1), None);
        assert_eq!(untraced_errors_per_s(&m, Sampling::Head, 1.0), None);
    }

    #[test]
    fn rollout_fits_the_workload() {
        assert_eq!(
            rollout(ServiceKind::Service, ApiStyle::Rest, false),
            Rollout::ByWeight
        );
        assert_eq!(
            rollout(ServiceKind::Worker, ApiStyle::None, true),
            Rollout::ByInstances
        );
        assert_eq!(
            rollout(ServiceKind::Service, ApiStyle::Websocket, false),
            Rollout::ByConnections
        );
        let both = rollout(ServiceKind::Service, ApiStyle::Rest, true);
        assert!(both.moves_instances() && both.words().contains("consumers by instances"));
        assert!(!Rollout::ByWeight.moves_instances());
        assert!(runs(ServiceKind::Worker) && !runs(ServiceKind::Legacy));
    }

    #[test]
    fn csrf_only_for_cookie_sessions() {
        assert!(!csrf_applies(&model(
            "security: {authentication: [{method: oidc}]}"
        )));
        assert!(csrf_applies(&model(
            "security: {authentication: [{method: session}]}"
        )));
    }

    #[test]
    fn pages_go_to_the_owning_team() {
        let m = model("observability: {alerting: {on_call: ops}}");
        assert_eq!(alert_route(&m, "checkout"), "checkout on-call");
        assert_eq!(alert_route(&m, ""), "ops");
    }
}
