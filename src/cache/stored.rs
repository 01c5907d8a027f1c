//! The records the cache keeps, in rkyv's zero-copy form: one timeline row per event
//! with everything `timeline` prints and filters on, and the posting lists by actor.
//!
//! A row is stored as the typed answer (`query::timeline::Row`) with owned text, so the
//! cached answer is printed by the very code that prints an uncached one.

use rkyv::{Archive, Deserialize, Serialize};

use crate::claims::Position;
use crate::date::{Bound, Point};
use crate::query::timeline::{Row, RowActor};
use crate::time::bounds::EventBounds;

/// One event of the timeline, owned.
#[derive(Archive, Serialize, Deserialize, Debug)]
pub struct StoredRow {
    id: String,
    date: Option<String>,
    date_shown: Option<String>,
    inferred: bool,
    duration: Option<String>,
    kind: String,
    title: String,
    actors: Vec<StoredActor>,
    place: Option<String>,
    tags: Vec<String>,
    sources: Vec<String>,
    /// Where the event is defined: the file (an index into the header's paths) and
    /// the line; the bounds' texts are made again from `bounds`, as the row makes them.
    file: u32,
    line: u32,
    status: String,
    claims: Vec<StoredPosition>,
    bounds: [StoredBound; 4],
    local: bool,
    narrowed: bool,
    /// The claim statuses of the edges that touch the event (for `--status`).
    statuses: Vec<String>,
}

/// One participant of a row, owned.
#[derive(Archive, Serialize, Deserialize, Debug)]
struct StoredActor {
    id: String,
    role: String,
    status: String,
    stated: bool,
    name: String,
    claims: Vec<StoredPosition>,
}

/// One position on a claim, owned.
#[derive(Archive, Serialize, Deserialize, Debug)]
pub(super) struct StoredPosition {
    status: String,
    by: Vec<String>,
    by_names: Vec<String>,
    sources: Vec<String>,
    note: Option<String>,
    location: String,
}

/// One end of a bound range.
#[derive(Archive, Serialize, Deserialize, Debug, Clone, Copy)]
enum StoredBound {
    Open,
    Unknown,
    At { day: i64, second: Option<u32> },
}

/// The events of the timeline that involve one actor (as `--actor` selects them), by
/// their position in the stored timeline.
#[derive(Archive, Serialize, Deserialize, Debug)]
pub struct Posting {
    /// The actor's id.
    pub actor: String,
    /// Positions in the stored timeline, ascending.
    pub rows: Vec<u32>,
}

fn owned(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

impl StoredPosition {
    pub(super) fn new(p: &Position) -> StoredPosition {
        StoredPosition {
            status: p.status.to_string(),
            by: owned(&p.by),
            by_names: owned(&p.by_names),
            sources: owned(&p.sources),
            note: p.note.map(str::to_string),
            location: p.location.clone(),
        }
    }
}

impl StoredBound {
    fn new(bound: Bound) -> StoredBound {
        match bound {
            Bound::Open => StoredBound::Open,
            Bound::Unknown => StoredBound::Unknown,
            Bound::At(Point { day, second }) => StoredBound::At { day, second },
        }
    }
}

impl StoredRow {
    /// Returns the owned form of `row`, defined in file `file` (by index) at `line`;
    /// `statuses` are those of the edges touching it.
    pub fn new(row: &Row, file: u32, line: u32, statuses: Vec<String>) -> StoredRow {
        let b = &row.bounds;
        StoredRow {
            id: row.id.to_string(),
            date: row.date.map(str::to_string),
            date_shown: row.date_shown.clone(),
            inferred: row.inferred,
            duration: row.duration.clone(),
            kind: row.kind.to_string(),
            title: row.title.to_string(),
            actors: row
                .actors
                .iter()
                .map(|a| StoredActor {
                    id: a.id.to_string(),
                    role: a.role.to_string(),
                    status: a.status.to_string(),
                    stated: a.stated,
                    name: a.name.to_string(),
                    claims: a.claims.iter().map(StoredPosition::new).collect(),
                })
                .collect(),
            place: row.place.map(str::to_string),
            tags: owned(&row.tags),
            sources: owned(&row.sources),
            file,
            line,
            status: row.status.to_string(),
            claims: row.claims.iter().map(StoredPosition::new).collect(),
            bounds: [b.start.0, b.start.1, b.end.0, b.end.1].map(StoredBound::new),
            local: b.local,
            narrowed: row.narrowed,
            statuses,
        }
    }
}

pub(super) fn strs(list: &[rkyv::string::ArchivedString]) -> Vec<&str> {
    list.iter().map(|s| s.as_str()).collect()
}

pub(super) fn opt(
    text: &rkyv::option::ArchivedOption<rkyv::string::ArchivedString>,
) -> Option<&str> {
    text.as_ref().map(|s| s.as_str())
}

fn opt_owned(text: &rkyv::option::ArchivedOption<rkyv::string::ArchivedString>) -> Option<String> {
    opt(text).map(str::to_string)
}

impl ArchivedStoredPosition {
    pub(super) fn position(&self) -> Position<'_> {
        Position {
            status: self.status.as_str(),
            by: strs(&self.by),
            by_names: strs(&self.by_names),
            sources: strs(&self.sources),
            note: opt(&self.note),
            location: self.location.to_string(),
        }
    }
}

impl ArchivedStoredBound {
    fn bound(&self) -> Bound {
        match self {
            ArchivedStoredBound::Open => Bound::Open,
            ArchivedStoredBound::Unknown => Bound::Unknown,
            ArchivedStoredBound::At { day, second } => Bound::At(Point {
                day: day.to_native(),
                second: second.as_ref().map(|s| s.to_native()),
            }),
        }
    }
}

impl ArchivedStoredRow {
    /// Returns the event's bounds, given or inferred.
    pub fn bounds(&self) -> EventBounds {
        let [a, b, c, d] = &self.bounds;
        EventBounds {
            start: (a.bound(), b.bound()),
            end: (c.bound(), d.bound()),
            inferred: self.inferred,
            local: self.local,
        }
    }

    /// Returns the event's kind.
    pub fn kind(&self) -> &str {
        self.kind.as_str()
    }

    /// Returns true when the event carries one of `tags`.
    pub fn has_tag(&self, tags: &[&str]) -> bool {
        self.tags.iter().any(|t| tags.contains(&t.as_str()))
    }

    /// Returns true when an edge touching the event has one of `statuses`.
    pub fn has_status(&self, statuses: &[&str]) -> bool {
        self.statuses.iter().any(|s| statuses.contains(&s.as_str()))
    }

    /// Returns the row as the timeline's typed answer, borrowing the archived text;
    /// `paths` are the KB's files as the header lists them.
    pub fn row<'a>(&'a self, paths: &[&str]) -> Row<'a> {
        let bounds = self.bounds();
        let path = paths
            .get(self.file.to_native() as usize)
            .copied()
            .unwrap_or_default();
        Row {
            id: self.id.as_str(),
            date: opt(&self.date),
            date_shown: opt_owned(&self.date_shown),
            start: bounds.text(bounds.start.0),
            end: bounds.text(bounds.end.1),
            latest_start: bounds.text(bounds.start.1),
            earliest_end: bounds.text(bounds.end.0),
            inferred: self.inferred,
            duration: opt_owned(&self.duration),
            kind: self.kind.as_str(),
            title: self.title.as_str(),
            actors: self
                .actors
                .iter()
                .map(|a| RowActor {
                    id: a.id.as_str(),
                    role: a.role.as_str(),
                    status: a.status.as_str(),
                    stated: a.stated,
                    name: a.name.as_str(),
                    claims: a.claims.iter().map(|p| p.position()).collect(),
                })
                .collect(),
            place: opt(&self.place),
            tags: strs(&self.tags),
            sources: strs(&self.sources),
            location: format!("{path}:{}", self.line.to_native()),
            status: self.status.as_str(),
            claims: self.claims.iter().map(|p| p.position()).collect(),
            bounds,
            narrowed: self.narrowed,
        }
    }
}
