//! `no-quality-gate`: an input metric anyone could game.

use super::{Context, Meta, Rule};
use crate::core::diagnostic::Diagnostic;
use crate::core::model::Layer;

pub struct NoQualityGate;

static META: Meta = Meta {
    code: crate::core::codes::NO_QUALITY_GATE,
    summary: "an `input` KR has no `quality_gate`",
    doc: "## What it checks\n\nEvery `layer: input` key result says, in `quality_gate`, what makes one unit count.\n\n\
## Why it matters\n\nInput metrics are counts a team controls: experiments run, calls made, articles published. \
Once a count becomes a target it is easy to hit with low-quality units (Goodhart's law). \
The quality gate is the agreed bar each unit must clear, so the count keeps meaning something.\n\n\
## A weak example\n\n```yaml\n- id: experiments\n  title: Onboarding experiments run\n  layer: input\n  weekly_target: 2\n```\n\n\
## A stronger rewrite\n\n```yaml\n- id: experiments\n  title: Onboarding experiments run\n  layer: input\n  weekly_target: 2\n  quality_gate: pre-registered hypothesis and minimum detectable effect, run against a holdout\n```\n",
};

impl Rule for NoQualityGate {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for o in &cx.workspace.objectives {
            for kr in o.key_results.iter().filter(|k| k.layer == Layer::Input && k.quality_gate.is_none()) {
                out.push(
                    cx.kr(&META, o, kr, "layer", format!("input metric `{}` has no quality gate, so it can be hit with units that do not move anything", kr.id))
                        .hint("add `quality_gate:` with what makes one unit count, e.g. \"pre-registered hypothesis and a holdout group\""),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::rules::testing::{kr, objective, run};

    #[test]
    fn fires_on_an_input_without_gate() {
        let f =
            objective("", &[kr("x", "Experiments run", "    layer: input\n    weekly_target: 2\n")], "Learn faster");
        assert_eq!(
            run(&NoQualityGate, &[("2026-Q1/growth/a.md", &f)]),
            vec![("2026-Q1/growth/a#x".into(), "5:5".into())]
        );
    }

    #[test]
    fn quiet_with_a_gate_or_for_other_layers() {
        let f = objective(
            "",
            &[
                kr(
                    "x",
                    "Experiments run",
                    "    layer: input\n    weekly_target: 2\n    quality_gate: written hypothesis\n",
                ),
                kr("y", "Raise activation from 20% to 30%", "    baseline: 20\n    target: 30\n"),
            ],
            "Learn faster",
        );
        assert!(run(&NoQualityGate, &[("2026-Q1/growth/a.md", &f)]).is_empty());
    }
}
