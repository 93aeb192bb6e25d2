//! `kr-count`: too few or too many key results.

use super::{Context, Meta, Rule};
use crate::core::diagnostic::Diagnostic;
use crate::core::model::{Layer, Objective};
use std::collections::BTreeMap;

pub struct KrCount;

static META: Meta = Meta {
    code: crate::core::codes::KR_COUNT,
    summary: "an objective has fewer than 2 KRs, more than `max_key_results` output and leading KRs or more than `max_input_metrics` input KRs, or a team's quarter more than `max_key_results_per_team`",
    doc: "## What it checks\n\nEach objective has at least 2 key results and at most `max_key_results` (default 5) output and leading \
key results. Input metrics are the plan that moves them, not the result, so they are counted apart against `max_input_metrics` \
(default 10): the tree the method asks for, 3 outputs, 2 leading indicators and 7 inputs, passes. Each team has at most \
`max_key_results_per_team` (default 15) key results of any layer in a quarter. The limits are set in `okr.toml` under `[check]`.\n\n\
## Why it matters\n\nOne key result rarely proves an objective: it invites gaming the single number. Many key results mean nothing is a \
priority, and a team with twenty of them is tracking its backlog, not its few difference makers.\n\n\
## A weak example\n\nAn objective with one KR, or with nine KRs that list every project of the quarter.\n\n\
## A stronger rewrite\n\nTwo to four KRs per objective: one or two outcomes that prove it, plus the leading indicator or input that moves them.\n",
};

impl Rule for KrCount {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let max = cx.config.check.max_key_results;
        let per_team = cx.config.check.max_key_results_per_team;
        let mut teams: BTreeMap<(String, &str), Vec<&Objective>> = BTreeMap::new();
        for o in &cx.workspace.objectives {
            // Input metrics are the plan, not the result: they have their own limit.
            let inputs = o.key_results.iter().filter(|k| k.layer == Layer::Input).count();
            let n = o.key_results.len() - inputs;
            let max_inputs = cx.config.check.max_input_metrics;
            if inputs > max_inputs {
                out.push(
                    cx.objective(&META, o, "key_results", format!("this objective has {inputs} input metrics (more than {max_inputs}); a team cannot push on that many levers at once"))
                        .hint("keep the inputs the team will actually work on this quarter; the rest belong in a backlog"),
                );
            }
            teams.entry((o.period.to_string(), o.team.as_str())).or_default().push(o);
            if o.key_results.len() == 1 {
                out.push(
                    cx.objective(&META, o, "key_results", "this objective has a single key result; one number is easy to game and rarely proves an objective".into())
                        .hint("add a second KR that would show the first one is not being hit the wrong way, or a leading indicator that moves it"),
                );
            } else if n > max {
                out.push(
                    cx.objective(&META, o, "key_results", format!("this objective has {n} output and leading key results (more than {max}); with that many, none of them is a priority"))
                        .hint("keep the few that prove the objective; move the rest to a team backlog or a separate objective"),
                );
            }
        }
        for ((quarter, team), objectives) in teams {
            let total: usize = objectives.iter().map(|o| o.key_results.len()).sum();
            if total > per_team {
                // Reported on the team's first file, where a reader starts.
                let o = objectives[0];
                out.push(
                    Diagnostic::new(META.code.name, META.code.default, format!("team `{team}` has {total} key results in {quarter} (more than {per_team}); a team can only push on a few at once"))
                        .at(&o.file, crate::core::diagnostic::Pos::START)
                        .hint("choose the objectives that matter most this quarter and drop or merge the rest")
                        .with_related(objectives.iter().map(|o| o.reference()).collect()),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::rules::testing::{kr, objective, run, run_with};
    use crate::core::config::Config;

    fn krs(n: usize) -> Vec<String> {
        (0..n)
            .map(|i| kr(&format!("k{i}"), &format!("Raise metric {i} from 1 to 2"), "    baseline: 1\n    target: 2\n"))
            .collect()
    }

    #[test]
    fn fires_on_one_and_on_too_many() {
        let one = objective("", &krs(1), "A");
        let six = objective("", &krs(6), "B");
        assert_eq!(
            run(&KrCount, &[("2026-Q1/growth/a.md", &one), ("2026-Q1/growth/b.md", &six)]),
            vec![("2026-Q1/growth/a".into(), "2:1".into()), ("2026-Q1/growth/b".into(), "2:1".into())]
        );
    }

    fn layered(layer: &str, n: usize) -> Vec<String> {
        (0..n)
            .map(|i| {
                kr(
                    &format!("{layer}{i}"),
                    &format!("Raise {layer} metric {i} from 1 to 2"),
                    &format!("    layer: {layer}\n    baseline: 1\n    target: 2\n"),
                )
            })
            .collect()
    }

    #[test]
    fn inputs_count_against_their_own_limit() {
        // The tree the method asks for: 3 outputs, 2 leading, 7 inputs.
        let tree = [layered("output", 3), layered("leading", 2), layered("input", 7)].concat();
        let f = objective("", &tree, "A");
        assert!(run(&KrCount, &[("2026-Q1/growth/a.md", &f)]).is_empty());
        let many = [layered("output", 2), layered("input", 11)].concat();
        let g = objective("", &many, "B");
        let found = run_with(&KrCount, &[("2026-Q1/growth/b.md", &g)], &Config::default());
        assert_eq!(found.len(), 1);
        assert!(found[0].message.contains("11 input metrics (more than 10)"), "{}", found[0].message);
        let mut config = Config::default();
        config.check.max_input_metrics = 12;
        assert!(run_with(&KrCount, &[("2026-Q1/growth/b.md", &g)], &config).is_empty());
    }

    #[test]
    fn quiet_between_the_limits() {
        let f = objective("", &krs(3), "A");
        assert!(run(&KrCount, &[("2026-Q1/growth/a.md", &f)]).is_empty());
    }

    #[test]
    fn team_limit_comes_from_config() {
        let mut config = Config::default();
        config.check.max_key_results_per_team = 5;
        let a = objective("", &krs(3), "A");
        let b = objective("", &krs(3), "B");
        let found = run_with(
            &KrCount,
            &[("2026-Q1/growth/a.md", &a), ("2026-Q1/growth/b.md", &b), ("2026-Q1/mobile/c.md", &a)],
            &config,
        );
        assert_eq!(found.len(), 1);
        assert!(found[0].message.contains("team `growth` has 6 key results in 2026-Q1"), "{}", found[0].message);
    }
}
