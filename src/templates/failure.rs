//! A template that failed, as a person reads it: Tera's report with its causes, the failing
//! template named the way its author knows it. Tera names a pack's file by its template name
//! (`security.md`) and a built-in by its namespace (`builtin/security.md`); a pack's author
//! reads `pack/security.md` and `(built-in) security.md`. The place comes from Tera's typed
//! report (template, line, column), not from searching the message for names.

use super::BUILTIN_PREFIX;
use std::borrow::Cow;
use std::path::Path;

/// Where Tera located a failure.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Locus {
    /// The template, as Tera names it.
    template: String,
    /// 1-based line.
    line: usize,
    /// 1-based column.
    column: usize,
}

impl Locus {
    /// The report's locus line as Tera writes it, with the template called `name`.
    fn arrow(&self, name: &str) -> String {
        format!("--> {name}:{}:{}", self.line, self.column)
    }
}

/// A template that failed to compile or render.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{}", self.shown())]
pub struct TemplateError {
    /// Tera's whole report, its causes one per paragraph.
    text: String,
    /// Where it failed; none for a failure Tera does not place.
    locus: Option<Locus>,
    /// What the failing template is called in the message, when not its template name.
    shown_as: Option<String>,
}

impl From<&tera::Error> for TemplateError {
    fn from(e: &tera::Error) -> Self {
        let locus = match e.kind() {
            tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => Some(Locus {
                template: r.filename().to_owned(),
                line: r.span().start_line,
                column: r.span().start_col + 1,
            }),
            _ => None,
        };
        TemplateError {
            text: super::error_text(e),
            locus,
            shown_as: None,
        }
    }
}

impl TemplateError {
    /// The template that failed, as Tera names it (`security.md`, `builtin/security.md`).
    pub fn template(&self) -> Option<&str> {
        self.locus.as_ref().map(|l| l.template.as_str())
    }

    /// Names the failing template as a pack's author knows it: one of the pack's `names` by its
    /// path under `dir`, a built-in as `(built-in) NAME`; the manifest's and rules' expressions
    /// keep their names.
    pub fn in_pack(mut self, dir: &Path, names: &[String]) -> Self {
        if let Some(l) = &self.locus {
            self.shown_as = if names.contains(&l.template) {
                Some(dir.join(&l.template).display().to_string())
            } else {
                l.template
                    .strip_prefix(BUILTIN_PREFIX)
                    .map(|b| format!("(built-in) {b}"))
            };
        }
        self
    }

    /// The message: Tera's report around its locus line, which names the template as shown.
    fn shown(&self) -> Cow<'_, str> {
        let (Some(l), Some(shown)) = (&self.locus, &self.shown_as) else {
            return Cow::Borrowed(&self.text);
        };
        // Tera keeps the rest of its report (the source line, the notes) private: the text
        // around the locus it wrote is kept as it is.
        match self.text.split_once(&l.arrow(&l.template)) {
            Some((before, after)) => Cow::Owned(format!("{before}{}{after}", l.arrow(shown))),
            None => Cow::Borrowed(&self.text),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn failure(name: &str, text: &str) -> TemplateError {
        let mut tera = tera::Tera::new();
        let e = tera.add_raw_template(name, text).unwrap_err();
        TemplateError::from(&e)
    }

    #[test]
    fn a_pack_file_is_named_by_its_path_and_a_built_in_as_built_in() {
        let names = ["testing.md".to_owned()];
        let pack = failure("testing.md", "# {{ this.title }\n").in_pack(Path::new("pack"), &names);
        assert_eq!(pack.template(), Some("testing.md"));
        assert!(
            pack.to_string().contains("--> pack/testing.md:1:17\n"),
            "{pack}"
        );
        let builtin = failure("builtin/a.md", "{{ x }").in_pack(Path::new("pack"), &names);
        assert!(
            builtin.to_string().contains("--> (built-in) a.md:1:6"),
            "{builtin}"
        );
        let plain = failure("testing.md", "# {{ this.title }\n");
        assert!(
            plain.to_string().contains("--> testing.md:1:17\n"),
            "{plain}"
        );
    }
}
