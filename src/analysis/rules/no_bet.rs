//! `no-bet`: a quarter objective that serves no longer-horizon bet while the
//! project has some (SPEC §11).

use super::{Context, Meta, Rule};
use crate::core::diagnostic::Diagnostic;
use crate::core::model::Objective;
use std::collections::HashSet;

pub struct NoBet;

static META: Meta = Meta {
    code: crate::core::codes::NO_BET,
    summary: "a quarter objective whose `parent` chain reaches no longer-horizon objective while the project has any",
    doc: "## What it checks\n\nOnce a project keeps objectives for longer horizons (a half `2026-H1`, a year `2026`, a span of years `2026-2028`), \
every quarter objective's `parent` chain, followed up through its parents' parents, reaches one of them.\n\n\
## Why it matters\n\nQuarter OKRs are the near end of longer bets. A quarter objective that no year or multi-year objective stands behind \
cannot be judged at the longer horizon: when its quarter hits, nobody can check whether the bet it was meant to test moved.\n\n\
## A weak example\n\n```yaml\n# okrs/2026-Q3/company/growth-engine.md, while okrs/2026/company/self-serve.md exists\nowner: ana\nkey_results: ...\n```\n\n\
## A stronger rewrite\n\n```yaml\n# okrs/2026-Q3/company/growth-engine.md\nowner: ana\nparent: \"2026/company/self-serve#arr-share\"\nkey_results: ...\n```\n",
};

impl Rule for NoBet {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let ws = cx.workspace;
        if ws.objectives.iter().all(|o| o.period.is_quarter()) {
            return;
        }
        for o in ws.objectives.iter().filter(|o| o.period.is_quarter() && !reaches_bet(cx, o)) {
            let field = if o.parent.is_some() { "parent" } else { "title" };
            out.push(
                cx.objective(&META, o, field, format!("`{}` serves no longer-horizon bet: its `parent` chain reaches no half, year or multi-year objective", o.reference()))
                    .hint("name, in `parent` (or in a parent's `parent`), the year or multi-year objective this quarter tests, e.g. `parent: \"2026/company/self-serve#arr-share\"`"),
            );
        }
    }
}

/// Whether `o`'s `parent` chain reaches an objective of a longer horizon
/// (each objective visited once: a cycle ends the walk).
fn reaches_bet(cx: &Context<'_>, o: &Objective) -> bool {
    let mut seen = HashSet::new();
    let mut at = o;
    while let Some(parent) = at.parent_resolved.as_ref() {
        let Some(p) = cx.workspace.objective(parent.objective()) else {
            return false;
        };
        if !p.period.is_quarter() {
            return true;
        }
        if !seen.insert(p.reference()) {
            return false;
        }
        at = p;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::rules::testing::{kr, objective, run};

    fn k() -> String {
        kr("a", "Raise x from 1 to 2", "    baseline: 1\n    target: 2\n")
    }

    #[test]
    fn fires_on_a_quarter_chain_that_reaches_no_bet() {
        let bet = objective("", &[k()], "Win self-serve");
        let top = objective("", &[k()], "Grow");
        let child = objective("parent: company/top\n", &[k()], "Grow more");
        let found = run(
            &NoBet,
            &[("2026/company/bet.md", &bet), ("2026-Q1/company/top.md", &top), ("2026-Q1/growth/a.md", &child)],
        );
        assert_eq!(
            found,
            vec![("2026-Q1/company/top".into(), "8:3".into()), ("2026-Q1/growth/a".into(), "2:1".into())]
        );
    }

    #[test]
    fn quiet_when_the_chain_reaches_a_bet_or_there_is_none() {
        let bet = objective("", &[k()], "Win self-serve");
        let top = objective("parent: \"2026/company/bet#a\"\n", &[k()], "Grow");
        let child = objective("parent: company/top\n", &[k()], "Grow more");
        let files =
            [("2026/company/bet.md", bet.as_str()), ("2026-Q1/company/top.md", &top), ("2026-Q1/growth/a.md", &child)];
        assert!(run(&NoBet, &files).is_empty());
        // Quarters only: nothing to reach.
        assert!(run(&NoBet, &[("2026-Q1/company/top.md", &objective("", &[k()], "Grow"))]).is_empty());
    }
}
