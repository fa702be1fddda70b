//! What one document derives, the others say the same way: read over every bundled example's
//! committed documents (which the examples test keeps equal to a fresh render).

use crate::support::{examples, read_tree};

/// Every example's documents, as `(example, path, text)`.
fn documents() -> Vec<(String, String, String)> {
    examples()
        .into_iter()
        .flat_map(|(name, model)| {
            let docs = model.parent().unwrap().join("docs");
            read_tree(&docs)
                .into_iter()
                .filter(|(p, _)| p.ends_with(".md"))
                .map(move |(p, t)| (name.clone(), p, t))
        })
        .collect()
}

#[test]
fn no_document_derives_timeouts_from_the_p99_budget() {
    let docs = documents();
    let mut said = 0;
    for (example, path, text) in &docs {
        for old in [
            "the timeout is derived from it",
            "has to hold every attempt and wait",
            "The budget every synchronous call chain, with its retries, must fit",
        ] {
            assert!(
                !text.contains(old),
                "{example}/{path} still says timeouts come from the p99 budget: {old:?}"
            );
        }
        if path.ends_with("trade-offs.md")
            && text.contains("### Retries against the latency budget")
        {
            assert!(
                text.contains("Each call's timeout comes from its callee's latency"),
                "{example}/{path} does not say what resilience.md derives"
            );
            said += 1;
        }
    }
    assert!(said >= 2, "the examples show the latency-budget trade-off");
}

/// The table row of `doc` that starts with `first`.
fn row<'a>(doc: &'a str, first: &str) -> &'a str {
    doc.lines()
        .find(|l| l.starts_with(&format!("| {first} ")))
        .unwrap_or_else(|| panic!("no row for {first}"))
}

fn example_doc(example: &str, doc: &str) -> String {
    let path = crate::support::root().join(format!("examples/{example}/docs/{doc}"));
    std::fs::read_to_string(path).unwrap()
}

#[test]
fn every_document_gives_a_broker_the_semantics_of_its_kind() {
    let communication = example_doc("realtime-notifications", "communication.md");
    let recovery = example_doc("realtime-notifications", "recovery.md");
    let capacity = example_doc("realtime-notifications", "capacity.md");
    // JetStream streams are a retained, replayable log, not a queue.
    assert!(row(&communication, "nats").contains("a log: every message for its retention"));
    // A log without partitions: the topic's lanes are subject shards by the key, and the
    // event is kept the broker's 24 h.
    let topic = row(&capacity, "notifications.routed");
    assert!(
        !topic.contains("queue")
            && !topic.contains("partitions")
            && topic.contains("subject shards by `user_id`"),
        "{topic}"
    );
    let routed = row(&capacity, "NotificationRouted");
    assert!(
        !routed.contains("queue") && routed.contains("over 24 hours"),
        "{routed}"
    );
    assert!(row(&recovery, "nats (NATS JetStream)").contains("resume from their last committed"));
    // Redis Pub/Sub keeps nothing: at most once, no replay, nothing to resume.
    assert!(row(&communication, "redis").contains("at most once, no replay"));
    let redis = row(&recovery, "redis (Redis Pub/Sub)");
    assert!(!redis.contains("resume") && redis.contains("nothing is kept"));
    // JetStream has no partitions: keyed events go to subject shards, as capacity sizes them.
    let line = |marker: &str| -> String {
        communication
            .lines()
            .find(|l| l.contains(marker))
            .unwrap_or_default()
            .to_owned()
    };
    let ordering = line("**Ordering on nats**");
    assert!(
        ordering.contains("a subject shard of its key") && ordering.contains("`MaxAckPending` 1"),
        "{ordering}"
    );
    // inbox keeps Cassandra, which has no transaction to record an event id with its change.
    let once = line("**At-least-once** (nats)");
    assert!(
        once.contains("inbox writes to a store with no transaction")
            && !once.contains("inbox records the ids"),
        "{once}"
    );
    // Kafka is a partitioned log in order-management.
    let kafka = example_doc("order-management", "communication.md");
    assert!(row(&kafka, "kafka").contains("a log:"));
}

#[test]
fn a_call_inside_a_message_handler_retries_at_one_layer_or_says_the_amplification() {
    // payments calls Stripe from its consumers with one attempt: the redelivery (up to 16
    // deliveries) is the only retry, and nothing multiplies.
    let resilience = example_doc("order-management", "resilience.md");
    let stripe = row(&resilience, "payments | Stripe");
    assert!(
        stripe.contains("| 1 |") && !stripe.contains("layers"),
        "{stripe}"
    );
    // With the model's attempts raised to 2, the document states the product.
    let env = crate::support::Env::new();
    let yaml = std::fs::read_to_string(
        crate::support::root().join("examples/order-management/archgen.yaml"),
    )
    .unwrap()
    .replace(
        "        timeout_ms: 2000\n        retries: {max_attempts: 1}",
        "        timeout_ms: 2000\n        retries: {max_attempts: 2}",
    )
    .replace("../../archgen.schema.json", "archgen.schema.json");
    env.write("archgen.yaml", &yaml);
    env.run(&["render", "--model", "archgen.yaml", "--out", "out"])
        .ok();
    let resilience = env.read("out/resilience.md");
    let stripe = row(&resilience, "payments | Stripe");
    assert!(
        stripe.contains("retried at two layers, × 16 deliveries = up to 32 calls per message"),
        "{stripe}"
    );
    // A handler's call the model leaves alone makes one attempt: the redelivery retries.
    let mail = row(&resilience, "notifications | SendGrid");
    assert!(
        mail.contains("| 1 (the redelivery is the retry) |"),
        "{mail}"
    );
}

/// The first number after `marker` in `text`.
fn number_after(text: &str, marker: &str) -> Option<u32> {
    let at = text.find(marker)? + marker.len();
    text[at..]
        .split(|c: char| !c.is_ascii_digit())
        .find(|s| !s.is_empty())?
        .parse()
        .ok()
}

#[test]
fn streams_jobs_and_scaling_say_one_thing_in_every_document() {
    let resilience = example_doc("realtime-notifications", "resilience.md");
    let beat = number_after(&resilience, "each side sends a heartbeat every").unwrap();
    for api in ["api/inbox.openapi.yaml", "api/realtime.asyncapi.yaml"] {
        let text = example_doc("realtime-notifications", api);
        let said = number_after(&text, "sends a comment every")
            .or_else(|| number_after(&text, "sends a ping every"))
            .unwrap_or_else(|| panic!("{api} states no heartbeat"));
        assert_eq!(
            said, beat,
            "{api} and resilience.md disagree on the heartbeat"
        );
    }
    // The stream job redelivers as its consumer does, as the dispatcher's contract says.
    let caching = example_doc("realtime-notifications", "caching.md");
    let contract = example_doc("realtime-notifications", "api/dispatcher.asyncapi.yaml");
    let deliveries = number_after(&contract, "SendOfflineNotification: ").unwrap();
    assert!(
        caching.contains(&format!(
            "follow the consumer's redelivery schedule: {deliveries} deliveries in all"
        )),
        "caching.md states another retry count for send-offline than the contract's {deliveries}"
    );
    assert!(!caching.contains("(send-offline): a failed item is"));
    // One scaling statement per service: no blanket "scale on consumer lag" beside the table.
    assert!(!caching.contains("scale on consumer lag"));
    assert!(caching.contains("| dispatcher | consumer lag |"));
    // Browsers cannot set headers on a WebSocket upgrade or an EventSource.
    let security = example_doc("realtime-notifications", "security.md");
    let ws = example_doc("realtime-notifications", "api/realtime.asyncapi.yaml");
    for (doc, text) in [("security.md", &security), ("realtime.asyncapi.yaml", &ws)] {
        assert!(
            text.contains("Sec-WebSocket-Protocol: bearer, <token>") && text.contains("4001"),
            "{doc} does not say how a browser authenticates the socket and what happens at token expiry"
        );
    }
}

/// A scheduled job's missed-run alert is stated with its own interval, read from its cron
/// schedule, not as "twice its interval" for every job alike.
#[test]
fn a_scheduled_jobs_alert_names_its_interval() {
    // `*/5 * * * *`: a run every 5 minutes, so 10 minutes without a successful run alerts.
    let orders = example_doc("order-management", "caching.md");
    assert!(
        orders.contains("expire-unpaid-orders after 10 min"),
        "order-management caching.md does not time the job's alert"
    );
    // `* * * * *` and `0 */6 * * *`: every minute and every six hours.
    let rides = example_doc("ride-hailing", "caching.md");
    assert!(
        rides.contains("compute-surge after 2 min and retry-failed-captures after 12 h"),
        "ride-hailing caching.md does not time its jobs' alerts"
    );
}

#[test]
fn a_topic_has_one_partition_count_in_capacity_md() {
    let capacity = example_doc("order-management", "capacity.md");
    // OrderPlaced, OrderCancelled, OrderAmended, OrderChangeRefused, OrderShipped and
    // OrderDelivered share orders.order-events.v1:
    // one row sizes it, from all their rates, and no event row gives a count of its own.
    let rows: Vec<&str> = capacity
        .lines()
        .filter(|l| l.contains("orders.order-events.v1") && l.contains("partitions"))
        .collect();
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert!(
        rows[0].starts_with(
            "| orders.order-events.v1 | OrderPlaced, OrderCancelled, OrderAmended, OrderChangeRefused, OrderShipped and OrderDelivered | 210.8 |"
        ),
        "{}",
        rows[0]
    );
    // The contracts' Kafka bindings give every topic the capacity model's figure.
    let api = crate::support::root().join("examples/order-management/docs/api");
    let mut bound = 0;
    for (path, text) in read_tree(&api) {
        let lines: Vec<&str> = text.lines().collect();
        for (i, l) in lines.iter().enumerate() {
            let Some(topic) = l.trim().strip_prefix("topic: ") else {
                continue;
            };
            let topic = topic.trim_matches('"');
            let sized = row(&capacity, topic);
            let n = lines[i + 1].trim().trim_start_matches("partitions: ");
            assert!(
                sized.contains(&format!("| {n} partitions ")),
                "{path}: {topic} has {n} partitions, capacity.md says {sized}"
            );
            bound += 1;
        }
    }
    assert!(bound >= 4, "the Kafka topics carry their partitions");
    for (example, path, text) in documents() {
        if path != "capacity.md" {
            continue;
        }
        let mut seen = Vec::new();
        for l in text.lines().filter(|l| l.contains(" partition")) {
            let first = l.split(" | ").next().unwrap_or("");
            assert!(!seen.contains(&first), "{example}: {first} sized twice");
            seen.push(first);
        }
    }
}

/// A service whose only state is a connection registry owns that state: service boundaries
/// say so instead of calling it stateless; resilience names who uses the pub/sub broker (as
/// recovery does), and a pub/sub broker down drops what is published rather than making
/// anything wait.
#[test]
fn a_connection_registry_and_a_pub_sub_broker_are_described_as_what_they_are() {
    let boundaries = example_doc("realtime-notifications", "service-boundaries.md");
    assert!(
        row(&boundaries, "realtime | service").contains("| connection-registry (Redis) |"),
        "{boundaries}"
    );
    assert!(boundaries.contains("no database, but it owns the connection-registry in Redis"));
    assert!(!boundaries.contains("realtime and dispatcher own no data store"));
    let resilience = example_doc("realtime-notifications", "resilience.md");
    assert!(row(&resilience, "redis (Redis Pub/Sub) |").contains("| realtime |"));
    // Readiness never probes a broker every replica shares.
    let realtime = row(&resilience, "realtime | its own process only");
    assert!(realtime.contains("shared by every replica"), "{realtime}");
    let recovery = example_doc("realtime-notifications", "recovery.md");
    let redis = row(&recovery, "redis (Redis Pub/Sub) | broker");
    assert!(
        redis.contains("Messages published meanwhile are dropped")
            && !redis.contains("every asynchronous step waits"),
        "{redis}"
    );
}

/// A strangler migration routes through a facade only where the legacy system has an API to
/// route: clinic-booking's legacy scheduler is a desktop application, so its capabilities move
/// by moving their users, and no facade is recommended; saas-platform's monolith keeps its
/// facade.
#[test]
fn a_legacy_system_without_an_api_is_strangled_by_moving_its_users() {
    let clinic = example_doc("clinic-booking", "deployment.md");
    assert!(
        clinic.contains("no API to put a facade in front of"),
        "{clinic}"
    );
    assert!(!clinic.contains("sits in front of it and routes each capability"));
    assert!(clinic.contains("switching its users back to legacy-scheduler's screens"));
    let tech = example_doc("clinic-booking", "technology.md");
    assert!(!tech.contains("through one facade"), "{tech}");
    let saas = example_doc("saas-platform", "deployment.md");
    assert!(saas.contains("sits in front of it and routes each capability"));
}

/// A per-IP limit at the gateway would refuse the providers' signed webhooks, which arrive
/// from a few addresses: security.md exempts the webhook paths that pass through it.
#[test]
fn the_per_ip_limit_exempts_the_signed_webhooks_behind_the_gateway() {
    let security = example_doc("order-management", "security.md");
    assert!(
        security.contains(
            "The per-IP limit exempts the signed webhooks that pass through gateway (`/orders/webhooks/warehouse` from Warehouse system, `/payments/webhooks/stripe` from Stripe)"
        ),
        "order-management security.md does not exempt the webhooks, at their gateway paths, from the per-IP limit"
    );
}

/// The gateway routes each service on its prefix and strips it: api-contracts.md says which
/// path a client sends and which the service serves, so the flows' paths and the contracts'
/// agree.
#[test]
fn the_gateway_strips_each_services_prefix_and_says_so() {
    let contracts = example_doc("clinic-booking", "api-contracts.md");
    assert!(
        contracts.contains("Each service is routed on its own prefix, which api-gateway strips before forwarding: a client sends `GET /availability/v1/slots` and availability serves `GET /v1/slots`, the path the flows write."),
        "{contracts}"
    );
}

/// A gateway's own objective can be stricter than its routes compose to only if it counts the
/// errors it answers itself: observability.md and the canary gate say so.
#[test]
fn a_gateways_own_objective_counts_only_its_own_errors() {
    let obs = example_doc("order-management", "observability.md");
    assert!(
        obs.contains("gateway's own objective counts only the errors it answers itself"),
        "{obs}"
    );
    let deploy = example_doc("order-management", "deployment.md");
    assert!(
        deploy.contains("counting only the errors it answers itself, not its upstreams' 5xx"),
        "{deploy}"
    );
}

/// Each topic has one writer, the service that publishes its events: security.md grants the
/// broker rights that follow, and the threat models point to them instead of a gap.
#[test]
fn each_topic_is_written_only_by_its_publisher() {
    let security = example_doc("order-management", "security.md");
    assert!(
        security.contains(
            "| `payments.payment-events.v1` | kafka | payments | orders, notifications |"
        ),
        "{security}"
    );
    let risks = example_doc("order-management", "risks.md");
    assert!(
        !risks.contains("is not in the model: restrict produce rights"),
        "{risks}"
    );
    assert!(
        risks.contains("only the publishing service may write their topics"),
        "{risks}"
    );
}

/// A consumer handles one message at a time per partition: the calls it makes while handling
/// them are capped at its partitions per replica, in resilience.md and in the bulkhead the
/// observability page watches; a call sent from an outbox keeps its own.
#[test]
fn a_handlers_bulkhead_is_capped_at_its_partitions_per_replica() {
    let resilience = example_doc("clinic-booking", "resilience.md");
    let ehr = row(&resilience, "records-sync | EHR");
    let cells: Vec<&str> = ehr.split(" | ").collect();
    let size: u32 = cells[5].split(' ').next().unwrap().parse().unwrap();
    let partitions: u32 = cells[5]
        .split('(')
        .nth(1)
        .and_then(|c| c.split(' ').next())
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        ehr.contains("partitions it consumes ÷ 2 replicas: it handles one message at a time"),
        "{ehr}"
    );
    assert_eq!(size, partitions.div_ceil(2), "{ehr}");
    let observability = example_doc("clinic-booking", "observability.md");
    assert!(
        observability.contains(&format!("calls to EHR (bulkhead of {size})")),
        "{observability}"
    );
    let shop = example_doc("order-management", "resilience.md");
    let warehouse = row(&shop, "orders | Warehouse system");
    assert!(!warehouse.contains("partitions it consumes"), "{warehouse}");
}

/// Each language's services get the client libraries for what they use: order-management's
/// Rust services the Kafka binding that can pause and seek, and a word on Stripe's missing
/// Rust library; saas-platform's Node.js BFFs, which touch no broker, database or provider,
/// get none.
#[test]
fn client_libraries_follow_each_languages_services() {
    let shop = example_doc("order-management", "technology.md");
    let rust = row(&shop, "Client libraries");
    assert!(
        rust.contains("Rust (orders, payments, inventory and notifications)")
            && rust.contains("`rdkafka`")
            && rust.contains("pause a partition and seek back")
            && rust.contains("Stripe has no official Rust library"),
        "{rust}"
    );
    let saas = example_doc("saas-platform", "technology.md");
    let go = row(&saas, "Client libraries");
    assert!(go.contains("Go (") && !go.contains("Node.js"), "{go}");
}

/// The gateway's timeouts, bulkheads and breakers are mapped to what its technology offers:
/// Envoy's cluster circuit breakers are the bulkhead; Kong has no limit on calls in flight,
/// which the document says instead of claiming one.
#[test]
fn the_gateways_resilience_names_its_technologys_settings() {
    let envoy = example_doc("order-management", "resilience.md");
    assert!(
        envoy.contains("gateway runs on Envoy")
            && envoy.contains("`circuit_breakers` thresholds (`max_requests`, `max_pending_requests`) are its bulkhead"),
        "{envoy}"
    );
    let kong = example_doc("clinic-booking", "resilience.md");
    assert!(
        kong.contains("api-gateway runs on Kong")
            && kong.contains("Kong has no per-upstream limit on calls in flight"),
        "{kong}"
    );
}

/// An end-to-end worst case names each delivery on its path with its event, in order: the
/// reservation's OrderPlaced, then the StockReserved that payments waits for, summed because
/// one follows the other.
#[test]
fn an_end_to_end_path_names_its_deliveries_in_order() {
    let capacity = example_doc("order-management", "capacity.md");
    let checkout = row(&capacity, "Checkout | 10 min");
    assert!(
        checkout.contains(
            "OrderPlaced from kafka to inventory (14 deliveries over 28 min 31 s), then \
             StockReserved from kafka to payments (14 deliveries over 28 min 31 s) | 57 min 2 s"
        ),
        "{checkout}"
    );
}

/// technology.md's gateway advice and security.md agree on what a limiter does when its
/// shared count cannot be reached: each replica counts alone, never open.
#[test]
fn the_gateways_limiter_never_fails_open_in_any_document() {
    let technology = example_doc("order-management", "technology.md");
    assert!(
        technology.contains("need a shared counter store (Redis (ElastiCache), the model's choice); while it is unreachable, each replica counts alone at its share of the limit")
            && !technology.contains("failing open"),
        "{technology}"
    );
    // Kong's plugin cannot count alone: technology.md says what it does instead, as ADR 0008
    // and security.md do, and never that each replica counts at its share.
    let clinic = example_doc("clinic-booking", "technology.md");
    let kong = row(&clinic, "API gateway (chosen: Kong Gateway)");
    assert!(
        kong.contains("Kong's rate-limiting plugin has no share to count alone at: with `fault_tolerant` (its default) it lets every request through uncounted")
            && kong.contains("Set `fault_tolerant` on purpose")
            && !kong.contains("each replica counts alone"),
        "{kong}"
    );
}

/// An Envoy gateway that enforces shared limits needs its rate limit service: the advice
/// names it, its fixed windows and its fallback, where the gateway is Envoy and limits exist.
#[test]
fn an_envoy_gateways_shared_limits_name_the_rate_limit_service() {
    let shop = example_doc("order-management", "technology.md");
    let row = row(&shop, "API gateway (chosen: Envoy)");
    assert!(
        row.contains("the envoyproxy/ratelimit reference service, counting in Redis (ElastiCache)")
            && row.contains("fixed windows")
            && row.contains("Envoy's local rate limit filter, a token bucket per replica")
            && row.contains("it is always on"),
        "{row}"
    );
    let saas = example_doc("saas-platform", "technology.md");
    assert!(!saas.contains("envoyproxy/ratelimit"), "{saas}");
    // A limit that states no algorithm runs the gateway's own: fixed windows on Kong.
    let clinic = example_doc("clinic-booking", "security.md");
    assert!(
        clinic.contains(
            "| 300 requests | per minute | none | fixed-window (what api-gateway runs) |"
        ),
        "{clinic}"
    );
}

/// A cache its own service's writes invalidate says so once, with the events those writes
/// publish, apart from the events other services send.
#[test]
fn a_cache_names_its_own_writes_once_and_the_others_events_apart() {
    let caching = example_doc("order-management", "caching.md");
    let line = caching
        .lines()
        .find(|l| l.starts_with("Event-driven:"))
        .unwrap_or_else(|| panic!("no invalidation in:\n{caching}"));
    assert!(
        line.contains(
            "after each of its own writes commits: those that publish OrderPlaced, OrderCancelled"
        ) && line.contains("and every other write to Order (create, cancel and amend)")
            && line.ends_with("; and when PaymentCaptured (from payments) arrives."),
        "{line}"
    );
    assert!(!line.contains("its own event:"), "{line}");
}

/// A journey's end-to-end objective pages the team of the service that records its arrivals
/// beside the journey's owner, where the two differ: order's Checkout is measured at payments.
#[test]
fn an_end_to_end_page_reaches_the_team_that_measures_it() {
    let o = example_doc("order-management", "observability.md");
    assert!(
        row(&o, "Checkout | orders (checkout)").ends_with(
            "| checkout on-call; the end-to-end objective's pages go to payments on-call too, as payments records each arrival and sees a late run first |"
        ),
        "{o}"
    );
    // A journey with no end-to-end objective pages its owner only.
    assert!(
        row(&o, "Track an order | orders (checkout)").ends_with("| checkout on-call |"),
        "{o}"
    );
}

/// A stated data growth well above the floor the creation events make says by how much, so
/// the gap is named rather than left to the reader to divide (order: 200 GB against 117 GB).
#[test]
fn a_stated_growth_above_the_floor_names_the_gap() {
    let capacity = example_doc("order-management", "capacity.md");
    assert!(
        capacity.contains("The stated figure is 1.7 times that floor: the other 83.4 GB a month are what the indexes, history and other tables must come to"),
        "{capacity}"
    );
}

/// An external that a job and a relay both call gives each caller its own handling and owner:
/// order's warehouse is called by inventory's sync-on-hand job and by orders' call relay.
#[test]
fn each_caller_of_an_external_keeps_its_own_fallback_and_owner() {
    let resilience = example_doc("order-management", "resilience.md");
    let degraded = row(&resilience, "Warehouse system (external system)");
    assert!(
        degraded.contains(
            "| inventory: the run fails, and the next run of its job takes what it left. orders: The warehouse relay retries the row"
        ),
        "{degraded}"
    );
    let recovery = example_doc("order-management", "recovery.md");
    let warehouse = row(&recovery, "Warehouse system | external system");
    assert!(
        warehouse.contains("(the customer returns the parcel instead). Sync-on-hand of inventory tries again on its next run.")
            && warehouse.ends_with("| fulfilment and checkout, each for its own calls |"),
        "{warehouse}"
    );
}
