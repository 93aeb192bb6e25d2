use super::*;
use crate::core::model::{Cadence, Layer};
use crate::core::quarter::Quarter;
use jiff::civil::date;
use std::collections::BTreeMap;

fn kr() -> KeyResult {
    KeyResult {
        id: "k".into(),
        title: "T".into(),
        metric: "k".into(),
        ..KeyResult::empty(crate::core::diagnostic::Pos::START)
    }
}

fn q1() -> Quarter {
    Quarter::parse("2026-Q1").unwrap()
}

/// 2026-02-15 is 45 of 90 days into Q1: expected 0.5.
fn at_mid(k: &KeyResult) -> KrScore {
    score_kr(k, q1(), date(2026, 2, 15), 1)
}

/// An outcome objective of growth in 2026-Q1 holding `key_results`.
fn objective_with(key_results: Vec<KeyResult>) -> Objective {
    Objective {
        period: q1().into(),
        id: "growth/a".into(),
        file: "f".into(),
        title: "T".into(),
        title_pos: crate::core::diagnostic::Pos::START,
        owner: None,
        team: "growth".into(),
        kind: crate::core::model::ObjectiveType::Outcome,
        commitment: crate::core::model::Commitment::Aspirational,
        parent: None,
        parent_resolved: None,
        bet: None,
        allow: Vec::new(),
        key_results,
        body: String::new(),
        fields: BTreeMap::new(),
    }
}

fn kr_with(b: Option<f64>, t: Option<f64>, c: Option<f64>) -> KeyResult {
    KeyResult { baseline: b, target: t, current: c, ..kr() }
}

#[test]
fn increasing_metric_matches_the_spec_example() {
    let s = at_mid(&kr_with(Some(22.0), Some(30.0), Some(24.5)));
    assert_eq!(s.progress, Some(0.3125));
    assert_eq!(s.score, Some(0.3125));
    assert_eq!(s.expected, 0.5);
    assert_eq!(s.status, Some(Status::AtRisk));
    assert_eq!(s.values.direction, Some(Direction::Increase));
}

#[test]
fn decreasing_metric_uses_the_same_formula() {
    let s = at_mid(&kr_with(Some(8.0), Some(4.0), Some(6.0)));
    assert_eq!(s.progress, Some(0.5));
    assert_eq!(s.status, Some(Status::OnTrack));
    assert_eq!(s.values.direction, Some(Direction::Decrease));
}

/// A decreasing KR that has not moved: (3 - 3) / (2 - 3) is -0.0 in floating
/// point, which text output would print as "-0.00".
#[test]
fn no_progress_on_a_decreasing_metric_is_plain_zero() {
    let s = at_mid(&kr_with(Some(3.0), Some(2.0), Some(3.0)));
    assert!(s.progress.is_some_and(|p| p == 0.0 && p.is_sign_positive()), "{:?}", s.progress);
    assert!(s.score.is_some_and(f64::is_sign_positive), "{:?}", s.score);
    assert_eq!(format!("{:.2}", s.score.unwrap_or(f64::NAN)), "0.00");
}

#[test]
fn progress_is_clamped_for_the_score_but_reported_raw() {
    let over = at_mid(&kr_with(Some(0.0), Some(10.0), Some(15.0)));
    assert_eq!((over.progress, over.score, over.status), (Some(1.5), Some(1.0), Some(Status::Done)));
    let under = at_mid(&kr_with(Some(10.0), Some(20.0), Some(5.0)));
    assert_eq!((under.progress, under.score, under.status), (Some(-0.5), Some(0.0), Some(Status::OffTrack)));
}

#[test]
fn status_bands() {
    let e = 0.5;
    assert_eq!(Status::from_progress(1.0, e), Status::Done);
    assert_eq!(Status::from_progress(0.4, e), Status::OnTrack);
    assert_eq!(Status::from_progress(0.39, e), Status::AtRisk);
    assert_eq!(Status::from_progress(0.25, e), Status::AtRisk);
    assert_eq!(Status::from_progress(0.24, e), Status::OffTrack);
    // Early in the quarter everything non-negative is on track.
    assert_eq!(Status::from_progress(0.0, 0.05), Status::OnTrack);
}

#[test]
fn current_defaults_to_baseline() {
    let s = at_mid(&kr_with(Some(22.0), Some(30.0), None));
    assert_eq!((s.values.current, s.progress), (Some(22.0), Some(0.0)));
}

#[test]
fn guardrails_score_one_when_met() {
    let at_least = KeyResult { direction: Some(Direction::AtLeast), ..kr_with(Some(99.9), Some(99.9), Some(99.95)) };
    let s = at_mid(&at_least);
    assert_eq!((s.score, s.status), (Some(1.0), Some(Status::OnTrack)));
    let missed = KeyResult { current: Some(99.5), ..at_least.clone() };
    assert_eq!(at_mid(&missed).status, Some(Status::OffTrack));
    assert_eq!(at_mid(&missed).score, Some(0.0));
    let at_most = KeyResult { direction: Some(Direction::AtMost), ..kr_with(None, Some(15.0), Some(15.0)) };
    assert_eq!(at_mid(&at_most).status, Some(Status::OnTrack));
    let over = KeyResult { current: Some(16.0), ..at_most };
    assert_eq!(at_mid(&over).status, Some(Status::OffTrack));
}

#[test]
fn milestones_score_one_or_zero() {
    let done = KeyResult { done: Some(true), ..kr() };
    assert_eq!((at_mid(&done).score, at_mid(&done).status), (Some(1.0), Some(Status::Done)));
    let open = KeyResult { done: Some(false), ..kr() };
    assert_eq!((at_mid(&open).score, at_mid(&open).status), (Some(0.0), Some(Status::OffTrack)));
    // On the first day nothing is late yet.
    assert_eq!(score_kr(&open, q1(), date(2026, 1, 1), 1).status, Some(Status::OnTrack));
}

#[test]
fn no_target_means_no_score() {
    let s = at_mid(&kr_with(Some(1.0), None, Some(2.0)));
    assert_eq!((s.progress, s.score, s.status), (None, None, None));
}

#[test]
fn zero_span_without_direction_is_unscored_and_with_direction_is_met_or_not() {
    let s = at_mid(&kr_with(Some(5.0), Some(5.0), Some(6.0)));
    assert_eq!(s.score, None);
    let inc = KeyResult { direction: Some(Direction::Increase), ..kr_with(Some(5.0), Some(5.0), Some(6.0)) };
    assert_eq!(at_mid(&inc).score, Some(1.0));
    let dec = KeyResult { direction: Some(Direction::Decrease), ..kr_with(Some(5.0), Some(5.0), Some(6.0)) };
    assert_eq!(at_mid(&dec).score, Some(0.0));
}

#[test]
fn input_metrics_start_from_zero_and_derive_their_target() {
    let input = KeyResult {
        layer: Layer::Input,
        weekly_target: Some(2.0),
        current: Some(7.0),
        cadence: Some(Cadence::Weekly),
        ..kr()
    };
    let s = at_mid(&input);
    let weeks = 90.0 / 7.0;
    assert_eq!(s.values.baseline, Some(0.0));
    assert_eq!(s.values.target, Some(2.0 * weeks));
    assert_eq!(s.progress, Some(7.0 / (2.0 * weeks)));
    // Without a current value an input has done nothing yet.
    let fresh = KeyResult { current: None, ..input };
    assert_eq!(at_mid(&fresh).values.current, Some(0.0));
}

#[test]
fn missing_baseline_on_an_output_is_scored_from_zero_but_stays_unknown() {
    let s = at_mid(&kr_with(None, Some(12.0), Some(6.0)));
    assert_eq!(s.values.baseline, None);
    assert_eq!(s.progress, Some(0.5));
}

#[test]
fn objective_score_is_the_weighted_mean_of_scored_krs() {
    let o = objective_with(vec![
        KeyResult { weight: 3.0, ..kr_with(Some(0.0), Some(10.0), Some(10.0)) },
        kr_with(Some(0.0), Some(10.0), Some(0.0)),
        kr_with(Some(0.0), None, Some(5.0)),
    ]);
    let s = score_objective(&o, date(2026, 2, 15), 1);
    assert_eq!(s.score, Some(0.75));
    assert_eq!(s.status, Some(Status::OnTrack));
    assert_eq!(s.expected, 0.5);
    let unscored = Objective { key_results: vec![kr_with(Some(1.0), None, None)], ..o };
    assert_eq!(score_objective(&unscored, date(2026, 2, 15), 1).score, None);
}

#[test]
fn fiscal_quarters_shift_the_pace() {
    // Fiscal year starting in April: 2026-Q1 is April to June, so in mid
    // February it has not started.
    let k = kr_with(Some(0.0), Some(10.0), Some(0.0));
    assert_eq!(score_kr(&k, q1(), date(2026, 2, 15), 4).expected, 0.0);
    assert_eq!(score_kr(&k, q1(), date(2026, 5, 16), 4).expected, 45.0 / 91.0);
}

#[test]
fn numbers_for_people() {
    assert_eq!(fmt_num(30.0), "30");
    assert_eq!(fmt_num(24.5), "24.5");
    assert_eq!(fmt_num(26.285714), "26.29");
    assert_eq!(fmt_num(-0.001), "0");
    assert_eq!(fmt_num(12500.0), "12,500");
    assert_eq!(fmt_num(54770.53), "54,770.53");
    assert_eq!(fmt_num(-1234567.5), "-1,234,567.5");
    assert_eq!(fmt_num(999.999), "1,000");
    assert_eq!(fmt_num(100.0), "100");
    assert_eq!(fmt_num(0.5), "0.5");
    assert_eq!(plain_num(-1234567.5), "-1234567.5");
}

/// One KR's numbers read alike: counts whole, fractions with the decimals
/// of the most precise value, thousands separated.
#[test]
fn a_krs_numbers_share_one_format() {
    // A count: a derived 26.29 tests reads 26.
    let count = NumFormat::of([Some(10.0), Some(40.0), Some(12.0)]);
    assert_eq!(count.fmt(26.285714), "26");
    assert_eq!(count.fmt(60000.0), "60,000");
    // Fractions: 4.2 and 5.55 → two decimals for every value of the KR.
    let rate = NumFormat::of([Some(4.2), Some(5.55), Some(5.0), None]);
    assert_eq!([rate.fmt(4.2), rate.fmt(5.55), rate.fmt(5.0)], ["4.20", "5.55", "5.00"]);
    assert_eq!(rate.fmt(1234.5), "1,234.50");
    // At most two decimals, however precise the input.
    assert_eq!(NumFormat::of([Some(0.3125)]).fmt(0.3125), "0.31");
    assert_eq!(NumFormat::of([Some(1.5)]).fmt(-0.001), "0.0");
    assert_eq!(NumFormat::of([Some(f64::NAN), Some(3.0)]), NumFormat::of([Some(3.0)]));
    assert_eq!(NumFormat::of([]).fmt(-1000.0), "-1,000");
    let mut k = kr_with(Some(4.2), Some(6.0), Some(5.6));
    k.weekly_target = None;
    assert_eq!(NumFormat::of_kr(&k).fmt(6.0), "6.0");
}

/// `current: "4.3%"` is unknown, not zero: no progress, score or status, and
/// the objective's mean leaves the KR out like one without a target.
#[test]
fn an_unreadable_value_is_unknown_not_zero() {
    let mut k = kr_with(Some(2.0), Some(5.0), None);
    k.unreadable.insert("current");
    let s = at_mid(&k);
    assert!(s.unreadable);
    assert_eq!((s.progress, s.score, s.status, s.values.current), (None, None, None, None));
    for field in ["baseline", "target", "weekly_target"] {
        let mut k = kr_with(Some(2.0), Some(5.0), Some(4.0));
        k.unreadable.insert(field);
        assert!(at_mid(&k).unreadable && at_mid(&k).score.is_none(), "{field}");
    }
    let good = kr_with(Some(0.0), Some(10.0), Some(8.0));
    let o = objective_with(vec![good, k]);
    assert_eq!(score_objective(&o, date(2026, 2, 15), 1).score, Some(0.8));
}

#[test]
fn a_year_objective_is_paced_over_the_year_s_days() {
    let k = kr_with(Some(0.0), Some(100.0), Some(50.0));
    let mut o = objective_with(vec![k]);
    o.period = crate::core::refs::Period::parse("2026").unwrap();
    // 2026-07-02 is 182 of 365 days in: half the year has passed.
    let s = score_objective(&o, date(2026, 7, 2), 1);
    assert_eq!(s.expected, 182.0 / 365.0);
    assert_eq!(s.key_results[0].status, Some(Status::OnTrack));
    // A fiscal year starting in April: 2026 runs from 2026-04-01 to 2027-03-31.
    let s = score_objective(&o, date(2026, 7, 2), 4);
    assert_eq!(s.expected, 92.0 / 365.0);
    // A span of years: 2026-2028 has 1096 days (2028 is a leap year).
    o.period = crate::core::refs::Period::parse("2026-2028").unwrap();
    assert_eq!(score_objective(&o, date(2027, 1, 1), 1).expected, 365.0 / 1096.0);
}
