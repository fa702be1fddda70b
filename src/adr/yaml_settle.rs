//! What an edit changed, apart from how the model is written: the revised model's YAML with
//! every part the interview left as it was put back the way the file has it. The serializer
//! writes defaults the file leaves out (`kind: service`) and numbers in its own form (`25.0`
//! for `25`); merging those in would touch lines nobody changed.

use serde_yaml::{Mapping, Value};

/// `new` (the revised model's YAML) with the parts equal to `old`'s model as the serializer
/// writes it taken from `old` (the file's text) instead; `None` when `old` does not read as a
/// model.
pub fn settled(old: &str, new: &str) -> Option<String> {
    let before = crate::load::parse_shape(old, "archgen.yaml").ok()?;
    let base: Value = serde_yaml::from_str(&crate::model::yaml::to_yaml(&before)).ok()?;
    let file: Value = serde_yaml::from_str(old).ok()?;
    let after: Value = serde_yaml::from_str(new).ok()?;
    serde_yaml::to_string(&settle(Some(&file), &base, &after)).ok()
}

/// `new`, where it equals `base` (the unedited model as serialized), as `file` writes it.
fn settle(file: Option<&Value>, base: &Value, new: &Value) -> Value {
    if let Some(file) = file.filter(|_| base == new) {
        return file.clone();
    }
    match (file, base, new) {
        (Some(Value::Mapping(f)), Value::Mapping(b), Value::Mapping(n)) => {
            let mut out = Mapping::new();
            for (key, value) in n {
                match (f.get(key), b.get(key)) {
                    // A default the file leaves out, unchanged: still left out.
                    (None, Some(was)) if was == value => {}
                    (Some(f), Some(was)) => {
                        out.insert(key.clone(), settle(Some(f), was, value));
                    }
                    _ => {
                        out.insert(key.clone(), value.clone());
                    }
                }
            }
            Value::Mapping(out)
        }
        (Some(Value::Sequence(f)), Value::Sequence(b), Value::Sequence(n))
            if f.len() == b.len() =>
        {
            let items = n.iter().enumerate().map(|(i, v)| match b.get(i) {
                Some(was) => settle(f.get(i), was, v),
                None => v.clone(),
            });
            Value::Sequence(items.collect())
        }
        _ => new.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const OLD: &str = "version: 1\nname: Shop\nrequirements:\n  domain: retail\n  use_cases:\n    - {name: Buy, share: 25, served_by: [orders]}\nservices:\n  - name: orders\n    responsibility: Takes orders.\n";

    #[test]
    fn what_the_edit_left_alone_stays_as_the_file_writes_it() {
        let mut m = crate::load::parse_shape(OLD, "archgen.yaml").unwrap();
        m.services[0].responsibility = "Takes and tracks orders.".into();
        let new = crate::model::yaml::to_yaml(&m);
        let settled: Value = serde_yaml::from_str(&settled(OLD, &new).unwrap()).unwrap();
        let service = &settled["services"][0];
        assert_eq!(service["responsibility"], "Takes and tracks orders.");
        // The serializer's default and its form of the share are not edits.
        assert!(service.get("kind").is_none(), "{service:?}");
        assert_eq!(settled["requirements"]["use_cases"][0]["share"], 25);
    }

    #[test]
    fn a_default_the_edit_changes_is_written() {
        let mut m = crate::load::parse_shape(OLD, "archgen.yaml").unwrap();
        m.services[0].kind = crate::model::ServiceKind::Worker;
        let new = crate::model::yaml::to_yaml(&m);
        let settled: Value = serde_yaml::from_str(&settled(OLD, &new).unwrap()).unwrap();
        assert_eq!(settled["services"][0]["kind"], "worker");
    }
}
