//! `okr check`.

use super::{Common, Loaded, Project};
use crate::core::diagnostic::Diagnostic;
use crate::core::error::{Fatal, Result};
use crate::output;
use crate::render::check;
use crate::render::summary::SUMMARY_MAX_BYTES;
use clap::{Args, ValueEnum};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    Text,
    Json,
    /// GitHub Actions workflow annotations (the most severe 10 per level).
    Github,
    /// SARIF 2.1.0 for code scanning.
    Sarif,
    /// GitHub-flavoured Markdown: the counts, then a table of every finding (what `--summary` appends).
    Markdown,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Report findings only for these files or folders (all files are still loaded).
    pub paths: Vec<PathBuf>,
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    pub format: CheckFormat,
    /// Also append every finding as a Markdown table to FILE (for `$GITHUB_STEP_SUMMARY`).
    #[arg(long, value_name = "FILE")]
    pub summary: Option<PathBuf>,
    #[command(flatten)]
    pub common: Common,
}

/// A path argument as a project-relative, `/`-separated prefix.
fn project_relative(project: &Path, cwd: &Path, p: &Path) -> String {
    // Resolve `.` and `..` by hand: with --rev the file may not exist on disk.
    let cwd = cwd.canonicalize().unwrap_or_else(|_| cwd.to_path_buf());
    let mut abs = PathBuf::new();
    for c in cwd.join(p).components() {
        match c {
            std::path::Component::ParentDir => {
                abs.pop();
            }
            std::path::Component::CurDir => {}
            other => abs.push(other),
        }
    }
    let project = project.canonicalize().unwrap_or_else(|_| project.to_path_buf());
    let rel = abs.strip_prefix(&project).unwrap_or(&abs);
    rel.components()
        .filter_map(|c| match c {
            std::path::Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// Whether a project-relative file path is selected by a path prefix.
fn covers(prefix: &str, file: &str) -> bool {
    prefix.is_empty() || file == prefix || file.starts_with(&format!("{prefix}/"))
}

fn selected(d: &Diagnostic, prefixes: &[String]) -> bool {
    if prefixes.is_empty() {
        return true;
    }
    match &d.file {
        None => true,
        Some(f) => prefixes.iter().any(|p| covers(p, f)),
    }
}

/// Appends `markdown` to `path` (created if missing), after a blank line
/// when the file already has content, so the heading starts a new block.
/// Messages name the file as the user gave it (`shown`).
fn append_summary(path: &Path, shown: &Path, markdown: &str) -> Result<()> {
    let fail = |e: std::io::Error| Fatal::new(format!("cannot write the summary to {}: {e}", shown.display()));
    let mut f = std::fs::OpenOptions::new().create(true).append(true).open(path).map_err(fail)?;
    let separator = if f.metadata().map_err(fail)?.len() > 0 { "\n" } else { "" };
    std::io::Write::write_all(&mut f, format!("{separator}{markdown}").as_bytes()).map_err(fail)
}

pub fn run(dir: &Path, project: &Project, args: CheckArgs) -> Result<u8> {
    // Not "no problems in 0 files": a typo in `root` would pass CI.
    let loaded = Loaded::read_root(project, args.common.rev.as_deref())?;
    let prefixes: Vec<String> = args.paths.iter().map(|p| project_relative(&project.dir, dir, p)).collect();
    for (prefix, arg) in prefixes.iter().zip(&args.paths) {
        if !loaded.sources.keys().any(|f| covers(prefix, f)) {
            return Err(Fatal::new(format!(
                "`{}` matches no OKR file (files under {}/ ending in .md)",
                arg.display(),
                loaded.config.root
            )));
        }
    }
    let files = if prefixes.is_empty() {
        loaded.files
    } else {
        loaded.sources.keys().filter(|f| prefixes.iter().any(|p| covers(p, f))).count()
    };
    let (history, history_use) = super::read_history(&loaded, &args.common)?;
    let notice = history_use.notice();
    let as_of = args.common.as_of.unwrap_or_else(crate::core::quarter::today);
    let mut all = loaded.workspace.diagnostics.clone();
    crate::analysis::rules::run_into(&loaded.workspace, &loaded.config, history.as_ref(), as_of, &mut all);
    crate::core::diagnostic::sort(&mut all);
    let diags: Vec<Diagnostic> = all.into_iter().filter(|d| selected(d, &prefixes)).collect();
    if let Some(file) = &args.summary {
        append_summary(
            &dir.join(file),
            file,
            &crate::render::summary::check_summary_with(&diags, files, SUMMARY_MAX_BYTES, notice.as_deref()),
        )?;
    }
    match args.format {
        CheckFormat::Text => {
            let colour = output::stdout_colours();
            output::print_with(|w| check::write_text(&diags, &loaded.sources, files, colour, w))?
        }
        // Streamed: the JSON of a big organisation's findings can be large.
        CheckFormat::Json => output::print_with(|w| check::write_json(&diags, &history_use, w))?,
        CheckFormat::Github => output::print_commands(&crate::render::github::github_with(
            &diags,
            crate::render::github::GITHUB_LIMIT_PER_LEVEL,
            notice.as_deref(),
        ))?,
        CheckFormat::Sarif => output::print_with(|w| {
            crate::render::sarif::write_sarif(&diags, env!("CARGO_PKG_VERSION"), &history_use, w)
        })?,
        // The --summary Markdown, streamed and whole: stdout has no size limit.
        CheckFormat::Markdown => output::print_with(|w| {
            crate::render::summary::write_check_summary(&diags, files, usize::MAX, notice.as_deref(), w)
        })?,
    }
    let fail = diags.iter().any(|d| d.severity >= args.common.fail_on.severity());
    Ok(u8::from(fail))
}
