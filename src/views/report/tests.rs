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

/// The report of 2026-Q1 as of Feb 12, without history.
fn without_history(ws: &Workspace) -> Report<'_> {
    static CONFIG: std::sync::LazyLock<Config> = std::sync::LazyLock::new(Config::default);
    build(&Inputs {
        workspace: ws,
        config: &CONFIG,
        history: None,
        quarter: Quarter::parse("2026-Q1").unwrap(),
        as_of: date(2026, 2, 12),
        findings: &[],
    })
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
    let r = without_history(&ws);
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

/// Growth's KRs drive nothing of the company's, but growth names the
/// company's `mrr` as parent: on the company's page they come through that
/// link, and the company's `mrr` is what growth's KRs contribute to.
#[test]
fn related_krs_follow_drives_both_ways_and_parent_links() {
    let t = growth(1.0, 41.0, 21.0);
    let c = objective(
        "owner: ana\n",
        &[
            kr("mrr", "Grow MRR from 1 to 2", "    baseline: 1\n    target: 2\n"),
            kr("nps", "Raise NPS from 1 to 2", "    baseline: 1\n    target: 2\n"),
            kr(
                "push",
                "Sales calls",
                "    layer: input\n    owner: sarah\n    weekly_target: 3\n    drives: [\"growth/a#lead\"]\n",
            ),
        ],
        "Grow",
    );
    let ws = workspace(&[(P, &t), ("2026-Q1/company/rev.md", &c)]);
    let r = without_history(&ws);
    let show = |o: usize| -> Vec<String> {
        r.objectives[o]
            .related
            .iter()
            .map(|x| {
                let own: Vec<&str> = x.own.iter().map(|&k| r.krs[k].kr.id.as_str()).collect();
                let way = match (x.upstream, x.through_parent) {
                    (true, false) => "drives",
                    (true, true) => "contributes to",
                    (false, false) => "driven by",
                    (false, true) => "gets from",
                };
                format!("{} {way} {} (home {:?})", r.krs[x.kr].kr.id, own.join(","), x.home)
            })
            .collect()
    };
    // The company: growth's KRs through the parent link to `mrr`; `lead`
    // and `out`, which its own input `push` also drives, are listed once,
    // upstream.
    assert_eq!(
        show(0),
        [
            "out contributes to mrr (home Some(1))",
            "lonely contributes to mrr (home Some(1))",
            "lead contributes to mrr (home Some(1))",
            "tests contributes to mrr (home Some(1))",
            "calls contributes to mrr (home Some(1))",
        ]
    );
    // Growth: the company's `mrr` through the parent link, its input by drives; `nps` is not linked.
    assert_eq!(
        show(1),
        ["mrr gets from out,lonely,lead,tests,calls (home Some(0))", "push drives out,lead (home Some(0))"]
    );
    assert!(!r.objectives[1].related_more);
}

#[test]
fn owners_get_their_objectives_and_only_their_key_results() {
    let t = growth(1.0, 41.0, 21.0);
    let c = objective(
        "owner: sarah
",
        &[kr(
            "mrr",
            "Grow MRR from 1 to 2",
            "    baseline: 1
    target: 2
",
        )],
        "Grow",
    );
    let ws = workspace(&[(P, &t), ("2026-Q1/company/rev.md", &c)]);
    let r = without_history(&ws);
    let show: Vec<String> = r
        .owners
        .iter()
        .map(|o| {
            let objs: Vec<String> = o
                .objectives
                .iter()
                .map(|x| {
                    let krs: Vec<&str> = x.krs.iter().map(|&k| r.krs[k].kr.id.as_str()).collect();
                    format!("{}{}[{}]", x.objective, if x.owns_objective { "*" } else { "" }, krs.join(","))
                })
                .collect();
            format!("{}: {}", o.name, objs.join(" "))
        })
        .collect();
    // Growth's objective has no owner: its KRs without one belong to nobody.
    assert_eq!(show, ["lee: 1[calls]", "sarah: 0*[mrr] 1[tests]"]);
}

/// A chain of 200 objectives, each a child of the one before: an objective
/// in the middle lists the nearest of each side only, and says there are more.
#[test]
fn related_krs_of_a_long_chain_are_the_nearest_each_way() {
    let texts: Vec<(String, String)> = (0..200)
        .map(|i| {
            let parent = if i > 0 { format!("parent: \"growth/o{:03}#k\"\n", i - 1) } else { String::new() };
            let text = objective(
                &parent,
                &[kr("k", &format!("Raise metric {i} from 1 to 2"), "    baseline: 1\n    target: 2\n")],
                "O",
            );
            (format!("2026-Q1/growth/o{i:03}.md"), text)
        })
        .collect();
    let files: Vec<(&str, &str)> = texts.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
    let ws = workspace(&files);
    let r = without_history(&ws);
    let o = &r.objectives[100];
    let ids = |up: bool| -> Vec<String> {
        o.related.iter().filter(|x| x.upstream == up).map(|x| r.krs[x.kr].objective.id.clone()).collect()
    };
    let up = ids(true);
    let down = ids(false);
    assert_eq!(up.len(), MAX_RELATED);
    assert_eq!(down.len(), MAX_RELATED);
    assert_eq!(
        (up.first().map(String::as_str), up.last().map(String::as_str)),
        (Some("growth/o101"), Some("growth/o120"))
    );
    assert_eq!(
        (down.first().map(String::as_str), down.last().map(String::as_str)),
        (Some("growth/o080"), Some("growth/o099"))
    );
    assert!(o.related_more);
    assert!(o.related.iter().all(|x| x.through_parent));
}
