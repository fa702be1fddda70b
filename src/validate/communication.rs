//! Events and communication: unique event names, consumers of published events, links, flows
//! and brokers that name what exists.

use super::apis::check_fields;
use super::names::{event_names, node_names, unique_names};
use super::{Issues, fields};
use crate::model::Model;

pub(super) fn events(model: &Model, issues: &mut Issues) {
    let published = event_names(model);
    unique_names(
        model.services.iter().enumerate().flat_map(|(i, s)| {
            s.publishes
                .iter()
                .enumerate()
                .map(move |(j, e)| (format!("/services/{i}/publishes/{j}/name"), e.name.as_str()))
        }),
        "event",
        issues,
    );
    for (i, s) in model.services.iter().enumerate() {
        for (j, e) in s.publishes.iter().enumerate() {
            let ep = format!("/services/{i}/publishes/{j}");
            // An event nests resources of its publisher's API; refs in events are ids.
            let resources: Vec<&str> = s.api.resources.iter().map(|r| r.name.as_str()).collect();
            check_fields(
                &e.fields,
                &format!("{ep}/fields"),
                &format!("event `{}`", e.name),
                &resources,
                "resource of the publisher's API",
                issues,
            );
            if let Some(key) = &e.key {
                let names: Vec<&str> = e.fields.iter().map(|f| f.name.as_str()).collect();
                issues.check(
                    format!("{ep}/key"),
                    &format!("event `{}`: key", e.name),
                    fields::reference(key, names, "field of the event"),
                );
            }
        }
        for (j, name) in s.consumes.iter().enumerate() {
            issues.check(
                format!("/services/{i}/consumes/{j}"),
                &format!("service `{}` consumes", s.name),
                fields::reference(name, published.iter().copied(), "published event"),
            );
        }
        for event in s.reads.keys() {
            issues.check(
                format!(
                    "/services/{i}/reads/{}",
                    event.replace('~', "~0").replace('/', "~1")
                ),
                &format!("service `{}`: `reads`", s.name),
                fields::reference(
                    event,
                    s.consumes.iter().map(String::as_str),
                    "event it consumes",
                ),
            );
        }
    }
}

/// `communication.connectors` names a team, and some connector for it to run.
fn connectors(model: &Model, issues: &mut Issues) {
    let Some(c) = &model.communication.connectors else {
        return;
    };
    if c.team.trim().is_empty() {
        issues.push(
            "/communication/connectors/team".into(),
            "`connectors.team` is empty".into(),
            Some("name the team that runs the change data capture connectors".into()),
        );
    }
    if crate::derive::open_connectors::connectors(model).is_empty() {
        issues.push(
            "/communication/connectors".into(),
            "`connectors` with no change data capture connector to run".into(),
            Some(
                "it says who runs the connectors of a log-reading `outbox_relay` and of each store's `capture`: add one, or remove it"
                    .into(),
            ),
        );
    }
}

/// The outbox settings that mean something only beside one kind of relay.
fn outbox(model: &Model, issues: &mut Issues) {
    let c = &model.communication;
    let polling =
        (c.outbox_relay.as_deref()).is_some_and(|r| r.trim().eq_ignore_ascii_case("polling"));
    if c.outbox_calls.is_some() && !polling {
        issues.push(
            "/communication/outbox_calls".into(),
            "`outbox_calls` without a polling relay".into(),
            Some(
                "it says which polling relay sends the calls a flow sends from an outbox: set `outbox_relay: polling`, or remove it"
                    .into(),
            ),
        );
    }
    if c.outbox_retention_hours.is_some()
        && crate::derive::open::cdc_tool(c.outbox_relay.as_deref()).is_none()
    {
        issues.push(
            "/communication/outbox_retention_hours".into(),
            "`outbox_retention_hours` without a change data capture relay".into(),
            Some(
                "it says how long the rows stay that a log-reading relay publishes: name the tool in `outbox_relay` (e.g. `Debezium (Kafka Connect)`), or remove it"
                    .into(),
            ),
        );
    }
}

pub(super) fn check(model: &Model, issues: &mut Issues) {
    let nodes = node_names(model);
    let c = &model.communication;
    outbox(model, issues);
    connectors(model, issues);
    let brokers: Vec<&str> = c.brokers.iter().map(|b| b.name.as_str()).collect();
    let published = event_names(model);
    for (i, l) in c.links.iter().enumerate() {
        let lp = format!("/communication/links/{i}");
        issues.check(
            format!("{lp}/from"),
            "link `from`:",
            fields::reference(&l.from, nodes.iter().copied(), "component"),
        );
        issues.check(
            format!("{lp}/to"),
            "link `to`:",
            fields::reference(&l.to, nodes.iter().copied(), "component"),
        );
        if l.from == l.to {
            issues.push(
                format!("{lp}/to"),
                format!("link from `{}` to itself", l.from),
                Some("a link joins two different components".into()),
            );
        }
        if model.clients.iter().any(|cl| cl.name == l.to)
            && crate::derive::link_style::of(model, l) != crate::model::LinkStyle::Async
        {
            issues.push(
                format!("{lp}/to"),
                format!("synchronous link to client `{}`", l.to),
                Some(
                    "clients call the system: draw the link from the client, or set `style: async` for webhooks and pushes"
                        .into(),
                ),
            );
        }
        if let Some(b) = &l.broker {
            issues.check(
                format!("{lp}/broker"),
                "link `broker`:",
                fields::reference(b, brokers.iter().copied(), "broker"),
            );
        }
        for (j, e) in l.events.iter().enumerate() {
            issues.check(
                format!("{lp}/events/{j}"),
                "link event",
                fields::reference(e, published.iter().copied(), "published event"),
            );
        }
    }
    unique_names(
        c.flows
            .iter()
            .enumerate()
            .map(|(i, f)| (format!("/communication/flows/{i}/name"), f.name.as_str())),
        "flow",
        issues,
    );
    super::flows::check(model, issues);
}
