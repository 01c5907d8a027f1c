//! `show`'s answers in the cache: a directory of every entity (id, name, type) sorted
//! by id, and every entity's [`Shown`] in the same order, its edges naming the other
//! end by its place in the directory and their labels and statuses by number, so that
//! `show ID` reads a few blocks and prints them with the very code that prints an
//! uncached answer.

use std::io;

use petgraph::Direction;
use rkyv::rancor::Error as RkyvError;
use rkyv::util::AlignedVec;
use rkyv::{Archive, Deserialize, Serialize};
use rustc_hash::FxHashMap;

use super::file::{BlockRef, Unusable, Writer, block_ref, read_block};
use super::stored::{StoredPosition, opt, strs};
use crate::analysis::Analysis;
use crate::claims::positions;
use crate::kb::{Entity, Kb};
use crate::model::EntityType;
use crate::query::show::{
    self, ActorFields, BoundsText, EdgeClass, EventFields, Fields, PlaceFields, Shown, ShownAttrs,
    ShownBounds, ShownDate, ShownDuration, ShownEdge, SourceFields,
};

/// Entities per directory block.
const DIRECTORY_PER_BLOCK: usize = 1024;

/// `show` answers per block: an entity with many edges makes a big answer.
const SHOWN_PER_BLOCK: usize = 32;

/// How many references to blocks of answers one block of references holds.
const REFS_PER_BLOCK: usize = 256;

/// Where `show`'s answers are: the header keeps this.
#[derive(Archive, Serialize, Deserialize, Debug)]
pub struct ShownIndex {
    /// A block listing the first id of each directory block, and where it is.
    directory: BlockRef,
    /// A block listing the blocks that list, [`REFS_PER_BLOCK`] at a time, where each
    /// block of answers is: a query reads two short lists, not one of every block.
    answers: BlockRef,
    /// The edges' labels and statuses, by number.
    terms: Vec<String>,
}

/// The first id of a directory block.
#[derive(Archive, Serialize, Deserialize, Debug)]
struct DirectoryFence {
    first: String,
    block: BlockRef,
}

/// One entity in the directory.
#[derive(Archive, Serialize, Deserialize, Debug)]
struct DirectoryEntry {
    id: String,
    name: String,
    ty: u8,
}

/// One entity as `show` prints it, owned.
#[derive(Archive, Serialize, Deserialize, Debug)]
pub struct StoredShown {
    id: String,
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

/// One edge at the shown entity: the other end by its place in the directory, the
/// label and status by number, where it is written by file and line.
#[derive(Archive, Serialize, Deserialize, Debug)]
struct StoredEdge {
    edge: u8,
    label: u32,
    other: u32,
    status: u32,
    stated: bool,
    file: u32,
    line: u32,
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

impl ArchivedShownIndex {
    /// Returns the labels and statuses, by number.
    pub fn terms(&self) -> impl Iterator<Item = &str> {
        self.terms.iter().map(|t| t.as_str())
    }
}

/// The edges' labels and statuses, numbered once before the answers are written (on
/// several threads, each looking numbers up).
struct Terms<'k> {
    list: Vec<&'k str>,
    index: FxHashMap<&'k str, u32>,
}

impl<'k> Terms<'k> {
    /// Numbers the labels and statuses of every edge of the graph, in edge order.
    fn of_edges(kb: &'k Kb, graph: &crate::graph::Graph) -> Terms<'k> {
        let mut terms = Terms {
            list: Vec::new(),
            index: FxHashMap::default(),
        };
        for edge in graph.edges() {
            terms.add(show::edge_label(kb, edge).1);
            terms.add(kb.status_name(edge.status));
        }
        terms
    }

    fn add(&mut self, term: &'k str) {
        if !self.index.contains_key(term) {
            self.index.insert(term, self.list.len() as u32);
            self.list.push(term);
        }
    }

    fn number(&self, term: &str) -> u32 {
        self.index.get(term).copied().unwrap_or(u32::MAX)
    }
}

/// Writes the directory and every entity's answer, sorted by id; the answers of a
/// large KB are made on two threads.
pub fn write(out: &mut Writer, kb: &Kb, analysis: &Analysis) -> io::Result<ShownIndex> {
    let mut entities: Vec<(&str, Entity)> = kb.entities().map(|e| (kb.id_str(e), e)).collect();
    entities.sort_unstable_by(|a, b| a.0.cmp(b.0));
    // Each entity's place in the directory, by graph node: an edge's other end is found
    // without reading its record.
    let graph = analysis.graph();
    let index = |e: Entity| match e {
        Entity::Actor(i) | Entity::Place(i) | Entity::Source(i) | Entity::Event(i) => i as usize,
    };
    let mut by_type: [Vec<u32>; 4] = [
        vec![u32::MAX; kb.actors().len()],
        vec![u32::MAX; kb.places().len()],
        vec![u32::MAX; kb.sources().len()],
        vec![u32::MAX; kb.events().len()],
    ];
    for (n, &(_, entity)) in entities.iter().enumerate() {
        by_type[type_code(entity.ty()) as usize][index(entity)] = n as u32;
    }
    let place: Vec<u32> = graph
        .graph
        .node_indices()
        .map(|node| {
            let entity = graph.entity(node);
            by_type[type_code(entity.ty()) as usize][index(entity)]
        })
        .collect();
    let mut fences = Vec::with_capacity(entities.len() / DIRECTORY_PER_BLOCK + 1);
    for chunk in entities.chunks(DIRECTORY_PER_BLOCK) {
        let entries: Vec<DirectoryEntry> = chunk
            .iter()
            .map(|&(id, entity)| DirectoryEntry {
                id: id.to_string(),
                name: kb.label(entity).to_string(),
                ty: type_code(entity.ty()),
            })
            .collect();
        fences.push(DirectoryFence {
            first: chunk[0].0.to_string(),
            block: out.block(&entries)?,
        });
    }
    let terms = Terms::of_edges(kb, analysis.graph());
    let chunks: Vec<&[(&str, Entity)]> = entities.chunks(SHOWN_PER_BLOCK).collect();
    let encode = |chunk: &&[(&str, Entity)]| {
        let block: Vec<StoredShown> = chunk
            .iter()
            .map(|&(_, entity)| stored(kb, analysis, entity, &place, &terms))
            .collect();
        crate::cache::file::encode(&block)
    };
    let answers = if crate::analysis::is_large(kb) {
        out.blocks_in_parallel(&chunks, encode)?
    } else {
        let mut answers = Vec::with_capacity(chunks.len());
        for chunk in &chunks {
            answers.push(out.put(&encode(chunk)?)?);
        }
        answers
    };
    let mut listed = Vec::with_capacity(answers.len() / REFS_PER_BLOCK + 1);
    for chunk in answers.chunks(REFS_PER_BLOCK) {
        listed.push(out.block(&chunk.to_vec())?);
    }
    Ok(ShownIndex {
        directory: out.block(&fences)?,
        answers: out.block(&listed)?,
        terms: terms.list.iter().map(|t| t.to_string()).collect(),
    })
}

/// Returns the owned answer for `entity`, its edges in the order `show` lists them.
fn stored(
    kb: &Kb,
    analysis: &Analysis,
    entity: Entity,
    place: &[u32],
    terms: &Terms,
) -> StoredShown {
    let graph = analysis.graph();
    // The edges are made here, by number, instead of from the answer's texts.
    let shown = show::fields_only(kb, analysis.bounds(), entity);
    let mut out = Vec::new();
    let mut incoming = Vec::new();
    if let Some(node) = graph.node(kb.id_of(entity)) {
        for (direction, _, other, edge) in graph.edges_of(node) {
            let (class, label) = show::edge_label(kb, &edge);
            let file = kb.files().get(edge.span.file);
            let line = file.line_index((edge.span.start as usize).min(file.text.len())) + 1;
            let item = StoredEdge {
                edge: EDGES.iter().position(|&e| e == class).unwrap_or_default() as u8,
                label: terms.number(label),
                other: place[other.index()],
                status: terms.number(kb.status_name(edge.status)),
                stated: kb.vocab().is_stated(edge.status),
                file: edge.span.file.0,
                line: line as u32,
                claims: positions(kb, edge.claims(kb), edge.span)
                    .iter()
                    .map(StoredPosition::new)
                    .collect(),
                gap: show::gap_text(kb, &edge),
            };
            match direction {
                Direction::Outgoing => out.push(item),
                Direction::Incoming => incoming.push(item),
            }
        }
    }
    StoredShown {
        id: shown.id.to_string(),
        ty: type_code(shown.ty),
        location: shown.location.clone(),
        fields: StoredFields::new(&shown.fields),
        claims: shown.claims.iter().map(StoredPosition::new).collect(),
        out,
        incoming,
        bounds: shown.bounds.as_ref().map(|b| StoredBounds {
            given: four(&b.given),
            inferred: four(&b.inferred),
            narrowed: b.narrowed,
        }),
    }
}

/// An entity's answer and the directory blocks naming the other ends of its edges,
/// read and checked.
pub struct Found {
    answers: AlignedVec,
    slot: usize,
    directory: Vec<(usize, AlignedVec)>,
}

fn access<T>(bytes: &AlignedVec) -> Result<&T, Unusable>
where
    T: rkyv::Portable
        + for<'a> rkyv::bytecheck::CheckBytes<rkyv::api::high::HighValidator<'a, RkyvError>>,
{
    rkyv::access::<T, RkyvError>(bytes).map_err(|_| Unusable)
}

type Directory = rkyv::vec::ArchivedVec<ArchivedDirectoryEntry>;

type Fences = rkyv::vec::ArchivedVec<ArchivedDirectoryFence>;
type Refs = rkyv::vec::ArchivedVec<super::file::ArchivedBlockRef>;

/// Finds the entity `id` in the directory (whose fences are `fences`): its place.
fn directory_place(
    file: &std::fs::File,
    fences: &Fences,
    id: &str,
) -> Result<Option<usize>, Unusable> {
    let i = fences.partition_point(|f| f.first.as_str() <= id);
    if i == 0 {
        return Ok(None);
    }
    let bytes = read_block(file, block_ref(&fences[i - 1].block))?;
    let entries = access::<Directory>(&bytes)?;
    Ok(entries
        .binary_search_by(|e| e.id.as_str().cmp(id))
        .ok()
        .map(|j| (i - 1) * DIRECTORY_PER_BLOCK + j))
}

/// Reads the answer for `id`, `None` when no entity has it.
pub fn find(
    file: &std::fs::File,
    index: &ArchivedShownIndex,
    id: &str,
) -> Result<Option<Found>, Unusable> {
    let fences = read_block(file, block_ref(&index.directory))?;
    let fences = access::<Fences>(&fences)?;
    let Some(place) = directory_place(file, fences, id)? else {
        return Ok(None);
    };
    let n = place / SHOWN_PER_BLOCK;
    let listed = read_block(file, block_ref(&index.answers))?;
    let listed = access::<Refs>(&listed)?;
    let refs = read_block(
        file,
        block_ref(listed.get(n / REFS_PER_BLOCK).ok_or(Unusable)?),
    )?;
    let at = access::<Refs>(&refs)?
        .get(n % REFS_PER_BLOCK)
        .ok_or(Unusable)?;
    let answers = read_block(file, block_ref(at))?;
    let slot = place % SHOWN_PER_BLOCK;
    let stored = access::<rkyv::vec::ArchivedVec<ArchivedStoredShown>>(&answers)?
        .get(slot)
        .ok_or(Unusable)?;
    let mut blocks: Vec<usize> = stored
        .out
        .iter()
        .chain(stored.incoming.iter())
        .map(|e| e.other.to_native() as usize / DIRECTORY_PER_BLOCK)
        .collect();
    blocks.sort_unstable();
    blocks.dedup();
    let mut directory = Vec::with_capacity(blocks.len());
    for b in blocks {
        let fence = fences.get(b).ok_or(Unusable)?;
        let bytes = read_block(file, block_ref(&fence.block))?;
        access::<Directory>(&bytes)?;
        directory.push((b, bytes));
    }
    Ok(Some(Found {
        answers,
        slot,
        directory,
    }))
}

impl Found {
    fn stored(&self) -> Result<&ArchivedStoredShown, Unusable> {
        access::<rkyv::vec::ArchivedVec<ArchivedStoredShown>>(&self.answers)?
            .get(self.slot)
            .ok_or(Unusable)
    }

    /// Returns the entity's type.
    pub fn ty(&self) -> Result<EntityType, Unusable> {
        self.stored().map(|s| type_of(s.ty))
    }

    fn entry(&self, place: usize) -> Result<&ArchivedDirectoryEntry, Unusable> {
        let b = place / DIRECTORY_PER_BLOCK;
        let i = self
            .directory
            .binary_search_by_key(&b, |(n, _)| *n)
            .map_err(|_| Unusable)?;
        access::<Directory>(&self.directory[i].1)?
            .get(place % DIRECTORY_PER_BLOCK)
            .ok_or(Unusable)
    }

    fn edge<'a>(
        &'a self,
        e: &'a ArchivedStoredEdge,
        terms: &'a [&'a str],
        paths: &[&str],
    ) -> Result<ShownEdge<'a>, Unusable> {
        let term = |n: u32| terms.get(n as usize).copied().ok_or(Unusable);
        let other = self.entry(e.other.to_native() as usize)?;
        let path = paths.get(e.file.to_native() as usize).ok_or(Unusable)?;
        Ok(ShownEdge {
            edge: EDGES.get(e.edge as usize).copied().ok_or(Unusable)?,
            label: term(e.label.to_native())?,
            id: other.id.as_str(),
            ty: type_of(other.ty),
            name: other.name.as_str(),
            status: term(e.status.to_native())?,
            stated: e.stated,
            location: format!("{path}:{}", e.line.to_native()),
            claims: e.claims.iter().map(|p| p.position()).collect(),
            gap: opt_owned(&e.gap),
        })
    }

    /// Returns the answer as `show`'s typed answer, borrowing the archived text;
    /// `terms` and `paths` are the header's.
    pub fn shown<'a>(
        &'a self,
        terms: &'a [&'a str],
        paths: &[&str],
    ) -> Result<Shown<'a>, Unusable> {
        let s = self.stored()?;
        let edges = |list: &'a rkyv::vec::ArchivedVec<ArchivedStoredEdge>| {
            list.iter()
                .map(|e| self.edge(e, terms, paths))
                .collect::<Result<Vec<_>, _>>()
        };
        Ok(Shown {
            id: s.id.as_str(),
            ty: type_of(s.ty),
            location: s.location.to_string(),
            fields: s.fields.fields(),
            claims: s.claims.iter().map(|p| p.position()).collect(),
            out: edges(&s.out)?,
            incoming: edges(&s.incoming)?,
            bounds: s.bounds.as_ref().map(|b| ShownBounds {
                given: bounds_text(&b.given),
                inferred: bounds_text(&b.inferred),
                narrowed: b.narrowed,
            }),
        })
    }
}
