//! `okr check`: findings as compiler-style text or JSON.

use crate::core::diagnostic::{counts, Diagnostic, Severity};
use crate::core::escape::terminal;
use annotate_snippets::{renderer::DecorStyle, AnnotationKind, Group, Level, Renderer, Snippet};
use serde::Serialize;
use std::collections::HashMap;

pub use crate::core::snapshot::Sources;

fn level(s: Severity) -> Level<'static> {
    match s {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Info => Level::INFO,
    }
}

/// One finding, with the offending source line and a caret.
/// Every text from the repository (message, path, source line, related
/// refs, hint) goes through [`terminal`]: controls and bidi controls shown,
/// never acted on.
pub fn diagnostic_text(d: &Diagnostic, sources: &Sources, colour: bool) -> String {
    diagnostic_text_from(d, &mut SourceLines::new(sources), colour)
}

/// The lines of the source files, found through an index of where each
/// line starts, built once per file: thousands of findings in one big file
/// then cost one pass over it, not one each.
pub struct SourceLines<'a> {
    sources: &'a Sources,
    starts: HashMap<&'a str, Vec<usize>>,
}

impl<'a> SourceLines<'a> {
    pub fn new(sources: &'a Sources) -> SourceLines<'a> {
        SourceLines { sources, starts: HashMap::new() }
    }

    /// Line `line` (1-based) of `file`, without its line break.
    fn line(&mut self, file: &str, line: u32) -> Option<&'a str> {
        let (name, text) = self.sources.get_key_value(file)?;
        let starts = self
            .starts
            .entry(name.as_str())
            .or_insert_with(|| std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect());
        let k = line.checked_sub(1)? as usize;
        let start = *starts.get(k)?;
        let end = starts.get(k + 1).map_or(text.len(), |&next| next - 1);
        Some(&text[start..end])
    }
}

fn diagnostic_text_from(d: &Diagnostic, lines: &mut SourceLines<'_>, colour: bool) -> String {
    let message = terminal(d.message.as_str());
    let mut title = Group::with_title(level(d.severity).primary_title(message.as_ref()).id(d.rule));
    let shown_file = d.file.as_deref().map(terminal);
    let source_line = d.file.as_ref().zip(d.pos).and_then(|(f, p)| {
        let line = lines.line(f, p.line)?;
        let line = line.trim_end_matches('\r');
        // A line with a hostile character is shown escaped, without the
        // caret (its columns no longer match).
        Some((shown_file.as_deref().unwrap_or(f), p, line))
            .filter(|_| !line.chars().any(|c| c != '\t' && crate::core::escape::is_hostile(c)))
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
                    .path(file)
                    .annotation(AnnotationKind::Primary.span(span)),
            );
        }
        (None, Some(_)) => {
            let file = shown_file.as_deref().unwrap_or_default();
            location = match d.pos {
                Some(p) => format!("{file}:{p}"),
                None => file.to_string(),
            };
            title = title.element(annotate_snippets::Origin::path(location.as_str()));
        }
        (None, None) => {}
    }
    let mut report = vec![title];
    let related;
    if !d.related.is_empty() {
        related = terminal(&format!("related: {}", d.related.join(", "))).into_owned();
        report.push(Group::with_title(Level::NOTE.secondary_title(related.as_str())));
    }
    let hint = d.hint.as_deref().map(terminal);
    if let Some(h) = &hint {
        report.push(Group::with_title(Level::HELP.secondary_title(h.as_ref())));
    }
    let renderer = if colour { Renderer::styled() } else { Renderer::plain() }.decor_style(DecorStyle::Unicode);
    let mut s = renderer.render(&report);
    s.push('\n');
    s
}

/// Every finding, then a summary line.
pub fn text(diags: &[Diagnostic], sources: &Sources, files_checked: usize, colour: bool) -> String {
    let mut out = Vec::new();
    // Writing to a Vec cannot fail.
    let _ = write_text(diags, sources, files_checked, colour, &mut out);
    String::from_utf8_lossy(&out).into_owned()
}

/// [`text`] written to `w` one finding at a time, so a long report is never
/// held in memory whole.
pub fn write_text(
    diags: &[Diagnostic],
    sources: &Sources,
    files_checked: usize,
    colour: bool,
    w: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let mut lines = SourceLines::new(sources);
    for d in diags {
        w.write_all(diagnostic_text_from(d, &mut lines, colour).as_bytes())?;
        w.write_all(b"\n")?;
    }
    let (errors, warnings, infos) = counts(diags);
    let files = plural(files_checked, "file");
    if diags.is_empty() {
        writeln!(w, "No problems found in {files}.")
    } else {
        writeln!(
            w,
            "{}, {}, {} in {files}.",
            plural(errors, "error"),
            plural(warnings, "warning"),
            plural(infos, "info")
        )
    }
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
    pub related: &'a [std::sync::Arc<str>],
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
    diagnostics: JsonDiagnostics<'a>,
    summary: Summary,
    history: &'a super::HistoryUse,
}

/// The diagnostics as a JSON array, each converted as it is written, so a
/// large report is never held twice.
struct JsonDiagnostics<'a>(&'a [Diagnostic]);

impl Serialize for JsonDiagnostics<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(JsonDiagnostic::new))
    }
}

/// Writes the JSON report to `w` as it is produced (pretty, with a trailing
/// newline): `okr check --format json` on a big organisation prints a
/// hundred megabytes that need not be in memory at once.
/// `history` says whether the git history was read (SPEC §8, additive).
pub fn write_json(
    diags: &[Diagnostic],
    history: &super::HistoryUse,
    w: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let (errors, warnings, infos) = counts(diags);
    let report =
        JsonReport { diagnostics: JsonDiagnostics(diags), summary: Summary { errors, warnings, infos }, history };
    serde_json::to_writer_pretty(&mut *w, &report)?;
    w.write_all(b"\n")
}

/// [`write_json`] into a string.
pub fn json(diags: &[Diagnostic], history: &super::HistoryUse) -> String {
    let mut out = Vec::new();
    // Writing to a Vec cannot fail, and serde_json writes UTF-8.
    let _ = write_json(diags, history, &mut out);
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::diagnostic::Pos;

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

    /// The line index finds what splitting the text finds, line by line.
    #[test]
    fn source_lines_are_the_lines_of_the_text() {
        let texts = ["", "\n", "a", "a\nb", "a\r\nb\r\n", "\n\nx\n\n", "é\nñ\n日本"];
        let mut sources = Sources::new();
        for (i, t) in texts.iter().enumerate() {
            sources.insert(format!("{i}.md"), t.to_string());
        }
        let mut lines = SourceLines::new(&sources);
        for (i, t) in texts.iter().enumerate() {
            for n in 0..8u32 {
                let want = n.checked_sub(1).and_then(|k| t.split('\n').nth(k as usize));
                assert_eq!(lines.line(&format!("{i}.md"), n), want, "{t:?} line {n}");
            }
        }
        assert_eq!(lines.line("missing.md", 1), None);
    }

    #[test]
    fn findings_without_source_still_name_the_file() {
        let d = Diagnostic::error("duplicate-id", "twice").at("x.md", Pos::new(1, 1));
        let s = diagnostic_text(&d, &Sources::new(), false);
        assert!(s.contains("x.md:1:1"), "{s}");
    }
}
