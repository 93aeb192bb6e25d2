//! Parsing one OKR file into the model.
//!
//! Invariant: parsing never fails and never panics. It returns the objective
//! it could build (if any) and every problem it found, each positioned at a
//! 1-based line and column counted from the file's first character (a UTF-8
//! byte-order mark is not counted).

use crate::core::codes::{self, Code};
use crate::core::diagnostic::{Diagnostic, Pos};
use crate::core::model::{
    is_valid_id, Cadence, Commitment, Direction, KeyResult, KrValues, Layer, Objective, ObjectiveType, Spanned, Values,
};
use crate::core::refs::{ObjRef, Period};
use crate::core::suggest;
use crate::core::text::LineIndex;
use crate::core::yaml::{self, Node, NumberError, Value};
use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};
use std::collections::BTreeMap;

pub const OBJECTIVE_FIELDS: &[&str] =
    &["title", "owner", "team", "type", "parent", "key_results", "quarter", "commitment", "allow", "bet"];
pub const KR_FIELDS: &[&str] = &[
    "id",
    "title",
    "layer",
    "metric",
    "unit",
    "baseline",
    "target",
    "current",
    "direction",
    "confidence",
    "owner",
    "cadence",
    "weekly_target",
    "quality_gate",
    "drives",
    "done",
    "weight",
];

/// The result of parsing one file.
#[derive(Debug, Default)]
pub struct Parsed {
    pub objective: Option<Objective>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Where a file sits: its period (any horizon of SPEC §11) and objective id,
/// from its path under the root.
pub fn locate(rel: &str) -> Result<(Period, String), String> {
    let mut segments = rel.split('/');
    let first = segments.next().unwrap_or_default();
    let rest: Vec<&str> = segments.collect();
    if rest.is_empty() {
        return Err(format!(
            "`{first}` is directly in the OKR root; objective files live in a quarter folder such as `2026-Q1/{first}`"
        ));
    }
    let period = Period::parse(first).ok_or_else(|| {
        format!(
            "`{first}` is not a period folder: the first folder under the OKR root names a quarter (`2026-Q1`), a half (`2026-H1`), a year (`2026`) or a span of years (`2026-2028`)"
        )
    })?;
    let mut id = rest.join("/");
    let stem_len = id.len().saturating_sub(3);
    if id.is_char_boundary(stem_len) && id[stem_len..].eq_ignore_ascii_case(".md") {
        id.truncate(stem_len);
    }
    Ok((period, id))
}

/// The tracked values of every KR of one version of a file, for the history
/// engine: `(id, values, layer)`. A
/// fast path that reads only the front matter and skips validation; `None`
/// when the YAML cannot be read or `current`, `target` or `baseline` is not a
/// plain number (such versions are skipped). A `confidence` that is not a
/// plain number or a `done` that is not a boolean reads as unset.
pub fn kr_values(bytes: &[u8]) -> Option<KrValues> {
    let text = std::str::from_utf8(bytes).ok()?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (yaml_src, _, _) = split_front_matter(text).ok()?;
    if let Some(values) = fast::scan(yaml_src) {
        return values;
    }
    kr_values_slow(yaml_src)
}

/// Both readings behind [`kr_values`], for the fuzz targets and the corpus
/// replay test: the line scanner's (`None` when it declines the file) and
/// the full YAML parser's. `None` when the file has no front matter or is
/// not UTF-8. Where the scanner answers, it must agree with the parser.
#[doc(hidden)]
#[allow(clippy::type_complexity)]
pub fn kr_values_both(bytes: &[u8]) -> Option<(Option<Option<KrValues>>, Option<KrValues>)> {
    let text = std::str::from_utf8(bytes).ok()?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (yaml_src, _, _) = split_front_matter(text).ok()?;
    Some((fast::scan(yaml_src), kr_values_slow(yaml_src)))
}

/// [`kr_values`] through the full YAML parser.
fn kr_values_slow(yaml_src: &str) -> Option<KrValues> {
    let root = yaml::parse(yaml_src, 1).ok()??;
    let Value::Seq(items) = &root.get("key_results")?.value else { return None };
    let number = |n: Option<&Node>| -> Result<Option<f64>, ()> {
        match n.map(|n| &n.value) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Scalar { text, plain: true }) => yaml::as_number(text).map(Some).map_err(|_| ()),
            Some(_) => Err(()),
        }
    };
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        let Some(id) = item.get("id").and_then(Node::as_scalar) else { continue };
        let values = Values {
            current: number(item.get("current")).ok()?,
            target: number(item.get("target")).ok()?,
            baseline: number(item.get("baseline")).ok()?,
            confidence: number(item.get("confidence")).ok().flatten(),
            done: match item.get("done").map(|n| &n.value) {
                Some(Value::Scalar { text, plain: true }) => yaml::as_bool(text),
                _ => None,
            },
        };
        let layer = item.get("layer").and_then(Node::as_scalar).and_then(Layer::parse).unwrap_or(Layer::Output);
        if out.iter().any(|(seen, ..): &(String, _, _)| seen == id) {
            continue;
        }
        out.push((id.to_string(), values, layer));
    }
    Some(out)
}

/// Splits a file into its front matter (YAML between `---` lines at the very
/// start) and body. Returns `(yaml, yaml_first_line_index, body, body_offset)`
/// where line indices are 0-based.
pub(crate) fn split_front_matter(text: &str) -> Result<(&str, &str, usize), String> {
    let first_end = text.find('\n').map_or(text.len(), |i| i + 1);
    if text[..first_end].trim_end() != "---" {
        return Err(
            "the file has no front matter: it must start with a line `---`, then the YAML fields, then another `---`"
                .into(),
        );
    }
    let mut offset = first_end;
    while offset < text.len() {
        let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i + 1);
        let line = text[offset..end].trim_end();
        if line == "---" || line == "..." {
            return Ok((&text[first_end..offset], &text[end..], end));
        }
        offset = end;
    }
    Err("the front matter is not closed: add a line `---` after the last YAML field".into())
}

/// The position of the first git conflict marker in `text`: a line starting
/// with `<<<<<<< `/`>>>>>>> ` (or exactly the seven characters), or a
/// `=======` line when one of those is present too (alone, it is a Markdown
/// heading underline).
fn conflict_marker(text: &str) -> Option<Pos> {
    let is = |line: &str, m: &str| line == m || line.strip_prefix(m).is_some_and(|r| r.starts_with(' '));
    let mut first = None;
    let mut sides = false;
    for (i, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        let side = is(line, "<<<<<<<") || is(line, ">>>>>>>") || is(line, "|||||||");
        if side || line == "=======" {
            first.get_or_insert(i);
            sides |= side;
        }
        if sides {
            break;
        }
    }
    let line = first.filter(|_| sides)?;
    Some(Pos { line: line as u32 + 1, column: 1 })
}

// Long: a row of early returns, one per way a file cannot be read at all, before the validator; each is a few lines of message and hint.
/// Parses one file. `file` is its path relative to the project root (used in
/// messages), `rel` its path relative to the OKR root.
pub fn parse_file(file: &str, rel: &str, bytes: &[u8]) -> Parsed {
    let mut out = Parsed::default();
    let err = |rule: Code, msg: String, pos: Pos| Diagnostic::error(rule.name, msg).at(file, pos);

    let (period, id) = match locate(rel) {
        Ok(v) => v,
        Err(msg) => {
            out.diagnostics.push(err(codes::QUARTER_MISMATCH, msg, Pos::START));
            return out;
        }
    };
    let reference = ObjRef::new(period, id.as_str()).to_string();
    for segment in id.split('/') {
        if !is_valid_id(segment) {
            out.diagnostics.push(
                err(codes::INVALID_ID, format!("`{segment}` in `{id}` is not a valid objective id"), Pos::START)
                    .with_ref(&reference)
                    .hint("use lowercase letters, digits, `.`, `_` and `-`, starting with a letter or digit; rename the file or folder"),
            );
        }
    }

    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let valid = &bytes[..e.valid_up_to()];
            let valid = std::str::from_utf8(valid).unwrap_or_default();
            let pos = LineIndex::new(valid).pos(valid.len());
            out.diagnostics.push(
                err(codes::INVALID_FRONT_MATTER, "the file is not valid UTF-8 text".into(), pos)
                    .with_ref(&reference)
                    .hint("save the file as UTF-8"),
            );
            return out;
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let conflict = conflict_marker(text);
    if let Some(pos) = conflict {
        out.diagnostics.push(
            err(
                codes::INVALID_FRONT_MATTER,
                "unresolved merge conflict: git left conflict markers in this file".into(),
                pos,
            )
            .with_ref(&reference)
            .hint("keep the side you want between `<<<<<<<`, `=======` and `>>>>>>>`, delete the markers, then commit"),
        );
        // In the front matter the fields cannot be read; in the body the
        // objective still can (the error stays).
        let in_body = split_front_matter(text)
            .is_ok_and(|(_, _, body_offset)| pos.line as usize > text[..body_offset].matches('\n').count());
        if !in_body {
            return out;
        }
    }
    if text.trim().is_empty() {
        out.diagnostics
            .push(err(codes::INVALID_FRONT_MATTER, "the file is empty".into(), Pos::START).with_ref(&reference).hint(
            "start it with front matter: `---`, `key_results:` with at least one KR, `---`, then `# Objective title`",
        ));
        return out;
    }
    let (yaml_src, body, body_offset) = match split_front_matter(text) {
        Ok(v) => v,
        Err(msg) => {
            out.diagnostics.push(err(codes::INVALID_FRONT_MATTER, msg, Pos::START).with_ref(&reference));
            return out;
        }
    };
    let root = match yaml::parse(yaml_src, 1) {
        Ok(Some(root)) => root,
        Ok(None) => {
            out.diagnostics.push(
                err(codes::INVALID_FRONT_MATTER, "the front matter is empty".into(), Pos::START)
                    .with_ref(&reference)
                    .hint("an objective needs at least `key_results:` with one KR"),
            );
            return out;
        }
        Err(e) => {
            let hint = if e.message.contains("must be followed by a valid YAML whitespace") {
                Some("write a space after the `:`; a tab there is not accepted")
            } else if e.message.contains("carriage return") || e.message.contains("control character") {
                None
            } else {
                Some("quote values that contain `: ` or start with `#`, `[`, `{`, `*`, `&` or `!`")
            };
            let mut d = err(codes::INVALID_FRONT_MATTER, e.message, e.pos).with_ref(&reference);
            d.hint = hint.map(|h| h.to_string().into());
            out.diagnostics.push(d);
            return out;
        }
    };
    if !matches!(root.value, Value::Map(_)) {
        out.diagnostics.push(
            err(
                codes::INVALID_FRONT_MATTER,
                format!("the front matter must be a mapping of fields, found {}", root.kind_name()),
                root.pos,
            )
            .with_ref(&reference),
        );
        return out;
    }

    let index = LineIndex::new(text);
    let heading = first_heading(body).map(|(title, off)| (title, index.pos(body_offset + off)));
    let mut v = Validator { file, reference: reference.clone(), diags: Vec::new() };
    let objective = v.objective(&root, period, id, heading, body);
    out.diagnostics.extend(v.diags);
    out.diagnostics.sort_by_key(|d| d.pos);
    out.objective = objective;
    out
}

/// The text and byte offset of the first level-1 heading of a Markdown body.
pub fn first_heading(body: &str) -> Option<(String, usize)> {
    let mut title: Option<(String, usize)> = None;
    for (event, range) in Parser::new(body).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level: HeadingLevel::H1, .. }) if title.is_none() => {
                title = Some((String::new(), usize::MAX));
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((s, off)) = title.as_mut() {
                    // The title starts where its text does, after `# `.
                    if *off == usize::MAX {
                        *off = range.start;
                    }
                    s.push_str(&t);
                }
            }
            Event::End(TagEnd::Heading(HeadingLevel::H1)) => {
                return title.map(|(s, off)| (s.trim().to_string(), off)).filter(|(s, _)| !s.is_empty());
            }
            _ => {}
        }
    }
    None
}

struct Validator<'a> {
    file: &'a str,
    reference: String,
    diags: Vec<Diagnostic>,
}

/// What a finding of the validator points at: where it starts and how many
/// characters it covers, always taken from the thing itself.
#[derive(Debug, Clone, Copy)]
struct Span {
    pos: Pos,
    len: usize,
}

impl Span {
    /// The `---` line that opens the front matter: where a finding about
    /// something the whole file lacks points.
    const OPENING: Span = Span { pos: Pos::START, len: "---".len() };

    /// A node of the YAML tree (its text on its first line).
    fn node(n: &Node) -> Span {
        Span { pos: n.pos, len: n.len }
    }

    /// A field's key where it is written: the field's name.
    fn key(name: &str, pos: Pos) -> Span {
        Span { pos, len: name.chars().count() }
    }

    /// A value read with its position (an entry of `allow`).
    fn spanned<T>(s: &Spanned<T>) -> Span {
        Span { pos: s.pos, len: s.len }
    }

    /// The first character of a node: a KR's list item, for a field it lacks.
    fn start_of(n: &Node) -> Span {
        Span { pos: n.pos, len: 1 }
    }
}

impl Validator<'_> {
    /// Every finding of the validator is made here: a data error of `rule`
    /// at `at`, about the objective or KR `r`; returned for what few
    /// findings add (`related`).
    fn report(&mut self, rule: Code, at: Span, msg: String, hint: Option<String>, r: &str) -> &mut Diagnostic {
        let mut d = Diagnostic::error(rule.name, msg).at(self.file, at.pos).span_len(at.len).with_ref(r);
        d.hint = hint.map(Into::into);
        let i = self.diags.len();
        self.diags.push(d);
        &mut self.diags[i]
    }

    fn push(&mut self, rule: Code, at: Span, msg: String, hint: Option<String>, r: &str) {
        self.report(rule, at, msg, hint, r);
    }

    fn invalid(&mut self, node: &Node, msg: String, hint: Option<String>, r: &str) {
        self.push(codes::INVALID_FRONT_MATTER, Span::node(node), msg, hint, r);
    }

    /// The fields of a mapping, reporting duplicate and unknown keys.
    fn fields<'n>(
        &mut self,
        map: &'n Node,
        known: &[&'static str],
        what: &str,
        r: &str,
    ) -> Vec<(&'static str, &'n Node, Pos)> {
        let Value::Map(pairs) = &map.value else {
            return Vec::new();
        };
        let mut seen: BTreeMap<&'static str, Pos> = BTreeMap::new();
        let mut out = Vec::new();
        for (k, v) in pairs {
            let Some(key) = k.as_scalar() else {
                self.invalid(k, format!("{what} field names must be plain words, found {}", k.kind_name()), None, r);
                continue;
            };
            let Some(name) = known.iter().copied().find(|n| *n == key) else {
                let hint = suggest::hint(key, known.iter().copied())
                    .or_else(|| Some(format!("the fields of {what} are: {}", known.join(", "))));
                self.invalid(k, format!("unknown field `{key}` in {what}"), hint, r);
                continue;
            };
            if let Some(first) = seen.get(name) {
                self.invalid(
                    k,
                    format!("field `{name}` appears twice in {what} (first at line {})", first.line),
                    Some("keep one of them".into()),
                    r,
                );
                continue;
            }
            seen.insert(name, k.pos);
            out.push((name, v, k.pos));
        }
        out
    }

    fn string(&mut self, node: &Node, field: &str, r: &str) -> Option<String> {
        match &node.value {
            Value::Scalar { text, .. } => Some(text.clone()),
            Value::Null => None,
            _ => {
                self.invalid(node, format!("`{field}` must be text, found {}", node.kind_name()), None, r);
                None
            }
        }
    }

    fn number(&mut self, node: &Node, field: &str, r: &str) -> Option<f64> {
        match &node.value {
            Value::Null => None,
            Value::Scalar { text, plain: true } => match yaml::as_number(text) {
                Ok(n) => Some(n),
                Err(NumberError::NotFinite) => {
                    self.invalid(
                        node,
                        format!("`{field}` is `{text}`, which is not a finite number"),
                        Some("write an ordinary number such as 1200 or 0.35".into()),
                        r,
                    );
                    None
                }
                Err(NumberError::NotANumber) => {
                    self.invalid(
                        node,
                        format!("`{field}` must be a number, found `{text}`"),
                        Some(number_hint(text)),
                        r,
                    );
                    None
                }
            },
            Value::Scalar { text, plain: false } => {
                let hint =
                    if yaml::as_number(text).is_ok() { "remove the quotes".to_string() } else { number_hint(text) };
                self.invalid(node, format!("`{field}` must be a number, found the text \"{text}\""), Some(hint), r);
                None
            }
            _ => {
                self.invalid(node, format!("`{field}` must be a number, found {}", node.kind_name()), None, r);
                None
            }
        }
    }

    fn boolean(&mut self, node: &Node, field: &str, r: &str) -> Option<bool> {
        match &node.value {
            Value::Null => None,
            Value::Scalar { text, plain: true } if yaml::as_bool(text).is_some() => yaml::as_bool(text),
            _ => {
                let found = node.as_scalar().map_or_else(|| node.kind_name().to_string(), |t| format!("`{t}`"));
                self.invalid(node, format!("`{field}` must be true or false, found {found}"), None, r);
                None
            }
        }
    }

    fn choice<T>(
        &mut self,
        node: &Node,
        field: &str,
        names: &[&'static str],
        parse: fn(&str) -> Option<T>,
        r: &str,
    ) -> Option<T> {
        let text = self.string(node, field, r)?;
        match parse(&text) {
            Some(v) => Some(v),
            None => {
                let hint = suggest::hint(&text, names.iter().copied())
                    .unwrap_or_else(|| format!("use one of: {}", names.join(", ")));
                self.invalid(node, format!("`{field}` cannot be `{text}`"), Some(hint), r);
                None
            }
        }
    }

    /// A list of strings; a single string is accepted as a one-item list.
    fn string_list(&mut self, node: &Node, field: &str, r: &str) -> Vec<Spanned<String>> {
        let items: Vec<&Node> = match &node.value {
            Value::Seq(items) => items.iter().collect(),
            Value::Null => return Vec::new(),
            _ => vec![node],
        };
        let mut out = Vec::new();
        for item in items {
            match &item.value {
                Value::Scalar { text, .. } => out.push(Spanned { value: text.clone(), pos: item.pos, len: item.len }),
                Value::Null => self.invalid(
                    item,
                    format!("an entry of `{field}` is empty"),
                    Some("YAML reads ` #` as the start of a comment: quote refs that contain `#`, e.g. \"growth/activation#rate\"".into()),
                    r,
                ),
                _ => self.invalid(item, format!("entries of `{field}` must be text, found {}", item.kind_name()), None, r),
            }
        }
        out
    }

    fn objective(
        &mut self,
        root: &Node,
        period: Period,
        id: String,
        heading: Option<(String, Pos)>,
        body: &str,
    ) -> Option<Objective> {
        let r = self.reference.clone();
        let r = r.as_str();
        let team_default = id.split('/').next().filter(|_| id.contains('/')).map(str::to_string);
        let mut o = Objective {
            period,
            id,
            file: self.file.to_string(),
            title: String::new(),
            title_pos: Pos::START,
            owner: None,
            team: team_default.unwrap_or_default(),
            kind: ObjectiveType::Outcome,
            commitment: Commitment::Aspirational,
            parent: None,
            parent_resolved: None,
            bet: None,
            allow: Vec::new(),
            key_results: Vec::new(),
            body: body.to_string(),
            fields: BTreeMap::new(),
        };
        let mut krs_node = None;
        for (name, node, key_pos) in self.fields(root, OBJECTIVE_FIELDS, "an objective", r) {
            o.fields.insert(name, key_pos);
            if name == "key_results" {
                krs_node = Some(node);
            } else {
                self.objective_field(&mut o, name, node, key_pos, r);
            }
        }
        if o.title.is_empty() {
            match heading {
                Some((t, pos)) => {
                    o.title = t;
                    o.title_pos = pos;
                }
                None => self.push(
                    codes::MISSING_FIELD,
                    Span::OPENING,
                    "the objective has no title".into(),
                    Some("add a `# Title` heading after the front matter, or a `title:` field".into()),
                    r,
                ),
            }
        }
        self.key_results(&mut o, krs_node, r);
        Some(o)
    }

    /// One field of an objective other than `key_results`, read into `o`.
    fn objective_field(&mut self, o: &mut Objective, name: &'static str, node: &Node, key_pos: Pos, r: &str) {
        match name {
            "title" => {
                if let Some(t) = self.string(node, name, r) {
                    o.title = t.trim().to_string();
                    o.title_pos = node.pos;
                }
            }
            "owner" => o.owner = self.string(node, name, r),
            "bet" => o.bet = self.string(node, name, r).filter(|s| !s.trim().is_empty()),
            "team" => {
                if let Some(t) = self.string(node, name, r) {
                    o.team = t;
                }
            }
            "type" => {
                if let Some(t) = self.choice(node, name, ObjectiveType::NAMES, ObjectiveType::parse, r) {
                    o.kind = t;
                }
            }
            "commitment" => {
                if let Some(c) = self.choice(node, name, Commitment::NAMES, Commitment::parse, r) {
                    o.commitment = c;
                }
            }
            "parent" => match &node.value {
                Value::Scalar { text, .. } => o.parent = Some(Spanned { value: text.clone(), pos: node.pos, len: node.len }),
                Value::Null => self.push(
                    codes::UNKNOWN_REF,
                    Span::key(name, key_pos),
                    "`parent` is empty".into(),
                    Some("YAML reads ` #` as the start of a comment: quote refs that contain `#`, e.g. parent: \"company/revenue#new-mrr\"".into()),
                    r,
                ),
                _ => self.invalid(node, format!("`parent` must be a ref such as `company/revenue#new-mrr`, found {}", node.kind_name()), None, r),
            },
            "quarter" => {
                if let Some(q) = self.string(node, name, r) {
                    if q != o.period.to_string() {
                        self.push(
                            codes::QUARTER_MISMATCH,
                            Span::node(node),
                            format!("the front matter says quarter `{q}` but the file is in the `{}` folder", o.period),
                            Some(format!("move the file to the `{q}` folder or remove the `quarter` field")),
                            r,
                        );
                    }
                }
            }
            "allow" => {
                for rule in self.string_list(node, name, r) {
                    match codes::find(&rule.value) {
                        Some(meta) if meta.kind == codes::Kind::Data => self.push(
                            codes::INVALID_FRONT_MATTER,
                            Span::spanned(&rule),
                            format!("`{}` is a data rule and cannot be silenced", rule.value),
                            Some("fix the data instead".into()),
                            r,
                        ),
                        Some(_) => o.allow.push(rule.value),
                        None => {
                            let hint = suggest::hint(&rule.value, codes::names()).or_else(|| Some("`okr rules` lists the rule names".into()));
                            self.push(codes::INVALID_FRONT_MATTER, Span::spanned(&rule), format!("unknown rule `{}` in `allow`", rule.value), hint, r);
                        }
                    }
                }
            }
            _ => {}
        }
    }

    /// The objective's `key_results` (`None`: the field is absent), read into `o`.
    fn key_results(&mut self, o: &mut Objective, krs_node: Option<&Node>, r: &str) {
        match krs_node.map(|n| (n, &n.value)) {
            None => self.push(
                codes::MISSING_FIELD,
                Span::OPENING,
                "the objective has no `key_results`".into(),
                Some("add `key_results:` with at least one KR (id, title, baseline, target)".into()),
                r,
            ),
            Some((n, Value::Seq(items))) => {
                if items.is_empty() {
                    self.push(
                        codes::MISSING_FIELD,
                        Span::node(n),
                        "`key_results` is empty".into(),
                        Some("an objective needs at least one key result".into()),
                        r,
                    );
                }
                let mut ids: BTreeMap<String, Pos> = BTreeMap::new();
                // Exactly as many as there are items: a big organisation
                // keeps a hundred thousand of these lists.
                o.key_results.reserve_exact(items.len());
                for item in items {
                    if let Some(kr) = self.key_result(item, o) {
                        if let Some(first) = ids.get(&kr.id) {
                            let kr_ref = o.kr_ref(&kr);
                            let d = self.report(
                                codes::DUPLICATE_ID,
                                Span::key("id", kr.field_pos("id")),
                                format!(
                                    "KR id `{}` is used twice in this objective (first at line {})",
                                    kr.id, first.line
                                ),
                                Some("give each key result its own id".into()),
                                &kr_ref,
                            );
                            d.related.push(kr_ref.as_str().into());
                            continue;
                        }
                        ids.insert(kr.id.clone(), kr.field_pos("id"));
                        o.key_results.push(kr);
                    }
                }
            }
            Some((n, Value::Null)) => self.push(
                codes::MISSING_FIELD,
                Span::node(n),
                "`key_results` is empty".into(),
                Some("an objective needs at least one key result".into()),
                r,
            ),
            Some((n, _)) => self.invalid(
                n,
                format!("`key_results` must be a list of key results, found {}", n.kind_name()),
                Some("start each KR with `- id: ...`".into()),
                r,
            ),
        }
    }

    fn key_result(&mut self, node: &Node, o: &Objective) -> Option<KeyResult> {
        let r_obj = o.reference();
        if !matches!(node.value, Value::Map(_)) {
            self.invalid(
                node,
                format!("a key result must be a mapping of fields, found {}", node.kind_name()),
                Some("write `- id: ...` then `title: ...` on the next line, indented".into()),
                &r_obj,
            );
            return None;
        }
        // Find the id first so that every message can carry the KR's ref.
        let id_text = node.get("id").and_then(Node::as_scalar).map(str::to_string);
        let r = id_text.as_ref().map_or_else(|| r_obj.clone(), |id| o.obj_ref().kr_text(id));
        let r = r.as_str();
        let mut kr = KeyResult::empty(node.pos);
        for (name, v, key_pos) in self.fields(node, KR_FIELDS, "a key result", r) {
            kr.fields.insert(name, key_pos);
            self.kr_field(&mut kr, name, v, r);
        }
        let complete = self.kr_checks(&kr, node, r);
        if kr.metric.is_empty() {
            kr.metric = kr.id.clone();
        }
        complete.then_some(kr)
    }

    // Long: one short arm per KR field, nothing shared between them to split along.
    /// One field of a KR, read into `kr`.
    fn kr_field(&mut self, kr: &mut KeyResult, name: &'static str, v: &Node, r: &str) {
        match name {
            "id" => {
                if let Some(id) = self.string(v, name, r) {
                    if !is_valid_id(&id) {
                        self.push(codes::INVALID_ID, Span::node(v), format!("`{id}` is not a valid KR id"), Some("use lowercase letters, digits, `.`, `_` and `-`, starting with a letter or digit, e.g. `activation-rate`".into()), r);
                    }
                    kr.id = id;
                }
            }
            "title" => kr.title = self.string(v, name, r).map(|t| t.trim().to_string()).unwrap_or_default(),
            "layer" => {
                if let Some(l) = self.choice(v, name, Layer::NAMES, Layer::parse, r) {
                    kr.layer = l;
                }
            }
            "metric" => {
                if let Some(m) = self.string(v, name, r) {
                    if !is_valid_id(&m) {
                        self.push(
                            codes::INVALID_ID,
                            Span::node(v),
                            format!("metric name `{m}` is not a valid id"),
                            Some("metric names are slugs like KR ids, e.g. `weekly-active-teams`".into()),
                            r,
                        );
                    }
                    kr.metric = m;
                }
            }
            "unit" => kr.unit = self.string(v, name, r),
            "baseline" | "target" | "current" | "weekly_target" => {
                let n = self.number(v, name, r);
                if n.is_none() && !matches!(v.value, Value::Null) {
                    kr.unreadable.insert(name);
                }
                match name {
                    "baseline" => kr.baseline = n,
                    "target" => kr.target = n,
                    "current" => kr.current = n,
                    _ => kr.weekly_target = n,
                }
            }
            "direction" => kr.direction = self.choice(v, name, Direction::NAMES, Direction::parse, r),
            "cadence" => kr.cadence = self.choice(v, name, Cadence::NAMES, Cadence::parse, r),
            "confidence" => {
                if let Some(c) = self.number(v, name, r) {
                    if (0.0..=1.0).contains(&c) {
                        kr.confidence = Some(c);
                    } else {
                        self.invalid(
                            v,
                            format!("`confidence` is {c}, outside 0..1"),
                            Some("write confidence as a fraction: 0.7 for 70%".into()),
                            r,
                        );
                    }
                }
            }
            "weight" => {
                if let Some(w) = self.number(v, name, r) {
                    if w > 0.0 {
                        kr.weight = w;
                    } else {
                        self.invalid(
                            v,
                            format!("`weight` is {w}; it must be greater than 0"),
                            Some("remove the KR or give it a positive weight".into()),
                            r,
                        );
                    }
                }
            }
            "owner" => kr.owner = self.string(v, name, r),
            "quality_gate" => kr.quality_gate = self.string(v, name, r).filter(|s| !s.trim().is_empty()),
            "drives" => kr.drives = self.string_list(v, name, r),
            "done" => {
                kr.done = self.boolean(v, name, r);
                if kr.done.is_none() && !matches!(v.value, Value::Null) {
                    kr.unreadable.insert(name);
                }
            }
            _ => {}
        }
    }

    /// What the KR's fields say together: the required ones present, a
    /// direction that fits baseline and target. Whether the KR is complete.
    fn kr_checks(&mut self, kr: &KeyResult, node: &Node, r: &str) -> bool {
        let mut complete = true;
        for (field, empty) in [("id", kr.id.is_empty()), ("title", kr.title.is_empty())] {
            if empty && !kr.fields.contains_key(field) {
                self.push(
                    codes::MISSING_FIELD,
                    Span::start_of(node),
                    format!("a key result has no `{field}`"),
                    Some(format!("add `{field}: ...` to this key result")),
                    r,
                );
                complete = false;
            } else if empty {
                let pos = kr.field_pos(field);
                self.push(
                    codes::MISSING_FIELD,
                    Span::key(field, pos),
                    format!("the key result's `{field}` is empty"),
                    None,
                    r,
                );
                complete = false;
            }
        }
        if let (Some(b), Some(t)) = (kr.baseline, kr.target) {
            match kr.direction {
                None if b == t => self.push(
                    codes::MISSING_FIELD,
                    Span::key("target", kr.field_pos("target")),
                    format!(
                        "baseline and target are both {}, so the direction cannot be derived",
                        crate::core::score::fmt_num(t)
                    ),
                    Some("add `direction: at_least` or `at_most` for a guardrail, or `increase`/`decrease`".into()),
                    r,
                ),
                Some(Direction::Increase) if t < b => self.push(
                    codes::INVALID_FRONT_MATTER,
                    Span::key("direction", kr.field_pos("direction")),
                    "`direction: increase` but the target is below the baseline".into(),
                    Some("swap baseline and target, or write `direction: decrease`".into()),
                    r,
                ),
                Some(Direction::Decrease) if t > b => self.push(
                    codes::INVALID_FRONT_MATTER,
                    Span::key("direction", kr.field_pos("direction")),
                    "`direction: decrease` but the target is above the baseline".into(),
                    Some("swap baseline and target, or write `direction: increase`".into()),
                    r,
                ),
                _ => {}
            }
        }
        if matches!(kr.direction, Some(Direction::AtLeast | Direction::AtMost)) && kr.target.is_none() {
            self.push(
                codes::MISSING_FIELD,
                Span::key("direction", kr.field_pos("direction")),
                "a guardrail (`at_least`/`at_most`) needs a `target`".into(),
                Some("add `target:` with the threshold".into()),
                r,
            );
        }
        complete
    }
}

pub(crate) fn number_hint(text: &str) -> String {
    let t = text.trim();
    if t.ends_with('%') {
        format!("write `{}` and put the unit in `unit: \"%\"`", t.trim_end_matches('%').trim())
    } else if t.contains(',') && t.replace(',', "").parse::<f64>().is_ok() {
        format!("write `{}` without thousands separators", t.replace(',', ""))
    } else if t.starts_with(['$', '€', '£']) || t.ends_with(['k', 'K', 'M', 'm', 'B']) {
        "write a plain number and put the unit in `unit:`, e.g. `1.2` with `unit: MUSD`".into()
    } else {
        "numbers are plain YAML numbers such as 42 or 0.35".into()
    }
}

mod fast;

#[cfg(test)]
mod tests;
