//! The change data capture connectors with nobody named to run them: a log-reading outbox
//! relay's connector per service and each captured store's share one runtime, usually a Kafka
//! Connect cluster, whose owner answers for every event they publish. Who runs it and where is
//! one decision until `communication.connectors` settles it, and that team, not each
//! service's, is paged on the connectors and answers for their failures.

use super::open::{OpenDecision, cdc_tool, lead_team_of};
use crate::model::Model;
use serde::Serialize;

/// The connectors of `model`, each as its tool and what it reads, in model order: one per
/// service with an outbox when a change data capture tool relays the outboxes, then one per
/// captured store.
pub fn connectors(model: &Model) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(tool) = cdc_tool(model.communication.outbox_relay.as_deref()) {
        for w in super::failures::outbox_writers(model) {
            out.push(format!("{tool} on the outbox of {w}"));
        }
    }
    for s in &model.services {
        for d in &s.data {
            if let Some(c) = &d.capture {
                out.push(format!("{} on {} ({})", c.tool, d.name, d.store));
            }
        }
    }
    out
}

/// The connectors and who runs them, as the documents show them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Runtime {
    /// Each connector: its tool and what it reads ([`connectors`]).
    pub list: Vec<String>,
    /// The team that runs them: `communication.connectors.team`, else the lead team's.
    pub team: String,
    /// Whether the model states that team (else it is assumed, and an open decision).
    pub stated: bool,
    /// Where they run; empty when the model does not say.
    pub runs_on: String,
}

/// The connectors and their team, when some connector exists.
pub fn runtime(model: &Model) -> Option<Runtime> {
    let list = connectors(model);
    if list.is_empty() {
        return None;
    }
    let stated = model.communication.connectors.as_ref();
    Some(Runtime {
        list,
        team: stated.map_or_else(|| lead_team_of(model), |c| c.team.clone()),
        stated: stated.is_some(),
        runs_on: stated.map(|c| c.runs_on.clone()).unwrap_or_default(),
    })
}

/// The decision, when some connector exists and the model names nobody to run them.
pub(super) fn runner(model: &Model) -> Option<OpenDecision> {
    if model.communication.connectors.is_some() {
        return None;
    }
    let drivers = connectors(model);
    if drivers.is_empty() {
        return None;
    }
    let platform = model
        .deployment
        .platform
        .as_deref()
        .unwrap_or("the platform");
    let kafka_connect = drivers.iter().any(|c| c.contains("Kafka Connect"));
    let (options, weighed): (Vec<String>, Vec<_>) =
        choices(platform, kafka_connect).into_iter().unzip();
    Some(OpenDecision {
        title: "Decide who runs the change data capture connectors, and where".into(),
        why: format!(
            "{} connector{} publish{} events that other services consume, and the model names \
             no team that runs them: each service's team would be paged for a runtime it does \
             not run, and nobody for the runtime itself.",
            drivers.len(),
            if drivers.len() == 1 { "" } else { "s" },
            if drivers.len() == 1 { "es" } else { "" },
        ),
        owner: lead_team_of(model),
        detected: true,
        question: false,
        key: "communication.connectors".into(),
        options,
        due: String::new(),
        blocks: "who is paged on connector lag and a full replication slot, and who re-snapshots \
                 a store"
            .into(),
        drivers,
        weighed,
    })
}

/// An option's pros and cons.
type ProsCons = (Vec<String>, Vec<String>);

/// The ways to run them, each with its pros and cons: one team's runtime on the platform, a
/// managed Kafka Connect where the connectors are Kafka Connect's, or each team its own.
fn choices(platform: &str, kafka_connect: bool) -> Vec<(String, ProsCons)> {
    let v = |items: &[&str]| items.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    let mut out = vec![(
        if kafka_connect {
            format!("A Kafka Connect cluster on {platform} that one team runs for every connector")
        } else {
            format!("The connectors on {platform}, one team running them all")
        },
        (
            v(&[
                "One team is paged for, upgrades and re-snapshots every connector",
                "Any connector plug-in and converter the team chooses",
            ]),
            v(&[
                "A runtime to run: its workers, their state and upgrades",
                "Every captured event passes through it: its outage delays them all",
            ]),
        ),
    )];
    if kafka_connect {
        out.push((
            "A managed connector service (Amazon MSK Connect, Confluent Cloud), its connectors \
             configured by one team"
                .into(),
            (
                v(&["No workers to run, patch or scale"]),
                v(&[
                    "Only the plug-ins and versions the service offers",
                    "A team must still own the configuration and be paged on lag",
                ]),
            ),
        ));
    }
    out.push((
        "Each service's team runs the connector on its own store".into(),
        (
            v(&["Each team answers for the events its own store publishes"]),
            v(&[
                "Several runtimes, or one shared runtime that no team owns",
                "A store whose team runs no service (a legacy database) has nobody to run its \
                 connector",
            ]),
        ),
    ));
    out
}

#[cfg(test)]
mod tests {
    use crate::derive::graph::tests::named as model;

    const CDC: &str = "requirements: {domain: d}\nservices:\n  - {name: a, team: sales, responsibility: r, data: [{name: s, store: PostgreSQL}], publishes: [{name: Done, fields: [{name: id, type: uuid}]}]}\n  - name: old\n    kind: legacy\n    responsibility: r\n    data: [{name: db, store: SQL Server, capture: {tool: Debezium, events: [Moved]}}]\n    publishes: [{name: Moved, fields: [{name: id, type: uuid}]}]\ncommunication:\n  brokers: [{name: k, technology: Kafka}]\n  outbox_relay: Debezium (Kafka Connect)\n";

    #[test]
    fn one_team_runs_every_connector_or_it_is_an_open_decision() {
        let m = model(CDC);
        assert_eq!(
            super::connectors(&m),
            [
                "Debezium (Kafka Connect) on the outbox of a",
                "Debezium on db (SQL Server)"
            ]
        );
        let open = super::runner(&m).expect("nobody runs them yet");
        assert_eq!(open.key, "communication.connectors");
        assert_eq!(open.weighed.len(), open.options.len());
        let stated = model(&CDC.replace(
            "  outbox_relay:",
            "  connectors: {team: integrations}\n  outbox_relay:",
        ));
        assert!(super::runner(&stated).is_none());
        // That team answers for the relay's failures and each captured store's connector.
        let modes = crate::derive::failures::modes(&stated);
        let relay = modes.iter().find(|f| f.kind == "outbox relay").unwrap();
        assert_eq!(relay.owner, "integrations");
        let captured = crate::derive::capture::captures(&stated);
        assert_eq!(captured[0].team, "integrations");
        // A polling relay and no captured store: no connector, nothing to decide.
        let none = model(
            &CDC.replace("Debezium (Kafka Connect)", "polling")
                .replace(", capture: {tool: Debezium, events: [Moved]}", ""),
        );
        assert!(super::connectors(&none).is_empty() && super::runner(&none).is_none());
    }
}
