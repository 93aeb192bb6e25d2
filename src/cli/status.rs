//! `okr status`.

use super::{parse_period, Common, Loaded, Project};
use crate::core::error::Result;
use crate::core::quarter::{self, Quarter};
use crate::core::refs::Period;
use crate::core::score;
use crate::output;
use crate::render::status::{self, ObjectiveView, StatusView};
use crate::render::Format;
use clap::Args;

#[derive(Debug, Args)]
pub struct StatusArgs {
    /// The period to show: a quarter, or a half, year or span of years (SPEC §11) (default: the
    /// as-of date's quarter if it has OKRs, else the latest quarter that does).
    #[arg(long, visible_alias = "period", value_parser = parse_period, value_name = "PERIOD")]
    pub quarter: Option<Period>,
    /// Show only this team.
    #[arg(long, value_name = "TEAM")]
    pub team: Option<String>,
    /// Show only the key results this person owns (a KR's `owner`, else its objective's) and the
    /// objectives they own, across teams; without --quarter, the as-of date's quarter if they own
    /// something there, else the latest where they do.
    #[arg(long, value_name = "NAME")]
    pub owner: Option<String>,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    #[command(flatten)]
    pub common: Common,
}

// Long: the command's steps in order (load, --owner filter, history, view, render, exit code), each short; the owner branch needs the loaded workspace and the view in the same scope.
pub fn run(project: &Project, args: StatusArgs) -> Result<u8> {
    let loaded = Loaded::read_root(project, args.common.rev.as_deref())?;
    let as_of = args.common.as_of.unwrap_or_else(quarter::today);
    let fy = loaded.config.fiscal_year_start_month;
    let ws = &loaded.workspace;
    let owner = args.owner.as_deref();
    if let Some(name) = owner {
        known_owner(ws, name)?;
    }
    // With --owner, an objective is shown with the key results that are
    // the owner's (`Some(Some(mask))`), or not at all (`None`).
    let view_of = |o: &crate::core::model::Objective| match owner {
        None => Some(None),
        Some(name) => o.owned_by(name).map(Some),
    };
    // A quarter whose only objectives cannot be read still has OKRs (but
    // no owner: they are left out of an owner's view).
    let mut quarters: Vec<Quarter> =
        ws.objectives.iter().filter(|o| view_of(o).is_some()).filter_map(|o| o.period.as_quarter()).collect();
    quarters.extend(ws.unreadable.iter().filter(|_| owner.is_none()).filter_map(|u| u.period.as_quarter()));
    quarters.sort_unstable();
    quarters.dedup();
    let chosen = args.quarter.or_else(|| {
        let current = Quarter::containing(as_of, fy);
        if quarters.contains(&current) {
            Some(current.into())
        } else {
            quarters.last().map(|q| Period::from(*q))
        }
    });
    let (history, history_use) = super::read_history(&loaded, &args.common)?;
    let objectives = ws
        .objectives
        .iter()
        .filter(|o| Some(o.period) == chosen)
        .filter(|o| args.team.as_ref().is_none_or(|t| &o.team == t))
        .filter_map(|o| view_of(o).map(|shown| (o, shown)))
        .map(|(o, shown)| ObjectiveView {
            objective: o,
            shown,
            score: score::score_objective(o, as_of, fy),
            history: o
                .key_results
                .iter()
                .map(|kr| {
                    let r = o.kr_ref(kr);
                    history.as_ref().map_or_else(status::KrHistory::default, |h| status::KrHistory {
                        updated: h.updated(&r).map(crate::render::rfc3339),
                        projected: h.projected(&r, o.period, fy),
                        values: h.quarter_values(&r, o.period, fy).into_iter().map(|(_, v)| v).collect(),
                    })
                })
                .collect(),
        })
        .collect();
    let unreadable = ws
        .unreadable
        .iter()
        .filter(|u| Some(u.period) == chosen)
        .filter(|u| args.team.as_ref().is_none_or(|t| &u.team == t))
        .filter(|_| owner.is_none())
        .collect();
    let view = StatusView {
        as_of,
        quarter: chosen,
        expected: chosen.map_or(0.0, |q| q.expected(as_of, fy)),
        company_team: loaded.config.check.company_team.clone(),
        owner,
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

/// `--owner NAME` must name someone the OKR files name as an owner.
fn known_owner(ws: &crate::core::workspace::Workspace, name: &str) -> Result<()> {
    let owners = ws.owners();
    if owners.contains(name) {
        return Ok(());
    }
    let max = (name.chars().count() / 2).max(1);
    let hint = crate::core::suggest::closest(name, owners.iter().copied(), max)
        .map_or(String::new(), |c| format!("; did you mean `{c}`?"));
    let known = if owners.is_empty() {
        "no objective or key result names an owner".to_string()
    } else {
        format!("known owners: {}", owners.into_iter().collect::<Vec<_>>().join(", "))
    };
    Err(crate::core::error::Fatal::new(format!("no key result or objective is owned by `{name}`{hint} ({known})")))
}
