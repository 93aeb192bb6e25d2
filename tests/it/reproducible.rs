//! Reproducibility (issue 7): the same commit and `--as-of` give
//! byte-identical output for every command and format, whatever the
//! directory, the time zone, the locale and the number of threads.
//!
//! One fixture repository with a real history (the repository's example OKRs
//! with weekly check-ins by four people, then a merged side branch, a moved
//! target, a rename, a copy-pasted objective and a broken file; see
//! [`fixture`]) is cloned with `git clone --no-local` into a second directory
//! whose path has another length, a space and a non-ASCII letter. The
//! original keeps its objects loose and has no commit-graph; the clone has
//! one pack and a commit-graph, so the history is read through other code
//! paths. Every command runs in four places:
//!
//! - `A1`: the original, in UTC-12, `LANG=C.UTF-8`;
//! - `A2`: the same again, on one CPU (`taskset -c 0`, when it can be used),
//!   so that the history engine runs on one thread instead of several;
//! - `B1`: the clone, in UTC+14 (as `Pacific/Kiritimati`: 26 hours ahead of
//!   `A`, so every local date differs, and commits at 23:30 UTC or in UTC+9
//!   fall on other local days), `LANG=de_DE.UTF-8`;
//! - `B2`: the clone again, started in its `okrs/` folder with `-C ..`.
//!
//! stdout, stderr, the exit code and every file the command writes must be
//! byte-identical to `A1`'s, and no output may name either directory.
//! `COLUMNS`, `NO_COLOR`, `TERM` and the `GITHUB_*` variables `okr pr` reads
//! are the same everywhere. Each mismatch is reported with a diff naming the
//! command and the place.

use crate::common;

use common::{fixtures, Project, Who};
use std::path::Path;
use std::process::Stdio;

const AS_OF: &str = "2026-11-20";

const SAM: Who = ("Sam Ortiz", "sam@example.com");
const LEE: Who = ("Lee Chen", "lee@example.com");
const PRIYA: Who = ("Priya Nair", "priya@example.com");
const TOM: Who = ("Tom Ng", "tom@example.com");
/// Merges a side branch and changes no value herself.
const RILEY: Who = ("Riley Park", "riley@example.com");

const PIPELINE: &str = "okrs/2026-Q4/growth/pipeline.md";
const FIELD: &str = "okrs/2026-Q4/mobile/field-adoption.md";
const ACTIVATION: &str = "okrs/2026-Q4/growth/activation.md";
const OFFLINE: &str = "okrs/2026-Q4/mobile/offline-app.md";
const OFFLINE_FIRST: &str = "okrs/2026-Q4/mobile/offline-first.md";

/// A near-copy of the company objective it names as parent: fires
/// `copy-paste-cascade`.
const SALES: &str = r#"---
owner: priya
parent: "company/growth-engine#new-arr"
key_results:
  - id: new-arr
    title: Grow monthly net new ARR from 280k to 450k USD
    unit: kUSD
    baseline: 280
    target: 450
    current: 301
  - id: qualified-pipeline
    title: Grow qualified pipeline created per month from 1.2 to 2.0 MUSD
    layer: leading
    unit: MUSD
    baseline: 1.2
    target: 2.0
    current: 1.25
    drives: [new-arr]
---
# Turn Tidewater into a growth engine that runs without heroics
"#;

/// A misspelt field and parent, a task-shaped KR and objective: errors with
/// "did you mean" hints and source excerpts, and quality warnings.
const BROKEN: &str = r#"---
owner: priya
parent: company/growth-engin
key_results:
  - id: outbound
    title: Launch the outbound playbook by December
    done: false
    confidense: 0.8
---
# Launch the outbound playbook
"#;

const CONFIG: &str = r#"root = "okrs"

[check]
stale_after_days = 10

[check.rules]
no-parent = "warn"
"#;

/// The example OKRs with their weekly check-ins (2026-Q3 and 2026-Q4, four
/// people, [`fixtures::example_repo`]); then, on a side branch `pipeline`,
/// two check-ins dated in UTC+9 (the first on 2026-11-17 in UTC), merged
/// into `main` by someone else after a check-in on `main`; then, on the
/// checked-out branch `q4-update`: a moved target (at 23:30 UTC), a renamed
/// objective changed after the rename (in UTC-5), `okr.toml`, a copy-pasted
/// sales objective and a broken file.
fn fixture() -> Project {
    let p = fixtures::example_repo();
    p.git(&["checkout", "-q", "-b", "pipeline"]);
    p.edit(PIPELINE, "current: 182", "current: 188");
    p.commit_as(SAM, "2026-11-18T08:00:00+09:00", "growth: SQLs from the partner webinar");
    p.edit(PIPELINE, "current: 420", "current: 431");
    p.commit_as(SAM, "2026-11-18T09:30:00+09:00", "growth: sign-ups from comparison searches");
    p.git(&["checkout", "-q", "main"]);
    p.edit(FIELD, "current: 2600", "current: 2680");
    p.commit_as(LEE, "2026-11-18T12:00:00Z", "mobile: weekly actives");
    p.git_as(
        ".",
        RILEY.0,
        RILEY.1,
        "2026-11-18T15:00:00Z",
        &["merge", "-q", "--no-ff", "-m", "Merge branch 'pipeline'", "pipeline"],
    );

    p.git(&["checkout", "-q", "-b", "q4-update"]);
    p.edit(ACTIVATION, "target: 32", "target: 30");
    p.commit_as(TOM, "2026-11-18T23:30:00Z", "growth: lower the activation target, the pricing test slipped");
    p.git(&["mv", OFFLINE, OFFLINE_FIRST]);
    p.commit_as(LEE, "2026-11-19T09:00:00Z", "mobile: offline-app is now offline-first");
    p.edit(OFFLINE_FIRST, "current: 99.0", "current: 99.2");
    p.commit_as(LEE, "2026-11-19T10:00:00-05:00", "mobile: crash-free sessions");
    p.write("okr.toml", CONFIG);
    p.write("okrs/2026-Q4/sales/arr.md", SALES);
    p.write("okrs/2026-Q4/sales/broken.md", BROKEN);
    p.commit_as(PRIYA, "2026-11-19T11:00:00Z", "sales: Q4 objectives");
    p
}

/// A clone of `a` at a path of another length with a space and a non-ASCII
/// letter: one pack (`--no-local`), a commit-graph, a local `main`.
fn clone_of(a: &Project) -> Project {
    let b = Project::empty_named("okr reproducible clone ü-");
    let from = a.path().to_str().expect("UTF-8 temp path");
    b.git(&["clone", "-q", "--no-local", from, "."]);
    b.git(&["branch", "-q", "main", "origin/main"]);
    b.git(&["commit-graph", "write", "--reachable"]);
    for rev in ["HEAD", "main"] {
        assert_eq!(b.git(&["rev-parse", rev]), a.git(&["rev-parse", rev]), "the clone's {rev}");
    }
    assert_ne!(a.path().as_os_str().len(), b.path().as_os_str().len());
    b
}

// ------------------------------------------------------------------ runs

/// What one run produced: exit code, both streams, and the files it wrote
/// (project-relative path, bytes), sorted.
#[derive(Debug)]
struct Outcome {
    code: Option<i32>,
    stdout: Vec<u8>,
    stderr: Vec<u8>,
    files: Vec<(String, Vec<u8>)>,
}

/// Set identically in every run.
const SAME_ENV: &[(&str, &str)] = &[
    ("COLUMNS", "100"),
    ("NO_COLOR", "1"),
    ("TERM", "dumb"),
    ("GITHUB_REPOSITORY", "acme/okrs"),
    ("GITHUB_SERVER_URL", "https://github.com"),
];
/// The time zones are POSIX `TZ` strings, which need no time zone database:
/// UTC-12 and UTC+14 (`Pacific/Kiritimati`), the two ends of the clock.
const ENV_A: &[(&str, &str)] = &[("TZ", "<-12>12"), ("LANG", "C.UTF-8"), ("LC_ALL", "C.UTF-8")];
const ENV_B: &[(&str, &str)] = &[("TZ", "<+14>-14"), ("LANG", "de_DE.UTF-8"), ("LC_ALL", "de_DE.UTF-8")];

/// Where and how a command runs.
struct Place<'a> {
    name: &'static str,
    project: &'a Project,
    /// The folder started in (project-relative).
    cwd: &'static str,
    /// Global options before the command (`-C ..`).
    pre: &'static [&'static str],
    env: &'static [(&'static str, &'static str)],
    /// Under `taskset -c 0`.
    one_cpu: bool,
}

/// Whether `taskset -c 0` works here (util-linux, CPU 0 allowed).
fn taskset_works() -> bool {
    std::process::Command::new("taskset")
        .args(["-c", "0", "true"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// The four places of the module documentation.
fn places<'a>(a: &'a Project, b: &'a Project) -> [Place<'a>; 4] {
    let one_cpu = taskset_works();
    [
        Place { name: "A1 (first run, UTC-12)", project: a, cwd: ".", pre: &[], env: ENV_A, one_cpu: false },
        Place { name: "A2 (second run, one CPU)", project: a, cwd: ".", pre: &[], env: ENV_A, one_cpu },
        Place { name: "B1 (clone, UTC+14)", project: b, cwd: ".", pre: &[], env: ENV_B, one_cpu: false },
        Place {
            name: "B2 (clone, from okrs/ with -C ..)",
            project: b,
            cwd: "okrs",
            pre: &["-C", ".."],
            env: ENV_B,
            one_cpu,
        },
    ]
}

/// Every file under `dir` (project-relative), sorted.
fn files_under(project: &Path, dir: &str) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![project.join(dir)];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else { continue };
        for e in entries {
            let path = e.expect("dir entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path.strip_prefix(project).expect("inside").to_string_lossy().replace('\\', "/");
                out.push((rel, std::fs::read(&path).expect("read output file")));
            }
        }
    }
    out.sort();
    out
}

/// What a run left behind, besides its streams: (name, bytes), sorted.
type Capture = fn(&Project) -> Vec<(String, Vec<u8>)>;

/// The files written under `out/`.
fn out_files(p: &Project) -> Vec<(String, Vec<u8>)> {
    files_under(p.path(), "out")
}

/// Runs `okr ARGS` at `place` with `out/` created empty before (for the
/// files a command is told to write) and removed after; `capture` reads
/// what the run left behind.
fn run(place: &Place<'_>, args: &[&str], env: &[(&str, &str)], capture: Capture) -> Outcome {
    let out_dir = place.project.join("out");
    let _ = std::fs::remove_dir_all(&out_dir);
    std::fs::create_dir(&out_dir).expect("create out/");
    let mut cmd = if place.one_cpu {
        let mut c = place.project.command_in("taskset", place.cwd);
        c.args(["-c", "0", env!("CARGO_BIN_EXE_okr")]);
        c
    } else {
        place.project.okr_cmd(place.cwd)
    };
    cmd.args(place.pre).args(args);
    cmd.envs(SAME_ENV.iter().copied()).envs(env.iter().copied()).envs(place.env.iter().copied());
    let o = cmd.stdin(Stdio::null()).output().expect("okr runs");
    let files = capture(place.project);
    let _ = std::fs::remove_dir_all(&out_dir);
    Outcome { code: o.status.code(), stdout: o.stdout, stderr: o.stderr, files }
}

/// A case from its arguments, which may contain spaces.
fn case(args: &[&str], expect: &[&'static str]) -> Case {
    (args.iter().map(|a| a.to_string()).collect(), expect.to_vec())
}

// ------------------------------------------------------------ comparing

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A unified diff of two texts, at most 60 lines.
fn diff(a: &[u8], b: &[u8], a_name: &str, b_name: &str) -> String {
    let (a, b) = (text(a), text(b));
    let d = similar::TextDiff::from_lines(&a, &b);
    let full = d.unified_diff().context_radius(2).header(a_name, b_name).to_string();
    let lines: Vec<&str> = full.lines().collect();
    if lines.len() > 60 {
        format!("{}\n… ({} more lines)\n", lines[..60].join("\n"), lines.len() - 60)
    } else {
        full
    }
}

/// Every way `other` differs from `reference`, one message each.
fn differences(what: &str, reference: (&str, &Outcome), other: (&str, &Outcome)) -> Vec<String> {
    let ((rn, r), (on, o)) = (reference, other);
    let mut out = Vec::new();
    if r.code != o.code {
        out.push(format!("`{what}`: exit code {:?} in {rn}, {:?} in {on}", r.code, o.code));
    }
    for (stream, x, y) in [("stdout", &r.stdout, &o.stdout), ("stderr", &r.stderr, &o.stderr)] {
        if x != y {
            out.push(format!("`{what}`: {stream} differs between {rn} and {on}:\n{}", diff(x, y, rn, on)));
        }
    }
    let names = |f: &[(String, Vec<u8>)]| f.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
    if names(&r.files) != names(&o.files) {
        out.push(format!(
            "`{what}`: other files written in {on} than in {rn}:\n{}",
            diff(names(&r.files).join("\n").as_bytes(), names(&o.files).join("\n").as_bytes(), rn, on)
        ));
    } else {
        for ((name, x), (_, y)) in r.files.iter().zip(&o.files) {
            if x != y {
                out.push(format!("`{what}`: {name} differs between {rn} and {on}:\n{}", diff(x, y, rn, on)));
            }
        }
    }
    out
}

/// Messages for every place where `o` names a directory it ran in: output
/// must not depend on where the project is.
fn leaks(what: &str, place: &str, o: &Outcome, dirs: &[&Path]) -> Vec<String> {
    let mut out = Vec::new();
    for dir in dirs {
        let mut needles = vec![dir.to_string_lossy().into_owned()];
        if let Ok(c) = dir.canonicalize() {
            needles.push(c.to_string_lossy().into_owned());
        }
        let mut sources: Vec<(&str, &[u8])> = vec![("stdout", &o.stdout), ("stderr", &o.stderr)];
        sources.extend(o.files.iter().map(|(n, b)| (n.as_str(), b.as_slice())));
        for (source, bytes) in sources {
            let t = text(bytes);
            if let Some(n) = needles.iter().find(|n| t.contains(n.as_str())) {
                out.push(format!("`{what}` in {place}: {source} names the directory {n}"));
            }
        }
    }
    out
}

/// A command line and strings its first run's output (streams and captured
/// files) must contain, to show the fixture has what it is meant to have.
type Case = (Vec<String>, Vec<&'static str>);

/// Runs each case at every place (with `env` on top of the place's),
/// compares each run with the first, checks the strings each case expects,
/// and panics with every failure at once.
fn assert_reproducible(places: &[Place<'_>], cases: &[Case], env: &[(&str, &str)], capture: Capture) {
    // Places on different projects run side by side; each project's runs
    // stay in order (they share its `out/`).
    let outcomes: Vec<Vec<Outcome>> = std::thread::scope(|s| {
        let mut by_project: Vec<(&Project, Vec<usize>)> = Vec::new();
        for (i, p) in places.iter().enumerate() {
            match by_project.iter_mut().find(|(proj, _)| std::ptr::eq(*proj, p.project)) {
                Some((_, idx)) => idx.push(i),
                None => by_project.push((p.project, vec![i])),
            }
        }
        let handles: Vec<_> = by_project
            .into_iter()
            .map(|(_, idx)| {
                s.spawn(move || {
                    let mut got: Vec<(usize, Vec<Outcome>)> = idx.iter().map(|&i| (i, Vec::new())).collect();
                    for (args, _) in cases {
                        let args: Vec<&str> = args.iter().map(String::as_str).collect();
                        for (i, outs) in got.iter_mut() {
                            outs.push(run(&places[*i], &args, env, capture));
                        }
                    }
                    got
                })
            })
            .collect();
        let mut all: Vec<(usize, Vec<Outcome>)> =
            handles.into_iter().flat_map(|h| h.join().expect("runner thread")).collect();
        all.sort_by_key(|(i, _)| *i);
        all.into_iter().map(|(_, o)| o).collect()
    });

    let mut dirs: Vec<&Path> = places.iter().map(|p| p.project.path()).collect();
    dirs.dedup();
    let mut failures = Vec::new();
    for (c, (args, expected)) in cases.iter().enumerate() {
        let what = format!("okr {}", args.join(" "));
        let reference = &outcomes[0][c];
        let all_output = [text(&reference.stdout), text(&reference.stderr)]
            .into_iter()
            .chain(reference.files.iter().map(|(_, b)| text(b)))
            .collect::<Vec<_>>()
            .join("\n");
        for e in expected {
            if !all_output.contains(e) {
                let head: String = all_output.chars().take(3000).collect();
                failures.push(format!("`{what}` in {}: the output lacks `{e}`:\n{head}", places[0].name));
            }
        }
        if reference.stdout.is_empty() && reference.stderr.is_empty() && reference.files.is_empty() {
            failures.push(format!("`{what}`: no output at all"));
        }
        if String::from_utf8_lossy(&reference.stderr).contains("panicked") {
            failures.push(format!("`{what}` panicked:\n{}", text(&reference.stderr)));
        }
        for (p, place) in places.iter().enumerate() {
            let o = &outcomes[p][c];
            failures.extend(leaks(&what, place.name, o, &dirs));
            if p > 0 {
                failures.extend(differences(&what, (places[0].name, reference), (place.name, o)));
            }
        }
    }
    assert!(failures.is_empty(), "{} reproducibility failures:\n\n{}", failures.len(), failures.join("\n\n"));
}

/// Cases from whitespace-separated command lines (no argument has a space),
/// each with strings its output must contain.
fn cases(lines: &[(&str, &[&'static str])]) -> Vec<Case> {
    lines
        .iter()
        .map(|(line, expect)| {
            (line.replace("AS_OF", AS_OF).split_whitespace().map(String::from).collect(), expect.to_vec())
        })
        .collect()
}

// ------------------------------------------------------------------ tests

/// Every command that reads OKRs, in every format it has, plus the ones
/// that read nothing (`rules`, `completions`, `man`) and a few errors.
#[test]
fn every_command_and_format_is_byte_identical_across_runs_directories_time_zones_and_threads() {
    let a = fixture();
    let b = clone_of(&a);
    // UTC-12 and UTC+14 never share a local date: "today" is the date in
    // UTC, so it is the same in both.
    let today = |env| {
        run(
            &Place { name: "", project: &a, cwd: ".", pre: &[], env, one_cpu: false },
            &["status", "--as-of", "today", "--format", "json"],
            &[],
            out_files,
        )
    };
    assert_eq!(today(ENV_A).stdout, today(ENV_B).stdout, "today is the date in UTC, whatever TZ says");
    let cases = cases(&[
        // status
        ("status --as-of AS_OF", &["growth"]),
        ("status --as-of AS_OF --format json", &["\"updated\""]),
        ("status --as-of AS_OF --format markdown", &[]),
        ("status --as-of AS_OF --quarter 2026-Q3 --format json", &[]),
        ("status --as-of AS_OF --team growth", &[]),
        ("status --as-of AS_OF --rev main --format json", &[]),
        ("status --as-of AS_OF --no-history --format text", &[]),
        // check
        ("check --as-of AS_OF", &["copy-paste-cascade", "moved-goalposts", "confidense"]),
        ("check --as-of AS_OF --format json", &["copy-paste-cascade", "moved-goalposts", "unknown-ref"]),
        ("check --as-of AS_OF --format github", &["::error"]),
        ("check --as-of AS_OF --format sarif", &["copy-paste-cascade"]),
        ("check --as-of AS_OF --format markdown", &["### okr check: 2 errors", "copy-paste-cascade"]),
        ("check --as-of AS_OF --summary out/summary.md", &["### okr check: 2 errors"]),
        ("check --as-of AS_OF --format github --summary out/summary.md", &["### okr check: 2 errors"]),
        ("check --as-of AS_OF --format json --fail-on warning okrs/2026-Q4/sales", &[]),
        ("check --as-of AS_OF --rev main --format json", &[]),
        ("check --as-of AS_OF --no-history --format text", &[]),
        // trend
        ("trend --as-of AS_OF", &[]),
        ("trend --as-of AS_OF --format json", &["2026-Q4/mobile/offline-first#crash-free", "Tom Ng", "Sam Ortiz"]),
        ("trend --as-of AS_OF --format csv", &[]),
        ("trend --as-of AS_OF --format markdown", &[]),
        ("trend --as-of AS_OF --since 2026-11-17 --format json 2026-Q4/growth", &[]),
        ("trend --as-of AS_OF --rev main --format csv 2026-Q4/mobile", &[]),
        // review
        ("review --as-of AS_OF", &[]),
        ("review --as-of AS_OF --format json", &[]),
        ("review --as-of AS_OF --format markdown", &[]),
        ("review --as-of AS_OF --week 2026-W47 --format json", &[]),
        ("review --as-of AS_OF --week 2026-W43", &["Needs attention"]),
        ("review --as-of AS_OF --quarter 2026-Q4 --week 2026-W40 --format json", &["\"attention\""]),
        // retro
        ("retro --as-of AS_OF 2026-Q3", &[]),
        ("retro --as-of AS_OF --format json 2026-Q3", &[]),
        ("retro --as-of AS_OF --format markdown 2026-Q3", &[]),
        ("retro --as-of AS_OF --format json 2026-Q4", &[]),
        ("retro --as-of AS_OF 2026", &["2026/company/growth-engine"]),
        ("retro --as-of AS_OF --format json 2026-2028", &["\"verdict\""]),
        ("retro --as-of AS_OF --format markdown 2026", &["## Retro 2026"]),
        // tree
        ("tree --as-of AS_OF", &[]),
        ("tree --as-of AS_OF --format mermaid", &[]),
        ("tree --as-of AS_OF --format dot", &[]),
        ("tree --as-of AS_OF --format json", &[]),
        ("tree --as-of AS_OF --format markdown", &[]),
        ("tree --as-of AS_OF --quarter 2026-Q3 --format text", &[]),
        ("tree --as-of AS_OF --period 2026 --format json", &[]),
        // diff of quarters and of revisions
        ("diff --as-of AS_OF 2026-Q3 2026-Q4", &[]),
        ("diff --as-of AS_OF --format json 2026-Q3 2026-Q4", &["\"quarters\""]),
        ("diff --as-of AS_OF --format markdown 2026-Q3 2026-Q4", &[]),
        ("diff --as-of AS_OF --rev main --format json 2026-Q3 2026-Q4", &[]),
        ("diff --as-of AS_OF main q4-update", &[]),
        ("diff --as-of AS_OF --format json main q4-update", &["\"revisions\""]),
        ("diff --as-of AS_OF --format markdown main q4-update", &[]),
        ("diff --as-of AS_OF --format json HEAD~3 HEAD", &[]),
        // the pull-request report (no --post)
        ("pr --as-of AS_OF --base main --head q4-update", &["okr:pr-report", "Tom Ng"]),
        ("pr --as-of AS_OF --base main --head q4-update --format json", &["copy-paste-cascade"]),
        ("pr --as-of AS_OF --base main --json out/pr.json", &["okr:pr-report", "\"targets_moved\": 1"]),
        ("pr --as-of AS_OF --base main --no-history --format json", &[]),
        // the dashboard: every file written
        ("report --as-of AS_OF --out out/site", &["<html"]),
        ("report --as-of AS_OF --out out/site --quarter 2026-Q3 --no-history", &[]),
        // no OKRs read
        ("rules", &["copy-paste-cascade"]),
        ("rules copy-paste-cascade", &[]),
        ("rules moved-goalposts", &[]),
        ("completions bash", &[]),
        ("completions elvish", &[]),
        ("completions fish", &[]),
        ("completions powershell", &[]),
        ("completions zsh", &[]),
        ("man", &[]),
        // errors
        ("rules no-such-rule", &[]),
        ("status --as-of AS_OF --rev no-such-branch", &[]),
        ("trend --as-of AS_OF 2026-Q4/nothing", &[]),
        ("diff --as-of AS_OF main no-such-branch", &[]),
        ("status --as-of 2026-13-01", &[]),
        ("check --as-of AS_OF --summary no-such-folder/summary.md", &[]),
        ("pr --as-of AS_OF --base main --json no-such-folder/pr.json", &[]),
        ("pr --post-file okr.toml", &[]),
    ]);
    assert_reproducible(&places(&a, &b), &cases, &[], out_files);
    // Nothing but `out/` was written to: the projects are as committed.
    for p in [&a, &b] {
        assert_eq!(p.git(&["status", "--porcelain", "--untracked-files=all"]), "", "in {}", p.path().display());
    }
}

/// The commit identity and clock `okr set --commit` uses, pinned: the
/// commit id depends on them (with the current time it would differ from
/// one run to the next, which is git, not okr).
const COMMIT_ENV: &[(&str, &str)] = &[
    ("GIT_AUTHOR_NAME", "Sam Ortiz"),
    ("GIT_AUTHOR_EMAIL", "sam@example.com"),
    ("GIT_COMMITTER_NAME", "Sam Ortiz"),
    ("GIT_COMMITTER_EMAIL", "sam@example.com"),
    ("GIT_AUTHOR_DATE", "2026-11-20T09:15:00+01:00"),
    ("GIT_COMMITTER_DATE", "2026-11-20T09:15:00+01:00"),
];

/// After `okr set`: `git status`, the HEAD commit (id and raw object: tree,
/// parent, author, committer, message) and the files it may edit; then the
/// repository is reset to the tag `before-set` for the next run.
fn set_state(p: &Project) -> Vec<(String, Vec<u8>)> {
    let mut out = vec![
        ("git status".to_string(), p.git(&["status", "--porcelain", "--untracked-files=all"]).into_bytes()),
        ("HEAD id".to_string(), p.git(&["rev-parse", "HEAD"]).into_bytes()),
        ("HEAD commit".to_string(), p.git(&["cat-file", "commit", "HEAD"]).into_bytes()),
    ];
    for file in [ACTIVATION, OFFLINE_FIRST] {
        out.push((file.to_string(), p.read(file)));
    }
    p.git(&["reset", "-q", "--hard", "before-set"]);
    out
}

/// `okr set` with and without `--commit`, on the fixture and its clone:
/// the same file bytes, the same commit (same id, with the commit's
/// identity and dates pinned), the same messages.
#[test]
fn set_writes_and_commits_the_same_bytes_everywhere() {
    let a = fixture();
    let b = clone_of(&a);
    for p in [&a, &b] {
        p.git(&["tag", "before-set"]);
    }
    let rate = "2026-Q4/growth/activation#activation-rate";
    // `--allow-ended`: the fixture's 2026-Q4 ends on 2026-12-31, and these
    // runs are about bytes, not about refusing an ended quarter.
    let cases = [
        case(&["set", rate, "30.5", "--allow-ended"], &["30.5"]),
        case(
            &["set", rate, "31", "--allow-ended", "--commit", "-m", "growth: activation 31% after the pricing test"],
            &[],
        ),
        case(&["set", "2026-Q4/mobile/offline-first#crash-free", "99.35", "--allow-ended", "--commit"], &["99.35"]),
        case(&["set", rate, "not-a-number"], &[]),
        case(&["set", "2026-Q4/growth/activation#nothing", "1"], &[]),
    ];
    assert_reproducible(&places(&a, &b), &cases, COMMIT_ENV, set_state);
}

/// Every file of a scaffolded project (`.git` left out).
fn project_files(p: &Project) -> Vec<(String, Vec<u8>)> {
    p.snapshot_files()
}

/// `okr init` and `okr new` in fresh folders (a git repository with
/// `user.name`, for `new`'s default owner, and a `notes/` folder): the same
/// files, byte for byte, and the same messages, including when there is
/// nothing to do or the file already exists.
#[test]
fn init_and_new_create_the_same_files_everywhere() {
    let fresh = |p: Project| {
        p.git_init();
        p.git(&["config", "user.name", "Sam Ortiz"]);
        p.write("notes/README.md", "# Notes\n");
        p
    };
    let (a1, a2) = (fresh(Project::empty()), fresh(Project::empty()));
    let (b1, b2) = (fresh(Project::empty_named("okr reproducible init ü-")), fresh(Project::empty_named("okr-b2-")));
    let one_cpu = taskset_works();
    let places = [
        Place { name: "A1 (UTC-12)", project: &a1, cwd: ".", pre: &[], env: ENV_A, one_cpu: false },
        Place { name: "A2 (UTC-12, one CPU)", project: &a2, cwd: ".", pre: &[], env: ENV_A, one_cpu },
        Place { name: "B1 (UTC+14)", project: &b1, cwd: ".", pre: &[], env: ENV_B, one_cpu: false },
        Place {
            name: "B2 (from notes/ with -C ..)",
            project: &b2,
            cwd: "notes",
            pre: &["-C", ".."],
            env: ENV_B,
            one_cpu,
        },
    ];
    let new = ["new", "objective", "--quarter", "2026-Q4"];
    let cases = [
        case(&["init", "--quarter", "2026-Q4"], &["okr.toml", "okrs/2026-Q4/company/first-objective.md"]),
        case(&[&new[..], &["--team", "growth", "activation"]].concat(), &["owner: \"Sam Ortiz\""]),
        case(
            &[
                &new[..],
                &[
                    "--team",
                    "platform",
                    "--type",
                    "build",
                    "--owner",
                    "lee",
                    "--title",
                    "Single sign-on for every plan",
                    "sso",
                ],
            ]
            .concat(),
            &["Single sign-on for every plan"],
        ),
        case(&[&new[..], &["--team", "growth", "--type", "discovery", "pricing"]].concat(), &[]),
        case(&[&new[..], &["--team", "growth", "activation"]].concat(), &[]),
        case(&["init", "--quarter", "2026-Q4"], &["already"]),
    ];
    assert_reproducible(&places, &cases, &[], project_files);
}
