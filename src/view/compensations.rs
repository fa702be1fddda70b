//! A flow's compensations grouped by what triggers them, and within a group by who undoes:
//! the caller of a call, the publisher of an event, the consumer of a message. In a
//! choreographed saga the triggering event reaches each of them from its broker, and each
//! undoes its own steps at the same time as the others; only an orchestrator undoes them in
//! reverse order.

use super::flows::StepView;
use super::links::LinkView;
use super::nodes::NodeRef;
use crate::model::Model;
use serde::Serialize;

/// The compensations one event or branch triggers.
#[derive(Debug, Clone, Serialize)]
pub struct CompensationGroup {
    /// The events or branch names, as prose (`A or B`); empty for compensations nothing names.
    pub on: String,
    /// `event`, `branch`, `mixed` (events and branches), or empty.
    pub on_kind: String,
    /// The steps it undoes, last first.
    pub steps: Vec<StepView>,
    /// The same undos by who makes them, in the order of each one's first undo.
    pub lanes: Vec<Lane>,
}

/// The undos one component makes when the trigger reaches it.
#[derive(Debug, Clone, Serialize)]
pub struct Lane {
    /// Who undoes.
    pub actor: NodeRef,
    /// The broker the triggering event reaches it from: none when it publishes the event
    /// itself, when a branch triggers it, or when no link carries the event to it.
    pub arrives_from: Option<NodeRef>,
    /// The triggering events that broker brings it, as prose (`A or B`); empty without one.
    pub arrives_with: String,
    /// Its undos, last step first.
    pub undos: Vec<Undo>,
}

/// One undo.
#[derive(Debug, Clone, Serialize)]
pub struct Undo {
    /// The number of the step it undoes.
    pub number: usize,
    /// What undoes it.
    pub compensation: String,
    /// The component it calls to undo a call; none when it undoes a message, its own work.
    pub to: Option<NodeRef>,
}

/// Who undoes step `s`: the consumer of a message from a broker, else the step's actor.
fn actor(s: &StepView) -> &NodeRef {
    if s.r#async && s.from.kind == "broker" {
        &s.to
    } else {
        &s.from
    }
}

/// The broker the events of `triggers` reach `actor` from, when a link carries one to it and
/// the broker is among `participants`, with those events as prose.
fn arrival(
    triggers: &[String],
    actor: &NodeRef,
    links: &[LinkView],
    participants: &[NodeRef],
) -> (Option<NodeRef>, String) {
    let broker = |l: &LinkView| match &l.broker {
        Some(b) => Some(b.clone()),
        None => (l.from.kind == "broker").then(|| l.from.clone()),
    };
    let to_actor = |l: &&LinkView| l.to.name == actor.name;
    let Some(from) = (links.iter().filter(to_actor))
        .filter(|l| triggers.iter().any(|t| l.events.contains(t)))
        .find_map(broker)
        .filter(|b| participants.iter().any(|p| p.id == b.id))
    else {
        return (None, String::new());
    };
    let carried: Vec<&str> = (triggers.iter())
        .filter(|t| {
            (links.iter().filter(to_actor))
                .any(|l| l.events.contains(t) && broker(l).is_some_and(|b| b.id == from.id))
        })
        .map(String::as_str)
        .collect();
    (Some(from), crate::text::english::or_list(&carried))
}

/// The compensations of `steps`, grouped by trigger; the triggering events reach each lane
/// over `links`.
pub(super) fn groups(
    steps: &[StepView],
    model: &Model,
    links: &[LinkView],
    participants: &[NodeRef],
) -> Vec<CompensationGroup> {
    let mut out: Vec<CompensationGroup> = Vec::new();
    for s in steps.iter().rev().filter(|s| !s.compensation.is_empty()) {
        let at = match out.iter().position(|g| g.on == s.compensate_on) {
            Some(at) => at,
            None => {
                out.push(CompensationGroup {
                    on: s.compensate_on.clone(),
                    on_kind: kind(&s.triggers, model).into(),
                    steps: Vec::new(),
                    lanes: Vec::new(),
                });
                out.len() - 1
            }
        };
        let g = &mut out[at];
        g.steps.push(s.clone());
        let who = actor(s);
        let undo = Undo {
            number: s.number,
            compensation: s.compensation.clone(),
            to: (!s.r#async).then(|| s.via.clone().unwrap_or_else(|| s.to.clone())),
        };
        match g.lanes.iter_mut().find(|l| l.actor.id == who.id) {
            Some(l) => l.undos.push(undo),
            None => {
                let (arrives_from, arrives_with) = arrival(&s.triggers, who, links, participants);
                g.lanes.push(Lane {
                    actor: who.clone(),
                    arrives_from,
                    arrives_with,
                    undos: vec![undo],
                })
            }
        }
    }
    out
}

/// Whether `triggers` are events, branches or both.
fn kind(triggers: &[String], model: &Model) -> &'static str {
    let event = |t: &String| {
        model
            .services
            .iter()
            .any(|x| x.publishes.iter().any(|e| &e.name == t))
    };
    let events = triggers.iter().filter(|t| event(t)).count();
    match (events, triggers.len()) {
        (_, 0) => "",
        (e, n) if e == n => "event",
        (0, _) => "branch",
        _ => "mixed",
    }
}

#[cfg(test)]
mod tests {
    use crate::view::{View, build};

    fn view(yaml: &str) -> View {
        let model = crate::load::parse(yaml, "archgen.yaml").unwrap_or_else(|e| panic!("{e:?}"));
        build(&model)
    }

    /// A lane: the trigger, who undoes, where the trigger comes from, and each undo's step
    /// and callee.
    type Row = (String, String, String, Vec<(usize, String)>);

    /// Each lane of the groups of flow `flow`.
    fn lanes(v: &View, flow: &str) -> Vec<Row> {
        let f = v.flows.iter().find(|f| f.name == flow).expect("the flow");
        (f.compensations.iter())
            .flat_map(|g| g.lanes.iter().map(move |l| (g, l)))
            .map(|(g, l)| {
                (
                    g.on.clone(),
                    l.actor.name.clone(),
                    l.arrives_from
                        .as_ref()
                        .map(|b| b.name.clone())
                        .unwrap_or_default(),
                    (l.undos.iter())
                        .map(|u| {
                            (
                                u.number,
                                u.to.as_ref().map(|t| t.name.clone()).unwrap_or_default(),
                            )
                        })
                        .collect(),
                )
            })
            .collect()
    }

    #[test]
    fn a_choreographed_compensation_reaches_each_service_that_undoes_from_its_broker() {
        let v = view(include_str!("../../examples/order-management/archgen.yaml"));
        let s = |x: &str| x.to_owned();
        assert_eq!(
            lanes(&v, "Checkout"),
            [
                // payments calls Stripe back for what it did there, last step first; inventory
                // releases its own reservation: no call, the message was its step.
                (
                    s("OrderCancelled"),
                    s("payments"),
                    s("kafka"),
                    vec![(20, s("Stripe")), (12, s("Stripe"))]
                ),
                (
                    s("OrderCancelled"),
                    s("inventory"),
                    s("kafka"),
                    vec![(7, String::new())]
                ),
                // orders undoes its own publication when either failure reaches it.
                (
                    s("PaymentFailed or StockReservationFailed"),
                    s("orders"),
                    s("kafka"),
                    vec![(5, String::new())]
                ),
            ]
        );
    }

    #[test]
    fn an_outboxed_event_leaves_through_the_one_change_data_capture_relay() {
        let v = view(include_str!("../../examples/clinic-booking/archgen.yaml"));
        let f = (v.flows.iter())
            .find(|f| f.name == "Book an appointment")
            .expect("the flow");
        let booked = (f.steps.iter())
            .find(|s| s.action == "AppointmentBooked" && s.to.kind == "broker")
            .expect("the publication");
        let relay = booked.via.as_ref().expect("through the relay");
        assert_eq!(
            (relay.id.as_str(), relay.kind.as_str()),
            ("outbox_relay", "outbox")
        );
        assert_eq!(booked.via_says, "publishes the committed row");
        assert!(f.participants.iter().any(|p| p.id == "outbox_relay"));
        // Each service's own relay is part of it: order-management's events go straight on,
        // and only what enters through the gateway is drawn through it, which routes it.
        let v = view(include_str!("../../examples/order-management/archgen.yaml"));
        let routed = (v.flows.iter().flat_map(|f| &f.steps))
            .find(|s| s.via.is_some())
            .expect("a webhook through the gateway");
        assert_eq!(routed.via_says, "routes it");
        assert!(
            (v.flows.iter())
                .flat_map(|f| &f.steps)
                .all(|s| s.via.as_ref().is_none_or(|x| x.kind == "gateway"))
        );
    }
}
