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

    /// Adds relations (they have no id to index).
    /// Reserves room for this many more actors, places, sources and events.
    pub(crate) fn reserve(&mut self, [actors, places, sources, events]: [usize; 4]) {
        self.actors.reserve(actors);
        self.places.reserve(places);
        self.sources.reserve(sources);
        self.events.reserve(events);
    }

    pub(crate) fn extend_relations(&mut self, relations: impl IntoIterator<Item = Relation>) {
        self.relations.extend(relations);
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

    /// Adds an actor unless its id is taken.
    pub fn push_actor(&mut self, actor: Actor, diags: &mut Vec<Diagnostic>) {
        let entity = Entity::Actor(self.actors.len() as u32);
        if self.register(actor.id.node, actor.id.span, entity, diags) {
            self.actors.push(actor);
        }
    }

    /// Adds a place unless its id is taken.
    pub fn push_place(&mut self, place: Place, diags: &mut Vec<Diagnostic>) {
        let entity = Entity::Place(self.places.len() as u32);
        if self.register(place.id.node, place.id.span, entity, diags) {
            self.places.push(place);
        }
    }

    /// Adds a source unless its id is taken.
    pub fn push_source(&mut self, source: Source, diags: &mut Vec<Diagnostic>) {
        let entity = Entity::Source(self.sources.len() as u32);
        if self.register(source.id.node, source.id.span, entity, diags) {
            self.sources.push(source);
        }
    }

    /// Adds an event unless its id is taken.
    pub fn push_event(&mut self, event: Event, diags: &mut Vec<Diagnostic>) {
        let entity = Entity::Event(self.events.len() as u32);
        if self.register(event.id.node, event.id.span, entity, diags) {
            self.events.push(event);
        }
    }
}
