//! A link's style when the model leaves it open: the one rule the view, the checks and the
//! interview share, so the style a question proposes is the style the documents show.

use crate::model::{Link, LinkStyle, Model};

/// The broker a link goes through as the model names it: its own `broker`, else its callee
/// when the callee is a broker. `None` when neither names one of the model's brokers.
pub fn named_broker<'a>(model: &'a Model, link: &Link) -> Option<&'a str> {
    let brokers = &model.communication.brokers;
    let named = |name: &str| {
        brokers
            .iter()
            .find(|b| b.name == name)
            .map(|b| b.name.as_str())
    };
    link.broker
        .as_deref()
        .and_then(named)
        .or_else(|| named(&link.to))
}

/// The style the model leaves open: asynchronous when the link carries events or goes
/// through a broker (its own or its callee), else synchronous.
pub fn derived(model: &Model, link: &Link) -> LinkStyle {
    if !link.events.is_empty() || named_broker(model, link).is_some() {
        LinkStyle::Async
    } else {
        LinkStyle::Sync
    }
}

/// A link's style: the one the model sets, else [`derived`].
pub fn of(model: &Model, link: &Link) -> LinkStyle {
    link.style.unwrap_or_else(|| derived(model, link))
}

/// The external systems `from` calls and waits for (synchronous links, on the request path or
/// in the background), in model order.
pub fn external_calls(model: &Model, from: &str) -> Vec<String> {
    model
        .communication
        .links
        .iter()
        .filter(|l| l.from == from && model.externals.iter().any(|e| e.name == l.to))
        .filter(|l| of(model, l) == LinkStyle::Sync)
        .map(|l| l.to.clone())
        .collect()
}

/// Whether a link's purpose or a step's action says it reads: it starts with a reading verb
/// (`Read the on-hand counts`, `look up`, `fetch`) or an HTTP `GET` or `HEAD`.
pub fn reads(text: &str) -> bool {
    let p = text.trim_start().to_lowercase();
    [
        "read ", "reads ", "get ", "gets ", "fetch", "look up", "looks up", "load", "head ",
    ]
    .iter()
    .any(|v| p.starts_with(v))
}

/// Whether `from` only reads from `to`: their links' purposes and every step (and
/// compensation) of a flow from one to the other say so, and at least one of them is known.
pub fn only_reads(model: &Model, from: &str, to: &str) -> bool {
    let mut said: Vec<&str> = (model.communication.links.iter())
        .filter(|l| l.from == from && l.to == to && !l.purpose.trim().is_empty())
        .map(|l| l.purpose.as_str())
        .collect();
    for f in &model.communication.flows {
        for w in f.walk() {
            if w.step.from == from && w.step.to == to {
                said.push(&w.step.action);
                if !w.step.compensation.trim().is_empty() {
                    said.push(&w.step.compensation);
                }
            }
        }
    }
    !said.is_empty() && said.iter().all(|t| reads(t))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model() -> Model {
        let yaml = "version: 1
name: t
requirements: {domain: d}
services:
  - {name: a, responsibility: r}
  - {name: b, responsibility: r}
communication:
  brokers: [{name: bus, technology: Kafka}]
";
        serde_yaml::from_str(yaml).expect("test model parses")
    }

    fn link(yaml: &str) -> Link {
        serde_yaml::from_str(yaml).expect("test link parses")
    }

    #[test]
    fn a_plain_call_is_sync() {
        assert_eq!(of(&model(), &link("{from: a, to: b}")), LinkStyle::Sync);
    }

    #[test]
    fn events_a_broker_or_a_broker_callee_make_it_async() {
        let m = model();
        for l in [
            "{from: a, to: b, events: [Placed]}",
            "{from: a, to: b, broker: bus}",
            "{from: a, to: bus}",
        ] {
            assert_eq!(of(&m, &link(l)), LinkStyle::Async, "{l}");
        }
    }

    #[test]
    fn a_broker_the_model_does_not_have_does_not_count() {
        assert_eq!(
            derived(&model(), &link("{from: a, to: b, broker: nope}")),
            LinkStyle::Sync
        );
    }

    #[test]
    fn the_model_s_style_wins() {
        let m = model();
        assert_eq!(
            of(&m, &link("{from: a, to: b, style: async}")),
            LinkStyle::Async
        );
        assert_eq!(
            of(&m, &link("{from: a, to: bus, style: sync}")),
            LinkStyle::Sync
        );
    }
}
