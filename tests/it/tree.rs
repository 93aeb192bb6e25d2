//! `okr tree` on the repository's example OKRs and on broken link graphs:
//! snapshots of every format, Mermaid and DOT syntax checked structurally
//! (and by Graphviz's `dot` when it is installed), JSON checked against the
//! files' objectives and links.

use crate::common;

use common::Project;
use serde_json::Value;
use std::collections::HashSet;

/// A project holding a copy of the repository's `okrs/` folder.
fn example() -> Project {
    Project::with_files(&common::fixtures::example_files())
}

fn tree(p: &Project, format: &str) -> String {
    let run = p.okr(&["tree", "--as-of", "2026-11-20", "--format", format]);
    run.expect_code(0);
    run.stdout.clone()
}

/// Ids declared as nodes and used in edges; every line well formed.
fn check_dot(dot: &str) {
    assert!(dot.starts_with("digraph okr {\n") && dot.ends_with("}\n"), "{dot}");
    assert_eq!(dot.matches('{').count(), dot.matches('}').count());
    let mut nodes = HashSet::new();
    for line in dot.lines().skip(1) {
        let l = line.trim();
        assert!(l.ends_with(';') || l.ends_with('{') || l == "}", "line: {l}");
        // Quotes balance once escaped quotes are removed.
        assert_eq!(l.replace("\\\\", "").replace("\\\"", "").matches('"').count() % 2, 0, "line: {l}");
        if let Some((id, _)) = l.split_once(" [label=").filter(|(id, _)| !id.contains(" -> ")) {
            assert!(id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'), "id {id}");
            nodes.insert(id.to_string());
        }
    }
    for line in dot.lines().filter(|l| l.contains(" -> ")) {
        let (a, rest) = line.trim().split_once(" -> ").expect("edge");
        let b = rest.trim_end_matches(';').split(' ').next().expect("target");
        assert!(nodes.contains(a) && nodes.contains(b), "edge between undeclared nodes: {line}");
    }
    // Graphviz itself, when it is here (CI installs it with chromium's dependencies, or not).
    if let Ok(mut child) = std::process::Command::new("dot")
        .arg("-Tsvg")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
    {
        use std::io::Write;
        child.stdin.take().expect("stdin").write_all(dot.as_bytes()).expect("write dot");
        let out = child.wait_with_output().expect("dot runs");
        assert!(out.status.success(), "dot rejected the graph: {}", String::from_utf8_lossy(&out.stderr));
    }
}

fn check_mermaid(m: &str) {
    assert!(m.starts_with("flowchart TB\n"), "{m}");
    let mut nodes = HashSet::new();
    for line in m.lines().skip(1) {
        let l = line.trim();
        if let Some((id, label)) = l.split_once("[\"").filter(|(id, _)| !id.starts_with("subgraph ")) {
            assert!(id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'), "id {id}");
            assert!(label.ends_with("\"]"), "label {label}");
            let inner = &label[..label.len() - 2];
            assert!(!inner.contains('"') && !inner.replace("<br/>", "").contains('<'), "unescaped label {inner}");
            nodes.insert(id.to_string());
        }
    }
    for l in m.lines().filter(|l| l.contains(" --> ") || l.contains(" -->|")) {
        let l = l.trim();
        let a = l.split(' ').next().expect("from");
        let b = l.rsplit(' ').next().expect("to");
        assert!(nodes.contains(a) && nodes.contains(b), "edge between undeclared nodes: {l}");
    }
}

#[test]
fn example_tree_in_every_format() {
    let p = example();
    insta::assert_snapshot!("example_text", tree(&p, "text"));
    let m = tree(&p, "mermaid");
    check_mermaid(&m);
    insta::assert_snapshot!("example_mermaid", m);
    let d = tree(&p, "dot");
    check_dot(&d);
    insta::assert_snapshot!("example_dot", d);
    let md = tree(&p, "markdown");
    // The diagram in the Markdown is the Mermaid output, fenced.
    assert!(md.contains(&format!("```mermaid\n{m}```\n")), "{md}");
    insta::assert_snapshot!("example_markdown", md);
    insta::assert_snapshot!("example_json", tree(&p, "json"));
}

/// Every node of a JSON forest as (depth, ref, seen), depth first.
fn walk(roots: &Value) -> Vec<(usize, String, bool)> {
    fn go(n: &Value, d: usize, out: &mut Vec<(usize, String, bool)>) {
        out.push((d, n["ref"].as_str().expect("ref").to_string(), n["seen"] == true));
        for c in n["children"].as_array().expect("children") {
            go(c, d + 1, out);
        }
    }
    let mut out = Vec::new();
    for r in roots.as_array().expect("roots") {
        go(&r["node"], 0, &mut out);
    }
    out
}

/// Every node of a JSON forest with the node it hangs under, depth first.
fn nodes_with_parents(roots: &Value) -> Vec<(&Value, Option<&Value>)> {
    fn go<'v>(n: &'v Value, up: Option<&'v Value>, out: &mut Vec<(&'v Value, Option<&'v Value>)>) {
        out.push((n, up));
        for c in n["children"].as_array().expect("children") {
            go(c, Some(n), out);
        }
    }
    let mut out = Vec::new();
    for r in roots.as_array().expect("roots") {
        go(&r["node"], None, &mut out);
    }
    out
}

#[test]
fn json_has_every_objective_once_under_its_parent() {
    let p = example();
    let doc = p.okr(&["tree", "--as-of", "2026-11-20", "--format", "json"]).expect_code(0).json();
    assert_eq!(doc["quarter"], "2026-Q4");
    let status = p.okr(&["status", "--as-of", "2026-11-20", "--format", "json"]).expect_code(0).json();
    let objectives: Vec<&Value> = status["objectives"].as_array().expect("objectives").iter().collect();
    let nodes = walk(&doc["alignment"]);
    // Each objective of the quarter exactly once, expanded; above them the
    // longer bets that contain the quarter.
    let mut refs: Vec<&str> =
        nodes.iter().filter(|n| !n.2 && n.1.starts_with("2026-Q4/")).map(|n| n.1.as_str()).collect();
    refs.sort_unstable();
    let mut want: Vec<&str> = objectives.iter().map(|o| o["ref"].as_str().expect("ref")).collect();
    want.sort_unstable();
    assert_eq!(refs, want);
    let longer: Vec<&str> = nodes.iter().filter(|n| !n.1.starts_with("2026-Q4/")).map(|n| n.1.as_str()).collect();
    assert_eq!(longer, ["2026-2028/company/self-serve", "2026/company/growth-engine"]);
    // A child's `parent` names the node it hangs under; scores match `okr status`;
    // every node names its period.
    for (node, up) in nodes_with_parents(&doc["alignment"]) {
        let r = node["ref"].as_str().expect("ref");
        assert_eq!(node["period"].as_str(), r.split('/').next(), "{node}");
        if let Some(up) = up {
            let parent = node["parent"].as_str().expect("parent");
            assert_eq!(parent.split('#').next(), up["ref"].as_str(), "{node}");
        }
    }
    for o in &objectives {
        let (node, _) = nodes_with_parents(&doc["alignment"])
            .into_iter()
            .find(|(n, _)| n["ref"] == o["ref"])
            .expect("node of the objective");
        assert_eq!(node["score"], o["score"]);
        assert_eq!(node["status"], o["status"]);
    }
    // Metric tree: a child drives its parent (its own file says so).
    let krs: Vec<&Value> = objectives.iter().flat_map(|o| o["key_results"].as_array().expect("krs")).collect();
    assert!(!doc["metrics"].as_array().expect("metrics").is_empty());
    for root in doc["metrics"].as_array().expect("roots") {
        assert_eq!(root["root"], "top");
        assert!(krs.iter().any(|k| k["ref"] == root["node"]["ref"] && k["layer"] == root["node"]["layer"]));
    }
}

#[test]
fn quarter_flag_and_default_quarter() {
    let p = example();
    let q3 = p.okr(&["tree", "--quarter", "2026-Q3", "--as-of", "2026-11-20"]);
    q3.expect_code(0);
    assert!(q3.stdout.starts_with("2026-Q3 · as of 2026-11-20"), "{}", q3.stdout);
    // No OKRs in the as-of quarter: the latest quarter that has some.
    let later = p.okr(&["tree", "--as-of", "2027-06-01"]);
    assert!(later.stdout.starts_with("2026-Q4"), "{}", later.stdout);
}

const HOSTILE: &str = "---\nowner: x\nparent: growth/b\nkey_results:\n  - id: k\n    title: \"Say \\\"hi\\\" <b>x</b> & \\\\ # `t`\"\n    baseline: 0\n    target: 1\n    drives: [\"growth/b#k\"]\n---\n# Quotes \"here\" <script>alert(1)</script>\n";

#[test]
fn labels_are_escaped_and_cycles_terminate() {
    let b = "---\nowner: x\nparent: growth/a\nkey_results:\n  - id: k\n    title: B's KR\n    baseline: 0\n    target: 1\n    drives: [\"growth/a#k\"]\n---\n# B\n";
    let p = Project::with_files(&[("okrs/2026-Q1/growth/a.md", HOSTILE), ("okrs/2026-Q1/growth/b.md", b)]);
    // The drives links form a cycle (a data error: exit 1) and so do the parents.
    let text = p.okr(&["tree", "--as-of", "2026-02-01"]);
    text.expect_code(1);
    assert!(text.stdout.contains("In a cycle of links"), "{}", text.stdout);
    assert!(text.stderr.contains("error"), "{}", text.stderr);
    let m = p.okr(&["tree", "--as-of", "2026-02-01", "--format", "mermaid"]).stdout;
    check_mermaid(&m);
    assert!(m.contains("Say #quot;hi#quot; #lt;b#gt;x#lt;/b#gt; #amp; \\ #35; #96;t#96;<br/>"), "{m}");
    let d = p.okr(&["tree", "--as-of", "2026-02-01", "--format", "dot"]).stdout;
    check_dot(&d);
    assert!(d.contains(r#"Say \"hi\" <b>x</b> & \\ # `t`\n"#), "{d}");
    let md = p.okr(&["tree", "--as-of", "2026-02-01", "--format", "markdown"]);
    md.expect_code(1);
    assert!(md.stdout.contains(r#"Say "hi" &lt;b&gt;x&lt;/b&gt; &amp; \\ # \`t\` · "#), "{}", md.stdout);
    assert!(md.stdout.contains("### Alignment (parent links)\n\n_In a cycle of links_\n\n- **"), "{}", md.stdout);
    let doc = p.okr(&["tree", "--as-of", "2026-02-01", "--format", "json"]).expect_code(1).json();
    let roots: Vec<&Value> = doc["alignment"].as_array().expect("roots").iter().collect();
    assert_eq!(roots.iter().map(|r| r["root"].as_str()).collect::<Vec<_>>(), [Some("cycle")]);
    // The cycle shows each objective once, and the way back as `seen`.
    let nodes = walk(&doc["alignment"]);
    assert_eq!(nodes.iter().filter(|n| !n.2).count(), 2, "{nodes:?}");
    assert!(nodes.iter().any(|n| n.2), "{nodes:?}");
}

#[test]
fn no_objectives() {
    // An empty OKR root; without one, tree exits 2 like every reading command (tests/it/cli.rs).
    let p = Project::with_files(&[("okrs/notes.txt", "nothing yet")]);
    let run = p.okr(&["tree"]);
    run.expect_code(0);
    assert!(run.stdout.contains("okr new objective"), "{}", run.stdout);
    // Machine formats print an empty document and say why on stderr.
    let run = p.okr(&["tree", "--format", "json", "--as-of", "2026-02-01"]);
    run.expect_code(0);
    assert_eq!(run.json(), serde_json::json!({"quarter": null, "as_of": "2026-02-01", "alignment": [], "metrics": []}));
    assert!(run.stderr.contains("okr new objective"), "{}", run.stderr);
    let dot = p.okr(&["tree", "--format", "dot"]).expect_code(0).stdout.clone();
    check_dot(&dot);
    let m = p.okr(&["tree", "--format", "mermaid"]).expect_code(0).stdout.clone();
    check_mermaid(&m);
}

/// An objective file: `front` lines, then KRs as (id, extra lines).
fn objective(front: &str, title: &str, krs: &[(&str, &str)]) -> String {
    let krs: String = krs
        .iter()
        .map(|(id, extra)| {
            format!("  - id: {id}\n    title: Move {id} from 0 to 100\n    baseline: 0\n    target: 100\n    current: 40\n{extra}")
        })
        .collect();
    format!("---\nowner: dana\n{front}key_results:\n{krs}---\n# {title}\n")
}

/// The bet graph of SPEC §11 on a real repository: a span bet, a year under
/// it, quarter objectives under the year (one through a KR of it, one
/// through the objective), a team objective under a quarter one, an orphan
/// quarter objective, and a year that overlaps nothing shown.
fn bet_graph() -> Project {
    let p = Project::with_files(&[
        (
            "okrs/2026-2028/company/plg.md",
            objective("bet: Teams that try and buy on their own carry half of new revenue\n", "Win with self-serve", &[("share", "")]),
        ),
        (
            "okrs/2026/company/self-serve.md",
            objective(
                "parent: \"2026-2028/company/plg#share\"\nbet: Self-serve upgrades grow revenue without founder-led deals\n",
                "Self-serve leads 2026",
                &[("upgrades", ""), ("retention", "")],
            ),
        ),
        (
            "okrs/2026-Q3/company/engine.md",
            objective("parent: \"2026/company/self-serve#upgrades\"\n", "A growth engine without heroics", &[("arr", "")]),
        ),
        (
            "okrs/2026-Q3/growth/activation.md",
            objective(
                "parent: company/engine\n",
                "New teams book on day one",
                &[("activation", "    layer: leading\n    drives: [\"2026/company/self-serve#upgrades\"]\n")],
            ),
        ),
        ("okrs/2026-Q3/growth/orphan.md", objective("", "An idea of our own", &[("orphan", "")])),
        (
            "okrs/2026-Q4/company/keep.md",
            objective("parent: 2026/company/self-serve\n", "Keep the teams we win", &[("nrr", "")]),
        ),
        ("okrs/2027/company/later.md", objective("", "Next year's plan", &[("later", "")])),
    ]);
    p.init_repo("bets");
    p
}

fn bet_tree(p: &Project, period: &str, format: &str) -> String {
    let run = p.okr(&["tree", "--period", period, "--as-of", "2026-08-15", "--format", format]);
    run.expect_code(0);
    run.stdout.clone()
}

#[test]
fn the_bet_graph_in_every_format() {
    let p = bet_graph();
    let check = p.okr(&["check", "--as-of", "2026-08-15", "--format", "json"]).json();
    let rules: Vec<&str> =
        check["diagnostics"].as_array().expect("diagnostics").iter().map(|d| d["rule"].as_str().unwrap()).collect();
    assert!(!rules.contains(&"horizon-mismatch") && rules.contains(&"no-bet"), "{rules:?}");

    let text = bet_tree(&p, "2026-Q3", "text");
    insta::assert_snapshot!("bets_text", text);
    let m = bet_tree(&p, "2026-Q3", "mermaid");
    check_mermaid(&m);
    insta::assert_snapshot!("bets_mermaid", m);
    let d = bet_tree(&p, "2026-Q3", "dot");
    check_dot(&d);
    insta::assert_snapshot!("bets_dot", d);
    let md = bet_tree(&p, "2026-Q3", "markdown");
    assert!(md.contains(&format!("```mermaid\n{m}```\n")), "{md}");
    insta::assert_snapshot!("bets_markdown", md);
    let json = bet_tree(&p, "2026-Q3", "json");
    insta::assert_snapshot!("bets_json", json);

    // The chain span > year > quarter > team, the KR a child names, the orphan a root.
    let doc: Value = serde_json::from_str(&json).expect("json");
    let nodes: Vec<(usize, String)> = walk(&doc["alignment"]).into_iter().map(|(d, r, _)| (d, r)).collect();
    let want = [
        (0, "2026-2028/company/plg"),
        (1, "2026/company/self-serve"),
        (2, "2026-Q3/company/engine"),
        (3, "2026-Q3/growth/activation"),
        (0, "2026-Q3/growth/orphan"),
    ];
    assert_eq!(nodes, want.map(|(d, r)| (d, r.to_string())));
    let roots = doc["alignment"].as_array().expect("roots");
    assert_eq!(roots.iter().map(|r| r["root"].as_str().unwrap()).collect::<Vec<_>>(), ["top", "no_parent"]);
    let year = &roots[0]["node"]["children"][0];
    assert_eq!(year["period"], "2026");
    assert_eq!(year["bet"], "Self-serve upgrades grow revenue without founder-led deals");
    assert_eq!(year["children"][0]["parent"], "2026/company/self-serve#upgrades");
    assert!(year["children"][0].get("bet").is_none());
    // The year is scored over its own days: 40% done with 226 of 365 days gone.
    assert_eq!(year["score"].as_f64(), Some(0.4));
    assert_eq!(year["status"], "at_risk");
    // The metric tree is the quarter's; the year's KR it drives is external.
    let metrics = doc["metrics"].as_array().expect("metrics");
    assert_eq!(metrics[0]["node"]["ref"], "2026/company/self-serve#upgrades");
    assert_eq!(metrics[0]["node"]["external"], true);
    assert_eq!(metrics[0]["node"]["children"][0]["ref"], "2026-Q3/growth/activation#activation");
}

/// The refs of a JSON alignment node's `key_results`.
fn kr_refs(node: &Value) -> Vec<&str> {
    node["key_results"].as_array().expect("key_results").iter().map(|k| k["ref"].as_str().expect("ref")).collect()
}

#[test]
fn each_objective_lists_its_key_results_in_the_alignment_tree() {
    let p = bet_graph();
    let doc: Value = serde_json::from_str(&bet_tree(&p, "2026-Q3", "json")).expect("json");
    // Span > year > quarter > team: each node's own KRs, in file order, with
    // their own period and score (the year's over its own days).
    let span = &doc["alignment"][0]["node"];
    let year = &span["children"][0];
    let quarter = &year["children"][0];
    let team = &quarter["children"][0];
    assert_eq!(kr_refs(span), ["2026-2028/company/plg#share"]);
    assert_eq!(kr_refs(year), ["2026/company/self-serve#upgrades", "2026/company/self-serve#retention"]);
    assert_eq!(kr_refs(quarter), ["2026-Q3/company/engine#arr"]);
    assert_eq!(kr_refs(team), ["2026-Q3/growth/activation#activation"]);
    let upgrades = &year["key_results"][0];
    assert_eq!(upgrades["period"], "2026");
    assert_eq!(upgrades["id"], "upgrades");
    assert_eq!(upgrades["title"], "Move upgrades from 0 to 100");
    assert_eq!(upgrades["layer"], "output");
    assert_eq!(upgrades["score"].as_f64(), Some(0.4));
    assert_eq!(upgrades["status"], "at_risk");
    assert_eq!(quarter["key_results"][0]["period"], "2026-Q3");
    assert_eq!(quarter["key_results"][0]["status"], "on_track");
    assert_eq!(team["key_results"][0]["layer"], "leading");
    // `children` stays objectives only; KR nodes of the metric tree have no `key_results`.
    assert_eq!(quarter["children"].as_array().map(Vec::len), Some(1));
    assert!(doc["metrics"][0]["node"].get("key_results").is_none());

    // The text lists them under the objective (after its bet), before its
    // children, and a child through a KR keeps its marker.
    let text = bet_tree(&p, "2026-Q3", "text");
    let lines: Vec<&str> = text.lines().collect();
    let at = |needle: &str| lines.iter().position(|l| l.contains(needle)).unwrap_or_else(|| panic!("{needle}: {text}"));
    assert!(at("bet: Self-serve upgrades") < at("◦ output   Move upgrades from 0 to 100  0.40 at risk  upgrades"));
    assert!(at("Move retention from 0 to 100") < at("A growth engine without heroics  0.40 on track  → upgrades"));
    assert!(lines[at("Move retention")].starts_with("   │  ◦ output "), "{text}");
}

#[test]
fn an_objective_shown_again_does_not_repeat_its_key_results() {
    let b = "---\nowner: x\nparent: growth/a\nkey_results:\n  - id: kb\n    title: B's KR\n    baseline: 0\n    target: 1\n---\n# B\n";
    let a = "---\nowner: x\nparent: growth/b\nkey_results:\n  - id: ka\n    title: A's KR\n    baseline: 0\n    target: 1\n---\n# A\n";
    let p = Project::with_files(&[("okrs/2026-Q1/growth/a.md", a), ("okrs/2026-Q1/growth/b.md", b)]);
    let doc = p.okr(&["tree", "--as-of", "2026-02-01", "--format", "json"]).expect_code(0).json();
    let nodes = nodes_with_parents(&doc["alignment"]);
    assert_eq!(nodes.len(), 3, "{doc}");
    for (n, _) in &nodes {
        let want = if n["seen"] == true { 0 } else { 1 };
        assert_eq!(kr_refs(n).len(), want, "{n}");
    }
    let text = p.okr(&["tree", "--as-of", "2026-02-01"]).expect_code(0).stdout.clone();
    assert_eq!(text.matches("A's KR").count(), 1, "{text}");
    assert_eq!(text.matches("B's KR").count(), 1, "{text}");
    let md = p.okr(&["tree", "--as-of", "2026-02-01", "--format", "markdown"]).expect_code(0).stdout.clone();
    assert_eq!(md.matches("A's KR").count(), 1, "{md}");
}

#[test]
fn a_year_holds_every_quarter_inside_it() {
    let p = bet_graph();
    let text = bet_tree(&p, "2026", "text");
    insta::assert_snapshot!("bets_year_text", text);
    let doc: Value = serde_json::from_str(&bet_tree(&p, "2026", "json")).expect("json");
    assert_eq!(doc["quarter"], "2026");
    let refs: Vec<String> = walk(&doc["alignment"]).into_iter().map(|(_, r, _)| r).collect();
    assert_eq!(
        refs,
        [
            "2026-2028/company/plg",
            "2026/company/self-serve",
            "2026-Q4/company/keep",
            "2026-Q3/company/engine",
            "2026-Q3/growth/activation",
            "2026-Q3/growth/orphan",
        ]
    );
    assert!(!refs.iter().any(|r| r.starts_with("2027")));
    // Its metric tree holds the year's own KRs: none is external.
    let metrics = doc["metrics"].as_array().expect("metrics");
    assert_eq!(metrics[0]["node"]["external"], false);
    // A span: the span itself and everything in it, 2027 included.
    let span: Value = serde_json::from_str(&bet_tree(&p, "2026-2028", "json")).expect("json");
    let refs: Vec<String> = walk(&span["alignment"]).into_iter().map(|(_, r, _)| r).collect();
    assert!(refs.contains(&"2027/company/later".to_string()), "{refs:?}");
    // A bad label is still a usage error.
    let bad = p.okr(&["tree", "--period", "2026-H3"]);
    bad.expect_code(2);
    assert!(bad.stderr.contains("is not a period"), "{}", bad.stderr);
}

#[test]
fn a_hostile_bet_is_escaped_in_every_format() {
    let bet = r#"bet: "Say \"hi\" <b>x</b> & \\ # `t` [link](javascript:x)\n  | cell |""#;
    let p = Project::with_files(&[
        ("okrs/2026/company/y.md", objective(&format!("{bet}\n"), "Year", &[("k", "")])),
        ("okrs/2026-Q1/company/q.md", objective("parent: \"2026/company/y#k\"\n", "Quarter", &[("q", "")])),
    ]);
    p.init_repo("hostile bet");
    let run =
        |format: &str| p.okr(&["tree", "--as-of", "2026-02-01", "--format", format]).expect_code(0).stdout.clone();
    let m = run("mermaid");
    check_mermaid(&m);
    assert!(m.contains("Bet: Say #quot;hi#quot; #lt;b#gt;x#lt;/b#gt; #amp; \\ #35;"), "{m}");
    let d = run("dot");
    check_dot(&d);
    assert!(d.contains(r#"Bet: Say \"hi\" <b>x</b> & \\ #"#), "{d}");
    let md = run("markdown");
    assert!(md.contains(r#"<br>*Bet:* Say "hi" &lt;b&gt;x&lt;/b&gt; &amp; \\ # \`t\` \[link\](javascript:x)"#), "{md}");
    // One line per list item: the bet's line break is a space.
    assert!(md.lines().filter(|l| l.contains("*Bet:*")).all(|l| l.ends_with(r"\| cell \|")), "{md}");
    let json = p.okr(&["tree", "--as-of", "2026-02-01", "--format", "json"]).expect_code(0).json();
    assert_eq!(json["alignment"][0]["node"]["bet"], "Say \"hi\" <b>x</b> & \\ # `t` [link](javascript:x)\n  | cell |");
    let text = run("text");
    assert!(text.contains("bet: Say \"hi\" <b>x</b> & \\ # `t` [link](javascript:x) | cell |\n"), "{text}");
}

#[test]
fn without_quarters_the_tree_shows_the_period_of_the_as_of_date() {
    let p = Project::with_files(&[
        ("okrs/2026-2028/company/plg.md", objective("", "Win with self-serve", &[("share", "")])),
        ("okrs/2026/company/y.md", objective("parent: \"2026-2028/company/plg#share\"\n", "The year", &[("k", "")])),
    ]);
    p.init_repo("bets only");
    let run = p.okr(&["tree", "--as-of", "2026-05-01"]);
    run.expect_code(0);
    assert!(run.stdout.starts_with("2026 · as of 2026-05-01\n"), "{}", run.stdout);
    assert!(run.stdout.contains("└─ 2026  company  The year"), "{}", run.stdout);
    let later = p.okr(&["tree", "--as-of", "2028-05-01"]).expect_code(0).stdout.clone();
    assert!(later.starts_with("2026-2028 · as of"), "{later}");
}
