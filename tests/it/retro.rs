//! `okr retro` end to end: a quarter's history built with the git CLI at
//! pinned dates and authors, read by the real binary (`NO_COLOR=1`, empty
//! `HOME`).
//!
//! The fixture quarter, 2026-Q1, has every case a retro looks for: a parent
//! KR that missed while its child objective hit, a committed objective that
//! missed, a target lowered in February, KRs that went stale, an input met
//! week after week while the indicator it drives stayed flat, and objectives
//! and metrics that carry over into 2026-Q2 (one by id, one by title).

use crate::common;

use common::{Project, Who};
use serde_json::{json, Value};
use std::collections::HashMap;

const MAYA: Who = ("Maya Lin", "maya@example.com");
const SAM: Who = ("Sam Ortiz", "sam@example.com");
const ANA: Who = ("Ana Ruiz", "ana@example.com");
const LUIS: Who = ("Luis Vega", "luis@example.com");

const REVENUE: &str = "okrs/2026-Q1/company/revenue.md";
const ACTIVATION: &str = "okrs/2026-Q1/growth/activation.md";
const UPTIME: &str = "okrs/2026-Q1/platform/uptime.md";
const OUTREACH: &str = "okrs/2026-Q1/sales/outreach.md";

fn revenue(arr: u32) -> String {
    format!(
        "---
owner: maya
key_results:
  - id: arr
    title: Grow self-serve ARR from 100k to 200k USD
    unit: kUSD
    baseline: 100
    target: 200
    current: {arr}
---
# Grow revenue that compounds every month
"
    )
}

fn activation(target: u32, current: u32) -> String {
    format!(
        "---
owner: sam
parent: \"company/revenue#arr\"
key_results:
  - id: activation-rate
    title: Raise trial activation from 20% to {target}%
    unit: \"%\"
    baseline: 20
    target: {target}
    current: {current}
---
# Get new teams to their first booked meeting on day one
"
    )
}

fn uptime(current: &str) -> String {
    format!(
        "---
owner: ana
commitment: committed
key_results:
  - id: availability
    title: Raise monthly availability from 99.0% to 99.9%
    unit: \"%\"
    baseline: 99.0
    target: 99.9
    current: {current}
    cadence: weekly
---
# Make the booking page dependable
"
    )
}

fn outreach(calls: u32) -> String {
    format!(
        "---
owner: luis
key_results:
  - id: meetings
    title: Grow first meetings with target accounts from 5 to 15 a week
    layer: leading
    baseline: 5
    target: 15
    current: 5
  - id: calls
    title: Personal calls to accounts that show a buying trigger
    layer: input
    owner: luis
    cadence: weekly
    weekly_target: 10
    current: {calls}
    quality_gate: names the trigger and is written for that account
    drives: [meetings]
---
# Bring us buyers who already know they need us
"
    )
}

const NEXT_ACTIVATION: &str = "---
owner: sam
parent: \"company/growth#arr\"
key_results:
  - id: activation-rate
    title: Raise trial activation from 28% to 35%
    unit: \"%\"
    baseline: 28
    target: 35
    current: 28
---
# Get new teams to their first booked meeting on day one
";

const NEXT_GROWTH: &str = "---
owner: maya
key_results:
  - id: arr
    title: Grow self-serve ARR from 120k to 220k USD
    unit: kUSD
    baseline: 120
    target: 220
    current: 120
---
# Grow revenue that compounds
";

/// One check-in: when, who, which file gets which text, and the message.
type Step = (&'static str, Who, &'static str, String, &'static str);

/// The quarter's history, oldest first; returns the project and the id of
/// each check-in commit by the day it was made (`02-16`).
fn quarter() -> (Project, HashMap<String, String>) {
    let p = Project::with_files(&[
        (REVENUE, revenue(100)),
        (ACTIVATION, activation(32, 20)),
        (UPTIME, uptime("99.0")),
        (OUTREACH, outreach(0)),
    ]);
    p.git_init();
    p.commit_as(MAYA, "2025-12-28T10:00:00Z", "2026-Q1 OKRs");
    // Calls made every week until mid-February; meetings never move.
    let steps: Vec<Step> = vec![
        ("2026-01-09T16:00:00Z", LUIS, OUTREACH, outreach(10), "Outreach week 2"),
        ("2026-01-15T09:00:00Z", SAM, ACTIVATION, activation(32, 23), "Activation 23%"),
        ("2026-01-16T16:00:00Z", LUIS, OUTREACH, outreach(20), "Outreach week 3"),
        ("2026-01-20T09:00:00Z", ANA, UPTIME, uptime("99.3"), "Availability 99.3%"),
        ("2026-01-23T16:00:00Z", LUIS, OUTREACH, outreach(30), "Outreach week 4"),
        ("2026-01-30T16:00:00Z", LUIS, OUTREACH, outreach(40), "Outreach week 5"),
        ("2026-02-03T09:00:00Z", ANA, UPTIME, uptime("99.5"), "Availability 99.5%"),
        ("2026-02-06T16:00:00Z", LUIS, OUTREACH, outreach(50), "Outreach week 6"),
        ("2026-02-13T16:00:00Z", LUIS, OUTREACH, outreach(60), "Outreach week 7: still no meetings"),
        (
            "2026-02-16T09:00:00Z",
            SAM,
            ACTIVATION,
            activation(30, 26),
            "Lower the activation target: the trial redesign slipped",
        ),
        ("2026-03-02T09:00:00Z", MAYA, REVENUE, revenue(110), "ARR 110k"),
        ("2026-03-20T09:00:00Z", SAM, ACTIVATION, activation(30, 28), "Activation 28%"),
        ("2026-03-27T09:00:00Z", MAYA, REVENUE, revenue(120), "ARR 120k: upgrades did not follow activation"),
    ];
    let mut ids = HashMap::new();
    for (date, who, file, text, message) in steps {
        p.write(file, text);
        ids.insert(date[5..10].to_string(), p.commit_as(who, date, message));
    }
    p.write("okrs/2026-Q2/growth/activation.md", NEXT_ACTIVATION);
    p.write("okrs/2026-Q2/company/growth.md", NEXT_GROWTH);
    p.commit_as(MAYA, "2026-03-30T09:00:00Z", "2026-Q2 OKRs");
    (p, ids)
}

fn redact(text: &str, ids: &[(&str, &str)]) -> String {
    let mut out = text.to_string();
    for (label, id) in ids {
        out = out.replace(id, &format!("<{label}>")).replace(&id[..7], &format!("<{label}>"));
    }
    out
}

fn retro(p: &Project, extra: &[&str]) -> common::Run {
    let mut args = vec!["retro", "2026-Q1"];
    args.extend_from_slice(extra);
    let run = p.okr(&args);
    run.expect_code(0);
    run
}

#[test]
fn the_quarter_closed_as_json() {
    let (p, ids) = quarter();
    let v = retro(&p, &["--as-of", "2026-04-10", "--format", "json"]).json();
    assert_eq!(v["quarter"], "2026-Q1");
    assert_eq!(
        (&v["from"], &v["to"], &v["graded_on"], &v["over"]),
        (&json!("2026-01-01"), &json!("2026-03-31"), &json!("2026-03-31"), &json!(true))
    );

    // The parent KR missed while its only child hit.
    assert_eq!(
        v["parents_missed"],
        json!([{
            "ref": "2026-Q1/company/revenue#arr",
            "title": "Grow self-serve ARR from 100k to 200k USD",
            "score": 0.2,
            "band": "missed",
            "children": [{
                "ref": "2026-Q1/growth/activation",
                "title": "Get new teams to their first booked meeting on day one",
                "score": 0.8,
                "band": "hit"
            }]
        }])
    );

    // (99.5 - 99) / 0.9, unrounded.
    let availability = (99.5 - 99.0) / (99.9 - 99.0);
    assert_eq!(
        v["committed_missed"],
        json!([{
            "ref": "2026-Q1/platform/uptime",
            "title": "Make the booking page dependable",
            "score": availability,
            "missed_key_results": ["2026-Q1/platform/uptime#availability"]
        }])
    );

    // Aspirational outcome KRs: arr 0.2, activation 0.8, meetings 0; the
    // input `calls` (60 of 10 × 90/7) is input delivery, not in the verdict.
    let calls = 60.0 / (10.0 * (90.0 / 7.0));
    let asp = (0.2 + 0.8 + 0.0) / 3.0;
    assert_eq!(
        v["portfolio"],
        json!({
            "mean": (0.2 + 0.8 + availability + 0.0 + calls) / 5.0,
            "graded": 5,
            "aspirational_mean": asp,
            "aspirational": 3,
            "input_mean": calls,
            "inputs": 1,
            "verdict": "low",
            "committed": 1,
            "delivered": 0
        })
    );

    let activation = &v["objectives"][1];
    assert_eq!(
        activation,
        &json!({
            "ref": "2026-Q1/growth/activation",
            "team": "growth",
            "title": "Get new teams to their first booked meeting on day one",
            "commitment": "aspirational",
            "parent": "2026-Q1/company/revenue#arr",
            "score": 0.8,
            "band": "hit",
            "key_results": [{
                "ref": "2026-Q1/growth/activation#activation-rate",
                "title": "Raise trial activation from 20% to 30%",
                "layer": "output",
                "baseline": 20,
                "target": 30,
                "current": 28,
                "progress": 0.8,
                "score": 0.8,
                "band": "hit",
                "guardrail": false
            }]
        })
    );
    assert_eq!(v["objectives"][2]["key_results"][0]["band"], "missed", "a committed KR below 1.0 missed");

    let h = &v["history"];
    assert_eq!(h["tracked"], 5);
    assert_eq!(
        h["moved_targets"],
        json!([{
            "ref": "2026-Q1/growth/activation#activation-rate",
            "field": "target",
            "from": 32,
            "to": 30,
            "after_end": false,
            "commit": {
                "id": ids["02-16"],
                "author": "Sam Ortiz",
                "time": "2026-02-16T09:00:00Z",
                "summary": "Lower the activation target: the trial redesign slipped"
            }
        }])
    );
    let stale: Vec<(&str, i64, i64, Option<&str>)> = h["stale"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["ref"].as_str().unwrap(),
                s["days"].as_i64().unwrap(),
                s["allowed_days"].as_i64().unwrap(),
                s["last_update"]["id"].as_str(),
            )
        })
        .collect();
    assert_eq!(
        stale,
        vec![
            ("2026-Q1/platform/uptime#availability", 56, 7, Some(ids["02-03"].as_str())),
            ("2026-Q1/sales/outreach#meetings", 89, 14, None),
            ("2026-Q1/sales/outreach#calls", 46, 7, Some(ids["02-13"].as_str())),
        ]
    );
    assert_eq!(h["stale"][2]["last_update"]["time"], "2026-02-13T16:00:00Z");
    assert_eq!(
        h["inputs_without_effect"],
        json!([{
            "ref": "2026-Q1/sales/outreach#calls",
            "title": "Personal calls to accounts that show a buying trigger",
            "weeks_met": 6,
            "since": "2026-01-05",
            "drives": ["2026-Q1/sales/outreach#meetings"]
        }])
    );

    let c = &v["carry_over"];
    let title_match = c["objectives"][0]["similarity"].as_f64().unwrap();
    assert_eq!(
        c,
        &json!({
            "quarter": "2026-Q2",
            "planned": true,
            "objectives": [
                {"from": "2026-Q1/company/revenue", "to": "2026-Q2/company/growth", "matched_by": "title", "similarity": title_match},
                {"from": "2026-Q1/growth/activation", "to": "2026-Q2/growth/activation", "matched_by": "id", "similarity": null}
            ],
            "metrics": [
                {"metric": "arr", "from": "2026-Q1/company/revenue#arr", "to": "2026-Q2/company/growth#arr",
                 "matched_by": "id", "layer": "output", "last_current": 120, "baseline": 120},
                {"metric": "activation-rate", "from": "2026-Q1/growth/activation#activation-rate",
                 "to": "2026-Q2/growth/activation#activation-rate",
                 "matched_by": "id", "layer": "output", "last_current": 28, "baseline": 28}
            ],
            "dropped": ["2026-Q1/platform/uptime", "2026-Q1/sales/outreach"]
        })
    );
    assert_eq!(title_match, 0.8);
}

#[test]
fn text_and_markdown() {
    let (p, ids) = quarter();
    let ids: Vec<(&str, &str)> = ids.iter().map(|(day, id)| (day.as_str(), id.as_str())).collect();
    let run = retro(&p, &["--as-of", "2026-04-10"]);
    insta::assert_snapshot!("retro_text", redact(&run.stdout, &ids));
    let run = retro(&p, &["--as-of", "2026-04-10", "--format", "markdown"]);
    insta::assert_snapshot!("retro_markdown", redact(&run.stdout, &ids));
    assert_tables_paste_ready(&run.stdout);
}

/// Paste-ready Markdown: every table row has as many cells as its header.
pub fn assert_tables_paste_ready(md: &str) {
    let mut columns = None;
    for line in md.lines() {
        if line.starts_with('|') {
            let cells = line.replace("\\|", "").matches('|').count();
            assert_eq!(*columns.get_or_insert(cells), cells, "{line}");
        } else {
            columns = None;
        }
    }
}

#[test]
fn a_running_quarter_says_so_and_grades_on_the_as_of_date() {
    let (p, _) = quarter();
    // The files and the history as they were on 2026-02-06.
    let at = ["--rev", "HEAD~6", "--as-of", "2026-02-10"];
    let v = retro(&p, &[&at[..], &["--format", "json"]].concat()).json();
    assert_eq!((&v["graded_on"], &v["over"]), (&json!("2026-02-10"), &json!(false)));
    // Only what had happened by then: the target is not lowered yet in these files.
    assert_eq!(v["objectives"][1]["key_results"][0]["target"], 32);
    assert_eq!(v["history"]["moved_targets"], json!([]));
    let text = retro(&p, &at).stdout;
    assert!(
        text.contains("2026-Q1 is still running: these grades are as of 2026-02-10, 49 days before its last day (2026-03-31), and are not final."),
        "{text}"
    );
    let md = retro(&p, &[&at[..], &["--format", "markdown"]].concat()).stdout;
    assert!(md.contains("> **2026-Q1 is still running"), "{md}");
}

#[test]
fn without_history_the_history_sections_say_what_they_need() {
    let (p, _) = quarter();
    let v = retro(&p, &["--as-of", "2026-04-10", "--no-history", "--format", "json"]).json();
    assert_eq!(v["history"], Value::Null);
    assert_eq!(v["parents_missed"][0]["ref"], "2026-Q1/company/revenue#arr");
    let text = retro(&p, &["--as-of", "2026-04-10", "--no-history"]).stdout;
    assert_eq!(text.matches("needs the git history, which was not read").count(), 3, "{text}");
    let md = retro(&p, &["--as-of", "2026-04-10", "--no-history", "--format", "markdown"]).stdout;
    assert_eq!(md.matches("_Needs the git history").count(), 3, "{md}");

    // A folder outside git: the same, no error.
    let plain = Project::with_files(&[(REVENUE, revenue(120)), (ACTIVATION, activation(30, 28))]);
    let v = retro(&plain, &["--as-of", "2026-04-10", "--format", "json"]).json();
    assert_eq!(v["history"], Value::Null);
    assert_eq!(v["carry_over"]["planned"], false);
    assert!(retro(&plain, &["--as-of", "2026-04-10"]).stdout.contains("2026-Q2 has no OKRs yet."));
}

/// A file with errors: the retro is still printed, with a warning that it may
/// lack objectives, and the exit code is 1 as for `okr status` (`--fail-on`).
#[test]
fn a_broken_file_is_warned_about_and_exits_1() {
    let (p, _) = quarter();
    p.write("okrs/2026-Q1/growth/broken.md", "---\nowner: [unclosed\n---\n# Broken\n");
    let run = p.okr(&["retro", "2026-Q1", "--as-of", "2026-04-10", "--format", "json"]);
    run.expect_code(1);
    assert_eq!(run.json()["quarter"], "2026-Q1");
    assert!(
        run.stderr.contains(
            "warning: 1 error in the OKR files; objectives or key results with errors are left out of the retro above."
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn a_quarter_without_objectives_is_a_usage_error() {
    let (p, _) = quarter();
    let run = p.okr(&["retro", "2027-Q1"]);
    run.expect_code(2);
    assert!(
        run.stderr.contains("there are no objectives in 2027-Q1 (quarters with objectives: 2026-Q1, 2026-Q2)"),
        "{}",
        run.stderr
    );
    let run = p.okr(&["retro", "2026-Q5"]);
    run.expect_code(2);
    assert!(run.stderr.contains("is not a quarter"), "{}", run.stderr);
}
