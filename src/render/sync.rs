//! `okr sync`'s output: the plan per source as text, and the JSON of SPEC
//! §10 (`changes`, `unchanged`, `errors`).

use crate::core::escape;
use crate::core::style::{self, BOLD, DIM, GREEN, RED};
use crate::render::check::plural;
use crate::render::Num;
use crate::views::sync::Plan;
use serde::Serialize;

/// What the run did with the plan.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outcome {
    /// `--dry-run`: nothing was written.
    pub dry_run: bool,
    /// Files written.
    pub files: usize,
    /// The commit made (`--commit`), short id.
    pub commit: Option<String>,
}

// Long: the text output in print order (per source: its changes, unchanged values and failure, then the write and the commit), each block a few lines.
/// The plan, source by source, then what was written.
pub fn text(plan: &Plan, outcome: &Outcome) -> String {
    let mut out = String::new();
    let value = |v: Option<f64>| v.map_or_else(|| "unset".to_string(), shown);
    let width = plan
        .changes
        .iter()
        .map(|c| &c.target)
        .chain(plan.unchanged.iter().map(|u| &u.target))
        .map(|t| crate::render::width(&escape::terminal(&t.reference)))
        .max()
        .unwrap_or(0);
    for source in &plan.sources {
        let name = escape::terminal(source);
        let failures: Vec<&str> =
            plan.failures.iter().filter(|f| &f.source == source).map(|f| f.message.as_str()).collect();
        if !failures.is_empty() {
            out.push_str(&format!(
                "{}: {}\n",
                style::paint(BOLD, &name),
                style::paint(RED, "failed, nothing of it applies")
            ));
            for message in failures {
                for line in message.lines() {
                    out.push_str(&format!("  {}\n", escape::terminal(line)));
                }
            }
            continue;
        }
        let changes: Vec<_> = plan.changes.iter().filter(|c| &c.target.source == source).collect();
        let unchanged: Vec<_> = plan.unchanged.iter().filter(|u| &u.target.source == source).collect();
        out.push_str(&format!(
            "{}: {} changed, {} unchanged\n",
            style::paint(BOLD, &name),
            changes.len(),
            unchanged.len()
        ));
        for c in changes {
            out.push_str(&format!(
                "  {}  {} → {}\n",
                crate::render::fit(&escape::terminal(&c.target.reference), width),
                value(c.from),
                style::paint(GREEN, &shown(c.to))
            ));
        }
        for u in unchanged {
            out.push_str(&format!(
                "  {}  {}\n",
                crate::render::fit(&escape::terminal(&u.target.reference), width),
                style::paint(DIM, &format!("{}, unchanged", shown(u.value)))
            ));
        }
    }
    let n = plan.changes.len();
    let values = plural(n, "value");
    out.push('\n');
    if outcome.dry_run {
        out.push_str(&format!("Dry run: {values} would change; nothing was written.\n"));
    } else if n == 0 && outcome.commit.is_none() {
        out.push_str("No value changed; nothing was written.\n");
    } else if let (0, Some(id)) = (n, &outcome.commit) {
        out.push_str(&format!(
            "No value changed; commit {id} checks in {} measured unchanged.\n",
            plural(plan.unchanged.len(), "value")
        ));
    } else {
        out.push_str(&format!("Wrote {values} in {}", plural(outcome.files, "file")));
        match &outcome.commit {
            Some(id) => out.push_str(&format!(
                "; commit {id} ({} and {}).\n",
                plural(n, "change"),
                plural(plan.unchanged.len(), "check-in")
            )),
            None => out.push_str(".\n"),
        }
    }
    let failed: Vec<&str> = {
        let mut names: Vec<&str> = plan.failures.iter().map(|f| f.source.as_str()).collect();
        names.dedup();
        names
    };
    if !failed.is_empty() {
        out.push_str(&format!(
            "{} failed: {}.\n",
            plural(failed.len(), "source"),
            failed.iter().map(|n| escape::terminal(n).into_owned()).collect::<Vec<_>>().join(", ")
        ));
    }
    out
}

#[derive(Serialize)]
struct Json<'a> {
    changes: Vec<JsonChange<'a>>,
    unchanged: Vec<&'a str>,
    errors: Vec<JsonError<'a>>,
}

#[derive(Serialize)]
struct JsonChange<'a> {
    #[serde(rename = "ref")]
    reference: &'a str,
    from: Option<Num>,
    to: Num,
    source: &'a str,
}

#[derive(Serialize)]
struct JsonError<'a> {
    source: &'a str,
    message: &'a str,
}

/// The plan as SPEC §10's JSON.
pub fn json(plan: &Plan) -> String {
    crate::render::to_json(&Json {
        changes: plan
            .changes
            .iter()
            .map(|c| JsonChange {
                reference: &c.target.reference,
                from: c.from.map(Num),
                to: Num(c.to),
                source: &c.target.source,
            })
            .collect(),
        unchanged: plan.unchanged.iter().map(|u| u.target.reference.as_str()).collect(),
        errors: plan.failures.iter().map(|f| JsonError { source: &f.source, message: &f.message }).collect(),
    })
}

fn shown(v: f64) -> String {
    crate::core::edit::format_value(v).unwrap_or_else(|_| v.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::views::sync::{Change, Failure, Target, Unchanged};

    fn plan() -> Plan {
        let target = |r: &str, s: &str| Target {
            reference: r.into(),
            file: "okrs/2026-Q4/growth/activation.md".into(),
            kr_id: "x".into(),
            source: s.into(),
        };
        Plan {
            sources: vec!["db".into(), "sheet".into()],
            changes: vec![
                Change {
                    target: target("2026-Q4/growth/activation#activation-rate", "db"),
                    from: Some(22.0),
                    to: 24.5,
                },
                Change { target: target("2026-Q4/growth/activation#uptime", "db"), from: None, to: 99.0 },
            ],
            unchanged: vec![Unchanged { target: target("2026-Q4/growth/activation#trials", "db"), value: 1200.0 }],
            failures: vec![Failure {
                source: "sheet".into(),
                message: "row 2 (line 3), column 2 `value`: `12%` is not a number".into(),
            }],
        }
    }

    #[test]
    fn json_has_the_shape_of_the_spec() {
        let v: serde_json::Value = serde_json::from_str(&json(&plan())).unwrap();
        assert_eq!(
            v,
            serde_json::json!({
                "changes": [
                    {"ref": "2026-Q4/growth/activation#activation-rate", "from": 22, "to": 24.5, "source": "db"},
                    {"ref": "2026-Q4/growth/activation#uptime", "from": null, "to": 99, "source": "db"}
                ],
                "unchanged": ["2026-Q4/growth/activation#trials"],
                "errors": [{"source": "sheet", "message": "row 2 (line 3), column 2 `value`: `12%` is not a number"}]
            })
        );
    }

    #[test]
    fn text_lists_each_source() {
        let t = text(&plan(), &Outcome { dry_run: true, ..Outcome::default() });
        let t = anstream::adapter::strip_str(&t).to_string();
        insta::assert_snapshot!(t, @r"
        db: 2 changed, 1 unchanged
          2026-Q4/growth/activation#activation-rate  22 → 24.5
          2026-Q4/growth/activation#uptime           unset → 99
          2026-Q4/growth/activation#trials           1200, unchanged
        sheet: failed, nothing of it applies
          row 2 (line 3), column 2 `value`: `12%` is not a number

        Dry run: 2 values would change; nothing was written.
        1 source failed: sheet.
        ");
    }
}
