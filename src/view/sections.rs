//! Steps 1 and 6 to 10 of the view: requirements, observability, security, performance,
//! testing, deployment and migration, with defaults resolved; and the facts rules test.

use super::events::EventView;
use super::links::LinkView;
use super::nodes::{NodeRef, Nodes};
use super::services::ServiceView;
use crate::defaults;
use crate::model::*;
use serde::Serialize;

/// Serializes a kebab-case enum to its model spelling.
fn word<T: Serialize>(value: T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// Requirements with derived figures.
#[derive(Debug, Clone, Serialize)]
pub struct RequirementsView {
    /// The model's requirements as written.
    #[serde(flatten)]
    pub model: Requirements,
    /// Availability target, resolved.
    pub availability_target: f64,
    /// Whether the model set it.
    pub availability_explicit: bool,
    /// Minutes of downtime allowed per 30 days.
    pub error_budget_minutes: f64,
}

pub(super) fn requirements(model: &Model) -> RequirementsView {
    let a = defaults::availability(model);
    RequirementsView {
        model: model.requirements.clone(),
        availability_target: a,
        availability_explicit: model.requirements.availability.is_some(),
        error_budget_minutes: defaults::error_budget_minutes(a),
    }
}

/// Observability, resolved.
#[derive(Debug, Clone, Serialize)]
pub struct ObservabilityView {
    /// Log aggregation backend, if chosen.
    pub log_backend: Option<String>,
    /// Correlation header.
    pub correlation_header: String,
    /// Log retention in days.
    pub log_retention_days: u32,
    /// Whether the retention is the default (30 days) rather than the model's.
    pub log_retention_derived: bool,
    /// Whether personal data is redacted.
    pub redact_pii: bool,
    /// Metrics backend, if chosen.
    pub metrics_backend: Option<String>,
    /// Dashboards, if chosen.
    pub dashboards: Option<String>,
    /// RED metrics for request-serving services.
    pub red: bool,
    /// USE metrics for resources.
    pub r#use: bool,
    /// Business metrics.
    pub business_metrics: Vec<String>,
    /// Trace backend, if chosen.
    pub trace_backend: Option<String>,
    /// Head-sampling rate, resolved.
    pub sample_rate: f64,
    /// Whether the sample rate was derived from the load.
    pub sample_rate_derived: bool,
    /// Alert routing tool, if chosen.
    pub alert_tool: Option<String>,
    /// Who is paged.
    pub on_call: String,
    /// Extra alert rules.
    pub alert_rules: Vec<String>,
}

pub(super) fn observability(model: &Model) -> ObservabilityView {
    let o = &model.observability;
    let methods = &o.metrics.methods;
    ObservabilityView {
        log_backend: o.logging.backend.clone(),
        correlation_header: o
            .logging
            .correlation_header
            .clone()
            .unwrap_or_else(|| "traceparent".into()),
        log_retention_days: o.logging.retention_days.unwrap_or(30),
        log_retention_derived: o.logging.retention_days.is_none(),
        redact_pii: o.logging.redact_pii.unwrap_or(true),
        metrics_backend: o.metrics.backend.clone(),
        dashboards: o.metrics.dashboards.clone(),
        red: methods.is_empty() || methods.contains(&MetricsMethod::Red),
        r#use: methods.is_empty() || methods.contains(&MetricsMethod::Use),
        business_metrics: o.metrics.business.clone(),
        trace_backend: o.tracing.backend.clone(),
        sample_rate: defaults::sample_rate(model),
        sample_rate_derived: o.tracing.sample_rate.is_none(),
        alert_tool: o.alerting.tool.clone(),
        on_call: if o.alerting.on_call.is_empty() {
            "the owning team's on-call rotation".into()
        } else {
            o.alerting.on_call.clone()
        },
        alert_rules: o.alerting.rules.clone(),
    }
}

/// Security, resolved.
#[derive(Debug, Clone, Serialize)]
pub struct SecurityView {
    /// Authentication methods (derived from the clients when the model lists none).
    pub authentication: Vec<AuthView>,
    /// Whether the authentication methods were derived.
    pub authentication_derived: bool,
    /// `rbac`, `abac`, `rebac`, or `scopes` when the model chooses none.
    pub access_model: String,
    /// Policy engine, if chosen.
    pub engine: Option<String>,
    /// RBAC roles.
    pub roles: Vec<Role>,
    /// ABAC policies.
    pub policies: Vec<Policy>,
    /// `mtls`, `spiffe`, `jwt` or `network`.
    pub service_identity: String,
    /// Whether the service identity was derived.
    pub service_identity_derived: bool,
    /// Rate limits.
    pub rate_limits: Vec<RateLimitView>,
    /// Whether the rate limits were derived.
    pub rate_limits_derived: bool,
    /// Secrets store, if chosen.
    pub secrets: Option<String>,
    /// Allowed browser origins.
    pub cors_origins: Vec<String>,
    /// Whether credentials are allowed cross-origin.
    pub cors_credentials: bool,
    /// Whether any client runs in a browser.
    pub browser_clients: bool,
}

/// One authentication method.
#[derive(Debug, Clone, Serialize)]
pub struct AuthView {
    /// `oidc`, `oauth2`, `jwt`, `api-keys`, `mtls` or `session`.
    pub method: String,
    /// Identity provider, if named.
    pub provider: Option<String>,
    /// Issuer URL, if given.
    pub issuer: Option<String>,
    /// Clients that use it.
    pub clients: Vec<String>,
    /// Access token lifetime, for token methods.
    pub token_ttl_minutes: Option<u32>,
    /// OAuth scopes.
    pub scopes: Vec<Scope>,
    /// The OpenAPI security scheme name, unique, e.g. `oidc`.
    pub scheme: String,
}

/// A rate limit, resolved.
#[derive(Debug, Clone, Serialize)]
pub struct RateLimitView {
    /// What is counted.
    pub scope: String,
    /// Requests per window.
    pub requests: u32,
    /// `second`, `minute`, `hour` or `day`.
    pub per: String,
    /// Burst allowance.
    pub burst: Option<u32>,
    /// Algorithm.
    pub algorithm: String,
    /// Who enforces it.
    pub enforced_by: String,
}

pub(super) fn security(model: &Model, nodes: &Nodes) -> SecurityView {
    let s = &model.security;
    let gateway = model
        .services
        .iter()
        .find(|s| s.kind == ServiceKind::Gateway)
        .map(|g| g.name.clone());
    let all_clients: Vec<String> = model.clients.iter().map(|c| c.name.clone()).collect();
    let mut schemes = super::names::Namer::default();
    let mut auth: Vec<AuthView> = s
        .authentication
        .iter()
        .map(|a| AuthView {
            method: word(a.method),
            provider: a.provider.clone(),
            issuer: a.issuer.clone(),
            clients: if a.clients.is_empty() {
                all_clients.clone()
            } else {
                a.clients.clone()
            },
            token_ttl_minutes: a.token_ttl_minutes.or(match a.method {
                AuthMethod::Oidc | AuthMethod::Oauth2 | AuthMethod::Jwt => Some(15),
                _ => None,
            }),
            scopes: a.scopes.clone(),
            scheme: schemes.unique(&super::names::camel(&word(a.method), "auth"), ""),
        })
        .collect();
    let derived = auth.is_empty();
    if derived {
        let (partners, people): (Vec<&Client>, Vec<&Client>) = model
            .clients
            .iter()
            .partition(|c| c.kind == ClientKind::Partner);
        if !people.is_empty() || partners.is_empty() {
            auth.push(AuthView {
                method: "oidc".into(),
                provider: None,
                issuer: None,
                clients: people.iter().map(|c| c.name.clone()).collect(),
                token_ttl_minutes: Some(15),
                scopes: Vec::new(),
                scheme: schemes.unique("oidc", ""),
            });
        }
        if !partners.is_empty() {
            auth.push(AuthView {
                method: "api-keys".into(),
                provider: None,
                issuer: None,
                clients: partners.iter().map(|c| c.name.clone()).collect(),
                token_ttl_minutes: None,
                scopes: Vec::new(),
                scheme: schemes.unique("apiKeys", ""),
            });
        }
    }
    let enforced = |by: &Option<String>| {
        by.clone()
            .or_else(|| gateway.clone())
            .unwrap_or_else(|| "each service".into())
    };
    let mut limits: Vec<RateLimitView> = s
        .rate_limits
        .iter()
        .map(|r| RateLimitView {
            scope: word(r.scope),
            requests: r.requests,
            per: word(r.per),
            burst: r.burst,
            algorithm: word(r.algorithm),
            enforced_by: enforced(&r.enforced_by),
        })
        .collect();
    let limits_derived = limits.is_empty();
    if limits_derived {
        limits.push(RateLimitView {
            scope: "client".into(),
            requests: 600,
            per: "minute".into(),
            burst: Some(100),
            algorithm: "token-bucket".into(),
            enforced_by: enforced(&None),
        });
    }
    let _ = nodes;
    SecurityView {
        authentication: auth,
        authentication_derived: derived,
        access_model: s
            .authorization
            .model
            .map(word)
            .unwrap_or_else(|| "scopes".into()),
        engine: s.authorization.engine.clone(),
        roles: s.authorization.roles.clone(),
        policies: s.authorization.policies.clone(),
        service_identity: word(s.service_identity.unwrap_or(ServiceIdentity::Mtls)),
        service_identity_derived: s.service_identity.is_none(),
        rate_limits: limits,
        rate_limits_derived: limits_derived,
        secrets: s.secrets.clone(),
        cors_origins: s.cors.allowed_origins.clone(),
        cors_credentials: s.cors.allow_credentials,
        browser_clients: model.clients.iter().any(|c| c.kind == ClientKind::Web),
    }
}

/// Caches, jobs and scaling.
#[derive(Debug, Clone, Serialize)]
pub struct PerformanceView {
    /// Caches.
    pub caches: Vec<CacheView>,
    /// Background jobs.
    pub jobs: Vec<JobView>,
    /// Autoscaling signal.
    pub autoscale_on: String,
    /// Whether the autoscaling signal was derived (CPU when the model sets none).
    pub autoscale_derived: bool,
    /// Fewest replicas.
    pub min_replicas: u32,
    /// Whether the fewest replicas were derived from the availability target.
    pub min_replicas_derived: bool,
    /// Most replicas.
    pub max_replicas: u32,
    /// Whether the most replicas were derived from the fewest.
    pub max_replicas_derived: bool,
}

/// A cache.
#[derive(Debug, Clone, Serialize)]
pub struct CacheView {
    /// The model's cache.
    #[serde(flatten)]
    pub model: Cache,
    /// The owning service.
    pub owner: NodeRef,
    /// Whether the TTL stays within the allowed staleness.
    pub within_staleness: bool,
}

/// A background job.
#[derive(Debug, Clone, Serialize)]
pub struct JobView {
    /// The model's job.
    #[serde(flatten)]
    pub model: Job,
    /// The service running it.
    pub owner: NodeRef,
}

pub(super) fn performance(model: &Model, nodes: &Nodes) -> PerformanceView {
    let p = &model.performance;
    let min = p
        .scaling
        .min_replicas
        .unwrap_or(if defaults::availability(model) >= 99.9 {
            3
        } else {
            2
        });
    PerformanceView {
        caches: p
            .caches
            .iter()
            .map(|c| CacheView {
                model: c.clone(),
                owner: nodes.get(&c.service),
                within_staleness: c.max_staleness_seconds.is_none_or(|s| c.ttl_seconds <= s),
            })
            .collect(),
        jobs: p
            .jobs
            .iter()
            .map(|j| JobView {
                model: j.clone(),
                owner: nodes.get(&j.service),
            })
            .collect(),
        autoscale_on: word(p.scaling.autoscale_on.unwrap_or(ScaleSignal::Cpu)),
        autoscale_derived: p.scaling.autoscale_on.is_none(),
        min_replicas: min,
        min_replicas_derived: p.scaling.min_replicas.is_none(),
        max_replicas: p.scaling.max_replicas.unwrap_or((min * 4).max(10)),
        max_replicas_derived: p.scaling.max_replicas.is_none(),
    }
}

/// The test levels, resolved.
#[derive(Debug, Clone, Serialize)]
pub struct TestingView {
    /// Levels in order from unit to security.
    pub levels: Vec<TestLevel>,
    /// Whether the levels were derived from the design.
    pub derived: bool,
}

pub(super) fn testing(model: &Model) -> TestingView {
    if !model.testing.levels.is_empty() {
        let mut levels = model.testing.levels.clone();
        levels.sort_by_key(|l| l.level);
        return TestingView {
            levels,
            derived: false,
        };
    }
    let level = |level, tools: &[&str], scope: &str, runs: &str| TestLevel {
        level,
        tools: tools.iter().map(|t| t.to_string()).collect(),
        scope: scope.into(),
        runs: runs.into(),
    };
    let mut levels = vec![
        level(
            TestKind::Unit,
            &[],
            "business rules and edge cases of each service",
            "every commit",
        ),
        level(
            TestKind::Integration,
            &["Testcontainers"],
            "each service with its real data stores and stubbed neighbours",
            "every pull request",
        ),
    ];
    if model.services.len() > 1 {
        levels.push(level(
            TestKind::Contract,
            &["Pact"],
            "every synchronous link and every event schema, consumer-driven",
            "every pull request",
        ));
    }
    levels.push(level(
        TestKind::EndToEnd,
        &[],
        "the key flows against a deployed staging environment",
        "before each release",
    ));
    if model.requirements.scale.peak_rps.is_some() {
        levels.push(level(
            TestKind::Load,
            &["k6"],
            "peak load plus headroom against the latency targets",
            "weekly and before launches",
        ));
    }
    if defaults::availability(model) >= 99.95 {
        levels.push(level(
            TestKind::Chaos,
            &["Chaos Mesh"],
            "dependency latency, errors and lost instances",
            "monthly game days",
        ));
    }
    levels.push(level(
        TestKind::Security,
        &["OWASP ZAP"],
        "OWASP Top 10 against the public APIs",
        "nightly",
    ));
    TestingView {
        levels,
        derived: true,
    }
}

/// Deployment, resolved.
#[derive(Debug, Clone, Serialize)]
pub struct DeploymentView {
    /// Platform, if chosen.
    pub platform: Option<String>,
    /// `rolling`, `blue-green` or `canary`.
    pub strategy: String,
    /// Whether the strategy was derived from the availability target.
    pub strategy_derived: bool,
    /// Environments in promotion order.
    pub environments: Vec<Environment>,
    /// Whether the environments are the default `dev`, `staging`, `production`.
    pub environments_derived: bool,
    /// Canary traffic steps.
    pub canary_steps: Vec<u32>,
    /// Whether the canary steps are the default 5, 25, 50, 100.
    pub canary_steps_derived: bool,
    /// CI/CD system, if chosen.
    pub pipeline: Option<String>,
    /// Feature flag service, if chosen.
    pub feature_flags: Option<String>,
    /// Regions.
    pub regions: Vec<String>,
    /// The rollout plan from the model (the templates write a default plan when empty).
    pub rollout: Vec<String>,
    /// The rollback plan from the model (the templates write a default when empty).
    pub rollback: String,
}

pub(super) fn deployment(model: &Model) -> DeploymentView {
    let d = &model.deployment;
    let env = |name: &str, purpose: &str| Environment {
        name: name.into(),
        purpose: purpose.into(),
    };
    DeploymentView {
        platform: d.platform.clone(),
        strategy: word(defaults::deploy_strategy(model)),
        strategy_derived: d.strategy.is_none(),
        environments: if d.environments.is_empty() {
            vec![
                env("dev", "integration of merged changes"),
                env("staging", "production-like rehearsal of each release"),
                env("production", "live traffic"),
            ]
        } else {
            d.environments.clone()
        },
        environments_derived: d.environments.is_empty(),
        canary_steps: defaults::canary_steps(model),
        canary_steps_derived: d.canary_steps.is_empty(),
        pipeline: d.pipeline.clone(),
        feature_flags: d.feature_flags.clone(),
        regions: d.regions.clone(),
        rollout: d.rollout.clone(),
        rollback: d.rollback.clone(),
    }
}

/// A migration plan.
#[derive(Debug, Clone, Serialize)]
pub struct MigrationView {
    /// The legacy system.
    pub from: NodeRef,
    /// `strangler`, `branch-by-abstraction` or `big-bang`.
    pub pattern: String,
    /// Phases in order.
    pub phases: Vec<Phase>,
}

pub(super) fn migration(model: &Model, nodes: &Nodes) -> Option<MigrationView> {
    model.migration.as_ref().map(|m| MigrationView {
        from: nodes.get(&m.from),
        pattern: word(m.pattern),
        phases: m.phases.clone(),
    })
}

/// Facts about the design that recommendation rules and conditional sections test.
#[derive(Debug, Clone, Serialize)]
pub struct Facts {
    /// Number of services of every kind.
    pub services: usize,
    /// Kinds present.
    pub kinds: Vec<String>,
    /// API styles present.
    pub styles: Vec<String>,
    /// Synchronous links.
    pub sync_links: usize,
    /// Asynchronous links.
    pub async_links: usize,
    /// Published events.
    pub events: usize,
    /// Broker technologies, lowercase.
    pub brokers: Vec<String>,
    /// Data store technologies, lowercase.
    pub stores: Vec<String>,
    /// Cache technologies, lowercase.
    pub caches: Vec<String>,
    /// Client kinds present.
    pub clients: Vec<String>,
    /// External systems.
    pub externals: usize,
    /// Flows.
    pub flows: usize,
    /// Flows that are sagas.
    pub sagas: usize,
    /// Peak requests per second (0 when unknown).
    pub peak_rps: u32,
    /// Availability target.
    pub availability: f64,
    /// p99 latency target in ms (0 when unknown).
    pub p99_ms: u32,
    /// Whether the system is multi-tenant.
    pub multi_tenant: bool,
    /// `strong`, `eventual` or `mixed`.
    pub consistency: String,
    /// Compliance regimes, lowercase.
    pub compliance: Vec<String>,
    /// Authentication methods in use.
    pub auth: Vec<String>,
    /// Whether a migration is planned.
    pub migration: bool,
    /// Whether any resource offers `subscribe`.
    pub realtime: bool,
}

fn sorted_unique(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v.dedup();
    v
}

pub(super) fn facts(
    model: &Model,
    services: &[ServiceView],
    links: &[LinkView],
    events: &[EventView],
) -> Facts {
    let lower = |v: Vec<&String>| sorted_unique(v.into_iter().map(|s| s.to_lowercase()).collect());
    Facts {
        services: services.len(),
        kinds: sorted_unique(services.iter().map(|s| s.node.kind.clone()).collect()),
        styles: sorted_unique(
            services
                .iter()
                .map(|s| s.api.style.clone())
                .filter(|s| s != "none")
                .collect(),
        ),
        sync_links: links.iter().filter(|l| l.style == "sync").count(),
        async_links: links.iter().filter(|l| l.style == "async").count(),
        events: events.len(),
        brokers: lower(
            model
                .communication
                .brokers
                .iter()
                .map(|b| &b.technology)
                .collect(),
        ),
        stores: lower(
            model
                .services
                .iter()
                .flat_map(|s| s.data.iter().map(|d| &d.store))
                .collect(),
        ),
        caches: lower(
            model
                .performance
                .caches
                .iter()
                .map(|c| &c.technology)
                .collect(),
        ),
        clients: sorted_unique(model.clients.iter().map(|c| word(c.kind)).collect()),
        externals: model.externals.len(),
        flows: model.communication.flows.len(),
        sagas: model
            .communication
            .flows
            .iter()
            .filter(|f| f.saga.is_some())
            .count(),
        peak_rps: model.requirements.scale.peak_rps.unwrap_or(0),
        availability: defaults::availability(model),
        p99_ms: model.requirements.latency.p99_ms.unwrap_or(0),
        multi_tenant: model.requirements.tenancy.is_some()
            || model.requirements.scale.tenants.is_some(),
        consistency: word(model.requirements.consistency),
        compliance: lower(model.requirements.compliance.iter().collect()),
        auth: sorted_unique(
            model
                .security
                .authentication
                .iter()
                .map(|a| word(a.method))
                .collect(),
        ),
        migration: model.migration.is_some(),
        realtime: services.iter().any(|s| s.api.has_subscriptions)
            || services
                .iter()
                .any(|s| s.api.style == "websocket" || s.api.style == "sse"),
    }
}
