//! End-to-end tests: the real `okr` binary against fixture projects in
//! temporary directories. Every run passes `--as-of` where pace matters, sets
//! `NO_COLOR=1` and an empty `HOME`, and pins git identities and dates.

use crate::common;

use common::fixtures::{self, ERRORS, SMALL};
use common::{first_line_then_close, Project};
use serde_json::{json, Value};

const AS_OF: &str = "2026-02-15";

fn small() -> Project {
    Project::with_files(SMALL)
}

fn errors() -> Project {
    Project::with_files(ERRORS)
}

// ---------------------------------------------------------------------------
// okr status
// ---------------------------------------------------------------------------

/// The whole `status --format json` document of the small fixture, computed
/// from the formulas of the specification (section 4), in the order the
/// scorer adds weighted scores so that the floats compare exactly.
fn expected_small_status() -> Value {
    let e = 45.0 / 90.0; // 2026-02-15: 45 whole days into a 90-day quarter
    let weeks = 90.0 / 7.0;

    let mrr = (118.0 - 100.0) / (150.0 - 100.0);
    let churn = (2.5 - 3.0) / (2.0 - 3.0);
    let revenue = (mrr * 1.0 + churn * 2.0) / 3.0;

    let activation = (24.5 - 22.0) / (30.0 - 22.0);
    let tests_target = 0.0 + 2.0 * weeks;
    let tests = (7.0 - 0.0) / (tests_target - 0.0);
    let growth = (activation * 2.0 + 1.0 * 1.0 + tests * 1.0) / 4.0;

    let sso = (1.0 * 1.0 + 0.0 * 4.0) / 5.0;

    json!({
      "as_of": "2026-02-15",
      "objectives": [
        {
          "ref": "2026-Q1/company/revenue", "quarter": "2026-Q1", "team": "company",
          "title": "Build a durable revenue engine", "type": "outcome", "owner": "ceo",
          "parent": null, "commitment": "committed",
          "score": revenue, "expected": e, "status": "on_track",
          "key_results": [
            {
              "ref": "2026-Q1/company/revenue#new-mrr", "id": "new-mrr",
              "title": "Grow new MRR from 100k to 150k USD", "layer": "output",
              "baseline": 100, "target": 150, "current": 118,
              "progress": mrr, "score": mrr, "expected": e, "status": "at_risk",
              "updated": null, "projected": null
            },
            {
              "ref": "2026-Q1/company/revenue#churn", "id": "churn",
              "title": "Cut monthly logo churn from 3% to 2%", "layer": "output",
              "baseline": 3, "target": 2, "current": 2.5,
              "progress": churn, "score": churn, "expected": e, "status": "on_track",
              "updated": null, "projected": null
            }
          ]
        },
        {
          "ref": "2026-Q1/growth/activation", "quarter": "2026-Q1", "team": "growth",
          "title": "Accelerate product-led growth", "type": "outcome", "owner": "maya",
          "parent": "2026-Q1/company/revenue#new-mrr", "commitment": "aspirational",
          "score": growth, "expected": e, "status": "on_track",
          "key_results": [
            {
              "ref": "2026-Q1/growth/activation#activation-rate", "id": "activation-rate",
              "title": "Raise trial activation rate from 22% to 30%", "layer": "output",
              "baseline": 22, "target": 30, "current": 24.5,
              "progress": 0.3125, "score": 0.3125, "expected": e, "status": "at_risk",
              "updated": null, "projected": null
            },
            {
              "ref": "2026-Q1/growth/activation#signup-availability", "id": "signup-availability",
              "title": "Keep signup availability at or above 99.5%", "layer": "output",
              "baseline": 99.9, "target": 99.5, "current": 99.7,
              "progress": 1, "score": 1, "expected": e, "status": "on_track",
              "updated": null, "projected": null
            },
            {
              "ref": "2026-Q1/growth/activation#onboarding-tests", "id": "onboarding-tests",
              "title": "Onboarding A/B tests shipped with a pre-registered hypothesis", "layer": "input",
              "baseline": 0, "target": tests_target, "current": 7,
              "progress": tests, "score": tests, "expected": e, "status": "at_risk",
              "updated": null, "projected": null
            },
            {
              "ref": "2026-Q1/growth/activation#interviews", "id": "interviews",
              "title": "Customer interviews logged", "layer": "input",
              "baseline": 0, "target": null, "current": 4,
              "progress": null, "score": null, "expected": e, "status": null,
              "updated": null, "projected": null
            }
          ]
        },
        {
          "ref": "2026-Q1/platform/sso", "quarter": "2026-Q1", "team": "platform",
          "title": "Ship single sign-on for enterprise customers", "type": "build", "owner": "lee",
          "parent": "2026-Q1/company/revenue", "commitment": "committed",
          "score": sso, "expected": e, "status": "off_track",
          "key_results": [
            {
              "ref": "2026-Q1/platform/sso#sso-ga", "id": "sso-ga",
              "title": "SSO generally available", "layer": "output",
              "baseline": null, "target": null, "current": null,
              "progress": 1, "score": 1, "expected": e, "status": "done",
              "updated": null, "projected": null
            },
            {
              "ref": "2026-Q1/platform/sso#scim", "id": "scim",
              "title": "SCIM provisioning in beta", "layer": "output",
              "baseline": null, "target": null, "current": null,
              "progress": 0, "score": 0, "expected": e, "status": "off_track",
              "updated": null, "projected": null
            }
          ]
        }
      ]
      ,
      "history": {"read": false, "reason": "this is not a git repository"}
    })
}

/// [`expected_small_status`] with its `history` field replaced.
fn expected_small_status_with(history: Value) -> Value {
    let mut v = expected_small_status();
    v["history"] = history;
    v
}

#[test]
fn status_json_scores_every_kr_and_objective() {
    let p = small();
    let run = p.okr(&["status", "--format", "json", "--as-of", AS_OF]);
    run.expect_code(0);
    assert_eq!(run.json(), expected_small_status());
    assert_eq!(run.stderr, "");
}

#[test]
fn status_json_prints_integers_without_a_fraction() {
    let p = small();
    let out = p.okr(&["status", "--format", "json", "--as-of", AS_OF]).stdout;
    // `baseline: 100.0` in the file is the integer 100 in JSON.
    assert!(out.contains("\"baseline\": 100,"), "{out}");
    assert!(out.contains("\"current\": 24.5,"), "{out}");
    assert!(out.contains("\"progress\": 0.3125,"), "{out}");
    assert!(out.contains("\"expected\": 0.5,"), "{out}");
    assert!(!out.contains(".0,") && !out.contains(".0\n"), "a number printed with `.0`:\n{out}");
    assert!(out.ends_with("}\n"), "JSON ends with a newline");
}

#[test]
fn status_json_is_identical_with_and_without_no_history_outside_git() {
    let p = small();
    let a = p.okr(&["status", "--format", "json", "--as-of", AS_OF]).json();
    let b = p.okr(&["status", "--format", "json", "--as-of", AS_OF, "--no-history"]).json();
    // The same but for why the history was not read.
    assert_eq!(b, expected_small_status_with(json!({"read": false, "reason": "--no-history was given"})));
    assert_eq!(a, expected_small_status());
}

#[test]
fn status_shows_the_as_of_quarter_else_the_latest_with_okrs() {
    let p = small();
    let quarters = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["status", "--format", "json"];
        all.extend_from_slice(args);
        let v = p.okr(&all).expect_code(0).json();
        let mut qs: Vec<String> =
            v["objectives"].as_array().unwrap().iter().map(|o| o["quarter"].as_str().unwrap().to_string()).collect();
        qs.dedup();
        qs
    };
    assert_eq!(quarters(&["--as-of", "2026-02-15"]), ["2026-Q1"]);
    assert_eq!(quarters(&["--as-of", "2025-11-15"]), ["2025-Q4"]);
    // 2026-Q3 has no OKRs: the latest quarter that does is shown.
    assert_eq!(quarters(&["--as-of", "2026-08-01"]), ["2026-Q1"]);
    assert_eq!(quarters(&["--as-of", "2026-02-15", "--quarter", "2025-Q4"]), ["2025-Q4"]);

    let late = p.okr(&["status", "--format", "json", "--as-of", "2026-08-01"]).json();
    assert_eq!(late["as_of"], "2026-08-01");
    assert_eq!(late["objectives"][0]["expected"], 1, "a past quarter is fully elapsed");
}

#[test]
fn today_is_the_date_in_utc_whatever_the_time_zone() {
    // UTC+14 and UTC-12 are 26 hours apart: their local dates always differ,
    // so a "today" taken in the local zone gives two answers.
    let p = small();
    let as_of = |tz: &str| {
        let mut cmd = p.okr_cmd(".");
        cmd.env("TZ", tz).args(["status", "--format", "json"]);
        let out = cmd.output().expect("okr runs");
        let v: Value = serde_json::from_slice(&out.stdout).expect("json");
        v["as_of"].as_str().expect("as_of").to_string()
    };
    assert_eq!(as_of("EAST-14"), as_of("WEST+12"));
}

#[test]
fn status_team_filter_keeps_one_team() {
    let p = small();
    let v = p.okr(&["status", "--format", "json", "--as-of", AS_OF, "--team", "growth"]).expect_code(0).json();
    let refs: Vec<&str> = v["objectives"].as_array().unwrap().iter().map(|o| o["ref"].as_str().unwrap()).collect();
    assert_eq!(refs, ["2026-Q1/growth/activation"]);

    let none = p.okr(&["status", "--as-of", AS_OF, "--team", "nobody"]).expect_code(0).stdout.clone();
    assert!(none.contains("No objectives match."), "{none}");
}

#[test]
fn status_text() {
    let p = small();
    let run = p.okr(&["status", "--as-of", AS_OF]);
    run.expect_code(0);
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn status_markdown() {
    let p = small();
    let run = p.okr(&["status", "--format", "markdown", "--as-of", AS_OF]);
    run.expect_code(0);
    insta::assert_snapshot!(run.stdout);
}

/// After the quarter a committed objective below 1.0 has missed; it is no
/// longer a forecast.
#[test]
fn a_committed_miss_is_past_tense_once_the_quarter_is_over() {
    let p = small();
    for format in ["text", "markdown"] {
        let run = p.okr(&["status", "--format", format, "--as-of", "2026-04-15", "--quarter", "2026-Q1"]);
        run.expect_code(0);
        assert!(run.stdout.contains("committed: missed 1.0"), "{}", run.stdout);
        assert!(!run.stdout.contains("will miss"), "{}", run.stdout);
    }
}

#[test]
fn status_with_data_errors_warns_on_stderr_and_exits_1() {
    let p = errors();
    let run = p.okr(&["status", "--as-of", AS_OF]);
    run.expect_code(1);
    assert_eq!(
        run.stderr,
        "warning: 12 errors in the OKR files; objectives or key results with errors may be missing or incomplete above. Run `okr check` for details.\n"
    );
    // What could be read is still shown.
    assert!(run.stdout.contains("Build a durable revenue engine"), "{}", run.stdout);
    assert!(run.stdout.contains("Keep the teams we win"), "{}", run.stdout);
}

/// Every command that reads OKRs treats a missing root as `check` does:
/// exit 2 naming it, nothing on stdout (a typo in `root` must not read as an
/// empty quarter).
#[test]
fn every_reading_command_exits_2_without_the_okr_root() {
    let typo =
        Project::with_files(&[("okr.toml", "root = \"okr\"\n"), ("okrs/2026-Q1/growth/a.md", "---\n---\n# A\n")]);
    let none = Project::empty();
    for args in [
        &["status"][..],
        &["status", "--format", "json"],
        &["tree"],
        &["trend"],
        &["review"],
        &["retro", "2026-Q1"],
        &["report", "--out", "site"],
        &["check"],
    ] {
        let args: Vec<&str> = args.iter().copied().chain(["--as-of", AS_OF]).collect();
        let run = typo.okr(&args);
        run.expect_code(2);
        assert!(run.stdout.is_empty(), "{args:?}: {}", run.stdout);
        assert!(
            run.stderr.contains("there is no okr/ folder (the `root` that okr.toml sets)"),
            "{args:?}: {}",
            run.stderr
        );
        let run = none.okr(&args);
        run.expect_code(2);
        assert!(
            run.stderr.contains("there is no okrs/ folder here; run `okr init` to start"),
            "{args:?}: {}",
            run.stderr
        );
    }
}

#[test]
fn status_with_an_empty_okrs_folder_says_how_to_add_one() {
    let p = Project::empty();
    std::fs::create_dir_all(p.join("okrs")).unwrap();
    let run = p.okr(&["status", "--as-of", AS_OF]);
    run.expect_code(0);
    assert_eq!(run.stdout, "No objectives found under okrs/. Add one with `okr new objective NAME --team TEAM`.\n");
}

#[test]
fn status_survives_a_closed_stdout_pipe() {
    let p = Project::with_files(&fixtures::many_objectives(500));
    // Enough output to overflow a pipe buffer (64 KiB on Linux) several times.
    let full = p.okr(&["status", "--as-of", AS_OF]).expect_code(0).stdout.clone();
    assert!(full.len() > 3 * 65536, "only {} bytes of output", full.len());

    for format in ["text", "json", "markdown"] {
        let mut cmd = p.okr_cmd(".");
        cmd.args(["status", "--as-of", AS_OF, "--format", format]);
        let (line, code, stderr) = first_line_then_close(cmd);
        assert!(!line.is_empty(), "{format}: no first line");
        assert!(!stderr.contains("panicked"), "{format}: {stderr}");
        assert_eq!(code, 0, "{format}: exit code {code}, stderr:\n{stderr}");
        assert_eq!(stderr, "", "{format}");
    }
    let (line, _, _) = first_line_then_close({
        let mut c = p.okr_cmd(".");
        c.args(["status", "--as-of", AS_OF]);
        c
    });
    assert_eq!(line, "2026-Q1 · as of 2026-02-15 · 50% of the quarter elapsed\n");
}

// ---------------------------------------------------------------------------
// okr check
// ---------------------------------------------------------------------------

/// (rule, severity, file, line, column, ref) of one finding.
type Row = (String, String, String, u64, u64, Option<String>);
type StaticRow = (&'static str, &'static str, &'static str, u64, u64, Option<&'static str>);

/// Every finding of [`ERRORS`], in output order.
fn expected_error_rows() -> Vec<StaticRow> {
    const A: &str = "okrs/2026-Q1/growth/activation.md";
    const L: &str = "okrs/2026-Q1/growth/loop.md";
    const U: &str = "okrs/2026-Q1/ops/uptime.md";
    vec![
        ("unknown-ref", "error", A, 3, 9, Some("2026-Q1/growth/activation")),
        ("invalid-front-matter", "error", A, 8, 13, Some("2026-Q1/growth/activation#activation-rate")),
        ("invalid-front-matter", "error", A, 9, 5, Some("2026-Q1/growth/activation#activation-rate")),
        ("duplicate-id", "error", A, 10, 5, Some("2026-Q1/growth/activation#activation-rate")),
        ("invalid-id", "error", A, 14, 9, Some("2026-Q1/growth/activation#Bad_ID")),
        ("invalid-front-matter", "error", A, 23, 17, Some("2026-Q1/growth/activation#signups")),
        ("missing-field", "error", L, 1, 1, Some("2026-Q1/growth/loop")),
        ("quarter-mismatch", "error", L, 3, 10, Some("2026-Q1/growth/loop")),
        ("drives-cycle", "error", L, 9, 14, Some("2026-Q1/growth/loop#a")),
        ("invalid-front-matter", "error", U, 4, 63, Some("2026-Q1/ops/uptime#uptime")),
        ("invalid-front-matter", "error", U, 9, 5, Some("2026-Q1/ops/uptime#latency")),
        ("quarter-mismatch", "error", "okrs/2026-Q9/misc/x.md", 1, 1, None),
    ]
}

fn rows(v: &Value) -> Vec<Row> {
    v["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                d["severity"].as_str().unwrap().to_string(),
                d["file"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
                d["ref"].as_str().map(str::to_string),
            )
        })
        .collect()
}

fn owned(rows: Vec<StaticRow>) -> Vec<Row> {
    rows.into_iter()
        .map(|(a, b, c, l, col, r)| (a.to_string(), b.to_string(), c.to_string(), l, col, r.map(str::to_string)))
        .collect()
}

#[test]
fn check_text() {
    let p = errors();
    let run = p.okr(&["check"]);
    run.expect_code(1);
    assert_eq!(run.stderr, "");
    insta::assert_snapshot!(run.stdout);
}

/// The small fixture with every quality rule off.
fn small_without_quality_rules() -> Project {
    let p = small();
    p.write("okr.toml", fixtures::QUALITY_OFF);
    p
}

#[test]
fn check_text_without_findings() {
    let p = small_without_quality_rules();
    let run = p.okr(&["check"]);
    run.expect_code(0);
    assert_eq!(run.stdout, "No problems found in 4 files.\n");
    assert_eq!(
        p.okr(&["check", "--format", "json"]).expect_code(0).json(),
        json!({"diagnostics": [], "summary": {"errors": 0, "warnings": 0, "infos": 0},
               "history": {"read": false, "reason": "this is not a git repository"}})
    );
}

#[test]
fn check_of_a_valid_project_exits_0_whatever_quality_rules_say() {
    // Quality findings are warnings or infos by default: not an error exit.
    small().okr(&["check"]).expect_code(0);
    small().okr(&["check", "--format", "json"]).expect_code(0);
}

#[test]
fn check_summary_appends_every_finding_as_markdown() {
    let p = errors();
    p.write("summary.md", "## Earlier step\n");
    let run = p.okr(&["check", "--format", "github", "--summary", "summary.md"]);
    run.expect_code(1);
    // Annotations stop at ten per level and point to the summary for the rest.
    assert_eq!(run.stdout.lines().filter(|l| l.starts_with("::error ")).count(), 10, "{}", run.stdout);
    assert!(run.stdout.ends_with("okr: 2 more errors not annotated; see the job summary or run okr check\n"));
    let summary = String::from_utf8(p.read("summary.md")).unwrap();
    let appended = summary.strip_prefix("## Earlier step\n\n").expect("appended after a blank line");
    // The summary lists all twelve.
    assert_eq!(appended.lines().filter(|l| l.starts_with("| error |")).count(), 12, "{appended}");
    insta::assert_snapshot!(appended);
}

#[test]
fn check_summary_without_findings_is_one_line_and_paths_follow_the_directory_flag() {
    let p = small_without_quality_rules();
    std::fs::create_dir(p.join("out")).unwrap();
    p.okr_in("okrs", &["-C", "..", "check", "--summary", "out/s.md"]).expect_code(0);
    assert_eq!(String::from_utf8(p.read("out/s.md")).unwrap(), "### okr check: no problems found in 4 files\n");
    // Appends: a second run adds its line after a blank one.
    p.okr(&["check", "--summary", "out/s.md"]).expect_code(0);
    assert_eq!(
        String::from_utf8(p.read("out/s.md")).unwrap(),
        "### okr check: no problems found in 4 files\n\n### okr check: no problems found in 4 files\n"
    );
    // A summary that cannot be written is an I/O error.
    let run = p.okr(&["check", "--summary", "missing-folder/s.md"]);
    run.expect_code(2);
    assert!(run.stderr.contains("cannot write the summary to"), "{}", run.stderr);
}

#[test]
fn check_markdown_on_the_example_okrs() {
    // With their history, so the history rules have something to say.
    let p = fixtures::example_repo();
    let run = p.okr(&["check", "--as-of", "2026-11-20", "--format", "markdown"]);
    let text = p.okr(&["check", "--as-of", "2026-11-20"]);
    run.expect_code(text.code);
    assert_eq!(run.stderr, "");
    assert!(run.stdout.starts_with("### okr check: "), "{}", run.stdout);
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn check_markdown_prints_what_the_summary_appends() {
    let errors = errors();
    let example = fixtures::example_repo();
    let clean = small_without_quality_rules();
    for (p, code) in [(&errors, 1), (&example, 0), (&clean, 0)] {
        let run = p.okr(&["check", "--as-of", "2026-11-20", "--format", "markdown", "--summary", "same-run.md"]);
        run.expect_code(code);
        assert_eq!(run.stdout, String::from_utf8(p.read("same-run.md")).unwrap());
        // And what a text run's summary holds: the format changes only stdout.
        p.okr(&["check", "--as-of", "2026-11-20", "--summary", "text-run.md"]).expect_code(code);
        assert_eq!(run.stdout, String::from_utf8(p.read("text-run.md")).unwrap());
    }
    assert_eq!(
        clean.okr(&["check", "--format", "markdown"]).expect_code(0).stdout,
        "### okr check: no problems found in 4 files\n"
    );
    // --fail-on sets the exit code as in the other formats.
    errors.okr(&["check", "--format", "markdown", "--fail-on", "info"]).expect_code(1);
    example.okr(&["check", "--as-of", "2026-11-20", "--format", "markdown", "--fail-on", "info"]).expect_code(1);
}

#[test]
fn check_json_lists_every_diagnostic_with_its_position() {
    let p = errors();
    let run = p.okr(&["check", "--format", "json"]);
    run.expect_code(1);
    let v = run.json();
    assert_eq!(rows(&v), owned(expected_error_rows()));
    assert_eq!(v["summary"], json!({"errors": 12, "warnings": 0, "infos": 0}));
}

#[test]
fn check_json_messages_and_related_refs() {
    let p = errors();
    let v = p.okr(&["check", "--format", "json"]).json();
    let d = v["diagnostics"].as_array().unwrap();
    let msg = |i: usize| d[i]["message"].as_str().unwrap().to_string();

    assert_eq!(
        msg(0),
        "`parent: company/revenu` names nothing: there is no `2026-Q1/company/revenu`\nhelp: did you mean `2026-Q1/company/revenue`?"
    );
    assert_eq!(msg(1), "`target` must be a number, found `30%`\nhelp: write `30` and put the unit in `unit: \"%\"`");
    assert_eq!(msg(2), "unknown field `curent` in a key result\nhelp: did you mean `current`?");
    assert!(
        msg(3).starts_with("KR id `activation-rate` is used twice in this objective (first at line 5)"),
        "{}",
        msg(3)
    );
    assert_eq!(d[3]["related"], json!(["2026-Q1/growth/activation#activation-rate"]));
    assert!(
        msg(5).starts_with("an entry of `drives` is empty\nhelp: YAML reads ` #` as the start of a comment: quote"),
        "{}",
        msg(5)
    );
    assert_eq!(
        msg(6),
        "the objective has no title\nhelp: add a `# Title` heading after the front matter, or a `title:` field"
    );
    assert!(
        msg(8).starts_with(
            "the `drives` links form a cycle: 2026-Q1/growth/loop#a → 2026-Q1/growth/loop#b → 2026-Q1/growth/loop#a"
        ),
        "{}",
        msg(8)
    );
    assert_eq!(d[8]["related"], json!(["2026-Q1/growth/loop#b"]));
    assert_eq!(msg(10), "unknown field `confidense` in a key result\nhelp: did you mean `confidence`?");
    for x in d {
        if x["rule"] != "duplicate-id" && x["rule"] != "drives-cycle" {
            assert_eq!(x["related"], json!([]), "{x}");
        }
    }
}

#[test]
fn check_counts_columns_in_characters_after_a_bom_in_a_crlf_file() {
    let p =
        Project::with_files(&[("okr.toml", fixtures::QUALITY_OFF), ("okrs/2026-Q1/ops/uptime.md", fixtures::BOM_CRLF)]);
    let run = p.okr(&["check"]);
    run.expect_code(1);
    let text = &run.stdout;
    // The caret sits under `99.9%`, not shifted by the BOM, the CR or the
    // multi-byte characters before it.
    let line = "4 │   - {id: uptime, title: \"Üptime ≥ 99%\", baseline: 99, target: 99.9%}\n";
    let caret = format!("  │ {}━━━━━\n", " ".repeat(62));
    assert!(text.contains(&format!("okrs/2026-Q1/ops/uptime.md:4:63\n  │\n{line}{caret}")), "{text}");
    assert!(!text.contains('\r'), "a carriage return leaked into the output:\n{text:?}");
    assert!(!text.contains('\u{feff}'), "the BOM leaked into the output");

    let v = p.okr(&["check", "--format", "json"]).json();
    let positions: Vec<(u64, u64)> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["line"].as_u64().unwrap(), d["column"].as_u64().unwrap()))
        .collect();
    assert_eq!(positions, [(4, 63), (9, 5)]);

    // The objective itself reads fine once fixed: the title comes from the
    // CRLF heading without a trailing CR.
    p.edit("okrs/2026-Q1/ops/uptime.md", "target: 99.9%", "target: 99.9");
    p.edit("okrs/2026-Q1/ops/uptime.md", "confidense", "confidence");
    p.okr(&["check"]).expect_code(0);
    let s = p.okr(&["status", "--format", "json", "--as-of", AS_OF]).expect_code(0).json();
    assert_eq!(s["objectives"][0]["title"], "Üptime — ops");
    assert_eq!(s["objectives"][0]["key_results"][0]["title"], "Üptime ≥ 99%");
    assert_eq!(s["objectives"][0]["key_results"][1]["title"], "Cut p95 latency from 800 ms to 400 ms");
}

#[test]
fn check_exit_codes_and_fail_on() {
    let bad = errors();
    let good = small_without_quality_rules();
    for level in ["error", "warning", "info"] {
        bad.okr(&["check", "--fail-on", level]).expect_code(1);
        good.okr(&["check", "--fail-on", level]).expect_code(0);
        bad.okr(&["check", "--format", "json", "--fail-on", level]).expect_code(1);
    }
    // Every finding is printed whatever --fail-on says.
    let a = bad.okr(&["check", "--format", "json", "--fail-on", "error"]).stdout.clone();
    let b = bad.okr(&["check", "--format", "json", "--fail-on", "info"]).stdout.clone();
    assert_eq!(a, b);

    let usage = good.okr(&["check", "--fail-on", "sometimes"]);
    usage.expect_code(2);
    assert!(usage.stderr.contains("--fail-on"), "{}", usage.stderr);
}

/// One objective whose second KR has no target, with only `no-target`
/// switched on, at `level`.
fn no_target_project(level: &str) -> Project {
    let config = fixtures::QUALITY_OFF.replace("no-target = \"off\"", &format!("no-target = \"{level}\""));
    Project::with_files(&[
        ("okr.toml", config.as_str()),
        (
            "okrs/2026-Q1/company/business.md",
            "---\nowner: ceo\nkey_results:\n  - id: revenue\n    title: Grow revenue from 1 to 2 MUSD\n    baseline: 1\n    target: 2\n  - id: nps\n    title: Net promoter score\n    baseline: 30\n---\n# Build a durable business\n",
        ),
    ])
}

#[test]
fn fail_on_sets_the_exit_code_from_the_severity_of_quality_findings() {
    // (configured level, exit code with --fail-on error / warning / info)
    for (level, codes) in [("warn", [0, 1, 1]), ("info", [0, 0, 1]), ("error", [1, 1, 1]), ("off", [0, 0, 0])] {
        let p = no_target_project(level);
        for (fail_on, code) in ["error", "warning", "info"].into_iter().zip(codes) {
            let run = p.okr(&["check", "--format", "json", "--fail-on", fail_on]);
            assert_eq!(run.code, code, "no-target = {level}, --fail-on {fail_on}:\n{}", run.stdout);
            // Every finding is printed whatever --fail-on says.
            let v = run.json();
            let d = v["diagnostics"].as_array().unwrap();
            if level == "off" {
                assert!(d.is_empty(), "{v}");
                continue;
            }
            assert_eq!(d.len(), 1, "{v}");
            assert_eq!(d[0]["rule"], "no-target");
            assert_eq!(d[0]["severity"], if level == "warn" { "warning" } else { level });
            assert_eq!(d[0]["ref"], "2026-Q1/company/business#nps");
            assert_eq!(d[0]["file"], "okrs/2026-Q1/company/business.md");
        }
    }
}

#[test]
fn check_paths_report_only_the_selected_files() {
    let p = errors();
    let only = |dir: &str, args: &[&str]| {
        let mut all = vec!["check", "--format", "json"];
        all.extend_from_slice(args);
        let run = p.okr_in(dir, &all);
        (run.code, rows(&run.json()))
    };
    let all = owned(expected_error_rows());
    let of = |file: &str| all.iter().filter(|r| r.2 == file).cloned().collect::<Vec<_>>();

    let (code, got) = only(".", &["okrs/2026-Q1/ops/uptime.md"]);
    assert_eq!((code, got), (1, of("okrs/2026-Q1/ops/uptime.md")));

    // A folder selects everything below it.
    let (code, got) = only(".", &["okrs/2026-Q1/growth"]);
    let mut growth = of("okrs/2026-Q1/growth/activation.md");
    growth.extend(of("okrs/2026-Q1/growth/loop.md"));
    assert_eq!((code, got), (1, growth.clone()));

    // Several paths, relative to a subfolder of the project.
    let (code, got) = only("okrs/2026-Q1/growth", &["loop.md", "../ops/uptime.md"]);
    let mut two = of("okrs/2026-Q1/growth/loop.md");
    two.extend(of("okrs/2026-Q1/ops/uptime.md"));
    assert_eq!((code, got), (1, two));

    // A clean file whose `parent` and `drives` point into other (broken,
    // unselected) files: every file is loaded, so the refs resolve and
    // nothing is reported; the exit code only counts the selected findings.
    let (code, got) = only(".", &["okrs/2026-Q1/growth/retention.md"]);
    assert_eq!((code, got), (0, vec![]));
    let text = p.okr(&["check", "okrs/2026-Q1/growth/retention.md"]);
    text.expect_code(0);
    assert_eq!(text.stdout, "No problems found in 1 file.\n");
}

// ---------------------------------------------------------------------------
// --rev
// ---------------------------------------------------------------------------

fn currents(v: &Value) -> Vec<Value> {
    v["objectives"][0]["key_results"].as_array().unwrap().iter().map(|k| k["current"].clone()).collect()
}

#[test]
fn rev_reads_the_committed_version_and_the_worktree_by_default() {
    let p = small();
    p.init_repo("Version A");
    p.edit("okrs/2026-Q1/company/revenue.md", "current: 118", "current: 140");

    let at_head =
        p.okr(&["status", "--rev", "HEAD", "--format", "json", "--as-of", AS_OF, "--no-history"]).expect_code(0).json();
    assert_eq!(at_head, expected_small_status_with(json!({"read": false, "reason": "--no-history was given"})));
    assert_eq!(currents(&at_head), [json!(118), json!(2.5)]);

    // With history, every KR that has a `current` (or a milestone's `done`:
    // both are check-ins) was last updated by the only commit (one point:
    // no projection).
    let mut with_history = expected_small_status_with(json!({"read": true, "reason": null}));
    for o in with_history["objectives"].as_array_mut().unwrap() {
        let build = o["type"] == "build";
        for kr in o["key_results"].as_array_mut().unwrap() {
            if !kr["current"].is_null() || build {
                kr["updated"] = json!("2026-01-05T09:00:00Z");
            }
        }
    }
    let at_head_history =
        p.okr(&["status", "--rev", "HEAD", "--format", "json", "--as-of", AS_OF]).expect_code(0).json();
    assert_eq!(at_head_history, with_history);

    let worktree = p.okr(&["status", "--format", "json", "--as-of", AS_OF]).expect_code(0).json();
    assert_eq!(currents(&worktree), [json!(140), json!(2.5)]);
    assert_eq!(worktree["objectives"][0]["key_results"][0]["progress"], json!(0.8));

    // The same from a subfolder of the repository.
    let sub = p
        .okr_in("okrs/2026-Q1", &["status", "--rev", "HEAD", "--format", "json", "--as-of", AS_OF, "--no-history"])
        .expect_code(0)
        .json();
    assert_eq!(sub, at_head);
}

#[test]
fn rev_accepts_branches_tags_ancestors_and_commit_ids() {
    let p = small();
    let first = p.init_repo("Version A");
    p.git(&["tag", "v-a"]);
    p.edit("okrs/2026-Q1/company/revenue.md", "current: 118", "current: 130");
    let second = p.commit_all("Version B", "2026-02-01T10:00:00Z");
    p.edit("okrs/2026-Q1/company/revenue.md", "current: 130", "current: 149");

    let current_at = |rev: &str| {
        let v = p.okr(&["status", "--rev", rev, "--format", "json", "--as-of", AS_OF]).expect_code(0).json();
        currents(&v)[0].clone()
    };
    assert_eq!(current_at("HEAD"), json!(130));
    assert_eq!(current_at("main"), json!(130));
    assert_eq!(current_at(&second), json!(130));
    assert_eq!(current_at("HEAD~1"), json!(118));
    assert_eq!(current_at("v-a"), json!(118));
    assert_eq!(current_at(&first[..10]), json!(118));

    // History follows the revision read: `updated` is the last commit up to
    // it that changed the value.
    let kr0 = |rev: &str| {
        let v = p.okr(&["status", "--rev", rev, "--format", "json", "--as-of", AS_OF]).expect_code(0).json();
        v["objectives"][0]["key_results"].clone()
    };
    let head = kr0("HEAD");
    assert_eq!(head[0]["updated"], "2026-02-01T10:00:00Z");
    assert_eq!(head[1]["updated"], "2026-01-05T09:00:00Z", "churn did not change");
    // Two points (118 on Jan 5, 130 on Feb 1): the line projects past 130 by
    // the quarter's last day.
    let projected = head[0]["projected"].as_f64().expect("a projection from two points");
    assert!(projected > 130.0 && projected < 200.0, "{projected}");
    assert_eq!(head[1]["projected"], Value::Null, "one point: no projection");
    let before = kr0("HEAD~1");
    assert_eq!(before[0]["updated"], "2026-01-05T09:00:00Z");
    assert_eq!(before[0]["projected"], Value::Null);
}

#[test]
fn rev_check_reads_the_same_findings_as_the_worktree() {
    let p = errors();
    p.init_repo("Broken files");
    let worktree = p.okr(&["check", "--format", "json"]);
    let at_head = p.okr(&["check", "--format", "json", "--rev", "HEAD"]);
    at_head.expect_code(1);
    assert_eq!(at_head.stdout, worktree.stdout, "the BOM + CRLF file must read the same from git");

    // Fix every file in the worktree: HEAD still has the errors.
    for (path, _) in ERRORS {
        if path.ends_with(".md") {
            std::fs::remove_file(p.join(path)).unwrap();
        }
    }
    p.okr(&["check"]).expect_code(0);
    p.okr(&["check", "--rev", "HEAD"]).expect_code(1);
}

#[test]
fn rev_that_does_not_exist_exits_2_with_a_message() {
    let p = small();
    p.init_repo("Version A");
    for cmd in ["status", "check"] {
        let run = p.okr(&[cmd, "--rev", "nonexistent", "--as-of", AS_OF]);
        run.expect_code(2);
        assert_eq!(run.stdout, "");
        assert!(run.stderr.starts_with("error: `nonexistent` is not a revision of this repository"), "{}", run.stderr);
        assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    }
    // gix's own words (`input=`, `delegate.traverse(...)`) are not shown; what to do is.
    for rev in ["nonexistent", "HEAD~99"] {
        let run = p.okr(&["status", "--rev", rev]);
        run.expect_code(2);
        assert!(run.stderr.contains("name a branch, a tag or a commit"), "{}", run.stderr);
        assert!(!run.stderr.contains("input=") && !run.stderr.contains("delegate"), "{}", run.stderr);
    }
}

#[test]
fn rev_outside_a_git_repository_exits_2() {
    let p = small();
    for cmd in ["status", "check"] {
        let run = p.okr(&[cmd, "--rev", "HEAD", "--as-of", AS_OF]);
        run.expect_code(2);
        assert_eq!(run.stdout, "");
        assert!(
            run.stderr.starts_with("error: ") && run.stderr.contains("is not inside a git repository"),
            "{}",
            run.stderr
        );
    }
}

// ---------------------------------------------------------------------------
// okr init, okr new
// ---------------------------------------------------------------------------

fn is_quarter(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 7 && b[..4].iter().all(u8::is_ascii_digit) && &s[4..6] == "-Q" && (b'1'..=b'4').contains(&b[6])
}

#[test]
fn init_scaffolds_a_project_that_passes_check() {
    let p = Project::empty();
    let run = p.okr(&["init"]);
    run.expect_code(0);
    let mut periods: Vec<String> = std::fs::read_dir(p.join("okrs"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    periods.sort();
    assert_eq!(periods.len(), 2, "a year and a quarter: {periods:?}");
    let (year, q) = (&periods[0], &periods[1]);
    assert!(is_quarter(q), "{q}");
    assert_eq!(&q[..4], year, "the quarter's year");
    let files: Vec<String> = p.snapshot_files().into_iter().map(|(f, _)| f).collect();
    assert_eq!(
        files,
        [
            ".github/workflows/okr.yml".to_string(),
            "okr.toml".into(),
            format!("okrs/{q}/company/first-objective.md"),
            format!("okrs/{year}/company/first-bet.md"),
        ]
    );
    assert!(run.stdout.contains(&format!("created  okrs/{q}/company/first-objective.md")), "{}", run.stdout);
    assert!(run.stdout.contains(&format!("created  okrs/{year}/company/first-bet.md")), "{}", run.stdout);

    // No finding at all: the quarter example names the year example, so
    // neither `no-bet` nor a dangling parent.
    let check = p.okr(&["check", "--format", "json"]).expect_code(0).json();
    assert_eq!(check["diagnostics"], serde_json::json!([]), "{check}");
    let status = p.okr(&["status", "--format", "json"]).expect_code(0).json();
    assert_eq!(status["objectives"][0]["ref"], format!("{q}/company/first-objective"));
    assert_eq!(status["objectives"][0]["owner"], "your-name", "no git user.name: a placeholder owner");
    assert_eq!(status["objectives"][0]["parent"], format!("{year}/company/first-bet#retained-accounts"));
    let year_status = p.okr(&["status", "--period", year, "--format", "json"]).expect_code(0).json();
    let bet = &year_status["objectives"][0];
    assert_eq!(bet["ref"], format!("{year}/company/first-bet"));
    assert!(bet["bet"].as_str().is_some_and(|b| !b.is_empty()), "the year example states its bet: {bet}");
    assert_eq!(bet["key_results"][0]["ref"], format!("{year}/company/first-bet#retained-accounts"));
    // The tree of parent links: the quarter example beneath the year's bet.
    let tree = p.okr(&["tree", "--format", "json"]).expect_code(0).json();
    let top = &tree["alignment"][0]["node"];
    assert_eq!(tree["alignment"].as_array().map(Vec::len), Some(1), "{tree}");
    assert_eq!(top["ref"], format!("{year}/company/first-bet"), "{tree}");
    assert_eq!(top["children"][0]["ref"], format!("{q}/company/first-objective"), "{tree}");

    // The workflow is the same-repository pattern of docs/github-action.md, which CI lints.
    let workflow = String::from_utf8(p.read(".github/workflows/okr.yml")).unwrap();
    let documented = include_str!("../../docs/workflows/okr.yml");
    assert_eq!(workflow, documented);
    for line in ["pull_request:", "fetch-depth: 0", "persist-credentials: false", "pull-requests: write"] {
        assert!(workflow.contains(line), "{line}:\n{workflow}");
    }
    let pinned = format!("okr-cli/okr@v{}", env!("CARGO_PKG_VERSION"));
    assert!(workflow.contains(&format!("uses: {pinned}\n")), "{workflow}");
    assert!(run.stdout.contains(&format!("runs the okr action `{pinned}`")), "{}", run.stdout);
}

#[test]
fn init_twice_changes_no_file() {
    let p = Project::empty();
    p.okr(&["init", "--quarter", "2026-Q1"]).expect_code(0);
    assert!(p.exists("okrs/2026-Q1/company/first-objective.md"));
    let before = p.snapshot_files();
    let again = p.okr(&["init", "--quarter", "2026-Q1"]);
    again.expect_code(0);
    assert!(again.stdout.contains("Nothing to do: this project is already initialised."), "{}", again.stdout);
    assert_eq!(p.snapshot_files(), before);

    // An edited file is kept as it is.
    p.write("okr.toml", "root = \"okrs\"\n");
    let before = p.snapshot_files();
    p.okr(&["init", "--quarter", "2026-Q1"]).expect_code(0);
    assert_eq!(p.snapshot_files(), before);
}

/// `okr init` in a project whose quarter already has objectives adds the
/// missing okr.toml and workflow, but no example objective beside real ones.
#[test]
fn init_adds_no_example_to_a_quarter_that_has_objectives() {
    let p = Project::with_files(&[("okrs/2026-Q1/growth/activation.md", "---\nowner: maya\n---\n# Activate\n")]);
    let run = p.okr(&["init", "--quarter", "2026-Q1"]);
    run.expect_code(0);
    assert!(!p.exists("okrs/2026-Q1/company/first-objective.md"));
    assert!(p.exists("okr.toml"));
    assert!(
        run.stdout.contains("  skipped  okrs/2026-Q1/company/first-objective.md (2026-Q1 has objectives already)"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("Next: run `okr check`"), "{}", run.stdout);
    // Another quarter gets its example.
    p.okr(&["init", "--quarter", "2026-Q2"]).expect_code(0);
    assert!(p.exists("okrs/2026-Q2/company/first-objective.md"));
}

/// A year that has objectives already gets no example; the quarter example
/// then names no parent (it would dangle), and an existing year example is
/// named as an objective (its KRs may have been edited).
#[test]
fn init_links_the_quarter_example_to_the_year_example_only_when_it_exists() {
    let p = Project::with_files(&[(
        "okrs/2026/growth/plg.md",
        "---\nowner: maya\nkey_results:\n  - id: share\n    title: Raise the self-serve share of new ARR from 10% to 30%\n    baseline: 10\n    target: 30\n---\n# Grow on our own\n",
    )]);
    let run = p.okr(&["init", "--quarter", "2026-Q2"]);
    run.expect_code(0);
    assert!(
        run.stdout.contains("  skipped  okrs/2026/company/first-bet.md (2026 has objectives already)"),
        "{}",
        run.stdout
    );
    let quarter = String::from_utf8(p.read("okrs/2026-Q2/company/first-objective.md")).unwrap();
    assert!(quarter.contains("\n# parent: \"company/<objective>#<kr>\"\n"), "{quarter}");
    let check = p.okr(&["check", "--format", "json"]).expect_code(0).json();
    assert_eq!(check["summary"]["errors"], 0, "{check}");

    let p = Project::empty();
    p.okr(&["init", "--quarter", "2026-Q1"]).expect_code(0);
    std::fs::remove_file(p.join("okrs/2026-Q1/company/first-objective.md")).unwrap();
    p.okr(&["init", "--quarter", "2026-Q1"]).expect_code(0);
    let quarter = String::from_utf8(p.read("okrs/2026-Q1/company/first-objective.md")).unwrap();
    assert!(quarter.contains("\nparent: \"2026/company/first-bet\""), "{quarter}");
    p.okr(&["check", "--format", "json"]).expect_code(0);
}

/// `okr new objective --period P` files a half, year or span objective into
/// that horizon's folder, and every built-in template passes `okr check`.
#[test]
fn new_objective_for_longer_horizons() {
    let p = Project::empty();
    for (flag, period) in [("--period", "2027"), ("--quarter", "2026-H2"), ("--period", "2026-2028")] {
        for kind in ["outcome", "build", "discovery"] {
            let name = format!("bet-{kind}");
            let run = p.okr(&[
                "new",
                "objective",
                &name,
                "--team",
                "company",
                flag,
                period,
                "--type",
                kind,
                "--owner",
                "maya",
            ]);
            run.expect_code(0);
            let rel = format!("okrs/{period}/company/{name}.md");
            assert_eq!(run.stdout, format!("Created {rel} from the built-in {kind} template\n"));
            assert!(p.exists(&rel));
        }
        let v =
            p.okr(&["status", "--period", period, "--format", "json", "--as-of", "2026-08-01"]).expect_code(0).json();
        let refs: Vec<&str> = v["objectives"].as_array().unwrap().iter().map(|o| o["ref"].as_str().unwrap()).collect();
        assert_eq!(
            refs,
            [
                format!("{period}/company/bet-build"),
                format!("{period}/company/bet-discovery"),
                format!("{period}/company/bet-outcome")
            ]
        );
    }
    let check = p.okr(&["check", "--format", "json"]).expect_code(0).json();
    assert_eq!(check["summary"]["errors"], 0, "{check}");
    assert_eq!(check["summary"]["warnings"], 0, "{check}");
    let bad = p.okr(&["new", "objective", "x", "--team", "company", "--period", "2026-H3"]);
    bad.expect_code(2);
    assert!(bad.stderr.contains("is not a period"), "{}", bad.stderr);
}

/// `okr new objective NAME --team TEAM --quarter 2026-Q2 --owner OWNER` and `extra`.
fn new_q2(p: &Project, name: &str, team: &str, owner: &str, extra: &[&str]) -> common::Run {
    let mut args = vec!["new", "objective", name, "--team", team, "--quarter", "2026-Q2", "--owner", owner];
    args.extend_from_slice(extra);
    p.okr(&args)
}

#[test]
fn new_objective_creates_a_file_that_passes_check() {
    let p = Project::empty();
    let run = new_q2(&p, "faster-onboarding", "growth", "maya", &[]);
    run.expect_code(0);
    assert_eq!(run.stdout, "Created okrs/2026-Q2/growth/faster-onboarding.md from the built-in outcome template\n");
    let text = String::from_utf8(p.read("okrs/2026-Q2/growth/faster-onboarding.md")).unwrap();
    assert!(text.starts_with("---\n"), "{text}");
    assert!(text.contains("owner: \"maya\""), "{text}");
    assert!(text.contains("\n# Faster onboarding\n"), "{text}");
    assert!(!text.contains("{{"), "an unfilled placeholder:\n{text}");

    p.okr(&["check"]).expect_code(0);
    let v = p.okr(&["status", "--format", "json", "--as-of", "2026-05-01"]).expect_code(0).json();
    let o = &v["objectives"][0];
    assert_eq!(o["ref"], "2026-Q2/growth/faster-onboarding");
    assert_eq!(o["team"], "growth");
    assert_eq!(o["type"], "outcome");
    assert_eq!(o["owner"], "maya");
    assert_eq!(o["title"], "Faster onboarding");
}

#[test]
fn new_objective_never_overwrites() {
    let p = Project::empty();
    let args = ["new", "objective", "faster-onboarding", "--team", "growth", "--quarter", "2026-Q2", "--owner", "maya"];
    p.okr(&args).expect_code(0);
    let rel = "okrs/2026-Q2/growth/faster-onboarding.md";
    let before = p.read(rel);
    let again = new_q2(&p, "faster-onboarding", "growth", "someone-else", &["--type", "build"]);
    again.expect_code(2);
    assert_eq!(again.stdout, "");
    assert!(
        again.stderr.contains("faster-onboarding.md already exists; okr does not overwrite files"),
        "{}",
        again.stderr
    );
    assert_eq!(p.read(rel), before);
}

#[test]
fn new_objective_of_each_type() {
    let p = Project::empty();
    for (name, kind) in [("ship-sso", "build"), ("pricing-research", "discovery"), ("activation", "outcome")] {
        new_q2(&p, name, "growth", "maya", &["--type", kind]).expect_code(0);
    }
    p.okr(&["check"]).expect_code(0);
    let v = p.okr(&["status", "--format", "json", "--as-of", "2026-05-01"]).expect_code(0).json();
    let kinds: Vec<(&str, &str)> = v["objectives"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| (o["ref"].as_str().unwrap(), o["type"].as_str().unwrap()))
        .collect();
    assert_eq!(
        kinds,
        [
            ("2026-Q2/growth/activation", "outcome"),
            ("2026-Q2/growth/pricing-research", "discovery"),
            ("2026-Q2/growth/ship-sso", "build"),
        ]
    );
    // Build and discovery templates carry `done` milestones.
    let build = String::from_utf8(p.read("okrs/2026-Q2/growth/ship-sso.md")).unwrap();
    assert!(build.contains("done: false"), "{build}");

    let bad_type = p.okr(&["new", "objective", "x", "--team", "growth", "--quarter", "2026-Q2", "--type", "roadmap"]);
    bad_type.expect_code(2);
    assert!(bad_type.stderr.contains("use one of: outcome, build, discovery"), "{}", bad_type.stderr);
}

#[test]
fn new_objective_rejects_names_that_are_not_ids() {
    let p = Project::empty();
    let run = p.okr(&["new", "objective", "Bad Name", "--team", "growth", "--quarter", "2026-Q2", "--owner", "maya"]);
    run.expect_code(2);
    assert_eq!(run.stdout, "");
    assert!(run.stderr.contains("the name `Bad Name` is not a valid id"), "{}", run.stderr);
    let team = p.okr(&["new", "objective", "fine", "--team", "Growth", "--quarter", "2026-Q2", "--owner", "maya"]);
    team.expect_code(2);
    assert!(team.stderr.contains("the team `Growth` is not a valid id"), "{}", team.stderr);
    assert!(p.snapshot_files().is_empty(), "nothing is written: {:?}", p.snapshot_files());
}

#[test]
fn new_objective_takes_the_owner_from_git() {
    let p = Project::empty();
    p.git_init();
    p.git(&["config", "user.name", "Sam Rivera"]);
    p.okr(&["new", "objective", "retention", "--team", "growth", "--quarter", "2026-Q2"]).expect_code(0);
    let text = String::from_utf8(p.read("okrs/2026-Q2/growth/retention.md")).unwrap();
    assert!(text.contains("owner: \"Sam Rivera\""), "{text}");
}

#[test]
fn new_objective_uses_the_repository_templates() {
    let p = Project::with_files(&[
        ("okr.toml", "templates = \"my-templates\"\n"),
        (
            "my-templates/outcome.md",
            "---\nowner: \"{{owner}}\"\nkey_results:\n  - id: custom-kr\n    title: Custom KR for {{team}}\n    baseline: 1\n    target: 2\n---\n# {{title}}\n\nHouse style.\n",
        ),
    ]);
    new_q2(&p, "abc", "growth", "maya", &["--title", "Win the mid-market"]).expect_code(0);
    assert_eq!(
        String::from_utf8(p.read("okrs/2026-Q2/growth/abc.md")).unwrap(),
        "---\nowner: \"maya\"\nkey_results:\n  - id: custom-kr\n    title: Custom KR for growth\n    baseline: 1\n    target: 2\n---\n# Win the mid-market\n\nHouse style.\n"
    );
    p.okr(&["check"]).expect_code(0);

    // A type the folder has no template for is an error that names the file.
    let run = new_q2(&p, "abd", "growth", "maya", &["--type", "build"]);
    run.expect_code(2);
    assert!(run.stderr.contains("my-templates/build.md"), "{}", run.stderr);
    assert!(!p.exists("okrs/2026-Q2/growth/abd.md"));
}

/// A house template with a marker line, to tell it from the built-in one.
fn house_template(marker: &str) -> String {
    format!("---\nowner: \"{{{{owner}}}}\"\nkey_results:\n  - id: house-kr\n    title: House KR for {{{{team}}}}\n    baseline: 1\n    target: 2\n---\n# {{{{title}}}}\n\n{marker}\n")
}

/// The built-in template of `kind` as `okr new` fills it.
fn builtin_filled(kind: &str, owner: &str, team: &str, title: &str) -> String {
    let template = match kind {
        "outcome" => include_str!("../../templates/outcome.md"),
        "build" => include_str!("../../templates/build.md"),
        _ => include_str!("../../templates/discovery.md"),
    };
    template.replace("{{owner}}", owner).replace("{{team}}", team).replace("{{title}}", title)
}

/// The files of `after` that are not in `before` (or differ from it).
fn new_files(before: &[(String, Vec<u8>)], after: &[(String, Vec<u8>)]) -> Vec<String> {
    after.iter().filter(|f| !before.contains(f)).map(|(name, _)| name.clone()).collect()
}

#[test]
fn new_objective_uses_the_templates_folder_of_the_project_root_by_default() {
    let p = Project::with_files(&[("templates/outcome.md", house_template("House outcome."))]);
    p.git_init();
    std::fs::create_dir_all(p.join("notes")).unwrap();
    let before = p.snapshot_files();
    // Run from a subfolder: the templates are the project root's.
    let run =
        p.okr_in("notes", &["new", "objective", "abc", "--team", "growth", "--quarter", "2026-Q2", "--owner", "maya"]);
    run.expect_code(0);
    assert_eq!(run.stdout, "Created okrs/2026-Q2/growth/abc.md from templates/outcome.md\n");
    assert_eq!(
        String::from_utf8(p.read("okrs/2026-Q2/growth/abc.md")).unwrap(),
        "---\nowner: \"maya\"\nkey_results:\n  - id: house-kr\n    title: House KR for growth\n    baseline: 1\n    target: 2\n---\n# Abc\n\nHouse outcome.\n"
    );
    assert_eq!(new_files(&before, &p.snapshot_files()), ["okrs/2026-Q2/growth/abc.md"], "nothing else changes");
    p.okr(&["check"]).expect_code(0);
}

#[test]
fn new_objective_without_a_templates_folder_uses_the_built_in_template() {
    let p = Project::with_files(&[("okr.toml", "root = \"okrs\"\n")]);
    for kind in ["outcome", "build", "discovery"] {
        let name = format!("x-{kind}");
        let run = new_q2(&p, &name, "growth", "maya", &["--type", kind]);
        run.expect_code(0);
        assert_eq!(run.stdout, format!("Created okrs/2026-Q2/growth/{name}.md from the built-in {kind} template\n"));
        assert_eq!(
            String::from_utf8(p.read(&format!("okrs/2026-Q2/growth/{name}.md"))).unwrap(),
            builtin_filled(kind, "maya", "growth", &format!("X {kind}"))
        );
    }
}

#[test]
fn new_objective_falls_back_to_the_built_in_template_for_a_type_the_folder_lacks() {
    let p = Project::with_files(&[
        ("okr.toml", "root = \"okrs\"\n".to_string()),
        ("templates/outcome.md", house_template("House outcome.")),
        ("templates/discovery.md", house_template("House discovery.")),
    ]);
    let before = p.snapshot_files();
    let run = new_q2(&p, "sso", "platform", "lee", &["--type", "build"]);
    run.expect_code(0);
    assert_eq!(run.stdout, "Created okrs/2026-Q2/platform/sso.md from the built-in build template\n");
    assert_eq!(
        String::from_utf8(p.read("okrs/2026-Q2/platform/sso.md")).unwrap(),
        builtin_filled("build", "lee", "platform", "Sso")
    );
    assert_eq!(new_files(&before, &p.snapshot_files()), ["okrs/2026-Q2/platform/sso.md"]);

    // The types the folder has a file for still use it.
    let run = new_q2(&p, "pricing", "growth", "lee", &["--type", "discovery"]);
    run.expect_code(0);
    assert_eq!(run.stdout, "Created okrs/2026-Q2/growth/pricing.md from templates/discovery.md\n");
    let text = String::from_utf8(p.read("okrs/2026-Q2/growth/pricing.md")).unwrap();
    assert!(text.ends_with("\nHouse discovery.\n"), "{text}");
    p.okr(&["check"]).expect_code(0);
}

#[test]
fn new_objective_with_templates_set_to_a_missing_folder_exits_2_naming_it() {
    // Set explicitly, the folder must exist, even when templates/ would do.
    let p = Project::with_files(&[
        ("okr.toml", "templates = \"house-templates\"\n".to_string()),
        ("templates/outcome.md", house_template("House outcome.")),
    ]);
    let before = p.snapshot_files();
    let run = p.okr(&["new", "objective", "abc", "--team", "growth", "--quarter", "2026-Q2", "--owner", "maya"]);
    run.expect_code(2);
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr.contains("the templates folder house-templates set by `templates` in okr.toml does not exist"),
        "{}",
        run.stderr
    );
    assert_eq!(p.snapshot_files(), before, "nothing is written");
}

// ---------------------------------------------------------------------------
// okr.toml, usage, completions, man
// ---------------------------------------------------------------------------

#[test]
fn config_with_an_unknown_key_exits_2_and_names_the_position() {
    let p = Project::with_files(SMALL);
    p.write("okr.toml", "root = \"okrs\"\n\n[check]\nmax_key_result = 4\n");
    for args in [
        vec!["check"],
        vec!["status", "--as-of", AS_OF],
        vec!["new", "objective", "x", "--team", "growth", "--quarter", "2026-Q1", "--owner", "m"],
    ] {
        let run = p.okr(&args);
        run.expect_code(2);
        assert_eq!(run.stdout, "", "{args:?}");
        assert!(run.stderr.contains("okr.toml:4:1"), "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains("unknown field `max_key_result`"), "{}", run.stderr);
        assert!(run.stderr.contains("did you mean `max_key_results`?"), "{}", run.stderr);
    }
    assert!(!p.exists("okrs/2026-Q1/growth/x.md"));

    p.write("okr.toml", "rooot = \"okrs\"\n");
    let run = p.okr(&["check"]);
    run.expect_code(2);
    assert!(run.stderr.contains("okr.toml:1:1"), "{}", run.stderr);
    assert!(run.stderr.contains("did you mean `root`?"), "{}", run.stderr);
}

#[test]
fn usage_errors_exit_2() {
    let p = small();
    for args in [
        vec!["status", "--as-of", "15/02/2026"],
        vec!["status", "--quarter", "2026-Q5"],
        vec!["frobnicate"],
        vec!["status", "--format", "yaml"],
    ] {
        let run = p.okr(&args);
        run.expect_code(2);
        assert!(run.stderr.starts_with("error: "), "{args:?}: {}", run.stderr);
    }
    let run = p.okr(&["status", "--as-of", "15/02/2026"]);
    assert!(run.stderr.contains("YYYY-MM-DD"), "{}", run.stderr);
    p.okr(&["--help"]).expect_code(0);
    p.okr(&["--version"]).expect_code(0);
}

#[test]
fn directory_flag_runs_elsewhere() {
    let p = small();
    let outside = Project::empty();
    let dir = p.path().to_str().unwrap();
    let a = outside.okr(&["-C", dir, "status", "--format", "json", "--as-of", AS_OF]);
    a.expect_code(0);
    assert_eq!(a.json(), expected_small_status());
}

#[test]
fn completions_and_man_page() {
    let p = Project::empty();
    let bash = p.okr(&["completions", "bash"]);
    bash.expect_code(0);
    assert!(bash.stdout.contains("_okr()"), "{}", bash.stdout);
    assert!(bash.stdout.contains("complete -F _okr"), "{}", bash.stdout);
    for word in ["status", "check", "init", "--as-of", "--rev"] {
        assert!(bash.stdout.contains(word), "bash completion lacks {word}");
    }
    for shell in ["zsh", "fish", "elvish", "powershell"] {
        let run = p.okr(&["completions", shell]);
        run.expect_code(0);
        assert!(run.stdout.len() > 200, "{shell}");
    }
    let man = p.okr(&["man"]);
    man.expect_code(0);
    assert!(man.stdout.contains(".TH okr 1"), "{}", &man.stdout[..200.min(man.stdout.len())]);
    assert!(man.stdout.contains(".SH NAME"));
    assert!(man.stdout.contains("status"));
    assert!(p.snapshot_files().is_empty());
}

// ---------------------------------------------------------------------------
// Known bugs: each test states the expected behaviour and is ignored until
// the bug is fixed.
// ---------------------------------------------------------------------------

/// A typo in `root` (or a repository without OKRs) must not pass CI as
/// "no problems": `okr check` exits 2 and says what to fix. An empty root
/// folder is fine.
#[test]
fn check_without_the_okr_root_is_an_error() {
    let p = Project::with_files(&[("okr.toml", "root = \"okr\"\n"), ("okrs/2026-Q1/growth/a.md", "---\n---\n# A\n")]);
    let run = p.okr(&["check"]);
    run.expect_code(2);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    assert!(run.stderr.contains("there is no okr/ folder (the `root` that okr.toml sets)"), "{}", run.stderr);
    let run = Project::empty().okr(&["check", "--format", "json"]);
    run.expect_code(2);
    assert!(run.stderr.contains("there is no okrs/ folder here; run `okr init` to start"), "{}", run.stderr);
    let empty = Project::with_files(&[("okrs/README.md.txt", "not an OKR file")]);
    empty.okr(&["check"]).expect_code(0);
}

#[test]
fn check_path_that_matches_nothing_is_an_error() {
    let p = errors();
    let run = p.okr(&["check", "okrs/2026-Q1/growth/activaton.md"]);
    run.expect_code(2);
    assert!(run.stderr.contains("activaton.md"), "{}", run.stderr);
}

#[test]

fn check_rev_path_with_parent_segments_from_a_subfolder() {
    let p = errors();
    p.init_repo("Broken files");
    std::fs::remove_file(p.join("okrs/2026-Q1/ops/uptime.md")).unwrap();
    let run = p.okr_in("okrs/2026-Q1/growth", &["check", "--rev", "HEAD", "--format", "json", "../ops/uptime.md"]);
    let all = owned(expected_error_rows());
    let want: Vec<_> = all.into_iter().filter(|r| r.2 == "okrs/2026-Q1/ops/uptime.md").collect();
    assert_eq!(rows(&run.json()), want);
    run.expect_code(1);
}

#[test]

fn directory_flag_to_a_missing_folder_is_an_error() {
    let p = Project::empty();
    let missing = p.join("no/such/dir");
    let run = p.okr(&["-C", missing.to_str().unwrap(), "check"]);
    run.expect_code(2);
    assert!(run.stderr.contains("no/such/dir"), "{}", run.stderr);
}

#[test]

fn duplicate_id_caret_underlines_the_key_or_the_value() {
    let p = errors();
    let out = p.okr(&["check", "okrs/2026-Q1/growth/activation.md"]).stdout;
    let lines: Vec<&str> = out.lines().collect();
    let at = lines.iter().position(|l| *l == "10 │   - id: activation-rate").expect("the duplicate-id source line");
    let source = &lines[at]["10 │ ".len()..];
    let caret_line = lines[at + 1];
    let caret_line = &caret_line["   │ ".len()..];
    let start = caret_line.chars().take_while(|c| *c == ' ').count();
    let len = caret_line.chars().skip(start).take_while(|c| *c == '━').count();
    let underlined: String = source.chars().skip(start).take(len).collect();
    assert!(underlined == "activation-rate" || underlined == "id", "the caret underlines `{underlined}`");
}

#[test]
fn new_objective_from_a_subfolder_writes_under_the_project_root() {
    let p = Project::with_files(&[("okr.toml", "root = \"okrs\"\n")]);
    std::fs::create_dir_all(p.join("okrs/2026-Q2/company")).unwrap();
    let run = p.okr_in(
        "okrs/2026-Q2/company",
        &["new", "objective", "retention", "--team", "growth", "--quarter", "2026-Q2", "--owner", "maya"],
    );
    run.expect_code(0);
    assert_eq!(run.stdout, "Created okrs/2026-Q2/growth/retention.md from the built-in outcome template\n");
    assert!(p.exists("okrs/2026-Q2/growth/retention.md"));
}

/// A value that cannot be read is unknown, not zero: `null` in JSON,
/// "unreadable" in text and Markdown, out of the objective's mean; the data
/// error stays.
#[test]
fn an_unreadable_current_is_shown_as_unreadable_not_scored_zero() {
    let file = "---\nkey_results:\n  - id: conversion\n    title: Raise trial conversion from 4.2% to 5.5%\n    baseline: 4.2\n    target: 5.5\n    current: \"4.3%\"\n  - id: activation\n    title: Raise activation from 20 to 30\n    baseline: 20\n    target: 30\n    current: 28\n---\n# Convert more trials\n";
    let p = Project::with_files(&[("okrs/2026-Q1/growth/convert.md", file)]);
    let json = p.okr(&["status", "--format", "json", "--as-of", AS_OF]).expect_code(1).json();
    let o = &json["objectives"][0];
    let kr = &o["key_results"][0];
    assert_eq!(
        (&kr["score"], &kr["progress"], &kr["status"], &kr["current"]),
        (&json!(null), &json!(null), &json!(null), &json!(null))
    );
    assert_eq!(o["score"], json!(0.8));
    let text = p.okr(&["status", "--as-of", AS_OF]);
    let line = text.stdout.lines().find(|l| l.contains("Raise trial conversion")).unwrap_or_default().to_string();
    assert!(line.contains("unreadable"), "{}", text.stdout);
    assert!(!line.contains("0.00"), "{line}");
    assert!(text.stderr.contains("1 error in the OKR files"), "{}", text.stderr);
    let md = p.okr(&["status", "--format", "markdown", "--as-of", AS_OF]);
    let row = md.stdout.lines().find(|l| l.contains("Raise trial conversion")).unwrap_or_default().to_string();
    assert!(row.contains("unreadable"), "{}", md.stdout);
}

// ---------------------------------------------------------------------------
// Objectives whose file cannot be read
// ---------------------------------------------------------------------------

/// A file left with an unresolved merge conflict: its objective is shown as
/// unreadable, with the file and the line of its first error, in every
/// format of `okr status`; it is neither dropped nor scored as zero.
#[test]
fn status_shows_an_objective_whose_file_cannot_be_read() {
    let p = small();
    let conflicted = include_str!("../bad_input/conflict-markers.md");
    p.write("okrs/2026-Q1/growth/activation.md", conflicted);
    let json = p.okr(&["status", "--format", "json", "--as-of", AS_OF, "--no-history"]).expect_code(1).json();
    let objectives = json["objectives"].as_array().expect("objectives");
    let refs: Vec<&str> = objectives.iter().map(|o| o["ref"].as_str().expect("ref")).collect();
    assert_eq!(refs, ["2026-Q1/company/revenue", "2026-Q1/growth/activation", "2026-Q1/platform/sso"]);
    let broken = &objectives[1];
    assert_eq!(broken["quarter"], "2026-Q1");
    assert_eq!(broken["team"], "growth");
    for field in ["title", "score", "status", "type", "owner", "commitment", "parent"] {
        assert!(broken[field].is_null(), "{field}: {broken}");
    }
    assert_eq!(broken["key_results"], json!([]));
    assert_eq!(broken["error"]["file"], "okrs/2026-Q1/growth/activation.md");
    assert_eq!(broken["error"]["line"], 7);
    assert_eq!(broken["error"]["column"], 1);
    assert!(broken["error"]["message"].as_str().expect("message").contains("unresolved merge conflict"), "{broken}");
    // A readable objective carries no `error`.
    assert!(objectives[0].get("error").is_none(), "{}", objectives[0]);

    let text = p.okr(&["status", "--as-of", AS_OF, "--no-history"]);
    text.expect_code(1);
    let growth =
        text.stdout.split("\ngrowth\n").nth(1).and_then(|t| t.split("\nplatform\n").next()).unwrap_or_default();
    assert!(growth.contains("cannot be read"), "{}", text.stdout);
    assert!(growth.contains("2026-Q1/growth/activation"), "{}", text.stdout);
    assert!(growth.contains("okrs/2026-Q1/growth/activation.md:7:1"), "{}", text.stdout);
    assert!(!growth.contains("0.00"), "not scored as zero: {}", text.stdout);

    let md = p.okr(&["status", "--format", "markdown", "--as-of", AS_OF, "--no-history"]);
    md.expect_code(1);
    assert!(md.stdout.contains("### growth"), "{}", md.stdout);
    assert!(md.stdout.contains("okrs/2026-Q1/growth/activation.md:7:1"), "{}", md.stdout);
    assert!(md.stdout.contains("⚠️ unreadable"), "{}", md.stdout);

    // --team keeps it with its team, and only there.
    let other = p.okr(&["status", "--team", "company", "--format", "json", "--as-of", AS_OF, "--no-history"]);
    assert_eq!(other.expect_code(1).json()["objectives"].as_array().map(Vec::len), Some(1));
    let growth_only = p.okr(&["status", "--team", "growth", "--format", "json", "--as-of", AS_OF, "--no-history"]);
    assert_eq!(growth_only.expect_code(1).json()["objectives"][0]["ref"], "2026-Q1/growth/activation");
}
