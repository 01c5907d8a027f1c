//! `chain ID --up|--down`: what led to an event, or what followed from it, as a tree
//! over relations of chosen kinds.

use petgraph::Direction;
use petgraph::visit::EdgeRef;
use serde_json::{Value, json};

use crate::graph::{EdgeKind, Graph};
use crate::kb::{Entity, Kb};
use crate::model::Sym;
use crate::query::path::status_text;
use crate::vocab::TimeMeaning;

/// Returns the relation kinds followed by default: the causal and part-of kinds, and
/// every declared kind that implies one of them.
pub fn default_kinds(kb: &Kb) -> Vec<Sym> {
    kb.vocab()
        .relation_kinds()
        .filter(|(_, def)| def.time.is_some_and(TimeMeaning::chains_by_default))
        .map(|(k, _)| k)
        .collect()
}

/// Returns true when a relation of `kind` leads from its `from` to its `to` (the cause
/// to the effect, the earlier to the later, the whole to the part); kinds without a
/// meaning in time lead forward.
pub fn leads_forward(kb: &Kb, kind: Sym) -> bool {
    kb.vocab()
        .time_meaning(kind)
        .is_none_or(TimeMeaning::leads_forward)
}

/// Trees are cut below this depth, so that a long chain cannot exhaust the stack.
pub const MAX_DEPTH: usize = 256;

/// Builds the tree of what led to `root` (`up`) or followed from it, over `kinds`.
/// A node reached again is listed with `"seen": true` and not expanded twice.
pub fn chain(kb: &Kb, graph: &Graph, root: Entity, kinds: &[Sym], up: bool) -> Value {
    let mut seen = vec![false; graph.graph.node_count()];
    let Some(node) = graph.node(kb.id_of(root)) else {
        return Value::Null;
    };
    seen[node.index()] = true;
    let mut tree = describe(kb, root);
    if let Some(map) = tree.as_object_mut() {
        map.insert(
            "children".into(),
            Value::Array(children(kb, graph, node, kinds, up, &mut seen, 0)),
        );
    }
    tree
}

fn describe(kb: &Kb, entity: Entity) -> Value {
    let date = match entity {
        Entity::Event(i) => kb.events()[i as usize]
            .date
            .as_ref()
            .map(|d| d.node.text.to_string()),
        _ => None,
    };
    json!({"id": kb.id_str(entity), "type": entity.ty().as_str(), "name": kb.label(entity), "date": date})
}

fn children(
    kb: &Kb,
    graph: &Graph,
    node: petgraph::graph::NodeIndex,
    kinds: &[Sym],
    up: bool,
    seen: &mut [bool],
    depth: usize,
) -> Vec<Value> {
    let mut next = Vec::new();
    for dir in [Direction::Outgoing, Direction::Incoming] {
        for e in graph.graph.edges_directed(node, dir) {
            let EdgeKind::Relation(kind) = e.weight().kind else {
                continue;
            };
            if !kinds.contains(&kind) {
                continue;
            }
            // Walking down follows the leading direction; walking up goes against it.
            let along = (dir == Direction::Outgoing) == leads_forward(kb, kind);
            if along == up {
                continue;
            }
            let other = if dir == Direction::Outgoing {
                e.target()
            } else {
                e.source()
            };
            next.push((e.id(), other, *e.weight(), dir));
        }
    }
    next.sort_by_key(|(id, ..)| *id);
    let mut out = Vec::new();
    for (_, other, edge, dir) in next {
        let mut item = describe(kb, graph.entity(other));
        let first_visit = !seen[other.index()];
        seen[other.index()] = true;
        if let (Some(map), EdgeKind::Relation(kind)) = (item.as_object_mut(), edge.kind) {
            map.insert("via".into(), kb.str(kind).into());
            map.insert(
                "written".into(),
                (if dir == Direction::Outgoing {
                    "parent to child"
                } else {
                    "child to parent"
                })
                .into(),
            );
            map.insert("status".into(), status_text(kb, &edge).into());
            map.insert("location".into(), kb.files().file_line(edge.span).into());
            if depth + 1 >= MAX_DEPTH {
                map.insert("truncated".into(), true.into());
            } else if first_visit {
                map.insert(
                    "children".into(),
                    Value::Array(children(kb, graph, other, kinds, up, seen, depth + 1)),
                );
            } else {
                map.insert("seen".into(), true.into());
            }
        }
        out.push(item);
    }
    out
}
