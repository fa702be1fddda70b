//! `archgen new`: the interview. It walks the ten steps in the expert's order, each question
//! with help, a default derived from earlier answers and the loader's own validator, then shows
//! a review to write, revise a step, or quit. Only this module (through [`terminal`]) touches
//! the terminal; everything it produces is a plain [`Model`].

pub mod accept;
pub mod ask;
pub mod choices;
pub mod draft;
pub mod extra;
pub mod flow;
pub mod lens;
pub mod list;
pub mod prompt;
pub mod replay;
mod review;
mod rules;
pub mod steps;
pub mod terminal;
pub mod values;

use crate::model::Model;
use flow::{Flow, Mode, walk};
use prompt::{Answer, Prompt, Prompter, Reply};

/// How an interview ended.
#[derive(Debug)]
pub enum Ending {
    /// Write this model.
    Write(Model),
    /// The person quit without writing.
    Quit,
    /// Ctrl-C during step `step` (0-based).
    Interrupted {
        /// The answers of the steps before `step` (the model as the step began).
        model: Model,
        /// The step to resume at.
        step: usize,
        /// The answers given in `step` before Ctrl-C, to replay on resuming.
        answers: Vec<replay::Recorded>,
    },
}

/// What to ask.
#[derive(Debug, Clone, Copy)]
pub struct Plan {
    /// Every question, or only those without a safe default.
    pub mode: Mode,
    /// Ask only this step (0-based), then review.
    pub only: Option<usize>,
    /// Start at this step (0-based; a resumed draft).
    pub start: usize,
}

/// Runs the interview on `model` (empty for a new system, an existing model to revise it).
pub fn run(p: &mut dyn Prompter, model: Model, plan: Plan) -> anyhow::Result<Ending> {
    run_with(p, model, plan, Vec::new())
}

/// Runs the interview with a template pack's own questions (`extra[i]` at the end of step `i`).
pub fn run_with(
    p: &mut dyn Prompter,
    model: Model,
    plan: Plan,
    extra: Vec<Vec<flow::Node>>,
) -> anyhow::Result<Ending> {
    resume(p, model, plan, extra, Vec::new())
}

/// Like [`run_with`], replaying `answers` (saved by an interrupted run) into the first step
/// asked, so the person resumes at the question they stopped on.
pub fn resume(
    p: &mut dyn Prompter,
    mut model: Model,
    plan: Plan,
    extra: Vec<Vec<flow::Node>>,
    mut answers: Vec<replay::Recorded>,
) -> anyhow::Result<Ending> {
    let mut steps = steps::all();
    for (step, nodes) in steps.iter_mut().zip(extra) {
        step.nodes.extend(nodes);
    }
    let mut i = plan.only.unwrap_or(plan.start).min(steps.len() - 1);
    loop {
        let step = &steps[i];
        let before = model.clone();
        let mut headed = Headed::new(p, step, steps.len());
        let mut replaying = replay::Replaying::new(&mut headed, std::mem::take(&mut answers));
        match walk(
            &mut replaying,
            &mut model,
            &step.nodes,
            &Vec::new(),
            plan.mode,
        )? {
            Flow::Interrupt => {
                let answers = replaying.record;
                return Ok(Ending::Interrupted {
                    model: before,
                    step: i,
                    answers,
                });
            }
            Flow::Back if plan.only.is_none() => i = i.saturating_sub(1),
            Flow::Back => {}
            Flow::Done if plan.only.is_none() && i + 1 < steps.len() => i += 1,
            Flow::Done => break,
        }
    }
    review(p, model, &steps, plan.mode)
}

/// The review after the last step: the summary and any problems, then write, revisit a step
/// or quit, until the person writes or quits.
fn review(
    p: &mut dyn Prompter,
    mut model: Model,
    steps: &[steps::Step],
    mode: Mode,
) -> anyhow::Result<Ending> {
    loop {
        p.say(&review::summary(&model));
        let problems = review::problems(&model);
        if !problems.is_empty() {
            p.say(&problems);
        }
        let (prompt, quit) = review_prompt(steps);
        match p.ask(&prompt)? {
            Answer::Interrupt => {
                return Ok(Ending::Interrupted {
                    model,
                    step: steps.len() - 1,
                    answers: Vec::new(),
                });
            }
            Answer::Reply(Reply::Choice(0)) if problems.is_empty() => {
                return Ok(Ending::Write(model));
            }
            Answer::Reply(Reply::Choice(0)) => {
                p.say("Fix the problems above first: choose the step they belong to.")
            }
            Answer::Reply(Reply::Choice(c)) if c == quit => return Ok(Ending::Quit),
            Answer::Reply(Reply::Choice(c)) => {
                let step = &steps[c - 1];
                announce(p, step, steps.len());
                if let Some(ending) = revisit(p, &mut model, step, c - 1, Mode::Full)? {
                    return Ok(ending);
                }
            }
            // Esc on the review goes back into the last step.
            Answer::Back | Answer::Reply(_) => {
                let last = steps.len() - 1;
                if let Some(ending) = revisit(p, &mut model, &steps[last], last, mode)? {
                    return Ok(ending);
                }
            }
        }
    }
}

/// The review's menu (write, change each step, quit) and the index of its quit option.
fn review_prompt(steps: &[steps::Step]) -> (Prompt, usize) {
    let mut options = vec![(
        "Write archgen.yaml and render the documents".to_owned(),
        "You can revise it later with `archgen edit`.".to_owned(),
    )];
    options.extend(steps.iter().map(|s| {
        (
            format!("Change step {}: {}", s.number, s.title),
            s.why.to_owned(),
        )
    }));
    options.push(("Quit without writing".into(), "Nothing is saved.".into()));
    let quit = options.len() - 1;
    let prompt = Prompt::Select {
        message: "Review: what next?".into(),
        help: "Use the arrows to choose; Enter to confirm.".into(),
        options,
        default: 0,
    };
    (prompt, quit)
}

/// Walks `step` again from the review; an interruption ends the interview with the step's
/// answers so far, to replay on resuming.
fn revisit(
    p: &mut dyn Prompter,
    model: &mut Model,
    step: &steps::Step,
    index: usize,
    mode: Mode,
) -> anyhow::Result<Option<Ending>> {
    let before = model.clone();
    let mut replaying = replay::Replaying::new(p, Vec::new());
    if walk(&mut replaying, model, &step.nodes, &Vec::new(), mode)? == Flow::Interrupt {
        return Ok(Some(Ending::Interrupted {
            model: before,
            step: index,
            answers: replaying.record,
        }));
    }
    Ok(None)
}

/// "Step 3 of 10: API contracts — why it matters", before a step's questions.
fn announce(p: &mut dyn Prompter, step: &steps::Step, of: usize) {
    p.say(&header(step, of));
}

fn header(step: &steps::Step, of: usize) -> String {
    format!(
        "Step {} of {of}: {} — {}",
        step.number, step.title, step.why
    )
}

/// A prompter that says a step's header just before the step's first question or note, so a
/// step that asks nothing on this path (the quick one) shows nothing.
struct Headed<'p> {
    inner: &'p mut dyn Prompter,
    header: Option<String>,
}

impl<'p> Headed<'p> {
    fn new(inner: &'p mut dyn Prompter, step: &steps::Step, of: usize) -> Headed<'p> {
        Headed {
            inner,
            header: Some(header(step, of)),
        }
    }

    fn flush(&mut self) {
        if let Some(h) = self.header.take() {
            self.inner.say(&h);
        }
    }
}

impl Prompter for Headed<'_> {
    fn say(&mut self, text: &str) {
        self.flush();
        self.inner.say(text);
    }

    fn ask(&mut self, prompt: &Prompt) -> anyhow::Result<Answer> {
        self.flush();
        self.inner.ask(prompt)
    }
}

/// A new model: version 1, dated `date`, everything else empty.
pub fn blank(date: Option<String>) -> Model {
    let mut m: Model = serde_yaml::from_str("version: 1\nname: ''\nrequirements: {domain: ''}\n")
        .expect("a blank model parses");
    m.date = date;
    m
}

/// The model `--defaults` writes: named after the folder, one service, every other answer
/// left to the defaults the documents derive.
pub fn defaults_model(date: Option<String>) -> Model {
    let mut m = blank(date);
    let name = steps::folder_name();
    m.requirements.domain = name.to_lowercase();
    m.services.push(crate::model::Service {
        name: crate::view::names::slug(&name, "app"),
        kind: crate::model::ServiceKind::Service,
        responsibility: format!(
            "Everything {name} does, until the domain is split into bounded contexts."
        ),
        context: String::new(),
        team: String::new(),
        stack: String::new(),
        data: Vec::new(),
        api: crate::model::Api::default(),
        publishes: Vec::new(),
        consumes: Vec::new(),
        reads: Default::default(),
        early_events: None,
        serves: Vec::new(),
        slo: None,
    });
    m.name = name;
    m
}

/// The step index for a `--step` name.
pub fn step_index(key: &str) -> Result<usize, String> {
    steps::KEYS.iter().position(|k| *k == key).ok_or_else(|| {
        let hint = crate::diagnostic::did_you_mean(key, steps::KEYS)
            .map(|n| format!("did you mean `{n}`? "))
            .unwrap_or_default();
        format!(
            "unknown step `{key}`; {hint}steps: {}",
            steps::KEYS.join(", ")
        )
    })
}
