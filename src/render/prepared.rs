//! A render worked out up to its documents, built so that big models stay fast: the view is
//! serialized for templates once (planning patches the document paths into it instead of
//! serializing it again), and what [`Renderer::view`](super::Renderer::view) worked out is kept
//! for the render of the same model that usually follows it.

use super::Planned;
use crate::model::Model;
use crate::view::View;
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::Mutex;
use tera::value::Key;
use tera::{Context, Value};

/// The view, what templates see of it, and the documents to render.
pub(super) struct Prepared {
    /// The view with recommendations and document paths filled in (handed out once, by
    /// [`Renderer::view`](super::Renderer::view); the render needs only `ctx`).
    pub view: Option<View>,
    /// Exactly `Context::from_serialize(&view)`.
    pub ctx: Context,
    /// The documents, in manifest order.
    pub planned: Vec<Planned>,
}

/// The last render prepared for `Renderer::view`, with the model it is for.
#[derive(Default)]
pub(super) struct Last(Mutex<Option<(Model, Prepared)>>);

impl Last {
    /// Keeps `prepared` for a later [`Last::take`] of the same model.
    pub fn keep(&self, model: &Model, prepared: Prepared) {
        if let Ok(mut last) = self.0.lock() {
            *last = Some((model.clone(), prepared));
        }
    }

    /// What was kept for `model`, if anything; it is handed out once.
    pub fn take(&self, model: &Model) -> Option<Prepared> {
        let mut last = self.0.lock().ok()?;
        match last.take() {
            Some((m, prepared)) if m == *model => Some(prepared),
            _ => None,
        }
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
