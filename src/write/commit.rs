//! Carrying out a render's plan: documents first, each atomically, then the merge bases, then
//! the manifest. A run interrupted anywhere leaves every document old or new, and the next run
//! reconciles: a document already new on disk counts as unchanged.

use super::state::{FileRecord, State, hash};
use super::tracked::{Status, Sync};
use anyhow::Context as _;
use std::collections::BTreeMap;

/// Writes `sync` and, when the folder is tracked, records what was generated and `facts`.
pub fn commit(sync: &Sync, facts: &BTreeMap<String, String>) -> anyhow::Result<()> {
    std::fs::create_dir_all(&sync.root)
        .with_context(|| format!("failed to create the folder `{}`", sync.root.display()))?;
    remove_leftovers(sync)?;
    let writes: Vec<(&str, &str)> = sync
        .changes
        .iter()
        .filter_map(|c| Some((c.path.as_str(), c.write.as_deref()?)))
        .collect();
    super::write_all(&sync.root, &writes)?;
    for change in sync.changes.iter().filter(|c| c.status == Status::Removed) {
        super::remove(&sync.root, &change.path)?;
    }
    let Some(tracking) = &sync.tracking else {
        return Ok(());
    };
    let old = &tracking.state;
    let mut files = BTreeMap::new();
    let mut bases: Vec<(&str, &str)> = Vec::new();
    for change in &sync.changes {
        let record = old.files.get(&change.path);
        let keep = || {
            record.cloned().map(|r| FileRecord {
                owned: r.owned || change.owned,
                ..r
            })
        };
        let next = match (change.status, &change.generated) {
            (Status::Removed, _) => {
                tracking.remove_base(&change.path)?;
                None
            }
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
                bases.push((&change.path, text));
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
    tracking.write_bases(&bases)?;
    let state = State {
        version: 1,
        output: old.output.clone(),
        files,
        facts: facts.clone(),
    };
    if state != *old || !tracking.root.join(super::state::DIR).exists() {
        tracking.write_manifest(&state)?;
    }
    Ok(())
}

/// Deletes the temporary files a crashed run left in the folders this run writes to.
fn remove_leftovers(sync: &Sync) -> anyhow::Result<()> {
    let mut dirs: Vec<std::path::PathBuf> = sync
        .changes
        .iter()
        .filter(|c| c.write.is_some())
        .filter_map(|c| sync.root.join(&c.path).parent().map(|p| p.to_path_buf()))
        .collect();
    dirs.sort();
    dirs.dedup();
    for dir in dirs {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if name.starts_with(super::TEMP_PREFIX)
                && name.ends_with(".tmp")
                && entry.path().is_file()
            {
                std::fs::remove_file(entry.path()).with_context(|| {
                    format!("failed to remove the leftover `{}`", entry.path().display())
                })?;
            }
        }
    }
    Ok(())
}
