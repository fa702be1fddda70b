//! What archgen last generated, kept in `.archgen/` beside the model and committed with the
//! documents: `manifest.yaml` (the output folder, each file's hash and whether a person owns
//! it, the decisions the model recorded) and `base/`, the last generated text of each file, the
//! base of the next three-way merge.

use anyhow::Context as _;
use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};
use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

/// The state folder's name.
pub const DIR: &str = ".archgen";
const MANIFEST: &str = "manifest.yaml";
const HEADER: &str = "\
# archgen's record of the documents it generated, so that re-rendering keeps people's edits.
# Commit this folder with the documents; archgen rewrites it on every render.
";

/// The manifest.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct State {
    /// Format version, 1.
    pub version: u32,
    /// The output folder, relative to the model's folder, with `/` separators.
    pub output: String,
    /// Every generated file by output-relative path.
    #[serde(default)]
    pub files: BTreeMap<String, FileRecord>,
    /// The decisions the model recorded at the last render (broker, cache, auth, ...), by key.
    #[serde(default)]
    pub facts: BTreeMap<String, String>,
    /// The template pack the last render used, relative to the model's folder with `/`
    /// separators; a render or check without `--templates` uses it again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub templates: Option<String>,
    /// What the last render was made from, so that an unchanged project is answered without
    /// rendering it again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub made: Option<Made>,
}

/// What a finished render was made from and left behind: when all of it still holds, the
/// documents are what a render would give and `check` would find what it found then. Only a
/// render that leaves every recorded file generated (none kept, skipped, in conflict or in
/// the way) records it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Made {
    /// archgen's version.
    pub archgen: String,
    /// SHA-256 of the model file.
    pub model: String,
    /// SHA-256 of the template pack's files, when a pack was used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pack: Option<String>,
    /// SHA-256 of every file in the output folder after the render (see [`folder_hash`]).
    pub folder: String,
    /// Whether `check` found nothing then.
    pub clean: bool,
}

/// What archgen knows of one file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileRecord {
    /// SHA-256 of the text archgen last generated for it.
    pub sha256: String,
    /// A person owns it: it was generated once and is never touched again.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub owned: bool,
}

/// Where the state of one output folder lives.
#[derive(Debug, Clone)]
pub struct Tracking {
    /// The model's folder; `.archgen` is inside it.
    pub root: PathBuf,
    /// What was read from the manifest (empty on the first render), with what an
    /// interrupted render finished applied.
    pub state: State,
    /// Documents whose merge base an interrupted render left under `.archgen/pending/`.
    pub pending_bases: std::collections::BTreeSet<String>,
    /// The template pack this render uses, as the manifest will record it.
    pub pack: Option<String>,
}

/// Whether a render into some folder is tracked.
#[derive(Debug, Clone)]
pub enum Located {
    /// It is: merges, removals and ADR proposals apply.
    Tracked(Box<Tracking>),
    /// It is not; with the reason to tell the person, if it is worth telling.
    Untracked(Option<String>),
}

/// The state for rendering the model at `model` into `out`. The model's own output folder is
/// always tracked; a `--out` folder only when it is inside the model's folder (a preview
/// elsewhere is not) and the state does not already track another folder.
pub fn locate(model: &Path, out: &Path, out_from_flag: bool) -> anyhow::Result<Located> {
    let root = model.parent().unwrap_or(Path::new("")).to_path_buf();
    let output = from_model_folder(model, out)?;
    if out_from_flag && output.starts_with("..") {
        return Ok(Located::Untracked(None));
    }
    let state = read(&root)?.unwrap_or_else(|| State {
        version: 1,
        output: output.clone(),
        ..State::default()
    });
    if state.output != output {
        return Ok(Located::Untracked(Some(format!(
            "`{}` tracks the documents in `{}`, so `{}` is rendered without merging your edits",
            root.join(DIR).join(MANIFEST).display(),
            state.output,
            out.display()
        ))));
    }
    let (state, pending_bases) = match super::recovery::recovered(&root, &state)? {
        Some(r) => (r.state, r.pending_bases),
        None => (state, Default::default()),
    };
    Ok(Located::Tracked(Box::new(Tracking {
        root,
        state,
        pending_bases,
        pack: None,
    })))
}

/// `path` relative to the folder of the model at `model`, with `/` separators and `..` where
/// it leaves that folder: how the manifest records the output folder and the pack.
pub fn from_model_folder(model: &Path, path: &Path) -> anyhow::Result<String> {
    let root = model.parent().unwrap_or(Path::new(""));
    let base = normalize(&std::path::absolute(if root.as_os_str().is_empty() {
        Path::new(".")
    } else {
        root
    })?);
    let target = normalize(&std::path::absolute(path)?);
    Ok(match target.strip_prefix(&base) {
        Ok(rel) => slashes(rel),
        Err(_) => relative(&base, &target),
    })
}

/// The manifest in the model's folder `root`, if there is one.
pub fn read(root: &Path) -> anyhow::Result<Option<State>> {
    let path = root.join(DIR).join(MANIFEST);
    let Some(text) = super::read_text(&path)? else {
        return Ok(None);
    };
    serde_yaml::from_str::<State>(&text).map(Some).map_err(|e| {
        anyhow::anyhow!(
            "failed to read `{}`: {e}\nhelp: if a merge left conflict markers in it, keep either side: the next render reconciles the rest",
            path.display()
        )
    })
}

/// Records in the manifest of the model's folder `root` what the render just finished was
/// made from; `_lock` is the render's, still held.
pub fn remember(root: &Path, made: Made, _lock: &super::lock::Lock) -> anyhow::Result<()> {
    let Some(mut state) = read(root)? else {
        return Ok(());
    };
    if state.made.as_ref() != Some(&made) {
        state.made = Some(made);
        write_manifest(root, &state)?;
    }
    Ok(())
}

/// Writes the manifest of the model's folder `root`.
pub(super) fn write_manifest(root: &Path, state: &State) -> anyhow::Result<()> {
    let body = serde_yaml::to_string(state).context("failed to serialize the manifest")?;
    let text = format!("{HEADER}{body}");
    super::write_all(root, &[(&format!("{DIR}/{MANIFEST}"), &text)])
}

impl Tracking {
    /// The last generated text of `rel`, if archgen kept it.
    pub fn base(&self, rel: &str) -> anyhow::Result<Option<String>> {
        if self.pending_bases.contains(rel) {
            return super::read_text(&self.root.join(super::recovery::pending_base(rel)));
        }
        super::read_text(&self.root.join(DIR).join("base").join(rel))
    }
}

/// The SHA-256 of `text`, in hex.
pub fn hash(text: &str) -> String {
    hash_bytes(text.as_bytes())
}

/// The SHA-256 of `bytes`, in hex.
pub fn hash_bytes(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// The SHA-256 of a set of files, `(relative path, content)` in path order: each path and
/// content followed by a NUL, so that no two sets share a hash by moving text between files.
pub fn folder_hash<'a>(files: impl IntoIterator<Item = (&'a str, &'a [u8])>) -> String {
    let mut digest = Sha256::new();
    for (path, content) in files {
        digest.update(path.as_bytes());
        digest.update([0]);
        digest.update(content);
        digest.update([0]);
    }
    hex(&digest.finalize())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// `path` without `.` and with `..` applied, without touching the file system.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// `target` relative to `base`, climbing out with `..` where it must.
fn relative(base: &Path, target: &Path) -> String {
    let b: Vec<_> = base.components().collect();
    let t: Vec<_> = target.components().collect();
    let common = b.iter().zip(&t).take_while(|(x, y)| x == y).count();
    let mut out = PathBuf::new();
    for _ in common..b.len() {
        out.push("..");
    }
    for c in &t[common..] {
        out.push(c);
    }
    slashes(&out)
}

fn slashes(rel: &Path) -> String {
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts.is_empty() {
        ".".into()
    } else {
        parts.join("/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tracks_the_model_output_and_inside_folders_only() {
        let dir = tempfile::tempdir().unwrap();
        let model = dir.path().join("archgen.yaml");
        let inside = locate(&model, &dir.path().join("docs/./a/../b"), true).unwrap();
        assert!(matches!(&inside, Located::Tracked(t) if t.state.output == "docs/b"));
        let outside = locate(&model, Path::new("/elsewhere"), true).unwrap();
        assert!(matches!(outside, Located::Untracked(None)));
        let from_model = locate(&model, Path::new("/elsewhere"), false).unwrap();
        assert!(
            matches!(from_model, Located::Tracked(t) if t.state.output.ends_with("../elsewhere"))
        );
    }

    #[test]
    fn hashes_are_sha256() {
        assert_eq!(
            hash("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
