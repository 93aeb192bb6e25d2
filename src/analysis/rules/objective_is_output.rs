//! `objective-is-output`: an objective that names a deliverable.

use super::{Context, Meta, Rule};
use crate::analysis::task_shape::objective_output_reason;
use crate::core::diagnostic::Diagnostic;
use crate::core::model::ObjectiveType;

pub struct ObjectiveIsOutput;

static META: Meta = Meta {
    code: crate::core::codes::OBJECTIVE_IS_OUTPUT,
    summary: "an objective title leads with a deliverable (\"Launch the new app\") instead of a destination",
    doc: "## What it checks\n\nThe title of an `outcome` objective describes a destination (a state of the world worth reaching), not a \
deliverable. It fires when the title starts with a delivery verb such as launch, ship, migrate or roll out, or with a softer one (build, \
create, run, hire) that is not followed by a destination. Objectives typed `build` or `discovery` are exempt: there the deliverable is the point.\n\n\
## Why it matters\n\nThe objective is what the team rallies around and what its key results must prove. \"Launch the new app\" is done the day \
it ships, whether anyone uses it or not; a destination keeps the team honest about why it is building the thing.\n\n\
## A weak example\n\n```markdown\n# Launch the new mobile app\n```\n\n\
## A stronger rewrite\n\n```markdown\n# Put the whole schedule in every field worker's pocket\n```\n\nor keep the title and set `type: build`.\n",
};

impl Rule for ObjectiveIsOutput {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for o in cx.workspace.objectives.iter().filter(|o| o.kind == ObjectiveType::Outcome) {
            if let Some(reason) = objective_output_reason(&o.title) {
                out.push(
                    cx.objective(&META, o, "title", format!("the objective reads as a deliverable: it {reason}"))
                        .span_len(o.title.chars().count())
                        .hint("name the destination the deliverable is for (\"Put the whole schedule in every field worker's pocket\"), or set `type: build` if the delivery is the point"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::rules::testing::{kr, objective, run};

    fn krs() -> Vec<String> {
        vec![kr("a", "Raise activation from 20% to 30%", "    baseline: 20\n    target: 30\n")]
    }

    #[test]
    fn fires_on_a_deliverable_title() {
        let f = objective("", &krs(), "Launch the new mobile app");
        assert_eq!(
            run(&ObjectiveIsOutput, &[("2026-Q1/mobile/a.md", &f)]),
            vec![("2026-Q1/mobile/a".into(), "8:3".into())]
        );
    }

    #[test]
    fn quiet_for_destinations_and_build_objectives() {
        let f = objective("", &krs(), "Make onboarding effortless for new teams");
        let g = objective("type: build\n", &krs(), "Launch the new mobile app");
        assert!(run(&ObjectiveIsOutput, &[("2026-Q1/mobile/a.md", &f), ("2026-Q1/mobile/b.md", &g)]).is_empty());
    }
}
