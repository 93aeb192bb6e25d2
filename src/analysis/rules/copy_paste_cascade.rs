//! `copy-paste-cascade`: a title copied down the cascade instead of translated.

use super::{Context, Meta, Rule};
use crate::analysis::similarity::{
    contains_words, for_each_contained_pair, for_each_similar_pair_apart, normalise, ratio, word_diff,
};
use crate::core::diagnostic::Diagnostic;
use crate::core::model::Objective;
use std::collections::{BTreeMap, HashMap};

pub struct CopyPasteCascade;

static META: Meta = Meta {
    code: crate::core::codes::COPY_PASTE_CASCADE,
    summary: "an objective or KR title is a near-copy of a title up its `parent` chain, or of another team's objective or KR in the same quarter",
    doc: "## What it checks\n\nWithin a quarter, every objective and KR title is compared with the others after normalising case, spacing and \
punctuation (numbers are kept, so a copied \"from $1.0M to $1.2M\" counts). A pair is a copy when it is at or above `similarity` (default \
0.85, in `okr.toml` under `[check]`), or when one title is the other with words added or cut, word for word: \"Increase new MRR from $1.0M \
to $1.2M this quarter\" under \"Increase new MRR from $1.0M to $1.2M\", or \"Grow MRR by $200K\" under \"Grow MRR by $200K (from $1.0M to \
$1.2M)\". The shorter title must have at least four words with a number among them, or six words without: a shared phrase such as \"Grow \
MRR\" or \"improve onboarding for new customers\" is a company's vocabulary, not a copied key result. A copy is reported when one objective is up the other's `parent` chain (only the descendant is flagged), or when the two belong \
to different teams (one finding, on the later file, naming the other in `related`). Titles within one objective are not compared.\n\n\
## Why it matters\n\nCascading is a translation: a team asks what *it* can change that would move the result above it. A child KR that \
repeats its parent's words adds no information, hides who does what, and makes both teams claim the same number. Two teams with the \
same KR usually means nobody owns it. Adding \"this quarter\" or dropping the baseline does not make it the team's own.\n\n\
## A weak example\n\n```yaml\n# company/revenue.md\n- id: new-arr\n  title: Grow net new ARR from $1.0M to $1.2M\n# growth/pipeline.md, parent: \"company/revenue#new-arr\"\n- id: arr\n  title: Grow net new ARR from $1.0M to $1.2M\n- id: arr-q\n  title: Grow net new ARR from $1.0M to $1.2M this quarter through partners\n```\n\n\
## A stronger rewrite\n\n```yaml\n# growth/pipeline.md, parent: \"company/revenue#new-arr\"\n- id: sqls\n  title: Grow sales-qualified leads from 140 to 220 per month\n```\n",
};

/// One title in a quarter.
struct Title<'a> {
    objective: &'a Objective,
    /// Index of the objective in the workspace.
    index: usize,
    /// `None` for the objective's own title.
    kr: Option<usize>,
    reference: std::sync::Arc<str>,
    text: &'a str,
}

/// Who is up whose `parent` chain, for all objectives at once, in linear
/// time and memory whatever the depth of the chains (a 10,000-deep chain
/// would make 50 million entries as lists of ancestors).
///
/// `parent` links make a graph in which every node has at most one parent,
/// so each weakly connected part is a tree, possibly hanging from one cycle.
/// One link of each cycle is set aside to make a forest, numbered in depth
/// first order: `a` is an ancestor of `d` in the forest when `d`'s number
/// falls in `a`'s interval. Nodes on a cycle are also ancestors of every node
/// of their tree (the link set aside closes the loop), themselves included,
/// as following the chain from any of them comes back round.
struct Ancestry {
    /// Depth-first entry number and the last number in the subtree.
    enter: Vec<u32>,
    leave: Vec<u32>,
    /// The forest root of each node's tree.
    root: Vec<u32>,
    on_cycle: Vec<bool>,
}

impl Ancestry {
    /// `parent[i]`: the index of node `i`'s parent, if it has one.
    fn new(parent: &[Option<usize>]) -> Ancestry {
        let n = parent.len();
        // Find the cycles: follow each chain until a node already seen; if
        // it was seen on this very walk, the walk closed a cycle there.
        const NEW: u8 = 0;
        const ON_WALK: u8 = 1;
        const DONE: u8 = 2;
        let mut state = vec![NEW; n];
        let mut on_cycle = vec![false; n];
        let mut forest_parent: Vec<Option<usize>> = parent.iter().map(|p| p.filter(|&p| p < n)).collect();
        let mut walk = Vec::new();
        for start in 0..n {
            let mut at = Some(start);
            while let Some(i) = at {
                if state[i] != NEW {
                    if state[i] == ON_WALK {
                        // `i` starts a cycle: mark it, and cut the link that closes it.
                        let from = walk.iter().position(|&w| w == i).unwrap_or(0);
                        for &c in &walk[from..] {
                            on_cycle[c] = true;
                        }
                        forest_parent[i] = None;
                    }
                    break;
                }
                state[i] = ON_WALK;
                walk.push(i);
                at = forest_parent[i];
            }
            for &w in &walk {
                state[w] = DONE;
            }
            walk.clear();
        }
        // Children lists in compressed rows, then an iterative depth-first
        // numbering (chains can be deeper than the stack).
        let mut child_count = vec![0usize; n + 1];
        for p in forest_parent.iter().flatten() {
            child_count[*p + 1] += 1;
        }
        for i in 0..n {
            child_count[i + 1] += child_count[i];
        }
        let mut fill = child_count.clone();
        let mut children = vec![0usize; child_count[n]];
        for (i, p) in forest_parent.iter().enumerate() {
            if let Some(p) = *p {
                children[fill[p]] = i;
                fill[p] += 1;
            }
        }
        let (mut enter, mut leave, mut root) = (vec![0u32; n], vec![0u32; n], vec![0u32; n]);
        let mut next = 0u32;
        let mut stack: Vec<(usize, usize)> = Vec::new();
        for r in (0..n).filter(|&i| forest_parent[i].is_none()) {
            enter[r] = next;
            root[r] = r as u32;
            next += 1;
            stack.push((r, child_count[r]));
            while let Some((node, k)) = stack.last_mut() {
                let node = *node;
                if *k < child_count[node + 1] {
                    let c = children[*k];
                    *k += 1;
                    enter[c] = next;
                    root[c] = r as u32;
                    next += 1;
                    stack.push((c, child_count[c]));
                } else {
                    leave[node] = next - 1;
                    stack.pop();
                }
            }
        }
        Ancestry { enter, leave, root, on_cycle }
    }

    /// Whether `a` is up `d`'s `parent` chain.
    fn is_ancestor(&self, a: usize, d: usize) -> bool {
        if self.on_cycle[a] {
            return self.root[a] == self.root[d];
        }
        a != d && self.enter[a] <= self.enter[d] && self.leave[d] <= self.leave[a]
    }
}

impl Rule for CopyPasteCascade {
    fn meta(&self) -> &'static Meta {
        &META
    }

    // Long: the hot path on big quarters: the titles, numbered teams and files and the pairs' verdicts share local tables that a split would pass around or copy.
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let threshold = cx.config.check.similarity;
        let mut quarters: BTreeMap<_, Vec<Title<'_>>> = BTreeMap::new();
        let index_of: HashMap<String, usize> =
            cx.workspace.objectives.iter().enumerate().map(|(i, o)| (o.reference(), i)).collect();
        // Each objective's parent as a workspace index (the last objective
        // with the ref, like every lookup by ref here).
        let parent: Vec<Option<usize>> = cx
            .workspace
            .objectives
            .iter()
            .map(|o| {
                let p = o.parent_resolved.as_ref()?;
                index_of.get(&p.objective().to_string()).copied()
            })
            .collect();
        let ancestry = Ancestry::new(&parent);
        // Teams and files as numbers, so that comparing a pair compares
        // integers (a quarter of near-copies makes millions of pairs).
        let mut team_ids: HashMap<&str, u32> = HashMap::new();
        let team: Vec<u32> = cx
            .workspace
            .objectives
            .iter()
            .map(|o| {
                let next = team_ids.len() as u32;
                *team_ids.entry(o.team.as_str()).or_insert(next)
            })
            .collect();
        let mut by_file: Vec<usize> = (0..cx.workspace.objectives.len()).collect();
        by_file.sort_by(|&a, &b| cx.workspace.objectives[a].file.cmp(&cx.workspace.objectives[b].file));
        let mut file_rank = vec![0u32; by_file.len()];
        for (k, &i) in by_file.iter().enumerate() {
            let same = k > 0 && cx.workspace.objectives[by_file[k - 1]].file == cx.workspace.objectives[i].file;
            file_rank[i] = if same { file_rank[by_file[k - 1]] } else { k as u32 };
        }
        for (index, o) in cx.workspace.objectives.iter().enumerate() {
            let titles = quarters.entry(o.period).or_default();
            titles.push(Title { objective: o, index, kr: None, reference: o.reference().into(), text: &o.title });
            for (i, kr) in o.key_results.iter().enumerate() {
                titles.push(Title {
                    objective: o,
                    index,
                    kr: Some(i),
                    reference: o.kr_ref(kr).into(),
                    text: &kr.title,
                });
            }
        }
        for titles in quarters.values() {
            let normalised: Vec<String> = titles.iter().map(|t| normalise(t.text)).collect();
            // Flagged title -> its closest matches and how many there are.
            let mut flagged: Vec<Matches> = Vec::new();
            flagged.resize_with(titles.len(), Matches::default);
            let mut pair = |a: usize, b: usize, score: f64| {
                let (ia, ib) = (titles[a].index, titles[b].index);
                if ia == ib || normalised[a].is_empty() {
                    return;
                }
                let descendant = if ancestry.is_ancestor(ib, ia) {
                    Some(a)
                } else if ancestry.is_ancestor(ia, ib) {
                    Some(b)
                } else if team[ia] != team[ib] {
                    // Unrelated teams: one finding, on the later file.
                    Some(if (file_rank[ia], a) > (file_rank[ib], b) { a } else { b })
                } else {
                    None
                };
                if let Some(d) = descendant {
                    let other = if d == a { b } else { a };
                    flagged[d].add(other, score);
                }
            };
            // Titles of one objective are not compared: the pairs within
            // one (a file of thousands of KRs) are left out inside the index.
            let owners: Vec<u32> = titles.iter().map(|t| t.index as u32).collect();
            for_each_similar_pair_apart(&normalised, &owners, threshold, &mut pair);
            // One title inside the other, word for word (a parent's KR with
            // words around it, or cut short): a copy however unlike the
            // whole titles are. A pair alike enough is the similarity's
            // already, and is not counted twice.
            for_each_contained_pair(&normalised, |s, l| {
                let score = ratio(&normalised[s], &normalised[l]);
                if score < threshold {
                    pair(s.min(l), s.max(l), score);
                }
            });
            for (d, matches) in flagged.into_iter().enumerate() {
                let t = &titles[d];
                let Some(&(best, score)) = matches.top.first() else {
                    continue;
                };
                let other = &titles[best];
                let relation =
                    if ancestry.is_ancestor(other.index, t.index) { "up its parent chain" } else { "of another team" };
                let what = if t.kr.is_some() { "key result" } else { "objective" };
                let message = if normalised[d] == normalised[best] {
                    format!(
                        "this {what} title copies `{}` {relation} (the same once case and punctuation are ignored)",
                        other.reference
                    )
                } else if contains_words(&normalised[d], &normalised[best]) {
                    format!(
                        "this {what} title repeats `{}` {relation} word for word, with words around it: {}",
                        other.reference,
                        word_diff(other.text, t.text)
                    )
                } else if contains_words(&normalised[best], &normalised[d]) {
                    format!(
                        "this {what} title is a shortened copy of `{}` {relation}: {}",
                        other.reference,
                        word_diff(other.text, t.text)
                    )
                } else {
                    format!(
                        "this {what} title is a near copy ({:.0}% alike) of `{}` {relation}: {}",
                        score * 100.0,
                        other.reference,
                        word_diff(other.text, t.text)
                    )
                };
                let o = t.objective;
                let mut diag = match t.kr {
                    Some(i) => cx.kr(&META, o, &o.key_results[i], "title", message),
                    None => cx.objective(&META, o, "title", message).span_len(o.title.chars().count()),
                };
                diag = diag.hint(
                    "translate, don't copy: name what this team will change that moves the result above it (its own lever, in its own words and numbers)",
                );
                // A title copied across a big organisation can match
                // thousands of others: name the closest, count the rest.
                if matches.count > MAX_RELATED {
                    let more = matches.count - MAX_RELATED;
                    diag.message
                        .push_str(&format!(" ({more} more near copies; `related` lists the {MAX_RELATED} closest)"));
                    // Kept by tens of thousands of findings: no room to spare.
                    diag.message.shrink_to_fit();
                }
                diag.related = matches.top.iter().map(|(i, _)| titles[*i].reference.clone()).collect();
                out.push(diag);
            }
        }
    }
}

/// At most this many near copies are named in one finding's `related`.
const MAX_RELATED: usize = 10;

/// A flagged title's closest matches, best first (by score, then title
/// order), at most [`MAX_RELATED`], and how many matches there are in all:
/// memory stays bounded however many copies a title has.
#[derive(Default)]
struct Matches {
    count: usize,
    top: Vec<(usize, f64)>,
}

impl Matches {
    fn add(&mut self, other: usize, score: f64) {
        self.count += 1;
        let at = self.top.partition_point(|&(o, s)| s > score || (s == score && o < other));
        if at < MAX_RELATED {
            self.top.insert(at, (other, score));
            self.top.truncate(MAX_RELATED);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::rules::testing::{kr, objective, run};
    use std::collections::HashSet;

    /// The ancestors of `i` by walking its chain: the reference for
    /// [`Ancestry`] (what the rule did before, one walk per objective).
    fn walked(parent: &[Option<usize>], i: usize) -> HashSet<usize> {
        let mut out = HashSet::new();
        let mut next = parent[i];
        while let Some(p) = next {
            if !out.insert(p) {
                break;
            }
            next = parent[p];
        }
        out
    }

    fn assert_same_as_walking(parent: &[Option<usize>]) {
        let ancestry = Ancestry::new(parent);
        for d in 0..parent.len() {
            let expected = walked(parent, d);
            for a in 0..parent.len() {
                assert_eq!(ancestry.is_ancestor(a, d), expected.contains(&a), "{a} up {d}'s chain in {parent:?}");
            }
        }
    }

    #[test]
    fn ancestry_agrees_with_walking_the_chains() {
        // Trees, cycles, self-parents, trees hanging from cycles, forests.
        assert_same_as_walking(&[]);
        assert_same_as_walking(&[None, Some(0), Some(1), Some(0), None, Some(4)]);
        assert_same_as_walking(&[Some(0)]);
        assert_same_as_walking(&[Some(1), Some(2), Some(0), Some(2), Some(3), None, Some(5)]);
        assert_same_as_walking(&[Some(3), Some(0), Some(1), Some(1), Some(2)]);
        // Every graph of five nodes with at most one parent each (6^5).
        let n = 5;
        for code in 0..6usize.pow(n as u32) {
            let parent: Vec<Option<usize>> =
                (0..n).map(|i| Some(code / 6usize.pow(i as u32) % 6).filter(|&p| p < n)).collect();
            assert_same_as_walking(&parent);
        }
    }

    #[test]
    fn ancestry_of_a_deep_chain_closed_by_a_cycle() {
        let n: usize = 10_000;
        // 0 <- 1 <- ... <- 9,999, and 0's parent is 9,990: 0..=9,990 loop,
        // 9,991..=9,999 hang from the loop.
        let mut parent: Vec<Option<usize>> = (0..n).map(|i| i.checked_sub(1)).collect();
        parent[0] = Some(n - 10);
        let ancestry = Ancestry::new(&parent);
        // Every node on the loop is up every chain, its own included.
        for a in [0, 1, 5_000, n - 11, n - 10] {
            for d in [0, 5_000, n - 10, n - 9, n - 1] {
                assert!(ancestry.is_ancestor(a, d), "{a} up {d}");
            }
        }
        assert!(ancestry.is_ancestor(n - 9, n - 1) && ancestry.is_ancestor(n - 2, n - 1));
        assert!(!ancestry.is_ancestor(n - 1, n - 2) && !ancestry.is_ancestor(n - 9, n - 9));
        assert!(!ancestry.is_ancestor(n - 9, 5_000) && !ancestry.is_ancestor(n - 1, 0));
        // And without the cycle, a plain 10,000-deep chain.
        parent[0] = None;
        let ancestry = Ancestry::new(&parent);
        assert!(ancestry.is_ancestor(0, n - 1) && ancestry.is_ancestor(n - 2, n - 1));
        assert!(!ancestry.is_ancestor(n - 1, 0) && !ancestry.is_ancestor(0, 0));
    }

    #[test]
    fn flags_a_copy_at_the_end_of_a_long_chain_and_not_its_ancestors() {
        // a <- b <- ... : only the last of a long chain copies the top.
        let mut files = Vec::new();
        for i in 0..26u8 {
            let parent = if i == 0 { String::new() } else { format!("parent: \"company/o{:02}\"\n", i - 1) };
            let word = char::from(b'a' + i).to_string().repeat(8);
            let title = if i == 0 || i == 25 {
                "Grow net new ARR from $1.0M to $1.2M".to_string()
            } else {
                format!("Lever {word}")
            };
            files.push((
                format!("2026-Q1/company/o{i:02}.md"),
                objective(&parent, &[kr("k", &title, "    baseline: 1\n    target: 2\n")], &format!("Step {word}")),
            ));
        }
        let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
        let found = crate::analysis::rules::testing::run_with(
            &CopyPasteCascade,
            &files,
            &crate::core::config::Config::default(),
        );
        let flagged: Vec<_> = found
            .iter()
            .map(|d| (d.reference.clone().unwrap_or_default(), d.message.contains("up its parent chain")))
            .collect();
        assert_eq!(flagged, vec![("2026-Q1/company/o25#k".to_string(), true)]);
    }

    fn company() -> String {
        objective(
            "",
            &[kr("new-arr", "Grow net new ARR from $1.0M to $1.2M", "    baseline: 1\n    target: 1.2\n")],
            "Build a growth engine that compounds",
        )
    }

    #[test]
    fn flags_the_child_that_copies_its_parent() {
        let child = objective(
            "parent: \"company/revenue#new-arr\"\n",
            &[kr("arr", "Grow net new ARR from $1.0M to $1.2M.", "    baseline: 1\n    target: 1.2\n")],
            "Fill the pipeline with buyers who already know us",
        );
        let found = run(
            &CopyPasteCascade,
            &[("2026-Q1/company/revenue.md", &company()), ("2026-Q1/growth/pipeline.md", &child)],
        );
        assert_eq!(found, vec![("2026-Q1/growth/pipeline#arr".into(), "5:5".into())]);
    }

    #[test]
    fn flags_one_side_between_unrelated_teams() {
        let a = objective(
            "",
            &[kr("x", "Raise weekly active teams from 1,900 to 2,400", "    baseline: 1900\n    target: 2400\n")],
            "Grow usage",
        );
        let b = objective(
            "",
            &[kr("y", "Raise weekly active teams from 1,900 to 2,400", "    baseline: 1900\n    target: 2400\n")],
            "Win the field",
        );
        let found = run(&CopyPasteCascade, &[("2026-Q1/growth/a.md", &a), ("2026-Q1/mobile/b.md", &b)]);
        assert_eq!(found, vec![("2026-Q1/mobile/b#y".into(), "4:5".into())]);
    }

    #[test]
    fn a_title_copied_everywhere_names_only_the_closest_copies() {
        let same = objective(
            "",
            &[kr("x", "Raise weekly active teams from 1,900 to 2,400", "    baseline: 1900\n    target: 2400\n")],
            "Grow usage",
        );
        let files: Vec<(String, String)> =
            (0..30).map(|i| (format!("2026-Q1/team{i:02}/a.md"), same.clone())).collect();
        let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
        let found = crate::analysis::rules::testing::run_with(
            &CopyPasteCascade,
            &files,
            &crate::core::config::Config::default(),
        );
        let last = found.iter().find(|d| d.reference.as_deref() == Some("2026-Q1/team29/a#x")).expect("flagged");
        assert_eq!(last.related.len(), MAX_RELATED);
        assert!(last.message.contains("(19 more near copies; `related` lists the 10 closest)"), "{}", last.message);
    }

    fn mrr_parent(title: &str) -> String {
        objective(
            "",
            &[kr("new-mrr", title, "    baseline: 1\n    target: 1.2\n")],
            "Build a growth engine that compounds",
        )
    }

    fn mrr_child(title: &str) -> String {
        objective(
            "parent: \"company/revenue#new-mrr\"\n",
            &[kr("mrr", title, "    baseline: 1\n    target: 1.2\n")],
            "Fill the pipeline with buyers who already know us",
        )
    }

    /// The copy-paste rule over one parent file and one child file.
    fn run_pair(parent: &str, child: &str) -> Vec<Diagnostic> {
        crate::analysis::rules::testing::run_with(
            &CopyPasteCascade,
            &[("2026-Q1/company/revenue.md", parent), ("2026-Q1/growth/pipeline.md", child)],
            &crate::core::config::Config::default(),
        )
    }

    /// The parent's KR reused with words around it: the whole titles are
    /// not 85% alike, but one contains the other word for word.
    #[test]
    fn flags_a_parent_title_with_words_added() {
        let parent = mrr_parent("Increase new MRR from $1.0M to $1.2M");
        let child = mrr_child("Increase new MRR from $1.0M to $1.2M this quarter through partner deals");
        let found = run_pair(&parent, &child);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].reference.as_deref(), Some("2026-Q1/growth/pipeline#mrr"));
        assert!(
            found[0].message.contains("repeats `2026-Q1/company/revenue#new-mrr` up its parent chain word for word"),
            "{}",
            found[0].message
        );
    }

    /// A copy that is both alike and contained is one match, not two.
    #[test]
    fn a_pair_both_alike_and_contained_counts_once() {
        let parent = mrr_parent("Increase new MRR from $1.0M to $1.2M");
        let child = mrr_child("Increase new MRR from $1.0M to $1.2M now");
        let found = run_pair(&parent, &child);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].related.len(), 1, "{:?}", found[0].related);
    }

    /// A shortened copy: the child keeps the head of the parent's title.
    #[test]
    fn flags_a_shortened_copy() {
        let parent = mrr_parent("Grow MRR by $200K (from $1.0M to $1.2M)");
        let child = mrr_child("Grow MRR by $200K");
        let found = run_pair(&parent, &child);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].reference.as_deref(), Some("2026-Q1/growth/pipeline#mrr"));
        assert!(
            found[0].message.contains("is a shortened copy of `2026-Q1/company/revenue#new-mrr`"),
            "{}",
            found[0].message
        );
    }

    /// Too short to be a copy: a shared metric name is not a copied KR.
    #[test]
    fn quiet_for_short_shared_phrases() {
        for (parent, child) in [
            ("Grow MRR by $200K (from $1.0M to $1.2M)", "Grow MRR"),
            ("Grow MRR through the partner channel in EMEA", "Grow MRR through partners"),
            (
                "Improve onboarding for new customers in Japan and Korea through local partners",
                "Improve onboarding for new customers",
            ),
        ] {
            let found = run(
                &CopyPasteCascade,
                &[
                    ("2026-Q1/company/revenue.md", &mrr_parent(parent)),
                    ("2026-Q1/growth/pipeline.md", &mrr_child(child)),
                ],
            );
            assert!(found.is_empty(), "{parent:?} / {child:?}: {found:?}");
        }
    }

    #[test]
    fn quiet_for_translations_siblings_and_other_quarters() {
        let child = objective(
            "parent: \"company/revenue#new-arr\"\n",
            &[kr(
                "sqls",
                "Grow sales-qualified leads from 140 to 220 per month",
                "    baseline: 140\n    target: 220\n",
            )],
            "Fill the pipeline with buyers who already know us",
        );
        let same_team = objective(
            "",
            &[kr("z", "Grow net new ARR from $1.0M to $1.2M", "    baseline: 1\n    target: 1.2\n")],
            "Other",
        );
        let later = company();
        assert!(run(
            &CopyPasteCascade,
            &[
                ("2026-Q1/company/revenue.md", &company()),
                ("2026-Q1/growth/pipeline.md", &child),
                ("2026-Q1/company/other.md", &same_team),
                ("2026-Q2/company/revenue.md", &later),
            ]
        )
        .is_empty());
    }
}
