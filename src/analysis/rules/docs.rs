//! Rule documentation as text: `okr rules`, `okr rules NAME` and the
//! generated `docs/rules.md` all come from the rules' own `Meta`.

use super::{all, Meta};
use crate::core::codes::Kind;
use crate::core::config::{Config, Level};

fn kind_label(k: Kind) -> &'static str {
    match k {
        Kind::Data => "data rule (always an error)",
        Kind::Static => "quality rule",
        Kind::History => "quality rule from git history",
    }
}

fn level_label(l: Level) -> String {
    match l {
        Level::Off => "off".into(),
        Level::On(s) => s.to_string(),
    }
}

/// The list for `okr rules`: every rule with its level in this project.
pub fn list(config: &Config) -> String {
    let rules = all();
    let width = rules.iter().map(|m| m.code.name.len()).max().unwrap_or(10);
    let mut out = String::new();
    for (title, kind) in
        [("Data rules (always errors)", Kind::Data), ("Quality rules", Kind::Static), ("History rules", Kind::History)]
    {
        let group: Vec<&&Meta> = rules.iter().filter(|m| m.code.kind == kind).collect();
        if group.is_empty() {
            continue;
        }
        out.push_str(&format!("{title}\n"));
        for m in group {
            let level = level_label(config.level(m.code.name, m.code.default));
            let note = if kind != Kind::Data && config.check.rules.contains_key(m.code.name) {
                format!(" (default {})", m.code.default)
            } else {
                String::new()
            };
            out.push_str(&format!("  {:width$}  {:7}  {}{note}\n", m.code.name, level, m.summary));
        }
        out.push('\n');
    }
    out.push_str("`okr rules NAME` explains one rule; set levels in okr.toml under [check.rules].\n");
    out
}

/// One rule's doc, as Markdown with the rule name as its title.
pub fn page(m: &Meta, heading: &str) -> String {
    format!(
        "{heading} `{}`\n\n*{}, default level: {}.* Fires when {}.\n\n{}",
        m.code.name,
        kind_label(m.code.kind),
        m.code.default,
        m.summary,
        // Rule docs use `##` sections; nest them under the rule's heading.
        m.doc.replace("## ", &format!("{heading}# "))
    )
}

/// The whole `docs/rules.md`.
pub fn markdown() -> String {
    let mut out = String::from(
        "# Rules\n\n<!-- Generated from the rules' source (src/analysis/rules/). Do not edit by hand: run\n     `UPDATE_DOCS=1 cargo test --lib rules::docs` after changing a rule. -->\n\n\
`okr check` reports two kinds of findings. **Data rules** find invalid files; they are always errors. \
**Quality rules** coach: each can be set to `error`, `warn`, `info` or `off` in `okr.toml`, and silenced for one objective with \
`allow: [rule-name]` in its front matter.\n\n```toml\n[check.rules]\nno-parent = \"off\"\noutput-kr = \"error\"\n```\n\n",
    );
    out.push_str("| rule | kind | default | fires when |\n|---|---|---|---|\n");
    for m in all() {
        out.push_str(&format!(
            "| [`{}`](#{}) | {} | {} | {} |\n",
            m.code.name,
            m.code.name,
            kind_label(m.code.kind),
            m.code.default,
            m.summary.replace('|', "\\|")
        ));
    }
    for m in all() {
        out.push('\n');
        out.push_str(&page(m, "##"));
    }
    out.push_str(
        "\n## How well the title heuristics work\n\n\
`output-kr` and `objective-is-output` read titles with hand-written heuristics (src/analysis/task_shape/). They were tuned on \
`tests/corpus/output_kr/dev.tsv` and measured once on `tests/corpus/output_kr/test.tsv`, a held-out set of sentences committed before any \
tuning. A positive is a title labelled as a task (or, for objectives, a deliverable). The figures on the held-out set \
(`cargo test --test it corpus:: -- --nocapture` prints them; the test fails if this table drifts):\n\n",
    );
    out.push_str(crate::analysis::task_shape::MEASURED);
    out.push_str(
        "\nThe heuristics favour precision: a finding that is wrong costs more trust than a finding that is missed. \
Structural signals (a `done` milestone in an outcome objective) are not part of these figures.\n",
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_doc_has_the_four_sections() {
        for m in all().into_iter().filter(|m| m.code.kind != Kind::Data) {
            for section in ["## What it checks", "## Why it matters", "## A weak example", "## A stronger rewrite"] {
                assert!(m.doc.contains(section), "{} lacks {section}", m.code.name);
            }
        }
    }

    #[test]
    fn docs_rules_md_is_up_to_date() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/rules.md");
        let expected = markdown();
        if std::env::var_os("UPDATE_DOCS").is_some() {
            std::fs::write(path, &expected).unwrap();
        }
        let actual = std::fs::read_to_string(path).unwrap_or_default();
        assert!(actual == expected, "docs/rules.md is out of date: run `UPDATE_DOCS=1 cargo test --lib rules::docs`");
    }

    #[test]
    fn rule_names_are_unique() {
        let mut names: Vec<&str> = crate::core::codes::names().collect();
        let n = names.len();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), n);
    }
}
