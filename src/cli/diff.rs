//! `okr diff`.

use super::{Loaded, Project};
use crate::core::diagnostic::Severity;
use crate::core::error::{Fatal, Result};
use crate::core::quarter::Quarter;
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
    /// The old side: a quarter (`2026-Q1`) or a git revision (`main`).
    #[arg(value_name = "A")]
    pub a: String,
    /// The new side: a quarter (`2026-Q2`) or a git revision (`HEAD`).
    #[arg(value_name = "B")]
    pub b: String,
    /// Read A and B as git revisions even when they look like quarters.
    #[arg(long)]
    pub revisions: bool,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Comparing quarters: read them from this git revision instead of the working tree.
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

pub fn run(project: &Project, args: DiffArgs) -> Result<u8> {
    let quarters = match (Quarter::parse(&args.a), Quarter::parse(&args.b)) {
        _ if args.revisions => None,
        (Some(a), Some(b)) => Some((a, b)),
        (None, None) => None,
        (qa, _) => {
            let (q, other) = if qa.is_some() { (&args.a, &args.b) } else { (&args.b, &args.a) };
            return Err(Fatal::new(format!(
                "`{q}` is a quarter but `{other}` is not: compare two quarters (`okr diff 2026-Q1 2026-Q2`) or two revisions (`okr diff main HEAD`; add --revisions when a revision is named like a quarter)"
            )));
        }
    };
    let text = match quarters {
        Some((a, b)) => {
            let loaded = Loaded::read(project, args.rev.as_deref())?;
            let ws = &loaded.workspace;
            let known = ws.quarters();
            for q in [a, b] {
                if !known.contains(&q) {
                    let list = known.iter().map(Quarter::to_string).collect::<Vec<_>>().join(", ");
                    output::eprint(&format!(
                        "{}: there are no objectives in {q}{}\n",
                        output::paint(output::YELLOW.bold(), "note"),
                        if list.is_empty() { String::new() } else { format!(" (quarters with objectives: {list})") }
                    ))?;
                }
            }
            warn_errors(ws, &args.rev.as_deref().map_or("of the working tree".into(), |r| format!("at `{r}`")))?;
            render_diff(&diff::quarters(ws, a, b), args.format)
        }
        None => {
            if let Some(r) = &args.rev {
                return Err(Fatal::new(format!(
                    "--rev {r} picks the revision to read quarters from; comparing revisions, A and B are the revisions (`okr diff {} {}`)",
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
