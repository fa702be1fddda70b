//! Loading a model whose decisions share numbers, as a merge of two branches that each added
//! ADR 0007 leaves it. The loader rejects such a model; `check` reports the duplicates and
//! `adr renumber` fixes them, so both read it with that one check relaxed: each later
//! duplicate takes the next free number in memory, and everything else is checked as usual.

use super::yaml_edit::{self, Source};
use crate::load::{self, Loaded};
use crate::model::Decision;
use std::collections::HashMap;
use std::path::Path;

/// A decision whose number an earlier decision already has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Duplicate {
    /// Its index in `decisions`.
    pub index: usize,
    /// Its title.
    pub title: String,
    /// The title of the earlier decision with the same number.
    pub first: String,
    /// The shared number.
    pub number: u32,
    /// The next free number, which `adr renumber` gives it.
    pub renumbered: u32,
    /// The line of its `number:`.
    pub line: Option<usize>,
}

/// A model read with duplicate decision numbers allowed.
#[derive(Debug, Clone)]
pub struct Relaxed {
    /// The model, with each later duplicate renumbered.
    pub loaded: Loaded,
    /// The file's text as it is.
    pub source: String,
    /// The file's text with each later duplicate renumbered.
    pub renumbered: String,
    /// The duplicates, in file order.
    pub duplicates: Vec<Duplicate>,
}

/// Reads the model at `path`, renumbering later duplicate decision numbers in memory. Any
/// other problem fails as [`load::load`] does.
pub fn load(path: &Path) -> anyhow::Result<Relaxed> {
    let error = match load::load(path) {
        Ok(loaded) => {
            return Ok(Relaxed {
                source: loaded.source.clone(),
                renumbered: loaded.source.clone(),
                loaded,
                duplicates: Vec::new(),
            });
        }
        Err(e) => e,
    };
    if !path.is_file() {
        return Err(error);
    }
    // Text that does not read fails as `load` said (located), not as a document would.
    let Ok(Some(source)) = crate::write::read_text(path) else {
        return Err(error);
    };
    let Some((duplicates, renumbered)) = renumber(&source) else {
        return Err(error);
    };
    match load::parse(&renumbered, &path.display().to_string()) {
        Ok(model) => Ok(Relaxed {
            loaded: Loaded {
                model,
                path: path.to_owned(),
                source: renumbered.clone(),
            },
            source,
            renumbered,
            duplicates,
        }),
        Err(_) => Err(error),
    }
}

/// The duplicates in `source` and the text with each later one renumbered; `None` when the
/// decisions cannot be read or have no duplicates.
fn renumber(source: &str) -> Option<(Vec<Duplicate>, String)> {
    // Aliases that expand past the bound would be copied out in full here too.
    if load::check_aliases(source, "").is_some() {
        return None;
    }
    let tree: serde_json::Value = serde_yaml::from_str(source).ok()?;
    let decisions: Vec<Decision> = serde_json::from_value(tree.get("decisions")?.clone()).ok()?;
    let numbers = crate::derive::decisions::decision_numbers(&decisions);
    let mut next = numbers.iter().copied().max().unwrap_or(1) + 1;
    let src = Source::new(source);
    let mut seen: HashMap<u32, usize> = HashMap::new();
    let (mut duplicates, mut edits) = (Vec::new(), Vec::new());
    for (i, (d, n)) in decisions.iter().zip(&numbers).enumerate() {
        match seen.get(n) {
            Some(first) if d.number.is_some() => {
                let pointer = format!("/decisions/{i}/number");
                edits.push(src.replace(&pointer, &next.to_string()).ok()?);
                duplicates.push(Duplicate {
                    index: i,
                    title: d.title.clone(),
                    first: decisions[*first].title.clone(),
                    number: *n,
                    renumbered: next,
                    line: src.spans().start(&pointer).map(|p| p.line),
                });
                next += 1;
            }
            _ => {
                seen.entry(*n).or_insert(i);
            }
        }
    }
    if duplicates.is_empty() {
        return None;
    }
    Some((duplicates, yaml_edit::apply(source, edits)))
}

#[cfg(test)]
mod tests {
    #[test]
    fn later_duplicates_take_the_next_free_numbers() {
        let src = "decisions:\n  - {number: 7, title: A, context: c, outcome: o}\n  - title: B\n    number: 7 # merged\n    context: c\n    outcome: o\n  - {title: C, context: c, outcome: o}\n";
        let (dups, text) = super::renumber(src).unwrap();
        assert_eq!(dups.len(), 1);
        assert_eq!(
            (dups[0].number, dups[0].renumbered, dups[0].line),
            (7, 8, Some(4))
        );
        assert_eq!(
            text,
            src.replace("number: 7 # merged", "number: 8 # merged")
        );
    }
}
