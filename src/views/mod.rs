//! The view models of the commands that compare or summarise: `diff`,
//! `tree`, `report`, `pr` and `retro`. Pure; reads `core`, `history` and
//! `analysis`, and is read by `render` and `cli`.

pub mod diff;
pub mod pr;
pub mod report;
pub mod retro;
pub mod sync;
pub mod tree;
