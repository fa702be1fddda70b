//! What the documents say about one service or event: every section whose heading is its
//! name (`## orders` in Service boundaries, `### OrderPlaced` in Inter-service
//! communication), cut from the document as written, hand edits included.

use crate::markdown::Outline;
use std::collections::{HashMap, HashSet};

/// A section of a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// The document's path.
    pub source: String,
    /// The heading's anchor in that document.
    pub anchor: String,
    /// The Markdown under the heading, up to the next heading of its level or above.
    pub markdown: String,
}

/// The sections of `docs` (`(path, text, outline)`, in reading order) whose heading text is
/// one of `names`, by name.
pub fn by_heading(
    docs: &[(&str, &str, &Outline)],
    names: &HashSet<&str>,
) -> HashMap<String, Vec<Section>> {
    let mut out: HashMap<String, Vec<Section>> = HashMap::new();
    for (source, text, outline) in docs {
        let lines: Vec<&str> = text.lines().collect();
        for (i, h) in outline.headings.iter().enumerate() {
            if !names.contains(h.text.as_str()) {
                continue;
            }
            let end = outline.headings[i + 1..]
                .iter()
                .find(|next| next.level <= h.level)
                .map_or(lines.len(), |next| next.line - 1);
            let start = h.line.min(lines.len());
            let mut markdown = lines[start..end.max(start)].join("\n");
            markdown.push('\n');
            out.entry(h.text.clone()).or_default().push(Section {
                source: (*source).to_owned(),
                anchor: h.anchor.clone(),
                markdown,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::outline;

    #[test]
    fn a_section_runs_to_the_next_heading_of_its_level() {
        let text = "---\ntitle: x\n---\n\n# Doc\n\n## orders\n\nOwns orders.\n\n### Data\n\nRows.\n\n## payments\n\nPays.\n";
        let o = outline(text);
        let names = HashSet::from(["orders", "payments", "absent"]);
        let found = by_heading(&[("a.md", text, &o)], &names);
        assert_eq!(
            found["orders"][0].markdown,
            "\nOwns orders.\n\n### Data\n\nRows.\n\n"
        );
        assert_eq!(found["orders"][0].anchor, "orders");
        assert_eq!(found["payments"][0].markdown, "\nPays.\n");
        assert!(!found.contains_key("absent"));
    }
}
