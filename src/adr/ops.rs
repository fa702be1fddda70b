//! The ADR lifecycle as edits of the model's text: a new proposal, a status change, a
//! supersession. Each returns the new text, already checked to load and to say what was asked.

use super::yaml_edit::{Edit, Source, apply, scalar};
use crate::model::{DecisionStatus, Model};
use anyhow::{bail, ensure};

/// The index in `decisions` of ADR `number`.
pub fn index_of(model: &Model, number: u32) -> anyhow::Result<usize> {
    if number == 1 {
        bail!(
            "ADR 0001 is built in (the decision to keep ADRs) and has no entry in the model to change"
        );
    }
    crate::derive::decisions::decision_numbers(&model.decisions)
        .iter()
        .position(|n| *n == number)
        .ok_or_else(|| {
            anyhow::anyhow!("there is no ADR {number:04}; `archgen adr list` shows the numbers")
        })
}

pub use crate::derive::decisions::next_number;

/// The lines of a new decision, for [`Source::append`].
pub fn decision_lines(
    number: u32,
    title: &str,
    context: &str,
    options: &[&str],
    outcome: &str,
    supersedes: Option<u32>,
) -> Vec<String> {
    let mut lines = vec![
        format!("number: {number}"),
        format!("title: {}", scalar(title)),
        "status: proposed".to_owned(),
        format!("context: {}", scalar(context)),
    ];
    if !options.is_empty() {
        lines.push("options:".into());
        lines.extend(options.iter().map(|o| format!("  - name: {}", scalar(o))));
    }
    if !outcome.is_empty() {
        lines.push(format!("outcome: {}", scalar(outcome)));
    }
    if let Some(n) = supersedes {
        lines.push(format!("supersedes: {n}"));
    }
    lines
}

/// Adds a proposed decision titled `title`; returns the text and its number.
pub fn create(source: &str, model: &Model, title: &str) -> anyhow::Result<(String, u32)> {
    let title = title.trim();
    ensure!(
        !title.is_empty(),
        "the title is empty; give a short imperative, e.g. `Use Redis for sessions`"
    );
    ensure!(
        !title.contains('\n'),
        "the title has a line break; keep it to one line"
    );
    let number = next_number(model);
    let context = format!(
        "{title}: the context, the options considered and the reasons are still to be written."
    );
    let lines = decision_lines(number, title, &context, &[], title, None);
    let edit = Source::new(source).append("decisions", model.decisions.len(), &[lines])?;
    let text = apply(source, vec![edit]);
    let model = reload(&text)?;
    ensure!(
        model.decisions.last().is_some_and(|d| d.title == title),
        "the new decision did not read back; add it by hand"
    );
    Ok((text, number))
}

/// Sets the status of ADR `number`. Accepting a proposal that supersedes another marks that
/// one superseded by it; any status but `superseded` drops a stale `superseded_by`.
pub fn set_status(
    source: &str,
    model: &Model,
    number: u32,
    status: DecisionStatus,
) -> anyhow::Result<String> {
    ensure!(
        status != DecisionStatus::Superseded,
        "use `archgen adr supersede {number} --by M` to say which decision replaces it"
    );
    let i = index_of(model, number)?;
    ensure!(
        status != DecisionStatus::Accepted || !model.decisions[i].outcome.trim().is_empty(),
        "ADR {number} has no outcome yet: set its `outcome` in the model to the chosen option, \
         then accept it"
    );
    let src = Source::new(source);
    let mut edits = vec![status_edit(&src, i, status)?];
    edits.extend(src.remove(&format!("/decisions/{i}"), "superseded_by")?);
    if let (DecisionStatus::Accepted, Some(old)) = (status, model.decisions[i].supersedes) {
        let j = index_of(model, old)?;
        edits.extend(supersede_edits(&src, j, number)?);
    }
    checked(source, edits, |m| m.decisions[i].status == status)
}

/// Marks ADR `old` superseded by ADR `by`.
pub fn supersede(source: &str, model: &Model, old: u32, by: u32) -> anyhow::Result<String> {
    ensure!(old != by, "an ADR cannot supersede itself");
    let i = index_of(model, old)?;
    index_of(model, by)?;
    let src = Source::new(source);
    let edits = supersede_edits(&src, i, by)?;
    checked(source, edits, |m| m.decisions[i].superseded_by == Some(by))
}

fn status_edit(src: &Source, i: usize, status: DecisionStatus) -> anyhow::Result<Edit> {
    src.set(
        &format!("/decisions/{i}"),
        "status",
        crate::text::variant(&status),
        &["title", "number"],
    )
}

fn supersede_edits(src: &Source, i: usize, by: u32) -> anyhow::Result<Vec<Edit>> {
    let map = format!("/decisions/{i}");
    Ok(vec![
        status_edit(src, i, DecisionStatus::Superseded)?,
        src.set(
            &map,
            "superseded_by",
            &by.to_string(),
            &["status", "title", "number"],
        )?,
    ])
}

/// Applies `edits` and checks the result loads and `holds`.
fn checked(
    source: &str,
    edits: Vec<Edit>,
    holds: impl Fn(&Model) -> bool,
) -> anyhow::Result<String> {
    let text = apply(source, edits);
    let model = reload(&text)?;
    ensure!(
        holds(&model),
        "the change did not read back as intended; edit the model by hand"
    );
    Ok(text)
}

/// Loads edited model text.
fn reload(text: &str) -> anyhow::Result<Model> {
    crate::load::parse(text, "the edited model").map_err(|problems| {
        anyhow::anyhow!(
            "the edit would leave the model invalid, so nothing was written\n\n{problems}"
        )
    })
}
