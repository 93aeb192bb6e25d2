//! `okr pr`: the pull-request report.

use super::post::{self, PostArgs};
use crate::error::{Fatal, Result};
use crate::output;
use clap::{Args, ValueEnum};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PrFormat {
    Markdown,
    Json,
}

#[derive(Debug, Args)]
pub struct PrArgs {
    /// The pull request's base: its target branch or commit (compared from its merge base with --head).
    #[arg(long, value_name = "REV", required_unless_present = "post_file")]
    pub base: Option<String>,
    /// The pull request's head commit.
    #[arg(long, value_name = "REV", default_value = "HEAD")]
    pub head: String,
    #[arg(long, value_enum, default_value_t = PrFormat::Markdown)]
    pub format: PrFormat,
    /// Also write the report as JSON to this file.
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,
    #[command(flatten)]
    pub post: PostArgs,
    /// The date that counts as today for pace and scores (YYYY-MM-DD or `today`).
    #[arg(long, value_name = "DATE", value_parser = super::parse_date)]
    pub as_of: Option<jiff::civil::Date>,
    /// Exit with 1 when the pull request introduces findings at or above this level.
    #[arg(long, value_enum, default_value_t = super::FailOn::Error, value_name = "LEVEL")]
    pub fail_on: super::FailOn,
    /// Do not read git history (trends and history-based rules).
    #[arg(long)]
    pub no_history: bool,
}

pub fn run(dir: &Path, args: PrArgs) -> Result<u8> {
    if let Some(file) = &args.post.post_file {
        return post::post_file(&args.post, file);
    }
    let _ = dir;
    let markdown = String::from("<!-- okr:pr-report -->\n");
    output::print(&markdown)?;
    if args.post.post {
        return post::post(&args.post, &markdown);
    }
    Err(Fatal::new("okr pr is being built (issue 5)"))
}
