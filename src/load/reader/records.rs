//! Reading the records of a `Chronicle`: each field is read as its entry in the schema
//! table says, into the place that entry names, so no field is read by name here.

use crate::date::{Calendar, Edtf};
use crate::diag::{Diagnostic, did_you_mean};
use crate::load::lexer::Tok;
use crate::load::parsed::Parsed;
use crate::model::schema::{Record, Slot};
use crate::model::{
    Actor, Endpoint, EntityType, Event, Gap, Place, Relation, RelationKindDecl, Source,
    VocabularyDecl,
};
use crate::source::{Span, Spanned};

use super::{Bail, Read, Reader};

impl<'a> Reader<'a, '_> {
    /// Reads the value of one field into its place in `target`.
    pub(super) fn field<R: Record>(&mut self, slot: Slot<R>, target: &mut R) -> Read<()> {
        match slot {
            Slot::OwnId(get) | Slot::Id(get) => *get(target) = self.sym()?,
            Slot::Text(get) => *get(target) = self.text()?,
            Slot::OptText(get) => *get(target) = Some(self.text()?),
            Slot::SpannedText(get) => {
                let text = self.string()?;
                *get(target) = Some(Spanned::new(text.node.into_owned().into(), text.span));
            }
            Slot::Term(_, get) => *get(target) = self.term()?,
            Slot::OptTerm(_, get) => *get(target) = Some(self.term()?),
            Slot::Date(get) => *get(target) = self.date()?,
            Slot::Duration(get) => *get(target) = self.period()?,
            Slot::Calendar(get) => *get(target) = Some(self.calendar()?),
            Slot::Gap(get) => *get(target) = self.gap()?.map(Box::new),
            Slot::Ref(none_ok, get) => {
                *get(target) = if none_ok && self.is_none()? {
                    None
                } else {
                    Some(self.reference()?)
                }
            }
            Slot::Texts(get) => *get(target) = self.list(|r| r.text())?,
            Slot::Tags(get) | Slot::Ids(get) => *get(target) = self.list(|r| r.sym())?,
            Slot::Terms(_, get) => *get(target) = self.list(|r| r.term())?,
            Slot::Refs(get) => *get(target) = self.list(|r| r.reference())?,
            Slot::Participants(get) => *get(target) = self.list(|r| r.participant())?,
            Slot::Claims(get) => *get(target) = self.claims()?,
            Slot::Attrs(get) => *get(target) = self.attrs()?,
            Slot::Endpoint(get) => *get(target) = self.endpoint()?,
            Slot::Bool(get) => *get(target) = self.boolean()?,
            Slot::RelationKinds(get) => *get(target) = self.list(|r| r.relation_kind())?,
            Slot::Actors => self.list_of_records(|r| r.listed(push_actor))?,
            Slot::Places => self.list_of_records(|r| r.listed(push_place))?,
            Slot::Sources => self.list_of_records(|r| r.listed(push_source))?,
            Slot::Events => self.list_of_records(|r| r.listed(push_event))?,
            Slot::Relations => self.list_of_records(|r| r.listed(push_relation))?,
            Slot::Vocabulary => {
                let mut vocab = VocabularyDecl::blank();
                self.record(&mut vocab)?;
                self.kb.vocab_decls.push(vocab);
            }
        }
        Ok(())
    }

    /// Reads one record of a section's list and, when it is complete enough to keep,
    /// hands it with its span to `push`.
    fn listed<R: Record>(&mut self, push: fn(&mut Parsed, R, Span)) -> Read<()> {
        let start = self.peek()?.start;
        let mut record = R::blank();
        let held = self.held.len();
        let read = self.record(&mut record);
        let dropped = self.held.split_off(held.min(self.held.len()));
        let (head, seen) = read?;
        self.apply_calendar(&mut record, seen, dropped);
        let span = self.span(start, self.last_end());
        if self.complete(&mut record, head, seen) {
            push(self.kb, record, span);
        }
        Ok(())
    }

    /// Reports the required fields not given; returns false when the record cannot be
    /// kept. A missing or empty name or title is reported first and keeps the record;
    /// a missing id, relation end or kind drops it.
    fn complete<R: Record>(&mut self, record: &mut R, head: Span, seen: u64) -> bool {
        let given = |index: usize| seen & (1 << index) != 0;
        for (index, field) in R::FIELDS.iter().enumerate() {
            let Slot::Text(get) = field.slot else {
                continue;
            };
            if !field.required {
                continue;
            }
            if !given(index) {
                self.missing(R::NAME, field.name, head);
            } else if get(record).trim().is_empty() {
                let name = field.name;
                self.diags.push(
                    Diagnostic::error(
                        "empty-field",
                        format!("the {name} of `{}` is empty", R::NAME),
                    )
                    .at(head)
                    .help(format!(
                        "write a {name}: it is what timelines and drawings show"
                    )),
                );
            }
        }
        let mut complete = true;
        for (index, field) in R::FIELDS.iter().enumerate() {
            if field.required && !matches!(field.slot, Slot::Text(_)) && !given(index) {
                self.missing(R::NAME, field.name, head);
                complete = false;
            }
        }
        if complete {
            for field in R::FIELDS {
                if let Slot::OwnId(get) = field.slot {
                    self.check_id(get(record));
                }
            }
        }
        complete
    }

    /// Reads `"P16D"` or `("P10D", "P20D")`.
    pub(super) fn gap(&mut self) -> Read<Option<Gap>> {
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

    /// Reads a bare name or `RelationKind(name: …, from: …, to: …, implies: …, symmetric: …)`.
    pub(super) fn relation_kind(&mut self) -> Read<RelationKindDecl> {
        let token = self.peek()?;
        let is_struct = matches!(token.tok, Tok::Ident("RelationKind") | Tok::LParen);
        let mut decl = RelationKindDecl::blank();
        if !is_struct {
            decl.name = self.term()?;
            return Ok(decl);
        }
        let (head, seen) = self.record(&mut decl)?;
        if self.complete(&mut decl, head, seen) {
            Ok(decl)
        } else {
            Err(Bail::Recover)
        }
    }

    /// Reads a bare calendar name, `julian` or `gregorian`.
    pub(super) fn calendar(&mut self) -> Read<Spanned<Calendar>> {
        let term = self.term()?;
        let name = self.kb.syms.resolve(&term.node).to_string();
        match Calendar::of_name(&name) {
            Some(calendar) => Ok(Spanned::new(calendar, term.span)),
            None => {
                let names = [Calendar::Julian.name(), Calendar::Gregorian.name()];
                self.diags.push(
                    Diagnostic::error("unknown-calendar", format!("unknown calendar `{name}`"))
                        .at(term.span)
                        .maybe_help(
                            did_you_mean(&name, names).map(|s| format!("did you mean `{s}`?")),
                        )
                        .help("annals reads dates in the `gregorian` (the default) or the `julian` calendar"),
                );
                Err(Bail::Recover)
            }
        }
    }

    /// Reads the record's dates in its calendar: a Julian record's dates are parsed
    /// again as Julian (converted to Gregorian day numbers), and the date errors held
    /// because only a Julian reading accepts them are reported for any other record.
    fn apply_calendar<R: Record>(
        &mut self,
        record: &mut R,
        seen: u64,
        held: Vec<(Span, Diagnostic)>,
    ) {
        let mut calendar = None;
        let mut dated = false;
        for (index, field) in R::FIELDS.iter().enumerate() {
            match field.slot {
                Slot::Calendar(get) => calendar = get(record).clone(),
                Slot::Date(_) => dated |= seen & (1 << index) != 0,
                _ => {}
            }
        }
        let julian = calendar
            .as_ref()
            .is_some_and(|c| c.node == Calendar::Julian);
        for field in R::FIELDS {
            let Slot::Date(get) = field.slot else {
                continue;
            };
            let Some(date) = get(record).as_mut() else {
                continue;
            };
            if julian {
                if let Ok(edtf) = Edtf::parse_in(&date.node.text, Calendar::Julian) {
                    date.node.edtf = edtf;
                }
            } else if held.iter().any(|(span, _)| *span == date.span) {
                *get(record) = None;
            }
        }
        if !julian {
            self.diags.extend(held.into_iter().map(|(_, d)| d));
        }
        if let Some(calendar) = calendar.filter(|_| !dated) {
            self.diags.push(
                Diagnostic::error(
                    "calendar-without-date",
                    format!(
                        "`calendar: {}` on a record without a date",
                        calendar.node.name()
                    ),
                )
                .at(calendar.span)
                .help("give the record its date as written in that calendar, or remove `calendar`"),
            );
        }
    }

    pub(super) fn endpoint(&mut self) -> Read<Endpoint> {
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

    pub(super) fn boolean(&mut self) -> Read<bool> {
        let value = match self.peek()?.tok {
            Tok::Ident("true") => true,
            Tok::Ident("false") => false,
            _ => return Err(self.unexpected("`true` or `false`")),
        };
        self.bump()?;
        Ok(value)
    }

    /// The end of the last consumed token (the closing paren of a record just read).
    pub(super) fn last_end(&self) -> usize {
        self.prev_end
    }
}

fn push_actor(kb: &mut Parsed, mut actor: Actor, span: Span) {
    actor.span = span;
    kb.actors.push(actor);
}

fn push_place(kb: &mut Parsed, mut place: Place, span: Span) {
    place.span = span;
    kb.places.push(place);
}

fn push_source(kb: &mut Parsed, mut source: Source, span: Span) {
    source.span = span;
    kb.sources.push(source);
}

fn push_event(kb: &mut Parsed, mut event: Event, span: Span) {
    event.span = span;
    kb.events.push(event);
}

fn push_relation(kb: &mut Parsed, mut relation: Relation, span: Span) {
    relation.span = span;
    kb.relations.push(relation);
}
