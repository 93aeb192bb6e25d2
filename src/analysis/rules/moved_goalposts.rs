//! `moved-goalposts`: targets or baselines changed after the quarter began.

use super::{Context, Meta, Rule};
use crate::core::diagnostic::Diagnostic;
use crate::core::quarter::rfc3339;
use crate::core::score::fmt_num;
use crate::history::{day_start, History};

pub struct MovedGoalposts;

static META: Meta = Meta {
    code: crate::core::codes::MOVED_GOALPOSTS,
    summary: "`target` or `baseline` changed after the quarter (or the objective's longer period) began",
    doc: "## What it checks\n\nOnce a quarter has started, a key result's `target` and `baseline` stay as they were set. Every change after the \
quarter's first day is reported with the commit, its author, the date, and the old and new value. A half, year or multi-year objective's \
goalposts are fixed from its own first day, for all of its quarters.\n\n\
## Why it matters\n\nA target lowered in week nine turns a miss into a hit and teaches the team that targets are negotiable after the fact. \
Sometimes a change is right (the baseline was measured wrongly), but it should be a visible decision, not a quiet edit.\n\n\
## A weak example\n\n`target: 30` becomes `target: 25` in a commit titled \"update numbers\" in February.\n\n\
## A stronger rewrite\n\nKeep the target and let the grade show the miss; if the metric definition really changed, say so in the commit message \
and in the objective's text, and silence the finding for that objective with `allow: [moved-goalposts]`.\n",
};

impl Rule for MovedGoalposts {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let Some(h) = cx.history else { return };
        let fy = cx.config.fiscal_year_start_month;
        for o in &cx.workspace.objectives {
            let start = day_start(o.period.start(fy));
            // A longer horizon is named by its label: "after 2026 began".
            let period = if o.period.is_quarter() { "the quarter".to_string() } else { o.period.to_string() };
            for kr in &o.key_results {
                for m in moves(h, &o.kr_ref(kr), start) {
                    let c = &h.commits[m.commit];
                    let show = |v: Option<f64>| v.map_or("(none)".to_string(), fmt_num);
                    let mut d = cx
                        .kr(
                            &META,
                            o,
                            kr,
                            m.field,
                            format!(
                                "the {} of `{}` moved from {} to {} after {period} began: commit {} by {} on {}",
                                m.field,
                                kr.id,
                                show(m.from),
                                show(m.to),
                                crate::history::short_id(&c.id),
                                c.author,
                                &rfc3339(c.time)[..10]
                            ),
                        )
                        .hint(format!("keep targets fixed for {period} and let the grade show a miss; if the change was deliberate, explain it in the objective's text"));
                    d.related.push(c.id.as_str().into());
                    out.push(d);
                }
            }
        }
    }
}

/// One change of a KR's `target` or `baseline`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Move {
    /// `target` or `baseline`.
    pub field: &'static str,
    pub from: Option<f64>,
    pub to: Option<f64>,
    /// Index into `History::commits`: the commit credited with the change.
    pub commit: usize,
}

/// Every change of a KR's `target` or `baseline` made at or after `start`
/// (the quarter's first moment), oldest first; the commit that introduced
/// the KR does not count.
pub(crate) fn moves(h: &History, kr_ref: &str, start: i64) -> Vec<Move> {
    let mut out = Vec::new();
    for w in h.points(kr_ref).windows(2) {
        let (before, after) = (&w[0], &w[1]);
        if h.commits[after.commit].time < start {
            continue;
        }
        for (field, from, to) in [
            ("target", before.values.target, after.values.target),
            ("baseline", before.values.baseline, after.values.baseline),
        ] {
            if from != to {
                out.push(Move { field, from, to, commit: after.commit });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::rules::testing::{history, kr, objective, run_history};

    fn file(target: f64) -> String {
        objective("", &[kr("x", "Raise x from 0 to 10", &format!("    baseline: 0\n    target: {target}\n"))], "Grow")
    }

    const P: &str = "2026-Q1/growth/a.md";

    #[test]
    fn names_commit_author_date_and_values() {
        let h = history(&[
            ("2025-12-20", "maya", P, &file(30.0)),
            ("2025-12-28", "maya", P, &file(32.0)),
            ("2026-02-03", "sam", P, &file(25.0)),
        ]);
        let found = run_history(&MovedGoalposts, &[(P, &file(25.0))], &h, "2026-02-15");
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(
            found[0].message,
            "the target of `x` moved from 32 to 25 after the quarter began: commit 0000000 by sam on 2026-02-03"
        );
        assert_eq!(found[0].related.iter().map(|r| r.to_string()).collect::<Vec<_>>(), vec![format!("{:040x}", 3)]);
        assert_eq!(found[0].pos.unwrap().line, 6);
    }

    /// A year, half or span objective's goalposts are fixed from its own
    /// first day: a change in its first quarter's planning weeks before that
    /// day is not a move, one after it is, in whatever quarter it lands.
    #[test]
    fn longer_horizons_count_from_their_own_first_day() {
        for (path, label) in [
            ("2026/company/a.md", "2026"),
            ("2026-H2/company/a.md", "2026-H2"),
            ("2026-2028/company/a.md", "2026-2028"),
        ] {
            let h = history(&[
                ("2025-12-20", "maya", path, &file(30.0)),
                ("2025-12-28", "maya", path, &file(32.0)),
                ("2026-05-04", "sam", path, &file(40.0)),
                ("2026-08-03", "sam", path, &file(25.0)),
            ]);
            let found = run_history(&MovedGoalposts, &[(path, &file(25.0))], &h, "2026-09-15");
            let messages: Vec<&str> = found.iter().map(|d| d.message.as_str()).collect();
            let late = format!(
                "the target of `x` moved from 40 to 25 after {label} began: commit 0000000 by sam on 2026-08-03"
            );
            let early = format!(
                "the target of `x` moved from 32 to 40 after {label} began: commit 0000000 by sam on 2026-05-04"
            );
            if label == "2026-H2" {
                // H2 begins on 2026-07-01: the May change was planning.
                assert_eq!(messages, [late.as_str()], "{path}");
            } else {
                assert_eq!(messages, [early.as_str(), late.as_str()], "{path}");
            }
        }
    }

    #[test]
    fn quiet_when_only_current_moves() {
        let a = file(30.0);
        let b = a.replace("    target: 30\n", "    target: 30\n    current: 5\n");
        let h = history(&[("2026-01-02", "maya", P, &a), ("2026-02-03", "sam", P, &b)]);
        assert!(run_history(&MovedGoalposts, &[(P, &b)], &h, "2026-02-15").is_empty());
    }
}
