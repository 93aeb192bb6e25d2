//! `baseline-gap`: a continuing metric that restarts from a different value.

use super::{Context, Meta, Rule};
use crate::core::diagnostic::Diagnostic;
use crate::core::model::{KeyResult, Layer, Objective};
use crate::core::score::{fmt_num, plain_num};
use std::collections::HashMap;

pub struct BaselineGap;

static META: Meta = Meta {
    code: crate::core::codes::BASELINE_GAP,
    summary: "a metric continuing from the previous quarter starts from a baseline different from that quarter's last `current`",
    doc: "## What it checks\n\nWhen a key result's `metric` also appeared in the previous quarter, its `baseline` equals the last `current` \
recorded for it there. Input metrics, which count from zero each quarter, are exempt.\n\n\
## Why it matters\n\nA baseline that does not match where the metric ended makes the new quarter's progress look bigger (or smaller) than \
it is, and hides whether last quarter's gains held. Either the old final value was not recorded or the new baseline was guessed.\n\n\
## A weak example\n\nActivation ended 2026-Q1 at 27 (`current: 27`), and 2026-Q2 says `baseline: 24`.\n\n\
## A stronger rewrite\n\n`baseline: 27`, or, if the metric was re-measured, a sentence in the objective explaining the new definition.\n",
};

impl Rule for BaselineGap {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let mut by_quarter_metric: HashMap<(crate::core::refs::Period, &str), (&Objective, &KeyResult)> =
            HashMap::new();
        for o in &cx.workspace.objectives {
            for kr in &o.key_results {
                by_quarter_metric.entry((o.period, kr.metric.as_str())).or_insert((o, kr));
            }
        }
        for o in &cx.workspace.objectives {
            for kr in o.key_results.iter().filter(|k| k.layer != Layer::Input) {
                let Some(baseline) = kr.baseline else {
                    continue;
                };
                let Some((po, pk)) = by_quarter_metric.get(&(o.period.prev(), kr.metric.as_str())) else {
                    continue;
                };
                let Some(last) = pk.current.or(pk.baseline) else {
                    continue;
                };
                if (last - baseline).abs() > 1e-9 * last.abs().max(1.0) {
                    let mut d = cx
                        .kr(
                            &META,
                            o,
                            kr,
                            "baseline",
                            format!(
                                "`{}` starts from {} but `{}` ended at {}",
                                kr.id,
                                fmt_num(baseline),
                                po.kr_ref(pk),
                                fmt_num(last)
                            ),
                        )
                        .hint(format!(
                            "set `baseline: {}`, or explain in the objective why the metric restarts elsewhere",
                            plain_num(last)
                        ));
                    d.related.push(po.kr_ref(pk).into());
                    out.push(d);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::rules::testing::{history, kr, objective, run_history};

    fn file(baseline: f64, current: f64) -> String {
        objective(
            "",
            &[kr(
                "act",
                "Raise activation",
                &format!("    baseline: {baseline}\n    target: 40\n    current: {current}\n"),
            )],
            "Grow",
        )
    }

    #[test]
    fn fires_when_the_new_baseline_differs() {
        let (q1, q2) = (file(20.0, 27.0), file(24.0, 25.0));
        let found = run_history(
            &BaselineGap,
            &[("2026-Q1/growth/a.md", &q1), ("2026-Q2/growth/b.md", &q2)],
            &history(&[]),
            "2026-05-01",
        );
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].message, "`act` starts from 24 but `2026-Q1/growth/a#act` ended at 27");
    }

    #[test]
    fn quiet_when_continuous_or_new() {
        let (q1, q2) = (file(20.0, 27.0), file(27.0, 28.0));
        assert!(run_history(
            &BaselineGap,
            &[("2026-Q1/growth/a.md", &q1), ("2026-Q2/growth/a.md", &q2)],
            &history(&[]),
            "2026-05-01"
        )
        .is_empty());
        assert!(run_history(
            &BaselineGap,
            &[("2025-Q3/growth/a.md", &q1), ("2026-Q2/growth/a.md", &q2)],
            &history(&[]),
            "2026-05-01"
        )
        .is_empty());
    }
}
