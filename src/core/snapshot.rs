//! One state of the project as plain data: the configuration and the OKR
//! files' bytes, whoever read them (`source` from the working tree, `git`
//! from a revision). Everything from `workspace` up takes these values and
//! never reads a file itself.

use crate::core::config::Config;
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

/// Whether a path relative to the OKR root names an objective file: a
/// `.md` file, not `README.md` (any case), with no segment starting with
/// `_` or `.`.
pub fn is_okr_file(rel: &str) -> bool {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    let lower = name.to_ascii_lowercase();
    lower.ends_with(".md")
        && lower != "readme.md"
        && !rel.split('/').any(|s| s.starts_with('_') || s.starts_with('.') || s.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn which_files_count() {
        assert!(is_okr_file("2026-Q1/growth/a.md"));
        assert!(is_okr_file("2026-Q1/growth/a.MD"));
        assert!(!is_okr_file("2026-Q1/README.md"));
        assert!(!is_okr_file("2026-Q1/growth/readme.MD"));
        assert!(!is_okr_file("2026-Q1/_drafts/a.md"));
        assert!(!is_okr_file("2026-Q1/growth/_a.md"));
        assert!(!is_okr_file("2026-Q1/.hidden/a.md"));
        assert!(!is_okr_file("2026-Q1/growth/a.txt"));
    }
}
