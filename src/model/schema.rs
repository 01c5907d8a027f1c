//! The one declaration of every record's fields: name, value type, where the value
//! lives in its struct, whether it is required and whether `set` may change it. The
//! reader, the interner remap, `add`, `set` and their messages all read these tables.

use crate::date::{Calendar, Period};
use crate::model::{
    Actor, Attrs, Claim, DateField, Endpoint, EntityType, Event, Gap, Participant, Place, Ref,
    Relation, RelationKindDecl, Source, Sym, VocabularyDecl,
};
use crate::source::{FileId, Span, Spanned};

/// A record of the file format: its name and its fields, in the order of the format doc.
pub trait Record: Sized + 'static {
    /// The name written before `(` (`Event`).
    const NAME: &'static str;
    /// Every field, in canonical order.
    const FIELDS: &'static [Field<Self>];
    /// The fields that together write the record's one inline claim (`status`, `by`,
    /// …), in the order of `FIELDS`; empty when the record carries no claim of its own.
    const INLINE_CLAIM: &'static [&'static str] = &[];
    /// Returns a record with every field empty, for the reader to fill; required fields
    /// hold placeholders until the reader has checked that each was given.
    fn blank() -> Self;
}

/// Which vocabulary a bare term belongs to, as the reader, the checks, the edits and
/// the vocabulary all name it (the one definition; the vocabulary re-exports it).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TermClass {
    /// An actor kind (`person`): `Actor.kind`.
    ActorKind,
    /// An event kind (`verdict`): `Event.kind`.
    EventKind,
    /// A place kind (`city`): `Place.kind`.
    PlaceKind,
    /// A participant's role (`defendant`).
    Role,
    /// A claim status (`alleged`).
    Status,
    /// A relation kind (`before`).
    RelationKind,
}

impl TermClass {
    /// The classes of plain terms, each a list in the vocabulary (relation kinds have
    /// definitions of their own).
    pub const PLAIN: [TermClass; 5] = [
        TermClass::ActorKind,
        TermClass::EventKind,
        TermClass::PlaceKind,
        TermClass::Role,
        TermClass::Status,
    ];

    /// Returns what messages call a term of this class ("event kind").
    pub fn as_str(self) -> &'static str {
        match self {
            TermClass::ActorKind => "actor kind",
            TermClass::EventKind => "event kind",
            TermClass::PlaceKind => "place kind",
            TermClass::Role => "role",
            TermClass::Status => "claim status",
            TermClass::RelationKind => "relation kind",
        }
    }

    /// Returns the plural name used in messages ("event kinds").
    pub fn plural(self) -> &'static str {
        match self {
            TermClass::ActorKind => "actor kinds",
            TermClass::EventKind => "event kinds",
            TermClass::PlaceKind => "place kinds",
            TermClass::Role => "roles",
            TermClass::Status => "claim statuses",
            TermClass::RelationKind => "relation kinds",
        }
    }

    /// Returns the `vocabulary` field that declares more terms of this class.
    pub fn field(self) -> &'static str {
        match self {
            TermClass::ActorKind => "actor_kinds",
            TermClass::EventKind => "event_kinds",
            TermClass::PlaceKind => "place_kinds",
            TermClass::Role => "roles",
            TermClass::Status => "statuses",
            TermClass::RelationKind => "relation_kinds",
        }
    }
}

/// The accessor of a field's place in its record.
type Get<R, T> = fn(&mut R) -> &mut T;

/// How a field is written and where its value goes in the record `R`; the variant
/// fixes the syntax, the accessor the struct field, so the two cannot disagree.
pub enum Slot<R> {
    /// The record's own id: a quoted id whose form is checked.
    OwnId(Get<R, Spanned<Sym>>),
    /// A quoted id naming another entity (a relation's ends).
    Id(Get<R, Spanned<Sym>>),
    /// Text that must be given (a name or title).
    Text(Get<R, Box<str>>),
    /// Optional text.
    OptText(Get<R, Option<Box<str>>>),
    /// Optional text whose position is kept (a KB's title, set in one file only).
    SpannedText(Get<R, Option<Spanned<Box<str>>>>),
    /// A bare term that must be given.
    Term(TermClass, Get<R, Spanned<Sym>>),
    /// An optional bare term.
    OptTerm(TermClass, Get<R, Option<Spanned<Sym>>>),
    /// An EDTF date; `None` is accepted.
    Date(Get<R, Option<Spanned<DateField>>>),
    /// An ISO 8601 duration; `None` is accepted.
    Duration(Get<R, Option<Spanned<Period>>>),
    /// The calendar the record's dates are written in, a bare `julian` or `gregorian`.
    Calendar(Get<R, Option<Spanned<Calendar>>>),
    /// A relation's gap, `"P16D"` or `("P10D", "P20D")`.
    Gap(Get<R, Option<Box<Gap>>>),
    /// A reference, `"id"` or `("id", Claim(...))`; the flag says whether `None` is
    /// accepted (on `place` it is, on `within` not, as the reader always did).
    Ref(bool, Get<R, Option<Ref>>),
    /// A list of text.
    Texts(Get<R, Vec<Box<str>>>),
    /// A list of tags (quoted, free).
    Tags(Get<R, Vec<Spanned<Sym>>>),
    /// A list of quoted ids without claims (claimants, a claim's sources).
    Ids(Get<R, Vec<Spanned<Sym>>>),
    /// A list of bare terms (vocabulary declarations).
    Terms(TermClass, Get<R, Vec<Spanned<Sym>>>),
    /// A list of references, each with an optional claim.
    Refs(Get<R, Vec<Ref>>),
    /// A list of `("actor", role)` participants.
    Participants(Get<R, Vec<Participant>>),
    /// A list of `Claim(...)` positions, never empty.
    Claims(Get<R, Vec<Claim>>),
    /// The free string map, the only way into a record's attributes.
    Attrs(Get<R, Attrs>),
    /// An entity type or `any`.
    Endpoint(Get<R, Endpoint>),
    /// `true` or `false`.
    Bool(Get<R, bool>),
    /// A list of bare relation kinds or `RelationKind(...)` records.
    RelationKinds(Get<R, Vec<RelationKindDecl>>),
    /// A file's list of actors, read into the KB.
    Actors,
    /// A file's list of places.
    Places,
    /// A file's list of sources.
    Sources,
    /// A file's list of events.
    Events,
    /// A file's list of relations.
    Relations,
    /// A file's `Vocabulary(...)`.
    Vocabulary,
}

// Written out: a derive would ask `R: Copy` of the record itself.
impl<R> Clone for Slot<R> {
    fn clone(&self) -> Slot<R> {
        *self
    }
}

impl<R> Copy for Slot<R> {}

/// One field of a record.
pub struct Field<R: 'static> {
    /// The name written before `:`.
    pub name: &'static str,
    /// How it is written and where it goes.
    pub slot: Slot<R>,
    /// True when a record without it is an error.
    pub required: bool,
    /// True when `annals set` may change it (for a map: `set ID attrs.KEY VALUE`).
    pub set: bool,
}

impl<R> Field<R> {
    /// Returns an optional field that `set` leaves alone.
    pub const fn new(name: &'static str, slot: Slot<R>) -> Field<R> {
        Field::with(name, slot, false, false)
    }

    /// Returns an optional field that `set` may change.
    pub const fn set(name: &'static str, slot: Slot<R>) -> Field<R> {
        Field::with(name, slot, false, true)
    }

    /// Returns a required field that `set` leaves alone (ids and relation ends).
    pub const fn required(name: &'static str, slot: Slot<R>) -> Field<R> {
        Field::with(name, slot, true, false)
    }

    /// Returns a required field that `set` may change (names and titles).
    pub const fn required_set(name: &'static str, slot: Slot<R>) -> Field<R> {
        Field::with(name, slot, true, true)
    }

    const fn with(name: &'static str, slot: Slot<R>, required: bool, set: bool) -> Field<R> {
        Field {
            name,
            slot,
            required,
            set,
        }
    }

    /// Returns what the editing commands need to know of this field.
    pub fn spec(&self) -> Spec {
        Spec {
            name: self.name,
            value: self.slot.value(),
            required: self.required,
            set: self.set,
        }
    }
}

/// What a field holds, without where: enough to parse and write a value given on the
/// command line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Value {
    /// The record's own id.
    OwnId,
    /// An id naming another entity.
    Id,
    /// Text.
    Text,
    /// A bare vocabulary term.
    Term(TermClass),
    /// An EDTF date.
    Date,
    /// An ISO 8601 duration.
    Duration,
    /// A calendar, `julian` or `gregorian`.
    Calendar,
    /// A gap or gap range.
    Gap,
    /// A reference with an optional claim.
    Ref,
    /// A string → string map.
    Map,
    /// An entity type or `any`.
    Endpoint,
    /// `true` or `false`.
    Bool,
    /// A list of items.
    List(Item),
    /// A nested `Vocabulary(...)`.
    Vocabulary,
}

/// What a list field holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Item {
    /// Text.
    Text,
    /// Tags.
    Tag,
    /// Ids without claims.
    Id,
    /// Bare terms.
    Term(TermClass),
    /// References with optional claims.
    Ref,
    /// `("actor", role)` participants.
    Participant,
    /// `Claim(...)` positions.
    Claim,
    /// Relation kind declarations.
    RelationKind,
    /// Records of this name.
    Record(&'static str),
}

impl<R> Slot<R> {
    /// Returns what the field holds.
    pub fn value(&self) -> Value {
        match self {
            Slot::OwnId(_) => Value::OwnId,
            Slot::Id(_) => Value::Id,
            Slot::Text(_) | Slot::OptText(_) | Slot::SpannedText(_) => Value::Text,
            Slot::Term(class, _) | Slot::OptTerm(class, _) => Value::Term(*class),
            Slot::Date(_) => Value::Date,
            Slot::Duration(_) => Value::Duration,
            Slot::Calendar(_) => Value::Calendar,
            Slot::Gap(_) => Value::Gap,
            Slot::Ref(..) => Value::Ref,
            Slot::Texts(_) => Value::List(Item::Text),
            Slot::Tags(_) => Value::List(Item::Tag),
            Slot::Ids(_) => Value::List(Item::Id),
            Slot::Terms(class, _) => Value::List(Item::Term(*class)),
            Slot::Refs(_) => Value::List(Item::Ref),
            Slot::Participants(_) => Value::List(Item::Participant),
            Slot::Claims(_) => Value::List(Item::Claim),
            Slot::Attrs(_) => Value::Map,
            Slot::Endpoint(_) => Value::Endpoint,
            Slot::Bool(_) => Value::Bool,
            Slot::RelationKinds(_) => Value::List(Item::RelationKind),
            Slot::Actors => Value::List(Item::Record(Actor::NAME)),
            Slot::Places => Value::List(Item::Record(Place::NAME)),
            Slot::Sources => Value::List(Item::Record(Source::NAME)),
            Slot::Events => Value::List(Item::Record(Event::NAME)),
            Slot::Relations => Value::List(Item::Record(Relation::NAME)),
            Slot::Vocabulary => Value::Vocabulary,
        }
    }
}

/// A field seen from outside its record: name, value type and flags.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Spec {
    /// The name written before `:`.
    pub name: &'static str,
    /// What it holds.
    pub value: Value,
    /// True when a record without it is an error.
    pub required: bool,
    /// True when `annals set` may change it.
    pub set: bool,
}

impl Spec {
    /// Returns true for list fields, the ones items are added to and removed from.
    pub fn is_list(&self) -> bool {
        matches!(self.value, Value::List(_))
    }
}

/// Returns the specs of `R`'s fields, in canonical order.
pub fn specs<R: Record>() -> impl Iterator<Item = Spec> {
    R::FIELDS.iter().map(Field::spec)
}

/// Returns the field of `R` named `name`.
pub fn spec<R: Record>(name: &str) -> Option<Spec> {
    specs::<R>().find(|s| s.name == name)
}

/// Returns the specs of the fields of an entity of type `ty`.
pub fn entity_specs(ty: EntityType) -> Vec<Spec> {
    match ty {
        EntityType::Actor => specs::<Actor>().collect(),
        EntityType::Place => specs::<Place>().collect(),
        EntityType::Source => specs::<Source>().collect(),
        EntityType::Event => specs::<Event>().collect(),
    }
}

/// Returns the name of the `Chronicle` section that lists records of type `R`.
pub fn section<R: Record>() -> Option<&'static str> {
    specs::<Chronicle>()
        .find(|s| s.value == Value::List(Item::Record(R::NAME)))
        .map(|s| s.name)
}

/// Returns true when `name` is a record that stands in a section's list.
pub fn is_listed_record(name: &str) -> bool {
    specs::<Chronicle>().any(|s| matches!(s.value, Value::List(Item::Record(r)) if r == name))
}

/// Returns the record called `name` and its field names in canonical order (the order
/// `annals fmt` writes them in), or `None` for a name that is no record.
pub fn field_names(name: &str) -> Option<(&'static str, Vec<&'static str>)> {
    fn names<R: Record>() -> (&'static str, Vec<&'static str>) {
        (R::NAME, specs::<R>().map(|s| s.name).collect())
    }
    Some(match name {
        Chronicle::NAME => names::<Chronicle>(),
        Actor::NAME => names::<Actor>(),
        Place::NAME => names::<Place>(),
        Source::NAME => names::<Source>(),
        Event::NAME => names::<Event>(),
        Relation::NAME => names::<Relation>(),
        Claim::NAME => names::<Claim>(),
        VocabularyDecl::NAME => names::<VocabularyDecl>(),
        RelationKindDecl::NAME => names::<RelationKindDecl>(),
        _ => return None,
    })
}

/// Returns the name of the record that the field `field` of the record `record` holds,
/// as its value or as the items of its list (`events` of `Chronicle` holds `Event`s),
/// so that a record written without its name (`(id: "a", …)`) is still known.
pub fn field_record(record: &str, field: &str) -> Option<&'static str> {
    fn find<R: Record>(field: &str) -> Option<Value> {
        spec::<R>(field).map(|s| s.value)
    }
    let value = match record {
        Chronicle::NAME => find::<Chronicle>(field),
        Actor::NAME => find::<Actor>(field),
        Place::NAME => find::<Place>(field),
        Source::NAME => find::<Source>(field),
        Event::NAME => find::<Event>(field),
        Relation::NAME => find::<Relation>(field),
        VocabularyDecl::NAME => find::<VocabularyDecl>(field),
        _ => None,
    }?;
    match value {
        Value::List(Item::Record(name)) => Some(name),
        Value::List(Item::Claim) => Some(Claim::NAME),
        Value::List(Item::RelationKind) => Some(RelationKindDecl::NAME),
        Value::Vocabulary => Some(VocabularyDecl::NAME),
        // A reference or participant may hold a claim: `("moscow", Claim(…))`.
        Value::Ref | Value::List(Item::Ref | Item::Participant) => Some(Claim::NAME),
        _ => None,
    }
}

/// Returns true when `field` is a section of `Chronicle` listing records (`events`).
pub fn is_section(field: &str) -> bool {
    spec::<Chronicle>(field).is_some_and(|s| matches!(s.value, Value::List(Item::Record(_))))
}

/// A placeholder for a required id or term not read yet.
fn no_sym() -> Spanned<Sym> {
    Spanned::new(Sym::default(), no_span())
}

fn no_span() -> Span {
    Span::new(FileId(0), 0, 0)
}

/// The top of a file: the KB's title and summary, which at most one file sets; its
/// sections are read into the KB rather than into this struct.
#[derive(Clone, Debug, Default)]
pub struct Chronicle {
    /// The title of the whole KB ("The Navalny case"), for drawings and pages.
    pub title: Option<Spanned<Box<str>>>,
    /// A sentence or two on what the KB covers, for published pages.
    pub summary: Option<Spanned<Box<str>>>,
    /// Warning codes this KB allows (`allow: ["no-source"]`), in any file: `check`
    /// stays quiet about them.
    pub allow: Vec<Spanned<Sym>>,
}

impl Chronicle {
    /// Returns true when the file sets the title or the summary.
    pub fn is_set(&self) -> bool {
        self.title.is_some() || self.summary.is_some()
    }
}

impl Record for Chronicle {
    const NAME: &'static str = "Chronicle";
    const FIELDS: &'static [Field<Chronicle>] = &[
        Field::new("title", Slot::SpannedText(|c| &mut c.title)),
        Field::new("summary", Slot::SpannedText(|c| &mut c.summary)),
        Field::new("allow", Slot::Tags(|c| &mut c.allow)),
        Field::new("actors", Slot::Actors),
        Field::new("places", Slot::Places),
        Field::new("sources", Slot::Sources),
        Field::new("events", Slot::Events),
        Field::new("relations", Slot::Relations),
        Field::new("vocabulary", Slot::Vocabulary),
    ];
    fn blank() -> Chronicle {
        Chronicle::default()
    }
}

impl Record for Actor {
    const NAME: &'static str = "Actor";
    const INLINE_CLAIM: &'static [&'static str] = &["status", "by"];
    const FIELDS: &'static [Field<Actor>] = &[
        Field::required("id", Slot::OwnId(|a| &mut a.id)),
        Field::required_set("name", Slot::Text(|a| &mut a.name)),
        Field::set("kind", Slot::OptTerm(TermClass::ActorKind, |a| &mut a.kind)),
        Field::new("aliases", Slot::Texts(|a| &mut a.aliases)),
        Field::set("born", Slot::Date(|a| &mut a.born)),
        Field::set("died", Slot::Date(|a| &mut a.died)),
        Field::set("calendar", Slot::Calendar(|a| &mut a.calendar)),
        Field::new("tags", Slot::Tags(|a| &mut a.tags)),
        Field::new("sources", Slot::Refs(|a| &mut a.sources)),
        Field::set("note", Slot::OptText(|a| &mut a.note)),
        Field::set(
            "status",
            Slot::OptTerm(TermClass::Status, |a| &mut a.claim.status),
        ),
        Field::new("by", Slot::Ids(|a| &mut a.claim.by)),
        Field::new("claims", Slot::Claims(|a| &mut a.claims)),
        Field::set("attrs", Slot::Attrs(|a| &mut a.attrs)),
    ];
    fn blank() -> Actor {
        Actor {
            id: no_sym(),
            name: Box::default(),
            kind: None,
            aliases: Vec::new(),
            born: None,
            died: None,
            calendar: None,
            tags: Vec::new(),
            sources: Vec::new(),
            note: None,
            attrs: Vec::new(),
            claim: Claim::default(),
            claims: Vec::new(),
            span: no_span(),
        }
    }
}

impl Record for Place {
    const NAME: &'static str = "Place";
    const INLINE_CLAIM: &'static [&'static str] = &["status", "by"];
    const FIELDS: &'static [Field<Place>] = &[
        Field::required("id", Slot::OwnId(|p| &mut p.id)),
        Field::required_set("name", Slot::Text(|p| &mut p.name)),
        Field::set("kind", Slot::OptTerm(TermClass::PlaceKind, |p| &mut p.kind)),
        Field::set("within", Slot::Ref(false, |p| &mut p.within)),
        Field::new("aliases", Slot::Texts(|p| &mut p.aliases)),
        Field::new("sources", Slot::Refs(|p| &mut p.sources)),
        Field::set("note", Slot::OptText(|p| &mut p.note)),
        Field::set(
            "status",
            Slot::OptTerm(TermClass::Status, |p| &mut p.claim.status),
        ),
        Field::new("by", Slot::Ids(|p| &mut p.claim.by)),
        Field::new("claims", Slot::Claims(|p| &mut p.claims)),
        Field::set("attrs", Slot::Attrs(|p| &mut p.attrs)),
    ];
    fn blank() -> Place {
        Place {
            id: no_sym(),
            name: Box::default(),
            kind: None,
            within: None,
            aliases: Vec::new(),
            sources: Vec::new(),
            note: None,
            attrs: Vec::new(),
            claim: Claim::default(),
            claims: Vec::new(),
            span: no_span(),
        }
    }
}

impl Record for Source {
    const NAME: &'static str = "Source";
    const INLINE_CLAIM: &'static [&'static str] = &["status", "by"];
    const FIELDS: &'static [Field<Source>] = &[
        Field::required("id", Slot::OwnId(|s| &mut s.id)),
        Field::required_set("title", Slot::Text(|s| &mut s.title)),
        Field::set("date", Slot::Date(|s| &mut s.date)),
        Field::set("calendar", Slot::Calendar(|s| &mut s.calendar)),
        Field::set("url", Slot::OptText(|s| &mut s.url)),
        Field::set("publisher", Slot::OptText(|s| &mut s.publisher)),
        Field::set("author", Slot::OptText(|s| &mut s.author)),
        Field::set("note", Slot::OptText(|s| &mut s.note)),
        Field::set(
            "status",
            Slot::OptTerm(TermClass::Status, |s| &mut s.claim.status),
        ),
        Field::new("by", Slot::Ids(|s| &mut s.claim.by)),
        Field::new("claims", Slot::Claims(|s| &mut s.claims)),
        Field::set("attrs", Slot::Attrs(|s| &mut s.attrs)),
    ];
    fn blank() -> Source {
        Source {
            id: no_sym(),
            title: Box::default(),
            date: None,
            calendar: None,
            url: None,
            publisher: None,
            author: None,
            note: None,
            attrs: Vec::new(),
            claim: Claim::default(),
            claims: Vec::new(),
            span: no_span(),
        }
    }
}

impl Record for Event {
    const NAME: &'static str = "Event";
    const INLINE_CLAIM: &'static [&'static str] = &["status", "by"];
    const FIELDS: &'static [Field<Event>] = &[
        Field::required("id", Slot::OwnId(|e| &mut e.id)),
        Field::required_set("title", Slot::Text(|e| &mut e.title)),
        Field::set("date", Slot::Date(|e| &mut e.date)),
        Field::set("duration", Slot::Duration(|e| &mut e.duration)),
        Field::set("calendar", Slot::Calendar(|e| &mut e.calendar)),
        Field::set("kind", Slot::OptTerm(TermClass::EventKind, |e| &mut e.kind)),
        Field::new("actors", Slot::Participants(|e| &mut e.actors)),
        Field::set("place", Slot::Ref(true, |e| &mut e.place)),
        Field::new("tags", Slot::Tags(|e| &mut e.tags)),
        Field::new("sources", Slot::Refs(|e| &mut e.sources)),
        Field::set("note", Slot::OptText(|e| &mut e.note)),
        Field::set(
            "status",
            Slot::OptTerm(TermClass::Status, |e| &mut e.claim.status),
        ),
        Field::new("by", Slot::Ids(|e| &mut e.claim.by)),
        Field::new("claims", Slot::Claims(|e| &mut e.claims)),
        Field::set("attrs", Slot::Attrs(|e| &mut e.attrs)),
    ];
    fn blank() -> Event {
        Event {
            id: no_sym(),
            title: Box::default(),
            date: None,
            duration: None,
            calendar: None,
            kind: None,
            actors: Vec::new(),
            place: None,
            tags: Vec::new(),
            sources: Vec::new(),
            note: None,
            attrs: Vec::new(),
            claim: Claim::default(),
            claims: Vec::new(),
            span: no_span(),
        }
    }
}

impl Record for Relation {
    const NAME: &'static str = "Relation";
    const INLINE_CLAIM: &'static [&'static str] = &["status", "by", "sources", "note"];
    // A relation carries its one claim as fields of its own.
    const FIELDS: &'static [Field<Relation>] = &[
        Field::required("from", Slot::Id(|r| &mut r.from)),
        Field::required("kind", Slot::Term(TermClass::RelationKind, |r| &mut r.kind)),
        Field::required("to", Slot::Id(|r| &mut r.to)),
        Field::new("gap", Slot::Gap(|r| &mut r.gap)),
        Field::new(
            "status",
            Slot::OptTerm(TermClass::Status, |r| &mut r.claim.status),
        ),
        Field::new("by", Slot::Ids(|r| &mut r.claim.by)),
        Field::new("sources", Slot::Ids(|r| &mut r.claim.sources)),
        Field::new("note", Slot::OptText(|r| &mut r.claim.note)),
        Field::new("claims", Slot::Claims(|r| &mut r.claims)),
    ];
    fn blank() -> Relation {
        Relation {
            from: no_sym(),
            kind: no_sym(),
            to: no_sym(),
            gap: None,
            claim: Claim::default(),
            claims: Vec::new(),
            span: no_span(),
        }
    }
}

impl Record for Claim {
    const NAME: &'static str = "Claim";
    const FIELDS: &'static [Field<Claim>] = &[
        Field::new(
            "status",
            Slot::OptTerm(TermClass::Status, |c| &mut c.status),
        ),
        Field::new("by", Slot::Ids(|c| &mut c.by)),
        Field::new("sources", Slot::Ids(|c| &mut c.sources)),
        Field::new("note", Slot::OptText(|c| &mut c.note)),
    ];
    fn blank() -> Claim {
        Claim::default()
    }
}

impl Record for VocabularyDecl {
    const NAME: &'static str = "Vocabulary";
    const FIELDS: &'static [Field<VocabularyDecl>] = &[
        Field::new(
            "actor_kinds",
            Slot::Terms(TermClass::ActorKind, |v| &mut v.actor_kinds),
        ),
        Field::new(
            "event_kinds",
            Slot::Terms(TermClass::EventKind, |v| &mut v.event_kinds),
        ),
        Field::new(
            "place_kinds",
            Slot::Terms(TermClass::PlaceKind, |v| &mut v.place_kinds),
        ),
        Field::new("roles", Slot::Terms(TermClass::Role, |v| &mut v.roles)),
        Field::new(
            "statuses",
            Slot::Terms(TermClass::Status, |v| &mut v.statuses),
        ),
        Field::new(
            "relation_kinds",
            Slot::RelationKinds(|v| &mut v.relation_kinds),
        ),
    ];
    fn blank() -> VocabularyDecl {
        VocabularyDecl::default()
    }
}

impl Record for RelationKindDecl {
    const NAME: &'static str = "RelationKind";
    const FIELDS: &'static [Field<RelationKindDecl>] = &[
        Field::required("name", Slot::Term(TermClass::RelationKind, |k| &mut k.name)),
        Field::new("from", Slot::Endpoint(|k| &mut k.from)),
        Field::new("to", Slot::Endpoint(|k| &mut k.to)),
        Field::new(
            "implies",
            Slot::OptTerm(TermClass::RelationKind, |k| &mut k.implies),
        ),
        Field::new("symmetric", Slot::Bool(|k| &mut k.symmetric)),
    ];
    fn blank() -> RelationKindDecl {
        RelationKindDecl {
            name: no_sym(),
            from: Endpoint::Any,
            to: Endpoint::Any,
            implies: None,
            symmetric: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names<R: Record>() -> Vec<&'static str> {
        specs::<R>().map(|s| s.name).collect()
    }

    fn check<R: Record>() {
        let names = names::<R>();
        for (i, name) in names.iter().enumerate() {
            assert!(!names[..i].contains(name), "{}: `{name}` twice", R::NAME);
        }
        // Only the field named `attrs` reaches a record's free attributes.
        for spec in specs::<R>() {
            assert_eq!(
                spec.value == Value::Map,
                spec.name == "attrs",
                "{}",
                R::NAME
            );
        }
        assert!(R::FIELDS.len() <= 64, "the reader tracks fields in a u64");
    }

    #[test]
    fn every_table_is_well_formed() {
        check::<Chronicle>();
        check::<Actor>();
        check::<Place>();
        check::<Source>();
        check::<Event>();
        check::<Relation>();
        check::<Claim>();
        check::<VocabularyDecl>();
        check::<RelationKindDecl>();
    }

    #[test]
    fn the_event_fields_are_in_the_order_of_the_format_doc() {
        assert_eq!(
            names::<Event>(),
            [
                "id", "title", "date", "duration", "calendar", "kind", "actors", "place", "tags",
                "sources", "note", "status", "by", "claims", "attrs"
            ]
        );
        assert_eq!(section::<Event>(), Some("events"));
        assert!(is_listed_record("Relation") && !is_listed_record("Claim"));
    }

    #[test]
    fn list_fields_are_the_ones_add_to_edits() {
        let lists: Vec<_> = specs::<Event>()
            .filter(Spec::is_list)
            .map(|s| s.name)
            .collect();
        assert_eq!(lists, ["actors", "tags", "sources", "by", "claims"]);
        assert!(spec::<Actor>("aliases").is_some_and(|s| s.is_list()));
        assert!(spec::<Relation>("by").is_some_and(|s| s.is_list()));
    }

    /// Probes each inline-claim field: writing it through its slot fills the record's
    /// `claim` and nothing else, so the list cannot name a field of another meaning.
    #[test]
    fn inline_claim_fields_write_the_records_claim() {
        fn probe<R: Record + std::fmt::Debug>(claim: fn(&R) -> &Claim) {
            for field in R::FIELDS {
                let mut record = R::blank();
                match field.slot {
                    Slot::OptTerm(_, get) => *get(&mut record) = Some(no_sym()),
                    Slot::Ids(get) => get(&mut record).push(no_sym()),
                    Slot::OptText(get) => *get(&mut record) = Some("x".into()),
                    _ => continue,
                }
                let inline = R::INLINE_CLAIM.contains(&field.name);
                assert_eq!(
                    claim(&record) != &Claim::default(),
                    inline,
                    "{} `{}`",
                    R::NAME,
                    field.name
                );
            }
            let names: Vec<_> = names::<R>();
            let mut order: Vec<_> = R::INLINE_CLAIM.to_vec();
            order.sort_by_key(|n| names.iter().position(|m| m == n));
            assert_eq!(order, R::INLINE_CLAIM, "{}", R::NAME);
        }
        probe::<Event>(|e| &e.claim);
        probe::<Relation>(|r| &r.claim);
        probe::<Actor>(|a| &a.claim);
        probe::<Place>(|p| &p.claim);
        probe::<Source>(|s| &s.claim);
        assert!(Claim::INLINE_CLAIM.is_empty());
    }
}
