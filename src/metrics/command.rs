//! `command = [PROGRAM, ARGS...]` sources: a program run without a shell in
//! the project root, its stdout read as CSV (the `csv` source's shape), its
//! stderr shown when it fails, stopped when it runs past its timeout.

use super::{Row, SourceError};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// How much of a failing command's stderr a message quotes: its last lines.
const STDERR_LINES: usize = 12;

/// Runs `argv` in `project` and reads its stdout.
pub fn run(project: &Path, argv: &[String], timeout: Duration) -> Result<Vec<Row>, SourceError> {
    let Some((program, args)) = argv.split_first() else {
        return Err(SourceError("the command is empty".into()));
    };
    let shown = shown(argv);
    // `scripts/mrr.sh` is the project's script wherever okr runs from; a bare
    // name (`python3`) is looked up on PATH as usual.
    let path = if program.contains('/') && Path::new(program).is_relative() {
        project.join(program)
    } else {
        PathBuf::from(program)
    };
    let mut child = Command::new(&path)
        .args(args)
        .current_dir(project)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| {
            let why = match e.kind() {
                std::io::ErrorKind::NotFound => "no such program".to_string(),
                std::io::ErrorKind::PermissionDenied => "it is not executable".to_string(),
                _ => e.to_string(),
            };
            SourceError(format!("cannot run `{shown}`: {why}"))
        })?;
    let (out_tx, out_rx) = mpsc::channel();
    let (err_tx, err_rx) = mpsc::channel();
    if let Some(mut out) = child.stdout.take() {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            let _ = out.read_to_end(&mut buf);
            let _ = out_tx.send(buf);
        });
    }
    if let Some(mut err) = child.stderr.take() {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            let _ = err.read_to_end(&mut buf);
            let _ = err_tx.send(buf);
        });
    }
    let deadline = Instant::now() + timeout;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if Instant::now() >= deadline => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(SourceError(format!(
                    "`{shown}` did not finish within {} s (`timeout_s`) and was stopped",
                    timeout.as_secs()
                )));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(10)),
            Err(e) => return Err(SourceError(format!("cannot wait for `{shown}`: {e}"))),
        }
    };
    // A program that left a child holding its output open is not waited
    // for past the deadline.
    let left = || deadline.saturating_duration_since(Instant::now()).max(Duration::from_millis(100));
    let stdout = out_rx.recv_timeout(left()).unwrap_or_default();
    let stderr = err_rx.recv_timeout(left()).unwrap_or_default();
    if !status.success() {
        let how = match status.code() {
            Some(code) => format!("exited with status {code}"),
            None => "was killed by a signal".to_string(),
        };
        return Err(SourceError(format!("`{shown}` {how}{}", tail(&stderr))));
    }
    super::file::csv(&stdout).map_err(|e| SourceError(format!("the output of `{shown}`, {e}")))
}

/// The command as a message shows it: arguments with spaces quoted.
fn shown(argv: &[String]) -> String {
    argv.iter()
        .map(|a| if a.is_empty() || a.contains(char::is_whitespace) { format!("\"{a}\"") } else { a.clone() })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The last lines of stderr, to follow a failure: `; stderr:` and the lines.
fn tail(stderr: &[u8]) -> String {
    let text = String::from_utf8_lossy(stderr);
    let lines: Vec<&str> = text.lines().map(str::trim_end).filter(|l| !l.is_empty()).collect();
    if lines.is_empty() {
        return " (nothing on stderr)".to_string();
    }
    let skipped = lines.len().saturating_sub(STDERR_LINES);
    let mut out = String::from("; stderr:");
    if skipped > 0 {
        out.push_str(&format!("\n  ({skipped} earlier lines)"));
    }
    for line in &lines[skipped..] {
        out.push_str("\n  ");
        out.extend(line.chars().take(300));
    }
    out
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    fn sh(script: &str) -> Vec<String> {
        vec!["sh".into(), "-c".into(), script.into()]
    }

    #[test]
    fn stdout_is_read_as_csv() {
        let dir = tempfile::tempdir().unwrap();
        let rows = run(dir.path(), &sh("printf 'key,value\\na,1.5\\n'"), Duration::from_secs(10)).unwrap();
        assert_eq!((rows[0].key.as_str(), rows[0].value), ("a", 1.5));
    }

    #[test]
    fn a_failure_shows_the_status_and_stderr() {
        let dir = tempfile::tempdir().unwrap();
        let e = run(dir.path(), &sh("echo 'no token' >&2; exit 3"), Duration::from_secs(10)).unwrap_err();
        assert_eq!(e.0, "`sh -c \"echo 'no token' >&2; exit 3\"` exited with status 3; stderr:\n  no token");
        let e = run(dir.path(), &["./missing.sh".to_string()], Duration::from_secs(10)).unwrap_err();
        assert_eq!(e.0, "cannot run `./missing.sh`: no such program");
        let e = run(dir.path(), &sh("printf 'key,value\\na,x\\n'"), Duration::from_secs(10)).unwrap_err();
        assert!(e.0.ends_with("row 1 (line 2), column 2 `value`: `x` is not a number"), "{e}");
    }

    #[test]
    fn a_slow_command_is_stopped() {
        let dir = tempfile::tempdir().unwrap();
        let e = run(dir.path(), &["sleep".into(), "30".into()], Duration::from_secs(1)).unwrap_err();
        assert_eq!(e.0, "`sleep 30` did not finish within 1 s (`timeout_s`) and was stopped");
    }
}
