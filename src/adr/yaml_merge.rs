//! A revised model written into the text of the old one (`archgen edit`): only the values that
//! changed are edited, with the same in-place edits the ADR commands make, so a person's
//! comments, key order, quoting and blank lines survive everywhere else.

use super::yaml_edit::{Edit, Source, apply, item, scalar};
use crate::load::child_path;
use serde_yaml::{Mapping, Value};

/// `old` with the values of `new` (the YAML a model serializes to), edited in place; `None`
/// when a change cannot be made that way (the caller then rewrites the whole file) or when the
/// edited text would not read back as `new`.
pub fn merge(old: &str, new: &str) -> Option<String> {
    let before: Value = serde_yaml::from_str(old).ok()?;
    let after: Value = serde_yaml::from_str(new).ok()?;
    let source = Source::new(old);
    let mut edits = Vec::new();
    Merge {
        source: &source,
        edits: &mut edits,
    }
    .node("", &before, &after)?;
    let merged = apply(old, edits);
    let reread: Value = serde_yaml::from_str(&merged).ok()?;
    (reread == after).then_some(merged)
}

struct Merge<'s, 'a> {
    source: &'s Source<'a>,
    edits: &'s mut Vec<Edit>,
}

impl Merge<'_, '_> {
    /// Edits the node at `pointer` from `old` to `new`.
    fn node(&mut self, pointer: &str, old: &Value, new: &Value) -> Option<()> {
        if old == new {
            return Some(());
        }
        match (old, new) {
            (Value::Mapping(o), Value::Mapping(n)) if !o.is_empty() && !self.flow(pointer) => {
                self.mapping(pointer, o, n)
            }
            (Value::Sequence(o), Value::Sequence(n)) if !o.is_empty() && !self.flow(pointer) => {
                let common = o.len().min(n.len());
                for i in 0..common {
                    self.node(&child_path(pointer, &i.to_string()), &o[i], &n[i])?;
                }
                if n.len() > common {
                    self.append(pointer, common, &n[common..])
                } else if o.len() > common {
                    self.truncate(pointer, common, o.len())
                } else {
                    Some(())
                }
            }
            (Value::Mapping(_) | Value::Sequence(_), _)
            | (_, Value::Mapping(_) | Value::Sequence(_)) => self.whole(pointer, new),
            _ => {
                let text = one_line(new)?;
                match self.source.replace(pointer, &text) {
                    Ok(edit) => {
                        self.edits.push(edit);
                        Some(())
                    }
                    Err(_) => self.whole(pointer, new),
                }
            }
        }
    }

    fn mapping(&mut self, pointer: &str, old: &Mapping, new: &Mapping) -> Option<()> {
        let mut anchor: Option<String> = None;
        let mut pending: Vec<(&str, &Value)> = Vec::new();
        for (key, value) in new {
            let key = key.as_str()?;
            let child = child_path(pointer, key);
            match old.get(key) {
                Some(before) => {
                    if !pending.is_empty() {
                        self.insert_keys(anchor.as_deref(), &child, &pending)?;
                        pending.clear();
                    }
                    self.node(&child, before, value)?;
                    anchor = Some(child);
                }
                None => pending.push((key, value)),
            }
        }
        if !pending.is_empty() {
            let Some(after) = anchor.as_deref() else {
                return self.whole(pointer, &Value::Mapping(new.clone()));
            };
            let at = self.source.after_line(self.last_line(after)?);
            let indent = self.source.spans().key_start(after)?.column - 1;
            self.push_keys(at, indent, &pending);
        }
        for key in old.keys() {
            let key = key.as_str()?;
            if !new.contains_key(key) {
                if let Some(edit) = self.source.remove(pointer, key).ok()? {
                    self.edits.push(edit);
                }
            }
        }
        Some(())
    }

    /// New keys go after the kept key before them, or before the first kept key.
    fn insert_keys(
        &mut self,
        after: Option<&str>,
        before: &str,
        keys: &[(&str, &Value)],
    ) -> Option<()> {
        let (at, indent) = match after {
            Some(a) => (
                self.source.after_line(self.last_line(a)?),
                self.source.spans().key_start(a)?.column - 1,
            ),
            None => {
                let k = self.source.spans().key_start(before)?;
                (self.source.line_start(k.line), k.column - 1)
            }
        };
        self.push_keys(at, indent, keys);
        Some(())
    }

    fn push_keys(&mut self, at: usize, indent: usize, keys: &[(&str, &Value)]) {
        let text: String = keys
            .iter()
            .map(|(k, v)| key_block(&" ".repeat(indent), k, v))
            .collect();
        self.edits.push(Edit {
            start: at,
            end: at,
            text,
        });
    }

    /// Adds `items` after item `count - 1` of the block sequence at `pointer`.
    fn append(&mut self, pointer: &str, count: usize, items: &[Value]) -> Option<()> {
        let last = child_path(pointer, &(count - 1).to_string());
        let (dash, _) = self.dash(&last)?;
        let at = self.source.after_line(self.last_line(&last)?);
        let lines: Vec<Vec<String>> = items.iter().map(lines_of).collect();
        let text = item(&dash, &format!("{dash}  "), &lines);
        self.edits.push(Edit {
            start: at,
            end: at,
            text,
        });
        Some(())
    }

    /// Deletes items `from..to` of the block sequence at `pointer`.
    fn truncate(&mut self, pointer: &str, from: usize, to: usize) -> Option<()> {
        let first = child_path(pointer, &from.to_string());
        let last = child_path(pointer, &(to - 1).to_string());
        let (_, mut start) = self.dash(&first)?;
        // The comment lines just above the first item go with it.
        let mut line = self.source.spans().start(&first)?.line;
        while line > 1 && self.source.line(line - 1).trim_start().starts_with('#') {
            line -= 1;
            start = self.source.line_start(line);
        }
        let end = self.source.after_line(self.last_line(&last)?);
        self.edits.push(Edit {
            start,
            end,
            text: String::new(),
        });
        Some(())
    }

    /// Rewrites the node at `pointer` whole: the lines of its key, or of its `- ` item.
    fn whole(&mut self, pointer: &str, new: &Value) -> Option<()> {
        let spans = self.source.spans();
        let end = self.source.after_line(self.last_line(pointer)?);
        let (start, text) = if let Some(k) = spans.key_start(pointer) {
            let line = self.source.line(k.line);
            let indent: String = line.chars().take(k.column - 1).collect();
            if !indent.trim().is_empty() {
                return None;
            }
            let key = pointer
                .rsplit('/')
                .next()?
                .replace("~1", "/")
                .replace("~0", "~");
            (
                self.source.line_start(k.line),
                key_block(&indent, &key, new),
            )
        } else if !pointer.is_empty() {
            let (dash, start) = self.dash(pointer)?;
            (start, item(&dash, &format!("{dash}  "), &[lines_of(new)]))
        } else {
            return None;
        };
        self.edits.push(Edit { start, end, text });
        Some(())
    }

    /// The indent before the `- ` of the sequence item at `pointer`, and where its line starts.
    fn dash(&self, pointer: &str) -> Option<(String, usize)> {
        let start = self.source.spans().start(pointer)?;
        let before: String = self
            .source
            .line(start.line)
            .chars()
            .take(start.column - 1)
            .collect();
        let dash = before.rfind('-')?;
        if !before[..dash].trim().is_empty() || !before[dash + 1..].trim().is_empty() {
            return None;
        }
        Some((
            before[..dash].to_owned(),
            self.source.line_start(start.line),
        ))
    }

    /// The last line of the node at `pointer`, when nothing but a comment follows it there.
    fn last_line(&self, pointer: &str) -> Option<usize> {
        let spans = self.source.spans();
        let end = spans.end(pointer).or_else(|| spans.start(pointer))?;
        let line = self.source.line(end.line);
        let rest: String = line.chars().skip(end.column - 1).collect();
        // A flow collection's end is its last item's; its closing brackets follow.
        let rest = rest.trim_start_matches([']', '}', ' ']);
        (rest.is_empty() || rest.starts_with('#') || rest == "[]" || rest == "{}")
            .then_some(end.line)
    }

    /// Whether the collection at `pointer` is written in flow style (`[...]`, `{...}`).
    fn flow(&self, pointer: &str) -> bool {
        let Some(start) = self.source.spans().start(pointer) else {
            return true;
        };
        matches!(
            self.source.line(start.line).chars().nth(start.column - 1),
            Some('[' | '{')
        )
    }
}

/// A scalar as it is written on one line; `None` for a collection.
fn one_line(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(scalar(s)),
        Value::Null => Some("null".into()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The lines serde writes for `value`, unindented.
fn lines_of(value: &Value) -> Vec<String> {
    let text = serde_yaml::to_string(value).unwrap_or_default();
    text.lines().map(str::to_owned).collect()
}

/// `key: value` at `indent`, the value under the key when it is a non-empty collection.
fn key_block(indent: &str, key: &str, value: &Value) -> String {
    let nested = match value {
        Value::Mapping(m) => !m.is_empty(),
        Value::Sequence(s) => !s.is_empty(),
        _ => false,
    };
    let lines = lines_of(value);
    let mut out = format!("{indent}{}:", scalar(key));
    if nested {
        out.push('\n');
        for line in &lines {
            out.push_str(&format!("{indent}  {line}\n"));
        }
    } else {
        let mut lines = lines.iter();
        out.push_str(&format!(" {}\n", lines.next().map_or("", String::as_str)));
        for line in lines {
            out.push_str(&format!("{indent}{line}\n"));
        }
    }
    out
}

#[cfg(test)]
#[path = "yaml_merge_tests.rs"]
mod tests;
