//! The `archgen` binary: parse the arguments, run, print the error chain, exit.

use anstream::eprintln;
use archgen::commands::{self, Exit, style};
use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    reset_sigpipe();
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

/// Dies quietly when a reader such as `head` closes the pipe, as command-line tools do, instead
/// of panicking on the failed write.
fn reset_sigpipe() {
    #[cfg(unix)]
    // SAFETY: restoring the default disposition of SIGPIPE before any thread starts.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}
