//! How stale a cache's entry can be at worst: its TTL, plus the time until its service
//! deletes the entry when another service's event is what changes its data.

use crate::model::{Cache, Event, Invalidation, Model};
use serde::Serialize;

/// The worst staleness of one cache and what it is made of.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Staleness {
    /// The events from other services that invalidate it: a change made elsewhere reaches its
    /// entries only when its service handles one.
    pub foreign: Vec<String>,
    /// Seconds from such a change until its service has handled the event and deleted the
    /// entry: the service's freshness objective (`slo.freshness_seconds`). None when no event
    /// comes from elsewhere, or the model bounds the service's lag nowhere.
    pub lag_seconds: Option<u32>,
    /// The longest an entry can be stale: the lag, then a TTL for a refill that read the old
    /// data just before the delete. None when the lag is unbounded.
    pub worst_seconds: Option<u32>,
    /// With an unbounded lag and an allowed staleness: the seconds the TTL leaves the events
    /// to be handled within for the entries to stay within it.
    pub budget_seconds: Option<u32>,
    /// Whether the worst staleness is within the allowed staleness (with an unbounded lag:
    /// whether the TTL leaves the events any time); true where none is set.
    pub within: bool,
}

/// The events of `c.invalidated_by` that another service publishes, in that order: changes
/// made elsewhere, which `c`'s service learns of only by handling them (its own events follow
/// its own writes).
pub(super) fn foreign_events<'a>(
    model: &'a Model,
    c: &'a Cache,
) -> impl Iterator<Item = &'a Event> {
    c.invalidated_by.iter().filter_map(|name| {
        (model.services.iter())
            .filter(|s| s.name != c.service)
            .flat_map(|s| &s.publishes)
            .find(|e| &e.name == name)
    })
}

/// How stale `c`'s entries can get.
pub fn staleness(model: &Model, c: &Cache) -> Staleness {
    let foreign: Vec<String> = if c.invalidation == Invalidation::Tags {
        Vec::new()
    } else {
        foreign_events(model, c).map(|e| e.name.clone()).collect()
    };
    let objective = (model.services.iter())
        .find(|s| s.name == c.service)
        .and_then(|s| s.slo.as_ref())
        .and_then(|o| o.freshness_seconds);
    let lag_seconds = objective.filter(|_| !foreign.is_empty());
    let worst_seconds = match (foreign.is_empty(), lag_seconds) {
        (true, _) => Some(c.ttl_seconds),
        (false, Some(lag)) => Some(lag + c.ttl_seconds),
        (false, None) => None,
    };
    let budget_seconds = match (worst_seconds, c.max_staleness_seconds) {
        (None, Some(max)) => Some(max.saturating_sub(c.ttl_seconds)),
        _ => None,
    };
    // With the lag unbounded, the TTL must leave the events some time.
    let within = c
        .max_staleness_seconds
        .is_none_or(|max| match worst_seconds {
            Some(worst) => worst <= max,
            None => c.ttl_seconds < max,
        });
    Staleness {
        foreign,
        lag_seconds,
        worst_seconds,
        budget_seconds,
        within,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The clinic's slot search, invalidated by booking's and the roster's events, with
    /// availability's freshness objective set to `freshness`.
    fn clinic(freshness: Option<u32>) -> (Model, Cache) {
        let yaml = std::fs::read_to_string("examples/clinic-booking/archgen.yaml").unwrap();
        let mut m = crate::load::parse(&yaml, "archgen.yaml").unwrap();
        let s = (m.services.iter_mut())
            .find(|s| s.name == "availability")
            .unwrap();
        s.slo.as_mut().unwrap().freshness_seconds = freshness;
        let c = (m.performance.caches.iter())
            .find(|c| c.name == "slot-search")
            .unwrap();
        let mut c = c.clone();
        (c.ttl_seconds, c.max_staleness_seconds) = (5, Some(10));
        (m, c)
    }

    #[test]
    fn an_event_from_elsewhere_adds_the_consumers_lag_to_the_ttl() {
        let (m, c) = clinic(Some(10));
        let s = staleness(&m, &c);
        assert!(
            s.foreign.contains(&"ShiftChanged".to_owned()),
            "{:?}",
            s.foreign
        );
        assert_eq!((s.lag_seconds, s.worst_seconds), (Some(10), Some(15)));
        assert!(
            !s.within,
            "10 s to handle the event and a 5 s TTL exceed 10 s"
        );
        let (m, c) = clinic(Some(5));
        assert!(staleness(&m, &c).within);
    }

    #[test]
    fn an_unbounded_lag_leaves_the_events_what_the_ttl_does_not_use() {
        let (m, c) = clinic(None);
        let s = staleness(&m, &c);
        assert_eq!((s.worst_seconds, s.budget_seconds), (None, Some(5)));
        assert!(s.within, "judged on the TTL, with the budget said");
        let (m, mut c) = clinic(None);
        c.ttl_seconds = 10;
        let s = staleness(&m, &c);
        assert_eq!(s.budget_seconds, Some(0));
        assert!(
            !s.within,
            "a TTL of the whole staleness leaves the events no time"
        );
    }

    #[test]
    fn a_cache_no_other_service_invalidates_is_stale_for_its_ttl() {
        let (m, mut c) = clinic(Some(10));
        c.invalidated_by.clear();
        let s = staleness(&m, &c);
        assert_eq!((s.lag_seconds, s.worst_seconds), (None, Some(5)));
        assert!(s.within);
        c.ttl_seconds = 11;
        assert!(!staleness(&m, &c).within);
    }
}
