//! What `archgen render` prints: each file and what happened to it (the interesting ones, or
//! all with `--verbose` and `--dry-run`), the proposed ADRs, then a summary, or the list of
//! conflicted files and no summary at all.

use super::Options;
use crate::commands::{Exit, Verbosity, style};
use crate::project::Rendered;
use crate::write::tracked::{self, Status, Sync};
use anstream::{eprintln, print, println};

pub(super) fn report(p: &Rendered, options: Options, verbosity: Verbosity) -> Exit {
    let sync = &p.sync;
    if let (Some(note), false) = (&p.note, verbosity == Verbosity::Quiet) {
        eprintln!("{s}note:{s:#} {note}", s = style::WARN);
    }
    if verbosity != Verbosity::Quiet {
        list_changes(sync, options, verbosity);
        list_proposals(p, options);
    }
    if conflicts(sync, options) {
        return Exit::Problems;
    }
    if verbosity != Verbosity::Quiet {
        println!("{}", summary(sync, options.dry_run));
    }
    if foreign(sync) {
        return Exit::Problems;
    }
    Exit::Ok
}

/// Prints the changes a person should know of: always those that need a look; with `--diff`,
/// every file that changes, with its diff.
fn list_changes(sync: &crate::write::tracked::Sync, options: Options, verbosity: Verbosity) {
    let listed = |c: &tracked::Change| {
        options.dry_run
            || verbosity == Verbosity::Verbose
            || (options.diff && !c.status.is_fresh())
            || !matches!(
                c.status,
                Status::New | Status::Updated | Status::Unchanged | Status::Owned
            )
    };
    for c in sync.changes.iter().filter(|c| listed(c)) {
        let s = match c.status {
            Status::New | Status::Merged => style::GOOD,
            Status::Updated | Status::Removed => style::CHANGED,
            Status::Conflict | Status::Kept | Status::Skipped | Status::Foreign => style::WARN,
            Status::Unchanged | Status::Owned => style::DIM,
        };
        println!("{s}{:>9}{s:#}  {}{}", c.status.word(), c.path, why(c));
        if options.diff {
            print!("{}", crate::write::diff::unified(c));
        }
    }
}

/// Prints the ADRs the render proposes.
fn list_proposals(p: &Rendered, options: Options) {
    let verb = if options.dry_run {
        "would propose"
    } else {
        "proposed"
    };
    for (n, proposal) in &p.proposals {
        let replaces = proposal
            .supersedes
            .map(|m| format!(", superseding ADR {m:04}"))
            .unwrap_or_default();
        println!(
            "{b}{verb} ADR {n:04}{b:#} `{}` (status proposed{replaces}) in `{}`: the model changed {} from {} to {}; accept it with `archgen adr accept {n}`",
            proposal.title(),
            p.loaded.path.display(),
            proposal.fact.subject,
            proposal.old,
            proposal.fact.value,
            b = style::NAME
        );
    }
}

/// Reports the files with conflicts, if any; true when there were.
fn conflicts(sync: &crate::write::tracked::Sync, options: Options) -> bool {
    let conflicts = sync.conflicts();
    if !conflicts.is_empty() {
        let n = conflicts.len();
        let (files, verb) = if n == 1 {
            ("1 file", "has")
        } else {
            (&*format!("{n} files"), "have")
        };
        let verb = if options.dry_run { "would have" } else { verb };
        eprintln!(
            "{s}error:{s:#} {files} {verb} conflicts between your edits and the model's changes:",
            s = style::ERROR
        );
        for (path, lines) in conflicts {
            let at = lines.first().map(|l| format!(":{l}")).unwrap_or_default();
            eprintln!("  {}{at}", sync.root.join(path).display());
        }
        if options.dry_run {
            eprintln!(
                "help: render to write them with conflict markers, or make your edits agree with the model first"
            );
        } else {
            eprintln!(
                "help: in each, keep what should stay between `<<<<<<< your edits` and `>>>>>>> archgen`, delete the markers, then run `archgen check`"
            );
        }
        return true;
    }
    false
}

/// Reports the files archgen did not write where its documents go, if any; true when there
/// were.
fn foreign(sync: &crate::write::tracked::Sync) -> bool {
    let foreign: Vec<&str> = sync
        .changes
        .iter()
        .filter(|c| c.status == Status::Foreign)
        .map(|c| c.path.as_str())
        .collect();
    if !foreign.is_empty() {
        eprintln!(
            "{s}error:{s:#} archgen did not write these files, so it leaves them as they are instead of its documents:",
            s = style::ERROR
        );
        for path in foreign {
            eprintln!("  {}", sync.root.join(path).display());
        }
        eprintln!(
            "help: move them out of the way and render again, or pass another `--out`; archgen only replaces or merges into files it wrote"
        );
        return true;
    }
    false
}

/// The summary of a render with nothing to do, from what the last render recorded: the same
/// line a full render prints.
pub(super) fn unchanged(u: &crate::project::Unchanged, verbosity: Verbosity) {
    if verbosity == Verbosity::Quiet {
        return;
    }
    let changes = u
        .files
        .iter()
        .map(|(path, owned)| tracked::Change {
            path: path.clone(),
            status: if *owned {
                Status::Owned
            } else {
                Status::Unchanged
            },
            disk: None,
            write: None,
            generated: Some(String::new()),
            owned: *owned,
        })
        .collect();
    let sync = Sync {
        root: u.out.clone(),
        tracking: None,
        changes,
    };
    if verbosity == Verbosity::Verbose {
        eprintln!(
            "{s}note:{s:#} {}",
            crate::project::UNCHANGED_NOTE,
            s = style::WARN
        );
        for c in &sync.changes {
            println!("{s}{:>9}{s:#}  {}", c.status.word(), c.path, s = style::DIM);
        }
    }
    println!("{}", summary(&sync, false));
}

/// Why a file gets its status, for the listing.
fn why(c: &tracked::Change) -> &'static str {
    match c.status {
        Status::Merged => "  (your edits kept)",
        Status::Conflict if c.write.is_none() => "  (its conflict markers are not resolved yet)",
        Status::Conflict => "  (your edits overlap the model's changes)",
        Status::Kept if c.owned => "  (no longer generated; yours, so left in place)",
        Status::Kept => "  (no longer generated; edited, so left in place)",
        Status::Skipped => "  (you deleted it; `--restore` brings it back)",
        Status::Foreign => "  (already there and not written by archgen: left as it is)",
        _ => "",
    }
}

fn summary(sync: &Sync, dry_run: bool) -> String {
    let generated: Vec<&str> = sync
        .changes
        .iter()
        .filter(|c| c.generated.is_some())
        .map(|c| c.path.as_str())
        .collect();
    let mut kinds = [0usize; 5];
    for path in &generated {
        let k = if path.starts_with("adr/") {
            2
        } else if path.ends_with(".c4") || path.starts_with("eventcatalog/") {
            4
        } else if path.ends_with(".mmd") {
            3
        } else if path.ends_with(".md") {
            0
        } else {
            1
        };
        kinds[k] += 1;
    }
    let names = ["documents", "API contracts", "ADRs", "diagrams", "exports"];
    let parts: Vec<String> = kinds
        .iter()
        .zip(names)
        .filter(|(n, _)| **n > 0)
        .map(|(n, name)| format!("{n} {name}"))
        .collect();
    let mut counts = format!(
        "{} new, {} updated, {} unchanged",
        sync.count(Status::New),
        sync.count(Status::Updated),
        sync.count(Status::Unchanged)
    );
    for status in [
        Status::Merged,
        Status::Removed,
        Status::Kept,
        Status::Skipped,
        Status::Owned,
        Status::Foreign,
    ] {
        let n = sync.count(status);
        if n > 0 {
            counts.push_str(&format!(", {n} {}", status.word()));
        }
    }
    let (lead, tail) = if dry_run {
        ("dry run: would render", "; nothing written")
    } else {
        ("rendered", "")
    };
    format!(
        "{b}{lead} {} files{b:#} into {b}{}{b:#} ({}): {counts}{tail}",
        generated.len(),
        sync.root.display(),
        parts.join(", "),
        b = style::NAME,
    )
}
