//! The integration tests, as one test binary (`cargo test --test it`).
//!
//! One binary instead of one per file: on a small machine linking the test
//! binaries was most of a test rebuild (CONTRIBUTING.md, "Test build time").
//! Each file below is a module; run one with its path as the filter, e.g.
//! `cargo test --test it corpus::` or `cargo test --test it cli::status_text`.
//! The tests share one process: none may change the process's environment
//! or working directory (runs of `okr` and `git` get theirs per command, see
//! `common`).

mod common;

/// The fuzz targets' checks (`fuzz/checks.rs`), replayed by `fuzz_corpus`
/// and reused by `properties`.
#[path = "../../fuzz/checks.rs"]
mod checks;

mod action_install;
mod bad_input;
mod cli;
mod corpus;
mod damaged;
mod diff;
mod fuzz_corpus;
mod history;
mod horizon_history;
mod horizons;
mod hostile;
mod layers;
mod point_in_time;
mod post;
mod pr;
mod properties;
mod release;
mod report;
mod reproducible;
mod retro;
mod retro_period;
mod review;
mod rules;
mod set;
mod sync;
mod sync_postgres;
mod sync_postgres_e2e;
mod tree;
