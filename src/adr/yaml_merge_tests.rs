//! Tests of the in-place merge: what changed is edited, every comment elsewhere survives, and
//! what cannot be edited in place is refused rather than written wrong.

use super::merge;

const OLD: &str = "\
# The shop, by hand.
name: Shop   # the shop
requirements:
  domain: retail  # kept
  compliance: [GDPR]
services:
  # the order taker
  - name: orders
    responsibility: Takes orders.
  - name: payments
    responsibility: Takes payments.

  # the old one
  - name: legacy
    responsibility: Old.
clients:
  - {name: web, kind: web}
";

#[test]
fn changes_only_what_differs_and_keeps_the_comments() {
    let new = "\
name: Shop
requirements:
  domain: lending
  compliance: [GDPR, PCI-DSS]
  tenancy: shared
services:
  - name: orders
    responsibility: Takes loans.
    team: core
  - name: payments
    responsibility: Takes payments.
clients:
  - {name: web, kind: web, description: Members}
  - name: mobile
    kind: mobile
externals:
  - name: stripe
";
    let out = merge(OLD, new).expect("an in-place merge");
    let expected = "\
# The shop, by hand.
name: Shop   # the shop
requirements:
  domain: lending  # kept
  compliance:
    - GDPR
    - PCI-DSS
  tenancy: shared
services:
  # the order taker
  - name: orders
    responsibility: Takes loans.
    team: core
  - name: payments
    responsibility: Takes payments.

clients:
  - name: web
    kind: web
    description: Members
  - name: mobile
    kind: mobile
externals:
  - name: stripe
";
    assert_eq!(out, expected);
}

#[test]
fn removes_keys_and_inserts_before_the_first_kept_one() {
    let old = "a: 1 # one\nb:\n  c: 2\n  d: 3 # three\n";
    let new = "z: 0\na: 1\nb:\n  d: 4\n";
    assert_eq!(
        merge(old, new).unwrap(),
        "z: 0\na: 1 # one\nb:\n  d: 4 # three\n"
    );
}

#[test]
fn an_unchanged_model_keeps_its_text_exactly() {
    let new = serde_yaml::to_string(&serde_yaml::from_str::<serde_yaml::Value>(OLD).unwrap());
    assert_eq!(merge(OLD, &new.unwrap()).unwrap(), OLD);
}

#[test]
fn a_multiline_value_becomes_a_new_block() {
    let old = "a: >-\n  folded\n  text\nb: 1\n";
    let new = "a: one line\nb: 1\n";
    assert_eq!(merge(old, new).unwrap(), "a: one line\nb: 1\n");
}

#[test]
fn text_that_does_not_parse_is_not_merged() {
    assert_eq!(merge("a: [1\n", "a: 1\n"), None);
}
