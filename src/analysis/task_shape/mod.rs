//! Title heuristics behind the rules `output-kr` and `objective-is-output`
//! (`analysis/rules/`), apart from them: the rules say what they check and
//! why; this module reads titles. The word lists are in `words`.
//!
//! Two pure functions read a title and say, with a short reason, whether it
//! is shaped like a task rather than an outcome:
//!
//! - [`kr_task_reason`]: a key result that names a deliverable ("Ship the
//!   onboarding redesign"), counts an activity ("Hold 12 customer
//!   interviews"), carries a deadline ("… by March 15") or counts the team's
//!   own output even when it moves from a baseline to a target ("Increase
//!   blog posts from 4 to 12 per month").
//! - [`objective_output_reason`]: an objective that leads with a deliverable
//!   ("Launch the new app") instead of a destination ("Make onboarding
//!   effortless for new teams").
//!
//! The reason completes a sentence such as "this key result reads as a task:
//! it {reason}", e.g. `starts with "Ship", which names a deliverable`.
//!
//! The heuristics favour precision: a linter that cries wolf gets switched
//! off, so any sign of a measured change (a percentage, "from X to Y",
//! "under 300 ms", money, a metric noun next to a number, a count of
//! customers) clears a title unless what is counted is the team's own
//! activity. Tokenising is deliberately simple: whitespace-separated words,
//! lowercased, with surrounding punctuation stripped; hyphenated compounds
//! stay one token ("launch-to-adoption" is not the verb "launch").
//!
//! The labelled corpus in `tests/corpus/output_kr/` measures these
//! functions (`cargo test --test it corpus:: -- --nocapture`).

mod words;

use words::*;

/// One word of a title.
#[derive(Debug)]
struct Tok<'a> {
    /// As written, surrounding punctuation stripped.
    raw: &'a str,
    /// Lowercased `raw`.
    low: String,
    /// The word was followed by a colon: it is a label ("Launch-to-adoption:").
    colon: bool,
}

/// Characters kept at the edges of a word: they carry meaning for metrics.
const KEEP_EDGE: &[char] = &['%', '$', '€', '£', '<', '>', '≤', '≥', '~', '+'];

fn tokenize(s: &str) -> Vec<Tok<'_>> {
    s.split_whitespace()
        .filter_map(|w| {
            let raw = w.trim_matches(|c: char| !(c.is_alphanumeric() || KEEP_EDGE.contains(&c)));
            if raw.is_empty() {
                return None;
            }
            Some(Tok { raw, low: raw.to_lowercase(), colon: w.trim_end_matches(['"', '\'', ')']).ends_with(':') })
        })
        .collect()
}

// ---------------------------------------------------------------------------
// Small predicates
// ---------------------------------------------------------------------------

fn is_in(list: &[&str], w: &str) -> bool {
    list.contains(&w)
}

/// The word and, for hyphenated compounds, each of its parts.
fn parts(w: &str) -> impl Iterator<Item = &str> {
    std::iter::once(w).chain(w.split('-').filter(move |_| w.contains('-')))
}

fn is_number(w: &str) -> bool {
    let t = w.trim_start_matches(KEEP_EDGE);
    t.starts_with(|c: char| c.is_ascii_digit()) || is_in(NUMBER_WORDS, t)
}

/// A four-digit year such as 2027: a number, but not a count or a metric.
fn is_year(w: &str) -> bool {
    w.len() == 4 && w.chars().all(|c| c.is_ascii_digit()) && (w.starts_with("19") || w.starts_with("20"))
}

fn is_percent(w: &str) -> bool {
    w.contains('%') || matches!(w, "percent" | "percentage" | "pct" | "pp")
}

fn is_money(w: &str) -> bool {
    w.starts_with(['$', '€', '£']) || w.ends_with(['$', '€', '£'])
}

/// "2x", "10x": a multiplier.
fn is_multiplier(w: &str) -> bool {
    w.len() >= 2 && w.ends_with('x') && w[..w.len() - 1].chars().all(|c| c.is_ascii_digit() || c == '.')
}

fn is_quarter_or_half(w: &str) -> bool {
    let b = w.as_bytes();
    b.len() == 2 && matches!(b[0], b'q' | b'h') && b[1].is_ascii_digit()
}

/// A word that can start a date: a month, "end", "Q3", a weekday, a day
/// number followed by a month, a year, "2026-03-15", "15/03".
fn starts_date(toks: &[Tok], i: usize) -> bool {
    let Some(t) = toks.get(i) else { return false };
    let w = t.low.as_str();
    if is_in(MONTHS, w)
        || is_in(WEEKDAYS, w)
        || is_in(DATE_STARTS, w)
        || is_quarter_or_half(w)
        || is_year(w)
        || w.starts_with("mid-")
        || w.starts_with("end-")
    {
        return true;
    }
    if w == "the" {
        return toks.get(i + 1).is_some_and(|n| matches!(n.low.as_str(), "end" | "close" | "start" | "middle"));
    }
    if w.chars().all(|c| c.is_ascii_digit() || matches!(c, '/' | '-' | '.')) && w.contains(['/', '-']) {
        return w.starts_with(|c: char| c.is_ascii_digit());
    }
    // "15 March", "1st of June".
    let day = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    if !day.is_empty() && day.len() <= 2 && day.chars().all(|c| c.is_ascii_digit()) {
        let next = toks.get(i + 1).map(|n| n.low.as_str());
        let next = if next == Some("of") { toks.get(i + 2).map(|n| n.low.as_str()) } else { next };
        return next.is_some_and(|n| is_in(MONTHS, n));
    }
    false
}

/// A word that may continue a date phrase.
fn continues_date(t: &Tok) -> bool {
    let w = t.low.as_str();
    is_in(MONTHS, w)
        || is_in(WEEKDAYS, w)
        || is_in(DATE_STARTS, w)
        || is_quarter_or_half(w)
        || matches!(w, "of" | "the" | "quarter" | "month" | "year" | "week" | "sprint" | "fy" | "this" | "next")
        || w.starts_with(|c: char| c.is_ascii_digit())
        || w.starts_with("fy")
}

// ---------------------------------------------------------------------------
// Shapes
// ---------------------------------------------------------------------------

/// The leading verb of a title.
struct Lead {
    /// Lowercased base form ("roll out", "launch").
    base: String,
    /// As written ("Roll out", "Launching").
    shown: String,
    /// Index of the first word after the verb.
    next: usize,
}

/// Index of the first word after leading fillers and a leading label.
fn first_content(toks: &[Tok]) -> usize {
    let mut i = 0;
    // A label such as "Q3:" or "Launch-to-adoption:" is not the verb.
    if toks.first().is_some_and(|t| t.colon) {
        i = 1;
    }
    while toks.get(i).is_some_and(|t| is_in(FILLERS, &t.low)) && i + 1 < toks.len() {
        i += 1;
    }
    i
}

/// Base forms to try for a word: itself and, for "-ing" forms, the verb.
fn base_forms(w: &str) -> Vec<String> {
    let mut out = vec![w.to_string()];
    if let Some(stem) = w.strip_suffix("ing") {
        if stem.len() >= 2 {
            out.push(stem.to_string());
            out.push(format!("{stem}e"));
            let b = stem.as_bytes();
            if b.len() >= 2 && b[b.len() - 1] == b[b.len() - 2] {
                out.push(stem[..stem.len() - 1].to_string());
            }
        }
    }
    out
}

/// Finds the leading verb among `words` (single) and `phrases` (two-word).
/// An "-ing" form counts only before a determiner or a number
/// ("Launching the referral programme", not "Onboarding completion rate").
fn leading_verb(toks: &[Tok], start: usize, words: &[&str], phrases: &[(&str, &str)]) -> Option<Lead> {
    let t = toks.get(start)?;
    if t.colon {
        return None;
    }
    let second = toks.get(start + 1).map(|n| n.low.as_str());
    for form in base_forms(&t.low) {
        let is_ing = form != t.low;
        if is_ing {
            let ok = toks.get(start + 1).is_some_and(|n| {
                matches!(n.low.as_str(), "the" | "a" | "an" | "our" | "all" | "every" | "new") || is_number(&n.low)
            }) || phrases.iter().any(|(a, b)| *a == form && second == Some(*b));
            if !ok {
                continue;
            }
        }
        if let Some((a, b)) = phrases.iter().find(|(a, b)| *a == form && second == Some(*b)) {
            let shown = format!("{} {}", t.raw, toks[start + 1].raw);
            return Some(Lead { base: format!("{a} {b}"), shown, next: start + 2 });
        }
        if is_in(words, &form) {
            return Some(Lead { base: form, shown: t.raw.to_string(), next: start + 1 });
        }
    }
    None
}

/// An activity count right after the verb: `[at least|over|up to] N`.
/// Returns the index of the number.
fn count_after(toks: &[Tok], i: usize) -> Option<usize> {
    let mut j = i;
    for _ in 0..2 {
        match toks.get(j).map(|t| t.low.as_str()) {
            Some("at" | "least" | "over" | "more" | "than" | "up" | "another" | "an" | "additional") => j += 1,
            _ => break,
        }
    }
    let t = toks.get(j)?;
    (is_number(&t.low) && !is_year(&t.low) && !is_percent(&t.low) && !is_money(&t.low)).then_some(j)
}

/// The object phrase of a count: up to three words after the number,
/// stopping at a preposition.
fn object_after(toks: &[Tok], num: usize) -> std::ops::Range<usize> {
    let mut end = num + 1;
    while end < toks.len() && end < num + 4 && !is_in(PHRASE_STOP, &toks[end].low) {
        end += 1;
        if toks[end - 1].colon {
            break;
        }
    }
    num + 1..end
}

fn join_raw(toks: &[Tok]) -> String {
    toks.iter().map(|t| t.raw).collect::<Vec<_>>().join(" ")
}

fn has_customer_noun(toks: &[Tok]) -> bool {
    toks.iter().any(|t| parts(&t.low).any(|p| is_in(CUSTOMER_NOUNS, p)))
}

fn has_metric_noun(toks: &[Tok]) -> bool {
    toks.iter().any(|t| parts(&t.low).any(|p| is_in(METRIC_NOUNS, p)))
}

fn has_percent(toks: &[Tok]) -> bool {
    toks.iter().any(|t| is_percent(&t.low))
}

/// Evidence of a measured outcome among `toks` (the caller leaves out an
/// activity count it has already recognised).
fn metric_evidence(toks: &[Tok]) -> bool {
    let num_at = |i: usize| toks.get(i).is_some_and(|t| is_number(&t.low) && !is_year(&t.low));
    let any_number = (0..toks.len()).any(num_at);
    for (i, t) in toks.iter().enumerate() {
        let w = t.low.as_str();
        if is_percent(w) || is_money(w) || is_multiplier(w) {
            return true;
        }
        if w.starts_with(['<', '>', '≤', '≥']) && w.len() > 1 {
            return true;
        }
        // "from 8 to 4", "up from 320", "from $85k".
        if w == "from" && (num_at(i + 1) || (num_at(i + 2) && toks[i + 1].low == "a")) {
            return true;
        }
        // "under 50", "at least 12", "within 5 minutes", "below 2 seconds".
        if is_in(COMPARATORS, w) && (num_at(i + 1) || num_at(i + 2)) {
            return true;
        }
        // "500 paying customers", "2,000 weekly active creators".
        if num_at(i) && toks[i + 1..].iter().take(3).any(|n| is_in(CUSTOMER_NOUNS, &n.low)) {
            return true;
        }
    }
    any_number && has_metric_noun(toks)
}

/// Counting the team's own output: returns the counted noun phrase when
/// the title counts posts, webinars, interviews ... and nothing about
/// customers, rates or shares.
fn own_output(toks: &[Tok]) -> Option<String> {
    if has_customer_noun(toks) || has_percent(toks) || has_metric_noun(toks) {
        return None;
    }
    if !toks.iter().any(|t| is_number(&t.low) && !is_year(&t.low)) {
        return None;
    }
    for (i, t) in toks.iter().enumerate() {
        if i > 0 && OWN_OUTPUT_PHRASES.iter().any(|(a, b)| toks[i - 1].low == *a && t.low == *b) {
            return Some(format!("{} {}", toks[i - 1].raw, t.raw).to_lowercase());
        }
        if is_in(OWN_OUTPUT, &t.low) {
            return Some(t.low.clone());
        }
    }
    None
}

/// "by March 15", "by the end of Q3", "before Black Friday", "no later than
/// June 1", "due 30/09".
fn deadline(toks: &[Tok]) -> Option<String> {
    for i in 0..toks.len() {
        let w = toks[i].low.as_str();
        let (prep_start, date_at) = match w {
            "by" | "due" | "until" => (i, i + 1),
            "before" => (i, i + 1),
            "than" if i >= 2 && toks[i - 2].low == "no" && toks[i - 1].low == "later" => (i - 2, i + 1),
            _ => continue,
        };
        let dated = starts_date(toks, date_at)
            || (w == "before"
                && toks
                    .get(date_at)
                    .is_some_and(|t| t.raw.starts_with(|c: char| c.is_uppercase()) && !is_in(PHRASE_STOP, &t.low)));
        if !dated {
            continue;
        }
        let mut end = date_at + 1;
        while end < toks.len() && end < date_at + 5 {
            let t = &toks[end];
            let capital_event = w == "before" && t.raw.starts_with(|c: char| c.is_uppercase());
            if !(continues_date(t) || capital_event) {
                break;
            }
            end += 1;
        }
        // Do not end on a dangling "of"/"the".
        while end > date_at + 1 && matches!(toks[end - 1].low.as_str(), "of" | "the" | "this" | "next") {
            end -= 1;
        }
        return Some(join_raw(&toks[prep_start..end]));
    }
    None
}

/// "100% complete", "80% done": a percentage directly followed by a word
/// for finished work describes a task's progress.
fn percent_done(toks: &[Tok]) -> Option<String> {
    toks.windows(2).find_map(|w| {
        let done =
            matches!(w[1].low.as_str(), "complete" | "completed" | "done" | "finished" | "delivered" | "implemented");
        (w[0].low.ends_with('%') && is_number(w[0].low.trim_end_matches('%')) && done)
            .then(|| format!("{} {}", w[0].raw, w[1].raw))
    })
}

/// "velocity", "story points": how fast the team works, not what changed
/// for anyone else. Sales, deal and pipeline velocity are commercial results.
fn team_pace(toks: &[Tok]) -> Option<String> {
    toks.iter().enumerate().find_map(|(i, t)| {
        let before = i.checked_sub(1).map(|j| toks[j].low.as_str());
        let commercial = matches!(before, Some("sales" | "deal" | "deals" | "pipeline" | "revenue" | "cash"));
        if t.low == "velocity" && !commercial {
            return Some(t.raw.to_lowercase());
        }
        (i > 0 && toks[i - 1].low == "story" && matches!(t.low.as_str(), "points" | "point"))
            .then(|| format!("{} {}", toks[i - 1].raw, t.raw).to_lowercase())
    })
}

/// A word that says a deliverable is done ("shipped", "live").
fn done_word(toks: &[Tok]) -> Option<String> {
    for (i, t) in toks.iter().enumerate() {
        if !is_in(DONE_WORDS, &t.low) {
            continue;
        }
        let next = toks.get(i + 1).map(|n| n.low.as_str());
        let ok = match t.low.as_str() {
            // "live chat" is a product, not a state; "live by June" is.
            "live" => next.is_none_or(|n| is_in(PHRASE_STOP, n) || matches!(n, "before" | "until" | "everywhere")),
            // "rolled out", "signed off".
            "rolled" => next == Some("out"),
            "signed" => next == Some("off"),
            // "Launched the partner portal"; not "Published reports …".
            _ => i > 0 || next.is_some_and(|n| matches!(n, "the" | "a" | "an" | "our" | "all") || is_number(n)),
        };
        if ok {
            let shown = if matches!(t.low.as_str(), "rolled" | "signed") {
                format!("{} {}", t.raw, toks[i + 1].raw)
            } else {
                t.raw.to_string()
            };
            return Some(shown);
        }
    }
    None
}

/// The verb is followed by a determiner or "to": "Move all customers …",
/// "Switch to Linear", but not "Move upmarket".
fn object_named(toks: &[Tok], i: usize) -> bool {
    toks.get(i).is_some_and(|t| {
        matches!(t.low.as_str(), "the" | "a" | "an" | "all" | "every" | "our" | "to" | "from" | "off" | "each")
    })
}

/// "Achieve SOC 2 compliance": a certification to obtain.
fn certification(toks: &[Tok], start: usize) -> Option<Lead> {
    let lead = leading_verb(toks, start, CERT_VERBS, &[])?;
    let rest = &toks[lead.next..];
    let cert = rest.iter().take(5).any(|t| is_in(CERT_NOUNS, &t.low));
    (cert && !metric_evidence(rest)).then_some(lead)
}

// ---------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------

/// Why a key-result title reads as a task, deliverable or activity count,
/// or `None` when it reads as a measurable outcome.
///
/// The reason completes "it …", e.g. `starts with "Ship", which names a
/// deliverable`, `counts an activity ("hold 12 customer interviews")`,
/// `has a deadline ("by March 15")`.
pub fn kr_task_reason(title: &str) -> Option<String> {
    let toks = tokenize(title);
    if toks.is_empty() {
        return None;
    }
    let start = first_content(&toks);
    let body = &toks[start..];

    // "Dashboard redesign 100% complete": a task's progress, not a measure.
    if let Some(shown) = percent_done(body) {
        return Some(format!("reports how much of a piece of work is done (\"{shown}\")"));
    }
    // "Increase velocity": the team's own pace.
    if let Some(shown) = team_pace(body) {
        return Some(format!("measures the team's own pace (\"{shown}\") rather than a customer result"));
    }

    // Increase / reduce / grow …: an outcome unless it counts own output or
    // names nothing to measure.
    if let Some(lead) = leading_verb(&toks, start, METRIC_VERBS, &[("speed", "up"), ("bring", "down")]) {
        if let Some(noun) = own_output(body) {
            return Some(format!("counts the team's own output (\"{noun}\") rather than a customer result"));
        }
        let rest = &toks[lead.next..];
        if is_in(VAGUE_VERBS, &lead.base) && !metric_evidence(rest) && !has_metric_noun(rest) {
            return Some(format!("starts with \"{}\" but names no measure or target", lead.shown));
        }
        return None;
    }

    if let Some(lead) = certification(&toks, start) {
        return Some(format!("starts with \"{}\" and names a certification, which is a deliverable", lead.shown));
    }

    let deliverable = leading_verb(&toks, start, DELIVERABLE_VERBS, DELIVERABLE_PHRASES);
    let (lead, kind) = match deliverable {
        Some(l) => (Some(l), "a deliverable"),
        None => (leading_verb(&toks, start, ACTIVITY_VERBS, ACTIVITY_PHRASES), "an activity"),
    };
    // "Make 300 cold calls", but not "Make 80% of pages actionable".
    let lead = lead.or_else(|| {
        leading_verb(&toks, start, &["make", "do", "give"], &[]).filter(|l| count_after(&toks, l.next).is_some())
    });

    if let Some(lead) = lead {
        return task_verb_reason(&toks, body, &lead, kind);
    }

    // No task verb up front: look for a deadline or a "done" state, unless
    // the title measures something.
    if metric_evidence(body) || has_metric_noun(body) || leading_verb(&toks, start, OUTCOME_VERBS, &[]).is_some() {
        return None;
    }
    if let Some(d) = deadline(body) {
        return Some(format!("has a deadline (\"{d}\")"));
    }
    if let Some(w) = done_word(body) {
        return Some(format!("describes a deliverable being done (\"{w}\")"));
    }
    None
}

/// Why a KR title that leads with a task verb (`kind`: "a deliverable" or
/// "an activity") reads as a task, or `None` when what follows it is a
/// result: customers won, or a measured change of something other than the
/// team's own output. `body` is the title without leading fillers.
fn task_verb_reason(toks: &[Tok], body: &[Tok], lead: &Lead, kind: &str) -> Option<String> {
    let count = count_after(toks, lead.next);
    // "Sign 40 new customers", "Add 300 paying customers": a result.
    if is_in(ACQUIRE_VERBS, &lead.base) {
        let obj_toks = &toks[lead.next..(lead.next + 6).min(toks.len())];
        if has_customer_noun(obj_toks) {
            return None;
        }
    }
    // The count itself ("at least 15") is not evidence of an outcome.
    let rest = &toks[count.map_or(lead.next, |n| n + 1)..];
    let evidence = metric_evidence(rest) && (!is_in(MIGRATION_VERBS, &lead.base) || has_metric_noun(rest));
    if evidence {
        return own_output(body)
            .map(|noun| format!("counts the team's own output (\"{noun}\") rather than a customer result"));
    }
    let object = count.map(|n| (n, object_after(toks, n)));
    if let Some((n, obj)) = object {
        let mut phrase = lead.shown.to_lowercase();
        let between = join_raw(&toks[lead.next..=n]);
        phrase.push(' ');
        phrase.push_str(&between);
        if !obj.is_empty() {
            phrase.push(' ');
            phrase.push_str(&join_raw(&toks[obj]));
        }
        return Some(format!("counts an activity (\"{phrase}\")"));
    }
    Some(format!("starts with \"{}\", which names {kind}", lead.shown))
}

/// Why an objective title leads with a deliverable rather than a
/// destination, or `None`.
///
/// The reason completes "it …", e.g. `starts with "Launch", which names a
/// deliverable rather than a destination`.
pub fn objective_output_reason(title: &str) -> Option<String> {
    let toks = tokenize(title);
    if toks.is_empty() {
        return None;
    }
    let start = first_content(&toks);
    if let Some(lead) = leading_verb(&toks, start, OBJECTIVE_HARD_VERBS, DELIVERABLE_PHRASES)
        .filter(|l| !matches!(l.base.as_str(), "move" | "switch") || object_named(&toks, l.next))
    {
        return Some(format!("starts with \"{}\", which names a deliverable rather than a destination", lead.shown));
    }
    if let Some(lead) = leading_verb(&toks, start, OBJECTIVE_SOFT_VERBS, &[]) {
        let rest = &toks[lead.next..];
        // "Hire 20 engineers": a count is output whatever follows.
        let destination = count_after(&toks, lead.next).is_none()
            && rest
                .iter()
                .any(|t| is_in(DESTINATION_MARKERS, &t.low) || (t.low.ends_with('s') && is_in(CUSTOMER_NOUNS, &t.low)));
        if !destination {
            return Some(format!(
                "starts with \"{}\", which names a deliverable rather than a destination",
                lead.shown
            ));
        }
        return None;
    }
    if let Some(lead) = certification(&toks, start) {
        return Some(format!(
            "starts with \"{}\" and names a certification, which is a deliverable rather than a destination",
            lead.shown
        ));
    }
    let body = &toks[start..];
    if !metric_evidence(body) {
        if let Some(w) = done_word(body) {
            return Some(format!("describes a deliverable being done (\"{w}\")"));
        }
    }
    None
}

/// The heuristics' figures on the held-out corpus split
/// (`tests/corpus/output_kr/test.tsv`), shown in `docs/rules.md`. The corpus
/// test recomputes them and fails when this table is out of date.
pub const MEASURED: &str = "\
| rule (title heuristic) | rows | precision | recall | TP | FP | FN | TN |
|---|---|---|---|---|---|---|---|
| `output-kr` (key results) | 81 | 0.973 | 0.923 | 36 | 1 | 3 | 41 |
| `objective-is-output` (objectives) | 34 | 0.875 | 0.824 | 14 | 2 | 3 | 15 |
";

#[cfg(test)]
mod tests;
