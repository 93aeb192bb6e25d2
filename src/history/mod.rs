//! The history engine: per-KR time series from the git log.
//!
//! Pure: it takes the log (commits and the OKR files each one changed) and
//! the KR values of every blob, and returns one series per KR. Reading the
//! log and the blobs is `git`'s job.

use crate::core::model::{KrValues, Values};
use crate::core::parse;
use crate::core::refs::{ObjRef, Period};
use std::collections::{BTreeMap, HashMap};

/// One commit of the log, as the history engine sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogCommit {
    /// 40 hex digits.
    pub id: String,
    /// Author time (when the check-in was made), seconds since the Unix epoch (UTC).
    pub time: i64,
    pub author: String,
    /// The full commit message.
    pub message: String,
}

/// A change to one OKR file in one commit. Paths are relative to the OKR
/// root; blobs are indices into the log's blob table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileChange {
    pub old_path: Option<String>,
    pub new_path: Option<String>,
    pub old_blob: Option<usize>,
    pub new_blob: Option<usize>,
}

/// A commit on the first-parent line and what it changed. For a merge,
/// `side` lists the commits the merge brought in (oldest first) with their
/// own changes, so that values can be credited to whoever made them.
#[derive(Debug, Clone)]
pub struct LogEntry {
    pub commit: LogCommit,
    pub changes: Vec<FileChange>,
    pub side: Vec<(LogCommit, Vec<FileChange>)>,
}

/// A commit id as people are shown it: its first 7 hex digits, as git
/// abbreviates, the same in every output.
pub fn short_id(id: &str) -> &str {
    id.get(..7).unwrap_or(id)
}

/// What one blob says about its KRs; `None` when the file could not be read.
pub type BlobKrs = Option<KrValues>;

/// The KRs of one version of a file as [`build`] reads them: a [`BlobKrs`],
/// or the compact [`PackedKrs`] the git edge keeps for long histories.
pub trait BlobValues {
    /// `(id, values)` of every KR in file order; `None` when the version
    /// could not be read.
    fn krs(&self) -> Option<impl Iterator<Item = (&str, Values)> + Clone + '_>;
}

impl BlobValues for BlobKrs {
    fn krs(&self) -> Option<impl Iterator<Item = (&str, Values)> + Clone + '_> {
        self.as_ref().map(|krs| krs.iter().map(|(id, v, _)| (id.as_str(), *v)))
    }
}

/// One KR of a [`PackedKrs`]: its id (shared by every version that has it)
/// and its [`Values`] packed: the numbers (`current`, `target`, `baseline`,
/// `confidence`) with a bit per number that is set; `done` in two more bits
/// of `set`. [`PackedKr::pack`] and [`PackedKr::values`] are the only
/// conversions.
#[derive(Debug, Clone)]
struct PackedKr {
    id: std::sync::Arc<str>,
    values: [f64; 4],
    set: u8,
}

/// `set`'s bit for "`done` is set", and the one for its value.
const DONE_SET: u8 = 1 << 4;
const DONE_TRUE: u8 = 1 << 5;

impl PackedKr {
    fn pack(id: std::sync::Arc<str>, v: &Values) -> PackedKr {
        let parts = [v.current, v.target, v.baseline, v.confidence];
        let mut set = 0;
        for (i, p) in parts.iter().enumerate() {
            if p.is_some() {
                set |= 1 << i;
            }
        }
        match v.done {
            Some(true) => set |= DONE_SET | DONE_TRUE,
            Some(false) => set |= DONE_SET,
            None => {}
        }
        PackedKr { id, values: parts.map(|p| p.unwrap_or(0.0)), set }
    }

    fn values(&self) -> Values {
        let get = |i: usize| (self.set & (1 << i) != 0).then_some(self.values[i]);
        let done = (self.set & DONE_SET != 0).then_some(self.set & DONE_TRUE != 0);
        Values { current: get(0), target: get(1), baseline: get(2), confidence: get(3), done }
    }
}

// The compact storage must stay compact: a long history keeps every version.
const _: () = assert!(std::mem::size_of::<PackedKr>() <= 56);

/// What one blob says about its KRs, in 56 bytes per KR: a history of
/// 100,000 file versions keeps all of them in memory at once.
#[derive(Debug, Clone, Default)]
pub struct PackedKrs(Option<Box<[PackedKr]>>);

impl PackedKrs {
    /// Packs `krs` (layers are not kept: [`build`] does not read them);
    /// `id` returns the shared copy of a KR id.
    pub fn new(krs: BlobKrs, mut id: impl FnMut(&str) -> std::sync::Arc<str>) -> PackedKrs {
        PackedKrs(krs.map(|krs| krs.iter().map(|(kr, v, _)| PackedKr::pack(id(kr), v)).collect()))
    }
}

impl BlobValues for PackedKrs {
    fn krs(&self) -> Option<impl Iterator<Item = (&str, Values)> + Clone + '_> {
        self.0.as_ref().map(|krs| krs.iter().map(|k| (&*k.id, k.values())))
    }
}

/// Reads the KR values of one version of a file. Files whose front matter
/// cannot be parsed give `None` (the commit is skipped for them).
pub fn extract(bytes: &[u8]) -> BlobKrs {
    parse::kr_values(bytes)
}

/// One check-in: a commit that introduced a KR or changed one of its values.
#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    /// Index into [`History::commits`]: the commit credited with the change.
    pub commit: usize,
    pub values: Values,
    /// When the check-in was made: the credited commit's author time (SPEC
    /// §9), also for a side-branch commit a merge brought in later. Points
    /// are in this order; pace, staleness and the weekly review use it.
    pub landed: i64,
    /// The commit says `Okr-Check-In: <this KR>`: measured, maybe unchanged.
    pub trailer: bool,
    /// A check-in (SPEC §9): the commit changed `current`, `done` or
    /// `confidence` (the introduction when it set one) or has a trailer for
    /// the KR; `updated` is the newest.
    pub measured: bool,
}

/// The trailer key of a check-in that changed no value (SPEC §9).
pub const CHECK_IN_TRAILER: &str = "Okr-Check-In";

/// Whether a raw commit message has at least one `Okr-Check-In:` trailer
/// line with a value: [`check_in_trailers`] is not empty, without decoding
/// the message (the history walk asks this of every side-branch commit).
pub fn has_check_in_trailer(message: &[u8]) -> bool {
    message.split(|b| *b == b'\n').any(|line| {
        let Some(colon) = line.iter().position(|b| *b == b':') else { return false };
        let (key, value) = (line[..colon].trim_ascii(), line[colon + 1..].trim_ascii());
        key.eq_ignore_ascii_case(CHECK_IN_TRAILER.as_bytes()) && !value.is_empty()
    })
}

/// The KR refs a commit message checks in with `Okr-Check-In: <ref>`
/// trailer lines (SPEC §9), in message order, each once.
pub fn check_in_trailers(message: &str) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    for line in message.lines() {
        let Some((key, value)) = line.split_once(':') else { continue };
        let value = value.trim();
        if key.trim().eq_ignore_ascii_case(CHECK_IN_TRAILER) && !value.is_empty() && !out.contains(&value) {
            out.push(value);
        }
    }
    out
}

/// Every KR's series, keyed by the KR's ref at the tip of the history.
#[derive(Debug, Default)]
pub struct History {
    pub commits: Vec<LogCommit>,
    pub series: BTreeMap<String, Vec<Point>>,
    /// Objective ref -> commits that changed its file (oldest first), value
    /// changes or not: the learning notes of the weekly review.
    pub file_commits: HashMap<String, Vec<usize>>,
    /// Files whose front matter could not be read at some commit.
    pub warnings: Vec<String>,
    /// The history stops at a shallow-clone boundary.
    pub shallow: bool,
}

/// The objective ref of a file path relative to the OKR root.
fn objective_ref(path: &str) -> Option<ObjRef> {
    parse::locate(path).ok().map(|(q, id)| ObjRef::new(q, id))
}

struct Builder<'a, B> {
    blobs: &'a [B],
    history: History,
    /// Path -> KR id -> values, for the files present after the last commit.
    state: HashMap<String, BTreeMap<String, Values>>,
    warned: std::collections::HashSet<String>,
    commit_ids: HashMap<String, usize>,
    /// The last blob and state of files deleted from the OKR root, by path:
    /// the same bytes back at the same path (a file moved out of the root
    /// and back) are no new check-in; a re-created file is introduced again.
    removed: HashMap<String, (usize, BTreeMap<String, Values>)>,
}

impl<B: BlobValues> Builder<'_, B> {
    /// The index of a commit in the table, adding it on first use.
    fn commit_index(&mut self, c: &LogCommit) -> usize {
        if let Some(&i) = self.commit_ids.get(&c.id) {
            return i;
        }
        self.history.commits.push(c.clone());
        let i = self.history.commits.len() - 1;
        self.commit_ids.insert(c.id.clone(), i);
        i
    }

    /// Moves the series of every KR of `old` to `new` (a renamed file).
    fn rename(&mut self, old: &str, new: &str) {
        let (Some(o), Some(n)) = (objective_ref(old), objective_ref(new)) else {
            return;
        };
        if o == n {
            return;
        }
        // Every KR ref of `o` starts with `o#`: the text of its KR "".
        let prefix = o.kr_text("");
        let keys: Vec<String> = self
            .history
            .series
            .range(prefix.clone()..)
            .take_while(|(k, _)| k.starts_with(&prefix))
            .map(|(k, _)| k.clone())
            .collect();
        for k in keys {
            if let Some(points) = self.history.series.remove(&k) {
                let target = n.kr_text(&k[prefix.len()..]);
                let entry = self.history.series.entry(target).or_default();
                entry.extend(points);
                entry.sort_by_key(|p| p.landed);
            }
        }
        if let Some(s) = self.state.remove(old) {
            self.state.insert(new.to_string(), s);
        }
    }

    /// Replays the commits a merge brought in: each side commit that changed
    /// a KR value is its own check-in, credited to its author. Only the
    /// fields a side commit changed are applied, on top of the main line's
    /// values, so a value changed on the main line meanwhile is kept.
    fn replay_side(&mut self, side: &[(LogCommit, Vec<FileChange>)]) {
        for (c, changes) in side {
            for ch in changes {
                let Some(path) = ch.new_path.as_ref() else { continue };
                let Some(oref) = objective_ref(path) else { continue };
                let blobs = self.blobs;
                let Some(new_vals) = ch.new_blob.and_then(|b| blobs.get(b)).and_then(BlobValues::krs) else {
                    continue;
                };
                let old_vals = ch.old_blob.and_then(|b| blobs.get(b)).and_then(BlobValues::krs);
                let mut st = self.state.get(path).cloned().unwrap_or_default();
                for (kr, v) in new_vals {
                    let before = old_vals.clone().and_then(|mut o| o.find(|(id, _)| *id == kr)).map(|(_, v)| v);
                    let current = st.get(kr).copied();
                    let next = match (current, before) {
                        (Some(mut cur), Some(b)) => {
                            if v.current != b.current {
                                cur.current = v.current;
                            }
                            if v.target != b.target {
                                cur.target = v.target;
                            }
                            if v.baseline != b.baseline {
                                cur.baseline = v.baseline;
                            }
                            if v.confidence != b.confidence {
                                cur.confidence = v.confidence;
                            }
                            if v.done != b.done {
                                cur.done = v.done;
                            }
                            cur
                        }
                        _ => v,
                    };
                    if current != Some(next) {
                        let commit = self.commit_index(c);
                        self.history.series.entry(oref.kr_text(kr)).or_default().push(Point {
                            commit,
                            values: next,
                            landed: c.time,
                            trailer: false,
                            measured: current.map_or(next.any_check_in(), |c| c.checked_in(&next)),
                        });
                        st.insert(kr.to_string(), next);
                    }
                }
                self.state.insert(path.clone(), st);
            }
            self.trailers(c);
        }
    }

    /// The `Okr-Check-In:` trailers of commit `c`: a point for each named KR
    /// that the commit did not already check in by changing a value.
    fn trailers(&mut self, c: &LogCommit) {
        for r in check_in_trailers(&c.message) {
            let Some(last) = self.history.series.get(r).and_then(|s| s.last()).cloned() else {
                continue;
            };
            let commit = self.commit_index(c);
            let Some(series) = self.history.series.get_mut(r) else { continue };
            match series.last_mut() {
                Some(p) if p.commit == commit => {
                    p.trailer = true;
                    p.measured = true;
                }
                _ => series.push(Point { commit, values: last.values, landed: c.time, trailer: true, measured: true }),
            }
        }
    }

    // Long: one change's cases (deleted, renamed or changed in place) share the entry's own commit index, added on first use.
    fn entry(&mut self, e: &LogEntry) {
        self.replay_side(&e.side);
        // The entry's own commit, added to the table on first use.
        let mut own: Option<usize> = None;
        let blobs = self.blobs;
        for ch in &e.changes {
            let oref = ch.new_path.as_deref().or(ch.old_path.as_deref()).and_then(objective_ref);
            if let Some(oref) = &oref {
                let oref = &oref.to_string();
                // Who touched this file: the side-branch commits a merge brought in, else the commit itself.
                let mut touched = false;
                for (c, chs) in &e.side {
                    if chs.iter().any(|c| c.new_path == ch.new_path || c.old_path == ch.old_path) {
                        touched = true;
                        let i = self.commit_index(c);
                        self.note_file_commit(oref, i);
                    }
                }
                if !touched {
                    let i = *own.get_or_insert_with(|| self.commit_index(&e.commit));
                    self.note_file_commit(oref, i);
                }
            }
            match (&ch.old_path, &ch.new_path) {
                (Some(old), None) => {
                    if let (Some(st), Some(blob)) = (self.state.remove(old), ch.old_blob) {
                        self.removed.insert(old.clone(), (blob, st));
                    }
                }
                (old, Some(new)) => {
                    if let Some(old) = old.as_ref().filter(|o| *o != new) {
                        self.rename(old, new);
                    }
                    let Some(values) = ch.new_blob.and_then(|b| blobs.get(b)).and_then(BlobValues::krs) else {
                        if self.warned.insert(new.clone()) {
                            self.history.warnings.push(format!(
                                "{new}: the front matter could not be read at commit {} ({}); that commit's values were skipped",
                                short_id(&e.commit.id),
                                crate::core::quarter::rfc3339(e.commit.time)
                            ));
                        }
                        continue;
                    };
                    // `oref` is the new path's here.
                    let Some(oref) = &oref else {
                        continue;
                    };
                    let back =
                        self.removed.remove(new).filter(|(blob, _)| Some(*blob) == ch.new_blob).map(|(_, st)| st);
                    let mut state = self.state.remove(new).or(back).unwrap_or_default();
                    for (kr, v) in values.clone() {
                        if state.get(kr) != Some(&v) {
                            // What the side commits did not explain (a conflict
                            // resolution, an edit in the merge) is the merge's own.
                            let commit = *own.get_or_insert_with(|| self.commit_index(&e.commit));
                            self.history.series.entry(oref.kr_text(kr)).or_default().push(Point {
                                commit,
                                values: v,
                                landed: e.commit.time,
                                trailer: false,
                                measured: state.get(kr).map_or(v.any_check_in(), |s| s.checked_in(&v)),
                            });
                        }
                    }
                    // The file's KRs are now exactly the new version's.
                    let same_krs =
                        state.len() == values.clone().count() && values.clone().all(|(kr, _)| state.contains_key(kr));
                    if same_krs {
                        for (kr, v) in values {
                            if let Some(slot) = state.get_mut(kr) {
                                *slot = v;
                            }
                        }
                    } else {
                        state = values.map(|(kr, v)| (kr.to_string(), v)).collect();
                    }
                    self.state.insert(new.clone(), state);
                }
                (None, None) => {}
            }
        }
        self.trailers(&e.commit);
    }

    /// Notes that commit `i` changed the file of objective `oref`.
    fn note_file_commit(&mut self, oref: &str, i: usize) {
        let list = match self.history.file_commits.get_mut(oref) {
            Some(list) => list,
            None => self.history.file_commits.entry(oref.to_string()).or_default(),
        };
        if list.last() != Some(&i) {
            list.push(i);
        }
    }
}

/// Builds every KR's series from the log (oldest first) and the values of
/// each blob the log refers to.
pub fn build<B: BlobValues>(entries: &[LogEntry], blobs: &[B], shallow: bool) -> History {
    let mut b = Builder {
        blobs,
        history: History { shallow, ..History::default() },
        state: HashMap::new(),
        warned: Default::default(),
        commit_ids: HashMap::new(),
        removed: HashMap::new(),
    };
    for e in entries {
        b.entry(e);
    }
    for points in b.history.series.values_mut() {
        // Author times need not increase along the log (a rebase keeps the
        // old ones, a branch merged later brings older check-ins): points
        // are in the order they were made, so lookups by time stay correct.
        points.sort_by_key(|p| p.landed);
    }
    b.history
}

impl History {
    pub fn points(&self, kr_ref: &str) -> &[Point] {
        self.series.get(kr_ref).map_or(&[], Vec::as_slice)
    }

    /// When a point's change landed on the first-parent line.
    pub fn time(&self, p: &Point) -> i64 {
        p.landed
    }

    /// When the credited commit was made (what people are shown).
    pub fn commit_time(&self, p: &Point) -> i64 {
        self.commits[p.commit].time
    }

    /// Time of the last point that changed `current` (the introduction
    /// counts when it set one).
    pub fn updated(&self, kr_ref: &str) -> Option<i64> {
        self.updated_until(kr_ref, i64::MAX)
    }

    /// [`History::updated`] counting only the points that landed up to
    /// `until` (the history as it stood then).
    pub fn updated_until(&self, kr_ref: &str, until: i64) -> Option<i64> {
        // Points are in time order: the last measured one is the newest.
        let points = self.points(kr_ref).iter().take_while(|p| self.time(p) <= until);
        points.filter(|p| p.measured).last().map(|p| self.commit_time(p))
    }

    /// `(time, current)` over a quarter: the value in force at the quarter's
    /// start (carried in from before it), then every change inside it.
    pub fn quarter_values(&self, kr_ref: &str, quarter: impl Into<Period>, fy: u8) -> Vec<(i64, f64)> {
        let quarter = quarter.into();
        let start = day_start(quarter.start(fy));
        let end = day_start(quarter.end(fy));
        let mut out: Vec<(i64, f64)> = Vec::new();
        let mut carried = None;
        for p in self.points(kr_ref) {
            let t = self.time(p);
            let Some(v) = p.values.current.or(p.values.baseline) else {
                continue;
            };
            if t < start {
                carried = Some(v);
            } else if t < end {
                if let Some(c) = carried.take() {
                    out.push((start, c));
                }
                out.push((t, v));
            }
        }
        if let Some(c) = carried {
            out.push((start, c));
        }
        out
    }

    /// The quarter's values where `current` changed (and the one in force at
    /// its start): [`History::quarter_values`] without the points of commits
    /// that moved only the target or the baseline, which measured nothing.
    pub fn measurements(&self, kr_ref: &str, quarter: impl Into<Period>, fy: u8) -> Vec<(i64, f64)> {
        let mut points = self.quarter_values(kr_ref, quarter, fy);
        points.dedup_by(|later, earlier| later.1 == earlier.1);
        points
    }

    /// Least-squares line through the quarter's measurements, evaluated at the
    /// end of the quarter's last day (targets count the whole day); `None`
    /// with fewer than two points or no spread in time.
    pub fn projected(&self, kr_ref: &str, quarter: impl Into<Period>, fy: u8) -> Option<f64> {
        let quarter = quarter.into();
        let points = self.measurements(kr_ref, quarter, fy);
        linear_fit(&points).map(|(slope, intercept)| slope * day_start(quarter.end(fy)) as f64 + intercept)
    }
}

/// The UTC date of seconds since the epoch; `None` outside jiff's range
/// (a commit can claim any time).
pub fn utc_date(secs: i64) -> Option<jiff::civil::Date> {
    let days = jiff::Span::new().try_days(secs.div_euclid(86_400)).ok()?;
    jiff::civil::date(1970, 1, 1).checked_add(days).ok()
}

/// Seconds since the epoch at 00:00 UTC of a date.
pub fn day_start(d: jiff::civil::Date) -> i64 {
    crate::core::quarter::days_between(jiff::civil::date(1970, 1, 1), d) * 86_400
}

/// `(slope, intercept)` of the least-squares line through `(x, y)` points.
pub fn linear_fit(points: &[(i64, f64)]) -> Option<(f64, f64)> {
    if points.len() < 2 {
        return None;
    }
    let n = points.len() as f64;
    // Centre x for numerical stability (times are ~1.7e9).
    let x0 = points[0].0 as f64;
    let mx = points.iter().map(|(x, _)| *x as f64 - x0).sum::<f64>() / n;
    let my = points.iter().map(|(_, y)| y).sum::<f64>() / n;
    let sxx: f64 = points.iter().map(|(x, _)| (*x as f64 - x0 - mx).powi(2)).sum();
    if sxx == 0.0 {
        return None;
    }
    let sxy: f64 = points.iter().map(|(x, y)| (*x as f64 - x0 - mx) * (y - my)).sum();
    let slope = sxy / sxx;
    Some((slope, my - slope * (mx + x0)))
}

pub mod review;

#[cfg(test)]
mod tests;

impl History {
    /// The values in force at `time`: the last point at or before it.
    pub fn value_at(&self, kr_ref: &str, time: i64) -> Option<Values> {
        self.points(kr_ref).iter().take_while(|p| self.time(p) <= time).last().map(|p| p.values)
    }

    /// When the KR first appeared.
    pub fn introduced(&self, kr_ref: &str) -> Option<i64> {
        self.points(kr_ref).first().map(|p| self.time(p))
    }
}
