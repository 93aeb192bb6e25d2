//! `okr diff`: what changed between two quarters or two revisions. Pure
//! functions over workspaces; the renderers in `render::diff` show the result.
//!
//! - **Quarters** (`2026-Q1 2026-Q2`, one snapshot), or any two periods of
//!   one horizon (`2025 2026`, `2026-H1 2026-H2`, `2023-2025 2026-2028`):
//!   objectives of period A are matched to those of period B by objective id,
//!   then the rest by title
//!   similarity ([`title_similarity`] ≥ [`TITLE_MATCH_THRESHOLD`]). Matched
//!   (carried-over) objectives are compared; KRs are matched by id, then by
//!   `metric`, and each continuing metric reports where the earlier quarter
//!   ended (`current`) against where the later one starts (`baseline`).
//! - **Revisions** (`main HEAD`, two snapshots): objectives are matched by
//!   ref, KRs by id, then by `metric`.
//!
//! Field changes compare the values as written in the files (no defaults
//! filled in). A matched objective with no change is not listed.

use crate::core::model::{KeyResult, Layer, Objective};
use crate::core::refs::Period;
use crate::core::workspace::Workspace;
use similar::{ChangeTag, TextDiff};
use std::collections::{BTreeSet, HashMap};

/// Two objective titles with at least this [`title_similarity`] are the same
/// objective carried over under a new id (quarter mode only).
pub const TITLE_MATCH_THRESHOLD: f64 = 0.6;

/// What A and B name. `Quarters` stands for periods of any one horizon
/// (SPEC §8 knows `quarters` and `revisions` only).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Quarters,
    Revisions,
}

impl Mode {
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Quarters => "quarters",
            Mode::Revisions => "revisions",
        }
    }
}

/// A field's value as written in a file.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// The field is not in the file.
    Absent,
    Num(f64),
    Text(String),
    Bool(bool),
    List(Vec<String>),
}

/// One field that differs.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldChange {
    /// The field's name in the file (`target`, `owner`, `type`, ...).
    pub field: &'static str,
    pub from: Value,
    pub to: Value,
}

/// How two objectives were found to be the same.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ObjectiveMatch {
    /// Same ref (revisions).
    Ref,
    /// Same objective id in both quarters.
    Id,
    /// Different ids, similar titles (the similarity, 0..1).
    Title(f64),
}

impl ObjectiveMatch {
    pub fn as_str(self) -> &'static str {
        match self {
            ObjectiveMatch::Ref => "ref",
            ObjectiveMatch::Id => "id",
            ObjectiveMatch::Title(_) => "title",
        }
    }
}

/// How two KRs were found to be the same.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KrMatch {
    Id,
    /// Different ids, same `metric`.
    Metric,
}

impl KrMatch {
    pub fn as_str(self) -> &'static str {
        match self {
            KrMatch::Id => "id",
            KrMatch::Metric => "metric",
        }
    }
}

/// A metric that continues from an earlier quarter into a later one.
#[derive(Debug, Clone, PartialEq)]
pub struct Continuation {
    pub metric: String,
    /// The earlier quarter's final value: its `current`, else its `baseline`.
    pub last_current: Option<f64>,
    /// The later quarter's `baseline`.
    pub baseline: Option<f64>,
    /// Input metrics count from zero each quarter, so a gap is expected.
    pub input: bool,
}

impl Continuation {
    /// The hand-over of a metric from KR `from` (earlier quarter) to KR `to`.
    pub fn between(from: &KeyResult, to: &KeyResult) -> Continuation {
        Continuation {
            metric: to.metric.clone(),
            last_current: from.current.or(from.baseline),
            baseline: to.baseline,
            input: to.layer == Layer::Input,
        }
    }

    /// `baseline − last_current` when both are known and they differ.
    pub fn gap(&self) -> Option<f64> {
        match (self.last_current, self.baseline) {
            (Some(l), Some(b)) if !same_number(l, b) => Some(b - l),
            _ => None,
        }
    }
}

fn same_number(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

/// A KR on both sides that differs.
#[derive(Debug, Clone, PartialEq)]
pub struct KrChange<'a> {
    pub from: &'a KeyResult,
    pub to: &'a KeyResult,
    pub matched_by: KrMatch,
    pub fields: Vec<FieldChange>,
    /// Quarter mode, A before B: the metric's hand-over between the quarters.
    pub continues: Option<Continuation>,
}

/// KR differences inside one objective.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct KrDiff<'a> {
    /// KRs only in B.
    pub added: Vec<&'a KeyResult>,
    /// KRs only in A.
    pub removed: Vec<&'a KeyResult>,
    pub changed: Vec<KrChange<'a>>,
}

impl KrDiff<'_> {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }
}

/// An objective on both sides that differs.
#[derive(Debug, Clone, PartialEq)]
pub struct ObjectiveChange<'a> {
    pub from: &'a Objective,
    pub to: &'a Objective,
    pub matched_by: ObjectiveMatch,
    /// Objective-level fields that differ.
    pub fields: Vec<FieldChange>,
    pub key_results: KrDiff<'a>,
}

/// The whole difference between A and B.
#[derive(Debug, Clone, PartialEq)]
pub struct Diff<'a> {
    /// A and B as given (quarters as `YYYY-Qn`, revisions as typed).
    pub from: String,
    pub to: String,
    pub mode: Mode,
    /// Objectives only in B, by ref.
    pub added: Vec<&'a Objective>,
    /// Objectives only in A, by ref.
    pub removed: Vec<&'a Objective>,
    /// Matched objectives that differ, by A's ref.
    pub changed: Vec<ObjectiveChange<'a>>,
    /// Matched objectives that are identical (not listed).
    pub unchanged: usize,
}

impl Diff<'_> {
    /// What A and B are, in words: `revisions`, `quarters`, or the longer
    /// horizon compared (`halves`, `years`, `multi-year spans`).
    pub fn sides(&self) -> &'static str {
        match self.mode {
            Mode::Revisions => "revisions",
            Mode::Quarters => Period::parse(&self.from).map_or("quarters", Period::kind_plural),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }
}

/// Compares the objectives of period `a` with those of period `b` in one
/// workspace: two quarters, or two periods of one longer horizon.
pub fn quarters(ws: &Workspace, a: impl Into<Period>, b: impl Into<Period>) -> Diff<'_> {
    let (a, b) = (a.into(), b.into());
    let m = match_quarters(ws, a, b);
    assemble(a.to_string(), b.to_string(), Mode::Quarters, m.pairs, m.removed, m.added, a < b)
}

/// How the objectives of two quarters pair up.
pub(crate) struct QuarterMatch<'a> {
    /// `(objective in A, objective in B, how)`, in A's order.
    pub pairs: Vec<(&'a Objective, &'a Objective, ObjectiveMatch)>,
    /// Objectives only in A.
    pub removed: Vec<&'a Objective>,
    /// Objectives only in B.
    pub added: Vec<&'a Objective>,
}

/// Matches the objectives of period `a` with those of period `b` (two
/// quarters, or two periods of a longer horizon): by objective id, then the
/// rest by title similarity.
pub(crate) fn match_quarters(ws: &Workspace, a: impl Into<Period>, b: impl Into<Period>) -> QuarterMatch<'_> {
    let (a, b): (Period, Period) = (a.into(), b.into());
    let left: Vec<&Objective> = ws.objectives.iter().filter(|o| o.period == a).collect();
    let right: Vec<&Objective> = ws.objectives.iter().filter(|o| o.period == b).collect();
    let mut pairs: Vec<(usize, usize, ObjectiveMatch)> = Vec::new();
    let mut used_l = vec![false; left.len()];
    let mut used_r = vec![false; right.len()];
    // The first objective of B with each id.
    let mut by_id: HashMap<&str, usize> = HashMap::with_capacity(right.len());
    for (j, r) in right.iter().enumerate() {
        by_id.entry(r.id.as_str()).or_insert(j);
    }
    for (i, l) in left.iter().enumerate() {
        if let Some(&j) = by_id.get(l.id.as_str()) {
            pairs.push((i, j, ObjectiveMatch::Id));
            used_l[i] = true;
            used_r[j] = true;
        }
    }
    // Then the rest by title similarity, best pairs first; on a tie the same
    // team wins, then file order.
    let rest_l: Vec<usize> = (0..left.len()).filter(|&i| !used_l[i]).collect();
    let rest_r: Vec<usize> = (0..right.len()).filter(|&j| !used_r[j]).collect();
    let mut candidates = Vec::new();
    similar_titles(
        &rest_l.iter().map(|&i| left[i].title.as_str()).collect::<Vec<_>>(),
        &rest_r.iter().map(|&j| right[j].title.as_str()).collect::<Vec<_>>(),
        |a, b, s| {
            let (i, j) = (rest_l[a], rest_r[b]);
            candidates.push((s, left[i].team != right[j].team, i, j));
        },
    );
    candidates.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)).then(x.2.cmp(&y.2)).then(x.3.cmp(&y.3)));
    for (s, _, i, j) in candidates {
        if !used_l[i] && !used_r[j] {
            used_l[i] = true;
            used_r[j] = true;
            pairs.push((i, j, ObjectiveMatch::Title(s)));
        }
    }
    pairs.sort_by_key(|p| p.0);
    QuarterMatch {
        pairs: pairs.into_iter().map(|(i, j, m)| (left[i], right[j], m)).collect(),
        removed: unused(&left, &used_l),
        added: unused(&right, &used_r),
    }
}

/// Compares every objective of workspace `a` (revision `from`) with those
/// of workspace `b` (revision `to`), matched by ref.
pub fn revisions<'a>(from: &str, to: &str, a: &'a Workspace, b: &'a Workspace) -> Diff<'a> {
    let left: Vec<&Objective> = a.objectives.iter().collect();
    let right: Vec<&Objective> = b.objectives.iter().collect();
    let mut used_l = vec![false; left.len()];
    let mut used_r = vec![false; right.len()];
    let mut matched = Vec::new();
    // The first objective of B with each ref.
    let mut by_ref: HashMap<String, usize> = HashMap::with_capacity(right.len());
    for (j, o) in right.iter().enumerate() {
        by_ref.entry(o.reference()).or_insert(j);
    }
    for (i, l) in left.iter().enumerate() {
        if let Some(&j) = by_ref.get(&l.reference()) {
            used_l[i] = true;
            used_r[j] = true;
            matched.push((*l, right[j], ObjectiveMatch::Ref));
        }
    }
    assemble(
        from.to_string(),
        to.to_string(),
        Mode::Revisions,
        matched,
        unused(&left, &used_l),
        unused(&right, &used_r),
        false,
    )
}

fn unused<'a>(list: &[&'a Objective], used: &[bool]) -> Vec<&'a Objective> {
    list.iter().zip(used).filter(|(_, u)| !**u).map(|(o, _)| *o).collect()
}

fn assemble<'a>(
    from: String,
    to: String,
    mode: Mode,
    matched: Vec<(&'a Objective, &'a Objective, ObjectiveMatch)>,
    removed: Vec<&'a Objective>,
    added: Vec<&'a Objective>,
    continuation: bool,
) -> Diff<'a> {
    let mut changed = Vec::new();
    let mut unchanged = 0;
    for (a, b, m) in matched {
        let fields = objective_fields(a, b);
        let key_results = key_results(a, b, continuation);
        // An objective found under another id has changed even when its
        // contents have not: it was renamed.
        let renamed = matches!(m, ObjectiveMatch::Title(_));
        if fields.is_empty() && key_results.is_empty() && !renamed {
            unchanged += 1;
        } else {
            changed.push(ObjectiveChange { from: a, to: b, matched_by: m, fields, key_results });
        }
    }
    Diff { from, to, mode, added, removed, changed, unchanged }
}

/// Matches the KRs of two objectives (by id, then by `metric`) and compares
/// the pairs. With `continuation`, `a` is the earlier quarter: every pair
/// carries a [`Continuation`], and a baseline that does not start where the
/// metric ended counts as a change (input metrics excepted).
fn key_results<'a>(a: &'a Objective, b: &'a Objective, continuation: bool) -> KrDiff<'a> {
    let (pairs, removed, added) = match_key_results(a, b);
    let mut changed = Vec::new();
    for (i, j, m) in pairs {
        let (from, to) = (&a.key_results[i], &b.key_results[j]);
        let fields = kr_fields(a, from, b, to);
        let continues = continuation.then(|| Continuation::between(from, to));
        let gap = continues.as_ref().is_some_and(|c| !c.input && c.gap().is_some());
        if !fields.is_empty() || gap || m == KrMatch::Metric {
            changed.push(KrChange { from, to, matched_by: m, fields, continues });
        }
    }
    KrDiff { added, removed, changed }
}

/// KR pairs `(index in a, index in b, how)`, KRs only in `a`, KRs only in `b`.
pub(crate) type KrPairs<'a> = (Vec<(usize, usize, KrMatch)>, Vec<&'a KeyResult>, Vec<&'a KeyResult>);

/// Matches the KRs of two objectives, by id, then by `metric`: the pairs
/// `(index in a, index in b, how)` in `a`'s order, then the KRs only in `a`
/// and those only in `b`.
pub(crate) fn match_key_results<'a>(a: &'a Objective, b: &'a Objective) -> KrPairs<'a> {
    let mut used_r = vec![false; b.key_results.len()];
    let mut pairs: Vec<(usize, usize, KrMatch)> = Vec::new();
    let mut unmatched = Vec::new();
    for (i, k) in a.key_results.iter().enumerate() {
        match b.key_results.iter().enumerate().position(|(j, r)| !used_r[j] && r.id == k.id) {
            Some(j) => {
                used_r[j] = true;
                pairs.push((i, j, KrMatch::Id));
            }
            None => unmatched.push(i),
        }
    }
    let mut removed = Vec::new();
    for i in unmatched {
        let k = &a.key_results[i];
        match b.key_results.iter().enumerate().position(|(j, r)| !used_r[j] && r.metric == k.metric) {
            Some(j) => {
                used_r[j] = true;
                pairs.push((i, j, KrMatch::Metric));
            }
            None => removed.push(k),
        }
    }
    pairs.sort_by_key(|p| p.0);
    let added = b.key_results.iter().zip(&used_r).filter(|(_, u)| !**u).map(|(k, _)| k).collect();
    (pairs, removed, added)
}

fn num(v: Option<f64>) -> Value {
    v.map_or(Value::Absent, Value::Num)
}

fn text(v: Option<&str>) -> Value {
    v.map_or(Value::Absent, |s| Value::Text(s.to_string()))
}

fn push(out: &mut Vec<FieldChange>, field: &'static str, from: Value, to: Value) {
    let same = match (&from, &to) {
        (Value::Num(x), Value::Num(y)) => x == y,
        _ => from == to,
    };
    if !same {
        out.push(FieldChange { field, from, to });
    }
}

/// A ref as written, without a leading `QUARTER/` of the objective's own
/// quarter (so that `2026-Q1/company/x` and `company/x` in a 2026-Q1 file
/// compare equal to `company/x` in 2026-Q2).
fn local_ref(o: &Objective, written: &str) -> String {
    written.strip_prefix(&format!("{}/", o.period)).unwrap_or(written).to_string()
}

/// Objective-level fields that differ, in file order.
pub fn objective_fields(a: &Objective, b: &Objective) -> Vec<FieldChange> {
    let mut out = Vec::new();
    push(&mut out, "title", Value::Text(a.title.clone()), Value::Text(b.title.clone()));
    push(&mut out, "owner", text(a.owner.as_deref()), text(b.owner.as_deref()));
    push(&mut out, "team", Value::Text(a.team.clone()), Value::Text(b.team.clone()));
    push(&mut out, "type", Value::Text(a.kind.to_string()), Value::Text(b.kind.to_string()));
    push(&mut out, "commitment", Value::Text(a.commitment.to_string()), Value::Text(b.commitment.to_string()));
    let parent = |o: &Objective| o.parent.as_ref().map_or(Value::Absent, |p| Value::Text(local_ref(o, &p.value)));
    push(&mut out, "parent", parent(a), parent(b));
    let allow = |o: &Objective| {
        if o.allow.is_empty() {
            Value::Absent
        } else {
            Value::List(o.allow.clone())
        }
    };
    push(&mut out, "allow", allow(a), allow(b));
    out
}

/// KR fields that differ, in the order of the format's table.
pub fn kr_fields(ao: &Objective, a: &KeyResult, bo: &Objective, b: &KeyResult) -> Vec<FieldChange> {
    let mut out = Vec::new();
    push(&mut out, "title", Value::Text(a.title.clone()), Value::Text(b.title.clone()));
    push(&mut out, "layer", Value::Text(a.layer.to_string()), Value::Text(b.layer.to_string()));
    push(&mut out, "metric", Value::Text(a.metric.clone()), Value::Text(b.metric.clone()));
    push(&mut out, "unit", text(a.unit.as_deref()), text(b.unit.as_deref()));
    push(&mut out, "baseline", num(a.baseline), num(b.baseline));
    push(&mut out, "target", num(a.target), num(b.target));
    push(&mut out, "current", num(a.current), num(b.current));
    let dir = |k: &KeyResult| k.direction.map_or(Value::Absent, |d| Value::Text(d.to_string()));
    push(&mut out, "direction", dir(a), dir(b));
    push(&mut out, "confidence", num(a.confidence), num(b.confidence));
    push(&mut out, "owner", text(a.owner.as_deref()), text(b.owner.as_deref()));
    let cadence = |k: &KeyResult| k.cadence.map_or(Value::Absent, |c| Value::Text(c.to_string()));
    push(&mut out, "cadence", cadence(a), cadence(b));
    push(&mut out, "weekly_target", num(a.weekly_target), num(b.weekly_target));
    push(&mut out, "quality_gate", text(a.quality_gate.as_deref()), text(b.quality_gate.as_deref()));
    let drives = |o: &Objective, k: &KeyResult| {
        if k.drives.is_empty() {
            Value::Absent
        } else {
            Value::List(k.drives.iter().map(|d| local_ref(o, &d.value)).collect())
        }
    };
    push(&mut out, "drives", drives(ao, a), drives(bo, b));
    push(&mut out, "done", a.done.map_or(Value::Absent, Value::Bool), b.done.map_or(Value::Absent, Value::Bool));
    push(&mut out, "weight", Value::Num(a.weight), Value::Num(b.weight));
    out
}

/// The words of a title for matching: lower case, split at anything that is
/// not a letter or digit.
fn words(s: &str) -> BTreeSet<String> {
    s.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect()
}

/// How alike two titles are, 0..1: the Dice coefficient of their sets of
/// normalised words (`2 |A ∩ B| / (|A| + |B|)`). Case, punctuation and word
/// order do not count.
pub fn title_similarity(a: &str, b: &str) -> f64 {
    let (a, b) = (words(a), words(b));
    if a.is_empty() && b.is_empty() {
        return 0.0;
    }
    let common = a.intersection(&b).count();
    2.0 * common as f64 / (a.len() + b.len()) as f64
}

/// Calls `f(i, j, title_similarity(left[i], right[j]))` for every pair at or
/// above [`TITLE_MATCH_THRESHOLD`], without comparing all pairs.
///
/// Word sets are written as word numbers sorted from rarest to most common.
/// Two sets `A` and `B` reach Dice `t` only if they share at least
/// `t (|A| + |B|) / 2` words, and since `|B| >= t |A| / (2 - t)` for such a
/// pair, at least `m(A) = ceil(t |A| / (2 - t))` words. So they share a word
/// among the first `|A| - m(A) + 1` of `A` and among the first
/// `|B| - m(B) + 1` of `B` (prefix filtering): only B's prefixes are
/// indexed, only A's prefixes probe them, and every candidate is then
/// scored exactly.
fn similar_titles(left: &[&str], right: &[&str], mut f: impl FnMut(usize, usize, f64)) {
    let t = TITLE_MATCH_THRESHOLD;
    let mut ids: HashMap<String, u32> = HashMap::new();
    let mut df: Vec<u32> = Vec::new();
    let mut sets = |titles: &[&str]| -> Vec<Vec<u32>> {
        titles
            .iter()
            .map(|title| {
                words(title)
                    .into_iter()
                    .map(|w| {
                        let next = ids.len() as u32;
                        let id = *ids.entry(w).or_insert(next);
                        if id as usize == df.len() {
                            df.push(0);
                        }
                        df[id as usize] += 1;
                        id
                    })
                    .collect()
            })
            .collect()
    };
    let mut a_sets = sets(left);
    let mut b_sets = sets(right);
    for set in a_sets.iter_mut().chain(b_sets.iter_mut()) {
        set.sort_unstable_by_key(|&w| (df[w as usize], w));
    }
    let prefix = |set: &[u32]| {
        let min_common = (t * set.len() as f64 / (2.0 - t) - 1e-9).ceil().max(1.0) as usize;
        set.len().saturating_sub(min_common) + 1
    };
    let mut index: HashMap<u32, Vec<u32>> = HashMap::new();
    for (j, set) in b_sets.iter().enumerate() {
        for &w in &set[..prefix(set).min(set.len())] {
            index.entry(w).or_default().push(j as u32);
        }
    }
    let mut seen: Vec<u32> = vec![u32::MAX; right.len()];
    for (i, a) in a_sets.iter().enumerate() {
        if a.is_empty() {
            continue;
        }
        let mut a_sorted = a.clone();
        a_sorted.sort_unstable();
        for w in &a[..prefix(a).min(a.len())] {
            for &j in index.get(w).map_or(&[][..], Vec::as_slice) {
                if std::mem::replace(&mut seen[j as usize], i as u32) == i as u32 {
                    continue;
                }
                let b = &b_sets[j as usize];
                let common = b.iter().filter(|w| a_sorted.binary_search(w).is_ok()).count();
                let s = 2.0 * common as f64 / (a.len() + b.len()) as f64;
                if s >= t {
                    f(i, j as usize, s);
                }
            }
        }
    }
}

/// A run of a word diff.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WordTag {
    Same,
    Removed,
    Added,
}

/// A word-level diff of two titles: runs of unchanged, removed and added
/// text (whitespace included), removals before additions.
pub fn word_diff(old: &str, new: &str) -> Vec<(WordTag, String)> {
    let diff = TextDiff::from_words(old, new);
    let mut out: Vec<(WordTag, String)> = Vec::new();
    for change in diff.iter_all_changes() {
        let tag = match change.tag() {
            ChangeTag::Equal => WordTag::Same,
            ChangeTag::Delete => WordTag::Removed,
            ChangeTag::Insert => WordTag::Added,
        };
        let value = change.value();
        push_run(&mut out, tag, value);
    }
    tidy_whitespace(out)
}

fn push_run(out: &mut Vec<(WordTag, String)>, tag: WordTag, text: &str) {
    if text.is_empty() {
        return;
    }
    match out.last_mut() {
        Some((t, s)) if *t == tag => s.push_str(text),
        _ => out.push((tag, text.to_string())),
    }
}

/// Moves whitespace that every part of a change shares at its start or end
/// out of the change (`meeting{+ on day one+}` → `meeting {+on day one+}`),
/// unless a part would be left empty.
fn tidy_whitespace(runs: Vec<(WordTag, String)>) -> Vec<(WordTag, String)> {
    let mut out: Vec<(WordTag, String)> = Vec::new();
    let mut i = 0;
    while i < runs.len() {
        if runs[i].0 == WordTag::Same {
            push_run(&mut out, WordTag::Same, &runs[i].1);
            i += 1;
            continue;
        }
        let start = i;
        while i < runs.len() && runs[i].0 != WordTag::Same {
            i += 1;
        }
        let group = &runs[start..i];
        let shared = |edge: fn(&str) -> &str| -> &str {
            let first = edge(&group[0].1);
            if group.iter().all(|(_, s)| !s.trim().is_empty() && edge(s) == first) {
                first
            } else {
                ""
            }
        };
        let lead = shared(|s| &s[..s.len() - s.trim_start().len()]);
        let trail = shared(|s| &s[s.trim_end().len()..]);
        push_run(&mut out, WordTag::Same, lead);
        for (tag, s) in group {
            push_run(&mut out, *tag, &s[lead.len()..s.len() - trail.len()]);
        }
        push_run(&mut out, WordTag::Same, trail);
    }
    out
}

/// A word diff in `git diff --word-diff=plain` notation:
/// `Grow ARR from [-1.0-]{+1.2+} MUSD`.
pub fn word_diff_plain(old: &str, new: &str) -> String {
    word_diff(old, new)
        .into_iter()
        .map(|(tag, s)| match tag {
            WordTag::Same => s,
            WordTag::Removed => format!("[-{s}-]"),
            WordTag::Added => format!("{{+{s}+}}"),
        })
        .collect()
}

#[cfg(test)]
mod tests;
