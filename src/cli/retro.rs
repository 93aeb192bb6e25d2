//! `okr retro`.

use super::{Common, Loaded, Project};
use crate::core::error::{Fatal, Result};
use crate::core::quarter::{self, Quarter};
use crate::output;
use crate::render::retro;
use crate::render::Format;
use clap::Args;

#[derive(Debug, Args)]
pub struct RetroArgs {
    /// The quarter to close, e.g. 2026-Q3.
    #[arg(value_parser = super::parse_quarter, value_name = "QUARTER")]
    pub quarter: Quarter,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    #[command(flatten)]
    pub common: Common,
}

pub fn run(project: &Project, args: RetroArgs) -> Result<u8> {
    let loaded = Loaded::read_root(project, args.common.rev.as_deref())?;
    let ws = &loaded.workspace;
    if !ws.objectives.iter().any(|o| o.period == args.quarter) {
        let known = ws.quarters().iter().map(Quarter::to_string).collect::<Vec<_>>().join(", ");
        return Err(Fatal::new(format!(
            "there are no objectives in {}{}",
            args.quarter,
            if known.is_empty() { String::new() } else { format!(" (quarters with objectives: {known})") }
        )));
    }
    let history = super::load_history(&loaded, &args.common)?;
    let as_of = args.common.as_of.unwrap_or_else(quarter::today);
    let r = crate::views::retro::retro(ws, history.as_ref(), &loaded.config, args.quarter, as_of);
    let text = match args.format {
        Format::Text => retro::text(&r),
        Format::Json => retro::json(&r),
        Format::Markdown => retro::markdown(&r),
    };
    output::print(&text)?;
    super::finish(ws, args.common.fail_on, "objectives or key results with errors are left out of the retro above")
}
