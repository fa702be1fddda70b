//! The webhooks a service receives: each from a known external system, on an HTTP API, with
//! the header its signature comes in and a path of its own.

use super::{Issues, fields};
use crate::defaults;
use crate::model::{ApiStyle, Model};
use std::collections::HashMap;

pub(super) fn check(model: &Model, issues: &mut Issues) {
    let externals: Vec<&str> = model.externals.iter().map(|e| e.name.as_str()).collect();
    for (i, s) in model.services.iter().enumerate() {
        let base = format!("/services/{i}/api/receives");
        let style = defaults::api_style(s.kind, s.api.style);
        if !s.api.receives.is_empty()
            && !matches!(style, ApiStyle::Rest | ApiStyle::Webhooks | ApiStyle::Sse)
        {
            issues.push(
                base.clone(),
                format!(
                    "service `{}` receives webhooks, but its API style is not HTTP",
                    s.name
                ),
                Some("serve webhooks from a service whose `api.style` is `rest`".into()),
            );
        }
        let mut paths: HashMap<String, usize> = HashMap::new();
        for (j, r) in s.api.receives.iter().enumerate() {
            let rp = format!("{base}/{j}");
            let what = format!("service `{}`: webhook", s.name);
            issues.check(
                format!("{rp}/from"),
                &format!("{what} `from`"),
                fields::reference(&r.from, externals.iter().copied(), "external system"),
            );
            issues.check(
                format!("{rp}/signature_header"),
                &format!("{what} from `{}`: `signature_header`", r.from),
                fields::non_blank(&r.signature_header),
            );
            let path = r
                .path
                .clone()
                .unwrap_or_else(|| crate::text::names::receiver_path(&r.from));
            if !path.starts_with('/') || path.contains(['{', '}', ' ', '?', '#']) {
                issues.push(
                    format!("{rp}/path"),
                    format!(
                        "{what} from `{}`: path `{path}` is not a plain absolute path",
                        r.from
                    ),
                    Some("write it like `/webhooks/stripe`: a leading `/`, no parameters".into()),
                );
            }
            if let Some(first) = paths.insert(path.clone(), j) {
                issues.push_related(
                    format!("{rp}/path"),
                    format!("{what}s {first} and {j} share the path `{path}`"),
                    "give each webhook a path of its own",
                    format!("{base}/{first}"),
                );
            }
        }
    }
}
