//! Reading the records of a `Chronicle`: actors, places, sources, events, relations
//! and vocabulary declarations.

use crate::diag::Diagnostic;
use crate::load::lexer::Tok;
use crate::model::{
    Actor, Claim, Endpoint, EntityType, Event, Gap, Place, Relation, RelationKindDecl, Source,
    VocabularyDecl,
};

use super::{
    ACTOR_FIELDS, Bail, EVENT_FIELDS, PLACE_FIELDS, RELATION_FIELDS, RELATION_KIND_FIELDS, Read,
    Reader, SOURCE_FIELDS, VOCABULARY_FIELDS,
};

impl<'a> Reader<'a, '_> {
    pub(super) fn actor(&mut self) -> Read<()> {
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
        let Some(id) = self.required("Actor", head, id, "name", name.as_deref()) else {
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
        self.kb.actors.push(actor);
        Ok(())
    }

    pub(super) fn place(&mut self) -> Read<()> {
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
        let Some(id) = self.required("Place", head, id, "name", name.as_deref()) else {
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
        self.kb.places.push(place);
        Ok(())
    }

    pub(super) fn source(&mut self) -> Read<()> {
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
        let Some(id) = self.required("Source", head, id, "title", title.as_deref()) else {
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
        self.kb.sources.push(source);
        Ok(())
    }

    pub(super) fn event(&mut self) -> Read<()> {
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
        let Some(id) = self.required("Event", head, id, "title", title.as_deref()) else {
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
        self.kb.events.push(event);
        Ok(())
    }

    pub(super) fn relation(&mut self) -> Read<()> {
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
                gap: gap.map(Box::new),
                claim,
                span,
            });
        }
        Ok(())
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

    pub(super) fn vocabulary(&mut self) -> Read<VocabularyDecl> {
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
    pub(super) fn relation_kind(&mut self) -> Read<RelationKindDecl> {
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
