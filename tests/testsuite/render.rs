//! `archgen render`: where it reads and writes, what it prints, and that re-running is stable.

use crate::support::{Env, MINIMAL, read_tree};

#[test]
fn defaults_to_archgen_yaml_and_docs_architecture_beside_it() {
    let env = Env::new();
    env.write("archgen.yaml", MINIMAL);
    let run = env.run(&["render"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(env.exists("docs/architecture/README.md"));
    insta::assert_snapshot!(
        run.stdout
            .replace(env.dir.path().to_str().unwrap(), "[TMP]")
    );
}

#[test]
fn output_comes_from_the_model_relative_to_it() {
    let env = Env::new();
    env.write(
        "design/archgen.yaml",
        &MINIMAL.replace("name: Shop", "name: Shop\noutput: generated"),
    );
    let run = env.run(&["render", "--model", "design/archgen.yaml"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(env.exists("design/generated/README.md"));
}

#[test]
fn out_flag_wins() {
    let env = Env::new();
    env.write(
        "archgen.yaml",
        &MINIMAL.replace("name: Shop", "name: Shop\noutput: generated"),
    );
    let run = env.run(&["render", "--out", "elsewhere"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(env.exists("elsewhere/README.md"));
    assert!(!env.exists("generated"));
}

#[test]
fn rerendering_changes_nothing_and_says_so() {
    let env = Env::new();
    env.write("archgen.yaml", MINIMAL);
    env.run(&["render"]);
    let before = read_tree(&env.path("docs/architecture"));
    let run = env.run(&["render"]);
    assert!(run.stdout.contains(" 0 new, 0 updated,"), "{}", run.stdout);
    assert_eq!(read_tree(&env.path("docs/architecture")), before);
}

#[test]
fn output_is_deterministic_and_lf_only() {
    let a = Env::new();
    let b = Env::new();
    for env in [&a, &b] {
        env.write("archgen.yaml", MINIMAL);
        assert_eq!(env.run(&["render"]).code, 0);
    }
    let tree = read_tree(&a.path("docs/architecture"));
    assert_eq!(tree, read_tree(&b.path("docs/architecture")));
    for (path, content) in &tree {
        assert!(!content.contains('\r'), "{path} has CR");
        assert!(
            content.ends_with('\n') && !content.ends_with("\n\n"),
            "{path} does not end with one newline"
        );
    }
}

#[test]
fn the_view_prints_the_same_bytes_every_run() {
    let env = Env::new();
    env.write("archgen.yaml", MINIMAL);
    let first = env.run(&["view"]).ok().to_owned();
    // A hash map's order changes with each process; five runs would show it.
    for _ in 0..4 {
        assert_eq!(env.run(&["view"]).ok(), first);
    }
}

#[test]
fn quiet_prints_nothing_and_verbose_lists_files() {
    let env = Env::new();
    env.write("archgen.yaml", MINIMAL);
    let quiet = env.run(&["render", "--quiet"]);
    assert_eq!((quiet.code, quiet.stdout.as_str()), (0, ""));
    let verbose = env.run(&["render", "--verbose"]);
    assert!(
        verbose.stdout.contains("unchanged  README.md"),
        "{}",
        verbose.stdout
    );
}

#[test]
fn model_change_updates_only_affected_files() {
    let env = Env::new();
    env.write("archgen.yaml", MINIMAL);
    env.run(&["render"]);
    env.write(
        "archgen.yaml",
        &MINIMAL.replace("Takes payments.", "Takes and refunds payments."),
    );
    let run = env.run(&["render", "-v"]);
    assert!(
        run.stdout.contains("  updated  service-boundaries.md"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("unchanged  conventions.md"),
        "{}",
        run.stdout
    );
}

#[cfg(unix)]
#[test]
fn refuses_to_write_through_a_symlink() {
    let env = Env::new();
    env.write("archgen.yaml", MINIMAL);
    std::fs::create_dir_all(env.path("outside")).unwrap();
    std::fs::create_dir_all(env.path("docs/architecture")).unwrap();
    std::os::unix::fs::symlink(env.path("outside"), env.path("docs/architecture/adr")).unwrap();
    let run = env.run(&["render"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("refusing to write through the symlink"),
        "{}",
        run.stderr
    );
    assert!(
        std::fs::read_dir(env.path("outside"))
            .unwrap()
            .next()
            .is_none()
    );
}

#[test]
fn an_output_path_that_is_a_file_is_refused_before_rendering() {
    let env = Env::new();
    env.write("archgen.yaml", MINIMAL);
    env.write("notes.txt", "mine");
    let run = env.run(&["render", "--out", "notes.txt"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "error: the output folder `notes.txt` is a file\nhelp: pass another `--out`, or move the file away\n"
    );
    assert_eq!(env.read("notes.txt"), "mine");
}

#[test]
fn a_folder_given_as_the_model_names_the_file_to_pass() {
    let env = Env::new();
    std::fs::create_dir_all(env.path("design")).unwrap();
    let run = env.run(&["render", "--model", "design"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "error: `design` is a folder, not a model file\nhelp: pass the model file itself, as in `--model design/archgen.yaml`\n"
    );
}

#[test]
fn the_content_security_policy_names_the_web_clients_it_protects() {
    let env = Env::new();
    env.write("archgen.yaml", crate::living::SHOP);
    env.run(&["render"]).ok();
    let doc = env.read(&format!("{}/security.md", crate::living::DOCS));
    assert!(
        doc.contains(
            "**CSP.** web is served with a strict Content Security Policy (`default-src 'self'`)."
        ),
        "{doc}"
    );
}

/// A registry of which replica holds each connection is presence: caching.md presents it
/// apart from the caches, and capacity.md sizes it from the connections.
#[test]
fn a_connection_registry_is_presence_not_a_cache() {
    let env = Env::new();
    let model = MINIMAL
        .replace(
            "  domain: retail\n",
            "  domain: retail\n  constraints: [1000 concurrent WebSocket connections at peak.]\n",
        )
        .replace(
            "  - name: payments\n",
            "  - {name: live, responsibility: Pushes updates., api: {style: websocket}}\n  - name: payments\n",
        )
        .replace(
            "    - {from: web, to: orders}\n",
            "    - {from: web, to: orders}\n    - {from: web, to: live}\n",
        )
        + "performance:\n  caches:\n    - {name: registry, service: live, technology: Redis, holds: Which replica holds each connection., key: 'conn:{user_id}', ttl_seconds: 90}\n    - {name: totals, service: orders, technology: Redis, holds: Order totals., ttl_seconds: 60}\n";
    env.write("archgen.yaml", &model);
    env.run(&["render"]).ok();
    let caching = env.read("docs/architecture/caching.md");
    let (caches, presence) = caching
        .split_once("## Presence")
        .expect("a presence section");
    assert!(
        caches.contains("| totals |") && !caches.contains("| registry |"),
        "{caching}"
    );
    assert!(presence.contains("**registry** (live, Redis"), "{presence}");
    assert!(presence.contains("is presence, not a cache"), "{presence}");
    assert!(caching.contains("has 1 cache "), "{caching}");
    let capacity = env.read("docs/architecture/capacity.md");
    assert!(
        capacity.contains("| registry (presence) | 1,000 |"),
        "{capacity}"
    );
    // The Redis advice keeps the LRU eviction for the cache and never for the presence.
    let technology = env.read("docs/architecture/technology.md");
    assert!(
        technology.contains(
            "Run Redis for totals as a replicated cache that the services can live without, and \
             for registry as presence that must not be evicted"
        ) && technology.contains(
            "registry holds presence, not copies of a store: an evicted entry silently unroutes \
             a live connection, so it runs with `volatile-ttl` or `noeviction`, never an LRU policy"
        ),
        "{technology}"
    );
}

/// Counts agree across documents: technology.md says when one technology serves several
/// areas, and c4.md spreads replicas over the zones the other documents assume.
#[test]
fn technology_uses_and_assumed_zones_agree_with_the_tables() {
    let env = Env::new();
    let model = MINIMAL.replace(
        "  - name: payments\n    responsibility: Takes payments.\n",
        "  - name: payments\n    responsibility: Takes payments.\n    stack: Go\n",
    )
    .replace(
        "    responsibility: Takes orders.\n",
        "    responsibility: Takes orders.\n    stack: Go\n    data: [{name: orders, store: PostgreSQL}]\n",
    )
        + "performance:\n  jobs: [{name: sweep, service: orders, kind: stream, technology: PostgreSQL, description: d}]\n";
    env.write("archgen.yaml", &model);
    env.run(&["render"]).ok();
    let tech = env.read("docs/architecture/technology.md");
    assert!(tech.contains("names 2 technologies"), "{tech}");
    assert!(
        tech.contains(", in the 3 uses listed under Choices"),
        "{tech}"
    );
    let c4 = env.read("docs/architecture/c4-views.md");
    assert!(c4.contains("the other documents assume 3"), "{c4}");
    assert!(!c4.contains("at least two"), "{c4}");
}
