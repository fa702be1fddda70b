//! Inputs a new user's tools produce and the failures they meet: a byte order mark, names
//! Windows reserves, oversized or broken models, outputs outside the model's folder.

use crate::support::{Env, MINIMAL, read_tree};

#[test]
fn a_model_with_a_byte_order_mark_reads() {
    let env = Env::new();
    env.write("archgen.yaml", &format!("\u{feff}{}", crate::living::SHOP));
    env.run(&["render"]).ok();
    env.run(&["check"]).ok();
    assert!(env.exists("docs/architecture/README.md"));
}

#[test]
fn no_file_takes_a_name_windows_reserves() {
    let env = Env::new();
    env.write(
        "archgen.yaml",
        &MINIMAL
            .replace("name: orders", "name: con")
            .replace("to: orders", "to: con")
            .replace("from: orders", "from: con")
            .replace("name: payments", "name: LPT1")
            .replace("to: payments", "to: LPT1"),
    );
    env.run(&["render"]).ok();
    let files = read_tree(&env.path("docs/architecture"));
    assert!(
        files
            .iter()
            .any(|(p, _)| p == "api/con-service.openapi.yaml"),
        "{files:?}"
    );
    for (path, _) in &files {
        let name = path.rsplit('/').next().unwrap();
        let stem = name.split('.').next().unwrap().to_ascii_lowercase();
        assert!(
            !["con", "prn", "aux", "nul", "lpt1", "com1"].contains(&stem.as_str()),
            "{path}"
        );
    }
}

#[test]
fn without_a_terminal_edit_points_to_safe_commands() {
    let env = Env::new();
    env.write("archgen.yaml", MINIMAL);
    let run = env.run(&["edit"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(!run.stderr.contains("--defaults"), "{}", run.stderr);
    assert!(
        run.stderr.contains("then run `archgen render`")
            && run.stderr.contains("--model archgen.yaml --no-input"),
        "{}",
        run.stderr
    );
    assert_eq!(env.read("archgen.yaml"), MINIMAL);
}

#[test]
fn a_model_replaced_by_defaults_is_backed_up() {
    let env = Env::new();
    env.write("archgen.yaml", MINIMAL);
    let refused = env.run(&["new", "--defaults"]);
    assert!(
        refused.stderr.contains("archgen.yaml.bak"),
        "{}",
        refused.stderr
    );
    env.run(&["new", "--defaults", "--force"]).ok();
    assert_ne!(env.read("archgen.yaml"), MINIMAL);
    assert_eq!(env.read(".archgen/archgen.yaml.bak"), MINIMAL);
}

#[test]
fn an_output_outside_the_model_folder_is_named_and_foreign_files_are_left_alone() {
    let env = Env::new();
    env.write(
        "project/archgen.yaml",
        &format!("{MINIMAL}output: ../elsewhere\n"),
    );
    let readme = "# Our own README\n\nWritten by hand.\n";
    env.write("elsewhere/README.md", readme);
    let run = env.run(&["render", "--model", "project/archgen.yaml"]);
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains("is outside the model's folder"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.contains("foreign  README.md"), "{}", run.stdout);
    assert!(
        run.stderr.contains("archgen did not write these files"),
        "{}",
        run.stderr
    );
    assert_eq!(env.read("elsewhere/README.md"), readme);
    assert!(env.exists("elsewhere/security.md"));
    let check = env.run(&["check", "--model", "project/archgen.yaml"]);
    assert_eq!(check.code, 1);
    assert!(check.stdout.contains("in the way"), "{}", check.stdout);
    // Moved away, the index is written like any new document.
    std::fs::remove_file(env.path("elsewhere/README.md")).unwrap();
    env.run(&["render", "--model", "project/archgen.yaml"]).ok();
    assert_ne!(env.read("elsewhere/README.md"), readme);
}

#[test]
fn aliases_that_expand_too_far_are_refused_at_the_alias() {
    let env = Env::new();
    // One 1 MB responsibility, and a thousand services that repeat it by alias.
    let (head, tail) = MINIMAL.split_at(MINIMAL.find("clients:").unwrap());
    let mut model = head.replace(
        "responsibility: Takes orders.",
        &format!("responsibility: &big {}", "x".repeat(1_000_000)),
    );
    let first = model.lines().count() + 1;
    for i in 0..1000 {
        model.push_str(&format!("  - {{name: s{i}, responsibility: *big}}\n"));
    }
    model.push_str(tail);
    env.write("archgen.yaml", &model);
    for command in ["render", "check"] {
        let run = env.run(&[command]);
        // Refused as a located problem of the model, not an allocation failure (exit 134).
        assert_eq!(run.code, 2, "{command}: {}", run.stderr);
        // 16 aliases of 1 MB stay within the 16 MiB; the 17th crosses it.
        let at = format!("archgen.yaml:{}:", first + 16);
        assert!(
            run.stderr.contains(&at) && run.stderr.contains("aliases expand the model past"),
            "{command}: {}",
            run.stderr
        );
    }
    assert!(!env.exists("docs/architecture"));
}
