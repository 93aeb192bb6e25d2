//! `okr retro QUARTER`: closing the loop at a quarter's end.
//!
//! Pure: it takes the workspace, the history (when read) and the date that
//! counts as today, and returns what a retrospective needs, in this order of
//! importance:
//!
//! - **Parents that missed while their children hit.** An objective or KR
//!   named as `parent` by objectives of the quarter, graded below
//!   [`PROGRESS`] (0.4) while every graded child reached [`HIT`] (0.7): the
//!   children did what they promised and the parent did not move, so the
//!   hypothesis that linked them failed. The quarter's most useful learning.
//! - **Grades and bands.** Every KR's and objective's score on the quarter's
//!   last day (or on the as-of date while the quarter is still running; the
//!   values are those of the files read). Bands depend on the objective's
//!   `commitment`:
//!   - aspirational (stretch): **hit** ≥ 0.7, **progress** 0.4 to 0.7,
//!     **missed** < 0.4;
//!   - committed: **delivered** at 1.0, **missed** below it.
//! - **Committed objectives that missed**: `commitment: committed` and a
//!   score below 1.0.
//! - **The portfolio verdict**, from the mean grade of the aspirational
//!   outcome KRs, `output` and `leading` (guardrails, `at_least`/`at_most`,
//!   left out: they are meant to be met; `done` milestones and `input` KRs
//!   left out: they say the work happened, not what changed; input delivery
//!   is reported beside the verdict as its own figure):
//!   **too_safe** ≥ 0.9 (targets were set where the team would have landed
//!   anyway), **safe** 0.75 to 0.9, **healthy** 0.55 to 0.75 (stretch
//!   targets land around 0.6 to 0.7), **low** < 0.55 (overcommitted, or bets
//!   that did not pay off).
//! - From the history: **targets moved** after the quarter began
//!   (`moved-goalposts`), KRs **stale** at the quarter's end (`stale`), and
//!   **inputs that moved nothing** (`input-without-effect`), each computed
//!   by the rule's own code.
//! - **Carried over** into the next quarter: objectives matched by id or by
//!   title as `okr diff` matches them, and the KRs whose metric continues,
//!   inside a carried-over objective or elsewhere in the next quarter.

use crate::analysis::rules::{input_without_effect, moved_goalposts};
use crate::core::config::Config;
use crate::core::model::{Commitment, Direction, KeyResult, Objective};
use crate::core::quarter::Quarter;
use crate::core::refs;
use crate::core::score::{self, KrScore};
use crate::core::workspace::Workspace;
use crate::history::review::stale_krs;
use crate::history::{day_start, History};
use crate::views::diff::{self, Continuation, KrMatch, ObjectiveMatch};
use jiff::civil::Date;
use std::collections::{BTreeMap, HashSet};

pub mod period;

/// The grade from which a stretch KR counts as hit, and children count as
/// having done their part.
pub const HIT: f64 = 0.7;
/// Below this grade a stretch KR is missed, and a parent counts as missed.
pub const PROGRESS: f64 = 0.4;
/// Portfolio verdicts: mean aspirational grade at or above each bound.
pub const TOO_SAFE: f64 = 0.9;
pub const SAFE: f64 = 0.75;
pub const HEALTHY: f64 = 0.55;

/// Where a grade falls, given the objective's commitment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Band {
    /// Aspirational, ≥ 0.7.
    Hit,
    /// Aspirational, 0.4 to 0.7.
    Progress,
    /// Aspirational below 0.4, or committed below 1.0.
    Missed,
    /// Committed, 1.0.
    Delivered,
}

impl Band {
    pub fn as_str(self) -> &'static str {
        match self {
            Band::Hit => "hit",
            Band::Progress => "progress",
            Band::Missed => "missed",
            Band::Delivered => "delivered",
        }
    }

    /// Whether the grade is where it was meant to be.
    pub fn good(self) -> bool {
        matches!(self, Band::Hit | Band::Delivered)
    }
}

/// The band of a grade (a score in 0..=1).
pub fn band(grade: f64, commitment: Commitment) -> Band {
    match commitment {
        Commitment::Committed if grade >= 1.0 - 1e-9 => Band::Delivered,
        Commitment::Committed => Band::Missed,
        Commitment::Aspirational if grade >= HIT => Band::Hit,
        Commitment::Aspirational if grade >= PROGRESS => Band::Progress,
        Commitment::Aspirational => Band::Missed,
    }
}

/// What the mean grade of the aspirational KRs says about the targets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    TooSafe,
    Safe,
    Healthy,
    Low,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::TooSafe => "too_safe",
            Verdict::Safe => "safe",
            Verdict::Healthy => "healthy",
            Verdict::Low => "low",
        }
    }

    /// The verdict in words: `too safe`.
    pub fn label(self) -> &'static str {
        match self {
            Verdict::TooSafe => "too safe",
            Verdict::Safe => "safe",
            Verdict::Healthy => "healthy",
            Verdict::Low => "low",
        }
    }

    /// What it means, for people.
    pub fn explain(self) -> &'static str {
        match self {
            Verdict::TooSafe => {
                "stretch targets that nearly all land at 1.0 were set where the team would have landed anyway (sandbagging); aim higher"
            }
            Verdict::Safe => "stretch targets usually land around 0.6 to 0.7; these could have been bolder",
            Verdict::Healthy => "ambitious targets, mostly reached: stretch grades usually land around 0.6 to 0.7",
            Verdict::Low => "overcommitted, or the bets did not pay off; next quarter, fewer objectives or different bets",
        }
    }
}

/// The verdict on a mean aspirational grade.
pub fn verdict(mean: f64) -> Verdict {
    if mean >= TOO_SAFE {
        Verdict::TooSafe
    } else if mean >= SAFE {
        Verdict::Safe
    } else if mean >= HEALTHY {
        Verdict::Healthy
    } else {
        Verdict::Low
    }
}

/// One KR's grade.
#[derive(Debug, Clone)]
pub struct KrGrade<'a> {
    pub kr: &'a KeyResult,
    pub reference: String,
    /// The score on the grading date: effective values, progress, grade.
    pub score: KrScore,
    /// `None` for a KR that cannot be scored (no target).
    pub band: Option<Band>,
}

impl KrGrade<'_> {
    pub fn grade(&self) -> Option<f64> {
        self.score.score
    }

    /// An `at_least` / `at_most` guardrail: met or not, meant to be met.
    pub fn guardrail(&self) -> bool {
        guardrail(&self.score)
    }
}

/// Whether a KR scored as `s` is an `at_least` / `at_most` guardrail.
fn guardrail(s: &KrScore) -> bool {
    matches!(s.values.direction, Some(Direction::AtLeast | Direction::AtMost))
}

/// One objective's grade.
#[derive(Debug, Clone)]
pub struct ObjectiveGrade<'a> {
    pub objective: &'a Objective,
    pub reference: String,
    /// The weighted mean of its KR grades.
    pub grade: Option<f64>,
    pub band: Option<Band>,
    pub key_results: Vec<KrGrade<'a>>,
}

/// The quarter's grades taken together.
#[derive(Debug, Clone, PartialEq)]
pub struct Portfolio {
    /// Mean grade of every graded KR.
    pub mean: Option<f64>,
    pub graded: usize,
    /// Mean grade of the graded outcome KRs (`output` and `leading`) of
    /// aspirational objectives, guardrails and `done` milestones left out;
    /// the verdict is drawn from it.
    pub aspirational_mean: Option<f64>,
    pub aspirational: usize,
    /// Input delivery, beside the verdict and not in it: mean grade of the
    /// graded `input` KRs of aspirational objectives (guardrails left out).
    pub input_mean: Option<f64>,
    pub inputs: usize,
    pub verdict: Option<Verdict>,
    /// Committed objectives with a grade, and how many of them delivered.
    pub committed: usize,
    pub delivered: usize,
}

/// Something graded, named by ref: a parent or a child.
#[derive(Debug, Clone, PartialEq)]
pub struct Graded {
    pub reference: String,
    pub title: String,
    pub grade: f64,
    pub band: Band,
}

/// A parent that missed although every child hit.
#[derive(Debug, Clone, PartialEq)]
pub struct ParentMiss {
    pub parent: Graded,
    /// The graded children, all at or above [`HIT`].
    pub children: Vec<Graded>,
}

/// A commit, as a retro shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Commit {
    pub id: String,
    pub author: String,
    /// Seconds since the epoch (UTC).
    pub time: i64,
    /// The first line of the message.
    pub summary: String,
}

impl Commit {
    fn of(h: &History, index: usize) -> Commit {
        let c = &h.commits[index];
        Commit {
            id: c.id.clone(),
            author: c.author.clone(),
            time: c.time,
            summary: c.message.lines().next().unwrap_or_default().to_string(),
        }
    }
}

/// A `target` or `baseline` changed after the quarter began.
#[derive(Debug, Clone, PartialEq)]
pub struct MovedTarget<'a> {
    pub objective: &'a Objective,
    pub kr: &'a KeyResult,
    pub field: &'static str,
    pub from: Option<f64>,
    pub to: Option<f64>,
    pub commit: Commit,
    /// Changed after the quarter was over (regrading after the fact).
    pub after_end: bool,
}

/// A KR nobody had updated for longer than its cadence allows.
#[derive(Debug, Clone, PartialEq)]
pub struct StaleKr<'a> {
    pub objective: &'a Objective,
    pub kr: &'a KeyResult,
    /// The last check-in that changed `current`; `None` when it never
    /// changed during the quarter.
    pub last_update: Option<Commit>,
    /// Whole days without an update on the grading date.
    pub days: i64,
    /// The longest silence its cadence (or `stale_after_days`) allows.
    pub allowed: i64,
}

/// An input that met its weekly target while what it drives stayed flat.
#[derive(Debug, Clone, PartialEq)]
pub struct IdleInput<'a> {
    pub objective: &'a Objective,
    pub kr: &'a KeyResult,
    pub weeks_met: usize,
    /// The driven KRs have not moved since this day.
    pub since: Date,
    pub drives: Vec<String>,
}

/// The history-based parts of a retro.
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryPart<'a> {
    pub moved: Vec<MovedTarget<'a>>,
    pub stale: Vec<StaleKr<'a>>,
    pub idle_inputs: Vec<IdleInput<'a>>,
    /// KRs of the quarter the history had seen by the end of the grading
    /// date: with none, staleness and input effects cannot be judged.
    pub tracked: usize,
}

/// An objective that continues into the next quarter.
#[derive(Debug, Clone, PartialEq)]
pub struct CarriedObjective<'a> {
    pub from: &'a Objective,
    pub to: &'a Objective,
    pub matched_by: ObjectiveMatch,
}

/// A KR whose metric continues into the next quarter.
#[derive(Debug, Clone, PartialEq)]
pub struct CarriedMetric<'a> {
    pub from_objective: &'a Objective,
    pub from: &'a KeyResult,
    pub to_objective: &'a Objective,
    pub to: &'a KeyResult,
    /// `Id` inside a carried-over objective; `Metric` for the same `metric`
    /// under another id or in another objective.
    pub matched_by: KrMatch,
    pub continuation: Continuation,
}

/// What goes on into the next quarter.
#[derive(Debug, Clone, PartialEq)]
pub struct CarryOver<'a> {
    pub next: Quarter,
    /// The next quarter has objectives at all.
    pub planned: bool,
    pub objectives: Vec<CarriedObjective<'a>>,
    pub metrics: Vec<CarriedMetric<'a>>,
    /// Objectives of the quarter that do not continue.
    pub dropped: Vec<&'a Objective>,
}

/// A quarter's retrospective.
#[derive(Debug, Clone)]
pub struct Retro<'a> {
    pub quarter: Quarter,
    pub start: Date,
    pub end: Date,
    /// The grading date: the quarter's last day, or the as-of date while
    /// the quarter is still running.
    pub graded_on: Date,
    pub objectives: Vec<ObjectiveGrade<'a>>,
    pub portfolio: Portfolio,
    pub parents_missed: Vec<ParentMiss>,
    /// `None` without history (`--no-history`, a shallow clone, no git).
    pub history: Option<HistoryPart<'a>>,
    pub carry_over: CarryOver<'a>,
}

impl Retro<'_> {
    /// The quarter is over on the grading date: the grades are final.
    pub fn over(&self) -> bool {
        self.graded_on >= self.end
    }

    /// The grading date is before the quarter's first day.
    pub fn not_started(&self) -> bool {
        self.graded_on < self.start
    }

    /// Committed objectives graded below 1.0.
    pub fn committed_missed(&self) -> impl Iterator<Item = &ObjectiveGrade<'_>> {
        self.objectives
            .iter()
            .filter(|g| g.objective.commitment == Commitment::Committed && g.band == Some(Band::Missed))
    }
}

fn mean(values: &[f64]) -> Option<f64> {
    (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
}

/// Builds the retro of `quarter` as of `as_of`.
pub fn retro<'a>(
    ws: &'a Workspace,
    history: Option<&History>,
    config: &Config,
    quarter: Quarter,
    as_of: Date,
) -> Retro<'a> {
    let fy = config.fiscal_year_start_month;
    let (start, end) = (quarter.start(fy), quarter.last_day(fy));
    let graded_on = as_of.min(end);
    let objectives = grades(ws, quarter, graded_on, fy);
    let portfolio = portfolio(&objectives);
    let parents_missed = parents_missed(&objectives);
    let history = history.map(|h| history_part(ws, h, config, quarter, graded_on));
    let carry_over = carry_over(ws, quarter);
    Retro { quarter, start, end, graded_on, objectives, portfolio, parents_missed, history, carry_over }
}

fn grades(ws: &Workspace, quarter: Quarter, on: Date, fy: u8) -> Vec<ObjectiveGrade<'_>> {
    ws.objectives
        .iter()
        .filter(|o| o.period == quarter)
        .map(|o| {
            let s = score::score_objective(o, on, fy);
            let key_results = o
                .key_results
                .iter()
                .zip(s.key_results)
                .map(|(kr, ks)| KrGrade {
                    kr,
                    reference: o.kr_ref(kr),
                    band: ks.score.map(|g| band(g, o.commitment)),
                    score: ks,
                })
                .collect();
            ObjectiveGrade {
                objective: o,
                reference: o.reference(),
                grade: s.score,
                band: s.score.map(|g| band(g, o.commitment)),
                key_results,
            }
        })
        .collect()
}

fn portfolio(objectives: &[ObjectiveGrade<'_>]) -> Portfolio {
    let mut all = Vec::new();
    let mut aspirational = Vec::new();
    let mut inputs = Vec::new();
    for g in objectives {
        for k in &g.key_results {
            let Some(grade) = k.grade() else { continue };
            all.push(grade);
            if g.objective.commitment != Commitment::Aspirational || k.guardrail() {
                continue;
            }
            if k.kr.layer == crate::core::model::Layer::Input {
                inputs.push(grade);
            } else if k.kr.done.is_none() {
                aspirational.push(grade);
            }
        }
    }
    let committed: Vec<&ObjectiveGrade<'_>> =
        objectives.iter().filter(|g| g.objective.commitment == Commitment::Committed && g.grade.is_some()).collect();
    let aspirational_mean = mean(&aspirational);
    Portfolio {
        mean: mean(&all),
        graded: all.len(),
        aspirational_mean,
        aspirational: aspirational.len(),
        input_mean: mean(&inputs),
        inputs: inputs.len(),
        verdict: aspirational_mean.map(verdict),
        committed: committed.len(),
        delivered: committed.iter().filter(|g| g.band == Some(Band::Delivered)).count(),
    }
}

/// Parents graded below [`PROGRESS`] whose graded children (objectives of
/// the same quarter naming them as `parent`) all reached [`HIT`]; sorted by
/// the parent's ref.
pub fn parents_missed(objectives: &[ObjectiveGrade<'_>]) -> Vec<ParentMiss> {
    // Parent ref -> its graded children.
    let mut children: BTreeMap<String, Vec<Graded>> = BTreeMap::new();
    for g in objectives {
        let Some(p) = g.objective.parent_resolved.as_ref().map(ToString::to_string) else { continue };
        // An ungraded child (no KR with a target) says nothing either way.
        if let (Some(grade), Some(band)) = (g.grade, g.band) {
            children.entry(p).or_default().push(Graded {
                reference: g.reference.clone(),
                title: g.objective.title.clone(),
                grade,
                band,
            });
        }
    }
    let parent = |r: &str| -> Option<Graded> {
        let (oref, kr) = refs::split_kr(r).map_or((r, None), |(o, k)| (o, Some(k)));
        let g = objectives.iter().find(|g| g.reference == oref)?;
        match kr {
            None => Some(Graded {
                reference: r.to_string(),
                title: g.objective.title.clone(),
                grade: g.grade?,
                band: g.band?,
            }),
            Some(id) => {
                let k = g.key_results.iter().find(|k| k.kr.id == id)?;
                Some(Graded { reference: r.to_string(), title: k.kr.title.clone(), grade: k.grade()?, band: k.band? })
            }
        }
    };
    children
        .into_iter()
        .filter(|(_, kids)| kids.iter().all(|c| c.grade >= HIT))
        .filter_map(|(r, kids)| {
            let p = parent(&r)?;
            (p.grade < PROGRESS).then_some(ParentMiss { parent: p, children: kids })
        })
        .collect()
}

fn history_part<'a>(ws: &'a Workspace, h: &History, config: &Config, quarter: Quarter, on: Date) -> HistoryPart<'a> {
    let fy = config.fiscal_year_start_month;
    let start = day_start(quarter.start(fy));
    let next_start = day_start(quarter.next().start(fy));
    let until = day_start(on) + 86_399;
    let in_quarter = || ws.objectives.iter().filter(move |o| o.period == quarter);
    let mut moved = Vec::new();
    let mut tracked = 0;
    for o in in_quarter() {
        for kr in &o.key_results {
            let r = o.kr_ref(kr);
            if h.introduced(&r).is_some_and(|t| t <= until) {
                tracked += 1;
            }
            for m in moved_goalposts::moves(h, &r, start) {
                let commit = Commit::of(h, m.commit);
                moved.push(MovedTarget {
                    objective: o,
                    kr,
                    field: m.field,
                    from: m.from,
                    to: m.to,
                    after_end: commit.time >= next_start,
                    commit,
                });
            }
        }
    }
    let stale = stale_krs(ws, h, config, quarter, on, until)
        .into_iter()
        .map(|s| StaleKr {
            objective: s.objective,
            kr: s.kr,
            last_update: s.commit.filter(|_| s.updated_in_quarter).map(|c| Commit::of(h, c)),
            days: s.days,
            allowed: s.limit,
        })
        .collect();
    let idle_inputs = input_without_effect::inputs_without_effect(ws, h, fy, quarter, on)
        .into_iter()
        .map(|n| IdleInput {
            objective: n.objective,
            kr: n.kr,
            weeks_met: n.weeks_met,
            since: n.since,
            drives: n.kr.drives_resolved.iter().map(ToString::to_string).collect(),
        })
        .collect();
    HistoryPart { moved, stale, idle_inputs, tracked }
}

fn carry_over(ws: &Workspace, quarter: Quarter) -> CarryOver<'_> {
    let next = quarter.next();
    let m = diff::match_quarters(ws, quarter, next);
    let planned = ws.objectives.iter().any(|o| o.period == next);
    let mut metrics = Vec::new();
    // KRs of the next quarter already continuing one of this quarter's.
    let mut taken: HashSet<(&str, &str)> = HashSet::new();
    let mut left_over: Vec<(&Objective, &KeyResult)> = Vec::new();
    for (a, b, _) in &m.pairs {
        let (pairs, removed, _) = diff::match_key_results(a, b);
        for (i, j, how) in pairs {
            let (from, to) = (&a.key_results[i], &b.key_results[j]);
            taken.insert((b.id.as_str(), to.id.as_str()));
            metrics.push(CarriedMetric {
                from_objective: a,
                from,
                to_objective: b,
                to,
                matched_by: how,
                continuation: Continuation::between(from, to),
            });
        }
        left_over.extend(removed.into_iter().map(|k| (*a, k)));
    }
    left_over.extend(m.removed.iter().flat_map(|o| o.key_results.iter().map(move |k| (*o, k))));
    // A metric can also continue in another objective (churn moving from the
    // company's growth objective to a retention objective).
    for (a, from) in left_over {
        let found = ws.objectives.iter().filter(|o| o.period == next).find_map(|b| {
            b.key_results
                .iter()
                .find(|k| k.metric == from.metric && !taken.contains(&(b.id.as_str(), k.id.as_str())))
                .map(|k| (b, k))
        });
        if let Some((b, to)) = found {
            taken.insert((b.id.as_str(), to.id.as_str()));
            metrics.push(CarriedMetric {
                from_objective: a,
                from,
                to_objective: b,
                to,
                matched_by: KrMatch::Metric,
                continuation: Continuation::between(from, to),
            });
        }
    }
    // This quarter's order: objectives, then KRs as in the file.
    let order = |o: &Objective, k: &KeyResult| {
        let oi = ws.objectives.iter().position(|x| std::ptr::eq(x, o)).unwrap_or(usize::MAX);
        let ki = o.key_results.iter().position(|x| std::ptr::eq(x, k)).unwrap_or(usize::MAX);
        (oi, ki)
    };
    metrics.sort_by_key(|c| order(c.from_objective, c.from));
    CarryOver {
        next,
        planned,
        objectives: m
            .pairs
            .into_iter()
            .map(|(from, to, matched_by)| CarriedObjective { from, to, matched_by })
            .collect(),
        metrics,
        dropped: m.removed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::rules::testing::{history, kr, objective, workspace};
    use jiff::civil::date;

    #[test]
    fn bands_by_commitment() {
        use Commitment::{Aspirational as A, Committed as C};
        assert_eq!(band(1.0, A), Band::Hit);
        assert_eq!(band(0.7, A), Band::Hit);
        assert_eq!(band(0.6999, A), Band::Progress);
        assert_eq!(band(0.4, A), Band::Progress);
        assert_eq!(band(0.3999, A), Band::Missed);
        assert_eq!(band(0.0, A), Band::Missed);
        assert_eq!(band(1.0, C), Band::Delivered);
        assert_eq!(band(0.99, C), Band::Missed);
        assert_eq!(band(0.0, C), Band::Missed);
        assert!(Band::Hit.good() && Band::Delivered.good() && !Band::Progress.good());
    }

    #[test]
    fn verdict_thresholds() {
        assert_eq!(verdict(1.0), Verdict::TooSafe);
        assert_eq!(verdict(0.9), Verdict::TooSafe);
        assert_eq!(verdict(0.89), Verdict::Safe);
        assert_eq!(verdict(0.75), Verdict::Safe);
        assert_eq!(verdict(0.74), Verdict::Healthy);
        assert_eq!(verdict(0.65), Verdict::Healthy);
        assert_eq!(verdict(0.55), Verdict::Healthy);
        assert_eq!(verdict(0.54), Verdict::Low);
        assert_eq!(verdict(0.0), Verdict::Low);
    }

    /// An objective file with one KR per `(id, current)`, each 0 → 10.
    fn file(front: &str, items: &[(&str, f64)]) -> String {
        let krs: Vec<String> = items
            .iter()
            .map(|(id, c)| {
                kr(
                    id,
                    &format!("Raise {id} from 0 to 10"),
                    &format!("    baseline: 0\n    target: 10\n    current: {c}\n"),
                )
            })
            .collect();
        objective(front, &krs, &format!("Grow {}", krs_ids(items)))
    }

    fn krs_ids(krs: &[(&str, f64)]) -> String {
        krs.iter().map(|(id, _)| *id).collect::<Vec<_>>().join(" ")
    }

    fn run(files: &[(&str, &str)]) -> Vec<ParentMiss> {
        let ws = workspace(files);
        let r = retro(&ws, None, &Config::default(), Quarter::parse("2026-Q1").unwrap(), date(2026, 4, 20));
        r.parents_missed
    }

    #[test]
    fn a_parent_kr_that_missed_while_its_children_hit() {
        let company = file("", &[("arr", 2.0), ("churn", 9.0)]);
        let a = file("parent: \"company/x#arr\"\n", &[("a", 8.0)]);
        let b = file("parent: \"company/x#arr\"\n", &[("b", 7.0), ("c", 10.0)]);
        let found = run(&[("2026-Q1/company/x.md", &company), ("2026-Q1/growth/a.md", &a), ("2026-Q1/sales/b.md", &b)]);
        assert_eq!(found.len(), 1, "{found:?}");
        let m = &found[0];
        assert_eq!(
            (m.parent.reference.as_str(), m.parent.grade, m.parent.band),
            ("2026-Q1/company/x#arr", 0.2, Band::Missed)
        );
        let kids: Vec<(&str, f64)> = m.children.iter().map(|c| (c.reference.as_str(), c.grade)).collect();
        assert_eq!(kids, vec![("2026-Q1/growth/a", 0.8), ("2026-Q1/sales/b", 0.85)]);
    }

    #[test]
    fn a_parent_objective_counts_too() {
        let company = file("", &[("arr", 2.0), ("churn", 3.0)]);
        let a = file("parent: company/x\n", &[("a", 9.0)]);
        let found = run(&[("2026-Q1/company/x.md", &company), ("2026-Q1/growth/a.md", &a)]);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].parent.reference, "2026-Q1/company/x");
        assert_eq!(found[0].parent.grade, 0.25);
    }

    #[test]
    fn no_parent_miss_when_a_child_missed_too_or_the_parent_made_progress() {
        let company = file("", &[("arr", 2.0)]);
        let hit = file("parent: \"company/x#arr\"\n", &[("a", 8.0)]);
        let progress = file("parent: \"company/x#arr\"\n", &[("b", 6.9)]);
        assert!(run(&[
            ("2026-Q1/company/x.md", &company),
            ("2026-Q1/growth/a.md", &hit),
            ("2026-Q1/sales/b.md", &progress)
        ])
        .is_empty());
        let company = file("", &[("arr", 4.0)]);
        assert!(run(&[("2026-Q1/company/x.md", &company), ("2026-Q1/growth/a.md", &hit)]).is_empty());
    }

    #[test]
    fn portfolio_leaves_guardrails_and_committed_objectives_out_of_the_verdict() {
        let guard = kr(
            "g",
            "Keep errors at or below 1%",
            "    direction: at_most\n    baseline: 1\n    target: 1\n    current: 1\n",
        );
        let stretch = kr("s", "Raise s from 0 to 10", "    baseline: 0\n    target: 10\n    current: 6\n");
        let a = objective("", &[stretch, guard], "Grow");
        let c = file("commitment: committed\n", &[("x", 10.0)]);
        let ws = workspace(&[("2026-Q1/growth/a.md", &a), ("2026-Q1/platform/c.md", &c)]);
        let r = retro(&ws, None, &Config::default(), Quarter::parse("2026-Q1").unwrap(), date(2026, 5, 1));
        let p = &r.portfolio;
        assert_eq!((p.graded, p.aspirational, p.aspirational_mean), (3, 1, Some(0.6)));
        assert_eq!(p.mean, Some((0.6 + 1.0 + 1.0) / 3.0));
        assert_eq!(p.verdict, Some(Verdict::Healthy));
        assert_eq!((p.committed, p.delivered), (1, 1));
        assert!(r.over() && r.committed_missed().next().is_none());
        assert_eq!(r.graded_on, date(2026, 3, 31));
        assert!(r.history.is_none());
    }

    /// Three outputs that all missed are not a healthy quarter because the
    /// activity counts under them hit: the verdict is about outcomes, and
    /// input delivery is a figure of its own.
    #[test]
    fn the_verdict_is_about_outcomes_not_inputs_or_milestones() {
        let out = |id: &str, c: f64| {
            kr(
                id,
                &format!("Raise {id} from 0 to 100"),
                &format!("    baseline: 0\n    target: 100\n    current: {c}\n"),
            )
        };
        let input = |id: &str| {
            kr(
                id,
                &format!("Run {id} from 0 to 10"),
                "    layer: input\n    baseline: 0\n    target: 10\n    current: 9\n",
            )
        };
        let done = kr("m", "Pricing page shipped", "    done: true\n");
        let a = objective(
            "",
            &[
                out("o1", 37.0),
                out("o2", 30.0),
                out("o3", 45.0),
                input("i1"),
                input("i2"),
                input("i3"),
                input("i4"),
                done,
            ],
            "Grow",
        );
        let ws = workspace(&[("2026-Q1/growth/a.md", &a)]);
        let r = retro(&ws, None, &Config::default(), Quarter::parse("2026-Q1").unwrap(), date(2026, 5, 1));
        let p = &r.portfolio;
        assert_eq!(p.aspirational, 3);
        assert!((p.aspirational_mean.unwrap() - (0.37 + 0.30 + 0.45) / 3.0).abs() < 1e-9);
        assert_eq!(p.verdict, Some(Verdict::Low));
        assert_eq!((p.inputs, p.input_mean), (4, Some(0.9)));
    }

    #[test]
    fn a_running_quarter_is_graded_on_the_as_of_date() {
        let c = file("commitment: committed\n", &[("x", 9.0)]);
        let ws = workspace(&[("2026-Q1/platform/c.md", &c)]);
        let r = retro(&ws, None, &Config::default(), Quarter::parse("2026-Q1").unwrap(), date(2026, 2, 15));
        assert!(!r.over() && !r.not_started());
        assert_eq!(r.graded_on, date(2026, 2, 15));
        let missed: Vec<&str> = r.committed_missed().map(|g| g.reference.as_str()).collect();
        assert_eq!(missed, vec!["2026-Q1/platform/c"]);
        assert_eq!(r.objectives[0].key_results[0].band, Some(Band::Missed));
    }

    #[test]
    fn staleness_is_judged_on_the_history_up_to_the_quarter_end() {
        const P: &str = "2026-Q1/growth/a.md";
        let weekly = |c: f64| {
            objective(
                "",
                &[kr(
                    "x",
                    "Raise x from 0 to 10",
                    &format!("    baseline: 0\n    target: 10\n    current: {c}\n    cadence: weekly\n"),
                )],
                "Grow",
            )
        };
        // Updated on 2026-03-10, then only after the quarter (the final value).
        let h = history(&[
            ("2026-01-02", "maya", P, &weekly(1.0)),
            ("2026-03-10", "maya", P, &weekly(2.0)),
            ("2026-04-03", "sam", P, &weekly(3.0)),
        ]);
        let ws = workspace(&[(P, &weekly(3.0))]);
        let r = retro(&ws, Some(&h), &Config::default(), Quarter::parse("2026-Q1").unwrap(), date(2026, 4, 20));
        let part = r.history.as_ref().unwrap();
        assert_eq!(part.tracked, 1);
        assert_eq!(part.stale.len(), 1);
        let s = &part.stale[0];
        assert_eq!((s.days, s.allowed), (21, 7));
        assert_eq!(s.last_update.as_ref().map(|c| c.author.as_str()), Some("maya"));
    }

    #[test]
    fn metrics_continue_inside_carried_objectives_and_elsewhere() {
        let q1 = file("", &[("arr", 5.0), ("churn", 3.0)]);
        let q2 = file("", &[("arr", 5.0)]);
        let retention = file("", &[("churn", 3.0), ("nrr", 1.0)]);
        let ws = workspace(&[
            ("2026-Q1/company/x.md", &q1),
            ("2026-Q1/growth/gone.md", &file("", &[("a", 1.0)])),
            ("2026-Q2/company/x.md", &q2),
            ("2026-Q2/company/retention.md", &retention),
        ]);
        let r = retro(&ws, None, &Config::default(), Quarter::parse("2026-Q1").unwrap(), date(2026, 4, 20));
        let c = &r.carry_over;
        assert!(c.planned);
        assert_eq!(c.objectives.len(), 1);
        assert_eq!(c.objectives[0].matched_by, ObjectiveMatch::Id);
        let metrics: Vec<(String, String, KrMatch)> = c
            .metrics
            .iter()
            .map(|m| (m.from_objective.kr_ref(m.from), m.to_objective.kr_ref(m.to), m.matched_by))
            .collect();
        assert_eq!(
            metrics,
            vec![
                ("2026-Q1/company/x#arr".into(), "2026-Q2/company/x#arr".into(), KrMatch::Id),
                ("2026-Q1/company/x#churn".into(), "2026-Q2/company/retention#churn".into(), KrMatch::Metric),
            ]
        );
        let dropped: Vec<String> = c.dropped.iter().map(|o| o.reference()).collect();
        assert_eq!(dropped, vec!["2026-Q1/growth/gone"]);
    }
}
