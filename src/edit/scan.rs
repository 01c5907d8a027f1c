//! On-demand structure of RON text for edits: where a record's fields, a list's items
//! and a file's sections begin and end. Only the record or file being edited is
//! scanned, so loading keeps no more positions than diagnostics need.

use std::ops::Range;

use crate::load::lexer::{Lexer, Tok, Token};

/// One `name: value` of a record or of `Chronicle(...)`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Field {
    /// The field name.
    pub name: String,
    /// The byte range from the name to the end of the value.
    pub range: Range<usize>,
    /// The byte range of the value.
    pub value: Range<usize>,
    /// The position just after the comma that follows the value, if there is one.
    pub comma_end: Option<usize>,
}

/// The fields of a `Name(...)` record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    /// The position of the opening paren.
    pub open: usize,
    /// The position of the closing paren.
    pub close: usize,
    /// The fields in order.
    pub fields: Vec<Field>,
}

impl Record {
    /// Returns the field named `name`.
    pub fn field(&self, name: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.name == name)
    }
}

/// One item of a `[...]` list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    /// The byte range of the item.
    pub range: Range<usize>,
    /// The position just after the comma that follows the item, if there is one.
    pub comma_end: Option<usize>,
}

/// Why a scan failed: the text is not the shape expected (it was checked before, so
/// this means a bug or a file changed under us).
#[derive(Debug, thiserror::Error)]
#[error("cannot make sense of the text at byte {0}")]
pub struct ScanError(pub usize);

struct Scanner<'a> {
    lexer: Lexer<'a>,
    peeked: Option<Token<'a>>,
}

impl<'a> Scanner<'a> {
    fn new(text: &'a str, pos: usize) -> Scanner<'a> {
        Scanner {
            lexer: Lexer::at(text, pos),
            peeked: None,
        }
    }

    fn peek(&mut self) -> Result<&Token<'a>, ScanError> {
        if self.peeked.is_none() {
            let pos = self.lexer.position();
            self.peeked = Some(self.lexer.next_token().map_err(|_| ScanError(pos))?);
        }
        Ok(self.peeked.as_ref().expect("just filled"))
    }

    fn next(&mut self) -> Result<Token<'a>, ScanError> {
        self.peek()?;
        Ok(self.peeked.take().expect("peeked"))
    }

    /// Consumes one value and returns its byte range; nesting is counted, not recursed.
    fn value(&mut self) -> Result<Range<usize>, ScanError> {
        let first = self.next()?;
        let start = first.start;
        let mut end = first.end;
        let mut depth = 0usize;
        let mut token = first;
        loop {
            match token.tok {
                Tok::LParen | Tok::LBracket | Tok::LBrace => depth += 1,
                Tok::RParen | Tok::RBracket | Tok::RBrace => {
                    depth = depth.checked_sub(1).ok_or(ScanError(token.start))?;
                }
                Tok::Eof => return Err(ScanError(token.start)),
                // `Name(...)` or `Some(...)`: a following group belongs to the value.
                Tok::Ident(_) if depth == 0 && self.peek()?.tok != Tok::LParen => {
                    return Ok(start..end);
                }
                _ => {}
            }
            if depth == 0 && !matches!(token.tok, Tok::Ident(_)) {
                return Ok(start..end);
            }
            token = self.next()?;
            end = token.end;
        }
    }

    /// After an item: consumes a comma if there is one and returns the position after it.
    fn comma(&mut self) -> Result<Option<usize>, ScanError> {
        if self.peek()?.tok == Tok::Comma {
            return Ok(Some(self.next()?.end));
        }
        Ok(None)
    }
}

/// Scans the record (`Name(...)` or `(...)`) that starts at byte `start`.
pub fn record(text: &str, start: usize) -> Result<Record, ScanError> {
    let mut s = Scanner::new(text, start);
    if matches!(s.peek()?.tok, Tok::Ident(_)) {
        s.next()?;
    }
    let open = s.next()?;
    if open.tok != Tok::LParen {
        return Err(ScanError(open.start));
    }
    let mut fields = Vec::new();
    loop {
        let token = s.next()?;
        let name = match token.tok {
            Tok::RParen => {
                return Ok(Record {
                    open: open.start,
                    close: token.start,
                    fields,
                });
            }
            Tok::Ident(name) => name.to_string(),
            _ => return Err(ScanError(token.start)),
        };
        if s.next()?.tok != Tok::Colon {
            return Err(ScanError(token.end));
        }
        let value = s.value()?;
        let comma_end = s.comma()?;
        fields.push(Field {
            name,
            range: token.start..value.end,
            value,
            comma_end,
        });
    }
}

/// Scans the list (`[...]`) that starts at byte `start` and returns its items and the
/// position of its closing bracket.
pub fn list(text: &str, start: usize) -> Result<(Vec<Item>, usize), ScanError> {
    let mut s = Scanner::new(text, start);
    let open = s.next()?;
    if open.tok != Tok::LBracket {
        return Err(ScanError(open.start));
    }
    let mut items = Vec::new();
    loop {
        if s.peek()?.tok == Tok::RBracket {
            return Ok((items, s.next()?.start));
        }
        let range = s.value()?;
        let comma_end = s.comma()?;
        items.push(Item { range, comma_end });
    }
}

/// Scans a tuple (`(a, b, …)`) at `start` and returns its items.
pub fn tuple(text: &str, start: usize) -> Result<Vec<Item>, ScanError> {
    let mut s = Scanner::new(text, start);
    if s.next()?.tok != Tok::LParen {
        return Err(ScanError(start));
    }
    let mut items = Vec::new();
    loop {
        if s.peek()?.tok == Tok::RParen {
            return Ok(items);
        }
        let range = s.value()?;
        let comma_end = s.comma()?;
        items.push(Item { range, comma_end });
    }
}

/// Returns the position of the first token of the file (after a byte-order mark and
/// comments), or `None` when the file holds only whitespace and comments.
pub fn first_token(text: &str) -> Result<Option<usize>, ScanError> {
    // The mark is kept: edits start after it.
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut s = Scanner::new(text, start);
    let token = s.peek()?;
    Ok((token.tok != Tok::Eof).then_some(token.start))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = r#"Chronicle(
    events: [
        Event(id: "a", title: "A, (b)", actors: [("n", victim)], attrs: {"k": "v"}),
        Event(id: "b", title: "B", date: Some("2020")),
    ],
    // a comment
    relations: [],
)"#;

    #[test]
    fn scans_sections_records_and_items() {
        let chronicle = record(TEXT, 0).expect("scans");
        let names: Vec<&str> = chronicle.fields.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["events", "relations"]);
        let events = chronicle.field("events").expect("events");
        let (items, close) = list(TEXT, events.value.start).expect("list");
        assert_eq!(items.len(), 2);
        assert_eq!(&TEXT[close..close + 1], "]");
        let first = record(TEXT, items[0].range.start).expect("record");
        let title = first.field("title").expect("title");
        assert_eq!(&TEXT[title.value.clone()], "\"A, (b)\"");
        assert_eq!(
            &TEXT[first.field("attrs").expect("attrs").value.clone()],
            "{\"k\": \"v\"}"
        );
        let second = record(TEXT, items[1].range.start).expect("record");
        assert_eq!(
            &TEXT[second.field("date").expect("date").value.clone()],
            "Some(\"2020\")"
        );
        assert!(second.field("date").expect("date").comma_end.is_none());
    }
}

/// One `key: value` entry of a `{...}` map.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The byte range of the key.
    pub key: Range<usize>,
    /// The byte range of the value.
    pub value: Range<usize>,
    /// The position just after the comma that follows the entry, if there is one.
    pub comma_end: Option<usize>,
}

/// Scans the map (`{...}`) at `start` and returns its entries and the position of its
/// closing brace.
pub fn map(text: &str, start: usize) -> Result<(Vec<Entry>, usize), ScanError> {
    let mut s = Scanner::new(text, start);
    if s.next()?.tok != Tok::LBrace {
        return Err(ScanError(start));
    }
    let mut entries = Vec::new();
    loop {
        if s.peek()?.tok == Tok::RBrace {
            return Ok((entries, s.next()?.start));
        }
        let key = s.value()?;
        if s.next()?.tok != Tok::Colon {
            return Err(ScanError(key.end));
        }
        let value = s.value()?;
        let comma_end = s.comma()?;
        entries.push(Entry {
            key,
            value,
            comma_end,
        });
    }
}
