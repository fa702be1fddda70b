//! Before any document renders: the recommendation rules, then every output path, recorded in
//! the view and in its serialized form so documents can link to each other.

use super::{DocEntry, DocRef, Each, Recommendation, Renderer, expr, prepared};
use crate::view::View;
use anyhow::{Context as _, anyhow, bail};
use std::collections::HashMap;
use tera::Context;

impl Renderer {
    /// The recommendations whose rule's `when` holds, rendered.
    pub(super) fn recommend(&self, ctx: &Context) -> anyhow::Result<Vec<Recommendation>> {
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
    // long: kept whole while render/plan.rs is reworked in parallel; split later
    pub(super) fn plan(&self, view: &mut View, ctx: &mut Context) -> anyhow::Result<Vec<Planned>> {
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
            let items: Vec<PlanItem> = match (spec.each, &spec.each_in) {
                (Some(_), Some(_)) => bail!(
                    "document `{}` has both `each` and `each_in`: keep the one it is rendered once per",
                    spec.id
                ),
                (None, Some(path)) => {
                    each(&listed(ctx, path, &spec.id)?, "item", |_| Target::Listed)
                }
                (None, None) => vec![(None, None, Target::Top)],
                (Some(Each::Service), _) => each(&services, "service", Target::Service),
                (Some(Each::Flow), _) => each(&flows, "flow", Target::Flow),
                (Some(Each::Decision), _) => each(&decisions, "decision", Target::Decision),
                (Some(Each::Resource), _) => items_of(&services)
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
                    Target::Service(_) | Target::Listed => {}
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
                Target::Top | Target::Listed => None,
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

/// Where in the view a document's path is recorded.
#[derive(Clone, Copy)]
enum Target {
    Top,
    Service(usize),
    Flow(usize),
    Decision(usize),
    /// An element of a list named by `each_in`: recorded nowhere.
    Listed,
}

/// A document to render: its manifest entry, path and title, the item it is for (by its
/// alias) and the service of a resource.
pub(super) struct Planned {
    pub(super) spec: usize,
    pub(super) path: String,
    pub(super) title: String,
    pub(super) item: Option<(&'static str, tera::Value)>,
    pub(super) service: Option<tera::Value>,
    /// Where its path is recorded in the view.
    target: Target,
}

/// One document per item of `list`, known to templates as `alias`, its path recorded at
/// `target(index)`.
fn each(list: &tera::Value, alias: &'static str, target: fn(usize) -> Target) -> Vec<PlanItem> {
    items_of(list)
        .into_iter()
        .enumerate()
        .map(|(k, v)| (Some((alias, v)), None, target(k)))
        .collect()
}

/// The list of the view at dotted `path` (`each_in` of document `id`).
fn listed(ctx: &Context, path: &str, id: &str) -> anyhow::Result<tera::Value> {
    let (head, rest) = path.split_once('.').unwrap_or((path, ""));
    let found = ctx.get(head).and_then(|v| {
        if rest.is_empty() {
            Some(v.clone())
        } else {
            v.get_from_path(rest).cloned()
        }
    });
    match found {
        Some(v) if v.as_array().is_some() => Ok(v),
        _ => bail!(
            "document `{id}` is rendered once per item of `{path}`, which is not a list in the view (see `archgen view`)"
        ),
    }
}

fn items_of(v: &tera::Value) -> Vec<tera::Value> {
    v.as_array()
        .map(<[tera::Value]>::to_vec)
        .unwrap_or_default()
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
            p if crate::view::names::is_windows_device(p) => {
                return Err(format!(
                    "`{p}` is a device name on Windows (CON, PRN, AUX, NUL, COM1-9, LPT1-9), which cannot be a file there"
                ));
            }
            p => parts.push(p),
        }
    }
    Ok(parts.join("/"))
}
