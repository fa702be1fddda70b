//! The documents as templates refer to them, and the recommendations that apply: the parts of
//! the view that come from the template pack rather than the model.

use serde::Serialize;

/// A document as templates refer to it.
#[derive(Debug, Clone, Serialize)]
pub struct DocRef {
    /// Output-relative path with `/` separators.
    pub path: String,
    /// Title.
    pub title: String,
}

/// A document in an index.
#[derive(Debug, Clone, Serialize)]
pub struct DocEntry {
    /// Manifest id.
    pub id: String,
    /// Output-relative path.
    pub path: String,
    /// Title.
    pub title: String,
    /// What it is for.
    pub description: String,
}

/// A recommendation that applies to this model.
#[derive(Debug, Clone, Serialize)]
pub struct Recommendation {
    /// The rule's id.
    pub rule: String,
    /// The area.
    pub area: String,
    /// What to use.
    pub recommend: String,
    /// Why.
    pub rationale: String,
    /// Alternatives.
    pub alternatives: Vec<String>,
}
