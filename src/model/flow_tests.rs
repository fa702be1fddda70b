//! Walking a flow: blocks flattened in document order, each step with the branches it opens
//! and encloses, how many blocks it closes, its model path and whether it always runs.

use super::*;

const FLOW: &str = "name: Buy
steps:
  - {from: web, to: orders, action: POST /orders, returns: 202 Accepted}
  - alt:
      - name: declined
        when: payment declined
        steps:
          - {from: payments, to: k, action: PaymentFailed}
          - opt:
              when: retry allowed
              steps: [{from: k, to: orders, action: Retry}]
      - when: payment authorised
        steps:
          - par:
              - steps: [{from: orders, to: k, action: OrderPlaced}]
              - steps: [{from: orders, to: payments, action: Capture}]
  - loop:
      when: for each line
      steps: [{from: orders, to: payments, action: Price}]
";

fn flow() -> Flow {
    serde_yaml::from_str(FLOW).expect("test flow parses")
}

fn shape(w: &Walked) -> (String, Vec<(BlockKind, bool)>, usize, bool) {
    (
        w.step.action.clone(),
        w.opens.iter().map(|o| (o.kind, o.first)).collect(),
        w.closes,
        w.certain(),
    )
}

#[test]
fn blocks_flatten_in_order_with_their_openings_and_ends() {
    let f = flow();
    let walked: Vec<_> = f.walk().iter().map(shape).collect();
    use BlockKind::*;
    let expect = [
        ("POST /orders", vec![], 0, true),
        ("PaymentFailed", vec![(Alt, true)], 0, false),
        ("Retry", vec![(Opt, true)], 1, false),
        ("OrderPlaced", vec![(Alt, false), (Par, true)], 0, false),
        // The `par` and the `alt` both end after the last branch's only step.
        ("Capture", vec![(Par, false)], 2, false),
        ("Price", vec![(Loop, true)], 1, true),
    ];
    let expect: Vec<_> = expect
        .into_iter()
        .map(|(a, o, c, k)| (a.to_owned(), o, c, k))
        .collect();
    assert_eq!(walked, expect);
}

#[test]
fn walked_steps_know_their_path_and_enclosing_branches() {
    let f = flow();
    let walked = f.walk();
    let paths: Vec<&str> = walked.iter().map(|w| w.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "steps/0",
            "steps/1/alt/0/steps/0",
            "steps/1/alt/0/steps/1/opt/steps/0",
            "steps/1/alt/1/steps/0/par/0/steps/0",
            "steps/1/alt/1/steps/0/par/1/steps/0",
            "steps/2/loop/steps/0",
        ]
    );
    let retry: Vec<&str> = walked[2]
        .within
        .iter()
        .map(|(_, b)| b.when.as_str())
        .collect();
    assert_eq!(retry, ["payment declined", "retry allowed"]);
    assert_eq!(walked[0].step.returns, "202 Accepted");
}

#[test]
fn a_flow_without_blocks_walks_as_before() {
    let f: Flow = serde_yaml::from_str(
        "name: F\nsteps:\n  - {from: a, to: b, action: x}\n  - {from: b, to: c, action: y}\n",
    )
    .expect("parses");
    let walked = f.walk();
    assert_eq!(walked.len(), 2);
    assert!(
        walked
            .iter()
            .all(|w| w.opens.is_empty() && w.closes == 0 && w.certain())
    );
}
