//! Every value archgen computes from the model rather than reads from it, each in one place
//! with its tests: the view, the checks, the interview and the ADR commands all ask here, and
//! templates only present what these return.

pub mod decisions;
