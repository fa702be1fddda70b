//! What an external system's announced maintenance leaves its consumers: every message of a
//! topic whose handling calls it waits while it is down (the consumer pauses, or redelivers in
//! place), so a window of `maintenance_window_hours` at the topic's average rate is a backlog,
//! which the consumer then works off at what its lanes take, less what keeps arriving, and
//! no faster than the system's calls to it may go (its rate limit).

use super::capacity::Capacity;
use super::{Assumption, partitions::TopicLoad};
use crate::model::Model;
use serde::Serialize;

/// One consumer's catch-up on one topic after one external system's window.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CatchUp {
    /// The consumer.
    pub consumer: String,
    /// The external system it calls while handling messages of the topic.
    pub external: String,
    /// Its index in `externals`.
    pub external_index: usize,
    /// The topic.
    pub topic: String,
    /// Hours the window lasts.
    pub window_hours: f64,
    /// Whether the model states them (`maintenance_window_hours`), else the month's hours.
    pub window_stated: bool,
    /// Messages a second arriving on the topic on average: its peak over the peak-to-average.
    pub arrival_per_s: f64,
    /// Messages waiting when the window ends.
    pub backlog: f64,
    /// The topic's lanes.
    pub lanes: u32,
    /// The consumer's mean milliseconds a message of the topic, its calls at their p99 and
    /// the events it reads past at the skip cost.
    pub mean_ms: f64,
    /// What its lanes take a second: lanes over the mean time.
    pub lanes_per_s: f64,
    /// The most messages a second the external's rate limit lets through, where it states
    /// one (the link's `rate_limit_rps`, else the external's), over the share of messages
    /// that call it.
    pub limit_per_s: Option<f64>,
    /// Messages a second the backlog shrinks by: the lesser of the two, less the arrivals.
    pub drain_per_s: f64,
    /// Seconds until the backlog is gone; none when it never shrinks.
    pub seconds: Option<f64>,
    /// The backlog of a window in the busiest hours, at the topic's peak rate throughout.
    pub busy_backlog: f64,
    /// Seconds until that one is gone, with the peak still arriving; none when it never is.
    pub busy_seconds: Option<f64>,
}

/// The catch-up of every consumer of every external system with announced maintenance.
pub fn derive(model: &Model, capacity: &Capacity) -> Vec<CatchUp> {
    let mut out = Vec::new();
    for (i, e) in model.externals.iter().enumerate() {
        let (window, stated) = match (e.maintenance_window_hours, e.maintenance_hours_per_month) {
            (Some(w), _) => (w, true),
            (None, Some(m)) if m > 0.0 => (m, false),
            _ => continue,
        };
        let mut pairs: Vec<(&str, &str)> = Vec::new();
        for h in &capacity.handlers {
            if h.calls.iter().any(|c| c.callee == e.name)
                && !pairs.contains(&(h.consumer.as_str(), h.topic.as_str()))
            {
                pairs.push((&h.consumer, &h.topic));
            }
        }
        for (consumer, topic) in pairs {
            let Some(t) = capacity.topics.iter().find(|t| t.topic == topic) else {
                continue;
            };
            let mut row = catch_up(model, capacity, t, consumer, &e.name, (window, stated));
            row.external_index = i;
            out.push(row);
        }
    }
    out
}

fn catch_up(
    model: &Model,
    capacity: &Capacity,
    t: &TopicLoad,
    consumer: &str,
    external: &str,
    (window_hours, window_stated): (f64, bool),
) -> CatchUp {
    let consumes = |ev: &str| {
        (model.services.iter()).any(|s| s.name == consumer && s.consumes.iter().any(|c| c == ev))
    };
    // Each event's time for this consumer, and the share of its messages that call `external`.
    let (mut busy, mut calling) = (0.0, 0.0);
    for (ev, rate) in t.events.iter().zip(&t.event_rates) {
        let h = (capacity.handlers.iter()).find(|h| h.consumer == consumer && &h.event == ev);
        let ms = match h {
            Some(h) => h.typical_ms,
            None if consumes(ev) => f64::from(capacity.handler_ms),
            None => capacity.skip_ms,
        };
        busy += rate * ms;
        let share: f64 = (h.into_iter().flat_map(|h| &h.calls))
            .filter(|c| c.callee == external)
            .map(|c| c.share)
            .sum();
        calling += rate * share.min(1.0);
    }
    let mean_ms = if t.rate_per_s > 0.0 {
        busy / t.rate_per_s
    } else {
        0.0
    };
    let lanes_per_s = if mean_ms > 0.0 {
        f64::from(t.partitions) * 1000.0 / mean_ms
    } else {
        0.0
    };
    let link = (model.communication.links.iter())
        .find(|l| l.from == consumer && l.to == external)
        .and_then(|l| l.resilience.as_ref())
        .and_then(|r| r.rate_limit_rps);
    let stated = link.or_else(|| {
        (model.externals.iter())
            .find(|e| e.name == external)
            .and_then(|e| e.rate_limit_rps)
    });
    let fraction = if t.rate_per_s > 0.0 {
        calling / t.rate_per_s
    } else {
        0.0
    };
    let limit_per_s = stated.filter(|_| fraction > 0.0).map(|l| l / fraction);
    let arrival_per_s = t.rate_per_s / capacity.peak_to_average;
    let drain_per_s = lanes_per_s.min(limit_per_s.unwrap_or(f64::INFINITY)) - arrival_per_s;
    let backlog = window_hours * 3600.0 * arrival_per_s;
    let busy_drain = drain_per_s + arrival_per_s - t.rate_per_s;
    CatchUp {
        consumer: consumer.to_owned(),
        external: external.to_owned(),
        external_index: 0,
        topic: t.topic.clone(),
        window_hours,
        window_stated,
        arrival_per_s,
        backlog,
        lanes: t.partitions,
        mean_ms,
        lanes_per_s,
        limit_per_s,
        drain_per_s,
        seconds: (drain_per_s > 0.0).then(|| backlog / drain_per_s),
        busy_backlog: window_hours * 3600.0 * t.rate_per_s,
        busy_seconds: (busy_drain > 0.0).then(|| window_hours * 3600.0 * t.rate_per_s / busy_drain),
    }
}

/// The windows taken as the month's hours, where any is.
pub fn assumptions(rows: &[CatchUp]) -> Vec<Assumption> {
    let mut guessed: Vec<String> = Vec::new();
    for r in rows.iter().filter(|r| !r.window_stated) {
        let text = format!("{} down {} h at once", r.external, r.window_hours);
        if !guessed.contains(&text) {
            guessed.push(text);
        }
    }
    let mut out = Vec::new();
    if !guessed.is_empty() {
        out.push(Assumption::new(
            "capacity.maintenance-window",
            guessed.join("; "),
            "the model states the hours a month only; all of them in one window is the longest backlog its consumers can face",
            "the backlog each consumer builds while the system is down, and the time it takes to work it off",
            "externals[].maintenance_window_hours",
        ));
    }
    // When a window falls is stated nowhere: the backlog counts the day's average.
    let busy: Vec<String> = (rows.iter())
        .map(|r| {
            let after = match r.busy_seconds {
                Some(s) => format!("gone in {}", crate::text::numbers::seconds(s)),
                None => "never worked off while the peak lasts".to_owned(),
            };
            format!(
                "{} on {}: {} messages in the busiest hours, {after}",
                r.consumer,
                r.topic,
                crate::text::numbers::thousands(r.busy_backlog.round())
            )
        })
        .collect();
    if !busy.is_empty() {
        out.push(Assumption::new(
            "capacity.maintenance-off-peak",
            format!(
                "a maintenance window's backlog at the topic's average rate over the day; one in the busiest hours, at the peak throughout, leaves more: {}",
                busy.join("; ")
            ),
            "providers announce their windows, and most fall outside the busiest hours, but the model does not say when",
            "the backlog after a window and the time to work it off; the alert that waits for it",
            "externals[].maintenance_window_hours",
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::graph::tests::{graph, model};
    use super::super::{capacity, handlers, resilience};

    /// 60 requests a second at peak, a sixth of it on average: 10 bookings a second, each
    /// mirrored into the EHR by sync at its 1.5 s p99 and its own 50 ms, over 20 lanes.
    const M: &str = "version: 1\nname: t\nrequirements:\n  domain: d\n  use_cases: [{name: Book, share: 100, served_by: [Book]}]\n  scale: {peak_rps: 60}\n  capacity: {peak_to_average: 6, partitions: {Booked: 20}}\nclients: [{name: web}]\nservices:\n  - name: booking\n    responsibility: r\n    publishes: [{name: Booked, key: id, fields: [{name: id, type: uuid}]}]\n    api: {resources: [{name: Slot, fields: [{name: id, type: uuid}]}]}\n  - {name: sync, kind: worker, responsibility: r, consumes: [Booked]}\nexternals: [{name: EHR, latency_p99_ms: 1500, maintenance_hours_per_month: 4}]\ncommunication:\n  brokers: [{name: k, technology: Kafka}]\n  links:\n    - {from: web, to: booking}\n    - {from: sync, to: EHR, background: true}\n  flows:\n    - name: Book\n      steps:\n        - {from: web, to: booking, action: POST /slots}\n        - {from: booking, to: k, action: Booked}\n        - {from: k, to: sync, action: Booked}\n        - {from: sync, to: EHR, action: Create the appointment}\n";

    fn rows(yaml: &str) -> Vec<super::CatchUp> {
        let m = model(yaml);
        let g = graph(&m);
        let mut cap = capacity::derive(&g);
        let times = handlers::derive(&g, &resilience::derive(&g, &cap));
        handlers::apply(&m, &mut cap, times);
        cap.catch_up
    }

    #[test]
    fn a_window_leaves_a_backlog_the_lanes_work_off_less_what_keeps_arriving() {
        let r = &rows(M)[0];
        assert_eq!((r.consumer.as_str(), r.external.as_str()), ("sync", "EHR"));
        // 4 h (the month's, assumed) at 10/s: 144,000 messages. 20 lanes at 1.55 s take
        // 12.9/s, 2.9/s more than arrives: about 49,600 s.
        assert!(!r.window_stated);
        assert!((r.arrival_per_s - 10.0).abs() < 1e-9, "{r:?}");
        assert!((r.backlog - 144_000.0).abs() < 1e-6, "{r:?}");
        assert!((r.mean_ms - 1550.0).abs() < 1e-9, "{r:?}");
        assert!((r.lanes_per_s - 20.0 / 1.55).abs() < 1e-9, "{r:?}");
        assert!((r.seconds.unwrap() - 144_000.0 / (20.0 / 1.55 - 10.0)).abs() < 1e-3);
        // A stated 1-hour window, and the EHR's limit of 12 a second below what the lanes take.
        let stated = M.replace(
            "maintenance_hours_per_month: 4}",
            "maintenance_hours_per_month: 4, maintenance_window_hours: 1, rate_limit_rps: 12}",
        );
        let r = &rows(&stated)[0];
        assert!(r.window_stated && (r.backlog - 36_000.0).abs() < 1e-6);
        assert_eq!(r.limit_per_s, Some(12.0));
        assert!((r.seconds.unwrap() - 36_000.0 / 2.0).abs() < 1e-6, "{r:?}");
        // The same hour in the busiest hours: 60 a second arrive, more than the limit lets
        // through, so that backlog is never worked off while the peak lasts, and the
        // assumption says so beside the average's.
        assert!((r.busy_backlog - 216_000.0).abs() < 1e-6, "{r:?}");
        assert_eq!(r.busy_seconds, None);
        let said = super::assumptions(std::slice::from_ref(r));
        let busy = said
            .iter()
            .find(|a| a.id == "capacity.maintenance-off-peak")
            .expect("when the window falls is an assumption");
        assert!(
            busy.value.contains(
                "sync on Booked: 216,000 messages in the busiest hours, never worked off"
            ),
            "{}",
            busy.value
        );
        // A limit at the average rate never lets the backlog shrink.
        let never = M.replace(
            "maintenance_hours_per_month: 4}",
            "maintenance_hours_per_month: 4, rate_limit_rps: 10}",
        );
        assert_eq!(rows(&never)[0].seconds, None);
    }
}
