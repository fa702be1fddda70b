//! `archgen check`: are the committed documents what the model gives, and do they hang
//! together? Exit 0 when clean, 1 with findings, 2 when the model cannot be read.

use super::{Exit, Verbosity};
use crate::adr::relaxed;
use crate::check;
use crate::cli::{CheckArgs, Format};

pub(super) fn run(args: &CheckArgs, verbosity: Verbosity) -> anyhow::Result<Exit> {
    let options = super::render::options(&args.templates, args.out.as_deref());
    // Nothing changed since a render that `check` found clean: the same answer, without
    // rendering (what pre-commit hooks run on every commit).
    if matches!(args.format, Format::Text) {
        if let Some(unchanged) = crate::project::unchanged(&args.model.model, &options) {
            if verbosity == Verbosity::Verbose {
                anstream::eprintln!(
                    "{s}note:{s:#} {}",
                    crate::project::UNCHANGED_NOTE,
                    s = super::style::WARN
                );
            }
            if verbosity != Verbosity::Quiet {
                let subject = format!(
                    "`{}` and `{}`",
                    args.model.model.display(),
                    unchanged.out.display()
                );
                println!("{}", check::text(&[], &subject, unchanged.files.len()));
            }
            return Ok(Exit::Ok);
        }
    }
    // Duplicate ADR numbers are a finding here, not a reason to stop.
    let r = relaxed::load(&args.model.model)?;
    let spans = crate::load::Spans::index(&r.source);
    let prepared = crate::project::Project::from_loaded(r.loaded.clone(), &options)?.plan(false)?;
    let input = check::Input {
        model_file: r.loaded.path.display().to_string(),
        model: &prepared.loaded.model,
        view: &prepared.view,
        spans: &spans,
        duplicates: &r.duplicates,
        proposals: &prepared.proposals,
        sync: &prepared.sync,
    };
    let problems = check::run(&input)?;
    let checked = prepared
        .sync
        .changes
        .iter()
        .filter(|c| c.generated.is_some())
        .count();
    match args.format {
        Format::Json => println!("{}", check::json(&problems, checked, &prepared.view.review)),
        // `--quiet` keeps the all-clear to itself; problems are always printed.
        Format::Text if problems.is_empty() && verbosity == Verbosity::Quiet => {}
        Format::Text => {
            if let (Some(note), false) = (&prepared.note, verbosity == Verbosity::Quiet) {
                anstream::eprintln!("{s}note:{s:#} {note}", s = super::style::WARN);
            }
            let subject = format!(
                "`{}` and `{}`",
                r.loaded.path.display(),
                prepared.sync.root.display()
            );
            println!("{}", check::text(&problems, &subject, checked));
        }
    }
    Ok(if problems.is_empty() {
        Exit::Ok
    } else {
        Exit::Problems
    })
}

/// Whether `check` finds nothing in `rendered` just written, its output folder holding `files`:
/// every check but out-of-date documents, which a finished render leaves none of.
pub(super) fn clean(
    rendered: &crate::project::Rendered,
    files: &std::collections::BTreeMap<String, String>,
) -> bool {
    let spans = crate::load::Spans::index(&rendered.loaded.source);
    let input = check::Input {
        model_file: rendered.loaded.path.display().to_string(),
        model: &rendered.loaded.model,
        view: &rendered.view,
        spans: &spans,
        duplicates: &[],
        proposals: &[],
        sync: &rendered.sync,
    };
    check::design(&input, files).is_empty()
}
