//! Step 8: performance strategy: caches with their invalidation, background work, scaling.

use super::prelude::*;
use crate::interview::flow::Node;
use crate::model::{Cache, CacheLayer, CachePattern, Invalidation, Job, JobKind, ScaleSignal};

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

// long: one step's question table, a declaration of a few lines per question
pub(super) fn step() -> Step {
    Step {
        number: 8,
        key: "performance",
        title: "Performance and caching",
        why: "caches, async work and horizontal scaling keep latency flat as load grows",
        nodes: nodes![
            group("caches", "cache", lens!(|m, _| m.performance.caches))
                .help("What is cached where, for how long, and what invalidates it.")
                .label(|c| c.name.clone())
                .new_item(|m, _| Cache {
                    name: String::new(),
                    service: m
                        .services
                        .first()
                        .map(|s| s.name.clone())
                        .unwrap_or_default(),
                    layer: CacheLayer::Application,
                    technology: "Redis".into(),
                    pattern: CachePattern::CacheAside,
                    holds: String::new(),
                    key: None,
                    ttl_seconds: 300,
                    invalidation: Invalidation::Ttl,
                    invalidated_by: Vec::new(),
                    overlaps: Vec::new(),
                    max_staleness_seconds: None,
                    updated_by: Vec::new(),
                    entry_bytes: None,
                    latency_p99_ms: None,
                    resource: None,
                    items: None,
                    keys: None,
                    entries_per_read: None,
                    expected_hit_ratio: None,
                })
                .when(|m, _| !m.services.is_empty())
                .ask(cache_questions()),
            group("jobs", "background job", lens!(|m, _| m.performance.jobs))
                .help(
                    "Work that should not hold up a request: emails, exports, scheduled \
                     clean-ups, stream processing.",
                )
                .label(|j| j.name.clone())
                .new_item(|m, _| Job {
                    name: String::new(),
                    service: m
                        .services
                        .first()
                        .map(|s| s.name.clone())
                        .unwrap_or_default(),
                    kind: JobKind::Queue,
                    schedule: None,
                    technology: None,
                    calls: Vec::new(),
                    items_from: None,
                    items_per_run: None,
                    description: String::new(),
                })
                .when(|m, _| !m.services.is_empty())
                .ask(job()),
            derived(
                "scaling.defaults",
                nodes![
                    choice("autoscale_on", "Which signal drives autoscaling?")
                        .help(
                            "CPU for compute-bound services, queue depth for workers, \
                             connections for \
                             WebSocket gateways.",
                        )
                        .value(lens!(|m, _| m.performance.scaling.autoscale_on))
                        .derived(|_, _| Some(ScaleSignal::Cpu)),
                    text("min_replicas", "Fewest replicas per service?")
                        .help("At least 3 for 99.9% and above, so one can fail during a rollout.")
                        .value(lens!(|m, _| m.performance.scaling.min_replicas))
                        .default(|m, _| Some(if crate::defaults::availability(m) >= 99.9 {
                            3
                        } else {
                            2
                        }))
                        .check(range(1, 10_000)),
                    text("max_replicas", "Most replicas per service?")
                        .help("A ceiling that protects the databases behind the services.")
                        .value(lens!(|m, _| m.performance.scaling.max_replicas))
                        .default(|m, _| {
                            Some(m.performance.scaling.min_replicas.unwrap_or(3).max(1) * 4)
                        })
                        .check(range(1, 10_000)),
                ],
            ),
        ],
    }
}

const CACHES: [&str; 6] = [
    "Redis",
    "Memcached",
    "in-process",
    "CDN (CloudFront)",
    "CDN (Fastly)",
    "CDN (Cloudflare)",
];

const NO_RESOURCE: &str = "none of its resources";

/// The resources of `service`, as pick options.
fn resources_of(m: &Model, service: &str) -> Vec<(String, String)> {
    let s = m.services.iter().find(|s| s.name == service);
    s.into_iter()
        .flat_map(|s| &s.api.resources)
        .map(|r| (r.name.clone(), String::new()))
        .collect()
}

fn cache_questions() -> Vec<Node> {
    let mut out = nodes![
        text("caches.holds", "What does it hold?")
            .help("e.g. `product details by id`; cache what is read far more often than written.",)
            .value(lens!(|m, at| m.performance.caches[at[0]].holds))
            .check(required),
        text("caches.name", "Name it")
            .help("e.g. `product-details`.")
            .value(lens!(|m, at| m.performance.caches[at[0]].name))
            .default(|m, at| crate::view::names::slug(&cache(m, at).holds, "cache"))
            .check(distinct(|m, _| m
                .performance
                .caches
                .iter()
                .map(|c| c.name.clone())
                .collect())),
        pick(
            "caches.service",
            "Which service reads through it?",
            |m, _| services(m)
        )
        .help("The cache belongs to the service that owns the data.")
        .value(lens!(|m, at| m.performance.caches[at[0]].service)),
        choice("caches.layer", "Where does it sit?")
            .help("Closer to the client saves more work but is harder to invalidate.")
            .value(lens!(|m, at| m.performance.caches[at[0]].layer).some()),
        pick("caches.technology", "Which technology?", |m, at| {
            let mut o = options(&CACHES);
            let t = &cache(m, at).technology;
            if !o.iter().any(|(n, _)| n == t) {
                o.push((t.clone(), String::new()));
            }
            o
        })
        .help("Redis for a shared cache; in-process for tiny, hot data; a CDN at the edge.")
        .value(lens!(|m, at| m.performance.caches[at[0]].technology)),
        choice("caches.pattern", "How do reads and writes use it?")
            .help("Cache-aside is the simplest and most common.")
            .value(lens!(|m, at| m.performance.caches[at[0]].pattern).some()),
    ];
    out.extend(cache_expiry());
    out.extend(cache_size());
    out
}

/// How long a cache's entries live and what removes them sooner.
fn cache_expiry() -> Vec<Node> {
    nodes![
        text("caches.ttl", "Time to live, in seconds?")
            .help("The longest an entry can be stale when nothing invalidates it.")
            .value(Lens::new(
                |m, at| Some(cache(m, at).ttl_seconds),
                |m, at, v| m.performance.caches[at[0]].ttl_seconds = v.unwrap_or(300),
            ))
            .check(range(1, u32::MAX)),
        choice(
            "caches.invalidation",
            "What invalidates entries before they expire?"
        )
        .help("Event-driven invalidation keeps long TTLs safe.")
        .value(lens!(|m, at| m.performance.caches[at[0]].invalidation).some()),
        pick_many(
            "caches.invalidated_by",
            "Which events invalidate it?",
            |m, _| events(m)
        )
        .help("Each delete or refresh the affected entries.")
        .value(lens!(|m, at| m.performance.caches[at[0]].invalidated_by))
        .when(|m, at| {
            cache(m, at).invalidation == Invalidation::Event && !events(m).is_empty()
        }),
        text(
            "caches.key",
            "Its key, with each part in braces? (empty if unsure)"
        )
        .help(
            "e.g. `slots:{clinic_id}:{visit_type}:{day}`: an event deletes the entries \
                 its fields name.",
        )
        .value(Lens::new(
            |m, at| cache(m, at).key.clone(),
            |m, at, v: Option<String>| {
                let c = &mut m.performance.caches[at[0]];
                c.key = v;
                // A part the key no longer has overlaps nothing.
                let parts = c.key_parts();
                c.overlaps.retain(|o| parts.contains(o));
            },
        ))
        .when(|m, at| cache(m, at).invalidation == Invalidation::Event),
        pick_many(
            "caches.overlaps",
            "Which parts of its key are cut from the same data as the others' values?",
            |m, at| (cache(m, at).key_parts().into_iter())
                .map(|p| (p, String::new()))
                .collect()
        )
        .help(
            "e.g. `visit_type` when every visit type's slots come from one clinician's time: \
             each invalidation then deletes the entry of every value.",
        )
        .value(lens!(|m, at| m.performance.caches[at[0]].overlaps))
        .when(|m, at| {
            cache(m, at).invalidation == Invalidation::Event && cache(m, at).key_parts().len() > 1
        }),
        text(
            "caches.staleness",
            "How stale may the data be, in seconds? (empty if no limit)"
        )
        .help("The TTL must not exceed it; `archgen check` reports when it does.")
        .value(lens!(
            |m, at| m.performance.caches[at[0]].max_staleness_seconds
        ))
        .check(range(1, u32::MAX)),
    ]
}

/// What one entry of a cache holds, which sizes its memory.
fn cache_size() -> Vec<Node> {
    nodes![
        pick(
            "caches.resource",
            "Which resource's items does an entry hold?",
            |m, at| {
                let mut o = options(&[NO_RESOURCE]);
                o.extend(resources_of(m, &cache(m, at).service));
                o
            }
        )
        .help("Its entries' size, and so its memory, follow from the resource's fields.")
        .value(lens!(|m, at| m.performance.caches[at[0]].resource).none_as(NO_RESOURCE))
        .when(|m, at| !resources_of(m, &cache(m, at).service).is_empty()),
        text("caches.items", "How many items does one entry hold?")
            .help("1 for an item by id; 20 for the first page of a list of 20.")
            .value(lens!(|m, at| m.performance.caches[at[0]].items))
            .default(|_, _| Some(1))
            .check(range(1, 100_000))
            .when(|m, at| cache(m, at).resource.is_some()),
        text(
            "caches.keys",
            "How many different keys do its reads spread over? (empty if unknown)"
        )
        .help(
            "e.g. clinics × visit types × bookable days; with the reads and the TTL it sets \
             the hit ratio. A key naming the user spreads over the users.",
        )
        .value(lens!(|m, at| m.performance.caches[at[0]].keys))
        .check(range(1, u32::MAX)),
        text(
            "caches.expected_hit_ratio",
            "Share of its reads you expect it to answer? (0 to 1; empty: reads spread evenly)"
        )
        .help(
            "e.g. `0.6` when a session re-reads its own key; the entries it holds follow it, \
             and the load test measures it.",
        )
        .value(lens!(|m, at| m.performance.caches[at[0]].expected_hit_ratio))
        .check(|_, _, v: &Option<f64>| v.map_or(Ok(()), crate::validate::fields::fraction)),
    ]
}

fn job() -> Vec<Node> {
    nodes![
        text("jobs.name", "Job name")
            .help("e.g. `send-order-confirmation`.")
            .value(lens!(|m, at| m.performance.jobs[at[0]].name))
            .check(distinct(|m, _| m
                .performance
                .jobs
                .iter()
                .map(|j| j.name.clone())
                .collect())),
        pick("jobs.service", "Which service runs it?", |m, _| services(m))
            .help("Usually the service that owns the data it works on.")
            .value(lens!(|m, at| m.performance.jobs[at[0]].service)),
        choice("jobs.kind", "What kind of work?")
            .help(
                "Queues for work items, schedules for recurring work, streams for continuous \
                 processing.",
            )
            .value(lens!(|m, at| m.performance.jobs[at[0]].kind).some()),
        text("jobs.schedule", "When does it run? (cron)")
            .help("Five fields: minute hour day month weekday, e.g. `0 3 * * *` for 03:00 daily.",)
            .value(lens!(|m, at| m.performance.jobs[at[0]].schedule))
            .default(|_, _| Some("0 3 * * *".into()))
            .check(|_, _, v: &Option<String>| cron(v.as_deref().unwrap_or_default()))
            .when(|m, at| m.performance.jobs[at[0]].kind == JobKind::Scheduled),
        text(
            "jobs.technology",
            "Queue or framework? (empty if not chosen)"
        )
        .help("e.g. `SQS`, `Sidekiq`, `Temporal`, `Kubernetes CronJob`.")
        .value(lens!(|m, at| m.performance.jobs[at[0]].technology)),
        pick_many(
            "jobs.calls",
            "Which of its service's callees does each run call?",
            |m, at| { callees(m, &m.performance.jobs[at[0]].service) }
        )
        .help("Those calls come at its schedule's rate, not once per event the service consumes.")
        .value(lens!(|m, at| m.performance.jobs[at[0]].calls))
        .when(|m, at| {
            let j = &m.performance.jobs[at[0]];
            j.kind == JobKind::Scheduled && !callees(m, &j.service).is_empty()
        }),
        pick(
            "jobs.items_from",
            "Does each run handle one item per event since the last?",
            |m, at| per_item_events(m, &m.performance.jobs[at[0]].service)
        )
        .help(
            "e.g. `AppointmentBooked` for a job sending each appointment's reminder: its calls \
             then follow that event's rate, in bursts of a period's worth, not one a run.",
        )
        .value(crate::interview::lens::Lens::new(
            |m, at| {
                (m.performance.jobs[at[0]].items_from.clone()).unwrap_or_else(|| ONE_A_RUN.into())
            },
            |m, at, v: String| {
                m.performance.jobs[at[0]].items_from = (v != ONE_A_RUN).then_some(v);
            },
        ))
        .when(|m, at| {
            let j = &m.performance.jobs[at[0]];
            !j.calls.is_empty() && per_item_events(m, &j.service).len() > 1
        }),
        text("jobs.description", "What does it do, and why not inline?")
            .help("A sentence.")
            .value(lens!(|m, at| m.performance.jobs[at[0]].description)),
    ]
}

/// The answer for a job that calls once a run, not once per item.
const ONE_A_RUN: &str = "No: one call a run";

/// The answers to a job's `items_from`: one call a run, or one per event `service` consumes.
fn per_item_events(m: &Model, service: &str) -> Vec<(String, String)> {
    let mut out = vec![(ONE_A_RUN.to_owned(), "its schedule's rate".to_owned())];
    let consumed = m.services.iter().filter(|s| s.name == service);
    for e in consumed.flat_map(|s| &s.consumes) {
        out.push((e.clone(), "one item per event".to_owned()));
    }
    out
}

/// The components `service` calls synchronously, as options.
fn callees(m: &Model, service: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for l in m.communication.links.iter().filter(|l| l.from == service) {
        let sync = crate::derive::link_style::of(m, l) == crate::model::LinkStyle::Sync;
        if sync && !out.iter().any(|(n, _)| n == &l.to) {
            out.push((l.to.clone(), l.purpose.clone()));
        }
    }
    out
}
