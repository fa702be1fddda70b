//! The plan of a render over documents people may have edited: per file, what archgen
//! generates now against what is on disk and what it generated last time (the base).

use super::merge::{self, Merge};
use super::state::{self, Located, Tracking};
use crate::render::{Document, safe_path};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Written into a document, in any comment syntax, this makes it the person's own.
pub const OWNED_MARKER: &str = "archgen: user-owned";

/// What happens to one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    /// Not there yet: written.
    New,
    /// Already what the model gives (or the model's part did not change): left alone.
    Unchanged,
    /// Nobody edited it: replaced by the new text.
    Updated,
    /// A person edited it: the model's changes merged into the edits.
    Merged,
    /// A person's edits overlap the model's changes: written with conflict markers (or still
    /// holding the markers of an earlier render).
    Conflict,
    /// No longer generated and nobody edited it: deleted.
    Removed,
    /// No longer generated, but edited or owned by a person: left where it is.
    Kept,
    /// Deleted by a person: not brought back unless asked.
    Skipped,
    /// Owned by a person: generated once, never touched again.
    Owned,
    /// Already there, and archgen never wrote it: left as it is, never merged into.
    Foreign,
}

impl Status {
    /// The word shown in listings.
    pub fn word(self) -> &'static str {
        match self {
            Status::New => "new",
            Status::Unchanged => "unchanged",
            Status::Updated => "updated",
            Status::Merged => "merged",
            Status::Conflict => "conflict",
            Status::Removed => "removed",
            Status::Kept => "kept",
            Status::Skipped => "skipped",
            Status::Owned => "owned",
            Status::Foreign => "foreign",
        }
    }

    /// Whether a render leaves the file exactly as it is (it is fresh).
    pub fn is_fresh(self) -> bool {
        matches!(
            self,
            Status::Unchanged | Status::Kept | Status::Skipped | Status::Owned
        )
    }
}

/// One file of the plan.
#[derive(Debug, Clone)]
pub struct Change {
    /// Output-relative path.
    pub path: String,
    /// What happens to it.
    pub status: Status,
    /// Its text on disk now.
    pub disk: Option<String>,
    /// The text to write, for new, updated, merged and conflicting files.
    pub write: Option<String>,
    /// What archgen generates for it now; `None` when it is no longer generated.
    pub generated: Option<String>,
    /// Whether a person owns it.
    pub owned: bool,
}

/// A render's plan over one output folder.
#[derive(Debug, Clone)]
pub struct Sync {
    /// The output folder.
    pub root: PathBuf,
    /// The state, when the folder is tracked.
    pub tracking: Option<Tracking>,
    /// Generated files in document order, then files no longer generated, by path.
    pub changes: Vec<Change>,
}

impl Sync {
    /// How many files have `status`.
    pub fn count(&self, status: Status) -> usize {
        self.changes.iter().filter(|c| c.status == status).count()
    }

    /// Files with conflicts, with the lines where the conflicts open.
    pub fn conflicts(&self) -> Vec<(&str, Vec<usize>)> {
        self.changes
            .iter()
            .filter(|c| c.status == Status::Conflict)
            .map(|c| {
                (
                    c.path.as_str(),
                    merge::conflict_lines(c.write.as_deref().or(c.disk.as_deref()).unwrap_or("")),
                )
            })
            .collect()
    }
}

/// Works out, without writing, what rendering `docs` into `root` does. `once(doc)` says
/// whether the manifest marks a document as generated once; `restore` brings back files a
/// person deleted.
pub fn plan(
    root: &Path,
    docs: &[Document],
    once: impl Fn(&Document) -> bool,
    located: Located,
    restore: bool,
) -> anyhow::Result<Sync> {
    let tracking = match located {
        Located::Tracked(t) => Some(*t),
        Located::Untracked(_) => None,
    };
    let mut changes = Vec::with_capacity(docs.len());
    let mut generated = BTreeSet::new();
    for doc in docs {
        let rel = safe_path(&doc.path)
            .map_err(|e| anyhow::anyhow!("refusing to write `{}`: {e}", doc.path))?;
        super::check_no_symlink(root, &rel)?;
        let disk = super::read_text(&root.join(&rel))?;
        generated.insert(rel.clone());
        let change = match &tracking {
            Some(t) => tracked(t, rel, disk, &doc.content, once(doc), restore)?,
            None => untracked(rel, disk, &doc.content),
        };
        changes.push(change);
    }
    if let Some(t) = &tracking {
        for (rel, record) in &t.state.files {
            if generated.contains(rel) || safe_path(rel).as_deref() != Ok(rel.as_str()) {
                continue;
            }
            super::check_no_symlink(root, rel)?;
            let Some(disk) = super::read_text(&root.join(rel))? else {
                continue;
            };
            let unedited = match t.base(rel)? {
                Some(base) => base == disk,
                None => state::hash(&disk) == record.sha256,
            };
            let owned = record.owned || disk.contains(OWNED_MARKER);
            let status = if unedited && !owned {
                Status::Removed
            } else {
                Status::Kept
            };
            changes.push(Change {
                path: rel.clone(),
                status,
                disk: Some(disk),
                write: None,
                generated: None,
                owned,
            });
        }
    }
    Ok(Sync {
        root: root.to_owned(),
        tracking,
        changes,
    })
}

/// Without a record, a file that differs is replaced, as in any preview.
fn untracked(path: String, disk: Option<String>, new: &str) -> Change {
    let status = match &disk {
        None => Status::New,
        Some(d) if d == new => Status::Unchanged,
        Some(_) => Status::Updated,
    };
    let write = matches!(status, Status::New | Status::Updated).then(|| new.to_owned());
    Change {
        path,
        status,
        disk,
        write,
        generated: Some(new.to_owned()),
        owned: false,
    }
}

fn tracked(
    t: &Tracking,
    path: String,
    disk: Option<String>,
    new: &str,
    once: bool,
    restore: bool,
) -> anyhow::Result<Change> {
    let record = t.state.files.get(&path);
    let owned = once || disk.as_deref().is_some_and(|d| d.contains(OWNED_MARKER));
    let mut change = Change {
        path,
        status: Status::Unchanged,
        disk,
        write: None,
        generated: Some(new.to_owned()),
        owned,
    };
    let Some(disk) = change.disk.as_deref() else {
        // Never generated, or deleted by a person.
        change.status = if record.is_none() || restore {
            Status::New
        } else {
            Status::Skipped
        };
        change.write = (change.status == Status::New).then(|| new.to_owned());
        return Ok(change);
    };
    if owned {
        change.status = Status::Owned;
        return Ok(change);
    }
    if disk == new {
        return Ok(change);
    }
    if !merge::conflict_lines(disk).is_empty() {
        // The last render's conflicts are not resolved yet: leave the file, and its base, be.
        change.status = Status::Conflict;
        return Ok(change);
    }
    let base = match (t.base(&change.path)?, record) {
        (None, None) => {
            // Someone else's file where a document goes (a README already in the folder):
            // conflict markers in it would damage what archgen never wrote.
            change.status = Status::Foreign;
            return Ok(change);
        }
        (Some(base), _) => Some(base),
        // The base was lost: the hash still tells whether the file was edited.
        (None, Some(r)) if state::hash(disk) == r.sha256 => Some(disk.to_owned()),
        _ => None,
    };
    let (status, text) = match base {
        Some(base) if base == disk => (Status::Updated, new.to_owned()),
        Some(base) if base == new => (Status::Unchanged, String::new()),
        // With no record of what archgen wrote, the lines both share stand in for it.
        base => match merge::three_way(
            &base.unwrap_or_else(|| merge::common_lines(disk, new)),
            disk,
            new,
        ) {
            Merge::Clean(text) if text == disk => (Status::Unchanged, String::new()),
            Merge::Clean(text) => (Status::Merged, text),
            Merge::Conflict(text, _) => (Status::Conflict, text),
        },
    };
    change.status = status;
    change.write = (status != Status::Unchanged).then_some(text);
    Ok(change)
}
