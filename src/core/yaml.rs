//! A YAML tree in which every node knows its line and column.
//!
//! Built from `saphyr-parser` events rather than through a serde derive so
//! that validation can walk the whole tree and report every problem in a file
//! (a derive stops at the first). Anchors and aliases are supported, but an
//! alias expansion budget and a nesting limit keep hostile input ("billion
//! laughs", deep nesting) bounded in time and memory.

use crate::core::diagnostic::Pos;
use saphyr_parser::{Event, Parser, ScalarStyle, Span};
use std::collections::HashMap;

/// Deepest nesting of sequences and mappings accepted.
pub const MAX_DEPTH: usize = 64;
/// Most nodes that aliases may copy in one document.
pub const MAX_ALIAS_NODES: usize = 10_000;

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    /// A scalar's text. `plain` is false for quoted and block scalars,
    /// which are always strings.
    Scalar {
        text: String,
        plain: bool,
    },
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub value: Value,
    pub pos: Pos,
    /// Length in characters of the node's text on its first line.
    pub len: usize,
}

impl Node {
    /// Number of nodes in this subtree.
    fn size(&self) -> usize {
        match &self.value {
            Value::Seq(items) => 1 + items.iter().map(Node::size).sum::<usize>(),
            Value::Map(pairs) => 1 + pairs.iter().map(|(k, v)| k.size() + v.size()).sum::<usize>(),
            _ => 1,
        }
    }

    /// A short description of the node's kind for error messages.
    pub fn kind_name(&self) -> &'static str {
        match &self.value {
            Value::Null => "nothing",
            Value::Scalar { .. } => "a value",
            Value::Seq(_) => "a list",
            Value::Map(_) => "a mapping",
        }
    }

    /// The scalar text, if this is a scalar.
    pub fn as_scalar(&self) -> Option<&str> {
        match &self.value {
            Value::Scalar { text, .. } => Some(text),
            _ => None,
        }
    }

    /// The value of `key` in a mapping.
    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.value {
            Value::Map(pairs) => pairs.iter().find(|(k, _)| k.as_scalar() == Some(key)).map(|(_, v)| v),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct YamlError {
    pub message: String,
    pub pos: Pos,
}

enum Frame {
    Seq { items: Vec<Node>, pos: Pos, anchor: usize },
    Map { pairs: Vec<(Node, Node)>, key: Option<Node>, pos: Pos, anchor: usize },
}

// Long: the parser's event loop: one match over the event kinds and the stack of open nodes, which reads best in one piece.
/// Parses one YAML document. `line_offset` is added to every line so that
/// positions count from the start of the enclosing file. Returns `None` for
/// an empty document.
pub fn parse(src: &str, line_offset: u32) -> Result<Option<Node>, YamlError> {
    let pos_of = |span: &Span| span_pos(span, line_offset);
    if let Some(e) = unreadable_char(src, line_offset) {
        return Err(e);
    }
    let mut stack: Vec<Frame> = Vec::new();
    let mut anchors: HashMap<usize, Node> = HashMap::new();
    let mut alias_budget = MAX_ALIAS_NODES;
    let mut root: Option<Node> = None;
    let mut documents = 0;

    for item in Parser::new_from_str(src) {
        let (event, span) = item.map_err(|e| {
            let m = e.marker();
            let message = if e.info().contains("recursion limit") {
                format!("YAML nested more than {MAX_DEPTH} levels deep")
            } else {
                format!("invalid YAML: {}", e.info())
            };
            YamlError {
                message,
                pos: Pos::new(
                    u32::try_from(m.line()).unwrap_or(u32::MAX).saturating_add(line_offset),
                    u32::try_from(m.col()).unwrap_or(u32::MAX).saturating_add(1),
                ),
            }
        })?;
        let pos = pos_of(&span);
        let node = match event {
            Event::StreamStart | Event::StreamEnd | Event::DocumentEnd | Event::Nothing => continue,
            Event::DocumentStart(_) => {
                documents += 1;
                if documents > 1 {
                    return Err(YamlError {
                        message: "the front matter holds more than one YAML document".into(),
                        pos,
                    });
                }
                continue;
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(YamlError { message: format!("YAML nested more than {MAX_DEPTH} levels deep"), pos });
                }
                stack.push(if matches!(event, Event::SequenceStart(..)) {
                    Frame::Seq { items: Vec::new(), pos, anchor }
                } else {
                    Frame::Map { pairs: Vec::new(), key: None, pos, anchor }
                });
                continue;
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let node = match stack.pop() {
                    Some(Frame::Seq { items, pos, anchor }) => (Node { value: Value::Seq(items), pos, len: 1 }, anchor),
                    Some(Frame::Map { pairs, pos, anchor, .. }) => {
                        (Node { value: Value::Map(pairs), pos, len: 1 }, anchor)
                    }
                    None => continue,
                };
                remember(&mut anchors, node.1, &node.0);
                node.0
            }
            Event::Scalar(text, style, anchor, tag) => {
                let forced_string = tag.as_ref().is_some_and(|t| t.suffix == "str");
                let plain = style == ScalarStyle::Plain && !forced_string;
                let value = if plain && is_null(&text) {
                    Value::Null
                } else {
                    Value::Scalar { text: text.into_owned(), plain }
                };
                let node = Node { value, pos, len: span.len().max(1) };
                remember(&mut anchors, anchor, &node);
                node
            }
            Event::Alias(id) => {
                let Some(target) = anchors.get(&id) else {
                    return Err(YamlError { message: "unknown YAML alias".into(), pos });
                };
                let size = target.size();
                if size > alias_budget {
                    return Err(YamlError {
                        message: format!("YAML aliases expand to more than {MAX_ALIAS_NODES} nodes"),
                        pos,
                    });
                }
                alias_budget -= size;
                let mut copy = target.clone();
                copy.pos = pos;
                copy
            }
        };
        match stack.last_mut() {
            Some(Frame::Seq { items, .. }) => items.push(node),
            Some(Frame::Map { pairs, key, .. }) => match key.take() {
                Some(k) => pairs.push((k, node)),
                None => *key = Some(node),
            },
            None => root = Some(node),
        }
    }
    Ok(root)
}

/// Where an event starts, as a position in the enclosing file.
fn span_pos(span: &Span, line_offset: u32) -> Pos {
    let line = u32::try_from(span.start.line()).unwrap_or(u32::MAX).saturating_add(line_offset);
    let col = u32::try_from(span.start.col()).unwrap_or(u32::MAX).saturating_add(1);
    Pos::new(line, col)
}

/// The aliases that read again the scalar at `at` (through its own anchor)
/// or a collection holding it (through theirs), as positions. A value that
/// aliases copy cannot change alone: `okr set` refuses to edit it. `src` is
/// a document [`parse`] accepted, with the same `line_offset`.
pub fn aliases_reading(src: &str, line_offset: u32, at: Pos) -> Vec<Pos> {
    let mut open: Vec<usize> = Vec::new();
    let mut watched: Vec<usize> = Vec::new();
    let mut found = Vec::new();
    for item in Parser::new_from_str(src) {
        let Ok((event, span)) = item else { break };
        let pos = span_pos(&span, line_offset);
        match event {
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => open.push(anchor),
            Event::SequenceEnd | Event::MappingEnd => {
                open.pop();
            }
            Event::Scalar(_, _, anchor, _) if pos == at && watched.is_empty() => {
                watched = open.iter().copied().chain([anchor]).filter(|a| *a != 0).collect();
            }
            Event::Alias(id) if watched.contains(&id) => found.push(pos),
            _ => {}
        }
    }
    found
}

/// The first character YAML does not allow where it is, as an error: a
/// character outside YAML's printable set (control characters: NUL, BEL,
/// ESC, C1 controls; saphyr lets some through, and they would reach the
/// terminal), or a CR that no LF follows (YAML breaks lines there, but
/// positions in okr count LF-separated lines, CRLF as one break).
fn unreadable_char(src: &str, line_offset: u32) -> Option<YamlError> {
    let (i, c) = src.char_indices().find(|&(i, c)| match c {
        '\r' => !src[i + 1..].starts_with('\n'),
        '\t' | '\n' | '\u{85}' => false,
        c => c.is_control() || matches!(c, '\u{fffe}' | '\u{ffff}'),
    })?;
    let message = if c == '\r' {
        "invalid YAML: a carriage return (CR) with no line feed after it; save the file with LF or CRLF line endings"
            .to_string()
    } else {
        format!(
            "invalid YAML: the control character U+{:04X} is not allowed; remove it (in a double-quoted string, write it as an escape such as \\u{:04X})",
            u32::from(c),
            u32::from(c)
        )
    };
    let before = &src[..i];
    let line = u32::try_from(before.matches('\n').count()).unwrap_or(u32::MAX);
    let line_start = before.rfind('\n').map_or(0, |j| j + 1);
    let column = u32::try_from(before[line_start..].chars().count()).unwrap_or(u32::MAX);
    Some(YamlError {
        message,
        pos: Pos::new(line.saturating_add(1).saturating_add(line_offset), column.saturating_add(1)),
    })
}

fn remember(anchors: &mut HashMap<usize, Node>, anchor: usize, node: &Node) {
    if anchor != 0 {
        anchors.insert(anchor, node.clone());
    }
}

fn is_null(s: &str) -> bool {
    matches!(s, "" | "~" | "null" | "Null" | "NULL")
}

/// A plain scalar read as a YAML boolean.
pub fn as_bool(text: &str) -> Option<bool> {
    match text {
        "true" | "True" | "TRUE" => Some(true),
        "false" | "False" | "FALSE" => Some(false),
        _ => None,
    }
}

/// Why a scalar is not a usable number.
#[derive(Debug, PartialEq)]
pub enum NumberError {
    NotANumber,
    NotFinite,
}

/// A plain scalar read as a YAML 1.2 number (decimal, `0x`, `0o`, `.inf`,
/// `.nan`); only finite values are accepted. `-0` reads as 0.
pub fn as_number(text: &str) -> Result<f64, NumberError> {
    let t = text.trim();
    let (neg, digits) = match t.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    if matches!(digits, ".inf" | ".Inf" | ".INF") || matches!(t, ".nan" | ".NaN" | ".NAN") {
        return Err(NumberError::NotFinite);
    }
    let radix = |p: &str, r: u32| -> Option<f64> {
        digits.strip_prefix(p).and_then(|d| i64::from_str_radix(d, r).ok()).map(|v| v as f64)
    };
    let value = if let Some(v) = radix("0x", 16).or_else(|| radix("0o", 8)) {
        v
    } else {
        let ok = !digits.is_empty()
            && digits.chars().all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '+' | '-'))
            && digits.chars().next().is_some_and(|c| c.is_ascii_digit() || c == '.')
            && digits.chars().any(|c| c.is_ascii_digit());
        if !ok {
            return Err(NumberError::NotANumber);
        }
        digits.parse::<f64>().map_err(|_| NumberError::NotANumber)?
    };
    if !value.is_finite() {
        return Err(NumberError::NotFinite);
    }
    let v = if neg { -value } else { value };
    Ok(if v == 0.0 { 0.0 } else { v })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Node {
        parse(s, 0).unwrap().unwrap()
    }

    #[test]
    fn positions_are_one_based_and_offset() {
        let n = parse("a: 1\nb:\n  - x\n", 1).unwrap().unwrap();
        let Value::Map(pairs) = &n.value else { panic!() };
        assert_eq!(pairs[0].0.pos, Pos::new(2, 1));
        assert_eq!(pairs[0].1.pos, Pos::new(2, 4));
        let Value::Seq(items) = &pairs[1].1.value else { panic!() };
        assert_eq!(items[0].pos, Pos::new(4, 5));
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let n = p("é: ü\nkey: v\n");
        let Value::Map(pairs) = &n.value else { panic!() };
        assert_eq!(pairs[0].1.pos, Pos::new(1, 4));
    }

    #[test]
    fn crlf_lines_count_once() {
        let n = p("a: 1\r\nb: 2\r\n");
        assert_eq!(n.get("b").unwrap().pos, Pos::new(2, 4));
    }

    #[test]
    fn nulls_and_quoted_strings() {
        let n = p("a:\nb: ~\nc: 'null'\nd: !!str 12\n");
        assert_eq!(n.get("a").unwrap().value, Value::Null);
        assert_eq!(n.get("b").unwrap().value, Value::Null);
        assert_eq!(n.get("c").unwrap().value, Value::Scalar { text: "null".into(), plain: false });
        assert_eq!(n.get("d").unwrap().value, Value::Scalar { text: "12".into(), plain: false });
    }

    #[test]
    fn syntax_errors_have_positions() {
        let e = parse("a: [1, 2\nb: 3\n", 1).unwrap_err();
        assert!(e.message.starts_with("invalid YAML"), "{}", e.message);
        assert!(e.pos.line >= 2);
        let e = parse("a: 'unterminated\n", 0).unwrap_err();
        assert!(e.message.contains("invalid YAML"));
    }

    #[test]
    fn aliases_are_expanded_within_a_budget() {
        let n = p("a: &x [1, 2]\nb: *x\n");
        assert_eq!(n.get("b").unwrap().pos, Pos::new(2, 4));
        let Value::Seq(items) = &n.get("b").unwrap().value else { panic!() };
        assert_eq!(items.len(), 2);

        let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..10 {
            let prev = (b'a' + i - 1) as char;
            let cur = (b'a' + i) as char;
            bomb.push_str(&format!("{cur}: &{cur} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"));
        }
        let e = parse(&bomb, 0).unwrap_err();
        assert!(e.message.contains("aliases expand"), "{}", e.message);
    }

    #[test]
    fn deep_nesting_is_refused() {
        let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
        let e = parse(&deep, 0).unwrap_err();
        assert!(e.message.contains("nested"), "{}", e.message);
    }

    #[test]
    fn a_lone_carriage_return_is_refused_where_it_is() {
        // Found by the `parse` fuzz target: YAML breaks lines at a CR with
        // no LF after it, but every position in okr counts LF-separated lines,
        // so such a file would get positions past the end of its lines.
        let e = parse("a: 1\r\nb: x\ry\n", 1).unwrap_err();
        assert!(e.message.contains("carriage return"), "{}", e.message);
        assert_eq!(e.pos, Pos::new(3, 5));
        assert!(parse("a: 1\r\nb: 2\r\n", 0).is_ok());
        let e = parse("é: \"x\ry\"\n", 0).unwrap_err();
        assert_eq!(e.pos, Pos::new(1, 6));
    }

    #[test]
    fn control_characters_are_refused_where_they_are() {
        // Found by tests/it/bad_input.rs: saphyr let BEL and ESC through in a
        // plain scalar, so a title could carry terminal escape sequences.
        for (c, name) in [('\u{7}', "U+0007"), ('\u{1b}', "U+001B"), ('\0', "U+0000"), ('\u{9b}', "U+009B")] {
            let e = parse(&format!("a: 1\nb: x{c}y\n"), 1).unwrap_err();
            assert!(e.message.contains(name), "{}", e.message);
            assert_eq!(e.pos, Pos::new(3, 5));
        }
        assert!(parse("a: \"tab\there \u{85} é 🚀\"\n", 0).is_ok());
    }

    #[test]
    fn second_document_is_refused() {
        assert!(parse("a: 1\n---\nb: 2\n", 0).is_err());
    }

    #[test]
    fn numbers() {
        assert_eq!(as_number("42"), Ok(42.0));
        assert_eq!(as_number("-1.5"), Ok(-1.5));
        assert_eq!(as_number("+3"), Ok(3.0));
        assert_eq!(as_number("1e3"), Ok(1000.0));
        assert_eq!(as_number(".5"), Ok(0.5));
        assert_eq!(as_number("0x1F"), Ok(31.0));
        assert_eq!(as_number("0o17"), Ok(15.0));
        assert!(as_number("-0").unwrap().is_sign_positive());
        assert_eq!(as_number("1e400"), Err(NumberError::NotFinite));
        assert_eq!(as_number(".nan"), Err(NumberError::NotFinite));
        assert_eq!(as_number("-.inf"), Err(NumberError::NotFinite));
        for bad in ["30%", "$1.2M", "1,000", "abc", "", "e5", "1.2.3", "-"] {
            assert_eq!(as_number(bad), Err(NumberError::NotANumber), "{bad}");
        }
    }
}
