//! Built-in templates (embedded at build time) and a team's pack over them, in one Tera
//! instance: a pack file replaces the built-in of the same name, and every built-in stays
//! reachable as `builtin/NAME` so a pack template can extend it.

pub use crate::text::escape;
pub(crate) mod data;
mod failure;
pub mod filters;
pub mod manifest;
pub mod pack;
pub mod questions;
pub mod review_rules;
pub mod rules;
pub mod yaml_emit;

pub use failure::TemplateError;

use anyhow::Context as _;
use include_dir::{Dir, include_dir};
use tera::Tera;

/// The built-in templates and their data files, embedded.
pub static BUILTIN: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/templates");

/// The namespace built-ins are registered under.
pub const BUILTIN_PREFIX: &str = "builtin/";

/// The built-in document manifest (data, not a template).
pub const MANIFEST: &str = "documents.yaml";
/// The built-in recommendation rules (data, not a template).
pub const RULES: &str = "recommendations.yaml";

/// Whether a file of a template folder is data rather than a template.
pub fn is_data(name: &str) -> bool {
    name == MANIFEST || name == RULES || name == review_rules::REVIEW_RULES || name == "pack.yaml"
}

/// Every built-in file, `(name, text)`, sorted by name.
pub fn builtin_files() -> Vec<(String, &'static str)> {
    fn walk(dir: &'static Dir<'static>, out: &mut Vec<(String, &'static str)>) {
        for file in dir.files() {
            let name = file.path().to_string_lossy().replace('\\', "/");
            out.push((
                name,
                file.contents_utf8().expect("built-in templates are UTF-8"),
            ));
        }
        for sub in dir.dirs() {
            walk(sub, out);
        }
    }
    let mut out = Vec::new();
    walk(&BUILTIN, &mut out);
    out.sort();
    out
}

/// The text of the built-in file `name`.
pub fn builtin(name: &str) -> Option<&'static str> {
    BUILTIN.get_file(name).and_then(|f| f.contents_utf8())
}

/// A Tera instance set up for archgen: no HTML escaping (each target has its own filter),
/// archgen's filters, and the built-ins under [`BUILTIN_PREFIX`] as the fallback.
///
/// `extra` are more templates `(name, text)` added in the same batch: a pack's files and the
/// manifest's expressions.
pub fn engine(extra: Vec<(String, String)>) -> anyhow::Result<Tera> {
    let mut tera = Tera::new();
    tera.autoescape_on(Vec::<&str>::new());
    tera.set_fallback_prefixes([BUILTIN_PREFIX])
        .context("failed to set up the template engine")?;
    filters::register(&mut tera);
    let builtins = builtin_files()
        .into_iter()
        .filter(|(name, _)| !is_data(name))
        .map(|(name, text)| (format!("{BUILTIN_PREFIX}{name}"), text.to_owned()));
    tera.add_raw_templates(builtins.chain(extra))
        .map_err(|e| anyhow::Error::new(TemplateError::from(&e)))
        .context("the templates do not compile")?;
    Ok(tera)
}

/// A Tera error with its whole cause chain, one cause per paragraph.
pub fn error_text(e: &tera::Error) -> String {
    let mut text = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        let s_text = s.to_string();
        if !text.contains(&s_text) {
            text.push_str("\n\ncaused by: ");
            text.push_str(&s_text);
        }
        source = s.source();
    }
    text
}
