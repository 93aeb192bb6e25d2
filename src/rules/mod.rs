//! Rule names, severities and docs.
//!
//! Data rules are emitted by the parser and the workspace resolver (they
//! cannot be turned off); quality rules are checks over the resolved model.

use crate::diagnostic::Severity;

pub mod data;
pub mod task_shape;

pub const INVALID_FRONT_MATTER: &str = "invalid-front-matter";
pub const MISSING_FIELD: &str = "missing-field";
pub const DUPLICATE_ID: &str = "duplicate-id";
pub const UNKNOWN_REF: &str = "unknown-ref";
pub const DRIVES_CYCLE: &str = "drives-cycle";
pub const QUARTER_MISMATCH: &str = "quarter-mismatch";
pub const INVALID_ID: &str = "invalid-id";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Invalid data: always an error.
    Data,
    /// A quality rule over the files as they are.
    Static,
    /// A quality rule over the git history.
    History,
}

/// What every rule declares about itself.
#[derive(Debug)]
pub struct Meta {
    pub name: &'static str,
    pub default: Severity,
    pub kind: Kind,
    /// One line: when it fires.
    pub summary: &'static str,
    /// Markdown: what it checks, why it matters, a weak and a stronger example.
    pub doc: &'static str,
}

/// Quality rules named by the specification whose checks are not part of
/// this build yet. Their names and default levels are accepted in `okr.toml`
/// and `allow:` so configurations written today keep working.
pub const PLANNED: &[(&str, Severity, Kind)] = &[
    ("output-kr", Severity::Warning, Kind::Static),
    ("objective-is-output", Severity::Warning, Kind::Static),
    ("objective-has-number", Severity::Info, Kind::Static),
    ("kr-count", Severity::Warning, Kind::Static),
    ("no-target", Severity::Warning, Kind::Static),
    ("no-baseline", Severity::Warning, Kind::Static),
    ("layer-mix", Severity::Info, Kind::Static),
    ("copy-paste-cascade", Severity::Warning, Kind::Static),
    ("no-parent", Severity::Info, Kind::Static),
    ("no-quality-gate", Severity::Warning, Kind::Static),
    ("input-without-owner", Severity::Warning, Kind::Static),
    ("undecomposed-output", Severity::Warning, Kind::Static),
    ("sandbagging", Severity::Info, Kind::Static),
    ("stale", Severity::Warning, Kind::History),
    ("moved-goalposts", Severity::Warning, Kind::History),
    ("trending-off-track", Severity::Warning, Kind::History),
    ("entrenched-input", Severity::Info, Kind::History),
    ("baseline-gap", Severity::Info, Kind::History),
    ("input-without-effect", Severity::Info, Kind::History),
];

/// Every rule with a doc in this build.
pub fn all() -> &'static [Meta] {
    data::RULES
}

/// Looks up a rule by name: a documented one, or a planned quality rule.
pub fn find(name: &str) -> Option<RuleRef> {
    if let Some(m) = all().iter().find(|m| m.name == name) {
        return Some(RuleRef {
            name: m.name,
            default: m.default,
            kind: m.kind,
        });
    }
    PLANNED
        .iter()
        .find(|(n, ..)| *n == name)
        .map(|&(name, default, kind)| RuleRef {
            name,
            default,
            kind,
        })
}

/// Name, default and kind of a known rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuleRef {
    pub name: &'static str,
    pub default: Severity,
    pub kind: Kind,
}

/// Every known rule name.
pub fn names() -> impl Iterator<Item = &'static str> {
    all()
        .iter()
        .map(|m| m.name)
        .chain(PLANNED.iter().map(|(n, ..)| *n))
}
