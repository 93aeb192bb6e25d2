//! Text positions: byte offsets to 1-based lines and character columns
//! and back, shared by `config`, `parse` and `edit`.

use crate::core::diagnostic::Pos;

/// Maps byte offsets of a text to 1-based lines and character columns.
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> LineIndex<'a> {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { text, starts }
    }

    pub fn pos(&self, offset: usize) -> Pos {
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        let start = self.starts[line - 1];
        let end = offset.min(self.text.len());
        let col = self.text.get(start..end).map_or(end - start, |s| s.chars().count());
        Pos::new(line as u32, col as u32 + 1)
    }

    /// The byte offset of a position: the inverse of [`LineIndex::pos`].
    /// `None` when the position is not in the text.
    pub fn offset(&self, pos: Pos) -> Option<usize> {
        let line = (pos.line as usize).checked_sub(1)?;
        let start = *self.starts.get(line)?;
        let end = self.starts.get(line + 1).copied().unwrap_or(self.text.len());
        let text = &self.text[start..end];
        let col = (pos.column as usize).checked_sub(1)?;
        text.char_indices().map(|(i, _)| i).chain(std::iter::once(text.len())).nth(col).map(|i| start + i)
    }
}
