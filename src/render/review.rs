//! `okr review`: the weekly input review as text, JSON and Markdown.

use super::{md_escape, num, rfc3339, to_json, Num};
use crate::core::score::fmt_num;
use crate::core::style::{paint, BOLD, CYAN, DIM, GREEN, RED, YELLOW};
use crate::history::review::{Attention, Days, Driven, InputReview, Movement, Review, WeekResult};
use crate::history::History;
use serde::Serialize;

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

pub fn markdown(r: &Review<'_>, h: &History) -> String {
    let mut out = format!("## Weekly input review {} ({} to {}, {})\n\n", r.week, r.from, r.to, r.quarter);
    out.push_str(&format!("**{}**\n\n", md_escape(&attention_line(&r.attention))));
    if r.inputs.is_empty() {
        out.push_str("No input metrics this quarter.\n");
        return out;
    }
    // The last complete week while this one is in progress (a Monday review).
    let with_last = r.last_week.is_some();
    out.push_str(if with_last {
        "| Input | Owner | Last week | This week | Weeks met | Drives |\n|---|---|---|---|---|---|\n"
    } else {
        "| Input | Owner | This week | Weeks met | Drives |\n|---|---|---|---|---|\n"
    });
    for i in &r.inputs {
        let cell = |w: Option<&WeekResult>| {
            w.map_or("–".to_string(), |w| {
                let mark = match (w.met, w.complete) {
                    (Some(true), _) => "✅",
                    (Some(false), false) => "⏳",
                    (Some(false), true) => "❌",
                    (None, _) => "",
                };
                match w.expected {
                    Some(e) => format!("{mark} +{} of {}", fmt_num(w.increase), fmt_num(e)),
                    None => format!("+{}", fmt_num(w.increase)),
                }
            })
        };
        let last = if with_last { format!("{} | ", cell(i.last_week.as_ref())) } else { String::new() };
        let week = cell(i.this_week.as_ref());
        let met = i.weeks.iter().filter(|w| w.met == Some(true)).count();
        let marks: String = i.weeks.iter().map(week_mark).collect::<Vec<_>>().join(" ");
        let drives = i
            .drives
            .iter()
            .map(|d| {
                let v = |x: Option<f64>| x.map_or("–".into(), fmt_num);
                format!(
                    "{} {} → {} {}",
                    md_escape(d.title.as_deref().unwrap_or(&d.reference)),
                    v(d.from),
                    v(d.to),
                    arrow(d)
                )
            })
            .collect::<Vec<_>>()
            .join("<br>");
        out.push_str(&format!(
            "| {} | {} | {}{} | {marks} ({met}) | {} |\n",
            md_escape(&i.kr.title),
            md_escape(i.kr.owner.as_deref().unwrap_or("")),
            last,
            week,
            drives
        ));
    }
    let notes: Vec<String> = r
        .inputs
        .iter()
        .flat_map(|i| i.notes.iter().copied())
        .collect::<std::collections::BTreeSet<usize>>()
        .into_iter()
        .map(|c| {
            let c = &h.commits[c];
            format!(
                "- {} {}: {}",
                &rfc3339(c.time)[..10],
                md_escape(&c.author),
                md_escape(c.message.lines().next().unwrap_or_default())
            )
        })
        .collect();
    if !notes.is_empty() {
        out.push_str(&format!("\n### Learning notes\n\n{}\n", notes.join("\n")));
    }
    out
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
