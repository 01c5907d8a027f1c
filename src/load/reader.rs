//! Reads one file's `Chronicle(...)` into records, with the span of every token and
//! recovery after errors so that one run reports every problem in the file.

use std::borrow::Cow;

use crate::date::{DateError, Edtf, Period};
use crate::diag::{Diagnostic, did_you_mean};
use crate::kb::Kb;
use crate::load::lexer::{LexError, Lexer, Tok, Token};
use crate::model::{
    Actor, Attrs, Claim, DateField, Endpoint, EntityType, Event, Gap, Participant, Place, Ref,
    Relation, RelationKindDecl, Source, Sym, VocabularyDecl,
};
use crate::source::{FileId, Span, Spanned};

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
pub fn read_file(kb: &mut Kb, file: FileId, text: &str, diags: &mut Vec<Diagnostic>) {
    let mut reader = Reader {
        lexer: Lexer::new(text),
        peeked: None,
        file,
        depth: 0,
        prev_multiline: None,
        prev_end: 0,
        prev_string: None,
        recovering: false,
        errors_before: diags.iter().filter(|d| d.is_error()).count(),
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
    /// The number of errors recorded before this file.
    errors_before: usize,
    kb: &'k mut Kb,
    diags: &'k mut Vec<Diagnostic>,
}

const CHRONICLE_FIELDS: &[&str] = &[
    "actors",
    "places",
    "sources",
    "events",
    "relations",
    "vocabulary",
];
const ACTOR_FIELDS: &[&str] = &[
    "id", "name", "kind", "aliases", "born", "died", "tags", "sources", "note", "attrs",
];
const PLACE_FIELDS: &[&str] = &[
    "id", "name", "kind", "within", "aliases", "sources", "note", "attrs",
];
const SOURCE_FIELDS: &[&str] = &[
    "id",
    "title",
    "date",
    "url",
    "publisher",
    "author",
    "note",
    "attrs",
];
const EVENT_FIELDS: &[&str] = &[
    "id", "title", "date", "duration", "kind", "actors", "place", "tags", "sources", "note",
    "attrs",
];
const RELATION_FIELDS: &[&str] = &[
    "from", "kind", "to", "gap", "status", "by", "sources", "note",
];
const CLAIM_FIELDS: &[&str] = &["status", "by", "sources", "note"];
const VOCABULARY_FIELDS: &[&str] = &[
    "actor_kinds",
    "event_kinds",
    "place_kinds",
    "roles",
    "statuses",
    "relation_kinds",
];
const RELATION_KIND_FIELDS: &[&str] = &["name", "from", "to", "implies", "symmetric"];

impl<'a> Reader<'a, '_> {
    fn span(&self, start: usize, end: usize) -> Span {
        Span::new(self.file, start, end)
    }

    fn lex_error(&mut self, err: LexError) -> Bail {
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
        if self.recovering
            || (eof && self.errors_before < self.diags.iter().filter(|d| d.is_error()).count())
        {
            // An early end after an error in this file is that error's echo.
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
        let result = self.record("Chronicle", CHRONICLE_FIELDS, |r, field, _| match field {
            "actors" => r.list_of_records(|r| r.actor()),
            "places" => r.list_of_records(|r| r.place()),
            "sources" => r.list_of_records(|r| r.source()),
            "events" => r.list_of_records(|r| r.event()),
            "relations" => r.list_of_records(|r| r.relation()),
            _ => {
                let vocab = r.vocabulary()?;
                r.kb.vocab_decls.push(vocab);
                Ok(())
            }
        });
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

    /// Reads `Name(field: value, …)`, calling `field` for each known field; returns
    /// the span of the name (or of the opening paren when the name is omitted).
    fn record(
        &mut self,
        name: &'static str,
        known: &'static [&'static str],
        mut field: impl FnMut(&mut Self, &'static str, Span) -> Read<()>,
    ) -> Read<Span> {
        let head = self.struct_head(name)?;
        let mut seen = 0u64;
        loop {
            let field_name = match &self.peek()?.tok {
                Tok::RParen => {
                    self.bump()?;
                    return Ok(head);
                }
                Tok::Ident(field_name) => *field_name,
                _ => return Err(self.unexpected("a field name or `)`")),
            };
            let token = self.bump()?;
            let field_span = self.span(token.start, token.end);
            self.expect(Tok::Colon, "`:`")?;
            match known.iter().position(|&k| k == field_name) {
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
                        field(self, known[index], field_span)?;
                    }
                }
                None => {
                    let diag = Diagnostic::error(
                        "unknown-field",
                        format!("`{name}` has no field `{field_name}`"),
                    )
                    .at(field_span)
                    .maybe_help(
                        did_you_mean(field_name, known.iter().copied())
                            .map(|k| format!("did you mean `{k}`?")),
                    )
                    .note(format!("the fields of `{name}` are {}", backticked(known)));
                    self.diags.push(diag);
                    self.skip_value()?;
                }
            }
            match self.peek()?.tok {
                Tok::Comma => {
                    self.bump()?;
                }
                Tok::RParen => {}
                _ => return Err(self.unexpected("`,` or `)`")),
            }
        }
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

    /// Reports a missing id or name/title of an entity record; returns the id when the
    /// record can be kept (a missing name alone does not drop it).
    fn required(
        &mut self,
        record: &str,
        head: Span,
        id: Option<Spanned<Sym>>,
        name_field: &str,
        has_name: bool,
    ) -> Option<Spanned<Sym>> {
        if !has_name {
            self.missing(record, name_field, head);
        }
        let Some(id) = id else {
            self.missing(record, "id", head);
            return None;
        };
        self.check_id(&id);
        Some(id)
    }

    fn missing(&mut self, record: &str, field: &str, head: Span) {
        self.diags.push(
            Diagnostic::error(
                "missing-field",
                format!("`{record}` is missing the field `{field}`"),
            )
            .at(head)
            .help(format!("add `{field}: …`")),
        );
    }

    // ---- values ------------------------------------------------------------

    /// Reads a string, looking through `Some(...)`.
    fn string(&mut self) -> Read<Spanned<Cow<'a, str>>> {
        self.through_some(|r| {
            let token = r.peek()?;
            if let Tok::Ident(word) = token.tok {
                let (start, end) = (token.start, token.end);
                r.diags.push(
                    Diagnostic::error("type", format!("expected a string, found `{word}`"))
                        .at(r.span(start, end))
                        .help(format!("text and ids are quoted: write `\"{word}\"`")),
                );
                r.bump()?;
                return Ok(Spanned::new(Cow::Borrowed(word), r.span(start, end)));
            }
            if !matches!(r.peek()?.tok, Tok::Str(_)) {
                return Err(r.unexpected("a string"));
            }
            let token = r.bump()?;
            match token.tok {
                Tok::Str(value) => Ok(Spanned::new(value, r.span(token.start, token.end))),
                _ => unreachable!("peeked a string"),
            }
        })
    }

    fn text(&mut self) -> Read<Box<str>> {
        Ok(self.string()?.node.into_owned().into_boxed_str())
    }

    fn sym(&mut self) -> Read<Spanned<Sym>> {
        let s = self.string()?;
        Ok(Spanned::new(self.kb.syms.get_or_intern(&*s.node), s.span))
    }

    /// Reads a bare vocabulary term.
    fn term(&mut self) -> Read<Spanned<Sym>> {
        self.through_some(|r| {
            if !matches!(r.peek()?.tok, Tok::Ident(_) | Tok::Str(_)) {
                return Err(r.unexpected("a vocabulary term"));
            }
            let token = r.bump()?;
            match token.tok {
                Tok::Ident(word) => {
                    let span = r.span(token.start, token.end);
                    Ok(Spanned::new(r.kb.syms.get_or_intern(word), span))
                }
                Tok::Str(ref value) => {
                    r.diags.push(
                        Diagnostic::error(
                            "type",
                            format!(
                                "expected a bare vocabulary term, found the string \"{value}\""
                            ),
                        )
                        .at(r.span(token.start, token.end))
                        .help(format!(
                            "vocabulary terms are written without quotes: `{value}`"
                        )),
                    );
                    let span = r.span(token.start, token.end);
                    Ok(Spanned::new(r.kb.syms.get_or_intern(&**value), span))
                }
                _ => unreachable!("peeked a term"),
            }
        })
    }

    /// Runs `inner`, accepting `Some(...)` around the value.
    fn through_some<T>(&mut self, inner: impl FnOnce(&mut Self) -> Read<T>) -> Read<T> {
        if self.peek()?.tok == Tok::Ident("Some") {
            self.bump()?;
            self.expect(Tok::LParen, "`(`")?;
            let value = inner(self)?;
            self.expect(Tok::RParen, "`)`")?;
            Ok(value)
        } else {
            inner(self)
        }
    }

    /// Returns true (and consumes it) when the next value is `None`.
    fn is_none(&mut self) -> Read<bool> {
        if self.peek()?.tok == Tok::Ident("None") {
            self.bump()?;
            return Ok(true);
        }
        Ok(false)
    }

    fn list<T>(&mut self, mut item: impl FnMut(&mut Self) -> Read<T>) -> Read<Vec<T>> {
        let mut out = Vec::new();
        self.expect(Tok::LBracket, "`[`")?;
        loop {
            if self.peek()?.tok == Tok::RBracket {
                self.bump()?;
                return Ok(out);
            }
            out.push(item(self)?);
            if !self.list_separator()? {
                return Ok(out);
            }
        }
    }

    fn date(&mut self) -> Read<Option<Spanned<DateField>>> {
        if self.is_none()? {
            return Ok(None);
        }
        let s = self.string()?;
        match Edtf::parse(&s.node) {
            Ok(edtf) => Ok(Some(Spanned::new(
                DateField {
                    text: s.node.into_owned().into_boxed_str(),
                    edtf,
                },
                s.span,
            ))),
            Err(err) => {
                self.date_error("invalid-date", &s, err, "an EDTF date such as `2021-02-02`, `2020-08`, `2020-08~` or `2020-08-20/2020-08-22`");
                Ok(None)
            }
        }
    }

    fn period(&mut self) -> Read<Option<Spanned<Period>>> {
        if self.is_none()? {
            return Ok(None);
        }
        let s = self.string()?;
        match Period::parse(&s.node) {
            Ok(period) => Ok(Some(Spanned::new(period, s.span))),
            Err(err) => {
                self.date_error(
                    "invalid-duration",
                    &s,
                    err,
                    "an ISO 8601 duration such as `P2Y8M`, `P16D` or `PT1H30M`",
                );
                Ok(None)
            }
        }
    }

    /// Records a date or duration error, pointing inside the string when it has no escapes.
    fn date_error(
        &mut self,
        code: &'static str,
        s: &Spanned<Cow<'a, str>>,
        err: DateError,
        expected: &str,
    ) {
        let err = match crate::date::natural::suggest(&s.node) {
            // A date in words: the whole string is the problem, and its EDTF form the fix.
            Some(edtf) if code == "invalid-date" => DateError {
                message: "dates are written in EDTF, not in words".into(),
                range: 0..s.node.len(),
                help: Some(format!("write `{edtf}`")),
            },
            _ => err,
        };
        let raw_len = (s.span.end - s.span.start) as usize;
        let span = if raw_len == s.node.len() + 2 && err.range.start < err.range.end {
            let start = s.span.start as usize + 1 + err.range.start;
            let end = s.span.start as usize + 1 + err.range.end.min(s.node.len());
            self.span(
                start,
                end.max(start + 1).min(s.span.end as usize - 1).max(start),
            )
        } else {
            s.span
        };
        let what = if code == "invalid-date" {
            "date"
        } else {
            "duration"
        };
        let diag = Diagnostic::error(
            code,
            format!(
                "invalid {what} `{}`: {}",
                s.node.escape_debug(),
                err.message
            ),
        )
        .at(span)
        .maybe_help(err.help)
        .note(format!("expected {expected}"));
        self.diags.push(diag);
    }

    fn attrs(&mut self) -> Read<Attrs> {
        let mut out: Attrs = Vec::new();
        self.expect(Tok::LBrace, "`{`")?;
        loop {
            if self.peek()?.tok == Tok::RBrace {
                self.bump()?;
                return Ok(out);
            }
            let key = self.string()?;
            self.expect(Tok::Colon, "`:`")?;
            if !matches!(
                self.peek()?.tok,
                Tok::Str(_) | Tok::Number(_) | Tok::Ident("true" | "false")
            ) {
                return Err(self.unexpected("a string value"));
            }
            let value: Box<str> = match self.bump()?.tok {
                Tok::Str(value) => value.into_owned().into_boxed_str(),
                Tok::Number(n) | Tok::Ident(n) => n.into(),
                _ => unreachable!("peeked a value"),
            };
            let key = Spanned::new(key.node.into_owned().into_boxed_str(), key.span);
            if let Some((first, _)) = out.iter().find(|(k, _)| k.node == key.node) {
                let first = first.span;
                self.diags.push(
                    Diagnostic::error(
                        "duplicate-key",
                        format!("the attribute `{}` is given twice", key.node),
                    )
                    .at(key.span)
                    .also(first, "first given here")
                    .help("keep one of them; a map holds one value per key"),
                );
            } else {
                out.push((key, value));
            }
            match self.peek()?.tok {
                Tok::Comma => {
                    self.bump()?;
                }
                Tok::RBrace => {}
                _ => return Err(self.unexpected("`,` or `}`")),
            }
        }
    }

    fn claim(&mut self) -> Read<Claim> {
        let mut claim = Claim::default();
        self.record("Claim", CLAIM_FIELDS, |r, field, _| {
            r.claim_field(&mut claim, field)
        })?;
        Ok(claim)
    }

    fn claim_field(&mut self, claim: &mut Claim, field: &str) -> Read<()> {
        match field {
            "status" => claim.status = Some(self.term()?),
            "by" => claim.by = self.list(|r| r.sym())?,
            "sources" => claim.sources = self.list(|r| r.sym())?,
            _ => claim.note = Some(self.text()?),
        }
        Ok(())
    }

    /// Reads `"id"` or `("id", Claim(...))`.
    fn reference(&mut self) -> Read<Ref> {
        if self.peek()?.tok == Tok::LParen {
            self.bump()?;
            let id = self.sym()?;
            self.expect(Tok::Comma, "`,`")?;
            let claim = self.claim()?;
            if self.peek()?.tok == Tok::Comma {
                self.bump()?;
            }
            self.expect(Tok::RParen, "`)`")?;
            Ok(Ref {
                id,
                claim: Some(Box::new(claim)),
            })
        } else {
            Ok(Ref {
                id: self.sym()?,
                claim: None,
            })
        }
    }

    /// Reads `("actor", role)` or `("actor", role, Claim(...))`.
    fn participant(&mut self) -> Read<Participant> {
        self.expect(Tok::LParen, "`(` to start `(\"actor-id\", role)`")?;
        let actor = self.sym()?;
        self.expect(Tok::Comma, "`,`")?;
        let role = self.term()?;
        let mut claim = None;
        if self.peek()?.tok == Tok::Comma {
            self.bump()?;
            if self.peek()?.tok != Tok::RParen {
                claim = Some(Box::new(self.claim()?));
                if self.peek()?.tok == Tok::Comma {
                    self.bump()?;
                }
            }
        }
        self.expect(Tok::RParen, "`)`")?;
        Ok(Participant { actor, role, claim })
    }

    fn tags(&mut self) -> Read<Vec<Spanned<Sym>>> {
        self.list(|r| r.sym())
    }

    /// Checks the form of a defined id.
    fn check_id(&mut self, id: &Spanned<Sym>) {
        let text = self.kb.syms.resolve(&id.node);
        if !is_valid_id(text) {
            let suggestion = suggest_id(text);
            let mut diag = Diagnostic::error(
                "malformed-id",
                format!("malformed id \"{}\"", text.escape_debug()),
            )
            .at(id.span)
            .note("ids are lowercase: a letter or digit, then letters, digits, `.`, `_` or `-`");
            if !suggestion.is_empty() {
                diag = diag.help(format!("write \"{suggestion}\""));
            }
            self.diags.push(diag);
        }
    }

    // ---- records -----------------------------------------------------------

    fn actor(&mut self) -> Read<()> {
        let start = self.peek()?.start;
        let (mut id, mut name, mut kind, mut aliases, mut born, mut died) =
            (None, None, None, Vec::new(), None, None);
        let (mut tags, mut sources, mut note, mut attrs) =
            (Vec::new(), Vec::new(), None, Vec::new());
        let head = self.record("Actor", ACTOR_FIELDS, |r, field, _| {
            match field {
                "id" => id = Some(r.sym()?),
                "name" => name = Some(r.text()?),
                "kind" => kind = Some(r.term()?),
                "aliases" => aliases = r.list(|r| r.text())?,
                "born" => born = r.date()?,
                "died" => died = r.date()?,
                "tags" => tags = r.tags()?,
                "sources" => sources = r.list(|r| r.reference())?,
                "note" => note = Some(r.text()?),
                _ => attrs = r.attrs()?,
            }
            Ok(())
        })?;
        let span = self.span(start, self.last_end());
        let Some(id) = self.required("Actor", head, id, "name", name.is_some()) else {
            return Ok(());
        };
        let actor = Actor {
            id,
            name: name.unwrap_or_default(),
            kind,
            aliases,
            born,
            died,
            tags,
            sources,
            note,
            attrs,
            span,
        };
        self.kb.push_actor(actor, self.diags);
        Ok(())
    }

    fn place(&mut self) -> Read<()> {
        let start = self.peek()?.start;
        let (mut id, mut name, mut kind, mut within, mut aliases) =
            (None, None, None, None, Vec::new());
        let (mut sources, mut note, mut attrs) = (Vec::new(), None, Vec::new());
        let head = self.record("Place", PLACE_FIELDS, |r, field, _| {
            match field {
                "id" => id = Some(r.sym()?),
                "name" => name = Some(r.text()?),
                "kind" => kind = Some(r.term()?),
                "within" => within = Some(r.reference()?),
                "aliases" => aliases = r.list(|r| r.text())?,
                "sources" => sources = r.list(|r| r.reference())?,
                "note" => note = Some(r.text()?),
                _ => attrs = r.attrs()?,
            }
            Ok(())
        })?;
        let span = self.span(start, self.last_end());
        let Some(id) = self.required("Place", head, id, "name", name.is_some()) else {
            return Ok(());
        };
        let place = Place {
            id,
            name: name.unwrap_or_default(),
            kind,
            within,
            aliases,
            sources,
            note,
            attrs,
            span,
        };
        self.kb.push_place(place, self.diags);
        Ok(())
    }

    fn source(&mut self) -> Read<()> {
        let start = self.peek()?.start;
        let (mut id, mut title, mut date, mut url, mut publisher, mut author) =
            (None, None, None, None, None, None);
        let (mut note, mut attrs) = (None, Vec::new());
        let head = self.record("Source", SOURCE_FIELDS, |r, field, _| {
            match field {
                "id" => id = Some(r.sym()?),
                "title" => title = Some(r.text()?),
                "date" => date = r.date()?,
                "url" => url = Some(r.text()?),
                "publisher" => publisher = Some(r.text()?),
                "author" => author = Some(r.text()?),
                "note" => note = Some(r.text()?),
                _ => attrs = r.attrs()?,
            }
            Ok(())
        })?;
        let span = self.span(start, self.last_end());
        let Some(id) = self.required("Source", head, id, "title", title.is_some()) else {
            return Ok(());
        };
        let source = Source {
            id,
            title: title.unwrap_or_default(),
            date,
            url,
            publisher,
            author,
            note,
            attrs,
            span,
        };
        self.kb.push_source(source, self.diags);
        Ok(())
    }

    fn event(&mut self) -> Read<()> {
        let start = self.peek()?.start;
        let (mut id, mut title, mut date, mut duration, mut kind) = (None, None, None, None, None);
        let (mut actors, mut place, mut tags, mut sources, mut note, mut attrs) =
            (Vec::new(), None, Vec::new(), Vec::new(), None, Vec::new());
        let head = self.record("Event", EVENT_FIELDS, |r, field, _| {
            match field {
                "id" => id = Some(r.sym()?),
                "title" => title = Some(r.text()?),
                "date" => date = r.date()?,
                "duration" => duration = r.period()?,
                "kind" => kind = Some(r.term()?),
                "actors" => actors = r.list(|r| r.participant())?,
                "place" => {
                    place = if r.is_none()? {
                        None
                    } else {
                        Some(r.reference()?)
                    }
                }
                "tags" => tags = r.tags()?,
                "sources" => sources = r.list(|r| r.reference())?,
                "note" => note = Some(r.text()?),
                _ => attrs = r.attrs()?,
            }
            Ok(())
        })?;
        let span = self.span(start, self.last_end());
        let Some(id) = self.required("Event", head, id, "title", title.is_some()) else {
            return Ok(());
        };
        let event = Event {
            id,
            title: title.unwrap_or_default(),
            date,
            duration,
            kind,
            actors,
            place,
            tags,
            sources,
            note,
            attrs,
            span,
        };
        self.kb.push_event(event, self.diags);
        Ok(())
    }

    fn relation(&mut self) -> Read<()> {
        let start = self.peek()?.start;
        let (mut from, mut kind, mut to, mut gap) = (None, None, None, None);
        let mut claim = Claim::default();
        let head = self.record("Relation", RELATION_FIELDS, |r, field, _| {
            match field {
                "from" => from = Some(r.sym()?),
                "kind" => kind = Some(r.term()?),
                "to" => to = Some(r.sym()?),
                "gap" => gap = r.gap()?,
                other => r.claim_field(&mut claim, other)?,
            }
            Ok(())
        })?;
        let span = self.span(start, self.last_end());
        let mut complete = true;
        for (value, name) in [
            (from.is_some(), "from"),
            (kind.is_some(), "kind"),
            (to.is_some(), "to"),
        ] {
            if !value {
                self.missing("Relation", name, head);
                complete = false;
            }
        }
        if let (true, Some(from), Some(kind), Some(to)) = (complete, from, kind, to) {
            self.kb.relations.push(Relation {
                from,
                kind,
                to,
                gap,
                claim,
                span,
            });
        }
        Ok(())
    }

    /// Reads `"P16D"` or `("P10D", "P20D")`.
    fn gap(&mut self) -> Read<Option<Gap>> {
        if self.peek()?.tok == Tok::LParen {
            self.bump()?;
            let low = self.period()?;
            self.expect(Tok::Comma, "`,`")?;
            let high = self.period()?;
            if self.peek()?.tok == Tok::Comma {
                self.bump()?;
            }
            self.expect(Tok::RParen, "`)`")?;
            Ok(match (low, high) {
                (Some(low), Some(high)) => Some(Gap::Range(low, high)),
                _ => None,
            })
        } else {
            Ok(self.period()?.map(Gap::Exact))
        }
    }

    fn vocabulary(&mut self) -> Read<VocabularyDecl> {
        let mut vocab = VocabularyDecl::default();
        self.record("Vocabulary", VOCABULARY_FIELDS, |r, field, _| {
            match field {
                "actor_kinds" => vocab.actor_kinds = r.list(|r| r.term())?,
                "event_kinds" => vocab.event_kinds = r.list(|r| r.term())?,
                "place_kinds" => vocab.place_kinds = r.list(|r| r.term())?,
                "roles" => vocab.roles = r.list(|r| r.term())?,
                "statuses" => vocab.statuses = r.list(|r| r.term())?,
                _ => vocab.relation_kinds = r.list(|r| r.relation_kind())?,
            }
            Ok(())
        })?;
        Ok(vocab)
    }

    /// Reads a bare name or `RelationKind(name: …, from: …, to: …, implies: …, symmetric: …)`.
    fn relation_kind(&mut self) -> Read<RelationKindDecl> {
        let token = self.peek()?;
        let is_struct = matches!(token.tok, Tok::Ident("RelationKind") | Tok::LParen);
        if !is_struct {
            let name = self.term()?;
            return Ok(RelationKindDecl {
                name,
                from: Endpoint::Any,
                to: Endpoint::Any,
                implies: None,
                symmetric: false,
            });
        }
        let (mut name, mut from, mut to, mut implies, mut symmetric) =
            (None, Endpoint::Any, Endpoint::Any, None, false);
        let head = self.record("RelationKind", RELATION_KIND_FIELDS, |r, field, _| {
            match field {
                "name" => name = Some(r.term()?),
                "from" => from = r.endpoint()?,
                "to" => to = r.endpoint()?,
                "implies" => implies = Some(r.term()?),
                _ => symmetric = r.boolean()?,
            }
            Ok(())
        })?;
        match name {
            Some(name) => Ok(RelationKindDecl {
                name,
                from,
                to,
                implies,
                symmetric,
            }),
            None => {
                self.missing("RelationKind", "name", head);
                Err(Bail::Recover)
            }
        }
    }

    fn endpoint(&mut self) -> Read<Endpoint> {
        let token = self.bump()?;
        let endpoint = match token.tok {
            Tok::Ident("any") => Endpoint::Any,
            Tok::Ident("actor") => Endpoint::Only(EntityType::Actor),
            Tok::Ident("place") => Endpoint::Only(EntityType::Place),
            Tok::Ident("source") => Endpoint::Only(EntityType::Source),
            Tok::Ident("event") => Endpoint::Only(EntityType::Event),
            _ => {
                let found = token.tok.describe();
                self.diags.push(
                    Diagnostic::error("type", format!("expected an entity type, found {found}"))
                        .at(self.span(token.start, token.end))
                        .help("write one of `event`, `actor`, `place`, `source` or `any`"),
                );
                return Err(Bail::Recover);
            }
        };
        Ok(endpoint)
    }

    fn boolean(&mut self) -> Read<bool> {
        let value = match self.peek()?.tok {
            Tok::Ident("true") => true,
            Tok::Ident("false") => false,
            _ => return Err(self.unexpected("`true` or `false`")),
        };
        self.bump()?;
        Ok(value)
    }

    /// The end of the last consumed token (the closing paren of a record just read).
    fn last_end(&self) -> usize {
        self.prev_end
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

fn backticked(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
