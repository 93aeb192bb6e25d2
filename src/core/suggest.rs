//! "Did you mean" suggestions for misspelt field names, enum values and refs.

/// The closest candidate within a small edit distance, if any.
pub fn did_you_mean<'a, I>(input: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let input_l = input.to_lowercase();
    let mut best: Option<(usize, &'a str)> = None;
    for c in candidates {
        let d = levenshtein(&input_l, &c.to_lowercase());
        let limit = (c.chars().count().max(input.chars().count()) / 3).max(1);
        if d <= limit && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

/// The candidate closest to `input` (case aside), if it is at most `max`
/// edits away; the first of equally close ones. For short names, where a
/// swapped pair of letters is already two edits.
pub fn closest<'a, I>(input: &str, candidates: I, max: usize) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let input_l = input.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (levenshtein(&input_l, &c.to_lowercase()), c))
        .filter(|(d, _)| *d <= max)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Edit distance counted in characters.
pub fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// Formats a suggestion as a hint sentence, or nothing.
pub fn hint<'a, I>(input: &str, candidates: I) -> Option<String>
where
    I: IntoIterator<Item = &'a str>,
{
    did_you_mean(input, candidates).map(|c| format!("did you mean `{c}`?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_field_names() {
        assert_eq!(did_you_mean("tagret", ["target", "title", "baseline"]), Some("target"));
        assert_eq!(did_you_mean("baselin", ["target", "baseline"]), Some("baseline"));
        assert_eq!(did_you_mean("Owner", ["owner"]), Some("owner"));
    }

    #[test]
    fn closest_names() {
        assert_eq!(closest("sarha", ["lee", "sarah", "sam"], 2), Some("sarah"));
        assert_eq!(closest("SAM", ["lee", "sarah", "sam"], 2), Some("sam"));
        assert_eq!(closest("zed", ["lee", "sarah", "sam"], 1), None);
    }

    #[test]
    fn does_not_suggest_unrelated_words() {
        assert_eq!(did_you_mean("colour", ["target", "title", "baseline"]), None);
    }

    #[test]
    fn distance_counts_characters() {
        assert_eq!(levenshtein("kitten", "sitting"), 3);
        assert_eq!(levenshtein("été", "ete"), 2);
        assert_eq!(levenshtein("", "abc"), 3);
    }
}
