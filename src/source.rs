//! Reading OKR files from the working tree (the file-system edge).
//! Reading them from a git revision lives in `git`.

use crate::config::{self, Config};
use crate::error::{Fatal, Result};
use std::path::{Path, PathBuf};

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

/// The project root: the nearest ancestor of `start` holding `okr.toml`,
/// else the nearest holding `.git`, else `start` itself.
pub fn find_project(start: &Path) -> PathBuf {
    for marker in [config::FILE_NAME, ".git"] {
        if let Some(dir) = start.ancestors().find(|d| d.join(marker).exists()) {
            return dir.to_path_buf();
        }
    }
    start.to_path_buf()
}

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

/// Parses `okr.toml` bytes (or defaults when absent).
pub fn read_config(bytes: Option<Vec<u8>>) -> Result<Config> {
    match bytes {
        None => Ok(Config::default()),
        Some(b) => {
            let text =
                String::from_utf8(b).map_err(|_| Fatal::new(format!("{}: not valid UTF-8", config::FILE_NAME)))?;
            config::parse(&text)
        }
    }
}

/// Reads the working tree of the project at `dir`.
pub fn load_worktree(dir: &Path) -> Result<Snapshot> {
    let cfg_path = dir.join(config::FILE_NAME);
    let cfg_bytes = match std::fs::read(&cfg_path) {
        Ok(b) => Some(b),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(Fatal::new(format!("cannot read {}: {e}", cfg_path.display()))),
    };
    let config = read_config(cfg_bytes)?;
    let root = dir.join(&config.root);
    if !root.is_dir() {
        return Ok(Snapshot { config, files: Vec::new(), root_exists: false });
    }
    let project = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
    let mut files = Vec::new();
    let walk = walkdir::WalkDir::new(&root).follow_links(false).sort_by_file_name().into_iter().filter_entry(|e| {
        e.depth() == 0 || !e.file_name().to_str().is_some_and(|n| n.starts_with('_') || n.starts_with('.'))
    });
    for entry in walk {
        let entry = entry.map_err(|e| Fatal::new(format!("cannot read {}: {e}", root.display())))?;
        let ft = entry.file_type();
        if ft.is_dir() {
            continue;
        }
        let Ok(rel_path) = entry.path().strip_prefix(&root) else {
            continue;
        };
        let rel = rel_path.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
        if !is_okr_file(&rel) {
            continue;
        }
        if ft.is_symlink() {
            // Only links that stay inside the project are read.
            match entry.path().canonicalize() {
                Ok(target) if target.starts_with(&project) && target.is_file() => {}
                _ => continue,
            }
        }
        let bytes = std::fs::read(entry.path())
            .map_err(|e| Fatal::new(format!("cannot read {}: {e}", entry.path().display())))?;
        files.push(SourceFile { path: format!("{}/{rel}", config.root), rel, bytes });
    }
    Ok(Snapshot { config, files, root_exists: true })
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
