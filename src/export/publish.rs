//! The machine-readable and publishable forms of a selection: the whole selection as
//! JSON (the TimelineJS timeline is [`super::timelinejs`], the interactive HTML page
//! [`super::html`]). Every string from the KB is escaped for its format.

use serde_json::{Map, Value, json};

use crate::export::Selection;
use crate::graph::{EdgeKind, Graph};
use crate::kb::{Entity, Kb};
use crate::query::timeline::rows;
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
    let events: Vec<Value> = rows(kb, &selection.events, bounds)
        .iter()
        .zip(&selection.events)
        .map(|(row, &i)| event_json(kb, row, i))
        .collect();
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
            if let Some(citations) = citations(kb, cites) {
                map.insert("citations".into(), citations);
            }
        }
        if let Some(calendar) = calendar_of(kb, entity) {
            map.insert("calendar".into(), calendar.into());
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
                    if let Some(w) = p.within.as_ref().filter(|w| !w.claims.is_empty()) {
                        let claims = crate::claims::positions(kb, &w.claims, w.id.span);
                        map.insert("within_claims".into(), json!(claims));
                    }
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
                item.insert(
                    "location".into(),
                    kb.files().file_line(relation.span).into(),
                );
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
            let claims = edge.claims(kb);
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
    document.insert("vocabulary".into(), vocabulary_json(kb));
    let allowed: Vec<&str> = kb.allowed().iter().map(|c| kb.str(c.node)).collect();
    document.insert("allow".into(), allowed.into());
    let mut document = Value::Object(document);
    relativise(&mut document, kb);
    document
}

/// Returns the vocabulary the KB declares (every file's `vocabulary` section merged,
/// in reading order): the terms of each set and the relation kinds with their meaning.
fn vocabulary_json(kb: &Kb) -> Value {
    let decls = kb.vocab_decls();
    let terms = |pick: fn(
        &crate::model::VocabularyDecl,
    ) -> &[crate::source::Spanned<crate::model::Sym>]| {
        let names: Vec<&str> = decls
            .iter()
            .flat_map(|d| pick(d).iter().map(|t| kb.str(t.node)))
            .collect();
        Value::from(names)
    };
    let relation_kinds: Vec<Value> = decls
        .iter()
        .flat_map(|d| &d.relation_kinds)
        .map(|r| {
            json!({
                "name": kb.str(r.name.node),
                "from": r.from.as_str(),
                "to": r.to.as_str(),
                "implies": r.implies.as_ref().map(|i| kb.str(i.node)),
                "symmetric": r.symmetric,
            })
        })
        .collect();
    json!({
        "actor_kinds": terms(|d| &d.actor_kinds),
        "event_kinds": terms(|d| &d.event_kinds),
        "place_kinds": terms(|d| &d.place_kinds),
        "roles": terms(|d| &d.roles),
        "statuses": terms(|d| &d.statuses),
        "relation_kinds": relation_kinds,
    })
}

/// Returns an event for `export json`: its timeline row with the fields a row leaves
/// out (note, attrs, calendar, duration in words) and the claims on its place and on
/// each citation.
fn event_json(kb: &Kb, row: &crate::query::timeline::Row, index: u32) -> Value {
    let mut value = json!(row);
    let event = &kb.events()[index as usize];
    let Some(map) = value.as_object_mut() else {
        return value;
    };
    if let crate::query::show::Fields::Event(fields) =
        crate::query::show::Fields::of(kb, Entity::Event(index))
    {
        map.insert("note".into(), fields.note.into());
        map.insert("attrs".into(), json!(fields.attrs));
        if let Some(duration) = fields.duration {
            map.insert("duration_text".into(), duration.text.into());
        }
    }
    if let Some(calendar) = calendar_of(kb, Entity::Event(index)) {
        map.insert("calendar".into(), calendar.into());
    }
    if let Some(place) = event.place.as_ref().filter(|p| !p.claims.is_empty()) {
        let claims = crate::claims::positions(kb, &place.claims, place.id.span);
        map.insert("place_claims".into(), json!(claims));
    }
    if let Some(citations) = citations(kb, &event.sources) {
        map.insert("citations".into(), citations);
    }
    value
}

/// Returns the citations of a record with their claims (`[{"source": …, "status": …,
/// "claims": […]}]`), or `None` when no citation carries a claim (the `sources` list
/// then says everything).
fn citations(kb: &Kb, refs: &[crate::model::Ref]) -> Option<Value> {
    if refs.iter().all(|r| r.claims.is_empty()) {
        return None;
    }
    let items: Vec<Value> = refs
        .iter()
        .map(|r| {
            let status = kb.status_name(kb.vocab().headline(&r.claims));
            let claims = crate::claims::positions(kb, &r.claims, r.id.span);
            json!({"source": kb.str(r.id.node), "status": status, "claims": claims})
        })
        .collect();
    Some(items.into())
}

/// Returns the calendar written on a record (`julian`), when one is.
fn calendar_of(kb: &Kb, entity: Entity) -> Option<&'static str> {
    let calendar = match entity {
        Entity::Event(i) => kb.events()[i as usize].calendar.as_ref(),
        Entity::Actor(i) => kb.actors()[i as usize].calendar.as_ref(),
        Entity::Source(i) => kb.sources()[i as usize].calendar.as_ref(),
        Entity::Place(_) => None,
    };
    calendar.map(|c| c.node.name())
}

/// Rewrites every `location` of the document (`path:line`, the path as the user gave
/// the KB directory) relative to the KB directory, so the export names no absolute
/// path and reads the same wherever the KB lies.
fn relativise(value: &mut Value, kb: &Kb) {
    let files: std::collections::HashMap<String, &str> = kb
        .files()
        .files()
        .map(|(_, f)| (f.path.display().to_string(), f.relative.as_str()))
        .collect();
    relativise_in(value, &files);
}

fn relativise_in(value: &mut Value, files: &std::collections::HashMap<String, &str>) {
    match value {
        Value::Object(map) => {
            for (key, item) in map.iter_mut() {
                match item {
                    Value::String(text) if key == "location" => {
                        let relative = text
                            .rsplit_once(':')
                            .and_then(|(path, line)| Some(format!("{}:{line}", files.get(path)?)));
                        if let Some(relative) = relative {
                            *text = relative;
                        }
                    }
                    _ => relativise_in(item, files),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|item| relativise_in(item, files)),
        _ => {}
    }
}
