//! One entity in full: its fields, every edge in and out with claim status, its dates
//! and, for an event, its bounds as given and as inferred.

use petgraph::Direction;
use serde::{Serialize, Serializer};

use crate::claims::{Position, positions};
use crate::date::Period;
use crate::graph::{Edge, EdgeKind, Graph, Origin};
use crate::kb::{Entity, Kb};
use crate::model::{Attrs, DateField, EntityType, Gap};
use crate::source::Spanned;
use crate::time::bounds::{EventBounds, zoned_text};

/// One entity in full; its JSON form is `show --format json`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Shown<'k> {
    /// The entity's id.
    pub id: &'k str,
    /// The entity's type.
    #[serde(rename = "type", serialize_with = "type_name")]
    pub ty: EntityType,
    /// Where the entity is defined, `file:line:column`.
    pub location: String,
    /// The fields of its record, which depend on its type.
    #[serde(flatten)]
    pub fields: Fields<'k>,
    /// The positions on the entity itself when its occurrence, existence or identity
    /// is claimed rather than established.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub claims: Vec<Position<'k>>,
    /// The edges from it.
    pub out: Vec<ShownEdge<'k>>,
    /// The edges to it.
    #[serde(rename = "in")]
    pub incoming: Vec<ShownEdge<'k>>,
    /// For an event, its bounds as given and as inferred.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bounds: Option<ShownBounds>,
}

/// The fields of one record, by type; in JSON they sit beside the id and type.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Fields<'k> {
    /// An actor's fields.
    Actor(ActorFields<'k>),
    /// A place's fields.
    Place(PlaceFields<'k>),
    /// A source's fields.
    Source(SourceFields<'k>),
    /// An event's fields.
    Event(EventFields<'k>),
}

/// The fields of an actor.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ActorFields<'k> {
    /// The name.
    pub name: &'k str,
    /// The kind (`person` when none is written).
    pub kind: &'k str,
    /// Other names.
    pub aliases: Vec<&'k str>,
    /// The date of birth or founding.
    pub born: Option<ShownDate<'k>>,
    /// The date of death or dissolution.
    pub died: Option<ShownDate<'k>>,
    /// The tags.
    pub tags: Vec<&'k str>,
    /// The note.
    pub note: Option<&'k str>,
    /// The attributes, in the order written.
    pub attrs: ShownAttrs<'k>,
}

/// The fields of a place.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PlaceFields<'k> {
    /// The name.
    pub name: &'k str,
    /// The kind (`place` when none is written).
    pub kind: &'k str,
    /// Other names.
    pub aliases: Vec<&'k str>,
    /// The note.
    pub note: Option<&'k str>,
    /// The attributes, in the order written.
    pub attrs: ShownAttrs<'k>,
}

/// The fields of a source.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SourceFields<'k> {
    /// The title.
    pub title: &'k str,
    /// The date of publication.
    pub date: Option<ShownDate<'k>>,
    /// The publisher.
    pub publisher: Option<&'k str>,
    /// The author.
    pub author: Option<&'k str>,
    /// The address.
    pub url: Option<&'k str>,
    /// The note.
    pub note: Option<&'k str>,
    /// The attributes, in the order written.
    pub attrs: ShownAttrs<'k>,
}

/// The fields of an event.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EventFields<'k> {
    /// The title.
    pub title: &'k str,
    /// The kind (`event` when none is written).
    pub kind: &'k str,
    /// The date as written.
    pub date: Option<ShownDate<'k>>,
    /// The duration as written.
    pub duration: Option<ShownDuration>,
    /// The tags.
    pub tags: Vec<&'k str>,
    /// The note.
    pub note: Option<&'k str>,
    /// The attributes, in the order written.
    pub attrs: ShownAttrs<'k>,
}

/// A date field: as written, what it means, and its strict bounds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ShownDate<'k> {
    /// The date as written.
    pub text: &'k str,
    /// Its EDTF level.
    pub level: u8,
    /// What it means, in words.
    pub meaning: String,
    /// The earliest day it may denote; `None` when unbounded.
    pub start: Option<String>,
    /// The latest day it may denote; `None` when unbounded.
    pub end: Option<String>,
}

/// A duration: ISO 8601 and in words.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ShownDuration {
    /// As written, `P10M`.
    pub iso: String,
    /// In words, `10 months`.
    pub text: String,
}

/// Attributes, in the order written; in JSON, an object.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ShownAttrs<'k>(pub Vec<(&'k str, &'k str)>);

/// One edge of the graph at the shown entity.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ShownEdge<'k> {
    /// What the edge is.
    pub edge: EdgeClass,
    /// Its label: the role, the relation kind, `place`, `within` or `cites`.
    pub label: &'k str,
    /// The id at the other end.
    pub id: &'k str,
    /// The type at the other end.
    #[serde(rename = "type", serialize_with = "type_name")]
    pub ty: EntityType,
    /// The name or title at the other end.
    pub name: &'k str,
    /// The claim status (`stated` when none is written).
    pub status: &'k str,
    /// True when the edge is a fact (its status is `stated`).
    #[serde(skip)]
    pub stated: bool,
    /// Where the edge is written, `file:line`.
    pub location: String,
    /// Every position on the edge, with its claimants, sources, note and place.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub claims: Vec<Position<'k>>,
    /// The time between a relation's events, `P1D` or `P1D..P1M`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gap: Option<String>,
}

/// What an edge is, in the JSON form of `show`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EdgeClass {
    /// An actor takes part in an event.
    Participant,
    /// A relation between two entities.
    Relation,
    /// An event happens at a place.
    Place,
    /// A place lies within another.
    Within,
    /// A record cites a source.
    Citation,
}

/// An event's bounds as its date gives them and as inference narrows them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ShownBounds {
    /// The bounds the written date gives.
    pub given: BoundsText,
    /// The bounds after inference.
    pub inferred: BoundsText,
    /// True when inference narrowed the bounds beyond the date as written.
    pub narrowed: bool,
}

/// The earliest and latest start and end of an event, as dates; `None` when unbounded.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct BoundsText {
    /// The earliest and latest start.
    pub start: [Option<String>; 2],
    /// The earliest and latest end.
    pub end: [Option<String>; 2],
}

impl BoundsText {
    /// Returns the bounds as dates.
    pub fn of(bounds: &EventBounds) -> BoundsText {
        BoundsText {
            start: [bounds.text(bounds.start.0), bounds.text(bounds.start.1)],
            end: [bounds.text(bounds.end.0), bounds.text(bounds.end.1)],
        }
    }
}

impl ShownBounds {
    /// Returns the bounds of `event` as given by its date and as `inferred`.
    pub fn new(event: &crate::model::Event, inferred: &EventBounds) -> ShownBounds {
        ShownBounds {
            given: BoundsText::of(&EventBounds::given(event)),
            inferred: BoundsText::of(inferred),
            narrowed: inferred.inferred,
        }
    }
}

impl<'k> ShownDate<'k> {
    /// Describes a date field.
    pub fn of(date: &'k Spanned<DateField>) -> ShownDate<'k> {
        let edtf = &date.node.edtf;
        ShownDate {
            text: &date.node.text,
            level: edtf.level(),
            meaning: edtf.describe(),
            start: zoned_text(edtf.lower(), edtf.has_local_time()),
            end: zoned_text(edtf.upper(), edtf.has_local_time()),
        }
    }
}

impl ShownDuration {
    /// Describes a duration.
    pub fn of(period: &Period) -> ShownDuration {
        ShownDuration {
            iso: period.to_string(),
            text: period.human(),
        }
    }
}

impl<'k> ShownAttrs<'k> {
    fn of(attrs: &'k Attrs) -> ShownAttrs<'k> {
        ShownAttrs(attrs.iter().map(|(k, v)| (&*k.node, &**v)).collect())
    }
}

impl Serialize for ShownAttrs<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // The reader refuses a key given twice, so the pairs make a valid object.
        serializer.collect_map(self.0.iter().copied())
    }
}

fn type_name<S: Serializer>(ty: &EntityType, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(ty.as_str())
}

impl<'k> Fields<'k> {
    /// Returns the fields of an entity's record.
    pub fn of(kb: &'k Kb, entity: Entity) -> Fields<'k> {
        let text = |s: &'k Option<Box<str>>| s.as_deref();
        let strs = |v: &'k [Box<str>]| -> Vec<&'k str> { v.iter().map(|s| &**s).collect() };
        match entity {
            Entity::Actor(i) => {
                let a = &kb.actors()[i as usize];
                Fields::Actor(ActorFields {
                    name: &a.name,
                    kind: kb.kind_name(a),
                    aliases: strs(&a.aliases),
                    born: a.born.as_ref().map(ShownDate::of),
                    died: a.died.as_ref().map(ShownDate::of),
                    tags: a.tags.iter().map(|t| kb.str(t.node)).collect(),
                    note: text(&a.note),
                    attrs: ShownAttrs::of(&a.attrs),
                })
            }
            Entity::Place(i) => {
                let p = &kb.places()[i as usize];
                Fields::Place(PlaceFields {
                    name: &p.name,
                    kind: kb.kind_name(p),
                    aliases: strs(&p.aliases),
                    note: text(&p.note),
                    attrs: ShownAttrs::of(&p.attrs),
                })
            }
            Entity::Source(i) => {
                let s = &kb.sources()[i as usize];
                Fields::Source(SourceFields {
                    title: &s.title,
                    date: s.date.as_ref().map(ShownDate::of),
                    publisher: text(&s.publisher),
                    author: text(&s.author),
                    url: text(&s.url),
                    note: text(&s.note),
                    attrs: ShownAttrs::of(&s.attrs),
                })
            }
            Entity::Event(i) => {
                let e = &kb.events()[i as usize];
                Fields::Event(EventFields {
                    title: &e.title,
                    kind: kb.kind_name(e),
                    date: e.date.as_ref().map(ShownDate::of),
                    duration: e.duration.as_ref().map(|d| ShownDuration::of(&d.node)),
                    tags: e.tags.iter().map(|t| kb.str(t.node)).collect(),
                    note: text(&e.note),
                    attrs: ShownAttrs::of(&e.attrs),
                })
            }
        }
    }

    /// Returns the name of an actor or place, the title of a source or event.
    pub fn name(&self) -> &'k str {
        match self {
            Fields::Actor(a) => a.name,
            Fields::Place(p) => p.name,
            Fields::Source(s) => s.title,
            Fields::Event(e) => e.title,
        }
    }

    /// Returns the kind; a source has none.
    pub fn kind(&self) -> Option<&'k str> {
        match self {
            Fields::Actor(a) => Some(a.kind),
            Fields::Place(p) => Some(p.kind),
            Fields::Source(_) => None,
            Fields::Event(e) => Some(e.kind),
        }
    }

    /// Returns the other names of an actor or place.
    pub fn aliases(&self) -> &[&'k str] {
        match self {
            Fields::Actor(a) => &a.aliases,
            Fields::Place(p) => &p.aliases,
            Fields::Source(_) | Fields::Event(_) => &[],
        }
    }

    /// Returns the tags of an actor or event.
    pub fn tags(&self) -> &[&'k str] {
        match self {
            Fields::Actor(a) => &a.tags,
            Fields::Event(e) => &e.tags,
            Fields::Place(_) | Fields::Source(_) => &[],
        }
    }

    /// Returns the note.
    pub fn note(&self) -> Option<&'k str> {
        match self {
            Fields::Actor(a) => a.note,
            Fields::Place(p) => p.note,
            Fields::Source(s) => s.note,
            Fields::Event(e) => e.note,
        }
    }

    /// Returns the attributes.
    pub fn attrs(&self) -> &ShownAttrs<'k> {
        match self {
            Fields::Actor(a) => &a.attrs,
            Fields::Place(p) => &p.attrs,
            Fields::Source(s) => &s.attrs,
            Fields::Event(e) => &e.attrs,
        }
    }
}

impl<'k> ShownEdge<'k> {
    /// Describes an edge of the graph from the side of the entity shown; `other` is
    /// the entity at its other end.
    pub fn new(kb: &'k Kb, edge: &Edge, other: Entity) -> ShownEdge<'k> {
        let (class, label) = edge_label(kb, edge);
        ShownEdge {
            edge: class,
            label,
            id: kb.id_str(other),
            ty: other.ty(),
            name: kb.label(other),
            status: kb.status_name(edge.status),
            stated: kb.vocab().is_stated(edge.status),
            location: kb.files().file_line(edge.span),
            claims: positions(kb, edge.claims(kb), edge.span),
            gap: gap_text(kb, edge),
        }
    }
}

/// Returns what an edge is and its label: the role, the relation kind, `place`,
/// `within` or `cites`.
pub fn edge_label<'k>(kb: &'k Kb, edge: &Edge) -> (EdgeClass, &'k str) {
    match edge.kind {
        EdgeKind::Participation(role) => (EdgeClass::Participant, kb.str(role)),
        EdgeKind::Relation(kind) => (EdgeClass::Relation, kb.str(kind)),
        EdgeKind::Place => (EdgeClass::Place, "place"),
        EdgeKind::Within => (EdgeClass::Within, "within"),
        EdgeKind::Citation => (EdgeClass::Citation, "cites"),
    }
}

/// Returns the time between a relation's events as written, `P1D` or `P1D..P1M`.
pub fn gap_text(kb: &Kb, edge: &Edge) -> Option<String> {
    let Origin::Relation(r) = edge.origin else {
        return None;
    };
    kb.relations()[r as usize]
        .gap
        .as_deref()
        .map(|gap| match gap {
            Gap::Exact(p) => p.node.to_string(),
            Gap::Range(a, b) => format!("{}..{}", a.node, b.node),
        })
}

/// Describes one entity, with every edge of the graph touching it; for an event, with
/// its bounds as given and as in `bounds` (one per event, inferred), when there.
pub fn show<'k>(kb: &'k Kb, graph: &Graph, bounds: &[EventBounds], entity: Entity) -> Shown<'k> {
    let mut shown = fields_only(kb, bounds, entity);
    if let Some(node) = graph.node(kb.id_of(entity)) {
        for (direction, _, other, edge) in graph.edges_of(node) {
            let item = ShownEdge::new(kb, &edge, graph.entity(other));
            match direction {
                Direction::Outgoing => shown.out.push(item),
                Direction::Incoming => shown.incoming.push(item),
            }
        }
    }
    shown
}

/// Describes one entity without its edges (the compiled cache keeps those apart).
pub fn fields_only<'k>(kb: &'k Kb, bounds: &[EventBounds], entity: Entity) -> Shown<'k> {
    let bounds = match entity {
        Entity::Event(i) => bounds
            .get(i as usize)
            .map(|b| ShownBounds::new(&kb.events()[i as usize], b)),
        _ => None,
    };
    Shown {
        id: kb.id_str(entity),
        ty: entity.ty(),
        location: kb.files().location(kb.id_span(entity)),
        fields: Fields::of(kb, entity),
        claims: match kb.positions_of(entity) {
            p if kb.vocab().is_fact(p) => Vec::new(),
            p => positions(kb, p, kb.id_span(entity)),
        },
        out: Vec::new(),
        incoming: Vec::new(),
        bounds,
    }
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use super::*;
    use crate::analysis::Analysis;
    use crate::vocab::ClaimView;

    const KB: &str = r#"Chronicle(
    actors: [Actor(id: "ann", name: "Ann", attrs: {"b": "2", "a": "1"})],
    events: [
        Event(id: "meeting", title: "Meeting", date: "2021-02-10", actors: [("ann", participant)]),
        Event(id: "reply", title: "Reply", date: "2021-02"),
    ],
    relations: [
        Relation(from: "meeting", kind: before, to: "reply", gap: "P3D"),
        Relation(from: "ann", kind: perpetrator_of, to: "reply", status: alleged, by: ["ann"]),
    ],
)
"#;

    fn load() -> Kb {
        let files = vec![(PathBuf::from("kb.ron"), "kb.ron".into(), KB.into())];
        let (kb, diags) = crate::load::load_texts(Path::new("kb"), files);
        assert!(diags.iter().all(|d| !d.is_error()), "{diags:?}");
        kb
    }

    fn entity(kb: &Kb, id: &str) -> Entity {
        kb.lookup_str(id).expect("the id is defined")
    }

    #[test]
    fn an_event_has_its_bounds_given_and_inferred() {
        let kb = load();
        let analysis = Analysis::new(&kb, ClaimView::Stated);
        let shown = show(
            &kb,
            analysis.graph(),
            analysis.bounds(),
            entity(&kb, "reply"),
        );
        let bounds = shown.bounds.expect("an event has bounds");
        let day = |d: &str| Some(d.to_string());
        assert_eq!(bounds.given.start, [day("2021-02-01"), day("2021-02-28")]);
        assert_eq!(bounds.given.end, [day("2021-02-01"), day("2021-02-28")]);
        // An exact gap of three days after the meeting ends.
        assert_eq!(
            bounds.inferred.start,
            [day("2021-02-13"), day("2021-02-13")]
        );
        assert!(bounds.narrowed);
    }

    #[test]
    fn an_actor_has_no_bounds_and_its_edges_carry_their_claims() {
        let kb = load();
        let analysis = Analysis::new(&kb, ClaimView::Stated);
        let shown = show(&kb, analysis.graph(), analysis.bounds(), entity(&kb, "ann"));
        assert_eq!(shown.bounds, None);
        assert_eq!(shown.fields.kind(), Some("person"));
        assert_eq!(shown.fields.attrs().0, [("b", "2"), ("a", "1")]);
        let alleged = shown.out.iter().find(|e| e.edge == EdgeClass::Relation);
        let alleged = alleged.expect("the relation is an edge");
        assert_eq!((alleged.label, alleged.id), ("perpetrator_of", "reply"));
        assert_eq!((alleged.status, alleged.stated), ("alleged", false));
        assert_eq!(alleged.claims[0].by, ["ann"]);
        let json = serde_json::to_value(&shown).expect("a shown entity serialises");
        assert_eq!(json["type"], "actor");
        assert!(json["born"].is_null());
        assert!(json.get("bounds").is_none());
    }

    #[test]
    fn a_relation_edge_has_its_gap() {
        let kb = load();
        let analysis = Analysis::new(&kb, ClaimView::Stated);
        let shown = show(
            &kb,
            analysis.graph(),
            analysis.bounds(),
            entity(&kb, "meeting"),
        );
        let before = shown.out.iter().find(|e| e.label == "before");
        let before = before.expect("the relation is an edge");
        assert_eq!(before.gap.as_deref(), Some("P3D"));
        assert!(before.stated);
        assert_eq!(before.status, "stated");
    }
}
