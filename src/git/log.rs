//! The first-parent log (`GitLog`) and the history engine's feed: the line
//! from the commit-graph when there is one, worker threads each diffing a
//! run of it newest first, side-branch commits of merges, the blobs
//! numbered in commit order; `--as-of`'s walk to a day.

use super::error::{commit_error, GitError};
use super::files::resolve_links;
use super::repo::{commit_of, join, peel_to_commit, tree_of, Repo};
use super::tree_diff::{Differ, RawChange};
use super::workers::{parallel, threads, with_caches};
use crate::history::{FileChange, LogCommit, LogEntry};
use std::collections::{HashMap, HashSet};

/// The first-parent history of the OKR root, oldest first.
pub struct GitLog {
    pub(super) repo: gix::Repository,
    pub entries: Vec<LogEntry>,
    pub(super) blob_ids: Vec<gix::ObjectId>,
    /// The walk stopped at a shallow-clone boundary.
    pub shallow: bool,
    pub(super) threads: usize,
}

/// A commit of the first-parent line: its parents and its tree.
pub(super) struct LineCommit {
    pub(super) id: gix::ObjectId,
    pub(super) parents: Vec<gix::ObjectId>,
    pub(super) tree: gix::ObjectId,
}

/// A first-parent commit that changed OKR files: its changes, and for a
/// merge the side-branch commits with theirs.
pub(super) struct Done {
    commit: LogCommit,
    changes: Vec<RawChange>,
    side: Vec<(LogCommit, Vec<RawChange>)>,
}

/// The first-parent line of `tip`, oldest first, and whether it stopped at
/// a shallow-clone boundary. Parents and trees come from the commit-graph
/// when there is one, else from the commits themselves.
pub(super) fn first_parent_line(
    repo: &gix::Repository,
    tip: gix::ObjectId,
    shallow_set: &HashSet<gix::ObjectId>,
    rev: &str,
) -> Result<(Vec<LineCommit>, bool), GitError> {
    let walk_err = |e: &dyn std::fmt::Display| GitError::unreadable(format!("walk the history of `{rev}`"), e);
    let graph = repo.commit_graph_if_enabled().ok().flatten();
    let mut line = Vec::new();
    let mut next = Some(tip);
    while let Some(id) = next {
        if shallow_set.contains(&id) {
            // Its parents are listed but absent: stop, and never diff it
            // against the empty tree (that would invent introductions).
            line.reverse();
            return Ok((line, true));
        }
        let known = graph.as_ref().and_then(|g| g.commit_by_id(id).map(|c| (g, c)));
        let (parents, tree) = match known {
            Some((g, c)) => {
                let tree = c.root_tree_id().to_owned();
                let parents = c
                    .iter_parents()
                    .map(|p| p.map(|pos| g.id_at(pos).to_owned()))
                    .collect::<std::result::Result<Vec<_>, _>>()
                    .map_err(|e| walk_err(&e))?;
                (parents, tree)
            }
            None => {
                let c = repo.find_commit(id).map_err(|e| commit_error(repo, id, &e))?;
                let tree = c.tree_id().map_err(|e| commit_error(repo, id, &e))?.detach();
                (c.parent_ids().map(|p| p.detach()).collect(), tree)
            }
        };
        next = parents.first().copied();
        line.push(LineCommit { id, parents, tree });
    }
    line.reverse();
    Ok((line, false))
}

impl Differ<'_> {
    /// What the `i`th commit of the line changed, with its side-branch
    /// commits for a merge; `None` when it changed no OKR file.
    pub(super) fn commit(
        &mut self,
        line: &[LineCommit],
        i: usize,
        shallow: &HashSet<gix::ObjectId>,
    ) -> Result<Option<Done>, GitError> {
        let c = &line[i];
        let new_root = self.okr_root(c.tree)?;
        let old_root = match c.parents.first() {
            // The line is first parents: the previous commit is this one's.
            Some(_) if i > 0 => self.okr_root(line[i - 1].tree)?,
            Some(p) => self.root_of_commit(*p)?,
            None => None,
        };
        let changes = if old_root == new_root { Vec::new() } else { self.diff(old_root, new_root, c.id)? };
        if changes.is_empty() {
            // A commit that changed no OKR file is a check-in only by its
            // `Okr-Check-In:` trailers (SPEC §9), an empty commit included;
            // a merge that changed none brings in its side commits'
            // trailers (their messages only: no tree is diffed).
            if c.parents.len() > 1 {
                let side = self.side_commits(c, shallow, false)?;
                let commit = log_commit(self.repo, c.id)?;
                if side.is_empty() && crate::history::check_in_trailers(&commit.message).is_empty() {
                    return Ok(None);
                }
                return Ok(Some(Done { commit, changes, side }));
            }
            let commit = log_commit(self.repo, c.id)?;
            if crate::history::check_in_trailers(&commit.message).is_empty() {
                return Ok(None);
            }
            return Ok(Some(Done { commit, changes, side: Vec::new() }));
        }
        let side = if c.parents.len() > 1 { self.side_commits(c, shallow, true)? } else { Vec::new() };
        Ok(Some(Done { commit: log_commit(self.repo, c.id)?, changes, side }))
    }

    /// The commits merge `c` brought in (oldest first, as walked) that are
    /// check-ins: with `diff`, each with what it changed in the OKR root,
    /// kept when it changed something or has a trailer; without, only
    /// those with an `Okr-Check-In:` trailer, with no changes.
    fn side_commits(
        &mut self,
        c: &LineCommit,
        shallow: &HashSet<gix::ObjectId>,
        diff: bool,
    ) -> Result<Vec<(LogCommit, Vec<RawChange>)>, GitError> {
        let mut side = Vec::new();
        let walk_err = |e: gix::Error| GitError::unreadable(format!("walk the merge {}", c.id), e);
        for p in &c.parents[1..] {
            let walk = self.repo.rev_walk([*p]).with_hidden([c.parents[0]]).all().map_err(walk_err)?;
            let mut commits = Vec::new();
            for info in walk {
                let info = info.map_err(walk_err)?;
                if shallow.contains(&info.id) {
                    break;
                }
                let sc = self.repo.find_commit(info.id).map_err(walk_err)?;
                // Without diffs only trailers count: other commits are not
                // decoded any further.
                if !diff && !crate::history::has_check_in_trailer(sc.message_raw_sloppy()) {
                    continue;
                }
                let ps: Vec<gix::ObjectId> = sc.parent_ids().map(|p| p.detach()).collect();
                if let [only] = ps.as_slice() {
                    commits.push((info.id, *only));
                }
            }
            commits.reverse();
            for (sc, parent) in commits {
                let commit = log_commit(self.repo, sc)?;
                let trailers = !crate::history::check_in_trailers(&commit.message).is_empty();
                let ch = if diff {
                    let new = self.root_of_commit(sc)?;
                    let old = self.root_of_commit(parent)?;
                    self.diff(old, new, sc)?
                } else {
                    Vec::new()
                };
                if !ch.is_empty() || trailers {
                    side.push((commit, ch));
                }
            }
        }
        Ok(side)
    }
}

fn log_commit(repo: &gix::Repository, id: gix::ObjectId) -> Result<LogCommit, GitError> {
    let err = |e: gix::Error| commit_error(repo, id, &e);
    let c = repo.find_commit(id).map_err(err)?;
    let author = c.author().map_err(err)?;
    // A check-in is dated by its author time: never guess one.
    let time = author.time().map_err(|e| commit_error(repo, id, &e))?.seconds;
    Ok(LogCommit {
        id: id.to_string(),
        time,
        author: author.name.to_string(),
        message: c.message_raw_sloppy().to_string(),
    })
}

impl GitLog {
    /// Walks the first-parent history of `rev`, recording every change to
    /// the files under `root` (the OKR root relative to the project).
    pub fn read(repo: &Repo, rev: &str, root: &str) -> Result<GitLog, GitError> {
        GitLog::read_on(repo, rev, root, threads())
    }

    /// [`GitLog::read`] on up to `threads` threads.
    pub(super) fn read_on(handle: &Repo, rev: &str, root: &str, threads: usize) -> Result<GitLog, GitError> {
        handle.readable()?;
        let repo = with_caches(handle.for_bulk_read());
        let root = handle.history_root(&repo, rev, root)?;
        let tip = commit_of(&repo, rev)?;
        let shallow_set: HashSet<gix::ObjectId> =
            repo.shallow_commits().ok().flatten().map(|c| c.iter().copied().collect()).unwrap_or_default();

        // 1. The first-parent line.
        let (line, shallow) = first_parent_line(&repo, tip, &shallow_set, rev)?;

        // 2. Each thread takes a contiguous run of the line and diffs it
        // newest first, as git packs objects: a repacked pack stores the
        // newest version of a tree whole and older ones as deltas against
        // newer ones, so each tree's delta base is then still cached.
        let items: Vec<usize> = (0..line.len()).collect();
        let done = parallel(&repo, &items, threads, |repo, part| {
            let mut d = Differ::new(repo, &root);
            let mut out = Vec::new();
            for &i in part.iter().rev() {
                out.extend(d.commit(&line, i, &shallow_set)?);
            }
            out.reverse();
            Ok(out)
        })?;

        // 3. Number the blobs in commit order, so the log is deterministic.
        let (entries, blob_ids) = number_blobs(done);
        Ok(GitLog { repo, entries, blob_ids, shallow, threads })
    }
}

impl Repo {
    /// The OKR root `root` (relative to the project) as a checkout has it
    /// at `rev`: through its symbolic links at the tip, repository-relative.
    /// A root that is a link `rev` does not have is refused: the files read
    /// through it have their history elsewhere, or nowhere; never an empty
    /// one.
    fn history_root(&self, repo: &gix::Repository, rev: &str, root: &str) -> Result<String, GitError> {
        let tip_tree = tree_of(repo, rev)?;
        let resolved = resolve_links(&tip_tree, &join(self.prefix(), root), rev)?;
        let tracked = tip_tree.lookup_entry_by_path(&resolved).ok().flatten().is_some();
        let at = self.dir().join(root);
        if !tracked && at.symlink_metadata().is_ok_and(|m| m.file_type().is_symlink()) {
            let target = std::fs::read_link(&at).map(|t| t.display().to_string()).unwrap_or_default();
            return Err(GitError::UntrackedLink { root: root.to_string(), target, rev: rev.to_string() });
        }
        Ok(resolved)
    }
}

/// The log entries of the commits found, their blobs numbered in commit
/// order (and side commits by time), with the blob ids by number.
fn number_blobs(done: Vec<Done>) -> (Vec<LogEntry>, Vec<gix::ObjectId>) {
    let mut blob_index: HashMap<gix::ObjectId, usize> = Default::default();
    let mut blob_ids = Vec::new();
    let mut number = |raw: Vec<RawChange>| -> Vec<FileChange> {
        let mut idx = |id: gix::ObjectId| {
            *blob_index.entry(id).or_insert_with(|| {
                blob_ids.push(id);
                blob_ids.len() - 1
            })
        };
        raw.into_iter()
            .map(|r| FileChange {
                old_path: r.old_path,
                new_path: r.new_path,
                old_blob: r.old.map(&mut idx),
                new_blob: r.new.map(&mut idx),
            })
            .collect()
    };
    let mut entries = Vec::with_capacity(done.len());
    for d in done {
        let changes = number(d.changes);
        let mut side: Vec<(LogCommit, Vec<FileChange>)> = d.side.into_iter().map(|(c, ch)| (c, number(ch))).collect();
        side.sort_by_key(|(c, _)| c.time);
        entries.push(LogEntry { commit: d.commit, changes, side });
    }
    (entries, blob_ids)
}

impl Repo {
    /// The per-KR history of the OKR root `root` up to `rev`: every blob is
    /// read once (in pack order) and parsed once.
    pub fn history(&self, rev: &str, root: &str) -> Result<crate::history::History, GitError> {
        let log = GitLog::read(self, rev, root)?;
        // KR ids, one copy each, shared by every version that has them.
        let ids: std::sync::Mutex<HashSet<std::sync::Arc<str>>> = Default::default();
        let intern = |kr: &str| {
            let mut ids = ids.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            match ids.get(kr) {
                Some(id) => id.clone(),
                None => {
                    let id: std::sync::Arc<str> = kr.into();
                    ids.insert(id.clone());
                    id
                }
            }
        };
        let mut blobs: Vec<crate::history::PackedKrs> = vec![Default::default(); log.blob_count()];
        for (i, v) in log.parse_blobs(|bytes| crate::history::PackedKrs::new(crate::history::extract(bytes), intern))? {
            blobs[i] = v;
        }
        drop(ids);
        let mut history = crate::history::build(&log.entries, &blobs, log.shallow);
        // Name files as the project sees them, like every other message.
        for w in &mut history.warnings {
            *w = format!("{root}/{w}");
        }
        Ok(history)
    }

    /// The commit `--as-of` reads (SPEC §5): the newest commit on the
    /// first-parent line of `rev` whose commit time is at or before the end
    /// of `date` (UTC). `Ok(None)` when that is `rev` itself (nothing newer:
    /// the caller reads as without `--as-of`), or when there is no history
    /// to pin (a repository okr cannot read, no commits yet). An error,
    /// naming the first commit's date, when every commit is newer.
    pub fn as_of_commit(&self, rev: &str, date: jiff::civil::Date) -> Result<Option<String>, GitError> {
        let until = crate::history::day_start(date) + 86_399;
        if self.readable().is_err() {
            return Ok(None);
        }
        let repo = self.gix();
        let tip = match repo.rev_parse_single(rev) {
            Ok(id) => peel_to_commit(rev, id)?,
            // An unborn HEAD has no history to pin; a named revision must exist.
            Err(_) if rev == "HEAD" => return Ok(None),
            Err(e) => return Err(GitError::bad_revision(rev, &e)),
        };
        let walk_err = |e: &dyn std::fmt::Display| GitError::unreadable(format!("walk the history of `{rev}`"), e);
        let shallow: HashSet<gix::ObjectId> =
            repo.shallow_commits().ok().flatten().map(|c| c.iter().copied().collect()).unwrap_or_default();
        let graph = repo.commit_graph_if_enabled().ok().flatten();
        let mut next = Some(tip);
        let mut oldest = None;
        while let Some(id) = next {
            let known = graph.as_ref().and_then(|g| g.commit_by_id(id).map(|c| (g, c)));
            let (time, parent) = match known {
                Some((g, c)) => {
                    let parent = match c.iter_parents().next() {
                        Some(p) => Some(g.id_at(p.map_err(|e| walk_err(&e))?).to_owned()),
                        None => None,
                    };
                    (c.committer_timestamp() as i64, parent)
                }
                None => {
                    let c = repo.find_commit(id).map_err(|e| commit_error(repo, id, &e))?;
                    let committer = c.committer().map_err(|e| commit_error(repo, id, &e))?;
                    let time = committer.time().map_err(|e| commit_error(repo, id, &e))?.seconds;
                    let parent = c.parent_ids().next().map(|p| p.detach());
                    (time, parent)
                }
            };
            if time <= until {
                return Ok((id != tip).then(|| id.to_string()));
            }
            oldest = Some(time);
            next = if shallow.contains(&id) { None } else { parent };
        }
        let first = oldest.and_then(crate::history::utc_date);
        Err(GitError::NothingAsOf { rev: rev.to_string(), date, first })
    }
}
