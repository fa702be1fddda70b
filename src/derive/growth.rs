//! The declared data growth (`requirements.scale.data_growth`, e.g. `40 GB per month`) against
//! what the flows' creations write: each creation event's entities a month at the average rate,
//! times the bytes the event carries for one (its fields, without the envelope), which the
//! service that owns the entity keeps at least once.

use super::brief::Creation;
use super::capacity::{Capacity, ENVELOPE_BYTES};
use super::graph::Graph;
use serde::Serialize;

/// Days in the month the growth is counted over.
pub const DAYS_PER_MONTH: f64 = 30.0;

/// The declared growth against the creations.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Growth {
    /// As the model states it.
    pub declared: String,
    /// That, in bytes a month.
    pub declared_bytes: f64,
    /// What each creation writes.
    pub records: Vec<Records>,
    /// What they write together, in bytes a month.
    pub needed_bytes: f64,
    /// Whether they need more than the declared growth.
    pub over: bool,
    /// Days in the month the records count (`requirements.capacity.days_per_month`, else 30).
    pub days_per_month: f64,
    /// Whether the model states them.
    pub days_stated: bool,
}

/// One creation event's entities a month.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Records {
    /// The creation event.
    pub event: String,
    /// Its publisher, which owns the entity.
    pub owner: String,
    /// The entity's key.
    pub key: String,
    /// The flows creating them.
    pub flows: Vec<String>,
    /// Created a day at the average rate.
    pub per_day: f64,
    /// Created a month.
    pub per_month: f64,
    /// The share of the event's messages that create an item (see [`Creation::share`]).
    pub share: f64,
    /// Bytes the creation event carries for one (its fields).
    pub record_bytes: u32,
    /// Bytes a month.
    pub bytes: f64,
    /// The declared growth shared over these records alone: bytes each may take.
    pub allowed_bytes: f64,
    /// What the broker keeps of the event over its retention, copies included.
    pub retained_bytes: f64,
    /// That retention, in hours.
    pub retention_hours: u32,
}

/// Bytes a month of a growth such as `40 GB per month`, `1.5 TiB/year` or `200 MB a day`;
/// `None` when the text says no size and period.
pub fn per_month(text: &str) -> Option<f64> {
    let re = regex::Regex::new(
        r"(?i)^\s*([0-9][0-9,]*(?:\.[0-9]+)?)\s*([kmgtp]?)(i?)b(?:ytes?)?\s*(?:per|a|an|each|every|/)?\s*(day|week|month|year)s?\b",
    )
    .expect("the growth pattern compiles");
    let c = re.captures(text)?;
    let n: f64 = c[1].replace(',', "").parse().ok()?;
    let base: f64 = if c[3].is_empty() { 1000.0 } else { 1024.0 };
    let power = match c[2].to_ascii_lowercase().as_str() {
        "k" => 1,
        "m" => 2,
        "g" => 3,
        "t" => 4,
        "p" => 5,
        _ => 0,
    };
    let months = match c[4].to_ascii_lowercase().as_str() {
        "day" => 1.0 / DAYS_PER_MONTH,
        "week" => 7.0 / DAYS_PER_MONTH,
        "month" => 1.0,
        _ => 12.0,
    };
    Some(n * base.powi(power) / months)
}

/// The growth check of `graph`'s model, when it states a growth archgen can read.
pub(super) fn derive(graph: &Graph, capacity: &Capacity, created: &[Creation]) -> Option<Growth> {
    let declared = graph.model.requirements.scale.data_growth.trim();
    let declared_bytes = per_month(declared)?;
    let stated_days = graph.model.requirements.capacity.days_per_month;
    let days = stated_days.unwrap_or(DAYS_PER_MONTH);
    let mut records: Vec<Records> = created
        .iter()
        .filter_map(|c| {
            let load = capacity.events.iter().find(|e| e.event == c.event)?;
            let owner = graph
                .events
                .iter()
                .find(|e| e.name == c.event)?
                .publisher
                .clone();
            let per_day = load.per_day * c.share;
            let per_month = per_day * days;
            let record_bytes = load.bytes.saturating_sub(ENVELOPE_BYTES);
            (per_month > 0.0).then(|| Records {
                event: c.event.clone(),
                owner,
                key: c.key.clone(),
                flows: c.flows.clone(),
                per_day,
                share: c.share,
                per_month,
                record_bytes,
                bytes: per_month * f64::from(record_bytes),
                allowed_bytes: declared_bytes / per_month,
                retained_bytes: load.retained_bytes,
                retention_hours: load.retention_hours,
            })
        })
        .collect();
    // The largest first: the finding names it.
    records.sort_by(|a, b| b.bytes.total_cmp(&a.bytes));
    let needed_bytes = records.iter().fold(0.0, |sum, r| sum + r.bytes);
    Some(Growth {
        declared: declared.to_owned(),
        declared_bytes,
        over: needed_bytes > declared_bytes,
        records,
        needed_bytes,
        days_per_month: days,
        days_stated: stated_days.is_some(),
    })
}

#[cfg(test)]
mod tests {
    use super::per_month;

    #[test]
    fn growths_read_in_bytes_a_month() {
        assert_eq!(per_month("40 GB per month"), Some(40e9));
        assert_eq!(per_month("2 GiB/month"), Some(2.0 * 1024f64.powi(3)));
        assert_eq!(per_month("1,000 MB a day"), Some(1e9 * 30.0));
        assert_eq!(per_month("1.2 TB per year"), Some(1.2e12 / 12.0));
        assert_eq!(per_month("modest"), None);
        assert_eq!(per_month("40 GB"), None);
    }
}
