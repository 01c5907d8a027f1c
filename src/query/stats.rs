//! Counts: entities per type, events and actors per kind, relations per kind, claims
//! per status.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use crate::graph::Graph;
use crate::kb::Kb;

/// Returns the statistics of a KB as JSON, every map sorted by name.
pub fn stats(kb: &Kb, graph: &Graph) -> Value {
    let count = |names: &mut BTreeMap<String, usize>, name: &str| {
        *names.entry(name.to_string()).or_default() += 1;
    };
    let mut event_kinds = BTreeMap::new();
    let mut actor_kinds = BTreeMap::new();
    let mut relation_kinds = BTreeMap::new();
    let mut statuses = BTreeMap::new();
    let mut roles = BTreeMap::new();
    for event in kb.events() {
        count(
            &mut event_kinds,
            event.kind.as_ref().map_or("event", |k| kb.str(k.node)),
        );
        for p in &event.actors {
            count(&mut roles, kb.str(p.role.node));
        }
    }
    for actor in kb.actors() {
        count(
            &mut actor_kinds,
            actor.kind.as_ref().map_or("person", |k| kb.str(k.node)),
        );
    }
    for relation in kb.relations() {
        count(&mut relation_kinds, kb.str(relation.kind.node));
    }
    for edge in graph.graph.edge_weights() {
        count(&mut statuses, edge.status.map_or("stated", |s| kb.str(s)));
    }
    let dated = kb.events().iter().filter(|e| e.date.is_some()).count();
    json!({
        "files": kb.files().len(),
        "entities": {
            "actors": kb.actors().len(),
            "places": kb.places().len(),
            "sources": kb.sources().len(),
            "events": kb.events().len(),
        },
        "events_dated": dated,
        "events_undated": kb.events().len() - dated,
        "relations": kb.relations().len(),
        "edges": graph.graph.edge_count(),
        "event_kinds": event_kinds,
        "actor_kinds": actor_kinds,
        "roles": roles,
        "relation_kinds": relation_kinds,
        "claim_statuses": statuses,
    })
}
