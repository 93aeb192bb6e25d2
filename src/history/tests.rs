use super::*;
use crate::core::model::Layer;
use crate::core::quarter::Quarter;

fn commit(n: usize, time: i64, author: &str) -> LogCommit {
    LogCommit { id: format!("{n:040}"), time, author: author.into(), message: format!("commit {n}\n") }
}

fn change(old: Option<&str>, new: Option<&str>, old_blob: Option<usize>, new_blob: Option<usize>) -> FileChange {
    FileChange { old_path: old.map(Into::into), new_path: new.map(Into::into), old_blob, new_blob }
}

fn blob(krs: &[(&str, Option<f64>, Option<f64>)]) -> BlobKrs {
    Some(
        krs.iter()
            .map(|(id, c, t)| {
                (
                    id.to_string(),
                    Values { current: *c, target: *t, baseline: Some(0.0), ..Values::default() },
                    Layer::Output,
                )
            })
            .collect(),
    )
}

fn entry(c: LogCommit, changes: Vec<FileChange>) -> LogEntry {
    LogEntry { commit: c, changes, side: Vec::new() }
}

const A: &str = "2026-Q1/growth/a.md";
const DAY: i64 = 86_400;

fn currents(h: &History, r: &str) -> Vec<(String, Option<f64>)> {
    h.points(r).iter().map(|p| (h.commits[p.commit].author.clone(), p.values.current)).collect()
}

#[test]
fn one_point_per_commit_that_changed_a_value() {
    let blobs = vec![
        blob(&[("x", Some(1.0), Some(10.0)), ("y", Some(5.0), Some(9.0))]),
        blob(&[("x", Some(2.0), Some(10.0)), ("y", Some(5.0), Some(9.0))]),
        blob(&[("x", Some(2.0), Some(12.0)), ("y", Some(5.0), Some(9.0))]),
    ];
    let log = vec![
        entry(commit(1, DAY, "maya"), vec![change(None, Some(A), None, Some(0))]),
        entry(commit(2, 2 * DAY, "sam"), vec![change(Some(A), Some(A), Some(0), Some(1))]),
        entry(commit(3, 3 * DAY, "lee"), vec![change(Some(A), Some(A), Some(1), Some(2))]),
    ];
    let h = build(&log, &blobs, false);
    assert_eq!(
        currents(&h, "2026-Q1/growth/a#x"),
        vec![("maya".into(), Some(1.0)), ("sam".into(), Some(2.0)), ("lee".into(), Some(2.0))]
    );
    assert_eq!(h.points("2026-Q1/growth/a#x")[2].values.target, Some(12.0));
    // y was introduced and never changed.
    assert_eq!(currents(&h, "2026-Q1/growth/a#y"), vec![("maya".into(), Some(5.0))]);
    assert_eq!(h.updated("2026-Q1/growth/a#x"), Some(2 * DAY));
    assert_eq!(h.updated("2026-Q1/growth/a#y"), Some(DAY));
}

#[test]
fn renames_carry_the_series_to_the_new_ref() {
    let b = "2026-Q1/platform/a.md";
    let blobs = vec![blob(&[("x", Some(1.0), Some(10.0))]), blob(&[("x", Some(3.0), Some(10.0))])];
    let log = vec![
        entry(commit(1, DAY, "maya"), vec![change(None, Some(A), None, Some(0))]),
        entry(commit(2, 2 * DAY, "sam"), vec![change(Some(A), Some(b), Some(0), Some(0))]),
        entry(commit(3, 3 * DAY, "lee"), vec![change(Some(b), Some(b), Some(0), Some(1))]),
    ];
    let h = build(&log, &blobs, false);
    assert!(h.points("2026-Q1/growth/a#x").is_empty());
    assert_eq!(currents(&h, "2026-Q1/platform/a#x"), vec![("maya".into(), Some(1.0)), ("lee".into(), Some(3.0))]);
}

#[test]
fn broken_yaml_is_skipped_once_and_does_not_reset_values() {
    let blobs = vec![blob(&[("x", Some(1.0), Some(10.0))]), None, blob(&[("x", Some(1.0), Some(10.0))]), None];
    let log = vec![
        entry(commit(1, DAY, "maya"), vec![change(None, Some(A), None, Some(0))]),
        entry(commit(2, 2 * DAY, "sam"), vec![change(Some(A), Some(A), Some(0), Some(1))]),
        entry(commit(3, 3 * DAY, "sam"), vec![change(Some(A), Some(A), Some(1), Some(2))]),
        entry(commit(4, 4 * DAY, "sam"), vec![change(Some(A), Some(A), Some(2), Some(3))]),
    ];
    let h = build(&log, &blobs, false);
    assert_eq!(currents(&h, "2026-Q1/growth/a#x"), vec![("maya".into(), Some(1.0))]);
    assert_eq!(h.warnings.len(), 1, "{:?}", h.warnings);
    assert!(h.warnings[0].starts_with(A));
}

#[test]
fn deleted_and_recreated_objectives_continue_their_series() {
    let blobs = vec![blob(&[("x", Some(1.0), Some(10.0))]), blob(&[("x", Some(1.0), Some(10.0))])];
    let log = vec![
        entry(commit(1, DAY, "maya"), vec![change(None, Some(A), None, Some(0))]),
        entry(commit(2, 2 * DAY, "sam"), vec![change(Some(A), None, Some(0), None)]),
        entry(commit(3, 3 * DAY, "lee"), vec![change(None, Some(A), None, Some(1))]),
    ];
    let h = build(&log, &blobs, false);
    assert_eq!(currents(&h, "2026-Q1/growth/a#x"), vec![("maya".into(), Some(1.0)), ("lee".into(), Some(1.0))]);
}

#[test]
fn merges_credit_the_side_branch_commit_that_made_the_change() {
    let blobs = vec![
        blob(&[("x", Some(1.0), Some(10.0)), ("y", Some(1.0), Some(5.0))]),
        blob(&[("x", Some(4.0), Some(10.0)), ("y", Some(1.0), Some(5.0))]),
        blob(&[("x", Some(4.0), Some(10.0)), ("y", Some(1.0), Some(8.0))]),
    ];
    let side = vec![
        (commit(2, 2 * DAY, "sam"), vec![change(Some(A), Some(A), Some(0), Some(1))]),
        (commit(3, 3 * DAY, "lee"), vec![change(Some(A), Some(A), Some(1), Some(2))]),
    ];
    let log = vec![
        entry(commit(1, DAY, "maya"), vec![change(None, Some(A), None, Some(0))]),
        LogEntry {
            commit: commit(4, 4 * DAY, "merger"),
            changes: vec![change(Some(A), Some(A), Some(0), Some(2))],
            side,
        },
    ];
    let h = build(&log, &blobs, false);
    assert_eq!(currents(&h, "2026-Q1/growth/a#x"), vec![("maya".into(), Some(1.0)), ("sam".into(), Some(4.0))]);
    let y = h.points("2026-Q1/growth/a#y");
    assert_eq!(h.commits[y[1].commit].author, "lee");
    assert_eq!(y[1].values.target, Some(8.0));
}

#[test]
fn quarter_values_carry_in_the_value_at_the_start() {
    let q = Quarter::parse("2026-Q1").unwrap();
    let start = day_start(q.start(1));
    let blobs = vec![
        blob(&[("x", Some(1.0), Some(10.0))]),
        blob(&[("x", Some(3.0), Some(10.0))]),
        blob(&[("x", Some(5.0), Some(10.0))]),
    ];
    let log = vec![
        entry(commit(1, start - 5 * DAY, "maya"), vec![change(None, Some(A), None, Some(0))]),
        entry(commit(2, start + 10 * DAY, "sam"), vec![change(Some(A), Some(A), Some(0), Some(1))]),
        entry(commit(3, start + 20 * DAY, "sam"), vec![change(Some(A), Some(A), Some(1), Some(2))]),
    ];
    let h = build(&log, &blobs, false);
    let r = "2026-Q1/growth/a#x";
    assert_eq!(h.quarter_values(r, q, 1), vec![(start, 1.0), (start + 10 * DAY, 3.0), (start + 20 * DAY, 5.0)]);
    // Slope 0.2/day through (0,1),(10,3),(20,5): at the end of the last
    // day (day 90, targets count the whole day) 19.
    let p = h.projected(r, q, 1).unwrap();
    assert!((p - 19.0).abs() < 1e-9, "{p}");
}

/// A commit that only moved the target is a point of the series (charts
/// show it) but not a measurement of `current`: repeating the old value at a
/// later time would pull the projection flat.
#[test]
fn a_target_only_commit_does_not_count_in_the_projection() {
    let q = Quarter::parse("2026-Q1").unwrap();
    let start = day_start(q.start(1));
    let blobs = vec![
        blob(&[("x", Some(1.0), Some(10.0))]),
        blob(&[("x", Some(3.0), Some(10.0))]),
        blob(&[("x", Some(3.0), Some(12.0))]),
        blob(&[("x", Some(5.0), Some(12.0))]),
    ];
    let log = vec![
        entry(commit(1, start - 5 * DAY, "maya"), vec![change(None, Some(A), None, Some(0))]),
        entry(commit(2, start + 10 * DAY, "sam"), vec![change(Some(A), Some(A), Some(0), Some(1))]),
        entry(commit(3, start + 15 * DAY, "ana"), vec![change(Some(A), Some(A), Some(1), Some(2))]),
        entry(commit(4, start + 20 * DAY, "sam"), vec![change(Some(A), Some(A), Some(2), Some(3))]),
    ];
    let h = build(&log, &blobs, false);
    let r = "2026-Q1/growth/a#x";
    assert_eq!(h.quarter_values(r, q, 1).len(), 4);
    assert_eq!(h.measurements(r, q, 1), vec![(start, 1.0), (start + 10 * DAY, 3.0), (start + 20 * DAY, 5.0)]);
    // The same line as without the target change: 19 at the quarter's end.
    let p = h.projected(r, q, 1).unwrap();
    assert!((p - 19.0).abs() < 1e-9, "{p}");
}

#[test]
fn projection_needs_two_points_in_time() {
    assert_eq!(linear_fit(&[(1, 1.0)]), None);
    assert_eq!(linear_fit(&[(1, 1.0), (1, 2.0)]), None);
    assert_eq!(linear_fit(&[(0, 1.0), (2, 5.0)]), Some((2.0, 1.0)));
}

#[test]
fn extract_reads_values_and_refuses_broken_files() {
    let ok =
        b"---\nkey_results:\n  - id: a\n    title: T\n    baseline: 1\n    target: 2\n    current: 1.5\n---\n# T\n";
    let v = extract(ok).unwrap();
    assert_eq!(v[0].0, "a");
    assert_eq!(v[0].1, Values { current: Some(1.5), target: Some(2.0), baseline: Some(1.0), ..Values::default() });
    assert_eq!(extract(b"---\nkey_results: [\n---\n"), None);
    assert_eq!(extract(b""), None);
}

/// The fast extractor agrees with the full parser on every valid file the
/// project ships (examples and templates).
#[test]
fn fast_extract_matches_the_full_parser() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in ["okrs", "templates"] {
        for e in walkdir::WalkDir::new(root.join(dir)).into_iter().flatten() {
            if e.path().extension().is_some_and(|x| x == "md") {
                files.push(std::fs::read(e.path()).unwrap());
            }
        }
    }
    assert!(files.len() > 5);
    for bytes in files {
        let full = parse::parse_file("", "2000-Q1/x.md", &bytes).objective.unwrap();
        let fast = extract(&bytes).unwrap();
        let expected: Vec<(String, Values, Layer)> =
            full.key_results.into_iter().map(|k| (k.values(), k)).map(|(values, k)| (k.id, values, k.layer)).collect();
        assert_eq!(fast, expected);
    }
}

#[test]
fn packed_values_build_the_same_history() {
    let blobs = vec![
        blob(&[("x", Some(1.0), Some(10.0)), ("y", None, Some(5.0))]),
        blob(&[("x", Some(4.0), None), ("y", Some(-0.5), Some(5.0))]),
        None,
        blob(&[("y", Some(2.0), Some(8.0)), ("z", Some(0.0), Some(1e300))]),
        blob(&[("x", Some(7.0), Some(10.0))]),
    ];
    let side = vec![
        (commit(3, 3 * DAY, "sam"), vec![change(Some(A), Some(A), Some(0), Some(1))]),
        (commit(4, 4 * DAY, "lee"), vec![change(Some(A), Some(A), Some(1), Some(3))]),
    ];
    let b = "2026-Q1/platform/a.md";
    let log = vec![
        entry(commit(1, DAY, "maya"), vec![change(None, Some(A), None, Some(0))]),
        entry(commit(2, 2 * DAY, "maya"), vec![change(Some(A), Some(A), Some(0), Some(2))]),
        LogEntry {
            commit: commit(5, 5 * DAY, "merger"),
            changes: vec![change(Some(A), Some(A), Some(2), Some(3))],
            side,
        },
        entry(commit(6, 6 * DAY, "sam"), vec![change(Some(A), Some(b), Some(3), Some(4))]),
        entry(commit(7, 7 * DAY, "sam"), vec![change(Some(b), None, Some(4), None)]),
    ];
    let ids = std::cell::RefCell::new(Vec::<std::sync::Arc<str>>::new());
    let packed: Vec<PackedKrs> = blobs
        .iter()
        .map(|b| {
            PackedKrs::new(b.clone(), |kr| {
                let mut ids = ids.borrow_mut();
                if let Some(id) = ids.iter().find(|id| &***id == kr) {
                    return id.clone();
                }
                ids.push(kr.into());
                ids[ids.len() - 1].clone()
            })
        })
        .collect();
    for (b, p) in blobs.iter().zip(&packed) {
        assert_eq!(b.krs().map(Iterator::collect::<Vec<_>>), p.krs().map(Iterator::collect::<Vec<_>>));
    }
    let (plain, compact) = (build(&log, &blobs, false), build(&log, &packed, false));
    let text = |h: &History| {
        let files: BTreeMap<_, _> = h.file_commits.iter().collect();
        format!("{:?} {:?} {:?} {:?} {}", h.commits, h.series, files, h.warnings, h.shallow)
    };
    assert_eq!(text(&plain), text(&compact));
    assert!(plain.series.len() >= 3 && !plain.warnings.is_empty());
}

#[test]
fn utc_dates_of_any_commit_time_never_panic() {
    assert_eq!(utc_date(0), Some(jiff::civil::date(1970, 1, 1)));
    assert_eq!(utc_date(-1), Some(jiff::civil::date(1969, 12, 31)));
    assert_eq!(utc_date(86_400 * 20_454 + 5), Some(jiff::civil::date(2026, 1, 1)));
    assert_eq!(utc_date(i64::MAX), None);
    assert_eq!(utc_date(i64::MIN), None);
}

#[test]
fn a_file_moved_out_of_the_root_and_back_is_no_new_check_in() {
    let blobs = vec![blob(&[("x", Some(1.0), Some(10.0))])];
    let log = vec![
        entry(commit(1, DAY, "maya"), vec![change(None, Some(A), None, Some(0))]),
        entry(commit(2, 2 * DAY, "sam"), vec![change(Some(A), None, Some(0), None)]),
        entry(commit(3, 3 * DAY, "lee"), vec![change(None, Some(A), None, Some(0))]),
    ];
    let h = build(&log, &blobs, false);
    assert_eq!(currents(&h, "2026-Q1/growth/a#x"), vec![("maya".into(), Some(1.0))]);
}

#[test]
fn points_are_in_author_time_order_and_updated_is_the_newest() {
    // A rebase: the log's second commit was authored after its third.
    let blobs = vec![
        blob(&[("x", Some(1.0), Some(10.0))]),
        blob(&[("x", Some(3.0), Some(10.0))]),
        blob(&[("x", Some(2.0), Some(10.0))]),
    ];
    let log = vec![
        entry(commit(1, DAY, "maya"), vec![change(None, Some(A), None, Some(0))]),
        entry(commit(2, 5 * DAY, "sam"), vec![change(Some(A), Some(A), Some(0), Some(1))]),
        entry(commit(3, 3 * DAY, "lee"), vec![change(Some(A), Some(A), Some(1), Some(2))]),
    ];
    let h = build(&log, &blobs, false);
    let r = "2026-Q1/growth/a#x";
    let times: Vec<i64> = h.points(r).iter().map(|p| h.time(p)).collect();
    assert_eq!(times, vec![DAY, 3 * DAY, 5 * DAY]);
    assert_eq!(h.updated(r), Some(5 * DAY));
}

#[test]
fn check_in_trailers_are_read_from_the_message() {
    let m = "still flat\n\nbody\n\nOkr-Check-In: 2026-Q1/growth/a#x\nokr-check-in:  2026-Q1/growth/a#y \nOkr-Check-In: 2026-Q1/growth/a#x\n";
    assert_eq!(check_in_trailers(m), vec!["2026-Q1/growth/a#x", "2026-Q1/growth/a#y"]);
    assert!(check_in_trailers("Okr-Check-In:\nnothing").is_empty());
}

#[test]
fn packed_values_keep_confidence_and_done() {
    let krs: BlobKrs = Some(vec![
        ("m".into(), Values { done: Some(true), ..Values::default() }, Layer::Output),
        ("n".into(), Values { done: Some(false), confidence: Some(0.7), ..Values::default() }, Layer::Output),
        ("o".into(), Values { current: Some(3.0), confidence: Some(1e-9), ..Values::default() }, Layer::Output),
    ]);
    let packed = PackedKrs::new(krs.clone(), |id| id.into());
    let read: Vec<(&str, Values)> = packed.krs().unwrap().collect();
    let expected: Vec<(&str, Values)> = krs.krs().unwrap().collect();
    assert_eq!(read, expected);
}

#[test]
fn extract_reads_done_and_confidence_and_tolerates_bad_ones() {
    let file = |extra: &str| {
        format!("---\nkey_results:\n  - id: a\n    title: T\n    current: 1\n{extra}---\n# T\n").into_bytes()
    };
    let v = extract(&file("    done: true\n    confidence: 0.4\n")).unwrap();
    assert_eq!((v[0].1.done, v[0].1.confidence, v[0].1.current), (Some(true), Some(0.4), Some(1.0)));
    // Not a boolean, not a number: unset, the version still read.
    let v = extract(&file("    done: \"yes\"\n    confidence: high\n")).unwrap();
    assert_eq!((v[0].1.done, v[0].1.confidence, v[0].1.current), (None, None, Some(1.0)));
}

#[test]
fn a_done_flip_or_a_confidence_change_is_a_check_in() {
    let blobs: Vec<BlobKrs> = vec![
        Some(vec![("m".into(), Values { done: Some(false), ..Values::default() }, Layer::Output)]),
        Some(vec![("m".into(), Values { done: Some(true), ..Values::default() }, Layer::Output)]),
        Some(vec![(
            "m".into(),
            Values { done: Some(true), confidence: Some(0.5), ..Values::default() },
            Layer::Output,
        )]),
    ];
    let log = vec![
        entry(commit(0, DAY, "maya"), vec![change(None, Some(A), None, Some(0))]),
        entry(commit(1, 2 * DAY, "lee"), vec![change(Some(A), Some(A), Some(0), Some(1))]),
        entry(commit(2, 3 * DAY, "sam"), vec![change(Some(A), Some(A), Some(1), Some(2))]),
    ];
    let h = build(&log, &blobs, false);
    let points = h.points("2026-Q1/growth/a#m");
    assert_eq!(points.len(), 3);
    assert!(points.iter().all(|p| p.measured));
    assert_eq!(points[1].values.done, Some(true));
    assert_eq!(h.commits[points[1].commit].author, "lee");
    assert_eq!(h.updated("2026-Q1/growth/a#m"), Some(3 * DAY));
}

#[test]
fn has_check_in_trailer_agrees_with_check_in_trailers() {
    for message in [
        "still flat\n\nOkr-Check-In: 2026-Q1/growth/a#x\n",
        "still flat\r\n\r\nokr-check-in:  2026-Q1/growth/a#x \r\n",
        "no trailer\n",
        "Okr-Check-In:\n",
        "Okr-Check-In:   \n",
        "Okr-Check-In : x",
        "",
        "Other: x\nOkr-Check-In: y",
    ] {
        assert_eq!(has_check_in_trailer(message.as_bytes()), !check_in_trailers(message).is_empty(), "{message:?}");
    }
}
