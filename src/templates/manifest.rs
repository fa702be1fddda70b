//! The document manifest: which template produces which file, once or once per service,
//! resource, flow or decision, and on what condition.

use serde::{Deserialize, Serialize};

/// The manifest file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// Documents in index order.
    pub documents: Vec<DocSpec>,
}

/// One entry of the manifest.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DocSpec {
    /// Unique id; templates find the document's path as `docs.ID.path` (or `item.docs.ID`).
    pub id: String,
    /// The template that renders it.
    pub template: String,
    /// Output path, a template itself: `api/{{ item.slug }}.openapi.yaml`.
    pub output: String,
    /// Title for the index.
    pub title: String,
    /// Render once per item of this kind instead of once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub each: Option<Each>,
    /// Render once per element of this list of the view instead (a dotted path such as
    /// `catalog.messages`), known to the template as `item`; such documents are not listed in
    /// the index. Not together with `each`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub each_in: Option<String>,
    /// A Tera expression over the view (and `item`); the document is skipped when false.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<String>,
    /// What the document is for, shown by `archgen templates list`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Generated once, then the team's own: re-rendering never touches it again.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub once: bool,
}

/// What a document is rendered once per.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Each {
    /// Every service.
    Service,
    /// Every resource of every service (`service` is its service).
    Resource,
    /// Every flow.
    Flow,
    /// Every decision.
    Decision,
}

impl Manifest {
    /// Parses a manifest; `file` names it in errors.
    pub fn parse(text: &str, file: &str) -> anyhow::Result<Manifest> {
        let manifest: Manifest = crate::templates::data::parse_yaml(text, file)?;
        crate::templates::data::unique_ids(
            manifest.documents.iter().map(|d| d.id.as_str()),
            file,
            "document",
        )?;
        Ok(manifest)
    }

    /// The built-in manifest.
    pub fn builtin() -> Manifest {
        let text = crate::templates::builtin(crate::templates::MANIFEST)
            .expect("the built-in manifest is embedded");
        Manifest::parse(text, "templates/documents.yaml").expect("the built-in manifest is valid")
    }
}
