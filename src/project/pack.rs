//! Where a project's folders are: its template pack and its output, each from a flag, else
//! the model, else the default, relative to the model file.

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
}
