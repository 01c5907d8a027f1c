//! A zero-copy tokenizer for RON text that keeps the byte span of every token.

use std::borrow::Cow;

/// What a token is.
#[derive(Clone, Debug, PartialEq)]
pub enum Tok<'a> {
    /// `(`
    LParen,
    /// `)`
    RParen,
    /// `[`
    LBracket,
    /// `]`
    RBracket,
    /// `{`
    LBrace,
    /// `}`
    RBrace,
    /// `,`
    Comma,
    /// `:`
    Colon,
    /// A bare identifier: a struct name, field name or vocabulary term.
    Ident(&'a str),
    /// A string literal, unescaped.
    Str(Cow<'a, str>),
    /// A numeric literal, as written.
    Number(&'a str),
    /// The end of the text.
    Eof,
}

impl Tok<'_> {
    /// Describes the token for messages ("`)`", "a string", "an identifier `foo`").
    pub fn describe(&self) -> String {
        match self {
            Tok::LParen => "`(`".into(),
            Tok::RParen => "`)`".into(),
            Tok::LBracket => "`[`".into(),
            Tok::RBracket => "`]`".into(),
            Tok::LBrace => "`{`".into(),
            Tok::RBrace => "`}`".into(),
            Tok::Comma => "`,`".into(),
            Tok::Colon => "`:`".into(),
            Tok::Ident(name) => format!("`{name}`"),
            Tok::Str(_) => "a string".into(),
            Tok::Number(n) => format!("the number `{n}`"),
            Tok::Eof => "the end of the file".into(),
        }
    }
}

/// A token and its byte range.
#[derive(Clone, Debug, PartialEq)]
pub struct Token<'a> {
    /// What it is.
    pub tok: Tok<'a>,
    /// Its first byte.
    pub start: usize,
    /// One past its last byte.
    pub end: usize,
    /// For strings: true when the literal spans several lines (a likely missing quote).
    pub multiline: bool,
}

/// A lexical error: the text cannot be split into tokens here.
#[derive(Clone, Debug, PartialEq)]
pub struct LexError {
    /// What is wrong.
    pub message: String,
    /// Where, as a byte range.
    pub start: usize,
    /// One past the end.
    pub end: usize,
    /// A likely fix.
    pub help: Option<String>,
}

/// Splits RON text into tokens on demand.
pub struct Lexer<'a> {
    text: &'a str,
    pos: usize,
    /// Tokens given before the text (last first), for reading a piece of a file.
    before: Vec<Tok<'a>>,
    /// Tokens given at the end of the text (last first).
    after: Vec<Tok<'a>>,
}

impl<'a> Lexer<'a> {
    /// Returns a lexer at the start of `text`.
    pub fn new(text: &'a str) -> Lexer<'a> {
        // A byte-order mark is not part of the document.
        let pos = if text.starts_with('\u{feff}') { 3 } else { 0 };
        Lexer {
            text,
            pos,
            before: Vec::new(),
            after: Vec::new(),
        }
    }

    /// Returns a lexer that starts at byte `pos` of `text` (a token boundary).
    pub fn at(text: &'a str, pos: usize) -> Lexer<'a> {
        Lexer {
            text,
            pos: pos.min(text.len()),
            before: Vec::new(),
            after: Vec::new(),
        }
    }

    /// Returns a lexer for the bytes `start..end` of `text` (token boundaries) that
    /// reads `before` first and `after` at the end, as tokens of no width at the
    /// piece's edges: a piece of a large file is read as a whole `Chronicle(...)` on
    /// its own thread, with positions in the whole file.
    pub fn piece(
        text: &'a str,
        start: usize,
        end: usize,
        before: &[Tok<'a>],
        after: &[Tok<'a>],
    ) -> Lexer<'a> {
        let mut lexer = if start == 0 {
            Lexer::new(&text[..end])
        } else {
            Lexer::at(&text[..end], start)
        };
        lexer.before = before.iter().rev().cloned().collect();
        lexer.after = after.iter().rev().cloned().collect();
        lexer
    }

    /// Returns the byte position after the last token read.
    pub fn position(&self) -> usize {
        self.pos
    }

    /// Returns the next token, skipping whitespace and comments.
    pub fn next_token(&mut self) -> Result<Token<'a>, Box<LexError>> {
        if let Some(tok) = self.before.pop() {
            return Ok(self.token(tok, self.pos));
        }
        self.skip_trivia()?;
        let bytes = self.text.as_bytes();
        let start = self.pos;
        let Some(&b) = bytes.get(start) else {
            let tok = self.after.pop().unwrap_or(Tok::Eof);
            return Ok(self.token(tok, start));
        };
        let single = match b {
            b'(' => Some(Tok::LParen),
            b')' => Some(Tok::RParen),
            b'[' => Some(Tok::LBracket),
            b']' => Some(Tok::RBracket),
            b'{' => Some(Tok::LBrace),
            b'}' => Some(Tok::RBrace),
            b',' => Some(Tok::Comma),
            b':' => Some(Tok::Colon),
            _ => None,
        };
        if let Some(tok) = single {
            self.pos += 1;
            return Ok(self.token(tok, start));
        }
        match b {
            b'"' => self.string(start),
            b'r' if matches!(bytes.get(start + 1), Some(b'"' | b'#')) => self.raw_string(start),
            b'a'..=b'z' | b'A'..=b'Z' | b'_' => {
                let end = self.scan_while(start, |b| b.is_ascii_alphanumeric() || b == b'_');
                self.pos = end;
                Ok(self.token(Tok::Ident(&self.text[start..end]), start))
            }
            b'0'..=b'9' | b'-' | b'+' | b'.' => {
                let end = self.scan_while(start + 1, |b| {
                    b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'+' | b'-')
                });
                self.pos = end;
                Ok(self.token(Tok::Number(&self.text[start..end]), start))
            }
            b'\'' => Err(Box::new(LexError {
                message: "strings are written in double quotes".into(),
                start,
                end: start + 1,
                help: Some("replace `'` with `\"`".into()),
            })),
            _ => {
                let ch = self.text[start..].chars().next().unwrap_or('\u{fffd}');
                let help = match ch {
                    '“' | '”' | '„' | '«' | '»' => {
                        Some("typographic quotes are not string delimiters: use `\"`".to_string())
                    }
                    _ => None,
                };
                Err(Box::new(LexError {
                    message: format!("unexpected character `{}`", ch.escape_debug()),
                    start,
                    end: start + ch.len_utf8(),
                    help,
                }))
            }
        }
    }

    fn token(&self, tok: Tok<'a>, start: usize) -> Token<'a> {
        Token {
            tok,
            start,
            end: self.pos,
            multiline: false,
        }
    }

    fn scan_while(&self, mut i: usize, pred: impl Fn(u8) -> bool) -> usize {
        let bytes = self.text.as_bytes();
        while i < bytes.len() && pred(bytes[i]) {
            i += 1;
        }
        i
    }

    fn skip_trivia(&mut self) -> Result<(), Box<LexError>> {
        let bytes = self.text.as_bytes();
        loop {
            match bytes.get(self.pos) {
                Some(b' ' | b'\t' | b'\n' | b'\r') => self.pos += 1,
                Some(b'/') if bytes.get(self.pos + 1) == Some(&b'/') => {
                    self.pos = match memchr(b'\n', &bytes[self.pos..]) {
                        Some(i) => self.pos + i + 1,
                        None => bytes.len(),
                    };
                }
                Some(b'/') if bytes.get(self.pos + 1) == Some(&b'*') => {
                    self.block_comment()?;
                }
                _ => return Ok(()),
            }
        }
    }

    /// Skips a block comment; RON block comments nest.
    fn block_comment(&mut self) -> Result<(), Box<LexError>> {
        let bytes = self.text.as_bytes();
        let start = self.pos;
        let mut depth = 0usize;
        let mut i = self.pos;
        while i + 1 < bytes.len() {
            match (bytes[i], bytes[i + 1]) {
                (b'/', b'*') => {
                    depth += 1;
                    i += 2;
                }
                (b'*', b'/') => {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        self.pos = i;
                        return Ok(());
                    }
                }
                _ => i += 1,
            }
        }
        Err(Box::new(LexError {
            message: "unterminated block comment".into(),
            start,
            end: start + 2,
            help: Some("close the comment with `*/`".into()),
        }))
    }

    fn string(&mut self, start: usize) -> Result<Token<'a>, Box<LexError>> {
        let bytes = self.text.as_bytes();
        let mut i = start + 1;
        let mut owned: Option<String> = None;
        let mut chunk = i;
        let mut multiline = false;
        loop {
            // Jump to the next byte that matters.
            i = match memchr::memchr3(b'"', b'\\', b'\n', &bytes[i.min(bytes.len())..]) {
                Some(offset) => i + offset,
                None => return Err(unterminated(start)),
            };
            let b = bytes[i];
            match b {
                b'"' => {
                    let value = match owned {
                        Some(mut s) => {
                            s.push_str(&self.text[chunk..i]);
                            Cow::Owned(s)
                        }
                        None => Cow::Borrowed(&self.text[start + 1..i]),
                    };
                    self.pos = i + 1;
                    return Ok(Token {
                        tok: Tok::Str(value),
                        start,
                        end: self.pos,
                        multiline,
                    });
                }
                b'\\' => {
                    let s = owned.get_or_insert_with(String::new);
                    s.push_str(&self.text[chunk..i]);
                    let (ch, len) = self.escape(i)?;
                    if let Some(ch) = ch {
                        s.push(ch);
                    }
                    i += len;
                    chunk = i;
                }
                b'\n' => {
                    multiline = true;
                    i += 1;
                }
                _ => i += 1,
            }
        }
    }

    /// Decodes the escape at `i` (a backslash); returns the character and the escape's length.
    fn escape(&self, i: usize) -> Result<(Option<char>, usize), Box<LexError>> {
        let bytes = self.text.as_bytes();
        let bad = |len: usize, message: &str| {
            Box::new(LexError {
                message: message.into(),
                start: i,
                end: (i + len).min(self.text.len()),
                help: Some(
                    "valid escapes are \\\" \\\\ \\n \\r \\t \\0 \\u{…}; write a backslash as \\\\"
                        .into(),
                ),
            })
        };
        match bytes.get(i + 1) {
            Some(b'"') => Ok((Some('"'), 2)),
            Some(b'\\') => Ok((Some('\\'), 2)),
            Some(b'/') => Ok((Some('/'), 2)),
            Some(b'\'') => Ok((Some('\''), 2)),
            Some(b'n') => Ok((Some('\n'), 2)),
            Some(b'r') => Ok((Some('\r'), 2)),
            Some(b't') => Ok((Some('\t'), 2)),
            Some(b'0') => Ok((Some('\0'), 2)),
            Some(b'b') => Ok((Some('\u{8}'), 2)),
            Some(b'f') => Ok((Some('\u{c}'), 2)),
            // A line continuation: the newline and the next line's indentation vanish.
            Some(b'\n') => {
                let end = self.scan_while(i + 2, |b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'));
                Ok((None, end - i))
            }
            Some(b'u') => {
                if bytes.get(i + 2) == Some(&b'{') {
                    let close = memchr(b'}', &bytes[i + 3..(i + 12).min(bytes.len())])
                        .ok_or_else(|| bad(3, "unterminated `\\u{…}` escape"))?;
                    let hex = &self.text[i + 3..i + 3 + close];
                    let ch = u32::from_str_radix(hex, 16)
                        .ok()
                        .and_then(char::from_u32)
                        .ok_or_else(|| bad(close + 4, "invalid unicode escape"))?;
                    Ok((Some(ch), close + 4))
                } else {
                    let hex = self
                        .text
                        .get(i + 2..i + 6)
                        .ok_or_else(|| bad(2, "invalid unicode escape"))?;
                    let ch = u32::from_str_radix(hex, 16)
                        .ok()
                        .and_then(char::from_u32)
                        .ok_or_else(|| bad(6, "invalid unicode escape"))?;
                    Ok((Some(ch), 6))
                }
            }
            Some(_) => {
                let len = 1 + self.text[i + 1..].chars().next().map_or(0, char::len_utf8);
                Err(bad(len, "unknown escape sequence"))
            }
            None => Err(unterminated(i)),
        }
    }

    fn raw_string(&mut self, start: usize) -> Result<Token<'a>, Box<LexError>> {
        let bytes = self.text.as_bytes();
        let hashes = self.scan_while(start + 1, |b| b == b'#') - (start + 1);
        let open = start + 1 + hashes;
        if bytes.get(open) != Some(&b'"') {
            return Err(Box::new(LexError {
                message: "malformed raw string".into(),
                start,
                end: open,
                help: Some("write a raw string as r\"…\" or r#\"…\"#".into()),
            }));
        }
        let mut i = open + 1;
        while i < bytes.len() {
            if bytes[i] == b'"'
                && bytes[i + 1..]
                    .iter()
                    .take(hashes)
                    .filter(|&&b| b == b'#')
                    .count()
                    == hashes
            {
                let value = &self.text[open + 1..i];
                self.pos = i + 1 + hashes;
                return Ok(Token {
                    tok: Tok::Str(Cow::Borrowed(value)),
                    start,
                    end: self.pos,
                    multiline: value.contains('\n'),
                });
            }
            i += 1;
        }
        Err(unterminated(start))
    }
}

fn unterminated(start: usize) -> Box<LexError> {
    Box::new(LexError {
        message: "unterminated string".into(),
        start,
        end: start + 1,
        help: Some("add the closing `\"`".into()),
    })
}

fn memchr(needle: u8, haystack: &[u8]) -> Option<usize> {
    memchr::memchr(needle, haystack)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(text: &str) -> Vec<Tok<'_>> {
        let mut lexer = Lexer::new(text);
        let mut out = Vec::new();
        loop {
            let token = lexer.next_token().expect("lexes");
            if token.tok == Tok::Eof {
                return out;
            }
            out.push(token.tok);
        }
    }

    #[test]
    fn splits_punctuation_identifiers_and_strings() {
        assert_eq!(
            toks(r#"Event(id: "a", kind: attack) // done"#),
            vec![
                Tok::Ident("Event"),
                Tok::LParen,
                Tok::Ident("id"),
                Tok::Colon,
                Tok::Str("a".into()),
                Tok::Comma,
                Tok::Ident("kind"),
                Tok::Colon,
                Tok::Ident("attack"),
                Tok::RParen,
            ]
        );
    }

    #[test]
    fn unescapes_strings_and_keeps_cyrillic() {
        assert_eq!(
            toks(r##""a\"b\\c\n\u{41}Навальный" r#"raw "quoted""#"##),
            vec![
                Tok::Str("a\"b\\c\nAНавальный".into()),
                Tok::Str("raw \"quoted\"".into())
            ]
        );
    }

    #[test]
    fn nested_block_comments_are_skipped() {
        assert_eq!(toks("/* a /* b */ c */ x"), vec![Tok::Ident("x")]);
    }

    #[test]
    fn unterminated_string_points_at_its_opening_quote() {
        let mut lexer = Lexer::new("  \"abc");
        let err = lexer.next_token().unwrap_err();
        assert_eq!(
            (err.start, err.message.as_str()),
            (2, "unterminated string")
        );
    }
}
