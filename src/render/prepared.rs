//! A render worked out up to its documents: the view in its final form (recommendations and
//! document paths in it), what templates see of it, and the documents to render.

use super::plan::Planned;
use crate::view::View;
use tera::Context;

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
