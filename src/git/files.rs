//! The files of a revision (`--rev`, `okr diff`, `okr pr`), and the OKR
//! root through the symbolic links a tree has on its way to it.

use super::error::{GitError, MAX_LINK_HOPS};
use super::repo::{join, tree_of, Repo};
use crate::core::config;
use crate::core::error::Result;
use crate::core::snapshot::{self, Snapshot, SourceFile};
use std::fmt::Display;

impl Repo {
    /// Reads the configuration and OKR files of the project as they are in
    /// revision `rev`. The error is a [`Fatal`](crate::core::error::Fatal):
    /// an `okr.toml` that does not parse stops the read as a git failure does.
    pub fn load_rev(&self, rev: &str) -> Result<Snapshot> {
        self.readable()?;
        let (repo, prefix) = (&self.for_bulk_read(), self.prefix());
        let tree = tree_of(repo, rev)?;
        let cannot =
            |what: &str, path: &str, e: &dyn Display| GitError::unreadable(format!("{what} `{path}` at `{rev}`"), e);
        let read_blob = |path: &str| -> std::result::Result<Option<Vec<u8>>, GitError> {
            match tree.lookup_entry_by_path(path).map_err(|e| cannot("read", path, &e))? {
                Some(e) if e.mode().is_blob() => {
                    Ok(Some(e.object().map_err(|e| cannot("read", path, &e))?.data.clone()))
                }
                _ => Ok(None),
            }
        };
        let config = config::from_bytes(read_blob(&join(prefix, config::FILE_NAME))?)?;
        let root_path = resolve_links(&tree, &join(prefix, &config.root), rev)?;
        let root = tree.lookup_entry_by_path(&root_path).map_err(|e| cannot("read", &root_path, &e))?;
        let Some(root) = root.filter(|e| e.mode().is_tree()) else {
            return Ok(Snapshot { config, files: Vec::new(), root_exists: false });
        };
        let root_tree = root.object().map(gix::Object::into_tree).map_err(|e| cannot("read", &root_path, &e))?;
        let entries = root_tree.traverse().breadthfirst.files().map_err(|e| cannot("list", &root_path, &e))?;
        let mut files = Vec::new();
        for entry in entries {
            if !entry.mode.is_blob() {
                continue;
            }
            let rel = String::from_utf8_lossy(&entry.filepath).into_owned();
            if !snapshot::is_okr_file(&rel) {
                continue;
            }
            let blob = repo.find_object(entry.oid).map_err(|e| cannot("read", &rel, &e))?;
            files.push(SourceFile { path: format!("{}/{rel}", config.root), rel, bytes: blob.data.clone() });
        }
        files.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(Snapshot { config, files, root_exists: true })
    }
}

/// `path` (repository-relative, `/`-separated) in `tree` with every symbolic
/// link along it followed, as the file system would follow it in a checkout
/// (`okrs -> teams/okrs`): the path whose history is the one read from disk.
/// A link that leaves the repository (absolute, or `..` above the top) or
/// links that loop are refused, naming the link. Parts that do not exist are
/// kept as they are.
pub(super) fn resolve_links(tree: &gix::Tree<'_>, path: &str, rev: &str) -> std::result::Result<String, GitError> {
    let mut rest: std::collections::VecDeque<String> = path.split('/').map(str::to_string).collect();
    let mut done: Vec<String> = Vec::new();
    let mut hops = 0;
    let outside =
        |link: &str, target: &str| GitError::LinkOutside { link: link.into(), target: target.into(), rev: rev.into() };
    while let Some(part) = rest.pop_front() {
        match part.as_str() {
            "" | "." => continue,
            ".." => {
                if done.pop().is_none() {
                    return Err(outside(path, path));
                }
                continue;
            }
            _ => done.push(part),
        }
        let here = done.join("/");
        let cannot = |e: &dyn Display| GitError::unreadable(format!("read `{here}` at `{rev}`"), e);
        let entry = tree.lookup_entry_by_path(&here).map_err(|e| cannot(&e))?;
        let Some(entry) = entry.filter(|e| e.mode().is_link()) else { continue };
        hops += 1;
        let target = entry.object().map_err(|e| cannot(&e))?;
        let target = String::from_utf8_lossy(&target.data).into_owned();
        if hops > MAX_LINK_HOPS {
            return Err(GitError::LinkLoop { link: here, rev: rev.into() });
        }
        if target.starts_with('/') || target.contains('\\') {
            return Err(outside(&here, &target));
        }
        done.pop();
        // `..` above the top is caught when it is reached.
        let depth_ok = target.split('/').try_fold(done.len(), |d, p| match p {
            ".." => d.checked_sub(1),
            "" | "." => Some(d),
            _ => Some(d + 1),
        });
        if depth_ok.is_none() {
            return Err(outside(&here, &target));
        }
        for p in target.split('/').rev() {
            rest.push_front(p.to_string());
        }
    }
    Ok(done.join("/"))
}
