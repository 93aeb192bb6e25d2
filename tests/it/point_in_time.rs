//! History you can trust (SPEC §5 on `--as-of`, §9 on check-ins): real
//! repositories with pinned author and committer dates, read by the real
//! binary. `--as-of` reads the OKRs as they stood at the end of that day;
//! check-ins count at their author time, through merges and rebases; an
//! `Okr-Check-In:` trailer (empty commit, or `okr set` with the value in
//! place) is a check-in.

use crate::common;

use common::Project;
use serde_json::Value;

const FILE: &str = "okrs/2026-Q1/growth/activation.md";
const RATE: &str = "2026-Q1/growth/activation#activation-rate";

fn activation(current: &str) -> String {
    format!(
        r#"---
owner: maya
key_results:
  - id: activation-rate
    title: Raise trial activation rate from 22% to 30%
    unit: "%"
    baseline: 22
    target: 30
    current: {current}
---
# Accelerate product-led growth
"#
    )
}

/// Sets `current` and commits it, authored and committed at `date`.
fn check_in(p: &Project, current: &str, date: &str) {
    p.write(FILE, activation(current));
    p.commit_all(&format!("activation at {current}"), date);
}

/// Jan 5: 23, Feb 2: 25, Mar 2: 28.
fn quarter_repo() -> Project {
    let p = Project::with_files(&[(FILE, activation("23"))]);
    p.git_init();
    p.commit_all("start", "2026-01-05T09:00:00Z");
    check_in(&p, "25", "2026-02-02T10:00:00Z");
    check_in(&p, "28", "2026-03-02T10:00:00Z");
    p.git(&["config", "user.name", "Maya Lin"]);
    p.git(&["config", "user.email", "maya@example.com"]);
    p
}

fn kr<'a>(status: &'a Value, r: &str) -> &'a Value {
    status["objectives"]
        .as_array()
        .expect("objectives")
        .iter()
        .flat_map(|o| o["key_results"].as_array().expect("krs"))
        .find(|k| k["ref"] == r)
        .expect("the KR")
}

fn trend_times(p: &Project, extra: &[&str]) -> Vec<String> {
    let mut args = vec!["trend", "--format", "json"];
    args.extend(extra);
    let doc = p.okr(&args).expect_code(0).json();
    doc["series"][0]["points"]
        .as_array()
        .expect("points")
        .iter()
        .map(|pt| pt["time"].as_str().expect("time").to_string())
        .collect()
}

#[test]
fn as_of_reads_the_okrs_as_they_stood_at_the_end_of_that_day() {
    let p = quarter_repo();
    let doc = p.okr(&["status", "--as-of", "2026-02-10", "--format", "json"]).expect_code(0).json();
    let k = kr(&doc, RATE);
    assert_eq!(k["current"], 25);
    assert!(!p.okr(&["status", "--as-of", "2026-02-10"]).stdout.contains("28"));
    assert_eq!(k["updated"], "2026-02-02T10:00:00Z");
    assert_eq!(trend_times(&p, &["--as-of", "2026-02-10"]), ["2026-01-05T09:00:00Z", "2026-02-02T10:00:00Z"]);
    // Every command: nothing dated after the day appears.
    for cmd in [&["status"][..], &["check"], &["trend"], &["review"], &["retro", "2026-Q1"], &["tree"]] {
        let mut args = cmd.to_vec();
        args.extend(["--as-of", "2026-02-10"]);
        let run = p.okr(&args);
        assert!(!run.stdout.contains("2026-03-02"), "{args:?} printed a later check-in:\n{}", run.stdout);
        assert!(!run.stdout.contains("activation at 28"), "{args:?} printed a later note:\n{}", run.stdout);
    }
    // The end of the day counts: a commit at 23:59:59 UTC is read.
    check_in(&p, "29", "2026-03-10T23:59:59Z");
    let doc = p.okr(&["status", "--as-of", "2026-03-10", "--format", "json"]).expect_code(0).json();
    assert_eq!(kr(&doc, RATE)["current"], 29);
}

#[test]
fn as_of_gives_the_same_bytes_before_and_after_later_commits() {
    let p = Project::with_files(&[(FILE, activation("23"))]);
    p.git_init();
    p.commit_all("start", "2026-01-05T09:00:00Z");
    check_in(&p, "25", "2026-02-02T10:00:00Z");
    let args = ["status", "--as-of", "2026-02-10", "--format", "json"];
    let before = p.okr(&args).expect_code(0).stdout.clone();
    let trend_before = p.okr(&["trend", "--as-of", "2026-02-10"]).expect_code(0).stdout.clone();
    check_in(&p, "28", "2026-03-02T10:00:00Z");
    // An uncommitted edit is not read either: the tip is newer than the day.
    p.write(FILE, activation("40"));
    assert_eq!(p.okr(&args).expect_code(0).stdout, before);
    assert_eq!(p.okr(&["trend", "--as-of", "2026-02-10"]).expect_code(0).stdout, trend_before);
    // Nothing newer than the day: the working tree is read, edits included.
    let doc = p.okr(&["status", "--as-of", "2026-03-05", "--format", "json"]).expect_code(0).json();
    assert_eq!(kr(&doc, RATE)["current"], 40);
}

#[test]
fn as_of_before_the_first_commit_is_an_error() {
    let p = quarter_repo();
    for cmd in ["status", "check", "trend", "review"] {
        let run = p.okr(&[cmd, "--as-of", "2025-12-31"]);
        run.expect_code(2);
        assert!(run.stderr.contains("no commit"), "{cmd}: {}", run.stderr);
        assert!(run.stderr.contains("2025-12-31") && run.stderr.contains("2026-01-05"), "{cmd}: {}", run.stderr);
    }
}

#[test]
fn a_branch_check_in_counts_at_its_author_time_when_merged_a_week_later() {
    let p = Project::with_files(&[(FILE, activation("23"))]);
    p.git_init();
    p.commit_all("start", "2026-01-05T09:00:00Z");
    p.git(&["checkout", "-q", "-b", "measure"]);
    p.write(FILE, activation("25"));
    p.git_dated("2026-02-03T10:00:00Z", "2026-02-03T10:00:00Z", &["commit", "-q", "-am", "measured on Tuesday"]);
    p.git(&["checkout", "-q", "main"]);
    p.git_dated("2026-02-10T10:00:00Z", "2026-02-10T10:00:00Z", &["merge", "-q", "--no-ff", "-m", "merge", "measure"]);
    assert_eq!(trend_times(&p, &[]), ["2026-01-05T09:00:00Z", "2026-02-03T10:00:00Z"]);
    let doc = p.okr(&["status", "--as-of", "2026-02-12", "--format", "json"]).expect_code(0).json();
    assert_eq!(kr(&doc, RATE)["updated"], "2026-02-03T10:00:00Z");
}

#[test]
fn a_rebased_history_keeps_points_in_time_order_and_updated_is_the_newest() {
    let p = Project::with_files(&[(FILE, activation("23"))]);
    p.git_init();
    p.commit_all("start", "2026-01-05T09:00:00Z");
    // Rebased: authored Feb 10 then Feb 5, both committed on Feb 12.
    p.write(FILE, activation("26"));
    p.git_dated("2026-02-10T10:00:00Z", "2026-02-12T10:00:00Z", &["commit", "-q", "-am", "later measurement"]);
    p.write(FILE, activation("25"));
    p.git_dated("2026-02-05T10:00:00Z", "2026-02-12T11:00:00Z", &["commit", "-q", "-am", "earlier measurement"]);
    let times = trend_times(&p, &[]);
    assert_eq!(times, ["2026-01-05T09:00:00Z", "2026-02-05T10:00:00Z", "2026-02-10T10:00:00Z"]);
    let doc = p.okr(&["status", "--as-of", "2026-02-20", "--format", "json"]).expect_code(0).json();
    assert_eq!(kr(&doc, RATE)["updated"], "2026-02-10T10:00:00Z");
}

#[test]
fn an_empty_commit_with_a_check_in_trailer_is_a_check_in() {
    let p = quarter_repo();
    let stale =
        |p: &Project| p.okr(&["check", "--as-of", "2026-03-25", "--format", "json"]).stdout.contains("\"stale\"");
    assert!(stale(&p), "23 days without a check-in");
    let trailer = format!("Okr-Check-In: {RATE}");
    p.git_dated(
        "2026-03-20T10:00:00Z",
        "2026-03-20T10:00:00Z",
        &["commit", "-q", "--allow-empty", "-m", "still flat", "--trailer", &trailer],
    );
    let times = trend_times(&p, &[]);
    assert_eq!(times.last().map(String::as_str), Some("2026-03-20T10:00:00Z"), "{times:?}");
    let doc = p.okr(&["trend", "--format", "json"]).expect_code(0).json();
    let last = doc["series"][0]["points"].as_array().expect("points").last().cloned().expect("a point");
    assert_eq!(last["note"], "still flat");
    assert_eq!(last["current"], 28);
    let doc = p.okr(&["status", "--as-of", "2026-03-25", "--format", "json"]).expect_code(0).json();
    assert_eq!(kr(&doc, RATE)["updated"], "2026-03-20T10:00:00Z");
    assert_eq!(kr(&doc, RATE)["current"], 28);
    assert!(!stale(&p), "checked in 5 days before");
}

#[test]
fn okr_set_with_the_value_in_place_and_commit_records_a_check_in() {
    let p = quarter_repo();
    let before = p.read(FILE);
    // 2026-Q1 has ended: a late check-in is allowed explicitly.
    let run = p.okr(&["set", RATE, "28", "--commit", "-m", "still flat", "--allow-ended"]);
    run.expect_code(0);
    assert_eq!(p.read(FILE), before, "the file is untouched");
    let message = p.git(&["log", "-1", "--format=%B"]);
    assert!(message.starts_with("still flat\n"), "{message}");
    assert!(message.contains(&format!("Okr-Check-In: {RATE}")), "{message}");
    assert_eq!(p.git(&["diff", "--stat", "HEAD~1", "HEAD"]).trim(), "", "an empty commit");
    let doc = p.okr(&["trend", "--format", "json"]).expect_code(0).json();
    assert_eq!(doc["series"][0]["points"].as_array().expect("points").len(), 4);
    // Without --commit, nothing happens.
    let run = p.okr(&["set", RATE, "28"]);
    run.expect_code(0);
    assert!(run.stdout.contains("nothing to change"), "{}", run.stdout);
}

#[test]
fn a_file_moved_out_of_the_root_and_back_adds_no_check_in() {
    let p = quarter_repo();
    std::fs::create_dir_all(p.join("archive")).expect("mkdir");
    p.git(&["mv", FILE, "archive/activation.md"]);
    p.commit_all("archive it", "2026-03-05T10:00:00Z");
    p.git(&["mv", "archive/activation.md", FILE]);
    p.commit_all("bring it back", "2026-03-06T10:00:00Z");
    assert_eq!(trend_times(&p, &[]), ["2026-01-05T09:00:00Z", "2026-02-02T10:00:00Z", "2026-03-02T10:00:00Z"]);
}

fn tests_shipped(n: u32) -> String {
    format!(
        r#"---
owner: sarah
key_results:
  - id: onboarding-tests
    title: Onboarding A/B tests shipped with a pre-registered hypothesis
    layer: input
    owner: sarah
    weekly_target: 2
    current: {n}
---
# Learn what makes trials stick
"#
    )
}

#[test]
fn review_of_a_week_is_the_same_answer_however_it_is_asked() {
    const EXP: &str = "okrs/2026-Q1/growth/experiments.md";
    let p = Project::with_files(&[(EXP, tests_shipped(0))]);
    p.git_init();
    p.commit_all("start", "2026-01-05T09:00:00Z");
    p.write(EXP, tests_shipped(1));
    p.commit_all("one test", "2026-02-03T09:00:00Z");
    p.write(EXP, tests_shipped(3));
    p.commit_all("two more", "2026-02-06T09:00:00Z");
    // Wednesday of 2026-W06 (Feb 2-8): one test so far, the week not over.
    let by_week = p.okr(&["review", "--week", "2026-W06", "--as-of", "2026-02-04", "--format", "json"]);
    let by_day = p.okr(&["review", "--as-of", "2026-02-04", "--format", "json"]);
    assert_eq!(by_week.expect_code(0).stdout, by_day.expect_code(0).stdout);
    let doc = by_day.json();
    let weeks = doc["inputs"][0]["weeks"].as_array().expect("weeks");
    let w6 = weeks.iter().find(|w| w["week"] == "2026-W06").expect("W06");
    assert_eq!(w6["increase"], 1);
    assert_eq!(w6["complete"], false);
}

const LAUNCH: &str = "okrs/2026-Q1/growth/launch.md";
const PRICING: &str = "2026-Q1/growth/launch#pricing-page";
const RATE_2: &str = "2026-Q1/growth/launch#trial-rate";

fn launch(done: bool, confidence: &str) -> String {
    format!(
        r#"---
owner: maya
type: build
key_results:
  - id: pricing-page
    title: Ship the new pricing page
    done: {done}
  - id: trial-rate
    title: Raise trial start rate from 10% to 14%
    baseline: 10
    target: 14
    current: 11
    confidence: {confidence}
---
# Launch the new pricing
"#
    )
}

fn points(p: &Project, r: &str) -> Vec<Value> {
    let doc = p.okr(&["trend", r, "--format", "json"]).expect_code(0).json();
    doc["series"][0]["points"].as_array().expect("points").clone()
}

#[test]
fn a_milestone_flipped_to_done_and_a_confidence_change_are_check_ins() {
    let p = Project::with_files(&[(LAUNCH, launch(false, "0.7"))]);
    p.git_init();
    p.commit_all("start", "2026-01-05T09:00:00Z");
    p.write(LAUNCH, launch(true, "0.7"));
    p.git_as(".", "Lee Chen", "lee@example.com", "2026-02-03T10:00:00Z", &["commit", "-q", "-am", "pricing page live"]);
    p.write(LAUNCH, launch(true, "0.4"));
    p.commit_all("less sure about trials", "2026-02-10T10:00:00Z");

    let milestone = points(&p, PRICING);
    assert_eq!(milestone.len(), 2, "{milestone:?}");
    assert_eq!(milestone[0]["done"], false);
    assert_eq!(milestone[1]["done"], true);
    assert_eq!(milestone[1]["time"], "2026-02-03T10:00:00Z");
    assert_eq!(milestone[1]["author"], "Lee Chen");
    assert_eq!(milestone[1]["note"], "pricing page live");
    assert_eq!(milestone[1]["confidence"], Value::Null);

    let rate = points(&p, RATE_2);
    assert_eq!(rate.len(), 2, "{rate:?}");
    assert_eq!((rate[0]["confidence"].as_f64(), rate[1]["confidence"].as_f64()), (Some(0.7), Some(0.4)));
    assert_eq!(rate[1]["current"], 11);
    assert_eq!(rate[1]["done"], Value::Null, "not a milestone");
    // The confidence change counts as a check-in for staleness.
    let doc = p.okr(&["status", "--as-of", "2026-02-20", "--format", "json"]).expect_code(0).json();
    assert_eq!(kr(&doc, RATE_2)["updated"], "2026-02-10T10:00:00Z");
    assert_eq!(kr(&doc, PRICING)["updated"], "2026-02-03T10:00:00Z");
}

#[test]
fn a_trailer_on_a_side_branch_counts_when_the_merge_changes_no_okr_file() {
    let p = quarter_repo();
    p.git(&["checkout", "-q", "-b", "measure"]);
    let trailer = format!("Okr-Check-In: {RATE}");
    p.git_dated(
        "2026-03-10T10:00:00Z",
        "2026-03-10T10:00:00Z",
        &["commit", "-q", "--allow-empty", "-m", "measured, still 28", "--trailer", &trailer],
    );
    p.git(&["checkout", "-q", "main"]);
    p.git_dated(
        "2026-03-17T10:00:00Z",
        "2026-03-17T10:00:00Z",
        &["merge", "-q", "--no-ff", "-m", "merge the measurement", "measure"],
    );
    let times = trend_times(&p, &[]);
    assert_eq!(times.last().map(String::as_str), Some("2026-03-10T10:00:00Z"), "{times:?}");
    let doc = p.okr(&["status", "--as-of", "2026-03-20", "--format", "json"]).expect_code(0).json();
    assert_eq!(kr(&doc, RATE)["updated"], "2026-03-10T10:00:00Z");
}

#[test]
fn trend_text_shows_done_and_confidence_next_to_the_value() {
    let p = Project::with_files(&[(LAUNCH, launch(false, "0.7"))]);
    p.git_init();
    p.commit_all("start", "2026-01-05T09:00:00Z");
    p.write(LAUNCH, launch(true, "0.7"));
    p.commit_all("pricing page live", "2026-02-03T10:00:00Z");
    p.write(LAUNCH, launch(true, "0.4"));
    p.commit_all("less sure about trials", "2026-02-10T10:00:00Z");
    let run = p.okr(&["trend", "--as-of", "2026-02-20"]);
    run.expect_code(0);
    let mut text = run.stdout.clone();
    for id in p.git(&["log", "--format=%H"]).lines() {
        text = text.replace(&id[..7], "<id>");
    }
    assert!(text.contains("2026-02-03  done  <id>"), "{text}");
    assert!(text.contains("11 (target 14)  confidence 0.4  <id>"), "{text}");
    insta::assert_snapshot!("trend_text_done_and_confidence", text);
    let md = p.okr(&["trend", "--as-of", "2026-02-20", "--format", "markdown"]).expect_code(0).stdout.clone();
    assert!(md.contains("| 2026-02-03 | done | – | Maya Lin |"), "{md}");
    assert!(md.contains("| 2026-02-10 | 11 · confidence 0.4 | 14 | Maya Lin |"), "{md}");
}

/// An input (2 tests a week, driving completion) and the leading indicator
/// it drives, in `quarter`'s folder.
fn learn(quarter: &str, tests: u32, completion: u32) -> (String, String) {
    let text = format!(
        r#"---
owner: sarah
key_results:
  - id: onboarding-tests
    title: Onboarding A/B tests shipped
    layer: input
    owner: sarah
    cadence: weekly
    weekly_target: 2
    current: {tests}
    drives: [completion]
  - id: completion
    title: Onboarding completion from 40% to 55%
    layer: leading
    baseline: 40
    target: 55
    current: {completion}
---
# Learn what makes trials stick
"#
    );
    (format!("okrs/{quarter}/growth/learn.md"), text)
}

fn review_json(p: &Project, args: &[&str]) -> Value {
    let mut all = vec!["review", "--format", "json"];
    all.extend(args);
    p.okr(&all).expect_code(0).json()
}

/// 2026-Q1 then 2026-Q2 (planned on Mar 25); tests shipped on Mar 24, Mar
/// 31 (Tuesday of 2026-W14, which straddles the quarters) and Apr 2.
fn straddle_repo() -> Project {
    let (q1, text) = learn("2026-Q1", 0, 40);
    let p = Project::with_files(&[(q1.clone(), text)]);
    p.git_init();
    p.commit_all("start", "2026-01-05T09:00:00Z");
    p.write(&q1, learn("2026-Q1", 2, 40).1);
    p.commit_all("two tests", "2026-03-24T09:00:00Z");
    let (q2, text) = learn("2026-Q2", 0, 41);
    p.write(&q2, text);
    p.commit_all("plan Q2", "2026-03-25T09:00:00Z");
    p.write(&q1, learn("2026-Q1", 3, 40).1);
    p.commit_all("one more test before the quarter ends", "2026-03-31T09:00:00Z");
    p.write(&q2, learn("2026-Q2", 2, 41).1);
    p.commit_all("two tests in the new quarter", "2026-04-02T09:00:00Z");
    p
}

#[test]
fn a_week_straddling_two_quarters_is_reviewable_in_both_each_its_part() {
    let p = straddle_repo();
    let q1 = review_json(&p, &["--quarter", "2026-Q1", "--week", "2026-W14", "--as-of", "2026-04-06"]);
    assert_eq!(
        (q1["quarter"].as_str(), q1["from"].as_str(), q1["to"].as_str()),
        (Some("2026-Q1"), Some("2026-03-30"), Some("2026-03-31"))
    );
    let w = &q1["inputs"][0]["this_week"];
    assert_eq!((w["increase"].as_f64(), w["complete"].as_bool()), (Some(1.0), Some(true)), "{w}");
    let q2 = review_json(&p, &["--quarter", "2026-Q2", "--week", "2026-W14", "--as-of", "2026-04-06"]);
    assert_eq!(
        (q2["quarter"].as_str(), q2["from"].as_str(), q2["to"].as_str()),
        (Some("2026-Q2"), Some("2026-04-01"), Some("2026-04-05"))
    );
    assert_eq!(q2["inputs"][0]["this_week"]["increase"].as_f64(), Some(2.0));
    // A week outside the quarter asked for is an error.
    let run = p.okr(&["review", "--quarter", "2026-Q2", "--week", "2026-W10", "--as-of", "2026-04-06"]);
    run.expect_code(2);
    assert!(run.stderr.contains("2026-W10") && run.stderr.contains("2026-Q2"), "{}", run.stderr);
}

#[test]
fn plain_review_stays_in_the_as_of_quarter_and_after_its_end_in_the_last_one() {
    let p = straddle_repo();
    // Tuesday Mar 31: still 2026-Q1, although 2026-W14's Thursday is in Q2.
    let doc = review_json(&p, &["--as-of", "2026-03-31"]);
    assert_eq!((doc["quarter"].as_str(), doc["week"].as_str()), (Some("2026-Q1"), Some("2026-W14")));
    assert_eq!((doc["from"].as_str(), doc["to"].as_str()), (Some("2026-03-30"), Some("2026-03-31")));
    // Only 2026-Q1 planned: after it ends, review stays on its last week.
    let (q1, text) = learn("2026-Q1", 0, 40);
    let p = Project::with_files(&[(q1, text)]);
    p.git_init();
    p.commit_all("start", "2026-01-05T09:00:00Z");
    let doc = review_json(&p, &["--as-of", "2026-04-08"]);
    assert_eq!((doc["quarter"].as_str(), doc["week"].as_str()), (Some("2026-Q1"), Some("2026-W14")));
    assert_eq!((doc["from"].as_str(), doc["to"].as_str()), (Some("2026-03-30"), Some("2026-03-31")));
    assert_eq!(doc["inputs"].as_array().map(Vec::len), Some(1));
}

#[test]
fn review_shows_the_last_complete_week_and_the_current_one_so_far() {
    const EXP: &str = "okrs/2026-Q1/growth/experiments.md";
    let p = Project::with_files(&[(EXP, tests_shipped(0))]);
    p.git_init();
    p.commit_all("start", "2026-01-05T09:00:00Z");
    p.write(EXP, tests_shipped(3));
    p.commit_all("three tests", "2026-02-04T09:00:00Z");
    // Monday of 2026-W07: the review is about 2026-W06.
    let doc = review_json(&p, &["--as-of", "2026-02-09"]);
    assert_eq!(doc["week"], "2026-W07");
    assert_eq!(doc["last_week"]["week"], "2026-W06");
    assert_eq!(
        (doc["last_week"]["from"].as_str(), doc["last_week"]["to"].as_str()),
        (Some("2026-02-02"), Some("2026-02-08"))
    );
    let input = &doc["inputs"][0];
    assert_eq!((input["last_week"]["increase"].as_f64(), input["last_week"]["met"].as_bool()), (Some(3.0), Some(true)));
    assert_eq!(
        (input["this_week"]["increase"].as_f64(), input["this_week"]["complete"].as_bool()),
        (Some(0.0), Some(false))
    );
    let text = p.okr(&["review", "--as-of", "2026-02-09"]).expect_code(0).stdout.clone();
    assert!(text.contains("  last week  +3 of 2  met\n  this week  +0 of 2  so far\n"), "{text}");
    // The same answer asked by week.
    let by_week = p.okr(&["review", "--week", "2026-W07", "--as-of", "2026-02-09"]).expect_code(0).stdout.clone();
    assert_eq!(by_week, text);
}

#[test]
fn the_top_line_says_what_needs_attention() {
    let (q1, text) = learn("2026-Q1", 0, 40);
    let p = Project::with_files(&[(q1.clone(), text)]);
    p.git_init();
    p.commit_all("start", "2026-01-05T09:00:00Z");
    p.write(&q1, learn("2026-Q1", 2, 42).1);
    p.commit_all("two tests, completion up", "2026-01-13T09:00:00Z");
    p.write(&q1, learn("2026-Q1", 3, 42).1);
    p.commit_all("one test", "2026-02-03T09:00:00Z");
    // Feb 10: W06 missed (1 of 2); completion flat since Jan 13 (4 weeks);
    // completion last checked in on Jan 13: stale (weekly cadence not set, 14 days).
    let doc = review_json(&p, &["--as-of", "2026-02-10"]);
    let attention = &doc["attention"];
    assert_eq!(attention["inputs_behind"], serde_json::json!(["2026-Q1/growth/learn#onboarding-tests"]));
    assert_eq!(attention["flat_leading"], serde_json::json!([{"ref": "2026-Q1/growth/learn#completion", "weeks": 4}]));
    assert_eq!(attention["stale"], serde_json::json!(["2026-Q1/growth/learn#completion"]));
    let text = p.okr(&["review", "--as-of", "2026-02-10"]).expect_code(0).stdout.clone();
    let top = text.lines().nth(1).expect("a top line");
    assert_eq!(
        top,
        "Needs attention: 1 input behind (learn#onboarding-tests) · 1 leading indicator flat for 2+ weeks (learn#completion, 4 weeks) · 1 stale KR (learn#completion)"
    );
}
