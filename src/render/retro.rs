//! `okr retro`: the quarter's retrospective as text, Markdown and JSON.
//!
//! The Markdown is meant to be pasted into a retro document as is (and is
//! embedded by the HTML report): headings, tables, everything taken from the
//! files or the history escaped.

use super::status::unit;
use super::{fit, md_escape, num, rfc3339, to_json, width, Num};
use crate::core::model::{KeyResult, Layer, Objective};
use crate::core::refs::Ref;
use crate::core::score::{fmt_num, NumFormat};
use crate::core::style::{paint, BOLD, CYAN, DIM, GREEN, RED, YELLOW};
use crate::views::retro::{
    Band, CarriedMetric, Commit, Graded, HistoryPart, KrGrade, ObjectiveGrade, ParentMiss, Retro, StaleKr,
};
use serde::Serialize;

pub mod period;

/// Where a KR went, in words: `18 → 25%, target 26%`, `15% (≤ 15%)`, `done`.
fn value(k: &KrGrade<'_>) -> String {
    if let Some(done) = k.kr.done {
        return if done { "done".into() } else { "not done".into() };
    }
    if k.guardrail() {
        return crate::render::status::value_text(k.kr, &k.score);
    }
    let v = k.score.values;
    let u = unit(k.kr);
    let f = NumFormat::of_kr(k.kr);
    let num = |v: f64| f.fmt(v);
    let cur = v.current.map_or("–".into(), num);
    let moved = match v.baseline {
        Some(b) => format!("{} → {cur}{u}", num(b)),
        None => format!("{cur}{u}"),
    };
    match v.target {
        Some(t) => format!("{moved}, target {}{u}", num(t)),
        None => format!("{moved}, no target"),
    }
}

/// `ID#KR` of a KR ref: the quarter is in the section's heading.
fn local(o: &Objective, kr: &KeyResult) -> String {
    o.local_kr_ref(kr)
}

fn score_text(s: Option<f64>) -> String {
    s.map_or_else(|| "  – ".into(), |v| format!("{v:.2}"))
}

fn band_style(b: Option<Band>) -> anstyle::Style {
    match b {
        Some(Band::Hit | Band::Delivered) => GREEN,
        Some(Band::Progress) => YELLOW,
        Some(Band::Missed) => RED,
        None => DIM,
    }
}

fn band_name(b: Option<Band>) -> &'static str {
    b.map_or("ungraded", Band::as_str)
}

fn band_icon(b: Option<Band>) -> &'static str {
    match b {
        Some(Band::Hit | Band::Delivered) => "✅",
        Some(Band::Progress) => "🟡",
        Some(Band::Missed) => "🔴",
        None => "⚪",
    }
}

fn date(secs: i64) -> String {
    let t = rfc3339(secs);
    t.get(..10).unwrap_or(&t).to_string()
}

fn short(id: &str) -> &str {
    crate::history::short_id(id)
}

fn show(v: Option<f64>) -> String {
    v.map_or("(none)".into(), fmt_num)
}

/// How a continuing metric hands over: `ended at 25, starts at 25`.
fn handover(m: &CarriedMetric<'_>) -> String {
    let c = &m.continuation;
    let ended = c.last_current.map_or("–".into(), fmt_num);
    if c.input {
        return format!("ended at {ended}; an input counts again from its new baseline");
    }
    let starts = c.baseline.map_or("no baseline".into(), |b| format!("starts at {}", fmt_num(b)));
    match c.gap() {
        Some(g) if c.baseline.is_some() => {
            format!("ended at {ended}, {starts} (a gap of {}{})", if g > 0.0 { "+" } else { "" }, fmt_num(g))
        }
        _ => format!("ended at {ended}, {starts}"),
    }
}

/// The note for a history section that cannot be filled.
const NEEDS_HISTORY: &str =
    "needs the git history, which was not read (--no-history, a shallow clone, or no git repository)";

fn untracked(r: &Retro<'_>) -> String {
    format!("cannot be judged: the git history has no check-in of {}'s key results up to {}", r.quarter, r.graded_on)
}

fn header_note(r: &Retro<'_>) -> Option<String> {
    if r.not_started() {
        Some(format!(
            "{} has not started yet (it starts on {}): these are the starting values, not grades.",
            r.quarter, r.start
        ))
    } else if !r.over() {
        let left = crate::core::quarter::days_between(r.graded_on, r.end);
        Some(format!(
            "{} is still running: these grades are as of {}, {left} days before its last day ({}), and are not final.",
            r.quarter, r.graded_on, r.end
        ))
    } else {
        None
    }
}

/// A verdict on grades that are not final yet says so.
fn so_far(r: &Retro<'_>) -> &'static str {
    if r.over() {
        ""
    } else {
        " so far (the quarter is still running)"
    }
}

fn committed_missed_krs<'g>(g: &'g ObjectiveGrade<'_>) -> Vec<&'g KrGrade<'g>> {
    g.key_results.iter().filter(|k| k.band == Some(Band::Missed)).collect()
}

// ---------------------------------------------------------------- text

fn heading(out: &mut String, title: &str) {
    out.push('\n');
    out.push_str(&paint(BOLD, title));
    out.push('\n');
}

fn graded_line(g: &Graded, indent: &str, title_w: usize) -> String {
    format!(
        "{indent}{}  {}  {}  {}\n",
        paint(BOLD, &format!("{:.2}", g.grade)),
        paint(band_style(Some(g.band)), &fit(g.band.as_str(), 9)),
        fit(&g.title, title_w),
        paint(DIM, &g.reference)
    )
}

fn commit_text(c: &Commit) -> String {
    format!("by {} on {} (commit {})", c.author, date(c.time), short(&c.id))
}

// Long: the retro's sections in print order, each a few lines that read in place; `history_text` grew out of it, the others stay short.
pub fn text(r: &Retro<'_>) -> String {
    let mut out = paint(BOLD, &format!("Retro {} · {} to {} · graded on {}", r.quarter, r.start, r.end, r.graded_on));
    out.push('\n');
    if let Some(note) = header_note(r) {
        out.push_str(&paint(YELLOW.bold(), &note));
        out.push('\n');
    }
    if r.objectives.is_empty() {
        out.push_str(&format!("\nNo objectives in {}.\n", r.quarter));
        return out;
    }
    let title_w = r
        .objectives
        .iter()
        .flat_map(|g| {
            std::iter::once(width(&g.objective.title)).chain(g.key_results.iter().map(|k| width(&k.kr.title)))
        })
        .max()
        .unwrap_or(20)
        .clamp(20, 60);

    heading(&mut out, "Parents that missed while their children hit");
    if r.parents_missed.is_empty() {
        out.push_str("  None.\n");
    } else {
        out.push_str(&paint(
            YELLOW,
            "  The children delivered and the parent did not move: the hypothesis linking them failed.\n  Ask what you assumed connects them, and what the next bet is.\n",
        ));
        for m in &r.parents_missed {
            out.push_str(&graded_line(&m.parent, "  ", title_w));
            for c in &m.children {
                out.push_str(&graded_line(c, "    ↳ ", title_w.saturating_sub(4).max(10)));
            }
        }
    }

    heading(&mut out, "Portfolio");
    let p = &r.portfolio;
    match (p.aspirational_mean, p.verdict) {
        (Some(m), Some(v)) => out.push_str(&format!(
            "  mean grade {} over {} aspirational outcome KRs (inputs, guardrails and milestones left out): {}{}\n  {}\n",
            paint(BOLD, &format!("{m:.2}")),
            p.aspirational,
            paint(BOLD, v.label()),
            so_far(r),
            v.explain()
        )),
        _ => out.push_str("  no graded aspirational outcome KRs: no verdict\n"),
    }
    if let Some(m) = p.input_mean {
        out.push_str(&format!(
            "  input delivery: {} over {}\n",
            paint(BOLD, &format!("{m:.2}")),
            crate::render::check::plural(p.inputs, "input KR")
        ));
    }
    if let Some(m) = p.mean {
        out.push_str(&paint(DIM, &format!("  all {} graded KRs: {m:.2}", p.graded)));
        if p.committed > 0 {
            out.push_str(&paint(
                DIM,
                &format!(" · committed objectives delivered: {} of {}", p.delivered, p.committed),
            ));
        }
        out.push('\n');
    }

    heading(&mut out, "Committed objectives that missed");
    let missed: Vec<&ObjectiveGrade<'_>> = r.committed_missed().collect();
    if missed.is_empty() {
        out.push_str("  None.\n");
    }
    for g in missed {
        out.push_str(&format!(
            "  {}  {}  {}\n",
            paint(RED.bold(), &score_text(g.grade)),
            fit(&g.objective.title, title_w),
            paint(DIM, &g.reference)
        ));
        let below: Vec<String> =
            committed_missed_krs(g).iter().map(|k| format!("{} {}", k.kr.id, score_text(k.grade()))).collect();
        if !below.is_empty() {
            out.push_str(&format!("        below 1.0: {}\n", below.join(", ")));
        }
    }

    heading(&mut out, "Grades");
    let mut teams: Vec<&str> = Vec::new();
    for g in &r.objectives {
        if !teams.contains(&g.objective.team.as_str()) {
            teams.push(&g.objective.team);
        }
    }
    for team in teams {
        out.push_str(&format!("  {}\n", paint(CYAN.bold(), team)));
        for g in r.objectives.iter().filter(|g| g.objective.team == team) {
            let o = g.objective;
            let committed = if o.commitment == crate::core::model::Commitment::Committed { "  committed" } else { "" };
            out.push_str(&format!(
                "    {}  {}  {}  {}{}\n",
                paint(BOLD, &fit(&o.title, title_w)),
                paint(BOLD, &score_text(g.grade)),
                paint(band_style(g.band), &fit(band_name(g.band), 9)),
                paint(DIM, &g.reference),
                paint(DIM, committed)
            ));
            for k in &g.key_results {
                out.push_str(&format!(
                    "      {}  {}  {}  {}\n",
                    fit(&k.kr.title, title_w.saturating_sub(2)),
                    score_text(k.grade()),
                    paint(band_style(k.band), &fit(band_name(k.band), 9)),
                    value(k)
                ));
            }
        }
    }

    history_text(&mut out, r, title_w);

    let c = &r.carry_over;
    heading(&mut out, &format!("Carried over into {}", c.next));
    if !c.planned {
        out.push_str(&format!("  {} has no OKRs yet.\n", c.next));
        return out;
    }
    if c.objectives.is_empty() {
        out.push_str("  No objective continues.\n");
    }
    for o in &c.objectives {
        let how = match o.matched_by {
            crate::views::diff::ObjectiveMatch::Title(s) => format!("similar title, {s:.2}"),
            _ => "same id".into(),
        };
        let to = if o.to.id == o.from.id { String::new() } else { format!(" → {}", o.to.id) };
        out.push_str(&format!("  {}{to}  {}\n", o.from.id, paint(DIM, &format!("({how})"))));
    }
    if !c.metrics.is_empty() {
        out.push_str("  metrics that continue:\n");
        for m in &c.metrics {
            let (from, to) = (local(m.from_objective, m.from), local(m.to_objective, m.to));
            let to = if from == to { String::new() } else { format!(" → {to}") };
            out.push_str(&format!("    {from}{to}  {}\n", paint(DIM, &handover(m))));
        }
    }
    if !c.dropped.is_empty() {
        let list: Vec<&str> = c.dropped.iter().map(|o| o.id.as_str()).collect();
        out.push_str(&format!("  not carried over: {}\n", list.join(", ")));
    }
    out
}

/// What a history-based section (moved targets, stale KRs, idle inputs)
/// has to show: a note, or its items.
enum Section<'h, T> {
    /// The history was not read.
    NoHistory,
    /// The history has no check-in of the quarter's KRs: nothing to judge.
    Untracked,
    /// Judged, and nothing found.
    Nothing,
    Items(&'h [T]),
}

impl<'h, T> Section<'h, T> {
    /// The section of `items` from the retro's history part; `judged` when
    /// it means something only for KRs the history has seen (staleness and
    /// input effects), not for moved targets.
    fn of(r: &'h Retro<'_>, judged: bool, items: impl FnOnce(&'h HistoryPart<'_>) -> &'h [T]) -> Self {
        match r.history.as_ref() {
            None => Section::NoHistory,
            Some(h) if judged && h.tracked == 0 => Section::Untracked,
            Some(h) => match items(h) {
                [] => Section::Nothing,
                list => Section::Items(list),
            },
        }
    }
}

/// A history section as text: its heading, then its note (`nothing` when
/// it found nothing) or each item through `item`.
fn section_text<T>(
    out: &mut String,
    r: &Retro<'_>,
    title: &str,
    section: Section<'_, T>,
    nothing: &str,
    mut item: impl FnMut(&mut String, &T),
) {
    heading(out, title);
    match section {
        Section::NoHistory => out.push_str(&format!("  {NEEDS_HISTORY}\n")),
        Section::Untracked => out.push_str(&format!("  {}\n", untracked(r))),
        Section::Nothing => out.push_str(&format!("  {nothing}\n")),
        Section::Items(items) => items.iter().for_each(|i| item(out, i)),
    }
}

fn history_text(out: &mut String, r: &Retro<'_>, title_w: usize) {
    let moved = Section::of(r, false, |h| &h.moved);
    section_text(out, r, "Targets moved after the quarter began", moved, "None.", |out, m| {
        let late = if m.after_end { paint(RED, "  after the quarter ended") } else { String::new() };
        out.push_str(&format!(
            "  {}  {} {} → {}  {}{late}\n",
            m.objective.kr_ref(m.kr),
            m.field,
            show(m.from),
            show(m.to),
            commit_text(&m.commit)
        ));
        if !m.commit.summary.is_empty() {
            out.push_str(&paint(DIM, &format!("      “{}”\n", m.commit.summary)));
        }
    });
    let stale = Section::of(r, true, |h| &h.stale);
    let nothing = "None: every key result was checked in within its cadence.";
    section_text(out, r, &stale_heading(r), stale, nothing, |out, s| {
        out.push_str(&format!("  {}  {}\n", fit(&s.kr.title, title_w), paint(DIM, &s.objective.kr_ref(s.kr))));
        out.push_str(&format!("      {}\n", stale_words(s)));
    });
    let idle = Section::of(r, true, |h| &h.idle_inputs);
    section_text(out, r, "Inputs that moved nothing", idle, "None.", |out, i| {
        out.push_str(&format!("  {}  {}\n", fit(&i.kr.title, title_w), paint(DIM, &i.objective.kr_ref(i.kr))));
        out.push_str(&format!(
            "      weekly target met in {} weeks; flat since {}: {}\n",
            i.weeks_met,
            i.since,
            i.drives.join(", ")
        ));
    });
}

fn stale_heading(r: &Retro<'_>) -> String {
    if r.over() {
        "Stale at the end of the quarter".into()
    } else {
        format!("Stale on {}", r.graded_on)
    }
}

fn stale_words(s: &StaleKr<'_>) -> String {
    let allowed = match s.kr.cadence {
        Some(c) => format!("a {c} cadence allows {}", s.allowed),
        None => format!("`stale_after_days` allows {}", s.allowed),
    };
    match &s.last_update {
        Some(c) => {
            format!("last updated {} by {}: {} days without a check-in ({allowed})", date(c.time), c.author, s.days)
        }
        None => format!("not updated during the quarter: {} days ({allowed})", s.days),
    }
}

// ---------------------------------------------------------------- Markdown

fn md_ref(r: &str) -> String {
    // A ref holds the file's path, which may hold anything.
    super::md_code(r)
}

fn md_graded(g: &Graded) -> String {
    format!("{} {} ({:.2}) {}", band_icon(Some(g.band)), md_escape(&g.title), g.grade, md_ref(&g.reference))
}

// Long: the same sections as `text`, in the same order, as Markdown; kept whole so the two read side by side.
/// The retro as GitHub-flavoured Markdown, ready to paste into a document.
pub fn markdown(r: &Retro<'_>) -> String {
    let mut out = format!("## Retro {}\n\n{} to {}, graded on {}.\n", r.quarter, r.start, r.end, r.graded_on);
    if let Some(note) = header_note(r) {
        out.push_str(&format!("\n> **{note}**\n"));
    }
    if r.objectives.is_empty() {
        out.push_str(&format!("\nNo objectives in {}.\n", r.quarter));
        return out;
    }

    out.push_str("\n### Parents that missed while their children hit\n\n");
    if r.parents_missed.is_empty() {
        out.push_str("None.\n");
    } else {
        out.push_str(
            "The children delivered and the parent did not move: **the hypothesis linking them failed**. \
Ask what you assumed connects them, and what the next bet is.\n\n",
        );
        out.push_str("| Parent | Score | Children that hit |\n|---|---|---|\n");
        for ParentMiss { parent, children } in &r.parents_missed {
            let kids: Vec<String> = children.iter().map(md_graded).collect();
            out.push_str(&format!(
                "| {} {} {} | {:.2} {} | {} |\n",
                band_icon(Some(parent.band)),
                md_escape(&parent.title),
                md_ref(&parent.reference),
                parent.grade,
                parent.band.as_str(),
                kids.join("<br>")
            ));
        }
    }

    out.push_str("\n### Portfolio\n\n");
    let p = &r.portfolio;
    match (p.aspirational_mean, p.verdict) {
        (Some(m), Some(v)) => out.push_str(&format!(
            "Mean grade **{m:.2}** over {} aspirational outcome key results (inputs, guardrails and milestones left out): **{}**{}, {}.\n",
            p.aspirational,
            v.label(),
            so_far(r),
            v.explain()
        )),
        _ => out.push_str("No graded aspirational outcome key results: no verdict.\n"),
    }
    if let Some(m) = p.input_mean {
        out.push_str(&format!(
            "\nInput delivery: **{m:.2}** over {}.\n",
            crate::render::check::plural(p.inputs, "input key result")
        ));
    }
    if let Some(m) = p.mean {
        out.push_str(&format!("\nAll {} graded key results: {m:.2}.", p.graded));
        if p.committed > 0 {
            out.push_str(&format!(" Committed objectives delivered: {} of {}.", p.delivered, p.committed));
        }
        out.push('\n');
    }

    out.push_str("\n### Committed objectives that missed\n\n");
    let missed: Vec<&ObjectiveGrade<'_>> = r.committed_missed().collect();
    if missed.is_empty() {
        out.push_str("None.\n");
    } else {
        out.push_str("| Objective | Score | Key results below 1.0 |\n|---|---|---|\n");
        for g in missed {
            let below: Vec<String> = committed_missed_krs(g)
                .iter()
                .map(|k| format!("{} ({})", md_escape(&k.kr.title), score_text(k.grade()).trim()))
                .collect();
            out.push_str(&format!(
                "| 🔴 {} {} | {} | {} |\n",
                md_escape(&g.objective.title),
                md_ref(&g.reference),
                score_text(g.grade).trim(),
                below.join("<br>")
            ));
        }
    }

    out.push_str("\n### Grades\n\n| Objective / key result | Score | Band | Value |\n|---|---|---|---|\n");
    for g in &r.objectives {
        let o = g.objective;
        let committed = if o.commitment == crate::core::model::Commitment::Committed { " (committed)" } else { "" };
        out.push_str(&format!(
            "| **{}** {}{committed} | **{}** | {} {} | |\n",
            md_escape(&o.title),
            md_ref(&g.reference),
            score_text(g.grade).trim(),
            band_icon(g.band),
            band_name(g.band)
        ));
        for k in &g.key_results {
            out.push_str(&format!(
                "| ↳ {} | {} | {} {} | {} |\n",
                md_escape(&k.kr.title),
                score_text(k.grade()).trim(),
                band_icon(k.band),
                band_name(k.band),
                md_escape(&value(k))
            ));
        }
    }

    history_markdown(&mut out, r);

    let c = &r.carry_over;
    out.push_str(&format!("\n### Carried over into {}\n\n", c.next));
    if !c.planned {
        out.push_str(&format!("{} has no OKRs yet.\n", c.next));
        return out;
    }
    if c.objectives.is_empty() {
        out.push_str("No objective continues.\n");
    } else {
        out.push_str(&format!("| Objective | In {} | Matched by |\n|---|---|---|\n", c.next));
        for o in &c.objectives {
            let how = match o.matched_by {
                crate::views::diff::ObjectiveMatch::Title(s) => format!("similar title ({s:.2})"),
                _ => "same id".into(),
            };
            let to = if o.to.title == o.from.title {
                md_ref(&o.to.reference())
            } else {
                format!("{} {}", md_escape(&o.to.title), md_ref(&o.to.reference()))
            };
            out.push_str(&format!("| {} {} | {to} | {how} |\n", md_escape(&o.from.title), md_ref(&o.from.reference())));
        }
    }
    if !c.metrics.is_empty() {
        out.push_str("\n| Metric | From | To | Hand-over |\n|---|---|---|---|\n");
        for m in &c.metrics {
            out.push_str(&format!(
                "| {} | {} | {} | {} |\n",
                md_escape(&m.continuation.metric),
                md_ref(&m.from_objective.kr_ref(m.from)),
                md_ref(&m.to_objective.kr_ref(m.to)),
                handover(m)
            ));
        }
    }
    if !c.dropped.is_empty() {
        let list: Vec<String> =
            c.dropped.iter().map(|o| format!("{} {}", md_escape(&o.title), md_ref(&o.reference()))).collect();
        out.push_str(&format!("\nNot carried over: {}.\n", list.join(", ")));
    }
    out
}

/// The note for a history section that cannot be filled, in Markdown.
const NEEDS_HISTORY_MD: &str =
    "_Needs the git history, which was not read (`--no-history`, a shallow clone, or no git repository)._\n";

/// A history section as Markdown: its heading, then its note (`nothing`
/// when it found nothing) or a table of `head` (header and separator rows)
/// and one `row` an item.
fn section_markdown<T>(
    out: &mut String,
    r: &Retro<'_>,
    title: &str,
    section: Section<'_, T>,
    nothing: &str,
    head: &str,
    row: impl Fn(&T) -> String,
) {
    out.push_str(&format!("\n### {title}\n\n"));
    match section {
        Section::NoHistory => out.push_str(NEEDS_HISTORY_MD),
        Section::Untracked => out.push_str(&format!("_{}._\n", md_escape(&capitalised(&untracked(r))))),
        Section::Nothing => out.push_str(&format!("{nothing}\n")),
        Section::Items(items) => {
            out.push_str(head);
            items.iter().for_each(|i| out.push_str(&row(i)));
        }
    }
}

fn history_markdown(out: &mut String, r: &Retro<'_>) {
    let moved = Section::of(r, false, |h| &h.moved);
    let head = "| Key result | Field | Old → new | Who | When | Commit |\n|---|---|---|---|---|---|\n";
    section_markdown(out, r, "Targets moved after the quarter began", moved, "None.", head, |m| {
        let late = if m.after_end { " (after the quarter ended)" } else { "" };
        format!(
            "| {} {} | {} | {} → {} | {} | {}{late} | {} {} |\n",
            md_escape(&m.kr.title),
            md_ref(&m.objective.kr_ref(m.kr)),
            m.field,
            show(m.from),
            show(m.to),
            md_escape(&m.commit.author),
            date(m.commit.time),
            md_ref(short(&m.commit.id)),
            md_escape(&m.commit.summary)
        )
    });
    let stale = Section::of(r, true, |h| &h.stale);
    let nothing = "None: every key result was checked in within its cadence.";
    let head = "| Key result | Last check-in | Days without one | Allowed |\n|---|---|---|---|\n";
    section_markdown(out, r, &stale_heading(r), stale, nothing, head, |s| {
        let last = s
            .last_update
            .as_ref()
            .map_or("not during the quarter".to_string(), |c| format!("{} by {}", date(c.time), md_escape(&c.author)));
        let allowed = match s.kr.cadence {
            Some(c) => format!("{} ({c})", s.allowed),
            None => format!("{} (`stale_after_days`)", s.allowed),
        };
        format!(
            "| {} {} | {last} | {} | {allowed} |\n",
            md_escape(&s.kr.title),
            md_ref(&s.objective.kr_ref(s.kr)),
            s.days
        )
    });
    let idle = Section::of(r, true, |h| &h.idle_inputs);
    let head = "| Input | Weeks target met | Flat since | Drives |\n|---|---|---|---|\n";
    section_markdown(out, r, "Inputs that moved nothing", idle, "None.", head, |i| {
        let drives: Vec<String> = i.drives.iter().map(|d| md_ref(d)).collect();
        format!(
            "| {} {} | {} | {} | {} |\n",
            md_escape(&i.kr.title),
            md_ref(&i.objective.kr_ref(i.kr)),
            i.weeks_met,
            i.since,
            drives.join("<br>")
        )
    });
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next().map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
}

// ---------------------------------------------------------------- JSON

#[derive(Serialize)]
struct JsonPortfolio {
    mean: Option<Num>,
    graded: usize,
    aspirational_mean: Option<Num>,
    aspirational: usize,
    input_mean: Option<Num>,
    inputs: usize,
    verdict: Option<&'static str>,
    committed: usize,
    delivered: usize,
}

#[derive(Serialize)]
struct JsonGraded<'a> {
    #[serde(rename = "ref")]
    reference: &'a str,
    title: &'a str,
    score: Num,
    band: &'static str,
}

impl<'a> JsonGraded<'a> {
    fn new(g: &'a Graded) -> JsonGraded<'a> {
        JsonGraded { reference: &g.reference, title: &g.title, score: Num(g.grade), band: g.band.as_str() }
    }
}

#[derive(Serialize)]
struct JsonParentMiss<'a> {
    #[serde(flatten)]
    parent: JsonGraded<'a>,
    children: Vec<JsonGraded<'a>>,
}

#[derive(Serialize)]
struct JsonCommittedMiss<'a> {
    #[serde(rename = "ref")]
    reference: &'a str,
    title: &'a str,
    score: Option<Num>,
    missed_key_results: Vec<&'a str>,
}

#[derive(Serialize)]
struct JsonKr<'a> {
    #[serde(rename = "ref")]
    reference: &'a str,
    title: &'a str,
    layer: &'static str,
    baseline: Option<Num>,
    target: Option<Num>,
    current: Option<Num>,
    progress: Option<Num>,
    score: Option<Num>,
    band: Option<&'static str>,
    guardrail: bool,
}

#[derive(Serialize)]
struct JsonObjective<'a> {
    #[serde(rename = "ref")]
    reference: &'a str,
    team: &'a str,
    title: &'a str,
    commitment: &'static str,
    parent: Option<&'a Ref>,
    score: Option<Num>,
    band: Option<&'static str>,
    key_results: Vec<JsonKr<'a>>,
}

#[derive(Serialize)]
struct JsonCommit<'a> {
    id: &'a str,
    author: &'a str,
    time: String,
    summary: &'a str,
}

impl<'a> JsonCommit<'a> {
    fn new(c: &'a Commit) -> JsonCommit<'a> {
        JsonCommit { id: &c.id, author: &c.author, time: rfc3339(c.time), summary: &c.summary }
    }
}

#[derive(Serialize)]
struct JsonMoved<'a> {
    #[serde(rename = "ref")]
    reference: String,
    field: &'static str,
    from: Option<Num>,
    to: Option<Num>,
    after_end: bool,
    commit: JsonCommit<'a>,
}

#[derive(Serialize)]
struct JsonStale<'a> {
    #[serde(rename = "ref")]
    reference: String,
    title: &'a str,
    cadence: Option<&'static str>,
    days: i64,
    allowed_days: i64,
    last_update: Option<JsonCommit<'a>>,
}

#[derive(Serialize)]
struct JsonIdle<'a> {
    #[serde(rename = "ref")]
    reference: String,
    title: &'a str,
    weeks_met: usize,
    since: String,
    drives: &'a [String],
}

#[derive(Serialize)]
struct JsonHistory<'a> {
    tracked: usize,
    moved_targets: Vec<JsonMoved<'a>>,
    stale: Vec<JsonStale<'a>>,
    inputs_without_effect: Vec<JsonIdle<'a>>,
}

#[derive(Serialize)]
struct JsonCarriedObjective {
    from: String,
    to: String,
    matched_by: &'static str,
    similarity: Option<Num>,
}

#[derive(Serialize)]
struct JsonCarriedMetric<'a> {
    metric: &'a str,
    from: String,
    to: String,
    matched_by: &'static str,
    layer: &'static str,
    last_current: Option<Num>,
    baseline: Option<Num>,
}

#[derive(Serialize)]
struct JsonCarryOver<'a> {
    quarter: String,
    planned: bool,
    objectives: Vec<JsonCarriedObjective>,
    metrics: Vec<JsonCarriedMetric<'a>>,
    dropped: Vec<String>,
}

#[derive(Serialize)]
struct JsonRetro<'a> {
    quarter: String,
    from: String,
    to: String,
    graded_on: String,
    over: bool,
    portfolio: JsonPortfolio,
    parents_missed: Vec<JsonParentMiss<'a>>,
    committed_missed: Vec<JsonCommittedMiss<'a>>,
    objectives: Vec<JsonObjective<'a>>,
    history: Option<JsonHistory<'a>>,
    carry_over: JsonCarryOver<'a>,
}

fn layer(l: Layer) -> &'static str {
    l.as_str()
}

// Long: one struct literal, the JSON shape of the retro field by field.
pub fn json(r: &Retro<'_>) -> String {
    let p = &r.portfolio;
    let history = r.history.as_ref().map(|h| JsonHistory {
        tracked: h.tracked,
        moved_targets: h
            .moved
            .iter()
            .map(|m| JsonMoved {
                reference: m.objective.kr_ref(m.kr),
                field: m.field,
                from: num(m.from),
                to: num(m.to),
                after_end: m.after_end,
                commit: JsonCommit::new(&m.commit),
            })
            .collect(),
        stale: h
            .stale
            .iter()
            .map(|s| JsonStale {
                reference: s.objective.kr_ref(s.kr),
                title: &s.kr.title,
                cadence: s.kr.cadence.map(|c| c.as_str()),
                days: s.days,
                allowed_days: s.allowed,
                last_update: s.last_update.as_ref().map(JsonCommit::new),
            })
            .collect(),
        inputs_without_effect: h
            .idle_inputs
            .iter()
            .map(|i| JsonIdle {
                reference: i.objective.kr_ref(i.kr),
                title: &i.kr.title,
                weeks_met: i.weeks_met,
                since: i.since.to_string(),
                drives: &i.drives,
            })
            .collect(),
    });
    let c = &r.carry_over;
    to_json(&JsonRetro {
        quarter: r.quarter.to_string(),
        from: r.start.to_string(),
        to: r.end.to_string(),
        graded_on: r.graded_on.to_string(),
        over: r.over(),
        portfolio: JsonPortfolio {
            mean: num(p.mean),
            graded: p.graded,
            aspirational_mean: num(p.aspirational_mean),
            aspirational: p.aspirational,
            input_mean: num(p.input_mean),
            inputs: p.inputs,
            verdict: p.verdict.map(|v| v.as_str()),
            committed: p.committed,
            delivered: p.delivered,
        },
        parents_missed: r
            .parents_missed
            .iter()
            .map(|m| JsonParentMiss {
                parent: JsonGraded::new(&m.parent),
                children: m.children.iter().map(JsonGraded::new).collect(),
            })
            .collect(),
        committed_missed: r
            .committed_missed()
            .map(|g| JsonCommittedMiss {
                reference: &g.reference,
                title: &g.objective.title,
                score: num(g.grade),
                missed_key_results: committed_missed_krs(g).iter().map(|k| k.reference.as_str()).collect(),
            })
            .collect(),
        objectives: r
            .objectives
            .iter()
            .map(|g| JsonObjective {
                reference: &g.reference,
                team: &g.objective.team,
                title: &g.objective.title,
                commitment: g.objective.commitment.as_str(),
                parent: g.objective.parent_resolved.as_ref(),
                score: num(g.grade),
                band: g.band.map(Band::as_str),
                key_results: g
                    .key_results
                    .iter()
                    .map(|k| JsonKr {
                        reference: &k.reference,
                        title: &k.kr.title,
                        layer: layer(k.kr.layer),
                        baseline: num(k.score.values.baseline),
                        target: num(k.score.values.target),
                        current: num(k.score.values.current),
                        progress: num(k.score.progress),
                        score: num(k.grade()),
                        band: k.band.map(Band::as_str),
                        guardrail: k.guardrail(),
                    })
                    .collect(),
            })
            .collect(),
        history,
        carry_over: JsonCarryOver {
            quarter: c.next.to_string(),
            planned: c.planned,
            objectives: c
                .objectives
                .iter()
                .map(|o| JsonCarriedObjective {
                    from: o.from.reference(),
                    to: o.to.reference(),
                    matched_by: o.matched_by.as_str(),
                    similarity: match o.matched_by {
                        crate::views::diff::ObjectiveMatch::Title(s) => Some(Num(s)),
                        _ => None,
                    },
                })
                .collect(),
            metrics: c
                .metrics
                .iter()
                .map(|m| JsonCarriedMetric {
                    metric: &m.continuation.metric,
                    from: m.from_objective.kr_ref(m.from),
                    to: m.to_objective.kr_ref(m.to),
                    matched_by: m.matched_by.as_str(),
                    layer: layer(m.to.layer),
                    last_current: num(m.continuation.last_current),
                    baseline: num(m.continuation.baseline),
                })
                .collect(),
            dropped: c.dropped.iter().map(|o| o.reference()).collect(),
        },
    })
}

#[cfg(test)]
mod tests {
    use crate::analysis::rules::testing::{kr, objective, workspace};
    use crate::core::config::Config;
    use crate::core::quarter::Quarter;
    use jiff::civil::date;

    #[test]
    fn markdown_escapes_what_comes_from_the_files() {
        let parent = objective(
            "title: \"Grow *fast* [big](http://x)\"\n",
            &[kr("arr", "ARR | <b>bold</b> @team", "    baseline: 0\n    target: 10\n    current: 1\n")],
            "Grow",
        );
        let child = objective(
            "parent: \"company/x#arr\"\n",
            &[kr("a", "Raise a_b from 0 to 10", "    baseline: 0\n    target: 10\n    current: 9\n")],
            "Win",
        );
        let ws = workspace(&[("2026-Q1/company/x.md", &parent), ("2026-Q1/growth/a.md", &child)]);
        let r = crate::views::retro::retro(
            &ws,
            None,
            &Config::default(),
            Quarter::parse("2026-Q1").unwrap(),
            date(2026, 4, 2),
        );
        let md = super::markdown(&r);
        assert!(md.contains("ARR \\| &lt;b&gt;bold&lt;/b&gt; @\u{200b}team"), "{md}");
        assert!(md.contains("Grow \\*fast\\* \\[big\\](http://x)"), "{md}");
        assert!(md.contains("Raise a\\_b from 0 to 10"), "{md}");
        assert!(!md.contains("<b>"), "{md}");
    }
}
