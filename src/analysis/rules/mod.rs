//! Rule docs and checks; their identity (name, kind, default severity) is
//! in `codes`.
//!
//! Data rules are emitted by the parser and the workspace resolver (they
//! cannot be turned off); quality rules are checks over the resolved model.

use crate::core::codes::{Code, Kind};
use crate::core::config::{Config, Level};
use crate::core::diagnostic::{Diagnostic, Pos};
use crate::core::model::{KeyResult, Objective};
use crate::core::workspace::Workspace;
use crate::history::History;
use jiff::civil::Date;
use std::collections::HashMap;

pub mod data;
pub mod docs;

mod baseline_gap;
mod copy_paste_cascade;
mod entrenched_input;
pub(crate) mod input_without_effect;
mod input_without_owner;
mod kr_count;
mod layer_mix;
pub(crate) mod moved_goalposts;
mod no_baseline;
mod no_bet;
mod no_parent;
mod no_quality_gate;
mod no_target;
mod objective_has_number;
mod objective_is_output;
mod output_kr;
mod sandbagging;
pub(crate) mod stale;
mod title_mismatch;
mod trending_off_track;
mod undecomposed_output;

/// What every rule declares about itself.
#[derive(Debug)]
pub struct Meta {
    /// Its name, kind and default severity: its entry in `codes`.
    pub code: Code,
    /// One line: when it fires.
    pub summary: &'static str,
    /// Markdown: what it checks, why it matters, a weak and a stronger example.
    pub doc: &'static str,
}

/// A quality rule: a check over the resolved workspace.
pub trait Rule: Sync {
    fn meta(&self) -> &'static Meta;
    /// Appends findings; the runner sets their severity from the config.
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>);
}

/// Every quality rule of this build, in the order their docs are listed.
pub const QUALITY: &[&dyn Rule] = &[
    &output_kr::OutputKr,
    &objective_is_output::ObjectiveIsOutput,
    &objective_has_number::ObjectiveHasNumber,
    &kr_count::KrCount,
    &no_target::NoTarget,
    &no_baseline::NoBaseline,
    &title_mismatch::TitleMismatch,
    &layer_mix::LayerMix,
    &no_parent::NoParent,
    &no_quality_gate::NoQualityGate,
    &input_without_owner::InputWithoutOwner,
    &undecomposed_output::UndecomposedOutput,
    &copy_paste_cascade::CopyPasteCascade,
    &sandbagging::Sandbagging,
    &no_bet::NoBet,
    &stale::Stale,
    &moved_goalposts::MovedGoalposts,
    &trending_off_track::TrendingOffTrack,
    &entrenched_input::EntrenchedInput,
    &baseline_gap::BaselineGap,
    &input_without_effect::InputWithoutEffect,
];

/// Every rule with a doc in this build: data rules, then quality rules.
pub fn all() -> Vec<&'static Meta> {
    data::RULES.iter().chain(QUALITY.iter().map(|r| r.meta())).collect()
}

/// What rules see: the workspace, the configuration and lookup tables.
pub struct Context<'a> {
    pub workspace: &'a Workspace,
    pub config: &'a Config,
    /// Full ref (objective or KR) -> objectives whose `parent` names it.
    pub children: HashMap<String, Vec<&'a Objective>>,
    /// KR ref -> refs of the KRs that `drive` it.
    pub drivers: HashMap<String, Vec<String>>,
    /// The git history, when read (`None` with `--no-history`).
    pub history: Option<&'a History>,
    /// The day that counts as today.
    pub as_of: Date,
}

impl<'a> Context<'a> {
    pub fn new(workspace: &'a Workspace, config: &'a Config, history: Option<&'a History>, as_of: Date) -> Context<'a> {
        let mut children: HashMap<String, Vec<&Objective>> = HashMap::new();
        let mut drivers: HashMap<String, Vec<String>> = HashMap::new();
        for o in &workspace.objectives {
            if let Some(p) = &o.parent_resolved {
                children.entry(p.to_string()).or_default().push(o);
            }
            for kr in &o.key_results {
                for d in &kr.drives_resolved {
                    drivers.entry(d.to_string()).or_default().push(o.kr_ref(kr));
                }
            }
        }
        Context { workspace, config, children, drivers, history, as_of }
    }

    /// A finding about a whole objective, at `field` (or the file start).
    pub fn objective(&self, meta: &Meta, o: &Objective, field: &str, message: String) -> Diagnostic {
        let (pos, len) = match (field, o.fields.get(field)) {
            ("title", _) => (o.title_pos, 1),
            (_, Some(p)) => (*p, field.len()),
            (_, None) => (Pos::START, 3),
        };
        Diagnostic::new(meta.code.name, meta.code.default, message)
            .at(&o.file, pos)
            .span_len(len)
            .with_ref(o.reference())
    }

    /// A finding about one KR, at `field` (or the KR's first line).
    pub fn kr(&self, meta: &Meta, o: &Objective, kr: &KeyResult, field: &str, message: String) -> Diagnostic {
        let len = if kr.fields.contains_key(field) { field.len() } else { 1 };
        Diagnostic::new(meta.code.name, meta.code.default, message)
            .at(&o.file, kr.field_pos(field))
            .span_len(len)
            .with_ref(o.kr_ref(kr))
    }
}

/// See [`run_into`].
const RUNS_FIRST: Code = crate::core::codes::COPY_PASTE_CASCADE;

/// Runs every enabled quality rule: severities come from `[check.rules]`,
/// and findings about an objective that lists the rule in `allow:` are
/// dropped.
pub fn run(workspace: &Workspace, config: &Config, history: Option<&History>, as_of: Date) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    run_into(workspace, config, history, as_of, &mut out);
    out
}

/// [`run`], appending to `out` (a big organisation's findings are not
/// copied from one list into another).
pub fn run_into(
    workspace: &Workspace,
    config: &Config,
    history: Option<&History>,
    as_of: Date,
    out: &mut Vec<Diagnostic>,
) {
    let out = std::cell::RefCell::new(out);
    run_with(workspace, config, history, as_of, |n| out.borrow_mut().reserve(n), |d| out.borrow_mut().push(d));
}

/// [`run`], handing each finding to `each` in [`run`]'s order, so a caller
/// that keeps only part of them (`okr pr`: the keys, and the findings the
/// merge base did not have) never holds them all.
pub fn run_each(
    workspace: &Workspace,
    config: &Config,
    history: Option<&History>,
    as_of: Date,
    each: impl FnMut(Diagnostic),
) {
    run_with(workspace, config, history, as_of, |_| {}, each);
}

/// [`run_each`], telling `reserve` how many findings of each rule are about
/// to come (at most).
fn run_with(
    workspace: &Workspace,
    config: &Config,
    history: Option<&History>,
    as_of: Date,
    mut reserve: impl FnMut(usize),
    mut each: impl FnMut(Diagnostic),
) {
    let cx = Context::new(workspace, config, history, as_of);
    let enabled = |meta: &Meta| match config.level(meta.code.name, meta.code.default) {
        Level::On(severity) if meta.code.kind != Kind::History || history.is_some() => Some(severity),
        _ => None,
    };
    // The rule with the biggest working memory (the similar-title index)
    // runs first, while no other rule's findings are held; its findings
    // still take their usual place.
    let mut early: Option<(&'static str, Vec<Diagnostic>)> = None;
    if let Some(rule) = QUALITY.iter().find(|r| r.meta().code == RUNS_FIRST && enabled(r.meta()).is_some()) {
        let mut found = Vec::new();
        rule.check(&cx, &mut found);
        early = Some((RUNS_FIRST.name, found));
    }
    for rule in QUALITY {
        let meta = rule.meta();
        let Some(severity) = enabled(meta) else {
            continue;
        };
        let found = match early.take_if(|(name, _)| *name == meta.code.name) {
            Some((_, found)) => found,
            None => {
                let mut found = Vec::new();
                rule.check(&cx, &mut found);
                found
            }
        };
        reserve(found.len());
        for mut d in found {
            let objective = d.reference.as_deref().map(crate::core::refs::objective_part);
            if objective.and_then(|r| workspace.get(r)).is_some_and(|o| o.allow.iter().any(|a| a == meta.code.name)) {
                continue;
            }
            d.severity = severity;
            each(d);
        }
    }
}

#[cfg(test)]
pub(crate) mod testing;

#[cfg(test)]
mod tests {
    use super::*;

    /// `codes` is the single list of rule identities: every registered rule
    /// has exactly one entry there and every entry a registered rule, in
    /// the same order (the order `okr rules` lists them).
    #[test]
    fn every_rule_has_exactly_one_code() {
        let registered: Vec<&str> = all().iter().map(|m| m.code.name).collect();
        let codes: Vec<&str> = crate::core::codes::names().collect();
        assert_eq!(registered, codes);
        for m in all() {
            assert_eq!(crate::core::codes::find(m.code.name), Some(m.code), "{}", m.code.name);
        }
        assert!(data::RULES.iter().all(|m| m.code.kind == Kind::Data));
        assert!(QUALITY.iter().all(|r| r.meta().code.kind != Kind::Data));
    }
}

#[cfg(test)]
mod order_tests {
    use super::testing::{kr, objective, workspace};
    use super::*;

    /// Running the copy-paste rule first changes nothing in what `run`
    /// returns: every rule's findings, in the rules' order.
    #[test]
    fn run_keeps_the_rules_order_whichever_runs_first() {
        let title = "Grow net new ARR from $1.0M to $1.2M";
        let a = objective("", &[kr("x", title, "    baseline: 1\n    target: 1.2\n")], "Grow the business");
        let b = objective("", &[kr("y", title, "    baseline: 1\n    target: 1.2\n")], "Win the market");
        let ws = workspace(&[("2026-Q1/growth/a.md", &a), ("2026-Q1/sales/b.md", &b)]);
        let config = Config::default();
        let as_of = jiff::civil::date(2026, 2, 15);
        let cx = Context::new(&ws, &config, None, as_of);
        let mut one_by_one = Vec::new();
        for rule in QUALITY {
            let meta = rule.meta();
            if meta.code.kind == Kind::History
                || !matches!(config.level(meta.code.name, meta.code.default), Level::On(_))
            {
                continue;
            }
            rule.check(&cx, &mut one_by_one);
        }
        let got: Vec<_> = run(&ws, &config, None, as_of).iter().map(|d| (d.rule, d.reference.clone())).collect();
        let want: Vec<_> = one_by_one.iter().map(|d| (d.rule, d.reference.clone())).collect();
        assert!(
            got.iter().any(|(r, _)| *r == RUNS_FIRST.name) && got.iter().any(|(r, _)| *r != RUNS_FIRST.name),
            "{got:?}"
        );
        assert_eq!(got, want);
        // One at a time (`okr pr`), the same findings in the same order.
        let mut each = Vec::new();
        run_each(&ws, &config, None, as_of, |d| each.push(d));
        assert_eq!(each, run(&ws, &config, None, as_of));
    }
}
