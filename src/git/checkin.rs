//! `okr set --commit`'s and `okr sync --commit`'s check-in (`CheckIn`): is
//! a file as HEAD has it (working tree after line-ending rules, and index),
//! and one commit of any number of files (blobs, one tree edit, a commit on
//! HEAD, their index entries updated under the index lock). Its refusals
//! are `okr set`'s rules, in `Fatal`s.

use super::error::GitError;
use super::files::resolve_links;
use super::repo::{join, Repo};
use crate::core::error::{Fatal, Result};
use std::path::Path;

/// The repository of a project as `okr set` and `okr sync` see it: where
/// the project is in the working tree and, with a commit to make, the
/// index lock, held from before the index is read until it is written back
/// (as `git commit` does). Files are checked one by one
/// ([`CheckIn::ensure_unchanged`]) and committed together, in one commit
/// ([`CheckIn::commit`]).
pub struct CheckIn {
    repo: gix::Repository,
    /// The project's folder relative to the working tree, `/`-separated.
    prefix: String,
    lock: Option<gix::lock::File>,
    /// The index, read once.
    index: std::cell::OnceCell<gix::index::File>,
}

/// A file found as HEAD has it: HEAD, where git tracks the file and the
/// kind of its entry in HEAD's tree.
pub struct Committed {
    commit: gix::ObjectId,
    tree: gix::ObjectId,
    /// Relative to the repository's working tree, `/`-separated.
    path: String,
    /// Relative to the project root, for messages.
    shown: String,
    kind: gix::object::tree::EntryKind,
}

impl CheckIn {
    /// The repository holding the project (`repo`, as the command opened
    /// it); `None` outside a git repository and in a bare one. With `lock`,
    /// the index is locked until the check-in is committed or dropped.
    pub fn open(repo: std::result::Result<&Repo, &GitError>, lock: bool) -> Result<Option<CheckIn>> {
        let handle = match repo {
            Ok(handle) => handle,
            Err(GitError::NotARepository { .. }) => return Ok(None),
            // A repository okr cannot open is not "no repository": its
            // dirty-file guard must not be skipped.
            Err(e) => return Err(e.clone().into()),
        };
        handle.readable()?;
        let (repo, prefix) = (handle.gix().clone(), handle.prefix());
        if repo.workdir().is_none() {
            return Ok(None);
        }
        let lock = if lock {
            let index = repo.index_path();
            Some(
                gix::lock::File::acquire_to_update_resource(&index, gix::lock::acquire::Fail::Immediately, None, 0)
                    .map_err(|e| {
                        Fatal::new(format!(
                            "cannot lock the git index ({e}); if no other git command is running, remove {}.lock",
                            index.display()
                        ))
                    })?,
            )
        } else {
            None
        };
        Ok(Some(CheckIn { repo, prefix: prefix.to_string(), lock, index: std::cell::OnceCell::new() }))
    }

    fn fail<'a>(&self, what: &str, shown: &'a str) -> impl Fn(gix::Error) -> Fatal + 'a {
        let what = what.to_string();
        move |e| Fatal::new(format!("git: cannot {what} `{shown}`: {e}"))
    }

    /// Refuses unless `file` (relative to the project), whose bytes in the
    /// working tree are `worktree`, is as HEAD has it, both in the working
    /// tree (after git's line-ending rules) and in the index. A file HEAD
    /// does not have counts as changed.
    pub fn ensure_unchanged(&self, file: &str, worktree: &[u8]) -> Result<Committed> {
        let shown = file;
        let hint = "commit or stash them first, or pass --allow-dirty (without --commit) to edit the file anyway";
        let head = self.repo.head().map_err(self.fail("read HEAD for", shown))?;
        let Some(commit) = head.id() else {
            return Err(Fatal::new(format!(
                "`{shown}` has no committed version: the repository has no commits yet; commit it first, or pass --allow-dirty (without --commit) to edit it anyway"
            )));
        };
        let tree = commit.object().and_then(|o| o.peel_to_tree()).map_err(self.fail("read HEAD for", shown))?;
        // The file as git tracks it: through the symbolic links HEAD has
        // along its path (`okrs -> teams/okrs`), as the write followed them.
        let path = resolve_links(&tree, &join(&self.prefix, file), "HEAD")?;
        let entry = tree
            .lookup_entry_by_path(&path)
            .map_err(self.fail("read HEAD's version of", shown))?
            .ok_or_else(|| {
                Fatal::new(format!(
                    "`{shown}` is not committed yet (HEAD does not have it); commit it first, or pass --allow-dirty (without --commit) to edit it anyway"
                ))
            })?;
        let kind = entry.mode().kind();
        if !matches!(kind, gix::object::tree::EntryKind::Blob | gix::object::tree::EntryKind::BlobExecutable) {
            return Err(Fatal::new(format!(
                "`{shown}` is not a regular file in HEAD (a symbolic link or submodule); okr set edits regular files only"
            )));
        }
        let blob = entry.object_id();
        let committed = self.repo.find_blob(blob).map_err(self.fail("read HEAD's version of", shown))?;
        let index = self.index(shown)?;
        if committed.data != worktree && self.to_git(&path, shown, worktree, index)? != committed.data {
            return Err(Fatal::new(format!("`{shown}` has uncommitted changes; {hint}")));
        }
        let bpath: &gix::bstr::BStr = path.as_str().into();
        if index.entry_range(bpath).is_some_and(|r| r.len() > 1 || index.entry(r.start).stage_raw() != 0) {
            return Err(Fatal::new(format!("`{shown}` has merge conflicts; resolve them first")));
        }
        match index.entry_by_path_and_stage(bpath, gix::index::entry::Stage::Unconflicted) {
            None => Err(Fatal::new(format!("`{shown}` is staged for removal (it is not in the git index); {hint}"))),
            Some(e) if e.id != blob => Err(Fatal::new(format!("`{shown}` has staged changes; {hint}"))),
            Some(_) => Ok(Committed { commit: commit.detach(), tree: tree.id, path, shown: shown.to_string(), kind }),
        }
    }

    /// The index (read once), or an empty one when the repository has no
    /// index file.
    fn index(&self, shown: &str) -> Result<&gix::index::File> {
        if let Some(index) = self.index.get() {
            return Ok(index);
        }
        let index = if self.repo.index_path().exists() {
            self.repo.open_index().map_err(self.fail("read the index for", shown))?
        } else {
            gix::index::File::from_state(gix::index::State::new(self.repo.object_hash()), self.repo.index_path())
        };
        Ok(self.index.get_or_init(|| index))
    }

    /// `bytes` as git stores them for the file at `path` (in the working
    /// tree): line endings and the other built-in conversions of
    /// `.gitattributes` and `core.autocrlf` applied, as `git add` would.
    /// External filter drivers (`filter=...`) are not run; a file that
    /// needs one reads as changed.
    fn to_git(&self, path: &str, shown: &str, bytes: &[u8], index: &gix::index::State) -> Result<Vec<u8>> {
        use gix::filter::plumbing::pipeline::convert::ToGitOutcome;
        use gix::objs::Find;
        use std::io::Read;
        let fail = self.fail("apply the line-ending rules to", shown);
        let (pipeline, _) = self.repo.filter_pipeline(None).map_err(&fail)?;
        let (mut filters, mut attributes) = pipeline.into_parts();
        filters.options_mut().drivers.clear();
        let fs_path = Path::new(path);
        let io = |e: std::io::Error| Fatal::new(format!("git: cannot apply the line-ending rules to `{shown}`: {e}"));
        let platform =
            attributes.at_path(fs_path, Some(gix::index::entry::Mode::FILE), &self.repo.objects).map_err(io)?;
        let bpath: &gix::bstr::BStr = path.into();
        let outcome = filters
            .convert_to_git(
                bytes,
                fs_path,
                &mut |_, out| {
                    platform.matching_attributes(out);
                },
                &mut |buf| {
                    let Some(entry) = index.entry_by_path(bpath) else {
                        return Ok(None);
                    };
                    Ok(self
                        .repo
                        .objects
                        .try_find(&entry.id, buf)?
                        .filter(|o| o.kind == gix::object::Kind::Blob)
                        .map(|_| ()))
                },
            )
            .map_err(&fail)?;
        let mut out = Vec::new();
        match outcome {
            ToGitOutcome::Unchanged(mut r) => {
                r.read_to_end(&mut out).map_err(io)?;
            }
            ToGitOutcome::Buffer(b) => out.extend_from_slice(b),
            ToGitOutcome::Process(mut r) => {
                r.read_to_end(&mut out).map_err(io)?;
            }
        }
        Ok(out)
    }

    /// Refuses unless git knows who commits (`user.name` and `user.email`,
    /// or the `GIT_AUTHOR_*`/`GIT_COMMITTER_*` variables).
    pub fn ensure_identity(&self) -> Result<()> {
        use gix::bstr::ByteSlice;
        let missing = "git does not know who you are, so okr cannot commit: run `git config --global user.name \"Your Name\"` and `git config --global user.email you@example.com`";
        for who in [self.repo.author(), self.repo.committer()] {
            match who {
                None => return Err(Fatal::new(missing)),
                Some(Err(e)) => return Err(Fatal::new(format!("git: cannot read the commit identity: {e}"))),
                Some(Ok(s)) if s.name.trim().is_empty() || s.email.trim().is_empty() => {
                    return Err(Fatal::new(missing))
                }
                Some(Ok(_)) => {}
            }
        }
        Ok(())
    }

    /// Whether git is configured to sign commits (`commit.gpgsign`), which
    /// okr does not do.
    pub fn signs_commits(&self) -> bool {
        self.repo.config_snapshot().boolean("commit.gpgsign").unwrap_or(false)
    }

    /// Commits the new versions of `files` (each found unchanged, its new
    /// bytes already written at its path) in one commit: HEAD's tree with
    /// their blobs replaced, HEAD as the parent; the branch HEAD points to
    /// (or a detached HEAD) moves to the new commit. With no files, a commit
    /// of HEAD's tree as it is (for a message of check-in trailers). Each
    /// file's index entry gets its new blob and stat, so it reads as clean;
    /// every other index entry, staged or not, stays as it was. Returns the
    /// short commit id.
    pub fn commit(mut self, files: Vec<(&Committed, &Path, &[u8])>, message: &str) -> Result<String> {
        let Some(lock) = self.lock.take() else {
            return Err(Fatal::new("internal error: the git index was not locked for the commit"));
        };
        let shown = match files.as_slice() {
            [(c, ..)] => c.shown.clone(),
            _ => format!("{} files", files.len()),
        };
        let fail = |e: gix::Error| Fatal::new(format!("`{shown}` was updated, but git could not commit it: {e}"));
        let (commit, tree) = match files.first() {
            Some((c, ..)) => (c.commit, c.tree),
            None => {
                let head = self
                    .repo
                    .head_commit()
                    .map_err(|e| Fatal::new(format!("git: cannot commit: the repository has no commits yet ({e})")))?;
                let tree = head.tree_id().map_err(|e| Fatal::new(format!("git: cannot read HEAD's tree: {e}")))?;
                (head.id, tree.detach())
            }
        };
        if files.iter().any(|(c, ..)| c.commit != commit) {
            return Err(Fatal::new("HEAD moved while okr was checking the files; run the command again"));
        }
        let mut index = match self.index.take() {
            Some(index) => index,
            None => {
                self.index(&shown)?;
                self.index.take().ok_or_else(|| Fatal::new("internal error: the git index could not be read"))?
            }
        };
        let mut editor = self.repo.edit_tree(tree).map_err(&fail)?;
        let mut blobs = Vec::with_capacity(files.len());
        for (c, _, bytes) in &files {
            let git_bytes = self.to_git(&c.path, &c.shown, bytes, &index)?;
            let blob = self.repo.write_blob(git_bytes).map_err(&fail)?.detach();
            editor.upsert(c.path.as_str(), c.kind, blob).map_err(&fail)?;
            blobs.push(blob);
        }
        let new_tree = editor.write().map_err(&fail)?.detach();
        let id = self.repo.commit("HEAD", message, new_tree, [commit]).map_err(&fail)?;
        let short = id.shorten_or_id().to_string();
        let paths: Vec<&str> = files.iter().map(|(c, ..)| c.path.as_str()).collect();
        let index_failed = |e: String| {
            Fatal::new(format!(
                "committed {short}, but the git index could not be updated ({e}); run `git reset -q -- {}` to bring it in line",
                paths.join(" ")
            ))
        };
        for ((c, file, _), blob) in files.iter().zip(blobs) {
            let path: &gix::bstr::BStr = c.path.as_str().into();
            let Some(entry) = index.entry_mut_by_path_and_stage(path, gix::index::entry::Stage::Unconflicted) else {
                return Err(index_failed(format!("the entry of `{}` is gone", c.shown)));
            };
            entry.id = blob;
            // Without a stat, git re-reads the file once and then finds it clean.
            entry.stat = gix::index::fs::Metadata::from_path_no_follow(file)
                .ok()
                .and_then(|m| gix::index::entry::Stat::from_fs(&m).ok())
                .unwrap_or_default();
            if let Some(cache) = index.tree_mut() {
                invalidate_tree_cache(cache, &c.path);
            }
        }
        // Written whole, with the entries and the tree cache as changed here. Of
        // the optional extensions gix writes only the tree cache; git rebuilds
        // the others (untracked cache, fsmonitor state) when it needs them.
        let mut out = std::io::BufWriter::new(lock);
        index.write_to(&mut out, gix::index::write::Options::default()).map_err(|e| index_failed(e.to_string()))?;
        let lock = out.into_inner().map_err(|e| index_failed(e.error().to_string()))?;
        lock.commit().map_err(|e| index_failed(e.error.to_string()))?;
        Ok(short)
    }
}

/// Marks the cached tree ids of `path`'s folders as stale, as git does when
/// an index entry changes (the cache would otherwise name the old trees).
fn invalidate_tree_cache(tree: &mut gix::index::extension::Tree, path: &str) {
    tree.num_entries = None;
    if let Some((dir, rest)) = path.split_once('/') {
        if let Some(child) = tree.children.iter_mut().find(|c| c.name.as_slice() == dir.as_bytes()) {
            invalidate_tree_cache(child, rest);
        }
    }
}
