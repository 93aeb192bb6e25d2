//! Objective templates: embedded in the binary, overridable per repository.

use crate::core::model::ObjectiveType;

/// The folder of a project `okr new` takes templates from when okr.toml does
/// not set `templates`: one file per type, `outcome.md`, `build.md`,
/// `discovery.md`, each used when present.
pub const DEFAULT_FOLDER: &str = "templates";

pub const OUTCOME: &str = include_str!("../../templates/outcome.md");
pub const BUILD: &str = include_str!("../../templates/build.md");
pub const DISCOVERY: &str = include_str!("../../templates/discovery.md");
/// `okr init`'s example year objective: an outcome with a `bet:` statement,
/// which the quarter example names as its `parent`.
pub const YEAR: &str = include_str!("../../templates/year.md");

/// The embedded template for an objective type.
pub fn builtin(kind: ObjectiveType) -> &'static str {
    match kind {
        ObjectiveType::Outcome => OUTCOME,
        ObjectiveType::Build => BUILD,
        ObjectiveType::Discovery => DISCOVERY,
    }
}

/// Fills in `{{owner}}`, `{{team}}` and `{{title}}`.
pub fn fill(template: &str, owner: &str, team: &str, title: &str) -> String {
    template.replace("{{owner}}", owner).replace("{{team}}", team).replace("{{title}}", title)
}

/// A title from a file name: `faster-onboarding` -> `Faster onboarding`.
pub fn title_from_name(name: &str) -> String {
    let words = name.replace(['-', '_', '.'], " ");
    let mut chars = words.trim().chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::parse::parse_file;

    #[test]
    fn every_builtin_template_parses_cleanly_once_filled() {
        for kind in [ObjectiveType::Outcome, ObjectiveType::Build, ObjectiveType::Discovery] {
            let text = fill(builtin(kind), "maya", "growth", "Make onboarding effortless");
            let parsed = parse_file("okrs/2026-Q1/growth/x.md", "2026-Q1/growth/x.md", text.as_bytes());
            assert!(parsed.diagnostics.is_empty(), "{kind}: {:?}", parsed.diagnostics);
            let o = parsed.objective.unwrap();
            assert_eq!(o.kind, kind);
            assert_eq!(o.title, "Make onboarding effortless");
        }
        let text = fill(YEAR, "maya", "company", "Grow on our own");
        let parsed = parse_file("okrs/2026/company/x.md", "2026/company/x.md", text.as_bytes());
        assert!(parsed.diagnostics.is_empty(), "year: {:?}", parsed.diagnostics);
        let o = parsed.objective.unwrap();
        assert!(o.bet.as_deref().is_some_and(|b| !b.is_empty()), "the year template states a bet");
        assert!(!text.contains("{{"), "{text}");
    }

    #[test]
    fn titles_from_names() {
        assert_eq!(title_from_name("faster-onboarding"), "Faster onboarding");
        assert_eq!(title_from_name("x"), "X");
    }
}
