//! `okr trend`: per-KR series as a terminal chart, JSON, CSV or Markdown
//! (a Mermaid chart and a table of check-ins per KR).

use super::{num, rfc3339, to_json, Num};
use crate::core::score::{fmt_num, NumFormat};
use crate::core::style::{paint, BOLD, CYAN, DIM, GREEN, YELLOW};
use crate::history::{History, Point};

/// One number format for a KR's check-ins, so that its values read alike
/// (see [`NumFormat`]).
fn series_format(s: &SeriesView<'_>) -> NumFormat {
    NumFormat::of(s.points.iter().flat_map(|p| [p.values.current, p.values.target, p.values.baseline]))
}
use serde::Serialize;
use std::fmt::Write as _;

/// One KR's series as shown.
pub struct SeriesView<'a> {
    pub reference: String,
    pub title: Option<&'a str>,
    pub unit: Option<&'a str>,
    pub points: Vec<&'a Point>,
    /// The quarter's first and last instant (seconds), for the pace line.
    pub span: Option<(i64, i64)>,
}

#[derive(Serialize)]
struct JsonPoint<'a> {
    time: String,
    commit: &'a str,
    author: &'a str,
    current: Option<Num>,
    target: Option<Num>,
    baseline: Option<Num>,
    /// The owner's confidence at this check-in (SPEC §8).
    confidence: Option<Num>,
    /// A milestone's `done` (`null` for a KR that is not one).
    done: Option<bool>,
    /// The commit message's first line (SPEC §8).
    note: &'a str,
}

#[derive(Serialize)]
struct JsonSeries<'a> {
    #[serde(rename = "ref")]
    reference: &'a str,
    points: JsonPoints<'a>,
}

/// A series' points, each made as it is written (a long history has
/// hundreds of thousands of them).
struct JsonPoints<'a> {
    history: &'a History,
    points: &'a [&'a Point],
}

impl Serialize for JsonPoints<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.points.iter().map(|p| {
            let c = &self.history.commits[p.commit];
            JsonPoint {
                time: rfc3339(c.time),
                commit: &c.id,
                author: &c.author,
                current: num(p.values.current),
                target: num(p.values.target),
                baseline: num(p.values.baseline),
                confidence: num(p.values.confidence),
                done: p.values.done,
                note: c.message.lines().next().unwrap_or("").trim_end(),
            }
        }))
    }
}

#[derive(Serialize)]
struct JsonReport<'a> {
    series: Vec<JsonSeries<'a>>,
}

pub fn json(h: &History, series: &[SeriesView<'_>]) -> String {
    let series = series
        .iter()
        .map(|s| JsonSeries { reference: &s.reference, points: JsonPoints { history: h, points: &s.points } })
        .collect();
    to_json(&JsonReport { series })
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

pub fn csv(h: &History, series: &[SeriesView<'_>]) -> String {
    let mut out = String::from("ref,time,commit,author,current,target,baseline,confidence,done\n");
    let n = |v: Option<f64>| v.map(|v| v.to_string()).unwrap_or_default();
    for s in series {
        for p in &s.points {
            let c = &h.commits[p.commit];
            out.push_str(&format!(
                "{},{},{},{},{},{},{},{},{}\n",
                csv_field(&s.reference),
                rfc3339(c.time),
                c.id,
                csv_field(&c.author),
                n(p.values.current),
                n(p.values.target),
                n(p.values.baseline),
                n(p.values.confidence),
                p.values.done.map(|d| d.to_string()).unwrap_or_default()
            ));
        }
    }
    out
}

/// A series per day for a Mermaid chart: the day's last value and target,
/// and the linear pace over the quarter when it is known.
fn daily(h: &History, s: &SeriesView<'_>) -> crate::views::pr::Chart {
    let (points, targets) = crate::views::pr::by_day(
        s.points.iter().filter_map(|p| Some((h.commits[p.commit].time, p.values.current?, p.values.target))),
    );
    let last = s.points.last().map(|p| p.values).unwrap_or_default();
    let pace = match (last.baseline, last.target, s.span) {
        (Some(b), Some(t), Some((t0, t1))) => points
            .iter()
            .map(|(d, _)| {
                let f = (crate::history::day_start(*d) - t0) as f64 / (t1 - t0 + 86_400) as f64;
                b + (t - b) * f.clamp(0.0, 1.0)
            })
            .collect(),
        _ => Vec::new(),
    };
    crate::views::pr::Chart {
        kr_ref: s.reference.clone(),
        title: s.title.unwrap_or(&s.reference).to_string(),
        unit: s.unit.map(str::to_string),
        points,
        target: last.target,
        targets,
        pace,
    }
}

/// Markdown for an issue, a pull request or a wiki page: per KR a heading,
/// its trajectory as a Mermaid chart (two check-in days or more), and a table
/// of its check-ins.
pub fn markdown(h: &History, series: &[SeriesView<'_>]) -> String {
    use crate::render::md_escape;
    use crate::render::pr::code;
    let mut out = String::from("## OKR trend\n");
    if series.is_empty() {
        out.push_str("\nNo key results with history match.\n");
        return out;
    }
    for s in series {
        let _ = write!(out, "\n### {}", code(&s.reference));
        if let Some(t) = s.title {
            let _ = write!(out, " {}", md_escape(t));
        }
        out.push_str("\n\n");
        let chart = daily(h, s);
        if chart.points.len() >= 2 {
            crate::render::pr::mermaid_chart(&mut out, &chart);
        }
        if s.points.is_empty() {
            out.push_str("No check-ins in this period.\n");
            continue;
        }
        let unit = crate::render::status::unit_suffix(s.unit);
        let f = series_format(s);
        let v = |x: Option<f64>| x.map_or("–".to_string(), |x| format!("{}{unit}", f.fmt(x)));
        out.push_str("| Date | Value | Target | Author | Commit | Message |\n|---|---:|---:|---|---|---|\n");
        for p in &s.points {
            let c = &h.commits[p.commit];
            // A milestone's value is done or not; confidence goes next to the value.
            let value = match p.values.done {
                Some(done) if p.values.current.is_none() => (if done { "done" } else { "not done" }).to_string(),
                _ => v(p.values.current),
            };
            let value = match p.values.confidence {
                Some(conf) => format!("{value} · confidence {}", fmt_num(conf)),
                None => value,
            };
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} |",
                &rfc3339(c.time)[..10],
                md_escape(&value),
                md_escape(&v(p.values.target)),
                md_escape(&c.author),
                code(crate::history::short_id(&c.id)),
                md_escape(c.message.lines().next().unwrap_or_default())
            );
        }
    }
    out
}

const WIDTH: usize = 48;
const HEIGHT: usize = 8;

// Long: one text chart on one grid: the pace, the target, the steps and the dots are drawn into it with the same `col` and `row` scales.
/// A small chart: actual values (`●` at check-ins, `─` between), the target
/// in force (`┈`, stepping where a commit moved it) and the linear pace from
/// baseline to the latest target over the quarter (`·`).
pub fn chart(h: &History, s: &SeriesView<'_>) -> Vec<String> {
    let pts: Vec<(i64, f64)> =
        s.points.iter().filter_map(|p| p.values.current.map(|v| (h.commits[p.commit].time, v))).collect();
    let last = s.points.last().map(|p| p.values).unwrap_or_default();
    let (t0, t1) = s.span.unwrap_or_else(|| (pts.first().map_or(0, |p| p.0), pts.last().map_or(1, |p| p.0)));
    let t1 = t1.max(t0 + 1);
    // The target in force over time: (time, target) at every check-in that has one.
    let targets: Vec<(i64, f64)> =
        s.points.iter().filter_map(|p| p.values.target.map(|t| (h.commits[p.commit].time, t))).collect();
    let mut values: Vec<f64> = pts.iter().map(|p| p.1).collect();
    values.extend(targets.iter().map(|t| t.1));
    values.extend(last.target);
    values.extend(last.baseline);
    if values.is_empty() {
        return vec!["(no values)".into()];
    }
    let (mut lo, mut hi) = values.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &v| (a.min(v), b.max(v)));
    if hi == lo {
        hi += 1.0;
        lo -= 1.0;
    }
    let col = |t: i64| {
        (((t - t0) as f64 / (t1 - t0) as f64) * (WIDTH - 1) as f64).round().clamp(0.0, (WIDTH - 1) as f64) as usize
    };
    let row = |v: f64| ((hi - v) / (hi - lo) * (HEIGHT - 1) as f64).round().clamp(0.0, (HEIGHT - 1) as f64) as usize;
    let mut grid = vec![vec![(' ', 0u8); WIDTH]; HEIGHT];
    if let (Some(b), Some(t), Some(_)) = (last.baseline, last.target, s.span) {
        let rows: Vec<usize> = (0..WIDTH).map(|x| row(b + (t - b) * x as f64 / (WIDTH - 1) as f64)).collect();
        for (x, r) in rows.into_iter().enumerate() {
            grid[r][x] = ('·', 1);
        }
    }
    // Level, or stepping at the columns where a commit moved it; before the
    // first check-in, the first target.
    if !targets.is_empty() {
        let mut next = 0;
        let rows: Vec<usize> = (0..WIDTH)
            .map(|x| {
                while next + 1 < targets.len() && col(targets[next + 1].0) <= x {
                    next += 1;
                }
                row(targets[next].1)
            })
            .collect();
        for (x, r) in rows.into_iter().enumerate() {
            if grid[r][x].0 == ' ' {
                grid[r][x] = ('┈', 2);
            }
        }
    }
    for w in pts.windows(2) {
        let (c0, c1) = (col(w[0].0), col(w[1].0));
        let r = row(w[0].1);
        for cell in grid[r].iter_mut().take(c1).skip(c0) {
            *cell = ('─', 3);
        }
    }
    for &(t, v) in &pts {
        grid[row(v)][col(t)] = ('●', 3);
    }
    let label_w = [fmt_num(hi), fmt_num(lo)].iter().map(String::len).max().unwrap_or(1);
    grid.iter()
        .enumerate()
        .map(|(i, cells)| {
            let label = if i == 0 {
                fmt_num(hi)
            } else if i == HEIGHT - 1 {
                fmt_num(lo)
            } else {
                String::new()
            };
            let line: String = cells
                .iter()
                .map(|&(c, kind)| match kind {
                    1 => paint(DIM, &c.to_string()),
                    2 => paint(YELLOW, &c.to_string()),
                    3 => paint(GREEN.bold(), &c.to_string()),
                    _ => c.to_string(),
                })
                .collect();
            format!("  {label:>label_w$} │{line}")
        })
        .collect()
}

pub fn text(h: &History, series: &[SeriesView<'_>]) -> String {
    if series.is_empty() {
        return "No key results with history match.\n".into();
    }
    let mut out = String::new();
    for s in series {
        out.push_str(&paint(CYAN.bold(), &s.reference));
        if let Some(t) = s.title {
            out.push_str(&format!("  {}", paint(BOLD, t)));
        }
        out.push('\n');
        // A milestone is done or not: its check-ins say which, no chart.
        let milestone = s.points.iter().all(|p| p.values.current.is_none() && p.values.baseline.is_none())
            && s.points.iter().any(|p| p.values.done.is_some());
        if !milestone {
            for line in chart(h, s) {
                out.push_str(line.trim_end());
                out.push('\n');
            }
            out.push_str(&paint(DIM, "     ● check-in  ┈ target  · linear pace\n"));
        }
        let unit = crate::render::status::unit_suffix(s.unit);
        let f = series_format(s);
        for p in &s.points {
            let c = &h.commits[p.commit];
            let v = |x: Option<f64>| x.map_or("–".to_string(), |x| f.fmt(x));
            let summary = c.message.lines().next().unwrap_or_default();
            let value = match p.values.done {
                Some(done) if milestone => (if done { "done" } else { "not done" }).to_string(),
                _ => format!("{}{unit} (target {}{unit})", v(p.values.current), v(p.values.target)),
            };
            let confidence = p.values.confidence.map_or(String::new(), |c| format!("  confidence {}", fmt_num(c)));
            out.push_str(&format!(
                "     {}  {value}{confidence}  {}  {}  {}\n",
                &rfc3339(c.time)[..10],
                paint(DIM, crate::history::short_id(&c.id)),
                c.author,
                paint(DIM, summary)
            ));
        }
        out.push('\n');
    }
    out
}
