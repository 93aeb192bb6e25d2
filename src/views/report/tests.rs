use super::*;
use crate::analysis::rules::testing::{history, kr, objective, workspace};
use jiff::civil::date;

const P: &str = "2026-Q1/growth/a.md";

fn growth(input: f64, lead: f64, out: f64) -> String {
    objective(
        "parent: \"company/rev#mrr\"\n",
        &[
            kr("out", "Raise activation from 20 to 30", &format!("    baseline: 20\n    target: 30\n    current: {out}\n")),
            kr("lonely", "Grow revenue from 1 to 2", "    baseline: 1\n    target: 2\n"),
            kr("lead", "Raise completion from 40 to 55", &format!("    layer: leading\n    baseline: 40\n    target: 55\n    current: {lead}\n    drives: [out]\n")),
            kr("tests", "Experiments run", &format!("    layer: input\n    owner: sarah\n    cadence: weekly\n    weekly_target: 2\n    quality_gate: q\n    current: {input}\n    drives: [lead]\n")),
            kr("calls", "Calls made", "    layer: input\n    owner: lee\n    weekly_target: 5\n    current: 3\n    drives: [out]\n"),
        ],
        "Get teams to value fast",
    )
}

fn company() -> String {
    objective("", &[kr("mrr", "Grow MRR from 1 to 2", "    baseline: 1\n    target: 2\n")], "Grow")
}

#[test]
fn report_of_a_quarter_with_history() {
    let texts = [growth(0.0, 40.0, 20.0), growth(3.0, 42.0, 22.0), growth(6.0, 45.0, 24.0)];
    let h = history(&[
        ("2025-12-20", "maya", P, &texts[0]),
        ("2026-01-12", "sam", P, &texts[1]),
        ("2026-02-10", "lee", P, &texts[2]),
    ]);
    let c = company();
    let ws = workspace(&[(P, &texts[2]), ("2026-Q1/company/rev.md", &c), ("2025-Q4/company/old.md", &c)]);
    let config = Config::default();
    let as_of = date(2026, 2, 12);
    let mut findings = ws.diagnostics.clone();
    findings.extend(crate::analysis::rules::run(&ws, &config, Some(&h), as_of));
    let r = build(&Inputs {
        workspace: &ws,
        config: &config,
        history: Some(&h),
        quarter: Quarter::parse("2026-Q1").unwrap(),
        as_of,
        findings: &findings,
    });
    assert_eq!(r.teams.iter().map(|t| t.name.as_str()).collect::<Vec<_>>(), ["company", "growth"]);
    assert_eq!(r.objectives.len(), 2);
    let g = &r.objectives[1];
    assert_eq!(g.parent.as_ref().and_then(|p| p.objective), Some(0));
    assert_eq!(g.parent.as_ref().and_then(|p| p.kr_title.clone()).as_deref(), Some("Grow MRR from 1 to 2"));
    assert_eq!(r.objectives[0].children, [1]);

    // The check-in made before the quarter is the value in force at its start.
    let out = &r.krs[g.krs[0]];
    let chart = out.chart.as_ref().unwrap();
    assert_eq!(chart.points.len(), 3);
    assert!(chart.points[0].carried && !chart.points[1].carried);
    assert_eq!(chart.points.iter().map(|p| p.value).collect::<Vec<_>>(), [20.0, 22.0, 24.0]);
    assert_eq!(chart.points[2].author, "lee");
    assert_eq!((chart.baseline, chart.target), (Some(20.0), Some(30.0)));

    // Inputs get the as-of week's attainment.
    let tests = &r.krs[g.krs[3]];
    assert_eq!(tests.kr.id, "tests");
    let w = tests.this_week.as_ref().unwrap();
    assert_eq!((w.week.to_string(), w.increase), ("2026-W07".to_string(), 3.0));
    assert_eq!(r.week.to_string(), "2026-W07");

    // Findings of other quarters are left out; the rest point at their objective.
    assert!(r.findings.iter().all(|f| f.diagnostic.reference.as_deref().is_none_or(|x| x.starts_with("2026-Q1/"))));
    assert!(r.findings.iter().any(|f| f.objective == Some(1) && f.kr.is_some()));
    assert_eq!(g.findings.len(), r.findings.iter().filter(|f| f.objective == Some(1)).count());
}

#[test]
fn metric_map_follows_drives_chains_and_lists_undecomposed_outputs() {
    let t = growth(1.0, 41.0, 21.0);
    let c = company();
    let ws = workspace(&[(P, &t), ("2026-Q1/company/rev.md", &c)]);
    let config = Config::default();
    let r = build(&Inputs {
        workspace: &ws,
        config: &config,
        history: None,
        quarter: Quarter::parse("2026-Q1").unwrap(),
        as_of: date(2026, 2, 12),
        findings: &[],
    });
    let id = |k: Option<usize>| k.map_or("-".to_string(), |k| r.krs[k].kr.id.clone());
    let rows: Vec<String> = r
        .map
        .iter()
        .map(|m| {
            let lead = m.leading.iter().map(|&k| r.krs[k].kr.id.clone()).collect::<Vec<_>>().join(">");
            format!("{} | {} | {}", id(m.output), if lead.is_empty() { "-".into() } else { lead }, id(m.input))
        })
        .collect();
    assert_eq!(rows, ["mrr | - | -", "out | - | calls", "out | lead | tests", "lonely | - | -"]);
    assert!(r.krs.iter().all(|k| k.chart.is_none()));
    assert!(!r.has_history);
}

/// `okr report` writes pages with `Site::write_page` (the retro a section at
/// a time); the bytes are those of `Site::render`.
#[test]
fn written_pages_are_the_rendered_pages() {
    let texts = [growth(0.0, 40.0, 20.0), growth(6.0, 45.0, 24.0)];
    let h = history(&[("2026-01-12", "sam", P, &texts[0]), ("2026-02-10", "lee", P, &texts[1])]);
    let c = company();
    let ws = workspace(&[(P, &texts[1]), ("2026-Q1/company/rev.md", &c)]);
    let config = Config::default();
    let as_of = date(2026, 2, 12);
    let q = Quarter::parse("2026-Q1").unwrap();
    let findings = crate::analysis::rules::run(&ws, &config, Some(&h), as_of);
    let r =
        build(&Inputs { workspace: &ws, config: &config, history: Some(&h), quarter: q, as_of, findings: &findings });
    let retro = crate::render::retro::markdown(&crate::views::retro::retro(&ws, Some(&h), &config, q, as_of));
    assert!(retro.matches("\n#").count() > 3, "the retro has several sections:\n{retro}");
    let site = crate::render::html::Site::new(&r, "0.0.0", "the working tree", &retro);
    for k in 0..site.len() {
        let page = site.render(k).unwrap();
        let mut written = Vec::new();
        let size = site.write_page(k, &mut written).unwrap();
        assert_eq!(page.path, site.path(k));
        assert_eq!(String::from_utf8(written).unwrap(), page.html, "page {}", page.path);
        assert_eq!(size, page.html.len());
    }
}
