//! The analysis layer: the rules (`okr check`), one file each, and the
//! near-duplicate title index they use. Pure; reads `core` and `history`.

pub mod rules;
pub mod similarity;
