//! Renderers: turn computed reports into text, JSON and Markdown. They never
//! read files or git; they get everything they show as arguments.

pub mod check;
pub mod diff;
pub mod github;
pub mod html;
pub mod pr;
pub mod retro;
pub mod review;
pub mod sarif;
pub mod status;
pub mod summary;
pub mod sync;
pub mod tree;
pub mod trend;

use serde::Serialize;
use unicode_width::UnicodeWidthStr;

/// Output formats shared by several commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
    Markdown,
}

/// Whether a command read the git history, and why not: the `history`
/// field of `okr check` and `okr status` JSON (`{"read": false, "reason":
/// "..."}`), and the notice their other formats carry when the history was
/// expected but could not be used.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct HistoryUse {
    pub read: bool,
    pub reason: Option<String>,
    /// Whether the human formats say so: a repository whose history could
    /// not be used (shallow, partial, damaged, unreadable), not `--no-history`
    /// or a folder outside git, where nothing was expected.
    #[serde(skip)]
    pub notice: bool,
}

impl HistoryUse {
    /// The history was read.
    pub fn read() -> HistoryUse {
        HistoryUse { read: true, reason: None, notice: false }
    }

    /// No history, for `reason`; `notice` as in the field.
    pub fn missing(reason: impl Into<String>, notice: bool) -> HistoryUse {
        HistoryUse { read: false, reason: Some(reason.into()), notice }
    }

    /// The one-line notice for the human formats (unescaped), when they
    /// must carry one.
    pub fn notice(&self) -> Option<String> {
        let reason = self.reason.as_deref().filter(|_| self.notice && !self.read)?;
        Some(format!(
            "okr ran without the git history, so trends and history-based checks are missing: {}",
            reason.trim_end_matches('.')
        ))
    }
}

/// A JSON number that prints integers without a fractional part
/// (`22`, not `22.0`) and never rounds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Num(pub f64);

impl Serialize for Num {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let v = self.0;
        if v.fract() == 0.0 && v.abs() < 9.0e15 {
            s.serialize_i64(v as i64)
        } else {
            s.serialize_f64(v)
        }
    }
}

/// Optional numbers as JSON.
pub fn num(v: Option<f64>) -> Option<Num> {
    v.map(Num)
}

/// Pretty JSON with a trailing newline.
pub fn to_json<T: Serialize>(v: &T) -> String {
    let mut s = serde_json::to_string_pretty(v).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    s.push('\n');
    s
}

/// Pads or truncates `s` to exactly `width` display columns.
pub fn fit(s: &str, width: usize) -> String {
    let w = s.width();
    if w <= width {
        return format!("{s}{}", " ".repeat(width - w));
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let cw = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + cw + 1 > width {
            break;
        }
        out.push(c);
        used += cw;
    }
    out.push('…');
    used += 1;
    out.push_str(&" ".repeat(width.saturating_sub(used)));
    out
}

/// Display width of a string.
pub fn width(s: &str) -> usize {
    s.width()
}

/// Text safe to put in a Markdown table cell or paragraph: no HTML, no
/// table breaks, no @-mentions or `#123` references (see
/// [`crate::core::escape::markdown`], the one Markdown escaper).
pub use crate::core::escape::markdown as md_escape;

/// A code span that holds any text safely (see [`crate::core::escape::markdown_code`]).
pub use crate::core::escape::markdown_code as md_code;

/// RFC 3339 UTC time of seconds since the epoch (see [`crate::core::quarter::rfc3339`]).
pub use crate::core::quarter::rfc3339;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_print_like_the_spec() {
        assert_eq!(serde_json::to_string(&Num(22.0)).unwrap(), "22");
        assert_eq!(serde_json::to_string(&Num(24.5)).unwrap(), "24.5");
        assert_eq!(serde_json::to_string(&Num(0.3125)).unwrap(), "0.3125");
        assert_eq!(serde_json::to_string(&Num(1.0 / 3.0)).unwrap(), "0.3333333333333333");
    }

    #[test]
    fn fit_pads_and_truncates_by_display_width() {
        assert_eq!(fit("abc", 5), "abc  ");
        assert_eq!(fit("abcdef", 4), "abc…");
        assert_eq!(fit("日本語です", 5), "日本…");
        assert_eq!(fit("日本語です", 6), "日本… ");
    }

    #[test]
    fn markdown_escaping() {
        assert_eq!(md_escape("a|b <script> @maya"), "a\\|b &lt;script&gt; @\u{200b}maya");
    }
}
