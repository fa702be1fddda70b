//! `archgen render`: model in, documents out, people's edits kept. Also the safe render path
//! that `adr` takes after editing the model and that `check` compares the documents with.

use super::{Exit, Verbosity, style};
use crate::adr::facts::{self, Proposal};
use crate::cli::{RenderArgs, TemplatesArg};
use crate::load::Loaded;
use crate::write::state::{self, Located};
use crate::write::tracked::{self, Status, Sync};
use anstream::{eprintln, print, println};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub(super) fn run(args: &RenderArgs, verbosity: Verbosity) -> anyhow::Result<Exit> {
    let loaded = crate::load::load(&args.model.model)?;
    let options = Options { dry_run: args.dry_run, diff: args.diff, restore: args.restore };
    render(loaded, &args.templates, args.out.as_deref(), options, verbosity)
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
}

/// Works out a render of `loaded` (read from `source`) without writing anything.
pub(super) fn prepare(mut loaded: Loaded, source: &str, templates: &TemplatesArg, out_flag: Option<&Path>, restore: bool) -> anyhow::Result<Prepared> {
    let out = output_dir(&loaded.path, loaded.model.output.as_deref(), out_flag);
    let located = state::locate(&loaded.path, &out, out_flag.is_some())?;
    let renderer = super::renderer(&loaded, templates)?;
    let view = renderer.view(&loaded.model)?;
    let now = facts::facts(&loaded.model, &view);
    let (mut model_text, mut proposals) = (None, Vec::new());
    if let Located::Tracked(t) = &located {
        let mut changes = facts::changes(&now, &t.state.facts, &view);
        // A run interrupted after writing the model proposed these already.
        changes.retain(|c| !loaded.model.decisions.iter().any(|d| d.title == c.title()));
        if !changes.is_empty() {
            let (text, numbers) = facts::propose(source, &loaded.model, &changes)?;
            loaded.model = crate::load::parse(&text, &loaded.path.display().to_string())?;
            model_text = Some(text);
            proposals = numbers.into_iter().zip(changes).collect();
        }
    }
    let docs = renderer.render(&loaded.model)?;
    let once = |doc: &crate::render::Document| renderer.manifest().documents.iter().any(|d| d.id == doc.id && d.once);
    let note = match &located {
        Located::Untracked(note) => note.clone(),
        Located::Tracked(_) => None,
    };
    let sync = tracked::plan(&out, &docs, once, located, restore)?;
    Ok(Prepared { loaded, model_text, proposals, facts: facts::recorded(&now), sync, note })
}

/// Renders `loaded` into its output folder, merging people's edits, and reports.
pub(super) fn render(loaded: Loaded, templates: &TemplatesArg, out_flag: Option<&Path>, options: Options, verbosity: Verbosity) -> anyhow::Result<Exit> {
    let text = source(&loaded)?;
    let prepared = prepare(loaded, &text, templates, out_flag, options.restore)?;
    if !options.dry_run {
        if let Some(text) = &prepared.model_text {
            crate::write::file(&prepared.loaded.path, text)?;
        }
        crate::write::commit(&prepared.sync, &prepared.facts)?;
    }
    Ok(report(&prepared, options, verbosity))
}

fn report(p: &Prepared, options: Options, verbosity: Verbosity) -> Exit {
    let sync = &p.sync;
    if let (Some(note), false) = (&p.note, verbosity == Verbosity::Quiet) {
        eprintln!("{s}note:{s:#} {note}", s = style::WARN);
    }
    let listed = |s: Status| options.dry_run || verbosity == Verbosity::Verbose || !matches!(s, Status::New | Status::Updated | Status::Unchanged | Status::Owned);
    for c in sync.changes.iter().filter(|c| verbosity != Verbosity::Quiet && listed(c.status)) {
        let s = match c.status {
            Status::New | Status::Merged => style::GOOD,
            Status::Updated | Status::Removed => style::CHANGED,
            Status::Conflict | Status::Kept | Status::Skipped => style::WARN,
            Status::Unchanged | Status::Owned => style::DIM,
        };
        println!("{s}{:>9}{s:#}  {}{}", c.status.word(), c.path, why(c));
        if options.diff {
            print!("{}", crate::write::diff::unified(c));
        }
    }
    if verbosity != Verbosity::Quiet {
        let verb = if options.dry_run { "would propose" } else { "proposed" };
        for (n, proposal) in &p.proposals {
            let replaces = proposal.supersedes.map(|m| format!(", superseding ADR {m:04}")).unwrap_or_default();
            println!(
                "{b}{verb} ADR {n:04}{b:#} `{}` (status proposed{replaces}) in `{}`: the model changed {} from {} to {}; accept it with `archgen adr accept {n}`",
                proposal.title(),
                p.loaded.path.display(),
                proposal.fact.subject,
                proposal.old,
                proposal.fact.value,
                b = style::NAME
            );
        }
    }
    let conflicts = sync.conflicts();
    if !conflicts.is_empty() {
        let n = conflicts.len();
        let (files, verb) = if n == 1 { ("1 file", "has") } else { (&*format!("{n} files"), "have") };
        let verb = if options.dry_run { "would have" } else { verb };
        eprintln!("{s}error:{s:#} {files} {verb} conflicts between your edits and the model's changes:", s = style::ERROR);
        for (path, lines) in conflicts {
            let at = lines.first().map(|l| format!(":{l}")).unwrap_or_default();
            eprintln!("  {}{at}", sync.root.join(path).display());
        }
        if options.dry_run {
            eprintln!("help: render to write them with conflict markers, or make your edits agree with the model first");
        } else {
            eprintln!("help: in each, keep what should stay between `<<<<<<< your edits` and `>>>>>>> archgen`, delete the markers, then run `archgen check`");
        }
        return Exit::Problems;
    }
    if verbosity != Verbosity::Quiet {
        println!("{}", summary(sync, options.dry_run));
    }
    Exit::Ok
}

/// Why a file gets its status, for the listing.
fn why(c: &tracked::Change) -> &'static str {
    match c.status {
        Status::Merged => "  (your edits kept)",
        Status::Conflict if c.write.is_none() => "  (its conflict markers are not resolved yet)",
        Status::Conflict => "  (your edits overlap the model's changes)",
        Status::Kept if c.owned => "  (no longer generated; yours, so left in place)",
        Status::Kept => "  (no longer generated; edited, so left in place)",
        Status::Skipped => "  (you deleted it; `--restore` brings it back)",
        _ => "",
    }
}

/// The output folder: the flag, else the model's `output`, else the default, beside the model.
pub fn output_dir(model_path: &Path, from_model: Option<&str>, flag: Option<&Path>) -> PathBuf {
    if let Some(dir) = flag {
        return dir.to_owned();
    }
    let base = model_path.parent().unwrap_or(Path::new(""));
    base.join(from_model.unwrap_or(crate::model::DEFAULT_OUTPUT))
}

fn summary(sync: &Sync, dry_run: bool) -> String {
    let generated: Vec<&str> = sync.changes.iter().filter(|c| c.generated.is_some()).map(|c| c.path.as_str()).collect();
    let mut kinds = [0usize; 4];
    for path in &generated {
        let k = if path.starts_with("adr/") {
            2
        } else if path.ends_with(".mmd") {
            3
        } else if path.ends_with(".md") {
            0
        } else {
            1
        };
        kinds[k] += 1;
    }
    let names = ["documents", "API contracts", "ADRs", "diagrams"];
    let parts: Vec<String> = kinds.iter().zip(names).filter(|(n, _)| **n > 0).map(|(n, name)| format!("{n} {name}")).collect();
    let mut counts = format!(
        "{} new, {} updated, {} unchanged",
        sync.count(Status::New),
        sync.count(Status::Updated),
        sync.count(Status::Unchanged)
    );
    for status in [Status::Merged, Status::Removed, Status::Kept, Status::Skipped, Status::Owned] {
        let n = sync.count(status);
        if n > 0 {
            counts.push_str(&format!(", {n} {}", status.word()));
        }
    }
    let (lead, tail) = if dry_run { ("dry run: would render", "; nothing written") } else { ("rendered", "") };
    format!(
        "{b}{lead} {} files{b:#} into {b}{}{b:#} ({}): {counts}{tail}",
        generated.len(),
        sync.root.display(),
        parts.join(", "),
        b = style::NAME,
    )
}
