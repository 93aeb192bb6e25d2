//! `sandbagging`: confidence so high the targets are probably safe.

use super::{Context, Meta, Rule};
use crate::core::diagnostic::{Diagnostic, Pos};
use crate::core::model::Objective;
use std::collections::BTreeMap;

pub struct Sandbagging;

/// Average confidence above which a team's targets look too safe.
pub const THRESHOLD: f64 = 0.9;

static META: Meta = Meta {
    code: crate::core::codes::SANDBAGGING,
    summary: "the average `confidence` of a team's KRs in a quarter is above 0.9",
    doc: "## What it checks\n\nFor each team and quarter, the mean of the `confidence` values its key results state stays at or below 0.9.\n\n\
## Why it matters\n\nAspirational OKRs are meant to stretch: a good grade is around 0.7. A team that is more than 90% sure of hitting every \
target has probably set targets it would have reached anyway, and the OKRs stop changing what it does.\n\n\
## A weak example\n\nEvery KR of the team has `confidence: 0.95`.\n\n\
## A stronger rewrite\n\nRaise the targets until the honest confidence is around 0.5 to 0.7, or mark the objective `commitment: committed` \
if it truly must be hit in full.\n",
};

impl Rule for Sandbagging {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        // (quarter, team) -> (confidences, objectives stating any).
        type Team<'a> = (Vec<f64>, Vec<&'a Objective>);
        let mut teams: BTreeMap<(String, &str), Team<'_>> = BTreeMap::new();
        for o in cx.workspace.objectives.iter().filter(|o| o.commitment == crate::core::model::Commitment::Aspirational)
        {
            let values: Vec<f64> = o.key_results.iter().filter_map(|k| k.confidence).collect();
            if values.is_empty() {
                continue;
            }
            let entry = teams.entry((o.period.to_string(), o.team.as_str())).or_default();
            entry.0.extend(values);
            entry.1.push(o);
        }
        for ((quarter, team), (values, objectives)) in teams {
            let mean = values.iter().sum::<f64>() / values.len() as f64;
            if mean > THRESHOLD {
                let o = objectives[0];
                let mut d = Diagnostic::new(
                    META.code.name,
                    META.code.default,
                    format!(
                        "team `{team}` is on average {:.0}% confident of its {quarter} key results; targets this safe rarely change what the team does",
                        mean * 100.0
                    ),
                )
                .at(&o.file, o.key_results.iter().find(|k| k.confidence.is_some()).map_or(Pos::START, |k| k.field_pos("confidence")))
                .span_len("confidence".len())
                .hint("raise the targets until the honest confidence is around 0.5-0.7, or mark must-hit objectives `commitment: committed`");
                d.related = objectives.iter().map(|o| o.reference().into()).collect();
                out.push(d);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::rules::testing::{kr, objective, run};

    fn with_confidence(c: f64) -> String {
        objective(
            "",
            &[kr("a", "Raise x from 1 to 2", &format!("    baseline: 1\n    target: 2\n    confidence: {c}\n"))],
            "Grow",
        )
    }

    #[test]
    fn fires_when_the_team_mean_is_above_threshold() {
        let found = run(
            &Sandbagging,
            &[("2026-Q1/growth/a.md", &with_confidence(0.95)), ("2026-Q1/growth/b.md", &with_confidence(0.9))],
        );
        assert_eq!(found, vec![(String::new(), "7:5".into())]);
    }

    #[test]
    fn quiet_for_stretch_targets_and_committed_objectives() {
        assert!(run(
            &Sandbagging,
            &[("2026-Q1/growth/a.md", &with_confidence(0.95)), ("2026-Q1/growth/b.md", &with_confidence(0.6))]
        )
        .is_empty());
        let committed = with_confidence(0.99).replacen("---\n", "---\ncommitment: committed\n", 1);
        assert!(run(&Sandbagging, &[("2026-Q1/platform/a.md", &committed)]).is_empty());
    }
}
