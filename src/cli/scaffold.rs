//! `okr init` and `okr new`: files written from templates, never over
//! existing ones.

use super::{parse_period, parse_quarter};
use crate::core::config;
use crate::core::error::{Fatal, Result};
use crate::core::model::{is_valid_id, ObjectiveType};
use crate::core::quarter::{self, Quarter};
use crate::core::refs::Period;
use crate::core::templates;
use crate::output;
use crate::source;
use clap::{Args, Subcommand};
use std::path::Path;

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The quarter folder to create (default: today's quarter); its year gets the example bet.
    #[arg(long, value_parser = parse_quarter, value_name = "YYYY-Qn")]
    pub quarter: Option<Quarter>,
    /// Also add .github/workflows/okr-sync.yml: `okr sync --commit` every week, proposed as one pull request.
    #[arg(long)]
    pub sync: bool,
    /// Also write .github/workflows/okr-review.yml: every Monday, the weekly input review as one
    /// GitHub issue per ISO week (`okr review --issue`).
    #[arg(long)]
    pub review: bool,
}

#[derive(Debug, Subcommand)]
pub enum NewCommand {
    /// A new objective file: okrs/<period>/<team>/<NAME>.md.
    Objective(NewObjectiveArgs),
}

#[derive(Debug, Args)]
pub struct NewObjectiveArgs {
    /// File name without `.md`: lowercase letters, digits, `.`, `_`, `-`.
    pub name: String,
    /// The team folder to put it in.
    #[arg(long)]
    pub team: String,
    /// The period: a quarter, or a half, year or span of years (SPEC §11) (default: today's quarter).
    #[arg(long, visible_alias = "period", value_parser = parse_period, value_name = "PERIOD")]
    pub quarter: Option<Period>,
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
# templates: the folder `okr new` takes outcome.md, build.md and discovery.md from.
# Unset, it is templates/ for the types that have a file there, and the built-in
# template for the others. Set, the folder must hold the file of each type you create:
# templates = "my-templates"

[check]
max_key_results = 5            # output and leading KRs per objective
max_input_metrics = 10         # input KRs per objective (the plan, counted apart)
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

/// The scheduled `okr sync` workflow `okr init --sync` writes (docs/sources.md).
const SYNC_WORKFLOW_TEMPLATE: &str = include_str!("../../docs/workflows/okr-sync.yml");

const SYNC_WORKFLOW_PATH: &str = ".github/workflows/okr-sync.yml";
/// The weekly review workflow `okr init --review` writes (docs/workflows/,
/// linted by CI).
const REVIEW_TEMPLATE: &str = include_str!("../../docs/workflows/okr-review.yml");

const REVIEW_PATH: &str = ".github/workflows/okr-review.yml";

/// The workflow `okr init` writes: [`WORKFLOW_TEMPLATE`] with the okr
/// action pinned to the version of the running binary
/// (`uses: okr-cli/okr@vVERSION`), whatever version the template names.
fn workflow(template: &str) -> String {
    let prefix = format!("uses: {}@", crate::REPOSITORY);
    let mut out = String::with_capacity(template.len());
    for line in template.split_inclusive('\n') {
        match line.find(&prefix) {
            Some(at) => {
                let rest = &line[at + prefix.len()..];
                let end = rest.find(|c: char| c.is_whitespace()).unwrap_or(rest.len());
                out.push_str(&line[..at + prefix.len()]);
                out.push_str(&action_version());
                out.push_str(&rest[end..]);
            }
            None => out.push_str(line),
        }
    }
    out
}

/// The action's ref for this binary: `v` and the crate version.
fn action_version() -> String {
    format!("v{}", env!("CARGO_PKG_VERSION"))
}

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
    crate::git::Repo::open(dir).ok().and_then(|repo| repo.user_name()).unwrap_or_else(|| "your-name".into())
}

fn quote_yaml(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}

/// The commented `parent` line of the built-in outcome template, which
/// `okr init` turns into a link from the quarter example to the year example.
const PARENT_COMMENT: &str = "# parent: \"company/<objective>#<kr>\"";

/// The output KR of the year example (`templates/year.md`), which the
/// quarter example names as its parent.
const YEAR_EXAMPLE_KR: &str = "retained-accounts";

/// `okr init`'s two example objectives: the year's (a bet, `templates/year.md`)
/// and the quarter's, whose `parent` names the year's output KR when
/// `link` (the year example is being written), else the year objective
/// (`link` false: it exists already) or nothing (`year` `None`).
fn examples(owner: &str, team: &str, q: Quarter, year: Option<(&str, bool)>) -> (String, String) {
    let year_text = templates::fill(templates::YEAR, owner, team, "Grow through customers who succeed on their own");
    let mut quarter_text =
        templates::fill(templates::OUTCOME, owner, team, "Make our customers successful with the product");
    if let Some((year_ref, link)) = year {
        let parent = if link { format!("{year_ref}#{YEAR_EXAMPLE_KR}") } else { year_ref.to_string() };
        quarter_text = quarter_text.replacen(
            PARENT_COMMENT,
            &format!("parent: \"{parent}\"   # the year objective this quarter contributes to ({})", q.year),
            1,
        );
    }
    (year_text, quarter_text)
}

pub fn init(dir: &Path, args: InitArgs) -> Result<u8> {
    let project = dir;
    let source::Snapshot { config, files, .. } = source::load_worktree(project)?;
    let q = args.quarter.unwrap_or_else(|| Quarter::containing(quarter::today(), config.fiscal_year_start_month));
    let year = Period::Year(q.year);
    let owner = owner_for(project);
    let team = &config.check.company_team;
    let year_id = format!("{team}/first-bet");
    let year_rel = format!("{}/{year}/{year_id}.md", config.root);
    let example_rel = format!("{}/{q}/{team}/first-objective.md", config.root);
    // An example beside a period's real objectives would only be noise.
    let has_objectives = |p: Period| files.iter().any(|f| f.rel.starts_with(&format!("{p}/")));
    let year_skipped = has_objectives(year).then(|| format!("{year} has objectives already"));
    let quarter_skipped = has_objectives(q.into()).then(|| format!("{q} has objectives already"));
    let year_kept = project.join(&year_rel).exists();
    // The quarter example names the year example when there is one.
    let year_ref = format!("{year}/{year_id}");
    let link = match (year_kept, &year_skipped) {
        (true, _) => Some((year_ref.as_str(), false)),
        (false, None) => Some((year_ref.as_str(), true)),
        (false, Some(_)) => None,
    };
    let (year_example, example) = examples(&quote_yaml(&owner), team, q, link);
    let mut plan: Vec<(String, String, Option<String>)> = vec![
        (config::FILE_NAME.to_string(), CONFIG_TEMPLATE.to_string(), None),
        (year_rel, year_example, year_skipped),
        (example_rel, example, quarter_skipped.clone()),
        (WORKFLOW_PATH.to_string(), workflow(WORKFLOW_TEMPLATE), None),
    ];
    if args.sync {
        plan.push((SYNC_WORKFLOW_PATH.to_string(), workflow(SYNC_WORKFLOW_TEMPLATE), None));
    }
    // `--review`: the weekly review issue's workflow.
    if args.review {
        plan.push((REVIEW_PATH.to_string(), workflow(REVIEW_TEMPLATE), None));
    }
    let mut report = String::new();
    let mut created = 0;
    for (rel, content, skipped) in &plan {
        let path = project.join(rel);
        if path.exists() {
            report.push_str(&format!("  kept     {rel} (already exists)\n"));
            continue;
        }
        if let Some(why) = skipped {
            report.push_str(&format!("  skipped  {rel} ({why})\n"));
            continue;
        }
        create(project, rel, content)?;
        created += 1;
        report.push_str(&format!("  created  {rel}\n"));
    }
    let quarter_has_objectives = quarter_skipped.is_some();
    if created == 0 {
        report.push_str("Nothing to do: this project is already initialised.\n");
    } else {
        let first = if quarter_has_objectives { "Next: run" } else { "Next: edit the example objectives, then run" };
        report.push_str(&format!("\n{first} `okr check` and `okr status --quarter {q}`.\n"));
        if report.contains(&format!("created  {WORKFLOW_PATH}")) {
            report.push_str(&format!(
                "{WORKFLOW_PATH} runs the okr action `{}@{}` (this okr's version) on pull requests: commit it.\n",
                crate::REPOSITORY,
                action_version()
            ));
        }
        if report.contains(&format!("created  {SYNC_WORKFLOW_PATH}")) {
            report.push_str(&format!(
                "{SYNC_WORKFLOW_PATH} runs `okr sync --commit` every Monday and proposes the values as one pull request: declare the sources in okr.toml ([sources.NAME], docs/sources.md) and pass their secrets through its `env:`.\n"
            ));
        }
        if report.contains(&format!("created  {REVIEW_PATH}")) {
            report.push_str(&format!(
                "{REVIEW_PATH} creates or updates the week's review issue every Monday (it needs `issues: write`); \
                 map owners to GitHub logins under `[people]` in okr.toml to mention them: commit it.\n"
            ));
        }
    }
    output::print(&report)?;
    Ok(0)
}

/// The template `okr new` fills for `kind`, and how its output line names
/// it. With `templates` set in okr.toml (`configured`), that folder must hold
/// the type's file; otherwise `templates/` of the project root is used for
/// the types it has a file for, and the built-in template for the others.
fn template_for(project: &Path, configured: Option<&str>, kind: ObjectiveType) -> Result<(String, String)> {
    let read = |rel: &str, why: &str| {
        std::fs::read_to_string(project.join(rel))
            .map_err(|e| Fatal::new(format!("cannot read the template {rel}: {e}{why}")))
            .map(|text| (text, rel.to_string()))
    };
    match configured {
        Some(folder) => {
            let folder = folder.trim_end_matches('/');
            if !project.join(folder).exists() {
                return Err(Fatal::new(format!(
                    "the templates folder {folder} set by `templates` in okr.toml does not exist"
                )));
            }
            read(&format!("{folder}/{kind}.md"), " (set by `templates` in okr.toml)")
        }
        None => {
            let rel = format!("{}/{kind}.md", templates::DEFAULT_FOLDER);
            if project.join(&rel).is_file() {
                read(&rel, "")
            } else {
                Ok((templates::builtin(kind).to_string(), format!("the built-in {kind} template")))
            }
        }
    }
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
    let period = args
        .quarter
        .unwrap_or_else(|| Period::Quarter(Quarter::containing(quarter::today(), config.fiscal_year_start_month)));
    let rel = format!("{}/{period}/{}/{}.md", config.root, args.team, args.name);
    let (template, source) = template_for(&project, config.templates.as_deref(), args.kind)?;
    let owner = args.owner.unwrap_or_else(|| owner_for(&project));
    let title = args.title.unwrap_or_else(|| templates::title_from_name(&args.name));
    create(&project, &rel, &templates::fill(&template, &quote_yaml(&owner), &args.team, &title))?;
    output::print(&format!("Created {rel} from {source}\n"))?;
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The header of the okr.toml `init` writes says its values are the
    /// defaults: they are, and `templates` is not set.
    #[test]
    fn the_config_init_writes_holds_the_defaults() {
        assert_eq!(config::parse(CONFIG_TEMPLATE).ok(), Some(config::Config::default()));
        assert!(CONFIG_TEMPLATE.contains("the values below are the defaults"));
        assert!(!CONFIG_TEMPLATE.contains("# templates = \"templates\""), "explicit templates/ is not the default");
    }

    fn project_with(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("temp dir");
        for (rel, text) in files {
            let path = dir.path().join(rel);
            std::fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
            std::fs::write(path, text).expect("write");
        }
        dir
    }

    /// `init`'s link from the quarter example to the year example rests on
    /// two lines of the built-in templates.
    #[test]
    fn the_quarter_example_names_the_year_examples_kr() {
        assert_eq!(templates::OUTCOME.matches(PARENT_COMMENT).count(), 1);
        assert!(templates::YEAR.contains(&format!("  - id: {YEAR_EXAMPLE_KR}\n")));
        let q = Quarter::parse("2026-Q3").expect("a quarter");
        let (_, linked) = examples("maya", "company", q, Some(("2026/company/first-bet", true)));
        assert!(linked.contains("\nparent: \"2026/company/first-bet#retained-accounts\""), "{linked}");
        let (_, plain) = examples("maya", "company", q, None);
        assert_eq!(
            plain,
            templates::fill(templates::OUTCOME, "maya", "company", "Make our customers successful with the product")
        );
    }

    #[test]
    fn templates_come_from_the_templates_folder_then_the_built_in_ones() {
        let dir = project_with(&[("templates/outcome.md", "house")]);
        let pick = |kind| template_for(dir.path(), None, kind).map_err(|e| e.to_string());
        assert_eq!(pick(ObjectiveType::Outcome), Ok(("house".to_string(), "templates/outcome.md".to_string())));
        assert_eq!(
            pick(ObjectiveType::Build),
            Ok((templates::BUILD.to_string(), "the built-in build template".to_string()))
        );
        let empty = project_with(&[]);
        let (text, source) = template_for(empty.path(), None, ObjectiveType::Discovery).expect("built in");
        assert_eq!((text.as_str(), source.as_str()), (templates::DISCOVERY, "the built-in discovery template"));
    }

    #[test]
    fn a_configured_templates_folder_must_hold_the_file() {
        let dir = project_with(&[("house/outcome.md", "house"), ("templates/build.md", "default build")]);
        let pick = |folder, kind| template_for(dir.path(), Some(folder), kind).map_err(|e| e.to_string());
        assert_eq!(pick("house/", ObjectiveType::Outcome), Ok(("house".to_string(), "house/outcome.md".to_string())));
        let missing_file = pick("house", ObjectiveType::Build).expect_err("no house/build.md");
        assert!(missing_file.contains("cannot read the template house/build.md"), "{missing_file}");
        assert!(missing_file.contains("(set by `templates` in okr.toml)"), "{missing_file}");
        let missing_folder = pick("nowhere", ObjectiveType::Build).expect_err("no folder");
        assert!(missing_folder.contains("the templates folder nowhere"), "{missing_folder}");
        assert!(missing_folder.contains("does not exist"), "{missing_folder}");
    }

    #[test]
    fn the_sync_workflow_pins_the_action_and_runs_sync_with_commit() {
        let pinned = format!("uses: {}@v{}\n", crate::REPOSITORY, env!("CARGO_PKG_VERSION"));
        assert_eq!(SYNC_WORKFLOW_TEMPLATE.matches(&pinned).count(), 1, "{SYNC_WORKFLOW_TEMPLATE}");
        assert!(SYNC_WORKFLOW_TEMPLATE.contains("\"$okr\" sync --commit"));
        assert!(SYNC_WORKFLOW_TEMPLATE.contains("workflow_dispatch:"));
        assert!(SYNC_WORKFLOW_TEMPLATE.contains("  schedule:\n"));
        assert!(!SYNC_WORKFLOW_TEMPLATE.contains("pull_request"), "never on pull-request code");
        let doc = include_str!("../../docs/sources.md");
        assert!(
            doc.contains(&format!("```yaml\n{SYNC_WORKFLOW_TEMPLATE}```\n")),
            "docs/sources.md must show docs/workflows/okr-sync.yml as it is"
        );
    }

    #[test]
    fn the_workflow_template_names_the_action_once_at_this_version() {
        let pinned = format!("uses: {}@v{}\n", crate::REPOSITORY, env!("CARGO_PKG_VERSION"));
        assert_eq!(WORKFLOW_TEMPLATE.matches(&pinned).count(), 1, "{WORKFLOW_TEMPLATE}");
        assert_eq!(WORKFLOW_TEMPLATE.matches("uses: ").count(), 2);
        assert_eq!(REVIEW_TEMPLATE.matches(&pinned).count(), 1, "{REVIEW_TEMPLATE}");
        assert_eq!(REVIEW_TEMPLATE.matches("uses: ").count(), 2);
        for line in
            ["schedule:", "workflow_dispatch:", "issues: write", "check: false", "review --format markdown --issue"]
        {
            assert!(REVIEW_TEMPLATE.contains(line), "{line}");
        }
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
            ("okr-review.yml", REVIEW_TEMPLATE),
        ] {
            assert!(
                doc.contains(&format!("```yaml\n{file}```\n")),
                "docs/github-action.md must show docs/workflows/{name} as it is"
            );
        }
    }
}

#[cfg(test)]
mod init_workflow {
    use super::*;

    #[test]
    fn init_pins_the_workflow_to_the_running_binary() {
        let old = "steps:\n      - uses: okr-cli/okr@v0.0.1 # the action\n        with:\n";
        let want =
            format!("steps:\n      - uses: okr-cli/okr@v{} # the action\n        with:\n", env!("CARGO_PKG_VERSION"));
        assert_eq!(workflow(old), want);
        assert!(workflow(WORKFLOW_TEMPLATE).contains(&format!(
            "uses: {}@v{}\n",
            crate::REPOSITORY,
            env!("CARGO_PKG_VERSION")
        )));
    }
}
