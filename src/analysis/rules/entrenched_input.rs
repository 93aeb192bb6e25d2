//! `entrenched-input`: the same input metric quarter after quarter.

use super::{Context, Meta, Rule};
use crate::core::diagnostic::Diagnostic;
use crate::core::model::{KeyResult, Layer, Objective};
use crate::core::quarter::Quarter;
use std::collections::BTreeMap;

pub struct EntrenchedInput;

static META: Meta = Meta {
    code: crate::core::codes::ENTRENCHED_INPUT,
    summary: "the same input `metric` appears in `entrenched_after_quarters` or more consecutive quarters: rotate it",
    doc: "## What it checks\n\nAn input metric (`layer: input`, matched by `metric`, which defaults to the KR id) that appears in \
`entrenched_after_quarters` (default 3) or more consecutive quarters is reported in the latest of them.\n\n\
## Why it matters\n\nInputs are bets on what moves an outcome. A bet that is renewed forever stops being questioned: it becomes a \
routine KPI, and the OKR slot it takes could test a new hypothesis. Business-as-usual metrics belong on a dashboard.\n\n\
## A weak example\n\n`metric: sales-calls` as an input in 2026-Q1, Q2 and Q3.\n\n\
## A stronger rewrite\n\nMove the call count to the team's health dashboard and use the input slot for the next bet, e.g. \
`metric: trigger-based-outreach`.\n",
};

impl Rule for EntrenchedInput {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let n = cx.config.check.entrenched_after_quarters as usize;
        let mut by_metric: BTreeMap<&str, BTreeMap<Quarter, (&Objective, &KeyResult)>> = BTreeMap::new();
        // Consecutive quarters: objectives of longer horizons do not count.
        for (o, q) in cx.workspace.objectives.iter().filter_map(|o| o.period.as_quarter().map(|q| (o, q))) {
            for kr in o.key_results.iter().filter(|k| k.layer == Layer::Input) {
                by_metric.entry(kr.metric.as_str()).or_default().entry(q).or_insert((o, kr));
            }
        }
        for (metric, quarters) in by_metric {
            let list: Vec<(&Quarter, &(&Objective, &KeyResult))> = quarters.iter().collect();
            let mut run = 1;
            for i in 0..list.len() {
                if i > 0 {
                    run = if list[i - 1].0.next() == *list[i].0 { run + 1 } else { 1 };
                }
                let run_ends = i + 1 == list.len() || list[i].0.next() != *list[i + 1].0;
                if run >= n && run_ends {
                    let (o, kr) = *list[i].1;
                    let first = list[i + 1 - run].0;
                    let mut d = cx
                        .kr(&META, o, kr, "metric", format!("input metric `{metric}` has been a key result for {run} consecutive quarters ({first} to {})", o.period))
                        .hint("an input renewed every quarter has become a routine KPI: track it on a dashboard and use this slot for the next bet");
                    d.related = list[i + 1 - run..i].iter().map(|(_, (o, k))| o.kr_ref(k).into()).collect();
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

    fn file(metric: &str) -> String {
        objective(
            "",
            &[kr("calls", "Sales calls", &format!("    layer: input\n    metric: {metric}\n    weekly_target: 10\n"))],
            "Sell",
        )
    }

    #[test]
    fn fires_on_three_consecutive_quarters() {
        let f = file("sales-calls");
        let files = [
            ("2025-Q4/sales/a.md", f.as_str()),
            ("2026-Q1/sales/a.md", f.as_str()),
            ("2026-Q2/sales/a.md", f.as_str()),
        ];
        let found = run_history(&EntrenchedInput, &files, &history(&[]), "2026-05-01");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].reference.as_deref(), Some("2026-Q2/sales/a#calls"));
        assert!(found[0].message.contains("3 consecutive quarters (2025-Q4 to 2026-Q2)"), "{}", found[0].message);
    }

    #[test]
    fn quiet_with_a_gap_or_a_new_metric() {
        let f = file("sales-calls");
        let g = file("trigger-outreach");
        let files = [
            ("2025-Q3/sales/a.md", f.as_str()),
            ("2026-Q1/sales/a.md", f.as_str()),
            ("2026-Q2/sales/a.md", f.as_str()),
            ("2026-Q3/sales/a.md", g.as_str()),
        ];
        assert!(run_history(&EntrenchedInput, &files, &history(&[]), "2026-08-01").is_empty());
    }
}
