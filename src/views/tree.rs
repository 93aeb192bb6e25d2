//! `okr tree`'s core: the bet graph (SPEC §11: `parent` links from the
//! longest horizon's objectives down through years and halves to the
//! quarter's company and team objectives) and the metric tree (`drives`
//! links: inputs drive leading indicators, which drive outputs).
//!
//! Pure: it takes the resolved workspace and returns forests of indices that
//! the renderers (`render::tree`, `render::html`) draw. Both link graphs may
//! be broken in ways the workspace reports but does not repair (a `parent`
//! cycle, a ref to nothing): every node is shown at most once with its
//! subtree, a node met again is marked `seen` instead of being expanded, and
//! depth is capped, so nothing loops or recurses without bound.

use crate::core::model::{KeyResult, Layer, Objective};
use crate::core::quarter::Quarter;
use crate::core::refs::Period;
use crate::core::score::{self, KrScore, ObjectiveScore};
use crate::core::workspace::Workspace;
use jiff::civil::Date;
use std::collections::{HashMap, HashSet};

/// Deeper branches are cut (`Branch::truncated`): real trees are a few levels
/// deep, and renderers recurse.
pub const MAX_DEPTH: usize = 48;

/// An objective of the tree with its score.
#[derive(Debug)]
pub struct ObjectiveNode<'a> {
    pub objective: &'a Objective,
    pub score: ObjectiveScore,
}

impl<'a> ObjectiveNode<'a> {
    /// The objective's key results with their scores, in file order: the
    /// alignment tree lists them under the objective (SPEC §11).
    pub fn key_results(&self) -> impl Iterator<Item = (&'a KeyResult, &KrScore)> + '_ {
        self.objective.key_results.iter().zip(&self.score.key_results)
    }
}

/// A key result in the metric graph. `external` KRs belong to another quarter
/// (a `drives` ref may name one); their own `drives` links are not followed.
#[derive(Debug)]
pub struct KrNode<'a> {
    pub objective: &'a Objective,
    pub kr: &'a KeyResult,
    pub score: KrScore,
    pub external: bool,
}

impl KrNode<'_> {
    pub fn reference(&self) -> String {
        self.objective.kr_ref(self.kr)
    }
}

/// One node of a forest and what hangs below it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Branch {
    /// Index into [`Trees::objectives`] (alignment) or [`Trees::krs`] (metrics).
    pub node: usize,
    /// Alignment: the parent's KR this objective contributes to, if it names one.
    pub via: Option<String>,
    /// Already shown elsewhere in this forest: not expanded again.
    pub seen: bool,
    /// Children left out at [`MAX_DEPTH`].
    pub truncated: bool,
    pub children: Vec<Branch>,
}

impl Branch {
    /// Whether an alignment node lists its objective's key results: not
    /// when it is shown again (`seen`) or cut at the depth limit
    /// (`truncated`); the KRs are under its first, whole appearance.
    pub fn shows_key_results(&self) -> bool {
        !self.seen && !self.truncated
    }
}

/// Why a node is a root of its forest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RootKind {
    /// The top of the tree: a company objective (alignment), or a KR that
    /// drives nothing (metrics).
    Top,
    /// A team objective with no `parent`.
    Unaligned,
    /// The parent is an objective outside the period shown (its ref).
    ParentElsewhere(String),
    /// Part of a cycle of links: no node of it is anyone's root.
    Cycle,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Root {
    pub kind: RootKind,
    pub branch: Branch,
}

/// A `parent` link inside the tree: objective `child` contributes to
/// objective `parent` (or to its KR `kr`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParentLink {
    pub child: usize,
    pub parent: usize,
    pub kr: Option<String>,
}

/// Both trees of one period.
#[derive(Debug)]
pub struct Trees<'a> {
    /// The period shown: a quarter, or a half, year or span of years.
    pub period: Period,
    pub as_of: Date,
    pub company_team: String,
    /// The objectives of the alignment tree, the longest horizon first (by
    /// [`horizon_order`]), then the company team first, then by team and id.
    pub objectives: Vec<ObjectiveNode<'a>>,
    /// How many different periods the objectives have (with more than one,
    /// the renderers name each node's period).
    pub periods: usize,
    pub parents: Vec<ParentLink>,
    pub alignment: Vec<Root>,
    /// Every KR of the objectives inside the period (in their order), then
    /// the KRs of other periods that one of them drives.
    pub krs: Vec<KrNode<'a>>,
    /// `drives` edges: (driver, driven), indices into `krs`.
    pub drives: Vec<(usize, usize)>,
    /// Rooted at the KRs that drive nothing; children are their drivers.
    pub metrics: Vec<Root>,
}

/// The quarter a command shows by default: the as-of date's quarter if it
/// has objectives, else the latest that does (as `okr status`).
pub fn default_quarter(quarters: &[Quarter], as_of: Date, fy: u8) -> Option<Quarter> {
    let current = Quarter::containing(as_of, fy);
    if quarters.contains(&current) {
        Some(current)
    } else {
        quarters.last().copied()
    }
}

/// The period shown by default when no quarter has objectives (only longer
/// horizons do): the one holding the as-of date, else the latest.
pub fn default_period(periods: &[Period], as_of: Date, fy: u8) -> Option<Period> {
    let today = Period::from(Quarter::containing(as_of, fy));
    periods.iter().rev().find(|p| p.contains(today)).or(periods.last()).copied()
}

/// The objectives of `quarter`, company team first, then by team and id.
pub fn quarter_objectives<'a>(ws: &'a Workspace, quarter: Quarter, company_team: &str) -> Vec<&'a Objective> {
    let mut list: Vec<&Objective> = ws.objectives.iter().filter(|o| o.period == quarter).collect();
    list.sort_by(|a, b| horizon_order(a, b, company_team));
    list
}

/// The order of the bet graph's objectives: the longest horizon first, then
/// by period (the earlier first), the company team first, then by team and id.
pub fn horizon_order(a: &Objective, b: &Objective, company_team: &str) -> std::cmp::Ordering {
    let key = |o: &Objective| (std::cmp::Reverse(o.period.len_quarters()), o.period, o.team != company_team);
    key(a).cmp(&key(b)).then_with(|| (&a.team, &a.id).cmp(&(&b.team, &b.id)))
}

/// Whether two periods share a quarter. For a quarter this is containment:
/// every period is a run of whole quarters.
pub fn overlaps(a: Period, b: Period) -> bool {
    let ((a1, a2), (b1, b2)) = (a.quarters(), b.quarters());
    a1 <= b2 && b1 <= a2
}

/// The objectives of the bet graph of `period` (SPEC §11): every objective
/// whose period overlaps it, so for a quarter the quarter's own and the
/// half, year and multi-year objectives that contain it, and for a longer
/// period also the quarters (and halves) inside it; in [`horizon_order`].
pub fn graph_objectives<'a>(ws: &'a Workspace, period: Period, company_team: &str) -> Vec<&'a Objective> {
    let mut list: Vec<&Objective> = ws.objectives.iter().filter(|o| overlaps(o.period, period)).collect();
    list.sort_by(|a, b| horizon_order(a, b, company_team));
    list
}

/// Both trees of `period`, scored as of `as_of`: the alignment tree is the
/// bet graph (from the longest horizon that overlaps `period` down to its
/// quarters), the metric tree the `drives` links of the objectives inside
/// `period`.
pub fn build<'a>(ws: &'a Workspace, period: Period, as_of: Date, fy: u8, company_team: &str) -> Trees<'a> {
    build_over(ws, graph_objectives(ws, period, company_team), period, as_of, fy, company_team, true)
}

/// The bets around `period` (no metric tree; `okr report`'s bets page): the
/// bet graph cut at the first quarter: the objectives of longer horizons
/// that overlap `period` and the quarter objectives that name one of them as
/// `parent`, without the objectives beneath those (the report has them).
pub fn bets<'a>(ws: &'a Workspace, period: Period, as_of: Date, fy: u8, company_team: &str) -> Trees<'a> {
    let mut list = graph_objectives(ws, period, company_team);
    list.retain(|o| {
        !o.period.is_quarter() || o.parent_resolved.as_ref().is_some_and(|p| !p.objective().period.is_quarter())
    });
    build_over(ws, list, period, as_of, fy, company_team, false)
}

/// Both trees of one quarter's objectives only, as `okr report` pages them
/// (a parent of a longer horizon is [`RootKind::ParentElsewhere`]).
pub fn build_quarter<'a>(ws: &'a Workspace, quarter: Quarter, as_of: Date, fy: u8, company_team: &str) -> Trees<'a> {
    let list = quarter_objectives(ws, quarter, company_team);
    build_over(ws, list, quarter.into(), as_of, fy, company_team, true)
}

fn build_over<'a>(
    ws: &'a Workspace,
    list: Vec<&'a Objective>,
    period: Period,
    as_of: Date,
    fy: u8,
    company_team: &str,
    with_metrics: bool,
) -> Trees<'a> {
    let objectives: Vec<ObjectiveNode<'a>> =
        list.into_iter().map(|o| ObjectiveNode { objective: o, score: score::score_objective(o, as_of, fy) }).collect();
    let periods = objectives.iter().map(|n| n.objective.period).collect::<HashSet<_>>().len();
    let (parents, alignment) = alignment(&objectives, company_team);
    let (krs, drives, metrics) = if with_metrics {
        let own: Vec<&ObjectiveNode<'a>> = objectives.iter().filter(|n| period.contains(n.objective.period)).collect();
        metric_tree(ws, &own, as_of, fy)
    } else {
        (Vec::new(), Vec::new(), Vec::new())
    };
    Trees {
        period,
        as_of,
        company_team: company_team.to_string(),
        objectives,
        periods,
        parents,
        alignment,
        krs,
        drives,
        metrics,
    }
}

/// The alignment forest: `parent` links between `objectives` (indexed by
/// ref), roots by kind (tops, then parents outside, then no parent), what is
/// left in cycles of parents.
fn alignment(objectives: &[ObjectiveNode<'_>], company_team: &str) -> (Vec<ParentLink>, Vec<Root>) {
    let index: HashMap<String, usize> =
        objectives.iter().enumerate().map(|(i, n)| (n.objective.reference(), i)).collect();
    let mut parents = Vec::new();
    let mut elsewhere: HashMap<usize, String> = HashMap::new();
    for (i, n) in objectives.iter().enumerate() {
        let Some(p) = &n.objective.parent_resolved else { continue };
        match index.get(&p.objective().to_string()) {
            Some(&parent) if parent != i => {
                parents.push(ParentLink { child: i, parent, kr: p.kr().map(str::to_string) })
            }
            Some(_) => {}
            None => {
                elsewhere.insert(i, p.to_string());
            }
        }
    }
    let mut children: Vec<Vec<(usize, Option<String>)>> = vec![Vec::new(); objectives.len()];
    for l in &parents {
        children[l.parent].push((l.child, l.kr.clone()));
    }
    for (p, list) in children.iter_mut().enumerate() {
        // Objective-level children first, then by the parent KR's position.
        let krs = &objectives[p].objective.key_results;
        list.sort_by_key(|(c, kr)| {
            (kr.as_ref().map(|k| krs.iter().position(|x| &x.id == k).unwrap_or(usize::MAX)), *c)
        });
    }
    let has_parent: HashSet<usize> = parents.iter().map(|l| l.child).collect();
    let mut seen = vec![false; objectives.len()];
    let mut roots = Vec::new();
    let kinds = [RootKind::Top, RootKind::ParentElsewhere(String::new()), RootKind::Unaligned];
    for kind in kinds {
        for (i, n) in objectives.iter().enumerate() {
            if has_parent.contains(&i) || seen[i] {
                continue;
            }
            // A bet (a longer horizon) is a top of the graph whoever holds it.
            let o = n.objective;
            let k = match elsewhere.get(&i) {
                Some(r) => RootKind::ParentElsewhere(r.clone()),
                None if o.team == company_team || !o.period.is_quarter() => RootKind::Top,
                None => RootKind::Unaligned,
            };
            if std::mem::discriminant(&k) != std::mem::discriminant(&kind) {
                continue;
            }
            let branch = expand(i, None, &children, &mut seen, 0);
            roots.push(Root { kind: k, branch });
        }
    }
    // Whatever is left hangs in a cycle of parents.
    for i in 0..objectives.len() {
        if !seen[i] {
            let branch = expand(i, None, &children, &mut seen, 0);
            roots.push(Root { kind: RootKind::Cycle, branch });
        }
    }
    (parents, roots)
}

type MetricTree<'a> = (Vec<KrNode<'a>>, Vec<(usize, usize)>, Vec<Root>);

/// The metric forest of the KRs of `own` (and the KRs of other objectives
/// they drive, as `external` nodes): rooted at the KRs that drive nothing.
fn metric_tree<'a>(ws: &'a Workspace, own: &[&ObjectiveNode<'a>], as_of: Date, fy: u8) -> MetricTree<'a> {
    let mut krs: Vec<KrNode<'a>> = Vec::new();
    let mut kr_index: HashMap<String, usize> = HashMap::new();
    for n in own {
        for (kr, s) in n.objective.key_results.iter().zip(&n.score.key_results) {
            kr_index.insert(n.objective.kr_ref(kr), krs.len());
            krs.push(KrNode { objective: n.objective, kr, score: *s, external: false });
        }
    }
    let mut drives = Vec::new();
    let mut edges: HashSet<(usize, usize)> = HashSet::new();
    let own = krs.len();
    for from in 0..own {
        let kr = krs[from].kr;
        for target in &kr.drives_resolved {
            let target_text = target.to_string();
            let to = match kr_index.get(&target_text) {
                Some(&t) => t,
                None => {
                    // Another period's KR, or (guarded) a ref to nothing.
                    let Some((other, k)) = ws.kr(target) else { continue };
                    let s = score::score_kr(k, other.period, as_of, fy);
                    kr_index.insert(target_text, krs.len());
                    krs.push(KrNode { objective: other, kr: k, score: s, external: true });
                    krs.len() - 1
                }
            };
            if to != from && edges.insert((from, to)) {
                drives.push((from, to));
            }
        }
    }
    let linked: HashSet<usize> = drives.iter().flat_map(|&(a, b)| [a, b]).collect();
    let mut drivers: Vec<Vec<(usize, Option<String>)>> = vec![Vec::new(); krs.len()];
    let mut drives_out = vec![false; krs.len()];
    for &(from, to) in &drives {
        drives_out[from] = true;
        drivers[to].push((from, None));
    }
    for list in &mut drivers {
        // Leading indicators before inputs, then in file order.
        list.sort_by_key(|(k, _)| (layer_rank(krs[*k].kr.layer), *k));
    }
    let mut seen = vec![false; krs.len()];
    let mut metrics = Vec::new();
    for i in 0..krs.len() {
        if linked.contains(&i) && !drives_out[i] && !seen[i] {
            metrics.push(Root { kind: RootKind::Top, branch: expand(i, None, &drivers, &mut seen, 0) });
        }
    }
    for i in 0..krs.len() {
        if linked.contains(&i) && !seen[i] && !krs[i].external {
            metrics.push(Root { kind: RootKind::Cycle, branch: expand(i, None, &drivers, &mut seen, 0) });
        }
    }
    (krs, drives, metrics)
}

fn layer_rank(l: Layer) -> u8 {
    match l {
        Layer::Output => 0,
        Layer::Leading => 1,
        Layer::Input => 2,
    }
}

/// The subtree under `node`; nodes already shown become `seen` leaves.
fn expand(
    node: usize,
    via: Option<String>,
    children: &[Vec<(usize, Option<String>)>],
    seen: &mut [bool],
    depth: usize,
) -> Branch {
    if seen[node] {
        return Branch { node, via, seen: true, truncated: false, children: Vec::new() };
    }
    seen[node] = true;
    let kids = children.get(node).map(Vec::as_slice).unwrap_or_default();
    if depth >= MAX_DEPTH {
        // What lies below is left out, not shown again as roots of its own.
        let mut stack: Vec<usize> = kids.iter().map(|(c, _)| *c).collect();
        while let Some(n) = stack.pop() {
            if !std::mem::replace(&mut seen[n], true) {
                stack.extend(children.get(n).into_iter().flatten().map(|(c, _)| *c));
            }
        }
        return Branch { node, via, seen: false, truncated: !kids.is_empty(), children: Vec::new() };
    }
    let children = kids.iter().map(|(c, v)| expand(*c, v.clone(), children, seen, depth + 1)).collect();
    Branch { node, via, seen: false, truncated: false, children }
}

/// A forest in depth-first order: `(depth, branch)` for every branch.
pub fn preorder(roots: &[Root]) -> Vec<(usize, &Branch)> {
    let mut out = Vec::new();
    let mut stack: Vec<(usize, &Branch)> = roots.iter().rev().map(|r| (0, &r.branch)).collect();
    while let Some((d, b)) = stack.pop() {
        out.push((d, b));
        stack.extend(b.children.iter().rev().map(|c| (d + 1, c)));
    }
    out
}

#[cfg(test)]
mod tests;
