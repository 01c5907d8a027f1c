//! Drawings of a knowledge base: Graphviz DOT ([`dot`]), SVG laid out by Graphviz
//! ([`svg`]), and annals' own time-scaled SVG timeline ([`mod@timeline`]); the
//! publishable forms ([`publish`]) and Parquet tables ([`mod@parquet`]). Nothing here
//! prints; every string from the KB is escaped by [`escape`].

pub mod dot;
pub mod escape;
pub mod html;
pub mod parquet;
pub mod publish;
pub mod svg;
pub mod timeline;
pub mod timelinejs;

use std::collections::BTreeSet;

use petgraph::graph::{EdgeIndex, NodeIndex};
use petgraph::visit::EdgeRef;

use crate::graph::{EdgeKind, Graph};
use crate::kb::{Entity, Kb};
use crate::model::EntityType;
use crate::query::filter::Filter;
use crate::query::timeline::timeline;
use crate::time::bounds::EventBounds;

/// Supplies the bounds of the event at an index of `kb.events()`: inferred bounds from
/// [`crate::time::infer`], or the written date ([`EventBounds::given`]).
pub type BoundsFn<'a> = &'a dyn Fn(u32) -> EventBounds;

/// What a drawing shows: the filtered events in time order and the entities and edges
/// around them.
#[derive(Clone, Debug, Default)]
pub struct Selection {
    /// Indices into `kb.events()`, in timeline order.
    pub events: Vec<u32>,
    /// Every node drawn (events, their actors and places, sources when asked), sorted.
    pub nodes: BTreeSet<NodeIndex>,
    /// Every edge drawn, sorted: both ends are in `nodes`.
    pub edges: Vec<EdgeIndex>,
}

/// Selects what to draw. Without filters: every entity (sources only with `sources`)
/// and every edge among them, so actors in no event and their relations are drawn too.
/// With filters: the events `filter` keeps, the actors and places (and, with
/// `sources`, the sources) linked to them, and the edges among all of those; with
/// `--around`, entities outside the neighbourhood are left out, and the other entities
/// of the neighbourhood (the `--around` entity itself at least) are drawn.
pub fn select(
    kb: &Kb,
    graph: &Graph,
    filter: &Filter,
    sources: bool,
    bounds: &[EventBounds],
) -> Selection {
    let events = timeline(kb, filter, bounds);
    let in_around = |e: Entity| {
        filter
            .around
            .as_ref()
            .is_none_or(|ids| ids.contains(&kb.id_of(e)))
    };
    let wanted = |e: Entity| match e.ty() {
        EntityType::Actor | EntityType::Place => true,
        EntityType::Source => sources,
        EntityType::Event => false,
    };
    let mut nodes = BTreeSet::new();
    if filter.is_empty() {
        nodes.extend(
            graph
                .graph
                .node_indices()
                .filter(|&n| wanted(graph.entity(n))),
        );
    }
    if let Some(around) = &filter.around {
        nodes.extend(graph.graph.node_indices().filter(|&n| {
            let entity = graph.entity(n);
            let id = kb.id_of(entity);
            (wanted(entity) && around.contains(&id))
                || (filter.center == Some(id) && entity.ty() != EntityType::Event)
        }));
    }
    for &i in &events {
        let Some(node) = graph.node(kb.events()[i as usize].id.node) else {
            continue;
        };
        nodes.insert(node);
        for other in graph.graph.neighbors_undirected(node) {
            let entity = graph.entity(other);
            if wanted(entity) && in_around(entity) {
                nodes.insert(other);
            }
        }
    }
    // Places within drawn places, so the containment chain stays visible.
    let mut grew = true;
    while grew {
        grew = false;
        let places: Vec<NodeIndex> = nodes
            .iter()
            .copied()
            .filter(|&n| graph.entity(n).ty() == EntityType::Place)
            .collect();
        for place in places {
            for edge in graph.graph.edges(place) {
                if edge.weight().kind == EdgeKind::Within
                    && in_around(graph.entity(edge.target()))
                    && nodes.insert(edge.target())
                {
                    grew = true;
                }
            }
        }
    }
    let mut edges: Vec<EdgeIndex> = graph
        .graph
        .edge_references()
        .filter(|e| nodes.contains(&e.source()) && nodes.contains(&e.target()))
        .filter(|e| sources || e.weight().kind != EdgeKind::Citation)
        .map(|e| e.id())
        .collect();
    edges.sort();
    Selection {
        events,
        nodes,
        edges,
    }
}

/// Returns how a drawing labels an event's date: as written (with its duration), the
/// inferred range when nothing was written, or `undated`.
pub fn date_label(kb: &Kb, index: u32, bounds: &EventBounds) -> String {
    let event = &kb.events()[index as usize];
    let written = event.date.as_ref().map(|d| d.node.display());
    let duration = event.duration.as_ref().map(|p| p.node.to_string());
    let range = || {
        let lo = bounds.text(bounds.start.0);
        let hi = bounds.text(bounds.end.1);
        match (lo, hi) {
            (Some(lo), Some(hi)) if lo == hi => Some(lo),
            (Some(lo), Some(hi)) => Some(format!("{lo}..{hi}")),
            (Some(lo), None) => Some(format!("{lo}..")),
            (None, Some(hi)) => Some(format!("..{hi}")),
            // Known only to start by some date: ranked there (SPEC §4), so say so.
            (None, None) => bounds
                .text(bounds.start.1)
                .map(|s| format!("starts by {s}")),
        }
    };
    let base = match written {
        Some(text) => text,
        None => match range() {
            Some(r) if bounds.inferred => format!("{r} (inferred)"),
            Some(r) => r,
            None => "undated".to_string(),
        },
    };
    match duration {
        Some(p) => format!("{base}, {p}"),
        None => base,
    }
}

/// Returns the display name of a claim status, or `None` for `stated`.
pub fn status_name(kb: &Kb, status: Option<crate::model::Sym>) -> Option<&str> {
    kb.vocab().contested(status).map(|s| kb.str(s))
}

/// Returns the text an edge is labelled with: its role, relation kind or type, and
/// its claim status when it is not stated.
pub fn edge_label(kb: &Kb, edge: &crate::graph::Edge) -> String {
    let base = match edge.kind {
        EdgeKind::Participation(role) => kb.str(role),
        EdgeKind::Relation(kind) => kb.str(kind),
        EdgeKind::Place => "at",
        EdgeKind::Within => "within",
        EdgeKind::Citation => "cites",
    };
    match status_name(kb, edge.status) {
        Some(status) => format!("{base} ({status})"),
        None => base.to_string(),
    }
}

/// Breaks `text` into lines of at most about `width` characters at spaces, keeping at
/// most `max_lines` lines (the last one ends in `…` when text was cut).
pub fn wrap(text: &str, width: usize, max_lines: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let len = line.chars().count();
        if len > 0 && len + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    for line in &mut lines {
        // A single word longer than the line is cut rather than overflowing.
        if line.chars().count() > width + width / 2 {
            *line = line.chars().take(width).collect::<String>() + "…";
        }
    }
    if lines.len() > max_lines {
        lines.truncate(max_lines);
        if let Some(last) = lines.last_mut() {
            let keep = last.chars().count().min(width.saturating_sub(1));
            *last = last.chars().take(keep).collect::<String>() + "…";
        }
    }
    lines
}
