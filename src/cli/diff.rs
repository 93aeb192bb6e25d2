//! `okr diff`.

use super::{Loaded, Project};
use crate::core::diagnostic::Severity;
use crate::core::error::{Fatal, Result};
use crate::core::refs::Period;
use crate::core::workspace::Workspace;
use crate::output;
use crate::render::check::plural;
use crate::render::diff as render;
use crate::render::Format;
use crate::views::diff;
use clap::Args;
use jiff::civil::Date;

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The old side: a period (`2026-Q1`, `2026-H1`, `2025`, `2023-2025`) or a git revision (`main`).
    #[arg(value_name = "A")]
    pub a: String,
    /// The new side: a period of the same horizon as A (`2026-Q2`, `2026`) or a git revision (`HEAD`).
    #[arg(value_name = "B")]
    pub b: String,
    /// Read A and B as git revisions even when they look like periods (`2026-Q1`, `2026`).
    #[arg(long)]
    pub revisions: bool,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Comparing periods: read them from this git revision instead of the working tree.
    #[arg(long, value_name = "REV")]
    pub rev: Option<String>,
    /// Accepted like in every command that reads OKRs; a diff does not depend on the date.
    #[arg(long, value_name = "DATE", value_parser = super::parse_date)]
    pub as_of: Option<Date>,
}

/// Warns on stderr when the files read have data errors: objectives with
/// errors may be missing, and then show up as added or removed.
pub(super) fn warn_errors(ws: &Workspace, at: &str) -> Result<()> {
    let errors = ws.diagnostics.iter().filter(|d| d.severity == Severity::Error).count();
    if errors > 0 {
        output::eprint(&format!(
            "{}: {} in the OKR files {at}; objectives with errors may be missing and show up as added or removed. Run `okr check` for details.\n",
            output::paint(output::YELLOW.bold(), "warning"),
            plural(errors, "error")
        ))?;
    }
    Ok(())
}

/// Which periods A and B name: `None` for revisions. Two labels that parse
/// as periods (SPEC §11) are periods, even when a branch or tag has the same
/// name, unless `--revisions`; a period beside a non-period, or periods of
/// two horizons, is a usage error.
fn periods(args: &DiffArgs) -> Result<Option<(Period, Period)>> {
    match (Period::parse(&args.a), Period::parse(&args.b)) {
        _ if args.revisions => Ok(None),
        (Some(a), Some(b)) if a.kind() == b.kind() => Ok(Some((a, b))),
        (Some(a), Some(b)) => Err(Fatal::new(format!(
            "`{a}` is a {} but `{b}` is a {}: compare two periods of one horizon (`okr diff 2026-Q1 2026-Q2`, `okr diff 2025 2026`, `okr diff 2026-H1 2026-H2`, `okr diff 2023-2025 2026-2028`)",
            a.kind(),
            b.kind()
        ))),
        (None, None) => Ok(None),
        (Some(p), None) => Err(not_a_period(p, &args.b)),
        (None, Some(p)) => Err(not_a_period(p, &args.a)),
    }
}

fn not_a_period(p: Period, other: &str) -> Fatal {
    Fatal::new(format!(
        "`{p}` is a {} but `{other}` is not a period: compare two periods of one horizon (`okr diff 2026-Q1 2026-Q2`, `okr diff 2025 2026`) or two revisions (`okr diff main HEAD`; add --revisions when a revision is named like a period)",
        p.kind()
    ))
}

pub fn run(project: &Project, args: DiffArgs) -> Result<u8> {
    let text = match periods(&args)? {
        Some((a, b)) => {
            let loaded = Loaded::read(project, args.rev.as_deref())?;
            let ws = &loaded.workspace;
            let known: Vec<Period> = ws.periods().into_iter().filter(|p| p.kind() == a.kind()).collect();
            for p in [a, b] {
                if !known.contains(&p) {
                    let list = known.iter().map(Period::to_string).collect::<Vec<_>>().join(", ");
                    output::eprint(&format!(
                        "{}: there are no objectives in {p}{}\n",
                        output::paint(output::YELLOW.bold(), "note"),
                        if list.is_empty() {
                            String::new()
                        } else {
                            format!(" ({} with objectives: {list})", a.kind_plural())
                        }
                    ))?;
                }
            }
            warn_errors(ws, &args.rev.as_deref().map_or("of the working tree".into(), |r| format!("at `{r}`")))?;
            render_diff(&diff::quarters(ws, a, b), args.format)
        }
        None => {
            if let Some(r) = &args.rev {
                return Err(Fatal::new(format!(
                    "--rev {r} picks the revision to read periods from; comparing revisions, A and B are the revisions (`okr diff {} {}`)",
                    args.a, args.b
                )));
            }
            let from = Loaded::read(project, Some(&args.a))?;
            let to = Loaded::read(project, Some(&args.b))?;
            warn_errors(&from.workspace, &format!("at `{}`", args.a))?;
            warn_errors(&to.workspace, &format!("at `{}`", args.b))?;
            render_diff(&diff::revisions(&args.a, &args.b, &from.workspace, &to.workspace), args.format)
        }
    };
    output::print(&text)?;
    Ok(0)
}

fn render_diff(d: &diff::Diff<'_>, format: Format) -> String {
    match format {
        Format::Text => render::text(d),
        Format::Json => render::json(d),
        Format::Markdown => render::markdown(d),
    }
}
