//! Counts: entities per type, events and actors per kind, relations per kind, claims
//! per status.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::graph::Graph;
use crate::kb::Kb;

/// How many of each name: kinds, roles or statuses, sorted by name.
pub type Counts<'k> = BTreeMap<&'k str, usize>;

/// The statistics of a KB; its JSON form is `stats --format json`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Stats<'k> {
    /// The number of files read.
    pub files: usize,
    /// The number of entities of each type.
    pub entities: EntityCounts,
    /// The events with a written date.
    pub events_dated: usize,
    /// The events without one.
    pub events_undated: usize,
    /// The number of relations.
    pub relations: usize,
    /// The number of edges in the graph.
    pub edges: usize,
    /// Events per kind (`event` when none is written).
    pub event_kinds: Counts<'k>,
    /// Actors per kind (`person` when none is written).
    pub actor_kinds: Counts<'k>,
    /// Participations per role.
    pub roles: Counts<'k>,
    /// Relations per kind.
    pub relation_kinds: Counts<'k>,
    /// Graph edges per claim status (`stated` when none is written).
    pub claim_statuses: Counts<'k>,
    /// Positions per claimant (an actor named in a claim's `by`), on edges and on
    /// claimed events.
    pub claimants: Counts<'k>,
}

/// The number of entities of each type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct EntityCounts {
    /// Actors.
    pub actors: usize,
    /// Places.
    pub places: usize,
    /// Sources.
    pub sources: usize,
    /// Events.
    pub events: usize,
}

impl EntityCounts {
    /// Returns each type's plural name with its count, in the order of the JSON form.
    pub fn named(&self) -> [(&'static str, usize); 4] {
        [
            ("actors", self.actors),
            ("places", self.places),
            ("sources", self.sources),
            ("events", self.events),
        ]
    }
}

/// Returns the statistics of a KB, every map sorted by name.
pub fn stats<'k>(kb: &'k Kb, graph: &Graph) -> Stats<'k> {
    fn count<'k>(names: &mut Counts<'k>, name: &'k str) {
        *names.entry(name).or_default() += 1;
    }
    let mut event_kinds = Counts::new();
    let mut actor_kinds = Counts::new();
    let mut relation_kinds = Counts::new();
    let mut claim_statuses = Counts::new();
    let mut roles = Counts::new();
    for event in kb.events() {
        count(&mut event_kinds, kb.kind_name(event));
        for p in &event.actors {
            count(&mut roles, kb.str(p.role.node));
        }
    }
    for actor in kb.actors() {
        count(&mut actor_kinds, kb.kind_name(actor));
    }
    for relation in kb.relations() {
        count(&mut relation_kinds, kb.str(relation.kind.node));
    }
    let mut claimants = Counts::new();
    let mut count_claimants = |claims: &'k [crate::model::Claim]| {
        for claim in claims {
            for by in &claim.by {
                count(&mut claimants, kb.str(by.node));
            }
        }
    };
    for edge in graph.graph.edge_weights() {
        count(&mut claim_statuses, kb.status_name(edge.status));
        count_claimants(edge.claims(kb));
    }
    for entity in kb.entities() {
        count_claimants(kb.positions_of(entity));
    }
    let dated = kb.events().iter().filter(|e| e.date.is_some()).count();
    Stats {
        files: kb.files().len(),
        entities: EntityCounts {
            actors: kb.actors().len(),
            places: kb.places().len(),
            sources: kb.sources().len(),
            events: kb.events().len(),
        },
        events_dated: dated,
        events_undated: kb.events().len() - dated,
        relations: kb.relations().len(),
        edges: graph.graph.edge_count(),
        event_kinds,
        actor_kinds,
        roles,
        relation_kinds,
        claim_statuses,
        claimants,
    }
}
