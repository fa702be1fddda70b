//! A small builder that runs the real `archgen` binary in a temporary folder.

use std::path::{Path, PathBuf};
use std::process::Command;

/// A temporary folder to run archgen in.
pub struct Env {
    pub dir: tempfile::TempDir,
}

/// What a run printed and how it ended.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Asserts the run succeeded, showing both streams when it did not; its stdout.
    pub fn ok(&self) -> &str {
        assert_eq!(
            self.code, 0,
            "stdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        &self.stdout
    }
}

impl Env {
    pub fn new() -> Env {
        Env {
            dir: tempfile::tempdir().expect("a temporary folder"),
        }
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// Writes `content` to `rel`, creating folders.
    pub fn write(&self, rel: &str, content: &str) -> &Env {
        let p = self.path(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, content).unwrap();
        self
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).unwrap_or_else(|e| panic!("reading {rel}: {e}"))
    }

    pub fn exists(&self, rel: &str) -> bool {
        self.path(rel).exists()
    }

    /// Runs archgen with `args` in this folder, without color.
    pub fn run(&self, args: &[&str]) -> Run {
        self.run_with(args, |_| {})
    }

    /// [`Env::run`], with `setup` changing the command first (its environment, say).
    pub fn run_with(&self, args: &[&str], setup: impl FnOnce(&mut Command)) -> Run {
        let mut command = Command::new(env!("CARGO_BIN_EXE_archgen"));
        command
            .args(args)
            .current_dir(self.dir.path())
            .env("NO_COLOR", "1")
            .env_remove("CLICOLOR_FORCE")
            .env_remove("RUST_BACKTRACE");
        setup(&mut command);
        let out = command.output().expect("archgen runs");
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8(out.stdout).expect("UTF-8 stdout"),
            stderr: String::from_utf8(out.stderr).expect("UTF-8 stderr"),
        }
    }
}

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every example model, by folder name.
pub fn examples() -> Vec<(String, PathBuf)> {
    let mut out: Vec<(String, PathBuf)> = std::fs::read_dir(root().join("examples"))
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.join("archgen.yaml").is_file())
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                p.join("archgen.yaml"),
            )
        })
        .collect();
    out.sort();
    out
}

/// Every file under `dir`, as `(relative path with /, content)`, sorted.
pub fn read_tree(dir: &Path) -> Vec<(String, String)> {
    fn walk(base: &Path, dir: &Path, out: &mut Vec<(String, String)>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let p = entry.unwrap().path();
            if p.is_dir() {
                walk(base, &p, out);
            } else {
                let rel = p
                    .strip_prefix(base)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.push((rel, std::fs::read_to_string(&p).unwrap()));
            }
        }
    }
    let mut out = Vec::new();
    if dir.exists() {
        walk(dir, dir, &mut out);
    }
    out.sort();
    out
}

/// `model` rendered into the default folder, whatever the outcome.
pub fn render(model: &str) -> Env {
    let env = Env::new();
    env.write("archgen.yaml", model);
    env.run(&["render"]).ok();
    env
}

/// The rendered document `rel` of `env`.
pub fn doc(env: &Env, rel: &str) -> String {
    env.read(&format!("docs/architecture/{rel}"))
}

/// `MINIMAL` with its resource's one field replaced by `fields` (what follows the field list
/// too, such as `operations` and `filters`), its API in `style`, rendered into `out`.
pub fn render_resource(fields: &str, style: &str) -> Env {
    let model = MINIMAL
        .replace("            - {name: total, type: money}\n", fields)
        .replace("    api:\n", &format!("    api:\n      style: {style}\n"));
    let env = Env::new();
    env.write("archgen.yaml", &model);
    let run = env.run(&["render", "--out", "out"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    env
}

/// A small valid model to start cases from.
pub const MINIMAL: &str = "\
version: 1
name: Shop
date: \"2026-01-15\"
requirements:
  domain: retail
services:
  - name: orders
    responsibility: Takes orders.
    api:
      resources:
        - name: Order
          fields:
            - {name: total, type: money}
  - name: payments
    responsibility: Takes payments.
clients:
  - {name: web, kind: web}
communication:
  links:
    - {from: web, to: orders}
    - {from: orders, to: payments}
";

/// Renders bundled example `example` (with the pack whose `pack.yaml` is `pack`, if any) into a
/// temporary folder and returns every file, by its path in the output.
pub fn render_example(
    example: &str,
    pack: Option<&str>,
) -> std::collections::BTreeMap<String, String> {
    let env = Env::new();
    let model = root().join("examples").join(example).join("archgen.yaml");
    let model = model.to_str().expect("utf-8 path");
    let mut args = vec!["render", "--model", model, "--out", "out"];
    if let Some(p) = pack {
        env.write("pack/pack.yaml", p);
        args.extend(["--templates", "pack"]);
    }
    env.run(&args).ok();
    read_tree(&env.path("out")).into_iter().collect()
}
