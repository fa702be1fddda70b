//! Checks of a rendered document set as a whole. Each returns every finding, located.

mod links;
mod openapi;

pub use links::links;
pub use openapi::openapi;
