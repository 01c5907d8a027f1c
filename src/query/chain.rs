//! `chain ID --up|--down`: what led to an event, or what followed from it, as a tree
//! over relations of chosen kinds.

use petgraph::Direction;
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
    /// True when the entity was reached before and is not expanded again.
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
/// A node reached again is listed as `seen` and not expanded twice.
pub fn chain<'k>(kb: &'k Kb, graph: &Graph, root: Entity, kinds: &[Sym], up: bool) -> Chain<'k> {
    let mut seen = vec![false; graph.graph.node_count()];
    // Every entity is a node, so the root is found.
    let children = match graph.node(kb.id_of(root)) {
        Some(node) => {
            seen[node.index()] = true;
            children(kb, graph, node, kinds, up, &mut seen, 0)
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

fn children<'k>(
    kb: &'k Kb,
    graph: &Graph,
    node: petgraph::graph::NodeIndex,
    kinds: &[Sym],
    up: bool,
    seen: &mut [bool],
    depth: usize,
) -> Vec<Link<'k>> {
    let mut next = Vec::new();
    for dir in [Direction::Outgoing, Direction::Incoming] {
        for e in graph.graph.edges_directed(node, dir) {
            let EdgeKind::Relation(kind) = e.weight().kind else {
                continue;
            };
            // A contested relation is followed only when the run's view takes it.
            if !kinds.contains(&kind) || !e.weight().holds {
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
            next.push((e.id(), other, kind, *e.weight(), dir));
        }
    }
    next.sort_by_key(|(id, ..)| *id);
    let mut out = Vec::new();
    for (_, other, kind, edge, dir) in next {
        let first_visit = !seen[other.index()];
        seen[other.index()] = true;
        let truncated = depth + 1 >= MAX_DEPTH;
        let below = (!truncated && first_visit)
            .then(|| children(kb, graph, other, kinds, up, seen, depth + 1));
        out.push(Link {
            node: describe(kb, graph.entity(other)),
            via: kb.str(kind),
            written: if dir == Direction::Outgoing {
                Written::ParentToChild
            } else {
                Written::ChildToParent
            },
            status: Status::of(kb, &edge),
            location: kb.files().file_line(edge.span),
            truncated,
            seen: !truncated && !first_visit,
            children: below,
        });
    }
    out
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
