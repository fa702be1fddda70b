//! The pipeline as one type, as mdBook's `MDBook` and zola's `Site` are: a project is opened
//! once (its model and the model's text, the template pack and the renderer compiled from it,
//! the output folder), then viewed, or rendered into a plan of every file that the caller
//! writes or checks. `render`, `check`, `adr` and `new` are thin commands over it.

mod pack;
mod unchanged;

pub use pack::{Recorded, find_pack, output_dir, pack_dir};
pub use unchanged::{Clean, UNCHANGED_NOTE, Unchanged, unchanged};

use crate::adr::facts::{self, Proposal};
use crate::load::Loaded;
use crate::render::Renderer;
use crate::view::View;
use crate::write;
use crate::write::lock::Lock;
use crate::write::state::{self, Located};
use crate::write::tracked::{self, Sync};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Where a project's parts come from besides its model: the flags that override it.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// A template pack folder, over the model's own `templates`.
    pub templates: Option<PathBuf>,
    /// An output folder, over the model's `output`.
    pub out: Option<PathBuf>,
    /// The built-in templates alone, not the pack the last render recorded.
    pub builtin: bool,
}

/// A model opened for rendering.
pub struct Project {
    /// The model, its file and its text.
    pub loaded: Loaded,
    /// The output folder.
    pub out: PathBuf,
    /// Whether `out` came from `--out` (a preview outside the model's folder is not tracked).
    out_from_flag: bool,
    /// The template pack, when there is one.
    pack: Option<PathBuf>,
    renderer: &'static Renderer,
    /// The flags it was opened with, to open it again when its model changed meanwhile.
    options: Options,
}

/// A render worked out in memory: what the model becomes and what happens to every file.
pub struct Rendered {
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
    pub view: View,
}

impl Project {
    /// Loads and checks the model at `model`, and compiles its template pack.
    pub fn open(model: &Path, options: &Options) -> anyhow::Result<Project> {
        Project::from_loaded(crate::load::load(model)?, options)
    }

    /// A project over a model already loaded (as `check` loads one with duplicate ADR
    /// numbers allowed).
    pub fn from_loaded(loaded: Loaded, options: &Options) -> anyhow::Result<Project> {
        let recorded = Recorded::read(&loaded.path)?;
        let pack = recorded.pack_dir(
            &loaded.path,
            loaded.model.templates.as_deref(),
            options.templates.as_deref(),
            options.builtin,
        );
        let renderer = renderer(&loaded, pack.as_deref())?;
        let out = recorded.output_dir(
            &loaded.path,
            loaded.model.output.as_deref(),
            options.out.as_deref(),
        );
        Ok(Project {
            loaded,
            out,
            out_from_flag: options.out.is_some(),
            pack,
            renderer,
            options: options.clone(),
        })
    }

    /// Whether its template pack asks every render to build the static site too.
    pub fn builds_site(&self) -> bool {
        self.renderer.builds_site()
    }

    /// The view templates see, document paths and recommendations included.
    pub fn view(&self) -> anyhow::Result<View> {
        self.renderer.view(&self.loaded.model)
    }

    /// Works out a render without writing anything: ADRs proposed for decisions the model
    /// changed (in a tracked folder), every document rendered, and each merged with the file
    /// on disk. `restore` brings back generated files a person deleted.
    pub fn plan(self, restore: bool) -> anyhow::Result<Rendered> {
        let Project {
            mut loaded,
            out,
            out_from_flag,
            pack,
            renderer,
            options: _,
        } = self;
        output_folder(&out)?;
        let mut located = state::locate(&loaded.path, &out, out_from_flag)?;
        if let Located::Tracked(t) = &mut located {
            t.pack = pack
                .as_deref()
                .map(|p| state::from_model_folder(&loaded.path, p))
                .transpose()?;
        }
        let mut work = renderer.prepare(&loaded.model)?;
        let now = facts::facts(&loaded.model, work.view());
        let (mut model_text, mut proposals) = (None, Vec::new());
        if let Located::Tracked(t) = &located {
            let mut changes = facts::changes(&now, &t.state.facts, work.view());
            // A run interrupted after writing the model proposed these already.
            changes.retain(|c| !loaded.model.decisions.iter().any(|d| d.title == c.title()));
            if !changes.is_empty() {
                let (text, numbers) = facts::propose(&loaded.source, &loaded.model, &changes)?;
                loaded.model = crate::load::parse(&text, &loaded.path.display().to_string())?;
                loaded.source = text.clone();
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
            Located::Tracked(t) if t.state.output.starts_with("..") => Some(format!(
                "the output folder `{}` is outside the model's folder; archgen records it in `{}` and writes there only files it wrote before or that do not exist yet",
                out.display(),
                t.root.join(state::DIR).display()
            )),
            Located::Tracked(_) => None,
        };
        let sync = tracked::plan(&out, &docs, once, located, restore)?;
        Ok(Rendered {
            loaded,
            model_text,
            proposals,
            facts: facts::recorded(&now),
            sync,
            note,
            view,
        })
    }

    /// [`Project::plan`], then writes it: the model with its proposed ADRs, and every file
    /// that changed, people's edits merged. The render lock is held from before the tracked
    /// state is read until it is written, and a render interrupted earlier is settled first.
    /// `clean` says whether `check` finds nothing in the result, for the record that lets an
    /// unchanged project be answered without rendering ([`unchanged()`]).
    pub fn render(self, restore: bool, clean: Clean) -> anyhow::Result<Rendered> {
        let (this, lock) = self.locked()?;
        this.write(restore, clean, lock)
    }

    /// Takes the render lock, and opens the model again if it changed while the lock was
    /// awaited (another render proposed ADRs in it, or someone saved it): a render that waited
    /// renders the model as it is now, and never writes back the text it read before.
    fn locked(mut self) -> anyhow::Result<(Project, Lock)> {
        loop {
            let lock = self.lock()?;
            let now = std::fs::read(&self.loaded.path).ok();
            if now.as_deref() == Some(self.loaded.source.as_bytes()) {
                return Ok((self, lock));
            }
            let newer = Project::open(&self.loaded.path, &self.options)?;
            let same_out = newer.out == self.out;
            self = newer;
            if same_out {
                return Ok((self, lock));
            }
        }
    }

    fn write(self, restore: bool, clean: Clean, lock: Lock) -> anyhow::Result<Rendered> {
        let pack = self.pack.clone();
        let rendered = self.plan(restore)?;
        if let Some(text) = &rendered.model_text {
            crate::write::file(&rendered.loaded.path, text)?;
        }
        crate::write::commit(&rendered.sync, &rendered.facts, &lock)?;
        unchanged::remember(&rendered, pack.as_deref(), clean, &lock)?;
        Ok(rendered)
    }

    /// Takes the render lock of the output (its `.archgen` folder when tracked, else the
    /// output folder), then finishes the records of a render that was interrupted there.
    fn lock(&self) -> anyhow::Result<Lock> {
        output_folder(&self.out)?;
        match state::locate(&self.loaded.path, &self.out, self.out_from_flag)? {
            Located::Tracked(t) => {
                let lock = write::lock::acquire(&t.root.join(state::DIR), &self.out)?;
                let old = state::read(&t.root)?.unwrap_or_default();
                write::recovery::settle(&t.root, &old)?;
                Ok(lock)
            }
            Located::Untracked(_) => write::lock::acquire(&self.out, &self.out),
        }
    }
}

/// Fails when the output folder `out` is a file.
fn output_folder(out: &Path) -> anyhow::Result<()> {
    if out.exists() && !out.is_dir() {
        anyhow::bail!(
            "the output folder `{}` is a file\nhelp: pass another `--out`, or move the file away",
            out.display()
        );
    }
    Ok(())
}

/// The renderer for a model: the `templates` pack, else the model's own, else the built-ins;
/// the model's answers to the pack's own questions are checked here.
///
/// It lives until the process exits: a command builds one or two, and freeing a compiled
/// template set took 3 ms of a 25 ms render, work the operating system does for nothing at exit.
fn renderer(loaded: &Loaded, pack: Option<&Path>) -> anyhow::Result<&'static Renderer> {
    let pack = pack.map(crate::templates::pack::Pack::load).transpose()?;
    let renderer = Renderer::with_pack(pack.as_ref())?;
    let findings: Vec<crate::diagnostic::Finding> = renderer
        .check_extra(&loaded.model)?
        .into_iter()
        .map(|p| loaded.finding(&p.pointer, p.message, p.help))
        .collect();
    crate::diagnostic::Problems::new(format!("`{}`", loaded.path.display()), findings)
        .into_result()?;
    Ok(Box::leak(Box::new(renderer)))
}
