//! `okr report`: the static HTML dashboard. Pages come from the askama
//! templates in `templates/report/` (compiled in, every value HTML-escaped);
//! this module turns the report's data into what they show: texts, links,
//! and the geometry of the SVG charts, dials and gauges. No I/O, no
//! JavaScript, nothing loaded from the network.
//!
//! This file is the site: which pages there are, where each goes, and the
//! links between them ([`Site`]). The pages themselves are in `pages`
//! (the overview, team, tree, metric map, findings and retro pages) and
//! `objective` (one page per objective, with its KR cards); `charts` draws
//! the SVG charts, dials and gauges; `markdown` turns objective bodies and
//! the retro into HTML that cannot run script.

mod charts;
mod markdown;
mod objective;
mod pages;

pub use charts::{y_ticks, Px};
pub use markdown::{markdown_html, safe_url};

use crate::core::model::Layer;
use crate::core::score::NumFormat;
use crate::render::status::{unit, value_text};
use crate::views::report::{KrReport, Report};
use askama::Template;
use markdown::{for_each_section, markdown_html_shifted, markdown_sections_html};
use std::collections::{HashMap, HashSet};

/// A file of the site: a path relative to the output folder, `/`-separated.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    pub path: String,
    pub html: String,
}

/// The `<meta name="generator">` every page carries. `okr report` only ever
/// overwrites files that start with it.
pub const GENERATOR: &str = "<meta name=\"generator\" content=\"okr";

// ------------------------------------------------------------------- paths

/// A path segment safe on every file system: `[A-Za-z0-9._-]`, not starting
/// with a dot, and not a name Windows keeps for a device (`con`, `nul.x`, …).
fn safe_segment(s: &str) -> String {
    let mut out: String =
        s.chars().map(|c| if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') { c } else { '_' }).collect();
    let stem = out.split('.').next().unwrap_or("").to_ascii_lowercase();
    let device = matches!(stem.as_str(), "con" | "prn" | "aux" | "nul")
        || (stem.len() == 4
            && (stem.starts_with("com") || stem.starts_with("lpt"))
            && stem.as_bytes()[3].is_ascii_digit());
    if out.is_empty() || out.starts_with('.') || device {
        out.insert(0, '_');
    }
    out
}

/// The longest owner-page file name before `.html` (and a `-N` suffix):
/// names are free text, file names are not.
const MAX_OWNER_SEGMENT: usize = 64;

/// The page of each owner (`Report::owners`): `owners/<name>.html`, the
/// name made safe and short, made unique if two names come out alike.
fn owner_paths(r: &Report<'_>) -> Vec<String> {
    let mut taken = HashSet::new();
    r.owners
        .iter()
        .map(|o| {
            let mut seg = safe_segment(&o.name);
            seg.truncate(MAX_OWNER_SEGMENT);
            unique_path(&mut taken, "owners", &seg)
        })
        .collect()
}

/// The page of each objective: `objectives/<id>.html`, one folder per id
/// segment, made unique if sanitising made two ids alike.
fn objective_paths(r: &Report<'_>) -> Vec<String> {
    let mut taken = HashSet::new();
    r.trees
        .objectives
        .iter()
        .map(|n| {
            let base = n.objective.id.split('/').map(safe_segment).collect::<Vec<_>>().join("/");
            unique_path(&mut taken, "objectives", &base)
        })
        .collect()
}

/// `DIR/BASE.html`, or `DIR/BASE-2.html`, `-3`, … when a path differing only
/// in case is already in `taken` (case-insensitive file systems).
fn unique_path(taken: &mut HashSet<String>, dir: &str, base: &str) -> String {
    let mut path = format!("{dir}/{base}.html");
    let mut k = 2;
    while !taken.insert(path.to_ascii_lowercase()) {
        path = format!("{dir}/{base}-{k}.html");
        k += 1;
    }
    path
}

fn root_of(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

fn slug(s: &str) -> String {
    s.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' }).collect()
}

// --------------------------------------------------------------- formatting

fn score_text(s: Option<f64>) -> String {
    s.map_or_else(|| "–".into(), |v| format!("{v:.2}"))
}

fn date_of(secs: i64) -> String {
    let r = crate::render::rfc3339(secs);
    r.get(..10).unwrap_or(&r).to_string()
}

fn short(commit: &str) -> &str {
    crate::history::short_id(commit)
}

const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

fn month_day(d: jiff::civil::Date) -> String {
    format!("{} {}", MONTHS[(d.month() as usize).clamp(1, 12) - 1], d.day())
}

/// A KR's value for its card: an input metric aiming at a weekly rate shows
/// the rate, not the quarter total it implies.
fn card_value(k: &KrReport<'_>) -> String {
    let u = unit(k.kr);
    let f = NumFormat::of_kr(k.kr);
    let num = |v: f64| f.fmt(v);
    match (k.kr.layer, k.kr.target, k.kr.weekly_target, k.score.values.current) {
        (Layer::Input, None, Some(w), Some(c)) => format!("{}{u} so far · {}{u} a week", num(c), num(w)),
        _ => value_text(k.kr, &k.score),
    }
}

// -------------------------------------------------------------------- site

/// Above this many objectives, the overview, metric map, metric tree and
/// findings are split into one page per team (the global pages link to them).
pub const ONE_PAGE_LIMIT: usize = 150;
/// Above this many findings, findings.html lists counts, and the team pages the findings.
pub const FINDINGS_LIMIT: usize = 300;

/// What every page builder reads: the report and where each page is.
struct Ctx<'r, 'a> {
    r: &'r Report<'a>,
    /// Page of each objective.
    paths: Vec<String>,
    /// Page of each team (`Report::teams`).
    team_paths: Vec<String>,
    /// Team index of each objective.
    team_of: Vec<usize>,
    /// Objective index of each KR of the quarter.
    obj_of: HashMap<usize, usize>,
    /// Page of each owner (`Report::owners`).
    owner_paths: Vec<String>,
    /// Owner index by name.
    owner_of: HashMap<String, usize>,
    large: bool,
    version: String,
    source: String,
}

impl Ctx<'_, '_> {
    /// Link from a page at `from` to objective `o` (and a KR anchor).
    fn href(&self, from: &str, o: usize, kr: Option<&str>) -> String {
        let anchor = kr.map(|k| format!("#kr-{}", slug(k))).unwrap_or_default();
        format!("{}{}{anchor}", root_of(from), self.paths[o])
    }

    /// Link from a page at `from` to the page of the owner called `name`.
    fn owner_href(&self, from: &str, name: &str) -> Option<String> {
        self.owner_of.get(name).map(|&i| format!("{}{}", root_of(from), self.owner_paths[i]))
    }
}

/// Every page of the report, rendered into memory (see [`Site`] to render
/// them one at a time).
pub fn site(r: &Report<'_>, version: &str, source: &str, retro_markdown: &str) -> Result<Vec<Page>, askama::Error> {
    let site = Site::new(r, version, source, retro_markdown);
    (0..site.len()).map(|k| site.render(k)).collect()
}

/// The pages of the report, each rendered on demand: a quarter of thousands
/// of objectives makes hundreds of megabytes of HTML, which `okr report`
/// writes page by page instead of holding whole.
///
/// `retro_markdown` is `okr retro`'s Markdown for the quarter: it becomes
/// `retro.html` and, as is (ready to paste into a retro document),
/// `retro-QUARTER.md`. Pages come in a fixed order: the index, trees,
/// metrics, findings, the retro page and its Markdown, the bets, then one
/// page per team, one per objective and one per owner.
pub struct Site<'r, 'a> {
    cx: Ctx<'r, 'a>,
    retro_markdown: &'r str,
    markdown_file: String,
}

/// The pages before the team pages.
const FIXED_PAGES: usize = 7;

/// The retro page and its Markdown: the only pages that depend on the
/// retro's Markdown, and on nothing about the findings.
pub const RETRO_PAGES: [usize; 2] = [4, 5];

impl<'r, 'a> Site<'r, 'a> {
    pub fn new(r: &'r Report<'a>, version: &str, source: &str, retro_markdown: &'r str) -> Site<'r, 'a> {
        let mut taken = HashSet::new();
        let team_paths = r.teams.iter().map(|t| unique_path(&mut taken, "teams", &safe_segment(&t.name))).collect();
        let mut team_of = vec![0; r.objectives.len()];
        for (ti, t) in r.teams.iter().enumerate() {
            for &o in &t.objectives {
                team_of[o] = ti;
            }
        }
        let cx = Ctx {
            r,
            paths: objective_paths(r),
            team_paths,
            team_of,
            obj_of: r.objectives.iter().enumerate().flat_map(|(oi, o)| o.krs.iter().map(move |&k| (k, oi))).collect(),
            owner_paths: owner_paths(r),
            owner_of: r.owners.iter().enumerate().map(|(i, o)| (o.name.clone(), i)).collect(),
            large: r.objectives.len() > ONE_PAGE_LIMIT,
            version: version.to_string(),
            source: source.to_string(),
        };
        Site { cx, retro_markdown, markdown_file: format!("retro-{}.md", r.quarter) }
    }

    /// How many pages there are.
    pub fn len(&self) -> usize {
        FIXED_PAGES + self.cx.r.teams.len() + self.cx.r.objectives.len() + self.cx.r.owners.len()
    }

    /// Whether there are no pages (never: the fixed pages are always there).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Page `k`'s path in the site, without rendering it.
    pub fn path(&self, k: usize) -> &str {
        let teams = self.cx.r.teams.len();
        let owners_from = FIXED_PAGES + teams + self.cx.r.objectives.len();
        match k {
            0 => "index.html",
            1 => "trees.html",
            2 => "metrics.html",
            3 => "findings.html",
            4 => "retro.html",
            5 => &self.markdown_file,
            6 => "bets.html",
            k if k < FIXED_PAGES + teams => &self.cx.team_paths[k - FIXED_PAGES],
            k if k < owners_from => &self.cx.paths[k - FIXED_PAGES - teams],
            k => &self.cx.owner_paths[k - owners_from],
        }
    }

    /// Writes page `k` (`k < len()`) to `w` and returns its size in bytes.
    /// The same bytes as [`Site::render`], but the retro page and its
    /// Markdown, which grow with every KR of the quarter, go out a section
    /// at a time instead of whole.
    pub fn write_page(&self, k: usize, w: &mut dyn std::io::Write) -> std::io::Result<usize> {
        const BODY: &str = "<!-- okr:retro-body -->";
        match k {
            4 => {
                let frame = pages::retro(&self.cx, BODY.to_string(), self.markdown_file.clone())
                    .render()
                    .map_err(std::io::Error::other)?;
                let (head, tail) = frame.split_once(BODY).ok_or_else(|| std::io::Error::other("retro template"))?;
                w.write_all(head.as_bytes())?;
                let mut size = head.len() + tail.len();
                let mut result = Ok(());
                for_each_section(self.retro_markdown, |section| {
                    if result.is_ok() {
                        let html = markdown_html_shifted(section, "", -1);
                        size += html.len();
                        result = w.write_all(html.as_bytes());
                    }
                });
                result?;
                w.write_all(tail.as_bytes())?;
                Ok(size)
            }
            5 => {
                let head = self.markdown_head();
                w.write_all(head.as_bytes())?;
                w.write_all(self.retro_markdown.as_bytes())?;
                Ok(head.len() + self.retro_markdown.len())
            }
            k => {
                let page = self.render(k).map_err(std::io::Error::other)?;
                w.write_all(page.html.as_bytes())?;
                Ok(page.html.len())
            }
        }
    }

    /// The first line of `retro-QUARTER.md`: the generator tag in a comment
    /// marks the file as okr's (so a later run may overwrite it); it does
    /// not show when the Markdown is rendered.
    fn markdown_head(&self) -> String {
        format!("<!-- {GENERATOR} {}\"> -->\n", self.cx.version)
    }

    /// Renders page `k` (`k < len()`).
    pub fn render(&self, k: usize) -> Result<Page, askama::Error> {
        let cx = &self.cx;
        let r = cx.r;
        let teams = r.teams.len();
        let owners_from = FIXED_PAGES + teams + r.objectives.len();
        let html = match k {
            0 => pages::index(cx)?.render()?,
            1 => pages::trees(cx).render()?,
            2 => pages::metrics(cx).render()?,
            3 => pages::findings(cx).render()?,
            // The Markdown's own `## Retro ...` heading is the page's <h1>;
            // its sections (`###`) become <h2>.
            4 => pages::retro(cx, markdown_sections_html(self.retro_markdown, -1), self.markdown_file.clone())
                .render()?,
            5 => format!("{}{}", self.markdown_head(), self.retro_markdown),
            6 => pages::bets(cx).render()?,
            k if k < FIXED_PAGES + teams => pages::team(cx, k - FIXED_PAGES).render()?,
            k if k < owners_from => objective::page(cx, k - FIXED_PAGES - teams).render()?,
            k => pages::owner(cx, k - owners_from).render()?,
        };
        Ok(Page { path: self.path(k).to_string(), html })
    }
}

#[cfg(test)]
mod tests;
