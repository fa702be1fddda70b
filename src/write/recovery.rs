//! Crash consistency of the tracked state. A render first records what it is about to do in
//! `.archgen/pending/` (the new merge bases and a record of the new manifest, the hash of each
//! document it writes and the documents it removes), then writes the documents, then moves
//! the bases into `base/` and the manifest into place, and deletes the record.
//!
//! A run killed anywhere leaves either no record (nothing was touched yet, or everything is
//! done) or a record. With a record, each document tells which side of its own write it is
//! on: if it holds the text the run meant to write, the run's base and record for it hold;
//! otherwise the previous ones do. That mix is exactly the state of a run that wrote those
//! documents only, so the next render plans from it as from any finished run, and what it
//! keeps as a person's edits are only real edits.

use super::state::{DIR, FileRecord, State, hash};
use anyhow::Context as _;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const PENDING: &str = "pending";
const RECORD: &str = "record.yaml";

/// What a render is about to do, written before it touches any document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pending {
    /// The manifest once the render is done.
    pub state: State,
    /// The SHA-256 of the text written to each document, by output-relative path.
    #[serde(default)]
    pub written: BTreeMap<String, String>,
    /// The documents removed.
    #[serde(default)]
    pub removed: Vec<String>,
}

/// The state after an interrupted render, worked out without writing.
#[derive(Debug, Clone)]
pub struct Recovered {
    /// The manifest as if the run had written only the documents it did.
    pub state: State,
    /// Documents whose merge base is the run's, still under `pending/base/`.
    pub pending_bases: BTreeSet<String>,
    /// Documents the run removed, whose records and bases go.
    pub gone: Vec<String>,
}

fn pending_dir(root: &Path) -> PathBuf {
    root.join(DIR).join(PENDING)
}

/// The relative path under `root` of `rel`'s base in the pending record.
pub(super) fn pending_base(rel: &str) -> String {
    format!("{DIR}/{PENDING}/base/{rel}")
}

/// Records `pending` and the new `bases`, before any document is written. Called under the
/// lock with no record left (see [`settle`]), so what `pending/` holds is a dead run's bases
/// from before its record: they go first.
pub(super) fn begin(root: &Path, pending: &Pending, bases: &[(&str, &str)]) -> anyhow::Result<()> {
    remove_pending(root)?;
    let staged: Vec<(String, &str)> = bases.iter().map(|(r, t)| (pending_base(r), *t)).collect();
    let staged: Vec<(&str, &str)> = staged.iter().map(|(p, t)| (p.as_str(), *t)).collect();
    super::write_all(root, &staged)?;
    let body = serde_yaml::to_string(pending).context("failed to serialize the pending record")?;
    super::write_all(root, &[(&format!("{DIR}/{PENDING}/{RECORD}"), &body)])
}

/// After the documents are written: the bases and the manifest take their place.
pub(super) fn finish(root: &Path, pending: &Pending) -> anyhow::Result<()> {
    let all: BTreeSet<String> = pending.state.files.keys().cloned().collect();
    apply(
        root,
        &Recovered {
            state: pending.state.clone(),
            pending_bases: all,
            gone: pending.removed.clone(),
        },
    )
}

/// The state an interrupted render left, if one did; `old` is the manifest as it is.
pub fn recovered(root: &Path, old: &State) -> anyhow::Result<Option<Recovered>> {
    let path = pending_dir(root).join(RECORD);
    let Some(text) = super::read_text(&path)? else {
        return Ok(None);
    };
    let pending: Pending = serde_yaml::from_str(&text).map_err(|e| {
        anyhow::anyhow!(
            "failed to read `{}`: {e}\nhelp: it records a render that was interrupted; delete the folder `{}` and run `archgen render` again",
            path.display(),
            pending_dir(root).display()
        )
    })?;
    let out = root.join(&pending.state.output);
    let disk_hash = |rel: &str| -> anyhow::Result<Option<String>> {
        Ok(super::read_text(&out.join(rel))?.map(|t| hash(&t)))
    };
    let mut files: BTreeMap<String, FileRecord> = BTreeMap::new();
    let mut pending_bases = BTreeSet::new();
    for (rel, record) in &pending.state.files {
        let took = match pending.written.get(rel) {
            Some(written) => disk_hash(rel)?.as_ref() == Some(written),
            None => true,
        };
        if took {
            files.insert(rel.clone(), record.clone());
            if root.join(pending_base(rel)).is_file() {
                pending_bases.insert(rel.clone());
            }
        } else if let Some(before) = old.files.get(rel) {
            files.insert(rel.clone(), before.clone());
        }
    }
    let mut gone = Vec::new();
    for rel in &pending.removed {
        if disk_hash(rel)?.is_none() {
            gone.push(rel.clone());
        } else if let Some(before) = old.files.get(rel) {
            files.insert(rel.clone(), before.clone());
        }
    }
    Ok(Some(Recovered {
        state: State {
            files,
            ..pending.state
        },
        pending_bases,
        gone,
    }))
}

/// Finishes what an interrupted render left, so the state on disk is a finished run's.
pub fn settle(root: &Path, old: &State) -> anyhow::Result<bool> {
    match recovered(root, old)? {
        Some(r) => apply(root, &r).map(|()| true),
        None => Ok(false),
    }
}

/// Moves the chosen pending bases into `base/`, forgets the removed documents' bases, writes
/// the manifest and deletes the record, in that order: a run killed in between leaves a
/// record that still settles the same way.
fn apply(root: &Path, r: &Recovered) -> anyhow::Result<()> {
    let base = root.join(DIR).join("base");
    for rel in &r.pending_bases {
        let from = root.join(pending_base(rel));
        if !from.is_file() {
            continue;
        }
        super::check_no_symlink(&base, rel)?;
        let to = base.join(rel);
        if let Some(dir) = to.parent() {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("failed to create the folder `{}`", dir.display()))?;
        }
        std::fs::rename(&from, &to)
            .with_context(|| format!("failed to move `{}` into place", from.display()))?;
    }
    for rel in &r.gone {
        super::remove(&base, rel)?;
    }
    super::state::write_manifest(root, &r.state)?;
    remove_pending(root)
}

fn remove_pending(root: &Path) -> anyhow::Result<()> {
    let dir = pending_dir(root);
    match std::fs::remove_dir_all(&dir) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e).with_context(|| format!("failed to remove `{}`", dir.display())),
    }
}
