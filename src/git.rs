//! Git access through `gix` (the git edge): reading a revision's files.

use crate::config;
use crate::error::{Fatal, Result};
use crate::source::{self, Snapshot, SourceFile};
use std::path::Path;

/// Opens the repository containing `dir`, and returns it with the path of
/// `dir` relative to the repository's working tree (`""` at the top).
pub fn open(dir: &Path) -> Result<(gix::Repository, String)> {
    let repo = gix::discover(dir).map_err(|e| {
        Fatal::new(format!(
            "{} is not inside a git repository ({e})",
            dir.display()
        ))
    })?;
    let prefix = match repo.workdir() {
        Some(wd) => {
            let wd = wd.canonicalize().unwrap_or_else(|_| wd.to_path_buf());
            let d = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
            d.strip_prefix(&wd)
                .map(|p| {
                    p.components()
                        .map(|c| c.as_os_str().to_string_lossy())
                        .collect::<Vec<_>>()
                        .join("/")
                })
                .unwrap_or_default()
        }
        None => String::new(),
    };
    Ok((repo, prefix))
}

fn join(prefix: &str, path: &str) -> String {
    if prefix.is_empty() {
        path.to_string()
    } else {
        format!("{prefix}/{path}")
    }
}

/// Reads the configuration and OKR files of the project at `dir` as they are
/// in revision `rev`.
pub fn load_rev(dir: &Path, rev: &str) -> Result<Snapshot> {
    let (repo, prefix) = open(dir)?;
    let tree = repo
        .rev_parse_single(rev)
        .map_err(|e| {
            Fatal::new(format!(
                "`{rev}` is not a revision of this repository ({e})"
            ))
        })?
        .object()
        .and_then(|o| o.peel_to_tree())
        .map_err(|e| Fatal::new(format!("`{rev}` does not name a commit or tree ({e})")))?;
    let read_blob = |path: &str| -> Result<Option<Vec<u8>>> {
        let entry = tree
            .lookup_entry_by_path(path)
            .map_err(|e| Fatal::new(format!("git: cannot read `{path}` at `{rev}`: {e}")))?;
        match entry {
            Some(e) if e.mode().is_blob() => {
                let obj = e.object().map_err(|err| {
                    Fatal::new(format!("git: cannot read `{path}` at `{rev}`: {err}"))
                })?;
                Ok(Some(obj.data.clone()))
            }
            _ => Ok(None),
        }
    };
    let config = source::read_config(read_blob(&join(&prefix, config::FILE_NAME))?)?;
    let root_path = join(&prefix, &config.root);
    let root = tree
        .lookup_entry_by_path(&root_path)
        .map_err(|e| Fatal::new(format!("git: cannot read `{root_path}` at `{rev}`: {e}")))?;
    let Some(root) = root.filter(|e| e.mode().is_tree()) else {
        return Ok(Snapshot {
            config,
            files: Vec::new(),
            root_exists: false,
        });
    };
    let root_tree = root
        .object()
        .map(gix::Object::into_tree)
        .map_err(|e| Fatal::new(format!("git: cannot read `{root_path}` at `{rev}`: {e}")))?;
    let entries = root_tree
        .traverse()
        .breadthfirst
        .files()
        .map_err(|e| Fatal::new(format!("git: cannot list `{root_path}` at `{rev}`: {e}")))?;
    let mut files = Vec::new();
    for entry in entries {
        if !entry.mode.is_blob() {
            continue;
        }
        let rel = String::from_utf8_lossy(&entry.filepath).into_owned();
        if !source::is_okr_file(&rel) {
            continue;
        }
        let blob = repo
            .find_object(entry.oid)
            .map_err(|e| Fatal::new(format!("git: cannot read `{rel}` at `{rev}`: {e}")))?;
        files.push(SourceFile {
            path: format!("{}/{rel}", config.root),
            rel,
            bytes: blob.data.clone(),
        });
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(Snapshot {
        config,
        files,
        root_exists: true,
    })
}

/// `user.name` from the git configuration of the repository at `dir`, or
/// from the user's global configuration.
pub fn user_name(dir: &Path) -> Option<String> {
    let repo = gix::discover(dir).ok()?;
    let name = repo.config_snapshot().string("user.name")?;
    let name = name.to_string();
    (!name.trim().is_empty()).then_some(name)
}
