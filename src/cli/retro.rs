//! `okr retro`: a quarter's close, or a longer period's (SPEC §11).

use super::{Common, Loaded, Project};
use crate::core::error::{Fatal, Result};
use crate::core::quarter;
use crate::core::refs::Period;
use crate::output;
use crate::render::retro;
use crate::render::Format;
use clap::Args;

#[derive(Debug, Args)]
pub struct RetroArgs {
    /// The period to close: a quarter (2026-Q3), or a half (2026-H2), a
    /// year (2026) or a span of years (2026-2028) to check its bets against
    /// the quarters beneath them.
    #[arg(value_parser = parse_retro_period, value_name = "PERIOD")]
    pub period: Period,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    #[command(flatten)]
    pub common: Common,
}

fn parse_retro_period(s: &str) -> std::result::Result<Period, String> {
    Period::parse(s).ok_or_else(|| {
        format!("`{s}` is not a quarter or a longer period: write a quarter (2026-Q1), a half (2026-H1), a year (2026) or a span of years (2026-2028)")
    })
}

pub fn run(project: &Project, args: RetroArgs) -> Result<u8> {
    let loaded = Loaded::read_root(project, args.common.rev.as_deref())?;
    let ws = &loaded.workspace;
    if !ws.objectives.iter().any(|o| o.period == args.period) {
        let (what, known) = match args.period.as_quarter() {
            Some(_) => ("quarters", ws.quarters().iter().map(ToString::to_string).collect::<Vec<_>>()),
            None => {
                let mut longer: Vec<Period> =
                    ws.objectives.iter().map(|o| o.period).filter(|p| !p.is_quarter()).collect();
                longer.sort();
                longer.dedup();
                ("longer periods", longer.iter().map(ToString::to_string).collect())
            }
        };
        return Err(Fatal::new(format!(
            "there are no objectives in {}{}",
            args.period,
            if known.is_empty() { String::new() } else { format!(" ({what} with objectives: {})", known.join(", ")) }
        )));
    }
    let history = super::load_history(&loaded, &args.common)?;
    let as_of = args.common.as_of.unwrap_or_else(quarter::today);
    let text = match args.period.as_quarter() {
        Some(q) => {
            let r = crate::views::retro::retro(ws, history.as_ref(), &loaded.config, q, as_of);
            match args.format {
                Format::Text => retro::text(&r),
                Format::Json => retro::json(&r),
                Format::Markdown => retro::markdown(&r),
            }
        }
        None => {
            let r = crate::views::retro::period::period_retro(ws, history.as_ref(), &loaded.config, args.period, as_of);
            match args.format {
                Format::Text => retro::period::text(&r),
                Format::Json => retro::period::json(&r),
                Format::Markdown => retro::period::markdown(&r),
            }
        }
    };
    output::print(&text)?;
    super::finish(ws, args.common.fail_on, "objectives or key results with errors are left out of the retro above")
}
