//! The answers a model gives to a template pack's own questions (`extra:`): checked against the
//! questions and their `when`, and filled in with defaults for templates.

use super::{Renderer, condition, context};
use crate::model::Model;
use crate::templates;
use crate::view::{self, View};
use anyhow::Context as _;
use tera::Context;

/// A problem with one of the model's `extra:` answers.
#[derive(Debug, Clone)]
pub struct ExtraProblem {
    /// Where in the model, as a JSON pointer.
    pub pointer: String,
    /// What is wrong.
    pub message: String,
    /// What to do.
    pub help: String,
    /// A required answer is missing (rather than given and wrong).
    pub missing: bool,
}

impl Renderer {
    /// The pack's own questions.
    pub fn questions(&self) -> &[crate::templates::questions::Question] {
        &self.questions
    }

    /// Whether a pack question's `when` holds for `model`.
    pub fn question_applies(
        &self,
        q: &crate::templates::questions::Question,
        model: &Model,
    ) -> anyhow::Result<bool> {
        if q.when.is_none() {
            return Ok(true);
        }
        self.applies(q, &self.question_context(model)?)
    }

    /// What a pack question's `when` sees of `model`.
    fn question_context(&self, model: &Model) -> anyhow::Result<Context> {
        context(&self.with_answers(view::build(model)))
    }

    /// Whether `q`'s `when` holds in `ctx`, from [`Renderer::question_context`].
    fn applies(
        &self,
        q: &crate::templates::questions::Question,
        ctx: &Context,
    ) -> anyhow::Result<bool> {
        let Some(when) = &q.when else { return Ok(true) };
        let out = self
            .tera
            .render_str(&condition(when), ctx, false)
            .map_err(|e| anyhow::Error::new(templates::TemplateError::from(&e)))
            .with_context(|| {
                format!("failed to evaluate `when` of the pack question `{}`", q.id)
            })?;
        Ok(out == "yes")
    }

    /// Every problem with the model's `extra:` answers against the pack's questions. Without a
    /// pack, `extra:` is free-form.
    pub fn check_extra(&self, model: &Model) -> anyhow::Result<Vec<ExtraProblem>> {
        if self.questions.is_empty() {
            return Ok(Vec::new());
        }
        // Built once, and only when a question's `when` needs it.
        let cell = std::cell::OnceCell::new();
        let ctx = || -> anyhow::Result<&Context> {
            if let Some(c) = cell.get() {
                return Ok(c);
            }
            let c = self.question_context(model)?;
            Ok(cell.get_or_init(|| c))
        };
        let mut out = Vec::new();
        for (key, _) in model
            .extra
            .iter()
            .filter(|(k, _)| !self.questions.iter().any(|q| &q.id == *k))
        {
            let ids: Vec<&str> = self.questions.iter().map(|q| q.id.as_str()).collect();
            let help = match crate::diagnostic::did_you_mean(key, ids.iter().copied()) {
                Some(near) => format!("did you mean `{near}`?"),
                None => format!("the template pack asks: {}", ids.join(", ")),
            };
            out.push(ExtraProblem {
                pointer: format!("/extra/{key}"),
                message: format!("`extra.{key}` answers no question of the template pack"),
                help,
                missing: false,
            });
        }
        for q in &self.questions {
            match model.extra.get(&q.id) {
                Some(answer) => {
                    if let Err(e) = q.check(answer) {
                        out.push(ExtraProblem {
                            pointer: format!("/extra/{}", q.id),
                            message: format!("`extra.{}` {e}", q.id),
                            help: q.prompt.clone(),
                            missing: false,
                        });
                    }
                }
                None if q.required && q.default.is_none() && self.applies(q, ctx()?)? => {
                    out.push(ExtraProblem {
                        pointer: "/extra".into(),
                        message: format!("missing answer `extra.{}`", q.id),
                        help: format!("{} ({})", q.prompt, q.help),
                        missing: true,
                    });
                }
                None => {}
            }
        }
        Ok(out)
    }

    /// The view's `extra` with every pack question present: its answer, its default, or null.
    pub(super) fn with_answers(&self, mut view: View) -> View {
        templates::questions::fill_defaults(&self.questions, &mut view.extra);
        // Null, not absent, so a template can test an unanswered question without an error.
        for q in &self.questions {
            view.extra
                .entry(q.id.clone())
                .or_insert(serde_json::Value::Null);
        }
        view
    }
}
