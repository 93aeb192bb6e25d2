//! SPEC §11's horizons on real repositories: half, year and multi-year
//! folders, refs and `parent` across them, scoring over a horizon's own
//! days, `--period`, `horizon-mismatch`, `no-bet` and `bet:`.

use crate::common::Project;
use serde_json::Value;

/// An objective file with one KR (`baseline` 0, `target` 100, `current`).
fn objective(front: &str, title: &str, current: f64) -> String {
    format!(
        "---\nowner: dana\n{front}key_results:\n  - id: share\n    title: Raise the self-serve share of new ARR from 0% to 100%\n    baseline: 0\n    target: 100\n    current: {current}\n---\n# {title}\n"
    )
}

/// A bet over three years, a year objective under it, a quarter objective under the year.
fn bet_graph() -> Project {
    let p = Project::with_files(&[
        (
            "okrs/2026-2028/company/plg.md",
            objective("bet: Self-serve can carry half of new revenue\n", "Win the market with self-serve", 30.0),
        ),
        (
            "okrs/2026/company/self-serve.md",
            objective("parent: \"2026-2028/company/plg#share\"\n", "Self-serve leads", 50.0),
        ),
        (
            "okrs/2026-Q3/growth/activation.md",
            objective("parent: \"2026/company/self-serve#share\"\n", "Activate", 40.0),
        ),
    ]);
    p.init_repo("horizons");
    p
}

fn objectives(run: &crate::common::Run) -> Vec<Value> {
    run.json()["objectives"].as_array().expect("objectives").clone()
}

#[test]
fn horizon_folders_parse_and_refs_cross_them() {
    let p = bet_graph();
    p.okr(&["check", "--as-of", "2026-07-02", "--format", "json"]).expect_code(0);
    let run = p.okr(&["status", "--period", "2026", "--as-of", "2026-07-02", "--format", "json"]);
    run.expect_code(0);
    let objs = objectives(&run);
    assert_eq!(objs.len(), 1, "{}", run.stdout);
    assert_eq!(objs[0]["ref"], "2026/company/self-serve");
    assert_eq!(objs[0]["quarter"], "2026");
    assert_eq!(objs[0]["parent"], "2026-2028/company/plg#share");
    assert_eq!(objs[0]["key_results"][0]["ref"], "2026/company/self-serve#share");
    let q = p.okr(&["status", "--quarter", "2026-Q3", "--as-of", "2026-07-02", "--format", "json"]);
    assert_eq!(objectives(&q)[0]["parent"], "2026/company/self-serve#share");
}

#[test]
fn a_year_is_scored_over_its_own_days() {
    let p = bet_graph();
    // 2026-07-02 is day 182 of 365.
    let run = p.okr(&["status", "--quarter", "2026", "--as-of", "2026-07-02", "--format", "json"]);
    let o = &objectives(&run)[0];
    assert_eq!(o["expected"].as_f64(), Some(182.0 / 365.0));
    assert_eq!(o["score"].as_f64(), Some(0.5));
    assert_eq!(o["status"], "on_track");
    let span = p.okr(&["status", "--period", "2026-2028", "--as-of", "2027-01-01", "--format", "json"]);
    assert_eq!(objectives(&span)[0]["expected"].as_f64(), Some(365.0 / 1096.0));
    // Text and Markdown name the period.
    let text = p.okr(&["status", "--period", "2026", "--as-of", "2026-07-02"]);
    assert!(text.stdout.contains("2026 · as of 2026-07-02 · 50% of the period elapsed"), "{}", text.stdout);
}

#[test]
fn a_fiscal_year_moves_the_year_s_days() {
    let p = bet_graph();
    p.write("okr.toml", "fiscal_year_start_month = 4\n");
    // Fiscal 2026 runs from 2026-04-01 to 2027-03-31: 92 of 365 days by 2026-07-02.
    let run = p.okr(&["status", "--period", "2026", "--as-of", "2026-07-02", "--format", "json"]);
    assert_eq!(objectives(&run)[0]["expected"].as_f64(), Some(92.0 / 365.0));
}

#[test]
fn period_is_the_quarter_flag_and_bad_labels_are_usage_errors() {
    let p = bet_graph();
    let a = p.okr(&["status", "--period", "2026-Q3", "--as-of", "2026-07-02", "--format", "json"]);
    let b = p.okr(&["status", "--quarter", "2026-Q3", "--as-of", "2026-07-02", "--format", "json"]);
    assert_eq!(a.stdout, b.stdout);
    assert_eq!(objectives(&a)[0]["ref"], "2026-Q3/growth/activation");
    let bad = p.okr(&["status", "--period", "2026-H3"]);
    bad.expect_code(2);
    assert!(bad.stderr.contains("is not a period"), "{}", bad.stderr);
    // Commands that show one quarter say so for a longer horizon.
    let report = p.okr(&["report", "--period", "2026", "--out", "site"]);
    report.expect_code(2);
    assert!(report.stderr.contains("okr status --period 2026"), "{}", report.stderr);
    assert!(report.stderr.contains("`okr tree --period 2026` its bet graph"), "{}", report.stderr);
}

fn findings(p: &Project, rule: &str) -> Vec<Value> {
    let run = p.okr(&["check", "--as-of", "2026-07-02", "--format", "json"]);
    run.json()["diagnostics"].as_array().expect("diagnostics").iter().filter(|d| d["rule"] == rule).cloned().collect()
}

#[test]
fn a_parent_of_a_shorter_horizon_is_a_horizon_mismatch() {
    let p = Project::with_files(&[
        ("okrs/2026-Q1/company/top.md", objective("", "Quarter top", 10.0)),
        ("okrs/2026/company/year.md", objective("parent: \"2026-Q1/company/top#share\"\n", "Year", 10.0)),
    ]);
    p.init_repo("upside down");
    let found = findings(&p, "horizon-mismatch");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["severity"], "error");
    assert_eq!(found[0]["ref"], "2026/company/year");
    assert_eq!((found[0]["line"].as_u64(), found[0]["column"].as_u64()), (Some(3), Some(9)));
    assert!(found[0]["message"].as_str().unwrap().contains("shorter horizon"), "{found:?}");
    p.okr(&["check", "--as-of", "2026-07-02"]).expect_code(1);
}

#[test]
fn a_parent_whose_period_does_not_contain_the_child_s_is_a_horizon_mismatch() {
    let p = Project::with_files(&[
        ("okrs/2026/company/year.md", objective("", "Year", 10.0)),
        ("okrs/2027-Q1/growth/a.md", objective("parent: \"2026/company/year#share\"\n", "Next year's quarter", 10.0)),
        // The same horizon, another period: a quarter under last quarter.
        ("okrs/2026-Q4/growth/b.md", objective("", "Old quarter", 10.0)),
        ("okrs/2027-Q1/growth/c.md", objective("parent: \"2026-Q4/growth/b\"\n", "Carried", 10.0)),
        // Sound: same period without the prefix, and a year holding its half.
        ("okrs/2026-H2/growth/h.md", objective("parent: 2026/company/year\n", "Half", 10.0)),
        ("okrs/2026-H2/growth/i.md", objective("parent: growth/h\n", "Half too", 10.0)),
    ]);
    p.init_repo("outside");
    let found = findings(&p, "horizon-mismatch");
    let refs: Vec<&str> = found.iter().map(|d| d["ref"].as_str().unwrap()).collect();
    assert_eq!(refs, ["2027-Q1/growth/a", "2027-Q1/growth/c"], "{found:?}");
    assert!(found[0]["message"].as_str().unwrap().contains("does not contain"), "{found:?}");
    assert!(findings(&p, "unknown-ref").is_empty());
}

#[test]
fn no_bet_fires_only_on_quarters_that_reach_no_longer_horizon() {
    let p = bet_graph();
    assert!(findings(&p, "no-bet").is_empty());
    p.write("okrs/2026-Q3/growth/pricing.md", objective("", "Price for self-serve", 10.0));
    p.write("okrs/2026-Q3/growth/trials.md", objective("parent: growth/pricing\n", "More trials", 10.0));
    let refs: Vec<String> = findings(&p, "no-bet").iter().map(|d| d["ref"].as_str().unwrap().to_string()).collect();
    assert_eq!(refs, ["2026-Q3/growth/pricing", "2026-Q3/growth/trials"]);
    assert!(findings(&p, "no-bet").iter().all(|d| d["severity"] == "info"));
    // A project of quarters only has no bets to reach.
    let quarters = Project::with_files(&[("okrs/2026-Q3/growth/pricing.md", objective("", "Price", 10.0))]);
    quarters.init_repo("quarters");
    assert!(findings(&quarters, "no-bet").is_empty());
}

#[test]
fn bet_shows_in_status_only_when_set() {
    let p = bet_graph();
    let run = p.okr(&["status", "--period", "2026-2028", "--as-of", "2026-07-02", "--format", "json"]);
    assert_eq!(objectives(&run)[0]["bet"], "Self-serve can carry half of new revenue");
    let year = p.okr(&["status", "--period", "2026", "--as-of", "2026-07-02", "--format", "json"]);
    assert!(objectives(&year)[0].get("bet").is_none(), "{}", year.stdout);
    let text = p.okr(&["status", "--period", "2026-2028", "--as-of", "2026-07-02"]);
    assert!(text.stdout.contains("bet: Self-serve can carry half of new revenue"), "{}", text.stdout);
    let md = p.okr(&["status", "--period", "2026-2028", "--as-of", "2026-07-02", "--format", "markdown"]);
    assert!(md.stdout.contains("<br>*Bet:* Self-serve can carry half of new revenue"), "{}", md.stdout);
    // A bet that is not text is an error at its place.
    p.write("okrs/2026/company/self-serve.md", objective("bet: [a, b]\n", "Self-serve leads", 50.0));
    let check = p.okr(&["check", "--as-of", "2026-07-02", "--format", "json"]);
    assert!(check.stdout.contains("invalid-front-matter"), "{}", check.stdout);
}
