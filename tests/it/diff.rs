//! `okr diff` end to end: a fixture repository built with the git CLI, the
//! real binary, exact JSON and snapshots of the text and Markdown output.

use serde_json::{json, Value};
use std::path::Path;
use std::process::{Command, Output};

fn git(dir: &Path, args: &[&str], date: &str) {
    let out = Command::new("git")
        .current_dir(dir)
        .args(["-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main"])
        .args(args)
        .env("GIT_AUTHOR_NAME", "Maya")
        .env("GIT_AUTHOR_EMAIL", "maya@example.com")
        .env("GIT_COMMITTER_NAME", "Maya")
        .env("GIT_COMMITTER_EMAIL", "maya@example.com")
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .output()
        .expect("git runs");
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

fn write(dir: &Path, rel: &str, text: &str) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn okr(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_okr"))
        .current_dir(dir)
        .args(args)
        .env("NO_COLOR", "1")
        .env_remove("CLICOLOR_FORCE")
        .output()
        .expect("okr runs")
}

fn stdout(dir: &Path, args: &[&str]) -> String {
    let out = okr(dir, args);
    assert!(out.status.success(), "okr {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

const REVENUE_Q1: &str = "---
owner: maya
key_results:
  - id: arr
    title: Grow ARR to 1.0 MUSD
    unit: MUSD
    baseline: 0.8
    target: 1.0
    current: 0.9
  - id: nrr
    title: Keep net revenue retention at or above 100%
    unit: \"%\"
    direction: at_least
    baseline: 100
    target: 100
    current: 104
---
# Grow revenue
";

const ACTIVATION_Q1: &str = "---
owner: li
parent: \"company/revenue#arr\"
key_results:
  - id: activation-rate
    title: Raise trial activation from 22% to 30%
    unit: \"%\"
    baseline: 22
    target: 30
    current: 24
  - id: onboarding-tests
    title: Onboarding A/B tests shipped
    layer: input
    owner: sarah
    cadence: weekly
    weekly_target: 2
    current: 4
    drives: [activation-rate]
---
# Get new teams to their first booked meeting
";

const LEGACY_Q1: &str = "---
key_results:
  - id: accounts-moved
    title: Move accounts off the legacy billing system
    baseline: 0
    target: 400
    current: 150
---
# Retire the legacy billing system
";

const REVENUE_Q2: &str = "---
owner: maya
key_results:
  - id: arr
    title: Grow ARR to 1.5 MUSD
    unit: MUSD
    baseline: 1.05
    target: 1.5
    current: 1.1
  - id: gross-margin
    title: Raise gross margin from 70% to 75%
    unit: \"%\"
    baseline: 70
    target: 75
---
# Grow revenue
";

const ONBOARDING_Q2: &str = "---
owner: priya
parent: \"company/revenue#arr\"
key_results:
  - id: activation-rate
    title: Raise trial activation from 25% to 35%
    unit: \"%\"
    baseline: 25
    target: 35
    current: 26
  - id: onboarding-tests
    title: Onboarding A/B tests shipped
    layer: input
    owner: sarah
    cadence: weekly
    weekly_target: 2
    current: 3
    drives: [activation-rate]
---
# Get new teams to their first booked meeting on day one
";

const MOBILE_Q2: &str = "---
key_results:
  - id: crash-free
    title: Raise crash-free sessions from 97% to 99.5%
    unit: \"%\"
    baseline: 97
    target: 99.5
---
# Make the mobile app dependable
";

/// Two commits: 2026-Q1 as planned, then 2026-Q1's final values, one
/// reworded target and the 2026-Q2 plan.
fn fixture() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    git(dir, &["init", "-q", "-b", "main"], "2026-01-05T09:00:00Z");
    write(dir, "okrs/2026-Q1/company/revenue.md", REVENUE_Q1);
    write(dir, "okrs/2026-Q1/growth/activation.md", ACTIVATION_Q1);
    write(dir, "okrs/2026-Q1/platform/legacy.md", LEGACY_Q1);
    git(dir, &["add", "-A"], "2026-01-05T09:00:00Z");
    git(dir, &["commit", "-q", "-m", "2026-Q1 OKRs"], "2026-01-05T09:00:00Z");
    let revenue = REVENUE_Q1
        .replace("Grow ARR to 1.0 MUSD", "Grow ARR to 1.1 MUSD")
        .replace("target: 1.0", "target: 1.1")
        .replace("current: 0.9", "current: 1.05");
    let activation = ACTIVATION_Q1
        .replace("owner: li", "owner: priya")
        .replace("current: 24", "current: 27")
        .replace("current: 4", "current: 20");
    write(dir, "okrs/2026-Q1/company/revenue.md", &revenue);
    write(dir, "okrs/2026-Q1/growth/activation.md", &activation);
    write(dir, "okrs/2026-Q2/company/revenue.md", REVENUE_Q2);
    write(dir, "okrs/2026-Q2/growth/onboarding.md", ONBOARDING_Q2);
    write(dir, "okrs/2026-Q2/mobile/app.md", MOBILE_Q2);
    git(dir, &["add", "-A"], "2026-04-01T09:00:00Z");
    git(dir, &["commit", "-q", "-m", "Close 2026-Q1, plan 2026-Q2"], "2026-04-01T09:00:00Z");
    tmp
}

#[test]
fn revisions_json() {
    let repo = fixture();
    let out: Value =
        serde_json::from_str(&stdout(repo.path(), &["diff", "HEAD~1", "HEAD", "--format", "json"])).unwrap();
    assert_eq!(
        out,
        json!({
            "from": "HEAD~1", "to": "HEAD", "mode": "revisions",
            "objectives": {
                "added": [
                    "2026-Q2/company/revenue",
                    "2026-Q2/growth/onboarding",
                    "2026-Q2/mobile/app"
                ],
                "removed": [],
                "changed": [
                    {"from": "2026-Q1/company/revenue", "to": "2026-Q1/company/revenue",
                     "matched_by": "ref", "fields": {},
                     "key_results": {"added": [], "removed": [], "changed": [
                        {"from": "2026-Q1/company/revenue#arr", "to": "2026-Q1/company/revenue#arr",
                         "matched_by": "id",
                         "fields": {
                            "title": {"from": "Grow ARR to 1.0 MUSD", "to": "Grow ARR to 1.1 MUSD",
                                      "word_diff": "Grow ARR to [-1.0-]{+1.1+} MUSD"},
                            "target": {"from": 1, "to": 1.1},
                            "current": {"from": 0.9, "to": 1.05}}}]}},
                    {"from": "2026-Q1/growth/activation", "to": "2026-Q1/growth/activation",
                     "matched_by": "ref", "fields": {"owner": {"from": "li", "to": "priya"}},
                     "key_results": {"added": [], "removed": [], "changed": [
                        {"from": "2026-Q1/growth/activation#activation-rate",
                         "to": "2026-Q1/growth/activation#activation-rate",
                         "matched_by": "id",
                         "fields": {"current": {"from": 24, "to": 27}}},
                        {"from": "2026-Q1/growth/activation#onboarding-tests",
                         "to": "2026-Q1/growth/activation#onboarding-tests",
                         "matched_by": "id",
                         "fields": {"current": {"from": 4, "to": 20}}}]}}
                ]
            }
        })
    );
}

#[test]
fn quarters_json() {
    let repo = fixture();
    let out: Value =
        serde_json::from_str(&stdout(repo.path(), &["diff", "2026-Q1", "2026-Q2", "--format", "json"])).unwrap();
    assert_eq!(
        out,
        json!({
            "from": "2026-Q1", "to": "2026-Q2", "mode": "quarters",
            "objectives": {
                "added": ["2026-Q2/mobile/app"],
                "removed": ["2026-Q1/platform/legacy"],
                "changed": [
                    {"from": "2026-Q1/company/revenue", "to": "2026-Q2/company/revenue",
                     "matched_by": "id", "fields": {},
                     "key_results": {
                        "added": ["2026-Q2/company/revenue#gross-margin"],
                        "removed": ["2026-Q1/company/revenue#nrr"],
                        "changed": [
                            {"from": "2026-Q1/company/revenue#arr", "to": "2026-Q2/company/revenue#arr",
                             "matched_by": "id",
                             "fields": {
                                "title": {"from": "Grow ARR to 1.1 MUSD", "to": "Grow ARR to 1.5 MUSD",
                                          "word_diff": "Grow ARR to [-1.1-]{+1.5+} MUSD"},
                                "baseline": {"from": 0.8, "to": 1.05},
                                "target": {"from": 1.1, "to": 1.5},
                                "current": {"from": 1.05, "to": 1.1}},
                             "continues": {"metric": "arr", "last_current": 1.05, "baseline": 1.05}}]}},
                    {"from": "2026-Q1/growth/activation", "to": "2026-Q2/growth/onboarding",
                     "matched_by": "title",
                     "fields": {"title": {
                        "from": "Get new teams to their first booked meeting",
                        "to": "Get new teams to their first booked meeting on day one",
                        "word_diff": "Get new teams to their first booked meeting {+on day one+}"}},
                     "key_results": {"added": [], "removed": [], "changed": [
                        {"from": "2026-Q1/growth/activation#activation-rate",
                         "to": "2026-Q2/growth/onboarding#activation-rate",
                         "matched_by": "id",
                         "fields": {
                            "title": {"from": "Raise trial activation from 22% to 30%",
                                      "to": "Raise trial activation from 25% to 35%",
                                      "word_diff": "Raise trial activation from [-22%-]{+25%+} to [-30%-]{+35%+}"},
                            "baseline": {"from": 22, "to": 25},
                            "target": {"from": 30, "to": 35},
                            "current": {"from": 27, "to": 26}},
                         "continues": {"metric": "activation-rate", "last_current": 27, "baseline": 25}},
                        {"from": "2026-Q1/growth/activation#onboarding-tests",
                         "to": "2026-Q2/growth/onboarding#onboarding-tests",
                         "matched_by": "id",
                         "fields": {"current": {"from": 20, "to": 3}},
                         "continues": {"metric": "onboarding-tests", "last_current": 20, "baseline": null}}]}}
                ]
            }
        })
    );
}

#[test]
fn text_and_markdown() {
    let repo = fixture();
    let dir = repo.path();
    insta::assert_snapshot!("revisions_text", stdout(dir, &["diff", "HEAD~1", "HEAD"]));
    insta::assert_snapshot!("quarters_text", stdout(dir, &["diff", "2026-Q1", "2026-Q2"]));
    insta::assert_snapshot!("quarters_markdown", stdout(dir, &["diff", "2026-Q1", "2026-Q2", "--format", "markdown"]));
}

#[test]
fn same_revision_or_quarter_is_empty() {
    let repo = fixture();
    let dir = repo.path();
    assert_eq!(stdout(dir, &["diff", "HEAD", "HEAD"]), "HEAD → HEAD · revisions · no differences, 6 unchanged\n");
    let out: Value =
        serde_json::from_str(&stdout(dir, &["diff", "2026-Q1", "2026-Q1", "--format", "json", "--rev", "HEAD~1"]))
            .unwrap();
    assert_eq!(
        out,
        json!({"from": "2026-Q1", "to": "2026-Q1", "mode": "quarters",
               "objectives": {"added": [], "removed": [], "changed": []}})
    );
}

#[test]
fn quarters_from_a_revision_and_usage_errors() {
    let repo = fixture();
    let dir = repo.path();
    // At HEAD~1 there is no 2026-Q2 yet: every objective of 2026-Q1 is dropped.
    let out = okr(dir, &["diff", "2026-Q1", "2026-Q2", "--rev", "HEAD~1", "--format", "json"]);
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["objectives"]["removed"].as_array().unwrap().len(), 3);
    assert!(String::from_utf8_lossy(&out.stderr).contains("there are no objectives in 2026-Q2"));

    for args in [
        &["diff", "2026-Q1", "HEAD"][..],
        &["diff", "HEAD~1", "HEAD", "--rev", "HEAD"],
        &["diff", "HEAD", "no-such-rev"],
        &["diff", "2026-Q1", "2026-Q2", "--revisions"],
    ] {
        let out = okr(dir, args);
        assert_eq!(out.status.code(), Some(2), "okr {args:?}");
    }
}
