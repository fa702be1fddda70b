//! The only module that writes files. It plans every write first (so a dry run can show the
//! plan), refuses paths that would leave the output folder or pass through a symlink, and
//! writes each file atomically: a temporary file in the same folder, then a rename, so an
//! interrupted run leaves every file either old or new.

use crate::render::{Document, safe_path};
use anyhow::{Context as _, bail};
use std::path::{Path, PathBuf};

/// What will happen to one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Action {
    /// It does not exist yet.
    New,
    /// It exists with other content.
    Updated,
    /// It exists with exactly this content.
    Unchanged,
}

impl Action {
    /// The word shown in listings.
    pub fn word(self) -> &'static str {
        match self {
            Action::New => "new",
            Action::Updated => "updated",
            Action::Unchanged => "unchanged",
        }
    }
}

/// One planned file.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Output-relative path.
    pub path: String,
    /// What will happen.
    pub action: Action,
    /// The content to write.
    pub content: String,
}

/// Every write of one run.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The output folder.
    pub root: PathBuf,
    /// Files in document order.
    pub entries: Vec<Entry>,
}

impl Plan {
    /// How many entries have `action`.
    pub fn count(&self, action: Action) -> usize {
        self.entries.iter().filter(|e| e.action == action).count()
    }
}

/// Works out what writing `docs` into `root` would do, without writing.
pub fn plan(root: &Path, docs: &[Document]) -> anyhow::Result<Plan> {
    let mut entries = Vec::with_capacity(docs.len());
    for doc in docs {
        let rel = safe_path(&doc.path)
            .map_err(|e| anyhow::anyhow!("refusing to write `{}`: {e}", doc.path))?;
        let target = root.join(&rel);
        check_no_symlink(root, &rel)?;
        let action = match std::fs::read(&target) {
            Ok(existing) if existing == doc.content.as_bytes() => Action::Unchanged,
            Ok(_) => Action::Updated,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Action::New,
            Err(e) => {
                return Err(e).with_context(|| format!("failed to read `{}`", target.display()));
            }
        };
        entries.push(Entry {
            path: rel,
            action,
            content: doc.content.clone(),
        });
    }
    Ok(Plan {
        root: root.to_owned(),
        entries,
    })
}

/// Refuses a path whose folders or file inside `root` are symlinks: following one could write
/// outside the output folder.
fn check_no_symlink(root: &Path, rel: &str) -> anyhow::Result<()> {
    let mut at = root.to_path_buf();
    for part in rel.split('/') {
        at.push(part);
        match std::fs::symlink_metadata(&at) {
            Ok(meta) if meta.file_type().is_symlink() => {
                bail!(
                    "refusing to write through the symlink `{}`; replace it with a real file or folder",
                    at.display()
                )
            }
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
            Err(e) => {
                return Err(e).with_context(|| format!("failed to inspect `{}`", at.display()));
            }
        }
    }
    Ok(())
}

/// Carries out `plan`: new and updated files are written atomically; unchanged ones are left
/// alone (their modification time too).
pub fn apply(plan: &Plan) -> anyhow::Result<()> {
    std::fs::create_dir_all(&plan.root)
        .with_context(|| format!("failed to create the folder `{}`", plan.root.display()))?;
    for entry in plan
        .entries
        .iter()
        .filter(|e| e.action != Action::Unchanged)
    {
        write_atomic(&plan.root.join(&entry.path), entry.content.as_bytes())?;
    }
    Ok(())
}

/// Writes `bytes` to `path` through a temporary file in the same folder and a rename.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    use std::io::Write as _;
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)
        .with_context(|| format!("failed to create the folder `{}`", dir.display()))?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".archgen-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .with_context(|| format!("failed to create a temporary file in `{}`", dir.display()))?;
    tmp.write_all(bytes)
        .with_context(|| format!("failed to write `{}`", path.display()))?;
    tmp.as_file()
        .sync_all()
        .with_context(|| format!("failed to write `{}`", path.display()))?;
    set_readable(tmp.as_file(), path)?;
    tmp.persist(path)
        .map_err(|e| e.error)
        .with_context(|| format!("failed to write `{}`", path.display()))?;
    Ok(())
}

/// Temporary files are private (0600); documents are shared like any source file.
#[cfg(unix)]
fn set_readable(file: &std::fs::File, path: &Path) -> anyhow::Result<()> {
    use std::os::unix::fs::PermissionsExt as _;
    let mode = std::fs::metadata(path)
        .map(|m| m.permissions().mode() & 0o777)
        .unwrap_or(0o644);
    file.set_permissions(std::fs::Permissions::from_mode(mode))
        .with_context(|| format!("failed to set the permissions of `{}`", path.display()))
}

#[cfg(not(unix))]
fn set_readable(_: &std::fs::File, _: &Path) -> anyhow::Result<()> {
    Ok(())
}

/// Writes one file (a model, a schema) atomically, creating its folder.
pub fn file(path: &Path, content: &str) -> anyhow::Result<()> {
    write_atomic(path, content.as_bytes())
}
