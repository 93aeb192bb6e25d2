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

#[test]
fn json_has_every_objective_once_under_its_parent() {
    let p = example();
    let doc = p.okr(&["tree", "--as-of", "2026-11-20", "--format", "json"]).expect_code(0).json();
    assert_eq!(doc["quarter"], "2026-Q4");
    let status = p.okr(&["status", "--as-of", "2026-11-20", "--format", "json"]).expect_code(0).json();
    let objectives: Vec<&Value> = status["objectives"].as_array().expect("objectives").iter().collect();
    let nodes = walk(&doc["alignment"]);
    // Each objective of the quarter exactly once, expanded.
    let mut refs: Vec<&str> = nodes.iter().filter(|n| !n.2).map(|n| n.1.as_str()).collect();
    refs.sort_unstable();
    let mut want: Vec<&str> = objectives.iter().map(|o| o["ref"].as_str().expect("ref")).collect();
    want.sort_unstable();
    assert_eq!(refs, want);
    // A child's `parent` names the node it hangs under; scores match `okr status`.
    for root in doc["alignment"].as_array().expect("roots") {
        for child in root["node"]["children"].as_array().expect("children") {
            let parent = child["parent"].as_str().expect("parent");
            assert_eq!(parent.split('#').next(), root["node"]["ref"].as_str(), "{child}");
        }
    }
    for o in &objectives {
        let node = doc["alignment"]
            .as_array()
            .expect("roots")
            .iter()
            .flat_map(|r| std::iter::once(&r["node"]).chain(r["node"]["children"].as_array().expect("c").iter()))
            .find(|n| n["ref"] == o["ref"])
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
