//! The fast answer for a project nothing touched since its last render. A render records what
//! it was made from (archgen's version, the model's and the pack's hashes), a hash of the output
//! folder as it left it, and whether `check` would find anything then; when all of that still
//! holds, `check` and `render` answer from the record without compiling a template.

use super::{Options, Rendered};
use crate::templates::pack::Pack;
use crate::write::lock::Lock;
use crate::write::state::{self, Made};
use crate::write::tracked::Status;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// What `--verbose` says when a command answered from the record.
pub const UNCHANGED_NOTE: &str = "the model, the templates, archgen and every file in the output folder are as the last render left them, so this answer comes from `.archgen/manifest.yaml` without rendering";

/// A project whose documents are what a render gives, with nothing for `check` to report.
#[derive(Debug, Clone)]
pub struct Unchanged {
    /// The output folder.
    pub out: PathBuf,
    /// Every file the model generates, output-relative, and whether a person owns it.
    pub files: Vec<(String, bool)>,
}

/// Whether the model at `model`, rendered with `options`, would leave its tracked output
/// folder as it is and pass `check`: `None` when anything differs from the last render's
/// record (or when reading it fails: the full path then reports what is wrong).
pub fn unchanged(model: &Path, options: &Options) -> Option<Unchanged> {
    let root = model.parent().unwrap_or(Path::new(""));
    let recorded = state::read(root).ok()??;
    let made = recorded.made.as_ref()?;
    if !made.clean || made.archgen != env!("CARGO_PKG_VERSION") {
        return None;
    }
    if state::hash_bytes(&std::fs::read(model).ok()?) != made.model {
        return None;
    }
    // The model is the one rendered, so its `templates` and `output` are too: only a flag can
    // ask for another pack or folder.
    let pack = match (&options.templates, options.builtin) {
        (Some(dir), _) => Some(state::from_model_folder(model, dir).ok()?),
        (None, true) => None,
        (None, false) => recorded.templates.clone(),
    };
    if pack != recorded.templates {
        return None;
    }
    let pack_now = match &pack {
        Some(dir) => Some(pack_hash(&root.join(dir)).ok()?),
        None => None,
    };
    if pack_now != made.pack {
        return None;
    }
    // A folder outside the model's comes with a note the full path gives.
    if recorded.output.starts_with("..") {
        return None;
    }
    let out = match &options.out {
        Some(out) if state::from_model_folder(model, out).ok()? != recorded.output => return None,
        Some(out) => out.clone(),
        None => root.join(&recorded.output),
    };
    if texts_hash(&crate::write::read_folder(&out).ok()?) != made.folder {
        return None;
    }
    Some(Unchanged {
        out,
        files: recorded
            .files
            .iter()
            .map(|(path, r)| (path.clone(), r.owned))
            .collect(),
    })
}

/// Whether `check` finds nothing in a render just finished, given the output folder's files as
/// it left them (`check` sits above this layer, so the command passes it in).
pub type Clean<'a> = &'a dyn Fn(&Rendered, &BTreeMap<String, String>) -> bool;

/// Records what the render `rendered` was made from, when its folder is tracked and every
/// file it recorded is one the model generates (none kept, skipped, in conflict or in the
/// way); `lock` is the render's, still held.
pub(super) fn remember(
    rendered: &Rendered,
    pack: Option<&Path>,
    clean: Clean,
    lock: &Lock,
) -> anyhow::Result<()> {
    let sync = &rendered.sync;
    let Some(tracking) = &sync.tracking else {
        return Ok(());
    };
    if sync.changes.iter().any(|c| match c.status {
        Status::Removed => false,
        Status::Conflict | Status::Foreign | Status::Skipped => true,
        _ => c.generated.is_none(),
    }) {
        return Ok(());
    }
    let files = crate::write::read_folder(&sync.root)?;
    let made = Made {
        archgen: env!("CARGO_PKG_VERSION").into(),
        model: state::hash_bytes(&std::fs::read(&rendered.loaded.path)?),
        pack: pack.map(pack_hash).transpose()?,
        folder: texts_hash(&files),
        clean: clean(rendered, &files),
    };
    state::remember(&tracking.root, made, lock)
}

/// The hash of the pack in `dir`: every file's path and bytes.
fn pack_hash(dir: &Path) -> anyhow::Result<String> {
    let files = Pack::files(dir)?
        .into_iter()
        .map(|(rel, path)| Ok((rel, std::fs::read(path)?)))
        .collect::<std::io::Result<Vec<_>>>()?;
    Ok(state::folder_hash(
        files.iter().map(|(p, b)| (p.as_str(), b.as_slice())),
    ))
}

/// The hash of an output folder's text files as `check` reads them (`write::read_folder`):
/// what a render records and what a later command compares.
fn texts_hash(files: &BTreeMap<String, String>) -> String {
    state::folder_hash(files.iter().map(|(p, t)| (p.as_str(), t.as_bytes())))
}
