//! `okr review`.

use super::{Common, Loaded};
use crate::error::{Fatal, Result};
use crate::output;
use crate::quarter::{self, Week};
use crate::render::review;
use crate::render::Format;
use clap::Args;
use std::path::Path;

#[derive(Debug, Args)]
pub struct ReviewArgs {
    /// The ISO week to review, e.g. 2026-W07 (default: the as-of date's week).
    #[arg(long, value_parser = parse_week, value_name = "YYYY-Www")]
    pub week: Option<Week>,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    #[command(flatten)]
    pub common: Common,
}

fn parse_week(s: &str) -> std::result::Result<Week, String> {
    Week::parse(s).ok_or_else(|| format!("`{s}` is not an ISO week: write it as YYYY-Www, for example 2026-W07"))
}

pub fn run(dir: &Path, args: ReviewArgs) -> Result<u8> {
    if args.common.no_history {
        return Err(Fatal::new("`okr review` reads the git history; drop --no-history"));
    }
    let project = crate::source::find_project(dir);
    let loaded = Loaded::read_root(project, args.common.rev.as_deref())?;
    let history = match super::read_history(&loaded, &args.common)? {
        (Some(h), _) => h,
        (None, used) => {
            let why = used.reason.unwrap_or_default();
            return Err(Fatal::new(format!("`okr review` needs the git history, but {}", why.trim_end_matches('.'))));
        }
    };
    let as_of = args.common.as_of.unwrap_or_else(quarter::today);
    let week = args.week.unwrap_or_else(|| Week::containing(as_of));
    // The same answer for a week however it is asked (SPEC §9): the days
    // counted end at the as-of date, with or without --week.
    let up_to = as_of;
    let r = crate::review::review(&loaded.workspace, &history, &loaded.config, week, up_to);
    let text = match args.format {
        Format::Text => review::text(&r, &history),
        Format::Json => review::json(&r, &history),
        Format::Markdown => review::markdown(&r, &history),
    };
    output::print(&text)?;
    super::finish(
        &loaded.workspace,
        args.common.fail_on,
        "key results with errors may be missing from the review above",
    )
}
