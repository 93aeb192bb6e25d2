//! One page per objective: its score and pace, parent and children, a
//! card per KR grouped by layer (inputs with their dials, leading
//! indicators with their gauges, outputs with their destination bars, each
//! with its trajectory), its notes and its findings.

use super::charts::{chart_svg, dest, dial, gauge, week_cells, ChartSvg, Dest, Dial, Gauge, Px, WeekCell};
use super::markdown::markdown_html;
use super::pages::{status_view, FindingRow, Frame, StatusView};
use super::{card_value, date_of, month_day, score_text, short, slug, Ctx};
use crate::core::model::Layer;
use crate::core::quarter::Week;
use crate::core::score::{fmt_num, NumFormat, Status};
use crate::render::status::unit;
use crate::views::report::{KrReport, Related};
use askama::Template;

#[derive(Template)]
#[template(path = "report/objective.html")]
pub(super) struct ObjectivePage {
    page: Frame,
    title: String,
    reference: String,
    team: String,
    owner: String,
    owner_href: Option<String>,
    kind: String,
    commitment: String,
    committed_miss: bool,
    file: String,
    score: String,
    pct: Px,
    pace: String,
    status: StatusView,
    parent: Option<LinkView>,
    children: Vec<LinkView>,
    layers: Vec<LayerView>,
    /// Related KRs were left out of the layers (see `MAX_RELATED`).
    related_more: bool,
    body: String,
    findings: Vec<FindingRow>,
}

struct LinkView {
    href: Option<String>,
    text: String,
    detail: String,
    status: StatusView,
}

struct LayerView {
    id: &'static str,
    heading: String,
    intro: &'static str,
    /// Its own cards, then those of the other objectives' KRs of this layer
    /// in its part of the metric tree; only groups with cards.
    groups: Vec<CardGroup>,
}

struct CardGroup {
    related: bool,
    cards: Vec<KrCard>,
}

/// Where a related KR lives and how it is linked to this objective's KRs.
struct HomeView {
    href: Option<String>,
    text: String,
    detail: String,
    /// How it is linked to this objective's KRs ("Drives, here", …).
    relation: &'static str,
    /// This objective's KRs it is linked to.
    own: Vec<(String, String)>,
}

struct KrCard {
    anchor: String,
    title: String,
    layer: &'static str,
    value: String,
    /// The owner's confidence, shown next to the value.
    confidence: Option<String>,
    score: String,
    status: StatusView,
    /// (name, value, link): the owner links to their page.
    facts: Vec<(String, String, Option<String>)>,
    /// For a KR of another objective: where it lives.
    home: Option<HomeView>,
    links: Vec<(String, Option<String>, String)>,
    dial: Option<Dial>,
    gauge: Option<Gauge>,
    dest: Option<Dest>,
    weeks: Vec<WeekCell>,
    chart: Option<ChartSvg>,
    no_chart: Option<String>,
}

/// Objective `i`'s page.
pub(super) fn page(cx: &Ctx<'_, '_>, i: usize) -> ObjectivePage {
    let r = cx.r;
    let path = cx.paths[i].as_str();
    let n = &r.trees.objectives[i];
    let o = n.objective;
    let rep = &r.objectives[i];
    let parent = rep.parent.as_ref().map(|p| {
        let status = p.objective.map(|j| r.trees.objectives[j].score.status);
        LinkView {
            // A parent of a longer horizon has no page of its own: the bets page shows it.
            href: p
                .objective
                .map(|j| cx.href(path, j, crate::core::refs::split_kr(&p.reference).map(|(_, k)| k)))
                .or_else(|| {
                    crate::core::refs::Ref::parse(&p.reference)
                        .ok()
                        .filter(|r| !r.objective().period.is_quarter())
                        .map(|_| format!("{}bets.html", super::root_of(path)))
                }),
            text: p.kr_title.clone().or_else(|| p.title.clone()).unwrap_or_else(|| p.reference.clone()),
            detail: p.reference.clone(),
            status: status_view(status.flatten(), "not scored"),
        }
    });
    let children = rep
        .children
        .iter()
        .map(|&c| {
            let cn = &r.trees.objectives[c];
            LinkView {
                href: Some(cx.href(path, c, None)),
                text: cn.objective.title.clone(),
                detail: format!("{} · {}", cn.objective.team, score_text(cn.score.score)),
                status: status_view(cn.score.status, "not scored"),
            }
        })
        .collect();
    let layers = layers(cx, path, i);
    let committed = o.commitment == crate::core::model::Commitment::Committed;
    ObjectivePage {
        page: cx.frame(o.title.clone(), path, ""),
        title: o.title.clone(),
        reference: o.reference(),
        team: o.team.clone(),
        owner: o.owner.clone().unwrap_or_else(|| "no owner".into()),
        owner_href: o.owner.as_deref().and_then(|name| cx.owner_href(path, name)),
        kind: o.kind.as_str().to_string(),
        commitment: o.commitment.as_str().to_string(),
        committed_miss: committed && matches!(n.score.status, Some(Status::AtRisk | Status::OffTrack)),
        file: o.file.clone(),
        score: score_text(n.score.score),
        pct: Px(n.score.score.unwrap_or(0.0).clamp(0.0, 1.0) * 100.0),
        pace: format!("{:.2}", n.score.expected),
        status: status_view(n.score.status, "not scored"),
        parent,
        children,
        layers,
        related_more: rep.related_more,
        body: markdown_html(&o.body, &o.title),
        findings: rep.findings.iter().map(|&f| cx.finding_row(path, f)).collect(),
    }
}

/// The three layers of objective `i`'s page at `path`: in each, the
/// objective's own cards, then those of the other objectives' KRs of that
/// layer in its part of the metric tree.
fn layers(cx: &Ctx<'_, '_>, path: &str, i: usize) -> Vec<LayerView> {
    let r = cx.r;
    let rep = &r.objectives[i];
    let of_layer = |l: Layer| {
        rep.krs
            .iter()
            .copied()
            .filter(|&k| r.krs[k].kr.layer == l)
            .map(|k| kr_card(cx, path, k, true))
            .collect::<Vec<_>>()
    };
    let groups = |l: Layer| {
        let related = rep
            .related
            .iter()
            .enumerate()
            .filter(|(_, x)| r.krs[x.kr].kr.layer == l)
            .map(|(n, x)| related_card(cx, path, n, x))
            .collect();
        [CardGroup { related: false, cards: of_layer(l) }, CardGroup { related: true, cards: related }]
            .into_iter()
            .filter(|g| !g.cards.is_empty())
            .collect()
    };
    let week = week_label(r.week);
    vec![
        LayerView {
            id: "inputs",
            heading: if r.as_of > r.quarter.last_day(r.fy) {
                format!("Inputs · the quarter's last week ({week})")
            } else {
                format!("Inputs · this week ({week})")
            },
            intro: "The dials: what the team controls, against its weekly target.",
            groups: groups(Layer::Input),
        },
        LayerView {
            id: "leading",
            heading: "Leading indicators".into(),
            intro: "The gauges: early signs that the inputs are working.",
            groups: groups(Layer::Leading),
        },
        LayerView {
            id: "outputs",
            heading: "Outputs".into(),
            intro: "The destination: the lagging results the quarter is judged on.",
            groups: groups(Layer::Output),
        },
    ]
}

fn week_label(w: Week) -> String {
    format!("{w}, {} to {}", month_day(w.monday()), month_day(w.sunday()))
}

/// KR `k`'s card on the objective page at `path`: its value, facts, links,
/// the dial, gauge or bar of its layer, and (with `trajectory`) its chart.
fn kr_card(cx: &Ctx<'_, '_>, path: &str, k: usize, trajectory: bool) -> KrCard {
    let r = cx.r;
    let kr = &r.krs[k];
    let mut facts = kr_facts(kr);
    if let Some(ow) = &kr.kr.owner {
        facts.insert(0, ("Owner".into(), ow.clone(), cx.owner_href(path, ow)));
    }
    let mut links = Vec::new();
    for &d in &kr.drives {
        let l = cx.kr_link(path, d);
        links.push(("Drives".to_string(), (!l.href.is_empty()).then_some(l.href), l.title));
    }
    for &d in &kr.driven_by {
        let l = cx.kr_link(path, d);
        links.push(("Driven by".to_string(), (!l.href.is_empty()).then_some(l.href), l.title));
    }
    let anchor = format!("kr-{}", slug(&kr.kr.id));
    let (chart, no_chart) = match kr.chart.as_ref().filter(|_| trajectory) {
        None if !trajectory => (None, None),
        Some(c) => (
            Some(chart_svg(
                &format!("c-{}", slug(&kr.kr.id)),
                c,
                kr.kr,
                &kr.kr.title,
                r.quarter,
                r.fy,
                r.as_of,
                r.expected,
            )),
            None,
        ),
        None => (
            None,
            Some(
                "No trajectory: the git history was not read (--no-history, not a git repository, or a shallow clone)."
                    .to_string(),
            ),
        ),
    };
    KrCard {
        anchor,
        title: kr.kr.title.clone(),
        layer: kr.kr.layer.as_str(),
        value: card_value(kr),
        confidence: kr.kr.confidence.map(fmt_num),
        score: score_text(kr.score.score),
        status: status_view(kr.score.status, kr.score.no_status()),
        facts,
        home: None,
        links,
        dial: (kr.kr.layer == Layer::Input).then(|| dial(kr, r.has_history)),
        gauge: (kr.kr.layer == Layer::Leading).then(|| gauge(kr, r.expected)),
        dest: (kr.kr.layer == Layer::Output).then(|| dest(kr, r.expected)),
        weeks: week_cells(kr),
        chart,
        no_chart,
    }
}

/// The card of `x`, the `n`th KR of another objective in this one's part
/// of the metric tree: the card of its own page without the trajectory
/// (that is on its page), with an anchor of its own and where it lives.
fn related_card(cx: &Ctx<'_, '_>, path: &str, n: usize, x: &Related) -> KrCard {
    let r = cx.r;
    let k = &r.krs[x.kr];
    let mut card = kr_card(cx, path, x.kr, false);
    card.anchor = format!("related-{n}");
    card.home = Some(HomeView {
        href: x.home.map(|o| cx.href(path, o, Some(&k.kr.id))),
        text: k.objective.title.clone(),
        detail: match x.home {
            Some(_) => k.objective.team.clone(),
            None => k.objective.reference(),
        },
        relation: match (x.upstream, x.through_parent) {
            (true, false) => "Drives, here",
            (false, false) => "Driven by, here",
            (true, true) => "Contributes (through a parent link) to, here",
            (false, true) => "Gets contributions (through a parent link) from, here",
        },
        own: x.own.iter().map(|&o| (format!("#kr-{}", slug(&r.krs[o].kr.id)), r.krs[o].kr.title.clone())).collect(),
    });
    card
}

/// The facts listed on a KR's card, those it has, in a fixed order (the
/// owner, which links to their page, goes first).
fn kr_facts(kr: &KrReport<'_>) -> Vec<(String, String, Option<String>)> {
    let u = unit(kr.kr);
    let f = NumFormat::of_kr(kr.kr);
    let num = |v: f64| f.fmt(v);
    let mut facts: Vec<(String, String, Option<String>)> = Vec::new();
    if let Some(c) = kr.kr.cadence {
        facts.push(("Cadence".into(), c.to_string(), None));
    }
    if let Some(w) = kr.kr.weekly_target {
        facts.push(("Weekly target".into(), format!("{}{u}", num(w)), None));
    }
    if let Some(p) = kr.projected {
        facts.push(("Projected".into(), format!("{}{u} at quarter end", num(p)), None));
    }
    if let Some(d) = &kr.done {
        facts.push(("Done".into(), format!("{} by {} · {}", date_of(d.time), d.author, short(d.commit)), None));
    }
    if let Some(t) = kr.updated {
        facts.push(("Updated".into(), date_of(t), None));
    }
    if let Some(q) = &kr.kr.quality_gate {
        facts.push(("Quality gate".into(), q.clone(), None));
    }
    facts
}
