//! archgen's integration tests: the real binary, run in temporary folders.

mod adr;
mod check;
mod cli;
mod errors;
mod escaping;
mod examples;
mod interview;
mod living;
mod new;
mod pty;
mod render;
mod script;
mod templates;
mod support;
