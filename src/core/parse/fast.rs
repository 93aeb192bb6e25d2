//! A line scanner for the common shape of front matter, used by the history
//! engine to read KR values of thousands of file versions quickly.
//!
//! It understands only a strict subset of YAML: `key: value` lines at the
//! top level, and `key_results:` as a block list of block mappings whose
//! tracked fields (`id`, `current`, `target`, `baseline`, `confidence`,
//! `done`, `layer`) are
//! single-line plain or simply quoted scalars. Anything else (tabs, a CR
//! not followed by LF, control characters, anchors, aliases, tags, flow collections or block
//! scalars in tracked fields, odd indentation) makes it give up (`None`), and the caller falls back to the
//! full YAML parser. A test compares both on every file the project ships
//! and on mutated variants.

use crate::core::model::{KrValues, Layer, Values};
use crate::core::yaml;

// Long: one loop over the lines whose state (list, indent, what to skip) every branch reads and changes; split, each piece would take all of it.
/// `Some(Some(values))`: read; `Some(None)`: readable but a tracked number is
/// not a number (the version is skipped, as with the full parser); `None`:
/// outside the subset, use the full parser.
pub fn scan(src: &str) -> Option<Option<KrValues>> {
    /// Where the scanner is: at the top level, in the KR list (its indent,
    /// once known), or past it.
    const UNKNOWN: usize = usize::MAX;
    let mut in_list = false;
    let mut list_indent = UNKNOWN;
    let mut seen_krs = false;
    let mut items: Vec<Item<'_>> = Vec::new();
    // The keys of the current item so far (the full parser keeps the first of
    // a repeated key).
    let mut seen: Vec<&str> = Vec::new();
    // Lines deeper than this indent belong to the previous key, and are
    // skipped if they are what that key's value may hold.
    let mut skip: Option<(usize, Skip)> = None;
    // YAML refuses unprintable characters anywhere in the stream.
    if src.chars().any(|c| {
        (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{feff}' | '\u{fffe}' | '\u{ffff}')
    }) {
        return None;
    }
    for raw in src.split('\n') {
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if line.contains('\r') {
            // YAML breaks lines at a lone CR too.
            return None;
        }
        if line.contains('\t') {
            // Tabs: indentation YAML refuses, separators the scanner does not split at.
            return None;
        }
        let content = line.trim_start_matches(' ');
        let indent = line.len() - content.len();
        if content.trim().is_empty() || content.starts_with('#') {
            continue;
        }
        if let Some((d, kind)) = &mut skip {
            if indent > *d {
                match kind {
                    Skip::Text => {}
                    // Only a block list of simple values, all at one indent.
                    Skip::List(list) => {
                        let item = content.strip_prefix("- ")?;
                        if *list.get_or_insert(indent) != indent
                            || !matches!(untracked(strip_comment(item))?, Field::Done)
                            || item.trim_start() != item
                        {
                            return None;
                        }
                    }
                }
                continue;
            }
            skip = None;
        }
        if in_list {
            if list_indent == UNKNOWN {
                if !content.starts_with("- ") {
                    // `key_results:` with no list under it: let the full parser decide.
                    return None;
                }
                list_indent = indent;
            }
            let item_indent = list_indent + 2;
            if indent == list_indent && content.starts_with("- ") {
                let rest = &content[2..];
                if rest.trim_start() != rest {
                    return None;
                }
                items.push(Item::default());
                seen.clear();
                skip = field(rest, items.last_mut()?, &mut seen)?.skip(item_indent);
                continue;
            }
            if indent == item_indent && !items.is_empty() {
                skip = field(content, items.last_mut()?, &mut seen)?.skip(item_indent);
                continue;
            }
            if indent != 0 || content.starts_with('-') {
                return None;
            }
            in_list = false;
        }
        // A top-level line: `key: value` (deeper lines belong to it).
        if indent != 0 {
            return None;
        }
        let (key, value) = split_key(content)?;
        if key == "key_results" {
            if seen_krs || !strip_comment(value).is_empty() {
                return None;
            }
            seen_krs = true;
            in_list = true;
            continue;
        }
        // Only a key with nothing after it (a nested block or a block
        // scalar) owns the deeper lines that follow; after an inline value
        // they would continue a multi-line plain scalar: declined below.
        skip = untracked(strip_comment(value))?.skip(0);
    }
    if !seen_krs || list_indent == UNKNOWN {
        return None;
    }
    let mut out: KrValues = Vec::with_capacity(items.len());
    for item in items {
        let Some(id) = item.id else { continue };
        if item.bad_number {
            return Some(None);
        }
        if out.iter().any(|(seen, ..)| *seen == id) {
            continue;
        }
        let layer = item.layer.and_then(Layer::parse).unwrap_or(Layer::Output);
        let values = Values {
            current: item.current,
            target: item.target,
            baseline: item.baseline,
            confidence: item.confidence,
            done: item.done,
        };
        out.push((id.to_string(), values, layer));
    }
    Some(Some(out))
}

#[derive(Default)]
struct Item<'a> {
    id: Option<&'a str>,
    layer: Option<&'a str>,
    current: Option<f64>,
    target: Option<f64>,
    baseline: Option<f64>,
    /// Read when it is a number, else unset (it never skips the version).
    confidence: Option<f64>,
    /// Read when it is a YAML boolean, else unset.
    done: Option<bool>,
    bad_number: bool,
}

/// Whether `text` contains `pat` (two bytes); a plain byte search, cheaper
/// than `str::contains` for the short strings scanned here.
fn has_pair(text: &str, pat: [u8; 2]) -> bool {
    find_pair(text, pat).is_some()
}

/// Byte index of the first `pat` (two bytes) in `text`.
fn find_pair(text: &str, pat: [u8; 2]) -> Option<usize> {
    text.as_bytes().windows(2).position(|w| w == pat)
}

enum Field {
    Done,
    /// A block scalar (`|`, `>`): the deeper lines are its text.
    Text,
    /// Nothing on the key's line: the deeper lines hold its value.
    Block,
}

/// What the deeper lines after a key may be.
enum Skip {
    Text,
    /// Block list items; the indent once seen.
    List(Option<usize>),
}

impl Field {
    /// How to treat the lines deeper than `indent` that follow.
    fn skip(self, indent: usize) -> Option<(usize, Skip)> {
        match self {
            Field::Done => None,
            Field::Text => Some((indent, Skip::Text)),
            Field::Block => Some((indent, Skip::List(None))),
        }
    }
}

/// An untracked value: skipped, but it must be one the full parser accepts.
fn untracked(value: &str) -> Option<Field> {
    if value.is_empty() {
        return Some(Field::Block);
    }
    if let Some(header) = value.strip_prefix(['|', '>']) {
        // A block scalar header with at most a chomping indicator. An
        // indentation indicator (`>5`) fixes where the text starts, so a
        // shallower line after it is an error, not text: left to the parser.
        let valid = header.is_empty() || header == "+" || header == "-";
        return valid.then_some(Field::Text);
    }
    if let Some(inner) = value.strip_prefix('[') {
        // A flow list of plain words: no nesting, quoting or comments, and
        // no item that is empty or starts with an indicator.
        let simple = inner.strip_suffix(']').is_some_and(|i| {
            !i.contains(['[', ']', '{', '}', '"', '\'', ':', '#'])
                && (i.trim().is_empty()
                    || i.split(',').map(str::trim).all(|item| !item.is_empty() && plain_start(item)))
        });
        return simple.then_some(Field::Done);
    }
    if let Some(inner) = value.strip_prefix('"') {
        let closed = inner.strip_suffix('"').is_some_and(|i| !i.contains(['"', '\\']));
        return closed.then_some(Field::Done);
    }
    if let Some(inner) = value.strip_prefix('\'') {
        let closed = inner.strip_suffix('\'').is_some_and(|i| !i.replace("''", "").contains('\''));
        return closed.then_some(Field::Done);
    }
    let plain_ok = plain_start(value) && !has_pair(value, *b": ") && !value.ends_with(':');
    plain_ok.then_some(Field::Done)
}

/// Whether a plain scalar may start like this (no indicator character).
/// `-`, `?` and `:` may start one when a character that is neither a space
/// nor a flow indicator follows (`-3`).
fn plain_start(value: &str) -> bool {
    let mut chars = value.chars();
    match chars.next() {
        None => true,
        Some('-' | '?' | ':') => {
            chars.next().is_some_and(|c| !c.is_whitespace() && !matches!(c, ',' | '[' | ']' | '{' | '}'))
        }
        Some(c) => {
            !matches!(c, ',' | '[' | ']' | '{' | '}' | '#' | '&' | '*' | '!' | '|' | '>' | '\'' | '"' | '%' | '@' | '`')
        }
    }
}

fn split_key(content: &str) -> Option<(&str, &str)> {
    let colon = content.find(':')?;
    let key = &content[..colon];
    let rest = &content[colon + 1..];
    let valid_key = !key.is_empty()
        && key.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if !valid_key || !(rest.is_empty() || rest.starts_with(' ')) {
        return None;
    }
    Some((key, rest))
}

/// The value without a trailing ` # comment`, trimmed.
fn strip_comment(value: &str) -> &str {
    let v = value.trim();
    if v.starts_with('#') {
        return "";
    }
    match find_pair(v, *b" #") {
        Some(i) => v[..i].trim_end(),
        None => v,
    }
}

fn field<'a>(content: &'a str, item: &mut Item<'a>, seen: &mut Vec<&'a str>) -> Option<Field> {
    let (key, raw) = split_key(content)?;
    let tracked = matches!(key, "id" | "layer" | "current" | "target" | "baseline" | "confidence" | "done");
    let first = seen.iter().all(|k| *k != key);
    seen.push(key);
    let value = strip_comment(raw);
    if !tracked {
        return untracked(value);
    }
    if has_pair(value, *b": ") || value.ends_with(':') {
        return None;
    }
    let (text, quoted) = if let Some(inner) = value.strip_prefix('"') {
        let inner = inner.strip_suffix('"')?;
        if inner.contains(['\\', '"']) {
            return None;
        }
        (inner, true)
    } else if let Some(inner) = value.strip_prefix('\'') {
        let inner = inner.strip_suffix('\'')?;
        if inner.contains('\'') {
            return None;
        }
        (inner, true)
    } else {
        if (raw.trim().starts_with('#') && !value.is_empty()) || !plain_start(value) {
            return None;
        }
        (value, false)
    };
    if !first {
        // The full parser keeps the first occurrence of a key.
        return Some(Field::Done);
    }
    let null = !quoted && matches!(text, "" | "~" | "null" | "Null" | "NULL");
    match key {
        "id" => item.id = (!null).then_some(text),
        "layer" => item.layer = (!null).then_some(text),
        "done" => item.done = if quoted { None } else { yaml::as_bool(text) },
        "confidence" => item.confidence = if null || quoted { None } else { yaml::as_number(text).ok() },
        _ => {
            let n = if null {
                None
            } else if quoted {
                item.bad_number = true;
                None
            } else {
                match yaml::as_number(text) {
                    Ok(n) => Some(n),
                    Err(_) => {
                        item.bad_number = true;
                        None
                    }
                }
            };
            match key {
                "current" => item.current = n,
                "target" => item.target = n,
                _ => item.baseline = n,
            }
        }
    }
    Some(Field::Done)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The scanner either declines or agrees with the full parser.
    fn agrees(yaml_src: &str) -> bool {
        let slow = super::super::kr_values_slow(yaml_src);
        match scan(yaml_src) {
            None => true,
            Some(fast) => {
                assert_eq!(fast, slow, "scanner and parser disagree on:\n{yaml_src}");
                true
            }
        }
    }

    fn front_matter(path: &std::path::Path) -> String {
        let text = std::fs::read_to_string(path).unwrap();
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text).to_string();
        super::super::split_front_matter(&text).unwrap().0.to_string()
    }

    #[test]
    fn reads_the_common_shape() {
        let src = "owner: maya # lead\nkey_results:\n  - id: a\n    title: Raise x from 1 to 2\n    current: 1.5  # this week\n    target: 2\n    baseline: 1\n    confidence: 0.6\n  - id: 'b'\n    layer: input\n    drives:\n      - a\n    current: ~\n    done: false\n";
        let got = scan(src).unwrap().unwrap();
        let a =
            Values { current: Some(1.5), target: Some(2.0), baseline: Some(1.0), confidence: Some(0.6), done: None };
        assert_eq!(got[0], ("a".to_string(), a, Layer::Output));
        assert_eq!(got[1], ("b".to_string(), Values { done: Some(false), ..Values::default() }, Layer::Input));
        assert!(agrees(src));
        // A `done` that is not a boolean or a `confidence` that is not a
        // number reads as unset, through both readings alike.
        for bad in ["    done: 'true'\n", "    done: yes\n", "    confidence: \"0.5\"\n", "    confidence: 70%\n"] {
            let src = format!("key_results:\n  - id: a\n    current: 1\n{bad}");
            let got = scan(&src).unwrap().unwrap();
            let a = Values { current: Some(1.0), ..Values::default() };
            assert_eq!(got[0], ("a".to_string(), a, Layer::Output), "{bad}");
            assert!(agrees(&src), "{bad}");
        }
    }

    #[test]
    fn declines_what_it_does_not_understand() {
        for src in [
            "key_results:\n  - id: a\n    current: &x 3\n",
            "key_results:\n  - id: a\n    current: *x\n",
            "key_results:\n  - {id: a, current: 3}\n",
            "key_results:\n\t- id: a\n",
            "key_results:\n  -\n    id: a\n",
            "key_results:\n  - id: a\n    current:\n      4\n",
            "key_results: []\n",
            "key_results:\nowner: x\n",
            "\"key_results\":\n  - id: a\n",
            "key_results:\n  - id: a\n   current: 3\n",
            "key_results:\n  - id: a\n    current: !!str 3\n",
            "key_results:\n  - id: a\n    title: x\n    drives:\n    - a\n",
            "key_results:\n  - id: a\n    title: Raise x: from 1 to 2\n",
            "title: a: b\nkey_results:\n  - id: a\n",
            "key_results:\n  - id: a\n    title: \"open\n",
            "key_results:\n  - id: a\n    drives: [a, [b]]\n",
        ] {
            assert!(scan(src).is_none(), "{src}");
        }
    }

    #[test]
    fn a_lone_carriage_return_is_a_line_break_to_yaml() {
        // Found by the `parse` fuzz target: YAML breaks lines at a CR that
        // no LF follows, so the title's second half is a badly indented line
        // and the parser fails, while the scanner read on.
        let src = "key_results:\n  - id: a\n    title: Grow net new \rARR\n    current: 1.06\n";
        assert!(scan(src).is_none());
        assert!(agrees(src));
        assert!(agrees("key_results:\r  - id: a\r    current: 1\r"));
    }

    #[test]
    fn control_characters_fail_yaml_so_the_scanner_declines() {
        // Found by the `parse` fuzz target: YAML refuses unprintable
        // characters (NUL, BEL, DEL, C1 controls) anywhere in the stream.
        for c in ['\0', '\u{7}', '\u{1b}', '\u{7f}', '\u{85}', '\u{9f}', '\u{fffe}'] {
            let src = format!("key_results:\n  - id: a\n    title: Grow{c} x\n    current: 1\n");
            assert!(scan(&src).is_none(), "{c:?}");
            assert!(agrees(&src));
        }
        assert!(scan("key_results:\n  - id: a\n    title: Grow x é — 活\n").is_some());
    }

    #[test]
    fn lines_deeper_than_a_top_level_value_are_declined() {
        // Found by the `parse` fuzz target: after `key: value`, a deeper
        // line continues a multi-line plain scalar (or is an error, after a
        // comment); only a key with no value on its line owns deeper lines.
        for src in [
            "key_results:\n  - id: a\n    current: 1\nowner: x  # c\n    current: 2\n",
            "title: a\n  b\nkey_results:\n  - id: a\n    current: 1\n",
        ] {
            assert!(scan(src).is_none(), "{src}");
            assert!(agrees(src));
        }
        assert!(scan("allow:\n  - no-parent\nkey_results:\n  - id: a\n").is_some());
    }

    #[test]
    fn nested_blocks_it_skips_must_be_simple_lists() {
        // Found by the `parse` fuzz target: lines under an untracked key
        // were skipped unread, so YAML errors in them went unnoticed.
        for src in [
            "owner: x\nkey_resUlts:\n  - id: a\n    metric: b: c\nkey_results:\n  - id: a\n",
            "key_resltus:\n  - id: a\n    bare words\nkey_results:\n  - id: a\n",
            "key_results:\n  - id: a\n    drives:\n      - b\n        - c\n",
            "key_results:\n  - id: a\n    drives:\n      - b: c\n",
            "title: |x\nkey_results:\n  - id: a\n",
        ] {
            assert!(scan(src).is_none(), "{src}");
            assert!(agrees(src));
        }
        let fine = "allow:\n  - no-parent\n  - 'kr-count'\nkey_results:\n  - id: a\n    quality_gate: >-\n      any: text # here\n\n      - more\n    drives:\n      - b\n      - c  # why\n    current: 3\n";
        assert!(scan(fine).is_some());
        assert!(agrees(fine));
    }

    #[test]
    fn a_colon_ending_a_value_or_a_tab_anywhere_is_declined() {
        // Found by the `parse` fuzz target: `id: a:` is a mapping to YAML.
        for src in [
            "key_results:\n  - id: outbound-calls: \n",
            "key_results:\n  - id: a\n    current: 30\t# a tab, then a comment\n",
            "key_results:\n  - id: a\n    title: x:\ty\n",
        ] {
            assert!(scan(src).is_none(), "{src:?}");
            assert!(agrees(src));
        }
    }

    #[test]
    fn flow_list_items_must_be_plain_words() {
        // Found by the `parse` fuzz target: `[%a]` is invalid YAML (an item
        // cannot start with an indicator), but the scanner skipped it.
        for src in [
            "key_results:\n  - id: a\n    drives: [%a]\n",
            "key_results:\n  - id: a\n    drives: [a, , b]\n",
            "key_results:\n  - id: a\n    drives: [a, &b c]\n",
            "allow: [`x`]\nkey_results:\n  - id: a\n",
        ] {
            assert!(scan(src).is_none(), "{src}");
            assert!(agrees(src));
        }
        for src in ["key_results:\n  - id: a\n    drives: [b, c d, e-f]\n", "allow: []\nkey_results:\n  - id: a\n"] {
            assert!(scan(src).is_some(), "{src}");
            assert!(agrees(src));
        }
    }

    #[test]
    fn tracked_values_cannot_start_with_an_indicator() {
        // Found by the `parse` fuzz target: `id: }a` is invalid YAML.
        for src in [
            "key_results:\n  - id: }a\n",
            "key_results:\n  - id: ,a\n",
            "key_results:\n  - id: a\n    current: ]3\n",
            "key_results:\n  - id: - a\n",
        ] {
            assert!(scan(src).is_none(), "{src}");
            assert!(agrees(src));
        }
        let src = "key_results:\n  - id: a\n    current: -3\n    target: -.5\n    layer: -input\n";
        assert!(scan(src).is_some());
        assert!(agrees(src));
    }

    #[test]
    fn block_scalars_with_an_indentation_indicator_are_declined() {
        // Found by the CI fuzz smoke: `>5` makes the text start 5 columns in,
        // so the 4-space line after it is a YAML error, not the scalar's text.
        let src = "key_results:\n  - id: a\n    baseline: 5\nx: >5\n    current: 58\n  - id: b\n";
        assert!(agrees(src));
        assert!(scan(src).is_none(), "{src}");
        assert!(scan("key_results:\n  - id: a\n    title: |2-\n      text\n").is_none());
        // Without an indicator the scanner still reads past block scalars.
        let src = "note: >\n  text\n    more\nkey_results:\n  - id: a\n    current: 3\n";
        assert!(scan(src).is_some_and(|v| v.is_some()), "{src}");
        assert!(agrees(src));
    }

    #[test]
    fn bad_numbers_skip_the_version_like_the_parser() {
        for src in ["key_results:\n  - id: a\n    target: 30%\n", "key_results:\n  - id: a\n    target: \"30\"\n"] {
            assert_eq!(scan(src), Some(None), "{src}");
            assert!(agrees(src));
        }
        // Without an id the item is ignored, bad number or not.
        assert!(agrees("key_results:\n  - title: x\n    target: 30%\n  - id: b\n    current: 1\n"));
    }

    #[test]
    fn agrees_with_the_parser_on_every_shipped_file_and_variants() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut sources = Vec::new();
        for dir in ["okrs", "templates", "tests/fixtures"] {
            for e in walkdir::WalkDir::new(root.join(dir)).into_iter().flatten() {
                if e.path().extension().is_some_and(|x| x == "md") {
                    let text = std::fs::read_to_string(e.path()).unwrap_or_default();
                    if let Ok((fm, _, _)) =
                        super::super::split_front_matter(text.strip_prefix('\u{feff}').unwrap_or(&text))
                    {
                        sources.push(fm.to_string());
                    }
                }
            }
        }
        let _ = front_matter;
        assert!(sources.len() > 10);
        let mut scanned = 0;
        for src in &sources {
            let variants = [
                src.clone(),
                src.replace('\n', "\r\n"),
                src.replace("current: ", "current:   "),
                src.replace("    target:", "    # a comment\n    target:"),
                src.replace("  - id: ", "  - id: \""),
                src.replace("    baseline: ", "    baseline: '"),
                src.replace("key_results:\n  - ", "key_results:\n- ").replace("\n    ", "\n  "),
                src.replace("current: ", "current: ~ #"),
            ];
            for v in &variants {
                if scan(v).is_some() {
                    scanned += 1;
                }
                assert!(agrees(v));
            }
        }
        assert!(scanned > sources.len(), "the scanner should read most shipped files");
    }
}
