//! `okr sync`'s PostgreSQL connector (`okr::metrics::postgres::fetch`)
//! against a real server the tests start (`common::postgres`): values of
//! every numeric type, bad rows named by row and column, query and login
//! errors without secrets, the timeout stopping a slow query at the
//! server, and TLS by `sslmode`.

use crate::common::postgres::{server, Server, DATABASE, PASSWORD, USER};
use okr::metrics::postgres::fetch;
use okr::metrics::{Row, SourceError};
use std::net::TcpListener;
use std::time::Duration;

const TIMEOUT: Duration = Duration::from_secs(20);

fn rows(query: &str) -> Vec<Row> {
    fetch(&server().url(""), query, TIMEOUT).unwrap_or_else(|e| panic!("{query}: {e}"))
}

fn error(url: &str, query: &str) -> String {
    match fetch(url, query, TIMEOUT) {
        Ok(rows) => panic!("{query} read {rows:?}"),
        Err(SourceError(message)) => message,
    }
}

/// The message names none of the URL, its credentials or the password.
#[track_caller]
fn assert_no_secret(message: &str, url: &str, password: &str) {
    assert!(!message.contains(url), "the URL leaked: {message}");
    assert!(!message.contains(password), "the password leaked: {message}");
    assert!(!message.contains(&format!("{USER}:")), "the credentials leaked: {message}");
}

fn row(key: &str, value: f64, date: Option<&str>, n: usize) -> Row {
    Row { key: key.into(), value, date: date.map(String::from), origin: format!("row {n}") }
}

#[test]
fn integer_float_and_numeric_values_are_read_as_numbers() {
    let got = rows(
        "select 'a' as key, 42::integer as value \
         union all select 'b', 9007199254740993::bigint \
         union all select 'c', 24.5::double precision \
         union all select 'd', 0.1::real \
         union all select 'e', 1234567.891::numeric(12,3) \
         union all select 'f', -7::smallint",
    );
    // A union has one type per column (here numeric), so each type is also read on its own.
    assert_eq!(got.len(), 6);
    assert_eq!(got[0], row("a", 42.0, None, 1));
    assert_eq!(got[4], row("e", 1234567.891, None, 5));
    assert_eq!(got[5], row("f", -7.0, None, 6));
    for (sql, value) in [
        ("42::integer", 42.0),
        ("9007199254740992::bigint", 9007199254740992.0),
        ("24.5::double precision", 24.5),
        ("0.1::double precision", 0.1),
        ("1e20::double precision", 1e20),
        ("0.25::real", 0.25),
        ("1234567.891::numeric", 1234567.891),
        ("(2::numeric / 3)", 2.0 / 3.0),
        ("-7::smallint", -7.0),
    ] {
        assert_eq!(rows(&format!("select 'kr' as key, {sql} as value")), [row("kr", value, None, 1)], "{sql}");
    }
}

#[test]
fn dates_keys_and_extra_columns() {
    let got = rows(
        "select ' 2026-Q1/growth/activation#rate ' as key, 3 as value, date '2026-03-01' as date, 'x' as note \
         union all select 'signups', 4, null, 'y' \
         union all select 'mrr', 5, date '2026-03-02', 'z'",
    );
    assert_eq!(
        got,
        [
            row("2026-Q1/growth/activation#rate", 3.0, Some("2026-03-01"), 1),
            row("signups", 4.0, None, 2),
            row("mrr", 5.0, Some("2026-03-02"), 3),
        ]
    );
    // A timestamp is cut to its day, whatever DateStyle the server or the URL sets.
    let got = fetch(
        &server().url("options=-c%20DateStyle%3DSQL%2CDMY"),
        "select 'k' as key, 1 as value, timestamp '2026-03-05 23:00:00' as date",
        TIMEOUT,
    )
    .unwrap();
    assert_eq!(got, [row("k", 1.0, Some("2026-03-05"), 1)]);
    // No rows is no values, not an error.
    assert_eq!(rows("select 'k' as key, 1 as value where false"), []);
}

#[test]
fn a_null_or_a_text_value_is_named_by_row_and_column() {
    let url = server().url("");
    assert_eq!(
        error(&url, "select 'a' as key, 1 as value union all select 'b', null"),
        "row 2, column `value`: NULL where a number is expected"
    );
    assert_eq!(
        error(&url, "select 'a' as key, '1' as value union all select 'b', 'twelve'"),
        "row 2, column `value`: `twelve` is not a number"
    );
    assert_eq!(
        error(&url, "select 'a' as key, 'NaN'::float8 as value"),
        "row 1, column `value`: `NaN` is not a number"
    );
    assert_eq!(error(&url, "select 'a' as key, true as value"), "row 1, column `value`: `t` is not a number");
    assert_eq!(
        error(&url, "select 'a' as key, 1 as value union all select null, 2"),
        "row 2, column `key`: NULL where a KR ref or metric name is expected"
    );
    assert_eq!(
        error(&url, "select 'a' as key, 1 as value, 'soon' as date"),
        "row 1, column `date`: `soon` is not a date (write YYYY-MM-DD)"
    );
}

#[test]
fn a_missing_key_or_value_column_is_named() {
    let url = server().url("");
    assert_eq!(
        error(&url, "select 'a' as metric, 1 as value"),
        "the query's result has no column `key` (its columns: `metric`, `value`)"
    );
    assert_eq!(
        error(&url, "select 'a' as key, 1 as amount where false"),
        "the query's result has no column `value` (its columns: `key`, `amount`)",
        "checked on the columns even without rows"
    );
    assert_eq!(
        error(&url, "select 1 as key, 2 as value, 3 as value"),
        "the query's result has two columns named `value`"
    );
    assert!(error(&url, "set work_mem = '8MB'").starts_with("the query returned no result"));
}

#[test]
fn a_query_error_keeps_the_servers_reason_and_no_secret() {
    let url = server().url("");
    let message = error(&url, "select key, value from okr_no_such_table");
    assert_eq!(message, "the query failed: relation \"okr_no_such_table\" does not exist (SQLSTATE 42P01)");
    assert_no_secret(&message, &url, PASSWORD);
    // The server quotes what the query names; when that is the password, it is hidden.
    let message = error(&url, &format!("select key, value from \"{PASSWORD}\""));
    assert_eq!(message, "the query failed: relation \"***\" does not exist (SQLSTATE 42P01)");
    let message = error(&url, "select 'a' as key, 1/0 as value");
    assert_eq!(message, "the query failed: division by zero (SQLSTATE 22012)");
}

#[test]
fn the_session_is_read_only() {
    let s = server();
    s.admin_sql(
        "CREATE TABLE IF NOT EXISTS okr_read_only_probe (n int); GRANT ALL ON okr_read_only_probe TO okr_reader",
    );
    let message = error(&s.url(""), "insert into okr_read_only_probe values (1) returning 'k' as key, n as value");
    assert_eq!(message, "the query failed: cannot execute INSERT in a read-only transaction (SQLSTATE 25006)");
    assert_eq!(s.admin_sql("SELECT count(*) FROM okr_read_only_probe"), "0");
}

#[test]
fn a_wrong_password_is_reported_without_secrets() {
    let s = server();
    let wrong = "Wr0ng-pw-5ee1b";
    let url = s.url_for(USER, wrong, "127.0.0.1", DATABASE, "");
    let message = error(&url, "select 'k' as key, 1 as value");
    assert_eq!(
        message,
        "could not connect: password authentication failed (check the user and password) (SQLSTATE 28P01)"
    );
    assert_no_secret(&message, &url, wrong);
    // A password that needs escaping in the URL, hidden as written and decoded.
    let url = s.url_for(USER, "p%40ss%3Aw%2Frd", "127.0.0.1", DATABASE, "");
    let message = error(&url, "select 'k' as key, 1 as value");
    assert_no_secret(&message, &url, "p@ss:w/rd");
    assert_no_secret(&message, &url, "p%40ss%3Aw%2Frd");
}

#[test]
fn a_wrong_database_is_reported_without_secrets() {
    let s = server();
    let url = s.url_for(USER, PASSWORD, "127.0.0.1", "okr_no_such_db", "");
    let message = error(&url, "select 'k' as key, 1 as value");
    assert_eq!(message, "could not connect: the database does not exist (SQLSTATE 3D000)");
    assert_no_secret(&message, &url, PASSWORD);
    // The server's own message would name the database: here it is the password.
    let url = s.url_for(USER, PASSWORD, "127.0.0.1", PASSWORD, "");
    let message = error(&url, "select 'k' as key, 1 as value");
    assert_eq!(message, "could not connect: the database does not exist (SQLSTATE 3D000)");
    assert_no_secret(&message, &url, PASSWORD);
}

#[test]
fn nobody_listening_and_bad_urls_are_reported_without_secrets() {
    let port = {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let url = format!("postgres://{USER}:{PASSWORD}@127.0.0.1:{port}/{DATABASE}");
    let message = error(&url, "select 1");
    assert!(message.starts_with("could not connect: "), "{message}");
    assert!(message.to_lowercase().contains("refused"), "{message}");
    assert_no_secret(&message, &url, PASSWORD);
    for (url, expected) in [
        (format!("{USER}:{PASSWORD}@127.0.0.1/{DATABASE}"), "does not start with postgres://"),
        (format!("host=127.0.0.1 password={PASSWORD}"), "does not start with postgres://"),
        (format!("postgres://{USER}:{PASSWORD}@127.0.0.1/{DATABASE}?sslmode=always"), "sslmode=always is not one of"),
        (format!("postgres://{USER}:{PASSWORD}@127.0.0.1/{DATABASE}?colour=blue"), "unknown option `colour`"),
    ] {
        let message = error(&url, "select 1");
        assert!(message.contains(expected), "{message}");
        assert_no_secret(&message, &url, PASSWORD);
    }
}

#[test]
fn a_slow_query_is_stopped_at_the_server() {
    let s = server();
    let message = error_within(&s.url(""), "select 'k' as key, pg_sleep(30)::text as value", Duration::from_secs(1));
    assert_eq!(message, "timed out after 1 s: the server stopped the query");
    // Stopped there, not only abandoned: no session still sleeps.
    let sleeping = s.admin_sql("SELECT count(*) FROM pg_stat_activity WHERE query LIKE '%pg_sleep(30)%' AND state = 'active' AND pid <> pg_backend_pid()");
    assert_eq!(sleeping, "0");
}

#[test]
fn a_server_that_never_answers_times_out() {
    // Accepts connections (the kernel does) and never says a word.
    let silent = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = silent.local_addr().unwrap().port();
    let url = format!("postgres://{USER}:{PASSWORD}@127.0.0.1:{port}/{DATABASE}");
    let message = error_within(&url, "select 1", Duration::from_millis(500));
    assert_eq!(message, "timed out after 0.5 s: no answer from the server");
    drop(silent);
}

fn error_within(url: &str, query: &str, timeout: Duration) -> String {
    match fetch(url, query, timeout) {
        Ok(rows) => panic!("{query} read {rows:?}"),
        Err(SourceError(message)) => message,
    }
}

/// 1 when the session is encrypted, else 0.
const TLS_QUERY: &str =
    "select 'tls' as key, case when ssl then 1 else 0 end as value from pg_stat_ssl where pid = pg_backend_pid()";

fn tls_used(s: &Server, host: &str, options: &str) -> Result<bool, String> {
    let url = s.url_for(USER, PASSWORD, host, DATABASE, options);
    match fetch(&url, TLS_QUERY, TIMEOUT) {
        Ok(rows) => Ok(rows[0].value == 1.0),
        Err(SourceError(message)) => {
            assert_no_secret(&message, &url, PASSWORD);
            Err(message)
        }
    }
}

#[test]
fn tls_follows_sslmode() {
    let s = server();
    let ca = format!("sslrootcert={}", s.ca_cert().display());
    assert_eq!(tls_used(s, "127.0.0.1", ""), Ok(false), "no sslmode: plain");
    assert_eq!(tls_used(s, "127.0.0.1", "sslmode=disable"), Ok(false));
    assert_eq!(tls_used(s, "127.0.0.1", "sslmode=prefer"), Ok(true));
    // `require` encrypts without checking the (self-made) certificate, as libpq does.
    assert_eq!(tls_used(s, "127.0.0.1", "sslmode=require"), Ok(true));
    // `verify-full`: the test CA and the name the certificate is for.
    assert_eq!(tls_used(s, "localhost", &format!("sslmode=verify-full&{ca}")), Ok(true));
    // … not the Mozilla roots, which never signed it,
    let message = tls_used(s, "localhost", "sslmode=verify-full").unwrap_err();
    assert!(message.contains("UnknownIssuer"), "{message}");
    // … nor another name than the certificate's;
    let message = tls_used(s, "127.0.0.1", &format!("sslmode=verify-full&{ca}")).unwrap_err();
    assert!(message.contains("not valid for name"), "{message}");
    // `verify-ca` checks the chain only, and `require` with a root certificate does the same.
    assert_eq!(tls_used(s, "127.0.0.1", &format!("sslmode=verify-ca&{ca}")), Ok(true));
    assert_eq!(tls_used(s, "127.0.0.1", &format!("sslmode=require&{ca}")), Ok(true));
    let message = tls_used(s, "127.0.0.1", "sslmode=verify-ca").unwrap_err();
    assert!(message.contains("UnknownIssuer"), "{message}");
    // A root certificate file that is not there.
    let message = tls_used(s, "localhost", "sslmode=verify-full&sslrootcert=/nonexistent/ca.pem").unwrap_err();
    assert!(message.starts_with("cannot read the root certificates of sslrootcert (/nonexistent/ca.pem)"), "{message}");
}
