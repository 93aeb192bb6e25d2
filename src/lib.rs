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
/// one; tests/release.rs fails when any of them drifts.
pub const REPOSITORY: &str = "okr-cli/okr";

pub mod cli;
pub mod codes;
pub mod config;
pub mod diagnostic;
pub mod diff;
pub mod edit;
pub mod error;
pub mod escape;
pub mod git;
pub mod github;
pub mod history;
pub mod model;
pub mod output;
pub mod parse;
pub mod pr;
pub mod quarter;
pub mod refs;
pub mod render;
pub mod report;
pub mod retro;
pub mod review;
pub mod rules;
pub mod score;
pub mod similarity;
pub mod snapshot;
pub mod source;
pub mod style;
pub mod suggest;
pub mod templates;
pub mod text;
pub mod tree;
pub mod workspace;
pub mod yaml;
