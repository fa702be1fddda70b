//! Reading the node ids out of Mermaid flowcharts and sequence diagrams, in `.mmd` files and in
//! Markdown fences, so a check can tell when a diagram names a component the model lacks. It
//! reads the shapes archgen draws and the common hand edits, not all of Mermaid.

/// Flowchart lines that name no nodes.
const SKIP: [&str; 10] = [
    "flowchart",
    "graph",
    "classDef",
    "class",
    "style",
    "linkStyle",
    "click",
    "direction",
    "end",
    "%%",
];

/// Every node id a diagram uses, with its 1-based line; subgraph ids are left out.
pub fn ids(source: &str) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    let lines = source.lines().enumerate().map(|(i, l)| (i + 1, l.trim()));
    let Some((_, first)) = lines
        .clone()
        .find(|(_, l)| !l.is_empty() && !l.starts_with("%%"))
    else {
        return out;
    };
    let sequence = first.starts_with("sequenceDiagram");
    for (n, line) in lines {
        let found = if sequence {
            sequence_ids(line)
        } else {
            flowchart_ids(line)
        };
        out.extend(found.into_iter().map(|id| (id, n)));
    }
    out
}

/// The Mermaid fences of a Markdown document: the line before each one's first line, and its
/// text.
pub fn fences(markdown: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut open: Option<(usize, String)> = None;
    for (i, line) in markdown.lines().enumerate() {
        let t = line.trim();
        match &mut open {
            None if t.starts_with("```mermaid") || t.starts_with("~~~mermaid") => {
                open = Some((i + 1, String::new()))
            }
            Some(_) if t.starts_with("```") || t.starts_with("~~~") => out.extend(open.take()),
            Some((_, text)) => {
                text.push_str(line);
                text.push('\n');
            }
            None => {}
        }
    }
    out
}

fn is_id_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

fn sequence_ids(line: &str) -> Vec<String> {
    let word = |s: &str| {
        s.split(|c: char| !is_id_char(c))
            .next()
            .unwrap_or("")
            .to_owned()
    };
    for kw in ["participant ", "actor "] {
        if let Some(rest) = line.strip_prefix(kw) {
            return vec![word(rest.trim())];
        }
    }
    let Some((left, _)) = line.split_once(':') else {
        return Vec::new();
    };
    let Some(arrow) = left.find(['-', '<']) else {
        return Vec::new();
    };
    let from = left[..arrow].trim();
    let to = left[arrow..]
        .trim_start_matches(['-', '<', '>', ')', 'x', '+'])
        .trim();
    let to = to.strip_prefix(['+', '-']).unwrap_or(to).trim();
    [from, to]
        .iter()
        .filter(|s| !s.is_empty() && s.chars().all(is_id_char))
        .map(|s| s.to_string())
        .collect()
}

fn flowchart_ids(line: &str) -> Vec<String> {
    let first = line.split_whitespace().next().unwrap_or("");
    if line.is_empty() || SKIP.iter().any(|k| first == *k || first.starts_with("%%")) {
        return Vec::new();
    }
    if first == "subgraph" {
        return Vec::new();
    }
    let text = strip_labels(line);
    let mut out = Vec::new();
    let mut label = false;
    for token in text.split_whitespace().flat_map(split_ops) {
        if token.chars().all(is_id_char) {
            if !label && !token.chars().all(|c| c.is_ascii_digit()) {
                out.push(token.to_owned());
            }
        } else if token != "&" {
            // `A -- text --> B`: the words after an open `--` are the link's label.
            label = !label && matches!(token, "--" | "==" | "-.");
        }
    }
    out
}

/// Splits `A-->B` into `A`, `-->`, `B`.
fn split_ops(token: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut kind = None;
    for (i, c) in token.char_indices() {
        let k = is_id_char(c);
        if kind.is_some_and(|prev| prev != k) {
            out.push(&token[start..i]);
            start = i;
        }
        kind = Some(k);
    }
    if start < token.len() {
        out.push(&token[start..]);
    }
    out
}

/// Removes quoted text, `|edge labels|`, `:::classes` and the text inside node shapes.
fn strip_labels(line: &str) -> String {
    let mut out = String::new();
    let (mut quote, mut pipe, mut depth) = (false, false, 0usize);
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => quote = !quote,
            _ if quote => {}
            '|' => pipe = !pipe,
            _ if pipe => {}
            '[' | '(' | '{' => depth += 1,
            ']' | ')' | '}' => depth = depth.saturating_sub(1),
            _ if depth > 0 => {}
            ':' if chars.peek() == Some(&':') => {
                while chars.peek().is_some_and(|c| *c == ':' || is_id_char(*c)) {
                    chars.next();
                }
            }
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(src: &str) -> Vec<String> {
        ids(src)
            .into_iter()
            .map(|(id, line)| format!("{id}@{line}"))
            .collect()
    }

    #[test]
    fn reads_flowchart_nodes_and_edges() {
        let src = "flowchart LR\n  subgraph ctx_1[\"Ordering\"]\n    svc_orders[\"orders<br>Rust #40;axum#41;\"]\n  end\n  svc_orders -->|\"gRPC\"| svc_inventory:::service\n  a---b & c -- a label --> d\n  classDef x fill:#fff\n";
        assert_eq!(
            names(src),
            [
                "svc_orders@3",
                "svc_orders@5",
                "svc_inventory@5",
                "a@6",
                "b@6",
                "c@6",
                "d@6"
            ]
        );
    }

    #[test]
    fn reads_sequence_participants_and_messages() {
        let src = "sequenceDiagram\n  autonumber\n  actor client_web as web\n  participant svc_orders as orders<br>x\n  client_web->>svc_orders: POST /v1/orders\n  svc_orders-)+broker_kafka: OrderPlaced\n  opt Compensation\n  end\n";
        assert_eq!(
            names(src),
            [
                "client_web@3",
                "svc_orders@4",
                "client_web@5",
                "svc_orders@5",
                "svc_orders@6",
                "broker_kafka@6"
            ]
        );
    }

    #[test]
    fn finds_mermaid_fences() {
        let md = "# A\n\n```mermaid\nflowchart LR\n  a --> b\n```\n\n```json\n{}\n```\n";
        assert_eq!(fences(md), [(3, "flowchart LR\n  a --> b\n".to_string())]);
    }
}
