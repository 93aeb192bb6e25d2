//! `okr retro PERIOD` for a half, a year or a span of years (SPEC §11):
//! closing the loop on a bet.
//!
//! For each objective of the period, side by side:
//!
//! - **its own KRs' movement over the period**: the value in force at the
//!   period's first day (from the history; the KR's first point when it was
//!   introduced later; the declared `baseline` without history) against the
//!   value on the grading date, each scored against today's baseline and
//!   target, and the difference of the two scores ([`KrMovement::change`]).
//!   The objective's movement is the weighted mean of its KRs' changes, as
//!   its score is of their scores; guardrails (`at_least`/`at_most`) are left
//!   out: they are meant to be held, not moved.
//! - **the grades of the quarter objectives beneath it**: every quarter
//!   objective whose `parent` chain (through objectives or their KRs, and
//!   through intermediate horizons such as a year under a span) reaches it,
//!   in a quarter inside the period that has begun by the grading date; each
//!   graded on its quarter's last day, or on the grading date while its
//!   quarter runs. Children are found through an index by parent objective,
//!   each objective visited once.
//! - **the verdict** ([`bet_verdict`]): the quarters hit ([`HIT`], 0.7 on
//!   average) while the bet's own metrics did not move (movement below
//!   [`MOVED`], 0.1), or the reverse: the bet moved while the quarters
//!   missed (below [`PROGRESS`], 0.4 on average); the agreeing cases, and
//!   nothing beneath, are named too.

use super::{band, Band, HIT, PROGRESS};
use crate::core::config::Config;
use crate::core::model::{KeyResult, Objective};
use crate::core::refs::{ObjRef, Period, Ref};
use crate::core::score::{self, KrScore, Status};
use crate::core::workspace::Workspace;
use crate::history::{day_start, utc_date, History};
use jiff::civil::Date;
use std::collections::{HashMap, HashSet};

/// The bet's own metrics moved when their weighted mean score gained at
/// least this much over the period (a tenth of the way from baseline to
/// target); below it they did not move.
pub const MOVED: f64 = 0.1;

/// Where a KR's value at the start of the period comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StartFrom {
    /// The value in force when the period began, from the history.
    PeriodStart,
    /// The KR was introduced during the period: its first point, on this day.
    FirstPoint(Date),
    /// No history of the KR (`--no-history`, no git, not committed yet):
    /// the declared `baseline`.
    Baseline,
}

impl StartFrom {
    pub fn as_str(self) -> &'static str {
        match self {
            StartFrom::PeriodStart => "period_start",
            StartFrom::FirstPoint(_) => "first_point",
            StartFrom::Baseline => "baseline",
        }
    }
}

/// One of the bet's own KRs over the period.
#[derive(Debug, Clone)]
pub struct KrMovement<'a> {
    pub kr: &'a KeyResult,
    pub reference: String,
    /// The score on the grading date (values of the files read).
    pub now: KrScore,
    /// The value at the start of the period (`current`, else `baseline`;
    /// a milestone's `done` as 1 or 0), and where it comes from.
    pub start: Option<f64>,
    pub start_from: StartFrom,
    /// The start value scored against the same baseline and target as now.
    pub start_score: Option<f64>,
    /// `now.score − start_score`: how far the KR moved toward its target
    /// during the period; `None` for a guardrail or a KR that cannot be scored.
    pub change: Option<f64>,
}

impl KrMovement<'_> {
    /// An `at_least` / `at_most` guardrail.
    pub fn guardrail(&self) -> bool {
        super::guardrail(&self.now)
    }
}

/// A quarter objective beneath a bet.
#[derive(Debug, Clone)]
pub struct Beneath<'a> {
    pub objective: &'a Objective,
    pub reference: String,
    /// The ref the chain names in the bet: the bet itself or one of its KRs.
    pub via: Ref,
    /// The objectives of longer horizons between it and the bet, nearest
    /// the bet first (a year under a span).
    pub through: Vec<String>,
    pub grade: Option<f64>,
    pub band: Option<Band>,
    /// Its quarter is over on the grading date: the grade is final.
    pub over: bool,
}

/// What the bet's movement and the quarters beneath say together.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BetVerdict {
    /// The quarters hit on average and the bet's own metrics did not move.
    QuartersHitBetFlat,
    /// The bet moved while the quarters beneath missed on average.
    BetMovedQuartersMissed,
    /// The quarters hit and the bet moved.
    BothMoved,
    /// The quarters missed and the bet did not move.
    NeitherMoved,
    /// The quarters made progress (0.4 to 0.7 on average): no clear signal.
    Mixed,
    /// No graded quarter objective beneath the bet.
    NothingBeneath,
    /// The bet has no KR whose movement can be measured (no target).
    Unmeasured,
}

impl BetVerdict {
    pub fn as_str(self) -> &'static str {
        match self {
            BetVerdict::QuartersHitBetFlat => "quarters_hit_bet_flat",
            BetVerdict::BetMovedQuartersMissed => "bet_moved_quarters_missed",
            BetVerdict::BothMoved => "both_moved",
            BetVerdict::NeitherMoved => "neither_moved",
            BetVerdict::Mixed => "mixed",
            BetVerdict::NothingBeneath => "nothing_beneath",
            BetVerdict::Unmeasured => "unmeasured",
        }
    }

    /// The quarters and the bet disagree: the link between them is in doubt.
    pub fn disagree(self) -> bool {
        matches!(self, BetVerdict::QuartersHitBetFlat | BetVerdict::BetMovedQuartersMissed)
    }
}

/// The verdict on a bet from the mean grade of the quarter objectives
/// beneath it and its own movement. The bounds belong to the stronger
/// side: a mean of exactly 0.7 hit, exactly 0.4 made progress, a movement
/// of exactly 0.1 moved.
pub fn bet_verdict(quarters_mean: Option<f64>, movement: Option<f64>) -> BetVerdict {
    let Some(mean) = quarters_mean else { return BetVerdict::NothingBeneath };
    let Some(moved) = movement.map(|m| m >= MOVED) else { return BetVerdict::Unmeasured };
    match (mean >= HIT, mean < PROGRESS, moved) {
        (true, _, false) => BetVerdict::QuartersHitBetFlat,
        (true, _, true) => BetVerdict::BothMoved,
        (_, true, true) => BetVerdict::BetMovedQuartersMissed,
        (_, true, false) => BetVerdict::NeitherMoved,
        _ => BetVerdict::Mixed,
    }
}

/// One objective of the period, closed.
#[derive(Debug, Clone)]
pub struct BetClose<'a> {
    pub objective: &'a Objective,
    pub reference: String,
    /// Its score on the grading date, paced over the period's own days.
    pub score: Option<f64>,
    pub expected: f64,
    pub status: Option<Status>,
    pub band: Option<Band>,
    pub key_results: Vec<KrMovement<'a>>,
    /// Weighted mean of the KRs' [`KrMovement::change`].
    pub movement: Option<f64>,
    pub beneath: Vec<Beneath<'a>>,
    /// Mean grade of the graded quarter objectives beneath.
    pub quarters_mean: Option<f64>,
    pub graded: usize,
    pub verdict: BetVerdict,
}

/// A longer period's retrospective.
#[derive(Debug, Clone)]
pub struct PeriodRetro<'a> {
    pub period: Period,
    pub start: Date,
    /// The period's last day.
    pub end: Date,
    /// The period's last day, or the as-of date while it runs.
    pub graded_on: Date,
    /// Expected pace on the grading date (1 once the period is over).
    pub expected: f64,
    /// The history was read (else every start value is the baseline).
    pub history: bool,
    pub objectives: Vec<BetClose<'a>>,
}

impl PeriodRetro<'_> {
    /// The period is over on the grading date: grades and verdicts are final.
    pub fn over(&self) -> bool {
        self.graded_on >= self.end
    }

    /// The grading date is before the period's first day.
    pub fn not_started(&self) -> bool {
        self.graded_on < self.start
    }
}

/// Builds the retro of a longer `period` as of `as_of`.
pub fn period_retro<'a>(
    ws: &'a Workspace,
    history: Option<&History>,
    config: &Config,
    period: Period,
    as_of: Date,
) -> PeriodRetro<'a> {
    let fy = config.fiscal_year_start_month;
    let (start, end) = (period.start(fy), period.last_day(fy));
    let graded_on = as_of.min(end);
    // Pace counts whole days up to the grading date; a closed period is paced in full.
    let paced_on = as_of.min(period.end(fy));
    let children = children_index(ws);
    let objectives = ws
        .objectives
        .iter()
        .filter(|o| o.period == period)
        .map(|o| {
            let s = score::score_objective(o, paced_on, fy);
            let key_results: Vec<KrMovement<'_>> = o
                .key_results
                .iter()
                .zip(s.key_results)
                .map(|(kr, now)| movement(o, kr, now, history, period, graded_on, fy))
                .collect();
            let movement = weighted_mean(key_results.iter().map(|m| (m.change, m.kr.weight)));
            let beneath = beneath(&children, o, graded_on, fy);
            let grades: Vec<f64> = beneath.iter().filter_map(|b| b.grade).collect();
            let quarters_mean = weighted_mean(grades.iter().map(|g| (Some(*g), 1.0)));
            BetClose {
                objective: o,
                reference: o.reference(),
                score: s.score,
                expected: s.expected,
                status: s.status,
                band: s.score.map(|g| band(g, o.commitment)),
                verdict: bet_verdict(quarters_mean, movement),
                key_results,
                movement,
                graded: grades.len(),
                beneath,
                quarters_mean,
            }
        })
        .collect();
    let expected = period.expected(paced_on, fy);
    PeriodRetro { period, start, end, graded_on, expected, history: history.is_some(), objectives }
}

fn weighted_mean(items: impl Iterator<Item = (Option<f64>, f64)>) -> Option<f64> {
    let (mut sum, mut weights) = (0.0, 0.0);
    for (v, w) in items {
        if let Some(v) = v {
            sum += v * w;
            weights += w;
        }
    }
    (weights > 0.0).then(|| sum / weights)
}

/// One KR's movement: its start value from the history (or its baseline)
/// scored against today's baseline and target, beside its score `now`.
fn movement<'a>(
    o: &Objective,
    kr: &'a KeyResult,
    now: KrScore,
    history: Option<&History>,
    period: Period,
    on: Date,
    fy: u8,
) -> KrMovement<'a> {
    let reference = o.kr_ref(kr);
    let at_start = history.and_then(|h| {
        let points = h.points(&reference);
        // The values in force at the end of the day before the period began.
        let before = day_start(period.start(fy)) - 1;
        if let Some(v) = h.value_at(&reference, before) {
            return Some((v, StartFrom::PeriodStart));
        }
        let first = points.first().filter(|p| h.time(p) <= day_start(on) + 86_399)?;
        Some((first.values, StartFrom::FirstPoint(utc_date(h.time(first)).unwrap_or(on))))
    });
    let mut then = kr.clone();
    let start_from = match at_start {
        Some((v, from)) => {
            then.current = v.current.or(v.baseline);
            // A milestone not yet written as one then was not done.
            then.done = kr.done.map(|_| v.done.unwrap_or(false));
            from
        }
        None => {
            then.current = kr.baseline;
            then.done = kr.done.map(|_| false);
            StartFrom::Baseline
        }
    };
    let start = match then.done {
        Some(d) => Some(if d { 1.0 } else { 0.0 }),
        None => then.current.or(kr.baseline),
    };
    let start_score = score::score_kr(&then, period, on, fy).score;
    let mut m = KrMovement { kr, reference, now, start, start_from, start_score, change: None };
    if !m.guardrail() {
        m.change = m.now.score.zip(start_score).map(|(a, b)| a - b);
    }
    m
}

/// Objective ref → the objectives whose `parent` names it or one of its KRs.
fn children_index(ws: &Workspace) -> HashMap<&ObjRef, Vec<&Objective>> {
    let mut index: HashMap<&ObjRef, Vec<&Objective>> = HashMap::new();
    for o in &ws.objectives {
        if let Some(p) = &o.parent_resolved {
            index.entry(p.objective()).or_default().push(o);
        }
    }
    index
}

/// The quarter objectives beneath `bet`, depth first in workspace order,
/// each objective visited once (a `parent` cycle ends the walk).
fn beneath<'a>(
    children: &HashMap<&ObjRef, Vec<&'a Objective>>,
    bet: &'a Objective,
    on: Date,
    fy: u8,
) -> Vec<Beneath<'a>> {
    let mut out = Vec::new();
    let mut seen: HashSet<*const Objective> = HashSet::from([bet as *const Objective]);
    // (objective, the ref its chain names in the bet, the longer objectives between)
    let mut stack: Vec<(&Objective, Ref, Vec<String>)> = Vec::new();
    let push_children =
        |stack: &mut Vec<(&'a Objective, Ref, Vec<String>)>, of: &Objective, via: Option<&Ref>, through: &[String]| {
            let kids = children.get(&of.obj_ref()).map_or(&[][..], Vec::as_slice);
            // Reversed so that the stack pops them in workspace order.
            for k in kids.iter().rev() {
                let Some(p) = k.parent_resolved.as_ref() else { continue };
                stack.push((k, via.unwrap_or(p).clone(), through.to_vec()));
            }
        };
    push_children(&mut stack, bet, None, &[]);
    while let Some((o, via, through)) = stack.pop() {
        if !seen.insert(o as *const Objective) || !bet.period.contains(o.period) {
            continue;
        }
        let mut deeper = through.clone();
        match o.period.as_quarter() {
            Some(q) if q.start(fy) <= on => {
                let last = q.last_day(fy);
                let s = score::score_objective(o, on.min(last), fy);
                out.push(Beneath {
                    objective: o,
                    reference: o.reference(),
                    via: via.clone(),
                    through: through.clone(),
                    grade: s.score,
                    band: s.score.map(|g| band(g, o.commitment)),
                    over: on >= last,
                });
            }
            Some(_) => {}
            None => deeper.push(o.reference()),
        }
        push_children(&mut stack, o, Some(&via), &deeper);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::rules::testing::{history, kr, objective, workspace};
    use jiff::civil::date;

    #[test]
    fn verdict_thresholds_at_their_edges() {
        use BetVerdict::*;
        // Quarters at the hit bound (0.7 hits, just below does not); bet at the moved bound.
        assert_eq!(bet_verdict(Some(0.7), Some(0.0999)), QuartersHitBetFlat);
        assert_eq!(bet_verdict(Some(0.7), Some(0.1)), BothMoved);
        assert_eq!(bet_verdict(Some(1.0), Some(-0.2)), QuartersHitBetFlat, "a bet that went backwards did not move");
        assert_eq!(bet_verdict(Some(0.6999), Some(0.0)), Mixed);
        // Quarters at the progress bound (0.4 made progress, just below missed).
        assert_eq!(bet_verdict(Some(0.3999), Some(0.1)), BetMovedQuartersMissed);
        assert_eq!(bet_verdict(Some(0.4), Some(0.5)), Mixed);
        assert_eq!(bet_verdict(Some(0.3999), Some(0.0999)), NeitherMoved);
        assert_eq!(bet_verdict(None, Some(0.5)), NothingBeneath);
        assert_eq!(bet_verdict(None, None), NothingBeneath);
        assert_eq!(bet_verdict(Some(0.9), None), Unmeasured);
        assert!(QuartersHitBetFlat.disagree() && BetMovedQuartersMissed.disagree());
        assert!(!BothMoved.disagree() && !NeitherMoved.disagree() && !Mixed.disagree() && !NothingBeneath.disagree());
    }

    /// An objective with one KR 0 → 100 at `current`.
    fn file(front: &str, id: &str, current: f64) -> String {
        let k = kr(
            id,
            &format!("Raise {id} from 0 to 100"),
            &format!("    baseline: 0\n    target: 100\n    current: {current}\n"),
        );
        objective(front, &[k], &format!("Grow {id}"))
    }

    #[test]
    fn movement_is_measured_from_the_period_start_in_the_history() {
        const Y: &str = "2026/company/bet.md";
        // 30 before the year began, 35 at its end: moved 0.05 although the score is 0.35.
        let h = history(&[
            ("2025-11-02", "maya", Y, &file("", "share", 30.0)),
            ("2026-06-01", "maya", Y, &file("", "share", 35.0)),
        ]);
        let ws = workspace(&[(Y, &file("", "share", 35.0))]);
        let r = period_retro(&ws, Some(&h), &Config::default(), Period::Year(2026), date(2027, 1, 10));
        assert!(r.over());
        let b = &r.objectives[0];
        let m = &b.key_results[0];
        assert_eq!((m.start, m.start_from, m.start_score), (Some(30.0), StartFrom::PeriodStart, Some(0.3)));
        assert!((m.change.unwrap() - 0.05).abs() < 1e-12);
        assert_eq!(b.score, Some(0.35));
        assert_eq!(b.verdict, BetVerdict::NothingBeneath);
        // Without history the start is the baseline.
        let r = period_retro(&ws, None, &Config::default(), Period::Year(2026), date(2027, 1, 10));
        let m = &r.objectives[0].key_results[0];
        assert_eq!((m.start, m.start_from, m.change), (Some(0.0), StartFrom::Baseline, Some(0.35)));
    }

    #[test]
    fn a_kr_introduced_during_the_period_starts_at_its_first_point() {
        const Y: &str = "2026/company/bet.md";
        let h = history(&[
            ("2026-03-02", "maya", Y, &file("", "share", 20.0)),
            ("2026-09-01", "maya", Y, &file("", "share", 60.0)),
        ]);
        let ws = workspace(&[(Y, &file("", "share", 60.0))]);
        let r = period_retro(&ws, Some(&h), &Config::default(), Period::Year(2026), date(2026, 10, 1));
        assert!(!r.over());
        let m = &r.objectives[0].key_results[0];
        assert_eq!((m.start, m.start_from), (Some(20.0), StartFrom::FirstPoint(date(2026, 3, 2))));
        assert!((m.change.unwrap() - 0.4).abs() < 1e-12);
    }

    #[test]
    fn a_milestone_moves_by_being_done_and_a_guardrail_does_not_move() {
        const Y: &str = "2026/company/bet.md";
        let text = |done: &str| {
            objective(
                "",
                &[
                    kr("launch", "Self-serve checkout launched", done),
                    kr(
                        "errors",
                        "Keep errors at or below 1%",
                        "    direction: at_most\n    target: 1\n    current: 0.5\n",
                    ),
                ],
                "Launch",
            )
        };
        let h = history(&[("2025-12-01", "maya", Y, &text("")), ("2026-05-01", "maya", Y, &text("    done: true\n"))]);
        let ws = workspace(&[(Y, &text("    done: true\n"))]);
        let r = period_retro(&ws, Some(&h), &Config::default(), Period::Year(2026), date(2027, 1, 1));
        let b = &r.objectives[0];
        let (launch, errors) = (&b.key_results[0], &b.key_results[1]);
        assert_eq!((launch.start, launch.start_score, launch.change), (Some(0.0), Some(0.0), Some(1.0)));
        assert!(errors.guardrail() && errors.change.is_none());
        assert_eq!(b.movement, Some(1.0), "the guardrail is left out of the movement");
    }

    #[test]
    fn quarters_beneath_are_found_through_kr_parents_and_longer_horizons() {
        let ws = workspace(&[
            ("2026-2028/company/bet.md", &file("", "share", 10.0)),
            ("2026/company/year.md", &file("parent: \"2026-2028/company/bet#share\"\n", "y", 10.0)),
            ("2026-Q1/growth/a.md", &file("parent: \"2026/company/year#y\"\n", "a", 80.0)),
            ("2026-Q1/sales/b.md", &file("parent: growth/a\n", "b", 90.0)),
            ("2026-Q3/growth/c.md", &file("parent: 2026-2028/company/bet\n", "c", 70.0)),
            // Not begun by the grading date, and linked to nothing: left out.
            ("2026-Q4/growth/d.md", &file("parent: 2026-2028/company/bet\n", "d", 0.0)),
            ("2026-Q3/growth/loose.md", &file("", "l", 0.0)),
        ]);
        let r = period_retro(&ws, None, &Config::default(), Period::Span { from: 2026, to: 2028 }, date(2026, 8, 1));
        let b = &r.objectives[0];
        let found: Vec<(&str, String, Vec<String>, bool)> =
            b.beneath.iter().map(|x| (x.reference.as_str(), x.via.to_string(), x.through.clone(), x.over)).collect();
        let year = vec!["2026/company/year".to_string()];
        assert_eq!(
            found,
            vec![
                ("2026-Q1/growth/a", "2026-2028/company/bet#share".into(), year.clone(), true),
                ("2026-Q1/sales/b", "2026-2028/company/bet#share".into(), year, true),
                ("2026-Q3/growth/c", "2026-2028/company/bet".into(), vec![], false),
            ]
        );
        assert_eq!(b.graded, 3);
        assert!((b.quarters_mean.unwrap() - 0.8).abs() < 1e-12);
        // The year retro sees the two quarters under the year only.
        let r = period_retro(&ws, None, &Config::default(), Period::Year(2026), date(2026, 8, 1));
        assert_eq!(r.objectives[0].beneath.len(), 2);
    }
}
