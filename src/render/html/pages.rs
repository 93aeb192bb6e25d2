//! The report's pages but the objective pages: the frame every page
//! shares (title, navigation, quarter), the overview, one page per team,
//! the alignment and metric trees, the input-output metric map, the
//! findings and the retro; each built from the report as the data its
//! template (`templates/report/`) shows.

use super::charts::Px;
use super::{card_value, root_of, score_text, slug, Ctx, FINDINGS_LIMIT};
use crate::core::diagnostic::Severity;
use crate::core::score::{fmt_num, Status};
use crate::render::status::unit;
use crate::views::report::Report;
use crate::views::tree::{preorder, Branch, Root, RootKind};
use askama::Template;
use std::collections::HashSet;

pub(super) struct NavItem {
    pub(super) href: String,
    pub(super) label: &'static str,
    pub(super) current: bool,
}

/// What every page's frame shows.
pub(super) struct Frame {
    pub(super) title: String,
    /// `""` for top-level pages, `../` per folder level below.
    pub(super) root: String,
    pub(super) quarter: String,
    pub(super) as_of: String,
    pub(super) elapsed: String,
    pub(super) version: String,
    /// Where the OKRs were read from: the working tree or a revision.
    pub(super) source: String,
    pub(super) has_history: bool,
    pub(super) nav: Vec<NavItem>,
}

impl Ctx<'_, '_> {
    pub(super) fn frame(&self, title: String, path: &str, current: &str) -> Frame {
        let root = root_of(path);
        let nav = [
            ("index.html", "Overview"),
            ("bets.html", "Bets"),
            ("trees.html", "Trees"),
            ("metrics.html", "Metric map"),
            ("findings.html", "Findings"),
            ("retro.html", "Retro"),
        ]
        .into_iter()
        .map(|(p, label)| NavItem { href: format!("{root}{p}"), label, current: p == current })
        .collect();
        Frame {
            title,
            root,
            quarter: self.r.quarter.to_string(),
            as_of: self.r.as_of.to_string(),
            elapsed: format!("{:.0}%", self.r.expected * 100.0),
            version: self.version.clone(),
            source: self.source.clone(),
            has_history: self.r.has_history,
            nav,
        }
    }

    pub(super) fn kr_link(&self, from: &str, k: usize) -> KrLink {
        let kr = &self.r.krs[k];
        let href = match self.obj_of.get(&k) {
            Some(&o) => self.href(from, o, Some(&kr.kr.id)),
            None => String::new(),
        };
        KrLink {
            href,
            title: kr.kr.title.clone(),
            value: card_value(kr),
            status: status_view(kr.score.status, kr.score.no_status()),
        }
    }

    pub(super) fn finding_row(&self, from: &str, i: usize) -> FindingRow {
        let f = &self.r.findings[i];
        let d = f.diagnostic;
        let location = match (&d.file, d.pos) {
            (Some(file), Some(p)) => format!("{file}:{p}"),
            (Some(file), None) => file.clone(),
            _ => String::new(),
        };
        FindingRow {
            severity: d.severity.as_str(),
            rule: d.rule,
            message: d.message.clone(),
            hint: d.hint.as_deref().map(str::to_string),
            location,
            link: f.objective.map(|o| {
                let text = match &f.kr {
                    Some(k) => self.r.trees.objectives[o].objective.obj_ref().kr(k.as_str()).local(),
                    None => self.r.trees.objectives[o].objective.id.clone(),
                };
                (self.href(from, o, f.kr.as_deref()), text)
            }),
        }
    }
}

#[derive(Template)]
#[template(path = "report/index.html")]
pub(super) struct IndexPage {
    page: Frame,
    summary: String,
    tiles: Vec<Tile>,
    overview: Vec<TeamSummary>,
    /// Every team's objectives, when the quarter is small enough for one page.
    teams: Vec<TeamView>,
    findings: FindingCounts,
    unreadable: Vec<UnreadableRow>,
    /// Everyone who owns something in the quarter, each with a link to their page.
    owners: Vec<TeamLink>,
}

/// An objective whose file cannot be read, on the overview.
struct UnreadableRow {
    reference: String,
    /// `FILE:LINE:COLUMN` of the file's first error.
    place: String,
    message: String,
}

/// A team in the overview table.
struct TeamSummary {
    name: String,
    href: String,
    objectives: usize,
    score: String,
    /// (status class, share in percent) of its objectives, for a stacked bar.
    mix: Vec<(&'static str, Px)>,
    mix_text: String,
    findings: usize,
}

#[derive(Template)]
#[template(path = "report/team.html")]
pub(super) struct TeamPage {
    page: Frame,
    team: TeamView,
    tree: Vec<TreeRow>,
    map: Vec<MapRowView>,
    findings: Vec<FindingRow>,
    /// When the team has more than `FINDINGS_LIMIT` findings: their count by
    /// rule instead of the list (each objective's page lists its own).
    rules: Vec<(&'static str, &'static str, usize)>,
}

/// A link to a team page with a count.
struct TeamLink {
    href: String,
    name: String,
    count: usize,
}

struct Tile {
    class: &'static str,
    label: &'static str,
    count: usize,
}

struct FindingCounts {
    errors: usize,
    warnings: usize,
    infos: usize,
}

struct TeamView {
    name: String,
    slug: String,
    href: String,
    score: String,
    rows: Vec<ObjectiveRow>,
}

struct ObjectiveRow {
    href: String,
    title: String,
    owner: String,
    owner_href: Option<String>,
    kind: String,
    committed: bool,
    score: String,
    pct: Px,
    status: StatusView,
    krs: Vec<StatusView>,
    krs_text: String,
    findings: usize,
}

#[derive(Clone)]
pub(super) struct StatusView {
    pub(super) class: &'static str,
    pub(super) label: &'static str,
}

pub(super) fn status_view(s: Option<Status>, none: &'static str) -> StatusView {
    match s {
        Some(s) => StatusView { class: s.as_str(), label: s.label() },
        None => StatusView { class: "none", label: none },
    }
}

pub(super) struct FindingRow {
    pub(super) severity: &'static str,
    pub(super) rule: &'static str,
    pub(super) message: String,
    pub(super) hint: Option<String>,
    pub(super) location: String,
    pub(super) link: Option<(String, String)>,
}

#[derive(Template)]
#[template(path = "report/trees.html")]
pub(super) struct TreesPage {
    page: Frame,
    alignment: Vec<TreeRow>,
    /// Empty for a large quarter: each team page has its part.
    metrics: Vec<TreeRow>,
    teams: Vec<TeamLink>,
}

struct TreeRow {
    /// A heading row between groups of roots (`No parent`, ...), not a node.
    group: Option<String>,
    depth: usize,
    has_children: bool,
    /// `</ul></li>` to write after this (leaf) item.
    closes: usize,
    href: Option<String>,
    title: String,
    tag: String,
    meta: String,
    score: String,
    status: StatusView,
    note: Option<String>,
    /// The objective's `bet:` (the bets page).
    bet: Option<String>,
}

#[derive(Template)]
#[template(path = "report/metrics.html")]
pub(super) struct MetricsPage {
    page: Frame,
    rows: Vec<MapRowView>,
    /// For a large quarter, the rows are on the team pages instead.
    teams: Vec<TeamLink>,
}

pub(super) struct KrLink {
    pub(super) href: String,
    pub(super) title: String,
    pub(super) value: String,
    pub(super) status: StatusView,
}

struct MapRowView {
    output: Option<KrLink>,
    leading: Vec<KrLink>,
    input: Option<KrLink>,
    owner: String,
    weekly: String,
    this_week: String,
    week_class: &'static str,
}

#[derive(Template)]
#[template(path = "report/retro.html")]
pub(super) struct RetroPage {
    page: Frame,
    /// The retro's Markdown rendered and sanitised like objective bodies.
    body: String,
    /// The Markdown file next to the page.
    markdown_file: String,
}

#[derive(Template)]
#[template(path = "report/findings.html")]
pub(super) struct FindingsPage {
    page: Frame,
    /// (rule, severity, count), most frequent first.
    rules: Vec<(&'static str, &'static str, usize)>,
    /// Findings with no objective, and all of them when there are few.
    groups: Vec<(String, Vec<FindingRow>)>,
    total: usize,
    /// Findings per team, when they are on the team pages.
    teams: Vec<TeamLink>,
}

/// A team's objectives as table rows, linked from the page at `from`.
fn team_view(cx: &Ctx<'_, '_>, from: &str, t: usize) -> TeamView {
    let r = cx.r;
    let team = &r.teams[t];
    TeamView {
        name: team.name.clone(),
        slug: slug(&team.name),
        href: format!("{}{}", root_of(from), cx.team_paths[t]),
        score: score_text(team.score),
        rows: team
            .objectives
            .iter()
            .map(|&i| {
                let n = &r.trees.objectives[i];
                let o = n.objective;
                let krs: Vec<StatusView> = r.objectives[i]
                    .krs
                    .iter()
                    .map(|&k| status_view(r.krs[k].score.status, r.krs[k].score.no_status()))
                    .collect();
                let mut counts: Vec<(&str, usize)> = Vec::new();
                for k in &krs {
                    match counts.iter_mut().find(|(l, _)| *l == k.label) {
                        Some((_, c)) => *c += 1,
                        None => counts.push((k.label, 1)),
                    }
                }
                ObjectiveRow {
                    href: cx.href(from, i, None),
                    title: o.title.clone(),
                    owner: o.owner.clone().unwrap_or_default(),
                    owner_href: o.owner.as_deref().and_then(|name| cx.owner_href(from, name)),
                    kind: o.kind.as_str().to_string(),
                    committed: o.commitment == crate::core::model::Commitment::Committed,
                    score: score_text(n.score.score),
                    pct: Px(n.score.score.unwrap_or(0.0).clamp(0.0, 1.0) * 100.0),
                    status: status_view(n.score.status, "not scored"),
                    krs_text: counts.iter().map(|(l, c)| format!("{c} {l}")).collect::<Vec<_>>().join(", "),
                    krs,
                    findings: r.objectives[i].findings.len(),
                }
            })
            .collect(),
    }
}

fn team_links(cx: &Ctx<'_, '_>, from: &str, count: impl Fn(usize) -> usize) -> Vec<TeamLink> {
    (0..cx.r.teams.len())
        .map(|t| TeamLink {
            href: format!("{}{}", root_of(from), cx.team_paths[t]),
            name: cx.r.teams[t].name.clone(),
            count: count(t),
        })
        .collect()
}

pub(super) fn index(cx: &Ctx<'_, '_>) -> Result<IndexPage, askama::Error> {
    let r = cx.r;
    let path = "index.html";
    let c = r.counts;
    let tiles = vec![
        Tile { class: "on_track", label: "on track", count: c.on_track },
        Tile { class: "at_risk", label: "at risk", count: c.at_risk },
        Tile { class: "off_track", label: "off track", count: c.off_track },
        Tile { class: "done", label: "done", count: c.done },
        Tile { class: "none", label: "not scored", count: c.unscored },
    ];
    let overview = r
        .teams
        .iter()
        .enumerate()
        .map(|(t, team)| {
            let mut counts = crate::views::report::StatusCounts::default();
            for &o in &team.objectives {
                counts.add(r.trees.objectives[o].score.status);
            }
            let n = team.objectives.len().max(1) as f64;
            let parts = [
                ("done", "done", counts.done),
                ("on_track", "on track", counts.on_track),
                ("at_risk", "at risk", counts.at_risk),
                ("off_track", "off track", counts.off_track),
                ("none", "not scored", counts.unscored),
            ];
            TeamSummary {
                name: team.name.clone(),
                href: cx.team_paths[t].clone(),
                objectives: team.objectives.len(),
                score: score_text(team.score),
                mix: parts.iter().filter(|p| p.2 > 0).map(|p| (p.0, Px(p.2 as f64 / n * 100.0))).collect(),
                mix_text: parts
                    .iter()
                    .filter(|p| p.2 > 0)
                    .map(|p| format!("{} {}", p.2, p.1))
                    .collect::<Vec<_>>()
                    .join(", "),
                findings: team.objectives.iter().map(|&o| r.objectives[o].findings.len()).sum(),
            }
        })
        .collect();
    let teams = if cx.large { Vec::new() } else { (0..r.teams.len()).map(|t| team_view(cx, path, t)).collect() };
    let krs: usize = r.objectives.iter().map(|o| o.krs.len()).sum();
    let (errors, warnings, infos) = r.findings.iter().fold((0, 0, 0), |(e, w, i), f| match f.diagnostic.severity {
        Severity::Error => (e + 1, w, i),
        Severity::Warning => (e, w + 1, i),
        Severity::Info => (e, w, i + 1),
    });
    Ok(IndexPage {
        page: cx.frame(format!("OKRs {}", r.quarter), path, "index.html"),
        summary: format!("{} objectives and {krs} key results in {} teams.", r.trees.objectives.len(), r.teams.len()),
        tiles,
        overview,
        teams,
        findings: FindingCounts { errors, warnings, infos },
        owners: r
            .owners
            .iter()
            .zip(&cx.owner_paths)
            .map(|(o, href)| TeamLink {
                href: href.clone(),
                name: o.name.clone(),
                count: o.objectives.iter().map(|x| x.krs.len()).sum(),
            })
            .collect(),
        unreadable: r
            .unreadable
            .iter()
            .map(|u| UnreadableRow {
                reference: u.reference.clone(),
                place: format!("{}:{}", u.file, u.pos),
                message: u.message.clone(),
            })
            .collect(),
    })
}

pub(super) fn team(cx: &Ctx<'_, '_>, t: usize) -> TeamPage {
    let r = cx.r;
    let path = cx.team_paths[t].as_str();
    let team = &r.teams[t];
    let mine = |o: Option<usize>| o.is_some_and(|o| cx.team_of[o] == t);
    let roots: Vec<Root> =
        r.trees.metrics.iter().filter(|root| mine(cx.obj_of.get(&root.branch.node).copied())).cloned().collect();
    let map: Vec<&crate::views::report::MapRow> = r
        .map
        .iter()
        .filter(|row| {
            let owner = row.output.filter(|k| cx.obj_of.contains_key(k)).or(row.input);
            mine(owner.and_then(|k| cx.obj_of.get(&k).copied()))
        })
        .collect();
    let ids: Vec<usize> = (0..r.findings.len()).filter(|&i| mine(r.findings[i].objective)).collect();
    TeamPage {
        page: cx.frame(team.name.clone(), path, ""),
        team: team_view(cx, path, t),
        tree: tree_rows(cx, path, &roots, true),
        map: map.into_iter().map(|row| map_row(cx, path, row)).collect(),
        findings: if ids.len() > FINDINGS_LIMIT {
            Vec::new()
        } else {
            ids.iter().map(|&i| cx.finding_row(path, i)).collect()
        },
        rules: if ids.len() > FINDINGS_LIMIT { rule_counts(r, &ids) } else { Vec::new() },
    }
}

fn tree_rows(cx: &Ctx<'_, '_>, path: &str, roots: &[Root], kr: bool) -> Vec<TreeRow> {
    let mut rows: Vec<TreeRow> = Vec::new();
    let mut last_kind: Option<std::mem::Discriminant<RootKind>> = None;
    for root in roots {
        let kind = std::mem::discriminant(&root.kind);
        if last_kind != Some(kind) {
            let heading = match &root.kind {
                RootKind::Top => None,
                RootKind::Unaligned => Some("No parent"),
                RootKind::ParentElsewhere(_) => Some("Parent outside the quarter (see Bets)"),
                RootKind::Cycle => Some("In a cycle of links"),
            };
            if let Some(h) = heading {
                rows.push(TreeRow {
                    group: Some(h.to_string()),
                    depth: 0,
                    has_children: false,
                    closes: 0,
                    href: None,
                    title: String::new(),
                    tag: String::new(),
                    meta: String::new(),
                    score: String::new(),
                    status: status_view(None, ""),
                    note: None,
                    bet: None,
                });
            }
            last_kind = Some(kind);
        }
        let items = preorder(std::slice::from_ref(root));
        for (idx, (d, b)) in items.iter().enumerate() {
            let next_depth = items.get(idx + 1).map_or(0, |(nd, _)| *nd);
            let mut row = if kr { kr_row(cx, path, b) } else { objective_row(cx, path, b) };
            if let (0, RootKind::ParentElsewhere(p)) = (d, &root.kind) {
                row.note = Some(format!("contributes to {p}"));
            }
            if b.truncated {
                row.note = Some("deeper links left out".into());
            }
            row.depth = *d;
            row.has_children = !b.children.is_empty();
            row.closes = if row.has_children { 0 } else { d - next_depth.min(*d) };
            rows.push(row);
        }
    }
    rows
}

fn objective_row(cx: &Ctx<'_, '_>, path: &str, b: &Branch) -> TreeRow {
    let n = &cx.r.trees.objectives[b.node];
    TreeRow {
        group: None,
        depth: 0,
        has_children: false,
        closes: 0,
        href: Some(cx.href(path, b.node, None)),
        title: n.objective.title.clone(),
        tag: n.objective.team.clone(),
        meta: b.via.as_ref().map(|v| format!("contributes to {v}")).unwrap_or_default(),
        score: score_text(n.score.score),
        status: status_view(n.score.status, "not scored"),
        note: b.seen.then(|| "shown above".to_string()),
        bet: None,
    }
}

fn kr_row(cx: &Ctx<'_, '_>, path: &str, b: &Branch) -> TreeRow {
    let k = &cx.r.krs[b.node];
    let l = cx.kr_link(path, b.node);
    let place = if cx.r.trees.krs[b.node].external { k.objective.reference() } else { k.objective.id.clone() };
    TreeRow {
        group: None,
        depth: 0,
        has_children: false,
        closes: 0,
        href: (!l.href.is_empty()).then_some(l.href),
        title: k.kr.title.clone(),
        tag: k.kr.layer.as_str().to_string(),
        meta: format!("{} · {place}", l.value),
        score: score_text(k.score.score),
        status: l.status,
        note: b.seen.then(|| "shown above".to_string()),
        bet: None,
    }
}

pub(super) fn trees(cx: &Ctx<'_, '_>) -> TreesPage {
    let path = "trees.html";
    let r = cx.r;
    TreesPage {
        page: cx.frame("Alignment and metric trees".into(), path, path),
        alignment: tree_rows(cx, path, &r.trees.alignment, false),
        metrics: if cx.large { Vec::new() } else { tree_rows(cx, path, &r.trees.metrics, true) },
        teams: if cx.large {
            team_links(cx, path, |t| {
                r.trees
                    .metrics
                    .iter()
                    .filter(|root| cx.obj_of.get(&root.branch.node).is_some_and(|&o| cx.team_of[o] == t))
                    .count()
            })
        } else {
            Vec::new()
        },
    }
}

#[derive(Template)]
#[template(path = "report/bets.html")]
pub(super) struct BetsPage {
    page: Frame,
    quarter: String,
    rows: Vec<TreeRow>,
    /// How many of the quarter's objectives reach no bet, when there are bets.
    no_bet: usize,
}

/// The bets page: each objective of a longer horizon that contains the
/// quarter, with the objectives beneath it down to the quarter's (their
/// own children are on the trees page), each with its score, status and bet.
pub(super) fn bets(cx: &Ctx<'_, '_>) -> BetsPage {
    let path = "bets.html";
    let r = cx.r;
    let b = &r.bets;
    let mut items: Vec<(usize, &Branch)> = Vec::new();
    for root in b.alignment.iter().filter(|root| !b.objectives[root.branch.node].objective.period.is_quarter()) {
        items.extend(preorder(std::slice::from_ref(root)));
    }
    let mut rows = Vec::with_capacity(items.len());
    for (idx, &(d, br)) in items.iter().enumerate() {
        let next_depth = items.get(idx + 1).map_or(0, |(nd, _)| *nd);
        let mut row = bet_row(cx, path, br);
        row.depth = d;
        row.has_children = next_depth > d;
        row.closes = if row.has_children { 0 } else { d - next_depth.min(d) };
        rows.push(row);
    }
    // The quarter's objectives beneath a bet: those the bets reach and
    // everything under them in the quarter's alignment tree.
    let reached: HashSet<usize> = items.iter().filter_map(|(_, br)| r.bet_objective[br.node]).collect();
    let covered: usize = (r.trees.alignment.iter())
        .filter(|root| reached.contains(&root.branch.node))
        .map(|root| preorder(std::slice::from_ref(root)).iter().filter(|(_, br)| !br.seen).count())
        .sum();
    let no_bet = if rows.is_empty() { 0 } else { r.trees.objectives.len().saturating_sub(covered) };
    BetsPage { page: cx.frame("Bets".into(), path, path), quarter: r.quarter.to_string(), rows, no_bet }
}

fn bet_row(cx: &Ctx<'_, '_>, path: &str, br: &Branch) -> TreeRow {
    let n = &cx.r.bets.objectives[br.node];
    let o = n.objective;
    let mut meta = o.team.clone();
    if let Some(v) = &br.via {
        meta.push_str(&format!(" · contributes to {v}"));
    }
    let page = cx.r.bet_objective[br.node];
    let below = page.map_or(0, |i| cx.r.objectives[i].children.len());
    let note = if br.seen {
        Some("shown above".to_string())
    } else if below > 0 {
        Some(format!("{below} {} beneath it on the trees page", if below == 1 { "objective" } else { "objectives" }))
    } else {
        None
    };
    TreeRow {
        group: None,
        depth: 0,
        has_children: false,
        closes: 0,
        href: page.map(|i| cx.href(path, i, None)),
        title: o.title.clone(),
        tag: o.period.to_string(),
        meta,
        score: score_text(n.score.score),
        status: status_view(n.score.status, "not scored"),
        note,
        bet: o.bet.clone().filter(|_| !br.seen),
    }
}

fn map_row(cx: &Ctx<'_, '_>, path: &str, row: &crate::views::report::MapRow) -> MapRowView {
    let r = cx.r;
    let input = row.input.map(|k| &r.krs[k]);
    let (this_week, week_class) = match input.and_then(|k| k.this_week.as_ref()) {
        Some(w) => {
            let exp = w.expected.map_or(String::new(), |e| format!(" of {}", fmt_num(e)));
            let class = match (w.met, w.complete) {
                (Some(true), _) => "on_track",
                (None, _) => "none",
                (_, false) => "at_risk",
                _ => "off_track",
            };
            (format!("+{}{exp}", fmt_num(w.increase)), class)
        }
        None => (String::new(), "none"),
    };
    MapRowView {
        output: row.output.map(|k| cx.kr_link(path, k)),
        leading: row.leading.iter().map(|&k| cx.kr_link(path, k)).collect(),
        input: row.input.map(|k| cx.kr_link(path, k)),
        owner: input.and_then(|k| k.kr.owner.clone()).unwrap_or_default(),
        weekly: input
            .and_then(|k| k.kr.weekly_target.map(|w| format!("{}{}", fmt_num(w), unit(k.kr))))
            .unwrap_or_default(),
        this_week,
        week_class,
    }
}

pub(super) fn metrics(cx: &Ctx<'_, '_>) -> MetricsPage {
    let r = cx.r;
    let path = "metrics.html";
    let rows = if cx.large { Vec::new() } else { r.map.iter().map(|row| map_row(cx, path, row)).collect() };
    let teams = if cx.large {
        team_links(cx, path, |t| {
            r.map
                .iter()
                .filter(|row| {
                    let owner = row.output.filter(|k| cx.obj_of.contains_key(k)).or(row.input);
                    owner.and_then(|k| cx.obj_of.get(&k)).is_some_and(|&o| cx.team_of[o] == t)
                })
                .count()
        })
    } else {
        Vec::new()
    };
    MetricsPage { page: cx.frame("Input–output metric map".into(), path, path), rows, teams }
}

/// (rule, severity, count) of some findings, most frequent first.
fn rule_counts(r: &Report<'_>, ids: &[usize]) -> Vec<(&'static str, &'static str, usize)> {
    let mut rules: Vec<(&'static str, &'static str, usize)> = Vec::new();
    for &i in ids {
        let d = r.findings[i].diagnostic;
        match rules.iter_mut().find(|(rule, sev, _)| *rule == d.rule && *sev == d.severity.as_str()) {
            Some(e) => e.2 += 1,
            None => rules.push((d.rule, d.severity.as_str(), 1)),
        }
    }
    rules.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(b.0)));
    rules
}

pub(super) fn findings(cx: &Ctx<'_, '_>) -> FindingsPage {
    let r = cx.r;
    let path = "findings.html";
    let rules = rule_counts(r, &(0..r.findings.len()).collect::<Vec<_>>());
    let few = r.findings.len() <= FINDINGS_LIMIT;
    let mut groups = Vec::new();
    {
        for (sev, heading) in [(Severity::Error, "Errors"), (Severity::Warning, "Warnings"), (Severity::Info, "Infos")]
        {
            // With many findings, those about an objective are on the team pages.
            let rows: Vec<FindingRow> = (0..r.findings.len())
                .filter(|&i| r.findings[i].diagnostic.severity == sev && (few || r.findings[i].objective.is_none()))
                .map(|i| cx.finding_row(path, i))
                .collect();
            if !rows.is_empty() {
                groups.push((format!("{heading} ({})", rows.len()), rows));
            }
        }
    }
    let teams = if few {
        Vec::new()
    } else {
        team_links(cx, path, |t| r.findings.iter().filter(|f| f.objective.is_some_and(|o| cx.team_of[o] == t)).count())
    };
    FindingsPage { page: cx.frame("Findings".into(), path, path), rules, groups, total: r.findings.len(), teams }
}

/// The retro page around `body` (the retro's Markdown as HTML, or a marker
/// the site writes it in place of).
pub(super) fn retro(cx: &Ctx<'_, '_>, body: String, markdown_file: String) -> RetroPage {
    RetroPage { page: cx.frame(format!("Retro {}", cx.r.quarter), "retro.html", "retro.html"), body, markdown_file }
}

#[derive(Template)]
#[template(path = "report/owner.html")]
pub(super) struct OwnerPage {
    page: Frame,
    name: String,
    summary: String,
    teams: Vec<OwnerTeam>,
}

/// One team's part of an owner's page.
struct OwnerTeam {
    name: String,
    href: String,
    rows: Vec<OwnedRow>,
}

/// An objective on an owner's page, with only their key results.
struct OwnedRow {
    href: String,
    title: String,
    /// "objective owner", or that they own some of its key results only.
    role: &'static str,
    score: String,
    pct: Px,
    status: StatusView,
    /// Their key results with their scores.
    krs: Vec<(KrLink, String)>,
}

/// Owner `i`'s page: their objectives and key results, team by team.
pub(super) fn owner(cx: &Ctx<'_, '_>, i: usize) -> OwnerPage {
    let r = cx.r;
    let path = cx.owner_paths[i].as_str();
    let o = &r.owners[i];
    let mut teams: Vec<OwnerTeam> = Vec::new();
    for owned in &o.objectives {
        let n = &r.trees.objectives[owned.objective];
        let t = cx.team_of[owned.objective];
        let row = OwnedRow {
            href: cx.href(path, owned.objective, None),
            title: n.objective.title.clone(),
            role: if owned.owns_objective { "objective owner" } else { "key results only" },
            score: score_text(n.score.score),
            pct: Px(n.score.score.unwrap_or(0.0).clamp(0.0, 1.0) * 100.0),
            status: status_view(n.score.status, "not scored"),
            krs: owned.krs.iter().map(|&k| (cx.kr_link(path, k), score_text(r.krs[k].score.score))).collect(),
        };
        match teams.last_mut() {
            Some(team) if team.name == r.teams[t].name => team.rows.push(row),
            _ => teams.push(OwnerTeam {
                name: r.teams[t].name.clone(),
                href: format!("{}{}", root_of(path), cx.team_paths[t]),
                rows: vec![row],
            }),
        }
    }
    let krs: usize = o.objectives.iter().map(|x| x.krs.len()).sum();
    let plural = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    OwnerPage {
        page: cx.frame(o.name.clone(), path, ""),
        name: o.name.clone(),
        summary: format!(
            "{} and {} in {}.",
            plural(krs, "key result", "key results"),
            plural(o.objectives.len(), "objective", "objectives"),
            plural(teams.len(), "team", "teams"),
        ),
        teams,
    }
}
