//! Where each node of a YAML document starts, by JSON pointer, so that every finding about
//! the model can name its line and column.

use saphyr_parser::{Event, Parser, Span};
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
}

enum Frame {
    Map { path: String, key: Option<String> },
    Seq { path: String, index: usize },
}

impl Spans {
    /// Indexes `source`. A document that does not parse gives whatever was indexed before the
    /// syntax error; the syntax error itself is reported by the deserializer.
    pub fn index(source: &str) -> Spans {
        let mut spans = Spans::default();
        let mut stack: Vec<Frame> = Vec::new();
        for item in Parser::new_from_str(source) {
            let Ok((event, span)) = item else { break };
            match event {
                Event::Scalar(text, ..) => {
                    if let Some(Frame::Map { path, key }) = stack.last_mut() {
                        if key.is_none() {
                            let child = child_path(path, &text);
                            spans.keys.insert(child, pos(&span));
                            *key = Some(text.into_owned());
                            continue;
                        }
                    }
                    spans.value_here(&mut stack, &span);
                }
                Event::Alias(_) => {
                    spans.value_here(&mut stack, &span);
                }
                Event::MappingStart(..) | Event::SequenceStart(..) => {
                    let is_map = matches!(event, Event::MappingStart(..));
                    // A collection used as a mapping key cannot be addressed by a pointer.
                    let path = match stack.last_mut() {
                        Some(Frame::Map { key: None, path }) => {
                            let placeholder = child_path(path, "?");
                            stack.push(Frame::Map {
                                path: placeholder,
                                key: Some(String::new()),
                            });
                            continue;
                        }
                        _ => spans.value_here(&mut stack, &span),
                    };
                    stack.push(if is_map {
                        Frame::Map { path, key: None }
                    } else {
                        Frame::Seq { path, index: 0 }
                    });
                }
                Event::MappingEnd | Event::SequenceEnd => {
                    stack.pop();
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
            Some(Frame::Map { path, key }) => {
                let key = key.take().unwrap_or_default();
                child_path(path, &key)
            }
            Some(Frame::Seq { path, index }) => {
                let child = child_path(path, &index.to_string());
                *index += 1;
                child
            }
        };
        self.values.entry(path.clone()).or_insert(pos(span));
        path
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
