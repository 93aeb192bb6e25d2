//! `okr tree`: the alignment tree (the bet graph, from the longest horizon
//! down) and the metric tree as indented text, JSON, Markdown (nested lists
//! and a Mermaid diagram), a Mermaid flowchart or a Graphviz digraph. When
//! the tree holds more than one period, every objective names its own; an
//! objective's `bet:` shows beneath it.

use crate::core::model::KeyResult;
use crate::core::refs::{Period, Ref};
use crate::core::score::{KrScore, Status};
use crate::core::style::{paint, BOLD, CYAN, DIM};
use crate::render::status::{status_style, value_text};
use crate::render::{md_escape, num, to_json, Num};
use crate::views::tree::{preorder, Branch, KrNode, ObjectiveNode, Root, RootKind, Trees};
use serde::Serialize;
use std::fmt::Write as _;

/// How `okr tree` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TreeFormat {
    Text,
    /// Both forests as nested nodes (see docs/commands.md).
    Json,
    /// Nested lists, then the Mermaid diagram (for an issue, a PR or a wiki).
    Markdown,
    /// A Mermaid `flowchart` (paste into a Markdown code block on GitHub).
    Mermaid,
    /// A Graphviz digraph (`okr tree --format dot | dot -Tsvg > tree.svg`).
    Dot,
}

pub fn render(trees: &Trees<'_>, format: TreeFormat) -> String {
    match format {
        TreeFormat::Text => text(trees),
        TreeFormat::Json => json(trees),
        TreeFormat::Markdown => markdown(trees),
        TreeFormat::Mermaid => mermaid(trees),
        TreeFormat::Dot => dot(trees),
    }
}

fn score_words(score: Option<f64>, status: Option<Status>, none: &str) -> String {
    match (score, status) {
        (Some(v), Some(s)) => format!("{v:.2} {}", s.label()),
        (Some(v), None) => format!("{v:.2}"),
        _ => none.to_string(),
    }
}

/// The tree-drawing prefix of every line of a forest (`├─ `, `│  `, ...).
fn prefixes(items: &[(usize, &Branch)]) -> Vec<String> {
    // Whether the branch at each index is the last child of its parent: one
    // pass from the end, remembering per depth whether a later sibling exists.
    let mut last = vec![true; items.len()];
    let mut later: Vec<bool> = Vec::new();
    for (i, (d, _)) in items.iter().enumerate().rev() {
        later.truncate(d + 1);
        later.resize(d + 1, false);
        last[i] = !later[*d];
        later[*d] = true;
    }
    let mut open: Vec<bool> = Vec::new(); // per depth: does the ancestor at that depth have later siblings?
    let mut out = Vec::with_capacity(items.len());
    for (i, (d, _)) in items.iter().enumerate() {
        open.truncate(*d);
        let mut p = String::new();
        if *d > 0 {
            for &o in &open[1..] {
                p.push_str(if o { "│  " } else { "   " });
            }
            p.push_str(if last[i] { "└─ " } else { "├─ " });
        }
        open.push(!last[i]);
        out.push(p);
    }
    out
}

/// The period of an objective as the first word of its line, when the tree
/// holds more than one.
fn period_label(t: &Trees<'_>, o: &crate::core::model::Objective) -> Option<String> {
    (t.periods > 1).then(|| o.period.to_string())
}

fn objective_line(t: &Trees<'_>, n: &ObjectiveNode<'_>, b: &Branch, root: bool) -> String {
    let o = n.objective;
    let title = if root { paint(BOLD, &o.title) } else { o.title.clone() };
    let period = period_label(t, o).map(|p| format!("{}  ", paint(BOLD, &p))).unwrap_or_default();
    let mut line = format!(
        "{period}{}  {title}  {}",
        paint(CYAN, &o.team),
        paint(status_style(n.score.status), &score_words(n.score.score, n.score.status, "no score"))
    );
    if let Some(kr) = &b.via {
        line.push_str(&paint(DIM, &format!("  → {kr}")));
    }
    if b.seen {
        line.push_str(&paint(DIM, "  (shown above)"));
    }
    line
}

/// A key result under its objective in the alignment tree: layer, title,
/// score and status, then its id (what a child's `→ kr` names).
fn alignment_kr_line(kr: &KeyResult, s: &KrScore) -> String {
    format!(
        "{} {}  {}  {}  {}",
        paint(DIM, "◦"),
        paint(CYAN, &format!("{:<7}", kr.layer.as_str())),
        kr.title,
        paint(status_style(s.status), &score_words(s.score, s.status, s.no_status())),
        paint(DIM, &kr.id)
    )
}

/// Whether a KR is named by its full ref: one of another period, or any when
/// the period shown is longer than a quarter (its quarters share ids).
fn full_kr_ref(t: &Trees<'_>, n: &KrNode<'_>) -> bool {
    n.external || !t.period.is_quarter()
}

fn kr_line(t: &Trees<'_>, n: &KrNode<'_>, b: &Branch) -> String {
    let where_ = if full_kr_ref(t, n) { n.objective.kr_ref(n.kr) } else { n.objective.local_kr_ref(n.kr) };
    let mut line = format!(
        "{}  {}  {}  {}  {}",
        paint(CYAN, &format!("{:<7}", n.kr.layer.as_str())),
        n.kr.title,
        paint(status_style(n.score.status), &score_words(n.score.score, n.score.status, n.score.no_status())),
        value_text(n.kr, &n.score),
        paint(DIM, &where_)
    );
    if b.seen {
        line.push_str(&paint(DIM, "  (shown above)"));
    }
    line
}

/// The prefix of a line under a node's own line (its bet): the node's
/// prefix with its connector turned into the bar below it, then a bar to
/// the node's children if it has any.
fn continuation(prefix: &str, b: &Branch) -> String {
    let mut p = match prefix.strip_suffix("├─ ") {
        Some(head) => format!("{head}│  "),
        None => prefix.strip_suffix("└─ ").map_or_else(|| prefix.to_string(), |head| format!("{head}   ")),
    };
    p.push_str(if b.children.is_empty() { "   " } else { "│  " });
    p
}

type LineFn<'f> = &'f dyn Fn(&Branch, bool) -> String;
/// The lines under a node's own (its bet, its KRs), or its sub-items in Markdown.
type BelowFn<'f> = &'f dyn Fn(&Branch) -> Vec<String>;

fn forest(out: &mut String, roots: &[Root], line: LineFn<'_>, below: BelowFn<'_>) {
    let items = preorder(roots);
    let pre = prefixes(&items);
    for ((d, b), p) in items.iter().zip(pre) {
        let _ = writeln!(out, "{p}{}", line(b, *d == 0));
        if !b.seen {
            let lines = below(b);
            if !lines.is_empty() {
                let c = continuation(&p, b);
                for extra in lines {
                    let _ = writeln!(out, "{c}{extra}");
                }
            }
        }
        if b.truncated {
            let _ = writeln!(out, "{p}   {}", paint(DIM, "… deeper links left out"));
        }
    }
}

/// Headings between groups of roots of different kinds.
fn groups(roots: &[Root], period: Period) -> Vec<(Option<String>, &[Root])> {
    let mut out: Vec<(Option<String>, &[Root])> = Vec::new();
    let mut start = 0;
    for i in 1..=roots.len() {
        let kind = |r: &Root| std::mem::discriminant(&r.kind);
        if i == roots.len() || kind(&roots[i]) != kind(&roots[start]) {
            let heading = match &roots[start].kind {
                RootKind::Top => None,
                RootKind::Unaligned => Some("No parent".to_string()),
                RootKind::ParentElsewhere(_) => Some(format!("Parent outside {period}")),
                RootKind::Cycle => Some("In a cycle of links".to_string()),
            };
            out.push((heading, &roots[start..i]));
            start = i;
        }
    }
    out
}

/// An objective's `bet:`, one line (terminal text, escaped by the output guard).
fn bet_text(n: &ObjectiveNode<'_>) -> Option<String> {
    n.objective.bet.as_deref().map(|b| format!("bet: {}", b.split_whitespace().collect::<Vec<_>>().join(" ")))
}

pub fn text(t: &Trees<'_>) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", paint(BOLD, &format!("{} · as of {}", t.period, t.as_of)));
    let _ = writeln!(out, "\n{}", paint(BOLD, "Alignment (parent links)"));
    if t.objectives.is_empty() {
        let _ = writeln!(out, "No objectives in {}.", t.period);
    }
    for (heading, roots) in groups(&t.alignment, t.period) {
        if let Some(h) = heading {
            let _ = writeln!(out, "\n{}", paint(DIM, &h));
        }
        let line = |b: &Branch, root: bool| {
            let mut l = objective_line(t, &t.objectives[b.node], b, root);
            if root {
                if let Some(p) = roots.iter().find_map(|r| match &r.kind {
                    RootKind::ParentElsewhere(p) if r.branch.node == b.node => Some(p),
                    _ => None,
                }) {
                    l.push_str(&paint(DIM, &format!("  ↑ {p}")));
                }
            }
            l
        };
        forest(&mut out, roots, &line, &|b| {
            let n = &t.objectives[b.node];
            let mut lines: Vec<String> = bet_text(n).map(|l| paint(DIM, &l)).into_iter().collect();
            if b.shows_key_results() {
                lines.extend(n.key_results().map(|(kr, s)| alignment_kr_line(kr, s)));
            }
            lines
        });
    }
    let _ = writeln!(out, "\n{}", paint(BOLD, "Metric tree (drives: input → leading → output)"));
    if t.metrics.is_empty() {
        let _ = writeln!(out, "No `drives` links in {}.", t.period);
    }
    for (heading, roots) in groups(&t.metrics, t.period) {
        if let Some(h) = heading {
            let _ = writeln!(out, "\n{}", paint(DIM, &h));
        }
        forest(&mut out, roots, &|b, _| kr_line(t, &t.krs[b.node], b), &|_| Vec::new());
    }
    out
}

/// Why a root is a root, as JSON.
fn root_kind(k: &RootKind) -> &'static str {
    match k {
        RootKind::Top => "top",
        RootKind::Unaligned => "no_parent",
        RootKind::ParentElsewhere(_) => "parent_elsewhere",
        RootKind::Cycle => "cycle",
    }
}

#[derive(Serialize)]
struct JsonTrees<'a> {
    quarter: Option<String>,
    as_of: String,
    alignment: Vec<JsonRoot<'a>>,
    metrics: Vec<JsonRoot<'a>>,
}

#[derive(Serialize)]
struct JsonRoot<'a> {
    root: &'static str,
    node: JsonNode<'a>,
}

/// An objective (alignment) or a KR (metrics) and the nodes below it.
#[derive(Serialize)]
struct JsonNode<'a> {
    #[serde(rename = "ref")]
    reference: String,
    /// The objective's period (SPEC §11), for a KR its objective's.
    period: Period,
    title: &'a str,
    #[serde(flatten)]
    what: What<'a>,
    score: Option<Num>,
    status: Option<&'static str>,
    seen: bool,
    truncated: bool,
    /// An objective's key results in file order (empty when `seen` or
    /// `truncated`); absent on a KR node.
    #[serde(skip_serializing_if = "Option::is_none")]
    key_results: Option<Vec<JsonKr<'a>>>,
    /// Objective nodes only (alignment), KR nodes only (metrics).
    children: Vec<JsonNode<'a>>,
}

/// A key result under its objective in the alignment tree.
#[derive(Serialize)]
struct JsonKr<'a> {
    #[serde(rename = "ref")]
    reference: String,
    period: Period,
    id: &'a str,
    title: &'a str,
    layer: &'static str,
    score: Option<Num>,
    status: Option<&'static str>,
}

#[derive(Serialize)]
#[serde(untagged)]
enum What<'a> {
    Objective {
        team: &'a str,
        owner: Option<&'a str>,
        parent: Option<&'a Ref>,
        #[serde(skip_serializing_if = "Option::is_none")]
        bet: Option<&'a str>,
    },
    Kr {
        layer: &'static str,
        unit: Option<&'a str>,
        current: Option<Num>,
        target: Option<Num>,
        external: bool,
    },
}

fn json_node<'a>(t: &'a Trees<'_>, b: &Branch, kr: bool) -> JsonNode<'a> {
    let children = b.children.iter().map(|c| json_node(t, c, kr)).collect();
    if kr {
        let n = &t.krs[b.node];
        JsonNode {
            reference: n.reference(),
            period: n.objective.period,
            title: &n.kr.title,
            what: What::Kr {
                layer: n.kr.layer.as_str(),
                unit: n.kr.unit.as_deref(),
                current: num(n.score.values.current),
                target: num(n.score.values.target),
                external: n.external,
            },
            score: num(n.score.score),
            status: n.score.status.map(Status::as_str),
            seen: b.seen,
            truncated: b.truncated,
            key_results: None,
            children,
        }
    } else {
        let n = &t.objectives[b.node];
        let o = n.objective;
        JsonNode {
            reference: o.reference(),
            period: o.period,
            title: &o.title,
            what: What::Objective {
                team: &o.team,
                owner: o.owner.as_deref(),
                parent: o.parent_resolved.as_ref(),
                bet: o.bet.as_deref(),
            },
            score: num(n.score.score),
            status: n.score.status.map(Status::as_str),
            seen: b.seen,
            truncated: b.truncated,
            key_results: Some(json_krs(n, b)),
            children,
        }
    }
}

/// The key results a JSON alignment node lists (none when `seen` or `truncated`).
fn json_krs<'a>(n: &ObjectiveNode<'a>, b: &Branch) -> Vec<JsonKr<'a>> {
    if !b.shows_key_results() {
        return Vec::new();
    }
    let o = n.objective;
    n.key_results()
        .map(|(kr, s)| JsonKr {
            reference: o.kr_ref(kr),
            period: o.period,
            id: &kr.id,
            title: &kr.title,
            layer: kr.layer.as_str(),
            score: num(s.score),
            status: s.status.map(Status::as_str),
        })
        .collect()
}

/// Both forests as JSON: every root says why it is one (`top`, `no_parent`,
/// `parent_elsewhere`, `cycle`); a node shown before is `seen` and not
/// expanded again; `truncated` marks children cut at the depth limit.
pub fn json(t: &Trees<'_>) -> String {
    let roots = |roots: &[Root], kr: bool| {
        roots.iter().map(|r| JsonRoot { root: root_kind(&r.kind), node: json_node(t, &r.branch, kr) }).collect()
    };
    to_json(&JsonTrees {
        quarter: Some(t.period.to_string()),
        as_of: t.as_of.to_string(),
        alignment: roots(&t.alignment, false),
        metrics: roots(&t.metrics, true),
    })
}

/// The JSON of a project with no objectives: no quarter, empty forests.
pub fn empty_json(as_of: jiff::civil::Date) -> String {
    to_json(&JsonTrees { quarter: None, as_of: as_of.to_string(), alignment: Vec::new(), metrics: Vec::new() })
}

/// A status as a coloured dot and words, for Markdown.
fn md_status(score: Option<f64>, status: Option<Status>, none: &str) -> String {
    format!("{} {}", crate::render::pr::indicator(status), score_words(score, status, none))
}

/// One forest as a nested Markdown list, headed by its groups of roots.
fn md_forest(out: &mut String, roots: &[Root], period: Period, item: LineFn<'_>, sub: BelowFn<'_>) {
    for (heading, group) in groups(roots, period) {
        if let Some(h) = heading {
            if !out.ends_with("\n\n") {
                out.push('\n');
            }
            let _ = writeln!(out, "_{h}_\n");
        }
        for (d, b) in preorder(group) {
            let _ = write!(out, "{}- {}", "  ".repeat(d), item(b, d == 0));
            if b.seen {
                out.push_str(" _(shown above)_");
            }
            if b.truncated {
                out.push_str(" _(deeper links left out)_");
            }
            out.push('\n');
            if !b.seen {
                for s in sub(b) {
                    let _ = writeln!(out, "{}- {s}", "  ".repeat(d + 1));
                }
            }
        }
    }
}

/// An objective's item in the Markdown alignment list: period, title, team,
/// status, the parent's KR it names (or its parent elsewhere) and its bet.
fn md_objective(t: &Trees<'_>, b: &Branch, root: bool) -> String {
    let n = &t.objectives[b.node];
    let title = md_escape(&n.objective.title);
    let title = if root { format!("**{title}**") } else { title };
    let period = period_label(t, n.objective).map(|p| format!("`{p}` ")).unwrap_or_default();
    let mut line = format!(
        "{period}{title} · {} · {}",
        md_escape(&n.objective.team),
        md_status(n.score.score, n.score.status, "no score")
    );
    if let Some(kr) = &b.via {
        let _ = write!(line, " · → `{}`", kr.replace('`', "'"));
    }
    if root {
        if let Some(p) = t.alignment.iter().find_map(|r| match &r.kind {
            RootKind::ParentElsewhere(p) if r.branch.node == b.node => Some(p),
            _ => None,
        }) {
            let _ = write!(line, " · ↑ `{}`", p.replace('`', "'"));
        }
    }
    if let Some(bet) = n.objective.bet.as_deref().filter(|_| !b.seen) {
        let _ = write!(line, "<br>*Bet:* {}", md_escape(&bet.split_whitespace().collect::<Vec<_>>().join(" ")));
    }
    line
}

/// An objective's KRs as the first items of its Markdown sub-list (none
/// where it is shown again or cut).
fn md_krs(t: &Trees<'_>, b: &Branch) -> Vec<String> {
    if !b.shows_key_results() {
        return Vec::new();
    }
    t.objectives[b.node]
        .key_results()
        .map(|(kr, s)| {
            format!(
                "◦ *{}* · {} · {} · `{}`",
                kr.layer.as_str(),
                md_escape(&kr.title),
                md_status(s.score, s.status, s.no_status()),
                kr.id.replace('`', "'")
            )
        })
        .collect()
}

/// Markdown for an issue, a pull request or a wiki page: both trees as nested
/// lists, then the Mermaid diagram in a collapsed block (GitHub draws it).
pub fn markdown(t: &Trees<'_>) -> String {
    let mut out = format!("## OKR tree {}\n\nAs of {}.\n\n### Alignment (parent links)\n\n", t.period, t.as_of);
    if t.objectives.is_empty() {
        let _ = writeln!(out, "No objectives in {}.", t.period);
    }
    md_forest(&mut out, &t.alignment, t.period, &|b, root| md_objective(t, b, root), &|b| md_krs(t, b));
    out.push_str("\n### Metric tree (drives: input → leading → output)\n\n");
    if t.metrics.is_empty() {
        let _ = writeln!(out, "No `drives` links in {}.", t.period);
    }
    let no_sub: BelowFn<'_> = &|_| Vec::new();
    md_forest(
        &mut out,
        &t.metrics,
        t.period,
        &|b, _| {
            let n = &t.krs[b.node];
            let place = if full_kr_ref(t, n) { n.reference() } else { n.objective.local_kr_ref(n.kr) };
            format!(
                "{} · {} · {} · {} · `{}`",
                n.kr.layer.as_str(),
                md_escape(&n.kr.title),
                md_status(n.score.score, n.score.status, "no target"),
                md_escape(&value_text(n.kr, &n.score)),
                place.replace('`', "'")
            )
        },
        no_sub,
    );
    if !t.objectives.is_empty() {
        let _ = write!(out, "\n<details><summary>Diagram</summary>\n\n```mermaid\n{}```\n\n</details>\n", mermaid(t));
    }
    out
}

/// Words of `s` in lines of about `width` characters.
pub fn wrap(s: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut cur = String::new();
    for w in s.split_whitespace() {
        if !cur.is_empty() && cur.chars().count() + 1 + w.chars().count() > width {
            lines.push(std::mem::take(&mut cur));
        }
        if !cur.is_empty() {
            cur.push(' ');
        }
        cur.push_str(w);
    }
    if !cur.is_empty() || lines.is_empty() {
        lines.push(cur);
    }
    lines
}

/// A diagram node id: a prefix, a number that makes it unique and a readable
/// slug, all `[A-Za-z0-9_]`.
fn node_id(prefix: char, i: usize, name: &str) -> String {
    let slug: String = name.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).take(40).collect();
    format!("{prefix}{i}_{slug}")
}

/// Text inside a double-quoted Mermaid label: quotes, angle brackets, `&`,
/// `#` and backticks as Mermaid entity codes; line breaks as spaces.
pub fn mermaid_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '&' => out.push_str("#amp;"),
            '#' => out.push_str("#35;"),
            '`' => out.push_str("#96;"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Text inside a double-quoted DOT string: backslashes and quotes escaped,
/// line breaks as spaces.
pub fn dot_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// (fill, stroke) of a status.
pub fn status_colours(s: Option<Status>) -> (&'static str, &'static str) {
    match s {
        Some(Status::Done) => ("#ddf4ff", "#0969da"),
        Some(Status::OnTrack) => ("#dafbe1", "#1a7f37"),
        Some(Status::AtRisk) => ("#fff8c5", "#9a6700"),
        Some(Status::OffTrack) => ("#ffebe9", "#cf222e"),
        None => ("#f6f8fa", "#8c959f"),
    }
}

fn status_class(s: Option<Status>) -> &'static str {
    s.map_or("none", Status::as_str)
}

/// A bet in a diagram's node: `Bet: …` wrapped, at most three lines (the
/// whole statement is in the text and JSON).
fn bet_lines(bet: &str) -> Vec<String> {
    const MAX_LINES: usize = 3;
    let mut lines = wrap(&format!("Bet: {bet}"), 36);
    if lines.len() > MAX_LINES {
        lines.truncate(MAX_LINES);
        lines[MAX_LINES - 1].push_str(" …");
    }
    lines
}

struct Diagram {
    /// (id, label lines, status).
    objectives: Vec<(String, Vec<String>, Option<Status>)>,
    krs: Vec<(String, Vec<String>, Option<Status>)>,
    /// (from, to, label).
    edges: Vec<(String, String, Option<String>)>,
}

fn diagram(t: &Trees<'_>) -> Diagram {
    let oid: Vec<String> = t.objectives.iter().enumerate().map(|(i, n)| node_id('o', i + 1, &n.objective.id)).collect();
    let kid: Vec<String> = t
        .krs
        .iter()
        .enumerate()
        .map(|(i, n)| node_id('k', i + 1, &format!("{}_{}", n.objective.id, n.kr.id)))
        .collect();
    let objectives = t
        .objectives
        .iter()
        .zip(&oid)
        .map(|(n, id)| {
            let o = n.objective;
            let mut lines = wrap(&o.title, 36);
            let period = period_label(t, o).map(|p| format!("{p} · ")).unwrap_or_default();
            lines.push(format!("{period}{} · {}", o.team, score_words(n.score.score, n.score.status, "no score")));
            if let Some(bet) = &o.bet {
                lines.extend(bet_lines(bet));
            }
            (id.clone(), lines, n.score.status)
        })
        .collect();
    let linked: std::collections::HashSet<usize> = t.drives.iter().flat_map(|&(a, b)| [a, b]).collect();
    let krs = t
        .krs
        .iter()
        .zip(&kid)
        .enumerate()
        .filter(|(i, _)| linked.contains(i))
        .map(|(_, (n, id))| {
            let mut lines = wrap(&n.kr.title, 36);
            let place = if n.external {
                n.objective.kr_ref(n.kr)
            } else if full_kr_ref(t, n) {
                n.objective.reference()
            } else {
                n.objective.id.clone()
            };
            lines.push(format!(
                "{} · {} · {place}",
                n.kr.layer,
                score_words(n.score.score, n.score.status, n.score.no_status())
            ));
            (id.clone(), lines, n.score.status)
        })
        .collect();
    let mut edges: Vec<(String, String, Option<String>)> =
        t.parents.iter().map(|l| (oid[l.parent].clone(), oid[l.child].clone(), l.kr.clone())).collect();
    edges.extend(t.drives.iter().map(|&(a, b)| (kid[a].clone(), kid[b].clone(), None)));
    Diagram { objectives, krs, edges }
}

/// A Mermaid flowchart: the alignment tree (parent → child, labelled with
/// the parent's KR) and the metric graph (driver → driven) as two subgraphs.
pub fn mermaid(t: &Trees<'_>) -> String {
    let d = diagram(t);
    let mut out = String::from("flowchart TB\n");
    let label = |lines: &[String]| lines.iter().map(|l| mermaid_escape(l)).collect::<Vec<_>>().join("<br/>");
    let _ = writeln!(out, "  subgraph alignment[\"{}\"]", mermaid_escape(&format!("Alignment {}", t.period)));
    out.push_str("    direction TB\n");
    for (id, lines, _) in &d.objectives {
        let _ = writeln!(out, "    {id}[\"{}\"]", label(lines));
    }
    out.push_str("  end\n");
    let _ = writeln!(out, "  subgraph metrics[\"{}\"]", mermaid_escape("Metric tree: input → leading → output"));
    out.push_str("    direction TB\n");
    for (id, lines, _) in &d.krs {
        let _ = writeln!(out, "    {id}[\"{}\"]", label(lines));
    }
    out.push_str("  end\n");
    for (a, b, l) in &d.edges {
        match l {
            Some(l) => {
                let _ = writeln!(out, "  {a} -->|\"{}\"| {b}", mermaid_escape(l));
            }
            None => {
                let _ = writeln!(out, "  {a} --> {b}");
            }
        }
    }
    for s in [Some(Status::Done), Some(Status::OnTrack), Some(Status::AtRisk), Some(Status::OffTrack), None] {
        let (fill, stroke) = status_colours(s);
        let members: Vec<&str> =
            d.objectives.iter().chain(&d.krs).filter(|(_, _, st)| *st == s).map(|(id, _, _)| id.as_str()).collect();
        if members.is_empty() {
            continue;
        }
        let class = status_class(s);
        let _ = writeln!(out, "  classDef {class} fill:{fill},stroke:{stroke},color:#1f2328");
        let _ = writeln!(out, "  class {} {class}", members.join(","));
    }
    out
}

/// A Graphviz digraph with the two trees as clusters.
pub fn dot(t: &Trees<'_>) -> String {
    let d = diagram(t);
    let mut out = String::from("digraph okr {\n");
    out.push_str("  graph [rankdir=TB, fontname=\"Helvetica\", fontsize=12];\n");
    out.push_str("  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\", fontsize=10];\n");
    out.push_str("  edge [color=\"#57606a\", fontname=\"Helvetica\", fontsize=9];\n");
    let node = |out: &mut String, (id, lines, s): &(String, Vec<String>, Option<Status>)| {
        let (fill, stroke) = status_colours(*s);
        let label = lines.iter().map(|l| dot_escape(l)).collect::<Vec<_>>().join("\\n");
        let _ = writeln!(out, "    {id} [label=\"{label}\", fillcolor=\"{fill}\", color=\"{stroke}\"];");
    };
    out.push_str("  subgraph cluster_alignment {\n");
    let _ = writeln!(out, "    label=\"{}\";", dot_escape(&format!("Alignment {} (parent links)", t.period)));
    for n in &d.objectives {
        node(&mut out, n);
    }
    out.push_str("  }\n  subgraph cluster_metrics {\n");
    let _ = writeln!(out, "    label=\"{}\";", dot_escape("Metric tree (drives: input → leading → output)"));
    for n in &d.krs {
        node(&mut out, n);
    }
    out.push_str("  }\n");
    for (a, b, l) in &d.edges {
        match l {
            Some(l) => {
                let _ = writeln!(out, "  {a} -> {b} [label=\"{}\"];", dot_escape(l));
            }
            None => {
                let _ = writeln!(out, "  {a} -> {b};");
            }
        }
    }
    out.push_str("}\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn branch(children: usize) -> Branch {
        let leaf = Branch { node: 0, via: None, seen: false, truncated: false, children: Vec::new() };
        Branch { children: vec![leaf.clone(); children], ..leaf }
    }

    #[test]
    fn a_line_under_a_node_continues_its_bars() {
        // A root: a bar down to its children, or nothing.
        assert_eq!(continuation("", &branch(2)), "│  ");
        assert_eq!(continuation("", &branch(0)), "   ");
        // A middle child keeps its siblings' bar; a last child does not.
        assert_eq!(continuation("│  ├─ ", &branch(1)), "│  │  │  ");
        assert_eq!(continuation("│  └─ ", &branch(0)), "│        ");
        assert_eq!(continuation("├─ ", &branch(0)), "│     ");
    }

    #[test]
    fn a_long_bet_is_three_lines_in_a_diagram() {
        let bet = "word ".repeat(60);
        let lines = bet_lines(&bet);
        assert_eq!(lines.len(), 3);
        assert!(lines[0].starts_with("Bet: word"));
        assert!(lines[2].ends_with(" …"));
        assert_eq!(bet_lines("Short"), ["Bet: Short"]);
    }
}
