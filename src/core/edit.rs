//! `okr set`'s core: one key result's `current` value changed in a file's
//! text, every other byte left as it was (comments, quoting, spacing, line
//! endings, a byte-order mark). Pure: text in, text out.
//!
//! The value is found through the spanned YAML tree (`yaml`), whose
//! positions count characters; they are turned into byte offsets with
//! `text::LineIndex`. After the edit the file is parsed again and compared
//! with the original: the KR's `current` must read back as the new value and
//! nothing else in the objective may differ. Any surprise is an error and the
//! text is not returned.

use crate::core::diagnostic::{Diagnostic, Pos};
use crate::core::model::Objective;
use crate::core::parse;
use crate::core::text::LineIndex;
use crate::core::yaml::{self, Node, NumberError, Value};
use std::collections::BTreeMap;
use std::ops::Range;

/// Reads a value the way `okr set` accepts it: a plain YAML number (as in
/// the files), finite.
pub fn parse_value(text: &str) -> Result<f64, String> {
    match yaml::as_number(text) {
        Ok(v) => Ok(v),
        Err(NumberError::NotFinite) => {
            Err(format!("`{text}` is not a finite number; write an ordinary number such as 26 or 0.35"))
        }
        Err(NumberError::NotANumber) => Err(format!("`{text}` is not a number: {}", parse::number_hint(text))),
    }
}

/// Formats a value as `okr set` writes it: the shortest decimal that reads
/// back as the same number (`7`, `24.5`, `-0.25`), never `7.0`, never an
/// exponent.
pub fn format_value(value: f64) -> Result<String, String> {
    if !value.is_finite() {
        return Err(format!("{value} is not a finite number"));
    }
    if value == 0.0 {
        return Ok("0".into());
    }
    // `Display` for f64 is the shortest round-tripping decimal, without an exponent.
    Ok(format!("{value}"))
}

/// Why `okr set` did not edit a file: the message, and where in the file
/// when the refusal is about one place (`FILE:LINE:COL: message`).
#[derive(Debug, Clone, PartialEq)]
pub struct EditError {
    pub pos: Option<Pos>,
    pub message: String,
}

impl EditError {
    fn at(pos: Pos, message: String) -> EditError {
        EditError { pos: Some(pos), message }
    }
}

impl From<String> for EditError {
    fn from(message: String) -> EditError {
        EditError { pos: None, message }
    }
}

impl From<&str> for EditError {
    fn from(message: &str) -> EditError {
        EditError { pos: None, message: message.to_string() }
    }
}

impl std::fmt::Display for EditError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.pos {
            Some(p) => write!(f, "{}:{}: {}", p.line, p.column, self.message),
            None => f.write_str(&self.message),
        }
    }
}

/// Returns `text` with the `current` value of the key result `kr_id` set to
/// `value`. An existing value is replaced in place (plain, quoted, `~` or
/// empty); a KR without `current` gets a `current: VALUE` line after its
/// `target` line (else `baseline`, else `id`), indented like that key and
/// ended like that line. In a flow mapping (`{id: x, ...}`) the value is
/// replaced in place or `, current: VALUE` follows the anchor's value.
/// The error text leads with `LINE:COL: ` when it is about one place; see
/// [`set_current_at`].
pub fn set_current(text: &str, kr_id: &str, value: f64) -> Result<String, String> {
    set_current_at(text, kr_id, value).map_err(|e| e.to_string())
}

/// [`set_current`], with the refusal's position apart.
///
/// YAML anchors, aliases and tags: an alias (`current: *s`) is replaced by
/// the number (the anchor stays where it is, for whatever else reads it); an
/// anchor or tag on the value (`&a 3`, `!!float 3`) is kept, unless aliases
/// elsewhere read that value (or a mapping or list around it), which would
/// change with it, or the tag would no longer fit the number (`!!int` and a
/// fraction, `!!str`): those are refused with the place to edit by hand.
pub fn set_current_at(text: &str, kr_id: &str, value: f64) -> Result<String, EditError> {
    let new = format_value(value)?;
    let (bom, body) = match text.strip_prefix('\u{feff}') {
        Some(rest) => ("\u{feff}", rest),
        None => ("", text),
    };
    let (yaml_src, _, _) = parse::split_front_matter(body)?;
    let root = match yaml::parse(yaml_src, 1) {
        Ok(Some(root)) => root,
        Ok(None) => return Err("the front matter is empty".into()),
        Err(e) => return Err(EditError::at(e.pos, e.message)),
    };
    let kr = find_kr(&root, kr_id)?;
    let Value::Map(pairs) = &kr.value else {
        return Err(EditError::at(kr.pos, format!("the key result `{kr_id}` is not a mapping of fields")));
    };
    let src = Source { text: body, index: LineIndex::new(body) };
    let flow = body[src.offset(kr.pos)?..].starts_with('{');
    let (range, replacement) = match pairs.iter().find(|(k, _)| k.as_scalar() == Some("current")) {
        Some((key, val)) => {
            let start = src.offset(val.pos)?;
            if src.text[start..].starts_with('*') {
                // An alias: its own text, up to where a plain token ends.
                let len = src.text[start..].find(|c: char| c.is_whitespace() || matches!(c, ',' | '}' | ']'));
                (start..start + len.unwrap_or(src.text.len() - start), new.clone())
            } else {
                let copies = yaml::aliases_reading(yaml_src, 1, val.pos);
                if let Some(first) = copies.first() {
                    return Err(EditError::at(
                        val.pos,
                        format!(
                            "`current` here is read again through a YAML alias at line {}, column {}{}, which would \
                             change with it; write the numbers there and here without the anchor, then run okr set again",
                            first.line,
                            first.column,
                            match copies.len() {
                                1 => String::new(),
                                n => format!(" (and {} more)", n - 1),
                            }
                        ),
                    ));
                }
                check_tags(&src, val, value, &new)?;
                replace(&src, key, val, &new).map_err(|m| EditError::at(val.pos, m))?
            }
        }
        None => insert(&src, pairs, &new, flow)?,
    };
    let edited = format!("{bom}{}{replacement}{}", &body[..range.start], &body[range.end..]);
    verify(text, &edited, kr_id, value)?;
    Ok(edited)
}

/// Refuses a tag on `current` that the new value would not fit: `!!int`
/// with a fraction, `!!str` (a string is not a number).
fn check_tags(src: &Source, val: &Node, value: f64, new: &str) -> Result<(), EditError> {
    let start = src.offset(val.pos)?;
    let end = src.end_of(val)?.max(start);
    let mut rest = src.text.get(start..end).unwrap_or_default();
    while rest.starts_with(['&', '!']) {
        let word = rest.find([' ', '\t']).unwrap_or(rest.len());
        let tag = &rest[..word];
        let refuse = match tag {
            "!!int" | "!<tag:yaml.org,2002:int>" if value.fract() != 0.0 => {
                Some(format!("`current` is tagged `{tag}` (a whole number), and {new} is not one"))
            }
            "!!str" | "!<tag:yaml.org,2002:str>" => {
                Some(format!("`current` is tagged `{tag}`, which makes it text, not a number"))
            }
            _ => None,
        };
        if let Some(why) = refuse {
            return Err(EditError::at(val.pos, format!("{why}; remove the tag, then run okr set again")));
        }
        rest = rest[word..].trim_start_matches([' ', '\t']);
    }
    Ok(())
}

/// The KR mapping with this id; an error names the ids there are.
fn find_kr<'n>(root: &'n Node, kr_id: &str) -> Result<&'n Node, String> {
    let Some(Value::Seq(items)) = root.get("key_results").map(|n| &n.value) else {
        return Err("the front matter has no list of `key_results`".into());
    };
    let id_of = |n: &'n Node| n.get("id").and_then(Node::as_scalar);
    let found: Vec<&Node> = items.iter().filter(|n| id_of(n) == Some(kr_id)).collect();
    match found.as_slice() {
        [kr] => Ok(kr),
        [] => {
            let ids: Vec<&str> = items.iter().filter_map(id_of).collect();
            let hint = crate::core::suggest::hint(kr_id, ids.iter().copied())
                .unwrap_or_else(|| format!("its key results are: {}", ids.join(", ")));
            Err(format!("there is no key result `{kr_id}` in this file; {hint}"))
        }
        _ => Err(format!(
            "the key result id `{kr_id}` is used more than once in this file; give each key result its own id first"
        )),
    }
}

/// The text the YAML positions point into.
struct Source<'a> {
    text: &'a str,
    index: LineIndex<'a>,
}

impl Source<'_> {
    fn offset(&self, pos: Pos) -> Result<usize, String> {
        self.index.offset(pos).ok_or_else(|| format!("position {pos} is outside the file"))
    }

    /// The byte offset `chars` characters after `offset`.
    fn advance(&self, offset: usize, chars: usize) -> usize {
        self.text[offset..].char_indices().nth(chars).map_or(self.text.len(), |(i, _)| offset + i)
    }

    /// Where a node's text ends (its `len` counts characters).
    fn end_of(&self, node: &Node) -> Result<usize, String> {
        Ok(self.advance(self.offset(node.pos)?, node.len))
    }
}

/// Replaces an existing `current` value.
fn replace(src: &Source, key: &Node, val: &Node, new: &str) -> Result<(Range<usize>, String), String> {
    match &val.value {
        Value::Scalar { .. } => {
            let mut start = src.offset(val.pos)?;
            let end = src.end_of(val)?;
            if src.text[start..end].contains(['\n', '\r']) {
                return Err(format!(
                    "`current` at line {} is written over several lines; put its value on one line first",
                    val.pos.line
                ));
            }
            // The node's text starts with its anchor or tag (`&a 7`, `!!float 7`): keep them.
            while src.text[start..end].starts_with(['&', '!']) {
                let token = &src.text[start..end];
                let word = token.find([' ', '\t']).unwrap_or(token.len());
                let rest = &token[word..];
                start += token.len() - rest.trim_start_matches([' ', '\t']).len();
            }
            if src.text[start..end].starts_with(['|', '>']) || start == end {
                return Err(format!(
                    "`current` at line {} is not written as a plain value; write it as `current: {new}` by hand",
                    val.pos.line
                ));
            }
            Ok((start..end, new.to_string()))
        }
        Value::Null => {
            // `current:` with nothing after it, or `~` / `null`.
            let after_key = src.end_of(key)?;
            let rest = &src.text[after_key..];
            let colon = after_key + rest.len() - rest.trim_start_matches([' ', '\t']).len();
            if !src.text[colon..].starts_with(':') {
                return Err(format!("cannot find the `:` after `current` at line {}", key.pos.line));
            }
            let after_colon = colon + 1;
            let rest = &src.text[after_colon..];
            let start = after_colon + rest.len() - rest.trim_start_matches([' ', '\t']).len();
            let rest = &src.text[start..];
            let word = ["~", "null", "Null", "NULL"].into_iter().find(|w| {
                rest.strip_prefix(w).is_some_and(|after| {
                    after.chars().next().is_none_or(|c| c.is_whitespace() || matches!(c, '#' | ',' | '}'))
                })
            });
            Ok(match word {
                Some(w) => (start..start + w.len(), new.to_string()),
                None => (after_colon..after_colon, format!(" {new}")),
            })
        }
        _ => Err(format!("`current` at line {} holds {}; it must be a number", val.pos.line, val.kind_name())),
    }
}

/// Adds `current` to a KR that has none.
fn insert(src: &Source, pairs: &[(Node, Node)], new: &str, flow: bool) -> Result<(Range<usize>, String), String> {
    let (key, val) = ["target", "baseline", "id"]
        .into_iter()
        .find_map(|name| pairs.iter().find(|(k, _)| k.as_scalar() == Some(name)))
        .ok_or("the key result has no `target`, `baseline` or `id` to put `current` after")?;
    let anchor = key.as_scalar().unwrap_or_default();
    if flow {
        if !matches!(val.value, Value::Scalar { .. }) {
            return Err(format!(
                "the key result is written as a flow mapping (`{{...}}`) with an empty `{anchor}`; add `current: {new}` to it by hand"
            ));
        }
        let end = src.end_of(val)?;
        return Ok((end..end, format!(", current: {new}")));
    }
    // The anchor ends with its value, or with its key when it has none.
    let end = match val.value {
        Value::Scalar { .. } => src.end_of(val)?,
        _ => src.end_of(key)?,
    };
    let text = src.text;
    let line_end = text[end..].find('\n').map(|i| end + i + 1);
    let eol = match line_end {
        Some(e) if text[..e].ends_with("\r\n") => "\r\n",
        Some(_) => "\n",
        None if text.contains("\r\n") => "\r\n",
        None => "\n",
    };
    let indent = " ".repeat((key.pos.column as usize).saturating_sub(1));
    Ok(match line_end {
        Some(e) => (e..e, format!("{indent}current: {new}{eol}")),
        None => (text.len()..text.len(), format!("{eol}{indent}current: {new}")),
    })
}

/// The path the edited text is parsed under for the check; it only has to be
/// a valid objective path, and is the same for both versions.
const CHECK_FILE: &str = "okrs/2000-Q1/objective.md";
const CHECK_REL: &str = "2000-Q1/objective.md";

/// Parses both versions and refuses unless the only difference in the model
/// is the KR's `current`, now `value`, and the edit adds no problem.
fn verify(before: &str, after: &str, kr_id: &str, value: f64) -> Result<(), String> {
    let old = parse::parse_file(CHECK_FILE, CHECK_REL, before.as_bytes());
    let new = parse::parse_file(CHECK_FILE, CHECK_REL, after.as_bytes());
    let (old, old_diags) = (old.objective, old.diagnostics);
    let (new, new_diags) = (new.objective, new.diagnostics);
    let refuse = |why: &str| {
        Err(format!(
            "the edit was not made because {why}; set the value by hand (and please report this with the file)"
        ))
    };
    let Some(mut old_o) = old else {
        return Err("the file has errors that keep it from being read; `okr check` shows them".into());
    };
    let Some(mut new_o) = new else {
        return refuse("the edited file could not be read back");
    };
    let Some(old_i) = old_o.key_results.iter().position(|k| k.id == kr_id) else {
        return Err(format!(
            "the key result `{kr_id}` has errors that keep it from being read; `okr check` shows them"
        ));
    };
    let Some(new_i) = new_o.key_results.iter().position(|k| k.id == kr_id) else {
        return refuse("the key result was not found in the edited file");
    };
    if new_o.key_results[new_i].current != Some(value) {
        return refuse(&format!("`current` did not read back as {}", format_value(value)?));
    }
    old_o.key_results[old_i].current = Some(value);
    old_o.key_results[old_i].fields.remove("current");
    new_o.key_results[new_i].fields.remove("current");
    // A value that could not be read before (`current: "oops"`) is readable now.
    old_o.key_results[old_i].unreadable.remove("current");
    without_positions(&mut old_o);
    without_positions(&mut new_o);
    if old_o != new_o {
        return refuse("something else in the file would have changed");
    }
    let count = |diags: &[Diagnostic]| {
        let mut by_rule: BTreeMap<&str, usize> = BTreeMap::new();
        for d in diags {
            *by_rule.entry(d.rule).or_default() += 1;
        }
        by_rule
    };
    let (old_n, new_n) = (count(&old_diags), count(&new_diags));
    if let Some(d) = new_diags.iter().find(|d| new_n[d.rule] > old_n.get(d.rule).copied().unwrap_or(0)) {
        return refuse(&format!("the edited file would have a new problem: {}", d.message));
    }
    Ok(())
}

/// Clears every position, so that an inserted line does not count as a change.
fn without_positions(o: &mut Objective) {
    o.title_pos = Pos::START;
    o.fields.values_mut().for_each(|p| *p = Pos::START);
    if let Some(p) = &mut o.parent {
        p.pos = Pos::START;
    }
    for kr in &mut o.key_results {
        kr.pos = Pos::START;
        kr.fields.values_mut().for_each(|p| *p = Pos::START);
        kr.drives.iter_mut().for_each(|d| d.pos = Pos::START);
    }
}

#[cfg(test)]
mod tests;
