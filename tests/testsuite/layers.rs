//! The module graph points one way: no module imports one of its own layer or of a layer below
//! it, as listed in the `# Layers` section of `src/lib.rs`.

use std::collections::BTreeMap;
use std::path::Path;

/// Each top-level module's layer, read from the numbered list in `src/lib.rs`.
fn layers(lib: &str) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    for line in lib.lines().filter_map(|l| l.strip_prefix("//! ")) {
        let Some((number, rest)) = line.split_once(". ") else {
            continue;
        };
        let Ok(layer) = number.parse::<usize>() else {
            continue;
        };
        let names = rest.split(':').next().unwrap_or_default();
        for name in names.split(", ") {
            let name = name.trim().trim_matches('`');
            assert!(
                out.insert(name.to_owned(), layer).is_none(),
                "`{name}` listed twice"
            );
        }
    }
    out
}

/// The top-level modules a source file refers to: `crate::x`, `crate::{x, y::z}` (over any
/// number of lines) and enough `super::` to reach the crate root. Comments are skipped.
fn uses(code: &str, depth: usize) -> Vec<String> {
    let code: String = code
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    let ident = |s: &str| -> String {
        s.trim_start()
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect()
    };
    let mut out = Vec::new();
    for (i, _) in code.match_indices("crate::") {
        if code[..i].ends_with('$') {
            continue;
        }
        let rest = &code[i + "crate::".len()..];
        match rest.strip_prefix('{') {
            Some(group) => out.extend(top_level_items(group).iter().map(|g| ident(g))),
            None => out.push(ident(rest)),
        }
    }
    if depth > 0 {
        let supers = "super::".repeat(depth);
        for (i, _) in code.match_indices(&supers) {
            let rest = &code[i + supers.len()..];
            if !rest.starts_with("super::") && !code[..i].ends_with("super::") {
                out.push(ident(rest));
            }
        }
    }
    out.retain(|m| !m.is_empty());
    out
}

/// The comma-separated items of a `{..}` group up to its closing brace, nested groups whole.
fn top_level_items(group: &str) -> Vec<&str> {
    let mut items = Vec::new();
    let (mut nesting, mut start) = (0, 0);
    for (i, c) in group.char_indices() {
        match c {
            '{' => nesting += 1,
            '}' if nesting == 0 => {
                items.push(&group[start..i]);
                break;
            }
            '}' => nesting -= 1,
            ',' if nesting == 0 => {
                items.push(&group[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    items
}

fn sources(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn layers_point_one_way() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let lib = std::fs::read_to_string(src.join("lib.rs")).unwrap();
    let layer = layers(&lib);
    assert!(
        layer.len() > 10,
        "the layer list in src/lib.rs was not found"
    );
    for line in lib.lines() {
        if let Some(name) = line
            .strip_prefix("pub mod ")
            .and_then(|l| l.strip_suffix(';'))
        {
            assert!(
                layer.contains_key(name),
                "src/lib.rs: module `{name}` is in no layer; add it to the `# Layers` list"
            );
        }
    }
    let mut files = Vec::new();
    sources(&src, &mut files);
    files.sort();
    let mut wrong = Vec::new();
    for file in &files {
        let rel = file.strip_prefix(&src).unwrap();
        let parts: Vec<String> = rel
            .with_extension("")
            .iter()
            .map(|p| p.to_string_lossy().into_owned())
            .collect();
        let top = parts[0].clone();
        let Some(&own) = layer.get(&top) else {
            continue; // main.rs and lib.rs sit above every layer
        };
        let depth = parts.len() - usize::from(parts.last().is_some_and(|p| p == "mod"));
        let code = std::fs::read_to_string(file).unwrap();
        for used in uses(&code, depth) {
            match layer.get(&used) {
                Some(&l) if used != top && l >= own => wrong.push(format!(
                    "src/{}: `{top}` (layer {own}) uses `{used}` (layer {l})",
                    rel.display()
                )),
                _ => {}
            }
        }
    }
    wrong.dedup();
    assert!(
        wrong.is_empty(),
        "imports against the layer order of src/lib.rs (move the shared item down to a layer \
         both can reach):\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_scan_sees_every_form_of_import() {
    let code = "use crate::{view, render::{X, Y},\n    load};\n// crate::commands\n\
                let a = super::super::write::f();\nuse super::sibling;";
    assert_eq!(uses(code, 2), ["view", "render", "load", "write"]);
    assert_eq!(uses("x = super::y;", 1), ["y"]);
}
