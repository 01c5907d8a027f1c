//! The columns of each Parquet table, filled row by row and finished into record
//! batches. Column names avoid SQL keywords (`from_id`, not `from`), and no column is
//! unsigned, so DuckDB, Spark, Trino and BigQuery read them alike.

use arrow_array::RecordBatch;
use arrow_array::builder::{
    ArrayBuilder, BooleanBuilder, Int32Builder, Int64Builder, StringBuilder,
    TimestampMicrosecondBuilder,
};
use arrow_schema::ArrowError;

use super::columns::{
    AttrMap, Column, Location, Strings, attr_map, batch, column, lower_seconds, push_attrs,
    push_list, push_syms, timestamp_micros, upper_seconds,
};
use crate::kb::Kb;
use crate::model::{Actor, Claim, Event, Place, Source};
use crate::source::Span;
use crate::time::bounds::EventBounds;

/// The columns of one table, filled a row at a time.
pub trait Table: Default {
    /// Returns the number of rows not yet finished.
    fn len(&self) -> usize;
    /// Finishes the rows so far into a batch and starts again empty.
    fn finish(&mut self) -> Result<RecordBatch, ArrowError>;
}

/// The four bounds of an event, each as a timestamp, seconds and text.
#[derive(Debug, Default)]
struct BoundColumns {
    stamps: [TimestampMicrosecondBuilder; 4],
    seconds: [Int64Builder; 4],
    texts: [StringBuilder; 4],
}

/// The names of the four bounds, in column order.
const BOUND_NAMES: [[&str; 3]; 4] = [
    ["start_earliest", "start_earliest_s", "start_earliest_text"],
    ["start_latest", "start_latest_s", "start_latest_text"],
    ["end_earliest", "end_earliest_s", "end_earliest_text"],
    ["end_latest", "end_latest_s", "end_latest_text"],
];

impl BoundColumns {
    fn push(&mut self, b: &EventBounds) {
        let bounds = [b.start.0, b.start.1, b.end.0, b.end.1];
        for (i, bound) in bounds.into_iter().enumerate() {
            // Earliest points start their day; latest points end it.
            let seconds = if i % 2 == 0 {
                lower_seconds(bound)
            } else {
                upper_seconds(bound)
            };
            self.stamps[i].append_option(timestamp_micros(seconds));
            self.seconds[i].append_option(seconds);
            self.texts[i].append_option(b.text(bound));
        }
    }

    fn finish(&mut self, cols: &mut Vec<Column>) {
        for (i, [stamp, seconds, text]) in BOUND_NAMES.into_iter().enumerate() {
            cols.push(column(stamp, true, self.stamps[i].finish()));
            cols.push(column(seconds, true, self.seconds[i].finish()));
            cols.push(column(text, true, self.texts[i].finish()));
        }
    }
}

/// `events`: one row per event, in the one order of SPEC §4 (`ordinal`), with its
/// written date and its bounds, given or inferred. The year is the partition's.
#[derive(Debug)]
pub struct Events {
    ordinal: Int64Builder,
    id: StringBuilder,
    kind: StringBuilder,
    title: StringBuilder,
    date: StringBuilder,
    calendar: StringBuilder,
    duration: StringBuilder,
    bounds: BoundColumns,
    inferred: BooleanBuilder,
    status: StringBuilder,
    place: StringBuilder,
    tags: Strings,
    note: StringBuilder,
    attrs: AttrMap,
    at: Location,
}

impl Default for Events {
    fn default() -> Events {
        Events {
            ordinal: Int64Builder::new(),
            id: StringBuilder::new(),
            kind: StringBuilder::new(),
            title: StringBuilder::new(),
            date: StringBuilder::new(),
            calendar: StringBuilder::new(),
            duration: StringBuilder::new(),
            bounds: BoundColumns::default(),
            inferred: BooleanBuilder::new(),
            status: StringBuilder::new(),
            place: StringBuilder::new(),
            tags: Strings::new(StringBuilder::new()),
            note: StringBuilder::new(),
            attrs: attr_map(),
            at: Location::default(),
        }
    }
}

impl Events {
    /// Appends one event at position `ordinal` of the timeline, with its bounds.
    pub fn push(
        &mut self,
        kb: &Kb,
        event: &Event,
        bounds: &EventBounds,
        ordinal: usize,
    ) -> Result<(), ArrowError> {
        self.ordinal
            .append_value(i64::try_from(ordinal).unwrap_or(i64::MAX));
        self.id.append_value(kb.str(event.id.node));
        self.kind.append_value(kb.kind_name(event));
        self.title.append_value(&event.title);
        self.date
            .append_option(event.date.as_ref().map(|d| &*d.node.text));
        self.calendar
            .append_option(event.calendar.as_ref().map(|c| c.node.name()));
        self.duration
            .append_option(event.duration.as_ref().map(|d| d.node.to_string()));
        self.bounds.push(bounds);
        self.inferred.append_value(bounds.inferred);
        self.status
            .append_value(kb.status_name(kb.vocab().headline(event.positions())));
        self.place
            .append_option(event.place.as_ref().map(|p| kb.str(p.id.node)));
        push_syms(&mut self.tags, kb, &event.tags);
        self.note.append_option(event.note.as_deref());
        push_attrs(&mut self.attrs, &event.attrs)?;
        self.at.push(kb, event.id.span);
        Ok(())
    }
}

impl Table for Events {
    fn len(&self) -> usize {
        self.id.len()
    }

    fn finish(&mut self) -> Result<RecordBatch, ArrowError> {
        let mut cols = vec![
            column("ordinal", false, self.ordinal.finish()),
            column("id", false, self.id.finish()),
            column("kind", false, self.kind.finish()),
            column("title", false, self.title.finish()),
            column("date", true, self.date.finish()),
            column("calendar", true, self.calendar.finish()),
            column("duration", true, self.duration.finish()),
        ];
        self.bounds.finish(&mut cols);
        cols.extend([
            column("inferred", false, self.inferred.finish()),
            column("status", false, self.status.finish()),
            column("place", true, self.place.finish()),
            column("tags", false, self.tags.finish()),
            column("note", true, self.note.finish()),
            column("attrs", false, self.attrs.finish()),
        ]);
        self.at.finish(&mut cols);
        batch(cols)
    }
}

/// `actors`: one row per actor.
#[derive(Debug)]
pub struct Actors {
    id: StringBuilder,
    name: StringBuilder,
    kind: StringBuilder,
    aliases: Strings,
    born: StringBuilder,
    died: StringBuilder,
    calendar: StringBuilder,
    tags: Strings,
    note: StringBuilder,
    attrs: AttrMap,
    status: StringBuilder,
    at: Location,
}

impl Default for Actors {
    fn default() -> Actors {
        Actors {
            id: StringBuilder::new(),
            name: StringBuilder::new(),
            kind: StringBuilder::new(),
            aliases: Strings::new(StringBuilder::new()),
            born: StringBuilder::new(),
            died: StringBuilder::new(),
            calendar: StringBuilder::new(),
            tags: Strings::new(StringBuilder::new()),
            note: StringBuilder::new(),
            attrs: attr_map(),
            status: StringBuilder::new(),
            at: Location::default(),
        }
    }
}

impl Actors {
    /// Appends one actor.
    pub fn push(&mut self, kb: &Kb, actor: &Actor) -> Result<(), ArrowError> {
        self.id.append_value(kb.str(actor.id.node));
        self.name.append_value(&actor.name);
        self.kind.append_value(kb.kind_name(actor));
        push_list(&mut self.aliases, actor.aliases.iter().map(|a| &**a));
        self.born
            .append_option(actor.born.as_ref().map(|d| &*d.node.text));
        self.died
            .append_option(actor.died.as_ref().map(|d| &*d.node.text));
        self.calendar
            .append_option(actor.calendar.as_ref().map(|c| c.node.name()));
        push_syms(&mut self.tags, kb, &actor.tags);
        self.note.append_option(actor.note.as_deref());
        push_attrs(&mut self.attrs, &actor.attrs)?;
        self.status
            .append_value(kb.status_name(kb.vocab().headline(actor.positions())));
        self.at.push(kb, actor.id.span);
        Ok(())
    }
}

impl Table for Actors {
    fn len(&self) -> usize {
        self.id.len()
    }

    fn finish(&mut self) -> Result<RecordBatch, ArrowError> {
        let mut cols = vec![
            column("id", false, self.id.finish()),
            column("name", false, self.name.finish()),
            column("kind", false, self.kind.finish()),
            column("aliases", false, self.aliases.finish()),
            column("born", true, self.born.finish()),
            column("died", true, self.died.finish()),
            column("calendar", true, self.calendar.finish()),
            column("tags", false, self.tags.finish()),
            column("note", true, self.note.finish()),
            column("attrs", false, self.attrs.finish()),
            column("status", false, self.status.finish()),
        ];
        self.at.finish(&mut cols);
        batch(cols)
    }
}

/// `places`: one row per place.
#[derive(Debug)]
pub struct Places {
    id: StringBuilder,
    name: StringBuilder,
    kind: StringBuilder,
    within: StringBuilder,
    aliases: Strings,
    note: StringBuilder,
    attrs: AttrMap,
    status: StringBuilder,
    at: Location,
}

impl Default for Places {
    fn default() -> Places {
        Places {
            id: StringBuilder::new(),
            name: StringBuilder::new(),
            kind: StringBuilder::new(),
            within: StringBuilder::new(),
            aliases: Strings::new(StringBuilder::new()),
            note: StringBuilder::new(),
            attrs: attr_map(),
            status: StringBuilder::new(),
            at: Location::default(),
        }
    }
}

impl Places {
    /// Appends one place.
    pub fn push(&mut self, kb: &Kb, place: &Place) -> Result<(), ArrowError> {
        self.id.append_value(kb.str(place.id.node));
        self.name.append_value(&place.name);
        self.kind.append_value(kb.kind_name(place));
        self.within
            .append_option(place.within.as_ref().map(|w| kb.str(w.id.node)));
        push_list(&mut self.aliases, place.aliases.iter().map(|a| &**a));
        self.note.append_option(place.note.as_deref());
        push_attrs(&mut self.attrs, &place.attrs)?;
        self.status
            .append_value(kb.status_name(kb.vocab().headline(place.positions())));
        self.at.push(kb, place.id.span);
        Ok(())
    }
}

impl Table for Places {
    fn len(&self) -> usize {
        self.id.len()
    }

    fn finish(&mut self) -> Result<RecordBatch, ArrowError> {
        let mut cols = vec![
            column("id", false, self.id.finish()),
            column("name", false, self.name.finish()),
            column("kind", false, self.kind.finish()),
            column("within", true, self.within.finish()),
            column("aliases", false, self.aliases.finish()),
            column("note", true, self.note.finish()),
            column("attrs", false, self.attrs.finish()),
            column("status", false, self.status.finish()),
        ];
        self.at.finish(&mut cols);
        batch(cols)
    }
}

/// `sources`: one row per source.
#[derive(Debug)]
pub struct Sources {
    id: StringBuilder,
    title: StringBuilder,
    date: StringBuilder,
    calendar: StringBuilder,
    url: StringBuilder,
    publisher: StringBuilder,
    author: StringBuilder,
    note: StringBuilder,
    attrs: AttrMap,
    status: StringBuilder,
    at: Location,
}

impl Default for Sources {
    fn default() -> Sources {
        Sources {
            id: StringBuilder::new(),
            title: StringBuilder::new(),
            date: StringBuilder::new(),
            calendar: StringBuilder::new(),
            url: StringBuilder::new(),
            publisher: StringBuilder::new(),
            author: StringBuilder::new(),
            note: StringBuilder::new(),
            attrs: attr_map(),
            status: StringBuilder::new(),
            at: Location::default(),
        }
    }
}

impl Sources {
    /// Appends one source.
    pub fn push(&mut self, kb: &Kb, source: &Source) -> Result<(), ArrowError> {
        self.id.append_value(kb.str(source.id.node));
        self.title.append_value(&source.title);
        self.date
            .append_option(source.date.as_ref().map(|d| &*d.node.text));
        self.calendar
            .append_option(source.calendar.as_ref().map(|c| c.node.name()));
        self.url.append_option(source.url.as_deref());
        self.publisher.append_option(source.publisher.as_deref());
        self.author.append_option(source.author.as_deref());
        self.note.append_option(source.note.as_deref());
        push_attrs(&mut self.attrs, &source.attrs)?;
        self.status
            .append_value(kb.status_name(kb.vocab().headline(source.positions())));
        self.at.push(kb, source.id.span);
        Ok(())
    }
}

impl Table for Sources {
    fn len(&self) -> usize {
        self.id.len()
    }

    fn finish(&mut self) -> Result<RecordBatch, ArrowError> {
        let mut cols = vec![
            column("id", false, self.id.finish()),
            column("title", false, self.title.finish()),
            column("date", true, self.date.finish()),
            column("calendar", true, self.calendar.finish()),
            column("url", true, self.url.finish()),
            column("publisher", true, self.publisher.finish()),
            column("author", true, self.author.finish()),
            column("note", true, self.note.finish()),
            column("attrs", false, self.attrs.finish()),
            column("status", false, self.status.finish()),
        ];
        self.at.finish(&mut cols);
        batch(cols)
    }
}

/// `participations`: one row per actor of an event, in the order written.
#[derive(Debug, Default)]
pub struct Participations {
    event: StringBuilder,
    actor: StringBuilder,
    role: StringBuilder,
    position: Int32Builder,
    status: StringBuilder,
    at: Location,
}

impl Participations {
    /// Appends every participant of `event`.
    pub fn push(&mut self, kb: &Kb, event: &Event) {
        for (i, p) in event.actors.iter().enumerate() {
            self.event.append_value(kb.str(event.id.node));
            self.actor.append_value(kb.str(p.actor.node));
            self.role.append_value(kb.str(p.role.node));
            self.position
                .append_value(i32::try_from(i).unwrap_or(i32::MAX));
            self.status
                .append_value(kb.status_name(kb.vocab().headline(&p.claims)));
            self.at.push(kb, p.actor.span);
        }
    }
}

impl Table for Participations {
    fn len(&self) -> usize {
        self.event.len()
    }

    fn finish(&mut self) -> Result<RecordBatch, ArrowError> {
        let mut cols = vec![
            column("event", false, self.event.finish()),
            column("actor", false, self.actor.finish()),
            column("role", false, self.role.finish()),
            column("position", false, self.position.finish()),
            column("status", false, self.status.finish()),
        ];
        self.at.finish(&mut cols);
        batch(cols)
    }
}

/// `relations`: one row per relation, as written.
#[derive(Debug, Default)]
pub struct Relations {
    from_id: StringBuilder,
    kind: StringBuilder,
    to_id: StringBuilder,
    gap: StringBuilder,
    status: StringBuilder,
    note: StringBuilder,
    at: Location,
}

impl Relations {
    /// Appends one relation.
    pub fn push(&mut self, kb: &Kb, relation: &crate::model::Relation) {
        self.from_id.append_value(kb.str(relation.from.node));
        self.kind.append_value(kb.str(relation.kind.node));
        self.to_id.append_value(kb.str(relation.to.node));
        self.gap
            .append_option(relation.gap.as_deref().map(|gap| match gap {
                crate::model::Gap::Exact(p) => p.node.to_string(),
                crate::model::Gap::Range(a, b) => format!("{}..{}", a.node, b.node),
            }));
        self.status
            .append_value(kb.status_name(kb.vocab().headline(relation.positions())));
        self.note.append_option(relation.claim.note.as_deref());
        self.at.push(kb, relation.span);
    }
}

impl Table for Relations {
    fn len(&self) -> usize {
        self.from_id.len()
    }

    fn finish(&mut self) -> Result<RecordBatch, ArrowError> {
        let mut cols = vec![
            column("from_id", false, self.from_id.finish()),
            column("kind", false, self.kind.finish()),
            column("to_id", false, self.to_id.finish()),
            column("gap", true, self.gap.finish()),
            column("status", false, self.status.finish()),
            column("note", true, self.note.finish()),
        ];
        self.at.finish(&mut cols);
        batch(cols)
    }
}

/// `citations`: one row per source an event, actor or place cites.
#[derive(Debug, Default)]
pub struct Citations {
    entity: StringBuilder,
    entity_type: StringBuilder,
    source: StringBuilder,
    status: StringBuilder,
    at: Location,
}

impl Citations {
    /// Appends the citations of the entity `id` of type `ty`.
    pub fn push(&mut self, kb: &Kb, id: &str, ty: &str, cites: &[crate::model::Ref]) {
        for r in cites {
            self.entity.append_value(id);
            self.entity_type.append_value(ty);
            self.source.append_value(kb.str(r.id.node));
            self.status
                .append_value(kb.status_name(kb.vocab().headline(&r.claims)));
            self.at.push(kb, r.id.span);
        }
    }
}

impl Table for Citations {
    fn len(&self) -> usize {
        self.entity.len()
    }

    fn finish(&mut self) -> Result<RecordBatch, ArrowError> {
        let mut cols = vec![
            column("entity", false, self.entity.finish()),
            column("entity_type", false, self.entity_type.finish()),
            column("source", false, self.source.finish()),
            column("status", false, self.status.finish()),
        ];
        self.at.finish(&mut cols);
        batch(cols)
    }
}

/// What a claim is about: an entity itself, or one of its edges.
#[derive(Clone, Copy, Debug)]
pub struct About<'a> {
    /// `event`, `actor`, `place` or `source` for the entity itself; `participation`,
    /// `relation`, `place_of` (an event's place), `within` or `citation` for an edge.
    pub about: &'a str,
    /// The entity, or the edge's first end (the actor of a participation).
    pub from_id: &'a str,
    /// The edge's kind (the role of a participation, `at`, `within`, `cites`).
    pub kind: Option<&'a str>,
    /// The edge's other end.
    pub to_id: Option<&'a str>,
    /// Where a claim written as its record's own fields is placed.
    pub span: Span,
}

/// `claims`: one row per position taken on an entity or an edge.
#[derive(Debug)]
pub struct Claims {
    about: StringBuilder,
    from_id: StringBuilder,
    kind: StringBuilder,
    to_id: StringBuilder,
    position: Int32Builder,
    status: StringBuilder,
    by: Strings,
    sources: Strings,
    note: StringBuilder,
    at: Location,
}

impl Default for Claims {
    fn default() -> Claims {
        Claims {
            about: StringBuilder::new(),
            from_id: StringBuilder::new(),
            kind: StringBuilder::new(),
            to_id: StringBuilder::new(),
            position: Int32Builder::new(),
            status: StringBuilder::new(),
            by: Strings::new(StringBuilder::new()),
            sources: Strings::new(StringBuilder::new()),
            note: StringBuilder::new(),
            at: Location::default(),
        }
    }
}

impl Claims {
    /// Appends every position in `claims` on `about`.
    pub fn push(&mut self, kb: &Kb, about: About, claims: &[Claim]) {
        for (i, claim) in claims.iter().enumerate() {
            self.about.append_value(about.about);
            self.from_id.append_value(about.from_id);
            self.kind.append_option(about.kind);
            self.to_id.append_option(about.to_id);
            self.position
                .append_value(i32::try_from(i).unwrap_or(i32::MAX));
            self.status
                .append_value(kb.status_name(claim.status.as_ref().map(|s| s.node)));
            push_syms(&mut self.by, kb, &claim.by);
            push_syms(&mut self.sources, kb, &claim.sources);
            self.note.append_option(claim.note.as_deref());
            let span = if claim.span.start == claim.span.end {
                about.span
            } else {
                claim.span
            };
            self.at.push(kb, span);
        }
    }
}

impl Table for Claims {
    fn len(&self) -> usize {
        self.about.len()
    }

    fn finish(&mut self) -> Result<RecordBatch, ArrowError> {
        let mut cols = vec![
            column("about", false, self.about.finish()),
            column("from_id", false, self.from_id.finish()),
            column("kind", true, self.kind.finish()),
            column("to_id", true, self.to_id.finish()),
            column("position", false, self.position.finish()),
            column("status", false, self.status.finish()),
            column("by", false, self.by.finish()),
            column("sources", false, self.sources.finish()),
            column("note", true, self.note.finish()),
        ];
        self.at.finish(&mut cols);
        batch(cols)
    }
}
