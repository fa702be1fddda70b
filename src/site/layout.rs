//! The frame every page shares: the head, a sidebar with the search box, the documents in the
//! index's order and the service, event and decision lists, then the page's own HTML and the
//! scripts (the search index, the site's script, and the Mermaid bundle on pages that draw).

use super::paths::{relative, root_of};
use crate::text::escape::html;
use std::fmt::Write as _;

/// What the sidebar lists, the same on every page.
#[derive(Debug, Default)]
pub struct Nav {
    /// The system's name.
    pub system: String,
    /// `(page, title)` of each document, in the index's order.
    pub documents: Vec<(String, String)>,
    /// `(page, title)` of the item lists: services, events, decisions.
    pub lists: Vec<(String, String)>,
}

/// A page's frame around `body`, for the page at `path` titled `title`.
pub fn page(nav: &Nav, path: &str, title: &str, body: &str) -> String {
    let root = root_of(path);
    let mut out = String::with_capacity(body.len() + 4096);
    let title_text = if title == nav.system {
        html(title)
    } else {
        format!("{} · {}", html(title), html(&nav.system))
    };
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title_text}</title>\n<link rel=\"stylesheet\" href=\"{root}assets/site.css\">\n\
         </head>\n<body data-root=\"{root}\">\n<nav class=\"sidebar\" aria-label=\"Documents\">\n\
         <p class=\"system\"><a href=\"{home}\">{system}</a></p>\n\
         <input id=\"search\" type=\"search\" placeholder=\"Search\" aria-label=\"Search the documents\" autocomplete=\"off\">\n\
         <ol id=\"results\" hidden></ol>\n",
        home = html(&relative(path, "index.html")),
        system = html(&nav.system),
    );
    for (heading, links) in [("Documents", &nav.documents), ("Items", &nav.lists)] {
        let _ = writeln!(out, "<h2>{heading}</h2>\n<ul>");
        for (to, label) in links {
            let current = if to == path {
                " aria-current=\"page\""
            } else {
                ""
            };
            let _ = writeln!(
                out,
                "<li><a href=\"{}\"{current}>{}</a></li>",
                html(&relative(path, to)),
                html(label)
            );
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</nav>\n<main>\n");
    out.push_str(body);
    out.push_str("</main>\n");
    if super::html::has_diagram(body) {
        let _ = writeln!(out, "<script src=\"{root}assets/mermaid.min.js\"></script>");
    }
    let _ = write!(
        out,
        "<script src=\"{root}assets/search-index.js\"></script>\n\
         <script src=\"{root}assets/site.js\"></script>\n</body>\n</html>\n"
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_text_is_escaped_and_links_are_relative() {
        let nav = Nav {
            system: "<b>Shop</b> & co".into(),
            documents: vec![
                ("index.html".into(), "Overview".into()),
                ("adr/index.html".into(), "\"ADRs\"".into()),
            ],
            lists: vec![("services/index.html".into(), "Services".into())],
        };
        let p = page(&nav, "adr/index.html", "<img src=x>", "<p>body</p>\n");
        assert!(
            p.contains("<title>&lt;img src=x&gt; · &lt;b&gt;Shop&lt;/b&gt; &amp; co</title>"),
            "{p}"
        );
        assert!(
            p.contains("<a href=\"index.html\" aria-current=\"page\">&quot;ADRs&quot;</a>"),
            "{p}"
        );
        assert!(
            p.contains("<a href=\"../services/index.html\">Services</a>"),
            "{p}"
        );
        assert!(p.contains("href=\"../assets/site.css\""), "{p}");
        assert!(!p.contains("mermaid.min.js"), "{p}");
        assert!(!p.contains("<b>Shop"), "{p}");
    }
}
