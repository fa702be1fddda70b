//! Model -> view -> documents in memory. Nothing here touches the file system.

mod answers;
mod normalize;
mod plan;
mod prepared;
mod review;
#[cfg(test)]
mod review_model_tests;
#[cfg(test)]
mod review_tests;
mod verify;

pub use crate::templates::manifest::{DocSpec, Each, Manifest};
pub use crate::templates::rules::{Rule, Rules};
pub use crate::view::ReviewFinding;
pub use crate::view::{DocEntry, DocRef, Recommendation};
pub use answers::ExtraProblem;
pub use plan::safe_path;
pub use review::same_finding;
pub use verify::verify;

use crate::model::Model;
use crate::templates;
use crate::templates::review_rules::ReviewRules;
use crate::view::{self, View};
use anyhow::{Context as _, anyhow, bail};
use plan::Planned;
pub use prepared::Prepared;
use tera::{Context, Tera};

/// A document that failed to render, with the path it would have had: callers match on the
/// path (a link to it is reported with this failure), never on the message.
#[derive(Debug, thiserror::Error)]
#[error("failed to render `{path}` with template `{template}`")]
pub struct DocumentFailure {
    /// The output path the document would have had.
    pub path: String,
    /// The template that failed.
    pub template: String,
    /// Tera's report, with its causes.
    #[source]
    pub source: anyhow::Error,
}

/// A rendered file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// Output-relative path with `/` separators.
    pub path: String,
    /// The manifest id of the document.
    pub id: String,
    /// The template that rendered it.
    pub template: String,
    /// Its content, normalized.
    pub content: String,
}

/// Templates compiled once, ready to render any number of models.
pub struct Renderer {
    tera: Tera,
    manifest: Manifest,
    rules: Rules,
    review: ReviewRules,
    questions: Vec<crate::templates::questions::Question>,
    /// Whether a pack is in use: its output is verified before anything is written.
    verify: bool,
    /// Whether the pack asks every render to build the static site too.
    site: bool,
    /// The pack's folder and template names, to name pack files in errors.
    pack: Option<(std::path::PathBuf, Vec<String>)>,
}

fn expr(id: &str, part: &str) -> String {
    format!("__archgen/{id}/{part}")
}

fn condition(expression: &str) -> String {
    format!("{{% if {expression} %}}yes{{% endif %}}")
}

impl Renderer {
    /// The built-in templates only.
    pub fn builtin() -> anyhow::Result<Renderer> {
        Renderer::new(
            Manifest::builtin(),
            Rules::builtin(),
            ReviewRules::builtin(),
            Vec::new(),
        )
    }

    /// The built-ins with `pack` over them: its files replace built-ins of the same name, its
    /// `pack.yaml` adds and switches off documents and adds rules.
    pub fn with_pack(pack: Option<&crate::templates::pack::Pack>) -> anyhow::Result<Renderer> {
        let Some(pack) = pack else {
            return Renderer::builtin();
        };
        let mut manifest = match &pack.manifest {
            Some(text) => Manifest::parse(text, &pack.file(crate::templates::MANIFEST))?,
            None => Manifest::builtin(),
        };
        let mut rules = match &pack.rules {
            Some(text) => Rules::parse(text, &pack.file(crate::templates::RULES))?,
            None => Rules::builtin(),
        };
        let config = &pack.config;
        for id in &config.disable {
            let before = manifest.documents.len();
            manifest.documents.retain(|d| &d.id != id);
            if manifest.documents.len() == before {
                let all = Manifest::builtin();
                let ids: Vec<&str> = all.documents.iter().map(|d| d.id.as_str()).collect();
                let hint = crate::diagnostic::did_you_mean(id, ids.iter().copied())
                    .map(|n| format!("; did you mean `{n}`?"))
                    .unwrap_or_else(|| "; `archgen templates list` shows the ids".into());
                bail!(
                    "{}: `disable` names the document `{id}`, which does not exist{hint}",
                    pack.file("pack.yaml")
                );
            }
        }
        for doc in &config.documents {
            match manifest.documents.iter_mut().find(|d| d.id == doc.id) {
                Some(existing) => *existing = doc.clone(),
                None => manifest.documents.push(doc.clone()),
            }
        }
        if config.rules.replace {
            rules.rules.clear();
        }
        for rule in &config.rules.add {
            match rules.rules.iter_mut().find(|r| r.id == rule.id) {
                Some(existing) => *existing = rule.clone(),
                None => rules.rules.push(rule.clone()),
            }
        }
        let mut review = ReviewRules::builtin();
        if let Some(text) = &pack.review_rules {
            let file = pack.file(crate::templates::review_rules::REVIEW_RULES);
            review = review.extend(ReviewRules::parse(text, &file)?, &file)?;
        }
        let names: Vec<String> = pack.templates.iter().map(|(n, _)| n.clone()).collect();
        let mut renderer = Renderer::new(manifest, rules, review, pack.templates.clone())
            .map_err(|e| match e.downcast::<templates::TemplateError>() {
                Ok(failure) => anyhow::Error::new(failure.in_pack(&pack.dir, &names)),
                Err(e) => e,
            })
            .with_context(|| {
                format!(
                    "the template pack `{}` does not compile",
                    pack.dir.display()
                )
            })?;
        renderer.pack = Some((pack.dir.clone(), names));
        renderer.questions = config.questions.clone();
        renderer.verify = true;
        renderer.site = config.site;
        Ok(renderer)
    }

    /// Compiles the built-ins, `pack` templates over them, and the manifest's and rules'
    /// expressions, all at once.
    pub fn new(
        manifest: Manifest,
        rules: Rules,
        review: ReviewRules,
        pack: Vec<(String, String)>,
    ) -> anyhow::Result<Renderer> {
        let mut extra = pack;
        extra.extend(review::templates(&review));
        for d in &manifest.documents {
            extra.push((expr(&format!("doc/{}", d.id), "output"), d.output.clone()));
            extra.push((
                expr(&format!("doc/{}", d.id), "when"),
                condition(d.when.as_deref().unwrap_or("true")),
            ));
        }
        for r in &rules.rules {
            let base = format!("rule/{}", r.id);
            extra.push((expr(&base, "when"), condition(&r.when)));
            extra.push((expr(&base, "recommend"), r.recommend.clone()));
            extra.push((expr(&base, "rationale"), r.rationale.clone()));
            for (i, a) in r.alternatives.iter().enumerate() {
                extra.push((expr(&base, &format!("alt{i}")), a.clone()));
            }
        }
        Ok(Renderer {
            tera: templates::engine(extra)?,
            manifest,
            rules,
            review,
            questions: Vec::new(),
            verify: false,
            site: false,
            pack: None,
        })
    }

    /// Every finding of the design review over `ctx`, in rule order.
    fn review(
        &self,
        ctx: &Context,
        accepted: &[crate::model::Acceptance],
    ) -> anyhow::Result<Vec<ReviewFinding>> {
        let mut out = Vec::new();
        for r in &self.review.rules {
            let text = self
                .run(&review::template_name(&r.id), ctx)
                .with_context(|| format!("failed to evaluate the review rule `{}`", r.id))?;
            out.extend(review::findings(&r.id, &r.doc, &text, accepted));
        }
        Ok(out)
    }

    /// Whether the pack asks every render to build the static site from its documents.
    pub fn builds_site(&self) -> bool {
        self.site
    }

    /// The manifest in use.
    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    fn run(&self, name: &str, ctx: &Context) -> anyhow::Result<String> {
        self.tera.render(name, ctx).map_err(|e| {
            let failure = templates::TemplateError::from(&e);
            anyhow::Error::new(match &self.pack {
                Some((dir, names)) => failure.in_pack(dir, names),
                None => failure,
            })
        })
    }

    /// The view templates see for `model`: recommendations and document paths filled in.
    pub fn view(&self, model: &Model) -> anyhow::Result<View> {
        Ok(self.prepare(model)?.view)
    }

    /// Works out `model`'s view and its documents, ready for [`Renderer::render_prepared`]; a
    /// caller that needs the view too (for the decision facts) builds it only once this way.
    pub fn prepare(&self, model: &Model) -> anyhow::Result<Prepared> {
        let mut view = self.with_answers(view::build(model));
        // Rules, the review and planning see the view as it is before them: without
        // recommendations and document paths.
        let before = context(&view)?;
        view.recommendations = self.recommend(&before)?;
        view.review = self.review(&before, &model.review.accept)?;
        let (paths, mut planned) = self.plan(&before)?;
        // Free the first serialization before the second: on a 500-service model each is
        // about 70 MB, and holding both raised the peak from under 200 MB to about 265 MB.
        drop(before);
        plan::forget_items(&mut planned);
        paths.fill(&mut view);
        // The view in its final form, serialized once; nothing patches either afterwards.
        let ctx = context(&view)?;
        plan::with_final_items(&mut planned, &ctx);
        Ok(Prepared { view, ctx, planned })
    }

    /// Renders every document of `model`, in manifest order. With a pack, the output is
    /// verified too, and every invalid file reported before anything is written.
    pub fn render(&self, model: &Model) -> anyhow::Result<Vec<Document>> {
        self.render_prepared(&self.prepare(model)?)
    }

    /// [`Renderer::render`] of what [`Renderer::prepare`] worked out.
    pub fn render_prepared(&self, prepared: &Prepared) -> anyhow::Result<Vec<Document>> {
        let docs = self.render_unchecked(prepared)?;
        if self.verify {
            crate::diagnostic::Problems::new("the files the template pack produced", verify(&docs))
                .into_result()?;
        }
        Ok(docs)
    }

    fn render_unchecked(&self, prepared: &Prepared) -> anyhow::Result<Vec<Document>> {
        let (docs, mut failures) = self.collect(prepared);
        match failures.len() {
            0 => Ok(docs),
            1 => Err(failures.remove(0).into()),
            n => {
                let all: Vec<String> = failures
                    .into_iter()
                    .map(|f| crate::error_chain(&f.into()))
                    .collect();
                Err(anyhow!(
                    "{n} documents failed to render:\n\n{}",
                    all.join("\n\n")
                ))
            }
        }
    }

    /// Renders every document it can, and says why each of the others failed.
    ///
    /// Diagrams (`.mmd` files) render first; every other document sees their text as
    /// `output[path]`, so a diagram shown inline is byte-for-byte its file, whatever the
    /// templates behind it extend.
    pub fn render_collect(
        &self,
        model: &Model,
    ) -> anyhow::Result<(Vec<Document>, Vec<DocumentFailure>)> {
        Ok(self.collect(&self.prepare(model)?))
    }

    fn collect(&self, prepared: &Prepared) -> (Vec<Document>, Vec<DocumentFailure>) {
        let planned = &prepared.planned;
        // Cheap: the context's values are shared, not copied.
        let mut ctx = prepared.ctx.clone();
        let mut done: Vec<Option<Document>> = vec![None; planned.len()];
        let mut failures = Vec::new();
        let phases: [Vec<usize>; 2] = {
            let (first, rest): (Vec<usize>, Vec<usize>) =
                (0..planned.len()).partition(|i| planned[*i].path.ends_with(".mmd"));
            [first, rest]
        };
        ctx.insert(
            "output",
            &std::collections::BTreeMap::<String, String>::new(),
        );
        for (phase, indexes) in phases.iter().enumerate() {
            if phase == 1 {
                let output: std::collections::BTreeMap<&str, &str> = done
                    .iter()
                    .flatten()
                    .map(|d| (d.path.as_str(), d.content.as_str()))
                    .collect();
                ctx.insert("output", &output);
            }
            for (i, result) in self.render_each(&ctx, planned, indexes) {
                match result {
                    Ok(doc) => done[i] = Some(doc),
                    Err(e) => failures.push(e),
                }
            }
        }
        (done.into_iter().flatten().collect(), failures)
    }

    /// Renders the documents at `indexes` on every core; results come back in `indexes` order.
    fn render_each(
        &self,
        ctx: &Context,
        planned: &[Planned],
        indexes: &[usize],
    ) -> Vec<(usize, Result<Document, DocumentFailure>)> {
        crate::parallel::map(indexes, |&i| (i, self.render_one(ctx, &planned[i])))
    }

    /// Renders one planned document.
    fn render_one(&self, ctx: &Context, p: &Planned) -> Result<Document, DocumentFailure> {
        let mut c = ctx.clone();
        if let Some((alias, item)) = &p.item {
            c.insert_value("item", item.clone());
            c.insert_value(*alias, item.clone());
        }
        if let Some(service) = &p.service {
            c.insert_value("service", service.clone());
        }
        c.insert(
            "this",
            &DocRef {
                path: p.path.clone(),
                title: p.title.clone(),
            },
        );
        let spec = &self.manifest.documents[p.spec];
        let text = self
            .run(&spec.template, &c)
            .map_err(|source| DocumentFailure {
                path: p.path.clone(),
                template: spec.template.clone(),
                source,
            })?;
        Ok(Document {
            path: p.path.clone(),
            id: spec.id.clone(),
            template: spec.template.clone(),
            content: normalize::text(&text),
        })
    }
}

fn context(view: &View) -> anyhow::Result<Context> {
    Context::from_serialize(view)
        .map_err(|e| anyhow!("failed to prepare the view for templates: {e}"))
}
