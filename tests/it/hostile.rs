//! Hostile repositories and pull requests (issue 14): file names, titles and
//! commit messages that try to forge workflow commands, drive the terminal
//! or break out of Markdown. Repositories are built with the git CLI.

use crate::common;

use common::Project;

const GOOD: &str = "---\nowner: maya\nkey_results:\n  - id: a\n    title: Raise weekly active teams from 10 to 20\n    baseline: 10\n    target: 20\n    current: 12\n---\n# Grow the product\n";

/// A path that, printed raw, starts three workflow commands on lines of
/// their own and carries terminal escapes and a bidi override.
const FORGED: &str =
    "okrs/2026-Q1/growth/x\n::error title=forged::owned\n::add-mask::warning\n::stop-commands::t\n\u{1b}]0;pwned\u{7}\u{1b}[2J\u{202e}dm.md";

/// Whether the runner would take `line` as a workflow command.
fn is_command(line: &str) -> bool {
    let t: String = line
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control() && !('\u{200b}'..='\u{200f}').contains(c))
        .collect();
    t.starts_with("::") || t.contains("##[")
}

/// No line of `text` is a workflow command, no raw control character but
/// colours and line ends, no bidi control.
#[track_caller]
fn assert_inert(what: &str, text: &str) {
    for line in text.lines() {
        assert!(!is_command(line), "{what}: a line reads as a workflow command: {line:?}\n{text}");
        let mut rest = line;
        while let Some(i) = rest.find('\u{1b}') {
            let after = &rest[i + 1..];
            let sgr = after.strip_prefix('[').is_some_and(|b| {
                let n = b.bytes().take_while(|c| c.is_ascii_digit() || *c == b';').count();
                b.as_bytes().get(n) == Some(&b'm')
            });
            assert!(sgr, "{what}: a raw escape sequence that is not a colour: {line:?}");
            rest = after;
        }
        assert!(
            !line
                .chars()
                .any(|c| (c.is_control() && c != '\u{1b}' && c != '\t') || ('\u{202a}'..='\u{202e}').contains(&c)),
            "{what}: a raw control or bidi character: {line:?}"
        );
    }
}

/// A repository whose history holds the forged file (unreadable front
/// matter, so the history engine warns about it by name), then deletes it;
/// the working tree keeps a good file whose title is hostile too.
fn forged_repo() -> Project {
    let p = Project::with_files(&[("okrs/2026-Q1/growth/good.md", GOOD)]);
    p.git_init();
    p.write(FORGED, "---\nkey_results: [\n---\n# broken\n");
    p.commit_all("plant", "2026-01-06T09:00:00Z");
    std::fs::remove_file(p.join(FORGED)).expect("remove");
    p.edit(
        "okrs/2026-Q1/growth/good.md",
        "# Grow the product",
        "# Grow\u{1b}]0;pwned\u{7} the \u{202e}product\n::error::title",
    );
    p.commit_all("remove\n::error::message", "2026-01-07T09:00:00Z");
    p
}

#[test]
fn no_output_forges_workflow_commands_or_terminal_escapes() {
    let p = forged_repo();
    let runs: &[&[&str]] = &[
        &["check", "--as-of", "2026-02-01"],
        &["check", "--as-of", "2026-02-01", "--format", "json"],
        &["check", "--as-of", "2026-02-01", "--format", "sarif"],
        &["check", "--as-of", "2026-02-01", "--format", "markdown"],
        &["status", "--as-of", "2026-02-01"],
        &["status", "--as-of", "2026-02-01", "--format", "json"],
        &["status", "--as-of", "2026-02-01", "--format", "markdown"],
        &["trend", "--as-of", "2026-02-01"],
        &["retro", "2026-Q1", "--as-of", "2026-04-02"],
        &["tree", "--quarter", "2026-Q1"],
        &["diff", "HEAD~1", "HEAD"],
    ];
    for args in runs {
        for colour in [false, true] {
            let mut cmd = p.okr_cmd(".");
            cmd.args(*args).env("GITHUB_ACTIONS", "true");
            if colour {
                cmd.env_remove("NO_COLOR").env("CLICOLOR_FORCE", "1");
            }
            let out = cmd.output().expect("okr runs");
            let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
            assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
            assert_inert(&format!("{args:?} stdout"), &stdout);
            assert_inert(&format!("{args:?} stderr"), &stderr);
        }
    }
    // The history warning names the file, escaped, on one line.
    let run = p.okr(&["check", "--as-of", "2026-02-01"]);
    assert!(run.stderr.contains("growth/x\\n::error title=forged::owned\\n"), "{}", run.stderr);
}

#[test]
fn check_github_format_emits_only_okrs_own_commands() {
    let p = forged_repo();
    let mut cmd = p.okr_cmd(".");
    let out = cmd
        .args(["check", "--as-of", "2026-02-01", "--format", "github"])
        .env("GITHUB_ACTIONS", "true")
        .output()
        .expect("okr runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_inert("stderr", &stderr);
    for line in stdout.lines() {
        assert!(
            line.starts_with("::error ")
                || line.starts_with("::warning ")
                || line.starts_with("::notice ")
                || line.starts_with("okr: "),
            "{line:?}"
        );
        assert!(!line.contains("title=forged") && !line.contains('\u{1b}') && !line.contains('\u{202e}'), "{line:?}");
    }
}

/// A file name and a title built to break out of a code span, split a
/// table, make HTML and links live and ping people and issues.
const MD_PATH: &str = "okrs/2026-Q1/growth/a`<img src=x onerror=alert(1)>`|[x](javascript:alert(1))|.md";
const MD_TITLE: &str = "Grow `<img src=y onerror=alert(2)>` | [y](javascript:alert(2)) @maya #123";

fn markdown_repo() -> Project {
    let p = Project::with_files(&[("okrs/2026-Q1/growth/good.md", GOOD)]);
    p.git_init();
    p.commit_all("start", "2026-01-06T09:00:00Z");
    p.write(
        MD_PATH,
        GOOD.replace("# Grow the product", &format!("# {MD_TITLE}")).replace("current: 12", "current: 15"),
    );
    p.commit_all("hostile", "2026-01-07T09:00:00Z");
    p
}

/// Markdown that renders no HTML or link from the repository and mentions
/// nobody: every `<` escaped, no `](`, no raw `@maya` or `#123`, and every
/// table row with as many cells as its header.
#[track_caller]
fn assert_markdown_inert(what: &str, md: &str) {
    // Text outside code spans and fenced blocks (inside them, nothing is live).
    let mut fenced = false;
    let outside: String = md
        .lines()
        .filter(|l| {
            if l.starts_with("```") {
                fenced = !fenced;
                return false;
            }
            !fenced
        })
        .flat_map(|l| l.replace("\\`", "").split('`').step_by(2).map(str::to_string).collect::<Vec<_>>())
        .collect::<Vec<_>>()
        .join("\n");
    assert!(!outside.contains("<img"), "{what}: live HTML\n{md}");
    assert!(!outside.replace("\\]", "").contains("](javascript"), "{what}: a live link\n{md}");
    assert!(!outside.contains("@maya") && !outside.contains("#123"), "{what}: a live mention or reference\n{md}");
    let mut cells = None;
    for line in md.lines() {
        if !line.starts_with('|') {
            cells = None;
            continue;
        }
        // Cells as GitHub splits them: at `|` not escaped with `\`.
        let n = line.replace("\\\\", "").replace("\\|", "").matches('|').count();
        match cells {
            None => cells = Some(n),
            Some(c) => assert_eq!(c, n, "{what}: a row splits the table: {line:?}\n{md}"),
        }
    }
    for (i, line) in md.lines().enumerate().filter(|(_, l)| !l.contains("[\"") && !l.starts_with("```")) {
        // A code span opened on a line closes on it (no backtick breakout):
        // unescaped backticks come in pairs.
        let ticks = line.replace("\\`", "").matches('`').count();
        assert!(ticks % 2 == 0, "{what}: line {} has an unpaired backtick: {line:?}", i + 1);
    }
}

#[test]
fn every_markdown_output_escapes_the_same_hostile_names() {
    let p = markdown_repo();
    let runs: &[&[&str]] = &[
        &["status", "--as-of", "2026-02-01", "--format", "markdown"],
        &["check", "--as-of", "2026-02-01", "--format", "markdown"],
        &["diff", "HEAD~1", "HEAD", "--format", "markdown"],
        &["retro", "2026-Q1", "--as-of", "2026-04-02", "--format", "markdown"],
        &["trend", "--as-of", "2026-02-01", "--format", "markdown"],
        &["tree", "--quarter", "2026-Q1", "--format", "markdown"],
        &["pr", "--base", "HEAD~1", "--head", "HEAD", "--as-of", "2026-02-01"],
    ];
    for args in runs {
        let run = p.okr(args);
        assert!(run.code == 0 || run.code == 1, "{args:?}: {}\n{}", run.code, run.stderr);
        assert_markdown_inert(&format!("{args:?}"), &run.stdout);
        assert!(run.stdout.contains("alert"), "{args:?} does not show the hostile names:\n{}", run.stdout);
    }
    let run = p.okr(&["check", "--as-of", "2026-02-01", "--summary", "summary.md", "--format", "json"]);
    assert!(run.code == 0 || run.code == 1, "{}", run.stderr);
    let summary = String::from_utf8(p.read("summary.md")).expect("UTF-8");
    assert_markdown_inert("check --summary", &summary);
}

/// `git replace` refs: every history-reading command reads the original
/// objects (replacements off), never panics.
#[test]
fn replace_refs_do_not_panic() {
    let p = Project::with_files(&[("okrs/2026-Q1/growth/good.md", GOOD)]);
    p.git_init();
    p.commit_all("start", "2026-01-06T09:00:00Z");
    p.edit("okrs/2026-Q1/growth/good.md", "current: 12", "current: 14");
    p.commit_all("check-in", "2026-01-07T09:00:00Z");
    p.edit("okrs/2026-Q1/growth/good.md", "current: 14", "current: 16");
    p.commit_all("check-in", "2026-01-08T09:00:00Z");
    p.git(&["replace", "HEAD~1", "HEAD~2"]);
    for args in [
        &["check", "--as-of", "2026-02-01"][..],
        &["status", "--as-of", "2026-02-01"],
        &["trend", "--as-of", "2026-02-01", "--format", "json"],
        &["check", "--as-of", "2026-02-01", "--rev", "HEAD~1"],
    ] {
        let run = p.okr(args);
        assert!(run.code == 0 || run.code == 1, "{args:?}: {}\n{}", run.code, run.stderr);
    }
    let trend = p.okr(&["trend", "--as-of", "2026-02-01", "--format", "json"]).json();
    assert!(trend.to_string().matches("\"current\":").count() >= 3, "{trend}");
}

const TWO: &str = "---\nowner: maya\nkey_results:\n  - id: a\n    title: Raise weekly active teams from 10 to 20\n    baseline: 10\n    target: 20\n    current: 12\n  - id: b\n    title: Cut churn from 8 to 4 percent\n    baseline: 8\n    target: 4\n    current: 7\n---\n# Grow the product\n";

/// Two `okr set` runs on one file at once: each either lands (and stays)
/// or fails with a clear message; an edit that reported success is never
/// lost.
#[test]
fn concurrent_sets_never_lose_an_edit() {
    let p = Project::with_files(&[("okrs/2026-Q1/growth/two.md", TWO)]);
    p.init_repo("start");
    let mut lost = Vec::new();
    for i in 0..25 {
        let (va, vb) = (format!("{}", 13 + i), format!("{}", 6.5 - f64::from(i) / 100.0));
        let mut a = p.okr_cmd(".");
        a.args(["set", "2026-Q1/growth/two#a", &va, "--allow-ended"]);
        let mut b = p.okr_cmd(".");
        b.args(["set", "2026-Q1/growth/two#b", &vb, "--allow-ended"]);
        // Started together, not one after the other.
        let (ha, hb) = (
            a.stdout(std::process::Stdio::piped()).stderr(std::process::Stdio::piped()).spawn().expect("spawn"),
            b.stdout(std::process::Stdio::piped()).stderr(std::process::Stdio::piped()).spawn().expect("spawn"),
        );
        let (oa, ob) = (ha.wait_with_output().expect("wait"), hb.wait_with_output().expect("wait"));
        let text = String::from_utf8(p.read("okrs/2026-Q1/growth/two.md")).expect("UTF-8");
        for (out, line) in [(&oa, format!("current: {va}\n")), (&ob, format!("current: {vb}\n"))] {
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(!stderr.contains("panicked"), "{stderr}");
            match out.status.code() {
                Some(0) => {
                    if !text.contains(&line) {
                        lost.push(format!("try {i}: `{}` reported success but the file lacks it", line.trim()));
                    }
                }
                Some(2) => assert!(
                    stderr.contains("another `okr set`")
                        || stderr.contains("changed while okr was reading it")
                        || stderr.contains("has uncommitted changes"),
                    "{stderr}"
                ),
                c => panic!("exit {c:?}: {stderr}"),
            }
        }
        // Commit whatever landed, so the next try starts clean.
        p.commit_all("landed", "2026-01-06T09:00:00Z");
    }
    assert!(lost.is_empty(), "{} lost edits:\n{}", lost.len(), lost.join("\n"));
}

/// A read-only file is refused, as `git` would not replace it either.
#[cfg(unix)]
#[test]
fn set_refuses_a_read_only_file() {
    use std::os::unix::fs::PermissionsExt;
    let p = Project::with_files(&[("okrs/2026-Q1/growth/two.md", TWO)]);
    p.init_repo("start");
    let path = p.join("okrs/2026-Q1/growth/two.md");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).expect("chmod");
    let run = p.okr(&["set", "2026-Q1/growth/two#a", "15", "--allow-ended"]);
    run.expect_code(2);
    assert!(run.stderr.contains("read-only"), "{}", run.stderr);
    assert_eq!(p.read("okrs/2026-Q1/growth/two.md"), TWO.as_bytes());
    assert_eq!(std::fs::metadata(&path).expect("meta").permissions().mode() & 0o777, 0o444);
}

/// A blobless partial clone (actions/checkout with `filter: blob:none`)
/// lacks old file versions: the history is not silently dropped; the
/// reason is printed once, with the checkout settings that work; `check`
/// goes on without history, `trend` (which needs it) exits 2.
#[test]
fn a_partial_clone_says_why_history_is_missing() {
    let src = Project::with_files(&[("okrs/2026-Q1/growth/good.md", GOOD)]);
    src.git_init();
    src.commit_all("start", "2026-01-06T09:00:00Z");
    src.edit("okrs/2026-Q1/growth/good.md", "current: 12", "current: 14");
    src.commit_all("check-in", "2026-01-07T09:00:00Z");
    src.git(&["config", "uploadpack.allowFilter", "true"]);
    let p = Project::empty();
    let url = format!("file://{}", src.path().display());
    p.git(&["clone", "-q", "--filter=blob:none", &url, "."]);
    let check = p.okr(&["check", "--as-of", "2026-02-01"]);
    assert!(check.code == 0 || check.code == 1, "{}", check.stderr);
    assert_eq!(check.stderr.matches("partial clone").count(), 1, "{}", check.stderr);
    assert!(check.stderr.contains("filter"), "{}", check.stderr);
    let trend = p.okr(&["trend", "--as-of", "2026-02-01"]);
    trend.expect_code(2);
    assert!(trend.stderr.contains("partial clone"), "{}", trend.stderr);
}

/// A SHA-256 repository is not "not a git repository": okr says what it is,
/// and `okr set` keeps its dirty-file guard.
#[test]
fn a_sha256_repository_is_named_and_set_keeps_its_guard() {
    let p = Project::with_files(&[("okrs/2026-Q1/growth/good.md", GOOD)]);
    p.git(&["init", "-q", "--object-format=sha256", "-b", "main"]);
    p.commit_all("start", "2026-01-06T09:00:00Z");
    p.edit("okrs/2026-Q1/growth/good.md", "current: 12", "current: 13");
    let set = p.okr(&["set", "2026-Q1/growth/good#a", "15", "--allow-ended"]);
    set.expect_code(2);
    assert!(set.stderr.contains("SHA-256"), "{}", set.stderr);
    assert!(String::from_utf8(p.read("okrs/2026-Q1/growth/good.md")).expect("UTF-8").contains("current: 13"));
    let check = p.okr(&["check", "--as-of", "2026-02-01"]);
    assert!(check.code == 0 || check.code == 1, "{}", check.stderr);
    assert_eq!(check.stderr.matches("SHA-256").count(), 1, "{}", check.stderr);
    let trend = p.okr(&["trend", "--as-of", "2026-02-01"]);
    trend.expect_code(2);
    assert!(trend.stderr.contains("SHA-256") && !trend.stderr.contains("not a git repository"), "{}", trend.stderr);
}

/// `okr set` and YAML aliases, anchors and tags: an alias is replaced by the
/// number; a value that aliases read elsewhere, or a tag the number would
/// not fit, is refused at FILE:LINE:COL and the file left as it was.
#[test]
fn set_through_aliases_anchors_and_tags_never_writes_another_meaning() {
    let file = "okrs/2026-Q1/growth/al.md";
    let kr = "2026-Q1/growth/al#a";
    let alias = GOOD.replace("baseline: 10", "baseline: &s 10").replace("current: 12", "current: *s");
    let p = Project::with_files(&[(file, alias.as_str())]);
    p.init_repo("start");
    p.okr(&["set", kr, "15", "--allow-ended"]).expect_code(0);
    assert_eq!(String::from_utf8(p.read(file)).expect("UTF-8"), alias.replace("current: *s", "current: 15"));
    let status = p.okr(&["status", "--format", "json", "--no-history", "--as-of", "2026-02-01"]).json();
    assert_eq!(status["objectives"][0]["key_results"][0]["current"], 15);
    assert_eq!(status["objectives"][0]["key_results"][0]["baseline"], 10);

    for (written, needle) in
        [("current: &c 12\n    note: *c", "alias at line 9, column 11"), ("current: !!int 12", "`!!int`")]
    {
        let text = GOOD.replace("current: 12", written);
        let p = Project::with_files(&[(file, text.as_str())]);
        p.init_repo("start");
        let run = p.okr(&["set", kr, "15.5", "--allow-ended"]);
        run.expect_code(2);
        assert!(run.stderr.contains(&format!("{file}:8:14: ")), "{}", run.stderr);
        assert!(run.stderr.contains(needle), "{}", run.stderr);
        assert_eq!(p.read(file), text.as_bytes());
    }
}
