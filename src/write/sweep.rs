//! Removing the temporary files of runs that died before renaming them. Only under the render
//! lock, and only files older than the lock: a live run writing into the same folders holds
//! the lock, so what is older belongs to no one.

use std::path::Path;
use std::time::SystemTime;

/// Deletes archgen's temporary files older than `since` under each of `dirs`, recursively
/// (symlinks are not followed); `shallow` folders are swept without their subfolders.
pub fn stale_temporaries(dirs: &[&Path], shallow: &[&Path], since: SystemTime) -> usize {
    let mut removed = 0;
    for dir in dirs {
        removed += sweep(dir, since, true);
    }
    for dir in shallow {
        removed += sweep(dir, since, false);
    }
    removed
}

fn sweep(dir: &Path, since: SystemTime, deep: bool) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    let mut removed = 0;
    for entry in entries.flatten() {
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if kind.is_dir() && deep {
            removed += sweep(&entry.path(), since, deep);
        } else if kind.is_file()
            && name.starts_with(super::TEMP_PREFIX)
            && name.ends_with(".tmp")
            && entry
                .metadata()
                .and_then(|m| m.modified())
                .is_ok_and(|t| t < since)
            && std::fs::remove_file(entry.path()).is_ok()
        {
            removed += 1;
        }
    }
    removed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_old_temporaries_go() {
        let dir = tempfile::tempdir().unwrap();
        let sub = dir.path().join("a/b");
        std::fs::create_dir_all(&sub).unwrap();
        std::fs::write(sub.join(".archgen-old.tmp"), "x").unwrap();
        std::fs::write(sub.join("keep.md"), "x").unwrap();
        std::fs::write(sub.join(".archgen-keep.md"), "x").unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        let since = SystemTime::now();
        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::write(dir.path().join(".archgen-new.tmp"), "x").unwrap();
        assert_eq!(stale_temporaries(&[dir.path()], &[], since), 1);
        assert!(!sub.join(".archgen-old.tmp").exists());
        assert!(sub.join("keep.md").exists() && sub.join(".archgen-keep.md").exists());
        assert!(dir.path().join(".archgen-new.tmp").exists());
    }
}
