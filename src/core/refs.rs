//! Refs as types: full refs ([`ObjRef`], [`KrRef`], either as [`Ref`]) and
//! the short refs written in front matter (`parent`, `drives`).
//!
//! A full ref prints as SPEC §2 writes it (`2026-Q1/growth/activation`,
//! `2026-Q1/growth/activation#activation-rate`) and serializes as that
//! string; this module is the one place that builds or takes apart that
//! text.

use crate::core::quarter::Quarter;
use serde::{Serialize, Serializer};
use std::fmt;

/// The period part of a ref: the first path segment under the OKR root.
/// Today always a quarter; SPEC §11's halves, years and spans widen this
/// type, and only this type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Period {
    Quarter(Quarter),
}

impl Period {
    /// Parses a period label (`2026-Q1`).
    pub fn parse(s: &str) -> Option<Period> {
        Quarter::parse(s).map(Period::Quarter)
    }

    /// The quarter this period is.
    pub fn quarter(self) -> Quarter {
        match self {
            Period::Quarter(q) => q,
        }
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

    pub fn quarter(&self) -> Quarter {
        self.period.quarter()
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
    pub quarter: Option<Quarter>,
    /// `None` for a bare KR id (a KR of the same objective).
    pub objective: Option<String>,
    pub kr: Option<String>,
}

impl ShortRef {
    /// The full ref, given the quarter and objective it is written in.
    pub fn resolve(&self, quarter: Quarter, objective: &str) -> Ref {
        let o = ObjRef::new(self.quarter.unwrap_or(quarter), self.objective.as_deref().unwrap_or(objective));
        match &self.kr {
            Some(kr) => Ref::Kr(o.kr(kr.as_str())),
            None => Ref::Objective(o),
        }
    }
}

const QUOTE_HINT: &str = "YAML reads ` #` as the start of a comment: quote refs that contain `#`";

fn split_quarter(s: &str) -> (Option<Quarter>, &str) {
    match s.split_once('/') {
        Some((first, rest)) => match Quarter::parse(first) {
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

/// `parent`: `OBJECTIVE_ID` or `OBJECTIVE_ID#KR_ID`, optionally `QUARTER/`-prefixed.
pub fn parse_parent(s: &str) -> Result<ShortRef, String> {
    let s = s.trim();
    if s.is_empty() {
        return Err(format!("the ref is empty; {QUOTE_HINT}"));
    }
    let (quarter, rest) = split_quarter(s);
    let (objective, kr) = match split_kr(rest) {
        Some((o, k)) => (o, Some(k)),
        None => (rest, None),
    };
    check_path(objective, s)?;
    if kr.is_some_and(|k| k.is_empty() || k.contains(['#', '/'])) {
        return Err(format!("`{s}` is not a valid ref: write `OBJECTIVE_ID#KR_ID`"));
    }
    Ok(ShortRef { quarter, objective: Some(objective.to_string()), kr: kr.map(str::to_string) })
}

/// `drives`: `KR_ID`, `OBJECTIVE_ID#KR_ID` or `QUARTER/OBJECTIVE_ID#KR_ID`.
pub fn parse_drives(s: &str) -> Result<ShortRef, String> {
    let s = s.trim();
    if s.is_empty() {
        return Err(format!("the ref is empty; {QUOTE_HINT}"));
    }
    match split_kr(s) {
        None if s.contains('/') => Err(format!(
            "`{s}` names an objective; `drives` names key results: `OBJECTIVE_ID#KR_ID` (quote it: {QUOTE_HINT})"
        )),
        None => Ok(ShortRef { quarter: None, objective: None, kr: Some(s.to_string()) }),
        Some((o, kr)) => {
            let (quarter, objective) = split_quarter(o);
            check_path(objective, s)?;
            if kr.is_empty() || kr.contains(['#', '/']) {
                return Err(format!("`{s}` is not a valid ref: write `OBJECTIVE_ID#KR_ID`"));
            }
            Ok(ShortRef { quarter, objective: Some(objective.to_string()), kr: Some(kr.to_string()) })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(s: &str) -> Quarter {
        Quarter::parse(s).unwrap()
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
        assert_eq!(k.objective.quarter(), q("2026-Q1"));
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
