//! The timeline: the events that pass a filter, in chronological order.

use serde::Serialize;

use crate::claims::{Position, positions};
use crate::kb::Kb;
use crate::model::Event;
use crate::query::filter::Filter;
use crate::time::bounds::{EventBounds, Key};

/// Returns the indices of the events passing `filter` in the one order of every listing
/// ([`EventBounds::order_key`], then id), using `bounds` (one per event, given or
/// inferred).
pub fn timeline(kb: &Kb, filter: &Filter, bounds: &[EventBounds]) -> Vec<u32> {
    let mut rows: Vec<(SortKey, u64, &str, u32)> = kb
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
            let id = kb.str(e.id.node);
            (b.order_key(), id_prefix(id), id, i as u32)
        })
        .collect();
    rows.sort_unstable();
    rows.into_iter().map(|row| row.3).collect()
}

/// The order of two events by their bounds (see [`EventBounds::order_key`]).
type SortKey = (bool, Key, Key);

/// The first eight bytes of an id as a number that orders as the bytes do, so that
/// events on the same day mostly sort without reading their ids (a million ids compared
/// byte by byte cost two seconds in cache misses); equal prefixes compare the ids.
fn id_prefix(id: &str) -> u64 {
    let mut bytes = [0u8; 8];
    let n = id.len().min(8);
    bytes[..n].copy_from_slice(&id.as_bytes()[..n]);
    u64::from_be_bytes(bytes)
}

/// One event of the timeline; its JSON form is an element of `timeline --format json`
/// and of the `events` of `export json`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Row<'k> {
    /// The event's id.
    pub id: &'k str,
    /// The date as written.
    pub date: Option<&'k str>,
    /// The date for people, when it differs from the date as written: a Julian date
    /// with its Gregorian days beside it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_shown: Option<String>,
    /// The earliest start, given or inferred.
    pub start: Option<String>,
    /// The latest end, given or inferred.
    pub end: Option<String>,
    /// The latest start, given or inferred (an event known only to start by some date
    /// has no `start` but has this).
    pub latest_start: Option<String>,
    /// The earliest end, given or inferred.
    pub earliest_end: Option<String>,
    /// True when inference narrowed the bounds beyond the date as written.
    pub inferred: bool,
    /// The duration as written (ISO 8601).
    pub duration: Option<String>,
    /// The event's kind (`event` when none is written).
    pub kind: &'k str,
    /// The title.
    pub title: &'k str,
    /// The participants, in the order written.
    pub actors: Vec<RowActor<'k>>,
    /// The place's id.
    pub place: Option<&'k str>,
    /// The tags.
    pub tags: Vec<&'k str>,
    /// The ids of the sources cited.
    pub sources: Vec<&'k str>,
    /// Where the event is defined, `file:line`.
    pub location: String,
    /// The status of the event itself (`stated` unless its occurrence is claimed).
    pub status: &'k str,
    /// Every position on whether the event happened.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub claims: Vec<Position<'k>>,
    /// The bounds the row was made from, for the human date of an undated event.
    #[serde(skip)]
    pub bounds: EventBounds,
    /// True when inference narrowed the written date's extent (its earliest start or
    /// latest end), so that people are shown the narrowed days too.
    #[serde(skip)]
    pub narrowed: bool,
}

/// One participant of a timeline row.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RowActor<'k> {
    /// The actor's id.
    pub id: &'k str,
    /// The role.
    pub role: &'k str,
    /// The claim status of the participation (`stated` when none is written).
    pub status: &'k str,
    /// True when the participation is a fact (its status is `stated`).
    #[serde(skip)]
    pub stated: bool,
    /// The actor's name, as outputs for people show it.
    #[serde(skip)]
    pub name: &'k str,
    /// Every position on the participation.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub claims: Vec<Position<'k>>,
}

impl<'k> Row<'k> {
    /// Returns the row of one event; `bounds` are its bounds, given or inferred.
    pub fn new(kb: &'k Kb, event: &'k Event, bounds: &EventBounds) -> Row<'k> {
        let actors = event
            .actors
            .iter()
            .map(|p| {
                let status = kb.vocab().headline(&p.claims);
                RowActor {
                    id: kb.str(p.actor.node),
                    role: kb.str(p.role.node),
                    status: kb.status_name(status),
                    stated: status.is_none(),
                    name: kb
                        .lookup(p.actor.node)
                        .map_or(kb.str(p.actor.node), |a| kb.label(a)),
                    claims: positions(kb, &p.claims, p.actor.span),
                }
            })
            .collect();
        Row {
            id: kb.str(event.id.node),
            date: event.date.as_ref().map(|d| &*d.node.text),
            date_shown: event
                .date
                .as_ref()
                .filter(|d| d.node.edtf.is_julian())
                .map(|d| d.node.display()),
            start: bounds.text(bounds.start.0),
            end: bounds.text(bounds.end.1),
            latest_start: bounds.text(bounds.start.1),
            earliest_end: bounds.text(bounds.end.0),
            inferred: bounds.inferred,
            duration: event.duration.as_ref().map(|d| d.node.to_string()),
            kind: kb.kind_name(event),
            title: &event.title,
            actors,
            place: event.place.as_ref().map(|p| kb.str(p.id.node)),
            tags: event.tags.iter().map(|t| kb.str(t.node)).collect(),
            sources: event.sources.iter().map(|s| kb.str(s.id.node)).collect(),
            location: kb.files().file_line(event.id.span),
            status: kb.status_name(kb.vocab().headline(event.positions())),
            claims: positions(kb, event.positions(), event.span),
            bounds: *bounds,
            narrowed: event.date.as_ref().is_some_and(|d| {
                (bounds.start.0, bounds.end.1) != (d.node.edtf.lower(), d.node.edtf.upper())
            }),
        }
    }
}

impl Row<'_> {
    /// Returns the date for people: as written (followed by the narrowed days when
    /// inference narrowed it: `2021-02 ≈2021-02-03..2021-02-28`), else the approximate
    /// extent of the inferred bounds (`≈2021-02-02..2021-02-28`), else `undated`.
    pub fn date_text(&self) -> String {
        match self.date {
            Some(written) => {
                let shown = self
                    .date_shown
                    .clone()
                    .unwrap_or_else(|| written.to_string());
                // A written date whose extent inference narrowed says so.
                if self.narrowed {
                    format!("{shown} {}", self.bounds.approx_text())
                } else {
                    shown
                }
            }
            None => self.bounds.approx_text(),
        }
    }
}

impl Row<'_> {
    /// Returns the title for people: followed by the positions in brackets when the
    /// event's occurrence is claimed (`Staged [alleged by Russia]`).
    pub fn title_text(&self) -> String {
        if self.status == crate::vocab::STATED {
            self.title.to_string()
        } else {
            let words: Vec<String> = self.claims.iter().map(Position::wording).collect();
            format!("{} [{}]", self.title, words.join("; "))
        }
    }
}

impl RowActor<'_> {
    /// Returns the actor for people by name, with its role and, unless the
    /// participation is stated, every position: `Alexander Petrov (participant;
    /// alleged by UK government; disputed by Russia)`.
    pub fn described(&self) -> String {
        if self.stated {
            format!("{} ({})", self.name, self.role)
        } else {
            let words: Vec<String> = self.claims.iter().map(Position::wording).collect();
            format!("{} ({}; {})", self.name, self.role, words.join("; "))
        }
    }

    /// Returns the participation for CSV: `id:role`, with `:status` unless stated.
    pub fn csv(&self) -> String {
        if self.stated {
            format!("{}:{}", self.id, self.role)
        } else {
            format!("{}:{}:{}", self.id, self.role, self.status)
        }
    }

    /// Returns the actor for people: its name, followed by the claim status in
    /// parentheses unless the participation is stated.
    pub fn label(&self) -> String {
        if self.stated {
            self.name.to_string()
        } else {
            format!("{} ({})", self.name, self.status)
        }
    }
}

/// Returns the rows of the events `indices` names (as [`timeline`] returns them), each
/// with its bounds from `bounds` (one per event), or the given ones when it has none.
pub fn rows<'k>(kb: &'k Kb, indices: &[u32], bounds: &[EventBounds]) -> Vec<Row<'k>> {
    row_iter(kb, indices, bounds).collect()
}

/// Returns the rows of [`rows`] one at a time, for writing them as they are made.
pub fn row_iter<'k, 'a>(
    kb: &'k Kb,
    indices: &'a [u32],
    bounds: &'a [EventBounds],
) -> impl Iterator<Item = Row<'k>> + 'a
where
    'k: 'a,
{
    indices.iter().map(move |&i| {
        let event = &kb.events()[i as usize];
        let b = bounds
            .get(i as usize)
            .copied()
            .unwrap_or_else(|| EventBounds::given(event));
        Row::new(kb, event, &b)
    })
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use super::*;

    #[test]
    fn a_row_has_its_defaults_and_its_contested_actors() {
        let text = r#"Chronicle(
    actors: [Actor(id: "ann", name: "Ann"), Actor(id: "bob", name: "Bob")],
    events: [Event(id: "talk", title: "Talk", actors: [("ann", speaker),
        ("bob", participant, Claim(status: alleged))])],
)
"#;
        let files = vec![(PathBuf::from("kb.ron"), "kb.ron".into(), text.into())];
        let (kb, diags) = crate::load::load_texts(Path::new("kb"), files);
        assert!(diags.iter().all(|d| !d.is_error()), "{diags:?}");
        let rows = rows(&kb, &[0], &[]);
        let row = &rows[0];
        assert_eq!(
            (row.kind, row.date, row.start.as_deref()),
            ("event", None, None)
        );
        assert_eq!(row.date_text(), "undated");
        let actors: Vec<String> = row.actors.iter().map(RowActor::label).collect();
        assert_eq!(actors, ["Ann", "Bob (alleged)"]);
        assert_eq!(row.actors[1].status, "alleged");
        let json = serde_json::to_value(row).expect("a row serialises");
        assert_eq!(json["actors"][0]["status"], "stated");
        assert!(json.get("bounds").is_none());
    }

    #[test]
    fn a_written_date_narrowed_by_inference_shows_the_narrowed_days() {
        let kb = crate::query::test_kb(
            r#"Chronicle(sources: [Source(id: "s", title: "S", date: "2030")], events: [
                Event(id: "hearing", title: "Hearing", date: "2021-02-10", sources: ["s"]),
                Event(id: "ruling", title: "Ruling", date: "2021-02", sources: ["s"]),
            ], relations: [Relation(from: "hearing", kind: before, to: "ruling")])"#,
        );
        let analysis = crate::analysis::Analysis::new(&kb, crate::vocab::ClaimView::Stated);
        let ruling = crate::query::test_event(&kb, "ruling");
        let rows = rows(&kb, &[ruling], analysis.bounds());
        assert_eq!(rows[0].date_text(), "2021-02 ≈2021-02-10..2021-02-28");
        assert_eq!(rows[0].start.as_deref(), Some("2021-02-10T00:00:01Z"));
        assert!(rows[0].inferred);
    }
}
