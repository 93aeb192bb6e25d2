//! `title-mismatch`: a KR title whose "from X to Y" disagrees with its
//! `baseline` and `target`, the usual trace of a target moved in the fields
//! but not in the words.

use super::{Context, Meta, Rule};
use crate::core::diagnostic::Diagnostic;
use crate::core::score::fmt_num;

pub struct TitleMismatch;

static META: Meta = Meta {
    code: crate::core::codes::TITLE_MISMATCH,
    summary: "a KR title states numbers (\"from 4.2% to 5.5%\") that disagree with its `baseline` or `target`",
    doc: "## What it checks\n\nWhen a key result's title says where it starts and ends (\"from 4.2% to 5.5%\", \"from $1.0M to $1.2M\"), \
the numbers match its `baseline` and `target`. A suffix `k`, `M` or `B` in the title may stand for the multiplier or for the unit \
(`$1.2M` matches `target: 1.2` with `unit: MUSD` and `target: 1200000`). KRs with an unreadable value are left to the data error.\n\n\
## Why it matters\n\nPeople read the title; okr scores the fields. When the two disagree, one of them was edited alone, most often a \
target lowered mid-quarter while the title still promises the old one, and every status and review reads differently from what the \
team thinks it committed to.\n\n\
## A weak example\n\n```yaml\n- id: trial-conversion\n  title: Raise trial conversion from 4.2% to 5.5%\n  baseline: 4.2\n  target: 4.8\n```\n\n\
## A stronger rewrite\n\n```yaml\n- id: trial-conversion\n  title: Raise trial conversion from 4.2% to 4.8%\n  baseline: 4.2\n  target: 4.8\n```\n\n\
If the target was lowered on purpose, say so in the objective's notes, and change the title with it.\n",
};

impl Rule for TitleMismatch {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for o in &cx.workspace.objectives {
            for kr in &o.key_results {
                let Some((from, to)) = from_to(&kr.title) else { continue };
                let pairs = [("baseline", from, kr.baseline), ("target", to, kr.target)];
                for (field, said, value) in pairs {
                    let Some(value) = value else { continue };
                    if kr.unreadable.contains(field) || said.matches(value) {
                        continue;
                    }
                    out.push(
                        cx.kr(
                            &META,
                            o,
                            kr,
                            field,
                            format!(
                                "`{}`'s title says {} \"{}\", but its `{field}` is {}",
                                kr.id,
                                if field == "baseline" { "from" } else { "to" },
                                said.text,
                                fmt_num(value)
                            ),
                        )
                        .hint(format!(
                            "make the title and `{field}` agree; if the {field} moved on purpose, change the title with it"
                        )),
                    );
                }
            }
        }
    }
}

/// A number as a title writes it.
#[derive(Debug, Clone, PartialEq)]
struct Said {
    text: String,
    value: f64,
    /// `k`, `M`, `B`: 1e3, 1e6, 1e9 (1 without a suffix).
    scale: f64,
}

impl Said {
    /// Whether a field value is this number, read with or without the suffix.
    fn matches(&self, v: f64) -> bool {
        let close = |a: f64, b: f64| (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0);
        close(self.value, v) || close(self.value * self.scale, v)
    }
}

/// "from 4.2% to 5.5%", "from $1.0M to $1.2M", "from 1,200 to 1,500": the
/// two numbers, when the title states both.
fn from_to(title: &str) -> Option<(Said, Said)> {
    let words: Vec<&str> = title.split_whitespace().collect();
    let i = words.iter().position(|w| w.eq_ignore_ascii_case("from"))?;
    let from = number(words.get(i + 1)?)?;
    if !words.get(i + 2)?.eq_ignore_ascii_case("to") {
        return None;
    }
    let to = number(words.get(i + 3)?)?;
    Some((from, to))
}

fn number(word: &str) -> Option<Said> {
    let text = word.trim_end_matches([',', '.', ';', ':', ')']).trim_start_matches('(');
    let core = text.trim_start_matches(['$', '€', '£']).trim_end_matches('%');
    let (digits, scale) = match core.char_indices().last()? {
        (i, 'k' | 'K') => (&core[..i], 1e3),
        (i, 'M') => (&core[..i], 1e6),
        (i, 'B') => (&core[..i], 1e9),
        _ => (core, 1.0),
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit() || c == '.' || c == ',' || c == '-') {
        return None;
    }
    let value: f64 = digits.replace(',', "").parse().ok()?;
    Some(Said { text: text.to_string(), value, scale })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::rules::testing::{kr, objective, run};

    fn one(title: &str, fields: &str) -> Vec<(String, String)> {
        let f = objective("", &[kr("k", title, fields)], "Grow");
        run(&TitleMismatch, &[("2026-Q1/growth/a.md", &f)])
    }

    #[test]
    fn fires_when_the_target_moved_but_the_title_did_not() {
        assert_eq!(
            one("Raise trial conversion from 4.2% to 5.5%", "    baseline: 4.2\n    target: 4.8\n"),
            vec![("2026-Q1/growth/a#k".into(), "6:5".into())]
        );
        assert_eq!(one("Grow MRR from $1.0M to $1.2M", "    baseline: 1.0\n    target: 1.1\n").len(), 1);
        assert_eq!(one("Cut churn from 3% to 2%", "    baseline: 4\n    target: 1\n").len(), 2);
    }

    #[test]
    fn quiet_when_title_and_fields_agree_in_any_notation() {
        assert!(one("Raise trial conversion from 4.2% to 5.5%", "    baseline: 4.2\n    target: 5.5\n").is_empty());
        assert!(one("Grow MRR from $1.0M to $1.2M", "    unit: MUSD\n    baseline: 1.0\n    target: 1.2\n").is_empty());
        assert!(one("Grow MRR from $1.0M to $1.2M", "    baseline: 1000000\n    target: 1200000\n").is_empty());
        assert!(one("Reach 1,500 paying teams, up from 1,200", "    baseline: 1000\n    target: 2000\n").is_empty());
        assert!(
            one("Grow weekly active teams from 1,200 to 1,500", "    baseline: 1200\n    target: 1500\n").is_empty()
        );
        // No numbers stated, or only one: nothing to compare.
        assert!(one("Raise NPS", "    baseline: 31\n    target: 45\n").is_empty());
    }
}
