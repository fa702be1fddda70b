//! `archgen templates list | eject | check`: see what the built-ins are, copy them to edit,
//! and prove a team's pack renders every bundled example cleanly.

use super::{Exit, Verbosity, style};
use crate::cli::TemplatesCommand;
use crate::diagnostic::{Finding, Problems};
use crate::render::{Each, Renderer};
use crate::templates::{self, pack::Pack};
use anstream::println;
use anyhow::bail;

/// The bundled example models, embedded so `templates check` works anywhere.
const EXAMPLES: [(&str, &str); 5] = [
    (
        "order-management",
        include_str!("../../examples/order-management/archgen.yaml"),
    ),
    (
        "saas-platform",
        include_str!("../../examples/saas-platform/archgen.yaml"),
    ),
    (
        "realtime-notifications",
        include_str!("../../examples/realtime-notifications/archgen.yaml"),
    ),
    (
        "ride-hailing",
        include_str!("../../examples/ride-hailing/archgen.yaml"),
    ),
    (
        "clinic-booking",
        include_str!("../../examples/clinic-booking/archgen.yaml"),
    ),
];

pub(super) fn run(cmd: &TemplatesCommand, verbosity: Verbosity) -> anyhow::Result<Exit> {
    match cmd {
        TemplatesCommand::List { templates } => list(templates.templates.as_deref()),
        TemplatesCommand::Eject { names, to, force } => eject(names, to, *force, verbosity),
        TemplatesCommand::Check { templates } => check(templates.templates.as_deref(), verbosity),
    }
}

fn list(pack_dir: Option<&std::path::Path>) -> anyhow::Result<Exit> {
    let pack = pack_dir.map(Pack::load).transpose()?;
    let renderer = Renderer::with_pack(pack.as_ref())?;
    let manifest = renderer.manifest();
    let mut rows: Vec<(String, String, String)> = Vec::new();
    for (name, _) in templates::builtin_files() {
        let produces = builtin_produces(&name, manifest, pack.as_ref());
        let overridden = pack.as_ref().is_some_and(|p| {
            p.templates.iter().any(|(n, _)| *n == name)
                || (name == templates::MANIFEST && p.manifest.is_some())
                || (name == templates::RULES && p.rules.is_some())
        });
        let from = if overridden { "pack" } else { "built-in" };
        rows.push((name, produces, from.into()));
    }
    if let Some(p) = &pack {
        for (name, _) in p
            .templates
            .iter()
            .filter(|(n, _)| templates::builtin(n).is_none())
        {
            let docs = documents_of(name, manifest);
            let produces = if docs.is_empty() {
                "(partial)".into()
            } else {
                docs.join("; ")
            };
            rows.push((name.clone(), produces, "pack only".into()));
        }
    }
    let width = rows.iter().map(|r| r.0.len()).max().unwrap_or(8).max(8);
    println!(
        "{b}{:<width$}  {:<9}  produces{b:#}",
        "template",
        "from",
        b = style::NAME
    );
    for (name, produces, from) in &rows {
        println!("{name:<width$}  {from:<9}  {produces}");
    }
    Ok(Exit::Ok)
}

/// The documents template `name` renders, as the list describes them.
fn documents_of(name: &str, manifest: &crate::render::Manifest) -> Vec<String> {
    manifest
        .documents
        .iter()
        .filter(|d| d.template == name)
        .map(|d| describe(&d.output, d.each, d.each_in.as_deref()))
        .collect()
}

/// What built-in template `name` produces with `pack`: its documents, or why it has none.
fn builtin_produces(name: &str, manifest: &crate::render::Manifest, pack: Option<&Pack>) -> String {
    if name == templates::MANIFEST {
        return "the list of documents (data)".to_owned();
    }
    if name == templates::RULES {
        return "the recommendation rules (data)".to_owned();
    }
    let docs = documents_of(name, manifest);
    let off: Vec<&String> = pack
        .iter()
        .flat_map(|p| &p.config.disable)
        .filter(|id| {
            crate::render::Manifest::builtin()
                .documents
                .iter()
                .any(|d| &d.id == *id && d.template == name)
        })
        .collect();
    match (docs.is_empty(), off.first()) {
        (true, Some(id)) => format!("(switched off by the pack: {id})"),
        (true, None) => "(partial: included or extended by others)".into(),
        (false, _) => docs.join("; "),
    }
}

fn describe(output: &str, each: Option<Each>, each_in: Option<&str>) -> String {
    match each {
        None => match each_in {
            Some(list) => format!("{output} (one per item of {list})"),
            None => output.to_owned(),
        },
        Some(e) => format!("{output} (one per {})", crate::text::variant(&e)),
    }
}

fn eject(
    names: &[String],
    to: &std::path::Path,
    force: bool,
    verbosity: Verbosity,
) -> anyhow::Result<Exit> {
    let all = templates::builtin_files();
    let chosen: Vec<(String, &str)> = if names.is_empty() {
        all.clone()
    } else {
        let mut out = Vec::new();
        for n in names {
            match all.iter().find(|(name, _)| name == n) {
                Some(f) => out.push(f.clone()),
                None => {
                    let hint =
                        crate::diagnostic::did_you_mean(n, all.iter().map(|(a, _)| a.as_str()))
                            .map(|h| format!("did you mean `{h}`? "))
                            .unwrap_or_default();
                    bail!(
                        "there is no built-in template `{n}`\nhelp: {hint}`archgen templates list` shows every name"
                    );
                }
            }
        }
        out
    };
    let existing: Vec<String> = chosen
        .iter()
        .filter(|(n, _)| to.join(n).exists())
        .map(|(n, _)| n.clone())
        .collect();
    if !existing.is_empty() && !force {
        bail!(
            "{} already in `{}`: {}\nhelp: add `--force` to replace them",
            if existing.len() == 1 {
                "a file is"
            } else {
                "files are"
            },
            to.display(),
            existing.join(", ")
        );
    }
    for (name, text) in &chosen {
        crate::write::file(&to.join(name), text)?;
        if verbosity == Verbosity::Verbose {
            println!("wrote {}", to.join(name).display());
        }
    }
    if verbosity != Verbosity::Quiet {
        println!(
            "ejected {} built-in {} into {}: edit {} there and render with `--templates {}`",
            chosen.len(),
            if chosen.len() == 1 {
                "template"
            } else {
                "templates"
            },
            to.display(),
            if chosen.len() == 1 { "it" } else { "them" },
            to.display()
        );
    }
    Ok(Exit::Ok)
}

/// A problem with the pack as a whole, located at its folder; the message does not name the
/// pack a second time.
fn whole(pack_dir: Option<&std::path::Path>, subject: &str, e: &anyhow::Error) -> Finding {
    let text = crate::error_chain(e);
    let text = text
        .strip_prefix(subject)
        .map_or(text.as_str(), str::trim_start);
    let at = pack_dir.map_or("the built-in templates".to_owned(), |d| {
        d.display().to_string()
    });
    Finding::new(at, text)
}

fn check(pack_dir: Option<&std::path::Path>, verbosity: Verbosity) -> anyhow::Result<Exit> {
    let subject = match pack_dir {
        Some(d) => format!("the template pack `{}`", d.display()),
        None => "the built-in templates".to_owned(),
    };
    let pack = match pack_dir.map(Pack::load).transpose() {
        Ok(p) => p,
        Err(e) => {
            return report(&subject, vec![whole(pack_dir, &subject, &e)]);
        }
    };
    let renderer = match Renderer::with_pack(pack.as_ref()) {
        Ok(r) => r,
        Err(e) => {
            return report(&subject, vec![whole(pack_dir, &subject, &e)]);
        }
    };
    let mut findings = Vec::new();
    let mut files = 0;
    for (name, text) in EXAMPLES {
        let mut model = crate::load::parse(text, &format!("examples/{name}/archgen.yaml"))?;
        // The pack's questions answered with their defaults, as `archgen new --defaults` would.
        crate::templates::questions::fill_defaults(renderer.questions(), &mut model.extra);
        // A required answer is each project's own; the examples cannot give it.
        for p in renderer
            .check_extra(&model)?
            .into_iter()
            .filter(|p| !p.missing)
        {
            findings.push(Finding::new(format!("example {name}"), p.message).help(p.help));
        }
        match renderer.render_collect(&model) {
            Err(e) => findings.push(Finding::new(
                format!("example {name}"),
                crate::error_chain(&e),
            )),
            Ok((docs, failures)) => {
                files += docs.len();
                findings.extend(
                    failures
                        .iter()
                        .map(|e| Finding::new(format!("example {name}"), failure_text(e))),
                );
                let pairs: Vec<(String, String)> = docs
                    .iter()
                    .map(|d| (d.path.clone(), d.content.clone()))
                    .collect();
                let mut found = crate::render::verify(&docs);
                // A link to a document that failed to render is reported with that failure.
                found.extend(crate::check::links(&pairs, |p| {
                    failures.iter().any(|e| e.path == p)
                }));
                for mut f in found {
                    f.file = format!("example {name}: {}", f.file);
                    findings.push(f);
                }
            }
        }
    }
    if findings.is_empty() {
        if verbosity != Verbosity::Quiet {
            println!(
                "{subject} rendered the {} bundled examples cleanly ({files} files)",
                EXAMPLES.len()
            );
        }
        return Ok(Exit::Ok);
    }
    report(&subject, findings)
}

fn report(subject: &str, findings: Vec<Finding>) -> anyhow::Result<Exit> {
    anstream::eprintln!("{}", Problems::new(subject, findings));
    Ok(Exit::Problems)
}

/// A document's failure with Tera's causes, as one finding's text.
fn failure_text(e: &crate::render::DocumentFailure) -> String {
    let causes = crate::error_chain(&e.source);
    if causes.contains('\n') {
        format!("{e}\n\n{causes}")
    } else {
        format!("{e}: {causes}")
    }
}
