//! Lints of rendered files, for the renderer (a team pack's output) and for `archgen check`
//! (documents as committed): OpenAPI structure, Mermaid node ids, relative Markdown links.
//! They read text only, knowing nothing of the model or the templates.

pub mod links;
pub mod mermaid;
pub mod openapi;

pub use links::links;
pub use openapi::openapi;
