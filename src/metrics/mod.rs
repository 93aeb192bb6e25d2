//! Edge: where `okr sync` reads measured values (SPEC §10): SQLite and
//! PostgreSQL databases, CSV/JSON files in the repository, and commands.
//!
//! Connectors only read. Each returns the rows it read, or one reason it
//! read nothing; the reason is shown to users as it is, so it never holds
//! a secret (a URL, a password, a driver message that quotes either).
//! Matching rows to key results and writing values happen elsewhere
//! (`views::sync` plans, `cli::sync` writes through `okr set`'s path).

pub mod postgres;

/// One measured value as a source reported it.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// A full KR ref (`2026-Q1/growth/activation#activation-rate`) or a
    /// metric name, resolved against the workspace by the caller.
    pub key: String,
    pub value: f64,
    /// `YYYY-MM-DD`, when the source has a `date` column.
    pub date: Option<String>,
    /// Where the row is, for messages: `row 3` (1-based, the header not
    /// counted) for query results and CSV/JSON data.
    pub origin: String,
}

/// Why a source yielded nothing. The message is shown to users as it is
/// and names no secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceError(pub String);

impl std::fmt::Display for SourceError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for SourceError {}
