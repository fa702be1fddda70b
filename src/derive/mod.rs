//! Every value archgen computes from the model rather than reads from it, each in one place
//! with its tests: the view, the checks, the interview and the ADR commands all ask here, and
//! templates only present what these return. Beside the decisions: what the documents assume
//! where the model is silent, the decisions it leaves open, the risks and threats it implies,
//! how each dependency fails and recovers, and guidance that must fit the model.

pub mod assumptions;
pub mod decisions;
pub mod failures;
pub mod guidance;
pub mod open;
pub mod risks;
pub mod threats;
