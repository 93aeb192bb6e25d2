//! `trending-off-track`: the line through the check-ins misses the target.

use super::{Context, Meta, Rule};
use crate::core::diagnostic::Diagnostic;
use crate::core::model::{Direction, Objective};
use crate::core::quarter::Quarter;
use crate::core::score::NumFormat;

pub struct TrendingOffTrack;

/// Check-ins needed before a trend is trusted.
pub const MIN_POINTS: usize = 3;

static META: Meta = Meta {
    code: crate::core::codes::TRENDING_OFF_TRACK,
    summary: "a linear fit of the KR's value history projects the value at the end of the quarter (or longer period) short of the target",
    doc: "## What it checks\n\nFor key results of the as-of quarter with at least three values this quarter (the value in force at its start \
counts), a least-squares line through the values of `current` is extended to the end of the quarter's last day. If the progress it projects there is below the on-track band \
(`1 − 0.1` of the way from baseline to target, as `status` draws it), the KR is trending off track; the finding names the projected value. \
Key results of a half, year or multi-year objective in progress are read the same way over their own period: its values since its first day, \
projected to its last.\n\n\
## Why it matters\n\nStatus compares today's progress with the calendar; the trend looks at the slope. A KR can be on track today and \
still be flattening out. Seeing it in week five leaves time to change the bets.\n\n\
## A weak example\n\nActivation went 22 → 23 → 23.4 over six weeks toward a target of 30.\n\n\
## A stronger rewrite\n\nRevisit the inputs that drive it in the weekly review (`okr review`), change the bet, and record why in the commit message.\n",
};

impl Rule for TrendingOffTrack {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let Some(h) = cx.history else { return };
        let fy = cx.config.fiscal_year_start_month;
        let quarter = Quarter::containing(cx.as_of, fy);
        // The as-of quarter's objectives and those of every longer period in
        // progress (one that holds it), each projected to its own last day.
        let in_progress = |o: &&Objective| o.period.contains(quarter.into());
        for o in cx.workspace.objectives.iter().filter(in_progress) {
            let period = o.period;
            let weeks = period.weeks(fy);
            // "ends the quarter", "ends 2026".
            let ends = if period.is_quarter() { "the quarter".to_string() } else { period.to_string() };
            for kr in &o.key_results {
                let values = crate::core::score::effective(kr, weeks);
                let (Some(target), Some(dir)) = (values.target, values.direction) else {
                    continue;
                };
                if !matches!(dir, Direction::Increase | Direction::Decrease) {
                    continue;
                }
                let r = o.kr_ref(kr);
                if h.measurements(&r, period, fy).len() < MIN_POINTS {
                    continue;
                }
                let Some(projected) = h.projected(&r, period, fy) else {
                    continue;
                };
                let short = projected_short(projected, target, values.baseline, dir);
                let done =
                    values.current.is_some_and(|c| if dir == Direction::Increase { c >= target } else { c <= target });
                if short && !done {
                    out.push(
                        cx.kr(
                            &META,
                            o,
                            kr,
                            "current",
                            format!(
                                "at its current pace `{}` ends {ends} near {} against a target of {}",
                                kr.id,
                                NumFormat::of_kr(kr).fmt(projected),
                                NumFormat::of_kr(kr).fmt(target)
                            ),
                        )
                        .hint("look at the inputs and leading indicators that drive it in the weekly review, and change the bet while there is time"),
                    );
                }
            }
        }
    }
}

/// Whether a projection ends the quarter below the on-track band: its
/// progress under `1 − 0.1`, as `status` draws the band (SPEC §4). Without a
/// baseline to measure progress from, 10 % of the target is the band.
fn projected_short(projected: f64, target: f64, baseline: Option<f64>, dir: Direction) -> bool {
    const BAND: f64 = 0.1;
    match baseline.filter(|b| *b != target) {
        Some(b) => (projected - b) / (target - b) < 1.0 - BAND,
        None if dir == Direction::Increase => projected < target - BAND * target.abs(),
        None => projected > target + BAND * target.abs(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::rules::testing::{history, kr, objective, run_history};

    fn file(current: f64) -> String {
        objective(
            "",
            &[kr("x", "Raise x from 0 to 10", &format!("    baseline: 0\n    target: 10\n    current: {current}\n"))],
            "Grow",
        )
    }

    const P: &str = "2026-Q1/growth/a.md";

    #[test]
    fn fires_when_the_line_falls_short() {
        let h = history(&[
            ("2026-01-01", "m", P, &file(0.0)),
            ("2026-01-21", "m", P, &file(1.0)),
            ("2026-02-10", "m", P, &file(2.0)),
        ]);
        let found = run_history(&TrendingOffTrack, &[(P, &file(2.0))], &h, "2026-02-15");
        assert_eq!(found.len(), 1);
        assert!(found[0].message.contains("ends the quarter near 4 against a target of 10"), "{}", found[0].message);
    }

    /// A year objective in progress is projected to the end of its year,
    /// from its points inside the year; an ended one is not checked.
    #[test]
    fn longer_horizons_project_to_their_own_last_day() {
        let y = "2026/company/a.md";
        // 0 → 1 → 2 over the first months: about 10 by the year's end (on track).
        let h = history(&[
            ("2026-01-01", "m", y, &file(0.0)),
            ("2026-02-06", "m", y, &file(1.0)),
            ("2026-03-14", "m", y, &file(2.0)),
        ]);
        assert!(run_history(&TrendingOffTrack, &[(y, &file(2.0))], &h, "2026-03-20").is_empty());
        // The same pace over a quarter's weeks falls short by the year's end.
        let h = history(&[
            ("2026-01-01", "m", y, &file(0.0)),
            ("2026-03-01", "m", y, &file(1.0)),
            ("2026-05-01", "m", y, &file(2.0)),
        ]);
        let found = run_history(&TrendingOffTrack, &[(y, &file(2.0))], &h, "2026-05-10");
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].message.contains("ends 2026 near 6 against a target of 10"), "{}", found[0].message);
        // Ended: 2025's objectives are not projected in 2026.
        let old = "2025/company/a.md";
        let h = history(&[
            ("2025-01-01", "m", old, &file(0.0)),
            ("2025-03-01", "m", old, &file(1.0)),
            ("2025-05-01", "m", old, &file(2.0)),
        ]);
        assert!(run_history(&TrendingOffTrack, &[(old, &file(2.0))], &h, "2026-05-10").is_empty());
    }

    #[test]
    fn quiet_on_pace_or_with_too_few_points() {
        let h = history(&[
            ("2026-01-01", "m", P, &file(0.0)),
            ("2026-01-21", "m", P, &file(3.0)),
            ("2026-02-10", "m", P, &file(6.0)),
        ]);
        assert!(run_history(&TrendingOffTrack, &[(P, &file(6.0))], &h, "2026-02-15").is_empty());
        let h = history(&[("2026-01-01", "m", P, &file(0.0)), ("2026-02-10", "m", P, &file(1.0))]);
        assert!(run_history(&TrendingOffTrack, &[(P, &file(1.0))], &h, "2026-02-15").is_empty());
    }

    #[test]
    fn projects_to_the_end_of_the_last_day() {
        // One a day from 0 at 09:00 on Jan 1: the quarter ends 89 days and
        // 15 hours later (Apr 1, 00:00), not on Mar 31 at 00:00 (88.625).
        let h = history(&[("2026-01-01", "m", P, &file(0.0)), ("2026-01-02", "m", P, &file(1.0))]);
        let q = Quarter::parse("2026-Q1").unwrap();
        let p = h.projected("2026-Q1/growth/a#x", q, 1).unwrap();
        assert!((p - 89.625).abs() < 1e-6, "{p}");
    }

    #[test]
    fn fires_only_below_the_on_track_band() {
        assert!(!projected_short(9.5, 10.0, Some(0.0), Direction::Increase));
        assert!(!projected_short(9.0, 10.0, Some(0.0), Direction::Increase));
        assert!(projected_short(8.9, 10.0, Some(0.0), Direction::Increase));
        assert!(!projected_short(1.54, 1.5, Some(2.0), Direction::Decrease));
        assert!(projected_short(1.6, 1.5, Some(2.0), Direction::Decrease));
        assert!(!projected_short(95.0, 100.0, None, Direction::Increase));
        assert!(projected_short(89.0, 100.0, None, Direction::Increase));
    }
}
