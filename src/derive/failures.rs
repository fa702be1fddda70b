//! Failure modes and disaster recovery per dependency: what breaks when each data store,
//! broker, external system or identity provider is down, what the design does about it, and
//! each store's recovery objectives with the backup they call for.

#[path = "failures_broker.rs"]
mod broker;
#[path = "failures_counts.rs"]
mod counts;
#[path = "failures_platform.rs"]
mod platform;
use super::open::owner_of;
use crate::model::{LinkStyle, Model, ServiceKind};
use crate::text::english::and_list;
use serde::Serialize;

/// How one dependency fails and what the design does about it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FailureMode {
    /// The dependency's name.
    pub name: String,
    /// `data store`, `broker`, `external system` or `identity provider`.
    pub kind: String,
    /// The components that depend on it.
    pub used_by: Vec<String>,
    /// What users and callers see while it is down.
    pub effect: String,
    /// What the model names against it (empty when nothing).
    pub handling: String,
    /// What is missing (empty when nothing).
    pub gap: String,
    /// The risk the gap leaves, for the risks list; none where the gap is not this design's
    /// to carry (a legacy store's, a managed service's), is advice rather than a risk, or is
    /// one the risks list finds another way (an external without a fallback, one broker).
    #[serde(skip)]
    pub risk: Option<GapRisk>,
    /// Who owns the response.
    pub owner: String,
}

/// A recovery gap as a risk: what could go wrong, how likely and how bad, and the model key
/// that names the dependency.
#[derive(Debug, Clone, PartialEq)]
pub struct GapRisk {
    /// What could go wrong.
    pub title: String,
    /// How likely.
    pub likelihood: crate::model::Level,
    /// How bad.
    pub impact: crate::model::Level,
    /// Where the model names the dependency.
    pub key: String,
    /// What closes it, where the gap says more than this risk (empty: the gap).
    pub mitigation: String,
}

impl GapRisk {
    /// A risk of low likelihood and the given impact.
    pub fn low(title: String, impact: crate::model::Level, key: &str) -> Option<GapRisk> {
        Some(GapRisk {
            title,
            likelihood: crate::model::Level::Low,
            impact,
            key: key.to_owned(),
            mitigation: String::new(),
        })
    }
}

/// A store's recovery objectives and the backup they call for.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoreRecovery {
    /// The owning service.
    pub service: String,
    /// The store's name.
    pub store: String,
    /// Its technology.
    pub technology: String,
    /// Most minutes of writes that may be lost, as the model states it (the store's, else
    /// the system's); none when it states none.
    pub rpo_minutes: Option<u32>,
    /// Longest a restore may take, in minutes, as the model states it; none when it states
    /// none (archgen does not make one up: the error budget is only its ceiling).
    pub rto_minutes: Option<u32>,
    /// The JSON pointer into the model of the stated RTO (empty when none is stated).
    pub rto_at: String,
    /// The backup the RPO calls for, or, without an RPO, the one that keeps the loss to
    /// minutes and what that depends on.
    pub backup: String,
    /// Days its backups are kept (the store's, else the system's); none when unstated.
    pub retention_days: Option<u32>,
}

/// The backup a recovery point objective calls for on a store running `technology`: within
/// an hour, the engine's own continuous mechanism (WAL or binlog archiving, commit log
/// archiving, PITR, AOF, the oplog), since each engine recovers to a point in time its own way.
pub fn backup_for(technology: &str, rpo_minutes: Option<u32>) -> String {
    let t = technology.to_lowercase();
    let continuous = if t.contains("aurora") {
        "Aurora's continuous backup to S3 with point-in-time restore (automated backups)"
    } else if t.contains("amazon rds") {
        "RDS automated backups (daily snapshots and transaction logs every 5 minutes) with point-in-time restore"
    } else if t.contains("cloud sql") {
        "Cloud SQL automated backups with point-in-time recovery"
    } else if t.contains("azure database") {
        "the Azure Database service's automated backups with point-in-time restore"
    } else if t.contains("postgres") || t.contains("cockroach") {
        "continuous archiving of the write-ahead log (WAL) with point-in-time restore"
    } else if t.contains("mysql") || t.contains("mariadb") || t.contains("aurora") {
        "binary log (binlog) archiving with point-in-time restore"
    } else if t.contains("cassandra") || t.contains("scylla") {
        "nodetool snapshots with incremental backups and commit log archiving, replayed onto the last snapshot to restore to a point in time"
    } else if t.contains("dynamo") {
        "DynamoDB point-in-time recovery (PITR), which restores to any second of the last 35 days into a new table"
    } else if t.contains("redis") || t.contains("valkey") {
        "RDB snapshots with the append-only file (AOF, fsync every second) on replicas"
    } else if t.contains("mongo") {
        "continuous oplog backup with point-in-time restore"
    } else {
        "the engine's continuous log archiving with point-in-time restore"
    };
    let Some(rpo_minutes) = rpo_minutes else {
        return format!(
            "{continuous}, which loses minutes of writes at most (the RPO is not stated; a \
             looser one allows snapshots)"
        );
    };
    match rpo_minutes {
        0 => super::failover::no_loss(technology).into(),
        1..=60 => continuous.into(),
        61..=1440 => "snapshots at least every RPO, copied out of the region".into(),
        _ => "daily snapshots, copied out of the region".into(),
    }
}

/// The technology whose backup a store uses: a managed service its failover names (Amazon
/// Aurora, Amazon RDS, Cloud SQL, Azure Database) backs it up its own way; else its engine.
fn managed(d: &crate::model::DataStore) -> String {
    let failover = d.failover.as_deref().unwrap_or("").to_lowercase();
    let service = ["aurora", "amazon rds", "cloud sql", "azure database"]
        .into_iter()
        .find(|s| failover.contains(s));
    match service {
        Some(s) => format!("{s} {}", d.store),
        None => d.store.clone(),
    }
}

/// Every store's recovery objectives as the model states them: the store's own, else the
/// system's.
pub fn stores(model: &Model) -> Vec<StoreRecovery> {
    let system = &model.requirements.recovery;
    let mut out = Vec::new();
    for (i, s) in model.services.iter().enumerate() {
        for (j, d) in s.data.iter().enumerate() {
            let own = d.recovery.clone().unwrap_or_default();
            let rpo = own.rpo_minutes.or(system.rpo_minutes);
            let rto_at = match (own.rto_minutes, system.rto_minutes) {
                (Some(_), _) => format!("/services/{i}/data/{j}/recovery/rto_minutes"),
                (None, Some(_)) => "/requirements/recovery/rto_minutes".into(),
                (None, None) => String::new(),
            };
            out.push(StoreRecovery {
                service: s.name.clone(),
                store: d.name.clone(),
                technology: d.store.clone(),
                rpo_minutes: rpo,
                rto_minutes: own.rto_minutes.or(system.rto_minutes),
                rto_at,
                backup: backup_for(&managed(d), rpo),
                retention_days: own.retention_days.or(system.retention_days),
            });
        }
    }
    out
}

/// The components that use one broker.
pub(crate) struct BrokerUsers {
    /// Those that publish on it: the publishers of the events it carries, and the senders of
    /// links and flow steps to it.
    pub(crate) publishers: Vec<String>,
    /// Everyone: the publishers, then the consumers and receivers.
    pub(crate) all: Vec<String>,
}

/// The team that answers for broker `name`: the one team of every service using it, else the
/// lead team ([`super::open::lead_team_of`]), as a broker several teams share is shared
/// infrastructure. Every document naming the broker's owner asks here.
pub fn broker_owner(model: &Model, name: &str) -> String {
    let mut teams: Vec<&str> = broker_users(model, name)
        .all
        .iter()
        .filter_map(|u| model.services.iter().find(|s| &s.name == u))
        .map(|s| s.team.as_str())
        .filter(|t| !t.is_empty())
        .collect();
    teams.sort_unstable();
    teams.dedup();
    match teams.as_slice() {
        [one] => (*one).to_owned(),
        _ => super::open::lead_team_of(model),
    }
}

/// Who uses broker `name`: the publishers and consumers of the events that travel through it
/// (an event's own broker, else the broker its publisher's link names, else the only one),
/// and the components its links and flow steps connect it to.
pub(crate) fn broker_users(model: &Model, name: &str) -> BrokerUsers {
    let brokers = &model.communication.brokers;
    let is_broker = |n: &str| brokers.iter().any(|b| b.name == n);
    let mut publishers: Vec<String> = Vec::new();
    let mut receivers: Vec<String> = Vec::new();
    let add = |list: &mut Vec<String>, n: &str| {
        if !is_broker(n) && !list.iter().any(|x| x == n) {
            list.push(n.to_owned());
        }
    };
    let links = &model.communication.links;
    for s in &model.services {
        for e in &s.publishes {
            let via = super::brokers::of_event(model, &s.name, e).map(|b| b.name.as_str());
            if via != Some(name) {
                continue;
            }
            add(&mut publishers, &s.name);
            for c in model
                .services
                .iter()
                .filter(|c| c.consumes.contains(&e.name))
            {
                add(&mut receivers, &c.name);
            }
        }
    }
    for l in links {
        if l.to == name || l.broker.as_deref() == Some(name) {
            add(&mut publishers, &l.from);
        }
        if l.from == name {
            add(&mut receivers, &l.to);
        }
    }
    for f in &model.communication.flows {
        for w in f.walk() {
            if w.step.to == name {
                add(&mut publishers, &w.step.from);
            } else if w.step.from == name {
                add(&mut receivers, &w.step.to);
            }
        }
    }
    let mut all = publishers.clone();
    for r in receivers {
        if !all.contains(&r) {
            all.push(r);
        }
    }
    BrokerUsers { publishers, all }
}

/// The services that write a store and publish from their code (not by change data capture):
/// their events wait in an outbox table.
pub(crate) fn outbox_writers(model: &Model) -> Vec<&str> {
    let captured = super::capture::captured_events(model);
    model
        .services
        .iter()
        .filter(|s| !s.data.is_empty() && s.publishes.iter().any(|e| !captured.contains(&e.name)))
        .map(|s| s.name.as_str())
        .collect()
}

/// How each dependency fails: stores, brokers, external systems, identity providers.
pub fn modes(model: &Model) -> Vec<FailureMode> {
    let mut out = Vec::new();
    out.extend(store_modes(model));
    out.extend(cache_modes(model));
    out.extend(broker::modes(model));
    out.extend(external_modes(model));
    let identity = identity_modes(model, &out);
    out.extend(identity);
    let platform = platform::modes(model, &out);
    out.extend(platform);
    out
}

/// A shared cache down (one the service's process does not hold itself): its reads go to the
/// store, and with write-behind the writes it held are lost.
fn cache_modes(model: &Model) -> Vec<FailureMode> {
    use crate::model::{CacheLayer, CachePattern};
    let mut out = Vec::new();
    for c in &model.performance.caches {
        if c.technology.is_empty()
            || super::choices::in_process(&c.technology)
            || matches!(c.layer, CacheLayer::Client | CacheLayer::Cdn)
        {
            continue;
        }
        let stores: Vec<String> = model
            .services
            .iter()
            .filter(|s| s.name == c.service)
            .flat_map(|s| s.data.iter().map(|d| d.name.clone()))
            .collect();
        let source = if stores.is_empty() {
            "the services behind it".to_owned()
        } else {
            and_list(&stores)
        };
        let (effect, handling) = match c.pattern {
            CachePattern::WriteBehind => (
                format!(
                    "the writes of {} held in {} and not yet flushed to {source} are lost; reads \
                     go to {source}.",
                    c.service, c.name
                ),
                String::new(),
            ),
            _ => (
                format!(
                    "{} reads {source} instead of the cache ({}): slower answers, and {source} \
                     carries the reads the cache absorbed.",
                    c.service,
                    c.holds.trim_end_matches('.')
                ),
                "reads fall through to the store on a miss and refill the cache when it is back"
                    .to_owned(),
            ),
        };
        out.push(FailureMode {
            name: format!("{} ({})", c.name, c.technology),
            kind: "cache".into(),
            used_by: vec![c.service.clone()],
            effect,
            handling,
            gap: String::new(),
            risk: None,
            owner: owner_of(model, &c.service),
        });
    }
    out
}

/// What stops when store `d` of `s` is down: the service's requests, its consumers, and the
/// change data captured from it.
fn store_effect(model: &Model, s: &crate::model::Service, d: &crate::model::DataStore) -> String {
    let style = crate::defaults::api_style(s.kind, s.api.style);
    let mut parts = Vec::new();
    if s.kind == ServiceKind::Legacy && style == crate::model::ApiStyle::None {
        parts.push("its own users cannot work in it".to_owned());
    } else if style != crate::model::ApiStyle::None {
        parts.push("its requests fail with 503".to_owned());
    }
    if !s.consumes.is_empty() {
        parts.push(
            "its consumers stop, then resume from the last message they acknowledged".to_owned(),
        );
    }
    let what = if parts.is_empty() {
        "its work stops".to_owned()
    } else {
        and_list(&parts)
    };
    let mut out = format!("{} cannot read or write {}: {what}.", s.name, d.name);
    if let Some(c) = &d.capture {
        let consumers: Vec<&str> = model
            .services
            .iter()
            .filter(|x| x.consumes.iter().any(|e| c.events.contains(e)))
            .map(|x| x.name.as_str())
            .collect();
        out.push_str(&format!(
            " No {} is captured, so {} see{} no change until it is back; the connector then \
             resumes from its recorded log position, or snapshots the tables again if the log \
             it needs was truncated meanwhile.",
            and_list(&c.events),
            if consumers.is_empty() {
                "consumers".to_owned()
            } else {
                and_list(&consumers)
            },
            if consumers.len() == 1 { "s" } else { "" },
        ));
    }
    out
}

/// A data store down: its service fails its requests.
fn store_modes(model: &Model) -> Vec<FailureMode> {
    let mut out = Vec::new();
    for s in &model.services {
        for d in &s.data {
            // A blank failover states nothing.
            let failover = d
                .failover
                .as_deref()
                .map(str::trim)
                .filter(|f| !f.is_empty());
            out.push(FailureMode {
                name: format!("{} ({})", d.name, d.store),
                kind: "data store".into(),
                used_by: vec![s.name.clone()],
                effect: store_effect(model, s, d),
                handling: [
                    failover.map(|f| format!("a node or zone loss fails over ({f})")),
                    model
                        .performance
                        .caches
                        .iter()
                        .any(|c| c.service == s.name)
                        .then(|| "cached reads keep answering until their TTL ends".to_owned()),
                ]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join("; "),
                gap: match failover {
                    Some(_) => String::new(),
                    // An existing system's store is run by its own team, as it is today.
                    None if s.kind == crate::model::ServiceKind::Legacy => format!(
                        "Not this design's to close: {} keeps running it as today, with the \
                         failover it has now.",
                        owner_of(model, &s.name)
                    ),
                    None => zone_gap(model, d),
                },
                risk: (failover.is_none() && s.kind != crate::model::ServiceKind::Legacy)
                    .then(|| {
                        GapRisk::low(
                            format!(
                                "Nothing stated keeps {} of {} up through the loss of a zone",
                                d.name, s.name
                            ),
                            crate::model::Level::High,
                            "services[].data[].failover",
                        )
                    })
                    .flatten(),
                owner: owner_of(model, &s.name),
            });
        }
    }
    out
}

/// What surviving a zone needs from store `d`, which states no failover; where other stores
/// of the same technology state one, that failover is the default to state here too.
fn zone_gap(model: &Model, d: &crate::model::DataStore) -> String {
    let gap = super::failover::zone_gap(&d.store);
    let same: Vec<(&str, &str)> = model
        .services
        .iter()
        .flat_map(|s| &s.data)
        .filter(|o| o.store.eq_ignore_ascii_case(&d.store) && o.name != d.name)
        .filter_map(|o| Some((o.name.as_str(), o.failover.as_deref()?.trim())))
        .filter(|(_, f)| !f.is_empty())
        .collect();
    let Some((_, failover)) = same.first() else {
        return gap.into();
    };
    let names: Vec<String> = (same.iter().filter(|(_, f)| f == failover))
        .map(|(n, _)| (*n).to_owned())
        .collect();
    format!(
        "{gap} {} on {} already fail{} over ({failover}): the same failover stated for this \
         store closes the gap.",
        and_list(&names),
        d.store,
        if names.len() == 1 { "s" } else { "" },
    )
}

/// An external system down: its callers' fallbacks, or the requests that fail.
fn external_modes(model: &Model) -> Vec<FailureMode> {
    let mut out = Vec::new();
    for e in &model.externals {
        let links: Vec<_> = model
            .communication
            .links
            .iter()
            .filter(|l| l.to == e.name)
            .collect();
        let direct = client_journeys(model, &e.name);
        if links.is_empty() && direct.is_empty() {
            continue;
        }
        let fallbacks: Vec<String> = links
            .iter()
            .filter_map(|l| l.resilience.as_ref().map(|r| r.fallback.trim().to_string()))
            .filter(|f| !f.is_empty())
            .collect();
        let worker = |name: &str| {
            model
                .services
                .iter()
                .any(|s| s.name == name && s.kind == ServiceKind::Worker)
        };
        let background = links.iter().all(|l| {
            l.background || super::link_style::of(model, l) == LinkStyle::Async || worker(&l.from)
        });
        let callers: Vec<String> = links.iter().map(|l| l.from.clone()).collect();
        let mut used_by = callers.clone();
        for (_, client) in &direct {
            if !used_by.contains(client) {
                used_by.push(client.clone());
            }
        }
        out.push(FailureMode {
            name: e.name.clone(),
            kind: "external system".into(),
            used_by: used_by.clone(),
            effect: external_effect(&links, &callers, background, &direct)
                + &e.maintenance_hours_per_month
                    .filter(|h| *h > 0.0)
                    .map(|h| {
                        let h = crate::text::numbers::number(h, 1);
                        format!(" It is also down by plan, announced, up to {h} h a month.")
                    })
                    .unwrap_or_default(),
            handling: if links.is_empty() {
                "None on the services' side: the client calls it directly and shows its failure."
                    .into()
            } else if fallbacks.is_empty() && background {
                background_handling(model, &e.name, &callers)
            } else {
                stated_handling(model, &e.name, &links, &fallbacks, background)
            },
            gap: if fallbacks.is_empty() && !background {
                "No fallback is named (communication.links[].resilience.fallback).".into()
            } else {
                String::new()
            },
            // The risks list names an external on a request path without a fallback itself.
            risk: None,
            owner: callers_teams(model, &callers),
        });
    }
    out
}

/// The teams of an external's callers, each once in the callers' order, each answering for
/// its own calls; the lead team where nothing calls it.
fn callers_teams(model: &Model, callers: &[String]) -> String {
    let mut teams: Vec<String> = Vec::new();
    for c in callers {
        let team = owner_of(model, c);
        if !teams.contains(&team) {
            teams.push(team);
        }
    }
    match teams.as_slice() {
        [] => super::open::lead_team_of(model),
        [one] => one.clone(),
        many => format!("{}, each for its own calls", and_list(many)),
    }
}

/// The fallbacks the links to external `to` state, each caller's own; then, for the callers
/// that make their calls from background work and state none, how that work tries again.
fn stated_handling(
    model: &Model,
    to: &str,
    links: &[&crate::model::Link],
    fallbacks: &[String],
    background: bool,
) -> String {
    let said = if fallbacks.iter().all(|f| f.ends_with('.')) {
        // Sentences follow one another; fragments are listed.
        fallbacks.join(" ")
    } else {
        fallbacks.join("; ")
    };
    let states = |l: &&&crate::model::Link| {
        (l.resilience.as_ref()).is_some_and(|r| !r.fallback.trim().is_empty())
    };
    let with: Vec<&str> = links
        .iter()
        .filter(states)
        .map(|l| l.from.as_str())
        .collect();
    let rest: Vec<String> = (links.iter())
        .filter(|l| !with.contains(&l.from.as_str()))
        .map(|l| l.from.clone())
        .collect();
    if !background || rest.is_empty() {
        return said;
    }
    let s = background_handling(model, to, &rest);
    let mut chars = s.chars();
    let s: String = (chars.next().into_iter())
        .flat_map(char::to_uppercase)
        .chain(chars)
        .collect();
    format!("{}. {s}.", said.trim_end_matches('.'))
}

/// What an external system's outage does: the journeys whose clients call it directly cannot
/// finish; consumers that pause hold their work in the broker; other background work backs
/// up; requests that wait on it fail.
fn external_effect(
    links: &[&crate::model::Link],
    callers: &[String],
    background: bool,
    direct: &[(String, String)],
) -> String {
    let pausing: Vec<&str> = links
        .iter()
        .filter(|l| {
            l.resilience.as_ref().and_then(|r| r.while_open) == Some(crate::model::WhileOpen::Pause)
        })
        .map(|l| l.from.as_str())
        .collect();
    if !direct.is_empty() {
        let waits = if links.is_empty() {
            String::new()
        } else if background {
            "; the background work that calls it backs up and retries".to_owned()
        } else {
            format!(
                "; requests that reach {} while answering fail",
                callers.join(", ")
            )
        };
        let mut flows: Vec<&str> = direct.iter().map(|(f, _)| f.as_str()).collect();
        let mut clients: Vec<&str> = direct.iter().map(|(_, c)| c.as_str()).collect();
        flows.dedup();
        clients.sort_unstable();
        clients.dedup();
        format!(
            "{} cannot finish: {} {} it directly{}.",
            crate::text::english::and_list(&flows),
            crate::text::english::and_list(&clients),
            if clients.len() > 1 { "call" } else { "calls" },
            waits,
        )
    } else if background && !pausing.is_empty() {
        format!(
            "{} {} taking messages while the circuit is open, so the work waits in the \
             broker and consumer lag grows; requests are not affected.",
            crate::text::english::and_list(&pausing),
            if pausing.len() > 1 { "stop" } else { "stops" },
        )
    } else if background {
        "Background work that calls it backs up and retries; requests are not affected.".into()
    } else {
        format!(
            "Requests that reach {} while answering fail.",
            callers.join(", ")
        )
    }
}

/// The journeys in which a client calls the external `name` itself (a card form, a
/// 3-D Secure page), as `(flow, client)` in flow order.
pub(crate) fn client_journeys(model: &Model, name: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for f in &model.communication.flows {
        for w in f.walk() {
            let s = w.step;
            let client = model.clients.iter().any(|c| c.name == s.from);
            let pair = (f.name.clone(), s.from.clone());
            if client && s.to == name && !out.contains(&pair) {
                out.push(pair);
            }
        }
    }
    out
}

/// What happens to background work that calls dependency `to` with no fallback while it is
/// down: a consumer's messages wait out its redelivery schedule, then its dead-letter queue;
/// a job's items wait for its next run. A caller whose jobs make the calls (`jobs[].calls`)
/// and no flow step does waits as a job, whatever else it consumes.
fn background_handling(model: &Model, to: &str, callers: &[String]) -> String {
    let by_job = |name: &str| {
        (model.performance.jobs.iter())
            .any(|j| j.service == name && j.calls.iter().any(|c| c == to))
    };
    let in_flows = |name: &str| {
        (model.communication.flows.iter())
            .flat_map(crate::model::Flow::walk)
            .any(|w| w.step.from == name && w.step.to == to)
    };
    let consumes = |name: &str| {
        let consumer = (model.services.iter()).any(|s| s.name == name && !s.consumes.is_empty());
        consumer && (!by_job(name) || in_flows(name))
    };
    let (consumers, others): (Vec<&String>, Vec<&String>) =
        callers.iter().partition(|c| consumes(c));
    let mut out = Vec::new();
    if !consumers.is_empty() {
        out.push(format!(
            "{} {} each message on its schedule (Background work in the resilience document), then {} it for a redrive",
            crate::text::english::and_list(&consumers),
            if consumers.len() > 1 { "redeliver" } else { "redelivers" },
            if consumers.len() > 1 { "dead-letter" } else { "dead-letters" },
        ));
    }
    if !others.is_empty() {
        // Name the jobs that make the calls, where the model says which.
        let named: Vec<String> = (others.iter())
            .map(|c| {
                let jobs: Vec<&str> = (model.performance.jobs.iter())
                    .filter(|j| &j.service == *c && j.calls.iter().any(|x| x == to))
                    .map(|j| j.name.as_str())
                    .collect();
                if jobs.is_empty() {
                    (*c).clone()
                } else {
                    format!("{} of {c}", crate::text::english::and_list(&jobs))
                }
            })
            .collect();
        out.push(format!(
            "{} {} on {} next run",
            crate::text::english::and_list(&named),
            if others.len() > 1 {
                "try again"
            } else {
                "tries again"
            },
            if others.len() > 1 { "their" } else { "its" },
        ));
    }
    out.join("; ")
}

/// An identity provider down, unless `known` lists it already: sign-ins fail, issued tokens
/// carry on.
fn identity_modes(model: &Model, known: &[FailureMode]) -> Vec<FailureMode> {
    let mut out = Vec::new();
    for a in &model.security.authentication {
        let Some(p) = &a.provider else { continue };
        if known.iter().chain(&out).any(|f| f.name == *p) {
            continue;
        }
        let ttl = a.token_ttl_minutes;
        // Tokens end within their lifetime, so a longer outage stops every caller of its own.
        let effect = match ttl.or(a
            .method
            .carries_scopes()
            .then_some(crate::defaults::TOKEN_TTL_MINUTES))
        {
            Some(t) => format!(
                "Sign-ins and token refreshes fail; callers with a valid token carry on until it expires, so an outage longer than the {t}-minute token lifetime{} fails every request of these clients that needs a token, whatever the journey.",
                if ttl.is_none() { " (assumed)" } else { "" }
            ),
            None => {
                "Sign-ins and token refreshes fail; callers with a valid token carry on.".into()
            }
        };
        let runs_it = super::identity::self_hosted(a).0;
        let backed_up = runs_it && a.backed_up == Some(true);
        let unbacked = runs_it && a.backed_up != Some(true);
        let restore = backed_up.then(|| {
            let r = &model.requirements.recovery;
            let objective = match (r.rpo_minutes, r.rto_minutes) {
                (Some(rpo), Some(rto)) => format!(" (RPO {rpo} min, RTO {rto} min)"),
                _ => String::new(),
            };
            format!("; its database is backed up to the system's recovery objectives{objective}, as the services' stores are")
        });
        out.push(FailureMode {
            name: p.clone(),
            kind: "identity provider".into(),
            used_by: a.clients.clone(),
            effect,
            handling: match ttl {
                Some(t) => format!("tokens already issued stay valid for up to {t} minutes; services verify them with cached signing keys"),
                None => "services verify tokens with cached signing keys".into(),
            } + restore.as_deref().unwrap_or_default(),
            gap: [
                ttl.is_none().then(|| "The token lifetime is assumed, not stated, and it bounds how long sessions outlive an outage.".to_owned()),
                unbacked.then(|| format!("The team runs {p}, so its database (accounts, credentials, clients and signing keys) needs a backup to the system's recovery objectives, which the model does not state (backed_up): without one, losing it loses every account and fails every issued token.")),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" "),
            risk: GapRisk::low(
                format!("Losing {p}'s database loses every account and fails every issued token: the model does not say it is backed up"),
                crate::model::Level::High,
                "security.authentication[].backed_up",
            )
            .filter(|_| unbacked)
            .map(|r| GapRisk {
                mitigation: "Back up its database (with the signing keys) to the system's recovery objectives, as the services' stores are, and say so (`security.authentication[].backed_up`).".into(),
                ..r
            }),
            // Nobody else answers for sign-in: the team answering for the system's edge does,
            // until the model says otherwise.
            owner: format!(
                "{} (assumed: the team that owns the edge answers for sign-in)",
                super::open::lead_team_of(model)
            ),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::derive::graph::tests::named as model;

    #[test]
    fn backup_follows_the_rpo() {
        assert!(backup_for("PostgreSQL", Some(0)).contains("synchronous"));
        assert!(backup_for("PostgreSQL", Some(15)).contains("write-ahead log"));
        assert!(backup_for("PostgreSQL", Some(240)).contains("snapshots at least every RPO"));
        let unstated = backup_for("PostgreSQL", None);
        assert!(
            unstated.contains("write-ahead log") && unstated.contains("the RPO is not stated"),
            "{unstated}"
        );
    }

    #[test]
    fn a_stated_failover_closes_the_zone_gap_and_is_the_handling() {
        let m = model(
            "requirements: {domain: d}\nservices:\n  - {name: a, responsibility: r, data: [{name: x, \
             store: PostgreSQL, failover: Patroni with a synchronous standby}, {name: y, store: PostgreSQL}, \
             {name: z, store: PostgreSQL, failover: \" \"}]}\n",
        );
        let stores: Vec<(String, String, String)> = modes(&m)
            .into_iter()
            .filter(|f| f.kind == "data store")
            .map(|f| (f.name, f.handling, f.gap))
            .collect();
        assert_eq!(
            stores[0].1,
            "a node or zone loss fails over (Patroni with a synchronous standby)"
        );
        assert_eq!(stores[0].2, "");
        assert_eq!(stores[1].1, "");
        assert!(
            stores[1].2.contains("synchronous standby in another zone"),
            "{}",
            stores[1].2
        );
        // A blank failover states nothing.
        assert_eq!(stores[2].1, "");
        assert_eq!(stores[2].2, stores[1].2);
        // Another store of the same technology states one: it is the default to state here.
        let sibling = model(
            "requirements: {domain: d}\nservices:\n  - {name: a, responsibility: r, data: [{name: x, \
             store: PostgreSQL, failover: RDS Multi-AZ}]}\n  - {name: b, responsibility: r, data: \
             [{name: y, store: PostgreSQL}]}\n",
        );
        let y = modes(&sibling)
            .into_iter()
            .find(|f| f.name == "y (PostgreSQL)")
            .unwrap();
        assert!(
            y.gap.ends_with(
                "x on PostgreSQL already fails over (RDS Multi-AZ): the same failover stated \
                 for this store closes the gap."
            ),
            "{}",
            y.gap
        );
    }

    #[test]
    fn recovery_comes_from_the_store_then_the_system_and_is_never_made_up() {
        let m = model(
            "requirements: {domain: d, availability: 99.95, recovery: {rpo_minutes: 60}}\nservices:\n  \
             - {name: a, responsibility: r, data: [{name: x, store: PostgreSQL}, {name: y, store: Redis, \
             recovery: {rpo_minutes: 1440, rto_minutes: 30}}]}\n",
        );
        let s = stores(&m);
        assert_eq!(s[0].rpo_minutes, Some(60));
        assert_eq!(
            (s[0].rto_minutes, s[0].rto_at.as_str()),
            (None, ""),
            "no RTO is derived from the 21.6-minute error budget"
        );
        assert_eq!((s[1].rpo_minutes, s[1].rto_minutes), (Some(1440), Some(30)));
        assert_eq!(s[1].rto_at, "/services/0/data/1/recovery/rto_minutes");
        let system = model(
            "requirements: {domain: d, recovery: {rto_minutes: 45}}\nservices: [{name: a, responsibility: r, data: [{name: x, store: S}]}]\n",
        );
        let s = stores(&system);
        assert_eq!(
            (s[0].rpo_minutes, s[0].rto_minutes, s[0].rto_at.as_str()),
            (None, Some(45), "/requirements/recovery/rto_minutes")
        );
    }

    #[test]
    fn a_managed_store_is_backed_up_its_way_and_kept_as_long_as_stated() {
        let m = model(
            "requirements: {domain: d, recovery: {rpo_minutes: 5, retention_days: 35}}\nservices:\n  \
             - {name: a, responsibility: r, data: [{name: x, store: PostgreSQL, failover: Amazon Aurora \
             PostgreSQL replica}, {name: y, store: PostgreSQL, failover: Amazon RDS Multi-AZ, recovery: \
             {retention_days: 7}}, {name: z, store: PostgreSQL}]}\n",
        );
        let s = stores(&m);
        let rows: Vec<(&str, Option<u32>)> = s
            .iter()
            .map(|r| (r.backup.split(' ').next().unwrap(), r.retention_days))
            .collect();
        // Aurora and RDS back up their own way; a self-run PostgreSQL archives its WAL.
        assert_eq!(
            rows,
            [
                ("Aurora's", Some(35)),
                ("RDS", Some(7)),
                ("continuous", Some(35))
            ]
        );
        assert!(s[2].backup.contains("write-ahead log"), "{}", s[2].backup);
    }

    #[test]
    fn every_kind_of_dependency_has_a_failure_mode() {
        let m = model(
            "requirements: {domain: d}\nservices:\n  - {name: a, responsibility: r, team: t, \
             data: [{name: x, store: PostgreSQL}], publishes: [{name: E}]}\nexternals: [{name: X}]\n\
             communication:\n  brokers: [{name: bus, technology: Kafka}]\n  links: [{from: a, to: X}]\n\
             security:\n  authentication: [{method: oidc, provider: Keycloak, token_ttl_minutes: 5}]\n",
        );
        let kinds: Vec<String> = modes(&m).into_iter().map(|f| f.kind).collect();
        assert_eq!(
            kinds,
            [
                "data store",
                "broker",
                "external system",
                "identity provider"
            ]
        );
        let x = modes(&m).into_iter().find(|f| f.name == "X").unwrap();
        assert!(x.gap.contains("fallback"));
        let idp = modes(&m)
            .into_iter()
            .find(|f| f.name == "Keycloak")
            .unwrap();
        assert!(idp.handling.contains("5 minutes"));
    }

    #[test]
    fn a_store_outage_stops_consumers_in_words_true_of_every_broker() {
        let m = model(
            "requirements: {domain: d}\nservices:\n  - {name: a, responsibility: r, \
             data: [{name: x, store: PostgreSQL}], consumes: [E]}\n  - {name: b, \
             responsibility: r, publishes: [{name: E}]}\n\
             communication:\n  brokers: [{name: bus, technology: NATS JetStream}]\n",
        );
        let store = modes(&m)
            .into_iter()
            .find(|f| f.kind == "data store")
            .unwrap();
        assert_eq!(
            store.effect,
            "a cannot read or write x: its requests fail with 503 and its consumers stop, then \
             resume from the last message they acknowledged."
        );
    }

    #[test]
    fn a_shared_cache_down_sends_its_reads_to_the_store_and_an_in_process_one_is_no_dependency() {
        let m = model(
            "requirements: {domain: d}\nservices:\n  - {name: a, responsibility: r, \
             data: [{name: x, store: PostgreSQL}]}\nperformance:\n  caches:\n    - {name: hot, \
             service: a, technology: Redis, holds: items by id, ttl_seconds: 60}\n    - {name: \
             local, service: a, technology: in-process, holds: settings, ttl_seconds: 60}\n",
        );
        let caches: Vec<FailureMode> = modes(&m)
            .into_iter()
            .filter(|f| f.kind == "cache")
            .collect();
        assert_eq!(caches.len(), 1, "{caches:?}");
        assert_eq!(caches[0].name, "hot (Redis)");
        assert_eq!(
            caches[0].effect,
            "a reads x instead of the cache (items by id): slower answers, and x carries the reads \
             the cache absorbed."
        );
    }

    #[test]
    fn a_captured_legacy_store_down_stops_its_users_and_the_captured_events() {
        let m = model(
            "requirements: {domain: d}\nservices:\n  - {name: old, kind: legacy, responsibility: r, \
             api: {style: none}, data: [{name: x, store: SQL Server, capture: {tool: Debezium, \
             events: [E]}}], publishes: [{name: E}]}\n  - {name: b, responsibility: r, \
             consumes: [E]}\ncommunication:\n  brokers: [{name: bus, technology: Kafka}]\n",
        );
        let store = modes(&m)
            .into_iter()
            .find(|f| f.kind == "data store")
            .unwrap();
        assert!(
            store.effect.starts_with(
                "old cannot read or write x: its own users cannot work in it. No E is captured, \
                 so b sees no change until it is back;"
            ),
            "{}",
            store.effect
        );
        assert!(!store.effect.contains("503"), "{}", store.effect);
        // Its failover is its owner's, as today: no standby for this design to add.
        assert!(
            store.gap.starts_with("Not this design's to close:") && !store.gap.contains("standby"),
            "{}",
            store.gap
        );
    }
}

#[cfg(test)]
mod engine_tests {
    use super::*;
    use crate::derive::graph::tests::named as model;

    #[test]
    fn the_broker_has_one_owner_in_recovery_risks_and_open_decisions() {
        // The first publisher's team (checkout) is not the lead team (platform, the gateway's):
        // a broker several teams share is the lead team's, in every document.
        let yaml = |tech: &str| {
            format!(
                "version: 1\nname: t\nrequirements: {{domain: d}}\nservices:\n  - {{name: gw, kind: gateway, responsibility: r, team: platform}}\n  - {{name: orders, responsibility: r, team: checkout, publishes: [{{name: Placed}}]}}\n  - {{name: pay, responsibility: r, team: payments, publishes: [{{name: Paid}}], consumes: [Placed]}}\ncommunication:\n  brokers: [{{name: bus{tech}}}]\n"
            )
        };
        let m: Model = serde_yaml::from_str(&yaml(", technology: Kafka")).unwrap();
        let recovery = modes(&m)
            .into_iter()
            .find(|f| f.kind == "broker")
            .unwrap()
            .owner;
        let risk = super::super::risks::detect(&m, 99.9)
            .into_iter()
            .find(|r| r.key == "communication.brokers")
            .unwrap()
            .owner;
        assert_eq!((recovery.as_str(), risk.as_str()), ("platform", "platform"));
        let m: Model = serde_yaml::from_str(&yaml("")).unwrap();
        let open = super::super::open::detect(&m, 99.9, 43.2)
            .into_iter()
            .find(|d| d.key == "communication.brokers[0].technology")
            .unwrap()
            .owner;
        assert_eq!(open, "platform");
    }

    #[test]
    fn a_broker_is_used_by_those_that_publish_or_consume_on_it_and_pub_sub_keeps_no_outbox() {
        let m: Model = serde_yaml::from_str(
            "version: 1\nname: t\nrequirements: {domain: d}\nservices:\n  - {name: ingest, responsibility: r, team: a, data: [{name: p, store: PostgreSQL}], publishes: [{name: Routed}]}\n  - {name: inbox, responsibility: r, consumes: [Routed]}\n  - {name: live, responsibility: r, team: b, consumes: [Routed]}\ncommunication:\n  brokers: [{name: nats, technology: NATS JetStream}, {name: redis, technology: Redis Pub/Sub}]\n  links: [{from: live, to: redis, style: async, events: [Routed]}]\n  flows:\n    - name: f\n      steps:\n        - {from: live, to: redis, action: PUBLISH}\n        - {from: redis, to: live, action: Message}\n",
        )
        .unwrap();
        let modes = modes(&m);
        let nats = modes.iter().find(|f| f.name.starts_with("nats")).unwrap();
        assert_eq!(nats.used_by, ["ingest", "inbox", "live"]);
        assert!(
            nats.handling
                .contains("ingest keeps its events in its outbox")
        );
        let redis = modes.iter().find(|f| f.name.starts_with("redis")).unwrap();
        // Only live publishes and subscribes on redis; ingest never touches it.
        assert_eq!(redis.used_by, ["live"]);
        assert_eq!(redis.owner, "b");
        assert!(!redis.handling.contains("outbox"), "{}", redis.handling);
        assert_eq!(redis.gap, "none: at most once by design");
    }

    #[test]
    fn the_backup_follows_the_stores_engine() {
        for (engine, says) in [
            ("PostgreSQL", "write-ahead log"),
            ("MySQL 8", "binlog"),
            ("Cassandra", "commit log archiving"),
            ("Amazon DynamoDB", "DynamoDB point-in-time recovery"),
            ("Redis", "AOF"),
            ("MongoDB", "oplog"),
        ] {
            let b = backup_for(engine, Some(15));
            assert!(b.contains(says), "{engine}: {b}");
        }
        assert!(!backup_for("Cassandra", Some(15)).contains("WAL"));
    }

    #[test]
    fn an_outbox_keeps_the_events_of_a_service_that_writes_a_store_and_only_those() {
        let m: Model = serde_yaml::from_str(
            "version: 1\nname: t\nrequirements: {domain: d}\nservices:\n  - {name: relay, responsibility: r, publishes: [{name: Pinged}]}\n  - {name: sink, responsibility: r, consumes: [Pinged], data: [{name: s, store: Cassandra}]}\ncommunication:\n  brokers: [{name: bus, technology: NATS JetStream}]\n",
        )
        .unwrap();
        let broker = modes(&m).into_iter().find(|f| f.kind == "broker").unwrap();
        assert!(
            broker
                .gap
                .starts_with("relay publishes without a store of its own, so it has no outbox"),
            "{}",
            broker.gap
        );
        let m: Model = serde_yaml::from_str(
            "version: 1\nname: t\nrequirements: {domain: d}\nservices:\n  - {name: orders, responsibility: r, publishes: [{name: Placed}], data: [{name: o, store: PostgreSQL}]}\ncommunication:\n  brokers: [{name: bus, technology: Kafka}]\n",
        )
        .unwrap();
        let broker = modes(&m).into_iter().find(|f| f.kind == "broker").unwrap();
        assert!(
            !broker.gap.contains("no outbox") && broker.gap.starts_with("bus holds the only copy"),
            "orders' events wait in its outbox: {}",
            broker.gap
        );
        assert!(
            broker
                .handling
                .ends_with("orders keeps its events in its outbox table, and its relay publishes them once the broker is back"),
            "{}",
            broker.handling
        );
    }

    #[test]
    fn background_callers_with_no_fallback_say_what_becomes_of_their_work() {
        let m = model(
            "requirements: {domain: d}\nservices:\n  - {name: pub, responsibility: r, publishes: [{name: E}]}\n  - {name: mail, kind: worker, responsibility: r, consumes: [E]}\n  - {name: batch, kind: worker, responsibility: r}\nexternals: [{name: smtp, description: d}, {name: maps, description: d}]\ncommunication:\n  links:\n    - {from: mail, to: smtp}\n    - {from: batch, to: smtp}\n    - {from: pub, to: maps, resilience: {fallback: Guess the route.}}\n    - {from: batch, to: maps, background: true, resilience: {fallback: Skip the row.}}\n",
        );
        let of = |name: &str| {
            modes(&m)
                .into_iter()
                .find(|f| f.name == name)
                .map(|f| f.handling)
                .unwrap()
        };
        assert_eq!(
            of("smtp"),
            "mail redelivers each message on its schedule (Background work in the resilience document), then dead-letters it for a redrive; batch tries again on its next run"
        );
        // A consumer whose job makes the calls waits as a job does, named.
        let jobbed: Model = serde_yaml::from_str(&format!(
            "version: 1\nname: t\n{}",
            "requirements: {domain: d}\nservices:\n  - {name: pub, responsibility: r, publishes: [{name: E}]}\n  - {name: mail, kind: worker, responsibility: r, consumes: [E]}\nexternals: [{name: s3, description: d}]\ncommunication:\n  links:\n    - {from: mail, to: s3, background: true}\nperformance:\n  jobs: [{name: archive, service: mail, kind: scheduled, schedule: '5 * * * *', calls: [s3]}]\n"
        ))
        .unwrap();
        let s3 = (modes(&jobbed).into_iter())
            .find(|f| f.name == "s3")
            .unwrap()
            .handling;
        assert_eq!(s3, "archive of mail tries again on its next run");
        // Two stated fallbacks read as two sentences.
        assert_eq!(of("maps"), "Guess the route. Skip the row.");
    }

    #[test]
    fn an_external_a_client_calls_in_a_journey_stops_that_journey() {
        let m = model(
            "requirements: {domain: d}\nclients: [{name: web}]\nservices:\n  - {name: pay, kind: worker, responsibility: r}\nexternals: [{name: psp, description: d}]\ncommunication:\n  links:\n    - {from: pay, to: psp, background: true}\n  flows:\n    - name: Checkout\n      steps:\n        - {from: web, to: psp, action: Tokenise the card}\n",
        );
        let psp = modes(&m).into_iter().find(|f| f.name == "psp").unwrap();
        assert_eq!(
            psp.effect,
            "Checkout cannot finish: web calls it directly; the background work that calls it backs up and retries."
        );
        assert_eq!(psp.used_by, ["pay", "web"]);
    }

    #[test]
    fn a_consumer_that_pauses_while_the_circuit_is_open_holds_the_work_in_the_broker() {
        let yaml = "requirements: {domain: d}\nservices:\n  - {name: pub, responsibility: r, publishes: [{name: E}]}\n  - {name: sync, kind: worker, responsibility: r, consumes: [E]}\nexternals: [{name: ehr, description: d}]\ncommunication:\n  links:\n    - {from: sync, to: ehr, background: true}\n";
        let effect = |yaml: &str| {
            modes(&model(yaml))
                .into_iter()
                .find(|f| f.name == "ehr")
                .map(|f| f.effect)
                .unwrap()
        };
        assert!(effect(yaml).starts_with("Background work that calls it backs up"));
        let paused = yaml.replace(
            "background: true}",
            "background: true, resilience: {while_open: pause}}",
        );
        assert_eq!(
            effect(&paused),
            "sync stops taking messages while the circuit is open, so the work waits in the broker and consumer lag grows; requests are not affected."
        );
    }
}
