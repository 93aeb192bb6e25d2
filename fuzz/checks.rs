#![allow(dead_code)] // each target uses one half
//! The properties the fuzz targets check. Shared (through `#[path]`) with
//! `tests/it/fuzz_corpus.rs`, which replays the committed corpus under plain
//! `cargo test`. Every function panics when a property does not hold.

use okr::core::config::Config;
use okr::core::edit;
use okr::core::parse;
use okr::core::workspace::Workspace;
use okr::render::check;
use okr::source::SourceFile;
use std::collections::HashMap;

/// Where the fuzzed file sits in its project.
pub const FILE: &str = "okrs/2026-Q1/growth/fuzz.md";
pub const REL: &str = "2026-Q1/growth/fuzz.md";

/// Any bytes as one OKR file: parsing, the history engine's fast reading,
/// the workspace, every static rule, scoring and the check renderers never
/// panic; positions stay inside the file; the line scanner agrees with the
/// YAML parser whenever it answers; a file without problems reads the same
/// KR values through `kr_values` as through `parse_file`.
pub fn parse(data: &[u8]) {
    let parsed = parse::parse_file(FILE, REL, data);

    if let Ok(text) = std::str::from_utf8(data) {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let lines = text.split('\n').count();
        for d in &parsed.diagnostics {
            if let Some(p) = d.pos {
                assert!(p.line >= 1 && p.column >= 1, "a position is not 1-based: {d:?}");
                assert!(p.line as usize <= lines, "a position is past the last line ({lines}): {d:?}");
                let line = text.split('\n').nth(p.line as usize - 1).unwrap_or_default();
                let chars = line.trim_end_matches('\r').chars().count();
                assert!(p.column as usize <= chars + 1, "a position is past the end of its line ({chars}): {d:?}");
            }
        }
    }

    if let Some((Some(fast), slow)) = parse::kr_values_both(data) {
        assert_eq!(fast, slow, "the line scanner and the YAML parser disagree");
    }

    if let (Some(o), true) = (&parsed.objective, parsed.diagnostics.is_empty()) {
        let values = parse::kr_values(data).expect("a file without problems has readable KR values");
        for kr in &o.key_results {
            let (_, v, layer) = values
                .iter()
                .find(|(id, ..)| *id == kr.id)
                .unwrap_or_else(|| panic!("kr_values lacks the KR `{}`", kr.id));
            assert_eq!(*v, kr.values(), "kr_values disagrees with parse_file on `{}`", kr.id);
            assert_eq!(*layer, kr.layer, "kr_values disagrees with parse_file on the layer of `{}`", kr.id);
        }
    }

    let files = vec![SourceFile { path: FILE.into(), rel: REL.into(), bytes: data.to_vec() }];
    let config = Config::default();
    let ws = Workspace::build(&files, &config);
    let as_of = jiff::civil::date(2026, 2, 15);
    let mut diags = ws.diagnostics.clone();
    diags.extend(okr::analysis::rules::run(&ws, &config, None, as_of));
    let text = String::from_utf8_lossy(data);
    let mut sources = HashMap::new();
    sources.insert(FILE.to_string(), text.strip_prefix('\u{feff}').unwrap_or(&text).to_string());
    let _ = check::text(&diags, &sources, 1, false);
    let _ = check::json(&diags, &okr::render::HistoryUse::read());
    for o in &ws.objectives {
        let s = okr::core::score::score_objective(o, as_of, config.fiscal_year_start_month);
        for score in s.key_results.iter().filter_map(|k| k.score).chain(s.score) {
            assert!((0.0..=1.0).contains(&score), "a score outside [0, 1]: {score}");
        }
    }
}

/// The input of the `set` target: a header line `KR_ID VALUE`, then the
/// file. `None` when the header cannot be read or the value is not one
/// `okr set` accepts.
pub fn split_set_input(data: &[u8]) -> Option<(&str, f64, &str)> {
    let text = std::str::from_utf8(data).ok()?;
    let (header, file) = text.split_once('\n')?;
    let (id, value) = header.split_once(' ')?;
    let value = edit::parse_value(value).ok()?;
    Some((id, value, file))
}

/// Builds a `set` input (the seed script and tests use it).
pub fn set_input(kr_id: &str, value: &str, file: &[u8]) -> Vec<u8> {
    let mut out = format!("{kr_id} {value}\n").into_bytes();
    out.extend_from_slice(file);
    out
}

/// `okr set`'s edit on any file, KR id and value never panics; when it
/// succeeds, the edited file parses, the KR's `current` reads back as the
/// value, and the file differs from the original only in that value's text
/// (or, when the KR had no `current`, only by the inserted `current`).
pub fn set(data: &[u8]) {
    let Some((kr_id, value, before)) = split_set_input(data) else { return };
    let Ok(after) = edit::set_current(before, kr_id, value) else { return };
    let new = edit::format_value(value).expect("an accepted value formats");

    let old = parse::parse_file(FILE, REL, before.as_bytes());
    let old_kr = old
        .objective
        .as_ref()
        .and_then(|o| o.key_results.iter().find(|k| k.id == kr_id))
        .expect("an edited KR was readable before the edit");
    let parsed = parse::parse_file(FILE, REL, after.as_bytes());
    let objective = parsed.objective.expect("the edited file parses");
    let kr = objective.key_results.iter().find(|k| k.id == kr_id).expect("the edited KR is still there");
    assert_eq!(kr.current, Some(value), "`current` does not read back as the value set");

    let (b, a) = (before.as_bytes(), after.as_bytes());
    if old_kr.fields.contains_key("current") {
        // Replaced: one run of bytes on one line became the new value
        // (` VALUE` after a bare `current:`).
        let replaced = [new.clone(), format!(" {new}")].iter().any(|r| {
            splices(b, a, r.len()).any(|(start, removed_end)| {
                let removed = &before[start..removed_end];
                a.get(start..start + r.len()) == Some(r.as_bytes())
                    && !removed.contains(['\n', '\r'])
                    && (r.starts_with(' ') == removed.is_empty())
            })
        });
        assert!(replaced, "more than the value changed:\n--- before\n{before}\n--- after\n{after}");
    } else {
        // Inserted: a `current: VALUE` line (or `, current: VALUE` in a flow
        // mapping); nothing removed.
        let added = a.len().checked_sub(b.len()).expect("an insertion does not shrink the file");
        let inserted = splices(b, a, added).filter(|&(start, end)| start == end).any(|(start, _)| {
            let Some(ins) = after.get(start..start + added) else { return false };
            let at_line_start = start == 0 || b[start - 1] == b'\n';
            let line = ins.strip_suffix("\r\n").or_else(|| ins.strip_suffix('\n'));
            let line_ok = at_line_start && line.is_some_and(|l| l.trim_start_matches(' ') == format!("current: {new}"));
            let flow_ok = ins == format!(", current: {new}");
            line_ok || flow_ok
        });
        assert!(inserted, "the insertion is not one `current` line:\n--- before\n{before}\n--- after\n{after}");
    }
}

/// Every way `after` can be `before` with `before[start..end]` replaced by
/// `len` bytes: yields `(start, end)` (byte offsets into `before`).
fn splices<'a>(before: &'a [u8], after: &'a [u8], len: usize) -> impl Iterator<Item = (usize, usize)> + 'a {
    let prefix = before.iter().zip(after).take_while(|(x, y)| x == y).count();
    let tail = after.len().checked_sub(len);
    (0..=prefix.min(tail.unwrap_or(0))).filter_map(move |start| {
        let tail = tail?;
        let suffix_len = tail - start;
        let end = before.len().checked_sub(suffix_len)?;
        (end >= start
            && before[..start] == after[..start]
            && before[end..] == after[start + len..]
            && std::str::from_utf8(before).is_ok_and(|s| s.is_char_boundary(start) && s.is_char_boundary(end)))
        .then_some((start, end))
    })
}

/// Any text through okr's escaping functions (`okr::core::escape`): terminal and
/// Markdown code text keeps no raw control or bidi character and stays one
/// line; workflow-command values keep no line break; and the output guard
/// leaves no line that GitHub Actions would run as a workflow command and
/// no raw control character but colours, keeping the number of lines.
pub fn escape(data: &[u8]) {
    use okr::core::escape;
    let text = String::from_utf8_lossy(data);
    let raw = |s: &str| s.chars().any(escape::is_hostile);
    let t = escape::terminal(&text);
    assert!(!raw(&t), "terminal() left a control character: {t:?}");
    for s in [escape::workflow_data(&text), escape::workflow_property(&text)] {
        assert!(!raw(&s), "a workflow value kept a control character: {s:?}");
    }
    assert!(!escape::workflow_property(&text).contains([':', ',']), "a property value kept `:` or `,`");
    for s in [escape::markdown(&text), escape::markdown_code(&text)] {
        assert!(!raw(&s), "Markdown kept a control character: {s:?}");
    }
    let guarded = escape::guard_output(&text, false);
    assert_eq!(guarded.matches('\n').count(), text.matches('\n').count(), "the guard changed the line count");
    for line in guarded.split('\n') {
        assert!(!escape::is_workflow_command(line), "the guard left a workflow command: {line:?}");
        let mut rest = line;
        while let Some(i) = rest.find('\u{1b}') {
            let after = &rest[i + 1..];
            let n = after.strip_prefix('[').map(|b| b.bytes().take_while(|c| c.is_ascii_digit() || *c == b';').count());
            assert!(
                n.is_some_and(|n| after.as_bytes().get(n + 1) == Some(&b'm')),
                "the guard left an escape sequence that is not a colour: {line:?}"
            );
            rest = after;
        }
        assert!(
            !line.chars().any(|c| escape::is_hostile(c) && c != '\u{1b}' && c != '\t'),
            "the guard left a control character: {line:?}"
        );
    }
    // A value made visible for the terminal is one line, and guarded output
    // of it is the value itself unless the runner would read it.
    assert!(!t.contains('\n'));
}
