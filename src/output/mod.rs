//! Writing to stdout: colours stripped when piped or with `NO_COLOR`, and a
//! closed pipe (`okr status | head`) treated as success. Every byte goes
//! through [`escape::guard_line`]: no raw control character but okr's own
//! colours, and no line that GitHub Actions would run as a workflow command
//! unless okr built it as one ([`print_commands`]).

use crate::core::escape;
pub use crate::core::style::{paint, BOLD, CYAN, DIM, GREEN, RED, YELLOW};
use std::io::{self, Write};

/// Writes `text` to stdout. A closed pipe is not an error.
pub fn print(text: &str) -> io::Result<()> {
    let mut out = anstream::stdout().lock();
    let text = escape::guard_output(text, false);
    ignore_broken_pipe(out.write_all(text.as_bytes()).and_then(|()| out.flush()))
}

/// Writes workflow commands okr built (`okr check --format github`) to
/// stdout: guarded as [`print`], but lines may start with `::`.
pub fn print_commands(text: &str) -> io::Result<()> {
    let mut out = anstream::stdout().lock();
    let text = escape::guard_output(text, true);
    ignore_broken_pipe(out.write_all(text.as_bytes()).and_then(|()| out.flush()))
}

/// Streams output to stdout through a buffer: `write` produces it piece by
/// piece, so a large report is never built in memory first. A closed pipe is
/// not an error.
pub fn print_with(write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> io::Result<()> {
    let mut out = Guarded::new(io::BufWriter::with_capacity(1 << 16, anstream::stdout().lock()));
    ignore_broken_pipe(write(&mut out).and_then(|()| out.finish()))
}

/// Writes `text` to stderr.
pub fn eprint(text: &str) -> io::Result<()> {
    let mut err = anstream::stderr().lock();
    let text = escape::guard_output(text, false);
    ignore_broken_pipe(err.write_all(text.as_bytes()).and_then(|()| err.flush()))
}

/// A writer that passes whole lines through [`escape::guard_output`]; the
/// last partial line waits for [`Guarded::finish`].
pub struct Guarded<W: Write> {
    inner: W,
    pending: Vec<u8>,
}

impl<W: Write> Guarded<W> {
    pub fn new(inner: W) -> Guarded<W> {
        Guarded { inner, pending: Vec::new() }
    }

    /// Writes what is left (a last line without `\n`) and flushes.
    pub fn finish(&mut self) -> io::Result<()> {
        let rest = std::mem::take(&mut self.pending);
        let text = String::from_utf8_lossy(&rest);
        self.inner.write_all(escape::guard_output(&text, false).as_bytes())?;
        self.inner.flush()
    }
}

impl<W: Write> Write for Guarded<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let Some(last) = buf.iter().rposition(|b| *b == b'\n') else {
            self.pending.extend_from_slice(buf);
            return Ok(buf.len());
        };
        self.pending.extend_from_slice(&buf[..=last]);
        let text = String::from_utf8_lossy(&self.pending);
        self.inner.write_all(escape::guard_output(&text, false).as_bytes())?;
        self.pending.clear();
        self.pending.extend_from_slice(&buf[last + 1..]);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_guarded_writer_sees_whole_lines_whatever_the_chunks() {
        let text = "ok\n::error::forged\nx ##[warning]y\n\u{1b}[1mbold\u{1b}[0m\u{1b}]0;t\u{7}\n::tail";
        let bytes = text.as_bytes();
        for chunk in [1, 2, 3, 7, bytes.len()] {
            let mut g = Guarded::new(Vec::new());
            for piece in bytes.chunks(chunk) {
                g.write_all(piece).unwrap();
            }
            g.finish().unwrap();
            assert_eq!(
                String::from_utf8(g.inner).unwrap(),
                "ok\n\\::error::forged\nx ##\\u005Bwarning]y\n\u{1b}[1mbold\u{1b}[0m\\u001B]0;t\\u0007\n\\::tail",
                "chunks of {chunk}"
            );
        }
    }
}
