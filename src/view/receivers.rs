//! The webhooks a service receives from external systems, as its contract shows them: one
//! unauthenticated `POST` per sender, trusted only once the sender's signature verifies.

use crate::model::{Model, Receiver};
use crate::text::names;
use serde::Serialize;

/// One webhook endpoint of a service's contract.
#[derive(Debug, Clone, Serialize)]
pub struct ReceiverView {
    /// The external system that calls it.
    pub from: String,
    /// Its path, e.g. `/webhooks/stripe`.
    pub path: String,
    /// The operation id, e.g. `receiveStripeEvent`.
    pub operation_id: String,
    /// The request schema's name, e.g. `StripeEvent`.
    pub schema: String,
    /// The header carrying the signature.
    pub signature_header: String,
    /// The sender's event types handled, in model order.
    pub events: Vec<String>,
    /// What the service does with them.
    pub description: String,
    /// The gateway it comes in through (its link's `via`), if any.
    pub via: Option<String>,
    /// Whether the sender signs a timestamp with each delivery, so a stale one can be refused:
    /// `signed` (Stripe-Signature's `t=`, Standard Webhooks, Slack), `none` (GitHub's
    /// X-Hub-Signature, Shopify's, Twilio's: a captured delivery replays as valid) or
    /// `unknown` for a header not in the table.
    pub timestamp: &'static str,
    /// How the sender redelivers a callback not answered `2xx`, as it documents it (see
    /// [`crate::derive::webhooks::redelivery`]); none for a sender not known by its header.
    pub redelivery: Option<&'static str>,
    /// The attempts in all the sender makes, as its link's `delivery.max_attempts` states.
    pub max_attempts: Option<u32>,
    /// The hours it retries over, as its link's `delivery.retry_hours` states.
    pub retry_hours: Option<u32>,
}

use crate::derive::webhooks::{redelivery, timestamp};

/// The receivers of service `service`'s API, each with its derived path and names, and the
/// gateway its sender's link enters through.
pub(super) fn build(model: &Model, service: &str, receives: &[Receiver]) -> Vec<ReceiverView> {
    receives
        .iter()
        .map(|r| {
            let pascal = names::pascal(&r.from, "Sender");
            let link =
                (model.communication.links.iter()).find(|l| l.from == r.from && l.to == service);
            let delivery = link.and_then(|l| l.delivery.as_ref());
            ReceiverView {
                from: r.from.clone(),
                path: r
                    .path
                    .clone()
                    .unwrap_or_else(|| crate::text::names::receiver_path(&r.from)),
                operation_id: format!("receive{pascal}Event"),
                schema: format!("{pascal}Event"),
                signature_header: r.signature_header.clone(),
                timestamp: timestamp(&r.signature_header),
                redelivery: redelivery(&r.signature_header),
                max_attempts: delivery.and_then(|d| d.max_attempts),
                retry_hours: delivery.and_then(|d| d.retry_hours),
                events: r.events.clone(),
                description: r.description.clone(),
                via: link.and_then(|l| l.via.clone()),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_receiver_without_a_path_is_served_under_webhooks() {
        let r = Receiver {
            from: "Stripe".into(),
            signature_header: "Stripe-Signature".into(),
            ..Receiver::default()
        };
        let model: Model =
            serde_yaml::from_str("version: 1\nname: t\nrequirements: {domain: d}\n").unwrap();
        let v = &build(&model, "pay", &[r])[0];
        assert_eq!(v.path, "/webhooks/stripe");
        assert_eq!(v.operation_id, "receiveStripeEvent");
        assert_eq!(v.schema, "StripeEvent");
        assert_eq!(v.timestamp, "signed");
    }

    #[test]
    fn a_sender_that_signs_no_timestamp_is_known_by_its_header() {
        assert_eq!(timestamp("X-Hub-Signature"), "none");
        assert_eq!(timestamp(" x-hub-signature-256 "), "none");
        assert_eq!(timestamp("Webhook-Signature"), "signed");
        assert_eq!(timestamp("X-Ehr-Signature"), "unknown");
        // Only a sender known by its header has a documented redelivery; any other's is assumed.
        assert!(redelivery("Stripe-Signature").is_some_and(|r| r.contains("three days")));
        assert_eq!(redelivery("X-Hub-Signature-256"), None);
        assert_eq!(redelivery("X-Warehouse-Signature"), None);
    }
}
