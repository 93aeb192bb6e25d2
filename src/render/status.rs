//! `okr status`: scores per team, objective and KR.

use super::{fit, md_escape, num, to_json, Num};
use crate::core::escape::terminal;
use crate::core::model::{Commitment, Direction, KeyResult, Objective};
use crate::core::refs::Period;
use crate::core::refs::Ref;
use crate::core::score::{KrScore, NumFormat, ObjectiveScore, Status};
use crate::core::style::{paint, BOLD, CYAN, DIM, GREEN, RED, YELLOW};
use crate::core::workspace::Unreadable;
use jiff::civil::Date;
use serde::Serialize;

/// What history adds to a KR (empty without history).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct KrHistory {
    /// Time of the last commit that changed `current`, RFC 3339 UTC.
    pub updated: Option<String>,
    /// Least-squares projection of `current` at the quarter's last day.
    pub projected: Option<f64>,
    /// Values of `current` over the quarter, oldest first (for sparklines).
    pub values: Vec<f64>,
}

/// One objective with its scores.
pub struct ObjectiveView<'a> {
    pub objective: &'a Objective,
    /// Which key results are shown (`okr status --owner`), by index; `None`: all.
    pub shown: Option<Vec<bool>>,
    pub score: ObjectiveScore,
    pub history: Vec<KrHistory>,
}

impl ObjectiveView<'_> {
    /// Whether the key result at `index` is shown.
    fn shows(&self, index: usize) -> bool {
        self.shown.as_ref().is_none_or(|s| s.get(index).copied().unwrap_or(true))
    }
}

/// The whole report.
pub struct StatusView<'a> {
    pub as_of: Date,
    /// The period shown: a quarter, or a longer horizon (SPEC §11).
    pub quarter: Option<Period>,
    pub expected: f64,
    pub company_team: String,
    /// `--owner`: only what this person owns is shown.
    pub owner: Option<&'a str>,
    pub objectives: Vec<ObjectiveView<'a>>,
    /// Objectives of the quarter (and team) whose file cannot be read.
    pub unreadable: Vec<&'a Unreadable>,
    /// Whether the git history was read (JSON `history`, the Markdown note).
    pub history: super::HistoryUse,
}

/// A team's objectives, readable ones first.
type TeamGroup<'v, 'a> = (&'v str, Vec<&'v ObjectiveView<'a>>, Vec<&'v Unreadable>);

impl<'a> StatusView<'a> {
    /// Objectives grouped by team: the company team first, then by name.
    fn teams(&self) -> Vec<TeamGroup<'_, 'a>> {
        let mut teams: Vec<TeamGroup<'_, 'a>> = Vec::new();
        for v in &self.objectives {
            match teams.iter_mut().find(|(t, _, _)| *t == v.objective.team) {
                Some((_, list, _)) => list.push(v),
                None => teams.push((&v.objective.team, vec![v], Vec::new())),
            }
        }
        for &u in &self.unreadable {
            match teams.iter_mut().find(|(t, _, _)| *t == u.team) {
                Some((_, _, list)) => list.push(u),
                None => teams.push((&u.team, Vec::new(), vec![u])),
            }
        }
        teams.sort_by_key(|(t, _, _)| (*t != self.company_team, t.to_string()));
        teams
    }
}

/// Where an unreadable objective's file fails, and why: `FILE:LINE:COL: MESSAGE`.
fn unreadable_text(u: &Unreadable) -> String {
    format!("{}:{}: {}", u.file, u.pos, u.message)
}

/// The colour of a status in the terminal.
pub fn status_style(s: Option<Status>) -> anstyle::Style {
    match s {
        Some(Status::Done) => GREEN.bold(),
        Some(Status::OnTrack) => GREEN,
        Some(Status::AtRisk) => YELLOW,
        Some(Status::OffTrack) => RED,
        None => DIM,
    }
}

/// A 10-cell bar with eighth-cell resolution.
pub fn bar(score: Option<f64>, cells: usize) -> String {
    let Some(s) = score else {
        return " ".repeat(cells);
    };
    let eighths = (s.clamp(0.0, 1.0) * (cells * 8) as f64).round() as usize;
    let full = eighths / 8;
    let part = eighths % 8;
    let mut out = "█".repeat(full);
    if full < cells {
        out.push_str(["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"][part]);
        let used = full + usize::from(part > 0);
        out.push_str(&"░".repeat(cells - used));
    }
    out
}

/// A sparkline of values.
pub fn sparkline(values: &[f64]) -> String {
    const TICKS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let (min, max) = values.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &v| (a.min(v), b.max(v)));
    values
        .iter()
        .map(|&v| if max > min { TICKS[(((v - min) / (max - min)) * 7.0).round() as usize] } else { TICKS[3] })
        .collect()
}

/// The KR's unit as it follows a number: `%` right after it, any other
/// unit after a space (`12 kUSD`), nothing without one.
pub fn unit(kr: &KeyResult) -> String {
    unit_suffix(kr.unit.as_deref())
}

/// A unit as it follows a number: `%` directly, any other after a space.
pub fn unit_suffix(unit: Option<&str>) -> String {
    match unit {
        Some("%") => "%".into(),
        Some(u) => format!(" {u}"),
        None => String::new(),
    }
}

/// The KR's value in words: `29.5 → 32%`, `12 (≤ 15)`, `done`.
pub fn value_text(kr: &KeyResult, s: &KrScore) -> String {
    if let Some(done) = kr.done {
        return if done { "done".into() } else { "not done".into() };
    }
    let u = unit(kr);
    let f = NumFormat::of_kr(kr);
    let num = |v: f64| f.fmt(v);
    if s.unreadable {
        let fields: Vec<&str> = ["baseline", "target", "current", "weekly_target", "done"]
            .into_iter()
            .filter(|f| kr.unreadable.contains(f))
            .collect();
        return format!("unreadable {}", fields.join(", "));
    }
    let cur = s.values.current.map_or("–".into(), num);
    match (s.values.direction, s.values.target) {
        (Some(Direction::AtLeast), Some(t)) => format!("{cur}{u} (≥ {}{u})", num(t)),
        (Some(Direction::AtMost), Some(t)) => format!("{cur}{u} (≤ {}{u})", num(t)),
        (_, Some(t)) => format!("{cur} → {}{u}", num(t)),
        (_, None) => format!("{cur}{u}, no target"),
    }
}

fn score_text(s: Option<f64>) -> String {
    s.map_or_else(|| "  – ".into(), |v| format!("{v:.2}"))
}

/// Whether a committed objective is projected to miss.
fn committed_miss(o: &Objective, s: &ObjectiveScore) -> bool {
    o.commitment == Commitment::Committed && matches!(s.status, Some(Status::AtRisk | Status::OffTrack))
}

// Long: one table: the header, then per team its objectives and their KRs, in columns measured once for all rows.
pub fn text(view: &StatusView<'_>) -> String {
    let mut out = String::new();
    let Some(q) = view.quarter else {
        return "No objectives found.\n".into();
    };
    let whose = view.owner.map_or(String::new(), |o| format!(" · key results owned by {}", terminal(o)));
    out.push_str(&paint(
        BOLD,
        &format!("{q} · as of {} · {:.0}% of the {} elapsed{whose}", view.as_of, view.expected * 100.0, noun(q)),
    ));
    out.push('\n');
    if view.objectives.is_empty() && view.unreadable.is_empty() {
        out.push_str("\nNo objectives match.\n");
        return out;
    }
    let title_w = view
        .objectives
        .iter()
        .flat_map(|v| {
            std::iter::once(super::width(&v.objective.title) + 2)
                .chain(v.objective.key_results.iter().map(|k| super::width(&k.title) + 4))
        })
        .max()
        .unwrap_or(20)
        .clamp(20, 64);
    for (team, objectives, unreadable) in view.teams() {
        out.push('\n');
        out.push_str(&paint(CYAN.bold(), &terminal(team)));
        out.push('\n');
        for v in objectives {
            let o = v.objective;
            let st = v.score.status;
            out.push_str(&format!(
                "  {}  {}  {}  {}  {}",
                paint(BOLD, &fit(&terminal(&o.title), title_w - 2)),
                paint(BOLD, &score_text(v.score.score)),
                paint(status_style(st), &bar(v.score.score, 10)),
                paint(status_style(st), &fit(st.map_or("no score", Status::label), 9)),
                paint(DIM, &terminal(&o.reference())),
            ));
            if o.commitment == Commitment::Committed {
                if committed_miss(o, &v.score) {
                    let words = if view.expected >= 1.0 { "missed 1.0" } else { "will miss 1.0 at this pace" };
                    out.push_str(&paint(RED, &format!("  committed: {words}")));
                } else {
                    out.push_str(&paint(DIM, "  committed"));
                }
            }
            out.push('\n');
            if let Some(bet) = &o.bet {
                out.push_str(&format!("    {}\n", paint(DIM, &format!("bet: {}", terminal(&one_line(bet))))));
            }
            for (i, (kr, s)) in o.key_results.iter().zip(&v.score.key_results).enumerate().filter(|(i, _)| v.shows(*i))
            {
                let hist = v.history.get(i);
                let mut line = format!(
                    "    {}  {}  {}  {}  {}",
                    fit(&terminal(&kr.title), title_w - 4),
                    score_text(s.score),
                    paint(status_style(s.status), &bar(s.score, 10)),
                    paint(status_style(s.status), &fit(s.status.map_or(s.no_status(), Status::label), 9)),
                    value_text(kr, s),
                );
                if let Some(h) = hist {
                    if h.values.len() > 1 {
                        line.push_str(&format!("  {}", paint(DIM, &sparkline(&h.values))));
                    }
                    if let Some(u) = &h.updated {
                        line.push_str(&paint(DIM, &format!("  updated {}", &u[..u.len().min(10)])));
                    }
                }
                out.push_str(line.trim_end());
                out.push('\n');
            }
        }
        // Not scored (no 0.00, no bar): unknown, with where to look.
        for u in unreadable {
            out.push_str(&format!(
                "  {}  {}  {}  {} {}\n",
                paint(BOLD, &fit("(cannot be read)", title_w - 2)),
                paint(BOLD, &score_text(None)),
                bar(None, 10),
                paint(RED, "unreadable"),
                paint(DIM, &terminal(&u.reference)),
            ));
            out.push_str(&format!("    {}\n", paint(RED, &terminal(&unreadable_text(u)))));
        }
    }
    out
}

fn status_icon(s: Option<Status>) -> &'static str {
    match s {
        Some(Status::Done) => "✅ done",
        Some(Status::OnTrack) => "🟢 on track",
        Some(Status::AtRisk) => "🟡 at risk",
        Some(Status::OffTrack) => "🔴 off track",
        None => "⚪ no target",
    }
}

/// Free text on one line (a `bet:` may be a YAML block over several).
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What the period shown is called in a sentence.
fn noun(p: Period) -> &'static str {
    if p.is_quarter() {
        "quarter"
    } else {
        "period"
    }
}

pub fn markdown(view: &StatusView<'_>) -> String {
    let note =
        view.history.notice().map_or_else(String::new, |n| format!("\n> **Note:** {}\n", super::summary::inline(&n)));
    let Some(q) = view.quarter else {
        return format!("No objectives found.\n{note}");
    };
    let whose = view.owner.map_or(String::new(), |o| format!(" Key results owned by {}.", md_escape(o)));
    let mut out = format!(
        "## OKR status {q}\n\nAs of {}, {:.0}% of the {} has elapsed.{whose}\n{note}",
        view.as_of,
        view.expected * 100.0,
        noun(q)
    );
    for (team, objectives, unreadable) in view.teams() {
        out.push_str(&format!("\n### {}\n\n", md_escape(team)));
        out.push_str("| Objective / key result | Score | Status | Value |\n|---|---:|---|---|\n");
        for v in objectives {
            let o = v.objective;
            let committed = if committed_miss(o, &v.score) {
                // Once the quarter is over, the miss is a fact.
                if view.expected >= 1.0 {
                    " (committed: missed 1.0)"
                } else {
                    " (committed: will miss 1.0 at this pace)"
                }
            } else if o.commitment == Commitment::Committed {
                " (committed)"
            } else {
                ""
            };
            let bet = o.bet.as_deref().map_or(String::new(), |b| format!("<br>*Bet:* {}", md_escape(&one_line(b))));
            out.push_str(&format!(
                "| **{}**{committed}<br>{}{bet} | **{}** | {} | |\n",
                md_escape(&o.title),
                crate::core::escape::markdown_code(&o.reference()),
                score_text(v.score.score).trim(),
                status_icon(v.score.status)
            ));
            for (i, (kr, s)) in o.key_results.iter().zip(&v.score.key_results).enumerate() {
                if !v.shows(i) {
                    continue;
                }
                out.push_str(&format!(
                    "| ↳ {} | {} | {} | {} |\n",
                    md_escape(&kr.title),
                    score_text(s.score).trim(),
                    if s.unreadable { "⚠️ unreadable" } else { status_icon(s.status) },
                    md_escape(&value_text(kr, s))
                ));
            }
        }
        for u in unreadable {
            out.push_str(&format!(
                "| *cannot be read*<br>{} | – | ⚠️ unreadable | {} |\n",
                crate::core::escape::markdown_code(&u.reference),
                md_escape(&unreadable_text(u))
            ));
        }
    }
    out
}

#[derive(Serialize)]
struct JsonReport<'a> {
    as_of: String,
    /// Only with `--owner`.
    #[serde(skip_serializing_if = "Option::is_none")]
    owner: Option<&'a str>,
    objectives: Vec<JsonObjective<'a>>,
    history: &'a super::HistoryUse,
}

#[derive(Serialize)]
struct JsonObjective<'a> {
    #[serde(rename = "ref")]
    reference: String,
    quarter: String,
    team: &'a str,
    title: Option<&'a str>,
    #[serde(rename = "type")]
    kind: Option<&'static str>,
    owner: Option<&'a str>,
    parent: Option<&'a Ref>,
    commitment: Option<&'static str>,
    /// The bet the objective tests (SPEC §11); only when set.
    #[serde(skip_serializing_if = "Option::is_none")]
    bet: Option<&'a str>,
    score: Option<Num>,
    expected: Num,
    status: Option<&'static str>,
    key_results: Vec<JsonKr<'a>>,
    /// Only on an objective whose file cannot be read (everything above
    /// that the file would say is then `null`).
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<JsonError<'a>>,
}

/// The first error of a file that cannot be read.
#[derive(Serialize)]
struct JsonError<'a> {
    file: &'a str,
    line: u32,
    column: u32,
    message: &'a str,
}

#[derive(Serialize)]
struct JsonKr<'a> {
    #[serde(rename = "ref")]
    reference: String,
    id: &'a str,
    title: &'a str,
    layer: &'static str,
    baseline: Option<Num>,
    target: Option<Num>,
    current: Option<Num>,
    progress: Option<Num>,
    score: Option<Num>,
    expected: Num,
    status: Option<&'static str>,
    updated: Option<&'a str>,
    projected: Option<Num>,
}

pub fn json(view: &StatusView<'_>) -> String {
    let mut objectives: Vec<JsonObjective<'_>> = view
        .objectives
        .iter()
        .map(|v| {
            let o = v.objective;
            JsonObjective {
                reference: o.reference(),
                quarter: o.period.to_string(),
                team: &o.team,
                title: Some(&o.title),
                kind: Some(o.kind.as_str()),
                owner: o.owner.as_deref(),
                parent: o.parent_resolved.as_ref(),
                commitment: Some(o.commitment.as_str()),
                bet: o.bet.as_deref(),
                score: num(v.score.score),
                expected: Num(v.score.expected),
                status: v.score.status.map(Status::as_str),
                key_results: o
                    .key_results
                    .iter()
                    .zip(&v.score.key_results)
                    .enumerate()
                    .filter(|(i, _)| v.shows(*i))
                    .map(|(i, (kr, s))| {
                        let h = v.history.get(i);
                        JsonKr {
                            reference: o.kr_ref(kr),
                            id: &kr.id,
                            title: &kr.title,
                            layer: kr.layer.as_str(),
                            baseline: num(s.values.baseline),
                            target: num(s.values.target),
                            current: num(s.values.current),
                            progress: num(s.progress),
                            score: num(s.score),
                            expected: Num(s.expected),
                            status: s.status.map(Status::as_str),
                            updated: h.and_then(|h| h.updated.as_deref()),
                            projected: num(h.and_then(|h| h.projected)),
                        }
                    })
                    .collect(),
                error: None,
            }
        })
        .collect();
    // Objectives whose file cannot be read, in ref order with the others.
    let expected = view.quarter.map_or(0.0, |_| view.expected);
    for u in &view.unreadable {
        let entry = JsonObjective {
            reference: u.reference.clone(),
            quarter: u.period.to_string(),
            team: &u.team,
            title: None,
            kind: None,
            owner: None,
            parent: None,
            commitment: None,
            bet: None,
            score: None,
            expected: Num(expected),
            status: None,
            key_results: Vec::new(),
            error: Some(JsonError { file: &u.file, line: u.pos.line, column: u.pos.column, message: &u.message }),
        };
        let at = objectives.partition_point(|o| o.reference < entry.reference);
        objectives.insert(at, entry);
    }
    to_json(&JsonReport { as_of: view.as_of.to_string(), owner: view.owner, objectives, history: &view.history })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars() {
        assert_eq!(bar(Some(0.0), 10), "░░░░░░░░░░");
        assert_eq!(bar(Some(1.0), 10), "██████████");
        assert_eq!(bar(Some(0.5), 10), "█████░░░░░");
        assert_eq!(bar(Some(0.3125), 10), "███▏░░░░░░");
        assert_eq!(bar(Some(2.0), 4), "████");
        assert_eq!(bar(None, 3), "   ");
    }

    #[test]
    fn sparklines() {
        assert_eq!(sparkline(&[1.0, 2.0, 3.0]), "▁▅█");
        assert_eq!(sparkline(&[5.0, 5.0]), "▄▄");
    }
}
