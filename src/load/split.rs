//! Reading one large file on two threads: the file is cut between two records of one
//! of its sections, near the middle, and each piece is read as a `Chronicle(...)` of
//! its own (the lexer adds the missing brackets as tokens of no width), with positions
//! in the whole file. An import of a million events into one file reads in about half
//! the time.
//!
//! The cut is found by a scan of the bytes that knows strings and line comments; on
//! anything it does not follow exactly (block comments, raw strings, a quote in
//! single quotes, brackets that do not match) it finds no cut, and the file is read
//! whole. A piece that reads with an error is never trusted either: the loader then
//! reads the KB again without cutting, so diagnostics are those of a whole reading.

use crate::load::lexer::{Lexer, Tok};

/// Where a file is cut: right after the comma that ends a record of `section`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cut {
    /// The byte after the comma.
    pub at: usize,
    /// The section whose list is cut (`events`, `relations`…).
    pub section: &'static str,
}

/// The sections whose lists hold records, as the file format names them.
const SECTIONS: [&str; 5] = ["actors", "places", "sources", "events", "relations"];

/// Returns the first place at or after the middle of `text` where it can be cut
/// between two records of a section, or `None`.
pub fn find_cut(text: &str) -> Option<Cut> {
    let bytes = text.as_bytes();
    let middle = text.len() / 2;
    let mut i = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut depth = 0usize;
    // The last identifier read directly inside `Chronicle(`, and the section whose
    // list is open.
    let mut last_field: Option<&str> = None;
    let mut section: Option<&'static str> = None;
    let mut seen_top = false;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'"' => i = after_string(bytes, i)?,
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                i = memchr::memchr(b'\n', &bytes[i..]).map_or(bytes.len(), |n| i + n + 1);
            }
            b'/' | b'\'' => return None,
            b'a'..=b'z' | b'A'..=b'Z' | b'_' => {
                if b == b'r' && matches!(bytes.get(i + 1), Some(b'"' | b'#')) {
                    return None;
                }
                let start = i;
                while bytes
                    .get(i)
                    .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_')
                {
                    i += 1;
                }
                let ident = &text[start..i];
                if depth == 0 {
                    if seen_top || ident != "Chronicle" {
                        return None;
                    }
                    seen_top = true;
                } else if depth == 1 {
                    last_field = Some(ident);
                }
            }
            b'(' | b'{' | b'[' => {
                if depth == 0 && (b != b'(' || !seen_top) {
                    return None;
                }
                if depth == 1 {
                    section = match (b, last_field) {
                        (b'[', Some(field)) => SECTIONS.iter().copied().find(|s| *s == field),
                        _ => None,
                    };
                }
                depth += 1;
                i += 1;
            }
            b')' | b'}' | b']' => {
                depth = depth.checked_sub(1)?;
                if depth <= 1 {
                    section = None;
                }
                i += 1;
            }
            b',' if depth == 2 && i >= middle => {
                return section.map(|section| Cut { at: i + 1, section });
            }
            _ => i += 1,
        }
    }
    None
}

/// Returns the byte after the string that starts at `start`, or `None` when it does
/// not end.
fn after_string(bytes: &[u8], start: usize) -> Option<usize> {
    let mut i = start + 1;
    loop {
        match *bytes.get(i)? {
            b'\\' => i += 2,
            b'"' => return Some(i + 1),
            _ => i += 1,
        }
    }
}

/// The lexer for the piece of `text` before `cut`: the records up to the cut, then
/// the section's list and the `Chronicle` closed.
pub fn head(text: &str, cut: Cut) -> Lexer<'_> {
    Lexer::piece(text, 0, cut.at, &[], &[Tok::RBracket, Tok::RParen])
}

/// The lexer for the piece of `text` from `cut`: a `Chronicle` with the section's list
/// opened, then the rest of the file.
pub fn tail(text: &str, cut: Cut) -> Lexer<'_> {
    Lexer::piece(
        text,
        cut.at,
        text.len(),
        &[
            Tok::Ident("Chronicle"),
            Tok::LParen,
            Tok::Ident(cut.section),
            Tok::Colon,
            Tok::LBracket,
        ],
        &[],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cut(text: &str) -> Option<(String, &'static str)> {
        find_cut(text).map(|c| (text[c.at..].trim_start().to_string(), c.section))
    }

    #[test]
    fn a_file_is_cut_after_a_record_of_a_section_past_the_middle() {
        let text = r#"Chronicle(title: "T", events: [Event(id: "a", title: "x, y"), Event(id: "b", title: "(["), Event(id: "c", title: "z")], relations: [])"#;
        let (rest, section) = cut(text).expect("a cut");
        assert_eq!(section, "events");
        assert!(rest.starts_with("Event(id: \"c\""), "{rest}");
    }

    #[test]
    fn strings_comments_and_nesting_do_not_mislead_the_cut() {
        // A comma inside a string, a comment and a record's own fields are not cuts.
        let text = "Chronicle(\n  // a comment, with a comma ] and a bracket\n  events: [\n    Event(id: \"a\", title: \"q \\\" , ]\", actors: [(\"x\", y)]),\n    Event(id: \"b\", title: \"b\"),\n    Event(id: \"c\", title: \"c\"),\n  ],\n)";
        let (rest, section) = cut(text).expect("a cut");
        assert_eq!(section, "events");
        assert!(rest.starts_with("Event(id: \"b\""), "{rest}");
    }

    #[test]
    fn what_the_scan_does_not_follow_gives_no_cut() {
        // Before the middle, where the scan must be exact; the pieces after a cut are
        // read by the lexer itself, which knows all of these.
        for text in [
            "Chronicle(events: [Event(id: \"a\", note: /* , */ \"n\"), Event(id: \"b\")])",
            "Chronicle(events: [Event(id: r\"a\", title: \"long enough\"), Event(id: \"b\")])",
            "Chronicle(events: [Event(id: 'a', title: \"long enough here\"), Event(id: \"b\")])",
            "Chronicle(events: [Event(id: \"a, b, c, d, e, f, g, h, i, j, k, l, m, n",
            "Other(events: [Event(id: \"a\"), Event(id: \"b\"), Event(id: \"c\")])",
            "Chronicle(vocabulary: Vocabulary(kinds: [a, b, c, d, e, f, g, h, i, j, k]))",
            "Chronicle(events: [Event(id: \"a\")]]), events: [Event(id: \"b\"), Event(id: \"c\")])",
        ] {
            assert_eq!(find_cut(text), None, "{text}");
        }
    }
}
