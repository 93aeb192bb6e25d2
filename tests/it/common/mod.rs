//! Shared helpers for the integration tests: fixture projects in temporary
//! directories, deterministic git repositories built with the git CLI, and a
//! runner for the real `okr` binary.

pub mod fixtures;
pub mod postgres;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use tempfile::TempDir;

/// The pinned identity and clock of every commit the tests make.
pub const AUTHOR_NAME: &str = "Maya Lin";
pub const AUTHOR_EMAIL: &str = "maya@example.com";

/// A person making commits: (name, email).
pub type Who = (&'static str, &'static str);

/// A fixture project in a temporary directory, with its own empty `HOME` so
/// that the user's git configuration (name, hooks, signing, autocrlf) never
/// leaks into a test.
pub struct Project {
    root: TempDir,
    home: TempDir,
}

/// What one run of a command produced.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    fn from_output(out: Output) -> Run {
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
            stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
        }
    }

    /// stdout parsed as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}\nstderr:\n{}", self.stdout, self.stderr))
    }

    /// Panics with both streams unless the exit code is `code`.
    #[track_caller]
    pub fn expect_code(&self, code: i32) -> &Run {
        assert_eq!(self.code, code, "unexpected exit code\nstdout:\n{}\nstderr:\n{}", self.stdout, self.stderr);
        self
    }

    /// No panic message, whatever the exit code.
    #[track_caller]
    pub fn expect_no_panic(&self) -> &Run {
        assert!(!self.stderr.contains("panicked"), "the process panicked:\n{}", self.stderr);
        self
    }
}

impl Project {
    /// An empty project directory.
    pub fn empty() -> Project {
        Project { root: tempfile::tempdir().expect("temp dir"), home: tempfile::tempdir().expect("temp home") }
    }

    /// An empty project directory whose name starts with `prefix` (so that
    /// two projects can sit at paths of different lengths and characters).
    pub fn empty_named(prefix: &str) -> Project {
        let root = tempfile::Builder::new().prefix(prefix).tempdir().expect("temp dir");
        Project { root, home: tempfile::tempdir().expect("temp home") }
    }

    /// A project holding `files` (project-relative path, content).
    pub fn with_files<P: AsRef<str>, C: AsRef<[u8]>>(files: &[(P, C)]) -> Project {
        let p = Project::empty();
        p.write_all(files);
        p
    }

    pub fn path(&self) -> &Path {
        self.root.path()
    }

    /// An absolute path inside the project.
    pub fn join(&self, rel: &str) -> PathBuf {
        self.root.path().join(rel)
    }

    /// Writes one file, creating its folders.
    pub fn write(&self, rel: &str, content: impl AsRef<[u8]>) {
        let path = self.join(rel);
        std::fs::create_dir_all(path.parent().expect("a file has a parent")).expect("create folders");
        std::fs::write(&path, content).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
    }

    /// Writes several files.
    pub fn write_all<P: AsRef<str>, C: AsRef<[u8]>>(&self, files: &[(P, C)]) {
        for (rel, content) in files {
            self.write(rel.as_ref(), content);
        }
    }

    pub fn read(&self, rel: &str) -> Vec<u8> {
        std::fs::read(self.join(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
    }

    pub fn exists(&self, rel: &str) -> bool {
        self.join(rel).exists()
    }

    /// Replaces `from` by `to` in a file (exactly once).
    pub fn edit(&self, rel: &str, from: &str, to: &str) {
        let text = String::from_utf8(self.read(rel)).expect("UTF-8 fixture");
        assert_eq!(text.matches(from).count(), 1, "`{from}` must occur once in {rel}");
        self.write(rel, text.replace(from, to));
    }

    /// Every file under the project (relative path, bytes), sorted, `.git` excluded.
    pub fn snapshot_files(&self) -> Vec<(String, Vec<u8>)> {
        let mut out = Vec::new();
        let mut stack = vec![self.path().to_path_buf()];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).expect("read dir") {
                let entry = entry.expect("dir entry");
                let path = entry.path();
                if entry.file_name() == ".git" {
                    continue;
                }
                if path.is_dir() {
                    stack.push(path);
                } else {
                    let rel = path.strip_prefix(self.path()).expect("inside").to_string_lossy().replace('\\', "/");
                    out.push((rel, std::fs::read(&path).expect("read")));
                }
            }
        }
        out.sort();
        out
    }

    /// The environment shared by `git` and `okr` runs: no user or system
    /// configuration, no colours.
    fn isolate(&self, cmd: &mut Command) {
        let home = self.home.path();
        cmd.env("HOME", home)
            .env("XDG_CONFIG_HOME", home.join(".config"))
            .env("GIT_CONFIG_NOSYSTEM", "1")
            // Never discover a repository above the fixture (the temp dir
            // could sit inside a checkout).
            .env("GIT_CEILING_DIRECTORIES", self.root.path().parent().unwrap_or(self.root.path()))
            .env("GIT_CONFIG_GLOBAL", home.join(".gitconfig"))
            .env("NO_COLOR", "1")
            .env_remove("CLICOLOR_FORCE")
            .env_remove("CLICOLOR")
            .env_remove("GIT_DIR")
            .env_remove("GIT_WORK_TREE")
            .env_remove("GIT_INDEX_FILE")
            .env_remove("GITHUB_ACTIONS")
            .env_remove("GITHUB_REPOSITORY")
            .env_remove("GITHUB_SERVER_URL")
            .env_remove("GITHUB_STEP_SUMMARY")
            .env_remove("GITHUB_EVENT_PATH")
            .env_remove("GITHUB_TOKEN");
    }

    /// `git ARGS` in the project with a pinned identity and clock; panics on failure.
    pub fn git_at(&self, date: &str, args: &[&str]) -> String {
        self.git_dated(date, date, args)
    }

    /// `git ARGS` as [`Project::git_at`], with its own author time and
    /// commit time (a branch merged later, a rebase keeping old author times).
    pub fn git_dated(&self, authored: &str, committed: &str, args: &[&str]) -> String {
        self.git_run(".", (AUTHOR_NAME, AUTHOR_EMAIL), authored, committed, args)
    }

    /// `git ARGS` in `dir` (relative to the project) as `name <email>`, author
    /// and committer alike, at `date`; panics on failure. For histories with
    /// several people (merges made by someone else, check-ins by owners).
    pub fn git_as(&self, dir: &str, name: &str, email: &str, date: &str, args: &[&str]) -> String {
        self.git_run(dir, (name, email), date, date, args)
    }

    /// `git add -A` and `git commit` as `who` at `date`; returns the new
    /// commit's id as `git rev-parse HEAD` prints it.
    pub fn commit_as(&self, who: Who, date: &str, message: &str) -> String {
        self.git_as(".", who.0, who.1, date, &["add", "-A"]);
        self.git_as(".", who.0, who.1, date, &["commit", "-q", "-m", message]);
        self.rev_parse("HEAD")
    }

    /// `git rev-parse REV`, trimmed.
    pub fn rev_parse(&self, rev: &str) -> String {
        self.git(&["rev-parse", rev]).trim().to_string()
    }

    /// `git ARGS` in `dir` as `who` (author and committer), isolated, with no
    /// signing, hooks or line-ending conversion; panics on failure.
    fn git_run(&self, dir: &str, who: (&str, &str), authored: &str, committed: &str, args: &[&str]) -> String {
        let (name, email) = who;
        let mut cmd = Command::new("git");
        self.isolate(&mut cmd);
        cmd.current_dir(self.join(dir))
            .args(["-c", "commit.gpgsign=false", "-c", "tag.gpgsign=false", "-c", "core.autocrlf=false"])
            .args(["-c", "core.hooksPath=/dev/null"])
            .args(["-c", &format!("user.name={name}"), "-c", &format!("user.email={email}")])
            .args(args)
            .env("GIT_AUTHOR_NAME", name)
            .env("GIT_AUTHOR_EMAIL", email)
            .env("GIT_COMMITTER_NAME", name)
            .env("GIT_COMMITTER_EMAIL", email)
            .env("GIT_AUTHOR_DATE", authored)
            .env("GIT_COMMITTER_DATE", committed)
            .env("GIT_MERGE_AUTOEDIT", "no");
        let out = cmd.output().expect("git runs");
        assert!(out.status.success(), "git {args:?} failed:\n{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    pub fn git(&self, args: &[&str]) -> String {
        self.git_at("2026-01-05T09:00:00Z", args)
    }

    /// `git init -b main` in the project.
    pub fn git_init(&self) {
        self.git(&["init", "-q", "-b", "main"]);
    }

    /// Stages everything and commits it at `date` (RFC 3339); returns the commit id.
    pub fn commit_all(&self, message: &str, date: &str) -> String {
        self.git_at(date, &["add", "-A"]);
        self.git_at(date, &["commit", "-q", "--allow-empty", "-m", message]);
        self.rev_parse("HEAD")
    }

    /// `git init`, then one commit of the current files.
    pub fn init_repo(&self, message: &str) -> String {
        self.git_init();
        self.commit_all(message, "2026-01-05T09:00:00Z")
    }

    /// The `okr` binary, isolated, to run in `dir` (relative to the project).
    pub fn okr_cmd(&self, dir: &str) -> Command {
        self.command_in(env!("CARGO_BIN_EXE_okr"), dir)
    }

    /// `program`, isolated as `okr` runs are, to run in `dir` (relative to
    /// the project); for wrappers such as `taskset`.
    pub fn command_in(&self, program: impl AsRef<std::ffi::OsStr>, dir: &str) -> Command {
        let mut cmd = Command::new(program);
        self.isolate(&mut cmd);
        cmd.current_dir(self.join(dir));
        cmd
    }

    /// Runs `okr ARGS` in the project root.
    pub fn okr(&self, args: &[&str]) -> Run {
        self.okr_in(".", args)
    }

    /// Runs `okr ARGS` in a folder of the project.
    pub fn okr_in(&self, dir: &str, args: &[&str]) -> Run {
        let out = self.okr_cmd(dir).args(args).stdin(Stdio::null()).output().expect("okr runs");
        let run = Run::from_output(out);
        run.expect_no_panic();
        run
    }
}

/// Runs `okr ARGS` in `dir` with stdout piped, reads stdout up to and
/// including the first newline, then closes the pipe (as `| head -1` does)
/// and waits. Returns the first line, the exit code and stderr.
pub fn first_line_then_close(mut cmd: Command) -> (String, i32, String) {
    let mut child = cmd.stdout(Stdio::piped()).stderr(Stdio::piped()).stdin(Stdio::null()).spawn().expect("spawn okr");
    let mut stdout = child.stdout.take().expect("stdout");
    let mut line = Vec::new();
    let mut byte = [0u8; 1];
    // Byte by byte: nothing past the first line is read, so the rest of the
    // output meets a closed pipe.
    while stdout.read(&mut byte).expect("read stdout") == 1 {
        line.push(byte[0]);
        if byte[0] == b'\n' {
            break;
        }
    }
    drop(stdout);
    let mut stderr = String::new();
    child.stderr.take().expect("stderr").read_to_string(&mut stderr).expect("read stderr");
    let status = child.wait().expect("wait");
    (String::from_utf8(line).expect("UTF-8"), status.code().unwrap_or(-1), stderr)
}
