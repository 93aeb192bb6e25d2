//! Scoring (SPEC section 4): progress, score, expected pace and status.

use crate::core::model::{Direction, KeyResult, Layer, Objective};
use crate::core::refs::Period;
use jiff::civil::Date;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    OffTrack,
    AtRisk,
    OnTrack,
    Done,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Done => "done",
            Status::OnTrack => "on_track",
            Status::AtRisk => "at_risk",
            Status::OffTrack => "off_track",
        }
    }

    /// Words for people: `on track`.
    pub fn label(self) -> &'static str {
        match self {
            Status::Done => "done",
            Status::OnTrack => "on track",
            Status::AtRisk => "at risk",
            Status::OffTrack => "off track",
        }
    }

    /// The band a progress value falls in, given the expected pace.
    pub fn from_progress(p: f64, expected: f64) -> Status {
        if p >= 1.0 {
            Status::Done
        } else if p >= expected - 0.1 {
            Status::OnTrack
        } else if p >= expected - 0.25 {
            Status::AtRisk
        } else {
            Status::OffTrack
        }
    }
}

/// The values a KR is scored with, after defaults are applied.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Effective {
    pub baseline: Option<f64>,
    pub target: Option<f64>,
    pub current: Option<f64>,
    pub direction: Option<Direction>,
}

/// A KR's score.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct KrScore {
    pub values: Effective,
    /// Unclamped progress.
    pub progress: Option<f64>,
    /// Progress clamped to [0, 1].
    pub score: Option<f64>,
    pub expected: f64,
    pub status: Option<Status>,
    /// A value it is scored with (`baseline`, `target`, `current`,
    /// `weekly_target`, `done`) is written but cannot be read: the KR is
    /// unknown, not zero, so progress, score and status are `None`.
    pub unreadable: bool,
}

impl KrScore {
    /// What a reader sees where a status would be when there is none: the
    /// KR has no target, or a value cannot be read.
    pub fn no_status(&self) -> &'static str {
        if self.unreadable {
            "unreadable"
        } else {
            "no target"
        }
    }
}

/// An objective's score: the weighted mean of its scored KRs.
#[derive(Debug, Clone, PartialEq)]
pub struct ObjectiveScore {
    pub score: Option<f64>,
    pub expected: f64,
    pub status: Option<Status>,
    pub key_results: Vec<KrScore>,
}

/// Baseline, target, current and direction as scoring sees them: an input
/// KR without a baseline starts from 0 (other KRs without one are scored
/// from 0 too, but their baseline stays unknown: `no-baseline` warns); a KR with a `weekly_target` and no
/// `target` aims at `weekly_target` × weeks in the period; `current`
/// defaults to the baseline; the direction follows from baseline and target.
pub fn effective(kr: &KeyResult, weeks: f64) -> Effective {
    let baseline = kr.baseline.or((kr.layer == Layer::Input).then_some(0.0));
    let target = kr.target.or_else(|| kr.weekly_target.map(|w| baseline.unwrap_or(0.0) + w * weeks));
    let current = kr.current.or(baseline);
    let direction = kr.direction.or_else(|| match (baseline, target) {
        (b, Some(t)) => {
            let b = b.unwrap_or(0.0);
            if t > b {
                Some(Direction::Increase)
            } else if t < b {
                Some(Direction::Decrease)
            } else {
                None
            }
        }
        _ => None,
    });
    Effective { baseline, target, current, direction }
}

/// Scores one KR of an objective of `period` as of a date: pace and a
/// `weekly_target`'s weeks over the period's own days (SPEC §11).
pub fn score_kr(kr: &KeyResult, period: impl Into<Period>, as_of: Date, fy: u8) -> KrScore {
    let period = period.into();
    let expected = period.expected(as_of, fy);
    let mut values = effective(kr, period.weeks(fy));
    let none = KrScore { values, progress: None, score: None, expected, status: None, unreadable: false };
    let unreadable = ["baseline", "target", "current", "weekly_target", "done"];
    if unreadable.iter().any(|f| kr.unreadable.contains(f)) {
        // No default stands in for a value that was written: an unreadable
        // `current` is not the baseline, an unreadable `target` not 0.
        if kr.unreadable.contains("baseline") {
            values.baseline = None;
        }
        if kr.unreadable.contains("target") || kr.unreadable.contains("weekly_target") {
            values.target = None;
        }
        if kr.unreadable.contains("current") {
            values.current = None;
        }
        return KrScore { values, unreadable: true, ..none };
    }
    if let Some(done) = kr.done {
        let p = if done { 1.0 } else { 0.0 };
        return KrScore { progress: Some(p), score: Some(p), status: Some(Status::from_progress(p, expected)), ..none };
    }
    let Some(target) = values.target else {
        return none;
    };
    let current = values.current.unwrap_or(0.0);
    let baseline = values.baseline.unwrap_or(0.0);
    match values.direction {
        Some(Direction::AtLeast | Direction::AtMost) => {
            let met = if values.direction == Some(Direction::AtLeast) { current >= target } else { current <= target };
            let p = if met { 1.0 } else { 0.0 };
            KrScore {
                progress: Some(p),
                score: Some(p),
                status: Some(if met { Status::OnTrack } else { Status::OffTrack }),
                ..none
            }
        }
        Some(dir) => {
            let span = target - baseline;
            let p = if span == 0.0 {
                // Declared increase/decrease with no room to move: met or not.
                let met = if dir == Direction::Increase { current >= target } else { current <= target };
                if met {
                    1.0
                } else {
                    0.0
                }
            } else {
                // Adding 0.0 turns -0.0 (no progress on a decreasing metric) into 0.0.
                (current - baseline) / span + 0.0
            };
            if !p.is_finite() {
                return none;
            }
            let s = p.clamp(0.0, 1.0);
            KrScore { progress: Some(p), score: Some(s), status: Some(Status::from_progress(p, expected)), ..none }
        }
        None => none,
    }
}

/// Scores an objective and its KRs.
pub fn score_objective(o: &Objective, as_of: Date, fy: u8) -> ObjectiveScore {
    let expected = o.period.expected(as_of, fy);
    let key_results: Vec<KrScore> = o.key_results.iter().map(|kr| score_kr(kr, o.period, as_of, fy)).collect();
    let (mut sum, mut weights) = (0.0, 0.0);
    for (kr, s) in o.key_results.iter().zip(&key_results) {
        if let Some(score) = s.score {
            sum += score * kr.weight;
            weights += kr.weight;
        }
    }
    let score = (weights > 0.0).then(|| sum / weights);
    ObjectiveScore { score, expected, status: score.map(|s| Status::from_progress(s, expected)), key_results }
}

/// A number for people: at most two decimals, no trailing zeros, thousands
/// separated (`12,500`, `54,770.53`, `0.5`). JSON keeps exact numbers; this
/// is for text, Markdown and HTML.
pub fn fmt_num(v: f64) -> String {
    let s = NumFormat::of([Some(v)]).fmt(v);
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

/// [`fmt_num`] without thousands separators: a number to write in YAML
/// (`baseline: 12500`).
pub fn plain_num(v: f64) -> String {
    fmt_num(v).replace(',', "")
}

/// How the numbers of one KR are shown to people, so that its baseline,
/// current value, target and the values derived from them (projections,
/// paces, weekly targets) read alike: whole numbers when every value the
/// team wrote is whole (a count: `26` tests, not `26.29`), otherwise the
/// decimals the most precise of them needs, at most two (`4.20 → 5.55`).
/// Thousands are separated with commas.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NumFormat {
    decimals: usize,
}

/// Decimals shown at most.
const MAX_DECIMALS: usize = 2;

impl NumFormat {
    /// The format of a set of values (missing and non-finite ones ignored).
    pub fn of(values: impl IntoIterator<Item = Option<f64>>) -> NumFormat {
        let decimals = values.into_iter().flatten().filter(|v| v.is_finite()).map(decimals_needed).max().unwrap_or(0);
        NumFormat { decimals }
    }

    /// A fixed number of decimals (axis ticks: `0.5`, `1.0`, `1.5`).
    pub fn with_decimals(decimals: usize) -> NumFormat {
        NumFormat { decimals }
    }

    /// The format of a KR's own values: baseline, target and current value.
    pub fn of_kr(kr: &KeyResult) -> NumFormat {
        NumFormat::of([kr.baseline, kr.target, kr.current, kr.weekly_target])
    }

    /// `v` rounded to the format's decimals, with thousands separators.
    pub fn fmt(self, v: f64) -> String {
        if !v.is_finite() {
            return v.to_string();
        }
        let s = format!("{:.*}", self.decimals, v);
        let (sign, digits) = match s.strip_prefix('-') {
            // A value that rounds to zero has no sign.
            Some(rest) if rest.bytes().any(|b| matches!(b, b'1'..=b'9')) => ("-", rest),
            Some(rest) => ("", rest),
            None => ("", s.as_str()),
        };
        let (int, frac) = digits.split_once('.').map_or((digits, None), |(i, f)| (i, Some(f)));
        let mut out = String::with_capacity(s.len() + int.len() / 3);
        out.push_str(sign);
        for (k, c) in int.chars().enumerate() {
            if k > 0 && (int.len() - k) % 3 == 0 {
                out.push(',');
            }
            out.push(c);
        }
        if let Some(frac) = frac {
            out.push('.');
            out.push_str(frac);
        }
        out
    }
}

/// The fewest decimals (at most [`MAX_DECIMALS`]) that show `v` exactly.
fn decimals_needed(v: f64) -> usize {
    (0..MAX_DECIMALS)
        .find(|&d| {
            let scale = 10f64.powi(d as i32);
            ((v * scale).round() / scale - v).abs() <= 1e-9 * v.abs().max(1.0)
        })
        .unwrap_or(MAX_DECIMALS)
}

#[cfg(test)]
mod tests;
