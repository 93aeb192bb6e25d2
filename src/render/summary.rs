//! `okr check --summary FILE`: every finding as GitHub-flavoured Markdown,
//! for a workflow's job summary (`$GITHUB_STEP_SUMMARY`).
//!
//! Workflow annotations (`--format github`) stop at ten per level; the
//! summary is where the full list goes. A heading with the counts comes
//! first, then one table row per finding: the most severe first, each level
//! in input order. Text from the OKR files (messages quote titles and values)
//! cannot break the table, inject HTML or mention anyone: see [`inline`].
//!
//! GitHub refuses a step summary over 1 MiB, so the table stops before
//! `max_bytes` and a last line counts the findings left out.

use super::check::plural;
use super::md_escape;
use crate::core::diagnostic::{counts, Diagnostic, Severity};
use std::io::{self, Write};

/// The size the summary keeps under by default: half of what GitHub accepts
/// for one step, so other output of the same step still fits.
pub const SUMMARY_MAX_BYTES: usize = 512 * 1024;

const TABLE_HEAD: &str = "| Severity | Location | Rule | Message |\n| --- | --- | --- | --- |\n";

/// The Markdown summary of `diags` found in `files_checked` files, at most
/// about `max_bytes` long (the heading and the closing line always fit).
pub fn check_summary(diags: &[Diagnostic], files_checked: usize, max_bytes: usize) -> String {
    check_summary_with(diags, files_checked, max_bytes, None)
}

/// [`check_summary`], with a note under the heading when `notice` is given
/// (the git history was not read).
pub fn check_summary_with(
    diags: &[Diagnostic],
    files_checked: usize,
    max_bytes: usize,
    notice: Option<&str>,
) -> String {
    let mut out = Vec::new();
    // Writing to a Vec cannot fail.
    let _ = write_check_summary(diags, files_checked, max_bytes, notice, &mut out);
    String::from_utf8_lossy(&out).into_owned()
}

/// [`check_summary`] written to `w` one row at a time, so a long list is
/// never held in memory whole (`okr check --format markdown`, which passes
/// `usize::MAX`: stdout has no size limit).
pub fn write_check_summary(
    diags: &[Diagnostic],
    files_checked: usize,
    max_bytes: usize,
    notice: Option<&str>,
    w: &mut dyn Write,
) -> io::Result<()> {
    let files = plural(files_checked, "file");
    let note = notice.map_or_else(String::new, |n| format!("\n> **Note:** {}\n", inline(n)));
    if diags.is_empty() {
        return write!(w, "### okr check: no problems found in {files}\n{note}");
    }
    let (errors, warnings, infos) = counts(diags);
    let head = format!(
        "### okr check: {}, {}, {} in {files}\n{note}\n{TABLE_HEAD}",
        plural(errors, "error"),
        plural(warnings, "warning"),
        plural(infos, "info")
    );
    w.write_all(head.as_bytes())?;
    let mut written = head.len();
    let mut left = [0usize; 3];
    let mut cut = false;
    for severity in [Severity::Error, Severity::Warning, Severity::Info] {
        for d in diags.iter().filter(|d| d.severity == severity) {
            if !cut {
                let row = row(d);
                if written.saturating_add(row.len()) <= max_bytes {
                    w.write_all(row.as_bytes())?;
                    written += row.len();
                    continue;
                }
                cut = true;
            }
            left[match severity {
                Severity::Error => 0,
                Severity::Warning => 1,
                Severity::Info => 2,
            }] += 1;
        }
    }
    if cut {
        let [errors, warnings, infos] = left;
        let parts: Vec<String> = [(errors, "error"), (warnings, "warning"), (infos, "info")]
            .into_iter()
            .filter(|(n, _)| *n > 0)
            .map(|(n, word)| plural(n, word))
            .collect();
        writeln!(
            w,
            "\nNot shown, to keep the summary under GitHub's size limit: {}. Run `okr check` for the full list.",
            parts.join(", ")
        )?;
    }
    Ok(())
}

/// One table row, with its line end.
fn row(d: &Diagnostic) -> String {
    let location = match (&d.file, d.pos) {
        (Some(f), Some(p)) => format!("{}:{p}", md_escape(f)),
        (Some(f), None) => md_escape(f),
        (None, _) => "–".to_string(),
    };
    let mut message = inline(&d.message);
    if let Some(h) = &d.hint {
        message.push_str("<br>**help:** ");
        message.push_str(&inline(h));
    }
    if !d.related.is_empty() {
        let related: Vec<String> = d.related.iter().map(|r| crate::core::escape::markdown_code(r)).collect();
        message.push_str("<br>related: ");
        message.push_str(&related.join(", "));
    }
    format!("| {} | {location} | `{}` | {message} |\n", d.severity, d.rule)
}

/// Text for one line of a table cell: code spans (`` `like this` ``) stay
/// code, with only `|` escaped inside them (GitHub splits cells before it
/// reads code spans) and line breaks turned into spaces; everything else goes
/// through [`md_escape`] (no HTML, no links, no emphasis, no @-mentions). A
/// backtick without a partner is shown as a backtick.
pub fn inline(s: &str) -> String {
    let s = s.replace("\r\n", " ").replace(['\r', '\n'], " ");
    let mut out = String::with_capacity(s.len() + 8);
    let mut rest = s.as_str();
    while let Some(open) = rest.find('`') {
        out.push_str(&md_escape(&rest[..open]));
        let after = &rest[open + 1..];
        match after.find('`') {
            Some(close) if !after[..close].trim().is_empty() => {
                out.push_str(&crate::core::escape::markdown_code(&after[..close]));
                rest = &after[close + 1..];
            }
            _ => {
                out.push_str("\\`");
                rest = after;
            }
        }
    }
    out.push_str(&md_escape(rest));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::diagnostic::Pos;

    fn sample() -> Vec<Diagnostic> {
        vec![
            Diagnostic::new("layer-mix", Severity::Info, "only output KRs")
                .in_file("okrs/2026-Q1/growth/activation.md"),
            Diagnostic::new("no-target", Severity::Warning, "KR `signups` has no target")
                .at("okrs/2026-Q1/growth/activation.md", Pos::new(12, 5))
                .hint("add `target: 500`"),
            Diagnostic::error("unknown-ref", "`parent: company/revenu` names nothing")
                .at("okrs/2026-Q1/growth/activation.md", Pos::new(3, 9))
                .related("2026-Q1/company/revenue"),
        ]
    }

    #[test]
    fn heading_counts_then_one_row_per_finding_most_severe_first() {
        let s = check_summary(&sample(), 4, SUMMARY_MAX_BYTES);
        let lines: Vec<&str> = s.lines().collect();
        assert_eq!(lines[0], "### okr check: 1 error, 1 warning, 1 info in 4 files");
        assert_eq!(lines[1], "");
        assert_eq!(lines[2], "| Severity | Location | Rule | Message |");
        assert_eq!(
            lines[4],
            "| error | okrs/2026-Q1/growth/activation.md:3:9 | `unknown-ref` | `parent: company/revenu` names nothing<br>related: `2026-Q1/company/revenue` |"
        );
        assert_eq!(
            lines[5],
            "| warning | okrs/2026-Q1/growth/activation.md:12:5 | `no-target` | KR `signups` has no target<br>**help:** add `target: 500` |"
        );
        assert_eq!(lines[6], "| info | okrs/2026-Q1/growth/activation.md | `layer-mix` | only output KRs |");
        assert_eq!(lines.len(), 7);
        assert!(s.ends_with("|\n"));
    }

    #[test]
    fn a_history_notice_sits_under_the_heading_escaped() {
        let s = check_summary_with(&sample(), 4, SUMMARY_MAX_BYTES, Some("no history: `x` | <b>"));
        let lines: Vec<&str> = s.lines().take(4).collect();
        assert_eq!(lines[1..], ["", &format!("> **Note:** {}", inline("no history: `x` | <b>")), ""], "{s}");
        assert!(!lines[2].contains("<b>"), "{s}");
        assert_eq!(
            check_summary_with(&[], 1, SUMMARY_MAX_BYTES, Some("none")),
            "### okr check: no problems found in 1 file\n\n> **Note:** none\n"
        );
    }

    #[test]
    fn no_findings_is_one_line() {
        assert_eq!(check_summary(&[], 1, SUMMARY_MAX_BYTES), "### okr check: no problems found in 1 file\n");
    }

    #[test]
    fn a_finding_without_a_file_has_a_dash_for_location() {
        let d = Diagnostic::new("sandbagging", Severity::Info, "too confident");
        assert!(check_summary(&[d], 0, SUMMARY_MAX_BYTES).contains("| info | – | `sandbagging` | too confident |"));
    }

    #[test]
    fn text_from_files_cannot_break_the_table_or_inject_markup() {
        assert_eq!(inline("a | b <img src=x> & @maya"), "a \\| b &lt;img src=x&gt; &amp; @\u{200b}maya");
        assert_eq!(inline("[click](https://x) *bold* _it_"), "\\[click\\](https://x) \\*bold\\* \\_it\\_");
        assert_eq!(inline("line one\r\nline two\nthree"), "line one line two three");
        // Inside a code span, only `|` needs escaping; HTML and mentions are inert there.
        assert_eq!(inline("title `a | <b> @maya` kept"), "title `a \\| <b> @maya` kept");
        // A lone or empty pair of backticks is shown literally.
        assert_eq!(inline("it`s"), "it\\`s");
        assert_eq!(inline("a `` b"), "a \\`\\` b");
        assert_eq!(inline("`x` and `y"), "`x` and \\`y");
        // A code span cannot be stretched over a line break into the next row.
        assert_eq!(inline("`a\nb`"), "`a b`");
    }

    #[test]
    fn hostile_messages_stay_inside_one_row() {
        let d = Diagnostic::new("no-target", Severity::Warning, "KR `x|y` titled Grow | @org/team\n| injected | row |")
            .in_file("okrs/2026-Q1/a|b.md");
        let s = check_summary(&[d], 1, SUMMARY_MAX_BYTES);
        let rows: Vec<&str> = s.lines().skip(4).collect();
        assert_eq!(rows.len(), 1, "{s}");
        // Every `|` that is not a cell border is escaped.
        let unescaped =
            rows[0].match_indices('|').filter(|(i, _)| *i == 0 || rows[0].as_bytes()[i - 1] != b'\\').count();
        assert_eq!(unescaped, 5, "{}", rows[0]);
        assert!(!rows[0].contains("@org"), "{}", rows[0]);
    }

    /// A CommonMark parser with GitHub's table extension reads one table
    /// with one four-cell row per finding, whatever the messages hold.
    #[test]
    fn the_table_parses_as_one_row_of_four_cells_per_finding() {
        use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
        let mut diags = sample();
        diags.push(
            Diagnostic::new(
                "no-target",
                Severity::Warning,
                "KR `a|b` `x\\\\|y` | <script>x</script> \\| `` ` @team\n| x | y |",
            )
            .at("okrs/2026-Q1/a|b_c.md", Pos::new(1, 1))
            .hint("write `|` or `\\`"),
        );
        let s = check_summary(&diags, 2, SUMMARY_MAX_BYTES);
        let mut rows = Vec::new();
        let mut html = Vec::new();
        for event in Parser::new_ext(&s, Options::ENABLE_TABLES) {
            match event {
                Event::Start(Tag::TableRow) => rows.push(0),
                Event::End(TagEnd::TableCell) => {
                    if let Some(n) = rows.last_mut() {
                        *n += 1;
                    }
                }
                Event::Html(h) | Event::InlineHtml(h) => html.push(h.to_string()),
                _ => {}
            }
        }
        assert_eq!(rows, vec![4; diags.len()], "{s}");
        // The only HTML is the line breaks the renderer itself writes.
        assert!(html.iter().all(|h| h == "<br>"), "{html:?}");
    }

    #[test]
    fn without_a_limit_nothing_is_cut_and_the_stream_is_the_string() {
        let diags: Vec<Diagnostic> = (0..2000)
            .map(|i| Diagnostic::new("stale", Severity::Warning, format!("warning {i}")).in_file("a.md"))
            .collect();
        let mut streamed = Vec::new();
        write_check_summary(&diags, 1, usize::MAX, None, &mut streamed).expect("written");
        let streamed = String::from_utf8(streamed).expect("UTF-8");
        assert_eq!(streamed, check_summary(&diags, 1, usize::MAX));
        assert_eq!(streamed.lines().count(), 4 + 2000);
        assert!(!streamed.contains("Not shown"));
        assert!(check_summary(&diags, 1, 4000).contains("Not shown"));
    }

    #[test]
    fn a_long_list_is_cut_under_the_size_limit_and_counted() {
        let mut diags = Vec::new();
        for i in 0..50 {
            diags.push(Diagnostic::new("stale", Severity::Warning, format!("warning {i}")).in_file("a.md"));
            diags.push(Diagnostic::new("layer-mix", Severity::Info, format!("info {i}")).in_file("a.md"));
        }
        diags.push(Diagnostic::error("unknown-ref", "the error").in_file("a.md"));
        let full = check_summary(&diags, 1, SUMMARY_MAX_BYTES);
        assert_eq!(full.lines().count(), 4 + 101);
        let limit = 2000;
        let s = check_summary(&diags, 1, limit);
        let shown = s.lines().filter(|l| ["| error", "| warning", "| info"].iter().any(|p| l.starts_with(p))).count();
        let last = s.lines().last().unwrap();
        assert!(s.len() <= limit + last.len() + 2, "{} bytes", s.len());
        // The error comes first, so it survives the cut.
        assert!(s.contains("| error | a.md | `unknown-ref` | the error |"), "{s}");
        assert!(shown > 1 && shown < 101, "{shown}");
        let warnings_left = 50 - (shown - 1);
        assert_eq!(
            last,
            format!(
                "Not shown, to keep the summary under GitHub's size limit: {warnings_left} warnings, 50 infos. Run `okr check` for the full list."
            )
        );
    }
}
