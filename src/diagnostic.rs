//! Findings with their location, and the error that carries all of them at once.

use std::fmt;

/// One problem, located where the input gives a location.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Finding {
    /// The file the problem is in.
    pub file: String,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// 1-based column, when known.
    pub column: Option<usize>,
    /// What is wrong, lowercase, names in backticks.
    pub message: String,
    /// What to do about it.
    pub help: Option<String>,
}

impl Finding {
    /// A finding without a location yet.
    pub fn new(file: impl Into<String>, message: impl Into<String>) -> Self {
        Finding {
            file: file.into(),
            line: None,
            column: None,
            message: message.into(),
            help: None,
        }
    }

    /// Sets the 1-based line and column.
    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    /// Adds what to do next.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// `file:line:column`, as far as known.
    pub fn location(&self) -> String {
        match (self.line, self.column) {
            (Some(line), Some(column)) => format!("{}:{line}:{column}", self.file),
            (Some(line), None) => format!("{}:{line}", self.file),
            _ => self.file.clone(),
        }
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location(), self.message)?;
        if let Some(help) = &self.help {
            write!(f, "\nhelp: {help}")?;
        }
        Ok(())
    }
}

/// Every problem found in one input, reported together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problems {
    /// What was checked, e.g. `the model` or `the templates`.
    pub subject: String,
    /// The findings, in file and line order.
    pub findings: Vec<Finding>,
}

impl Problems {
    /// Collects findings, sorted by location so the report reads top to bottom.
    pub fn new(subject: impl Into<String>, mut findings: Vec<Finding>) -> Self {
        findings.sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
        findings.dedup();
        Problems {
            subject: subject.into(),
            findings,
        }
    }

    /// `Err` with these findings unless there are none.
    pub fn into_result(self) -> Result<(), Problems> {
        if self.findings.is_empty() {
            Ok(())
        } else {
            Err(self)
        }
    }
}

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.findings.len();
        let noun = if n == 1 { "problem" } else { "problems" };
        write!(f, "found {n} {noun} in {}:", self.subject)?;
        for (i, finding) in self.findings.iter().enumerate() {
            let text = finding
                .to_string()
                .lines()
                .map(|l| {
                    if l.trim().is_empty() {
                        String::new()
                    } else {
                        l.to_owned()
                    }
                })
                .collect::<Vec<_>>()
                .join("\n     ")
                .replace("\n     \n", "\n\n");
            write!(f, "\n{:>3}. {text}", i + 1)?;
        }
        Ok(())
    }
}

impl std::error::Error for Problems {}

/// The candidate closest to `word`, when it is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let lower = word.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&lower, &c.to_lowercase()), c))
        .filter(|(score, c)| *score > 0.8 && *c != word)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c)
}
