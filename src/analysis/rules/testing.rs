//! Helpers for rule tests: a workspace from inline files.

use super::Rule;
use crate::core::config::Config;
use crate::core::diagnostic::Diagnostic;
use crate::core::snapshot::SourceFile;
use crate::core::workspace::Workspace;

/// Builds a workspace from `(path under okrs/, text)` pairs; panics on data
/// errors so that rule tests only ever see valid fixtures.
pub fn workspace(files: &[(&str, &str)]) -> Workspace {
    let ws = workspace_with_errors(files);
    assert!(ws.diagnostics.is_empty(), "fixture has data errors: {:#?}", ws.diagnostics);
    ws
}

/// Like [`workspace`], for the tests of how a rule treats data errors.
pub fn workspace_with_errors(files: &[(&str, &str)]) -> Workspace {
    let files: Vec<SourceFile> = files
        .iter()
        .map(|(rel, text)| SourceFile {
            path: format!("okrs/{rel}"),
            rel: rel.to_string(),
            bytes: text.as_bytes().to_vec(),
        })
        .collect();
    Workspace::build(&files, &Config::default())
}

/// Runs one rule on files that have data errors; returns `(ref, "line:col")`.
pub fn run_with_errors(rule: &dyn Rule, files: &[(&str, &str)]) -> Vec<(String, String)> {
    let ws = workspace_with_errors(files);
    assert!(!ws.diagnostics.is_empty(), "the fixture was meant to have data errors");
    let config = Config::default();
    let cx = super::Context::new(&ws, &config, None, jiff::civil::date(2026, 2, 15));
    let mut out = Vec::new();
    rule.check(&cx, &mut out);
    out.iter()
        .map(|d| (d.reference.clone().unwrap_or_default(), d.pos.map(|p| p.to_string()).unwrap_or_default()))
        .collect()
}

/// Runs one rule with the default config; returns `(ref, "line:col")` of each finding.
pub fn run(rule: &dyn Rule, files: &[(&str, &str)]) -> Vec<(String, String)> {
    run_with(rule, files, &Config::default())
        .iter()
        .map(|d| (d.reference.clone().unwrap_or_default(), d.pos.map(|p| p.to_string()).unwrap_or_default()))
        .collect()
}

/// Runs one rule with a config; returns the findings.
pub fn run_with(rule: &dyn Rule, files: &[(&str, &str)], config: &Config) -> Vec<Diagnostic> {
    let ws = workspace(files);
    let cx = super::Context::new(&ws, config, None, jiff::civil::date(2026, 2, 15));
    let mut out = Vec::new();
    rule.check(&cx, &mut out);
    for d in &out {
        assert_eq!(d.rule, rule.meta().code.name);
    }
    out
}

/// A KR in YAML (4-space indented fields) with extra lines.
pub fn kr(id: &str, title: &str, extra: &str) -> String {
    format!("  - id: {id}\n    title: {title}\n{extra}")
}

/// An objective file: front matter lines, KRs, then the title heading.
pub fn objective(front: &str, krs: &[String], title: &str) -> String {
    format!("---\n{front}key_results:\n{}---\n# {title}\n", krs.concat())
}

/// A history of commits, each `(date, author, path under okrs/, full text)`:
/// every commit replaces that one file.
pub fn history(commits: &[(&str, &str, &str, &str)]) -> crate::history::History {
    use crate::history::{build, extract, FileChange, LogCommit, LogEntry};
    let mut blobs = Vec::new();
    let mut last: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    let mut entries = Vec::new();
    for (i, (date, author, path, text)) in commits.iter().enumerate() {
        let day: jiff::civil::Date = date.parse().expect("fixture date");
        blobs.push(extract(text.as_bytes()));
        let new_blob = blobs.len() - 1;
        let old_blob = last.insert(path, new_blob);
        entries.push(LogEntry {
            commit: LogCommit {
                id: format!("{:040x}", i + 1),
                time: crate::history::day_start(day) + 9 * 3600,
                author: author.to_string(),
                message: format!("update {path}\n"),
            },
            changes: vec![FileChange {
                old_path: old_blob.map(|_| path.to_string()),
                new_path: Some(path.to_string()),
                old_blob,
                new_blob: Some(new_blob),
            }],
            side: Vec::new(),
        });
    }
    build(&entries, &blobs, false)
}

/// Runs one rule with history, as of a date; returns the findings.
pub fn run_history(
    rule: &dyn Rule,
    files: &[(&str, &str)],
    history: &crate::history::History,
    as_of: &str,
) -> Vec<Diagnostic> {
    let ws = workspace(files);
    let config = Config::default();
    let cx = super::Context::new(&ws, &config, Some(history), as_of.parse().expect("as-of date"));
    let mut out = Vec::new();
    rule.check(&cx, &mut out);
    out
}
