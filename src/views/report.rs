//! `okr report`'s core: everything the static dashboard shows for one
//! quarter, computed from the workspace, the findings of `okr check` and the
//! git history. Pure: `render::html` turns it into pages and the CLI writes
//! them.
//!
//! Built on the other cores: scores from `score`, both trees from `tree`,
//! weekly attainment of input metrics from `review`, check-ins from
//! `history`.

use crate::core::config::Config;
use crate::core::diagnostic::Diagnostic;
use crate::core::model::{KeyResult, Layer, Objective};
use crate::core::quarter::{Quarter, Week};
use crate::core::refs;
use crate::core::score::{KrScore, Status};
use crate::core::workspace::Workspace;
use crate::history::review::{self, WeekResult};
use crate::history::{day_start, History};
use crate::views::tree::{self, Trees};
use jiff::civil::Date;
use std::collections::{BTreeMap, HashMap, HashSet};

/// What the report is built from.
pub struct Inputs<'a> {
    pub workspace: &'a Workspace,
    pub config: &'a Config,
    /// `None` without history (`--no-history`, not a git repository, shallow clone).
    pub history: Option<&'a History>,
    pub quarter: Quarter,
    pub as_of: Date,
    /// Every finding of `okr check`: data errors and quality rules.
    pub findings: &'a [Diagnostic],
}

/// One point of a KR's trajectory: a commit that introduced the KR or
/// changed one of its values.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckIn<'a> {
    /// When the change landed on the first-parent line (the x position).
    pub landed: i64,
    /// When the credited commit was made (what people are shown).
    pub time: i64,
    /// `current` (else `baseline`) after the commit.
    pub value: f64,
    pub target: Option<f64>,
    /// 40 hex digits.
    pub commit: &'a str,
    pub author: &'a str,
    /// The commit message's first line.
    pub summary: &'a str,
    /// Made before the quarter started: the value in force on its first day.
    pub carried: bool,
    /// The owner's confidence after the commit.
    pub confidence: Option<f64>,
    /// A milestone (no `current` or `baseline`): its `done` after the
    /// commit, plotted as 1 or 0.
    pub milestone: Option<bool>,
}

/// The check-in that made a milestone done (the last flip to `done: true`).
#[derive(Debug, Clone, PartialEq)]
pub struct DoneBy<'a> {
    /// The credited commit's author time.
    pub time: i64,
    pub author: &'a str,
    /// 40 hex digits.
    pub commit: &'a str,
}

/// When and by whom milestone `kr_ref` was last made done, if it is done
/// now (history up to the as-of day: later points are not read).
pub fn done_by<'h>(h: &'h History, kr_ref: &str) -> Option<DoneBy<'h>> {
    let mut flip = None;
    let mut was_done = false;
    for p in h.points(kr_ref) {
        let done = p.values.done == Some(true);
        if done && !was_done {
            flip = Some(p);
        }
        was_done = done;
    }
    let p = flip.filter(|_| was_done)?;
    let c = &h.commits[p.commit];
    Some(DoneBy { time: c.time, author: &c.author, commit: &c.id })
}

/// A KR's trajectory over its quarter.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart<'a> {
    /// The quarter's first second and the next quarter's first second (UTC).
    pub start: i64,
    pub end: i64,
    /// The end of the as-of day.
    pub as_of: i64,
    /// Effective baseline and target (an input's target from `weekly_target`).
    pub baseline: Option<f64>,
    pub target: Option<f64>,
    pub points: Vec<CheckIn<'a>>,
}

/// One KR with everything the dashboard shows about it.
#[derive(Debug)]
pub struct KrReport<'a> {
    pub objective: &'a Objective,
    pub kr: &'a KeyResult,
    pub score: KrScore,
    /// `None` without history.
    pub chart: Option<Chart<'a>>,
    /// Input metrics with history: every week of the quarter so far.
    pub weeks: Vec<WeekResult>,
    /// The as-of week (the quarter's last week once it is over).
    pub this_week: Option<WeekResult>,
    pub updated: Option<i64>,
    pub projected: Option<f64>,
    /// A milestone that is done: the check-in that made it so.
    pub done: Option<DoneBy<'a>>,
    /// Indices into [`Report::krs`].
    pub drives: Vec<usize>,
    pub driven_by: Vec<usize>,
}

/// What an objective contributes to.
#[derive(Debug, Clone, PartialEq)]
pub struct ParentRef {
    /// The full ref (`QUARTER/ID` or `QUARTER/ID#KR`).
    pub reference: String,
    /// Index into [`Report::objectives`] when the parent is in this quarter.
    pub objective: Option<usize>,
    pub title: Option<String>,
    pub kr_title: Option<String>,
}

/// A key result of another objective in one objective's part of the
/// metric tree: it drives one of the objective's KRs (directly or through
/// others) or is driven by one, along the `drives` edges the metric map and
/// the metric tree follow ([`Trees::drives`]) and the `parent` links of the
/// alignment tree ([`Links`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    /// Index into [`Report::krs`].
    pub kr: usize,
    /// Its home: index into [`Report::objectives`]; `None` for a KR of
    /// another quarter.
    pub home: Option<usize>,
    /// It drives the objective's KRs `own` (else they drive it).
    pub upstream: bool,
    /// The link passes through a `parent` link (a child objective's KRs
    /// contribute to the KR or objective their `parent` names), not only
    /// `drives` edges.
    pub through_parent: bool,
    /// The objective's own KRs it is linked to, indices into [`Report::krs`]
    /// in file order.
    pub own: Vec<usize>,
}

/// At most this many related KRs are listed on one objective each way (up
/// and down the tree), the nearest first; the metric map and the trees have
/// them all.
pub const MAX_RELATED: usize = 20;

/// At most this many KRs are visited by one walk from one KR, so a deep
/// chain of links costs each objective a bounded walk, not the chain.
const MAX_VISITS: usize = 1_000;

#[derive(Debug)]
pub struct ObjectiveReport {
    /// Indices into [`Report::krs`], in file order.
    pub krs: Vec<usize>,
    /// The other objectives' KRs in this one's part of the metric tree, by
    /// index into [`Report::krs`]; at most [`MAX_RELATED`] each way.
    pub related: Vec<Related>,
    /// There are more than `related` lists.
    pub related_more: bool,
    pub parent: Option<ParentRef>,
    /// Objectives of the quarter that name this one (or one of its KRs) as parent.
    pub children: Vec<usize>,
    /// Indices into [`Report::findings`].
    pub findings: Vec<usize>,
}

/// A team's objectives.
#[derive(Debug, Clone, PartialEq)]
pub struct Team {
    pub name: String,
    pub objectives: Vec<usize>,
    /// The mean of its scored objectives.
    pub score: Option<f64>,
}

/// What one person owns in the quarter ("my KRs"): each objective they own
/// or in which they own a key result ([`Objective::owned_by`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnerReport {
    pub name: String,
    /// In the report's objective order (company first, then team by team).
    pub objectives: Vec<Owned>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Owned {
    /// Index into [`Report::objectives`].
    pub objective: usize,
    /// They own the objective itself (not only some of its key results).
    pub owns_objective: bool,
    /// Their key results there, indices into [`Report::krs`] in file order.
    pub krs: Vec<usize>,
}

/// One row of the input-output metric map. Indices into [`Report::krs`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MapRow {
    pub output: Option<usize>,
    /// The leading indicators between them, in `drives` order.
    pub leading: Vec<usize>,
    pub input: Option<usize>,
}

#[derive(Debug)]
pub struct Finding<'a> {
    pub diagnostic: &'a Diagnostic,
    /// Index into [`Report::objectives`] of the objective it concerns.
    pub objective: Option<usize>,
    /// The KR id, for a finding about one KR.
    pub kr: Option<String>,
}

/// Objectives per status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct StatusCounts {
    pub done: usize,
    pub on_track: usize,
    pub at_risk: usize,
    pub off_track: usize,
    pub unscored: usize,
}

impl StatusCounts {
    pub fn add(&mut self, s: Option<Status>) {
        match s {
            Some(Status::Done) => self.done += 1,
            Some(Status::OnTrack) => self.on_track += 1,
            Some(Status::AtRisk) => self.at_risk += 1,
            Some(Status::OffTrack) => self.off_track += 1,
            None => self.unscored += 1,
        }
    }
}

/// The whole report. Objectives are those of `trees.objectives` (same
/// indices); `krs` are those of `trees.krs`.
pub struct Report<'a> {
    pub quarter: Quarter,
    pub as_of: Date,
    pub fy: u8,
    /// Share of the quarter elapsed on the as-of date.
    pub expected: f64,
    /// The week whose attainment the input dials show.
    pub week: Week,
    pub has_history: bool,
    pub trees: Trees<'a>,
    /// The bets around the quarter (SPEC §11; the bets page, `tree::bets`):
    /// the objectives of longer horizons that contain the quarter, down to
    /// the quarter's objectives that name one of them as `parent` (what lies
    /// below those is in `trees`). Alignment only, no metric tree.
    pub bets: Trees<'a>,
    /// For each objective of `bets`, its index in `trees.objectives` when it
    /// is one of the quarter's (its page).
    pub bet_objective: Vec<Option<usize>>,
    pub krs: Vec<KrReport<'a>>,
    pub objectives: Vec<ObjectiveReport>,
    pub teams: Vec<Team>,
    pub map: Vec<MapRow>,
    /// Everyone who owns an objective or a key result of the quarter, by name.
    pub owners: Vec<OwnerReport>,
    pub findings: Vec<Finding<'a>>,
    pub counts: StatusCounts,
    /// Objectives of the quarter whose file cannot be read: listed, never
    /// scored or counted.
    pub unreadable: Vec<&'a crate::core::workspace::Unreadable>,
}

/// At most this many metric-map rows start from one input metric.
const MAX_PATHS_PER_INPUT: usize = 32;

// Long: the view model in stages over shared indices (KRs, objectives, teams, findings, the metric map), each reading the ones before.
/// Builds the report of `inp.quarter`.
pub fn build<'a>(inp: &Inputs<'a>) -> Report<'a> {
    let (quarter, as_of) = (inp.quarter, inp.as_of);
    let fy = inp.config.fiscal_year_start_month;
    let trees = tree::build_quarter(inp.workspace, quarter, as_of, fy, &inp.config.check.company_team);
    let q_end = quarter.last_day(fy);
    let week = Week::containing(as_of.min(q_end).max(quarter.start(fy)));

    let mut krs: Vec<KrReport<'a>> = trees
        .krs
        .iter()
        .map(|n| {
            let r = n.reference();
            let h = inp.history.filter(|_| !n.external);
            let weeks = match h {
                Some(h) if n.kr.layer == Layer::Input && as_of >= quarter.start(fy) => {
                    review::weekly(h, &r, n.kr.weekly_target, quarter, fy, as_of)
                }
                _ => Vec::new(),
            };
            KrReport {
                objective: n.objective,
                kr: n.kr,
                score: n.score,
                chart: h.map(|h| chart(h, &r, quarter, fy, as_of, n.score.values.baseline, n.score.values.target)),
                this_week: weeks.last().cloned(),
                weeks,
                updated: h.and_then(|h| h.updated(&r)),
                projected: h.and_then(|h| h.projected(&r, quarter, fy)),
                done: h.filter(|_| n.kr.done == Some(true)).and_then(|h| done_by(h, &r)),
                drives: Vec::new(),
                driven_by: Vec::new(),
            }
        })
        .collect();
    for &(a, b) in &trees.drives {
        krs[a].drives.push(b);
        krs[b].driven_by.push(a);
    }

    let index: HashMap<String, usize> =
        trees.objectives.iter().enumerate().map(|(i, n)| (n.objective.reference(), i)).collect();
    let mut objectives: Vec<ObjectiveReport> = trees
        .objectives
        .iter()
        .map(|n| {
            let o = n.objective;
            let parent = o.parent_resolved.as_ref().map(|p| {
                let (oref, kr) = (p.objective().to_string(), p.kr());
                let target = inp.workspace.get(&oref);
                ParentRef {
                    reference: p.to_string(),
                    objective: index.get(&oref).copied(),
                    title: target.map(|t| t.title.clone()),
                    kr_title: kr.and_then(|k| {
                        target.and_then(|t| t.key_results.iter().find(|x| x.id == k)).map(|x| x.title.clone())
                    }),
                }
            });
            ObjectiveReport {
                krs: Vec::new(),
                related: Vec::new(),
                related_more: false,
                parent,
                children: Vec::new(),
                findings: Vec::new(),
            }
        })
        .collect();
    for (i, k) in krs.iter().enumerate() {
        if let Some(&o) = index.get(&k.objective.reference()).filter(|_| !trees.krs[i].external) {
            objectives[o].krs.push(i);
        }
    }
    for l in &trees.parents {
        objectives[l.parent].children.push(l.child);
    }
    let mut home: Vec<Option<usize>> = vec![None; krs.len()];
    for (oi, o) in objectives.iter().enumerate() {
        for &k in &o.krs {
            home[k] = Some(oi);
        }
    }
    let links = Links::new(&krs, &trees, &objectives);
    for o in &mut objectives {
        (o.related, o.related_more) = related(&o.krs, &links, &home);
    }

    let mut teams: Vec<Team> = Vec::new();
    let mut counts = StatusCounts::default();
    for (i, n) in trees.objectives.iter().enumerate() {
        counts.add(n.score.status);
        match teams.last_mut() {
            Some(t) if t.name == n.objective.team => t.objectives.push(i),
            _ => teams.push(Team { name: n.objective.team.clone(), objectives: vec![i], score: None }),
        }
    }
    for t in &mut teams {
        let scores: Vec<f64> = t.objectives.iter().filter_map(|&i| trees.objectives[i].score.score).collect();
        t.score = (!scores.is_empty()).then(|| scores.iter().sum::<f64>() / scores.len() as f64);
    }

    let prefix = format!("{quarter}/");
    let folder = format!("{}/{quarter}/", inp.config.root);
    let mut findings = Vec::new();
    for d in inp.findings {
        let in_quarter = match (&d.reference, &d.file) {
            (Some(r), _) => r.starts_with(&prefix),
            (None, Some(f)) => f.starts_with(&folder),
            (None, None) => true,
        };
        if !in_quarter {
            continue;
        }
        let (oref, kr) = match d.reference.as_deref().map(|r| refs::split_kr(r).unwrap_or((r, ""))) {
            Some((o, k)) => (Some(o.to_string()), (!k.is_empty()).then(|| k.to_string())),
            None => (d.file.as_deref().and_then(|f| objective_of_file(&trees, f)), None),
        };
        let objective = oref.and_then(|r| index.get(&r).copied());
        if let Some(o) = objective {
            objectives[o].findings.push(findings.len());
        }
        findings.push(Finding { diagnostic: d, objective, kr });
    }

    let map = metric_map(&trees, &krs);
    let owners = owners(&trees, &objectives);
    let bets = tree::bets(inp.workspace, quarter.into(), as_of, fy, &inp.config.check.company_team);
    let bet_objective = bets
        .objectives
        .iter()
        .map(|n| if n.objective.period == quarter { index.get(&n.objective.reference()).copied() } else { None })
        .collect();
    Report {
        quarter,
        as_of,
        fy,
        expected: quarter.expected(as_of, fy),
        week,
        has_history: inp.history.is_some(),
        trees,
        bets,
        bet_objective,
        krs,
        objectives,
        teams,
        map,
        owners,
        findings,
        counts,
        unreadable: inp.workspace.unreadable.iter().filter(|u| u.period == quarter).collect(),
    }
}

/// Who owns what in the quarter, by name: every objective's owner and the
/// owners of its key results ([`Objective::kr_owner`]).
fn owners(trees: &Trees<'_>, objectives: &[ObjectiveReport]) -> Vec<OwnerReport> {
    let mut by_name: BTreeMap<&str, Vec<Owned>> = BTreeMap::new();
    for (i, n) in trees.objectives.iter().enumerate() {
        let o = n.objective;
        let names: std::collections::BTreeSet<&str> =
            o.owner.as_deref().into_iter().chain(o.key_results.iter().filter_map(|k| o.kr_owner(k))).collect();
        for name in names {
            let Some(mask) = o.owned_by(name) else { continue };
            // The objective's KRs in the report, in file order, as `mask` has them.
            let krs = objectives[i].krs.iter().zip(&mask).filter(|(_, m)| **m).map(|(k, _)| *k).collect();
            by_name.entry(name).or_default().push(Owned {
                objective: i,
                owns_objective: o.owner.as_deref() == Some(name),
                krs,
            });
        }
    }
    by_name.into_iter().map(|(name, objectives)| OwnerReport { name: name.to_string(), objectives }).collect()
}

/// How the report's KRs are linked, both ways: `drives` edges (the metric
/// map's and the metric tree's) and `parent` links (the alignment tree's),
/// through which every KR of a child objective contributes to the KR its
/// `parent` names, or to the parent objective's outputs when it names the
/// objective.
pub struct Links {
    /// For each KR: the KRs that drive or contribute to it (`true`: through a parent link).
    pub up: Vec<Vec<(usize, bool)>>,
    /// For each KR: the KRs it drives or contributes to.
    pub down: Vec<Vec<(usize, bool)>>,
}

impl Links {
    pub fn new(krs: &[KrReport<'_>], trees: &Trees<'_>, objectives: &[ObjectiveReport]) -> Links {
        let mut up: Vec<Vec<(usize, bool)>> =
            krs.iter().map(|k| k.driven_by.iter().map(|&d| (d, false)).collect()).collect();
        let mut down: Vec<Vec<(usize, bool)>> =
            krs.iter().map(|k| k.drives.iter().map(|&d| (d, false)).collect()).collect();
        for l in &trees.parents {
            let parent = &objectives[l.parent].krs;
            let targets: Vec<usize> = match &l.kr {
                Some(id) => parent.iter().copied().filter(|&k| &krs[k].kr.id == id).collect(),
                None => parent.iter().copied().filter(|&k| krs[k].kr.layer == Layer::Output).collect(),
            };
            for &t in &targets {
                for &c in &objectives[l.child].krs {
                    up[t].push((c, true));
                    down[c].push((t, true));
                }
            }
        }
        Links { up, down }
    }
}

/// The KRs of other objectives linked to `own` (one objective's KRs)
/// through [`Links`], both ways, by index into the report's KRs, and
/// whether there are more than those; `home` is each KR's objective.
/// Breadth first, so the nearest are kept: at most [`MAX_RELATED`] each way,
/// [`MAX_VISITS`] per walk. A KR both upstream and downstream of them is
/// listed once, upstream; one linked by `drives` and by a parent link is
/// said to be linked by `drives`.
pub fn related(own: &[usize], links: &Links, home: &[Option<usize>]) -> (Vec<Related>, bool) {
    let mine: HashSet<usize> = own.iter().copied().collect();
    // (kr, downstream) -> (the own KRs it was reached from, through a parent link).
    let mut found: BTreeMap<(usize, bool), (Vec<usize>, bool)> = BTreeMap::new();
    let mut more = false;
    for upstream in [true, false] {
        let graph = if upstream { &links.up } else { &links.down };
        let mut count = 0;
        // `drives` edges first, so a KR linked both ways is said to drive.
        for (&start, with_parents) in own.iter().flat_map(|s| [(s, false), (s, true)]) {
            let mut seen: HashSet<usize> = HashSet::from([start]);
            let mut queue = std::collections::VecDeque::from([start]);
            while let Some(n) = queue.pop_front() {
                for &(m, parent_link) in &graph[n] {
                    if (parent_link && !with_parents) || !seen.insert(m) {
                        continue;
                    }
                    if seen.len() > MAX_VISITS {
                        more = true;
                        break;
                    }
                    let key = (m, !upstream);
                    let own_or_upstream = mine.contains(&m) || (!upstream && found.contains_key(&(m, false)));
                    if !own_or_upstream && !found.contains_key(&key) {
                        if count == MAX_RELATED {
                            // Full: the walk goes no further this way.
                            more = true;
                            continue;
                        }
                        count += 1;
                    }
                    queue.push_back(m);
                    if own_or_upstream {
                        continue;
                    }
                    let e = found.entry(key).or_insert_with(|| (Vec::new(), with_parents));
                    if !e.0.contains(&start) {
                        e.0.push(start);
                    }
                }
            }
        }
    }
    let list = found
        .into_iter()
        .map(|((kr, downstream), (mut own, through_parent))| {
            own.sort_unstable();
            Related { kr, home: home[kr], upstream: !downstream, through_parent, own }
        })
        .collect();
    (list, more)
}

/// The objective ref of a project-relative file path, if it is one of the quarter's.
fn objective_of_file(trees: &Trees<'_>, file: &str) -> Option<String> {
    trees.objectives.iter().find(|n| n.objective.file == file).map(|n| n.objective.reference())
}

/// A KR's check-ins over `quarter`: the one in force at its start (made
/// before it), then every one inside it.
pub fn chart<'h>(
    h: &'h History,
    kr_ref: &str,
    quarter: Quarter,
    fy: u8,
    as_of: Date,
    baseline: Option<f64>,
    target: Option<f64>,
) -> Chart<'h> {
    let start = day_start(quarter.start(fy));
    let end = day_start(quarter.next().start(fy));
    let mut points = Vec::new();
    let mut carried: Option<CheckIn> = None;
    for p in h.points(kr_ref) {
        let milestone = p.values.done.filter(|_| p.values.current.or(p.values.baseline).is_none());
        let Some(value) = p.values.current.or(p.values.baseline).or(milestone.map(|d| f64::from(u8::from(d)))) else {
            continue;
        };
        let landed = h.time(p);
        if landed >= end {
            break;
        }
        let c = &h.commits[p.commit];
        let point = CheckIn {
            landed,
            time: c.time,
            value,
            target: p.values.target,
            commit: &c.id,
            author: &c.author,
            summary: c.message.lines().next().unwrap_or("").trim(),
            carried: landed < start,
            confidence: p.values.confidence,
            milestone,
        };
        if landed < start {
            carried = Some(point);
        } else {
            points.extend(carried.take());
            points.push(point);
        }
    }
    points.extend(carried);
    Chart { start, end, as_of: day_start(as_of) + 86_399, baseline, target, points }
}

/// The input-output metric map: every path of `drives` links from an input
/// metric to an output (through leading indicators), then the outputs and
/// leading indicators no input reaches, so undecomposed outputs show.
pub fn metric_map(trees: &Trees<'_>, krs: &[KrReport<'_>]) -> Vec<MapRow> {
    let layer = |i: usize| krs[i].kr.layer;
    let mut rows: Vec<MapRow> = Vec::new();
    for start in 0..krs.len() {
        if layer(start) != Layer::Input || trees.krs[start].external {
            continue;
        }
        let mut paths = 0;
        // Depth-first over simple paths, iteratively: (node, path so far).
        let mut stack: Vec<(usize, Vec<usize>)> = vec![(start, Vec::new())];
        while let Some((node, path)) = stack.pop() {
            if paths >= MAX_PATHS_PER_INPUT {
                break;
            }
            let next: Vec<usize> = krs[node]
                .drives
                .iter()
                .copied()
                .filter(|n| *n != start && !path.contains(n) && layer(*n) != Layer::Input)
                .collect();
            let is_end = node != start && (layer(node) == Layer::Output || next.is_empty());
            if is_end || (node == start && next.is_empty()) {
                let (output, leading) = if node != start && layer(node) == Layer::Output {
                    (Some(node), path.clone())
                } else if node != start {
                    let mut l = path.clone();
                    l.push(node);
                    (None, l)
                } else {
                    (None, Vec::new())
                };
                rows.push(MapRow { output, leading, input: Some(start) });
                paths += 1;
                continue;
            }
            for n in next.into_iter().rev() {
                let mut p = path.clone();
                if node != start {
                    p.push(node);
                }
                stack.push((n, p));
            }
        }
    }
    // Outputs and leading indicators no input reaches.
    let mut covered: HashSet<(usize, usize)> = HashSet::new();
    let mut reached: HashSet<usize> = HashSet::new();
    for r in &rows {
        if let Some(o) = r.output {
            reached.insert(o);
            covered.extend(r.leading.iter().map(|&l| (o, l)));
        }
    }
    for (o, k) in krs.iter().enumerate() {
        if k.kr.layer != Layer::Output || trees.krs[o].external {
            continue;
        }
        for &l in k.driven_by.iter().filter(|&&l| layer(l) == Layer::Leading) {
            if covered.insert((o, l)) {
                rows.push(MapRow { output: Some(o), leading: vec![l], input: None });
                reached.insert(o);
            }
        }
        if reached.insert(o) {
            rows.push(MapRow { output: Some(o), leading: Vec::new(), input: None });
        }
    }
    rows.sort_by_key(|r| (r.output.is_none(), r.output, r.leading.clone(), r.input));
    rows.dedup();
    rows
}

#[cfg(test)]
mod tests;
