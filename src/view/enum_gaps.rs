//! Event enums narrower than their source: an event field named like an enum field of its
//! publisher's resource that leaves out some of the resource's values. The publisher cannot
//! put such a value in the event, so the change it records either fails or breaks the
//! event's schema (a partner's cancel on an event that knows only patients and staff).
//! A lifecycle field is left out: an event published in some states carries only those.

use crate::model::{FieldType, Model};
use serde::Serialize;

/// One event enum that leaves out values of its resource's field.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EnumGap {
    /// The event.
    pub event: String,
    /// The field.
    pub field: String,
    /// The publisher.
    pub publisher: String,
    /// The resource whose field has more values.
    pub resource: String,
    /// The resource's values the event does not allow, in the resource's order.
    pub missing: Vec<String>,
    /// JSON pointer to the event's field in the model.
    pub at: String,
}

/// Every event enum of `model` that leaves out values its publisher's resource field has.
pub fn derive(model: &Model) -> Vec<EnumGap> {
    let mut out = Vec::new();
    for (i, s) in model.services.iter().enumerate() {
        for (j, e) in s.publishes.iter().enumerate() {
            for (k, f) in e.fields.iter().enumerate() {
                if f.ty != FieldType::Enum {
                    continue;
                }
                let source = s.api.resources.iter().find_map(|r| {
                    let lifecycle = crate::derive::lifecycle::field_of(r).map(|(_, x)| x);
                    r.fields
                        .iter()
                        .find(|x| x.name == f.name && x.ty == FieldType::Enum)
                        .filter(|x| lifecycle.is_none_or(|l| l.name != x.name))
                        .map(|x| (r, x))
                });
                let Some((r, x)) = source else { continue };
                let missing: Vec<String> = x
                    .values
                    .iter()
                    .filter(|v| !f.values.contains(v))
                    .cloned()
                    .collect();
                if !missing.is_empty() {
                    out.push(EnumGap {
                        event: e.name.clone(),
                        field: f.name.clone(),
                        publisher: s.name.clone(),
                        resource: r.name.clone(),
                        missing,
                        at: format!("/services/{i}/publishes/{j}/fields/{k}/values"),
                    });
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gaps(event_values: &str) -> Vec<EnumGap> {
        let yaml = format!(
            "version: 1\nname: t\nrequirements: {{domain: d}}\nservices:\n  - name: booking\n    responsibility: r\n    api:\n      resources:\n        - name: Appointment\n          fields:\n            - {{name: status, type: enum, values: [booked, cancelled, attended]}}\n            - {{name: cancelled_by, type: enum, values: [patient, staff, partner], optional: true}}\n    publishes:\n      - name: AppointmentCancelled\n        fields:\n          - {{name: status, type: enum, values: [cancelled]}}\n          - {{name: cancelled_by, type: enum, values: {event_values}}}\n"
        );
        derive(&serde_yaml::from_str(&yaml).unwrap())
    }

    #[test]
    fn an_event_enum_that_leaves_out_its_resources_values_is_found() {
        let found = gaps("[patient, staff]");
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].field, "cancelled_by");
        assert_eq!(found[0].missing, ["partner"]);
        assert_eq!(found[0].at, "/services/0/publishes/0/fields/1/values");
        // The lifecycle field is narrowed on purpose: a cancel event is published in one state.
        assert!(gaps("[patient, staff, partner]").is_empty());
    }
}
