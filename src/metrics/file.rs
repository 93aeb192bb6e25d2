//! `csv = "PATH"` sources: a CSV file of the repository (a header row with
//! `key` and `value`, optionally `date`; other columns ignored), or a JSON
//! file when the name ends in `.json` (an array of `{"key", "value",
//! "date"}` objects). The CSV reader is also how a command's stdout is read.

use super::{Row, SourceError};
use std::path::Path;

/// Reads the file `rel` of the project at `project`.
pub fn read(project: &Path, rel: &str) -> Result<Vec<Row>, SourceError> {
    let bytes = std::fs::read(project.join(rel)).map_err(|e| {
        let why = match e.kind() {
            std::io::ErrorKind::NotFound => "there is no such file".to_string(),
            _ => e.to_string(),
        };
        SourceError(format!("cannot read {rel}: {why}"))
    })?;
    if rel.to_ascii_lowercase().ends_with(".json") {
        json(&bytes)
    } else {
        csv(&bytes)
    }
}

/// Rows of CSV data: a header row naming `key` and `value` (any case, any
/// order, `date` optional), then one row per value. Positions in messages
/// are rows after the header and 1-based columns, with the line.
pub fn csv(data: &[u8]) -> Result<Vec<Row>, SourceError> {
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(data);
    let headers =
        reader.headers().map_err(|e| SourceError(format!("the header row cannot be read: {}", reason(&e))))?;
    let column = |name: &str| headers.iter().position(|h| h.trim().eq_ignore_ascii_case(name));
    let (Some(key), Some(value)) = (column("key"), column("value")) else {
        let found: Vec<String> = headers.iter().map(|h| format!("`{}`", h.trim())).collect();
        return Err(SourceError(format!(
            "the header row must name the columns `key` and `value` (and optionally `date`); it has {}",
            if found.is_empty() { "none".to_string() } else { found.join(", ") }
        )));
    };
    let date = column("date");
    let mut rows = Vec::new();
    let mut record = csv::StringRecord::new();
    let mut n = 0;
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => return Err(SourceError(format!("row {}: {}", n + 1, reason(&e)))),
        }
        n += 1;
        let line = record.position().map_or(0, |p| p.line());
        let at = |i: usize, name: &str| format!("row {n} (line {line}), column {} `{name}`", i + 1);
        let cell = |i: usize| record.get(i).unwrap_or("");
        let k = cell(key).trim();
        if k.is_empty() {
            return Err(SourceError(format!("{}: the key is empty", at(key, "key"))));
        }
        rows.push(Row {
            key: k.to_string(),
            value: super::value(cell(value), &at(value, "value"))?,
            date: match date {
                Some(d) => super::date(cell(d), &at(d, "date"))?,
                None => None,
            },
            origin: format!("row {n} (line {line})"),
        });
    }
    Ok(rows)
}

/// A CSV error in plain words, with its place when the reader knows it.
fn reason(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::Utf8 { .. } => "not valid UTF-8 text".to_string(),
        csv::ErrorKind::Io(io) => io.to_string(),
        _ => e.to_string(),
    }
}

/// Rows of a JSON array of objects with `key` (text), `value` (a number)
/// and optionally `date` (`YYYY-MM-DD`); other fields are ignored.
pub fn json(data: &[u8]) -> Result<Vec<Row>, SourceError> {
    let doc: serde_json::Value = serde_json::from_slice(data).map_err(|e| {
        SourceError(format!("not valid JSON (line {}, column {}): {}", e.line(), e.column(), json_reason(&e)))
    })?;
    let serde_json::Value::Array(items) = doc else {
        return Err(SourceError("the JSON must be an array of {\"key\": ..., \"value\": ...} objects".into()));
    };
    let mut rows = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let n = i + 1;
        let field = |name: &str| item.get(name);
        if !item.is_object() {
            return Err(SourceError(format!("item {n}: not an object with `key` and `value`")));
        }
        let key = match field("key") {
            Some(serde_json::Value::String(k)) if !k.trim().is_empty() => k.trim().to_string(),
            Some(serde_json::Value::String(_)) => {
                return Err(SourceError(format!("item {n}, `key`: the key is empty")))
            }
            Some(other) => return Err(SourceError(format!("item {n}, `key`: {} instead of text", kind(other)))),
            None => return Err(SourceError(format!("item {n}: there is no `key`"))),
        };
        let value = match field("value") {
            Some(serde_json::Value::Number(v)) => match v.as_f64() {
                Some(f) if f.is_finite() => f,
                _ => return Err(SourceError(format!("item {n}, `value`: `{v}` is not a finite number"))),
            },
            Some(other) => return Err(SourceError(format!("item {n}, `value`: {} instead of a number", kind(other)))),
            None => return Err(SourceError(format!("item {n}: there is no `value`"))),
        };
        let date = match field("date") {
            None | Some(serde_json::Value::Null) => None,
            Some(serde_json::Value::String(d)) => super::date(d, &format!("item {n}, `date`"))?,
            Some(other) => return Err(SourceError(format!("item {n}, `date`: {} instead of a date", kind(other)))),
        };
        rows.push(Row { key, value, date, origin: format!("item {n}") });
    }
    Ok(rows)
}

fn json_reason(e: &serde_json::Error) -> String {
    let text = e.to_string();
    // serde_json appends " at line L column C", which the message has already.
    match text.rfind(" at line ") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

fn kind(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::Null => "null".into(),
        serde_json::Value::Bool(b) => format!("`{b}`"),
        serde_json::Value::Number(n) => format!("the number {n}"),
        serde_json::Value::String(s) => format!("the text \"{}\"", super::shown(s)),
        serde_json::Value::Array(_) => "a list".into(),
        serde_json::Value::Object(_) => "an object".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_rows_with_any_column_order_and_extra_columns() {
        let rows = csv(
            b"\xef\xbb\xbfnote,Value,key,date\nhi,24.5,activation-rate,2026-11-30\n,\"1200\",2026-Q4/growth/a#b,\n",
        )
        .unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(
            (rows[0].key.as_str(), rows[0].value, rows[0].date.as_deref()),
            ("activation-rate", 24.5, Some("2026-11-30"))
        );
        assert_eq!(
            (rows[1].key.as_str(), rows[1].value, rows[1].date.as_deref()),
            ("2026-Q4/growth/a#b", 1200.0, None)
        );
        assert_eq!(rows[1].origin, "row 2 (line 3)");
    }

    #[test]
    fn a_bad_csv_value_names_row_and_column() {
        let e = csv(b"key,value\na,1\nb,12%\n").unwrap_err();
        assert_eq!(e.0, "row 2 (line 3), column 2 `value`: `12%` is not a number");
        let e = csv(b"key,value\na\n").unwrap_err();
        assert_eq!(e.0, "row 1 (line 2), column 2 `value`: the value is empty");
        let e = csv(b"name,amount\na,1\n").unwrap_err();
        assert!(e.0.contains("must name the columns `key` and `value`") && e.0.contains("`name`, `amount`"), "{e}");
        assert_eq!(csv(b"key,value\n").unwrap(), vec![]);
    }

    #[test]
    fn json_arrays_of_objects() {
        let rows =
            json(br#"[{"key": "a", "value": 3, "date": "2026-11-30", "x": 1}, {"key": "b", "value": -0.5}]"#).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!((rows[1].key.as_str(), rows[1].value, rows[1].origin.as_str()), ("b", -0.5, "item 2"));
        let e = json(br#"[{"key": "a", "value": "12%"}]"#).unwrap_err();
        assert_eq!(e.0, "item 1, `value`: the text \"12%\" instead of a number");
        assert!(json(br#"{"key": "a"}"#).unwrap_err().0.contains("must be an array"));
        let e = json(b"[{\"key\": \"a\",\n \"value\": }]").unwrap_err();
        assert!(e.0.starts_with("not valid JSON (line 2, column"), "{e}");
    }
}
