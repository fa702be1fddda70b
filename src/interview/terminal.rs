//! The interview's questions put to a person in a terminal, through inquire. The only code in
//! archgen that reads keys.

use super::prompt::{Answer, Prompt, Prompter, Reply};
use inquire::error::InquireError;
use inquire::validator::Validation;
use std::io::Write as _;
use std::rc::Rc;

/// Asks in the terminal.
pub struct Terminal {
    color: bool,
}

impl Terminal {
    /// A terminal prompter; `color` false renders plain text (NO_COLOR, `--color never`).
    pub fn new(color: bool) -> Terminal {
        if !color {
            inquire::set_global_render_config(inquire::ui::RenderConfig::empty());
        }
        Terminal { color }
    }
}

/// Whether both standard input and output are terminals: archgen decides interactivity itself
/// (inquire would open the controlling terminal even with stdin redirected).
pub fn is_interactive() -> bool {
    use std::io::IsTerminal as _;
    std::io::stdin().is_terminal() && std::io::stdout().is_terminal()
}

fn answer<T>(
    result: Result<T, InquireError>,
    reply: impl FnOnce(T) -> Reply,
) -> anyhow::Result<Answer> {
    match result {
        Ok(v) => Ok(Answer::Reply(reply(v))),
        Err(InquireError::OperationCanceled) => Ok(Answer::Back),
        Err(InquireError::OperationInterrupted) => Ok(Answer::Interrupt),
        Err(e) => Err(anyhow::anyhow!("the terminal prompt failed: {e}")),
    }
}

/// `label — help` for list entries.
fn entry((label, help): &(String, String)) -> String {
    if help.is_empty() {
        label.clone()
    } else {
        format!("{label} — {help}")
    }
}

impl Prompter for Terminal {
    fn say(&mut self, text: &str) {
        let mut out = std::io::stdout();
        let _ = if self.color && !text.starts_with(' ') && !text.contains('\n') {
            writeln!(out, "\n\x1b[1m{text}\x1b[0m")
        } else {
            writeln!(out, "\n{text}")
        };
    }

    fn ask(&mut self, prompt: &Prompt) -> anyhow::Result<Answer> {
        match prompt {
            Prompt::Text {
                message,
                help,
                default,
                check,
            } => {
                // Enter keeps the default; typing replaces it; `-` clears it.
                let check = Rc::clone(check);
                let validator = move |s: &str| -> Result<Validation, inquire::CustomUserError> {
                    Ok(match check(if s.trim() == "-" { "" } else { s }) {
                        Ok(()) => Validation::Valid,
                        Err(e) => Validation::Invalid(e.into()),
                    })
                };
                let help = if default.is_empty() {
                    help.clone()
                } else {
                    format!("{help} (Enter keeps it; `-` clears it)")
                };
                let mut q = inquire::Text::new(message)
                    .with_help_message(&help)
                    .with_validator(validator);
                if !default.is_empty() {
                    q = q.with_default(default);
                }
                answer(q.prompt(), |s| {
                    Reply::Text(if s.trim() == "-" { String::new() } else { s })
                })
            }
            Prompt::Select {
                message,
                help,
                options,
                default,
            } => {
                let labels: Vec<String> = options.iter().map(entry).collect();
                // Typed letters filter the list: say so, or Enter seems to do nothing.
                let help = format!("{help} [↑↓ move, Enter chooses, typing filters]");
                let q = inquire::Select::new(message, labels)
                    .with_help_message(&help)
                    .with_starting_cursor((*default).min(options.len().saturating_sub(1)))
                    .with_page_size(12);
                answer(q.raw_prompt(), |o| Reply::Choice(o.index))
            }
            Prompt::MultiSelect {
                message,
                help,
                options,
                defaults,
            } => {
                let labels: Vec<String> = options.iter().map(entry).collect();
                let help = format!(
                    "{help} [↑↓ move, Space ticks, → all, ← none, Enter confirms, typing filters]"
                );
                let q = inquire::MultiSelect::new(message, labels)
                    .with_help_message(&help)
                    .with_default(defaults)
                    .with_page_size(12);
                answer(q.raw_prompt(), |v| {
                    Reply::Choices(v.into_iter().map(|o| o.index).collect())
                })
            }
            Prompt::Confirm {
                message,
                help,
                default,
            } => {
                let q = inquire::Confirm::new(message)
                    .with_help_message(help)
                    .with_default(*default);
                answer(q.prompt(), Reply::Yes)
            }
        }
    }
}
