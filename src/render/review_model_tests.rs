//! The design-review rules that read the brief and the model's own statements against each
//! other, each on a small shop: the shop as it is passes, one change makes the finding.

use super::Renderer;
use crate::model::Model;
use crate::view::ReviewFinding;

/// The rules whose cases are here rather than in `review_tests`.
pub(super) const COVERED: &[&str] = &["follow-up-rate", "data-growth", "state-nothing-moves"];

/// Place runs Checkout (creating orders with OrderPlaced); Amend cancels on 40% of its runs.
const SHOP: &str = r#"version: 1
name: t
requirements:
  domain: d
  scale: {peak_rps: 1000, data_growth: 40 GB per month}
  use_cases:
    - {name: Place, share: 10, served_by: [Checkout]}
    - {name: Track, share: 89, served_by: [orders]}
    - {name: Amend, share: 1, served_by: [Amend]}
clients: [{name: web}]
services:
  - name: orders
    responsibility: r
    publishes:
      - {name: OrderPlaced, topic: orders.v1, key: order_id, fields: [{name: order_id, type: uuid}, {name: total, type: money}]}
      - {name: OrderCancelled, topic: orders.v1, key: order_id, fields: [{name: order_id, type: uuid}]}
    api:
      resources:
        - name: Order
          fields:
            - {name: status, type: enum, values: [pending, cancelled], read_only: true}
          operations: [get, create]
          actions: [{name: cancel}]
  - {name: pay, responsibility: r, consumes: [OrderPlaced, OrderCancelled]}
communication:
  brokers: [{name: k, technology: Kafka}]
  links: [{from: web, to: orders}]
  flows:
    - name: Checkout
      steps:
        - {from: web, to: orders, action: POST /orders}
        - {from: orders, to: k, action: OrderPlaced}
    - name: Amend
      steps:
        - alt:
            - {name: address, share: 60, steps: [{from: web, to: orders, action: POST /orders/1/amend}]}
            - name: cancel
              share: 40
              steps:
                - {from: web, to: orders, action: POST /orders/1/cancel}
                - {from: orders, to: k, action: OrderCancelled}
"#;

fn review(yaml: &str) -> Vec<ReviewFinding> {
    let model: Model = serde_yaml::from_str(yaml).expect("test model parses");
    Renderer::builtin().unwrap().view(&model).unwrap().review
}

fn ids(yaml: &str) -> Vec<String> {
    review(yaml).into_iter().map(|f| f.id).collect()
}

fn shop(pairs: &[(&str, &str)]) -> String {
    let mut s = SHOP.to_owned();
    for (a, b) in pairs {
        assert!(s.contains(a), "`{a}` is not in the shop");
        s = s.replacen(a, b, 1);
    }
    s
}

#[test]
fn the_shop_passes_every_rule() {
    assert_eq!(ids(SHOP), Vec::<String>::new());
}

#[test]
fn a_use_case_cancelling_a_fifth_of_the_orders_contradicts_its_share() {
    // 5% of 1,000 = 50 runs, 40% cancel: 20 a second against 100 orders placed.
    let yaml = shop(&[("share: 89", "share: 85"), ("share: 1,", "share: 5,")]);
    let found = review(&yaml);
    assert_eq!(found.len(), 1, "{found:?}");
    let f = &found[0];
    assert_eq!(f.id, "follow-up-rate:Amend>OrderCancelled");
    assert_eq!(f.at, "/requirements/use_cases/2/share");
    assert!(
        f.message
            .contains("5% of the 1,000/s peak, 50 runs a second")
            && f.message
                .contains("on 40% of its runs: 20 a second against the 100 `OrderPlaced`")
            && f.message.contains("one `order_id` in 5"),
        "{}",
        f.message
    );
}

#[test]
fn a_data_growth_below_what_the_creations_write_is_a_finding() {
    // 100 orders a second at peak: 2,880,000 a day, 86,400,000 a month at 99 B = 8.6 GB.
    let yaml = shop(&[("40 GB per month", "2 GB per month")]);
    let found = review(&yaml);
    assert_eq!(found.len(), 1, "{found:?}");
    let f = &found[0];
    assert_eq!(
        (f.id.as_str(), f.at.as_str()),
        ("data-growth:data_growth", "/requirements/scale/data_growth")
    );
    assert!(
        f.message.contains("states 2 GB per month, but the entities the flows create write 8.6 GB a month: 86,400,000 `order_id` records of `orders` (2,880,000 `OrderPlaced` a day) at the 99 B"),
        "{}",
        f.message
    );
    assert!(
        f.why.contains("leaves 23 B for each `order_id` record"),
        "{}",
        f.why
    );
    assert!(f.fix.contains("at least 8.6 GB a month"), "{}", f.fix);
}

#[test]
fn a_state_nothing_moves_to_is_a_finding_until_someone_owns_it() {
    // `shipped`: no action, event or declaration names it.
    let yaml = shop(&[(
        "values: [pending, cancelled]",
        "values: [pending, shipped, cancelled]",
    )]);
    let found = review(&yaml);
    assert_eq!(found.len(), 1, "{found:?}");
    let f = &found[0];
    assert_eq!(f.id, "state-nothing-moves:Order.status=shipped");
    assert_eq!(f.at, "/services/0/api/resources/0/fields/0/values/1");
    assert!(
        f.message
            .contains("nothing in the model moves a `Order` of `orders` to `status` `shipped`"),
        "{}",
        f.message
    );
    let owned = shop(&[
        (
            "values: [pending, cancelled]",
            "values: [pending, shipped, cancelled]",
        ),
        (
            "actions: [{name: cancel}]",
            "actions: [{name: cancel}]\n          set_by: [{state: shipped, outside: the warehouse}]",
        ),
    ]);
    assert_eq!(ids(&owned), Vec::<String>::new());
}
