//! Git access through `gix` (the git edge), behind one handle: [`Repo`],
//! opened once per command, whose failures are [`GitError`]s.
//!
//! - `repo.rs`: the handle (open, what okr cannot read, `user.name`,
//!   revisions, a pull request's merge base);
//! - `error.rs`: `GitError`, by class, and its messages;
//! - `files.rs`: the files of a revision, the OKR root through symbolic links;
//! - `log.rs`: the first-parent log (`GitLog`), the history engine's feed,
//!   `--as-of`'s walk;
//! - `tree_diff.rs`: what a commit changed under the OKR root;
//! - `blobs.rs`: the log's blobs, decoded per delta tree in pack order;
//! - `workers.rs`: the history engine's threads;
//! - `checkin.rs`: `okr set --commit`'s check-in (`CheckIn`).

mod blobs;
mod checkin;
mod error;
mod files;
mod log;
mod repo;
mod tree_diff;
mod workers;

pub use checkin::{CheckIn, Committed};
pub use error::{Format, GitError};
pub use log::GitLog;
pub use repo::{PrCommits, Repo};

#[cfg(test)]
mod tests;
