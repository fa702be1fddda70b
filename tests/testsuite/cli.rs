//! The command line's conventions: help, version, completions, man page, exit codes.

use crate::support::Env;

#[test]
fn help_lists_commands_and_exit_codes() {
    let run = Env::new().run(&["--help"]);
    assert_eq!(run.code, 0);
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn render_help_has_an_example() {
    let run = Env::new().run(&["render", "--help"]);
    assert_eq!(run.code, 0);
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn every_subcommand_has_help_with_an_example() {
    use clap::CommandFactory;
    for sub in archgen::cli::Cli::command().get_subcommands() {
        let name = sub.get_name();
        if name == "help" {
            continue;
        }
        let run = Env::new().run(&[name, "--help"]);
        assert_eq!(run.code, 0, "{name} --help");
        assert!(
            run.stdout.contains("Example:") || run.stdout.contains("Examples:"),
            "`archgen {name} --help` shows no example:\n{}",
            run.stdout
        );
    }
}

#[test]
fn version() {
    let run = Env::new().run(&["--version"]);
    assert_eq!(
        run.stdout,
        format!("archgen {}\n", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn completions_and_man_page() {
    let bash = Env::new().run(&["completions", "bash"]);
    assert_eq!(bash.code, 0);
    assert!(bash.stdout.contains("_archgen()"), "{}", bash.stdout);
    assert!(bash.stdout.contains("render"));
    let man = Env::new().run(&["man"]);
    assert_eq!(man.code, 0);
    assert!(
        man.stdout.starts_with(".ie") || man.stdout.contains(".TH archgen"),
        "{}",
        &man.stdout[..200]
    );
    // Only real references: no `archgen-new(1)` pages that do not exist; exit codes in their
    // own section, not under "EXTRA".
    assert!(!man.stdout.contains("archgen-new(1)"), "{}", man.stdout);
    assert!(!man.stdout.contains("EXTRA"), "{}", man.stdout);
    assert!(man.stdout.contains("EXIT STATUS"), "{}", man.stdout);
    assert!(man.stdout.contains("archgen new"));
}

#[test]
fn bad_usage_exits_2() {
    let run = Env::new().run(&["frobnicate"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("unrecognized subcommand 'frobnicate'"),
        "{}",
        run.stderr
    );
}

#[test]
fn schema_is_json_schema_of_the_model() {
    let run = Env::new().run(&["schema"]);
    assert_eq!(run.code, 0);
    let schema: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    assert!(schema["properties"]["services"].is_object());
    // The schema accepts every example model.
    let validator = jsonschema::validator_for(&schema).unwrap();
    for (name, path) in crate::support::examples() {
        let model: serde_json::Value =
            serde_yaml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&model)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{name}: {errors:?}");
    }
}

#[test]
fn no_color_when_not_a_terminal() {
    let env = Env::new();
    // `NO_COLOR` unset: only the piped stream keeps colour off.
    let piped = env.run_with(&["render"], |c| {
        c.env_remove("NO_COLOR");
    });
    assert_eq!(piped.code, 2, "{piped:?}");
    assert!(piped.stderr.contains("error:"), "{piped:?}");
    assert!(!piped.stderr.contains('\u{1b}'), "{:?}", piped.stderr);
    // The same error in colour when asked for, so the check above can see escapes at all.
    let forced = env.run_with(&["render", "--color", "always"], |c| {
        c.env_remove("NO_COLOR");
    });
    assert!(forced.stderr.contains("\u{1b}["), "{:?}", forced.stderr);
}
