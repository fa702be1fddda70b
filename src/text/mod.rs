//! Text derived from user text, with no knowledge of the model: safe names and slugs, plurals,
//! and escaping for every place a string can land (YAML, Markdown, Mermaid, GraphQL, proto).

pub mod english;
pub mod escape;
pub mod names;
pub mod numbers;
pub mod tense;

use serde::Serialize;

/// A kebab-case enum value as the model spells it (`DeployStrategy::BlueGreen` is
/// `blue-green`); empty for a value that is not a plain word.
pub fn word<T: Serialize>(value: T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}
