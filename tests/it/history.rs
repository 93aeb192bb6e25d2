//! The git history as the check-in log (specification sections 5, 7 and 8):
//! real repositories built with the git CLI, with pinned authors and dates,
//! read by the real `okr` binary (`NO_COLOR=1`, empty `HOME`).
//!
//! Covered: `okr trend` (JSON, CSV, text, `--since`, ref selection), merge
//! credit, renames, unreadable versions, deleted and re-created objectives,
//! detached HEAD and `--rev`, shallow clones, repositories without commits and
//! folders outside git, `updated`/`projected` in `okr status`, `okr review`,
//! and the history-based findings of `okr check`.

use crate::common;

use common::{Project, Who};
use serde_json::{json, Value};

pub(crate) const MAYA: Who = ("Maya Lin", "maya@example.com");
pub(crate) const SAM: Who = ("Sam Ortiz", "sam@example.com");
pub(crate) const LEE: Who = ("Lee Chen", "lee@example.com");
/// A name with a comma, so that CSV quoting is exercised.
const ANA: Who = ("Ruiz, Ana", "ana@example.com");
pub(crate) const SARAH: Who = ("Sarah Kim", "sarah@example.com");
/// Merges other people's branches and changes no value herself.
const RILEY: Who = ("Riley Park", "riley@example.com");

const ACTIVATION: &str = "okrs/2026-Q1/growth/activation.md";
const RATE: &str = "2026-Q1/growth/activation#activation-rate";

/// A project of `files` in a new repository, nothing committed yet.
fn repo<C: AsRef<[u8]>>(files: &[(&str, C)]) -> Project {
    let p = Project::with_files(files);
    p.git_init();
    p
}

/// `git merge --no-ff` of `branch` as `who` at `date`, with git's default
/// message; returns the merge commit's id.
fn merge(p: &Project, who: Who, date: &str, branch: &str) -> String {
    let message = format!("Merge branch '{branch}'");
    p.git_as(".", who.0, who.1, date, &["merge", "-q", "--no-ff", "-m", &message, branch]);
    p.rev_parse("HEAD")
}

/// The growth objective: the activation-rate KR and a signups KR.
fn activation(current: &str, target: &str, signups: &str, body: &str) -> String {
    format!(
        r#"---
owner: maya
key_results:
  - id: activation-rate
    title: Raise trial activation rate from 22% to 30%
    unit: "%"
    baseline: 22
    target: {target}
    current: {current}
  - id: signups
    title: Grow weekly signups from 100 to 200
    baseline: 100
    target: 200
    current: {signups}
---
# Accelerate product-led growth

{body}
"#
    )
}

fn retention(current: &str) -> String {
    format!(
        r#"---
owner: maya
key_results:
  - id: week-4-retention
    title: Raise week-4 retention from 40% to 50%
    unit: "%"
    baseline: 40
    target: 50
    current: {current}
  - id: expansion
    title: Grow expansion revenue from 10 to 20 kUSD
    baseline: 10
    target: 20
    current: 12
---
# Keep the teams we win
"#
    )
}

fn latency(current: &str) -> String {
    format!(
        r#"---
owner: lee
key_results:
  - id: p95
    title: Cut p95 latency from 800 ms to 400 ms
    unit: ms
    baseline: 800
    target: 400
    current: {current}
  - id: uptime
    title: Keep uptime at or above 99.9%
    baseline: 99.95
    target: 99.9
    direction: at_least
    current: 99.95
---
# Make the product feel instant
"#
    )
}

/// One expected point of `okr trend --format json`.
fn point(time: &str, commit: &str, who: Who, current: Value, target: Value, baseline: Value) -> Value {
    json!({"time": time, "commit": commit, "author": who.0, "current": current, "target": target, "baseline": baseline})
}

/// The refs of a trend document's series, in order.
fn series_refs(doc: &Value) -> Vec<String> {
    doc["series"].as_array().expect("series").iter().map(|s| s["ref"].as_str().expect("ref").to_string()).collect()
}

/// The points of one series of a trend document.
fn series_points<'a>(doc: &'a Value, r: &str) -> &'a Vec<Value> {
    doc["series"]
        .as_array()
        .expect("series")
        .iter()
        .find(|s| s["ref"] == r)
        .unwrap_or_else(|| panic!("no series {r} in {doc:#}"))["points"]
        .as_array()
        .expect("points")
}

fn trend_json(p: &Project, extra: &[&str]) -> Value {
    let mut args = vec!["trend", "--format", "json"];
    args.extend_from_slice(extra);
    let run = p.okr(&args);
    run.expect_code(0);
    without_notes(run.json())
}

fn without_notes(mut doc: Value) -> Value {
    // Every point carries its commit message's first line as `note`, its
    // `confidence` and `done` (checked in tests/it/point_in_time.rs; none of
    // these KRs has either); the expected points here leave them out.
    for s in doc["series"].as_array_mut().expect("series") {
        for pt in s["points"].as_array_mut().expect("points") {
            let point = pt.as_object_mut().expect("a point");
            let note = point.remove("note");
            assert!(note.is_some_and(|n| n.is_string()), "a point without a note: {pt}");
            for field in ["confidence", "done"] {
                assert_eq!(point.remove(field), Some(Value::Null), "{field} of {pt}");
            }
        }
    }
    doc
}

/// Replaces every commit id (full, and its 8-character short form) by a label.
fn redact(text: &str, ids: &[(&str, &str)]) -> String {
    let mut out = text.to_string();
    for (label, id) in ids {
        out = out.replace(id, &format!("<{label}>")).replace(&id[..7], &format!("<{label}>"));
    }
    out
}

// ---------------------------------------------------------------------------
// 1. okr trend: series, --since, ref selection, CSV, text
// ---------------------------------------------------------------------------

struct TrendRepo {
    p: Project,
    /// Introduction, `current` change, body-only change, `target` change.
    c: [String; 4],
}

/// Four commits on the activation objective by four people, the second one
/// made in UTC+1.
fn trend_repo() -> TrendRepo {
    let p = repo(&[
        (ACTIVATION, activation("23", "30", "110", "First cut.")),
        ("okrs/2026-Q1/growth/retention.md", retention("42")),
        ("okrs/2026-Q1/platform/latency.md", latency("700")),
    ]);
    let c1 = p.commit_as(MAYA, "2026-01-05T09:00:00Z", "Q1 OKRs");
    p.edit(ACTIVATION, "current: 23", "current: 24.5");
    let c2 = p.commit_as(SAM, "2026-01-12T10:30:00+01:00", "Activation at 24.5%");
    p.edit(ACTIVATION, "First cut.", "First cut.\n\nLearned: the checklist helps.");
    let c3 = p.commit_as(LEE, "2026-01-19T10:00:00Z", "Notes from the activation review");
    p.edit(ACTIVATION, "target: 30", "target: 32");
    let c4 = p.commit_as(ANA, "2026-02-02T10:00:00Z", "Raise the activation target");
    TrendRepo { p, c: [c1, c2, c3, c4] }
}

fn rate_points(c: &[String; 4]) -> Vec<Value> {
    vec![
        point("2026-01-05T09:00:00Z", &c[0], MAYA, json!(23), json!(30), json!(22)),
        point("2026-01-12T09:30:00Z", &c[1], SAM, json!(24.5), json!(30), json!(22)),
        point("2026-02-02T10:00:00Z", &c[3], ANA, json!(24.5), json!(32), json!(22)),
    ]
}

#[test]
fn trend_json_has_one_point_per_value_change_with_time_commit_and_author() {
    let TrendRepo { p, c } = trend_repo();
    // The ids are the ones git itself reports.
    assert_eq!(c[0], p.rev_parse("HEAD~3"));
    assert!(c.iter().all(|id| id.len() == 40 && id.chars().all(|ch| ch.is_ascii_hexdigit())));

    let doc = trend_json(&p, &[RATE]);
    assert_eq!(doc, json!({"series": [{"ref": RATE, "points": rate_points(&c)}]}));

    // Without refs: every KR of the files read, sorted by ref. The body-only
    // commit is nobody's point.
    let all = trend_json(&p, &[]);
    assert_eq!(
        series_refs(&all),
        [
            "2026-Q1/growth/activation#activation-rate",
            "2026-Q1/growth/activation#signups",
            "2026-Q1/growth/retention#expansion",
            "2026-Q1/growth/retention#week-4-retention",
            "2026-Q1/platform/latency#p95",
            "2026-Q1/platform/latency#uptime",
        ]
    );
    assert_eq!(series_points(&all, RATE), &rate_points(&c));
    assert_eq!(
        series_points(&all, "2026-Q1/growth/activation#signups"),
        &vec![point("2026-01-05T09:00:00Z", &c[0], MAYA, json!(110), json!(200), json!(100))]
    );
    assert!(!all.to_string().contains(&c[2]), "the body-only commit must not be a point: {all:#}");
}

#[test]
fn trend_since_keeps_check_ins_from_that_day_on() {
    let TrendRepo { p, c } = trend_repo();
    let all = rate_points(&c);
    // 2026-01-12T10:30+01:00 is 09:30 UTC on the 12th: on or after the 12th.
    let doc = trend_json(&p, &[RATE, "--since", "2026-01-12"]);
    assert_eq!(series_points(&doc, RATE), &all[1..].to_vec());
    let doc = trend_json(&p, &[RATE, "--since", "2026-01-13"]);
    assert_eq!(series_points(&doc, RATE), &all[2..].to_vec());
    let doc = trend_json(&p, &[RATE, "--since", "2026-01-01"]);
    assert_eq!(series_points(&doc, RATE), &all);
}

#[test]
fn trend_selects_by_kr_ref_objective_ref_and_prefix() {
    let TrendRepo { p, .. } = trend_repo();
    let refs = |args: &[&str]| series_refs(&trend_json(&p, args));
    assert_eq!(refs(&[RATE]), [RATE]);
    assert_eq!(
        refs(&["2026-Q1/growth/activation"]),
        ["2026-Q1/growth/activation#activation-rate", "2026-Q1/growth/activation#signups"]
    );
    let growth = [
        "2026-Q1/growth/activation#activation-rate",
        "2026-Q1/growth/activation#signups",
        "2026-Q1/growth/retention#expansion",
        "2026-Q1/growth/retention#week-4-retention",
    ];
    assert_eq!(refs(&["2026-Q1/growth"]), growth);
    assert_eq!(refs(&["2026-Q1/growth/"]), growth);
    assert_eq!(
        refs(&["2026-Q1/platform/latency#p95", "2026-Q1/growth/activation#signups"]),
        ["2026-Q1/growth/activation#signups", "2026-Q1/platform/latency#p95"]
    );
    assert_eq!(refs(&["2026-Q1"]).len(), 6);
}

#[test]
fn trend_with_an_unknown_ref_exits_2_and_names_it() {
    let TrendRepo { p, .. } = trend_repo();
    for args in [
        &["trend", "2026-Q1/growth/activation#nope"][..],
        &["trend", "--format", "json", "2026-Q1/growth/activation#nope"],
        &["trend", RATE, "2026-Q1/growth/activation#nope"],
    ] {
        let run = p.okr(args);
        run.expect_code(2);
        assert!(run.stderr.contains("`2026-Q1/growth/activation#nope`"), "{args:?}: {}", run.stderr);
        assert!(!run.stderr.contains(&format!("`{RATE}`")), "only the unknown ref is named: {}", run.stderr);
        assert_eq!(run.stdout, "", "{args:?}");
    }
    // A prefix must end at a path segment: `growth` is not `grow`.
    let run = p.okr(&["trend", "2026-Q1/grow"]);
    run.expect_code(2);
    assert!(run.stderr.contains("`2026-Q1/grow`"), "{}", run.stderr);
    let run = p.okr(&["trend", "2026-Q2/growth/activation"]);
    run.expect_code(2);
}

#[test]
fn trend_csv_is_exact() {
    let TrendRepo { p, c } = trend_repo();
    let run = p.okr(&["trend", "--format", "csv", RATE, "2026-Q1/growth/activation#signups"]);
    run.expect_code(0);
    let expected = format!(
        "ref,time,commit,author,current,target,baseline,confidence,done\n\
         2026-Q1/growth/activation#activation-rate,2026-01-05T09:00:00Z,{c0},Maya Lin,23,30,22,,\n\
         2026-Q1/growth/activation#activation-rate,2026-01-12T09:30:00Z,{c1},Sam Ortiz,24.5,30,22,,\n\
         2026-Q1/growth/activation#activation-rate,2026-02-02T10:00:00Z,{c3},\"Ruiz, Ana\",24.5,32,22,,\n\
         2026-Q1/growth/activation#signups,2026-01-05T09:00:00Z,{c0},Maya Lin,110,200,100,,\n",
        c0 = c[0],
        c1 = c[1],
        c3 = c[3],
    );
    assert_eq!(run.stdout, expected);
}

#[test]
fn trend_text_output() {
    let TrendRepo { p, c } = trend_repo();
    let run = p.okr(&["trend", "2026-Q1/growth/activation"]);
    run.expect_code(0);
    assert_eq!(run.stderr, "");
    assert!(!run.stdout.contains('\u{1b}'), "NO_COLOR: no escape codes");
    let text = redact(&run.stdout, &[("c1", &c[0]), ("c2", &c[1]), ("c3", &c[2]), ("c4", &c[3])]);
    insta::assert_snapshot!("trend_text", text);
}

/// Markdown: per KR a heading, a Mermaid chart (checked by Mermaid itself in
/// CI, like the pull-request charts) and a table of every check-in.
#[test]
fn trend_markdown_output() {
    let TrendRepo { p, c } = trend_repo();
    let run = p.okr(&["trend", "--format", "markdown", "2026-Q1/growth/activation"]);
    run.expect_code(0);
    let md = redact(&run.stdout, &[("c1", &c[0]), ("c2", &c[1]), ("c3", &c[2]), ("c4", &c[3])]);
    assert!(md.starts_with("## OKR trend\n\n### `2026-Q1/growth/activation#activation-rate` "), "{md}");
    // The target raised on 2026-02-02 steps in the chart's target line.
    assert!(md.contains("    line [30, 30, 32]\n"), "{md}");
    assert_eq!(md.matches("```mermaid").count(), 1, "one KR with two check-in days or more: {md}");
    insta::assert_snapshot!("trend_markdown", md);
}

// ---------------------------------------------------------------------------
// 2. Merge credit
// ---------------------------------------------------------------------------

struct MergeRepo {
    p: Project,
    intro: String,
    /// Sam's commit on the branch: `current` 24 -> 25.
    sam: String,
    /// Lee's commit on the branch: `target` 30 -> 35.
    lee: String,
    /// Riley's `git merge --no-ff`.
    merge: String,
}

fn merge_repo() -> MergeRepo {
    let p = repo(&[
        (ACTIVATION, activation("24", "30", "110", "Plan.")),
        ("okrs/2026-Q1/growth/retention.md", retention("42")),
    ]);
    let intro = p.commit_as(MAYA, "2026-01-05T09:00:00Z", "Q1 OKRs");
    p.git(&["checkout", "-q", "-b", "feature"]);
    p.edit(ACTIVATION, "current: 24", "current: 25");
    let sam = p.commit_as(SAM, "2026-01-20T09:00:00Z", "Activation at 25%");
    p.edit(ACTIVATION, "target: 30", "target: 35");
    let lee = p.commit_as(LEE, "2026-01-21T09:00:00Z", "Stretch the activation target");
    p.git(&["checkout", "-q", "main"]);
    // Main moves on meanwhile (another file), so the merge is a real one.
    p.edit("okrs/2026-Q1/growth/retention.md", "current: 42", "current: 43");
    p.commit_as(MAYA, "2026-01-22T09:00:00Z", "Retention at 43%");
    let merge = merge(&p, RILEY, "2026-01-23T09:00:00Z", "feature");
    assert_eq!(p.git(&["rev-list", "--parents", "-n", "1", "HEAD"]).split_whitespace().count(), 3, "a merge commit");
    MergeRepo { p, intro, sam, lee, merge }
}

#[test]
fn merged_values_are_credited_to_the_branch_commits_not_the_merger() {
    let MergeRepo { p, intro, sam, lee, merge } = merge_repo();
    let doc = trend_json(&p, &[]);
    let text = doc.to_string();
    assert!(!text.contains(RILEY.0), "the merger is credited with nothing: {doc:#}");
    assert!(!text.contains(&merge), "the merge commit is no point: {doc:#}");

    let points = series_points(&doc, RATE);
    assert_eq!(points.first(), Some(&point("2026-01-05T09:00:00Z", &intro, MAYA, json!(24), json!(30), json!(22))));
    let last = points.last().expect("points");
    assert!(last["commit"] == json!(sam) || last["commit"] == json!(lee), "{last:#}");
    assert_eq!((&last["current"], &last["target"]), (&json!(25), &json!(35)));
    for p in &points[1..] {
        assert!(p["author"] == SAM.0 || p["author"] == LEE.0, "{p:#}");
    }
    // Main's own commit stays on main's author.
    let retention = series_points(&doc, "2026-Q1/growth/retention#week-4-retention");
    assert_eq!(retention.len(), 2);
    assert_eq!(retention[1]["author"], MAYA.0);
}

#[test]

fn every_branch_commit_that_changed_a_value_is_its_own_check_in() {
    let MergeRepo { p, intro, sam, lee, .. } = merge_repo();
    let doc = trend_json(&p, &[RATE]);
    assert_eq!(
        series_points(&doc, RATE),
        &vec![
            point("2026-01-05T09:00:00Z", &intro, MAYA, json!(24), json!(30), json!(22)),
            point("2026-01-20T09:00:00Z", &sam, SAM, json!(25), json!(30), json!(22)),
            point("2026-01-21T09:00:00Z", &lee, LEE, json!(25), json!(35), json!(22)),
        ]
    );
    // `updated` is the last change of `current`: Sam's, not Lee's target change.
    let run = p.okr(&["status", "--format", "json", "--as-of", "2026-02-15"]);
    run.expect_code(0);
    assert_eq!(kr_of(&run.json(), RATE)["updated"], "2026-01-20T09:00:00Z");
}

// ---------------------------------------------------------------------------
// 3. Renames
// ---------------------------------------------------------------------------

#[test]
fn a_renamed_objective_keeps_its_whole_history_under_the_new_ref() {
    let p = repo(&[
        (ACTIVATION, activation("23", "30", "110", "Plan.")),
        ("okrs/2026-Q1/growth/retention.md", retention("42")),
    ]);
    let c1 = p.commit_as(MAYA, "2026-01-05T09:00:00Z", "Q1 OKRs");
    std::fs::create_dir_all(p.join("okrs/2026-Q1/platform")).expect("create platform/");
    p.git(&["mv", ACTIVATION, "okrs/2026-Q1/platform/activation.md"]);
    // The second file moves and changes in the same commit.
    p.git(&["mv", "okrs/2026-Q1/growth/retention.md", "okrs/2026-Q1/platform/retention.md"]);
    p.edit("okrs/2026-Q1/platform/retention.md", "current: 42", "current: 44");
    let c2 = p.commit_as(SAM, "2026-01-12T09:00:00Z", "Platform owns activation and retention now");
    p.edit("okrs/2026-Q1/platform/activation.md", "current: 23", "current: 26");
    let c3 = p.commit_as(LEE, "2026-01-19T09:00:00Z", "Activation at 26%");

    let doc = trend_json(&p, &[]);
    assert_eq!(
        series_refs(&doc),
        [
            "2026-Q1/platform/activation#activation-rate",
            "2026-Q1/platform/activation#signups",
            "2026-Q1/platform/retention#expansion",
            "2026-Q1/platform/retention#week-4-retention",
        ]
    );
    assert_eq!(
        series_points(&doc, "2026-Q1/platform/activation#activation-rate"),
        &vec![
            point("2026-01-05T09:00:00Z", &c1, MAYA, json!(23), json!(30), json!(22)),
            point("2026-01-19T09:00:00Z", &c3, LEE, json!(26), json!(30), json!(22)),
        ]
    );
    assert_eq!(
        series_points(&doc, "2026-Q1/platform/retention#week-4-retention"),
        &vec![
            point("2026-01-05T09:00:00Z", &c1, MAYA, json!(42), json!(50), json!(40)),
            point("2026-01-12T09:00:00Z", &c2, SAM, json!(44), json!(50), json!(40)),
        ]
    );
    // The old refs are gone.
    let run = p.okr(&["trend", "2026-Q1/growth"]);
    run.expect_code(2);
    assert!(run.stderr.contains("`2026-Q1/growth`"), "{}", run.stderr);
    // The history before the rename is still read under the old ref there.
    let old = trend_json(&p, &["--rev", &c1]);
    assert_eq!(series_refs(&old)[0], RATE);
    assert_eq!(series_points(&old, RATE).len(), 1);
}

// ---------------------------------------------------------------------------
// 4. A version whose YAML cannot be read
// ---------------------------------------------------------------------------

#[test]
fn an_unreadable_version_adds_no_point_and_warns_once() {
    let p = repo(&[(ACTIVATION, activation("23", "30", "110", "Plan."))]);
    let c1 = p.commit_as(MAYA, "2026-01-05T09:00:00Z", "Q1 OKRs");
    p.edit(ACTIVATION, "current: 23", "current: [24");
    let broken = p.commit_as(SAM, "2026-01-12T09:00:00Z", "Activation at 24 (oops)");
    p.edit(ACTIVATION, "Plan.", "Plan, still broken.");
    p.commit_as(SAM, "2026-01-13T09:00:00Z", "Reword the plan");
    p.edit(ACTIVATION, "current: [24", "current: 25");
    let fixed = p.commit_as(LEE, "2026-01-14T09:00:00Z", "Fix the front matter");

    let run = p.okr(&["trend", "--format", "json", RATE]);
    run.expect_code(0);
    assert_eq!(
        series_points(&without_notes(run.json()), RATE),
        &vec![
            point("2026-01-05T09:00:00Z", &c1, MAYA, json!(23), json!(30), json!(22)),
            point("2026-01-14T09:00:00Z", &fixed, LEE, json!(25), json!(30), json!(22)),
        ]
    );
    assert_eq!(run.stderr.matches("activation.md").count(), 1, "one warning naming the file:\n{}", run.stderr);
    assert!(run.stderr.contains("2026-Q1/growth/activation.md"), "{}", run.stderr);
    assert!(run.stderr.contains(&broken[..7]), "the warning names the first unreadable commit: {}", run.stderr);
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);

    // The other commands read the same history and warn the same way.
    let run = p.okr(&["status", "--format", "json", "--as-of", "2026-02-15"]);
    run.expect_code(0);
    assert_eq!(run.stderr.matches("activation.md").count(), 1, "{}", run.stderr);
    assert_eq!(kr_of(&run.json(), RATE)["updated"], "2026-01-14T09:00:00Z");
}

#[test]

fn the_unreadable_version_warning_names_the_file_as_the_project_sees_it() {
    let p = repo(&[(ACTIVATION, activation("23", "30", "110", "Plan."))]);
    p.commit_as(MAYA, "2026-01-05T09:00:00Z", "Q1 OKRs");
    p.edit(ACTIVATION, "current: 23", "current: [24");
    p.commit_as(SAM, "2026-01-12T09:00:00Z", "Broken");
    p.edit(ACTIVATION, "current: [24", "current: 25");
    p.commit_as(LEE, "2026-01-14T09:00:00Z", "Fixed");
    let run = p.okr(&["trend", RATE]);
    run.expect_code(0);
    assert!(run.stderr.contains(ACTIVATION), "{}", run.stderr);
}

// ---------------------------------------------------------------------------
// 5. Deleted and re-created objectives, detached HEAD, --rev
// ---------------------------------------------------------------------------

#[test]
fn a_re_created_objective_is_introduced_again() {
    let p = repo(&[
        (ACTIVATION, activation("23", "30", "110", "Plan.")),
        ("okrs/2026-Q1/platform/latency.md", latency("700")),
    ]);
    let c1 = p.commit_as(MAYA, "2026-01-05T09:00:00Z", "Q1 OKRs");
    p.git(&["rm", "-q", ACTIVATION]);
    let deleted = p.commit_as(SAM, "2026-01-12T09:00:00Z", "Drop activation for now");
    // Back with the same values but new text: a new introduction. (The very
    // same bytes back, a file moved out of the root and back, are no new
    // check-in: tests/it/point_in_time.rs.)
    p.write(ACTIVATION, activation("23", "30", "110", "Plan, again."));
    let back = p.commit_as(LEE, "2026-01-19T09:00:00Z", "Activation is back");
    p.edit(ACTIVATION, "current: 23", "current: 27");
    let c4 = p.commit_as(ANA, "2026-02-02T09:00:00Z", "Activation at 27%");

    let doc = trend_json(&p, &[RATE]);
    assert_eq!(
        series_points(&doc, RATE),
        &vec![
            point("2026-01-05T09:00:00Z", &c1, MAYA, json!(23), json!(30), json!(22)),
            point("2026-01-19T09:00:00Z", &back, LEE, json!(23), json!(30), json!(22)),
            point("2026-02-02T09:00:00Z", &c4, ANA, json!(27), json!(30), json!(22)),
        ]
    );
    assert!(!doc.to_string().contains(&deleted));
    let run = p.okr(&["status", "--format", "json", "--as-of", "2026-02-15"]);
    run.expect_code(0);
    assert_eq!(kr_of(&run.json(), RATE)["updated"], "2026-02-02T09:00:00Z");

    // --rev reads the history up to that revision, whatever is checked out.
    let at = trend_json(&p, &["--rev", "HEAD~1", RATE]);
    assert_eq!(series_points(&at, RATE), &series_points(&doc, RATE)[..2].to_vec());
    let run = p.okr(&["trend", "--rev", "HEAD~1", "--format", "csv", RATE]);
    run.expect_code(0);
    assert!(!run.stdout.contains(&c4), "{}", run.stdout);

    // Detached HEAD one commit back: the working tree and HEAD agree.
    p.git(&["checkout", "-q", "--detach", "HEAD~1"]);
    assert_eq!(p.rev_parse("HEAD"), back);
    let detached = trend_json(&p, &[RATE]);
    assert_eq!(series_points(&detached, RATE), &series_points(&doc, RATE)[..2].to_vec());
    let run = p.okr(&["status", "--format", "json", "--as-of", "2026-02-15"]);
    run.expect_code(0);
    assert_eq!(kr_of(&run.json(), RATE)["current"], 23);
    // At the deletion, the objective is not in the files read.
    let run = p.okr(&["trend", "--rev", &deleted, "--format", "json"]);
    run.expect_code(0);
    assert_eq!(series_refs(&run.json()), ["2026-Q1/platform/latency#p95", "2026-Q1/platform/latency#uptime"]);
}

// ---------------------------------------------------------------------------
// 6. Shallow clones; 7. no commits, no git
// ---------------------------------------------------------------------------

fn status_krs(doc: &Value) -> Vec<&Value> {
    doc["objectives"]
        .as_array()
        .expect("objectives")
        .iter()
        .flat_map(|o| o["key_results"].as_array().expect("key_results"))
        .collect()
}

fn kr_of<'a>(doc: &'a Value, r: &str) -> &'a Value {
    status_krs(doc).into_iter().find(|k| k["ref"] == r).unwrap_or_else(|| panic!("no KR {r} in {doc:#}"))
}

#[test]
fn a_shallow_clone_has_status_without_history_and_no_trend() {
    let TrendRepo { p, .. } = trend_repo();
    let url = format!("file://{}", p.path().display());
    p.git(&["clone", "-q", "--depth", "1", &url, "shallow"]);
    assert_eq!(
        p.git_as("shallow", MAYA.0, MAYA.1, "2026-01-05T09:00:00Z", &["rev-parse", "--is-shallow-repository"]).trim(),
        "true"
    );

    let run = p.okr_in("shallow", &["status", "--format", "json", "--as-of", "2026-02-15"]);
    run.expect_code(0);
    let doc = run.json();
    assert_eq!(kr_of(&doc, RATE)["current"], json!(24.5));
    for kr in status_krs(&doc) {
        assert_eq!((&kr["updated"], &kr["projected"]), (&Value::Null, &Value::Null), "{kr:#}");
    }
    assert!(run.stderr.contains("shallow"), "{}", run.stderr);
    assert!(run.stderr.contains("fetch-depth"), "{}", run.stderr);
    assert_eq!(run.stderr.lines().count(), 1, "one note: {}", run.stderr);

    // Text status works too.
    p.okr_in("shallow", &["status", "--as-of", "2026-02-15"]).expect_code(0);

    for args in [&["trend"][..], &["trend", "--format", "json", RATE]] {
        let run = p.okr_in("shallow", args);
        run.expect_code(2);
        assert!(run.stderr.contains("fetch-depth: 0"), "{args:?}: {}", run.stderr);
        assert_eq!(run.stdout, "");
    }
}

#[test]
fn a_repository_without_commits_has_status_but_no_trend() {
    let p = repo(&[(ACTIVATION, activation("23", "30", "110", "Plan."))]);
    let run = p.okr(&["status", "--format", "json", "--as-of", "2026-02-15"]);
    run.expect_code(0);
    let doc = run.json();
    assert_eq!(kr_of(&doc, RATE)["current"], json!(23));
    assert_eq!((&kr_of(&doc, RATE)["updated"], &kr_of(&doc, RATE)["projected"]), (&Value::Null, &Value::Null));
    p.okr(&["status", "--as-of", "2026-02-15"]).expect_code(0);

    let run = p.okr(&["trend"]);
    run.expect_code(2);
    assert!(run.stderr.contains("`okr trend` needs the git history"), "{}", run.stderr);
    assert!(run.stderr.contains("no commits"), "{}", run.stderr);
    assert_eq!(run.stdout, "");
}

#[test]
fn a_folder_outside_git_has_status_but_no_trend() {
    let p = Project::with_files(&[(ACTIVATION, activation("23", "30", "110", "Plan."))]);
    let run = p.okr(&["status", "--format", "json", "--as-of", "2026-02-15"]);
    run.expect_code(0);
    assert_eq!(kr_of(&run.json(), RATE)["updated"], Value::Null);
    assert_eq!(run.stderr, "");

    let run = p.okr(&["trend"]);
    run.expect_code(2);
    assert!(run.stderr.contains("not a git repository"), "{}", run.stderr);
    assert_eq!(run.stdout, "");
}

// ---------------------------------------------------------------------------
// 8. okr status: updated and projected
// ---------------------------------------------------------------------------

/// Seconds since the epoch of an RFC 3339 UTC time (`YYYY-MM-DDTHH:MM:SSZ`).
fn epoch(t: &str) -> i64 {
    let n = |r: std::ops::Range<usize>| t[r].parse::<i64>().expect("digits");
    let (y, m, d) = (n(0..4), n(5..7), n(8..10));
    // Days from civil (Howard Hinnant's algorithm).
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    days * 86_400 + n(11..13) * 3600 + n(14..16) * 60 + n(17..19)
}

/// The least-squares line through `points`, evaluated at `x`.
fn least_squares_at(points: &[(i64, f64)], x: i64) -> f64 {
    let n = points.len() as f64;
    let mx = points.iter().map(|p| p.0 as f64).sum::<f64>() / n;
    let my = points.iter().map(|p| p.1).sum::<f64>() / n;
    let sxx: f64 = points.iter().map(|p| (p.0 as f64 - mx).powi(2)).sum();
    let sxy: f64 = points.iter().map(|p| (p.0 as f64 - mx) * (p.1 - my)).sum();
    let slope = sxy / sxx;
    my + slope * (x as f64 - mx)
}

/// The quarter's `(time, current)` values from trend points: the value in
/// force at the quarter's start counts at its first day 00:00 UTC, then
/// every point inside the quarter.
fn quarter_points(points: &[Value], start: i64, end: i64) -> Vec<(i64, f64)> {
    let mut out = Vec::new();
    let mut carried = None;
    for p in points {
        let t = epoch(p["time"].as_str().expect("time"));
        let v = p["current"].as_f64().expect("current");
        if t < start {
            carried = Some(v);
        } else if t < end {
            if let Some(c) = carried.take() {
                out.push((start, c));
            }
            out.push((t, v));
        }
    }
    out.extend(carried.map(|c| (start, c)));
    out
}

#[test]
fn status_updated_and_projected_come_from_the_history() {
    let p = repo(&[
        (ACTIVATION, activation("22", "30", "100", "Plan.")),
        ("okrs/2026-Q1/platform/latency.md", latency("700")),
    ]);
    p.commit_as(MAYA, "2025-12-20T09:00:00Z", "Draft Q1 OKRs");
    p.edit(ACTIVATION, "current: 22", "current: 24");
    p.commit_as(SAM, "2026-01-10T12:00:00Z", "Activation at 24%");
    // The signups KR gets its first value inside the quarter, then never again.
    p.edit(ACTIVATION, "current: 100", "current: 120");
    p.edit(ACTIVATION, "current: 24\n", "current: 25.5\n");
    p.commit_as(SAM, "2026-01-31T08:00:00Z", "Activation at 25.5%, signups at 120");
    p.edit(ACTIVATION, "target: 30", "target: 32");
    p.commit_as(ANA, "2026-02-10T15:00:00Z", "Raise the activation target");
    p.edit(ACTIVATION, "Plan.", "Plan, with notes.");
    p.commit_as(LEE, "2026-02-12T15:00:00Z", "Notes");

    let run = p.okr(&["status", "--format", "json", "--as-of", "2026-02-15"]);
    run.expect_code(0);
    let doc = run.json();

    // The last change of `current`, not the later target-only or body-only commits.
    let rate = kr_of(&doc, RATE);
    assert_eq!(rate["updated"], "2026-01-31T08:00:00Z");

    // Least squares through the quarter's measurements of `current`, at the
    // end of the quarter's last day: the target-only commit is a point of the
    // series but measured nothing.
    let trend = trend_json(&p, &[RATE]);
    let start = epoch("2026-01-01T00:00:00Z");
    let mut pts = quarter_points(series_points(&trend, RATE), start, epoch("2026-04-01T00:00:00Z"));
    assert_eq!(pts.first(), Some(&(start, 22.0)), "the carry-in counts at the quarter's first day");
    assert_eq!(pts.len(), 4, "{pts:?}");
    assert_eq!(pts[3].1, pts[2].1, "the target-only commit repeats the value: {pts:?}");
    pts.pop();
    let expected = least_squares_at(&pts, epoch("2026-04-01T00:00:00Z"));
    let projected = rate["projected"].as_f64().expect("a number");
    assert!((projected - expected).abs() < 1e-9, "projected {projected}, expected {expected}");
    assert!(projected > 25.5 && projected < 40.0, "{projected}");

    // Two points: the carry-in of 100 and the change to 120.
    let signups = kr_of(&doc, "2026-Q1/growth/activation#signups");
    assert_eq!(signups["updated"], "2026-01-31T08:00:00Z");
    let pts = vec![(start, 100.0), (epoch("2026-01-31T08:00:00Z"), 120.0)];
    let expected = least_squares_at(&pts, epoch("2026-04-01T00:00:00Z"));
    assert!((signups["projected"].as_f64().expect("a number") - expected).abs() < 1e-9, "{signups:#}");

    // Introduced before the quarter and never changed: one point, no projection;
    // `updated` is the introduction.
    let p95 = kr_of(&doc, "2026-Q1/platform/latency#p95");
    assert_eq!((&p95["updated"], &p95["projected"]), (&json!("2025-12-20T09:00:00Z"), &Value::Null));

    // --no-history: both null everywhere.
    let run = p.okr(&["status", "--format", "json", "--as-of", "2026-02-15", "--no-history"]);
    run.expect_code(0);
    for kr in status_krs(&run.json()) {
        assert_eq!((&kr["updated"], &kr["projected"]), (&Value::Null, &Value::Null), "{kr:#}");
    }
}

#[test]
fn status_projected_is_null_with_a_single_point_in_the_quarter() {
    let p = repo(&[(ACTIVATION, activation("23", "30", "110", "Plan."))]);
    // Introduced inside the quarter, never changed since.
    p.commit_as(MAYA, "2026-01-07T09:00:00Z", "Q1 OKRs");
    let run = p.okr(&["status", "--format", "json", "--as-of", "2026-02-15"]);
    run.expect_code(0);
    let doc = run.json();
    assert_eq!(kr_of(&doc, RATE)["updated"], "2026-01-07T09:00:00Z");
    assert_eq!(kr_of(&doc, RATE)["projected"], Value::Null);
}

// ---------------------------------------------------------------------------
// 9. okr review
// ---------------------------------------------------------------------------

const EXPERIMENTS: &str = "okrs/2026-Q1/growth/experiments.md";
const TESTS: &str = "2026-Q1/growth/experiments#onboarding-tests";

fn experiments(tests: u32) -> String {
    format!(
        r#"---
owner: sarah
parent: "growth/activation#activation-rate"
key_results:
  - id: onboarding-tests
    title: Onboarding A/B tests shipped with a pre-registered hypothesis
    layer: input
    owner: sarah
    cadence: weekly
    weekly_target: 2
    current: {tests}
    quality_gate: pre-registered hypothesis and minimum detectable effect
    drives: ["growth/activation#activation-rate", "growth/activation#time-to-value", "growth/activation#nps"]
  - id: trial-nudges
    title: Trial nudge emails tested
    layer: input
    owner: sam
    cadence: weekly
    weekly_target: 1
    current: 0
    quality_gate: one hypothesis per email
---
# Learn what makes trials stick
"#
    )
}

fn driven(rate: &str, ttv: &str, nps: &str, body: &str) -> String {
    format!(
        r#"---
owner: maya
key_results:
  - id: activation-rate
    title: Raise trial activation rate from 22% to 30%
    baseline: 22
    target: 30
    current: {rate}
  - id: time-to-value
    title: Cut time to first value from 10 to 5 days
    baseline: 10
    target: 5
    current: {ttv}
  - id: nps
    title: Raise trial NPS from 20 to 35
    baseline: 20
    target: 35
    current: {nps}
---
# Accelerate product-led growth

{body}
"#
    )
}

struct ReviewRepo {
    p: Project,
    /// The commits of 2026-W06 on the two files, oldest first.
    week: [String; 3],
    /// A commit of 2026-W06 on another file.
    other: String,
    /// The first commit of 2026-W07.
    next: String,
}

fn review_repo() -> ReviewRepo {
    let p = repo(&[
        (EXPERIMENTS, experiments(0)),
        (ACTIVATION, driven("22", "10", "20", "Plan.")),
        ("okrs/2026-Q1/platform/latency.md", latency("700")),
    ]);
    p.commit_as(MAYA, "2025-12-29T09:00:00Z", "Q1 OKRs");
    p.write(EXPERIMENTS, experiments(2));
    p.commit_as(SARAH, "2026-01-07T09:00:00Z", "Two onboarding tests");
    p.write(EXPERIMENTS, experiments(3));
    p.commit_as(SARAH, "2026-01-14T09:00:00Z", "One test this week");
    // 2026-W04: nothing.
    p.write(EXPERIMENTS, experiments(6));
    p.write(ACTIVATION, driven("23", "9.5", "20", "Plan."));
    p.commit_as(SARAH, "2026-01-28T09:00:00Z", "Three tests; activation up");
    // 2026-W06: Monday 2026-02-02 to Sunday 2026-02-08.
    p.write(EXPERIMENTS, experiments(7));
    let w1 = p.commit_as(SAM, "2026-02-02T08:00:00Z", "Pricing-page test shipped");
    p.write(ACTIVATION, driven("23", "9.5", "20", "Plan.\n\nLearned: trial users skip the checklist."));
    let w2 = p.commit_as(LEE, "2026-02-04T12:00:00Z", "Learning: trial users skip the checklist");
    p.edit("okrs/2026-Q1/platform/latency.md", "current: 700", "current: 650");
    let other = p.commit_as(MAYA, "2026-02-05T12:00:00Z", "Latency down to 650 ms");
    p.write(EXPERIMENTS, experiments(9));
    p.write(ACTIVATION, driven("22.5", "9", "20", "Plan.\n\nLearned: trial users skip the checklist."));
    let w3 = p.commit_as(
        SARAH,
        "2026-02-08T23:30:00Z",
        "Two more tests; activation dipped\n\nThe tooltip test confused people.",
    );
    p.write(EXPERIMENTS, experiments(10));
    let next = p.commit_as(SARAH, "2026-02-09T00:30:00Z", "First test of W07");
    ReviewRepo { p, week: [w1, w2, w3], other, next }
}

fn week(w: &str, from: &str, to: &str, increase: Value, expected: Value, met: bool) -> Value {
    json!({"week": w, "from": from, "to": to, "increase": increase, "expected": expected, "met": met, "complete": true})
}

#[test]
fn review_json_of_a_week() {
    let ReviewRepo { p, week: [w1, w2, w3], other, next } = review_repo();
    let run = p.okr(&["review", "--week", "2026-W06", "--format", "json"]);
    run.expect_code(0);
    let doc = run.json();
    assert_eq!(
        (&doc["week"], &doc["from"], &doc["to"], &doc["quarter"]),
        (&json!("2026-W06"), &json!("2026-02-02"), &json!("2026-02-08"), &json!("2026-Q1"))
    );
    assert_eq!(doc["last_week"], Value::Null);
    assert_eq!(doc["attention"]["inputs_behind"], json!(["2026-Q1/growth/experiments#trial-nudges"]));
    let inputs = doc["inputs"].as_array().expect("inputs");
    assert_eq!(inputs.len(), 2, "{doc:#}");
    let tests = inputs.iter().find(|i| i["ref"] == TESTS).expect("the tests input");
    let expected = json!({
        "ref": TESTS,
        "title": "Onboarding A/B tests shipped with a pre-registered hypothesis",
        "owner": "sarah",
        "weekly_target": 2,
        // W06 is over: it stands alone (no last complete week beside it).
        "last_week": null,
        "this_week": week("2026-W06", "2026-02-02", "2026-02-08", json!(3), json!(2), true),
        "weeks": [
            // 2026-01-01 is a Thursday: W01 counts four days of the quarter.
            week("2026-W01", "2026-01-01", "2026-01-04", json!(0), json!(2.0 * 4.0 / 7.0), false),
            week("2026-W02", "2026-01-05", "2026-01-11", json!(2), json!(2), true),
            week("2026-W03", "2026-01-12", "2026-01-18", json!(1), json!(2), false),
            week("2026-W04", "2026-01-19", "2026-01-25", json!(0), json!(2), false),
            week("2026-W05", "2026-01-26", "2026-02-01", json!(3), json!(2), true),
            week("2026-W06", "2026-02-02", "2026-02-08", json!(3), json!(2), true),
        ],
        "drives": [
            {"ref": "2026-Q1/growth/activation#activation-rate", "from": 23, "to": 22.5, "direction": "down", "improving": false},
            {"ref": "2026-Q1/growth/activation#time-to-value", "from": 9.5, "to": 9, "direction": "down", "improving": true},
            {"ref": "2026-Q1/growth/activation#nps", "from": 20, "to": 20, "direction": "flat", "improving": null},
        ],
        "notes": [
            {"time": "2026-02-02T08:00:00Z", "commit": w1, "author": SAM.0, "message": "Pricing-page test shipped"},
            {"time": "2026-02-04T12:00:00Z", "commit": w2, "author": LEE.0, "message": "Learning: trial users skip the checklist"},
            {"time": "2026-02-08T23:30:00Z", "commit": w3, "author": SARAH.0,
             "message": "Two more tests; activation dipped\n\nThe tooltip test confused people."},
        ],
    });
    assert_eq!(tests, &expected);
    let text = doc.to_string();
    assert!(!text.contains(&other), "a commit on another file is no note");
    assert!(!text.contains(&next), "a commit of the next week is no note");

    // The other input: no movement at all, every week missed, same notes
    // (only its own file; none of its commits carried a value change).
    let nudges = inputs.iter().find(|i| i["ref"] == "2026-Q1/growth/experiments#trial-nudges").expect("nudges");
    assert_eq!(nudges["this_week"]["increase"], 0);
    assert_eq!(nudges["this_week"]["met"], false);
    assert!(nudges["weeks"].as_array().expect("weeks").iter().all(|w| w["met"] == false));
    assert_eq!(nudges["drives"], json!([]));
    let notes: Vec<&Value> = nudges["notes"].as_array().expect("notes").iter().map(|n| &n["commit"]).collect();
    assert_eq!(notes, [&json!(w1), &json!(w3)]);
}

#[test]
fn review_text_and_markdown() {
    let ReviewRepo { p, .. } = review_repo();
    let run = p.okr(&["review", "--week", "2026-W06"]);
    run.expect_code(0);
    assert!(!run.stdout.contains('\u{1b}'));
    insta::assert_snapshot!("review_text", run.stdout);
    let run = p.okr(&["review", "--week", "2026-W06", "--format", "markdown"]);
    run.expect_code(0);
    insta::assert_snapshot!("review_markdown", run.stdout);
}

// ---------------------------------------------------------------------------
// 10. okr check: moved-goalposts and stale
// ---------------------------------------------------------------------------

#[test]
fn check_reports_moved_goalposts_and_stale_from_the_history() {
    let p = repo(&[(ACTIVATION, activation("22", "28", "100", "Plan."))]);
    p.commit_as(MAYA, "2025-12-20T09:00:00Z", "Draft Q1 OKRs");
    // Before the quarter: moving the target is planning, not moving goalposts.
    p.edit(ACTIVATION, "target: 28", "target: 30");
    p.commit_as(MAYA, "2025-12-28T09:00:00Z", "Agree the activation target");
    p.edit(ACTIVATION, "current: 22", "current: 24");
    let updated = p.commit_as(SAM, "2026-01-05T09:00:00Z", "Activation at 24%");
    p.edit(ACTIVATION, "target: 30", "target: 25");
    let moved = p.commit_as(SAM, "2026-02-03T16:00:00Z", "Update numbers");
    p.edit(ACTIVATION, "current: 100", "current: 130");
    p.commit_as(LEE, "2026-02-10T09:00:00Z", "Signups at 130");

    let run = p.okr(&["check", "--format", "json", "--as-of", "2026-02-15"]);
    run.expect_code(0);
    let doc = run.json();
    let of = |rule: &str| -> Vec<Value> {
        doc["diagnostics"].as_array().expect("diagnostics").iter().filter(|d| d["rule"] == rule).cloned().collect()
    };

    let goalposts = of("moved-goalposts");
    assert_eq!(goalposts.len(), 1, "{doc:#}");
    let g = &goalposts[0];
    assert_eq!(g["severity"], "warning");
    assert_eq!(g["ref"], RATE);
    assert_eq!(g["file"], ACTIVATION);
    assert_eq!(g["related"], json!([moved]));
    let msg = g["message"].as_str().expect("message");
    for part in ["from 30 to 25", &moved[..7], SAM.0, "2026-02-03"] {
        assert!(msg.contains(part), "`{part}` missing from: {msg}");
    }

    // Stale: `current` last changed on 2026-01-05 (the target change does not
    // count); the signups KR changed five days ago.
    let stale = of("stale");
    assert_eq!(stale.len(), 1, "{doc:#}");
    let s = &stale[0];
    assert_eq!(s["severity"], "warning");
    assert_eq!(s["ref"], RATE);
    assert!(s["message"].as_str().expect("message").contains("2026-01-05"), "{s:#}");
    assert_eq!(s["related"], json!([updated]));

    let run = p.okr(&["check", "--format", "json", "--as-of", "2026-02-15", "--no-history"]);
    run.expect_code(0);
    let doc = run.json();
    let rules: Vec<&Value> = doc["diagnostics"].as_array().expect("diagnostics").iter().map(|d| &d["rule"]).collect();
    assert!(!rules.contains(&&json!("moved-goalposts")) && !rules.contains(&&json!("stale")), "{rules:?}");
}

#[test]

fn a_branch_value_merged_next_to_a_main_change_is_still_credited_to_its_author() {
    let p = repo(&[(ACTIVATION, activation("24", "30", "110", "Plan."))]);
    p.commit_as(MAYA, "2026-01-05T09:00:00Z", "Q1 OKRs");
    p.git(&["checkout", "-q", "-b", "feature"]);
    p.edit(ACTIVATION, "current: 24", "current: 25");
    let sam = p.commit_as(SAM, "2026-01-20T09:00:00Z", "Activation at 25%");
    p.git(&["checkout", "-q", "main"]);
    // Main corrects the baseline of the same KR meanwhile (no conflict: the
    // target line lies between the two changes).
    p.edit(ACTIVATION, "baseline: 22", "baseline: 21");
    p.commit_as(LEE, "2026-01-22T09:00:00Z", "Correct the activation baseline");
    let merge = merge(&p, RILEY, "2026-01-23T09:00:00Z", "feature");
    let merged = String::from_utf8(p.read(ACTIVATION)).expect("UTF-8");
    assert!(merged.contains("baseline: 21") && merged.contains("current: 25"), "merged cleanly:\n{merged}");

    let doc = trend_json(&p, &[RATE]);
    let points = series_points(&doc, RATE);
    assert!(points.iter().all(|p| p["author"] != RILEY.0 && p["commit"] != json!(merge)), "{doc:#}");
    assert!(points.iter().any(|p| p["commit"] == json!(sam) && p["current"] == 25), "{doc:#}");
    let run = p.okr(&["status", "--format", "json", "--as-of", "2026-02-15"]);
    run.expect_code(0);
    assert_eq!(kr_of(&run.json(), RATE)["updated"], "2026-01-20T09:00:00Z");
}

// ---------------------------------------------------------------------------
// A project in a folder of a larger repository
// ---------------------------------------------------------------------------

#[test]
fn a_project_in_a_subfolder_with_its_own_root_reads_its_history() {
    let file = "plans/goals/2026-Q1/growth/activation.md";
    let p = repo(&[
        ("README.md", "# The product\n".to_string()),
        ("plans/okr.toml", "root = \"goals\"\n".to_string()),
        (file, activation("23", "30", "110", "Plan.")),
        // Same layout outside the project: never part of its history.
        ("okrs/2026-Q1/growth/activation.md", activation("1", "2", "3", "Not ours.")),
    ]);
    let c1 = p.commit_as(MAYA, "2026-01-05T09:00:00Z", "Q1 OKRs");
    p.edit(file, "current: 23", "current: 26");
    let c2 = p.commit_as(SAM, "2026-01-12T09:00:00Z", "Activation at 26%");
    p.edit("okrs/2026-Q1/growth/activation.md", "current: 1", "current: 2");
    p.commit_as(LEE, "2026-01-19T09:00:00Z", "Elsewhere");

    let expected = vec![
        point("2026-01-05T09:00:00Z", &c1, MAYA, json!(23), json!(30), json!(22)),
        point("2026-01-12T09:00:00Z", &c2, SAM, json!(26), json!(30), json!(22)),
    ];
    for dir in ["plans", "plans/goals/2026-Q1/growth"] {
        let run = p.okr_in(dir, &["trend", "--format", "json", RATE]);
        run.expect_code(0);
        assert_eq!(series_points(&without_notes(run.json()), RATE), &expected, "in {dir}");
        let run = p.okr_in(dir, &["trend", "--format", "json", "--rev", "HEAD~2", RATE]);
        run.expect_code(0);
        assert_eq!(series_points(&without_notes(run.json()), RATE), &expected[..1].to_vec(), "in {dir}");
    }
    let run = p.okr_in("plans", &["status", "--format", "json", "--as-of", "2026-02-15"]);
    run.expect_code(0);
    assert_eq!(kr_of(&run.json(), RATE)["updated"], "2026-01-12T09:00:00Z");
}

#[test]
fn trend_refuses_no_history() {
    let TrendRepo { p, .. } = trend_repo();
    let run = p.okr(&["trend", "--no-history"]);
    run.expect_code(2);
    assert!(run.stderr.contains("--no-history"), "{}", run.stderr);
}

/// Like `okr status`, `trend` and `review` warn when a file has errors (what
/// they show may be missing a KR) and exit 1 for `--fail-on`; the output is
/// still printed.
#[test]
fn trend_and_review_warn_about_broken_files_and_exit_1() {
    let TrendRepo { p, .. } = trend_repo();
    p.write("okrs/2026-Q1/growth/broken.md", "---\nowner: [unclosed\n---\n# Broken\n");
    let run = p.okr(&["trend", "--format", "csv"]);
    run.expect_code(1);
    assert!(run.stdout.contains("activation-rate"), "{}", run.stdout);
    assert!(
        run.stderr.contains("warning: 1 error in the OKR files; key results with errors may be missing above."),
        "{}",
        run.stderr
    );
    let ReviewRepo { p, .. } = review_repo();
    p.write("okrs/2026-Q1/growth/broken.md", "---\nowner: [unclosed\n---\n# Broken\n");
    let run = p.okr(&["review", "--week", "2026-W06", "--format", "json"]);
    run.expect_code(1);
    assert_eq!(run.json()["week"], "2026-W06");
    assert!(run.stderr.contains("key results with errors may be missing from the review above"), "{}", run.stderr);
}

/// A week before an input KR was committed: it is not tracked yet (its
/// `weekly_target` is set), and a driven metric that did not move says
/// "(flat)" rather than ending in a bare arrow.
#[test]
fn review_of_a_week_before_the_kr_existed_says_not_tracked_yet() {
    let p = repo(&[(EXPERIMENTS, experiments(0)), (ACTIVATION, driven("22", "10", "20", "Plan."))]);
    p.commit_as(MAYA, "2026-02-04T09:00:00Z", "Q1 OKRs, late");
    let run = p.okr(&["review", "--week", "2026-W05", "--as-of", "2026-02-20"]);
    run.expect_code(0);
    assert!(run.stdout.contains("this week  +0  (not tracked yet: the KR was added later)"), "{}", run.stdout);
    assert!(!run.stdout.contains("no weekly_target"), "{}", run.stdout);
    assert!(run.stdout.contains(" 22 → 22 (flat)\n"), "{}", run.stdout);
}
