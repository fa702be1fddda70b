//! Replies come back in call-stack order: after the callee's own calls and messages, before
//! the next step someone else makes, and before the end of the branch they were made in.

use crate::model::Model;

const SHOP: &str = "version: 1
name: t
requirements: {domain: d}
clients: [{name: web}]
services:
  - {name: gw, kind: gateway, responsibility: r}
  - name: orders
    responsibility: r
    publishes: [{name: Placed, fields: [{name: id, type: uuid}]}]
  - {name: stock, responsibility: r, consumes: [Placed]}
communication:
  brokers: [{name: k, technology: Kafka}]
  links:
    - {from: web, to: gw}
    - {from: gw, to: orders}
    - {from: orders, to: stock}
  flows:
    - name: Buy
      steps:
        - {from: web, to: gw, action: POST, returns: '201'}
        - {from: gw, to: orders, action: POST, returns: created}
        - {from: orders, to: stock, action: Reserve, returns: reservation}
        - alt:
            - when: reserved
              steps: [{from: orders, to: k, action: Placed}]
            - when: out of stock
              steps: [{from: orders, to: stock, action: Log, returns: logged}]
        - {from: k, to: stock, action: Placed}
    - name: Branching
      steps:
        - {from: web, to: gw, action: POST, returns: '201'}
        - {from: gw, to: orders, action: POST, returns: created}
        - alt:
            - when: reserved
              steps: [{from: orders, to: k, action: Placed}]
            - when: out of stock
              steps: [{from: orders, to: stock, action: Log}]
        - {from: k, to: stock, action: Placed}
";

/// Each step's lines: replies before it as `<n`, the step as its number, then `>n` replies and
/// `end`s after it.
fn lines(model: &str, flow: usize) -> Vec<String> {
    let model: Model = serde_yaml::from_str(model).expect("test model parses");
    let view = crate::view::build(&model);
    let mut out = Vec::new();
    for s in &view.flows[flow].steps {
        out.extend(s.before.iter().map(|r| format!("<{}", r.number)));
        out.push(s.number.to_string());
        out.extend(s.after.iter().map(|a| match &a.reply {
            Some(r) => format!(">{}", r.number),
            None => "end".into(),
        }));
    }
    out
}

#[test]
fn replies_follow_the_call_stack_and_the_blocks() {
    assert_eq!(
        lines(SHOP, 0),
        [
            "1", "2", "3", // orders acts again: stock's reservation came back first.
            "<3", "4",
            // The first branch ends where the second starts; the call made in the second
            // branch is answered before its `end`.
            "5", ">5", "end", // k acts: orders and the gateway have answered.
            "<2", "<1", "6",
        ]
    );
}

#[test]
fn a_call_without_a_response_draws_no_reply() {
    let model = SHOP.replace(", returns: created", "");
    let got = lines(&model, 0);
    assert!(!got.contains(&"<2".to_owned()), "{got:?}");
    assert!(got.contains(&"<1".to_owned()), "{got:?}");
}

/// A call made before an `alt` stays open through its branches: no branch answers it alone.
#[test]
fn a_call_made_before_a_block_is_answered_after_it() {
    assert_eq!(lines(SHOP, 1), ["1", "2", "3", "4", "end", "<2", "<1", "5"]);
}
