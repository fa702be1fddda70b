//! Reading `archgen.yaml`: YAML syntax, then shape, then meaning, each problem located.

mod aliases;

pub use aliases::check as alias_bound;
mod shape;
mod spans;
mod text;

pub use aliases::check as check_aliases;
pub use shape::human_path;
pub use spans::{Pos, Spans, child_path};

use crate::diagnostic::{Finding, Problems};
use crate::model::Model;
use crate::validate;
use anyhow::Context as _;
use serde::Deserialize as _;
use std::cell::OnceCell;
use std::path::{Path, PathBuf};

/// A model read from a file, with where it came from.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The model.
    pub model: Model,
    /// The file it was read from.
    pub path: PathBuf,
    /// The text the model was parsed from.
    pub source: String,
}

impl Loaded {
    /// Where the value at `pointer` is in the model file, when the file still reads.
    pub fn locate(&self, pointer: &str) -> Option<Pos> {
        Spans::index(&self.source).value(pointer)
    }

    /// A finding about the value at `pointer`, located in the model file.
    pub fn finding(&self, pointer: &str, message: String, help: String) -> Finding {
        let finding = Finding::new(self.path.display().to_string(), message).help(help);
        match self.locate(pointer) {
            Some(p) => finding.at(p.line, p.column),
            None => finding,
        }
    }
}

/// Reads and checks the model at `path`.
///
/// Fails with [`Problems`] (every problem, located) when the model is invalid, or with an I/O
/// error naming the file.
pub fn load(path: &Path) -> anyhow::Result<Loaded> {
    let source = match std::fs::read(path) {
        Ok(bytes) => text::utf8(bytes, &path.display().to_string())?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => anyhow::bail!(
            "there is no model at `{}`\nhelp: run `archgen new` to create one by interview, pass `--model FILE`, or run archgen in the folder that holds archgen.yaml",
            path.display()
        ),
        Err(_) if path.is_dir() => anyhow::bail!(
            "`{}` is a folder, not a model file\nhelp: pass the model file itself, as in `--model {}`",
            path.display(),
            path.join(crate::model::DEFAULT_MODEL).display()
        ),
        Err(e) => {
            return Err(e)
                .with_context(|| format!("failed to read the model `{}`", path.display()));
        }
    };
    let model = parse(&source, &path.display().to_string())?;
    Ok(Loaded {
        model,
        path: path.to_owned(),
        source,
    })
}

/// Parses a model's syntax and shape only, without checking its meaning: for revising a model
/// that is not finished yet (the interview checks the rest before writing).
pub fn parse_shape(source: &str, file: &str) -> Result<Model, Problems> {
    parse_inner(source, file, false)
}

/// Parses and checks a model held in memory; `file` names it in findings.
pub fn parse(source: &str, file: &str) -> Result<Model, Problems> {
    parse_inner(source, file, true)
}

fn parse_inner(source: &str, file: &str, meaning: bool) -> Result<Model, Problems> {
    // Editors on Windows start UTF-8 files with a byte order mark; it is not content.
    let source = source.strip_prefix('\u{feff}').unwrap_or(source);
    let problems = |findings| Problems::new(format!("`{file}`"), findings);
    let syntax = |e: serde_yaml::Error| {
        // Decided by the text read, not by serde_yaml's wording of its end of input.
        let message = if source.trim().is_empty() {
            "the model is empty".to_owned()
        } else {
            syntax_message(&e)
        };
        let mut finding = Finding::new(file, message);
        if let Some(loc) = e.location() {
            finding = finding.at(loc.line(), loc.column());
        }
        finding.help(
            "fix the YAML syntax; quote text that contains `: ` or starts with a special character",
        )
    };
    let controls = text::control_characters(source, file);
    if !controls.is_empty() {
        return Err(problems(controls));
    }
    if let Some(finding) = aliases::check(source, file) {
        return Err(problems(vec![finding]));
    }
    let tree: serde_json::Value =
        serde_yaml::from_str(source).map_err(|e| problems(vec![syntax(e)]))?;
    // Positions cost a second pass over the text; only findings need them.
    let spans = OnceCell::new();
    let spans = || spans.get_or_init(|| Spans::index(source));
    // The usual model is well-formed: reading the parsed tree into the types, which is as
    // strict about types as the schema (a number is not a string), settles that without
    // building the schema's validator. Only a model that fails goes through the shape check,
    // which finds every problem and locates it.
    let model = match Model::deserialize(&tree) {
        Ok(model) => model,
        Err(_) => {
            let mut shape = shape::check(&tree, spans(), source, file);
            for finding in shape.iter_mut().filter(|f| f.line.is_none()) {
                // Only an empty document has no position at all.
                *finding = finding.clone().at(1, 1);
            }
            if !shape.is_empty() {
                return Err(problems(shape));
            }
            // The shape check mirrors the types, so this only fails on what a schema cannot
            // say (a number too large for its type, say); serde names the location itself.
            serde_yaml::from_str(source).map_err(|e| problems(vec![syntax(e)]))?
        }
    };
    if !meaning {
        return Ok(model);
    }
    let findings: Vec<Finding> = validate::model(&model)
        .into_iter()
        .map(|issue| {
            let pos = if issue.at_key {
                spans().key(&issue.pointer)
            } else {
                spans().value(&issue.pointer)
            };
            let mut finding = Finding::new(file, issue.message);
            if let Some(p) = pos {
                finding = finding.at(p.line, p.column);
            }
            let related = issue.related.as_deref().and_then(|r| spans().value(r));
            match (issue.help, related) {
                (Some(help), Some(p)) => {
                    finding.help(format!("{help}; the other is on line {}", p.line))
                }
                (Some(help), None) => finding.help(help),
                (None, _) => finding,
            }
        })
        .collect();
    problems(findings).into_result()?;
    Ok(model)
}

/// serde_yaml's message without the " at line L column C" it appends (the finding shows the
/// location on its own). Its error kinds are private, so this is presentation only: nothing
/// branches on the text.
fn syntax_message(e: &serde_yaml::Error) -> String {
    let text = e.to_string();
    match text.find(" at line ") {
        Some(i) => text[..i].to_owned(),
        None => text,
    }
}
