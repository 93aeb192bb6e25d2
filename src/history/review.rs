//! The weekly input review: per input metric, this week's increase against
//! its weekly target, the quarter's week-by-week attainment, which way the
//! metrics it drives moved, and the week's commit messages as notes.

use crate::core::config::Config;
use crate::core::model::{Direction, KeyResult, Layer, Objective};
use crate::core::quarter::{Quarter, Week};
use crate::core::refs::Period;
use crate::core::workspace::Workspace;
use crate::history::{day_start, History};
use jiff::civil::Date;

const DAY: i64 = 86_400;

/// One week of an input metric.
#[derive(Debug, Clone, PartialEq)]
pub struct WeekResult {
    pub week: Week,
    /// First and last day counted (the week clipped to the quarter and the as-of date).
    pub from: Date,
    pub to: Date,
    pub increase: f64,
    /// `weekly_target` prorated to the days counted.
    pub expected: Option<f64>,
    pub met: Option<bool>,
    /// The whole week (within the quarter) is over.
    pub complete: bool,
}

/// The value of `current` just before `t`; for a KR introduced later, its
/// first value (what happened before it was tracked is unknown, not zero).
pub fn value_before(h: &History, kr_ref: &str, t: i64) -> Option<f64> {
    h.value_at(kr_ref, t - 1).and_then(|v| v.current).or_else(|| h.points(kr_ref).iter().find_map(|p| p.values.current))
}

/// The increase of `current` over whole days `from..=to`.
pub fn increase(h: &History, kr_ref: &str, from: Date, to: Date) -> f64 {
    let before = value_before(h, kr_ref, day_start(from)).unwrap_or(0.0);
    let after = h.value_at(kr_ref, day_start(to) + DAY - 1).and_then(|v| v.current).unwrap_or(before);
    after - before
}

/// Week-by-week results of an input metric over its quarter, up to `up_to`.
pub fn weekly(
    h: &History,
    kr_ref: &str,
    weekly_target: Option<f64>,
    quarter: Quarter,
    fy: u8,
    up_to: Date,
) -> Vec<WeekResult> {
    let (q_start, q_end) = (quarter.start(fy), quarter.last_day(fy));
    let last = up_to.min(q_end);
    let mut out = Vec::new();
    let introduced = h.introduced(kr_ref);
    let mut week = Week::containing(q_start);
    while week.monday() <= last {
        let from = week.monday().max(q_start);
        let to = week.sunday().min(last);
        // The target is prorated only where the quarter cuts the week, not
        // for the part of the current week still to come.
        let days = crate::core::quarter::days_between(from, week.sunday().min(q_end)) + 1;
        let tracked = introduced.is_some_and(|t| t < day_start(to) + DAY);
        let inc = if tracked { increase(h, kr_ref, from, to) } else { 0.0 };
        let expected = weekly_target.filter(|_| tracked).map(|w| w * days as f64 / 7.0);
        out.push(WeekResult {
            week,
            from,
            to,
            increase: inc,
            expected,
            met: expected.map(|e| inc >= e - 1e-9),
            complete: week.sunday().min(q_end) <= up_to,
        });
        week = week.next();
    }
    out
}

/// Which way a driven metric moved over the week.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Movement {
    Up,
    Down,
    Flat,
    Unknown,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Driven {
    pub reference: String,
    pub title: Option<String>,
    pub from: Option<f64>,
    pub to: Option<f64>,
    pub movement: Movement,
    /// Whether the movement is toward the target (`None` when flat or unknown).
    pub improving: Option<bool>,
}

pub struct InputReview<'a> {
    pub objective: &'a Objective,
    pub kr: &'a KeyResult,
    pub this_week: Option<WeekResult>,
    /// The last complete week, while `this_week` is in progress (`None`
    /// when the week reviewed is over or the one before is outside the quarter).
    pub last_week: Option<WeekResult>,
    pub weeks: Vec<WeekResult>,
    pub drives: Vec<Driven>,
    /// Commit indices (into `History::commits`) of the days reviewed (last
    /// week and this one) touching these files.
    pub notes: Vec<usize>,
}

/// A week as the review counts it: its days inside the quarter (and, for
/// the week reviewed, up to the as-of date).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Days {
    pub week: Week,
    pub from: Date,
    pub to: Date,
}

/// A leading indicator whose `current` has not moved for `weeks` whole weeks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flat {
    pub reference: String,
    pub weeks: i64,
}

/// What the review's top line names.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Attention {
    /// Inputs that missed their weekly target in the last complete week.
    pub inputs_behind: Vec<String>,
    /// Leading indicators flat for [`FLAT_WEEKS`] whole weeks or more.
    pub flat_leading: Vec<Flat>,
    /// KRs of the quarter that are `stale` on the last day reviewed.
    pub stale: Vec<String>,
}

impl Attention {
    pub fn is_empty(&self) -> bool {
        self.inputs_behind.is_empty() && self.flat_leading.is_empty() && self.stale.is_empty()
    }
}

/// How many whole weeks without a move make a leading indicator flat.
pub const FLAT_WEEKS: i64 = 2;

pub struct Review<'a> {
    pub week: Week,
    /// The days of `week` counted: inside the quarter, up to the as-of date.
    pub from: Date,
    pub to: Date,
    pub quarter: Quarter,
    /// While `week` is in progress, the week before (inside the quarter);
    /// `None` when `week` is over or the week before is outside the quarter.
    pub last_week: Option<Days>,
    /// `week` is not over on the last day counted.
    pub in_progress: bool,
    pub inputs: Vec<InputReview<'a>>,
    pub attention: Attention,
}

impl Review<'_> {
    /// The last complete week the review shows: the week before while
    /// `week` is in progress, else `week` itself; `None` in the quarter's
    /// first week, still in progress.
    pub fn last_complete(&self) -> Option<Days> {
        if self.in_progress {
            self.last_week
        } else {
            Some(Days { week: self.week, from: self.from, to: self.to })
        }
    }
}

impl InputReview<'_> {
    /// This input's result in [`Review::last_complete`].
    pub fn last_complete(&self) -> Option<&WeekResult> {
        self.last_week.as_ref().or(self.this_week.as_ref().filter(|w| w.complete))
    }

    /// Who answers for the input: its own `owner`, else its objective's.
    pub fn owner(&self) -> Option<&str> {
        self.objective.kr_owner(self.kr)
    }
}

/// The first lines of the commit messages okr writes itself (`okr set`, a
/// check-in of an unchanged value, `okr sync`): bookkeeping, not learning.
pub const OKR_MESSAGES: &[&str] = &["okr: set ", "okr: check in ", "okr: sync"];

/// Whether a commit message is one okr wrote (its first line starts like
/// one of [`OKR_MESSAGES`]).
pub fn is_okr_message(message: &str) -> bool {
    let first = message.lines().next().unwrap_or_default().trim_start();
    OKR_MESSAGES.iter().any(|p| first.starts_with(p))
}

/// A learning note: a commit message's first line, once however many
/// commits of the days reviewed repeat it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// The first commit's time.
    pub time: i64,
    /// The first line, trimmed.
    pub text: String,
    /// The authors, in the order of their first commit with this line.
    pub authors: Vec<String>,
    /// Indices into `History::commits`, oldest first.
    pub commits: Vec<usize>,
}

/// The notes of every input of the review, oldest first: okr's own
/// messages left out, a line repeated (whatever its case and spacing) kept
/// once with all its authors.
pub fn learning_notes(r: &Review<'_>, h: &History) -> Vec<Note> {
    let mut commits: Vec<usize> = r.inputs.iter().flat_map(|i| i.notes.iter().copied()).collect();
    commits.sort_by_key(|&c| (h.commits[c].time, c));
    commits.dedup();
    let mut notes: Vec<Note> = Vec::new();
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for c in commits {
        let commit = &h.commits[c];
        if is_okr_message(&commit.message) {
            continue;
        }
        let text = commit.message.lines().next().unwrap_or_default().trim();
        if text.is_empty() {
            continue;
        }
        let key = text.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
        match seen.get(&key) {
            Some(&at) => {
                let n = &mut notes[at];
                n.commits.push(c);
                if !n.authors.contains(&commit.author) {
                    n.authors.push(commit.author.clone());
                }
            }
            None => {
                seen.insert(key, notes.len());
                notes.push(Note {
                    time: commit.time,
                    text: text.to_string(),
                    authors: vec![commit.author.clone()],
                    commits: vec![c],
                });
            }
        }
    }
    notes
}

/// The owners of the inputs behind (the top line's), each with those
/// inputs, in the order of the review; inputs without an owner left out.
pub fn owners_behind<'r, 'a>(r: &'r Review<'a>) -> Vec<(&'r str, Vec<&'r InputReview<'a>>)> {
    let mut out: Vec<(&str, Vec<&InputReview<'_>>)> = Vec::new();
    for i in &r.inputs {
        if !r.attention.inputs_behind.contains(&i.objective.kr_ref(i.kr)) {
            continue;
        }
        let Some(owner) = i.owner() else { continue };
        match out.iter_mut().find(|(o, _)| *o == owner) {
            Some((_, list)) => list.push(i),
            None => out.push((owner, vec![i])),
        }
    }
    out
}

/// The quarter `okr review` shows without `--quarter`: the as-of date's if
/// it has objectives, else the latest before it that does (a quarter that
/// ended stays in view until the next one is planned), else the first.
pub fn default_quarter(quarters: &[Quarter], as_of: Date, fy: u8) -> Option<Quarter> {
    let current = Quarter::containing(as_of, fy);
    quarters.iter().rev().find(|q| **q <= current).or(quarters.first()).copied()
}

/// The week reviewed in `quarter` without `--week`: the as-of date's, or
/// the quarter's last (first) week when the date is after (before) it.
pub fn default_week(quarter: Quarter, as_of: Date, fy: u8) -> Week {
    Week::containing(as_of.clamp(quarter.start(fy), quarter.last_day(fy)))
}

/// Whether `week` has days in `quarter`.
pub fn overlaps(week: Week, quarter: Quarter, fy: u8) -> bool {
    week.sunday() >= quarter.start(fy) && week.monday() <= quarter.last_day(fy)
}

/// Builds the review of `week`'s days in `quarter` (the last day counted is
/// `up_to`), with the last complete week while `week` is in progress.
pub fn review<'a>(
    ws: &'a Workspace,
    h: &History,
    config: &Config,
    quarter: Quarter,
    week: Week,
    up_to: Date,
) -> Review<'a> {
    let fy = config.fiscal_year_start_month;
    let (q_start, q_end) = (quarter.start(fy), quarter.last_day(fy));
    let up_to = up_to.min(week.sunday());
    let (from, to) = (week.monday().max(q_start), up_to.min(q_end));
    let prev = week.prev();
    // A week still in progress comes with the last complete one (a Monday
    // review is about last week); a week that is over stands alone.
    let in_progress = up_to < week.sunday().min(q_end);
    let last_week = (in_progress && prev.sunday() >= q_start && prev.monday() <= q_end).then(|| Days {
        week: prev,
        from: prev.monday().max(q_start),
        to: prev.sunday().min(q_end),
    });
    // Notes and movements cover the days shown: last week's and this week's.
    let shown_from = last_week.map_or(from, |w| w.from);
    let (t0, t1) = (day_start(shown_from), day_start(to) + DAY - 1);
    let mut inputs = Vec::new();
    for o in ws.objectives.iter().filter(|o| o.period == quarter) {
        for kr in o.key_results.iter().filter(|k| k.layer == Layer::Input) {
            let r = o.kr_ref(kr);
            let weeks = weekly(h, &r, kr.weekly_target, quarter, fy, up_to);
            let this_week = weeks.iter().find(|w| w.week == week).cloned();
            let last = last_week.and_then(|_| weeks.iter().find(|w| w.week == prev).cloned());
            let drives = kr
                .drives_resolved
                .iter()
                .map(|kr_ref| {
                    let target = ws.kr(kr_ref).map(|(_, k)| k);
                    let d = kr_ref.to_string();
                    let before = value_before(h, &d, t0);
                    let after = h.value_at(&d, t1).and_then(|v| v.current).or(before);
                    let movement = match (before, after) {
                        (Some(a), Some(b)) if b > a => Movement::Up,
                        (Some(a), Some(b)) if b < a => Movement::Down,
                        (Some(_), Some(_)) => Movement::Flat,
                        _ => Movement::Unknown,
                    };
                    let dir = target.and_then(|k| crate::core::score::effective(k, quarter.weeks(fy)).direction);
                    let improving = match (movement, dir) {
                        (Movement::Up, Some(Direction::Increase | Direction::AtLeast)) => Some(true),
                        (Movement::Down, Some(Direction::Decrease | Direction::AtMost)) => Some(true),
                        (Movement::Up | Movement::Down, Some(_)) => Some(false),
                        _ => None,
                    };
                    Driven {
                        reference: d,
                        title: target.map(|k| k.title.clone()),
                        from: before,
                        to: after,
                        movement,
                        improving,
                    }
                })
                .collect();
            let mut notes: Vec<usize> = std::iter::once(o.reference())
                .chain(kr.drives_resolved.iter().map(|d| d.objective.to_string()))
                .flat_map(|oref| h.file_commits.get(&oref).cloned().unwrap_or_default())
                .filter(|&c| (t0..=t1).contains(&h.commits[c].time))
                .collect();
            notes.sort_by_key(|&c| (h.commits[c].time, c));
            notes.dedup();
            inputs.push(InputReview { objective: o, kr, this_week, last_week: last, weeks, drives, notes });
        }
    }
    let attention = attention(ws, h, config, quarter, &inputs, to);
    Review { week, from, to, quarter, last_week, in_progress, inputs, attention }
}

/// The top line: inputs behind in their last complete week, leading
/// indicators flat for [`FLAT_WEEKS`] weeks or more, stale KRs; all as of
/// the end of `to`.
fn attention(
    ws: &Workspace,
    h: &History,
    config: &Config,
    quarter: Quarter,
    inputs: &[InputReview<'_>],
    to: Date,
) -> Attention {
    let fy = config.fiscal_year_start_month;
    let end = day_start(to) + DAY;
    let inputs_behind = inputs
        .iter()
        .filter(|i| {
            let counted = i.this_week.as_ref().filter(|w| w.complete).or(i.last_week.as_ref());
            counted.is_some_and(|w| w.met == Some(false))
        })
        .map(|i| i.objective.kr_ref(i.kr))
        .collect();
    let mut flat_leading = Vec::new();
    for o in ws.objectives.iter().filter(|o| o.period == quarter) {
        let scores = crate::core::score::score_objective(o, to, fy);
        for (kr, s) in o.key_results.iter().zip(&scores.key_results) {
            if kr.layer != Layer::Leading || s.progress.is_some_and(|p| p >= 1.0) {
                continue;
            }
            let r = o.kr_ref(kr);
            // When `current` last took a new value (its introduction counts).
            let mut moved = None;
            let mut last: Option<Option<f64>> = None;
            for p in h.points(&r).iter().take_while(|p| h.time(p) < end) {
                if last != Some(p.values.current) {
                    moved = Some(h.time(p));
                    last = Some(p.values.current);
                }
            }
            let Some(moved) = moved else { continue };
            let weeks = (end - moved) / (7 * DAY);
            if weeks >= FLAT_WEEKS {
                flat_leading.push(Flat { reference: r, weeks });
            }
        }
    }
    let stale = stale_krs(ws, h, config, quarter, to, end - 1).iter().map(|s| s.objective.kr_ref(s.kr)).collect();
    Attention { inputs_behind, flat_leading, stale }
}

/// A key result of a quarter (or of a longer period, SPEC §11) that went
/// stale: what the `stale` rule reports, as data (the review's top line
/// lists them, `okr retro` at the quarter's end).
pub(crate) struct StaleKr<'a> {
    pub objective: &'a Objective,
    pub kr: &'a KeyResult,
    /// When `current` last changed (its introduction when it never did).
    pub last: i64,
    /// `current` changed at least once inside the period checked (the
    /// quarter, or the longer period of the objective).
    pub updated_in_quarter: bool,
    /// Whole days from the day of the last update (or the period's start)
    /// to the day checked.
    pub days: i64,
    /// The longest silence allowed: the cadence's period or `stale_after_days`.
    pub limit: i64,
    /// Index into `History::commits` of the last update.
    pub commit: Option<usize>,
}

/// The KRs of `period` (a quarter, or a half, year or span) that were stale
/// on `as_of`, judged over the period's own days (the clock starts no
/// earlier than its first day), reading only the check-ins that landed up
/// to `until` (seconds since the epoch; `i64::MAX` for all of them).
/// Milestones and KRs at their target are exempt.
pub(crate) fn stale_krs<'a>(
    ws: &'a Workspace,
    h: &History,
    config: &Config,
    period: impl Into<Period>,
    as_of: Date,
    until: i64,
) -> Vec<StaleKr<'a>> {
    let period: Period = period.into();
    let fy = config.fiscal_year_start_month;
    let start = day_start(period.start(fy));
    let now = day_start(as_of);
    let mut out = Vec::new();
    for o in ws.objectives.iter().filter(|o| o.period == period) {
        let scores = crate::core::score::score_objective(o, as_of, fy);
        for (kr, s) in o.key_results.iter().zip(&scores.key_results) {
            if kr.done.is_some() || s.progress.is_some_and(|p| p >= 1.0) {
                continue;
            }
            let r = o.kr_ref(kr);
            let Some(introduced) = h.introduced(&r).filter(|t| *t <= until) else {
                continue;
            };
            let updated = h.updated_until(&r, until);
            let last = updated.unwrap_or(introduced);
            let since = last.max(start).max(introduced);
            let limit = kr.cadence.map_or(i64::from(config.check.stale_after_days), |c| c.days());
            // Whole calendar days from the day of the last update.
            let days = (now - since.div_euclid(86_400) * 86_400) / 86_400;
            if days > limit {
                let commit = h.points(&r).iter().rev().find(|p| h.time(p) == last).map(|p| p.commit);
                out.push(StaleKr {
                    objective: o,
                    kr,
                    last,
                    updated_in_quarter: last >= start && updated.is_some(),
                    days,
                    limit,
                    commit,
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::rules::testing::{history, kr, objective, workspace};
    use jiff::civil::date;

    fn file(input: f64, lead: f64) -> String {
        objective(
            "",
            &[
                kr("lead", "Raise completion from 40 to 55", &format!("    layer: leading\n    baseline: 40\n    target: 55\n    current: {lead}\n")),
                kr("tests", "Experiments run", &format!("    layer: input\n    owner: sarah\n    weekly_target: 2\n    current: {input}\n    drives: [lead]\n")),
            ],
            "Learn",
        )
    }

    const P: &str = "2026-Q1/growth/a.md";

    #[test]
    fn weeks_of_the_quarter_with_partial_first_week() {
        let h = history(&[
            ("2026-01-01", "s", P, &file(1.0, 40.0)),
            ("2026-01-06", "s", P, &file(3.0, 40.0)),
            ("2026-01-14", "s", P, &file(4.0, 41.0)),
        ]);
        let q = Quarter::parse("2026-Q1").unwrap();
        let w = weekly(&h, "2026-Q1/growth/a#tests", Some(2.0), q, 1, date(2026, 1, 16));
        // 2026-Q1 starts on Thursday 2026-01-01: W01 counts 4 days. The KR was
        // introduced that week with 1 already done: that week gets no credit.
        assert_eq!(w.len(), 3);
        assert_eq!((w[0].week.to_string(), w[0].from, w[0].increase), ("2026-W01".to_string(), date(2026, 1, 1), 0.0));
        assert_eq!(w[0].expected, Some(2.0 * 4.0 / 7.0));
        assert_eq!(w[0].met, Some(false));
        assert_eq!((w[1].increase, w[1].met, w[1].complete), (2.0, Some(true), true));
        assert_eq!((w[2].increase, w[2].met, w[2].complete), (1.0, Some(false), false));
    }

    #[test]
    fn quarters_and_weeks_chosen_by_default() {
        let q = |s: &str| Quarter::parse(s).unwrap();
        let both = [q("2026-Q1"), q("2026-Q2")];
        // The as-of date's quarter, even in a week whose Thursday is in the next.
        assert_eq!(default_quarter(&both, date(2026, 3, 31), 1), Some(q("2026-Q1")));
        assert_eq!(default_quarter(&both, date(2026, 4, 1), 1), Some(q("2026-Q2")));
        // After the last planned quarter: it stays; before the first: the first.
        assert_eq!(default_quarter(&both, date(2026, 8, 1), 1), Some(q("2026-Q2")));
        assert_eq!(default_quarter(&both, date(2025, 8, 1), 1), Some(q("2026-Q1")));
        assert_eq!(default_quarter(&[], date(2026, 8, 1), 1), None);
        // A later quarter planned ahead does not pull the review forward.
        assert_eq!(default_quarter(&[q("2026-Q1"), q("2026-Q3")], date(2026, 5, 1), 1), Some(q("2026-Q1")));
        assert_eq!(default_week(q("2026-Q1"), date(2026, 4, 8), 1).to_string(), "2026-W14");
        assert_eq!(default_week(q("2026-Q2"), date(2026, 2, 8), 1).to_string(), "2026-W14");
        let w14 = Week::parse("2026-W14").unwrap();
        assert!(overlaps(w14, q("2026-Q1"), 1) && overlaps(w14, q("2026-Q2"), 1));
        assert!(!overlaps(Week::parse("2026-W15").unwrap(), q("2026-Q1"), 1));
    }

    #[test]
    fn review_of_a_week() {
        let texts = [file(1.0, 40.0), file(3.0, 40.0), file(5.0, 42.0)];
        let h = history(&[
            ("2026-01-01", "s", P, &texts[0]),
            ("2026-02-09", "s", P, &texts[1]),
            ("2026-02-12", "lee", P, &texts[2]),
        ]);
        let ws = workspace(&[(P, &texts[2])]);
        let q = Quarter::parse("2026-Q1").unwrap();
        let r = review(&ws, &h, &Config::default(), q, Week::parse("2026-W07").unwrap(), date(2026, 2, 20));
        assert_eq!((r.from, r.to, r.quarter.to_string()), (date(2026, 2, 9), date(2026, 2, 15), "2026-Q1".to_string()));
        assert_eq!(r.inputs.len(), 1);
        let i = &r.inputs[0];
        let w = i.this_week.as_ref().unwrap();
        assert_eq!((w.increase, w.met), (4.0, Some(true)));
        assert_eq!(i.drives[0].movement, Movement::Up);
        assert_eq!(i.drives[0].improving, Some(true));
        assert_eq!((i.drives[0].from, i.drives[0].to), (Some(40.0), Some(42.0)));
        assert_eq!(i.notes.len(), 2);
        assert_eq!(h.commits[i.notes[1]].author, "lee");
    }

    #[test]
    fn okrs_own_messages_are_recognised() {
        assert!(is_okr_message("okr: set 2026-Q1/growth/a#tests to 5\n"));
        assert!(is_okr_message("okr: check in 2026-Q1/growth/a#tests at 5 (unchanged)\n\nOkr-Check-In: x"));
        assert!(is_okr_message("okr: sync 3 key results"));
        assert!(!is_okr_message("Ran two tests; okr: set to 5 later"));
        assert!(!is_okr_message("okr: fix the review's week"), "only the messages okr writes");
        assert!(!is_okr_message(""));
    }

    #[test]
    fn notes_are_deduplicated_and_okrs_messages_dropped() {
        let texts = [file(1.0, 40.0), file(2.0, 40.0), file(3.0, 41.0), file(4.0, 41.0), file(5.0, 42.0)];
        let mut h = history(&[
            ("2026-01-01", "s", P, &texts[0]),
            ("2026-02-09", "sam", P, &texts[1]),
            ("2026-02-10", "lee", P, &texts[2]),
            ("2026-02-11", "sam", P, &texts[3]),
            ("2026-02-12", "lee", P, &texts[4]),
        ]);
        h.commits[1].message = "Weekly numbers\n\nfirst body".into();
        h.commits[2].message = "okr: set 2026-Q1/growth/a#tests to 3\n".into();
        h.commits[3].message = "  weekly   NUMBERS \n".into();
        h.commits[4].message = "Weekly numbers\n".into();
        let ws = workspace(&[(P, &texts[4])]);
        let q = Quarter::parse("2026-Q1").unwrap();
        let r = review(&ws, &h, &Config::default(), q, Week::parse("2026-W07").unwrap(), date(2026, 2, 20));
        assert_eq!(r.inputs[0].notes.len(), 4, "the input's own notes keep every commit");
        let notes = learning_notes(&r, &h);
        assert_eq!(notes.len(), 1, "{notes:?}");
        assert_eq!(notes[0].text, "Weekly numbers");
        assert_eq!(notes[0].authors, ["sam", "lee"]);
        assert_eq!(notes[0].commits, [1, 3, 4]);
        assert_eq!(notes[0].time, h.commits[1].time);
    }

    #[test]
    fn last_complete_week_and_owners_behind() {
        let texts = [file(1.0, 40.0), file(2.0, 40.0)];
        let h = history(&[("2026-01-01", "s", P, &texts[0]), ("2026-02-03", "s", P, &texts[1])]);
        let ws = workspace(&[(P, &texts[1])]);
        let q = Quarter::parse("2026-Q1").unwrap();
        let w07 = Week::parse("2026-W07").unwrap();
        // Monday of W07: W06 is the last complete week, and 1 of 2 missed it.
        let r = review(&ws, &h, &Config::default(), q, w07, date(2026, 2, 9));
        assert!(r.in_progress);
        assert_eq!(r.last_complete().map(|d| d.week.to_string()), Some("2026-W06".into()));
        let i = &r.inputs[0];
        assert_eq!(i.last_complete().map(|w| (w.increase, w.met)), Some((1.0, Some(false))));
        assert_eq!(i.owner(), Some("sarah"));
        let behind = owners_behind(&r);
        assert_eq!(behind.len(), 1);
        assert_eq!((behind[0].0, behind[0].1.len()), ("sarah", 1));
        // A week that is over is its own last complete week.
        let r = review(&ws, &h, &Config::default(), q, Week::parse("2026-W06").unwrap(), date(2026, 2, 20));
        assert!(!r.in_progress);
        assert_eq!(r.last_complete().map(|d| d.week.to_string()), Some("2026-W06".into()));
        // The quarter's first week, in progress: no complete week yet.
        let r = review(&ws, &h, &Config::default(), q, Week::parse("2026-W01").unwrap(), date(2026, 1, 2));
        assert_eq!(r.last_complete(), None);
    }
}
