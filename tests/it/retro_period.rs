//! `okr retro PERIOD` for a year and a span (SPEC §11) on a real
//! repository with pinned dates: each bet's own movement over the period
//! beside the grades of the quarter objectives beneath it, and the verdict
//! when they disagree.
//!
//! The fixture, 2026:
//! - `2026-2028/company/plg`, a multi-year bet; `2026-2028/company/lonely`,
//!   a bet nothing works on;
//! - `2026/company/engine` (parent `plg#arr`), whose `share` went from 20 to
//!   21 of 20 → 40 over the year (+0.05: it did not move) while the quarter
//!   objectives beneath hit 0.9 (`2026-Q1/growth/a`, through the KR) and 0.7
//!   (`2026-Q2/sales/b`, through the objective);
//! - `2026/company/brand`, whose `reach` went from 0 to 50 of 100 (+0.5)
//!   while the quarter objective beneath missed (0.3, `2026-Q3/growth/c`).

use crate::common::Project;
use serde_json::{json, Value};

/// An objective file with one KR `id` from `baseline` to `target` at `current`.
fn objective(front: &str, title: &str, id: &str, (baseline, target, current): (f64, f64, f64)) -> String {
    format!(
        "---\nowner: dana\n{front}key_results:\n  - id: {id}\n    title: Move {id} from {baseline} to {target}\n    baseline: {baseline}\n    target: {target}\n    current: {current}\n---\n# {title}\n"
    )
}

const PLG: &str = "okrs/2026-2028/company/plg.md";
const LONELY: &str = "okrs/2026-2028/company/lonely.md";
const ENGINE: &str = "okrs/2026/company/engine.md";
const BRAND: &str = "okrs/2026/company/brand.md";
const A: &str = "okrs/2026-Q1/growth/a.md";
const B: &str = "okrs/2026-Q2/sales/b.md";
const C: &str = "okrs/2026-Q3/growth/c.md";

fn plg(arr: f64) -> String {
    objective(
        "bet: Self-serve can carry half of new revenue\n",
        "Win the market with self-serve",
        "arr",
        (10.0, 50.0, arr),
    )
}

fn engine(share: f64) -> String {
    objective("parent: \"2026-2028/company/plg#arr\"\n", "Grow without heroics", "share", (20.0, 40.0, share))
}

fn brand(reach: f64) -> String {
    objective("", "Be the name field teams know", "reach", (0.0, 100.0, reach))
}

fn a(v: f64) -> String {
    objective("parent: \"2026/company/engine#share\"\n", "Activate new teams", "activation", (0.0, 10.0, v))
}

fn b(v: f64) -> String {
    objective("parent: 2026/company/engine\n", "Sell to field teams", "deals", (0.0, 10.0, v))
}

fn c(v: f64) -> String {
    objective("parent: \"2026/company/brand#reach\"\n", "Get talked about", "mentions", (0.0, 10.0, v))
}

/// The year's history, a check-in at a time.
fn year() -> Project {
    let p = Project::with_files(&[
        (PLG, plg(10.0)),
        (LONELY, objective("", "Open a second market", "markets", (0.0, 1.0, 0.0))),
        (ENGINE, engine(20.0)),
        (BRAND, brand(0.0)),
        (A, a(0.0)),
    ]);
    p.git_init();
    p.commit_all("Bets and 2026-Q1", "2025-12-20T10:00:00Z");
    let steps: [(&str, &str, String, &str); 8] = [
        (A, "2026-02-10T10:00:00Z", a(5.0), "Activation 5"),
        (A, "2026-03-25T10:00:00Z", a(9.0), "Activation 9"),
        (B, "2026-04-01T10:00:00Z", b(0.0), "2026-Q2"),
        (ENGINE, "2026-05-04T10:00:00Z", engine(21.0), "Share 21"),
        (B, "2026-06-25T10:00:00Z", b(7.0), "Deals 7"),
        (C, "2026-07-01T10:00:00Z", c(0.0), "2026-Q3"),
        (BRAND, "2026-08-03T10:00:00Z", brand(50.0), "Reach 50"),
        (C, "2026-09-28T10:00:00Z", c(3.0), "Mentions 3"),
    ];
    for (file, date, text, message) in steps {
        p.write(file, text);
        p.commit_all(message, date);
    }
    p
}

fn retro(p: &Project, args: &[&str]) -> crate::common::Run {
    let run = p.okr(&[&["retro"], args].concat());
    run.expect_code(0);
    run
}

fn bet<'v>(v: &'v Value, r: &str) -> &'v Value {
    v["objectives"].as_array().unwrap().iter().find(|o| o["ref"] == r).unwrap_or_else(|| panic!("{r} in {v}"))
}

fn refs(quarters: &Value) -> Vec<&str> {
    quarters["objectives"].as_array().unwrap().iter().map(|q| q["ref"].as_str().unwrap()).collect()
}

#[test]
fn a_year_whose_quarters_hit_while_its_bet_did_not_move() {
    let p = year();
    let v = retro(&p, &["2026", "--as-of", "2027-01-10", "--format", "json"]).json();
    assert_eq!(
        (&v["period"], &v["from"], &v["to"], &v["graded_on"], &v["over"], &v["history"]),
        (&json!("2026"), &json!("2026-01-01"), &json!("2026-12-31"), &json!("2026-12-31"), &json!(true), &json!(true))
    );
    assert_eq!(v["thresholds"], json!({"hit": 0.7, "missed": 0.4, "moved": 0.1}));
    let e = bet(&v, "2026/company/engine");
    assert_eq!((&e["verdict"], &e["disagree"]), (&json!("quarters_hit_bet_flat"), &json!(true)));
    assert_eq!(
        e["key_results"][0],
        json!({
            "ref": "2026/company/engine#share", "title": "Move share from 20 to 40",
            "baseline": 20, "target": 40, "start": 20, "start_from": "period_start", "start_on": "2026-01-01",
            "current": 21, "start_score": 0, "score": 0.05, "change": 0.05, "guardrail": false
        })
    );
    assert_eq!(e["movement"], 0.05);
    let q = &e["quarters"];
    assert_eq!(refs(q), ["2026-Q1/growth/a", "2026-Q2/sales/b"]);
    assert_eq!((q["graded"].as_u64(), q["mean"].as_f64()), (Some(2), Some(0.8)));
    // Through a KR of the bet, and through the bet itself.
    assert_eq!(
        q["objectives"][0],
        json!({
            "ref": "2026-Q1/growth/a", "quarter": "2026-Q1", "team": "growth", "title": "Activate new teams",
            "via": "2026/company/engine#share", "through": [], "score": 0.9, "band": "hit", "over": true
        })
    );
    assert_eq!(q["objectives"][1]["via"], "2026/company/engine");

    // The reverse: the bet moved, the quarter beneath missed.
    let b = bet(&v, "2026/company/brand");
    assert_eq!((&b["verdict"], &b["disagree"]), (&json!("bet_moved_quarters_missed"), &json!(true)));
    assert_eq!((b["movement"].as_f64(), b["quarters"]["mean"].as_f64()), (Some(0.5), Some(0.3)));
}

#[test]
fn a_span_sees_the_quarters_through_the_year_and_says_when_nothing_is_beneath() {
    let p = year();
    let v = retro(&p, &["2026-2028", "--as-of", "2027-01-10", "--format", "json"]).json();
    assert_eq!((&v["over"], &v["graded_on"]), (&json!(false), &json!("2027-01-10")));
    let plg = bet(&v, "2026-2028/company/plg");
    assert_eq!(plg["bet"], "Self-serve can carry half of new revenue");
    assert_eq!(refs(&plg["quarters"]), ["2026-Q1/growth/a", "2026-Q2/sales/b"]);
    for q in plg["quarters"]["objectives"].as_array().unwrap() {
        assert_eq!((&q["via"], &q["through"]), (&json!("2026-2028/company/plg#arr"), &json!(["2026/company/engine"])));
    }
    // The bet's metric never moved: what the quarters did did not reach it.
    assert_eq!((&plg["movement"], &plg["verdict"]), (&json!(0), &json!("quarters_hit_bet_flat")));
    let lonely = bet(&v, "2026-2028/company/lonely");
    assert_eq!((&lonely["verdict"], &lonely["disagree"]), (&json!("nothing_beneath"), &json!(false)));
    assert_eq!(lonely["quarters"], json!({"mean": null, "graded": 0, "objectives": []}));
    let text = retro(&p, &["2026-2028", "--as-of", "2027-01-10"]).stdout;
    assert!(text.contains("no quarter objective contributes to it"), "{text}");
    assert!(text.contains("via 2026/company/engine → #arr"), "{text}");
}

/// As of 2026-05-15 the year runs: the files and the history stop there
/// (the share moved to 21 on 05-04; the deals of 06-25 are not seen), the
/// running quarter is graded on the as-of date and 2026-Q3 has not begun.
#[test]
fn a_running_year_is_closed_as_of_the_date_and_says_so() {
    let p = year();
    let v = retro(&p, &["2026", "--as-of", "2026-05-15", "--format", "json"]).json();
    assert_eq!((&v["over"], &v["graded_on"]), (&json!(false), &json!("2026-05-15")));
    let e = bet(&v, "2026/company/engine");
    assert_eq!(e["key_results"][0]["current"], 21);
    let q = &e["quarters"];
    assert_eq!(refs(q), ["2026-Q1/growth/a", "2026-Q2/sales/b"]);
    assert_eq!((&q["objectives"][1]["score"], &q["objectives"][1]["over"]), (&json!(0), &json!(false)));
    assert_eq!(e["verdict"], "mixed");
    // 2026-05-15 is day 134 of 365.
    assert_eq!(e["expected"].as_f64(), Some(134.0 / 365.0));
    let b = bet(&v, "2026/company/brand");
    assert_eq!(b["verdict"], "nothing_beneath", "2026-Q3 has not begun");
    let text = retro(&p, &["2026", "--as-of", "2026-05-15"]).stdout;
    assert!(
        text.contains("2026 is in progress: this is as of 2026-05-15, 230 days before its last day (2026-12-31); pace expects 0.37 of the way by now, and the verdicts are so far."),
        "{text}"
    );
    assert!(
        text.contains("Verdict so far: the quarters made progress (0.45 on average) and the bet's own metrics did not move (+0.05)"),
        "{text}"
    );
}

#[test]
fn without_history_each_kr_starts_at_its_baseline() {
    let p = year();
    let v = retro(&p, &["2026", "--as-of", "2027-01-10", "--no-history", "--format", "json"]).json();
    assert_eq!(v["history"], false);
    let b = bet(&v, "2026/company/brand");
    assert_eq!(
        (&b["key_results"][0]["start_from"], &b["key_results"][0]["start_on"]),
        (&json!("baseline"), &Value::Null)
    );
    let md = retro(&p, &["2026", "--as-of", "2027-01-10", "--no-history", "--format", "markdown"]).stdout;
    assert!(md.contains("_Without the git history, each key result's start is its baseline._"), "{md}");
}

#[test]
fn text_markdown_and_json_snapshots() {
    let p = year();
    insta::assert_snapshot!("retro_year_text", retro(&p, &["2026", "--as-of", "2027-01-10"]).stdout);
    let md = retro(&p, &["2026-2028", "--as-of", "2027-01-10", "--format", "markdown"]).stdout;
    insta::assert_snapshot!("retro_span_markdown", md);
    crate::retro::assert_tables_paste_ready(&md);
    insta::assert_snapshot!(
        "retro_year_json",
        retro(&p, &["2026", "--as-of", "2027-01-10", "--format", "json"]).stdout
    );
}

#[test]
fn a_period_without_objectives_is_a_usage_error() {
    let p = year();
    let run = p.okr(&["retro", "2030"]);
    run.expect_code(2);
    assert!(
        run.stderr.contains("there are no objectives in 2030 (longer periods with objectives: 2026-2028, 2026)"),
        "{}",
        run.stderr
    );
    let run = p.okr(&["retro", "2026-H3"]);
    run.expect_code(2);
    assert!(run.stderr.contains("`2026-H3` is not a quarter or a longer period"), "{}", run.stderr);
}
