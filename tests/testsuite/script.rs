//! A prompter that answers from a script, for testing the interview's flow without a terminal.

use archgen::interview::prompt::{Answer, Prompt, Prompter, Reply};

/// One scripted answer: the text the question must contain, and what to answer.
pub enum Say {
    /// Type text (replacing the default).
    Type(&'static str, &'static str),
    /// Accept the default.
    Enter(&'static str),
    /// Choose the option whose label starts with the text.
    Choose(&'static str, &'static str),
    /// Tick exactly the options whose labels start with these.
    Tick(&'static str, &'static [&'static str]),
    /// Answer yes or no.
    Yes(&'static str, bool),
    /// Press Esc.
    Esc(&'static str),
    /// Press Ctrl-C.
    CtrlC(&'static str),
}

/// Plays a script; panics on the first question that does not match (or, when lenient,
/// answers unscripted questions with their default and group menus with `Done`).
pub struct Script {
    pub lenient: bool,
    pub steps: std::collections::VecDeque<Say>,
    /// Every question asked and every note said, in order.
    pub transcript: Vec<String>,
    /// Validation errors the scripted text answers met (and were re-asked for).
    pub rejected: Vec<String>,
}

impl Script {
    /// More times than any question is asked in one scripted interview (once per service,
    /// link or flow of the models the tests use).
    const MOST_ASKED: usize = 100;

    pub fn new(steps: Vec<Say>) -> Script {
        Script {
            lenient: false,
            steps: steps.into(),
            transcript: Vec::new(),
            rejected: Vec::new(),
        }
    }

    /// A script that only names the questions it cares about.
    pub fn lenient(steps: Vec<Say>) -> Script {
        Script {
            lenient: true,
            ..Script::new(steps)
        }
    }

    fn wants(step: &Say) -> &'static str {
        match step {
            Say::Type(w, _)
            | Say::Enter(w)
            | Say::Choose(w, _)
            | Say::Tick(w, _)
            | Say::Yes(w, _)
            | Say::Esc(w)
            | Say::CtrlC(w) => w,
        }
    }

    /// The default answer, with `Done` for group menus.
    fn default(prompt: &Prompt) -> Answer {
        if let Prompt::Select { options, .. } = prompt {
            if let Some(i) = options.iter().position(|(l, _)| l == "Done") {
                return Answer::Reply(Reply::Choice(i));
            }
        }
        Answer::Reply(prompt.default_reply())
    }
}

impl Prompter for Script {
    fn say(&mut self, text: &str) {
        self.transcript.push(format!("> {text}"));
    }

    fn ask(&mut self, prompt: &Prompt) -> anyhow::Result<Answer> {
        let message = prompt.message().to_owned();
        self.transcript.push(format!("? {message}"));
        // An interview that asks the same question again and again would otherwise hang the
        // lenient script, which answers every unscripted question.
        let asked = self.transcript.iter().filter(|t| t[2..] == message).count();
        assert!(
            asked <= Self::MOST_ASKED,
            "the interview asked {message:?} {asked} times; the last questions:\n\n{}",
            self.transcript[self.transcript.len().saturating_sub(40)..].join("\n")
        );
        if self.lenient
            && self
                .steps
                .front()
                .is_none_or(|s| !message.contains(Self::wants(s)))
        {
            // A block of derived answers is opened when it holds the next scripted question.
            if message.starts_with("Keep these ") {
                let listed = self
                    .transcript
                    .iter()
                    .rev()
                    .nth(1)
                    .cloned()
                    .unwrap_or_default();
                let wanted = self.steps.front().map(Self::wants);
                if wanted.is_some_and(|w| listed.starts_with("> Derived") && listed.contains(w)) {
                    return Ok(Answer::Reply(Reply::Yes(false)));
                }
            }
            return Ok(Self::default(prompt));
        }
        let Some(step) = self.steps.pop_front() else {
            panic!(
                "the script ended, but the interview asked: {message}\n\n{}",
                self.transcript.join("\n")
            );
        };
        let expect = |want: &str| {
            assert!(
                message.contains(want),
                "expected a question containing {want:?}, got {message:?}\n\n{}",
                self.transcript.join("\n")
            );
        };
        Ok(match step {
            Say::Type(want, text) => {
                expect(want);
                let Prompt::Text { check, .. } = prompt else {
                    panic!("{message:?} is not a text question")
                };
                if let Err(e) = check(text) {
                    self.rejected.push(e);
                    // Re-asked at once, as the terminal does: the script's next entry answers it.
                    return self.ask(prompt);
                }
                Answer::Reply(Reply::Text(text.to_owned()))
            }
            Say::Enter(want) => {
                expect(want);
                Answer::Reply(prompt.default_reply())
            }
            Say::Choose(want, label) => {
                expect(want);
                let (Prompt::Select { options, .. } | Prompt::MultiSelect { options, .. }) = prompt
                else {
                    panic!("{message:?} is not a choice")
                };
                let i = options
                    .iter()
                    .position(|(l, _)| l.starts_with(label))
                    .unwrap_or_else(|| panic!("{message:?} has no option {label:?}: {options:?}"));
                Answer::Reply(Reply::Choice(i))
            }
            Say::Tick(want, labels) => {
                expect(want);
                let Prompt::MultiSelect { options, .. } = prompt else {
                    panic!("{message:?} is not a multi-select")
                };
                let picked = labels
                    .iter()
                    .map(|l| {
                        options
                            .iter()
                            .position(|(o, _)| o.starts_with(l))
                            .unwrap_or_else(|| panic!("no option {l:?} in {options:?}"))
                    })
                    .collect();
                Answer::Reply(Reply::Choices(picked))
            }
            Say::Yes(want, yes) => {
                expect(want);
                Answer::Reply(Reply::Yes(yes))
            }
            Say::Esc(want) => {
                expect(want);
                Answer::Back
            }
            Say::CtrlC(want) => {
                expect(want);
                Answer::Interrupt
            }
        })
    }
}
