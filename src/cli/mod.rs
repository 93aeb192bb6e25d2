//! The command-line interface: argument definitions (flags as data) and the
//! glue from arguments to the core and the renderers.

mod check;
mod diff;
mod post;
mod pr;
mod report;
mod retro;
mod review;
mod scaffold;
mod set;
mod status;
mod sync;
mod tree;
mod trend;

use crate::core::config::Config;
use crate::core::diagnostic::Severity;
use crate::core::error::{Fatal, Result};
use crate::core::quarter::{self, Quarter};
use crate::core::workspace::Workspace;
use crate::git;
use crate::output;
use crate::render::check::Sources;
use crate::render::HistoryUse;
use crate::source::{self, Snapshot};
use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};
use jiff::civil::Date;
use std::cell::OnceCell;
use std::path::PathBuf;

/// Git-native, plain-text OKRs: score, check, diff and scaffold the OKR files
/// kept in a git repository.
#[derive(Debug, Parser)]
#[command(name = "okr", version, about, long_about = None, max_term_width = 100)]
pub struct Cli {
    /// Run as if started in this directory.
    #[arg(short = 'C', long = "directory", global = true, value_name = "DIR")]
    pub directory: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Scaffold okr.toml, this quarter's folder with an example objective, and a GitHub workflow.
    Init(scaffold::InitArgs),
    /// Create a file from a template.
    #[command(subcommand)]
    New(scaffold::NewCommand),
    /// Scores, expected pace and status of every objective and key result, grouped by team.
    Status(status::StatusArgs),
    /// Validate every OKR file and report findings with file, line and column.
    Check(check::CheckArgs),
    /// Per-KR time series from git history: every commit that changed a value is a check-in.
    Trend(trend::TrendArgs),
    /// The weekly input review: each input metric's week against its weekly target, what it drives, and the week's notes.
    Review(review::ReviewArgs),
    /// Close a quarter: grades and bands, parents that missed while their children hit, moved targets, stale KRs, carry-overs.
    Retro(retro::RetroArgs),
    /// The alignment tree (parent links) and the metric tree (drives links) of a quarter.
    Tree(tree::TreeArgs),
    /// Write a static HTML dashboard of a quarter: three metric layers, trajectories, trees, metric map, findings.
    Report(report::ReportArgs),
    /// Set a key result's `current` value in its file, changing nothing else; optionally commit it.
    ///
    /// The file keeps every other byte (comments, quoting, line endings). A file with uncommitted
    /// changes is refused unless --allow-dirty. With --commit, only this file is committed, on the
    /// current branch, and other staged changes stay staged.
    Set(set::SetArgs),
    /// Pull current values from the metric sources of okr.toml into the OKR files.
    ///
    /// Each source (a SQLite or PostgreSQL query, a CSV or JSON file, a command) yields rows of
    /// key and value; a key is a full KR ref or a metric name of the as-of quarter. Values are
    /// written as `okr set` writes them. A source that fails changes nothing and makes the exit
    /// code 1; the others still apply. See docs/sources.md.
    Sync(sync::SyncArgs),
    /// Compare two periods or two git revisions: added, removed and changed objectives and KRs.
    ///
    /// A and B that look like periods of one horizon (`2026-Q1 2026-Q2`, `2025 2026`,
    /// `2026-H1 2026-H2`, `2023-2025 2026-2028`) are periods, read from one snapshot (the working
    /// tree, or --rev): carried-over, new and dropped objectives, and the metrics that continue,
    /// with the new baseline against the old period's final value. Anything else
    /// (`main HEAD`) is a pair of git revisions: objectives and KRs added, removed and changed,
    /// field by field, with word-level title diffs.
    Diff(diff::DiffArgs),
    /// The pull-request report: KR changes with score deltas, moved targets, new findings and trends.
    ///
    /// Compares --head with its merge base with --base and prints GitHub-flavoured Markdown whose
    /// first line is a hidden marker; --post keeps it as one sticky comment on the pull request.
    Pr(pr::PrArgs),
    /// List the rules `okr check` applies, or explain one.
    Rules {
        /// A rule name, e.g. `output-kr`.
        name: Option<String>,
    },
    /// Print a shell completion script.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff).
    Man,
}

/// Flags shared by every command that reads OKRs.
#[derive(Debug, Args, Clone)]
pub struct Common {
    /// Read the OKRs of this git revision instead of the working tree.
    #[arg(long, value_name = "REV")]
    pub rev: Option<String>,
    /// The date that counts as today for pace and staleness (YYYY-MM-DD or `today`).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub as_of: Option<Date>,
    /// Exit with 1 when there are findings at or above this level.
    #[arg(long, value_enum, default_value_t = FailOn::Error, value_name = "LEVEL")]
    pub fail_on: FailOn,
    /// Do not read git history (trends, last update, history-based rules).
    #[arg(long)]
    pub no_history: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Info,
}

impl FailOn {
    pub fn severity(self) -> Severity {
        match self {
            FailOn::Error => Severity::Error,
            FailOn::Warning => Severity::Warning,
            FailOn::Info => Severity::Info,
        }
    }
}

fn parse_date(s: &str) -> std::result::Result<Date, String> {
    quarter::parse_date(s)
}

fn parse_quarter(s: &str) -> std::result::Result<Quarter, String> {
    match crate::core::refs::Period::parse(s) {
        Some(p) => p.as_quarter().ok_or_else(|| {
            format!("`{s}` is a longer horizon than a quarter: this command takes a quarter (YYYY-Qn) so far (`okr status --period {s}` shows that period's objectives, `okr tree --period {s}` its bet graph)")
        }),
        None => Err(format!("`{s}` is not a quarter: write it as YYYY-Qn, for example 2026-Q1")),
    }
}

/// `--quarter`/`--period`: any horizon of SPEC §11.
fn parse_period(s: &str) -> std::result::Result<crate::core::refs::Period, String> {
    crate::core::refs::Period::parse(s).ok_or_else(|| {
        format!("`{s}` is not a period: write a quarter (2026-Q1), a half (2026-H1), a year (2026) or a span of years (2026-2028)")
    })
}

/// The project a command works on and the git repository holding it. The
/// repository is opened on first use (a command that never reads git never
/// opens it) and then shared by everything the command reads: `--as-of`,
/// the files of a revision, the history, the check-in.
pub struct Project {
    pub dir: PathBuf,
    repo: OnceCell<std::result::Result<git::Repo, git::GitError>>,
}

impl Project {
    /// The project that `start` is in (`source::find_project`).
    pub fn find(start: &std::path::Path) -> Project {
        Project { dir: source::find_project(start), repo: OnceCell::new() }
    }

    /// The repository, or why there is none.
    pub fn git(&self) -> std::result::Result<&git::Repo, &git::GitError> {
        self.repo.get_or_init(|| git::Repo::open(&self.dir)).as_ref()
    }

    /// The repository; none is an error.
    pub fn repo(&self) -> Result<&git::Repo> {
        self.git().map_err(|e| e.clone().into())
    }
}

/// Everything a reading command needs.
pub struct Loaded<'p> {
    pub project: &'p Project,
    pub config: Config,
    pub workspace: Workspace,
    pub sources: Sources,
    pub files: usize,
    pub root_exists: bool,
}

impl<'p> Loaded<'p> {
    pub fn read(project: &'p Project, rev: Option<&str>) -> Result<Loaded<'p>> {
        let snapshot: Snapshot = match rev {
            Some(r) => project.repo()?.load_rev(r)?,
            None => source::load_worktree(&project.dir)?,
        };
        let workspace = Workspace::build(&snapshot.files, &snapshot.config);
        let sources = snapshot
            .files
            .iter()
            .map(|f| {
                let text = String::from_utf8_lossy(&f.bytes);
                (f.path.clone(), text.strip_prefix('\u{feff}').unwrap_or(&text).to_string())
            })
            .collect();
        Ok(Loaded {
            project,
            files: snapshot.files.len(),
            config: snapshot.config,
            workspace,
            sources,
            root_exists: snapshot.root_exists,
        })
    }
}

impl<'p> Loaded<'p> {
    /// [`Loaded::read`] for the commands that show OKRs: a missing root is an
    /// error (exit 2) naming it, as `okr check` has it, never an empty reading.
    pub fn read_root(project: &'p Project, rev: Option<&str>) -> Result<Loaded<'p>> {
        let loaded = Loaded::read(project, rev)?;
        if !loaded.root_exists {
            let bare = || project.git().ok().and_then(|repo| repo.bare_repository(true));
            if let Some(bare) = rev.is_none().then(bare).flatten() {
                return Err(Fatal::new(bare));
            }
            return Err(Fatal::new(loaded.missing_root(rev)));
        }
        Ok(loaded)
    }

    /// Why there is nothing to read when the OKR root folder is missing (at
    /// `rev`, if given): the error of the commands that need it.
    pub(super) fn missing_root(&self, rev: Option<&str>) -> String {
        let root = &self.config.root;
        let at = rev.map_or(String::new(), |r| format!(" at `{r}`"));
        if *root == Config::default().root {
            format!("there is no {root}/ folder here{at}; run `okr init` to start")
        } else {
            format!("there is no {root}/ folder{at} (the `root` that okr.toml sets): point `root` at the folder that holds the OKR files")
        }
    }
}

/// How a command that shows OKRs ends: when the files read have errors, a
/// warning on stderr saying what `missing` above (objectives, links, ...) may
/// lack; then the exit code `--fail-on` asks for (SPEC §5): 1 when any
/// finding in the files is at or above that level, else 0.
pub(super) fn finish(ws: &Workspace, fail_on: FailOn, missing: &str) -> Result<u8> {
    let errors = ws.diagnostics.iter().filter(|d| d.severity == Severity::Error).count();
    if errors > 0 {
        output::eprint(&format!(
            "{}: {} in the OKR files; {missing}. Run `okr check` for details.\n",
            output::paint(output::YELLOW.bold(), "warning"),
            crate::render::check::plural(errors, "error")
        ))?;
    }
    Ok(u8::from(ws.diagnostics.iter().any(|d| d.severity >= fail_on.severity())))
}

/// Reads the git history for a command, unless `--no-history`. Returns
/// `None` (with a note on stderr where it helps) when there is none to read:
/// not a git repository, no commits yet, or a shallow clone.
pub fn load_history(loaded: &Loaded, common: &Common) -> Result<Option<crate::history::History>> {
    Ok(read_history(loaded, common)?.0)
}

/// The project and its history for a command that cannot work without it
/// (`okr trend`, `okr review`): `--no-history` and a history that cannot be
/// read are errors naming the command and the reason.
pub fn load_with_history<'p>(
    project: &'p Project,
    common: &Common,
    command: &str,
) -> Result<(Loaded<'p>, crate::history::History)> {
    if common.no_history {
        return Err(Fatal::new(format!("`okr {command}` reads the git history; drop --no-history")));
    }
    let loaded = Loaded::read_root(project, common.rev.as_deref())?;
    match read_history(&loaded, common)? {
        (Some(history), _) => Ok((loaded, history)),
        (None, used) => {
            let why = used.reason.unwrap_or_default();
            Err(Fatal::new(format!("`okr {command}` needs the git history, but {}", why.trim_end_matches('.'))))
        }
    }
}

/// [`load_history`], with whether the history was read and why not (for
/// the formats that say so, and the commands that need it).
pub fn read_history(loaded: &Loaded, common: &Common) -> Result<(Option<crate::history::History>, HistoryUse)> {
    if common.no_history {
        return Ok((None, HistoryUse::missing("--no-history was given", false)));
    }
    let warn = |why: &str| -> Result<()> {
        Ok(output::eprint(&format!("{}: {why}\n", output::paint(output::YELLOW.bold(), "warning")))?)
    };
    let repo = match loaded.project.git() {
        Ok(repo) => repo.readable().map(|()| repo),
        Err(e) => Err(e.clone()),
    };
    let repo = match repo {
        Ok(repo) => repo,
        // Not a repository: nothing to say.
        Err(git::GitError::NotARepository { .. }) => {
            return Ok((None, HistoryUse::missing("this is not a git repository", false)))
        }
        // One okr cannot open: say why, once.
        Err(e) => {
            let message = e.to_string();
            warn(&format!("the git history was not read: {}", crate::core::escape::terminal(&message)))?;
            return Ok((None, HistoryUse::missing(message, true)));
        }
    };
    if let Some(why) = repo.history_unreadable() {
        output::eprint(&format!("{}: {why}\n", output::paint(output::YELLOW.bold(), "note")))?;
        return Ok((None, HistoryUse::missing(why, true)));
    }
    let rev = common.rev.as_deref().unwrap_or("HEAD");
    let history = match repo.history(rev, &loaded.config.root) {
        Ok(h) => h,
        // An explicit revision must exist; an unborn HEAD just has no history yet.
        Err(e) if common.rev.is_some() => return Err(e.into()),
        Err(_) if repo.unborn() => return Ok((None, HistoryUse::missing("the repository has no commits yet", false))),
        // Anything else (missing or corrupt objects, unreadable dates, a
        // repository format gix cannot read) is said once, never swallowed.
        Err(e) => {
            let message = e.to_string();
            warn(&format!(
                "the git history could not be read, so trends and history-based checks are missing: {}",
                crate::core::escape::terminal(&message)
            ))?;
            return Ok((None, HistoryUse::missing(format!("the git history could not be read: {message}"), true)));
        }
    };
    for w in &history.warnings {
        warn(&crate::core::escape::terminal(w))?;
    }
    if history.shallow {
        let why = "this is a shallow clone, so the history is incomplete and was not used; fetch the full history (`fetch-depth: 0` with actions/checkout) for trends and history-based checks";
        output::eprint(&format!("{}: {why}\n", output::paint(output::YELLOW.bold(), "note")))?;
        return Ok((None, HistoryUse::missing(why, true)));
    }
    Ok((Some(history), HistoryUse::read()))
}

/// The working directory the command runs in.
fn cwd(cli_dir: &Option<PathBuf>) -> Result<PathBuf> {
    let here = std::env::current_dir().map_err(|e| Fatal::new(format!("cannot read the current directory: {e}")))?;
    match cli_dir {
        Some(d) => {
            let dir = here.join(d);
            if dir.is_dir() {
                Ok(dir)
            } else {
                Err(Fatal::new(format!("-C {}: no such directory", d.display())))
            }
        }
        None => Ok(here),
    }
}

/// Parses arguments, runs the command and returns the exit code.
pub fn main() -> u8 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return code;
        }
    };
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            let text = match &e.diagnostic {
                Some(b) => {
                    let (d, src) = &**b;
                    let mut sources = Sources::new();
                    if let Some(f) = &d.file {
                        sources.insert(f.clone(), src.clone());
                    }
                    crate::render::check::diagnostic_text(d, &sources, true)
                }
                None => {
                    format!(
                        "{}: {}\n",
                        output::paint(output::RED.bold(), "error"),
                        crate::core::escape::terminal(&e.message)
                    )
                }
            };
            let _ = output::eprint(&text);
            2
        }
    }
}

fn run(mut cli: Cli) -> Result<u8> {
    let dir = cwd(&cli.directory)?;
    let common = match &mut cli.command {
        Command::Status(a) => Some(&mut a.common),
        Command::Check(a) => Some(&mut a.common),
        Command::Trend(a) => Some(&mut a.common),
        Command::Review(a) => Some(&mut a.common),
        Command::Retro(a) => Some(&mut a.common),
        Command::Tree(a) => Some(&mut a.common),
        Command::Report(a) => Some(&mut a.common),
        _ => None,
    };
    let project = Project::find(&dir);
    if let Some(common) = common {
        common.pin_as_of(&project)?;
    }
    match cli.command {
        Command::Init(args) => scaffold::init(&dir, args),
        Command::New(cmd) => scaffold::new(&dir, cmd),
        Command::Status(args) => status::run(&project, args),
        Command::Check(args) => check::run(&dir, &project, args),
        Command::Trend(args) => trend::run(&project, args),
        Command::Review(args) => review::run(&project, args),
        Command::Retro(args) => retro::run(&project, args),
        Command::Tree(args) => tree::run(&project, args),
        Command::Report(args) => report::run(&dir, &project, args),
        Command::Set(args) => set::run(&project, args),
        Command::Sync(args) => sync::run(&project, args),
        Command::Diff(args) => diff::run(&project, args),
        Command::Pr(args) => pr::run(&dir, &project, args),
        Command::Rules { name } => {
            let config = source::load_worktree(&project.dir).map(|s| s.config).unwrap_or_default();
            let text = match name {
                None => crate::analysis::rules::docs::list(&config),
                Some(n) => match crate::analysis::rules::all().into_iter().find(|m| m.code.name == n) {
                    Some(m) => crate::analysis::rules::docs::page(m, "#"),
                    None => {
                        let hint = crate::core::suggest::hint(&n, crate::core::codes::names())
                            .unwrap_or_else(|| "`okr rules` lists them".into());
                        return Err(Fatal::new(format!("there is no rule `{n}`; {hint}")));
                    }
                },
            };
            output::print(&text)?;
            Ok(0)
        }
        Command::Completions { shell } => {
            let mut buf = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "okr", &mut buf);
            output::print(&String::from_utf8_lossy(&buf))?;
            Ok(0)
        }
        Command::Man => {
            let mut buf = Vec::new();
            clap_mangen::Man::new(Cli::command()).render(&mut buf)?;
            output::print(&String::from_utf8_lossy(&buf))?;
            Ok(0)
        }
    }
}

impl Common {
    /// Makes `--as-of` a point in time (SPEC §5): reads the revision at the
    /// newest first-parent commit on or before the end of that day, so the
    /// OKRs and their history stop there. The revision itself (nothing
    /// newer) is read as without `--as-of`, the working tree included.
    pub fn pin_as_of(&mut self, project: &Project) -> Result<()> {
        let Some(date) = self.as_of else {
            return Ok(());
        };
        // No repository (or one okr cannot read): no history to pin.
        let Ok(repo) = project.git() else {
            return Ok(());
        };
        let rev = self.rev.as_deref().unwrap_or("HEAD");
        if let Some(commit) = repo.as_of_commit(rev, date)? {
            self.rev = Some(commit);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
