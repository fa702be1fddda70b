//! Step 4, per resource with a lifecycle field (`status`, `state`, `…_status`): how it moves
//! between states, on one line (`paid: PaymentCaptured from pending; shipped: outside the
//! warehouse from paid`). What a move's name already says (`cancel` → `cancelled`,
//! `OrderCancelled`) the documents infer; the line states the rest and where each move starts,
//! so a late or out-of-order message is skipped instead of moving the item back. Asked after
//! the events each service consumes and the webhooks it receives, the usual triggers; the line
//! is the model's `set_by`, kept entry for entry.

use super::prelude::*;
use crate::interview::flow::Node;
use crate::model::{Resource, StateOwner};

/// `(service, resource)` of every resource `keep` takes, in model order: the places a
/// per-resource question of step 4 is asked.
pub(super) fn resources_where(
    m: &Model,
    keep: impl Fn(&crate::model::Service, &Resource) -> bool,
) -> Vec<(usize, usize)> {
    let per = m.services.iter().enumerate();
    per.flat_map(|(i, s)| {
        let with = s.api.resources.iter().enumerate();
        with.filter(|(_, r)| keep(s, r)).map(move |(j, _)| (i, j))
    })
    .collect()
}

/// The resources `places` finds, one block each, labelled by `what` of the resource and its
/// service (none: no label).
pub(super) fn each_place(
    id: &'static str,
    places: fn(&Model) -> Vec<(usize, usize)>,
    what: fn(&Resource, &str) -> Option<String>,
) -> crate::interview::flow::Each {
    each(
        id,
        move |m, _| places(m).len(),
        move |m, at| {
            let (i, j) = places(m)[at[0]];
            let s = &m.services[i];
            what(&s.api.resources[j], &s.name)
        },
    )
}

/// The resource at `at` among those `places` finds.
pub(super) fn place<'a>(
    m: &'a Model,
    at: &At,
    places: fn(&Model) -> Vec<(usize, usize)>,
) -> &'a Resource {
    let (i, j) = places(m)[at[0]];
    &m.services[i].api.resources[j]
}

/// `(service, resource)` of every resource with a lifecycle field, in model order.
pub(super) fn places(m: &Model) -> Vec<(usize, usize)> {
    resources_where(m, |_, r| crate::derive::lifecycle::field_of(r).is_some())
}

fn resource<'a>(m: &'a Model, at: &At) -> &'a Resource {
    place(m, at, places)
}

/// Every lifecycle's line; it sits in the block of the webhooks (`s04_receives`), whose
/// callbacks are triggers too.
pub(super) fn each_resource() -> Node {
    each_place("lifecycle", places, |r, s| {
        let (_, f) = crate::derive::lifecycle::field_of(r)?;
        Some(format!("`{}` of {} ({s})", f.name, r.name))
    })
    .ask(nodes![
        text(
            "lifecycle.line",
            "How does it move between states? (`state: triggers from states; …`)"
        )
        .help(
            "Triggers are its operations, actions, the events its service consumes or \
             its jobs, or `outside` and who, e.g. `paid: PaymentCaptured from pending; \
             shipped: outside the warehouse from paid`. Without `from` a move starts \
             anywhere. A move named for its state (`cancel`, `OrderCancelled`) needs \
             no line unless it starts only somewhere."
        )
        .value(Lens::new(show, set))
        .check(|m, at, v: &String| read(m, at, v).map(|_| ())),
        super::s04_action_from::question(),
    ])
    .into()
}

/// The resource's `set_by` as the question shows it.
fn show(m: &Model, at: &At) -> String {
    let items = resource(m, at).set_by.iter().map(|o| {
        let by = match o.by.is_empty() {
            true => format!("outside {}", o.outside.trim()),
            false => o.by.join(", "),
        };
        match o.from.is_empty() {
            true => format!("{}: {by}", o.state),
            false => format!("{}: {by} from {}", o.state, o.from.join(", ")),
        }
    });
    items.collect::<Vec<_>>().join("; ")
}

/// Sets `set_by` from the line; an entry the line repeats keeps what else the model says of it.
fn set(m: &mut Model, at: &At, line: String) {
    let Ok(read) = read(m, at, &line) else { return };
    let (i, j) = places(m)[at[0]];
    let r = &mut m.services[i].api.resources[j];
    let mut old = std::mem::take(&mut r.set_by);
    r.set_by = read
        .into_iter()
        .map(|new| {
            let same = |o: &StateOwner| {
                o.state == new.state
                    && o.by == new.by
                    && o.from == new.from
                    && (!o.by.is_empty() || o.outside.trim() == new.outside)
            };
            match old.iter().position(same) {
                Some(k) => old.remove(k),
                None => new,
            }
        })
        .collect();
    // An action that now moves the item acts where its move starts, not where `from` said.
    let movers: Vec<String> = r.set_by.iter().flat_map(|o| o.by.clone()).collect();
    for a in r.actions.iter_mut().filter(|a| movers.contains(&a.name)) {
        a.from.clear();
    }
}

/// The entries of `line`: `state: trigger, trigger from state, state` or `state: outside who`,
/// `;`-separated, each checked as the loader checks `set_by`.
fn read(m: &Model, at: &At, line: &str) -> Result<Vec<StateOwner>, String> {
    let (i, j) = places(m)[at[0]];
    let s = &m.services[i];
    let r = &s.api.resources[j];
    let (_, field) = crate::derive::lifecycle::field_of(r).expect("asked for a lifecycle");
    let states = || field.values.iter().map(String::as_str);
    let what = format!("value of `{}`", field.name);
    let known = crate::validate::lifecycle::triggers(m, s, r);
    let mut out = Vec::new();
    for item in line.split(';').map(str::trim).filter(|x| !x.is_empty()) {
        let (state, rest) = item.split_once(':').ok_or_else(|| {
            format!(
                "`{item}`: write `state: triggers from states`, e.g. \
                 `paid: PaymentCaptured from pending`"
            )
        })?;
        let state = state.trim();
        reference(state, states(), &what)?;
        let (moves, from) = match rest.rsplit_once(" from ") {
            Some((moves, from)) => (moves, list(from)),
            None => (rest, Vec::new()),
        };
        for f in &from {
            reference(f, states(), &what)?;
        }
        let moves = moves.trim();
        let mut owner = StateOwner {
            state: state.to_owned(),
            from,
            ..StateOwner::default()
        };
        match moves.strip_prefix("outside") {
            Some(who) if who.is_empty() || who.starts_with(' ') => {
                if who.trim().is_empty() {
                    return Err(format!(
                        "`{item}`: say who moves it outside, e.g. `outside the warehouse`"
                    ));
                }
                owner.outside = who.trim().to_owned();
            }
            _ => {
                owner.by = list(moves);
                if owner.by.is_empty() {
                    return Err(format!(
                        "`{item}`: name what moves it to `{state}`, or `outside` and who"
                    ));
                }
                for b in &owner.by {
                    reference(
                        b,
                        known.iter().copied(),
                        "operation, action, event or job of this service",
                    )?;
                }
            }
        }
        out.push(owner);
    }
    Ok(out)
}

/// The comma-separated names in `text`.
fn list(text: &str) -> Vec<String> {
    let names = text.split(',').map(str::trim).filter(|x| !x.is_empty());
    names.map(str::to_owned).collect()
}

/// `name` among `known`, as the loader says it.
pub(super) fn reference<'a>(
    name: &str,
    known: impl Iterator<Item = &'a str> + Clone,
    what: &str,
) -> Result<(), String> {
    crate::validate::fields::reference(name, known, what)
        .map_err(|e| crate::validate::fields::Invalid::at_prompt(e).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    const MODEL: &str = "version: 1
name: t
requirements: {domain: d}
services:
  - name: orders
    responsibility: r
    consumes: [PaymentCaptured]
    api:
      resources:
        - name: Order
          actions: [{name: cancel}]
          fields: [{name: status, type: enum, values: [pending, paid, shipped, cancelled]}]
  - name: payments
    responsibility: r
    publishes: [{name: PaymentCaptured}]
";

    fn model() -> Model {
        crate::load::parse_shape(MODEL, "archgen.yaml").unwrap()
    }

    #[test]
    fn a_line_round_trips_through_set_by() {
        let mut m = model();
        let line = "paid: PaymentCaptured from pending; \
                    shipped: outside the warehouse (fulfilment) from paid; \
                    cancelled: cancel from pending, paid";
        set(&mut m, &vec![0], line.into());
        let set_by = &m.services[0].api.resources[0].set_by;
        assert_eq!(set_by.len(), 3);
        assert_eq!(set_by[0].by, ["PaymentCaptured"]);
        assert_eq!(set_by[0].from, ["pending"]);
        assert_eq!(set_by[1].outside, "the warehouse (fulfilment)");
        assert_eq!(set_by[2].from, ["pending", "paid"]);
        assert_eq!(show(&m, &vec![0]), line);
        assert!(
            crate::validate::model(&m).is_empty(),
            "{:?}",
            crate::validate::model(&m)
        );
    }

    #[test]
    fn a_wrong_state_or_trigger_is_refused_with_what_is_known() {
        let m = model();
        let e = read(&m, &vec![0], "payed: PaymentCaptured").unwrap_err();
        assert!(e.contains("`payed`") && e.contains("paid"), "{e}");
        let e = read(&m, &vec![0], "paid: PaymentCapture from pending").unwrap_err();
        assert!(e.contains("PaymentCaptured"), "{e}");
        let e = read(&m, &vec![0], "paid: PaymentCaptured from pendng").unwrap_err();
        assert!(e.contains("pending"), "{e}");
        assert!(
            read(&m, &vec![0], "paid")
                .unwrap_err()
                .contains("state: triggers")
        );
        assert!(
            read(&m, &vec![0], "shipped: outside")
                .unwrap_err()
                .contains("who")
        );
    }

    #[test]
    fn an_entry_kept_keeps_what_else_the_model_says() {
        let mut m = model();
        m.services[0].api.resources[0].set_by = vec![StateOwner {
            state: "paid".into(),
            by: vec!["PaymentCaptured".into()],
            outside: "the bank, by hand".into(),
            from: vec!["pending".into()],
        }];
        let line = show(&m, &vec![0]);
        set(&mut m, &vec![0], line);
        assert_eq!(
            m.services[0].api.resources[0].set_by[0].outside,
            "the bank, by hand"
        );
    }
}
