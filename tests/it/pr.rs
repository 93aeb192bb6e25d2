//! `okr pr` end to end: fixture repositories with a base branch and a pull
//! request branch, built with the git CLI at pinned dates; the real binary;
//! snapshots of the Markdown report.

use crate::common;

use common::Project;

const COMPANY: &str = "---
owner: ceo
key_results:
  - id: new-arr
    title: Grow new annual recurring revenue from 2.0M to 3.5M
    unit: USD
    baseline: 2000000
    target: 3500000
    current: 2400000
---
# Build a growth engine that compounds
";

fn activation(target: &str, current: &str, experiments: &str) -> String {
    format!(
        "---
owner: sam
parent: company/growth#new-arr
key_results:
  - id: activation-rate
    title: Raise trial activation rate from 25% to {target}%
    metric: activation-rate
    unit: \"%\"
    baseline: 25
    target: {target}
    current: {current}
  - id: onboarding-experiments
    title: Onboarding experiments run against a holdout
    layer: input
    metric: onboarding-experiments
    owner: sarah
    cadence: weekly
    weekly_target: 2
    current: {experiments}
    quality_gate: pre-registered hypothesis and a holdout group
    drives: [activation-rate]
---
# Get new teams to their first booked meeting on day one
"
    )
}

const ACT: &str = "okrs/2026-Q1/growth/activation.md";

/// `main` with two objectives and two check-ins, and a branch `pr` made from
/// it (nothing on it yet).
fn base_repo() -> Project {
    let p = Project::with_files(&[("okrs/2026-Q1/company/growth.md", COMPANY), (ACT, &activation("32", "25", "0"))]);
    p.write("README.md", "# OKRs\n");
    p.git_init();
    p.commit_all("Q1 OKRs", "2026-01-02T09:00:00Z");
    p.write(ACT, activation("32", "26.5", "3"));
    p.commit_all("Week 2 check-in", "2026-01-12T09:00:00Z");
    p.write(ACT, activation("32", "27", "5"));
    p.commit_all("Week 3 check-in", "2026-01-19T09:00:00Z");
    p.git(&["checkout", "-q", "-b", "pr"]);
    p
}

fn pr(p: &Project, extra: &[&str]) -> common::Run {
    let mut args = vec!["pr", "--base", "main", "--head", "pr", "--as-of", "2026-02-15"];
    args.extend_from_slice(extra);
    p.okr(&args)
}

#[test]
fn a_pull_request_that_moves_values() {
    let p = base_repo();
    p.write(ACT, activation("32", "28", "8"));
    p.commit_all("Week 5 check-in: activation 28%", "2026-02-02T09:00:00Z");
    p.write(ACT, activation("32", "28.5", "10"));
    p.commit_all("Week 6 check-in", "2026-02-09T09:00:00Z");
    let run = pr(&p, &[]);
    run.expect_code(0);
    assert!(run.stdout.starts_with("<!-- okr:pr-report -->\n"));
    insta::assert_snapshot!("pr_moves_values", run.stdout);
    // `--rev` names the head as in every other command.
    let by_rev = p.okr(&["pr", "--base", "main", "--rev", "pr", "--as-of", "2026-02-15"]);
    by_rev.expect_code(0);
    assert_eq!(by_rev.stdout, run.stdout);

    let json = pr(&p, &["--format", "json"]).json();
    assert_eq!(json["summary"]["objectives_touched"], 1);
    assert_eq!(json["summary"]["key_results_changed"], 2);
    assert_eq!(json["summary"]["targets_moved"], 0);
    assert_eq!(json["key_results"][0]["ref"], "2026-Q1/growth/activation#activation-rate");
    assert_eq!(json["key_results"][0]["from"]["current"], 27);
    assert_eq!(json["key_results"][0]["to"]["current"], 28.5);
    assert_eq!(json["files"], serde_json::json!([ACT]));
    // One point per check-in day in the quarter, pace from the baseline.
    let points = json["trajectories"][0]["points"].as_array().unwrap();
    let dates: Vec<&str> = points.iter().map(|p| p["date"].as_str().unwrap()).collect();
    assert_eq!(dates, ["2026-01-02", "2026-01-12", "2026-01-19", "2026-02-02", "2026-02-09"]);
}

#[test]
fn a_pull_request_that_moves_a_target_names_who_did_it() {
    let p = base_repo();
    p.write(ACT, activation("29", "27", "5"));
    p.git_as(
        ".",
        "Tom Ng",
        "tom@example.com",
        "2026-02-03T10:00:00Z",
        &["commit", "-qam", "Lower the activation target: the new pricing page slipped"],
    );
    let run = pr(&p, &[]);
    run.expect_code(0);
    assert!(run.stdout.contains("> [!WARNING]"), "{}", run.stdout);
    assert!(run.stdout.contains("**target 32 → 29**"), "{}", run.stdout);
    assert!(run.stdout.contains("by Tom Ng on 2026-02-03"), "{}", run.stdout);
    insta::assert_snapshot!("pr_moves_target", run.stdout);
    let json = pr(&p, &["--format", "json"]).json();
    assert_eq!(json["summary"]["targets_moved"], 1);
    assert_eq!(json["goalposts"][0]["by"]["author"], "Tom Ng");
    assert_eq!(json["goalposts"][0]["from"], 32);
    assert_eq!(json["goalposts"][0]["to"], 29);
    // The trajectory's target steps down on the day it was lowered; the chart draws that line.
    let targets: Vec<&serde_json::Value> =
        json["trajectories"][0]["points"].as_array().unwrap().iter().map(|p| &p["target"]).collect();
    assert_eq!(targets, [32, 32, 32, 29]);
    assert_eq!(json["trajectories"][0]["target"], 29);
    assert!(run.stdout.contains("    line [32, 32, 32, 29]\n"), "{}", run.stdout);
    // The commit that moved it is shown by the same short id everywhere (the
    // finding's message included), never by a longer prefix.
    let id = p.git(&["rev-parse", "HEAD"]);
    let id = id.trim();
    assert!(run.stdout.matches(&id[..7]).count() >= 2, "{}", run.stdout);
    assert!(!run.stdout.contains(&id[..8]) || run.stdout.matches(&id[..8]).count() == run.stdout.matches(id).count());
}

#[test]
fn a_pull_request_that_adds_a_copy_pasted_objective() {
    let p = base_repo();
    let copy = COMPANY.replace("owner: ceo", "owner: lee\nparent: company/growth#new-arr");
    p.write("okrs/2026-Q1/sales/arr.md", copy);
    p.commit_all("Sales OKRs", "2026-02-04T09:00:00Z");
    let run = p
        .okr_cmd(".")
        .args(["pr", "--base", "main", "--head", "pr", "--as-of", "2026-02-15"])
        .env("GITHUB_REPOSITORY", "acme/okrs")
        .env("GITHUB_SERVER_URL", "https://github.com")
        .output()
        .unwrap();
    let stdout = String::from_utf8(run.stdout).unwrap();
    assert_eq!(run.status.code(), Some(0), "{}", String::from_utf8_lossy(&run.stderr));
    assert!(stdout.contains("copy-paste-cascade"), "{stdout}");
    let head = p.git(&["rev-parse", "pr"]).trim().to_string();
    assert!(
        stdout.contains(&format!("https://github.com/acme/okrs/blob/{head}/okrs/2026-Q1/sales/arr.md#L")),
        "{stdout}"
    );
    insta::assert_snapshot!("pr_copy_paste", stdout.replace(&head, "HEAD_SHA"));
}

#[test]
fn a_pull_request_without_okr_changes_says_so_in_one_line() {
    let p = base_repo();
    p.write("README.md", "# OKRs\n\nHow we plan.\n");
    p.commit_all("Docs", "2026-02-04T09:00:00Z");
    let run = pr(&p, &[]);
    run.expect_code(0);
    insta::assert_snapshot!("pr_no_changes", run.stdout);
    assert_eq!(run.stdout.lines().count(), 2);
    let json = pr(&p, &["--format", "json"]).json();
    assert_eq!(json["changed"], false);
}

#[test]
fn changes_on_the_base_branch_after_the_fork_are_not_the_pull_requests() {
    let p = base_repo();
    p.write(ACT, activation("32", "28", "8"));
    p.commit_all("Week 5 check-in", "2026-02-02T09:00:00Z");
    p.git(&["checkout", "-q", "main"]);
    p.write("okrs/2026-Q1/company/growth.md", COMPANY.replace("2400000", "2600000"));
    p.commit_all("Company check-in", "2026-02-03T09:00:00Z");
    let json = pr(&p, &["--format", "json"]).json();
    assert_eq!(json["files"], serde_json::json!([ACT]), "{json}");
    assert_eq!(json["key_results"].as_array().unwrap().len(), 2);
}

#[test]
fn text_from_the_pull_request_cannot_inject_html_break_tables_or_mention() {
    let p = base_repo();
    let evil = activation("32", "28", "8").replace(
        "title: Onboarding experiments run against a holdout",
        "title: \"<img src=x onerror=alert(1)> | @octocat [x](javascript:alert(1))\"",
    );
    p.write(ACT, evil);
    p.commit_all("Reword", "2026-02-02T09:00:00Z");
    let run = pr(&p, &[]);
    run.expect_code(0);
    assert!(!run.stdout.contains("<img"), "{}", run.stdout);
    assert!(!run.stdout.contains("@octocat"), "{}", run.stdout);
    assert!(!run.stdout.replace("\\](", "").contains("](javascript"), "{}", run.stdout);
    // Every row of a table has as many cells as its header.
    let mut header: Option<usize> = None;
    for line in run.stdout.lines() {
        if !line.starts_with('|') {
            header = None;
            continue;
        }
        let cells = line.replace("\\|", "").matches('|').count();
        match header {
            None => header = Some(cells),
            Some(n) => assert_eq!(cells, n, "a table row has the wrong number of cells: {line}"),
        }
    }
    assert!(run.stdout.contains("&lt;img"), "{}", run.stdout);
}

#[test]
fn a_huge_pull_request_is_cut_to_fit_a_github_comment() {
    let p = base_repo();
    let long = "Make onboarding better for every new team in every market we serve ".repeat(6);
    for i in 0..300 {
        p.write(
            &format!("okrs/2026-Q1/team{i}/goal.md"),
            format!(
                "---\nowner: o{i}\nkey_results:\n  - id: a\n    title: {long} {i}\n    baseline: 0\n    target: 10\n    current: 1\n  - id: b\n    title: {long} b {i}\n    baseline: 0\n    target: 10\n    current: 2\n---\n# {long} {i}\n"
            ),
        );
    }
    // Near-identical titles by the hundred make copy-paste-cascade the slow
    // part, and this test is about the size of the comment.
    p.write("okr.toml", "[check.rules]\ncopy-paste-cascade = \"off\"\n");
    p.commit_all("Everything", "2026-02-02T09:00:00Z");
    let run = pr(&p, &["--no-history"]);
    assert!(run.stdout.len() <= 65_536, "{} bytes", run.stdout.len());
    assert!(run.stdout.contains("shortened to fit GitHub's 65,536-character comment limit"));
    assert!(run.stdout.starts_with("<!-- okr:pr-report -->\n"));
    // The JSON is never cut.
    let json = pr(&p, &["--no-history", "--format", "json"]).json();
    assert_eq!(json["objectives"].as_array().unwrap().len(), 300);
}

#[test]
fn new_errors_fail_the_run_and_json_goes_to_a_file_too() {
    let p = base_repo();
    p.write(ACT, activation("32", "28", "8").replace("baseline: 25", "baseline: 25%"));
    p.commit_all("Oops", "2026-02-02T09:00:00Z");
    let file = p.join("report.json");
    let run = pr(&p, &["--json", file.to_str().unwrap()]);
    run.expect_code(1);
    assert!(run.stdout.contains("#### New findings"), "{}", run.stdout);
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    assert!(json["summary"]["new_findings"].as_u64().unwrap() >= 1);
    assert_eq!(json["new_findings"][0]["severity"], "error");
    pr(&p, &["--fail-on", "error", "--no-history"]).expect_code(1);
}

#[test]
fn bad_revisions_are_clear_errors() {
    let p = base_repo();
    let run = p.okr(&["pr", "--base", "nope"]);
    run.expect_code(2);
    assert!(run.stderr.contains("`nope` is not a revision"), "{}", run.stderr);
    let run = p.okr(&["pr"]);
    run.expect_code(2);
    assert!(run.stderr.contains("--base"), "{}", run.stderr);
}
