//! Reading values: strings, ids, vocabulary terms, lists, dates, durations, maps,
//! claims and references, each with its span.

use std::borrow::Cow;

use crate::date::{Calendar, DateError, Edtf, Period};
use crate::diag::Diagnostic;
use crate::load::lexer::Tok;
use crate::model::{Attrs, Claim, DateField, Participant, Ref, Sym};
use crate::source::Spanned;

use crate::model::schema::Record;

use super::{Read, Reader, is_valid_id, suggest_id};

impl<'a> Reader<'a, '_> {
    /// Reads a string, looking through `Some(...)`.
    pub(super) fn string(&mut self) -> Read<Spanned<Cow<'a, str>>> {
        self.through_some(|r| {
            let token = r.peek()?;
            if let Tok::Ident(word) | Tok::Number(word) = token.tok {
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

    pub(super) fn text(&mut self) -> Read<Box<str>> {
        Ok(self.string()?.node.into_owned().into_boxed_str())
    }

    pub(super) fn sym(&mut self) -> Read<Spanned<Sym>> {
        let s = self.string()?;
        Ok(Spanned::new(self.kb.syms.get_or_intern(&*s.node), s.span))
    }

    /// Reads a bare vocabulary term.
    pub(super) fn term(&mut self) -> Read<Spanned<Sym>> {
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
    pub(super) fn through_some<T>(&mut self, inner: impl FnOnce(&mut Self) -> Read<T>) -> Read<T> {
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
    pub(super) fn is_none(&mut self) -> Read<bool> {
        if self.peek()?.tok == Tok::Ident("None") {
            self.bump()?;
            return Ok(true);
        }
        Ok(false)
    }

    /// Reads `[item, …]`. The list keeps no spare room: a million events each with a
    /// list of one or two would otherwise hold room for four (280 bytes an event).
    pub(super) fn list<T>(&mut self, mut item: impl FnMut(&mut Self) -> Read<T>) -> Read<Vec<T>> {
        let mut out = Vec::new();
        self.expect(Tok::LBracket, "`[`")?;
        loop {
            if self.peek()?.tok == Tok::RBracket {
                self.bump()?;
                out.shrink_to_fit();
                return Ok(out);
            }
            out.push(item(self)?);
            if !self.list_separator()? {
                out.shrink_to_fit();
                return Ok(out);
            }
        }
    }

    pub(super) fn date(&mut self) -> Read<Option<Spanned<DateField>>> {
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
                let before = self.diags.len();
                self.date_error("invalid-date", &s, err, "an EDTF date such as `2021-02-02`, `2020-08`, `2020-08~` or `2020-08-20/2020-08-22`");
                let Ok(edtf) = Edtf::parse_in(&s.node, Calendar::Julian) else {
                    return Ok(None);
                };
                // Valid in the Julian calendar: the record's `calendar` decides.
                let held: Vec<_> = self.diags.drain(before..).collect();
                self.held.extend(held.into_iter().map(|d| (s.span, d)));
                Ok(Some(Spanned::new(
                    DateField {
                        text: s.node.into_owned().into_boxed_str(),
                        edtf,
                    },
                    s.span,
                )))
            }
        }
    }

    pub(super) fn period(&mut self) -> Read<Option<Spanned<Period>>> {
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
    pub(super) fn date_error(
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

    pub(super) fn attrs(&mut self) -> Read<Attrs> {
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

    pub(super) fn claim(&mut self) -> Read<Claim> {
        let start = self.peek()?.start;
        let mut claim = Claim::blank();
        self.record(&mut claim)?;
        claim.span = self.span(start, self.last_end());
        Ok(claim)
    }

    /// Reads `[Claim(...), …]`; an empty list is reported, since it says nothing.
    pub(super) fn claims(&mut self) -> Read<Vec<Claim>> {
        let start = self.peek()?.start;
        let claims = self.list(|r| r.claim())?;
        if claims.is_empty() {
            self.diags.push(
                Diagnostic::error("empty-claims", "`claims: []` lists no position")
                    .at(self.span(start, self.last_end()))
                    .help("remove `claims: []` for a stated fact, or write at least one `Claim(status: …, by: [\"…\"])`"),
            );
        }
        Ok(claims)
    }

    /// Reads the positions after a reference's id or a participant's role:
    /// `Claim(...)` or `[Claim(...), …]`.
    fn trailing_claims(&mut self) -> Read<Vec<Claim>> {
        if self.peek()?.tok == Tok::LBracket {
            self.claims()
        } else {
            Ok(vec![self.claim()?])
        }
    }

    /// Reads `"id"`, `("id", Claim(...))` or `("id", [Claim(...), …])`.
    pub(super) fn reference(&mut self) -> Read<Ref> {
        if self.peek()?.tok == Tok::LParen {
            self.bump()?;
            let id = self.sym()?;
            self.expect(Tok::Comma, "`,`")?;
            let claims = self.trailing_claims()?;
            if self.peek()?.tok == Tok::Comma {
                self.bump()?;
            }
            self.expect(Tok::RParen, "`)`")?;
            Ok(Ref { id, claims })
        } else {
            Ok(Ref {
                id: self.sym()?,
                claims: Vec::new(),
            })
        }
    }

    /// Reads `("actor", role)`, `("actor", role, Claim(...))` or
    /// `("actor", role, [Claim(...), …])`.
    pub(super) fn participant(&mut self) -> Read<Participant> {
        self.expect(Tok::LParen, "`(` to start `(\"actor-id\", role)`")?;
        let actor = self.sym()?;
        self.expect(Tok::Comma, "`,`")?;
        let role = self.term()?;
        let mut claims = Vec::new();
        if self.peek()?.tok == Tok::Comma {
            self.bump()?;
            if self.peek()?.tok != Tok::RParen {
                claims = self.trailing_claims()?;
                if self.peek()?.tok == Tok::Comma {
                    self.bump()?;
                }
            }
        }
        self.expect(Tok::RParen, "`)`")?;
        Ok(Participant {
            actor,
            role,
            claims,
        })
    }

    /// Checks the form of a defined id.
    pub(super) fn check_id(&mut self, id: &Spanned<Sym>) {
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
}
