//! Fixture projects as (path, content) lists, and the example OKRs of the
//! repository (`okrs/`) with a dated history.

use super::Project;
use std::path::Path;

/// A small, valid 2026-Q1 project (plus one 2025-Q4 objective):
/// a committed company objective with a decreasing, weighted KR; a growth
/// objective with a parent and `drives`, an `at_least` guardrail, an input KR
/// with `weekly_target` and no `target`, and an input KR with neither; a
/// committed build objective with `done` milestones and weights.
pub const SMALL: &[(&str, &str)] = &[
    (
        "okrs/2026-Q1/company/revenue.md",
        r#"---
owner: ceo
commitment: committed
key_results:
  - id: new-mrr
    title: Grow new MRR from 100k to 150k USD
    unit: kUSD
    baseline: 100.0
    target: 150
    current: 118
  - id: churn
    title: Cut monthly logo churn from 3% to 2%
    unit: "%"
    baseline: 3
    target: 2
    current: 2.5
    weight: 2
---
# Build a durable revenue engine

Context for the quarter.
"#,
    ),
    (
        "okrs/2026-Q1/growth/activation.md",
        r#"---
owner: maya
parent: "company/revenue#new-mrr"   # quoted: YAML reads ` #` as a comment
key_results:
  - id: activation-rate
    title: Raise trial activation rate from 22% to 30%
    unit: "%"
    baseline: 22
    target: 30
    current: 24.5
    weight: 2
  - id: signup-availability
    title: Keep signup availability at or above 99.5%
    unit: "%"
    baseline: 99.9
    target: 99.5
    current: 99.7
    direction: at_least
  - id: onboarding-tests
    title: Onboarding A/B tests shipped with a pre-registered hypothesis
    layer: input
    owner: sarah
    cadence: weekly
    weekly_target: 2
    current: 7
    quality_gate: pre-registered hypothesis and minimum detectable effect
    drives: [activation-rate, "company/revenue#new-mrr"]
  - id: interviews
    title: Customer interviews logged
    layer: input
    current: 4
---
# Accelerate product-led growth
"#,
    ),
    (
        "okrs/2026-Q1/platform/sso.md",
        r#"---
owner: lee
type: build
commitment: committed
parent: company/revenue
key_results:
  - id: sso-ga
    title: SSO generally available
    done: true
  - id: scim
    title: SCIM provisioning in beta
    done: false
    weight: 4
---
# Ship single sign-on for enterprise customers
"#,
    ),
    (
        "okrs/2025-Q4/company/revenue.md",
        r#"---
owner: ceo
key_results:
  - id: new-mrr
    title: Grow new MRR from 80k to 100k USD
    baseline: 80
    target: 100
    current: 100
---
# Build a durable revenue engine
"#,
    ),
];

/// The BOM + CRLF objective of [`ERRORS`]: an error after multi-byte
/// characters in a flow mapping (column 63 counted in characters; 66 if
/// counted in bytes) and an unknown field on a later line.
pub const BOM_CRLF: &str = "\u{feff}---\r\n\
owner: \"ops\"\r\n\
key_results:\r\n  \
- {id: uptime, title: \"Üptime ≥ 99%\", baseline: 99, target: 99.9%}\r\n  \
- id: latency\r\n    \
title: \"Cut p95 latency from 800 ms to 400 ms\"\r\n    \
baseline: 800\r\n    \
target: 400\r\n    \
confidense: 0.8\r\n\
---\r\n\
# Üptime — ops\r\n";

/// Every quality rule of the specification (section 7), turned off: data
/// errors cannot be, so a fixture with this `okr.toml` reports data errors
/// only, whichever quality rules the build has.
pub const QUALITY_OFF: &str = r#"root = "okrs"

[check.rules]
output-kr = "off"
objective-is-output = "off"
objective-has-number = "off"
kr-count = "off"
no-target = "off"
no-baseline = "off"
layer-mix = "off"
copy-paste-cascade = "off"
no-parent = "off"
no-quality-gate = "off"
input-without-owner = "off"
undecomposed-output = "off"
sandbagging = "off"
stale = "off"
moved-goalposts = "off"
trending-off-track = "off"
entrenched-input = "off"
baseline-gap = "off"
input-without-effect = "off"
"#;

/// A project with one of each data error (and a clean file that refers into
/// the broken ones). Quality rules are off.
pub const ERRORS: &[(&str, &str)] = &[
    ("okr.toml", QUALITY_OFF),
    (
        "okrs/2026-Q1/company/revenue.md",
        r#"---
owner: ceo
key_results:
  - id: new-mrr
    title: Grow new MRR from 100k to 150k USD
    baseline: 100
    target: 150
    current: 120
---
# Build a durable revenue engine
"#,
    ),
    (
        "okrs/2026-Q1/growth/activation.md",
        r#"---
owner: maya
parent: company/revenu
key_results:
  - id: activation-rate
    title: Raise trial activation rate from 22% to 30%
    baseline: 22
    target: 30%
    curent: 24
  - id: activation-rate
    title: Raise activation again
    baseline: 1
    target: 2
  - id: Bad_ID
    title: Weekly active teams from 10 to 20
    baseline: 10
    target: 20
  - id: signups
    title: Weekly signups from 100 to 200
    baseline: 100
    target: 200
    drives:
      - #new-mrr
---
# Accelerate product-led growth
"#,
    ),
    (
        "okrs/2026-Q1/growth/loop.md",
        r#"---
owner: maya
quarter: 2026-Q2
key_results:
  - id: a
    title: Metric A from 1 to 2
    baseline: 1
    target: 2
    drives: [b]
  - id: b
    title: Metric B from 1 to 2
    baseline: 1
    target: 2
    drives: [a]
---
No heading here, so no title.
"#,
    ),
    (
        "okrs/2026-Q1/growth/retention.md",
        r#"---
owner: maya
parent: "company/revenue#new-mrr"
key_results:
  - id: week-4-retention
    title: Raise week-4 retention from 40% to 50%
    baseline: 40
    target: 50
    current: 42
    drives: ["growth/loop#a"]
---
# Keep the teams we win
"#,
    ),
    ("okrs/2026-Q1/ops/uptime.md", BOM_CRLF),
    (
        "okrs/2026-Q9/misc/x.md",
        r#"---
key_results:
  - id: x
    title: X from 1 to 2
    baseline: 1
    target: 2
---
# X
"#,
    ),
];

/// `n` valid objectives of one team in 2026-Q1, two KRs each.
pub fn many_objectives(n: usize) -> Vec<(String, String)> {
    (0..n)
        .map(|i| {
            let path = format!("okrs/2026-Q1/team-{}/objective-{i:04}.md", i % 7);
            let content = format!(
                "---\nowner: owner-{i}\nkey_results:\n  - id: primary\n    title: Raise the primary metric of objective {i} from 10 to 20 this quarter\n    baseline: 10\n    target: 20\n    current: {}\n  - id: secondary\n    title: Cut the secondary cost of objective {i} from 50 to 30 per week\n    baseline: 50\n    target: 30\n    current: 45\n---\n# Objective number {i} with a reasonably long title for the report\n",
                10 + i % 11
            );
            (path, content)
        })
        .collect()
}

// ------------------------------------------------------ the example OKRs

/// (name, email, team) of the people who check in.
pub const PEOPLE: [(&str, &str, &str); 4] = [
    ("Ana Ruiz", "ana@example.com", "company"),
    ("Sam Ortiz", "sam@example.com", "growth"),
    ("Lee Chen", "lee@example.com", "mobile"),
    ("Priya Nair", "priya@example.com", "platform"),
];

/// The repository's `okrs/` files: (project-relative path, text).
pub fn example_files() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    let mut stack = vec![root.join("okrs")];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).expect("read okrs/") {
            let path = e.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path.strip_prefix(root).expect("inside").to_string_lossy().replace('\\', "/");
                out.push((rel, std::fs::read_to_string(&path).expect("read")));
            }
        }
    }
    out.sort();
    out
}

/// `text` with every KR's `current` moved a share `f` of the way from its
/// baseline (0 for an input without one) to the value in the file.
pub fn at_share(text: &str, f: f64) -> String {
    let mut out = Vec::new();
    let mut baseline: Option<f64> = None;
    for line in text.lines() {
        let t = line.trim_start();
        if t.starts_with("- id:") {
            baseline = None;
        }
        if let Some(v) = t.strip_prefix("baseline: ") {
            baseline = v.trim().parse().ok();
        }
        if let Some(v) = t.strip_prefix("current: ") {
            if let Ok(cur) = v.trim().parse::<f64>() {
                let b = baseline.unwrap_or(0.0);
                let decimals =
                    v.trim().split_once('.').map_or(0, |(_, d)| d.len()).max(usize::from((cur - b).abs() < 10.0));
                let value = b + (cur - b) * f;
                let indent = &line[..line.len() - t.len()];
                out.push(format!("{indent}current: {value:.decimals$}"));
                continue;
            }
        }
        out.push(line.to_string());
    }
    out.join("\n") + "\n"
}

/// The example OKRs in a git repository: planned on 2026-09-28 with every
/// 2026-Q4 value at its baseline, then a check-in per team every Tuesday
/// until 2026-11-17, moving toward the values in the files.
pub fn example_repo() -> Project {
    let p = Project::empty();
    let files = example_files();
    p.git_init();
    for (rel, text) in &files {
        p.write(rel, if rel.contains("/2026-Q4/") { at_share(text, 0.0) } else { text.clone() });
    }
    p.commit_as(("Ana Ruiz", "ana@example.com"), "2026-09-28T09:00:00Z", "Plan 2026-Q4");
    let weeks = ["10-06", "10-13", "10-20", "10-27", "11-03", "11-10", "11-17"];
    let shares = [0.12, 0.2, 0.35, 0.42, 0.6, 0.78, 1.0];
    for (week, share) in weeks.iter().zip(shares) {
        for (name, email, team) in PEOPLE {
            for (rel, text) in files.iter().filter(|(r, _)| r.contains(&format!("/2026-Q4/{team}/"))) {
                p.write(rel, at_share(text, share));
            }
            let date = format!("2026-{week}T10:00:00Z");
            p.git_as(".", name, email, &date, &["add", "-A"]);
            let msg = format!("{team}: weekly check-in\n\nNumbers from the {week} review.");
            p.git_as(".", name, email, &date, &["commit", "-q", "--allow-empty", "-m", &msg]);
        }
    }
    p
}
