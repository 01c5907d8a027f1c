//! One entity in full: its fields, every edge in and out with claim status, its dates.

use petgraph::Direction;
use serde_json::{Map, Value, json};

use crate::graph::{EdgeKind, Graph, claim_of};
use crate::kb::{Entity, Kb};
use crate::model::{Attrs, Claim, DateField};
use crate::source::Spanned;
use crate::time::bounds::bound_text;

/// Describes one entity, with every edge of the graph touching it, as JSON.
pub fn show(kb: &Kb, graph: &Graph, entity: Entity) -> Value {
    let mut out = Map::new();
    out.insert("id".into(), kb.id_str(entity).into());
    out.insert("type".into(), entity.ty().as_str().into());
    out.insert(
        "location".into(),
        kb.files().location(kb.id_span(entity)).into(),
    );
    let text = |s: &Option<Box<str>>| s.as_deref().map(Value::from).unwrap_or(Value::Null);
    match entity {
        Entity::Actor(i) => {
            let a = &kb.actors()[i as usize];
            out.insert("name".into(), (&*a.name).into());
            out.insert(
                "kind".into(),
                a.kind.as_ref().map_or("person", |k| kb.str(k.node)).into(),
            );
            out.insert(
                "aliases".into(),
                a.aliases.iter().map(|s| &**s).collect::<Vec<_>>().into(),
            );
            out.insert("born".into(), date_json(a.born.as_ref()));
            out.insert("died".into(), date_json(a.died.as_ref()));
            out.insert(
                "tags".into(),
                a.tags
                    .iter()
                    .map(|t| kb.str(t.node))
                    .collect::<Vec<_>>()
                    .into(),
            );
            out.insert("note".into(), text(&a.note));
            out.insert("attrs".into(), attrs_json(&a.attrs));
        }
        Entity::Place(i) => {
            let p = &kb.places()[i as usize];
            out.insert("name".into(), (&*p.name).into());
            out.insert(
                "kind".into(),
                p.kind.as_ref().map_or("place", |k| kb.str(k.node)).into(),
            );
            out.insert(
                "aliases".into(),
                p.aliases.iter().map(|s| &**s).collect::<Vec<_>>().into(),
            );
            out.insert("note".into(), text(&p.note));
            out.insert("attrs".into(), attrs_json(&p.attrs));
        }
        Entity::Source(i) => {
            let s = &kb.sources()[i as usize];
            out.insert("title".into(), (&*s.title).into());
            out.insert("date".into(), date_json(s.date.as_ref()));
            out.insert("publisher".into(), text(&s.publisher));
            out.insert("author".into(), text(&s.author));
            out.insert("url".into(), text(&s.url));
            out.insert("note".into(), text(&s.note));
            out.insert("attrs".into(), attrs_json(&s.attrs));
        }
        Entity::Event(i) => {
            let e = &kb.events()[i as usize];
            out.insert("title".into(), (&*e.title).into());
            out.insert(
                "kind".into(),
                e.kind.as_ref().map_or("event", |k| kb.str(k.node)).into(),
            );
            out.insert("date".into(), date_json(e.date.as_ref()));
            out.insert(
                "duration".into(),
                e.duration
                    .as_ref()
                    .map(|d| json!({"iso": d.node.to_string(), "text": d.node.human()}))
                    .unwrap_or(Value::Null),
            );
            out.insert(
                "tags".into(),
                e.tags
                    .iter()
                    .map(|t| kb.str(t.node))
                    .collect::<Vec<_>>()
                    .into(),
            );
            out.insert("note".into(), text(&e.note));
            out.insert("attrs".into(), attrs_json(&e.attrs));
        }
    }
    let mut outgoing = Vec::new();
    let mut incoming = Vec::new();
    if let Some(node) = graph.node(kb.id_of(entity)) {
        for (direction, _, other, edge) in graph.edges_of(node) {
            let other = graph.entity(other);
            let (kind, label) = match edge.kind {
                EdgeKind::Participation(role) => ("participant", kb.str(role).to_string()),
                EdgeKind::Relation(kind) => ("relation", kb.str(kind).to_string()),
                EdgeKind::Place => ("place", "place".to_string()),
                EdgeKind::Within => ("within", "within".to_string()),
                EdgeKind::Citation => ("citation", "cites".to_string()),
            };
            let claim = claim_of(kb, edge.origin);
            let mut item = json!({
                "edge": kind,
                "label": label,
                "id": kb.id_str(other),
                "type": other.ty().as_str(),
                "name": kb.label(other),
                "status": edge.status.map_or("stated", |s| kb.str(s)),
                "location": kb.files().file_line(edge.span),
            });
            if let (Some(claim), Some(map)) = (claim, item.as_object_mut()) {
                claim_fields(kb, claim, map);
            }
            if let Some(gap) = match edge.origin {
                crate::graph::Origin::Relation(r) => kb.relations()[r as usize].gap.as_ref(),
                _ => None,
            } {
                let text = match &**gap {
                    crate::model::Gap::Exact(p) => p.node.to_string(),
                    crate::model::Gap::Range(a, b) => format!("{}..{}", a.node, b.node),
                };
                if let Some(map) = item.as_object_mut() {
                    map.insert("gap".into(), text.into());
                }
            }
            match direction {
                Direction::Outgoing => outgoing.push(item),
                Direction::Incoming => incoming.push(item),
            }
        }
    }
    out.insert("out".into(), outgoing.into());
    out.insert("in".into(), incoming.into());
    Value::Object(out)
}

fn claim_fields(kb: &Kb, claim: &Claim, map: &mut Map<String, Value>) {
    if !claim.by.is_empty() {
        map.insert(
            "by".into(),
            claim
                .by
                .iter()
                .map(|b| kb.str(b.node))
                .collect::<Vec<_>>()
                .into(),
        );
    }
    if !claim.sources.is_empty() {
        map.insert(
            "sources".into(),
            claim
                .sources
                .iter()
                .map(|s| kb.str(s.node))
                .collect::<Vec<_>>()
                .into(),
        );
    }
    if let Some(note) = &claim.note {
        map.insert("note".into(), (&**note).into());
    }
}

/// Describes a date field: as written, what it means, and its strict bounds.
pub fn date_json(date: Option<&Spanned<DateField>>) -> Value {
    match date {
        None => Value::Null,
        Some(date) => {
            let edtf = &date.node.edtf;
            json!({
                "text": &*date.node.text,
                "level": edtf.level(),
                "meaning": edtf.describe(),
                "start": bound_text(edtf.lower()),
                "end": bound_text(edtf.upper()),
            })
        }
    }
}

fn attrs_json(attrs: &Attrs) -> Value {
    let map: Map<String, Value> = attrs
        .iter()
        .map(|(k, v)| (k.node.to_string(), Value::from(&**v)))
        .collect();
    Value::Object(map)
}
