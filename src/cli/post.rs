//! Posting the pull-request report as one sticky comment (`okr pr --post`,
//! `okr pr --post-file`): the settings from the environment, the report
//! file, the job-summary fallback and the messages. The HTTP is in
//! `crate::github`.

use crate::core::error::{Fatal, Result};
use crate::github::{self, Client};
use crate::output;
use clap::Args;
use std::io::Read;
use std::path::{Path, PathBuf};

/// The largest report file `--post-file` reads.
const MAX_FILE_BYTES: u64 = 1 << 20;

/// Flags of `okr pr` that post the report to GitHub.
#[derive(Debug, Args, Clone, Default)]
pub struct PostArgs {
    /// Also create or update the pull request's sticky comment through the GitHub REST API
    /// (GITHUB_API_URL, GITHUB_TOKEN, GITHUB_REPOSITORY, and the PR number from GITHUB_EVENT_PATH or --pr).
    #[arg(long)]
    pub post: bool,
    /// Post this previously rendered report instead of computing one (reads no OKRs and no git; the
    /// file's first line must be its `<!-- okr:… -->` marker).
    #[arg(long, value_name = "FILE", conflicts_with_all = ["post", "base", "head", "json"])]
    pub post_file: Option<PathBuf>,
    /// The pull request number (default: read from the event in GITHUB_EVENT_PATH).
    #[arg(long, value_name = "N")]
    pub pr: Option<u64>,
    /// Post only if the pull request's head commit is this one, a full commit id (for `workflow_run` jobs).
    #[arg(long, value_name = "SHA")]
    pub expect_head_sha: Option<String>,
    /// The login that writes okr's comments: only its comment with the marker is updated (others
    /// carrying the marker are ignored). Set it to the app's bot login when posting with an app token.
    #[arg(long, value_name = "LOGIN", env = "OKR_COMMENT_LOGIN", default_value = github::ACTIONS_LOGIN)]
    pub comment_login: String,
}

/// Creates or updates the sticky comment with `body`, a rendered report whose
/// first line is its marker, already printed on stdout. Returns the exit
/// code: 0 when posted, and also when the token may not comment (a pull
/// request from a fork: the report goes to the job summary instead).
pub fn post(args: &PostArgs, body: &str) -> Result<u8> {
    github::check_report(body).map_err(Fatal::new)?;
    publish(args, body, true)
}

/// `okr pr --post-file FILE`: posts a report rendered earlier, possibly by
/// untrusted code, so the file is only data: checked (UTF-8, size, marker
/// line) and sent as the comment's text, never printed or interpreted.
/// A relative `file` is read from `dir` (the `-C` folder); messages name it
/// as given.
pub fn post_file(args: &PostArgs, dir: &Path, file: &Path) -> Result<u8> {
    let body = read_report(&dir.join(file), file)?;
    publish(args, &body, false)
}

fn read_report(path: &Path, shown: &Path) -> Result<String> {
    let name = shown.display();
    let f = std::fs::File::open(path).map_err(|e| Fatal::new(format!("cannot read {name}: {e}")))?;
    let mut bytes = Vec::new();
    f.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes).map_err(|e| Fatal::new(format!("cannot read {name}: {e}")))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(Fatal::new(format!("{name} is larger than 1 MiB, so it is not an okr report")));
    }
    let text = String::from_utf8(bytes).map_err(|_| Fatal::new(format!("{name} is not UTF-8 text")))?;
    github::check_report(&text).map_err(|e| Fatal::new(format!("{name}: {e}")))?;
    Ok(text)
}

/// What a token is asked for: the words of the messages when it is missing.
#[derive(Debug, Clone, Copy)]
pub struct Purpose {
    /// "comment on pull requests"
    pub doing: &'static str,
    /// The workflow permission: "pull-requests: write"
    pub permission: &'static str,
}

const COMMENT: Purpose = Purpose { doing: "comment on pull requests", permission: "pull-requests: write" };

/// A client for the GitHub REST API from the environment (GITHUB_TOKEN,
/// GITHUB_REPOSITORY, GITHUB_API_URL), checked before any request.
pub fn client(purpose: Purpose) -> Result<Client> {
    let Purpose { doing, permission } = purpose;
    let token = match std::env::var("GITHUB_TOKEN") {
        Ok(t) => t.trim().to_string(),
        Err(std::env::VarError::NotPresent) => {
            return Err(Fatal::new(format!(
                "GITHUB_TOKEN is not set: posting needs a token that may {doing} \
                 (in a workflow: `env: GITHUB_TOKEN: ${{{{ github.token }}}}` and `permissions: {permission}`)"
            )))
        }
        Err(std::env::VarError::NotUnicode(_)) => return Err(Fatal::new("GITHUB_TOKEN is not valid text")),
    };
    if token.is_empty() {
        return Err(Fatal::new(format!("GITHUB_TOKEN is empty: posting needs a token that may {doing}")));
    }
    if !token.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(Fatal::new("GITHUB_TOKEN contains characters that cannot be sent in an HTTP header"));
    }
    let repo = std::env::var("GITHUB_REPOSITORY")
        .map_err(|_| Fatal::new("GITHUB_REPOSITORY is not set: it names the repository as `owner/name`"))?;
    github::validate_repository(&repo).map_err(Fatal::new)?;
    let api = github::api_base(std::env::var("GITHUB_API_URL").ok().as_deref()).map_err(Fatal::new)?;
    Ok(Client::new(api, repo, token))
}

fn pr_number(args: &PostArgs) -> Result<u64> {
    if let Some(n) = args.pr {
        return if n > 0 { Ok(n) } else { Err(Fatal::new("--pr must be a pull request number (1 or more)")) };
    }
    let Some(path) = std::env::var_os("GITHUB_EVENT_PATH").filter(|p| !p.is_empty()) else {
        return Err(Fatal::new(
            "no pull request to post to: pass --pr N, or run in a GitHub Actions job for a pull request (GITHUB_EVENT_PATH)",
        ));
    };
    let path = PathBuf::from(path);
    let name = path.display();
    let json = std::fs::read_to_string(&path)
        .map_err(|e| Fatal::new(format!("cannot read the event file {name} (GITHUB_EVENT_PATH): {e}")))?;
    match github::pr_number_from_event(&json) {
        Ok(Some(n)) => Ok(n),
        Ok(None) => Err(Fatal::new(format!(
            "the event in {name} (GITHUB_EVENT_PATH) has no pull request number \
             (.pull_request.number, .number or .issue.number); pass --pr N"
        ))),
        Err(e) => Err(Fatal::new(format!("the event file {name} (GITHUB_EVENT_PATH): {e}"))),
    }
}

/// `printed`: the report is on stdout already (`--post`), so the warning
/// must start on a line of its own.
fn publish(args: &PostArgs, body: &str, printed: bool) -> Result<u8> {
    if let Some(sha) = &args.expect_head_sha {
        github::validate_sha(sha).map_err(Fatal::new)?;
    }
    let client = client(COMMENT)?;
    let pr = pr_number(args)?;
    if let Some(expected) = &args.expect_head_sha {
        let head = client.head_sha(pr).map_err(|e| Fatal::new(e.to_string()))?;
        if !head.eq_ignore_ascii_case(expected) {
            return Err(Fatal::new(format!(
                "the head of pull request #{pr} is {}, not {expected} (--expect-head-sha): newer commits were pushed, \
                 so this report is out of date and was not posted",
                github::printable(&head)
            )));
        }
    }
    match client.upsert(pr, body, &args.comment_login) {
        Ok(posted) => {
            let verb = if posted.created { "created" } else { "updated" };
            output::eprint(&format!("okr: {verb} comment {}\n", posted.url))?;
            if posted.others > 0 {
                output::eprint(&format!(
                    "okr: {} more comment(s) on pull request #{pr} start with the same marker line; they were left as they are\n",
                    posted.others
                ))?;
            }
            Ok(0)
        }
        Err(e) if e.is_forbidden() => read_only(body, printed, &e),
        Err(e) => Err(Fatal::new(e.to_string())),
    }
}

/// The token may not comment (a pull request from a fork gets a read-only
/// token): the report goes to the job summary and a warning to the log.
fn read_only(body: &str, printed: bool, error: &github::ApiError) -> Result<u8> {
    output::eprint(&format!("okr: {error}\n"))?;
    let summary = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|p| !p.is_empty()).map(PathBuf::from);
    if let Some(path) = &summary {
        append_once(path, body).map_err(|e| {
            Fatal::new(format!(
                "okr could not comment on the pull request (read-only token) nor write the job summary {}: {e}",
                path.display()
            ))
        })?;
    }
    if printed && !body.ends_with('\n') {
        output::print("\n")?;
    }
    let where_ = if summary.is_some() { "; the report is in the job summary." } else { "." };
    // okr's own workflow command, fixed text: the one line here meant as one.
    output::print_commands(&format!(
        "::warning::okr could not comment on the pull request (read-only token, as for pull requests from forks){where_} \
         See docs/github-action.md for the workflow_run pattern.\n"
    ))?;
    Ok(0)
}

/// Appends `body` to the job summary unless a line of it is the report's
/// marker line already (the action may have written the report there).
fn append_once(path: &Path, body: &str) -> std::io::Result<()> {
    use std::io::Write;
    let existing = match std::fs::read_to_string(path) {
        Ok(s) => s,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(e),
    };
    let marker = github::marker_line(body);
    if existing.lines().any(|l| l == marker) {
        return Ok(());
    }
    let mut text = String::new();
    if !existing.is_empty() && !existing.ends_with('\n') {
        text.push('\n');
    }
    text.push_str(body);
    if !body.ends_with('\n') {
        text.push('\n');
    }
    let mut f = std::fs::OpenOptions::new().create(true).append(true).open(path)?;
    f.write_all(text.as_bytes())
}
