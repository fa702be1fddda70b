//! The `archgen` binary: parse the arguments, run, print the error chain, exit.

use anstream::eprintln;
use archgen::commands::{self, Exit, style};
use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = archgen::cli::Cli::parse();
    match commands::run(cli) {
        Ok(code) => code.into(),
        Err(e) => {
            eprintln!(
                "{s}error:{s:#} {}",
                archgen::error_chain(&e),
                s = style::ERROR
            );
            Exit::Usage.into()
        }
    }
}
