//! A field's constraints inside the parentheses after its type on the fields line:
//! `quantity:int(1..99)` bounds a number (`min`, `max`), `name:string(2..80)` a text's length
//! (`min_length`, `max_length`), and `sku:string(/^[A-Z0-9-]+$/, e.g. AB-12)` gives a pattern
//! with the example every pattern needs, checked against it as it is typed.

use crate::model::{Field, FieldType};

/// Whether `ty` takes a range of values (`min`/`max`).
fn numeric(ty: FieldType) -> bool {
    matches!(ty, FieldType::Integer | FieldType::Number)
}

/// Whether `ty` takes lengths and a pattern.
fn text(ty: FieldType) -> bool {
    matches!(ty, FieldType::String | FieldType::Email | FieldType::Url)
}

/// Whether `ty` takes constraints in parentheses at all.
pub(super) fn takes(ty: FieldType) -> bool {
    numeric(ty) || text(ty)
}

/// Splits the arguments on commas outside a `/pattern/` (whose `\/` is a slash).
fn parts(args: &str) -> Vec<&str> {
    let (mut out, mut start, mut in_pattern, mut escaped) = (Vec::new(), 0, false, false);
    for (i, c) in args.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if in_pattern => escaped = true,
            '/' => in_pattern = !in_pattern,
            ',' if !in_pattern => {
                out.push(&args[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&args[start..]);
    out.into_iter()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect()
}

/// `a..b`, `a..` or `..b` as numbers.
fn range(part: &str) -> Option<(Option<f64>, Option<f64>)> {
    let (a, b) = part.split_once("..")?;
    let end = |s: &str| -> Option<Option<f64>> {
        let s = s.trim();
        if s.is_empty() {
            return Some(None);
        }
        s.parse::<f64>().ok().filter(|v| v.is_finite()).map(Some)
    };
    let (a, b) = (end(a)?, end(b)?);
    (a.is_some() || b.is_some()).then_some((a, b))
}

/// A whole, non-negative length.
fn length(v: Option<f64>) -> Option<Option<u32>> {
    match v {
        None => Some(None),
        Some(v) if v >= 0.0 && v.fract() == 0.0 && v <= f64::from(u32::MAX) => Some(Some(v as u32)),
        Some(_) => None,
    }
}

/// Sets `field`'s constraints from the text inside its type's parentheses; `item` is the whole
/// item, for the error.
pub(super) fn read(field: &mut Field, args: &str, item: &str) -> Result<(), String> {
    let usage = if numeric(field.ty) {
        "a range, e.g. `quantity:int(1..99)` or `(0..)`"
    } else {
        "a length range, a pattern and its example, e.g. `name:string(..80)` or \
         `sku:string(/^[A-Z0-9-]+$/, e.g. AB-12)`"
    };
    let bad = |what: &str| format!("`{item}`: {what}; write {usage}");
    for part in parts(args) {
        if let Some(ex) = part.strip_prefix("e.g.") {
            field.example = Some(ex.trim().to_owned());
        } else if let Some(p) = part.strip_prefix('/').and_then(|p| p.strip_suffix('/')) {
            if !text(field.ty) {
                return Err(bad("only text takes a pattern"));
            }
            regex::Regex::new(p)
                .map_err(|_| bad(&format!("`/{p}/` is not a regular expression")))?;
            field.pattern = Some(p.replace("\\/", "/"));
        } else {
            let (a, b) = range(part).ok_or_else(|| bad(&format!("`{part}` is not a range")))?;
            if let (Some(a), Some(b)) = (a, b)
                && a > b
            {
                return Err(bad(&format!("`{part}` ends below its start")));
            }
            if numeric(field.ty) {
                (field.min, field.max) = (a, b);
            } else {
                let whole = || bad(&format!("`{part}` is not a whole number of characters"));
                field.min_length = length(a).ok_or_else(whole)?;
                field.max_length = length(b).ok_or_else(whole)?;
            }
        }
    }
    match (&field.pattern, &field.example) {
        (Some(_), None) => Err(bad("a pattern needs an example it accepts (`e.g. ...`)")),
        (Some(p), Some(ex)) if !regex::Regex::new(p).is_ok_and(|re| re.is_match(ex)) => Err(bad(
            &format!("the example `{ex}` does not match the pattern"),
        )),
        _ => Ok(()),
    }
}

/// A number as typed: `1`, not `1.0`.
fn number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        v.to_string()
    }
}

/// `lo..hi` with either end left out when absent; nothing when both are.
fn show_range(lo: Option<String>, hi: Option<String>) -> Option<String> {
    (lo.is_some() || hi.is_some())
        .then(|| format!("{}..{}", lo.unwrap_or_default(), hi.unwrap_or_default()))
}

/// What the line shows inside the parentheses, as [`read`] reads it back; empty when the field
/// has no constraints.
pub(super) fn show(f: &Field) -> String {
    let mut out: Vec<String> = Vec::new();
    out.extend(show_range(f.min.map(number), f.max.map(number)));
    let len = |v: Option<u32>| v.map(|v| v.to_string());
    out.extend(show_range(len(f.min_length), len(f.max_length)));
    if let Some(p) = &f.pattern {
        out.push(format!("/{}/", p.replace('/', "\\/")));
        out.extend(f.example.as_ref().map(|e| format!("e.g. {e}")));
    }
    out.join(", ")
}

/// Copies the constraints the line states (all of them: it shows every one) onto `to`.
pub(super) fn take(to: &mut Field, from: &Field) {
    (to.min, to.max) = (from.min, from.max);
    (to.min_length, to.max_length) = (from.min_length, from.max_length);
    if from.pattern.is_some() || to.pattern.is_some() {
        to.pattern.clone_from(&from.pattern);
        to.example.clone_from(&from.example);
    }
}
