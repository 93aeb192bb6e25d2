//! Hostile and malformed input: every file in `tests/bad_input/`, plus cases
//! built here (too large, too deep or too random to commit, and file-system
//! cases: symbolic links, odd paths), each run through the real binary as
//! `okr check` and `okr status` in a project of its own.
//!
//! Every run must end within a deadline, never panic, exit 0, 1 or 2 as
//! documented, and position every data error (file, line and column). The
//! behaviour of each case (exit codes and messages) is the table in
//! `docs/robustness.md`, generated from these runs: after a change in
//! behaviour, look at the difference and regenerate it with
//! `UPDATE_DOCS=1 cargo test --test it bad_input::`.

use crate::common;

use common::Project;
use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Generous: a case that takes this long has hung (or gone quadratic).
const DEADLINE: Duration = Duration::from_secs(20);
const AS_OF: &str = "2026-02-15";
/// Where a single-file case's file goes.
const DIR: &str = "okrs/2026-Q1/growth";

const VALID: &str = "---
owner: maya
key_results:
  - id: activation-rate
    title: Raise trial activation rate from 22% to 30%
    baseline: 22
    target: 30
    current: 24.5
---
# Accelerate product-led growth
";

/// One case: how its project is built, and what `okr check` must answer.
struct Case {
    name: String,
    /// What the input is, for the table.
    what: String,
    setup: Setup,
    /// `okr check`'s exit code.
    check: i32,
    /// The rule of the first error, when `check` exits 1.
    rule: Option<&'static str>,
}

enum Setup {
    /// One file at `okrs/2026-Q1/growth/NAME`.
    File(Vec<u8>),
    /// Anything else.
    Custom(fn(&Project)),
}

/// What a committed case must produce: (file, what it is, check's exit
/// code, rule of the first error).
const FILES: &[(&str, &str, i32, Option<&str>)] = &[
    (
        "conflict-markers.md",
        "git conflict markers (`<<<<<<<`, `=======`, `>>>>>>>`) left in the front matter",
        1,
        Some("invalid-front-matter"),
    ),
    ("unclosed-double-quote.md", "a `\"` that is never closed", 1, Some("invalid-front-matter")),
    ("unclosed-single-quote.md", "a `'` that is never closed", 1, Some("invalid-front-matter")),
    ("unclosed-bracket.md", "a flow list `[` never closed", 1, Some("invalid-front-matter")),
    ("unclosed-brace.md", "a flow mapping `{` never closed", 1, Some("invalid-front-matter")),
    ("bad-indentation.md", "a KR field indented deeper than its siblings", 1, Some("invalid-front-matter")),
    ("bad-indentation-dedent.md", "a KR field indented less than its siblings", 1, Some("invalid-front-matter")),
    ("tab-indentation.md", "a tab used for indentation", 1, Some("invalid-front-matter")),
    ("tabs-in-values.md", "a tab inside a title and one before a comment", 0, None),
    (
        "tab-after-colon.md",
        "`owner:<TAB>maya` (valid YAML 1.2, refused by the YAML parser okr uses)",
        1,
        Some("invalid-front-matter"),
    ),
    ("duplicate-keys.md", "`owner` twice in the objective, `target` twice in a KR", 1, Some("invalid-front-matter")),
    ("duplicate-kr-ids.md", "two KRs with the same id", 1, Some("duplicate-id")),
    ("alias-to-nothing.md", "`*nothing`: an alias without an anchor", 1, Some("invalid-front-matter")),
    ("anchor-and-alias.md", "`current: *start` copying the baseline's anchor (valid YAML)", 0, None),
    ("wrong-types.md", "lists, mappings and words where other types belong, in every field", 1, None),
    ("key-results-scalar.md", "`key_results: 3`", 1, Some("invalid-front-matter")),
    ("key-results-mapping.md", "`key_results` as a mapping instead of a list", 1, Some("invalid-front-matter")),
    ("key-result-scalar.md", "a KR that is a bare word", 1, Some("invalid-front-matter")),
    ("front-matter-list.md", "front matter that is a list", 1, Some("invalid-front-matter")),
    ("front-matter-scalar.md", "front matter that is one plain sentence", 1, Some("invalid-front-matter")),
    ("unknown-field.md", "`curent:` (a typo)", 1, Some("invalid-front-matter")),
    ("number-1e400.md", "`target: 1e400` (overflows a double)", 1, Some("invalid-front-matter")),
    ("number-minus-zero.md", "`baseline: -0`", 0, None),
    ("number-inf.md", "`target: .inf`", 1, Some("invalid-front-matter")),
    ("number-nan.md", "`current: .nan`", 1, Some("invalid-front-matter")),
    ("number-hex.md", "`target: 0x1E` (YAML 1.2 hexadecimal, 30)", 0, None),
    ("number-percent.md", "`target: 30%`", 1, Some("invalid-front-matter")),
    ("number-quoted.md", "`target: \"30\"` (a string)", 1, Some("invalid-front-matter")),
    ("number-huge-integer.md", "a 30-digit integer target", 0, None),
    (
        "date-as-number.md",
        "`current: 2026-01-05` (a date, unquoted, where a number belongs)",
        1,
        Some("invalid-front-matter"),
    ),
    ("empty.md", "an empty file", 1, Some("invalid-front-matter")),
    ("whitespace-only.md", "spaces, tabs and blank lines only", 1, Some("invalid-front-matter")),
    ("front-matter-only.md", "front matter, no body (so no title)", 1, Some("missing-field")),
    ("front-matter-empty.md", "`---` twice, nothing between", 1, Some("invalid-front-matter")),
    ("no-front-matter.md", "Markdown only", 1, Some("invalid-front-matter")),
    ("unclosed-front-matter.md", "no closing `---`", 1, Some("invalid-front-matter")),
    ("only-dashes.md", "a single `---` line", 1, Some("invalid-front-matter")),
    ("dashes-in-body.md", "`---` lines (and `key_results:`) in the Markdown body", 0, None),
    ("second-yaml-document.md", "`--- ` (trailing space) ends the front matter early", 1, Some("missing-field")),
    ("bom.md", "a UTF-8 byte-order mark", 0, None),
    ("bom-twice.md", "two UTF-8 byte-order marks", 1, Some("invalid-front-matter")),
    ("crlf.md", "CRLF line endings", 0, None),
    ("mixed-line-endings.md", "one CRLF line among LF lines", 0, None),
    ("cr-only.md", "classic Mac line endings (CR only)", 1, Some("invalid-front-matter")),
    ("billion-laughs.md", "\"billion laughs\": 9 levels of 9 aliases each", 1, Some("invalid-front-matter")),
    ("unicode-everywhere.md", "non-ASCII owner and title (CJK, emoji)", 0, None),
    ("control-characters.md", "BEL and an ANSI escape sequence in a title", 1, Some("invalid-front-matter")),
    ("hostile-title.md", "a title with a bidi override, `::error::`, `##[`, a backtick and HTML", 0, None),
    ("non-utf8.md", "Latin-1 bytes in the body", 1, Some("invalid-front-matter")),
    ("non-utf8-front-matter.md", "a 0xFF byte in the front matter", 1, Some("invalid-front-matter")),
    ("utf16.md", "UTF-16 with a byte-order mark", 1, Some("invalid-front-matter")),
    ("nul-bytes.md", "a NUL byte in a value", 1, Some("invalid-front-matter")),
    ("binary.md", "4 KiB of random bytes", 1, Some("invalid-front-matter")),
];

fn cases() -> Vec<Case> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad_input");
    let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
        .expect("tests/bad_input")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    on_disk.sort();
    let mut listed: Vec<String> = FILES.iter().map(|f| f.0.to_string()).collect();
    listed.sort();
    assert_eq!(on_disk, listed, "every file in tests/bad_input is listed in FILES, and only those");

    let mut out: Vec<Case> = FILES
        .iter()
        .map(|&(name, what, check, rule)| Case {
            name: name.into(),
            what: what.into(),
            setup: Setup::File(std::fs::read(dir.join(name)).expect("read case")),
            check,
            rule,
        })
        .collect();
    let file = |name: &str, what: &str, bytes: Vec<u8>, check: i32, rule: Option<&'static str>| Case {
        name: name.into(),
        what: what.into(),
        setup: Setup::File(bytes),
        check,
        rule,
    };
    let custom = |name: &str, what: &str, setup: fn(&Project), check: i32, rule: Option<&'static str>| Case {
        name: name.into(),
        what: what.into(),
        setup: Setup::Custom(setup),
        check,
        rule,
    };
    let front = |yaml: &str| format!("---\n{yaml}\n---\n# Title\n").into_bytes();
    out.push(file(
        "deep-flow-lists.md",
        "10,000 nested flow lists `[[[...]]]`",
        front(&format!("owner: {}{}", "[".repeat(10_000), "]".repeat(10_000))),
        1,
        Some("invalid-front-matter"),
    ));
    out.push(file(
        "deep-flow-mappings.md",
        "10,000 nested flow mappings `{a: {a: ...}}`",
        front(&format!("owner: {}x{}", "{a: ".repeat(10_000), "}".repeat(10_000))),
        1,
        Some("invalid-front-matter"),
    ));
    out.push(file(
        "deep-block-lists.md",
        "10,000 nested block lists `- - - ...` on one line",
        front(&format!("key_results:\n  {}x", "- ".repeat(10_000))),
        1,
        Some("invalid-front-matter"),
    ));
    out.push(file(
        "deep-unclosed.md",
        "10,000 `[` never closed",
        front(&format!("owner: {}", "[".repeat(10_000))),
        1,
        Some("invalid-front-matter"),
    ));
    let mut big = VALID.as_bytes().to_vec();
    let para = "A paragraph of context, bets and learnings that goes on and on. ".repeat(16) + "\n\n";
    while big.len() < 50 << 20 {
        big.extend_from_slice(para.as_bytes());
    }
    out.push(file("large-body-50mb.md", "a valid file with a 50 MB Markdown body", big, 0, None));
    let title = "Raise activation ".repeat(60_000);
    out.push(file(
        "long-title.md",
        "a 1 MB objective title on one line",
        VALID.replace("# Accelerate product-led growth", &format!("# {title}")).into_bytes(),
        0,
        None,
    ));
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let random: Vec<u8> = (0..1 << 20)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 56) as u8
        })
        .collect();
    out.push(file("random-1mb.md", "1 MiB of random bytes", random, 1, Some("invalid-front-matter")));
    let mut fm_random = b"---\nowner: ".to_vec();
    fm_random.extend((0u32..65_536).map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8 & 0x7f));
    fm_random.extend_from_slice(b"\n---\n# Title\n");
    out.push(file(
        "random-ascii-front-matter.md",
        "64 KiB of random ASCII (control characters included) as a value",
        fm_random,
        1,
        Some("invalid-front-matter"),
    ));

    out.push(custom(
        "path with spaces",
        "`okrs/2026-Q1/growth team/my objective.md`",
        |p| p.write("okrs/2026-Q1/growth team/my objective.md", VALID),
        1,
        Some("invalid-id"),
    ));
    out.push(custom(
        "non-ASCII path",
        "`okrs/2026-Q1/wachstum/größe.md`",
        |p| p.write("okrs/2026-Q1/wachstum/größe.md", VALID),
        1,
        Some("invalid-id"),
    ));
    out.push(custom(
        "hostile file name",
        "a file name with line breaks, `::error::` and `##[warning]` lines, an OSC title change, a clear-screen CSI and a bidi override",
        |p| {
            p.write(
                "okrs/2026-Q1/growth/x\n::error title=forged::owned\n##[warning]y\u{1b}]0;pwned\u{7}\u{1b}[2J\u{202e}dm.md",
                VALID,
            )
        },
        1,
        Some("invalid-id"),
    ));
    out.push(custom(
        "not a quarter folder",
        "`okrs/2026-Q5/growth/a.md`",
        |p| p.write("okrs/2026-Q5/growth/a.md", VALID),
        1,
        Some("quarter-mismatch"),
    ));
    out.push(custom(
        "symlink to a file outside",
        "`okrs/2026-Q1/growth/outside.md` links to an objective outside the project (not read; the project's other file is)",
        |p| {
            p.write("outside/secret.md", VALID.replace("Accelerate", "SECRET"));
            p.write("project/okrs/2026-Q1/growth/inside.md", VALID);
            symlink(&p.join("outside/secret.md"), &p.join("project/okrs/2026-Q1/growth/outside.md"));
        },
        0,
        None,
    ));
    out.push(custom(
        "symlinked root outside",
        "`okrs` itself links to a folder outside the project",
        |p| {
            p.write("outside/okrs/2026-Q1/growth/secret.md", VALID.replace("Accelerate", "SECRET"));
            std::fs::create_dir_all(p.join("project")).expect("mkdir");
            symlink(&p.join("outside/okrs"), &p.join("project/okrs"));
        },
        2,
        None,
    ));
    out.push(custom(
        "symlinked folder outside",
        "`okrs/2026-Q1/growth` links to a folder outside the project (not read)",
        |p| {
            p.write("outside/growth/secret.md", VALID.replace("Accelerate", "SECRET"));
            p.write("project/okrs/2026-Q1/company/inside.md", VALID);
            symlink(&p.join("outside/growth"), &p.join("project/okrs/2026-Q1/growth"));
        },
        0,
        None,
    ));
    out.push(custom(
        "symlink inside the project",
        "`okrs/2026-Q1/growth/alias.md` links to another objective file in the project (read)",
        |p| {
            p.write("project/okrs/2026-Q1/company/real.md", VALID);
            std::fs::create_dir_all(p.join("project/okrs/2026-Q1/growth")).expect("mkdir");
            symlink(&p.join("project/okrs/2026-Q1/company/real.md"), &p.join("project/okrs/2026-Q1/growth/alias.md"));
        },
        0,
        None,
    ));
    out.push(custom(
        "dangling and looping symlinks",
        "a link to nothing and a link to itself (skipped)",
        |p| {
            p.write("project/okrs/2026-Q1/company/real.md", VALID);
            std::fs::create_dir_all(p.join("project/okrs/2026-Q1/growth")).expect("mkdir");
            symlink(&p.join("nowhere.md"), &p.join("project/okrs/2026-Q1/growth/dangling.md"));
            symlink(&p.join("project/okrs/2026-Q1/growth/loop.md"), &p.join("project/okrs/2026-Q1/growth/loop.md"));
        },
        0,
        None,
    ));
    out
}

#[cfg(unix)]
fn symlink(target: &Path, link: &Path) {
    std::os::unix::fs::symlink(target, link).unwrap_or_else(|e| panic!("symlink {}: {e}", link.display()));
}

#[cfg(not(unix))]
fn symlink(_: &Path, _: &Path) {}

/// One run: exit code, stdout, stderr.
struct Outcome {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs a command to completion, or fails the test once the deadline has
/// passed (the child is killed).
fn run_with_deadline(mut cmd: Command, what: &str) -> Outcome {
    let mut child = cmd.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("spawn okr");
    let mut out = child.stdout.take().expect("stdout");
    let mut err = child.stderr.take().expect("stderr");
    let reader = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = out.read_to_end(&mut v);
        v
    });
    let err_reader = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = err.read_to_end(&mut v);
        v
    });
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if start.elapsed() > DEADLINE {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{what}: still running after {DEADLINE:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let stdout = String::from_utf8_lossy(&reader.join().expect("stdout reader")).into_owned();
    let stderr = String::from_utf8_lossy(&err_reader.join().expect("stderr reader")).into_owned();
    Outcome { code: status.code().unwrap_or(-1), stdout, stderr }
}

/// What one case did, for the assertions and the table.
struct Row {
    name: String,
    what: String,
    check: i32,
    /// The errors `okr check` reported (`rule at line:column: message`), or
    /// its fatal message.
    findings: Vec<String>,
    warnings: usize,
    status: i32,
}

fn run_case(case: &Case, problems: &mut Vec<String>) -> Row {
    let p = Project::empty();
    let dir = match &case.setup {
        Setup::File(bytes) => {
            p.write(&format!("{DIR}/{}", case.name), bytes);
            "."
        }
        Setup::Custom(f) => {
            f(&p);
            if p.exists("project") {
                "project"
            } else {
                "."
            }
        }
    };
    let okr = |args: &[&str]| {
        let mut cmd = p.okr_cmd(dir);
        cmd.args(args);
        let o = run_with_deadline(cmd, &format!("{}: okr {}", case.name, args.join(" ")));
        assert!(!o.stderr.contains("panicked"), "{}: okr {args:?} panicked:\n{}", case.name, o.stderr);
        assert!(matches!(o.code, 0..=2), "{}: okr {args:?} exited {}:\n{}", case.name, o.code, o.stderr);
        // Nothing from a file reaches the log as a workflow command or a
        // raw control or bidi character (issue 14).
        for line in o.stdout.lines().chain(o.stderr.lines()) {
            assert!(
                !okr::core::escape::is_workflow_command(line),
                "{}: okr {args:?} printed a workflow command: {line:?}",
                case.name
            );
            assert!(
                !line.chars().any(|c| c != '\t' && okr::core::escape::is_hostile(c)),
                "{}: okr {args:?} printed a raw control character: {line:?}",
                case.name
            );
        }
        o
    };
    let check = okr(&["check", "--no-history", "--as-of", AS_OF, "--format", "json"]);
    let text = okr(&["check", "--no-history", "--as-of", AS_OF]);
    let status = okr(&["status", "--no-history", "--as-of", AS_OF]);
    assert_eq!(text.code, check.code, "{}: text and JSON check disagree", case.name);

    let mut findings = Vec::new();
    let mut warnings = 0;
    if check.code == 2 {
        assert!(check.stdout.is_empty(), "{}: a fatal error printed a report", case.name);
        let mut message = check.stderr.trim().trim_start_matches("error: ").to_string();
        // The temporary folder differs from run to run.
        for tmp in [p.path().canonicalize().unwrap_or_default(), p.path().to_path_buf()] {
            message = message.replace(&tmp.display().to_string(), "$TMP");
        }
        findings.push(message);
    } else {
        let json: serde_json::Value = serde_json::from_str(&check.stdout)
            .unwrap_or_else(|e| panic!("{}: check's JSON ({e}):\n{}", case.name, check.stdout));
        for d in json["diagnostics"].as_array().expect("diagnostics") {
            if d["severity"] != "error" {
                warnings += 1;
                continue;
            }
            let (file, line, col) = (&d["file"], &d["line"], &d["column"]);
            assert!(
                file.is_string() && line.as_u64().is_some_and(|l| l >= 1) && col.as_u64().is_some_and(|c| c >= 1),
                "{}: an error without a position: {d}",
                case.name
            );
            // The text output names the same place as `file:line:col`
            // (hostile characters shown, as the terminal gets them).
            let shown =
                okr::core::escape::guard_output(&okr::core::escape::terminal(file.as_str().unwrap_or_default()), false)
                    .into_owned();
            let place = format!("{shown}:{line}:{col}");
            assert!(text.stdout.contains(&place), "{}: text output lacks {place}:\n{}", case.name, text.stdout);
            findings.push(format!("`{}` at {line}:{col}: {}", d["rule"].as_str().unwrap_or_default(), message(d)));
        }
        let first_rule = json["diagnostics"]
            .as_array()
            .and_then(|ds| ds.iter().find(|d| d["severity"] == "error"))
            .and_then(|d| d["rule"].as_str());
        if case.rule.is_some() && first_rule != case.rule {
            problems
                .push(format!("{}: first error {first_rule:?}, expected {:?}:\n{}", case.name, case.rule, text.stdout));
        }
    }
    for o in [&check, &text, &status] {
        assert!(
            !o.stdout.contains("SECRET") && !o.stderr.contains("SECRET"),
            "{}: read outside the project",
            case.name
        );
    }
    if check.code != case.check {
        problems.push(format!(
            "{}: check exited {}, expected {}:\n{}{}",
            case.name, check.code, case.check, text.stdout, check.stderr
        ));
    }
    Row { name: case.name.clone(), what: case.what.clone(), check: check.code, findings, warnings, status: status.code }
}

/// A finding's message without its hint, on one line.
fn message(d: &serde_json::Value) -> String {
    let m = d["message"].as_str().unwrap_or_default();
    // Up to the hint; a hostile file name's line breaks shown as `\n`.
    let m = m.split("\nhelp: ").next().unwrap_or_default();
    okr::core::escape::terminal(m).into_owned()
}

fn cell(s: &str) -> String {
    let s = s.replace('|', "\\|").replace('\n', " ");
    let chars: Vec<char> = s.chars().collect();
    if chars.len() > 220 {
        format!("{}…", chars[..220].iter().collect::<String>())
    } else {
        s
    }
}

fn table(rows: &[Row]) -> String {
    let mut out = String::from(
        "| case | input | `check` exit | errors (rule, line:column, message) | `status` exit |\n|---|---|---|---|---|\n",
    );
    for r in rows {
        let mut findings: Vec<String> = r.findings.iter().take(4).map(|f| cell(f)).collect();
        if r.findings.len() > 4 {
            findings.push(format!("… and {} more", r.findings.len() - 4));
        }
        if findings.is_empty() {
            findings.push(format!("none ({} other findings)", r.warnings));
        }
        out.push_str(&format!(
            "| `{}` | {} | {} | {} | {} |\n",
            r.name,
            cell(&r.what),
            r.check,
            findings.join("<br>"),
            r.status
        ));
    }
    out
}

const BEGIN: &str = "<!-- BEGIN GENERATED by tests/it/bad_input.rs -->\n";
const END: &str = "<!-- END GENERATED -->\n";

#[test]
fn every_bad_input_is_handled_and_documented() {
    let mut problems = Vec::new();
    let rows: Vec<Row> = cases().iter().map(|c| run_case(c, &mut problems)).collect();
    assert!(problems.is_empty(), "{} cases behave unexpectedly:\n\n{}", problems.len(), problems.join("\n\n"));
    let generated = table(&rows);
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/robustness.md");
    let doc = std::fs::read_to_string(&path).unwrap_or_default();
    let (Some(b), Some(e)) = (doc.find(BEGIN), doc.find(END)) else {
        panic!("docs/robustness.md lacks the generated-table markers");
    };
    let current = &doc[b + BEGIN.len()..e];
    if std::env::var_os("UPDATE_DOCS").is_some() {
        let updated = format!("{}{generated}{}", &doc[..b + BEGIN.len()], &doc[e..]);
        std::fs::write(&path, updated).expect("write docs/robustness.md");
        return;
    }
    assert!(
        current == generated,
        "docs/robustness.md is out of date: check the difference, then run `UPDATE_DOCS=1 cargo test --test it bad_input::`\n{generated}"
    );
}
