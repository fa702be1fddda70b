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

/// Each step's lines as the diagram draws them: replies before it as `<n`, the keywords of the
/// branches it opens, the step as its number, then `>n` replies and `end`s after it; a reply
/// drawn in a block of its own comes with that block's keywords and `end`s.
fn lines(model: &str, flow: usize) -> Vec<String> {
    let model: Model = serde_yaml::from_str(model).expect("test model parses");
    let view = crate::view::build(&model);
    let mut out = Vec::new();
    let reply = |out: &mut Vec<String>, r: &super::ReplyView, mark: &str| {
        out.extend(r.opens.iter().map(|o| o.keyword.clone()));
        out.push(format!("{mark}{}", r.number));
        out.extend((0..r.closes).map(|_| "end".to_owned()));
    };
    for s in &view.flows[flow].steps {
        for r in &s.before {
            reply(&mut out, r, "<");
        }
        out.extend(s.opens.iter().map(|o| o.keyword.clone()));
        out.push(s.number.to_string());
        for a in &s.after {
            match &a.reply {
                Some(r) => reply(&mut out, r, ">"),
                None => out.push("end".into()),
            }
        }
    }
    out
}

#[test]
fn replies_follow_the_call_stack_and_the_blocks() {
    assert_eq!(
        lines(SHOP, 0),
        [
            "1", "2", "3", // orders acts again: stock's reservation came back first.
            "<3", "alt", "4",
            // The first branch ends where the second starts; the call made in the second
            // branch is answered before its `end`.
            "else", "5", ">5", "end", // k acts: orders and the gateway have answered.
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
    assert_eq!(
        lines(SHOP, 1),
        ["1", "2", "alt", "3", "else", "4", "end", "<2", "<1", "5"]
    );
}

/// Work a callee does after answering (`after_reply`): the calls waiting on it, and those
/// waiting on them, are answered before it, and a block it opens starts after the replies.
#[test]
fn work_after_the_reply_comes_after_the_replies() {
    let model = SHOP.replace(
        "{from: orders, to: stock, action: Reserve, returns: reservation}",
        "{from: orders, to: stock, action: Reserve, async: true, after_reply: true}",
    );
    assert_eq!(
        lines(&model, 0),
        [
            "1", "2", "<2", "<1", "3", "alt", "4", "else", "5", ">5", "end", "6"
        ]
    );
    // The first step of each branch: the call made before the block is answered before it.
    let model = SHOP.replace(
        "steps: [{from: orders, to: k, action: Placed}]\n            - when: out of stock\n              steps: [{from: orders, to: stock, action: Log}]",
        "steps: [{from: orders, to: k, action: Placed, after_reply: true}]\n            - when: out of stock\n              steps: [{from: orders, to: stock, action: Log}]",
    );
    assert_eq!(
        lines(&model, 1),
        ["1", "2", "<2", "<1", "alt", "3", "else", "4", "end", "5"]
    );
}

/// Clients call a gateway in one branch or another, and the gateway goes on working after the
/// block: several flows whose replies wait for the callee that goes on.
const GOES_ON: &str = "version: 1
name: t
requirements: {domain: d}
clients: [{name: web}, {name: app}]
services:
  - {name: gw, kind: gateway, responsibility: r}
  - {name: orders, responsibility: r}
  - {name: pay, responsibility: r}
communication:
  brokers: [{name: k, technology: Kafka}]
  flows:
    - name: Track
      steps:
        - alt:
            - {when: in the app, steps: [{from: app, to: gw, action: GET, returns: order}]}
            - {when: on the web, steps: [{from: web, to: gw, action: GET, returns: order}]}
        - {from: gw, to: orders, action: GET, returns: order}
        - opt:
            when: with its payments
            steps: [{from: gw, to: pay, action: GET, returns: payments}]
    - name: Cancel
      steps:
        - alt:
            - {when: in the app, steps: [{from: app, to: gw, action: POST, returns: ok}]}
            - {when: by support, steps: [{from: web, to: orders, action: POST, returns: done}]}
            - {when: on the web, steps: [{from: web, to: gw, action: POST, returns: ok}]}
        - {from: gw, to: orders, action: POST, returns: cancelled}
        - {from: orders, to: k, action: Cancelled}
        - par:
            - {name: refund, steps: [{from: k, to: pay, action: Cancelled}]}
            - {name: tell, steps: [{from: k, to: orders, action: Cancelled}]}
    - name: Both
      steps:
        - par:
            - {name: app, steps: [{from: app, to: gw, action: GET, returns: ok}]}
            - {name: web, steps: [{from: web, to: gw, action: GET, returns: ok}]}
        - {from: gw, to: orders, action: GET, returns: order}
    - name: Lines
      steps:
        - loop: {when: each line, steps: [{from: web, to: gw, action: PUT, returns: ok}]}
        - {from: gw, to: orders, action: Save, returns: saved}
    - name: Nested
      steps:
        - alt:
            - when: in the app
              steps:
                - opt: {when: signed in, steps: [{from: app, to: gw, action: GET, returns: ok}]}
            - {when: on the web, steps: [{from: web, to: gw, action: GET, returns: ok}]}
        - {from: gw, to: orders, action: GET, returns: order}
";

/// A call made in an `alt` branch whose callee goes on after the block is answered once the
/// callee is done, in a second `alt` that holds each branch's reply; the work in between
/// (`opt` included) comes first.
#[test]
fn a_callee_that_goes_on_after_the_branches_answers_after_its_work() {
    assert_eq!(
        lines(GOES_ON, 0),
        [
            "alt", "1", "else", "2", "end", // no reply yet: the gateway goes on
            "3", "<3", "opt", "4", ">4", "end", // the gateway's own work, `opt` included
            "alt", ">1", "else", ">2", "end",
        ]
    );
}

/// The held replies come back before someone else acts (here before the `par` the broker
/// starts), mirroring only the branches that hold one: a branch whose callee stops there
/// answers inside it.
#[test]
fn held_replies_come_back_before_someone_else_acts() {
    assert_eq!(
        lines(GOES_ON, 1),
        [
            "alt", "1", "else", "2", "<2", "else", "3", "end", "4", "5", //
            "<4", "alt", "<1", "else", "<3", "end", //
            "par", "6", "and", "7", "end",
        ]
    );
}

/// `par` branches all run: each one's reply comes back in a `par` block of their own.
#[test]
fn par_branches_answer_in_a_par_block_once_the_callee_is_done() {
    assert_eq!(
        lines(GOES_ON, 2),
        [
            "par", "1", "and", "2", "end", "3", ">3", "par", ">1", "and", ">2", "end"
        ]
    );
}

/// A synchronous caller in a loop waits for each answer before it calls again: a loop's
/// calls are answered inside it, whatever comes after.
#[test]
fn a_loop_answers_each_call_inside_it() {
    assert_eq!(lines(GOES_ON, 3), ["loop", "1", ">1", "end", "2", ">2"]);
}

/// A branch inside a branch is mirrored inside the mirrored branch.
#[test]
fn nested_branches_are_mirrored_nested() {
    assert_eq!(
        lines(GOES_ON, 4),
        [
            "alt", "opt", "1", "end", "else", "2", "end", "3", ">3", //
            "alt", "opt", ">1", "end", "else", ">2", "end",
        ]
    );
}

/// Views without blocks (LikeC4) label a held reply with the conditions of its call's branches;
/// a reply drawn where its call was needs none.
#[test]
fn a_held_reply_carries_its_calls_conditions() {
    let model: Model = serde_yaml::from_str(GOES_ON).expect("test model parses");
    let view = crate::view::build(&model);
    let replies: Vec<(usize, Vec<String>)> = view.flows[1]
        .steps
        .iter()
        .flat_map(|s| {
            s.before
                .iter()
                .chain(s.after.iter().filter_map(|a| a.reply.as_ref()))
        })
        .map(|r| (r.number, r.guards.clone()))
        .collect();
    assert_eq!(
        replies,
        [
            (2, vec![]),
            (4, vec![]),
            (1, vec!["in the app".to_owned()]),
            (3, vec!["on the web".to_owned()]),
        ]
    );
}

/// An event a service writes to its outbox leaves after the transaction that answered the
/// caller: with a store, orders' Placed is drawn after the replies, as if `after_reply`.
#[test]
fn an_outbox_writers_event_comes_after_its_reply() {
    let stored = SHOP.replace(
        "  - name: orders\n    responsibility: r\n",
        "  - name: orders\n    responsibility: r\n    data: [{name: o, store: PostgreSQL}]\n",
    );
    assert_eq!(
        lines(&stored, 1),
        ["1", "2", "<2", "<1", "alt", "3", "else", "4", "end", "5"]
    );
    // Without a store there is no outbox: the publish stays inside the call.
    assert_ne!(lines(SHOP, 1), lines(&stored, 1));
    assert_eq!(lines(SHOP, 1)[..3], ["1", "2", "alt"]);
}

/// An outside system's webhook to the service that called it comes in its own time: the call
/// is answered before it, not after.
#[test]
fn an_outside_systems_webhook_follows_the_answer_to_the_call_made_to_it() {
    let model = SHOP
        .replace(
            "services:\n",
            "externals: [{name: ehr, description: records}]\nservices:\n",
        )
        .replace(
            "    - {from: orders, to: stock}\n",
            "    - {from: orders, to: stock}\n    - {from: orders, to: ehr}\n    - {from: ehr, to: orders, style: async}\n",
        )
        .replace(
            "        - {from: orders, to: stock, action: Reserve, returns: reservation}\n",
            "        - {from: orders, to: ehr, action: Mark, returns: marked}\n        - {from: ehr, to: orders, action: Finished, async: true}\n",
        );
    let got = lines(&model, 0);
    let at = |x: &str| got.iter().position(|g| g == x).unwrap();
    assert!(at("<3") < at("4"), "{got:?}");
}

/// Where an outboxed event is written: the request's transaction, the one recording the answer
/// to the call its actor sent from the outbox since, or the run of the job its branch names.
#[test]
fn an_outboxed_event_is_written_where_its_cause_is_handled() {
    let yaml = "version: 1
name: t
requirements: {domain: d}
clients: [{name: web}]
externals: [{name: wh, description: warehouse}]
services:
  - name: orders
    responsibility: r
    data: [{name: o, store: PostgreSQL}]
    publishes: [{name: Placed}, {name: Shipped}, {name: Swept}]
  - {name: stock, responsibility: r, consumes: [Placed, Shipped, Swept]}
performance:
  jobs: [{name: sweep, service: orders, kind: scheduled, schedule: '* * * * *'}]
communication:
  brokers: [{name: k, technology: Kafka}]
  links:
    - {from: web, to: orders}
    - {from: orders, to: wh, style: async}
  flows:
    - name: Buy
      steps:
        - {from: web, to: orders, action: POST /orders, returns: '201'}
        - {from: orders, to: k, action: Placed}
        - alt:
            - when: paid
              steps:
                - {from: orders, to: wh, action: Ship, async: true, after_reply: true}
                - {from: orders, to: k, action: Shipped}
            - when: the sweep job finds it unpaid
              steps: [{from: orders, to: k, action: Swept}]
";
    let model: Model = serde_yaml::from_str(yaml).expect("test model parses");
    let view = crate::view::build(&model);
    let written: Vec<(&str, &str)> = (view.flows[0].steps.iter())
        .filter(|s| s.outboxed)
        .map(|s| (s.action.as_str(), s.outbox_in.as_str()))
        .collect();
    assert_eq!(
        written,
        [
            ("Placed", "the request it handles"),
            ("Shipped", "the one that records wh's answer"),
            // The warehouse call is in the other branch: not this event's cause.
            ("Swept", "a run of its sweep job"),
        ]
    );
}
