//! A render worked out up to its documents, built so that big models stay fast: the view is
//! serialized for templates once, and planning patches the document paths into it instead of
//! serializing it again.

use super::Planned;
use crate::view::View;
use serde::Serialize;
use std::collections::BTreeMap;
use tera::value::Key;
use tera::{Context, Value};

/// The view, what templates see of it, and the documents to render, from
/// [`Renderer::prepare`](super::Renderer::prepare).
pub struct Prepared {
    /// The view with recommendations and document paths filled in.
    pub(super) view: View,
    /// Exactly `Context::from_serialize(&view)`.
    pub(super) ctx: Context,
    /// The documents, in manifest order.
    pub(super) planned: Vec<Planned>,
}

impl Prepared {
    /// The view templates see.
    pub fn view(&self) -> &View {
        &self.view
    }

    /// The view, when the rest is no longer needed.
    pub fn into_view(self) -> View {
        self.view
    }
}

/// Serialized view items (services, flows or decisions) with each one's `docs` replaced by
/// `docs(fresh)`, without serializing the items again.
pub(super) fn with_docs<T: Serialize>(
    items: &Value,
    fresh: &[T],
    docs: impl Fn(&T) -> &BTreeMap<String, String>,
) -> Value {
    let Some(old) = items.as_array().filter(|a| a.len() == fresh.len()) else {
        return Value::from_serializable(fresh);
    };
    let patched: Vec<Value> = old
        .iter()
        .zip(fresh)
        .map(|(item, f)| match item.as_map() {
            // Replacing the value of a key keeps its place, so the order is as serialized.
            Some(map) if map.contains_key(&Key::Str("docs")) => {
                let mut map = map.clone();
                map.insert(Key::Str("docs"), Value::from_serializable(docs(f)));
                Value::from(map)
            }
            _ => Value::from_serializable(f),
        })
        .collect();
    Value::from(patched)
}
