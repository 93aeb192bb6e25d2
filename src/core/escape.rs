//! Escaping, one function per destination. Everything okr prints that comes
//! from a repository (paths, titles, owners, authors, commit messages, refs)
//! is hostile until escaped for where it goes:
//!
//! - a terminal or a log: [`terminal`] (control characters, bidi controls
//!   and line separators made visible), and, for every byte okr writes to
//!   stdout or stderr, [`guard_output`] (the safety net: controls other than
//!   okr's own colours made visible, and no line that GitHub Actions would
//!   read as a workflow command);
//! - a GitHub workflow command: [`workflow_data`] and [`workflow_property`];
//! - Markdown (a PR comment, a job summary, `--format markdown`):
//!   [`markdown`] for text and [`markdown_code`] for a code span.
//!
//! All of them are pure and total; the fuzz target `escape` holds them to
//! their contracts (`fuzz/checks.rs`).

use std::borrow::Cow;
use std::fmt::Write as _;

/// Characters a terminal acts on or that reorder the text around them: C0
/// and C1 controls, DEL, the bidi controls (U+061C, U+200E, U+200F,
/// U+202A–U+202E, U+2066–U+2069), and the line and paragraph separators.
pub fn is_hostile(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
        || matches!(c, '\u{2028}' | '\u{2029}')
}

/// Characters .NET's `TrimStart` or a culture-sensitive `StartsWith` skips
/// (whitespace and the default-ignorable code points), which the Actions
/// runner skips before it looks for `::` or `##[`.
fn is_skipped_by_runner(c: char) -> bool {
    c.is_whitespace()
        || is_hostile(c)
        || matches!(
            c,
            '\u{00AD}'
                | '\u{034F}'
                | '\u{115F}'
                | '\u{1160}'
                | '\u{17B4}'
                | '\u{17B5}'
                | '\u{180B}'..='\u{180F}'
                | '\u{200B}'..='\u{200F}'
                | '\u{2060}'..='\u{206F}'
                | '\u{3164}'
                | '\u{FE00}'..='\u{FE0F}'
                | '\u{FEFF}'
                | '\u{FFA0}'
                | '\u{FFF0}'..='\u{FFF8}'
                | '\u{1BCA0}'..='\u{1BCA3}'
                | '\u{1D173}'..='\u{1D17A}'
                | '\u{E0000}'..='\u{E0FFF}'
        )
}

/// The visible form of a hostile character: `\n`, `\r`, `\t`, else `\uXXXX`
/// (every hostile character is in the Basic Multilingual Plane). The same
/// text is a valid escape inside a JSON string, so the output guard can use
/// it on JSON too.
fn push_visible(out: &mut String, c: char) {
    match c {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        c => {
            let _ = write!(out, "\\u{:04X}", c as u32);
        }
    }
}

/// Text for a terminal: every hostile character (see [`is_hostile`]),
/// tabs and line breaks included, made visible as `\n`, `\t` or `\uXXXX`.
/// One value stays on one line and cannot move the cursor, change the
/// window title or reverse the text after it.
pub fn terminal(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_hostile) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_hostile(c) {
            push_visible(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// The message of a workflow command (after the second `::`): `%`, CR and
/// LF percent-encoded, as the runner decodes them; every other hostile
/// character made visible, so an annotation cannot carry a terminal escape.
pub fn workflow_data(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            c if is_hostile(c) => push_visible(&mut out, c),
            _ => out.push(c),
        }
    }
    out
}

/// A property value of a workflow command (`file=`, `title=`): as
/// [`workflow_data`], plus `:` and `,`, which would end the value.
pub fn workflow_property(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in workflow_data(s).chars() {
        match c {
            ':' => out.push_str("%3A"),
            ',' => out.push_str("%2C"),
            _ => out.push(c),
        }
    }
    out
}

/// Text safe in a Markdown paragraph or table cell (GitHub-flavoured): no
/// HTML, no table breaks, no emphasis or links, no @-mentions and no
/// `#123` references (a zero-width space after `@` and `#`), one line, and
/// hostile characters shown as `\uXXXX`.
pub fn markdown(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '|' => out.push_str("\\|"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '@' => out.push_str("@\u{200b}"),
            '#' if chars.peek().is_some_and(char::is_ascii_digit) => out.push_str("#\u{200b}"),
            '\n' | '\r' | '\t' => out.push(' '),
            '*' | '_' | '`' | '[' | ']' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            c if is_hostile(c) => {
                out.push('\\');
                push_visible(&mut out, c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// A code span that holds any text safely, also inside a table cell: a
/// backtick becomes `'` (a span cannot escape one), `|` is escaped for
/// tables, line breaks become spaces and other hostile characters are
/// shown as `\uXXXX`. Inside a code span nothing else is Markdown.
pub fn markdown_code(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('`');
    for c in s.chars() {
        match c {
            '`' => out.push('\''),
            '|' => out.push_str("\\|"),
            '\n' | '\r' | '\t' => out.push(' '),
            c if is_hostile(c) => push_visible(&mut out, c),
            c => out.push(c),
        }
    }
    out.push('`');
    out
}

/// The safety net under every byte okr writes to stdout or stderr, one line
/// at a time (`line` without its `\n`), whatever the format:
///
/// - every hostile character except a tab and okr's own colour sequences
///   (SGR: `ESC [ digits; m`) is made visible as in [`terminal`] (in JSON
///   output the same text is a valid string escape);
/// - a line that GitHub Actions would read as a workflow command gets a
///   `\` in front (`::` after the characters the runner skips), and the `[`
///   of every legacy `##[` becomes `\u005B`, wherever it is (valid in a JSON
///   string too).
///
/// `commands` lets lines that start with `::` through: only for the output
/// of `okr check --format github`, whose every command okr built itself.
pub fn guard_line(line: &str, commands: bool) -> Cow<'_, str> {
    if plainly_safe(line, commands) {
        return Cow::Borrowed(line);
    }
    guard_line_closely(line, commands)
}

/// [`guard_line`] without the shortcut for plain lines.
fn guard_line_closely(line: &str, commands: bool) -> Cow<'_, str> {
    let clean = visible_except_colours(line);
    // Judged as the log will have it: colours are stripped when piped.
    let plain = strip_sgr(&clean);
    let legacy = has_legacy_command(&plain);
    let starts_command = !commands && {
        let mut rest = plain.chars().filter(|c| !is_skipped_by_runner(*c));
        rest.next() == Some(':') && rest.next() == Some(':')
    };
    if !legacy && !starts_command && matches!(clean, Cow::Borrowed(_)) {
        return clean;
    }
    let mut out = String::with_capacity(clean.len() + 2);
    if starts_command {
        out.push('\\');
    }
    if legacy {
        // `[` after two `#` (skipping what the runner skips) is escaped.
        let mut hashes = 0;
        let mut rest: &str = &clean;
        while let Some(c) = rest.chars().next() {
            if let Some(len) = sgr_len(rest) {
                out.push_str(&rest[..len]);
                rest = &rest[len..];
                continue;
            }
            if c == '[' && hashes >= 2 {
                // `\u005B` reads as `[` and is also a valid escape in JSON.
                out.push_str("\\u005B");
            } else {
                out.push(c);
            }
            if c == '#' {
                hashes += 1;
            } else if !is_skipped_by_runner(c) {
                hashes = 0;
            }
            rest = &rest[c.len_utf8()..];
        }
    } else {
        out.push_str(&clean);
    }
    Cow::Owned(out)
}

/// The common line, which [`guard_line`] leaves as it is without looking
/// closer: printable characters and tabs only (no control, no colour, no
/// hostile character, nothing the runner skips but spaces and tabs), not
/// starting with `:` after those (unless `commands`), and not holding both
/// a `#` and a `[`.
fn plainly_safe(line: &str, commands: bool) -> bool {
    let b = line.as_bytes();
    let ascii = |c: u8| (0x20..0x7f).contains(&c) || c == b'\t';
    let printable = if b.is_ascii() {
        b.iter().all(|&c| ascii(c))
    } else {
        // Every hostile character is one the runner skips.
        line.chars().all(|c| if c.is_ascii() { ascii(c as u8) } else { !is_skipped_by_runner(c) })
    };
    printable
        && !(b.contains(&b'#') && b.contains(&b'['))
        && (commands || !line.trim_start_matches([' ', '\t']).starts_with(':'))
}

/// [`guard_line`] over a whole text (lines split at `\n`, kept). Borrowed
/// when no line changes; else the copy starts at the first line that does.
pub fn guard_output(text: &str, commands: bool) -> Cow<'_, str> {
    let mut out: Option<String> = None;
    let mut offset = 0;
    for line in text.split('\n') {
        let end = offset + line.len();
        match (&mut out, guard_line(line, commands)) {
            (None, Cow::Borrowed(_)) => {}
            (None, Cow::Owned(g)) => {
                let mut s = String::with_capacity(text.len() + g.len().saturating_sub(line.len()) + 16);
                s.push_str(&text[..offset]);
                s.push_str(&g);
                out = Some(s);
            }
            (Some(s), g) => s.push_str(&g),
        }
        if end < text.len() {
            if let Some(s) = &mut out {
                s.push('\n');
            }
        }
        offset = end + 1;
    }
    out.map_or(Cow::Borrowed(text), Cow::Owned)
}

fn has_legacy_command(s: &str) -> bool {
    let mut hashes = 0;
    for c in s.chars() {
        if c == '[' && hashes >= 2 {
            return true;
        }
        if c == '#' {
            hashes += 1;
        } else if !is_skipped_by_runner(c) {
            hashes = 0;
        }
    }
    false
}

/// Hostile characters made visible, except tabs and SGR colour sequences.
fn visible_except_colours(s: &str) -> Cow<'_, str> {
    if !s.chars().any(|c| is_hostile(c) && c != '\t') {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        if c == '\u{1b}' {
            if let Some(len) = sgr_len(rest) {
                out.push_str(&rest[..len]);
                rest = &rest[len..];
                continue;
            }
        }
        if is_hostile(c) && c != '\t' {
            push_visible(&mut out, c);
        } else {
            out.push(c);
        }
        rest = &rest[c.len_utf8()..];
    }
    Cow::Owned(out)
}

/// `s` without its SGR colour sequences.
fn strip_sgr(s: &str) -> Cow<'_, str> {
    if !s.contains('\u{1b}') {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        if let Some(len) = sgr_len(rest) {
            rest = &rest[len..];
            continue;
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    Cow::Owned(out)
}

/// The length of an SGR sequence (`ESC [ 0-9 ; m`) at the start of `s`.
fn sgr_len(s: &str) -> Option<usize> {
    let body = s.strip_prefix("\u{1b}[")?;
    let params = body.bytes().take_while(|b| b.is_ascii_digit() || *b == b';').count();
    (body.as_bytes().get(params) == Some(&b'm')).then_some(2 + params + 1)
}

/// Whether the runner would read `line` as a workflow command, `::` form
/// (after what it skips) or legacy `##[` form (anywhere): what
/// [`guard_line`] rules out. For tests and the fuzz target.
pub fn is_workflow_command(line: &str) -> bool {
    let line = strip_sgr(line);
    let mut rest = line.chars().filter(|c| !is_skipped_by_runner(*c));
    (rest.next() == Some(':') && rest.next() == Some(':')) || has_legacy_command(&line)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_makes_controls_and_bidi_visible() {
        assert_eq!(terminal("plain ✓ 日本"), "plain ✓ 日本");
        assert!(matches!(terminal("plain"), Cow::Borrowed(_)));
        assert_eq!(terminal("a\nb\rc\td"), "a\\nb\\rc\\td");
        assert_eq!(terminal("\u{1b}]0;pwned\u{7}x\u{1b}[2J"), "\\u001B]0;pwned\\u0007x\\u001B[2J");
        assert_eq!(terminal("abc\u{202e}fed"), "abc\\u202Efed");
        assert_eq!(terminal("\u{9b}\u{7f}\u{2028}\u{2066}"), "\\u009B\\u007F\\u2028\\u2066");
    }

    #[test]
    fn workflow_values_cannot_end_early_or_carry_escapes() {
        assert_eq!(workflow_data("a:b,c"), "a:b,c");
        assert_eq!(workflow_property("50%\n:,"), "50%25%0A%3A%2C");
        assert_eq!(workflow_data("%0A"), "%250A");
        assert_eq!(workflow_data("x\u{1b}[2J\u{202e}"), "x\\u001B[2J\\u202E");
        assert!(!workflow_data("a\r\nb\u{85}c\u{2028}d").contains(['\r', '\n', '\u{85}', '\u{2028}']));
    }

    #[test]
    fn markdown_text_is_inert() {
        assert_eq!(markdown("a|b <script> @maya"), "a\\|b &lt;script&gt; @\u{200b}maya");
        assert_eq!(markdown("fixes #12 and ![x](javascript:y) #x"), "fixes #\u{200b}12 and !\\[x\\](javascript:y) #x");
        assert_eq!(markdown("a\nb\u{202e}"), "a b\\\\u202E");
        assert_eq!(markdown_code("a`b|c\nd"), "`a'b\\|c d`");
        assert_eq!(markdown_code("x\u{1b}y"), "`x\\u001By`");
    }

    /// The shortcut never lets through a line the close look would change:
    /// every line of up to four characters from an alphabet of what matters
    /// (and some padding), with and without `commands`.
    #[test]
    fn the_plain_line_shortcut_agrees_with_the_close_look() {
        let alphabet = [' ', '\t', ':', '#', '[', 'a', '\u{1b}', '\u{7f}', 'é', '\u{200b}', '\u{a0}', '█', '\u{202e}'];
        let mut lines = vec![String::new()];
        for _ in 0..4 {
            let longer: Vec<String> =
                lines.iter().flat_map(|l| alphabet.iter().map(move |c| format!("{l}{c}"))).collect();
            lines.extend(longer);
        }
        for line in &lines {
            for commands in [false, true] {
                if plainly_safe(line, commands) {
                    assert_eq!(guard_line_closely(line, commands), Cow::Borrowed(line.as_str()), "{line:?}");
                }
                assert_eq!(guard_line(line, commands), guard_line_closely(line, commands), "{line:?}");
            }
        }
        // And whole texts: the same as the lines guarded one by one.
        for text in ["", "\n", "a\n::b\nc", "::x", "ok\n", "a\n\n\u{1b}]0;t\u{7}\nz\n", "é\n##[x]\n"] {
            let joined: Vec<Cow<'_, str>> = text.split('\n').map(|l| guard_line(l, false)).collect();
            assert_eq!(guard_output(text, false), joined.join("\n"), "{text:?}");
        }
    }

    #[test]
    fn guard_neutralises_workflow_commands_and_keeps_colours() {
        assert_eq!(guard_line("::error::x", false), "\\::error::x");
        assert_eq!(guard_line("  \u{200b}:\u{200b}:add-mask::y", false), "\\  \u{200b}:\u{200b}:add-mask::y");
        assert_eq!(guard_line("::error::x", true), "::error::x");
        // Colours are stripped when piped: judged without them.
        assert_eq!(guard_line("  \u{1b}[1m::error::x", false), "\\  \u{1b}[1m::error::x");
        assert_eq!(guard_line("#\u{1b}[1m#[x", false), "#\u{1b}[1m#\\u005Bx");
        assert_eq!(guard_line("a ##[error]b #\u{200b}#[c", true), "a ##\\u005Berror]b #\u{200b}#\\u005Bc");
        assert_eq!(guard_line("ok: a::b", false), "ok: a::b");
        assert_eq!(guard_line("\u{1b}[1;33mwarning\u{1b}[0m: x", false), "\u{1b}[1;33mwarning\u{1b}[0m: x");
        assert_eq!(guard_line("\u{1b}]0;t\u{7}\u{1b}[2J", false), "\\u001B]0;t\\u0007\\u001B[2J");
        assert_eq!(guard_line("\u{85}::stop-commands::t", false), "\\u0085::stop-commands::t");
        for s in ["::error::x\n", "a\n::b\nc", "\n\n", "", "x", "::a\n::b\n"] {
            let g = guard_output(s, false);
            assert_eq!(g.matches('\n').count(), s.matches('\n').count(), "{s:?} → {g:?}");
            assert!(g.lines().all(|l| !is_workflow_command(l)), "{s:?} → {g:?}");
        }
        assert_eq!(guard_output("a\n::b\nc", false), "a\n\\::b\nc");
    }
}
