//! The history rules on half, year and multi-year objectives (SPEC §11), on
//! a real repository: `stale`, `moved-goalposts` and `trending-off-track`
//! judge a longer objective over its own days while its period is in
//! progress, and leave it alone once the period has ended, as they do
//! quarters.

use crate::common::Project;
use serde_json::Value;

/// An objective with one KR `share` (0 → `target`, `current`).
fn objective(title: &str, target: u32, current: u32) -> String {
    format!(
        "---\nowner: dana\nkey_results:\n  - id: share\n    title: Raise the self-serve share of new ARR from 0% to {target}%\n    baseline: 0\n    target: {target}\n    current: {current}\n---\n# {title}\n"
    )
}

/// `(rule, ref)` of every history finding of `okr check --as-of DATE`.
fn history_findings(p: &Project, as_of: &str) -> Vec<(String, String)> {
    let v = p.okr(&["check", "--format", "json", "--as-of", as_of]).json();
    let rules = ["stale", "moved-goalposts", "trending-off-track"];
    v["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| rules.contains(&d["rule"].as_str().unwrap_or("")))
        .map(|d| (d["rule"].as_str().unwrap().to_string(), d["ref"].as_str().unwrap_or("").to_string()))
        .collect()
}

/// A year objective of 2025 (ended) and one of 2026, each planned before
/// its year and then left alone; 2026's target is lowered in May.
fn years() -> Project {
    let p = Project::empty();
    p.git_init();
    p.write("okrs/2025/company/plg.md", objective("Self-serve in 2025", 30, 0));
    p.commit_all("plan 2025", "2024-12-15T09:00:00Z");
    p.write("okrs/2025/company/plg.md", objective("Self-serve in 2025", 30, 12));
    p.write("okrs/2026/company/plg.md", objective("Self-serve in 2026", 50, 12));
    p.commit_all("close 2025, plan 2026", "2025-12-15T09:00:00Z");
    p.write("okrs/2026/company/plg.md", objective("Self-serve in 2026", 40, 12));
    p.commit_all("lower the 2026 target", "2026-05-04T09:00:00Z");
    p
}

#[test]
fn a_year_in_progress_is_checked_and_an_ended_year_is_not() {
    let p = years();
    let found = history_findings(&p, "2026-06-20");
    assert_eq!(
        found,
        [
            ("moved-goalposts".to_string(), "2026/company/plg#share".to_string()),
            ("stale".to_string(), "2026/company/plg#share".to_string()),
        ],
        "2025 has ended: neither its silence nor anything else is reported"
    );
    let run = p.okr(&["check", "--as-of", "2026-06-20"]);
    assert!(run.stdout.contains("moved from 50 to 40 after 2026 began"), "{}", run.stdout);
    assert!(run.stdout.contains("`share` has not been updated in 2026"), "{}", run.stdout);
    // In January 2026 the year's clock has only just started: nothing is stale yet.
    assert_eq!(history_findings(&p, "2026-01-10"), []);
}

#[test]
fn a_year_trending_off_track_is_projected_to_its_end() {
    let p = Project::empty();
    p.git_init();
    let path = "okrs/2026/company/plg.md";
    for (current, date) in [(0, "2026-01-02"), (3, "2026-02-02"), (5, "2026-03-02"), (6, "2026-04-02")] {
        p.write(path, objective("Self-serve in 2026", 50, current));
        p.commit_all(&format!("check-in {current}"), &format!("{date}T09:00:00Z"));
    }
    let v = p.okr(&["check", "--format", "json", "--as-of", "2026-04-10"]).json();
    let trending: Vec<&Value> =
        v["diagnostics"].as_array().unwrap().iter().filter(|d| d["rule"] == "trending-off-track").collect();
    assert_eq!(trending.len(), 1, "{v}");
    let message = trending[0]["message"].as_str().unwrap();
    assert!(message.contains("ends 2026 near"), "{message}");
}
