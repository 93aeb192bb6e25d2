//! Repositories okr cannot read in full (issue 14): no history, a shallow
//! clone, corrupt loose objects, truncated packs, unparsable commit dates,
//! reftable refs, bare repositories. Each is built with the git CLI, then
//! damaged; okr says what is wrong (never a panic), `check` and `status` go
//! on without history and say so in every format, commands that need the
//! history exit 2.

use crate::common;

use common::Project;

const GOOD: &str = "---\nowner: maya\nkey_results:\n  - id: a\n    title: Raise weekly active teams from 10 to 20\n    baseline: 10\n    target: 20\n    current: 12\n---\n# Grow the product\n";
const FILE: &str = "okrs/2026-Q1/growth/good.md";

/// Two commits of one OKR file: a start and a check-in.
fn repo() -> Project {
    let p = Project::with_files(&[(FILE, GOOD)]);
    p.git_init();
    p.commit_all("start", "2026-01-06T09:00:00Z");
    p.edit(FILE, "current: 12", "current: 14");
    p.commit_all("check-in", "2026-01-07T09:00:00Z");
    p
}

/// A shallow clone of [`repo`] (one commit deep).
fn shallow() -> Project {
    let src = repo();
    let p = Project::empty();
    let url = format!("file://{}", src.path().display());
    p.git(&["clone", "-q", "--depth", "1", &url, "."]);
    p
}

const AS_OF: &str = "2026-02-01";

/// `check` and `status` in every machine and Markdown format carry the
/// reason the history was not used; with the history read, none of them
/// says anything about it.
#[test]
fn every_format_says_when_history_is_missing() {
    let p = shallow();
    let check = |format: &str| {
        let run = p.okr(&["check", "--as-of", AS_OF, "--format", format]);
        assert!(run.code == 0 || run.code == 1, "{format}: {}", run.stderr);
        run
    };
    let json = check("json").json();
    assert_eq!(json["history"]["read"], false, "{json}");
    assert!(json["history"]["reason"].as_str().is_some_and(|r| r.contains("shallow clone")), "{json}");
    let sarif = check("sarif").json();
    let notes = &sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"];
    assert_eq!(sarif["runs"][0]["invocations"][0]["executionSuccessful"], true, "{sarif}");
    assert_eq!(notes[0]["level"], "warning", "{sarif}");
    assert!(notes[0]["message"]["text"].as_str().is_some_and(|t| t.contains("shallow clone")), "{sarif}");
    let md = check("markdown").stdout;
    assert!(md.contains("shallow clone") && md.contains("without the git history"), "{md}");
    let gh = check("github").stdout;
    let line = gh.lines().find(|l| l.contains("shallow clone")).unwrap_or_else(|| panic!("{gh}"));
    assert!(line.starts_with("::warning title=okr history::"), "{gh}");
    let run = p.okr(&["check", "--as-of", AS_OF, "--summary", "summary.md"]);
    assert!(run.code == 0 || run.code == 1, "{}", run.stderr);
    let summary = String::from_utf8(p.read("summary.md")).expect("UTF-8");
    assert!(summary.contains("shallow clone"), "{summary}");

    let status = p.okr(&["status", "--as-of", AS_OF, "--format", "json"]).json();
    assert_eq!(status["history"]["read"], false, "{status}");
    assert!(status["history"]["reason"].as_str().is_some_and(|r| r.contains("shallow clone")), "{status}");
    let md = p.okr(&["status", "--as-of", AS_OF, "--format", "markdown"]).stdout;
    assert!(md.contains("shallow clone") && md.contains("without the git history"), "{md}");

    // Outside a repository: said the same way, with its own reason.
    let plain = Project::with_files(&[(FILE, GOOD)]);
    let json = plain.okr(&["check", "--as-of", AS_OF, "--format", "json"]).json();
    assert_eq!(json["history"]["read"], false, "{json}");
    assert!(json["history"]["reason"].as_str().is_some_and(|r| r.contains("not a git repository")), "{json}");
    // Asked for: recorded in JSON, no notice elsewhere.
    let full = repo();
    let json = full.okr(&["status", "--as-of", AS_OF, "--format", "json", "--no-history"]).json();
    assert_eq!(json["history"]["read"], false, "{json}");
    assert!(json["history"]["reason"].as_str().is_some_and(|r| r.contains("--no-history")), "{json}");
    let md = full.okr(&["check", "--as-of", AS_OF, "--format", "markdown", "--no-history"]).stdout;
    assert!(!md.contains("history"), "{md}");

    // With the history: read, no reason, no notice anywhere.
    let json = full.okr(&["check", "--as-of", AS_OF, "--format", "json"]).json();
    assert_eq!(json["history"], serde_json::json!({"read": true, "reason": null}), "{json}");
    let json = full.okr(&["status", "--as-of", AS_OF, "--format", "json"]).json();
    assert_eq!(json["history"], serde_json::json!({"read": true, "reason": null}), "{json}");
    let sarif = full.okr(&["check", "--as-of", AS_OF, "--format", "sarif"]).json();
    assert!(sarif["runs"][0].get("invocations").is_none(), "{sarif}");
    for args in
        [&["check", "--format", "markdown"][..], &["check", "--format", "github"], &["status", "--format", "markdown"]]
    {
        let out = full.okr(&[args, &["--as-of", AS_OF]].concat()).stdout;
        assert!(!out.contains("without the git history"), "{args:?}: {out}");
    }
}

/// The oldest version of the OKR file, as a loose object.
fn first_blob(p: &Project) -> String {
    p.git(&["rev-parse", &format!("HEAD~1:{FILE}")]).trim().to_string()
}

/// `check` goes on without history, says once what is wrong (`needle`);
/// `trend` exits 2 naming the same thing, and blames no shallow clone.
#[track_caller]
fn goes_on_without_history(p: &Project, needle: &str) {
    let check = p.okr(&["check", "--as-of", AS_OF]);
    assert!(check.code == 0 || check.code == 1, "{}", check.stderr);
    assert_eq!(check.stderr.matches(needle).count(), 1, "{}", check.stderr);
    let json = p.okr(&["check", "--as-of", AS_OF, "--format", "json"]).json();
    assert!(json["history"]["reason"].as_str().is_some_and(|r| r.contains(needle)), "{json}");
    let trend = p.okr(&["trend", "--as-of", AS_OF]);
    trend.expect_code(2);
    assert!(trend.stderr.contains(needle), "{}", trend.stderr);
    assert!(!trend.stderr.contains("shallow"), "{}", trend.stderr);
    let review = p.okr(&["review", "--as-of", AS_OF]);
    review.expect_code(2);
    assert!(review.stderr.contains(needle) && !review.stderr.contains("shallow"), "{}", review.stderr);
}

#[test]
fn a_corrupt_loose_object_is_named() {
    let p = repo();
    let blob = first_blob(&p);
    let path = p.join(&format!(".git/objects/{}/{}", &blob[..2], &blob[2..]));
    let mut perms = std::fs::metadata(&path).expect("meta").permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    perms.set_readonly(false);
    std::fs::set_permissions(&path, perms).expect("chmod");
    std::fs::write(&path, b"not zlib at all").expect("corrupt");
    goes_on_without_history(&p, &blob);
}

#[test]
fn a_truncated_pack_is_named() {
    let p = repo();
    p.git(&["gc", "-q"]);
    let pack = std::fs::read_dir(p.join(".git/objects/pack"))
        .expect("pack dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|f| f.extension().is_some_and(|x| x == "pack"))
        .expect("a pack");
    let len = std::fs::metadata(&pack).expect("meta").len();
    let mut perms = std::fs::metadata(&pack).expect("meta").permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    perms.set_readonly(false);
    std::fs::set_permissions(&pack, perms).expect("chmod");
    let f = std::fs::OpenOptions::new().write(true).open(&pack).expect("open");
    f.set_len(len / 2).expect("truncate");
    goes_on_without_history(&p, "truncated");
}

/// A commit whose author date is not a number (written with
/// `git hash-object --literally`).
#[test]
fn an_unparsable_commit_date_is_named() {
    let p = repo();
    let raw = p.git(&["cat-file", "commit", "HEAD"]);
    let bad: String = raw
        .lines()
        .map(|l| match l.strip_prefix("author ") {
            Some(rest) => {
                let email_end = rest.rfind('>').expect("an email");
                format!("author {} notadate +0000\n", &rest[..=email_end])
            }
            None => format!("{l}\n"),
        })
        .collect();
    p.write("bad-commit.txt", bad);
    let id = p.git(&["hash-object", "-t", "commit", "--literally", "-w", "bad-commit.txt"]).trim().to_string();
    std::fs::remove_file(p.join("bad-commit.txt")).expect("rm");
    p.git(&["update-ref", "refs/heads/main", &id]);
    // Without --as-of: check goes on, trend and review exit 2, all naming
    // the commit and its date.
    let check = p.okr(&["check"]);
    assert!(check.code == 0 || check.code == 1, "{}", check.stderr);
    assert_eq!(check.stderr.matches(&id).count(), 1, "{}", check.stderr);
    assert!(check.stderr.contains("notadate"), "{}", check.stderr);
    let trend = p.okr(&["trend"]);
    trend.expect_code(2);
    assert!(trend.stderr.contains(&id) && trend.stderr.contains("notadate"), "{}", trend.stderr);
    // --as-of needs the commit dates to pick the commit to read: exit 2,
    // naming the same.
    let pinned = p.okr(&["check", "--as-of", AS_OF]);
    pinned.expect_code(2);
    assert!(pinned.stderr.contains(&id) && pinned.stderr.contains("notadate"), "{}", pinned.stderr);
}

fn git_supports_reftable() -> bool {
    let dir = tempfile::tempdir().expect("tmp");
    std::process::Command::new("git")
        .args(["init", "-q", "--ref-format=reftable"])
        .current_dir(dir.path())
        .output()
        .is_ok_and(|o| o.status.success())
}

/// A reftable repository (`git init --ref-format=reftable`): named, never
/// taken for a repository without commits.
#[test]
fn a_reftable_repository_is_named() {
    if !git_supports_reftable() {
        eprintln!("skipped: this git cannot create reftable repositories (git 2.45 or newer can)");
        return;
    }
    let p = Project::with_files(&[(FILE, GOOD)]);
    p.git(&["init", "-q", "-b", "main", "--ref-format=reftable"]);
    p.commit_all("start", "2026-01-06T09:00:00Z");
    p.edit(FILE, "current: 12", "current: 14");
    p.commit_all("check-in", "2026-01-07T09:00:00Z");
    goes_on_without_history(&p, "reftable git repository");
    let rev = p.okr(&["status", "--rev", "HEAD", "--as-of", AS_OF]);
    rev.expect_code(2);
    assert!(rev.stderr.contains("reftable"), "{}", rev.stderr);
    p.edit(FILE, "current: 14", "current: 15");
    let set = p.okr(&["set", "2026-Q1/growth/good#a", "16", "--allow-ended"]);
    set.expect_code(2);
    assert!(set.stderr.contains("reftable"), "{}", set.stderr);
    assert!(String::from_utf8(p.read(FILE)).expect("UTF-8").contains("current: 15"));
}

/// A bare repository has no working tree: okr says so and what to do,
/// for every command that reads OKRs.
#[test]
fn a_bare_repository_says_what_to_do() {
    let src = repo();
    let p = Project::empty();
    let url = format!("file://{}", src.path().display());
    p.git(&["clone", "-q", "--bare", &url, "."]);
    for args in
        [&["check"][..], &["status"], &["trend"], &["review"], &["set", "2026-Q1/growth/good#a", "15"], &["tree"]]
    {
        let run = p.okr(args);
        run.expect_code(2);
        assert!(run.stderr.contains("bare git repository"), "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains("git clone") || run.stderr.contains("git worktree"), "{args:?}: {}", run.stderr);
        assert!(!run.stderr.contains("okr init"), "{args:?}: {}", run.stderr);
    }
    // --rev reads the revision from the bare repository itself.
    let rev = p.okr(&["status", "--rev", "HEAD", "--as-of", AS_OF, "--format", "json"]);
    rev.expect_code(0);
    assert_eq!(rev.json()["objectives"][0]["key_results"][0]["current"], 14, "{}", rev.stdout);
}

/// A project whose OKR root is a committed symbolic link
/// (`okrs -> teams/okrs`), with a check-in through it.
#[cfg(unix)]
fn linked_root() -> Project {
    let p = Project::with_files(&[("teams/okrs/2026-Q1/growth/good.md", GOOD)]);
    std::os::unix::fs::symlink("teams/okrs", p.join("okrs")).expect("symlink");
    p.git_init();
    p.commit_all("start", "2026-01-06T09:00:00Z");
    p.edit("teams/okrs/2026-Q1/growth/good.md", "current: 12", "current: 14");
    p.commit_all("check-in", "2026-01-07T09:00:00Z");
    p
}

/// History, `--rev` and `set --commit` follow a symlinked root to the files
/// git tracks, the same files the working tree shows.
#[cfg(unix)]
#[test]
fn a_symlinked_root_is_followed_by_history_rev_and_set() {
    let p = linked_root();
    let trend = p.okr(&["trend", "--as-of", AS_OF, "--format", "json"]);
    trend.expect_code(0);
    let points = &trend.json()["series"][0]["points"];
    assert_eq!(points.as_array().map(Vec::len), Some(2), "{}", trend.stdout);
    let status = p.okr(&["status", "--as-of", AS_OF, "--format", "json"]).json();
    assert_eq!(status["history"]["read"], true, "{status}");
    assert_eq!(status["objectives"][0]["key_results"][0]["updated"], "2026-01-07T09:00:00Z", "{status}");
    let rev = p.okr(&["status", "--rev", "HEAD~1", "--as-of", AS_OF, "--format", "json", "--no-history"]);
    rev.expect_code(0);
    assert_eq!(rev.json()["objectives"][0]["key_results"][0]["current"], 12, "{}", rev.stdout);
    // The check-in commits the file git tracks, and leaves the link alone.
    let set = p
        .okr_cmd(".")
        .args(["set", "2026-Q1/growth/good#a", "16", "--commit", "--allow-ended"])
        .env("GIT_AUTHOR_NAME", "Maya")
        .env("GIT_AUTHOR_EMAIL", "maya@example.com")
        .env("GIT_COMMITTER_NAME", "Maya")
        .env("GIT_COMMITTER_EMAIL", "maya@example.com")
        .env("GIT_AUTHOR_DATE", "2026-01-08T09:00:00Z")
        .env("GIT_COMMITTER_DATE", "2026-01-08T09:00:00Z")
        .output()
        .expect("okr runs");
    assert!(set.status.success(), "{}", String::from_utf8_lossy(&set.stderr));
    assert_eq!(p.git(&["status", "--porcelain"]), "");
    assert_eq!(p.git(&["show", "--name-only", "--format=", "HEAD"]).trim(), "teams/okrs/2026-Q1/growth/good.md");
    assert!(p.join("okrs").symlink_metadata().expect("link").file_type().is_symlink());
    let trend = p.okr(&["trend", "--as-of", AS_OF, "--format", "json"]).json();
    assert_eq!(trend["series"][0]["points"].as_array().map(Vec::len), Some(3), "{trend}");
}

/// A link git does not have, or one that leaves the repository: refused
/// clearly, never an empty history.
#[cfg(unix)]
#[test]
fn a_root_linked_outside_what_git_tracks_is_refused_clearly() {
    // Committed, pointing out of the repository.
    let outside = Project::with_files(&[("okrs/2026-Q1/growth/good.md", GOOD)]);
    let p = Project::empty();
    std::os::unix::fs::symlink(outside.join("okrs"), p.join("okrs")).expect("symlink");
    p.git_init();
    p.commit_all("start", "2026-01-06T09:00:00Z");
    // The working tree is refused as it was; a revision too, naming the link.
    let check = p.okr(&["check", "--as-of", AS_OF]);
    check.expect_code(2);
    assert!(check.stderr.contains("outside the project"), "{}", check.stderr);
    let rev = p.okr(&["status", "--rev", "HEAD", "--as-of", AS_OF]);
    rev.expect_code(2);
    assert!(rev.stderr.contains("symbolic link") && rev.stderr.contains("outside the repository"), "{}", rev.stderr);
    // Not committed (the link is untracked): refused too.
    let p = Project::with_files(&[("teams/okrs/2026-Q1/growth/good.md", GOOD)]);
    p.git_init();
    p.commit_all("start", "2026-01-06T09:00:00Z");
    std::os::unix::fs::symlink("teams/okrs", p.join("okrs")).expect("symlink");
    let trend = p.okr(&["trend", "--as-of", AS_OF]);
    trend.expect_code(2);
    assert!(trend.stderr.contains("symbolic link") && trend.stderr.contains("does not have"), "{}", trend.stderr);
}
