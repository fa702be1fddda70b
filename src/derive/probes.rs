//! What a synthetic request sent to a canary may do. A synthetic request is a real call: a read
//! changes nothing, but a write books, charges or sends for real, and the events it publishes
//! reach the consumers and, through them, outside systems. So a component judged by synthetic
//! requests is probed freely on its reads, and on its writes only against test data, with the
//! outside systems a write would reach named so that their callers skip a synthetic one.

use crate::model::{Model, Operation, Service};
use serde::Serialize;

/// What the synthetic requests of one component may call, and what its writes would reach.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Probe {
    /// The component.
    pub service: String,
    /// Its reads, e.g. `list Slot`, `get Slot`: probed freely.
    pub reads: Vec<String>,
    /// Its reads of people's data (a resource with personal fields or an owner), e.g. `get
    /// Patient`: probed only on the test account's own records, since every read of a real
    /// person's data is an access the audit and the privacy rules count.
    pub personal_reads: Vec<String>,
    /// Its writes, e.g. `create Appointment`, `cancel Appointment`: probed on test data only.
    pub writes: Vec<String>,
    /// The ids a create is given of other items, by write, e.g. `create Appointment` naming
    /// `clinician_id` and `patient_id`: a synthetic one names test items there too, or it acts
    /// on real ones (books a real clinician's time).
    pub names: Vec<Named>,
    /// The outside systems a write reaches: those the component calls on the request path, and
    /// those the consumers of its events call, each as `Amazon SES (through notifications)`.
    pub reaches: Vec<String>,
}

/// The ids of other items one synthetic write is given.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Named {
    /// The write, e.g. `create Appointment`.
    pub write: String,
    /// The fields, e.g. `clinician_id`.
    pub fields: Vec<String>,
}

/// The probe of `service`: its operations split into reads and writes, and where a write goes.
pub fn of(model: &Model, service: &str) -> Option<Probe> {
    let s = model.services.iter().find(|s| s.name == service)?;
    let (mut reads, mut personal_reads, mut writes) = (Vec::new(), Vec::new(), Vec::new());
    let mut names = Vec::new();
    for r in &s.api.resources {
        let ops = r.operations.clone().unwrap_or(Operation::DEFAULTS.to_vec());
        let personal = r.owner.is_some() || r.fields.iter().any(|f| f.is_personal());
        for op in ops {
            let line = format!("{} {}", crate::text::word(op), r.name);
            match op {
                Operation::List | Operation::Get | Operation::Subscribe if personal => {
                    personal_reads.push(line)
                }
                Operation::List | Operation::Get | Operation::Subscribe => reads.push(line),
                Operation::Create => {
                    let fields = given_ids(r);
                    if !fields.is_empty() {
                        names.push(Named {
                            write: line.clone(),
                            fields,
                        });
                    }
                    writes.push(line)
                }
                _ => writes.push(line),
            }
        }
        writes.extend(r.actions.iter().map(|a| format!("{} {}", a.name, r.name)));
    }
    Some(Probe {
        service: s.name.clone(),
        reads,
        personal_reads,
        reaches: if writes.is_empty() {
            Vec::new()
        } else {
            reaches(model, s)
        },
        writes,
        names,
    })
}

/// The ids of other items a create of `r` is given: the fields it takes (not read-only) named
/// `…_id`, whatever their type, so an item it names is one it acts on.
fn given_ids(r: &crate::model::Resource) -> Vec<String> {
    (r.fields.iter())
        .filter(|f| !f.read_only && f.name.ends_with("_id") && f.name != "id")
        .map(|f| f.name.clone())
        .collect()
}

/// The external systems `s` calls itself, then those each consumer of its events calls.
fn reaches(model: &Model, s: &Service) -> Vec<String> {
    let calls = |from: &str| super::link_style::external_calls(model, from);
    let mut out: Vec<String> = calls(&s.name);
    for c in &model.services {
        let hears = s
            .publishes
            .iter()
            .any(|e| c.consumes.iter().any(|x| x == &e.name));
        if c.name == s.name || !hears {
            continue;
        }
        for to in calls(&c.name) {
            let line = format!("{to} (through {})", c.name);
            if !out.contains(&line) && !out.contains(&to) {
                out.push(line);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::derive::graph::tests::named as model;

    #[test]
    fn reads_are_probed_freely_and_a_write_names_what_it_reaches_outside() {
        let m = model(
            "requirements: {domain: d}\nservices:\n  - name: booking\n    responsibility: r\n    publishes: [{name: Booked}]\n    api: {resources: [{name: Appointment, operations: [list, get, create], actions: [{name: cancel}]}]}\n  - {name: mail, kind: worker, responsibility: r, consumes: [Booked]}\n  - {name: slots, responsibility: r, api: {resources: [{name: Slot, operations: [list]}]}}\nexternals: [{name: SES, description: d}, {name: EHR, description: d}]\ncommunication:\n  links:\n    - {from: mail, to: SES}\n    - {from: booking, to: EHR}\n",
        );
        let p = super::of(&m, "booking").unwrap();
        assert_eq!(p.reads, ["list Appointment", "get Appointment"]);
        assert_eq!(p.writes, ["create Appointment", "cancel Appointment"]);
        assert_eq!(p.reaches, ["EHR", "SES (through mail)"]);
        // Reads only: nothing to keep away from the outside world.
        let slots = super::of(&m, "slots").unwrap();
        assert!(slots.writes.is_empty() && slots.reaches.is_empty());
    }

    #[test]
    fn a_synthetic_create_names_the_ids_it_is_given_and_not_the_server_s() {
        let m: crate::model::Model = serde_yaml::from_str(
            "version: 1\nname: t\nrequirements: {domain: d}\nservices:\n  - name: booking\n    responsibility: r\n    api:\n      resources:\n        - name: Appointment\n          fields:\n            - {name: id, type: uuid, read_only: true}\n            - {name: clinic_id, type: uuid, read_only: true}\n            - {name: clinician_id, type: uuid}\n            - {name: patient_id, type: uuid}\n            - {name: starts_at, type: datetime}\n",
        )
        .unwrap();
        let p = super::of(&m, "booking").unwrap();
        assert_eq!(
            p.names,
            [super::Named {
                write: "create Appointment".into(),
                fields: vec!["clinician_id".into(), "patient_id".into()],
            }]
        );
    }
}
