//! okr's terminal styles as data: the colours the text renderers use and
//! `paint`, which wraps a text in a style's escape codes. Pure; whether the
//! codes reach the terminal is `output`'s decision (stripped when piped or
//! with `NO_COLOR`).

use anstyle::{AnsiColor, Style};

pub const BOLD: Style = Style::new().bold();
pub const DIM: Style = Style::new().dimmed();
pub const GREEN: Style = AnsiColor::Green.on_default();
pub const YELLOW: Style = AnsiColor::Yellow.on_default();
pub const RED: Style = AnsiColor::Red.on_default();
pub const CYAN: Style = AnsiColor::Cyan.on_default();

/// `text` wrapped in a style's escape codes (stripped later when not wanted).
/// `text` is okr's own: values from a repository go through
/// [`crate::core::escape::terminal`] first.
pub fn paint(style: Style, text: &str) -> String {
    format!("{style}{text}{style:#}")
}
