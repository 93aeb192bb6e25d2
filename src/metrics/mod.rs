//! Edge: where `okr sync` reads measured values (SPEC §10): SQLite and
//! PostgreSQL databases, CSV/JSON files in the repository, and commands.
//!
//! Connectors only read. Each returns the rows it read, or one reason it
//! read nothing; the reason is shown to users as it is, so it never holds
//! a secret (a URL, a password, a driver message that quotes either).
//! Matching rows to key results and writing values happen elsewhere
//! (`views::sync` plans, `cli::sync` writes through `okr set`'s path).
//!
//! `sqlite` (rusqlite, SQLite compiled in), `postgres` (the URL from the
//! environment), `file` (CSV through the `csv` crate, JSON through
//! serde_json) and `command` (a program without a shell, its stdout read as
//! CSV) each turn one source into rows; `value` and `date` here read one
//! cell the same way for all of them.

pub mod command;
pub mod file;
pub mod postgres;
pub mod sqlite;

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

/// A measured value as text (a CSV cell, a text column): a plain finite
/// number, surrounding spaces ignored. `12%`, `1,200`, `n/a` and an empty
/// cell are refused with what was found; `at` names the cell
/// (`row 3, column `value``).
pub fn value(text: &str, at: &str) -> Result<f64, SourceError> {
    let t = text.trim();
    if t.is_empty() {
        return Err(SourceError(format!("{at}: the value is empty")));
    }
    let plain = t.chars().all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E'));
    match t.parse::<f64>() {
        Ok(v) if plain && v.is_finite() => Ok(v),
        _ => Err(SourceError(format!("{at}: `{}` is not a number", shown(t)))),
    }
}

/// A `date` cell: `YYYY-MM-DD` (a time after it, as databases print
/// timestamps, is ignored), or nothing when empty.
pub fn date(text: &str, at: &str) -> Result<Option<String>, SourceError> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let day = t.get(..10).unwrap_or(t);
    let rest = t.get(10..).unwrap_or("");
    match day.parse::<jiff::civil::Date>() {
        Ok(d) if rest.is_empty() || rest.starts_with([' ', 'T']) => Ok(Some(d.to_string())),
        _ => Err(SourceError(format!("{at}: `{}` is not a date (write YYYY-MM-DD)", shown(t)))),
    }
}

/// A cell's text for a message: at most 40 characters.
fn shown(text: &str) -> String {
    let mut out: String = text.chars().take(40).collect();
    if text.chars().count() > 40 {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_plain_numbers() {
        assert_eq!(value(" 24.5 ", "row 1"), Ok(24.5));
        assert_eq!(value("-3", "row 1"), Ok(-3.0));
        assert_eq!(value("1e3", "row 1"), Ok(1000.0));
        for bad in ["12%", "1,200", "n/a", "inf", "NaN", "0x10"] {
            let e = value(bad, "row 2, column `value`").unwrap_err();
            assert_eq!(e.0, format!("row 2, column `value`: `{bad}` is not a number"));
        }
        assert_eq!(value("  ", "row 4").unwrap_err().0, "row 4: the value is empty");
    }

    #[test]
    fn dates_are_days() {
        assert_eq!(date("2026-11-30", "r"), Ok(Some("2026-11-30".into())));
        assert_eq!(date("2026-11-30 12:00:00", "r"), Ok(Some("2026-11-30".into())));
        assert_eq!(date("", "r"), Ok(None));
        assert!(date("30/11/2026", "r").is_err());
        assert!(date("2026-02-30", "r").is_err());
    }
}
