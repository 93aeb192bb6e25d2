//! Reading OKR files from the working tree (the file-system edge), and
//! writing one back (`okr set`). Reading them from a git revision lives in
//! `git`.

use crate::core::config;
use crate::core::error::{Fatal, Result};
use std::path::{Path, PathBuf};

/// What this edge reads into: plain data in the pure `snapshot` module,
/// so the core never depends on the file system.
use crate::core::snapshot;
pub use crate::core::snapshot::{Snapshot, SourceFile};

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

/// Reads the working tree of the project at `dir`.
pub fn load_worktree(dir: &Path) -> Result<Snapshot> {
    let cfg_path = dir.join(config::FILE_NAME);
    let cfg_bytes = match std::fs::read(&cfg_path) {
        Ok(b) => Some(b),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(Fatal::new(format!("cannot read {}: {e}", cfg_path.display()))),
    };
    let config = config::from_bytes(cfg_bytes)?;
    let root = dir.join(&config.root);
    if !root.is_dir() {
        return Ok(Snapshot { config, files: Vec::new(), root_exists: false });
    }
    let project = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
    // The walk follows the root itself when it is a symbolic link, so a root
    // that leads out of the project would be read from outside it.
    if let Ok(real_root) = root.canonicalize() {
        if !real_root.starts_with(&project) {
            return Err(Fatal::new(format!(
                "the OKR root `{}` leads outside the project (to {}); okr reads only files inside the project: move the folder into it",
                config.root,
                real_root.display()
            )));
        }
    }
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
        if !snapshot::is_okr_file(&rel) {
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

/// Replaces the file at `path` with `bytes` atomically: the bytes go to a
/// temporary file in the same folder (named with a leading `.`, so never read
/// as an OKR file), are flushed to disk, and the temporary file is renamed
/// over the original. The original's permissions are kept.
/// A lock on one file for `okr set`: `.NAME.okr-lock` beside it, created
/// exclusively and removed when dropped. Two runs on one file never both
/// hold it, so the second reads what the first wrote (and, finding the file
/// changed, stops) instead of overwriting it.
#[derive(Debug)]
pub struct FileLock {
    path: std::path::PathBuf,
}

impl FileLock {
    /// Takes the lock on `path` (shown as `shown` in messages), waiting up to
    /// about two seconds for another run to let go of it.
    pub fn acquire(path: &Path, shown: &str) -> Result<FileLock> {
        let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let lock = dir.join(format!(".{name}.okr-lock"));
        for _ in 0..200 {
            match std::fs::OpenOptions::new().write(true).create_new(true).open(&lock) {
                Ok(_) => return Ok(FileLock { path: lock }),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    std::thread::sleep(std::time::Duration::from_millis(10));
                }
                Err(e) => return Err(Fatal::new(format!("cannot lock `{shown}` ({}): {e}", lock.display()))),
            }
        }
        Err(Fatal::new(format!(
            "another `okr set` is editing `{shown}`; run the command again when it is done (if none is running, a crashed run left {} behind: remove it)",
            lock.display()
        )))
    }
}

impl Drop for FileLock {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let fail = |e: std::io::Error| Fatal::new(format!("cannot write {}: {e}", path.display()));
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let permissions = std::fs::metadata(path).map_err(fail)?.permissions();
    let mut attempt = 0;
    let (tmp, mut file) = loop {
        let tmp = dir.join(format!(".{name}.{}-{attempt}.okr-tmp", std::process::id()));
        match std::fs::OpenOptions::new().write(true).create_new(true).open(&tmp) {
            Ok(f) => break (tmp, f),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && attempt < 100 => attempt += 1,
            Err(e) => return Err(fail(e)),
        }
    };
    let written = file.write_all(bytes).and_then(|()| file.set_permissions(permissions)).and_then(|()| file.sync_all());
    drop(file);
    if let Err(e) = written.and_then(|()| std::fs::rename(&tmp, path)) {
        let _ = std::fs::remove_file(&tmp);
        return Err(fail(e));
    }
    // The rename itself reaches the disk with the folder (not possible on Windows).
    #[cfg(unix)]
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_replaces_and_cleans_up() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        std::fs::write(&path, "old").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        }
        write_atomic(&path, b"new\r\n").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new\r\n");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names, ["a.md"]);
        assert!(write_atomic(&dir.path().join("missing.md"), b"x").is_err());
    }
}
