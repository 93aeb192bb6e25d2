//! `okr sync` end to end with a `postgres_env` source: the real binary, a
//! fixture repository built with the git CLI, and the real PostgreSQL
//! server the tests start (`common::postgres`). The dry run, the commit
//! (values written byte for byte, one commit, `Okr-Check-In` trailers), the
//! variable unset, a wrong password and a slow query, with no secret in any
//! output.

use crate::common::postgres::{server, DATABASE, PASSWORD, USER};
use crate::common::{Project, Run};
use std::process::Stdio;

const GROWTH: &str = "okrs/2026-Q4/growth/activation.md";

const GROWTH_TEXT: &str = "---
owner: maya   # the PM
key_results:
  - id: activation-rate
    title: Raise trial activation from 22% to 30%
    metric: activation-rate
    unit: \"%\"
    baseline: 22
    target:   30
    current: 24.5   # measured weekly
  - id: starts
    title: Grow weekly trial starts from 900 to 1500
    metric: trial-starts
    baseline: 900
    target: 1500
    current: 1200.0
---
# Accelerate product-led growth

Notes stay as they are.
";

const AS_OF: &str = "2026-12-01";
const VAR: &str = "OKR_E2E_WAREHOUSE_URL";

/// A table the test login can read: activation 26.5 (a `numeric`), trial
/// starts 1200 (a `bigint`, unchanged).
fn warehouse_table() -> &'static str {
    static ONCE: std::sync::OnceLock<()> = std::sync::OnceLock::new();
    ONCE.get_or_init(|| {
        server().admin_sql(
            "CREATE TABLE IF NOT EXISTS okr_e2e_values (kr text, v numeric, n bigint, measured date); \
             TRUNCATE okr_e2e_values; \
             INSERT INTO okr_e2e_values VALUES ('activation-rate', 26.5, NULL, '2026-11-30'), ('trial-starts', NULL, 1200, '2026-11-30'); \
             GRANT SELECT ON okr_e2e_values TO okr_reader",
        );
    });
    "okr_e2e_values"
}

fn project(query: &str, timeout_s: Option<u32>) -> Project {
    let mut toml = format!("[sources.warehouse]\npostgres_env = \"{VAR}\"\nquery = \"{query}\"\n");
    if let Some(t) = timeout_s {
        toml.push_str(&format!("timeout_s = {t}\n"));
    }
    let p = Project::with_files(&[(GROWTH, GROWTH_TEXT), ("okr.toml", toml.as_str())]);
    p.git_init();
    p.git(&["config", "user.name", "Sync Bot"]);
    p.git(&["config", "user.email", "bot@example.com"]);
    p.commit_all("Plan 2026-Q4", "2026-10-01T09:00:00Z");
    p
}

fn values_query() -> String {
    format!("select kr as key, coalesce(v, n) as value, measured as date from {} order by kr", warehouse_table())
}

/// `okr sync --as-of … ARGS` with the variable set to `url` (unset when `None`).
fn sync(p: &Project, url: Option<&str>, args: &[&str]) -> Run {
    let mut cmd = p.okr_cmd(".");
    cmd.args(["sync", "--as-of", AS_OF]).args(args).stdin(Stdio::null());
    match url {
        Some(url) => cmd.env(VAR, url),
        None => cmd.env_remove(VAR),
    };
    let out = cmd.output().expect("okr runs");
    let run = Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).expect("UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("UTF-8"),
    };
    run.expect_no_panic();
    run
}

fn text(p: &Project) -> String {
    String::from_utf8(p.read(GROWTH)).expect("UTF-8")
}

#[track_caller]
fn assert_no_secret(run: &Run, url: &str, password: &str) {
    let all = format!("{}{}", run.stdout, run.stderr);
    assert!(!all.contains(url), "the URL leaked:\n{all}");
    assert!(!all.contains(password), "the password leaked:\n{all}");
    assert!(!all.contains("postgres://"), "a URL leaked:\n{all}");
}

#[test]
fn a_postgres_source_dry_run_then_commit() {
    let url = server().url("");
    let p = project(&values_query(), None);
    let before = p.snapshot_files();

    let dry = sync(&p, Some(&url), &["--dry-run"]);
    dry.expect_code(0);
    assert!(dry.stdout.contains("warehouse: 1 changed, 1 unchanged"), "{}", dry.stdout);
    assert!(dry.stdout.contains("2026-Q4/growth/activation#activation-rate  24.5 → 26.5"), "{}", dry.stdout);
    assert_eq!(p.snapshot_files(), before, "a dry run writes nothing");
    assert_no_secret(&dry, &url, PASSWORD);

    let json = sync(&p, Some(&url), &["--dry-run", "--format", "json"]);
    json.expect_code(0);
    assert_eq!(
        json.json(),
        serde_json::json!({
            "changes": [{"ref": "2026-Q4/growth/activation#activation-rate", "from": 24.5, "to": 26.5, "source": "warehouse"}],
            "unchanged": ["2026-Q4/growth/activation#starts"],
            "errors": []
        })
    );

    let commit = sync(&p, Some(&url), &["--commit"]);
    commit.expect_code(0);
    assert_no_secret(&commit, &url, PASSWORD);
    // Only the value changed, byte for byte.
    assert_eq!(text(&p), GROWTH_TEXT.replace("current: 24.5   #", "current: 26.5   #"));
    assert_eq!(p.git(&["rev-list", "--count", "HEAD"]).trim(), "2", "one commit for the run");
    let trailers = p.git(&["log", "-1", "--format=%(trailers:key=Okr-Check-In,valueonly)"]);
    assert_eq!(trailers.trim(), "2026-Q4/growth/activation#starts");
    assert!(p.git(&["log", "-1", "--format=%B"]).contains("activation#activation-rate: 24.5 → 26.5 (warehouse)"));
    assert_eq!(p.git(&["status", "--porcelain"]), "");
}

#[test]
fn the_variable_unset_is_a_clear_error() {
    let p = project(&values_query(), None);
    let run = sync(&p, None, &["--dry-run"]);
    run.expect_code(1);
    assert!(run.stdout.contains(&format!("the environment variable {VAR} is not set")), "{}", run.stdout);
    assert_eq!(text(&p), GROWTH_TEXT);
}

#[test]
fn a_wrong_password_or_database_fails_the_source_without_secrets() {
    let s = server();
    for (what, url, secret) in [
        ("password", s.url_for(USER, "Wr0ng-e2e-pw-41d", "127.0.0.1", DATABASE, ""), "Wr0ng-e2e-pw-41d"),
        ("database", s.url_for(USER, PASSWORD, "127.0.0.1", "okr_e2e_no_such_db", ""), PASSWORD),
    ] {
        let p = project(&values_query(), None);
        for format in ["text", "json"] {
            let run = sync(&p, Some(&url), &["--commit", "--format", format]);
            run.expect_code(1);
            assert_no_secret(&run, &url, secret);
            let all = format!("{}{}", run.stdout, run.stderr);
            let reason =
                if what == "password" { "password authentication failed" } else { "the database does not exist" };
            assert!(all.contains(reason), "{what}, {format}: {all}");
            assert!(all.contains("warehouse"), "{what}, {format}: the source is named: {all}");
        }
        assert_eq!(text(&p), GROWTH_TEXT, "{what}: nothing written");
        assert_eq!(p.git(&["rev-list", "--count", "HEAD"]).trim(), "1", "{what}: nothing committed");
    }
}

#[test]
fn a_slow_query_is_stopped_at_timeout_s() {
    let url = server().url("");
    let p = project("select 'activation-rate' as key, pg_sleep(30)::text as value", Some(1));
    let run = sync(&p, Some(&url), &["--dry-run", "--format", "json"]);
    run.expect_code(1);
    let errors = &run.json()["errors"];
    assert_eq!(errors[0]["source"], "warehouse");
    let message = errors[0]["message"].as_str().expect("a message");
    assert!(message.contains("timed out after 1 s: the server stopped the query"), "{message}");
}
