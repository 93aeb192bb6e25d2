//! The in-memory OKR model: objectives and key results as the files state
//! them, plus the positions of their fields for diagnostics.

use crate::core::diagnostic::Pos;
use crate::core::refs::{KrRef, ObjRef, Period, Ref};
use serde::Serialize;
use std::collections::BTreeMap;

macro_rules! string_enum {
    ($(#[$m:meta])* $name:ident { $($variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
        pub enum $name { $(#[serde(rename = $text)] $variant),+ }

        impl $name {
            /// Every accepted spelling, in declaration order.
            pub const NAMES: &'static [&'static str] = &[$($text),+];

            pub fn parse(s: &str) -> Option<$name> {
                match s { $($text => Some($name::$variant),)+ _ => None }
            }

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

string_enum!(
    /// What kind of work an objective is (triple-track OKRs).
    ObjectiveType { Outcome => "outcome", Build => "build", Discovery => "discovery" }
);
string_enum!(
    /// Whether an objective is expected to reach 1.0.
    Commitment { Aspirational => "aspirational", Committed => "committed" }
);
string_enum!(
    /// A KR's place in the metric tree.
    Layer { Output => "output", Leading => "leading", Input => "input" }
);
string_enum!(
    /// How a KR's value should move.
    Direction { Increase => "increase", Decrease => "decrease", AtLeast => "at_least", AtMost => "at_most" }
);
string_enum!(
    /// How often a KR is measured.
    Cadence { Daily => "daily", Weekly => "weekly", Biweekly => "biweekly", Monthly => "monthly", Quarterly => "quarterly" }
);

impl Cadence {
    /// The measurement period in days.
    pub fn days(self) -> i64 {
        match self {
            Cadence::Daily => 1,
            Cadence::Weekly => 7,
            Cadence::Biweekly => 14,
            Cadence::Monthly => 31,
            Cadence::Quarterly => 92,
        }
    }
}

/// A string value with the position it was written at.
#[derive(Debug, Clone, PartialEq)]
pub struct Spanned<T> {
    pub value: T,
    pub pos: Pos,
    pub len: usize,
}

/// A set of a KR's value fields (`baseline`, `target`, `current`,
/// `weekly_target`, `done`), one bit each: a big organisation has hundreds of
/// thousands of KRs, almost all with none.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Unreadable(u8);

impl Unreadable {
    const FIELDS: [&'static str; 5] = ["baseline", "target", "current", "weekly_target", "done"];

    fn bit(field: &str) -> u8 {
        Self::FIELDS.iter().position(|f| *f == field).map_or(0, |i| 1 << i)
    }

    /// Adds `field`; names outside the five value fields are ignored.
    pub fn insert(&mut self, field: &str) {
        self.0 |= Self::bit(field);
    }

    pub fn remove(&mut self, field: &str) {
        self.0 &= !Self::bit(field);
    }

    pub fn contains(self, field: &str) -> bool {
        self.0 & Self::bit(field) != 0
    }
}

/// The tracked values of a KR in one version of its file: what a check-in
/// changes (SPEC §9) and what scores are computed from. The one shape of
/// them: the parser's fast reading (`parse::kr_values`, with the line
/// scanner), the history engine's series points and the rules share it.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Values {
    pub current: Option<f64>,
    pub target: Option<f64>,
    pub baseline: Option<f64>,
    /// The owner's confidence (SPEC §3), when set.
    pub confidence: Option<f64>,
    /// A milestone's `done`, when set.
    pub done: Option<bool>,
}

impl Values {
    /// Whether going from `self` to `next` is a check-in (SPEC §9): a
    /// change of `current`, `done` or `confidence`.
    pub fn checked_in(&self, next: &Values) -> bool {
        self.current != next.current || self.done != next.done || self.confidence != next.confidence
    }

    /// Whether a KR introduced with these values was checked in by it.
    pub fn any_check_in(&self) -> bool {
        self.current.is_some() || self.done.is_some() || self.confidence.is_some()
    }
}

/// Every KR of one version of a file as `parse::kr_values` reads it: id,
/// values and layer, in file order.
pub type KrValues = Vec<(String, Values, Layer)>;

/// One key result as written in a file.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyResult {
    pub id: String,
    pub title: String,
    pub layer: Layer,
    pub metric: String,
    pub unit: Option<String>,
    pub baseline: Option<f64>,
    pub target: Option<f64>,
    pub current: Option<f64>,
    pub direction: Option<Direction>,
    pub confidence: Option<f64>,
    pub owner: Option<String>,
    pub cadence: Option<Cadence>,
    pub weekly_target: Option<f64>,
    pub quality_gate: Option<String>,
    /// Refs as written; resolved into `drives_resolved` by the workspace.
    pub drives: Vec<Spanned<String>>,
    pub drives_resolved: Vec<KrRef>,
    pub done: Option<bool>,
    pub weight: f64,
    /// Where the KR starts (its list item).
    pub pos: Pos,
    /// Where each field present in the file starts (key position).
    pub fields: BTreeMap<&'static str, Pos>,
    /// Fields written with a value that could not be read (a data error
    /// names each): rules do not report them as missing too.
    pub unreadable: Unreadable,
}

impl KeyResult {
    /// A KR with no fields set yet (weight 1, layer `output`), starting at `pos`.
    pub fn empty(pos: Pos) -> KeyResult {
        KeyResult {
            id: String::new(),
            title: String::new(),
            layer: Layer::Output,
            metric: String::new(),
            unit: None,
            baseline: None,
            target: None,
            current: None,
            direction: None,
            confidence: None,
            owner: None,
            cadence: None,
            weekly_target: None,
            quality_gate: None,
            drives: Vec::new(),
            drives_resolved: Vec::new(),
            done: None,
            weight: 1.0,
            pos,
            fields: BTreeMap::new(),
            unreadable: Unreadable::default(),
        }
    }

    /// Its tracked values.
    pub fn values(&self) -> Values {
        Values {
            current: self.current,
            target: self.target,
            baseline: self.baseline,
            confidence: self.confidence,
            done: self.done,
        }
    }

    /// Position of a field if present, else of the KR itself.
    pub fn field_pos(&self, name: &str) -> Pos {
        self.fields.get(name).copied().unwrap_or(self.pos)
    }
}

/// One objective: one file.
#[derive(Debug, Clone, PartialEq)]
pub struct Objective {
    /// The horizon the file's folder names (SPEC §11): a quarter, half, year or span.
    pub period: Period,
    /// Path under the period folder without `.md`, e.g. `growth/activation`.
    pub id: String,
    /// Path of the file relative to the project root, `/`-separated.
    pub file: String,
    pub title: String,
    pub title_pos: Pos,
    pub owner: Option<String>,
    pub team: String,
    pub kind: ObjectiveType,
    pub commitment: Commitment,
    pub parent: Option<Spanned<String>>,
    /// The parent as a full ref (`QUARTER/ID` or `QUARTER/ID#KR`), once resolved.
    pub parent_resolved: Option<Ref>,
    /// `bet:`: the bet the objective tests, in the team's words (SPEC §11).
    pub bet: Option<String>,
    pub allow: Vec<String>,
    pub key_results: Vec<KeyResult>,
    /// The Markdown body after the front matter.
    pub body: String,
    pub fields: BTreeMap<&'static str, Pos>,
}

impl Objective {
    /// The objective's ref.
    pub fn obj_ref(&self) -> ObjRef {
        ObjRef::new(self.period, self.id.as_str())
    }

    /// The ref of its KR `kr`.
    pub fn kr_of(&self, kr: &KeyResult) -> KrRef {
        self.obj_ref().kr(kr.id.as_str())
    }

    /// `QUARTER/ID`, as text.
    pub fn reference(&self) -> String {
        self.obj_ref().to_string()
    }

    /// `QUARTER/ID#KR`, as text.
    pub fn kr_ref(&self, kr: &KeyResult) -> String {
        self.kr_of(kr).to_string()
    }

    /// `ID#KR`: the KR's ref inside its own quarter.
    pub fn local_kr_ref(&self, kr: &KeyResult) -> String {
        self.kr_of(kr).local()
    }

    /// Who answers for one of its KRs: the KR's own `owner`, else the objective's.
    pub fn kr_owner<'a>(&'a self, kr: &'a KeyResult) -> Option<&'a str> {
        kr.owner.as_deref().or(self.owner.as_deref())
    }

    /// What `name` owns here ("my KRs"): which key results are theirs
    /// ([`Objective::kr_owner`]), by index; `None` when they own neither
    /// the objective nor any of its key results.
    pub fn owned_by(&self, name: &str) -> Option<Vec<bool>> {
        let mine: Vec<bool> = self.key_results.iter().map(|k| self.kr_owner(k) == Some(name)).collect();
        (self.owner.as_deref() == Some(name) || mine.contains(&true)).then_some(mine)
    }

    pub fn field_pos(&self, name: &str) -> Pos {
        self.fields.get(name).copied().unwrap_or(Pos::START)
    }
}

/// Whether a string is a valid KR id or objective path segment:
/// `[a-z0-9][a-z0-9._-]*`.
pub fn is_valid_id(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unreadable_fields_are_a_set_of_the_five_value_fields() {
        let mut u = Unreadable::default();
        u.insert("target");
        u.insert("done");
        u.insert("title");
        assert!(u.contains("target") && u.contains("done"));
        assert!(!u.contains("baseline") && !u.contains("title"));
        u.remove("target");
        assert!(!u.contains("target") && u.contains("done"));
    }

    #[test]
    fn ids() {
        for ok in ["a", "activation-rate", "q1.v2", "0day", "a_b"] {
            assert!(is_valid_id(ok), "{ok}");
        }
        for bad in ["", "-a", "A", "a b", "é", ".a", "_a", "a/b", "a#b"] {
            assert!(!is_valid_id(bad), "{bad}");
        }
    }

    #[test]
    fn enums_round_trip() {
        for name in Direction::NAMES {
            assert_eq!(Direction::parse(name).unwrap().as_str(), *name);
        }
        assert_eq!(Layer::parse("Output"), None);
    }
}
