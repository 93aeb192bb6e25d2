//! Refs as types: full refs ([`ObjRef`], [`KrRef`], either as [`Ref`]) and
//! the short refs written in front matter (`parent`, `drives`).
//!
//! A full ref prints as SPEC §2 writes it (`2026-Q1/growth/activation`,
//! `2026-Q1/growth/activation#activation-rate`) and serializes as that
//! string; this module is the one place that builds or takes apart that
//! text.

use crate::core::quarter::{days_between, Quarter};
use jiff::civil::Date;
use serde::{Serialize, Serializer};
use std::fmt;

/// The period part of a ref: the first path segment under the OKR root, a
/// horizon of SPEC §11: a quarter (`2026-Q1`), a half (`2026-H1`), a year
/// (`2026`) or a multi-year span (`2026-2028`). Every period is a run of
/// whole quarters, so its days, containment and order all follow from its
/// first and last quarter (fiscal years apply through [`Quarter::start`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Period {
    Quarter(Quarter),
    /// Half `h` (1 or 2) of a year.
    Half {
        year: i16,
        h: u8,
    },
    Year(i16),
    /// Years `from` to `to`, both included (`from < to`).
    Span {
        from: i16,
        to: i16,
    },
}

/// A four-digit year, 1000 and up (as quarters have).
fn parse_year(s: &str) -> Option<i16> {
    if s.len() != 4 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok().filter(|y| *y >= 1000)
}

impl Period {
    /// Parses a period label: `2026-Q1`, `2026-H1`, `2026` or `2026-2028`, exactly.
    pub fn parse(s: &str) -> Option<Period> {
        if let Some(q) = Quarter::parse(s) {
            return Some(Period::Quarter(q));
        }
        if let Some(year) = parse_year(s) {
            return Some(Period::Year(year));
        }
        let (a, b) = s.split_once('-')?;
        let year = parse_year(a)?;
        match b {
            "H1" => Some(Period::Half { year, h: 1 }),
            "H2" => Some(Period::Half { year, h: 2 }),
            _ => parse_year(b).filter(|to| *to > year).map(|to| Period::Span { from: year, to }),
        }
    }

    /// The quarter this period is, if it is one.
    pub fn as_quarter(self) -> Option<Quarter> {
        match self {
            Period::Quarter(q) => Some(q),
            _ => None,
        }
    }

    /// The horizon's name in prose: `quarter`, `half`, `year` or
    /// `multi-year span`. Two periods of one kind can be compared side by
    /// side (`okr diff 2025 2026`).
    pub fn kind(self) -> &'static str {
        match self {
            Period::Quarter(_) => "quarter",
            Period::Half { .. } => "half",
            Period::Year(_) => "year",
            Period::Span { .. } => "multi-year span",
        }
    }

    /// The horizon's name in the plural: `quarters`, `halves`, `years`,
    /// `multi-year spans`.
    pub fn kind_plural(self) -> &'static str {
        match self {
            Period::Quarter(_) => "quarters",
            Period::Half { .. } => "halves",
            Period::Year(_) => "years",
            Period::Span { .. } => "multi-year spans",
        }
    }

    /// Whether this is a quarter (the shortest horizon).
    pub fn is_quarter(self) -> bool {
        matches!(self, Period::Quarter(_))
    }

    /// The first and the last quarter of the period.
    pub fn quarters(self) -> (Quarter, Quarter) {
        match self {
            Period::Quarter(q) => (q, q),
            Period::Half { year, h } => (Quarter { year, q: h * 2 - 1 }, Quarter { year, q: h * 2 }),
            Period::Year(year) => (Quarter { year, q: 1 }, Quarter { year, q: 4 }),
            Period::Span { from, to } => (Quarter { year: from, q: 1 }, Quarter { year: to, q: 4 }),
        }
    }

    /// The period's first quarter as a running index (`year * 4 + q - 1`).
    fn first_index(self) -> i32 {
        let (first, _) = self.quarters();
        i32::from(first.year) * 4 + i32::from(first.q) - 1
    }

    /// How many quarters the period spans: its horizon's length.
    pub fn len_quarters(self) -> i32 {
        let (_, last) = self.quarters();
        i32::from(last.year) * 4 + i32::from(last.q) - self.first_index()
    }

    /// Whether `other` lies wholly within this period (a period contains itself).
    pub fn contains(self, other: Period) -> bool {
        let (a, b) = (self.first_index(), self.first_index() + self.len_quarters() - 1);
        let (c, d) = (other.first_index(), other.first_index() + other.len_quarters() - 1);
        a <= c && d <= b
    }

    /// First day of the period.
    pub fn start(self, fy_start_month: u8) -> Date {
        self.quarters().0.start(fy_start_month)
    }

    /// Last day of the period (inclusive).
    pub fn last_day(self, fy_start_month: u8) -> Date {
        self.quarters().1.last_day(fy_start_month)
    }

    /// The day after the period's last day (its exclusive end).
    pub fn end(self, fy_start_month: u8) -> Date {
        self.quarters().1.next().start(fy_start_month)
    }

    /// Number of days in the period.
    pub fn days(self, fy_start_month: u8) -> i64 {
        days_between(self.start(fy_start_month), self.end(fy_start_month))
    }

    /// Weeks in the period: its days / 7.
    pub fn weeks(self, fy_start_month: u8) -> f64 {
        self.days(fy_start_month) as f64 / 7.0
    }

    /// Expected pace: whole days from the first day to `as_of`, over the
    /// period's days, clamped to [0, 1] (SPEC §4 over the horizon's own days).
    pub fn expected(self, as_of: Date, fy_start_month: u8) -> f64 {
        let elapsed = days_between(self.start(fy_start_month), as_of);
        (elapsed as f64 / self.days(fy_start_month) as f64).clamp(0.0, 1.0)
    }

    /// The period of the same kind and length just before this one.
    pub fn prev(self) -> Period {
        match self {
            Period::Quarter(q) => Period::Quarter(q.prev()),
            Period::Half { year, h: 2 } => Period::Half { year, h: 1 },
            Period::Half { year, .. } => Period::Half { year: year.saturating_sub(1), h: 2 },
            Period::Year(y) => Period::Year(y.saturating_sub(1)),
            Period::Span { from, to } => {
                let n = to - from + 1;
                Period::Span { from: from.saturating_sub(n), to: to.saturating_sub(n) }
            }
        }
    }

    /// The period of the same kind and length just after this one.
    pub fn next(self) -> Period {
        match self {
            Period::Quarter(q) => Period::Quarter(q.next()),
            Period::Half { year, h: 1 } => Period::Half { year, h: 2 },
            Period::Half { year, .. } => Period::Half { year: year.saturating_add(1), h: 1 },
            Period::Year(y) => Period::Year(y.saturating_add(1)),
            Period::Span { from, to } => {
                let n = to - from + 1;
                Period::Span { from: from.saturating_add(n), to: to.saturating_add(n) }
            }
        }
    }
}

/// Periods order by their first day, a longer horizon before the shorter
/// ones that start with it: `2026-2028`, `2026`, `2026-H1`, `2026-Q1`,
/// `2026-Q2`, `2026-H2`, ... Quarters keep their order.
impl Ord for Period {
    fn cmp(&self, other: &Period) -> std::cmp::Ordering {
        (self.first_index(), std::cmp::Reverse(self.len_quarters()))
            .cmp(&(other.first_index(), std::cmp::Reverse(other.len_quarters())))
    }
}

impl PartialOrd for Period {
    fn partial_cmp(&self, other: &Period) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq<Quarter> for Period {
    fn eq(&self, q: &Quarter) -> bool {
        *self == Period::Quarter(*q)
    }
}

impl From<Quarter> for Period {
    fn from(q: Quarter) -> Period {
        Period::Quarter(q)
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Period::Quarter(q) => q.fmt(f),
            Period::Half { year, h } => write!(f, "{year:04}-H{h}"),
            Period::Year(y) => write!(f, "{y:04}"),
            Period::Span { from, to } => write!(f, "{from:04}-{to:04}"),
        }
    }
}

/// An objective's full ref, `PERIOD/ID`. The id is kept as the file's path
/// gives it: one that breaks SPEC §2's id syntax is an `invalid-id` error
/// elsewhere, and its objective still has a ref.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ObjRef {
    pub period: Period,
    /// The path under the period folder without `.md`: `growth/activation`.
    pub id: String,
}

/// A KR's full ref, `PERIOD/ID#KR`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct KrRef {
    pub objective: ObjRef,
    pub kr: String,
}

/// A full ref to an objective or to a KR (what `parent` names).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Ref {
    Objective(ObjRef),
    Kr(KrRef),
}

impl ObjRef {
    pub fn new(period: impl Into<Period>, id: impl Into<String>) -> ObjRef {
        ObjRef { period: period.into(), id: id.into() }
    }

    /// Parses `PERIOD/ID`.
    pub fn parse(s: &str) -> Result<ObjRef, String> {
        let example = "write `PERIOD/OBJECTIVE_ID`, e.g. `2026-Q1/growth/activation`";
        let Some((period, id)) = s.split_once('/') else {
            return Err(format!("`{s}` is not an objective ref: {example}"));
        };
        let Some(period) = Period::parse(period) else {
            return Err(format!("`{s}` is not an objective ref: `{period}` is not a period; {example}"));
        };
        if s.contains('#') {
            return Err(format!("`{s}` names a key result, not an objective"));
        }
        check_path(id, s)?;
        Ok(ObjRef::new(period, id))
    }

    /// The ref of this objective's KR `kr`.
    pub fn kr(&self, kr: impl Into<String>) -> KrRef {
        KrRef { objective: self.clone(), kr: kr.into() }
    }

    /// The text of that ref, built without a [`KrRef`] (the history walk
    /// makes one per changed KR value).
    pub fn kr_text(&self, kr: &str) -> String {
        format!("{self}#{kr}")
    }
}

impl KrRef {
    /// Parses `PERIOD/ID#KR`; the objective part ends at the first `#`.
    pub fn parse(s: &str) -> Result<KrRef, String> {
        let Some((objective, kr)) = split_kr(s) else {
            return Err(format!(
                "`{s}` is not a key result ref: write `PERIOD/OBJECTIVE_ID#KR_ID`, e.g. `2026-Q1/growth/activation#activation-rate`"
            ));
        };
        if kr.is_empty() {
            return Err(format!("`{s}` is not a key result ref: the KR id after `#` is missing"));
        }
        Ok(ObjRef::parse(objective)?.kr(kr))
    }

    /// The ref as written inside its own period, `ID#KR` (where the period
    /// is already shown, as in a quarter's tree or retro).
    pub fn local(&self) -> String {
        format!("{}#{}", self.objective.id, self.kr)
    }
}

impl Ref {
    /// Parses a full ref of either kind: a KR ref when it has a `#`.
    pub fn parse(s: &str) -> Result<Ref, String> {
        if s.contains('#') {
            KrRef::parse(s).map(Ref::Kr)
        } else {
            ObjRef::parse(s).map(Ref::Objective)
        }
    }

    /// The objective named, or whose KR is named.
    pub fn objective(&self) -> &ObjRef {
        match self {
            Ref::Objective(o) => o,
            Ref::Kr(k) => &k.objective,
        }
    }

    /// The KR id, for a KR ref.
    pub fn kr(&self) -> Option<&str> {
        match self {
            Ref::Objective(_) => None,
            Ref::Kr(k) => Some(&k.kr),
        }
    }
}

/// The text of a KR ref cut at its first `#` into the objective part and the
/// KR id; `None` without a `#`. For text that need not be a valid ref (what
/// a user typed, a finding's ref to an objective with an invalid id).
pub fn split_kr(full: &str) -> Option<(&str, &str)> {
    full.split_once('#')
}

/// The objective part of a full ref's text: all of it for an objective ref,
/// what comes before the `#` for a KR ref. Like [`split_kr`], for text that
/// need not be a valid ref.
pub fn objective_part(full: &str) -> &str {
    split_kr(full).map_or(full, |(o, _)| o)
}

impl fmt::Display for ObjRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.period, self.id)
    }
}

impl fmt::Display for KrRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}#{}", self.objective, self.kr)
    }
}

impl fmt::Display for Ref {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Ref::Objective(o) => o.fmt(f),
            Ref::Kr(k) => k.fmt(f),
        }
    }
}

/// Refs serialize as their text (SPEC §8's JSON has strings).
macro_rules! serialize_as_text {
    ($($t:ty),+) => {$(
        impl Serialize for $t {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(self)
            }
        }
    )+};
}

serialize_as_text!(Period, ObjRef, KrRef, Ref);

/// A ref split into its parts; missing parts are filled in by context.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShortRef {
    pub period: Option<Period>,
    /// `None` for a bare KR id (a KR of the same objective).
    pub objective: Option<String>,
    pub kr: Option<String>,
}

impl ShortRef {
    /// The full ref, given the period and objective it is written in.
    pub fn resolve(&self, period: Period, objective: &str) -> Ref {
        let o = ObjRef::new(self.period.unwrap_or(period), self.objective.as_deref().unwrap_or(objective));
        match &self.kr {
            Some(kr) => Ref::Kr(o.kr(kr.as_str())),
            None => Ref::Objective(o),
        }
    }
}

const QUOTE_HINT: &str = "YAML reads ` #` as the start of a comment: quote refs that contain `#`";

fn split_period(s: &str) -> (Option<Period>, &str) {
    match s.split_once('/') {
        Some((first, rest)) => match Period::parse(first) {
            Some(q) => (Some(q), rest),
            None => (None, s),
        },
        None => (None, s),
    }
}

fn check_path(path: &str, whole: &str) -> Result<(), String> {
    if path.is_empty() || path.split('/').any(str::is_empty) {
        return Err(format!("`{whole}` is not a valid ref: an objective id is a path like `growth/activation`"));
    }
    Ok(())
}

/// `parent`: `OBJECTIVE_ID` or `OBJECTIVE_ID#KR_ID`, optionally `PERIOD/`-prefixed (any horizon).
pub fn parse_parent(s: &str) -> Result<ShortRef, String> {
    let s = s.trim();
    if s.is_empty() {
        return Err(format!("the ref is empty; {QUOTE_HINT}"));
    }
    let (period, rest) = split_period(s);
    let (objective, kr) = match split_kr(rest) {
        Some((o, k)) => (o, Some(k)),
        None => (rest, None),
    };
    check_path(objective, s)?;
    if kr.is_some_and(|k| k.is_empty() || k.contains(['#', '/'])) {
        return Err(format!("`{s}` is not a valid ref: write `OBJECTIVE_ID#KR_ID`"));
    }
    Ok(ShortRef { period, objective: Some(objective.to_string()), kr: kr.map(str::to_string) })
}

/// `drives`: `KR_ID`, `OBJECTIVE_ID#KR_ID` or `PERIOD/OBJECTIVE_ID#KR_ID`.
pub fn parse_drives(s: &str) -> Result<ShortRef, String> {
    let s = s.trim();
    if s.is_empty() {
        return Err(format!("the ref is empty; {QUOTE_HINT}"));
    }
    match split_kr(s) {
        None if s.contains('/') => Err(format!(
            "`{s}` names an objective; `drives` names key results: `OBJECTIVE_ID#KR_ID` (quote it: {QUOTE_HINT})"
        )),
        None => Ok(ShortRef { period: None, objective: None, kr: Some(s.to_string()) }),
        Some((o, kr)) => {
            let (period, objective) = split_period(o);
            check_path(objective, s)?;
            if kr.is_empty() || kr.contains(['#', '/']) {
                return Err(format!("`{s}` is not a valid ref: write `OBJECTIVE_ID#KR_ID`"));
            }
            Ok(ShortRef { period, objective: Some(objective.to_string()), kr: Some(kr.to_string()) })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(s: &str) -> Period {
        Period::parse(s).unwrap()
    }

    #[test]
    fn kinds() {
        let kinds: Vec<&str> = ["2026-Q1", "2026-H2", "2026", "2026-2028"].map(|s| q(s).kind()).to_vec();
        assert_eq!(kinds, ["quarter", "half", "year", "multi-year span"]);
        assert_eq!(q("2023-2024").kind(), q("2026-2028").kind());
        assert_eq!(q("2026-H1").kind_plural(), "halves");
    }

    #[test]
    fn parent_forms() {
        let here = q("2026-Q1");
        assert_eq!(parse_parent("company/revenue").unwrap().resolve(here, "x").to_string(), "2026-Q1/company/revenue");
        assert_eq!(
            parse_parent("company/revenue#new-mrr").unwrap().resolve(here, "x").to_string(),
            "2026-Q1/company/revenue#new-mrr"
        );
        assert_eq!(
            parse_parent("2025-Q4/company/revenue#a").unwrap().resolve(here, "x").to_string(),
            "2025-Q4/company/revenue#a"
        );
        assert_eq!(parse_parent("revenue").unwrap().resolve(here, "x").to_string(), "2026-Q1/revenue");
        assert!(parse_parent("").unwrap_err().contains("quote"));
        assert!(parse_parent("a//b").is_err());
        assert!(parse_parent("a#").is_err());
    }

    #[test]
    fn drives_forms() {
        let here = q("2026-Q1");
        assert_eq!(parse_drives("rate").unwrap().resolve(here, "growth/a").to_string(), "2026-Q1/growth/a#rate");
        assert_eq!(parse_drives("growth/b#x").unwrap().resolve(here, "growth/a").to_string(), "2026-Q1/growth/b#x");
        assert_eq!(
            parse_drives("2026-Q2/growth/b#x").unwrap().resolve(here, "growth/a").to_string(),
            "2026-Q2/growth/b#x"
        );
        assert!(parse_drives("growth/b").unwrap_err().contains("key results"));
        assert!(parse_drives(" ").is_err());
    }

    #[test]
    fn full_refs_round_trip_through_their_text() {
        let r = "2026-Q1/growth/activation#activation-rate";
        let k = KrRef::parse(r).unwrap();
        assert_eq!(k.objective, ObjRef::new(q("2026-Q1"), "growth/activation"));
        assert_eq!(k.kr, "activation-rate");
        assert_eq!(k.to_string(), r);
        assert_eq!(k.local(), "growth/activation#activation-rate");
        assert_eq!(serde_json::to_string(&k).unwrap(), format!("\"{r}\""));
        assert_eq!(Ref::parse(r), Ok(Ref::Kr(k.clone())));
        assert_eq!(Ref::parse("2026-Q1/growth/activation").unwrap().objective(), &k.objective);
        assert_eq!(Ref::parse("2026-Q1/growth/activation").unwrap().kr(), None);
    }

    #[test]
    fn bad_full_refs_say_what_is_wrong() {
        assert!(KrRef::parse("2026-Q1/growth/activation").unwrap_err().contains("not a key result ref"));
        assert!(KrRef::parse("2026-Q1/growth/activation#").unwrap_err().contains("KR id after `#` is missing"));
        assert!(KrRef::parse("growth/activation#x").unwrap_err().contains("`growth` is not a period"));
        assert!(ObjRef::parse("2026-Q1").unwrap_err().contains("not an objective ref"));
        assert!(ObjRef::parse("2026-Q1/a//b").is_err());
        assert!(ObjRef::parse("2026-Q1/a#b").unwrap_err().contains("names a key result"));
    }

    #[test]
    fn refs_order_as_their_text() {
        let mut texts = ["2026-Q1/a-b#y", "2026-Q1/a#x", "2026-Q1/a/c#z", "2025-Q4/z#a", "2026-Q1/a#w"];
        let mut refs: Vec<KrRef> = texts.iter().map(|t| KrRef::parse(t).unwrap()).collect();
        texts.sort_unstable();
        refs.sort();
        assert_eq!(refs.iter().map(ToString::to_string).collect::<Vec<_>>(), texts);
    }
}

#[cfg(test)]
mod period_tests {
    use super::*;
    use jiff::civil::date;

    fn p(s: &str) -> Period {
        Period::parse(s).unwrap()
    }

    #[test]
    fn every_horizon_parses_and_prints_as_written() {
        for s in ["2026-Q1", "2026-H1", "2026-H2", "2026", "2026-2028"] {
            assert_eq!(p(s).to_string(), s);
        }
        for bad in ["2026-H3", "2026-H0", "2028-2026", "2026-2026", "26", "0999", "2026-", "2026-h1", "2026-20288"] {
            assert!(Period::parse(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn first_and_last_days_follow_the_fiscal_year() {
        assert_eq!((p("2026").start(1), p("2026").last_day(1)), (date(2026, 1, 1), date(2026, 12, 31)));
        assert_eq!((p("2026-H2").start(1), p("2026-H2").last_day(1)), (date(2026, 7, 1), date(2026, 12, 31)));
        assert_eq!((p("2026-2028").start(1), p("2026-2028").last_day(1)), (date(2026, 1, 1), date(2028, 12, 31)));
        // Fiscal years starting in April: fiscal 2026 runs April 2026 to March 2027.
        assert_eq!((p("2026").start(4), p("2026").last_day(4)), (date(2026, 4, 1), date(2027, 3, 31)));
        assert_eq!(p("2026-H1").last_day(4), date(2026, 9, 30));
        assert_eq!(p("2026").days(1), 365);
        assert_eq!(p("2026-2028").days(1), 1096);
    }

    #[test]
    fn containment_and_order() {
        assert!(p("2026-2028").contains(p("2027")));
        assert!(p("2026").contains(p("2026-H2")));
        assert!(p("2026-H2").contains(p("2026-Q3")));
        assert!(p("2026").contains(p("2026")));
        assert!(!p("2026-H1").contains(p("2026-Q3")));
        assert!(!p("2026").contains(p("2027-Q1")));
        assert!(!p("2026-Q1").contains(p("2026")));
        let mut all = [p("2026-Q2"), p("2026-H2"), p("2026-Q1"), p("2026"), p("2026-2028"), p("2026-H1"), p("2025-Q4")];
        all.sort();
        let texts: Vec<String> = all.iter().map(ToString::to_string).collect();
        assert_eq!(texts, ["2025-Q4", "2026-2028", "2026", "2026-H1", "2026-Q1", "2026-Q2", "2026-H2"]);
        assert_eq!(
            (p("2026").prev(), p("2026-H1").prev(), p("2026-2028").next()),
            (p("2025"), p("2025-H2"), p("2029-2031"))
        );
    }

    #[test]
    fn refs_across_horizons() {
        let r = Ref::parse("2026/company/self-serve#arr-share").unwrap();
        assert_eq!(r.objective().period, p("2026"));
        assert_eq!(r.to_string(), "2026/company/self-serve#arr-share");
        let here = p("2026-Q3");
        let parent = parse_parent("2026-2028/company/plg").unwrap().resolve(here, "growth/a");
        assert_eq!(parent.to_string(), "2026-2028/company/plg");
        assert_eq!(parse_parent("company/top").unwrap().resolve(p("2026"), "x").to_string(), "2026/company/top");
    }
}
