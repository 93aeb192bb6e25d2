//! `layer-mix`: only lagging results, or only activity and no result.

use super::{Context, Meta, Rule};
use crate::core::diagnostic::Diagnostic;
use crate::core::model::{Layer, ObjectiveType};

pub struct LayerMix;

static META: Meta = Meta {
    code: crate::core::codes::LAYER_MIX,
    summary: "an objective has only lagging (`output`) KRs, or only `leading`/`input` KRs and nothing that proves the outcome",
    doc: "## What it checks\n\nAn `outcome` objective mixes layers: an `output` KR that proves the outcome, and `leading` or `input` KRs the team can move \
during the quarter. An objective whose outputs are decomposed by child objectives (their `parent` names it) may hold only outputs.\n\n\
## Why it matters\n\nOutputs alone are lagging: they move late, so a team learns at the end of the quarter that its bets did not work. \
Leading indicators and inputs alone can all be hit while the outcome stays flat. Together they test the hypothesis that one moves the other.\n\n\
## A weak example\n\n```yaml\nkey_results:\n  - id: arr\n    title: Grow ARR from 1.0 to 1.2 MUSD\n  - id: churn\n    title: Cut churn from 3% to 2%\n```\n\n\
## A stronger rewrite\n\n```yaml\nkey_results:\n  - id: churn\n    title: Cut churn from 3% to 2%\n  - id: health-checks\n    title: Accounts with a quarterly health check from 20% to 60%\n    layer: leading\n    drives: [churn]\n```\n",
};

impl Rule for LayerMix {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for o in
            cx.workspace.objectives.iter().filter(|o| o.kind == ObjectiveType::Outcome && !o.key_results.is_empty())
        {
            let outputs = o.key_results.iter().filter(|k| k.layer == Layer::Output).count();
            if outputs == o.key_results.len() {
                let oref = o.reference();
                let decomposed = cx.children.contains_key(oref.as_str())
                    || o.key_results.iter().any(|k| cx.children.contains_key(o.kr_ref(k).as_str()));
                if !decomposed {
                    out.push(
                        cx.objective(&META, o, "key_results", "every key result here is a lagging output; you will learn whether the bets worked only at the end of the quarter".into())
                            .hint("add a `layer: leading` KR (an early signal) or a `layer: input` KR (what the team does weekly) with `drives:` pointing at the output"),
                    );
                }
            } else if outputs == 0 {
                out.push(
                    cx.objective(&META, o, "key_results", "no key result here proves the outcome: all of them are leading indicators or inputs, which can be hit while the result stays flat".into())
                        .hint("add the `layer: output` KR that shows the objective was reached, and point the others at it with `drives:`"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::rules::testing::{kr, objective, run};

    fn out(id: &str) -> String {
        kr(id, "Raise revenue from 1 to 2", "    baseline: 1\n    target: 2\n")
    }

    fn lead(id: &str) -> String {
        kr(id, "Raise demo requests from 10 to 20", "    layer: leading\n    baseline: 10\n    target: 20\n")
    }

    #[test]
    fn fires_on_only_outputs_and_on_no_output() {
        let a = objective("", &[out("a"), out("b")], "A");
        let b = objective("", &[lead("a"), lead("b")], "B");
        assert_eq!(
            run(&LayerMix, &[("2026-Q1/growth/a.md", &a), ("2026-Q1/growth/b.md", &b)]),
            vec![("2026-Q1/growth/a".into(), "2:1".into()), ("2026-Q1/growth/b".into(), "2:1".into())]
        );
    }

    #[test]
    fn quiet_when_mixed_decomposed_or_not_an_outcome() {
        let mixed = objective("", &[out("a"), lead("b")], "A");
        let company = objective("", &[out("a"), out("b")], "B");
        let child = objective("parent: \"company#a\"\n", &[out("x"), lead("y")], "C");
        let build = objective("type: build\n", &[lead("a"), lead("b")], "D");
        assert!(run(
            &LayerMix,
            &[
                ("2026-Q1/growth/a.md", &mixed),
                ("2026-Q1/company.md", &company),
                ("2026-Q1/growth/c.md", &child),
                ("2026-Q1/growth/d.md", &build)
            ]
        )
        .is_empty());
    }
}
