//! `okr report`: the static HTML dashboard. Pages come from the askama
//! templates in `templates/report/` (compiled in, every value HTML-escaped);
//! this module turns the report's data into what they show: texts, links,
//! and the geometry of the SVG charts, dials and gauges. No I/O, no
//! JavaScript, nothing loaded from the network.

use crate::core::diagnostic::Severity;
use crate::core::model::{KeyResult, Layer};
use crate::core::quarter::{Quarter, Week};
use crate::core::score::{fmt_num, NumFormat, Status};
use crate::render::status::{unit, value_text};
use crate::views::report::{Chart, KrReport, Report};
use crate::views::tree::{preorder, Branch, Root, RootKind};
use askama::Template;
use std::collections::{HashMap, HashSet, VecDeque};
use std::fmt;

/// A file of the site: a path relative to the output folder, `/`-separated.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    pub path: String,
    pub html: String,
}

/// The `<meta name="generator">` every page carries. `okr report` only ever
/// overwrites files that start with it.
pub const GENERATOR: &str = "<meta name=\"generator\" content=\"okr";

/// A coordinate or length in an SVG: one decimal, no trailing `.0`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Px(pub f64);

impl fmt::Display for Px {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let v = (self.0 * 10.0).round() / 10.0;
        if v.fract() == 0.0 {
            write!(f, "{}", v as i64)
        } else {
            write!(f, "{v:.1}")
        }
    }
}

// ---------------------------------------------------------------- templates

struct NavItem {
    href: String,
    label: &'static str,
    current: bool,
}

/// What every page's frame shows.
struct Frame {
    title: String,
    /// `""` for top-level pages, `../` per folder level below.
    root: String,
    quarter: String,
    as_of: String,
    elapsed: String,
    version: String,
    /// Where the OKRs were read from: the working tree or a revision.
    source: String,
    has_history: bool,
    nav: Vec<NavItem>,
}

#[derive(Template)]
#[template(path = "report/index.html")]
struct IndexPage {
    page: Frame,
    summary: String,
    tiles: Vec<Tile>,
    overview: Vec<TeamSummary>,
    /// Every team's objectives, when the quarter is small enough for one page.
    teams: Vec<TeamView>,
    findings: FindingCounts,
    unreadable: Vec<UnreadableRow>,
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
struct TeamPage {
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
struct StatusView {
    class: &'static str,
    label: &'static str,
}

fn status_view(s: Option<Status>, none: &'static str) -> StatusView {
    match s {
        Some(s) => StatusView { class: s.as_str(), label: s.label() },
        None => StatusView { class: "none", label: none },
    }
}

#[derive(Template)]
#[template(path = "report/objective.html")]
struct ObjectivePage {
    page: Frame,
    title: String,
    reference: String,
    team: String,
    owner: String,
    kind: String,
    commitment: String,
    committed_miss: bool,
    file: String,
    score: String,
    pct: Px,
    pace: String,
    status: StatusView,
    parent: Option<LinkView>,
    children: Vec<LinkView>,
    layers: Vec<LayerView>,
    body: String,
    findings: Vec<FindingRow>,
}

struct LinkView {
    href: Option<String>,
    text: String,
    detail: String,
    status: StatusView,
}

struct LayerView {
    id: &'static str,
    heading: String,
    intro: &'static str,
    cards: Vec<KrCard>,
}

struct KrCard {
    anchor: String,
    title: String,
    layer: &'static str,
    value: String,
    /// The owner's confidence, shown next to the value.
    confidence: Option<String>,
    score: String,
    status: StatusView,
    facts: Vec<(String, String)>,
    links: Vec<(String, Option<String>, String)>,
    dial: Option<Dial>,
    gauge: Option<Gauge>,
    dest: Option<Dest>,
    weeks: Vec<WeekCell>,
    chart: Option<ChartSvg>,
    no_chart: Option<String>,
}

/// An input metric's dial: this week's attainment on a 270° arc.
struct Dial {
    track: String,
    arc: Option<String>,
    class: &'static str,
    big: String,
    caption: String,
    label: String,
}

/// A leading indicator's gauge: progress on a half circle, pace as a tick.
struct Gauge {
    track: String,
    arc: Option<String>,
    tick: (Px, Px, Px, Px),
    big: String,
    label: String,
}

/// An output's destination bar: from baseline to target, pace as a tick.
struct Dest {
    pct: Px,
    pace: Px,
    from: String,
    to: String,
    label: String,
}

struct WeekCell {
    x: Px,
    class: &'static str,
    tip: String,
}

struct Tick {
    pos: Px,
    label: String,
}

struct Dot {
    x: Px,
    y: Px,
    tip: String,
    carried: bool,
}

/// The target in force over the quarter: a level line, or a step at each
/// commit that moved it.
struct TargetLine {
    d: String,
    /// Where the line ends, for its label.
    y: Px,
    label: String,
    /// "Target moved: ..." when it did.
    moved: Option<String>,
}

struct ChartSvg {
    id: String,
    title: String,
    desc: String,
    left: Px,
    right: Px,
    top: Px,
    bottom: Px,
    x_ticks: Vec<Tick>,
    y_ticks: Vec<Tick>,
    target: Option<TargetLine>,
    pace: Option<(Px, Px, Px, Px)>,
    actual: String,
    dots: Vec<Dot>,
    as_of: Option<Px>,
    rows: Vec<[String; 5]>,
}

struct FindingRow {
    severity: &'static str,
    rule: &'static str,
    message: String,
    hint: Option<String>,
    location: String,
    link: Option<(String, String)>,
}

#[derive(Template)]
#[template(path = "report/trees.html")]
struct TreesPage {
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
}

#[derive(Template)]
#[template(path = "report/metrics.html")]
struct MetricsPage {
    page: Frame,
    rows: Vec<MapRowView>,
    /// For a large quarter, the rows are on the team pages instead.
    teams: Vec<TeamLink>,
}

struct KrLink {
    href: String,
    title: String,
    value: String,
    status: StatusView,
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
struct RetroPage {
    page: Frame,
    /// The retro's Markdown rendered and sanitised like objective bodies.
    body: String,
    /// The Markdown file next to the page.
    markdown_file: String,
}

#[derive(Template)]
#[template(path = "report/findings.html")]
struct FindingsPage {
    page: Frame,
    /// (rule, severity, count), most frequent first.
    rules: Vec<(&'static str, &'static str, usize)>,
    /// Findings with no objective, and all of them when there are few.
    groups: Vec<(String, Vec<FindingRow>)>,
    total: usize,
    /// Findings per team, when they are on the team pages.
    teams: Vec<TeamLink>,
}

// ------------------------------------------------------------------- paths

/// A path segment safe on every file system: `[A-Za-z0-9._-]`, not starting with a dot.
fn safe_segment(s: &str) -> String {
    let mut out: String =
        s.chars().map(|c| if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') { c } else { '_' }).collect();
    if out.is_empty() || out.starts_with('.') {
        out.insert(0, '_');
    }
    out
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

// ------------------------------------------------------------------ charts

/// A "nice" step (1, 2, 2.5 or 5 times a power of ten) near `raw`.
fn nice_step(raw: f64) -> f64 {
    if !raw.is_finite() || raw <= 0.0 {
        return 1.0;
    }
    let p = 10f64.powf(raw.log10().floor());
    let f = raw / p;
    let n = if f <= 1.0 {
        1.0
    } else if f <= 2.0 {
        2.0
    } else if f <= 2.5 {
        2.5
    } else if f <= 5.0 {
        5.0
    } else {
        10.0
    };
    n * p
}

/// Decimals needed to print multiples of `step` exactly.
fn decimals(step: f64) -> usize {
    (0..6).find(|&d| ((step * 10f64.powi(d as i32)).round() - step * 10f64.powi(d as i32)).abs() < 1e-6).unwrap_or(6)
}

/// Y-axis ticks covering `lo..=hi`: (domain low, domain high, ticks).
pub fn y_ticks(lo: f64, hi: f64) -> (f64, f64, Vec<(f64, String)>) {
    let (mut lo, mut hi) = if lo.is_finite() && hi.is_finite() { (lo.min(hi), lo.max(hi)) } else { (0.0, 1.0) };
    if hi - lo < 1e-9 {
        let pad = if lo == 0.0 { 1.0 } else { lo.abs() * 0.1 };
        lo -= pad;
        hi += pad;
    }
    let step = nice_step((hi - lo) / 4.0);
    let (a, b) = ((lo / step).floor(), (hi / step).ceil());
    let d = decimals(step);
    let ticks = (0..=((b - a) as i64).min(12))
        .map(|i| (a + i as f64) * step)
        .map(|v| (v, NumFormat::with_decimals(d).fmt(v)))
        .collect();
    (a * step, b * step, ticks)
}

const CHART_W: f64 = 560.0;
const CHART_H: f64 = 210.0;
const PLOT_L: f64 = 52.0;
const PLOT_R: f64 = CHART_W - 76.0;
const PLOT_T: f64 = 12.0;
const PLOT_B: f64 = CHART_H - 26.0;

/// Space between the axis labels and the plot, and between the target
/// label and the chart's right edge (the label starts 6 px right of the plot).
const TICK_GAP: f64 = 10.0;
const TARGET_GAP: f64 = 10.0;

/// The width of `chars` characters of the charts' 11 px labels, erring wide:
/// 7 px a character covers digits, commas and bold letters.
fn label_width(chars: usize) -> f64 {
    7.0 * chars as f64
}

#[allow(clippy::too_many_arguments)]
fn chart_svg(
    id: &str,
    c: &Chart,
    kr: &KeyResult,
    title: &str,
    quarter: Quarter,
    fy: u8,
    as_of: jiff::civil::Date,
    expected: f64,
) -> ChartSvg {
    let u = unit(kr);
    let f = NumFormat::of_kr(kr);
    let num = |v: f64| f.fmt(v);
    // The targets in force, when the chart's KR has a `target` of its own
    // (an input's comes from `weekly_target`): (landed, target) where it changed.
    let mut steps: Vec<(i64, f64)> = Vec::new();
    if kr.layer != Layer::Input {
        for p in &c.points {
            if let Some(t) = p.target.filter(|t| steps.last().is_none_or(|l| l.1 != *t)) {
                steps.push((p.landed, t));
            }
        }
    }
    if let Some(t) = c.target {
        // The files read may hold a target not committed yet: it counts from the as-of day.
        if steps.last().is_some_and(|l| l.1 != t) {
            steps.push((c.as_of.min(c.end), t));
        }
    }
    let mut values: Vec<f64> = c.points.iter().map(|p| p.value).collect();
    values.extend(c.baseline);
    values.extend(c.target);
    values.extend(steps.iter().map(|s| s.1));
    let lo = values.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    // A milestone steps from 0 (to do) to 1 (done): its axis says so in words.
    let milestone = !c.points.is_empty() && c.points.iter().all(|p| p.milestone.is_some());
    let (y0, y1, yt) = if milestone {
        (0.0, 1.0, vec![(0.0, "to do".to_string()), (1.0, "done".to_string())])
    } else {
        y_ticks(lo, hi)
    };
    // Only `%` fits on the axis; other units are in the target label and the texts.
    let tick_unit = if u == "%" && !milestone { "%" } else { "" };
    // Room for the labels: the plot narrows so that long numbers (`1,250,000`
    // on the axis, `60,000 users` beside the target line) stay inside the chart.
    let widest_tick = yt.iter().map(|(_, l)| l.chars().count() + tick_unit.len()).max().unwrap_or(0);
    let plot_l = PLOT_L.max(TICK_GAP + label_width(widest_tick));
    let target_label = c.target.map(|t| format!("{}{u}", num(t)));
    let widest_target = target_label.as_ref().map_or(0, |l| l.chars().count()).max("target".len());
    let plot_r = PLOT_R.min(CHART_W - TARGET_GAP - label_width(widest_target));
    let (t0, t1) = (c.start as f64, c.end as f64);
    let x = |t: i64| plot_l + ((t as f64 - t0) / (t1 - t0)).clamp(0.0, 1.0) * (plot_r - plot_l);
    let y = |v: f64| PLOT_B - ((v - y0) / (y1 - y0)).clamp(0.0, 1.0) * (PLOT_B - PLOT_T);

    let y_ticks =
        yt.into_iter().map(|(v, label)| Tick { pos: Px(y(v)), label: format!("{label}{tick_unit}") }).collect();
    let mut x_ticks = Vec::new();
    let mut d = quarter.start(fy);
    while d < quarter.next().start(fy) {
        x_ticks.push(Tick { pos: Px(x(crate::history::day_start(d))), label: month_day(d) });
        d = d.checked_add(jiff::Span::new().months(1)).unwrap_or(jiff::civil::Date::MAX);
    }
    let last = quarter.last_day(fy);
    x_ticks.push(Tick { pos: Px(plot_r), label: month_day(last) });

    // The value in force is a step: it holds until the next check-in.
    let mut path = String::new();
    for (i, p) in c.points.iter().enumerate() {
        let (px, py) = (Px(x(p.landed)), Px(y(p.value)));
        if i == 0 {
            path.push_str(&format!("M{px} {py}"));
        } else {
            path.push_str(&format!("H{px}V{py}"));
        }
    }
    let until = c.as_of.min(c.end);
    if let Some(p) = c.points.last() {
        if until > p.landed {
            path.push_str(&format!("H{}", Px(x(until))));
        }
    }
    let dots = c
        .points
        .iter()
        .map(|p| {
            let when = if p.carried {
                format!("in force on {} (set {})", quarter.start(fy), date_of(p.time))
            } else {
                date_of(p.time)
            };
            Dot {
                x: Px(x(p.landed)),
                y: Px(y(p.value)),
                tip: format!("{} · {when} · {} · {}\n{}", point_value(p, &u, f), p.author, short(p.commit), p.summary),
                carried: p.carried,
            }
        })
        .collect();
    let target = c.target.map(|t| {
        let label = target_label.clone().unwrap_or_default();
        if steps.len() < 2 {
            return TargetLine {
                d: format!("M{} {}H{}", Px(plot_l), Px(y(t)), Px(plot_r)),
                y: Px(y(t)),
                label,
                moved: None,
            };
        }
        let mut d = format!("M{} {}", Px(x(steps[0].0)), Px(y(steps[0].1)));
        for &(when, v) in &steps[1..] {
            d.push_str(&format!("H{}V{}", Px(x(when)), Px(y(v))));
        }
        d.push_str(&format!("H{}", Px(plot_r)));
        let history = steps
            .iter()
            .enumerate()
            .map(|(i, &(when, v))| {
                let v = format!("{}{u}", num(v));
                if i == 0 {
                    v
                } else {
                    format!("{v} from {}", date_of(when))
                }
            })
            .collect::<Vec<_>>()
            .join(", then ");
        TargetLine { d, y: Px(y(t)), label, moved: Some(format!("The target moved: {history}.")) }
    });
    let pace = match (c.baseline, c.target) {
        (Some(b), Some(t)) => Some((Px(plot_l), Px(y(b)), Px(plot_r), Px(y(t)))),
        _ => None,
    };
    let as_of_x = (c.as_of > c.start && c.as_of < c.end).then(|| Px(x(c.as_of)));

    let mut desc = match (c.points.first(), c.points.last()) {
        (Some(a), Some(b)) if c.points.len() > 1 => format!(
            "{} check-ins: {} at the start, {} on {} (the latest).",
            c.points.len(),
            point_value(a, &u, f),
            point_value(b, &u, f),
            date_of(b.time)
        ),
        (Some(a), _) => format!("One check-in: {} on {}.", point_value(a, &u, f), date_of(a.time)),
        _ => "No check-ins yet.".to_string(),
    };
    match target.as_ref().and_then(|t| t.moved.as_deref()) {
        Some(moved) => {
            desc.push(' ');
            desc.push_str(moved);
        }
        None => {
            if let Some(t) = c.target {
                desc.push_str(&format!(" Target {}{u}.", num(t)));
            }
        }
    }
    if let (Some(b), Some(t)) = (c.baseline, c.target) {
        desc.push_str(&format!(" Linear pace on {as_of}: {}{u}.", num(b + (t - b) * expected)));
    }
    let rows = c
        .points
        .iter()
        .map(|p| {
            [
                if p.carried { format!("{} (before the quarter)", date_of(p.time)) } else { date_of(p.time) },
                with_confidence(point_value(p, &u, f), p.confidence),
                p.author.to_string(),
                short(p.commit).to_string(),
                p.summary.to_string(),
            ]
        })
        .collect();
    ChartSvg {
        id: id.to_string(),
        title: format!("Trajectory: {title}"),
        desc,
        left: Px(plot_l),
        right: Px(plot_r),
        top: Px(PLOT_T),
        bottom: Px(PLOT_B),
        x_ticks,
        y_ticks,
        target,
        pace,
        actual: path,
        dots,
        as_of: as_of_x,
        rows,
    }
}

/// An SVG arc path on a circle around (cx, cy), clockwise from `a0` to `a1`
/// degrees (0° points right, angles grow clockwise as y points down).
fn arc(cx: f64, cy: f64, r: f64, a0: f64, a1: f64) -> String {
    let p = |a: f64| (cx + r * a.to_radians().cos(), cy + r * a.to_radians().sin());
    let (s, e) = (p(a0), p(a1));
    let large = u8::from(a1 - a0 > 180.0);
    format!("M{} {}A{r} {r} 0 {large} 1 {} {}", Px(s.0), Px(s.1), Px(e.0), Px(e.1))
}

fn dial(k: &KrReport<'_>, has_history: bool) -> Dial {
    let track = arc(60.0, 60.0, 46.0, 135.0, 405.0);
    let u = unit(k.kr);
    let week = k.this_week.as_ref();
    match week.and_then(|w| w.expected.map(|e| (w, e))) {
        Some((w, e)) if e > 0.0 => {
            let a = w.increase / e;
            let class = match (w.met, w.complete) {
                (Some(true), _) => "on_track",
                (_, false) => "at_risk",
                _ => "off_track",
            };
            let f = a.clamp(0.0, 1.0);
            Dial {
                arc: (f > 0.0).then(|| arc(60.0, 60.0, 46.0, 135.0, 135.0 + 270.0 * f.max(0.004))),
                track,
                class,
                big: format!("{:.0}%", a * 100.0),
                caption: format!("+{} of {}{u} this week", fmt_num(w.increase), fmt_num(e)),
                label: format!(
                    "This week ({} to {}): +{} of {}{u}, {:.0}% of the weekly target{}",
                    w.from,
                    w.to,
                    fmt_num(w.increase),
                    fmt_num(e),
                    a * 100.0,
                    if w.complete { "" } else { " so far" }
                ),
            }
        }
        _ => {
            let f = k.score.score.unwrap_or(0.0);
            let why = if !has_history {
                "no history: quarter score shown"
            } else if k.kr.weekly_target.is_none() {
                "no weekly_target: quarter score shown"
            } else {
                "not tracked this week yet"
            };
            Dial {
                arc: (f > 0.0).then(|| arc(60.0, 60.0, 46.0, 135.0, 135.0 + 270.0 * f.max(0.004))),
                track,
                class: k.score.status.map_or("none", Status::as_str),
                big: score_text(k.score.score),
                caption: why.to_string(),
                label: format!("Quarter score {} ({why})", score_text(k.score.score)),
            }
        }
    }
}

fn gauge(k: &KrReport<'_>, expected: f64) -> Gauge {
    let f = k.score.score.unwrap_or(0.0).clamp(0.0, 1.0);
    let a = 180.0 + 180.0 * expected.clamp(0.0, 1.0);
    let (c, s) = (a.to_radians().cos(), a.to_radians().sin());
    Gauge {
        track: arc(60.0, 58.0, 44.0, 180.0, 360.0),
        arc: (f > 0.0).then(|| arc(60.0, 58.0, 44.0, 180.0, 180.0 + 180.0 * f.max(0.004))),
        tick: (Px(60.0 + 36.0 * c), Px(58.0 + 36.0 * s), Px(60.0 + 54.0 * c), Px(58.0 + 54.0 * s)),
        big: score_text(k.score.score),
        label: format!(
            "Score {} against an expected pace of {:.2}: {}",
            score_text(k.score.score),
            expected,
            k.score.status.map_or(k.score.no_status(), Status::label)
        ),
    }
}

fn dest(k: &KrReport<'_>, expected: f64) -> Dest {
    let u = unit(k.kr);
    let f = NumFormat::of_kr(k.kr);
    let num = |v: f64| f.fmt(v);
    let v = k.score.values;
    let f = k.score.score.unwrap_or(0.0).clamp(0.0, 1.0);
    let (from, to) = if k.kr.done.is_some() {
        ("not done".to_string(), "done".to_string())
    } else {
        (
            v.baseline.map_or("–".into(), |b| format!("{}{u}", num(b))),
            v.target.map_or(k.score.no_status().into(), |t| format!("{}{u}", num(t))),
        )
    };
    Dest {
        pct: Px(f * 100.0),
        pace: Px(expected.clamp(0.0, 1.0) * 100.0),
        label: format!("{} of the way from {from} to {to}; expected pace {:.0}%", format_pct(f), expected * 100.0),
        from,
        to,
    }
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

/// A check-in's value as shown: a milestone's `done`, else the number.
fn point_value(p: &crate::views::report::CheckIn<'_>, unit: &str, f: NumFormat) -> String {
    match p.milestone {
        Some(true) => "done".into(),
        Some(false) => "not done".into(),
        None => format!("{}{unit}", f.fmt(p.value)),
    }
}

/// A value with the owner's confidence next to it, when there is one.
fn with_confidence(value: String, confidence: Option<f64>) -> String {
    match confidence {
        Some(c) => format!("{value} · confidence {}", fmt_num(c)),
        None => value,
    }
}

fn format_pct(f: f64) -> String {
    format!("{:.0}%", f * 100.0)
}

fn week_cells(k: &KrReport<'_>) -> Vec<WeekCell> {
    k.weeks
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let (class, word) = match (w.expected, w.met, w.complete) {
                (None, _, _) => ("none", "not tracked yet"),
                (_, Some(true), _) => ("on_track", "met"),
                (_, _, false) => ("at_risk", "in progress"),
                _ => ("off_track", "missed"),
            };
            let exp = w.expected.map_or(String::new(), |e| format!(" of {}", fmt_num(e)));
            WeekCell {
                x: Px(i as f64 * 15.0),
                class,
                tip: format!("{} ({} to {}): +{}{exp}, {word}", w.week, w.from, w.to, fmt_num(w.increase)),
            }
        })
        .collect()
}

// -------------------------------------------------------------------- body

/// Whether a link target is safe to keep: http(s), mailto, or relative.
/// Browsers ignore tabs and line breaks inside a URL scheme, so they are
/// removed before looking.
pub fn safe_url(url: &str) -> bool {
    let clean: String =
        url.chars().filter(|c| !c.is_ascii_whitespace() && !c.is_control()).collect::<String>().to_ascii_lowercase();
    match clean.find([':', '/', '?', '#']) {
        Some(i) if clean.as_bytes()[i] == b':' => matches!(&clean[..i], "http" | "https" | "mailto"),
        _ => true,
    }
}

/// An objective's Markdown body as HTML that cannot run script: raw HTML is
/// shown as text, links other than http(s), mailto and relative ones lose
/// their target, images become links (nothing is loaded), the heading that
/// gave the title is left out and the others are moved two levels down (the
/// body sits under the page's `<h2>`).
pub fn markdown_html(body: &str, title: &str) -> String {
    markdown_html_shifted(body, title, 2)
}

/// A heading level moved down by `by` levels (up when negative), kept within
/// `<h1>`..`<h6>`.
fn shift_level(level: pulldown_cmark::HeadingLevel, by: i8) -> pulldown_cmark::HeadingLevel {
    use pulldown_cmark::HeadingLevel::*;
    let n = (level as i8 + by).clamp(1, 6);
    [H1, H2, H3, H4, H5, H6][(n - 1) as usize]
}

/// Markdown okr wrote itself (the retro) rendered one section at a time:
/// every line starting with `#` is a heading that nothing before it
/// continues, so the HTML is that of [`markdown_html_shifted`] on the whole
/// text, while the parser holds only one section (a quarter of thousands of
/// KRs makes a retro of many megabytes).
fn markdown_sections_html(md: &str, by: i8) -> String {
    let mut html = String::new();
    for_each_section(md, |section| html.push_str(&markdown_html_shifted(section, "", by)));
    html
}

/// Calls `f` with each section of `md`: the text up to each line that
/// starts with `#`, and the rest.
fn for_each_section(md: &str, mut f: impl FnMut(&str)) {
    let mut start = 0;
    for (i, _) in md.match_indices("\n#") {
        f(&md[start..=i]);
        start = i + 1;
    }
    f(&md[start..]);
}

/// [`markdown_html`] with the body's headings moved down by `by` levels; the
/// title heading is the first heading that lands at level `1 + by`.
fn markdown_html_shifted(body: &str, title: &str, by: i8) -> String {
    use pulldown_cmark::{Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};
    let opts = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
    // Events ready to be written: the HTML writer pulls them one at a time,
    // so a long document is never held as a list of events.
    let mut out: VecDeque<Event<'_>> = VecDeque::new();
    let mut title_done = false;
    // Inside a level-1 heading: its events, held until we know whether it is the title.
    let mut held: Option<Vec<Event<'_>>> = None;
    // For each open link or image: whether its start was kept.
    let mut links: Vec<bool> = Vec::new();
    let mut parser = Parser::new_ext(body, opts);
    let events = std::iter::from_fn(move || loop {
        if let Some(ev) = out.pop_front() {
            return Some(ev);
        }
        let Some(ev) = parser.next() else {
            // An unfinished title heading at the end is kept as it is.
            out.extend(held.take()?);
            continue;
        };
        let ev = match ev {
            // A line break inside a table cell is the one tag let through.
            Event::InlineHtml(h) if matches!(h.trim(), "<br>" | "<br/>" | "<br />") => Event::HardBreak,
            Event::Html(h) | Event::InlineHtml(h) => Event::Text(h),
            Event::Start(Tag::Heading { level, id: _, classes: _, attrs: _ }) => {
                let is_top = level == HeadingLevel::H1;
                let level = shift_level(level, by);
                let start = Event::Start(Tag::Heading { level, id: None, classes: Vec::new(), attrs: Vec::new() });
                if is_top && !title_done {
                    held = Some(vec![start]);
                    continue;
                }
                start
            }
            Event::End(TagEnd::Heading(level)) => {
                let level = shift_level(level, by);
                if let Some(mut h) = held.take() {
                    title_done = true;
                    let text: String = h
                        .iter()
                        .filter_map(|e| match e {
                            Event::Text(t) | Event::Code(t) => Some(t.to_string()),
                            _ => None,
                        })
                        .collect();
                    if text.trim() != title.trim() {
                        h.push(Event::End(TagEnd::Heading(level)));
                        out.extend(h);
                    }
                    continue;
                }
                Event::End(TagEnd::Heading(level))
            }
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                let keep = safe_url(&dest_url);
                links.push(keep);
                if !keep {
                    continue;
                }
                Event::Start(Tag::Link { link_type, dest_url, title, id })
            }
            Event::Start(Tag::Image { dest_url, title, id, .. }) => {
                let keep = safe_url(&dest_url);
                links.push(keep);
                if !keep {
                    continue;
                }
                Event::Start(Tag::Link { link_type: LinkType::Inline, dest_url, title, id })
            }
            Event::End(TagEnd::Link | TagEnd::Image) => {
                if !links.pop().unwrap_or(false) {
                    continue;
                }
                Event::End(TagEnd::Link)
            }
            other => other,
        };
        match held.as_mut() {
            Some(h) => h.push(ev),
            None => return Some(ev),
        }
    });
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events);
    html
}

// ------------------------------------------------------------------- pages

/// Above this many objectives, the overview, metric map, metric tree and
/// findings are split into one page per team (the global pages link to them).
pub const ONE_PAGE_LIMIT: usize = 150;
/// Above this many findings, findings.html lists counts, and the team pages the findings.
pub const FINDINGS_LIMIT: usize = 300;

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
    large: bool,
    version: String,
    source: String,
}

impl Ctx<'_, '_> {
    fn frame(&self, title: String, path: &str, current: &str) -> Frame {
        let root = root_of(path);
        let nav = [
            ("index.html", "Overview"),
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

    /// Link from a page at `from` to objective `o` (and a KR anchor).
    fn href(&self, from: &str, o: usize, kr: Option<&str>) -> String {
        let anchor = kr.map(|k| format!("#kr-{}", slug(k))).unwrap_or_default();
        format!("{}{}{anchor}", root_of(from), self.paths[o])
    }

    fn kr_link(&self, from: &str, k: usize) -> KrLink {
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

    fn finding_row(&self, from: &str, i: usize) -> FindingRow {
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
                    Some(k) => format!("{}#{k}", self.r.trees.objectives[o].objective.id),
                    None => self.r.trees.objectives[o].objective.id.clone(),
                };
                (self.href(from, o, f.kr.as_deref()), text)
            }),
        }
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
/// metrics, findings, the retro page and its Markdown, then one page per
/// team and one per objective.
pub struct Site<'r, 'a> {
    cx: Ctx<'r, 'a>,
    retro_markdown: &'r str,
    markdown_file: String,
}

/// The pages before the team pages.
const FIXED_PAGES: usize = 6;

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
            large: r.objectives.len() > ONE_PAGE_LIMIT,
            version: version.to_string(),
            source: source.to_string(),
        };
        Site { cx, retro_markdown, markdown_file: format!("retro-{}.md", r.quarter) }
    }

    /// How many pages there are.
    pub fn len(&self) -> usize {
        FIXED_PAGES + self.cx.r.teams.len() + self.cx.r.objectives.len()
    }

    /// Whether there are no pages (never: the fixed pages are always there).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Page `k`'s path in the site, without rendering it.
    pub fn path(&self, k: usize) -> &str {
        let teams = self.cx.r.teams.len();
        match k {
            0 => "index.html",
            1 => "trees.html",
            2 => "metrics.html",
            3 => "findings.html",
            4 => "retro.html",
            5 => &self.markdown_file,
            k if k < FIXED_PAGES + teams => &self.cx.team_paths[k - FIXED_PAGES],
            k => &self.cx.paths[k - FIXED_PAGES - teams],
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
                let frame = RetroPage {
                    page: self.cx.frame(format!("Retro {}", self.cx.r.quarter), "retro.html", "retro.html"),
                    body: BODY.to_string(),
                    markdown_file: self.markdown_file.clone(),
                }
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
        let html = match k {
            0 => index(cx)?.render()?,
            1 => trees(cx).render()?,
            2 => metrics(cx).render()?,
            3 => findings(cx).render()?,
            4 => RetroPage {
                page: cx.frame(format!("Retro {}", r.quarter), "retro.html", "retro.html"),
                // The Markdown's own `## Retro ...` heading is the page's
                // <h1>; its sections (`###`) become <h2>.
                body: markdown_sections_html(self.retro_markdown, -1),
                markdown_file: self.markdown_file.clone(),
            }
            .render()?,
            5 => format!("{}{}", self.markdown_head(), self.retro_markdown),
            k if k < FIXED_PAGES + teams => team(cx, k - FIXED_PAGES).render()?,
            k => objective(cx, k - FIXED_PAGES - teams).render()?,
        };
        Ok(Page { path: self.path(k).to_string(), html })
    }
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

fn index(cx: &Ctx<'_, '_>) -> Result<IndexPage, askama::Error> {
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

fn team(cx: &Ctx<'_, '_>, t: usize) -> TeamPage {
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

fn objective(cx: &Ctx<'_, '_>, i: usize) -> ObjectivePage {
    let r = cx.r;
    let path = cx.paths[i].as_str();
    let n = &r.trees.objectives[i];
    let o = n.objective;
    let rep = &r.objectives[i];
    let parent = rep.parent.as_ref().map(|p| {
        let status = p.objective.map(|j| r.trees.objectives[j].score.status);
        LinkView {
            href: p.objective.map(|j| cx.href(path, j, p.reference.split_once('#').map(|(_, k)| k))),
            text: p.kr_title.clone().or_else(|| p.title.clone()).unwrap_or_else(|| p.reference.clone()),
            detail: p.reference.clone(),
            status: status_view(status.flatten(), "not scored"),
        }
    });
    let children = rep
        .children
        .iter()
        .map(|&c| {
            let cn = &r.trees.objectives[c];
            LinkView {
                href: Some(cx.href(path, c, None)),
                text: cn.objective.title.clone(),
                detail: format!("{} · {}", cn.objective.team, score_text(cn.score.score)),
                status: status_view(cn.score.status, "not scored"),
            }
        })
        .collect();
    let card = |k: usize| -> KrCard {
        let kr = &r.krs[k];
        let u = unit(kr.kr);
        let f = NumFormat::of_kr(kr.kr);
        let num = |v: f64| f.fmt(v);
        let mut facts: Vec<(String, String)> = Vec::new();
        if let Some(ow) = &kr.kr.owner {
            facts.push(("Owner".into(), ow.clone()));
        }
        if let Some(c) = kr.kr.cadence {
            facts.push(("Cadence".into(), c.to_string()));
        }
        if let Some(w) = kr.kr.weekly_target {
            facts.push(("Weekly target".into(), format!("{}{u}", num(w))));
        }
        if let Some(p) = kr.projected {
            facts.push(("Projected".into(), format!("{}{u} at quarter end", num(p))));
        }
        if let Some(d) = &kr.done {
            facts.push(("Done".into(), format!("{} by {} · {}", date_of(d.time), d.author, short(d.commit))));
        }
        if let Some(t) = kr.updated {
            facts.push(("Updated".into(), date_of(t)));
        }
        if let Some(q) = &kr.kr.quality_gate {
            facts.push(("Quality gate".into(), q.clone()));
        }
        let mut links = Vec::new();
        for &d in &kr.drives {
            let l = cx.kr_link(path, d);
            links.push(("Drives".to_string(), (!l.href.is_empty()).then_some(l.href), l.title));
        }
        for &d in &kr.driven_by {
            let l = cx.kr_link(path, d);
            links.push(("Driven by".to_string(), (!l.href.is_empty()).then_some(l.href), l.title));
        }
        let anchor = format!("kr-{}", slug(&kr.kr.id));
        let (chart, no_chart) = match &kr.chart {
            Some(c) => (
                Some(chart_svg(&format!("c-{}", slug(&kr.kr.id)), c, kr.kr, &kr.kr.title, r.quarter, r.fy, r.as_of, r.expected)),
                None,
            ),
            None => (
                None,
                Some("No trajectory: the git history was not read (--no-history, not a git repository, or a shallow clone).".to_string()),
            ),
        };
        KrCard {
            anchor,
            title: kr.kr.title.clone(),
            layer: kr.kr.layer.as_str(),
            value: card_value(kr),
            confidence: kr.kr.confidence.map(fmt_num),
            score: score_text(kr.score.score),
            status: status_view(kr.score.status, kr.score.no_status()),
            facts,
            links,
            dial: (kr.kr.layer == Layer::Input).then(|| dial(kr, r.has_history)),
            gauge: (kr.kr.layer == Layer::Leading).then(|| gauge(kr, r.expected)),
            dest: (kr.kr.layer == Layer::Output).then(|| dest(kr, r.expected)),
            weeks: week_cells(kr),
            chart,
            no_chart,
        }
    };
    let of_layer = |l: Layer| rep.krs.iter().copied().filter(|&k| r.krs[k].kr.layer == l).map(card).collect::<Vec<_>>();
    let week = week_label(r.week);
    let layers = vec![
        LayerView {
            id: "inputs",
            heading: if r.as_of > r.quarter.last_day(r.fy) {
                format!("Inputs · the quarter's last week ({week})")
            } else {
                format!("Inputs · this week ({week})")
            },
            intro: "The dials: what the team controls, against its weekly target.",
            cards: of_layer(Layer::Input),
        },
        LayerView {
            id: "leading",
            heading: "Leading indicators".into(),
            intro: "The gauges: early signs that the inputs are working.",
            cards: of_layer(Layer::Leading),
        },
        LayerView {
            id: "outputs",
            heading: "Outputs".into(),
            intro: "The destination: the lagging results the quarter is judged on.",
            cards: of_layer(Layer::Output),
        },
    ];
    let committed = o.commitment == crate::core::model::Commitment::Committed;
    ObjectivePage {
        page: cx.frame(o.title.clone(), path, ""),
        title: o.title.clone(),
        reference: o.reference(),
        team: o.team.clone(),
        owner: o.owner.clone().unwrap_or_else(|| "no owner".into()),
        kind: o.kind.as_str().to_string(),
        commitment: o.commitment.as_str().to_string(),
        committed_miss: committed && matches!(n.score.status, Some(Status::AtRisk | Status::OffTrack)),
        file: o.file.clone(),
        score: score_text(n.score.score),
        pct: Px(n.score.score.unwrap_or(0.0).clamp(0.0, 1.0) * 100.0),
        pace: format!("{:.2}", n.score.expected),
        status: status_view(n.score.status, "not scored"),
        parent,
        children,
        layers,
        body: markdown_html(&o.body, &o.title),
        findings: rep.findings.iter().map(|&f| cx.finding_row(path, f)).collect(),
    }
}

fn week_label(w: Week) -> String {
    format!("{w}, {} to {}", month_day(w.monday()), month_day(w.sunday()))
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
                RootKind::ParentElsewhere(_) => Some("Parent in another quarter"),
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
    }
}

fn trees(cx: &Ctx<'_, '_>) -> TreesPage {
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

fn metrics(cx: &Ctx<'_, '_>) -> MetricsPage {
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

fn findings(cx: &Ctx<'_, '_>) -> FindingsPage {
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

#[cfg(test)]
mod tests;
