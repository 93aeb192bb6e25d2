//! `okr report`.

use super::{parse_quarter, Common, Loaded, Project};
use crate::core::error::{Fatal, Result};
use crate::core::quarter::{self, Quarter};
use crate::output;
use crate::render::html;
use clap::Args;
use std::io::Write as _;
use std::path::{Component, Path, PathBuf};

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The folder to write the site to; created if missing. Only okr's own pages are written there.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// The quarter to show (default: the as-of date's quarter if it has OKRs, else the latest that does).
    #[arg(long, visible_alias = "period", value_parser = parse_quarter, value_name = "YYYY-Qn")]
    pub quarter: Option<Quarter>,
    #[command(flatten)]
    pub common: Common,
}

/// `path` made absolute against `base`, `.` and `..` resolved, then the
/// longest part that exists resolved through symlinks.
fn resolve(base: &Path, path: &Path) -> PathBuf {
    let mut abs = PathBuf::new();
    for c in base.join(path).components() {
        match c {
            Component::ParentDir => {
                abs.pop();
            }
            Component::CurDir => {}
            other => abs.push(other),
        }
    }
    let mut existing = abs.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.file_name().map(|n| n.to_os_string()), existing.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name);
                existing = parent.to_path_buf();
            }
            _ => break,
        }
    }
    let mut out = existing.canonicalize().unwrap_or(existing);
    out.extend(rest.into_iter().rev());
    out
}

/// Whether an existing file is a page okr wrote (it starts with okr's generator tag).
fn written_by_okr(path: &Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; 512];
    let n = std::fs::File::open(path).and_then(|mut f| f.read(&mut head)).unwrap_or(0);
    String::from_utf8_lossy(&head[..n]).contains(html::GENERATOR)
}

// Long: the order of its reads and writes is the memory budget (the retro pages written and dropped before the findings exist, then one page at a time); in one place it stays visible.
pub fn run(dir: &Path, project: &Project, args: ReportArgs) -> Result<u8> {
    let mut loaded = Loaded::read_root(project, args.common.rev.as_deref())?;
    // The report shows the model, never the files' text.
    loaded.sources = Default::default();
    let as_of = args.common.as_of.unwrap_or_else(quarter::today);
    let fy = loaded.config.fiscal_year_start_month;
    let ws = &loaded.workspace;
    let root = &loaded.config.root;
    let Some(q) = args.quarter.or_else(|| crate::views::tree::default_quarter(&ws.quarters(), as_of, fy)) else {
        return Err(Fatal::new(format!("no objectives found under {root}/: there is nothing to report")));
    };

    let out = resolve(dir, &args.out);
    let okr_root = resolve(&project.dir, Path::new(root));
    if out.starts_with(&okr_root) {
        return Err(Fatal::new(format!(
            "--out {}: the report cannot go inside the OKR root {root}/ (its pages would be read as OKR files); choose a folder outside it, e.g. `--out site`",
            args.out.display()
        )));
    }
    if out.exists() && !out.is_dir() {
        return Err(Fatal::new(format!("--out {}: not a folder", args.out.display())));
    }

    let history = super::load_history(&loaded, &args.common)?;
    let source = match &args.common.rev {
        Some(r) => format!("revision {r}"),
        None => "the working tree".to_string(),
    };
    let inputs = |findings| crate::views::report::Inputs {
        workspace: ws,
        config: &loaded.config,
        history: history.as_ref(),
        quarter: q,
        as_of,
        findings,
    };
    let write_page = |site: &html::Site<'_, '_>, k: usize| -> Result<usize> {
        let rel = site.path(k);
        let write = || -> std::io::Result<usize> {
            let f = out.join(rel);
            if let Some(parent) = f.parent() {
                std::fs::create_dir_all(parent)?;
            }
            let mut w = std::io::BufWriter::new(std::fs::File::create(&f)?);
            let size = site.write_page(k, &mut w)?;
            w.flush()?;
            Ok(size)
        };
        write().map_err(|e| Fatal::new(format!("cannot write {}: {e}", args.out.join(rel).display())))
    };

    // First the retro page and its Markdown, which grow with every KR of the
    // quarter but need no findings: they are written, and dropped, before
    // the findings are computed. The site's pages and paths do not depend
    // on the findings, so this site checks them all.
    let mut bytes = 0;
    let pages = {
        let retro_markdown =
            crate::render::retro::markdown(&crate::views::retro::retro(ws, history.as_ref(), &loaded.config, q, as_of));
        let report = crate::views::report::build(&inputs(&[]));
        let site = html::Site::new(&report, env!("CARGO_PKG_VERSION"), &source, &retro_markdown);
        // Never overwrite a file okr did not write.
        let foreign: Vec<&str> = (0..site.len())
            .map(|k| site.path(k))
            .filter(|p| {
                let f = out.join(p);
                f.exists() && (!f.is_file() || !written_by_okr(&f))
            })
            .collect();
        if !foreign.is_empty() {
            let list = foreign.iter().take(5).map(|p| format!("`{p}`")).collect::<Vec<_>>().join(", ");
            let more = if foreign.len() > 5 { format!(" and {} more", foreign.len() - 5) } else { String::new() };
            return Err(Fatal::new(format!(
                "--out {}: {list}{more} already exist and were not written by okr; choose an empty or new folder",
                args.out.display()
            )));
        }
        std::fs::create_dir_all(&out).map_err(|e| Fatal::new(format!("--out {}: {e}", args.out.display())))?;
        for k in html::RETRO_PAGES {
            bytes += write_page(&site, k)?;
        }
        site.len()
    };

    let mut findings = ws.diagnostics.clone();
    crate::analysis::rules::run_into(ws, &loaded.config, history.as_ref(), as_of, &mut findings);
    crate::core::diagnostic::sort(&mut findings);
    let report = crate::views::report::build(&inputs(&findings));
    let site = html::Site::new(&report, env!("CARGO_PKG_VERSION"), &source, "");
    // Rendered and written one page at a time: a big quarter's site is
    // hundreds of megabytes.
    for k in (0..site.len()).filter(|k| !html::RETRO_PAGES.contains(k)) {
        bytes += write_page(&site, k)?;
    }
    output::print(&format!(
        "Wrote the {q} report: {} pages ({:.1} MB) to {}; open {}\n",
        pages,
        bytes as f64 / 1e6,
        args.out.display(),
        args.out.join("index.html").display()
    ))?;
    let fail = findings.iter().any(|d| d.severity >= args.common.fail_on.severity());
    Ok(u8::from(fail))
}
