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
//! only needs partners up to a maximum length. If the length-compatible
//! pairs are few (at most [`EXHAUSTIVE_MAX_PAIRS`]), all of them are verified
//! and the result is exact. Otherwise candidates come from an inverted index
//! of character trigrams (of the text padded with one sentinel on each
//! side): trigrams are ranked globally from rarest to most common, each text
//! is indexed under its rarest few trigrams only (its *prefix*, longer for
//! longer texts and lower thresholds), and two texts become a candidate pair
//! when their prefixes share a trigram. Common trigrams ("ing", " to ") thus
//! never produce candidates. Candidates are then verified with rapidfuzz's
//! bit-parallel LCS. This index is a heuristic: a pair whose differences hit
//! all of one side's rarest trigrams is missed. On the synthetic quarter in
//! `examples/bench_similarity.rs` it finds over 95% of the pairs at 0.85.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::atomic::{AtomicUsize, Ordering};

use rapidfuzz::distance::indel;
use rapidfuzz::fuzz;

/// Up to this many length-compatible pairs of distinct texts,
/// [`similar_pairs`] compares them all and is exact (about a tenth of a
/// second on one core).
pub const EXHAUSTIVE_MAX_PAIRS: u64 = 1_000_000;

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

/// [`similar_pairs`] always using the trigram index, whatever the input
/// size, so that tests and benchmarks can measure its recall.
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
    if threshold.is_nan() || threshold > 1.0 || texts.len() < 2 {
        return Vec::new();
    }
    // Group identical texts: `members[g]` lists the indices of distinct text g
    // in increasing order; distinct texts are numbered by first occurrence.
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

    let corpus = Corpus::new(&distinct, threshold);
    let exhaustive = match strategy {
        Strategy::Exhaustive => true,
        Strategy::Indexed => threshold <= 0.0,
        Strategy::Auto => threshold <= 0.0 || corpus.compatible_pairs() <= EXHAUSTIVE_MAX_PAIRS,
    };
    let group_pairs = if exhaustive { corpus.exhaustive_pairs() } else { corpus.indexed_pairs() };

    let mut out = Vec::new();
    for m in &members {
        for (k, &i) in m.iter().enumerate() {
            out.extend(m[k + 1..].iter().map(|&j| (i, j, 1.0)));
        }
    }
    for (g, h, score) in group_pairs {
        for &i in &members[g as usize] {
            for &j in &members[h as usize] {
                out.push((i.min(j), i.max(j), score));
            }
        }
    }
    out.sort_unstable_by_key(|&(i, j, _)| (i, j));
    out
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
}

impl Corpus {
    fn new(distinct: &[&str], threshold: f64) -> Corpus {
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
        Corpus {
            threshold,
            buf,
            start,
            ascii: order.iter().map(|&g| distinct[g as usize].is_ascii()).collect(),
            group: order,
            begin,
            end,
        }
    }

    fn len(&self) -> usize {
        self.group.len()
    }

    fn text(&self, p: usize) -> &str {
        &self.buf[self.start[p]..self.start[p + 1]]
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

    fn exhaustive_pairs(&self) -> Vec<(u32, u32, f64)> {
        parallel_with(self.len(), Vec::new, |candidates: &mut Vec<u32>, p, out| {
            candidates.clear();
            candidates.extend(p as u32 + 1..self.end[p]);
            self.verify(p, candidates, out);
        })
    }

    fn indexed_pairs(&self) -> Vec<(u32, u32, f64)> {
        let index = WordIndex::new(self);
        parallel_with(
            self.len(),
            || Scratch::new(self.len(), index.vocabulary()),
            |scratch, p, out| {
                index.candidates(self, p, scratch);
                self.verify(p, &scratch.candidates, out);
            },
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
    /// Text `p`'s tokens, shortest posting list first.
    tokens: Vec<u32>,
    token_start: Vec<usize>,
    /// The texts holding each token, in increasing order.
    postings: Vec<u32>,
    posting_start: Vec<usize>,
    /// Per word count: how many words two near-copies may differ in, and
    /// how many top words they must share.
    slack: Vec<u32>,
    shared: Vec<u32>,
}

/// Edits allowed between two texts of about `words` words, counted in
/// words: every differing word costs at least one insertion or deletion,
/// and `(1 - t) * 2` of each text's length may go.
fn edit_words(words: usize, threshold: f64) -> u32 {
    ((1.0 - threshold) * 2.0 * words as f64).ceil() as u32
}

impl WordIndex {
    fn new(corpus: &Corpus) -> WordIndex {
        let n = corpus.len();
        let threshold = corpus.threshold;
        // Distinct words per text as dense ids, and document frequencies.
        let mut id_of: HashMap<&str, u32, FastHash> = HashMap::default();
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
        let f: f64 = std::env::var("OKR_SIM_F").ok().and_then(|v| v.parse().ok()).unwrap_or(1.0);
        let plus: u32 = std::env::var("OKR_SIM_PLUS").ok().and_then(|v| v.parse().ok()).unwrap_or(0);
        let slack: Vec<u32> =
            (0..=max_words).map(|w| ((1.0 - threshold) * 2.0 * w as f64 * f).ceil() as u32 + plus).collect();
        let shared: Vec<u32> =
            (0..=max_words).map(|w| (w as u32).saturating_sub(edit_words(w, threshold)).clamp(2, 3)).collect();

        // Tokens: pairs of top words, numbered densely.
        let mut ranks = Vec::with_capacity(ids.len());
        let mut rank_start = Vec::with_capacity(n + 1);
        let mut top = Vec::with_capacity(n);
        let mut token_of: HashMap<u64, u32, FastHash> = HashMap::default();
        let mut postings_len: Vec<usize> = Vec::new();
        let mut tokens = Vec::new();
        let mut token_start = Vec::with_capacity(n + 1);
        for p in 0..n {
            rank_start.push(ranks.len());
            token_start.push(tokens.len());
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
                    let key = (u64::from(a) << 32) | u64::from(b);
                    let id = *token_of.entry(key).or_insert_with(|| {
                        postings_len.push(0);
                        postings_len.len() as u32 - 1
                    });
                    postings_len[id as usize] += 1;
                    tokens.push(id);
                }
            }
        }
        rank_start.push(ranks.len());
        token_start.push(tokens.len());

        // Postings in compressed rows, filled in text order.
        let mut posting_start = Vec::with_capacity(postings_len.len() + 1);
        posting_start.push(0);
        for &len in &postings_len {
            posting_start.push(posting_start.last().copied().unwrap_or(0) + len);
        }
        let mut fill = posting_start.clone();
        let mut postings = vec![0u32; tokens.len()];
        for p in 0..n {
            let own = &mut tokens[token_start[p]..token_start[p + 1]];
            for &t in own.iter() {
                postings[fill[t as usize]] = p as u32;
                fill[t as usize] += 1;
            }
            own.sort_unstable_by_key(|&t| (postings_len[t as usize], t));
        }
        WordIndex { ranks, rank_start, top, tokens, token_start, postings, posting_start, slack, shared }
    }

    fn vocabulary(&self) -> usize {
        self.ranks.iter().copied().max().map_or(0, |r| r as usize + 1)
    }

    fn ranks(&self, p: usize) -> &[u32] {
        &self.ranks[self.rank_start[p]..self.rank_start[p + 1]]
    }

    fn top_words(&self, p: usize) -> &[u32] {
        &self.ranks(p)[..usize::from(self.top[p])]
    }

    fn tokens(&self, p: usize) -> &[u32] {
        &self.tokens[self.token_start[p]..self.token_start[p + 1]]
    }

    fn postings(&self, token: u32) -> &[u32] {
        let t = token as usize;
        &self.postings[self.posting_start[t]..self.posting_start[t + 1]]
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
            candidates.extend((begin..p as u32).filter(|&q| self.top[q as usize] > 0));
            candidates.extend(p as u32 + 1..end);
            return;
        }
        // Count shared tokens with the texts after `p` in its length window.
        // A text needs `shared` common top words, i.e. at least
        // `shared * (shared - 1) / 2` common tokens, so it must appear in all
        // but the last `that - 1` lists: the longest ones are skipped and
        // the top words of the texts found are compared instead.
        let need_p = self.shared[words];
        let tokens = self.tokens(p);
        let skip = (need_p * (need_p - 1) / 2 - 1) as usize;
        touched.clear();
        for &token in &tokens[..tokens.len() - skip.min(tokens.len())] {
            let list = self.postings(token);
            let from = list.partition_point(|&q| q as usize <= p);
            for &q in &list[from..] {
                if q >= end {
                    break;
                }
                let c = &mut count[q as usize];
                if *c == 0 {
                    touched.push(q);
                }
                *c = c.saturating_add(1);
            }
        }
        // Mark p's words: bit 0 for any word, bit 1 for a top word.
        let stamp = (p as u32) << 2;
        for &r in self.ranks(p) {
            mark[r as usize] = stamp | 1;
        }
        for &r in self.top_words(p) {
            mark[r as usize] = stamp | 3;
        }
        let slack_p = self.slack[words];
        for &q in touched.iter() {
            let seen = u32::from(count[q as usize]);
            count[q as usize] = 0;
            let q_ranks = self.ranks(q as usize);
            let q_words = q_ranks.len();
            let need = need_p.min(self.shared[q_words]);
            if seen < need * (need - 1) / 2 {
                let q_top = self.top_words(q as usize);
                let common_top = q_top.iter().filter(|&&r| mark[r as usize] == stamp | 3).count();
                if (common_top as u32) < need {
                    continue;
                }
            }
            let common = q_ranks.iter().filter(|&&r| mark[r as usize] & !3 == stamp).count();
            let slack = if q_words < words { self.slack[q_words] } else { slack_p };
            if words.max(q_words) - common <= slack as usize {
                candidates.push(q);
            }
        }
    }
}

/// Per-thread working memory for [`WordIndex::candidates`].
struct Scratch {
    /// Shared tokens per text (reset after each use).
    count: Vec<u8>,
    /// Per word: `p << 2 | 1` for a word of text `p`, `| 3` for a top word.
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
/// threads, each with its own `state` made by `init`, and concatenates the
/// outputs (in no particular order).
fn parallel_with<S, T: Send>(
    n: usize,
    init: impl Fn() -> S + Sync,
    work: impl Fn(&mut S, usize, &mut Vec<T>) + Sync,
) -> Vec<T> {
    const CHUNK: usize = 128;
    let threads = std::thread::available_parallelism().map_or(1, |t| t.get()).min(4).min(n.div_ceil(CHUNK)).max(1);
    let next = AtomicUsize::new(0);
    let run = || {
        let mut state = init();
        let mut out = Vec::new();
        loop {
            let from = next.fetch_add(CHUNK, Ordering::Relaxed);
            if from >= n {
                break;
            }
            for item in from..(from + CHUNK).min(n) {
                work(&mut state, item, &mut out);
            }
        }
        out
    };
    if threads == 1 {
        return run();
    }
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads).map(|_| scope.spawn(run)).collect();
        let mut all = Vec::new();
        for h in handles {
            all.extend(h.join().expect("similarity worker panicked"));
        }
        all
    })
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
