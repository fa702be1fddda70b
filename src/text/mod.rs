//! Text derived from user text, with no knowledge of the model: safe names and slugs, plurals,
//! and escaping for every place a string can land (YAML, Markdown, Mermaid, GraphQL, proto).

pub mod english;
pub mod escape;
pub mod names;
pub mod numbers;
pub mod tense;

pub use crate::model::variant;

use serde::Serialize;

/// A kebab-case enum value as the model spells it (`DeployStrategy::BlueGreen` is
/// `blue-green`), owned; empty for a value that is not a plain word. See [`variant`].
pub fn word<T: Serialize>(value: T) -> String {
    variant(&value).to_owned()
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
