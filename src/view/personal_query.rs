//! Lists narrowed by personal data: a filter on a personal field puts the value in the URL's
//! query, which gateway access logs, tracing span URLs and browser history keep, away from the
//! redaction the services apply to bodies and logs of their own.

use crate::model::Model;
use serde::Serialize;

/// A list whose filters take personal data in its URL.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PersonalQuery {
    /// The service.
    pub service: String,
    /// The resource.
    pub resource: String,
    /// The personal fields it filters by, in the model's order.
    pub fields: Vec<String>,
    /// JSON pointer to the resource's `filters` in the model.
    pub at: String,
}

/// Every resource whose list filters by a personal field (`personal`, or an email address).
pub fn derive(model: &Model) -> Vec<PersonalQuery> {
    let mut out = Vec::new();
    for (i, s) in model.services.iter().enumerate() {
        for (j, r) in s.api.resources.iter().enumerate() {
            let fields: Vec<String> = (r.filters.iter())
                .map(|f| f.field())
                .filter(|name| (r.fields.iter()).any(|x| x.name == *name && x.is_personal()))
                .map(str::to_owned)
                .collect();
            if !fields.is_empty() {
                out.push(PersonalQuery {
                    service: s.name.clone(),
                    resource: r.name.clone(),
                    fields,
                    at: format!("/services/{i}/api/resources/{j}/filters"),
                });
            }
        }
    }
    out
}
