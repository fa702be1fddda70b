//! The command line: every flag and subcommand, with its help text.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

const EXIT_CODES: &str = "\
Exit codes:
  0  success
  1  problems found (a check failed)
  2  bad usage or bad input (an invalid model or template, a file that cannot be read or written)
  130  the interview was stopped with Ctrl-C (its answers are saved as a draft)";

/// The exit codes, for the man page's EXIT STATUS section.
const EXIT_STATUS: [(&str, &str); 4] = [
    ("0", "success"),
    ("1", "problems found (a check failed)"),
    (
        "2",
        "bad usage or bad input (an invalid model or template, a file that cannot be read or \
         written)",
    ),
    (
        "130",
        "the interview was stopped with Ctrl-C (its answers are saved as a draft)",
    ),
];

/// The man page: name, synopsis, description and options, then every command with what it
/// does (there are no per-command pages to refer to) and an EXIT STATUS section.
pub fn man(w: &mut dyn std::io::Write) -> std::io::Result<()> {
    use clap::CommandFactory as _;
    use clap_mangen::roff::{Roff, bold, roman};
    let cmd = Cli::command();
    let man = clap_mangen::Man::new(cmd.clone());
    man.render_title(w)?;
    man.render_name_section(w)?;
    man.render_synopsis_section(w)?;
    man.render_description_section(w)?;
    man.render_options_section(w)?;
    let mut roff = Roff::default();
    roff.control("SH", ["COMMANDS"]);
    for sub in cmd.get_subcommands() {
        roff.control("TP", []);
        roff.text([bold(format!("archgen {}", sub.get_name()))]);
        let about = sub.get_about().map(|a| a.to_string()).unwrap_or_default();
        roff.text([roman(about)]);
    }
    roff.control("SH", ["EXIT STATUS"]);
    for (code, meaning) in EXIT_STATUS {
        roff.control("TP", []);
        roff.text([bold(code)]);
        roff.text([roman(meaning)]);
    }
    roff.to_writer(w)?;
    man.render_version_section(w)
}

/// Render a backend system's architecture documents from a plain YAML model.
///
/// The model (`archgen.yaml`) follows the ten steps a senior backend architect takes:
/// requirements, service boundaries, API contracts, communication, resilience, observability,
/// security, performance and caching, testing, documentation. archgen renders it into design
/// documents, API contracts, Mermaid diagrams and ADRs committed beside the code.
#[derive(Debug, Parser)]
#[command(name = "archgen", version, propagate_version = true, after_help = EXIT_CODES, max_term_width = 100)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

/// Flags every subcommand accepts.
#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// Print nothing but errors.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Print every file and what happened to it.
    #[arg(short, long, global = true)]
    pub verbose: bool,
    /// When to use colors (never when NO_COLOR is set, unless `always`).
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,
}

/// When to color output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Only on a terminal, and not when NO_COLOR is set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// What to do.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Interview the tech lead, then write archgen.yaml and render the documents.
    ///
    /// Ten steps in a senior backend architect's order, each question with help and a default
    /// derived from earlier answers, asked only where it applies. Lists go on one line: a
    /// resource's fields, its operations and actions (`list, get, cancel`), the calls, who may
    /// call each operation (`get, list: public; all: librarian`), the webhooks a called
    /// provider sends back, what a consumer reads of each event; derived answers are kept
    /// together with one Enter. Esc goes back one question;
    /// Ctrl-C saves a draft to `.archgen/draft.yaml` that the next `archgen new` offers to
    /// resume. An existing model's answers are the defaults. Without a terminal it never asks:
    /// use `--defaults` or `--model FILE --no-input`.
    #[command(
        after_help = "Examples:\n  archgen new\n  archgen new --quick\n  archgen new --defaults          # no questions, e.g. in CI\n  archgen new --model archgen.yaml --no-input"
    )]
    New(NewArgs),
    /// Revise an existing model through the same interview (`archgen new` on an existing model).
    #[command(after_help = "Examples:\n  archgen edit\n  archgen edit --step security")]
    Edit(NewArgs),
    /// Render the documents from a model.
    ///
    /// Reads the model, checks it (every problem is reported at once, with its line), renders
    /// every document and writes the files that changed.
    #[command(
        after_help = "Example:\n  archgen render --model examples/order-management/archgen.yaml --out docs-demo"
    )]
    Render(RenderArgs),
    /// Check that the committed documents match the model, and hang together.
    ///
    /// Fails (exit 1) when re-rendering would change a document (a person's merged edits are
    /// fine), and on every inconsistency, each with its file and line: a service missing from
    /// the diagrams or contracts, a diagram naming an unknown service, OpenAPI operation ids
    /// used twice or path parameters not declared, broken links and anchors, links to missing
    /// ADRs, duplicate ADR numbers, unresolved conflict markers, and numbers that contradict
    /// each other (retries beyond the latency budget, a cache TTL beyond the allowed
    /// staleness, an SLO stricter than its dependencies allow). For CI and pre-commit.
    #[command(
        after_help = "Example:\n  archgen check --model design/archgen.yaml   # in CI, or `--format json` for tools"
    )]
    Check(CheckArgs),
    /// Build a static HTML site from the rendered documents, to read in a browser.
    ///
    /// Reads the documents as they are in the output folder, people's edits included (run
    /// `archgen render` first), and writes a page per document, per service, per event and per
    /// ADR, a sidebar in the index's order, a search box, and the diagrams drawn by the Mermaid
    /// bundle built into archgen: no network, it opens from `file://`. Contracts and exports
    /// are copied beside the pages. The same documents always give the same bytes.
    #[command(
        after_help = "Example:\n  archgen render && archgen site\n  xdg-open docs/site/index.html   # the default `site` folder beside `docs/architecture`"
    )]
    Site(SiteArgs),
    /// Manage architecture decision records: propose, accept, reject, deprecate, supersede,
    /// list, renumber.
    ///
    /// Each command edits `decisions` in archgen.yaml in place (only the lines concerned, so
    /// comments and formatting stay) and re-renders the documents the safe way.
    #[command(
        after_help = "Example: propose ADR 4, accept it, and let it replace ADR 2\n  archgen adr new \"Use Redis for sessions\"\n  archgen adr accept 4\n  archgen adr supersede 2 --by 4\n  archgen adr list"
    )]
    Adr(AdrArgs),
    /// Print the data templates are rendered with, as JSON, for template authors.
    ///
    /// Every document template sees these top-level variables; per-item documents also see
    /// `item` (and `service`, `flow` or `decision`), and every template sees `this`, the
    /// document being rendered (`this.path`, `this.title`).
    #[command(
        after_help = "Example:\n  archgen view --model examples/order-management/archgen.yaml | less"
    )]
    View(ViewArgs),
    /// List, copy and check templates: the built-ins and a team's pack over them.
    #[command(
        subcommand,
        after_help = "Examples:\n  archgen templates list\n  archgen templates eject adr/adr.md --to archgen-pack\n  archgen templates check --templates archgen-pack"
    )]
    Templates(TemplatesCommand),
    /// Print the JSON Schema of archgen.yaml, for editor completion and validation.
    ///
    /// With a template pack (`--templates`, or the model's `templates`), the pack's own
    /// questions are in it too, under `extra`.
    #[command(
        after_help = "Example:\n  archgen schema > archgen.schema.json\n  # then put this first in archgen.yaml:\n  # yaml-language-server: $schema=archgen.schema.json"
    )]
    Schema(SchemaArgs),
    /// Print a shell completion script.
    #[command(
        after_help = "Example:\n  archgen completions bash > ~/.local/share/bash-completion/completions/archgen"
    )]
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff).
    #[command(after_help = "Example:\n  archgen man > archgen.1 && man ./archgen.1")]
    Man,
}

/// Where the model is.
#[derive(Debug, Args)]
pub struct ModelArg {
    /// The model file.
    #[arg(short, long, value_name = "FILE", default_value = crate::model::DEFAULT_MODEL)]
    pub model: PathBuf,
}

impl ModelArg {
    /// Whether `--model` was given (rather than the default).
    pub fn explicit(&self) -> bool {
        self.model != std::path::Path::new(crate::model::DEFAULT_MODEL)
            || std::env::args().any(|a| a == "--model" || a == "-m" || a.starts_with("--model="))
    }
}

/// `archgen new` and `archgen edit`.
#[derive(Debug, Args)]
pub struct NewArgs {
    #[command(flatten)]
    pub model: ModelArg,
    /// Ask only the questions without a safe default (about a dozen); revise the rest later.
    #[arg(long, conflicts_with_all = ["defaults", "no_input"])]
    pub quick: bool,
    /// Ask only this step, then review: requirements, boundaries, apis, communication,
    /// resilience, observability, security, performance, testing or documentation.
    #[arg(long, value_name = "STEP")]
    pub step: Option<String>,
    /// Ask nothing: write a model from defaults alone and render it.
    #[arg(long, conflicts_with = "no_input")]
    pub defaults: bool,
    /// Ask nothing: check the model (every missing or invalid answer at once) and render it.
    #[arg(long)]
    pub no_input: bool,
    /// With `--defaults`, replace an existing model.
    #[arg(long, requires = "defaults")]
    pub force: bool,
    #[command(flatten)]
    pub templates: TemplatesArg,
    /// Output folder; defaults to the model's `output`, else `docs/architecture`, beside the model.
    #[arg(short, long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

/// Where the templates are.
#[derive(Debug, Args)]
pub struct TemplatesArg {
    /// A template pack folder: its files replace the built-in templates of the same name
    /// (default: the model's `templates`, else the pack the last render used, else the
    /// built-ins alone).
    #[arg(short, long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// Use the built-in templates alone, not the pack the last render used.
    #[arg(long, conflicts_with = "templates")]
    pub builtin: bool,
}

/// `archgen templates ...`.
#[derive(Debug, Subcommand)]
pub enum TemplatesCommand {
    /// List every built-in template and the documents it produces (and what a pack replaces).
    #[command(after_help = "Example:\n  archgen templates list --templates ./archgen-pack")]
    List {
        #[command(flatten)]
        templates: PackArg,
    },
    /// Write the exact built-in templates into a folder, to edit them as a pack.
    #[command(
        after_help = "Examples:\n  archgen templates eject adr/adr.md --to archgen-pack\n  archgen templates eject --to archgen-pack        # all of them"
    )]
    Eject {
        /// Templates to copy (names from `archgen templates list`); all when none.
        names: Vec<String>,
        /// The folder to write them into.
        #[arg(long, value_name = "DIR")]
        to: PathBuf,
        /// Replace files that are already there.
        #[arg(long)]
        force: bool,
    },
    /// Render the bundled examples with a pack and report every problem.
    #[command(after_help = "Example:\n  archgen templates check --templates ./archgen-pack")]
    Check {
        #[command(flatten)]
        templates: PackArg,
    },
}

/// A template pack to list or check.
#[derive(Debug, Args)]
pub struct PackArg {
    /// A template pack folder: its files replace the built-in templates of the same name
    /// (default: the built-ins alone).
    #[arg(short, long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
}

/// `archgen schema`.
#[derive(Debug, Args)]
pub struct SchemaArgs {
    #[command(flatten)]
    pub templates: TemplatesArg,
    /// A model whose `templates` pack to include (default: archgen.yaml when it exists).
    #[arg(short, long, value_name = "FILE")]
    pub model: Option<PathBuf>,
}

/// `archgen view`.
#[derive(Debug, Args)]
pub struct ViewArgs {
    #[command(flatten)]
    pub model: ModelArg,
    #[command(flatten)]
    pub templates: TemplatesArg,
}

/// `archgen render`.
#[derive(Debug, Args)]
pub struct RenderArgs {
    #[command(flatten)]
    pub model: ModelArg,
    #[command(flatten)]
    pub templates: TemplatesArg,
    /// Output folder; defaults to the model's `output`, else `docs/architecture`, beside the model.
    #[arg(short, long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Print what would happen to each file (new, unchanged, updated, merged, conflict,
    /// removed, kept, skipped, owned), writing nothing.
    #[arg(short = 'n', long)]
    pub dry_run: bool,
    /// Also print the unified diff of each file that changes.
    #[arg(long)]
    pub diff: bool,
    /// Bring back generated files a person deleted (they are left out otherwise).
    #[arg(long)]
    pub restore: bool,
}

/// `archgen check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub model: ModelArg,
    #[command(flatten)]
    pub templates: TemplatesArg,
    /// The documents' folder; defaults to the model's `output`, else `docs/architecture`.
    #[arg(short, long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// How to print the findings.
    #[arg(long, value_enum, default_value_t = Format::Text, value_name = "FORMAT")]
    pub format: Format,
}

/// `archgen site`.
#[derive(Debug, Args)]
pub struct SiteArgs {
    #[command(flatten)]
    pub model: ModelArg,
    #[command(flatten)]
    pub templates: TemplatesArg,
    /// The documents' folder; defaults to the model's `output`, else `docs/architecture`.
    #[arg(long, value_name = "DIR")]
    pub docs: Option<PathBuf>,
    /// The site folder; defaults to `site` beside the documents' folder. archgen writes only
    /// into an empty folder or a site it built before, and removes the pages it no longer
    /// writes.
    #[arg(short, long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

/// How `check` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A numbered list for people.
    Text,
    /// One JSON object for tools.
    Json,
}

/// `archgen adr`.
#[derive(Debug, Args)]
pub struct AdrArgs {
    /// The model file.
    #[arg(
        short,
        long,
        value_name = "FILE",
        default_value = crate::model::DEFAULT_MODEL,
        global = true
    )]
    pub model: PathBuf,
    /// A template pack folder for the re-render (default: the model's `templates`).
    #[arg(short, long, value_name = "DIR", global = true)]
    pub templates: Option<PathBuf>,
    /// Output folder for the re-render; defaults to the model's `output`.
    #[arg(short, long, value_name = "DIR", global = true)]
    pub out: Option<PathBuf>,
    #[command(subcommand)]
    pub command: AdrCommand,
}

/// An ADR command.
#[derive(Debug, Subcommand)]
pub enum AdrCommand {
    /// Propose a new decision: the next free number, status proposed.
    New {
        /// A short title in the imperative, e.g. "Use Redis for sessions".
        title: String,
    },
    /// Accept ADR N (and mark the one it supersedes, if any, superseded).
    Accept {
        /// The ADR number.
        number: u32,
    },
    /// Reject ADR N.
    Reject {
        /// The ADR number.
        number: u32,
    },
    /// Deprecate ADR N.
    Deprecate {
        /// The ADR number.
        number: u32,
    },
    /// Mark ADR N superseded by ADR M.
    Supersede {
        /// The ADR number that is replaced.
        number: u32,
        /// The ADR number that replaces it.
        #[arg(long, value_name = "M")]
        by: u32,
    },
    /// List the ADRs with their status.
    List {
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Give each later duplicate ADR number (after a merge) the next free number.
    Renumber,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
    }
}
