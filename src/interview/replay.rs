//! Resuming an interrupted step at the question it stopped on: the answers given in the step are
//! recorded, saved with the draft, and replayed into the same questions on the next run, so the
//! person neither answers them again nor keeps a half-entered item they never confirmed.

use super::prompt::{Answer, Prompt, Prompter, Reply};
use serde::{Deserialize, Serialize};
use std::collections::VecDeque;

/// One answer given in a step, with the question it answered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Recorded {
    /// The question, as asked; a replay stops where the questions no longer match.
    pub question: String,
    /// Text typed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// The chosen option (0-based).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub choice: Option<usize>,
    /// The ticked options (0-based).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub choices: Option<Vec<usize>>,
    /// Yes or no.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub yes: Option<bool>,
    /// Esc: back one question.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub back: bool,
}

impl Recorded {
    fn new(question: &str, answer: &Answer) -> Option<Recorded> {
        let mut r = Recorded {
            question: question.to_owned(),
            text: None,
            choice: None,
            choices: None,
            yes: None,
            back: false,
        };
        match answer {
            Answer::Reply(Reply::Text(t)) => r.text = Some(t.clone()),
            Answer::Reply(Reply::Choice(c)) => r.choice = Some(*c),
            Answer::Reply(Reply::Choices(c)) => r.choices = Some(c.clone()),
            Answer::Reply(Reply::Yes(y)) => r.yes = Some(*y),
            Answer::Back => r.back = true,
            Answer::Interrupt => return None,
        }
        Some(r)
    }

    /// The answer, if it fits `prompt` (same question, an option that exists, the right kind).
    fn answer_to(&self, prompt: &Prompt) -> Option<Answer> {
        if self.question != prompt.message() {
            return None;
        }
        if self.back {
            return Some(Answer::Back);
        }
        let reply = match (prompt, self) {
            (Prompt::Text { check, .. }, Recorded { text: Some(t), .. }) => {
                check(t).ok()?;
                Reply::Text(t.clone())
            }
            (
                Prompt::Select { options, .. },
                Recorded {
                    choice: Some(c), ..
                },
            ) if *c < options.len() => Reply::Choice(*c),
            (
                Prompt::MultiSelect { options, .. },
                Recorded {
                    choices: Some(c), ..
                },
            ) if c.iter().all(|i| *i < options.len()) => Reply::Choices(c.clone()),
            (Prompt::Confirm { .. }, Recorded { yes: Some(y), .. }) => Reply::Yes(*y),
            _ => return None,
        };
        Some(Answer::Reply(reply))
    }
}

/// A prompter that first replays saved answers (silently, notes included), then asks the person,
/// and records every answer of the step either way.
pub struct Replaying<'p> {
    inner: &'p mut dyn Prompter,
    queue: VecDeque<Recorded>,
    /// The step's answers so far, replayed ones first.
    pub record: Vec<Recorded>,
}

impl<'p> Replaying<'p> {
    /// Replays `saved`, then asks `inner`.
    pub fn new(inner: &'p mut dyn Prompter, saved: Vec<Recorded>) -> Replaying<'p> {
        Replaying {
            inner,
            queue: saved.into(),
            record: Vec::new(),
        }
    }

    fn replayed(&mut self, prompt: &Prompt) -> Option<Answer> {
        let next = self.queue.pop_front()?;
        match next.answer_to(prompt) {
            Some(answer) => {
                self.record.push(next);
                if self.queue.is_empty() {
                    let answers =
                        crate::text::numbers::count(self.record.len() as f64, "answer", "answers");
                    self.inner.say(&format!(
                        "Resumed where you stopped: {answers} of this step replayed."
                    ));
                }
                Some(answer)
            }
            None => {
                // The questions changed (a newer archgen, an edited pack): ask from here on.
                self.queue.clear();
                self.inner
                    .say("Resumed here: the saved answers no longer fit the questions.");
                None
            }
        }
    }
}

impl Prompter for Replaying<'_> {
    fn say(&mut self, text: &str) {
        if self.queue.is_empty() {
            self.inner.say(text);
        }
    }

    fn ask(&mut self, prompt: &Prompt) -> anyhow::Result<Answer> {
        if let Some(answer) = self.replayed(prompt) {
            return Ok(answer);
        }
        let answer = self.inner.ask(prompt)?;
        self.record.extend(Recorded::new(prompt.message(), &answer));
        Ok(answer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Fixed(Vec<Answer>, Vec<String>);

    impl Prompter for Fixed {
        fn say(&mut self, text: &str) {
            self.1.push(text.to_owned());
        }
        fn ask(&mut self, _: &Prompt) -> anyhow::Result<Answer> {
            Ok(self.0.remove(0))
        }
    }

    fn text(message: &str) -> Prompt {
        Prompt::Text {
            message: message.into(),
            help: String::new(),
            default: String::new(),
            check: std::rc::Rc::new(|t: &str| {
                if t.is_empty() {
                    Err("empty".into())
                } else {
                    Ok(())
                }
            }),
        }
    }

    fn saved(question: &str, t: &str) -> Recorded {
        Recorded::new(question, &Answer::Reply(Reply::Text(t.into()))).unwrap()
    }

    #[test]
    fn saved_answers_are_replayed_then_the_person_is_asked() {
        let mut person = Fixed(vec![Answer::Reply(Reply::Text("live".into()))], Vec::new());
        let mut p = Replaying::new(&mut person, vec![saved("name?", "Paused")]);
        p.say("a note between replayed questions");
        let first = p.ask(&text("name?")).unwrap();
        let second = p.ask(&text("domain?")).unwrap();
        assert_eq!(first, Answer::Reply(Reply::Text("Paused".into())));
        assert_eq!(second, Answer::Reply(Reply::Text("live".into())));
        assert_eq!(
            p.record,
            [saved("name?", "Paused"), saved("domain?", "live")]
        );
        assert_eq!(
            person.1,
            ["Resumed where you stopped: 1 answer of this step replayed."]
        );
    }

    #[test]
    fn a_replay_stops_where_the_questions_or_answers_no_longer_fit() {
        let mut person = Fixed(vec![Answer::Reply(Reply::Text("x".into()))], Vec::new());
        let stale = vec![saved("renamed?", "a"), saved("name?", "b")];
        let mut p = Replaying::new(&mut person, stale);
        assert_eq!(
            p.ask(&text("name?")).unwrap(),
            Answer::Reply(Reply::Text("x".into()))
        );
        assert_eq!(p.record, [saved("name?", "x")]);
        // An answer the question's own check now refuses is not replayed either.
        let mut person = Fixed(vec![Answer::Reply(Reply::Text("y".into()))], Vec::new());
        let mut p = Replaying::new(&mut person, vec![saved("name?", "")]);
        assert_eq!(
            p.ask(&text("name?")).unwrap(),
            Answer::Reply(Reply::Text("y".into()))
        );
    }

    #[test]
    fn recorded_answers_read_back_from_yaml() {
        let all = vec![
            saved("name?", "a: b # not a comment"),
            Recorded::new("kind?", &Answer::Reply(Reply::Choice(2))).unwrap(),
            Recorded::new("which?", &Answer::Reply(Reply::Choices(vec![0, 3]))).unwrap(),
            Recorded::new("sure?", &Answer::Reply(Reply::Yes(false))).unwrap(),
            Recorded::new("name?", &Answer::Back).unwrap(),
        ];
        let text = serde_yaml::to_string(&all).unwrap();
        assert_eq!(serde_yaml::from_str::<Vec<Recorded>>(&text).unwrap(), all);
        assert!(Recorded::new("name?", &Answer::Interrupt).is_none());
    }
}
