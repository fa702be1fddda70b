//! What each service autoscales on: the model's one signal where it fits the service, and where
//! it does not, the signal that does (connections for a stream API, consumer lag for an event
//! consumer, CPU for request handling), so no document states one signal and then another.
//! An existing system is not ours to scale, and gets none.

use crate::model::{ApiStyle, Model, ScaleSignal, ServiceKind};
use crate::text::word;
use serde::Serialize;

/// One service's autoscaling signals.
#[derive(Debug, Clone, Serialize)]
pub struct ServiceScaling {
    /// The service.
    pub service: String,
    /// The signals it scales on, the autoscaler taking the largest replica count of them:
    /// `cpu`, `rps`, `queue-depth` or `connections`.
    pub signals: Vec<String>,
    /// Whether the model's own signal is not among them, because it does not fit the service.
    pub replaced: bool,
}

/// The signals of every service under the model's `signal`.
pub(super) fn by_service(model: &Model, signal: ScaleSignal) -> Vec<ServiceScaling> {
    model
        .services
        .iter()
        .filter(|s| crate::derive::guidance::runs(s.kind))
        .map(|s| {
            let style = s.api.style.unwrap_or(if s.kind == ServiceKind::Worker {
                ApiStyle::None
            } else {
                ApiStyle::Rest
            });
            let mut signals = Vec::new();
            match style {
                ApiStyle::Websocket | ApiStyle::Sse => signals.push(ScaleSignal::Connections),
                ApiStyle::None => {}
                _ => signals.push(match signal {
                    ScaleSignal::Cpu | ScaleSignal::Rps => signal,
                    _ => ScaleSignal::Cpu,
                }),
            }
            if !s.consumes.is_empty() || signals.is_empty() {
                signals.push(ScaleSignal::QueueDepth);
            }
            ServiceScaling {
                service: s.name.clone(),
                replaced: !signals.contains(&signal),
                signals: signals.into_iter().map(word).collect(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_service_gets_the_signal_that_fits_it() {
        let model: Model = serde_yaml::from_str(
            "version: 1\nname: t\nrequirements: {domain: d}\nservices:\n  - {name: api, responsibility: r}\n  - {name: live, responsibility: r, api: {style: websocket}, consumes: [E]}\n  - {name: work, kind: worker, responsibility: r, consumes: [E]}\n  - {name: old, kind: legacy, responsibility: r, consumes: [E]}\n",
        )
        .unwrap();
        let got = by_service(&model, ScaleSignal::Connections);
        let signals: Vec<(&str, Vec<&str>, bool)> = got
            .iter()
            .map(|s| {
                let v = s.signals.iter().map(String::as_str).collect();
                (s.service.as_str(), v, s.replaced)
            })
            .collect();
        assert_eq!(
            signals,
            [
                ("api", vec!["cpu"], true),
                ("live", vec!["connections", "queue-depth"], false),
                ("work", vec!["queue-depth"], true),
            ]
        );
        let rps = by_service(&model, ScaleSignal::Rps);
        assert_eq!(rps[0].signals, ["rps"]);
        assert!(!rps[0].replaced);
    }
}
