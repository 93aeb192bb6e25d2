//! Property tests (proptest): scoring, `okr set`'s edit and `okr diff`
//! hold their laws over generated inputs, not only over the examples in the
//! unit tests. The case counts are modest so that `cargo test` stays fast;
//! raise them for a deeper run with `PROPTEST_CASES=10000 cargo test --test it
//! properties::`.

use crate::checks;

use okr::core::config::Config;
use okr::core::diagnostic::Pos;
use okr::core::edit;
use okr::core::model::{Direction, KeyResult};
use okr::core::parse;
use okr::core::quarter::Quarter;
use okr::core::score;
use okr::core::workspace::Workspace;
use okr::source::SourceFile;
use okr::views::diff;
use proptest::prelude::*;
use proptest::test_runner::Config as ProptestConfig;

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig { cases, failure_persistence: None, ..ProptestConfig::default() }
}

// ---------------------------------------------------------------- scoring

fn quarter() -> Quarter {
    Quarter::parse("2026-Q1").expect("quarter")
}

fn kr(baseline: Option<f64>, target: f64, current: Option<f64>, direction: Option<Direction>) -> KeyResult {
    let mut kr = KeyResult::empty(Pos::START);
    kr.id = "k".into();
    kr.title = "Raise k".into();
    kr.baseline = baseline;
    kr.target = Some(target);
    kr.current = current;
    kr.direction = direction;
    kr
}

fn score_of(k: &KeyResult, as_of: jiff::civil::Date) -> Option<f64> {
    score::score_kr(k, quarter(), as_of, 1).score
}

/// Finite values over many magnitudes, negative ones and zero included.
fn value() -> BoxedStrategy<f64> {
    prop_oneof![
        4 => (-1000i32..1000).prop_map(f64::from),
        1 => any::<i64>().prop_map(|v| v as f64),
        2 => prop::num::f64::NORMAL,
        1 => Just(0.0),
    ]
    .boxed()
}

fn as_of() -> impl Strategy<Value = jiff::civil::Date> {
    (0i64..120).prop_map(|d| jiff::civil::date(2025, 12, 15) + jiff::Span::new().days(d))
}

proptest! {
    #![proptest_config(config(256))]

    /// Toward the target, a KR's score never goes down, and it stays in
    /// [0, 1] (or is unknown, when the numbers overflow).
    #[test]
    fn score_is_monotonic_toward_the_target_and_bounded(
        baseline in value(), target in value(), a in value(), b in value(),
        declared in prop::option::of(prop_oneof![Just(Direction::Increase), Just(Direction::Decrease)]),
        day in as_of(),
    ) {
        let direction = declared.or(if target > baseline {
            Some(Direction::Increase)
        } else if target < baseline {
            Some(Direction::Decrease)
        } else {
            None
        });
        prop_assume!(match direction {
            Some(Direction::Increase) => target >= baseline,
            Some(Direction::Decrease) => target <= baseline,
            _ => false,
        });
        // `further` is at least as far toward the target as `nearer`.
        let (nearer, further) = match direction {
            Some(Direction::Increase) => (a.min(b), a.max(b)),
            _ => (a.max(b), a.min(b)),
        };
        let s1 = score_of(&kr(Some(baseline), target, Some(nearer), declared), day);
        let s2 = score_of(&kr(Some(baseline), target, Some(further), declared), day);
        for s in [s1, s2].into_iter().flatten() {
            prop_assert!((0.0..=1.0).contains(&s), "score {s} outside [0, 1]");
        }
        if let (Some(s1), Some(s2)) = (s1, s2) {
            prop_assert!(s1 <= s2, "score went down toward the target: {s1} then {s2}");
        }
        // Reaching the target is a full score, the baseline none.
        if let Some(s) = score_of(&kr(Some(baseline), target, Some(target), declared), day) {
            prop_assert_eq!(s, 1.0);
        }
        if target != baseline {
            if let Some(s) = score_of(&kr(Some(baseline), target, Some(baseline), declared), day) {
                prop_assert_eq!(s, 0.0);
            }
        }
    }

    /// Guardrails score 0 or 1, and met is monotonic too.
    #[test]
    fn guardrails_score_zero_or_one(target in value(), a in value(), b in value(), at_least in any::<bool>()) {
        let (direction, nearer, further) = if at_least {
            (Direction::AtLeast, a.min(b), a.max(b))
        } else {
            (Direction::AtMost, a.max(b), a.min(b))
        };
        let day = jiff::civil::date(2026, 2, 15);
        let s1 = score_of(&kr(None, target, Some(nearer), Some(direction)), day).expect("a guardrail scores");
        let s2 = score_of(&kr(None, target, Some(further), Some(direction)), day).expect("a guardrail scores");
        prop_assert!(s1 == 0.0 || s1 == 1.0);
        prop_assert!(s1 <= s2);
    }
}

// ------------------------------------------------------------- okr set

/// How a generated file is laid out.
#[derive(Debug, Clone)]
struct Layout {
    /// Spaces before `- ` of each KR (0, 2 or 4).
    list_indent: usize,
    /// Spaces from `- ` to the KR's fields (2, 3 or 4; `- ` counts 2).
    field_indent: usize,
    crlf: bool,
    bom: bool,
    /// Quote style of ids and titles: 0 plain, 1 single, 2 double.
    quoting: u8,
    comments: bool,
    blank_lines: bool,
}

#[derive(Debug, Clone)]
struct GenKr {
    baseline: i32,
    target: i32,
    /// `None`: no `current` line; `Some(None)`: `current:` with no value
    /// (or `~`); `Some(Some(v))`: a value (as an integer or a decimal).
    current: Option<Option<f64>>,
    null_word: bool,
    order: u8,
}

fn layout() -> impl Strategy<Value = Layout> {
    (
        prop_oneof![Just(0usize), Just(2), Just(4)],
        2usize..5,
        any::<bool>(),
        any::<bool>(),
        0u8..3,
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(list_indent, field_indent, crlf, bom, quoting, comments, blank_lines)| Layout {
            list_indent,
            field_indent,
            crlf,
            bom,
            quoting,
            comments,
            blank_lines,
        })
}

fn gen_kr() -> impl Strategy<Value = GenKr> {
    (
        -500i32..500,
        1i32..500,
        prop::option::of(prop::option::of((-100_000i32..100_000).prop_map(|v| f64::from(v) / 8.0))),
        any::<bool>(),
        0u8..6,
    )
        .prop_map(|(baseline, span, current, null_word, order)| GenKr {
            baseline,
            target: baseline + span,
            current,
            null_word,
            order,
        })
}

fn quote(s: &str, style: u8) -> String {
    match style {
        1 => format!("'{s}'"),
        2 => format!("\"{s}\""),
        _ => s.to_string(),
    }
}

/// A valid objective file with these KRs (ids `kr-0`, `kr-1`, ...).
fn render_file(l: &Layout, krs: &[GenKr]) -> String {
    let nl = if l.crlf { "\r\n" } else { "\n" };
    let comment = |text: &str| if l.comments { format!("  # {text}") } else { String::new() };
    let mut out = String::new();
    if l.bom {
        out.push('\u{feff}');
    }
    out.push_str(&format!("---{nl}owner: maya{}{nl}", comment("the lead")));
    if l.comments {
        out.push_str(&format!("# key results follow{nl}"));
    }
    out.push_str(&format!("key_results:{nl}"));
    let pad = " ".repeat(l.list_indent);
    let field_pad = " ".repeat(l.list_indent + l.field_indent);
    for (i, k) in krs.iter().enumerate() {
        let mut fields = vec![
            format!(
                "title: {}{}",
                quote(&format!("Raise metric {i} from {} to {}", k.baseline, k.target), l.quoting),
                comment("why")
            ),
            format!("baseline: {}", k.baseline),
            format!("target: {}{}", k.target, comment("by quarter end")),
        ];
        match k.current {
            None => {}
            Some(None) => fields.push(format!("current:{}", if k.null_word { " ~" } else { "" })),
            Some(Some(v)) => {
                fields.push(format!("current: {}{}", edit::format_value(v).expect("finite"), comment("this week")))
            }
        }
        let turn = usize::from(k.order) % fields.len();
        fields.rotate_left(turn);
        let dash = format!("{pad}-{}", " ".repeat(l.field_indent - 1));
        out.push_str(&format!("{dash}id: {}{nl}", quote(&format!("kr-{i}"), l.quoting)));
        for f in fields {
            if l.blank_lines {
                out.push_str(nl);
            }
            out.push_str(&format!("{field_pad}{f}{nl}"));
        }
    }
    out.push_str(&format!("---{nl}# Grow the thing{nl}{nl}Body text with current: 3 in it.{nl}"));
    out
}

const FILE: &str = "okrs/2026-Q1/growth/thing.md";
const REL: &str = "2026-Q1/growth/thing.md";

proptest! {
    #![proptest_config(config(256))]

    /// `okr set` on any valid layout succeeds, the file reads back with the
    /// value set, the other KRs keep theirs, and only the value's text
    /// changed (the fuzz target's own check).
    #[test]
    fn set_then_parse_returns_the_value(
        l in layout(),
        krs in prop::collection::vec(gen_kr(), 1..4),
        pick in any::<prop::sample::Index>(),
        v in (-1_000_000i64..1_000_000).prop_map(|v| v as f64 / 100.0),
    ) {
        let file = render_file(&l, &krs);
        let before = parse::parse_file(FILE, REL, file.as_bytes());
        prop_assert!(before.diagnostics.is_empty(), "the generated file is invalid: {:?}\n{file}", before.diagnostics);
        let i = pick.index(krs.len());
        let id = format!("kr-{i}");
        let after = edit::set_current(&file, &id, v);
        let after = match after {
            Ok(a) => a,
            Err(e) => return Err(TestCaseError::fail(format!("set failed: {e}\n{file}"))),
        };
        let parsed = parse::parse_file(FILE, REL, after.as_bytes());
        prop_assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
        let o = parsed.objective.expect("objective");
        let old = before.objective.expect("objective");
        for (j, (a, b)) in old.key_results.iter().zip(&o.key_results).enumerate() {
            if j == i {
                prop_assert_eq!(b.current, Some(v));
            } else {
                prop_assert_eq!(a.current, b.current);
            }
        }
        let text = edit::format_value(v).expect("finite");
        checks::set(&checks::set_input(&id, &text, file.as_bytes()));
    }
}

// ---------------------------------------------------------------- diff

/// A generated objective: its id, title words and KRs (id, target).
#[derive(Debug, Clone)]
struct GenObjective {
    id: usize,
    title: Vec<usize>,
    krs: Vec<(usize, i32)>,
}

const WORDS: &[&str] = &["grow", "activation", "revenue", "churn", "faster", "onboarding", "trust", "mobile"];

fn gen_objective() -> impl Strategy<Value = GenObjective> {
    (0usize..6, prop::collection::vec(0..WORDS.len(), 1..4), prop::collection::btree_map(0usize..6, 1i32..50, 1..4))
        .prop_map(|(id, title, krs)| GenObjective { id, title, krs: krs.into_iter().collect() })
}

/// Objectives with distinct ids.
fn gen_set() -> impl Strategy<Value = Vec<GenObjective>> {
    prop::collection::vec(gen_objective(), 0..5).prop_map(|mut v| {
        v.sort_by_key(|o| o.id);
        v.dedup_by_key(|o| o.id);
        v
    })
}

fn objective_file(quarter: &str, o: &GenObjective) -> SourceFile {
    let mut text = String::from("---\nkey_results:\n");
    for (k, target) in &o.krs {
        text.push_str(&format!(
            "  - id: k{k}\n    title: Move metric {k} to {target}\n    baseline: 0\n    target: {target}\n"
        ));
    }
    let title: Vec<&str> = o.title.iter().map(|&w| WORDS[w]).collect();
    text.push_str(&format!("---\n# {}\n", title.join(" ")));
    let rel = format!("{quarter}/growth/o{}.md", o.id);
    SourceFile { path: format!("okrs/{rel}"), rel, bytes: text.into_bytes() }
}

fn workspace(sets: &[(&str, &[GenObjective])]) -> Workspace {
    let files: Vec<SourceFile> = sets.iter().flat_map(|(q, os)| os.iter().map(move |o| objective_file(q, o))).collect();
    let ws = Workspace::build(&files, &Config::default());
    assert!(ws.diagnostics.is_empty(), "{:?}", ws.diagnostics);
    ws
}

/// The counts of a diff add up: B = A − removed + added, and per changed
/// objective, B's KRs = A's − removed + added.
fn assert_counts(d: &diff::Diff, a_count: usize, b_count: usize) -> Result<(), TestCaseError> {
    let matched = d.changed.len() + d.unchanged;
    prop_assert_eq!(a_count, matched + d.removed.len());
    prop_assert_eq!(b_count, matched + d.added.len());
    prop_assert_eq!(b_count, a_count - d.removed.len() + d.added.len());
    for c in &d.changed {
        let k = &c.key_results;
        let kr_matched = c.from.key_results.len() - k.removed.len();
        prop_assert_eq!(c.to.key_results.len(), kr_matched + k.added.len());
        prop_assert!(k.changed.len() <= kr_matched);
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(256))]

    /// Nothing differs between a state and itself.
    #[test]
    fn diff_of_a_thing_with_itself_is_empty(a in gen_set()) {
        let ws = workspace(&[("2026-Q1", &a)]);
        let d = diff::revisions("HEAD", "HEAD", &ws, &ws);
        prop_assert!(d.is_empty(), "{d:?}");
        prop_assert_eq!(d.unchanged, a.len());
        let q = quarter();
        let d = diff::quarters(&ws, q, q);
        prop_assert!(d.is_empty(), "{d:?}");
        prop_assert_eq!(d.unchanged, a.len());
    }

    /// Counts are consistent between two revisions and between two quarters.
    #[test]
    fn diff_counts_add_up(a in gen_set(), b in gen_set()) {
        let (wa, wb) = (workspace(&[("2026-Q1", &a)]), workspace(&[("2026-Q1", &b)]));
        let d = diff::revisions("main", "HEAD", &wa, &wb);
        assert_counts(&d, a.len(), b.len())?;
        let both = workspace(&[("2026-Q1", &a), ("2026-Q2", &b)]);
        let d = diff::quarters(&both, quarter(), quarter().next());
        assert_counts(&d, a.len(), b.len())?;
    }
}

#[test]
fn generated_layouts_cover_the_edit_paths() {
    // One file per interesting shape, so a generator change cannot quietly
    // stop producing them.
    let l = Layout {
        list_indent: 0,
        field_indent: 2,
        crlf: true,
        bom: true,
        quoting: 2,
        comments: true,
        blank_lines: true,
    };
    let krs = [
        GenKr { baseline: 1, target: 5, current: None, null_word: false, order: 0 },
        GenKr { baseline: 1, target: 5, current: Some(None), null_word: true, order: 1 },
        GenKr { baseline: 1, target: 5, current: Some(Some(2.5)), null_word: false, order: 2 },
    ];
    let file = render_file(&l, &krs);
    assert!(parse::parse_file(FILE, REL, file.as_bytes()).diagnostics.is_empty(), "{file}");
    for i in 0..3 {
        let after = edit::set_current(&file, &format!("kr-{i}"), 4.0).expect("set");
        assert_eq!(
            parse::parse_file(FILE, REL, after.as_bytes()).objective.expect("parses").key_results[i].current,
            Some(4.0)
        );
    }
}
