//! `okr check`: findings as compiler-style text or JSON.

use super::to_json;
use crate::diagnostic::{counts, Diagnostic, Severity};
use annotate_snippets::{renderer::DecorStyle, AnnotationKind, Group, Level, Renderer, Snippet};
use serde::Serialize;
use std::collections::HashMap;

/// The text of each file, by project-relative path (BOM removed).
pub type Sources = HashMap<String, String>;

fn level(s: Severity) -> Level<'static> {
    match s {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Info => Level::INFO,
    }
}

/// One finding, with the offending source line and a caret.
pub fn diagnostic_text(d: &Diagnostic, sources: &Sources, colour: bool) -> String {
    let mut title = Group::with_title(level(d.severity).primary_title(d.message.as_str()).id(d.rule));
    let source_line = d.file.as_ref().zip(d.pos).and_then(|(f, p)| {
        let text = sources.get(f)?;
        let line = text.split('\n').nth(p.line.checked_sub(1)? as usize)?;
        Some((f, p, line.trim_end_matches('\r')))
    });
    let location;
    match (source_line, &d.file) {
        (Some((file, pos, line)), _) => {
            let start = line.char_indices().nth(pos.column.saturating_sub(1) as usize).map_or(line.len(), |(i, _)| i);
            let end = line[start..].char_indices().nth(d.len.max(1) as usize).map_or(line.len(), |(i, _)| start + i);
            let span = if start == end && start == line.len() {
                start..start
            } else {
                start..end.max(start + 1).min(line.len())
            };
            title = title.element(
                Snippet::source(line)
                    .line_start(pos.line as usize)
                    .path(file.as_str())
                    .annotation(AnnotationKind::Primary.span(span)),
            );
        }
        (None, Some(file)) => {
            location = match d.pos {
                Some(p) => format!("{file}:{p}"),
                None => file.clone(),
            };
            title = title.element(annotate_snippets::Origin::path(location.as_str()));
        }
        (None, None) => {}
    }
    let mut report = vec![title];
    let related;
    if !d.related.is_empty() {
        related = format!("related: {}", d.related.join(", "));
        report.push(Group::with_title(Level::NOTE.secondary_title(related.as_str())));
    }
    if let Some(h) = &d.hint {
        report.push(Group::with_title(Level::HELP.secondary_title(h.as_str())));
    }
    let renderer = if colour { Renderer::styled() } else { Renderer::plain() }.decor_style(DecorStyle::Unicode);
    let mut s = renderer.render(&report);
    s.push('\n');
    s
}

/// Every finding, then a summary line.
pub fn text(diags: &[Diagnostic], sources: &Sources, files_checked: usize, colour: bool) -> String {
    let mut out = String::new();
    for d in diags {
        out.push_str(&diagnostic_text(d, sources, colour));
        out.push('\n');
    }
    let (e, w, i) = counts(diags);
    let files = plural(files_checked, "file");
    if diags.is_empty() {
        out.push_str(&format!("No problems found in {files}.\n"));
    } else {
        out.push_str(&format!("{}, {}, {} in {files}.\n", plural(e, "error"), plural(w, "warning"), plural(i, "info")));
    }
    out
}

/// `1 error`, `2 errors`.
pub fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

#[derive(Serialize)]
pub struct JsonDiagnostic<'a> {
    pub rule: &'a str,
    pub severity: &'static str,
    pub file: Option<&'a str>,
    pub line: Option<u32>,
    pub column: Option<u32>,
    #[serde(rename = "ref")]
    pub reference: Option<&'a str>,
    pub message: String,
    pub related: &'a [String],
}

impl<'a> JsonDiagnostic<'a> {
    pub fn new(d: &'a Diagnostic) -> JsonDiagnostic<'a> {
        JsonDiagnostic {
            rule: d.rule,
            severity: d.severity.as_str(),
            file: d.file.as_deref(),
            line: d.pos.map(|p| p.line),
            column: d.pos.map(|p| p.column),
            reference: d.reference.as_deref(),
            message: d.full_message(),
            related: &d.related,
        }
    }
}

#[derive(Serialize)]
struct Summary {
    errors: usize,
    warnings: usize,
    infos: usize,
}

#[derive(Serialize)]
struct JsonReport<'a> {
    diagnostics: Vec<JsonDiagnostic<'a>>,
    summary: Summary,
}

pub fn json(diags: &[Diagnostic]) -> String {
    let (errors, warnings, infos) = counts(diags);
    to_json(&JsonReport {
        diagnostics: diags.iter().map(JsonDiagnostic::new).collect(),
        summary: Summary { errors, warnings, infos },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Pos;

    #[test]
    fn caret_points_at_the_column() {
        let mut sources = Sources::new();
        sources.insert("a.md".into(), "---\ntarget: 30%\n---\n".into());
        let d = Diagnostic::error("invalid-front-matter", "`target` must be a number, found `30%`")
            .at("a.md", Pos::new(2, 9))
            .span_len(3)
            .hint("write `30` and put the unit in `unit: \"%\"`");
        let s = diagnostic_text(&d, &sources, false);
        assert!(s.contains("error[invalid-front-matter]: `target` must be a number"), "{s}");
        assert!(s.contains("a.md:2:9"), "{s}");
        assert!(s.contains("2 │ target: 30%"), "{s}");
        assert!(s.contains("━━━"), "{s}");
        assert!(s.contains("help: write `30`"), "{s}");
    }

    #[test]
    fn findings_without_source_still_name_the_file() {
        let d = Diagnostic::error("duplicate-id", "twice").at("x.md", Pos::new(1, 1));
        let s = diagnostic_text(&d, &Sources::new(), false);
        assert!(s.contains("x.md:1:1"), "{s}");
    }
}
