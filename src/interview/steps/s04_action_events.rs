//! Step 4, per resource with actions in a service that publishes events: what each action
//! publishes, on one line (`cancel: OrderCancelled; release: nothing`). An action the line
//! leaves out is taken to publish the events named for the state it moves the item to; the
//! line is the model's `actions[].publishes`, checked as the loader checks it.

use super::prelude::*;
use super::s04_lifecycle::{each_place, place, reference, resources_where};
use crate::interview::flow::Node;
use crate::model::Resource;

/// `(service, resource)` of every resource with actions whose service publishes, in order.
fn places(m: &Model) -> Vec<(usize, usize)> {
    resources_where(m, |s, r| !s.publishes.is_empty() && !r.actions.is_empty())
}

fn resource<'a>(m: &'a Model, at: &At) -> &'a Resource {
    place(m, at, places)
}

/// Every such resource's line; it sits beside the lifecycles, which its answers refine.
pub(super) fn each_resource() -> Node {
    each_place("action_events", places, |r, s| {
        Some(format!("the actions on {} ({})", r.name, s))
    })
    .ask(nodes![
        text(
            "actions.publishes",
            "What does each action publish? (`action: events; …`, `nothing` for none)"
        )
        .help(
            "e.g. `cancel: OrderCancelled; release: nothing`. An action left out is taken to \
             publish the events named for the state it moves the item to."
        )
        .value(Lens::new(show, set))
        .check(|m, at, v: &String| read(m, at, v).map(|_| ()))
    ])
    .into()
}

/// The actions' `publishes` as the question shows them.
fn show(m: &Model, at: &At) -> String {
    let items = resource(m, at).actions.iter().filter_map(|a| {
        let events = a.publishes.as_ref()?;
        Some(match events.is_empty() {
            true => format!("{}: nothing", a.name),
            false => format!("{}: {}", a.name, events.join(", ")),
        })
    });
    items.collect::<Vec<_>>().join("; ")
}

/// Sets each action's `publishes` from the line; an action the line leaves out says nothing.
fn set(m: &mut Model, at: &At, line: String) {
    let Ok(read) = read(m, at, &line) else { return };
    let (i, j) = places(m)[at[0]];
    for a in &mut m.services[i].api.resources[j].actions {
        a.publishes = read
            .iter()
            .find(|(n, _)| *n == a.name)
            .map(|(_, e)| e.clone());
    }
}

/// The `action: events` entries of `line`, `;`-separated, each checked as the loader checks
/// `actions[].publishes`.
fn read(m: &Model, at: &At, line: &str) -> Result<Vec<(String, Vec<String>)>, String> {
    let (i, j) = places(m)[at[0]];
    let s = &m.services[i];
    let r = &s.api.resources[j];
    let actions = || r.actions.iter().map(|a| a.name.as_str());
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    for item in line.split(';').map(str::trim).filter(|x| !x.is_empty()) {
        let (name, rest) = item.split_once(':').ok_or_else(|| {
            format!("`{item}`: write `action: events`, e.g. `cancel: OrderCancelled`")
        })?;
        let name = name.trim();
        reference(name, actions(), "action of the resource")?;
        if out.iter().any(|(n, _)| n == name) {
            return Err(format!("`{name}` is listed twice"));
        }
        let mut published = Vec::new();
        if rest.trim() != "nothing" {
            for e in rest.split(',').map(str::trim).filter(|x| !x.is_empty()) {
                crate::validate::lifecycle::published_event(s, e)
                    .map_err(|e| crate::validate::fields::Invalid::at_prompt(e).to_string())?;
                published.push(e.to_owned());
            }
            if published.is_empty() {
                return Err(format!("`{item}`: name its events, or write `nothing`"));
            }
        }
        out.push((name.to_owned(), published));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MODEL: &str = "version: 1
name: t
requirements: {domain: d}
services:
  - name: booking
    responsibility: r
    publishes: [{name: AppointmentCancelled}, {name: AppointmentBooked}]
    api:
      resources:
        - name: Appointment
          actions: [{name: cancel}, {name: release}, {name: check-in}]
";

    fn model() -> Model {
        crate::load::parse_shape(MODEL, "archgen.yaml").unwrap()
    }

    #[test]
    fn the_line_sets_what_each_action_publishes_and_nothing_for_the_rest() {
        let mut m = model();
        let at = vec![0];
        set(
            &mut m,
            &at,
            "cancel: AppointmentCancelled; release: nothing".into(),
        );
        let a = &m.services[0].api.resources[0].actions;
        assert_eq!(
            a[0].publishes.as_deref(),
            Some(&["AppointmentCancelled".to_owned()][..])
        );
        assert_eq!(a[1].publishes.as_deref(), Some(&[][..]));
        assert_eq!(a[2].publishes, None, "left out: unstated");
        assert_eq!(
            show(&m, &at),
            "cancel: AppointmentCancelled; release: nothing"
        );
    }

    #[test]
    fn a_misspelt_action_or_event_is_refused_with_what_is_known() {
        let m = model();
        let at = vec![0];
        let bad = read(&m, &at, "cancel: AppointmentCanceled").unwrap_err();
        assert!(bad.contains("AppointmentCancelled"), "{bad}");
        let bad = read(&m, &at, "undo: nothing").unwrap_err();
        assert!(bad.contains("not a known action of the resource"), "{bad}");
        assert!(read(&m, &at, "cancel:").is_err());
    }
}
