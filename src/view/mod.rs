//! The view: everything templates see, derived from the model once per render. Names are made
//! safe and unique for every format here, defaults are resolved here, and links between
//! services are worked out here, so templates only lay out what they are given.

mod access;
mod actions;
mod after_reply;
mod api;
mod assumptions;
mod avro;
mod boundaries;
pub mod c4;
pub mod calls;
mod capture;
pub mod catalog;
mod channels;
mod compensations;
mod decisions;
mod derived;
mod docs;
mod enum_gaps;
mod envelope;
mod event_delivery;
mod event_payload;
mod events;
mod examples;
pub(crate) use examples::uuid as stable_uuid;
mod fields;
mod filters;
mod flow_deliveries;
mod flow_failures;
mod flow_queries;
mod flows;
mod glossary;
mod graph;
mod http_caching;
mod index;
mod kept;
mod keyed;
mod kickoff;
mod links;
pub use crate::text::names;
mod compliance;
mod csp;
mod deployment;
mod encryption;
mod erasure;
mod erasure_reach;
mod facts;
pub(crate) mod issuers;
mod job_races;
mod nodes;
mod observability;
mod operations;
mod outcome;
mod performance;
mod personal;
mod personal_query;
mod protobuf;
mod races;
mod reach;
mod receivers;
mod redelivery;
mod refused;
mod replies;
mod requirements;
mod resources;
mod retried;
pub mod retry_budget;
mod scaling;
mod security;
mod services;
mod staleness;
mod stream_auth;
mod testing;
mod tokenless;
mod topic_plan;
mod waiting;
pub mod write_only;

pub use crate::text::english::plural as plural_word;
pub use access::{AccessView, SecurityReq};
pub use actions::{ActionView, ProblemView};
pub use api::ApiView;
pub use avro::AvroPayload;
pub use decisions::DecisionView;
pub use deployment::*;
pub use derived::ReviewFinding;
pub use docs::{DocEntry, DocRef, Recommendation};
pub use envelope::{EnvelopeView, header_names};
pub use events::EventView;
pub use facts::*;
pub use fields::{EnumView, FieldView};
pub use filters::{FilterParamView, FilterView};
pub use flows::{FlowView, StepView};
pub use glossary::GlossaryEntry;
pub use graph::{ContextGroup, Edge, GraphView};
pub use http_caching::HttpCachingView;
pub use index::IndexView;
pub use kickoff::KickoffView;
pub use links::{LinkView, ResilienceView};
pub use nodes::{BrokerView, NodeRef};
pub use observability::*;
pub use operations::OperationView;
pub use performance::*;
pub use protobuf::ProtoPayload;
pub use requirements::*;
pub use resources::{ParamView, ResourceView};
pub use security::*;
pub use services::ServiceView;
pub use testing::*;

use crate::model::Model;
use serde::Serialize;
use std::collections::BTreeMap;

/// What every template is rendered with.
#[derive(Debug, Clone, Serialize)]
pub struct View {
    /// The system as a whole.
    pub system: SystemView,
    /// Step 1, with derived figures.
    pub requirements: RequirementsView,
    /// The communication graph the diagrams draw.
    pub graph: GraphView,
    /// Lookups by name: links by either end, events, brokers' users.
    pub index: IndexView,
    /// Services, gateways, BFFs, workers and the legacy system.
    pub services: Vec<ServiceView>,
    /// Clients.
    pub clients: Vec<NodeRef>,
    /// External systems.
    pub externals: Vec<NodeRef>,
    /// Brokers, with technology and delivery guarantee.
    pub brokers: Vec<BrokerView>,
    /// Data stores, one per service and store.
    pub stores: Vec<NodeRef>,
    /// Stores whose changes a connector captures onto a broker (change data capture).
    pub captures: Vec<capture::CaptureView>,
    /// The events change data capture publishes (their services publish no outbox for them).
    pub captured_events: Vec<String>,
    /// Published events with their publisher and consumers.
    pub events: Vec<EventView>,
    /// The personal fields events carry, with who reads them and who gets them unread.
    pub personal_data: Vec<personal::PersonalField>,
    /// Fields events carry that their publisher's contract takes but never returns.
    pub write_only_in_events: Vec<personal::PersonalField>,
    /// Conflicts a create answers to roles that may not read the item.
    pub existence_leaks: Vec<crate::derive::existence::ExistenceLeak>,
    /// Lists whose filters take personal data in their URL.
    pub personal_queries: Vec<personal_query::PersonalQuery>,
    /// Event enums that leave out values of their publisher's resource field.
    pub enum_gaps: Vec<enum_gaps::EnumGap>,
    /// Where an erasure request must reach: owners, copies and topics of personal data.
    pub erasure: erasure::Erasure,
    /// What each compliance regime reaches: the stores that keep its kind of data.
    pub compliance: Vec<compliance::Scope>,
    /// Encryption at rest as those regimes ask it, where the model leaves some of it unstated.
    pub encryption_at_rest: Option<encryption::EncryptionAtRest>,
    /// Every link: the model's own and those derived from events.
    pub links: Vec<LinkView>,
    /// Key flows.
    pub flows: Vec<FlowView>,
    /// The C4 views: people, containers with their infrastructure, deployment, context map.
    pub c4: c4::C4View,
    /// The EventCatalog export's collections.
    pub catalog: catalog::CatalogView,
    /// The message envelope and schema registry, when the model declares them.
    pub envelope: Option<EnvelopeView>,
    /// How the outbox tables reach the broker (`communication.outbox_relay`), when decided.
    pub outbox_relay: Option<String>,
    /// The change data capture tool that relays the outbox tables, when the relay is one
    /// ([`crate::derive::open::cdc_tool`]); none for `polling` or while undecided.
    pub outbox_cdc: Option<String>,
    /// The change data capture connectors and the team that runs them, when there are some.
    pub connectors: Option<crate::derive::open_connectors::Runtime>,
    /// The external systems' announced maintenance against their callers' error budgets.
    pub maintenance: Vec<crate::derive::maintenance::Maintenance>,
    /// Resilience defaults, resolved.
    pub resilience: ResilienceView,
    /// Observability, resolved.
    pub observability: ObservabilityView,
    /// Security, resolved.
    pub security: SecurityView,
    /// Caches, jobs and scaling.
    pub performance: PerformanceView,
    /// Test levels, resolved.
    pub testing: TestingView,
    /// Technology choices from the model.
    pub technology: Vec<crate::model::TechChoice>,
    /// The technologies the model names elsewhere: stacks, stores, brokers, caches, platform.
    pub named_choices: Vec<crate::derive::choices::NamedChoice>,
    /// Deployment, resolved.
    pub deployment: DeploymentView,
    /// The migration plan, if any.
    pub migration: Option<MigrationView>,
    /// ADRs from the model's decisions (0001 is the templates' own).
    pub decisions: Vec<DecisionView>,
    /// The kickoff set: assumptions, open decisions, risks, threats, failure modes and
    /// recovery, non-goals and glossary.
    pub kickoff: KickoffView,
    /// The capacity model: rates from the use-case mix, events, partitions, storage, cache
    /// memory and connections.
    pub capacity: crate::derive::capacity::Capacity,
    /// The partitions each partitioned broker holds in all, retry and dead-letter topics
    /// included, against what a broker is recommended to hold.
    pub topic_plan: Vec<topic_plan::BrokerPlan>,
    /// The brief's numbers against each other: follow-up rates against creations, the declared
    /// data growth against what the creations write.
    pub brief: crate::derive::brief::Brief,
    /// Every state of every resource's lifecycle field, with what moves it there.
    pub lifecycle: Vec<crate::derive::lifecycle::State>,
    /// The lifecycle states items wait in for another party, which observability watches.
    pub waiting: Vec<waiting::Waiting>,
    /// Availability of each journey and service, composed from its synchronous dependencies.
    pub availability: crate::derive::availability::Availability,
    /// How many retries each caller may send, as a share of its calls.
    pub retry_budget: retry_budget::RetryBudget,
    /// Every value the derivations assumed because the model did not state it.
    pub assumptions: Vec<crate::derive::Assumption>,
    /// Why each business service and worker stands apart, and what couples it to the others.
    pub boundaries: Vec<boundaries::Apart>,
    /// Pairs of them that call each other synchronously both ways.
    pub boundary_cycles: Vec<(String, String)>,
    /// What each component keeps beside its business records, with owner, place and lifetime.
    pub kept: Vec<kept::Kept>,
    /// The services whose operations the flows call by name, with the operations none calls.
    pub uncalled_operations: Vec<calls::Uncalled>,
    /// Lifecycle moves named after the event their own service publishes to announce them.
    pub own_event_moves: Vec<crate::derive::own_moves::OwnMove>,
    /// The design review's findings, filled in by the renderer from the review rules.
    pub review: Vec<ReviewFinding>,
    /// Flow steps and links that read fields their callee's contract only accepts.
    pub write_only_reads: Vec<write_only::WriteOnlyRead>,
    /// Facts about the design, for recommendation rules and conditional sections.
    pub facts: Facts,
    /// Answers to a template pack's own questions.
    pub extra: BTreeMap<String, serde_json::Value>,
    /// Recommendations, filled in by the renderer from the rules.
    pub recommendations: Vec<Recommendation>,
    /// Every single (not per-item) document by id, filled in by the renderer:
    /// `docs.security.path`.
    pub docs: BTreeMap<String, DocRef>,
    /// Every single document in manifest order, for indexes.
    pub documents: Vec<DocEntry>,
}

/// The system as a whole.
#[derive(Debug, Clone, Serialize)]
pub struct SystemView {
    /// Name.
    pub name: String,
    /// File-safe slug.
    pub slug: String,
    /// Description.
    pub description: String,
    /// The model's date, if any.
    pub date: Option<String>,
    /// Whether the team asked for ADR 0001, the decision to keep records.
    pub adr_0001: bool,
}

/// What the call graph derives for the view: the events, links and flows it was built from,
/// with capacity, resilience, availability, the brief and their assumptions.
struct Derived {
    events: Vec<EventView>,
    links: Vec<LinkView>,
    flows: Vec<FlowView>,
    capacity: crate::derive::capacity::Capacity,
    resilience: ResilienceView,
    availability: crate::derive::availability::Availability,
    brief: crate::derive::brief::Brief,
    assumptions: Vec<crate::derive::Assumption>,
    long_flows: Vec<crate::derive::trace_segments::LongFlow>,
}

/// Resolves events, links and flows, builds the call graph from them once, and derives from it.
fn derive(model: &Model, nodes: &nodes::Nodes) -> Derived {
    // Derived once: events, flows and journeys read each consumer's delivery policy from it,
    // and the resilience view lists it.
    let deliveries = crate::derive::delivery::derive(model);
    let events = events::build(model, nodes, &deliveries.all);
    let mut links = links::build(model, nodes, &events);
    let mut flows = flows::flows(model, nodes, &links, &deliveries.all);
    let g = derived::graph(model, &links, &flows, &events);
    let mut capacity = crate::derive::capacity::derive(&g);
    let mut derived_resilience = crate::derive::resilience::derive(&g, &capacity);
    let handlers = crate::derive::handlers::derive(&g, &derived_resilience);
    crate::derive::handlers::apply(model, &mut capacity, handlers);
    crate::derive::resilience::cap_by_partitions(
        &g,
        &mut derived_resilience.calls,
        &capacity.topics,
    );
    let availability = crate::derive::availability::derive(&g, &deliveries.all);
    derived_resilience.limiters = crate::derive::limiters::derive(
        &g,
        &capacity,
        &derived_resilience.calls,
        &availability.end_to_end,
    );
    let long_flows = crate::derive::trace_segments::long_flows(&g, &deliveries.all);
    let mut resilience = links::resilience(model, deliveries);
    let brief = crate::derive::brief::derive(&g, &capacity);
    derived::apply(
        &mut links,
        &g,
        &derived_resilience,
        &resilience.deliveries.all,
    );
    flow_failures::apply(&mut flows, &links, &resilience.deliveries.all);
    let mut assumptions = capacity.assumptions.clone();
    assumptions.extend(derived_resilience.assumptions.iter().cloned());
    assumptions.extend(availability.assumptions.iter().cloned());
    assumptions.extend(crate::derive::capture::assumptions(model));
    assumptions.extend(issuers::assumptions(model));
    assumptions.extend(crate::derive::capture::share_assumptions(model));
    resilience.derived = Some(derived_resilience);
    Derived {
        events,
        links,
        flows,
        capacity,
        resilience,
        availability,
        brief,
        assumptions,
        long_flows,
    }
}

/// The model's decisions, then the ones the kickoff proposes.
fn all_decisions(model: &Model) -> Vec<DecisionView> {
    let mut decisions = decisions::build(model);
    decisions.extend(kickoff::proposed(model, &decisions));
    decisions
}

/// Builds the view of a valid model.
// long: one struct literal that names each field of the view once.
pub fn build(model: &Model) -> View {
    let nodes = nodes::build(model);
    let Derived {
        events,
        links,
        flows,
        capacity,
        resilience,
        availability,
        brief,
        assumptions,
        long_flows,
    } = derive(model, &nodes);
    let mut security = security::security(model, &nodes);
    let mut services = services::services(model, &nodes, &events, &links, &security.authentication);
    services::apply_hops(&mut services, &availability.hops);
    security.unreachable = reach::unreachable(&services, &nodes, &security);
    let facts = facts::facts(model, &services, &links, &events);
    let mut graph = graph::build(&services, &links, &events);
    let captures = capture::build(model, &nodes);
    capture::reroute(&mut graph, &captures, &nodes);
    let mut index = index::build(&services, &nodes, &links, &events);
    index::broker_users(model, &mut index);
    let decisions = all_decisions(model);
    let kickoff = kickoff::build(model, Vec::new(), capacity.streams.as_ref());
    let topic_plan = topic_plan::build(&events, &capacity);
    let mut view = View {
        system: SystemView {
            name: model.name.clone(),
            slug: names::slug(&model.name, "system"),
            description: model.description.clone(),
            date: model.date.clone(),
            adr_0001: model.adr_0001,
        },
        requirements: requirements::requirements(model),
        graph,
        index,
        clients: nodes.clients.clone(),
        externals: nodes.externals.clone(),
        brokers: nodes::brokers(model, &nodes),
        stores: nodes.stores.clone(),
        captures,
        captured_events: crate::derive::capture::captured_events(model),
        services,
        events,
        personal_data: Vec::new(),
        write_only_in_events: Vec::new(),
        enum_gaps: Vec::new(),
        existence_leaks: Vec::new(),
        personal_queries: Vec::new(),
        erasure: erasure::Erasure::default(),
        compliance: Vec::new(),
        encryption_at_rest: None,
        links,
        flows,
        c4: c4::C4View::default(),
        catalog: catalog::CatalogView::default(),
        envelope: envelope::build(model),
        outbox_relay: model
            .communication
            .outbox_relay
            .clone()
            .filter(|r| !crate::derive::open::undecided(r)),
        outbox_cdc: crate::derive::open::cdc_tool(model.communication.outbox_relay.as_deref())
            .map(str::to_owned),
        connectors: crate::derive::open_connectors::runtime(model),
        maintenance: crate::derive::maintenance::derive(model),
        resilience,
        observability: observability::observability(model, long_flows),
        security,
        performance: performance::performance(model, &nodes),
        testing: testing::testing(model),
        technology: model.technology.clone(),
        named_choices: crate::derive::choices::named(model),
        deployment: deployment::deployment(model, &capacity),
        migration: deployment::migration(model, &nodes),
        decisions,
        kickoff,
        capacity,
        topic_plan,
        brief,
        lifecycle: crate::derive::lifecycle::states(model),
        waiting: Vec::new(),
        availability,
        assumptions,
        retry_budget: Default::default(),
        kept: Vec::new(),
        boundaries: Vec::new(),
        boundary_cycles: Vec::new(),
        uncalled_operations: Vec::new(),
        own_event_moves: crate::derive::own_moves::derive(model),
        review: Vec::new(),
        write_only_reads: Vec::new(),
        facts,
        extra: model.extra.clone(),
        recommendations: Vec::new(),
        docs: BTreeMap::new(),
        documents: Vec::new(),
    };
    finish(model, &nodes, &mut view);
    view
}

/// The view of the model `yaml`, which must load: for tests over the bundled examples.
#[cfg(test)]
pub(crate) fn built(yaml: &str) -> View {
    let model = crate::load::parse(yaml, "archgen.yaml").unwrap_or_else(|e| panic!("{e:?}"));
    build(&model)
}

/// Adds to `view` what is derived from the view itself: diagrams, the catalog, retried writes,
/// the retry budget and the assumptions.
fn finish(model: &Model, nodes: &nodes::Nodes, view: &mut View) {
    view.write_only_reads = write_only::derive(model, &view.services);
    view.testing.races = races::derive(&view.events, &view.services);
    races::guard(&mut view.testing.races, &view.lifecycle);
    view.testing.redeliveries =
        redelivery::derive(&view.events, &view.brokers, &view.captured_events);
    flow_queries::derive(view);
    view.waiting = waiting::derive(view);
    view.testing.job_races =
        job_races::derive(model, &view.performance.jobs, &view.lifecycle, &view.flows);
    view.personal_data = personal::derive(model, &view.events, &view.services);
    view.write_only_in_events = personal::write_only(model, &view.events, &view.services);
    view.enum_gaps = enum_gaps::derive(model);
    view.existence_leaks = crate::derive::existence::derive(model);
    view.personal_queries = personal_query::derive(model);
    view.erasure = erasure::derive(model, &view.personal_data, &view.capacity);
    view.compliance = compliance::derive(model, &view.erasure, &view.events);
    view.encryption_at_rest = encryption::derive(model, &view.compliance);
    view.performance.http = http_caching::derive(&view.services);
    view.c4 = c4::build(view, model);
    let delivery = view
        .brokers
        .iter()
        .map(|b| (b.node.name.clone(), b.delivery.clone()))
        .collect();
    view.catalog = catalog::build(
        &view.services,
        &view.events,
        &view.flows,
        &model.communication.flows,
        &nodes.stores_of,
        &delivery,
    );
    view.resilience.retried_writes = retried::derive(model, view);
    view.retry_budget = retry_budget::derive(model, &view.links);
    view.assumptions.extend(view.retry_budget.assumption());
    keyed::mark(view);
    view.kept = kept::derive(model, view);
    (view.boundaries, view.boundary_cycles) = boundaries::derive(view);
    view.kickoff.assumptions = assumptions::collect(model, view);
    view.uncalled_operations = calls::uncalled(model, view);
}

#[cfg(test)]
#[path = "limiters_tests.rs"]
mod limiters_tests;
