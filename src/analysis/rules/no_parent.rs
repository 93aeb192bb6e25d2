//! `no-parent`: a team objective that contributes to nothing.

use super::{Context, Meta, Rule};
use crate::core::diagnostic::Diagnostic;

pub struct NoParent;

static META: Meta = Meta {
    code: crate::core::codes::NO_PARENT,
    summary: "a non-company objective contributes to nothing (`parent` absent)",
    doc: "## What it checks\n\nEvery objective outside the company team (`company_team` in `okr.toml`) names, in `parent`, the objective or key result it contributes to.\n\n\
## Why it matters\n\nAlignment is the point of cascading: a team objective that hangs off nothing cannot be weighed against the company's priorities, \
and when it succeeds nobody knows which result it was meant to move.\n\n\
## A weak example\n\n```yaml\nowner: sam\nkey_results: ...\n```\n\n\
## A stronger rewrite\n\n```yaml\nowner: sam\nparent: \"company/growth-engine#self-serve-share\"\nkey_results: ...\n```\n",
};

impl Rule for NoParent {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let company = &cx.config.check.company_team;
        for o in cx.workspace.objectives.iter().filter(|o| &o.team != company && o.parent.is_none()) {
            out.push(
                cx.objective(&META, o, "title", format!("`{}` contributes to nothing: it has no `parent`", o.reference()))
                    .hint("add `parent: \"company/<objective>#<kr>\"` naming the company result this objective moves (quote it: YAML reads ` #` as a comment)"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::rules::testing::{kr, objective, run};

    #[test]
    fn fires_for_team_objectives_without_parent() {
        let f = objective("", &[kr("a", "Raise x from 1 to 2", "    baseline: 1\n    target: 2\n")], "Grow");
        assert_eq!(run(&NoParent, &[("2026-Q1/growth/a.md", &f)]), vec![("2026-Q1/growth/a".into(), "8:3".into())]);
    }

    #[test]
    fn quiet_for_company_objectives_and_with_parent() {
        let k = kr("a", "Raise x from 1 to 2", "    baseline: 1\n    target: 2\n");
        let top = objective("", std::slice::from_ref(&k), "Grow");
        let child = objective("parent: company/top\n", std::slice::from_ref(&k), "Grow more");
        let direct = objective("", &[k], "Also company");
        assert!(run(
            &NoParent,
            &[("2026-Q1/company/top.md", &top), ("2026-Q1/growth/a.md", &child), ("2026-Q1/vision.md", &direct)]
        )
        .is_empty());
    }
}
