//! The answers of an interrupted interview, kept in `.archgen/draft.yaml` beside the model so
//! the next `archgen new` can resume where the person stopped.

use super::replay::Recorded;
use crate::model::Model;
use anyhow::Context as _;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// What a draft holds.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Draft {
    /// The 0-based step to resume at.
    step: usize,
    /// The answers of the steps before `step`.
    model: Model,
    /// The answers given in `step` before it was interrupted, replayed on resuming.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    answers: Vec<Recorded>,
}

/// What an interrupted interview left: the model before its step, the step, and the step's
/// answers so far.
pub type Saved = (Model, usize, Vec<Recorded>);

/// The draft file's path relative to the model's folder.
pub const DRAFT: &str = ".archgen/draft.yaml";

fn folder(model_path: &Path) -> PathBuf {
    model_path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .to_owned()
}

/// Where the draft for `model_path` lives.
pub fn path(model_path: &Path) -> PathBuf {
    folder(model_path).join(DRAFT)
}

/// Saves the answers so far.
pub fn save(
    model_path: &Path,
    model: &Model,
    step: usize,
    answers: &[Recorded],
) -> anyhow::Result<PathBuf> {
    let text = serde_yaml::to_string(&Draft {
        step,
        model: model.clone(),
        answers: answers.to_vec(),
    })
    .context("failed to serialize the draft")?;
    let path = path(model_path);
    crate::write::file(
        &path,
        &format!("# An unfinished `archgen new`; run it again to resume.\n{text}"),
    )?;
    Ok(path)
}

/// The saved answers and step, if a draft exists.
pub fn load(model_path: &Path) -> anyhow::Result<Option<Saved>> {
    let path = path(model_path);
    let Some(text) = crate::write::read_text(&path)? else {
        return Ok(None);
    };
    if let Some(finding) = crate::load::alias_bound(&text, &path.display().to_string()) {
        anyhow::bail!("{finding}");
    }
    let draft: Draft = serde_yaml::from_str(&text).with_context(|| {
        format!(
            "the draft `{}` is damaged; delete it to start over",
            path.display()
        )
    })?;
    Ok(Some((draft.model, draft.step, draft.answers)))
}

/// Deletes the draft once its answers are written.
pub fn discard(model_path: &Path) -> anyhow::Result<()> {
    crate::write::remove(&folder(model_path), DRAFT)
}
