//! The records of a knowledge base as written: actors, places, sources, events,
//! relations and vocabulary declarations, each field with its span.

pub mod schema;

use crate::date::{Calendar, Edtf, Period};
use crate::source::{Span, Spanned};

/// An interned string: an id, a vocabulary term or a tag.
pub type Sym = lasso::Spur;

/// The interner of ids, terms and tags: a fast non-cryptographic hash is enough, the
/// keys come from the user's own files.
pub type Interner = lasso::Rodeo<lasso::Spur, std::hash::BuildHasherDefault<rustc_hash::FxHasher>>;

/// Returns an interner sized for about `bytes` of source text (one interned string per
/// ~200 bytes), so that it does not rehash while a large KB loads.
pub fn interner_for(bytes: usize) -> Interner {
    let arena =
        std::num::NonZeroUsize::new((bytes / 20).max(4096)).unwrap_or(std::num::NonZeroUsize::MIN);
    Interner::with_capacity_and_hasher(lasso::Capacity::new(bytes / 200, arena), Default::default())
}

/// The four kinds of entity an id can name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntityType {
    /// A person, organisation, group, state or outlet.
    Actor,
    /// A location.
    Place,
    /// A document that reports events.
    Source,
    /// Something that happened.
    Event,
}

impl EntityType {
    /// Returns the lowercase name used in the file format and in messages.
    pub fn as_str(self) -> &'static str {
        match self {
            EntityType::Actor => "actor",
            EntityType::Place => "place",
            EntityType::Source => "source",
            EntityType::Event => "event",
        }
    }

    /// Returns the name with an article, for messages ("an event").
    pub fn with_article(self) -> &'static str {
        match self {
            EntityType::Actor => "an actor",
            EntityType::Place => "a place",
            EntityType::Source => "a source",
            EntityType::Event => "an event",
        }
    }
}

/// One position on an edge or an entity: who says it holds (or does not), how sure
/// that is, and where it is reported.
#[derive(Clone, Debug, PartialEq)]
pub struct Claim {
    /// `stated` when absent.
    pub status: Option<Spanned<Sym>>,
    /// Actors making the claim.
    pub by: Vec<Spanned<Sym>>,
    /// Sources reporting the claim.
    pub sources: Vec<Spanned<Sym>>,
    /// Free text.
    pub note: Option<Box<str>>,
    /// The `Claim(...)` as written; for a claim written as a record's own fields, empty
    /// at the start of the file (the record's span stands for it).
    pub span: Span,
}

impl Default for Claim {
    fn default() -> Claim {
        Claim {
            status: None,
            by: Vec::new(),
            sources: Vec::new(),
            note: None,
            span: Span::new(crate::source::FileId(0), 0, 0),
        }
    }
}

impl Claim {
    /// Returns true when nothing of the claim was written.
    pub fn is_empty(&self) -> bool {
        self.status.is_none()
            && self.by.is_empty()
            && self.sources.is_empty()
            && self.note.is_none()
    }
}

/// Returns the positions of an edge or entity that may carry one claim written inline
/// (`inline`) or a `claims: [...]` list: the list when given, else the inline claim
/// when any of its fields was written, else none (a plain fact).
pub fn positions<'a>(inline: &'a Claim, list: &'a [Claim]) -> &'a [Claim] {
    if !list.is_empty() {
        list
    } else if inline.is_empty() {
        &[]
    } else {
        std::slice::from_ref(inline)
    }
}

/// A reference from one record to an entity, with the positions taken on that edge.
#[derive(Clone, Debug, PartialEq)]
pub struct Ref {
    /// The id referred to, spanning the quoted string.
    pub id: Spanned<Sym>,
    /// The claims on this edge: `("id", Claim(...))` or `("id", [Claim(...), …])`.
    pub claims: Vec<Claim>,
}

/// An actor taking part in an event in some role.
#[derive(Clone, Debug, PartialEq)]
pub struct Participant {
    /// The actor id.
    pub actor: Spanned<Sym>,
    /// The role term.
    pub role: Spanned<Sym>,
    /// The claims on this participation.
    pub claims: Vec<Claim>,
}

/// A date as written and as parsed.
#[derive(Clone, Debug, PartialEq)]
pub struct DateField {
    /// The EDTF text as written.
    pub text: Box<str>,
    /// The parsed date.
    pub edtf: Edtf,
}

impl DateField {
    /// Returns the date for people: as written, marked Julian with its Gregorian days
    /// beside it when it was written in the Julian calendar.
    pub fn display(&self) -> String {
        self.edtf.display(&self.text)
    }
}

/// Free string attributes, in the order written.
pub type Attrs = Vec<(Spanned<Box<str>>, Box<str>)>;

/// A person, organisation, group, state or outlet.
#[derive(Clone, Debug, PartialEq)]
pub struct Actor {
    /// The id.
    pub id: Spanned<Sym>,
    /// The display name.
    pub name: Box<str>,
    /// The actor kind; `person` when absent.
    pub kind: Option<Spanned<Sym>>,
    /// Other names.
    pub aliases: Vec<Box<str>>,
    /// Birth or founding date.
    pub born: Option<Spanned<DateField>>,
    /// Death or dissolution date.
    pub died: Option<Spanned<DateField>>,
    /// The calendar its dates are written in (`calendar: julian`); Gregorian when absent.
    pub calendar: Option<Spanned<Calendar>>,
    /// Free labels.
    pub tags: Vec<Spanned<Sym>>,
    /// Sources about the actor.
    pub sources: Vec<Ref>,
    /// Free text.
    pub note: Option<Box<str>>,
    /// Free attributes.
    pub attrs: Attrs,
    /// Its own claim written as fields (`status`, `by`): its existence or identity is
    /// claimed, not established.
    pub claim: Claim,
    /// Several positions on it (`claims: [...]`).
    pub claims: Vec<Claim>,
    /// The whole record.
    pub span: Span,
}

/// A location.
#[derive(Clone, Debug, PartialEq)]
pub struct Place {
    /// The id.
    pub id: Spanned<Sym>,
    /// The display name.
    pub name: Box<str>,
    /// The place kind; `place` when absent.
    pub kind: Option<Spanned<Sym>>,
    /// The place this one lies in.
    pub within: Option<Ref>,
    /// Other names.
    pub aliases: Vec<Box<str>>,
    /// Sources about the place.
    pub sources: Vec<Ref>,
    /// Free text.
    pub note: Option<Box<str>>,
    /// Free attributes.
    pub attrs: Attrs,
    /// Its own claim written as fields (`status`, `by`): its existence or identity is
    /// claimed, not established.
    pub claim: Claim,
    /// Several positions on it (`claims: [...]`).
    pub claims: Vec<Claim>,
    /// The whole record.
    pub span: Span,
}

/// A document that reports events.
#[derive(Clone, Debug, PartialEq)]
pub struct Source {
    /// The id.
    pub id: Spanned<Sym>,
    /// The title.
    pub title: Box<str>,
    /// The publication date: every event it reports started no later.
    pub date: Option<Spanned<DateField>>,
    /// The calendar its dates are written in (`calendar: julian`); Gregorian when absent.
    pub calendar: Option<Spanned<Calendar>>,
    /// Where to find it.
    pub url: Option<Box<str>>,
    /// Who published it.
    pub publisher: Option<Box<str>>,
    /// Who wrote it.
    pub author: Option<Box<str>>,
    /// Free text.
    pub note: Option<Box<str>>,
    /// Free attributes.
    pub attrs: Attrs,
    /// Its own claim written as fields (`status`, `by`): its existence or identity is
    /// claimed, not established.
    pub claim: Claim,
    /// Several positions on it (`claims: [...]`).
    pub claims: Vec<Claim>,
    /// The whole record.
    pub span: Span,
}

/// Something that happened.
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    /// The id.
    pub id: Spanned<Sym>,
    /// A short title.
    pub title: Box<str>,
    /// When, in EDTF; inferred when absent.
    pub date: Option<Spanned<DateField>>,
    /// The calendar its dates are written in (`calendar: julian`); Gregorian when absent.
    pub calendar: Option<Spanned<Calendar>>,
    /// How long, from start to end.
    pub duration: Option<Spanned<Period>>,
    /// The event kind; `event` when absent.
    pub kind: Option<Spanned<Sym>>,
    /// Participants with roles.
    pub actors: Vec<Participant>,
    /// Where.
    pub place: Option<Ref>,
    /// Free labels.
    pub tags: Vec<Spanned<Sym>>,
    /// Sources that report it.
    pub sources: Vec<Ref>,
    /// Free text.
    pub note: Option<Box<str>>,
    /// Free attributes.
    pub attrs: Attrs,
    /// The event's own claim written as fields (`status`, `by`): its occurrence is
    /// claimed; the event's `sources` and `note` report it.
    pub claim: Claim,
    /// Several positions on whether it happened (`claims: [...]`).
    pub claims: Vec<Claim>,
    /// The whole record.
    pub span: Span,
}

impl Event {
    /// Returns the positions on whether the event happened; none for a plain fact.
    pub fn positions(&self) -> &[Claim] {
        positions(&self.claim, &self.claims)
    }
}

impl Actor {
    /// Returns the positions on the actor (its existence or identity); none for a fact.
    pub fn positions(&self) -> &[Claim] {
        positions(&self.claim, &self.claims)
    }
}

impl Place {
    /// Returns the positions on the place; none for a fact.
    pub fn positions(&self) -> &[Claim] {
        positions(&self.claim, &self.claims)
    }
}

impl Source {
    /// Returns the positions on the source (its authenticity); none for a fact.
    pub fn positions(&self) -> &[Claim] {
        positions(&self.claim, &self.claims)
    }
}

/// The gap of a `before`/`after` relation: exact, or a range.
#[derive(Clone, Debug, PartialEq)]
pub enum Gap {
    /// Exactly this long.
    Exact(Spanned<Period>),
    /// At least the first, at most the second.
    Range(Spanned<Period>, Spanned<Period>),
}

/// A typed edge between two entities.
#[derive(Clone, Debug, PartialEq)]
pub struct Relation {
    /// The source entity.
    pub from: Spanned<Sym>,
    /// The relation kind.
    pub kind: Spanned<Sym>,
    /// The target entity.
    pub to: Spanned<Sym>,
    /// The gap between `from` and `to` (before/after only).
    pub gap: Option<Box<Gap>>,
    /// Status, claimants, sources and note written as the relation's own fields.
    pub claim: Claim,
    /// Several positions on the relation (`claims: [...]`).
    pub claims: Vec<Claim>,
    /// The whole record.
    pub span: Span,
}

impl Relation {
    /// Returns the positions on the relation; none for a plain fact.
    pub fn positions(&self) -> &[Claim] {
        positions(&self.claim, &self.claims)
    }
}

/// Which entity types a relation kind connects.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Endpoint {
    /// Any entity.
    Any,
    /// Only this type.
    Only(EntityType),
}

impl Endpoint {
    /// Returns the one entity type allowed at this end, or `None` when any is.
    pub fn only(self) -> Option<EntityType> {
        match self {
            Endpoint::Any => None,
            Endpoint::Only(t) => Some(t),
        }
    }

    /// Returns the name used in the file format.
    pub fn as_str(self) -> &'static str {
        match self {
            Endpoint::Any => "any",
            Endpoint::Only(t) => t.as_str(),
        }
    }
}

/// A relation kind declared in a KB.
#[derive(Clone, Debug, PartialEq)]
pub struct RelationKindDecl {
    /// The name.
    pub name: Spanned<Sym>,
    /// What may stand at `from`.
    pub from: Endpoint,
    /// What may stand at `to`.
    pub to: Endpoint,
    /// A built-in kind whose meaning in time this one shares.
    pub implies: Option<Spanned<Sym>>,
    /// True when `A k B` means `B k A` as well.
    pub symmetric: bool,
}

/// Vocabulary declared in one file.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct VocabularyDecl {
    /// Extra actor kinds.
    pub actor_kinds: Vec<Spanned<Sym>>,
    /// Extra event kinds.
    pub event_kinds: Vec<Spanned<Sym>>,
    /// Extra place kinds.
    pub place_kinds: Vec<Spanned<Sym>>,
    /// Extra roles (each also declares `<role>_of`).
    pub roles: Vec<Spanned<Sym>>,
    /// Extra claim statuses.
    pub statuses: Vec<Spanned<Sym>>,
    /// Extra relation kinds.
    pub relation_kinds: Vec<RelationKindDecl>,
}
