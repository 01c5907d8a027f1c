//! Source files of a knowledge base, and positions in them.

use std::ops::Range;
use std::path::PathBuf;

/// Identifies one file of a [`SourceMap`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FileId(pub u32);

/// A byte range in one source file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Span {
    /// The file the range lies in.
    pub file: FileId,
    /// The first byte of the range.
    pub start: u32,
    /// One past the last byte of the range.
    pub end: u32,
}

impl Span {
    /// Returns a span from `start` to `end` in `file`.
    pub fn new(file: FileId, start: usize, end: usize) -> Span {
        Span {
            file,
            start: start as u32,
            end: end as u32,
        }
    }

    /// Returns the byte range of the span.
    pub fn range(self) -> Range<usize> {
        self.start as usize..self.end as usize
    }

    /// Returns the span covering both `self` and `other` (same file).
    pub fn to(self, other: Span) -> Span {
        Span {
            file: self.file,
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }
}

/// A value with the span of the text it was read from.
#[derive(Clone, Debug, PartialEq)]
pub struct Spanned<T> {
    /// The value.
    pub node: T,
    /// Where it was written.
    pub span: Span,
}

impl<T> Spanned<T> {
    /// Pairs a value with its span.
    pub fn new(node: T, span: Span) -> Spanned<T> {
        Spanned { node, span }
    }
}

/// One file of the knowledge base, kept for diagnostics and edits.
#[derive(Debug)]
pub struct SourceFile {
    /// The path as the user would write it (KB directory joined with the relative path).
    pub path: PathBuf,
    /// The path relative to the KB directory, with `/` separators.
    pub relative: String,
    /// The text of the file (lossy when it was not valid UTF-8).
    pub text: String,
    /// The text with control characters masked, byte for byte, when it has any.
    display: Option<String>,
    line_starts: Vec<u32>,
    /// The number of characters before every [`CHAR_MARK`]-th byte; empty for ASCII
    /// text, where characters are bytes. A column is then counted from the nearest
    /// mark, never from the start of a line that may be megabytes long.
    char_marks: Vec<u32>,
}

/// The distance in bytes between two entries of a file's character index.
const CHAR_MARK: usize = 4096;

/// Returns the number of characters that start in `bytes`.
fn chars_starting_in(bytes: &[u8]) -> usize {
    // A byte starts a character unless it is a continuation byte (`0b10xx_xxxx`).
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

impl SourceFile {
    /// Creates a source file and indexes its line starts.
    pub fn new(path: PathBuf, relative: String, text: String) -> SourceFile {
        let mut line_starts = vec![0];
        line_starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i as u32 + 1));
        // Scan bytes first (fast); decode characters only when something suspicious is there.
        let flag = |b: u8| {
            (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r'))
                || b == 0x7f
                || b == 0xc2
                || b == 0xd8
                || b == 0xe2
        };
        // Whole chunks without an early exit, so the compiler can vectorise the scan.
        let suspicious = text
            .as_bytes()
            .chunks(256)
            .any(|chunk| chunk.iter().fold(false, |seen, &b| seen | flag(b)));
        let display = (suspicious && text.chars().any(is_hostile_control)).then(|| {
            text.chars()
                .map(|c| {
                    if is_hostile_control(c) {
                        // Same byte length, so every span still points at the same text.
                        match c.len_utf8() {
                            3 => "\u{fffd}".to_string(),
                            2 => "¿".to_string(),
                            n => "?".repeat(n),
                        }
                    } else {
                        c.to_string()
                    }
                })
                .collect()
        });
        let char_marks = if text.is_ascii() {
            Vec::new()
        } else {
            let mut seen = 0u32;
            let mut marks = Vec::with_capacity(text.len() / CHAR_MARK + 1);
            for chunk in text.as_bytes().chunks(CHAR_MARK) {
                marks.push(seen);
                seen += chars_starting_in(chunk) as u32;
            }
            marks.push(seen);
            marks
        };
        SourceFile {
            path,
            relative,
            text,
            display,
            line_starts,
            char_marks,
        }
    }

    /// Returns the text to show in a terminal: control characters (an escape sequence
    /// could recolour or move the cursor) are masked with `?`, keeping every byte offset.
    pub fn display_text(&self) -> &str {
        self.display.as_deref().unwrap_or(&self.text)
    }

    /// Returns the zero-based line holding `byte`.
    pub fn line_index(&self, byte: usize) -> usize {
        match self.line_starts.binary_search(&(byte as u32)) {
            Ok(line) => line,
            Err(next) => next - 1,
        }
    }

    /// Returns the one-based line and character column of `byte`.
    pub fn line_col(&self, byte: usize) -> (usize, usize) {
        let byte = byte.min(self.text.len());
        let line = self.line_index(byte);
        let start = self.line_starts[line] as usize;
        let mut byte = byte;
        while !self.text.is_char_boundary(byte) {
            byte -= 1;
        }
        (
            line + 1,
            self.chars_before(byte) - self.chars_before(start) + 1,
        )
    }

    /// Returns the number of characters that start before `byte`: its character offset
    /// when `byte` is a character boundary.
    fn chars_before(&self, byte: usize) -> usize {
        if self.char_marks.is_empty() {
            return byte;
        }
        let mark = byte / CHAR_MARK;
        let from = mark * CHAR_MARK;
        self.char_marks[mark] as usize + chars_starting_in(&self.text.as_bytes()[from..byte])
    }

    /// Returns the byte range of the zero-based line `line`, without its line break.
    pub fn line_range(&self, line: usize) -> Option<Range<usize>> {
        let start = *self.line_starts.get(line)? as usize;
        let end = self
            .line_starts
            .get(line + 1)
            .map_or(self.text.len(), |&next| next as usize);
        let text = &self.text[start..end];
        let trimmed = text.trim_end_matches(['\n', '\r']).len();
        Some(start..start + trimmed)
    }
}

/// All files of a knowledge base, addressed by [`FileId`].
#[derive(Debug, Default)]
pub struct SourceMap {
    files: Vec<SourceFile>,
}

impl SourceMap {
    /// Adds a file and returns its id.
    pub fn add(&mut self, file: SourceFile) -> FileId {
        self.files.push(file);
        FileId(self.files.len() as u32 - 1)
    }

    /// Returns the file with id `id`.
    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    /// Returns the file with id `id`, for changing it.
    pub fn get_mut(&mut self, id: FileId) -> &mut SourceFile {
        &mut self.files[id.0 as usize]
    }

    /// Returns every file in load order.
    pub fn files(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files
            .iter()
            .enumerate()
            .map(|(i, f)| (FileId(i as u32), f))
    }

    /// Returns the number of files.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Returns true when no file was loaded.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Returns `path:line:col` for the start of a span.
    pub fn location(&self, span: Span) -> String {
        let file = self.get(span.file);
        let (line, col) = file.line_col(span.start as usize);
        format!("{}:{line}:{col}", file.path.display())
    }

    /// Returns `path:line` for the start of a span.
    pub fn file_line(&self, span: Span) -> String {
        let file = self.get(span.file);
        let line = file.line_index((span.start as usize).min(file.text.len())) + 1;
        format!("{}:{line}", file.path.display())
    }
}

/// Returns true for control characters other than tab and line breaks.
fn is_hostile_control(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
        // Bidirectional controls would reorder the line shown under a caret.
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shown_text_masks_controls_and_bidi_overrides_without_moving_bytes() {
        let text = "a \u{1b}[31m \u{202e}b \u{061c}c".to_string();
        let file = SourceFile::new(PathBuf::from("x.ron"), "x.ron".into(), text.clone());
        let shown = file.display_text();
        assert_eq!(shown.len(), text.len());
        assert!(
            !shown.contains('\u{1b}') && !shown.contains('\u{202e}') && !shown.contains('\u{061c}')
        );
        assert_eq!(file.line_col(text.find('b').expect("b")), (1, 10));
    }

    #[test]
    fn columns_count_characters_across_index_marks() {
        let line = "é".repeat(5000) + "x\n" + &"ü".repeat(3000) + "y";
        let file = SourceFile::new(PathBuf::from("x.ron"), "x.ron".into(), line.clone());
        for (i, _) in line.char_indices().step_by(97) {
            let (l, start) = match line[..i].rfind('\n') {
                Some(nl) => (2, nl + 1),
                None => (1, 0),
            };
            assert_eq!(
                file.line_col(i),
                (l, line[start..i].chars().count() + 1),
                "{i}"
            );
        }
        // Inside a character, the column is the character's.
        assert_eq!(file.line_col(1), (1, 1));
        assert_eq!(file.line_col(line.len()), (2, 3002));
    }
}
