//! `okr pr`: the pull-request report as GitHub-flavoured Markdown (one
//! sticky comment) and as JSON.
//!
//! Everything that comes from the repository (titles, owners, file names,
//! authors, commit messages) goes through [`md_escape`] or [`code`], so it
//! cannot inject HTML, break a table or @-mention anyone. The Markdown stays
//! under GitHub's comment limit: when the full report is too long, charts go
//! first, then long lists are cut, and the report says so.

use super::check::{plural, JsonDiagnostic};
use super::diff::{value_markdown, words_markdown};
use super::status::unit;
use super::{md_escape, num, rfc3339, to_json, Num};
use crate::core::diagnostic::{Diagnostic, Severity};
use crate::core::score::{fmt_num, Status};
use crate::views::diff::Value;
use crate::views::pr::{Change, Chart, Report, Side};
use serde::Serialize;
use std::fmt::Write as _;

/// GitHub refuses comments longer than 65,536 characters.
pub const GITHUB_COMMENT_LIMIT: usize = 65_536;

/// Where links to files point.
#[derive(Debug, Clone, Default)]
pub struct Links {
    /// `https://github.com/OWNER/REPO/blob/HEAD_SHA/` plus the project's
    /// path inside the repository, ending in `/`; `None` prints plain paths.
    pub blob_base: Option<String>,
}

impl Links {
    /// Links into a GitHub repository at the report's head commit.
    pub fn github(server: &str, repository: &str, head: &str, project_prefix: &str) -> Option<Links> {
        let server = server.trim_end_matches('/');
        let ok_server = (server.starts_with("https://") || server.starts_with("http://"))
            && !server.contains(|c: char| c.is_whitespace() || "\"'<>()[]`|".contains(c));
        let mut parts = repository.split('/');
        let ok_repo = matches!((parts.next(), parts.next(), parts.next()), (Some(o), Some(n), None)
            if [o, n].iter().all(|s| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || "._-".contains(c))));
        if !ok_server || !ok_repo || !head.chars().all(|c| c.is_ascii_hexdigit()) {
            return None;
        }
        let prefix = if project_prefix.is_empty() { String::new() } else { format!("{}/", url_path(project_prefix)) };
        Some(Links { blob_base: Some(format!("{server}/{repository}/blob/{head}/{prefix}")) })
    }

    /// `path:line`, linked when links are known.
    fn file_line(&self, file: &str, line: Option<u32>) -> String {
        let shown = match line {
            Some(l) => format!("{file}:{l}"),
            None => file.to_string(),
        };
        match &self.blob_base {
            Some(base) => {
                let anchor = line.map_or(String::new(), |l| format!("#L{l}"));
                format!("[{}]({base}{}{anchor})", md_escape(&shown), url_path(file))
            }
            None => code(&shown),
        }
    }
}

/// A path with everything but unreserved characters and `/` percent-encoded.
fn url_path(p: &str) -> String {
    let mut out = String::new();
    for b in p.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// A finding's message: text between backticks stays code, everything else
/// is escaped.
fn md_message(s: &str) -> String {
    s.split('`')
        .enumerate()
        .map(|(i, part)| if i % 2 == 1 && !part.is_empty() { code(part) } else { md_escape(part) })
        .collect()
}

/// A code span that holds any text safely, also inside a table cell.
pub use super::md_code as code;

pub(crate) fn indicator(s: Option<Status>) -> &'static str {
    match s {
        Some(Status::Done) => "✅",
        Some(Status::OnTrack) => "🟢",
        Some(Status::AtRisk) => "🟡",
        Some(Status::OffTrack) => "🔴",
        None => "⚪",
    }
}

fn severity_icon(s: Severity) -> &'static str {
    match s {
        Severity::Error => "🔴 error",
        Severity::Warning => "🟡 warning",
        Severity::Info => "🔵 info",
    }
}

fn value(v: Option<f64>) -> String {
    v.map_or("–".into(), fmt_num)
}

fn score(v: Option<f64>) -> String {
    v.map_or("–".into(), |s| format!("{s:.2}"))
}

fn signed(d: f64) -> String {
    if d >= 0.005 {
        format!("+{d:.2}")
    } else if d <= -0.005 {
        format!("−{:.2}", -d)
    } else {
        "±0".into()
    }
}

/// `0.20 → 0.50 (+0.30)`.
fn score_move(a: Option<f64>, b: Option<f64>) -> String {
    match (a, b) {
        (Some(x), Some(y)) => format!("{} → {} ({})", score(a), score(b), signed(y - x)),
        _ => format!("{} → {}", score(a), score(b)),
    }
}

fn short(id: &str) -> &str {
    crate::history::short_id(id)
}

/// How much of the report to show; lowered step by step until it fits.
#[derive(Debug, Clone, Copy)]
struct Budget {
    charts: bool,
    /// At most this many items per list or table.
    rows: usize,
}

/// The one-line summary.
fn summary(r: &Report<'_>) -> String {
    let mut parts = vec![format!(
        "**{} and {} changed**",
        plural(r.objectives_touched(), "objective"),
        plural(r.key_results_changed(), "key result")
    )];
    if let Some((a, b)) = r.mean_score() {
        parts.push(format!("mean score {:.2} → {:.2} ({})", a, b, signed(b - a)));
    }
    if !r.goalposts.is_empty() {
        let targets = r.goalposts.iter().filter(|g| g.field == "target").count();
        let baselines = r.goalposts.len() - targets;
        let mut moved = Vec::new();
        if targets > 0 {
            moved.push(plural(targets, "target"));
        }
        if baselines > 0 {
            moved.push(plural(baselines, "baseline"));
        }
        parts.push(format!("**⚠️ {} moved**", moved.join(" and ")));
    }
    parts.push(findings_part(r));
    parts.join(" · ")
}

/// `2 new findings · 1 finding fixed`.
fn findings_part(r: &Report<'_>) -> String {
    let mut s =
        if r.new_findings.is_empty() { "no new findings".into() } else { plural(r.new_findings.len(), "new finding") };
    if r.fixed_findings > 0 {
        s.push_str(&format!(" · {} fixed", plural(r.fixed_findings, "finding")));
    }
    s
}

/// Appends `items` rendered by `f`, at most `budget.rows` of them, and a
/// line saying how many were left out.
fn capped<T>(out: &mut String, items: &[T], budget: Budget, mut f: impl FnMut(&mut String, &T), what: &str) -> bool {
    for item in items.iter().take(budget.rows) {
        f(out, item);
    }
    let left = items.len().saturating_sub(budget.rows);
    if left > 0 {
        let _ = writeln!(out, "\n*… and {} more, left out to fit GitHub's comment limit.*", plural(left, what));
    }
    left > 0
}

fn render(r: &Report<'_>, links: &Links, budget: Budget) -> (String, bool) {
    let mut out = format!("{}\n", r.marker);
    let mut cut = false;
    if r.is_empty() {
        out.push_str("**okr** · No OKR changes in this pull request.\n");
        return (out, false);
    }
    let headline = if r.objectives.is_empty() {
        let what = if r.files.is_empty() { "`okr.toml`".to_string() } else { plural(r.files.len(), "OKR file") };
        format!("**No objective or key result changed**; only the text of {what} did · {}", findings_part(r))
    } else {
        summary(r)
    };
    let _ = writeln!(out, "### 🎯 OKR changes\n\n{headline}\n");

    // Each section: nothing when it is empty, at most `budget.rows` items;
    // `cut` says whether any was shortened.
    cut |= goalposts(&mut out, r, links, budget);
    cut |= kr_rows(&mut out, r, budget);
    cut |= objectives_added(&mut out, r, budget);
    cut |= reworded(&mut out, r, budget);
    cut |= other_changes(&mut out, r, budget);
    cut |= new_findings(&mut out, r, links, budget);

    if !r.charts.is_empty() {
        if budget.charts {
            let many = r.charts.len() > 3;
            if many {
                let _ = writeln!(
                    out,
                    "<details>\n<summary>Trajectories of {}</summary>\n",
                    plural(r.charts.len(), "changed key result")
                );
            } else {
                out.push_str("#### Trajectories\n\n");
            }
            out.push_str("Blue: actual value at each check-in · green: target · grey: linear pace.\n\n");
            for c in r.charts.iter().take(budget.rows) {
                chart(&mut out, c);
            }
            if many {
                out.push_str("</details>\n\n");
            }
        } else {
            cut = true;
            let _ = writeln!(
                out,
                "*Trajectory charts of {} left out to fit GitHub's comment limit.*\n",
                plural(r.charts.len(), "key result")
            );
        }
    } else if !r.history {
        out.push_str("*No trajectories: the git history was not read.*\n\n");
    }

    cut |= files(&mut out, r, links, budget);

    let changed_files = r.files.len();
    let _ = writeln!(
        out,
        "<sub>okr {} · compared {} (merge base {}) with {} · as of {} · {} changed · at the head: {}, {}, {}</sub>",
        env!("CARGO_PKG_VERSION"),
        code(&r.base),
        code(short(&r.merge_base)),
        code(short(&r.head)),
        r.as_of,
        plural(changed_files, "OKR file") + if r.config_changed { " and okr.toml" } else { "" },
        plural(r.findings.errors, "error"),
        plural(r.findings.warnings, "warning"),
        plural(r.findings.infos, "info"),
    );
    (out, cut)
}

/// A section of the comment: nothing when `items` is empty, else `head`,
/// the items through [`capped`] and a blank line; whether any was left out.
fn section<T>(
    out: &mut String,
    head: &str,
    items: &[T],
    budget: Budget,
    f: impl FnMut(&mut String, &T),
    what: &str,
) -> bool {
    if items.is_empty() {
        return false;
    }
    out.push_str(head);
    let cut = capped(out, items, budget, f, what);
    out.push('\n');
    cut
}

/// The goalposts moved in the pull request, as a warning.
fn goalposts(out: &mut String, r: &Report<'_>, links: &Links, budget: Budget) -> bool {
    section(
        out,
        "> [!WARNING]\n> **Goalposts moved in this pull request.** Check that the new target is agreed, not just easier to reach.\n>\n",
        &r.goalposts,
        budget,
        |out, g| {
            let by = g.commit.as_ref().map_or(String::new(), |c| {
                format!(
                    " in {} by {} on {}: {}",
                    code(short(&c.id)),
                    md_escape(&c.author),
                    rfc3339(c.time).get(..10).unwrap_or(""),
                    md_escape(&c.summary)
                )
            });
            let _ = writeln!(
                out,
                "> - {} {}: **{} {} → {}** ({}){by}",
                code(&g.kr_ref),
                md_escape(g.title),
                g.field,
                value(g.from),
                value(g.to),
                links.file_line(g.file, Some(g.line)),
            );
        },
        "moved goalpost",
    )
}

/// The table of changed key results: values, scores, moved targets.
fn kr_rows(out: &mut String, r: &Report<'_>, budget: Budget) -> bool {
    section(
        out,
        "#### Key results\n\n| | Key result | Value | Score | Note |\n|---|---|---|---|---|\n",
        &r.rows,
        budget,
        |out, row| {
            let u = md_escape(&unit(row.kr));
            let cur = |s: &Option<Side>| s.as_ref().and_then(|s| s.values.current.or(s.values.baseline));
            let (value_cell, note) = match row.change {
                Change::Added => (format!("{}{u}", value(cur(&row.after))), "➕ added".to_string()),
                Change::Removed => (format!("{}{u}", value(cur(&row.before))), "➖ removed".to_string()),
                Change::Changed => {
                    let mut notes: Vec<String> = row
                        .moved
                        .iter()
                        .map(|f| {
                            let get = |s: &Option<Side>| {
                                s.as_ref()
                                    .and_then(|s| if *f == "target" { s.values.target } else { s.values.baseline })
                            };
                            format!("⚠️ **{f} {} → {}**", value(get(&row.before)), value(get(&row.after)))
                        })
                        .collect();
                    if row.before.and_then(|s| s.values.current) == row.after.and_then(|s| s.values.current)
                        && notes.is_empty()
                    {
                        notes.push("value unchanged".into());
                    }
                    let (a, b) = (cur(&row.before), cur(&row.after));
                    let shown =
                        if a == b { format!("{}{u}", value(b)) } else { format!("{} → {}{u}", value(a), value(b)) };
                    (shown, notes.join("<br>"))
                }
            };
            let status = row.after.or(row.before).and_then(|s| s.status);
            let _ = writeln!(
                out,
                "| {} | {} {} | {value_cell} | {} | {note} |",
                indicator(status),
                code(&row.objective.local_kr_ref(row.kr)),
                md_escape(&row.kr.title),
                score_move(row.before.and_then(|s| s.score), row.after.and_then(|s| s.score)),
            );
        },
        "key result",
    )
}

/// The objectives added and removed.
fn objectives_added(out: &mut String, r: &Report<'_>, budget: Budget) -> bool {
    let added: Vec<_> = r.objectives.iter().filter(|o| o.change != Change::Changed).collect();
    section(
        out,
        "#### Objectives added and removed\n\n",
        &added,
        budget,
        |out, o| {
            let (sign, s) = match o.change {
                Change::Added => ("➕", format!(" · score {}", score(o.after))),
                _ => ("➖", String::new()),
            };
            let _ = writeln!(
                out,
                "- {sign} {} {} ({}{s})",
                code(&o.objective.reference()),
                md_escape(&o.objective.title),
                plural(o.objective.key_results.len(), "key result"),
            );
        },
        "objective",
    )
}

/// Titles reworded, as word diffs.
fn reworded(out: &mut String, r: &Report<'_>, budget: Budget) -> bool {
    section(
        out,
        "#### Reworded\n\n",
        &r.reworded,
        budget,
        |out, w| {
            let _ = writeln!(out, "- {}: {}", code(&w.reference), words_markdown(&w.from, &w.to));
        },
        "title",
    )
}

/// Other field changes.
fn other_changes(out: &mut String, r: &Report<'_>, budget: Budget) -> bool {
    section(
        out,
        "#### Other changes\n\n",
        &r.other,
        budget,
        |out, o| {
            let _ = writeln!(
                out,
                "- {} {}: {} → {}",
                code(&o.reference),
                o.change.field,
                value_markdown(&o.change.from),
                value_markdown(&o.change.to)
            );
        },
        "change",
    )
}

/// The findings of `okr check` the pull request introduces.
fn new_findings(out: &mut String, r: &Report<'_>, links: &Links, budget: Budget) -> bool {
    section(
        out,
        "#### New findings\n\nFindings of `okr check` that this pull request introduces.\n\n| | Rule | Where | Finding |\n|---|---|---|---|\n",
        &r.new_findings,
        budget,
        |out, d: &Diagnostic| {
            let at = d.file.as_deref().map_or("–".into(), |f| links.file_line(f, d.pos.map(|p| p.line)));
            let hint = d.hint.as_deref().map_or(String::new(), |h| format!("<br>💡 {}", md_message(h)));
            let _ = writeln!(
                out,
                "| {} | {} | {at} | {}{hint} |",
                severity_icon(d.severity),
                code(d.rule),
                md_message(&d.message)
            );
        },
        "finding",
    )
}

/// The changed OKR files, folded.
fn files(out: &mut String, r: &Report<'_>, links: &Links, budget: Budget) -> bool {
    if r.files.is_empty() {
        return false;
    }
    let _ = writeln!(out, "<details>\n<summary>{} changed</summary>\n", plural(r.files.len(), "OKR file"));
    let cut = capped(
        out,
        &r.files,
        budget,
        |out, f| {
            let _ = writeln!(out, "- {}", links.file_line(f, None));
        },
        "file",
    );
    out.push_str("\n</details>\n\n");
    cut
}

/// Text for a Mermaid string: letters, digits, spaces and harmless
/// punctuation only (Mermaid has no escape for quotes).
fn mermaid_text(s: &str, max: usize) -> String {
    let t: String = s.chars().map(|c| if c.is_alphanumeric() || " .,:%/()+-'".contains(c) { c } else { ' ' }).collect();
    let t = t.split_whitespace().collect::<Vec<_>>().join(" ");
    if t.chars().count() > max {
        format!("{}...", t.chars().take(max).collect::<String>())
    } else {
        t
    }
}

fn mermaid_num(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{}", (v * 1e4).round() / 1e4)
    }
}

/// The most recent points a chart shows.
const CHART_POINTS: usize = 40;

fn chart(out: &mut String, c: &Chart) {
    let _ = writeln!(out, "{} {}\n", code(&c.kr_ref), md_escape(&c.title));
    mermaid_chart(out, c);
}

/// A KR's trajectory as a Mermaid `xychart-beta` block (the latest
/// [`CHART_POINTS`] days): actual value, target in force, linear pace.
pub fn mermaid_chart(out: &mut String, c: &Chart) {
    let skip = c.points.len().saturating_sub(CHART_POINTS);
    let points = &c.points[skip..];
    let pace = c.pace.get(skip..).unwrap_or(&[]);
    // The target in force on each day, so a moved goalpost shows; level at
    // the head's target where the history does not say.
    let targets: Vec<f64> = match (c.targets.get(skip..), c.target) {
        (Some(ts), _) if ts.len() == points.len() && ts.iter().all(Option::is_some) => {
            ts.iter().flatten().copied().collect()
        }
        (_, Some(t)) => vec![t; points.len()],
        _ => Vec::new(),
    };
    let mut all: Vec<f64> =
        points.iter().map(|p| p.1).chain(pace.iter().copied()).chain(targets.iter().copied()).chain(c.target).collect();
    all.retain(|v| v.is_finite());
    let lo = all.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = all.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let pad = ((hi - lo) * 0.1).max(hi.abs() * 0.01).max(1e-9);
    let (lo, hi) = (lo - pad, hi + pad);
    let axis = points.iter().map(|(d, _)| format!("\"{}\"", d.strftime("%b %d"))).collect::<Vec<_>>().join(", ");
    let line = |vs: &mut dyn Iterator<Item = f64>| vs.map(mermaid_num).collect::<Vec<_>>().join(", ");
    // Each series keeps its colour whichever others are missing.
    let mut series = vec![("#2563eb", line(&mut points.iter().map(|p| p.1)))];
    if !targets.is_empty() {
        series.push(("#16a34a", line(&mut targets.iter().copied())));
    }
    if pace.len() == points.len() {
        series.push(("#9ca3af", line(&mut pace.iter().copied())));
    }
    let palette = series.iter().map(|s| s.0).collect::<Vec<_>>().join(", ");
    let _ = writeln!(
        out,
        "```mermaid\n%%{{init: {{\"themeVariables\": {{\"xyChart\": {{\"plotColorPalette\": \"{palette}\"}}}}}}}}%%\nxychart-beta"
    );
    let _ = writeln!(out, "    title \"{}\"", mermaid_text(&c.title, 60));
    let _ = writeln!(out, "    x-axis [{axis}]");
    let _ = writeln!(
        out,
        "    y-axis \"{}\" {} --> {}",
        mermaid_text(c.unit.as_deref().unwrap_or("value"), 20),
        mermaid_num(lo),
        mermaid_num(hi)
    );
    for (_, values) in &series {
        let _ = writeln!(out, "    line [{values}]");
    }
    out.push_str("```\n\n");
}

/// Cuts `s` at a character boundary to at most `max` bytes.
fn cut_to(s: &str, max: usize) -> &str {
    let mut end = max.min(s.len());
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// The report as Markdown, at most `limit` bytes (and so characters).
pub fn markdown(r: &Report<'_>, links: &Links, limit: usize) -> String {
    let note = "\n> [!NOTE]\n> This report was shortened to fit GitHub's 65,536-character comment limit. Run `okr pr` locally for all of it.\n";
    let mut budget = Budget { charts: true, rows: usize::MAX };
    loop {
        let (mut text, cut) = render(r, links, budget);
        if cut {
            text.push_str(note);
        }
        if text.len() <= limit {
            return text;
        }
        if budget.charts {
            budget.charts = false;
        } else if budget.rows > 5 {
            budget.rows = if budget.rows == usize::MAX { 200 } else { budget.rows / 2 };
        } else {
            // Single items are too long (huge titles): cut the text itself.
            let keep = limit.saturating_sub(note.len() + 1);
            let mut out = cut_to(&text, keep).to_string();
            out.push('\n');
            out.push_str(note);
            return out;
        }
    }
}

// ---------------------------------------------------------------- JSON

#[derive(Serialize)]
struct JsonSide {
    current: Option<Num>,
    target: Option<Num>,
    baseline: Option<Num>,
    score: Option<Num>,
    status: Option<&'static str>,
}

fn json_side(s: &Option<Side>) -> Option<JsonSide> {
    s.as_ref().map(|s| JsonSide {
        current: num(s.values.current),
        target: num(s.values.target),
        baseline: num(s.values.baseline),
        score: num(s.score),
        status: s.status.map(Status::as_str),
    })
}

#[derive(Serialize)]
struct JsonKr<'a> {
    #[serde(rename = "ref")]
    reference: &'a str,
    title: &'a str,
    change: &'static str,
    from: Option<JsonSide>,
    to: Option<JsonSide>,
    moved: &'a [&'static str],
}

#[derive(Serialize)]
struct JsonCommit<'a> {
    commit: &'a str,
    author: &'a str,
    time: String,
    summary: &'a str,
}

#[derive(Serialize)]
struct JsonGoalpost<'a> {
    #[serde(rename = "ref")]
    reference: &'a str,
    field: &'static str,
    from: Option<Num>,
    to: Option<Num>,
    file: &'a str,
    line: u32,
    by: Option<JsonCommit<'a>>,
}

#[derive(Serialize)]
struct JsonObjective<'a> {
    #[serde(rename = "ref")]
    reference: String,
    title: &'a str,
    change: &'static str,
    score_from: Option<Num>,
    score_to: Option<Num>,
}

#[derive(Serialize)]
struct JsonText<'a> {
    #[serde(rename = "ref")]
    reference: &'a str,
    from: &'a str,
    to: &'a str,
}

#[derive(Serialize)]
struct JsonField<'a> {
    #[serde(rename = "ref")]
    reference: &'a str,
    field: &'static str,
    from: serde_json::Value,
    to: serde_json::Value,
}

#[derive(Serialize)]
struct JsonPoint {
    date: String,
    value: Num,
    target: Option<Num>,
    pace: Option<Num>,
}

#[derive(Serialize)]
struct JsonChart<'a> {
    #[serde(rename = "ref")]
    reference: &'a str,
    target: Option<Num>,
    points: Vec<JsonPoint>,
}

#[derive(Serialize)]
struct JsonCounts {
    errors: usize,
    warnings: usize,
    infos: usize,
}

#[derive(Serialize)]
struct JsonSummary {
    objectives_touched: usize,
    key_results_changed: usize,
    targets_moved: usize,
    baselines_moved: usize,
    new_findings: usize,
    fixed_findings: usize,
    mean_score: Option<[Num; 2]>,
    findings: JsonCounts,
}

#[derive(Serialize)]
struct JsonReport<'a> {
    marker: &'a str,
    base: &'a str,
    merge_base: &'a str,
    head: &'a str,
    as_of: String,
    changed: bool,
    summary: JsonSummary,
    files: &'a [String],
    config_changed: bool,
    objectives: Vec<JsonObjective<'a>>,
    key_results: Vec<JsonKr<'a>>,
    goalposts: Vec<JsonGoalpost<'a>>,
    reworded: Vec<JsonText<'a>>,
    other_changes: Vec<JsonField<'a>>,
    new_findings: Vec<JsonDiagnostic<'a>>,
    trajectories: Vec<JsonChart<'a>>,
}

fn json_value(v: &Value) -> serde_json::Value {
    match v {
        Value::Absent => serde_json::Value::Null,
        Value::Num(n) => serde_json::to_value(Num(*n)).unwrap_or(serde_json::Value::Null),
        Value::Text(s) => serde_json::Value::String(s.clone()),
        Value::Bool(b) => serde_json::Value::Bool(*b),
        Value::List(l) => serde_json::Value::Array(l.iter().cloned().map(serde_json::Value::String).collect()),
    }
}

// Long: one struct literal, the JSON shape of `okr pr --json` field by field.
/// The same content as the Markdown, as data (never truncated).
pub fn json(r: &Report<'_>) -> String {
    let targets_moved = r.goalposts.iter().filter(|g| g.field == "target").count();
    let report = JsonReport {
        marker: &r.marker,
        base: &r.base,
        merge_base: &r.merge_base,
        head: &r.head,
        as_of: r.as_of.to_string(),
        changed: !r.is_empty(),
        summary: JsonSummary {
            objectives_touched: r.objectives_touched(),
            key_results_changed: r.key_results_changed(),
            targets_moved,
            baselines_moved: r.goalposts.len() - targets_moved,
            new_findings: r.new_findings.len(),
            fixed_findings: r.fixed_findings,
            mean_score: r.mean_score().map(|(a, b)| [Num(a), Num(b)]),
            findings: JsonCounts { errors: r.findings.errors, warnings: r.findings.warnings, infos: r.findings.infos },
        },
        files: &r.files,
        config_changed: r.config_changed,
        objectives: r
            .objectives
            .iter()
            .map(|o| JsonObjective {
                reference: o.objective.reference(),
                title: &o.objective.title,
                change: o.change.as_str(),
                score_from: num(o.before),
                score_to: num(o.after),
            })
            .collect(),
        key_results: r
            .rows
            .iter()
            .map(|k| JsonKr {
                reference: &k.kr_ref,
                title: &k.kr.title,
                change: k.change.as_str(),
                from: json_side(&k.before),
                to: json_side(&k.after),
                moved: &k.moved,
            })
            .collect(),
        goalposts: r
            .goalposts
            .iter()
            .map(|g| JsonGoalpost {
                reference: &g.kr_ref,
                field: g.field,
                from: num(g.from),
                to: num(g.to),
                file: g.file,
                line: g.line,
                by: g.commit.as_ref().map(|c| JsonCommit {
                    commit: &c.id,
                    author: &c.author,
                    time: rfc3339(c.time),
                    summary: &c.summary,
                }),
            })
            .collect(),
        reworded: r.reworded.iter().map(|w| JsonText { reference: &w.reference, from: &w.from, to: &w.to }).collect(),
        other_changes: r
            .other
            .iter()
            .map(|o| JsonField {
                reference: &o.reference,
                field: o.change.field,
                from: json_value(&o.change.from),
                to: json_value(&o.change.to),
            })
            .collect(),
        new_findings: r.new_findings.iter().map(JsonDiagnostic::new).collect(),
        trajectories: r
            .charts
            .iter()
            .map(|c| JsonChart {
                reference: &c.kr_ref,
                target: num(c.target),
                points: c
                    .points
                    .iter()
                    .enumerate()
                    .map(|(i, (d, v))| JsonPoint {
                        date: d.to_string(),
                        value: Num(*v),
                        target: num(c.targets.get(i).copied().unwrap_or(c.target)),
                        pace: num(c.pace.get(i).copied()),
                    })
                    .collect(),
            })
            .collect(),
    };
    to_json(&report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_spans_cannot_break_tables_or_close_early() {
        assert_eq!(code("a|b`c"), "`a\\|b'c`");
    }

    #[test]
    fn links_need_a_valid_repository_and_commit() {
        let l = Links::github("https://github.com", "acme/okrs", "abc123", "team okrs").unwrap();
        assert_eq!(l.blob_base.as_deref(), Some("https://github.com/acme/okrs/blob/abc123/team%20okrs/"));
        assert_eq!(
            l.file_line("okrs/a b.md", Some(3)),
            "[okrs/a b.md:3](https://github.com/acme/okrs/blob/abc123/team%20okrs/okrs/a%20b.md#L3)"
        );
        assert!(Links::github("https://github.com", "acme/okrs/x", "abc", "").is_none());
        assert!(Links::github("javascript:alert(1)", "acme/okrs", "abc", "").is_none());
        assert!(Links::github("https://github.com", "acme/<b>", "abc", "").is_none());
        assert_eq!(Links::default().file_line("okrs/x.md", Some(2)), "`okrs/x.md:2`");
    }

    #[test]
    fn messages_keep_their_code_and_escape_the_rest() {
        assert_eq!(md_message("id `a|b` <i>@x"), "id `a\\|b` &lt;i&gt;@\u{200b}x");
    }

    #[test]
    fn mermaid_text_drops_quotes_and_markup() {
        assert_eq!(mermaid_text("Say \"hi\" <script>", 60), "Say hi script");
        assert_eq!(mermaid_text("abcdef", 3), "abc...");
    }

    #[test]
    fn cut_respects_char_boundaries() {
        assert_eq!(cut_to("aé", 2), "a");
        assert_eq!(cut_to("abc", 10), "abc");
    }
}
