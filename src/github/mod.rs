//! The GitHub REST API edge: the sticky pull-request comment of `okr pr
//! --post` and the weekly review issue of `okr review --issue`. The only
//! module that talks HTTP.
//!
//! The decisions are pure functions with unit tests (the pull-request number
//! of an event, `Link` headers, which comment is ours, what an error status
//! means); [`Client`] only sends requests and reads answers.

use serde::Deserialize;
use std::fmt;
use std::time::Duration;

/// `GITHUB_API_URL` when it is not set.
pub const DEFAULT_API_URL: &str = "https://api.github.com";
/// The longest comment body GitHub accepts, in characters.
pub const MAX_COMMENT_CHARS: usize = 65_536;
/// How many pages of comments are read (100 comments each) before giving up.
pub const MAX_PAGES: usize = 100;
/// Every report's first line starts with this.
pub const MARKER_PREFIX: &str = "<!-- okr:";

const TIMEOUT: Duration = Duration::from_secs(30);
/// The largest answer read (a page of 100 comments of up to 65,536 characters each, JSON-escaped).
const MAX_ANSWER_BYTES: u64 = 64 << 20;
/// The pause before the one retry of a 502, 503 or 504.
const RETRY_PAUSE: Duration = Duration::from_millis(700);

// ---------------------------------------------------------------------------
// Pure decisions
// ---------------------------------------------------------------------------

/// The pull-request number of a GitHub Actions event (the JSON file in
/// `GITHUB_EVENT_PATH`): `.pull_request.number`, else `.number`, else
/// `.issue.number`. `Ok(None)` when the event has none (a push, a schedule).
pub fn pr_number_from_event(json: &str) -> Result<Option<u64>, String> {
    let event: serde_json::Value = serde_json::from_str(json).map_err(|e| format!("it is not JSON ({e})"))?;
    let candidates = [&event["pull_request"]["number"], &event["number"], &event["issue"]["number"]];
    let number = candidates.into_iter().find_map(|v| v.as_u64()).filter(|&n| n > 0);
    Ok(number)
}

/// Checks `GITHUB_REPOSITORY`: `owner/name` with the characters GitHub allows
/// (it becomes part of every request's path).
pub fn validate_repository(repo: &str) -> Result<(), String> {
    let bad = || format!("GITHUB_REPOSITORY must be `owner/name`, got `{}`", printable(repo));
    let (owner, name) = repo.split_once('/').ok_or_else(bad)?;
    let owner_ok =
        !owner.is_empty() && owner.len() <= 39 && owner.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    let name_ok = !name.is_empty()
        && name.len() <= 100
        && name != "."
        && name != ".."
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
    if owner_ok && name_ok {
        Ok(())
    } else {
        Err(bad())
    }
}

/// Checks a commit id given to `--expect-head-sha`: 40 (SHA-1) or 64
/// (SHA-256) hexadecimal digits.
pub fn validate_sha(sha: &str) -> Result<(), String> {
    if matches!(sha.len(), 40 | 64) && sha.bytes().all(|b| b.is_ascii_hexdigit()) {
        Ok(())
    } else {
        Err(format!(
            "--expect-head-sha must be a full commit id (40 or 64 hexadecimal digits), got `{}`",
            printable(sha)
        ))
    }
}

/// `GITHUB_API_URL` without its trailing slashes; `None` or empty is the
/// public API. Only `http://` and `https://` URLs are accepted.
pub fn api_base(value: Option<&str>) -> Result<String, String> {
    let value = value.map(str::trim).filter(|v| !v.is_empty()).unwrap_or(DEFAULT_API_URL);
    let base = value.trim_end_matches('/');
    let rest = base.strip_prefix("https://").or_else(|| base.strip_prefix("http://"));
    match rest {
        Some(host) if !host.is_empty() && !base.chars().any(|c| c.is_whitespace() || c.is_control()) => {
            Ok(base.to_string())
        }
        _ => Err(format!("GITHUB_API_URL must be an http:// or https:// URL, got `{}`", printable(value))),
    }
}

/// The first line of a report or comment: its marker (a trailing `\r` is
/// not part of it).
pub fn marker_line(body: &str) -> &str {
    let line = body.split('\n').next().unwrap_or("");
    line.strip_suffix('\r').unwrap_or(line)
}

/// Whether `body` can be posted as the report: its first line is an okr
/// marker (`<!-- okr:… -->`) and it fits in one comment.
pub fn check_report(body: &str) -> Result<(), String> {
    let marker = marker_line(body);
    if !(marker.starts_with(MARKER_PREFIX) && marker.ends_with("-->")) || marker.chars().any(char::is_control) {
        return Err(format!(
            "the report must start with an okr marker line such as `<!-- okr:pr-report -->`, but its first line is `{}`",
            printable(&truncate(marker, 80))
        ));
    }
    let chars = body.chars().count();
    if chars > MAX_COMMENT_CHARS {
        return Err(format!(
            "the report is {chars} characters long; a GitHub comment holds at most {MAX_COMMENT_CHARS}"
        ));
    }
    Ok(())
}

/// The URL of the `rel="next"` page in a `Link` header.
pub fn next_link(header: &str) -> Option<&str> {
    header.split(',').find_map(|part| {
        let part = part.trim();
        let url_end = part.find('>')?;
        let url = part.strip_prefix('<')?.get(..url_end - 1)?;
        let is_next = part[url_end + 1..].split(';').any(|param| {
            let Some((key, value)) = param.split_once('=') else { return false };
            key.trim().eq_ignore_ascii_case("rel")
                && value.trim().trim_matches('"').split_ascii_whitespace().any(|r| r.eq_ignore_ascii_case("next"))
        });
        is_next.then_some(url)
    })
}

/// One issue comment, as the REST API returns it (only what okr reads).
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
pub struct Comment {
    pub id: u64,
    #[serde(default)]
    pub body: Option<String>,
    #[serde(default)]
    pub html_url: Option<String>,
    /// Who wrote it.
    #[serde(default)]
    pub user: Option<User>,
}

/// One issue of a repository's issue listing (which holds pull requests
/// too), only what okr reads.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
pub struct Issue {
    pub number: u64,
    /// Present on pull requests.
    #[serde(default)]
    pub pull_request: Option<serde_json::Value>,
    /// Its id, body, address and who opened it, as a comment has them.
    #[serde(flatten)]
    pub item: Comment,
}

/// A comment's author.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
pub struct User {
    pub login: String,
}

/// Who writes okr's comments with the workflow's `GITHUB_TOKEN`.
pub const ACTIONS_LOGIN: &str = "github-actions[bot]";

/// Create a comment, or update one of ours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Plan {
    Create,
    /// Update comment `id`; `others` more comments are ours too and are left alone.
    Update {
        id: u64,
        others: usize,
    },
}

/// What to do with a pull request's comments: update the first that `login`
/// wrote and whose first line is `marker`, else create one. Comments by
/// anyone else are never ours, whatever they start with: anybody can post
/// the marker.
pub fn plan(comments: &[Comment], marker: &str, login: &str) -> Plan {
    let mut ours = comments.iter().filter(|c| {
        c.user.as_ref().is_some_and(|u| u.login == login) && c.body.as_deref().is_some_and(|b| marker_line(b) == marker)
    });
    match ours.next() {
        Some(first) => Plan::Update { id: first.id, others: ours.count() },
        None => Plan::Create,
    }
}

/// What an error status from GitHub means for okr.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// Primary or secondary rate limit: try later.
    RateLimited { reset: Option<i64>, retry_after: Option<u64> },
    /// 403 that is not a rate limit: the token may not write here (the
    /// read-only token of a pull request from a fork).
    Forbidden,
    /// 401: the token is invalid or expired.
    BadToken,
    /// 404: no such repository or pull request, or the token cannot see it.
    NotFound,
    /// Any other error status.
    Other,
}

/// The headers of an answer that [`classify`] reads.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RateHeaders {
    /// `x-ratelimit-remaining`
    pub remaining: Option<u64>,
    /// `x-ratelimit-reset` (seconds since the epoch)
    pub reset: Option<i64>,
    /// `retry-after` (seconds)
    pub retry_after: Option<u64>,
}

/// Classifies an error status: 429, or 403 with no rate left, a
/// `retry-after` or a message about a rate limit, is a rate limit; any other
/// 403 is a missing permission.
pub fn classify(status: u16, headers: &RateHeaders, message: &str) -> Failure {
    let rate_message = message.to_ascii_lowercase().contains("rate limit");
    let limited = status == 429
        || (status == 403 && (headers.remaining == Some(0) || headers.retry_after.is_some() || rate_message));
    match status {
        _ if limited => Failure::RateLimited { reset: headers.reset, retry_after: headers.retry_after },
        401 => Failure::BadToken,
        403 => Failure::Forbidden,
        404 => Failure::NotFound,
        _ => Failure::Other,
    }
}

/// GitHub's `message` from an error answer, or the start of the answer when
/// it is not JSON; control characters removed, as it is printed.
pub fn error_message(body: &str) -> String {
    let text = match serde_json::from_str::<serde_json::Value>(body) {
        Ok(v) => v["message"].as_str().map(str::to_string).unwrap_or_default(),
        Err(_) => body.trim().to_string(),
    };
    printable(&truncate(&text, 300))
}

/// Whether a 502, 503 or 504 is worth one more try.
pub fn retryable(status: u16) -> bool {
    matches!(status, 502..=504)
}

/// `text` with control characters (newlines, escapes) replaced, for messages
/// that repeat what the network or a file said.
pub fn printable(text: &str) -> String {
    text.chars().map(|c| if c.is_control() { '�' } else { c }).collect()
}

fn truncate(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text.to_string(),
    }
}

// ---------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------

/// A request that did not succeed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiError {
    /// No answer: connection refused, DNS, TLS, timeout.
    Network { api: String, request: String, detail: String },
    /// An error status.
    Status { request: String, status: u16, failure: Failure, message: String },
    /// A success status whose answer is not what the API documents.
    Unexpected { request: String, detail: String },
    /// More than [`MAX_PAGES`] pages of comments or issues (`what`).
    TooManyPages { request: String, what: &'static str },
    /// A pagination link that leaves `GITHUB_API_URL` (the token is not sent there).
    ForeignLink { url: String },
}

impl ApiError {
    /// A 403 that is not a rate limit: the token cannot write here.
    pub fn is_forbidden(&self) -> bool {
        matches!(self, ApiError::Status { failure: Failure::Forbidden, .. })
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ApiError::Network { api, request, detail } => {
                write!(
                    f,
                    "cannot reach the GitHub API at {api} ({request}): {detail}; check GITHUB_API_URL and the network"
                )
            }
            ApiError::Status { request, status, failure, message } => {
                let said = if message.is_empty() { String::new() } else { format!(" ({message})") };
                match failure {
                    Failure::RateLimited { reset, retry_after } => {
                        write!(f, "GitHub's API rate limit is exhausted: {status} to {request}{said}")?;
                        match (retry_after, reset.and_then(|r| jiff::Timestamp::from_second(r).ok())) {
                            (Some(secs), _) => write!(f, "; retry after {secs} seconds"),
                            (None, Some(at)) => write!(f, "; it resets at {}", at.strftime("%Y-%m-%d %H:%M:%S UTC")),
                            (None, None) => write!(f, "; try again later"),
                        }
                    }
                    Failure::BadToken => write!(
                        f,
                        "GitHub rejected the token in GITHUB_TOKEN: 401 to {request}{said}; it is invalid or has expired"
                    ),
                    Failure::NotFound => write!(
                        f,
                        "GitHub answered 404 to {request}{said}: the repository (GITHUB_REPOSITORY) or the pull request or issue does not exist, or the token in GITHUB_TOKEN cannot see it"
                    ),
                    Failure::Forbidden => write!(
                        f,
                        "GitHub refused {request}: 403{said}; the token in GITHUB_TOKEN lacks permission (pull-requests: write for the comment, issues: write for the review issue, read for the head check)"
                    ),
                    Failure::Other => write!(f, "GitHub answered {status} to {request}{said}"),
                }
            }
            ApiError::Unexpected { request, detail } => {
                write!(f, "GitHub's answer to {request} is not what its API documents: {detail}")
            }
            ApiError::TooManyPages { request, what } => write!(
                f,
                "{request}: there are more than {} {what} ({MAX_PAGES} pages); okr stops reading there",
                MAX_PAGES * 100
            ),
            ApiError::ForeignLink { url } => write!(
                f,
                "GitHub's next-page link `{}` is not under GITHUB_API_URL; okr does not send the token there",
                printable(url)
            ),
        }
    }
}

// ---------------------------------------------------------------------------
// The client
// ---------------------------------------------------------------------------

/// What [`Client::upsert`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Posted {
    pub created: bool,
    /// The comment's address on github.com (control characters removed).
    pub url: String,
    /// How many more comments carry the marker (left as they are).
    pub others: usize,
}

/// A GitHub REST API client for one repository. Its `Debug` output hides the token.
pub struct Client {
    agent: ureq::Agent,
    api: String,
    repo: String,
    token: String,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client").field("api", &self.api).field("repo", &self.repo).finish_non_exhaustive()
    }
}

enum Method {
    Get,
    Post,
    Patch,
}

impl Method {
    fn name(&self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Patch => "PATCH",
        }
    }
}

struct Answer {
    status: u16,
    link: Option<String>,
    rate: RateHeaders,
    body: String,
}

impl Client {
    /// A client for `repo` (`owner/name`, validated) at `api` (see
    /// [`api_base`]) with `token`.
    pub fn new(api: String, repo: String, token: String) -> Client {
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .user_agent(concat!("okr/", env!("CARGO_PKG_VERSION")))
            .accept("application/vnd.github+json")
            .timeout_connect(Some(TIMEOUT))
            .timeout_resolve(Some(TIMEOUT))
            .timeout_send_request(Some(TIMEOUT))
            .timeout_send_body(Some(TIMEOUT))
            .timeout_recv_response(Some(TIMEOUT))
            .timeout_recv_body(Some(TIMEOUT))
            .build();
        Client { agent: config.new_agent(), api, repo, token }
    }

    /// Creates the pull request's report comment, or updates the first
    /// comment whose first line is the report's.
    pub fn upsert(&self, pr: u64, body: &str, login: &str) -> Result<Posted, ApiError> {
        let comments = self.comments(pr)?;
        match plan(&comments, marker_line(body), login) {
            Plan::Update { id, others } => match self.update_comment(id, body) {
                Ok(c) => Ok(Posted { created: false, url: comment_url(&c), others }),
                // Deleted since it was listed: create a new one.
                Err(ApiError::Status { failure: Failure::NotFound, .. }) => {
                    let c = self.create_comment(pr, body)?;
                    Ok(Posted { created: true, url: comment_url(&c), others })
                }
                Err(e) => Err(e),
            },
            Plan::Create => {
                let c = self.create_comment(pr, body)?;
                Ok(Posted { created: true, url: comment_url(&c), others: 0 })
            }
        }
    }

    /// All comments of the pull request's conversation, following `Link` pages.
    pub fn comments(&self, pr: u64) -> Result<Vec<Comment>, ApiError> {
        let first = format!("{}/repos/{}/issues/{pr}/comments?per_page=100", self.api, self.repo);
        self.list(&first, "comments on the pull request")
    }

    /// Every item of a listing, following `Link` pages under the API.
    fn list<T: serde::de::DeserializeOwned>(&self, first: &str, what: &'static str) -> Result<Vec<T>, ApiError> {
        let mut url = first.to_string();
        let mut all = Vec::new();
        for _ in 0..MAX_PAGES {
            let answer = self.send(Method::Get, &url, None)?;
            let page: Vec<T> = self.parse(Method::Get, &url, &answer)?;
            all.extend(page);
            match answer.link.as_deref().and_then(next_link) {
                None => return Ok(all),
                Some(next) if next.starts_with(&format!("{}/", self.api)) => url = next.to_string(),
                Some(next) => return Err(ApiError::ForeignLink { url: next.to_string() }),
            }
        }
        Err(ApiError::TooManyPages { request: format!("GET {}", self.path_of(first)), what })
    }

    /// Creates the weekly review issue, or updates the first issue (open or
    /// closed) that `login` opened and whose body's first line is the
    /// body's marker. Only issues updated since `since` (an RFC 3339 time:
    /// the week's Monday) are read, so a long-lived repository's thousands
    /// of issues are not listed.
    pub fn upsert_issue(&self, title: &str, body: &str, login: &str, since: &str) -> Result<Posted, ApiError> {
        let first = format!("{}/repos/{}/issues?state=all&since={since}&per_page=100", self.api, self.repo);
        let issues: Vec<Issue> = self.list(&first, "issues updated this week")?;
        // The listing has pull requests too; an issue is a comment here:
        // its number, author and body.
        let candidates: Vec<Comment> = issues
            .into_iter()
            .filter(|i| i.pull_request.is_none())
            .map(|i| Comment { id: i.number, ..i.item })
            .collect();
        let fields = serde_json::json!({ "title": title, "body": body });
        let url = |tail: &str| format!("{}/repos/{}/issues{tail}", self.api, self.repo);
        let created = |others| -> Result<Posted, ApiError> {
            let u = url("");
            let answer = self.send(Method::Post, &u, Some(&fields))?;
            let c: Issue = self.parse(Method::Post, &u, &answer)?;
            Ok(Posted { created: true, url: issue_url(&c), others })
        };
        match plan(&candidates, marker_line(body), login) {
            Plan::Update { id, others } => {
                let u = url(&format!("/{id}"));
                let answer = self.send(Method::Patch, &u, Some(&fields))?;
                match self.parse::<Issue>(Method::Patch, &u, &answer) {
                    Ok(c) => Ok(Posted { created: false, url: issue_url(&c), others }),
                    // Deleted since it was listed: create a new one.
                    Err(ApiError::Status { failure: Failure::NotFound, .. }) => created(others),
                    Err(e) => Err(e),
                }
            }
            Plan::Create => created(0),
        }
    }

    pub fn create_comment(&self, pr: u64, body: &str) -> Result<Comment, ApiError> {
        let url = format!("{}/repos/{}/issues/{pr}/comments", self.api, self.repo);
        let answer = self.send(Method::Post, &url, Some(&serde_json::json!({ "body": body })))?;
        self.parse(Method::Post, &url, &answer)
    }

    pub fn update_comment(&self, id: u64, body: &str) -> Result<Comment, ApiError> {
        let url = format!("{}/repos/{}/issues/comments/{id}", self.api, self.repo);
        let answer = self.send(Method::Patch, &url, Some(&serde_json::json!({ "body": body })))?;
        self.parse(Method::Patch, &url, &answer)
    }

    /// The commit id of the pull request's head.
    pub fn head_sha(&self, pr: u64) -> Result<String, ApiError> {
        #[derive(Deserialize)]
        struct Head {
            sha: String,
        }
        #[derive(Deserialize)]
        struct Pull {
            head: Head,
        }
        let url = format!("{}/repos/{}/pulls/{pr}", self.api, self.repo);
        let answer = self.send(Method::Get, &url, None)?;
        let pull: Pull = self.parse(Method::Get, &url, &answer)?;
        Ok(pull.head.sha)
    }

    /// `url` as shown in messages: its path under the API.
    fn path_of<'a>(&self, url: &'a str) -> &'a str {
        url.strip_prefix(&self.api).unwrap_or(url)
    }

    fn request_name(&self, method: &Method, url: &str) -> String {
        format!("{} {}", method.name(), printable(self.path_of(url)))
    }

    /// Decodes a success, or classifies an error status.
    fn parse<T: serde::de::DeserializeOwned>(&self, method: Method, url: &str, answer: &Answer) -> Result<T, ApiError> {
        let request = self.request_name(&method, url);
        if !(200..300).contains(&answer.status) {
            let message = error_message(&answer.body);
            let failure = classify(answer.status, &answer.rate, &message);
            return Err(ApiError::Status { request, status: answer.status, failure, message });
        }
        serde_json::from_str(&answer.body)
            .map_err(|e| ApiError::Unexpected { request, detail: printable(&e.to_string()) })
    }

    /// Sends one request (a 502, 503 or 504 is tried once more).
    fn send(&self, method: Method, url: &str, body: Option<&serde_json::Value>) -> Result<Answer, ApiError> {
        let answer = self.send_once(&method, url, body)?;
        if retryable(answer.status) {
            std::thread::sleep(RETRY_PAUSE);
            return self.send_once(&method, url, body);
        }
        Ok(answer)
    }

    fn send_once(&self, method: &Method, url: &str, body: Option<&serde_json::Value>) -> Result<Answer, ApiError> {
        let auth = format!("Bearer {}", self.token);
        let json = body.map(serde_json::Value::to_string);
        let result = match (method, json) {
            (Method::Get, _) => self.agent.get(url).header("Authorization", &auth).header(VERSION.0, VERSION.1).call(),
            (Method::Post, json) => self
                .agent
                .post(url)
                .header("Authorization", &auth)
                .header(VERSION.0, VERSION.1)
                .content_type("application/json")
                .send(json.unwrap_or_default()),
            (Method::Patch, json) => self
                .agent
                .patch(url)
                .header("Authorization", &auth)
                .header(VERSION.0, VERSION.1)
                .content_type("application/json")
                .send(json.unwrap_or_default()),
        };
        let network = |e: ureq::Error| ApiError::Network {
            api: self.api.clone(),
            request: self.request_name(method, url),
            detail: printable(&network_detail(&e)),
        };
        let mut response = result.map_err(network)?;
        let header = |name: &str| response.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_string);
        let link = header("link");
        let rate = RateHeaders {
            remaining: header("x-ratelimit-remaining").and_then(|v| v.trim().parse().ok()),
            reset: header("x-ratelimit-reset").and_then(|v| v.trim().parse().ok()),
            retry_after: header("retry-after").and_then(|v| v.trim().parse().ok()),
        };
        let status = response.status().as_u16();
        let body = response.body_mut().with_config().limit(MAX_ANSWER_BYTES).read_to_string().map_err(network)?;
        Ok(Answer { status, link, rate, body })
    }
}

const VERSION: (&str, &str) = ("X-GitHub-Api-Version", "2022-11-28");

fn issue_url(i: &Issue) -> String {
    comment_url(&i.item)
}

fn comment_url(c: &Comment) -> String {
    printable(c.html_url.as_deref().unwrap_or("(no URL in GitHub's answer)"))
}

/// A network error in words (ureq's `Io` errors are prefixed with `io:`).
fn network_detail(e: &ureq::Error) -> String {
    match e {
        ureq::Error::Io(io) => io.to_string(),
        ureq::Error::Timeout(_) => format!("no answer in time ({e})"),
        ureq::Error::HostNotFound => "the host name does not resolve".to_string(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pr_number_from_pull_request_events() {
        let pull = r#"{"action":"opened","number":12,"pull_request":{"number":12}}"#;
        assert_eq!(pr_number_from_event(pull), Ok(Some(12)));
        assert_eq!(pr_number_from_event(r#"{"pull_request":{"number":5},"number":6}"#), Ok(Some(5)));
        assert_eq!(pr_number_from_event(r#"{"number":6}"#), Ok(Some(6)));
        assert_eq!(pr_number_from_event(r#"{"issue":{"number":9,"pull_request":{}}}"#), Ok(Some(9)));
    }

    #[test]
    fn events_without_a_pr_number() {
        assert_eq!(pr_number_from_event(r#"{"ref":"refs/heads/main"}"#), Ok(None));
        assert_eq!(pr_number_from_event(r#"{"number":"7"}"#), Ok(None));
        assert_eq!(pr_number_from_event(r#"{"number":0}"#), Ok(None));
        assert_eq!(pr_number_from_event("[]"), Ok(None));
        assert!(pr_number_from_event("not json").unwrap_err().contains("not JSON"));
    }

    #[test]
    fn repositories() {
        for ok in ["octo/okrs", "my-org/repo.name_2", "a/.github", "a/b"] {
            assert_eq!(validate_repository(ok), Ok(()), "{ok}");
        }
        for bad in ["", "octo", "octo/", "/okrs", "a/b/c", "a/..", "a/.", "o o/r", "o/r?x=1", "o/r#", "-_/x"] {
            let e = validate_repository(bad).unwrap_err();
            assert!(e.contains("GITHUB_REPOSITORY must be `owner/name`"), "{bad}: {e}");
        }
    }

    #[test]
    fn shas() {
        assert!(validate_sha(&"a".repeat(40)).is_ok());
        assert!(validate_sha(&"0123456789ABCDEF".repeat(4)).is_ok());
        assert!(validate_sha(&"a".repeat(39)).is_err());
        assert!(validate_sha(&"g".repeat(40)).is_err());
        assert!(validate_sha("HEAD").unwrap_err().contains("40 or 64"));
    }

    #[test]
    fn api_urls() {
        assert_eq!(api_base(None).as_deref(), Ok(DEFAULT_API_URL));
        assert_eq!(api_base(Some("")).as_deref(), Ok(DEFAULT_API_URL));
        assert_eq!(api_base(Some("https://ghe.example.com/api/v3/")).as_deref(), Ok("https://ghe.example.com/api/v3"));
        assert_eq!(api_base(Some("http://127.0.0.1:8080")).as_deref(), Ok("http://127.0.0.1:8080"));
        assert!(api_base(Some("ftp://x")).is_err());
        assert!(api_base(Some("https://")).is_err());
        assert!(api_base(Some("api.github.com")).unwrap_err().contains("GITHUB_API_URL"));
    }

    #[test]
    fn marker_lines() {
        assert_eq!(marker_line("<!-- okr:pr-report -->\n# Report"), "<!-- okr:pr-report -->");
        assert_eq!(marker_line("<!-- okr:pr-report -->\r\nx"), "<!-- okr:pr-report -->");
        assert_eq!(marker_line("<!-- okr:pr-report -->"), "<!-- okr:pr-report -->");
        assert_eq!(marker_line(""), "");
    }

    #[test]
    fn reports_need_a_marker_and_fit_in_a_comment() {
        assert!(check_report("<!-- okr:pr-report -->\nbody").is_ok());
        assert!(check_report("<!-- okr:pr-report root=okrs/x -->\n").is_ok());
        assert!(check_report("# Report\n<!-- okr:pr-report -->").unwrap_err().contains("first line is `# Report`"));
        assert!(check_report("<!-- other -->\n").is_err());
        assert!(check_report("<!-- okr:pr-report\n-->").is_err());
        let long = format!("<!-- okr:pr-report -->\n{}", "é".repeat(MAX_COMMENT_CHARS));
        assert!(check_report(&long).unwrap_err().contains("at most 65536"));
        let exact = format!("<!-- okr:r -->\n{}", "é".repeat(MAX_COMMENT_CHARS - 15));
        assert_eq!(exact.chars().count(), MAX_COMMENT_CHARS);
        assert!(check_report(&exact).is_ok());
    }

    #[test]
    fn link_headers() {
        let h = r#"<https://api.github.com/repositories/1/issues/7/comments?per_page=100&page=2>; rel="next", <https://api.github.com/repositories/1/issues/7/comments?per_page=100&page=5>; rel="last""#;
        assert_eq!(next_link(h), Some("https://api.github.com/repositories/1/issues/7/comments?per_page=100&page=2"));
        let last_page = r#"<https://x/c?page=1>; rel="prev", <https://x/c?page=1>; rel="first""#;
        assert_eq!(next_link(last_page), None);
        assert_eq!(next_link(r#"<https://x/c?page=3>;rel=next"#), Some("https://x/c?page=3"));
        assert_eq!(next_link(r#"<https://x/c?page=3>; REL="prev next""#), Some("https://x/c?page=3"));
        assert_eq!(next_link(""), None);
        assert_eq!(next_link("garbage; rel=\"next\""), None);
        assert_eq!(next_link("<>; rel=\"next\""), Some(""));
    }

    fn comment(id: u64, body: &str) -> Comment {
        Comment { id, body: Some(body.to_string()), html_url: None, user: Some(User { login: ACTIONS_LOGIN.into() }) }
    }

    #[test]
    fn plans() {
        let marker = "<!-- okr:pr-report -->";
        let others = [
            comment(1, "LGTM"),
            comment(2, "> <!-- okr:pr-report -->\n> quoted"),
            comment(3, "<!-- okr:pr-report root=okrs/b -->\nanother root"),
            Comment { id: 4, body: None, html_url: None, user: None },
            Comment { user: Some(User { login: "mallory".into() }), ..comment(5, marker) },
        ];
        assert_eq!(plan(&others, marker, ACTIONS_LOGIN), Plan::Create);
        assert_eq!(plan(&others, marker, "mallory"), Plan::Update { id: 5, others: 0 });
        assert_eq!(plan(&[], marker, ACTIONS_LOGIN), Plan::Create);
        let mut with_ours = others.to_vec();
        with_ours.push(comment(10, "<!-- okr:pr-report -->\r\nold report"));
        with_ours.push(comment(11, "<!-- okr:pr-report -->\nduplicate"));
        assert_eq!(plan(&with_ours, marker, ACTIONS_LOGIN), Plan::Update { id: 10, others: 1 });
        assert_eq!(
            plan(&with_ours, "<!-- okr:pr-report root=okrs/b -->", ACTIONS_LOGIN),
            Plan::Update { id: 3, others: 0 }
        );
    }

    #[test]
    fn classification() {
        let none = RateHeaders::default();
        let exhausted = RateHeaders { remaining: Some(0), reset: Some(1_800_000_000), retry_after: None };
        let retry = RateHeaders { retry_after: Some(60), ..RateHeaders::default() };
        assert_eq!(classify(403, &none, "Resource not accessible by integration"), Failure::Forbidden);
        assert_eq!(
            classify(403, &exhausted, "API rate limit exceeded"),
            Failure::RateLimited { reset: Some(1_800_000_000), retry_after: None }
        );
        assert_eq!(classify(403, &retry, ""), Failure::RateLimited { reset: None, retry_after: Some(60) });
        assert!(matches!(
            classify(403, &none, "You have exceeded a secondary rate limit"),
            Failure::RateLimited { .. }
        ));
        assert!(matches!(classify(429, &none, ""), Failure::RateLimited { .. }));
        assert_eq!(classify(401, &none, "Bad credentials"), Failure::BadToken);
        assert_eq!(classify(404, &none, "Not Found"), Failure::NotFound);
        assert_eq!(classify(422, &none, "Validation Failed"), Failure::Other);
        assert_eq!(classify(500, &exhausted, ""), Failure::Other);
        assert!(retryable(502) && retryable(503) && retryable(504));
        assert!(!retryable(500) && !retryable(403));
    }

    #[test]
    fn error_messages_are_printable() {
        assert_eq!(error_message(r#"{"message":"Bad credentials","documentation_url":"x"}"#), "Bad credentials");
        assert_eq!(error_message("<html>\n502\x1b[31m</html>"), "<html>�502�[31m</html>");
        assert_eq!(error_message(r#"{"errors":[]}"#), "");
        assert_eq!(error_message(&"x".repeat(400)).chars().count(), 301);
    }

    #[test]
    fn rate_limit_messages_say_when_to_retry() {
        let e = |failure| ApiError::Status {
            request: "POST /repos/o/r/issues/7/comments".into(),
            status: 403,
            failure,
            message: "API rate limit exceeded".into(),
        };
        let reset = e(Failure::RateLimited { reset: Some(1_800_000_000), retry_after: None }).to_string();
        assert!(reset.contains("resets at 2027-01-15 08:00:00 UTC"), "{reset}");
        let after = e(Failure::RateLimited { reset: Some(1_800_000_000), retry_after: Some(30) }).to_string();
        assert!(after.contains("retry after 30 seconds"), "{after}");
        assert!(e(Failure::Forbidden).is_forbidden());
        assert!(!e(Failure::BadToken).is_forbidden());
    }

    #[test]
    fn client_debug_hides_the_token() {
        let c = Client::new("http://127.0.0.1:1".into(), "o/r".into(), "ghs_secret".into());
        assert!(!format!("{c:?}").contains("ghs_secret"));
    }
}
