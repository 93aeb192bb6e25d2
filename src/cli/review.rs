//! `okr review`.

use super::{parse_quarter, Common, Project};
use crate::core::error::{Fatal, Result};
use crate::core::quarter::{self, Quarter, Week};
use crate::output;
use crate::render::review;
use crate::render::Format;
use clap::Args;

#[derive(Debug, Args)]
pub struct ReviewArgs {
    /// The ISO week to review, e.g. 2026-W07 (default: the as-of date's
    /// week, within the quarter); with the week before it.
    #[arg(long, value_parser = parse_week, value_name = "YYYY-Www")]
    pub week: Option<Week>,
    /// The quarter to review (default: the as-of date's quarter if it has
    /// OKRs, else the latest before it that does). A week straddling two
    /// quarters is reviewed in each, with its days in that quarter.
    #[arg(long, visible_alias = "period", value_parser = parse_quarter, value_name = "YYYY-Qn")]
    pub quarter: Option<Quarter>,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Also create or update the week's GitHub issue with the Markdown review: one issue per ISO
    /// week, found again by a hidden marker; the owners of inputs behind are mentioned through
    /// `[people]` in okr.toml (GITHUB_TOKEN with issues: write, GITHUB_REPOSITORY, GITHUB_API_URL).
    #[arg(long)]
    pub issue: bool,
    /// The login that writes okr's issues: only its issue with the marker is updated. Set it to
    /// the app's bot login when posting with an app token.
    #[arg(long, value_name = "LOGIN", env = "OKR_COMMENT_LOGIN", default_value = crate::github::ACTIONS_LOGIN)]
    pub issue_login: String,
    #[command(flatten)]
    pub common: Common,
}

fn parse_week(s: &str) -> std::result::Result<Week, String> {
    Week::parse(s).ok_or_else(|| format!("`{s}` is not an ISO week: write it as YYYY-Www, for example 2026-W07"))
}

pub fn run(project: &Project, args: ReviewArgs) -> Result<u8> {
    let (loaded, history) = super::load_with_history(project, &args.common, "review")?;
    let as_of = args.common.as_of.unwrap_or_else(quarter::today);
    let fy = loaded.config.fiscal_year_start_month;
    let default = crate::history::review::default_quarter(&loaded.workspace.quarters(), as_of, fy)
        .unwrap_or_else(|| Quarter::containing(as_of, fy));
    let (quarter, week) = match (args.quarter, args.week) {
        (Some(q), Some(w)) if !crate::history::review::overlaps(w, q, fy) => {
            return Err(Fatal::new(format!(
                "week {w} ({} to {}) has no day in {q} ({} to {}): pick a week of that quarter or drop --quarter",
                w.monday(),
                w.sunday(),
                q.start(fy),
                q.last_day(fy)
            )));
        }
        (Some(q), Some(w)) => (q, w),
        (Some(q), None) => (q, crate::history::review::default_week(q, as_of, fy)),
        (None, Some(w)) if crate::history::review::overlaps(w, default, fy) => (default, w),
        // The ISO convention: a week belongs where its Thursday is.
        (None, Some(w)) => (Quarter::containing(w.monday().saturating_add(jiff::Span::new().days(3)), fy), w),
        (None, None) => (default, crate::history::review::default_week(default, as_of, fy)),
    };
    // The same answer for a week however it is asked (SPEC §9): the days
    // counted end at the as-of date, with or without --week.
    let r = crate::history::review::review(&loaded.workspace, &history, &loaded.config, quarter, week, as_of);
    let text = match args.format {
        Format::Text => review::text(&r, &history),
        Format::Json => review::json(&r, &history),
        Format::Markdown => review::markdown(&r, &history),
    };
    output::print(&text)?;
    if args.issue {
        post_issue(&r, &history, &loaded.config, &args.issue_login)?;
    }
    super::finish(
        &loaded.workspace,
        args.common.fail_on,
        "key results with errors may be missing from the review above",
    )
}

const ISSUES: super::post::Purpose = super::post::Purpose { doing: "write issues", permission: "issues: write" };

/// `okr review --issue`: creates or updates the reviewed week's issue.
fn post_issue(
    r: &crate::history::review::Review<'_>,
    history: &crate::history::History,
    config: &crate::core::config::Config,
    login: &str,
) -> Result<()> {
    let today = quarter::today();
    if r.week.monday() > today {
        return Err(Fatal::new(format!(
            "week {} starts on {}, after today ({today}): its issue is written once the week has begun",
            r.week,
            r.week.monday()
        )));
    }
    let marker = review::issue_marker(r.week, &config.root);
    let body = review::issue_body(r, history, &config.people, &marker, crate::github::MAX_COMMENT_CHARS);
    crate::github::check_report(&body).map_err(Fatal::new)?;
    let client = super::post::client(ISSUES)?;
    // The issue of a week is created in that week or later: only issues
    // updated since its Monday are read.
    let since = format!("{}T00:00:00Z", r.week.monday());
    let posted = client
        .upsert_issue(&review::issue_title(r, &config.root), &body, login, &since)
        .map_err(|e| Fatal::new(e.to_string()))?;
    let verb = if posted.created { "created" } else { "updated" };
    output::eprint(&format!("okr: {verb} issue {}\n", posted.url))?;
    if posted.others > 0 {
        output::eprint(&format!(
            "okr: {} more issue(s) start with the marker of {}; they were left as they are\n",
            posted.others, r.week
        ))?;
    }
    Ok(())
}
