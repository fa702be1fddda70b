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

/// Whether two HTTP paths are the same, a `{param}` in either matching any one segment.
pub fn same_path(a: &str, b: &str) -> bool {
    let segments = |p: &str| -> Vec<String> {
        p.split('/')
            .filter(|s| !s.is_empty())
            .map(str::to_lowercase)
            .collect()
    };
    let (a, b) = (segments(a), segments(b));
    let param = |s: &str| s.starts_with('{') && s.ends_with('}') || s.starts_with(':');
    a.len() == b.len()
        && a.iter()
            .zip(&b)
            .all(|(x, y)| x == y || param(x) || param(y))
}
