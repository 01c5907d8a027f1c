//! Positions and addresses as the protocol writes them: a line and a column counted in
//! UTF-16 code units (or UTF-8 bytes, when the client and server agree on it), and
//! `file://` URIs; and the byte offsets and KB-relative paths annals uses.

use std::path::{Component, Path, PathBuf};

use lsp_types::{Position, Range, Uri};

use crate::source::SourceFile;

/// How columns are counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-16 code units, the protocol's default.
    Utf16,
    /// UTF-8 bytes, when the client offers it.
    Utf8,
}

impl Encoding {
    /// Returns the units a character takes.
    fn units(self, c: char) -> usize {
        match self {
            Encoding::Utf16 => c.len_utf16(),
            Encoding::Utf8 => c.len_utf8(),
        }
    }

    /// Returns the units `text` takes.
    pub fn count(self, text: &str) -> usize {
        match self {
            Encoding::Utf8 => text.len(),
            Encoding::Utf16 => text.chars().map(char::len_utf16).sum(),
        }
    }
}

/// Returns the byte offset in `line` (one line's text) `units` units from its start,
/// at a character boundary; past the end, the end.
fn byte_in_line(line: &str, units: usize, enc: Encoding) -> usize {
    let mut seen = 0;
    for (i, c) in line.char_indices() {
        let next = seen + enc.units(c);
        // Inside a character (half a surrogate pair): its start.
        if next > units {
            return i;
        }
        seen = next;
    }
    line.len()
}

/// Returns the byte offset of `pos` in `text` (lines end at `\n`); a position past a
/// line's end is its end, past the last line the end of the text.
pub fn offset(text: &str, pos: Position, enc: Encoding) -> usize {
    let mut start = 0;
    for _ in 0..pos.line {
        match memchr::memchr(b'\n', &text.as_bytes()[start..]) {
            Some(i) => start += i + 1,
            None => return text.len(),
        }
    }
    let end = memchr::memchr(b'\n', &text.as_bytes()[start..]).map_or(text.len(), |i| start + i);
    let line = text[start..end].trim_end_matches('\r');
    start + byte_in_line(line, pos.character as usize, enc)
}

/// Returns the position of byte `byte` of `text`.
pub fn offset_position(text: &str, byte: usize, enc: Encoding) -> Position {
    let mut byte = byte.min(text.len());
    while !text.is_char_boundary(byte) {
        byte -= 1;
    }
    let start = memchr::memrchr(b'\n', &text.as_bytes()[..byte]).map_or(0, |i| i + 1);
    let line = memchr::memchr_iter(b'\n', &text.as_bytes()[..start]).count();
    Position::new(line as u32, enc.count(&text[start..byte]) as u32)
}

/// Returns the byte offset of `pos` in a loaded file.
pub fn file_offset(file: &SourceFile, pos: Position, enc: Encoding) -> usize {
    match file.line_range(pos.line as usize) {
        Some(range) => range.start + byte_in_line(&file.text[range], pos.character as usize, enc),
        None => file.text.len(),
    }
}

/// Converts byte offsets of one file to positions; offsets asked in increasing order
/// on one line are counted on from the last, so that many positions on one very long
/// line cost one pass over it.
pub struct Positions<'a> {
    file: &'a SourceFile,
    enc: Encoding,
    last: Option<(usize, u32, usize)>,
}

impl<'a> Positions<'a> {
    /// Returns a converter for `file`.
    pub fn new(file: &'a SourceFile, enc: Encoding) -> Positions<'a> {
        Positions {
            file,
            enc,
            last: None,
        }
    }

    /// Returns the position of `byte`.
    pub fn at(&mut self, byte: usize) -> Position {
        let text = &self.file.text;
        let mut byte = byte.min(text.len());
        while !text.is_char_boundary(byte) {
            byte -= 1;
        }
        let line = self.file.line_index(byte);
        let start = self.file.line_range(line).map_or(0, |r| r.start).min(byte);
        let (from, column) = match self.last {
            Some((at, l, col)) if l as usize == line && at <= byte => (at, col),
            _ => (start, 0),
        };
        let column = column + self.enc.count(&text[from..byte]);
        self.last = Some((byte, line as u32, column));
        Position::new(line as u32, column as u32)
    }

    /// Returns the range of bytes `start..end`.
    pub fn range(&mut self, range: std::ops::Range<usize>) -> Range {
        let start = self.at(range.start);
        Range::new(start, self.at(range.end.max(range.start)))
    }
}

/// Returns the path a `file:` URI names, or `None` for another scheme.
pub fn uri_path(uri: &Uri) -> Option<PathBuf> {
    let text = uri.as_str();
    let rest = text.strip_prefix("file://")?;
    // `file://localhost/x` and `file:///x` name the same file.
    let rest = rest.strip_prefix("localhost").unwrap_or(rest);
    let rest = rest.split(['?', '#']).next().unwrap_or(rest);
    if !rest.starts_with('/') {
        return None;
    }
    let bytes = percent_decode(rest)?;
    use std::os::unix::ffi::OsStringExt;
    Some(PathBuf::from(std::ffi::OsString::from_vec(bytes)))
}

fn percent_decode(text: &str) -> Option<Vec<u8>> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    Some(out)
}

/// Returns the `file:` URI of an absolute path.
pub fn path_uri(path: &Path) -> Option<Uri> {
    use std::os::unix::ffi::OsStrExt;
    let mut text = String::from("file://");
    for &b in path.as_os_str().as_bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            text.push(b as char);
        } else {
            text.push_str(&format!("%{b:02X}"));
        }
    }
    text.parse().ok()
}

/// Returns the path of `path` relative to the KB at `root` (absolute), with `/`
/// separators, when it is a `.ron` file inside it.
pub fn relative_in(root: &Path, path: &Path) -> Option<String> {
    let path = absolute(path);
    let inside = path.strip_prefix(root).ok()?;
    let mut parts = Vec::new();
    for component in inside.components() {
        match component {
            Component::Normal(part) => parts.push(part.to_str()?.to_string()),
            Component::CurDir => {}
            _ => return None,
        }
    }
    let relative = parts.join("/");
    relative.ends_with(".ron").then_some(relative)
}

/// Returns `path` absolute with symbolic links resolved as far as it exists, so that a
/// KB reached through a link and a file named through its real path agree.
pub fn absolute(path: &Path) -> PathBuf {
    if let Ok(real) = path.canonicalize() {
        return real;
    }
    match (path.parent(), path.file_name()) {
        (Some(parent), Some(name)) if !parent.as_os_str().is_empty() => absolute(parent).join(name),
        _ => std::env::current_dir()
            .map(|dir| dir.join(path))
            .unwrap_or_else(|_| path.to_path_buf()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> SourceFile {
        SourceFile::new(PathBuf::from("x.ron"), "x.ron".into(), text.to_string())
    }

    #[test]
    fn columns_count_utf16_units_or_bytes() {
        let text = "a\n\"Навальный 🙂\" x\n";
        let x = text.find(" x").expect("x") + 1;
        let f = file(text);
        let mut p16 = Positions::new(&f, Encoding::Utf16);
        // `"` + 9 Cyrillic letters + space + emoji (2 units) + `"` + space.
        assert_eq!(p16.at(x), Position::new(1, 15));
        let mut p8 = Positions::new(&f, Encoding::Utf8);
        assert_eq!(p8.at(x), Position::new(1, 1 + 18 + 1 + 4 + 2));
        for enc in [Encoding::Utf16, Encoding::Utf8] {
            let pos = Positions::new(&f, enc).at(x);
            assert_eq!(offset(text, pos, enc), x);
            assert_eq!(file_offset(&f, pos, enc), x);
        }
        // Inside the emoji's surrogate pair: the emoji's start.
        let emoji = text.find('🙂').expect("emoji");
        assert_eq!(offset(text, Position::new(1, 12), Encoding::Utf16), emoji);
        assert_eq!(
            offset(text, Position::new(9, 0), Encoding::Utf16),
            text.len()
        );
    }

    #[test]
    fn uris_round_trip_through_paths() {
        let path = Path::new("/tmp/a b/Ж#1.ron");
        let uri = path_uri(path).expect("uri");
        assert_eq!(uri.as_str(), "file:///tmp/a%20b/%D0%96%231.ron");
        assert_eq!(uri_path(&uri).as_deref(), Some(path));
        let other: Uri = "untitled:x".parse().expect("uri");
        assert_eq!(uri_path(&other), None);
    }

    #[test]
    fn only_ron_files_inside_the_root_are_relative() {
        let root = Path::new("/kb");
        assert_eq!(
            relative_in(root, Path::new("/kb/a/b.ron")).as_deref(),
            Some("a/b.ron")
        );
        assert_eq!(relative_in(root, Path::new("/kb/../etc/x.ron")), None);
        assert_eq!(relative_in(root, Path::new("/etc/passwd")), None);
        assert_eq!(relative_in(root, Path::new("/kb/a.txt")), None);
    }
}
