//! `okr retro PERIOD` for a half, a year or a span: each bet's own
//! movement beside the quarters beneath it, as text, paste-ready Markdown
//! and JSON (docs/commands.md has the JSON shape).

use super::{band_icon, band_name, band_style, capitalised, heading, md_ref, score_text};
use crate::core::refs::Ref;
use crate::core::score::NumFormat;
use crate::core::style::{paint, BOLD, DIM, GREEN, RED, YELLOW};
use crate::render::status::unit;
use crate::render::{fit, md_escape, num, to_json, width, Num};
use crate::views::retro::period::{Beneath, BetClose, BetVerdict, KrMovement, PeriodRetro, StartFrom, MOVED};
use crate::views::retro::{Band, HIT, PROGRESS};
use serde::Serialize;

/// A change of score with its sign: `+0.05`, `-0.10`, `+0.00`.
fn signed(v: f64) -> String {
    format!("{}{v:.2}", if v >= 0.0 { "+" } else { "" })
}

fn opt_signed(v: Option<f64>) -> String {
    v.map_or("–".into(), signed)
}

/// The header's note: not started, still running (pace), or none.
fn header_note(r: &PeriodRetro<'_>) -> Option<String> {
    if r.not_started() {
        return Some(format!(
            "{} has not started yet (it starts on {}): there is nothing to close.",
            r.period, r.start
        ));
    }
    if r.over() {
        return None;
    }
    let left = crate::core::quarter::days_between(r.graded_on, r.end);
    let expected = r.expected;
    Some(format!(
        "{} is in progress: this is as of {}, {left} days before its last day ({}); pace expects {expected:.2} of the way by now, and the verdicts are so far.",
        r.period, r.graded_on, r.end
    ))
}

/// Where a KR started: `30% (period start)`, `20 (first point, 2026-03-02)`.
fn start_text(m: &KrMovement<'_>) -> String {
    let f = NumFormat::of_kr(m.kr);
    let v = match (m.kr.done, m.start) {
        (Some(_), Some(s)) => (if s >= 1.0 { "done" } else { "not done" }).to_string(),
        (_, Some(s)) => format!("{}{}", f.fmt(s), unit(m.kr)),
        (_, None) => "–".into(),
    };
    let from = match m.start_from {
        StartFrom::PeriodStart => "period start".to_string(),
        StartFrom::FirstPoint(d) => format!("first point, {d}"),
        StartFrom::Baseline => "baseline".to_string(),
    };
    format!("{v} ({from})")
}

/// Where a KR is now: `35%, target 100%`.
fn now_text(m: &KrMovement<'_>) -> String {
    if let Some(done) = m.kr.done {
        return (if done { "done" } else { "not done" }).into();
    }
    let f = NumFormat::of_kr(m.kr);
    let u = unit(m.kr);
    let cur = m.now.values.current.map_or("–".into(), |v| format!("{}{u}", f.fmt(v)));
    match m.now.values.target {
        Some(t) => format!("{cur}, target {}{u}", f.fmt(t)),
        None => format!("{cur}, no target"),
    }
}

fn moved_text(m: &KrMovement<'_>) -> String {
    if m.guardrail() {
        "guardrail".into()
    } else {
        opt_signed(m.change)
    }
}

/// The verdict in words (no Markdown): the finding, then what to do with it.
fn verdict_words(b: &BetClose<'_>, r: &PeriodRetro<'_>) -> (String, &'static str) {
    let mean = b.quarters_mean.map_or("–".into(), |m| format!("{m:.2}"));
    let moved = opt_signed(b.movement);
    match b.verdict {
        BetVerdict::QuartersHitBetFlat => (
            format!("the quarters hit {mean} on average, the bet's own metrics did not move ({moved})"),
            "what the quarters delivered did not reach the bet: ask what you assumed connects them, and what the next bet is",
        ),
        BetVerdict::BetMovedQuartersMissed => (
            format!("the bet moved ({moved}) while the quarters beneath it missed ({mean} on average)"),
            "something other than the quarter OKRs moved it, or they measured the wrong things",
        ),
        BetVerdict::BothMoved => (
            format!("the quarters hit {mean} on average and the bet moved ({moved})"),
            "they agree: the quarters moved the bet",
        ),
        BetVerdict::NeitherMoved => (
            format!("the quarters missed ({mean} on average) and the bet did not move ({moved})"),
            "they agree: the bet was not moved this period",
        ),
        BetVerdict::Mixed => {
            let bet = if b.movement.is_some_and(|m| m >= MOVED) { "moved" } else { "did not move" };
            (
                format!("the quarters made progress ({mean} on average) and the bet's own metrics {bet} ({moved})"),
                "no clear disagreement: the quarters neither clearly hit nor clearly missed",
            )
        }
        BetVerdict::NothingBeneath => (
            format!("no quarter objective contributes to it: none begun by {} has a parent chain that reaches it", r.graded_on),
            "its movement cannot be checked against quarter OKRs: name it, or one of its key results, as the parent of the quarter objectives that work on it",
        ),
        BetVerdict::Unmeasured => (
            format!("the quarters beneath averaged {mean}, but the bet's own key results have no target to measure movement against"),
            "give the bet a metric with a baseline and a target",
        ),
    }
}

fn verdict_style(v: BetVerdict) -> anstyle::Style {
    match v {
        BetVerdict::QuartersHitBetFlat | BetVerdict::BetMovedQuartersMissed => RED.bold(),
        BetVerdict::BothMoved => GREEN,
        _ => YELLOW,
    }
}

fn verdict_icon(v: BetVerdict) -> &'static str {
    match v {
        BetVerdict::QuartersHitBetFlat | BetVerdict::BetMovedQuartersMissed => "⚠️",
        BetVerdict::BothMoved => "✅",
        _ => "ℹ️",
    }
}

fn verdict_heading(r: &PeriodRetro<'_>) -> &'static str {
    if r.over() {
        "Verdict"
    } else {
        "Verdict so far"
    }
}

/// The bet's text on one line.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `#share` for a KR of the bet, `(the objective)` for the bet itself.
fn via_text(b: &Beneath<'_>) -> String {
    b.via.kr().map_or("(the objective)".into(), |k| format!("#{k}"))
}

fn status_text(b: &BetClose<'_>) -> String {
    b.status.map_or_else(|| "no status".into(), |s| s.label().to_string())
}

// ---------------------------------------------------------------- text

/// The retro of a longer period as text.
pub fn text(r: &PeriodRetro<'_>) -> String {
    let mut out = paint(BOLD, &format!("Retro {} · {} to {} · graded on {}", r.period, r.start, r.end, r.graded_on));
    out.push('\n');
    if let Some(note) = header_note(r) {
        out.push_str(&paint(YELLOW.bold(), &note));
        out.push('\n');
    }
    if !r.history {
        out.push_str(&paint(DIM, "Without the git history, each key result's start is its baseline.\n"));
    }
    let title_w = r
        .objectives
        .iter()
        .flat_map(|b| {
            b.key_results.iter().map(|k| width(&k.kr.title)).chain(b.beneath.iter().map(|x| width(&x.objective.title)))
        })
        .max()
        .unwrap_or(20)
        .clamp(20, 50);
    for b in &r.objectives {
        bet_text(&mut out, r, b, title_w);
    }
    out
}

fn bet_text(out: &mut String, r: &PeriodRetro<'_>, b: &BetClose<'_>, title_w: usize) {
    let o = b.objective;
    heading(out, &format!("{}  {}", o.title, paint(DIM, &b.reference)));
    if let Some(bet) = &o.bet {
        out.push_str(&format!("  bet: {}\n", one_line(bet)));
    }
    let (finding, advice) = verdict_words(b, r);
    out.push_str(&format!("  {}: {}\n", verdict_heading(r), paint(verdict_style(b.verdict), &finding)));
    out.push_str(&paint(DIM, &format!("  {advice}\n")));
    out.push_str(&format!(
        "  Own key results: moved {} over the period · score {}{} · {}{}\n",
        paint(BOLD, &opt_signed(b.movement)),
        score_text(b.score).trim(),
        own_band(r, b),
        status_text(b),
        if r.over() { String::new() } else { format!(", pace {:.2}", b.expected) }
    ));
    for m in &b.key_results {
        out.push_str(&format!(
            "    {}  {} → {}  {} → {}  {}\n",
            fit(&m.kr.title, title_w),
            start_text(m),
            now_text(m),
            score_text(m.start_score).trim(),
            score_text(m.now.score).trim(),
            paint(BOLD, &moved_text(m))
        ));
    }
    match b.quarters_mean {
        Some(mean) => out.push_str(&format!(
            "  Quarter objectives beneath: {} graded, average grade {}\n",
            b.graded,
            paint(BOLD, &format!("{mean:.2}"))
        )),
        None => out.push_str("  Quarter objectives beneath: none graded\n"),
    }
    for x in &b.beneath {
        let running = if x.over { "" } else { "  (quarter running)" };
        out.push_str(&format!(
            "    {}  {}  {}  {}  {}{}\n",
            paint(BOLD, score_text(x.grade).trim_start()),
            paint(band_style(x.band), &fit(band_name(x.band), 9)),
            fit(&x.objective.title, title_w),
            paint(DIM, &x.reference),
            paint(DIM, &through_text(x)),
            paint(DIM, running)
        ));
    }
}

/// The grade band of the objective's own score, ` (hit)`, once the period is
/// over; while it runs the score is only a point on the way (pace says how far
/// along it should be), so it gets no grade word.
fn own_band(r: &PeriodRetro<'_>, b: &BetClose<'_>) -> String {
    if r.over() {
        format!(" ({})", band_name(b.band))
    } else {
        String::new()
    }
}

/// `via #share` or `via 2026/company/year → #share`.
fn through_text(x: &Beneath<'_>) -> String {
    let mut path: Vec<String> = x.through.iter().rev().cloned().collect();
    path.push(via_text(x));
    format!("via {}", path.join(" → "))
}

// ---------------------------------------------------------------- Markdown

/// The retro of a longer period as GitHub-flavoured Markdown.
pub fn markdown(r: &PeriodRetro<'_>) -> String {
    let mut out = format!("## Retro {}\n\n{} to {}, graded on {}.\n", r.period, r.start, r.end, r.graded_on);
    if let Some(note) = header_note(r) {
        out.push_str(&format!("\n> **{note}**\n"));
    }
    if !r.history {
        out.push_str("\n_Without the git history, each key result's start is its baseline._\n");
    }
    for b in &r.objectives {
        bet_markdown(&mut out, r, b);
    }
    out
}

fn bet_markdown(out: &mut String, r: &PeriodRetro<'_>, b: &BetClose<'_>) {
    let o = b.objective;
    out.push_str(&format!("\n### {} {}\n\n", md_escape(&o.title), md_ref(&b.reference)));
    if let Some(bet) = &o.bet {
        out.push_str(&format!("*Bet:* {}\n\n", md_escape(&one_line(bet))));
    }
    let (finding, advice) = verdict_words(b, r);
    out.push_str(&format!(
        "{} **{}: {}.** {}.\n\n",
        verdict_icon(b.verdict),
        verdict_heading(r),
        md_escape(&finding),
        md_escape(&capitalised(advice))
    ));
    out.push_str(&format!(
        "Own key results moved **{}** over the period; score {}{}, {}{}.\n\n",
        opt_signed(b.movement),
        score_text(b.score).trim(),
        own_band(r, b),
        status_text(b),
        if r.over() { String::new() } else { format!(", pace {:.2}", b.expected) }
    ));
    out.push_str("| Own key result | Start | Now | Score | Moved |\n|---|---|---|---|---|\n");
    for m in &b.key_results {
        out.push_str(&format!(
            "| {} {} | {} | {} | {} → {} | {} |\n",
            md_escape(&m.kr.title),
            md_ref(&m.reference),
            md_escape(&start_text(m)),
            md_escape(&now_text(m)),
            score_text(m.start_score).trim(),
            score_text(m.now.score).trim(),
            moved_text(m)
        ));
    }
    if b.beneath.is_empty() {
        out.push_str("\nNo quarter objective beneath it.\n");
        return;
    }
    out.push_str("\n| Quarter objective | Quarter | Grade | Via |\n|---|---|---|---|\n");
    for x in &b.beneath {
        let running = if x.over { "" } else { " (running)" };
        let mut path: Vec<String> = x.through.iter().rev().map(|t| md_ref(t)).collect();
        path.push(md_escape(&via_text(x)));
        out.push_str(&format!(
            "| {} {} {} | {}{running} | {} {} | {} |\n",
            band_icon(x.band),
            md_escape(&x.objective.title),
            md_ref(&x.reference),
            x.objective.period,
            score_text(x.grade).trim(),
            band_name(x.band),
            path.join(" → ")
        ));
    }
    if let Some(mean) = b.quarters_mean {
        out.push_str(&format!(
            "\nAverage grade of {}: **{mean:.2}**.\n",
            crate::render::check::plural(b.graded, "graded quarter objective")
        ));
    }
}

// ---------------------------------------------------------------- JSON

#[derive(Serialize)]
struct JsonThresholds {
    hit: Num,
    missed: Num,
    moved: Num,
}

#[derive(Serialize)]
struct JsonMovement<'a> {
    #[serde(rename = "ref")]
    reference: &'a str,
    title: &'a str,
    baseline: Option<Num>,
    target: Option<Num>,
    start: Option<Num>,
    start_from: &'static str,
    start_on: Option<String>,
    current: Option<Num>,
    start_score: Option<Num>,
    score: Option<Num>,
    change: Option<Num>,
    guardrail: bool,
}

#[derive(Serialize)]
struct JsonBeneath<'a> {
    #[serde(rename = "ref")]
    reference: &'a str,
    quarter: String,
    team: &'a str,
    title: &'a str,
    via: String,
    through: &'a [String],
    score: Option<Num>,
    band: Option<&'static str>,
    over: bool,
}

#[derive(Serialize)]
struct JsonQuarters<'a> {
    mean: Option<Num>,
    graded: usize,
    objectives: Vec<JsonBeneath<'a>>,
}

#[derive(Serialize)]
struct JsonBet<'a> {
    #[serde(rename = "ref")]
    reference: &'a str,
    team: &'a str,
    title: &'a str,
    bet: Option<&'a str>,
    commitment: &'static str,
    parent: Option<&'a Ref>,
    score: Option<Num>,
    expected: Num,
    status: Option<&'static str>,
    band: Option<&'static str>,
    movement: Option<Num>,
    key_results: Vec<JsonMovement<'a>>,
    quarters: JsonQuarters<'a>,
    verdict: &'static str,
    disagree: bool,
}

#[derive(Serialize)]
struct JsonPeriodRetro<'a> {
    period: String,
    from: String,
    to: String,
    graded_on: String,
    over: bool,
    history: bool,
    thresholds: JsonThresholds,
    objectives: Vec<JsonBet<'a>>,
}

fn json_movement<'a>(m: &'a KrMovement<'a>, r: &PeriodRetro<'_>) -> JsonMovement<'a> {
    JsonMovement {
        reference: &m.reference,
        title: &m.kr.title,
        baseline: num(m.now.values.baseline),
        target: num(m.now.values.target),
        start: num(m.start),
        start_from: m.start_from.as_str(),
        start_on: match m.start_from {
            StartFrom::PeriodStart => Some(r.start.to_string()),
            StartFrom::FirstPoint(d) => Some(d.to_string()),
            StartFrom::Baseline => None,
        },
        current: num(m.now.values.current),
        start_score: num(m.start_score),
        score: num(m.now.score),
        change: num(m.change),
        guardrail: m.guardrail(),
    }
}

fn json_beneath<'a>(x: &'a Beneath<'a>) -> JsonBeneath<'a> {
    JsonBeneath {
        reference: &x.reference,
        quarter: x.objective.period.to_string(),
        team: &x.objective.team,
        title: &x.objective.title,
        via: x.via.to_string(),
        through: &x.through,
        score: num(x.grade),
        band: x.band.map(Band::as_str),
        over: x.over,
    }
}

/// The retro of a longer period as JSON.
pub fn json(r: &PeriodRetro<'_>) -> String {
    to_json(&JsonPeriodRetro {
        period: r.period.to_string(),
        from: r.start.to_string(),
        to: r.end.to_string(),
        graded_on: r.graded_on.to_string(),
        over: r.over(),
        history: r.history,
        thresholds: JsonThresholds { hit: Num(HIT), missed: Num(PROGRESS), moved: Num(MOVED) },
        objectives: r
            .objectives
            .iter()
            .map(|b| JsonBet {
                reference: &b.reference,
                team: &b.objective.team,
                title: &b.objective.title,
                bet: b.objective.bet.as_deref(),
                commitment: b.objective.commitment.as_str(),
                parent: b.objective.parent_resolved.as_ref(),
                score: num(b.score),
                expected: Num(b.expected),
                status: b.status.map(|s| s.as_str()),
                band: b.band.map(Band::as_str),
                movement: num(b.movement),
                key_results: b.key_results.iter().map(|m| json_movement(m, r)).collect(),
                quarters: JsonQuarters {
                    mean: num(b.quarters_mean),
                    graded: b.graded,
                    objectives: b.beneath.iter().map(json_beneath).collect(),
                },
                verdict: b.verdict.as_str(),
                disagree: b.verdict.disagree(),
            })
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use crate::analysis::rules::testing::{kr, objective, workspace};
    use crate::core::config::Config;
    use crate::core::refs::Period;
    use jiff::civil::date;

    #[test]
    fn markdown_escapes_what_comes_from_the_files() {
        let bet = objective(
            "bet: \"Pipes | <b>win</b> @sales\"\n",
            &[kr("arr", "ARR *fast* [x](http://x)", "    baseline: 0\n    target: 10\n    current: 1\n")],
            "Grow_big",
        );
        let child = objective(
            "parent: \"2026/company/x#arr\"\n",
            &[kr("a", "Raise a from 0 to 10", "    baseline: 0\n    target: 10\n    current: 9\n")],
            "Win | it",
        );
        let ws = workspace(&[("2026/company/x.md", &bet), ("2026-Q1/growth/a.md", &child)]);
        let r = crate::views::retro::period::period_retro(
            &ws,
            None,
            &Config::default(),
            Period::Year(2026),
            date(2027, 1, 2),
        );
        let md = super::markdown(&r);
        assert!(md.contains("*Bet:* Pipes \\| &lt;b&gt;win&lt;/b&gt; @\u{200b}sales"), "{md}");
        assert!(md.contains("ARR \\*fast\\* \\[x\\](http://x)"), "{md}");
        assert!(md.contains("### Grow\\_big"), "{md}");
        assert!(md.contains("✅ Win \\| it `2026-Q1/growth/a`"), "{md}");
        assert!(!md.contains("<b>"), "{md}");
        // The quarter hit, the bet moved 0.1 from its baseline: they agree.
        assert!(md.contains("✅ **Verdict: the quarters hit 0.90 on average and the bet moved (+0.10).**"), "{md}");
    }
}
