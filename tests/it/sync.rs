//! `okr sync` end to end: fixture repositories built with the git CLI,
//! sources of every kind but PostgreSQL (a SQLite file, CSV and JSON files,
//! commands), the real binary, and git again to check what it committed.
//! PostgreSQL sources have theirs in `sync_postgres_e2e.rs`, against a real
//! server.

use crate::common::{Project, Run};

const GROWTH: &str = "okrs/2026-Q4/growth/activation.md";
const PLATFORM: &str = "okrs/2026-Q4/platform/reliability.md";

/// Comments, quoting, spacing and a body: everything but the values must
/// survive a sync byte for byte.
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
  - id: tests
    title: Run onboarding experiments with a pre-registered hypothesis
    layer: input
    weekly_target: 2
---
# Accelerate product-led growth

Notes stay as they are.
";

const PLATFORM_TEXT: &str = "---\r
owner: priya\r
key_results:\r
  - id: uptime\r
    title: Keep API uptime from 99.5% at 99.9%\r
    baseline: 99.5\r
    target: 99.9\r
  - id: tests\r
    title: Run load tests every week\r
    layer: input\r
    weekly_target: 1\r
---\r
# Reliable platform\r
";

const AS_OF: &str = "2026-12-01";

/// A committed project with the two objectives and `okr.toml` plus `extra` files.
fn project(toml: &str, extra: &[(&str, &str)]) -> Project {
    let p = Project::with_files(&[(GROWTH, GROWTH_TEXT), (PLATFORM, PLATFORM_TEXT), ("okr.toml", toml)]);
    p.write_all(extra);
    p.git_init();
    p.git(&["config", "user.name", "Sync Bot"]);
    p.git(&["config", "user.email", "bot@example.com"]);
    p.commit_all("Plan 2026-Q4", "2026-10-01T09:00:00Z");
    p
}

fn sync(p: &Project, args: &[&str]) -> Run {
    let mut all = vec!["sync", "--as-of", AS_OF];
    all.extend_from_slice(args);
    p.okr(&all)
}

fn text(p: &Project, rel: &str) -> String {
    String::from_utf8(p.read(rel)).expect("UTF-8")
}

fn sqlite_db(p: &Project, rel: &str, sql: &str) {
    let path = p.join(rel);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    let conn = rusqlite::Connection::open(&path).expect("create the database");
    conn.execute_batch(sql).expect("fill the database");
}

#[test]
fn sqlite_source_writes_values_byte_for_byte_as_okr_set_does() {
    let p = project(
        "[sources.product-db]\nsqlite = \"data/product.db\"\nquery = \"select metric as key, value, week as date from weekly\"\n",
        &[],
    );
    sqlite_db(
        &p,
        "data/product.db",
        "create table weekly (week text, metric text, value real);
         insert into weekly values ('2026-11-23', 'activation-rate', 25.1), ('2026-11-30', 'activation-rate', 26),
           ('2026-11-30', 'trial-starts', 1200), ('2026-11-30', '2026-Q4/platform/reliability#uptime', 99.92),
           ('2026-12-07', 'activation-rate', 99);",
    );
    let run = sync(&p, &[]);
    run.expect_code(0);
    assert!(run.stdout.contains("product-db: 2 changed, 1 unchanged"), "{}", run.stdout);
    assert!(run.stdout.contains("2026-Q4/growth/activation#activation-rate  24.5 → 26"), "{}", run.stdout);
    assert!(run.stdout.contains("Wrote 2 values in 2 files."), "{}", run.stdout);
    // Only the values changed: comments, quoting, spacing, CRLF all kept.
    assert_eq!(text(&p, GROWTH), GROWTH_TEXT.replace("current: 24.5   #", "current: 26   #"));
    assert_eq!(
        text(&p, PLATFORM),
        PLATFORM_TEXT.replace("    target: 99.9\r\n", "    target: 99.9\r\n    current: 99.92\r\n")
    );
    // The same as `okr set` makes of the same value.
    let q = project("", &[]);
    q.okr(&["set", "2026-Q4/growth/activation#activation-rate", "26", "--allow-ended"]).expect_code(0);
    assert_eq!(text(&q, GROWTH), text(&p, GROWTH));
    // Not committed without --commit.
    assert_eq!(p.git(&["rev-list", "--count", "HEAD"]).trim(), "1");
}

#[test]
fn csv_json_and_command_sources() {
    let p = project(
        "[sources.sheet]\ncsv = \"metrics/weekly.csv\"\n\n[sources.export]\ncsv = \"metrics/export.json\"\n\n[sources.script]\ncommand = [\"sh\", \"scripts/uptime.sh\"]\n",
        &[
            ("metrics/weekly.csv", "date,key,value,note\n2026-11-30,activation-rate,27.5,from the sheet\n"),
            ("metrics/export.json", "[{\"key\": \"trial-starts\", \"value\": 1310, \"date\": \"2026-11-30\"}]"),
            ("scripts/uptime.sh", "printf 'key,value\\n2026-Q4/platform/reliability#uptime,99.95\\n'\n"),
        ],
    );
    let run = sync(&p, &["--format", "json"]);
    run.expect_code(0);
    let json = run.json();
    assert_eq!(
        json,
        serde_json::json!({
            "changes": [
                {"ref": "2026-Q4/growth/activation#activation-rate", "from": 24.5, "to": 27.5, "source": "sheet"},
                {"ref": "2026-Q4/growth/activation#starts", "from": 1200, "to": 1310, "source": "export"},
                {"ref": "2026-Q4/platform/reliability#uptime", "from": null, "to": 99.95, "source": "script"}
            ],
            "unchanged": [],
            "errors": []
        })
        .as_object()
        .map(|o| {
            // okr.toml lists the sources in name order.
            let mut o = o.clone();
            let changes = o["changes"].as_array().expect("changes").clone();
            o.insert(
                "changes".into(),
                serde_json::Value::Array(vec![changes[1].clone(), changes[2].clone(), changes[0].clone()]),
            );
            serde_json::Value::Object(o)
        })
        .expect("an object")
    );
    assert!(text(&p, GROWTH).contains("current: 27.5   # measured weekly"));
    assert!(text(&p, GROWTH).contains("current: 1310\n  - id: tests"));
}

#[test]
fn dry_run_prints_the_plan_and_writes_nothing() {
    let p = project(
        "[sources.sheet]\ncsv = \"weekly.csv\"\n",
        &[("weekly.csv", "key,value\nactivation-rate,26\ntrial-starts,1200\n")],
    );
    p.commit_all("the sheet", "2026-10-02T09:00:00Z");
    let before = p.snapshot_files();
    let run = sync(&p, &["--dry-run"]);
    run.expect_code(0);
    assert_eq!(
        run.stdout,
        "sheet: 1 changed, 1 unchanged\n  2026-Q4/growth/activation#activation-rate  24.5 → 26\n  2026-Q4/growth/activation#starts           1200, unchanged\n\nDry run: 1 value would change; nothing was written.\n"
    );
    assert_eq!(p.snapshot_files(), before);
    assert_eq!(p.git(&["rev-list", "--count", "HEAD"]).trim(), "2");
    // --dry-run and --commit do not go together.
    sync(&p, &["--dry-run", "--commit"]).expect_code(2);
}

#[test]
fn commit_makes_one_commit_with_the_changes_and_check_in_trailers() {
    let p = project(
        "[sources.a-sheet]\ncsv = \"a.csv\"\n\n[sources.b-sheet]\ncsv = \"b.csv\"\n",
        &[
            ("a.csv", "key,value\nactivation-rate,26\ntrial-starts,1200\n"),
            ("b.csv", "key,value\n2026-Q4/platform/reliability#uptime,99.9\n"),
        ],
    );
    p.commit_all("the sheets", "2026-10-02T09:00:00Z");
    let run = sync(&p, &["--commit"]);
    run.expect_code(0);
    assert!(run.stdout.contains("Wrote 2 values in 2 files; commit "), "{}", run.stdout);
    assert_eq!(p.git(&["rev-list", "--count", "HEAD"]).trim(), "3", "one commit for the run");
    let message = p.git(&["log", "-1", "--format=%B"]);
    assert_eq!(
        message.trim_end(),
        "okr sync: 2 changed, 1 unchanged (a-sheet, b-sheet)

2026-Q4/growth/activation#activation-rate: 24.5 → 26 (a-sheet)
2026-Q4/platform/reliability#uptime: unset → 99.9 (b-sheet)

Okr-Check-In: 2026-Q4/growth/activation#starts"
    );
    let trailers = p.git(&["log", "-1", "--format=%(trailers:key=Okr-Check-In,valueonly)"]);
    assert_eq!(trailers.trim(), "2026-Q4/growth/activation#starts");
    let changed = p.git(&["show", "--name-only", "--format=", "HEAD"]);
    assert_eq!(changed.trim(), format!("{GROWTH}\n{PLATFORM}"));
    // Everything committed, nothing left staged or modified.
    assert_eq!(p.git(&["status", "--porcelain"]), "");
    // The unchanged value is a check-in okr's history reads.
    let trend = p.okr(&["trend", "2026-Q4/growth/activation#starts", "--format", "csv"]);
    assert_eq!(trend.stdout.lines().count(), 3, "{}", trend.stdout);
}

#[test]
fn only_unchanged_values_commit_the_trailers_and_nothing_commits_nothing() {
    let p = project("[sources.sheet]\ncsv = \"s.csv\"\n", &[("s.csv", "key,value\ntrial-starts,1200\n")]);
    p.commit_all("the sheet", "2026-10-02T09:00:00Z");
    let run = sync(&p, &["--commit"]);
    run.expect_code(0);
    assert!(run.stdout.contains("No value changed; commit "), "{}", run.stdout);
    assert!(run.stdout.contains(" checks in 1 value measured unchanged."), "{}", run.stdout);
    assert_eq!(p.git(&["rev-list", "--count", "HEAD"]).trim(), "3");
    assert_eq!(p.git(&["show", "--name-only", "--format=", "HEAD"]).trim(), "", "an empty commit");
    assert!(p.git(&["log", "-1", "--format=%B"]).contains("Okr-Check-In: 2026-Q4/growth/activation#starts"));

    p.write("s.csv", "key,value\n");
    p.commit_all("empty sheet", "2026-10-03T09:00:00Z");
    let run = sync(&p, &["--commit"]);
    run.expect_code(0);
    assert_eq!(p.git(&["rev-list", "--count", "HEAD"]).trim(), "4", "no commit");
    assert!(run.stdout.contains("No value changed; nothing was written."), "{}", run.stdout);
}

/// A failure case: what fails, the source's keys in okr.toml, its files,
/// and the reason the report must give.
type Case<'a> = (&'a str, &'a str, &'a [(&'a str, &'a str)], &'a str);

/// Each way a source can fail: reported with its name and reason, nothing
/// of it written, the others applied, exit 1.
#[test]
fn a_failing_source_changes_nothing_and_the_others_apply() {
    let cases: &[Case] = &[
        ("exit status", "command = [\"sh\", \"-c\", \"echo 'token expired' >&2; exit 3\"]", &[], "exited with status 3; stderr:\n  token expired"),
        (
            "slow command",
            "command = [\"sleep\", \"30\"]\ntimeout_s = 1",
            &[],
            "`sleep 30` did not finish within 1 s (`timeout_s`) and was stopped",
        ),
        (
            "bad value",
            "csv = \"bad.csv\"",
            &[("bad.csv", "key,value\ntrial-starts,1300\nactivation-rate,26%\n")],
            "row 2 (line 3), column 2 `value`: `26%` is not a number",
        ),
        (
            "unknown key",
            "csv = \"bad.csv\"",
            &[("bad.csv", "key,value\ntrial-starts,1300\nsignups,4\n")],
            "row 2 (line 3): no key result of 2026-Q4 has the metric or id `signups`",
        ),
        (
            "ambiguous key",
            "csv = \"bad.csv\"",
            &[("bad.csv", "key,value\ntrial-starts,1300\ntests,4\n")],
            "row 2 (line 3): the key `tests` names 2 key results of 2026-Q4: 2026-Q4/growth/activation#tests, 2026-Q4/platform/reliability#tests; use the full ref of one",
        ),
        ("missing file", "csv = \"nowhere.csv\"", &[], "cannot read nowhere.csv: there is no such file"),
        (
            "missing database",
            "sqlite = \"data/none.db\"\nquery = \"select 1 as key, 2 as value\"",
            &[],
            "cannot open data/none.db: there is no such file",
        ),
    ];
    for (what, source, files, reason) in cases {
        let toml = format!("[sources.broken]\n{source}\n\n[sources.good]\ncsv = \"good.csv\"\n");
        let mut all = vec![("good.csv", "key,value\nactivation-rate,26\n")];
        all.extend_from_slice(files);
        let p = project(&toml, &all);
        let before_platform = text(&p, PLATFORM);
        let run = sync(&p, &["--commit"]);
        run.expect_code(1);
        assert!(run.stdout.contains("broken: failed, nothing of it applies"), "{what}: {}", run.stdout);
        assert!(run.stdout.contains("1 source failed: broken."), "{what}: {}", run.stdout);
        let json = sync(&p, &["--dry-run", "--format", "json"]);
        json.expect_code(1);
        let errors = &json.json()["errors"];
        assert_eq!(errors[0]["source"], "broken", "{what}");
        let message = errors[0]["message"].as_str().expect("a message");
        assert!(message.contains(reason), "{what}: {message}");
        // The good source applied and committed; the broken one wrote nothing.
        assert!(text(&p, GROWTH).contains("current: 26   #"), "{what}");
        assert!(text(&p, GROWTH).contains("current: 1200.0\n"), "{what}: the broken source's good row is not applied");
        assert_eq!(text(&p, PLATFORM), before_platform, "{what}");
        assert!(p.git(&["log", "-1", "--format=%s"]).starts_with("okr sync: 1 changed, 0 unchanged (good)"), "{what}");
    }
}

#[test]
fn a_file_okr_may_not_edit_fails_the_sources_that_write_it() {
    let p = project(
        "[sources.a]\ncsv = \"a.csv\"\n\n[sources.b]\ncsv = \"b.csv\"\n",
        &[("a.csv", "key,value\nactivation-rate,26\n"), ("b.csv", "key,value\nuptime,99.9\n")],
    );
    p.commit_all("sheets", "2026-10-02T09:00:00Z");
    p.edit(GROWTH, "Notes stay", "Uncommitted notes stay");
    let run = sync(&p, &[]);
    run.expect_code(1);
    assert!(run.stdout.contains(&format!("`{GROWTH}` has uncommitted changes")), "{}", run.stdout);
    assert!(text(&p, PLATFORM).contains("current: 99.9\r\n"), "b still applies");
    assert!(text(&p, GROWTH).contains("current: 24.5"), "a wrote nothing");
}

#[test]
fn sources_are_chosen_by_name() {
    let p = project(
        "[sources.a]\ncsv = \"a.csv\"\n\n[sources.b]\ncsv = \"b.csv\"\n",
        &[("a.csv", "key,value\nactivation-rate,26\n"), ("b.csv", "key,value\nuptime,99.9\n")],
    );
    let run = sync(&p, &["b", "--dry-run"]);
    run.expect_code(0);
    assert!(!run.stdout.contains("a: "), "{}", run.stdout);
    assert!(run.stdout.contains("b: 1 changed"), "{}", run.stdout);
    let run = sync(&p, &["c"]);
    run.expect_code(2);
    assert!(run.stderr.contains("there is no source `c` in okr.toml"), "{}", run.stderr);
}

#[test]
fn secrets_never_reach_the_output() {
    let secret = "hunter2-s3cret";
    let p = project(
        "[sources.warehouse]\npostgres_env = \"OKR_TEST_WAREHOUSE_URL\"\nquery = \"select key, value from v\"\n",
        &[],
    );
    let unset = sync(&p, &["--dry-run"]);
    unset.expect_code(1);
    assert!(unset.stdout.contains("the environment variable OKR_TEST_WAREHOUSE_URL is not set"), "{}", unset.stdout);
    let url = format!("postgres://okr:{secret}@127.0.0.1:1/nodb");
    for format in ["text", "json"] {
        let out = p
            .okr_cmd(".")
            .args(["sync", "--as-of", AS_OF, "--dry-run", "--format", format])
            .env("OKR_TEST_WAREHOUSE_URL", &url)
            .output()
            .expect("okr runs");
        assert_eq!(out.status.code(), Some(1));
        let all = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        assert!(!all.contains(secret), "{all}");
        assert!(!all.contains("postgres://"), "{all}");
    }
    // A URL written where the variable's name belongs is not quoted back.
    let q = project(&format!("[sources.warehouse]\npostgres_env = \"{url}\"\nquery = \"q\"\n"), &[]);
    let run = sync(&q, &["--dry-run"]);
    run.expect_code(2);
    assert!(run.stderr.contains("okr.toml:2:16: `postgres_env` must name an environment variable"), "{}", run.stderr);
    assert!(!run.stderr.contains(secret) && !run.stdout.contains(secret), "{}", run.stderr);
}

#[test]
fn configuration_errors_are_positioned() {
    let cases = [
        ("[sources.x]\nmysql = \"db\"\n", "2:1", "unknown field `mysql`"),
        ("[sources.x]\nsqlite = \"a.db\"\ncsv = \"a.csv\"\n", "3:7", "has two kinds, `sqlite` and `csv`"),
        ("[sources.x]\nsqlite = \"a.db\"\n", "1:1", "has no `query`"),
        ("[sources.x]\ncsv = \"a.csv\"\ntimeout_s = 0\n", "3:13", "`timeout_s` is 0"),
        ("[sources.x]\ncsv = \"../a.csv\"\n", "2:7", "must be a file inside the project"),
    ];
    for (toml, pos, message) in cases {
        let p = project(toml, &[]);
        let run = sync(&p, &["--dry-run"]);
        run.expect_code(2);
        assert!(run.stderr.contains(&format!("okr.toml:{pos}")), "{toml}: {}", run.stderr);
        assert!(run.stderr.contains(message), "{toml}: {}", run.stderr);
    }
    let p = project("", &[]);
    let run = sync(&p, &[]);
    run.expect_code(2);
    assert!(run.stderr.contains("okr.toml declares no metric sources"), "{}", run.stderr);
}

/// The example project's source works on a fresh clone.
#[test]
fn the_example_project_syncs_from_its_database() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let p = Project::empty();
    for (rel, text) in crate::common::fixtures::example_files() {
        p.write(&rel, text);
    }
    p.write("okr.toml", std::fs::read(root.join("okr.toml")).expect("okr.toml"));
    p.write("data/product.db", std::fs::read(root.join("data/product.db")).expect("data/product.db"));
    let run = sync(&p, &["--dry-run", "--format", "json"]);
    run.expect_code(0);
    let json = run.json();
    assert!(!json["changes"].as_array().expect("changes").is_empty(), "{json}");
    assert_eq!(json["errors"], serde_json::json!([]));
}

#[test]
fn init_sync_adds_the_scheduled_workflow() {
    let p = Project::empty();
    let run = p.okr(&["init", "--quarter", "2026-Q4", "--sync"]);
    run.expect_code(0);
    assert!(run.stdout.contains("created  .github/workflows/okr-sync.yml"), "{}", run.stdout);
    let workflow = String::from_utf8(p.read(".github/workflows/okr-sync.yml")).expect("UTF-8");
    assert!(workflow.contains(&format!("uses: okr-cli/okr@v{}\n", env!("CARGO_PKG_VERSION"))), "{workflow}");
    assert!(workflow.contains("sync --commit"));
    // Without --sync, no sync workflow; with it again, nothing is overwritten.
    let q = Project::empty();
    q.okr(&["init", "--quarter", "2026-Q4"]).expect_code(0);
    assert!(!q.exists(".github/workflows/okr-sync.yml"));
    let again = p.okr(&["init", "--quarter", "2026-Q4", "--sync"]);
    assert!(again.stdout.contains("kept     .github/workflows/okr-sync.yml"), "{}", again.stdout);
}
