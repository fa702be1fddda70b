//! Unified diffs of what a render would do to a file, for `--diff`.

use super::tracked::Change;

/// The unified diff from the file on disk to what the render leaves there; empty when the
/// render leaves it alone.
pub fn unified(change: &Change) -> String {
    let old = change.disk.as_deref().unwrap_or("");
    let new = match (&change.write, change.status) {
        (Some(text), _) => text.as_str(),
        (None, super::tracked::Status::Removed) => "",
        (None, _) => return String::new(),
    };
    let from = if change.disk.is_some() {
        format!("a/{}", change.path)
    } else {
        "/dev/null".into()
    };
    let to = if new.is_empty() && change.write.is_none() {
        "/dev/null".into()
    } else {
        format!("b/{}", change.path)
    };
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&from, &to)
        .to_string()
}
