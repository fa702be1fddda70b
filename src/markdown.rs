//! Reading Markdown the way a forge does (GitHub Flavored Markdown through comrak): the one
//! place that sets comrak's options, and an outline of a document (headings with their anchors,
//! links, tables) for checks of the rendered documents.

use comrak::nodes::{AstNode, NodeValue};
use comrak::{Anchorizer, Arena, Options};

/// comrak's options for archgen's documents: GitHub Flavored Markdown with YAML front matter.
pub fn options() -> Options<'static> {
    let mut o = Options::default();
    o.extension.table = true;
    o.extension.strikethrough = true;
    o.extension.autolink = true;
    o.extension.tasklist = true;
    o.extension.footnotes = true;
    o.extension.front_matter_delimiter = Some("---".into());
    o
}

/// comrak's options for the static site's pages: [`options`], with each heading given the id
/// of the anchor a forge gives it, so that links to `doc.md#anchor` land on it.
pub fn html_options() -> Options<'static> {
    let mut o = options();
    o.extension.header_id_prefix = Some(String::new());
    o
}

/// A heading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// 1 to 6.
    pub level: u8,
    /// Its plain text.
    pub text: String,
    /// The anchor a forge gives it (unique within the document).
    pub anchor: String,
    /// 1-based line.
    pub line: usize,
}

/// A link or image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// Its destination.
    pub url: String,
    /// 1-based line.
    pub line: usize,
}

/// A table, with every body row's cell count as written in the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// 1-based line of the header row.
    pub line: usize,
    /// Columns of the header.
    pub columns: usize,
    /// `(line, cells)` of each row whose cell count differs from the header's.
    pub ragged: Vec<(usize, usize)>,
}

/// What a document holds, for checks.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outline {
    /// Headings in order.
    pub headings: Vec<Heading>,
    /// Links and images in order.
    pub links: Vec<Link>,
    /// Tables in order.
    pub tables: Vec<Table>,
}

/// Outlines `text`.
pub fn outline(text: &str) -> Outline {
    let arena = Arena::new();
    let root = comrak::parse_document(&arena, text, &options());
    let lines: Vec<&str> = text.lines().collect();
    let mut anchors = Anchorizer::new();
    let mut out = Outline::default();
    for node in root.descendants() {
        let line = node.data.borrow().sourcepos.start.line;
        match &node.data.borrow().value {
            NodeValue::Heading(h) => {
                let text = plain_text(node);
                out.headings.push(Heading {
                    level: h.level,
                    anchor: anchors.anchorize(&text),
                    text,
                    line,
                });
            }
            NodeValue::Link(l) | NodeValue::Image(l) => out.links.push(Link {
                url: l.url.clone(),
                line,
            }),
            NodeValue::Table(t) => {
                let end = node.data.borrow().sourcepos.end.line;
                let ragged = (line + 2..=end)
                    .filter_map(|n| lines.get(n - 1).map(|l| (n, cells(l))))
                    .filter(|(_, c)| *c != t.num_columns)
                    .collect();
                out.tables.push(Table {
                    line,
                    columns: t.num_columns,
                    ragged,
                });
            }
            _ => {}
        }
    }
    out
}

/// The text of a node and its children, without markup.
fn plain_text<'a>(node: &'a AstNode<'a>) -> String {
    let mut s = String::new();
    for d in node.descendants() {
        match &d.data.borrow().value {
            NodeValue::Text(t) => s.push_str(t),
            NodeValue::Code(c) => s.push_str(&c.literal),
            NodeValue::SoftBreak | NodeValue::LineBreak => s.push(' '),
            _ => {}
        }
    }
    s
}

/// Cells in a table row as GFM splits it: every unescaped pipe (even inside a code span),
/// outer pipes optional.
fn cells(row: &str) -> usize {
    let row = row.trim();
    let mut count = 1;
    let mut escaped = false;
    for c in row.chars() {
        match c {
            '\\' if !escaped => {
                escaped = true;
                continue;
            }
            '|' if !escaped => count += 1,
            _ => {}
        }
        escaped = false;
    }
    count
        - usize::from(row.starts_with('|'))
        - usize::from(row.ends_with('|') && !row.ends_with("\\|") && row.len() > 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outlines_headings_links_and_tables() {
        let doc = "# Title\n\n## A `b`\n\n## A b\n\nSee [x](x.md#a-b).\n\n| a | b |\n| --- | --- |\n| 1 \\| 2 | 3 |\n| 4 | 5 | 6 |\n";
        let o = outline(doc);
        let anchors: Vec<&str> = o.headings.iter().map(|h| h.anchor.as_str()).collect();
        assert_eq!(anchors, ["title", "a-b", "a-b-1"]);
        assert_eq!(
            o.links,
            vec![Link {
                url: "x.md#a-b".into(),
                line: 7
            }]
        );
        assert_eq!(o.tables.len(), 1);
        assert_eq!(o.tables[0].columns, 2);
        assert_eq!(o.tables[0].ragged, vec![(12, 3)]);
    }
}
