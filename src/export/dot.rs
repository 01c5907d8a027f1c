//! The event graph as Graphviz DOT, built with graphviz-rust's types and printer:
//! events as dated boxes ranked left to right in time, actors as ellipses, places as
//! houses, sources as notes, edges labelled and styled by claim status, and a legend.

use std::io::{self, Write};

use graphviz_rust::dot_structures::{
    Attribute, Edge as DotEdge, EdgeTy, Graph as DotGraph, GraphAttributes, Id, Node, NodeId, Stmt,
    Subgraph, Vertex,
};
use graphviz_rust::printer::{DotPrinter, PrinterContext};

use crate::export::escape::dot_string;
use crate::export::{BoundsFn, Selection, date_label, edge_label, wrap};
use crate::graph::Graph;
use crate::kb::{Entity, Kb};
use crate::time::bounds::{EventBounds, Key};
use crate::vocab::Standing;

/// The most time ranks chained left to right (see `to_dot`).
pub const MAX_CHAINED_RANKS: usize = 24;

/// What to put in the DOT beyond the selection.
#[derive(Clone, Debug, Default)]
pub struct DotOptions {
    /// The graph's title, drawn at the top.
    pub title: Option<String>,
}

fn plain(text: &str) -> Id {
    Id::Plain(text.to_string())
}

fn quoted(text: &str) -> Id {
    Id::Escaped(dot_string(text))
}

fn attr(name: &str, value: Id) -> Attribute {
    Attribute(plain(name), value)
}

fn node_id(id: &str) -> NodeId {
    NodeId(quoted(id), None)
}

/// The look of a claim status: line style and colour.
fn status_style(kb: &Kb, status: Option<crate::model::Sym>) -> Vec<Attribute> {
    match kb.vocab().standing(status) {
        Standing::Stated => vec![],
        Standing::Disputed => vec![
            attr("style", plain("dotted")),
            attr("penwidth", plain("1.5")),
        ],
        Standing::Refuted => vec![
            attr("style", plain("dashed")),
            attr("color", quoted("#9a9a9a")),
            attr("fontcolor", quoted("#9a9a9a")),
        ],
        // `alleged` and every declared status.
        Standing::Alleged | Standing::Scheduled => vec![
            attr("style", plain("dashed")),
            attr("color", quoted("#c0392b")),
            attr("fontcolor", quoted("#c0392b")),
        ],
    }
}

/// How an event box shows what is known of its date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum DateLook {
    /// A written date of one exact point or span: solid border.
    Exact,
    /// A written date with a range of possible starts or ends (`2020-08`, `2014~`):
    /// dotted border.
    Uncertain,
    /// No date written; bounds inferred from related events: dashed border, pale fill.
    Inferred,
    /// Nothing known: pale fill, solid grey border.
    Undated,
}

impl DateLook {
    fn of(event: &crate::model::Event, b: &EventBounds) -> DateLook {
        match &event.date {
            Some(date) => {
                let given = EventBounds::given(event);
                let edtf = &date.node.edtf;
                if given.start.0 != given.start.1
                    || given.end.0 != given.end.1
                    || edtf.uncertain()
                    || edtf.approximate()
                {
                    DateLook::Uncertain
                } else {
                    DateLook::Exact
                }
            }
            None if b.inferred => DateLook::Inferred,
            None => DateLook::Undated,
        }
    }

    fn fill(self) -> &'static str {
        match self {
            DateLook::Exact | DateLook::Uncertain => "#d6e6f5",
            DateLook::Inferred | DateLook::Undated => "#eef4fb",
        }
    }

    fn style(self) -> Option<&'static str> {
        match self {
            DateLook::Exact | DateLook::Undated => None,
            DateLook::Uncertain => Some("filled,dotted"),
            DateLook::Inferred => Some("filled,dashed"),
        }
    }
}

/// Returns the DOT text of a selection: byte for byte the same for the same input.
pub fn to_dot(
    kb: &Kb,
    graph: &Graph,
    selection: &Selection,
    bounds: BoundsFn,
    options: &DotOptions,
) -> String {
    let mut out = Vec::new();
    // Writing to memory cannot fail, and every statement is UTF-8.
    let _ = write_dot(&mut out, kb, graph, selection, bounds, options);
    String::from_utf8(out).unwrap_or_default()
}

/// Writes the DOT text of a selection to `out` a statement at a time, so that a big
/// graph is never held as one string: the same bytes as [`to_dot`].
pub fn write_dot(
    out: &mut dyn Write,
    kb: &Kb,
    graph: &Graph,
    selection: &Selection,
    bounds: BoundsFn,
    options: &DotOptions,
) -> io::Result<()> {
    out.write_all(b"digraph annals {\n")?;
    let mut first = true;
    let mut emit = |text: String| -> io::Result<()> {
        if !first {
            out.write_all(b"\n")?;
        }
        first = false;
        out.write_all(text.as_bytes())
    };
    for stmt in defaults(options) {
        emit(print_stmt(stmt))?;
    }
    event_stmts(kb, selection, bounds, &mut emit)?;
    for &node in &selection.nodes {
        if let Some(stmt) = entity_node(kb, graph.entity(node)) {
            emit(print_stmt(stmt))?;
        }
    }
    for &e in &selection.edges {
        if let Some(stmt) = edge_stmt(kb, graph, e) {
            emit(print_stmt(stmt))?;
        }
    }
    emit(print_stmt(legend(kb).into()))?;
    out.write_all(b"\n}\n")
}

/// Returns one statement as graphviz-rust prints it inside a digraph (indented once),
/// by printing a digraph of that statement alone and keeping its body.
fn print_stmt(stmt: Stmt) -> String {
    let text = DotGraph::DiGraph {
        id: plain("annals"),
        strict: false,
        stmts: vec![stmt],
    }
    .print(&mut PrinterContext::default());
    match text
        .strip_prefix("digraph annals {\n")
        .and_then(|body| body.strip_suffix("\n}"))
    {
        Some(body) => body.to_string(),
        None => text,
    }
}

/// Returns the graph, node and edge defaults, with the title when there is one.
fn defaults(options: &DotOptions) -> Vec<Stmt> {
    let mut graph_attrs = vec![
        attr("rankdir", plain("LR")),
        attr("fontname", quoted("Helvetica")),
        attr("nodesep", quoted("0.25")),
        attr("ranksep", quoted("0.45")),
        attr("newrank", plain("true")),
    ];
    if let Some(title) = &options.title {
        graph_attrs.push(attr("label", quoted(title)));
        graph_attrs.push(attr("labelloc", plain("t")));
        graph_attrs.push(attr("fontsize", plain("20")));
    }
    vec![
        GraphAttributes::Graph(graph_attrs).into(),
        GraphAttributes::Node(vec![
            attr("fontname", quoted("Helvetica")),
            attr("fontsize", plain("10")),
            attr("style", quoted("filled")),
        ])
        .into(),
        GraphAttributes::Edge(vec![
            attr("fontname", quoted("Helvetica")),
            attr("fontsize", plain("8")),
            attr("color", quoted("#555555")),
            attr("fontcolor", quoted("#333333")),
        ])
        .into(),
    ]
}

/// Returns the node of one event.
fn event_node(kb: &Kb, i: u32, b: &EventBounds) -> Stmt {
    let event = &kb.events()[i as usize];
    let id = kb.str(event.id.node);
    let mut label = wrap(&event.title, 28, 4).join("\n");
    label.push_str("\n\n");
    let date = date_label(kb, i, b);
    label.push_str(&date);
    let ranked = rank_key(b).is_some();
    if !ranked && !date.starts_with("undated") {
        // Ranked by its start, of which nothing is known.
        label.push_str("\n(start undated: outside time order)");
    }
    // An event whose occurrence is only claimed says who claims it, outlined dashed in
    // the colour of its status: never drawn as a fact.
    let claimed = crate::claims::wording(kb, event.positions());
    if let Some(words) = &claimed {
        label.push_str(&format!("\n[{}]", wrap(words, 28, 3).join("\n")));
    }
    let look = DateLook::of(event, b);
    let mut attrs = vec![
        attr("shape", plain("box")),
        attr("label", quoted(&label)),
        attr("fillcolor", quoted(look.fill())),
        attr("color", quoted("#2c5d8a")),
        attr("tooltip", quoted(id)),
    ];
    match claimed {
        Some(_) => {
            attrs.retain(|a| !matches!(&a.0, Id::Plain(k) if k == "color"));
            attrs.extend(status_style(kb, kb.vocab().headline(event.positions())));
            attrs.retain(|a| !matches!(&a.0, Id::Plain(k) if k == "style"));
            attrs.push(attr("style", quoted("filled,dashed")));
        }
        None => attrs.extend(look.style().map(|style| attr("style", quoted(style)))),
    }
    Node::new(node_id(id), attrs).into()
}

/// Returns the time rank of an event: its place in the one order of events (its
/// earliest start, or its latest start when only that is known), `None` when nothing
/// is known of its start.
fn rank_key(b: &EventBounds) -> Option<Key> {
    let (_, start, _) = b.order_key();
    (start != Key::NegInf).then_some(start)
}

/// Adds the events, grouped into same-rank subgraphs by their earliest start and
/// chained left to right in time; events whose start is unknown float.
fn event_stmts(
    kb: &Kb,
    selection: &Selection,
    bounds: BoundsFn,
    emit: &mut dyn FnMut(String) -> io::Result<()>,
) -> io::Result<()> {
    // Each node is printed as soon as it is made: text is far smaller than the
    // printer's structures, and a big KB has one node per event.
    let mut ranks: Vec<(Key, Vec<String>, String)> = Vec::new();
    let mut undated = Vec::new();
    for &i in &selection.events {
        let b = bounds(i);
        let node = print_stmt(event_node(kb, i, &b));
        let Some(key) = rank_key(&b) else {
            undated.push(node);
            continue;
        };
        match ranks.last_mut() {
            Some((k, members, _)) if *k == key => members.push(node),
            _ => ranks.push((
                key,
                vec![node],
                kb.str(kb.events()[i as usize].id.node).to_string(),
            )),
        }
    }
    // Events come in the one order, so ranks are already sorted; the sort only keeps
    // that true should a caller pass another order.
    ranks.sort_by_key(|(key, _, first)| (*key, first.clone()));
    let mut merged: Vec<(Key, Vec<String>, String)> = Vec::new();
    for rank in ranks {
        match merged.last_mut() {
            Some(last) if last.0 == rank.0 => last.1.extend(rank.1),
            _ => merged.push(rank),
        }
    }
    for (n, (_, members, _)) in merged.iter_mut().enumerate() {
        // As graphviz-rust prints a subgraph: its statements indented one step more.
        let mut text = format!("  subgraph time_{n} {{\n    rank=same");
        for member in std::mem::take(members) {
            text.push_str("\n  ");
            text.push_str(&member);
        }
        text.push_str("\n  }");
        emit(text)?;
    }
    for node in undated {
        emit(node)?;
    }
    // An invisible chain through the ranks keeps time running left to right. Past a
    // few dozen ranks it makes `dot` layout take minutes (measured: 32 s for 50
    // synthetic events), so larger graphs keep only the same-rank groups.
    let chain: &[_] = if merged.len() <= MAX_CHAINED_RANKS {
        &merged
    } else {
        &[]
    };
    for pair in chain.windows(2) {
        let edge = DotEdge {
            ty: EdgeTy::Pair(
                Vertex::N(node_id(&pair[0].2)),
                Vertex::N(node_id(&pair[1].2)),
            ),
            attributes: vec![attr("style", plain("invis")), attr("weight", plain("10"))],
        };
        emit(print_stmt(edge.into()))?;
    }
    Ok(())
}

/// Returns the node of an actor, place or source (events are drawn by [`event_stmts`]).
fn entity_node(kb: &Kb, entity: Entity) -> Option<Stmt> {
    let id = kb.id_str(entity);
    // An entity that is only claimed says who claims it and is outlined dashed in the
    // colour of its status, as claimed events are.
    let claimed = crate::claims::wording(kb, kb.positions_of(entity))
        .map(|words| format!("\n[{}]", wrap(&words, 28, 3).join("\n")))
        .unwrap_or_default();
    let name = format!("{}{claimed}", wrap(kb.label(entity), 22, 3).join("\n"));
    let mut attrs = match entity {
        Entity::Event(_) => return None,
        Entity::Actor(_) => vec![
            attr("shape", plain("ellipse")),
            attr("label", quoted(&name)),
            attr("fillcolor", quoted("#fbe3c4")),
            attr("color", quoted("#a0622d")),
            attr("tooltip", quoted(id)),
        ],
        Entity::Place(_) => vec![
            attr("shape", plain("house")),
            attr("label", quoted(&name)),
            attr("fillcolor", quoted("#dcefd5")),
            attr("color", quoted("#3f7a36")),
            attr("tooltip", quoted(id)),
        ],
        Entity::Source(s) => {
            let source = &kb.sources()[s as usize];
            let mut label = wrap(&source.title, 28, 3).join("\n");
            if let Some(date) = &source.date {
                label.push('\n');
                label.push_str(&date.node.display());
            }
            label.push_str(&claimed);
            vec![
                attr("shape", plain("note")),
                attr("label", quoted(&label)),
                attr("fillcolor", quoted("#eeeeee")),
                attr("color", quoted("#777777")),
                attr("tooltip", quoted(id)),
            ]
        }
    };
    if !claimed.is_empty() {
        attrs.retain(|a| !matches!(&a.0, Id::Plain(k) if k == "color"));
        attrs.extend(status_style(
            kb,
            kb.vocab().headline(kb.positions_of(entity)),
        ));
        attrs.retain(|a| !matches!(&a.0, Id::Plain(k) if k == "style"));
        attrs.push(attr("style", quoted("filled,dashed")));
    }
    Some(Node::new(node_id(id), attrs).into())
}

/// Returns one edge of the graph, labelled and styled by its claim status.
fn edge_stmt(kb: &Kb, graph: &Graph, e: petgraph::graph::EdgeIndex) -> Option<Stmt> {
    let (from, to) = graph.graph.edge_endpoints(e)?;
    let edge = graph.graph[e];
    let mut attrs = vec![attr("label", quoted(&edge_label(kb, &edge)))];
    attrs.extend(status_style(kb, edge.status));
    // Only the time chain ranks events; edges between events must not pull them
    // out of order. (Citations stay constrained: unconstrained citations next to
    // same-rank groups make Graphviz 2.43 fail with "trouble in init_rank".)
    let between_events = matches!(graph.entity(from), Entity::Event(_))
        && matches!(graph.entity(to), Entity::Event(_));
    if between_events {
        attrs.push(attr("constraint", plain("false")));
    }
    let stmt = DotEdge {
        ty: EdgeTy::Pair(
            Vertex::N(node_id(kb.id_str(graph.entity(from)))),
            Vertex::N(node_id(kb.id_str(graph.entity(to)))),
        ),
        attributes: attrs,
    };
    Some(stmt.into())
}

/// The legend: one sample of each node type and each claim status.
fn legend(kb: &Kb) -> Subgraph {
    let sample = |id: &str, shape: &str, label: &str, fill: &str, color: &str| -> Stmt {
        Node::new(
            node_id(id),
            vec![
                attr("shape", plain(shape)),
                attr("label", quoted(label)),
                attr("fillcolor", quoted(fill)),
                attr("color", quoted(color)),
            ],
        )
        .into()
    };
    let styled = |stmt: Stmt, style: &str| -> Stmt {
        match stmt {
            Stmt::Node(mut node) => {
                node.attributes.push(attr("style", quoted(style)));
                node.into()
            }
            other => other,
        }
    };
    let mut stmts = vec![
        Stmt::Attribute(attr("label", quoted("Legend"))),
        Stmt::Attribute(attr("fontsize", plain("12"))),
        Stmt::Attribute(attr("color", quoted("#bbbbbb"))),
        sample(
            "legend:event",
            "box",
            "event\n(date as written)",
            "#d6e6f5",
            "#2c5d8a",
        ),
        styled(
            sample(
                "legend:uncertain",
                "box",
                "uncertain written date\n(any time in its range)",
                "#d6e6f5",
                "#2c5d8a",
            ),
            "filled,dotted",
        ),
        styled(
            sample(
                "legend:inferred",
                "box",
                "no date written:\ninferred from related events",
                "#eef4fb",
                "#2c5d8a",
            ),
            "filled,dashed",
        ),
        sample(
            "legend:undated",
            "box",
            "undated: outside\nthe time order",
            "#eef4fb",
            "#2c5d8a",
        ),
        sample("legend:actor", "ellipse", "actor", "#fbe3c4", "#a0622d"),
        sample("legend:place", "house", "place", "#dcefd5", "#3f7a36"),
        sample("legend:source", "note", "source", "#eeeeee", "#777777"),
    ];
    let statuses = Standing::ALL.map(|s| {
        let sym = (s != Standing::Stated)
            .then(|| kb.syms().get(s.name()))
            .flatten();
        (s.name(), sym)
    });
    for (n, (name, sym)) in statuses.into_iter().enumerate() {
        let a = format!("legend:{name}:a");
        let b = format!("legend:{name}:b");
        for id in [&a, &b] {
            stmts.push(
                Node::new(
                    node_id(id),
                    vec![
                        attr("shape", plain("point")),
                        attr("width", quoted("0.05")),
                        attr("label", quoted("")),
                    ],
                )
                .into(),
            );
        }
        let mut attrs = vec![attr("label", quoted(name))];
        // Built-in statuses exist in every KB; the fallback only guards a broken vocabulary.
        if sym.is_some() || n == 0 {
            attrs.extend(status_style(kb, sym));
        }
        stmts.push(
            DotEdge {
                ty: EdgeTy::Pair(Vertex::N(node_id(&a)), Vertex::N(node_id(&b))),
                attributes: attrs,
            }
            .into(),
        );
    }
    Subgraph {
        id: plain("cluster_legend"),
        stmts,
    }
}
