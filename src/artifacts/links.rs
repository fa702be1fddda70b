//! Every relative link in every Markdown document resolves: the file exists in the set (or on
//! disk beside it) and the `#anchor` names a heading of the target.

use crate::diagnostic::Finding;
use crate::markdown;
use std::collections::{HashMap, HashSet};

/// Broken relative links among `files` (`(path, content)`, output-relative paths). `exists`
/// answers for files outside the set (a file a person added beside the documents).
pub fn links(files: &[(String, String)], exists: impl Fn(&str) -> bool) -> Vec<Finding> {
    broken(files, exists).into_iter().map(|(f, _)| f).collect()
}

/// Like [`links`], each finding with the missing file it points to, when that is the problem.
pub fn broken(
    files: &[(String, String)],
    exists: impl Fn(&str) -> bool,
) -> Vec<(Finding, Option<String>)> {
    let outlines: HashMap<&str, markdown::Outline> = files
        .iter()
        .filter(|(p, _)| p.ends_with(".md"))
        .map(|(p, c)| (p.as_str(), markdown::outline(c)))
        .collect();
    let paths: HashSet<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
    let mut findings = Vec::new();
    let mut sources: Vec<&&str> = outlines.keys().collect();
    sources.sort();
    for source in sources {
        for link in &outlines[*source].links {
            if is_external(&link.url) {
                continue;
            }
            let (target, anchor) = match link.url.split_once('#') {
                Some((t, a)) => (t, Some(a)),
                None => (link.url.as_str(), None),
            };
            let resolved = if target.is_empty() {
                Some(source.to_string())
            } else {
                resolve(source, target)
            };
            let at =
                |msg: String, help: &str| Finding::new(*source, msg).at(link.line, 1).help(help);
            let Some(resolved) = resolved else {
                findings.push((
                    at(
                        format!("the link `{}` leaves the document folder", link.url),
                        "link only to documents inside the folder",
                    ),
                    None,
                ));
                continue;
            };
            if !paths.contains(resolved.as_str()) && !exists(&resolved) {
                findings.push((
                    at(
                        format!(
                            "the link `{}` points to `{resolved}`, which does not exist",
                            link.url
                        ),
                        "fix the path, or render the document it points to",
                    ),
                    Some(resolved),
                ));
                continue;
            }
            if let (Some(anchor), Some(outline)) = (anchor, outlines.get(resolved.as_str())) {
                if !outline.headings.iter().any(|h| h.anchor == anchor) {
                    findings.push((at(format!("the link `{}` names the anchor `#{anchor}`, which no heading of `{resolved}` has", link.url), "link to an existing heading"), None));
                }
            }
        }
    }
    findings
}

fn is_external(url: &str) -> bool {
    url.contains("://") || url.starts_with("mailto:") || url.starts_with("tel:")
}

/// `target` relative to the folder of `source`, normalized; `None` if it leaves the root.
fn resolve(source: &str, target: &str) -> Option<String> {
    let mut parts: Vec<&str> = source.split('/').collect();
    parts.pop();
    for seg in target.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(files: &[(&str, &str)]) -> Vec<(String, String)> {
        files
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn finds_missing_files_anchors_and_escapes() {
        let files = set(&[
            (
                "README.md",
                "# Top\n\n[ok](adr/a.md#a) [bad](adr/b.md) [anchor](adr/a.md#nope) [out](../x.md) [web](https://x.org)\n",
            ),
            ("adr/a.md", "# A\n\n[back](../README.md#top)\n"),
        ]);
        let found: Vec<String> = links(&files, |_| false)
            .iter()
            .map(|f| f.message.clone())
            .collect();
        assert_eq!(
            found,
            [
                "the link `adr/b.md` points to `adr/b.md`, which does not exist",
                "the link `adr/a.md#nope` names the anchor `#nope`, which no heading of `adr/a.md` has",
                "the link `../x.md` leaves the document folder",
            ]
        );
    }
}
