//! `okr`: Git-native, plain-text OKRs.
//!
//! The library is organised as a pipeline of pure functions over an
//! in-memory model; file-system and git access live at the edges
//! (`source`, `git`) and the command-line glue in `cli`. See
//! `ARCHITECTURE.md` for the code map and the invariants.
#![forbid(unsafe_code)]

/// The GitHub repository okr is published under: its releases, the GitHub
/// Action (`uses: okr-cli/okr@vVERSION`) and the pre-commit hook. The README,
/// the docs, action/install.sh and the release configuration name the same
/// one; tests/it/release.rs fails when any of them drifts.
pub const REPOSITORY: &str = "okr-cli/okr";

// In layer order, lowest first (ARCHITECTURE.md, tests/it/layers.rs).
pub mod analysis;
pub mod cli;
pub mod core;
pub mod git;
pub mod github;
pub mod history;
pub mod metrics;
pub mod output;
pub mod render;
pub mod source;
pub mod views;
