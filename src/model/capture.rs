//! Change data capture: a data store whose committed changes a connector reads from the
//! database's own change log (binlog, write-ahead log, change stream) and publishes as events,
//! with no code in the owning service between the commit and the broker.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The change data capture of one data store.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Capture {
    /// The connector that reads the store's change log, e.g. `Debezium` (Kafka Connect) or
    /// `Debezium Server` (to a broker other than Kafka).
    pub tool: String,
    /// The broker the captured events are published to; defaults to the only broker.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub broker: Option<String>,
    /// The events the connector publishes, by name; each is declared with its fields under the
    /// owning service's `publishes` (the store's owner owns the event, the log produces it).
    pub events: Vec<String>,
    /// The tables (or collections) whose changes are captured, e.g. `[invoices]`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tables: Vec<String>,
    /// Committed row changes a second to the captured tables at peak: each becomes one of the
    /// `events`, so it sets their rate; unstated, the captured topics carry no counted load
    /// and the documents say so.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0.0))]
    pub changes_per_s: Option<f64>,
    /// The percent of those changes each event carries, e.g. `{ShiftChanged: 99,
    /// ClinicChanged: 1}` where rosters change daily and clinics rarely; the events it leaves
    /// out split what is left evenly, an assumption the documents list.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub shares: std::collections::BTreeMap<String, f64>,
}
