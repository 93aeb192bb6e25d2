//! The repository handle: [`Repo`], opened once per command (`cli` opens
//! it and passes it on), and what okr cannot read named as a [`GitError`].

use super::error::{Format, GitError};
use std::path::{Path, PathBuf};

/// The git repository holding a project, opened once. Every read of the
/// repository (a revision's files, the history, `--as-of`, `okr pr`'s
/// commits, `okr set`'s check-in) goes through it.
pub struct Repo {
    repo: gix::Repository,
    /// The directory it was opened for (the project).
    dir: PathBuf,
    /// `dir` relative to the working tree, `/`-separated (`""` at the top,
    /// and in a bare repository).
    prefix: String,
}

impl Repo {
    /// Opens the repository containing `dir`. A repository whose format
    /// okr cannot read (reftable) still opens, so that a bare one is named
    /// as bare; what reads it refuses it ([`Repo::readable`]).
    pub fn open(dir: &Path) -> Result<Repo, GitError> {
        let repo = discover(dir).map_err(|e| match unreadable_repository(dir, &e.to_string()) {
            Some(why) => why,
            None => GitError::NotARepository { dir: dir.to_path_buf(), detail: e.to_string() },
        })?;
        let prefix = match repo.workdir() {
            Some(wd) => {
                let wd = wd.canonicalize().unwrap_or_else(|_| wd.to_path_buf());
                let d = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
                d.strip_prefix(&wd)
                    .map(|p| p.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/"))
                    .unwrap_or_default()
            }
            None => String::new(),
        };
        Ok(Repo { repo, dir: dir.to_path_buf(), prefix })
    }

    /// Refuses a repository gix opens but okr cannot read: one whose refs
    /// are stored in a reftable (`extensions.refStorage = reftable`, `git
    /// init --ref-format=reftable`), which gix does not read (it would find
    /// no HEAD, and the history would look empty).
    pub fn readable(&self) -> Result<(), GitError> {
        let config = self.repo.config_snapshot();
        let Some(storage) = config.string("extensions.refStorage") else {
            return Ok(());
        };
        if !storage.to_string().eq_ignore_ascii_case("reftable") {
            return Ok(());
        }
        let at = self.repo.workdir().unwrap_or_else(|| self.repo.git_dir()).display().to_string();
        Err(GitError::UnsupportedFormat { repo: at, format: Format::Reftable })
    }

    /// The project's directory relative to the working tree (`""` at its
    /// top).
    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    /// The directory the repository was opened for.
    pub(super) fn dir(&self) -> &Path {
        &self.dir
    }

    pub(super) fn gix(&self) -> &gix::Repository {
        &self.repo
    }

    /// The same repository with an object store of its own (its git
    /// directory opened again with the same options: no discovery), for a
    /// bulk read (a revision's files, the history walk): the packs it maps
    /// are let go when the read is done, not held by the command's handle
    /// until the command ends (nor mapped twice by two reads). Falls back
    /// to sharing the handle's store.
    pub(super) fn for_bulk_read(&self) -> gix::Repository {
        gix::open_opts(self.repo.git_dir(), self.repo.open_options().clone()).unwrap_or_else(|_| self.repo.clone())
    }

    /// Why the history cannot be read in full, when the setup says so
    /// before any object is looked at: a partial clone
    /// (`extensions.partialClone`, or a promisor remote) may lack the old
    /// versions of files and trees, and gix does not fetch them.
    pub fn history_unreadable(&self) -> Option<String> {
        let repo = &self.repo;
        let config = repo.config_snapshot();
        let promisor = config.string("extensions.partialClone").is_some()
            || repo
                .remote_names()
                .iter()
                .any(|r| config.boolean(format!("remote.{r}.promisor").as_str()) == Some(true));
        promisor.then(|| {
            "this is a partial clone (blobless or treeless), which lacks the old versions of the OKR files, so the history \
             was not used; check out without a filter and with the full history (actions/checkout: `fetch-depth: 0` and no \
             `filter:`) for trends and history-based checks"
                .to_string()
        })
    }

    /// When this is a bare repository: there is no working tree to read,
    /// so what to do instead. `rev` adds the `--rev` way, for the commands
    /// that have it.
    pub fn bare_repository(&self, rev: bool) -> Option<String> {
        if self.repo.workdir().is_some() {
            return None;
        }
        let dir = self.repo.git_dir();
        let at = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf()).display().to_string();
        let or_rev = if rev { ", or read a revision of it with --rev (e.g. `--rev HEAD`)" } else { "" };
        Some(format!(
            "{at} is a bare git repository: it has no working tree, so there are no OKR files here to read; run okr in a \
             clone of it (`git clone {at}`) or a worktree (`git worktree add ../okrs-work`){or_rev}"
        ))
    }

    /// Whether the repository has no commit yet (an unborn HEAD).
    pub fn unborn(&self) -> bool {
        self.readable().is_ok() && self.repo.head_id().is_err()
    }

    /// `user.name` from the repository's git configuration, or from the
    /// user's global configuration.
    pub fn user_name(&self) -> Option<String> {
        let name = self.repo.config_snapshot().string("user.name")?;
        let name = name.to_string();
        (!name.trim().is_empty()).then_some(name)
    }

    /// The commits a pull request compares: `head` and its merge base with
    /// `base`.
    pub fn pr_commits(&self, base: &str, head: &str) -> Result<PrCommits, GitError> {
        self.readable()?;
        let (b, h) = (commit_of(&self.repo, base)?, commit_of(&self.repo, head)?);
        let merge_base = self
            .repo
            .merge_base(b, h)
            .map_err(|e| GitError::unreadable(format!("find the merge base of `{base}` and `{head}`"), e))?
            .ok_or_else(|| GitError::NoCommonHistory { base: base.to_string(), head: head.to_string() })?;
        Ok(PrCommits { merge_base: merge_base.detach().to_string(), head: h.to_string() })
    }
}

/// The commit revision `rev` names.
pub(super) fn commit_of(repo: &gix::Repository, rev: &str) -> Result<gix::ObjectId, GitError> {
    let id = repo.rev_parse_single(rev).map_err(|e| GitError::bad_revision(rev, &e))?;
    peel_to_commit(rev, id)
}

/// The tree of revision `rev`'s commit (or tree).
pub(super) fn tree_of<'r>(repo: &'r gix::Repository, rev: &str) -> Result<gix::Tree<'r>, GitError> {
    repo.rev_parse_single(rev)
        .map_err(|e| GitError::bad_revision(rev, &e))?
        .object()
        .and_then(|o| o.peel_to_tree())
        .map_err(|e| GitError::not_a_commit(rev, true, e))
}

/// The commit `id` (what revision `rev` resolved to) is or points to.
pub(super) fn peel_to_commit(rev: &str, id: gix::Id<'_>) -> Result<gix::ObjectId, GitError> {
    Ok(id.object().and_then(|o| o.peel_to_commit()).map_err(|e| GitError::not_a_commit(rev, false, e))?.id)
}

/// The commits a pull request compares: `head` and its merge base with
/// `base` (what GitHub's "Files changed" tab compares), as full hex ids.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrCommits {
    pub merge_base: String,
    pub head: String,
}

/// `gix::discover` with `git replace` refs turned off: okr reads the
/// objects as they are stored (gix's pack-based reading cannot honour
/// replacements, and panics when asked to), whatever the trust level.
fn discover(dir: &Path) -> Result<gix::Repository, impl std::fmt::Display> {
    let mut trust = gix::sec::trust::Mapping::<gix::open::Options>::default();
    trust.full = trust.full.config_overrides(["core.useReplaceRefs=false"]);
    trust.reduced = trust.reduced.config_overrides(["core.useReplaceRefs=false"]);
    gix::ThreadSafeRepository::discover_opts(dir, Default::default(), trust).map(Into::into)
}

/// When `dir` is inside a git repository that gix failed to open (with
/// `error`): what is wrong and what to do, never "not a git repository".
/// A SHA-256 repository (`extensions.objectFormat = sha256`) is named as
/// such: okr's gix is built for SHA-1 object ids only.
fn unreadable_repository(dir: &Path, error: &str) -> Option<GitError> {
    let dir = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
    let dot_git = dir.ancestors().map(|d| d.join(".git")).find(|g| g.exists())?;
    let config = gix::config::File::from_path_no_includes(dot_git.join("config"), gix::config::Source::Local).ok();
    let format = config.as_ref().and_then(|c| c.string("extensions.objectFormat")).map(|v| v.to_string());
    let repo = dot_git.parent().unwrap_or(&dot_git).display().to_string();
    Some(match format.as_deref().map(str::to_ascii_lowercase).as_deref() {
        Some("sha256") => GitError::UnsupportedFormat { repo, format: Format::Sha256 },
        _ => GitError::Unopenable { repo, detail: error.to_string() },
    })
}

/// `path` under the project folder `prefix`, repository-relative.
pub(super) fn join(prefix: &str, path: &str) -> String {
    if prefix.is_empty() {
        path.to_string()
    } else {
        format!("{prefix}/{path}")
    }
}
