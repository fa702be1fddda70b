//! Lifecycle moves whose `by` names an event the resource's own service publishes and does not
//! consume: the event announces the move, so it cannot be what causes it. The cause is what
//! reaches the service (a request, a consumed event, a callback, a call's answer), and a reader
//! of the state machine looks for it there.

use crate::model::Model;
use serde::Serialize;

/// A move named after its own announcement.
#[derive(Debug, Clone, Serialize)]
pub struct OwnMove {
    /// The service.
    pub service: String,
    /// The resource.
    pub resource: String,
    /// The state moved to.
    pub state: String,
    /// The states it moves from.
    pub from: Vec<String>,
    /// The event its service publishes.
    pub event: String,
    /// The model pointer of the event under `by`.
    pub at: String,
}

/// Every move of every resource whose `by` names its own service's published event.
pub fn derive(model: &Model) -> Vec<OwnMove> {
    let mut out = Vec::new();
    for (i, s) in model.services.iter().enumerate() {
        let own =
            |e: &str| s.publishes.iter().any(|p| p.name == e) && !s.consumes.iter().any(|c| c == e);
        for (j, r) in s.api.resources.iter().enumerate() {
            for (k, o) in r.set_by.iter().enumerate() {
                for (n, b) in o.by.iter().enumerate().filter(|(_, b)| own(b)) {
                    out.push(OwnMove {
                        service: s.name.clone(),
                        resource: r.name.clone(),
                        state: o.state.clone(),
                        from: o.from.clone(),
                        event: b.clone(),
                        at: format!("/services/{i}/api/resources/{j}/set_by/{k}/by/{n}"),
                    });
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::model::Model;

    #[test]
    fn a_move_by_the_services_own_event_is_found_and_one_it_consumes_is_not() {
        let yaml = "version: 1\nname: t\nrequirements: {domain: d}\nservices:\n  - name: orders\n    responsibility: r\n    publishes: [{name: Refused}, {name: Looped}]\n    consumes: [Paid, Looped]\n    api:\n      resources:\n        - name: Order\n          fields: [{name: status, type: enum, values: [pending, paid, cancelling]}]\n          set_by:\n            - {state: paid, by: [Paid], from: [pending]}\n            - {state: paid, by: [Looped, Refused], from: [cancelling]}\n";
        let model: Model = serde_yaml::from_str(yaml).expect("test model parses");
        let found = super::derive(&model);
        let got: Vec<(&str, &str, &str)> = (found.iter())
            .map(|m| (m.state.as_str(), m.event.as_str(), m.at.as_str()))
            .collect();
        // Paid comes from outside; Looped it publishes but consumes too (its own follow-up).
        assert_eq!(
            got,
            [(
                "paid",
                "Refused",
                "/services/0/api/resources/0/set_by/1/by/1"
            )]
        );
    }
}
