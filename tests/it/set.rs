//! `okr set` end to end: a fixture repository built with the git CLI, the
//! real binary, and the git CLI again to check what it did.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

// A quarter that has not ended (and will not for a long while): `okr set`
// refuses a quarter that has ended unless told (see the tests at the end),
// and these tests are about the edit and the commit, not about dates.
const FILE: &str = "okrs/2099-Q1/growth/activation.md";
const KR: &str = "2099-Q1/growth/activation#rate";
const TEXT: &str = "---
owner: maya
key_results:
  - id: rate
    title: Raise trial activation from 22% to 30%
    unit: \"%\"
    baseline: 22
    target: 30
    current: 24.5   # measured weekly
  - id: tests
    title: Onboarding experiments with a pre-registered hypothesis
    layer: input
    weekly_target: 2
---
# Accelerate product-led growth
";

struct Repo {
    _tmp: tempfile::TempDir,
    dir: PathBuf,
    home: PathBuf,
}

impl Repo {
    /// A repository on `main` with the objective and a README committed.
    fn new() -> Repo {
        let repo = Repo::bare_dir();
        repo.git(&["init", "-q", "-b", "main"]);
        repo.git(&["config", "user.name", "Maya Okr"]);
        repo.git(&["config", "user.email", "maya@example.com"]);
        repo.write(FILE, TEXT);
        repo.write("README.md", "notes\n");
        repo.git(&["add", "."]);
        repo.git(&["commit", "-q", "-m", "Q1 objectives"]);
        repo
    }

    /// An empty folder, with a home folder of its own next to it.
    fn bare_dir() -> Repo {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("work");
        let home = tmp.path().join("home");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::create_dir_all(&home).unwrap();
        Repo { _tmp: tmp, dir, home }
    }

    /// The environment both git and okr run in: no user or system
    /// configuration, pinned dates, no identity from the environment.
    fn env(&self, cmd: &mut Command) {
        cmd.current_dir(&self.dir)
            .env("HOME", &self.home)
            .env("XDG_CONFIG_HOME", &self.home)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_AUTHOR_DATE", "2026-01-12T09:30:00Z")
            .env("GIT_COMMITTER_DATE", "2026-01-12T09:30:00Z")
            .env("NO_COLOR", "1");
        for var in [
            "GIT_DIR",
            "GIT_WORK_TREE",
            "GIT_INDEX_FILE",
            "GIT_AUTHOR_NAME",
            "GIT_AUTHOR_EMAIL",
            "GIT_COMMITTER_NAME",
            "GIT_COMMITTER_EMAIL",
            "EMAIL",
            "GIT_CONFIG_GLOBAL",
            "GIT_CONFIG_SYSTEM",
        ] {
            cmd.env_remove(var);
        }
    }

    fn git(&self, args: &[&str]) -> String {
        let mut cmd = Command::new("git");
        self.env(&mut cmd);
        cmd.args(["-c", "commit.gpgsign=false"]).args(args);
        let out = cmd.output().expect("git runs");
        assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    }

    fn okr(&self, args: &[&str]) -> Output {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_okr"));
        self.env(&mut cmd);
        cmd.args(args).output().expect("okr runs")
    }

    fn write(&self, path: &str, text: &str) {
        let p = self.dir.join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    fn read(&self, path: &str) -> String {
        std::fs::read_to_string(self.dir.join(path)).unwrap()
    }

    fn path(&self, path: &str) -> PathBuf {
        self.dir.join(path)
    }
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn ok(o: &Output) {
    assert_eq!(o.status.code(), Some(0), "stderr: {}", stderr(o));
}

/// The `-`/`+` lines of the working tree's diff against the index.
fn changed_lines(repo: &Repo) -> Vec<String> {
    repo.git(&["diff", "-U0", "--no-color"])
        .lines()
        .filter(|l| (l.starts_with('-') || l.starts_with('+')) && !l.starts_with("---") && !l.starts_with("+++"))
        .map(str::to_string)
        .collect()
}

#[test]
fn set_changes_exactly_one_line() {
    let repo = Repo::new();
    let out = repo.okr(&["set", KR, "26"]);
    ok(&out);
    assert_eq!(stdout(&out), format!("{KR}: 24.5 → 26 ({FILE})\n"), "{}", stderr(&out));
    assert_eq!(
        changed_lines(&repo),
        ["-    current: 24.5   # measured weekly", "+    current: 26   # measured weekly"]
    );
    assert_eq!(repo.git(&["diff", "--numstat"]), format!("1\t1\t{FILE}\n"));
    // Not committed: HEAD is where it was.
    assert_eq!(repo.git(&["rev-list", "--count", "HEAD"]), "1\n");
}

#[test]
fn set_adds_current_after_the_target() {
    let repo = Repo::new();
    ok(&repo.okr(&["set", "2099-Q1/growth/activation#tests", "-0.25"]));
    assert_eq!(changed_lines(&repo), ["+    current: -0.25"]);
    let text = repo.read(FILE);
    // No target or baseline: right after the `id` line.
    assert!(text.contains("  - id: tests\n    current: -0.25\n    title: Onboarding"));
}

#[test]
fn commit_records_only_that_file_and_leaves_the_tree_clean() {
    let repo = Repo::new();
    // A staged change elsewhere must stay staged and out of the commit.
    repo.write("README.md", "notes, edited\n");
    repo.git(&["add", "README.md"]);
    repo.write("scratch.txt", "untracked\n");

    let out = repo.okr(&["set", KR, "27", "--commit", "-m", "Weekly check-in"]);
    ok(&out);
    let short = repo.git(&["rev-parse", "--short", "HEAD"]);
    assert_eq!(stdout(&out), format!("{KR}: 24.5 → 27 ({FILE}, commit {})\n", short.trim()));
    assert_eq!(
        repo.git(&["log", "-1", "--format=%s%n%an <%ae>%n%cn%n%aI"]),
        "Weekly check-in\nMaya Okr <maya@example.com>\nMaya Okr\n2026-01-12T09:30:00Z\n"
    );
    assert_eq!(
        repo.git(&["show", "HEAD", "--stat", "--format="]).lines().next().unwrap().trim(),
        format!("{FILE} | 2 +-")
    );
    assert_eq!(repo.git(&["show", "HEAD", "--name-only", "--format="]), format!("{FILE}\n"));
    // On the branch, with the previous commit as parent.
    assert_eq!(repo.git(&["rev-parse", "--abbrev-ref", "HEAD"]), "main\n");
    assert_eq!(repo.git(&["rev-list", "--count", "HEAD"]), "2\n");
    // The index: this file clean, the staged README still staged.
    assert_eq!(repo.git(&["status", "--porcelain"]), "M  README.md\n?? scratch.txt\n");
    assert_eq!(repo.git(&["show", &format!("HEAD:{FILE}")]), repo.read(FILE));
    // Git's cached trees in the index were invalidated, not left stale:
    // committing the staged README now gives a tree with both changes.
    repo.git(&["commit", "-q", "-m", "README"]);
    assert_eq!(repo.git(&["status", "--porcelain"]), "?? scratch.txt\n");
    assert_eq!(repo.git(&["show", &format!("HEAD:{FILE}")]), repo.read(FILE));
    repo.git(&["fsck", "--no-progress"]);
}

#[test]
fn commit_without_staged_changes_is_clean_and_has_a_default_message() {
    let repo = Repo::new();
    ok(&repo.okr(&["set", KR, "25.75", "--commit"]));
    assert_eq!(repo.git(&["status", "--porcelain"]), "");
    assert_eq!(repo.git(&["log", "-1", "--format=%B"]), format!("okr: set {KR} to 25.75\n\n"));
    // The reflog says what happened, like git commit's.
    assert!(repo.git(&["reflog", "-1", "--format=%gs"]).starts_with("commit: okr: set"));
}

#[test]
fn commit_on_a_detached_head_moves_head_only() {
    let repo = Repo::new();
    repo.git(&["checkout", "-q", "--detach"]);
    let main = repo.git(&["rev-parse", "main"]);
    ok(&repo.okr(&["set", KR, "28", "--commit"]));
    assert_eq!(repo.git(&["rev-parse", "main"]), main);
    assert_eq!(repo.git(&["rev-parse", "HEAD~1"]), main);
    assert_eq!(repo.git(&["status", "--porcelain"]), "");
}

#[test]
fn commit_says_it_does_not_sign() {
    let repo = Repo::new();
    repo.git(&["config", "commit.gpgsign", "true"]);
    let out = repo.okr(&["set", KR, "26", "--commit"]);
    ok(&out);
    assert!(stderr(&out).contains("okr does not sign commits"), "{}", stderr(&out));
    assert_eq!(repo.git(&["rev-list", "--count", "HEAD"]), "2\n");
}

#[test]
fn commit_respects_autocrlf() {
    let repo = Repo::new();
    repo.git(&["config", "core.autocrlf", "true"]);
    std::fs::remove_file(repo.path(FILE)).unwrap();
    repo.git(&["checkout", "--", FILE]);
    assert!(repo.read(FILE).contains("\r\n"), "checked out with CRLF");
    assert_eq!(repo.git(&["status", "--porcelain"]), "");

    ok(&repo.okr(&["set", KR, "29", "--commit"]));
    assert!(repo.read(FILE).contains("    current: 29   # measured weekly\r\n"));
    // Stored with LF, as git add would.
    let stored = repo.git(&["show", &format!("HEAD:{FILE}")]);
    assert!(!stored.contains('\r'));
    assert!(stored.contains("    current: 29   # measured weekly\n"));
    assert_eq!(repo.git(&["status", "--porcelain"]), "");
}

#[test]
fn a_dirty_file_is_refused_and_left_alone() {
    let repo = Repo::new();
    let edited = format!("{TEXT}\nA note in progress.\n");
    repo.write(FILE, &edited);
    for args in [vec!["set", KR, "26"], vec!["set", KR, "26", "--commit"]] {
        let out = repo.okr(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(stderr(&out).contains("uncommitted changes"), "{}", stderr(&out));
        assert_eq!(repo.read(FILE), edited);
    }
    // Staged changes count too.
    repo.git(&["add", FILE]);
    let out = repo.okr(&["set", KR, "26"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(repo.read(FILE), edited);
    // --allow-dirty edits the file anyway, and only the value.
    ok(&repo.okr(&["set", KR, "26", "--allow-dirty"]));
    assert_eq!(repo.read(FILE), edited.replace("current: 24.5", "current: 26"));
    assert_eq!(repo.okr(&["set", KR, "27", "--allow-dirty", "--commit"]).status.code(), Some(2));
}

#[test]
fn an_uncommitted_file_is_refused() {
    let repo = Repo::new();
    let other = "okrs/2099-Q1/growth/retention.md";
    repo.write(other, TEXT);
    let out = repo.okr(&["set", "2099-Q1/growth/retention#rate", "26"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("not committed yet"), "{}", stderr(&out));
    assert_eq!(repo.read(other), TEXT);
}

#[test]
fn unknown_refs_and_bad_values_exit_2() {
    let repo = Repo::new();
    for (args, expected) in [
        (vec!["set", "2099-Q1/growth/activatoin#rate", "26"], "did you mean `2099-Q1/growth/activation#rate`?"),
        (vec!["set", "2099-Q1/growth/activation#rat", "26"], "has no key result `rat`; did you mean `rate`?"),
        (vec!["set", "2099-Q1/growth/activation", "26"], "is not a key result ref"),
        (vec!["set", KR, "30%"], "write `30` and put the unit in"),
        (vec!["set", KR, ".nan"], "not a finite number"),
        (vec!["set", KR, "26", "-m", "msg"], "--commit"),
        (vec!["set", KR, "26", "--commit", "-m", " \n"], "the commit message is empty"),
    ] {
        let out = repo.okr(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(stderr(&out).contains(expected), "{args:?}: {}", stderr(&out));
    }
    assert_eq!(repo.read(FILE), TEXT);
    assert_eq!(repo.git(&["status", "--porcelain"]), "");
}

#[test]
fn the_same_value_changes_nothing_and_with_commit_records_a_check_in() {
    let repo = Repo::new();
    let out = repo.okr(&["set", KR, "24.5"]);
    ok(&out);
    assert!(stdout(&out).contains("is already 24.5"));
    assert_eq!(repo.git(&["rev-list", "--count", "HEAD"]), "1\n");
    assert_eq!(repo.read(FILE), TEXT);
    // SPEC §9: "measured, unchanged" is an empty commit with the trailer.
    let out = repo.okr(&["set", KR, "24.5", "--commit"]);
    ok(&out);
    assert!(stdout(&out).contains("unchanged, checked in"), "{}", stdout(&out));
    assert_eq!(repo.git(&["rev-list", "--count", "HEAD"]), "2\n");
    assert_eq!(repo.read(FILE), TEXT);
    assert_eq!(repo.git(&["status", "--porcelain"]), "");
    let message = repo.git(&["log", "-1", "--format=%B"]);
    assert!(message.contains(&format!("Okr-Check-In: {KR}")), "{message}");
}

#[test]
fn commit_needs_an_identity() {
    let repo = Repo::new();
    repo.git(&["config", "--unset", "user.name"]);
    repo.git(&["config", "--unset", "user.email"]);
    let out = repo.okr(&["set", KR, "26", "--commit"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("git config --global user.name"), "{}", stderr(&out));
    assert_eq!(repo.read(FILE), TEXT);
    assert_eq!(repo.git(&["status", "--porcelain"]), "");
    // The index lock was released.
    assert!(!repo.path(".git/index.lock").exists());
}

#[test]
fn outside_git_the_file_is_edited_but_not_committed() {
    let repo = Repo::bare_dir();
    repo.write(FILE, TEXT);
    ok(&repo.okr(&["set", KR, "26"]));
    assert_eq!(repo.read(FILE), TEXT.replace("current: 24.5", "current: 26"));
    let out = repo.okr(&["set", KR, "27", "--commit"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("needs a git repository"), "{}", stderr(&out));
    assert!(repo.read(FILE).contains("current: 26"));
}

#[cfg(unix)]
#[test]
fn permissions_are_kept() {
    use std::os::unix::fs::PermissionsExt;
    let repo = Repo::bare_dir();
    repo.write(FILE, TEXT);
    let path = repo.path(FILE);
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
    ok(&repo.okr(&["set", KR, "26"]));
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o640);
    // No temporary file is left behind.
    let dir = path.parent().unwrap();
    let names: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names, ["activation.md"]);
}

#[test]
fn works_from_a_subfolder_with_a_configured_root() {
    let repo = Repo::bare_dir();
    repo.git(&["init", "-q", "-b", "main"]);
    repo.git(&["config", "user.name", "Maya Okr"]);
    repo.git(&["config", "user.email", "maya@example.com"]);
    repo.write("plans/okr.toml", "root = \"goals\"\n");
    repo.write("plans/goals/2099-Q1/growth/activation.md", TEXT);
    repo.git(&["add", "."]);
    repo.git(&["commit", "-q", "-m", "init"]);
    let sub: &Path = Path::new("plans/goals");
    let out = repo.okr(&["-C", sub.to_str().unwrap(), "set", KR, "26", "--commit"]);
    ok(&out);
    assert!(stdout(&out).contains("(goals/2099-Q1/growth/activation.md, commit "));
    assert_eq!(repo.git(&["show", "HEAD", "--name-only", "--format="]), "plans/goals/2099-Q1/growth/activation.md\n");
    assert_eq!(repo.git(&["status", "--porcelain"]), "");
}

/// A quarter that has ended: its values are what it reached, and changing
/// one rewrites history. Refused (exit 2, nothing touched) with a message
/// naming the quarter, its last day and the flag; `--allow-ended` does it.
#[test]
fn a_quarter_that_has_ended_is_refused_unless_allowed() {
    let repo = Repo::new();
    let old_file = "okrs/2026-Q1/growth/activation.md";
    let old_kr = "2026-Q1/growth/activation#rate";
    repo.write(old_file, TEXT);
    repo.git(&["add", "."]);
    repo.git(&["commit", "-q", "-m", "last year's Q1"]);
    for args in
        [vec!["set", old_kr, "26"], vec!["set", old_kr, "26", "--commit"], vec!["set", old_kr, "24.5", "--commit"]]
    {
        let out = repo.okr(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = stderr(&out);
        assert!(err.contains("2026-Q1 ended on 2026-03-31"), "{args:?}: {err}");
        assert!(err.contains("--allow-ended"), "{args:?}: {err}");
        assert_eq!(repo.read(old_file), TEXT);
        assert_eq!(repo.git(&["status", "--porcelain"]), "");
    }
    let head = repo.git(&["rev-parse", "HEAD"]);
    // The value already there, without --commit: nothing changes, so nothing to refuse.
    ok(&repo.okr(&["set", old_kr, "24.5"]));
    assert_eq!(repo.git(&["rev-parse", "HEAD"]), head);
    // Told to, it sets the value and says the quarter had ended.
    let out = repo.okr(&["set", old_kr, "26", "--allow-ended", "--commit"]);
    ok(&out);
    assert!(stdout(&out).contains("2026-Q1/growth/activation#rate: 24.5 → 26"), "{}", stdout(&out));
    assert!(stderr(&out).contains("2026-Q1 ended on 2026-03-31"), "{}", stderr(&out));
    assert_eq!(repo.read(old_file), TEXT.replace("current: 24.5", "current: 26"));
    assert_eq!(repo.git(&["status", "--porcelain"]), "");
}

/// The quarter's end follows `fiscal_year_start_month`: with a fiscal year
/// starting in February, 2026-Q1 is February to April.
#[test]
fn the_end_of_a_quarter_follows_the_fiscal_year() {
    let repo = Repo::new();
    repo.write("okr.toml", "fiscal_year_start_month = 2\n");
    repo.write("okrs/2026-Q1/growth/activation.md", TEXT);
    repo.git(&["add", "."]);
    repo.git(&["commit", "-q", "-m", "fiscal Q1"]);
    let out = repo.okr(&["set", "2026-Q1/growth/activation#rate", "26"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("2026-Q1 ended on 2026-04-30"), "{}", stderr(&out));
}
