//! `sqlite = "PATH"` sources: a query on a SQLite database file of the
//! repository, opened read-only, stopped when it runs past its timeout.
//! Its result must have the columns `key` and `value` (and optionally
//! `date`), by name.

use super::{Row, SourceError};
use rusqlite::types::ValueRef;
use std::path::Path;
use std::time::{Duration, Instant};

/// Runs `query` on the database at `path` (shown as `shown`).
pub fn fetch(path: &Path, shown: &str, query: &str, timeout: Duration) -> Result<Vec<Row>, SourceError> {
    if !path.is_file() {
        return Err(SourceError(format!("cannot open {shown}: there is no such file")));
    }
    let flags = rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = rusqlite::Connection::open_with_flags(path, flags)
        .map_err(|e| SourceError(format!("cannot open {shown}: {}", reason(&e))))?;
    let _ = conn.busy_timeout(timeout);
    let deadline = Instant::now() + timeout;
    // SQLite calls this every thousand steps of the query; `true` stops it.
    conn.progress_handler(1000, Some(move || Instant::now() > deadline));
    let late = |e: rusqlite::Error| {
        if Instant::now() > deadline {
            SourceError(format!("the query was stopped after {} s (`timeout_s`)", timeout.as_secs()))
        } else {
            SourceError(format!("the query failed on {shown}: {}", reason(&e)))
        }
    };
    let mut stmt = conn.prepare(query).map_err(late)?;
    let names: Vec<String> = stmt.column_names().iter().map(|n| n.to_string()).collect();
    let column = |name: &str| names.iter().position(|n| n.eq_ignore_ascii_case(name));
    let (Some(key), Some(value)) = (column("key"), column("value")) else {
        let found: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
        return Err(SourceError(format!(
            "the query's result must have the columns `key` and `value` (and optionally `date`); it has {} (name them with `as key`, `as value`)",
            if found.is_empty() { "none".to_string() } else { found.join(", ") }
        )));
    };
    let date = column("date");
    let mut rows = stmt.query([]).map_err(late)?;
    let mut out = Vec::new();
    let mut n = 0;
    while let Some(row) = rows.next().map_err(late)? {
        n += 1;
        let at = |name: &str| format!("row {n}, column `{name}`");
        let cell = |i: usize| row.get_ref(i).map_err(|e| SourceError(format!("row {n}: {}", reason(&e))));
        let k = match cell(key)? {
            ValueRef::Text(t) => String::from_utf8_lossy(t).trim().to_string(),
            ValueRef::Integer(i) => i.to_string(),
            ValueRef::Null => return Err(SourceError(format!("{}: the key is NULL", at("key")))),
            _ => return Err(SourceError(format!("{}: the key must be text", at("key")))),
        };
        if k.is_empty() {
            return Err(SourceError(format!("{}: the key is empty", at("key"))));
        }
        let v = match cell(value)? {
            ValueRef::Integer(i) => i as f64,
            ValueRef::Real(f) if f.is_finite() => f,
            ValueRef::Real(f) => return Err(SourceError(format!("{}: {f} is not a finite number", at("value")))),
            ValueRef::Text(t) => super::value(&String::from_utf8_lossy(t), &at("value"))?,
            ValueRef::Null => return Err(SourceError(format!("{}: the value is NULL", at("value")))),
            ValueRef::Blob(_) => return Err(SourceError(format!("{}: a blob is not a number", at("value")))),
        };
        let d = match date.map(cell).transpose()? {
            None | Some(ValueRef::Null) => None,
            Some(ValueRef::Text(t)) => super::date(&String::from_utf8_lossy(t), &at("date"))?,
            Some(_) => return Err(SourceError(format!("{}: the date must be text (YYYY-MM-DD)", at("date")))),
        };
        out.push(Row { key: k, value: v, date: d, origin: format!("row {n}") });
    }
    Ok(out)
}

/// SQLite's own words for an error (`no such table: weekly`), without
/// rusqlite's wrapping.
fn reason(e: &rusqlite::Error) -> String {
    match e {
        rusqlite::Error::SqliteFailure(_, Some(msg)) => msg.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn db(sql: &str) -> (tempfile::TempDir, std::path::PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.db");
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(sql).unwrap();
        (dir, path)
    }

    #[test]
    fn reads_key_value_and_date_columns_by_name() {
        let (_d, path) = db(
            "create table t (k text, v real, d text); insert into t values ('a', 24.5, '2026-11-30'), ('b', 3, null);",
        );
        let rows =
            fetch(&path, "m.db", "select v as value, k as key, d as date from t order by k", Duration::from_secs(5))
                .unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!((rows[0].key.as_str(), rows[0].value, rows[0].date.as_deref()), ("a", 24.5, Some("2026-11-30")));
        assert_eq!((rows[1].key.as_str(), rows[1].value, rows[1].date.as_deref()), ("b", 3.0, None));
    }

    #[test]
    fn errors_name_the_row_and_column() {
        let (_d, path) = db("create table t (k text, v text); insert into t values ('a', '1'), ('b', 'twelve');");
        let e =
            fetch(&path, "m.db", "select k as key, v as value from t order by k", Duration::from_secs(5)).unwrap_err();
        assert_eq!(e.0, "row 2, column `value`: `twelve` is not a number");
        let e = fetch(&path, "m.db", "select k, v from t", Duration::from_secs(5)).unwrap_err();
        assert!(e.0.contains("must have the columns `key` and `value`") && e.0.contains("`k`, `v`"), "{e}");
        let e = fetch(&path, "m.db", "select * from missing", Duration::from_secs(5)).unwrap_err();
        assert_eq!(e.0, "the query failed on m.db: no such table: missing");
        let e = fetch(&path.with_file_name("none.db"), "none.db", "select 1", Duration::from_secs(5)).unwrap_err();
        assert_eq!(e.0, "cannot open none.db: there is no such file");
    }

    #[test]
    fn the_database_is_read_only() {
        let (_d, path) = db("create table t (k text, v real);");
        let e = fetch(
            &path,
            "m.db",
            "insert into t values ('a', 1) returning k as key, v as value",
            Duration::from_secs(5),
        )
        .unwrap_err();
        assert!(e.0.contains("readonly"), "{e}");
    }

    #[test]
    fn a_slow_query_is_stopped_at_the_timeout() {
        let (_d, path) = db("");
        let slow = "with recursive c(x) as (select 1 union all select x + 1 from c) select 'a' as key, count(*) as value from c";
        let e = fetch(&path, "m.db", slow, Duration::from_secs(1)).unwrap_err();
        assert_eq!(e.0, "the query was stopped after 1 s (`timeout_s`)");
    }
}
