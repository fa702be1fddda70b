//! The platform services a design leans on without calling them in a flow: the secrets
//! manager every replica reads at start-up, the feature flag service the rollout switches on,
//! and the schema registry every producer and consumer of a schema checks. Each can stop
//! deploys and restarts while the running system carries on, which is what their rows say.
//! Beside them, the change data capture connector that publishes every outbox table, whose
//! outage delays every event while requests go on, and the store of the rate limits' shared
//! counts, whose outage narrows each replica to its share.

use super::{FailureMode, GapRisk};
use crate::model::{Level, Model};

/// One row per platform service the model names, in the order above.
pub(super) fn modes(model: &Model, known: &[FailureMode]) -> Vec<FailureMode> {
    let owner = format!(
        "{} (assumed: the team that runs the platform answers for it)",
        crate::derive::open::lead_team_of(model)
    );
    let (services, messaging) = users(model);
    let mut out: Vec<FailureMode> = Vec::new();
    // The risk's title names the dependency where it says `{name}`.
    type Risk<'a> = Option<(&'a str, Level, &'a str)>;
    let mut push =
        |name: &Option<String>, kind: &str, effect: &str, handling: &str, gap: &str, risk: Risk| {
            let used_by = if kind == "schema registry" {
                messaging.clone()
            } else {
                services.clone()
            };
            let Some(name) = name.as_ref().filter(|n| !n.trim().is_empty()) else {
                return;
            };
            if known.iter().any(|f| f.name == *name) {
                return;
            }
            out.push(FailureMode {
                name: name.clone(),
                kind: kind.into(),
                used_by,
                effect: effect.into(),
                handling: handling.into(),
                gap: gap.into(),
                risk: risk.and_then(|(title, impact, key)| {
                    GapRisk::low(title.replace("{name}", name), impact, key)
                }),
                owner: owner.clone(),
            });
        };
    push(
        &model.security.secrets,
        "secrets manager",
        "Running replicas keep the secrets they read at start-up and carry on; a replica that starts cannot, so deploys, restarts and scale-outs wait, and a rotated secret reaches nobody.",
        "",
        "Nothing says how a replica starts while it is down: sync the secrets into the cluster (for example with the External Secrets Operator) so a start reads the last copy, and hold deploys meanwhile.",
        Some((
            "While {name} is down no replica can start, so deploys, restarts and scale-outs wait",
            Level::Medium,
            "security.secrets",
        )),
    );
    push(
        &model.deployment.feature_flags,
        "feature flag service",
        "Services keep evaluating flags from the rules their SDK last fetched; a flag changed meanwhile reaches nobody, and a replica that starts has no rules.",
        "",
        "A replica that starts while it is down takes each flag's default: make every default the safe side (a launch flag's is off), and say so where the flag is defined.",
        None,
    );
    push(
        &model
            .communication
            .envelope
            .as_ref()
            .and_then(|e| e.registry.clone()),
        "schema registry",
        "Producers and consumers keep the schemas they already fetched and carry on; a new schema version cannot be registered, so a deploy that brings one waits, and a replica that starts fails on its first message until it can fetch the schema.",
        "",
        &registry_gap(model),
        (!managed_registry(model)).then_some((
            "{name} has no stated standby: while it is down a replica that starts fails on its first message",
            Level::Medium,
            "communication.envelope.registry",
        )),
    );
    out.extend(relay_mode(model, &owner));
    out.extend(super::counts::mode(model, &owner));
    out
}

/// What a schema registry's outage leaves open: nothing to run for a managed one, whose
/// availability is the provider's; a standby for one the team runs.
fn registry_gap(model: &Model) -> String {
    if managed_registry(model) {
        "A managed registry: its availability is the provider's, and there is nothing to run beside it. Cache each schema in the clients with no expiry, so an outage stops only new versions and cold starts.".into()
    } else {
        "How it stays available is not stated: run a standby beside it (its schemas live in a compacted topic or a managed store, so a second instance serves the same ones).".into()
    }
}

/// Whether the schema registry is a managed service, whose availability is the provider's.
fn managed_registry(model: &Model) -> bool {
    let name = (model.communication.envelope.as_ref())
        .and_then(|e| e.registry.as_deref())
        .unwrap_or("")
        .to_lowercase();
    [
        "glue",
        "confluent cloud",
        "azure",
        "google",
        "managed",
        "aiven",
        "msk",
    ]
    .iter()
    .any(|m| name.contains(m))
}

/// Who uses the platform services: every service of this design (an existing system uses
/// none of them), and for the schema registry, those that publish or consume (the connector
/// capturing an existing system's store uses it for that store).
fn users(model: &Model) -> (Vec<String>, Vec<String>) {
    let ours = |s: &&crate::model::Service| s.kind != crate::model::ServiceKind::Legacy;
    let services: Vec<String> = (model.services.iter().filter(ours))
        .map(|s| s.name.clone())
        .collect();
    let messaging: Vec<String> = model
        .services
        .iter()
        .filter(|s| !s.publishes.is_empty() || !s.consumes.is_empty())
        .filter_map(|s| crate::derive::capture::user(model, &s.name))
        .collect();
    (services, messaging)
}

/// The change data capture connector that publishes every outbox table, when the model
/// names one (see [`crate::derive::open::cdc_tool`]).
fn relay_mode(model: &Model, owner: &str) -> Option<FailureMode> {
    let tool = crate::derive::open::cdc_tool(model.communication.outbox_relay.as_deref())?;
    let writers: Vec<String> = super::outbox_writers(model)
        .into_iter()
        .map(str::to_owned)
        .collect();
    if writers.is_empty() {
        return None;
    }
    Some(FailureMode {
        name: format!("outbox relay ({tool})"),
        kind: "outbox relay".into(),
        used_by: writers,
        effect: "Requests still succeed and their events wait in the outbox tables: every asynchronous step waits, and consumers fall behind by the outage.".into(),
        handling: "the connector resumes from the log position it last committed and publishes what was written meanwhile, in commit order".into(),
        gap: format!(
            "Each store keeps the log the connector has not read (a PostgreSQL replication slot holds it until read), so a long stall fills the store's disk: alert on the retained log and the connector's lag, and say who drops the slot and re-snapshots. {}",
            failover_gap(model.communication.outbox_retention_hours)
        ),
        risk: GapRisk::low(
            format!(
                "A stalled {tool} fills the disks of the stores it reads with log it has not read{}",
                match model.communication.outbox_retention_hours {
                    Some(h) if h > 0 => "",
                    _ => ", and a store's failover loses the events it had not published",
                }
            ),
            Level::High,
            "communication.outbox_relay",
        ),
        owner: match &model.communication.connectors {
            Some(c) => c.team.clone(),
            None => owner.to_owned(),
        },
    })
}

/// What a store's failover costs the log-reading relay, by how long the outbox rows stay
/// (`communication.outbox_retention_hours`).
fn failover_gap(kept_hours: Option<u32>) -> String {
    let carry = "A store's failover to its replica must carry the replication slot over (a failover slot the replica keeps in step, where the database offers one)";
    match kept_hours {
        Some(h) if h > 0 => format!(
            "{carry}; where it does not, the connector starts a new slot after the failover, and an incremental snapshot of the outbox rows of the last {h} {} (`communication.outbox_retention_hours`) publishes what the lost slot had not read, which the consumers skip by event id where they have it already: the lost slot must be noticed and the snapshot run within those {h} {}.",
            if h == 1 { "hour" } else { "hours" },
            if h == 1 { "hour" } else { "hours" }
        ),
        Some(_) => format!(
            "{carry}: each row is deleted as it is written, so a re-snapshot finds none, and whatever was committed between the connector's last read and its new slot is never published. Keep the rows for a time a re-snapshot can use (`communication.outbox_retention_hours`), or accept that loss as a decision."
        ),
        None => format!(
            "{carry}; where it does not, a re-snapshot republishes only the outbox rows still in the table, and the model does not say how long they stay (`communication.outbox_retention_hours`): whatever was committed between the connector's last read and its new slot is lost unless the rows outlast the time to notice and re-snapshot."
        ),
    }
}

#[cfg(test)]
mod tests {
    use crate::derive::graph::tests::named as model;

    #[test]
    fn a_lost_slot_costs_what_the_outbox_rows_no_longer_hold() {
        let kept = super::failover_gap(Some(24));
        assert!(
            kept.contains("an incremental snapshot of the outbox rows of the last 24 hours")
                && kept.contains("the snapshot run within those 24 hours"),
            "{kept}"
        );
        let deleted = super::failover_gap(Some(0));
        assert!(
            deleted.contains("each row is deleted as it is written, so a re-snapshot finds none"),
            "{deleted}"
        );
        let unstated = super::failover_gap(None);
        assert!(
            unstated.contains("the model does not say how long they stay"),
            "{unstated}"
        );
    }

    #[test]
    fn platform_services_stop_starts_not_the_running_system() {
        let m = model(
            "requirements: {domain: d}\nservices:\n  - {name: a, responsibility: r, publishes: [{name: Done, fields: [{name: id, type: uuid}]}]}\n  - {name: b, responsibility: r}\nsecurity: {secrets: HashiCorp Vault}\ndeployment: {feature_flags: Unleash}\ncommunication:\n  brokers: [{name: k, technology: Kafka}]\n  envelope: {registry: Confluent Schema Registry}\n",
        );
        let rows: Vec<(String, String, Vec<String>)> = super::super::modes(&m)
            .into_iter()
            .filter(|f| {
                f.kind.contains("secrets") || f.kind.contains("flag") || f.kind.contains("schema")
            })
            .map(|f| (f.name, f.kind, f.used_by))
            .collect();
        let names: Vec<&str> = rows.iter().map(|r| r.0.as_str()).collect();
        assert_eq!(
            names,
            ["HashiCorp Vault", "Unleash", "Confluent Schema Registry"]
        );
        // Only the services that publish or consume read schemas.
        assert_eq!(rows[2].2, ["a"]);
        assert_eq!(rows[0].2, ["a", "b"]);
        // The registry runs beside the services: a standby is the gap.
        let registry = super::super::modes(&m)
            .into_iter()
            .find(|f| f.kind == "schema registry")
            .unwrap();
        assert!(registry.gap.contains("run a standby"), "{}", registry.gap);
    }

    #[test]
    fn a_managed_registry_needs_no_standby_and_a_cdc_relay_has_its_row() {
        let m = model(
            "requirements: {domain: d}\nservices:\n  - {name: a, responsibility: r, data: [{name: s, store: PostgreSQL}], publishes: [{name: Done, fields: [{name: id, type: uuid}]}]}\n  - {name: b, responsibility: r}\ncommunication:\n  brokers: [{name: k, technology: Kafka}]\n  envelope: {registry: AWS Glue Schema Registry}\n  outbox_relay: Debezium (Kafka Connect)\n",
        );
        let all = super::super::modes(&m);
        let registry = all.iter().find(|f| f.kind == "schema registry").unwrap();
        assert!(
            registry.gap.starts_with("A managed registry"),
            "{}",
            registry.gap
        );
        let relay = all.iter().find(|f| f.kind == "outbox relay").unwrap();
        assert_eq!(relay.name, "outbox relay (Debezium (Kafka Connect))");
        assert_eq!(relay.used_by, ["a"]);
        assert!(relay.gap.contains("replication slot"), "{}", relay.gap);
        // A polling relay runs in each service: nothing apart fails.
        let polling = model(
            "requirements: {domain: d}\nservices:\n  - {name: a, responsibility: r, data: [{name: s, store: PostgreSQL}], publishes: [{name: Done, fields: [{name: id, type: uuid}]}]}\ncommunication:\n  brokers: [{name: k, technology: Kafka}]\n  outbox_relay: polling\n",
        );
        assert!(
            !super::super::modes(&polling)
                .iter()
                .any(|f| f.kind == "outbox relay")
        );
    }
}
