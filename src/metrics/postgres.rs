//! PostgreSQL sources (`postgres_env`): a placeholder that keeps the
//! `postgres_env` arm of `okr sync` compiling until the connector lands;
//! it is replaced by the real connector at merge.

use super::{Row, SourceError};

/// Runs `query` against the database at `url` and returns its rows.
pub fn fetch(url: &str, query: &str, timeout: std::time::Duration) -> Result<Vec<Row>, SourceError> {
    let _ = (url, query, timeout);
    Err(SourceError("PostgreSQL sources are not built yet".into()))
}
