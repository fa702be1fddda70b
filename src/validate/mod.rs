//! Every problem in a model's meaning: references to unknown names, duplicates, empty required
//! text, numbers out of range. Each issue carries the JSON pointer of the offending value.

mod action_sets;
mod adr_cycles;
mod apis;
mod capture;
mod communication;
mod contracts;
mod deadlines;
mod decisions;
pub mod fields;
mod filters;
mod flows;
pub(crate) mod lifecycle;
mod messaging;
mod names;
mod numbers;
mod policies;
mod receivers;
mod sections;
mod technical;

use crate::model::Model;

/// One problem in a model, located by JSON pointer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    /// Pointer to the offending value, e.g. `/communication/links/2/to`.
    pub pointer: String,
    /// Whether the key (not the value) is the place to point at.
    pub at_key: bool,
    /// What is wrong.
    pub message: String,
    /// What to do.
    pub help: Option<String>,
    /// Pointer to a related value (the first of two duplicates), named by line in the help.
    pub related: Option<String>,
}

/// Collects issues with their pointers.
#[derive(Default)]
pub(crate) struct Issues(Vec<Issue>);

impl Issues {
    pub(crate) fn push(&mut self, pointer: String, message: String, help: Option<String>) {
        self.0.push(Issue {
            pointer,
            at_key: false,
            message,
            help,
            related: None,
        });
    }

    /// Like [`Issues::push`], naming a related value by its line in the help.
    pub(crate) fn push_related(
        &mut self,
        pointer: String,
        message: String,
        help: &str,
        related: String,
    ) {
        self.0.push(Issue {
            pointer,
            at_key: false,
            message,
            help: Some(help.to_owned()),
            related: Some(related),
        });
    }

    /// Records `result`'s error, if any, as `what`'s problem.
    pub(crate) fn check(
        &mut self,
        pointer: String,
        what: &str,
        result: Result<(), impl Into<fields::Invalid>>,
    ) {
        if let Err(e) = result {
            let fields::Invalid { message, help } = e.into();
            self.push(pointer, format!("{what} {message}"), help);
        }
    }
}

/// Every issue in `model`, in the order of the file.
pub fn model(model: &Model) -> Vec<Issue> {
    let mut issues = Issues::default();
    if model.version != crate::model::MODEL_VERSION {
        issues.push(
            "/version".into(),
            format!("unsupported model version `{}`", model.version),
            Some(format!(
                "this archgen reads version {}",
                crate::model::MODEL_VERSION
            )),
        );
    }
    issues.check("/name".into(), "`name`", fields::non_blank(&model.name));
    issues.check(
        "/requirements/domain".into(),
        "`requirements.domain`",
        fields::non_blank(&model.requirements.domain),
    );
    if let Some(date) = &model.date {
        issues.check("/date".into(), "`date`", fields::date(date));
    }
    names::check(model, &mut issues);
    contracts::check(model, &mut issues);
    lifecycle::check(model, &mut issues);
    receivers::check(model, &mut issues);
    messaging::check(model, &mut issues);
    capture::check(model, &mut issues);
    deadlines::check(model, &mut issues);
    numbers::check(model, &mut issues);
    policies::check(model, &mut issues);
    technical::check(model, &mut issues);
    adr_cycles::check(model, &mut issues);
    issues.0
}
