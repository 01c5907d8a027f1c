//! Reads one file's `Chronicle(...)` into records, with the span of every token and
//! recovery after errors so that one run reports every problem in the file.

mod records;
mod values;

use crate::diag::{Diagnostic, did_you_mean};
use crate::load::lexer::{LexError, Lexer, Tok, Token};
use crate::load::parsed::Parsed;
use crate::model::schema::{self, Chronicle, Record};
use crate::source::{FileId, Span};

/// Why reading stopped: the diagnostic is already recorded.
#[derive(Debug)]
enum Bail {
    /// The current record is broken; skip to its end and go on.
    Recover,
    /// The rest of the file cannot be read (a lexical error).
    Fatal,
}

type Read<T> = Result<T, Bail>;

/// Reads `text` (file `file`) into `kb`, appending diagnostics to `diags`.
pub fn read_file(kb: &mut Parsed, file: FileId, text: &str, diags: &mut Vec<Diagnostic>) {
    read_tokens(kb, file, Lexer::new(text), diags);
}

/// Reads the file `file` from the tokens of `lexer`: the whole file, or a piece of it
/// that the lexer frames as a `Chronicle(...)` of its own ([`Lexer::piece`]).
pub fn read_tokens(kb: &mut Parsed, file: FileId, lexer: Lexer<'_>, diags: &mut Vec<Diagnostic>) {
    let mut reader = Reader {
        lexer,
        peeked: None,
        file,
        depth: 0,
        prev_multiline: None,
        prev_end: 0,
        prev_string: None,
        recovering: false,
        errors_before: syntax_errors(diags),
        held: Vec::new(),
        kb,
        diags,
    };
    // Errors are recorded as diagnostics; what is left of the file is abandoned.
    let _ = reader.chronicle();
}

struct Reader<'a, 'k> {
    lexer: Lexer<'a>,
    peeked: Option<Token<'a>>,
    file: FileId,
    /// Open brackets consumed so far; used to skip to the end of a broken record.
    depth: usize,
    /// The span of the previous token when it was a string running over several lines.
    prev_multiline: Option<Span>,
    /// The end of the previous token.
    prev_end: usize,
    /// The span of the previous token when it was a string.
    prev_string: Option<Span>,
    /// True while skipping a broken record: later lexical errors are its echoes.
    recovering: bool,
    /// The number of syntax errors recorded before this file.
    errors_before: usize,
    /// Date errors of the record being read that a Julian reading would not have (a
    /// Julian 29 February in 1700, 1800, 1900): held, with the date's span, until the
    /// record's `calendar` is known.
    held: Vec<(Span, Diagnostic)>,
    kb: &'k mut Parsed,
    diags: &'k mut Vec<Diagnostic>,
}

impl<'a> Reader<'a, '_> {
    fn span(&self, start: usize, end: usize) -> Span {
        Span::new(self.file, start, end)
    }

    #[allow(clippy::boxed_local)] // the lexer boxes its rare errors to keep tokens small
    fn lex_error(&mut self, err: Box<LexError>) -> Bail {
        let err = *err;
        if self.recovering {
            return Bail::Fatal;
        }
        let diag = Diagnostic::error("syntax", err.message)
            .at(self.span(err.start, err.end))
            .maybe_help(err.help);
        self.diags.push(diag);
        Bail::Fatal
    }

    fn peek(&mut self) -> Read<&Token<'a>> {
        if self.peeked.is_none() {
            let token = self.lexer.next_token().map_err(|e| self.lex_error(e))?;
            self.peeked = Some(token);
        }
        Ok(self.peeked.as_ref().expect("just filled"))
    }

    fn bump(&mut self) -> Read<Token<'a>> {
        self.peek()?;
        let token = self.peeked.take().expect("peeked");
        match token.tok {
            Tok::LParen | Tok::LBracket | Tok::LBrace => self.depth += 1,
            Tok::RParen | Tok::RBracket | Tok::RBrace => self.depth = self.depth.saturating_sub(1),
            _ => {}
        }
        self.prev_end = token.end;
        self.prev_string = match token.tok {
            Tok::Str(_) => Some(self.span(token.start, token.end)),
            _ => None,
        };
        self.prev_multiline = match token.tok {
            Tok::Str(_) if token.multiline => Some(self.span(token.start, token.end)),
            _ => None,
        };
        Ok(token)
    }

    /// Records "expected X, found Y" at the next token and returns `Recover`.
    fn unexpected(&mut self, expected: &str) -> Bail {
        let (found, start, end, eof) = match self.peek() {
            Ok(token) => (
                token.tok.describe(),
                token.start,
                token.end,
                token.tok == Tok::Eof,
            ),
            Err(bail) => return bail,
        };
        if self.recovering || (eof && self.errors_before < syntax_errors(self.diags)) {
            // An early end after a syntax error in this file is that error's echo; an
            // impossible date or an unknown term cannot unbalance the brackets.
            return Bail::Recover;
        }
        let diag = match self.prev_multiline {
            // A string that swallowed the following lines is almost always a missing quote.
            Some(string) => Diagnostic::error("syntax", "unterminated string")
                .at(Span::new(
                    self.file,
                    string.start as usize,
                    string.start as usize + 1,
                ))
                .with_label("this string runs on over the following lines")
                .also(
                    self.span(start, end),
                    format!("expected {expected}, found {found}"),
                )
                .help("add the closing `\"` where the text ends"),
            None => {
                let diag =
                    Diagnostic::error("syntax", format!("expected {expected}, found {found}"))
                        .at(self.span(start, end));
                match self.prev_string {
                    // Text glued to a closing quote: the quote was meant to be inside the text.
                    Some(string) if string.end as usize == start => diag
                        .also(string, "this string ends here")
                        .help("to put a `\"` inside text, write it as `\\\"`"),
                    _ => diag,
                }
            }
        };
        self.diags.push(diag);
        Bail::Recover
    }

    fn expect(&mut self, want: Tok<'static>, what: &str) -> Read<Token<'a>> {
        if self.peek()?.tok == want {
            self.bump()
        } else {
            Err(self.unexpected(what))
        }
    }

    /// Consumes one whole value without interpreting it; never recurses.
    fn skip_value(&mut self) -> Read<()> {
        let base = self.depth;
        loop {
            let token = self.bump()?;
            match token.tok {
                Tok::Eof => return Ok(()),
                Tok::Ident(_) => {
                    if self.peek()?.tok != Tok::LParen && self.depth == base {
                        return Ok(());
                    }
                }
                Tok::LParen | Tok::LBracket | Tok::LBrace => {}
                _ => {
                    if self.depth <= base {
                        return Ok(());
                    }
                }
            }
        }
    }

    /// Skips to the close of the group that was open at depth `depth + 1`.
    fn recover_to(&mut self, depth: usize) -> Read<()> {
        self.recovering = true;
        while self.depth > depth {
            if self.bump()?.tok == Tok::Eof {
                break;
            }
        }
        self.recovering = false;
        Ok(())
    }

    fn chronicle(&mut self) -> Read<()> {
        if self.peek()?.tok == Tok::Eof {
            let span = self.span(0, 0);
            self.diags.push(
                Diagnostic::warning("empty-file", "the file holds no `Chronicle(...)`")
                    .at(span)
                    .help("write `Chronicle()` or add records"),
            );
            return Ok(());
        }
        let mut top = Chronicle::blank();
        let result = self.record(&mut top);
        if top.is_set() || !top.allow.is_empty() {
            self.kb.headings.push(top);
        }
        match result {
            Ok(_) => {}
            Err(Bail::Recover) => return Ok(()),
            Err(Bail::Fatal) => return Err(Bail::Fatal),
        }
        let token = self.peek()?;
        if token.tok != Tok::Eof {
            let (start, end, found) = (token.start, token.end, token.tok.describe());
            self.diags.push(
                Diagnostic::error(
                    "syntax",
                    format!("expected the end of the file after `Chronicle(...)`, found {found}"),
                )
                .at(self.span(start, end))
                .help("a file holds exactly one `Chronicle(...)`; move these records into it"),
            );
        }
        Ok(())
    }

    /// Reads `[record, record, …]`, recovering after each broken record.
    fn list_of_records(&mut self, mut each: impl FnMut(&mut Self) -> Read<()>) -> Read<()> {
        self.expect(Tok::LBracket, "`[`")?;
        let depth = self.depth;
        loop {
            if self.peek()?.tok == Tok::RBracket {
                self.bump()?;
                return Ok(());
            }
            match each(self) {
                Ok(()) => {}
                Err(Bail::Recover) => {
                    self.recover_to(depth)?;
                    // Skip what is left of the broken item up to the next separator.
                    self.recovering = true;
                    while !matches!(self.peek()?.tok, Tok::Comma | Tok::RBracket | Tok::Eof) {
                        self.skip_value()?;
                    }
                    self.recovering = false;
                }
                Err(Bail::Fatal) => return Err(Bail::Fatal),
            }
            if matches!(self.peek()?.tok, Tok::Ident(_) | Tok::LParen) && !self.recovering {
                // Another record follows without a `,`: report it and read on.
                self.missing_comma("records");
                continue;
            }
            if !self.list_separator()? {
                return Ok(());
            }
        }
    }

    /// After a list item: consumes `,` (true: more may follow) or `]` (false: done).
    fn list_separator(&mut self) -> Read<bool> {
        match self.peek()?.tok {
            Tok::Comma => {
                self.bump()?;
                Ok(true)
            }
            Tok::RBracket => {
                self.bump()?;
                Ok(false)
            }
            _ => Err(self.unexpected("`,` or `]`")),
        }
    }

    /// Reads `Name(field: value, …)` into `target`, each field as its table entry says;
    /// returns the span of the name (or of the opening paren when the name is omitted)
    /// and the set of fields given, by their index in `R::FIELDS`.
    fn record<R: Record>(&mut self, target: &mut R) -> Read<(Span, u64)> {
        let name = R::NAME;
        let head = self.struct_head(name)?;
        let mut seen = 0u64;
        loop {
            let field_name = match &self.peek()?.tok {
                Tok::RParen => {
                    self.bump()?;
                    return Ok((head, seen));
                }
                Tok::Ident(field_name) => *field_name,
                _ => return Err(self.unexpected("a field name or `)`")),
            };
            let token = self.bump()?;
            let field_span = self.span(token.start, token.end);
            if schema::is_listed_record(field_name) && self.peek()?.tok == Tok::LParen {
                self.diags.push(
                    Diagnostic::error(
                        "syntax",
                        format!(
                            "found an `{field_name}(...)` record where a field of `{name}` belongs"
                        ),
                    )
                    .at(field_span)
                    .help("a `]` or `)` before it probably closes its list too early"),
                );
                return Err(Bail::Recover);
            }
            self.expect(Tok::Colon, "`:`")?;
            match R::FIELDS.iter().position(|f| f.name == field_name) {
                Some(index) => {
                    if seen & (1 << index) != 0 {
                        self.diags.push(
                            Diagnostic::error(
                                "duplicate-field",
                                format!("the field `{field_name}` is given twice"),
                            )
                            .at(field_span)
                            .help("remove one of them"),
                        );
                        self.skip_value()?;
                    } else {
                        seen |= 1 << index;
                        self.field(R::FIELDS[index].slot, target)?;
                    }
                }
                None => {
                    let diag = Diagnostic::error(
                        "unknown-field",
                        format!("`{name}` has no field `{field_name}`"),
                    )
                    .at(field_span)
                    .maybe_help(
                        did_you_mean(field_name, R::FIELDS.iter().map(|f| f.name))
                            .map(|k| format!("did you mean `{k}`?")),
                    )
                    .note(format!(
                        "the fields of `{name}` are {}",
                        backticked(R::FIELDS.iter().map(|f| f.name))
                    ));
                    self.diags.push(diag);
                    self.skip_value()?;
                }
            }
            let run_on = self.prev_multiline.is_some();
            match self.peek()?.tok {
                Tok::Comma => {
                    self.bump()?;
                }
                Tok::RParen => {}
                // `a: 1 b: 2`: the comma is missing, the next field is there; say so, go on.
                Tok::Ident(_) if !run_on => {
                    self.missing_comma("fields");
                }
                _ => return Err(self.unexpected("`,` or `)`")),
            }
        }
    }

    /// Reports a missing `,` before the next token, which starts another item.
    fn missing_comma(&mut self, what: &str) {
        let end = self.prev_end;
        let diag = Diagnostic::error("syntax", "expected `,`")
            .at(Span::new(self.file, end, end))
            .with_label(format!("a `,` belongs here, between two {what}"))
            .help("add the missing `,`");
        self.diags.push(diag);
    }

    /// Reads an optional struct name and the opening paren.
    fn struct_head(&mut self, name: &'static str) -> Read<Span> {
        let found = match &self.peek()?.tok {
            Tok::LParen => None,
            Tok::Ident(found) => Some(*found),
            _ => return Err(self.unexpected(&format!("`{name}(`"))),
        };
        let token = self.bump()?;
        match found {
            None => Ok(self.span(token.start, token.end)),
            Some(found) => {
                let span = self.span(token.start, token.end);
                if found != name {
                    let mut diag = Diagnostic::error(
                        "syntax",
                        format!("expected `{name}(...)`, found `{found}`"),
                    )
                    .at(span);
                    if did_you_mean(found, [name]).is_some() {
                        diag = diag.help(format!("did you mean `{name}`?"));
                    }
                    self.diags.push(diag);
                }
                self.expect(Tok::LParen, "`(`")?;
                Ok(span)
            }
        }
    }

    fn missing(&mut self, record: &str, field: &str, head: Span) {
        // A misspelt field already reported with this one as "did you mean" says it all.
        let hint = format!("did you mean `{field}`?");
        let misspelt = self.diags.iter().rev().any(|d| {
            d.code == "unknown-field"
                && d.span
                    .is_some_and(|s| s.file == head.file && s.start >= head.start)
                && d.help.contains(&hint)
        });
        if misspelt {
            return;
        }
        self.diags.push(
            Diagnostic::error(
                "missing-field",
                format!("`{record}` is missing the field `{field}`"),
            )
            .at(head)
            .help(format!("add `{field}: …`")),
        );
    }
}

/// Returns true when `id` matches `[a-z0-9][a-z0-9._-]*`.
pub fn is_valid_id(id: &str) -> bool {
    let mut bytes = id.bytes();
    matches!(bytes.next(), Some(b'a'..=b'z' | b'0'..=b'9'))
        && bytes.all(|b| matches!(b, b'a'..=b'z' | b'0'..=b'9' | b'.' | b'_' | b'-'))
}

/// Returns the nearest valid id: lowercase, spaces to dashes, other characters dropped.
pub fn suggest_id(id: &str) -> String {
    let mapped: String = id
        .trim()
        .chars()
        .filter_map(|c| match c {
            'A'..='Z' => Some(c.to_ascii_lowercase()),
            'a'..='z' | '0'..='9' | '.' | '_' | '-' => Some(c),
            ' ' => Some('-'),
            _ => None,
        })
        .collect();
    mapped.trim_start_matches(['.', '_', '-']).to_string()
}

fn backticked<'n>(names: impl Iterator<Item = &'n str>) -> String {
    names
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Returns how many syntax errors `diags` holds: the ones that can leave brackets
/// unbalanced, so that an early end of the file after them is their echo.
fn syntax_errors(diags: &[Diagnostic]) -> usize {
    diags
        .iter()
        .filter(|d| d.is_error() && d.code == "syntax")
        .count()
}
