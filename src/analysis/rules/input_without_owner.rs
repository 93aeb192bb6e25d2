//! `input-without-owner`: an input metric with nobody turning the dial.

use super::{Context, Meta, Rule};
use crate::core::diagnostic::Diagnostic;
use crate::core::model::Layer;

pub struct InputWithoutOwner;

static META: Meta = Meta {
    code: crate::core::codes::INPUT_WITHOUT_OWNER,
    summary: "an `input` KR lacks `owner`, `cadence` or `weekly_target`",
    doc: "## What it checks\n\nEvery `layer: input` key result names a person as `owner`, a `cadence` at which it is measured, and a `weekly_target`.\n\n\
## Why it matters\n\nInputs are the dials a team turns week by week. A dial without an owner is turned by nobody; without a cadence it is \
looked at when someone remembers; without a weekly target the weekly review cannot say whether this week was enough.\n\n\
## A weak example\n\n```yaml\n- id: outreach\n  title: Personal outreach to accounts showing buying intent\n  layer: input\n```\n\n\
## A stronger rewrite\n\n```yaml\n- id: outreach\n  title: Personal outreach to accounts showing buying intent\n  layer: input\n  owner: priya\n  cadence: weekly\n  weekly_target: 40\n  quality_gate: a personalised note that references the trigger event\n```\n",
};

impl Rule for InputWithoutOwner {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for o in &cx.workspace.objectives {
            for kr in o.key_results.iter().filter(|k| k.layer == Layer::Input) {
                let missing: Vec<&str> = [
                    ("owner", kr.owner.is_none()),
                    ("cadence", kr.cadence.is_none()),
                    ("weekly_target", kr.weekly_target.is_none()),
                ]
                .into_iter()
                .filter_map(|(f, m)| m.then_some(f))
                .collect();
                if missing.is_empty() {
                    continue;
                }
                let names: Vec<String> = missing.iter().map(|f| format!("`{f}`")).collect();
                let list = match names.as_slice() {
                    [one] => one.clone(),
                    [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
                    [] => String::new(),
                };
                let add: Vec<&str> = missing
                    .iter()
                    .map(|f| match *f {
                        "owner" => "`owner: <a person>`",
                        "cadence" => "`cadence: weekly`",
                        _ => "`weekly_target: <units per week>`",
                    })
                    .collect();
                out.push(
                    cx.kr(&META, o, kr, "layer", format!("input metric `{}` has no {list}: an input needs one person who turns it, a rhythm and a weekly bar", kr.id))
                        .hint(format!("add {}", add.join(" and "))),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::rules::testing::{kr, objective, run, run_with};

    #[test]
    fn fires_and_lists_what_is_missing() {
        let f = objective("", &[kr("x", "Calls made", "    layer: input\n    owner: priya\n")], "Sell more");
        let found =
            run_with(&InputWithoutOwner, &[("2026-Q1/sales/a.md", &f)], &crate::core::config::Config::default());
        assert_eq!(found.len(), 1);
        assert!(found[0].message.contains("no `cadence` or `weekly_target`"), "{}", found[0].message);
    }

    #[test]
    fn quiet_when_complete_or_not_an_input() {
        let f = objective(
            "",
            &[
                kr(
                    "x",
                    "Calls made",
                    "    layer: input\n    owner: priya\n    cadence: weekly\n    weekly_target: 40\n",
                ),
                kr("y", "Raise win rate from 20% to 25%", "    baseline: 20\n    target: 25\n"),
            ],
            "Sell more",
        );
        assert!(run(&InputWithoutOwner, &[("2026-Q1/sales/a.md", &f)]).is_empty());
    }
}
