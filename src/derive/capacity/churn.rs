//! What invalidation costs a cache: the events that delete its entries, each at its peak rate,
//! and the share of reads it can answer at most when those deletes and its reads spread alike
//! over its keys. After a miss fills an entry, the next thing to reach its key is a read (a
//! hit) or a delete (the entry is gone), so with reads `r` and deletes `d` a second a read
//! finds its entry at most `r / (r + d)` of the time, however long the TTL and whatever the
//! key count. Only where every delete's rate is derived from the flows and each deletes one
//! entry: an assumed rate bounds nothing.

use super::CacheLoad;
use super::events::EventLoad;
use crate::model::{Cache, CachePattern, Invalidation};
use serde::Serialize;

/// One event that deletes a cache's entries.
#[derive(Debug, Clone, Serialize)]
pub struct Invalidating {
    /// The event.
    pub event: String,
    /// Its peak rate a second.
    pub rate_per_s: f64,
    /// Where that rate comes from (see [`EventLoad::rate_from`]): only `flow` is derived.
    pub rate_from: String,
}

/// Fills each event-invalidated cache's deletes and the hit ratio they leave it at most.
/// A write-through or write-behind cache is written, not emptied, by a change, and a TTL-only
/// one is never deleted from: neither loses entries to invalidation.
pub(super) fn weigh(loads: &mut [CacheLoad], caches: &[Cache], events: &[EventLoad]) {
    for (load, c) in loads.iter_mut().zip(caches) {
        let writes = matches!(
            c.pattern,
            CachePattern::WriteThrough | CachePattern::WriteBehind
        );
        if writes || c.invalidation == Invalidation::Ttl {
            continue;
        }
        load.invalidations = (c.invalidated_by.iter())
            .filter_map(|e| events.iter().find(|l| &l.event == e))
            .map(|l| Invalidating {
                event: l.event.clone(),
                rate_per_s: l.rate_per_s,
                rate_from: l.rate_from.clone(),
            })
            .collect();
        load.invalidations_per_s = (load.invalidations.iter()).fold(0.0, |a, i| a + i.rate_per_s);
        // An assumed rate bounds nothing, and an event that deletes the entry of every value
        // of an overlapping part deletes more entries than the model counts.
        let derived = load.invalidations.iter().all(|i| i.rate_from == "flow");
        if derived
            && c.overlaps.is_empty()
            && load.reads_per_s > 0.0
            && load.invalidations_per_s > 0.0
        {
            load.hit_ceiling =
                Some(load.reads_per_s / (load.reads_per_s + load.invalidations_per_s));
        }
    }
}
