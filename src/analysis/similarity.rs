//! Near-duplicate title detection for the `copy-paste-cascade` rule.
//!
//! Titles are compared after [`normalise`] with [`ratio`], the normalised
//! Indel similarity (rapidfuzz's `fuzz.ratio` / 100):
//! `1 - (len(a) + len(b) - 2 * LCS(a, b)) / (len(a) + len(b))`, counted in
//! `char`s. [`similar_pairs`] finds every pair of a large set of titles at or
//! above a threshold without comparing all pairs; [`word_diff`] renders how
//! two original titles differ for a diagnostic message.
//!
//! # How `similar_pairs` finds pairs
//!
//! Identical texts are grouped first, so thousands of copies of one title
//! cost one comparison per distinct neighbour. The distinct texts are sorted
//! by length: since `ratio(a, b) <= 2 * min / (len(a) + len(b))`, each text
//! only meets partners in a window of lengths. If the length-compatible
//! pairs are few (at most [`EXHAUSTIVE_MAX_PAIRS`]), all of them are
//! verified and the result is exact.
//!
//! Otherwise candidates come from an inverted index over words. Words are
//! ranked globally from rarest to most common. Two texts at the threshold
//! can differ in at most about `e = ceil(2 * (1 - t) * words)` words (each
//! differing word costs at least one insertion or deletion), so each text
//! keeps its `e + 3` rarest words as *top words* and is indexed under every
//! pair of them: near-copies share at least three top words, hence three
//! pair tokens. A pair token of two rare words (a metric and a region, a
//! number and a team) has a short posting list, which is what keeps this
//! fast on template-heavy titles where single words, even rare-ish ones,
//! occur in thousands of titles. Candidates must then share enough top
//! words and differ in at most `e` words overall (checked first with 128-bit
//! word signatures, then exactly), must pass a character-histogram bound on
//! the LCS, and are finally verified with rapidfuzz's bit-parallel LCS.
//! Texts of one or two words have no pairs and are compared with their
//! whole length window.
//!
//! The index is a heuristic: a pair whose differences are spread over more
//! words than the edit budget (several typos in different words) is missed.
//! On the synthetic quarter of `examples/bench_similarity.rs` it finds about
//! 97% of the pairs at 0.85 (and all planted near-copies).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::atomic::{AtomicUsize, Ordering};

use rapidfuzz::distance::indel;
use rapidfuzz::fuzz;

/// Up to this many length-compatible pairs of distinct texts,
/// [`similar_pairs`] compares them all and is exact (about a tenth of a
/// second on one core).
pub const EXHAUSTIVE_MAX_PAIRS: u64 = 4_000_000;

/// The key under which titles are compared: lowercase, punctuation and
/// symbols replaced by a word break, whitespace collapsed and trimmed.
///
/// - Letters and digits of any script are kept, lowercased with Unicode's
///   full mapping (`ẞ` → `ß`, `İ` → `i̇`); combining marks stay with their
///   letter.
/// - Numbers stay intact: `.`, `,`, `:`, `'` and `’` between two digits are
///   kept (`$1.0M` → `1.0m`, `1,000` → `1,000`, `10:30` → `10:30`). Units and
///   signs are not: `22%` → `22`, `-5` → `5`, `€3` → `3`.
/// - An apostrophe between two letters is dropped without a break, so
///   `team's` → `teams` and `don't` → `dont`.
/// - Everything else (punctuation, symbols, control characters) is a word
///   break, so `e-mail` → `e mail` and `Q1/Q2` → `q1 q2`.
pub fn normalise(title: &str) -> String {
    let chars: Vec<char> = title.chars().collect();
    let mut out = String::with_capacity(title.len());
    let mut pending_break = false;
    for (i, &c) in chars.iter().enumerate() {
        let prev = i.checked_sub(1).map(|p| chars[p]);
        let next = chars.get(i + 1).copied();
        if c.is_alphanumeric() || is_combining_mark(c) {
            if pending_break && !out.is_empty() {
                out.push(' ');
            }
            pending_break = false;
            out.extend(c.to_lowercase());
        } else if is_number_separator(c) && prev.is_some_and(char::is_numeric) && next.is_some_and(char::is_numeric) {
            // The digit before it was just pushed, so no break is pending.
            out.push(c);
        } else if is_apostrophe(c) && prev.is_some_and(char::is_alphabetic) && next.is_some_and(char::is_alphabetic) {
            // Dropped: "don't" → "dont".
        } else {
            pending_break = true;
        }
    }
    out
}

fn is_number_separator(c: char) -> bool {
    matches!(c, '.' | ',' | ':' | '\'' | '\u{2019}')
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}')
}

fn is_combining_mark(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}'
        | '\u{1AB0}'..='\u{1AFF}'
        | '\u{1DC0}'..='\u{1DFF}'
        | '\u{20D0}'..='\u{20FF}'
        | '\u{FE20}'..='\u{FE2F}')
}

/// Similarity of two (normalised) strings in `[0, 1]`: rapidfuzz's normalised
/// Indel similarity, i.e. Python rapidfuzz's `fuzz.ratio(a, b) / 100`,
/// counted in `char`s. Two empty strings are identical (1.0); an empty and a
/// non-empty string share nothing (0.0).
pub fn ratio(a: &str, b: &str) -> f64 {
    fuzz::ratio(a.chars(), b.chars())
}

/// Every pair `(i, j, ratio(texts[i], texts[j]))` with `i < j` and a ratio of
/// at least `threshold`, sorted by `(i, j)`.
///
/// `texts` should already be [`normalise`]d. The scores are exactly what
/// [`ratio`] returns. Identical texts always pair (with 1.0) when
/// `threshold <= 1`; a NaN threshold matches nothing and a threshold of 0 or
/// less matches every pair. The result is exact when the length-compatible
/// pairs of distinct texts number at most [`EXHAUSTIVE_MAX_PAIRS`] (a few
/// thousand titles) and comes from a heuristic index otherwise (see the
/// module documentation); either way it is deterministic. Uses up to four
/// threads for large inputs.
pub fn similar_pairs(texts: &[String], threshold: f64) -> Vec<(usize, usize, f64)> {
    pairs_with(texts, threshold, Strategy::Auto)
}

/// [`similar_pairs`] comparing every length-compatible pair: exact, and
/// quadratic. The reference for tests and benchmarks.
#[doc(hidden)]
pub fn similar_pairs_exhaustive(texts: &[String], threshold: f64) -> Vec<(usize, usize, f64)> {
    pairs_with(texts, threshold, Strategy::Exhaustive)
}

/// [`similar_pairs`] always using the word index, whatever the input size,
/// so that tests and benchmarks can measure its recall.
#[doc(hidden)]
pub fn similar_pairs_indexed(texts: &[String], threshold: f64) -> Vec<(usize, usize, f64)> {
    pairs_with(texts, threshold, Strategy::Indexed)
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Strategy {
    Auto,
    Exhaustive,
    Indexed,
}

fn pairs_with(texts: &[String], threshold: f64, strategy: Strategy) -> Vec<(usize, usize, f64)> {
    let mut out = Vec::new();
    each_pair_with(texts, None, threshold, strategy, |i, j, score| out.push((i, j, score)));
    out.sort_unstable_by_key(|&(i, j, _)| (i, j));
    out
}

/// [`similar_pairs`] without collecting them: calls `f(i, j, score)` once
/// per pair (`i < j`), in no particular order. Many copies of one title make
/// a number of pairs that grows with the square of the copies; this lets a
/// caller keep only what it needs of them.
pub fn for_each_similar_pair(texts: &[String], threshold: f64, f: impl FnMut(usize, usize, f64)) {
    each_pair_with(texts, None, threshold, Strategy::Auto, f)
}

/// [`for_each_similar_pair`] for the pairs of texts whose owners differ
/// (`owners[i]` is text `i`'s, say the objective a title belongs to): pairs
/// within one owner are neither verified nor reported, so one owner with
/// thousands of titles costs no more than its titles. The other texts are
/// found as without owners. Owners are best numbered so that each owner's
/// texts are contiguous (then skipping them is linear); `u32::MAX` is no
/// owner (pairs with anything).
pub fn for_each_similar_pair_apart(texts: &[String], owners: &[u32], threshold: f64, f: impl FnMut(usize, usize, f64)) {
    each_pair_with(texts, Some(owners), threshold, Strategy::Auto, f)
}

/// No owner, or texts of different owners (see [`for_each_similar_pair_apart`]).
const NO_OWNER: u32 = u32::MAX;

/// Whether two owners rule a pair out.
fn same_owner(a: u32, b: u32) -> bool {
    a == b && a != NO_OWNER
}

/// The fewest words a title contained in another must have to count as a
/// copy when it states a number (`grow mrr by 200k`: the metric, the verb
/// and the number are the whole claim). Three words with a number
/// ("ship 3 features") are common phrasing, not a KR.
pub const MIN_CONTAINED_WORDS_WITH_NUMBER: usize = 4;

/// The fewest words a title without any number must have to count as a
/// copy when contained in another: shorter phrases ("grow mrr through
/// partners", "improve onboarding for new customers") are shared
/// vocabulary of a company, and finding them inside a longer title is how
/// a team narrows a goal, not a copy.
pub const MIN_CONTAINED_WORDS: usize = 6;

/// Contained titles longer than this many words are not looked for (a
/// title is a sentence; this bounds the work per title to a multiple of its
/// length).
const MAX_CONTAINED_WORDS: usize = 32;

/// Whether a normalised text is long enough to count as a copy when found
/// inside another (see [`MIN_CONTAINED_WORDS`]).
pub fn containable(words: &[&str]) -> bool {
    let number = words.iter().any(|w| w.chars().any(|c| c.is_numeric()));
    let min = if number { MIN_CONTAINED_WORDS_WITH_NUMBER } else { MIN_CONTAINED_WORDS };
    (min..=MAX_CONTAINED_WORDS).contains(&words.len())
}

/// Whether normalised `short` is a run of whole words of normalised `long`,
/// shorter than it, and [`containable`]: "grow mrr by 200k" in "grow mrr by
/// 200k from 1.0m to 1.2m". Numbers are words, so a changed number is not
/// contained.
pub fn contains_words(long: &str, short: &str) -> bool {
    let (l, s): (Vec<&str>, Vec<&str>) = (long.split(' ').collect(), short.split(' ').collect());
    s.len() < l.len() && containable(&s) && l.windows(s.len()).any(|w| w == s.as_slice())
}

/// Every pair of normalised texts where one is a run of whole words of the
/// other ([`contains_words`]), as `(short, long)` indices, sorted. See
/// [`for_each_contained_pair`].
pub fn contained_pairs(texts: &[String]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for_each_contained_pair(texts, |s, l| out.push((s, l)));
    out.sort_unstable();
    out
}

/// Identical texts grouped: the distinct texts numbered by first
/// occurrence, and for each the indices of its copies in increasing order.
fn group_identical(texts: &[String]) -> (Vec<&str>, Vec<Vec<usize>>) {
    let mut group_of: HashMap<&str, usize, FastHash> = HashMap::default();
    let mut members: Vec<Vec<usize>> = Vec::new();
    let mut distinct: Vec<&str> = Vec::new();
    for (i, t) in texts.iter().enumerate() {
        let g = *group_of.entry(t.as_str()).or_insert_with(|| {
            members.push(Vec::new());
            distinct.push(t.as_str());
            members.len() - 1
        });
        members[g].push(i);
    }
    (distinct, members)
}

/// Calls `f(short, long)` once for every pair of normalised texts where
/// `short` is a run of whole words of `long` ([`contains_words`]), without
/// collecting them. Through an index, not all pairs: identical texts are
/// grouped, each containable text is hashed under its word sequence, and
/// each text looks up the rolling hashes of its runs of
/// [`MIN_CONTAINED_WORDS_WITH_NUMBER`] to [`MAX_CONTAINED_WORDS`] words (a
/// text of n words costs at most 32 n lookups); a hit is verified word by
/// word, so the result is exact. Identical texts are not pairs here (they
/// are [`for_each_similar_pair`]'s, with 1.0).
pub fn for_each_contained_pair(texts: &[String], mut f: impl FnMut(usize, usize)) {
    let (distinct, members) = group_identical(texts);
    // Words as numbers.
    let mut word_ids: HashMap<&str, u32, FastHash> = HashMap::default();
    let ids: Vec<Vec<u32>> = distinct
        .iter()
        .map(|t| {
            t.split(' ')
                .filter(|w| !w.is_empty())
                .map(|w| {
                    let next = word_ids.len() as u32;
                    *word_ids.entry(w).or_insert(next)
                })
                .collect()
        })
        .collect();
    let step = |h: u64, id: u32| (h.rotate_left(5) ^ u64::from(id)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    // Containable texts under the hash of their word sequence.
    let mut shorts: HashMap<u64, Vec<u32>, FastHash> = HashMap::default();
    for (g, t) in distinct.iter().enumerate() {
        let words: Vec<&str> = t.split(' ').filter(|w| !w.is_empty()).collect();
        if containable(&words) {
            shorts.entry(ids[g].iter().fold(0, |h, &id| step(h, id))).or_default().push(g as u32);
        }
    }
    if shorts.is_empty() {
        return;
    }
    let mut found: Vec<u32> = Vec::new();
    for (long, words) in ids.iter().enumerate() {
        let n = words.len();
        found.clear();
        for start in 0..n {
            let mut h = 0;
            for end in start..n.min(start + MAX_CONTAINED_WORDS) {
                h = step(h, words[end]);
                let len = end + 1 - start;
                if len < MIN_CONTAINED_WORDS_WITH_NUMBER || len >= n {
                    continue;
                }
                let Some(candidates) = shorts.get(&h) else { continue };
                found.extend(candidates.iter().filter(|&&s| ids[s as usize] == words[start..=end]));
            }
        }
        // A short text found twice in one long text is one pair.
        found.sort_unstable();
        found.dedup();
        for &s in &found {
            for &i in &members[s as usize] {
                for &j in &members[long] {
                    f(i, j);
                }
            }
        }
    }
}

fn each_pair_with(
    texts: &[String],
    owners: Option<&[u32]>,
    threshold: f64,
    strategy: Strategy,
    mut f: impl FnMut(usize, usize, f64),
) {
    if threshold.is_nan() || threshold > 1.0 || texts.len() < 2 {
        return;
    }
    let owner = |i: usize| owners.and_then(|o| o.get(i).copied()).unwrap_or(NO_OWNER);
    // Group identical texts: `members[g]` lists the indices of distinct text g
    // in increasing order; distinct texts are numbered by first occurrence.
    let (distinct, members) = group_identical(texts);

    // The owner all copies of a distinct text share, if they share one.
    let sole: Vec<u32> = members
        .iter()
        .map(|m| {
            let first = owner(m[0]);
            if m.iter().all(|&i| owner(i) == first) {
                first
            } else {
                NO_OWNER
            }
        })
        .collect();
    let corpus = Corpus::new(&distinct, &sole, threshold);
    let exhaustive = match strategy {
        Strategy::Exhaustive => true,
        Strategy::Indexed => threshold <= 0.0,
        Strategy::Auto => threshold <= 0.0 || corpus.compatible_pairs() <= EXHAUSTIVE_MAX_PAIRS,
    };
    let mut run_end = Vec::new();
    for m in &members {
        // Copies within one owner come in runs: skip a run at a time.
        run_end.clear();
        run_end.resize(m.len(), m.len());
        for k in (0..m.len().saturating_sub(1)).rev() {
            run_end[k] = if same_owner(owner(m[k]), owner(m[k + 1])) { run_end[k + 1] } else { k + 1 };
        }
        for (k, &i) in m.iter().enumerate() {
            for &j in &m[run_end[k]..] {
                if !same_owner(owner(i), owner(j)) {
                    f(i, j, 1.0);
                }
            }
        }
    }
    // Pairs of distinct texts arrive in batches and go to `f` as they come,
    // so they are never all in memory at once.
    let sink = |batch: Vec<(u32, u32, f64)>| {
        for (g, h, score) in batch {
            for &i in &members[g as usize] {
                for &j in &members[h as usize] {
                    if !same_owner(owner(i), owner(j)) {
                        f(i.min(j), i.max(j), score);
                    }
                }
            }
        }
    };
    if exhaustive {
        corpus.exhaustive_pairs(sink)
    } else {
        corpus.indexed_pairs(sink)
    }
}

/// Distinct texts sorted by length in chars (then first occurrence).
struct Corpus {
    threshold: f64,
    /// The texts back to back, in sorted order; text `p` is
    /// `buf[start[p]..start[p + 1]]`.
    buf: String,
    start: Vec<usize>,
    /// Whether text `p` is ASCII (and can be compared as bytes).
    ascii: Vec<bool>,
    /// The group (distinct-text number) of sorted text `p`.
    group: Vec<u32>,
    /// Texts `begin[p]..end[p]` pass the length filter with text `p`.
    begin: Vec<u32>,
    end: Vec<u32>,
    /// Length of text `p` in chars.
    lens: Vec<u32>,
    /// Text `p`'s characters counted in [`BAG_BINS`] bins.
    bags: Vec<Bag>,
    /// The owner of text `p` ([`NO_OWNER`] when it has none or several),
    /// and the first text after `p` whose owner is not `p`'s.
    owner: Vec<u32>,
    next_owner: Vec<u32>,
}

/// Bins of a [`Bag`].
const BAG_BINS: usize = 64;

/// Character counts of a text, with several characters sharing each bin.
/// The LCS of two texts is at most the sum over bins of the smaller count
/// (sharing bins only loosens this bound), which rules out most candidate
/// pairs for a fraction of the cost of computing the LCS. `None` if a count
/// overflowed.
type Bag = Option<[u8; BAG_BINS]>;

fn bag(text: &str) -> Bag {
    let mut bins = [0u8; BAG_BINS];
    for c in text.chars() {
        // Letters, digits and the space get a bin each; the rest share.
        let bin = match c {
            'a'..='z' => c as usize - 'a' as usize,
            '0'..='9' => 26 + (c as usize - '0' as usize),
            ' ' => 36,
            _ if c.is_ascii() => 37 + c as usize % 13,
            _ => 50 + c as usize % (BAG_BINS - 50),
        };
        bins[bin] = bins[bin].checked_add(1)?;
    }
    Some(bins)
}

/// The largest LCS two texts with these bags can have, if known.
fn bag_bound(a: &Bag, b: &Bag) -> Option<usize> {
    let (a, b) = (a.as_ref()?, b.as_ref()?);
    Some(a.iter().zip(b).map(|(&x, &y)| usize::from(x.min(y))).sum())
}

impl Corpus {
    fn new(distinct: &[&str], sole: &[u32], threshold: f64) -> Corpus {
        let char_len: Vec<usize> = distinct.iter().map(|t| t.chars().count()).collect();
        let mut order: Vec<u32> = (0..distinct.len() as u32).collect();
        order.sort_by_key(|&g| (char_len[g as usize], g));
        let lens: Vec<usize> = order.iter().map(|&g| char_len[g as usize]).collect();
        let n = order.len();
        // Two pointers: both ends of the window only move right.
        let fits = |short: usize, long: usize| length_compatible(lens[short], lens[long], threshold);
        let mut hi = 0;
        let end = (0..n)
            .map(|p| {
                hi = hi.max(p + 1);
                while hi < n && fits(p, hi) {
                    hi += 1;
                }
                hi as u32
            })
            .collect();
        let mut lo = 0;
        let begin = (0..n)
            .map(|p| {
                while !fits(lo, p) {
                    lo += 1;
                }
                lo as u32
            })
            .collect();
        let mut buf = String::with_capacity(distinct.iter().map(|t| t.len()).sum());
        let mut start = Vec::with_capacity(n + 1);
        for &g in &order {
            start.push(buf.len());
            buf.push_str(distinct[g as usize]);
        }
        start.push(buf.len());
        let owner: Vec<u32> = order.iter().map(|&g| sole.get(g as usize).copied().unwrap_or(NO_OWNER)).collect();
        let mut next_owner = vec![n as u32; n];
        for p in (0..n.saturating_sub(1)).rev() {
            next_owner[p] = if same_owner(owner[p], owner[p + 1]) { next_owner[p + 1] } else { p as u32 + 1 };
        }
        Corpus {
            owner,
            next_owner,
            threshold,
            buf,
            start,
            ascii: order.iter().map(|&g| distinct[g as usize].is_ascii()).collect(),
            bags: order.iter().map(|&g| bag(distinct[g as usize])).collect(),
            group: order,
            begin,
            end,
            lens: lens.iter().map(|&l| l as u32).collect(),
        }
    }

    fn len(&self) -> usize {
        self.group.len()
    }

    fn text(&self, p: usize) -> &str {
        &self.buf[self.start[p]..self.start[p + 1]]
    }

    /// Pushes the texts of `from..to` that another owner than `p`'s has,
    /// skipping runs of `p`'s own.
    fn push_others(&self, p: usize, from: u32, to: u32, keep: impl Fn(u32) -> bool, out: &mut Vec<u32>) {
        let mut q = from;
        while q < to {
            if same_owner(self.owner[p], self.owner[q as usize]) {
                q = self.next_owner[q as usize];
            } else {
                if keep(q) {
                    out.push(q);
                }
                q += 1;
            }
        }
    }

    /// How many pairs the length filter lets through.
    fn compatible_pairs(&self) -> u64 {
        (0..self.len()).map(|p| u64::from(self.end[p]) - p as u64 - 1).sum()
    }

    /// The ratio of text `p` and each of `candidates`, kept when at least
    /// the threshold, as group pairs. ASCII texts are compared as bytes,
    /// which is faster and gives the same result as comparing chars.
    ///
    /// (rapidfuzz 0.5's `fuzz::RatioBatchComparator` is not used: it
    /// normalises the LCS by the longer length instead of computing the
    /// Indel ratio, so it disagrees with `fuzz::ratio`.)
    fn verify(&self, p: usize, candidates: &[u32], out: &mut Vec<(u32, u32, f64)>) {
        if candidates.is_empty() {
            return;
        }
        let a = self.text(p);
        let args = indel::Args::default().score_cutoff(self.threshold);
        let bytes = self.ascii[p].then(|| indel::BatchComparator::new(a.bytes()));
        let mut chars = None;
        for &q in candidates {
            let q = q as usize;
            if same_owner(self.owner[p], self.owner[q]) {
                continue;
            }
            let total = (self.lens[p] + self.lens[q]) as usize;
            let max_lcs = bag_bound(&self.bags[p], &self.bags[q]).unwrap_or(total);
            if total > 0 && 2.0 * max_lcs as f64 / (total as f64) < self.threshold - 1e-9 {
                continue;
            }
            let b = self.text(q);
            let score = match &bytes {
                Some(scorer) if self.ascii[q] => scorer.normalized_similarity_with_args(b.bytes(), &args),
                _ => chars
                    .get_or_insert_with(|| indel::BatchComparator::new(a.chars()))
                    .normalized_similarity_with_args(b.chars(), &args),
            };
            if let Some(score) = score {
                let (g, h) = (self.group[p], self.group[q]);
                out.push((g.min(h), g.max(h), score));
            }
        }
    }

    /// Every length-compatible pair, verified; `sink` gets them in batches.
    fn exhaustive_pairs(&self, sink: impl FnMut(Vec<(u32, u32, f64)>)) {
        parallel_each(
            self.len(),
            Vec::new,
            |candidates: &mut Vec<u32>, p, out| {
                candidates.clear();
                self.push_others(p, p as u32 + 1, self.end[p], |_| true, candidates);
                self.verify(p, candidates, out);
            },
            sink,
        )
    }

    /// The pairs the word index proposes, verified; `sink` gets them in
    /// batches.
    fn indexed_pairs(&self, sink: impl FnMut(Vec<(u32, u32, f64)>)) {
        let index = WordIndex::new(self);
        parallel_each(
            self.len(),
            || Scratch::new(self.len(), index.vocabulary()),
            |scratch, p, out| {
                index.candidates(self, p, scratch);
                // In text order, for locality.
                scratch.candidates.sort_unstable();
                self.verify(p, &scratch.candidates, out);
            },
            sink,
        )
    }
}

/// Whether texts of `short` and `long` chars (`short <= long`) can reach
/// the threshold: the best case keeps all of the shorter text. Errs towards
/// yes; verification has the last word.
fn length_compatible(short: usize, long: usize, threshold: f64) -> bool {
    let total = short + long;
    total == 0 || 1.0 - (long - short) as f64 / total as f64 >= threshold - 1e-9
}

/// Texts with fewer distinct words than this get no tokens; they are
/// compared with every text in their length window instead.
const MIN_INDEXED_WORDS: usize = 3;

/// The candidate index: each text's distinct words ranked from rarest to
/// most common, and an inverted index of tokens, each token a pair of words
/// from the text's rarest few (its *top* words).
struct WordIndex {
    /// Text `p`'s distinct words as ranks (0 = rarest), ascending; its top
    /// words are the first `top[p]`.
    ranks: Vec<u32>,
    rank_start: Vec<usize>,
    top: Vec<u8>,
    /// For each of text `p`'s tokens, the range of `postings` after `p`
    /// in the token's list, shortest first.
    scans: Vec<(u32, u32)>,
    token_start: Vec<usize>,
    /// The texts holding each token, in increasing order, list after list.
    postings: Vec<u32>,
    /// Per entry of `postings`: the next entry of its list whose text's
    /// owner differs (the end of the list if none).
    next_owner: Vec<u32>,
    /// Per word count: how many words two near-copies may differ in, and
    /// how many top words they must share.
    slack: Vec<u32>,
    shared: Vec<u32>,
    /// Distinct words and [`Signature`] per text.
    words: Vec<u32>,
    sigs: Vec<Signature>,
    /// Bit set of the indexed texts that need only two common top words.
    few: Vec<u64>,
}

/// Edits allowed between two texts of about `words` words, counted in
/// words: every differing word costs at least one insertion or deletion,
/// and `(1 - t) * 2` of each text's length may go.
fn edit_words(words: usize, threshold: f64) -> u32 {
    ((1.0 - threshold) * 2.0 * words as f64).ceil() as u32
}

impl WordIndex {
    // Long: the index is built in phases (word ids, ranks, tokens, postings, scan ranges) that each free the previous one's memory; kept in one place so the peak stays visible.
    fn new(corpus: &Corpus) -> WordIndex {
        let n = corpus.len();
        let threshold = corpus.threshold;
        // Distinct words per text as dense ids, and document frequencies.
        let mut id_of: HashMap<&str, u32, FastHash> =
            HashMap::with_capacity_and_hasher(n / 2 + 16, FastHash::default());
        let mut names: Vec<&str> = Vec::new();
        let mut df: Vec<u32> = Vec::new();
        let mut ids: Vec<u32> = Vec::with_capacity(corpus.buf.len() / 5);
        let mut id_start = Vec::with_capacity(n + 1);
        for p in 0..n {
            id_start.push(ids.len());
            let from = ids.len();
            for w in corpus.text(p).split_whitespace() {
                let id = *id_of.entry(w).or_insert_with(|| {
                    names.push(w);
                    df.push(0);
                    names.len() as u32 - 1
                });
                ids.push(id);
            }
            ids[from..].sort_unstable();
            let mut kept = from;
            for k in from..ids.len() {
                if k == from || ids[k] != ids[kept - 1] {
                    ids[kept] = ids[k];
                    kept += 1;
                    df[ids[k] as usize] += 1;
                }
            }
            ids.truncate(kept);
        }
        id_start.push(ids.len());
        // Rank words from rarest to most common, ties by spelling.
        let mut by_rarity: Vec<u32> = (0..names.len() as u32).collect();
        by_rarity.sort_unstable_by_key(|&id| (df[id as usize], names[id as usize]));
        let mut rank_of = vec![0u32; names.len()];
        for (r, &id) in by_rarity.iter().enumerate() {
            rank_of[id as usize] = r as u32;
        }
        let max_words = (0..n).map(|p| id_start[p + 1] - id_start[p]).max().unwrap_or(0);
        let slack: Vec<u32> = (0..=max_words).map(|w| edit_words(w, threshold)).collect();
        let shared: Vec<u32> =
            (0..=max_words).map(|w| (w as u32).saturating_sub(edit_words(w, threshold)).clamp(2, 3)).collect();

        // Tokens: pairs of top words, numbered densely.
        let mut ranks = Vec::with_capacity(ids.len());
        let mut rank_start = Vec::with_capacity(n + 1);
        let mut top = Vec::with_capacity(n);
        // Token keys first, numbered afterwards by sorting the distinct
        // keys: a hash map of millions of tokens (a hundred thousand
        // files) took three times the memory while it grew.
        let mut keys: Vec<u64> = Vec::new();
        let mut token_start = Vec::with_capacity(n + 1);
        for p in 0..n {
            rank_start.push(ranks.len());
            token_start.push(keys.len());
            let from = ranks.len();
            ranks.extend(ids[id_start[p]..id_start[p + 1]].iter().map(|&id| rank_of[id as usize]));
            ranks[from..].sort_unstable();
            let words = ranks.len() - from;
            if words < MIN_INDEXED_WORDS {
                top.push(0);
                continue;
            }
            // Near-copies differ in at most `edits` words; if those are all
            // rarer than the words they share, `edits + shared` top words
            // still hold `shared` common ones.
            let r = (edit_words(words, threshold) + shared[words]).min(words as u32).min(16) as usize;
            top.push(r as u8);
            let top_words = &ranks[from..from + r];
            for (i, &a) in top_words.iter().enumerate() {
                for &b in &top_words[i + 1..] {
                    keys.push((u64::from(a) << 32) | u64::from(b));
                }
            }
        }
        rank_start.push(ranks.len());
        token_start.push(keys.len());
        let mut distinct_keys = keys.clone();
        distinct_keys.sort_unstable();
        distinct_keys.dedup();
        distinct_keys.shrink_to_fit();
        let mut postings_len = vec![0usize; distinct_keys.len()];
        let tokens: Vec<u32> = keys
            .iter()
            .map(|key| {
                // Every key is among the distinct keys.
                let id = distinct_keys.binary_search(key).unwrap_or_default();
                postings_len[id] += 1;
                id as u32
            })
            .collect();
        drop(keys);
        drop(distinct_keys);
        let words: Vec<u32> = (0..n).map(|p| (rank_start[p + 1] - rank_start[p]) as u32).collect();
        let sigs = (0..n).map(|p| Signature::of(&ranks[rank_start[p]..rank_start[p + 1]])).collect();
        let mut few = vec![0u64; n.div_ceil(64)];
        for (p, &w) in words.iter().enumerate() {
            if w as usize >= MIN_INDEXED_WORDS && shared[w as usize] < 3 {
                few[p / 64] |= 1 << (p % 64);
            }
        }

        // Postings in compressed rows, filled in text order.
        let mut posting_start = Vec::with_capacity(postings_len.len() + 1);
        posting_start.push(0);
        for &len in &postings_len {
            posting_start.push(posting_start.last().copied().unwrap_or(0) + len);
        }
        // Each text scans the rest of each of its lists, from just after
        // itself: `scans` holds those ranges of `postings`, shortest first.
        let mut fill = posting_start.clone();
        let mut postings = vec![0u32; tokens.len()];
        let mut scans = Vec::with_capacity(tokens.len());
        for p in 0..n {
            let from = scans.len();
            for &t in &tokens[token_start[p]..token_start[p + 1]] {
                let at = fill[t as usize];
                postings[at] = p as u32;
                fill[t as usize] += 1;
                scans.push((at as u32 + 1, posting_start[t as usize + 1] as u32));
            }
            scans[from..].sort_unstable_by_key(|&(a, b)| (b - a, a));
        }
        let mut next_owner = vec![0u32; postings.len()];
        for t in 0..postings_len.len() {
            let (from, to) = (posting_start[t], posting_start[t + 1]);
            for at in (from..to).rev() {
                let (p, next) = (postings[at] as usize, at + 1);
                next_owner[at] = if next < to && same_owner(corpus.owner[p], corpus.owner[postings[next] as usize]) {
                    next_owner[next]
                } else {
                    next as u32
                };
            }
        }
        WordIndex { ranks, rank_start, top, scans, token_start, postings, next_owner, slack, shared, words, sigs, few }
    }

    fn vocabulary(&self) -> usize {
        self.ranks.iter().copied().max().map_or(0, |r| r as usize + 1)
    }

    fn ranks(&self, p: usize) -> &[u32] {
        &self.ranks[self.rank_start[p]..self.rank_start[p + 1]]
    }

    fn scans(&self, p: usize) -> &[(u32, u32)] {
        &self.scans[self.token_start[p]..self.token_start[p + 1]]
    }

    /// Fills `scratch.candidates` with the texts after `p` worth verifying
    /// against it (and, for a text with few words, those before it that
    /// have tokens).
    fn candidates(&self, corpus: &Corpus, p: usize, scratch: &mut Scratch) {
        let Scratch { count, mark, touched, candidates } = scratch;
        candidates.clear();
        let end = corpus.end[p];
        let words = self.ranks(p).len();
        if words < MIN_INDEXED_WORDS {
            let begin = corpus.begin[p];
            corpus.push_others(p, begin, p as u32, |q| self.top[q as usize] > 0, candidates);
            corpus.push_others(p, p as u32 + 1, end, |_| true, candidates);
            return;
        }
        // Count shared tokens with the texts after `p` in its length window.
        // A text needs `shared` common top words, i.e. at least
        // `shared * (shared - 1) / 2` common tokens, so it must appear in all
        // but the last `that - 1` lists: the longest ones are skipped and
        // the top words of the texts found are compared instead.
        let need_p = self.shared[words];
        touched.clear();
        for &(from, to) in self.scans(p) {
            let mut at = from as usize;
            while at < to as usize {
                let q = self.postings[at];
                if q >= end {
                    break;
                }
                if same_owner(corpus.owner[p], corpus.owner[q as usize]) {
                    at = self.next_owner[at] as usize;
                    continue;
                }
                at += 1;
                let c = &mut count[q as usize];
                if *c == 0 {
                    touched.push(q);
                }
                *c = c.saturating_add(1);
            }
        }
        // `k` common top words make `k * (k - 1) / 2` common tokens.
        let tokens_needed = |shared: u32| shared * (shared - 1) / 2;
        let (need_here, need_short) = (tokens_needed(need_p), tokens_needed(2));
        let stamp = p as u32;
        for &r in self.ranks(p) {
            mark[r as usize] = stamp;
        }
        let slack_p = self.slack[words];
        let sig_p = self.sigs[p];
        for &q in touched.iter() {
            let seen = u32::from(count[q as usize]);
            count[q as usize] = 0;
            // Texts of few words need fewer common top words.
            if seen < need_here && (seen < need_short || !self.few_words(q as usize)) {
                continue;
            }
            let q_words = self.words[q as usize] as usize;
            let slack = if q_words < words { self.slack[q_words] } else { slack_p };
            // A cheap lower bound on differing words first.
            let sig_q = self.sigs[q as usize];
            if sig_q.only_in(sig_p) > slack || sig_p.only_in(sig_q) > slack {
                continue;
            }
            let common = self.ranks(q as usize).iter().filter(|&&r| mark[r as usize] == stamp).count();
            if words.max(q_words) - common <= slack as usize {
                candidates.push(q);
            }
        }
    }

    /// Whether text `p` needs only two common top words (see `shared`).
    fn few_words(&self, p: usize) -> bool {
        self.few[p / 64] & (1 << (p % 64)) != 0
    }
}

/// A text's words hashed into 128 bits. A bit set for one text and not the
/// other stands for at least one word only that text has, so counting such
/// bits bounds the differing words from below.
#[derive(Clone, Copy, Default)]
struct Signature(u128);

impl Signature {
    fn of(ranks: &[u32]) -> Signature {
        Signature(ranks.iter().fold(0, |acc, &r| acc | 1 << (u64::from(r).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 57)))
    }

    /// At least this many of our words are not the other text's.
    fn only_in(self, other: Signature) -> u32 {
        (self.0 & !other.0).count_ones()
    }
}

/// Per-thread working memory for [`WordIndex::candidates`].
struct Scratch {
    /// Shared tokens per text (reset after each use).
    count: Vec<u8>,
    /// Per word: the last text `p` that has it.
    mark: Vec<u32>,
    touched: Vec<u32>,
    candidates: Vec<u32>,
}

impl Scratch {
    fn new(texts: usize, vocabulary: usize) -> Scratch {
        Scratch { count: vec![0; texts], mark: vec![u32::MAX; vocabulary], touched: Vec::new(), candidates: Vec::new() }
    }
}

/// Runs `work(state, item, out)` for every item in `0..n` on up to four
/// threads, each with its own `state` made by `init`, and hands the outputs
/// to `sink` on the calling thread, a chunk of items at a time and in no
/// particular order. At most a few chunks' outputs are alive at once (the
/// workers wait while the sink is behind), so memory stays bounded however
/// many pairs a quarter of near-identical titles makes.
fn parallel_each<S, T: Send>(
    n: usize,
    init: impl Fn() -> S + Sync,
    work: impl Fn(&mut S, usize, &mut Vec<T>) + Sync,
    mut sink: impl FnMut(Vec<T>),
) {
    const CHUNK: usize = 128;
    // Outputs at most about this long go to the sink at once.
    const MAX_BATCH: usize = 1 << 15;
    let threads = std::thread::available_parallelism().map_or(1, |t| t.get()).min(4).min(n.div_ceil(CHUNK)).max(1);
    if threads == 1 {
        let mut state = init();
        for from in (0..n).step_by(CHUNK) {
            let mut out = Vec::new();
            for item in from..(from + CHUNK).min(n) {
                work(&mut state, item, &mut out);
                if out.len() >= MAX_BATCH {
                    sink(std::mem::take(&mut out));
                }
            }
            sink(out);
        }
        return;
    }
    let next = AtomicUsize::new(0);
    let (send, receive) = std::sync::mpsc::sync_channel::<Vec<T>>(threads);
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                let send = send.clone();
                let (init, work, next) = (&init, &work, &next);
                scope.spawn(move || {
                    let mut state = init();
                    loop {
                        let from = next.fetch_add(CHUNK, Ordering::Relaxed);
                        if from >= n {
                            break;
                        }
                        let mut out = Vec::new();
                        for item in from..(from + CHUNK).min(n) {
                            work(&mut state, item, &mut out);
                            // Texts with thousands of near-copies fill a
                            // batch fast: pass it on before it grows.
                            if out.len() >= MAX_BATCH && send.send(std::mem::take(&mut out)).is_err() {
                                return;
                            }
                        }
                        if send.send(out).is_err() {
                            break;
                        }
                    }
                })
            })
            .collect();
        // The workers hold the only senders left: the loop ends when all
        // of them are done.
        drop(send);
        for out in receive {
            sink(out);
        }
        for h in handles {
            // `join` fails only when the worker panicked (a bug, not input):
            // re-raise that panic here.
            if let Err(panic) = h.join() {
                std::panic::resume_unwind(panic);
            }
        }
    });
}

/// A small, fast hasher for the integer and short-string keys used here
/// (FxHash's mixing step); HashDoS is not a concern for titles.
#[derive(Default)]
struct FxHasher(u64);

type FastHash = BuildHasherDefault<FxHasher>;

impl Hasher for FxHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.write_u64(u64::from_le_bytes(word));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.write_u64(u64::from(i));
    }

    fn write_usize(&mut self, i: usize) {
        self.write_u64(i as u64);
    }

    fn write_u64(&mut self, i: u64) {
        self.0 = (self.0.rotate_left(5) ^ i).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

/// A compact inline word diff from `old` to `new` (original titles, not
/// normalised): unchanged text as is, removed text as `[-…-]`, added text
/// as `{+…+}`, e.g. `Grow net new ARR from [-$1.0M-]{+$1.1M+} to $1.2M`.
/// Words are runs of non-whitespace, so punctuation sticks to its word.
pub fn word_diff(old: &str, new: &str) -> String {
    let mut out = String::with_capacity(old.len() + new.len());
    for (tag, text) in similar::utils::diff_words(similar::Algorithm::Myers, old, new) {
        match tag {
            similar::ChangeTag::Equal => out.push_str(text),
            similar::ChangeTag::Delete => {
                out.push_str("[-");
                out.push_str(text);
                out.push_str("-]");
            }
            similar::ChangeTag::Insert => {
                out.push_str("{+");
                out.push_str(text);
                out.push_str("+}");
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn containment_keeps_numbers_and_needs_enough_words() {
        let n = |t: &str| normalise(t);
        let parent = n("Grow MRR by $200K (from $1.0M to $1.2M)");
        assert!(contains_words(&parent, &n("Grow MRR by $200K")));
        assert!(contains_words(
            &n("Increase new MRR from $1.0M to $1.2M this quarter"),
            &n("Increase new MRR from $1.0M to $1.2M")
        ));
        assert!(!contains_words(&parent, &n("Grow MRR by $300K")), "another number is another claim");
        assert!(!contains_words(&parent, &n("Grow MRR")), "too short");
        assert!(!contains_words(&parent, &n("MRR by $200K")), "three words, even with a number");
        assert!(!contains_words(&parent, &parent), "identical is not contained");
        assert!(!contains_words(&n("grow mrr by 2000k from 1"), &n("grow mrr by 200k")), "whole words only");
        let long = n("Improve onboarding for new customers in Japan and Korea");
        assert!(!contains_words(&long, &n("Improve onboarding for new customers")), "five words, no number");
        assert!(contains_words(&long, &n("Improve onboarding for new customers in Japan")));
    }

    /// The index finds exactly the pairs that checking every pair finds.
    #[test]
    fn contained_pairs_match_all_pairs() {
        let heads = [
            "grow mrr by 200k",
            "raise weekly active teams",
            "cut p95 latency of search",
            "ship the new billing page to all customers",
        ];
        let tails = ["", " from 1.0m to 1.2m", " this quarter", " in emea", " to 2,400"];
        let mut texts: Vec<String> = Vec::new();
        for (k, h) in heads.iter().enumerate() {
            for t in tails {
                texts.push(format!("{h}{t}"));
                texts.push(format!("we will {h}{t}"));
                texts.push(format!("team {k} {h}"));
            }
        }
        texts.push("grow mrr by 200k".into());
        texts.push(String::new());
        let mut expected = Vec::new();
        for (i, a) in texts.iter().enumerate() {
            for (j, b) in texts.iter().enumerate() {
                if contains_words(b, a) {
                    expected.push((i, j));
                }
            }
        }
        expected.sort_unstable();
        assert!(expected.len() > 50, "{}", expected.len());
        assert_eq!(contained_pairs(&texts), expected);
    }

    /// Every pair at or above `threshold`, by comparing all of them.
    fn brute_force(texts: &[String], threshold: f64) -> Vec<(usize, usize, f64)> {
        let mut out = Vec::new();
        for i in 0..texts.len() {
            for j in i + 1..texts.len() {
                let r = ratio(&texts[i], &texts[j]);
                if r >= threshold {
                    out.push((i, j, r));
                }
            }
        }
        out
    }

    /// LCS length by dynamic programming, in chars.
    fn lcs(a: &str, b: &str) -> usize {
        let b: Vec<char> = b.chars().collect();
        let mut prev = vec![0; b.len() + 1];
        for ca in a.chars() {
            let mut cur = vec![0; b.len() + 1];
            for (j, &cb) in b.iter().enumerate() {
                cur[j + 1] = if ca == cb { prev[j] + 1 } else { prev[j + 1].max(cur[j]) };
            }
            prev = cur;
        }
        prev[b.len()]
    }

    fn indel_formula(a: &str, b: &str) -> f64 {
        let total = a.chars().count() + b.chars().count();
        1.0 - (total - 2 * lcs(a, b)) as f64 / total as f64
    }

    /// A few hundred OKR-like titles from templates, with near-copies
    /// (verbatim, a changed number, a swapped word, recased) mixed in.
    fn titles(n: usize, seed: u64) -> Vec<String> {
        let mut state = seed;
        let mut next = move |k: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % k as u64) as usize
        };
        const VERBS: &[&str] = &["Increase", "Grow", "Reduce", "Improve", "Cut"];
        const METRICS: &[&str] = &[
            "net new ARR",
            "weekly active users",
            "NPS",
            "checkout conversion",
            "churn",
            "p95 latency",
            "activation rate",
            "support backlog",
            "CSAT",
            "deploy frequency",
        ];
        const WHO: &[&str] = &["SMB customers", "enterprise accounts", "new signups", "admins"];
        const WHERE: &[&str] = &["EMEA", "North America", "Japan", "Brazil", "the UK"];
        const FEATURES: &[&str] = &["SSO", "audit logs", "dark mode", "the mobile app", "webhooks"];
        let mut out: Vec<String> = Vec::new();
        while out.len() < n {
            if !out.is_empty() && next(10) == 0 {
                let source = out[next(out.len())].clone();
                let copy = match next(4) {
                    0 => source,
                    1 => source.replacen('1', "2", 1),
                    2 => source.replacen("Increase", "Grow", 1),
                    _ => source.to_uppercase(),
                };
                out.push(copy);
                continue;
            }
            let (a, b) = (1 + next(90), next(10));
            let title = match next(5) {
                0 => format!("{} {} from ${a}.{b}M to ${}.{b}M", VERBS[next(5)], METRICS[next(10)], a + 1 + next(5)),
                1 => format!(
                    "{} {} for {} in {} to {a}%",
                    VERBS[next(5)],
                    METRICS[next(10)],
                    WHO[next(4)],
                    WHERE[next(5)]
                ),
                2 => format!("Launch {} to {a}% of {}", FEATURES[next(5)], WHO[next(4)]),
                3 => format!("Delight {} in {}", WHO[next(4)], WHERE[next(5)]),
                _ => format!("{} {}", VERBS[next(5)], METRICS[next(10)]),
            };
            out.push(title);
        }
        out.iter().map(|t| normalise(t)).collect()
    }

    fn collect(texts: &[String], owners: Option<&[u32]>, strategy: Strategy) -> Vec<(usize, usize, u64)> {
        let mut out = Vec::new();
        each_pair_with(texts, owners, 0.85, strategy, |i, j, score| out.push((i, j, score.to_bits())));
        out.sort_unstable();
        out
    }

    /// Pairs apart from their owners are the pairs without owners minus those
    /// within one owner, by every strategy: owners in runs (titles of one
    /// objective), scattered, none, and one owner holding everything.
    #[test]
    fn pairs_apart_are_the_pairs_between_owners() {
        for (n, seed) in [(300, 1), (600, 7), (1500, 42)] {
            let mut texts = titles(n, seed);
            // Identical copies within and across owners, and short texts.
            texts.extend(["grow arr".to_string(), "grow arr".to_string(), "nps".into(), "nps".into()]);
            texts.extend(std::iter::repeat_n(texts[3].clone(), 5));
            let n = texts.len();
            let runs: Vec<u32> = (0..n).map(|i| (i / 4) as u32).collect();
            let scattered: Vec<u32> = (0..n).map(|i| if i % 11 == 0 { NO_OWNER } else { (i % 7) as u32 }).collect();
            let one: Vec<u32> = vec![3; n];
            for strategy in [Strategy::Exhaustive, Strategy::Indexed, Strategy::Auto] {
                let all = collect(&texts, None, strategy);
                assert!(all.len() > 20, "{seed}: {} pairs", all.len());
                for owners in [&runs, &scattered, &one] {
                    let want: Vec<_> =
                        all.iter().copied().filter(|&(i, j, _)| !same_owner(owners[i], owners[j])).collect();
                    assert_eq!(collect(&texts, Some(owners), strategy), want, "seed {seed} {strategy:?}");
                }
                assert!(collect(&texts, Some(&one), strategy).is_empty());
            }
        }
    }

    #[test]
    fn normalise_examples() {
        let cases = [
            ("Grow net new ARR from $1.0M to $1.2M", "grow net new arr from 1.0m to 1.2m"),
            ("Raise NPS to 22%!", "raise nps to 22"),
            ("Hire 1,000 engineers by 10:30", "hire 1,000 engineers by 10:30"),
            ("  Don't   break:\tthe build... ", "dont break the build"),
            ("Q1-2026: ship v2.3.1", "q1 2026 ship v2.3.1"),
            ("Reduce churn to -5% (was 7.5%)", "reduce churn to 5 was 7.5"),
            ("The team's e-mail NPS", "the teams e mail nps"),
            ("ÜBER STRAẞE", "über straße"),
            ("Élargir l'offre à 3,5 M€", "élargir loffre à 3,5 m"),
            ("提高 NPS 到 40。", "提高 nps 到 40"),
            ("end of sentence 1. Next", "end of sentence 1 next"),
            ("", ""),
            ("!!! ???", ""),
        ];
        for (title, want) in cases {
            assert_eq!(normalise(title), want, "normalise({title:?})");
        }
        // Idempotent.
        for (title, _) in cases {
            assert_eq!(normalise(&normalise(title)), normalise(title));
        }
    }

    #[test]
    fn ratio_known_values() {
        assert_eq!(ratio("improve nps", "improve nps"), 1.0);
        assert_eq!(ratio("abc", "xyz"), 0.0);
        assert_eq!(ratio("", ""), 1.0);
        assert_eq!(ratio("", "abc"), 0.0);
        // rapidfuzz's documented example: fuzz.ratio("this is a test", "this is a test!") = 96.55
        assert!((ratio("this is a test", "this is a test!") - 0.965_517_241_379_310_3).abs() < 1e-12);
        let pairs = [
            ("grow net new arr from 1.0m to 1.2m", "grow net new arr from 1.1m to 1.2m"),
            ("lewenstein", "levenshtein"),
            ("increase weekly active users", "grow weekly active users"),
            ("élargir loffre", "elargir l offre"),
            ("提高 nps 到 40", "提高 nps 到 45"),
        ];
        for (a, b) in pairs {
            assert!((ratio(a, b) - indel_formula(a, b)).abs() < 1e-12, "{a:?} / {b:?}");
            assert_eq!(ratio(a, b), ratio(b, a));
        }
        // 34 + 34 chars, LCS 33: 1 - 2/68.
        assert!((ratio(pairs[0].0, pairs[0].1) - (1.0 - 2.0 / 68.0)).abs() < 1e-12);
    }

    #[test]
    fn similar_pairs_is_exact_on_small_inputs() {
        let texts = titles(400, 0x9E37_79B9);
        for threshold in [0.7, 0.85, 0.95] {
            let want = brute_force(&texts, threshold);
            assert!(!want.is_empty());
            assert_eq!(similar_pairs(&texts, threshold), want, "threshold {threshold}");
            assert_eq!(similar_pairs_exhaustive(&texts, threshold), want);
        }
    }

    #[test]
    fn the_index_finds_nearly_all_pairs_and_no_false_ones() {
        for seed in [1, 2, 3] {
            let texts = titles(500, seed);
            for threshold in [0.7, 0.85, 0.95] {
                let want = brute_force(&texts, threshold);
                let got = similar_pairs_indexed(&texts, threshold);
                let want_set: std::collections::HashSet<(usize, usize)> =
                    want.iter().map(|&(i, j, _)| (i, j)).collect();
                for &(i, j, score) in &got {
                    assert!(i < j);
                    assert_eq!(score, ratio(&texts[i], &texts[j]));
                    assert!(want_set.contains(&(i, j)), "{:?} / {:?}", texts[i], texts[j]);
                }
                assert!(got.windows(2).all(|w| (w[0].0, w[0].1) < (w[1].0, w[1].1)));
                let recall = got.len() as f64 / want.len() as f64;
                assert!(recall >= 0.95, "seed {seed} threshold {threshold}: recall {recall}");
            }
        }
    }

    #[test]
    fn the_index_handles_short_and_non_ascii_texts() {
        let texts: Vec<String> = [
            "improve nps",
            "improve nsp",
            "nps",
            "npss",
            "grow arr from 1.0m to 1.2m in emea",
            "grow arr from 1.0m to 1.5m in emea",
            "élargir loffre à 3,5 m en france",
            "elargir loffre à 3,5 m en france",
            "提高 nps 到 40 在 日本",
            "提高 nps 到 45 在 日本",
            "",
        ]
        .iter()
        .map(|t| t.to_string())
        .collect();
        let want = brute_force(&texts, 0.85);
        assert_eq!(want.len(), 5, "{want:?}");
        assert_eq!(similar_pairs_indexed(&texts, 0.85), want);
        assert_eq!(similar_pairs(&texts, 0.85), want);
    }

    #[test]
    fn tiny_and_degenerate_inputs() {
        let s = |v: &[&str]| v.iter().map(|t| t.to_string()).collect::<Vec<_>>();
        assert!(similar_pairs(&[], 0.85).is_empty());
        assert!(similar_pairs(&s(&["improve nps"]), 0.85).is_empty());
        assert_eq!(similar_pairs(&s(&["improve nps", "improve nps"]), 0.85), vec![(0, 1, 1.0)]);
        assert!(similar_pairs(&s(&["improve nps", "ship sso"]), 0.85).is_empty());
        assert_eq!(similar_pairs(&s(&["", ""]), 0.85), vec![(0, 1, 1.0)]);
        assert!(similar_pairs(&s(&["", "a"]), 0.85).is_empty());
        assert!(similar_pairs(&s(&["a", "a"]), f64::NAN).is_empty());
        assert!(similar_pairs(&s(&["a", "a"]), 1.01).is_empty());
        assert_eq!(similar_pairs(&s(&["a", "a"]), 1.0), vec![(0, 1, 1.0)]);
        // A threshold of 0 matches everything, including disjoint texts.
        let all = similar_pairs(&s(&["abc", "xyz", ""]), 0.0);
        assert_eq!(all.iter().map(|&(i, j, _)| (i, j)).collect::<Vec<_>>(), [(0, 1), (0, 2), (1, 2)]);
        assert_eq!(similar_pairs_indexed(&s(&["abc", "xyz"]), 0.0).len(), 1);
    }

    #[test]
    fn many_copies_of_one_title() {
        let mut texts = vec!["improve nps".to_string(); 2_000];
        texts.push("improve nps score".to_string());
        texts.push("ship sso".to_string());
        for pairs in [similar_pairs(&texts, 0.85), similar_pairs_indexed(&texts, 0.85)] {
            // All copies pair with each other; "improve nps score" is too far.
            assert_eq!(pairs.len(), 2_000 * 1_999 / 2);
            assert_eq!(pairs[0], (0, 1, 1.0));
            assert_eq!(pairs[pairs.len() - 1], (1_998, 1_999, 1.0));
        }
        let close = similar_pairs(&texts, 0.75);
        assert_eq!(close.len(), 2_000 * 1_999 / 2 + 2_000);
        assert!(close.contains(&(0, 2_000, ratio("improve nps", "improve nps score"))));
    }

    #[test]
    fn word_diff_examples() {
        assert_eq!(
            word_diff("Grow net new ARR from $1.0M to $1.2M", "Grow net new ARR from $1.1M to $1.2M"),
            "Grow net new ARR from [-$1.0M-]{+$1.1M+} to $1.2M"
        );
        assert_eq!(word_diff("Improve NPS", "Improve NPS"), "Improve NPS");
        assert_eq!(
            word_diff("Increase weekly active users", "Grow weekly active users by 10%"),
            "[-Increase-]{+Grow+} weekly active users{+ by 10%+}"
        );
        assert_eq!(word_diff("", "Ship SSO"), "{+Ship SSO+}");
        assert_eq!(word_diff("Ship SSO", ""), "[-Ship SSO-]");
    }
}
