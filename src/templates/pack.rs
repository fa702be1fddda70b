//! A team's template pack: a folder whose files replace the built-ins of the same name, plus
//! an optional `pack.yaml` that adds or switches off documents and adds recommendation rules.

use super::manifest::DocSpec;
use super::rules::Rule;
use anyhow::{Context as _, bail};
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// The pack manifest, `pack.yaml`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackConfig {
    /// The pack's name, shown in listings.
    #[serde(default)]
    pub name: String,
    /// Documents added, or replacing the built-in document with the same id.
    #[serde(default)]
    pub documents: Vec<DocSpec>,
    /// Ids of built-in documents switched off.
    #[serde(default)]
    pub disable: Vec<String>,
    /// Recommendation rules.
    #[serde(default)]
    pub rules: PackRules,
    /// The team's own questions, answered under `extra:` in the model.
    #[serde(default)]
    pub questions: Vec<super::questions::Question>,
    /// Whether every `archgen render` also builds the static site (`archgen site`) from the
    /// documents it leaves, into `site` beside them.
    #[serde(default)]
    pub site: bool,
}

/// How a pack changes the recommendation rules.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackRules {
    /// Drop the built-in rules first.
    #[serde(default)]
    pub replace: bool,
    /// Rules added, or replacing the rule with the same id.
    #[serde(default)]
    pub add: Vec<Rule>,
}

/// A loaded pack.
#[derive(Debug, Clone)]
pub struct Pack {
    /// Where it was loaded from.
    pub dir: PathBuf,
    /// Its templates, `(name, text)`, sorted by name.
    pub templates: Vec<(String, String)>,
    /// Its own `documents.yaml`, replacing the built-in manifest.
    pub manifest: Option<String>,
    /// Its own `recommendations.yaml`, replacing the built-in rules.
    pub rules: Option<String>,
    /// Its own `review-rules.yaml`, extending the built-in review rules.
    pub review_rules: Option<String>,
    /// `pack.yaml`.
    pub config: PackConfig,
}

/// Files at a pack's root that document the pack rather than templates.
const NOT_TEMPLATES: [&str; 3] = ["README.md", "LICENSE", "pack.yaml"];

impl Pack {
    /// Loads the pack in `dir`.
    pub fn load(dir: &Path) -> anyhow::Result<Pack> {
        if !dir.is_dir() {
            bail!("the template pack `{}` is not a folder", dir.display());
        }
        let files = Pack::files(dir)?;
        let mut pack = Pack {
            dir: dir.to_owned(),
            templates: Vec::new(),
            manifest: None,
            rules: None,
            review_rules: None,
            config: PackConfig::default(),
        };
        for (name, path) in files {
            let text = std::fs::read_to_string(&path).with_context(|| {
                format!(
                    "failed to read `{}` (templates are UTF-8 text)",
                    path.display()
                )
            })?;
            match name.as_str() {
                "pack.yaml" => {
                    pack.config = super::data::parse_yaml(&text, &path.display().to_string())?;
                    let problems: Vec<String> = pack
                        .config
                        .questions
                        .iter()
                        .flat_map(|q| q.problems())
                        .collect();
                    if !problems.is_empty() {
                        bail!("{}: {}", path.display(), problems.join("; "));
                    }
                }
                super::MANIFEST => pack.manifest = Some(text),
                super::RULES => pack.rules = Some(text),
                super::review_rules::REVIEW_RULES => pack.review_rules = Some(text),
                n if NOT_TEMPLATES.contains(&n) => {}
                _ => pack.templates.push((name, text)),
            }
        }
        Ok(pack)
    }

    /// Every file of the pack in `dir` that a render reads, `(relative path, path)` in path
    /// order: what says whether a pack changed.
    pub fn files(dir: &Path) -> anyhow::Result<Vec<(String, PathBuf)>> {
        let mut files = Vec::new();
        collect(dir, dir, &mut files)?;
        files.sort();
        Ok(files)
    }

    /// A path inside the pack, for messages.
    pub fn file(&self, name: &str) -> String {
        self.dir.join(name).display().to_string()
    }
}

fn collect(root: &Path, dir: &Path, out: &mut Vec<(String, PathBuf)>) -> anyhow::Result<()> {
    let entries = std::fs::read_dir(dir)
        .with_context(|| format!("failed to read the folder `{}`", dir.display()))?;
    for entry in entries {
        let path = entry
            .with_context(|| format!("failed to read the folder `{}`", dir.display()))?
            .path();
        let file_name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if file_name.starts_with('.') {
            continue;
        }
        if path.is_dir() {
            collect(root, &path, out)?;
        } else {
            let rel = path
                .strip_prefix(root)
                .unwrap_or(&path)
                .to_string_lossy()
                .replace('\\', "/");
            out.push((rel, path));
        }
    }
    Ok(())
}
