//! Generates a synthetic OKR repository history as a `git fast-import`
//! stream, for the history benchmark (`scripts/bench-history.sh`).
//!
//! ```text
//! cargo run --release --example gen_history -- N_OBJECTIVES N_COMMITS > stream
//! git init -q repo && git -C repo fast-import --quiet < stream
//! ```
//!
//! The first commit adds `N_OBJECTIVES` objective files (four KRs each) under
//! `okrs/2026-Q1/<team>/`; each later commit changes one to three `current`
//! values, by one of a dozen authors, 150 seconds after the previous one.
//! A fixed-seed generator makes the output depend only on the arguments.

use std::fmt::Write as _;
use std::io::Write as _;

const TEAMS: [&str; 10] =
    ["company", "growth", "platform", "mobile", "payments", "search", "data", "support", "sales", "marketing"];
const PEOPLE: [&str; 12] =
    ["maya", "sam", "lee", "priya", "jonas", "amara", "chen", "olga", "diego", "fatima", "noah", "ines"];
const START: i64 = 1_767_225_600; // 2026-01-01T00:00:00Z

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

struct Objective {
    path: String,
    owner: &'static str,
    /// (id, baseline, target, current)
    krs: Vec<(String, f64, f64, f64)>,
}

impl Objective {
    fn text(&self, i: usize) -> String {
        let mut s = format!("---\nowner: {}\nkey_results:\n", self.owner);
        for (k, (id, b, t, c)) in self.krs.iter().enumerate() {
            let layer = ["output", "leading", "leading", "input"][k];
            let _ = write!(
                s,
                "  - id: {id}\n    title: Move metric {id} of objective {i} from {b} to {t}\n    layer: {layer}\n"
            );
            if layer == "input" {
                let _ = write!(s, "    owner: {}\n    cadence: weekly\n    weekly_target: 3\n    quality_gate: reviewed by a peer\n    current: {c}\n", self.owner);
            } else {
                let _ = write!(s, "    baseline: {b}\n    target: {t}\n    current: {c}\n");
            }
            if k > 0 {
                let _ = writeln!(s, "    drives: [{}]", self.krs[if k == 3 { 1 } else { 0 }].0);
            }
        }
        let _ = write!(s, "---\n# Objective number {i} for the team\n\nContext and bets for this objective.\n");
        s
    }
}

fn data(out: &mut Vec<u8>, bytes: &[u8]) {
    let _ = writeln!(out, "data {}", bytes.len());
    out.extend_from_slice(bytes);
    out.push(b'\n');
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let n_obj: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(2000);
    let n_commits: usize = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(50_000);
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut objectives: Vec<Objective> = (0..n_obj)
        .map(|i| {
            let team = TEAMS[i % TEAMS.len()];
            Objective {
                path: format!("okrs/2026-Q1/{team}/objective-{i:05}.md"),
                owner: PEOPLE[i % PEOPLE.len()],
                krs: (0..4)
                    .map(|k| {
                        let b = (rng.below(100) + 10) as f64;
                        let t = b + (rng.below(50) + 10) as f64;
                        (format!("kr-{k}"), b, t, if k == 3 { 0.0 } else { b })
                    })
                    .collect(),
            }
        })
        .collect();
    let mut out: Vec<u8> = Vec::with_capacity(1 << 20);
    let stdout = std::io::stdout();
    let mut lock = stdout.lock();
    for c in 0..n_commits {
        let time = START + c as i64 * 150;
        let who = PEOPLE[c % PEOPLE.len()];
        let _ = writeln!(out, "commit refs/heads/main\nmark :{}", c + 1);
        let _ = writeln!(
            out,
            "author {who} <{who}@example.com> {time} +0000\ncommitter {who} <{who}@example.com> {time} +0000"
        );
        let changed: Vec<usize> = if c == 0 {
            (0..n_obj).collect()
        } else {
            let n = 1 + rng.below(3) as usize;
            (0..n).map(|_| rng.below(n_obj as u64) as usize).collect()
        };
        let msg = if c == 0 {
            "Add the quarter's OKRs".to_string()
        } else {
            format!("Weekly check-in {c}: update {} values", changed.len())
        };
        data(&mut out, msg.as_bytes());
        if c > 0 {
            let _ = writeln!(out, "from :{c}");
        }
        for &i in &changed {
            if c > 0 {
                let k = rng.below(4) as usize;
                let step = (rng.below(5) + 1) as f64;
                objectives[i].krs[k].3 += step;
            }
            let text = objectives[i].text(i);
            let _ = writeln!(out, "M 100644 inline {}", objectives[i].path);
            data(&mut out, text.as_bytes());
        }
        out.push(b'\n');
        if out.len() > (1 << 20) {
            if lock.write_all(&out).is_err() {
                return;
            }
            out.clear();
        }
    }
    let _ = lock.write_all(&out);
}
