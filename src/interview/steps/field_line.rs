//! A resource's or event's fields typed on one line (`isbn, title, published_on:date,
//! copies:integer?`), types guessed from the names and shown back for confirmation, so sixteen
//! fields cost one answer instead of ninety-six. Constraints go in parentheses after the type
//! (`quantity:int(1..99)`, `name:string(..80)`; see [`super::field_bounds`]).

use super::field_bounds;
use super::fields::guess_type;
use crate::interview::values::{TextValue, spelling, variants};
use crate::model::{Field, FieldType};

/// Fields as one line of text: `name[:type][[]][?]`, separated by commas. `enum(a|b)` gives an
/// enum's values, `ref(Customer)` the resource a reference points to, `object(OrderLine)` the
/// resource a nested copy carries; `int(1..99)`, `string(..80)` and
/// `string(/^[A-Z]+$/, e.g. AB)` the constraints.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct FieldLine(pub(crate) Vec<Field>);

/// Other spellings people type for a model type.
const ALIASES: [(&str, FieldType); 6] = [
    ("int", FieldType::Integer),
    ("bool", FieldType::Boolean),
    ("decimal", FieldType::Number),
    ("float", FieldType::Number),
    ("text", FieldType::String),
    ("timestamp", FieldType::Datetime),
];

fn type_named(word: &str) -> Option<FieldType> {
    let word = word.to_ascii_lowercase();
    variants::<FieldType>()
        .into_iter()
        .find(|(_, name, _)| *name == word)
        .map(|(t, _, _)| t)
        .or_else(|| ALIASES.iter().find(|(a, _)| *a == word).map(|(_, t)| *t))
}

/// The type's model spelling with what the line carries: `enum(a|b)`, `ref(Customer)`,
/// `object(OrderLine)`.
fn show_type(f: &Field) -> String {
    let name = spelling(&f.ty);
    match f.ty {
        FieldType::Enum if !f.values.is_empty() => format!("{name}({})", f.values.join("|")),
        FieldType::Ref | FieldType::Object => match &f.to {
            Some(to) => format!("{name}({to})"),
            None => name,
        },
        _ => match field_bounds::show(f) {
            c if c.is_empty() => name,
            c => format!("{name}({c})"),
        },
    }
}

/// Splits on commas outside parentheses: `status:enum(a, b), id` has two items. A `/pattern/`
/// inside them may hold any parenthesis (`\/` is a slash).
fn items(line: &str) -> Vec<&str> {
    let (mut out, mut depth, mut start) = (Vec::new(), 0i32, 0);
    let (mut in_pattern, mut escaped) = (false, false);
    for (i, c) in line.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if in_pattern => escaped = true,
            '/' if depth > 0 => in_pattern = !in_pattern,
            _ if in_pattern => {}
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth <= 0 => {
                out.push(&line[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&line[start..]);
    out.into_iter()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect()
}

/// One item: `copies:integer?`, `tags:string[]`, `status:enum(open|done)`, `owner:ref(User)`.
fn parse_item(item: &str) -> Result<Field, String> {
    let (name, spec) = match item.split_once(':') {
        Some((n, s)) => (n.trim(), Some(s.trim())),
        None => (item, None),
    };
    let (mut name, mut optional, mut list) = (name.to_owned(), false, false);
    let mut spec = spec.map(str::to_owned);
    // `?` and `[]` may follow the name or the type.
    for part in [&mut name].into_iter().chain(spec.as_mut()) {
        loop {
            if let Some(s) = part.strip_suffix('?') {
                *part = s.trim_end().to_owned();
                optional = true;
            } else if let Some(s) = part.strip_suffix("[]") {
                *part = s.trim_end().to_owned();
                list = true;
            } else {
                break;
            }
        }
    }
    crate::validate::fields::non_blank(&name).map_err(|_| format!("`{item}` has no name"))?;
    if name.contains(|c: char| c.is_whitespace() || "()|".contains(c)) {
        return Err(format!(
            "`{name}` is not a field name; separate fields with commas"
        ));
    }
    let mut field = Field {
        ty: guess_type(&name),
        name,
        list,
        optional,
        ..Field::default()
    };
    if let Some(spec) = spec {
        let (word, args) = match spec.split_once('(') {
            Some((w, rest)) => {
                let args = rest.strip_suffix(')').ok_or_else(|| {
                    format!("`{item}`: close the parenthesis, e.g. `status:enum(open|done)`")
                })?;
                (w.trim().to_owned(), Some(args.to_owned()))
            }
            None => (spec.clone(), None),
        };
        field.ty = type_named(&word).ok_or_else(|| {
            let known: Vec<String> = variants::<FieldType>().into_iter().map(|v| v.1).collect();
            format!(
                "`{item}`: unknown type `{word}`; use one of {}",
                known.join(", ")
            )
        })?;
        match (field.ty, args) {
            (FieldType::Enum, Some(a)) => {
                field.values = a
                    .split(['|', ','])
                    .map(str::trim)
                    .filter(|v| !v.is_empty())
                    .map(str::to_owned)
                    .collect();
            }
            (FieldType::Ref | FieldType::Object, Some(a)) if !a.trim().is_empty() => {
                field.to = Some(a.trim().into())
            }
            (t, Some(a)) if field_bounds::takes(t) => field_bounds::read(&mut field, &a, item)?,
            (_, Some(_)) => {
                return Err(format!(
                    "`{item}`: only `enum(..)`, `ref(..)`, `object(..)` and numbers' and text's \
                     constraints take values in parentheses"
                ));
            }
            (_, None) => {}
        }
    }
    Ok(field)
}

impl TextValue for FieldLine {
    fn show(&self) -> String {
        self.0
            .iter()
            .map(|f| {
                let list = if f.list { "[]" } else { "" };
                let optional = if f.optional { "?" } else { "" };
                format!("{}:{}{list}{optional}", f.name, show_type(f))
            })
            .collect::<Vec<_>>()
            .join(", ")
    }

    fn read(text: &str) -> Result<Self, String> {
        let fields = items(text)
            .into_iter()
            .map(parse_item)
            .collect::<Result<Vec<_>, _>>()?;
        let names: Vec<&str> = fields.iter().map(|f| f.name.as_str()).collect();
        for (i, n) in names.iter().enumerate() {
            crate::validate::fields::unique(n, names[..i].iter().copied())?;
        }
        Ok(FieldLine(fields))
    }
}

/// `typed` laid over `old`: each field keeps what the line does not say (its description,
/// an example without a pattern, and an enum's values or a reference's target when not
/// retyped) and takes the constraints the line shows;
/// fields left off the line are removed.
pub(crate) fn merge(old: &[Field], typed: FieldLine) -> Vec<Field> {
    typed
        .0
        .into_iter()
        .map(|new| match old.iter().find(|f| f.name == new.name) {
            Some(before) => {
                let same_type = before.ty == new.ty;
                let mut merged = before.clone();
                field_bounds::take(&mut merged, &new);
                Field {
                    values: if new.values.is_empty() && same_type {
                        before.values.clone()
                    } else {
                        new.values
                    },
                    to: new
                        .to
                        .or_else(|| same_type.then(|| before.to.clone()).flatten()),
                    ty: new.ty,
                    list: new.list,
                    optional: new.optional,
                    ..merged
                }
            }
            None => new,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(s: &str) -> Vec<Field> {
        FieldLine::read(s).unwrap().0
    }

    #[test]
    fn a_line_gives_typed_fields_with_guesses_where_no_type_is_given() {
        let f =
            line("isbn, title, published_on, copies:int?, tags:string[], status:enum(open|lent)");
        let typed: Vec<(&str, FieldType, bool, bool)> = f
            .iter()
            .map(|f| (f.name.as_str(), f.ty, f.list, f.optional))
            .collect();
        assert_eq!(
            typed,
            [
                ("isbn", FieldType::String, false, false),
                ("title", FieldType::String, false, false),
                ("published_on", FieldType::Date, false, false),
                ("copies", FieldType::Integer, false, true),
                ("tags", FieldType::String, true, false),
                ("status", FieldType::Enum, false, false),
            ]
        );
        assert_eq!(f[5].values, ["open", "lent"]);
        let r = line("owner: ref(User)?, lines:ref(OrderLine)[]");
        assert_eq!((r[0].to.as_deref(), r[0].optional), (Some("User"), true));
        assert_eq!((r[1].to.as_deref(), r[1].list), (Some("OrderLine"), true));
        // A nested copy of another resource, not free-form JSON.
        let o = line("lines:object(OrderLine)[], meta:json");
        assert_eq!(
            (o[0].ty, o[0].to.as_deref()),
            (FieldType::Object, Some("OrderLine"))
        );
        assert_eq!((o[1].ty, o[1].to.as_deref()), (FieldType::Json, None));
    }

    #[test]
    fn what_a_line_shows_reads_back_the_same() {
        let text = "id:uuid, status:enum(open|lent), owner:ref(User)?, tags:string[], \
                    lines:object(Line)[]";
        let f = FieldLine::read(text).unwrap();
        assert_eq!(f.show(), text);
        assert_eq!(FieldLine::read(&f.show()).unwrap(), f);
        assert_eq!(FieldLine::read("").unwrap(), FieldLine::default());
    }

    #[test]
    fn a_bad_line_says_which_item_and_what_to_do() {
        let err = |s: &str| FieldLine::read(s).unwrap_err();
        assert!(err("title:strng").contains("unknown type `strng`; use one of string,"));
        assert!(err("isbn, isbn").contains("isbn"));
        assert!(err("status:enum(open").contains("close the parenthesis"));
        assert!(err("due_on:date(5)").contains("only `enum(..)`, `ref(..)`, `object(..)`"));
        assert!(err("due date").contains("separate fields with commas"));
        assert!(err(":int").contains("has no name"));
    }

    #[test]
    fn retyping_keeps_what_the_line_does_not_say() {
        let old = vec![Field {
            name: "status".into(),
            ty: FieldType::Enum,
            values: vec!["open".into(), "done".into()],
            description: "Where the loan stands.".into(),
            ..Field::default()
        }];
        let merged = merge(&old, FieldLine::read("status?, due_on").unwrap());
        assert_eq!(merged[0].values, ["open", "done"]);
        assert_eq!(merged[0].description, "Where the loan stands.");
        assert!(merged[0].optional);
        assert_eq!(merged[1].ty, FieldType::Date);
        let retyped = merge(&old, FieldLine::read("status:string").unwrap());
        assert!(retyped[0].values.is_empty());
    }

    #[test]
    fn constraints_follow_the_type_in_parentheses() {
        let f = line(
            "quantity:int(1..99), price:number(0.5..), name:string(..80), \
             sku:string(/^[A-Z0-9-]+$/, e.g. AB-12), code:string(2..8, /^(a|b),?$/, e.g. a)?",
        );
        assert_eq!((f[0].min, f[0].max), (Some(1.0), Some(99.0)));
        assert_eq!((f[1].min, f[1].max), (Some(0.5), None));
        assert_eq!((f[2].min_length, f[2].max_length), (None, Some(80)));
        assert_eq!(f[3].pattern.as_deref(), Some("^[A-Z0-9-]+$"));
        assert_eq!(f[3].example.as_deref(), Some("AB-12"));
        // A pattern may hold commas and parentheses; the field after it still parses.
        assert_eq!(f.len(), 5);
        assert_eq!((f[4].min_length, f[4].max_length), (Some(2), Some(8)));
        assert_eq!(f[4].pattern.as_deref(), Some("^(a|b),?$"));
        assert!(f[4].optional);
        // What the line shows reads back the same, constraints and all.
        let shown = FieldLine(f.clone()).show();
        assert_eq!(
            shown,
            "quantity:integer(1..99), price:number(0.5..), name:string(..80), \
             sku:string(/^[A-Z0-9-]+$/, e.g. AB-12), code:string(2..8, /^(a|b),?$/, e.g. a)?"
        );
        assert_eq!(line(&shown), f);
        let slash = line("path:string(/^a\\/b$/, e.g. a/b)");
        assert_eq!(slash[0].pattern.as_deref(), Some("^a/b$"));
        assert_eq!(line(&FieldLine(slash.clone()).show()), slash);
    }

    #[test]
    fn a_bad_constraint_says_what_to_write() {
        let err = |s: &str| FieldLine::read(s).unwrap_err();
        let e = err("quantity:int(99..1)");
        assert!(
            e.contains("`99..1` ends below its start; write a range, e.g. `quantity:int(1..99)`"),
            "{e}"
        );
        assert!(err("quantity:int(many)").contains("`many` is not a range"));
        assert!(err("quantity:int(/^1$/, e.g. 1)").contains("only text takes a pattern"));
        assert!(err("name:string(..8.5)").contains("not a whole number of characters"));
        assert!(err("name:string(80)").contains("`80` is not a range"));
        let e = err("sku:string(/^[A-Z]+$/)");
        assert!(
            e.contains("a pattern needs an example it accepts (`e.g. ...`)"),
            "{e}"
        );
        assert!(err("sku:string(/^[A-Z]+$/, e.g. ab)").contains("`ab` does not match the pattern"));
        assert!(err("sku:string(/^[A-Z+$/, e.g. A)").contains("is not a regular expression"));
    }

    #[test]
    fn the_line_states_the_constraints_and_keeps_the_rest() {
        let old = vec![Field {
            name: "name".into(),
            ty: FieldType::String,
            max_length: Some(80),
            description: "What members are called.".into(),
            ..Field::default()
        }];
        let kept = merge(&old, FieldLine::read("name:string(..80)").unwrap());
        assert_eq!(
            (kept[0].max_length, kept[0].description.as_str()),
            (Some(80), "What members are called.")
        );
        let cleared = merge(&old, FieldLine::read("name:string(2..)").unwrap());
        assert_eq!(
            (cleared[0].min_length, cleared[0].max_length),
            (Some(2), None)
        );
    }
}
