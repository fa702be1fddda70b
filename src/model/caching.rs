//! Step 8 of the model: caches, background work and scaling.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Performance strategy.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Performance {
    /// The caches, each with what it holds and how it is invalidated.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub caches: Vec<Cache>,
    /// Background and asynchronous work.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub jobs: Vec<Job>,
    /// How services scale.
    #[serde(default, skip_serializing_if = "Scaling::is_empty")]
    pub scaling: Scaling,
}

/// A cache.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Cache {
    /// Unique name, e.g. `product-details`.
    pub name: String,
    /// The service that reads through it.
    pub service: String,
    /// Where the cache sits.
    #[serde(default)]
    pub layer: CacheLayer,
    /// The technology, e.g. `Redis`, `Memcached`, `in-process`, `CloudFront`.
    pub technology: String,
    /// How reads and writes use it.
    #[serde(default)]
    pub pattern: CachePattern,
    /// What it holds, e.g. `product details by id`.
    pub holds: String,
    /// The key format, e.g. `product:{id}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// Time to live in seconds.
    #[schemars(range(min = 1))]
    pub ttl_seconds: u32,
    /// How entries are invalidated before they expire.
    #[serde(default)]
    pub invalidation: Invalidation,
    /// Events that invalidate entries, for event-driven invalidation.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub invalidated_by: Vec<String>,
    /// Parts of its key whose entries are cut from the same data, e.g. `[visit_type]` where
    /// every visit type's slots come from one clinician's time: a change for one value
    /// changes the entries of the others, so an invalidation deletes the entry of every value.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub overlaps: Vec<String>,
    /// How stale the data may be, in seconds; the TTL must not exceed it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_staleness_seconds: Option<u32>,
    /// Operations or actions of its service that change what it holds, e.g. `mark-all-read`
    /// or `update InboxItem`: each updates or deletes the entry after its write commits.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub updated_by: Vec<String>,
    /// Bytes of one entry, key and value together with the store's overhead; sizes its memory.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1))]
    pub entry_bytes: Option<u32>,
    /// Its p99 in milliseconds for one read, as measured or expected: a read's timeout is 1.5
    /// times it, and a slower answer is a miss. Unset, a figure for its technology is assumed
    /// and listed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1))]
    pub latency_p99_ms: Option<u32>,
    /// The resource of its service whose items an entry holds, e.g. `Order`: without
    /// `entry_bytes`, an entry's size follows from the resource's fields.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource: Option<String>,
    /// How many of those items one entry holds, e.g. `20` for the first page of a list; one
    /// when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1))]
    pub items: Option<u32>,
    /// How many different keys its reads spread over, e.g. `8400` for 600 clinic and visit
    /// type pairs over 14 bookable days: with the reads a second and the TTL it sets the hit
    /// ratio and the entries live at once. A key naming the user, or the owner field of the
    /// resource it holds, spreads over `requirements.scale.users` when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1))]
    pub keys: Option<u32>,
    /// How many entries one request reads, e.g. `14` for a search over two weeks that reads
    /// one entry per day; one when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1))]
    pub entries_per_read: Option<u32>,
    /// The share of its reads the team expects it to answer, 0 to 1, where reads do not
    /// spread evenly over the keys (a session re-reading its own key): the entries live at
    /// once follow it instead of the even-spread floor, and the load test measures it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0.0, max = 1.0))]
    pub expected_hit_ratio: Option<f64>,
}

impl Cache {
    /// The `{part}`s of its key, in order, each once.
    pub fn key_parts(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for piece in self.key.as_deref().unwrap_or_default().split('{').skip(1) {
            if let Some((part, _)) = piece.split_once('}') {
                let part = part.trim();
                if !part.is_empty() && !out.iter().any(|p| p == part) {
                    out.push(part.to_owned());
                }
            }
        }
        out
    }
}

/// Where a cache sits.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum CacheLayer {
    /// A shared or in-process cache inside the service.
    #[default]
    Application,
    /// Response caching at the gateway or BFF.
    Api,
    /// Edge caching in a CDN.
    Cdn,
    /// HTTP caching in the client, driven by Cache-Control and ETags.
    Client,
}

/// How reads and writes use a cache.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum CachePattern {
    /// The service reads the cache, loads from the store on a miss and fills the cache.
    #[default]
    CacheAside,
    /// The cache loads from the store on a miss itself.
    ReadThrough,
    /// Writes go to the cache and the store together.
    WriteThrough,
    /// Writes go to the cache and reach the store later.
    WriteBehind,
}

/// How entries are invalidated.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Invalidation {
    /// Entries only expire.
    #[default]
    Ttl,
    /// Events delete or refresh entries as data changes.
    Event,
    /// Entries carry tags; a write purges every entry with its tag.
    Tags,
    /// The writer updates or deletes the entry in the same request.
    OnWrite,
}

/// Background or asynchronous work.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Job {
    /// Unique name, e.g. `send-order-confirmation`.
    pub name: String,
    /// The service that runs it.
    pub service: String,
    /// What kind of work it is.
    #[serde(default)]
    pub kind: JobKind,
    /// For scheduled work, a cron expression, e.g. `0 3 * * *`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schedule: Option<String>,
    /// The queue or framework, e.g. `SQS`, `Sidekiq`, `Temporal`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub technology: Option<String>,
    /// The components it calls on each run, e.g. `[Warehouse system]`: those calls come at
    /// its schedule's rate, not one per event its service consumes, and take no consumer's
    /// handler time.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub calls: Vec<String>,
    /// For scheduled work that handles items piled up since its last run: the event each of
    /// which gives it one item, e.g. `AppointmentBooked` for a job that sends each
    /// appointment's reminder. Its `calls` then come once per item, at that event's rate and
    /// in bursts of a period's worth, not once a run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub items_from: Option<String>,
    /// For a job taking items (`items_from`): the most items one run takes, where they come
    /// due by a rule of their own rather than as the event arrives, e.g. `1600` reminders for
    /// the busiest quarter hour of appointment starts. Without it a run takes the event's peak
    /// rate times the time between runs, an assumption.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub items_per_run: Option<u32>,
    /// What it does and why it is not done inline.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
}

/// A kind of background work.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum JobKind {
    /// Work items on a queue, processed by competing consumers.
    #[default]
    Queue,
    /// Recurring work on a schedule.
    Scheduled,
    /// Bulk processing of a data set.
    Batch,
    /// Continuous processing of an event stream.
    Stream,
}

/// How services scale.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Scaling {
    /// The signal autoscaling follows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub autoscale_on: Option<ScaleSignal>,
    /// Fewest replicas per service.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_replicas: Option<u32>,
    /// Most replicas per service.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_replicas: Option<u32>,
}

/// The signal autoscaling follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ScaleSignal {
    /// CPU utilisation.
    Cpu,
    /// Requests per second per replica.
    Rps,
    /// Consumer lag or queue depth.
    QueueDepth,
    /// Open connections (WebSocket gateways).
    Connections,
}

super::empty_is_default!(Performance, Scaling);
