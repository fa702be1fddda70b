//! Tests of the surgical edits: only the lines concerned change.

use super::*;

const MODEL: &str = "\
name: Shop   # the shop
decisions:
  # the first one
  - title: Use Kafka
    number: 2
    status: proposed
    context: >-
      Events must be
      replayable.
    outcome: Kafka

  - {title: Flow, context: x, outcome: y}
other: 1
";

#[test]
fn replaces_a_value_and_keeps_comments() {
    let src = Source::new(MODEL);
    let edit = src.replace("/decisions/0/status", "accepted").unwrap();
    let out = apply(MODEL, vec![edit]);
    assert_eq!(out, MODEL.replace("status: proposed", "status: accepted"));
}

#[test]
fn inserts_a_missing_key_after_a_multiline_value() {
    let src = Source::new(MODEL);
    let edit = src
        .set("/decisions/0", "superseded_by", "3", &["title", "context"])
        .unwrap();
    let out = apply(MODEL, vec![edit]);
    assert_eq!(
        out,
        MODEL.replace(
            "      replayable.\n",
            "      replayable.\n    superseded_by: 3\n"
        )
    );
}

#[test]
fn removes_a_key_line() {
    let src = Source::new(MODEL);
    let edit = src.remove("/decisions/0", "status").unwrap().unwrap();
    assert_eq!(
        apply(MODEL, vec![edit]),
        MODEL.replace("    status: proposed\n", "")
    );
    assert_eq!(src.remove("/decisions/0", "because").unwrap(), None);
}

#[test]
fn refuses_flow_mappings() {
    let src = Source::new(MODEL);
    let err = src
        .set("/decisions/1", "status", "accepted", &["title"])
        .unwrap_err();
    assert!(err.to_string().contains("flow mapping"), "{err}");
}

#[test]
fn appends_an_item_in_the_list_style() {
    let text = "decisions:\n  - title: A\n    context: b\n    outcome: c\n# end\n";
    let src = Source::new(text);
    let edit = src
        .append(
            "decisions",
            1,
            &[
                vec!["title: New".into(), "outcome: New".into()],
                vec!["title: Two".into()],
            ],
        )
        .unwrap();
    assert_eq!(
        apply(text, vec![edit]),
        "decisions:\n  - title: A\n    context: b\n    outcome: c\n  - title: New\n    outcome: New\n  - title: Two\n# end\n"
    );
}

#[test]
fn appends_the_key_when_missing_or_empty() {
    let lines = [vec!["title: New".to_string()]];
    let missing = "name: x";
    let out = apply(
        missing,
        vec![Source::new(missing).append("decisions", 0, &lines).unwrap()],
    );
    assert_eq!(out, "name: x\n\ndecisions:\n  - title: New\n");
    let empty = "decisions: []\nname: x\n";
    let out = apply(
        empty,
        vec![Source::new(empty).append("decisions", 0, &lines).unwrap()],
    );
    assert_eq!(out, "decisions:\n  - title: New\nname: x\n");
}

#[test]
fn scalars_are_plain_only_when_safe() {
    assert_eq!(scalar("Use Redis for sessions"), "Use Redis for sessions");
    assert_eq!(scalar("yes"), "\"yes\"");
    assert_eq!(scalar("a: b"), "\"a: b\"");
    assert_eq!(scalar("#1 \"quoted\""), "\"#1 \\\"quoted\\\"\"");
    assert_eq!(scalar("12"), "\"12\"");
    assert_eq!(scalar("one\u{2028}two"), "\"one\\u2028two\"");
    for s in [
        "Use Redis for sessions",
        "yes",
        "a: b",
        "#1 \"q\"",
        "12",
        "x #y",
        "-",
        "é ok",
        "it's",
        "one\u{2028}two",
        "a\u{2029}b \u{85} c",
        "\u{feff}bom",
    ] {
        let back: String = serde_yaml::from_str(&scalar(s)).unwrap();
        assert_eq!(back, s);
    }
}

#[test]
fn insertions_at_one_place_keep_their_order() {
    let text = "decisions:\n  - title: A\n    context: b\n";
    let src = Source::new(text);
    let edits = vec![
        src.set("/decisions/0", "status", "superseded", &["title"])
            .unwrap(),
        src.set("/decisions/0", "superseded_by", "3", &["status", "title"])
            .unwrap(),
    ];
    assert_eq!(
        apply(text, edits),
        "decisions:\n  - title: A\n    status: superseded\n    superseded_by: 3\n    context: b\n"
    );
}
