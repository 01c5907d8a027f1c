//! A byte cursor over part of a date string that reports errors at absolute positions.

use std::ops::Range;

use super::DateError;

/// A cursor over the bytes of `input[..end]`; positions are absolute so error ranges are too.
pub(crate) struct Cursor<'a> {
    /// The whole input, so that ranges stay absolute.
    pub input: &'a str,
    /// The position of the next byte.
    pub pos: usize,
    /// Where this part of the input ends.
    pub end: usize,
}

impl Cursor<'_> {
    /// Returns the next byte, or `None` at the end of this part.
    pub(crate) fn peek(&self) -> Option<u8> {
        if self.pos < self.end {
            self.input.as_bytes().get(self.pos).copied()
        } else {
            None
        }
    }

    /// Returns the byte `offset` places after the next one, or `None` past the end.
    pub(crate) fn peek_at(&self, offset: usize) -> Option<u8> {
        let at = self.pos.checked_add(offset)?;
        if at < self.end {
            self.input.as_bytes().get(at).copied()
        } else {
            None
        }
    }

    /// Returns true when this part of the input is used up.
    pub(crate) fn at_end(&self) -> bool {
        self.pos >= self.end
    }

    /// The byte range of the character at `pos`, whole even when it is not ASCII.
    pub(crate) fn char_range(&self, pos: usize) -> Range<usize> {
        let len = self
            .input
            .get(pos..)
            .and_then(|rest| rest.chars().next())
            .map_or(0, char::len_utf8);
        pos..pos + len
    }

    /// Advances over bytes matching `pred` and returns the range passed.
    pub(crate) fn run(&mut self, pred: impl Fn(u8) -> bool) -> Range<usize> {
        let start = self.pos;
        while self.peek().is_some_and(&pred) {
            self.pos += 1;
        }
        start..self.pos
    }

    /// Returns the input in `range`, or nothing when the range is not on character boundaries.
    pub(crate) fn text(&self, range: Range<usize>) -> &str {
        self.input.get(range).unwrap_or("")
    }

    /// The error for whatever stands at the cursor when something else was expected.
    pub(crate) fn unexpected(&self, expected: &str) -> DateError {
        if self.at_end() {
            return DateError::new(
                format!("the date ends too early: expected {expected}"),
                self.pos..self.pos,
            );
        }
        let range = self.char_range(self.pos);
        let found = self.text(range.clone()).to_string();
        let error = DateError::new(format!("unexpected `{found}`: expected {expected}"), range);
        match found.as_str() {
            "." => {
                error.with_help("ranges with `..` are written inside a one-of set: `[2020..2022]`")
            }
            "t" | "z" => error.with_help("write `T` and `Z` in upper case"),
            _ => error,
        }
    }
}

/// Returns the value of a short run of ASCII digits; anything else counts as 0 and the
/// value saturates, so a caller's mistake cannot panic.
pub(crate) fn digits_value(text: &str) -> u32 {
    text.chars().fold(0u32, |acc, c| {
        acc.saturating_mul(10)
            .saturating_add(c.to_digit(10).unwrap_or(0))
    })
}
