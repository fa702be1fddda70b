//! Architecture decisions as a lifecycle: proposing, accepting, rejecting, deprecating and
//! superseding ADRs by editing the model in place, renumbering after a merge, and proposing an
//! ADR when a re-render changes a decision the model records.

pub mod facts;
pub mod ops;
pub mod relaxed;
pub mod yaml_edit;
pub mod yaml_merge;
pub mod yaml_settle;
mod yaml_text;
