//! `archgen site`: the rendered documents as a static HTML site that opens from `file://`:
//! byte-identical builds, links rewritten to pages that exist, user text escaped, the stress
//! models built. The browser check (console, diagrams, links in Chromium) is in
//! `scripts/validate-docs`.

use crate::support::{Env, read_tree, root};
use std::collections::BTreeMap;
use std::path::Path;

/// Renders `model` (a path) into `docs` in `env`, then builds its site into `site`.
fn site_of(env: &Env, model: &str) -> BTreeMap<String, String> {
    env.run(&["render", "--quiet", "--model", model, "--out", "docs"])
        .ok();
    let run = env.run(&["site", "--model", model, "--docs", "docs", "--out", "site"]);
    run.ok();
    read_tree(&env.path("site")).into_iter().collect()
}

fn example(name: &str) -> String {
    root()
        .join("examples")
        .join(name)
        .join("archgen.yaml")
        .display()
        .to_string()
}

/// Every `href` and `src` of `page` at `at` that is not external: `(path in the site, fragment)`.
fn local_links(at: &str, page: &str) -> Vec<(String, String)> {
    let re = regex::Regex::new(r#"(?:href|src)="([^"]*)""#).unwrap();
    re.captures_iter(page)
        .map(|c| c[1].replace("&amp;", "&"))
        .filter(|u| !u.contains("://") && !u.starts_with("mailto:"))
        .map(|u| {
            let (path, fragment) = u.split_once('#').unwrap_or((&u, ""));
            let mut parts: Vec<&str> = at.split('/').collect();
            parts.pop();
            if path.is_empty() {
                parts.push(at.rsplit('/').next().unwrap());
            }
            for p in path.split('/').filter(|p| !p.is_empty()) {
                if p == ".." {
                    assert!(parts.pop().is_some(), "`{u}` in `{at}` leaves the site");
                } else {
                    parts.push(p);
                }
            }
            (parts.join("/"), fragment.to_owned())
        })
        .collect()
}

/// Fails on every local link of the site's pages whose file or anchor is missing.
fn assert_links_resolve(site: &BTreeMap<String, String>) {
    let mut broken = Vec::new();
    for (at, page) in site.iter().filter(|(p, _)| p.ends_with(".html")) {
        for (path, fragment) in local_links(at, page) {
            match site.get(&path) {
                None => broken.push(format!("{at}: {path}")),
                Some(target) if !fragment.is_empty() && path.ends_with(".html") => {
                    if !target.contains(&format!("id=\"{fragment}\"")) {
                        broken.push(format!("{at}: {path}#{fragment}"));
                    }
                }
                Some(_) => {}
            }
        }
    }
    assert!(
        broken.is_empty(),
        "{} broken links:\n{}",
        broken.len(),
        broken.join("\n")
    );
}

#[test]
fn site_links_point_at_pages_and_every_local_link_resolves() {
    let env = Env::new();
    let site = site_of(&env, &example("order-management"));
    let index = &site["index.html"];
    assert!(
        index.contains("href=\"service-boundaries.html\""),
        "{index}"
    );
    assert!(index.contains("href=\"adr/index.html\""), "{index}");
    assert!(
        index.contains("href=\"diagrams/service-communication.html\""),
        "{index}"
    );
    assert!(
        index.contains("href=\"api/orders.openapi.yaml\""),
        "{index}"
    );
    // A contract is copied as it is.
    assert_eq!(
        site["api/orders.openapi.yaml"],
        env.read("docs/api/orders.openapi.yaml")
    );
    let adr = site
        .keys()
        .find(|p| p.starts_with("adr/0002-"))
        .expect("an ADR page");
    assert!(
        site[adr].contains("href=\"index.html\"") || site[adr].contains("href=\"../index.html\"")
    );
    let no_md = regex::Regex::new(r#"href="[^":]*\.md[#"]"#).unwrap();
    for (path, page) in site.iter().filter(|(p, _)| p.ends_with(".html")) {
        assert!(!no_md.is_match(page), "{path} links a .md file");
    }
    assert_links_resolve(&site);
}

#[test]
fn site_has_a_page_per_service_event_and_adr_and_a_search_index() {
    let env = Env::new();
    let site = site_of(&env, &example("order-management"));
    let orders = &site["services/orders.html"];
    assert!(orders.contains("<h1>orders</h1>"), "{orders}");
    assert!(
        orders.contains("<a href=\"../events/order-placed.html\">OrderPlaced</a>"),
        "{orders}"
    );
    assert!(
        orders.contains(
            "<h2>In <a href=\"../service-boundaries.html#orders\">Service boundaries</a></h2>"
        ),
        "{orders}"
    );
    let placed = &site["events/order-placed.html"];
    assert!(
        placed.contains("<a href=\"../services/orders.html\">orders</a>"),
        "{placed}"
    );
    assert!(
        placed.contains("../communication.html#orderplaced"),
        "{placed}"
    );
    assert!(site["services/index.html"].contains("href=\"payments.html\""));
    let adrs = site.keys().filter(|p| p.starts_with("adr/0")).count();
    assert_eq!(adrs, env.path("docs/adr").read_dir().unwrap().count() - 1);
    let index = &site["assets/search-index.js"];
    assert!(
        index.starts_with("window.ARCHGEN_SEARCH = [[\""),
        "{}",
        &index[..100]
    );
    for needle in [
        "\"services/orders.html\"",
        "\"events/order-placed.html\"",
        "\"communication.html#orderplaced\"",
    ] {
        assert!(index.contains(needle), "{needle} missing from the index");
    }
    // Every diagram is a `pre.mermaid` for the embedded bundle, which the page loads.
    let diagrams = &site["architecture-diagrams.html"];
    let fences = env
        .read("docs/architecture-diagrams.md")
        .matches("```mermaid")
        .count();
    assert!(fences > 0);
    assert_eq!(diagrams.matches("<pre class=\"mermaid\">").count(), fences);
    assert!(diagrams.contains("<script src=\"assets/mermaid.min.js\"></script>"));
    assert!(site["diagrams/c4-context.html"].contains("<pre class=\"mermaid\">"));
    let bundle = &site["assets/mermaid.min.js"];
    assert_eq!(
        bundle,
        &std::fs::read_to_string(root().join("vendor/mermaid/mermaid.min.js")).unwrap()
    );
    assert!(site.contains_key("assets/mermaid-LICENSE.txt"));
}

#[test]
fn site_builds_are_byte_identical() {
    let env = Env::new();
    let first = site_of(&env, &example("saas-platform"));
    let model = example("saas-platform");
    let again = env.run(&["site", "--model", &model, "--docs", "docs", "--out", "site"]);
    assert!(again.ok().contains("(0 written, "), "{}", again.stdout);
    env.run(&[
        "site", "--model", &model, "--docs", "docs", "--out", "other",
    ])
    .ok();
    let other: BTreeMap<String, String> = read_tree(&env.path("other")).into_iter().collect();
    assert_eq!(
        first.keys().collect::<Vec<_>>(),
        other.keys().collect::<Vec<_>>()
    );
    for (path, text) in &first {
        assert!(text == &other[path], "{path} differs between two builds");
        assert!(!text.contains('\r'), "{path} has a CR");
    }
}

#[test]
fn site_escapes_hostile_names() {
    let env = Env::new();
    let site = site_of(&env, &example("stress"));
    for (path, page) in site.iter().filter(|(p, _)| p.ends_with(".html")) {
        assert!(
            !page.contains("<script>alert"),
            "{path} carries a raw <script>"
        );
        assert!(
            !page.contains("{{ tera }}</a>") || page.contains("{{ tera }}"),
            "{path}"
        );
    }
    let list = &site["services/index.html"];
    assert!(
        list.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "the hostile service is listed, escaped"
    );
    assert!(
        list.contains("Payments (v2): &quot;EU&quot; | #1"),
        "{list}"
    );
    assert!(site["assets/search-index.js"].contains("\\u003cscript>alert(1)\\u003c/script>"));
    assert_links_resolve(&site);
}

/// Rendering 500 services takes minutes in a debug build; `.ci/run` builds this site with the
/// release binary, and `cargo test --release --test testsuite -- --ignored site_of_the_500`
/// runs this test.
#[test]
#[ignore = "minutes in a debug build: run with --release"]
fn site_of_the_500_service_stress_model_builds() {
    let env = Env::new();
    let out = std::process::Command::new(root().join("scripts/gen-stress"))
        .args(["--services", "500", "--stdout"])
        .output()
        .expect("scripts/gen-stress runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    env.write("archgen.yaml", &String::from_utf8(out.stdout).unwrap());
    let site = site_of(&env, "archgen.yaml");
    let services = site.keys().filter(|p| p.starts_with("services/")).count();
    assert_eq!(services, 501, "a page per service and the list");
    assert!(site["index.html"].len() < 2_000_000);
}

#[test]
fn site_refuses_a_folder_it_did_not_write_and_needs_rendered_documents() {
    let env = Env::new();
    env.write("archgen.yaml", crate::support::MINIMAL);
    let run = env.run(&["site"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("no documents in `docs/architecture`\nhelp: run `archgen render` first"),
        "{}",
        run.stderr
    );
    env.run(&["render", "--quiet"]).ok();
    env.write("docs/site/notes.txt", "mine");
    let run = env.run(&["site"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("holds files that `archgen site` did not write"),
        "{}",
        run.stderr
    );
    assert_eq!(env.read("docs/site/notes.txt"), "mine");
    let run = env.run(&["site", "--out", "docs/architecture/html"]);
    assert!(
        run.stderr.contains("is inside the documents' folder"),
        "{}",
        run.stderr
    );
    std::fs::remove_dir_all(env.path("docs/site")).unwrap();
    assert!(
        env.run(&["site"])
            .ok()
            .contains("open `docs/site/index.html`")
    );
    assert!(Path::new(&env.path("docs/site/services/orders.html")).is_file());
}

#[test]
fn a_pack_can_have_every_render_build_the_site_with_the_hand_edits() {
    let env = Env::new();
    env.write("archgen.yaml", crate::living::SHOP)
        .write("pack/pack.yaml", "name: With a site\nsite: true\n");
    env.run(&["render", "-q", "--templates", "pack"]).ok();
    let page = |env: &Env| env.read("docs/site/security.html");
    assert!(page(&env).contains("<h1"), "{}", page(&env));
    // A person's note in a document reaches the site on the next render.
    let doc = env.read("docs/architecture/security.md");
    env.write(
        "docs/architecture/security.md",
        &format!("{doc}\nOur pen test is in March.\n"),
    );
    env.write(
        "archgen.yaml",
        &crate::living::SHOP.replace("domain: retail", "domain: online retail"),
    );
    env.run(&["render", "-q"]).ok();
    assert!(page(&env).contains("Our pen test is in March."));
    // Without the pack's switch, a render builds no site.
    let plain = Env::new();
    plain.write("archgen.yaml", crate::living::SHOP);
    plain.run(&["render", "-q"]).ok();
    assert!(!plain.exists("docs/site"));
}
