//! `okr pr`: the pull-request report.

use super::post::{self, PostArgs};
use super::{Common, FailOn, Loaded, Project};
use crate::core::diagnostic::Diagnostic;
use crate::core::error::{Fatal, Result};
use crate::history::History;
use crate::output;
use crate::render::pr::{self as render, Links, GITHUB_COMMENT_LIMIT};
use crate::views::pr::{self, Inputs};
use clap::{Args, ValueEnum};
use jiff::civil::Date;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PrFormat {
    Markdown,
    Json,
}

#[derive(Debug, Args)]
pub struct PrArgs {
    /// The pull request's base: its target branch or commit (compared from its merge base with --head).
    #[arg(long, value_name = "REV", required_unless_present = "post_file")]
    pub base: Option<String>,
    /// The pull request's head commit (`--rev` is the same flag, as in every command).
    #[arg(long, visible_alias = "rev", value_name = "REV", default_value = "HEAD")]
    pub head: String,
    #[arg(long, value_enum, default_value_t = PrFormat::Markdown)]
    pub format: PrFormat,
    /// Also write the report as JSON to this file.
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,
    #[command(flatten)]
    pub post: PostArgs,
    /// The date that counts as today for pace and scores (YYYY-MM-DD or `today`).
    #[arg(long, value_name = "DATE", value_parser = super::parse_date)]
    pub as_of: Option<Date>,
    /// Exit with 1 when the pull request introduces findings at or above this level.
    #[arg(long, value_enum, default_value_t = FailOn::Error, value_name = "LEVEL")]
    pub fail_on: FailOn,
    /// Do not read git history (trajectories, who moved a target, history-based rules).
    #[arg(long)]
    pub no_history: bool,
}

/// Every finding of `okr check` on one side, handed to `each` one at a
/// time (unsorted, in the order `okr check` finds them): a big organisation's findings are never
/// all held, only what the report keeps of them.
fn each_finding(loaded: &Loaded, history: Option<&History>, as_of: Date, mut each: impl FnMut(Diagnostic)) {
    for d in &loaded.workspace.diagnostics {
        each(d.clone());
    }
    crate::analysis::rules::run_each(&loaded.workspace, &loaded.config, history, as_of, each);
}

/// The keys of every finding on one side.
fn finding_keys(loaded: &Loaded, history: Option<&History>, as_of: Date) -> pr::FindingKeys {
    let mut keys = pr::FindingKeys::new();
    each_finding(loaded, history, as_of, |d| {
        keys.insert(pr::into_key(d));
    });
    keys
}

/// Links to files at the head commit, when running in GitHub Actions (or
/// when GITHUB_REPOSITORY is set by hand).
fn links(head: &str, prefix: &str) -> Links {
    let Ok(repository) = std::env::var("GITHUB_REPOSITORY") else {
        return Links::default();
    };
    let server = std::env::var("GITHUB_SERVER_URL").unwrap_or_else(|_| "https://github.com".into());
    Links::github(&server, &repository, head, prefix).unwrap_or_default()
}

// Long: the order of its reads is the memory budget (the base's findings reduced to keys and its history dropped before the head's is read); in one place it stays visible.
pub fn run(dir: &Path, project: &Project, args: PrArgs) -> Result<u8> {
    if let Some(file) = &args.post.post_file {
        return post::post_file(&args.post, dir, file);
    }
    let base = args
        .base
        .as_deref()
        .ok_or_else(|| Fatal::new("--base is required: the pull request's base branch or commit"))?;
    let repo = project.repo()?;
    repo.readable()?;
    let prefix = repo.prefix();
    let commits = repo.pr_commits(base, &args.head)?;
    let before = Loaded::read(project, Some(&commits.merge_base))?;
    let after = Loaded::read(project, Some(&commits.head))?;
    let as_of = args.as_of.unwrap_or_else(crate::core::quarter::today);
    let config_changed = before.config != after.config;
    let files = pr::changed_files(&before.sources, &after.sources);
    let touched = config_changed || !files.is_empty();
    // The texts were needed for that list only: a big organisation's files
    // weigh more than their model.
    let (mut before, mut after) = (before, after);
    before.sources = Default::default();
    after.sources = Default::default();

    // A pull request that touches no OKR file needs no history and no rules.
    // The merge base's findings first, reduced to their keys, with its
    // history dropped before the head's is read: a big organisation's
    // findings and histories are large, and only the head's are needed
    // whole. The base's history only decides which history findings are new.
    let use_history = touched && !args.no_history;
    let mut before_keys = pr::FindingKeys::new();
    let mut base_used_history = false;
    if touched {
        let before_history = match use_history {
            true => repo.history(&commits.merge_base, &before.config.root).ok().filter(|h| !h.shallow),
            false => None,
        };
        base_used_history = before_history.is_some();
        before_keys = finding_keys(&before, before_history.as_ref(), as_of);
    }
    let history = if use_history {
        let common =
            Common { rev: Some(commits.head.clone()), as_of: Some(as_of), fail_on: args.fail_on, no_history: false };
        super::load_history(&after, &common)?
    } else {
        None
    };
    if history.is_none() && base_used_history {
        // The head has no usable history (a shallow clone): neither side's
        // history findings count.
        before_keys = finding_keys(&before, None, as_of);
    }
    let mut after_findings = pr::HeadFindings::default();
    if touched {
        each_finding(&after, history.as_ref(), as_of, |d| after_findings.add(&before_keys, d));
    }
    let report = pr::build(Inputs {
        marker: pr::marker(&after.config.root),
        base: base.to_string(),
        merge_base: commits.merge_base.clone(),
        head: commits.head.clone(),
        as_of,
        fy: after.config.fiscal_year_start_month,
        before: &before.workspace,
        after: &after.workspace,
        files: &files,
        config_changed,
        before_findings: &before_keys,
        after_findings,
        history: history.as_ref(),
    });
    let markdown = render::markdown(&report, &links(&commits.head, prefix), GITHUB_COMMENT_LIMIT);
    if let Some(file) = &args.json {
        // Relative to the `-C` folder, like every other path argument.
        std::fs::write(dir.join(file), render::json(&report))
            .map_err(|e| Fatal::new(format!("cannot write {}: {e}", file.display())))?;
    }
    match args.format {
        PrFormat::Markdown => output::print(&markdown)?,
        PrFormat::Json => output::print(&render::json(&report))?,
    }
    let posted = if args.post.post { post::post(&args.post, &markdown)? } else { 0 };
    let fail = report.new_findings.iter().any(|d| d.severity >= args.fail_on.severity());
    Ok(posted.max(u8::from(fail)))
}
