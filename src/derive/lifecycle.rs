//! Each resource's lifecycle field (the enum named `status`, `state`, `…_status` or `…_state`)
//! state by state, with what moves it there: `create` for the first state, an action named for
//! it (`cancel`: `cancelled`), an event its service publishes, consumes or receives by webhook
//! named for it (`OrderCancelled`, `charge.refunded`), `update` when clients may write the field, or what the model declares
//! (`set_by`), including owners outside the system. A state nothing moves to is a lifecycle
//! nobody owns.

use crate::model::{Field, FieldType, Model, Operation, Resource, Service};
use serde::Serialize;

/// One state of a lifecycle field.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct State {
    /// The service owning the resource.
    pub service: String,
    /// The resource.
    pub resource: String,
    /// The lifecycle field.
    pub field: String,
    /// The state.
    pub value: String,
    /// What moves the resource into it, e.g. `create`, `cancel`, a consumed `PaymentFailed`.
    pub moved_by: Vec<String>,
    /// The events its own service publishes on moving it there (`OrderCancelled`): they
    /// announce the move, something else causes it. Only the moves whose actions do not say
    /// what they publish (`actions[].publishes`) are taken to publish them.
    pub announced_by: Vec<String>,
    /// Whether some move into it says what it publishes, so `announced_by` covers only the
    /// others.
    pub announced_rest: bool,
    /// Who sets it outside the system, when the model says so.
    pub outside: Option<String>,
    /// Whether anything moves it there.
    pub moved: bool,
    /// The JSON pointer of the state in the model.
    pub at: String,
    /// The moves into it whose starting states the model states (`set_by[].from`).
    pub transitions: Vec<Transition>,
    /// Its position among the field's values, from 0.
    pub index: usize,
    /// What in `moved_by` no transition names, `create` aside: it moves the item here from any
    /// state.
    pub from_any: Vec<String>,
    /// The messages that create the item in this state, where no `create` operation does:
    /// those the model gives no starting states for the first state (`OrderPlaced` creating a
    /// Payment), here too without starting states. Taken out of `from_any`: before them the
    /// item does not exist.
    pub created_by: Vec<String>,
    /// Whether a transition of its field starts here: false for a final state.
    pub leaves: bool,
}

/// A move into a state from the states the model allows it from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Transition {
    /// The states it moves from.
    pub from: Vec<String>,
    /// What moves it, in words: its triggers, or who outside the system makes the move.
    pub label: String,
    /// Their positions among the field's values.
    pub from_index: Vec<usize>,
    /// What moves it.
    pub by: Vec<String>,
    /// The triggers among `by` that are messages the service receives (consumed events and
    /// callbacks), which can arrive late or out of order.
    pub messages: Vec<String>,
    /// What the move publishes, when every trigger of it is an action that says
    /// (`actions[].publishes`): empty when it publishes nothing.
    pub publishes: Option<Vec<String>>,
    /// The other states, in which those messages are skipped: every state but `from` and
    /// the target (a repeated message in the target is a duplicate).
    pub refused_in: Vec<String>,
}

/// The lifecycle field of `r` and its index: the first enum named like a status.
pub fn field_of(r: &Resource) -> Option<(usize, &Field)> {
    r.fields.iter().enumerate().find(|(_, f)| {
        let n = f.name.to_ascii_lowercase();
        f.ty == FieldType::Enum
            && (n == "status" || n == "state" || n.ends_with("_status") || n.ends_with("_state"))
    })
}

/// Whether the action `verb` names moving into `state`: `cancel` → `cancelled`, `approve` →
/// `approved`, `ship` → `shipped`.
pub fn names_state(verb: &str, state: &str) -> bool {
    let stem = verb.trim_end_matches('e').to_ascii_lowercase();
    stem.len() >= 3 && state.to_ascii_lowercase().starts_with(&stem)
}

/// Whether the event `name` names `state` as one of its words (`OrderCancelled`: `cancelled`).
fn event_names_state(name: &str, state: &str) -> bool {
    let words = crate::text::names::snake(name, "event");
    let state = crate::text::names::snake(state, "state");
    words.split('_').any(|w| w == state) || words.ends_with(&format!("_{state}"))
}

/// The events `s` publishes, consumes or receives by webhook.
pub fn events_of(s: &Service) -> Vec<&str> {
    s.publishes
        .iter()
        .map(|e| e.name.as_str())
        .chain(s.consumes.iter().map(String::as_str))
        .chain(
            s.api
                .receives
                .iter()
                .flat_map(|r| r.events.iter().map(String::as_str)),
        )
        .collect()
}

/// Every state of every lifecycle field of `model`, in model order. A state whose moves the
/// model declares (`set_by`) is moved by what it declares: an event merely named for it
/// (payments' OrderCancelled, which releases a hold or refunds while Stripe's callback moves
/// the Payment) moves nothing there.
pub fn states(model: &Model) -> Vec<State> {
    let mut out = Vec::new();
    for (si, s) in model.services.iter().enumerate() {
        let events = events_of(s);
        for (ri, r) in s.api.resources.iter().enumerate() {
            let Some((fi, f)) = field_of(r) else { continue };
            let offers = |op: Operation| r.operations.as_ref().is_none_or(|o| o.contains(&op));
            let writable = offers(Operation::Update) && !f.read_only;
            for (vi, value) in f.values.iter().enumerate() {
                let declared = r.set_by.iter().filter(|o| &o.state == value);
                let mut moved_by: Vec<String> = Vec::new();
                if vi == 0 && offers(Operation::Create) {
                    moved_by.push("create".into());
                }
                if writable {
                    moved_by.push("update".into());
                }
                moved_by.extend(
                    r.actions
                        .iter()
                        .filter(|a| names_state(&a.name, value))
                        .map(|a| a.name.clone()),
                );
                let (announced_by, caused_by): (Vec<String>, Vec<String>) = events
                    .iter()
                    .filter(|e| event_names_state(e, value))
                    .map(|e| (*e).to_owned())
                    .partition(|e| s.publishes.iter().any(|p| &p.name == e));
                // Declared moves replace those of events merely named for the state.
                let undeclared = declared.clone().next().is_none();
                moved_by.extend(caused_by.into_iter().filter(|_| undeclared));
                for o in declared.clone() {
                    for b in &o.by {
                        if !moved_by.contains(b) {
                            moved_by.push(b.clone());
                        }
                    }
                }
                // The messages it receives: its own events announce, they do not arrive.
                let incoming: Vec<&str> = events
                    .iter()
                    .copied()
                    .filter(|e| !s.publishes.iter().any(|p| p.name == *e))
                    .collect();
                let transitions =
                    transitions(declared.clone(), &incoming, (&f.values, value), &r.actions);
                let (announced_by, announced_rest) =
                    announcements(&r.actions, &moved_by, &transitions, announced_by);
                // An outside owner with starting states is a transition, told there.
                let outside = declared
                    .filter(|o| o.from.is_empty())
                    .map(|o| o.outside.trim())
                    .find(|o| !o.is_empty())
                    .map(str::to_owned);
                out.push(State {
                    service: s.name.clone(),
                    resource: r.name.clone(),
                    field: f.name.clone(),
                    value: value.clone(),
                    moved: !moved_by.is_empty()
                        || !announced_by.is_empty()
                        || outside.is_some()
                        || !transitions.is_empty(),
                    announced_by,
                    announced_rest,
                    outside,
                    at: format!("/services/{si}/api/resources/{ri}/fields/{fi}/values/{vi}"),
                    created_by: created_by(&moved_by, &transitions, &creators(r, &events)),
                    from_any: moved_by_any(&moved_by, &transitions, &creators(r, &events)),
                    moved_by,
                    leaves: r.set_by.iter().any(|o| o.from.contains(value)),
                    transitions,
                    index: vi,
                });
            }
        }
    }
    out
}

/// The events that announce a state's moves, and whether some moves say their own: the
/// events named for the state cover only the moves whose actions do not say what they
/// publish, and none when every move says.
fn announcements(
    actions: &[crate::model::Action],
    moved_by: &[String],
    transitions: &[Transition],
    named: Vec<String>,
) -> (Vec<String>, bool) {
    let stated = |b: &String| stated_publishes(actions, b).is_some();
    let triggers = || (moved_by.iter()).chain(transitions.iter().flat_map(|t| &t.by));
    let unstated = triggers().any(|b| !stated(b));
    let rest = unstated && triggers().any(stated);
    // A state no trigger moves to is set by its service itself, announced by its events.
    if unstated || triggers().next().is_none() {
        (named, rest)
    } else {
        (Vec::new(), false)
    }
}

/// What action `trigger` of the resource says it publishes, when it is an action that says.
fn stated_publishes<'a>(
    actions: &'a [crate::model::Action],
    trigger: &str,
) -> Option<&'a Vec<String>> {
    actions
        .iter()
        .find(|a| a.name == trigger)?
        .publishes
        .as_ref()
}

/// What moves an item into a state without a transition naming where from (`create` starts
/// the item, from no state).
fn moved_by_any(
    moved_by: &[String],
    transitions: &[Transition],
    creators: &[String],
) -> Vec<String> {
    moved_by
        .iter()
        .filter(|m| *m != "create" && !transitions.iter().any(|t| t.by.contains(m)))
        .filter(|m| !creators.contains(m))
        .cloned()
        .collect()
}

/// The creators among what moves the item into a state without starting states.
fn created_by(moved_by: &[String], transitions: &[Transition], creators: &[String]) -> Vec<String> {
    (moved_by_any(moved_by, transitions, &[]).into_iter())
        .filter(|m| creators.contains(m))
        .collect()
}

/// The messages that create an item of `r` (of a service receiving `events`): where `r` has
/// no `create` operation, those `set_by` moves into its first state without starting states.
fn creators(r: &Resource, events: &[&str]) -> Vec<String> {
    let creates = r
        .operations
        .as_ref()
        .is_none_or(|o| o.contains(&Operation::Create));
    let Some((_, f)) = field_of(r).filter(|_| !creates) else {
        return Vec::new();
    };
    (r.set_by.iter())
        .filter(|o| f.values.first() == Some(&o.state) && o.from.is_empty())
        .flat_map(|o| &o.by)
        .filter(|b| events.contains(&b.as_str()))
        .cloned()
        .collect()
}

/// The declared moves into `target` that name their starting states.
fn transitions<'a>(
    declared: impl Iterator<Item = &'a crate::model::StateOwner>,
    events: &[&str],
    (values, target): (&[String], &str),
    actions: &[crate::model::Action],
) -> Vec<Transition> {
    declared
        .filter(|o| !o.from.is_empty() && (!o.by.is_empty() || !o.outside.trim().is_empty()))
        .map(|o| Transition {
            from: o.from.clone(),
            label: if o.by.is_empty() {
                o.outside.trim().to_owned()
            } else {
                o.by.join(", ")
            },
            from_index: o
                .from
                .iter()
                .filter_map(|f| values.iter().position(|v| v == f))
                .collect(),
            publishes: (!o.by.is_empty())
                .then(|| {
                    let each: Option<Vec<&Vec<String>>> =
                        o.by.iter().map(|b| stated_publishes(actions, b)).collect();
                    each.map(|e| e.into_iter().flatten().cloned().collect())
                })
                .flatten(),
            by: o.by.clone(),
            messages: o
                .by
                .iter()
                .filter(|b| events.contains(&b.as_str()))
                .cloned()
                .collect(),
            refused_in: values
                .iter()
                .filter(|v| !o.from.contains(v) && v.as_str() != target)
                .cloned()
                .collect(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model(resource: &str) -> Model {
        serde_yaml::from_str(&format!(
            "version: 1\nname: t\nrequirements: {{domain: d}}\nservices:\n  - name: orders\n    responsibility: r\n    consumes: [PaymentCaptured]\n    publishes: [{{name: OrderCancelled, fields: [{{name: order_id, type: uuid}}]}}]\n    api:\n      resources:\n        - {resource}\n"
        ))
        .unwrap()
    }

    fn unmoved(m: &Model) -> Vec<String> {
        states(m)
            .into_iter()
            .filter(|s| !s.moved)
            .map(|s| s.value)
            .collect()
    }

    #[test]
    fn a_state_is_moved_by_create_an_action_an_event_or_a_declaration() {
        let order = "{name: Order, operations: [get, create], actions: [{name: cancel}], fields: [{name: status, type: enum, read_only: true, values: [pending, paid, shipped, cancelled]}]}";
        let m = model(order);
        let all = states(&m);
        assert_eq!(all[0].moved_by, ["create"]);
        assert_eq!(all[3].moved_by, ["cancel"]);
        assert_eq!(
            all[3].announced_by,
            ["OrderCancelled"],
            "an event the service publishes announces the move, it does not cause it"
        );
        assert_eq!(all[1].at, "/services/0/api/resources/0/fields/0/values/1");
        // paid: PaymentCaptured does not name it; shipped: nothing in the model does.
        assert_eq!(unmoved(&m), ["paid", "shipped"]);
        let declared = order.replace(
            "fields:",
            "set_by: [{state: paid, by: [PaymentCaptured]}, {state: shipped, outside: the warehouse}], fields:",
        );
        let m = model(&declared);
        assert_eq!(unmoved(&m), Vec::<String>::new());
        assert_eq!(states(&m)[1].moved_by, ["PaymentCaptured"]);
        assert_eq!(states(&m)[2].outside.as_deref(), Some("the warehouse"));
        // A client that may write the field moves it anywhere.
        let writable = order
            .replace(
                "operations: [get, create]",
                "operations: [get, create, update]",
            )
            .replace("read_only: true, ", "");
        assert_eq!(unmoved(&model(&writable)), Vec::<String>::new());
    }

    #[test]
    fn an_event_named_for_a_state_moves_it_only_where_the_model_declares_nothing_there() {
        let order = "{name: Order, operations: [get, create], fields: [{name: status, type: enum, read_only: true, values: [pending, shipped]}]}";
        let consumed = |m: Model| {
            let mut m = m;
            m.services[0].consumes.push("ParcelShipped".into());
            m
        };
        let named = states(&consumed(model(order)));
        assert_eq!(named[1].moved_by, ["ParcelShipped"]);
        let declared = order.replace(
            "fields:",
            "set_by: [{state: shipped, outside: the warehouse, from: [pending]}], fields:",
        );
        let declared = states(&consumed(model(&declared)));
        assert!(declared[1].moved_by.is_empty(), "{:?}", declared[1]);
        assert!(declared[1].from_any.is_empty());
    }

    #[test]
    fn starting_states_make_transitions_and_the_races_they_refuse() {
        let order = "{name: Order, operations: [get, create], actions: [{name: cancel}], set_by: [{state: paid, by: [PaymentCaptured], from: [pending]}, {state: cancelled, by: [cancel], from: [pending, paid]}, {state: cancelled, by: [OrderCancelled]}, {state: shipped, outside: the warehouse, from: [paid]}], fields: [{name: status, type: enum, read_only: true, values: [pending, paid, shipped, cancelled]}]}";
        let all = states(&model(order));
        let paid = &all[1];
        assert_eq!(paid.transitions.len(), 1);
        let t = &paid.transitions[0];
        assert_eq!(
            (t.from_index.as_slice(), t.label.as_str()),
            (&[0][..], "PaymentCaptured")
        );
        // A consumed event can come late: refused everywhere but its start and its target.
        assert_eq!(t.messages, ["PaymentCaptured"]);
        assert_eq!(t.refused_in, ["shipped", "cancelled"]);
        let cancelled = &all[3];
        // The action is no message; the published event announces, it does not arrive.
        assert!(cancelled.transitions[0].messages.is_empty());
        // A trigger declared without starting states moves it from any state.
        assert_eq!(cancelled.from_any, ["OrderCancelled"]);
        // An outside owner with starting states is a transition, not a loose owner.
        let shipped = &all[2];
        assert_eq!(shipped.transitions[0].label, "the warehouse");
        assert_eq!(shipped.outside, None);
        // Final states start no move.
        let leaves: Vec<bool> = all.iter().map(|s| s.leaves).collect();
        assert_eq!(leaves, [true, true, false, false]);
    }

    #[test]
    fn an_action_that_says_what_it_publishes_is_not_announced_by_the_states_event() {
        let order = "{name: Order, operations: [get, create], actions: [{name: cancel, publishes: [OrderCancelled]}, {name: restore, publishes: []}], set_by: [{state: open, by: [restore], from: [cancelled]}, {state: cancelled, by: [cancel], from: [open]}], fields: [{name: status, type: enum, read_only: true, values: [open, cancelled]}]}";
        let all = states(&model(order));
        // open: create, and restore, which says it publishes nothing.
        assert_eq!(all[0].transitions[0].publishes, Some(Vec::new()));
        // cancelled: every move says what it publishes, so no event is taken to announce it.
        let cancelled = &all[1];
        assert_eq!(
            cancelled.transitions[0].publishes.as_deref(),
            Some(&["OrderCancelled".to_owned()][..])
        );
        assert!(cancelled.announced_by.is_empty(), "{cancelled:?}");
        assert!(!cancelled.announced_rest);
        // An action that does not say leaves the named event announcing the move.
        let unsaid = order.replace(", publishes: [OrderCancelled]", "");
        let cancelled = &states(&model(&unsaid))[1];
        assert_eq!(cancelled.transitions[0].publishes, None);
        assert_eq!(cancelled.announced_by, ["OrderCancelled"]);
    }
}
