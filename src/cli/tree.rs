//! `okr tree`.

use super::{parse_period, Common, Loaded, Project};
use crate::core::error::Result;
use crate::core::quarter;
use crate::core::refs::Period;
use crate::output;
use crate::render::tree::{self, TreeFormat};
use clap::Args;

#[derive(Debug, Args)]
pub struct TreeArgs {
    /// The period to show: a quarter, half, year or span of years (default: the as-of date's quarter if it has OKRs, else the latest that does).
    #[arg(long, visible_alias = "period", value_parser = parse_period, value_name = "PERIOD")]
    pub quarter: Option<Period>,
    #[arg(long, value_enum, default_value_t = TreeFormat::Text)]
    pub format: TreeFormat,
    #[command(flatten)]
    pub common: Common,
}

pub fn run(project: &Project, args: TreeArgs) -> Result<u8> {
    let loaded = Loaded::read_root(project, args.common.rev.as_deref())?;
    let as_of = args.common.as_of.unwrap_or_else(quarter::today);
    let fy = loaded.config.fiscal_year_start_month;
    let ws = &loaded.workspace;
    let default = || {
        crate::views::tree::default_quarter(&ws.quarters(), as_of, fy)
            .map(Period::from)
            .or_else(|| crate::views::tree::default_period(&ws.periods(), as_of, fy))
    };
    let Some(period) = args.quarter.or_else(default) else {
        let root = &loaded.config.root;
        let message =
            format!("No objectives found under {root}/. Add one with `okr new objective NAME --team TEAM`.\n");
        // Machine formats stay parseable: an empty document, the message on stderr.
        let empty = match args.format {
            TreeFormat::Text | TreeFormat::Markdown => {
                output::print(&message)?;
                return Ok(0);
            }
            TreeFormat::Json => tree::empty_json(as_of),
            TreeFormat::Mermaid => "flowchart TB\n".to_string(),
            TreeFormat::Dot => "digraph okr {\n}\n".to_string(),
        };
        output::print(&empty)?;
        output::eprint(&message)?;
        return Ok(0);
    };
    let trees = crate::views::tree::build(ws, period, as_of, fy, &loaded.config.check.company_team);
    output::print(&tree::render(&trees, args.format))?;
    super::finish(ws, args.common.fail_on, "links with errors are left out above")
}
