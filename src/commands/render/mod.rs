//! `archgen render`: model in, documents out, people's edits kept.

mod report;

use super::{Exit, Verbosity};
use crate::cli::{RenderArgs, TemplatesArg};
use crate::project::{self, Project};
use std::path::Path;

pub(super) fn run(args: &RenderArgs, verbosity: Verbosity) -> anyhow::Result<Exit> {
    let project_options = options(&args.templates, args.out.as_deref());
    // Nothing changed since the last render: say so without compiling a template.
    if !(args.dry_run || args.diff || args.restore) {
        if let Some(unchanged) = project::unchanged(&args.model.model, &project_options) {
            report::unchanged(&unchanged, verbosity);
            return Ok(Exit::Ok);
        }
    }
    let project = Project::open(&args.model.model, &project_options)?;
    let options = Options {
        dry_run: args.dry_run,
        diff: args.diff,
        restore: args.restore,
    };
    render(project, options, verbosity)
}

/// The project's options from the `--templates` and `--out` flags.
pub(super) fn options(templates: &TemplatesArg, out: Option<&Path>) -> project::Options {
    project::Options {
        templates: templates.templates.clone(),
        out: out.map(Path::to_owned),
        builtin: templates.builtin,
    }
}

/// How a render runs.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Options {
    /// Write nothing; list every file.
    pub dry_run: bool,
    /// Print each changed file's diff.
    pub diff: bool,
    /// Bring back files a person deleted.
    pub restore: bool,
}

/// Renders `project` into its output folder, merging people's edits, and reports.
pub(super) fn render(
    project: Project,
    options: Options,
    verbosity: Verbosity,
) -> anyhow::Result<Exit> {
    let site = (!options.dry_run && project.builds_site()).then(|| project.out.clone());
    let rendered = if options.dry_run {
        project.plan(options.restore)?
    } else {
        project.render(options.restore, &super::check::clean)?
    };
    let exit = report::report(&rendered, options, verbosity);
    if let Some(docs) = site {
        super::site::after_render(&docs, &rendered.view, verbosity)?;
    }
    Ok(exit)
}
