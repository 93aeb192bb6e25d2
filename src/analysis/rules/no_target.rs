//! `no-target`: a key result with nothing to aim at.

use super::{Context, Meta, Rule};
use crate::core::diagnostic::Diagnostic;

pub struct NoTarget;

static META: Meta = Meta {
    code: crate::core::codes::NO_TARGET,
    summary: "a KR has no `target` (and no `weekly_target`)",
    doc: "## What it checks\n\nEvery key result that is not a `done` milestone has a `target` (or, for an input metric, a `weekly_target`).\n\n\
## Why it matters\n\nWithout a target a KR cannot be scored, so it drops out of the objective's score and nobody can say whether the quarter went well. \
Writing the number down is also where the real conversation about ambition happens.\n\n\
## A weak example\n\n```yaml\n- id: nps\n  title: Improve NPS\n  baseline: 31\n```\n\n\
## A stronger rewrite\n\n```yaml\n- id: nps\n  title: Raise NPS from 31 to 45\n  baseline: 31\n  target: 45\n```\n",
};

impl Rule for NoTarget {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for o in &cx.workspace.objectives {
            for kr in &o.key_results {
                // A target written but unreadable is a data error at its value already.
                let unreadable = ["target", "weekly_target", "done"].iter().any(|f| kr.unreadable.contains(f));
                if kr.target.is_none() && kr.weekly_target.is_none() && kr.done.is_none() && !unreadable {
                    out.push(
                        cx.kr(&META, o, kr, "id", format!("`{}` has no target, so it cannot be scored and is left out of the objective's score", kr.id))
                            .hint("add `target:` with the value you aim for by the end of the quarter (inputs can use `weekly_target:`)"),
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
    fn fires_without_target() {
        let f = objective("", &[kr("nps", "Improve NPS", "    baseline: 31\n")], "Delight customers");
        assert_eq!(run(&NoTarget, &[("2026-Q1/growth/a.md", &f)]), vec![("2026-Q1/growth/a#nps".into(), "3:5".into())]);
    }

    #[test]
    fn quiet_with_target_weekly_target_or_milestone() {
        let f = objective(
            "type: build\n",
            &[
                kr("a", "Raise NPS from 31 to 45", "    baseline: 31\n    target: 45\n"),
                kr("b", "Experiments run", "    layer: input\n    weekly_target: 2\n"),
                kr("c", "Pilot live", "    done: false\n"),
            ],
            "Delight customers",
        );
        assert!(run(&NoTarget, &[("2026-Q1/growth/a.md", &f)]).is_empty());
    }

    /// `target: 30%` is a data error at its value already; "has no target"
    /// on top would send the reader to add a field that is there. An empty
    /// `target:` is no error, so it still counts as missing.
    #[test]
    fn quiet_when_the_target_is_written_but_unreadable() {
        let f = objective(
            "",
            &[
                kr("a", "Raise NPS from 31 to 45", "    baseline: 31\n    target: 45%\n"),
                kr("b", "Raise NPS", "    target:\n"),
            ],
            "Delight customers",
        );
        assert_eq!(
            crate::analysis::rules::testing::run_with_errors(&NoTarget, &[("2026-Q1/growth/a.md", &f)]),
            vec![("2026-Q1/growth/a#b".into(), "7:5".into())]
        );
    }
}
