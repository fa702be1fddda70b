//! Step 8: performance strategy: caches with their invalidation, background work, scaling.

use super::{Step, events, group, options, services, unique_among};
use crate::interview::ask::{At, any, choice, number, pick, pick_many, required, text};
use crate::interview::flow::Node;
use crate::model::{
    Cache, CacheLayer, CachePattern, Invalidation, Job, JobKind, Model, ScaleSignal,
};
use crate::validate::fields;

fn cache<'a>(m: &'a Model, at: &At) -> &'a Cache {
    &m.performance.caches[at[0]]
}

/// A cron expression: five fields of digits and `*/,-`.
fn cron(s: &str) -> Result<(), String> {
    let parts: Vec<&str> = s.split_whitespace().collect();
    let ok = parts.len() == 5
        && parts
            .iter()
            .all(|p| p.chars().all(|c| c.is_ascii_digit() || "*/,-".contains(c)));
    if ok {
        Ok(())
    } else {
        Err(format!(
            "`{s}` is not a cron expression of five fields, e.g. `0 3 * * *`"
        ))
    }
}

pub(super) fn step() -> Step {
    Step {
        number: 8,
        key: "performance",
        title: "Performance and caching",
        why: "caches, async work and horizontal scaling keep latency flat as load grows",
        nodes: vec![
            Node::Group(
                group(
                    "caches",
                    "cache",
                    "What is cached where, for how long, and what invalidates it.",
                    |m, _| m.performance.caches.iter().map(|c| c.name.clone()).collect(),
                    |m, _| {
                        let service = m.services.first().map(|s| s.name.clone()).unwrap_or_default();
                        m.performance.caches.push(Cache {
                            name: String::new(),
                            service,
                            layer: CacheLayer::Application,
                            technology: "Redis".into(),
                            pattern: CachePattern::CacheAside,
                            holds: String::new(),
                            key: None,
                            ttl_seconds: 300,
                            invalidation: Invalidation::Ttl,
                            invalidated_by: Vec::new(),
                            max_staleness_seconds: None,
                        })
                    },
                    |m, _, i| {
                        m.performance.caches.remove(i);
                    },
                    vec![
                        Node::Ask(text(
                            "caches.holds",
                            "What does it hold?",
                            "e.g. `product details by id`; cache what is read far more often than written.",
                            |m, at| cache(m, at).holds.clone(),
                            |m, at, v| m.performance.caches[at[0]].holds = v,
                            |_, _| String::new(),
                            required,
                        )),
                        Node::Ask(text(
                            "caches.name",
                            "Name it",
                            "e.g. `product-details`.",
                            |m, at| cache(m, at).name.clone(),
                            |m, at, v| m.performance.caches[at[0]].name = v,
                            |m, at| crate::view::names::slug(&cache(m, at).holds, "cache"),
                            |m, at, v| unique_among(m.performance.caches.iter().map(|c| c.name.clone()).collect(), &cache(m, at).name, v),
                        )),
                        Node::Ask(pick(
                            "caches.service",
                            "Which service reads through it?",
                            "The cache belongs to the service that owns the data.",
                            |m, _| services(m),
                            |m, at| cache(m, at).service.clone(),
                            |m, at, v| m.performance.caches[at[0]].service = v,
                        )),
                        Node::Ask(choice(
                            "caches.layer",
                            "Where does it sit?",
                            "Closer to the client saves more work but is harder to invalidate.",
                            |m, at| Some(cache(m, at).layer),
                            |m, at, v| m.performance.caches[at[0]].layer = v,
                            |_, _| CacheLayer::Application,
                        )),
                        Node::Ask(pick(
                            "caches.technology",
                            "Which technology?",
                            "Redis for a shared cache; in-process for tiny, hot data; a CDN at the edge.",
                            |m, at| {
                                let mut o = options(&["Redis", "Memcached", "in-process", "CDN (CloudFront)", "CDN (Fastly)", "CDN (Cloudflare)"]);
                                let t = &cache(m, at).technology;
                                if !o.iter().any(|(n, _)| n == t) {
                                    o.push((t.clone(), String::new()));
                                }
                                o
                            },
                            |m, at| cache(m, at).technology.clone(),
                            |m, at, v| m.performance.caches[at[0]].technology = v,
                        )),
                        Node::Ask(choice(
                            "caches.pattern",
                            "How do reads and writes use it?",
                            "Cache-aside is the simplest and most common.",
                            |m, at| Some(cache(m, at).pattern),
                            |m, at, v| m.performance.caches[at[0]].pattern = v,
                            |_, _| CachePattern::CacheAside,
                        )),
                        Node::Ask(number::<u32>(
                            "caches.ttl",
                            "Time to live, in seconds?",
                            "The longest an entry can be stale when nothing invalidates it.",
                            |m, at| Some(cache(m, at).ttl_seconds),
                            |m, at, v| m.performance.caches[at[0]].ttl_seconds = v.unwrap_or(300),
                            |_, _| Some(300),
                            |v| fields::within(v, 1, u32::MAX),
                        )),
                        Node::Ask(choice(
                            "caches.invalidation",
                            "What invalidates entries before they expire?",
                            "Event-driven invalidation keeps long TTLs safe.",
                            |m, at| Some(cache(m, at).invalidation),
                            |m, at, v| m.performance.caches[at[0]].invalidation = v,
                            |m, _| if events(m).is_empty() { Invalidation::Ttl } else { Invalidation::Event },
                        )),
                        Node::Ask(
                            pick_many(
                                "caches.invalidated_by",
                                "Which events invalidate it?",
                                "Each delete or refresh the affected entries.",
                                |m, _| events(m),
                                |m, at| cache(m, at).invalidated_by.clone(),
                                |m, at, v| m.performance.caches[at[0]].invalidated_by = v,
                            )
                            .when(|m, at| cache(m, at).invalidation == Invalidation::Event && !events(m).is_empty()),
                        ),
                        Node::Ask(number::<u32>(
                            "caches.staleness",
                            "How stale may the data be, in seconds? (empty if no limit)",
                            "The TTL must not exceed it; `archgen check` reports when it does.",
                            |m, at| cache(m, at).max_staleness_seconds,
                            |m, at, v| m.performance.caches[at[0]].max_staleness_seconds = v,
                            |_, _| None,
                            |v| fields::within(v, 1, u32::MAX),
                        )),
                    ],
                )
                .suggest(0)
                .when(|m, _| !m.services.is_empty()),
            ),
            Node::Group(
                group(
                    "jobs",
                    "background job",
                    "Work that should not hold up a request: emails, exports, scheduled clean-ups, stream processing.",
                    |m, _| m.performance.jobs.iter().map(|j| j.name.clone()).collect(),
                    |m, _| {
                        let service = m.services.first().map(|s| s.name.clone()).unwrap_or_default();
                        m.performance.jobs.push(Job { name: String::new(), service, kind: JobKind::Queue, schedule: None, technology: None, description: String::new() })
                    },
                    |m, _, i| {
                        m.performance.jobs.remove(i);
                    },
                    vec![
                        Node::Ask(text(
                            "jobs.name",
                            "Job name",
                            "e.g. `send-order-confirmation`.",
                            |m, at| m.performance.jobs[at[0]].name.clone(),
                            |m, at, v| m.performance.jobs[at[0]].name = v,
                            |_, _| String::new(),
                            |m, at, v| unique_among(m.performance.jobs.iter().map(|j| j.name.clone()).collect(), &m.performance.jobs[at[0]].name, v),
                        )),
                        Node::Ask(pick(
                            "jobs.service",
                            "Which service runs it?",
                            "Usually the service that owns the data it works on.",
                            |m, _| services(m),
                            |m, at| m.performance.jobs[at[0]].service.clone(),
                            |m, at, v| m.performance.jobs[at[0]].service = v,
                        )),
                        Node::Ask(choice(
                            "jobs.kind",
                            "What kind of work?",
                            "Queues for work items, schedules for recurring work, streams for continuous processing.",
                            |m, at| Some(m.performance.jobs[at[0]].kind),
                            |m, at, v| m.performance.jobs[at[0]].kind = v,
                            |_, _| JobKind::Queue,
                        )),
                        Node::Ask(
                            text(
                                "jobs.schedule",
                                "When does it run? (cron)",
                                "Five fields: minute hour day month weekday, e.g. `0 3 * * *` for 03:00 daily.",
                                |m, at| m.performance.jobs[at[0]].schedule.clone().unwrap_or_default(),
                                |m, at, v| m.performance.jobs[at[0]].schedule = Some(v),
                                |_, _| "0 3 * * *".into(),
                                |_, _, v| cron(v),
                            )
                            .when(|m, at| m.performance.jobs[at[0]].kind == JobKind::Scheduled),
                        ),
                        Node::Ask(text(
                            "jobs.technology",
                            "Queue or framework? (empty if not chosen)",
                            "e.g. `SQS`, `Sidekiq`, `Temporal`, `Kubernetes CronJob`.",
                            |m, at| m.performance.jobs[at[0]].technology.clone().unwrap_or_default(),
                            |m, at, v| m.performance.jobs[at[0]].technology = (!v.is_empty()).then_some(v),
                            |_, _| String::new(),
                            any,
                        )),
                        Node::Ask(text(
                            "jobs.description",
                            "What does it do, and why not inline?",
                            "A sentence.",
                            |m, at| m.performance.jobs[at[0]].description.clone(),
                            |m, at, v| m.performance.jobs[at[0]].description = v,
                            |_, _| String::new(),
                            any,
                        )),
                    ],
                )
                .suggest(0)
                .when(|m, _| !m.services.is_empty()),
            ),
            Node::Ask(choice(
                "autoscale_on",
                "Which signal drives autoscaling?",
                "CPU for compute-bound services, queue depth for workers, connections for WebSocket gateways.",
                |m, _| m.performance.scaling.autoscale_on,
                |m, _, v| m.performance.scaling.autoscale_on = (v != ScaleSignal::Cpu).then_some(v),
                |_, _| ScaleSignal::Cpu,
            )),
            Node::Ask(number::<u32>(
                "min_replicas",
                "Fewest replicas per service?",
                "At least 3 for 99.9% and above, so one can fail during a rollout.",
                |m, _| m.performance.scaling.min_replicas,
                |m, _, v| m.performance.scaling.min_replicas = v,
                |m, _| Some(if crate::defaults::availability(m) >= 99.9 { 3 } else { 2 }),
                |v| fields::within(v, 1, 10_000),
            )),
            Node::Ask(number::<u32>(
                "max_replicas",
                "Most replicas per service?",
                "A ceiling that protects the databases behind the services.",
                |m, _| m.performance.scaling.max_replicas,
                |m, _, v| m.performance.scaling.max_replicas = v,
                |m, _| Some(m.performance.scaling.min_replicas.unwrap_or(3).max(1) * 4),
                |v| fields::within(v, 1, 10_000),
            )),
        ],
    }
}
