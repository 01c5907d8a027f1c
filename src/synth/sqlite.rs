//! The same KB for SQLite, for `scripts/bench-vs-sqlite`: one `.sql` script that the
//! `sqlite3` CLI runs to create and fill tables with indexes. Events carry the columns of
//! `timeline --format csv` (bounds given or inferred, as annals computes them) and their
//! place in the one order of SPEC §4, so a query on SQLite can give annals' answer row
//! for row.

use std::io::{self, Write};

use crate::export::parquet::{lower_seconds, upper_seconds};
use crate::kb::Kb;
use crate::query::timeline::Row;
use crate::time::bounds::EventBounds;

/// Rows per `INSERT` statement.
const ROWS_PER_INSERT: usize = 500;

/// The tables, then (after the rows, which load faster without them) the indexes.
const SCHEMA: &str = "PRAGMA synchronous = OFF;
BEGIN;
CREATE TABLE events (id TEXT PRIMARY KEY, ordinal INTEGER NOT NULL, date TEXT, start TEXT,
  \"end\" TEXT, inferred TEXT NOT NULL, duration TEXT, kind TEXT NOT NULL, title TEXT NOT NULL,
  place TEXT, tags TEXT NOT NULL, sources TEXT NOT NULL, status TEXT NOT NULL,
  start_earliest_s INTEGER, start_latest_s INTEGER, end_earliest_s INTEGER, end_latest_s INTEGER,
  file TEXT NOT NULL, line INTEGER NOT NULL);
CREATE TABLE actors (id TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL);
CREATE TABLE places (id TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL);
CREATE TABLE sources (id TEXT PRIMARY KEY, title TEXT NOT NULL, date TEXT);
CREATE TABLE participations (event TEXT NOT NULL, actor TEXT NOT NULL, role TEXT NOT NULL,
  position INTEGER NOT NULL, status TEXT NOT NULL);
CREATE TABLE relations (from_id TEXT NOT NULL, kind TEXT NOT NULL, to_id TEXT NOT NULL,
  gap TEXT, status TEXT NOT NULL);
";

const INDEXES: &str = "CREATE INDEX events_ordinal ON events (ordinal);
CREATE INDEX participations_actor ON participations (actor);
CREATE INDEX participations_event ON participations (event, position);
CREATE INDEX relations_from ON relations (from_id);
CREATE INDEX relations_to ON relations (to_id);
COMMIT;
";

/// Returns `text` as an SQL string literal.
fn quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// Returns an optional value as an SQL literal (`NULL` when absent).
fn opt(text: Option<&str>) -> String {
    text.map_or_else(|| "NULL".to_string(), quote)
}

fn int(value: Option<i64>) -> String {
    value.map_or_else(|| "NULL".to_string(), |v| v.to_string())
}

/// Writes `INSERT INTO table VALUES …;` statements of `ROWS_PER_INSERT` rows each.
fn inserts(out: &mut dyn Write, table: &str, rows: impl Iterator<Item = String>) -> io::Result<()> {
    let mut n = 0;
    for row in rows {
        if n % ROWS_PER_INSERT == 0 {
            if n > 0 {
                out.write_all(b";\n")?;
            }
            write!(out, "INSERT INTO {table} VALUES\n({row})")?;
        } else {
            write!(out, ",\n({row})")?;
        }
        n += 1;
    }
    if n > 0 {
        out.write_all(b";\n")?;
    }
    Ok(())
}

/// Writes the KB as an SQL script: `order` is every event in timeline order (as
/// [`crate::query::timeline::timeline`] returns it), `bounds` one per event.
pub fn write_sql(
    kb: &Kb,
    bounds: &[EventBounds],
    order: &[u32],
    out: &mut dyn Write,
) -> io::Result<()> {
    out.write_all(SCHEMA.as_bytes())?;
    let events = order.iter().enumerate().map(|(ordinal, &i)| {
        let event = &kb.events()[i as usize];
        let b = bounds
            .get(i as usize)
            .copied()
            .unwrap_or_else(|| EventBounds::given(event));
        let row = Row::new(kb, event, &b);
        let span = event.id.span;
        let file = kb.files().get(span.file);
        let line = file.line_index(span.start as usize) + 1;
        [
            quote(row.id),
            ordinal.to_string(),
            opt(row.date),
            opt(row.start.as_deref()),
            opt(row.end.as_deref()),
            quote(&row.inferred.to_string()),
            opt(row.duration.as_deref()),
            quote(row.kind),
            quote(row.title),
            opt(row.place),
            quote(&row.tags.join(" ")),
            quote(&row.sources.join(" ")),
            quote(row.status),
            int(lower_seconds(b.start.0)),
            int(upper_seconds(b.start.1)),
            int(lower_seconds(b.end.0)),
            int(upper_seconds(b.end.1)),
            quote(&file.relative),
            line.to_string(),
        ]
        .join(",")
    });
    inserts(out, "events", events)?;
    let actors = kb.actors().iter().map(|a| {
        format!(
            "{},{},{}",
            quote(kb.str(a.id.node)),
            quote(&a.name),
            quote(kb.kind_name(a))
        )
    });
    inserts(out, "actors", actors)?;
    let places = kb.places().iter().map(|p| {
        format!(
            "{},{},{}",
            quote(kb.str(p.id.node)),
            quote(&p.name),
            quote(kb.kind_name(p))
        )
    });
    inserts(out, "places", places)?;
    let sources = kb.sources().iter().map(|s| {
        format!(
            "{},{},{}",
            quote(kb.str(s.id.node)),
            quote(&s.title),
            opt(s.date.as_ref().map(|d| &*d.node.text))
        )
    });
    inserts(out, "sources", sources)?;
    let participations = kb.events().iter().flat_map(|e| {
        e.actors.iter().enumerate().map(move |(i, p)| {
            format!(
                "{},{},{},{i},{}",
                quote(kb.str(e.id.node)),
                quote(kb.str(p.actor.node)),
                quote(kb.str(p.role.node)),
                quote(kb.status_name(kb.vocab().headline(&p.claims)))
            )
        })
    });
    inserts(out, "participations", participations)?;
    let relations = kb.relations().iter().map(|r| {
        let gap = r.gap.as_deref().map(|gap| match gap {
            crate::model::Gap::Exact(p) => p.node.to_string(),
            crate::model::Gap::Range(a, b) => format!("{}..{}", a.node, b.node),
        });
        format!(
            "{},{},{},{},{}",
            quote(kb.str(r.from.node)),
            quote(kb.str(r.kind.node)),
            quote(kb.str(r.to.node)),
            opt(gap.as_deref()),
            quote(kb.status_name(kb.vocab().headline(r.positions())))
        )
    });
    inserts(out, "relations", relations)?;
    out.write_all(INDEXES.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_are_doubled_and_inserts_are_batched() {
        assert_eq!(quote("O'Brien"), "'O''Brien'");
        let mut out = Vec::new();
        inserts(&mut out, "t", (0..3).map(|i| i.to_string())).expect("written");
        assert_eq!(
            String::from_utf8(out).expect("UTF-8"),
            "INSERT INTO t VALUES\n(0),\n(1),\n(2);\n"
        );
    }
}
