//! Before any document renders: the recommendation rules, then every output path, worked out
//! on the view as it is before them and kept apart ([`Paths`]) until the view is built in its
//! final form, so documents can link to each other.

use super::{DocEntry, DocRef, DocSpec, Each, Recommendation, Renderer, expr};
use crate::view::View;
use anyhow::{Context as _, anyhow, bail};
use std::collections::{BTreeMap, HashMap};
use tera::Context;

/// Every document's path, by where the view records it.
#[derive(Default)]
pub(super) struct Paths {
    /// Documents rendered once, by manifest id.
    docs: BTreeMap<String, DocRef>,
    /// The same, in manifest order, with their descriptions.
    documents: Vec<DocEntry>,
    /// Each service's, flow's and decision's own documents (by index), by manifest id.
    services: BTreeMap<usize, BTreeMap<String, String>>,
    flows: BTreeMap<usize, BTreeMap<String, String>>,
    decisions: BTreeMap<usize, BTreeMap<String, String>>,
}

impl Paths {
    /// Records `path` of document `spec` where `target` says the view keeps it.
    fn record(&mut self, spec: &DocSpec, path: &str, target: Target) {
        let own = |docs: &mut BTreeMap<usize, BTreeMap<String, String>>, k: usize| {
            let docs = docs.entry(k).or_default();
            docs.insert(spec.id.clone(), path.to_owned());
        };
        match target {
            Target::Top => {
                self.docs.insert(
                    spec.id.clone(),
                    DocRef {
                        path: path.to_owned(),
                        title: spec.title.clone(),
                    },
                );
                self.documents.push(DocEntry {
                    id: spec.id.clone(),
                    path: path.to_owned(),
                    title: spec.title.clone(),
                    description: spec.description.clone(),
                });
            }
            Target::Service(k) if spec.each == Some(Each::Service) => own(&mut self.services, k),
            Target::Flow(k) => own(&mut self.flows, k),
            Target::Decision(k) => own(&mut self.decisions, k),
            Target::Service(_) | Target::Listed => {}
        }
    }

    /// Records the paths in `view`: `docs`, `documents`, and each item's `docs`.
    pub(super) fn fill(self, view: &mut View) {
        view.docs.extend(self.docs);
        view.documents.extend(self.documents);
        for (k, docs) in self.services {
            view.services[k].docs.extend(docs);
        }
        for (k, docs) in self.flows {
            view.flows[k].docs.extend(docs);
        }
        for (k, docs) in self.decisions {
            view.decisions[k].docs.extend(docs);
        }
    }
}

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
            // An alternative that renders empty does not apply to this design.
            let alternatives = (0..r.alternatives.len())
                .map(|i| self.run(&expr(&base, &format!("alt{i}")), ctx))
                .filter(|a| a.as_ref().map_or(true, |a| !a.trim().is_empty()))
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

    /// Works out every output path (so documents can link to each other) from `ctx`, the view
    /// serialized before any path is known.
    pub(super) fn plan(&self, ctx: &Context) -> anyhow::Result<(Paths, Vec<Planned>)> {
        let mut planned = Vec::new();
        let mut paths = Paths::default();
        let mut taken: HashMap<String, String> = HashMap::new();
        let lists = Lists::of(ctx);
        for (i, spec) in self.manifest.documents.iter().enumerate() {
            for (item, service, target) in items(spec, ctx, &lists)? {
                let mut c = ctx.clone();
                if let Some((alias, v)) = &item {
                    c.insert_value("item", v.clone());
                    c.insert_value(*alias, v.clone());
                }
                if let Some(s) = &service {
                    c.insert_value("service", s.clone());
                }
                let Some(path) = self.output_path(spec, &c)? else {
                    continue;
                };
                if let Some(other) = taken.insert(path.to_lowercase(), spec.id.clone()) {
                    bail!(
                        "documents `{other}` and `{}` would both be written to `{path}`",
                        spec.id
                    );
                }
                paths.record(spec, &path, target);
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
        Ok((paths, planned))
    }

    /// The output path of document `spec` in context `c`; none when its `when` says no.
    fn output_path(&self, spec: &DocSpec, c: &Context) -> anyhow::Result<Option<String>> {
        let id = format!("doc/{}", spec.id);
        let when = self
            .run(&expr(&id, "when"), c)
            .with_context(|| format!("failed to evaluate `when` of document `{}`", spec.id))?;
        if when != "yes" {
            return Ok(None);
        }
        let raw = self.run(&expr(&id, "output"), c).with_context(|| {
            format!("failed to render the output path of document `{}`", spec.id)
        })?;
        let path = safe_path(raw.trim()).map_err(|e| {
            anyhow!(
                "document `{}` would be written to `{}`: {e}",
                spec.id,
                raw.trim()
            )
        })?;
        Ok(Some(path))
    }
}

/// Drops the items planning copied that [`with_final_items`] copies again from the final
/// view, so the two copies are never held together.
pub(super) fn forget_items(planned: &mut [Planned]) {
    for p in planned {
        if matches!(p.target, Target::Top | Target::Listed) {
            continue;
        }
        match &mut p.item {
            Some((alias, v)) if *alias != "resource" => *v = tera::Value::from(()),
            _ => p.service = None,
        }
    }
}

/// Gives each planned document its item (and a resource its service) as `ctx`, the view in its
/// final form, holds it: with the item's own document paths.
pub(super) fn with_final_items(planned: &mut [Planned], ctx: &Context) {
    let nth = |key: &str, k: usize| {
        ctx.get(key)
            .and_then(|v| v.as_array())
            .and_then(|a| a.get(k))
            .cloned()
    };
    for p in planned {
        let fresh = match p.target {
            Target::Service(k) => nth("services", k),
            Target::Flow(k) => nth("flows", k),
            Target::Decision(k) => nth("decisions", k),
            Target::Top | Target::Listed => None,
        };
        match (&mut p.item, fresh) {
            (Some((alias, v)), Some(fresh)) if *alias != "resource" => *v = fresh,
            (_, Some(fresh)) => p.service = Some(fresh),
            _ => {}
        }
    }
}

/// The view's lists a manifest entry can be rendered once per item of.
struct Lists {
    services: tera::Value,
    flows: tera::Value,
    decisions: tera::Value,
}

impl Lists {
    fn of(ctx: &Context) -> Lists {
        let list = |key: &str| {
            let empty = || tera::Value::from(Vec::<tera::Value>::new());
            ctx.get(key).cloned().unwrap_or_else(empty)
        };
        Lists {
            services: list("services"),
            flows: list("flows"),
            decisions: list("decisions"),
        }
    }
}

/// The documents manifest entry `spec` asks for: one, or one per item of its list.
fn items(spec: &DocSpec, ctx: &Context, lists: &Lists) -> anyhow::Result<Vec<PlanItem>> {
    Ok(match (spec.each, &spec.each_in) {
        (Some(_), Some(_)) => bail!(
            "document `{}` has both `each` and `each_in`: keep the one it is rendered once per",
            spec.id
        ),
        (None, Some(path)) => each(&listed(ctx, path, &spec.id)?, "item", |_| Target::Listed),
        (None, None) => vec![(None, None, Target::Top)],
        (Some(Each::Service), _) => each(&lists.services, "service", Target::Service),
        (Some(Each::Flow), _) => each(&lists.flows, "flow", Target::Flow),
        (Some(Each::Decision), _) => each(&lists.decisions, "decision", Target::Decision),
        (Some(Each::Resource), _) => items_of(&lists.services)
            .into_iter()
            .enumerate()
            .flat_map(|(k, s)| {
                let resources = s
                    .get_from_path("api.resources")
                    .map(items_of)
                    .unwrap_or_default();
                resources
                    .into_iter()
                    .map(move |r| (Some(("resource", r)), Some(s.clone()), Target::Service(k)))
            })
            .collect(),
    })
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

#[cfg(test)]
mod tests {
    use super::super::{Renderer, context};

    /// What templates see is the view in its final form serialized, paths included: built once,
    /// not patched in two forms.
    #[test]
    fn the_context_is_the_final_view_serialized() {
        let text = include_str!("../../examples/order-management/archgen.yaml");
        let model = crate::load::parse(text, "archgen.yaml").expect("the example loads");
        let renderer = Renderer::builtin().expect("the built-ins compile");
        let prepared = renderer.prepare(&model).expect("the example prepares");
        let view = prepared.view();
        assert!(!view.docs.is_empty() && !view.documents.is_empty());
        assert!(view.services.iter().any(|s| !s.docs.is_empty()));
        assert!(prepared.ctx == context(view).expect("the view serializes"));
        // A document for one service gets that service with its own paths.
        let planned = prepared.planned.iter().find_map(|p| match &p.item {
            Some(("service", v)) => Some(v.clone()),
            _ => None,
        });
        let docs = planned.and_then(|s| s.get_from_path("docs").cloned());
        assert!(docs.is_some_and(|d| d.as_map().is_some_and(|m| !m.is_empty())));
    }
}
