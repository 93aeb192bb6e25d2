use super::*;
use crate::core::diagnostic::Diagnostic;

const FILE: &str = "okrs/2026-Q1/growth/activation.md";
const REL: &str = "2026-Q1/growth/activation.md";

fn parse(text: &str) -> Parsed {
    parse_file(FILE, REL, text.as_bytes())
}

/// `(rule, "line:col")` of every finding.
fn found(p: &Parsed) -> Vec<(&'static str, String)> {
    p.diagnostics.iter().map(|d: &Diagnostic| (d.rule, d.pos.map(|p| p.to_string()).unwrap_or_default())).collect()
}

fn message(p: &Parsed, i: usize) -> (&str, Option<&str>) {
    (&p.diagnostics[i].message, p.diagnostics[i].hint.as_deref())
}

const GOOD: &str = "---
owner: maya
parent: \"company/revenue#new-mrr\"
key_results:
  - id: activation-rate
    title: Raise trial activation rate from 22% to 30%
    unit: \"%\"
    baseline: 22
    target: 30
    current: 24.5
  - id: onboarding-tests
    title: Onboarding tests shipped with a pre-registered hypothesis
    layer: input
    owner: sarah
    cadence: weekly
    weekly_target: 2
    current: 7
    quality_gate: pre-registered hypothesis
    drives: [activation-rate]
---
# Accelerate product-led growth

Body text.
";

#[test]
fn a_valid_file_parses_into_the_model() {
    let p = parse(GOOD);
    assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
    let o = p.objective.unwrap();
    assert_eq!(o.reference(), "2026-Q1/growth/activation");
    assert_eq!(o.team, "growth");
    assert_eq!(o.title, "Accelerate product-led growth");
    assert_eq!(o.title_pos, Pos::new(21, 3));
    assert_eq!(o.owner.as_deref(), Some("maya"));
    assert_eq!(o.parent.as_ref().unwrap().value, "company/revenue#new-mrr");
    assert_eq!(o.key_results.len(), 2);
    let kr = &o.key_results[0];
    assert_eq!((kr.baseline, kr.target, kr.current), (Some(22.0), Some(30.0), Some(24.5)));
    assert_eq!(kr.metric, "activation-rate");
    assert_eq!(kr.pos, Pos::new(5, 5));
    assert_eq!(kr.field_pos("target"), Pos::new(9, 5));
    let input = &o.key_results[1];
    assert_eq!(input.layer, Layer::Input);
    assert_eq!(input.cadence, Some(Cadence::Weekly));
    assert_eq!(input.drives[0].value, "activation-rate");
    assert_eq!(input.drives[0].pos, Pos::new(19, 14));
    assert!(o.body.contains("Body text."));
}

#[test]
fn title_field_wins_over_heading() {
    let p = parse(&GOOD.replace("owner: maya\n", "owner: maya\ntitle: From the field\n"));
    assert_eq!(p.objective.unwrap().title, "From the field");
}

#[test]
fn every_problem_in_a_file_is_reported_not_just_the_first() {
    let text = "---
owner: maya
colour: blue
key_results:
  - id: a
    title: Raise A from 1 to 2
    baseline: 1
    target: 30%
    tagret: 2
  - id: Bad Id
    title: Something
    confidence: 1.5
    weight: 0
    layer: outptu
---
# Title
";
    let p = parse(text);
    assert_eq!(
        found(&p),
        vec![
            ("invalid-front-matter", "3:1".into()),
            ("invalid-front-matter", "8:13".into()),
            ("invalid-front-matter", "9:5".into()),
            ("invalid-id", "10:9".into()),
            ("invalid-front-matter", "12:17".into()),
            ("invalid-front-matter", "13:13".into()),
            ("invalid-front-matter", "14:12".into()),
        ]
    );
    assert_eq!(message(&p, 0).0, "unknown field `colour` in an objective");
    assert_eq!(
        message(&p, 1),
        ("`target` must be a number, found `30%`", Some("write `30` and put the unit in `unit: \"%\"`"))
    );
    assert_eq!(message(&p, 2), ("unknown field `tagret` in a key result", Some("did you mean `target`?")));
    assert_eq!(message(&p, 6).1, Some("did you mean `output`?"));
    // The objective is still returned with what could be read.
    assert_eq!(p.objective.unwrap().key_results.len(), 2);
}

#[test]
fn numbers_that_are_not_plain_numbers() {
    let cases = [
        ("target: $1.2M", "write a plain number and put the unit in `unit:`, e.g. `1.2` with `unit: MUSD`"),
        ("target: 1,000", "write `1000` without thousands separators"),
        ("target: \"30\"", "remove the quotes"),
        ("target: 1e400", "write an ordinary number such as 1200 or 0.35"),
        ("target: .nan", "write an ordinary number such as 1200 or 0.35"),
        ("target: [1, 2]", ""),
    ];
    for (line, hint) in cases {
        let text = format!("---\nkey_results:\n  - id: a\n    title: T\n    baseline: 1\n    {line}\n---\n# T\n");
        let p = parse(&text);
        assert_eq!(found(&p), vec![("invalid-front-matter", "6:13".to_string())], "{line}");
        assert_eq!(p.diagnostics[0].hint.as_deref().unwrap_or(""), hint, "{line}");
    }
}

#[test]
fn ints_floats_and_negative_zero() {
    let p = parse("---\nkey_results:\n  - id: a\n    title: T\n    baseline: -0\n    target: 0x10\n    current: 2.5e1\n---\n# T\n");
    assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
    let kr = &p.objective.unwrap().key_results[0];
    assert!(kr.baseline.unwrap().is_sign_positive());
    assert_eq!((kr.target, kr.current), (Some(16.0), Some(25.0)));
}

#[test]
fn missing_fields() {
    let p = parse("---\nowner: maya\n---\nNo heading here.\n");
    assert_eq!(found(&p), vec![("missing-field", "1:1".into()), ("missing-field", "1:1".into())]);
    assert_eq!(message(&p, 0).0, "the objective has no title");
    assert_eq!(message(&p, 1).0, "the objective has no `key_results`");

    let p = parse("---\nkey_results:\n  - title: No id\n  - id: no-title\n---\n# T\n");
    assert_eq!(found(&p), vec![("missing-field", "3:5".into()), ("missing-field", "4:5".into())]);
    assert_eq!(p.objective.unwrap().key_results.len(), 0);

    let p = parse("---\nkey_results: []\n---\n# T\n");
    assert_eq!(found(&p), vec![("missing-field", "2:14".into())]);

    let p = parse("---\nkey_results:\n  - id: up\n    title: Uptime\n    baseline: 99.9\n    target: 99.9\n---\n# T\n");
    assert_eq!(found(&p), vec![("missing-field", "6:5".into())]);
    assert!(p.diagnostics[0].hint.as_deref().unwrap().contains("at_least"));
}

#[test]
fn duplicate_keys_and_kr_ids() {
    let p =
        parse("---\nowner: a\nowner: b\nkey_results:\n  - id: x\n    title: T\n  - id: x\n    title: U\n---\n# T\n");
    assert_eq!(found(&p), vec![("invalid-front-matter", "3:1".into()), ("duplicate-id", "7:5".into())]);
    assert_eq!(
        p.diagnostics[1].related.iter().map(|r| r.to_string()).collect::<Vec<_>>(),
        vec!["2026-Q1/growth/activation#x".to_string()]
    );
    assert_eq!(p.objective.unwrap().key_results.len(), 1);
}

#[test]
fn unquoted_hash_in_a_ref_gives_an_empty_entry_with_a_hint() {
    let p = parse("---\nparent: company/revenue #new-mrr\nkey_results:\n  - id: x\n    title: T\n    drives:\n      - #other\n---\n# T\n");
    // `parent: company/revenue #new-mrr` is just `company/revenue` to YAML: fine here.
    assert_eq!(p.objective.as_ref().unwrap().parent.as_ref().unwrap().value, "company/revenue");
    assert_eq!(found(&p), vec![("invalid-front-matter", "7:15".into())]);
    assert!(p.diagnostics[0].hint.as_deref().unwrap().contains("quote refs"));

    let p = parse("---\nparent: #company/revenue\nkey_results:\n  - id: x\n    title: T\n---\n# T\n");
    assert_eq!(found(&p), vec![("unknown-ref", "2:1".into())]);
}

#[test]
fn front_matter_shapes() {
    let cases: &[(&str, &str, &str)] = &[
        ("", "1:1", "the file is empty"),
        ("   \n\n", "1:1", "the file is empty"),
        ("# Title only\n", "1:1", "the file has no front matter"),
        ("---\nkey_results: []\n", "1:1", "the front matter is not closed"),
        ("---\n---\n# T\n", "1:1", "the front matter is empty"),
        ("---\n- a\n- b\n---\n# T\n", "2:1", "the front matter must be a mapping of fields, found a list"),
        ("---\nkey_results: [\n---\n# T\n", "3:1", "invalid YAML"),
        ("---\ntitle: a: b\nkey_results: []\n---\n", "2:9", "invalid YAML"),
    ];
    for (text, pos, msg) in cases {
        let p = parse(text);
        assert_eq!(p.diagnostics.len(), 1, "{text:?}: {:?}", p.diagnostics);
        assert_eq!(p.diagnostics[0].rule, "invalid-front-matter", "{text:?}");
        assert_eq!(p.diagnostics[0].pos.unwrap().to_string(), *pos, "{text:?}: {}", p.diagnostics[0].message);
        assert!(p.diagnostics[0].message.starts_with(msg), "{text:?}: {}", p.diagnostics[0].message);
    }
}

#[test]
fn front_matter_only_at_the_start() {
    // A `---` block further down is Markdown, not front matter.
    let p = parse("# Title\n\n---\nkey_results: []\n---\n");
    assert!(p.diagnostics[0].message.contains("no front matter"));
}

#[test]
fn bom_and_crlf_keep_positions_right() {
    let text = "\u{feff}---\r\nkey_results:\r\n  - id: a\r\n    title: T\r\n    target: 30%\r\n---\r\n# Title\r\n";
    let p = parse(text);
    assert_eq!(found(&p), vec![("invalid-front-matter", "5:13".into())]);
    assert_eq!(p.objective.unwrap().title, "Title");
}

#[test]
fn tabs_in_indentation_are_a_positioned_error() {
    let p = parse("---\nkey_results:\n\t- id: a\n---\n# T\n");
    assert_eq!(p.diagnostics[0].rule, "invalid-front-matter");
    assert_eq!(p.diagnostics[0].pos.unwrap().line, 3);
}

#[test]
fn non_utf8_is_reported_where_it_starts() {
    let mut bytes = b"---\nowner: ma".to_vec();
    bytes.push(0xff);
    let p = parse_file(FILE, REL, &bytes);
    assert_eq!(found(&p), vec![("invalid-front-matter", "2:10".into())]);
}

#[test]
fn columns_count_characters() {
    let p = parse("---\nowner: Zoë\nkey_results:\n  - id: a\n    title: Über-Ziel ärger\n    target: 1, 2\n---\n# T\n");
    assert_eq!(found(&p), vec![("invalid-front-matter", "6:13".into())]);
    let p = parse("---\ntitle: Zoë\n  colour: x\nkey_results: []\n---\n");
    assert_eq!(p.diagnostics[0].rule, "invalid-front-matter");
}

#[test]
fn enum_values_and_types() {
    let p = parse("---\ntype: outcomes\ncommitment: maybe\nkey_results:\n  - id: a\n    title: T\n    direction: up\n    cadence: weekly\n    done: yes\n---\n# T\n");
    assert_eq!(
        found(&p),
        vec![
            ("invalid-front-matter", "2:7".into()),
            ("invalid-front-matter", "3:13".into()),
            ("invalid-front-matter", "7:16".into()),
            ("invalid-front-matter", "9:11".into()),
        ]
    );
    assert_eq!(message(&p, 0).1, Some("did you mean `outcome`?"));
    assert_eq!(message(&p, 1).1, Some("use one of: aspirational, committed"));
    assert_eq!(message(&p, 3).0, "`done` must be true or false, found `yes`");
}

#[test]
fn direction_must_agree_with_baseline_and_target() {
    let p = parse("---\nkey_results:\n  - id: a\n    title: T\n    baseline: 10\n    target: 5\n    direction: increase\n---\n# T\n");
    assert_eq!(found(&p), vec![("invalid-front-matter", "7:5".into())]);
}

#[test]
fn quarter_field_and_folder() {
    let p = parse("---\nquarter: 2026-Q2\nkey_results:\n  - id: a\n    title: T\n---\n# T\n");
    assert_eq!(found(&p), vec![("quarter-mismatch", "2:10".into())]);
    let p = parse("---\nquarter: 2026-Q1\nkey_results:\n  - id: a\n    title: T\n---\n# T\n");
    assert!(p.diagnostics.is_empty());

    let p = parse_file("okrs/2026-Q5/a.md", "2026-Q5/a.md", GOOD.as_bytes());
    assert_eq!(found(&p), vec![("quarter-mismatch", "1:1".into())]);
    assert!(p.objective.is_none());
    let p = parse_file("okrs/a.md", "a.md", GOOD.as_bytes());
    assert!(p.diagnostics[0].message.contains("quarter folder"));
}

#[test]
fn objective_ids_from_paths() {
    let p = parse_file("okrs/2026-Q1/Growth/My File.md", "2026-Q1/Growth/My File.md", GOOD.as_bytes());
    assert_eq!(found(&p), vec![("invalid-id", "1:1".into()), ("invalid-id", "1:1".into())]);
    let p = parse_file("okrs/2026-Q1/revenue.md", "2026-Q1/revenue.md", GOOD.as_bytes());
    let o = p.objective.unwrap();
    assert_eq!(o.id, "revenue");
    assert_eq!(o.team, "", "the workspace fills in the company team");
    assert_eq!(locate("2026-Q1/growth/a.MD").unwrap().1, "growth/a");
}

#[test]
fn allow_lists_known_quality_rules_only() {
    let p = parse("---\nallow: [output-kr, outptu-kr, unknown-ref]\nkey_results:\n  - id: a\n    title: T\n---\n# T\n");
    assert_eq!(found(&p), vec![("invalid-front-matter", "2:20".into()), ("invalid-front-matter", "2:31".into())]);
    assert_eq!(message(&p, 0).1, Some("did you mean `output-kr`?"));
    assert!(message(&p, 1).0.contains("data rule"));
    assert_eq!(p.objective.unwrap().allow, vec!["output-kr".to_string()]);
}

#[test]
fn hostile_yaml_is_bounded() {
    let mut bomb = String::from("---\na: &a [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..10u8 {
        let (p, c) = ((b'a' + i - 1) as char, (b'a' + i) as char);
        bomb.push_str(&format!("{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"));
    }
    bomb.push_str("---\n# T\n");
    let p = parse(&bomb);
    assert_eq!(p.diagnostics.len(), 1);
    assert!(p.diagnostics[0].message.contains("aliases"));

    let deep = format!("---\nkey_results: {}{}\n---\n# T\n", "[".repeat(10_000), "]".repeat(10_000));
    let p = parse(&deep);
    assert!(p.diagnostics[0].message.contains("nested"), "{}", p.diagnostics[0].message);
}

#[test]
fn headings_inside_code_blocks_are_not_titles() {
    let p = parse("---\nkey_results:\n  - id: a\n    title: T\n---\n```\n# not a title\n```\n\n# Real *title*\n");
    let o = p.objective.unwrap();
    assert_eq!(o.title, "Real title");
    assert_eq!(o.title_pos, Pos::new(10, 3));
}

#[test]
fn a_lone_carriage_return_in_the_front_matter_is_an_error_at_its_place() {
    // Found by the `parse` fuzz target: the YAML parser counted a lone CR as
    // a line break, so the error it reported pointed past the file's lines.
    let text = GOOD.replace("    unit: \"%\"\n", "    unit: \"%\"\r");
    let p = parse(&text);
    assert_eq!(found(&p), [("invalid-front-matter", "7:14".to_string())]);
    assert!(p.objective.is_none());
    // In the body it is only text.
    let p = parse(&format!("{GOOD}Some\rtext\n"));
    assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
}

#[test]
fn yaml_errors_get_a_hint_that_fits() {
    let hint = |text: &str| parse(text).diagnostics[0].hint.clone();
    let tab = GOOD.replace("owner: maya", "owner:\tmaya");
    assert_eq!(hint(&tab).as_deref(), Some("write a space after the `:`; a tab there is not accepted"));
    let bel = GOOD.replace("owner: maya", "owner: ma\u{7}ya");
    assert_eq!(hint(&bel), None, "the message says it all");
    let quote = GOOD.replace("owner: maya", "owner: \"maya");
    assert!(hint(&quote).is_some_and(|h| h.starts_with("quote values")));
}

/// Git conflict markers get their own message at the marker's line, not a
/// YAML hint about quoting.
#[test]
fn conflict_markers_are_an_unresolved_merge_conflict() {
    let text = "---\nowner: maya\nkey_results:\n  - id: rate\n    title: Raise rate from 1 to 2\n<<<<<<< HEAD\n    target: 2\n=======\n    target: 3\n>>>>>>> feature\n---\n# A\n";
    let p = parse(text);
    assert_eq!(found(&p), vec![("invalid-front-matter", "6:1".to_string())]);
    let (msg, hint) = message(&p, 0);
    assert!(msg.starts_with("unresolved merge conflict"), "{msg}");
    assert!(hint.is_some_and(|h| h.contains("<<<<<<<")), "{hint:?}");
    assert!(p.objective.is_none());
    // A setext heading underline alone is Markdown, not a conflict.
    let setext = GOOD.replace("# Accelerate product-led growth", "Accelerate product-led growth\n=======");
    assert!(parse(&setext).diagnostics.iter().all(|d| !d.message.contains("merge conflict")));
}

#[test]
fn a_conflict_in_the_body_is_reported_and_the_fields_still_read() {
    let text = format!("{GOOD}\n<<<<<<< HEAD\nnotes\n=======\nother notes\n>>>>>>> feature\n");
    let p = parse(&text);
    assert!(p.diagnostics.iter().any(|d| d.message.starts_with("unresolved merge conflict")), "{:?}", p.diagnostics);
    assert!(p.objective.is_some());
}
