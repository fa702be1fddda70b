//! What a background job races: the moves of a lifecycle it makes from states where an event,
//! a callback or an action can move the same item at the same moment (`set_by` naming the job
//! with `from`), and the overlap of its own runs. Each is a failure-path test of testing.md.

use super::{FlowView, performance::JobView};
use crate::derive::lifecycle::State;
use crate::model::Model;
use serde::Serialize;

/// One job's races.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct JobRaces {
    /// The job.
    pub job: String,
    /// Its service.
    pub service: String,
    /// `runs` for scheduled and batch work (a run that outlasts its period meets the next),
    /// `items` for queued and stream work (an item delivered twice).
    pub work: &'static str,
    /// For scheduled work, the longest wait between runs.
    pub period_minutes: Option<u32>,
    /// The lifecycle moves it makes from named states, each with what moves the same item
    /// from those states.
    pub moves: Vec<JobMove>,
}

/// A lifecycle move a job makes, and its rivals.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct JobMove {
    /// The resource, e.g. `Order`.
    pub resource: String,
    /// The lifecycle field, e.g. `status`.
    pub field: String,
    /// The states it moves the item from.
    pub from: Vec<String>,
    /// The states it moves it to: more than one where it decides which.
    pub to: Vec<String>,
    /// What else moves the item from one of those states.
    pub rivals: Vec<Rival>,
    /// The events its service publishes on the job's move, e.g. `OrderCancelled`.
    pub announced_by: Vec<String>,
    /// The flows with compensations those events trigger, e.g. `Checkout`.
    pub compensates: Vec<String>,
    /// The actions that change the item without moving its lifecycle (no `set_by` move names
    /// them) and that its problems do not refuse in all of `from`, e.g. `reschedule`: the job
    /// may act on the item as it was before one of them changed it.
    pub changed_by: Vec<String>,
    /// Whether the item carries a version (`concurrency: etag`), so such an action sent with
    /// the version read before the job's move answers `412`.
    pub versioned: bool,
}

/// A move that competes with a job's for the same item.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rival {
    /// What makes it: an event, a callback, an action or an operation.
    pub by: String,
    /// The state it moves the item to.
    pub to: String,
    /// Whether it is a message the service receives (late ones are recorded and skipped)
    /// rather than a call (answered `409`).
    pub message: bool,
    /// Whether it also moves the item on from a state the job moves it to, so that coming
    /// second it still applies.
    pub after: bool,
}

/// Every job's races.
pub fn derive(
    model: &Model,
    jobs: &[JobView],
    states: &[State],
    flows: &[FlowView],
) -> Vec<JobRaces> {
    (jobs.iter())
        .map(|j| {
            let mut moves = moves(&j.model.name, &j.model.service, states, flows);
            for m in &mut moves {
                changers(model, &j.model.service, m);
            }
            JobRaces {
                job: j.model.name.clone(),
                service: j.model.service.clone(),
                work: match j.model.kind {
                    crate::model::JobKind::Scheduled | crate::model::JobKind::Batch => "runs",
                    _ => "items",
                },
                period_minutes: j.period_minutes,
                moves,
            }
        })
        .collect()
}

/// Fills `m.changed_by` and `m.versioned` from the resource of `service` that `m` moves.
fn changers(model: &Model, service: &str, m: &mut JobMove) {
    let Some(r) = (model.services.iter())
        .filter(|s| s.name == service)
        .flat_map(|s| &s.api.resources)
        .find(|r| r.name == m.resource)
    else {
        return;
    };
    m.versioned = r.concurrency == Some(crate::model::Concurrency::Etag);
    m.changed_by = (r.actions.iter())
        .filter(|a| !r.set_by.iter().any(|o| o.by.contains(&a.name)))
        .filter(|a| a.from.is_empty() || a.from.iter().any(|f| m.from.contains(f)))
        .filter(|a| {
            let refused: Vec<&String> = (r.errors.iter())
                .filter(|p| p.operations.is_empty() || p.operations.contains(&a.name))
                .flat_map(|p| &p.states)
                .collect();
            m.from.iter().any(|f| !refused.contains(&f))
        })
        .map(|a| a.name.clone())
        .collect();
}

/// The moves `job` of `service` makes from named states: one per field and starting
/// states, with every state it moves to from them.
fn moves(job: &str, service: &str, states: &[State], flows: &[FlowView]) -> Vec<JobMove> {
    let mut out: Vec<JobMove> = Vec::new();
    let own = || states.iter().filter(|s| s.service == service);
    for st in own() {
        for t in st
            .transitions
            .iter()
            .filter(|t| t.by.iter().any(|b| b == job))
        {
            let same = |m: &&mut JobMove| {
                (m.resource == st.resource && m.field == st.field) && m.from == t.from
            };
            let m = match out.iter_mut().find(same) {
                Some(m) => m,
                None => {
                    out.push(JobMove {
                        resource: st.resource.clone(),
                        field: st.field.clone(),
                        from: t.from.clone(),
                        to: Vec::new(),
                        rivals: Vec::new(),
                        announced_by: Vec::new(),
                        compensates: Vec::new(),
                        changed_by: Vec::new(),
                        versioned: false,
                    });
                    out.last_mut().expect("just pushed")
                }
            };
            m.to.push(st.value.clone());
            for a in &st.announced_by {
                if !m.announced_by.contains(a) {
                    m.announced_by.push(a.clone());
                }
            }
        }
    }
    for m in &mut out {
        let field = || own().filter(|o| o.resource == m.resource && o.field == m.field);
        for o in field() {
            let overlapping =
                (o.transitions.iter()).filter(|u| u.from.iter().any(|f| m.from.contains(f)));
            for u in overlapping {
                for b in u.by.iter().filter(|b| *b != job) {
                    if m.rivals.iter().any(|r| &r.by == b) {
                        continue;
                    }
                    // Whether some move of `b` starts where the job leaves the item.
                    let after = field().any(|p| {
                        (p.transitions.iter())
                            .any(|v| v.by.contains(b) && v.from.iter().any(|f| m.to.contains(f)))
                    });
                    m.rivals.push(Rival {
                        by: b.clone(),
                        to: o.value.clone(),
                        message: u.messages.contains(b),
                        after,
                    });
                }
            }
        }
        m.compensates = (flows.iter())
            .filter(|f| (f.compensations.iter()).any(|g| m.announced_by.contains(&g.on)))
            .map(|f| f.name.clone())
            .collect();
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::view::built;

    #[test]
    fn a_job_that_cancels_what_an_event_would_pay_races_it_from_the_shared_state() {
        let races = built(include_str!("../../examples/order-management/archgen.yaml"))
            .testing
            .job_races;
        let expire = (races.iter())
            .find(|r| r.job == "expire-unpaid-orders")
            .unwrap_or_else(|| panic!("{races:#?}"));
        assert_eq!(expire.work, "runs");
        assert_eq!(expire.period_minutes, Some(5));
        let [m] = expire.moves.as_slice() else {
            panic!("{races:#?}")
        };
        assert_eq!((m.resource.as_str(), m.field.as_str()), ("Order", "status"));
        assert_eq!(
            (m.from.as_slice(), m.to.as_slice()),
            (&["pending".to_owned()][..], &["cancelled".to_owned()][..])
        );
        let rivals: Vec<(&str, &str, bool, bool)> = (m.rivals.iter())
            .map(|r| (r.by.as_str(), r.to.as_str(), r.message, r.after))
            .collect();
        assert!(
            rivals.contains(&("PaymentCaptured", "paid", true, false)),
            "{rivals:?}"
        );
        assert!(
            rivals.contains(&("cancel", "cancelled", false, false)),
            "{rivals:?}"
        );
        assert!(!rivals.iter().any(|r| r.0 == "expire-unpaid-orders"));
        // The cancellation it announces undoes Checkout's steps.
        assert_eq!(m.announced_by, ["OrderCancelled"]);
        assert_eq!(m.compensates, ["Checkout"]);
        // A job that moves no lifecycle keeps only the overlap of its runs.
        let sync = (races.iter()).find(|r| r.job == "sync-on-hand").unwrap();
        assert!(sync.moves.is_empty());
    }

    #[test]
    fn a_job_deciding_between_states_is_one_race_and_a_rival_that_moves_on_still_applies() {
        let races = built(include_str!("../../examples/clinic-booking/archgen.yaml"))
            .testing
            .job_races;
        let job = |name: &str| {
            (races.iter())
                .find(|r| r.job == name)
                .unwrap_or_else(|| panic!("{races:#?}"))
        };
        // cancel-displaced holds or cancels a booked appointment: one race from `booked`.
        let [displaced] = job("cancel-displaced").moves.as_slice() else {
            panic!("{races:#?}")
        };
        assert_eq!(displaced.to, ["held", "cancelled"]);
        // reschedule moves the visit without moving its status: the job may judge the old row.
        assert_eq!(displaced.changed_by, ["reschedule"]);
        assert!(displaced.versioned);
        // EncounterCompleted also moves an unfinished visit on: after the job it still applies.
        let [close] = job("close-unfinished-visits").moves.as_slice() else {
            panic!("{races:#?}")
        };
        let completed = (close.rivals.iter())
            .find(|r| r.by == "EncounterCompleted")
            .unwrap_or_else(|| panic!("{close:#?}"));
        assert!(completed.after && completed.message);
    }
}
