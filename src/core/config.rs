//! `okr.toml`: every key optional, unknown keys are errors.

use crate::core::codes::{self, Kind};
use crate::core::diagnostic::{Diagnostic, Severity};
use crate::core::error::Fatal;
use crate::core::suggest;
use crate::core::text::LineIndex;
use serde::Deserialize;
use std::collections::BTreeMap;

pub const FILE_NAME: &str = "okr.toml";

/// The level a rule is set to in `[check.rules]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Off,
    On(Severity),
}

#[derive(Debug, Clone, PartialEq)]
pub struct CheckConfig {
    pub max_key_results: usize,
    pub max_key_results_per_team: usize,
    /// Input KRs per objective: they are the plan, counted apart from the outcomes.
    pub max_input_metrics: usize,
    pub similarity: f64,
    pub stale_after_days: u32,
    pub entrenched_after_quarters: u32,
    pub company_team: String,
    pub rules: BTreeMap<String, Level>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// The OKR root relative to the project root, `/`-separated, no trailing `/`.
    pub root: String,
    pub fiscal_year_start_month: u8,
    /// Folder of objective templates relative to the project root, if set;
    /// unset, `okr new` uses `templates/` for the types it has a file for.
    pub templates: Option<String>,
    pub check: CheckConfig,
    /// `[sources.NAME]`: where `okr sync` reads values (SPEC §10), by name.
    pub sources: Vec<Source>,
    /// `[people]`: owner names (as the OKR files write them) to GitHub
    /// logins, for the mentions of the weekly review issue.
    pub people: BTreeMap<String, String>,
}

/// One metric source of `okr sync`, as `[sources.NAME]` declares it.
#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    pub name: String,
    pub kind: SourceKind,
    /// Seconds the source may take before it is stopped (default 60).
    pub timeout_s: u64,
}

/// Where a source reads from. Paths are project-relative, `/`-separated
/// and stay inside the project.
#[derive(Debug, Clone, PartialEq)]
pub enum SourceKind {
    /// A SQLite database file and the query to run on it.
    Sqlite { path: String, query: String },
    /// A PostgreSQL database whose URL is in the environment variable `var`.
    Postgres { var: String, query: String },
    /// A CSV file, or a JSON file (`.json`): an array of `{key, value, date}`.
    File { path: String },
    /// A program and its arguments, run without a shell; stdout is CSV.
    Command { argv: Vec<String> },
}

impl SourceKind {
    /// The key that declares this kind in okr.toml.
    pub fn key(&self) -> &'static str {
        match self {
            SourceKind::Sqlite { .. } => "sqlite",
            SourceKind::Postgres { .. } => "postgres_env",
            SourceKind::File { .. } => "csv",
            SourceKind::Command { .. } => "command",
        }
    }
}

/// The default of `timeout_s`.
pub const DEFAULT_TIMEOUT_S: u64 = 60;
/// The longest `timeout_s` accepted: a day.
const MAX_TIMEOUT_S: i64 = 86_400;

impl Default for Config {
    fn default() -> Config {
        Config {
            root: "okrs".into(),
            fiscal_year_start_month: 1,
            templates: None,
            check: CheckConfig {
                max_key_results: 5,
                max_key_results_per_team: 15,
                max_input_metrics: 10,
                similarity: 0.85,
                stale_after_days: 14,
                entrenched_after_quarters: 3,
                company_team: "company".into(),
                rules: BTreeMap::new(),
            },
            sources: Vec::new(),
            people: BTreeMap::new(),
        }
    }
}

impl Config {
    /// The level of a quality rule: configured, else its default.
    pub fn level(&self, rule: &str, default: Severity) -> Level {
        self.check.rules.get(rule).copied().unwrap_or(Level::On(default))
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    root: Option<toml::Spanned<String>>,
    fiscal_year_start_month: Option<toml::Spanned<i64>>,
    templates: Option<String>,
    check: Option<RawCheck>,
    people: Option<BTreeMap<toml::Spanned<String>, toml::Spanned<String>>>,
    sources: Option<BTreeMap<toml::Spanned<String>, toml::Spanned<RawSource>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSource {
    sqlite: Option<toml::Spanned<String>>,
    postgres_env: Option<toml::Spanned<String>>,
    csv: Option<toml::Spanned<String>>,
    command: Option<toml::Spanned<Vec<String>>>,
    query: Option<toml::Spanned<String>>,
    timeout_s: Option<toml::Spanned<i64>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCheck {
    max_key_results: Option<toml::Spanned<i64>>,
    max_key_results_per_team: Option<toml::Spanned<i64>>,
    max_input_metrics: Option<toml::Spanned<i64>>,
    similarity: Option<toml::Spanned<f64>>,
    stale_after_days: Option<toml::Spanned<i64>>,
    entrenched_after_quarters: Option<toml::Spanned<i64>>,
    company_team: Option<String>,
    rules: Option<BTreeMap<toml::Spanned<String>, toml::Spanned<String>>>,
}

const TOP_KEYS: &[&str] = &["root", "fiscal_year_start_month", "templates", "check", "people", "sources"];
const SOURCE_KINDS: &[&str] = &["sqlite", "postgres_env", "csv", "command"];
const SOURCE_KEYS: &[&str] = &["sqlite", "postgres_env", "csv", "command", "query", "timeout_s"];
const CHECK_KEYS: &[&str] = &[
    "max_key_results",
    "max_key_results_per_team",
    "max_input_metrics",
    "similarity",
    "stale_after_days",
    "entrenched_after_quarters",
    "company_team",
    "rules",
];

// Long: one check per top-level key of okr.toml, each a few lines with its own message and span; splitting them would only pass `fail` and `index` around.
/// Parses the text of `okr.toml`. Errors carry the file position.
pub fn parse(text: &str) -> Result<Config, Fatal> {
    let index = LineIndex::new(text);
    let fail = |msg: String, span: std::ops::Range<usize>, hint: Option<String>| {
        let mut d = Diagnostic::error("config", msg).at(FILE_NAME, index.pos(span.start)).span_len(span.len());
        d.hint = hint.map(Into::into);
        Fatal::at(d, text.to_string())
    };
    let raw: Raw = toml::from_str(text).map_err(|e| {
        let span = e.span().unwrap_or(0..1);
        let mut msg = e.message().trim().to_string();
        if let Some(plain) = key_before(text, span.start).and_then(|key| plain_type_error(&msg, key)) {
            msg = plain;
        }
        let hint = unknown_key_hint(&msg);
        fail(msg, span, hint)
    })?;
    let mut c = Config::default();
    if let Some(root) = raw.root {
        let r = root.get_ref().trim_matches('/').to_string();
        if r.is_empty() || r.split('/').any(|s| s == ".." || s.is_empty()) || r.starts_with('/') {
            return Err(fail(
                format!("`root = \"{}\"` must be a folder inside the project", root.get_ref()),
                root.span(),
                None,
            ));
        }
        c.root = r;
    }
    if let Some(m) = raw.fiscal_year_start_month {
        if !(1..=12).contains(m.get_ref()) {
            return Err(fail(
                format!("`fiscal_year_start_month` is {}; it must be a month number from 1 to 12", m.get_ref()),
                m.span(),
                None,
            ));
        }
        c.fiscal_year_start_month = *m.get_ref() as u8;
    }
    c.templates = raw.templates;
    if let Some(check) = raw.check {
        let positive = |v: Option<toml::Spanned<i64>>, name: &str, default: usize| -> Result<usize, Fatal> {
            match v {
                None => Ok(default),
                Some(s) if *s.get_ref() >= 1 => Ok(*s.get_ref() as usize),
                Some(s) => Err(fail(format!("`{name}` is {}; it must be 1 or more", s.get_ref()), s.span(), None)),
            }
        };
        c.check.max_key_results = positive(check.max_key_results, "max_key_results", c.check.max_key_results)?;
        c.check.max_key_results_per_team =
            positive(check.max_key_results_per_team, "max_key_results_per_team", c.check.max_key_results_per_team)?;
        c.check.max_input_metrics = positive(check.max_input_metrics, "max_input_metrics", c.check.max_input_metrics)?;
        c.check.stale_after_days =
            positive(check.stale_after_days, "stale_after_days", c.check.stale_after_days as usize)? as u32;
        c.check.entrenched_after_quarters = positive(
            check.entrenched_after_quarters,
            "entrenched_after_quarters",
            c.check.entrenched_after_quarters as usize,
        )? as u32;
        if let Some(s) = check.similarity {
            if !(0.0..=1.0).contains(s.get_ref()) {
                return Err(fail(
                    format!("`similarity` is {}; it must be between 0 and 1", s.get_ref()),
                    s.span(),
                    Some("0.85 flags near-verbatim copies".into()),
                ));
            }
            c.check.similarity = *s.get_ref();
        }
        if let Some(t) = check.company_team {
            c.check.company_team = t;
        }
        for (name, level) in check.rules.unwrap_or_default() {
            let rule = match codes::find(name.get_ref()) {
                Some(r) => r,
                None => {
                    let hint = suggest::hint(name.get_ref(), codes::names())
                        .or_else(|| Some("`okr rules` lists the rule names".into()));
                    return Err(fail(format!("unknown rule `{}`", name.get_ref()), name.span(), hint));
                }
            };
            if rule.kind == Kind::Data {
                return Err(fail(
                    format!("`{}` is a data rule: it is always an error and cannot be configured", rule.name),
                    name.span(),
                    None,
                ));
            }
            let lv = match level.get_ref().as_str() {
                "off" => Level::Off,
                other => match Severity::parse(other) {
                    Some(s) => Level::On(s),
                    None => {
                        return Err(fail(
                            format!("`{other}` is not a rule level"),
                            level.span(),
                            Some("use \"error\", \"warn\", \"info\" or \"off\"".into()),
                        ))
                    }
                },
            };
            c.check.rules.insert(rule.name.to_string(), lv);
        }
    }
    // `[people]`: owner name -> GitHub login.
    for (name, login) in raw.people.unwrap_or_default() {
        if name.get_ref().trim().is_empty() {
            return Err(fail("an owner name in `[people]` is empty".into(), name.span(), None));
        }
        let handle = login.get_ref().strip_prefix('@').unwrap_or(login.get_ref());
        if !is_github_login(handle) {
            return Err(fail(
                format!("`{}` is not a GitHub login", login.get_ref().escape_debug()),
                login.span(),
                Some("write the login as on github.com: letters, digits and single hyphens, for example `sarah = \"sarah-gh\"`".into()),
            ));
        }
        c.people.insert(name.get_ref().clone(), handle.to_string());
    }
    for (name, raw) in raw.sources.unwrap_or_default() {
        c.sources.push(source(name, raw, &fail, &index)?);
    }
    Ok(c)
}

// Long: one check per key of a `[sources.NAME]` table, in the order the SPEC lists them; each is a few lines with its own message and span.
/// One `[sources.NAME]` table, checked: exactly one kind, a `query` where
/// the kind runs one (and only there), paths inside the project, a timeout
/// from 1 second to a day.
fn source(
    name: toml::Spanned<String>,
    raw: toml::Spanned<RawSource>,
    fail: &dyn Fn(String, std::ops::Range<usize>, Option<String>) -> Fatal,
    index: &LineIndex,
) -> Result<Source, Fatal> {
    let span = raw.span();
    let raw = raw.into_inner();
    let shown = name.get_ref().clone();
    if shown.is_empty() || !shown.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')) {
        return Err(fail(
            format!("`{shown}` is not a source name: use letters, digits, `-`, `_` and `.`"),
            name.span(),
            None,
        ));
    }
    let mut kinds: Vec<(&str, std::ops::Range<usize>)> = Vec::new();
    if let Some(v) = &raw.sqlite {
        kinds.push(("sqlite", v.span()));
    }
    if let Some(v) = &raw.postgres_env {
        kinds.push(("postgres_env", v.span()));
    }
    if let Some(v) = &raw.csv {
        kinds.push(("csv", v.span()));
    }
    if let Some(v) = &raw.command {
        kinds.push(("command", v.span()));
    }
    match kinds.as_slice() {
        [] | [_] => {}
        [(a, _), (b, second), ..] => {
            return Err(fail(
                format!("the source `{shown}` has two kinds, `{a}` and `{b}`; a source reads from one place"),
                second.clone(),
                Some("declare a second source for the other one".into()),
            ))
        }
    }
    let path = |v: &toml::Spanned<String>, key: &str| -> Result<String, Fatal> {
        let p = v.get_ref().replace('\\', "/");
        let inside = !p.is_empty() && !p.starts_with('/') && !p.contains(':') && p.split('/').all(|s| s != "..");
        if !inside {
            return Err(fail(
                format!(
                    "`{key} = \"{}\"` must be a file inside the project (a path relative to okr.toml)",
                    v.get_ref()
                ),
                v.span(),
                None,
            ));
        }
        Ok(p.trim_start_matches("./").to_string())
    };
    let needs_query = raw.sqlite.is_some() || raw.postgres_env.is_some();
    let query =
        match (&raw.query, needs_query) {
            (Some(q), true) if q.get_ref().trim().is_empty() => {
                return Err(fail(format!("the `query` of the source `{shown}` is empty"), q.span(), None))
            }
            (Some(q), true) => q.get_ref().clone(),
            (None, true) => return Err(fail(
                format!("the source `{shown}` has no `query`"),
                span,
                Some(
                    "add `query = \"select key, value from ...\"`: its rows must have the columns `key` and `value`"
                        .into(),
                ),
            )),
            (Some(q), false) => {
                return Err(fail(
                    format!(
                        "`query` is for `sqlite` and `postgres_env` sources; `{shown}` is a `{}` source",
                        kinds.first().map_or("csv", |k| k.0)
                    ),
                    q.span(),
                    None,
                ))
            }
            (None, false) => String::new(),
        };
    let kind = match (&raw.sqlite, &raw.postgres_env, &raw.csv, &raw.command) {
        (Some(v), ..) => SourceKind::Sqlite { path: path(v, "sqlite")?, query },
        (_, Some(v), ..) => {
            let var = v.get_ref();
            let valid = var.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
                && var.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
            if !valid {
                // Positioned, but without the quoted line: what is there may
                // be the URL itself, password included.
                let at = index.pos(v.span().start);
                return Err(Fatal::new(format!(
                    "{FILE_NAME}:{}:{}: `postgres_env` must name an environment variable (letters, digits and `_`), not hold the URL; put the URL in the variable, e.g. OKR_WAREHOUSE_URL",
                    at.line, at.column
                )));
            }
            SourceKind::Postgres { var: var.clone(), query }
        }
        (_, _, Some(v), _) => SourceKind::File { path: path(v, "csv")? },
        (_, _, _, Some(v)) => {
            if v.get_ref().first().is_none_or(|p| p.trim().is_empty()) {
                return Err(fail(
                    format!("the `command` of the source `{shown}` is empty: give the program and its arguments, e.g. [\"python3\", \"scripts/mrr.py\"]"),
                    v.span(),
                    None,
                ));
            }
            SourceKind::Command { argv: v.get_ref().clone() }
        }
        (None, None, None, None) => {
            return Err(fail(
                format!("the source `{shown}` does not say what it reads"),
                span,
                Some(format!(
                    "set one of {}",
                    SOURCE_KINDS.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")
                )),
            ))
        }
    };
    let timeout_s = match raw.timeout_s {
        None => DEFAULT_TIMEOUT_S,
        Some(t) if (1..=MAX_TIMEOUT_S).contains(t.get_ref()) => *t.get_ref() as u64,
        Some(t) => {
            return Err(fail(
                format!(
                    "`timeout_s` is {}; it must be a whole number of seconds from 1 to {MAX_TIMEOUT_S}",
                    t.get_ref()
                ),
                t.span(),
                None,
            ))
        }
    };
    Ok(Source { name: shown, kind, timeout_s })
}

/// A GitHub login: 1 to 39 ASCII letters, digits and single hyphens, not
/// starting or ending with a hyphen (so `@login` is a mention and nothing else).
pub fn is_github_login(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 39
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
        && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

/// The key of the `key = value` line holding byte `at`.
fn key_before(text: &str, at: usize) -> Option<&str> {
    let line_start = text.get(..at)?.rfind('\n').map_or(0, |i| i + 1);
    let (key, _) = text.get(line_start..at)?.split_once('=')?;
    Some(key.trim().trim_matches('"')).filter(|k| !k.is_empty())
}

/// serde's "invalid type: string \"x\", expected i64" in the words of the
/// file: "`stale_after_days` must be a whole number, not the string \"x\"".
fn plain_type_error(msg: &str, key: &str) -> Option<String> {
    let (found, expected) = msg.strip_prefix("invalid type: ")?.rsplit_once(", expected ")?;
    let expected = match expected {
        "i8" | "i16" | "i32" | "i64" | "u8" | "u16" | "u32" | "u64" | "usize" => "a whole number",
        "f32" | "f64" => "a number",
        "a string" => "text in quotes",
        other => other,
    };
    let found = match found.split_once(' ') {
        Some(("floating", rest)) => format!("the number {}", rest.trim_start_matches("point ").trim_matches('`')),
        Some(("integer", rest)) => format!("the integer {}", rest.split(" as ").next().unwrap_or(rest)),
        Some(("boolean", rest)) => rest.to_string(),
        _ if found == "sequence" => "a list".to_string(),
        _ if found == "map" => "a table".to_string(),
        _ => format!("the {found}"),
    };
    Some(format!("`{key}` must be {expected}, not {found}"))
}

fn unknown_key_hint(msg: &str) -> Option<String> {
    let key = msg.strip_prefix("unknown field `")?.split('`').next()?;
    if msg.contains("expected one of `sqlite`") {
        return suggest::did_you_mean(key, SOURCE_KEYS.iter().copied())
            .map(|s| format!("did you mean `{s}`?"))
            .or_else(|| {
                Some(format!(
                    "a source reads from one of {}, with `query` and `timeout_s` (docs/sources.md)",
                    SOURCE_KINDS.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")
                ))
            });
    }
    // A known key in the other table: say where it goes rather than
    // suggesting the very name the user wrote.
    let at_top = msg.contains("expected one of `root`");
    if at_top && CHECK_KEYS.contains(&key) {
        return Some(if key == "rules" {
            "`rules` belongs in the `[check]` table: write `[check.rules]`".to_string()
        } else {
            format!("`{key}` belongs in the `[check]` table: move it under `[check]`")
        });
    }
    if !at_top && TOP_KEYS.contains(&key) {
        return Some(format!("`{key}` belongs at the top of okr.toml, before any `[table]`"));
    }
    suggest::did_you_mean(key, TOP_KEYS.iter().chain(CHECK_KEYS).copied())
        .map(|s| format!("did you mean `{s}`?"))
        .or_else(|| Some("see docs/format.md for the keys of okr.toml".into()))
}

/// Parses `okr.toml` bytes (or defaults when absent), wherever they were
/// read: the working tree (`source`) or a revision (`git`).
pub fn from_bytes(bytes: Option<Vec<u8>>) -> Result<Config, Fatal> {
    match bytes {
        None => Ok(Config::default()),
        Some(b) => {
            let text = String::from_utf8(b).map_err(|_| Fatal::new(format!("{FILE_NAME}: not valid UTF-8")))?;
            parse(&text)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Type errors speak of numbers and text, not of Rust's integer types.
    #[test]
    fn type_errors_use_plain_words() {
        let msg = |t: &str| match parse(t) {
            Err(e) => e.to_string(),
            Ok(c) => panic!("parsed: {c:?}"),
        };
        let m = msg("[check]\nstale_after_days = \"x\"\n");
        assert!(m.contains("`stale_after_days` must be a whole number, not the string \"x\""), "{m}");
        assert!(!m.contains("i64"), "{m}");
        let m = msg("fiscal_year_start_month = 4.5\n");
        assert!(m.contains("`fiscal_year_start_month` must be a whole number, not the number 4.5"), "{m}");
        let m = msg("[check]\nsimilarity = \"high\"\n");
        assert!(m.contains("`similarity` must be a number, not the string \"high\""), "{m}");
        let m = msg("root = 3\n");
        assert!(m.contains("`root` must be text in quotes, not the integer `3`"), "{m}");
        let m = msg("root = [1]\n");
        assert!(m.contains("`root` must be text in quotes, not a list"), "{m}");
    }

    #[test]
    fn empty_file_gives_defaults() {
        assert_eq!(parse("").unwrap(), Config::default());
    }

    #[test]
    fn reads_every_key() {
        let c = parse(
            "root = \"goals/\"\nfiscal_year_start_month = 4\n[check]\nmax_key_results = 4\nmax_key_results_per_team = 12\nsimilarity = 0.9\nstale_after_days = 7\nentrenched_after_quarters = 2\ncompany_team = \"acme\"\n[check.rules]\noutput-kr = \"error\"\nno-parent = \"off\"\nlayer-mix = \"warning\"\n",
        )
        .unwrap();
        assert_eq!(c.root, "goals");
        assert_eq!(c.fiscal_year_start_month, 4);
        assert_eq!(c.check.max_key_results, 4);
        assert_eq!(c.check.similarity, 0.9);
        assert_eq!(c.check.company_team, "acme");
        assert_eq!(c.level("output-kr", Severity::Warning), Level::On(Severity::Error));
        assert_eq!(c.level("no-parent", Severity::Info), Level::Off);
        assert_eq!(c.level("layer-mix", Severity::Info), Level::On(Severity::Warning));
        assert_eq!(c.level("kr-count", Severity::Warning), Level::On(Severity::Warning));
    }

    fn err(text: &str) -> (String, String, Option<String>) {
        let e = parse(text).unwrap_err();
        let (d, _) = *e.diagnostic.unwrap();
        (d.pos.unwrap().to_string(), d.message, d.hint.map(String::from))
    }

    #[test]
    fn unknown_keys_are_errors_with_a_suggestion() {
        let (pos, msg, hint) = err("root = \"okrs\"\n[check]\nmax_key_result = 3\n");
        assert_eq!(pos, "3:1");
        assert!(msg.contains("max_key_result"), "{msg}");
        assert_eq!(hint.as_deref(), Some("did you mean `max_key_results`?"));
    }

    #[test]
    fn a_key_in_the_wrong_table_says_where_it_goes() {
        let (_, _, hint) = err("root = \"okrs\"\n[rules]\nno-parent = \"off\"\n");
        assert_eq!(hint.as_deref(), Some("`rules` belongs in the `[check]` table: write `[check.rules]`"));
        let (_, _, hint) = err("similarity = 0.9\n");
        assert_eq!(hint.as_deref(), Some("`similarity` belongs in the `[check]` table: move it under `[check]`"));
        let (_, _, hint) = err("[check]\nroot = \"okrs\"\n");
        assert_eq!(hint.as_deref(), Some("`root` belongs at the top of okr.toml, before any `[table]`"));
    }

    #[test]
    fn people_map_owners_to_github_logins() {
        let c = parse("[people]\nsarah = \"sarah-gh\"\n\"Sam Ortiz\" = \"@sam0\"\n").unwrap();
        assert_eq!(c.people.get("sarah").map(String::as_str), Some("sarah-gh"));
        assert_eq!(c.people.get("Sam Ortiz").map(String::as_str), Some("sam0"), "a leading @ is allowed");
        assert!(parse("").unwrap().people.is_empty());
        for login in ["sarah-gh", "a", "A1-b2", &"x".repeat(39)] {
            assert!(is_github_login(login), "{login}");
        }
        for login in ["", "-a", "a-", "a--b", "a b", "a_b", "a@b", "<b>", &"x".repeat(40)] {
            assert!(!is_github_login(login), "{login}");
        }
    }

    #[test]
    fn people_errors_are_positioned() {
        let (pos, msg, hint) = err("root = \"okrs\"\n[people]\nsarah = \"sarah gh\"\n");
        assert_eq!(pos, "3:9");
        assert_eq!(msg, "`sarah gh` is not a GitHub login");
        assert!(hint.unwrap().contains("sarah-gh"));
        let (pos, msg, _) = err("[people]\nsam = 3\n");
        assert_eq!(pos, "2:7");
        assert!(msg.contains("`sam` must be text in quotes, not the integer"), "{msg}");
        let (pos, msg, _) = err("[people]\n\" \" = \"lee\"\n");
        assert_eq!((pos.as_str(), msg.as_str()), ("2:1", "an owner name in `[people]` is empty"));
        let (pos, _, hint) = err("[peeple]\nsarah = \"s\"\n");
        assert_eq!(pos, "1:2");
        assert_eq!(hint.as_deref(), Some("did you mean `people`?"));
        let (_, msg, _) = err("[people]\nsarah = \"a\"\nsarah = \"b\"\n");
        assert!(msg.contains("duplicate key"), "{msg}");
    }

    #[test]
    fn bad_values_are_positioned() {
        assert_eq!(err("fiscal_year_start_month = 13\n").0, "1:27");
        let (pos, msg, hint) = err("[check.rules]\noutput-kr = \"loud\"\n");
        assert_eq!(pos, "2:13");
        assert!(msg.contains("loud"));
        assert!(hint.unwrap().contains("off"));
        let (_, msg, hint) = err("[check.rules]\noutpt-kr = \"warn\"\n");
        assert!(msg.contains("unknown rule"));
        assert_eq!(hint.as_deref(), Some("did you mean `output-kr`?"));
        assert!(err("[check.rules]\nunknown-ref = \"off\"\n").1.contains("data rule"));
        assert!(err("[check]\nsimilarity = 1.5\n").1.contains("between 0 and 1"));
        assert!(err("root = \"../elsewhere\"\n").1.contains("inside the project"));
        assert!(err("root = 3\n").1.contains("text in quotes"));
    }

    #[test]
    fn reads_sources() {
        let c = parse(
            "[sources.product-db]\nsqlite = \"./data/product.db\"\nquery = \"select 1 as key, 2 as value\"\n\n[sources.warehouse]\npostgres_env = \"OKR_WAREHOUSE_URL\"\nquery = \"select key, value from v\"\ntimeout_s = 120\n\n[sources.sheet]\ncsv = \"metrics/weekly.csv\"\n\n[sources.stripe]\ncommand = [\"python3\", \"scripts/mrr.py\"]\n",
        )
        .unwrap();
        let names: Vec<&str> = c.sources.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["product-db", "sheet", "stripe", "warehouse"]);
        assert_eq!(
            c.sources[0].kind,
            SourceKind::Sqlite { path: "data/product.db".into(), query: "select 1 as key, 2 as value".into() }
        );
        assert_eq!(c.sources[0].timeout_s, DEFAULT_TIMEOUT_S);
        assert_eq!(c.sources[1].kind, SourceKind::File { path: "metrics/weekly.csv".into() });
        assert_eq!(c.sources[2].kind, SourceKind::Command { argv: vec!["python3".into(), "scripts/mrr.py".into()] });
        assert_eq!(
            c.sources[3].kind,
            SourceKind::Postgres { var: "OKR_WAREHOUSE_URL".into(), query: "select key, value from v".into() }
        );
        assert_eq!(c.sources[3].timeout_s, 120);
    }

    #[test]
    fn bad_sources_are_positioned() {
        let (pos, msg, hint) = err("[sources.x]\nmysql = \"a.db\"\n");
        assert_eq!(pos, "2:1");
        assert!(msg.contains("unknown field `mysql`"), "{msg}");
        assert!(hint.unwrap().contains("`sqlite`, `postgres_env`, `csv`, `command`"));
        assert_eq!(err("[sources.x]\nsqlit = \"a.db\"\n").2.as_deref(), Some("did you mean `sqlite`?"));
        let (pos, msg, _) = err("[sources.x]\nsqlite = \"a.db\"\ncsv = \"a.csv\"\n");
        assert_eq!(
            (pos.as_str(), msg.as_str()),
            ("3:7", "the source `x` has two kinds, `sqlite` and `csv`; a source reads from one place")
        );
        assert!(err("[sources.x]\nsqlite = \"a.db\"\n").1.contains("has no `query`"));
        assert!(err("[sources.x]\ncsv = \"a.csv\"\nquery = \"select 1\"\n")
            .1
            .contains("`query` is for `sqlite` and `postgres_env`"));
        assert!(err("[sources.x]\ntimeout_s = 5\n").1.contains("does not say what it reads"));
        let (pos, msg, _) = err("[sources.x]\ncommand = [\"sleep\"]\ntimeout_s = 0\n");
        assert_eq!(
            (pos.as_str(), msg.as_str()),
            ("3:13", "`timeout_s` is 0; it must be a whole number of seconds from 1 to 86400")
        );
        assert!(err("[sources.x]\ncommand = []\n").1.contains("is empty"));
        assert!(err("[sources.x]\ncsv = \"/etc/passwd\"\n").1.contains("inside the project"));
        // A URL where the variable's name belongs: positioned, and not quoted back.
        let e = parse("[sources.x]\npostgres_env = \"postgres://u:secret@h/d\"\nquery = \"q\"\n").unwrap_err();
        assert!(e.diagnostic.is_none());
        assert!(
            e.message.starts_with("okr.toml:2:16: `postgres_env` must name an environment variable"),
            "{}",
            e.message
        );
        assert!(!e.to_string().contains("secret"), "{e}");
        assert!(err("[sources.\"a b\"]\ncsv = \"a.csv\"\n").1.contains("is not a source name"));
    }
}
