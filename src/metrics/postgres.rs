//! PostgreSQL (`postgres_env`, SPEC §10): one query over a connection whose
//! URL comes from the environment.
//!
//! The client is `tokio-postgres` (the rust-postgres project, pure Rust)
//! on a one-thread runtime, so that one deadline covers connecting, the TLS
//! handshake, the login and the query; TLS is rustls. The query runs through
//! the simple query protocol, so every value arrives as text whatever its
//! type (`integer`, `double precision`, `numeric`, …) and is read as a
//! number here. The session is read-only (`default_transaction_read_only`)
//! and its `statement_timeout` is what is left of the deadline, so a slow
//! query is stopped by the server, not only abandoned by okr.
//!
//! TLS follows `sslmode` in the URL, as libpq reads it: none, `disable` or
//! `allow`: plain; `prefer`: TLS when the server offers it; `require`: TLS,
//! the certificate not checked (checked against `sslrootcert` when the URL
//! names one, as libpq does); `verify-ca`: the chain checked against
//! `sslrootcert` or the Mozilla roots; `verify-full`: the chain and the
//! host name.
//!
//! Secrets: no message names the URL, its user-and-password part or the
//! password, and login errors are okr's own words chosen by SQLSTATE, not
//! the server's text; whatever text does come from the driver or the server
//! passes [`Secrets::scrub`] first.

use super::{Row, SourceError};
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::client::WebPkiServerVerifier;
use rustls::crypto::CryptoProvider;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{CertificateError, DigitallySignedStruct, RootCertStore, SignatureScheme};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio_postgres::error::SqlState;
use tokio_postgres::{SimpleQueryMessage, SimpleQueryRow};

/// How long okr waits past the deadline for the server to report that it
/// stopped the query, before giving up on the connection itself.
const GRACE: Duration = Duration::from_secs(2);

/// `statement_timeout` is an `int` of milliseconds.
const MAX_TIMEOUT: Duration = Duration::from_millis(i32::MAX as u64);

/// Runs `query` on the database `url` names and returns its rows: columns
/// `key` (text) and `value` (a number of any type), optionally `date`.
/// Everything (connecting, TLS, login, the query) ends by `timeout`.
pub fn fetch(url: &str, query: &str, timeout: Duration) -> Result<Vec<Row>, SourceError> {
    let secrets = Secrets::of(url);
    fetch_unscrubbed(url, query, timeout).map_err(|message| SourceError(secrets.scrub(&message)))
}

fn fetch_unscrubbed(url: &str, query: &str, timeout: Duration) -> Result<Vec<Row>, String> {
    // The longest `statement_timeout` PostgreSQL takes (about 24 days); it
    // also keeps the deadline arithmetic below from overflowing.
    let timeout = timeout.min(MAX_TIMEOUT);
    let target = Target::parse(url)?;
    let mut config = target.config;
    config.connect_timeout(timeout);
    if config.get_application_name().is_none() {
        config.application_name("okr sync");
    }
    let tls = tokio_postgres_rustls::MakeRustlsConnect::new(target.tls.client_config()?);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the PostgreSQL client: {e}"))?;
    let deadline = Instant::now() + timeout;
    let session = async {
        let (client, connection) = config.connect(tls).await.map_err(|e| explain(&e, Stage::Connect, timeout))?;
        // The connection does the talking; it ends when `client` is dropped.
        let talking = tokio::spawn(connection);
        let left = deadline.saturating_duration_since(Instant::now()).max(Duration::from_millis(1));
        let setup = format!(
            "SET statement_timeout = {}; SET default_transaction_read_only = on; \
             SET DateStyle = 'ISO, YMD'; SET extra_float_digits = 3",
            left.as_millis()
        );
        client.batch_execute(&setup).await.map_err(|e| explain(&e, Stage::Query, timeout))?;
        let messages = client.simple_query(query).await.map_err(|e| explain(&e, Stage::Query, timeout))?;
        drop(client);
        talking.abort();
        rows(messages)
    };
    match runtime.block_on(async { tokio::time::timeout(timeout + GRACE, session).await }) {
        Ok(result) => result,
        Err(_) => Err(format!("timed out after {}: no answer from the server", seconds(timeout))),
    }
}

/// Where a failure happened, for its wording.
#[derive(Clone, Copy)]
enum Stage {
    Connect,
    Query,
}

/// A driver error in okr's words. Login refusals are named by their SQLSTATE
/// (the server's text would quote the user and the database); query errors
/// keep the server's message, which names the query's mistake.
fn explain(e: &tokio_postgres::Error, stage: Stage, timeout: Duration) -> String {
    if let Some(db) = e.as_db_error() {
        let code = db.code();
        if *code == SqlState::QUERY_CANCELED {
            return format!("timed out after {}: the server stopped the query", seconds(timeout));
        }
        return match stage {
            Stage::Connect => format!("could not connect: {} (SQLSTATE {})", refusal(code), code.code()),
            Stage::Query => format!("the query failed: {} (SQLSTATE {})", db.message(), code.code()),
        };
    }
    let mut causes = Vec::new();
    let mut timed_out = false;
    let mut source: Option<&(dyn std::error::Error + 'static)> = std::error::Error::source(e);
    while let Some(s) = source {
        if s.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::TimedOut) {
            timed_out = true;
        }
        causes.push(s.to_string());
        source = s.source();
    }
    if timed_out {
        return format!("timed out after {}: could not connect to the server", seconds(timeout));
    }
    let mut text = e.to_string();
    for cause in causes {
        text.push_str(": ");
        text.push_str(&cause);
    }
    match stage {
        Stage::Connect => format!("could not connect: {text}"),
        Stage::Query => format!("the query failed: {text}"),
    }
}

/// Why the server refused a login, without its text.
fn refusal(code: &SqlState) -> &'static str {
    match code {
        c if *c == SqlState::INVALID_PASSWORD => "password authentication failed (check the user and password)",
        c if *c == SqlState::INVALID_AUTHORIZATION_SPECIFICATION => {
            "the server's access rules refuse this user, database or address \
             (if the server requires TLS, add sslmode=require to the URL)"
        }
        c if *c == SqlState::INVALID_CATALOG_NAME => "the database does not exist",
        c if *c == SqlState::TOO_MANY_CONNECTIONS => "the server has too many connections",
        c if *c == SqlState::CANNOT_CONNECT_NOW => "the server is starting or stopping",
        _ => "the server refused the connection",
    }
}

/// A duration as a message shows it: `60 s`, `0.5 s`.
fn seconds(d: Duration) -> String {
    format!("{} s", d.as_secs_f64())
}

/// The rows of a query's result: every result set must have `key` and
/// `value` columns; rows are numbered from 1 across them.
fn rows(messages: Vec<SimpleQueryMessage>) -> Result<Vec<Row>, String> {
    let mut out = Vec::new();
    let mut columns: Option<Columns> = None;
    for message in messages {
        match message {
            SimpleQueryMessage::RowDescription(names) => {
                columns = Some(Columns::find(names.iter().map(|c| c.name()))?);
            }
            SimpleQueryMessage::Row(row) => {
                let found = match &columns {
                    Some(c) => c.clone(),
                    None => Columns::find(row.columns().iter().map(|c| c.name()))?,
                };
                out.push(read_row(&row, &found, out.len() + 1)?);
            }
            _ => {}
        }
    }
    if columns.is_none() && out.is_empty() {
        return Err("the query returned no result: a SELECT with columns `key` and `value` is expected".into());
    }
    Ok(out)
}

/// Where `key`, `value` and `date` are in a result set.
#[derive(Clone)]
struct Columns {
    key: usize,
    value: usize,
    date: Option<usize>,
}

impl Columns {
    fn find<'a>(names: impl Iterator<Item = &'a str>) -> Result<Columns, String> {
        let names: Vec<&str> = names.collect();
        let one = |wanted: &str| -> Result<Option<usize>, String> {
            let mut at = names.iter().enumerate().filter(|(_, n)| **n == wanted).map(|(i, _)| i);
            match (at.next(), at.next()) {
                (Some(_), Some(_)) => Err(format!("the query's result has two columns named `{wanted}`")),
                (found, _) => Ok(found),
            }
        };
        let missing = |wanted: &str| {
            let list: Vec<String> = names.iter().map(|n| format!("`{}`", shown(n))).collect();
            let list = if list.is_empty() { "none".to_string() } else { list.join(", ") };
            format!("the query's result has no column `{wanted}` (its columns: {list})")
        };
        Ok(Columns {
            key: one("key")?.ok_or_else(|| missing("key"))?,
            value: one("value")?.ok_or_else(|| missing("value"))?,
            date: one("date")?,
        })
    }
}

fn read_row(row: &SimpleQueryRow, columns: &Columns, number: usize) -> Result<Row, String> {
    let origin = format!("row {number}");
    let cell = |index: usize| row.try_get(index).map_err(|e| format!("{origin}: {e}"));
    let key = match cell(columns.key)? {
        None => return Err(format!("{origin}, column `key`: NULL where a KR ref or metric name is expected")),
        Some(k) if k.trim().is_empty() => return Err(format!("{origin}, column `key`: the key is empty")),
        Some(k) => k.trim().to_string(),
    };
    let value = match cell(columns.value)? {
        None => return Err(format!("{origin}, column `value`: NULL where a number is expected")),
        Some(v) => super::value(v, &format!("{origin}, column `value`")).map_err(|e| e.0)?,
    };
    let date = match columns.date {
        None => None,
        Some(index) => match cell(index)? {
            None => None,
            Some(d) => super::date(d, &format!("{origin}, column `date`")).map_err(|e| e.0)?,
        },
    };
    Ok(Row { key, value, date, origin })
}

/// A cell's text for a message: at most 40 characters.
fn shown(text: &str) -> String {
    let mut out: String = text.chars().take(40).collect();
    if text.chars().count() > 40 {
        out.push('…');
    }
    out
}

/// What `sslmode` asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SslMode {
    Disable,
    Prefer,
    Require,
    VerifyCa,
    VerifyFull,
}

/// The TLS part of a connection: the mode and the root certificate file.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Tls {
    mode: SslMode,
    root_cert: Option<String>,
}

/// A parsed URL: the driver's configuration (without the TLS options it
/// does not know) and the TLS settings okr applies itself.
struct Target {
    config: tokio_postgres::Config,
    tls: Tls,
}

impl Target {
    fn parse(url: &str) -> Result<Target, String> {
        let url = url.trim();
        if url.is_empty() {
            return Err("the connection URL is empty".into());
        }
        let Some(rest) = strip_scheme(url) else {
            return Err("the connection URL does not start with postgres:// or postgresql://".into());
        };
        let scheme = &url[..url.len() - rest.len()];
        // Credentials end at the first `@` (as the driver reads them); the
        // options start at the first `?` after that.
        let after_credentials = rest.find('@').map_or(0, |at| at + 1);
        let (base, options) = match rest[after_credentials..].find('?') {
            Some(q) => (&rest[..after_credentials + q], Some(&rest[after_credentials + q + 1..])),
            None => (rest, None),
        };
        let mut tls = Tls { mode: SslMode::Disable, root_cert: None };
        let mut kept = Vec::new();
        for pair in options.unwrap_or("").split('&').filter(|p| !p.is_empty()) {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            let value = percent_encoding::percent_decode_str(value).decode_utf8_lossy();
            match key {
                "sslmode" => {
                    tls.mode = match &*value {
                        "disable" | "allow" => SslMode::Disable,
                        "prefer" => SslMode::Prefer,
                        "require" => SslMode::Require,
                        "verify-ca" => SslMode::VerifyCa,
                        "verify-full" => SslMode::VerifyFull,
                        other => {
                            return Err(format!(
                                "sslmode={} is not one of disable, allow, prefer, require, verify-ca, verify-full",
                                shown(other)
                            ))
                        }
                    }
                }
                "sslrootcert" => tls.root_cert = Some(value.into_owned()),
                "sslcert" | "sslkey" | "sslpassword" => {
                    return Err(format!("{key}: client certificates are not supported; use a password"))
                }
                _ => kept.push(pair),
            }
        }
        let mut driver_url = format!("{scheme}{base}");
        if !kept.is_empty() {
            driver_url.push('?');
            driver_url.push_str(&kept.join("&"));
        }
        let mut config: tokio_postgres::Config =
            driver_url.parse().map_err(|e: tokio_postgres::Error| match std::error::Error::source(&e) {
                Some(why) => format!("the connection URL is not valid: {why}"),
                None => "the connection URL is not valid".to_string(),
            })?;
        config.ssl_mode(match tls.mode {
            SslMode::Disable => tokio_postgres::config::SslMode::Disable,
            SslMode::Prefer => tokio_postgres::config::SslMode::Prefer,
            _ => tokio_postgres::config::SslMode::Require,
        });
        Ok(Target { config, tls })
    }
}

fn strip_scheme(url: &str) -> Option<&str> {
    url.strip_prefix("postgres://").or_else(|| url.strip_prefix("postgresql://"))
}

impl Tls {
    /// The rustls configuration for this mode (unused when TLS is off).
    fn client_config(&self) -> Result<rustls::ClientConfig, String> {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let builder = rustls::ClientConfig::builder_with_provider(provider.clone())
            .with_safe_default_protocol_versions()
            .map_err(|e| format!("cannot set up TLS: {e}"))?;
        // libpq: `require` with a root certificate checks the chain as `verify-ca` does.
        let mode = match (self.mode, &self.root_cert) {
            (SslMode::Require, Some(_)) => SslMode::VerifyCa,
            (mode, _) => mode,
        };
        let verifier: Arc<dyn ServerCertVerifier> = match mode {
            SslMode::Disable | SslMode::Prefer | SslMode::Require => Arc::new(Unverified(provider)),
            SslMode::VerifyCa | SslMode::VerifyFull => {
                let roots = self.roots()?;
                let webpki = WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider)
                    .build()
                    .map_err(|e| format!("cannot set up TLS: {e}"))?;
                if mode == SslMode::VerifyFull {
                    webpki
                } else {
                    Arc::new(ChainOnly(webpki))
                }
            }
        };
        Ok(builder.dangerous().with_custom_certificate_verifier(verifier).with_no_client_auth())
    }

    /// The trust anchors: the `sslrootcert` file's certificates, else the
    /// Mozilla roots.
    fn roots(&self) -> Result<RootCertStore, String> {
        let Some(path) = &self.root_cert else {
            return Ok(RootCertStore { roots: webpki_roots::TLS_SERVER_ROOTS.to_vec() });
        };
        let certs = CertificateDer::pem_file_iter(path)
            .and_then(|certs| certs.collect::<Result<Vec<_>, _>>())
            .map_err(|e| format!("cannot read the root certificates of sslrootcert ({}): {e}", shown(path)))?;
        let mut roots = RootCertStore::empty();
        let (_, unusable) = roots.add_parsable_certificates(certs);
        if roots.is_empty() {
            return Err(format!(
                "sslrootcert ({}) holds no usable certificate ({unusable} could not be read)",
                shown(path)
            ));
        }
        Ok(roots)
    }
}

/// `prefer` and `require`: encrypted, the certificate not checked (libpq's
/// meaning of these modes); the handshake's signatures still are.
#[derive(Debug)]
struct Unverified(Arc<CryptoProvider>);

impl ServerCertVerifier for Unverified {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.0.signature_verification_algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.0.signature_verification_algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}

/// `verify-ca`: the chain checked against the roots, the host name not.
#[derive(Debug)]
struct ChainOnly(Arc<WebPkiServerVerifier>);

impl ServerCertVerifier for ChainOnly {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        // The chain is checked before the name, so a name error means the chain passed.
        match self.0.verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now) {
            Err(rustls::Error::InvalidCertificate(
                CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. },
            )) => Ok(ServerCertVerified::assertion()),
            other => other,
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.0.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.0.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.supported_verify_schemes()
    }
}

/// The parts of a connection URL no message may show: the URL itself, its
/// user-and-password part, and the password (as written and decoded, from
/// the credentials or a `password=` option).
struct Secrets(Vec<String>);

impl Secrets {
    fn of(url: &str) -> Secrets {
        let url = url.trim();
        let mut secrets = vec![url.to_string()];
        let mut passwords: Vec<&str> = Vec::new();
        if let Some(rest) = strip_scheme(url) {
            if let Some(at) = rest.find('@') {
                let credentials = &rest[..at];
                if let Some((_, pass)) = credentials.split_once(':') {
                    passwords.push(pass);
                    secrets.push(credentials.to_string());
                }
            }
            if let Some((_, options)) = rest.split_once('?') {
                passwords.extend(options.split('&').filter_map(|pair| pair.strip_prefix("password=")));
            }
        } else {
            // Not a URL (perhaps `host=… password=…`): whatever follows `password=`.
            for (at, _) in url.match_indices("password=") {
                let tail = &url[at + "password=".len()..];
                let end = match tail.strip_prefix('\'') {
                    Some(quoted) => quoted.find('\'').map_or(tail.len(), |e| e + 2),
                    None => tail.find(char::is_whitespace).unwrap_or(tail.len()),
                };
                passwords.push(tail[..end].trim_matches('\''));
            }
        }
        for raw in passwords {
            secrets.push(raw.to_string());
            secrets.push(percent_encoding::percent_decode_str(raw).decode_utf8_lossy().into_owned());
        }
        secrets.retain(|s| !s.is_empty());
        // Longest first, so that a URL is replaced whole before its parts.
        secrets.sort_by_key(|s| std::cmp::Reverse(s.len()));
        secrets.dedup();
        Secrets(secrets)
    }

    /// `text` with every secret replaced by `***`.
    fn scrub(&self, text: &str) -> String {
        let mut out = text.to_string();
        for secret in &self.0 {
            out = out.replace(secret.as_str(), "***");
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_cover_the_url_its_credentials_and_the_password_as_written_and_decoded() {
        let s = Secrets::of("postgres://reader:p%40ss%2Fw0rd@db.example.com:5432/metrics?sslmode=require");
        let leak = "postgres://reader:p%40ss%2Fw0rd@db.example.com:5432/metrics?sslmode=require \
                    reader:p%40ss%2Fw0rd p@ss/w0rd p%40ss%2Fw0rd";
        let scrubbed = s.scrub(leak);
        assert_eq!(scrubbed, "*** *** *** ***");
        // The user alone, the host and the database are not secrets.
        assert_eq!(
            s.scrub("user reader on db.example.com, database metrics"),
            "user reader on db.example.com, database metrics"
        );
    }

    #[test]
    fn a_password_option_and_a_key_value_string_are_secrets_too() {
        let s = Secrets::of("postgresql://db.example.com/metrics?user=r&password=hunter22");
        assert_eq!(s.scrub("it was hunter22"), "it was ***");
        let s = Secrets::of("host=db password='not a url' user=r");
        assert!(!s.scrub("host=db password='not a url' user=r").contains("not a url"));
        let s = Secrets::of("host=db password=kv-secret user=r");
        assert_eq!(s.scrub("kv-secret!"), "***!");
    }

    #[test]
    fn the_tls_options_are_okrs_and_the_rest_goes_to_the_driver() {
        let t =
            Target::parse("postgres://u:p@h:6543/d?sslmode=verify-full&sslrootcert=%2Fetc%2Fca.pem&connect_timeout=3")
                .unwrap();
        assert_eq!(t.tls, Tls { mode: SslMode::VerifyFull, root_cert: Some("/etc/ca.pem".into()) });
        assert_eq!(t.config.get_dbname(), Some("d"));
        assert_eq!(t.config.get_ports(), &[6543]);
        assert_eq!(t.config.get_password(), Some(&b"p"[..]));
        assert_eq!(t.config.get_ssl_mode(), tokio_postgres::config::SslMode::Require);
        // No sslmode: plain, whatever the driver's own default is.
        let t = Target::parse("postgresql://u@h/d").unwrap();
        assert_eq!(t.tls.mode, SslMode::Disable);
        assert_eq!(t.config.get_ssl_mode(), tokio_postgres::config::SslMode::Disable);
        // A `?` inside the password is not where the options start.
        let t = Target::parse("postgres://u:pa?ss@h/d?sslmode=prefer").unwrap();
        assert_eq!(t.config.get_password(), Some(&b"pa?ss"[..]));
        assert_eq!(t.tls.mode, SslMode::Prefer);
    }

    #[test]
    fn bad_urls_are_refused_without_echoing_them() {
        let no_url = |u: &str| Target::parse(u).err().unwrap();
        assert_eq!(no_url(""), "the connection URL is empty");
        assert_eq!(
            no_url("mysql://u:secret@h/d"),
            "the connection URL does not start with postgres:// or postgresql://"
        );
        assert!(no_url("postgres://u:secret@h/d?sslmode=sometimes").starts_with("sslmode=sometimes is not one of"));
        assert_eq!(
            no_url("postgres://u:secret@h/d?colour=blue"),
            "the connection URL is not valid: unknown option `colour`"
        );
        assert!(no_url("postgres://u:secret@h/d?sslcert=a.pem").contains("client certificates are not supported"));
    }

    #[test]
    fn any_timeout_is_taken_without_overflow() {
        // Port 1: nobody listens, so the answer comes at once.
        for timeout in [Duration::MAX, Duration::from_secs(u64::MAX / 2), Duration::ZERO] {
            let e = fetch("postgres://u:pw@127.0.0.1:1/d", "select 1", timeout).unwrap_err();
            assert!(e.0.starts_with("could not connect") || e.0.starts_with("timed out"), "{timeout:?}: {e}");
        }
    }

    #[test]
    fn columns_are_found_by_name_and_a_missing_or_doubled_one_is_named() {
        let c = Columns::find(["value", "date", "key"].into_iter()).unwrap();
        assert_eq!((c.key, c.value, c.date), (2, 0, Some(1)));
        assert_eq!(
            Columns::find(["k", "value"].into_iter()).err().unwrap(),
            "the query's result has no column `key` (its columns: `k`, `value`)"
        );
        assert_eq!(
            Columns::find(["key", "value", "value"].into_iter()).err().unwrap(),
            "the query's result has two columns named `value`"
        );
    }
}
