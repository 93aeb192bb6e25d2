//! `okr init` and `okr new`: files written from templates, never over
//! existing ones.

use super::parse_quarter;
use crate::config::{self, Config};
use crate::error::{Fatal, Result};
use crate::model::{is_valid_id, ObjectiveType};
use crate::output;
use crate::quarter::{self, Quarter};
use crate::source;
use crate::templates;
use clap::{Args, Subcommand};
use std::path::Path;

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The quarter folder to create (default: today's quarter).
    #[arg(long, value_parser = parse_quarter, value_name = "YYYY-Qn")]
    pub quarter: Option<Quarter>,
}

#[derive(Debug, Subcommand)]
pub enum NewCommand {
    /// A new objective file: okrs/<quarter>/<team>/<NAME>.md.
    Objective(NewObjectiveArgs),
}

#[derive(Debug, Args)]
pub struct NewObjectiveArgs {
    /// File name without `.md`: lowercase letters, digits, `.`, `_`, `-`.
    pub name: String,
    /// The team folder to put it in.
    #[arg(long)]
    pub team: String,
    /// The quarter (default: today's quarter).
    #[arg(long, value_parser = parse_quarter, value_name = "YYYY-Qn")]
    pub quarter: Option<Quarter>,
    /// The kind of objective.
    #[arg(long = "type", value_parser = parse_type, default_value = "outcome", value_name = "TYPE")]
    pub kind: ObjectiveType,
    /// The objective's owner (default: git's user.name).
    #[arg(long)]
    pub owner: Option<String>,
    /// The objective's title (default: from the name).
    #[arg(long)]
    pub title: Option<String>,
}

fn parse_type(s: &str) -> std::result::Result<ObjectiveType, String> {
    ObjectiveType::parse(s).ok_or_else(|| format!("use one of: {}", ObjectiveType::NAMES.join(", ")))
}

const CONFIG_TEMPLATE: &str = r#"# okr configuration. Every key is optional; the values below are the defaults.
# See docs/format.md of the okr project for what each one does.

root = "okrs"                  # where the quarter folders live
fiscal_year_start_month = 1    # 1 = calendar quarters; 4 = the 2026 fiscal year starts in April 2026
# templates = "templates"      # folder with outcome.md, build.md, discovery.md for `okr new`

[check]
max_key_results = 5            # per objective
max_key_results_per_team = 15  # per team and quarter
similarity = 0.85              # how close a title must be to count as copy-pasted (0..1)
stale_after_days = 14          # a KR not updated for longer is stale
entrenched_after_quarters = 3
company_team = "company"       # the root of the alignment tree

[check.rules]
# Set any quality rule to "error", "warn", "info" or "off", for example:
# no-parent = "off"
"#;

/// The GitHub workflow `okr init` writes: the same-repository pattern of
/// docs/github-action.md, kept in docs/workflows/ where CI lints it.
const WORKFLOW_TEMPLATE: &str = include_str!("../../docs/workflows/okr.yml");

const WORKFLOW_PATH: &str = ".github/workflows/okr.yml";

/// The placeholder in [`WORKFLOW_TEMPLATE`] that users replace with the okr
/// action's repository and commit.
const ACTION_PLACEHOLDER: &str = "OWNER/okr@COMMIT_SHA";

/// Writes the new file `rel` of `project`, refusing to replace an existing
/// one. Messages name it project-relative, as the success messages do.
fn create(project: &Path, rel: &str, content: &str) -> Result<()> {
    let path = project.join(rel);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| {
            let shown = Path::new(rel).parent().unwrap_or(Path::new(rel));
            Fatal::new(format!("cannot create {}: {e}", shown.display()))
        })?;
    }
    let mut f = std::fs::OpenOptions::new().write(true).create_new(true).open(&path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            Fatal::new(format!("{rel} already exists; okr does not overwrite files"))
        } else {
            Fatal::new(format!("cannot create {rel}: {e}"))
        }
    })?;
    std::io::Write::write_all(&mut f, content.as_bytes()).map_err(|e| Fatal::new(format!("cannot write {rel}: {e}")))
}

fn owner_for(dir: &Path) -> String {
    crate::git::user_name(dir).unwrap_or_else(|| "your-name".into())
}

fn quote_yaml(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}

pub fn init(dir: &Path, args: InitArgs) -> Result<u8> {
    let project = dir;
    let cfg_path = project.join(config::FILE_NAME);
    let config = if cfg_path.exists() { source::load_worktree(project)?.config } else { Config::default() };
    let q = args.quarter.unwrap_or_else(|| Quarter::containing(quarter::today(), config.fiscal_year_start_month));
    let owner = owner_for(project);
    let example_rel = format!("{}/{q}/{}/first-objective.md", config.root, config.check.company_team);
    let example = templates::fill(
        templates::OUTCOME,
        &quote_yaml(&owner),
        &config.check.company_team,
        "Make our customers successful with the product",
    );
    let plan: [(String, String); 3] = [
        (config::FILE_NAME.to_string(), CONFIG_TEMPLATE.to_string()),
        (example_rel, example),
        (WORKFLOW_PATH.to_string(), WORKFLOW_TEMPLATE.to_string()),
    ];
    let mut report = String::new();
    let mut created = 0;
    for (rel, content) in &plan {
        let path = project.join(rel);
        if path.exists() {
            report.push_str(&format!("  kept     {rel} (already exists)\n"));
            continue;
        }
        create(project, rel, content)?;
        created += 1;
        report.push_str(&format!("  created  {rel}\n"));
    }
    if created == 0 {
        report.push_str("Nothing to do: this project is already initialised.\n");
    } else {
        report.push_str(&format!(
            "\nNext: edit the example objective, then run `okr check` and `okr status --quarter {q}`.\n"
        ));
        if report.contains(&format!("created  {WORKFLOW_PATH}")) {
            report.push_str(&format!(
                "In {WORKFLOW_PATH}, replace `{ACTION_PLACEHOLDER}` with the okr action's repository and the full commit id of the release you trust.\n"
            ));
        }
    }
    output::print(&report)?;
    Ok(0)
}

pub fn new(dir: &Path, cmd: NewCommand) -> Result<u8> {
    let NewCommand::Objective(args) = cmd;
    let project = source::find_project(dir);
    let snapshot = source::load_worktree(&project)?;
    let config = snapshot.config;
    for (what, v) in [("name", &args.name), ("team", &args.team)] {
        if !is_valid_id(v) {
            return Err(Fatal::new(format!(
                "the {what} `{v}` is not a valid id: use lowercase letters, digits, `.`, `_` and `-`, starting with a letter or digit"
            )));
        }
    }
    let q = args.quarter.unwrap_or_else(|| Quarter::containing(quarter::today(), config.fiscal_year_start_month));
    let rel = format!("{}/{q}/{}/{}.md", config.root, args.team, args.name);
    let template = match &config.templates {
        Some(folder) => {
            let shown = Path::new(folder).join(format!("{}.md", args.kind));
            std::fs::read_to_string(project.join(&shown)).map_err(|e| {
                Fatal::new(format!(
                    "cannot read the template {}: {e} (set by `templates` in okr.toml)",
                    shown.display()
                ))
            })?
        }
        None => templates::builtin(args.kind).to_string(),
    };
    let owner = args.owner.unwrap_or_else(|| owner_for(&project));
    let title = args.title.unwrap_or_else(|| templates::title_from_name(&args.name));
    create(&project, &rel, &templates::fill(&template, &quote_yaml(&owner), &args.team, &title))?;
    output::print(&format!("Created {rel}\n"))?;
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_workflow_template_names_the_action_by_the_placeholder_init_mentions() {
        assert_eq!(WORKFLOW_TEMPLATE.matches(ACTION_PLACEHOLDER).count(), 2, "{WORKFLOW_TEMPLATE}");
        assert_eq!(WORKFLOW_TEMPLATE.matches("uses: ").count(), 2);
    }

    /// docs/github-action.md shows each workflow of docs/workflows/ in full,
    /// so what people copy from the page is what CI lints.
    #[test]
    fn the_documented_workflows_are_the_linted_files() {
        let doc = include_str!("../../docs/github-action.md");
        for (name, file) in [
            ("okr.yml", WORKFLOW_TEMPLATE),
            ("okr-report.yml", include_str!("../../docs/workflows/okr-report.yml")),
            ("okr-comment.yml", include_str!("../../docs/workflows/okr-comment.yml")),
        ] {
            assert!(
                doc.contains(&format!("```yaml\n{file}```\n")),
                "docs/github-action.md must show docs/workflows/{name} as it is"
            );
        }
    }
}
