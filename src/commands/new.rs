//! `archgen new` and `archgen edit`: the interview, then the model and the documents.

use super::{Exit, Verbosity, style};
use crate::cli::NewArgs;
use crate::interview::{self, Ending, Plan, draft, flow::Mode, terminal};
use crate::model::Model;
use anstream::{eprintln, println};
use anyhow::{Context as _, bail};
use std::path::Path;

/// Today's date, `YYYY-MM-DD`: the one place archgen reads the clock, when a model is created.
fn today() -> String {
    humantime::format_rfc3339(std::time::SystemTime::now()).to_string()[..10].to_owned()
}

pub(super) fn run(
    args: &NewArgs,
    verbosity: Verbosity,
    editing: bool,
    color: bool,
) -> anyhow::Result<Exit> {
    let path = args.model.model.as_path();
    let exists = path.exists();
    if editing && !exists {
        bail!(
            "there is no model at `{}` to edit\nhelp: run `archgen new` to create one, or pass `--model FILE`",
            path.display()
        );
    }
    let only = args
        .step
        .as_deref()
        .map(interview::step_index)
        .transpose()
        .map_err(anyhow::Error::msg)?;
    if args.defaults {
        return from_defaults(args, path, exists, verbosity);
    }
    if args.no_input || !terminal::is_interactive() {
        return without_terminal(args, path, exists, editing, verbosity);
    }

    let mut p = terminal::Terminal::new(color);
    let (model, start, answers) = starting_point(&mut p, path, exists)?;
    let original = if exists {
        crate::write::read_text(path)?
    } else {
        None
    };
    let mode = if args.quick { Mode::Quick } else { Mode::Full };
    let extra = pack_questions(path, &model, args)?;
    let plan = Plan { mode, only, start };
    match interview::resume(&mut p, model, plan, extra, answers)? {
        Ending::Write(mut model) => {
            if model.date.is_none() {
                model.date = Some(today());
            }
            let exit = write_and_render(args, &model, original, true, verbosity)?;
            draft::discard(path)?;
            Ok(exit)
        }
        Ending::Quit => {
            println!("Quit: nothing was written.");
            Ok(Exit::Ok)
        }
        Ending::Interrupted {
            model,
            step,
            answers,
        } => {
            let saved = draft::save(path, &model, step, &answers)?;
            eprintln!(
                "\nStopped. Your answers are saved in {}; run `archgen new` again to resume.",
                saved.display()
            );
            Ok(Exit::Interrupted)
        }
    }
}

/// `archgen new --defaults`: a model from defaults alone (and the pack's own defaults),
/// replacing one already there only with `--force`.
fn from_defaults(
    args: &NewArgs,
    path: &Path,
    exists: bool,
    verbosity: Verbosity,
) -> anyhow::Result<Exit> {
    if exists && !args.force {
        bail!(
            "`{}` already exists\nhelp: `archgen edit` revises it; add `--force` to replace it with defaults (the current one is kept in `.archgen/archgen.yaml.bak`)",
            path.display()
        );
    }
    let original = if exists {
        crate::write::read_text(path)?
    } else {
        None
    };
    let mut model = interview::defaults_model(Some(today()));
    let flag = args.templates.templates.as_deref();
    if let Some(pack) = crate::project::find_pack(path, None, flag)? {
        let dir = &pack.dir;
        // The pack's questions take their defaults too.
        crate::templates::questions::fill_defaults(&pack.config.questions, &mut model.extra);
        // Recorded so later renders use the same pack; a path relative to the model file,
        // which is the working folder's own unless `--model` points elsewhere.
        if path.parent().is_none_or(|p| p.as_os_str().is_empty()) && dir.is_relative() {
            model.templates = Some(dir.display().to_string());
        }
    }
    write_and_render(args, &model, original, false, verbosity)
}

/// With `--no-input`, checks and renders the model as written; without a terminal and
/// without it, says what to do instead.
fn without_terminal(
    args: &NewArgs,
    path: &Path,
    exists: bool,
    editing: bool,
    verbosity: Verbosity,
) -> anyhow::Result<Exit> {
    if !args.no_input && !args.model.explicit() {
        // With a model there, defaults would replace it: point to what keeps it.
        let help = if exists {
            format!(
                "edit `{0}` in any editor, then run `archgen render` (or `archgen new --model {0} --no-input`) to check and render it",
                path.display()
            )
        } else {
            "pass `--defaults` to write a model from defaults alone, or `--model FILE --no-input` to check and render a model you wrote".into()
        };
        bail!(
            "`archgen {}` asks questions, and there is no terminal to ask them in\nhelp: {help}",
            if editing { "edit" } else { "new" }
        );
    }
    // The same checks as `archgen render`: every missing or invalid answer at once.
    let loaded = crate::load::load(path).context("the model is not complete")?;
    render(args, loaded, verbosity)
}

/// The template pack's own questions, as interview nodes per step.
fn pack_questions(
    path: &Path,
    model: &Model,
    args: &NewArgs,
) -> anyhow::Result<Vec<Vec<crate::interview::flow::Node>>> {
    let flag = args.templates.templates.as_deref();
    let Some(pack) = crate::project::find_pack(path, model.templates.as_deref(), flag)? else {
        return Ok(Vec::new());
    };
    let renderer = std::rc::Rc::new(crate::render::Renderer::with_pack(Some(&pack))?);
    let questions = renderer.questions().to_vec();
    // A `when` that cannot be evaluated yet (an unfinished model) asks the question.
    let applies: crate::interview::extra::Applies =
        std::rc::Rc::new(move |m, q| renderer.question_applies(q, m).unwrap_or(true));
    Ok(crate::interview::extra::nodes(&questions, applies))
}

/// A resumed draft, the existing model, or a blank one.
fn starting_point(
    p: &mut terminal::Terminal,
    path: &Path,
    exists: bool,
) -> anyhow::Result<draft::Saved> {
    use crate::interview::prompt::{Answer, Prompt, Prompter, Reply};
    if let Some((model, step, answers)) = draft::load(path)? {
        let q = Prompt::Confirm {
            message: format!(
                "Resume the unfinished interview (stopped at step {} of 10{})?",
                step + 1,
                match answers.len() {
                    0 => String::new(),
                    n => format!(
                        ", after {}",
                        crate::text::numbers::count(n as f64, "answer", "answers")
                    ),
                }
            ),
            help: format!("No starts over and deletes {}.", draft::DRAFT),
            default: true,
        };
        match p.ask(&q)? {
            Answer::Reply(Reply::Yes(true)) => return Ok((model, step, answers)),
            Answer::Reply(_) => draft::discard(path)?,
            Answer::Back | Answer::Interrupt => {
                bail!("stopped before the interview began; the draft is kept")
            }
        }
    }
    if exists {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("failed to read `{}`", path.display()))?;
        let model = crate::load::parse_shape(&text, &path.display().to_string())?;
        p.say(&format!(
            "Revising {}: its answers are the defaults.",
            path.display()
        ));
        return Ok((model, 0, Vec::new()));
    }
    Ok((interview::blank(Some(today())), 0, Vec::new()))
}

/// Whether `merged` reads back as the model that serializes to `text`.
fn writes_as(merged: &str, text: &str) -> bool {
    crate::load::parse_shape(merged, "archgen.yaml")
        .is_ok_and(|m| crate::model::yaml::to_yaml(&m) == text)
}

/// Writes the model (keeping a copy of a hand-edited one) and renders the documents.
fn write_and_render(
    args: &NewArgs,
    model: &Model,
    original: Option<String>,
    revise: bool,
    verbosity: Verbosity,
) -> anyhow::Result<Exit> {
    let path = args.model.model.as_path();
    let mut text = crate::model::yaml::to_yaml(model);
    // A revised model goes into the old text in place, as the ADR commands edit it, so the
    // comments and formatting a person added stay; a full rewrite only when that cannot be done.
    let merged = original.as_deref().filter(|_| revise).and_then(|old| {
        // Only what the interview changed, so the serializer's defaults and number forms
        // leave the file's other lines alone; the whole model where that does not read back.
        let settled = crate::adr::yaml_settle::settled(old, &text)
            .and_then(|s| crate::adr::yaml_merge::merge(old, &s))
            .filter(|m| writes_as(m, &text));
        settled.or_else(|| crate::adr::yaml_merge::merge(old, &text))
    });
    if let Some(merged) = merged {
        text = merged;
    } else if let Some(old) = original.filter(|o| *o != text) {
        // Comments and formatting a person added are not kept by a rewrite: keep their file.
        let backup = path
            .parent()
            .unwrap_or(Path::new(""))
            .join(".archgen/archgen.yaml.bak");
        crate::write::file(&backup, &old)?;
        if verbosity != Verbosity::Quiet {
            println!(
                "Kept the previous model as {} (comments added by hand are not carried over).",
                backup.display()
            );
        }
    }
    crate::write::file(path, &text)?;
    if verbosity != Verbosity::Quiet {
        println!("{b}wrote{b:#} {}", path.display(), b = style::NAME);
    }
    let exit = render(args, crate::load::load(path)?, verbosity)?;
    if verbosity != Verbosity::Quiet && exit == Exit::Ok {
        println!(
            "\nNext: read {out}/README.md, commit {model} with the documents, and revise with `archgen edit` (or edit the YAML and run `archgen render`).",
            out = crate::project::output_dir(path, model.output.as_deref(), args.out.as_deref())
                .display(),
            model = path.display(),
        );
    }
    Ok(exit)
}

/// Renders the model as `archgen render` does, so documents people edited are merged, not
/// overwritten.
fn render(
    args: &NewArgs,
    loaded: crate::load::Loaded,
    verbosity: Verbosity,
) -> anyhow::Result<Exit> {
    let options = super::render::options(&args.templates, args.out.as_deref());
    let project = crate::project::Project::from_loaded(loaded, &options)?;
    super::render::render(project, super::render::Options::default(), verbosity)
}
