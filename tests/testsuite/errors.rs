//! Bad models: every problem reported at once, located, with what to do; exit 2; nothing written.

use crate::support::{Env, MINIMAL};

/// Renders `model` and returns stderr, after checking the exit code and that nothing was written.
fn render_error(model: &str) -> String {
    let env = Env::new();
    env.write("archgen.yaml", model);
    let run = env.run(&["render"]);
    assert_eq!(
        run.code, 2,
        "stdout: {}\nstderr: {}",
        run.stdout, run.stderr
    );
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    assert!(!env.exists("docs"), "a failed render wrote files");
    run.stderr
}

#[test]
fn mistyped_key_suggests_the_field() {
    let model = MINIMAL.replace(
        "    responsibility: Takes payments.",
        "    responsibilty: Takes payments.",
    );
    insta::assert_snapshot!(render_error(&model));
}

#[test]
fn wrong_type_names_the_expected_type() {
    let model = MINIMAL.replace(
        "  domain: retail",
        "  domain: retail\n  scale:\n    peak_rps: lots",
    );
    insta::assert_snapshot!(render_error(&model));
}

/// YAML reads `42` and `true` as a number and a boolean; a text field refuses them (quoting
/// says text was meant) instead of turning them into text silently.
#[test]
fn number_or_boolean_where_text_belongs_is_refused() {
    let model = MINIMAL.replace(
        "  domain: retail",
        "  domain: 42\n  compliance: [true, 1e3 , 0x1F]  # standards",
    );
    insta::assert_snapshot!(render_error(&model));
}

/// A number below what archgen accepts is told the smallest value the model takes, not a
/// smaller one that is then refused too.
#[test]
fn a_value_below_the_minimum_is_told_the_real_minimum() {
    let negative = MINIMAL.replace(
        "requirements:\n",
        "resilience:\n  timeout_ms: -5\nrequirements:\n",
    );
    let message = render_error(&negative);
    assert!(
        message.contains("`resilience.timeout_ms` is -5, below the minimum 1")
            && message.contains("help: use a value of at least 1"),
        "{message}"
    );
}

/// Bytes YAML cannot read are located by line and column, every line of them.
#[test]
fn bytes_that_are_not_text_are_located() {
    let env = Env::new();
    let mut bytes = MINIMAL
        .replace("  domain: retail", "  domain: re\0tail\n  notes: \u{1b}")
        .into_bytes();
    env.write("archgen.yaml", std::str::from_utf8(&bytes).unwrap());
    let run = env.run(&["render"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains(
            "archgen.yaml:5:13: the control character U+0000 (NUL) is not allowed in YAML"
        ) && run
            .stderr
            .contains("archgen.yaml:6:10: the control character U+001B (ESC)"),
        "{}",
        run.stderr
    );
    bytes.splice(0..0, *b"# caf\xe9\n");
    std::fs::write(env.path("archgen.yaml"), &bytes).unwrap();
    for command in ["render", "check"] {
        let run = env.run(&[command]);
        assert_eq!(run.code, 2, "{command}");
        assert!(
            run.stderr.contains(
                "archgen.yaml:1:6: the file is not UTF-8 text: byte 0xe9 (byte 6 of the file)"
            ),
            "{command}: {}",
            run.stderr
        );
    }
}

/// archgen reads YAML 1.2, which has no `<<` merge key: say so instead of "unknown field".
#[test]
fn merge_key_is_explained() {
    let model = MINIMAL.replace(
        "  - name: payments\n",
        "  - <<: {team: core}\n    name: payments\n",
    );
    insta::assert_snapshot!(render_error(&model));
}

#[test]
fn unknown_enum_value_suggests_the_value() {
    let model = MINIMAL.replace("    api:\n", "    api:\n      style: rest2\n");
    insta::assert_snapshot!(render_error(&model));
}

#[test]
fn link_to_unknown_service_suggests_the_name() {
    let model = MINIMAL.replace(
        "{from: orders, to: payments}",
        "{from: orders, to: paymnets}",
    );
    insta::assert_snapshot!(render_error(&model));
}

#[test]
fn duplicate_name_points_at_the_second() {
    let model = MINIMAL.replace("  - name: payments", "  - name: orders");
    insta::assert_snapshot!(render_error(&model));
}

#[test]
fn empty_required_text() {
    let model = MINIMAL.replace("Takes payments.", "\"  \"");
    insta::assert_snapshot!(render_error(&model));
}

#[test]
fn missing_required_field() {
    let model = MINIMAL.replace("  domain: retail\n", "  scale: {users: 10}\n");
    insta::assert_snapshot!(render_error(&model));
}

#[test]
fn every_shape_problem_at_once() {
    let model = MINIMAL
        .replace(
            "    responsibility: Takes payments.",
            "    responsibilty: Takes payments.",
        )
        .replace("  domain: retail", "  domain: retail\n  availability: high")
        .replace(
            "{from: web, to: orders}",
            "{from: web, to: orders, stlye: sync}",
        );
    let err = render_error(&model);
    assert!(err.contains("found 3 problems"), "{err}");
    insta::assert_snapshot!(err);
}

#[test]
fn every_reference_problem_at_once() {
    let model = MINIMAL
        .replace(
            "{from: orders, to: payments}",
            "{from: ordres, to: paymnets}",
        )
        .replace("  - name: payments", "  - name: orders")
        .replace("date: \"2026-01-15\"", "date: \"2026-02-30\"");
    insta::assert_snapshot!(render_error(&model));
}

#[test]
fn text_cut_by_a_comma_in_a_flow_mapping() {
    let model = MINIMAL.replace(
        "{from: web, to: orders}",
        "{from: web, to: orders, purpose: Browse, then buy.}",
    );
    insta::assert_snapshot!(render_error(&model));
}

#[test]
fn yaml_syntax_error() {
    let model = MINIMAL.replace("  domain: retail", "  domain: retail\n   scale: [");
    insta::assert_snapshot!(render_error(&model));
}

#[test]
fn unsupported_version() {
    insta::assert_snapshot!(render_error(&MINIMAL.replace("version: 1", "version: 2")));
}

#[test]
fn empty_model() {
    insta::assert_snapshot!(render_error(""));
}

#[test]
fn missing_model_file() {
    let run = Env::new().run(&["render"]);
    assert_eq!(run.code, 2);
    insta::assert_snapshot!(run.stderr);
}

#[test]
fn control_characters_in_technical_values() {
    let model = MINIMAL.replace("    api:\n", "    api:\n      base_url: \"/orders\\r\"\n");
    insta::assert_snapshot!(render_error(&model));
}

#[test]
fn every_contract_and_delivery_problem_at_once() {
    let model = MINIMAL
        .replace(
            "            - {name: total, type: money}\n",
            "            - {name: total, type: money, min: 1}
            - {name: code, type: string, pattern: '^[A-Z]+$'}
            - {name: note, type: string, read_only: true, write_only: true, min_length: 9, max_length: 3}
            - {name: id, type: integer, list: true}
            - {name: state, type: enum, values: [open, shut], example: closed}
          filters: [totl]
          actions:
            - {name: update}
            - {name: refund, publishes: [OrderRefunded], from: [shutt]}
          access:
            - {operations: [cancel], public: true, scopes: [orders:write]}
          errors:
            - {name: gone, status: 200, states: [closd]}
",
        )
        .replace(
            "    - {from: orders, to: payments}\n",
            "    - {from: orders, to: payments, style: sync, delivery: {max_attempts: 0}}
    - {from: bus, to: payments}
  brokers:
    - {name: bus, technology: NATS}
",
        );
    let err = render_error(&model);
    for expected in [
        "field `total` has `min` or `max` but is not a number",
        "field `code` has a `pattern` but no `example`",
        "field `note` is both read-only and write-only",
        "field `note` has `max_length` 3 below `min_length` 9",
        "field `id` is the resource's id, which cannot be a list",
        "field `state`'s example `closed` is not a known value of `state`",
        "`totl` is not a known field of the resource",
        "action `update` repeats an operation or action name",
        "`OrderRefunded` is not a known event `orders` publishes",
        "`cancel` is not a known operation or action",
        "a public access rule also asks for credentials",
        "error `gone` has status 200, which is not an error",
        "`closd` is not a known lifecycle state",
        "action `refund`: `shutt` is not a known lifecycle state",
        "link orders -> payments is synchronous but has a `delivery` policy",
        "`delivery.max_attempts` must be from 1 to 100, not 0",
        "link from broker `bus`: a broker delivers, it does not call",
    ] {
        assert!(err.contains(expected), "missing {expected:?} in:\n{err}");
    }
}

/// A flow's blocks are checked where they stand: an unknown participant inside a branch, a
/// branch with no steps or no condition, a compensation whose trigger names no event or branch.
#[test]
fn flow_blocks_are_checked_where_they_stand() {
    let model = format!(
        "{MINIMAL}  flows:
    - name: Buy
      steps:
        - {{from: web, to: orders, action: POST /orders, returns: 202 Accepted}}
        - {{from: orders, to: payments, action: Charge, compensation: Refund, compensate_on: PaymentFaild}}
        - alt:
            - when: payment declined
              steps:
                - {{from: payments, to: billing, action: Notify}}
            - when: payment authorised
              steps: []
        - opt:
            steps:
              - {{from: orders, to: payments, action: Capture}}
"
    );
    insta::assert_snapshot!(render_error(&model));
}

/// A branch's share is a percentage of the runs reaching its block: only `alt` and `opt`
/// branches have one, and an `alt`'s shares add up to at most 100.
#[test]
fn branch_shares_fit_their_block() {
    let model = format!(
        "{MINIMAL}  flows:
    - name: Buy
      steps:
        - {{from: web, to: orders, action: POST /orders}}
        - alt:
            - {{when: payment declined, share: 30, steps: [{{from: orders, to: payments, action: Void}}]}}
            - {{when: payment authorised, share: 80, steps: [{{from: orders, to: payments, action: Capture}}]}}
        - opt: {{when: gift wrap, share: 0, steps: [{{from: orders, to: payments, action: Wrap}}]}}
        - par:
            - {{share: 50, steps: [{{from: orders, to: payments, action: Audit}}]}}
        - opt: {{when: receipt wanted, estimate: true, steps: [{{from: orders, to: payments, action: Receipt}}]}}
        - loop: {{when: for each line, times: 0, steps: [{{from: orders, to: payments, action: Price}}]}}
        - opt: {{when: a coupon, times: 2, steps: [{{from: orders, to: payments, action: Discount}}]}}
"
    );
    let err = render_error(&model);
    for expected in [
        "flow `Buy` `loop` branch 6.1 runs 0 times a run",
        "flow `Buy` `opt` branch 7.1 states `times`, but only a `loop` repeats",
        "flow `Buy` `opt` branch 5.1 marks its `share` an estimate, but states no `share`",
        "flow `Buy` step 2: the `alt` branches' shares add up to 110%",
        "exactly one branch runs, so their shares add up to at most 100",
        "flow `Buy` `opt` branch 3.1: `share` must be a percentage above 0 and at most 100",
        "flow `Buy` `par` branch 4.1 states a `share`, but a `par` branch runs on every run reaching it",
    ] {
        assert!(err.contains(expected), "missing {expected:?} in:\n{err}");
    }
}

/// A step's pace is a rate a second above 0, and a block, which no one sends, has none; each
/// problem names its line.
#[test]
fn a_paced_step_states_a_rate_on_a_step() {
    let model = format!(
        "{MINIMAL}  flows:
    - name: Buy
      steps:
        - {{from: web, to: orders, action: POST /orders, paced_per_second: 0}}
        - opt: {{when: gift wrap, share: 10, steps: [{{from: orders, to: payments, action: Wrap}}]}}
          paced_per_second: 5
        - {{from: orders, to: payments, action: Capture, paced_per_second: -3}}
"
    );
    let err = render_error(&model);
    for expected in [
        "archgen.yaml:25:75:",
        "flow `Buy` step 1: `paced_per_second` must be a rate a second above 0 and at most 1000000 (e.g. 31), not 0",
        "flow `Buy` step 2 is an `opt` block, which no one sends at a pace",
        "move `paced_per_second` to the step the outside world sends",
        "flow `Buy` step 3: `paced_per_second` must be a rate a second above 0",
    ] {
        assert!(err.contains(expected), "missing {expected:?} in:\n{err}");
    }
}

/// Only a provider the team runs has a database of its own to back up: `backed_up` on a
/// vendor's service is refused at its line.
#[test]
fn only_a_provider_the_team_runs_is_backed_up() {
    let model = MINIMAL.replace(
        "clients:\n",
        "security:\n  authentication:\n    - {method: oidc, provider: Auth0, backed_up: true}\nclients:\n",
    );
    let err = render_error(&model);
    for expected in [
        "archgen.yaml:18:50:",
        "authentication `Auth0` states `backed_up`, but the team does not run it: its vendor backs it up",
        "remove `backed_up`, or set `self_hosted: true` if the team runs it",
    ] {
        assert!(err.contains(expected), "missing {expected:?} in:\n{err}");
    }
}

/// What the services present to an external system is one line of words: an empty one is
/// refused at its line, and so is one on several lines.
#[test]
fn an_externals_credential_is_one_line() {
    let model = MINIMAL.replace(
        "clients:\n",
        "externals:\n  - {name: psp, description: Payments., credential: \"  \"}\n  - {name: mail, description: Email., credential: \"a key\\nand a secret\"}\nclients:\n",
    );
    let err = render_error(&model);
    for expected in [
        "external `psp`: `credential` is empty",
        "say what your services present when they call it, or remove `credential`",
        "an external's `credential`",
    ] {
        assert!(err.contains(expected), "missing {expected:?} in:\n{err}");
    }
}

/// The flow a client runs on reconnecting sizes the reconnect storm: it must exist.
#[test]
fn a_reconnect_flow_that_is_no_flow() {
    let model = format!("{MINIMAL}resilience:\n  streams: {{on_reconnect: Catch up}}\n");
    let err = render_error(&model);
    assert!(
        err.contains("`resilience.streams.on_reconnect` names `Catch up`, which is no flow"),
        "{err}"
    );
    assert!(err.contains("name one of `communication.flows`"), "{err}");
}

/// A cache's `updated_by` names writes its own service offers.
#[test]
fn a_cache_updated_by_a_write_its_service_does_not_offer() {
    let model = format!(
        "{MINIMAL}performance:\n  caches:\n    - {{name: c, service: orders, technology: Redis, holds: orders, ttl_seconds: 60, invalidation: on-write, updated_by: [delete Order, update Order, refund]}}\n"
    );
    let err = render_error(&model);
    assert!(
        err.contains("`refund` is not a known write of its service"),
        "{err}"
    );
    assert!(!err.contains("`delete Order` is not"), "{err}");
    assert!(!err.contains("`update Order` is not"), "{err}");
}

/// A cache's `resource`, which sizes its entries, names a resource of its own service.
#[test]
fn a_cache_holds_a_resource_of_its_own_service() {
    let model = format!(
        "{MINIMAL}performance:\n  caches:\n    - {{name: c, service: orders, technology: Redis, holds: orders, ttl_seconds: 60, resource: Ordr, items: 20}}\n"
    );
    let err = render_error(&model);
    assert!(
        err.contains("cache `c`: `resource` `Ordr` is not a known resource of its service")
            && err.contains("did you mean `Order`?"),
        "{err}"
    );
}

/// A cache `overlaps` across parts of its own key only.
#[test]
fn a_cache_overlaps_across_parts_of_its_key() {
    let model = format!(
        "{MINIMAL}performance:\n  caches:\n    - {{name: c, service: orders, technology: Redis, holds: orders, ttl_seconds: 60, key: 'o:{{kind}}:{{day}}', overlaps: [knd, day]}}\n"
    );
    let err = render_error(&model);
    assert!(
        err.contains("cache `c` overlaps across `knd` is not a known part of its key")
            && err.contains("did you mean `kind`?"),
        "{err}"
    );
    assert!(!err.contains("`day` is not"), "{err}");
}

/// A decision is watched by alerts of the model only.
#[test]
fn a_decision_is_watched_by_an_alert_of_the_model() {
    let model = format!(
        "{MINIMAL}observability:\n  alerting:\n    alerts: [{{name: slow, condition: slow, after_minutes: 5}}]\ndecisions:\n  - {{title: Use one store, context: c, outcome: one, confirmation: fast, watched_by: [slo, slow]}}\n"
    );
    let err = render_error(&model);
    assert!(
        err.contains("decision `Use one store` is watched by `slo` is not a known alert of `observability.alerting`")
            && err.contains("did you mean `slow`?"),
        "{err}"
    );
}

/// A rate limit's `clients` name clients of the model.
#[test]
fn a_rate_limit_applies_to_clients_of_the_model() {
    let model = format!(
        "{MINIMAL}security:\n  rate_limits:\n    - {{scope: client, clients: [wbe], requests: 300, per: minute}}\n"
    );
    let err = render_error(&model);
    assert!(
        err.contains("archgen.yaml:24:33: rate limit client `wbe` is not a known client")
            && err.contains("known: `web`"),
        "{err}"
    );
}

#[test]
fn a_lookup_key_names_a_single_required_field_of_its_resource() {
    let keyed = |key: &str| {
        MINIMAL.replace(
            "        - name: Order\n",
            &format!("        - name: Order\n          key: {key}\n"),
        )
    };
    let err = render_error(&keyed("totl"));
    assert!(
        err.contains("resource `Order`: key `totl` is not a known field of this resource")
            && err.contains("did you mean `total`?"),
        "{err}"
    );
    let err = render_error(&keyed("total"));
    assert!(
        err.contains("resource `Order`: the key `total` must be a single, required text, integer, uuid or email field, since it names each item in paths"),
        "{err}"
    );
}

/// The loader judges a link by the style the documents give it (`derive::link_style`), not
/// only by a `style` the model spells out: a delivery policy on a link that carries nothing is
/// refused as synchronous, and a push of events to a client, without `style: async`, is not
/// refused as a synchronous call to a client.
#[test]
fn links_are_judged_by_the_style_the_documents_give_them() {
    let refused = MINIMAL.replace(
        "    - {from: orders, to: payments}\n",
        "    - {from: orders, to: payments, delivery: {max_attempts: 3}}\n",
    );
    let err = render_error(&refused);
    assert!(
        err.contains("link orders -> payments is synchronous but has a `delivery` policy"),
        "{err}"
    );
    let pushed = MINIMAL
        .replace(
            "  - name: payments\n",
            "    publishes:\n      - {name: OrderShipped, fields: [{name: order_id, type: uuid}]}\n  - name: payments\n",
        )
        .replace(
            "    - {from: orders, to: payments}\n",
            "    - {from: orders, to: payments}\n    - {from: orders, to: web, events: [OrderShipped], protocol: Webhook}\n",
        );
    let env = Env::new();
    env.write("archgen.yaml", &pushed);
    let run = env.run(&["render"]);
    assert!(
        !run.stderr.contains("synchronous link to client"),
        "{}",
        run.stderr
    );
}

/// What an action sets must be a field of its resource, at a value of the field's type; both
/// problems are told at once, each at its line.
#[test]
fn an_action_sets_fields_of_its_resource_at_values_of_their_type() {
    let model = MINIMAL.replace(
        "            - {name: total, type: money}\n",
        "            - {name: total, type: money}\n            - {name: lines, type: integer}\n          \
         actions:\n            - {name: empty, sets: {lines: none, totl: 0}}\n",
    );
    let message = render_error(&model);
    assert!(
        message.contains(
            "archgen.yaml:16:43: resource `Order`, action `empty` sets `lines` to `none`, which \
             is no integer"
        ) && message.contains(
            "archgen.yaml:16:55: resource `Order`, action `empty`: sets `totl` is not a known \
             field of Order\n     help: did you mean `total`?"
        ),
        "{message}"
    );
}

/// A flow an event starts names an event some service publishes, located at its key with the
/// nearest name offered.
#[test]
fn a_flow_is_triggered_by_a_published_event() {
    let model = format!(
        "{MINIMAL}  flows:
    - name: Ship
      triggered_by: OrderPlacd
      steps:
        - {{from: orders, to: payments, action: Charge}}
"
    );
    let err = render_error(&model);
    assert!(
        err.contains("flow `Ship`: `triggered_by`") && err.contains("OrderPlacd"),
        "{err}"
    );
    assert!(err.contains("archgen.yaml:"), "the error is located: {err}");
}

/// Capacity figures that would size nothing are refused, each located, with a number to state.
#[test]
fn capacity_figures_that_size_nothing_are_refused() {
    let model = MINIMAL.replace(
        "  domain: retail",
        "  domain: retail\n  capacity:\n    peak_to_average: 0.5\n    skip_ms: 0",
    );
    let err = render_error(&model);
    assert!(
        err.contains("`requirements.capacity.peak_to_average` is 0.5"),
        "{err}"
    );
    assert!(
        err.contains("`requirements.capacity.skip_ms` is 0"),
        "{err}"
    );
    assert!(err.contains("above zero, e.g. 0.5"), "{err}");
}

/// `- Sellers: none of ours` is a one-key mapping to YAML: the help says why and to quote it.
#[test]
fn a_colon_in_unquoted_text_is_explained() {
    let model = MINIMAL.replace(
        "  domain: retail",
        "  domain: retail\n  non_goals:\n    - Marketplace sellers: every order is ours.",
    );
    let err = render_error(&model);
    assert!(
        err.contains("`requirements.non_goals[0]` should be a string, not a mapping"),
        "{err}"
    );
    assert!(
        err.contains("a colon followed by a space starts a mapping"),
        "{err}"
    );
}

/// A month has 1 to 31 days: anything else sizes nothing.
#[test]
fn days_per_month_outside_a_month() {
    let model = MINIMAL.replace(
        "  domain: retail\n",
        "  domain: retail\n  capacity: {days_per_month: 45}\n",
    );
    let err = render_error(&model);
    assert!(
        err.contains("`requirements.capacity.days_per_month` is 45, which no month has"),
        "{err}"
    );
}

/// A hit ratio is a share: 0 to 1.
#[test]
fn an_expected_hit_ratio_above_one() {
    let model = format!(
        "{MINIMAL}performance:\n  caches:\n    - {{name: c, service: orders, technology: Redis, holds: orders, ttl_seconds: 60, expected_hit_ratio: 1.5}}\n"
    );
    let err = render_error(&model);
    assert!(
        err.contains("cache `c` expected_hit_ratio") && err.contains("between 0 and 1"),
        "{err}"
    );
}

#[test]
fn outbox_calls_without_a_polling_relay_are_refused_where_they_stand() {
    let model = MINIMAL.replace(
        "communication:\n",
        "communication:\n  outbox_relay: Debezium (Kafka Connect)\n  outbox_calls: apart\n",
    );
    let err = render_error(&model);
    let line = 1 + model
        .lines()
        .position(|l| l.contains("outbox_calls"))
        .unwrap();
    assert!(
        err.contains(&format!(
            "archgen.yaml:{line}:17: `outbox_calls` without a polling relay"
        )) && err.contains("set `outbox_relay: polling`, or remove it"),
        "{err}"
    );
    assert_eq!(
        err.matches("archgen.yaml:").count(),
        1,
        "one problem: {err}"
    );
}

/// How long outbox rows stay is a question only a log-reading relay raises: beside a polling
/// relay it is refused, and a year is the most it may keep them; each at its own line.
#[test]
fn an_outbox_retention_without_a_log_reading_relay_or_past_a_year_is_refused() {
    let model = MINIMAL.replace(
        "communication:\n",
        "communication:\n  outbox_relay: polling\n  outbox_retention_hours: 24\n",
    );
    let err = render_error(&model);
    let line = 1 + model
        .lines()
        .position(|l| l.contains("outbox_retention_hours"))
        .unwrap();
    assert!(
        err.contains(&format!(
            "archgen.yaml:{line}:27: `outbox_retention_hours` without a change data capture relay"
        )) && err.contains("name the tool in `outbox_relay`"),
        "{err}"
    );
    assert_eq!(err.matches("archgen.yaml:").count(), 1, "{err}");
    let model = MINIMAL.replace(
        "communication:\n",
        "communication:\n  outbox_relay: Debezium\n  outbox_retention_hours: 9000\n",
    );
    let err = render_error(&model);
    assert!(
        err.contains(&format!(
            "archgen.yaml:{line}:27: outbox retention must be from 0 to 8760, not 9000"
        )),
        "{err}"
    );
    assert_eq!(err.matches("archgen.yaml:").count(), 1, "{err}");
}

/// What the limits do while their shared count is down needs a shared count, and Kong's plugin
/// cannot count alone at a share; each is refused at its line with what to write instead.
#[test]
fn a_rate_limit_fallback_needs_a_shared_count_and_an_enforcer_that_can() {
    let alone = MINIMAL.replace(
        "clients:\n",
        "resilience:\n  rate_limit_fallback: deny\nclients:\n",
    );
    let line = 1 + alone
        .lines()
        .position(|l| l.contains("rate_limit_fallback"))
        .unwrap();
    let err = render_error(&alone);
    assert!(
        err.contains(&format!(
            "archgen.yaml:{line}:24: `rate_limit_fallback` without a shared count"
        )) && err.contains("name that store in `rate_limit_store`"),
        "{err}"
    );
    assert_eq!(err.matches("archgen.yaml:").count(), 1, "{err}");
    let kong = MINIMAL
        .replace(
            "services:\n",
            "services:\n  - {name: edge, kind: gateway, responsibility: Routes., stack: Kong}\n",
        )
        .replace(
            "clients:\n",
            "security:\n  rate_limits: [{scope: user, requests: 60, per: minute}]\nresilience:\n  rate_limit_store: Redis\n  rate_limit_fallback: local\nclients:\n",
        );
    let line = 1 + kong
        .lines()
        .position(|l| l.contains("rate_limit_fallback"))
        .unwrap();
    let err = render_error(&kong);
    assert!(
        err.contains(&format!(
            "archgen.yaml:{line}:24: Kong's rate-limiting plugin cannot fall back to counting alone at its share"
        )) && err.contains("write `deny`"),
        "{err}"
    );
    assert_eq!(err.matches("archgen.yaml:").count(), 1, "{err}");
    // `deny` on Kong is what its plugin does with fault_tolerant off: accepted.
    crate::support::render(
        &kong.replace("rate_limit_fallback: local", "rate_limit_fallback: deny"),
    );
}

#[test]
fn connectors_with_nothing_to_run_are_refused_where_they_stand() {
    let model = MINIMAL.replace(
        "communication:\n",
        "communication:\n  outbox_relay: polling\n  connectors: {team: ''}\n",
    );
    let err = render_error(&model);
    let line = 1 + model
        .lines()
        .position(|l| l.contains("connectors"))
        .unwrap();
    assert!(
        err.contains(&format!(
            "archgen.yaml:{line}:15: `connectors` with no change data capture connector to run"
        )) && err.contains("`connectors.team` is empty"),
        "{err}"
    );
    assert_eq!(
        err.matches("archgen.yaml:").count(),
        2,
        "two problems: {err}"
    );
}

#[test]
fn a_store_p99_or_backup_retention_of_zero_is_refused_at_its_line() {
    let model = MINIMAL
        .replace(
            "  domain: retail\n",
            "  domain: retail\n  recovery: {retention_days: 0}\n",
        )
        .replace(
            "    responsibility: Takes payments.\n",
            "    responsibility: Takes payments.\n    data: [{name: ledger, store: PostgreSQL, latency_p99_ms: 0}]\n",
        );
    let err = render_error(&model);
    let line = |needle: &str| 1 + model.lines().position(|l| l.contains(needle)).unwrap();
    assert!(
        err.contains(&format!("archgen.yaml:{}:", line("retention_days")))
            && err.contains("backups kept for 0 days")
            && err.contains(&format!("archgen.yaml:{}:", line("latency_p99_ms")))
            && err.contains("store `ledger` has a p99 of 0 ms"),
        "{err}"
    );
    assert_eq!(
        err.matches("archgen.yaml:").count(),
        2,
        "two problems: {err}"
    );
}

#[test]
fn a_maintenance_window_longer_than_the_month_s_hours_is_refused_at_its_line() {
    let model = MINIMAL.replace(
        "clients:\n",
        "externals:\n  - name: EHR\n    maintenance_hours_per_month: 4\n    maintenance_window_hours: 6\n  - {name: SES, maintenance_window_hours: 0}\nclients:\n",
    );
    let err = render_error(&model);
    let line = |needle: &str| 1 + model.lines().position(|l| l.contains(needle)).unwrap();
    assert!(
        err.contains(&format!(
            "archgen.yaml:{}:31: external `EHR` maintenance_window_hours is longer than the 4 hours a month it is down",
            line("window_hours: 6")
        )) && err.contains("external `SES` maintenance_window_hours must be the hours one window lasts, more than 0"),
        "{err}"
    );
    assert_eq!(err.matches("archgen.yaml:").count(), 2, "{err}");
}

/// A job that takes one item per event must name an event some service publishes: its calls
/// follow that event's rate.
#[test]
fn a_job_taking_items_from_an_unknown_event_is_refused_at_its_line() {
    let model = MINIMAL.replace(
        "communication:\n",
        "performance:\n  jobs:\n    - {name: remind, service: orders, kind: scheduled, schedule: '*/15 * * * *', calls: [payments], items_from: OrderBooked}\ncommunication:\n",
    );
    let err = render_error(&model);
    assert!(
        err.contains("job `remind` takes one item per `OrderBooked`, which no service publishes")
            && err.contains("archgen.yaml:20:113"),
        "{err}"
    );
}

/// Item counts belong to lists, the fewest no more than the most, and no more than a contract's
/// examples can list: each refused at its own line, all in one run.
#[test]
fn a_lists_item_counts_are_checked_at_their_lines() {
    let model = MINIMAL.replace(
        "            - {name: total, type: money}\n",
        "            - {name: total, type: money, min_items: 1}\n            - {name: tags, type: string, list: true, min_items: 5, max_items: 2}\n            - {name: codes, type: string, list: true, min_items: 5000}\n",
    );
    let err = render_error(&model);
    for expected in [
        "field `total` has `min_items` or `max_items` but is not a list",
        "field `tags` has `max_items` 2 below `min_items` 5",
        "field `codes` needs more than 1000 items in every list",
    ] {
        assert!(err.contains(expected), "missing {expected:?} in:\n{err}");
    }
}

/// A run's size without the event that gives a job its items sizes nothing: refused at its line.
#[test]
fn a_jobs_run_size_without_its_items_event_is_refused_at_its_line() {
    let model = MINIMAL.replace(
        "communication:\n",
        "performance:\n  jobs:\n    - {name: remind, service: orders, kind: scheduled, schedule: '*/15 * * * *', calls: [payments], items_per_run: 500}\ncommunication:\n",
    );
    let err = render_error(&model);
    assert!(
        err.contains(
            "job `remind` states how many items a run takes but not which event gives it them"
        ) && err.contains("archgen.yaml:20:")
            && err.contains("add `items_from`"),
        "{err}"
    );
}

/// A value (a resource with no operation and no action) with no fields has nothing to carry:
/// refused at its line, where it used to stop the render with a crash.
#[test]
fn a_value_with_no_fields_is_refused_at_its_line() {
    let model = MINIMAL.replace(
        "  - name: payments\n    responsibility: Takes payments.\n",
        "  - name: payments\n    responsibility: Takes payments.\n    api:\n      resources:\n        - {name: Receipt, operations: []}\n",
    );
    let err = render_error(&model);
    assert!(
        err.contains("resource `Receipt` is a value (`operations: []`) with no fields")
            && err.contains("archgen.yaml:18:11"),
        "{err}"
    );
}

/// A canary step that holds no time judges nothing: refused at its line, written nowhere.
#[test]
fn a_canary_hold_of_zero_minutes_is_refused_at_its_line() {
    let model =
        format!("{MINIMAL}deployment: {{canary_steps: [5, 100], canary_hold_minutes: 0}}\n");
    let err = render_error(&model);
    assert!(
        err.contains("archgen.yaml:22:59: canary hold must be from 1 to 1440, not 0"),
        "{err}"
    );
    assert_eq!(err.matches("archgen.yaml:").count(), 1, "{err}");
}

/// An action that claims its item names a secret it sends, on a resource with an owner to
/// become: each wrong one is a problem at its line.
#[test]
fn a_claim_by_a_field_not_sent_or_on_an_unowned_resource_is_refused_at_its_line() {
    let model = MINIMAL.replace(
        "            - {name: total, type: money}\n",
        "            - {name: total, type: money}\n          actions:\n            - {name: accept, fields: [{name: token, type: string}], claims_by: code}\n            - {name: claim, fields: [{name: token, type: string}], claims_by: token}\n",
    );
    let err = render_error(&model);
    assert!(
        err.contains("archgen.yaml:15:80: resource `Order`, action `accept` claims the item by `code`, which it does not send")
            && err.contains("archgen.yaml:16:79: resource `Order`, action `claim` claims the item by `token`, but Order has no `owner` to become"),
        "{err}"
    );
    assert_eq!(err.matches("archgen.yaml:").count(), 2, "{err}");
}

#[test]
fn a_role_signing_in_through_an_unknown_client_is_named() {
    let model = format!(
        "{MINIMAL}security:\n  authorization:\n    model: rbac\n    roles:\n      - {{name: agent, permissions: ['orders:read'], clients: [web, console], second_factor: true}}\n"
    );
    let err = render_error(&model);
    assert!(
        err.contains("archgen.yaml:")
            && err.contains("role `agent`: client")
            && err.contains("`console`")
            && err.contains("web"),
        "{err}"
    );
}

#[test]
fn an_external_with_an_empty_team_is_refused_at_its_line() {
    let model = MINIMAL.replace(
        "clients:\n",
        "externals:\n  - {name: wms, description: Warehouse., team: '  '}\nclients:\n",
    );
    let err = render_error(&model);
    let line = 1 + model.lines().position(|l| l.contains("name: wms")).unwrap();
    assert!(
        err.contains(&format!("archgen.yaml:{line}:"))
            && err.contains("external `wms`: `team` is empty"),
        "{err}"
    );
    assert!(
        err.contains("name the team of yours that runs it, or remove `team` for a third party"),
        "{err}"
    );
}
