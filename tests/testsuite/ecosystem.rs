//! The C4 views and the LikeC4 export: drawn from the model, split above ten services, and
//! switched off by a team pack like any document.

use crate::support::render_example;

const EXPORTS: [&str; 8] = [
    "c4-views.md",
    "diagrams/c4-context.mmd",
    "diagrams/c4-containers.mmd",
    "diagrams/c4-deployment.mmd",
    "diagrams/c4-dynamic-checkout.mmd",
    "likec4/specification.c4",
    "likec4/model.c4",
    "likec4/views.c4",
];

#[test]
fn the_c4_views_and_the_likec4_export_are_rendered_and_switched_off_by_a_pack() {
    let plain = render_example("order-management", None);
    for f in EXPORTS {
        assert!(plain.contains_key(f), "{f} missing");
    }
    let dynamic = &plain["diagrams/c4-dynamic-checkout.mmd"];
    assert!(
        dynamic.contains("client_web -->|\"2 · POST /v1/orders → 201 Created"),
        "{dynamic}"
    );
    assert!(
        dynamic.contains(
            "-.->|\"undo 5 · Cancel the order and publish OrderCancelled on PaymentFailed or StockReservationFailed\"| broker_kafka"
        ),
        "{dynamic}"
    );
    let model = &plain["likec4/model.c4"];
    assert!(
        model.contains("sys.ctx_2.outbox_orders -[async]-> sys.broker_kafka"),
        "{model}"
    );
    assert!(plain["likec4/views.c4"].contains("dynamic view flow_checkout {"));
    let ids = "[c4, c4-context-diagram, c4-containers-diagram, c4-deployment-diagram, \
               c4-dynamic-diagram, likec4-specification, likec4-model, likec4-views]";
    let packed = render_example(
        "order-management",
        Some(&format!("name: No C4\ndisable: {ids}\n")),
    );
    for f in EXPORTS {
        assert!(!packed.contains_key(f), "{f} is still rendered");
    }
    assert!(
        !packed["README.md"].contains("c4-views.md"),
        "the index lists a switched-off document"
    );
}

#[test]
fn above_ten_services_the_containers_are_a_context_map_and_one_view_per_context() {
    let stress = render_example("stress", None);
    let views = &stress["c4-views.md"];
    assert!(views.contains("## Context map"), "no context map");
    assert!(
        !views.contains("## Containers\n"),
        "one container view of 50 services"
    );
    assert_eq!(
        views.matches(" containers\n\n```mermaid").count(),
        9,
        "one view per bounded context"
    );
    let map = &stress["diagrams/c4-containers.mmd"];
    assert!(
        map.lines().count() < 80,
        "the context map has {} lines",
        map.lines().count()
    );
    let small = render_example("order-management", None);
    assert!(small["c4-views.md"].contains("## Containers\n"));
}
