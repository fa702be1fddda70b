//! Carrying out a render's plan. In a tracked folder: the pending record first (the new bases
//! and manifest, see [`super::recovery`]), then the documents, each atomically, then the bases
//! and manifest into place. A run interrupted anywhere leaves every document old or new, and
//! the next run finishes the records so that they say which.

use super::lock::Lock;
use super::recovery::{self, Pending};
use super::state::{FileRecord, State, Tracking, hash};
use super::tracked::{Status, Sync};
use anyhow::Context as _;
use std::collections::BTreeMap;

/// Writes `sync` and, when the folder is tracked, records what was generated and `facts`;
/// `lock` is the render's, held for the whole render.
pub fn commit(sync: &Sync, facts: &BTreeMap<String, String>, lock: &Lock) -> anyhow::Result<()> {
    std::fs::create_dir_all(&sync.root)
        .with_context(|| format!("failed to create the folder `{}`", sync.root.display()))?;
    sweep(sync, lock);
    let writes: Vec<(&str, &str)> = sync
        .changes
        .iter()
        .filter_map(|c| Some((c.path.as_str(), c.write.as_deref()?)))
        .collect();
    let removed: Vec<&str> = sync
        .changes
        .iter()
        .filter(|c| c.status == Status::Removed)
        .map(|c| c.path.as_str())
        .collect();
    let Some(tracking) = &sync.tracking else {
        return documents(sync, &writes, &removed);
    };
    let (state, generated) = records(sync, tracking, facts);
    let mut bases = Vec::new();
    for (rel, text) in generated {
        if tracking.base(rel)?.as_deref() != Some(text) {
            bases.push((rel, text));
        }
    }
    if writes.is_empty() && removed.is_empty() && bases.is_empty() {
        if state != tracking.state || super::state::read(&tracking.root)?.is_none() {
            super::state::write_manifest(&tracking.root, &state)?;
        }
        return Ok(());
    }
    let pending = Pending {
        state,
        written: writes
            .iter()
            .map(|(rel, text)| (rel.to_string(), hash(text)))
            .collect(),
        removed: removed.iter().map(|r| r.to_string()).collect(),
    };
    recovery::begin(&tracking.root, &pending, &bases)?;
    crash_point::after("pending");
    documents(sync, &writes, &removed)?;
    crash_point::after("documents");
    recovery::finish(&tracking.root, &pending)
}

fn documents(sync: &Sync, writes: &[(&str, &str)], removed: &[&str]) -> anyhow::Result<()> {
    super::write_all(&sync.root, writes)?;
    for rel in removed {
        super::remove(&sync.root, rel)?;
    }
    Ok(())
}

/// The manifest after this render, and the generated text of each file whose base it keeps.
fn records<'a>(
    sync: &'a Sync,
    tracking: &Tracking,
    facts: &BTreeMap<String, String>,
) -> (State, Vec<(&'a str, &'a str)>) {
    let old = &tracking.state;
    let mut files = BTreeMap::new();
    let mut bases = Vec::new();
    for change in &sync.changes {
        let record = old.files.get(&change.path);
        let keep = || {
            record.cloned().map(|r| FileRecord {
                owned: r.owned || change.owned,
                ..r
            })
        };
        let next = match (change.status, &change.generated) {
            (Status::Removed | Status::Foreign, _) => None,
            (Status::Kept | Status::Skipped, _) => keep(),
            // Unresolved markers from an earlier render: the base they were merged from stays.
            (Status::Conflict, _) if change.write.is_none() => keep(),
            // A person's file: what archgen generated for it stays the record.
            (Status::Owned, Some(text)) => keep().or_else(|| {
                Some(FileRecord {
                    sha256: hash(text),
                    owned: true,
                })
            }),
            (_, Some(text)) => {
                bases.push((change.path.as_str(), text.as_str()));
                Some(FileRecord {
                    sha256: hash(text),
                    owned: change.owned,
                })
            }
            (_, None) => keep(),
        };
        if let Some(record) = next {
            files.insert(change.path.clone(), record);
        }
    }
    let state = State {
        version: 1,
        output: old.output.clone(),
        files,
        facts: facts.clone(),
        templates: tracking.pack.clone(),
        // Said again once the render is finished and checked (see `super::remember`).
        made: None,
    };
    (state, bases)
}

/// Deletes the temporary files dead runs left where this one writes: the documents' folders,
/// `.archgen` and the model's folder.
fn sweep(sync: &Sync, lock: &Lock) {
    let mut dirs: Vec<std::path::PathBuf> = sync
        .changes
        .iter()
        .filter_map(|c| sync.root.join(&c.path).parent().map(|p| p.to_path_buf()))
        .collect();
    dirs.push(sync.root.clone());
    if let Some(t) = &sync.tracking {
        dirs.push(t.root.clone());
    }
    dirs.sort();
    dirs.dedup();
    let shallow: Vec<&std::path::Path> = dirs.iter().map(|d| d.as_path()).collect();
    let deep: Vec<std::path::PathBuf> = sync
        .tracking
        .iter()
        .map(|t| t.root.join(super::state::DIR))
        .collect();
    let deep: Vec<&std::path::Path> = deep.iter().map(|d| d.as_path()).collect();
    super::sweep::stale_temporaries(&deep, &shallow, lock.since);
}

/// A render stopped between its phases, for the tests of recovery: in debug builds only,
/// `__ARCHGEN_STOP_AFTER=pending` (records written, no document yet) or `documents` (every
/// document written, records not yet in place) aborts the process there.
mod crash_point {
    #[cfg(debug_assertions)]
    pub(super) fn after(phase: &str) {
        if std::env::var("__ARCHGEN_STOP_AFTER").is_ok_and(|v| v == phase) {
            std::process::abort();
        }
    }

    #[cfg(not(debug_assertions))]
    pub(super) fn after(_: &str) {}
}
