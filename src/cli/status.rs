//! `okr status`.

use super::{parse_quarter, Common, Loaded, Project};
use crate::core::error::Result;
use crate::core::quarter::{self, Quarter};
use crate::core::score;
use crate::output;
use crate::render::status::{self, ObjectiveView, StatusView};
use crate::render::Format;
use clap::Args;

#[derive(Debug, Args)]
pub struct StatusArgs {
    /// The quarter to show (default: the as-of date's quarter if it has OKRs, else the latest that does).
    #[arg(long, value_parser = parse_quarter, value_name = "YYYY-Qn")]
    pub quarter: Option<Quarter>,
    /// Show only this team.
    #[arg(long, value_name = "TEAM")]
    pub team: Option<String>,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    #[command(flatten)]
    pub common: Common,
}

pub fn run(project: &Project, args: StatusArgs) -> Result<u8> {
    let loaded = Loaded::read_root(project, args.common.rev.as_deref())?;
    let as_of = args.common.as_of.unwrap_or_else(quarter::today);
    let fy = loaded.config.fiscal_year_start_month;
    let ws = &loaded.workspace;
    // A quarter whose only objectives cannot be read still has OKRs.
    let mut quarters = ws.quarters();
    quarters.extend(ws.unreadable.iter().map(|u| u.quarter));
    quarters.sort_unstable();
    quarters.dedup();
    let chosen = args.quarter.or_else(|| {
        let current = Quarter::containing(as_of, fy);
        if quarters.contains(&current) {
            Some(current)
        } else {
            quarters.last().copied()
        }
    });
    let (history, history_use) = super::read_history(&loaded, &args.common)?;
    let objectives = ws
        .objectives
        .iter()
        .filter(|o| Some(o.quarter) == chosen)
        .filter(|o| args.team.as_ref().is_none_or(|t| &o.team == t))
        .map(|o| ObjectiveView {
            objective: o,
            score: score::score_objective(o, as_of, fy),
            history: o
                .key_results
                .iter()
                .map(|kr| {
                    let r = o.kr_ref(kr);
                    history.as_ref().map_or_else(status::KrHistory::default, |h| status::KrHistory {
                        updated: h.updated(&r).map(crate::render::rfc3339),
                        projected: h.projected(&r, o.quarter, fy),
                        values: h.quarter_values(&r, o.quarter, fy).into_iter().map(|(_, v)| v).collect(),
                    })
                })
                .collect(),
        })
        .collect();
    let unreadable = ws
        .unreadable
        .iter()
        .filter(|u| Some(u.quarter) == chosen)
        .filter(|u| args.team.as_ref().is_none_or(|t| &u.team == t))
        .collect();
    let view = StatusView {
        as_of,
        quarter: chosen,
        expected: chosen.map_or(0.0, |q| q.expected(as_of, fy)),
        company_team: loaded.config.check.company_team.clone(),
        objectives,
        unreadable,
        history: history_use,
    };
    let text = match args.format {
        Format::Text => {
            if chosen.is_none() {
                let root = &loaded.config.root;
                format!("No objectives found under {root}/. Add one with `okr new objective NAME --team TEAM`.\n")
            } else {
                status::text(&view)
            }
        }
        Format::Json => status::json(&view),
        Format::Markdown => status::markdown(&view),
    };
    output::print(&text)?;
    super::finish(ws, args.common.fail_on, "objectives or key results with errors may be missing or incomplete above")
}
