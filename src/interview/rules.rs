//! Cross-step rules while answering: after an answer, the design review `archgen check` runs
//! (`review-rules.yaml`) is run over the model, and a finding the answer introduced is shown at
//! once with the rule's own message, so the person changes the answer or keeps it knowingly.

use super::prompt::{Answer, Prompt, Prompter, Reply};
use crate::model::Model;
use crate::render::Renderer;
use std::cell::RefCell;

/// An open finding: its id, message and fix.
type Finding = (String, String, String);

thread_local! {
    /// The built-in renderer, compiled once per thread: its review rules are what
    /// `archgen check` applies.
    static RENDERER: Option<Renderer> = Renderer::builtin().ok();
    /// The last model reviewed and its findings, so an answer costs one review.
    static LAST: RefCell<Option<(Model, Vec<Finding>)>> =
        const { RefCell::new(None) };
}

/// The open findings of `m` as `(id, message, fix)`; `None` while the model is not valid yet
/// (a half-answered item) or has no service (the requirements step: there is no design to
/// review, and every use case would be "unserved"), when the review cannot say anything
/// reliable.
fn findings(m: &Model) -> Option<Vec<Finding>> {
    if m.services.is_empty() {
        return None;
    }
    if let Some(hit) =
        LAST.with_borrow(|l| l.as_ref().filter(|(k, _)| k == m).map(|(_, f)| f.clone()))
    {
        return Some(hit);
    }
    if !crate::validate::model(m).is_empty() {
        return None;
    }
    let view = RENDERER.with(|r| r.as_ref()?.view(m).ok())?;
    let open: Vec<Finding> = view
        .review
        .into_iter()
        .filter(|f| f.accepted.is_none())
        .map(|f| (f.id, f.message, f.fix))
        .collect();
    LAST.with_borrow_mut(|l| *l = Some((m.clone(), open.clone())));
    Some(open)
}

/// What to do with an answer that `before` did not have a finding for.
pub(super) enum Verdict {
    /// No new finding, or the person keeps the answer.
    Keep,
    /// Ask the question again (the model is restored by the caller).
    Again,
    /// Ctrl-C on the confirmation.
    Interrupt,
}

/// Says each finding `after` has and `before` had not, then asks whether to keep the answer.
pub(super) fn judge(
    p: &mut dyn Prompter,
    before: &Model,
    after: &Model,
) -> anyhow::Result<Verdict> {
    if before == after {
        return Ok(Verdict::Keep);
    }
    let (Some(old), Some(new)) = (findings(before), findings(after)) else {
        return Ok(Verdict::Keep);
    };
    let introduced: Vec<&Finding> = new
        .iter()
        .filter(|f| !old.iter().any(|o| crate::render::same_finding(&o.0, &f.0)))
        .collect();
    if introduced.is_empty() {
        return Ok(Verdict::Keep);
    }
    for (id, message, fix) in &introduced {
        p.say(&format!(
            "This answer breaks a rule `archgen check` applies ({id}): {message}.\nFix: {fix}"
        ));
    }
    let keep = Prompt::Confirm {
        message: "Keep this answer anyway?".into(),
        help: "No asks the question again; yes keeps it, and `archgen check` reports it until \
               it changes or `review.accept` accepts it."
            .into(),
        default: false,
    };
    Ok(match p.ask(&keep)? {
        Answer::Reply(Reply::Yes(true)) => Verdict::Keep,
        Answer::Interrupt => Verdict::Interrupt,
        _ => Verdict::Again,
    })
}
