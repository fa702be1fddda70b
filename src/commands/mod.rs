//! Each subcommand, taking validated arguments and returning an exit code.

mod adr;
mod check;
mod new;
mod render;
mod site;
mod templates;

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
        Command::Check(args) => check::run(&args, verbosity),
        Command::Site(args) => site::run(&args, verbosity),
        Command::Adr(args) => adr::run(&args, verbosity),
        Command::View(args) => {
            let options = render::options(&args.templates, None);
            let view = crate::project::Project::open(&args.model.model, &options)?.view()?;
            println!("{}", serde_json::to_string_pretty(&view)?);
            Ok(Exit::Ok)
        }
        Command::Schema(args) => {
            let model_path = args
                .model
                .clone()
                .unwrap_or_else(|| crate::model::DEFAULT_MODEL.into());
            let from_model = crate::write::read_text(&model_path)?
                .and_then(|text| {
                    crate::load::parse_shape(&text, &model_path.display().to_string()).ok()
                })
                .and_then(|m| m.templates);
            let flag = args.templates.templates.as_deref();
            let pack = crate::project::Recorded::read(&model_path)?
                .pack_dir(
                    &model_path,
                    from_model.as_deref(),
                    flag,
                    args.templates.builtin,
                )
                .as_deref()
                .map(crate::templates::pack::Pack::load)
                .transpose()?;
            let questions = pack.map(|p| p.config.questions).unwrap_or_default();
            let schema = crate::templates::questions::editor_schema(&questions);
            println!("{}", serde_json::to_string_pretty(&schema)?);
            Ok(Exit::Ok)
        }
        Command::Templates(cmd) => templates::run(&cmd, verbosity),
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
            crate::cli::man(&mut std::io::stdout())?;
            Ok(Exit::Ok)
        }
    }
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
