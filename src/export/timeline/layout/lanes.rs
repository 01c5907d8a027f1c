//! The lanes of the timeline: which lanes each event appears in (one per actor it
//! involves, or its kind), and which lanes are drawn when there are too many actors.

use std::collections::HashMap;

use crate::export::timeline::options::Lanes;
use crate::export::{Selection, status_name};
use crate::graph::{EdgeKind, Graph};
use crate::kb::{Entity, Kb};
use crate::model::Sym;

/// Most actor lanes; the others share one lane.
const MAX_ACTOR_LANES: usize = 16;

/// An event's place in one lane, before lanes are numbered.
pub(super) struct Slot {
    /// Index into `kb.events()`.
    pub event: u32,
    /// The lane.
    pub lane_key: LaneKey,
    /// The claim status of the participation when not stated.
    pub status: Option<String>,
    /// The actor's role in the event.
    pub role: Option<String>,
}

/// What a lane stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(super) enum LaneKey {
    Actor(Sym),
    Kind(Sym),
    OtherActors,
    NoActor,
}

/// Returns the name drawn for a lane.
pub(super) fn name(kb: &Kb, key: LaneKey) -> String {
    match key {
        LaneKey::Actor(id) => kb.lookup(id).map_or("?", |e| kb.label(e)).to_string(),
        LaneKey::Kind(kind) => kb.str(kind).to_string(),
        LaneKey::OtherActors => "other actors".to_string(),
        LaneKey::NoActor => "no actor".to_string(),
    }
}

/// Returns what a lane stands for in the drawing's `data-lane`: the actor's id, the
/// kind, or `other` for the shared and the actor-less lanes.
pub(super) fn key_text(kb: &Kb, key: LaneKey) -> String {
    match key {
        LaneKey::Actor(id) | LaneKey::Kind(id) => kb.str(id).to_string(),
        LaneKey::OtherActors | LaneKey::NoActor => "other".to_string(),
    }
}

/// Returns one slot per event and lane it appears in, in timeline order; stated
/// participations first within an event.
pub(super) fn slots(kb: &Kb, graph: &Graph, selection: &Selection, lanes: Lanes) -> Vec<Slot> {
    let mut out = Vec::new();
    for &i in &selection.events {
        match lanes {
            Lanes::Kind => out.push(kind_slot(kb, i)),
            Lanes::Actor => out.extend(actor_slots(kb, graph, selection, i)),
        }
    }
    out
}

/// Returns the slot of event `i` in the lane of its kind (`event` when it has none).
/// Returns the status a claimed event is drawn with (its first position not stated),
/// so that an event whose occurrence is only claimed is never drawn as a fact.
fn event_status(kb: &Kb, i: u32) -> Option<String> {
    let positions = kb.events()[i as usize].positions();
    status_name(kb, kb.vocab().headline(positions)).map(str::to_string)
}

fn kind_slot(kb: &Kb, i: u32) -> Slot {
    let kind = kb.events()[i as usize]
        .kind
        .as_ref()
        .map(|k| k.node)
        .or_else(|| kb.syms().get(crate::vocab::DEFAULT_EVENT_KIND));
    Slot {
        event: i,
        lane_key: kind.map_or(LaneKey::NoActor, LaneKey::Kind),
        status: event_status(kb, i),
        role: None,
    }
}

/// Returns the slots of event `i` in the lanes of the actors it involves (through a
/// participation or an `…_of` relation drawn in `selection`), or in the `no actor` lane.
fn actor_slots(kb: &Kb, graph: &Graph, selection: &Selection, i: u32) -> Vec<Slot> {
    let mut mine: Vec<Slot> = Vec::new();
    let Some(node) = graph.node(kb.events()[i as usize].id.node) else {
        return mine;
    };
    for (_, e, other, edge) in graph.edges_of(node) {
        if selection.edges.binary_search(&e).is_err() {
            continue;
        }
        let Entity::Actor(_) = graph.entity(other) else {
            continue;
        };
        let role = match edge.kind {
            EdgeKind::Participation(role) => kb.str(role).to_string(),
            // An actor→event relation `<role>_of` puts the actor in the event's lanes.
            EdgeKind::Relation(kind) => match kb.vocab().relation(kind).and_then(|d| d.role) {
                Some(role) => kb.str(role).to_string(),
                None => continue,
            },
            _ => continue,
        };
        let actor = kb.id_of(graph.entity(other));
        if mine.iter().any(|s| s.lane_key == LaneKey::Actor(actor)) {
            continue;
        }
        mine.push(Slot {
            event: i,
            lane_key: LaneKey::Actor(actor),
            status: status_name(kb, edge.status)
                .map(str::to_string)
                .or_else(|| event_status(kb, i)),
            role: Some(role),
        });
    }
    if mine.is_empty() {
        mine.push(Slot {
            event: i,
            lane_key: LaneKey::NoActor,
            status: event_status(kb, i),
            role: None,
        });
    }
    // Stable: stated participations first, each group as written.
    mine.sort_by_key(|s| s.status.is_some());
    mine
}

/// Chooses the lanes: every kind, or the busiest actors (in order of first
/// appearance) with the rest sharing one lane.
pub(super) fn choose(slots: &[Slot]) -> Vec<LaneKey> {
    let mut first: Vec<LaneKey> = Vec::new();
    let mut count: HashMap<LaneKey, usize> = HashMap::new();
    for s in slots {
        let c = count.entry(s.lane_key).or_insert(0);
        if *c == 0 {
            first.push(s.lane_key);
        }
        *c += 1;
    }
    let actors: Vec<LaneKey> = first
        .iter()
        .copied()
        .filter(|k| matches!(k, LaneKey::Actor(_)))
        .collect();
    let mut keep = actors.clone();
    if actors.len() > MAX_ACTOR_LANES {
        let mut ranked: Vec<(usize, usize, LaneKey)> = actors
            .iter()
            .enumerate()
            .map(|(pos, k)| (usize::MAX - count[k], pos, *k))
            .collect();
        ranked.sort();
        let chosen: Vec<LaneKey> = ranked
            .into_iter()
            .take(MAX_ACTOR_LANES - 1)
            .map(|r| r.2)
            .collect();
        keep = actors.into_iter().filter(|k| chosen.contains(k)).collect();
        keep.push(LaneKey::OtherActors);
    }
    let mut lanes: Vec<LaneKey> = first
        .iter()
        .copied()
        .filter(|k| matches!(k, LaneKey::Kind(_)))
        .collect();
    lanes.extend(keep);
    if first.contains(&LaneKey::NoActor) {
        lanes.push(LaneKey::NoActor);
    }
    lanes
}
