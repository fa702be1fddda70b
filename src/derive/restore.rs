//! What a point-in-time restore of one store leaves out of step. The store comes back up to its
//! RPO behind everything that went on meanwhile: the events its owner consumed and handled, the
//! events it published that others acted on, and what outside providers did at its request.
//! Each owner's steps to bring it back in line follow from what the service consumes,
//! publishes and calls, so they are derived, not written per system.

use super::failures::StoreRecovery;
use crate::model::{Model, ServiceKind};
use serde::Serialize;

/// How the owner of one store brings it back in line after a point-in-time restore.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reconcile {
    /// The store.
    pub store: String,
    /// Its owning service.
    pub service: String,
    /// Most minutes of writes the restore may lose; none when the model states no RPO.
    pub rpo_minutes: Option<u32>,
    /// Events the owner consumes: its consumer groups rewind to the restore point, and the
    /// handled-event ids restored with the store let the replay redo only what was lost.
    pub consumes: Vec<String>,
    /// Events the owner publishes: those published after the restore point were acted on by
    /// their consumers, though the writes behind them are gone.
    pub publishes: Vec<String>,
    /// Outside systems the owner asks to act (on the request path or in the background): their
    /// records, by idempotency key, hold what they did meanwhile.
    pub providers: Vec<String>,
    /// Those systems as one phrase: `Twilio and Amazon SES`.
    pub providers_text: String,
}

/// The steps for each store of ours whose restore can lose writes (an RPO above zero, or none
/// stated) and whose owner exchanges anything with the rest of the system.
pub fn derive(model: &Model, stores: &[StoreRecovery]) -> Vec<Reconcile> {
    stores
        .iter()
        .filter(|r| r.rpo_minutes != Some(0))
        .filter_map(|r| {
            let s = model.services.iter().find(|s| s.name == r.service)?;
            if s.kind == ServiceKind::Legacy {
                return None;
            }
            let providers = super::link_style::external_calls(model, &s.name);
            let out = Reconcile {
                store: r.store.clone(),
                service: r.service.clone(),
                rpo_minutes: r.rpo_minutes,
                consumes: s.consumes.clone(),
                publishes: s.publishes.iter().map(|e| e.name.clone()).collect(),
                providers_text: crate::text::english::and_list(&providers),
                providers,
            };
            let any =
                !(out.consumes.is_empty() && out.publishes.is_empty() && out.providers.is_empty());
            any.then_some(out)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::derive::graph::tests::named as model;

    #[test]
    fn a_restore_names_what_its_owner_consumed_published_and_asked_of_providers() {
        let m = model(
            "requirements: {domain: d, recovery: {rpo_minutes: 5}}\nservices:\n  - name: pay\n    responsibility: r\n    consumes: [Placed]\n    publishes: [{name: Paid}]\n    data: [{name: payments, store: PostgreSQL}]\n  - {name: orders, responsibility: r, publishes: [{name: Placed}], data: [{name: orders, store: PostgreSQL, recovery: {rpo_minutes: 0}}]}\n  - {name: quiet, responsibility: r, data: [{name: notes, store: PostgreSQL}]}\nexternals: [{name: psp, description: d}]\ncommunication:\n  links:\n    - {from: pay, to: psp, background: true}\n",
        );
        let stores = crate::derive::failures::stores(&m);
        let r = super::derive(&m, &stores);
        // orders loses nothing (RPO 0); quiet exchanges nothing.
        assert_eq!(r.len(), 1);
        assert_eq!(
            (
                &r[0].store,
                &r[0].consumes,
                &r[0].publishes,
                &r[0].providers
            ),
            (
                &"payments".to_owned(),
                &vec!["Placed".to_owned()],
                &vec!["Paid".to_owned()],
                &vec!["psp".to_owned()]
            )
        );
        assert_eq!(r[0].rpo_minutes, Some(5));
    }
}
