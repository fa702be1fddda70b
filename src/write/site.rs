//! Writing a static site folder: every file of the site, the files an earlier build wrote and
//! this one does not removed, and a list of what is there (`.archgen-site`) so that the next
//! build knows what it may remove. A folder that holds other files is refused, never emptied.

use anyhow::bail;
use std::collections::BTreeMap;
use std::path::Path;

/// The list of the files a site build wrote, at the site's root.
pub const MARKER: &str = ".archgen-site";

const MARKER_HEAD: &str = "# The files `archgen site` wrote in this folder; the next build removes those it no longer writes.\n";

/// What writing a site did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Written {
    /// Files written because they are new or changed.
    pub written: usize,
    /// Files already as they should be.
    pub unchanged: usize,
    /// Files of the previous build removed.
    pub removed: Vec<String>,
}

/// Makes the folder `root` hold the site `files` (path -> text).
pub fn site(root: &Path, files: &BTreeMap<String, String>) -> anyhow::Result<Written> {
    if root.exists() && !root.is_dir() {
        bail!(
            "the site folder `{}` is a file\nhelp: pass another `--out`, or move the file away",
            root.display()
        );
    }
    let previous = super::read_text(&root.join(MARKER))?;
    if previous.is_none() && root.read_dir().is_ok_and(|mut d| d.next().is_some()) {
        bail!(
            "the folder `{}` holds files that `archgen site` did not write (it has no `{MARKER}`)\nhelp: pass another `--out`, or empty the folder first",
            root.display()
        );
    }
    let mut done = Written::default();
    let changed: Vec<(&str, &str)> = files
        .iter()
        .filter(|(rel, text)| {
            let same = std::fs::read(root.join(rel.as_str())).is_ok_and(|b| b == text.as_bytes());
            done.unchanged += usize::from(same);
            !same
        })
        .map(|(rel, text)| (rel.as_str(), text.as_str()))
        .collect();
    super::write_all(root, &changed)?;
    done.written = changed.len();
    for old in previous
        .iter()
        .flat_map(|p| p.lines())
        .filter(|l| !l.starts_with('#'))
    {
        if !files.contains_key(old) && old != MARKER {
            super::remove(root, old)?;
            done.removed.push(old.to_owned());
        }
    }
    let mut list = String::from(MARKER_HEAD);
    for rel in files.keys() {
        list.push_str(rel);
        list.push('\n');
    }
    super::write_all(root, &[(MARKER, &list)])?;
    Ok(done)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(list: &[(&str, &str)]) -> BTreeMap<String, String> {
        list.iter()
            .map(|(p, t)| ((*p).to_owned(), (*t).to_owned()))
            .collect()
    }

    #[test]
    fn a_rebuild_removes_what_it_no_longer_writes() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        let first = site(&root, &files(&[("a.html", "a"), ("x/b.html", "b")])).unwrap();
        assert_eq!(first.written, 2);
        let second = site(&root, &files(&[("a.html", "a"), ("c.html", "c")])).unwrap();
        assert_eq!((second.written, second.unchanged), (1, 1));
        assert_eq!(second.removed, ["x/b.html"]);
        assert!(!root.join("x").exists() && root.join("c.html").exists());
        let list = std::fs::read_to_string(root.join(MARKER)).unwrap();
        assert!(list.ends_with("\na.html\nc.html\n"), "{list}");
    }

    #[test]
    fn a_folder_of_other_files_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("notes.txt"), "mine").unwrap();
        let err = site(dir.path(), &files(&[("a.html", "a")]))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("holds files that `archgen site` did not write"),
            "{err}"
        );
        assert!(!dir.path().join("a.html").exists());
    }
}
