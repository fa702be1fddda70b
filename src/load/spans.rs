//! Where each node of a YAML document starts, by JSON pointer, so that every finding about
//! the model can name its line and column.

use saphyr_parser::{Event, Parser, ScalarStyle, Span};
use std::collections::HashMap;

/// A 1-based line and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pos {
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
}

/// Positions of the nodes of one YAML document, keyed by JSON pointer (`/services/0/name`).
#[derive(Debug, Default, Clone)]
pub struct Spans {
    values: HashMap<String, Pos>,
    keys: HashMap<String, Pos>,
    ends: HashMap<String, Pos>,
}

enum Frame {
    Map {
        path: String,
        key: Option<String>,
        end: Option<Pos>,
    },
    Seq {
        path: String,
        index: usize,
        end: Option<Pos>,
    },
}

impl Frame {
    fn end_mut(&mut self) -> &mut Option<Pos> {
        match self {
            Frame::Map { end, .. } | Frame::Seq { end, .. } => end,
        }
    }
}

/// Moves `slot` to `pos` when `pos` is later.
fn extend(slot: &mut Option<Pos>, pos: Pos) {
    if slot.is_none_or(|p| (p.line, p.column) < (pos.line, pos.column)) {
        *slot = Some(pos);
    }
}

impl Spans {
    /// Indexes `source`. A document that does not parse gives whatever was indexed before the
    /// syntax error; the syntax error itself is reported by the deserializer.
    pub fn index(source: &str) -> Spans {
        let mut spans = Spans::default();
        let mut stack: Vec<Frame> = Vec::new();
        let chars: Vec<char> = source.chars().collect();
        for item in Parser::new_from_str(source) {
            let Ok((event, span)) = item else { break };
            match event {
                Event::Scalar(text, style, ..) => {
                    if let Some(Frame::Map { path, key, .. }) = stack.last_mut() {
                        if key.is_none() {
                            let child = child_path(path, &text);
                            spans.keys.insert(child, pos(&span));
                            *key = Some(text.into_owned());
                            continue;
                        }
                    }
                    let path = spans.value_here(&mut stack, &span);
                    let end = match style {
                        // A block scalar's span runs on to the next token; its text ends at
                        // the last character that is not white space.
                        ScalarStyle::Literal | ScalarStyle::Folded => content_end(&chars, &span),
                        _ => end_pos(&span),
                    };
                    spans.end_here(&mut stack, path, end);
                }
                Event::Alias(_) => {
                    let path = spans.value_here(&mut stack, &span);
                    spans.end_here(&mut stack, path, end_pos(&span));
                }
                Event::MappingStart(..) | Event::SequenceStart(..) => {
                    let is_map = matches!(event, Event::MappingStart(..));
                    // A collection used as a mapping key cannot be addressed by a pointer.
                    let path = match stack.last_mut() {
                        Some(Frame::Map {
                            key: None, path, ..
                        }) => {
                            let placeholder = child_path(path, "?");
                            stack.push(Frame::Map {
                                path: placeholder,
                                key: Some(String::new()),
                                end: None,
                            });
                            continue;
                        }
                        _ => spans.value_here(&mut stack, &span),
                    };
                    stack.push(if is_map {
                        Frame::Map {
                            path,
                            key: None,
                            end: None,
                        }
                    } else {
                        Frame::Seq {
                            path,
                            index: 0,
                            end: None,
                        }
                    });
                }
                Event::MappingEnd | Event::SequenceEnd => {
                    // A block collection's end event sits at the next token, possibly lines
                    // later; its last child's end is where it really ends.
                    if let Some(frame) = stack.pop() {
                        let (path, end) = match frame {
                            Frame::Map { path, end, .. } | Frame::Seq { path, end, .. } => {
                                (path, end)
                            }
                        };
                        if let Some(end) = end {
                            spans.end_here(&mut stack, path, end);
                        }
                    }
                }
                _ => {}
            }
        }
        spans
    }

    /// Records a value at the current position and advances the parent; returns its path.
    fn value_here(&mut self, stack: &mut [Frame], span: &Span) -> String {
        let path = match stack.last_mut() {
            None => String::new(),
            Some(Frame::Map { path, key, .. }) => {
                let key = key.take().unwrap_or_default();
                child_path(path, &key)
            }
            Some(Frame::Seq { path, index, .. }) => {
                let child = child_path(path, &index.to_string());
                *index += 1;
                child
            }
        };
        self.values.entry(path.clone()).or_insert(pos(span));
        path
    }

    /// Records where the value at `path` ends and extends its parent to it.
    fn end_here(&mut self, stack: &mut [Frame], path: String, end: Pos) {
        self.ends.insert(path, end);
        if let Some(parent) = stack.last_mut() {
            extend(parent.end_mut(), end);
        }
    }

    /// Where the value at `pointer` ends (just after its last character), for editing the
    /// source in place; `None` for an unknown pointer or an empty collection.
    pub fn end(&self, pointer: &str) -> Option<Pos> {
        self.ends.get(pointer).copied()
    }

    /// Where the key naming the value at `pointer` starts, without falling back.
    pub fn key_start(&self, pointer: &str) -> Option<Pos> {
        self.keys.get(pointer).copied()
    }

    /// Where the value at `pointer` itself starts, without falling back to an ancestor.
    pub fn start(&self, pointer: &str) -> Option<Pos> {
        self.values.get(pointer).copied()
    }

    /// Where the value at `pointer` starts, or the nearest enclosing node that has a position.
    pub fn value(&self, pointer: &str) -> Option<Pos> {
        let mut p = pointer;
        loop {
            if let Some(pos) = self.values.get(p) {
                return Some(*pos);
            }
            p = &p[..p.rfind('/')?];
        }
    }

    /// Where the key naming the value at `pointer` starts, falling back to the value.
    pub fn key(&self, pointer: &str) -> Option<Pos> {
        self.keys
            .get(pointer)
            .copied()
            .or_else(|| self.value(pointer))
    }
}

/// Appends one escaped segment to a JSON pointer.
pub fn child_path(parent: &str, segment: &str) -> String {
    format!("{parent}/{}", segment.replace('~', "~0").replace('/', "~1"))
}

fn pos(span: &Span) -> Pos {
    Pos {
        line: span.start.line(),
        column: span.start.col() + 1,
    }
}

/// Where the text of a block scalar ends: just after its last character that is not space.
fn content_end(chars: &[char], span: &Span) -> Pos {
    let mut i = span.end.index().min(chars.len());
    while i > span.start.index() && chars[i - 1].is_whitespace() {
        i -= 1;
    }
    let line = 1 + chars[..i].iter().filter(|c| **c == '\n').count();
    let column = 1 + chars[..i].iter().rev().take_while(|c| **c != '\n').count();
    Pos { line, column }
}

fn end_pos(span: &Span) -> Pos {
    Pos {
        line: span.end.line(),
        column: span.end.col() + 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indexes_keys_values_and_items() {
        let src =
            "version: 1\nservices:\n  - name: orders\n    api:\n      style: rest\n  - name: a/b\n";
        let spans = Spans::index(src);
        assert_eq!(
            spans.value("/version"),
            Some(Pos {
                line: 1,
                column: 10
            })
        );
        assert_eq!(spans.key("/services"), Some(Pos { line: 2, column: 1 }));
        assert_eq!(spans.value("/services/0"), Some(Pos { line: 3, column: 5 }));
        assert_eq!(
            spans.value("/services/0/api/style"),
            Some(Pos {
                line: 5,
                column: 14
            })
        );
        assert_eq!(
            spans.key("/services/0/api/style"),
            Some(Pos { line: 5, column: 7 })
        );
        assert_eq!(
            spans.value("/services/1/name"),
            Some(Pos {
                line: 6,
                column: 11
            })
        );
        // Unknown pointers fall back to the closest ancestor.
        assert_eq!(
            spans.value("/services/1/missing"),
            Some(Pos { line: 6, column: 5 })
        );
    }

    #[test]
    fn records_where_values_end() {
        let src = "a:\n  - x: \"one\"\n    y: >-\n      folded\n      text\n  # note\nb: [1, 22]\n";
        let spans = Spans::index(src);
        let at = |line, column| Some(Pos { line, column });
        assert_eq!(spans.end("/a/0/x"), at(2, 13));
        assert_eq!(spans.end("/a/0/y"), at(5, 11));
        assert_eq!(spans.end("/a/0"), at(5, 11));
        assert_eq!(spans.end("/a"), at(5, 11));
        assert_eq!(spans.end("/b/1"), at(7, 10));
        assert_eq!(spans.start("/a/0/missing"), None);
    }

    #[test]
    fn flow_collections_and_escaped_keys() {
        let spans = Spans::index("a: {b/c: [1, 2]}\n");
        assert_eq!(
            spans.value("/a/b~1c/1"),
            Some(Pos {
                line: 1,
                column: 14
            })
        );
    }
}
