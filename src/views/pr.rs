//! `okr pr`: what a pull request changes in the OKRs.
//!
//! Pure: the report is built from the workspaces at the merge base ("before")
//! and at the head ("after"), the findings of `okr check` on both sides, and
//! optionally the head's history (for trajectories and for who moved a
//! target). Rendering is `render::pr`'s job; git and GitHub are the CLI's.
//!
//! - KR rows: every KR of an objective present on both sides whose tracked
//!   values (`current`, `target`, `baseline`, `done`, `weekly_target`)
//!   changed, or that was added or removed, with its score on each side.
//! - Goalposts: `target` and `baseline` changes, with the commit that made
//!   them when history is available.
//! - New findings: a finding is new when no finding of the same rule about
//!   the same ref (or, without a ref, the same file) exists before. Line
//!   numbers move in a pull request, so they are not part of the key.

use crate::core::diagnostic::Diagnostic;
use crate::core::model::{KeyResult, Objective, Values};
use crate::core::refs::Period;
use crate::core::score::{self, Status};
use crate::core::workspace::Workspace;
use crate::history::{day_start, History};
use crate::views::diff::{self, Diff, FieldChange, Value};
use jiff::civil::Date;
use std::collections::HashSet;

/// The hidden first line of the report for the default OKR root.
pub const MARKER: &str = "<!-- okr:pr-report -->";

/// The hidden first line that identifies the report's comment. A project
/// with another OKR root gets its own marker, so that two projects in one
/// repository keep a comment each.
pub fn marker(root: &str) -> String {
    if root == "okrs" {
        return MARKER.to_string();
    }
    let safe: String = root.chars().filter(|c| c.is_ascii_alphanumeric() || "._/".contains(*c)).collect();
    format!("<!-- okr:pr-report root={safe} -->")
}

/// The fields whose change moves a KR's score.
const VALUE_FIELDS: [&str; 5] = ["current", "target", "baseline", "done", "weekly_target"];

/// Fields that move the goalposts.
const GOALPOST_FIELDS: [&str; 2] = ["target", "baseline"];

/// A KR's values and score on one side of the pull request.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Side {
    pub values: Values,
    pub score: Option<f64>,
    pub status: Option<Status>,
}

/// How a KR row came about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Added,
    Removed,
    Changed,
}

impl Change {
    pub fn as_str(self) -> &'static str {
        match self {
            Change::Added => "added",
            Change::Removed => "removed",
            Change::Changed => "changed",
        }
    }
}

/// One KR whose values changed, or that was added to or removed from an
/// objective that exists on both sides.
#[derive(Debug, Clone, PartialEq)]
pub struct KrRow<'a> {
    pub change: Change,
    /// The objective and KR after the change (before, for a removed KR).
    pub objective: &'a Objective,
    pub kr: &'a KeyResult,
    pub kr_ref: String,
    pub before: Option<Side>,
    pub after: Option<Side>,
    /// `target` and/or `baseline` when they changed.
    pub moved: Vec<&'static str>,
}

/// The commit credited with a change, from the head's history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitInfo {
    pub id: String,
    pub author: String,
    pub time: i64,
    /// The first line of the message.
    pub summary: String,
}

/// A `target` or `baseline` that the pull request changes.
#[derive(Debug, Clone, PartialEq)]
pub struct Goalpost<'a> {
    pub kr_ref: String,
    pub title: &'a str,
    pub field: &'static str,
    pub from: Option<f64>,
    pub to: Option<f64>,
    pub file: &'a str,
    pub line: u32,
    pub commit: Option<CommitInfo>,
}

/// An objective or KR whose title changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reworded {
    pub reference: String,
    pub from: String,
    pub to: String,
}

/// Any other field change (owner, metric, layer, drives, ...).
#[derive(Debug, Clone, PartialEq)]
pub struct OtherChange {
    pub reference: String,
    pub change: FieldChange,
}

/// An objective the pull request touches, with its score on each side.
#[derive(Debug, Clone, PartialEq)]
pub struct ObjectiveMove<'a> {
    pub objective: &'a Objective,
    pub change: Change,
    pub before: Option<f64>,
    pub after: Option<f64>,
    pub status: Option<Status>,
}

/// A changed KR's trajectory over its quarter, from the head's history.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    pub kr_ref: String,
    pub title: String,
    pub unit: Option<String>,
    /// One point per day with a check-in (the day's last value).
    pub points: Vec<(Date, f64)>,
    pub target: Option<f64>,
    /// The target in force at the end of each point's day (it steps where a
    /// commit moved it); `None` before the KR had one. Empty when it is
    /// `target` throughout (most KRs; an input's comes from `weekly_target`).
    pub targets: Vec<Option<f64>>,
    /// The linear-pace value on each point's day.
    pub pace: Vec<f64>,
}

/// Counts of findings per severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Counts {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Counts {
    pub fn total(self) -> usize {
        self.errors + self.warnings + self.infos
    }
}

/// The whole pull-request report.
#[derive(Debug, Clone)]
pub struct Report<'a> {
    pub marker: String,
    /// The base as given (`main`, `origin/main`, a commit id).
    pub base: String,
    pub merge_base: String,
    pub head: String,
    pub as_of: Date,
    /// OKR files (project-relative) whose bytes differ, and whether
    /// `okr.toml` changed.
    pub files: Vec<String>,
    pub config_changed: bool,
    pub objectives: Vec<ObjectiveMove<'a>>,
    pub rows: Vec<KrRow<'a>>,
    pub goalposts: Vec<Goalpost<'a>>,
    pub reworded: Vec<Reworded>,
    pub other: Vec<OtherChange>,
    pub new_findings: Vec<Diagnostic>,
    /// Findings on the base side that are gone at the head.
    pub fixed_findings: usize,
    /// Every finding at the head.
    pub findings: Counts,
    pub charts: Vec<Chart>,
    /// Whether history was read (charts and goalpost commits need it).
    pub history: bool,
}

impl Report<'_> {
    /// The pull request changes no OKR file and no configuration.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty() && !self.config_changed
    }

    pub fn objectives_touched(&self) -> usize {
        self.objectives.len()
    }

    /// KRs whose values changed or that were added or removed, counting the
    /// KRs of added and removed objectives.
    pub fn key_results_changed(&self) -> usize {
        let whole: usize =
            self.objectives.iter().filter(|o| o.change != Change::Changed).map(|o| o.objective.key_results.len()).sum();
        self.rows.len() + whole
    }

    /// The mean score of the objectives present on both sides and scored on
    /// both, before and after.
    pub fn mean_score(&self) -> Option<(f64, f64)> {
        let pairs: Vec<(f64, f64)> = self
            .objectives
            .iter()
            .filter(|o| o.change == Change::Changed)
            .filter_map(|o| Some((o.before?, o.after?)))
            .collect();
        if pairs.is_empty() {
            return None;
        }
        let n = pairs.len() as f64;
        Some((pairs.iter().map(|p| p.0).sum::<f64>() / n, pairs.iter().map(|p| p.1).sum::<f64>() / n))
    }
}

/// Everything the report is built from.
pub struct Inputs<'a> {
    pub marker: String,
    pub base: String,
    pub merge_base: String,
    pub head: String,
    pub as_of: Date,
    pub fy: u8,
    pub before: &'a Workspace,
    pub after: &'a Workspace,
    /// The OKR files that differ between the two sides ([`changed_files`]).
    pub files: &'a [String],
    pub config_changed: bool,
    /// The keys of every finding at the merge base ([`finding_keys`]) and
    /// what the report needs of the head's (validation and rules).
    pub before_findings: &'a FindingKeys,
    pub after_findings: HeadFindings,
    /// The head's history.
    pub history: Option<&'a History>,
}

/// The key that identifies a finding across revisions.
fn finding_key(d: &Diagnostic) -> (&'static str, String) {
    let what = d.reference.clone().or_else(|| d.file.clone()).unwrap_or_else(|| d.message.clone());
    (d.rule, what)
}

/// What the report needs of the merge base's findings: their keys (rule and
/// ref, or the file), far smaller than the findings themselves.
pub type FindingKeys = HashSet<(&'static str, String)>;

/// The keys of `findings`.
pub fn finding_keys(findings: &[Diagnostic]) -> FindingKeys {
    findings.iter().map(finding_key).collect()
}

/// The key of a finding that is not needed any more ([`finding_key`]
/// without copying its text), for gathering [`FindingKeys`] one finding at
/// a time.
pub fn into_key(d: Diagnostic) -> (&'static str, String) {
    let what = d.reference.or(d.file).unwrap_or(d.message);
    (d.rule, what)
}

/// What the report needs of the head's findings, gathered one finding at a
/// time ([`HeadFindings::add`]) so that a big organisation's findings are
/// never all held at once: every key (for the count of fixed ones), the
/// counts by severity, and whole only the findings the merge base did not
/// have.
#[derive(Debug, Default)]
pub struct HeadFindings {
    keys: FindingKeys,
    new: Vec<Diagnostic>,
    counts: Counts,
}

impl HeadFindings {
    /// One finding at the head; `before`: the merge base's keys.
    pub fn add(&mut self, before: &FindingKeys, d: Diagnostic) {
        match d.severity {
            crate::core::diagnostic::Severity::Error => self.counts.errors += 1,
            crate::core::diagnostic::Severity::Warning => self.counts.warnings += 1,
            crate::core::diagnostic::Severity::Info => self.counts.infos += 1,
        }
        let key = finding_key(&d);
        if !before.contains(&key) {
            self.new.push(d);
        }
        self.keys.insert(key);
    }

    /// Every one of `findings`.
    pub fn of(before: &FindingKeys, findings: &[Diagnostic]) -> HeadFindings {
        let mut head = HeadFindings::default();
        for d in findings {
            head.add(before, d.clone());
        }
        head
    }
}

fn side(o: &Objective, kr: &KeyResult, as_of: Date, fy: u8) -> Side {
    let s = score::score_kr(kr, o.period, as_of, fy);
    Side { values: kr.values(), score: s.score, status: s.status }
}

fn num(v: &Value) -> Option<f64> {
    match v {
        Value::Num(n) => Some(*n),
        _ => None,
    }
}

fn first_line(s: &str) -> String {
    s.lines().next().unwrap_or("").trim().to_string()
}

/// The commit in `history` that last set `field` of `kr_ref` to `to`.
fn credited(history: &History, kr_ref: &str, field: &str, to: Option<f64>) -> Option<CommitInfo> {
    let get = |v: &Values| match field {
        "target" => v.target,
        _ => v.baseline,
    };
    let points = history.points(kr_ref);
    let mut found = None;
    let mut prev: Option<Option<f64>> = None;
    for p in points {
        let v = get(&p.values);
        if prev.is_some_and(|x| x != v) && v == to {
            found = Some(p.commit);
        }
        prev = Some(v);
    }
    let c = history.commits.get(found?)?;
    Some(CommitInfo { id: c.id.clone(), author: c.author.clone(), time: c.time, summary: first_line(&c.message) })
}

/// Check-ins `(seconds, value, target)`, in time order, grouped by UTC day:
/// each day's last value, and the target in force at the day's end.
pub fn by_day(items: impl IntoIterator<Item = (i64, f64, Option<f64>)>) -> (Vec<(Date, f64)>, Vec<Option<f64>>) {
    let (mut points, mut targets): (Vec<(Date, f64)>, Vec<Option<f64>>) = (Vec::new(), Vec::new());
    for (t, v, target) in items {
        let Some(day) = crate::history::utc_date(t) else { continue };
        match (points.last_mut(), targets.last_mut()) {
            (Some(last), Some(in_force)) if last.0 == day => (last.1, *in_force) = (v, target),
            _ => {
                points.push((day, v));
                targets.push(target);
            }
        }
    }
    (points, targets)
}

/// The trajectory of a KR over its quarter, or `None` with fewer than two
/// days with a value.
fn chart(history: &History, o: &Objective, kr: &KeyResult, fy: u8) -> Option<Chart> {
    let kr_ref = o.kr_ref(kr);
    let (start, end) = (day_start(o.period.start(fy)), day_start(o.period.next().start(fy)));
    // What was in force when the quarter began counts on its first day.
    let (points, targets) = by_day(history.points(&kr_ref).iter().filter_map(|p| {
        let t = history.time(p);
        let v = p.values.current.or(p.values.baseline)?;
        (t < end).then_some((t.max(start), v, p.values.target))
    }));
    if points.len() < 2 {
        return None;
    }
    let eff = score::effective(kr, o.period.weeks(fy));
    let pace = match (eff.baseline, eff.target) {
        (Some(b), Some(t)) => points.iter().map(|(d, _)| b + (t - b) * o.period.expected(*d, fy)).collect(),
        _ => Vec::new(),
    };
    // An input's target comes from `weekly_target`, not from the history.
    let level = kr.layer == crate::core::model::Layer::Input || targets.iter().all(|t| *t == eff.target);
    let targets = if level { Vec::new() } else { targets };
    Some(Chart { kr_ref, title: kr.title.clone(), unit: kr.unit.clone(), points, target: eff.target, targets, pace })
}

/// The project-relative paths of the files added, removed or changed
/// between two sides (path -> text), sorted.
pub fn changed_files(before: &crate::core::snapshot::Sources, after: &crate::core::snapshot::Sources) -> Vec<String> {
    let mut files: Vec<String> = after
        .iter()
        .filter(|(p, t)| before.get(*p) != Some(t))
        .map(|(p, _)| p.clone())
        .chain(before.keys().filter(|p| !after.contains_key(*p)).cloned())
        .collect();
    files.sort();
    files
}

// Long: one walk over the diff (objectives added, removed, changed, and their KRs) fills the report's lists together; split, each list would walk it again.
/// Builds the report.
pub fn build<'a>(inp: Inputs<'a>) -> Report<'a> {
    let (as_of, fy) = (inp.as_of, inp.fy);
    let d: Diff<'a> = diff::revisions(&inp.base, &inp.head, inp.before, inp.after);
    let files = inp.files.to_vec();

    let mut objectives = Vec::new();
    let mut rows = Vec::new();
    let mut goalposts = Vec::new();
    let mut reworded = Vec::new();
    let mut other = Vec::new();
    for o in &d.added {
        let s = score::score_objective(o, as_of, fy);
        objectives.push(ObjectiveMove {
            objective: o,
            change: Change::Added,
            before: None,
            after: s.score,
            status: s.status,
        });
    }
    for o in &d.removed {
        let s = score::score_objective(o, as_of, fy);
        objectives.push(ObjectiveMove {
            objective: o,
            change: Change::Removed,
            before: s.score,
            after: None,
            status: None,
        });
    }
    for c in &d.changed {
        let (sa, sb) = (score::score_objective(c.from, as_of, fy), score::score_objective(c.to, as_of, fy));
        objectives.push(ObjectiveMove {
            objective: c.to,
            change: Change::Changed,
            before: sa.score,
            after: sb.score,
            status: sb.status,
        });
        let oref = c.to.reference();
        for f in &c.fields {
            match (f.field, &f.from, &f.to) {
                ("title", Value::Text(a), Value::Text(b)) => {
                    reworded.push(Reworded { reference: oref.clone(), from: a.clone(), to: b.clone() })
                }
                _ => other.push(OtherChange { reference: oref.clone(), change: f.clone() }),
            }
        }
        for k in &c.key_results.added {
            rows.push(KrRow {
                change: Change::Added,
                objective: c.to,
                kr: k,
                kr_ref: c.to.kr_ref(k),
                before: None,
                after: Some(side(c.to, k, as_of, fy)),
                moved: Vec::new(),
            });
        }
        for k in &c.key_results.removed {
            rows.push(KrRow {
                change: Change::Removed,
                objective: c.from,
                kr: k,
                kr_ref: c.from.kr_ref(k),
                before: Some(side(c.from, k, as_of, fy)),
                after: None,
                moved: Vec::new(),
            });
        }
        for k in &c.key_results.changed {
            let kr_ref = c.to.kr_ref(k.to);
            let mut moved = Vec::new();
            let mut values = false;
            for f in &k.fields {
                if GOALPOST_FIELDS.contains(&f.field) {
                    moved.push(f.field);
                    goalposts.push(Goalpost {
                        kr_ref: kr_ref.clone(),
                        title: &k.to.title,
                        field: f.field,
                        from: num(&f.from),
                        to: num(&f.to),
                        file: &c.to.file,
                        line: k.to.field_pos(f.field).line,
                        commit: inp.history.and_then(|h| credited(h, &kr_ref, f.field, num(&f.to))),
                    });
                }
                if VALUE_FIELDS.contains(&f.field) {
                    values = true;
                } else if f.field == "title" {
                    if let (Value::Text(a), Value::Text(b)) = (&f.from, &f.to) {
                        reworded.push(Reworded { reference: kr_ref.clone(), from: a.clone(), to: b.clone() });
                    }
                } else {
                    other.push(OtherChange { reference: kr_ref.clone(), change: f.clone() });
                }
            }
            if values {
                rows.push(KrRow {
                    change: Change::Changed,
                    objective: c.to,
                    kr: k.to,
                    kr_ref,
                    before: Some(side(c.from, k.from, as_of, fy)),
                    after: Some(side(c.to, k.to, as_of, fy)),
                    moved,
                });
            }
        }
    }

    let HeadFindings { keys: after_keys, new: mut new_findings, counts } = inp.after_findings;
    // In the order of `okr check` (a stable sort: the same order as the
    // head's findings sorted, then filtered).
    crate::core::diagnostic::sort(&mut new_findings);
    let fixed_findings = inp.before_findings.iter().filter(|k| !after_keys.contains(*k)).count();
    drop(after_keys);

    let charts = match inp.history {
        Some(h) => rows
            .iter()
            .filter(|r| r.change != Change::Removed)
            .filter_map(|r| chart(h, r.objective, r.kr, fy))
            .collect(),
        None => Vec::new(),
    };

    Report {
        marker: inp.marker.clone(),
        base: inp.base.clone(),
        merge_base: inp.merge_base.clone(),
        head: inp.head.clone(),
        as_of,
        files,
        config_changed: inp.config_changed,
        objectives,
        rows,
        goalposts,
        reworded,
        other,
        new_findings,
        fixed_findings,
        findings: counts,
        charts,
        history: inp.history.is_some(),
    }
}

/// The quarter a report's objectives are in, for display: the quarter of the
/// first touched objective.
pub fn quarter_of(r: &Report<'_>) -> Option<Period> {
    r.objectives.first().map(|o| o.objective.period)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::config::Config;
    use crate::core::snapshot::SourceFile;
    use std::collections::HashMap;

    fn ws(files: &[(&str, &str)]) -> (Workspace, HashMap<String, String>) {
        let config = Config::default();
        let sources: Vec<SourceFile> = files
            .iter()
            .map(|(p, t)| SourceFile { path: format!("okrs/{p}"), rel: p.to_string(), bytes: t.as_bytes().to_vec() })
            .collect();
        let map = files.iter().map(|(p, t)| (format!("okrs/{p}"), t.to_string())).collect();
        (Workspace::build(&sources, &config), map)
    }

    fn objective(target: u32, current: u32) -> String {
        format!(
            "---\ntitle: Grow activation\nkey_results:\n  - id: rate\n    title: Raise activation rate from 20% to {target}%\n    metric: activation_rate\n    baseline: 20\n    target: {target}\n    current: {current}\n---\n"
        )
    }

    fn report<'a>(
        a: &'a (Workspace, HashMap<String, String>),
        b: &'a (Workspace, HashMap<String, String>),
        fa: &'a [Diagnostic],
        fb: &'a [Diagnostic],
    ) -> Report<'a> {
        let before_findings = Box::leak(Box::new(finding_keys(fa)));
        build(Inputs {
            marker: MARKER.into(),
            base: "main".into(),
            merge_base: "a".repeat(40),
            head: "b".repeat(40),
            as_of: jiff::civil::date(2026, 2, 15),
            fy: 1,
            before: &a.0,
            after: &b.0,
            files: Box::leak(changed_files(&a.1, &b.1).into_boxed_slice()),
            config_changed: false,
            // Leaked so that they live as long as the report (tests only).
            before_findings,
            after_findings: HeadFindings::of(before_findings, fb),
            history: None,
        })
    }

    #[test]
    fn a_value_change_is_one_row_with_scores_on_both_sides() {
        let a = ws(&[("2026-Q1/growth/activation.md", &objective(30, 22))]);
        let b = ws(&[("2026-Q1/growth/activation.md", &objective(30, 25))]);
        let r = report(&a, &b, &[], &[]);
        assert_eq!(r.rows.len(), 1);
        let row = &r.rows[0];
        assert_eq!(row.kr_ref, "2026-Q1/growth/activation#rate");
        assert_eq!(row.before.and_then(|s| s.score), Some(0.2));
        assert_eq!(row.after.and_then(|s| s.score), Some(0.5));
        assert!(row.moved.is_empty() && r.goalposts.is_empty());
        assert_eq!(r.files, vec!["okrs/2026-Q1/growth/activation.md"]);
        assert_eq!(r.objectives_touched(), 1);
        assert_eq!(r.key_results_changed(), 1);
    }

    #[test]
    fn a_target_change_is_a_goalpost_with_its_line() {
        let a = ws(&[("2026-Q1/growth/activation.md", &objective(30, 22))]);
        let b = ws(&[("2026-Q1/growth/activation.md", &objective(25, 22))]);
        let r = report(&a, &b, &[], &[]);
        assert_eq!(r.goalposts.len(), 1);
        let g = &r.goalposts[0];
        assert_eq!((g.field, g.from, g.to, g.line), ("target", Some(30.0), Some(25.0), 8));
        assert_eq!(r.rows[0].moved, vec!["target"]);
        // The title mentions the target, so it was reworded too.
        assert_eq!(r.reworded.len(), 1);
    }

    #[test]
    fn findings_are_new_by_rule_and_ref_not_by_line() {
        let a = ws(&[("2026-Q1/growth/activation.md", &objective(30, 22))]);
        let b = ws(&[("2026-Q1/growth/activation.md", &objective(30, 23))]);
        let old = Diagnostic::new("no-owner", crate::core::diagnostic::Severity::Warning, "x")
            .at("okrs/2026-Q1/growth/activation.md", crate::core::diagnostic::Pos::new(3, 1))
            .with_ref("2026-Q1/growth/activation");
        let moved = old.clone().at("okrs/2026-Q1/growth/activation.md", crate::core::diagnostic::Pos::new(9, 1));
        let fresh = Diagnostic::new("stale", crate::core::diagnostic::Severity::Warning, "y")
            .at("okrs/2026-Q1/growth/activation.md", crate::core::diagnostic::Pos::new(9, 1))
            .with_ref("2026-Q1/growth/activation#rate");
        let gone = Diagnostic::new("no-target", crate::core::diagnostic::Severity::Error, "z").with_ref("x");
        let (fa, fb) = ([old, gone], [moved, fresh]);
        let r = report(&a, &b, &fa, &fb);
        assert_eq!(r.new_findings.len(), 1);
        assert_eq!(r.new_findings[0].rule, "stale");
        assert_eq!(r.fixed_findings, 1);
        assert_eq!(r.findings, Counts { errors: 0, warnings: 2, infos: 0 });
    }

    #[test]
    fn new_findings_are_sorted_whatever_order_they_come_in() {
        let a = ws(&[("2026-Q1/growth/activation.md", &objective(30, 22))]);
        let stale = Diagnostic::new("stale", crate::core::diagnostic::Severity::Warning, "y")
            .at("okrs/2026-Q1/growth/activation.md", crate::core::diagnostic::Pos::new(9, 1));
        let unknown =
            Diagnostic::error("unknown-ref", "z").at("okrs/2026-Q1/growth/b.md", crate::core::diagnostic::Pos::START);
        let fb = [stale, unknown];
        let r = report(&a, &a, &[], &fb);
        let rules: Vec<&str> = r.new_findings.iter().map(|d| d.rule).collect();
        assert_eq!(rules, ["unknown-ref", "stale"]);
        assert_eq!(r.findings, Counts { errors: 1, warnings: 1, infos: 0 });
    }

    #[test]
    fn identical_sides_are_empty() {
        let a = ws(&[("2026-Q1/growth/activation.md", &objective(30, 22))]);
        let r = report(&a, &a, &[], &[]);
        assert!(r.is_empty() && r.rows.is_empty() && r.objectives.is_empty());
    }

    #[test]
    fn markers_never_close_the_comment_early() {
        assert_eq!(marker("okrs"), MARKER);
        assert_eq!(marker("team okrs/-->x"), "<!-- okr:pr-report root=teamokrs/x -->");
    }
}
