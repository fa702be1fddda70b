//! `archgen site`: the rendered documents as a static HTML site.

use super::{Exit, Verbosity};
use crate::cli::SiteArgs;
use crate::project::Project;
use std::path::{Path, PathBuf};

pub(super) fn run(args: &SiteArgs, verbosity: Verbosity) -> anyhow::Result<Exit> {
    let options = super::render::options(&args.templates, args.docs.as_deref());
    let project = Project::open(&args.model.model, &options)?;
    let docs_dir = project.out.clone();
    let docs = crate::write::read_folder(&docs_dir)?;
    if !docs.keys().any(|p| p.ends_with(".md")) {
        anyhow::bail!(
            "no documents in `{}`\nhelp: run `archgen render` first, or name the documents' folder with `--docs`",
            docs_dir.display()
        );
    }
    let out = match &args.out {
        Some(out) => out.clone(),
        None => default_site(&docs_dir),
    };
    build(&docs_dir, &docs, &out, &project.view()?, verbosity)?;
    Ok(Exit::Ok)
}

/// Builds the site of the documents `docs`, read from `docs_dir`, into `out`: for
/// `archgen site`, and for a render whose template pack asks for the site (`site: true`).
pub(super) fn build(
    docs_dir: &Path,
    docs: &std::collections::BTreeMap<String, String>,
    out: &Path,
    view: &crate::view::View,
    verbosity: Verbosity,
) -> anyhow::Result<()> {
    let (docs_abs, out_abs) = (std::path::absolute(docs_dir)?, std::path::absolute(out)?);
    if out_abs.starts_with(&docs_abs) {
        anyhow::bail!(
            "the site folder `{}` is inside the documents' folder `{}`, whose files become pages\nhelp: pass an `--out` outside it",
            out.display(),
            docs_dir.display()
        );
    }
    let files = crate::site::build(docs, view)?;
    let written = crate::write::site(out, &files)?;
    if verbosity != Verbosity::Quiet {
        let pages = files.keys().filter(|p| p.ends_with(".html")).count();
        println!(
            "{pages} pages from `{}` in `{}` ({} written, {} unchanged, {} removed); open `{}`",
            docs_dir.display(),
            out.display(),
            written.written,
            written.unchanged,
            written.removed.len(),
            out.join("index.html").display()
        );
    }
    Ok(())
}

/// The site of the documents a render left in `docs_dir`, when the pack asks for it.
pub(super) fn after_render(
    docs_dir: &Path,
    view: &crate::view::View,
    verbosity: Verbosity,
) -> anyhow::Result<()> {
    let docs = crate::write::read_folder(docs_dir)?;
    build(docs_dir, &docs, &default_site(docs_dir), view, verbosity)
}

/// `site` beside the documents' folder (in it for a folder with no parent, which is refused).
fn default_site(docs: &Path) -> PathBuf {
    docs.parent().unwrap_or(docs).join("site")
}
