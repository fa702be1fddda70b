//! Tests of the C4 views: what the design implies is drawn, and large systems split by context.

use crate::view::{View, build};

fn view(yaml: &str) -> View {
    let model = crate::load::parse(yaml, "archgen.yaml").unwrap_or_else(|e| panic!("{e:?}"));
    build(&model)
}

fn example() -> View {
    view(include_str!(
        "../../../examples/order-management/archgen.yaml"
    ))
}

fn ids(nodes: &[super::C4Node]) -> Vec<&str> {
    nodes.iter().map(|n| n.id.as_str()).collect()
}

#[test]
fn the_context_has_the_actors_and_the_identity_provider() {
    let v = example();
    let c = &v.c4.context;
    assert_eq!(ids(&c.people), ["person_customer", "person_support_agent"]);
    assert_eq!(c.people[0].description, "Place an order; Track an order");
    // Keycloak, which the team runs, is part of the system: not drawn around it.
    assert!(!c.externals.iter().any(|n| n.kind == "identity"));
    assert!(!c.edges.iter().any(|e| e.to == "idp_keycloak"));
    assert!(
        c.edges
            .iter()
            .any(|e| e.from == "system" && e.to == "ext_stripe" && e.style == "sync")
    );
}

#[test]
fn the_containers_include_what_the_design_implies() {
    let v = example();
    let c = &v.c4.containers;
    assert!(!v.c4.split);
    let inside: Vec<&str> = c.groups.iter().flat_map(|g| ids(&g.nodes)).collect();
    // a relay per publisher, a cache that is not in-process, the stores
    for id in [
        "outbox_orders",
        "outbox_payments",
        "cache_order_summaries",
        "db_inventory_stock",
    ] {
        assert!(inside.contains(&id), "{id} missing from {inside:?}");
    }
    assert!(
        !inside.iter().any(|i| i.contains("stock_levels")),
        "in-process caches are no container"
    );
    // the rate limits' shared counts, with an arrow from each component that keeps them (the
    // Envoy gateway through the rate limit service it asks), the schema registry and the flags
    assert_eq!(
        ids(&c.shared),
        [
            "broker_kafka",
            "dlq_broker_kafka",
            "retry_broker_kafka",
            "rate_limit_counts",
            "rate_limit_service",
            "schema_registry",
            "feature_flags",
            "secrets_store",
            "idp_keycloak"
        ]
    );
    let counting: Vec<&str> = (c.edges.iter())
        .filter(|e| e.to == "rate_limit_counts")
        .map(|e| e.from.as_str())
        .collect();
    assert_eq!(counting, ["rate_limit_service", "svc_payments"]);
    assert!(
        (c.edges.iter()).any(|e| e.from == "svc_gateway" && e.to == "rate_limit_service"),
        "{:?}",
        c.edges
    );
    // publishes go through the outbox relay, not straight from the service
    assert!(c.edges.iter().any(|e| e.from == "outbox_orders"
        && e.to == "broker_kafka"
        && e.label.contains("OrderPlaced")));
    assert!(
        !c.edges
            .iter()
            .any(|e| e.from == "svc_orders" && e.to == "broker_kafka")
    );
    assert!(
        c.edges
            .iter()
            .any(|e| e.from == "svc_gateway" && e.to == "idp_keycloak")
    );
}

/// A change data capture relay is one connector for every outbox: it is drawn once, shared,
/// fed by each publisher's store and publishing all their events in one arrow per broker.
#[test]
fn a_cdc_relay_is_one_container_reading_every_store() {
    let yaml = include_str!("../../../examples/order-management/archgen.yaml")
        .replace(
            "outbox_relay: polling",
            "outbox_relay: Debezium (Kafka Connect)",
        )
        .replace("  outbox_calls: apart\n", "");
    let v = view(&yaml);
    let c = &v.c4.containers;
    let inside: Vec<&str> = c.groups.iter().flat_map(|g| ids(&g.nodes)).collect();
    assert!(
        !inside.iter().any(|i| i.starts_with("outbox_")),
        "{inside:?}"
    );
    let relay = c.shared.iter().find(|n| n.id == "outbox_relay").unwrap();
    assert_eq!(relay.detail, "Debezium (Kafka Connect)");
    assert!(
        c.edges
            .iter()
            .any(|e| e.from == "db_orders_orders" && e.to == "outbox_relay")
    );
    let out: Vec<_> = (c.edges.iter())
        .filter(|e| e.from == "outbox_relay" && e.to == "broker_kafka")
        .collect();
    assert_eq!(out.len(), 1);
    assert!(out[0].label.contains("OrderPlaced") && out[0].label.contains("PaymentCaptured"));
}

/// Calls a flow sends from an outbox leave from the relay that makes them: a relay of their
/// own beside the events' relay with `outbox_calls: apart`, else the events' relay.
#[test]
fn an_outboxed_call_leaves_from_the_relay_that_makes_it() {
    let yaml = include_str!("../../../examples/order-management/archgen.yaml");
    let from = |v: &crate::view::View| -> Vec<String> {
        (v.c4.containers.edges.iter())
            .filter(|e| e.to == "ext_warehouse_system" && e.style == "sync")
            .map(|e| e.from.clone())
            .collect()
    };
    let apart = view(yaml);
    let inside: Vec<&str> = (apart.c4.containers.groups.iter())
        .flat_map(|g| ids(&g.nodes))
        .collect();
    assert!(inside.contains(&"calls_orders"), "{inside:?}");
    assert_eq!(from(&apart), ["svc_inventory", "calls_orders"]);
    let together = view(&yaml.replace("  outbox_calls: apart\n", ""));
    assert_eq!(from(&together), ["svc_inventory", "outbox_orders"]);
    let inside: Vec<&str> = (together.c4.containers.groups.iter())
        .flat_map(|g| ids(&g.nodes))
        .collect();
    assert!(!inside.contains(&"calls_orders"), "{inside:?}");
}

#[test]
fn the_deployment_says_where_the_broker_keeps_topics_and_classes_the_platform() {
    let v = example();
    let managed = &v.c4.deployment.regions[0].managed;
    let find = |name: &str| managed.iter().find(|m| m.name == name).unwrap();
    // The secrets store is classed as one; the other platform services as platform.
    assert_eq!(
        (
            find("HashiCorp Vault").kind.as_str(),
            find("Loki").kind.as_str()
        ),
        ("secrets", "platform")
    );
    // The broker with the copies of each topic, assumed as the model states none.
    assert_eq!(
        find("Kafka").detail,
        "1 cluster; each topic on 3 brokers across zones, assumed"
    );
}

#[test]
fn the_deployment_draws_each_store_and_the_limiters_count() {
    let v = example();
    let d = &v.c4.deployment;
    assert_eq!(d.environment, "production");
    assert_eq!(d.regions.len(), 1);
    assert_eq!(d.regions[0].name, "eu-central-1");
    let managed: Vec<(&str, &str)> = d.regions[0]
        .managed
        .iter()
        .map(|n| (n.name.as_str(), n.detail.as_str()))
        .collect();
    // Each database and cache by name, and the separate store the gateway counts in (ADR
    // 0006's noeviction cluster), not one "PostgreSQL [4 databases]" and one Redis.
    // Each database with how it survives a zone, as its `failover` says.
    let aurora = "PostgreSQL; Amazon Aurora PostgreSQL: a replica in another zone, promoted in \
                  about 30 seconds";
    for store in [
        ("orders", aurora),
        ("recipients", aurora),
        ("order-summaries", "Redis"),
        ("rate-limit counts", "Redis (ElastiCache)"),
    ] {
        assert!(managed.contains(&store), "{store:?} in {managed:?}");
    }
    // The platform services the workloads lean on, beside the managed ones.
    for platform in [
        ("Confluent Schema Registry", "1 schema registry"),
        ("Unleash", "1 feature flag service"),
        ("Loki", "1 log backend"),
        ("Prometheus", "1 metrics backend"),
        ("Tempo", "1 trace backend"),
    ] {
        assert!(managed.contains(&platform), "{platform:?} in {managed:?}");
    }
    // The Envoy gateway asks a rate limit service, the team runs Keycloak, Istio's control
    // plane and proxies run in the cluster, not as a managed service, and the spans go through
    // the OpenTelemetry Collector's two tiers: four workloads beside the services.
    let workloads = &d.regions[0].workloads;
    assert_eq!(workloads.len(), v.services.len() + 4);
    assert!(workloads.iter().any(|w| w.name == "OpenTelemetry Collector"
        && w.detail == "a tier routing spans by trace id, then the tail-sampling tier; to Tempo"));
    assert!(!managed.iter().any(|m| m.0 == "Istio"));
    assert!(workloads.iter().any(|w| w.name == "Istio"
        && w.detail.starts_with("service mesh")
        && w.id.starts_with("region_1_")));
    // A service that answers requests and consumes events runs as two Deployments, which
    // deployment.md's rollout needs; the worker that only consumes, as one.
    let detail = |name: &str| {
        let w = workloads.iter().find(|w| w.name == name);
        w.map(|w| w.detail.as_str()).unwrap_or_default()
    };
    assert_eq!(
        detail("orders"),
        "Rust (axum); serving and consuming Deployments"
    );
    assert_eq!(detail("notifications"), "Rust");
    // The load balancer the gateway's canary weights sit in, in front of it, outside the
    // cluster.
    let entry = &d.regions[0].entry;
    assert_eq!(entry.len(), 1);
    assert_eq!(entry[0].1, "region_1_svc_gateway");
    assert!(
        d.edges
            .iter()
            .any(|e| e.from == entry[0].0.id && e.to == "region_1_svc_gateway")
    );
    assert!(workloads.iter().any(|w| w.name == "rate limit service"));
    assert!(workloads.iter().any(|w| w.name == "Keycloak"
        && w.kind == "identity"
        && w.detail == "identity provider, run by the team"));
    // LikeC4 instances: the identity provider in the cluster, each store among the managed.
    assert_eq!(d.identity_refs, ["idp_keycloak"]);
    assert!(d.managed_stores.iter().any(|s| s == "orders"));
}

#[test]
fn an_identity_provider_bought_as_a_service_stays_outside_the_cluster() {
    let yaml = include_str!("../../../examples/order-management/archgen.yaml")
        .replace("      self_hosted: true\n", "      self_hosted: false\n")
        .replace("      backed_up: true\n", "");
    let v = view(&yaml);
    let d = &v.c4.deployment;
    assert!(d.identity_refs.is_empty());
    assert!(!d.regions[0].workloads.iter().any(|w| w.kind == "identity"));
    // Bought, it is drawn around the system in the context and container views, where its
    // tokens are validated.
    let c = &v.c4.context;
    assert!(
        c.externals
            .iter()
            .any(|n| n.kind == "identity" && n.name == "Keycloak")
    );
    assert!(c.edges.iter().any(|e| e.from == "system"
        && e.to == "idp_keycloak"
        && e.label == "validates tokens [OIDC]"));
    assert!(
        v.c4.containers
            .outside
            .iter()
            .any(|n| n.id == "idp_keycloak")
    );
    assert!(
        !v.c4
            .containers
            .shared
            .iter()
            .any(|n| n.id == "idp_keycloak")
    );
    // Unstated, Keycloak is taken to be run by the team, and said so.
    let v = view(&yaml.replace("      self_hosted: false\n", ""));
    assert_eq!(v.c4.deployment.identity_refs, ["idp_keycloak"]);
    assert!(
        v.assumptions
            .iter()
            .any(|a| a.key == "security.authentication[].self_hosted")
    );
}

#[test]
fn an_existing_system_runs_as_today_outside_the_clusters() {
    let v = view(include_str!(
        "../../../examples/clinic-booking/archgen.yaml"
    ));
    let d = &v.c4.deployment;
    let r = &d.regions[0];
    assert!(
        !r.workloads.iter().any(|n| n.name == "legacy-scheduler"),
        "the desktop app is not deployed to the cluster: {:?}",
        ids(&r.workloads)
    );
    assert!(
        !r.managed.iter().any(|n| n.name == "SQL Server"),
        "its database is not a managed service of the plan: {:?}",
        ids(&r.managed)
    );
    let existing: Vec<(&str, &str)> = d
        .existing
        .iter()
        .map(|n| (n.name.as_str(), n.kind.as_str()))
        .collect();
    assert_eq!(
        existing,
        [
            ("legacy-scheduler", "legacy"),
            ("legacy scheduling database", "store")
        ]
    );
    assert_eq!(
        d.existing_refs,
        [
            "svc_legacy_scheduler",
            "db_legacy_scheduler_legacy_scheduling_database"
        ]
    );
    // The connectors the integrations team runs in the cluster read its change log over the
    // VPN: it publishes nothing itself, and nothing in the cluster calls it.
    let touching = |d: &super::deployment::DeploymentC4| -> Vec<(String, String, String)> {
        (d.edges.iter())
            .filter(|e| e.from == "existing" || e.to == "existing")
            .map(|e| (e.from.clone(), e.to.clone(), e.label.clone()))
            .collect()
    };
    let read =
        |from: &str, label: &str| vec![(from.to_owned(), "existing".to_owned(), label.to_owned())];
    assert_eq!(
        touching(d),
        read("region_1_cluster", "reads the change log over the VPN")
    );
    // Connectors nobody is named to run are a managed relay's.
    let yaml = include_str!("../../../examples/clinic-booking/archgen.yaml");
    let at = yaml.find("  connectors:\n").unwrap();
    let end = at + yaml[at..].find("  links:\n").unwrap();
    let unstated = view(&format!("{}{}", &yaml[..at], &yaml[end..]));
    assert_eq!(
        touching(&unstated.c4.deployment),
        read("region_1_managed", "reads the change log")
    );
}

fn many(n: usize) -> String {
    let mut y = String::from("version: 1\nname: Big\nrequirements: {domain: retail}\n");
    y.push_str("communication:\n  brokers: [{name: bus, technology: Kafka}]\nservices:\n");
    for i in 0..n {
        let ctx = if i % 2 == 0 { "even" } else { "odd" };
        y.push_str(&format!(
            "  - {{name: s{i}, responsibility: Does {i}., context: {ctx}"
        ));
        if i == 0 {
            y.push_str(", publishes: [{name: Happened, fields: [{name: id, type: uuid}]}]");
        } else if i == 1 {
            y.push_str(", consumes: [Happened]");
        }
        y.push_str("}\n");
    }
    y
}

#[test]
fn above_ten_services_the_view_splits_by_context() {
    assert!(!view(&many(10)).c4.split);
    let v = view(&many(11));
    assert!(v.c4.split);
    let map = &v.c4.context_map;
    assert_eq!(ids(&map.contexts), ["ctx_1", "ctx_2"]);
    assert_eq!(map.contexts[0].detail, "6 services");
    // the event leaves the even context through the broker and reaches the odd one
    assert!(
        map.edges
            .iter()
            .any(|e| e.from == "ctx_1" && e.to == "broker_bus" && e.label == "Happened")
    );
    assert!(
        map.edges
            .iter()
            .any(|e| e.from == "broker_bus" && e.to == "ctx_2")
    );
    assert_eq!(v.c4.by_context.len(), 2);
    let odd = &v.c4.by_context[1];
    assert_eq!(odd.name, "odd");
    assert_eq!(odd.groups[0].nodes.len(), 5);
    assert!(odd.shared.iter().any(|n| n.id == "broker_bus"));
    assert!(
        odd.shared.iter().any(|n| n.id == "dlq_broker_bus"),
        "a broker's dead letters go with it"
    );
    // the deployment draws one workload per context
    assert_eq!(v.c4.deployment.regions[0].workloads.len(), 2);
}

#[test]
fn a_provider_webhook_goes_to_the_receiving_service_not_the_broker() {
    let v = example();
    let c = &v.c4.containers;
    // Through the gateway it enters by (`via: gateway`).
    let edge = |from: &str, to: &str| c.edges.iter().any(|e| e.from == from && e.to == to);
    assert!(edge("ext_stripe", "svc_gateway") && !edge("ext_stripe", "svc_payments"));
    assert!(
        c.edges
            .iter()
            .any(|e| e.from == "svc_gateway" && e.to == "svc_payments" && e.style == "async"),
        "{:?}",
        c.edges
    );
    assert!(
        !c.edges
            .iter()
            .any(|e| e.from == "ext_stripe" && e.to == "broker_kafka")
    );
    assert!(
        v.graph
            .direct
            .iter()
            .any(|e| e.from == "svc_gateway" && e.to == "svc_payments")
    );
}

/// A client that calls an external system itself (Stripe's card form) is drawn doing so: in the
/// context from the people whose use cases run that flow, in the containers from the client.
#[test]
fn what_a_client_does_at_an_external_itself_is_drawn() {
    let v = example();
    let said = "Tokenise the card in Stripe's payment form; Answer the 3-D Secure challenge with \
                Stripe.js";
    let context: Vec<(&str, &str)> =
        v.c4.context
            .edges
            .iter()
            .filter(|e| e.to == "ext_stripe" && e.label == said)
            .map(|e| (e.from.as_str(), e.style.as_str()))
            .collect();
    // Only the customer checks out: the support agent never sees the card form.
    assert_eq!(context, [("person_customer", "sync")]);
    let containers: Vec<&str> =
        v.c4.containers
            .edges
            .iter()
            .filter(|e| e.to == "ext_stripe" && e.label == said)
            .map(|e| e.from.as_str())
            .collect();
    assert_eq!(containers, ["client_web"]);
}

#[test]
fn people_sign_in_only_where_their_roles_tokens_come_from() {
    let v = view(include_str!(
        "../../../examples/clinic-booking/archgen.yaml"
    ));
    let c = &v.c4.context;
    let signs_in: Vec<(String, String)> = c
        .edges
        .iter()
        .filter(|e| e.label.starts_with("signs in") || e.label.starts_with("its system"))
        .map(|e| {
            let name = |id: &str| {
                c.people
                    .iter()
                    .chain(&c.externals)
                    .find(|n| n.id == id)
                    .map_or(id.to_owned(), |n| n.name.clone())
            };
            (name(&e.from), name(&e.to))
        })
        .collect();
    // Each role the actors name is a person of its own: staff and clinicians sign in at Entra
    // ID only, patients at Auth0 only, referral partners at Cognito.
    let at = |who: &str, idp: &str| signs_in.contains(&(who.into(), idp.into()));
    assert!(at("front-desk staff", "Microsoft Entra ID") && at("clinician", "Microsoft Entra ID"));
    assert!(at("clinic manager", "Microsoft Entra ID") && !at("clinic manager", "Auth0"));
    assert!(!at("front-desk staff", "Auth0"));
    assert!(at("patient", "Auth0") && !at("patient", "Amazon Cognito"));
    assert!(at("referral partner", "Amazon Cognito") && !at("referral partner", "Auth0"));
    // Cognito issues the partners' systems their tokens by client credentials: no one signs
    // in there.
    let to_cognito = (c.edges.iter())
        .find(|e| e.from == "person_referral_partner" && e.to == "idp_amazon_cognito")
        .map(|e| e.label.as_str());
    assert_eq!(
        to_cognito,
        Some("its system gets tokens [OAuth 2.0, client credentials]")
    );
    let people: Vec<&str> = c.people.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(
        people,
        [
            "patient",
            "front-desk staff",
            "referral partner",
            "clinician",
            "clinic manager"
        ]
    );
}

/// The deployment view's cluster says the zones it spans (stated, else assumed) and the
/// replicas each workload runs.
#[test]
fn the_cluster_says_its_zones_and_replicas() {
    let v = example();
    assert_eq!(
        v.c4.deployment.spread,
        "3 zones; 3 to 20 replicas a workload"
    );
    let unstated =
        include_str!("../../../examples/order-management/archgen.yaml").replace("  zones: 3\n", "");
    let v = view(&unstated);
    assert_eq!(
        v.c4.deployment.spread,
        "3 zones, assumed; 3 to 20 replicas a workload"
    );
}

#[test]
fn an_existing_system_is_outside_the_boundary_and_people_use_their_own_clients() {
    let v = view(include_str!(
        "../../../examples/clinic-booking/archgen.yaml"
    ));
    let c = &v.c4.containers;
    // The legacy scheduler and its database are systems the plan talks to, not containers of
    // Carebook: outside the boundary, whatever context the model put them in.
    let inside: Vec<&str> = c.groups.iter().flat_map(|g| ids(&g.nodes)).collect();
    for legacy in [
        "svc_legacy_scheduler",
        "db_legacy_scheduler_legacy_scheduling_database",
    ] {
        assert!(!inside.contains(&legacy), "{legacy} in {inside:?}");
        assert!(ids(&c.outside).contains(&legacy), "{legacy} outside");
    }
    // The consumers that wait out a failure on retry topics read them back.
    assert!(ids(&c.shared).contains(&"retry_broker_kafka"));
    let back: Vec<&str> = (c.edges.iter())
        .filter(|e| e.from == "retry_broker_kafka")
        .map(|e| e.to.as_str())
        .collect();
    assert_eq!(back, ["svc_notifications", "svc_records_sync"]);
    // Each person uses the clients of the provider their role's tokens come from.
    let uses = |who: &str| -> Vec<&str> {
        (c.edges.iter())
            .filter(|e| e.from == who && e.label == "uses")
            .map(|e| e.to.as_str())
            .collect()
    };
    assert_eq!(
        uses("person_patient"),
        ["client_patient_web", "client_patient_app"]
    );
    assert_eq!(uses("person_clinician"), ["client_staff_console"]);
    assert_eq!(uses("person_referral_partner"), ["client_partner"]);
    // Where roles name no provider, the model does not tell: every client.
    let v = example();
    assert_eq!(
        (v.c4.containers.edges.iter())
            .filter(|e| e.from == "person_customer" && e.label == "uses")
            .map(|e| e.to.as_str())
            .collect::<Vec<_>>(),
        ["clients"]
    );
}

#[test]
fn partners_systems_are_outside_the_boundary_and_each_client_signs_in_where_its_entry_says() {
    let v = view(include_str!(
        "../../../examples/clinic-booking/archgen.yaml"
    ));
    let c = &v.c4.containers;
    // Referral partners' systems are another organisation's: outside, not among the clients.
    assert!(!ids(&c.clients).contains(&"client_partner"));
    assert!(ids(&c.outside).contains(&"client_partner"));
    assert!(!v.c4.parents.contains_key("client_partner"));
    let to = |idp: &str| -> Vec<(&str, &str)> {
        (c.edges.iter())
            .filter(|e| e.to == idp)
            .filter(|e| !e.label.starts_with("validates"))
            .map(|e| (e.from.as_str(), e.label.as_str()))
            .collect()
    };
    // Each provider's entry names its clients: no arrow from the whole group of clients.
    assert_eq!(
        to("idp_auth0"),
        [
            ("client_patient_web", "signs in [OIDC]"),
            ("client_patient_app", "signs in [OIDC]")
        ]
    );
    assert_eq!(
        to("idp_microsoft_entra_id"),
        [("client_staff_console", "signs in [OIDC]")]
    );
    assert_eq!(
        to("idp_amazon_cognito"),
        [(
            "client_partner",
            "gets tokens [OAuth 2.0, client credentials]"
        )]
    );
    // Where one provider serves every client alike, one arrow leaves the group.
    let om = example();
    let group: Vec<&str> = (om.c4.containers.edges.iter())
        .filter(|e| e.to == "idp_keycloak" && !e.label.starts_with("validates"))
        .map(|e| e.from.as_str())
        .collect();
    assert_eq!(group, ["clients"]);
}

#[test]
fn an_existing_system_stands_beside_the_system_in_its_context() {
    let v = view(include_str!(
        "../../../examples/clinic-booking/archgen.yaml"
    ));
    let c = &v.c4.context;
    let legacy = (c.externals.iter()).find(|n| n.id == "svc_legacy_scheduler");
    assert_eq!(
        legacy.map(|n| (n.kind.as_str(), n.detail.as_str())),
        Some(("legacy", "existing system"))
    );
    // Its events reach the system by change data capture from its database: one arrow.
    let arrows: Vec<&super::C4Edge> = (c.edges.iter())
        .filter(|e| e.from == "svc_legacy_scheduler" || e.to == "svc_legacy_scheduler")
        .collect();
    assert_eq!(arrows.len(), 1, "{arrows:?}");
    assert_eq!(
        (arrows[0].to.as_str(), arrows[0].style.as_str()),
        ("system", "async")
    );
    assert!(
        arrows[0].label.ends_with(
            "(captured from its legacy scheduling database by Debezium (Kafka Connect))"
        ),
        "{}",
        arrows[0].label
    );
}
