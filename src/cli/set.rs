//! `okr set`: a check-in from the command line. The file is edited in place
//! (`edit`), written atomically (`source::write_atomic`) and, with
//! `--commit`, committed alone through gix (`git::CheckIn`).

use super::Project;
use crate::core::edit;
use crate::core::error::{Fatal, Result};
use crate::core::model::KeyResult;
use crate::core::parse;
use crate::core::refs::{self, ObjRef};
use crate::core::suggest;
use crate::core::workspace::Workspace;
use crate::git;
use crate::output;
use crate::source::{self, SourceFile};
use clap::Args;
use std::path::Path;

#[derive(Debug, Args)]
pub struct SetArgs {
    /// The key result: QUARTER/OBJECTIVE_ID#KR_ID, e.g. 2026-Q1/growth/activation#activation-rate.
    #[arg(value_name = "REF")]
    pub reference: String,
    /// The new `current` value: a plain number such as 26, 24.5 or -0.25 (no `%` or units).
    #[arg(value_name = "VALUE", allow_negative_numbers = true)]
    pub value: String,
    /// Commit the change, and only it, on the current branch (author from git's user.name and user.email).
    #[arg(long)]
    pub commit: bool,
    /// The commit message (default: `okr: set REF to VALUE`).
    #[arg(short = 'm', long = "message", value_name = "MSG", requires = "commit")]
    pub message: Option<String>,
    /// Edit the file even if it has uncommitted changes (not with --commit).
    #[arg(long, conflicts_with = "commit")]
    pub allow_dirty: bool,
    /// Set a value in a quarter that has ended (a correction: it changes what the quarter reached).
    #[arg(long)]
    pub allow_ended: bool,
}

// Long: one command's steps in order (resolve, refuse, edit, commit, say), each a few lines that read the ones before.
pub fn run(project: &Project, args: SetArgs) -> Result<u8> {
    let reference = args.reference.as_str();
    let value = edit::parse_value(&args.value).map_err(Fatal::new)?;
    let shown = edit::format_value(value).map_err(Fatal::new)?;
    let Some((objective_ref, kr_id)) = refs::split_kr(reference) else {
        return Err(Fatal::new(format!(
            "`{reference}` is not a key result ref: write QUARTER/OBJECTIVE_ID#KR_ID, e.g. 2026-Q1/growth/activation#activation-rate"
        )));
    };
    let snapshot = source::load_worktree(&project.dir)?;
    if !snapshot.root_exists {
        if let Some(bare) = project.git().ok().and_then(|repo| repo.bare_repository(false)) {
            return Err(Fatal::new(bare));
        }
    }
    let ws = Workspace::build(&snapshot.files, &snapshot.config);
    let (file, kr) = resolve(&ws, &snapshot.files, reference, objective_ref, kr_id)?;
    let old = kr.current;
    // The value already in place: with --commit, a check-in that records
    // "measured, unchanged" (SPEC §9); without, nothing to do.
    let unchanged = old == Some(value);
    if unchanged && !args.commit {
        output::print(&format!(
            "{reference} is already {shown} ({}); nothing to change (add --commit to record the check-in)\n",
            file.path
        ))?;
        return Ok(0);
    }
    // A quarter that has ended is history: what it reached is read from
    // its files, so a new value there rewrites the record. Refused unless
    // asked for (a late correction), and said even then.
    if let Some(ended) = ended(&file.rel, snapshot.config.fiscal_year_start_month, crate::core::quarter::today()) {
        if !args.allow_ended {
            return Err(Fatal::new(format!(
                "{ended}: a value set now changes what the quarter reached, in every report of it; \
to correct it anyway, run the command again with --allow-ended"
            )));
        }
        output::eprint(&format!(
            "{}: {ended}; setting the value anyway (--allow-ended)\n",
            output::paint(output::YELLOW.bold(), "note")
        ))?;
    }

    let repo = git::CheckIn::open(project.git(), args.commit)?;
    if args.commit && repo.is_none() {
        return Err(Fatal::new(format!(
            "--commit needs a git repository, and {} is not in one",
            project.dir.display()
        )));
    }
    let values: &[(&str, f64)] = if unchanged { &[] } else { &[(kr_id, value)] };
    let prepared = prepare(&project.dir, file, values, repo.as_ref(), args.allow_dirty)?;
    let mut message = match &args.message {
        Some(m) => m.trim_end().to_string(),
        None if unchanged => format!("okr: check in {reference} at {shown} (unchanged)"),
        None => format!("okr: set {reference} to {shown}"),
    };
    if message.is_empty() {
        return Err(Fatal::new("the commit message is empty"));
    }
    if unchanged {
        message = format!("{message}\n\n{}: {reference}", crate::history::CHECK_IN_TRAILER);
    }
    if let (Some(r), true) = (&repo, args.commit) {
        r.ensure_identity()?;
    }
    prepared.write()?;

    let mut note = String::new();
    if let (Some(r), true) = (repo, args.commit) {
        let id = commit(r, vec![prepared], &message)?;
        note = format!(", commit {id}");
    }
    if unchanged {
        output::print(&format!("{reference}: {shown}, unchanged, checked in ({}{note})\n", file.path))?;
        return Ok(0);
    }
    let old = old.map_or_else(|| "unset".to_string(), |v| edit::format_value(v).unwrap_or_default());
    output::print(&format!("{reference}: {old} → {shown} ({}{note})\n", file.path))?;
    Ok(0)
}

/// One file `okr set` or `okr sync` is about to write, checked and edited:
/// its path, its new text, the HEAD it was found unchanged against, and the
/// lock that keeps other runs off it until it is dropped.
pub(super) struct Prepared {
    path: std::path::PathBuf,
    /// Project-relative, for messages.
    shown: String,
    original: Vec<u8>,
    edited: String,
    committed: Option<git::Committed>,
    _lock: source::FileLock,
}

/// The checks and the edit that `okr set` and `okr sync` share, for one
/// file read as `file`: a regular file okr may write, locked against other
/// runs, still as it was read, as HEAD has it (in a repository, unless
/// `allow_dirty`), with each `(KR id, value)` of `values` written as that
/// KR's `current` (`edit::set_current_at`: every other byte kept). Nothing
/// is written yet: see [`Prepared::write`].
pub(super) fn prepare(
    project: &Path,
    file: &SourceFile,
    values: &[(&str, f64)],
    repo: Option<&git::CheckIn>,
    allow_dirty: bool,
) -> Result<Prepared> {
    let path = project.join(&file.path);
    if std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(Fatal::new(format!("`{}` is a symbolic link; okr edits regular files only", file.path)));
    }
    if std::fs::metadata(&path).is_ok_and(|m| m.permissions().readonly()) {
        return Err(Fatal::new(format!(
            "`{}` is read-only; okr does not replace a file you may not write (make it writable first)",
            file.path
        )));
    }
    // One run per file at a time (held until the file is written).
    let lock = source::FileLock::acquire(&path, &file.path)?;
    // Read again now that the file is locked: what is checked is what is edited.
    let bytes = std::fs::read(&path).map_err(|e| Fatal::new(format!("cannot read {}: {e}", path.display())))?;
    if bytes != file.bytes {
        return Err(Fatal::new(format!("`{}` changed while okr was reading it; run the command again", file.path)));
    }
    let committed = match repo {
        Some(r) if !allow_dirty => Some(r.ensure_unchanged(&file.path, &bytes)?),
        _ => None,
    };
    let text =
        std::str::from_utf8(&bytes).map_err(|_| Fatal::new(format!("`{}` is not valid UTF-8 text", file.path)))?;
    let mut edited = text.to_string();
    for (kr_id, value) in values {
        edited = edit::set_current_at(&edited, kr_id, *value).map_err(|e| match e.pos {
            Some(p) => Fatal::new(format!("{}:{}:{}: {}", file.path, p.line, p.column, e.message)),
            None => Fatal::new(format!("{}: {}", file.path, e.message)),
        })?;
    }
    Ok(Prepared { path, shown: file.path.clone(), original: bytes, edited, committed, _lock: lock })
}

impl Prepared {
    /// Replaces the file with its edited text, atomically; a file whose
    /// text did not change is left alone.
    pub(super) fn write(&self) -> Result<()> {
        if self.edited.as_bytes() != self.original.as_slice() {
            source::write_atomic(&self.path, self.edited.as_bytes())?;
        }
        Ok(())
    }
}

/// Commits the written `files` in one commit with `message` (trailers
/// included), and says on stderr when git would have signed it. Each file
/// must have been prepared with `repo` and without `allow_dirty`.
pub(super) fn commit(repo: git::CheckIn, files: Vec<Prepared>, message: &str) -> Result<String> {
    let signs = repo.signs_commits();
    let mut parts = Vec::with_capacity(files.len());
    for f in &files {
        let Some(c) = &f.committed else {
            return Err(Fatal::new(format!("internal error: `{}` was not checked against HEAD", f.shown)));
        };
        parts.push((c, f.path.as_path(), f.edited.as_bytes()));
    }
    let id = repo.commit(parts, &format!("{message}\n"))?;
    if signs {
        output::eprint(&format!(
            "{}: commit.gpgsign is set, but okr does not sign commits; sign this one with `git commit --amend --no-edit -S`\n",
            output::paint(output::YELLOW.bold(), "note")
        ))?;
    }
    Ok(id)
}

/// "QUARTER ended on DATE" when the quarter of the file (its path under the
/// OKR root) ended before `today`.
fn ended(rel: &str, fy_start_month: u8, today: jiff::civil::Date) -> Option<String> {
    let (quarter, _) = parse::locate(rel).ok()?;
    let last = quarter.last_day(fy_start_month);
    (last < today).then(|| format!("{quarter} ended on {last}"))
}

/// The file and KR a full KR ref names, or an error with a suggestion.
fn resolve<'a>(
    ws: &'a Workspace,
    files: &'a [SourceFile],
    reference: &str,
    objective_ref: &str,
    kr_id: &str,
) -> Result<(&'a SourceFile, &'a KeyResult)> {
    let defining: Vec<&SourceFile> = files
        .iter()
        .filter(|f| parse::locate(&f.rel).is_ok_and(|(q, id)| ObjRef::new(q, id).to_string() == objective_ref))
        .collect();
    let file = match defining.as_slice() {
        [f] => *f,
        [] => {
            let refs: Vec<String> =
                ws.objectives.iter().flat_map(|o| o.key_results.iter().map(|kr| o.kr_ref(kr))).collect();
            let hint = suggest::hint(reference, refs.iter().map(String::as_str))
                .unwrap_or_else(|| "`okr status` lists the key results".into());
            return Err(Fatal::new(format!(
                "there is no objective `{objective_ref}` (no file {objective_ref}.md under the OKR root); {hint}"
            )));
        }
        [a, b, ..] => {
            return Err(Fatal::new(format!(
                "`{}` and `{}` both define the objective `{objective_ref}`; rename one of them first",
                a.path, b.path
            )))
        }
    };
    let Some(objective) = ws.objectives.iter().find(|o| o.file == file.path) else {
        return Err(Fatal::new(format!(
            "`{}` has errors that keep it from being read; `okr check` shows them",
            file.path
        )));
    };
    if let Some(kr) = objective.key_results.iter().find(|k| k.id == kr_id) {
        return Ok((file, kr));
    }
    if ws.diagnostics.iter().any(|d| d.reference.as_deref() == Some(reference)) {
        return Err(Fatal::new(format!(
            "the key result `{reference}` has errors that keep it from being read; `okr check` shows them"
        )));
    }
    let ids: Vec<&str> = objective.key_results.iter().map(|k| k.id.as_str()).collect();
    let hint =
        suggest::hint(kr_id, ids.iter().copied()).unwrap_or_else(|| format!("its key results are: {}", ids.join(", ")));
    Err(Fatal::new(format!("`{objective_ref}` has no key result `{kr_id}`; {hint}")))
}

#[cfg(test)]
mod tests {
    use super::ended;
    use jiff::civil::date;

    #[test]
    fn a_quarter_ends_after_its_last_day() {
        let q1 = "2026-Q1/growth/activation.md";
        assert_eq!(ended(q1, 1, date(2026, 3, 31)), None);
        assert_eq!(ended(q1, 1, date(2026, 4, 1)).as_deref(), Some("2026-Q1 ended on 2026-03-31"));
        assert_eq!(ended(q1, 4, date(2026, 4, 1)), None, "fiscal 2026-Q1 is April to June");
        assert_eq!(ended("2026-Q4/a.md", 1, date(2026, 12, 6)), None);
        assert_eq!(ended("not-a-quarter/a.md", 1, date(2026, 12, 6)), None);
    }
}
