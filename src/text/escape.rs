//! Escaping user text for where it lands: YAML scalars, Markdown text and table cells, Mermaid
//! labels, GraphQL strings, Protocol Buffers comments, HTML. Plain functions, so that tests and the
//! renderer's own code can use them without a template.

use std::fmt::Write as _;

/// Whether YAML 1.2 allows `c` unescaped in a document.
fn yaml_printable(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{7e}' | '\u{85}' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
        && c != '\u{feff}'
}

/// A YAML (and JSON) double-quoted string: valid for every YAML 1.1 and 1.2 parser, and never
/// read as a number, boolean or null.
pub fn yaml_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            // Line and paragraph separators are line breaks to YAML 1.1 parsers.
            '\u{2028}' | '\u{2029}' | '\u{85}' => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c if !yaml_printable(c) || (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Markdown text on one line: every character Markdown could read as syntax is escaped, line
/// breaks become spaces, so the text stays text in a paragraph, a list item or a table cell.
pub fn markdown_inline(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let text = s.split_whitespace().collect::<Vec<_>>().join(" ");
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        // Forges turn bare `scheme://`, `www.` and `a@b` into links; escaping their punctuation
        // keeps user text as text.
        let autolink = match c {
            ':' => chars.get(i + 1..i + 3) == Some(&['/', '/'][..]),
            '.' => {
                i >= 3
                    && chars[i - 3..i]
                        .iter()
                        .collect::<String>()
                        .eq_ignore_ascii_case("www")
                    && (i == 3 || !chars[i - 4].is_alphanumeric())
            }
            '@' => true,
            _ => false,
        };
        match c {
            '\\' | '`' | '*' | '_' | '{' | '}' | '[' | ']' | '<' | '>' | '#' | '|' | '~' | '!'
            | '&' | '$' => {
                out.push('\\');
                out.push(c);
            }
            c if autolink => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    escape_line_start(&out)
}

/// Markdown paragraphs: each line escaped as [`markdown_inline`], blank lines kept as paragraph
/// breaks (runs of them collapsed).
pub fn markdown_block(s: &str) -> String {
    let mut paragraphs: Vec<String> = Vec::new();
    let mut current: Vec<String> = Vec::new();
    for line in s.lines() {
        if line.trim().is_empty() {
            if !current.is_empty() {
                paragraphs.push(current.join("\n"));
                current.clear();
            }
        } else {
            current.push(markdown_inline(line));
        }
    }
    if !current.is_empty() {
        paragraphs.push(current.join("\n"));
    }
    paragraphs.join("\n\n")
}

/// Escapes what would start a heading, list, quote, thematic break or setext underline, after
/// the spaces that may indent it (a control character becomes one: `\0=` must not underline
/// the line above as a heading).
fn escape_line_start(s: &str) -> String {
    let (indent, s) = s.split_at(s.len() - s.trim_start_matches(' ').len());
    let digits = s.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && digits <= 9 {
        let rest = &s[digits..];
        if rest.starts_with(". ") || rest.starts_with(") ") || rest == "." || rest == ")" {
            return format!("{indent}{}\\{}", &s[..digits], rest);
        }
    }
    match s.chars().next() {
        Some('-' | '+' | '=' | '>' | '#' | '*') => format!("{indent}\\{s}"),
        _ => format!("{indent}{s}"),
    }
}

/// An inline code span that holds `s` whatever backticks it contains. Text with a `|` is
/// written as escaped plain text instead, because a `|` inside a code span still splits a GFM
/// table cell and the same span may land in a table or in a paragraph.
pub fn markdown_code(s: &str) -> String {
    if s.contains('|') {
        return markdown_inline(s);
    }
    // Control characters are garbage in a text file (and a lone CR ends a CommonMark line).
    let text = s
        .split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    if text.is_empty() {
        return "` `".into();
    }
    if text.starts_with('`')
        || text.ends_with('`')
        || (text.starts_with(' ') && text.ends_with(' '))
    {
        format!("{fence} {text} {fence}")
    } else {
        format!("{fence}{text}{fence}")
    }
}

/// Text for a Mermaid label (quoted flowchart nodes, subgraph titles and edge labels; sequence
/// participant aliases, messages and notes): every ASCII punctuation character Mermaid could read
/// as syntax (quotes, brackets, `|`, `:`, `;`, `#`, `%%`, `<`, `` ` ``, `$$` KaTeX, `fa:` icons)
/// becomes a `#code;` entity, which Mermaid decodes to literal text after parsing (with a
/// zero-width space where Mermaid would still find KaTeX or an icon after decoding); line breaks
/// (including Unicode line and paragraph separators) become `<br>`; an empty label is a
/// non-breaking space so the shape keeps its height.
pub fn mermaid_label(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let lines = s
        .split([
            '\n', '\r', '\u{0b}', '\u{0c}', '\u{85}', '\u{2028}', '\u{2029}',
        ])
        .map(str::trim)
        .filter(|l| !l.is_empty());
    for (i, line) in lines.enumerate() {
        if i > 0 {
            out.push_str("<br>");
        }
        let mut previous = ' ';
        for (at, c) in line.char_indices() {
            // Mermaid decodes entities before it looks for `$$...$$` KaTeX and `fa:fa-x` icons in
            // some labels (those with a line break), so an entity alone does not keep them
            // literal: a zero-width space inside each does.
            if (c == '$' && previous == '$') || (previous == ':' && line[at..].starts_with("fa-")) {
                out.push('\u{200b}');
            }
            previous = c;
            match c {
                'a'..='z'
                | 'A'..='Z'
                | '0'..='9'
                | ' '
                | ','
                | '.'
                | '-'
                | '_'
                | '/'
                | '\''
                | '?'
                | '!'
                | '+'
                | '='
                | '*'
                | '@'
                | '^'
                | '~' => out.push(c),
                c if c.is_ascii() && !c.is_ascii_control() => {
                    let _ = write!(out, "#{};", c as u32);
                }
                c if c.is_control() || c.is_whitespace() => out.push(' '),
                c => out.push(c),
            }
        }
    }
    if out.is_empty() { "#160;".into() } else { out }
}

/// A GraphQL string literal.
pub fn graphql_string(s: &str) -> String {
    // JSON string syntax is a subset of GraphQL's; escape what YAML-safe output escapes too.
    yaml_string(s)
}

/// One line of a Protocol Buffers `//` comment.
pub fn comment_line(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .filter(|c| !c.is_control())
        .collect()
}

/// HTML text or a double-quoted attribute value: `&`, `<`, `>`, `"` and `'` as entities.
pub fn html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_escapes_text_and_attributes() {
        assert_eq!(
            html("<script>\"a\" & 'b'</script>"),
            "&lt;script&gt;&quot;a&quot; &amp; &#39;b&#39;&lt;/script&gt;"
        );
    }

    #[test]
    fn yaml_strings_round_trip() {
        for s in [
            "yes",
            "no",
            "~",
            "null",
            "1e3",
            "0x10",
            ".inf",
            "a: b",
            "# c",
            "- d",
            "\"q\"",
            "tab\there",
            "line\nbreak",
            "\u{7f}\u{85}\u{feff}\u{2028}",
            "emoji 🚀",
            "עברית",
        ] {
            let quoted = yaml_string(s);
            let back: String = serde_yaml::from_str(&quoted).unwrap();
            assert_eq!(back, s, "{quoted}");
            let json: String = serde_json::from_str(&quoted).unwrap();
            assert_eq!(json, s);
        }
    }

    #[test]
    fn markdown_text_stays_text() {
        assert_eq!(markdown_inline("a | b"), "a \\| b");
        assert_eq!(
            markdown_inline("<script>x</script>"),
            "\\<script\\>x\\</script\\>"
        );
        assert_eq!(markdown_inline("# not a heading"), "\\# not a heading");
        assert_eq!(markdown_inline("- not a list"), "\\- not a list");
        assert_eq!(markdown_inline("1. not a list"), "1\\. not a list");
        assert_eq!(markdown_inline("two\nlines"), "two lines");
        assert_eq!(
            markdown_inline("see https://x.org or www.x.org, ada@x.org"),
            "see https\\://x.org or www\\.x.org, ada\\@x.org"
        );
        assert_eq!(markdown_block("one\n\n\n\ntwo\n- x"), "one\n\ntwo\n\\- x");
        // After a control character, which becomes a space, `=` still underlines the line
        // above as a heading and `#` still starts one.
        assert_eq!(markdown_block("- \n\0="), "\\-\n \\=");
        assert_eq!(markdown_inline("\0# x"), " \\# x");
    }

    #[test]
    fn code_spans_hold_backticks() {
        assert_eq!(markdown_code("orders"), "`orders`");
        assert_eq!(markdown_code("a`b"), "``a`b``");
        assert_eq!(markdown_code("`x`"), "`` `x` ``");
        assert_eq!(markdown_code("a\0b\r\u{7f}c"), "`a b c`");
        assert_eq!(markdown_code("a|b"), "a\\|b");
    }

    #[test]
    fn mermaid_labels_have_no_syntax() {
        assert_eq!(
            mermaid_label("Payments (v2): \"EU\" | #1"),
            "Payments #40;v2#41;#58; #34;EU#34; #124; #35;1"
        );
        assert_eq!(mermaid_label("a\nb"), "a<br>b");
        assert_eq!(mermaid_label("  "), "#160;");
        assert_eq!(mermaid_label(""), "#160;");
        // Lines are trimmed and blank ones dropped, whatever the line break.
        assert_eq!(
            mermaid_label(" one \r\n\r\ntwo\u{2028}three\u{85}four\rfive"),
            "one<br>two<br>three<br>four<br>five"
        );
        // Nothing Mermaid could read as syntax survives: brackets and braces (shapes), `{{`
        // (a hexagon), `;` and `#` (statement ends, comments), `%%` (comments and directives),
        // `<` (HTML), backticks (Markdown strings), `$$` (KaTeX), `:` (`fa:` icons, messages).
        for hostile in [
            "a[b](c){d}",
            "{{ x }}",
            "x; y # z",
            "%%{init: {}}%%",
            "<script>alert(1)</script>",
            "`**md**`",
            "$$x^2$$",
            "fa:fa-user",
            "A -->|x| B",
            "'single' \"double\"",
            "a&amp;b \\ c",
        ] {
            let label = mermaid_label(hostile);
            for c in "[](){}<>;:%\"`$|&\\".chars() {
                let stripped: String = label
                    .split('#')
                    .enumerate()
                    .map(|(i, part)| {
                        if i == 0 {
                            part
                        } else {
                            part.split_once(';').map_or(part, |p| p.1)
                        }
                    })
                    .collect();
                assert!(
                    !stripped.contains(c),
                    "{hostile:?} -> {label:?} keeps {c:?}"
                );
            }
            assert!(!label.contains('\n'));
        }
        assert_eq!(
            mermaid_label("$$x$$ costs $5"),
            "#36;\u{200b}#36;x#36;\u{200b}#36; costs #36;5"
        );
        assert_eq!(mermaid_label("fa:fa-user"), "fa#58;\u{200b}fa-user");
        assert_eq!(mermaid_label("end"), "end");
        // Non-ASCII text is kept as it is; control characters become spaces.
        assert_eq!(mermaid_label("Größe 🚀 עברית"), "Größe 🚀 עברית");
        assert_eq!(mermaid_label("a\tb\u{7f}c\u{200b}"), "a b c\u{200b}");
    }
}
