//! Cache memory and hit ratio from what a cache holds: the keys read within a TTL of a
//! per-user or stated key space, at its own entry size, not the owner's reads at a kilobyte
//! each.

use super::*;
use crate::derive::graph::tests::{graph, model};

/// 10 reads a second reach `inbox`, which caches a count per user and a page per list query.
const COUNTS: &str = "version: 1\nname: t\nrequirements:\n  domain: d\n  scale: {peak_rps: 10, users: 1000000}\n  use_cases: [{name: Read, served_by: [inbox]}]\nclients: [{name: web}]\nservices: [{name: inbox, responsibility: r}]\ncommunication:\n  links: [{from: web, to: inbox}]\nperformance:\n  caches:\n    - {name: counts, service: inbox, technology: Redis, holds: unread count per user, key: 'unread:{user_id}', ttl_seconds: 60, entry_bytes: 100}\n    - {name: pages, service: inbox, technology: Redis, holds: list pages, key: 'page:{query}', ttl_seconds: 60}\n";

#[test]
fn a_per_user_key_holds_the_users_read_within_a_ttl_at_its_own_size() {
    let c = derive(&graph(&model(COUNTS)));
    // 1,000,000 keys, one per user, read 10 times a second: each key is read 0.0006 times in
    // its 60 s TTL, so 0.06% of reads hit and about 600 keys are alive at once, not a million.
    let counts = &c.caches[0];
    assert_eq!(
        (counts.entries, counts.entries_from.as_str()),
        (600, "keys")
    );
    assert_eq!(
        (counts.keys, counts.keys_from.as_str()),
        (Some(1_000_000), "users")
    );
    let h = counts.hit_ratio.expect("keys and reads known");
    assert!((h - 0.0006 / 1.0006).abs() < 1e-9, "{h}");
    assert_eq!((counts.entry_bytes, counts.bytes), (100, 60_000.0));
    assert!(counts.entry_bytes_stated);
    // A key that names no user still follows the reads in one TTL (10/s × 60 s), at the
    // assumed kilobyte, and its hit ratio is unknown.
    let pages = &c.caches[1];
    assert_eq!((pages.entries, pages.entry_bytes), (600, CACHE_ENTRY_BYTES));
    assert_eq!((pages.keys, pages.hit_ratio), (None, None));
    assert!(!pages.entry_bytes_stated);
    let ids: Vec<&str> = c.assumptions.iter().map(|a| a.id.as_str()).collect();
    assert!(ids.contains(&"capacity.cache-entry-bytes"));
}

#[test]
fn a_ttl_cache_hits_x_over_one_plus_x_where_x_is_a_keys_reads_within_its_ttl() {
    assert!((caches::hit_ratio(1.0, 10, 10) - 0.5).abs() < 1e-12);
    assert!((caches::hit_ratio(18.0, 1, 1) - 18.0 / 19.0).abs() < 1e-12);
    // Stated keys and several entries a request: 10/s × 14 entries over 8,400 keys in 5 s.
    let yaml = COUNTS.replace(
        "key: 'page:{query}', ttl_seconds: 60}",
        "key: 'page:{query}', ttl_seconds: 5, keys: 8400, entries_per_read: 14, max_staleness_seconds: 10}",
    );
    let c = derive(&graph(&model(&yaml)));
    let pages = &c.caches[1];
    assert_eq!(pages.reads_per_s, 140.0);
    assert_eq!(
        (pages.keys, pages.keys_from.as_str()),
        (Some(8400), "model")
    );
    let x = 140.0 / 8400.0 * 5.0;
    assert!((pages.hit_ratio.unwrap() - x / (1.0 + x)).abs() < 1e-12);
    let x10 = 2.0 * x;
    assert!((pages.hit_ratio_at_staleness.unwrap() - x10 / (1.0 + x10)).abs() < 1e-12);
    assert_eq!(pages.entries, (8400.0 * x / (1.0 + x)).ceil() as u64);
}

#[test]
fn an_entry_holding_items_of_a_resource_is_sized_from_its_fields() {
    let yaml = COUNTS
        .replace(
            "services: [{name: inbox, responsibility: r}]",
            "services: [{name: inbox, responsibility: r, api: {resources: [{name: Item, fields: [{name: title, type: string}, {name: read, type: boolean}]}]}}]",
        )
        .replace("key: 'page:{query}', ttl_seconds: 60}", "key: 'page:{query}', ttl_seconds: 60, resource: Item, items: 20}");
    let c = derive(&graph(&model(&yaml)));
    let pages = &c.caches[1];
    // An item: `{"id": …, "title": …, "read": …}`: 2 + 44 + (5 + 4 + 64) + (4 + 4 + 5) = 132 B.
    let items = pages.entry_items.as_ref().expect("sized from Item");
    assert_eq!(
        (items.resource.as_str(), items.items, items.item_bytes),
        ("Item", 20, 132)
    );
    assert_eq!(pages.entry_bytes, 20 * 132 + caches::ENTRY_OVERHEAD_BYTES);
    assert!(
        pages.entry_bytes_stated,
        "derived from the model, not assumed"
    );
    // Every cache's entry size is known (stated, or from its resource): nothing is assumed.
    let ids: Vec<&str> = c.assumptions.iter().map(|a| a.id.as_str()).collect();
    assert!(!ids.contains(&"capacity.cache-entry-bytes"), "{ids:?}");
    assert_eq!(pages.default_bytes_unused, None);
    // A system-wide entry size sizes only caches that hold no resource; the one sized by its
    // items says it did not take it, and one that states its own keeps that.
    let stated = yaml.replace(
        "  scale: {",
        "  capacity: {cache_entry_bytes: 2048}\n  scale: {",
    );
    let c = derive(&graph(&model(&stated)));
    assert_eq!(
        c.caches[1].entry_bytes,
        20 * 132 + caches::ENTRY_OVERHEAD_BYTES
    );
    assert_eq!(c.caches[1].default_bytes_unused, Some(2048));
    assert_eq!(
        (c.caches[0].entry_bytes, c.caches[0].default_bytes_unused),
        (100, None)
    );
}

/// 1,000 requests a second: 300 list the orders (`History`), 600 get one (`Track`), 100 enter
/// at orders outside a flow. `pages` holds the first page of the list, `one` an order by id,
/// `skus` stock by SKU with no key and no resource.
const READS: &str = "version: 1\nname: t\nrequirements:\n  domain: d\n  scale: {peak_rps: 1000, users: 1000}\n  use_cases:\n    - {name: History, share: 30, served_by: [History]}\n    - {name: Track, share: 60, served_by: [Track]}\n    - {name: Other, share: 10, served_by: [orders]}\nclients: [{name: web}]\nservices:\n  - name: orders\n    responsibility: r\n    api: {resources: [{name: Order, fields: [{name: total, type: integer}]}]}\ncommunication:\n  links: [{from: web, to: orders}]\n  flows:\n    - name: History\n      steps: [{from: web, to: orders, action: GET /v1/orders}]\n    - name: Track\n      steps: [{from: web, to: orders, action: 'GET /v1/orders/{orderId}'}]\nperformance:\n  caches:\n    - {name: pages, service: orders, technology: Redis, holds: first pages, key: 'orders:{customer_id}', ttl_seconds: 60, resource: Order, items: 20}\n    - {name: one, service: orders, technology: Redis, holds: an order, key: 'order:{id}', ttl_seconds: 10, resource: Order}\n    - {name: skus, service: orders, technology: in-process, holds: stock by SKU, ttl_seconds: 5}\n";

#[test]
fn a_cache_is_sized_from_the_reads_it_serves_not_all_its_services() {
    let c = derive(&graph(&model(READS)));
    let by = |name: &str| c.caches.iter().find(|k| k.cache == name).unwrap();
    // The list reads alone: 300/s × 60 s, not the service's 1,000/s.
    let pages = by("pages");
    assert_eq!(
        (
            pages.entries,
            pages.entries_from.as_str(),
            pages.reads_per_s
        ),
        (18_000, "served", 300.0)
    );
    assert_eq!(pages.reads_of, ["GET /v1/orders"]);
    // One item an entry: the gets by id, 600/s × 10 s.
    let one = by("one");
    assert_eq!((one.entries, one.reads_per_s), (6_000, 600.0));
    assert_eq!(one.reads_of, ["GET /v1/orders/{orderId}"]);
    // Nothing narrows `skus`: every read of orders in its TTL, stated as assumed.
    let skus = by("skus");
    assert_eq!(
        (skus.entries, skus.entries_from.as_str(), skus.reads_per_s),
        (5_000, "derived", 1000.0)
    );
    let assumed = c
        .assumptions
        .iter()
        .find(|a| a.id == "capacity.cache-entries")
        .expect("the entries are assumed");
    assert!(assumed.value.contains("every read of its service for skus"));
    assert!(!assumed.value.contains("pages"));
}

#[test]
fn only_a_per_user_key_is_capped_by_the_users() {
    // 1,000 users: the keyless cache's 5,000 entries (over the users) stand, uncapped.
    let c = derive(&graph(&model(READS)));
    let skus = c.caches.iter().find(|k| k.cache == "skus").unwrap();
    assert_eq!(
        (skus.entries, skus.entries_from.as_str()),
        (5_000, "derived")
    );
    // A customer's key is not a user's while nothing says customers own orders: its entries
    // follow its reads, not the users.
    let pages = c.caches.iter().find(|k| k.cache == "pages").unwrap();
    assert_eq!(pages.entries_from, "served");
    // Once `customer_id` owns an Order, the key names the owner: one key per user, and the
    // 300 list reads a second over 1,000 users keep 948 alive, not 18,000.
    let owned = READS.replace(
        "api: {resources: [{name: Order, fields: [{name: total, type: integer}]}]}",
        "api: {resources: [{name: Order, owner: customer_id, fields: [{name: customer_id, type: string}, {name: total, type: integer}]}]}",
    );
    let c = derive(&graph(&model(&owned)));
    let pages = c.caches.iter().find(|k| k.cache == "pages").unwrap();
    assert_eq!(
        (pages.keys, pages.keys_from.as_str()),
        (Some(1000), "users")
    );
    assert_eq!((pages.entries, pages.entries_from.as_str()), (948, "keys"));
}

#[test]
fn grpc_and_graphql_reads_are_matched_to_the_resource() {
    let m = model(READS);
    let r = &m.services[0].api.resources[0];
    assert!(served::reads(r, true, "ListOrders"));
    assert!(served::reads(r, false, "inventory.v1.Orders/GetOrder"));
    assert!(served::reads(r, true, "query orders(first: 20)"));
    assert!(served::reads(r, false, "query order"));
    assert!(!served::reads(r, true, "GET /v1/orders/{orderId}"));
    assert!(!served::reads(r, false, "POST /v1/orders/{orderId}"));
    assert!(!served::reads(r, true, "GET /v1/customers"));
}

#[test]
fn the_busiest_reads_say_which_cache_serves_them() {
    // Read a list (70%) and an item (30%) of inbox's Items at 10 a second; `pages` caches
    // the lists only.
    let yaml = "version: 1\nname: t\nrequirements:\n  domain: d\n  scale: {peak_rps: 10}\n  use_cases: [{name: Read, served_by: [Read]}]\nclients: [{name: web}]\nservices:\n  - {name: inbox, responsibility: r, data: [{name: items, store: PostgreSQL}], api: {resources: [{name: Item, fields: [{name: title, type: string}]}]}}\ncommunication:\n  links: [{from: web, to: inbox}]\n  flows:\n    - name: Read\n      steps:\n        - alt:\n            - {when: a list, share: 70, steps: [{from: web, to: inbox, action: GET /v1/items}]}\n            - {when: one item, share: 30, steps: [{from: web, to: inbox, action: \"GET /v1/items/{itemId}\"}]}\nperformance:\n  caches:\n    - {name: pages, service: inbox, technology: Redis, holds: list pages, ttl_seconds: 60, resource: Item, items: 20}\n";
    let c = derive(&graph(&model(yaml)));
    let reads: Vec<(&str, f64, Option<&str>)> = c
        .reads
        .iter()
        .map(|r| (r.action.as_str(), r.rate_per_s, r.cached_by.as_deref()))
        .collect();
    assert_eq!(
        reads,
        [
            ("GET /v1/items", 7.0, Some("pages")),
            ("GET /v1/items/{itemId}", 3.0, None)
        ]
    );
}

#[test]
fn an_expected_hit_ratio_sizes_the_entries_from_the_misses_a_ttl() {
    // 10 reads a second of per-user counts that a session re-reads: two in three hit, so a
    // TTL of 60 s keeps 10 × 60 × (1 − 0.66) = 204 entries, not the even spread's 600.
    let yaml = COUNTS.replace(
        "ttl_seconds: 60, entry_bytes: 100}",
        "ttl_seconds: 60, entry_bytes: 100, expected_hit_ratio: 0.66}",
    );
    let c = derive(&graph(&model(&yaml)));
    let counts = &c.caches[0];
    assert_eq!(
        (counts.entries, counts.entries_from.as_str()),
        (204, "expected")
    );
    assert_eq!(counts.expected_hit_ratio, Some(0.66));
    // The even-spread floor is still reported beside it.
    assert!(counts.hit_ratio.is_some_and(|h| h < 0.001));
}

#[test]
fn a_read_that_looks_up_several_keys_fills_an_entry_for_each_of_them() {
    // inbox lists its Counts by `user_id`, up to 100 of them a request (an `any` filter): the
    // bound is 10 reads/s × 60 s × 100 keys, not one entry a read.
    let yaml = COUNTS.replace(
        "services: [{name: inbox, responsibility: r}]",
        "services:\n  - name: inbox\n    responsibility: r\n    api:\n      resources:\n        - name: Count\n          key: user_id\n          fields: [{name: user_id, type: string}, {name: unread, type: integer}]\n          operations: [list]\n          filters: [{field: user_id, any: true, required: true}]",
    )
    .replace("key: 'page:{query}', ttl_seconds: 60}", "key: 'page:{query}', ttl_seconds: 60, resource: Count}");
    let c = derive(&graph(&model(&yaml)));
    let pages = &c.caches[1];
    assert_eq!(pages.batch, Some(("user_id".to_owned(), 100)));
    assert_eq!(pages.entries, 10 * 60 * 100);
    // A stated number of entries a read replaces the bound.
    let stated = yaml.replace("resource: Count}", "resource: Count, entries_per_read: 3}");
    let c = derive(&graph(&model(&stated)));
    assert_eq!(
        (c.caches[1].batch.clone(), c.caches[1].entries),
        (None, 10 * 60 * 3)
    );
}

/// inbox serves 10 requests a second: 8 reads and 2 writes, each write publishing `Changed`
/// (a flow), while `Pinged` has no flow, so its rate is assumed.
const CHURN: &str = "version: 1\nname: t\nrequirements:\n  domain: d\n  scale: {peak_rps: 10, users: 1000}\n  use_cases: [{name: Read, share: 80, served_by: [inbox]}, {name: Write, share: 20, served_by: [Write]}]\nclients: [{name: web}]\nservices:\n  - {name: inbox, responsibility: r, publishes: [{name: Changed, fields: [{name: id, type: uuid}]}, {name: Pinged, fields: [{name: id, type: uuid}]}]}\n  - {name: feed, kind: worker, responsibility: r, consumes: [Changed, Pinged]}\ncommunication:\n  brokers: [{name: k, technology: Kafka}]\n  links: [{from: web, to: inbox}]\n  flows:\n    - name: Write\n      steps:\n        - {from: web, to: inbox, action: PUT /items/1}\n        - {from: inbox, to: k, action: Changed}\nperformance:\n  caches:\n    - {name: a, service: inbox, technology: Redis, holds: x, ttl_seconds: 60, invalidation: event, invalidated_by: [Changed]}\n    - {name: b, service: inbox, technology: Redis, holds: x, ttl_seconds: 60, invalidation: event, invalidated_by: [Changed, Pinged]}\n    - {name: c, service: inbox, technology: Redis, holds: x, key: 'x:{id}:{kind}', ttl_seconds: 60, invalidation: event, invalidated_by: [Changed], overlaps: [kind]}\n    - {name: d, service: inbox, technology: Redis, holds: x, pattern: write-through, ttl_seconds: 60, invalidation: event, invalidated_by: [Changed]}\n";

#[test]
fn a_cache_hits_at_most_its_reads_over_its_reads_plus_its_deletes() {
    let c = derive(&graph(&model(CHURN)));
    let rate = |i: usize| c.caches[i].invalidations_per_s;
    // All 10 of inbox's requests a second read the cache (nothing narrows them); the 2 writes
    // a second publish Changed, each deleting an entry: at most 10 / 12 of reads find theirs.
    let a = &c.caches[0];
    assert_eq!(
        (a.reads_per_s, rate(0), a.invalidations[0].event.as_str()),
        (10.0, 2.0, "Changed")
    );
    let h = a.hit_ceiling.expect("reads and derived deletes");
    assert!((h - 10.0 / 12.0).abs() < 1e-9, "{h}");
    // Pinged's rate is assumed, so it bounds nothing; an overlapping part deletes the entry of
    // every value, more than one per event; a write-through cache is written, not emptied.
    assert_eq!(c.caches[1].invalidations[1].rate_from, "requests");
    assert!(rate(1) > 2.0);
    assert_eq!(
        (c.caches[1].hit_ceiling, c.caches[2].hit_ceiling),
        (None, None)
    );
    assert_eq!(rate(2), 2.0);
    assert!(c.caches[3].invalidations.is_empty() && c.caches[3].hit_ceiling.is_none());
}
