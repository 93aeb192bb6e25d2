//! One state of the project as plain data: the configuration and the OKR
//! files' bytes, whoever read them (`source` from the working tree, `git`
//! from a revision). Everything from `workspace` up takes these values and
//! never reads a file itself.

use crate::config::Config;
use std::collections::HashMap;

/// One file's bytes and where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// Relative to the project root, `/`-separated: `okrs/2026-Q1/growth/a.md`.
    pub path: String,
    /// Relative to the OKR root: `2026-Q1/growth/a.md`.
    pub rel: String,
    pub bytes: Vec<u8>,
}

/// The configuration and OKR files of one state of the project.
#[derive(Debug)]
pub struct Snapshot {
    pub config: Config,
    pub files: Vec<SourceFile>,
    /// Whether the OKR root exists in this state.
    pub root_exists: bool,
}

/// The text of each file, by project-relative path (BOM removed): what
/// `okr check` quotes under a finding and what `okr pr` compares between
/// the two sides.
pub type Sources = HashMap<String, String>;
