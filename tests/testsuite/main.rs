//! archgen's integration tests: the real binary, run in temporary folders.

mod cli;
mod errors;
mod escaping;
mod examples;
mod interview;
mod render;
mod script;
mod support;
