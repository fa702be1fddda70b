//! `archgen render`: model in, documents out.

use super::{Exit, Verbosity, style};
use crate::cli::RenderArgs;
use crate::write::{self, Action};
use anstream::println;
use std::path::{Path, PathBuf};

pub(super) fn run(args: &RenderArgs, verbosity: Verbosity) -> anyhow::Result<Exit> {
    let loaded = crate::load::load(&args.model.model)?;
    let renderer = super::renderer(&loaded, &args.templates)?;
    let docs = renderer.render(&loaded.model)?;
    let out = output_dir(
        &loaded.path,
        loaded.model.output.as_deref(),
        args.out.as_deref(),
    );
    let plan = write::plan(&out, &docs)?;
    write::apply(&plan)?;
    if verbosity == Verbosity::Verbose {
        for e in &plan.entries {
            let s = match e.action {
                Action::New => style::GOOD,
                Action::Updated => style::CHANGED,
                Action::Unchanged => style::DIM,
            };
            println!("{s}{:>9}{s:#}  {}", e.action.word(), e.path);
        }
    }
    if verbosity != Verbosity::Quiet {
        println!("{}", summary(&out, &plan));
    }
    Ok(Exit::Ok)
}

/// The output folder: the flag, else the model's `output`, else the default, beside the model.
pub fn output_dir(model_path: &Path, from_model: Option<&str>, flag: Option<&Path>) -> PathBuf {
    if let Some(dir) = flag {
        return dir.to_owned();
    }
    let base = model_path.parent().unwrap_or(Path::new(""));
    base.join(from_model.unwrap_or(crate::model::DEFAULT_OUTPUT))
}

fn summary(out: &Path, plan: &write::Plan) -> String {
    let mut kinds = [0usize; 4];
    for e in &plan.entries {
        let k = if e.path.starts_with("adr/") {
            2
        } else if e.path.ends_with(".mmd") {
            3
        } else if e.path.ends_with(".md") {
            0
        } else {
            1
        };
        kinds[k] += 1;
    }
    let names = ["documents", "API contracts", "ADRs", "diagrams"];
    let parts: Vec<String> = kinds
        .iter()
        .zip(names)
        .filter(|(n, _)| **n > 0)
        .map(|(n, name)| format!("{n} {name}"))
        .collect();
    let n = plan.entries.len();
    format!(
        "{b}rendered {n} files{b:#} into {b}{}{b:#} ({}): {} new, {} updated, {} unchanged",
        out.display(),
        parts.join(", "),
        plan.count(Action::New),
        plan.count(Action::Updated),
        plan.count(Action::Unchanged),
        b = style::NAME,
    )
}
