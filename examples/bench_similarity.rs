//! Benchmark for the `copy-paste-cascade` near-duplicate finder.
//!
//! `cargo run --release --example bench_similarity`
//!
//! Generates a deterministic synthetic quarter (20,000 objective titles and
//! 80,000 KR titles from varied templates, ~2% of them near-copies of an
//! earlier title), times `similar_pairs` over all 100,000 normalised titles
//! at 0.85, and measures its recall against an exhaustive comparison on the
//! first 10,000 titles. Goals: under 3 s for 100k titles, recall >= 0.95.
//!
//! Flags: `--skip-recall` stops after the timing; `--full-recall` compares
//! with an exhaustive run over all 100,000 titles instead (about 10 minutes
//! of CPU the first time, then cached in /tmp); `--misses` lists pairs the
//! index missed.

use std::collections::HashSet;
use std::time::Instant;

use okr::analysis::similarity::{
    contained_pairs, normalise, ratio, similar_pairs, similar_pairs_exhaustive, similar_pairs_indexed,
};

const OBJECTIVES: usize = 20_000;
const KRS_PER_OBJECTIVE: usize = 4;
const COPY_RATE: f64 = 0.02;
const THRESHOLD: f64 = 0.85;
const SAMPLE: usize = 10_000;

/// CPU seconds this process has used (user + system), from /proc on Linux;
/// the machine may be shared, so wall time alone can mislead.
fn cpu_seconds() -> f64 {
    std::fs::read_to_string("/proc/self/stat")
        .ok()
        .and_then(|s| {
            let fields: Vec<&str> = s.rsplit_once(')')?.1.split_whitespace().collect();
            let utime: f64 = fields.get(11)?.parse().ok()?;
            let stime: f64 = fields.get(12)?.parse().ok()?;
            Some((utime + stime) / 100.0)
        })
        .unwrap_or(f64::NAN)
}

fn main() {
    let quarter = generate(OBJECTIVES, KRS_PER_OBJECTIVE, 0x5EED_0C0F_FEE5);
    let titles: Vec<&str> = quarter.titles.iter().map(String::as_str).collect();
    println!(
        "generated {} titles ({} objectives, {} KRs), {} planted near-copies",
        titles.len(),
        OBJECTIVES,
        OBJECTIVES * KRS_PER_OBJECTIVE,
        quarter.copies.len()
    );
    for t in titles.iter().step_by(9_973).take(8) {
        println!("  e.g. {t}");
    }

    let t0 = Instant::now();
    let normalised: Vec<String> = titles.iter().map(|t| normalise(t)).collect();
    let normalise_ms = t0.elapsed().as_secs_f64() * 1e3;
    let distinct = normalised.iter().collect::<HashSet<_>>().len();
    println!("normalise: {normalise_ms:.0} ms ({distinct} distinct normalised titles)");

    let (t0, c0) = (Instant::now(), cpu_seconds());
    let pairs = similar_pairs(&normalised, THRESHOLD);
    let pairs_ms = t0.elapsed().as_secs_f64() * 1e3;
    let cpu_ms = (cpu_seconds() - c0) * 1e3;
    println!(
        "similar_pairs over {} titles at {THRESHOLD}: {pairs_ms:.0} ms wall, {cpu_ms:.0} ms CPU, \
         {} pairs (goal < 3000 ms)",
        normalised.len(),
        pairs.len()
    );

    // `copy-paste-cascade` also looks for titles contained word for word in
    // others (exact through its index; see similarity::contained_pairs).
    let (t0, c0) = (Instant::now(), cpu_seconds());
    let contained = contained_pairs(&normalised);
    println!(
        "contained_pairs over {} titles: {:.0} ms wall, {:.0} ms CPU, {} pairs",
        normalised.len(),
        t0.elapsed().as_secs_f64() * 1e3,
        (cpu_seconds() - c0) * 1e3,
        contained.len()
    );

    // Planted copies that really are near-copies after normalisation.
    let found: HashSet<(usize, usize)> = pairs.iter().map(|&(i, j, _)| (i, j)).collect();
    let planted: Vec<(usize, usize)> = quarter
        .copies
        .iter()
        .map(|&(copy, source)| (source.min(copy), source.max(copy)))
        .filter(|&(i, j)| ratio(&normalised[i], &normalised[j]) >= THRESHOLD)
        .collect();
    let planted_found = planted.iter().filter(|p| found.contains(p)).count();
    println!("planted near-copies at >= {THRESHOLD}: {planted_found}/{} found", planted.len());

    if std::env::args().any(|a| a == "--full-recall") {
        full_recall(&normalised, &pairs);
        return;
    }
    if std::env::args().any(|a| a == "--skip-recall") {
        return;
    }
    let sample = &normalised[..SAMPLE];
    let t0 = Instant::now();
    let exact = similar_pairs_exhaustive(sample, THRESHOLD);
    let brute_ms = t0.elapsed().as_secs_f64() * 1e3;
    let t0 = Instant::now();
    let indexed = similar_pairs_indexed(sample, THRESHOLD);
    let indexed_ms = t0.elapsed().as_secs_f64() * 1e3;
    let got: HashSet<(usize, usize)> = indexed.iter().map(|&(i, j, _)| (i, j)).collect();
    let hit = exact.iter().filter(|&&(i, j, _)| got.contains(&(i, j))).count();
    let recall = if exact.is_empty() { 1.0 } else { hit as f64 / exact.len() as f64 };
    println!(
        "recall on the first {SAMPLE} titles at {THRESHOLD}: {recall:.4} ({hit}/{} pairs; \
         index {indexed_ms:.0} ms, brute force {brute_ms:.0} ms; goal >= 0.95)",
        exact.len()
    );
    assert!(indexed.len() == hit, "the index reported a pair brute force did not");
    if std::env::args().any(|a| a == "--misses") {
        for &(i, j, s) in exact.iter().filter(|&&(i, j, _)| !got.contains(&(i, j))).take(40) {
            println!("  missed {s:.3}: {:?} / {:?}", sample[i], sample[j]);
        }
    }
}

/// A generated quarter: titles in file order (each objective followed by its
/// KRs) and the planted near-copies as `(copy, source)` indices.
struct Quarter {
    titles: Vec<String>,
    copies: Vec<(usize, usize)>,
}

/// xorshift64*: tiny, deterministic, good enough for test data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

fn generate(objectives: usize, krs_per_objective: usize, seed: u64) -> Quarter {
    let mut rng = Rng(seed);
    let mut quarter = Quarter { titles: Vec::new(), copies: Vec::new() };
    for _ in 0..objectives {
        for k in 0..=krs_per_objective {
            let title = if !quarter.titles.is_empty() && rng.chance(COPY_RATE) {
                let source = rng.below(quarter.titles.len());
                let copy = near_copy(&mut rng, &quarter.titles[source]);
                quarter.copies.push((quarter.titles.len(), source));
                copy
            } else if k == 0 {
                objective_title(&mut rng)
            } else {
                kr_title(&mut rng)
            };
            quarter.titles.push(title);
        }
    }
    quarter
}

/// A team name: one of 600 area and function combinations, or a bare area.
fn team(rng: &mut Rng) -> String {
    const FUNCTIONS: &[&str] = &[
        "Platform",
        "Growth",
        "Infra",
        "Experience",
        "Ops",
        "Core",
        "Insights",
        "Automation",
        "Enablement",
        "Quality",
        "Foundations",
        "Integrations",
        "Apps",
        "Tools",
        "Services",
    ];
    if rng.chance(0.2) {
        rng.pick(TEAMS).to_string()
    } else {
        format!("{} {}", rng.pick(TEAMS), rng.pick(FUNCTIONS))
    }
}

/// A feature: a component of one of the products, about 1,000 in all.
fn feature(rng: &mut Rng) -> String {
    let component = rng.pick(FEATURES).trim_start_matches("the ");
    match rng.below(3) {
        0 => format!("the {} {component}", rng.pick(PRODUCTS)),
        1 => format!("{} {component}", rng.pick(PRODUCTS)),
        _ => format!("the new {component}"),
    }
}

/// A system: a product's service, about 400 in all.
fn system(rng: &mut Rng) -> String {
    let name = rng.pick(SYSTEMS).trim_start_matches("the ");
    format!("the {} {name}", rng.pick(PRODUCTS))
}

/// A metric, half the time scoped to a product.
fn metric(rng: &mut Rng) -> String {
    if rng.chance(0.5) {
        format!("{} {}", rng.pick(PRODUCTS), rng.pick(METRICS))
    } else {
        rng.pick(METRICS).to_string()
    }
}

const PRODUCTS: &[&str] = &[
    "Atlas", "Beacon", "Ledger", "Harbor", "Nova", "Pulse", "Relay", "Orbit", "Compass", "Lumen", "Vault", "Quill",
    "Forge", "Summit", "Canvas", "Spark", "Anchor", "Meridian", "Cascade", "Tandem", "Keystone", "Prism", "Juniper",
    "Sherpa", "Drift",
];
const TEAMS: &[&str] = &[
    "Payments",
    "Checkout",
    "Search",
    "Onboarding",
    "Billing",
    "Mobile",
    "Data Platform",
    "Identity",
    "Growth",
    "Core API",
    "Developer Experience",
    "Trust & Safety",
    "Support Tools",
    "Marketplace",
    "Pricing",
    "Notifications",
    "Infra",
    "SRE",
    "Analytics",
    "Partnerships",
    "Sales Ops",
    "Customer Success",
    "Brand",
    "Lifecycle Marketing",
    "Localization",
    "Security",
    "Compliance",
    "Finance Systems",
    "Recruiting",
    "People Ops",
    "Design Systems",
    "Web",
    "iOS",
    "Android",
    "Integrations",
    "Enterprise",
    "SMB",
    "Logistics",
    "Fraud",
    "Risk",
];
const METRICS: &[&str] = &[
    "weekly active users",
    "monthly active users",
    "net revenue retention",
    "NPS",
    "checkout conversion",
    "trial-to-paid conversion",
    "monthly recurring revenue",
    "annual recurring revenue",
    "net new ARR",
    "support ticket backlog",
    "time to first value",
    "deploy frequency",
    "change failure rate",
    "mean time to recovery",
    "CSAT",
    "activation rate",
    "logo churn",
    "gross margin",
    "CAC payback",
    "pipeline coverage",
    "self-serve signups",
    "DAU/MAU ratio",
    "search success rate",
    "page load time",
    "crash-free sessions",
    "app store rating",
    "first response time",
    "refund rate",
    "fraud loss rate",
    "cost per transaction",
    "cloud spend",
    "on-call pages per week",
    "p95 API latency",
    "build time",
    "test flakiness",
    "docs satisfaction",
    "API adoption",
    "partner-sourced revenue",
    "expansion revenue",
    "seat utilisation",
    "feature adoption",
    "email open rate",
    "referral signups",
    "organic traffic",
    "demo requests",
    "qualified leads",
    "win rate",
    "average deal size",
    "sales cycle length",
    "employee engagement score",
    "offer acceptance rate",
    "time to hire",
    "attrition",
    "data freshness",
    "dashboard adoption",
    "query latency",
    "storage cost",
    "uptime",
    "error budget burn",
    "security findings",
    "patch latency",
    "audit findings",
    "invoice accuracy",
    "days sales outstanding",
    "payment success rate",
    "chargeback rate",
    "delivery time",
    "order accuracy",
    "inventory turnover",
];
const SEGMENTS: &[&str] = &[
    "SMB customers",
    "enterprise accounts",
    "self-serve users",
    "new signups",
    "mid-market customers",
    "mobile users",
    "partners",
    "developers",
    "admins",
    "free-tier users",
    "trial users",
    "power users",
    "agencies",
    "resellers",
    "public sector customers",
    "students",
    "first-time buyers",
    "returning customers",
    "merchants",
    "field sales reps",
    "support agents",
    "new hires",
];
const REGIONS: &[&str] = &[
    "EMEA",
    "North America",
    "LATAM",
    "APAC",
    "Germany",
    "Japan",
    "Brazil",
    "France",
    "the UK",
    "India",
    "the Nordics",
    "Australia",
    "Mexico",
    "Spain",
    "Canada",
    "Korea",
    "Italy",
    "Poland",
    "the Netherlands",
    "Singapore",
    "Indonesia",
    "South Africa",
    "Nigeria",
    "Argentina",
    "Chile",
    "Turkey",
    "the Gulf",
    "Ireland",
    "New Zealand",
    "Vietnam",
];
const FEATURES: &[&str] = &[
    "the new onboarding flow",
    "SSO",
    "audit logs",
    "usage-based billing",
    "the mobile app",
    "dark mode",
    "the public API v3",
    "offline sync",
    "the analytics dashboard",
    "self-serve upgrades",
    "the Slack integration",
    "two-factor authentication",
    "the partner portal",
    "smart search",
    "bulk import",
    "the pricing page",
    "in-app guides",
    "the referral programme",
    "role-based access control",
    "webhooks",
    "the data export",
    "the checkout redesign",
    "Apple Pay",
    "saved carts",
    "the recommendation engine",
    "team workspaces",
    "the admin console",
    "custom reports",
    "the status page",
    "the CLI",
    "the Terraform provider",
    "live chat support",
    "the help centre",
    "annual plans",
    "multi-currency invoicing",
    "the fraud model v2",
    "same-day delivery",
    "the returns flow",
    "the loyalty programme",
    "the design system",
];
const SYSTEMS: &[&str] = &[
    "the payments service",
    "search indexing",
    "the data pipeline",
    "the auth service",
    "CI",
    "the notification service",
    "the billing engine",
    "the legacy monolith",
    "the event bus",
    "the reporting warehouse",
    "the mobile backend",
    "the CDN config",
    "the feature flag service",
    "the ledger",
    "the ML platform",
    "the job scheduler",
];
const ROLES: &[&str] = &[
    "senior engineers",
    "product designers",
    "data scientists",
    "account executives",
    "SREs",
    "product managers",
    "support specialists",
    "solutions engineers",
    "security engineers",
    "recruiters",
    "analysts",
    "engineering managers",
];
const ADJECTIVES: &[&str] = &[
    "default",
    "most trusted",
    "simplest",
    "fastest",
    "most loved",
    "obvious",
    "most reliable",
    "cheapest",
    "safest",
    "most flexible",
];
const CATEGORIES: &[&str] = &[
    "payments platform",
    "analytics tool",
    "developer platform",
    "commerce suite",
    "collaboration app",
    "marketplace",
    "HR platform",
    "security product",
];
const UP: &[&str] = &["Increase", "Grow", "Raise", "Lift", "Improve", "Boost"];
const DOWN: &[&str] = &["Reduce", "Cut", "Lower", "Decrease", "Bring down", "Shrink"];
const SHIP: &[&str] = &["Launch", "Ship", "Release", "Roll out", "GA"];
const MONTHS: &[&str] = &["January", "February", "March", "mid-February", "end of March"];

/// A number in one of the formats titles use, paired with a larger target.
fn numbers(rng: &mut Rng) -> (String, String) {
    let base = 1 + rng.below(999);
    let gain = 105 + rng.below(60); // percent of base
    let target = base * gain / 100 + 1;
    match rng.below(7) {
        0 => (format!("{base}%"), format!("{}%", target.min(100))),
        1 => (format!("{}.{}%", base % 100, rng.below(10)), format!("{}.{}%", target % 100, rng.below(10))),
        2 => (format!("${}.{}M", base / 100, base % 10), format!("${}.{}M", target / 100, target % 10)),
        3 => (format!("${base}k"), format!("${target}k")),
        4 => (format!("{},{:03}", base, rng.below(1000)), format!("{},{:03}", target, rng.below(1000))),
        5 => (format!("{base}ms"), format!("{}ms", base * 100 / gain)),
        _ => (format!("{}.{}", base % 10, rng.below(10)), format!("{}.{}", target % 10, rng.below(10))),
    }
}

fn objective_title(rng: &mut Rng) -> String {
    match rng.below(16) {
        0 => format!(
            "Make {} the {} choice for {} in {}",
            feature(rng),
            rng.pick(ADJECTIVES),
            rng.pick(SEGMENTS),
            rng.pick(REGIONS)
        ),
        1 => format!(
            "Become the {} {} for {} in {}",
            rng.pick(ADJECTIVES),
            rng.pick(CATEGORIES),
            rng.pick(SEGMENTS),
            rng.pick(REGIONS)
        ),
        2 => format!("Delight {} in {} with {}", rng.pick(SEGMENTS), rng.pick(REGIONS), feature(rng)),
        3 => format!("Grow {} revenue from {} in {}", team(rng), rng.pick(SEGMENTS), rng.pick(REGIONS)),
        4 => format!("Build a world-class {} team for {} in {}", team(rng), rng.pick(SEGMENTS), rng.pick(REGIONS)),
        5 => format!("Make {} boringly reliable for {} by {}", system(rng), team(rng), rng.pick(MONTHS)),
        6 => format!("Win {} in {} with {}", rng.pick(SEGMENTS), rng.pick(REGIONS), feature(rng)),
        7 => format!("Turn {} into a growth engine for {} in {}", feature(rng), team(rng), rng.pick(REGIONS)),
        8 => format!("Reduce the cost of serving {} on {} by {}%", rng.pick(SEGMENTS), system(rng), 5 + rng.below(45)),
        9 => format!(
            "Help {} get value from {} in their first {} days",
            rng.pick(SEGMENTS),
            feature(rng),
            2 + rng.below(29)
        ),
        10 => format!("Ship {} that {} in {} love", feature(rng), rng.pick(SEGMENTS), rng.pick(REGIONS)),
        11 => format!("Establish {} as the home of {} for {}", team(rng), rng.pick(CATEGORIES), rng.pick(SEGMENTS)),
        12 => format!("Improve {} for {} across {}", metric(rng), rng.pick(SEGMENTS), rng.pick(REGIONS)),
        13 => format!("Modernise {} without slowing down {} or {}", system(rng), team(rng), team(rng)),
        14 => format!("Double down on {} for {} in {}", feature(rng), rng.pick(SEGMENTS), rng.pick(REGIONS)),
        _ => format!("Make {} a strength of the {} team in {}", metric(rng), team(rng), rng.pick(REGIONS)),
    }
}

fn kr_title(rng: &mut Rng) -> String {
    let (x, y) = numbers(rng);
    match rng.below(20) {
        0 => format!("{} {} from {x} to {y}", rng.pick(UP), metric(rng)),
        1 => format!("{} {} for {} from {x} to {y}", rng.pick(UP), metric(rng), rng.pick(SEGMENTS)),
        2 => format!("{} {} in {} from {x} to {y}", rng.pick(UP), metric(rng), rng.pick(REGIONS)),
        3 => format!("{} {} from {y} to {x}", rng.pick(DOWN), metric(rng)),
        4 => {
            format!("{} {} for {} in {} below {x}", rng.pick(DOWN), metric(rng), rng.pick(SEGMENTS), rng.pick(REGIONS))
        }
        5 => format!("Keep {} for {} above {x} every week of Q{}", metric(rng), rng.pick(SEGMENTS), 1 + rng.below(4)),
        6 => format!(
            "{} {} to {}% of {} in {}",
            rng.pick(SHIP),
            feature(rng),
            1 + rng.below(100),
            rng.pick(SEGMENTS),
            rng.pick(REGIONS)
        ),
        7 => format!(
            "{} {} for {} in {} new markets",
            rng.pick(SHIP),
            feature(rng),
            rng.pick(SEGMENTS),
            2 + rng.below(12)
        ),
        8 => format!(
            "{} {} to {} in {} by {}",
            rng.pick(SHIP),
            feature(rng),
            rng.pick(SEGMENTS),
            rng.pick(REGIONS),
            rng.pick(MONTHS)
        ),
        9 => format!(
            "Hire {} {} for the {} team in {}",
            1 + rng.below(30),
            rng.pick(ROLES),
            team(rng),
            rng.pick(REGIONS)
        ),
        10 => format!("Close {} {} deals worth {y} in {}", 2 + rng.below(60), rng.pick(SEGMENTS), rng.pick(REGIONS)),
        11 => format!(
            "Migrate {}% of {} in {} to {}",
            1 + rng.below(100),
            rng.pick(SEGMENTS),
            rng.pick(REGIONS),
            feature(rng)
        ),
        12 => format!(
            "Cut p95 latency of {} for {} from {}ms to {}ms",
            system(rng),
            rng.pick(SEGMENTS),
            100 + rng.below(900),
            50 + rng.below(400)
        ),
        13 => format!("Reach {y} {} among {} by end of Q{}", metric(rng), rng.pick(SEGMENTS), 1 + rng.below(4)),
        14 => format!("Achieve 99.{}% uptime for {} serving {}", 1 + rng.below(99), system(rng), rng.pick(SEGMENTS)),
        15 => format!("Retire {} for {} in {} with zero incidents", system(rng), rng.pick(SEGMENTS), rng.pick(REGIONS)),
        16 => {
            format!("Run {} customer interviews with {} about {}", 5 + rng.below(40), rng.pick(SEGMENTS), feature(rng))
        }
        17 => format!("Get {} {} to use {} weekly", 10 + rng.below(5000), rng.pick(SEGMENTS), feature(rng)),
        18 => format!(
            "Resolve {}% of {} tickets from {} within {} hours",
            50 + rng.below(50),
            team(rng),
            rng.pick(SEGMENTS),
            1 + rng.below(48)
        ),
        _ => format!(
            "Publish {} case studies from {} in {} about {}",
            1 + rng.below(12),
            rng.pick(SEGMENTS),
            rng.pick(REGIONS),
            feature(rng)
        ),
    }
}

/// A near-copy of `source`: verbatim, with a number changed, a word
/// swapped, or with different case and punctuation (sometimes two of these).
fn near_copy(rng: &mut Rng, source: &str) -> String {
    let mut title = source.to_string();
    let edits = if rng.chance(0.15) { 2 } else { 1 };
    for _ in 0..edits {
        title = match rng.below(5) {
            0 => title,
            1 => change_number(rng, &title),
            2 => swap_word(rng, &title),
            3 => recase(rng, &title),
            _ => repunctuate(rng, &title),
        };
    }
    title
}

fn change_number(rng: &mut Rng, title: &str) -> String {
    let digits: Vec<usize> = title.char_indices().filter(|(_, c)| c.is_ascii_digit()).map(|(i, _)| i).collect();
    if digits.is_empty() {
        return swap_word(rng, title);
    }
    let at = digits[rng.below(digits.len())];
    let old = title.as_bytes()[at] - b'0';
    let new = (old + 1 + rng.below(9) as u8) % 10;
    format!("{}{}{}", &title[..at], new, &title[at + 1..])
}

fn swap_word(rng: &mut Rng, title: &str) -> String {
    const SWAPS: &[&str] = &[
        "Increase",
        "Grow",
        "Improve",
        "Reduce",
        "Cut",
        "Launch",
        "Ship",
        "customers",
        "users",
        "new",
        "all",
        "key",
        "core",
        "global",
        "weekly",
        "monthly",
        "team",
        "teams",
    ];
    let mut words: Vec<&str> = title.split(' ').collect();
    let at = rng.below(words.len());
    words[at] = rng.pick(SWAPS);
    words.join(" ")
}

fn recase(rng: &mut Rng, title: &str) -> String {
    match rng.below(3) {
        0 => title.to_lowercase(),
        1 => title.to_uppercase(),
        _ => title
            .split(' ')
            .map(|w| {
                let mut c = w.chars();
                c.next().map(|f| f.to_uppercase().chain(c).collect::<String>()).unwrap_or_default()
            })
            .collect::<Vec<_>>()
            .join(" "),
    }
}

fn repunctuate(rng: &mut Rng, title: &str) -> String {
    match rng.below(4) {
        0 => format!("{title}."),
        1 => title.replace('-', " "),
        2 => format!("{title}!"),
        _ => format!("[{title}]"),
    }
}

/// Recall of `pairs` against an exhaustive comparison of all titles, cached
/// in /tmp because it takes minutes.
fn full_recall(normalised: &[String], pairs: &[(usize, usize, f64)]) {
    let path = format!("/tmp/okr-sim-truth-{}-{THRESHOLD}.bin", normalised.len());
    let truth: Vec<(usize, usize)> = match std::fs::read(&path) {
        Ok(bytes) => bytes
            .chunks(8)
            .map(|c| {
                let i = u32::from_le_bytes(c[..4].try_into().unwrap()) as usize;
                let j = u32::from_le_bytes(c[4..].try_into().unwrap()) as usize;
                (i, j)
            })
            .collect(),
        Err(_) => {
            let t0 = Instant::now();
            let exact = similar_pairs_exhaustive(normalised, THRESHOLD);
            println!("exhaustive over all titles: {:?}", t0.elapsed());
            let mut bytes = Vec::new();
            for &(i, j, _) in &exact {
                bytes.extend_from_slice(&(i as u32).to_le_bytes());
                bytes.extend_from_slice(&(j as u32).to_le_bytes());
            }
            std::fs::write(&path, bytes).unwrap();
            exact.iter().map(|&(i, j, _)| (i, j)).collect()
        }
    };
    let got: HashSet<(usize, usize)> = pairs.iter().map(|&(i, j, _)| (i, j)).collect();
    let hit = truth.iter().filter(|p| got.contains(p)).count();
    println!(
        "recall on all {} titles: {:.4} ({hit}/{})",
        normalised.len(),
        hit as f64 / truth.len() as f64,
        truth.len()
    );
    let mut shown = 0;
    for &(i, j) in &truth {
        if !got.contains(&(i, j)) && shown < 30 && std::env::args().any(|a| a == "--misses") {
            shown += 1;
            println!(
                "  missed {:.3}: {:?} / {:?}",
                ratio(&normalised[i], &normalised[j]),
                normalised[i],
                normalised[j]
            );
        }
    }
}
