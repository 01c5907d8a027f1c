//! The event graph as Graphviz DOT, built with graphviz-rust's types and printer:
//! events as dated boxes ranked left to right in time, actors as ellipses, places as
//! houses, sources as notes, edges labelled and styled by claim status, and a legend.

use std::io::{self, Write};

use graphviz_rust::dot_structures::{
    Attribute, Edge as DotEdge, EdgeTy, Graph as DotGraph, GraphAttributes, Id, Node, NodeId, Stmt,
    Vertex,
};
use graphviz_rust::printer::{DotPrinter, PrinterContext};

use crate::export::escape::{dot_string, xml};
use crate::export::{BoundsFn, Selection, date_label, edge_label, wrap};
use crate::graph::Graph;
use crate::kb::{Entity, Kb};
use crate::time::bounds::{EventBounds, Key};
use crate::vocab::Standing;

/// Past this many time ranks, Graphviz's effort is bounded ([`LARGE_GRAPH`]). An actor
/// in events across many ranks makes long edges, each a chain of virtual nodes, and
/// Graphviz's crossing minimisation, placement within ranks and routing grow with the
/// square of them (measured with Graphviz 2.43, 8 actors: 60 dated events took 58 s
/// and 200 over 3 minutes unbounded; bounded, 1.2 s and 14 s). Time order, which the
/// ranks give, is never bounded.
const BOUNDED_RANKS: usize = 24;

/// The graph attributes that bound Graphviz's effort on a large graph: a few
/// placement iterations (`nslimit`), little crossing minimisation (`mclimit`, no
/// second pass) and polyline edges.
const LARGE_GRAPH: [(&str, &str); 4] = [
    ("nslimit", "0.2"),
    ("mclimit", "0.05"),
    ("remincross", "false"),
    ("splines", "polyline"),
];

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
    let ranks = {
        let mut keys: Vec<Key> = selection
            .events
            .iter()
            .filter_map(|&i| rank_key(&bounds(i)))
            .collect();
        keys.sort_unstable();
        keys.dedup();
        keys.len()
    };
    let mut printer = StmtPrinter::new();
    for stmt in defaults(options, ranks > BOUNDED_RANKS) {
        emit(printer.print(stmt))?;
    }
    event_stmts(kb, selection, bounds, &mut printer, &mut emit)?;
    for &node in &selection.nodes {
        if let Some(stmt) = entity_node(kb, graph.entity(node)) {
            emit(printer.print(stmt))?;
        }
    }
    for &e in &selection.edges {
        if let Some(stmt) = edge_stmt(kb, graph, e) {
            emit(printer.print(stmt))?;
        }
    }
    emit(printer.print(legend(kb)))?;
    out.write_all(b"\n}\n")
}

/// Prints statements as graphviz-rust prints them inside a digraph (indented once).
/// One printer context serves every statement: it is set up by printing an empty
/// digraph, which marks it directed and indents it, as the body of a graph is printed.
/// (A context per statement, and a digraph around each, was a third of `export dot`.)
struct StmtPrinter(PrinterContext);

impl StmtPrinter {
    fn new() -> StmtPrinter {
        let mut ctx = PrinterContext::default();
        DotGraph::DiGraph {
            id: plain("annals"),
            strict: false,
            stmts: Vec::new(),
        }
        .print(&mut ctx);
        StmtPrinter(ctx)
    }

    fn print(&mut self, stmt: Stmt) -> String {
        stmt.print(&mut self.0)
    }
}

/// Returns the graph, node and edge defaults, with the title when there is one; `large`
/// bounds Graphviz's effort ([`BOUNDED_RANKS`]).
fn defaults(options: &DotOptions, large: bool) -> Vec<Stmt> {
    let mut graph_attrs = vec![
        attr("rankdir", plain("LR")),
        attr("fontname", quoted("Helvetica")),
        attr("nodesep", quoted("0.25")),
        attr("ranksep", quoted("0.45")),
        attr("newrank", plain("true")),
    ];
    if large {
        graph_attrs.extend(LARGE_GRAPH.map(|(name, value)| attr(name, quoted(value))));
    }
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
    printer: &mut StmtPrinter,
    emit: &mut dyn FnMut(String) -> io::Result<()>,
) -> io::Result<()> {
    // Each node is printed as soon as it is made: text is far smaller than the
    // printer's structures, and a big KB has one node per event.
    let mut ranks: Vec<(Key, Vec<String>, String)> = Vec::new();
    let mut undated = Vec::new();
    for &i in &selection.events {
        let b = bounds(i);
        let node = printer.print(event_node(kb, i, &b));
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
    // An invisible chain through the ranks, from the first event of each to the first
    // of the next, keeps time running left to right at any size: one edge per rank.
    for pair in merged.windows(2) {
        let edge = DotEdge {
            ty: EdgeTy::Pair(
                Vertex::N(node_id(&pair[0].2)),
                Vertex::N(node_id(&pair[1].2)),
            ),
            attributes: vec![attr("style", plain("invis")), attr("weight", plain("10"))],
        };
        emit(printer.print(edge.into()))?;
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
    // An external label: a `label` would make Graphviz double every rank to make room
    // for labels and route each long edge around them (minutes on a few hundred edges).
    let mut attrs = vec![attr("xlabel", quoted(&edge_label(kb, &edge)))];
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

/// The samples of the legend: (border style, fill, border colour, what it means).
const NODE_SAMPLES: [(&str, &str, &str, &str); 7] = [
    ("solid", "#d6e6f5", "#2c5d8a", "event (date as written)"),
    ("dotted", "#d6e6f5", "#2c5d8a", "uncertain written date"),
    ("dashed", "#eef4fb", "#2c5d8a", "no date written: inferred"),
    ("solid", "#eef4fb", "#2c5d8a", "undated: outside time order"),
    ("solid", "#fbe3c4", "#a0622d", "actor"),
    ("solid", "#dcefd5", "#3f7a36", "place"),
    ("solid", "#eeeeee", "#777777", "source"),
];

/// Returns the value of one attribute among `attrs`, unquoted.
fn attr_value(attrs: &[Attribute], name: &str) -> Option<String> {
    attrs.iter().find_map(|a| match (&a.0, &a.1) {
        (Id::Plain(k), Id::Plain(v) | Id::Escaped(v)) if k == name => {
            Some(v.trim_matches('"').to_string())
        }
        _ => None,
    })
}

/// The legend, compact: one node holding a table of the node looks and edge styles
/// (an HTML-like label; its id has a colon, which no KB id has).
fn legend(kb: &Kb) -> Stmt {
    let mut rows = String::from("<TR><TD COLSPAN=\"2\"><B>Legend</B></TD></TR>");
    for (style, fill, color, meaning) in NODE_SAMPLES {
        let style = if style == "solid" {
            String::new()
        } else {
            format!(" STYLE=\"{style}\"")
        };
        rows.push_str(&format!(
            "<TR><TD BORDER=\"1\"{style} COLOR=\"{color}\" BGCOLOR=\"{fill}\" WIDTH=\"24\"> </TD><TD ALIGN=\"LEFT\">{}</TD></TR>",
            xml(meaning)
        ));
    }
    for standing in Standing::ALL {
        let sym = (standing != Standing::Stated)
            .then(|| kb.syms().get(standing.name()))
            .flatten();
        let attrs = status_style(kb, sym);
        let line = match attr_value(&attrs, "style").as_deref() {
            Some("dashed") => "- - - -",
            Some("dotted") => "······",
            _ => "———",
        };
        let color = attr_value(&attrs, "color").unwrap_or_else(|| "#555555".to_string());
        rows.push_str(&format!(
            "<TR><TD><FONT COLOR=\"{color}\">{line}</FONT></TD><TD ALIGN=\"LEFT\"><FONT COLOR=\"{color}\">{}</FONT></TD></TR>",
            xml(standing.name())
        ));
    }
    let label = format!(
        "<<TABLE BORDER=\"1\" COLOR=\"#bbbbbb\" CELLBORDER=\"0\" CELLSPACING=\"3\" CELLPADDING=\"1\">{rows}</TABLE>>"
    );
    Node::new(
        node_id("legend:"),
        vec![
            attr("shape", plain("plaintext")),
            attr("style", quoted("")),
            attr("fontsize", plain("9")),
            attr("label", Id::Html(label)),
        ],
    )
    .into()
}
