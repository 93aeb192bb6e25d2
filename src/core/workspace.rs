//! The resolved set of objectives: refs checked, teams filled in, cycles found.

use crate::core::codes;
use crate::core::config::Config;
use crate::core::diagnostic::{self, Diagnostic, Pos};
use crate::core::model::{KeyResult, Objective, Spanned};
use crate::core::parse;
use crate::core::quarter::Quarter;
use crate::core::refs::{self, KrRef, ObjRef, Period, Ref};
use crate::core::snapshot::SourceFile;
use crate::core::suggest;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Every objective that could be read, and every data problem found.
#[derive(Debug, Default)]
pub struct Workspace {
    /// Sorted by quarter, then objective id.
    pub objectives: Vec<Objective>,
    pub diagnostics: Vec<Diagnostic>,
    /// Objectives whose file has errors that kept it from being read at all
    /// (an unresolved merge conflict, broken YAML), sorted by ref: shown as
    /// unreadable rather than left out.
    pub unreadable: Vec<Unreadable>,
    /// Objective ref -> index in `objectives`.
    index: HashMap<String, usize>,
}

/// An objective whose file could not be read: what its path says, and the
/// file's first error.
#[derive(Debug, Clone, PartialEq)]
pub struct Unreadable {
    /// `QUARTER/ID`, from the path.
    pub reference: String,
    pub period: Period,
    /// The team the path gives it (SPEC §2's default); the file's own
    /// `team:` cannot be read.
    pub team: String,
    pub file: String,
    /// The first error's position and message.
    pub pos: Pos,
    pub message: String,
}

impl Workspace {
    /// Parses and resolves a set of files.
    pub fn build(files: &[SourceFile], config: &Config) -> Workspace {
        let parsed = files.iter().map(|f| (f, parse::parse_file(&f.path, &f.rel, &f.bytes))).collect::<Vec<_>>();
        let mut diagnostics = Vec::new();
        let mut objectives = Vec::new();
        for (_, p) in parsed {
            diagnostics.extend(p.diagnostics);
            objectives.extend(p.objective);
        }
        Workspace::resolve(objectives, diagnostics, config)
    }

    /// Resolves already-parsed objectives (the history engine reuses parses).
    pub fn resolve(mut objectives: Vec<Objective>, mut diagnostics: Vec<Diagnostic>, config: &Config) -> Workspace {
        objectives.sort_by(|a, b| (a.period, &a.id, &a.file).cmp(&(b.period, &b.id, &b.file)));
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut kept = Vec::with_capacity(objectives.len());
        for mut o in objectives {
            if o.team.is_empty() {
                o.team = config.check.company_team.clone();
            }
            let r = o.reference();
            if let Some(&first) = index.get(&r) {
                let first: &Objective = &kept[first];
                diagnostics.push(
                    Diagnostic::error(
                        codes::DUPLICATE_ID.name,
                        format!("`{}` and `{}` both define the objective `{r}`", first.file, o.file),
                    )
                    .at(&o.file, crate::core::diagnostic::Pos::START)
                    .with_ref(&r)
                    .related(&r)
                    .hint("rename one of the files"),
                );
                continue;
            }
            index.insert(r, kept.len());
            kept.push(o);
        }
        let mut ws = Workspace { objectives: kept, diagnostics: Vec::new(), unreadable: Vec::new(), index };
        ws.unreadable = ws.find_unreadable(&diagnostics, &config.check.company_team);
        ws.resolve_refs(&mut diagnostics);
        ws.find_cycles(&mut diagnostics);
        diagnostic::sort(&mut diagnostics);
        ws.diagnostics = diagnostics;
        ws
    }

    pub fn get(&self, objective_ref: &str) -> Option<&Objective> {
        self.index.get(objective_ref).map(|&i| &self.objectives[i])
    }

    /// The objective a ref names.
    pub fn objective(&self, r: &ObjRef) -> Option<&Objective> {
        self.get(&r.to_string())
    }

    /// The objective and KR a KR ref names.
    pub fn kr(&self, r: &KrRef) -> Option<(&Objective, &KeyResult)> {
        let o = self.objective(&r.objective)?;
        o.key_results.iter().find(|k| k.id == r.kr).map(|k| (o, k))
    }

    /// Whether a full ref (objective or KR) names something.
    pub fn exists(&self, full_ref: &Ref) -> bool {
        match full_ref {
            Ref::Kr(k) => self.kr(k).is_some(),
            Ref::Objective(o) => self.objective(o).is_some(),
        }
    }

    /// Quarters that have objectives, oldest first.
    pub fn quarters(&self) -> Vec<Quarter> {
        let set: BTreeSet<Quarter> = self.objectives.iter().filter_map(|o| o.period.as_quarter()).collect();
        set.into_iter().collect()
    }

    /// Periods of every horizon that have objectives, in [`Period`]'s order.
    pub fn periods(&self) -> Vec<Period> {
        let set: BTreeSet<Period> = self.objectives.iter().map(|o| o.period).collect();
        set.into_iter().collect()
    }

    /// Every owner named by an objective or a key result, in name order.
    pub fn owners(&self) -> BTreeSet<&str> {
        self.objectives
            .iter()
            .flat_map(|o| o.owner.as_deref().into_iter().chain(o.key_results.iter().filter_map(|k| k.owner.as_deref())))
            .collect()
    }

    fn unknown_hint(&self, full: &Ref) -> Option<String> {
        let obj = full.objective().to_string();
        match (self.get(&obj), full.kr()) {
            (Some(o), Some(kr)) => suggest::did_you_mean(kr, o.key_results.iter().map(|k| k.id.as_str()))
                .map(|s| format!("did you mean `{obj}#{s}`?"))
                .or_else(|| {
                    let ids: Vec<&str> = o.key_results.iter().map(|k| k.id.as_str()).collect();
                    Some(format!("`{obj}` has the key results: {}", ids.join(", ")))
                }),
            (None, _) => suggest::did_you_mean(&obj, self.index.keys().map(String::as_str))
                .map(|s| format!("did you mean `{s}`?")),
            _ => None,
        }
    }

    /// Objectives named by errors (through their ref) that produced no
    /// objective: their files could not be read. One per ref, with the
    /// earliest error of its file.
    fn find_unreadable(&self, diags: &[Diagnostic], company_team: &str) -> Vec<Unreadable> {
        let mut found: BTreeMap<&str, Unreadable> = BTreeMap::new();
        for d in diags.iter().filter(|d| d.severity == crate::core::diagnostic::Severity::Error) {
            let (Some(r), Some(file)) = (d.reference.as_deref(), d.file.as_deref()) else { continue };
            if r.contains('#') || self.index.contains_key(r) {
                continue;
            }
            let Ok(ObjRef { period, id }) = ObjRef::parse(r) else {
                continue;
            };
            let pos = d.pos.unwrap_or(Pos::START);
            if found.get(r).is_some_and(|u| u.pos <= pos) {
                continue;
            }
            let team = id.split_once('/').map_or(company_team, |(t, _)| t).to_string();
            found.insert(
                r,
                Unreadable {
                    reference: r.to_string(),
                    period,
                    team,
                    file: file.to_string(),
                    pos,
                    message: d.message.clone(),
                },
            );
        }
        found.into_values().collect()
    }

    fn resolve_refs(&mut self, diags: &mut Vec<Diagnostic>) {
        let mut broken = Broken {
            files: self.unreadable.iter().map(|u| (u.reference.clone(), u.file.clone())).collect(),
            reported: BTreeSet::new(),
        };
        let mut updates: Vec<(usize, Option<Ref>, Vec<Vec<KrRef>>)> = Vec::new();
        for (i, o) in self.objectives.iter().enumerate() {
            let parent = o.parent.as_ref().and_then(|p| self.resolve_parent(o, p, &mut broken, diags));
            let drives = o.key_results.iter().map(|kr| self.resolve_drives(o, kr, &mut broken, diags)).collect();
            updates.push((i, parent, drives));
        }
        for (i, parent, drives) in updates {
            let o = &mut self.objectives[i];
            o.parent_resolved = parent;
            for (kr, d) in o.key_results.iter_mut().zip(drives) {
                kr.drives_resolved = d;
            }
        }
    }

    /// Objective `o`'s `parent` as a full ref, when it names something.
    fn resolve_parent(
        &self,
        o: &Objective,
        p: &Spanned<String>,
        broken: &mut Broken,
        diags: &mut Vec<Diagnostic>,
    ) -> Option<Ref> {
        let oref = o.reference();
        let site = Site { field: "parent", written: p, file: &o.file, about: &oref };
        let full = match refs::parse_parent(&p.value) {
            Ok(short) => short.resolve(o.period, &o.id),
            Err(msg) => {
                diags.push(site.at(Diagnostic::error(codes::UNKNOWN_REF.name, msg)));
                return None;
            }
        };
        if *full.objective() == o.obj_ref() {
            diags.push(site.at(Diagnostic::error(codes::UNKNOWN_REF.name, "an objective cannot be its own parent")));
        } else if self.exists(&full) {
            match horizon_mismatch(o.period, full.objective().period) {
                None => return Some(full),
                Some((msg, hint)) => {
                    diags.push(site.at(Diagnostic::error(codes::HORIZON_MISMATCH.name, msg).hint(hint)));
                }
            }
        } else {
            self.unresolved(&full, &site, broken, diags);
        }
        None
    }

    /// The KRs that KR `kr` of `o` `drives`, those that name something.
    fn resolve_drives(
        &self,
        o: &Objective,
        kr: &KeyResult,
        broken: &mut Broken,
        diags: &mut Vec<Diagnostic>,
    ) -> Vec<KrRef> {
        let own = Ref::Kr(o.kr_of(kr));
        let kref = own.to_string();
        let mut resolved = Vec::new();
        for d in &kr.drives {
            let site = Site { field: "drives", written: d, file: &o.file, about: &kref };
            let full = match refs::parse_drives(&d.value) {
                Ok(short) => short.resolve(o.period, &o.id),
                Err(msg) => {
                    diags.push(site.at(Diagnostic::error(codes::UNKNOWN_REF.name, msg)));
                    continue;
                }
            };
            if full == own {
                diags.push(
                    site.at(Diagnostic::error(codes::DRIVES_CYCLE.name, format!("`{}` drives itself", kr.id))
                        .hint("`drives` names the metrics this KR is expected to move: other KRs")),
                );
            } else if let (true, Ref::Kr(k)) = (self.exists(&full), &full) {
                resolved.push(k.clone());
            } else {
                self.unresolved(&full, &site, broken, diags);
            }
        }
        resolved
    }

    /// A ref that names nothing: one into an objective that cannot be read
    /// (reported once per objective), else "names nothing" with a suggestion.
    fn unresolved(&self, full: &Ref, site: &Site<'_>, broken: &mut Broken, diags: &mut Vec<Diagnostic>) {
        if broken.report(full, site, diags) {
            return;
        }
        let mut d = site.at(Diagnostic::error(
            codes::UNKNOWN_REF.name,
            format!("`{}: {}` names nothing: there is no `{full}`", site.field, site.written.value),
        ));
        d.hint = self.unknown_hint(full).map(Into::into);
        diags.push(d);
    }

    /// Reports each cycle of the `drives` graph once, at the edge leaving its
    /// smallest KR ref.
    fn find_cycles(&self, diags: &mut Vec<Diagnostic>) {
        let mut edges: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for o in &self.objectives {
            for kr in &o.key_results {
                edges.insert(o.kr_ref(kr), kr.drives_resolved.iter().map(ToString::to_string).collect());
            }
        }
        // Iterative DFS with three colours; a grey target closes a cycle.
        let mut colour: HashMap<&str, u8> = HashMap::new();
        let mut seen_cycles: BTreeSet<Vec<String>> = BTreeSet::new();
        for start in edges.keys() {
            if colour.contains_key(start.as_str()) {
                continue;
            }
            let mut stack: Vec<(&str, usize)> = vec![(start.as_str(), 0)];
            colour.insert(start.as_str(), 1);
            while let Some((node, next)) = stack.last().copied() {
                let targets = edges.get(node).map(Vec::as_slice).unwrap_or_default();
                if next >= targets.len() {
                    colour.insert(node, 2);
                    stack.pop();
                    continue;
                }
                if let Some(top) = stack.last_mut() {
                    top.1 += 1;
                }
                let t = targets[next].as_str();
                match colour.get(t) {
                    None => {
                        colour.insert(t, 1);
                        stack.push((t, 0));
                    }
                    Some(1) => {
                        let from = stack.iter().position(|(n, _)| *n == t).unwrap_or(0);
                        let mut cycle: Vec<String> = stack[from..].iter().map(|(n, _)| n.to_string()).collect();
                        let min = cycle.iter().enumerate().min_by_key(|(_, c)| c.as_str()).map_or(0, |(i, _)| i);
                        cycle.rotate_left(min);
                        if seen_cycles.insert(cycle.clone()) {
                            diags.push(self.cycle_diagnostic(&cycle));
                        }
                    }
                    _ => {}
                }
            }
        }
    }

    fn cycle_diagnostic(&self, cycle: &[String]) -> Diagnostic {
        let first = &cycle[0];
        let next = cycle.get(1).unwrap_or(first);
        let path = cycle.iter().chain(std::iter::once(first)).map(String::as_str).collect::<Vec<_>>().join(" → ");
        let mut d = Diagnostic::error(codes::DRIVES_CYCLE.name, format!("the `drives` links form a cycle: {path}"))
            .with_ref(first)
            .hint("`drives` points from the input you control toward the outcome it should move; remove one link of the cycle");
        d.related = cycle[1..].iter().map(|r| r.as_str().into()).collect();
        if let Some((oref, kr_id)) = refs::split_kr(first) {
            if let Some(o) = self.get(oref) {
                if let Some(kr) = o.key_results.iter().find(|k| k.id == kr_id) {
                    let idx = kr.drives_resolved.iter().position(|r| r.to_string() == *next);
                    let pos = idx.and_then(|_| {
                        kr.drives.iter().find(|s| {
                            refs::parse_drives(&s.value).is_ok_and(|r| r.resolve(o.period, &o.id).to_string() == *next)
                        })
                    });
                    d = match pos {
                        Some(s) => d.at(&o.file, s.pos).span_len(s.len),
                        None => d.at(&o.file, kr.field_pos("drives")),
                    };
                }
            }
        }
        d
    }
}

/// Objectives whose file has errors and could not be read at all: a ref to
/// one is not "names nothing", and one finding per broken objective says
/// so (not one per ref).
struct Broken {
    /// Objective ref -> its file.
    files: HashMap<String, String>,
    /// The broken objectives already reported.
    reported: BTreeSet<String>,
}

impl Broken {
    /// Whether `full` points into a broken objective; the first ref to each
    /// is reported, at `site`.
    fn report(&mut self, full: &Ref, site: &Site<'_>, diags: &mut Vec<Diagnostic>) -> bool {
        let target = full.objective().to_string();
        let Some(target_file) = self.files.get(&target) else { return false };
        if self.reported.insert(target.clone()) {
            diags.push(
                site.at(Diagnostic::error(
                    codes::UNKNOWN_REF.name,
                    format!(
                        "`{}: {}` names an objective whose file has errors: `{target}` in {target_file} cannot be read",
                        site.field, site.written.value
                    ),
                ))
                .related(target.as_str())
                .hint(format!("fix the errors in {target_file} first; refs to it resolve once it can be read")),
            );
        }
        true
    }
}

/// Where a ref is written: its field and text, the file, and the ref of
/// the objective or KR that wrote it (what findings about it are about).
/// Why a parent in period `parent` cannot hold a child in period `child`
/// (SPEC §11): a shorter horizon, or a period that does not contain the
/// child's. The message and the hint; `None` when the link is sound.
fn horizon_mismatch(child: Period, parent: Period) -> Option<(String, String)> {
    if parent.contains(child) {
        return None;
    }
    let message = if parent.len_quarters() < child.len_quarters() {
        format!("the parent is in `{parent}`, a shorter horizon than this objective's `{child}`")
    } else {
        format!("the parent's period `{parent}` does not contain this objective's `{child}`")
    };
    let hint = format!(
        "`parent` points up the horizons: name an objective or KR of `{child}` or of a longer period that contains it (a year, a half, a span of years); a shorter bet names this one as its parent instead"
    );
    Some((message, hint))
}

struct Site<'a> {
    field: &'static str,
    written: &'a Spanned<String>,
    file: &'a str,
    about: &'a str,
}

impl Site<'_> {
    /// `d` positioned at the written ref.
    fn at(&self, d: Diagnostic) -> Diagnostic {
        d.at(self.file, self.written.pos).span_len(self.written.len).with_ref(self.about)
    }
}

#[cfg(test)]
mod tests;
