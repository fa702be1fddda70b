//! Each subcommand, taking validated arguments and returning an exit code.

mod new;
mod render;

use crate::cli::{Cli, ColorChoice, Command};
use clap::CommandFactory;
use std::process::ExitCode;

/// Exit codes, as documented in `--help`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Success.
    Ok = 0,
    /// Problems found.
    Problems = 1,
    /// Bad usage or bad input.
    Usage = 2,
    /// Stopped by Ctrl-C.
    Interrupted = 130,
}

impl From<Exit> for ExitCode {
    fn from(e: Exit) -> ExitCode {
        ExitCode::from(e as u8)
    }
}

/// How chatty output is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verbosity {
    /// Errors only.
    Quiet,
    /// A summary.
    Normal,
    /// Every file.
    Verbose,
}

/// Runs one command line.
pub fn run(cli: Cli) -> anyhow::Result<Exit> {
    match cli.global.color {
        ColorChoice::Always => anstream::ColorChoice::Always.write_global(),
        ColorChoice::Never => anstream::ColorChoice::Never.write_global(),
        ColorChoice::Auto => {}
    }
    let verbosity = if cli.global.quiet {
        Verbosity::Quiet
    } else if cli.global.verbose {
        Verbosity::Verbose
    } else {
        Verbosity::Normal
    };
    let color = match cli.global.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    };
    match cli.command {
        Command::New(args) => new::run(&args, verbosity, false, color),
        Command::Edit(args) => new::run(&args, verbosity, true, color),
        Command::Render(args) => render::run(&args, verbosity),
        Command::View(args) => {
            let loaded = crate::load::load(&args.model.model)?;
            let renderer = renderer(&loaded, &args.templates)?;
            let view = renderer.view(&loaded.model)?;
            println!("{}", serde_json::to_string_pretty(&view)?);
            Ok(Exit::Ok)
        }
        Command::Schema => {
            let schema = crate::schema::editor_schema();
            println!("{}", serde_json::to_string_pretty(&schema)?);
            Ok(Exit::Ok)
        }
        Command::Completions { shell } => {
            clap_complete::generate(
                shell,
                &mut Cli::command(),
                "archgen",
                &mut std::io::stdout(),
            );
            Ok(Exit::Ok)
        }
        Command::Man => {
            clap_mangen::Man::new(Cli::command()).render(&mut std::io::stdout())?;
            Ok(Exit::Ok)
        }
    }
}

/// The renderer for a model: the `--templates` pack, else the model's `templates`, else the
/// built-ins.
pub fn renderer(loaded: &crate::load::Loaded, flag: &crate::cli::TemplatesArg) -> anyhow::Result<crate::render::Renderer> {
    let dir = match (&flag.templates, &loaded.model.templates) {
        (Some(dir), _) => Some(dir.clone()),
        (None, Some(rel)) => Some(loaded.path.parent().unwrap_or(std::path::Path::new("")).join(rel)),
        (None, None) => None,
    };
    let pack = dir.as_deref().map(crate::templates::pack::Pack::load).transpose()?;
    crate::render::Renderer::with_pack(pack.as_ref())
}

/// Styles for terminal output.
pub mod style {
    use anstyle::{AnsiColor, Style};
    /// `error:`.
    pub const ERROR: Style = AnsiColor::Red.on_default().bold();
    /// A path or name.
    pub const NAME: Style = Style::new().bold();
    /// Something new or good.
    pub const GOOD: Style = AnsiColor::Green.on_default();
    /// Something changed.
    pub const CHANGED: Style = AnsiColor::Yellow.on_default();
    /// Something that needs a look.
    pub const WARN: Style = AnsiColor::Yellow.on_default().bold();
    /// Less important text.
    pub const DIM: Style = Style::new().dimmed();
}
