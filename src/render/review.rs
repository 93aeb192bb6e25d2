//! `okr review`: the weekly input review as text, JSON and Markdown.

use super::{md_escape, num, rfc3339, to_json, Num};
use crate::core::quarter::Week;
use crate::core::score::fmt_num;
use crate::core::style::{paint, BOLD, CYAN, DIM, GREEN, RED, YELLOW};
use crate::history::review::{
    learning_notes, owners_behind, Attention, Days, Driven, InputReview, Movement, Review, WeekResult,
};
use crate::history::History;
use serde::Serialize;
use std::collections::BTreeMap;

fn arrow(d: &Driven) -> &'static str {
    match d.movement {
        Movement::Up => "↑",
        Movement::Down => "↓",
        // Words, not `→`: after "64 → 64" an arrow reads as a value cut off.
        Movement::Flat => "(flat)",
        Movement::Unknown => "(unknown)",
    }
}

fn movement_name(m: Movement) -> &'static str {
    match m {
        Movement::Up => "up",
        Movement::Down => "down",
        Movement::Flat => "flat",
        Movement::Unknown => "unknown",
    }
}

fn week_mark(w: &WeekResult) -> &'static str {
    match (w.met, w.complete) {
        (Some(true), _) => "✔",
        (Some(false), true) => "✘",
        (Some(false), false) => "…",
        (None, _) => "·",
    }
}

/// A ref as the top line names it: `OBJECTIVE#KR`, without the quarter
/// and team folders.
fn short_ref(r: &str) -> &str {
    r.rsplit('/').next().unwrap_or(r)
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The top line: what needs attention, in a few words.
pub fn attention_line(a: &Attention) -> String {
    if a.is_empty() {
        return "Needs attention: nothing (inputs on target, leading indicators moving, no stale KRs)".into();
    }
    let list = |refs: &mut dyn Iterator<Item = String>| refs.collect::<Vec<_>>().join(", ");
    let mut parts = Vec::new();
    if !a.inputs_behind.is_empty() {
        let names = list(&mut a.inputs_behind.iter().map(|r| short_ref(r).to_string()));
        parts.push(format!("{} ({names})", plural(a.inputs_behind.len(), "input behind", "inputs behind")));
    }
    if !a.flat_leading.is_empty() {
        let names = list(&mut a.flat_leading.iter().map(|f| format!("{}, {} weeks", short_ref(&f.reference), f.weeks)));
        parts.push(format!(
            "{} flat for {}+ weeks ({names})",
            plural(a.flat_leading.len(), "leading indicator", "leading indicators"),
            crate::history::review::FLAT_WEEKS
        ));
    }
    if !a.stale.is_empty() {
        let names = list(&mut a.stale.iter().map(|r| short_ref(r).to_string()));
        parts.push(format!("{} ({names})", plural(a.stale.len(), "stale KR", "stale KRs")));
    }
    format!("Needs attention: {}", parts.join(" · "))
}

fn this_week_text(i: &InputReview<'_>) -> String {
    let Some(w) = &i.this_week else {
        return "outside the quarter".into();
    };
    week_text(i, w)
}

fn week_text(i: &InputReview<'_>, w: &WeekResult) -> String {
    let inc = format!("{}{}", if w.increase >= 0.0 { "+" } else { "" }, fmt_num(w.increase));
    match (w.expected, w.met) {
        (Some(e), Some(true)) => format!("{inc} of {}  {}", fmt_num(e), paint(GREEN, "met")),
        (Some(e), Some(false)) if !w.complete => {
            format!("{inc} of {}  {}", fmt_num(e), paint(YELLOW, "so far"))
        }
        (Some(e), _) => format!("{inc} of {}  {}", fmt_num(e), paint(RED, "missed")),
        (None, _) if i.kr.weekly_target.is_some() => {
            // The KR came in after this week: what happened before is unknown.
            format!("{inc}  (not tracked yet: the KR was added later)")
        }
        (None, _) => format!("{inc}  (no weekly_target)"),
    }
}

pub fn text(r: &Review<'_>, h: &History) -> String {
    let mut out = paint(BOLD, &format!("Weekly input review · {} ({} to {}) · {}", r.week, r.from, r.to, r.quarter));
    out.push('\n');
    let colour = if r.attention.is_empty() { GREEN } else { YELLOW };
    out.push_str(&paint(colour, &attention_line(&r.attention)));
    out.push('\n');
    if r.inputs.is_empty() {
        out.push_str(&format!("\nNo input metrics (`layer: input`) in {}.\n", r.quarter));
        return out;
    }
    for i in &r.inputs {
        let owner = i.kr.owner.as_deref().map(|o| format!("  {o}")).unwrap_or_default();
        out.push_str(&format!(
            "\n{} {}{}\n",
            paint(CYAN.bold(), &i.objective.team),
            paint(BOLD, &i.kr.title),
            paint(DIM, &owner)
        ));
        out.push_str(&format!("  {}\n", paint(DIM, &i.objective.kr_ref(i.kr))));
        if let Some(w) = &i.last_week {
            out.push_str(&format!("  last week  {}\n", week_text(i, w)));
        }
        out.push_str(&format!("  this week  {}\n", this_week_text(i)));
        let marks: Vec<&str> = i.weeks.iter().map(week_mark).collect();
        let met = i.weeks.iter().filter(|w| w.met == Some(true)).count();
        let counted = i.weeks.iter().filter(|w| w.met.is_some() && (w.complete || w.met == Some(true))).count();
        out.push_str(&format!("  weeks      {}  ({met} of {counted} met)\n", marks.join(" ")));
        for d in &i.drives {
            let colour = match d.improving {
                Some(true) => GREEN,
                Some(false) => RED,
                None => DIM,
            };
            let v = |x: Option<f64>| x.map_or("–".into(), fmt_num);
            let name = d.title.as_deref().unwrap_or(&d.reference);
            out.push_str(&format!("  drives     {} {} → {} {}\n", name, v(d.from), v(d.to), paint(colour, arrow(d))));
        }
        for &c in &i.notes {
            let c = &h.commits[c];
            out.push_str(&format!(
                "  note       {}  {}  {}\n",
                &rfc3339(c.time)[..10],
                c.author,
                c.message.lines().next().unwrap_or_default()
            ));
        }
    }
    out
}

/// A week's increase with its sign: `+3`, `-1`.
fn signed(v: f64) -> String {
    format!("{}{}", if v >= 0.0 { "+" } else { "" }, fmt_num(v))
}

/// A week as a Markdown cell: its mark and increase, with the target
/// (prorated where the quarter cuts the week) when `target` is asked.
fn week_cell(w: &WeekResult, target: bool) -> String {
    let mark = match (w.met, w.complete) {
        (Some(true), _) => "✅",
        (Some(false), true) => "❌",
        (Some(false), false) => "⏳",
        (None, _) => "·",
    };
    match w.expected {
        Some(e) if target => format!("{mark} {} of {}", signed(w.increase), fmt_num(e)),
        _ => format!("{mark} {}", signed(w.increase)),
    }
}

/// How a driven KR moved, in a Markdown cell: `Title 23 → 22.5 ↓ worse`.
fn driven_md(d: &Driven) -> String {
    let v = |x: Option<f64>| x.map_or("–".into(), fmt_num);
    let judged = match d.improving {
        Some(true) => " better",
        Some(false) => " worse",
        None => "",
    };
    format!(
        "{} {} → {} {}{judged}",
        md_escape(d.title.as_deref().unwrap_or(&d.reference)),
        v(d.from),
        v(d.to),
        arrow(d)
    )
}

/// `okr review --format markdown`: the input review a team holds its Monday
/// meeting on. The last complete week first (each input against its weekly
/// target, next to what the metrics it drives did), then every week of the
/// quarter so far per input, then the learning notes of the days shown
/// (okr's own messages left out, repeated lines once).
pub fn markdown(r: &Review<'_>, h: &History) -> String {
    markdown_with(r, h, None)
}

/// [`markdown`], with the owners of the inputs behind named after the top
/// line when `people` is given: `@login` where `[people]` has one, else the
/// name as text (never a mention).
fn markdown_with(r: &Review<'_>, h: &History, people: Option<&BTreeMap<String, String>>) -> String {
    let mut out = format!("## Weekly input review {} ({} to {}, {})\n\n", r.week, r.from, r.to, r.quarter);
    out.push_str(&format!("**{}**\n", md_escape(&attention_line(&r.attention))));
    if let Some(people) = people {
        let owners: Vec<String> = owners_behind(r)
            .iter()
            .map(|(owner, inputs)| {
                let who = match people.get(*owner) {
                    Some(login) => format!("@{login}"),
                    None => md_escape(owner),
                };
                let what: Vec<String> = inputs.iter().map(|i| md_escape(&i.kr.title)).collect();
                format!("{who} ({})", what.join("; "))
            })
            .collect();
        if !owners.is_empty() {
            out.push_str(&format!("\nOwners of the inputs behind: {}\n", owners.join(", ")));
        }
    }
    if r.inputs.is_empty() {
        out.push_str("\nNo input metrics this quarter.\n");
        return out;
    }
    let shown_from = r.last_week.map_or(r.from, |w| w.from);
    match r.last_complete() {
        Some(days) => {
            out.push_str(&format!("\n### Last week: {} ({} to {})\n\n", days.week, days.from, days.to));
            out.push_str(&format!("| Input | Owner | Done | Drives ({shown_from} to {}) |\n|---|---|---|---|\n", r.to));
            for i in &r.inputs {
                let done = i.last_complete().map_or("–".to_string(), |w| match (w.expected, i.kr.weekly_target) {
                    (None, Some(_)) => format!("{} (not tracked yet)", signed(w.increase)),
                    (None, None) => format!("{} (no weekly_target)", signed(w.increase)),
                    _ => week_cell(w, true),
                });
                let drives: Vec<String> = i.drives.iter().map(driven_md).collect();
                out.push_str(&format!(
                    "| {} | {} | {done} | {} |\n",
                    md_escape(&i.kr.title),
                    md_escape(i.owner().unwrap_or("")),
                    drives.join("<br>")
                ));
            }
        }
        None => out.push_str(&format!("\nNo complete week of {} yet.\n", r.quarter)),
    }
    out.push_str(&format!("\n### {} week by week\n\n", r.quarter));
    let weeks: Vec<String> = r.inputs[0].weeks.iter().map(|w| format!("W{:02}", w.week.week)).collect();
    out.push_str(&format!("| Input | {} | Met |\n|---|{}---|\n", weeks.join(" | "), "---|".repeat(weeks.len())));
    for i in &r.inputs {
        let per_week = match i.kr.weekly_target {
            Some(t) => format!(" ({} a week)", fmt_num(t)),
            None => String::new(),
        };
        let cells: Vec<String> = i.weeks.iter().map(|w| week_cell(w, false)).collect();
        let met = i.weeks.iter().filter(|w| w.met == Some(true)).count();
        let counted = i.weeks.iter().filter(|w| w.met.is_some() && (w.complete || w.met == Some(true))).count();
        out.push_str(&format!(
            "| {}{per_week} | {} | {met} of {counted} |\n",
            md_escape(&i.kr.title),
            cells.join(" | ")
        ));
    }
    let notes: Vec<String> = learning_notes(r, h)
        .iter()
        .map(|n| {
            let authors: Vec<String> = n.authors.iter().map(|a| md_escape(a)).collect();
            let times = if n.commits.len() > 1 { format!(" ({} commits)", n.commits.len()) } else { String::new() };
            format!("- {} {}: {}{times}", &rfc3339(n.time)[..10], authors.join(", "), md_escape(&n.text))
        })
        .collect();
    if !notes.is_empty() {
        out.push_str(&format!("\n### Learning notes ({shown_from} to {})\n\n{}\n", r.to, notes.join("\n")));
    }
    out
}

/// The first line of the weekly review issue: how `okr review --issue`
/// finds it again. A project whose OKR root is not `okrs` has its own.
pub fn issue_marker(week: Week, root: &str) -> String {
    if root == "okrs" {
        return format!("<!-- okr:weekly-review week={week} -->");
    }
    let safe: String = root.chars().filter(|c| c.is_ascii_alphanumeric() || "._/".contains(*c)).collect();
    format!("<!-- okr:weekly-review week={week} root={safe} -->")
}

/// The weekly review issue's title.
pub fn issue_title(r: &Review<'_>, root: &str) -> String {
    let title = format!("Weekly input review {}", r.week);
    if root == "okrs" {
        title
    } else {
        format!("{title} ({root})")
    }
}

/// The weekly review issue's body: the marker, the Markdown review with the
/// owners of the inputs behind mentioned through `people`, and a footer.
/// Learning notes are left out when the body would not fit in an issue
/// (`limit` characters).
pub fn issue_body(
    r: &Review<'_>,
    h: &History,
    people: &BTreeMap<String, String>,
    marker: &str,
    limit: usize,
) -> String {
    const FOOTER: &str =
        "\n<sub>Written by `okr review --issue`; the next run replaces this text, so discuss in comments.</sub>\n";
    let body = format!("{marker}\n{}{FOOTER}", markdown_with(r, h, Some(people)));
    if body.chars().count() <= limit {
        return body;
    }
    match body.find("\n### Learning notes") {
        Some(at) => format!(
            "{}\n_The learning notes were left out: the issue would pass GitHub's size limit._\n{FOOTER}",
            &body[..at]
        ),
        None => body,
    }
}

#[derive(Serialize)]
struct JsonWeek {
    week: String,
    from: String,
    to: String,
    increase: Num,
    expected: Option<Num>,
    met: Option<bool>,
    complete: bool,
}

impl JsonWeek {
    fn new(w: &WeekResult) -> JsonWeek {
        JsonWeek {
            week: w.week.to_string(),
            from: w.from.to_string(),
            to: w.to.to_string(),
            increase: Num(w.increase),
            expected: num(w.expected),
            met: w.met,
            complete: w.complete,
        }
    }
}

#[derive(Serialize)]
struct JsonDriven<'a> {
    #[serde(rename = "ref")]
    reference: &'a str,
    from: Option<Num>,
    to: Option<Num>,
    direction: &'static str,
    improving: Option<bool>,
}

#[derive(Serialize)]
struct JsonNote<'a> {
    time: String,
    commit: &'a str,
    author: &'a str,
    message: &'a str,
}

#[derive(Serialize)]
struct JsonInput<'a> {
    #[serde(rename = "ref")]
    reference: String,
    title: &'a str,
    owner: Option<&'a str>,
    weekly_target: Option<Num>,
    /// The week before, within the quarter (additive; docs/commands.md).
    last_week: Option<JsonWeek>,
    this_week: Option<JsonWeek>,
    weeks: Vec<JsonWeek>,
    drives: Vec<JsonDriven<'a>>,
    notes: Vec<JsonNote<'a>>,
}

#[derive(Serialize)]
struct JsonDays {
    week: String,
    from: String,
    to: String,
}

impl JsonDays {
    fn new(d: &Days) -> JsonDays {
        JsonDays { week: d.week.to_string(), from: d.from.to_string(), to: d.to.to_string() }
    }
}

#[derive(Serialize)]
struct JsonFlat<'a> {
    #[serde(rename = "ref")]
    reference: &'a str,
    weeks: i64,
}

#[derive(Serialize)]
struct JsonAttention<'a> {
    inputs_behind: &'a [String],
    flat_leading: Vec<JsonFlat<'a>>,
    stale: &'a [String],
}

#[derive(Serialize)]
struct JsonReview<'a> {
    week: String,
    from: String,
    to: String,
    quarter: String,
    last_week: Option<JsonDays>,
    attention: JsonAttention<'a>,
    inputs: Vec<JsonInput<'a>>,
}

pub fn json(r: &Review<'_>, h: &History) -> String {
    let inputs = r
        .inputs
        .iter()
        .map(|i| JsonInput {
            reference: i.objective.kr_ref(i.kr),
            title: &i.kr.title,
            owner: i.kr.owner.as_deref(),
            weekly_target: num(i.kr.weekly_target),
            last_week: i.last_week.as_ref().map(JsonWeek::new),
            this_week: i.this_week.as_ref().map(JsonWeek::new),
            weeks: i.weeks.iter().map(JsonWeek::new).collect(),
            drives: i
                .drives
                .iter()
                .map(|d| JsonDriven {
                    reference: &d.reference,
                    from: num(d.from),
                    to: num(d.to),
                    direction: movement_name(d.movement),
                    improving: d.improving,
                })
                .collect(),
            notes: i
                .notes
                .iter()
                .map(|&c| {
                    let c = &h.commits[c];
                    JsonNote { time: rfc3339(c.time), commit: &c.id, author: &c.author, message: c.message.trim_end() }
                })
                .collect(),
        })
        .collect();
    to_json(&JsonReview {
        week: r.week.to_string(),
        from: r.from.to_string(),
        to: r.to.to_string(),
        quarter: r.quarter.to_string(),
        last_week: r.last_week.as_ref().map(JsonDays::new),
        attention: JsonAttention {
            inputs_behind: &r.attention.inputs_behind,
            flat_leading: r
                .attention
                .flat_leading
                .iter()
                .map(|f| JsonFlat { reference: &f.reference, weeks: f.weeks })
                .collect(),
            stale: &r.attention.stale,
        },
        inputs,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::rules::testing::{history, kr, objective, workspace};
    use crate::core::config::Config;
    use crate::core::quarter::Quarter;
    use crate::history::review::review;
    use jiff::civil::date;

    const P: &str = "2026-Q1/growth/a.md";

    /// Two inputs that miss every week, owned by `owner` and by the objective's owner.
    fn file(owner: &str) -> String {
        objective(
            "owner: \"maya\"\n",
            &[
                kr(
                    "tests",
                    "Experiments run",
                    &format!("    layer: input\n    owner: \"{owner}\"\n    weekly_target: 2\n    current: 0\n"),
                ),
                kr("calls", "Customer calls", "    layer: input\n    weekly_target: 1\n    current: 0\n"),
            ],
            "Learn",
        )
    }

    #[test]
    fn the_issue_mentions_only_owners_with_a_login() {
        let text = file("@octo-team <b>");
        let mut h = history(&[("2026-01-01", "s", P, &text)]);
        h.commits[0].message = "x".repeat(200);
        let ws = workspace(&[(P, &text)]);
        let q = Quarter::parse("2026-Q1").unwrap();
        let r = review(&ws, &h, &Config::default(), q, Week::parse("2026-W02").unwrap(), date(2026, 1, 13));
        let marker = issue_marker(r.week, "okrs");
        assert_eq!(marker, "<!-- okr:weekly-review week=2026-W02 -->");
        assert_eq!(issue_marker(r.week, "goals/q\"1"), "<!-- okr:weekly-review week=2026-W02 root=goals/q1 -->");
        assert_eq!(issue_title(&r, "okrs"), "Weekly input review 2026-W02");

        let people = BTreeMap::from([("maya".to_string(), "maya-gh".to_string())]);
        let body = issue_body(&r, &h, &people, &marker, 65_536);
        assert!(body.starts_with(&format!("{marker}\n## Weekly input review 2026-W02")), "{body}");
        let line = body.lines().find(|l| l.starts_with("Owners of the inputs behind:")).expect(&body);
        // The name is text (its @ broken by a zero-width space, its HTML
        // escaped); the login from [people] is the one mention.
        assert_eq!(
            line,
            "Owners of the inputs behind: @\u{200b}octo-team &lt;b&gt; (Experiments run), @maya-gh (Customer calls)"
        );
        assert_eq!(body.replace("@\u{200b}", "").matches('@').count(), 1, "one mention:\n{body}");
        assert!(body.ends_with("discuss in comments.</sub>\n"), "{body}");
        // `okr review --format markdown` names nobody under the top line.
        assert!(!markdown(&r, &h).contains("Owners of the inputs behind"));
    }

    #[test]
    fn an_issue_too_long_leaves_the_notes_out() {
        let text = file("sam");
        let mut h =
            history(&[("2026-01-01", "s", P, &text), ("2026-01-06", "s", P, &text.replace("Learn", "Learn more"))]);
        h.commits[1].message = format!("{}\n", "note ".repeat(400));
        let ws = workspace(&[(P, &text)]);
        let q = Quarter::parse("2026-Q1").unwrap();
        let r = review(&ws, &h, &Config::default(), q, Week::parse("2026-W02").unwrap(), date(2026, 1, 13));
        let marker = issue_marker(r.week, "okrs");
        let whole = issue_body(&r, &h, &BTreeMap::new(), &marker, 65_536);
        assert!(whole.contains("### Learning notes"), "{whole}");
        let cut = issue_body(&r, &h, &BTreeMap::new(), &marker, whole.chars().count() - 1);
        assert!(!cut.contains("### Learning notes") && cut.contains("learning notes were left out"), "{cut}");
        assert!(cut.chars().count() < whole.chars().count());
    }
}
