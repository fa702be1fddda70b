//! Where a project's folders are: its template pack and its output, each from a flag, else
//! the model, else what the last render recorded, else the default, relative to the model file.

use crate::templates::pack::Pack;
use std::path::{Path, PathBuf};

/// The pack folder for the model at `model_path`: `flag` (`--templates`), else the model's
/// `templates` (relative to the model file); none means the built-ins alone.
pub fn pack_dir(
    model_path: &Path,
    from_model: Option<&str>,
    flag: Option<&Path>,
) -> Option<PathBuf> {
    match (flag, from_model) {
        (Some(dir), _) => Some(dir.to_owned()),
        (None, Some(rel)) => Some(model_path.parent().unwrap_or(Path::new("")).join(rel)),
        (None, None) => None,
    }
}

/// The pack at [`pack_dir`], loaded; the one place a command finds a team's templates.
pub fn find_pack(
    model_path: &Path,
    from_model: Option<&str>,
    flag: Option<&Path>,
) -> anyhow::Result<Option<Pack>> {
    pack_dir(model_path, from_model, flag)
        .as_deref()
        .map(Pack::load)
        .transpose()
}

/// The output folder: the flag, else the model's `output`, else the default, beside the model.
pub fn output_dir(model_path: &Path, from_model: Option<&str>, flag: Option<&Path>) -> PathBuf {
    if let Some(dir) = flag {
        return dir.to_owned();
    }
    let base = model_path.parent().unwrap_or(Path::new(""));
    base.join(from_model.unwrap_or(crate::model::DEFAULT_OUTPUT))
}

/// The folders a project uses when the model and the flags leave them open: the output folder
/// and the pack the last render recorded in the model's `.archgen`, so that a plain `check`
/// after `render --out D --templates P` checks `D` against `P`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Recorded {
    /// The tracked output folder, relative to the model's folder.
    pub output: Option<String>,
    /// The pack, relative to the model's folder.
    pub templates: Option<String>,
}

impl Recorded {
    /// What the manifest beside the model at `model_path` recorded, if there is one.
    pub fn read(model_path: &Path) -> anyhow::Result<Recorded> {
        let root = model_path.parent().unwrap_or(Path::new(""));
        Ok(crate::write::state::read(root)?
            .map(|s| Recorded {
                output: Some(s.output),
                templates: s.templates,
            })
            .unwrap_or_default())
    }

    /// [`output_dir`], with the recorded folder before the default.
    pub fn output_dir(
        &self,
        model_path: &Path,
        from_model: Option<&str>,
        flag: Option<&Path>,
    ) -> PathBuf {
        output_dir(model_path, from_model.or(self.output.as_deref()), flag)
    }

    /// [`pack_dir`], with the recorded pack when the model names none; `builtin` (the
    /// `--builtin` flag) asks for the built-in templates alone.
    pub fn pack_dir(
        &self,
        model_path: &Path,
        from_model: Option<&str>,
        flag: Option<&Path>,
        builtin: bool,
    ) -> Option<PathBuf> {
        if builtin && flag.is_none() {
            return None;
        }
        pack_dir(model_path, from_model.or(self.templates.as_deref()), flag)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_flag_wins_over_the_model_and_the_model_over_the_default() {
        let model = Path::new("repo/archgen.yaml");
        assert_eq!(
            output_dir(model, Some("out"), Some(Path::new("x"))),
            Path::new("x")
        );
        assert_eq!(output_dir(model, Some("out"), None), Path::new("repo/out"));
        assert_eq!(
            output_dir(model, None, None),
            Path::new("repo/docs/architecture")
        );
        assert_eq!(
            pack_dir(model, Some("pack"), None),
            Some("repo/pack".into())
        );
        assert_eq!(
            pack_dir(model, Some("pack"), Some(Path::new("t"))),
            Some("t".into())
        );
        assert_eq!(pack_dir(model, None, None), None);
    }

    #[test]
    fn what_the_last_render_recorded_fills_in_what_the_model_leaves_open() {
        let model = Path::new("repo/archgen.yaml");
        let recorded = Recorded {
            output: Some("site/docs".into()),
            templates: Some("team-pack".into()),
        };
        assert_eq!(
            recorded.output_dir(model, None, None),
            Path::new("repo/site/docs")
        );
        assert_eq!(
            recorded.output_dir(model, Some("docs"), None),
            Path::new("repo/docs")
        );
        assert_eq!(
            recorded.pack_dir(model, None, None, false),
            Some("repo/team-pack".into())
        );
        assert_eq!(
            recorded.pack_dir(model, Some("pack"), None, false),
            Some("repo/pack".into())
        );
        assert_eq!(recorded.pack_dir(model, None, None, true), None);
        assert_eq!(
            recorded.pack_dir(model, None, Some(Path::new("t")), true),
            Some("t".into())
        );
        assert_eq!(
            Recorded::default().output_dir(model, None, None),
            Path::new("repo/docs/architecture")
        );
    }
}
