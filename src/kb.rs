//! The loaded knowledge base: every record of every file, the interned strings, and
//! the index from id to record.

use std::path::{Path, PathBuf};

use lasso::Key;

use crate::diag::Diagnostic;
use crate::model::schema::Chronicle;
use crate::model::{
    Actor, EntityType, Event, Interner, Place, Relation, Source, Sym, VocabularyDecl,
};
use crate::source::{FileId, SourceMap, Span};
use crate::vocab::{Kinded, STATED, Vocabulary};

/// A record an id names: its type and position in the matching list of the [`Kb`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Entity {
    /// `kb.actors[i]`.
    Actor(u32),
    /// `kb.places[i]`.
    Place(u32),
    /// `kb.sources[i]`.
    Source(u32),
    /// `kb.events[i]`.
    Event(u32),
}

impl Entity {
    /// Returns the entity at position `i` of the records of type `ty` (0–3: actor,
    /// place, source, event, the order [`Kb::append_entities`] takes).
    pub(crate) fn of_type(ty: u8, i: u32) -> Entity {
        match ty {
            0 => Entity::Actor(i),
            1 => Entity::Place(i),
            2 => Entity::Source(i),
            _ => Entity::Event(i),
        }
    }

    /// Returns the entity's type.
    pub fn ty(self) -> EntityType {
        match self {
            Entity::Actor(_) => EntityType::Actor,
            Entity::Place(_) => EntityType::Place,
            Entity::Source(_) => EntityType::Source,
            Entity::Event(_) => EntityType::Event,
        }
    }
}

/// Every record of a knowledge base, with positions.
///
/// The fields are private so that the id index always agrees with the records: records
/// with ids are only added through the `push_*` methods, which register the id. What
/// the records imply (the graph, the inferred dates) is not kept here; it is computed
/// once after loading, as an `Analysis` (see `analysis.rs`), which depends on the KB
/// and never the other way round.
#[derive(Debug)]
pub struct Kb {
    root: PathBuf,
    files: SourceMap,
    syms: Interner,
    actors: Vec<Actor>,
    places: Vec<Place>,
    sources: Vec<Source>,
    events: Vec<Event>,
    relations: Vec<Relation>,
    vocab_decls: Vec<VocabularyDecl>,
    vocab: Vocabulary,
    /// The title and summary, from the one file that sets them.
    heading: Chronicle,
    /// Entity by interned id.
    index: Vec<Option<Entity>>,
    /// The warning codes the KB allows, as written, from every file.
    allowed: Vec<crate::source::Spanned<Sym>>,
}

impl Kb {
    /// Returns an empty KB rooted at `root`.
    pub fn new(root: PathBuf) -> Kb {
        Kb::with_capacity(root, 0)
    }

    /// Returns an empty KB rooted at `root`, its interner sized for about `bytes` of
    /// source text.
    pub fn with_capacity(root: PathBuf, bytes: usize) -> Kb {
        Kb {
            root,
            files: SourceMap::default(),
            syms: crate::model::interner_for(bytes),
            actors: Vec::new(),
            places: Vec::new(),
            sources: Vec::new(),
            events: Vec::new(),
            relations: Vec::new(),
            vocab_decls: Vec::new(),
            vocab: Vocabulary::default(),
            heading: Chronicle::default(),
            index: Vec::new(),
            allowed: Vec::new(),
        }
    }

    /// Returns the KB directory.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Returns the files, for diagnostics and edits.
    pub fn files(&self) -> &SourceMap {
        &self.files
    }

    /// Returns the files, giving up the rest of the KB (to report on them).
    pub fn into_files(self) -> SourceMap {
        self.files
    }

    /// Returns the interned ids, terms and tags.
    pub fn syms(&self) -> &Interner {
        &self.syms
    }

    /// Returns the actors in load order.
    pub fn actors(&self) -> &[Actor] {
        &self.actors
    }

    /// Returns the places in load order.
    pub fn places(&self) -> &[Place] {
        &self.places
    }

    /// Returns the sources in load order.
    pub fn sources(&self) -> &[Source] {
        &self.sources
    }

    /// Returns the events in load order.
    pub fn events(&self) -> &[Event] {
        &self.events
    }

    /// Returns the relations in load order.
    pub fn relations(&self) -> &[Relation] {
        &self.relations
    }

    /// Returns the vocabulary sections as written.
    pub fn vocab_decls(&self) -> &[VocabularyDecl] {
        &self.vocab_decls
    }

    /// Returns the KB's title (`Chronicle(title: …)`), if a file sets one.
    pub fn title(&self) -> Option<&str> {
        self.heading.title.as_ref().map(|t| &*t.node)
    }

    /// Returns the file that sets the KB's title, if one does.
    pub fn title_file(&self) -> Option<FileId> {
        self.heading.title.as_ref().map(|t| t.span.file)
    }

    /// Returns the KB's summary (`Chronicle(summary: …)`), if a file sets one.
    pub fn summary(&self) -> Option<&str> {
        self.heading.summary.as_ref().map(|s| &*s.node)
    }

    /// Takes the title and summary of a file; a second file setting either is
    /// reported, naming where the first one set them, and ignored.
    pub(crate) fn set_heading(&mut self, heading: Chronicle, diags: &mut Vec<Diagnostic>) {
        let first = self
            .heading
            .title
            .as_ref()
            .or(self.heading.summary.as_ref());
        let Some(first) = first.map(|f| f.span) else {
            self.heading = heading;
            return;
        };
        for (field, given) in [("title", &heading.title), ("summary", &heading.summary)] {
            if let Some(given) = given {
                diags.push(
                    Diagnostic::error(
                        "duplicate-title",
                        format!("the knowledge base's {field} is set in a second file"),
                    )
                    .at(given.span)
                    .with_label("set again here")
                    .also(first, "the title and summary are first set here")
                    .help("a knowledge base's title and summary are set in one file; remove them from the other"),
                );
            }
        }
    }

    /// Returns the warning codes the KB allows (`allow: [...]`), as written.
    pub fn allowed(&self) -> &[crate::source::Spanned<Sym>] {
        &self.allowed
    }

    /// Adds warning codes a file allows.
    pub(crate) fn allow_codes(&mut self, codes: Vec<crate::source::Spanned<Sym>>) {
        self.allowed.extend(codes);
    }

    /// Returns the built-in vocabulary merged with the declared one.
    pub fn vocab(&self) -> &Vocabulary {
        &self.vocab
    }

    /// Returns the kind of an event, actor or place as text: its default kind
    /// (`event`, `person`, `place`) when none is written.
    pub fn kind_name<R: Kinded>(&self, record: &R) -> &str {
        record
            .written_kind()
            .map_or(R::DEFAULT_KIND, |kind| self.str(kind))
    }

    /// Returns a claim status as text: `stated` when none is written.
    pub fn status_name(&self, status: Option<Sym>) -> &str {
        status.map_or(STATED, |status| self.str(status))
    }

    /// Returns the files for the loader to add to.
    pub(crate) fn files_mut(&mut self) -> &mut SourceMap {
        &mut self.files
    }

    /// Makes `syms` the KB's interner; only before any record is added, since the
    /// index is keyed by symbol.
    pub(crate) fn adopt_interner(&mut self, syms: &mut Interner) {
        debug_assert!(
            self.index.is_empty(),
            "the interner is adopted before any record"
        );
        std::mem::swap(&mut self.syms, syms);
    }

    /// Returns the interner for the loader to add to.
    pub(crate) fn syms_mut(&mut self) -> &mut Interner {
        &mut self.syms
    }

    /// Adds relations (they have no id to index), taking the vector whole when the KB
    /// has none yet.
    pub(crate) fn append_relations(&mut self, relations: Vec<Relation>) {
        join(&mut self.relations, relations);
    }

    /// Adds vocabulary sections as written.
    pub(crate) fn extend_vocab_decls(&mut self, decls: impl IntoIterator<Item = VocabularyDecl>) {
        self.vocab_decls.extend(decls);
    }

    /// Merges the built-in vocabulary with the declared sections, reporting bad
    /// declarations.
    pub(crate) fn resolve_vocabulary(&mut self, diags: &mut Vec<Diagnostic>) {
        self.vocab = Vocabulary::build(&mut self.syms, &self.vocab_decls, diags);
    }

    /// Returns the entity an interned id names.
    pub fn lookup(&self, id: Sym) -> Option<Entity> {
        self.index.get(id.into_usize()).copied().flatten()
    }

    /// Returns the entity an id names.
    pub fn lookup_str(&self, id: &str) -> Option<Entity> {
        self.syms.get(id).and_then(|sym| self.lookup(sym))
    }

    /// Returns the text of an interned string.
    pub fn str(&self, sym: Sym) -> &str {
        self.syms.resolve(&sym)
    }

    /// Returns the id of an entity.
    pub fn id_of(&self, entity: Entity) -> Sym {
        match entity {
            Entity::Actor(i) => self.actors[i as usize].id.node,
            Entity::Place(i) => self.places[i as usize].id.node,
            Entity::Source(i) => self.sources[i as usize].id.node,
            Entity::Event(i) => self.events[i as usize].id.node,
        }
    }

    /// Returns the id text of an entity.
    pub fn id_str(&self, entity: Entity) -> &str {
        self.str(self.id_of(entity))
    }

    /// Returns the span of an entity's id.
    pub fn id_span(&self, entity: Entity) -> Span {
        match entity {
            Entity::Actor(i) => self.actors[i as usize].id.span,
            Entity::Place(i) => self.places[i as usize].id.span,
            Entity::Source(i) => self.sources[i as usize].id.span,
            Entity::Event(i) => self.events[i as usize].id.span,
        }
    }

    /// Returns the span of an entity's whole record.
    pub fn record_span(&self, entity: Entity) -> Span {
        match entity {
            Entity::Actor(i) => self.actors[i as usize].span,
            Entity::Place(i) => self.places[i as usize].span,
            Entity::Source(i) => self.sources[i as usize].span,
            Entity::Event(i) => self.events[i as usize].span,
        }
    }

    /// Returns the positions on an entity itself (its occurrence, existence or
    /// identity claimed): the inline claim or the `claims` list; none for a fact.
    pub fn positions_of(&self, entity: Entity) -> &[crate::model::Claim] {
        match entity {
            Entity::Actor(i) => self.actors[i as usize].positions(),
            Entity::Place(i) => self.places[i as usize].positions(),
            Entity::Source(i) => self.sources[i as usize].positions(),
            Entity::Event(i) => self.events[i as usize].positions(),
        }
    }

    /// Returns every claim written on an entity itself, inline and listed, for the
    /// checks (which look at claims a view would not count too).
    pub fn own_claims(&self, entity: Entity) -> impl Iterator<Item = &crate::model::Claim> {
        let (inline, list) = match entity {
            Entity::Actor(i) => (
                &self.actors[i as usize].claim,
                &self.actors[i as usize].claims,
            ),
            Entity::Place(i) => (
                &self.places[i as usize].claim,
                &self.places[i as usize].claims,
            ),
            Entity::Source(i) => (
                &self.sources[i as usize].claim,
                &self.sources[i as usize].claims,
            ),
            Entity::Event(i) => (
                &self.events[i as usize].claim,
                &self.events[i as usize].claims,
            ),
        };
        std::iter::once(inline).chain(list)
    }

    /// Returns the display name of an entity: name for actors and places, title otherwise.
    pub fn label(&self, entity: Entity) -> &str {
        match entity {
            Entity::Actor(i) => &self.actors[i as usize].name,
            Entity::Place(i) => &self.places[i as usize].name,
            Entity::Source(i) => &self.sources[i as usize].title,
            Entity::Event(i) => &self.events[i as usize].title,
        }
    }

    /// Returns every entity, in type order then load order.
    pub fn entities(&self) -> impl Iterator<Item = Entity> + '_ {
        let n = |len: usize| 0..len as u32;
        n(self.actors.len())
            .map(Entity::Actor)
            .chain(n(self.places.len()).map(Entity::Place))
            .chain(n(self.sources.len()).map(Entity::Source))
            .chain(n(self.events.len()).map(Entity::Event))
    }

    /// Returns the ids of every entity of type `ty`.
    pub fn ids_of_type(&self, ty: EntityType) -> Vec<&str> {
        self.entities()
            .filter(|e| e.ty() == ty)
            .map(|e| self.id_str(e))
            .collect()
    }

    /// Registers the id of a new record; on a duplicate, reports it and returns false.
    fn register(
        &mut self,
        id: Sym,
        span: Span,
        entity: Entity,
        diags: &mut Vec<Diagnostic>,
    ) -> bool {
        let slot = id.into_usize();
        if self.index.len() <= slot {
            self.index.resize(self.syms.len().max(slot + 1), None);
        }
        if let Some(first) = self.index[slot] {
            let first_span = self.id_span(first);
            let text = self.str(id);
            diags.push(
                Diagnostic::error("duplicate-id", format!("the id `{text}` is defined twice"))
                    .at(span)
                    .with_label("defined again here")
                    .also(
                        first_span,
                        format!("first defined here, as {}", first.ty().with_article()),
                    )
                    .help("ids are unique across the whole knowledge base and every entity type; rename one"),
            );
            return false;
        }
        self.index[slot] = Some(entity);
        true
    }

    /// Returns how many actors, places, sources and events there are, in the order of
    /// [`Entity::of_type`].
    fn type_lens(&self) -> [usize; 4] {
        [
            self.actors.len(),
            self.places.len(),
            self.sources.len(),
            self.events.len(),
        ]
    }

    /// Adds the entities read from one group of files, registering their ids in
    /// `order` (each record's type, 0–3 for actor, place, source, event, and its
    /// position in the group, in the order they were written) so that "first defined
    /// here" of a duplicate id is the earlier one. A record whose id is taken is
    /// dropped. The records move in whole vectors, never one by one: a million events
    /// are not copied again (the first group's vectors become the KB's).
    pub(crate) fn append_entities(
        &mut self,
        group: Entities,
        order: &[(u8, u32)],
        diags: &mut Vec<Diagnostic>,
    ) {
        let bases = self.type_lens();
        join(&mut self.actors, group.actors);
        join(&mut self.places, group.places);
        join(&mut self.sources, group.sources);
        join(&mut self.events, group.events);
        let mut dropped: [Vec<usize>; 4] = Default::default();
        for &(ty, i) in order {
            let at = bases[ty as usize] + i as usize;
            let entity = Entity::of_type(ty, at as u32);
            let (id, span) = (self.id_of(entity), self.id_span(entity));
            if !self.register(id, span, entity, diags) {
                dropped[ty as usize].push(at);
            }
        }
        compact(&mut self.actors, &dropped[0]);
        compact(&mut self.places, &dropped[1]);
        compact(&mut self.sources, &dropped[2]);
        compact(&mut self.events, &dropped[3]);
        // Records after a dropped one moved down: point their ids at where they are now.
        for (ty, dropped) in dropped.iter().enumerate() {
            let Some(&first) = dropped.first() else {
                continue;
            };
            let len = self.type_lens()[ty];
            for at in first..len {
                let entity = Entity::of_type(ty as u8, at as u32);
                let slot = self.id_of(entity).into_usize();
                self.index[slot] = Some(entity);
            }
        }
    }
}

/// The entities read from one group of files, each type in reading order.
#[derive(Debug, Default)]
pub(crate) struct Entities {
    /// Actors.
    pub actors: Vec<Actor>,
    /// Places.
    pub places: Vec<Place>,
    /// Sources.
    pub sources: Vec<Source>,
    /// Events.
    pub events: Vec<Event>,
}

/// Moves `more` to the end of `records`, taking its buffer whole when `records` is empty.
fn join<R>(records: &mut Vec<R>, mut more: Vec<R>) {
    if records.is_empty() {
        *records = more;
    } else {
        records.append(&mut more);
    }
}

/// Removes the records at the ascending positions `dropped`.
fn compact<R>(records: &mut Vec<R>, dropped: &[usize]) {
    if dropped.is_empty() {
        return;
    }
    let mut at = 0;
    let mut next = dropped.iter().peekable();
    records.retain(|_| {
        let keep = next.peek() != Some(&&at);
        if !keep {
            next.next();
        }
        at += 1;
        keep
    });
}
