//! The only module that writes files. It plans every write first (so a dry run can show the
//! plan), refuses paths that would leave the output folder or pass through a symlink, and
//! writes each file atomically: a temporary file in the same folder, then a rename, so an
//! interrupted run leaves every file either old or new.
//!
//! Documents a person may have edited go through [`tracked`]: archgen keeps what it last
//! generated in `.archgen/` beside the model ([`state`]) and merges the model's changes into
//! the person's edits ([`merge`]) instead of overwriting them. A static site is written
//! whole by [`site`].

mod commit;
pub mod diff;
pub mod lock;
pub mod merge;
pub mod recovery;
pub mod site;
pub mod state;
mod sweep;
pub mod tracked;

pub use commit::commit;
pub use site::site;

use anyhow::{Context as _, bail};
use std::collections::BTreeMap;
use std::path::Path;

/// Refuses a path whose folders or file inside `root` are symlinks: following one could write
/// outside the output folder.
pub(crate) fn check_no_symlink(root: &Path, rel: &str) -> anyhow::Result<()> {
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

/// The output folder's files as they are on disk, by output-relative path (dot folders, such
/// as `.archgen`, and files that are not text left out).
pub fn read_folder(root: &std::path::Path) -> anyhow::Result<BTreeMap<String, String>> {
    fn walk(
        root: &std::path::Path,
        rel: &str,
        out: &mut BTreeMap<String, String>,
    ) -> anyhow::Result<()> {
        let Ok(entries) = std::fs::read_dir(root.join(rel)) else {
            return Ok(());
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let path = if rel.is_empty() {
                name.clone()
            } else {
                format!("{rel}/{name}")
            };
            let kind = entry.file_type()?;
            if name.starts_with('.') || kind.is_symlink() {
                continue;
            } else if kind.is_dir() {
                walk(root, &path, out)?;
            } else if let Ok(text) = std::fs::read_to_string(entry.path()) {
                out.insert(path, text);
            }
        }
        Ok(())
    }
    let mut out = BTreeMap::new();
    walk(root, "", &mut out)?;
    Ok(out)
}

/// The text of `path`, or `None` when there is no such file.
pub fn read_text(path: &Path) -> anyhow::Result<Option<String>> {
    match std::fs::read(path) {
        Ok(bytes) => String::from_utf8(bytes).map(Some).map_err(|_| {
            anyhow::anyhow!(
                "`{}` is not UTF-8 text; archgen only writes text, so move the file out of the way",
                path.display()
            )
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e).with_context(|| format!("failed to read `{}`", path.display())),
    }
}

/// Writes one file a person made (a model, a schema, an ejected template) atomically, creating
/// its folder: a temporary file in the same folder, flushed to disk, then a rename.
pub fn file(path: &Path, content: &str) -> anyhow::Result<()> {
    let tmp = stage(path, content.as_bytes())?;
    tmp.as_file()
        .sync_all()
        .with_context(|| format!("failed to write `{}`", path.display()))?;
    put(tmp.into_temp_path(), path)
}

/// Writes many files under `root`, `(relative path, content)`, each atomically, as one batch:
/// every content goes to a temporary file beside its target first, on every core; only then
/// are they renamed into place. A failure before the renames leaves no file changed; an
/// interruption during them leaves each file old or new.
///
/// These are derived files (documents, merge bases, the manifest), so they are not forced to
/// disk: the next render writes them again from the model, as a checkout or a copy would. A
/// `syncfs` made them durable but also waited for every other program's unwritten data on the
/// same file system: 1 ms on an idle disk, 33 ms right after a `cargo build`, unbounded under
/// load. The model itself goes through [`file`], which is flushed.
pub fn write_all(root: &Path, files: &[(&str, &str)]) -> anyhow::Result<()> {
    let staged = crate::parallel::map(files, |(rel, text)| {
        check_no_symlink(root, rel)?;
        let path = root.join(rel);
        // Closed, so that a batch of thousands does not run out of file handles.
        Ok(stage(&path, text.as_bytes())?.into_temp_path())
    })
    .into_iter()
    .collect::<anyhow::Result<Vec<_>>>()?;
    for ((rel, _), tmp) in files.iter().zip(staged) {
        put(tmp, &root.join(rel))?;
    }
    Ok(())
}

/// Renames a staged file into place, the one step that makes a write visible.
fn put(tmp: tempfile::TempPath, path: &Path) -> anyhow::Result<()> {
    crash_point::before_rename();
    tmp.persist(path)
        .map_err(|e| e.error)
        .with_context(|| format!("failed to write `{}`", path.display()))
}

/// `bytes` in a temporary file beside `path`, with the permissions `path` has.
fn stage(path: &Path, bytes: &[u8]) -> anyhow::Result<tempfile::NamedTempFile> {
    use std::io::Write as _;
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)
        .with_context(|| format!("failed to create the folder `{}`", dir.display()))?;
    let mut tmp = tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .suffix(".tmp")
        .tempfile_in(dir)
        .with_context(|| format!("failed to create a temporary file in `{}`", dir.display()))?;
    tmp.write_all(bytes)
        .with_context(|| format!("failed to write `{}`", path.display()))?;
    set_readable(tmp.as_file(), path)?;
    Ok(tmp)
}

/// The prefix of archgen's temporary files; a crashed run may leave one behind.
pub(crate) const TEMP_PREFIX: &str = ".archgen-";

/// Deletes the file at `root/rel`, then the folders it leaves empty, up to `root`.
pub fn remove(root: &Path, rel: &str) -> anyhow::Result<()> {
    check_no_symlink(root, rel)?;
    let path = root.join(rel);
    match std::fs::remove_file(&path) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(e).with_context(|| format!("failed to remove `{}`", path.display())),
    }
    let mut dir = path.parent();
    while let Some(d) = dir.filter(|d| *d != root && d.starts_with(root)) {
        // Stops at the first folder that still holds something.
        if std::fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
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

/// A simulated crash for the tests of atomicity: in debug builds only, the environment
/// variable `__ARCHGEN_CRASH_AFTER_WRITES=N` aborts the process during the write after the
/// first N, once its temporary file is written and before the rename, the worst moment.
/// Release builds have no such hook.
mod crash_point {
    #[cfg(debug_assertions)]
    pub(super) fn before_rename() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static WRITES: AtomicUsize = AtomicUsize::new(0);
        let Some(limit) = std::env::var("__ARCHGEN_CRASH_AFTER_WRITES")
            .ok()
            .and_then(|v| v.parse::<usize>().ok())
        else {
            return;
        };
        if WRITES.fetch_add(1, Ordering::SeqCst) >= limit {
            std::process::abort();
        }
    }

    #[cfg(not(debug_assertions))]
    pub(super) fn before_rename() {}
}
