//! A render worked out up to its documents, built so that big models stay fast: the view is
//! serialized for templates once, and planning patches the document paths into it instead of
//! serializing it again.

use super::plan::Planned;
use crate::view::View;
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
pub(super) fn with_docs<T>(
    items: &Value,
    fresh: &[T],
    docs: impl Fn(&T) -> &BTreeMap<String, String>,
) -> Value {
    // `items` is `fresh` serialized before planning, which fills in `docs` and nothing else.
    let old = items
        .as_array()
        .expect("the view's lists serialize as arrays");
    assert_eq!(old.len(), fresh.len(), "planning adds and removes no items");
    let patched: Vec<Value> = old
        .iter()
        .zip(fresh)
        .map(|(item, f)| {
            let mut map = item
                .as_map()
                .expect("view items are structs, which serialize as maps")
                .clone();
            // Set in place, so the keys keep the order `Context::from_serialize` gives them.
            let slot = map
                .get_mut(&Key::Str("docs"))
                .expect("services, flows and decisions all have a `docs` field");
            *slot = Value::from_serializable(docs(f));
            Value::from(map)
        })
        .collect();
    Value::from(patched)
}
