//! The SVG geometry of the report: each KR's trajectory chart (the value
//! in force as a step line, the target line, the linear pace, axes with
//! round ticks), an input's dial, a leading indicator's gauge, an output's
//! destination bar and the weekly attainment cells. Numbers in, coordinates
//! and texts out; the templates draw them.

use super::{date_of, month_day, score_text, short};
use crate::core::model::{KeyResult, Layer};
use crate::core::quarter::Quarter;
use crate::core::score::{fmt_num, NumFormat, Status};
use crate::render::status::unit;
use crate::views::report::{Chart, KrReport};
use std::fmt;

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

/// An input metric's dial: this week's attainment on a 270° arc.
pub(super) struct Dial {
    pub(super) track: String,
    pub(super) arc: Option<String>,
    pub(super) class: &'static str,
    pub(super) big: String,
    pub(super) caption: String,
    pub(super) label: String,
}

/// A leading indicator's gauge: progress on a half circle, pace as a tick.
pub(super) struct Gauge {
    pub(super) track: String,
    pub(super) arc: Option<String>,
    pub(super) tick: (Px, Px, Px, Px),
    pub(super) big: String,
    pub(super) label: String,
}

/// An output's destination bar: from baseline to target, pace as a tick.
pub(super) struct Dest {
    pub(super) pct: Px,
    pub(super) pace: Px,
    pub(super) from: String,
    pub(super) to: String,
    pub(super) label: String,
}

pub(super) struct WeekCell {
    pub(super) x: Px,
    pub(super) class: &'static str,
    pub(super) tip: String,
}

pub(super) struct Tick {
    pub(super) pos: Px,
    pub(super) label: String,
}

pub(super) struct Dot {
    pub(super) x: Px,
    pub(super) y: Px,
    pub(super) tip: String,
    pub(super) carried: bool,
}

/// The target in force over the quarter: a level line, or a step at each
/// commit that moved it.
pub(super) struct TargetLine {
    pub(super) d: String,
    /// Where the line ends, for its label.
    pub(super) y: Px,
    pub(super) label: String,
    /// "Target moved: ..." when it did.
    pub(super) moved: Option<String>,
}

pub(super) struct ChartSvg {
    pub(super) id: String,
    pub(super) title: String,
    pub(super) desc: String,
    pub(super) left: Px,
    pub(super) right: Px,
    pub(super) top: Px,
    pub(super) bottom: Px,
    pub(super) x_ticks: Vec<Tick>,
    pub(super) y_ticks: Vec<Tick>,
    pub(super) target: Option<TargetLine>,
    pub(super) pace: Option<(Px, Px, Px, Px)>,
    pub(super) actual: String,
    pub(super) dots: Vec<Dot>,
    pub(super) as_of: Option<Px>,
    pub(super) rows: Vec<[String; 5]>,
}

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
pub(super) const PLOT_L: f64 = 52.0;
pub(super) const PLOT_R: f64 = CHART_W - 76.0;
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

/// Where a time and a value land in the plot.
struct Scale {
    /// The quarter's start and end (seconds), left to right.
    t0: f64,
    t1: f64,
    /// The plot's left and right edges.
    left: f64,
    right: f64,
    /// The value axis's domain, bottom to top.
    y0: f64,
    y1: f64,
}

impl Scale {
    fn x(&self, t: i64) -> f64 {
        self.left + ((t as f64 - self.t0) / (self.t1 - self.t0)).clamp(0.0, 1.0) * (self.right - self.left)
    }

    fn y(&self, v: f64) -> f64 {
        PLOT_B - ((v - self.y0) / (self.y1 - self.y0)).clamp(0.0, 1.0) * (PLOT_B - PLOT_T)
    }
}

/// A KR's trajectory: the value in force over the quarter, its target and
/// the linear pace, with a text description and the check-ins as a table.
#[allow(clippy::too_many_arguments)]
pub(super) fn chart_svg(
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
    let steps = target_steps(c, kr);
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
    let s = Scale { t0: c.start as f64, t1: c.end as f64, left: plot_l, right: plot_r, y0, y1 };

    let y_ticks =
        yt.into_iter().map(|(v, label)| Tick { pos: Px(s.y(v)), label: format!("{label}{tick_unit}") }).collect();
    let dots = dots(c, &s, quarter, fy, &u, f);
    let target = c.target.map(|t| target_line(&steps, t, target_label.clone().unwrap_or_default(), &s, &u, f));
    let pace = match (c.baseline, c.target) {
        (Some(b), Some(t)) => Some((Px(plot_l), Px(s.y(b)), Px(plot_r), Px(s.y(t)))),
        _ => None,
    };
    let as_of_x = (c.as_of > c.start && c.as_of < c.end).then(|| Px(s.x(c.as_of)));
    ChartSvg {
        id: id.to_string(),
        title: format!("Trajectory: {title}"),
        desc: describe(c, target.as_ref(), &u, f, as_of, expected),
        left: Px(plot_l),
        right: Px(plot_r),
        top: Px(PLOT_T),
        bottom: Px(PLOT_B),
        x_ticks: month_ticks(quarter, fy, &s),
        y_ticks,
        target,
        pace,
        actual: step_path(c, &s),
        dots,
        as_of: as_of_x,
        rows: check_in_rows(c, &u, f),
    }
}

/// A dot per check-in, with its tooltip.
fn dots(c: &Chart, s: &Scale, quarter: Quarter, fy: u8, u: &str, f: NumFormat) -> Vec<Dot> {
    c.points
        .iter()
        .map(|p| {
            let when = if p.carried {
                format!("in force on {} (set {})", quarter.start(fy), date_of(p.time))
            } else {
                date_of(p.time)
            };
            Dot {
                x: Px(s.x(p.landed)),
                y: Px(s.y(p.value)),
                tip: format!("{} · {when} · {} · {}\n{}", point_value(p, u, f), p.author, short(p.commit), p.summary),
                carried: p.carried,
            }
        })
        .collect()
}

/// The check-ins as table rows (date, value, author, commit, summary), the
/// chart's text alternative.
fn check_in_rows(c: &Chart, u: &str, f: NumFormat) -> Vec<[String; 5]> {
    c.points
        .iter()
        .map(|p| {
            [
                if p.carried { format!("{} (before the quarter)", date_of(p.time)) } else { date_of(p.time) },
                with_confidence(point_value(p, u, f), p.confidence),
                p.author.to_string(),
                short(p.commit).to_string(),
                p.summary.to_string(),
            ]
        })
        .collect()
}

/// The targets in force, when the chart's KR has a `target` of its own (an
/// input's comes from `weekly_target`): (landed, target) where it changed.
fn target_steps(c: &Chart, kr: &KeyResult) -> Vec<(i64, f64)> {
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
    steps
}

/// The x axis: the first day of each month of the quarter, and its last day.
fn month_ticks(quarter: Quarter, fy: u8, s: &Scale) -> Vec<Tick> {
    let mut ticks = Vec::new();
    let mut d = quarter.start(fy);
    while d < quarter.next().start(fy) {
        ticks.push(Tick { pos: Px(s.x(crate::history::day_start(d))), label: month_day(d) });
        d = d.checked_add(jiff::Span::new().months(1)).unwrap_or(jiff::civil::Date::MAX);
    }
    let last = quarter.last_day(fy);
    ticks.push(Tick { pos: Px(s.right), label: month_day(last) });
    ticks
}

/// The value in force as a path: a step, it holds until the next check-in,
/// and the last one until the as-of day.
fn step_path(c: &Chart, s: &Scale) -> String {
    let mut path = String::new();
    for (i, p) in c.points.iter().enumerate() {
        let (px, py) = (Px(s.x(p.landed)), Px(s.y(p.value)));
        if i == 0 {
            path.push_str(&format!("M{px} {py}"));
        } else {
            path.push_str(&format!("H{px}V{py}"));
        }
    }
    let until = c.as_of.min(c.end);
    if let Some(p) = c.points.last() {
        if until > p.landed {
            path.push_str(&format!("H{}", Px(s.x(until))));
        }
    }
    path
}

/// The target line at `t`: level across the plot, or stepping at each of
/// `steps` when the target moved (then it says so).
fn target_line(steps: &[(i64, f64)], t: f64, label: String, s: &Scale, u: &str, f: NumFormat) -> TargetLine {
    if steps.len() < 2 {
        return TargetLine {
            d: format!("M{} {}H{}", Px(s.left), Px(s.y(t)), Px(s.right)),
            y: Px(s.y(t)),
            label,
            moved: None,
        };
    }
    let mut d = format!("M{} {}", Px(s.x(steps[0].0)), Px(s.y(steps[0].1)));
    for &(when, v) in &steps[1..] {
        d.push_str(&format!("H{}V{}", Px(s.x(when)), Px(s.y(v))));
    }
    d.push_str(&format!("H{}", Px(s.right)));
    let history = steps
        .iter()
        .enumerate()
        .map(|(i, &(when, v))| {
            let v = format!("{}{u}", f.fmt(v));
            if i == 0 {
                v
            } else {
                format!("{v} from {}", date_of(when))
            }
        })
        .collect::<Vec<_>>()
        .join(", then ");
    TargetLine { d, y: Px(s.y(t)), label, moved: Some(format!("The target moved: {history}.")) }
}

/// The chart in words, for screen readers: the check-ins, the target (or
/// how it moved) and the linear pace on the as-of day.
fn describe(
    c: &Chart,
    target: Option<&TargetLine>,
    u: &str,
    f: NumFormat,
    as_of: jiff::civil::Date,
    expected: f64,
) -> String {
    let num = |v: f64| f.fmt(v);
    let mut desc = match (c.points.first(), c.points.last()) {
        (Some(a), Some(b)) if c.points.len() > 1 => format!(
            "{} check-ins: {} at the start, {} on {} (the latest).",
            c.points.len(),
            point_value(a, u, f),
            point_value(b, u, f),
            date_of(b.time)
        ),
        (Some(a), _) => format!("One check-in: {} on {}.", point_value(a, u, f), date_of(a.time)),
        _ => "No check-ins yet.".to_string(),
    };
    match target.and_then(|t| t.moved.as_deref()) {
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
    desc
}

/// An SVG arc path on a circle around (cx, cy), clockwise from `a0` to `a1`
/// degrees (0° points right, angles grow clockwise as y points down).
pub(super) fn arc(cx: f64, cy: f64, r: f64, a0: f64, a1: f64) -> String {
    let p = |a: f64| (cx + r * a.to_radians().cos(), cy + r * a.to_radians().sin());
    let (s, e) = (p(a0), p(a1));
    let large = u8::from(a1 - a0 > 180.0);
    format!("M{} {}A{r} {r} 0 {large} 1 {} {}", Px(s.0), Px(s.1), Px(e.0), Px(e.1))
}

pub(super) fn dial(k: &KrReport<'_>, has_history: bool) -> Dial {
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

pub(super) fn gauge(k: &KrReport<'_>, expected: f64) -> Gauge {
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

pub(super) fn dest(k: &KrReport<'_>, expected: f64) -> Dest {
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

pub(super) fn week_cells(k: &KrReport<'_>) -> Vec<WeekCell> {
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
