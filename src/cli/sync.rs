//! `okr sync`: current values pulled from the metric sources of okr.toml
//! (SPEC §10). Each source is read (`metrics`), the rows are matched to key
//! results (`views::sync`), and the changed files are written as `okr set`
//! writes them (`set::prepare`: the same checks, edit and atomic write),
//! with `--commit` in one commit whose message lists the changes and
//! carries a check-in trailer for each value measured unchanged.

use super::{set, Project};
use crate::core::config::{Source, SourceKind};
use crate::core::error::{Fatal, Result};
use crate::core::escape;
use crate::core::quarter;
use crate::core::suggest;
use crate::core::workspace::Workspace;
use crate::git;
use crate::metrics::{self, Row, SourceError};
use crate::output;
use crate::render::sync::Outcome;
use crate::source;
use crate::views::sync::{Input, Measured, Plan};
use clap::{Args, ValueEnum};
use jiff::civil::Date;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;
use std::time::Duration;

#[derive(Debug, Args)]
pub struct SyncArgs {
    /// The sources to run, by their name in okr.toml (default: all of them).
    #[arg(value_name = "SOURCE")]
    pub sources: Vec<String>,
    /// Print the plan (ref, old value, new value, source) and write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Commit the changed files in one commit, with a check-in trailer for each value measured unchanged.
    #[arg(long, conflicts_with = "dry_run")]
    pub commit: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = SyncFormat::Text, value_name = "FORMAT")]
    pub format: SyncFormat,
    /// The date that counts as today (YYYY-MM-DD or `today`): metric names resolve among its quarter's key results, rows dated after it are ignored.
    #[arg(long, value_name = "DATE", value_parser = super::parse_date)]
    pub as_of: Option<Date>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SyncFormat {
    Text,
    Json,
}

pub fn run(project: &Project, args: SyncArgs) -> Result<u8> {
    let snapshot = source::load_worktree(&project.dir)?;
    let config = &snapshot.config;
    if !snapshot.root_exists {
        return Err(Fatal::new(format!("there is no {}/ folder here; run `okr init` to start", config.root)));
    }
    if config.sources.is_empty() {
        return Err(Fatal::new(
            "okr.toml declares no metric sources: add a [sources.NAME] table (docs/sources.md of the okr project)",
        ));
    }
    let selected = select(&config.sources, &args.sources)?;
    let today = args.as_of.unwrap_or_else(quarter::today);
    let ws = Workspace::build(&snapshot.files, config);

    let progress = Progress::new();
    let read: Vec<(&str, std::result::Result<Vec<Row>, SourceError>)> = selected
        .iter()
        .map(|s| {
            let bar = progress.start(s);
            let rows = fetch(&project.dir, s);
            bar.finish();
            (s.name.as_str(), rows)
        })
        .collect();
    let inputs: Vec<Input> = read
        .iter()
        .map(|(name, rows)| Input {
            name,
            rows: match rows {
                Ok(rows) => Ok(rows
                    .iter()
                    .map(|r| Measured { key: &r.key, value: r.value, date: r.date.as_deref(), origin: &r.origin })
                    .collect()),
                Err(e) => Err(e.0.clone()),
            },
        })
        .collect();
    let mut plan = crate::views::sync::plan(&ws, config.fiscal_year_start_month, today, &inputs);

    let mut outcome = Outcome { dry_run: args.dry_run, ..Outcome::default() };
    let to_commit = args.commit && !(plan.changes.is_empty() && plan.unchanged.is_empty());
    if !args.dry_run && (!plan.changes.is_empty() || to_commit) {
        let repo = git::CheckIn::open(project.git(), args.commit)?;
        if args.commit {
            match &repo {
                None => {
                    return Err(Fatal::new(format!(
                        "--commit needs a git repository, and {} is not in one",
                        project.dir.display()
                    )))
                }
                Some(r) => r.ensure_identity()?,
            }
        }
        let files = prepare_all(&project.dir, &snapshot.files, &mut plan, repo.as_ref())?;
        for f in &files {
            f.write()?;
        }
        outcome.files = files.len();
        let any = !(plan.changes.is_empty() && plan.unchanged.is_empty());
        if let (Some(r), true, true) = (repo, args.commit, any) {
            outcome.commit = Some(set::commit(r, files, &message(&plan))?);
        }
    }
    let text = match args.format {
        SyncFormat::Text => crate::render::sync::text(&plan, &outcome),
        SyncFormat::Json => crate::render::sync::json(&plan),
    };
    output::print(&text)?;
    Ok(u8::from(!plan.failures.is_empty()))
}

/// The sources named on the command line, in okr.toml's order; all of
/// them when none is named. An unknown name is an error with a suggestion.
fn select<'a>(sources: &'a [Source], names: &[String]) -> Result<Vec<&'a Source>> {
    for name in names {
        if !sources.iter().any(|s| &s.name == name) {
            let hint = suggest::hint(name, sources.iter().map(|s| s.name.as_str())).unwrap_or_else(|| {
                format!(
                    "okr.toml declares {}",
                    sources.iter().map(|s| format!("`{}`", s.name)).collect::<Vec<_>>().join(", ")
                )
            });
            return Err(Fatal::new(format!("there is no source `{name}` in okr.toml; {hint}")));
        }
    }
    Ok(sources.iter().filter(|s| names.is_empty() || names.contains(&s.name)).collect())
}

/// Reads one source. The PostgreSQL URL is read from its variable here and
/// never shown.
fn fetch(project: &Path, s: &Source) -> std::result::Result<Vec<Row>, SourceError> {
    let timeout = Duration::from_secs(s.timeout_s);
    match &s.kind {
        SourceKind::Sqlite { path, query } => metrics::sqlite::fetch(&project.join(path), path, query, timeout),
        SourceKind::Postgres { var, query } => match std::env::var(var) {
            Ok(url) if !url.trim().is_empty() => metrics::postgres::fetch(&url, query, timeout),
            Ok(_) => Err(SourceError(format!("the environment variable {var} is empty; it must hold the PostgreSQL URL"))),
            Err(_) => Err(SourceError(format!(
                "the environment variable {var} is not set; it must hold the PostgreSQL URL (in CI, pass it from a secret through `env:`)"
            ))),
        },
        SourceKind::File { path } => metrics::file::read(project, path),
        SourceKind::Command { argv } => metrics::command::run(project, argv, timeout),
    }
}

/// Checks and edits every file the plan changes, as `okr set` does. A file
/// that cannot be written (uncommitted changes, a value okr will not edit)
/// fails every source with a change in it, and the files are prepared again
/// without those sources, until all that is left can be written.
fn prepare_all(
    project: &Path,
    files: &[crate::source::SourceFile],
    plan: &mut Plan,
    repo: Option<&git::CheckIn>,
) -> Result<Vec<set::Prepared>> {
    let by_path: HashMap<&str, &crate::source::SourceFile> = files.iter().map(|f| (f.path.as_str(), f)).collect();
    loop {
        let mut groups: BTreeMap<&str, Vec<(&str, f64, &str)>> = BTreeMap::new();
        for c in &plan.changes {
            groups.entry(&c.target.file).or_default().push((&c.target.kr_id, c.to, &c.target.source));
        }
        let mut prepared = Vec::with_capacity(groups.len());
        let mut failed: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (path, changes) in &groups {
            let Some(file) = by_path.get(path) else {
                return Err(Fatal::new(format!("internal error: `{path}` is not among the files read")));
            };
            let values: Vec<(&str, f64)> = changes.iter().map(|&(id, v, _)| (id, v)).collect();
            match set::prepare(project, file, &values, repo, false) {
                Ok(p) => prepared.push(p),
                Err(e) => {
                    let sources: BTreeSet<&str> = changes.iter().map(|c| c.2).collect();
                    for s in sources {
                        failed.entry(s.to_string()).or_default().push(e.message.clone());
                    }
                }
            }
        }
        if failed.is_empty() {
            return Ok(prepared);
        }
        drop(prepared);
        for (source, messages) in failed {
            plan.fail(&source, messages.join("\n"));
        }
    }
}

/// The commit message of a run: a summary line, the changes, and a
/// check-in trailer per value measured unchanged.
fn message(plan: &Plan) -> String {
    let mut sources: Vec<&str> = plan
        .changes
        .iter()
        .map(|c| c.target.source.as_str())
        .chain(plan.unchanged.iter().map(|u| u.target.source.as_str()))
        .collect();
    sources.sort_unstable();
    sources.dedup();
    let mut out = format!(
        "okr sync: {} changed, {} unchanged ({})",
        plan.changes.len(),
        plan.unchanged.len(),
        sources.join(", ")
    );
    if !plan.changes.is_empty() {
        out.push_str("\n\n");
        for c in &plan.changes {
            let from = c.from.map_or_else(|| "unset".to_string(), value);
            out.push_str(&format!("{}: {from} → {} ({})\n", c.target.reference, value(c.to), c.target.source));
        }
        out.pop();
    }
    if !plan.unchanged.is_empty() {
        out.push_str("\n\n");
        let trailers: Vec<String> = plan
            .unchanged
            .iter()
            .map(|u| format!("{}: {}", crate::history::CHECK_IN_TRAILER, u.target.reference))
            .collect();
        out.push_str(&trailers.join("\n"));
    }
    out
}

fn value(v: f64) -> String {
    crate::core::edit::format_value(v).unwrap_or_else(|_| v.to_string())
}

/// The progress display: one spinner per source while it runs, on a
/// terminal only (stderr a terminal, not in CI); cleared when done, so
/// what stays is the report.
struct Progress {
    shown: bool,
}

struct Bar(Option<indicatif::ProgressBar>);

impl Progress {
    fn new() -> Progress {
        use std::io::IsTerminal;
        let ci = std::env::var_os("CI").is_some() || std::env::var_os("GITHUB_ACTIONS").is_some();
        Progress { shown: std::io::stderr().is_terminal() && !ci }
    }

    fn start(&self, s: &Source) -> Bar {
        if !self.shown {
            return Bar(None);
        }
        let bar = indicatif::ProgressBar::new_spinner();
        bar.set_message(format!("{} ({})", escape::terminal(&s.name), s.kind.key()));
        bar.enable_steady_tick(Duration::from_millis(100));
        Bar(Some(bar))
    }
}

impl Bar {
    fn finish(self) {
        if let Some(bar) = self.0 {
            bar.finish_and_clear();
        }
    }
}
