//! `input-without-effect`: inputs delivered, outcomes flat.

use super::{Context, Meta, Rule};
use crate::core::diagnostic::Diagnostic;
use crate::core::model::{KeyResult, Layer, Objective};
use crate::core::quarter::Quarter;
use crate::core::workspace::Workspace;
use crate::history::review::weekly;
use crate::history::{day_start, History};
use jiff::civil::Date;

pub struct InputWithoutEffect;

/// Weeks of met input targets before the hypothesis is questioned.
pub const MIN_WEEKS: usize = 4;

static META: Meta = Meta {
    code: crate::core::codes::INPUT_WITHOUT_EFFECT,
    summary: "an input metric met its weekly targets for 4+ weeks while every KR it `drives` stayed flat: revisit the hypothesis",
    doc: "## What it checks\n\nIn the as-of quarter, an input KR whose `current` rose by at least its `weekly_target` in four or more \
weeks, while the value of every KR it `drives` did not change from the first of those weeks to the as-of date.\n\n\
## Why it matters\n\n`drives` is a hypothesis: doing this moves that. When the team reliably does the work and the needle does not move, \
the hypothesis is the thing to change, not the effort. This is the most valuable learning an input tree produces.\n\n\
## A weak example\n\nTwo onboarding experiments a week for six weeks; onboarding completion flat at 41%.\n\n\
## A stronger rewrite\n\nWrite down what the experiments taught, and swap the input for a different lever (or the leading indicator for \
one closer to the input).\n",
};

impl Rule for InputWithoutEffect {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let Some(h) = cx.history else { return };
        let quarter = Quarter::containing(cx.as_of, cx.config.fiscal_year_start_month);
        for n in inputs_without_effect(cx.workspace, h, cx.config.fiscal_year_start_month, quarter, cx.as_of) {
            let mut d = cx
                .kr(
                    &META,
                    n.objective,
                    n.kr,
                    "drives",
                    format!(
                        "`{}` met its weekly target in {} weeks, but every KR it drives is where it was on {}: the hypothesis behind `drives` may be wrong",
                        n.kr.id, n.weeks_met, n.since
                    ),
                )
                .hint("write down what the work taught you, then change the bet: a different input, or a leading indicator closer to it");
            d.related = n.kr.drives_resolved.iter().map(|r| r.to_string().into()).collect();
            out.push(d);
        }
    }
}

/// An input KR that did its work while what it drives stayed put: what
/// `input-without-effect` reports, as data (`okr retro` lists them).
pub(crate) struct NoEffect<'a> {
    pub objective: &'a Objective,
    pub kr: &'a KeyResult,
    /// Complete weeks in which the weekly target was met.
    pub weeks_met: usize,
    /// First day of the first of those weeks: the KRs it drives have the
    /// value they had just before it.
    pub since: Date,
}

/// The input KRs of `quarter` that met their weekly target in
/// [`MIN_WEEKS`] or more complete weeks up to `as_of`, while every KR they
/// `drive` had on `as_of` the value it had before the first of those weeks.
pub(crate) fn inputs_without_effect<'a>(
    ws: &'a Workspace,
    h: &History,
    fy: u8,
    quarter: Quarter,
    as_of: Date,
) -> Vec<NoEffect<'a>> {
    let now = day_start(as_of);
    let mut out = Vec::new();
    for o in ws.objectives.iter().filter(|o| o.period == quarter) {
        for kr in o.key_results.iter().filter(|k| k.layer == Layer::Input && !k.drives_resolved.is_empty()) {
            let Some(wt) = kr.weekly_target.filter(|w| *w > 0.0) else {
                continue;
            };
            // Complete ISO weeks only: the same weeks `okr review` shows.
            let weeks = weekly(h, &o.kr_ref(kr), Some(wt), quarter, fy, as_of);
            let met: Vec<Date> = weeks.iter().filter(|w| w.complete && w.met == Some(true)).map(|w| w.from).collect();
            if met.len() < MIN_WEEKS {
                continue;
            }
            let from = day_start(met[0]);
            let flat = kr.drives_resolved.iter().all(|d| {
                let d = d.to_string();
                let v = |t| h.value_at(&d, t).and_then(|v| v.current);
                v(from - 1) == v(now + 86_399)
            });
            if flat {
                out.push(NoEffect { objective: o, kr, weeks_met: met.len(), since: met[0] });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::rules::testing::{history, kr, objective, run_history};

    fn file(input: f64, lead: f64) -> String {
        objective(
            "",
            &[
                kr(
                    "lead",
                    "Raise completion from 40 to 55",
                    &format!("    layer: leading\n    baseline: 40\n    target: 55\n    current: {lead}\n"),
                ),
                kr(
                    "tests",
                    "Experiments run",
                    &format!("    layer: input\n    weekly_target: 2\n    current: {input}\n    drives: [lead]\n"),
                ),
            ],
            "Learn",
        )
    }

    const P: &str = "2026-Q1/growth/a.md";

    fn weekly(lead_moves: bool) -> crate::history::History {
        let dates = ["2026-01-01", "2026-01-08", "2026-01-15", "2026-01-22", "2026-01-29", "2026-02-05"];
        let texts: Vec<String> = dates
            .iter()
            .enumerate()
            .map(|(i, _)| file(2.0 * i as f64, if lead_moves && i > 3 { 42.0 } else { 40.0 }))
            .collect();
        let commits: Vec<(&str, &str, &str, &str)> =
            dates.iter().zip(&texts).map(|(d, t)| (*d, "sarah", P, t.as_str())).collect();
        history(&commits)
    }

    #[test]
    fn fires_when_inputs_are_met_and_the_driven_kr_is_flat() {
        let found = run_history(&InputWithoutEffect, &[(P, &file(10.0, 40.0))], &weekly(false), "2026-02-10");
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].message.contains("met its weekly target in 5 weeks"), "{}", found[0].message);
        assert_eq!(
            found[0].related.iter().map(|r| r.to_string()).collect::<Vec<_>>(),
            vec!["2026-Q1/growth/a#lead".to_string()]
        );
    }

    #[test]
    fn quiet_when_the_driven_kr_moves() {
        assert!(run_history(&InputWithoutEffect, &[(P, &file(10.0, 42.0))], &weekly(true), "2026-02-10").is_empty());
    }
}
