//! `path FROM TO`: the shortest connections between two entities over the typed graph,
//! in either direction, each hop with its edge kinds and claim statuses.

use std::collections::VecDeque;

use petgraph::Direction::{Incoming, Outgoing};
use petgraph::graph::NodeIndex;
use petgraph::visit::EdgeRef;
use serde::Serialize;

use crate::graph::{Edge, EdgeKind, Graph};
use crate::kb::{Entity, Kb};
use crate::model::EntityType;
use crate::vocab::STATED;

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

/// The claim status of an edge; its JSON form is the status's name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Status<'k> {
    /// The status's name, `stated` when none was written.
    pub name: &'k str,
    /// True when the edge is not a fact: its status is not `stated`.
    #[serde(skip)]
    pub contested: bool,
}

impl<'k> Status<'k> {
    /// Returns the claim status of `edge`.
    pub fn of(kb: &'k Kb, edge: &Edge) -> Status<'k> {
        match kb.vocab().contested(edge.status) {
            Some(status) => Status {
                name: kb.str(status),
                contested: true,
            },
            None => Status {
                name: STATED,
                contested: false,
            },
        }
    }
}

/// The shortest connections between two entities.
#[derive(Clone, Debug, Serialize)]
pub struct Paths<'k> {
    /// The id of the first entity.
    pub from: &'k str,
    /// The id of the second entity.
    pub to: &'k str,
    /// The number of hops of every path, or `None` when there is none.
    pub hops: Option<usize>,
    /// The farthest the search looked.
    pub max_hops: usize,
    /// True when more than [`MAX_PATHS`] paths were found and only the first are listed.
    pub truncated: bool,
    /// The paths, each a list of hops from `from` to `to`.
    pub paths: Vec<Vec<Hop<'k>>>,
}

/// One hop of a path: the next entity and every edge between it and the one before.
#[derive(Clone, Debug, Serialize)]
pub struct Hop<'k> {
    /// The id of the entity the hop leaves.
    pub from: &'k str,
    /// The id of the entity the hop reaches.
    pub to: &'k str,
    /// The name of the entity the hop reaches.
    pub to_name: &'k str,
    /// The edges between the two entities, forward ones first.
    pub edges: Vec<HopEdge<'k>>,
}

/// One edge crossed by a hop.
#[derive(Clone, Debug, Serialize)]
pub struct HopEdge<'k> {
    /// The edge's kind: the role, the relation kind, `place`, `within` or `cites`.
    pub label: String,
    /// Whether the edge is written along the path or against it.
    pub direction: Direction,
    /// The edge's claim status.
    pub status: Status<'k>,
    /// The file and line the edge is written on.
    pub location: String,
}

/// Whether an edge is written along the path or against it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// From the hop's `from` to its `to`.
    Forward,
    /// From the hop's `to` back to its `from`.
    Backward,
}

/// Finds the shortest paths from `from` to `to` of at most `max_hops` hops, ignoring
/// edge direction. Citations are followed only when one end is a source, so that a
/// source every event cites does not connect everything in two hops.
pub fn path<'k>(kb: &'k Kb, graph: &Graph, from: Entity, to: Entity, max_hops: usize) -> Paths<'k> {
    let search = Search {
        kb,
        graph,
        via_sources: from.ty() == EntityType::Source || to.ty() == EntityType::Source,
    };
    let mut answer = Paths {
        from: kb.id_str(from),
        to: kb.id_str(to),
        hops: None,
        max_hops,
        truncated: false,
        paths: Vec::new(),
    };
    // Every entity is a node, so both ends are found.
    let (Some(start), Some(goal)) = (graph.node(kb.id_of(from)), graph.node(kb.id_of(to))) else {
        return answer;
    };
    let dist = search.distances(start, goal, max_hops);
    if dist[goal.index()] == usize::MAX {
        return answer;
    }
    let paths = search.walk_back(&dist, start, goal);
    answer.hops = Some(dist[goal.index()]);
    answer.truncated = paths.len() >= MAX_PATHS;
    answer.paths = paths
        .iter()
        .map(|p| p.windows(2).map(|w| search.hop(w[0], w[1])).collect())
        .collect();
    answer
}

/// The graph as one `path` question walks it.
struct Search<'k, 'g> {
    kb: &'k Kb,
    graph: &'g Graph,
    via_sources: bool,
}

impl<'k> Search<'k, '_> {
    /// Returns true when the search may follow `edge`: the run's view takes it as a
    /// fact (contested hops only with `--include-claims` or `--according-to`).
    fn usable(&self, edge: &Edge) -> bool {
        edge.holds && (self.via_sources || edge.kind != EdgeKind::Citation)
    }

    /// Returns the nodes one usable edge away from `n`, either way, in index order.
    fn neighbours(&self, n: NodeIndex) -> Vec<NodeIndex> {
        let mut out: Vec<NodeIndex> = [Outgoing, Incoming]
            .into_iter()
            .flat_map(|dir| {
                self.graph
                    .graph
                    .edges_directed(n, dir)
                    .filter(|e| self.usable(e.weight()))
                    .map(move |e| {
                        if dir == Outgoing {
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
    }

    /// Returns the number of hops from `start` to every node reached within `max_hops`
    /// before `goal` (`usize::MAX`: not reached).
    fn distances(&self, start: NodeIndex, goal: NodeIndex, max_hops: usize) -> Vec<usize> {
        let mut dist = vec![usize::MAX; self.graph.graph.node_count()];
        dist[start.index()] = 0;
        let mut queue = VecDeque::from([start]);
        while let Some(u) = queue.pop_front() {
            if u == goal || dist[u.index()] >= max_hops {
                continue;
            }
            for v in self.neighbours(u) {
                if dist[v.index()] == usize::MAX {
                    dist[v.index()] = dist[u.index()] + 1;
                    queue.push_back(v);
                }
            }
        }
        dist
    }

    /// Returns up to [`MAX_PATHS`] shortest paths, walking back from the goal along
    /// nodes one hop closer to the start.
    fn walk_back(&self, dist: &[usize], start: NodeIndex, goal: NodeIndex) -> Vec<Vec<NodeIndex>> {
        let mut paths = Vec::new();
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
            let mut next: Vec<NodeIndex> = self
                .neighbours(last)
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
        paths
    }

    /// Describes the hop from `a` to `b` with every usable edge between them.
    fn hop(&self, a: NodeIndex, b: NodeIndex) -> Hop<'k> {
        let (kb, graph) = (self.kb, self.graph);
        let mut edges = Vec::new();
        for (direction, x, y) in [(Direction::Forward, a, b), (Direction::Backward, b, a)] {
            let mut list: Vec<_> = graph
                .graph
                .edges_connecting(x, y)
                .filter(|e| self.usable(e.weight()))
                .collect();
            list.sort_by_key(|e| e.id());
            for e in list {
                let w = e.weight();
                edges.push(HopEdge {
                    label: edge_label(kb, w),
                    direction,
                    status: Status::of(kb, w),
                    location: kb.files().file_line(w.span),
                });
            }
        }
        let (ea, eb) = (graph.entity(a), graph.entity(b));
        Hop {
            from: kb.id_str(ea),
            to: kb.id_str(eb),
            to_name: kb.label(eb),
            edges,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::test_kb;
    use crate::vocab::ClaimView;

    const KB: &str = r#"Chronicle(
        actors: [
            Actor(id: "navalny", name: "Alexei Navalny"),
            Actor(id: "fsb", name: "Federal Security Service", kind: organization),
        ],
        events: [Event(id: "poisoning", title: "Poisoning", date: "2020-08-20",
                       actors: [("navalny", victim)])],
        relations: [Relation(from: "fsb", kind: perpetrator_of, to: "poisoning",
                             status: alleged, by: ["navalny"])],
    )"#;

    fn paths<'k>(kb: &'k Kb, from: &str, to: &str, max_hops: usize) -> Paths<'k> {
        paths_under(kb, from, to, max_hops, ClaimView::All)
    }

    fn paths_under<'k>(
        kb: &'k Kb,
        from: &str,
        to: &str,
        max_hops: usize,
        view: ClaimView,
    ) -> Paths<'k> {
        let analysis = crate::analysis::Analysis::new(kb, view);
        let (from, to) = (kb.lookup_str(from).unwrap(), kb.lookup_str(to).unwrap());
        path(kb, analysis.graph(), from, to, max_hops)
    }

    #[test]
    fn hops_carry_direction_and_status() {
        let kb = test_kb(KB);
        let answer = paths(&kb, "navalny", "fsb", 6);
        assert_eq!(answer.hops, Some(2));
        assert!(!answer.truncated);
        let [path] = &answer.paths[..] else {
            panic!("{answer:?}")
        };
        let first = &path[0].edges[0];
        assert_eq!((path[0].to, first.label.as_str()), ("poisoning", "victim"));
        assert_eq!(first.direction, Direction::Forward);
        assert_eq!(first.status.name, STATED);
        assert!(!first.status.contested);
        let second = &path[1].edges[0];
        assert_eq!(
            (path[1].to_name, second.direction),
            ("Federal Security Service", Direction::Backward)
        );
        assert_eq!(second.status.name, "alleged");
        assert!(second.status.contested);
    }

    #[test]
    fn a_contested_hop_is_left_out_unless_the_view_takes_it() {
        let kb = test_kb(KB);
        let answer = paths_under(&kb, "navalny", "fsb", 6, ClaimView::Stated);
        assert_eq!((answer.hops, answer.paths.len()), (None, 0));
        let navalny = kb.syms().get("navalny").unwrap();
        let answer = paths_under(
            &kb,
            "navalny",
            "fsb",
            6,
            ClaimView::according(vec![navalny]),
        );
        assert_eq!(answer.hops, Some(2));
        assert!(answer.paths[0][1].edges[0].status.contested);
    }

    #[test]
    fn too_few_hops_find_nothing() {
        let kb = test_kb(KB);
        let answer = paths(&kb, "navalny", "fsb", 1);
        assert_eq!((answer.hops, answer.paths.len()), (None, 0));
        let json = serde_json::to_string(&answer).unwrap();
        assert_eq!(
            json,
            r#"{"from":"navalny","to":"fsb","hops":null,"max_hops":1,"truncated":false,"paths":[]}"#
        );
    }
}
