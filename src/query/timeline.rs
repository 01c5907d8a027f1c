//! The timeline: the events that pass a filter, in chronological order.

use serde_json::{Value, json};

use crate::kb::Kb;
use crate::model::Event;
use crate::query::filter::Filter;
use crate::time::bounds::{EventBounds, Key, bound_text, lower_key, upper_key};

/// Returns the indices of the events passing `filter`, ordered by earliest start, then
/// latest end, then id, using `bounds` (one per event, given or inferred); events of
/// which nothing is known come last, by id.
pub fn timeline(kb: &Kb, filter: &Filter, bounds: &[EventBounds]) -> Vec<u32> {
    let mut rows: Vec<(bool, Key, Key, &str, u32)> = kb
        .events()
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let b = bounds
                .get(i)
                .copied()
                .unwrap_or_else(|| EventBounds::given(e));
            (i, e, b)
        })
        .filter(|(_, e, b)| filter.matches(kb, e, b))
        .map(|(i, e, b)| {
            (
                b.is_unknown(),
                lower_key(b.start.0),
                upper_key(b.end.1),
                kb.str(e.id.node),
                i as u32,
            )
        })
        .collect();
    rows.sort_unstable();
    rows.into_iter().map(|row| row.4).collect()
}

/// Returns the kind of an event as text (`event` when absent).
pub fn kind_text<'k>(kb: &'k Kb, event: &Event) -> &'k str {
    event.kind.as_ref().map_or("event", |k| kb.str(k.node))
}

/// Returns one timeline row as a JSON object; `start` and `end` are the earliest start
/// and latest end, `inferred` says whether inference narrowed them beyond the date.
pub fn row_json(kb: &Kb, event: &Event, bounds: &EventBounds) -> Value {
    let (start, end) = (bound_text(bounds.start.0), bound_text(bounds.end.1));
    let actors: Vec<Value> = event
        .actors
        .iter()
        .map(|p| {
            json!({
                "id": kb.str(p.actor.node),
                "role": kb.str(p.role.node),
                "status": p.claim.as_ref().and_then(|c| c.status.as_ref()).map_or("stated", |s| kb.str(s.node)),
            })
        })
        .collect();
    json!({
        "id": kb.str(event.id.node),
        "date": event.date.as_ref().map(|d| &*d.node.text),
        "start": start,
        "end": end,
        "inferred": bounds.inferred,
        "duration": event.duration.as_ref().map(|d| d.node.to_string()),
        "kind": kind_text(kb, event),
        "title": &*event.title,
        "actors": actors,
        "place": event.place.as_ref().map(|p| kb.str(p.id.node)),
        "tags": event.tags.iter().map(|t| kb.str(t.node)).collect::<Vec<_>>(),
        "sources": event.sources.iter().map(|s| kb.str(s.id.node)).collect::<Vec<_>>(),
        "location": kb.files().file_line(event.id.span),
    })
}
