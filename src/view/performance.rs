//! Step 8 of the view: caches, background jobs and scaling.

use super::nodes::{NodeRef, Nodes};
use crate::defaults;
use crate::model::*;
use crate::text::word;
use serde::Serialize;

/// Caches, jobs and scaling.
#[derive(Debug, Clone, Serialize)]
pub struct PerformanceView {
    /// Caches.
    pub caches: Vec<CacheView>,
    /// Background jobs.
    pub jobs: Vec<JobView>,
    /// Autoscaling signal.
    pub autoscale_on: String,
    /// Whether the autoscaling signal was derived (CPU when the model sets none).
    pub autoscale_derived: bool,
    /// Fewest replicas.
    pub min_replicas: u32,
    /// Whether the fewest replicas were derived from the availability target.
    pub min_replicas_derived: bool,
    /// Most replicas.
    pub max_replicas: u32,
    /// Whether the most replicas were derived from the fewest.
    pub max_replicas_derived: bool,
    /// What each service scales on.
    pub by_service: Vec<super::scaling::ServiceScaling>,
    /// What HTTP caches can rely on, as the contracts declare it; filled in after the services.
    pub http: super::http_caching::HttpCachingView,
}

/// A cache.
#[derive(Debug, Clone, Serialize)]
pub struct CacheView {
    /// The model's cache.
    #[serde(flatten)]
    pub model: Cache,
    /// The owning service.
    pub owner: NodeRef,
    /// Whether the worst staleness stays within the allowed staleness.
    pub within_staleness: bool,
    /// How stale an entry can be at worst, and from what.
    pub staleness: super::staleness::Staleness,
    /// For a cache invalidated on write: the events its service consumes, and so writes its
    /// store for outside any request, that `invalidated_by` does not list. Each is a write path
    /// that leaves the cache stale until the TTL.
    pub bypassed_by: Vec<String>,
    /// Its service's freshness objective in seconds, when an entry may outlive it: the TTL is
    /// longer, so an entry whose invalidation was missed or raced is served past it.
    pub beyond_freshness: Option<u32>,
    /// Whether it lives in each replica's memory (`in-process`, `Caffeine`, ...): no
    /// connection to fail, and its memory is the replica's.
    pub in_process: bool,
    /// Whether it is presence rather than a cache: a registry of which replica holds each open
    /// connection, written as connections open and close, never loaded from a store.
    pub presence: bool,
    /// For each set of `invalidated_by` events from other services alike in which of the key's
    /// parts they carry: the entries they name. Empty when the key has no `{part}`.
    pub reach: Vec<KeyReach>,
    /// For each of `overlaps`: the values an invalidation deletes the entry of, where the
    /// resource it holds lists them (an enum field of that name); empty where it does not.
    pub overlap_values: Vec<Vec<String>>,
}

/// Invalidating events alike in which parts of a cache's key they carry as fields.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KeyReach {
    /// The events, in `invalidated_by` order.
    pub events: Vec<String>,
    /// The key's parts they carry, in key order.
    pub carried: Vec<String>,
    /// The key's parts they do not: the service works each out from the event, or deletes
    /// the entry for every value of it.
    pub missing: Vec<String>,
}

/// The values of each part of `c`'s key it `overlaps` across: the enum values of the field of
/// that name of the resource it holds.
fn overlap_values(model: &Model, c: &Cache) -> Vec<Vec<String>> {
    let resource = (model.services.iter())
        .filter(|s| s.name == c.service)
        .flat_map(|s| &s.api.resources)
        .find(|r| c.resource.as_ref() == Some(&r.name));
    (c.overlaps.iter())
        .map(|part| {
            (resource.into_iter())
                .flat_map(|r| &r.fields)
                .find(|f| &f.name == part)
                .map_or_else(Vec::new, |f| f.values.clone())
        })
        .collect()
}

/// Which parts of `c`'s key each event it is invalidated by carries.
fn reach(model: &Model, c: &Cache) -> Vec<KeyReach> {
    let parts = c.key_parts();
    let mut out: Vec<KeyReach> = Vec::new();
    if parts.is_empty() {
        return out;
    }
    // The owner's own events follow its own writes: it has the row the key comes from.
    for e in super::staleness::foreign_events(model, c) {
        let name = &e.name;
        let (carried, missing): (Vec<String>, Vec<String>) =
            (parts.iter().cloned()).partition(|p| e.fields.iter().any(|f| &f.name == p));
        match out
            .iter_mut()
            .find(|r| r.carried == carried && r.missing == missing)
        {
            Some(r) => r.events.push(name.clone()),
            None => out.push(KeyReach {
                events: vec![name.clone()],
                carried,
                missing,
            }),
        }
    }
    out
}

/// A background job.
#[derive(Debug, Clone, Serialize)]
pub struct JobView {
    /// The model's job.
    #[serde(flatten)]
    pub model: Job,
    /// The service running it.
    pub owner: NodeRef,
    /// For a scheduled job, the longest wait between two runs of its schedule in minutes;
    /// none when it has no schedule that reads as cron.
    pub period_minutes: Option<u32>,
}

/// The events that change `c`'s data without passing the writes that invalidate it.
fn bypassed_by(model: &Model, c: &Cache) -> Vec<String> {
    let Some(owner) = model.services.iter().find(|s| s.name == c.service) else {
        return Vec::new();
    };
    if c.invalidation != Invalidation::OnWrite || owner.data.is_empty() {
        return Vec::new();
    }
    owner
        .consumes
        .iter()
        .filter(|e| !c.invalidated_by.contains(e))
        .cloned()
        .collect()
}

/// The freshness objective of the service `c` serves, if it states one.
fn freshness(model: &Model, c: &Cache) -> Option<u32> {
    let s = model.services.iter().find(|s| s.name == c.service)?;
    s.slo.as_ref().and_then(|o| o.freshness_seconds)
}

pub(super) fn performance(model: &Model, nodes: &Nodes) -> PerformanceView {
    let p = &model.performance;
    let min = defaults::min_replicas(model);
    let conns = crate::derive::connections::derive(model);
    PerformanceView {
        caches: p
            .caches
            .iter()
            .map(|c| (c, super::staleness::staleness(model, c)))
            .map(|(c, staleness)| CacheView {
                model: c.clone(),
                owner: nodes.get(&c.service),
                within_staleness: staleness.within,
                staleness,
                bypassed_by: bypassed_by(model, c),
                beyond_freshness: freshness(model, c).filter(|f| c.ttl_seconds > *f),
                in_process: crate::derive::choices::in_process(&c.technology),
                presence: conns
                    .as_ref()
                    .is_some_and(|k| crate::derive::capacity::is_registry(c, k)),
                reach: reach(model, c),
                overlap_values: overlap_values(model, c),
            })
            .collect(),
        jobs: p
            .jobs
            .iter()
            .map(|j| JobView {
                model: j.clone(),
                owner: nodes.get(&j.service),
                period_minutes: j
                    .schedule
                    .as_deref()
                    .and_then(|s| crate::derive::schedule::period_minutes(s).ok()),
            })
            .collect(),
        autoscale_on: word(p.scaling.autoscale_on.unwrap_or(ScaleSignal::Cpu)),
        autoscale_derived: p.scaling.autoscale_on.is_none(),
        min_replicas: min,
        min_replicas_derived: p.scaling.min_replicas.is_none(),
        max_replicas: p.scaling.max_replicas.unwrap_or((min * 4).max(10)),
        max_replicas_derived: p.scaling.max_replicas.is_none(),
        by_service: super::scaling::by_service(
            model,
            p.scaling.autoscale_on.unwrap_or(ScaleSignal::Cpu),
        ),
        http: Default::default(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn each_invalidating_event_names_the_key_parts_it_carries() {
        let model = crate::load::parse(
            include_str!("../../examples/clinic-booking/archgen.yaml"),
            "archgen.yaml",
        )
        .unwrap_or_else(|e| panic!("{e:?}"));
        let v = crate::view::build(&model);
        let c = &v.performance.caches[0];
        fn strs(x: &[String]) -> Vec<&str> {
            x.iter().map(String::as_str).collect()
        }
        let reach: Vec<(Vec<&str>, Vec<&str>, Vec<&str>)> = (c.reach.iter())
            .map(|r| (strs(&r.events), strs(&r.carried), strs(&r.missing)))
            .collect();
        assert_eq!(
            reach,
            [
                (
                    vec![
                        "AppointmentBooked",
                        "AppointmentRescheduled",
                        "AppointmentCancelled"
                    ],
                    vec!["clinic_id", "visit_type"],
                    vec!["day"]
                ),
                (
                    vec!["ShiftChanged", "ClinicChanged"],
                    vec!["clinic_id"],
                    vec!["visit_type", "day"]
                ),
            ]
        );
        assert_eq!(
            c.overlap_values,
            [["new-patient", "follow-up", "physiotherapy", "vaccination"]]
        );
        let mut c = model.performance.caches[0].clone();
        c.key = Some("a:{x}:{y}:{x}:{}".into());
        assert_eq!(c.key_parts(), ["x", "y"]);
    }
}
