//! `archgen adr`: every command edits only the lines concerned in archgen.yaml, re-renders,
//! and says what it did.

use crate::living::{SHOP, doc, edit, rendered};
use crate::support::Env;

/// The lines of `after` that differ from `before`, as `-old` / `+new`.
fn changed_lines(before: &str, after: &str) -> String {
    similar::TextDiff::from_lines(before, after)
        .iter_all_changes()
        .filter(|c| c.tag() != similar::ChangeTag::Equal)
        .map(|c| {
            format!(
                "{}{}",
                if c.tag() == similar::ChangeTag::Delete {
                    "-"
                } else {
                    "+"
                },
                c.value()
            )
        })
        .collect()
}

#[test]
fn new_appends_a_proposal_and_renders_it() {
    let env = rendered();
    let run = env.run(&["adr", "new", "Use Redis for sessions"]);
    insta::assert_snapshot!(run.ok(), @r"
    created ADR 0003 `Use Redis for sessions`, status proposed
    next: write its context, options and outcome in archgen.yaml:54, then run `archgen adr accept 3`
    rendered 39 files into docs/architecture (20 documents, 3 API contracts, 3 ADRs, 5 diagrams, 8 exports): 1 new, 4 updated, 34 unchanged
    ");
    insta::assert_snapshot!(changed_lines(SHOP, &env.read("archgen.yaml")), @r#"
    +  - number: 3
    +    title: Use Redis for sessions
    +    status: proposed
    +    context: "Use Redis for sessions: the context, the options considered and the reasons are still to be written."
    +    outcome: Use Redis for sessions
    "#);
    let adr = env.read(&doc("adr/0003-use-redis-for-sessions.md"));
    assert!(
        adr.starts_with("---\nstatus: \"proposed\"\n")
            && adr.contains("This decision is proposed and not yet in effect."),
        "{adr}"
    );
    assert!(env.read(&doc("adr/README.md")).contains(
        "| 0003 | [Use Redis for sessions](0003-use-redis-for-sessions.md) | proposed |"
    ));
}

#[test]
fn accept_reject_and_deprecate_set_the_status_line() {
    let env = rendered();
    env.run(&["adr", "new", "Use Redis for sessions"]).ok();
    let before = env.read("archgen.yaml");
    let run = env.run(&["adr", "accept", "3"]);
    insta::assert_snapshot!(run.ok(), @r"
    accepted ADR 0003 `Use Redis for sessions`
    rendered 39 files into docs/architecture (20 documents, 3 API contracts, 3 ADRs, 5 diagrams, 8 exports): 0 new, 5 updated, 34 unchanged
    ");
    assert_eq!(
        changed_lines(&before, &env.read("archgen.yaml")),
        "-    status: proposed\n+    status: accepted\n"
    );
    let run = env.run(&["adr", "reject", "3"]);
    assert!(
        run.ok()
            .starts_with("rejected ADR 0003 `Use Redis for sessions`\n"),
        "{}",
        run.stdout
    );
    assert!(
        env.read(&doc("adr/0003-use-redis-for-sessions.md"))
            .contains("This decision was rejected")
    );
    // A decision without a `status:` line gets one, after its title.
    let run = env.run(&["adr", "deprecate", "2"]);
    assert!(
        run.ok()
            .starts_with("deprecated ADR 0002 `Use Redis for the order cache`\n"),
        "{}",
        run.stdout
    );
    assert!(env.read("archgen.yaml").contains("  - title: Use Redis for the order cache\n    status: deprecated\n    context: Order reads dominate.\n"));
    let again = env.run(&["adr", "deprecate", "2"]);
    assert_eq!(again.ok(), "nothing to change: the model already says so\n");
}

#[test]
fn supersede_links_both_records_and_the_index() {
    let env = rendered();
    env.run(&["adr", "new", "Use Memcached for the order cache"])
        .ok();
    let before = env.read("archgen.yaml");
    let run = env.run(&["adr", "supersede", "2", "--by", "3"]);
    insta::assert_snapshot!(run.ok(), @r"
    ADR 0002 `Use Redis for the order cache` is now superseded by ADR 0003 `Use Memcached for the order cache`
    rendered 39 files into docs/architecture (20 documents, 3 API contracts, 3 ADRs, 5 diagrams, 8 exports): 0 new, 5 updated, 34 unchanged
    ");
    assert_eq!(
        changed_lines(&before, &env.read("archgen.yaml")),
        "+    status: superseded\n+    superseded_by: 3\n"
    );
    assert!(env.read(&doc("adr/0002-use-redis-for-the-order-cache.md")).contains("- Superseded by [ADR 0003: Use Memcached for the order cache](0003-use-memcached-for-the-order-cache.md)."));
    assert!(env.read(&doc("adr/0003-use-memcached-for-the-order-cache.md")).contains("- Supersedes [ADR 0002: Use Redis for the order cache](0002-use-redis-for-the-order-cache.md)."));
    assert!(
        env.read(&doc("adr/README.md"))
            .contains("| superseded by 0003 |")
    );
}

#[test]
fn accepting_a_proposal_supersedes_the_decision_it_replaces() {
    let env = rendered();
    edit(&env, "archgen.yaml", |t| {
        t.replace("technology: Redis", "technology: Memcached")
    });
    env.run(&["render"]).ok();
    let run = env.run(&["adr", "accept", "3"]);
    assert!(
        run.ok().starts_with("accepted ADR 0003 `Replace Redis with Memcached for the order-cache`; ADR 0002 `Use Redis for the order cache` is now superseded by it\n"),
        "{}",
        run.stdout
    );
    let model = env.read("archgen.yaml");
    assert!(model.contains("  - title: Use Redis for the order cache\n    status: superseded\n    superseded_by: 3\n"), "{model}");
}

#[test]
fn list_prints_a_table_and_json() {
    let env = rendered();
    env.run(&["adr", "new", "Use Memcached for the order cache"])
        .ok();
    env.run(&["adr", "supersede", "2", "--by", "3"]).ok();
    insta::assert_snapshot!(env.run(&["adr", "list"]).ok(), @r"
    ADR   Status              Date        Title                              File
    0002  superseded by 0003  2026-01-15  Use Redis for the order cache      docs/architecture/adr/0002-use-redis-for-the-order-cache.md
    0003  proposed            2026-01-15  Use Memcached for the order cache  docs/architecture/adr/0003-use-memcached-for-the-order-cache.md
    ");
    insta::assert_snapshot!(env.run(&["adr", "list", "--json"]).ok());
}

#[test]
fn renumber_gives_a_merged_duplicate_the_next_number() {
    let env = rendered();
    // Two branches each added ADR 0003; git merged both entries.
    let merged = format!(
        "{SHOP}  - number: 3\n    title: Use Kafka for order events\n    context: Events must be replayable.\n    outcome: Kafka\n  # from the other branch\n  - number: 3\n    title: Use GraphQL for the storefront\n    context: The storefront needs flexible queries.\n    outcome: GraphQL\n"
    );
    env.write("archgen.yaml", &merged);
    let render = env.run(&["render"]);
    assert_eq!(render.code, 2, "the loader rejects duplicate numbers");
    assert!(render.stderr.contains("both have number 3\n     help: a merge of two branches leaves this; `archgen adr renumber` gives `Use GraphQL for the storefront` the next free number\n"), "{}", render.stderr);
    let list = env.run(&["adr", "list"]);
    assert!(list.ok().contains("0003  accepted  2026-01-15  Use GraphQL for the storefront  (duplicate number: run `archgen adr renumber`)\n"), "{}", list.stdout);
    let run = env.run(&["adr", "renumber"]);
    insta::assert_snapshot!(run.ok(), @r"
    renumbered `Use GraphQL for the storefront` from 0003 to 0004 (0003 stays `Use Kafka for order events`)
    rendered 40 files into docs/architecture (20 documents, 3 API contracts, 4 ADRs, 5 diagrams, 8 exports): 2 new, 3 updated, 35 unchanged
    ");
    assert_eq!(
        changed_lines(&merged, &env.read("archgen.yaml")),
        "-  - number: 3\n+  - number: 4\n"
    );
    assert!(env.exists(&doc("adr/0004-use-graphql-for-the-storefront.md")));
    assert_eq!(
        env.run(&["adr", "renumber"]).ok(),
        "no two ADRs share a number; nothing to renumber\n"
    );
}

#[test]
fn unknown_and_built_in_numbers_are_refused() {
    let env = Env::new();
    env.write("archgen.yaml", SHOP);
    let unknown = env.run(&["adr", "accept", "9"]);
    assert_eq!(unknown.code, 2);
    insta::assert_snapshot!(unknown.stderr, @"error: there is no ADR 0009; `archgen adr list` shows the numbers");
    let builtin = env.run(&["adr", "supersede", "1", "--by", "2"]);
    assert_eq!(builtin.code, 2);
    insta::assert_snapshot!(builtin.stderr, @"error: ADR 0001 is built in (the decision to keep ADRs) and has no entry in the model to change");
    let empty = env.run(&["adr", "new", "  "]);
    insta::assert_snapshot!(empty.stderr, @"error: the title is empty; give a short imperative, e.g. `Use Redis for sessions`");
    assert_eq!(env.read("archgen.yaml"), SHOP, "nothing was written");
}

#[test]
fn a_proposal_may_stay_open_until_an_outcome_is_chosen() {
    let open = "  - title: Choose the session store\n    status: proposed\n    deciders: [platform team]\n    context: Sessions outgrow the gateway's memory.\n    options:\n      - name: Redis\n      - name: PostgreSQL\n";
    let env = Env::new();
    env.write("archgen.yaml", &format!("{SHOP}{open}"));
    env.run(&["render"]).ok();
    let adr = env.read(&doc("adr/0003-choose-the-session-store.md"));
    assert!(
        adr.contains(
            "No option is chosen yet. platform team decides and records the chosen option in \
             this decision's `outcome` before `archgen adr accept 3`"
        ) && !adr.contains("Chosen option")
            && !adr.contains("This decision is proposed and not yet in effect."),
        "{adr}"
    );
    assert!(
        env.read(&doc("trade-offs.md"))
            .contains("| Choose the session store | proposed | open: platform team decides |"),
        "{}",
        env.read(&doc("trade-offs.md"))
    );
    // Accepting it before an outcome is chosen is refused, and the model is left as it was.
    let before = env.read("archgen.yaml");
    let run = env.run(&["adr", "accept", "3"]);
    assert_ne!(run.code, 0);
    assert!(
        run.stderr.contains("ADR 3 has no outcome yet"),
        "{}",
        run.stderr
    );
    assert_eq!(env.read("archgen.yaml"), before);
    // Only a proposal may be open: an accepted decision without an outcome does not load.
    let accepted = open.replace("status: proposed", "status: accepted");
    env.write("archgen.yaml", &format!("{SHOP}{accepted}"));
    let run = env.run(&["render"]);
    assert_ne!(run.code, 0);
    assert!(
        run.stderr
            .contains("decision `Choose the session store` is accepted and has no `outcome`"),
        "{}",
        run.stderr
    );
    // Choosing one of its options makes it acceptable.
    env.write("archgen.yaml", &format!("{SHOP}{open}    outcome: Redis\n"));
    env.run(&["adr", "accept", "3"]).ok();
}
