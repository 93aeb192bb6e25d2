//! The weekly input review: per input metric, this week's increase against
//! its weekly target, the quarter's week-by-week attainment, which way the
//! metrics it drives moved, and the week's commit messages as notes.

use crate::config::Config;
use crate::history::{day_start, History};
use crate::model::{Direction, KeyResult, Layer, Objective};
use crate::quarter::{Quarter, Week};
use crate::workspace::Workspace;
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
        let days = crate::quarter::days_between(from, week.sunday().min(q_end)) + 1;
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
    pub weeks: Vec<WeekResult>,
    pub drives: Vec<Driven>,
    /// Commit indices (into `History::commits`) of the week touching these files.
    pub notes: Vec<usize>,
}

pub struct Review<'a> {
    pub week: Week,
    pub from: Date,
    pub to: Date,
    pub quarter: Quarter,
    pub inputs: Vec<InputReview<'a>>,
}

/// Builds the review of `week` (the last day counted is `up_to`).
pub fn review<'a>(ws: &'a Workspace, h: &History, config: &Config, week: Week, up_to: Date) -> Review<'a> {
    let fy = config.fiscal_year_start_month;
    // The ISO convention: a week belongs where its Thursday is.
    let thursday = week.monday().checked_add(jiff::Span::new().days(3)).unwrap_or(up_to);
    let quarter = Quarter::containing(thursday, fy);
    let up_to = up_to.min(week.sunday());
    let (from, to) = (week.monday(), up_to);
    let (t0, t1) = (day_start(from), day_start(to) + DAY - 1);
    let mut inputs = Vec::new();
    for o in ws.objectives.iter().filter(|o| o.quarter == quarter) {
        for kr in o.key_results.iter().filter(|k| k.layer == Layer::Input) {
            let r = o.kr_ref(kr);
            let weeks = weekly(h, &r, kr.weekly_target, quarter, fy, up_to);
            let this_week = weeks.iter().find(|w| w.week == week).cloned();
            let drives = kr
                .drives_resolved
                .iter()
                .map(|d| {
                    let target = d
                        .split_once('#')
                        .and_then(|(oref, id)| ws.get(oref).and_then(|o| o.key_results.iter().find(|k| k.id == id)));
                    let before = value_before(h, d, t0);
                    let after = h.value_at(d, t1).and_then(|v| v.current).or(before);
                    let movement = match (before, after) {
                        (Some(a), Some(b)) if b > a => Movement::Up,
                        (Some(a), Some(b)) if b < a => Movement::Down,
                        (Some(_), Some(_)) => Movement::Flat,
                        _ => Movement::Unknown,
                    };
                    let dir = target.and_then(|k| crate::score::effective(k, quarter.weeks(fy)).direction);
                    let improving = match (movement, dir) {
                        (Movement::Up, Some(Direction::Increase | Direction::AtLeast)) => Some(true),
                        (Movement::Down, Some(Direction::Decrease | Direction::AtMost)) => Some(true),
                        (Movement::Up | Movement::Down, Some(_)) => Some(false),
                        _ => None,
                    };
                    Driven {
                        reference: d.clone(),
                        title: target.map(|k| k.title.clone()),
                        from: before,
                        to: after,
                        movement,
                        improving,
                    }
                })
                .collect();
            let mut notes: Vec<usize> = std::iter::once(o.reference())
                .chain(kr.drives_resolved.iter().map(|d| d.split('#').next().unwrap_or(d).to_string()))
                .flat_map(|oref| h.file_commits.get(&oref).cloned().unwrap_or_default())
                .filter(|&c| (t0..=t1).contains(&h.commits[c].time))
                .collect();
            notes.sort_by_key(|&c| (h.commits[c].time, c));
            notes.dedup();
            inputs.push(InputReview { objective: o, kr, this_week, weeks, drives, notes });
        }
    }
    Review { week, from, to, quarter, inputs }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{history, kr, objective, workspace};
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
    fn review_of_a_week() {
        let texts = [file(1.0, 40.0), file(3.0, 40.0), file(5.0, 42.0)];
        let h = history(&[
            ("2026-01-01", "s", P, &texts[0]),
            ("2026-02-09", "s", P, &texts[1]),
            ("2026-02-12", "lee", P, &texts[2]),
        ]);
        let ws = workspace(&[(P, &texts[2])]);
        let r = review(&ws, &h, &Config::default(), Week::parse("2026-W07").unwrap(), date(2026, 2, 20));
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
}
