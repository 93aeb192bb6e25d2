//! Writing to stdout: colours stripped when piped or with `NO_COLOR`, and a
//! closed pipe (`okr status | head`) treated as success.

use anstyle::{AnsiColor, Style};
use std::io::{self, Write};

/// Writes `text` to stdout. A closed pipe is not an error.
pub fn print(text: &str) -> io::Result<()> {
    let mut out = anstream::stdout().lock();
    ignore_broken_pipe(out.write_all(text.as_bytes()).and_then(|()| out.flush()))
}

/// Streams output to stdout through a buffer: `write` produces it piece by
/// piece, so a large report is never built in memory first. A closed pipe is
/// not an error.
pub fn print_with(write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> io::Result<()> {
    let mut out = io::BufWriter::with_capacity(1 << 16, anstream::stdout().lock());
    ignore_broken_pipe(write(&mut out).and_then(|()| out.flush()))
}

/// Writes `text` to stderr.
pub fn eprint(text: &str) -> io::Result<()> {
    let mut err = anstream::stderr().lock();
    ignore_broken_pipe(err.write_all(text.as_bytes()).and_then(|()| err.flush()))
}

fn ignore_broken_pipe(r: io::Result<()>) -> io::Result<()> {
    match r {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

/// Whether stdout gets colours (a terminal without `NO_COLOR`).
pub fn stdout_colours() -> bool {
    !matches!(anstream::AutoStream::choice(&io::stdout()), anstream::ColorChoice::Never)
}

pub const BOLD: Style = Style::new().bold();
pub const DIM: Style = Style::new().dimmed();
pub const GREEN: Style = AnsiColor::Green.on_default();
pub const YELLOW: Style = AnsiColor::Yellow.on_default();
pub const RED: Style = AnsiColor::Red.on_default();
pub const CYAN: Style = AnsiColor::Cyan.on_default();

/// `text` wrapped in a style's escape codes (stripped later when not wanted).
pub fn paint(style: Style, text: &str) -> String {
    format!("{style}{text}{style:#}")
}
