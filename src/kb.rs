//! The loaded knowledge base: every record of every file, the interned strings, and
//! the index from id to record.

use std::path::PathBuf;

use lasso::Key;

use crate::diag::Diagnostic;
use crate::model::{Actor, EntityType, Event, Place, Relation, Source, Sym, VocabularyDecl};
use crate::source::{SourceMap, Span};
use crate::vocab::Vocabulary;

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
#[derive(Debug)]
pub struct Kb {
    /// The KB directory.
    pub root: PathBuf,
    /// The files, for diagnostics and edits.
    pub files: SourceMap,
    /// Interned ids, terms and tags.
    pub syms: Interner,
    /// Actors in load order.
    pub actors: Vec<Actor>,
    /// Places in load order.
    pub places: Vec<Place>,
    /// Sources in load order.
    pub sources: Vec<Source>,
    /// Events in load order.
    pub events: Vec<Event>,
    /// Relations in load order.
    pub relations: Vec<Relation>,
    /// Vocabulary sections as written.
    pub vocab_decls: Vec<VocabularyDecl>,
    /// The built-in vocabulary merged with the declared one.
    pub vocab: Vocabulary,
    /// Entity by interned id.
    index: Vec<Option<Entity>>,
    /// The event graph, built on first use and shared by every command.
    graph: std::sync::OnceLock<crate::graph::Graph>,
    /// What the dates imply, from stated claims only and from all claims, on first use.
    inference: [std::sync::OnceLock<crate::time::Inference>; 2],
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
            syms: interner_for(bytes),
            actors: Vec::new(),
            places: Vec::new(),
            sources: Vec::new(),
            events: Vec::new(),
            relations: Vec::new(),
            vocab_decls: Vec::new(),
            vocab: Vocabulary::default(),
            index: Vec::new(),
            graph: std::sync::OnceLock::new(),
            inference: Default::default(),
        }
    }

    /// Returns the event graph, building it on first use.
    pub fn graph(&self) -> &crate::graph::Graph {
        self.graph.get_or_init(|| crate::graph::Graph::build(self))
    }

    /// Returns what the dates and relations imply (with alleged, disputed and refuted
    /// claims too when `include_claims`), solving the network once per run.
    pub fn inference(&self, include_claims: bool) -> &crate::time::Inference {
        self.inference[usize::from(include_claims)]
            .get_or_init(|| crate::time::infer(self, include_claims))
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
