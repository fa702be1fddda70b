//! `archgen render`: model in, documents out, people's edits kept. Also the safe render path
//! that `adr` takes after editing the model and that `check` compares the documents with.

mod report;

use super::{Exit, Verbosity};
use crate::adr::facts::{self, Proposal};
use crate::cli::{RenderArgs, TemplatesArg};
use crate::load::Loaded;
use crate::write::state::{self, Located};
use crate::write::tracked::{self, Sync};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub(super) fn run(args: &RenderArgs, verbosity: Verbosity) -> anyhow::Result<Exit> {
    let loaded = crate::load::load(&args.model.model)?;
    let options = Options {
        dry_run: args.dry_run,
        diff: args.diff,
        restore: args.restore,
    };
    render(
        loaded,
        &args.templates,
        args.out.as_deref(),
        options,
        verbosity,
    )
}

/// The model file's text, for edits in place.
pub(super) fn source(loaded: &Loaded) -> anyhow::Result<String> {
    Ok(crate::write::read_text(&loaded.path)?.unwrap_or_default())
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

/// A render worked out in memory.
pub(super) struct Prepared {
    /// The model, with any proposed ADRs added.
    pub loaded: Loaded,
    /// The model's new text when ADRs were proposed.
    pub model_text: Option<String>,
    /// The proposed ADRs with their numbers.
    pub proposals: Vec<(u32, Proposal)>,
    /// The decisions the model records now.
    pub facts: BTreeMap<String, String>,
    /// Every file and what happens to it.
    pub sync: Sync,
    /// Why the folder is not tracked, when it is worth saying.
    pub note: Option<String>,
    /// The view the documents were rendered from.
    pub view: crate::view::View,
}

/// Works out a render of `loaded` (read from `source`) without writing anything.
pub(super) fn prepare(
    mut loaded: Loaded,
    source: &str,
    templates: &TemplatesArg,
    out_flag: Option<&Path>,
    restore: bool,
) -> anyhow::Result<Prepared> {
    let out = output_dir(&loaded.path, loaded.model.output.as_deref(), out_flag);
    if out.exists() && !out.is_dir() {
        anyhow::bail!(
            "the output folder `{}` is a file\nhelp: pass another `--out`, or move the file away",
            out.display()
        );
    }
    let located = state::locate(&loaded.path, &out, out_flag.is_some())?;
    let renderer = super::renderer(&loaded, templates)?;
    let mut work = renderer.prepare(&loaded.model)?;
    let now = facts::facts(&loaded.model, work.view());
    let (mut model_text, mut proposals) = (None, Vec::new());
    if let Located::Tracked(t) = &located {
        let mut changes = facts::changes(&now, &t.state.facts, work.view());
        // A run interrupted after writing the model proposed these already.
        changes.retain(|c| !loaded.model.decisions.iter().any(|d| d.title == c.title()));
        if !changes.is_empty() {
            let (text, numbers) = facts::propose(source, &loaded.model, &changes)?;
            loaded.model = crate::load::parse(&text, &loaded.path.display().to_string())?;
            model_text = Some(text);
            proposals = numbers.into_iter().zip(changes).collect();
            // The proposed ADRs are documents too.
            work = renderer.prepare(&loaded.model)?;
        }
    }
    let docs = renderer.render_prepared(&work)?;
    // The templates' context and the plan go before writing: 38 MB of the peak at 500 services.
    let view = work.into_view();
    let once = |doc: &crate::render::Document| {
        renderer
            .manifest()
            .documents
            .iter()
            .any(|d| d.id == doc.id && d.once)
    };
    let note = match &located {
        Located::Untracked(note) => note.clone(),
        Located::Tracked(_) => None,
    };
    let sync = tracked::plan(&out, &docs, once, located, restore)?;
    Ok(Prepared {
        loaded,
        model_text,
        proposals,
        facts: facts::recorded(&now),
        sync,
        note,
        view,
    })
}

/// Renders `loaded` into its output folder, merging people's edits, and reports.
pub(super) fn render(
    loaded: Loaded,
    templates: &TemplatesArg,
    out_flag: Option<&Path>,
    options: Options,
    verbosity: Verbosity,
) -> anyhow::Result<Exit> {
    let text = source(&loaded)?;
    let prepared = prepare(loaded, &text, templates, out_flag, options.restore)?;
    if !options.dry_run {
        if let Some(text) = &prepared.model_text {
            crate::write::file(&prepared.loaded.path, text)?;
        }
        crate::write::commit(&prepared.sync, &prepared.facts)?;
    }
    Ok(report::report(&prepared, options, verbosity))
}

/// The output folder: the flag, else the model's `output`, else the default, beside the model.
pub fn output_dir(model_path: &Path, from_model: Option<&str>, flag: Option<&Path>) -> PathBuf {
    if let Some(dir) = flag {
        return dir.to_owned();
    }
    let base = model_path.parent().unwrap_or(Path::new(""));
    base.join(from_model.unwrap_or(crate::model::DEFAULT_OUTPUT))
}
