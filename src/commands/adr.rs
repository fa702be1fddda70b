//! `archgen adr`: the ADR lifecycle. Each change edits archgen.yaml in place and re-renders
//! the documents the safe way; `list` prints the records.

use super::render::{Options, options, render};
use super::{Exit, Verbosity, style};
use crate::adr::{ops, relaxed};
use crate::cli::{AdrArgs, AdrCommand, TemplatesArg};
use crate::model::DecisionStatus;
use crate::project::Project;
use anstream::println;
use serde::Serialize;

pub(super) fn run(args: &AdrArgs, verbosity: Verbosity) -> anyhow::Result<Exit> {
    let templates = TemplatesArg {
        templates: args.templates.clone(),
        builtin: false,
    };
    if let AdrCommand::List { json } = &args.command {
        return list(args, &templates, *json);
    }
    let change = match &args.command {
        AdrCommand::Renumber => renumber(args)?,
        command => edit(args, command)?,
    };
    let Some((path, text, message)) = change else {
        return Ok(Exit::Ok);
    };
    crate::write::file(&path, &text)?;
    if verbosity != Verbosity::Quiet {
        println!("{}", message);
    }
    let project = Project::open(&path, &options(&templates, args.out.as_deref()))?;
    render(project, Options::default(), verbosity)
}

/// A change to the model: its file, its new text and what to tell the user.
type Change = Option<(std::path::PathBuf, String, String)>;

/// `adr renumber`: the next free number for each ADR that shares another's; none when no two
/// do (said so).
fn renumber(args: &AdrArgs) -> anyhow::Result<Change> {
    let r = relaxed::load(&args.model)?;
    if r.duplicates.is_empty() {
        println!("no two ADRs share a number; nothing to renumber");
        return Ok(None);
    }
    let lines: Vec<String> = r
        .duplicates
        .iter()
        .map(|d| {
            format!(
                "renumbered `{}` from {:04} to {:04} ({:04} stays `{}`)",
                d.title, d.number, d.renumbered, d.number, d.first
            )
        })
        .collect();
    Ok(Some((r.loaded.path, r.renumbered, lines.join("\n"))))
}

/// The edit of `command` (new, accept, reject, deprecate, supersede); none when the model
/// already says so (said so).
fn edit(args: &AdrArgs, command: &AdrCommand) -> anyhow::Result<Change> {
    let loaded = crate::load::load(&args.model)?;
    let source = loaded.source.clone();
    let model = &loaded.model;
    let title = |n: u32| ops::index_of(model, n).map(|i| model.decisions[i].title.clone());
    let (text, message) = match command {
        AdrCommand::New { title } => {
            let (text, n) = ops::create(&source, model, title)?;
            let line = crate::load::Spans::index(&text)
                .value(&format!("/decisions/{}", model.decisions.len()))
                .map(|p| p.line);
            let at = line.map(|l| format!(":{l}")).unwrap_or_default();
            let message = format!(
                "created ADR {n:04} `{}`, status proposed\nnext: write its context, options and outcome in {}{at}, then run `archgen adr accept {n}`",
                title.trim(),
                loaded.path.display()
            );
            (text, message)
        }
        AdrCommand::Accept { number } => {
            let text = ops::set_status(&source, model, *number, DecisionStatus::Accepted)?;
            let i = ops::index_of(model, *number)?;
            let mut message = format!("accepted ADR {number:04} `{}`", title(*number)?);
            if let Some(old) = model.decisions[i].supersedes {
                message.push_str(&format!(
                    "; ADR {old:04} `{}` is now superseded by it",
                    title(old)?
                ));
            }
            (text, message)
        }
        AdrCommand::Reject { number } => (
            ops::set_status(&source, model, *number, DecisionStatus::Rejected)?,
            format!("rejected ADR {number:04} `{}`", title(*number)?),
        ),
        AdrCommand::Deprecate { number } => (
            ops::set_status(&source, model, *number, DecisionStatus::Deprecated)?,
            format!("deprecated ADR {number:04} `{}`", title(*number)?),
        ),
        AdrCommand::Supersede { number, by } => (
            ops::supersede(&source, model, *number, *by)?,
            format!(
                "ADR {number:04} `{}` is now superseded by ADR {by:04} `{}`",
                title(*number)?,
                title(*by)?
            ),
        ),
        AdrCommand::List { .. } | AdrCommand::Renumber => unreachable!("handled by the caller"),
    };
    if text == source {
        println!("nothing to change: the model already says so");
        return Ok(None);
    }
    Ok(Some((loaded.path, text, message)))
}

/// One row of `adr list`.
#[derive(Debug, Serialize)]
struct Row {
    number: u32,
    id: String,
    title: String,
    status: String,
    date: Option<String>,
    superseded_by: Option<String>,
    supersedes: Vec<String>,
    path: Option<String>,
    duplicate: bool,
}

fn list(args: &AdrArgs, templates: &TemplatesArg, json: bool) -> anyhow::Result<Exit> {
    let r = relaxed::load(&args.model)?;
    let project = Project::from_loaded(r.loaded.clone(), &options(templates, args.out.as_deref()))?;
    let view = project.view()?;
    let out = project.out;
    let file = |rel: &str| out.join(rel).display().to_string();
    let mut rows: Vec<Row> = Vec::new();
    if let Some(doc) = view.docs.get("adr-0001") {
        let (title, status) = (
            "Record architecture decisions".to_owned(),
            "accepted".to_owned(),
        );
        rows.push(Row {
            number: 1,
            id: "0001".into(),
            title,
            status,
            date: view.system.date.clone(),
            superseded_by: None,
            supersedes: Vec::new(),
            path: Some(file(&doc.path)),
            duplicate: false,
        });
    }
    let numbers = crate::derive::decisions::decision_numbers(&r.loaded.model.decisions);
    for d in &view.decisions {
        let index = numbers.iter().position(|n| *n == d.number);
        let duplicate = r.duplicates.iter().find(|x| Some(x.index) == index);
        let number = duplicate.map_or(d.number, |x| x.number);
        rows.push(Row {
            number,
            id: format!("{number:04}"),
            title: d.title.clone(),
            status: d.status.clone(),
            date: d.date.clone(),
            superseded_by: d.superseded_by.clone(),
            supersedes: d.supersedes.clone(),
            path: if duplicate.is_some() {
                None
            } else {
                d.docs.get("adr").map(|p| file(p))
            },
            duplicate: duplicate.is_some(),
        });
    }
    rows.sort_by_key(|r| (r.number, r.duplicate));
    if json {
        println!("{}", serde_json::to_string_pretty(&rows)?);
    } else {
        print_table(&rows);
    }
    Ok(Exit::Ok)
}

/// `rows` as an aligned table under a styled header.
fn print_table(rows: &[Row]) {
    let status = |r: &Row| match &r.superseded_by {
        Some(by) => format!("{} by {by}", r.status),
        None => r.status.clone(),
    };
    let cells: Vec<[String; 5]> = rows
        .iter()
        .map(|r| {
            let path = r
                .path
                .clone()
                .unwrap_or_else(|| "(duplicate number: run `archgen adr renumber`)".into());
            [
                r.id.clone(),
                status(r),
                r.date.clone().unwrap_or_else(|| "-".into()),
                r.title.clone(),
                path,
            ]
        })
        .collect();
    let head = ["ADR", "Status", "Date", "Title", "File"].map(String::from);
    let widths: Vec<usize> = (0..5)
        .map(|c| {
            cells
                .iter()
                .chain([&head])
                .map(|row| row[c].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    for (i, row) in std::iter::once(&head).chain(&cells).enumerate() {
        let line: Vec<String> = row
            .iter()
            .zip(&widths)
            .map(|(cell, w)| format!("{cell:<w$}"))
            .collect();
        let line = line.join("  ");
        if i == 0 {
            println!("{s}{}{s:#}", line.trim_end(), s = style::NAME);
        } else {
            println!("{}", line.trim_end());
        }
    }
}
