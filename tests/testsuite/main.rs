//! archgen's integration tests: the real binary, run in temporary folders.

mod adr;
mod check;
mod cli;
mod consistency;
mod contracts;
mod ecosystem;
mod errors;
mod escaping;
mod examples;
mod flows;
mod hardening;
mod interview;
mod kickoff;
mod layers;
mod living;
mod living_files;
mod new;
mod packs;
mod pty;
mod recovery;
mod render;
mod rules_while_answering;
mod script;
mod support;
mod templates;
mod trust;
