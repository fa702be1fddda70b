//! One document's Markdown as HTML for the site: GitHub Flavored Markdown through comrak (raw
//! HTML left out), each link rewritten to the page its target became, and each ```` ```mermaid ````
//! block made a `<pre class="mermaid">` that the embedded Mermaid bundle draws.

use comrak::nodes::NodeValue;
use comrak::{Arena, format_html, parse_document};

/// `markdown` as HTML, each link and image source passed through `link`.
pub fn body(markdown: &str, link: impl Fn(&str) -> String) -> String {
    let options = crate::markdown::html_options();
    let arena = Arena::new();
    let root = parse_document(&arena, markdown, &options);
    for node in root.descendants() {
        if let NodeValue::Link(l) | NodeValue::Image(l) = &mut node.data.borrow_mut().value {
            l.url = link(&l.url);
        }
    }
    let mut html = String::new();
    format_html(root, &options, &mut html).expect("formatting into a String cannot fail");
    mermaid_blocks(&html)
}

/// A Mermaid source file as HTML: the diagram, then its source.
pub fn diagram(source: &str) -> String {
    let code = crate::text::escape::html(source);
    format!(
        "<pre class=\"mermaid\">{code}</pre>\n<details>\n<summary>Mermaid source</summary>\n<pre><code>{code}</code></pre>\n</details>\n"
    )
}

const FENCE_OPEN: &str = "<pre><code class=\"language-mermaid\">";
const FENCE_CLOSE: &str = "</code></pre>";

/// comrak's `<pre><code class="language-mermaid">` blocks as `<pre class="mermaid">`, the
/// element Mermaid looks for; the text inside is escaped already, and Mermaid reads it back
/// as text. Raw HTML is left out of the pages, so a document cannot write this opening itself.
fn mermaid_blocks(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find(FENCE_OPEN) {
        let after = &rest[start + FENCE_OPEN.len()..];
        let Some(end) = after.find(FENCE_CLOSE) else {
            break;
        };
        out.push_str(&rest[..start]);
        out.push_str("<pre class=\"mermaid\">");
        out.push_str(&after[..end]);
        out.push_str("</pre>");
        rest = &after[end + FENCE_CLOSE.len()..];
    }
    out.push_str(rest);
    out
}

/// Whether a page's HTML holds a diagram, so that it loads the Mermaid bundle.
pub fn has_diagram(html: &str) -> bool {
    html.contains("<pre class=\"mermaid\">")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mermaid_fences_become_diagrams() {
        let html = body(
            "# T\n\n```mermaid\nflowchart LR\n  a[\"x<br>y\"] --> b\n```\n\n```rust\nfn x() {}\n```\n",
            str::to_owned,
        );
        assert!(html.contains("<pre class=\"mermaid\">flowchart LR\n  a[&quot;x&lt;br&gt;y&quot;] --&gt; b\n</pre>"), "{html}");
        assert!(html.contains("<code class=\"language-rust\">"), "{html}");
        assert!(has_diagram(&html));
    }

    #[test]
    fn links_are_rewritten_and_raw_html_left_out() {
        let html = body(
            "## A b\n\nSee [x](x.md#a) and ![i](i.png).\n\n<script>alert(1)</script>\n",
            |u| format!("{u}!"),
        );
        assert!(html.contains("<h2 id=\"a-b\">"), "{html}");
        assert!(html.contains("href=\"x.md#a!\""), "{html}");
        assert!(html.contains("src=\"i.png!\""), "{html}");
        assert!(!html.contains("<script>"), "{html}");
    }

    #[test]
    fn table_cells_and_front_matter() {
        let html = body(
            "---\nstatus: accepted\n---\n\n| a | b |\n| --- | --- |\n| 1 | 2 |\n",
            str::to_owned,
        );
        assert!(
            html.contains("<table>") && html.contains("<td>2</td>"),
            "{html}"
        );
        assert!(!html.contains("status"), "{html}");
    }
}
