//! `undecomposed-output`: an output metric with no lever attached.

use super::{Context, Meta, Rule};
use crate::core::diagnostic::Diagnostic;
use crate::core::model::{Direction, Layer, ObjectiveType};

pub struct UndecomposedOutput;

static META: Meta = Meta {
    code: crate::core::codes::UNDECOMPOSED_OUTPUT,
    summary: "an `output` KR of an `outcome` objective has neither a KR that `drives` it nor a child objective whose `parent` names it",
    doc: "## What it checks\n\nEvery `output` key result of an `outcome` objective is decomposed: some KR lists it in `drives`, or a child \
objective names it as `parent`. Guardrails (`at_least`/`at_most`) are exempt, and so is a KR that \
reads as a task: `output-kr` reports it, and one finding per problem is enough.\n\n\
## Why it matters\n\nAn output metric is a destination, not something a team can act on during the week. Without leading indicators and \
inputs under it, the quarter becomes waiting for the number, and nobody can say which work was supposed to move it.\n\n\
## A weak example\n\n```yaml\nkey_results:\n  - id: activation-rate\n    title: Raise trial activation from 22% to 30%\n```\n\n\
## A stronger rewrite\n\n```yaml\nkey_results:\n  - id: activation-rate\n    title: Raise trial activation from 22% to 30%\n  - id: onboarding-completion\n    title: Onboarding completion from 41% to 55%\n    layer: leading\n    drives: [activation-rate]\n```\n",
};

impl Rule for UndecomposedOutput {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        // A KR that reads as a task gets output-kr's finding; advice to add a
        // leading indicator under it would be a second finding for one problem.
        let output_kr_on = cx.config.level(crate::core::codes::OUTPUT_KR.name, crate::core::codes::OUTPUT_KR.default)
            != crate::core::config::Level::Off;
        for o in cx.workspace.objectives.iter().filter(|o| o.kind == ObjectiveType::Outcome) {
            for kr in &o.key_results {
                let guardrail = matches!(kr.direction, Some(Direction::AtLeast | Direction::AtMost));
                if kr.layer != Layer::Output || guardrail || kr.done.is_some() {
                    continue;
                }
                if output_kr_on && crate::analysis::task_shape::kr_task_reason(&kr.title).is_some() {
                    continue;
                }
                let r = o.kr_ref(kr);
                if cx.drivers.contains_key(r.as_str()) || cx.children.contains_key(r.as_str()) {
                    continue;
                }
                out.push(
                    cx.kr(&META, o, kr, "id", format!("output `{}` is not decomposed: no KR drives it and no objective names it as parent", kr.id))
                        .hint(if o.period.is_quarter() {
                            format!(
                                "add a leading indicator or input KR with `drives: [{}]`, or a team objective with `parent: \"{}#{}\"`",
                                kr.id, o.id, kr.id
                            )
                        } else {
                            // The children of a longer horizon live in other periods: the full ref.
                            format!(
                                "add a leading indicator or input KR with `drives: [{}]`, or a shorter-horizon objective with `parent: \"{r}\"`",
                                kr.id
                            )
                        }),
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

    #[test]
    fn fires_on_a_lone_output() {
        let f = objective(
            "",
            &[out("rev"), kr("g", "Keep churn at most 2%", "    direction: at_most\n    target: 2\n")],
            "Grow",
        );
        assert_eq!(
            run(&UndecomposedOutput, &[("2026-Q1/company/a.md", &f)]),
            vec![("2026-Q1/company/a#rev".into(), "3:5".into())]
        );
    }

    #[test]
    fn a_longer_horizon_s_hint_names_the_full_ref() {
        let f = objective(
            "",
            &[out("rev"), kr("g", "Keep churn at most 2%", "    direction: at_most\n    target: 2\n")],
            "Grow",
        );
        let found = crate::analysis::rules::testing::run_with(
            &UndecomposedOutput,
            &[("2026/company/a.md", &f)],
            &crate::core::config::Config::default(),
        );
        assert!(found[0].hint.as_deref().is_some_and(|h| h.contains("`parent: \"2026/company/a#rev\"`")), "{found:?}");
    }

    #[test]
    fn leaves_a_task_shaped_kr_to_output_kr() {
        // One finding per problem: the task finding wins, so no advice to
        // decompose a KR that should not be an output at all.
        let f = objective("", &[out("rev"), kr("ship", "Ship the new onboarding flow", "    target: 1\n")], "Grow");
        assert_eq!(
            run(&UndecomposedOutput, &[("2026-Q1/company/a.md", &f)]),
            vec![("2026-Q1/company/a#rev".into(), "3:5".into())]
        );
        // With output-kr turned off, the only advice left is this rule's.
        let mut config = crate::core::config::Config::default();
        config.check.rules.insert("output-kr".into(), crate::core::config::Level::Off);
        assert_eq!(
            crate::analysis::rules::testing::run_with(&UndecomposedOutput, &[("2026-Q1/company/a.md", &f)], &config)
                .len(),
            2
        );
    }

    #[test]
    fn quiet_when_driven_or_named_as_parent() {
        let top = objective(
            "",
            &[
                out("rev"),
                out("arr"),
                kr(
                    "lead",
                    "Demo requests from 10 to 20",
                    "    layer: leading\n    baseline: 10\n    target: 20\n    drives: [arr]\n",
                ),
            ],
            "Grow",
        );
        let child = objective(
            "parent: \"company/a#rev\"\n",
            &[kr("x", "Leads from 1 to 2", "    layer: leading\n    baseline: 1\n    target: 2\n")],
            "Fill the funnel",
        );
        let build = objective("type: build\n", &[out("rev")], "Build it");
        assert!(run(
            &UndecomposedOutput,
            &[("2026-Q1/company/a.md", &top), ("2026-Q1/growth/b.md", &child), ("2026-Q1/growth/c.md", &build)]
        )
        .is_empty());
    }
}
