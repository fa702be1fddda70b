//! Surgical edits of `archgen.yaml`: change or insert only the lines concerned, found through
//! the source positions of [`crate::load::Spans`], so a person's comments, key order, quoting
//! and blank lines survive.

use crate::load::{Pos, Spans};
use anyhow::{anyhow, bail};

pub use super::yaml_text::{apply, scalar};

/// A model file's text with the positions of its nodes.
pub struct Source<'a> {
    text: &'a str,
    spans: Spans,
    starts: Vec<usize>,
}

/// One replacement of a byte range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) text: String,
}

impl<'a> Source<'a> {
    /// Indexes `text`.
    pub fn new(text: &'a str) -> Source<'a> {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Source {
            text,
            spans: Spans::index(text),
            starts,
        }
    }

    /// The positions of the nodes.
    pub fn spans(&self) -> &Spans {
        &self.spans
    }

    pub(super) fn line(&self, line: usize) -> &'a str {
        let start = self
            .starts
            .get(line - 1)
            .copied()
            .unwrap_or(self.text.len());
        let end = self.starts.get(line).copied().unwrap_or(self.text.len());
        self.text[start..end].trim_end_matches(['\n', '\r'])
    }

    pub(super) fn offset(&self, pos: Pos) -> usize {
        let start = self
            .starts
            .get(pos.line - 1)
            .copied()
            .unwrap_or(self.text.len());
        let line = self.line(pos.line);
        start
            + line
                .char_indices()
                .nth(pos.column - 1)
                .map_or(line.len(), |(i, _)| i)
    }

    /// Where the line after `line` starts: the place to insert whole lines.
    pub(super) fn after_line(&self, line: usize) -> usize {
        self.starts.get(line).copied().unwrap_or(self.text.len())
    }

    /// Where `line` (1-based) starts.
    pub(super) fn line_start(&self, line: usize) -> usize {
        self.starts
            .get(line - 1)
            .copied()
            .unwrap_or(self.text.len())
    }

    /// Replaces the one-line scalar at `pointer` with `value` (already YAML).
    pub fn replace(&self, pointer: &str, value: &str) -> anyhow::Result<Edit> {
        let (Some(start), Some(end)) = (self.spans.start(pointer), self.spans.end(pointer)) else {
            bail!("`{}` is not in the model", pointer_name(pointer));
        };
        if start.line != end.line {
            bail!(
                "`{}` spans several lines; edit it by hand",
                pointer_name(pointer)
            );
        }
        Ok(Edit {
            start: self.offset(start),
            end: self.offset(end),
            text: value.to_owned(),
        })
    }

    /// Sets `key` of the block mapping at `map` to `value`: replaces its value when the key is
    /// there, else adds a line after the last of `after` that the mapping has.
    pub fn set(&self, map: &str, key: &str, value: &str, after: &[&str]) -> anyhow::Result<Edit> {
        let pointer = format!("{map}/{key}");
        if self.spans.key_start(&pointer).is_some() {
            return self.replace(&pointer, value);
        }
        self.block_mapping(map)?;
        let anchor = after
            .iter()
            .filter_map(|k| {
                let p = format!("{map}/{k}");
                Some((self.spans.key_start(&p)?, self.spans.end(&p)?))
            })
            .max_by_key(|(_, end)| end.line)
            .ok_or_else(|| anyhow!("`{}` has none of the keys {after:?}", pointer_name(map)))?;
        let at = self.after_line(anchor.1.line);
        let indent = " ".repeat(anchor.0.column - 1);
        Ok(Edit {
            start: at,
            end: at,
            text: format!("{}{indent}{key}: {value}\n", self.newline_before(at)),
        })
    }

    /// Deletes the line(s) of `key` in the block mapping at `map`, if it is there.
    pub fn remove(&self, map: &str, key: &str) -> anyhow::Result<Option<Edit>> {
        let pointer = format!("{map}/{key}");
        let (Some(k), Some(end)) = (self.spans.key_start(&pointer), self.spans.end(&pointer))
        else {
            return Ok(None);
        };
        if !self
            .line(k.line)
            .chars()
            .take(k.column - 1)
            .all(char::is_whitespace)
        {
            bail!(
                "`{}` shares its line with another key; remove it by hand",
                pointer_name(&pointer)
            );
        }
        let start = self.starts[k.line - 1];
        Ok(Some(Edit {
            start,
            end: self.after_line(end.line),
            text: String::new(),
        }))
    }

    /// Appends items to the block sequence under the top-level `key` (creating the key at the
    /// end of the file when it is missing). Each item is its lines, unindented; the first
    /// follows the `- `. `count` is how many items the sequence has now.
    pub fn append(&self, key: &str, count: usize, items: &[Vec<String>]) -> anyhow::Result<Edit> {
        let pointer = format!("/{key}");
        if count > 0 {
            let last = format!("{pointer}/{}", count - 1);
            let (Some(start), Some(end)) = (self.spans.start(&last), self.spans.end(&last)) else {
                bail!("`{key}` could not be located in the model");
            };
            let line = self.line(start.line);
            let before: String = line.chars().take(start.column - 1).collect();
            let Some(dash) = before.rfind('-').filter(|d| before[..*d].trim().is_empty()) else {
                bail!(
                    "`{key}` is written as a flow list (`[...]`); write it as a block list to let archgen add to it"
                );
            };
            let at = self.after_line(end.line);
            let text = item(&before[..dash], &" ".repeat(start.column - 1), items);
            return Ok(Edit {
                start: at,
                end: at,
                text: format!("{}{text}", self.newline_before(at)),
            });
        }
        match self.spans.key_start(&pointer) {
            None => {
                let at = self.text.len();
                let text = item("  ", "    ", items);
                Ok(Edit {
                    start: at,
                    end: at,
                    text: format!("{}\n{key}:\n{text}", self.newline_before(at)),
                })
            }
            Some(k) => {
                // `key: []` or `key:` with nothing: the items go under the key.
                let line = self.line(k.line);
                let rest = line[line.find(':').map_or(line.len(), |i| i + 1)..].trim();
                if !(rest.is_empty()
                    || rest == "[]"
                    || rest.starts_with('#')
                    || rest.starts_with("[] #"))
                {
                    bail!("`{key}` could not be extended; write it as a block list");
                }
                let start = self.starts[k.line - 1];
                let indent = " ".repeat(k.column - 1);
                let text = format!(
                    "{indent}{key}:\n{}",
                    item(&format!("{indent}  "), &format!("{indent}    "), items)
                );
                Ok(Edit {
                    start,
                    end: self.after_line(k.line),
                    text: format!("{}{text}", self.newline_before(start)),
                })
            }
        }
    }

    fn block_mapping(&self, map: &str) -> anyhow::Result<()> {
        let start = self
            .spans
            .start(map)
            .ok_or_else(|| anyhow!("`{}` is not in the model", pointer_name(map)))?;
        if self.line(start.line).chars().nth(start.column - 1) == Some('{') {
            bail!(
                "`{}` is written as a flow mapping (`{{...}}`); write it as a block mapping to let archgen edit it",
                pointer_name(map)
            );
        }
        Ok(())
    }

    /// A newline to put first when inserting at `at`, the end of a file without a final one.
    fn newline_before(&self, at: usize) -> &'static str {
        if at == self.text.len() && !self.text.is_empty() && !self.text.ends_with('\n') {
            "\n"
        } else {
            ""
        }
    }
}

pub(super) fn item(dash_indent: &str, indent: &str, items: &[Vec<String>]) -> String {
    let mut out = String::new();
    for lines in items {
        for (i, line) in lines.iter().enumerate() {
            let lead = if i == 0 {
                format!("{dash_indent}- ")
            } else {
                indent.to_owned()
            };
            out.push_str(&format!("{lead}{line}\n"));
        }
    }
    out
}

/// `decisions.2.status` for `/decisions/2/status`.
fn pointer_name(pointer: &str) -> String {
    pointer.trim_start_matches('/').replace('/', ".")
}

#[cfg(test)]
#[path = "yaml_edit_tests.rs"]
mod tests;
