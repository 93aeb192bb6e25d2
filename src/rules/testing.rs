//! Helpers for rule tests: a workspace from inline files.

use super::Rule;
use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::source::SourceFile;
use crate::workspace::Workspace;

/// Builds a workspace from `(path under okrs/, text)` pairs; panics on data
/// errors so that rule tests only ever see valid fixtures.
pub fn workspace(files: &[(&str, &str)]) -> Workspace {
    let files: Vec<SourceFile> = files
        .iter()
        .map(|(rel, text)| SourceFile {
            path: format!("okrs/{rel}"),
            rel: rel.to_string(),
            bytes: text.as_bytes().to_vec(),
        })
        .collect();
    let ws = Workspace::build(&files, &Config::default());
    assert!(
        ws.diagnostics.is_empty(),
        "fixture has data errors: {:#?}",
        ws.diagnostics
    );
    ws
}

/// Runs one rule with the default config; returns `(ref, "line:col")` of each finding.
pub fn run(rule: &dyn Rule, files: &[(&str, &str)]) -> Vec<(String, String)> {
    run_with(rule, files, &Config::default())
        .iter()
        .map(|d| {
            (
                d.reference.clone().unwrap_or_default(),
                d.pos.map(|p| p.to_string()).unwrap_or_default(),
            )
        })
        .collect()
}

/// Runs one rule with a config; returns the findings.
pub fn run_with(rule: &dyn Rule, files: &[(&str, &str)], config: &Config) -> Vec<Diagnostic> {
    let ws = workspace(files);
    let cx = super::Context::new(&ws, config);
    let mut out = Vec::new();
    rule.check(&cx, &mut out);
    for d in &out {
        assert_eq!(d.rule, rule.meta().name);
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
