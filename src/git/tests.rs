//! The history reader against gix's own tree diff, on a repository built
//! with the git CLI that has every kind of change the reader distinguishes.

use super::log::{first_parent_line, GitLog};
use super::tree_diff::{Differ, RawChange};
use super::workers::with_caches;
use std::process::Command;

/// A repository in a temporary directory, with its own empty `HOME` and a
/// clock that advances one minute per git command.
struct Fixture {
    dir: tempfile::TempDir,
    home: tempfile::TempDir,
    minutes: u32,
}

impl Fixture {
    fn new() -> Fixture {
        let repo = Fixture { dir: tempfile::tempdir().unwrap(), home: tempfile::tempdir().unwrap(), minutes: 0 };
        repo.git(&["init", "-q", "-b", "main"]);
        repo
    }

    fn git(&self, args: &[&str]) -> String {
        let date = format!("2026-01-05T{:02}:{:02}:00Z", 8 + self.minutes / 60, self.minutes % 60);
        let home = self.home.path();
        let out = Command::new("git")
            .current_dir(self.dir.path())
            .env("HOME", home)
            .env("XDG_CONFIG_HOME", home.join(".config"))
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", home.join(".gitconfig"))
            .env("GIT_CEILING_DIRECTORIES", self.dir.path().parent().unwrap_or(self.dir.path()))
            .env_remove("GIT_DIR")
            .env_remove("GIT_WORK_TREE")
            .env_remove("GIT_INDEX_FILE")
            .args(["-c", "commit.gpgsign=false", "-c", "core.autocrlf=false", "-c", "core.hooksPath=/dev/null"])
            .args(["-c", "user.name=Maya Lin", "-c", "user.email=maya@example.com"])
            .args(args)
            .env("GIT_AUTHOR_DATE", &date)
            .env("GIT_COMMITTER_DATE", &date)
            .env("GIT_MERGE_AUTOEDIT", "no")
            .output()
            .expect("git runs");
        assert!(out.status.success(), "git {args:?} failed:\n{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn write(&self, rel: &str, text: &str) {
        let path = self.dir.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    fn commit(&mut self, message: &str) {
        self.minutes += 1;
        self.git(&["add", "-A"]);
        self.git(&["commit", "-q", "--allow-empty", "-m", message]);
    }
}

fn objective(kr: &str, current: u32) -> String {
    format!("---\nowner: maya\nkey_results:\n  - id: {kr}\n    title: Grow {kr}\n    baseline: 0\n    target: 100\n    current: {current}\n---\n# Grow {kr}\n")
}

const ONE: &str = "okrs/2026-Q1/a/one.md";
const TWO: &str = "okrs/2026-Q1/a/two.md";
const THREE: &str = "okrs/2026-Q1/b/three.md";

/// 100-odd commits: values changed in place in one or several folders,
/// and now and then a file added, deleted, renamed (within a folder and
/// across folders, with and without an edit), made executable, replaced by
/// a folder, a symbolic link, a change outside the OKR root or to a file
/// that is not an objective, the OKR root deleted and restored, and a
/// merge of a branch. A commit-graph covers the first half.
fn mixed_history() -> Fixture {
    let mut r = Fixture::new();
    r.write(ONE, &objective("one", 0));
    r.write(TWO, &objective("two", 0));
    r.write(THREE, &objective("three", 0));
    r.write("okrs/README.txt", "notes\n");
    r.write("other/x.md", "x\n");
    r.commit("start");
    let mut two = TWO.to_string();
    for i in 1..=100u32 {
        match i {
            10 => r.write("okrs/2026-Q1/b/four.md", &objective("four", i)),
            15 => {
                let next = "okrs/2026-Q1/b/two.md";
                r.git(&["mv", &two, next]);
                two = next.to_string();
            }
            20 => {
                let next = "okrs/2026-Q1/b/two-renamed.md";
                r.git(&["mv", &two, next]);
                two = next.to_string();
                r.write(&two, &objective("two", i));
            }
            25 => {
                r.write(ONE, &objective("one", i));
                r.git(&["add", ONE]);
                r.git(&["update-index", "--chmod=+x", ONE]);
            }
            30 => std::fs::remove_file(r.dir.path().join("okrs/2026-Q1/b/four.md")).unwrap(),
            35 => r.write("okrs/README.txt", &format!("notes {i}\n")),
            40 => r.write("other/x.md", &format!("x {i}\n")),
            45 => {
                std::fs::remove_file(r.dir.path().join(THREE)).unwrap();
                r.write(&format!("{THREE}/inner.md"), &objective("inner", i));
            }
            50 => {
                #[cfg(unix)]
                std::os::unix::fs::symlink("one.md", r.dir.path().join("okrs/2026-Q1/a/link.md")).unwrap();
            }
            55 => {
                #[cfg(unix)]
                {
                    std::fs::remove_file(r.dir.path().join("okrs/2026-Q1/a/link.md")).unwrap();
                    std::os::unix::fs::symlink("two.md", r.dir.path().join("okrs/2026-Q1/a/link.md")).unwrap();
                }
                r.write(ONE, &objective("one", i));
            }
            60 => {
                r.git(&["checkout", "-q", "-b", "side"]);
                r.write(ONE, &objective("one", 1000));
                r.commit("side 1");
                r.write("okrs/2026-Q1/c/five.md", &objective("five", 1));
                r.commit("side 2");
                r.git(&["checkout", "-q", "main"]);
                r.write(&two, &objective("two", i));
                r.commit("main before merge");
                r.minutes += 1;
                r.git(&["merge", "-q", "--no-ff", "-m", "merge side", "side"]);
                continue;
            }
            65 => {
                std::fs::rename(r.dir.path().join("okrs"), r.dir.path().join("okrs-away")).unwrap();
                r.commit("no okrs");
                std::fs::rename(r.dir.path().join("okrs-away"), r.dir.path().join("okrs")).unwrap();
            }
            _ => {
                // Values changed in place: one folder, or two at once.
                r.write(ONE, &objective("one", i));
                if i % 3 == 0 {
                    r.write(&two, &objective("two", i));
                }
            }
        }
        r.commit(&format!("check-in {i}"));
        if i == 50 {
            r.git(&["commit-graph", "write", "--reachable"]);
        }
    }
    r
}

fn repo_of(r: &Fixture) -> gix::Repository {
    with_caches(gix::open(r.dir.path()).unwrap())
}

/// The handle a command opens on the fixture.
fn handle(r: &Fixture) -> super::Repo {
    super::Repo::open(r.dir.path()).unwrap()
}

fn tip(repo: &gix::Repository) -> gix::ObjectId {
    repo.rev_parse_single("HEAD").unwrap().detach()
}

#[test]
fn in_place_diffs_agree_with_the_tree_diff_in_either_direction() {
    let r = mixed_history();
    let repo = repo_of(&r);
    let (line, shallow) = first_parent_line(&repo, tip(&repo), &Default::default(), "HEAD").unwrap();
    assert!(!shallow);
    assert!(line.len() > 100, "{} commits", line.len());
    assert!(line.iter().any(|c| c.parents.len() == 2), "the merge is on the line");
    let key = |c: &RawChange| format!("{:?} {:?} {:?} {:?}", c.old_path, c.new_path, c.old, c.new);
    for newest_first in [true, false] {
        let mut d = Differ::new(&repo, "okrs");
        let mut order: Vec<usize> = (1..line.len()).collect();
        if newest_first {
            order.reverse();
        }
        let mut in_place = 0;
        for i in order {
            let old = d.okr_root(line[i - 1].tree).unwrap();
            let new = d.okr_root(line[i].tree).unwrap();
            let got: Vec<String> = d.diff(old, new, line[i].id).unwrap().iter().map(key).collect();
            let mut want = if old == new { Vec::new() } else { d.diff_roots(old, new, line[i].id).unwrap() };
            want.sort_by(|a, b| (&a.new_path, &a.old_path).cmp(&(&b.new_path, &b.old_path)));
            let want: Vec<String> = want.iter().map(key).collect();
            assert_eq!(got, want, "commit {i} of the line");
            if let (Some(o), Some(n)) = (old, new) {
                if o != n && d.modified_in_place(&mut String::new(), o, n, &mut Vec::new()).unwrap() {
                    in_place += 1;
                }
            }
        }
        assert!(in_place > 80, "{in_place} commits diffed in place");
    }
}

fn log_text(log: &GitLog) -> String {
    format!("{:?}\n{:?}\n{}", log.entries, log.blob_ids, log.shallow)
}

#[test]
fn the_log_does_not_depend_on_threads_or_the_commit_graph() {
    let r = mixed_history();
    let one = log_text(&GitLog::read_on(&handle(&r), "HEAD", "okrs", 1).unwrap());
    for threads in [2, 3, 4] {
        assert_eq!(log_text(&GitLog::read_on(&handle(&r), "HEAD", "okrs", threads).unwrap()), one);
    }
    assert!(one.contains("side 1") && one.contains("side 2"), "the side-branch commits are in the log");
    std::fs::remove_file(r.dir.path().join(".git/objects/info/commit-graph")).unwrap();
    assert_eq!(log_text(&GitLog::read_on(&handle(&r), "HEAD", "okrs", 3).unwrap()), one);
}

#[test]
fn blobs_decoded_per_delta_tree_are_the_blobs() {
    let r = mixed_history();
    // Packed with delta chains, as `git gc --aggressive` leaves a repository.
    r.git(&["repack", "-q", "-a", "-d", "-f", "--depth=50", "--window=10"]);
    let repo = repo_of(&r);
    for threads in [1, 2, 3] {
        let log = GitLog::read_on(&handle(&r), "HEAD", "okrs", threads).unwrap();
        assert!(log.blob_count() > 64, "{} blobs", log.blob_count());
        let mut got = log.parse_blobs(|b| b.to_vec()).unwrap();
        got.sort_by_key(|(i, _)| *i);
        assert_eq!(got.iter().map(|(i, _)| *i).collect::<Vec<_>>(), (0..log.blob_count()).collect::<Vec<_>>());
        for (i, bytes) in got {
            assert_eq!(bytes, repo.find_object(log.blob_ids[i]).unwrap().data, "blob {i} with {threads} threads");
        }
    }
}
