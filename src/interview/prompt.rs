//! What the interview asks, as plain data, and the trait that asks it. The flow never calls
//! inquire directly, so it can be driven by scripted answers in tests.

/// A validator shared with the YAML loader: `Err` holds what is wrong, shown under the prompt.
pub type Check = std::rc::Rc<dyn Fn(&str) -> Result<(), String>>;

/// One question.
pub enum Prompt {
    /// Free text.
    Text {
        /// The question.
        message: String,
        /// One sentence on the choice.
        help: String,
        /// Pre-filled answer.
        default: String,
        /// Validates each submission; the question is re-asked while it fails.
        check: Check,
    },
    /// One of a list.
    Select {
        /// The question.
        message: String,
        /// One sentence on the choice.
        help: String,
        /// `(label, help)` of each option.
        options: Vec<(String, String)>,
        /// The option selected at first.
        default: usize,
    },
    /// Any of a list.
    MultiSelect {
        /// The question.
        message: String,
        /// One sentence on the choice.
        help: String,
        /// `(label, help)` of each option.
        options: Vec<(String, String)>,
        /// The options ticked at first.
        defaults: Vec<usize>,
    },
    /// Yes or no.
    Confirm {
        /// The question.
        message: String,
        /// One sentence on the choice.
        help: String,
        /// The default answer.
        default: bool,
    },
}

impl Prompt {
    /// The question text.
    pub fn message(&self) -> &str {
        match self {
            Prompt::Text { message, .. }
            | Prompt::Select { message, .. }
            | Prompt::MultiSelect { message, .. }
            | Prompt::Confirm { message, .. } => message,
        }
    }

    /// The answer taken when the question is not asked (quick path, `--defaults`).
    pub fn default_reply(&self) -> Reply {
        match self {
            Prompt::Text { default, .. } => Reply::Text(default.clone()),
            Prompt::Select { default, .. } => Reply::Choice(*default),
            Prompt::MultiSelect { defaults, .. } => Reply::Choices(defaults.clone()),
            Prompt::Confirm { default, .. } => Reply::Yes(*default),
        }
    }
}

/// An answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reply {
    /// Text typed.
    Text(String),
    /// Index of the chosen option.
    Choice(usize),
    /// Indexes of the ticked options.
    Choices(Vec<usize>),
    /// Yes or no.
    Yes(bool),
}

/// What happened when a question was put.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// The person answered.
    Reply(Reply),
    /// Esc: go back one question.
    Back,
    /// Ctrl-C: stop, keeping the answers so far.
    Interrupt,
}

/// Puts questions to a person (or to a script, in tests).
pub trait Prompter {
    /// Announces a step or prints a note; no answer expected.
    fn say(&mut self, text: &str);
    /// Asks one question.
    fn ask(&mut self, prompt: &Prompt) -> anyhow::Result<Answer>;
}
