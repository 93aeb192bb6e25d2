//! The weekly rhythm and the owner view: `okr review --format markdown` (the
//! Monday input review), `okr review --issue` (one GitHub issue per ISO week,
//! against the mock API of `post.rs`), `[people]` in okr.toml, and `okr
//! status --owner`.

use crate::common::Project;
use crate::history::{LEE, MAYA, SAM, SARAH};
use crate::post::{Mock, Setup};
use serde_json::Value;

const EXPERIMENTS: &str = "okrs/2026-Q1/growth/experiments.md";
const ACTIVATION: &str = "okrs/2026-Q1/growth/activation.md";
const LATENCY: &str = "okrs/2026-Q1/platform/latency.md";
/// Tuesday of 2026-W07: W06 is the last complete week.
const AS_OF: &str = "2026-02-10";
const CONFIG: &str = "[people]\nsarah = \"sarah-gh\"\n";

fn experiments(tests: u32, nudges: u32) -> String {
    format!(
        r#"---
owner: maya
key_results:
  - id: onboarding-tests
    title: Onboarding A/B tests shipped
    layer: input
    owner: sarah
    weekly_target: 2
    current: {tests}
    quality_gate: a pre-registered hypothesis
    drives: ["growth/activation#activation-rate", "growth/activation#time-to-value"]
  - id: trial-nudges
    title: Trial nudge emails tested
    layer: input
    owner: sam
    weekly_target: 1
    current: {nudges}
    quality_gate: one hypothesis per email
    drives: ["growth/activation#activation-rate"]
---
# Learn what makes trials stick
"#
    )
}

fn activation(rate: &str, ttv: &str) -> String {
    format!(
        r#"---
owner: maya
key_results:
  - id: activation-rate
    title: Raise trial activation rate from 22% to 30%
    layer: leading
    baseline: 22
    target: 30
    current: {rate}
  - id: time-to-value
    title: Cut time to first value from 10 to 5 days
    layer: leading
    baseline: 10
    target: 5
    current: {ttv}
---
# Accelerate product-led growth
"#
    )
}

fn latency(p95: &str) -> String {
    format!(
        r#"---
owner: lee
key_results:
  - id: p95
    title: Cut p95 page latency from 900 to 400 ms
    baseline: 900
    target: 400
    current: {p95}
  - id: error-budget
    title: Keep the error budget above 99.9%
    owner: sarah
    baseline: 99.5
    target: 99.9
    current: 99.7
---
# Make the product feel instant
"#
    )
}

/// Seven weeks of 2026-Q1 with okr's own messages and repeated notes in
/// the last two.
fn weekly_repo() -> Project {
    let p = Project::with_files(&[
        ("okr.toml", CONFIG.to_string()),
        (EXPERIMENTS, experiments(0, 0)),
        (ACTIVATION, activation("22", "10")),
        (LATENCY, latency("900")),
    ]);
    p.git_init();
    p.commit_as(MAYA, "2025-12-29T09:00:00Z", "Q1 OKRs");
    p.write(EXPERIMENTS, experiments(2, 1));
    p.commit_as(SARAH, "2026-01-07T09:00:00Z", "Two onboarding tests");
    p.write(EXPERIMENTS, experiments(3, 1));
    p.commit_as(SARAH, "2026-01-14T09:00:00Z", "One test this week");
    p.write(EXPERIMENTS, experiments(6, 2));
    p.write(ACTIVATION, activation("23", "9.5"));
    p.commit_as(SARAH, "2026-01-28T09:00:00Z", "Three tests; activation up");
    // 2026-W06: Monday 2026-02-02 to Sunday 2026-02-08.
    p.write(EXPERIMENTS, experiments(7, 2));
    p.commit_as(SARAH, "2026-02-02T08:00:00Z", "okr: set 2026-Q1/growth/experiments#onboarding-tests to 7");
    p.write(ACTIVATION, activation("23.5", "9.5"));
    p.commit_as(LEE, "2026-02-04T12:00:00Z", "Weekly numbers");
    p.write(EXPERIMENTS, experiments(9, 2));
    p.commit_as(
        SARAH,
        "2026-02-06T12:00:00Z",
        "Learning: trial users skip the checklist\n\nThe tooltip test confused people.",
    );
    p.write(ACTIVATION, activation("23.5", "9"));
    p.commit_as(SAM, "2026-02-08T18:00:00Z", "weekly  numbers");
    // 2026-W07, in progress on the as-of date.
    p.write(EXPERIMENTS, experiments(10, 2));
    p.commit_as(
        SARAH,
        "2026-02-09T10:00:00Z",
        "okr: check in 2026-Q1/growth/experiments#trial-nudges at 2 (unchanged)",
    );
    p.write(LATENCY, latency("800"));
    p.commit_as(LEE, "2026-02-09T11:00:00Z", "Latency down to 800 ms");
    p
}

// ---------------------------------------------------------------------------
// okr review --format markdown
// ---------------------------------------------------------------------------

#[test]
fn markdown_review_of_a_monday() {
    let p = weekly_repo();
    let run = p.okr(&["review", "--format", "markdown", "--as-of", AS_OF]);
    run.expect_code(0);
    let md = &run.stdout;
    // The last complete week comes first, then the quarter week by week.
    let last = md.find("### Last week: 2026-W06 (2026-02-02 to 2026-02-08)").expect(md);
    let weeks = md.find("### 2026-Q1 week by week").expect(md);
    let notes = md.find("### Learning notes").expect(md);
    assert!(last < weeks && weeks < notes, "{md}");
    insta::assert_snapshot!("review_markdown_monday", md);
}

#[test]
fn markdown_notes_are_deduplicated_without_okrs_own_messages() {
    let p = weekly_repo();
    let md = p.okr(&["review", "--format", "markdown", "--as-of", AS_OF]).expect_code(0).stdout.clone();
    let notes = &md[md.find("### Learning notes").expect(&md)..];
    assert!(!notes.contains("okr: set") && !notes.contains("okr: check in"), "{notes}");
    assert_eq!(notes.matches("eekly").count(), 1, "one line for both commits:\n{notes}");
    assert!(notes.contains("- 2026-02-04 Lee Chen, Sam Ortiz: Weekly numbers (2 commits)"), "{notes}");
    assert!(notes.contains("Learning: trial users skip the checklist"), "{notes}");
    assert!(!notes.contains("Latency"), "a note on another objective's file:\n{notes}");
    // Text and JSON keep every commit, okr's own included (their shape is unchanged).
    let json = p.okr(&["review", "--format", "json", "--as-of", AS_OF]).expect_code(0).json();
    let messages: Vec<&str> =
        json["inputs"][0]["notes"].as_array().unwrap().iter().map(|n| n["message"].as_str().unwrap()).collect();
    assert!(messages.iter().any(|m| m.starts_with("okr: set")), "{messages:?}");
}

// ---------------------------------------------------------------------------
// okr review --issue
// ---------------------------------------------------------------------------

const MARKER: &str = "<!-- okr:weekly-review week=2026-W07 -->";

fn issue(p: &Project, s: &Setup, extra: &[&str]) -> crate::post::Run {
    let mut args = vec!["review", "--issue", "--as-of", AS_OF];
    args.extend_from_slice(extra);
    s.run_cmd(p.okr_cmd("."), &args)
}

#[test]
fn the_weekly_issue_is_created_then_updated() {
    let mock = Mock::start();
    // Someone else's issue with the marker, a pull request of ours with it,
    // and last week's issue: none of them is this week's.
    mock.seed_issue("mallory", &format!("{MARKER}\nplanted"), "2026-12-01T00:00:00Z", false);
    mock.seed_issue("github-actions[bot]", &format!("{MARKER}\na pull request"), "2026-12-01T00:00:00Z", true);
    let older = mock.seed_issue(
        "github-actions[bot]",
        "<!-- okr:weekly-review week=2026-W06 -->\n",
        "2026-12-01T00:00:00Z",
        false,
    );
    let s = Setup::new(&mock.url);
    let p = weekly_repo();

    let first = issue(&p, &s, &[]);
    first.expect(0).stderr_has("okr: created issue https://github.com/acme/okrs/issues/");
    let log = mock.log();
    assert_eq!(log[0], "GET /repos/acme/okrs/issues?state=all&since=2026-02-09T00:00:00Z&per_page=100", "{log:?}");
    assert_eq!(log.last().map(String::as_str), Some("POST /repos/acme/okrs/issues"), "{log:?}");
    let ours: Vec<_> =
        mock.issues().into_iter().filter(|i| i.user == "github-actions[bot]" && !i.pull_request).collect();
    assert_eq!(ours.len(), 2);
    let created = ours.iter().find(|i| i.number != older).expect("the new issue");
    assert_eq!(created.title, "Weekly input review 2026-W07");
    assert!(created.body.starts_with(&format!("{MARKER}\n## Weekly input review 2026-W07")), "{}", created.body);
    let sent: Value = serde_json::from_str(&mock.requests().last().unwrap().body).unwrap();
    assert_eq!(sent["title"], "Weekly input review 2026-W07");
    // stdout has the review as asked (text by default).
    assert!(first.stdout.starts_with("Weekly input review · 2026-W07"), "{}", first.stdout);

    // A second run the same week updates that issue, whatever else is listed.
    p.write(EXPERIMENTS, experiments(12, 2));
    p.commit_as(SARAH, "2026-02-10T08:00:00Z", "Two more tests");
    let second = issue(&p, &s, &[]);
    second.expect(0).stderr_has(&format!("okr: updated issue https://github.com/acme/okrs/issues/{}", created.number));
    assert_eq!(mock.log().last().cloned(), Some(format!("PATCH /repos/acme/okrs/issues/{}", created.number)));
    let after = mock.issues();
    assert_eq!(after.len(), 4, "no new issue");
    let updated = after.iter().find(|i| i.number == created.number).unwrap();
    assert!(updated.body.starts_with(MARKER), "{}", updated.body);
    assert!(updated.body.contains("+2"), "{}", updated.body);
    assert_ne!(updated.body, created.body);
    assert_eq!(after.iter().find(|i| i.user == "mallory").unwrap().body, format!("{MARKER}\nplanted"));
    assert_eq!(mock.writes(), 2);
}

#[test]
fn owners_of_inputs_behind_are_mentioned_or_named() {
    let mock = Mock::start();
    let s = Setup::new(&mock.url);
    let p = weekly_repo();
    issue(&p, &s, &[]).expect(0);
    let body = &mock.issues()[0].body;
    // W06: sarah shipped 3 of 2 (met), sam 0 of 1 (behind). Only sam is
    // behind, and has no handle in [people]: named, not mentioned.
    let line = body.lines().find(|l| l.starts_with("Owners of the inputs behind:")).expect(body);
    assert_eq!(line, "Owners of the inputs behind: sam (Trial nudge emails tested)");
    assert!(!body.contains("@sarah-gh"), "{body}");

    // With a handle for sam, in W04, when both missed their target.
    p.write("okr.toml", format!("{CONFIG}sam = \"sam-o\"\n"));
    p.commit_as(MAYA, "2026-02-09T12:00:00Z", "Handles");
    issue(&p, &s, &["--week", "2026-W04"]).expect(0);
    let w04 = mock.issues().into_iter().find(|i| i.title.ends_with("2026-W04")).expect("the W04 issue");
    let line = w04.body.lines().find(|l| l.starts_with("Owners of the inputs behind:")).expect(&w04.body);
    assert_eq!(
        line,
        "Owners of the inputs behind: @sarah-gh (Onboarding A/B tests shipped), @sam-o (Trial nudge emails tested)"
    );
    // Owners elsewhere in the body are text, never mentions.
    let rest: String = w04.body.lines().filter(|l| !l.starts_with("Owners of")).collect();
    assert!(!rest.contains("@sarah") && !rest.contains("@sam"), "{rest}");
}

#[test]
fn the_weekly_issue_needs_settings_and_write_access() {
    let mock = Mock::start();
    let mut s = Setup::new(&mock.url);
    let p = weekly_repo();
    s.unset("GITHUB_TOKEN");
    issue(&p, &s, &[]).expect(2).stderr_has("GITHUB_TOKEN is not set").stderr_has("issues: write");
    s.set("GITHUB_TOKEN", crate::post::TOKEN);
    s.set("GITHUB_REPOSITORY", "acme");
    issue(&p, &s, &[]).expect(2).stderr_has("GITHUB_REPOSITORY must be `owner/name`");
    s.set("GITHUB_REPOSITORY", "acme/okrs");
    issue(&p, &s, &["--week", "2099-W01", "--quarter", "2099-Q1"])
        .expect(2)
        .stderr_has("week 2099-W01 starts on 2098-12-29, after today");
    assert!(mock.requests().is_empty(), "{:?}", mock.log());
    s.set("GITHUB_TOKEN", "ghs_wrong");
    issue(&p, &s, &[]).expect(2).stderr_has("GitHub rejected the token in GITHUB_TOKEN: 401");
}

// ---------------------------------------------------------------------------
// [people] in okr.toml
// ---------------------------------------------------------------------------

#[test]
fn people_errors_name_line_and_column() {
    let p = weekly_repo();
    p.write("okr.toml", "[people]\nsarah = \"sarah-gh\"\nsam = \"sam o\"\n");
    let run = p.okr(&["review", "--as-of", AS_OF]);
    run.expect_code(2);
    assert!(run.stderr.contains("okr.toml:3:7"), "{}", run.stderr);
    assert!(run.stderr.contains("`sam o` is not a GitHub login"), "{}", run.stderr);
    p.write("okr.toml", "[peple]\nsarah = \"sarah-gh\"\n");
    let run = p.okr(&["status", "--as-of", AS_OF]);
    run.expect_code(2);
    assert!(run.stderr.contains("okr.toml:1:2"), "{}", run.stderr);
    assert!(run.stderr.contains("did you mean `people`?"), "{}", run.stderr);
}

// ---------------------------------------------------------------------------
// okr status --owner
// ---------------------------------------------------------------------------

#[test]
fn status_owner_shows_my_krs_across_teams() {
    let p = weekly_repo();
    let run = p.okr(&["status", "--owner", "sarah", "--as-of", AS_OF]);
    run.expect_code(0);
    let text = &run.stdout;
    assert!(text.contains("Onboarding A/B tests shipped"), "{text}");
    assert!(text.contains("Keep the error budget above 99.9%"), "another team's KR owned by sarah:\n{text}");
    assert!(!text.contains("Trial nudge emails tested"), "sam's KR:\n{text}");
    assert!(!text.contains("Cut p95 page latency"), "lee's KR:\n{text}");
    assert!(text.contains("growth") && text.contains("platform"), "{text}");
    assert!(text.contains("key results owned by sarah"), "{text}");

    let json = p.okr(&["status", "--owner", "sarah", "--format", "json", "--as-of", AS_OF]).expect_code(0).json();
    let krs: Vec<&str> = json["objectives"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|o| o["key_results"].as_array().unwrap())
        .map(|k| k["ref"].as_str().unwrap())
        .collect();
    assert_eq!(
        krs,
        ["2026-Q1/growth/experiments#onboarding-tests", "2026-Q1/platform/latency#error-budget"],
        "{json:#}"
    );
    assert_eq!(json["owner"], "sarah");

    // An objective's owner owns its KRs that name no owner of their own, and
    // sees the objectives they own (here one whose KRs all have other owners).
    let json = p.okr(&["status", "--owner", "maya", "--format", "json", "--as-of", AS_OF]).expect_code(0).json();
    let refs: Vec<&str> = json["objectives"].as_array().unwrap().iter().map(|o| o["ref"].as_str().unwrap()).collect();
    assert_eq!(refs, ["2026-Q1/growth/activation", "2026-Q1/growth/experiments"], "{json:#}");
    assert_eq!(json["objectives"][0]["key_results"].as_array().unwrap().len(), 2);
    assert_eq!(json["objectives"][1]["key_results"], serde_json::json!([]));
    // Without --owner, no `owner` key: the JSON shape is unchanged.
    let all = p.okr(&["status", "--format", "json", "--as-of", AS_OF]).expect_code(0).json();
    assert!(all.get("owner").is_none());

    let md =
        p.okr(&["status", "--owner", "lee", "--format", "markdown", "--as-of", AS_OF]).expect_code(0).stdout.clone();
    assert!(md.contains("Cut p95 page latency") && !md.contains("error budget"), "{md}");
}

#[test]
fn status_unknown_owner_lists_the_known_ones() {
    let p = weekly_repo();
    let run = p.okr(&["status", "--owner", "sarha", "--as-of", AS_OF]);
    run.expect_code(2);
    assert!(run.stderr.contains("no key result or objective is owned by `sarha`"), "{}", run.stderr);
    assert!(run.stderr.contains("did you mean `sarah`?"), "{}", run.stderr);
    assert!(run.stderr.contains("known owners: lee, maya, sam, sarah"), "{}", run.stderr);
    let run = p.okr(&["status", "--owner", "zed", "--as-of", AS_OF]);
    run.expect_code(2);
    assert!(!run.stderr.contains("did you mean"), "{}", run.stderr);
    assert!(run.stderr.contains("known owners: lee, maya, sam, sarah"), "{}", run.stderr);
}

// ---------------------------------------------------------------------------
// okr init --review
// ---------------------------------------------------------------------------

#[test]
fn init_review_writes_the_weekly_workflow() {
    let p = Project::empty();
    let run = p.okr(&["init", "--quarter", "2026-Q1", "--review"]);
    run.expect_code(0);
    let written = String::from_utf8(p.read(".github/workflows/okr-review.yml")).unwrap();
    assert_eq!(written, include_str!("../../docs/workflows/okr-review.yml"));
    assert!(run.stdout.contains("created  .github/workflows/okr-review.yml"), "{}", run.stdout);
    assert!(run.stdout.contains("`[people]`"), "{}", run.stdout);
    assert!(p.exists(".github/workflows/okr.yml"));
    // Without --review, no review workflow; run again, nothing changes.
    let q = Project::empty();
    q.okr(&["init", "--quarter", "2026-Q1"]).expect_code(0);
    assert!(!q.exists(".github/workflows/okr-review.yml"));
    let before = p.snapshot_files();
    let again = p.okr(&["init", "--quarter", "2026-Q1", "--review"]);
    again.expect_code(0);
    assert!(again.stdout.contains("kept     .github/workflows/okr-review.yml (already exists)"), "{}", again.stdout);
    assert_eq!(p.snapshot_files(), before);
}
