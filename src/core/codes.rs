//! Rule identity: every rule's name, kind and default severity, in one
//! table apart from the checks and their docs.
//!
//! The parser, the workspace resolver and the configuration name rules
//! (they emit the data rules, and `allow:` and `[check.rules]` are checked
//! against the names) without depending on the rules themselves: those live
//! in `rules`, each `Meta` pointing at its entry here. A unit test in
//! `rules` holds the two to one entry per registered rule.

use serde::Serialize;
use std::fmt;

/// How serious a finding is. Ordered from least to most severe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    /// Parses the spellings accepted by `okr.toml` and `--fail-on`.
    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "error" => Some(Severity::Error),
            "warn" | "warning" => Some(Severity::Warning),
            "info" => Some(Severity::Info),
            _ => None,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a rule looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Invalid data: always an error.
    Data,
    /// A quality rule over the files as they are.
    Static,
    /// A quality rule over the git history.
    History,
}

/// Who a rule is: its name (as in findings, `allow:` and `[check.rules]`),
/// its kind and the severity it has unless configured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Code {
    pub name: &'static str,
    pub kind: Kind,
    pub default: Severity,
}

const fn data(name: &'static str) -> Code {
    Code { name, kind: Kind::Data, default: Severity::Error }
}

const fn static_rule(name: &'static str, default: Severity) -> Code {
    Code { name, kind: Kind::Static, default }
}

const fn history(name: &'static str, default: Severity) -> Code {
    Code { name, kind: Kind::History, default }
}

// Data rules: emitted by `parse` and `workspace`, never configurable.
pub const INVALID_FRONT_MATTER: Code = data("invalid-front-matter");
pub const MISSING_FIELD: Code = data("missing-field");
pub const DUPLICATE_ID: Code = data("duplicate-id");
pub const UNKNOWN_REF: Code = data("unknown-ref");
pub const DRIVES_CYCLE: Code = data("drives-cycle");
pub const QUARTER_MISMATCH: Code = data("quarter-mismatch");
pub const INVALID_ID: Code = data("invalid-id");
pub const HORIZON_MISMATCH: Code = data("horizon-mismatch");

// Quality rules over the files.
pub const OUTPUT_KR: Code = static_rule("output-kr", Severity::Warning);
pub const OBJECTIVE_IS_OUTPUT: Code = static_rule("objective-is-output", Severity::Warning);
pub const OBJECTIVE_HAS_NUMBER: Code = static_rule("objective-has-number", Severity::Info);
pub const KR_COUNT: Code = static_rule("kr-count", Severity::Warning);
pub const NO_TARGET: Code = static_rule("no-target", Severity::Warning);
pub const NO_BASELINE: Code = static_rule("no-baseline", Severity::Warning);
pub const TITLE_MISMATCH: Code = static_rule("title-mismatch", Severity::Warning);
pub const LAYER_MIX: Code = static_rule("layer-mix", Severity::Info);
pub const NO_PARENT: Code = static_rule("no-parent", Severity::Info);
pub const NO_QUALITY_GATE: Code = static_rule("no-quality-gate", Severity::Warning);
pub const INPUT_WITHOUT_OWNER: Code = static_rule("input-without-owner", Severity::Warning);
pub const UNDECOMPOSED_OUTPUT: Code = static_rule("undecomposed-output", Severity::Warning);
pub const COPY_PASTE_CASCADE: Code = static_rule("copy-paste-cascade", Severity::Warning);
pub const SANDBAGGING: Code = static_rule("sandbagging", Severity::Info);
pub const NO_BET: Code = static_rule("no-bet", Severity::Info);

// Quality rules over the git history.
pub const STALE: Code = history("stale", Severity::Warning);
pub const MOVED_GOALPOSTS: Code = history("moved-goalposts", Severity::Warning);
pub const TRENDING_OFF_TRACK: Code = history("trending-off-track", Severity::Warning);
pub const ENTRENCHED_INPUT: Code = history("entrenched-input", Severity::Info);
pub const BASELINE_GAP: Code = history("baseline-gap", Severity::Info);
pub const INPUT_WITHOUT_EFFECT: Code = history("input-without-effect", Severity::Info);

/// Every rule of this build, in the order `okr rules` lists them: data
/// rules, then quality rules.
pub const ALL: &[Code] = &[
    INVALID_FRONT_MATTER,
    MISSING_FIELD,
    DUPLICATE_ID,
    UNKNOWN_REF,
    DRIVES_CYCLE,
    QUARTER_MISMATCH,
    INVALID_ID,
    HORIZON_MISMATCH,
    OUTPUT_KR,
    OBJECTIVE_IS_OUTPUT,
    OBJECTIVE_HAS_NUMBER,
    KR_COUNT,
    NO_TARGET,
    NO_BASELINE,
    TITLE_MISMATCH,
    LAYER_MIX,
    NO_PARENT,
    NO_QUALITY_GATE,
    INPUT_WITHOUT_OWNER,
    UNDECOMPOSED_OUTPUT,
    COPY_PASTE_CASCADE,
    SANDBAGGING,
    NO_BET,
    STALE,
    MOVED_GOALPOSTS,
    TRENDING_OFF_TRACK,
    ENTRENCHED_INPUT,
    BASELINE_GAP,
    INPUT_WITHOUT_EFFECT,
];

/// Looks up a rule by name.
pub fn find(name: &str) -> Option<Code> {
    ALL.iter().find(|c| c.name == name).copied()
}

/// Every known rule name.
pub fn names() -> impl Iterator<Item = &'static str> {
    ALL.iter().map(|c| c.name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_lowercase_slugs() {
        let mut seen = std::collections::HashSet::new();
        for c in ALL {
            assert!(seen.insert(c.name), "`{}` twice", c.name);
            assert!(c.name.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'), "{}", c.name);
        }
    }

    #[test]
    fn data_rules_come_first_and_are_errors() {
        let data = ALL.iter().take_while(|c| c.kind == Kind::Data).count();
        assert!(data > 0);
        assert!(ALL[..data].iter().all(|c| c.default == Severity::Error));
        assert!(ALL[data..].iter().all(|c| c.kind != Kind::Data));
        assert_eq!(find("stale"), Some(STALE));
        assert_eq!(find("Stale"), None);
    }
}
