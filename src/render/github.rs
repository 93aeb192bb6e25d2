//! `okr check --format github`: GitHub Actions workflow commands, which the
//! runner turns into annotations on the pull request and the job page.
//!
//! One command per finding:
//! `::error file=PATH,line=L,col=C,title=RULE::MESSAGE` (`::warning` for
//! warnings, `::notice` for infos). GitHub shows only about ten annotations of
//! each level per step, so at most `limit_per_level` are emitted per level and
//! a plain line after them says how many were left out.

use super::check::plural;
use crate::core::diagnostic::{Diagnostic, Severity};
use std::fmt::Write as _;

/// How many annotations of each level GitHub shows for one step.
pub const GITHUB_LIMIT_PER_LEVEL: usize = 10;

/// Workflow commands for `diags`: errors first, then warnings, then infos,
/// each level in input order and cut after `limit_per_level` commands; then
/// one plain line for each level that was cut.
pub fn github(diags: &[Diagnostic], limit_per_level: usize) -> String {
    github_with(diags, limit_per_level, None)
}

/// The title of the warning that the git history was not read.
pub const HISTORY_TITLE: &str = "okr history";

/// [`github`], first with a `::warning` (titled [`HISTORY_TITLE`], no file)
/// carrying `notice` when there is one: the history was not read. It does
/// not count against the findings' limit.
pub fn github_with(diags: &[Diagnostic], limit_per_level: usize, notice: Option<&str>) -> String {
    let mut out = String::new();
    if let Some(notice) = notice {
        let _ = writeln!(out, "::warning title={}::{}", escape_property(HISTORY_TITLE), escape_data(notice));
    }
    let mut cut = Vec::new();
    for severity in [Severity::Error, Severity::Warning, Severity::Info] {
        let mut of_level = diags.iter().filter(|d| d.severity == severity);
        for d in of_level.by_ref().take(limit_per_level) {
            out.push_str(&command(d));
            out.push('\n');
        }
        let left = of_level.count();
        if left > 0 {
            cut.push((severity, left));
        }
    }
    for (severity, left) in cut {
        let _ = writeln!(
            out,
            "okr: {} not annotated; see the job summary or run okr check",
            plural(left, &format!("more {}", severity.as_str()))
        );
    }
    out
}

/// The workflow command name for a severity.
fn command_name(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    }
}

/// One finding as a workflow command, without the line end.
fn command(d: &Diagnostic) -> String {
    let mut props = Vec::new();
    if let Some(file) = &d.file {
        props.push(format!("file={}", escape_property(file)));
        if let Some(pos) = d.pos {
            props.push(format!("line={}", pos.line));
            props.push(format!("col={}", pos.column));
        }
    }
    props.push(format!("title={}", escape_property(d.rule)));
    format!("::{} {}::{}", command_name(d.severity), props.join(","), escape_data(&d.full_message()))
}

/// Escapes the message of a workflow command (see [`crate::core::escape::workflow_data`]).
pub use crate::core::escape::workflow_data as escape_data;

/// Escapes a property value of a workflow command (see [`crate::core::escape::workflow_property`]).
pub use crate::core::escape::workflow_property as escape_property;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::diagnostic::Pos;

    fn lines(s: &str) -> Vec<&str> {
        s.lines().collect()
    }

    #[test]
    fn one_command_per_finding_with_position_and_title() {
        let d = Diagnostic::new("no-target", Severity::Warning, "KR `a` has no target")
            .at("okrs/2026-Q1/growth/activation.md", Pos::new(12, 5));
        assert_eq!(
            github(&[d], 10),
            "::warning file=okrs/2026-Q1/growth/activation.md,line=12,col=5,title=no-target::KR `a` has no target\n"
        );
    }

    #[test]
    fn levels_map_to_commands() {
        let diags = [
            Diagnostic::new("layer-mix", Severity::Info, "i").in_file("a.md"),
            Diagnostic::new("stale", Severity::Warning, "w").in_file("a.md"),
            Diagnostic::error("duplicate-id", "e").in_file("a.md"),
        ];
        assert_eq!(
            lines(&github(&diags, 10)),
            [
                "::error file=a.md,title=duplicate-id::e",
                "::warning file=a.md,title=stale::w",
                "::notice file=a.md,title=layer-mix::i",
            ]
        );
    }

    #[test]
    fn message_and_properties_are_escaped() {
        let d = Diagnostic::error("invalid-front-matter", "`target` must be a number, found `30%`")
            .at("okrs/odd:name,1.md", Pos::new(2, 9))
            .hint("write `30`\r\nand put the unit in `unit: \"%\"`");
        let s = github(&[d], 10);
        assert_eq!(
            s,
            "::error file=okrs/odd%3Aname%2C1.md,line=2,col=9,title=invalid-front-matter::\
             `target` must be a number, found `30%25`%0Ahelp: write `30`%0D%0Aand put the unit in `unit: \"%25\"`\n"
        );
        // The message keeps `:` and `,`: only property values need them escaped.
        assert_eq!(escape_data("a:b,c"), "a:b,c");
        assert_eq!(escape_property("50%\n:,"), "50%25%0A%3A%2C");
        // Escaping `%` first: `%0A` in the input stays literal text.
        assert_eq!(escape_data("%0A"), "%250A");
        assert_eq!(s.lines().count(), 1);
    }

    #[test]
    fn absent_positions_and_files_are_omitted() {
        let diags = [
            Diagnostic::error("config", "no position").in_file("okr.toml"),
            Diagnostic::new("sandbagging", Severity::Info, "no file at all"),
        ];
        assert_eq!(
            lines(&github(&diags, 10)),
            ["::error file=okr.toml,title=config::no position", "::notice title=sandbagging::no file at all",]
        );
    }

    #[test]
    fn each_level_is_cut_at_the_limit_in_input_order() {
        let mut diags = Vec::new();
        for i in 0..5 {
            diags.push(Diagnostic::new("stale", Severity::Warning, format!("w{i}")));
            if i < 3 {
                diags.push(Diagnostic::error("unknown-ref", format!("e{i}")));
            }
        }
        diags.push(Diagnostic::new("layer-mix", Severity::Info, "i0"));
        let s = github(&diags, 2);
        assert_eq!(
            lines(&s),
            [
                "::error title=unknown-ref::e0",
                "::error title=unknown-ref::e1",
                "::warning title=stale::w0",
                "::warning title=stale::w1",
                "::notice title=layer-mix::i0",
                "okr: 1 more error not annotated; see the job summary or run okr check",
                "okr: 3 more warnings not annotated; see the job summary or run okr check",
            ]
        );
    }

    #[test]
    fn a_history_notice_comes_first_and_is_escaped() {
        let out = github_with(&[Diagnostic::error("x", "m")], 10, Some("no history: a\n::error::b"));
        assert_eq!(lines(&out), ["::warning title=okr history::no history: a%0A::error::b", "::error title=x::m"]);
        assert_eq!(github_with(&[], 10, None), "");
    }

    #[test]
    fn nothing_to_report_is_empty_and_a_zero_limit_only_counts() {
        assert_eq!(github(&[], 10), "");
        let diags =
            [Diagnostic::new("stale", Severity::Warning, "w"), Diagnostic::new("stale", Severity::Warning, "w")];
        assert_eq!(github(&diags, 0), "okr: 2 more warnings not annotated; see the job summary or run okr check\n");
        assert!(!github(&diags, GITHUB_LIMIT_PER_LEVEL).contains("okr:"));
    }
}
