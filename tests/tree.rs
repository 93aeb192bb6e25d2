//! `okr tree` on the repository's example OKRs and on broken link graphs:
//! snapshots of the three formats, Mermaid and DOT syntax checked
//! structurally (and by Graphviz's `dot` when it is installed).

mod common;

use common::Project;
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
fn example_tree_in_three_formats() {
    let p = example();
    insta::assert_snapshot!("example_text", tree(&p, "text"));
    let m = tree(&p, "mermaid");
    check_mermaid(&m);
    insta::assert_snapshot!("example_mermaid", m);
    let d = tree(&p, "dot");
    check_dot(&d);
    insta::assert_snapshot!("example_dot", d);
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
}

#[test]
fn no_objectives() {
    let p = Project::empty();
    let run = p.okr(&["tree"]);
    run.expect_code(0);
    assert!(run.stdout.contains("okr init"), "{}", run.stdout);
}
