use super::*;
use crate::core::snapshot::SourceFile;

fn file(rel: &str, text: &str) -> SourceFile {
    SourceFile { path: format!("okrs/{rel}"), rel: rel.into(), bytes: text.as_bytes().to_vec() }
}

fn obj(krs: &str, extra: &str) -> String {
    format!("---\n{extra}key_results:\n{krs}---\n# Title\n")
}

fn kr(id: &str, extra: &str) -> String {
    format!("  - id: {id}\n    title: KR {id}\n    baseline: 0\n    target: 10\n{extra}")
}

fn build(files: &[SourceFile]) -> Workspace {
    Workspace::build(files, &Config::default())
}

fn found(ws: &Workspace) -> Vec<(String, &'static str, String)> {
    ws.diagnostics
        .iter()
        .map(|d| (d.file.clone().unwrap_or_default(), d.rule, d.pos.map(|p| p.to_string()).unwrap_or_default()))
        .collect()
}

#[test]
fn refs_resolve_in_every_short_form() {
    let files = [
        file("2026-Q1/revenue.md", &obj(&kr("mrr", ""), "")),
        file(
            "2026-Q1/growth/a.md",
            &obj(
                &format!("{}{}", kr("x", ""), kr("y", "    drives: [x, \"growth/b#z\", \"2026-Q1/growth/b#z\"]\n")),
                "parent: \"revenue#mrr\"\n",
            ),
        ),
        file("2026-Q1/growth/b.md", &obj(&kr("z", ""), "parent: 2026-Q1/growth/a\n")),
    ];
    let ws = build(&files);
    assert!(ws.diagnostics.is_empty(), "{:?}", ws.diagnostics);
    let a = ws.get("2026-Q1/growth/a").unwrap();
    assert_eq!(a.parent_resolved.as_ref().map(ToString::to_string).as_deref(), Some("2026-Q1/revenue#mrr"));
    assert_eq!(
        a.key_results[1].drives_resolved.iter().map(ToString::to_string).collect::<Vec<_>>(),
        ["2026-Q1/growth/a#x", "2026-Q1/growth/b#z", "2026-Q1/growth/b#z"]
    );
    assert_eq!(ws.get("2026-Q1/revenue").unwrap().team, "company");
    let b = ws.get("2026-Q1/growth/b").unwrap();
    assert_eq!(b.parent_resolved.as_ref().map(ToString::to_string).as_deref(), Some("2026-Q1/growth/a"));
}

#[test]
fn unknown_refs_are_positioned_with_suggestions() {
    let files = [
        file("2026-Q1/company/revenue.md", &obj(&kr("new-mrr", ""), "")),
        file(
            "2026-Q1/growth/a.md",
            &obj(&kr("x", "    drives: [y, \"company/revenue#new-mr\"]\n"), "parent: company/revenu\n"),
        ),
    ];
    let ws = build(&files);
    let a = "okrs/2026-Q1/growth/a.md".to_string();
    assert_eq!(
        found(&ws),
        vec![
            (a.clone(), "unknown-ref", "2:9".into()),
            (a.clone(), "unknown-ref", "8:14".into()),
            (a, "unknown-ref", "8:17".into())
        ]
    );
    assert_eq!(ws.diagnostics[0].hint.as_deref(), Some("did you mean `2026-Q1/company/revenue`?"));
    assert_eq!(ws.diagnostics[2].hint.as_deref(), Some("did you mean `2026-Q1/company/revenue#new-mrr`?"));
    assert!(ws.get("2026-Q1/growth/a").unwrap().parent_resolved.is_none());
}

#[test]
fn drives_naming_an_objective_is_explained() {
    let files = [file("2026-Q1/growth/a.md", &obj(&kr("x", "    drives: [growth/a]\n"), ""))];
    let ws = build(&files);
    assert_eq!(ws.diagnostics[0].rule, "unknown-ref");
    assert!(ws.diagnostics[0].message.contains("names an objective"));
}

#[test]
fn cycles_are_reported_once() {
    let krs =
        format!("{}{}{}", kr("a", "    drives: [b]\n"), kr("b", "    drives: [c]\n"), kr("c", "    drives: [a]\n"));
    let ws = build(&[file("2026-Q1/growth/o.md", &obj(&krs, ""))]);
    assert_eq!(found(&ws), vec![("okrs/2026-Q1/growth/o.md".into(), "drives-cycle", "7:14".into())]);
    let d = &ws.diagnostics[0];
    assert_eq!(d.reference.as_deref(), Some("2026-Q1/growth/o#a"));
    assert_eq!(d.related.iter().map(|r| &**r).collect::<Vec<_>>(), vec!["2026-Q1/growth/o#b", "2026-Q1/growth/o#c"]);
    assert!(d.message.contains("#a → 2026-Q1/growth/o#b → 2026-Q1/growth/o#c → 2026-Q1/growth/o#a"), "{}", d.message);
}

#[test]
fn a_kr_driving_itself_is_a_cycle() {
    let ws = build(&[file("2026-Q1/growth/o.md", &obj(&kr("a", "    drives: [a]\n"), ""))]);
    assert_eq!(ws.diagnostics[0].rule, "drives-cycle");
}

#[test]
fn two_files_with_one_ref_are_duplicates() {
    let text = obj(&kr("a", ""), "");
    let ws = build(&[file("2026-Q1/growth/o.md", &text), file("2026-Q1/growth/o.MD", &text)]);
    assert_eq!(found(&ws), vec![("okrs/2026-Q1/growth/o.md".into(), "duplicate-id", "1:1".into())]);
    assert_eq!(ws.objectives.len(), 1);
}

#[test]
fn explicit_team_and_company_team_from_config() {
    let mut cfg = Config::default();
    cfg.check.company_team = "acme".into();
    let ws = Workspace::build(
        &[
            file("2026-Q1/top.md", &obj(&kr("a", ""), "")),
            file("2026-Q1/growth/o.md", &obj(&kr("a", ""), "team: lifecycle\n")),
        ],
        &cfg,
    );
    assert_eq!(ws.get("2026-Q1/top").unwrap().team, "acme");
    assert_eq!(ws.get("2026-Q1/growth/o").unwrap().team, "lifecycle");
    assert_eq!(ws.quarters(), vec![Quarter::parse("2026-Q1").unwrap()]);
}

#[test]
fn self_parent_is_refused() {
    let ws = build(&[file("2026-Q1/growth/o.md", &obj(&kr("a", ""), "parent: \"growth/o#a\"\n"))]);
    assert_eq!(ws.diagnostics[0].rule, "unknown-ref");
    assert!(ws.diagnostics[0].message.contains("own parent"));
}

/// Refs to an objective whose file cannot be parsed do not say "names
/// nothing" once per ref: one finding says the target's file has errors.
#[test]
fn refs_to_an_unparsable_file_give_one_finding_naming_its_errors() {
    let broken = "---\nkey_results:\n<<<<<<< HEAD\n  - id: mrr\n=======\n  - id: arr\n>>>>>>> other\n---\n# Revenue\n";
    let files = [
        file("2026-Q1/company/revenue.md", broken),
        file("2026-Q1/growth/a.md", &obj(&kr("x", ""), "parent: \"company/revenue#mrr\"\n")),
        file(
            "2026-Q1/sales/b.md",
            &obj(&kr("y", "    drives: [\"company/revenue#mrr\"]\n"), "parent: company/revenue\n"),
        ),
    ];
    let ws = build(&files);
    let refs: Vec<&Diagnostic> = ws.diagnostics.iter().filter(|d| d.rule == codes::UNKNOWN_REF.name).collect();
    assert_eq!(refs.len(), 1, "{refs:#?}");
    assert!(refs[0].message.contains("names an objective whose file has errors"), "{}", refs[0].message);
    assert!(!refs[0].message.contains("names nothing"), "{}", refs[0].message);
}

/// Files that produce no objective are listed as unreadable, each once,
/// with its earliest error and the team its path gives; a file with errors
/// that still reads is not.
#[test]
fn files_that_cannot_be_read_are_listed_with_their_first_error() {
    let conflict = "---\nkey_results:\n<<<<<<< HEAD\n  - id: a\n=======\n  - id: b\n>>>>>>> other\n---\n# T\n";
    let files = [
        file("2026-Q1/growth/ok.md", &obj(&kr("x", ""), "")),
        file("2026-Q1/growth/conflict.md", conflict),
        file("2026-Q1/revenue.md", "---\nowner: [unclosed\n---\n# T\n"),
        file("2026-Q1/growth/bad-value.md", &obj(&kr("y", "    current: \"4.3%\"\n"), "")),
    ];
    let ws = build(&files);
    let got: Vec<(&str, &str, String, String)> = ws
        .unreadable
        .iter()
        .map(|u| (u.reference.as_str(), u.team.as_str(), u.file.clone(), u.pos.to_string()))
        .collect();
    assert_eq!(
        got,
        [
            ("2026-Q1/growth/conflict", "growth", "okrs/2026-Q1/growth/conflict.md".into(), "3:1".into()),
            ("2026-Q1/revenue", "company", "okrs/2026-Q1/revenue.md".into(), "3:1".into()),
        ]
    );
    assert!(ws.unreadable[0].message.contains("unresolved merge conflict"), "{}", ws.unreadable[0].message);
    assert_eq!(ws.unreadable[0].period, Quarter::parse("2026-Q1").unwrap());
}
