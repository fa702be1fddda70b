//! Cache memory and hit ratio: each cache's entries (stated; one per open connection for a
//! registry; the keys read within a TTL where its keys are known, stated or one per user for a
//! key naming the user; else the reads it serves in one TTL: those of its resource's read
//! operation when flows name them, else all its service's) times the bytes of an entry, and
//! the share of its reads a TTL cache answers when they spread evenly over its keys.

use super::Assumption;
use super::churn::Invalidating;
use super::rates::Rates;
use super::served::{Served, served};
use crate::derive::connections::Connections;
use crate::derive::graph::Graph;
use crate::model::Cache;
use serde::Serialize;

/// Bytes of one cache entry when the model does not say.
pub const CACHE_ENTRY_BYTES: u32 = 1024;

/// Bytes an entry costs beside its value: the key and the store's own bookkeeping (Redis
/// keeps about 50 bytes per key on top of the key itself).
pub const ENTRY_OVERHEAD_BYTES: u32 = 128;

/// An entry sized from the resource it holds.
#[derive(Debug, Clone, Serialize)]
pub struct EntryItems {
    /// The resource.
    pub resource: String,
    /// Items per entry.
    pub items: u32,
    /// Estimated JSON bytes of one item, its id included.
    pub item_bytes: u32,
}

/// A cache's memory.
#[derive(Debug, Clone, Serialize)]
pub struct CacheLoad {
    /// The cache.
    pub cache: String,
    /// Entries at peak.
    pub entries: u64,
    /// `model`, `connections` (one per open connection: a registry), `expected` (the misses
    /// a TTL at the hit ratio the team expects), `keys` (the share of its
    /// known keys alive at once, which is its hit ratio, or every key when no read is known),
    /// `served` (the reads of the operations it serves in one TTL: see `reads_of`) or
    /// `derived` (all its service's reads in one TTL: nothing narrows them).
    pub entries_from: String,
    /// Entry reads a second at peak: the requests of `reads_of`, else all its service's, times
    /// the entries a request reads (`performance.caches[].entries_per_read`).
    pub reads_per_s: f64,
    /// The flow steps' actions those reads are, for `served` (e.g. `GET /v1/orders`).
    pub reads_of: Vec<String>,
    /// Its time to live, in seconds.
    pub ttl_seconds: u32,
    /// Bytes per entry.
    pub entry_bytes: u32,
    /// Whether the model states them (`performance.caches[].entry_bytes` or
    /// `requirements.capacity.cache_entry_bytes`).
    pub entry_bytes_stated: bool,
    /// Where the entry size follows from the resource the cache holds: `items` of it plus
    /// [`ENTRY_OVERHEAD_BYTES`].
    pub entry_items: Option<EntryItems>,
    /// Where `entry_items` sizes it and the model states `requirements.capacity
    /// .cache_entry_bytes`: that size, which only caches holding no resource take.
    pub default_bytes_unused: Option<u32>,
    /// Memory in bytes.
    pub bytes: f64,
    /// Entries one request reads (one unless the model says).
    pub entries_per_read: u32,
    /// Where the model does not say how many entries a request reads and its service looks up
    /// several keys in one request: the field that takes them (an `any` filter) and the most
    /// it takes, which bounds the entries one read may fill.
    pub batch: Option<(String, u32)>,
    /// The different keys its reads spread over, where known.
    pub keys: Option<u64>,
    /// `model` (`performance.caches[].keys`) or `users` (its key names the user or the owner
    /// of the resource it holds); empty when unknown.
    pub keys_from: String,
    /// The share of its reads it answers, 0 to 1, when they spread evenly over its keys (a
    /// floor: reads that favour some keys hit more); none without keys or reads.
    pub hit_ratio: Option<f64>,
    /// The same with the TTL raised to its allowed staleness, where that is longer.
    pub hit_ratio_at_staleness: Option<f64>,
    /// The share the team expects instead (`performance.caches[].expected_hit_ratio`): the
    /// entries follow it, as the misses a TTL, when it is stated.
    pub expected_hit_ratio: Option<f64>,
    /// The events that delete its entries, each at its peak rate, in `invalidated_by` order
    /// (see [`super::churn`]); empty for a cache that only expires or is written through.
    pub invalidations: Vec<Invalidating>,
    /// Their sum: deletes a second at peak.
    pub invalidations_per_s: f64,
    /// The share of its reads it answers at most when those deletes and its reads spread alike
    /// over its keys: reads over reads plus deletes; none without both.
    pub hit_ceiling: Option<f64>,
}

/// The share of reads a cache answers whose entries live `ttl` seconds from the miss that
/// fills them, with `reads` a second spread evenly over `keys`: a key read `x` times a TTL
/// (Poisson) misses once and hits `x` times per fill, so `x / (1 + x)`.
pub fn hit_ratio(reads: f64, keys: u64, ttl: u32) -> f64 {
    let x = reads / keys.max(1) as f64 * f64::from(ttl);
    x / (1.0 + x)
}

/// Whether `cache` maps connections to the nodes holding them: it belongs to a service that
/// holds connections and says it is about connections.
pub fn is_registry(cache: &Cache, conns: &Connections) -> bool {
    let key = cache.key.as_deref().unwrap_or("");
    let said = format!("{} {} {key}", cache.name, cache.holds).to_lowercase();
    conns.holders.iter().any(|h| h.service == cache.service) && said.contains("connection")
}

/// Each cache's memory; `rates` holds the request rate of each component and flow step.
pub(super) fn cache_loads(
    graph: &Graph,
    rates: &Rates,
    conns: Option<&Connections>,
    assumptions: &mut Vec<Assumption>,
) -> Vec<CacheLoad> {
    let m = graph.model;
    let inputs = &m.requirements.capacity;
    let caches = &m.performance.caches;
    let registries: Vec<&str> = caches
        .iter()
        .filter(|c| !inputs.cache_entries.contains_key(&c.name))
        .filter(|c| conns.is_some_and(|k| is_registry(c, k)))
        .map(|c| c.name.as_str())
        .collect();
    let reads: Vec<Option<Served>> = caches.iter().map(|c| reads_of(graph, c, rates)).collect();
    assume(graph, conns, &registries, &reads, assumptions);
    caches
        .iter()
        .zip(&reads)
        .map(|(c, served)| {
            let mut load = sized(graph, c);
            let declared = inputs.cache_entries.get(&c.name).copied();
            if declared.is_none() && registries.contains(&c.name.as_str()) {
                return load.with(conns.map_or(0, |k| k.count), "connections");
            }
            let all = rates.nodes.get(&c.service).copied().unwrap_or(0.0);
            let per_read = f64::from(c.entries_per_read.unwrap_or(1));
            load.reads_per_s = served.as_ref().map_or(all, |s| s.rate) * per_read;
            load.reads_of = served.as_ref().map_or(Vec::new(), |s| s.actions.clone());
            let keys = keys_of(graph, c);
            if let Some((k, from)) = keys {
                load.keys = Some(k);
                load.keys_from = from.into();
                if load.reads_per_s > 0.0 {
                    load.hit_ratio = Some(hit_ratio(load.reads_per_s, k, c.ttl_seconds));
                    load.hit_ratio_at_staleness = c
                        .max_staleness_seconds
                        .filter(|s| *s > c.ttl_seconds)
                        .map(|s| hit_ratio(load.reads_per_s, k, s));
                }
            }
            if let Some(entries) = declared {
                return load.with(entries, "model");
            }
            load.expected_hit_ratio = c.expected_hit_ratio;
            if let (Some(h), true) = (c.expected_hit_ratio, load.reads_per_s > 0.0) {
                // Each miss fills an entry that lives one TTL: the misses a TTL are live.
                let misses = load.reads_per_s * f64::from(c.ttl_seconds) * (1.0 - h);
                let live = misses.ceil() as u64;
                return load.with(keys.map_or(live, |(k, _)| live.min(k)), "expected");
            }
            if let Some((k, _)) = keys {
                // A key lives one TTL from the miss that fills it: the share of keys alive at
                // once is the hit ratio, and with no reads known, every key at most.
                let live = load.hit_ratio.map_or(k, |h| (k as f64 * h).ceil() as u64);
                return load.with(live, "keys");
            }
            let from = if served.is_some() {
                "served"
            } else {
                "derived"
            };
            // Nothing bounds the keys: every read is taken as a different one, and a read that
            // looks up several keys as that many.
            load.batch = c
                .entries_per_read
                .is_none()
                .then(|| batch(graph, c))
                .flatten();
            let keys = load.batch.as_ref().map_or(1.0, |(_, n)| f64::from(*n));
            let n = (load.reads_per_s * f64::from(c.ttl_seconds) * keys).ceil() as u64;
            load.with(n, from)
        })
        .collect()
}

/// The reads `c` serves: its resource's read operation in the flows that call its service.
fn reads_of(graph: &Graph, c: &Cache, rates: &Rates) -> Option<Served> {
    let s = graph.model.services.iter().find(|s| s.name == c.service)?;
    served(&s.api.resources, c, &rates.actions)
}

/// `c`'s entry size, with no entries yet.
fn sized(graph: &Graph, c: &Cache) -> CacheLoad {
    let inputs = &graph.model.requirements.capacity;
    let items = c
        .entry_bytes
        .is_none()
        .then(|| entry_items(graph, c))
        .flatten();
    let entry = match (&items, c.entry_bytes) {
        (_, Some(stated)) => stated,
        (Some(i), None) => i.items * i.item_bytes + ENTRY_OVERHEAD_BYTES,
        (None, None) => inputs.cache_entry_bytes.unwrap_or(CACHE_ENTRY_BYTES),
    };
    CacheLoad {
        cache: c.name.clone(),
        entries: 0,
        entries_from: String::new(),
        reads_per_s: 0.0,
        reads_of: Vec::new(),
        ttl_seconds: c.ttl_seconds,
        entry_bytes: entry,
        entry_bytes_stated: c.entry_bytes.is_some()
            || items.is_some()
            || inputs.cache_entry_bytes.is_some(),
        default_bytes_unused: inputs.cache_entry_bytes.filter(|_| items.is_some()),
        entry_items: items,
        bytes: 0.0,
        entries_per_read: c.entries_per_read.unwrap_or(1),
        batch: None,
        keys: None,
        keys_from: String::new(),
        hit_ratio: None,
        hit_ratio_at_staleness: None,
        expected_hit_ratio: None,
        invalidations: Vec::new(),
        invalidations_per_s: 0.0,
        hit_ceiling: None,
    }
}

impl CacheLoad {
    /// This load holding `entries`, which come `from` there.
    fn with(mut self, entries: u64, from: &str) -> Self {
        self.entries = entries;
        self.entries_from = from.into();
        self.bytes = entries as f64 * f64::from(self.entry_bytes);
        self
    }
}

/// What the cache figures assumed: the entry size, a registry's entries, and the entries of
/// caches whose count nothing states.
fn assume(
    graph: &Graph,
    conns: Option<&Connections>,
    registries: &[&str],
    reads: &[Option<Served>],
    assumptions: &mut Vec<Assumption>,
) {
    let m = graph.model;
    let inputs = &m.requirements.capacity;
    let entry = inputs.cache_entry_bytes.unwrap_or(CACHE_ENTRY_BYTES);
    let caches = &m.performance.caches;
    // A cache sized from the resource it holds assumes nothing about its entries' size.
    let unsized_cache = caches
        .iter()
        .any(|c| c.entry_bytes.is_none() && entry_items(graph, c).is_none());
    if inputs.cache_entry_bytes.is_none() && unsized_cache {
        assumptions.push(Assumption::new(
            "capacity.cache-entry-bytes",
            format!("{entry} bytes per entry"),
            "the model states no entry size",
            "cache memory",
            "requirements.capacity.cache_entry_bytes",
        ));
    }
    if let (Some(k), false) = (conns, registries.is_empty()) {
        assumptions.push(Assumption::new(
            "capacity.registry-entries",
            format!(
                "one entry per open connection ({} at peak) in {}",
                k.count,
                registries.join(", ")
            ),
            "a connection registry maps each open connection to the node holding it, so its entries follow the connections, not the reads",
            "cache memory",
            &format!("requirements.capacity.cache_entries.{}", registries[0]),
        ));
    }
    let unknown: Vec<(&Cache, bool)> = caches
        .iter()
        .zip(reads)
        .filter(|(c, _)| {
            !(inputs.cache_entries.contains_key(&c.name)
                || registries.contains(&c.name.as_str())
                || keys_of(graph, c).is_some())
        })
        .map(|(c, r)| (c, r.is_some()))
        .collect();
    if !unknown.is_empty() {
        let all: Vec<&str> = unknown
            .iter()
            .filter(|(_, narrowed)| !narrowed)
            .map(|(c, _)| c.name.as_str())
            .collect();
        let value = if all.is_empty() {
            "one entry per read it serves in a TTL".to_owned()
        } else {
            format!(
                "one entry per read it serves in a TTL; every read of its service for {}",
                all.join(", ")
            )
        };
        assumptions.push(Assumption::new(
            "capacity.cache-entries",
            value,
            "the model does not say how many keys each cache holds; every read of a different key (each key of a read that looks up several) is the upper bound, and a cache that names no `resource` a flow reads is counted every read of its service",
            "cache memory",
            "requirements.capacity.cache_entries",
        ));
    }
}

/// The field of `cache`'s service that looks up several keys in one request (an `any`
/// filter of the resource it holds, or of any of its service's when it names none), with the
/// most values it takes; none where every request reads one.
fn batch(graph: &Graph, cache: &Cache) -> Option<(String, u32)> {
    let s = (graph.model.services.iter()).find(|s| s.name == cache.service)?;
    (s.api.resources.iter())
        .filter(|r| cache.resource.as_ref().is_none_or(|n| *n == r.name))
        .flat_map(|r| &r.filters)
        .find(|f| f.any())
        .map(|f| (f.field().to_owned(), crate::model::ANY_VALUES_MAX))
}

/// The resource `cache` holds and how many of its items an entry takes, sized from the
/// resource's fields; none when it names no resource of its service.
fn entry_items(graph: &Graph, cache: &Cache) -> Option<EntryItems> {
    let name = cache.resource.as_deref()?;
    let service = graph
        .model
        .services
        .iter()
        .find(|s| s.name == cache.service)?;
    let r = service.api.resources.iter().find(|r| r.name == name)?;
    let has_id = r.fields.iter().any(|f| f.name.eq_ignore_ascii_case("id"));
    // The braces, and the `id` every item carries when the model names none.
    let id = if has_id { 0 } else { 44 };
    Some(EntryItems {
        resource: r.name.clone(),
        items: cache.items.unwrap_or(1),
        item_bytes: super::events::fields_bytes(&r.fields) + 2 + id,
    })
}

/// The keys `cache`'s reads spread over, and where the count comes from: stated, else the
/// users when its key names the user or an owner field of the resource it holds.
fn keys_of(graph: &Graph, cache: &Cache) -> Option<(u64, &'static str)> {
    if let Some(k) = cache.keys {
        return Some((u64::from(k), "model"));
    }
    let users = graph.model.requirements.scale.users?;
    per_user(graph, cache).then_some((users, "users"))
}

/// Whether `cache`'s key names a user (`unread:{user_id}`), or an owner field of the resource
/// it holds (`orders:{customer_id}` for an Order owned by `customer_id`): one key per user.
fn per_user(graph: &Graph, cache: &Cache) -> bool {
    let key = cache.key.as_deref().unwrap_or("").to_lowercase();
    let owners: Vec<String> = cache
        .resource
        .as_deref()
        .and_then(|name| {
            let s = graph
                .model
                .services
                .iter()
                .find(|s| s.name == cache.service)?;
            s.api.resources.iter().find(|r| r.name == name)
        })
        .and_then(|r| r.owner.as_ref())
        .map_or(Vec::new(), |o| {
            o.fields()
                .iter()
                .map(|f| format!("{{{}}}", f.to_lowercase()))
                .collect()
        });
    ["{user}", "{user_id}", "{userid}"]
        .iter()
        .any(|p| key.contains(p))
        || owners.iter().any(|p| key.contains(p.as_str()))
}
