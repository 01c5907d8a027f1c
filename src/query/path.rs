//! `path FROM TO`: the shortest connections between two entities over the typed graph,
//! in either direction, each hop with its edge kinds and claim statuses.

use std::collections::VecDeque;

use petgraph::Direction;
use petgraph::graph::NodeIndex;
use petgraph::visit::EdgeRef;
use serde_json::{Value, json};

use crate::graph::{Edge, EdgeKind, Graph};
use crate::kb::{Entity, Kb};

/// At most this many shortest paths are listed.
pub const MAX_PATHS: usize = 20;

/// Returns the text of an edge's kind: the role, the relation kind, `place`, `within` or `cites`.
pub fn edge_label(kb: &Kb, edge: &Edge) -> String {
    match edge.kind {
        EdgeKind::Participation(role) => kb.str(role).to_string(),
        EdgeKind::Relation(kind) => kb.str(kind).to_string(),
        EdgeKind::Place => "place".into(),
        EdgeKind::Within => "within".into(),
        EdgeKind::Citation => "cites".into(),
    }
}

/// Returns the claim status of an edge as text (`stated` when none was written).
pub fn status_text<'k>(kb: &'k Kb, edge: &Edge) -> &'k str {
    edge.status.map_or("stated", |s| kb.str(s))
}

/// Finds the shortest paths from `from` to `to` of at most `max_hops` hops, ignoring
/// edge direction. Citations are followed only when one end is a source, so that a
/// source every event cites does not connect everything in two hops.
pub fn path(kb: &Kb, graph: &Graph, from: Entity, to: Entity, max_hops: usize) -> Value {
    let via_sources = from.ty() == crate::model::EntityType::Source
        || to.ty() == crate::model::EntityType::Source;
    let usable = |e: &Edge| via_sources || e.kind != EdgeKind::Citation;
    let (Some(start), Some(goal)) = (graph.node(kb.id_of(from)), graph.node(kb.id_of(to))) else {
        return json!({"from": kb.id_str(from), "to": kb.id_str(to), "hops": null, "paths": []});
    };
    let neighbours = |n: NodeIndex| -> Vec<NodeIndex> {
        let mut out: Vec<NodeIndex> = [Direction::Outgoing, Direction::Incoming]
            .into_iter()
            .flat_map(|dir| {
                graph
                    .graph
                    .edges_directed(n, dir)
                    .filter(|e| usable(e.weight()))
                    .map(move |e| {
                        if dir == Direction::Outgoing {
                            e.target()
                        } else {
                            e.source()
                        }
                    })
            })
            .collect();
        out.sort();
        out.dedup();
        out
    };
    let mut dist = vec![usize::MAX; graph.graph.node_count()];
    dist[start.index()] = 0;
    let mut queue = VecDeque::from([start]);
    while let Some(u) = queue.pop_front() {
        if u == goal || dist[u.index()] >= max_hops {
            continue;
        }
        for v in neighbours(u) {
            if dist[v.index()] == usize::MAX {
                dist[v.index()] = dist[u.index()] + 1;
                queue.push_back(v);
            }
        }
    }
    let hops = dist[goal.index()];
    let mut paths: Vec<Vec<NodeIndex>> = Vec::new();
    if hops != usize::MAX {
        // Walk back from the goal along nodes one hop closer to the start.
        let mut stack = vec![vec![goal]];
        while let Some(partial) = stack.pop() {
            if paths.len() >= MAX_PATHS {
                break;
            }
            let last = partial[partial.len() - 1];
            if last == start {
                let mut p = partial.clone();
                p.reverse();
                paths.push(p);
                continue;
            }
            let want = dist[last.index()] - 1;
            let mut next: Vec<NodeIndex> = neighbours(last)
                .into_iter()
                .filter(|v| dist[v.index()] == want)
                .collect();
            next.reverse();
            for v in next {
                let mut p = partial.clone();
                p.push(v);
                stack.push(p);
            }
        }
    }
    let hop_json = |a: NodeIndex, b: NodeIndex| {
        let mut edges: Vec<Value> = Vec::new();
        for (dir, x, y) in [("forward", a, b), ("backward", b, a)] {
            let mut list: Vec<_> = graph
                .graph
                .edges_connecting(x, y)
                .filter(|e| usable(e.weight()))
                .collect();
            list.sort_by_key(|e| e.id());
            for e in list {
                let w = e.weight();
                edges.push(json!({
                    "label": edge_label(kb, w),
                    "direction": dir,
                    "status": status_text(kb, w),
                    "location": kb.files().file_line(w.span),
                }));
            }
        }
        let (ea, eb) = (graph.entity(a), graph.entity(b));
        json!({"from": kb.id_str(ea), "to": kb.id_str(eb), "to_name": kb.label(eb), "edges": edges})
    };
    let list: Vec<Value> = paths
        .iter()
        .map(|p| Value::Array(p.windows(2).map(|w| hop_json(w[0], w[1])).collect()))
        .collect();
    json!({
        "from": kb.id_str(from),
        "to": kb.id_str(to),
        "hops": (hops != usize::MAX).then_some(hops),
        "max_hops": max_hops,
        "truncated": paths.len() >= MAX_PATHS,
        "paths": list,
    })
}
