//! `objective-has-number`: metrics belong in key results.

use super::{Context, Meta, Rule};
use crate::core::diagnostic::Diagnostic;

pub struct ObjectiveHasNumber;

static META: Meta = Meta {
    code: crate::core::codes::OBJECTIVE_HAS_NUMBER,
    summary: "an objective title carries a metric; numbers belong in KRs",
    doc: "## What it checks\n\nAn objective's title contains no number other than a year (`2026`) or a version-like name (`v2`, `B2B`, `24/7`).\n\n\
## Why it matters\n\nThe objective is the qualitative destination that makes people care; the key results carry the numbers that prove it. \
A number in the title usually means the objective is really a key result, and the team has no statement of why it matters.\n\n\
## A weak example\n\n```markdown\n# Grow ARR to $12M\n```\n\n\
## A stronger rewrite\n\n```markdown\n# Become the default scheduling tool for mid-size field-service companies\n```\nwith `Grow ARR from 9.5 to 12 MUSD` as a key result.\n",
};

/// The first token of a title that reads as a metric value.
pub fn number_in(title: &str) -> Option<&str> {
    title.split_whitespace().find(|raw| {
        let t = raw.trim_matches(|c: char| matches!(c, ',' | '.' | ';' | ':' | '!' | '?' | '(' | ')' | '"' | '\''));
        let core = t
            .trim_start_matches(['$', '€', '£', '~', '+', '-', '<', '>', '≥', '≤'])
            .trim_end_matches(['%', 'x', 'k', 'K', 'm', 'M', 'b', 'B']);
        let is_year = core.len() == 4 && (core.starts_with("19") || core.starts_with("20")) && core == t;
        !core.is_empty()
            && core.chars().next().is_some_and(|c| c.is_ascii_digit())
            && core.chars().all(|c| c.is_ascii_digit() || c == '.' || c == ',')
            && !is_year
    })
}

impl Rule for ObjectiveHasNumber {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for o in &cx.workspace.objectives {
            if let Some(n) = number_in(&o.title) {
                out.push(
                    cx.objective(&META, o, "title", format!("the objective's title carries a number (`{n}`); numbers belong in key results"))
                        .span_len(o.title.chars().count())
                        .hint("state the destination in words (why it matters) and move the number into a key result: \"from X to Y\""),
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
    fn finds_metric_values() {
        for t in
            ["Grow ARR to $12M", "Reach 40% activation", "Cut churn to 1.5", "Win 3 enterprise logos", "Hit 10k users"]
        {
            assert!(number_in(t).is_some(), "{t}");
        }
    }

    #[test]
    fn ignores_years_and_names_with_digits() {
        for t in
            ["Make 2026 our year of focus", "Ship v2 of the API", "Own the B2B segment", "Be there 24/7", "Win in Q3"]
        {
            assert_eq!(number_in(t), None, "{t}");
        }
    }

    #[test]
    fn fires_on_the_title_heading() {
        let f =
            objective("", &[kr("a", "Raise x from 1 to 2", "    baseline: 1\n    target: 2\n")], "Grow ARR to $12M");
        assert_eq!(
            run(&ObjectiveHasNumber, &[("2026-Q1/company/a.md", &f)]),
            vec![("2026-Q1/company/a".into(), "8:3".into())]
        );
        let g = objective(
            "",
            &[kr("a", "Raise x from 1 to 2", "    baseline: 1\n    target: 2\n")],
            "Become the default tool for field teams",
        );
        assert!(run(&ObjectiveHasNumber, &[("2026-Q1/company/a.md", &g)]).is_empty());
    }
}
