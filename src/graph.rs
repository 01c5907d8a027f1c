//! The typed event graph: one node per entity, one edge per participation, relation,
//! place and citation, each edge carrying its claim status and whether the run's view
//! takes it as a fact; built once per run. What the view drops is left out.

use lasso::Key;
use petgraph::Direction;
use petgraph::graph::{DiGraph, EdgeIndex, NodeIndex};
use petgraph::visit::EdgeRef;

use crate::claims::{ClaimView, Verdict};
use crate::kb::{Entity, Kb};
use crate::model::{Claim, Ref, Sym};
use crate::source::Span;

/// What an edge stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EdgeKind {
    /// An actor takes part in an event (actor → event) in a role.
    Participation(Sym),
    /// A relation of a kind (from → to).
    Relation(Sym),
    /// An event happened at a place (event → place).
    Place,
    /// A place lies within another (place → place).
    Within,
    /// A record cites a source (record → source).
    Citation,
}

/// Where in the KB an edge was written, to find its claim.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Origin {
    /// `kb.events()[e].actors[i]`.
    Participant(u32, u32),
    /// `kb.events()[e].place`.
    EventPlace(u32),
    /// `kb.events()[e].sources[i]`.
    EventSource(u32, u32),
    /// `kb.actors()[a].sources[i]`.
    ActorSource(u32, u32),
    /// `kb.places()[p].within`.
    PlaceWithin(u32),
    /// `kb.places()[p].sources[i]`.
    PlaceSource(u32, u32),
    /// `kb.relations()[r]`.
    Relation(u32),
}

/// One edge of the graph.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Edge {
    /// What it stands for.
    pub kind: EdgeKind,
    /// The status that stands for the edge's positions; `None` means a fact.
    pub status: Option<Sym>,
    /// True when the run's view takes the edge, and the events at its ends, as facts:
    /// only such edges are reasoned with (`path`, `chain`).
    pub holds: bool,
    /// Where it was written.
    pub origin: Origin,
    /// The span of the reference or relation.
    pub span: Span,
    /// True when positions are written on the edge: only then are they read from its
    /// record (most edges are plain facts, and reading each edge's record to find none
    /// was a fifth of filling the cache).
    pub claimed: bool,
}

impl Edge {
    /// Returns the positions written on the edge; none for a plain fact.
    pub fn claims<'k>(&self, kb: &'k Kb) -> &'k [Claim] {
        if self.claimed {
            claims_of(kb, self.origin)
        } else {
            &[]
        }
    }
}

/// The event graph of a KB and its id index.
#[derive(Debug)]
pub struct Graph {
    /// Nodes are entities; edges are typed and carry claims.
    pub graph: DiGraph<Entity, Edge>,
    /// Node index by interned id (`u32::MAX` where the id names no entity).
    by_id: Vec<u32>,
}

impl Graph {
    /// Builds the graph of `kb` under `view`; references to missing entities, and
    /// edges the view drops, are left out.
    pub fn build(kb: &Kb, view: &ClaimView) -> Graph {
        let edge_count = kb.relations().len()
            + kb.events()
                .iter()
                .map(|e| e.actors.len() + e.sources.len() + 1)
                .sum::<usize>();
        let mut graph = DiGraph::with_capacity(kb.entities().count(), edge_count);
        let mut by_id = vec![u32::MAX; kb.syms().len()];
        for entity in kb.entities() {
            let node = graph.add_node(entity);
            by_id[kb.id_of(entity).into_usize()] = node.index() as u32;
        }
        let mut g = Graph { graph, by_id };
        let entity_verdict = |id: Sym| match kb.lookup(id) {
            Some(entity) => kb.vocab().verdict(view, kb.positions_of(entity)),
            None => Verdict::Holds,
        };
        let status_of = |claims: &[Claim], from: Sym, to: Sym| {
            let verdict = [
                kb.vocab().verdict(view, claims),
                entity_verdict(from),
                entity_verdict(to),
            ]
            .into_iter()
            .max_by_key(|v| match v {
                Verdict::Holds => 0,
                Verdict::Contested => 1,
                Verdict::Dropped => 2,
            })
            .unwrap_or(Verdict::Holds);
            // An edge to or from an entity that is only claimed is no fact either: it
            // shows the entity's status when it has none of its own.
            let headline = |id: Sym| {
                kb.lookup(id)
                    .and_then(|e| kb.vocab().headline(kb.positions_of(e)))
            };
            let status = kb
                .vocab()
                .headline(claims)
                .or_else(|| headline(from))
                .or_else(|| headline(to));
            (status, verdict)
        };
        for (a, actor) in kb.actors().iter().enumerate() {
            for (i, r) in actor.sources.iter().enumerate() {
                g.link(
                    actor.id.node,
                    r,
                    EdgeKind::Citation,
                    Origin::ActorSource(a as u32, i as u32),
                    status_of,
                );
            }
        }
        for (p, place) in kb.places().iter().enumerate() {
            if let Some(r) = &place.within {
                g.link(
                    place.id.node,
                    r,
                    EdgeKind::Within,
                    Origin::PlaceWithin(p as u32),
                    status_of,
                );
            }
            for (i, r) in place.sources.iter().enumerate() {
                g.link(
                    place.id.node,
                    r,
                    EdgeKind::Citation,
                    Origin::PlaceSource(p as u32, i as u32),
                    status_of,
                );
            }
        }
        for (e, event) in kb.events().iter().enumerate() {
            let e = e as u32;
            for (i, participant) in event.actors.iter().enumerate() {
                if let (Some(from), Some(to)) =
                    (g.node(participant.actor.node), g.node(event.id.node))
                {
                    let (status, verdict) =
                        status_of(&participant.claims, participant.actor.node, event.id.node);
                    let edge = Edge {
                        kind: EdgeKind::Participation(participant.role.node),
                        status,
                        holds: verdict == Verdict::Holds,
                        origin: Origin::Participant(e, i as u32),
                        span: participant.actor.span,
                        claimed: !participant.claims.is_empty(),
                    };
                    if verdict != Verdict::Dropped {
                        g.graph.add_edge(from, to, edge);
                    }
                }
            }
            if let Some(r) = &event.place {
                g.link(
                    event.id.node,
                    r,
                    EdgeKind::Place,
                    Origin::EventPlace(e),
                    status_of,
                );
            }
            for (i, r) in event.sources.iter().enumerate() {
                g.link(
                    event.id.node,
                    r,
                    EdgeKind::Citation,
                    Origin::EventSource(e, i as u32),
                    status_of,
                );
            }
        }
        for (r, relation) in kb.relations().iter().enumerate() {
            if let (Some(from), Some(to)) = (g.node(relation.from.node), g.node(relation.to.node)) {
                let (status, verdict) =
                    status_of(relation.positions(), relation.from.node, relation.to.node);
                let edge = Edge {
                    kind: EdgeKind::Relation(relation.kind.node),
                    status,
                    holds: verdict == Verdict::Holds,
                    origin: Origin::Relation(r as u32),
                    span: relation.span,
                    claimed: !relation.positions().is_empty(),
                };
                if verdict != Verdict::Dropped {
                    g.graph.add_edge(from, to, edge);
                }
            }
        }
        g
    }

    fn link(
        &mut self,
        from: Sym,
        r: &Ref,
        kind: EdgeKind,
        origin: Origin,
        status_of: impl Fn(&[Claim], Sym, Sym) -> (Option<Sym>, Verdict),
    ) {
        if let (Some(a), Some(b)) = (self.node(from), self.node(r.id.node)) {
            let (status, verdict) = status_of(&r.claims, from, r.id.node);
            let edge = Edge {
                kind,
                status,
                holds: verdict == Verdict::Holds,
                origin,
                span: r.id.span,
                claimed: !r.claims.is_empty(),
            };
            if verdict != Verdict::Dropped {
                self.graph.add_edge(a, b, edge);
            }
        }
    }

    /// Returns the node of an interned id.
    pub fn node(&self, id: Sym) -> Option<NodeIndex> {
        match self.by_id.get(id.into_usize()) {
            Some(&n) if n != u32::MAX => Some(NodeIndex::new(n as usize)),
            _ => None,
        }
    }

    /// Returns the entity at a node.
    pub fn entity(&self, node: NodeIndex) -> Entity {
        self.graph[node]
    }

    /// Returns every edge, in insertion order.
    pub fn edges(&self) -> impl Iterator<Item = &Edge> {
        self.graph.edge_weights()
    }

    /// Returns the edges out of and into `node`, outgoing first, each group in insertion order.
    pub fn edges_of(&self, node: NodeIndex) -> Vec<(Direction, EdgeIndex, NodeIndex, Edge)> {
        let mut out = Vec::new();
        for direction in [Direction::Outgoing, Direction::Incoming] {
            let mut edges: Vec<_> = self
                .graph
                .edges_directed(node, direction)
                .map(|e| {
                    let other = if direction == Direction::Outgoing {
                        e.target()
                    } else {
                        e.source()
                    };
                    (direction, e.id(), other, *e.weight())
                })
                .collect();
            edges.sort_by_key(|(_, id, _, _)| *id);
            out.extend(edges);
        }
        out
    }
}

/// Returns the positions written in the record an edge comes from; none for a plain
/// fact. [`Edge::claims`] reads them only for an edge that has some.
pub fn claims_of(kb: &Kb, origin: Origin) -> &[Claim] {
    let i = |x: u32| x as usize;
    fn refs(r: Option<&Ref>) -> &[Claim] {
        r.map_or(&[], |r| &r.claims)
    }
    match origin {
        Origin::Participant(e, p) => &kb.events()[i(e)].actors[i(p)].claims,
        Origin::EventPlace(e) => refs(kb.events()[i(e)].place.as_ref()),
        Origin::EventSource(e, s) => &kb.events()[i(e)].sources[i(s)].claims,
        Origin::ActorSource(a, s) => &kb.actors()[i(a)].sources[i(s)].claims,
        Origin::PlaceWithin(p) => refs(kb.places()[i(p)].within.as_ref()),
        Origin::PlaceSource(p, s) => &kb.places()[i(p)].sources[i(s)].claims,
        Origin::Relation(r) => kb.relations()[i(r)].positions(),
    }
}
