//! Step 10: document the architecture: technology choices, deployment and rollout, a migration
//! plan when a legacy system is replaced, and the decisions as ADRs.

use super::{Step, group, options, services, unique_among};
use crate::defaults;
use crate::interview::ask::{At, any, choice, confirm, list, pick, pick_many, required, text};
use crate::interview::flow::Node;
use crate::model::*;

fn decision<'a>(m: &'a Model, at: &At) -> &'a Decision {
    &m.decisions[at[0]]
}

fn legacy(m: &Model) -> Option<String> {
    m.services
        .iter()
        .find(|s| s.kind == ServiceKind::Legacy)
        .map(|s| s.name.clone())
}

fn canary_steps(s: &str) -> Result<(), String> {
    let nums: Result<Vec<u32>, _> = super::super::ask::split_list(s)
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

pub(super) fn step() -> Step {
    Step {
        number: 10,
        key: "documentation",
        title: "Documentation",
        why: "decisions with their reasons, and a plan to ship safely, outlive the people who made them",
        nodes: vec![
            Node::Group(
                group(
                    "technology",
                    "technology choice",
                    "What the team chose and why, e.g. the database or the service language.",
                    |m, _| m.technology.iter().map(|t| format!("{}: {}", t.area, t.choice)).collect(),
                    |m, _| m.technology.push(TechChoice { area: String::new(), choice: String::new(), rationale: String::new(), alternatives: Vec::new() }),
                    |m, _, i| {
                        m.technology.remove(i);
                    },
                    vec![
                        Node::Ask(text("technology.area", "Area?", "e.g. `Database`, `Service language`, `API gateway`.", |m, at| m.technology[at[0]].area.clone(), |m, at, v| m.technology[at[0]].area = v, |_, _| String::new(), required)),
                        Node::Ask(text("technology.choice", "What was chosen?", "e.g. `PostgreSQL 16`.", |m, at| m.technology[at[0]].choice.clone(), |m, at, v| m.technology[at[0]].choice = v, |_, _| String::new(), required)),
                        Node::Ask(text("technology.rationale", "Why does it fit?", "The reason a newcomer needs, in a sentence.", |m, at| m.technology[at[0]].rationale.clone(), |m, at, v| m.technology[at[0]].rationale = v, |_, _| String::new(), any)),
                        Node::Ask(list("technology.alternatives", "What else was considered? (separate with `;`)", "e.g. `MySQL; CockroachDB`.", |m, at| m.technology[at[0]].alternatives.clone(), |m, at, v| m.technology[at[0]].alternatives = v)),
                    ],
                )
                .suggest(0),
            ),
            Node::Ask(
                pick(
                    "deployment.platform",
                    "Where does it run?",
                    "Containers on Kubernetes suit many services; serverless suits spiky, event-driven work.",
                    |m, _| {
                        let mut o = options(&["not chosen yet", "Kubernetes", "Kubernetes (EKS)", "Kubernetes (GKE)", "Kubernetes (AKS)", "AWS ECS", "AWS Lambda", "Google Cloud Run", "Nomad", "virtual machines"]);
                        if let Some(p) = &m.deployment.platform {
                            if !o.iter().any(|(n, _)| n == p) {
                                o.push((p.clone(), String::new()));
                            }
                        }
                        o
                    },
                    |m, _| m.deployment.platform.clone().unwrap_or_else(|| "not chosen yet".into()),
                    |m, _, v| m.deployment.platform = (v != "not chosen yet").then_some(v),
                )
                .quick(),
            ),
            Node::Ask(choice(
                "deployment.strategy",
                "How does a new version replace the old one?",
                "Canary where the error budget is small; blue-green for instant rollback; rolling is the simplest.",
                |m, _| m.deployment.strategy,
                |m, _, v| {
                    let mut d = m.clone();
                    d.deployment.strategy = None;
                    m.deployment.strategy = (v != defaults::deploy_strategy(&d)).then_some(v);
                },
                |m, _| defaults::deploy_strategy(m),
            )),
            Node::Ask(
                text(
                    "deployment.canary_steps",
                    "Canary traffic steps in percent? (separate with `;`)",
                    "Each step is held while the SLOs are watched; the last is 100.",
                    |m, _| m.deployment.canary_steps.iter().map(u32::to_string).collect::<Vec<_>>().join("; "),
                    |m, _, v| {
                        let steps: Vec<u32> = super::super::ask::split_list(&v).iter().filter_map(|x| x.trim_end_matches('%').parse().ok()).collect();
                        m.deployment.canary_steps = if steps == [5, 25, 50, 100] { Vec::new() } else { steps };
                    },
                    |_, _| "5; 25; 50; 100".into(),
                    |_, _, v| canary_steps(v),
                )
                .when(|m, _| defaults::deploy_strategy(m) == DeployStrategy::Canary),
            ),
            Node::Ask(text(
                "deployment.pipeline",
                "CI/CD system? (empty if not chosen)",
                "e.g. `GitHub Actions and Argo CD`.",
                |m, _| m.deployment.pipeline.clone().unwrap_or_default(),
                |m, _, v| m.deployment.pipeline = (!v.is_empty()).then_some(v),
                |_, _| String::new(),
                any,
            )),
            Node::Ask(text(
                "deployment.feature_flags",
                "Feature flag service? (empty if none)",
                "Flags decouple deploying from releasing; e.g. `Unleash`, `LaunchDarkly`.",
                |m, _| m.deployment.feature_flags.clone().unwrap_or_default(),
                |m, _, v| m.deployment.feature_flags = (!v.is_empty()).then_some(v),
                |_, _| String::new(),
                any,
            )),
            Node::Ask(list(
                "deployment.regions",
                "Regions served? (separate with `;`)",
                "e.g. `eu-central-1`; data residency rules may decide them.",
                |m, _| m.deployment.regions.clone(),
                |m, _, v| m.deployment.regions = v,
            )),
            Node::Ask(text(
                "deployment.rollback",
                "How is a bad release rolled back? (empty: derived from the strategy)",
                "e.g. `switch the router back to the previous colour`.",
                |m, _| m.deployment.rollback.clone(),
                |m, _, v| m.deployment.rollback = v,
                |_, _| String::new(),
                any,
            )),
            Node::Ask(
                confirm(
                    "migration.plan",
                    "Plan the migration away from the legacy system?",
                    "A strangler facade moves one capability at a time until the legacy system can be retired.",
                    |m, _| m.migration.is_some(),
                    |m, _, v| {
                        if !v {
                            m.migration = None;
                        } else if m.migration.is_none() {
                            m.migration = Some(Migration { from: legacy(m).unwrap_or_default(), pattern: MigrationPattern::Strangler, phases: Vec::new() });
                        }
                    },
                )
                .when(|m, _| legacy(m).is_some()),
            ),
            Node::Ask(
                choice(
                    "migration.pattern",
                    "How does traffic move off it?",
                    "The strangler pattern keeps every step small and reversible.",
                    |m, _| m.migration.as_ref().map(|g| g.pattern),
                    |m, _, v| {
                        if let Some(g) = &mut m.migration {
                            g.pattern = v;
                        }
                    },
                    |_, _| MigrationPattern::Strangler,
                )
                .when(|m, _| m.migration.is_some()),
            ),
            Node::Group(
                group(
                    "migration.phases",
                    "migration phase",
                    "Each phase moves some capabilities and ends when its exit criteria hold.",
                    |m, _| m.migration.iter().flat_map(|g| g.phases.iter().map(|p| p.name.clone())).collect(),
                    |m, _| {
                        if let Some(g) = &mut m.migration {
                            g.phases.push(Phase { name: String::new(), description: String::new(), services: Vec::new(), exit_criteria: String::new() })
                        }
                    },
                    |m, _, i| {
                        if let Some(g) = &mut m.migration {
                            g.phases.remove(i);
                        }
                    },
                    vec![
                        Node::Ask(text("phases.name", "Phase name", "e.g. `Extract catalog`.", |m, at| phase(m, at).name.clone(), |m, at, v| phase_mut(m, at).name = v, |_, _| String::new(), required)),
                        Node::Ask(text("phases.description", "What moves in this phase?", "A sentence.", |m, at| phase(m, at).description.clone(), |m, at, v| phase_mut(m, at).description = v, |_, _| String::new(), any)),
                        Node::Ask(pick_many("phases.services", "Which services take over traffic?", "The new services that replace part of the legacy system.", |m, _| services(m), |m, at| phase(m, at).services.clone(), |m, at, v| phase_mut(m, at).services = v)),
                        Node::Ask(text("phases.exit", "What must be true before the next phase?", "e.g. `the legacy system no longer writes the catalog tables`.", |m, at| phase(m, at).exit_criteria.clone(), |m, at, v| phase_mut(m, at).exit_criteria = v, |_, _| String::new(), any)),
                    ],
                )
                .suggest(2)
                .when(|m, _| m.migration.is_some()),
            ),
            Node::Group(
                group(
                    "decisions",
                    "decision",
                    "Significant choices with their context, options and consequences, recorded as ADRs.",
                    |m, _| m.decisions.iter().map(|d| d.title.clone()).collect(),
                    |m, _| {
                        // An explicit number keeps each ADR's file name stable when decisions
                        // are added or reordered later.
                        let next = crate::adr::ops::next_number(m);
                        m.decisions.push(Decision {
                            number: Some(next),
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
                            superseded_by: None,
                            supersedes: None,
                        })
                    },
                    |m, _, i| {
                        m.decisions.remove(i);
                    },
                    vec![
                        Node::Ask(text("decisions.title", "Decision, as a short imperative", "e.g. `Use Kafka for order events`.", |m, at| decision(m, at).title.clone(), |m, at, v| m.decisions[at[0]].title = v, |_, _| String::new(), |m, at, v| unique_among(m.decisions.iter().map(|d| d.title.clone()).collect(), &decision(m, at).title, v))),
                        Node::Ask(text("decisions.context", "What is the context and the problem?", "A few sentences a newcomer can follow.", |m, at| decision(m, at).context.clone(), |m, at, v| m.decisions[at[0]].context = v, |_, _| String::new(), required)),
                        Node::Ask(list("decisions.drivers", "What forces shape it? (separate with `;`)", "e.g. `replay after outages; 1200 requests per second`.", |m, at| decision(m, at).drivers.clone(), |m, at, v| m.decisions[at[0]].drivers = v)),
                        Node::Group(
                            group(
                                "decisions.options",
                                "option",
                                "The options considered, each with arguments for and against.",
                                |m, at| decision(m, at).options.iter().map(|o| o.name.clone()).collect(),
                                |m, at| m.decisions[at[0]].options.push(DecisionOption { name: String::new(), description: String::new(), pros: Vec::new(), cons: Vec::new() }),
                                |m, at, i| {
                                    m.decisions[at[0]].options.remove(i);
                                },
                                vec![
                                    Node::Ask(text("options.name", "Option", "e.g. `Kafka`.", |m, at| m.decisions[at[0]].options[at[1]].name.clone(), |m, at, v| m.decisions[at[0]].options[at[1]].name = v, |_, _| String::new(), |m, at, v| unique_among(m.decisions[at[0]].options.iter().map(|o| o.name.clone()).collect(), &m.decisions[at[0]].options[at[1]].name, v))),
                                    Node::Ask(list("options.pros", "Arguments for it? (separate with `;`)", "Good consequences if chosen.", |m, at| m.decisions[at[0]].options[at[1]].pros.clone(), |m, at, v| m.decisions[at[0]].options[at[1]].pros = v)),
                                    Node::Ask(list("options.cons", "Arguments against it? (separate with `;`)", "Costs and risks if chosen.", |m, at| m.decisions[at[0]].options[at[1]].cons.clone(), |m, at, v| m.decisions[at[0]].options[at[1]].cons = v)),
                                ],
                            )
                            .suggest(2),
                        ),
                        Node::Ask(
                            pick(
                                "decisions.outcome",
                                "Which option was chosen?",
                                "The outcome of the decision.",
                                |m, at| decision(m, at).options.iter().map(|o| (o.name.clone(), String::new())).collect(),
                                |m, at| decision(m, at).outcome.clone(),
                                |m, at, v| m.decisions[at[0]].outcome = v,
                            )
                            .when(|m, at| !decision(m, at).options.is_empty()),
                        ),
                        Node::Ask(
                            text("decisions.outcome_text", "What was decided?", "The outcome in a few words.", |m, at| decision(m, at).outcome.clone(), |m, at, v| m.decisions[at[0]].outcome = v, |m, at| decision(m, at).title.clone(), required)
                                .when(|m, at| decision(m, at).options.is_empty()),
                        ),
                        Node::Ask(text("decisions.because", "Why?", "The deciding argument.", |m, at| decision(m, at).because.clone(), |m, at, v| m.decisions[at[0]].because = v, |_, _| String::new(), any)),
                        Node::Ask(choice("decisions.status", "Where does it stand?", "Proposed while under discussion; accepted once agreed.", |m, at| Some(decision(m, at).status), |m, at, v| m.decisions[at[0]].status = v, |_, _| DecisionStatus::Accepted)),
                    ],
                )
                .suggest(0),
            ),
        ],
    }
}

fn phase<'a>(m: &'a Model, at: &At) -> &'a Phase {
    &m.migration
        .as_ref()
        .expect("asked only with a migration")
        .phases[at[0]]
}

fn phase_mut<'a>(m: &'a mut Model, at: &At) -> &'a mut Phase {
    &mut m
        .migration
        .as_mut()
        .expect("asked only with a migration")
        .phases[at[0]]
}
