//! The STRIDE threats particular to a flow no client calls: background work that an event, or
//! an external system's signed callback, starts. Its callers are brokers and senders, not
//! people, so spoofing is a forged callback or message, and a flood is a backlog.

use super::{list, threat};
use crate::model::{Flow, Model};

use super::Threat;

/// The external systems whose calls start or move flow `f`, each with the signature header
/// of the webhook its service receives them on (none when it receives them on no webhook).
fn senders(model: &Model, f: &Flow) -> Vec<(String, Option<String>)> {
    let mut out: Vec<(String, Option<String>)> = Vec::new();
    for w in f.walk() {
        let s = w.step;
        if !model.externals.iter().any(|e| e.name == s.from) || out.iter().any(|o| o.0 == s.from) {
            continue;
        }
        let header = model
            .services
            .iter()
            .filter(|x| x.name == s.to)
            .flat_map(|x| &x.api.receives)
            .find(|r| r.from == s.from)
            .map(|r| r.signature_header.clone());
        out.push((s.from.clone(), header));
    }
    out
}

/// The replay a sender's signature leaves open: one that covers the body but no timestamp
/// verifies again whenever a captured delivery is sent again.
fn replay(senders: &[(String, Option<String>)]) -> Option<(String, String)> {
    let (n, h) = senders.iter().find_map(|(n, h)| {
        h.as_ref()
            .filter(|h| crate::derive::webhooks::timestamp(h) == "none")
            .map(|h| (n, h))
    })?;
    Some((
        n.clone(),
        format!(
            "{n}'s {h} signature covers the body but no timestamp, so a captured delivery verifies again whenever it is replayed: keep the ids of the events handled for longer than {n} retries, and drop a repeat by its id before acting."
        ),
    ))
}

/// The replay gap of a flow's signed callbacks, for a flow people start (see [`replay`]).
pub(super) fn replay_gap(model: &Model, f: &Flow) -> Option<(String, String)> {
    replay(&senders(model, f))
}

/// What proves who sent a message of the flow: each sender's signed callbacks, then the
/// services' identity.
fn proofs(senders: &[(String, Option<String>)], identity: Option<&str>) -> Vec<String> {
    senders
        .iter()
        .filter_map(|(n, h)| {
            h.as_ref()
                .map(|h| format!("{n}'s callbacks verified by their {h} signature"))
        })
        .chain(identity.map(str::to_owned))
        .collect()
}

pub(super) fn spoofing(model: &Model, f: &Flow, identity: Option<&str>) -> Threat {
    let senders = senders(model, f);
    let names: Vec<String> = senders.iter().map(|s| s.0.clone()).collect();
    let unsigned: Vec<String> = senders
        .iter()
        .filter(|s| s.1.is_none())
        .map(|s| s.0.clone())
        .collect();
    let mitigation = proofs(&senders, identity);
    threat(
        "Spoofing",
        if names.is_empty() {
            "A workload posing as one of the flow's services, or a forged message on the broker."
                .into()
        } else {
            format!(
                "A forged callback posing as {}, or a workload posing as one of the flow's services.",
                list(&names)
            )
        },
        mitigation.join("; "),
        if !unsigned.is_empty() {
            format!(
                "{} calls in on no signed webhook: state the receiving service's `api.receives` with its signature header.",
                list(&unsigned)
            )
        } else if let Some((_, gap)) = replay(&senders) {
            gap
        } else if identity.is_none() {
            "Service identity is assumed, not stated (security.service_identity).".into()
        } else {
            String::new()
        },
    )
}

pub(super) fn denial_of_service(model: &Model, f: &Flow) -> Threat {
    let senders: Vec<String> = senders(model, f).into_iter().map(|s| s.0).collect();
    let start = f
        .triggered_by
        .as_ref()
        .map(|e| format!("A burst of {e} (a backlog after an outage)"))
        .unwrap_or_else(|| "A backlog of the messages that start it".into());
    threat(
        "Denial of service",
        if senders.is_empty() {
            format!("{start}, and slow dependencies holding its handlers.")
        } else {
            format!(
                "{start}, a flood of callbacks from {}, and slow dependencies holding its handlers.",
                list(&senders)
            )
        },
        if senders.is_empty() {
            "consumers take messages at their own pace; timeouts and bulkheads on each call".into()
        } else {
            "consumers take messages at their own pace; a callback's route takes the sender's \
             published source addresses only, with a rate limit of its own, and each callback is \
             verified before any other work, stored and answered at once; timeouts and bulkheads \
             on each call"
                .into()
        },
        String::new(),
    )
}

pub(super) fn elevation(model: &Model, f: &Flow, identity: Option<&str>) -> Threat {
    let senders = senders(model, f);
    let mitigation = proofs(&senders, identity);
    threat(
        "Elevation of privilege",
        "A forged message or callback changing records it does not concern; no user's token is involved."
            .into(),
        mitigation.join("; "),
        if mitigation.is_empty() {
            "Nothing proves who sent the messages that move this flow: state the service identity (security.service_identity) and sign external callbacks.".into()
        } else {
            String::new()
        },
    )
}

#[cfg(test)]
mod tests {
    use crate::derive::threats::flows;
    use crate::model::Model;

    /// A fulfilment no client calls: PaymentCaptured starts it, and the warehouse's callback
    /// (signed when `receives` is given) moves it.
    fn model(receives: &str, security: &str) -> Model {
        let yaml = format!(
            "version: 1\nname: t\nrequirements: {{domain: d}}\n\
             services:\n  - name: orders\n    responsibility: r\n    api:\n      receives: [{receives}]\n    \
             publishes: [{{name: PaymentCaptured}}, {{name: OrderShipped}}]\n\
             externals: [{{name: wh}}]\ncommunication:\n  brokers: [{{name: k, technology: Kafka}}]\n  \
             flows:\n    - name: Ship\n      triggered_by: PaymentCaptured\n      steps:\n        \
             - {{from: k, to: orders, action: PaymentCaptured}}\n        \
             - {{from: wh, to: orders, action: dispatched}}\n        \
             - {{from: orders, to: k, action: OrderShipped}}\n{security}"
        );
        serde_yaml::from_str(&yaml).unwrap()
    }

    fn threat(m: &Model, category: &str) -> crate::derive::threats::Threat {
        let t = &flows(m)[0].threats;
        t.iter().find(|t| t.category == category).unwrap().clone()
    }

    #[test]
    fn a_flow_no_client_calls_is_threatened_by_forged_callbacks_and_backlogs() {
        let signed = "{from: wh, signature_header: X-Wh-Signature}";
        let m = model(signed, "security: {service_identity: mtls}\n");
        let spoofing = threat(&m, "Spoofing");
        assert!(spoofing.exposure.contains("A forged callback posing as wh"));
        assert_eq!(
            spoofing.mitigation,
            "wh's callbacks verified by their X-Wh-Signature signature; mTLS between services"
        );
        assert_eq!(spoofing.gap, "");
        // No user's flood and no rate limit to ask for: a backlog of its trigger.
        let dos = threat(&m, "Denial of service");
        assert!(dos.exposure.starts_with("A burst of PaymentCaptured"));
        assert_eq!(dos.gap, "");
        assert_eq!(threat(&m, "Elevation of privilege").gap, "");
        // A sender on no signed webhook, and no service identity, are the gaps.
        let m = model("", "");
        assert!(
            threat(&m, "Spoofing")
                .gap
                .contains("wh calls in on no signed webhook")
        );
        assert!(
            threat(&m, "Elevation of privilege")
                .gap
                .contains("security.service_identity")
        );
    }
}
