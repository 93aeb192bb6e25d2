use super::*;
use crate::core::config::Config;
use crate::core::model::Objective;
use crate::core::refs::{KrRef, Period, Ref};
use crate::core::snapshot::SourceFile;
use jiff::civil::date;

fn file(rel: &str, front: &str, krs: &[(&str, &str)]) -> SourceFile {
    let krs: String = krs
        .iter()
        .map(|(id, extra)| {
            format!("  - id: {id}\n    title: KR {id}\n    baseline: 0\n    target: 10\n    current: 5\n{extra}")
        })
        .collect();
    let title = rel.trim_end_matches(".md").replace('/', " ");
    SourceFile {
        path: format!("okrs/{rel}"),
        rel: rel.into(),
        bytes: format!("---\n{front}key_results:\n{krs}---\n# {title}\n").into_bytes(),
    }
}

fn ws(files: &[SourceFile]) -> Workspace {
    Workspace::build(files, &Config::default())
}

fn q(s: &str) -> Quarter {
    Quarter::parse(s).unwrap()
}

fn trees(ws: &Workspace) -> Trees<'_> {
    build(ws, q("2026-Q1").into(), date(2026, 2, 15), 1, "company")
}

/// Each forest as `depth:id[flags]` lines.
fn shape(t: &Trees<'_>, roots: &[Root], kr: bool) -> Vec<String> {
    preorder(roots)
        .into_iter()
        .map(|(d, b)| {
            let name = if kr {
                t.krs[b.node].objective.local_kr_ref(t.krs[b.node].kr)
            } else {
                t.objectives[b.node].objective.id.clone()
            };
            let via = b.via.as_deref().map(|v| format!(" via {v}")).unwrap_or_default();
            let flags = if b.seen {
                " (seen)"
            } else if b.truncated {
                " (truncated)"
            } else {
                ""
            };
            format!("{}{name}{via}{flags}", "  ".repeat(d))
        })
        .collect()
}

#[test]
fn alignment_from_the_company_down_with_kinds_of_roots() {
    let w = ws(&[
        file("2026-Q1/company/revenue.md", "", &[("mrr", ""), ("churn", "")]),
        file("2026-Q1/growth/activation.md", "parent: \"company/revenue#churn\"\n", &[("a", "")]),
        file("2026-Q1/growth/pipeline.md", "parent: \"company/revenue#mrr\"\n", &[("p", "")]),
        file("2026-Q1/sales/deals.md", "parent: growth/pipeline\n", &[("d", "")]),
        file("2026-Q1/mobile/app.md", "", &[("m", "")]),
        file("2026-Q1/platform/sso.md", "parent: 2026/company/old\n", &[("s", "")]),
        file("2026/company/old.md", "", &[("o", "")]),
    ]);
    // The quarter alone (the report's trees): the year parent is elsewhere.
    let t = build_quarter(&w, q("2026-Q1"), date(2026, 2, 15), 1, "company");
    assert_eq!(
        shape(&t, &t.alignment, false),
        [
            "company/revenue",
            "  growth/pipeline via mrr",
            "    sales/deals",
            "  growth/activation via churn",
            "platform/sso",
            "mobile/app",
        ]
    );
    let kinds: Vec<&RootKind> = t.alignment.iter().map(|r| &r.kind).collect();
    assert_eq!(kinds, [&RootKind::Top, &RootKind::ParentElsewhere("2026/company/old".into()), &RootKind::Unaligned]);
    assert_eq!(t.parents.len(), 3);
}

#[test]
fn a_parent_cycle_is_shown_once_and_does_not_loop() {
    // The workspace reports only self-parents; a longer cycle reaches the tree.
    let w = ws(&[
        file("2026-Q1/growth/a.md", "parent: growth/b\n", &[("x", "")]),
        file("2026-Q1/growth/b.md", "parent: growth/c\n", &[("y", "")]),
        file("2026-Q1/growth/c.md", "parent: growth/a\n", &[("z", "")]),
    ]);
    let t = trees(&w);
    assert_eq!(t.alignment.len(), 1);
    assert_eq!(t.alignment[0].kind, RootKind::Cycle);
    assert_eq!(shape(&t, &t.alignment, false), ["growth/a", "  growth/c", "    growth/b", "      growth/a (seen)"]);
}

#[test]
fn metric_tree_from_outputs_down_to_inputs_with_shared_drivers_once() {
    let w = ws(&[file(
        "2026-Q1/growth/a.md",
        "",
        &[
            ("out", ""),
            ("lead1", "    layer: leading\n    drives: [out]\n"),
            ("lead2", "    layer: leading\n    drives: [out]\n"),
            ("input", "    layer: input\n    drives: [lead1, lead2]\n"),
            ("alone", ""),
        ],
    )]);
    let t = trees(&w);
    assert_eq!(
        shape(&t, &t.metrics, true),
        ["growth/a#out", "  growth/a#lead1", "    growth/a#input", "  growth/a#lead2", "    growth/a#input (seen)"]
    );
    assert_eq!(t.drives.len(), 4);
}

#[test]
fn a_drives_cycle_is_shown_once() {
    let w = ws(&[file(
        "2026-Q1/growth/a.md",
        "",
        &[("x", "    drives: [y]\n"), ("y", "    drives: [z]\n"), ("z", "    drives: [x]\n")],
    )]);
    assert!(w.diagnostics.iter().any(|d| d.rule == crate::core::codes::DRIVES_CYCLE.name));
    let t = trees(&w);
    assert_eq!(t.metrics.len(), 1);
    assert_eq!(t.metrics[0].kind, RootKind::Cycle);
    assert_eq!(shape(&t, &t.metrics, true).len(), 4);
}

#[test]
fn drives_into_another_quarter_end_at_an_external_node() {
    let w = ws(&[
        file("2026-Q1/growth/a.md", "", &[("x", "    drives: [\"2026-Q2/growth/b#y\"]\n")]),
        file("2026-Q2/growth/b.md", "", &[("y", "")]),
    ]);
    let t = trees(&w);
    let ext: Vec<String> = t.krs.iter().filter(|k| k.external).map(KrNode::reference).collect();
    assert_eq!(ext, ["2026-Q2/growth/b#y"]);
    assert_eq!(shape(&t, &t.metrics, true), ["growth/b#y", "  growth/a#x"]);
}

#[test]
fn dangling_refs_and_deep_chains_are_guarded() {
    let mut w = ws(&[file("2026-Q1/growth/a.md", "", &[("x", "")])]);
    // Refs the workspace would never keep: to nothing at all.
    w.objectives[0].key_results[0].drives_resolved = vec![KrRef::parse("2026-Q1/nope/none#z").unwrap()];
    w.objectives[0].parent_resolved = Some(Ref::parse("2026-Q1/nope/none").unwrap());
    let t = trees(&w);
    assert!(t.drives.is_empty());
    assert_eq!(t.alignment.len(), 1);

    // A chain deeper than MAX_DEPTH is cut.
    let n = MAX_DEPTH + 5;
    let krs: Vec<(String, String)> = (0..n)
        .map(|i| (format!("k{i}"), if i > 0 { format!("    drives: [k{}]\n", i - 1) } else { String::new() }))
        .collect();
    let krs: Vec<(&str, &str)> = krs.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    let w = ws(&[file("2026-Q1/growth/deep.md", "", &krs)]);
    let t = trees(&w);
    let items = preorder(&t.metrics);
    assert_eq!(items.len(), MAX_DEPTH + 1);
    assert!(items.last().unwrap().1.truncated);
}

#[test]
fn default_quarter_is_the_as_of_quarter_else_the_latest() {
    let qs = [q("2026-Q1"), q("2026-Q3")];
    assert_eq!(default_quarter(&qs, date(2026, 2, 1), 1), Some(q("2026-Q1")));
    assert_eq!(default_quarter(&qs, date(2026, 5, 1), 1), Some(q("2026-Q3")));
    assert_eq!(default_quarter(&[], date(2026, 5, 1), 1), None);
}

#[test]
fn objectives_are_ordered_company_first() {
    let w = ws(&[
        file("2026-Q1/alpha/a.md", "", &[("x", "")]),
        file("2026-Q1/revenue.md", "", &[("x", "")]),
        file("2026-Q1/zeta/z.md", "", &[("x", "")]),
    ]);
    let ids: Vec<&str> =
        quarter_objectives(&w, q("2026-Q1"), "company").iter().map(|o: &&Objective| o.id.as_str()).collect();
    assert_eq!(ids, ["revenue", "alpha/a", "zeta/z"]);
}

fn p(s: &str) -> Period {
    Period::parse(s).unwrap()
}

/// A span, a year under it, two quarters under the year (one through a KR
/// of it), a team objective under a quarter, an orphan quarter objective,
/// and objectives of periods that do not overlap.
fn bet_graph() -> Workspace {
    ws(&[
        file("2026-2028/company/plg.md", "bet: Self-serve carries us\n", &[("share", "")]),
        file("2026/company/year.md", "parent: \"2026-2028/company/plg#share\"\n", &[("y1", ""), ("y2", "")]),
        file("2026-H1/growth/half.md", "parent: 2026/company/year\n", &[("h", "")]),
        file("2026-Q1/company/top.md", "parent: \"2026/company/year#y2\"\n", &[("t", "")]),
        file(
            "2026-Q1/growth/team.md",
            "parent: \"company/top#t\"\n",
            &[("g", "    drives: [\"2026/company/year#y1\"]\n")],
        ),
        file("2026-Q1/growth/orphan.md", "", &[("o", "")]),
        file("2026-Q2/company/next.md", "parent: \"2026/company/year#y1\"\n", &[("n", "")]),
        file("2027/company/later.md", "", &[("l", "")]),
        file("2025-Q4/company/before.md", "", &[("b", "")]),
    ])
}

#[test]
fn a_quarter_s_bet_graph_starts_at_the_longest_horizon_that_contains_it() {
    let w = bet_graph();
    assert!(w.diagnostics.iter().all(|d| d.rule != crate::core::codes::HORIZON_MISMATCH.name), "{:?}", w.diagnostics);
    let t = trees(&w);
    assert_eq!(
        shape(&t, &t.alignment, false),
        [
            "company/plg",
            "  company/year via share",
            "    growth/half",
            "    company/top via y2",
            "      growth/team via t",
            "growth/orphan",
        ]
    );
    let periods: Vec<String> = t.objectives.iter().map(|n| n.objective.period.to_string()).collect();
    assert_eq!(periods, ["2026-2028", "2026", "2026-H1", "2026-Q1", "2026-Q1", "2026-Q1"]);
    assert_eq!(t.periods, 4);
    let kinds: Vec<&RootKind> = t.alignment.iter().map(|r| &r.kind).collect();
    assert_eq!(kinds, [&RootKind::Top, &RootKind::Unaligned]);
    // The metric tree is the quarter's: the year's KR it drives is external.
    assert_eq!(shape(&t, &t.metrics, true), ["company/year#y1", "  growth/team#g"]);
    assert!(t.krs.iter().filter(|k| k.objective.period != q("2026-Q1")).all(|k| k.external));
}

#[test]
fn a_longer_period_holds_every_quarter_inside_it() {
    let w = bet_graph();
    let t = build(&w, p("2026"), date(2026, 5, 1), 1, "company");
    assert_eq!(
        shape(&t, &t.alignment, false),
        [
            "company/plg",
            "  company/year via share",
            "    growth/half",
            "    company/next via y1",
            "    company/top via y2",
            "      growth/team via t",
            "growth/orphan",
        ]
    );
    // Its metric tree: every objective inside the year, none external.
    assert_eq!(shape(&t, &t.metrics, true), ["company/year#y1", "  growth/team#g"]);
    assert!(t.krs.iter().all(|k| !k.external));
    // A half: its own quarters and the longer objectives around it.
    let h2 = build(&w, p("2026-H2"), date(2026, 8, 1), 1, "company");
    assert_eq!(shape(&h2, &h2.alignment, false), ["company/plg", "  company/year via share"]);
    // The bets alone: cut at the first quarter, no metric tree.
    let b = bets(&w, p("2026-Q1"), date(2026, 2, 1), 1, "company");
    assert_eq!(
        shape(&b, &b.alignment, false),
        ["company/plg", "  company/year via share", "    growth/half", "    company/top via y2"]
    );
    assert!(b.krs.is_empty());
}

#[test]
fn periods_overlap_when_they_share_a_quarter() {
    assert!(overlaps(p("2026"), p("2026-Q3")) && overlaps(p("2026-Q3"), p("2026")));
    assert!(overlaps(p("2025-2027"), p("2026-H2")));
    assert!(overlaps(p("2026-Q4"), p("2026-Q4")));
    assert!(!overlaps(p("2026-H1"), p("2026-Q3")));
    assert!(!overlaps(p("2027"), p("2026-Q4")));
    assert!(!overlaps(p("2025-Q4"), p("2026")));
}

#[test]
fn a_bet_at_a_team_is_a_top_and_a_cycle_across_horizons_ends() {
    // A team's own year bet with no parent is a top, not "no parent".
    let w = ws(&[
        file("2026/growth/bet.md", "", &[("x", "")]),
        file("2026-Q1/growth/q.md", "parent: 2026/growth/bet\n", &[("y", "")]),
    ]);
    let t = trees(&w);
    assert_eq!(t.alignment[0].kind, RootKind::Top);
    assert_eq!(shape(&t, &t.alignment, false), ["growth/bet", "  growth/q"]);
    // A parent link up the horizons and back: the workspace reports the
    // shorter-horizon parent and drops it; set anyway, the tree still ends.
    let mut w = ws(&[
        file("2026/growth/bet.md", "parent: \"2026-Q1/growth/q\"\n", &[("x", "")]),
        file("2026-Q1/growth/q.md", "parent: 2026/growth/bet\n", &[("y", "")]),
    ]);
    assert!(w.diagnostics.iter().any(|d| d.rule == crate::core::codes::HORIZON_MISMATCH.name));
    w.objectives[0].parent_resolved = Some(Ref::parse("2026-Q1/growth/q").unwrap());
    let t = trees(&w);
    assert_eq!(shape(&t, &t.alignment, false), ["growth/bet", "  growth/q", "    growth/bet (seen)"]);
    assert_eq!(t.alignment.len(), 1);
    assert_eq!(t.alignment[0].kind, RootKind::Cycle);
}

#[test]
fn default_period_without_quarters_holds_the_as_of_date_else_is_the_latest() {
    let ps = [p("2026-2028"), p("2026"), p("2027")];
    assert_eq!(default_period(&ps, date(2026, 5, 1), 1), Some(p("2026")));
    assert_eq!(default_period(&ps, date(2028, 5, 1), 1), Some(p("2026-2028")));
    assert_eq!(default_period(&ps, date(2030, 5, 1), 1), Some(p("2027")));
    assert_eq!(default_period(&[], date(2026, 5, 1), 1), None);
}

#[test]
fn an_alignment_node_lists_its_key_results_once() {
    let w = bet_graph();
    let t = trees(&w);
    let year = t.objectives.iter().find(|n| n.objective.id == "company/year").unwrap();
    let krs: Vec<(&str, Option<f64>)> = year.key_results().map(|(kr, s)| (kr.id.as_str(), s.score)).collect();
    // In file order, each scored over the year's own days.
    assert_eq!(krs, [("y1", Some(0.5)), ("y2", Some(0.5))]);
    assert_eq!(year.key_results().count(), year.score.key_results.len());
    // Every node expanded once lists them; a node met again or cut does not.
    let shown: Vec<bool> = preorder(&t.alignment).iter().map(|(_, b)| b.shows_key_results()).collect();
    assert_eq!(shown, [true; 6]);
    let cycle = ws(&[
        file("2026-Q1/growth/a.md", "parent: growth/b\n", &[("x", "")]),
        file("2026-Q1/growth/b.md", "parent: growth/a\n", &[("y", "")]),
    ]);
    let t = trees(&cycle);
    let shown: Vec<(bool, bool)> =
        preorder(&t.alignment).iter().map(|(_, b)| (b.seen, b.shows_key_results())).collect();
    assert_eq!(shown, [(false, true), (false, true), (true, false)]);
    let cut = Branch { node: 0, via: None, seen: false, truncated: true, children: Vec::new() };
    assert!(!cut.shows_key_results());
}
