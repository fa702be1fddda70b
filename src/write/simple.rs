//! Untracked writes: a document set written over a folder that archgen keeps no record of (a
//! preview outside the model's folder). Files that differ are replaced.

use super::check_no_symlink;
use crate::render::{Document, safe_path};
use anyhow::Context as _;
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
        check_no_symlink(root, &rel)?;
        let action = match super::read_text(&root.join(&rel))? {
            Some(existing) if existing == doc.content => Action::Unchanged,
            Some(_) => Action::Updated,
            None => Action::New,
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
        super::write_atomic(&plan.root.join(&entry.path), entry.content.as_bytes())?;
    }
    Ok(())
}
