//! `okr pr --post-file` against a mock GitHub REST API: a small HTTP/1.1
//! server on 127.0.0.1 in a thread of the test, which keeps comments (and
//! issues, for `okr review --issue` in `review.rs`) in memory, pages
//! listings two items at a time with absolute `Link` headers, checks the
//! token and records every request.

use crate::common;

use serde_json::{json, Value};
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::Command;
use std::sync::{Arc, Mutex, MutexGuard};
use tempfile::TempDir;

pub(crate) const TOKEN: &str = "ghs_T0kenThatMustNeverBePrinted";
const REPO: &str = "acme/okrs";
const MARKER: &str = "<!-- okr:pr-report -->";
/// The mock's page size, whatever `per_page` asks for.
const PAGE: usize = 2;
const HEAD: &str = "0123456789abcdef0123456789abcdef01234567";

// ---------------------------------------------------------------------------
// The mock API
// ---------------------------------------------------------------------------

#[derive(Clone, Debug)]
struct Stored {
    id: u64,
    pr: u64,
    user: String,
    body: String,
}

/// An issue (or, with `pull_request`, a pull request) of the repository.
#[derive(Clone, Debug)]
pub(crate) struct StoredIssue {
    pub(crate) number: u64,
    pub(crate) user: String,
    pub(crate) title: String,
    pub(crate) body: String,
    /// RFC 3339, compared as text with `since`.
    pub(crate) updated: String,
    pub(crate) pull_request: bool,
}

#[derive(Clone, Debug)]
pub(crate) struct Request {
    pub(crate) method: String,
    pub(crate) target: String,
    headers: HashMap<String, String>,
    pub(crate) body: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Fault {
    None,
    /// 403 to POST and PATCH, as for the read-only token of a fork.
    ForbidWrites,
    /// 403 with `x-ratelimit-remaining: 0` to everything.
    RateLimit403,
    /// 429 with `retry-after` to everything.
    TooMany429,
}

pub(crate) struct State {
    comments: Vec<Stored>,
    pub(crate) issues: Vec<StoredIssue>,
    next_id: u64,
    requests: Vec<Request>,
    fault: Fault,
    /// How many of the next requests get a 503.
    unavailable: usize,
    /// A `rel="next"` link to send instead of the mock's own.
    foreign_next: Option<String>,
}

pub(crate) struct Mock {
    pub(crate) url: String,
    state: Arc<Mutex<State>>,
}

impl Mock {
    pub(crate) fn start() -> Mock {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind the mock");
        let url = format!("http://{}", listener.local_addr().expect("mock address"));
        let state = Arc::new(Mutex::new(State {
            comments: Vec::new(),
            issues: Vec::new(),
            next_id: 1000,
            requests: Vec::new(),
            fault: Fault::None,
            unavailable: 0,
            foreign_next: None,
        }));
        let (shared, base) = (Arc::clone(&state), url.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let _ = serve(stream, &shared, &base);
            }
        });
        Mock { url, state }
    }

    pub(crate) fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().expect("mock state")
    }

    /// An issue (or pull request) someone opened, last updated at `updated`.
    pub(crate) fn seed_issue(&self, user: &str, body: &str, updated: &str, pull_request: bool) -> u64 {
        let mut st = self.state();
        st.next_id += 1;
        let number = st.next_id;
        let title = format!("issue {number}");
        let (user, body, updated) = (user.into(), body.into(), updated.into());
        st.issues.push(StoredIssue { number, user, title, body, updated, pull_request });
        number
    }

    pub(crate) fn issues(&self) -> Vec<StoredIssue> {
        self.state().issues.clone()
    }

    fn seed(&self, pr: u64, user: &str, body: &str) -> u64 {
        let mut st = self.state();
        st.next_id += 1;
        let id = st.next_id;
        st.comments.push(Stored { id, pr, user: user.into(), body: body.into() });
        id
    }

    fn comments(&self, pr: u64) -> Vec<Stored> {
        self.state().comments.iter().filter(|c| c.pr == pr).cloned().collect()
    }

    fn ours(&self, pr: u64) -> Vec<Stored> {
        self.comments(pr).into_iter().filter(|c| c.body.lines().next() == Some(MARKER)).collect()
    }

    pub(crate) fn requests(&self) -> Vec<Request> {
        self.state().requests.clone()
    }

    /// `METHOD target` of every request, in order.
    pub(crate) fn log(&self) -> Vec<String> {
        self.requests().iter().map(|r| format!("{} {}", r.method, r.target)).collect()
    }

    pub(crate) fn writes(&self) -> usize {
        self.requests().iter().filter(|r| r.method != "GET").count()
    }
}

fn serve(stream: TcpStream, state: &Mutex<State>, base: &str) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let mut parts = line.split_whitespace();
    let (method, target) = (parts.next().unwrap_or("").to_string(), parts.next().unwrap_or("").to_string());
    let mut headers = HashMap::new();
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h)? == 0 || h == "\r\n" || h == "\n" {
            break;
        }
        if let Some((k, v)) = h.split_once(':') {
            headers.insert(k.trim().to_ascii_lowercase(), v.trim().to_string());
        }
    }
    let length: usize = headers.get("content-length").and_then(|v| v.parse().ok()).unwrap_or(0);
    let mut body = vec![0; length];
    reader.read_exact(&mut body)?;
    let request = Request { method, target, headers, body: String::from_utf8_lossy(&body).into_owned() };
    let (status, extra, text) = {
        let mut st = state.lock().expect("mock state");
        route(&mut st, request, base)
    };
    let reason = match status {
        200 => "OK",
        201 => "Created",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        429 => "Too Many Requests",
        503 => "Service Unavailable",
        _ => "Other",
    };
    let mut head = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n",
        text.len()
    );
    for (k, v) in extra {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    let mut stream = stream;
    stream.write_all(head.as_bytes())?;
    stream.write_all(text.as_bytes())?;
    stream.flush()
}

type Reply = (u16, Vec<(String, String)>, String);

fn reply(status: u16, body: Value) -> Reply {
    (status, Vec::new(), body.to_string())
}

fn comment_json(c: &Stored) -> Value {
    json!({
        "id": c.id,
        "body": c.body,
        "user": {"login": c.user},
        "html_url": format!("https://github.com/{REPO}/pull/{}#issuecomment-{}", c.pr, c.id),
    })
}

fn issue_json(i: &StoredIssue) -> Value {
    let mut v = json!({
        "id": i.number + 500_000,
        "number": i.number,
        "title": i.title,
        "body": i.body,
        "user": {"login": i.user},
        "updated_at": i.updated,
        "html_url": format!("https://github.com/{REPO}/issues/{}", i.number),
    });
    if i.pull_request {
        v["pull_request"] = json!({"url": "x"});
    }
    v
}

/// A listing page of `items` with `Link` headers to the next and last pages.
fn page_of(items: Vec<Value>, query: &HashMap<&str, &str>, base: &str, path: &str, foreign: Option<&String>) -> Reply {
    let per_page = query.get("per_page").and_then(|p| p.parse().ok()).unwrap_or(30).min(PAGE);
    let page: usize = query.get("page").and_then(|p| p.parse().ok()).unwrap_or(1);
    let last = items.len().div_ceil(per_page).max(1);
    let shown: Vec<Value> = items.into_iter().skip((page - 1) * per_page).take(per_page).collect();
    let mut headers = Vec::new();
    let mut keep: Vec<String> =
        query.iter().filter(|(k, _)| !["per_page", "page"].contains(k)).map(|(k, v)| format!("{k}={v}")).collect();
    keep.sort();
    let extra: String = keep.iter().map(|kv| format!("{kv}&")).collect();
    let link = |p: usize| format!("{base}{path}?{extra}per_page={per_page}&page={p}");
    if let Some(foreign) = foreign {
        headers.push(("Link".to_string(), format!("<{foreign}>; rel=\"next\"")));
    } else if page < last {
        headers
            .push(("Link".to_string(), format!("<{}>; rel=\"next\", <{}>; rel=\"last\"", link(page + 1), link(last))));
    }
    (200, headers, Value::Array(shown).to_string())
}

/// The time the mock stamps on what it writes: after any `since` a test uses.
const NOW: &str = "2030-01-01T00:00:00Z";

fn route(st: &mut State, req: Request, base: &str) -> Reply {
    st.requests.push(req.clone());
    if req.headers.get("authorization") != Some(&format!("Bearer {TOKEN}")) {
        return reply(401, json!({"message": "Bad credentials"}));
    }
    if st.unavailable > 0 {
        st.unavailable -= 1;
        return (503, Vec::new(), "<html>upstream unavailable</html>".into());
    }
    match st.fault {
        Fault::RateLimit403 => {
            let headers = vec![
                ("x-ratelimit-remaining".to_string(), "0".to_string()),
                ("x-ratelimit-reset".to_string(), "1800000000".to_string()),
            ];
            return (403, headers, json!({"message": "API rate limit exceeded for installation."}).to_string());
        }
        Fault::TooMany429 => {
            let headers = vec![("retry-after".to_string(), "60".to_string())];
            return (429, headers, json!({"message": "Too many requests"}).to_string());
        }
        Fault::ForbidWrites if req.method != "GET" => {
            return reply(403, json!({"message": "Resource not accessible by integration"}));
        }
        _ => {}
    }
    let (path, query) = req.target.split_once('?').unwrap_or((&req.target, ""));
    let query: HashMap<&str, &str> = query.split('&').filter_map(|kv| kv.split_once('=')).collect();
    let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    let (owner, name) = REPO.split_once('/').expect("REPO");
    match (req.method.as_str(), segments.as_slice()) {
        ("GET", ["repos", o, n, "issues", pr, "comments"]) if (*o, *n) == (owner, name) => {
            let pr: u64 = pr.parse().unwrap_or(0);
            let all: Vec<Value> = st.comments.iter().filter(|c| c.pr == pr).map(comment_json).collect();
            page_of(all, &query, base, path, st.foreign_next.as_ref())
        }
        ("GET", ["repos", o, n, "issues"]) if (*o, *n) == (owner, name) => {
            let since = query.get("since").copied().unwrap_or("");
            let all: Vec<Value> = st.issues.iter().filter(|i| i.updated.as_str() >= since).map(issue_json).collect();
            page_of(all, &query, base, path, st.foreign_next.as_ref())
        }
        ("POST", ["repos", o, n, "issues"]) if (*o, *n) == (owner, name) => {
            let Ok(sent) = serde_json::from_str::<Value>(&req.body) else {
                return reply(400, json!({"message": "Problems parsing JSON"}));
            };
            st.next_id += 1;
            let i = StoredIssue {
                number: st.next_id,
                user: "github-actions[bot]".into(),
                title: sent["title"].as_str().unwrap_or("").to_string(),
                body: sent["body"].as_str().unwrap_or("").to_string(),
                updated: NOW.into(),
                pull_request: false,
            };
            st.issues.push(i.clone());
            reply(201, issue_json(&i))
        }
        ("PATCH", ["repos", o, n, "issues", number]) if (*o, *n) == (owner, name) => {
            let Ok(sent) = serde_json::from_str::<Value>(&req.body) else {
                return reply(400, json!({"message": "Problems parsing JSON"}));
            };
            let number: u64 = number.parse().unwrap_or(0);
            match st.issues.iter_mut().find(|i| i.number == number && !i.pull_request) {
                Some(i) => {
                    i.title = sent["title"].as_str().unwrap_or("").to_string();
                    i.body = sent["body"].as_str().unwrap_or("").to_string();
                    i.updated = NOW.into();
                    reply(200, issue_json(i))
                }
                None => reply(404, json!({"message": "Not Found"})),
            }
        }
        ("POST", ["repos", o, n, "issues", pr, "comments"]) if (*o, *n) == (owner, name) => {
            let Ok(sent) = serde_json::from_str::<Value>(&req.body) else {
                return reply(400, json!({"message": "Problems parsing JSON"}));
            };
            st.next_id += 1;
            let c = Stored {
                id: st.next_id,
                pr: pr.parse().unwrap_or(0),
                user: "github-actions[bot]".into(),
                body: sent["body"].as_str().unwrap_or("").to_string(),
            };
            st.comments.push(c.clone());
            reply(201, comment_json(&c))
        }
        ("PATCH", ["repos", o, n, "issues", "comments", id]) if (*o, *n) == (owner, name) => {
            let Ok(sent) = serde_json::from_str::<Value>(&req.body) else {
                return reply(400, json!({"message": "Problems parsing JSON"}));
            };
            let id: u64 = id.parse().unwrap_or(0);
            match st.comments.iter_mut().find(|c| c.id == id) {
                Some(c) => {
                    c.body = sent["body"].as_str().unwrap_or("").to_string();
                    reply(200, comment_json(c))
                }
                None => reply(404, json!({"message": "Not Found"})),
            }
        }
        ("GET", ["repos", o, n, "pulls", pr]) if (*o, *n) == (owner, name) => {
            reply(200, json!({"number": pr.parse::<u64>().unwrap_or(0), "head": {"sha": HEAD, "ref": "feature"}}))
        }
        _ => reply(404, json!({"message": "Not Found"})),
    }
}

// ---------------------------------------------------------------------------
// Running okr
// ---------------------------------------------------------------------------

#[derive(Debug)]
pub(crate) struct Run {
    pub(crate) code: i32,
    pub(crate) stdout: String,
    pub(crate) stderr: String,
}

impl Run {
    #[track_caller]
    pub(crate) fn expect(&self, code: i32) -> &Run {
        assert_eq!(self.code, code, "exit code\nstdout:\n{}\nstderr:\n{}", self.stdout, self.stderr);
        self
    }

    #[track_caller]
    pub(crate) fn stderr_has(&self, text: &str) -> &Run {
        assert!(self.stderr.contains(text), "stderr lacks `{text}`:\n{}", self.stderr);
        self
    }
}

/// A temporary directory with a report and an environment for okr.
pub(crate) struct Setup {
    dir: TempDir,
    env: Vec<(String, Option<String>)>,
}

impl Setup {
    pub(crate) fn new(api: &str) -> Setup {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut s = Setup { dir, env: Vec::new() };
        s.set("GITHUB_API_URL", api).set("GITHUB_TOKEN", TOKEN).set("GITHUB_REPOSITORY", REPO);
        s.report("report.md", "first version");
        s
    }

    pub(crate) fn set(&mut self, key: &str, value: &str) -> &mut Setup {
        self.env.retain(|(k, _)| k != key);
        self.env.push((key.into(), Some(value.into())));
        self
    }

    pub(crate) fn unset(&mut self, key: &str) -> &mut Setup {
        self.env.retain(|(k, _)| k != key);
        self.env.push((key.into(), None));
        self
    }

    fn path(&self, name: &str) -> std::path::PathBuf {
        self.dir.path().join(name)
    }

    fn report(&self, name: &str, text: &str) {
        std::fs::write(self.path(name), format!("{MARKER}\n## OKR report\n\n{text}\n")).expect("write report");
    }

    fn run(&self, args: &[&str]) -> Run {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_okr"));
        cmd.current_dir(self.dir.path());
        self.run_cmd(cmd, args)
    }

    /// Runs `cmd` (the okr binary) with `args` and this environment.
    pub(crate) fn run_cmd(&self, mut cmd: Command, args: &[&str]) -> Run {
        cmd.args(args).env("NO_COLOR", "1");
        for key in [
            "GITHUB_API_URL",
            "GITHUB_TOKEN",
            "GITHUB_REPOSITORY",
            "GITHUB_EVENT_PATH",
            "GITHUB_STEP_SUMMARY",
            "OKR_COMMENT_LOGIN",
            "HTTP_PROXY",
            "http_proxy",
            "HTTPS_PROXY",
            "https_proxy",
            "ALL_PROXY",
            "all_proxy",
        ] {
            cmd.env_remove(key);
        }
        for (k, v) in &self.env {
            match v {
                Some(v) => cmd.env(k, v),
                None => cmd.env_remove(k),
            };
        }
        let out = cmd.output().expect("run okr");
        let run = Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        };
        assert!(!run.stderr.contains("panicked"), "okr panicked:\n{}", run.stderr);
        // (8) The token is never printed, whatever happens.
        let secret = &TOKEN[4..];
        assert!(!run.stdout.contains(secret) && !run.stderr.contains(secret), "the token was printed:\n{run:?}");
        run
    }

    fn post(&self, pr: &str) -> Run {
        self.run(&["pr", "--post-file", "report.md", "--pr", pr])
    }
}

fn other_users(mock: &Mock, pr: u64, n: usize) -> Vec<Stored> {
    let bodies = [
        "LGTM",
        "> <!-- okr:pr-report -->\n> quoting the report is not posting it",
        "<!-- okr:pr-report root=okrs/other -->\nthe report of another root",
        "Could the KR target be 40%?",
        "ship it",
    ];
    for i in 0..n {
        mock.seed(pr, &format!("user{i}"), bodies[i % bodies.len()]);
    }
    mock.comments(pr)
}

// ---------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------

/// (1) The first run creates the comment (after reading both pages), the
/// second finds it on page 3 and updates it; other comments are untouched.
#[test]
fn creates_then_updates_the_one_sticky_comment() {
    let mock = Mock::start();
    let before = other_users(&mock, 7, 4);
    mock.seed(8, "github-actions[bot]", &format!("{MARKER}\nthe report of another pull request"));
    let s = Setup::new(&mock.url);

    let first = s.post("7");
    first.expect(0).stderr_has("okr: created comment https://github.com/acme/okrs/pull/7#issuecomment-");
    assert_eq!(first.stdout, "");
    assert_eq!(
        mock.log(),
        [
            "GET /repos/acme/okrs/issues/7/comments?per_page=100",
            "GET /repos/acme/okrs/issues/7/comments?per_page=2&page=2",
            "POST /repos/acme/okrs/issues/7/comments",
        ]
    );
    let ours = mock.ours(7);
    assert_eq!(ours.len(), 1);
    assert!(ours[0].body.contains("first version"));
    let url = format!("https://github.com/acme/okrs/pull/7#issuecomment-{}", ours[0].id);
    assert_eq!(first.stderr.trim(), format!("okr: created comment {url}"));

    s.report("report.md", "second version");
    let second = s.post("7");
    second.expect(0);
    assert_eq!(second.stderr.trim(), format!("okr: updated comment {url}"));
    let log = mock.log();
    assert_eq!(log[log.len() - 2], "GET /repos/acme/okrs/issues/7/comments?per_page=2&page=3");
    assert_eq!(log[log.len() - 1], format!("PATCH /repos/acme/okrs/issues/comments/{}", ours[0].id));
    assert_eq!(mock.writes(), 2);

    let after = mock.comments(7);
    assert_eq!(after.len(), 5);
    let ours = mock.ours(7);
    assert_eq!(ours.len(), 1);
    assert!(ours[0].body.contains("second version") && !ours[0].body.contains("first version"));
    for c in &before {
        let now = after.iter().find(|a| a.id == c.id).expect("still there");
        assert_eq!((&now.user, &now.body), (&c.user, &c.body));
    }
    assert_eq!(mock.ours(8)[0].body, format!("{MARKER}\nthe report of another pull request"));
}

#[test]
fn requests_carry_the_documented_headers_and_a_json_body() {
    let mock = Mock::start();
    let s = Setup::new(&mock.url);
    s.post("7").expect(0);
    let requests = mock.requests();
    for r in &requests {
        assert_eq!(r.headers.get("authorization").map(String::as_str), Some(&*format!("Bearer {TOKEN}")));
        assert_eq!(r.headers.get("accept").map(String::as_str), Some("application/vnd.github+json"));
        assert_eq!(r.headers.get("x-github-api-version").map(String::as_str), Some("2022-11-28"));
        let agent = r.headers.get("user-agent").cloned().unwrap_or_default();
        assert_eq!(agent, format!("okr/{}", env!("CARGO_PKG_VERSION")));
    }
    let post = requests.iter().find(|r| r.method == "POST").expect("a POST");
    assert!(post.headers.get("content-type").is_some_and(|t| t.starts_with("application/json")));
    let sent: Value = serde_json::from_str(&post.body).expect("JSON body");
    let text = std::fs::read_to_string(s.path("report.md")).expect("report");
    assert_eq!(sent, json!({ "body": text }));
}

#[test]
fn several_comments_of_ours_update_the_first_and_leave_the_rest() {
    let mock = Mock::start();
    other_users(&mock, 7, 1);
    let first = mock.seed(7, "github-actions[bot]", &format!("{MARKER}\r\nold report (edited on the web: CRLF)"));
    let second = mock.seed(7, "github-actions[bot]", &format!("{MARKER}\nold duplicate"));
    let s = Setup::new(&mock.url);
    s.post("7")
        .expect(0)
        .stderr_has(&format!("okr: updated comment https://github.com/acme/okrs/pull/7#issuecomment-{first}"))
        .stderr_has("1 more comment(s) on pull request #7 start with the same marker line; they were left as they are");
    let comments = mock.comments(7);
    assert!(comments.iter().any(|c| c.id == first && c.body.contains("first version")));
    assert!(comments.iter().any(|c| c.id == second && c.body.ends_with("old duplicate")));
}

/// (2) Without `--pr`, the number comes from the event file.
#[test]
fn the_pr_number_comes_from_the_event_file() {
    let mock = Mock::start();
    let mut s = Setup::new(&mock.url);
    let event = s.path("event.json");
    std::fs::write(&event, r#"{"action":"synchronize","number":12,"pull_request":{"number":12,"head":{"sha":"x"}}}"#)
        .expect("event");
    s.set("GITHUB_EVENT_PATH", event.to_str().expect("path"));
    s.run(&["pr", "--post-file", "report.md"]).expect(0).stderr_has("pull/12#issuecomment-");
    assert_eq!(mock.ours(12).len(), 1);

    // An issue_comment event on a pull request.
    std::fs::write(&event, r#"{"action":"created","issue":{"number":13,"pull_request":{}}}"#).expect("event");
    s.run(&["pr", "--post-file", "report.md"]).expect(0);
    assert_eq!(mock.ours(13).len(), 1);

    // --pr wins over the event.
    s.run(&["pr", "--post-file", "report.md", "--pr", "14"]).expect(0);
    assert_eq!(mock.ours(14).len(), 1);

    // A push event has no pull request.
    std::fs::write(&event, r#"{"ref":"refs/heads/main","after":"abc"}"#).expect("event");
    s.run(&["pr", "--post-file", "report.md"]).expect(2).stderr_has("has no pull request number").stderr_has("--pr N");
    std::fs::write(&event, "{not json").expect("event");
    s.run(&["pr", "--post-file", "report.md"]).expect(2).stderr_has("GITHUB_EVENT_PATH").stderr_has("not JSON");
    s.unset("GITHUB_EVENT_PATH");
    s.run(&["pr", "--post-file", "report.md"]).expect(2).stderr_has("no pull request to post to: pass --pr N");
    assert_eq!(mock.writes(), 3);
}

/// (3) A 403 that is not a rate limit: the report goes to the job summary
/// (once), a warning to stdout, and the exit code is 0.
#[test]
fn a_read_only_token_falls_back_to_the_job_summary_once() {
    let mock = Mock::start();
    mock.state().fault = Fault::ForbidWrites;
    let mut s = Setup::new(&mock.url);
    let summary = s.path("summary.md");
    std::fs::write(&summary, "## Earlier step").expect("summary");
    s.set("GITHUB_STEP_SUMMARY", summary.to_str().expect("path"));
    let warning =
        "::warning::okr could not comment on the pull request (read-only token, as for pull requests from forks); \
                   the report is in the job summary. See docs/github-action.md for the workflow_run pattern.\n";

    let run = s.post("7");
    run.expect(0).stderr_has("403").stderr_has("Resource not accessible by integration");
    assert_eq!(run.stdout, warning);
    let report = std::fs::read_to_string(s.path("report.md")).expect("report");
    assert_eq!(std::fs::read_to_string(&summary).expect("summary"), format!("## Earlier step\n{report}"));

    let again = s.post("7");
    again.expect(0);
    assert_eq!(again.stdout, warning);
    let text = std::fs::read_to_string(&summary).expect("summary");
    assert_eq!(text.matches(MARKER).count(), 1, "{text}");
    assert!(mock.comments(7).is_empty());

    // No job summary (not in GitHub Actions): the warning alone.
    s.unset("GITHUB_STEP_SUMMARY");
    let bare = s.post("7");
    bare.expect(0);
    assert!(bare.stdout.starts_with("::warning::okr could not comment on the pull request"), "{}", bare.stdout);
    assert!(!bare.stdout.contains("job summary"));
}

/// (4) Rate limits are errors with the time to retry.
#[test]
fn rate_limits_are_errors_that_say_when_to_retry() {
    let mock = Mock::start();
    let mut s = Setup::new(&mock.url);
    let summary = s.path("summary.md");
    s.set("GITHUB_STEP_SUMMARY", summary.to_str().expect("path"));

    mock.state().fault = Fault::RateLimit403;
    let run = s.post("7");
    run.expect(2).stderr_has("rate limit").stderr_has("resets at 2027-01-15 08:00:00 UTC");
    assert!(!run.stdout.contains("::warning::"));

    mock.state().fault = Fault::TooMany429;
    let run = s.post("7");
    run.expect(2).stderr_has("rate limit").stderr_has("429").stderr_has("retry after 60 seconds");
    assert!(!run.stdout.contains("::warning::"));
    assert!(!summary.exists());
    assert_eq!(mock.writes(), 0);
}

/// (5) Nothing listening: exit 2 and the URL in the message.
#[test]
fn an_unreachable_api_is_an_error_naming_its_url() {
    let port = {
        let l = TcpListener::bind("127.0.0.1:0").expect("bind");
        l.local_addr().expect("address").port()
    };
    let url = format!("http://127.0.0.1:{port}");
    let s = Setup::new(&url);
    s.post("7").expect(2).stderr_has(&format!("cannot reach the GitHub API at {url}"));
}

/// (6) `--expect-head-sha`: a different head posts nothing.
#[test]
fn expect_head_sha_guards_against_a_moved_head() {
    let mock = Mock::start();
    let s = Setup::new(&mock.url);
    let other = "f".repeat(40);
    s.run(&["pr", "--post-file", "report.md", "--pr", "7", "--expect-head-sha", &other])
        .expect(2)
        .stderr_has(&format!("the head of pull request #7 is {HEAD}, not {other}"))
        .stderr_has("was not posted");
    assert_eq!(mock.log(), ["GET /repos/acme/okrs/pulls/7"]);

    s.run(&["pr", "--post-file", "report.md", "--pr", "7", "--expect-head-sha", "HEAD"])
        .expect(2)
        .stderr_has("--expect-head-sha must be a full commit id");
    assert_eq!(mock.requests().len(), 1);

    s.run(&["pr", "--post-file", "report.md", "--pr", "7", "--expect-head-sha", &HEAD.to_uppercase()])
        .expect(0)
        .stderr_has("okr: created comment");
    assert_eq!(mock.ours(7).len(), 1);
}

/// (7) Settings and files that cannot work are errors before any request.
#[test]
fn bad_settings_and_files_are_clear_errors() {
    let mock = Mock::start();
    let mut s = Setup::new(&mock.url);

    s.unset("GITHUB_TOKEN");
    s.post("7").expect(2).stderr_has("GITHUB_TOKEN is not set");
    s.set("GITHUB_TOKEN", "  ");
    s.post("7").expect(2).stderr_has("GITHUB_TOKEN is empty");
    s.set("GITHUB_TOKEN", TOKEN);

    for repo in ["acme", "acme/okrs/extra", "acme/../x", ""] {
        s.set("GITHUB_REPOSITORY", repo);
        s.post("7").expect(2).stderr_has(&format!("GITHUB_REPOSITORY must be `owner/name`, got `{repo}`"));
    }
    s.unset("GITHUB_REPOSITORY");
    s.post("7").expect(2).stderr_has("GITHUB_REPOSITORY is not set");
    s.set("GITHUB_REPOSITORY", REPO);

    s.set("GITHUB_API_URL", "api.example.com");
    s.post("7").expect(2).stderr_has("GITHUB_API_URL must be an http:// or https:// URL");
    s.set("GITHUB_API_URL", &mock.url);

    std::fs::write(s.path("report.md"), "## OKR report\n<!-- okr:pr-report -->\n").expect("write");
    s.post("7")
        .expect(2)
        .stderr_has("report.md: the report must start with an okr marker line")
        .stderr_has("`## OKR report`");
    std::fs::write(s.path("report.md"), b"<!-- okr:pr-report -->\n\xff\xfe").expect("write");
    s.post("7").expect(2).stderr_has("report.md is not UTF-8 text");
    std::fs::write(s.path("report.md"), format!("{MARKER}\n{}", "x".repeat(70_000))).expect("write");
    s.post("7").expect(2).stderr_has("70023 characters long; a GitHub comment holds at most 65536");
    std::fs::write(s.path("report.md"), format!("{MARKER}\n{}", "x".repeat(2 << 20))).expect("write");
    s.post("7").expect(2).stderr_has("report.md is larger than 1 MiB");
    s.run(&["pr", "--post-file", "missing.md", "--pr", "7"]).expect(2).stderr_has("cannot read missing.md");
    s.report("report.md", "fine");
    s.post("0").expect(2).stderr_has("--pr must be a pull request number");
    assert!(mock.requests().is_empty(), "{:?}", mock.log());
}

#[test]
fn github_errors_are_explained() {
    let mock = Mock::start();
    let mut s = Setup::new(&mock.url);
    s.set("GITHUB_TOKEN", &format!("{TOKEN}-revoked"));
    s.post("7").expect(2).stderr_has("GitHub rejected the token in GITHUB_TOKEN: 401").stderr_has("Bad credentials");
    s.set("GITHUB_TOKEN", TOKEN);
    s.set("GITHUB_REPOSITORY", "acme/elsewhere");
    s.post("7")
        .expect(2)
        .stderr_has("GitHub answered 404 to GET /repos/acme/elsewhere/issues/7/comments?per_page=100 (Not Found)");
    assert_eq!(mock.writes(), 0);
}

#[test]
fn a_503_is_tried_once_more() {
    let mock = Mock::start();
    let s = Setup::new(&mock.url);
    mock.state().unavailable = 1;
    s.post("7").expect(0).stderr_has("okr: created comment");
    mock.state().unavailable = 2;
    s.post("7").expect(2).stderr_has("GitHub answered 503 to GET /repos/acme/okrs/issues/7/comments?per_page=100");
    assert_eq!(mock.ours(7).len(), 1);
}

/// A next-page link to another host is not followed: the token stays home.
#[test]
fn the_token_is_not_sent_to_a_foreign_next_page() {
    let mock = Mock::start();
    let elsewhere = Mock::start();
    mock.state().foreign_next = Some(format!("{}/repos/acme/okrs/issues/7/comments?page=2", elsewhere.url));
    let s = Setup::new(&mock.url);
    s.post("7").expect(2).stderr_has("is not under GITHUB_API_URL; okr does not send the token there");
    assert!(elsewhere.requests().is_empty());
    assert_eq!(mock.writes(), 0);
}

#[test]
fn post_file_needs_no_project_and_conflicts_with_computing_a_report() {
    let mock = Mock::start();
    let s = Setup::new(&mock.url);
    // The temporary directory has no okr.toml and no git repository.
    assert!(!Path::new(&s.path(".git")).exists());
    s.post("7").expect(0);
    s.run(&["pr", "--post-file", "report.md", "--base", "main"]).expect(2).stderr_has("cannot be used with");
}

const OBJECTIVE: &str = "okrs/2026-Q1/growth/activation.md";

fn objective(current: &str) -> String {
    format!(
        "---
owner: sam
key_results:
  - id: activation-rate
    title: Raise trial activation rate from 25% to 32%
    unit: \"%\"
    baseline: 25
    target: 32
    current: {current}
---
# Get new teams to their first booked meeting on day one
"
    )
}

/// `okr pr --post`: the report printed on stdout is the comment posted; on a
/// read-only token the warning follows the report on a line of its own.
#[test]
fn okr_pr_post_prints_and_posts_the_same_report() {
    let mock = Mock::start();
    let s = Setup::new(&mock.url);
    let p = common::Project::with_files(&[(OBJECTIVE, objective("26"))]);
    p.init_repo("Q1 OKRs");
    p.git(&["checkout", "-q", "-b", "pr"]);
    p.write(OBJECTIVE, objective("28"));
    p.commit_all("Check-in: activation 28%", "2026-01-12T09:00:00Z");
    let args = ["pr", "--base", "main", "--post", "--pr", "7", "--as-of", "2026-02-15"];

    let first = s.run_cmd(p.okr_cmd("."), &args);
    first.expect(0).stderr_has("okr: created comment");
    assert!(first.stdout.starts_with(&format!("{MARKER}\n")), "{}", first.stdout);
    assert_eq!(mock.ours(7).len(), 1);
    assert_eq!(mock.ours(7)[0].body, first.stdout);

    s.run_cmd(p.okr_cmd("."), &args).expect(0).stderr_has("okr: updated comment");
    assert_eq!(mock.ours(7).len(), 1);

    mock.state().fault = Fault::ForbidWrites;
    let forked = s.run_cmd(p.okr_cmd("."), &args);
    forked.expect(0);
    let (report, warning) = forked.stdout.split_once("\n::warning::").expect("a warning after the report");
    assert_eq!(format!("{report}\n"), first.stdout);
    assert!(warning.starts_with("okr could not comment on the pull request"), "{warning}");
}

/// Anyone can post a comment that starts with okr's marker: only a comment
/// written by okr's identity (github-actions[bot] for GITHUB_TOKEN, or the
/// login in OKR_COMMENT_LOGIN for an app token) is the sticky comment.
#[test]
fn only_okrs_own_comment_is_the_sticky_comment() {
    let mock = Mock::start();
    let forged = format!("{MARKER}\nplanted by someone else");
    let mallory = mock.seed(9, "mallory", &forged);
    let s = Setup::new(&mock.url);

    s.post("9").expect(0).stderr_has("okr: created comment");
    assert_eq!(mock.log().last().map(String::as_str), Some("POST /repos/acme/okrs/issues/9/comments"));
    let second = s.post("9");
    second.expect(0).stderr_has("okr: updated comment");
    let patched: Vec<String> = mock.log().into_iter().filter(|l| l.starts_with("PATCH")).collect();
    assert_eq!(patched.len(), 1);
    assert!(!patched[0].ends_with(&format!("/{mallory}")), "{patched:?}");
    let after = mock.comments(9);
    assert_eq!(after.iter().find(|c| c.id == mallory).map(|c| c.body.as_str()), Some(forged.as_str()));
    assert_eq!(after.iter().filter(|c| c.user == "github-actions[bot]").count(), 1);

    // An app token posts as the app: its login is configured.
    let app = mock.seed(10, "okr-app[bot]", &format!("{MARKER}\nthe app's report"));
    mock.seed(10, "github-actions[bot]", &format!("{MARKER}\nnot the app"));
    let mut s = Setup::new(&mock.url);
    s.set("OKR_COMMENT_LOGIN", "okr-app[bot]");
    s.post("10").expect(0).stderr_has("okr: updated comment");
    assert_eq!(mock.log().last().cloned(), Some(format!("PATCH /repos/acme/okrs/issues/comments/{app}")));
}
