//! `okr set --commit`'s check-in (`CheckIn`): is a file as HEAD has it
//! (working tree after line-ending rules, and index), and a commit of that
//! one file (blob, tree edit, commit on HEAD, its index entry updated under
//! the index lock). Its refusals are `okr set`'s rules, in `Fatal`s.

use super::error::GitError;
use super::files::resolve_links;
use super::repo::{join, tree_of, Repo};
use crate::core::error::{Fatal, Result};
use std::path::Path;

/// One file of the working tree as git sees it, for `okr set`: the
/// repository it is in and where; with `--commit`, the index lock, held from
/// before the index is read until it is written back (as `git commit` does).
pub struct CheckIn {
    repo: gix::Repository,
    /// Relative to the repository's working tree, `/`-separated.
    path: String,
    /// Relative to the project root, for messages.
    shown: String,
    lock: Option<gix::lock::File>,
}

/// The state a file was found unchanged against: HEAD, the file's entry in
/// HEAD's tree, and the index.
pub struct Committed {
    commit: gix::ObjectId,
    tree: gix::ObjectId,
    kind: gix::object::tree::EntryKind,
    index: gix::index::File,
}

impl CheckIn {
    /// The repository holding the project (`repo`, as the command opened
    /// it), with `file` (relative to the project) in it; `None` outside a
    /// git repository and in a bare one.
    /// With `lock`, the index is locked until the check-in is committed or
    /// dropped.
    pub fn open(repo: std::result::Result<&Repo, &GitError>, file: &str, lock: bool) -> Result<Option<CheckIn>> {
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
        // The file as git tracks it: through the symbolic links HEAD has
        // along its path (`okrs -> teams/okrs`), as the write followed them.
        let path = match tree_of(&repo, "HEAD") {
            Ok(tree) => resolve_links(&tree, &join(prefix, file), "HEAD")?,
            Err(_) => join(prefix, file),
        };
        Ok(Some(CheckIn { repo, path, shown: file.to_string(), lock }))
    }

    fn fail(&self, what: &str) -> impl Fn(gix::Error) -> Fatal + '_ {
        let what = what.to_string();
        move |e| Fatal::new(format!("git: cannot {what} `{}`: {e}", self.shown))
    }

    /// Refuses unless the file, whose bytes in the working tree are
    /// `worktree`, is as HEAD has it, both in the working tree (after git's
    /// line-ending rules) and in the index. A file HEAD does not have counts
    /// as changed.
    pub fn ensure_unchanged(&self, worktree: &[u8]) -> Result<Committed> {
        let shown = &self.shown;
        let hint = "commit or stash them first, or pass --allow-dirty (without --commit) to edit the file anyway";
        let head = self.repo.head().map_err(self.fail("read HEAD for"))?;
        let Some(commit) = head.id() else {
            return Err(Fatal::new(format!(
                "`{shown}` has no committed version: the repository has no commits yet; commit it first, or pass --allow-dirty (without --commit) to edit it anyway"
            )));
        };
        let tree = commit.object().and_then(|o| o.peel_to_tree()).map_err(self.fail("read HEAD for"))?;
        let entry = tree
            .lookup_entry_by_path(&self.path)
            .map_err(self.fail("read HEAD's version of"))?
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
        let committed = self.repo.find_blob(blob).map_err(self.fail("read HEAD's version of"))?;
        let index = self.index()?;
        if committed.data != worktree && self.to_git(worktree, &index)? != committed.data {
            return Err(Fatal::new(format!("`{shown}` has uncommitted changes; {hint}")));
        }
        let path: &gix::bstr::BStr = self.path.as_str().into();
        if index.entry_range(path).is_some_and(|r| r.len() > 1 || index.entry(r.start).stage_raw() != 0) {
            return Err(Fatal::new(format!("`{shown}` has merge conflicts; resolve them first")));
        }
        match index.entry_by_path_and_stage(path, gix::index::entry::Stage::Unconflicted) {
            None => Err(Fatal::new(format!("`{shown}` is staged for removal (it is not in the git index); {hint}"))),
            Some(e) if e.id != blob => Err(Fatal::new(format!("`{shown}` has staged changes; {hint}"))),
            Some(_) => Ok(Committed { commit: commit.detach(), tree: tree.id, kind, index }),
        }
    }

    /// The index, or an empty one when the repository has no index file.
    fn index(&self) -> Result<gix::index::File> {
        if self.repo.index_path().exists() {
            self.repo.open_index().map_err(self.fail("read the index for"))
        } else {
            Ok(gix::index::File::from_state(gix::index::State::new(self.repo.object_hash()), self.repo.index_path()))
        }
    }

    /// `bytes` as git stores them for this file: line endings and the other
    /// built-in conversions of `.gitattributes` and `core.autocrlf` applied,
    /// as `git add` would. External filter drivers (`filter=...`) are not
    /// run; a file that needs one reads as changed.
    fn to_git(&self, bytes: &[u8], index: &gix::index::State) -> Result<Vec<u8>> {
        use gix::filter::plumbing::pipeline::convert::ToGitOutcome;
        use gix::objs::Find;
        use std::io::Read;
        let fail = self.fail("apply the line-ending rules to");
        let (pipeline, _) = self.repo.filter_pipeline(None).map_err(&fail)?;
        let (mut filters, mut attributes) = pipeline.into_parts();
        filters.options_mut().drivers.clear();
        let path = Path::new(&self.path);
        let io =
            |e: std::io::Error| Fatal::new(format!("git: cannot apply the line-ending rules to `{}`: {e}", self.shown));
        let platform = attributes.at_path(path, Some(gix::index::entry::Mode::FILE), &self.repo.objects).map_err(io)?;
        let bpath: &gix::bstr::BStr = self.path.as_str().into();
        let outcome = filters
            .convert_to_git(
                bytes,
                path,
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

    /// Commits the file's new version, `bytes`, already written at `file`:
    /// HEAD's tree with this one blob replaced, HEAD as the parent; the
    /// branch HEAD points to (or a detached HEAD) moves to the new commit.
    /// The file's index entry gets the new blob and the file's stat, so the
    /// file reads as clean; every other index entry, staged or not, stays as
    /// it was. Returns the short commit id.
    pub fn commit(mut self, head: Committed, file: &Path, bytes: &[u8], message: &str) -> Result<String> {
        let Some(lock) = self.lock.take() else {
            return Err(Fatal::new("internal error: the git index was not locked for the commit"));
        };
        let Committed { commit, tree, kind, mut index } = head;
        let fail =
            |e: gix::Error| Fatal::new(format!("`{}` was updated, but git could not commit it: {e}", self.shown));
        let git_bytes = self.to_git(bytes, &index)?;
        let blob = self.repo.write_blob(git_bytes).map_err(&fail)?.detach();
        let mut editor = self.repo.edit_tree(tree).map_err(&fail)?;
        editor.upsert(self.path.as_str(), kind, blob).map_err(&fail)?;
        let new_tree = editor.write().map_err(&fail)?.detach();
        let id = self.repo.commit("HEAD", message, new_tree, [commit]).map_err(&fail)?;
        let short = id.shorten_or_id().to_string();
        let index_failed = |e: String| {
            Fatal::new(format!(
                "committed {short}, but the git index could not be updated ({e}); run `git reset -q -- {}` to bring it in line",
                self.path
            ))
        };
        let path: &gix::bstr::BStr = self.path.as_str().into();
        let Some(entry) = index.entry_mut_by_path_and_stage(path, gix::index::entry::Stage::Unconflicted) else {
            return Err(index_failed("the entry is gone".into()));
        };
        entry.id = blob;
        // Without a stat, git re-reads the file once and then finds it clean.
        entry.stat = gix::index::fs::Metadata::from_path_no_follow(file)
            .ok()
            .and_then(|m| gix::index::entry::Stat::from_fs(&m).ok())
            .unwrap_or_default();
        if let Some(cache) = index.tree_mut() {
            invalidate_tree_cache(cache, &self.path);
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
