//! `okr sync`'s plan (SPEC §10): the rows each source read, matched to key
//! results, as changes (a new `current`) and unchanged values (measured,
//! the same: a check-in trailer). Pure: the rows come in as values, the
//! workspace is the working tree's.
//!
//! A key is a full KR ref (`2026-Q4/growth/activation#activation-rate`) or
//! a metric name: a KR's `metric`, else its `id`, among the KRs of the
//! as-of quarter. A source with any problem (its own error, an unknown or
//! ambiguous key, two rows disagreeing on a KR, a KR another source
//! already measured, a quarter that has ended) changes nothing; the others
//! still apply.

use crate::core::edit;
use crate::core::quarter::Quarter;
use crate::core::suggest;
use crate::core::workspace::Workspace;
use jiff::civil::Date;
use std::collections::{BTreeMap, HashMap};

/// One row a source read: a key, a value, the day it was measured if the
/// source says, and where the row is (`row 3`) for messages.
#[derive(Debug, Clone, PartialEq)]
pub struct Measured<'a> {
    pub key: &'a str,
    pub value: f64,
    pub date: Option<&'a str>,
    pub origin: &'a str,
}

/// A source and what it read, or why it read nothing.
#[derive(Debug, Clone)]
pub struct Input<'a> {
    pub name: &'a str,
    pub rows: Result<Vec<Measured<'a>>, String>,
}

/// A KR the plan touches: its full ref, its file (project-relative) and id.
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    pub reference: String,
    pub file: String,
    pub kr_id: String,
    pub source: String,
}

/// A new `current` for a KR.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub target: Target,
    pub from: Option<f64>,
    pub to: f64,
}

/// A KR measured at the value it already has.
#[derive(Debug, Clone, PartialEq)]
pub struct Unchanged {
    pub target: Target,
    pub value: f64,
}

/// Why a source changes nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub source: String,
    pub message: String,
}

/// The whole run: every source's changes and unchanged values, in source
/// order then row order, and the sources that failed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Plan {
    /// Every source run, in order.
    pub sources: Vec<String>,
    pub changes: Vec<Change>,
    pub unchanged: Vec<Unchanged>,
    pub failures: Vec<Failure>,
}

impl Plan {
    /// Takes back everything `source` planned and records why: for a
    /// failure found when writing (a file that cannot be edited).
    pub fn fail(&mut self, source: &str, message: String) {
        self.changes.retain(|c| c.target.source != source);
        self.unchanged.retain(|u| u.target.source != source);
        self.failures.push(Failure { source: source.to_string(), message });
    }

    /// Whether `source` failed.
    pub fn failed(&self, source: &str) -> bool {
        self.failures.iter().any(|f| f.source == source)
    }
}

/// The most problems one source reports; the rest are counted.
const MAX_PROBLEMS: usize = 5;

/// Plans a run over `ws` with `today` as the date (the as-of date): its
/// quarter is where metric names resolve; rows dated after it are ignored;
/// a KR of a quarter that ended before it is refused.
pub fn plan(ws: &Workspace, fy_start_month: u8, today: Date, inputs: &[Input<'_>]) -> Plan {
    let quarter = Quarter::containing(today, fy_start_month);
    let index = KrIndex::new(ws, quarter);
    let mut out = Plan::default();
    // Which source measured each KR, among the sources that succeeded.
    let mut claimed: HashMap<(usize, usize), &str> = HashMap::new();
    for input in inputs {
        out.sources.push(input.name.to_string());
        let rows = match &input.rows {
            Ok(rows) => rows,
            Err(e) => {
                out.failures.push(Failure { source: input.name.to_string(), message: e.clone() });
                continue;
            }
        };
        let mut problems: Vec<String> = Vec::new();
        let (chosen, order) = choose_rows(ws, &index, quarter, today, rows, &mut problems);
        for at in &order {
            if let Some(other) = claimed.get(at) {
                let o = &ws.objectives[at.0];
                problems.push(format!(
                    "`{}` is measured by the source `{other}` too; a key result takes its value from one source",
                    o.kr_ref(&o.key_results[at.1])
                ));
            }
            let o = &ws.objectives[at.0];
            let last = o.period.last_day(fy_start_month);
            if last < today {
                problems.push(format!(
                    "`{}` is in {}, which ended on {last}; okr sync does not change a quarter that has ended (correct it with `okr set --allow-ended`)",
                    o.kr_ref(&o.key_results[at.1]),
                    o.period
                ));
            }
        }
        if !problems.is_empty() {
            let more = problems.len().saturating_sub(MAX_PROBLEMS);
            problems.truncate(MAX_PROBLEMS);
            if more > 0 {
                problems.push(format!("and {more} more"));
            }
            out.failures.push(Failure { source: input.name.to_string(), message: problems.join("\n") });
            continue;
        }
        for at in order {
            claimed.insert(at, input.name);
            let (o, kr) = (&ws.objectives[at.0], &ws.objectives[at.0].key_results[at.1]);
            let row = chosen[&at];
            let target = Target {
                reference: o.kr_ref(kr),
                file: o.file.clone(),
                kr_id: kr.id.clone(),
                source: input.name.to_string(),
            };
            if kr.current == Some(row.value) {
                out.unchanged.push(Unchanged { target, value: row.value });
            } else {
                out.changes.push(Change { target, from: kr.current, to: row.value });
            }
        }
    }
    out
}

/// Where a row's key can point: every KR by its full ref, and the as-of
/// quarter's KRs by metric name (`metric`, else `id`).
struct KrIndex<'w> {
    by_ref: HashMap<String, (usize, usize)>,
    by_name: BTreeMap<&'w str, Vec<(usize, usize)>>,
}

impl<'w> KrIndex<'w> {
    fn new(ws: &'w Workspace, quarter: Quarter) -> Self {
        let mut by_ref: HashMap<String, (usize, usize)> = HashMap::new();
        let mut by_name: BTreeMap<&str, Vec<(usize, usize)>> = BTreeMap::new();
        for (oi, o) in ws.objectives.iter().enumerate() {
            for (ki, kr) in o.key_results.iter().enumerate() {
                by_ref.insert(o.kr_ref(kr), (oi, ki));
                if o.period == quarter {
                    let name = if kr.metric.trim().is_empty() { kr.id.as_str() } else { kr.metric.trim() };
                    by_name.entry(name).or_default().push((oi, ki));
                }
            }
        }
        KrIndex { by_ref, by_name }
    }
}

type Chosen<'r, 'a> = (BTreeMap<(usize, usize), &'r Measured<'a>>, Vec<(usize, usize)>);

/// One source's rows, per KR the row that counts (the latest dated; undated
/// rows must agree), in the order the KRs first appear; rows dated after
/// `today` are left out. What cannot be resolved goes to `problems`.
fn choose_rows<'r, 'a>(
    ws: &Workspace,
    index: &KrIndex<'_>,
    quarter: Quarter,
    today: Date,
    rows: &'r [Measured<'a>],
    problems: &mut Vec<String>,
) -> Chosen<'r, 'a> {
    // Per KR: the row that counts (the latest dated; undated rows must agree).
    let mut chosen: BTreeMap<(usize, usize), &Measured> = BTreeMap::new();
    let mut order: Vec<(usize, usize)> = Vec::new();
    let today = today.to_string();
    for row in rows {
        if row.date.is_some_and(|d| d > today.as_str()) {
            continue;
        }
        let at = match resolve(ws, &index.by_ref, &index.by_name, quarter, row.key) {
            Ok(at) => at,
            Err(e) => {
                problems.push(format!("{}: {e}", row.origin));
                continue;
            }
        };
        match chosen.get(&at) {
            None => {
                order.push(at);
                chosen.insert(at, row);
            }
            Some(prev) if prev.date < row.date => {
                chosen.insert(at, row);
            }
            Some(prev) if prev.date == row.date && prev.value != row.value => {
                let o = &ws.objectives[at.0];
                problems.push(format!(
                    "{} and {} both give `{}` a value ({} and {}){}",
                    prev.origin,
                    row.origin,
                    o.kr_ref(&o.key_results[at.1]),
                    shown(prev.value),
                    shown(row.value),
                    if row.date.is_none() {
                        "; add a `date` column to say which is newer"
                    } else {
                        " for the same date"
                    }
                ));
            }
            Some(_) => {}
        }
    }
    (chosen, order)
}

/// The KR a key names, or why none.
fn resolve(
    ws: &Workspace,
    by_ref: &HashMap<String, (usize, usize)>,
    by_name: &BTreeMap<&str, Vec<(usize, usize)>>,
    quarter: Quarter,
    key: &str,
) -> Result<(usize, usize), String> {
    if key.contains('#') {
        return by_ref.get(key).copied().ok_or_else(|| {
            let hint = suggest::hint(key, by_ref.keys().map(String::as_str))
                .unwrap_or_else(|| "`okr status` lists the key results".into());
            format!("there is no key result `{key}`; {hint}")
        });
    }
    match by_name.get(key).map(Vec::as_slice) {
        Some([one]) => Ok(*one),
        Some(many) if !many.is_empty() => {
            let mut refs: Vec<String> =
                many.iter().map(|&(o, k)| ws.objectives[o].kr_ref(&ws.objectives[o].key_results[k])).collect();
            refs.sort();
            Err(format!(
                "the key `{key}` names {} key results of {quarter}: {}; use the full ref of one",
                refs.len(),
                refs.join(", ")
            ))
        }
        _ => {
            let hint = suggest::hint(key, by_name.keys().copied())
                .unwrap_or_else(|| "use a KR's `metric` or `id`, or its full ref".into());
            Err(format!("no key result of {quarter} has the metric or id `{key}`; {hint}"))
        }
    }
}

fn shown(v: f64) -> String {
    edit::format_value(v).unwrap_or_else(|_| v.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::config::Config;
    use crate::core::snapshot::SourceFile;
    use jiff::civil::date;

    fn file(path: &str, krs: &[(&str, &str, Option<f64>)]) -> SourceFile {
        let mut text = String::from("---\nowner: maya\nkey_results:\n");
        for (id, metric, current) in krs {
            text.push_str(&format!("  - id: {id}\n    title: Raise {id}\n    baseline: 0\n    target: 100\n"));
            if !metric.is_empty() {
                text.push_str(&format!("    metric: {metric}\n"));
            }
            if let Some(c) = current {
                text.push_str(&format!("    current: {c}\n"));
            }
        }
        text.push_str("---\n# Objective\n");
        let rel = path.strip_prefix("okrs/").unwrap_or(path).to_string();
        SourceFile { path: path.to_string(), rel, bytes: text.into_bytes() }
    }

    fn ws() -> Workspace {
        let files = vec![
            file(
                "okrs/2026-Q4/growth/activation.md",
                &[("activation-rate", "", Some(22.0)), ("trials", "trial-starts", Some(1200.0))],
            ),
            file(
                "okrs/2026-Q4/platform/reliability.md",
                &[("uptime", "", None), ("starts", "trial-starts", Some(3.0))],
            ),
            file("okrs/2026-Q3/growth/activation.md", &[("activation-rate", "", Some(20.0))]),
        ];
        Workspace::build(&files, &Config::default())
    }

    fn rows<'a>(list: &[(&'a str, f64, Option<&'a str>, &'a str)]) -> Vec<Measured<'a>> {
        list.iter().map(|&(key, value, date, origin)| Measured { key, value, date, origin }).collect()
    }

    const TODAY: Date = date(2026, 12, 1);

    #[test]
    fn keys_resolve_by_ref_metric_and_id() {
        let ws = ws();
        let input = Input {
            name: "db",
            rows: Ok(rows(&[
                ("activation-rate", 24.5, None, "row 1"),
                ("2026-Q4/growth/activation#trials", 1200.0, None, "row 2"),
                ("uptime", 99.9, None, "row 3"),
            ])),
        };
        let p = plan(&ws, 1, TODAY, &[input]);
        assert_eq!(p.failures, vec![]);
        let changes: Vec<(&str, Option<f64>, f64)> =
            p.changes.iter().map(|c| (c.target.reference.as_str(), c.from, c.to)).collect();
        assert_eq!(
            changes,
            [
                ("2026-Q4/growth/activation#activation-rate", Some(22.0), 24.5),
                ("2026-Q4/platform/reliability#uptime", None, 99.9)
            ]
        );
        assert_eq!(p.unchanged.len(), 1);
        assert_eq!(p.unchanged[0].target.reference, "2026-Q4/growth/activation#trials");
        assert_eq!(p.changes[0].target.file, "okrs/2026-Q4/growth/activation.md");
    }

    #[test]
    fn a_source_with_any_problem_changes_nothing_and_the_others_apply() {
        let ws = ws();
        let bad = Input {
            name: "bad",
            rows: Ok(rows(&[
                ("activation-rate", 30.0, None, "row 1"),
                ("trial-starts", 5.0, None, "row 2"),
                ("signups", 5.0, None, "row 3"),
            ])),
        };
        let broken = Input { name: "broken", rows: Err("`sleep 30` did not finish".into()) };
        let good = Input { name: "good", rows: Ok(rows(&[("uptime", 99.0, None, "row 1")])) };
        let p = plan(&ws, 1, TODAY, &[bad, broken, good]);
        assert_eq!(p.changes.len(), 1);
        assert_eq!(p.changes[0].target.source, "good");
        assert_eq!(p.failures.len(), 2);
        let msg = &p.failures[0].message;
        assert!(
            msg.contains("row 2: the key `trial-starts` names 2 key results of 2026-Q4: 2026-Q4/growth/activation#trials, 2026-Q4/platform/reliability#starts; use the full ref of one"),
            "{msg}"
        );
        assert!(msg.contains("row 3: no key result of 2026-Q4 has the metric or id `signups`"), "{msg}");
        assert_eq!(p.failures[1], Failure { source: "broken".into(), message: "`sleep 30` did not finish".into() });
    }

    #[test]
    fn rows_for_one_kr_take_the_latest_date_and_ignore_the_future() {
        let ws = ws();
        let input = Input {
            name: "db",
            rows: Ok(rows(&[
                ("uptime", 98.0, Some("2026-11-23"), "row 1"),
                ("uptime", 99.0, Some("2026-11-30"), "row 2"),
                ("uptime", 99.5, Some("2026-12-07"), "row 3"),
            ])),
        };
        let p = plan(&ws, 1, TODAY, &[input]);
        assert_eq!(p.changes[0].to, 99.0);
        let clash =
            Input { name: "db", rows: Ok(rows(&[("uptime", 98.0, None, "row 1"), ("uptime", 99.0, None, "row 2")])) };
        let p = plan(&ws, 1, TODAY, &[clash]);
        assert!(p.changes.is_empty());
        assert!(p.failures[0]
            .message
            .starts_with("row 1 and row 2 both give `2026-Q4/platform/reliability#uptime` a value (98 and 99)"));
    }

    #[test]
    fn ended_quarters_and_kr_measured_twice_are_refused() {
        let ws = ws();
        let old = Input {
            name: "old",
            rows: Ok(rows(&[("2026-Q3/growth/activation#activation-rate", 21.0, None, "row 1")])),
        };
        let p = plan(&ws, 1, TODAY, &[old]);
        assert!(p.failures[0].message.contains("is in 2026-Q3, which ended on 2026-09-30"), "{:?}", p.failures);
        let p = plan(
            &ws,
            1,
            date(2026, 9, 1),
            &[Input { name: "old", rows: Ok(rows(&[("activation-rate", 21.0, None, "row 1")])) }],
        );
        assert_eq!(
            p.changes[0].target.reference, "2026-Q3/growth/activation#activation-rate",
            "--as-of picks the quarter"
        );
        let a = Input { name: "a", rows: Ok(rows(&[("uptime", 1.0, None, "row 1")])) };
        let b = Input { name: "b", rows: Ok(rows(&[("uptime", 1.0, None, "row 1")])) };
        let p = plan(&ws, 1, TODAY, &[a, b]);
        assert_eq!(p.changes.len(), 1);
        assert!(p.failures[0].message.contains("is measured by the source `a` too"));
    }

    #[test]
    fn an_unknown_ref_gets_a_suggestion() {
        let ws = ws();
        let input =
            Input { name: "db", rows: Ok(rows(&[("2026-Q4/growth/activation#activation-rat", 1.0, None, "row 1")])) };
        let p = plan(&ws, 1, TODAY, &[input]);
        assert_eq!(
            p.failures[0].message,
            "row 1: there is no key result `2026-Q4/growth/activation#activation-rat`; did you mean `2026-Q4/growth/activation#activation-rate`?"
        );
    }
}
