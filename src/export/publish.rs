//! The machine-readable and publishable forms of a selection: the whole selection as
//! JSON, and a standalone HTML page with the drawn timeline and a table of events
//! (the TimelineJS timeline is [`super::timelinejs`]). Every string from the KB is escaped for its format.

use serde_json::{Map, Value, json};

use crate::export::Selection;
use crate::export::escape::xml;
use crate::graph::{EdgeKind, Graph, claims_of};
use crate::kb::{Entity, Kb};
use crate::model::Sym;
use crate::query::timeline::{RowActor, rows};
use crate::time::bounds::EventBounds;

/// Returns the selection as one JSON document: its events in timeline order (as in
/// `timeline --format json`), the actors, places and sources drawn with them, and the
/// relations among all of those with their claims.
pub fn to_json(
    kb: &Kb,
    graph: &Graph,
    selection: &Selection,
    bounds: &[EventBounds],
    title: &str,
) -> Value {
    let events = rows(kb, &selection.events, bounds);
    let mut actors = Vec::new();
    let mut places = Vec::new();
    let mut sources = Vec::new();
    // An actor, place or source that is only claimed carries its status and positions.
    let with_claims = |mut value: serde_json::Value, entity: Entity| {
        let own = kb.positions_of(entity);
        if let (Some(map), false) = (value.as_object_mut(), kb.vocab().is_fact(own)) {
            map.insert(
                "status".into(),
                kb.status_name(kb.vocab().headline(own)).into(),
            );
            let positions = crate::claims::positions(kb, own, kb.id_span(entity));
            map.insert(
                "claims".into(),
                serde_json::to_value(positions).unwrap_or_default(),
            );
        }
        value
    };
    // Every field of an actor, place or source, as `show` types them, with the ids it
    // cites and where it is written: the export loses nothing of the record.
    let entity_json = |entity: Entity, cites: &[crate::model::Ref]| {
        let mut map = serde_json::Map::new();
        map.insert("id".into(), kb.id_str(entity).into());
        if let Ok(Value::Object(fields)) =
            serde_json::to_value(crate::query::show::Fields::of(kb, entity))
        {
            map.extend(fields);
        }
        if entity.ty() != crate::model::EntityType::Source {
            let cited: Vec<&str> = cites.iter().map(|r| kb.str(r.id.node)).collect();
            map.insert("sources".into(), cited.into());
        }
        map.insert(
            "location".into(),
            kb.files().file_line(kb.id_span(entity)).into(),
        );
        with_claims(Value::Object(map), entity)
    };
    for &node in &selection.nodes {
        match graph.entity(node) {
            entity @ Entity::Actor(i) => {
                actors.push(entity_json(entity, &kb.actors()[i as usize].sources));
            }
            entity @ Entity::Place(i) => {
                let p = &kb.places()[i as usize];
                let mut value = entity_json(entity, &p.sources);
                if let Some(map) = value.as_object_mut() {
                    let within = p.within.as_ref().map(|w| kb.str(w.id.node));
                    map.insert("within".into(), within.into());
                }
                places.push(value);
            }
            entity @ Entity::Source(_) => sources.push(entity_json(entity, &[])),
            Entity::Event(_) => {}
        }
    }
    let relations: Vec<Value> = selection
        .edges
        .iter()
        .filter_map(|&e| {
            let edge = graph.graph[e];
            let EdgeKind::Relation(kind) = edge.kind else {
                return None;
            };
            let (from, to) = graph.graph.edge_endpoints(e)?;
            let mut item = Map::new();
            item.insert("from".into(), kb.id_str(graph.entity(from)).into());
            item.insert("kind".into(), kb.str(kind).into());
            item.insert("to".into(), kb.id_str(graph.entity(to)).into());
            item.insert("status".into(), kb.status_name(edge.status).into());
            if let crate::graph::Origin::Relation(r) = edge.origin {
                let relation = &kb.relations()[r as usize];
                if let Some(note) = relation.claim.note.as_deref() {
                    item.insert("note".into(), note.into());
                }
                if let Some(gap) = relation.gap.as_deref() {
                    let gap = match gap {
                        crate::model::Gap::Exact(p) => p.node.to_string(),
                        crate::model::Gap::Range(a, b) => format!("{}..{}", a.node, b.node),
                    };
                    item.insert("gap".into(), gap.into());
                }
            }
            let claims = claims_of(kb, edge.origin);
            if let Some(words) = crate::claims::wording(kb, claims) {
                item.insert("positions".into(), words.into());
            }
            let claims = crate::claims::positions(kb, claims, edge.span);
            if !claims.is_empty() {
                item.insert(
                    "claims".into(),
                    serde_json::to_value(claims).unwrap_or_default(),
                );
            }
            Some(Value::Object(item))
        })
        .collect();
    let mut document = Map::new();
    document.insert("title".into(), title.into());
    if let Some(summary) = kb.summary() {
        document.insert("summary".into(), summary.into());
    }
    document.insert("events".into(), json!(events));
    document.insert("actors".into(), actors.into());
    document.insert("places".into(), places.into());
    document.insert("sources".into(), sources.into());
    document.insert("relations".into(), relations.into());
    Value::Object(document)
}

/// Returns a standalone HTML page: a title, the drawn timeline (`svg`, annals' own
/// escaped SVG) and a table of the events; valid XHTML, so any XML parser reads it.
pub fn to_html(
    kb: &Kb,
    graph: &Graph,
    selection: &Selection,
    bounds: &[EventBounds],
    title: &str,
    svg: &str,
) -> String {
    let svg = svg
        .strip_prefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        .unwrap_or(svg);
    let mut table = String::new();
    let events = rows(kb, &selection.events, bounds);
    for (row, &i) in events.iter().zip(&selection.events) {
        let mut actors: Vec<String> = row.actors.iter().map(RowActor::described).collect();
        let id = kb.events()[i as usize].id.node;
        actors.extend(contested_relations(kb, graph, selection, id));
        table.push_str(&format!(
            "<tr id=\"{}\"><td class=\"date\">{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
            xml(row.id),
            xml(&row.date_text()),
            xml(row.kind),
            xml(&row.title_text()),
            xml(&actors.join("; ")),
        ));
    }
    format!(
        "<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n<meta name=\"generator\" content=\"annals\"/>\n<title>{title}</title>\n<style>\nbody {{ font-family: Helvetica, Arial, sans-serif; margin: 2em auto; max-width: 1240px; color: #222; }}\nfigure {{ margin: 0; overflow-x: auto; }}\ntable {{ border-collapse: collapse; width: 100%; margin-top: 2em; }}\nth, td {{ text-align: left; padding: 0.35em 0.6em; border-bottom: 1px solid #ddd; vertical-align: top; }}\ntd.date {{ white-space: nowrap; font-variant-numeric: tabular-nums; }}\n</style>\n</head>\n<body>\n<h1>{title}</h1>\n{summary}<figure>\n{svg}</figure>\n<table>\n<thead><tr><th>Date</th><th>Kind</th><th>Event</th><th>Actors</th></tr></thead>\n<tbody>\n{table}</tbody>\n</table>\n<p><small>Made with annals from {} events.</small></p>\n</body>\n</html>\n",
        selection.events.len(),
        title = xml(title),
        summary = summary_paragraph(kb),
    )
}

/// Returns the KB's summary as an HTML paragraph and a newline; empty without one.
fn summary_paragraph(kb: &Kb) -> String {
    kb.summary()
        .map_or_else(String::new, |s| format!("<p>{}</p>\n", xml(s)))
}

/// Returns, for people, the contested relations of the selection at the event `id`:
/// `Putin's security services perpetrator_of: alleged by Alexei Navalny`.
fn contested_relations(kb: &Kb, graph: &Graph, selection: &Selection, id: Sym) -> Vec<String> {
    let mut out = Vec::new();
    for &e in &selection.edges {
        let edge = graph.graph[e];
        let EdgeKind::Relation(kind) = edge.kind else {
            continue;
        };
        let Some((from, to)) = graph.graph.edge_endpoints(e) else {
            continue;
        };
        let (from, to) = (graph.entity(from), graph.entity(to));
        let other = if kb.id_of(to) == id {
            from
        } else if kb.id_of(from) == id {
            to
        } else {
            continue;
        };
        if let Some(words) = crate::claims::wording(kb, claims_of(kb, edge.origin)) {
            out.push(format!("{} {}: {words}", kb.label(other), kb.str(kind)));
        }
    }
    out
}
