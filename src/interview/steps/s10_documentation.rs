//! Step 10: document the architecture: technology choices, deployment and rollout, a migration
//! plan when a legacy system is replaced, and the decisions as ADRs.

use super::prelude::*;
use crate::defaults;
use crate::interview::flow::Node;
use crate::model::{
    Consequences, Decision, DecisionOption, DecisionStatus, DeployStrategy, Migration,
    MigrationPattern, Phase, ServiceKind, TechChoice,
};

fn decision<'a>(m: &'a Model, at: &At) -> &'a Decision {
    &m.decisions[at[0]]
}

fn legacy(m: &Model) -> Option<String> {
    m.services
        .iter()
        .find(|s| s.kind == ServiceKind::Legacy)
        .map(|s| s.name.clone())
}

fn canary_steps(s: &[String]) -> Result<(), String> {
    let nums: Result<Vec<u32>, _> = s
        .iter()
        .map(|x| x.trim_end_matches('%').parse::<u32>())
        .collect();
    match nums {
        Ok(n)
            if !n.is_empty()
                && n.windows(2).all(|w| w[0] < w[1])
                && n.last() == Some(&100)
                && n[0] >= 1 =>
        {
            Ok(())
        }
        _ => Err("list growing percentages ending at 100, e.g. `5; 25; 50; 100`".into()),
    }
}

const PLATFORMS: [(&str, &str); 9] = [
    ("Kubernetes", "containers on any cloud or on premises"),
    ("Kubernetes (EKS)", "managed Kubernetes on AWS"),
    ("Kubernetes (GKE)", "managed Kubernetes on Google Cloud"),
    ("Kubernetes (AKS)", "managed Kubernetes on Azure"),
    ("AWS ECS", "managed containers on AWS"),
    ("AWS Lambda", "functions for spiky, event-driven work"),
    ("Google Cloud Run", "managed containers that scale to zero"),
    ("Nomad", "a lighter scheduler"),
    ("virtual machines", "without an orchestrator"),
];

// long: one step's question table, a declaration of a few lines per question
pub(super) fn step() -> Step {
    Step {
        number: 10,
        key: "documentation",
        title: "Documentation",
        why: "decisions with their reasons, and a plan to ship safely, outlive the people who \
              made them",
        nodes: nodes![
            group(
                "technology",
                "technology choice",
                lens!(|m, _| m.technology)
            )
            .help("What the team chose and why, e.g. the database or the service language.")
            .label(|t| format!("{}: {}", t.area, t.choice))
            .new_item(|_, _| TechChoice {
                area: String::new(),
                choice: String::new(),
                rationale: String::new(),
                alternatives: Vec::new(),
            })
            .ask(technology()),
            tool(
                "deployment.platform",
                "Where does it run?",
                &PLATFORMS,
                lens!(|m, _| m.deployment.platform)
            )
            .help(
                "Containers on Kubernetes suit many services; serverless suits spiky, \
                     event-driven work.",
            )
            .quick(),
            other_tool(
                "deployment.platform.other",
                lens!(|m, _| m.deployment.platform)
            ),
            derived(
                "deployment.defaults",
                nodes![
                    choice(
                        "deployment.strategy",
                        "How does a new version replace the old one?"
                    )
                    .help(
                        "Canary where the error budget is small; blue-green for instant rollback; \
                             rolling is the simplest.",
                    )
                    .value(lens!(|m, _| m.deployment.strategy))
                    .derived(|m, _| Some(defaults::deploy_strategy(m))),
                    text(
                        "deployment.canary_steps",
                        "Canary traffic steps in percent? (separate with `;`)"
                    )
                    .help("Each step is held while the SLOs are watched; the last is 100.")
                    .value(Lens::new(
                        |m, _| m
                            .deployment
                            .canary_steps
                            .iter()
                            .map(u32::to_string)
                            .collect(),
                        |m, _, v: Vec<String>| {
                            let steps: Vec<u32> = v
                                .iter()
                                .filter_map(|x| x.trim_end_matches('%').parse().ok())
                                .collect();
                            m.deployment.canary_steps = steps;
                        },
                    ))
                    .derived(|_, _| ["5", "25", "50", "100"].map(String::from).to_vec())
                    .check(|_, _, v| canary_steps(v))
                    .when(|m, _| defaults::deploy_strategy(m) == DeployStrategy::Canary),
                    text(
                        "deployment.canary_hold_minutes",
                        "Minutes each canary step is held? (empty: 15, then 10 each)"
                    )
                    .help(
                        "Long enough for a step's share of traffic to show its errors; the \
                         gates are judged over it, and the release cadence bounds it."
                    )
                    .value(lens!(|m, _| m.deployment.canary_hold_minutes))
                    .check(range(1, 1440))
                    .when(|m, _| {
                        defaults::deploy_strategy(m) == DeployStrategy::Canary
                            && m.deployment.canary_steps.len() != 1
                    }),
                    text("deployment.pipeline", "CI/CD system? (empty if not chosen)")
                        .help("e.g. `GitHub Actions and Argo CD`.")
                        .value(lens!(|m, _| m.deployment.pipeline)),
                    text(
                        "deployment.feature_flags",
                        "Feature flag service? (empty if none)"
                    )
                    .help(
                        "Flags decouple deploying from releasing; e.g. `Unleash`, `LaunchDarkly`."
                    )
                    .value(lens!(|m, _| m.deployment.feature_flags)),
                    text("deployment.regions", "Regions served? (separate with `;`)")
                        .help("e.g. `eu-central-1`; data residency rules may decide them.")
                        .value(lens!(|m, _| m.deployment.regions)),
                    text(
                        "deployment.zones",
                        "Availability zones each region spreads its replicas over?"
                    )
                    .help(
                        "The replica counts, the failover of each store and the capacity left \
                         after a zone is lost are sized for it; most cloud regions offer 3."
                    )
                    .value(lens!(|m, _| m.deployment.zones))
                    .derived(|_, _| Some(crate::derive::zones::ZONES))
                    .check(range(1, 9)),
                    text(
                        "deployment.rollback",
                        "How is a bad release rolled back? (empty: derived from the strategy)",
                    )
                    .help("e.g. `switch the router back to the previous colour`.")
                    .value(lens!(|m, _| m.deployment.rollback)),
                ],
            ),
            confirm(
                "migration.plan",
                "Plan the migration away from the legacy system?"
            )
            .help(
                "A strangler facade moves one capability at a time until the legacy system \
                     can be retired.",
            )
            .value(Lens::new(
                |m, _| m.migration.is_some(),
                |m, _, v| {
                    if !v {
                        m.migration = None;
                    } else if m.migration.is_none() {
                        m.migration = Some(Migration {
                            from: legacy(m).unwrap_or_default(),
                            pattern: MigrationPattern::Strangler,
                            phases: Vec::new(),
                        });
                    }
                },
            ))
            .when(|m, _| legacy(m).is_some()),
            choice("migration.pattern", "How does traffic move off it?")
                .help("The strangler pattern keeps every step small and reversible.")
                .value(Lens::new(
                    |m, _| m.migration.as_ref().map(|g| g.pattern),
                    |m, _, v| {
                        if let (Some(g), Some(v)) = (&mut m.migration, v) {
                            g.pattern = v;
                        }
                    },
                ))
                .when(|m, _| m.migration.is_some()),
            group("migration.phases", "migration phase", phases())
                .help("Each phase moves some capabilities and ends when its exit criteria hold.",)
                .label(|p| p.name.clone())
                .new_item(|_, _| Phase {
                    name: String::new(),
                    description: String::new(),
                    services: Vec::new(),
                    exit_criteria: String::new(),
                })
                .when(|m, _| m.migration.is_some())
                .ask(phase()),
            group("decisions", "decision", lens!(|m, _| m.decisions))
                .help(
                    "Significant choices with their context, options and consequences, recorded \
                     as ADRs.",
                )
                .label(|d| d.title.clone())
                .new_item(|m, _| Decision {
                    // An explicit number keeps each ADR's file name stable when decisions are
                    // added or reordered later.
                    number: Some(crate::adr::ops::next_number(m)),
                    title: String::new(),
                    status: DecisionStatus::Accepted,
                    date: None,
                    deciders: Vec::new(),
                    context: String::new(),
                    drivers: Vec::new(),
                    options: Vec::new(),
                    outcome: String::new(),
                    because: String::new(),
                    consequences: Consequences::default(),
                    confirmation: String::new(),
                    watched_by: Vec::new(),
                    superseded_by: None,
                    supersedes: None,
                })
                .ask(decision_questions()),
        ],
    }
}

fn technology() -> Vec<Node> {
    nodes![
        text("technology.area", "Area?")
            .help("e.g. `Database`, `Service language`, `API gateway`.")
            .value(lens!(|m, at| m.technology[at[0]].area))
            .check(required),
        text("technology.choice", "What was chosen?")
            .help("e.g. `PostgreSQL 16`.")
            .value(lens!(|m, at| m.technology[at[0]].choice))
            .check(required),
        text("technology.rationale", "Why does it fit?")
            .help("The reason a newcomer needs, in a sentence.")
            .value(lens!(|m, at| m.technology[at[0]].rationale)),
        text(
            "technology.alternatives",
            "What else was considered? (separate with `;`)"
        )
        .help("e.g. `MySQL; CockroachDB`.")
        .value(lens!(|m, at| m.technology[at[0]].alternatives)),
    ]
}

/// The phases of the migration (empty when there is none).
fn phases() -> Lens<Vec<Phase>> {
    Lens::new(
        |m, _| {
            m.migration
                .as_ref()
                .map(|g| g.phases.clone())
                .unwrap_or_default()
        },
        |m, _, v| {
            if let Some(g) = &mut m.migration {
                g.phases = v;
            }
        },
    )
}

/// A lens on one part of the migration phase at `at`.
fn part<T: 'static>(get: fn(&Phase) -> T, set: fn(&mut Phase, T)) -> Lens<T> {
    Lens::new(
        move |m, at| get(&phases().get.as_ref()(m, at)[at[0]]),
        move |m, at, v| {
            if let Some(g) = &mut m.migration {
                set(&mut g.phases[at[0]], v);
            }
        },
    )
}

fn phase() -> Vec<Node> {
    nodes![
        text("phases.name", "Phase name")
            .help("e.g. `Extract catalog`.")
            .value(part(|p| p.name.clone(), |p, v| p.name = v))
            .check(required),
        text("phases.description", "What moves in this phase?")
            .help("A sentence.")
            .value(part(|p| p.description.clone(), |p, v| p.description = v)),
        pick_many(
            "phases.services",
            "Which services take over traffic?",
            |m, _| services(m)
        )
        .help("The new services that replace part of the legacy system.")
        .value(part(|p| p.services.clone(), |p, v| p.services = v)),
        text("phases.exit", "What must be true before the next phase?")
            .help("e.g. `the legacy system no longer writes the catalog tables`.")
            .value(part(
                |p| p.exit_criteria.clone(),
                |p, v| p.exit_criteria = v
            )),
    ]
}

fn decision_questions() -> Vec<Node> {
    let mut out = nodes![
        text("decisions.title", "Decision, as a short imperative")
            .help("e.g. `Use Kafka for order events`.")
            .value(lens!(|m, at| m.decisions[at[0]].title))
            .check(distinct(|m, _| m
                .decisions
                .iter()
                .map(|d| d.title.clone())
                .collect())),
        text("decisions.context", "What is the context and the problem?")
            .help("A few sentences a newcomer can follow.")
            .value(lens!(|m, at| m.decisions[at[0]].context))
            .check(required),
        text(
            "decisions.drivers",
            "What forces shape it? (separate with `;`)"
        )
        .help("e.g. `replay after outages; 1200 requests per second`.")
        .value(lens!(|m, at| m.decisions[at[0]].drivers)),
        group(
            "decisions.options",
            "option",
            lens!(|m, at| m.decisions[at[0]].options)
        )
        .help("The options considered, each with arguments for and against.")
        .label(|o| o.name.clone())
        .new_item(|_, _| DecisionOption {
            name: String::new(),
            description: String::new(),
            pros: Vec::new(),
            cons: Vec::new(),
        })
        .ask(nodes![
            text("options.name", "Option")
                .help("e.g. `Kafka`.")
                .value(lens!(|m, at| m.decisions[at[0]].options[at[1]].name))
                .check(distinct(|m, at| {
                    m.decisions[at[0]]
                        .options
                        .iter()
                        .map(|o| o.name.clone())
                        .collect()
                })),
            text("options.pros", "Arguments for it? (separate with `;`)")
                .help("Good consequences if chosen.")
                .value(lens!(|m, at| m.decisions[at[0]].options[at[1]].pros)),
            text("options.cons", "Arguments against it? (separate with `;`)")
                .help("Costs and risks if chosen.")
                .value(lens!(|m, at| m.decisions[at[0]].options[at[1]].cons)),
        ]),
    ];
    out.extend(decision_outcome());
    out
}

/// What a decision chose and why, how the team will know it works, and where it stands.
fn decision_outcome() -> Vec<Node> {
    nodes![
        pick("decisions.outcome", "Which option was chosen?", |m, at| {
            let options = &decision(m, at).options;
            options
                .iter()
                .map(|o| (o.name.clone(), String::new()))
                .collect()
        })
        .help("The outcome of the decision.")
        .value(lens!(|m, at| m.decisions[at[0]].outcome))
        .when(|m, at| !decision(m, at).options.is_empty()),
        text("decisions.outcome_text", "What was decided?")
            .help("The outcome in a few words.")
            .value(lens!(|m, at| m.decisions[at[0]].outcome))
            .default(|m, at| decision(m, at).title.clone())
            .check(required)
            .when(|m, at| decision(m, at).options.is_empty()),
        text("decisions.because", "Why?")
            .help("The deciding argument.")
            .value(lens!(|m, at| m.decisions[at[0]].because)),
        text(
            "decisions.confirmation",
            "How will you know it works? (a test, a measure, a review date)"
        )
        .help("e.g. `the share of bookings answered slot-taken stays under 2%`.")
        .value(lens!(|m, at| m.decisions[at[0]].confirmation)),
        pick_many(
            "decisions.watched_by",
            "Which alerts watch that?",
            |m, _| {
                (m.observability.alerting.alerts.iter())
                    .map(|a| (a.name.clone(), a.condition.clone()))
                    .collect()
            }
        )
        .help("The record names them, and observability.md says what each confirms.")
        .value(lens!(|m, at| m.decisions[at[0]].watched_by))
        .when(|m, at| {
            !m.observability.alerting.alerts.is_empty() && !decision(m, at).confirmation.is_empty()
        }),
        choice("decisions.status", "Where does it stand?")
            .help("Proposed while under discussion; accepted once agreed.")
            .value(lens!(|m, at| m.decisions[at[0]].status).some()),
    ]
}
