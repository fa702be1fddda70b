//! The test levels a design calls for, each with the fact of the model that calls for it: the
//! one rule behind the derived levels, the levels recommended beside a model's own list, and
//! the interview's pre-selection.

use crate::defaults;
use crate::model::{Model, TestKind, TestLevel};
use serde::Serialize;

/// A test level the design calls for, and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CalledFor {
    /// The level, with the tools, scope and schedule archgen suggests for it.
    #[serde(flatten)]
    pub level: TestLevel,
    /// The fact of the model that calls for it, e.g. `the availability target is 99.95%`.
    pub why: String,
}

/// The levels this design calls for, from unit to security.
// long: one declarative table, a rule per test level
pub fn called_for(model: &Model) -> Vec<CalledFor> {
    let services = model.services.len();
    let flows = model.communication.flows.len();
    let use_cases = model.requirements.use_cases.len();
    let peak = model.requirements.scale.peak_rps.unwrap_or(0);
    let availability = defaults::availability(model);
    let mut machines: Vec<String> = Vec::new();
    for st in super::lifecycle::states(model) {
        let name = format!("{}.{}", st.resource, st.field);
        if !machines.contains(&name) {
            machines.push(name);
        }
    }
    let flow_names: Vec<&str> = model
        .communication
        .flows
        .iter()
        .map(|f| f.name.as_str())
        .collect();
    let rules: [Rule; 7] = [
        Rule(
            TestKind::Unit,
            true,
            &[],
            if machines.is_empty() {
                "business rules and edge cases of each service".into()
            } else {
                format!(
                    "every transition of {} (allowed and refused), and each service's rules",
                    machines.join(", ")
                )
            },
            "every commit",
            "every service has rules to pin down".into(),
        ),
        Rule(
            TestKind::Integration,
            true,
            &["Testcontainers"],
            "each service with its real data stores and stubbed neighbours".into(),
            "every pull request",
            "every service talks to a store or a neighbour".into(),
        ),
        Rule(
            TestKind::Contract,
            services > 1,
            &["Pact"],
            "every synchronous link and every event schema, consumer-driven".into(),
            "every pull request",
            format!("the design has {services} components that evolve separately"),
        ),
        Rule(
            TestKind::EndToEnd,
            true,
            &[],
            if flow_names.is_empty() {
                "the key flows against a deployed environment".into()
            } else {
                format!("{} against a deployed environment", flow_names.join(", "))
            },
            "before each release",
            if flows > 0 {
                format!(
                    "the design has {flows} key {}",
                    plural(flows, "flow", "flows")
                )
            } else if use_cases > 0 {
                format!(
                    "the requirements name {use_cases} {}",
                    plural(use_cases, "use case", "use cases")
                )
            } else {
                "the services are released to work together".into()
            },
        ),
        Rule(
            TestKind::Load,
            peak > 0,
            &["k6"],
            match model.requirements.latency.p99_ms {
                Some(p99) => {
                    format!("{peak} requests per second plus headroom, held to a {p99} ms p99")
                }
                None => format!("{peak} requests per second plus headroom"),
            },
            "weekly and before launches",
            format!("the requirements set a peak of {peak} requests per second"),
        ),
        Rule(
            TestKind::Chaos,
            availability >= 99.95,
            &["Chaos Mesh"],
            "dependency latency, errors and lost instances".into(),
            "monthly game days",
            format!(
                "the availability target is {}%",
                crate::text::numbers::number(availability, 3)
            ),
        ),
        Rule(
            TestKind::Security,
            true,
            &["OWASP ZAP"],
            "OWASP Top 10 against the public APIs".into(),
            "nightly",
            "the system has public APIs".into(),
        ),
    ];
    rules
        .into_iter()
        .filter(|r| r.1)
        .map(|Rule(level, _, tools, scope, runs, why)| CalledFor {
            level: TestLevel {
                level,
                tools: tools.iter().map(|t| t.to_string()).collect(),
                scope,
                runs: runs.into(),
            },
            why,
        })
        .collect()
}

/// A level, whether the design calls for it, its tools, scope and schedule, and why.
struct Rule(
    TestKind,
    bool,
    &'static [&'static str],
    String,
    &'static str,
    String,
);

fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::derive::graph::tests::model;

    fn kinds(m: &Model) -> Vec<TestKind> {
        called_for(m).into_iter().map(|c| c.level.level).collect()
    }

    #[test]
    fn a_lone_service_without_flows_or_peak_gets_the_baseline() {
        let m = model(
            "version: 1\nname: x\nrequirements: {domain: d}\nservices: [{name: a, \
             responsibility: r}]\n",
        );
        assert_eq!(
            kinds(&m),
            [
                TestKind::Unit,
                TestKind::Integration,
                TestKind::EndToEnd,
                TestKind::Security
            ]
        );
    }

    #[test]
    fn each_level_comes_from_its_fact() {
        let m = model(
            "version: 1\nname: x\nrequirements: {domain: d, scale: {peak_rps: 1200}, \
             availability: 99.95}\nservices: [{name: a, responsibility: r}, {name: b, \
             responsibility: r}]\ncommunication:\n  flows: [{name: place order, steps: []}]\n",
        );
        let all = called_for(&m);
        assert_eq!(
            all.iter().map(|c| c.level.level).collect::<Vec<_>>(),
            [
                TestKind::Unit,
                TestKind::Integration,
                TestKind::Contract,
                TestKind::EndToEnd,
                TestKind::Load,
                TestKind::Chaos,
                TestKind::Security
            ]
        );
        let why = |k| all.iter().find(|c| c.level.level == k).unwrap().why.clone();
        assert_eq!(
            why(TestKind::Contract),
            "the design has 2 components that evolve separately"
        );
        assert_eq!(why(TestKind::EndToEnd), "the design has 1 key flow");
        assert_eq!(
            why(TestKind::Load),
            "the requirements set a peak of 1200 requests per second"
        );
        assert_eq!(why(TestKind::Chaos), "the availability target is 99.95%");
    }
}
