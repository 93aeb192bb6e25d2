//! Short refs as written in front matter (`parent`, `drives`).

use crate::core::quarter::Quarter;

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
    pub fn resolve(&self, quarter: Quarter, objective: &str) -> String {
        let q = self.quarter.unwrap_or(quarter);
        let o = self.objective.as_deref().unwrap_or(objective);
        match &self.kr {
            Some(kr) => format!("{q}/{o}#{kr}"),
            None => format!("{q}/{o}"),
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
    let (objective, kr) = match rest.split_once('#') {
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
    match s.split_once('#') {
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
        assert_eq!(parse_parent("company/revenue").unwrap().resolve(here, "x"), "2026-Q1/company/revenue");
        assert_eq!(
            parse_parent("company/revenue#new-mrr").unwrap().resolve(here, "x"),
            "2026-Q1/company/revenue#new-mrr"
        );
        assert_eq!(parse_parent("2025-Q4/company/revenue#a").unwrap().resolve(here, "x"), "2025-Q4/company/revenue#a");
        assert_eq!(parse_parent("revenue").unwrap().resolve(here, "x"), "2026-Q1/revenue");
        assert!(parse_parent("").unwrap_err().contains("quote"));
        assert!(parse_parent("a//b").is_err());
        assert!(parse_parent("a#").is_err());
    }

    #[test]
    fn drives_forms() {
        let here = q("2026-Q1");
        assert_eq!(parse_drives("rate").unwrap().resolve(here, "growth/a"), "2026-Q1/growth/a#rate");
        assert_eq!(parse_drives("growth/b#x").unwrap().resolve(here, "growth/a"), "2026-Q1/growth/b#x");
        assert_eq!(parse_drives("2026-Q2/growth/b#x").unwrap().resolve(here, "growth/a"), "2026-Q2/growth/b#x");
        assert!(parse_drives("growth/b").unwrap_err().contains("key results"));
        assert!(parse_drives(" ").is_err());
    }
}
