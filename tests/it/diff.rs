//! `okr diff` end to end: a fixture repository built with the git CLI, the
//! real binary, exact JSON and snapshots of the text and Markdown output.

use crate::common::Project;
use serde_json::{json, Value};

/// One KR of a front matter: its `id` and `title`, then `fields` in order.
fn kr(id: &str, title: &str, fields: &[(&str, &str)]) -> String {
    let mut out = format!("  - id: {id}\n    title: {title}\n");
    for (k, v) in fields {
        out.push_str(&format!("    {k}: {v}\n"));
    }
    out
}

/// An objective file: the `front` fields, the KRs, the `# title`.
fn objective(front: &[(&str, &str)], krs: &[String], title: &str) -> String {
    let mut out = String::from("---\n");
    for (k, v) in front {
        out.push_str(&format!("{k}: {v}\n"));
    }
    out.push_str("key_results:\n");
    out.extend(krs.iter().map(String::as_str));
    format!("{out}---\n# {title}\n")
}

/// `activation-rate`, with its title and its three values.
fn activation_rate(title: &str, baseline: &str, target: &str, current: &str) -> String {
    kr("activation-rate", title, &[("unit", "\"%\""), ("baseline", baseline), ("target", target), ("current", current)])
}

/// The weekly input `onboarding-tests`, at `current`.
fn onboarding_tests(current: &str) -> String {
    kr(
        "onboarding-tests",
        "Onboarding A/B tests shipped",
        &[
            ("layer", "input"),
            ("owner", "sarah"),
            ("cadence", "weekly"),
            ("weekly_target", "2"),
            ("current", current),
            ("drives", "[activation-rate]"),
        ],
    )
}

/// `company/revenue` of the earlier period, as planned.
fn revenue_a() -> String {
    let arr = kr(
        "arr",
        "Grow ARR to 1.0 MUSD",
        &[("unit", "MUSD"), ("baseline", "0.8"), ("target", "1.0"), ("current", "0.9")],
    );
    let nrr = kr(
        "nrr",
        "Keep net revenue retention at or above 100%",
        &[("unit", "\"%\""), ("direction", "at_least"), ("baseline", "100"), ("target", "100"), ("current", "104")],
    );
    objective(&[("owner", "maya")], &[arr, nrr], "Grow revenue")
}

/// `growth/activation` of the earlier period, as planned.
fn activation_a() -> String {
    objective(
        &[("owner", "li"), ("parent", "\"company/revenue#arr\"")],
        &[activation_rate("Raise trial activation from 22% to 30%", "22", "30", "24"), onboarding_tests("4")],
        "Get new teams to their first booked meeting",
    )
}

fn legacy_a() -> String {
    let moved = kr(
        "accounts-moved",
        "Move accounts off the legacy billing system",
        &[("baseline", "0"), ("target", "400"), ("current", "150")],
    );
    objective(&[], &[moved], "Retire the legacy billing system")
}

fn revenue_b() -> String {
    let arr = kr(
        "arr",
        "Grow ARR to 1.5 MUSD",
        &[("unit", "MUSD"), ("baseline", "1.05"), ("target", "1.5"), ("current", "1.1")],
    );
    let margin = kr(
        "gross-margin",
        "Raise gross margin from 70% to 75%",
        &[("unit", "\"%\""), ("baseline", "70"), ("target", "75")],
    );
    objective(&[("owner", "maya")], &[arr, margin], "Grow revenue")
}

fn onboarding_b() -> String {
    objective(
        &[("owner", "priya"), ("parent", "\"company/revenue#arr\"")],
        &[activation_rate("Raise trial activation from 25% to 35%", "25", "35", "26"), onboarding_tests("3")],
        "Get new teams to their first booked meeting on day one",
    )
}

fn mobile_b() -> String {
    let crash = kr(
        "crash-free",
        "Raise crash-free sessions from 97% to 99.5%",
        &[("unit", "\"%\""), ("baseline", "97"), ("target", "99.5")],
    );
    objective(&[], &[crash], "Make the mobile app dependable")
}

/// Two commits: period `a` as planned, then `a`'s final values, one reworded
/// target and the plan of period `b`. The same files whatever the horizon,
/// so that every horizon's diff can be held to the quarters'.
fn fixture_of(a: &str, b: &str) -> Project {
    let p = Project::empty();
    p.git_init();
    p.write(&format!("okrs/{a}/company/revenue.md"), revenue_a());
    p.write(&format!("okrs/{a}/growth/activation.md"), activation_a());
    p.write(&format!("okrs/{a}/platform/legacy.md"), legacy_a());
    p.commit_all(&format!("{a} OKRs"), "2026-01-05T09:00:00Z");
    let revenue = revenue_a()
        .replace("Grow ARR to 1.0 MUSD", "Grow ARR to 1.1 MUSD")
        .replace("target: 1.0", "target: 1.1")
        .replace("current: 0.9", "current: 1.05");
    let activation = activation_a()
        .replace("owner: li", "owner: priya")
        .replace("current: 24", "current: 27")
        .replace("current: 4", "current: 20");
    p.write(&format!("okrs/{a}/company/revenue.md"), revenue);
    p.write(&format!("okrs/{a}/growth/activation.md"), activation);
    p.write(&format!("okrs/{b}/company/revenue.md"), revenue_b());
    p.write(&format!("okrs/{b}/growth/onboarding.md"), onboarding_b());
    p.write(&format!("okrs/{b}/mobile/app.md"), mobile_b());
    p.commit_all(&format!("Close {a}, plan {b}"), "2026-04-01T09:00:00Z");
    p
}

fn fixture() -> Project {
    fixture_of("2026-Q1", "2026-Q2")
}

fn stdout(p: &Project, args: &[&str]) -> String {
    p.okr(args).expect_code(0).stdout.clone()
}

#[test]
fn revisions_json() {
    let repo = fixture();
    let out: Value = serde_json::from_str(&stdout(&repo, &["diff", "HEAD~1", "HEAD", "--format", "json"])).unwrap();
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
    let out: Value = serde_json::from_str(&stdout(&repo, &["diff", "2026-Q1", "2026-Q2", "--format", "json"])).unwrap();
    assert_eq!(out, quarters_expected());
}

/// `okr diff 2026-Q1 2026-Q2 --format json` on [`fixture`].
fn quarters_expected() -> Value {
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
}

#[test]
fn text_and_markdown() {
    let repo = fixture();
    let dir = &repo;
    insta::assert_snapshot!("revisions_text", stdout(dir, &["diff", "HEAD~1", "HEAD"]));
    insta::assert_snapshot!("quarters_text", stdout(dir, &["diff", "2026-Q1", "2026-Q2"]));
    insta::assert_snapshot!("quarters_markdown", stdout(dir, &["diff", "2026-Q1", "2026-Q2", "--format", "markdown"]));
}

#[test]
fn same_revision_or_quarter_is_empty() {
    let repo = fixture();
    let dir = &repo;
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
    let dir = &repo;
    // At HEAD~1 there is no 2026-Q2 yet: every objective of 2026-Q1 is dropped.
    let out = dir.okr(&["diff", "2026-Q1", "2026-Q2", "--rev", "HEAD~1", "--format", "json"]);
    out.expect_code(0);
    assert_eq!(out.json()["objectives"]["removed"].as_array().unwrap().len(), 3);
    assert!(out.stderr.contains("there are no objectives in 2026-Q2"), "{}", out.stderr);

    for args in [
        &["diff", "2026-Q1", "HEAD"][..],
        &["diff", "HEAD~1", "HEAD", "--rev", "HEAD"],
        &["diff", "HEAD", "no-such-rev"],
        &["diff", "2026-Q1", "2026-Q2", "--revisions"],
    ] {
        dir.okr(args).expect_code(2);
    }
}

/// The pairs of longer periods `okr diff` compares as it compares quarters.
const LONGER: [(&str, &str, &str); 3] =
    [("2025", "2026", "years"), ("2026-H1", "2026-H2", "halves"), ("2023-2025", "2026-2028", "multi-year spans")];

#[test]
fn longer_periods_diff_as_quarters_do() {
    let quarters = fixture();
    let quarters_text = stdout(&quarters, &["diff", "2026-Q1", "2026-Q2"]);
    let quarters_md = stdout(&quarters, &["diff", "2026-Q1", "2026-Q2", "--format", "markdown"]);
    let same = |text: &str, a: &str, b: &str| text.replace("2026-Q1", a).replace("2026-Q2", b);
    for (a, b, kind) in LONGER {
        let p = fixture_of(a, b);
        // The JSON is the quarters' with the labels swapped, `mode` kept (SPEC §8).
        let json = stdout(&p, &["diff", a, b, "--format", "json"]);
        assert_eq!(
            serde_json::from_str::<Value>(&json).unwrap(),
            serde_json::from_str::<Value>(&same(&quarters_expected().to_string(), a, b)).unwrap(),
            "okr diff {a} {b}"
        );
        // Text and Markdown name the horizon where they name the quarters.
        let header = |t: &str| t.replacen("· quarters ·", &format!("· {kind} ·"), 1);
        assert_eq!(stdout(&p, &["diff", a, b]), header(&same(&quarters_text, a, b)), "okr diff {a} {b}");
        let md = stdout(&p, &["diff", a, b, "--format", "markdown"]);
        let comparing = |t: &str| t.replacen("Comparing quarters:", &format!("Comparing {kind}:"), 1);
        assert_eq!(md, comparing(&same(&quarters_md, a, b)), "okr diff {a} {b} --format markdown");
    }
}

#[test]
fn periods_win_over_revisions_of_the_same_name() {
    let p = fixture_of("2025", "2026");
    p.git(&["tag", "2025", "HEAD~1"]);
    p.git(&["tag", "2026", "HEAD"]);
    assert_eq!(p.okr(&["diff", "2025", "2026", "--format", "json"]).expect_code(0).json()["mode"], "quarters");
    let revisions = p.okr(&["diff", "2025", "2026", "--revisions", "--format", "json"]).expect_code(0).json();
    assert_eq!(revisions["mode"], "revisions");
    assert_eq!(revisions["objectives"]["added"].as_array().unwrap().len(), 3);
}

#[test]
fn periods_of_two_horizons_are_a_usage_error() {
    let p = fixture_of("2025", "2026");
    for (args, message) in [
        (&["diff", "2026", "2026-Q1"][..], "`2026` is a year but `2026-Q1` is a quarter"),
        (&["diff", "2026-H1", "2026"], "`2026-H1` is a half but `2026` is a year"),
        (&["diff", "2023-2025", "2025"], "`2023-2025` is a multi-year span but `2025` is a year"),
        (&["diff", "2026", "HEAD"], "`2026` is a year but `HEAD` is not a period"),
        (&["diff", "main", "2026-2028"], "`2026-2028` is a multi-year span but `main` is not a period"),
    ] {
        let run = p.okr(args);
        run.expect_code(2);
        assert!(run.stderr.contains(message), "okr {args:?}: {}", run.stderr);
        assert!(run.stdout.is_empty(), "okr {args:?}");
    }
    // A period with no objectives is compared all the same, with a note naming those that have some.
    let run = p.okr(&["diff", "2026", "2027"]);
    run.expect_code(0);
    assert!(
        run.stderr.contains("there are no objectives in 2027 (years with objectives: 2025, 2026)"),
        "{}",
        run.stderr
    );
}
