//! `stale`: a key result nobody has updated.

use super::{Context, Kind, Meta, Rule};
use crate::config::Config;
use crate::diagnostic::{Diagnostic, Severity};
use crate::history::{day_start, History};
use crate::model::{KeyResult, Objective};
use crate::quarter::Quarter;
use crate::render::rfc3339;
use crate::workspace::Workspace;
use jiff::civil::Date;

pub struct Stale;

static META: Meta = Meta {
    name: "stale",
    default: Severity::Warning,
    kind: Kind::History,
    summary: "in the as-of quarter, a KR has had no check-in for longer than its `cadence` period (if set) or `stale_after_days`",
    doc: "## What it checks\n\nIn the quarter of the as-of date, every key result has a check-in (a commit that changes its `current` or \
`confidence`, or names it in an `Okr-Check-In:` trailer) at least once per `cadence` period (a week for `weekly`), or every \
`stale_after_days` (default 14) when it has no cadence. The clock starts at the later of the \
quarter's first day and the commit that introduced the KR; a KR never updated since counts as stale too. Milestones and KRs \
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
        for s in stale_krs(cx.workspace, h, cx.config, quarter, cx.as_of, i64::MAX) {
            let (o, kr) = (s.objective, s.kr);
            let r = o.kr_ref(kr);
            let why = match kr.cadence {
                Some(c) => format!("its cadence is {c}"),
                None => format!("`stale_after_days` is {}", cx.config.check.stale_after_days),
            };
            let what = if s.updated_in_quarter {
                format!("was last updated {} days ago, on {}", s.days, &rfc3339(s.last)[..10])
            } else {
                "has not been updated this quarter".to_string()
            };
            let mut d = cx
                .kr(&META, o, kr, "current", format!("`{}` {what} ({why}); a number nobody updates is a goal nobody steers by", kr.id))
                .hint(format!("record the latest value with `okr set {r} VALUE -m \"what we learned\" --commit`; a number that truly has not moved for this long is worth raising in the weekly review"));
            if let Some(c) = s.commit {
                d.related.push(h.commits[c].id.as_str().into());
            }
            out.push(d);
        }
    }
}

/// A key result of a quarter that went stale: what `stale` reports, as data
/// (`okr retro` lists them at the quarter's end).
pub(crate) struct StaleKr<'a> {
    pub objective: &'a Objective,
    pub kr: &'a KeyResult,
    /// When `current` last changed (its introduction when it never did).
    pub last: i64,
    /// `current` changed at least once inside the quarter.
    pub updated_in_quarter: bool,
    /// Whole days from the day of the last update (or the quarter's start)
    /// to the day checked.
    pub days: i64,
    /// The longest silence allowed: the cadence's period or `stale_after_days`.
    pub limit: i64,
    /// Index into `History::commits` of the last update.
    pub commit: Option<usize>,
}

/// The KRs of `quarter` that were stale on `as_of`, reading only the
/// check-ins that landed up to `until` (seconds since the epoch;
/// `i64::MAX` for all of them). Milestones and KRs at their target are exempt.
pub(crate) fn stale_krs<'a>(
    ws: &'a Workspace,
    h: &History,
    config: &Config,
    quarter: Quarter,
    as_of: Date,
    until: i64,
) -> Vec<StaleKr<'a>> {
    let fy = config.fiscal_year_start_month;
    let start = day_start(quarter.start(fy));
    let now = day_start(as_of);
    let mut out = Vec::new();
    for o in ws.objectives.iter().filter(|o| o.quarter == quarter) {
        let scores = crate::score::score_objective(o, as_of, fy);
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
    use crate::rules::testing::{history, kr, objective, run_history};

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

    #[test]
    fn quiet_once_the_target_is_reached_or_in_other_quarters() {
        let h = history(&[("2026-01-02", "maya", P, &file(10.0, ""))]);
        assert!(run_history(&Stale, &[(P, &file(10.0, ""))], &h, "2026-03-20").is_empty());
        let h = history(&[("2026-01-02", "maya", P, &file(3.0, ""))]);
        assert!(run_history(&Stale, &[(P, &file(3.0, ""))], &h, "2026-05-20").is_empty());
    }
}
