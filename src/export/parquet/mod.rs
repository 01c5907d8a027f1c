//! `export parquet`: the selection as Parquet tables in one directory, for DuckDB on
//! one machine and Spark, Trino or BigQuery beyond: `events` partitioned by year in
//! Hive style (`events/year=2021/part-0.parquet`), and `actors`, `places`, `sources`,
//! `participations`, `relations`, `citations` and `claims`, each in `TABLE/part-0.parquet`.
//!
//! Rows are written in record batches of [`BATCH_ROWS`] and row groups of
//! [`ROW_GROUP_ROWS`], so memory stays bounded whatever the KB's size. The export is
//! written into a hidden directory beside the tables and moved into place when whole,
//! so a failed export leaves the previous one as it was.

mod columns;
mod tables;

use std::collections::BTreeMap;
use std::fs::File;
use std::path::{Path, PathBuf};

use arrow_schema::ArrowError;
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::errors::ParquetError;
use parquet::file::properties::WriterProperties;

use crate::export::Selection;
use crate::graph::Graph;
use crate::kb::{Entity, Kb};
use crate::time::bounds::EventBounds;
use tables::{
    About, Actors, Citations, Claims, Events, Participations, Places, Relations, Sources, Table,
};

pub use columns::{event_year, lower_seconds, timestamp_micros, upper_seconds};

/// The tables of an export, in the order they are listed.
pub const TABLES: [&str; 8] = [
    "events",
    "actors",
    "places",
    "sources",
    "participations",
    "relations",
    "citations",
    "claims",
];

/// The file that marks a directory as an annals Parquet export (readers skip names
/// starting with `_`); a later export may replace the tables of such a directory.
pub const MARKER: &str = "_annals_export.json";

/// The partition of events with no known start: Hive's name for a null partition
/// value, which DuckDB, Spark and Trino read as NULL.
pub const UNKNOWN_YEAR: &str = "__HIVE_DEFAULT_PARTITION__";

/// The `format` the marker names.
const FORMAT: &str = "annals parquet export";

/// Rows per record batch.
const BATCH_ROWS: usize = 8192;

/// Rows per row group (the unit a reader skips by its statistics).
const ROW_GROUP_ROWS: usize = 65_536;

/// Hidden work directories start with this, followed by the process id.
const WORK_PREFIX: &str = ".annals-export-";

/// Why an export could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The output exists and is not a directory.
    #[error("`{0}` exists and is not a directory")]
    NotADirectory(PathBuf),
    /// The output directory holds files that no annals export wrote.
    #[error("`{0}` is not empty and holds no earlier `annals export parquet` (no `{MARKER}`)")]
    NotEmpty(PathBuf),
    /// Reading or writing the file system failed.
    #[error("cannot write `{path}`: {source}")]
    Io {
        /// The path.
        path: PathBuf,
        /// The failure.
        source: std::io::Error,
    },
    /// The Parquet writer failed.
    #[error("cannot write `{path}`: {source}")]
    Parquet {
        /// The file.
        path: PathBuf,
        /// The failure.
        source: ParquetError,
    },
    /// A batch could not be built (a bug).
    #[error("cannot build a record batch: {0}")]
    Arrow(#[from] ArrowError),
}

impl ExportError {
    /// Returns a hint for the user, when there is one.
    pub fn help(&self) -> Option<&'static str> {
        match self {
            ExportError::NotEmpty(_) => Some(
                "give a new or empty directory; a directory of an earlier export is replaced table by table",
            ),
            _ => None,
        }
    }
}

fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> ExportError + '_ {
    move |source| ExportError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// What an export wrote.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// Rows per table, in [`TABLES`] order.
    pub rows: [u64; 8],
    /// The `year=` partitions of `events`.
    pub partitions: usize,
    /// Parquet files written.
    pub files: usize,
}

/// Writes the selection into `dir` (created when missing). A directory that is not
/// empty is accepted only when it holds an earlier export's [`MARKER`]; its tables are
/// then replaced and anything else in it is left alone.
pub fn write(
    kb: &Kb,
    graph: &Graph,
    selection: &Selection,
    bounds: &[EventBounds],
    dir: &Path,
) -> Result<Summary, ExportError> {
    let work = prepare(dir)?;
    let written = write_tables(kb, graph, selection, bounds, &work);
    let summary = match written {
        Ok(summary) => summary,
        Err(err) => {
            let _ = std::fs::remove_dir_all(&work);
            return Err(err);
        }
    };
    commit(dir, &work, &summary)?;
    Ok(summary)
}

/// Checks the output directory and returns a fresh hidden work directory inside it.
fn prepare(dir: &Path) -> Result<PathBuf, ExportError> {
    match std::fs::metadata(dir) {
        Ok(meta) if !meta.is_dir() => return Err(ExportError::NotADirectory(dir.to_path_buf())),
        Ok(_) => {
            let entries = std::fs::read_dir(dir).map_err(io_error(dir))?;
            let mut names = Vec::new();
            for entry in entries {
                let entry = entry.map_err(io_error(dir))?;
                names.push(entry.file_name().to_string_lossy().into_owned());
            }
            let foreign = names.iter().any(|n| !n.starts_with(WORK_PREFIX));
            if foreign && !is_export(&dir.join(MARKER)) {
                return Err(ExportError::NotEmpty(dir.to_path_buf()));
            }
        }
        Err(_) => std::fs::create_dir_all(dir).map_err(io_error(dir))?,
    }
    let work = dir.join(format!("{WORK_PREFIX}{}", std::process::id()));
    if work.exists() {
        std::fs::remove_dir_all(&work).map_err(io_error(&work))?;
    }
    std::fs::create_dir(&work).map_err(io_error(&work))?;
    Ok(work)
}

/// Returns true when `marker` is the marker of an annals export.
fn is_export(marker: &Path) -> bool {
    std::fs::read(marker)
        .ok()
        .and_then(|bytes| serde_json::from_slice::<serde_json::Value>(&bytes).ok())
        .is_some_and(|v| v.get("format").and_then(|f| f.as_str()) == Some(FORMAT))
}

/// Moves the tables of `work` into `dir`, replacing earlier ones, then the marker.
fn commit(dir: &Path, work: &Path, summary: &Summary) -> Result<(), ExportError> {
    for table in TABLES {
        let old = dir.join(table);
        if std::fs::symlink_metadata(&old).is_ok() {
            std::fs::remove_dir_all(&old).map_err(io_error(&old))?;
        }
        std::fs::rename(work.join(table), &old).map_err(io_error(&old))?;
    }
    let mut tables = serde_json::Map::new();
    for (table, rows) in TABLES.iter().zip(summary.rows) {
        tables.insert((*table).into(), rows.into());
    }
    let marker = serde_json::json!({
        "format": FORMAT,
        "version": 1,
        "annals": env!("CARGO_PKG_VERSION"),
        "rows": tables,
        "partitioned": {"events": "year"},
    });
    let text = serde_json::to_string_pretty(&marker).unwrap_or_default() + "\n";
    let staged = work.join(MARKER);
    std::fs::write(&staged, text).map_err(io_error(&staged))?;
    std::fs::rename(&staged, dir.join(MARKER)).map_err(io_error(dir))?;
    // This run's work directory, and any left by an export that was killed.
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            if entry.file_name().to_string_lossy().starts_with(WORK_PREFIX) {
                let _ = std::fs::remove_dir_all(entry.path());
            }
        }
    }
    Ok(())
}

/// One Parquet file, opened at its first batch.
struct Sink {
    path: PathBuf,
    writer: Option<ArrowWriter<File>>,
}

impl Sink {
    fn new(path: PathBuf) -> Sink {
        Sink { path, writer: None }
    }

    fn write(&mut self, batch: &arrow_array::RecordBatch) -> Result<(), ExportError> {
        let parquet = |source| ExportError::Parquet {
            path: self.path.clone(),
            source,
        };
        let writer = match &mut self.writer {
            Some(writer) => writer,
            None => {
                if let Some(parent) = self.path.parent() {
                    std::fs::create_dir_all(parent).map_err(io_error(parent))?;
                }
                let file = File::create(&self.path).map_err(io_error(&self.path))?;
                let props = WriterProperties::builder()
                    .set_compression(Compression::SNAPPY)
                    .set_max_row_group_row_count(Some(ROW_GROUP_ROWS))
                    .build();
                let writer =
                    ArrowWriter::try_new(file, batch.schema(), Some(props)).map_err(parquet)?;
                self.writer.insert(writer)
            }
        };
        writer.write(batch).map_err(|source| ExportError::Parquet {
            path: self.path.clone(),
            source,
        })
    }
}

/// A table being written to one file.
struct Writer<T: Table> {
    table: T,
    sink: Sink,
    rows: u64,
}

impl<T: Table> Writer<T> {
    fn new(path: PathBuf) -> Writer<T> {
        Writer {
            table: T::default(),
            sink: Sink::new(path),
            rows: 0,
        }
    }

    /// Writes the rows so far once they make a batch.
    fn flush_full(&mut self) -> Result<(), ExportError> {
        if self.table.len() >= BATCH_ROWS {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<(), ExportError> {
        let batch = self.table.finish()?;
        self.rows += batch.num_rows() as u64;
        self.sink.write(&batch)
    }

    /// Writes the last rows (an empty table still gets a file with its schema) and
    /// closes the file; returns the rows written.
    fn close(mut self) -> Result<u64, ExportError> {
        if self.table.len() > 0 || self.sink.writer.is_none() {
            self.flush()?;
        }
        if let Some(writer) = self.sink.writer.take() {
            writer.close().map_err(|source| ExportError::Parquet {
                path: self.sink.path.clone(),
                source,
            })?;
        }
        Ok(self.rows)
    }
}

/// The events, one file per run of a year. Events come in timeline order, where the
/// year never decreases (those of unknown year aside), so one year's file is open at a
/// time, beside the file of unknown years.
struct Partitions {
    files: PartFiles,
    current: Option<(i64, Writer<Events>)>,
    unknown: Option<Writer<Events>>,
    rows: u64,
}

/// Names the files of the `year=` partitions.
struct PartFiles {
    root: PathBuf,
    /// Files opened so far per partition.
    parts: BTreeMap<Option<i64>, usize>,
    count: usize,
}

impl PartFiles {
    fn open(&mut self, year: Option<i64>) -> Writer<Events> {
        let part = self.parts.entry(year).or_insert(0);
        let name = year.map_or_else(|| UNKNOWN_YEAR.to_string(), |y| y.to_string());
        let path = self
            .root
            .join(format!("year={name}"))
            .join(format!("part-{part}.parquet"));
        *part += 1;
        self.count += 1;
        Writer::new(path)
    }
}

impl Partitions {
    fn new(root: PathBuf) -> Partitions {
        Partitions {
            files: PartFiles {
                root,
                parts: BTreeMap::new(),
                count: 0,
            },
            current: None,
            unknown: None,
            rows: 0,
        }
    }

    fn writer(&mut self, year: Option<i64>) -> Result<&mut Writer<Events>, ExportError> {
        let files = &mut self.files;
        let Some(year) = year else {
            return Ok(self.unknown.get_or_insert_with(|| files.open(None)));
        };
        if self.current.as_ref().is_some_and(|(y, _)| *y != year)
            && let Some((_, done)) = self.current.take()
        {
            self.rows += done.close()?;
        }
        let (_, writer) = self
            .current
            .get_or_insert_with(|| (year, files.open(Some(year))));
        Ok(writer)
    }

    fn push(
        &mut self,
        kb: &Kb,
        event: &crate::model::Event,
        bounds: &EventBounds,
        ordinal: usize,
    ) -> Result<(), ExportError> {
        let writer = self.writer(event_year(bounds))?;
        writer.table.push(kb, event, bounds, ordinal)?;
        writer.flush_full()
    }

    /// Closes the open files; returns the rows, the partitions and the files.
    fn close(mut self) -> Result<(u64, usize, usize), ExportError> {
        if let Some((_, done)) = self.current.take() {
            self.rows += done.close()?;
        }
        if let Some(done) = self.unknown.take() {
            self.rows += done.close()?;
        }
        if self.files.count == 0 {
            // No event: one empty file keeps the table's schema readable.
            self.rows += self.files.open(None).close()?;
        }
        Ok((self.rows, self.files.parts.len(), self.files.count))
    }
}

/// Which entities the selection holds.
struct Keep {
    entities: std::collections::HashSet<Entity>,
}

impl Keep {
    fn of(graph: &Graph, selection: &Selection) -> Keep {
        let mut entities: std::collections::HashSet<Entity> =
            selection.nodes.iter().map(|&n| graph.entity(n)).collect();
        entities.extend(selection.events.iter().map(|&i| Entity::Event(i)));
        Keep { entities }
    }

    fn has(&self, kb: &Kb, id: crate::model::Sym) -> bool {
        kb.lookup(id).is_some_and(|e| self.entities.contains(&e))
    }
}

/// The tables other than `events`, each in its one file.
struct Others {
    actors: Writer<Actors>,
    places: Writer<Places>,
    sources: Writer<Sources>,
    participations: Writer<Participations>,
    relations: Writer<Relations>,
    citations: Writer<Citations>,
    claims: Writer<Claims>,
}

impl Others {
    fn new(work: &Path) -> Others {
        let file = |table: &str| work.join(table).join("part-0.parquet");
        Others {
            actors: Writer::new(file("actors")),
            places: Writer::new(file("places")),
            sources: Writer::new(file("sources")),
            participations: Writer::new(file("participations")),
            relations: Writer::new(file("relations")),
            citations: Writer::new(file("citations")),
            claims: Writer::new(file("claims")),
        }
    }

    /// Writes what hangs off one event: participations, citations and every claim.
    fn event(&mut self, kb: &Kb, event: &crate::model::Event) -> Result<(), ExportError> {
        let id = kb.str(event.id.node);
        self.participations.table.push(kb, event);
        self.citations.table.push(kb, id, "event", &event.sources);
        let own = About {
            about: "event",
            from_id: id,
            kind: None,
            to_id: None,
            span: event.span,
        };
        self.claims.table.push(kb, own, event.positions());
        for p in &event.actors {
            let about = About {
                about: "participation",
                from_id: kb.str(p.actor.node),
                kind: Some(kb.str(p.role.node)),
                to_id: Some(id),
                span: p.actor.span,
            };
            self.claims.table.push(kb, about, &p.claims);
        }
        if let Some(place) = &event.place {
            let about = About {
                about: "place_of",
                from_id: id,
                kind: Some("at"),
                to_id: Some(kb.str(place.id.node)),
                span: place.id.span,
            };
            self.claims.table.push(kb, about, &place.claims);
        }
        self.citation_claims(kb, id, &event.sources);
        self.flush_full()
    }

    fn citation_claims(&mut self, kb: &Kb, id: &str, cites: &[crate::model::Ref]) {
        for r in cites {
            let about = About {
                about: "citation",
                from_id: id,
                kind: Some("cites"),
                to_id: Some(kb.str(r.id.node)),
                span: r.id.span,
            };
            self.claims.table.push(kb, about, &r.claims);
        }
    }

    /// Writes an actor, place or source with its citations and claims.
    fn entity(&mut self, kb: &Kb, entity: Entity) -> Result<(), ExportError> {
        let id = kb.id_str(entity);
        let own = |about| About {
            about,
            from_id: id,
            kind: None,
            to_id: None,
            span: kb.record_span(entity),
        };
        match entity {
            Entity::Actor(i) => {
                let actor = &kb.actors()[i as usize];
                self.actors.table.push(kb, actor)?;
                self.citations.table.push(kb, id, "actor", &actor.sources);
                self.claims.table.push(kb, own("actor"), actor.positions());
                self.citation_claims(kb, id, &actor.sources);
            }
            Entity::Place(i) => {
                let place = &kb.places()[i as usize];
                self.places.table.push(kb, place)?;
                self.citations.table.push(kb, id, "place", &place.sources);
                self.claims.table.push(kb, own("place"), place.positions());
                if let Some(within) = &place.within {
                    let about = About {
                        about: "within",
                        from_id: id,
                        kind: Some("within"),
                        to_id: Some(kb.str(within.id.node)),
                        span: within.id.span,
                    };
                    self.claims.table.push(kb, about, &within.claims);
                }
                self.citation_claims(kb, id, &place.sources);
            }
            Entity::Source(i) => {
                let source = &kb.sources()[i as usize];
                self.sources.table.push(kb, source)?;
                self.claims
                    .table
                    .push(kb, own("source"), source.positions());
            }
            Entity::Event(_) => {}
        }
        self.flush_full()
    }

    fn relation(&mut self, kb: &Kb, relation: &crate::model::Relation) -> Result<(), ExportError> {
        self.relations.table.push(kb, relation);
        let about = About {
            about: "relation",
            from_id: kb.str(relation.from.node),
            kind: Some(kb.str(relation.kind.node)),
            to_id: Some(kb.str(relation.to.node)),
            span: relation.span,
        };
        self.claims.table.push(kb, about, relation.positions());
        self.flush_full()
    }

    fn flush_full(&mut self) -> Result<(), ExportError> {
        self.actors.flush_full()?;
        self.places.flush_full()?;
        self.sources.flush_full()?;
        self.participations.flush_full()?;
        self.relations.flush_full()?;
        self.citations.flush_full()?;
        self.claims.flush_full()
    }

    /// Closes every file; returns the rows of each table after `events`.
    fn close(self) -> Result<[u64; 7], ExportError> {
        Ok([
            self.actors.close()?,
            self.places.close()?,
            self.sources.close()?,
            self.participations.close()?,
            self.relations.close()?,
            self.citations.close()?,
            self.claims.close()?,
        ])
    }
}

/// Writes every table of the selection under `work`.
fn write_tables(
    kb: &Kb,
    graph: &Graph,
    selection: &Selection,
    bounds: &[EventBounds],
    work: &Path,
) -> Result<Summary, ExportError> {
    let keep = Keep::of(graph, selection);
    let mut events = Partitions::new(work.join("events"));
    let mut others = Others::new(work);
    for (ordinal, &i) in selection.events.iter().enumerate() {
        let event = &kb.events()[i as usize];
        let b = bounds
            .get(i as usize)
            .copied()
            .unwrap_or_else(|| EventBounds::given(event));
        events.push(kb, event, &b, ordinal)?;
        others.event(kb, event)?;
    }
    let mut entities: Vec<Entity> = keep
        .entities
        .iter()
        .copied()
        .filter(|e| !matches!(e, Entity::Event(_)))
        .collect();
    entities.sort_unstable();
    for entity in entities {
        others.entity(kb, entity)?;
    }
    for relation in kb.relations() {
        if keep.has(kb, relation.from.node) && keep.has(kb, relation.to.node) {
            others.relation(kb, relation)?;
        }
    }
    let (event_rows, partitions, event_files) = events.close()?;
    let rest = others.close()?;
    let mut rows = [event_rows; 8];
    rows[1..].copy_from_slice(&rest);
    Ok(Summary {
        rows,
        partitions,
        files: event_files + rest.len(),
    })
}
