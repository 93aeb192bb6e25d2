//! Fixture projects as (path, content) lists.

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
