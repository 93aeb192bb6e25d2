use super::*;
use crate::analysis::rules::testing::{kr, objective, workspace};
use crate::core::quarter::Quarter;

fn q(s: &str) -> Quarter {
    Quarter::parse(s).unwrap()
}

fn refs(list: &[&Objective]) -> Vec<String> {
    list.iter().map(|o| o.reference()).collect()
}

fn num_kr(id: &str, title: &str, baseline: f64, target: f64, current: f64) -> String {
    kr(id, title, &format!("    baseline: {baseline}\n    target: {target}\n    current: {current}\n"))
}

/// `(field, from, to)` of a list of changes, values as display text.
fn fields(list: &[FieldChange]) -> Vec<(&'static str, String, String)> {
    let t = |v: &Value| match v {
        Value::Absent => "-".to_string(),
        Value::Num(n) => n.to_string(),
        Value::Text(s) => s.clone(),
        Value::Bool(b) => b.to_string(),
        Value::List(l) => l.join(","),
    };
    list.iter().map(|f| (f.field, t(&f.from), t(&f.to))).collect()
}

#[test]
fn quarters_carry_over_add_and_drop() {
    let q1_act = objective(
        "owner: maya\n",
        &[
            num_kr("rate", "Raise activation from 20% to 30%", 20.0, 30.0, 27.0),
            num_kr("old", "Reduce churn", 5.0, 3.0, 4.0),
        ],
        "Get new teams started",
    );
    let q2_act = objective(
        "owner: maya\n",
        &[
            num_kr("rate", "Raise activation from 27% to 35%", 27.0, 35.0, 28.0),
            num_kr("nps", "Raise NPS", 30.0, 40.0, 30.0),
        ],
        "Get new teams started",
    );
    let legacy = objective("", &[num_kr("x", "Move accounts", 0.0, 10.0, 5.0)], "Retire the legacy billing system");
    let mobile =
        objective("", &[num_kr("y", "Ship crash-free sessions", 90.0, 99.0, 95.0)], "Make the mobile app dependable");
    let ws = workspace(&[
        ("2026-Q1/growth/activation.md", &q1_act),
        ("2026-Q1/platform/legacy.md", &legacy),
        ("2026-Q2/growth/activation.md", &q2_act),
        ("2026-Q2/mobile/app.md", &mobile),
    ]);
    let d = quarters(&ws, q("2026-Q1"), q("2026-Q2"));
    assert_eq!(d.mode, Mode::Quarters);
    assert_eq!((d.from.as_str(), d.to.as_str()), ("2026-Q1", "2026-Q2"));
    assert_eq!(refs(&d.added), ["2026-Q2/mobile/app"]);
    assert_eq!(refs(&d.removed), ["2026-Q1/platform/legacy"]);
    assert_eq!(d.changed.len(), 1);
    let c = &d.changed[0];
    assert_eq!(c.from.reference(), "2026-Q1/growth/activation");
    assert_eq!(c.to.reference(), "2026-Q2/growth/activation");
    assert_eq!(c.matched_by, ObjectiveMatch::Id);
    assert!(c.fields.is_empty());
    let ids = |l: &[&KeyResult]| l.iter().map(|k| k.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(&c.key_results.added), ["nps"]);
    assert_eq!(ids(&c.key_results.removed), ["old"]);
    let k = &c.key_results.changed[0];
    assert_eq!((k.from.id.as_str(), k.matched_by), ("rate", KrMatch::Id));
    assert_eq!(
        fields(&k.fields),
        [
            ("title", "Raise activation from 20% to 30%".into(), "Raise activation from 27% to 35%".into()),
            ("baseline", "20".into(), "27".into()),
            ("target", "30".into(), "35".into()),
            ("current", "27".into(), "28".into()),
        ]
    );
    // The metric continues without a gap: Q1 ended at 27, Q2 starts at 27.
    let n = k.continues.as_ref().unwrap();
    assert_eq!((n.metric.as_str(), n.last_current, n.baseline), ("rate", Some(27.0), Some(27.0)));
    assert_eq!(n.gap(), None);
}

#[test]
fn carried_over_objectives_match_by_title_when_ids_differ() {
    let a = objective("", &[num_kr("r", "Cut p95 latency", 900.0, 300.0, 500.0)], "Make every page feel instant");
    let b = objective(
        "",
        &[num_kr("r", "Cut p95 latency", 500.0, 200.0, 500.0)],
        "Make every page feel instant and dependable",
    );
    let unrelated = objective("", &[num_kr("s", "Grow pipeline", 1.0, 2.0, 1.0)], "Fill the sales pipeline");
    let ws = workspace(&[
        ("2026-Q1/platform/speed.md", &a),
        ("2026-Q2/platform/performance.md", &b),
        ("2026-Q2/sales/pipeline.md", &unrelated),
    ]);
    let d = quarters(&ws, q("2026-Q1"), q("2026-Q2"));
    assert!(d.removed.is_empty());
    assert_eq!(refs(&d.added), ["2026-Q2/sales/pipeline"]);
    let c = &d.changed[0];
    assert_eq!(c.from.reference(), "2026-Q1/platform/speed");
    assert_eq!(c.to.reference(), "2026-Q2/platform/performance");
    let ObjectiveMatch::Title(s) = c.matched_by else { panic!("matched by {:?}", c.matched_by) };
    assert!(s >= TITLE_MATCH_THRESHOLD, "{s}");
    assert_eq!(
        fields(&c.fields),
        [("title", "Make every page feel instant".into(), "Make every page feel instant and dependable".into())]
    );
}

#[test]
fn title_similarity_is_a_normalised_word_overlap() {
    assert_eq!(title_similarity("Grow ARR", "grow, ARR!"), 1.0);
    assert_eq!(title_similarity("Grow ARR", "Grow ARR to 2M"), 2.0 * 2.0 / 6.0);
    assert_eq!(title_similarity("a b", "c d"), 0.0);
    assert!(title_similarity("Fill the sales pipeline", "Make every page feel instant") < 0.6);
}

#[test]
fn continuing_metrics_report_the_baseline_against_the_last_current() {
    let q1 = objective(
        "",
        &[
            num_kr("act", "Raise activation", 20.0, 30.0, 27.0),
            kr("tests", "Ship A/B tests", "    layer: input\n    weekly_target: 2\n    current: 14\n"),
        ],
        "Grow",
    );
    // Renamed KR id, same metric; the baseline restarts below Q1's end.
    let q2 = objective(
        "",
        &[
            num_kr("activation", "Raise activation", 24.0, 35.0, 25.0)
                .replace("    baseline", "    metric: act\n    baseline"),
            kr("tests", "Ship A/B tests", "    layer: input\n    weekly_target: 2\n    current: 14\n"),
        ],
        "Grow",
    );
    let ws = workspace(&[("2026-Q1/growth/a.md", &q1), ("2026-Q2/growth/a.md", &q2)]);
    let d = quarters(&ws, q("2026-Q1"), q("2026-Q2"));
    let c = &d.changed[0];
    assert!(c.key_results.added.is_empty() && c.key_results.removed.is_empty());
    // The input metric is identical and exempt from the gap: not listed.
    assert_eq!(c.key_results.changed.len(), 1);
    let k = &c.key_results.changed[0];
    assert_eq!((k.from.id.as_str(), k.to.id.as_str(), k.matched_by), ("act", "activation", KrMatch::Metric));
    let n = k.continues.as_ref().unwrap();
    assert_eq!(n.metric, "act");
    assert_eq!((n.last_current, n.baseline), (Some(27.0), Some(24.0)));
    assert_eq!(n.gap(), Some(-3.0));

    // A gap alone makes a continuing KR a change.
    let same_but_gap = num_kr("act", "Raise activation", 24.0, 30.0, 24.0);
    let q1 = objective("", &[num_kr("act", "Raise activation", 24.0, 30.0, 27.0)], "Grow");
    let ws =
        workspace(&[("2026-Q1/growth/a.md", &q1), ("2026-Q2/growth/a.md", &objective("", &[same_but_gap], "Grow"))]);
    let d = quarters(&ws, q("2026-Q1"), q("2026-Q2"));
    let k = &d.changed[0].key_results.changed[0];
    assert_eq!(fields(&k.fields), [("current", "27".into(), "24".into())]);
    assert_eq!(k.continues.as_ref().unwrap().gap(), Some(-3.0));
}

#[test]
fn identical_carry_over_is_not_listed() {
    let o = objective("", &[num_kr("k", "Hold uptime", 99.0, 99.9, 99.0)], "Stay up");
    let ws = workspace(&[("2026-Q1/ops/up.md", &o), ("2026-Q2/ops/up.md", &o)]);
    let d = quarters(&ws, q("2026-Q1"), q("2026-Q2"));
    assert!(d.is_empty(), "{d:#?}");
    assert_eq!(d.unchanged, 1);
}

fn rev_files() -> (String, String) {
    let before = objective(
        "owner: maya\ntype: outcome\n",
        &[
            num_kr("arr", "Grow ARR from 1.0 MUSD", 0.8, 1.0, 0.9),
            num_kr("nrr", "Keep NRR above 100%", 100.0, 110.0, 104.0),
            num_kr("gone", "Old KR", 0.0, 1.0, 0.0),
        ],
        "Grow revenue",
    );
    let after = objective(
        "owner: li\ntype: outcome\ncommitment: committed\n",
        &[
            num_kr("arr", "Grow ARR from 1.2 MUSD", 0.8, 1.2, 0.95)
                .replace("    current", "    owner: sam\n    direction: increase\n    current"),
            num_kr("nrr", "Keep NRR above 100%", 100.0, 110.0, 104.0),
            kr("ship", "Ship the pricing page", "    done: true\n"),
        ],
        "Grow revenue",
    );
    (before, after)
}

#[test]
fn revisions_report_field_changes() {
    let (before, after) = rev_files();
    let stays = objective("", &[num_kr("k", "Same", 0.0, 1.0, 0.0)], "Untouched");
    let a = workspace(&[
        ("2026-Q1/company/revenue.md", &before),
        ("2026-Q1/company/same.md", &stays),
        ("2026-Q1/company/dropped.md", &stays),
    ]);
    let b = workspace(&[
        ("2026-Q1/company/revenue.md", &after),
        ("2026-Q1/company/same.md", &stays),
        ("2026-Q1/company/new.md", &stays),
    ]);
    let d = revisions("main", "HEAD", &a, &b);
    assert_eq!(d.mode, Mode::Revisions);
    assert_eq!(refs(&d.added), ["2026-Q1/company/new"]);
    assert_eq!(refs(&d.removed), ["2026-Q1/company/dropped"]);
    assert_eq!(d.unchanged, 1);
    assert_eq!(d.changed.len(), 1);
    let c = &d.changed[0];
    assert_eq!(c.matched_by, ObjectiveMatch::Ref);
    assert_eq!(
        fields(&c.fields),
        [("owner", "maya".into(), "li".into()), ("commitment", "aspirational".into(), "committed".into()),]
    );
    assert_eq!(c.key_results.added[0].id, "ship");
    assert_eq!(c.key_results.removed[0].id, "gone");
    // `nrr` is unchanged and not listed.
    assert_eq!(c.key_results.changed.len(), 1);
    let k = &c.key_results.changed[0];
    assert_eq!(k.continues, None);
    assert_eq!(
        fields(&k.fields),
        [
            ("title", "Grow ARR from 1.0 MUSD".into(), "Grow ARR from 1.2 MUSD".into()),
            ("target", "1".into(), "1.2".into()),
            ("current", "0.9".into(), "0.95".into()),
            ("direction", "-".into(), "increase".into()),
            ("owner", "-".into(), "sam".into()),
        ]
    );
}

#[test]
fn every_kr_field_is_compared() {
    let a = objective(
        "parent: company/x\n",
        &[kr(
            "k",
            "T",
            "    layer: input\n    unit: count\n    confidence: 0.5\n    cadence: weekly\n    weekly_target: 2\n    quality_gate: reviewed\n    weight: 1\n    drives: [m]\n",
        ), num_kr("m", "M", 0.0, 1.0, 0.0)],
        "O",
    );
    let b = objective(
        "parent: company/y\nallow: [kr-count]\n",
        &[kr(
            "k",
            "T",
            "    layer: leading\n    metric: other\n    unit: \"%\"\n    confidence: 0.7\n    cadence: monthly\n    weekly_target: 3\n    quality_gate: approved\n    weight: 2\n    done: false\n",
        ), num_kr("m", "M", 0.0, 1.0, 0.0)],
        "O",
    );
    let parent = objective("", &[num_kr("p", "P", 0.0, 1.0, 0.0)], "P");
    let left = workspace(&[("2026-Q1/growth/o.md", &a), ("2026-Q1/company/x.md", &parent)]);
    let right = workspace(&[("2026-Q1/growth/o.md", &b), ("2026-Q1/company/y.md", &parent)]);
    let d = revisions("a", "b", &left, &right);
    let c = d.changed.iter().find(|c| c.from.id == "growth/o").unwrap();
    assert_eq!(
        fields(&c.fields),
        [("parent", "company/x".into(), "company/y".into()), ("allow", "-".into(), "kr-count".into()),]
    );
    let names: Vec<&str> = c.key_results.changed[0].fields.iter().map(|f| f.field).collect();
    assert_eq!(
        names,
        [
            "layer",
            "metric",
            "unit",
            "confidence",
            "cadence",
            "weekly_target",
            "quality_gate",
            "drives",
            "done",
            "weight"
        ]
    );
}

#[test]
fn title_word_diffs() {
    assert_eq!(
        word_diff_plain("Grow ARR from 1.0 MUSD", "Grow ARR from 1.2 MUSD"),
        "Grow ARR from [-1.0-]{+1.2+} MUSD"
    );
    assert_eq!(word_diff_plain("Raise activation", "Raise trial activation"), "Raise {+trial+} activation");
    assert_eq!(
        word_diff_plain("Get new teams to their first meeting", "Get new teams to their first meeting on day one"),
        "Get new teams to their first meeting {+on day one+}"
    );
    assert_eq!(word_diff_plain("Cut churn in half", "Halve churn"), "[-Cut-]{+Halve+} churn [-in half-]");
    assert_eq!(word_diff_plain("Same title", "Same title"), "Same title");
    assert_eq!(
        word_diff("a b", "a c"),
        [(WordTag::Same, "a ".to_string()), (WordTag::Removed, "b".to_string()), (WordTag::Added, "c".to_string()),]
    );
}

#[test]
fn a_diff_with_itself_is_empty() {
    let (before, after) = rev_files();
    let ws = workspace(&[("2026-Q1/company/revenue.md", &before), ("2026-Q2/company/revenue.md", &after)]);
    let d = revisions("HEAD", "HEAD", &ws, &ws);
    assert!(d.is_empty());
    assert_eq!(d.unchanged, 2);
    for quarter in ["2026-Q1", "2026-Q2"] {
        let d = quarters(&ws, q(quarter), q(quarter));
        assert!(d.is_empty(), "{d:#?}");
        assert_eq!(d.unchanged, 1);
    }
}

#[test]
fn later_to_earlier_quarters_have_no_continuation() {
    let (before, after) = rev_files();
    let ws = workspace(&[("2026-Q1/company/revenue.md", &before), ("2026-Q2/company/revenue.md", &after)]);
    let d = quarters(&ws, q("2026-Q2"), q("2026-Q1"));
    assert!(d.changed[0].key_results.changed.iter().all(|k| k.continues.is_none()));
    let d = quarters(&ws, q("2026-Q1"), q("2026-Q2"));
    assert!(d.changed[0].key_results.changed.iter().all(|k| k.continues.is_some()));
}

/// The indexed title matching finds exactly the pairs that comparing every
/// pair finds, with the same scores, on titles drawn from a small
/// vocabulary (so that many pairs are near the threshold).
#[test]
fn similar_titles_agrees_with_comparing_every_pair() {
    let vocabulary = ["grow", "the", "pipeline", "ARR", "retention", "cut", "churn", "Q2", "new", "of", "win", "EMEA"];
    let mut seed = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let mut title = || -> String {
        let n = (next() % 7) as usize;
        (0..n).map(|_| vocabulary[(next() % vocabulary.len() as u64) as usize]).collect::<Vec<_>>().join(" ")
    };
    let left: Vec<String> = (0..150).map(|_| title()).collect();
    let right: Vec<String> = (0..150).map(|_| title()).collect();
    let (l, r): (Vec<&str>, Vec<&str>) =
        (left.iter().map(String::as_str).collect(), right.iter().map(String::as_str).collect());
    let mut indexed = Vec::new();
    similar_titles(&l, &r, |i, j, s| indexed.push((i, j, s)));
    indexed.sort_by_key(|a| (a.0, a.1));
    let mut every = Vec::new();
    for (i, a) in l.iter().enumerate() {
        for (j, b) in r.iter().enumerate() {
            let s = title_similarity(a, b);
            if s >= TITLE_MATCH_THRESHOLD {
                every.push((i, j, s));
            }
        }
    }
    assert!(every.len() > 100, "the sample should have many matching pairs: {}", every.len());
    assert_eq!(indexed, every);
}
