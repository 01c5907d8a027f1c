//! The machine-readable and publishable forms of a selection: the whole selection as
//! JSON and a TimelineJS 3 timeline (the interactive HTML page is [`super::html`]).
//! Every string from the KB is escaped for its format.

use serde_json::{Map, Value, json};

use crate::date::{Bound, civil_from_days};
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

/// Returns a TimelineJS date object (`{"year": …, "month": …, "day": …}`) for a range
/// of possible points, as precise as the range allows (the day when it is one day, the
/// month when it lies in one month, else the year of its earliest point); `None` when
/// its earliest point is unbounded.
fn timelinejs_date(earliest: Bound, latest: Bound) -> Option<Value> {
    let point = earliest.point()?;
    let (year, month, day) = civil_from_days(point.day);
    let last = latest.point().map(|p| civil_from_days(p.day));
    let mut date = Map::new();
    date.insert("year".into(), year.into());
    if let Some((y2, m2, d2)) = last
        && y2 == year
        && m2 == month
    {
        date.insert("month".into(), month.into());
        if d2 == day {
            date.insert("day".into(), day.into());
            if let Some(second) = point.second {
                date.insert("hour".into(), (second / 3600).into());
                date.insert("minute".into(), (second / 60 % 60).into());
                date.insert("second".into(), (second % 60).into());
            }
        }
    }
    Some(Value::Object(date))
}

/// Returns the selection as a TimelineJS 3 JSON file. TimelineJS shows headline and
/// text as HTML, so every string is HTML-escaped; events with no known start (written
/// or inferred) cannot be placed and are counted in the second value.
pub fn to_timelinejs(
    kb: &Kb,
    graph: &Graph,
    selection: &Selection,
    bounds: &[EventBounds],
    title: &str,
) -> (Value, usize) {
    let mut events = Vec::new();
    let mut unplaced = 0;
    for &i in &selection.events {
        let event = &kb.events()[i as usize];
        let b = bounds[i as usize];
        let Some(start) = timelinejs_date(b.start.0, b.start.1) else {
            unplaced += 1;
            continue;
        };
        let written = event.date.as_ref().map_or_else(
            || match (b.text(b.start.0), b.text(b.end.1)) {
                (Some(a), Some(z)) => format!("about {a} – {z} (inferred)"),
                (Some(a), None) => format!("from about {a} (inferred)"),
                _ => "undated".to_string(),
            },
            |d| d.node.display(),
        );
        let row = crate::query::timeline::Row::new(kb, event, &b);
        let actors: Vec<String> = row.actors.iter().map(RowActor::described).collect();
        let mut text = String::new();
        if let Some(words) = crate::claims::wording(kb, event.positions()) {
            text.push_str(&format!("<p><em>{}</em></p>", xml(&words)));
        }
        if let Some(note) = &event.note {
            text.push_str(&format!("<p>{}</p>", xml(note)));
        }
        if !actors.is_empty() {
            text.push_str(&format!("<p>{}</p>", xml(&actors.join(", "))));
        }
        for line in contested_relations(kb, graph, selection, event.id.node) {
            text.push_str(&format!("<p>{}</p>", xml(&line)));
        }
        text.push_str(&source_links(kb, event));
        let mut item = Map::new();
        item.insert("unique_id".into(), kb.str(event.id.node).into());
        item.insert("start_date".into(), start);
        // Intervals end somewhere; everything else is shown at its start. An open or
        // unknown end has no date TimelineJS could draw (a bare year there would read
        // as the year's first day, before the start), so the slide stays at its start.
        if b.end.1.point().is_some()
            && let Some(end) = timelinejs_date(b.end.0, b.end.1)
            && event
                .date
                .as_ref()
                .is_some_and(|d| d.node.edtf.is_interval())
        {
            item.insert("end_date".into(), end);
        }
        item.insert("display_date".into(), xml(&written).into());
        item.insert(
            "text".into(),
            json!({"headline": xml(&event.title), "text": text}),
        );
        item.insert("group".into(), xml(kb.kind_name(event)).into());
        events.push(Value::Object(item));
    }
    let timeline = json!({
        "title": {"text": {"headline": xml(title), "text": summary_paragraph(kb)}},
        "events": events,
    });
    (timeline, unplaced)
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

/// Returns the event's sources as HTML links (their titles; a link when a URL is known).
fn source_links(kb: &Kb, event: &crate::model::Event) -> String {
    let mut items = Vec::new();
    for r in &event.sources {
        let Some(Entity::Source(s)) = kb.lookup(r.id.node) else {
            continue;
        };
        let source = &kb.sources()[s as usize];
        items.push(match source.url.as_deref() {
            Some(url) => format!("<a href=\"{}\">{}</a>", xml(url), xml(&source.title)),
            None => xml(&source.title),
        });
    }
    if items.is_empty() {
        String::new()
    } else {
        format!("<p>Sources: {}</p>", items.join("; "))
    }
}
