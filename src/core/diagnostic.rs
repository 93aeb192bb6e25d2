//! Findings: data errors and quality-rule results, with their positions.

use crate::core::codes::{self, Code};
use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;

/// Severity lives with the rule codes (each code has a default one), so
/// that this module can name rules through `codes` without a cycle.
pub use crate::core::codes::Severity;

/// A 1-based line and column (columns count characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Pos {
    pub line: u32,
    pub column: u32,
}

impl Pos {
    pub const START: Pos = Pos { line: 1, column: 1 };

    pub fn new(line: u32, column: u32) -> Pos {
        Pos { line, column }
    }
}

impl fmt::Display for Pos {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// One finding. `file` is relative to the project root with `/` separators.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    pub rule: &'static str,
    pub severity: Severity,
    pub file: Option<String>,
    pub pos: Option<Pos>,
    /// Length of the highlighted text in characters (at least 1 when shown).
    pub len: u32,
    pub reference: Option<String>,
    pub message: String,
    /// What to do about it; rendered as `help:` in text, appended in JSON.
    /// Most hints are fixed texts, borrowed rather than copied into each of
    /// a big organisation's thousands of findings.
    pub hint: Option<Cow<'static, str>>,
    /// Refs or commits it names. Shared (`Arc`) rather than copied: one
    /// title copied across a big organisation is named by thousands of
    /// findings.
    pub related: Vec<Arc<str>>,
}

impl Diagnostic {
    pub fn new(rule: &'static str, severity: Severity, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            rule,
            severity,
            file: None,
            pos: None,
            len: 1,
            reference: None,
            message: message.into(),
            hint: None,
            related: Vec::new(),
        }
    }

    /// A data error (cannot be turned off).
    pub fn error(rule: &'static str, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(rule, Severity::Error, message)
    }

    pub fn at(mut self, file: &str, pos: Pos) -> Diagnostic {
        self.file = Some(file.to_string());
        self.pos = Some(pos);
        self
    }

    pub fn in_file(mut self, file: &str) -> Diagnostic {
        self.file = Some(file.to_string());
        self
    }

    pub fn span_len(mut self, len: usize) -> Diagnostic {
        self.len = u32::try_from(len.max(1)).unwrap_or(u32::MAX);
        self
    }

    pub fn with_ref(mut self, r: impl Into<String>) -> Diagnostic {
        self.reference = Some(r.into());
        self
    }

    pub fn hint(mut self, h: impl Into<Cow<'static, str>>) -> Diagnostic {
        self.hint = Some(h.into());
        self
    }

    pub fn with_related(mut self, r: Vec<String>) -> Diagnostic {
        self.related = r.into_iter().map(Arc::from).collect();
        self
    }

    pub fn related(mut self, r: impl Into<String>) -> Diagnostic {
        self.related.push(Arc::from(r.into()));
        self
    }

    /// The message as a single text (message, then the hint), used by
    /// machine-readable formats that have no separate field for the hint.
    pub fn full_message(&self) -> String {
        match &self.hint {
            Some(h) => format!("{}\nhelp: {}", self.message, h),
            None => self.message.clone(),
        }
    }
}

/// Sorts findings for stable output, what matters first.
///
/// Most severe first, then the most actionable rules first (see
/// [`actionability`]), then by file, position, rule and message. GitHub
/// shows only the first annotations of a step, so the order decides what a
/// pull request's author sees.
pub fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| {
        (std::cmp::Reverse(a.severity), actionability(a.rule), a.file.as_deref(), a.pos, a.rule, &a.message).cmp(&(
            std::cmp::Reverse(b.severity),
            actionability(b.rule),
            b.file.as_deref(),
            b.pos,
            b.rule,
            &b.message,
        ))
    });
}

/// How directly a finding calls for an edit, lowest first: a target moved
/// in silence, a copied or mislabelled title is a fact about the files;
/// the static quality rules are advice about them; a KR nobody updated is
/// about behaviour; projections and hypotheses from history are estimates.
/// Data errors come first anyway: they are the only errors by default.
pub fn actionability(rule: &str) -> u8 {
    const FACTS: [Code; 3] = [codes::MOVED_GOALPOSTS, codes::COPY_PASTE_CASCADE, codes::TITLE_MISMATCH];
    const BEHAVIOUR: [Code; 1] = [codes::STALE];
    const ESTIMATES: [Code; 5] = [
        codes::TRENDING_OFF_TRACK,
        codes::INPUT_WITHOUT_EFFECT,
        codes::BASELINE_GAP,
        codes::ENTRENCHED_INPUT,
        codes::SANDBAGGING,
    ];
    let named = |list: &[Code]| list.iter().any(|c| c.name == rule);
    if named(&FACTS) {
        0
    } else if named(&BEHAVIOUR) {
        2
    } else if named(&ESTIMATES) {
        3
    } else {
        1
    }
}

/// Counts per severity: (errors, warnings, infos).
pub fn counts(diags: &[Diagnostic]) -> (usize, usize, usize) {
    let mut c = (0, 0, 0);
    for d in diags {
        match d.severity {
            Severity::Error => c.0 += 1,
            Severity::Warning => c.1 += 1,
            Severity::Info => c.2 += 1,
        }
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn findings_sort_by_severity_then_actionability_then_place() {
        let mut d = vec![
            Diagnostic::new("trending-off-track", Severity::Warning, "projected").at("a.md", Pos::START),
            Diagnostic::new("no-parent", Severity::Info, "orphan").at("a.md", Pos::START),
            Diagnostic::new("no-target", Severity::Warning, "no target").at("b.md", Pos::new(2, 1)),
            Diagnostic::new("moved-goalposts", Severity::Warning, "moved").at("c.md", Pos::new(9, 1)),
            Diagnostic::error("unknown-ref", "names nothing").at("z.md", Pos::new(3, 1)),
            Diagnostic::new("stale", Severity::Warning, "stale").at("a.md", Pos::START),
            Diagnostic::new("no-target", Severity::Warning, "no target").at("a.md", Pos::new(5, 1)),
        ];
        sort(&mut d);
        let order: Vec<(&str, &str)> = d.iter().map(|d| (d.rule, d.file.as_deref().unwrap_or(""))).collect();
        assert_eq!(
            order,
            [
                ("unknown-ref", "z.md"),
                ("moved-goalposts", "c.md"),
                ("no-target", "a.md"),
                ("no-target", "b.md"),
                ("stale", "a.md"),
                ("trending-off-track", "a.md"),
                ("no-parent", "a.md"),
            ]
        );
    }
}
