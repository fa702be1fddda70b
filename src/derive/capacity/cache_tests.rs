//! Cache memory from what a cache holds: one entry per user for a per-user key, at its own
//! entry size, not the owner's reads at a kilobyte each.

use super::*;
use crate::derive::graph::tests::{graph, model};

/// 10 reads a second reach `inbox`, which caches a count per user and a page per list query.
const COUNTS: &str = "version: 1\nname: t\nrequirements:\n  domain: d\n  scale: {peak_rps: 10, users: 1000000}\n  use_cases: [{name: Read, served_by: [inbox]}]\nclients: [{name: web}]\nservices: [{name: inbox, responsibility: r}]\ncommunication:\n  links: [{from: web, to: inbox}]\nperformance:\n  caches:\n    - {name: counts, service: inbox, technology: Redis, holds: unread count per user, key: 'unread:{user_id}', ttl_seconds: 60, entry_bytes: 100}\n    - {name: pages, service: inbox, technology: Redis, holds: list pages, key: 'page:{query}', ttl_seconds: 60}\n";

#[test]
fn a_per_user_key_holds_one_entry_per_user_at_its_own_size() {
    let c = derive(&graph(&model(COUNTS)));
    // 1,000,000 users × 100 B, however few reads arrive in a TTL.
    let counts = &c.caches[0];
    assert_eq!(
        (counts.entries, counts.entries_from.as_str()),
        (1_000_000, "users")
    );
    assert_eq!((counts.entry_bytes, counts.bytes), (100, 100_000_000.0));
    assert!(counts.entry_bytes_stated);
    // A key that names no user still follows the reads in one TTL (10/s × 60 s), at the
    // assumed kilobyte.
    let pages = &c.caches[1];
    assert_eq!((pages.entries, pages.entry_bytes), (600, CACHE_ENTRY_BYTES));
    assert!(!pages.entry_bytes_stated);
    let ids: Vec<&str> = c.assumptions.iter().map(|a| a.id.as_str()).collect();
    assert!(ids.contains(&"capacity.cache-entry-bytes"));
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
}
