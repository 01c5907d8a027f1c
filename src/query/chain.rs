//! `chain ID --up|--down`: what led to an event, or what followed from it, as a tree
//! over relations of chosen kinds.

use std::collections::VecDeque;

use petgraph::Direction;
use petgraph::graph::{EdgeIndex, NodeIndex};
use petgraph::visit::EdgeRef;
use serde::Serialize;

use crate::graph::{EdgeKind, Graph};
use crate::kb::{Entity, Kb};
use crate::model::Sym;
use crate::query::path::Status;
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

/// One entity in a chain: its id, type, name and date as written.
#[derive(Clone, Debug, Serialize)]
pub struct Node<'k> {
    /// The entity's id.
    pub id: &'k str,
    /// The entity's type (`event`, `actor`, …).
    #[serde(rename = "type")]
    pub ty: &'static str,
    /// The entity's name or title.
    pub name: &'k str,
    /// The date for people (as written; a Julian date with its Gregorian days).
    pub date: Option<String>,
}

/// The tree of what led to an event, or what followed from it.
#[derive(Clone, Debug, Serialize)]
pub struct Chain<'k> {
    /// The event the tree starts from.
    #[serde(flatten)]
    pub root: Node<'k>,
    /// The events one relation away.
    pub children: Vec<Link<'k>>,
}

/// An entity reached over one relation, with what lies beyond it.
#[derive(Clone, Debug, Serialize)]
pub struct Link<'k> {
    /// The entity reached.
    #[serde(flatten)]
    pub node: Node<'k>,
    /// The kind of the relation followed.
    pub via: &'k str,
    /// Which way the relation is written.
    pub written: Written,
    /// The relation's claim status.
    pub status: Status<'k>,
    /// The file and line the relation is written on.
    pub location: String,
    /// True when the tree was cut here at [`MAX_DEPTH`].
    #[serde(skip_serializing_if = "is_false")]
    pub truncated: bool,
    /// The entities one relation further, unless the tree was cut here or the entity
    /// was reached before.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub children: Option<Vec<Link<'k>>>,
    /// True when the entity is expanded elsewhere in the tree (above or below).
    #[serde(skip_serializing_if = "is_false")]
    pub seen: bool,
}

/// Which way a relation followed by a chain is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Written {
    /// From the node above to the node below.
    #[serde(rename = "parent to child")]
    ParentToChild,
    /// From the node below to the node above.
    #[serde(rename = "child to parent")]
    ChildToParent,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// Builds the tree of what led to `root` (`up`) or followed from it, over `kinds`.
///
/// Each entity is expanded once, where a breadth-first walk first reaches it (its
/// shallowest place in the tree); everywhere else it is listed as `seen`. The tree is
/// then as long as the relations followed, and as shallow as it can be: a dense cyclic
/// graph gives a tree of depth two, not one as deep as the graph is wide.
pub fn chain<'k>(kb: &'k Kb, graph: &Graph, root: Entity, kinds: &[Sym], up: bool) -> Chain<'k> {
    let walk = Walk {
        kb,
        graph,
        kinds,
        up,
    };
    // Every entity is a node, so the root is found.
    let children = match graph.node(kb.id_of(root)) {
        Some(node) => {
            let owner = walk.breadth_first(node);
            walk.tree(node, &owner, 0)
        }
        None => Vec::new(),
    };
    Chain {
        root: describe(kb, root),
        children,
    }
}

fn describe(kb: &Kb, entity: Entity) -> Node<'_> {
    let date = match entity {
        Entity::Event(i) => kb.events()[i as usize]
            .date
            .as_ref()
            .map(|d| d.node.display()),
        _ => None,
    };
    Node {
        id: kb.id_str(entity),
        ty: entity.ty().as_str(),
        name: kb.label(entity),
        date,
    }
}

/// By node index, the node and relation under which a node is expanded.
type Owners = Vec<Option<(NodeIndex, EdgeIndex)>>;

/// One step of a chain: the relation, the entity reached, and which way it is written.
type Step = (EdgeIndex, NodeIndex, Sym, crate::graph::Edge, Direction);

/// The walk of one chain: what it follows and which way.
struct Walk<'k, 'g> {
    kb: &'k Kb,
    graph: &'g Graph,
    kinds: &'g [Sym],
    up: bool,
}

impl<'k> Walk<'k, '_> {
    /// Returns the steps out of `node`, in the order the relations are written.
    fn steps(&self, node: NodeIndex) -> Vec<Step> {
        let mut next = Vec::new();
        for dir in [Direction::Outgoing, Direction::Incoming] {
            for e in self.graph.graph.edges_directed(node, dir) {
                let EdgeKind::Relation(kind) = e.weight().kind else {
                    continue;
                };
                // A contested relation is followed only when the run's view takes it.
                if !self.kinds.contains(&kind) || !e.weight().holds {
                    continue;
                }
                // Walking down follows the leading direction; walking up goes against it.
                let along = (dir == Direction::Outgoing) == leads_forward(self.kb, kind);
                if along == self.up {
                    continue;
                }
                let other = if dir == Direction::Outgoing {
                    e.target()
                } else {
                    e.source()
                };
                next.push((e.id(), other, kind, *e.weight(), dir));
            }
        }
        next.sort_by_key(|(id, ..)| *id);
        next
    }

    /// Returns, for every entity reached above [`MAX_DEPTH`], the step that expands it:
    /// the first one a breadth-first walk from `root` takes to it.
    fn breadth_first(&self, root: NodeIndex) -> Owners {
        let mut owner = vec![None; self.graph.graph.node_count()];
        let mut reached = vec![false; self.graph.graph.node_count()];
        reached[root.index()] = true;
        let mut queue = VecDeque::from([(root, 0usize)]);
        while let Some((node, depth)) = queue.pop_front() {
            if depth + 1 >= MAX_DEPTH {
                continue;
            }
            for (edge, other, ..) in self.steps(node) {
                if !reached[other.index()] {
                    reached[other.index()] = true;
                    owner[other.index()] = Some((node, edge));
                    queue.push_back((other, depth + 1));
                }
            }
        }
        owner
    }

    /// Returns the links below `node`, which lies at `depth`.
    fn tree(&self, node: NodeIndex, owner: &Owners, depth: usize) -> Vec<Link<'k>> {
        let kb = self.kb;
        let mut out = Vec::new();
        for (id, other, kind, edge, dir) in self.steps(node) {
            let truncated = depth + 1 >= MAX_DEPTH;
            let expanded = !truncated && owner[other.index()] == Some((node, id));
            out.push(Link {
                node: describe(kb, self.graph.entity(other)),
                via: kb.str(kind),
                written: if dir == Direction::Outgoing {
                    Written::ParentToChild
                } else {
                    Written::ChildToParent
                },
                status: Status::of(kb, &edge),
                location: kb.files().file_line(edge.span),
                truncated,
                seen: !truncated && !expanded,
                children: expanded.then(|| self.tree(other, owner, depth + 1)),
            });
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::test_kb;
    use crate::vocab::ClaimView;

    const KB: &str = r#"Chronicle(
        events: [
            Event(id: "verdict", title: "Verdict", date: "2021-02-02"),
            Event(id: "protests", title: "Protests"),
            Event(id: "detentions", title: "Detentions"),
        ],
        relations: [
            Relation(from: "verdict", kind: causes, to: "protests"),
            Relation(from: "detentions", kind: part_of, to: "protests", status: alleged),
        ],
    )"#;

    #[test]
    fn walks_down_along_causes_and_against_part_of() {
        let kb = test_kb(KB);
        let analysis = crate::analysis::Analysis::new(&kb, ClaimView::All);
        let root = kb.lookup_str("verdict").unwrap();
        let tree = chain(&kb, analysis.graph(), root, &default_kinds(&kb), false);
        assert_eq!(
            (tree.root.id, tree.root.date.as_deref()),
            ("verdict", Some("2021-02-02"))
        );
        let [protests] = &tree.children[..] else {
            panic!("{tree:?}")
        };
        assert_eq!((protests.node.id, protests.via), ("protests", "causes"));
        assert_eq!(protests.written, Written::ParentToChild);
        let [detentions] = protests.children.as_deref().unwrap() else {
            panic!("{protests:?}")
        };
        assert_eq!(detentions.written, Written::ChildToParent);
        assert!(detentions.status.contested);
        assert_eq!(detentions.children.as_deref().map(<[_]>::len), Some(0));
        assert!(!detentions.seen && !detentions.truncated);
    }

    #[test]
    fn serialises_the_root_flat_and_leaves_out_unset_marks() {
        let kb = test_kb(KB);
        let analysis = crate::analysis::Analysis::new(&kb, ClaimView::All);
        let root = kb.lookup_str("detentions").unwrap();
        let tree = chain(&kb, analysis.graph(), root, &default_kinds(&kb), true);
        let json = serde_json::to_string(&tree).unwrap();
        assert!(
            json.starts_with(
                r#"{"id":"detentions","type":"event","name":"Detentions","date":null,"children":[{"id":"protests","type":"event","name":"Protests","date":null,"via":"part_of","written":"parent to child","status":"alleged","location":"kb.ron:"#
            ),
            "{json}"
        );
        assert!(
            !json.contains("seen") && !json.contains("truncated"),
            "{json}"
        );
    }
}
