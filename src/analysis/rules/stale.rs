//! `stale`: a key result nobody has updated.

use super::{Context, Meta, Rule};
use crate::core::diagnostic::Diagnostic;
use crate::core::quarter::{rfc3339, Quarter};
use crate::history::review::stale_krs;

pub struct Stale;

static META: Meta = Meta {
    code: crate::core::codes::STALE,
    summary: "in the as-of quarter (or a half, year or span in progress), a KR has had no check-in for longer than its `cadence` period (if set) or `stale_after_days`",
    doc: "## What it checks\n\nIn the quarter of the as-of date, and in every half, year or multi-year period that holds it, every key result has a check-in (a commit that changes its `current` or \
`confidence`, or names it in an `Okr-Check-In:` trailer) at least once per `cadence` period (a week for `weekly`), or every \
`stale_after_days` (default 14) when it has no cadence. The clock starts at the later of the \
period's first day (the quarter's, or the year's for a year objective) and the commit that introduced the KR; a KR never updated since counts as stale too. Milestones and KRs \
already at their target are exempt.\n\n\
## Why it matters\n\nOKRs work as a weekly conversation, not a quarterly form. A number nobody updates is a goal nobody is steering by, \
and by the time it is looked at again the quarter is gone.\n\n\
## A weak example\n\n`current: 24.5` last changed six weeks ago on a `cadence: weekly` KR.\n\n\
## A stronger rewrite\n\nUpdate the value at every check-in, even when it did not move: `okr set REF VALUE -m \"why\" --commit` with \
the value already in place makes an empty commit with an `Okr-Check-In: REF` trailer, which counts as a check-in at its author time; \
with plain git, `git commit --allow-empty -m \"why\" --trailer \"Okr-Check-In: REF\"` does the same. With `--as-of`, staleness is \
judged on the history up to the end of that day. If the KR no longer matters, say so and drop it.\n",
};

impl Rule for Stale {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let Some(h) = cx.history else { return };
        let quarter = Quarter::containing(cx.as_of, cx.config.fiscal_year_start_month);
        // The as-of quarter and every longer period in progress (one that
        // holds it), each over its own days; ended periods are not checked.
        let mut ids: std::collections::HashMap<usize, std::sync::Arc<str>> = std::collections::HashMap::new();
        let in_progress = cx.workspace.periods().into_iter().filter(|p| p.contains(quarter.into()));
        for s in in_progress.flat_map(|p| stale_krs(cx.workspace, h, cx.config, p, cx.as_of, i64::MAX)) {
            let (o, kr) = (s.objective, s.kr);
            let r = o.kr_ref(kr);
            let why = match kr.cadence {
                Some(c) => format!("its cadence is {c}"),
                None => format!("`stale_after_days` is {}", cx.config.check.stale_after_days),
            };
            let what = if s.updated_in_quarter {
                format!("was last updated {} days ago, on {}", s.days, &rfc3339(s.last)[..10])
            } else if o.period.is_quarter() {
                "has not been updated this quarter".to_string()
            } else {
                format!("has not been updated in {}", o.period)
            };
            let mut d = cx
                .kr(&META, o, kr, "current", format!("`{}` {what} ({why}); a number nobody updates is a goal nobody steers by", kr.id))
                .hint(format!("record the latest value with `okr set {r} VALUE -m \"what we learned\" --commit`; a number that truly has not moved for this long is worth raising in the weekly review"));
            if let Some(c) = s.commit {
                // One shared copy of each commit id, however many KRs it
                // last updated (a big organisation's bulk commit: thousands).
                let id = ids.entry(c).or_insert_with(|| h.commits[c].id.as_str().into());
                d.related = vec![id.clone()];
            }
            out.push(d);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::rules::testing::{history, kr, objective, run_history};

    fn file(current: f64, cadence: &str) -> String {
        objective(
            "",
            &[kr(
                "x",
                "Raise x from 0 to 10",
                &format!("    baseline: 0\n    target: 10\n    current: {current}\n{cadence}"),
            )],
            "Grow",
        )
    }

    const P: &str = "2026-Q1/growth/a.md";

    #[test]
    fn fires_after_the_cadence_period() {
        let h = history(&[
            ("2025-12-20", "maya", P, &file(1.0, "    cadence: weekly\n")),
            ("2026-01-10", "maya", P, &file(2.0, "    cadence: weekly\n")),
        ]);
        let found = run_history(&Stale, &[(P, &file(2.0, "    cadence: weekly\n"))], &h, "2026-01-20");
        assert_eq!(found.len(), 1);
        assert!(found[0].message.contains("last updated 10 days ago, on 2026-01-10"), "{}", found[0].message);
        assert!(run_history(&Stale, &[(P, &file(2.0, "    cadence: weekly\n"))], &h, "2026-01-16").is_empty());
    }

    #[test]
    fn never_updated_counts_from_the_quarter_start() {
        let h = history(&[("2025-12-20", "maya", P, &file(0.0, ""))]);
        assert!(run_history(&Stale, &[(P, &file(0.0, ""))], &h, "2026-01-14").is_empty());
        let found = run_history(&Stale, &[(P, &file(0.0, ""))], &h, "2026-01-20");
        assert!(found[0].message.contains("has not been updated this quarter"), "{}", found[0].message);
    }

    /// A year, half or span objective in progress is checked over its own
    /// days; one whose period has ended, or not begun, is not.
    #[test]
    fn longer_horizons_in_progress_are_checked_over_their_own_days() {
        for path in ["2026/company/a.md", "2026-H1/company/a.md", "2026-2028/company/a.md"] {
            // Introduced before the period began, never updated: the clock starts at its first day.
            let h = history(&[("2025-12-20", "maya", path, &file(0.0, ""))]);
            assert!(run_history(&Stale, &[(path, &file(0.0, ""))], &h, "2026-01-14").is_empty(), "{path}");
            let found = run_history(&Stale, &[(path, &file(0.0, ""))], &h, "2026-03-20");
            assert_eq!(found.len(), 1, "{path}");
            assert!(found[0].message.contains("has not been updated in 20"), "{path}: {}", found[0].message);
            // Updated in a quarter before the as-of one, still inside the period.
            let h = history(&[
                ("2025-12-20", "maya", path, &file(0.0, "    cadence: monthly\n")),
                ("2026-02-02", "maya", path, &file(4.0, "    cadence: monthly\n")),
            ]);
            let found = run_history(&Stale, &[(path, &file(4.0, "    cadence: monthly\n"))], &h, "2026-04-10");
            assert_eq!(found.len(), 1, "{path}");
            assert!(found[0].message.contains("last updated 67 days ago, on 2026-02-02"), "{}", found[0].message);
            assert!(run_history(&Stale, &[(path, &file(4.0, "    cadence: monthly\n"))], &h, "2026-02-20").is_empty());
        }
        // A span that began in 2025 counts its own days: silent since
        // 2025-12-20, it is stale early in 2026, where a 2026 quarter is not yet.
        let path = "2025-2027/company/a.md";
        let h = history(&[("2025-12-20", "maya", path, &file(0.0, ""))]);
        let found = run_history(&Stale, &[(path, &file(0.0, ""))], &h, "2026-01-14");
        assert!(found[0].message.contains("last updated 25 days ago, on 2025-12-20"), "{}", found[0].message);
        // Ended (2025) or not begun (2027): not checked, as other quarters are not.
        for path in ["2025/company/a.md", "2027/company/a.md", "2025-H2/company/a.md"] {
            let h = history(&[("2025-01-02", "maya", path, &file(3.0, ""))]);
            assert!(run_history(&Stale, &[(path, &file(3.0, ""))], &h, "2026-05-20").is_empty(), "{path}");
        }
    }

    #[test]
    fn quiet_once_the_target_is_reached_or_in_other_quarters() {
        let h = history(&[("2026-01-02", "maya", P, &file(10.0, ""))]);
        assert!(run_history(&Stale, &[(P, &file(10.0, ""))], &h, "2026-03-20").is_empty());
        let h = history(&[("2026-01-02", "maya", P, &file(3.0, ""))]);
        assert!(run_history(&Stale, &[(P, &file(3.0, ""))], &h, "2026-05-20").is_empty());
    }
}
