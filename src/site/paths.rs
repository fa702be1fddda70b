//! Where each document lands in the site, and links rewritten from one document's folder to
//! another page's: `.md` and `.mmd` files become `.html` pages (a folder's `README.md` its
//! `index.html`), every other file keeps its path.

use std::collections::{BTreeMap, BTreeSet};

/// The page a document becomes, or `None` for a file copied as it is.
pub fn page_of(source: &str) -> Option<String> {
    let (dir, name) = match source.rsplit_once('/') {
        Some((dir, name)) => (format!("{dir}/"), name),
        None => (String::new(), source),
    };
    if name == "README.md" || name == "index.md" {
        return Some(format!("{dir}index.html"));
    }
    let stem = name
        .strip_suffix(".md")
        .or_else(|| name.strip_suffix(".mmd"))?;
    Some(format!("{dir}{stem}.html"))
}

/// Every document's page and every copied file, by source path; the site's files by path.
#[derive(Debug, Default)]
pub struct Map {
    /// Source path -> site path.
    pub by_source: BTreeMap<String, String>,
    /// Every site path taken.
    pub taken: BTreeSet<String>,
}

impl Map {
    /// Places each of `sources`, failing when two land on the same path.
    pub fn new<'a>(sources: impl IntoIterator<Item = &'a str>) -> anyhow::Result<Map> {
        let mut map = Map::default();
        for source in sources {
            let to = page_of(source).unwrap_or_else(|| source.to_owned());
            map.take(&to, source)?;
            map.by_source.insert(source.to_owned(), to);
        }
        Ok(map)
    }

    /// Claims `path` for `what`, failing when it is taken.
    pub fn take(&mut self, path: &str, what: &str) -> anyhow::Result<()> {
        if !self.taken.insert(path.to_owned()) {
            anyhow::bail!(
                "`{what}` and another file would both become the site's `{path}`; rename one of them"
            );
        }
        Ok(())
    }

    /// `url`, written in the document `source`, as a link from the page `page`: a local link
    /// points at the page its target became, relative to `page`; external links, mail links
    /// and links that leave the folder stay as they are.
    pub fn rewrite(&self, source: &str, page: &str, url: &str) -> String {
        if url.is_empty() || url.starts_with("//") || has_scheme(url) {
            return url.to_owned();
        }
        let (path, fragment) = match url.find(['#', '?']) {
            Some(i) => url.split_at(i),
            None => (url, ""),
        };
        let Some(target) = resolve(source, path) else {
            return url.to_owned();
        };
        let to = self.target(&target);
        if to == page && !fragment.is_empty() {
            return fragment.to_owned();
        }
        format!("{}{fragment}", relative(page, &to))
    }

    /// The site path of a source path (a folder's index for a folder).
    fn target(&self, target: &str) -> String {
        if let Some(to) = self.by_source.get(target) {
            return to.clone();
        }
        let dir = target.trim_end_matches('/');
        let prefix = if dir.is_empty() {
            String::new()
        } else {
            format!("{dir}/")
        };
        for index in ["README.md", "index.md"] {
            if let Some(to) = self.by_source.get(&format!("{prefix}{index}")) {
                return to.clone();
            }
        }
        target.to_owned()
    }
}

/// Whether `url` starts with a scheme such as `https:` or `mailto:`.
fn has_scheme(url: &str) -> bool {
    url.split_once(':').is_some_and(|(scheme, _)| {
        !scheme.is_empty()
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    })
}

/// The folder-relative path `path` names from the file `from` (`from` itself when empty), or
/// `None` when it climbs out of the folder.
pub fn resolve(from: &str, path: &str) -> Option<String> {
    if path.is_empty() {
        return Some(from.to_owned());
    }
    let mut parts: Vec<&str> = if path.starts_with('/') {
        Vec::new()
    } else {
        from.split('/').collect()
    };
    parts.pop();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            _ => parts.push(part),
        }
    }
    let mut out = parts.join("/");
    if path.ends_with('/') && !out.is_empty() {
        out.push('/');
    }
    Some(out)
}

/// The link from the page `from` to the site path `to`, both relative to the site's root.
pub fn relative(from: &str, to: &str) -> String {
    let from_dirs: Vec<&str> = from.split('/').collect();
    let from_dirs = &from_dirs[..from_dirs.len() - 1];
    let to_parts: Vec<&str> = to.split('/').collect();
    let common = from_dirs
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count()
        .min(to_parts.len() - 1);
    let mut out = "../".repeat(from_dirs.len() - common);
    out.push_str(&to_parts[common..].join("/"));
    out
}

/// The prefix that leads from `page` back to the site's root (`""`, `../`, `../../`).
pub fn root_of(page: &str) -> String {
    "../".repeat(page.matches('/').count())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_become_pages() {
        assert_eq!(page_of("README.md").unwrap(), "index.html");
        assert_eq!(page_of("adr/README.md").unwrap(), "adr/index.html");
        assert_eq!(
            page_of("adr/0002-use-kafka.md").unwrap(),
            "adr/0002-use-kafka.html"
        );
        assert_eq!(page_of("diagrams/flow.mmd").unwrap(), "diagrams/flow.html");
        assert_eq!(page_of("api/orders.openapi.yaml"), None);
    }

    #[test]
    fn links_point_at_pages_relative_to_the_page() {
        let map = Map::new([
            "README.md",
            "communication.md",
            "adr/README.md",
            "adr/0002-x.md",
            "api/orders.openapi.yaml",
        ])
        .unwrap();
        let r = |source, page, url| map.rewrite(source, page, url);
        assert_eq!(
            r("README.md", "index.html", "communication.md#links"),
            "communication.html#links"
        );
        assert_eq!(
            r("adr/0002-x.md", "adr/0002-x.html", "../README.md"),
            "../index.html"
        );
        assert_eq!(
            r("adr/0002-x.md", "adr/0002-x.html", "README.md"),
            "index.html"
        );
        assert_eq!(r("README.md", "index.html", "adr/"), "adr/index.html");
        assert_eq!(
            r("README.md", "index.html", "api/orders.openapi.yaml"),
            "api/orders.openapi.yaml"
        );
        // A section moved to another page keeps pointing at its own document.
        assert_eq!(
            r("communication.md", "events/order-placed.html", "#links"),
            "../communication.html#links"
        );
        assert_eq!(
            r("communication.md", "communication.html", "#links"),
            "#links"
        );
        assert_eq!(
            r("README.md", "index.html", "https://x.test/a.md"),
            "https://x.test/a.md"
        );
        assert_eq!(
            r("README.md", "index.html", "mailto:a@b.test"),
            "mailto:a@b.test"
        );
        assert_eq!(
            r("README.md", "index.html", "../outside.md"),
            "../outside.md"
        );
    }

    #[test]
    fn two_files_on_one_page_are_refused() {
        let err = Map::new(["a/README.md", "a/index.md"]).unwrap_err();
        assert!(
            err.to_string().contains(
                "`a/index.md` and another file would both become the site's `a/index.html`"
            ),
            "{err}"
        );
    }

    #[test]
    fn relative_paths() {
        assert_eq!(relative("a/b/c.html", "a/d.html"), "../d.html");
        assert_eq!(relative("index.html", "a/d.html"), "a/d.html");
        assert_eq!(relative("a/x.html", "a/y.html"), "y.html");
        assert_eq!(root_of("a/b/c.html"), "../../");
    }
}
