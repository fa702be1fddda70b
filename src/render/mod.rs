//! Model -> view -> documents in memory. Nothing here touches the file system.

pub(crate) mod data;
mod manifest;
mod normalize;
mod prepared;
mod rules;
mod verify;

pub use manifest::{DocSpec, Each, Manifest};
pub use rules::{Recommendation, Rule, Rules};
pub use verify::verify;

use crate::model::Model;
use crate::templates;
use crate::view::{self, View};
use anyhow::{Context as _, anyhow, bail};
pub use prepared::Prepared;
use serde::Serialize;
use std::collections::HashMap;
use tera::{Context, Tera};

/// A document as templates refer to it.
#[derive(Debug, Clone, Serialize)]
pub struct DocRef {
    /// Output-relative path with `/` separators.
    pub path: String,
    /// Title.
    pub title: String,
}

/// A document in an index.
#[derive(Debug, Clone, Serialize)]
pub struct DocEntry {
    /// Manifest id.
    pub id: String,
    /// Output-relative path.
    pub path: String,
    /// Title.
    pub title: String,
    /// What it is for.
    pub description: String,
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

/// Templates compiled once, ready to render any number of models.
pub struct Renderer {
    tera: Tera,
    manifest: Manifest,
    rules: Rules,
    questions: Vec<crate::templates::questions::Question>,
    /// Whether a pack is in use: its output is verified before anything is written.
    verify: bool,
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
        Renderer::new(Manifest::builtin(), Rules::builtin(), Vec::new())
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
        let names: Vec<String> = pack.templates.iter().map(|(n, _)| n.clone()).collect();
        let mut renderer = Renderer::new(manifest, rules, pack.templates.clone())
            .map_err(|e| {
                anyhow!(
                    "{}",
                    pack_paths(&e.root_cause().to_string(), &pack.dir, &names)
                )
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
        Ok(renderer)
    }

    /// Compiles the built-ins, `pack` templates over them, and the manifest's and rules'
    /// expressions, all at once.
    pub fn new(
        manifest: Manifest,
        rules: Rules,
        pack: Vec<(String, String)>,
    ) -> anyhow::Result<Renderer> {
        let mut extra = pack;
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
            questions: Vec::new(),
            verify: false,
            pack: None,
        })
    }

    /// The manifest in use.
    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    fn run(&self, name: &str, ctx: &Context) -> anyhow::Result<String> {
        self.tera.render(name, ctx).map_err(|e| {
            let text = templates::error_text(&e);
            match &self.pack {
                Some((dir, names)) => anyhow!("{}", pack_paths(&text, dir, names)),
                None => anyhow!("{text}"),
            }
        })
    }

    /// The view templates see for `model`: recommendations and document paths filled in.
    pub fn view(&self, model: &Model) -> anyhow::Result<View> {
        Ok(self.prepare(model)?.view)
    }

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
            .map_err(|e| anyhow!("{}", templates::error_text(&e)))
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
    fn with_answers(&self, mut view: View) -> View {
        for q in &self.questions {
            view.extra
                .entry(q.id.clone())
                .or_insert_with(|| q.default.clone().unwrap_or(serde_json::Value::Null));
        }
        view
    }

    /// Works out `model`'s view and its documents, ready for [`Renderer::render_prepared`]; a
    /// caller that needs the view too (for the decision facts) builds it only once this way.
    pub fn prepare(&self, model: &Model) -> anyhow::Result<Prepared> {
        let mut view = self.with_answers(view::build(model));
        let mut ctx = context(&view)?;
        // Rules and planning see the view as it is before them, without recommendations.
        view.recommendations = self.recommend(&ctx)?;
        let planned = self.plan(&mut view, &mut ctx)?;
        ctx.insert("recommendations", &view.recommendations);
        #[cfg(debug_assertions)]
        assert!(
            ctx == context(&view)?,
            "the patched context differs from the view"
        );
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
            1 => Err(failures.remove(0)),
            n => {
                let all: Vec<String> = failures.iter().map(crate::error_chain).collect();
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
    ) -> anyhow::Result<(Vec<Document>, Vec<anyhow::Error>)> {
        Ok(self.collect(&self.prepare(model)?))
    }

    fn collect(&self, prepared: &Prepared) -> (Vec<Document>, Vec<anyhow::Error>) {
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
    ) -> Vec<(usize, anyhow::Result<Document>)> {
        crate::parallel::map(indexes, |&i| (i, self.render_one(ctx, &planned[i])))
    }

    /// Renders one planned document.
    fn render_one(&self, ctx: &Context, p: &Planned) -> anyhow::Result<Document> {
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
        let text = self.run(&spec.template, &c).map_err(|e| {
            e.context(format!(
                "failed to render `{}` with template `{}`",
                p.path, spec.template
            ))
        })?;
        Ok(Document {
            path: p.path.clone(),
            id: spec.id.clone(),
            template: spec.template.clone(),
            content: normalize::text(&text),
        })
    }

    fn recommend(&self, ctx: &Context) -> anyhow::Result<Vec<Recommendation>> {
        let mut out = Vec::new();
        for r in &self.rules.rules {
            let base = format!("rule/{}", r.id);
            let applies = self
                .run(&expr(&base, "when"), ctx)
                .with_context(|| format!("failed to evaluate rule `{}`", r.id))?;
            if applies != "yes" {
                continue;
            }
            let alternatives = (0..r.alternatives.len())
                .map(|i| self.run(&expr(&base, &format!("alt{i}")), ctx))
                .collect::<anyhow::Result<Vec<_>>>()
                .with_context(|| format!("failed to render rule `{}`", r.id))?;
            out.push(Recommendation {
                rule: r.id.clone(),
                area: r.area.clone(),
                recommend: self
                    .run(&expr(&base, "recommend"), ctx)
                    .with_context(|| format!("failed to render rule `{}`", r.id))?,
                rationale: self
                    .run(&expr(&base, "rationale"), ctx)
                    .with_context(|| format!("failed to render rule `{}`", r.id))?,
                alternatives,
            });
        }
        Ok(out)
    }

    /// Works out every output path (so documents can link to each other) and records the
    /// paths in the view and in `ctx`, its serialized form.
    fn plan(&self, view: &mut View, ctx: &mut Context) -> anyhow::Result<Vec<Planned>> {
        let mut planned = Vec::new();
        let mut taken: HashMap<String, String> = HashMap::new();
        // The context holds the view serialized already.
        let serialized = |key: &str| {
            ctx.get(key)
                .cloned()
                .expect("the context is the view serialized, which has every list")
        };
        let services = serialized("services");
        let flows = serialized("flows");
        let decisions = serialized("decisions");
        for (i, spec) in self.manifest.documents.iter().enumerate() {
            let items: Vec<PlanItem> = match spec.each {
                None => vec![(None, None, Target::Top)],
                Some(Each::Service) => items_of(&services)
                    .into_iter()
                    .enumerate()
                    .map(|(k, v)| (Some(("service", v)), None, Target::Service(k)))
                    .collect(),
                Some(Each::Flow) => items_of(&flows)
                    .into_iter()
                    .enumerate()
                    .map(|(k, v)| (Some(("flow", v)), None, Target::Flow(k)))
                    .collect(),
                Some(Each::Decision) => items_of(&decisions)
                    .into_iter()
                    .enumerate()
                    .map(|(k, v)| (Some(("decision", v)), None, Target::Decision(k)))
                    .collect(),
                Some(Each::Resource) => items_of(&services)
                    .into_iter()
                    .enumerate()
                    .flat_map(|(k, s)| {
                        let resources = s
                            .get_from_path("api.resources")
                            .map(items_of)
                            .unwrap_or_default();
                        resources.into_iter().map(move |r| {
                            (Some(("resource", r)), Some(s.clone()), Target::Service(k))
                        })
                    })
                    .collect(),
            };
            for (item, service, target) in items {
                let mut c = ctx.clone();
                if let Some((alias, v)) = &item {
                    c.insert_value("item", v.clone());
                    c.insert_value(*alias, v.clone());
                }
                if let Some(s) = &service {
                    c.insert_value("service", s.clone());
                }
                let id = format!("doc/{}", spec.id);
                let when = self.run(&expr(&id, "when"), &c).with_context(|| {
                    format!("failed to evaluate `when` of document `{}`", spec.id)
                })?;
                if when != "yes" {
                    continue;
                }
                let raw = self.run(&expr(&id, "output"), &c).with_context(|| {
                    format!("failed to render the output path of document `{}`", spec.id)
                })?;
                let path = safe_path(raw.trim()).map_err(|e| {
                    anyhow!(
                        "document `{}` would be written to `{}`: {e}",
                        spec.id,
                        raw.trim()
                    )
                })?;
                if let Some(other) = taken.insert(path.to_lowercase(), spec.id.clone()) {
                    bail!(
                        "documents `{other}` and `{}` would both be written to `{path}`",
                        spec.id
                    );
                }
                match target {
                    Target::Top => {
                        view.docs.insert(
                            spec.id.clone(),
                            DocRef {
                                path: path.clone(),
                                title: spec.title.clone(),
                            },
                        );
                        view.documents.push(DocEntry {
                            id: spec.id.clone(),
                            path: path.clone(),
                            title: spec.title.clone(),
                            description: spec.description.clone(),
                        });
                    }
                    Target::Service(k) if spec.each == Some(Each::Service) => {
                        view.services[k].docs.insert(spec.id.clone(), path.clone());
                    }
                    Target::Flow(k) => {
                        view.flows[k].docs.insert(spec.id.clone(), path.clone());
                    }
                    Target::Decision(k) => {
                        view.decisions[k].docs.insert(spec.id.clone(), path.clone());
                    }
                    Target::Service(_) => {}
                }
                planned.push(Planned {
                    spec: i,
                    path,
                    title: spec.title.clone(),
                    item,
                    service,
                    target,
                });
            }
        }
        // Items carry their own document paths, so refresh them after planning.
        let services = prepared::with_docs(&services, &view.services, |s| &s.docs);
        let flows = prepared::with_docs(&flows, &view.flows, |f| &f.docs);
        let decisions = prepared::with_docs(&decisions, &view.decisions, |d| &d.docs);
        let nth = |items: &tera::Value, k: usize| items.as_array().and_then(|a| a.get(k)).cloned();
        for p in &mut planned {
            let fresh = match p.target {
                Target::Service(k) => nth(&services, k),
                Target::Flow(k) => nth(&flows, k),
                Target::Decision(k) => nth(&decisions, k),
                Target::Top => None,
            };
            match (&mut p.item, fresh) {
                (Some((alias, v)), Some(fresh)) if *alias != "resource" => *v = fresh,
                (_, Some(fresh)) => p.service = Some(fresh),
                _ => {}
            }
        }
        ctx.insert_value("services", services);
        ctx.insert_value("flows", flows);
        ctx.insert_value("decisions", decisions);
        ctx.insert("docs", &view.docs);
        ctx.insert("documents", &view.documents);
        Ok(planned)
    }
}

/// One document to plan: the item it is rendered for (by its alias), the service of a
/// resource, and where its path is recorded.
type PlanItem = (
    Option<(&'static str, tera::Value)>,
    Option<tera::Value>,
    Target,
);

#[derive(Clone, Copy)]
enum Target {
    Top,
    Service(usize),
    Flow(usize),
    Decision(usize),
}

struct Planned {
    spec: usize,
    path: String,
    title: String,
    item: Option<(&'static str, tera::Value)>,
    service: Option<tera::Value>,
    target: Target,
}

fn items_of(v: &tera::Value) -> Vec<tera::Value> {
    v.as_array()
        .map(<[tera::Value]>::to_vec)
        .unwrap_or_default()
}

fn context(view: &View) -> anyhow::Result<Context> {
    Context::from_serialize(view)
        .map_err(|e| anyhow!("failed to prepare the view for templates: {e}"))
}

/// Names pack templates by their file (` --> pack/security.md:3:18`) in Tera's reports, and
/// built-ins as built-ins.
fn pack_paths(text: &str, dir: &std::path::Path, names: &[String]) -> String {
    let mut out = text.to_owned();
    for name in names {
        out = out.replace(
            &format!(" --> {name}:"),
            &format!(" --> {}:", dir.join(name).display()),
        );
    }
    out.replace(" --> builtin/", " --> (built-in) ")
}

/// Checks that an output path stays inside the output folder and is a safe file name on every
/// platform; returns it normalized.
pub fn safe_path(path: &str) -> Result<String, String> {
    if path.is_empty() {
        return Err("the path is empty".into());
    }
    if path.starts_with('/') || path.contains('\\') || path.contains(':') {
        return Err("output paths are relative, with `/` separators and no drive letters".into());
    }
    let mut parts = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => return Err("the path has an empty or `.` segment".into()),
            ".." => return Err("the path leaves the output folder".into()),
            p if p.chars().any(|c| c.is_control() || "<>\"|?*".contains(c)) => {
                return Err(format!("`{p}` has characters file systems reject"));
            }
            p if p.len() > 120 => return Err(format!("`{p}` is longer than 120 bytes")),
            p => parts.push(p),
        }
    }
    Ok(parts.join("/"))
}
