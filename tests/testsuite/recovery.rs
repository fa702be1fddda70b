//! Interrupted and concurrent renders: whatever moment a render dies at, the next one ends
//! exactly where a clean render would, keeping only a person's real edits; two renders of one
//! folder take turns.

use crate::living::{DOCS, SHOP, edit, rendered};
use crate::support::{Env, read_tree, root};

/// The model with its texts changed (`n` picks how), and no decision a render would record.
fn variant(model: &str, n: usize) -> String {
    match n {
        0 => model.to_owned(),
        1 => model
            .replace("domain: retail", "domain: online retail")
            .replace("Takes orders.", "Takes and tracks orders."),
        _ => model
            .replace("domain: retail", "domain: wholesale")
            .replace("Takes payments.", "Takes card payments."),
    }
}

/// Everything in the folder but the model: documents and `.archgen`.
fn state(env: &Env) -> Vec<(String, String)> {
    read_tree(env.dir.path())
        .into_iter()
        .filter(|(p, _)| p != "archgen.yaml")
        .collect()
}

const NOTE: &str = "\nOur pen test is in March.\n";

#[test]
fn a_render_stopped_between_its_phases_is_finished_by_the_next() {
    for phase in ["pending", "documents"] {
        for (interrupted, next) in [(1, 0), (1, 2), (1, 1)] {
            // What a clean run gives: the first model with a person's note, then `next`.
            let clean = rendered();
            edit(&clean, &format!("{DOCS}/security.md"), |t| {
                format!("{t}{NOTE}")
            });
            clean.write("archgen.yaml", &variant(SHOP, next));
            clean.run(&["render"]).ok();

            let env = rendered();
            edit(&env, &format!("{DOCS}/security.md"), |t| {
                format!("{t}{NOTE}")
            });
            env.write("archgen.yaml", &variant(SHOP, interrupted));
            let stopped = env.run_with(&["render"], |c| {
                c.env("__ARCHGEN_STOP_AFTER", phase);
            });
            assert_ne!(stopped.code, 0, "the render was not stopped after {phase}");
            assert!(env.exists(".archgen/pending/record.yaml"));
            env.write("archgen.yaml", &variant(SHOP, next));
            // `check` sees the interrupted run for what it was, without writing.
            let check = env.run(&["check"]);
            // Stopped before any document: they are still the first model's.
            let on_disk = if phase == "pending" { 0 } else { interrupted };
            let up_to_date = on_disk == next;
            assert_eq!(
                check.code == 0,
                up_to_date,
                "{phase} {interrupted}->{next}: {}",
                check.stdout
            );
            let run = env.run(&["render"]);
            run.ok();
            assert!(!run.stdout.contains("conflict"), "{}", run.stdout);
            assert_eq!(
                state(&env),
                state(&clean),
                "stopped after {phase}, model {interrupted} then {next}"
            );
            assert!(env.read(&format!("{DOCS}/security.md")).ends_with(NOTE));
            env.run(&["check"]).ok();
        }
    }
}

#[test]
fn renders_killed_at_random_moments_converge() {
    let model = std::fs::read_to_string(root().join("examples/stress/archgen.yaml")).unwrap();
    let texts = |n: usize| match n {
        0 => model.clone(),
        // Text only: no decision changes, so no ADR is proposed into the model.
        n => model.replace("\\nsecond line", &format!("\\nline {n}")),
    };
    assert_ne!(texts(1), model, "the stress model changed shape");
    let env = Env::new();
    env.write("archgen.yaml", &texts(0));
    env.run(&["render", "-q"]).ok();
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos() as u64;
    let mut rng = seed | 1;
    let mut next = || {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng
    };
    for kill in 0..6 {
        env.write("archgen.yaml", &texts(kill % 3 + 1));
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_archgen"))
            .args(["render", "-q"])
            .current_dir(env.dir.path())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(next() % 1500));
        let _ = child.kill();
        child.wait().unwrap();
    }
    env.write("archgen.yaml", &texts(3));
    let run = env.run(&["render", "-q"]);
    run.ok();
    let clean = Env::new();
    clean.write("archgen.yaml", &texts(3));
    clean.run(&["render", "-q"]).ok();
    let got = state(&env);
    assert!(
        !got.iter()
            .any(|(p, _)| p.contains(".archgen-") || p.contains("pending")),
        "leftovers after the kills (seed {seed})"
    );
    assert!(
        got == state(&clean),
        "the kills left a difference (seed {seed})"
    );
    fresh(&env);
}

/// `check` finds no document out of date (the stress model has findings of its own).
fn fresh(env: &Env) {
    let check = env.run(&["check", "--format", "json"]);
    assert!(
        !check.stdout.contains("\"kind\": \"stale\""),
        "{}",
        check.stdout
    );
}

#[test]
fn concurrent_renders_take_turns_and_leave_no_temporaries() {
    let env = Env::new();
    let model = std::fs::read_to_string(root().join("examples/stress/archgen.yaml")).unwrap();
    env.write("archgen.yaml", &model);
    // A dead run's leftovers, older than any lock.
    env.write(".archgen/base/.archgen-dead.tmp", "x");
    env.write("docs/architecture/.archgen-dead.tmp", "x");
    let spawn = || {
        std::process::Command::new(env!("CARGO_BIN_EXE_archgen"))
            .args(["render", "-q"])
            .current_dir(env.dir.path())
            .output()
            .unwrap()
    };
    let (a, b) = std::thread::scope(|s| {
        let a = s.spawn(spawn);
        let b = s.spawn(spawn);
        (a.join().unwrap(), b.join().unwrap())
    });
    for out in [&a, &b] {
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let waited = [&a, &b]
        .iter()
        .filter(|o| String::from_utf8_lossy(&o.stderr).contains("waiting: another archgen"))
        .count();
    assert!(waited <= 1);
    let tree = read_tree(env.dir.path());
    assert!(
        !tree.iter().any(|(p, _)| p.contains(".archgen-")),
        "temporaries left: {:?}",
        tree.iter()
            .filter(|(p, _)| p.contains(".archgen-"))
            .map(|(p, _)| p)
            .collect::<Vec<_>>()
    );
    fresh(&env);
}

#[test]
fn a_render_that_waited_renders_the_model_as_it_is_when_its_turn_comes() {
    use std::io::{BufRead as _, BufReader};
    use std::os::fd::AsRawFd as _;
    let env = Env::new();
    env.write("archgen.yaml", SHOP);
    env.run(&["render", "-q"]).ok();
    // A change to render, so that the project is not answered from its record.
    env.write("archgen.yaml", &variant(SHOP, 2));
    // Hold the render lock as a running render would.
    let held = std::fs::File::open(env.path(".archgen")).unwrap();
    // SAFETY: flock on a descriptor this test owns and keeps open until it drops it.
    assert_eq!(
        unsafe { libc::flock(held.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) },
        0
    );
    let mut waiting = std::process::Command::new(env!("CARGO_BIN_EXE_archgen"))
        .args(["render", "-q"])
        .current_dir(env.dir.path())
        .env("NO_COLOR", "1")
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(waiting.stderr.take().unwrap());
    let mut line = String::new();
    stderr.read_line(&mut line).unwrap();
    assert!(line.contains("waiting: another archgen"), "{line}");
    // The model is saved while the render waits for its turn.
    let saved = variant(SHOP, 1);
    env.write("archgen.yaml", &saved);
    drop(held);
    assert!(waiting.wait().unwrap().success());
    assert_eq!(
        env.read("archgen.yaml"),
        saved,
        "the waiting render wrote its old model back"
    );
    let readme = env.read(&format!("{DOCS}/README.md"));
    assert!(
        readme.contains("**Domain:** online retail."),
        "rendered the model read before waiting: {}",
        readme.lines().take(3).collect::<Vec<_>>().join("\n")
    );
    let clean = Env::new();
    clean.write("archgen.yaml", &saved);
    clean.run(&["render", "-q"]).ok();
    assert_eq!(state(&env), state(&clean));
}
