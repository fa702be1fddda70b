//! Resilience, availability and rollout derived from the right inputs, each read in the
//! rendered documents of a small model: durations as a person reads them, journey objectives,
//! what a gateway can promise, canary gates and steps, readiness with an outbox, and timeouts
//! that agree with the latency they assume.

use crate::support::{Env, MINIMAL};

fn render(model: &str) -> Env {
    let env = Env::new();
    env.write("archgen.yaml", model);
    env.run(&["render"]).ok();
    env
}

fn doc(env: &Env, rel: &str) -> String {
    env.read(&format!("docs/architecture/{rel}"))
}

/// MINIMAL with a broker and an event that `payments` consumes.
fn with_event() -> String {
    MINIMAL
        .replace(
            "            - {name: total, type: money}\n",
            "            - {name: total, type: money}\n    publishes:\n      - {name: OrderPlaced, fields: [{name: order_id, type: uuid}]}\n",
        )
        .replace(
            "    responsibility: Takes payments.\n",
            "    responsibility: Takes payments.\n    consumes: [OrderPlaced]\n",
        )
        .replace(
            "    - {from: orders, to: payments}\n",
            "    - {from: orders, to: payments}\n    - {from: orders, to: payments, style: async, events: [OrderPlaced]}\n",
        )
        .replace(
            "communication:\n",
            "communication:\n  brokers: [{name: bus, technology: Kafka}]\n",
        )
}

/// Every whole number of seconds of three digits or more, e.g. `1111 s`.
fn counts_of_seconds(text: &str) -> Vec<String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    words
        .windows(2)
        .filter(|w| {
            w[1].trim_end_matches(|c: char| !c.is_alphanumeric()) == "s"
                && w[0].len() >= 3
                && w[0].chars().all(|c| c.is_ascii_digit())
        })
        .map(|w| format!("{} {}", w[0], w[1]))
        .collect()
}

#[test]
fn durations_read_in_minutes_and_seconds_not_a_count_of_seconds() {
    let env = render(&with_event().replace(
        "events: [OrderPlaced]}",
        "events: [OrderPlaced], delivery: {max_attempts: 12}}",
    ));
    let r = doc(&env, "resilience.md");
    // Waits of 1 s doubling to 1 min over 12 deliveries: 1 + 2 + ... + 32 + 5 × 60 = 363 s.
    assert!(
        r.contains("| payments | OrderPlaced | 12 (the link) | 6 min 3 s |"),
        "{r}"
    );
    for (path, text) in crate::support::read_tree(&env.path("docs/architecture")) {
        let found = counts_of_seconds(&text);
        assert!(found.is_empty(), "{path} shows {found:?}");
    }
}
