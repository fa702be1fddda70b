//! The search index: every page's title and its section headings with their links, written as
//! a script that sets a global (`window.ARCHGEN_SEARCH`), so that the search box works from
//! `file://`, where a page may not fetch a JSON file beside it.

use serde::Serialize;

/// One thing to find: a page or a section of one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entry {
    /// What it is called: a page's title or a heading.
    pub title: String,
    /// The page it is on, when it is a section.
    pub page: String,
    /// The link from the site's root.
    pub url: String,
}

/// The entries of a page at `url` titled `title`, with its `(level, text, anchor)` headings
/// of levels 2 and 3.
pub fn entries(url: &str, title: &str, headings: &[crate::markdown::Heading]) -> Vec<Entry> {
    let mut out = vec![Entry {
        title: title.to_owned(),
        page: String::new(),
        url: url.to_owned(),
    }];
    out.extend(
        headings
            .iter()
            .filter(|h| (2..=3).contains(&h.level))
            .map(|h| Entry {
                title: h.text.clone(),
                page: title.to_owned(),
                url: format!("{url}#{}", h.anchor),
            }),
    );
    out
}

/// The index as a script: `[title, page, url]` triples, JSON inside JavaScript. serde_json
/// escapes what a string needs; `<` as well, for the day it lands inside a `<script>` element.
pub fn script(entries: &[Entry]) -> String {
    let rows: Vec<[&str; 3]> = entries
        .iter()
        .map(|e| [e.title.as_str(), e.page.as_str(), e.url.as_str()])
        .collect();
    let json = serde_json::to_string(&rows)
        .expect("strings serialize")
        .replace('<', "\\u003c")
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029");
    format!("window.ARCHGEN_SEARCH = {json};\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::outline;

    #[test]
    fn pages_and_their_sections_are_indexed() {
        let o = outline("# Doc\n\n## Links\n\n### Deep\n\n#### Deeper\n");
        let e = entries("a/doc.html", "Doc", &o.headings);
        let titles: Vec<&str> = e.iter().map(|e| e.title.as_str()).collect();
        assert_eq!(titles, ["Doc", "Links", "Deep"]);
        assert_eq!(e[1].url, "a/doc.html#links");
        assert_eq!(
            script(&e[..1]),
            "window.ARCHGEN_SEARCH = [[\"Doc\",\"\",\"a/doc.html\"]];\n"
        );
        let hostile = Entry {
            title: "</script><b>".into(),
            page: String::new(),
            url: "x.html".into(),
        };
        assert!(script(&[hostile]).contains("\\u003c/script>\\u003cb>"));
    }
}
