//! Change data capture, derived once: which change log a store technology keeps (the binlog,
//! the write-ahead log, a change stream) and, per captured store, what its connector reads and
//! publishes where. Validation, the documents and the diagrams all read this.

use crate::model::Model;
use serde::Serialize;

/// Whether a store technology keeps a change log a connector can read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "log", rename_all = "kebab-case")]
pub enum ChangeLog {
    /// It does; the log's name, e.g. `binlog`.
    Log(&'static str),
    /// It keeps none (a cache, a search index, an object store): nothing to capture.
    None,
    /// A technology not in the table: the model's word is taken.
    Unknown,
}

/// First match wins on the lower-cased technology; specific names before general ones.
const TABLE: &[(&str, ChangeLog)] = &[
    (
        "postgres",
        ChangeLog::Log("write-ahead log (logical replication slot)"),
    ),
    ("aurora mysql", ChangeLog::Log("binlog")),
    ("mysql", ChangeLog::Log("binlog")),
    ("mariadb", ChangeLog::Log("binlog")),
    ("sql server", ChangeLog::Log("CDC change tables")),
    ("oracle", ChangeLog::Log("redo log (LogMiner)")),
    ("mongodb", ChangeLog::Log("change stream (oplog)")),
    ("db2", ChangeLog::Log("SQL replication change tables")),
    ("cassandra", ChangeLog::Log("commit log CDC directory")),
    ("dynamodb", ChangeLog::Log("DynamoDB Streams")),
    ("spanner", ChangeLog::Log("change streams")),
    ("redis", ChangeLog::None),
    ("memcached", ChangeLog::None),
    ("elasticsearch", ChangeLog::None),
    ("opensearch", ChangeLog::None),
    ("s3", ChangeLog::None),
    ("object storage", ChangeLog::None),
];

/// The change log `technology` keeps.
pub fn change_log(technology: &str) -> ChangeLog {
    let t = technology.to_lowercase();
    TABLE
        .iter()
        .find(|(pattern, _)| t.contains(pattern))
        .map_or(ChangeLog::Unknown, |(_, l)| *l)
}

/// One captured store, as every document presents it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Captured {
    /// The service that owns the store (and the captured events).
    pub service: String,
    /// The store's name.
    pub store: String,
    /// The store's technology.
    pub technology: String,
    /// The connector, e.g. `Debezium`.
    pub tool: String,
    /// The broker it publishes to: the stated one, else the only broker, else empty.
    pub broker: String,
    /// The events it publishes.
    pub events: Vec<String>,
    /// The captured tables.
    pub tables: Vec<String>,
    /// The log it reads, e.g. `binlog`; `change log` for a technology not in the table.
    pub log: String,
    /// The services that consume its events, in the file's order.
    pub consumers: Vec<String>,
    /// The team that runs its connector: `communication.connectors.team`, else the owning
    /// service's; empty when neither is named.
    pub team: String,
    /// The keys its events declare, each once in the file's order: a key transform replaces
    /// the connector's default key (the row's primary key). Empty when none declares one.
    pub keys: Vec<String>,
    /// Whether more tables than events are captured, so one event carries rows of several
    /// tables and must say which table each came from.
    pub merged: bool,
}

/// Who stands for `name` among a platform service's users: an existing system this design
/// does not run uses none of them, but the connector capturing its store does, named for it
/// (`Debezium (Kafka Connect) for legacy-scheduler`); `None` for an existing system nothing
/// captures. Any other component, and an existing system that consumes events, is itself.
pub fn user(model: &Model, name: &str) -> Option<String> {
    let Some(s) = model.services.iter().find(|s| s.name == name) else {
        return Some(name.to_owned());
    };
    // One that consumes events reads the broker itself.
    if s.kind != crate::model::ServiceKind::Legacy || !s.consumes.is_empty() {
        return Some(name.to_owned());
    }
    let tool = s
        .data
        .iter()
        .find_map(|d| d.capture.as_ref())?
        .tool
        .trim()
        .to_owned();
    Some(if tool.is_empty() {
        format!("the connector for {name}")
    } else {
        format!("{tool} for {name}")
    })
}

/// Every captured store in the model, in the file's order.
pub fn captures(model: &Model) -> Vec<Captured> {
    let brokers = &model.communication.brokers;
    let mut out = Vec::new();
    for s in &model.services {
        for d in &s.data {
            let Some(c) = &d.capture else { continue };
            let broker = c.broker.clone().or_else(|| match brokers.as_slice() {
                [only] => Some(only.name.clone()),
                _ => None,
            });
            let log = match change_log(&d.store) {
                ChangeLog::Log(l) => l.to_owned(),
                _ => "change log".to_owned(),
            };
            out.push(Captured {
                service: s.name.clone(),
                store: d.name.clone(),
                technology: d.store.clone(),
                tool: c.tool.clone(),
                broker: broker.unwrap_or_default(),
                events: c.events.clone(),
                tables: c.tables.clone(),
                log,
                consumers: model
                    .services
                    .iter()
                    .filter(|x| x.consumes.iter().any(|e| c.events.contains(e)))
                    .map(|x| x.name.clone())
                    .collect(),
                team: (model.communication.connectors.as_ref())
                    .map_or_else(|| s.team.clone(), |c| c.team.clone()),
                keys: declared_keys(&s.publishes, &c.events),
                merged: c.tables.len() > c.events.len(),
            });
        }
    }
    out
}

/// The keys `events` of `published` declare, each once in the file's order.
fn declared_keys(published: &[crate::model::Event], events: &[String]) -> Vec<String> {
    let mut keys: Vec<String> = Vec::new();
    for e in published.iter().filter(|e| events.contains(&e.name)) {
        if let Some(k) = &e.key
            && !keys.contains(k)
        {
            keys.push(k.clone());
        }
    }
    keys
}

/// The events change data capture publishes, in the file's order.
pub fn captured_events(model: &Model) -> Vec<String> {
    model
        .services
        .iter()
        .flat_map(|s| &s.data)
        .filter_map(|d| d.capture.as_ref())
        .flat_map(|c| c.events.iter().cloned())
        .collect()
}

/// Whether `event` is produced by change data capture rather than by its service's code.
pub fn is_captured(model: &Model, event: &str) -> bool {
    captured_events(model).iter().any(|e| e == event)
}

/// The stated change rate of capture `c`, if any.
fn changes_per_s(model: &Model, c: &Captured) -> Option<f64> {
    let s = model.services.iter().find(|s| s.name == c.service)?;
    let d = s.data.iter().find(|d| d.name == c.store)?;
    d.capture.as_ref()?.changes_per_s
}

/// The rate of captured event `event` a second: its capture's stated row changes at the
/// event's stated share, or an even split of what the stated shares leave; none when the event
/// is not captured, 0 when the rate is not stated.
pub fn event_rate(model: &Model, event: &str) -> Option<f64> {
    let s = model.services.iter().flat_map(|s| &s.data);
    let c = s
        .filter_map(|d| d.capture.as_ref())
        .find(|c| c.events.iter().any(|e| e == event))?;
    Some(c.changes_per_s.unwrap_or(0.0) * share(c, event) / 100.0)
}

/// The percent of capture `c`'s changes that `event` carries: stated, or an even split of
/// what the stated shares leave among the events without one.
fn share(c: &crate::model::Capture, event: &str) -> f64 {
    if let Some(s) = c.shares.get(event) {
        return *s;
    }
    let given: f64 = c.shares.values().sum();
    let open = c
        .events
        .iter()
        .filter(|e| !c.shares.contains_key(*e))
        .count()
        .max(1);
    (100.0 - given).max(0.0) / open as f64
}

/// What the capacity model assumes of each capture with a stated rate and two or more events
/// whose shares it does not all state: those events split what is left evenly.
pub fn share_assumptions(model: &Model) -> Vec<super::Assumption> {
    let all = model.services.iter().flat_map(|s| {
        s.data
            .iter()
            .filter_map(move |d| Some((s, d, d.capture.as_ref()?)))
    });
    all.filter(|(_, _, c)| {
        c.changes_per_s.is_some()
            && c.events.len() > 1
            && c.events.iter().any(|e| !c.shares.contains_key(e))
    })
    .map(|(s, d, c)| {
        let each: Vec<String> = c
            .events
            .iter()
            .filter(|e| !c.shares.contains_key(*e))
            .map(|e| format!("{e} {}%", super::capacity::round_rate(share(c, e))))
            .collect();
        super::Assumption::new(
            &format!("capacity.capture-shares.{}.{}", s.name, d.name),
            format!(
                "of the {} row changes a second captured from {}, {}",
                super::capacity::round_rate(c.changes_per_s.unwrap_or(0.0)),
                d.name,
                crate::text::english::and_list(&each)
            ),
            "the model does not say which of the captured events the changes become, so \
             the events without a stated share split what is left evenly",
            "events per second on the captured topics, partitions and storage",
            "services[].data[].capture.shares",
        )
    })
    .collect()
}

/// What the capacity model assumes about each captured store: its connector publishes one
/// event per committed row change, a rate the model does not state.
pub fn assumptions(model: &Model) -> Vec<super::Assumption> {
    captures(model)
        .into_iter()
        .filter(|c| changes_per_s(model, c).is_none())
        .map(|c| {
            let what = if c.tables.is_empty() {
                format!("the captured tables of {}", c.store)
            } else {
                c.tables.join(", ")
            };
            super::Assumption::new(
                &format!("capacity.capture.{}.{}", c.service, c.store),
                format!(
                    "{} carries one event per committed row change to {what}; the model states \
                     no change rate, so the capacity model counts no load for {}",
                    c.broker,
                    c.events.join(", ")
                ),
                "change data capture publishes every committed change, including a bulk \
                 update and the snapshot on first start, at whatever rate the legacy code \
                 writes; nothing else in the model bounds it",
                "capacity (events per second on the captured topics), partitions",
                "services[].data[].capture.changes_per_s",
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logs_by_technology() {
        assert_eq!(change_log("MySQL 8"), ChangeLog::Log("binlog"));
        assert_eq!(
            change_log("PostgreSQL"),
            ChangeLog::Log("write-ahead log (logical replication slot)")
        );
        assert_eq!(change_log("Redis"), ChangeLog::None);
        assert_eq!(change_log("FoundationDB"), ChangeLog::Unknown);
    }

    #[test]
    fn an_existing_system_uses_the_platform_through_the_connector_capturing_it() {
        let legacy = "version: 1\nname: x\nrequirements: {domain: d}\nservices:\n  - name: mono\n    kind: legacy\n    responsibility: r\n    data:\n      - name: db\n        store: MySQL\n        capture: {tool: Debezium, events: [InvoiceChanged]}\n    publishes:\n      - {name: InvoiceChanged}\n  - {name: billing, responsibility: r, consumes: [InvoiceChanged]}\n";
        let m: Model = serde_yaml::from_str(legacy).unwrap();
        assert_eq!(user(&m, "mono").as_deref(), Some("Debezium for mono"));
        assert_eq!(user(&m, "billing").as_deref(), Some("billing"));
        // Consuming, it reads the broker itself; captured by nothing, it uses none of it.
        let reads = legacy.replace(
            "    publishes:",
            "    consumes: [InvoiceChanged]\n    publishes:",
        );
        assert_eq!(
            user(&serde_yaml::from_str(&reads).unwrap(), "mono").as_deref(),
            Some("mono")
        );
        let plain = legacy.replace(
            "        capture: {tool: Debezium, events: [InvoiceChanged]}\n",
            "",
        );
        assert_eq!(user(&serde_yaml::from_str(&plain).unwrap(), "mono"), None);
    }

    fn model() -> Model {
        let yaml = "version: 1\nname: x\nrequirements: {domain: d}\nservices:\n  - name: mono\n    responsibility: r\n    data:\n      - name: db\n        store: MySQL\n        capture: {tool: Debezium, events: [InvoiceChanged], tables: [invoices]}\n    publishes:\n      - {name: InvoiceChanged}\n      - {name: Other}\ncommunication:\n  brokers:\n    - {name: kafka, technology: Kafka}\n";
        serde_yaml::from_str(yaml).unwrap()
    }

    #[test]
    fn captures_default_to_the_only_broker_and_name_the_log() {
        let m = model();
        let c = captures(&m);
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].broker, "kafka");
        assert_eq!(c[0].log, "binlog");
        assert_eq!(c[0].events, ["InvoiceChanged"]);
        assert!(is_captured(&m, "InvoiceChanged"));
        assert!(!is_captured(&m, "Other"));
        let a = assumptions(&m);
        assert_eq!(a[0].id, "capacity.capture.mono.db");
        assert!(
            a[0].value
                .contains("one event per committed row change to invoices")
        );
    }

    #[test]
    fn a_stated_change_rate_sets_the_captured_events_rate_and_is_no_assumption() {
        let mut m = model();
        assert_eq!(event_rate(&m, "InvoiceChanged"), Some(0.0));
        assert_eq!(event_rate(&m, "Other"), None);
        let c = m.services[0].data[0].capture.as_mut().unwrap();
        c.changes_per_s = Some(6.0);
        c.events.push("Other".into());
        // Each change becomes one of the events: the rate is shared, evenly while unstated.
        assert_eq!(event_rate(&m, "InvoiceChanged"), Some(3.0));
        assert!(assumptions(&m).is_empty());
        let split = share_assumptions(&m);
        assert_eq!(split.len(), 1);
        assert!(
            split[0].value.contains("InvoiceChanged 50% and Other 50%"),
            "{}",
            split[0].value
        );
        // A stated share sets its event's rate; the rest goes to the events without one.
        let c = m.services[0].data[0].capture.as_mut().unwrap();
        c.shares.insert("InvoiceChanged".into(), 90.0);
        assert!((event_rate(&m, "InvoiceChanged").unwrap() - 5.4).abs() < 1e-9);
        assert!((event_rate(&m, "Other").unwrap() - 0.6).abs() < 1e-9);
        let c = m.services[0].data[0].capture.as_mut().unwrap();
        c.shares.insert("Other".into(), 10.0);
        assert!(share_assumptions(&m).is_empty());
    }
}
