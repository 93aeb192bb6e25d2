//! The shape of `src/`, checked from the sources (in the manner of
//! rust-analyzer's tidy tests): no import cycle between top-level modules.
//!
//! The graph has one node per top-level module (`src/x.rs` or `src/x/`) and
//! an edge `x -> y` for every path into `y` written in `x`'s code:
//! `crate::y::…`, `use crate::{y, …}`, `$crate::y` in macros, and `super::y`
//! where `super` is the crate root. Code under `#[cfg(test)]` (inline test
//! modules and files such as `src/x/tests.rs`) is left out: tests may reach
//! anywhere. Comments and doc links are not imports.
//!
//! The layer order that ARCHITECTURE.md draws is checked over the same
//! graph: each top-level module's layer is in `LAYERS` (written once here,
//! and the same table is in ARCHITECTURE.md), and a test fails on an
//! import that points up or sideways. Two more scans hold the edges to
//! their crates: only `git/` names `gix`, only `github/` names `ureq`, only
//! `metrics/postgres.rs` names the PostgreSQL client, tokio and rustls.

use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};
use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// What a layer is: pure code, an edge (it touches the outside world), or
/// the top (`cli`, the glue that may import everything).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Pure,
    Edge,
    Top,
}

/// The layers of `src/`, lowest first. A module imports only modules of
/// the layers below its own, never one beside or above it. The edges sit
/// above `core` and `history` (which they read into and out of) and below
/// the rest, but no pure layer imports an edge: only `cli` does.
const LAYERS: &[(Kind, &[&str])] = &[
    (Kind::Pure, &["core"]),
    (Kind::Pure, &["history"]),
    (Kind::Edge, &["git", "github", "source", "output", "metrics"]),
    (Kind::Pure, &["analysis"]),
    (Kind::Pure, &["views"]),
    (Kind::Pure, &["render"]),
    (Kind::Top, &["cli"]),
];

/// The index in `LAYERS` of a module's layer.
fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|(_, modules)| modules.contains(&module))
}

/// Every import that breaks the order of `LAYERS`, and every module the
/// table does not place, one line each.
fn layer_violations(graph: &Graph) -> Vec<String> {
    let mut out = Vec::new();
    for (from, edges) in graph {
        let Some(i) = layer_of(from) else {
            out.push(format!("src/{from}: a top-level module that LAYERS (tests/layers.rs) does not place"));
            continue;
        };
        for (to, site) in edges {
            let Some(j) = layer_of(to) else { continue };
            let at = site.line.map_or(site.file.clone(), |l| format!("{}:{l}", site.file));
            if j >= i {
                let how = if j == i { "beside it" } else { "above it" };
                out.push(format!("{at}: {from} imports {to}, a layer {how}"));
            } else if LAYERS[j].0 == Kind::Edge && LAYERS[i].0 != Kind::Top {
                out.push(format!("{at}: {from} imports {to}, an edge: only cli imports the edges"));
            }
        }
    }
    out
}

/// The `.rs` files under `src` outside `allowed` (a folder of `src`) whose
/// tokens name `ident` (comments do not count; strings neither).
fn files_naming(src: &Path, ident: &str, allowed: &str) -> Vec<String> {
    fn names(stream: TokenStream, ident: &str) -> bool {
        stream.into_iter().any(|t| match t {
            TokenTree::Ident(i) => i == ident,
            TokenTree::Group(g) => names(g.stream(), ident),
            _ => false,
        })
    }
    let mut files = Vec::new();
    rust_files(src, &mut files);
    files
        .iter()
        .filter(|p| !p.starts_with(src.join(allowed)))
        .filter(|p| {
            let text = std::fs::read_to_string(p).unwrap_or_else(|e| panic!("cannot read {}: {e}", p.display()));
            let tokens: TokenStream = text.parse().unwrap_or_else(|e| panic!("{} does not lex: {e:?}", p.display()));
            names(tokens, ident)
        })
        .map(|p| p.strip_prefix(src).expect("under src").display().to_string())
        .collect()
}

/// Where a module is named: the file, and the line of its first
/// `crate::name` when it is written that way.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Site {
    file: String,
    line: Option<usize>,
}

/// Top-level module -> the top-level modules it names, each with where it
/// first does.
type Graph = BTreeMap<String, BTreeMap<String, Site>>;

/// What one file names: top-level modules, and the files that only tests
/// compile (`#[cfg(test)] mod name;`), as module names.
#[derive(Debug, Default, PartialEq)]
struct Scan {
    uses: Vec<String>,
    test_modules: Vec<String>,
}

/// Scans one file whose module is `depth` levels below the crate root
/// (`src/x.rs` and `src/x/mod.rs` are 1, `src/x/y.rs` is 2).
fn scan(text: &str, depth: usize) -> Result<Scan, String> {
    let tokens: TokenStream = text.parse().map_err(|e| format!("does not lex: {e:?}"))?;
    let mut out = Scan::default();
    walk(tokens, depth, &mut out);
    Ok(out)
}

fn walk(stream: TokenStream, depth: usize, out: &mut Scan) {
    let tokens: Vec<TokenTree> = stream.into_iter().collect();
    let mut i = 0;
    while i < tokens.len() {
        // `#[cfg(test)]`: the item it is on is test code.
        if is_cfg_test(&tokens, i) {
            i = skip_item(&tokens, i + 2, out);
            continue;
        }
        // `mod name { … }`: one level deeper.
        if let (Some(TokenTree::Ident(m)), Some(TokenTree::Ident(_)), Some(TokenTree::Group(g))) =
            (tokens.get(i), tokens.get(i + 1), tokens.get(i + 2))
        {
            if m == "mod" && g.delimiter() == Delimiter::Brace {
                walk(g.stream(), depth + 1, out);
                i += 3;
                continue;
            }
        }
        match &tokens[i] {
            TokenTree::Group(g) => walk(g.stream(), depth, out),
            TokenTree::Ident(id) if id == "crate" && !follows_path_separator(&tokens, i) => {
                path_from_root(&tokens, i + 1, out);
            }
            TokenTree::Ident(id) if id == "super" && !follows_path_separator(&tokens, i) => {
                // `super::super::…` as many times as the module is deep
                // reaches the crate root (`pub(super)` is no path).
                let mut k = i;
                let mut ups = 1;
                while is_path_separator(&tokens, k + 1)
                    && matches!(tokens.get(k + 3), Some(TokenTree::Ident(s)) if s == "super")
                {
                    k += 3;
                    ups += 1;
                }
                if ups == depth {
                    path_from_root(&tokens, k + 1, out);
                }
                i = k + 1;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
}

/// `::` at `i`.
fn is_path_separator(tokens: &[TokenTree], i: usize) -> bool {
    matches!(
        (tokens.get(i), tokens.get(i + 1)),
        (Some(TokenTree::Punct(a)), Some(TokenTree::Punct(b)))
            if a.as_char() == ':' && a.spacing() == Spacing::Joint && b.as_char() == ':'
    )
}

/// The token at `i` is a later segment of a path (`x::crate` cannot be, but
/// `x::super` can).
fn follows_path_separator(tokens: &[TokenTree], i: usize) -> bool {
    i >= 2 && is_path_separator(tokens, i - 2)
}

/// After `crate` (at `i`: `::`), the top-level module named: `::y` or each
/// first name of `::{y::…, z, …}`.
fn path_from_root(tokens: &[TokenTree], i: usize, out: &mut Scan) {
    if !is_path_separator(tokens, i) {
        return;
    }
    match tokens.get(i + 2) {
        Some(TokenTree::Ident(y)) => push_use(out, &y.to_string()),
        Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Brace => {
            let inner: Vec<TokenTree> = g.stream().into_iter().collect();
            let mut first = true;
            for t in &inner {
                match t {
                    TokenTree::Punct(p) if p.as_char() == ',' => first = true,
                    TokenTree::Ident(y) if first => {
                        push_use(out, &y.to_string());
                        first = false;
                    }
                    _ => first = false,
                }
            }
        }
        _ => {}
    }
}

fn push_use(out: &mut Scan, name: &str) {
    if name != "self" && name != "super" && name != "crate" {
        out.uses.push(name.to_string());
    }
}

/// The first line (1-based) of `text` that writes `crate::name`, for the
/// message; proc-macro2 keeps no lines without a feature that would rebuild
/// every derive macro for the tests.
fn line_of(text: &str, name: &str) -> Option<usize> {
    let needle = format!("crate::{name}");
    text.lines()
        .position(|l| {
            l.match_indices(&needle)
                .any(|(i, _)| !l[i + needle.len()..].starts_with(|c: char| c.is_alphanumeric() || c == '_'))
        })
        .map(|i| i + 1)
}

/// `#` `[cfg(test)]` at `i`.
fn is_cfg_test(tokens: &[TokenTree], i: usize) -> bool {
    let (Some(TokenTree::Punct(hash)), Some(TokenTree::Group(g))) = (tokens.get(i), tokens.get(i + 1)) else {
        return false;
    };
    hash.as_char() == '#'
        && g.delimiter() == Delimiter::Bracket
        && g.stream().to_string().split_whitespace().collect::<String>() == "cfg(test)"
}

/// Skips the item that starts at `i` (its other attributes included): up to
/// a `;` or a `{ … }` body. A `mod name;` there names a file only tests
/// compile. Returns the index after the item.
fn skip_item(tokens: &[TokenTree], mut i: usize, out: &mut Scan) -> usize {
    let start = i;
    while i < tokens.len() {
        match &tokens[i] {
            TokenTree::Punct(p) if p.as_char() == ';' => {
                let item = &tokens[start..i];
                if let [.., TokenTree::Ident(m), TokenTree::Ident(name)] = item {
                    if m == "mod" {
                        out.test_modules.push(name.to_string());
                    }
                }
                return i + 1;
            }
            TokenTree::Group(g) if g.delimiter() == Delimiter::Brace => return i + 1,
            _ => i += 1,
        }
    }
    i
}

/// Every `.rs` file under `dir`, sorted.
fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|e| e.expect("a directory entry").path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The import graph of the crate in `src`.
fn import_graph(src: &Path) -> Graph {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    let rel = |p: &Path| p.strip_prefix(src).expect("under src").to_string_lossy().replace('\\', "/");
    let mut scans = BTreeMap::new();
    let mut texts = BTreeMap::new();
    let mut test_only = BTreeSet::new();
    for path in &files {
        let r = rel(path);
        if r == "lib.rs" || r == "main.rs" {
            continue;
        }
        let segments: Vec<&str> = r.split('/').collect();
        let depth = if segments.last() == Some(&"mod.rs") { segments.len() - 1 } else { segments.len() };
        let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {r}: {e}"));
        let s = scan(&text, depth).unwrap_or_else(|e| panic!("src/{r} {e}"));
        texts.insert(r.clone(), text);
        // `#[cfg(test)] mod name;` in `x.rs` or `x/mod.rs` is `x/name.rs`
        // or `x/name/mod.rs`.
        let dir = r.strip_suffix("/mod.rs").or_else(|| r.strip_suffix(".rs")).expect("a .rs file").to_string();
        for m in &s.test_modules {
            test_only.insert(format!("{dir}/{m}.rs"));
            test_only.insert(format!("{dir}/{m}/"));
        }
        scans.insert(r, s);
    }
    // Names at the root that are not modules (`crate::REPOSITORY`) are no
    // edge.
    let modules: BTreeSet<String> =
        scans.keys().map(|r| r.split('/').next().expect("a path").trim_end_matches(".rs").to_string()).collect();
    let mut graph = Graph::new();
    for (r, s) in scans {
        if test_only.iter().any(|t| r == *t || (t.ends_with('/') && r.starts_with(t.as_str()))) {
            continue;
        }
        let top = r.split('/').next().expect("a path").trim_end_matches(".rs").to_string();
        let edges = graph.entry(top.clone()).or_default();
        for to in s.uses {
            if to != top && modules.contains(&to) {
                let line = line_of(&texts[&r], &to);
                edges.entry(to).or_insert_with(|| Site { file: format!("src/{r}"), line });
            }
        }
    }
    graph
}

/// The strongly connected components with more than one module (Tarjan),
/// each sorted, in a stable order.
fn cycles(graph: &Graph) -> Vec<Vec<String>> {
    struct State<'a> {
        graph: &'a Graph,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on_stack: BTreeSet<&'a str>,
        out: Vec<Vec<String>>,
    }
    fn visit<'a>(v: &'a str, s: &mut State<'a>) {
        let n = s.index.len();
        s.index.insert(v, n);
        s.low.insert(v, n);
        s.stack.push(v);
        s.on_stack.insert(v);
        let graph = s.graph;
        for w in graph.get(v).into_iter().flat_map(|e| e.keys()) {
            let w = w.as_str();
            if !s.index.contains_key(w) {
                visit(w, s);
                let low = s.low[v].min(s.low[w]);
                s.low.insert(v, low);
            } else if s.on_stack.contains(w) {
                let low = s.low[v].min(s.index[w]);
                s.low.insert(v, low);
            }
        }
        if s.low[v] == s.index[v] {
            let mut scc = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on_stack.remove(w);
                scc.push(w.to_string());
                if w == v {
                    break;
                }
            }
            if scc.len() > 1 {
                scc.sort();
                s.out.push(scc);
            }
        }
    }
    let mut s = State {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        out: Vec::new(),
    };
    for v in graph.keys() {
        if !s.index.contains_key(v.as_str()) {
            visit(v, &mut s);
        }
    }
    s.out.sort();
    s.out
}

/// A shortest cycle through `start` inside `scc`, as the modules in order.
fn shortest_cycle(graph: &Graph, scc: &[String], start: &str) -> Vec<String> {
    let mut prev: BTreeMap<&str, &str> = BTreeMap::new();
    let mut queue = VecDeque::from([start]);
    while let Some(v) = queue.pop_front() {
        for w in graph.get(v).into_iter().flat_map(|e| e.keys()).filter(|w| scc.contains(w)) {
            if w == start {
                let mut path = vec![v.to_string()];
                let mut at = v;
                while at != start {
                    at = prev[at];
                    path.push(at.to_string());
                }
                path.reverse();
                return path;
            }
            if !prev.contains_key(w.as_str()) {
                prev.insert(w, v);
                queue.push_back(w);
            }
        }
    }
    vec![start.to_string()]
}

/// Each cycle named with the import behind every step.
fn describe(graph: &Graph, sccs: &[Vec<String>]) -> String {
    let mut msg = String::new();
    for scc in sccs {
        let cycle = shortest_cycle(graph, scc, &scc[0]);
        let _ = writeln!(msg, "import cycle between top-level modules {{{}}}:", scc.join(", "));
        for (i, from) in cycle.iter().enumerate() {
            let to = &cycle[(i + 1) % cycle.len()];
            let site = &graph[from][to];
            let at = site.line.map_or(site.file.clone(), |l| format!("{}:{l}", site.file));
            let _ = writeln!(msg, "  {from} -> {to}  ({at})");
        }
    }
    msg
}

/// The import graph of this crate's `src/`, with a check that the scan saw
/// it.
fn crate_graph() -> Graph {
    let graph = import_graph(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"));
    assert!(graph.len() >= 8 && graph.contains_key("cli"), "the scan found too few modules: {graph:?}");
    graph
}

#[test]
fn no_import_cycle_between_top_level_modules() {
    let graph = crate_graph();
    let sccs = cycles(&graph);
    assert!(
        sccs.is_empty(),
        "{}Move what the lower module needs below it (ARCHITECTURE.md, Invariants).",
        describe(&graph, &sccs)
    );
}

#[test]
fn imports_point_down_the_layers() {
    let graph = crate_graph();
    let bad = layer_violations(&graph);
    assert!(
        bad.is_empty(),
        "{}\nMove what the lower layer needs down into it, or the code up (ARCHITECTURE.md, Layers).",
        bad.join("\n")
    );
}

#[test]
fn only_git_names_gix_and_only_github_names_ureq() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    assert_eq!(files_naming(&src, "gix", "git"), Vec::<String>::new(), "gix outside src/git/");
    assert_eq!(files_naming(&src, "ureq", "github"), Vec::<String>::new(), "ureq outside src/github/");
    // The scan sees them where they are.
    assert!(!files_naming(&src, "gix", "cli").is_empty());
    assert!(!files_naming(&src, "ureq", "cli").is_empty());
}

#[test]
fn only_the_postgres_connector_names_the_database_client_and_its_runtime() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    for name in ["tokio_postgres", "tokio_postgres_rustls", "tokio", "rustls"] {
        assert_eq!(
            files_naming(&src, name, "metrics/postgres.rs"),
            Vec::<String>::new(),
            "{name} outside src/metrics/postgres.rs"
        );
        assert!(!files_naming(&src, name, "cli").is_empty(), "the scan sees {name}");
    }
}

#[test]
fn the_layer_check_names_upward_sideways_and_edge_imports() {
    let mut graph = Graph::new();
    let site = |line| Site { file: "src/x.rs".into(), line: Some(line) };
    for (from, to, line) in [
        ("history", "core", 1),
        ("core", "history", 2),
        ("render", "output", 3),
        ("git", "source", 4),
        ("git", "history", 5),
        ("cli", "output", 6),
        ("views", "analysis", 7),
        ("extra", "core", 8),
    ] {
        graph.entry(from.into()).or_default().insert(to.into(), site(line));
    }
    assert_eq!(
        layer_violations(&graph),
        [
            "src/x.rs:2: core imports history, a layer above it",
            "src/extra: a top-level module that LAYERS (tests/layers.rs) does not place",
            "src/x.rs:4: git imports source, a layer beside it",
            "src/x.rs:3: render imports output, an edge: only cli imports the edges",
        ]
    );
}

// The scanner and the cycle finder on small inputs, so the test above
// cannot pass by seeing nothing.

fn uses(text: &str, depth: usize) -> Vec<String> {
    scan(text, depth).expect("lexes").uses
}

#[test]
fn scan_finds_paths_and_use_groups_but_not_comments_or_strings() {
    let text = r#"
use crate::a::X;
use crate::{b, c::{D, E}, self as me};
// crate::not_in_a_comment
/// [`crate::not_in_a_doc_link`]
fn f() -> crate::d::T {
    let _ = "crate::not_in_a_string";
    format!("{}", crate::e::g());
    x::crate_like::y();
}
"#;
    assert_eq!(uses(text, 1), ["a", "b", "c", "d", "e"]);
    assert_eq!(line_of(text, "a"), Some(2));
    assert_eq!(line_of(text, "c"), None);
    assert_eq!(line_of("crate::ab\ncrate::a::x", "a"), Some(2));
}

#[test]
fn scan_leaves_out_test_code() {
    let text = "
use crate::a;
#[cfg(test)]
mod tests {
    use crate::b;
}
#[cfg(test)]
pub(crate) mod testing;
#[cfg(test)]
use crate::c;
#[cfg(test)]
#[allow(dead_code)]
fn helper() { crate::d::f(); }
mod inner {
    use crate::e;
}
";
    let s = scan(text, 1).expect("lexes");
    assert_eq!(s.uses, ["a", "e"]);
    assert_eq!(s.test_modules, ["testing"]);
}

#[test]
fn scan_reads_super_that_reaches_the_crate_root() {
    // In `src/x.rs`, `super` is the crate root; in `src/x/y.rs` it is `x`.
    assert_eq!(uses("use super::a;", 1), ["a"]);
    assert!(uses("use super::a;", 2).is_empty());
    assert!(uses("pub(super) fn f() {}", 1).is_empty());
    assert_eq!(uses("use super::super::{a, b};", 2), ["a", "b"]);
    assert!(uses("mod inner { use super::a; }", 1).is_empty());
    assert_eq!(uses("macro_rules! m { () => { $crate::a::f() } }", 1), ["a"]);
}

#[test]
fn cycles_are_found_and_named_with_their_imports() {
    let mut graph = Graph::new();
    let site = |line| Site { file: "src/x.rs".into(), line: Some(line) };
    for (from, to, line) in [("a", "b", 1), ("b", "c", 2), ("c", "a", 3), ("c", "d", 4), ("d", "e", 5), ("e", "d", 6)] {
        graph.entry(from.into()).or_default().insert(to.into(), site(line));
    }
    graph.entry("f".into()).or_default().insert("a".into(), site(7));
    let sccs = cycles(&graph);
    assert_eq!(sccs, [vec!["a", "b", "c"], vec!["d", "e"]]);
    let msg = describe(&graph, &sccs);
    assert!(
        msg.contains("{a, b, c}:\n  a -> b  (src/x.rs:1)\n  b -> c  (src/x.rs:2)\n  c -> a  (src/x.rs:3)\n"),
        "{msg}"
    );
    assert!(msg.contains("{d, e}:\n  d -> e  (src/x.rs:5)\n  e -> d  (src/x.rs:6)\n"), "{msg}");
    graph.get_mut("c").expect("c").remove("a");
    assert_eq!(cycles(&graph), [vec!["d", "e"]]);
}
