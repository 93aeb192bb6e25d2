//! `GitError`: why the git edge could not do what it was asked, by class.
//! Each class has one message, the one users see: `From<GitError> for
//! Fatal` carries it across the boundary unchanged (exit code 2).

use crate::core::error::Fatal;
use std::fmt;
use std::path::PathBuf;

/// Most symbolic links followed in one path (as Linux's `ELOOP`).
pub(super) const MAX_LINK_HOPS: usize = 40;

/// A git failure, by class. `detail` fields are gix's own words.
#[derive(Debug, Clone)]
pub enum GitError {
    /// `dir` is in no git repository.
    NotARepository { dir: PathBuf, detail: String },
    /// A git repository (`repo`, its top) that gix cannot open: damaged,
    /// or set up in a way gix refuses.
    Unopenable { repo: String, detail: String },
    /// A repository (`repo`) in a format okr cannot read yet.
    UnsupportedFormat { repo: String, format: Format },
    /// A revision that does not resolve; `ambiguous` is gix's detail when
    /// a short id matches several objects (the only detail that helps).
    BadRevision { rev: String, ambiguous: Option<String> },
    /// A revision that names neither a commit nor (where one will do,
    /// `or_tree`) a tree.
    NotACommit { rev: String, or_tree: bool, detail: String },
    /// A missing or damaged object, or a walk or diff over objects that
    /// failed: "git: cannot {what}: {detail}".
    Unreadable { what: String, detail: String },
    /// A commit that cannot be read; `date` says which date line git
    /// cannot parse when that is why.
    BadCommit { id: String, detail: String, date: Option<String> },
    /// A symbolic link on the way to the OKR root that leaves the
    /// repository.
    LinkOutside { link: String, target: String, rev: String },
    /// More than [`MAX_LINK_HOPS`] symbolic links in a row.
    LinkLoop { link: String, rev: String },
    /// The OKR root of the working tree is a symbolic link that `rev`
    /// does not have, so its history is unknown.
    UntrackedLink { root: String, target: String, rev: String },
    /// Two revisions with no common history: unrelated, or cut apart by
    /// a shallow clone's boundary.
    NoCommonHistory { base: String, head: String },
    /// `--as-of` names a day before the first commit of `rev` (`first`,
    /// the first commit's date, when known).
    NothingAsOf { rev: String, date: jiff::civil::Date, first: Option<jiff::civil::Date> },
    /// A thread of the history engine panicked.
    ThreadFailed,
}

/// Repository formats gix opens but okr cannot read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// SHA-256 object ids (`extensions.objectFormat = sha256`): okr's gix
    /// is built for SHA-1 ids only.
    Sha256,
    /// Refs in a reftable (`extensions.refStorage = reftable`), which gix
    /// does not read (it would find no HEAD).
    Reftable,
}

impl GitError {
    /// "git: cannot {what}: {e}".
    pub(super) fn unreadable(what: impl Into<String>, e: impl fmt::Display) -> GitError {
        GitError::Unreadable { what: what.into(), detail: e.to_string() }
    }

    /// A revision gix could not resolve. Its own words ("couldn't parse
    /// revision, input=...", "delegate.traverse(NthAncestor(9999)) failed")
    /// are for programmers; only an ambiguous short id's detail helps people.
    pub(super) fn bad_revision(rev: &str, e: &dyn fmt::Display) -> GitError {
        let detail = e.to_string();
        let ambiguous = (detail.contains("mbiguous") || detail.contains("matched")).then_some(detail);
        GitError::BadRevision { rev: rev.to_string(), ambiguous }
    }

    /// `rev` names no commit (or, with `or_tree`, no tree either).
    pub(super) fn not_a_commit(rev: &str, or_tree: bool, e: impl fmt::Display) -> GitError {
        GitError::NotACommit { rev: rev.to_string(), or_tree, detail: e.to_string() }
    }
}

impl fmt::Display for GitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GitError::NotARepository { dir, detail } => {
                write!(f, "{} is not inside a git repository ({detail})", dir.display())
            }
            GitError::Unopenable { repo, detail } => write!(
                f,
                "{repo} is a git repository okr cannot open ({detail}); check it with `git fsck`, or pass --no-history to read the files without git"
            ),
            GitError::UnsupportedFormat { repo, format: Format::Sha256 } => write!(
                f,
                "{repo} is a SHA-256 git repository, which okr cannot read yet (it reads SHA-1 repositories only); \
                 use a SHA-1 clone, or pass --no-history to read the files without git"
            ),
            GitError::UnsupportedFormat { repo, format: Format::Reftable } => write!(
                f,
                "{repo} is a reftable git repository (extensions.refStorage = reftable), which okr cannot read yet (it reads \
                 repositories whose refs are files); convert it with `git refs migrate --ref-format=files`, or pass \
                 --no-history to read the files without git"
            ),
            GitError::BadRevision { rev, ambiguous: Some(detail) } => {
                write!(f, "`{rev}` is not a revision of this repository ({detail})")
            }
            GitError::BadRevision { rev, ambiguous: None } => write!(
                f,
                "`{rev}` is not a revision of this repository: name a branch, a tag or a commit (`git log --oneline` lists commits)"
            ),
            GitError::NotACommit { rev, or_tree: true, detail } => {
                write!(f, "`{rev}` does not name a commit or tree ({detail})")
            }
            GitError::NotACommit { rev, or_tree: false, detail } => write!(f, "`{rev}` does not name a commit ({detail})"),
            GitError::Unreadable { what, detail } => write!(f, "git: cannot {what}: {detail}"),
            GitError::BadCommit { id, detail, date } => {
                let date = date.as_ref().map_or_else(String::new, |d| format!(" ({d})"));
                write!(f, "git: cannot read commit {id}: {detail}{date}; `git fsck` shows what else is damaged")
            }
            GitError::LinkOutside { link, target, rev } => write!(
                f,
                "`{link}` is a symbolic link to `{target}` at `{rev}`, outside the repository: okr cannot read the history \
                 of files git does not have; move the OKR files into the repository (or point okr.toml's `root` at them \
                 there), or pass --no-history"
            ),
            GitError::LinkLoop { link, rev } => write!(
                f,
                "`{link}` at `{rev}`: more than {MAX_LINK_HOPS} symbolic links in a row (a loop?); fix the links"
            ),
            GitError::UntrackedLink { root, target, rev } => write!(
                f,
                "`{root}` is a symbolic link (to `{target}`) that `{rev}` does not have, so okr cannot tell which \
                 history its files have; commit the link, or point okr.toml's `root` at the folder it links to"
            ),
            GitError::NoCommonHistory { base, head } => write!(
                f,
                "`{base}` and `{head}` have no common history (in a shallow clone, fetch the full history: `fetch-depth: 0`)"
            ),
            GitError::NothingAsOf { rev, date, first } => {
                let first = first.map_or_else(String::new, |d| format!(" (the first is from {d})"));
                write!(
                    f,
                    "there is no commit of `{rev}` on or before {date}{first}, so there are no OKRs to read as of then: pick a later --as-of date"
                )
            }
            GitError::ThreadFailed => f.write_str("internal error: a history thread failed"),
        }
    }
}

impl std::error::Error for GitError {}

impl From<GitError> for Fatal {
    fn from(e: GitError) -> Fatal {
        Fatal::new(e.to_string())
    }
}

/// Commit `id` could not be read (`e`): says so, naming the author or
/// committer line whose date git cannot parse when that is why.
pub(super) fn commit_error(repo: &gix::Repository, id: gix::ObjectId, e: &dyn fmt::Display) -> GitError {
    let date = repo.try_find_object(id).ok().flatten().and_then(|o| bad_signature_date(&o.data));
    GitError::BadCommit { id: id.to_string(), detail: e.to_string(), date }
}

/// The first `author` or `committer` header of a raw commit whose date is
/// not git's `SECONDS +HHMM`, in words.
fn bad_signature_date(raw: &[u8]) -> Option<String> {
    for line in raw.split(|b| *b == b'\n').take_while(|l| !l.is_empty()) {
        let Some((field, rest)) = [&b"author "[..], b"committer "]
            .iter()
            .find_map(|f| line.strip_prefix(*f).map(|r| (String::from_utf8_lossy(&f[..f.len() - 1]), r)))
        else {
            continue;
        };
        let tail = rest.iter().rposition(|b| *b == b'>').map_or(rest, |i| &rest[i + 1..]);
        let tail = String::from_utf8_lossy(tail);
        let mut parts = tail.split_whitespace();
        let seconds = parts.next().is_some_and(|t| t.strip_prefix('-').unwrap_or(t).parse::<u64>().is_ok());
        let offset = parts.next().is_some_and(|z| {
            z.len() == 5 && (z.starts_with('+') || z.starts_with('-')) && z[1..].bytes().all(|b| b.is_ascii_digit())
        });
        if !seconds || !offset || parts.next().is_some() {
            let shown: String = tail.trim().chars().take(60).collect();
            return Some(format!(
                "its {field} date `{shown}` cannot be parsed: git writes seconds since 1970 and an offset, like `1767690000 +0100`"
            ));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_class_says_what_to_do() {
        let cases = [
            (
                GitError::BadRevision { rev: "v9".into(), ambiguous: None },
                "`v9` is not a revision of this repository: name a branch, a tag or a commit (`git log --oneline` lists commits)",
            ),
            (
                GitError::bad_revision("abc", &"short id abc is ambiguous"),
                "`abc` is not a revision of this repository (short id abc is ambiguous)",
            ),
            (GitError::unreadable("read tree 1234", "not found"), "git: cannot read tree 1234: not found"),
            (
                GitError::BadCommit { id: "1234".into(), detail: "bad".into(), date: Some("its author date".into()) },
                "git: cannot read commit 1234: bad (its author date); `git fsck` shows what else is damaged",
            ),
            (GitError::LinkLoop { link: "okrs".into(), rev: "HEAD".into() }, "`okrs` at `HEAD`: more than 40 symbolic links in a row (a loop?); fix the links"),
        ];
        for (e, want) in cases {
            assert_eq!(Fatal::from(e).message, want);
        }
    }

    #[test]
    fn a_bad_date_line_is_named() {
        let raw = b"tree 1\nauthor A <a@x> 17676 +01\ncommitter A <a@x> 1767690000 +0100\n\nmessage";
        let why = bad_signature_date(raw).unwrap_or_default();
        assert!(why.starts_with("its author date `17676 +01` cannot be parsed"), "{why}");
        assert_eq!(bad_signature_date(b"tree 1\nauthor A <a@x> 1767690000 +0100\n\nmsg"), None);
    }
}
