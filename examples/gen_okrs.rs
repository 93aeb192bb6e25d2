//! Generates a synthetic OKR project for benchmarks.
//!
//! ```text
//! cargo run --release --example gen_okrs -- OUT_DIR N_OBJECTIVES [N_YEAR N_SPAN]
//! ```
//!
//! Writes `OUT_DIR/okrs/2026-Q1/<team>/<name>.md`: `N_OBJECTIVES` objective
//! files across 20 teams (the first is the company team), four key results
//! each (an output, a leading indicator that drives it, an input metric that
//! drives the leading one, and a guardrail or milestone). Every non-company
//! objective has a `parent` naming a company KR, some KRs also drive a KR of
//! another objective of the same team, and every ref resolves with no cycle.
//!
//! With `N_YEAR` and `N_SPAN` (SPEC §11's longer horizons), the bet graph
//! above the quarter: `N_YEAR` objectives of the year 2026
//! (`okrs/2026/<team>/year-bet-NNNN.md`, dealt over the teams) and `N_SPAN`
//! of the span 2026-2028 (`okrs/2026-2028/company/span-bet-NNNN.md`), each
//! with a `bet:` and two KRs (an output and a leading indicator that drives
//! it). Every company quarter objective names a year objective's KR as its
//! `parent`, and every year objective a span objective's (when there are
//! any), so every quarter objective's chain reaches a bet.
//!
//! The output depends only on the arguments (a fixed-seed generator), so
//! benchmark runs compare like with like.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

const QUARTER: &str = "2026-Q1";
/// The year and the multi-year span that hold [`QUARTER`].
const YEAR: &str = "2026";
const SPAN: &str = "2026-2028";
const TEAMS: [&str; 20] = [
    "company",
    "growth",
    "platform",
    "mobile",
    "payments",
    "search",
    "data",
    "security",
    "support",
    "sales",
    "marketing",
    "design",
    "infra",
    "billing",
    "identity",
    "partners",
    "onboarding",
    "analytics",
    "ml",
    "docs",
];
const PEOPLE: [&str; 12] =
    ["maya", "sam", "lee", "priya", "jonas", "amara", "chen", "olga", "diego", "fatima", "noah", "ines"];
const VERBS: [&str; 8] = ["Raise", "Grow", "Lift", "Increase", "Improve", "Expand", "Boost", "Double down on"];
const METRICS: [&str; 16] = [
    "trial activation rate",
    "weekly active teams",
    "net revenue retention",
    "self-serve conversion",
    "checkout completion",
    "search success rate",
    "first-week retention",
    "invite acceptance rate",
    "API adoption among new accounts",
    "annual plan share",
    "feature discovery rate",
    "onboarding completion",
    "expansion pipeline",
    "partner-sourced signups",
    "dashboard engagement",
    "support self-resolution rate",
];
const COSTS: [&str; 8] = [
    "p95 page load time",
    "time to first value",
    "ticket backlog age",
    "failed payment rate",
    "median build time",
    "incident minutes per week",
    "manual review queue",
    "setup steps for a new team",
];
const INPUTS: [&str; 8] = [
    "customer interviews held with a written summary",
    "onboarding experiments shipped with a pre-registered hypothesis",
    "activation emails A/B tested against a holdout",
    "help articles rewritten from top search misses",
    "sales calls reviewed against the new playbook",
    "performance regressions fixed from the weekly report",
    "partner integrations certified end to end",
    "pricing page variants tested with real traffic",
];
const SEGMENTS: [&str; 12] = [
    "self-serve teams",
    "agencies",
    "healthcare customers",
    "schools",
    "new trials",
    "our largest accounts",
    "teams in Europe",
    "developers",
    "field teams",
    "finance teams",
    "nonprofits",
    "returning customers",
];
const DESTINATIONS: [&str; 10] = [
    "Make new teams successful in their first week",
    "Become the obvious choice for mid-market buyers",
    "Turn occasional users into daily habits",
    "Earn trust with enterprise security teams",
    "Make every page feel instant",
    "Help customers find answers without waiting",
    "Grow revenue from the customers we already have",
    "Let partners sell for us",
    "Make pricing easy to understand and easy to upgrade",
    "Give every team the data to decide on their own",
];

/// xorshift64*: tiny, deterministic, good enough for fixtures.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }

    /// A number in [lo, hi) with one decimal.
    fn decimal(&mut self, lo: u64, hi: u64) -> f64 {
        (lo * 10 + self.below((hi - lo) * 10)) as f64 / 10.0
    }
}

struct Objective {
    team: &'static str,
    name: String,
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let count = |s: &str| s.parse::<usize>().ok();
    let (out, n, levels) = match args.as_slice() {
        [out, n] => (PathBuf::from(out), count(n), Some((0, 0))),
        [out, n, years, spans] => (PathBuf::from(out), count(n), count(years).zip(count(spans))),
        _ => usage("expected two or four arguments"),
    };
    let n = n
        .filter(|n| *n >= TEAMS.len())
        .unwrap_or_else(|| usage(&format!("N_OBJECTIVES must be a number of at least {}", TEAMS.len())));
    let Some((years, spans)) = levels else { usage("N_YEAR and N_SPAN must be numbers") };
    if let Err(e) = generate(&out, n, years, spans) {
        eprintln!("gen_okrs: {e}");
        std::process::exit(1);
    }
    println!(
        "wrote {n} objectives ({} key results) across {} teams, {years} year and {spans} multi-year objectives to {}",
        n * 4,
        TEAMS.len(),
        out.join("okrs").display()
    );
}

fn usage(msg: &str) -> ! {
    eprintln!("gen_okrs: {msg}\nusage: cargo run --release --example gen_okrs -- OUT_DIR N_OBJECTIVES [N_YEAR N_SPAN]");
    std::process::exit(2);
}

fn generate(out: &Path, n: usize, years: usize, spans: usize) -> std::io::Result<()> {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    // Objectives are dealt round-robin over the teams, so each team gets
    // n/20 of them; names are unique within a team.
    let objectives: Vec<Objective> = (0..n)
        .map(|i| {
            let team = TEAMS[i % TEAMS.len()];
            let slug = DESTINATIONS[(i / TEAMS.len()) % DESTINATIONS.len()]
                .to_lowercase()
                .split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join("-");
            Objective { team, name: format!("{slug}-{:04}", i / TEAMS.len()) }
        })
        .collect();
    let company: Vec<&Objective> = objectives.iter().filter(|o| o.team == TEAMS[0]).collect();
    let year_bets: Vec<Objective> =
        (0..years).map(|i| Objective { team: TEAMS[i % TEAMS.len()], name: format!("year-bet-{i:04}") }).collect();
    let span_bets: Vec<Objective> =
        (0..spans).map(|i| Objective { team: TEAMS[0], name: format!("span-bet-{i:04}") }).collect();

    for (i, o) in objectives.iter().enumerate() {
        let dir = out.join("okrs").join(QUARTER).join(o.team);
        std::fs::create_dir_all(&dir)?;
        let mut text = objective_text(&mut rng, i, o, &objectives, &company);
        if o.team == TEAMS[0] && !year_bets.is_empty() {
            let bet = &year_bets[rng.below(year_bets.len() as u64) as usize];
            let parent = format!("---\nparent: \"{YEAR}/{}/{}#output\"\n", bet.team, bet.name);
            text = text.replacen("---\n", &parent, 1);
        }
        std::fs::write(dir.join(format!("{}.md", o.name)), text)?;
    }
    for (period, bets, parents) in [(SPAN, &span_bets, &[][..]), (YEAR, &year_bets, &span_bets[..])] {
        for (i, o) in bets.iter().enumerate() {
            let dir = out.join("okrs").join(period).join(o.team);
            std::fs::create_dir_all(&dir)?;
            let parent = (!parents.is_empty()).then(|| &parents[rng.below(parents.len() as u64) as usize]);
            std::fs::write(dir.join(format!("{}.md", o.name)), bet_text(&mut rng, period, i, parent))?;
        }
    }
    std::fs::write(
        out.join("okr.toml"),
        "# Generated by examples/gen_okrs.rs\nroot = \"okrs\"\n\n[check]\n# 100 objectives of 4 KRs per team: a big organisation, not a finding.\nmax_key_results_per_team = 400\n",
    )?;
    Ok(())
}

fn objective_text(rng: &mut Rng, i: usize, o: &Objective, all: &[Objective], company: &[&Objective]) -> String {
    let mut s = String::from("---\n");
    let owner = rng.pick(&PEOPLE);
    let _ = writeln!(s, "owner: {owner}");
    let committed = rng.below(5) == 0;
    if committed {
        s.push_str("commitment: committed\n");
    }
    if o.team != TEAMS[0] {
        let parent = company[rng.below(company.len() as u64) as usize];
        let kr = if rng.below(2) == 0 { "output" } else { "leading" };
        let _ = writeln!(s, "parent: \"company/{}#{kr}\"", parent.name);
    }
    s.push_str("key_results:\n");

    // 1. Output: a lagging metric from baseline to target.
    let metric = rng.pick(&METRICS);
    let unit_pct = rng.below(3) != 0;
    let baseline = rng.decimal(10, 50);
    let target = baseline + rng.decimal(5, 25);
    let current = baseline + (target - baseline) * rng.below(101) as f64 / 100.0;
    let _ = write!(
        s,
        "  - id: output\n    title: {} {metric} from {baseline} to {target:.1}{pct} ({i})\n    layer: output\n    metric: {}\n",
        rng.pick(&VERBS),
        slug(metric),
        pct = if unit_pct { "%" } else { "" },
    );
    if unit_pct {
        s.push_str("    unit: \"%\"\n");
    }
    let _ = write!(
        s,
        "    baseline: {baseline}\n    target: {target:.1}\n    current: {current:.2}\n    confidence: 0.{}\n",
        3 + rng.below(6)
    );

    // 2. Leading: a decreasing cost that drives the output.
    let cost = rng.pick(&COSTS);
    let b2 = 100 + rng.below(400);
    let t2 = b2 / 2;
    let c2 = b2 - rng.below(b2 - t2 + 1);
    let _ = write!(
        s,
        "  - id: leading\n    title: Cut {cost} from {b2} to {t2} ({i})\n    layer: leading\n    metric: {}\n    unit: ms\n    baseline: {b2}\n    target: {t2}\n    current: {c2}\n    cadence: weekly\n    drives: [output]\n",
        slug(cost)
    );

    // 3. Input: a weekly count with an owner and a quality gate; it drives
    //    the leading KR and, for every third objective, the output of the
    //    previous objective of the same team (an edge across files).
    let input = rng.pick(&INPUTS);
    let weekly = 1 + rng.below(4);
    let done_so_far = rng.below(weekly * 13 + 1);
    let mut drives = vec!["leading".to_string()];
    if i >= TEAMS.len() && i.is_multiple_of(3) {
        let prev = &all[i - TEAMS.len()];
        drives.push(format!("\"{}/{}#output\"", prev.team, prev.name));
    }
    let _ = write!(
        s,
        "  - id: input\n    title: {} ({i})\n    layer: input\n    metric: {}\n    owner: {}\n    cadence: weekly\n    weekly_target: {weekly}\n    current: {done_so_far}\n    quality_gate: reviewed by a peer before it counts\n    drives: [{}]\n",
        capitalise(input),
        slug(input),
        rng.pick(&PEOPLE),
        drives.join(", ")
    );

    // 4. A guardrail, or a milestone for every fifth objective.
    if i % 5 == 4 {
        let done = rng.below(2) == 0;
        let _ = write!(
            s,
            "  - id: milestone\n    title: Rollout plan agreed with support and sales ({i})\n    done: {done}\n"
        );
    } else {
        let floor = 95 + rng.below(4);
        let value = floor as f64 + rng.decimal(0, 4) - 1.0;
        let _ = write!(
            s,
            "  - id: guardrail\n    title: Keep customer satisfaction at or above {floor}% ({i})\n    unit: \"%\"\n    baseline: {}\n    target: {floor}\n    current: {value:.1}\n    direction: at_least\n    weight: 0.5\n",
            floor + 1
        );
    }
    s.push_str("---\n");
    // (j % 10, (11 * (j / 10) + j % 10) % 12) is a different pair for each
    // j below 120: titles are unique within a team up to 2,400 objectives.
    let j = i / TEAMS.len();
    let destination = DESTINATIONS[j % DESTINATIONS.len()];
    let segment = SEGMENTS[(11 * (j / 10) + j % 10) % SEGMENTS.len()];
    let _ = write!(
        s,
        "# {destination}, starting with {segment}\n\nWhy this matters this quarter, the bets we are making, and how we will know early\nif they are wrong. Objective {i} of the generated benchmark project ({} team).\n",
        o.team
    );
    s
}

/// A longer-horizon objective of `period`: a `bet:`, an output KR and a
/// leading KR that drives it; `parent` names a KR of the longer bet above.
fn bet_text(rng: &mut Rng, period: &str, i: usize, parent: Option<&Objective>) -> String {
    let mut s = format!("---\nowner: {}\n", rng.pick(&PEOPLE));
    let segment = SEGMENTS[i % SEGMENTS.len()];
    let destination = DESTINATIONS[(i / SEGMENTS.len()) % DESTINATIONS.len()];
    let _ = writeln!(
        s,
        "bet: If {segment} get to value on their own, they stay and grow without hand-holding (bet {i} of {period})"
    );
    if let Some(p) = parent {
        let _ = writeln!(s, "parent: \"{SPAN}/{}/{}#output\"", p.team, p.name);
    }
    let metric = rng.pick(&METRICS);
    let baseline = rng.decimal(10, 40);
    let target = baseline + rng.decimal(10, 40);
    let current = baseline + (target - baseline) * rng.below(60) as f64 / 100.0;
    let _ = write!(
        s,
        "key_results:\n  - id: output\n    title: {} {metric} among {segment} from {baseline} to {target:.1}% by the end of {period} ({i})\n    layer: output\n    metric: {}-{}\n    unit: \"%\"\n    baseline: {baseline}\n    target: {target:.1}\n    current: {current:.2}\n",
        rng.pick(&VERBS),
        slug(metric),
        slug(period),
    );
    let cost = rng.pick(&COSTS);
    let b2 = 100 + rng.below(400);
    let _ = write!(
        s,
        "  - id: leading\n    title: Cut {cost} for {segment} from {b2} to {} ({period}, {i})\n    layer: leading\n    baseline: {b2}\n    target: {}\n    current: {}\n    drives: [output]\n",
        b2 / 2,
        b2 / 2,
        b2 - rng.below(b2 / 4 + 1)
    );
    let _ = write!(
        s,
        "---\n# {destination} for {segment}\n\nThe longer bet the quarters beneath it test. Objective {i} of {period} in the generated benchmark project.\n"
    );
    s
}

fn slug(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' })
        .collect::<String>()
        .split('-')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}
