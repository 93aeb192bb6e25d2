use super::*;
use crate::core::diagnostic::Pos;

const FILE: &str = "---
owner: maya
key_results:
  - id: activation-rate
    title: Raise trial activation rate from 22% to 30%
    unit: \"%\"
    baseline: 22
    target: 30
    current: 24.5
  - id: onboarding-tests
    title: Onboarding tests shipped
    layer: input
    weekly_target: 2
    current: 7   # cumulative count this quarter
    quality_gate: pre-registered hypothesis
  - id: no-current
    title: Something without a value yet
    baseline: 41
    target: 55   # by the end of the quarter
    drives: [activation-rate]
---
# Accelerate product-led growth

Body text: current: 24.5 is not front matter.
";

/// Asserts that `after` differs from `before` only in line `line` (1-based),
/// which now reads `expected`; every other line is byte-identical.
fn only_line_changed(before: &str, after: &str, line: usize, expected: &str) {
    let b: Vec<&str> = before.split_inclusive('\n').collect();
    let a: Vec<&str> = after.split_inclusive('\n').collect();
    assert_eq!(a.len(), b.len(), "line count changed:\n{after}");
    for (i, (x, y)) in b.iter().zip(&a).enumerate() {
        if i + 1 == line {
            assert_eq!(*y, expected, "line {line}");
        } else {
            assert_eq!(x, y, "line {} changed", i + 1);
        }
    }
}

/// Asserts that `after` is `before` with `inserted` added as a new line
/// after line `after_line`; every other line is byte-identical.
fn line_inserted(before: &str, after: &str, after_line: usize, inserted: &str) {
    let mut b: Vec<&str> = before.split_inclusive('\n').collect();
    b.insert(after_line, inserted);
    assert_eq!(after.split_inclusive('\n').collect::<Vec<_>>(), b);
}

#[test]
fn replaces_a_plain_value() {
    let out = set_current(FILE, "activation-rate", 26.0).unwrap();
    only_line_changed(FILE, &out, 9, "    current: 26\n");
}

#[test]
fn keeps_a_trailing_comment() {
    let out = set_current(FILE, "onboarding-tests", 9.0).unwrap();
    only_line_changed(FILE, &out, 14, "    current: 9   # cumulative count this quarter\n");
}

#[test]
fn replaces_quoted_values_with_a_number() {
    for quoted in ["\"24.5\"", "'24.5'", "\"oops\""] {
        let before = FILE.replace("current: 24.5", &format!("current: {quoted}"));
        let out = set_current(&before, "activation-rate", 25.0).unwrap();
        only_line_changed(&before, &out, 9, "    current: 25\n");
    }
}

#[test]
fn fills_an_empty_or_null_value() {
    for (written, expected) in [
        ("current:", "    current: 26\n"),
        ("current:   # to do", "    current: 26   # to do\n"),
        ("current: ~", "    current: 26\n"),
        ("current: null # none yet", "    current: 26 # none yet\n"),
    ] {
        let before = FILE.replace("current: 24.5", written);
        let out = set_current(&before, "activation-rate", 26.0).unwrap();
        only_line_changed(&before, &out, 9, expected);
    }
}

#[test]
fn inserts_after_target_with_its_indentation() {
    let out = set_current(FILE, "no-current", 44.0).unwrap();
    line_inserted(FILE, &out, 19, "    current: 44\n");
}

#[test]
fn inserts_after_baseline_then_id_when_there_is_no_target() {
    let before = FILE.replace("    target: 55   # by the end of the quarter\n", "");
    let out = set_current(&before, "no-current", 44.0).unwrap();
    line_inserted(&before, &out, 18, "    current: 44\n");

    let before = before.replace("    baseline: 41\n", "");
    let out = set_current(&before, "no-current", 44.0).unwrap();
    line_inserted(&before, &out, 16, "    current: 44\n");
}

#[test]
fn inserts_with_other_indentation() {
    let before = "---\nkey_results:\n- id: a\n  title: A\n  target: 3\n---\n# T\n";
    let out = set_current(before, "a", 1.0).unwrap();
    line_inserted(before, &out, 5, "  current: 1\n");
    let before = "---\nkey_results:\n      -   id: a\n          title: A\n          target: 3\n---\n# T\n";
    let out = set_current(before, "a", 1.0).unwrap();
    line_inserted(before, &out, 5, "          current: 1\n");
}

#[test]
fn keeps_crlf_line_endings() {
    let crlf = FILE.replace('\n', "\r\n");
    let out = set_current(&crlf, "activation-rate", 26.0).unwrap();
    only_line_changed(&crlf, &out, 9, "    current: 26\r\n");
    let out = set_current(&crlf, "no-current", 44.0).unwrap();
    line_inserted(&crlf, &out, 19, "    current: 44\r\n");
    assert_eq!(out.matches('\n').count(), out.matches("\r\n").count());
}

#[test]
fn keeps_a_byte_order_mark() {
    let bom = format!("\u{feff}{FILE}");
    let out = set_current(&bom, "activation-rate", 26.0).unwrap();
    assert!(out.starts_with("\u{feff}---\n"));
    only_line_changed(&bom, &out, 9, "    current: 26\n");
    let out = set_current(&bom, "no-current", 44.0).unwrap();
    line_inserted(&bom, &out, 19, "    current: 44\n");
}

#[test]
fn counts_characters_not_bytes_before_the_value() {
    // Multi-byte characters on earlier lines and before the value on its line.
    let before = "---\ntitle: Café ☕ für alle\nkey_results:\n  - {title: \"Ünïcødé ✓ — 日本語\", id: x, current: 5, target: 10}\n  - id: y\n    title: \"élan 🚀\"\n    current: 1 # 🚀 déjà\n    target: 2\n---\n";
    let out = set_current(before, "x", 6.5).unwrap();
    only_line_changed(before, &out, 4, "  - {title: \"Ünïcødé ✓ — 日本語\", id: x, current: 6.5, target: 10}\n");
    let out = set_current(before, "y", 2.0).unwrap();
    only_line_changed(before, &out, 7, "    current: 2 # 🚀 déjà\n");
}

#[test]
fn flow_mappings_are_edited_in_place() {
    let before = "---\nkey_results:\n  - {id: a, title: A, baseline: 1, target: 9, current: 2}\n  - {id: b, title: B, baseline: 1, target: 9}\n  - {id: c, title: C,\n     target: 9}\n---\n# T\n";
    let out = set_current(before, "a", 3.0).unwrap();
    only_line_changed(before, &out, 3, "  - {id: a, title: A, baseline: 1, target: 9, current: 3}\n");
    let out = set_current(before, "b", 4.0).unwrap();
    only_line_changed(before, &out, 4, "  - {id: b, title: B, baseline: 1, target: 9, current: 4}\n");
    let out = set_current(before, "c", 5.0).unwrap();
    only_line_changed(before, &out, 6, "     target: 9, current: 5}\n");
}

#[test]
fn missing_kr_is_an_error_with_a_suggestion() {
    let e = set_current(FILE, "activation-rat", 1.0).unwrap_err();
    assert!(e.contains("no key result `activation-rat`"), "{e}");
    assert!(e.contains("did you mean `activation-rate`?"), "{e}");
    let e = set_current(FILE, "zzz", 1.0).unwrap_err();
    assert!(e.contains("activation-rate, onboarding-tests, no-current"), "{e}");
}

#[test]
fn refuses_what_it_cannot_edit_exactly() {
    let multi = FILE.replace("current: 24.5", "current: |\n      24.5");
    assert!(set_current(&multi, "activation-rate", 1.0).unwrap_err().contains("several lines"));
    let multi = FILE.replace("current: 24.5", "current:\n      24.5\n      25");
    assert!(set_current(&multi, "activation-rate", 1.0).unwrap_err().contains("several lines"));
    let list = FILE.replace("current: 24.5", "current: [1, 2]");
    assert!(set_current(&list, "activation-rate", 1.0).unwrap_err().contains("holds a list"));
    let dup = FILE.replace("id: no-current", "id: activation-rate");
    assert!(set_current(&dup, "activation-rate", 1.0).unwrap_err().contains("more than once"));
    let broken = FILE.replace("owner: maya", "owner: [maya");
    assert!(set_current(&broken, "activation-rate", 1.0).unwrap_err().contains("invalid YAML"));
    assert!(set_current("# no front matter\n", "a", 1.0).unwrap_err().contains("no front matter"));
}

#[test]
fn keeps_anchors_and_tags() {
    for written in ["&v 24.5", "!!float 24.5", "&v !!float 24.5"] {
        let before = FILE.replace("current: 24.5", &format!("current: {written}"));
        let out = set_current(&before, "activation-rate", 26.0).unwrap();
        let expected = format!("    current: {}\n", written.replace("24.5", "26"));
        only_line_changed(&before, &out, 9, &expected);
    }
}

#[test]
fn the_check_catches_edits_that_would_change_more() {
    // An anchored value used by another KR: editing it would change both.
    // Refused before the check, with both places named.
    let before = FILE.replace("current: 24.5", "current: &v 24.5").replace("current: 7   #", "current: *v   #");
    let e = set_current_at(&before, "activation-rate", 26.0).unwrap_err();
    assert_eq!(e.pos, Some(Pos::new(9, 14)), "{e}");
    assert!(e.message.contains("alias at line 14, column 14"), "{e}");
    // An unknown field reading it is a copy too (the model would not see it).
    let before = FILE.replace("current: 24.5", "current: &v 24.5\n    note: *v");
    let e = set_current_at(&before, "activation-rate", 26.0).unwrap_err();
    assert!(e.message.contains("alias at line 10, column 11"), "{e}");
    // So is an alias of the whole KR.
    let before = FILE
        .replace("  - id: activation-rate", "  - &kr\n    id: activation-rate")
        .replace("owner: maya", "owner: maya\ncopy: *kr");
    assert!(set_current(&before, "activation-rate", 26.0).is_err());
    // A KR that cannot be read is not edited.
    let untitled = FILE.replace("    title: Something without a value yet\n", "");
    let e = set_current(&untitled, "no-current", 1.0).unwrap_err();
    assert!(e.contains("has errors"), "{e}");
}

#[test]
fn the_body_is_never_touched() {
    let out = set_current(FILE, "activation-rate", 1.0).unwrap();
    assert!(out.ends_with("Body text: current: 24.5 is not front matter.\n"));
}

#[test]
fn values_are_formatted_minimally() {
    for (v, s) in [
        (7.0, "7"),
        (24.5, "24.5"),
        (-0.25, "-0.25"),
        (-0.0, "0"),
        (0.1 + 0.2, "0.30000000000000004"),
        (1e21, "1000000000000000000000"),
        (1e-7, "0.0000001"),
    ] {
        assert_eq!(format_value(v).unwrap(), s);
        assert_eq!(parse_value(s).unwrap(), v);
    }
    assert!(format_value(f64::NAN).is_err());
    assert!(format_value(f64::INFINITY).is_err());
    assert!(set_current(FILE, "activation-rate", f64::NAN).is_err());
}

#[test]
fn values_are_read_like_the_files() {
    assert_eq!(parse_value("26").unwrap(), 26.0);
    assert_eq!(parse_value("+3").unwrap(), 3.0);
    assert_eq!(parse_value(".5").unwrap(), 0.5);
    let e = parse_value("30%").unwrap_err();
    assert!(e.contains("write `30`") && e.contains("unit"), "{e}");
    let e = parse_value("1,000").unwrap_err();
    assert!(e.contains("without thousands separators"), "{e}");
    assert!(parse_value(".inf").unwrap_err().contains("finite"));
    assert!(parse_value("NaN").is_err());
    assert!(parse_value("abc").is_err());
}

#[test]
fn an_alias_is_replaced_by_the_number_and_the_anchor_stays() {
    for (alias, anchored) in [("*base", "baseline: &base 22"), ("*b", "baseline: &b 22")] {
        let before = FILE.replace("current: 24.5", &format!("current: {alias}")).replace("baseline: 22", anchored);
        let out = set_current(&before, "activation-rate", 26.0).unwrap();
        only_line_changed(&before, &out, 9, "    current: 26\n");
    }
    // In a flow mapping, and with a comment after it.
    let flow = "---\nowner: m\nkey_results:\n  - {id: a, title: Raise weekly active teams from 10 to 20, baseline: &s 10, target: 20, current: *s}\n---\n# G\n";
    let out = set_current(flow, "a", 15.0).unwrap();
    assert_eq!(out, flow.replace("current: *s}", "current: 15}"));
    let commented =
        FILE.replace("current: 24.5", "current: *b # same as baseline").replace("baseline: 22", "baseline: &b 22");
    let out = set_current(&commented, "activation-rate", 26.0).unwrap();
    only_line_changed(&commented, &out, 9, "    current: 26 # same as baseline\n");
}

#[test]
fn tags_that_the_number_would_not_fit_are_refused_at_their_place() {
    let int = FILE.replace("current: 24.5", "current: !!int 24");
    let out = set_current(&int, "activation-rate", 26.0).unwrap();
    only_line_changed(&int, &out, 9, "    current: !!int 26\n");
    let e = set_current_at(&int, "activation-rate", 26.5).unwrap_err();
    assert_eq!(e.pos, Some(Pos::new(9, 14)), "{e}");
    assert!(e.message.contains("`!!int`") && e.message.contains("26.5"), "{e}");
    let e =
        set_current_at(&FILE.replace("current: 24.5", "current: &x !!str 24"), "activation-rate", 26.0).unwrap_err();
    assert!(e.message.contains("`!!str`"), "{e}");
    // In a flow mapping too; `!!float` fits any number.
    let flow = "---\nowner: m\nkey_results:\n  - {id: a, title: Raise weekly active teams from 10 to 20, baseline: 10, target: 20, current: &a !!float 3}\n---\n# G\n";
    assert_eq!(set_current(flow, "a", 15.5).unwrap(), flow.replace("!!float 3}", "!!float 15.5}"));
}
