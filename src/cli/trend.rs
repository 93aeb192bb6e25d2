//! `okr trend`.

use super::{Common, Project};
use crate::core::error::{Fatal, Result};
use crate::core::refs::KrRef;
use crate::history::day_start;
use crate::output;
use crate::render::trend::{self, SeriesView};
use clap::{Args, ValueEnum};
use jiff::civil::Date;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TrendFormat {
    Text,
    Json,
    Csv,
    /// Per KR a Mermaid chart and a table of check-ins.
    Markdown,
}

#[derive(Debug, Args)]
pub struct TrendArgs {
    /// KR refs, objective refs or ref prefixes (`2026-Q1/growth`); default: every KR in the files read.
    pub refs: Vec<String>,
    /// Only check-ins on or after this date.
    #[arg(long, value_name = "DATE", value_parser = super::parse_date)]
    pub since: Option<Date>,
    #[arg(long, value_enum, default_value_t = TrendFormat::Text)]
    pub format: TrendFormat,
    #[command(flatten)]
    pub common: Common,
}

/// Whether a KR ref is selected by a ref argument: itself, its objective, or
/// a path prefix of it.
fn matches(kr_ref: &str, arg: &str) -> bool {
    let arg = arg.trim_end_matches('/');
    kr_ref == arg || kr_ref.strip_prefix(arg).is_some_and(|rest| rest.starts_with('#') || rest.starts_with('/'))
}

pub fn run(project: &Project, args: TrendArgs) -> Result<u8> {
    let (loaded, history) = super::load_with_history(project, &args.common, "trend")?;
    let fy = loaded.config.fiscal_year_start_month;
    let since = args.since.map(day_start);
    let mut known = std::collections::BTreeMap::new();
    for o in &loaded.workspace.objectives {
        for kr in &o.key_results {
            known.insert(o.kr_ref(kr), (o, kr));
        }
    }
    let mut unmatched: Vec<&String> = args.refs.iter().collect();
    let mut views = Vec::new();
    for (r, points) in &history.series {
        let selected = if args.refs.is_empty() {
            known.contains_key(r)
        } else {
            let hit = args.refs.iter().filter(|a| matches(r, a)).collect::<Vec<_>>();
            unmatched.retain(|u| !hit.contains(u));
            !hit.is_empty()
        };
        if !selected {
            continue;
        }
        let info = known.get(r);
        let quarter = KrRef::parse(r).ok().map(|k| k.objective.period);
        views.push(SeriesView {
            reference: r.clone(),
            title: info.map(|(_, k)| k.title.as_str()),
            unit: info.and_then(|(_, k)| k.unit.as_deref()),
            points: points.iter().filter(|p| since.is_none_or(|s| history.time(p) >= s)).collect(),
            span: quarter.map(|q| (day_start(q.start(fy)), day_start(q.last_day(fy)))),
        });
    }
    if !unmatched.is_empty() {
        let list = unmatched.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(", ");
        return Err(Fatal::new(format!(
            "no key result with history matches {list}; refs look like 2026-Q1/growth/activation#activation-rate"
        )));
    }
    let text = match args.format {
        TrendFormat::Text => trend::text(&history, &views),
        TrendFormat::Json => trend::json(&history, &views),
        TrendFormat::Csv => trend::csv(&history, &views),
        TrendFormat::Markdown => trend::markdown(&history, &views),
    };
    output::print(&text)?;
    super::finish(&loaded.workspace, args.common.fail_on, "key results with errors may be missing above")
}

#[cfg(test)]
mod tests {
    use super::matches;

    #[test]
    fn ref_selection() {
        let r = "2026-Q1/growth/activation#rate";
        for arg in [r, "2026-Q1/growth/activation", "2026-Q1/growth", "2026-Q1", "2026-Q1/growth/"] {
            assert!(matches(r, arg), "{arg}");
        }
        for arg in ["2026-Q1/grow", "2026-Q1/growth/activation#ra", "2026-Q2"] {
            assert!(!matches(r, arg), "{arg}");
        }
    }
}
