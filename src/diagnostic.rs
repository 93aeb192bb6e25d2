//! Findings: data errors and quality-rule results, with their positions.

use serde::Serialize;
use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;

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

/// Sorts findings for stable output: by file, position, rule, message.
pub fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| {
        (a.file.as_deref(), a.pos, a.rule, &a.message).cmp(&(b.file.as_deref(), b.pos, b.rule, &b.message))
    });
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
