//! `no-baseline`: a target without a starting point.

use super::{Context, Meta, Rule};
use crate::core::diagnostic::Diagnostic;
use crate::core::model::{Direction, Layer};

pub struct NoBaseline;

static META: Meta = Meta {
    code: crate::core::codes::NO_BASELINE,
    summary: "a KR has a target but no baseline: movement cannot be proven",
    doc: "## What it checks\n\nA key result with a `target` also states its `baseline`, the value at the start of the quarter. \
Input metrics (which count from 0), guardrails (`at_least`/`at_most`) and `done` milestones are exempt.\n\n\
## Why it matters\n\nA key result is a change from somewhere to somewhere. Without the starting value nobody can tell whether \
45 is a leap or where the metric already was, and progress is measured from 0, which flatters the score.\n\n\
## A weak example\n\n```yaml\n- id: nps\n  title: NPS of 45\n  target: 45\n```\n\n\
## A stronger rewrite\n\n```yaml\n- id: nps\n  title: Raise NPS from 31 to 45\n  baseline: 31\n  target: 45\n```\n",
};

impl Rule for NoBaseline {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for o in &cx.workspace.objectives {
            for kr in &o.key_results {
                let guardrail = matches!(kr.direction, Some(Direction::AtLeast | Direction::AtMost));
                if kr.target.is_some()
                    && kr.baseline.is_none()
                    && !kr.unreadable.contains("baseline")
                    && kr.layer != Layer::Input
                    && !guardrail
                    && kr.done.is_none()
                {
                    out.push(
                        cx.kr(&META, o, kr, "target", format!("`{}` has a target but no baseline, so its movement cannot be shown; progress is counted from 0", kr.id))
                            .hint("add `baseline:` with the value at the start of the quarter, and say it in the title: \"from 31 to 45\""),
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::rules::testing::{kr, objective, run};

    #[test]
    fn fires_on_a_target_without_baseline() {
        let f = objective("", &[kr("nps", "NPS of 45", "    target: 45\n")], "Delight customers");
        assert_eq!(
            run(&NoBaseline, &[("2026-Q1/growth/a.md", &f)]),
            vec![("2026-Q1/growth/a#nps".into(), "5:5".into())]
        );
    }

    #[test]
    fn quiet_for_inputs_guardrails_and_stated_baselines() {
        let f = objective(
            "",
            &[
                kr("a", "Raise NPS from 31 to 45", "    baseline: 31\n    target: 45\n"),
                kr("b", "Experiments run", "    layer: input\n    target: 20\n"),
                kr("c", "Keep uptime at or above 99.9%", "    direction: at_least\n    target: 99.9\n"),
                kr("d", "No target at all", ""),
            ],
            "Delight customers",
        );
        assert!(run(&NoBaseline, &[("2026-Q1/growth/a.md", &f)]).is_empty());
    }

    /// A baseline written as `31%` is a data error already; no second finding.
    #[test]
    fn quiet_when_the_baseline_is_written_but_unreadable() {
        let f = objective("", &[kr("a", "NPS of 45", "    baseline: 31%\n    target: 45\n")], "Delight customers");
        assert!(
            crate::analysis::rules::testing::run_with_errors(&NoBaseline, &[("2026-Q1/growth/a.md", &f)]).is_empty()
        );
    }
}
