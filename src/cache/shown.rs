//! `show`'s answers in the cache: every entity's [`Shown`] with owned text, in blocks
//! of entities sorted by id, so that `show ID` reads one block and prints it with the
//! very code that prints an uncached answer.

use rkyv::{Archive, Deserialize, Serialize};

use super::stored::{StoredPosition, opt, strs};
use crate::model::EntityType;
use crate::query::show::{
    ActorFields, BoundsText, EdgeClass, EventFields, Fields, PlaceFields, Shown, ShownAttrs,
    ShownBounds, ShownDate, ShownDuration, ShownEdge, SourceFields,
};

/// One entity as `show` prints it, owned.
#[derive(Archive, Serialize, Deserialize, Debug)]
pub struct StoredShown {
    pub(super) id: String,
    ty: u8,
    location: String,
    fields: StoredFields,
    claims: Vec<StoredPosition>,
    out: Vec<StoredEdge>,
    incoming: Vec<StoredEdge>,
    bounds: Option<StoredBounds>,
}

#[derive(Archive, Serialize, Deserialize, Debug)]
enum StoredFields {
    Actor {
        name: String,
        kind: String,
        aliases: Vec<String>,
        born: Option<StoredDate>,
        died: Option<StoredDate>,
        tags: Vec<String>,
        note: Option<String>,
        attrs: Vec<(String, String)>,
    },
    Place {
        name: String,
        kind: String,
        aliases: Vec<String>,
        note: Option<String>,
        attrs: Vec<(String, String)>,
    },
    Source {
        title: String,
        date: Option<StoredDate>,
        publisher: Option<String>,
        author: Option<String>,
        url: Option<String>,
        note: Option<String>,
        attrs: Vec<(String, String)>,
    },
    Event {
        title: String,
        kind: String,
        date: Option<StoredDate>,
        duration: Option<(String, String)>,
        tags: Vec<String>,
        note: Option<String>,
        attrs: Vec<(String, String)>,
    },
}

#[derive(Archive, Serialize, Deserialize, Debug)]
struct StoredDate {
    text: String,
    level: u8,
    meaning: String,
    start: Option<String>,
    end: Option<String>,
}

#[derive(Archive, Serialize, Deserialize, Debug)]
struct StoredEdge {
    edge: u8,
    label: String,
    id: String,
    ty: u8,
    name: String,
    status: String,
    stated: bool,
    location: String,
    claims: Vec<StoredPosition>,
    gap: Option<String>,
}

/// Given and inferred bounds: earliest and latest start, earliest and latest end.
#[derive(Archive, Serialize, Deserialize, Debug)]
struct StoredBounds {
    given: [Option<String>; 4],
    inferred: [Option<String>; 4],
    narrowed: bool,
}

const TYPES: [EntityType; 4] = [
    EntityType::Actor,
    EntityType::Place,
    EntityType::Source,
    EntityType::Event,
];
const EDGES: [EdgeClass; 5] = [
    EdgeClass::Participant,
    EdgeClass::Relation,
    EdgeClass::Place,
    EdgeClass::Within,
    EdgeClass::Citation,
];

fn type_code(ty: EntityType) -> u8 {
    TYPES.iter().position(|&t| t == ty).unwrap_or_default() as u8
}

fn type_of(code: u8) -> EntityType {
    TYPES
        .get(code as usize)
        .copied()
        .unwrap_or(EntityType::Event)
}

fn owned(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

fn owned_opt(text: Option<&str>) -> Option<String> {
    text.map(str::to_string)
}

fn owned_attrs(attrs: &ShownAttrs) -> Vec<(String, String)> {
    attrs
        .0
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn stored_date(date: &Option<ShownDate>) -> Option<StoredDate> {
    date.as_ref().map(|d| StoredDate {
        text: d.text.to_string(),
        level: d.level,
        meaning: d.meaning.clone(),
        start: d.start.clone(),
        end: d.end.clone(),
    })
}

fn four(b: &BoundsText) -> [Option<String>; 4] {
    [
        b.start[0].clone(),
        b.start[1].clone(),
        b.end[0].clone(),
        b.end[1].clone(),
    ]
}

impl StoredFields {
    fn new(fields: &Fields) -> StoredFields {
        match fields {
            Fields::Actor(f) => StoredFields::Actor {
                name: f.name.to_string(),
                kind: f.kind.to_string(),
                aliases: owned(&f.aliases),
                born: stored_date(&f.born),
                died: stored_date(&f.died),
                tags: owned(&f.tags),
                note: owned_opt(f.note),
                attrs: owned_attrs(&f.attrs),
            },
            Fields::Place(f) => StoredFields::Place {
                name: f.name.to_string(),
                kind: f.kind.to_string(),
                aliases: owned(&f.aliases),
                note: owned_opt(f.note),
                attrs: owned_attrs(&f.attrs),
            },
            Fields::Source(f) => StoredFields::Source {
                title: f.title.to_string(),
                date: stored_date(&f.date),
                publisher: owned_opt(f.publisher),
                author: owned_opt(f.author),
                url: owned_opt(f.url),
                note: owned_opt(f.note),
                attrs: owned_attrs(&f.attrs),
            },
            Fields::Event(f) => StoredFields::Event {
                title: f.title.to_string(),
                kind: f.kind.to_string(),
                date: stored_date(&f.date),
                duration: f.duration.as_ref().map(|d| (d.iso.clone(), d.text.clone())),
                tags: owned(&f.tags),
                note: owned_opt(f.note),
                attrs: owned_attrs(&f.attrs),
            },
        }
    }
}

impl StoredEdge {
    fn new(edge: &ShownEdge) -> StoredEdge {
        StoredEdge {
            edge: EDGES
                .iter()
                .position(|&e| e == edge.edge)
                .unwrap_or_default() as u8,
            label: edge.label.to_string(),
            id: edge.id.to_string(),
            ty: type_code(edge.ty),
            name: edge.name.to_string(),
            status: edge.status.to_string(),
            stated: edge.stated,
            location: edge.location.clone(),
            claims: edge.claims.iter().map(StoredPosition::new).collect(),
            gap: edge.gap.clone(),
        }
    }
}

impl StoredShown {
    /// Returns the owned form of `shown`.
    pub fn new(shown: &Shown) -> StoredShown {
        StoredShown {
            id: shown.id.to_string(),
            ty: type_code(shown.ty),
            location: shown.location.clone(),
            fields: StoredFields::new(&shown.fields),
            claims: shown.claims.iter().map(StoredPosition::new).collect(),
            out: shown.out.iter().map(StoredEdge::new).collect(),
            incoming: shown.incoming.iter().map(StoredEdge::new).collect(),
            bounds: shown.bounds.as_ref().map(|b| StoredBounds {
                given: four(&b.given),
                inferred: four(&b.inferred),
                narrowed: b.narrowed,
            }),
        }
    }
}

type Text = rkyv::string::ArchivedString;
type OptText = rkyv::option::ArchivedOption<Text>;

fn opt_owned(text: &OptText) -> Option<String> {
    opt(text).map(str::to_string)
}

fn attrs(list: &rkyv::vec::ArchivedVec<rkyv::tuple::ArchivedTuple2<Text, Text>>) -> ShownAttrs<'_> {
    ShownAttrs(list.iter().map(|t| (t.0.as_str(), t.1.as_str())).collect())
}

fn date(d: &rkyv::option::ArchivedOption<ArchivedStoredDate>) -> Option<ShownDate<'_>> {
    d.as_ref().map(|d| ShownDate {
        text: d.text.as_str(),
        level: d.level,
        meaning: d.meaning.to_string(),
        start: opt_owned(&d.start),
        end: opt_owned(&d.end),
    })
}

fn bounds_text(b: &[OptText; 4]) -> BoundsText {
    BoundsText {
        start: [opt_owned(&b[0]), opt_owned(&b[1])],
        end: [opt_owned(&b[2]), opt_owned(&b[3])],
    }
}

impl ArchivedStoredFields {
    fn fields(&self) -> Fields<'_> {
        match self {
            ArchivedStoredFields::Actor {
                name,
                kind,
                aliases,
                born,
                died,
                tags,
                note,
                attrs: a,
            } => Fields::Actor(ActorFields {
                name: name.as_str(),
                kind: kind.as_str(),
                aliases: strs(aliases),
                born: date(born),
                died: date(died),
                tags: strs(tags),
                note: opt(note),
                attrs: attrs(a),
            }),
            ArchivedStoredFields::Place {
                name,
                kind,
                aliases,
                note,
                attrs: a,
            } => Fields::Place(PlaceFields {
                name: name.as_str(),
                kind: kind.as_str(),
                aliases: strs(aliases),
                note: opt(note),
                attrs: attrs(a),
            }),
            ArchivedStoredFields::Source {
                title,
                date: d,
                publisher,
                author,
                url,
                note,
                attrs: a,
            } => Fields::Source(SourceFields {
                title: title.as_str(),
                date: date(d),
                publisher: opt(publisher),
                author: opt(author),
                url: opt(url),
                note: opt(note),
                attrs: attrs(a),
            }),
            ArchivedStoredFields::Event {
                title,
                kind,
                date: d,
                duration,
                tags,
                note,
                attrs: a,
            } => Fields::Event(EventFields {
                title: title.as_str(),
                kind: kind.as_str(),
                date: date(d),
                duration: duration.as_ref().map(|t| ShownDuration {
                    iso: t.0.to_string(),
                    text: t.1.to_string(),
                }),
                tags: strs(tags),
                note: opt(note),
                attrs: attrs(a),
            }),
        }
    }
}

impl ArchivedStoredEdge {
    fn edge(&self) -> ShownEdge<'_> {
        ShownEdge {
            edge: EDGES
                .get(self.edge as usize)
                .copied()
                .unwrap_or(EdgeClass::Relation),
            label: self.label.as_str(),
            id: self.id.as_str(),
            ty: type_of(self.ty),
            name: self.name.as_str(),
            status: self.status.as_str(),
            stated: self.stated,
            location: self.location.to_string(),
            claims: self.claims.iter().map(|p| p.position()).collect(),
            gap: opt_owned(&self.gap),
        }
    }
}

impl ArchivedStoredShown {
    /// Returns the entity's type.
    pub fn ty(&self) -> EntityType {
        type_of(self.ty)
    }

    /// Returns the answer as `show`'s typed answer, borrowing the archived text.
    pub fn shown(&self) -> Shown<'_> {
        Shown {
            id: self.id.as_str(),
            ty: type_of(self.ty),
            location: self.location.to_string(),
            fields: self.fields.fields(),
            claims: self.claims.iter().map(|p| p.position()).collect(),
            out: self.out.iter().map(|e| e.edge()).collect(),
            incoming: self.incoming.iter().map(|e| e.edge()).collect(),
            bounds: self.bounds.as_ref().map(|b| ShownBounds {
                given: bounds_text(&b.given),
                inferred: bounds_text(&b.inferred),
                narrowed: b.narrowed,
            }),
        }
    }
}
