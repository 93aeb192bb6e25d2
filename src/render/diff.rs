//! `okr diff`: the difference between two periods or revisions as text,
//! JSON (SPEC §8) and Markdown.

use super::{md_code, md_escape, to_json, Num};
use crate::core::model::{KeyResult, Objective};
use crate::core::score::fmt_num;
use crate::core::style::{paint, BOLD, DIM, GREEN, RED, YELLOW};
use crate::views::diff::{
    word_diff, word_diff_plain, Continuation, Diff, FieldChange, KrChange, Mode, ObjectiveChange, ObjectiveMatch,
    Value, WordTag,
};
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;

// ---------------------------------------------------------------- JSON

impl Serialize for Value {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Absent => s.serialize_none(),
            Value::Num(v) => Num(*v).serialize(s),
            Value::Text(t) => s.serialize_str(t),
            Value::Bool(b) => s.serialize_bool(*b),
            Value::List(l) => l.serialize(s),
        }
    }
}

/// `{"from": .., "to": ..}`, plus `word_diff` for a changed title.
struct JsonField<'a>(&'a FieldChange);

impl Serialize for JsonField<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let f = self.0;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("from", &f.from)?;
        m.serialize_entry("to", &f.to)?;
        if let Some(words) = title_words(f) {
            m.serialize_entry("word_diff", &words)?;
        }
        m.end()
    }
}

/// The word diff of a changed `title`.
fn title_words(f: &FieldChange) -> Option<String> {
    match (&f.from, &f.to) {
        (Value::Text(a), Value::Text(b)) if f.field == "title" => Some(word_diff_plain(a, b)),
        _ => None,
    }
}

/// Field changes as a JSON object keyed by field name, in field order.
struct JsonFields<'a>(&'a [FieldChange]);

impl Serialize for JsonFields<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for f in self.0 {
            m.serialize_entry(f.field, &JsonField(f))?;
        }
        m.end()
    }
}

#[derive(Serialize)]
struct JsonReport<'a> {
    from: &'a str,
    to: &'a str,
    mode: &'static str,
    objectives: JsonObjectives<'a>,
}

#[derive(Serialize)]
struct JsonObjectives<'a> {
    added: Vec<String>,
    removed: Vec<String>,
    changed: Vec<JsonObjectiveChange<'a>>,
}

#[derive(Serialize)]
struct JsonObjectiveChange<'a> {
    from: String,
    to: String,
    matched_by: &'static str,
    fields: JsonFields<'a>,
    key_results: JsonKrs<'a>,
}

#[derive(Serialize)]
struct JsonKrs<'a> {
    added: Vec<String>,
    removed: Vec<String>,
    changed: Vec<JsonKrChange<'a>>,
}

#[derive(Serialize)]
struct JsonKrChange<'a> {
    from: String,
    to: String,
    matched_by: &'static str,
    fields: JsonFields<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    continues: Option<JsonContinues<'a>>,
}

#[derive(Serialize)]
struct JsonContinues<'a> {
    metric: &'a str,
    last_current: Option<Num>,
    baseline: Option<Num>,
}

pub fn json(d: &Diff<'_>) -> String {
    let changed = d
        .changed
        .iter()
        .map(|c| JsonObjectiveChange {
            from: c.from.reference(),
            to: c.to.reference(),
            matched_by: c.matched_by.as_str(),
            fields: JsonFields(&c.fields),
            key_results: JsonKrs {
                added: c.key_results.added.iter().map(|k| c.to.kr_ref(k)).collect(),
                removed: c.key_results.removed.iter().map(|k| c.from.kr_ref(k)).collect(),
                changed: c
                    .key_results
                    .changed
                    .iter()
                    .map(|k| JsonKrChange {
                        from: c.from.kr_ref(k.from),
                        to: c.to.kr_ref(k.to),
                        matched_by: k.matched_by.as_str(),
                        fields: JsonFields(&k.fields),
                        continues: k.continues.as_ref().map(|n| JsonContinues {
                            metric: &n.metric,
                            last_current: n.last_current.map(Num),
                            baseline: n.baseline.map(Num),
                        }),
                    })
                    .collect(),
            },
        })
        .collect();
    to_json(&JsonReport {
        from: &d.from,
        to: &d.to,
        mode: d.mode.as_str(),
        objectives: JsonObjectives {
            added: d.added.iter().map(|o| o.reference()).collect(),
            removed: d.removed.iter().map(|o| o.reference()).collect(),
            changed,
        },
    })
}

// ---------------------------------------------------------------- shared

/// `1 added, 2 removed, 3 changed, 4 unchanged`, or `no differences`.
fn summary(d: &Diff<'_>) -> String {
    let mut parts = Vec::new();
    for (n, what) in [(d.added.len(), "added"), (d.removed.len(), "removed"), (d.changed.len(), "changed")] {
        if n > 0 {
            parts.push(format!("{n} {what}"));
        }
    }
    if parts.is_empty() {
        parts.push("no differences".into());
    }
    if d.unchanged > 0 {
        parts.push(match d.mode {
            Mode::Quarters => format!("{} carried over unchanged", d.unchanged),
            Mode::Revisions => format!("{} unchanged", d.unchanged),
        });
    }
    parts.join(", ")
}

/// How an objective is named in a list: its id when the periods are in the
/// header, its ref across revisions.
fn label(mode: Mode, o: &Objective) -> String {
    match mode {
        Mode::Quarters => o.id.clone(),
        Mode::Revisions => o.reference(),
    }
}

fn value_text(v: &Value) -> String {
    match v {
        Value::Absent => "–".into(),
        Value::Num(n) => fmt_num(*n),
        Value::Text(t) => t.clone(),
        Value::Bool(b) => b.to_string(),
        Value::List(l) => format!("[{}]", l.join(", ")),
    }
}

fn match_note(c: &ObjectiveChange<'_>) -> Option<String> {
    match c.matched_by {
        ObjectiveMatch::Title(s) => Some(format!("matched by title, {:.0}% alike", (s * 100.0).floor())),
        _ => None,
    }
}

/// `2026-Q1 ended at 27, 2026-Q2 starts at 24 (gap -3)`.
fn continuation_text(d: &Diff<'_>, n: &Continuation) -> String {
    let ended = n
        .last_current
        .map_or_else(|| format!("{} has no final value", d.from), |v| format!("{} ended at {}", d.from, fmt_num(v)));
    let starts = match n.baseline {
        // Input metrics count from zero each quarter (SPEC §3).
        None if n.input => format!("{} counts afresh from 0 (an input metric)", d.to),
        Some(b) if n.input => format!("{} starts at {} (an input metric)", d.to, fmt_num(b)),
        None => format!("{} has no baseline", d.to),
        Some(b) => match n.gap() {
            None if n.last_current.is_some() => format!("{} starts there", d.to),
            None => format!("{} starts at {}", d.to, fmt_num(b)),
            Some(g) => {
                format!("{} starts at {} (gap {}{})", d.to, fmt_num(b), if g > 0.0 { "+" } else { "" }, fmt_num(g))
            }
        },
    };
    format!("metric `{}` continues: {ended}, {starts}", n.metric)
}

// ---------------------------------------------------------------- text

fn words_text(old: &str, new: &str) -> String {
    word_diff(old, new)
        .into_iter()
        .map(|(tag, s)| match tag {
            WordTag::Same => s,
            WordTag::Removed => paint(RED, &format!("[-{s}-]")),
            WordTag::Added => paint(GREEN, &format!("{{+{s}+}}")),
        })
        .collect()
}

fn fields_text(out: &mut String, indent: &str, fields: &[FieldChange]) {
    let w = fields.iter().map(|f| f.field.len()).max().unwrap_or(0);
    for f in fields {
        let name = paint(DIM, &format!("{:w$}", f.field));
        let change = match (&f.from, &f.to, f.field) {
            (Value::Text(a), Value::Text(b), "title") => words_text(a, b),
            (a, b, _) => format!("{} → {}", paint(RED, &value_text(a)), paint(GREEN, &value_text(b))),
        };
        out.push_str(&format!("{indent}{name}  {change}\n"));
    }
}

fn kr_line(sign: &str, style: anstyle::Style, kr: &KeyResult) -> String {
    format!("    {} {}  {}\n", paint(style, sign), paint(style.bold(), &kr.id), kr.title)
}

fn kr_change_text(out: &mut String, d: &Diff<'_>, k: &KrChange<'_>) {
    let name = if k.from.id == k.to.id { k.to.id.clone() } else { format!("{} → {}", k.from.id, k.to.id) };
    out.push_str(&format!("    {} {}  {}\n", paint(YELLOW, "~"), paint(YELLOW.bold(), &name), k.to.title));
    fields_text(out, "        ", &k.fields);
    if let Some(n) = &k.continues {
        let style = if n.gap().is_some() && !n.input { YELLOW } else { DIM };
        out.push_str(&format!("        {}\n", paint(style, &continuation_text(d, n))));
    }
}

pub fn text(d: &Diff<'_>) -> String {
    let mut out = format!("{} · {} · {}\n", paint(BOLD, &format!("{} → {}", d.from, d.to)), d.sides(), summary(d));
    if d.is_empty() {
        return out;
    }
    out.push('\n');
    for o in &d.added {
        out.push_str(&format!("{} {}  {}\n", paint(GREEN, "+"), paint(GREEN.bold(), &label(d.mode, o)), o.title));
    }
    for o in &d.removed {
        out.push_str(&format!("{} {}  {}\n", paint(RED, "-"), paint(RED.bold(), &label(d.mode, o)), o.title));
    }
    for c in &d.changed {
        let (a, b) = (label(d.mode, c.from), label(d.mode, c.to));
        let name = if a == b { a } else { format!("{a} → {b}") };
        out.push_str(&format!("{} {}  {}", paint(YELLOW, "~"), paint(YELLOW.bold(), &name), c.to.title));
        if let Some(note) = match_note(c) {
            out.push_str(&paint(DIM, &format!("  ({note})")));
        }
        out.push('\n');
        fields_text(&mut out, "    ", &c.fields);
        for k in &c.key_results.added {
            out.push_str(&kr_line("+", GREEN, k));
        }
        for k in &c.key_results.removed {
            out.push_str(&kr_line("-", RED, k));
        }
        for k in &c.key_results.changed {
            kr_change_text(&mut out, d, k);
        }
    }
    out
}

// ---------------------------------------------------------------- Markdown

pub(crate) fn words_markdown(old: &str, new: &str) -> String {
    word_diff(old, new)
        .into_iter()
        .map(|(tag, s)| match tag {
            WordTag::Same => md_escape(&s),
            WordTag::Removed => format!("<del>{}</del>", md_escape(&s)),
            WordTag::Added => format!("<ins>{}</ins>", md_escape(&s)),
        })
        .collect()
}

pub(crate) fn value_markdown(v: &Value) -> String {
    match v {
        Value::Absent => "–".into(),
        other => md_escape(&value_text(other)),
    }
}

fn field_rows(out: &mut String, what: &str, fields: &[FieldChange]) {
    for f in fields {
        let (from, to) = match (&f.from, &f.to, f.field) {
            (Value::Text(a), Value::Text(b), "title") => (md_escape(a), words_markdown(a, b)),
            (a, b, _) => (value_markdown(a), value_markdown(b)),
        };
        out.push_str(&format!("| changed | {what} | {} | {from} | {to} |\n", f.field));
    }
}

pub fn markdown(d: &Diff<'_>) -> String {
    let mut out = format!(
        "## OKR diff {} → {}\n\nComparing {}: {}.\n",
        md_escape(&d.from),
        md_escape(&d.to),
        d.sides(),
        summary(d)
    );
    if !d.added.is_empty() {
        out.push_str("\n### Added objectives\n\n");
        for o in &d.added {
            out.push_str(&format!("- {} {}\n", md_code(&o.reference()), md_escape(&o.title)));
        }
    }
    if !d.removed.is_empty() {
        out.push_str("\n### Removed objectives\n\n");
        for o in &d.removed {
            out.push_str(&format!("- {} {}\n", md_code(&o.reference()), md_escape(&o.title)));
        }
    }
    if !d.changed.is_empty() {
        out.push_str("\n### Changed objectives\n");
    }
    for c in &d.changed {
        out.push_str(&format!("\n#### {}\n\n", md_escape(&c.to.title)));
        let (a, b) = (c.from.reference(), c.to.reference());
        if a == b {
            out.push_str(&md_code(&a));
        } else {
            out.push_str(&format!("{} → {}", md_code(&a), md_code(&b)));
        }
        if let Some(note) = match_note(c) {
            out.push_str(&format!(" ({note})"));
        }
        out.push_str("\n\n| Change | Key result | Field | From | To |\n|---|---|---|---|---|\n");
        field_rows(&mut out, "*objective*", &c.fields);
        for k in &c.key_results.added {
            out.push_str(&format!("| added | {} | | | {} |\n", md_code(&k.id), md_escape(&k.title)));
        }
        for k in &c.key_results.removed {
            out.push_str(&format!("| removed | {} | | {} | |\n", md_code(&k.id), md_escape(&k.title)));
        }
        for k in &c.key_results.changed {
            let what = if k.from.id == k.to.id {
                md_code(&k.to.id)
            } else {
                format!("{} → {}", md_code(&k.from.id), md_code(&k.to.id))
            };
            field_rows(&mut out, &what, &k.fields);
            if let Some(n) = &k.continues {
                out.push_str(&format!(
                    "| continues | {what} | {} | {} | {} |\n",
                    md_escape(&format!("{} final → {} baseline", d.from, d.to)),
                    n.last_current.map_or("–".into(), fmt_num),
                    n.baseline.map_or("–".into(), fmt_num),
                ));
            } else if k.fields.is_empty() {
                out.push_str(&format!("| renamed | {what} | | | |\n"));
            }
        }
    }
    out
}
