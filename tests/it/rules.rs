//! Per-rule fixtures, in the style of ruff: for every quality rule,
//! `tests/fixtures/rules/<rule>/fires/` is a project in which the rule must
//! report at least one finding and `passes/` one in which it must report
//! none. History rules get a git history replayed commit by commit with
//! pinned dates. The text output of `okr check` on each `fires/` project is
//! snapshot-tested. See `tests/fixtures/rules/README.md` for the layout.

use crate::common;

use common::Project;
use serde_json::Value;
use std::collections::BTreeSet;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

/// The `--as-of` date of a rule's fixtures unless its folder has an `as-of` file.
const DEFAULT_AS_OF: &str = "2026-02-20";

/// The two projects of every rule folder.
const VARIANTS: [&str; 2] = ["fires", "passes"];

fn fixtures_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rules")
}

/// Every rule folder (name, path), sorted by name.
fn rule_dirs() -> Vec<(String, PathBuf)> {
    let mut out: Vec<(String, PathBuf)> = std::fs::read_dir(fixtures_root())
        .expect("tests/fixtures/rules exists")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.is_dir())
        .map(|p| (p.file_name().expect("a name").to_string_lossy().into_owned(), p))
        .collect();
    out.sort();
    out
}

fn as_of(rule_dir: &Path) -> String {
    match std::fs::read_to_string(rule_dir.join("as-of")) {
        Ok(s) => s.trim().to_string(),
        Err(_) => DEFAULT_AS_OF.to_string(),
    }
}

/// Copies the files under `from` into the project at `to` (project-relative),
/// skipping the top-level names in `skip`. Files are written, not copied with
/// their metadata, so that git sees every change.
fn copy_tree(p: &Project, from: &Path, to: &str, skip: &[&str]) {
    let mut entries: Vec<_> = std::fs::read_dir(from)
        .unwrap_or_else(|e| panic!("read {}: {e}", from.display()))
        .map(|e| e.expect("dir entry").path())
        .collect();
    entries.sort();
    for path in entries {
        let name = path.file_name().expect("a name").to_string_lossy().into_owned();
        if skip.contains(&name.as_str()) {
            continue;
        }
        let rel = if to.is_empty() { name } else { format!("{to}/{name}") };
        if path.is_dir() {
            copy_tree(p, &path, &rel, &[]);
        } else {
            let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
            p.write(&rel, bytes);
        }
    }
}

/// `NN-YYYY-MM-DD-author` -> (date, author).
fn parse_commit_dir(name: &str) -> (String, String) {
    let bad = || panic!("commit folder `{name}` is not named NN-YYYY-MM-DD-author");
    let (nn, rest) = name.split_once('-').unwrap_or_else(bad);
    if nn.len() != 2 || !nn.bytes().all(|b| b.is_ascii_digit()) || rest.len() < 12 {
        bad();
    }
    let (date, author) = (&rest[..10], &rest[11..]);
    let shape = date.bytes().enumerate().all(|(i, b)| if i == 4 || i == 7 { b == b'-' } else { b.is_ascii_digit() });
    if !shape || rest.as_bytes()[10] != b'-' || author.is_empty() {
        bad();
    }
    (date.to_string(), author.to_string())
}

/// Builds the project of one fixture variant: a copy of a static fixture, or
/// a git repository made by replaying `commits/`.
fn build(variant: &Path) -> Project {
    let p = Project::empty();
    let commits = variant.join("commits");
    if !commits.is_dir() {
        copy_tree(&p, variant, "", &[]);
        return p;
    }
    let extra: Vec<_> = std::fs::read_dir(variant)
        .expect("read fixture")
        .map(|e| e.expect("dir entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n != "commits")
        .collect();
    assert!(extra.is_empty(), "{}: a history fixture holds only `commits/`, found {extra:?}", variant.display());
    let mut dirs: Vec<PathBuf> =
        std::fs::read_dir(&commits).expect("read commits").map(|e| e.expect("dir entry").path()).collect();
    dirs.sort();
    assert!(!dirs.is_empty(), "{}: no commits", commits.display());
    p.git_init();
    for dir in dirs {
        let name = dir.file_name().expect("a name").to_string_lossy().into_owned();
        assert!(dir.is_dir(), "{}: `{name}` is not a commit folder", commits.display());
        let (date, author) = parse_commit_dir(&name);
        copy_tree(&p, &dir, "", &["MESSAGE"]);
        let message = match std::fs::read_to_string(dir.join("MESSAGE")) {
            Ok(m) => m.trim().to_string(),
            Err(_) => format!("check-in by {author}"),
        };
        let at = format!("{date}T09:00:00Z");
        p.git_at(&at, &["add", "-A"]);
        // No `--allow-empty`: a commit folder that changes nothing is a mistake.
        p.git_at(&at, &["commit", "-q", "-m", &message, "--author", &format!("{author} <{author}@example.com>")]);
    }
    p
}

/// What `okr check` said about one fixture variant.
struct Outcome {
    rule: String,
    variant: &'static str,
    as_of: String,
    /// Every diagnostic of `--format json`.
    diagnostics: Vec<Value>,
    /// The text output (`fires/` only).
    text: Option<String>,
}

fn run_variant(rule: &str, rule_dir: &Path, variant: &'static str) -> Result<Outcome, String> {
    let dir = rule_dir.join(variant);
    if !dir.is_dir() {
        return Err(format!("{rule}: missing {}", dir.display()));
    }
    let as_of = as_of(rule_dir);
    let p = build(&dir);
    let json = p.okr(&["check", "--format", "json", "--as-of", &as_of]);
    if !(json.code == 0 || json.code == 1) || !json.stderr.is_empty() {
        return Err(format!(
            "{rule}/{variant}: `okr check --format json` exited {}\nstdout:\n{}\nstderr:\n{}",
            json.code, json.stdout, json.stderr
        ));
    }
    let diagnostics = json.json()["diagnostics"].as_array().expect("a diagnostics array").clone();
    let text = (variant == "fires").then(|| {
        let run = p.okr(&["check", "--as-of", &as_of]);
        assert_eq!(run.stderr, "", "{rule}/{variant}: stderr of `okr check`");
        run.stdout
    });
    Ok(Outcome { rule: rule.to_string(), variant, as_of, diagnostics, text })
}

/// One line per diagnostic: `rule file:line:column message`.
fn summary(diagnostics: &[&Value]) -> String {
    diagnostics
        .iter()
        .map(|d| format!("  {} {}:{}:{} {}", d["rule"], d["file"], d["line"], d["column"], d["message"]))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn every_rule_fires_on_its_fixture_and_not_on_the_passing_one() {
    let rules = rule_dirs();
    assert!(!rules.is_empty(), "no rule fixtures under {}", fixtures_root().display());
    // Build and run every fixture in parallel: each is a temp dir, git
    // processes and two runs of the binary.
    let results: Vec<Result<Outcome, String>> = std::thread::scope(|s| {
        let handles: Vec<_> = rules
            .iter()
            .flat_map(|(rule, dir)| VARIANTS.map(|v| (rule, dir, v)))
            .map(|(rule, dir, v)| s.spawn(move || run_variant(rule, dir, v)))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e))).collect()
    });

    let mut failures = Vec::new();
    for result in results {
        let outcome = match result {
            Ok(o) => o,
            Err(e) => {
                failures.push(e);
                continue;
            }
        };
        let Outcome { rule, variant, as_of, diagnostics, text } = outcome;
        let own: Vec<&Value> = diagnostics.iter().filter(|d| d["rule"] == rule.as_str()).collect();
        let all: Vec<&Value> = diagnostics.iter().collect();
        match variant {
            "fires" if own.is_empty() => failures
                .push(format!("{rule}/fires: `{rule}` did not fire (--as-of {as_of}); findings:\n{}", summary(&all))),
            "passes" if !own.is_empty() => {
                failures.push(format!("{rule}/passes: `{rule}` fired (--as-of {as_of}):\n{}", summary(&own)))
            }
            _ => {}
        }
        if let Some(text) = text {
            let description = format!("okr check --as-of {as_of} on tests/fixtures/rules/{rule}/fires");
            let snapshot = catch_unwind(AssertUnwindSafe(|| {
                insta::with_settings!({description => description, omit_expression => true}, {
                    insta::assert_snapshot!(rule.as_str(), text);
                });
            }));
            if snapshot.is_err() {
                failures.push(format!(
                    "{rule}/fires: the text output does not match tests/it/snapshots/it__rules__{rule}.snap"
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{} rule fixture failure(s):\n\n{}", failures.len(), failures.join("\n\n"));
}

/// The rule names of a section of `okr rules` ("Quality rules", ...).
fn listed(rules_output: &str, section: &str) -> Vec<String> {
    let mut lines = rules_output.lines().skip_while(|l| l.trim() != section);
    assert!(lines.next().is_some(), "`okr rules` has no section {section:?}:\n{rules_output}");
    lines
        .take_while(|l| l.starts_with(' '))
        .map(|l| l.split_whitespace().next().expect("a rule name").to_string())
        .collect()
}

#[test]
fn every_quality_rule_has_fixtures() {
    let run = Project::empty().okr(&["rules"]);
    run.expect_code(0);
    let quality = listed(&run.stdout, "Quality rules");
    let history = listed(&run.stdout, "History rules");
    assert!(!quality.is_empty() && !history.is_empty(), "no rules parsed from:\n{}", run.stdout);

    let dirs: BTreeSet<String> = rule_dirs().into_iter().map(|(name, _)| name).collect();
    let mut problems = Vec::new();
    for rule in quality.iter().chain(&history) {
        if !dirs.contains(rule) {
            problems.push(format!("`{rule}` has no folder tests/fixtures/rules/{rule}/"));
            continue;
        }
        for v in VARIANTS {
            let dir = fixtures_root().join(rule).join(v);
            if !dir.is_dir() {
                problems.push(format!("`{rule}` has no tests/fixtures/rules/{rule}/{v}/"));
            } else if history.contains(rule) && !dir.join("commits").is_dir() {
                // Without a repository the history rules do not run at all.
                problems.push(format!("history rule `{rule}`: tests/fixtures/rules/{rule}/{v}/ has no commits/"));
            }
        }
    }
    let known: BTreeSet<&String> = quality.iter().chain(&history).collect();
    for dir in &dirs {
        if !known.contains(dir) {
            problems.push(format!("tests/fixtures/rules/{dir}/ names no quality or history rule of `okr rules`"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn commit_folder_names() {
    assert_eq!(parse_commit_dir("01-2026-01-19-maya"), ("2026-01-19".into(), "maya".into()));
    assert_eq!(parse_commit_dir("12-2025-12-29-mary-ann"), ("2025-12-29".into(), "mary-ann".into()));
    for bad in ["1-2026-01-19-maya", "01-2026-01-19", "01-2026-01-19-", "01-20260119-maya", "01-2026-1-19-maya"] {
        assert!(catch_unwind(|| parse_commit_dir(bad)).is_err(), "{bad} should be rejected");
    }
}
