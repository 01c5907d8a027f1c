//! The compiled cache (SPEC §8): the checked KB's answers kept in a file outside the
//! KB, so that a command on an unchanged KB reads a few blocks instead of parsing,
//! checking and solving everything again.
//!
//! What is kept: the `check` report, the `stats` answer, and every event's timeline row
//! in the order of §4 with what `timeline`'s filters test, plus a posting list per
//! actor. A cached answer is printed by the same code as an uncached one, from the same
//! typed rows; whatever the cache cannot answer exactly (an unknown id, `--around`, a
//! claim view other than the default) is answered by a full load.
//!
//! Freshness: the cache records each file's size, mtime and ctime in nanoseconds, inode
//! and content hash, and the time the load began. A file whose stamp differs, or a file
//! added, removed or renamed, makes the cache stale. A file whose mtime lies within
//! [`RACY_NS`] of that time is hashed again on every use, because a second edit in the
//! same clock tick can leave size and times unchanged ("racy git").

pub mod file;
pub mod shown;
pub mod stored;

use std::fs::{self, File};
use std::io;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use lasso::Key as _;
use petgraph::visit::EdgeRef;
use rkyv::rancor::Error as RkyvError;
use rkyv::util::AlignedVec;
use rkyv::{Archive, Deserialize, Serialize};

use crate::analysis::Analysis;
use crate::kb::{Entity, Kb};
use crate::load::find_files;
use crate::model::Sym;
use crate::query::filter::Filter;
use crate::query::timeline;
use crate::time::bounds::Key;

use file::{BlockRef, Unusable, block_ref, hash, read_block, read_header};
use stored::{ArchivedPosting, ArchivedStoredRow, Posting, StoredRow};

/// The version of what the cache holds; a change of layout or meaning bumps it.
const FORMAT: u32 = 5;

/// Rows per block: a block is read and validated whole when one of its rows is needed,
/// so blocks are small (about 40 KB): an actor's twenty events touch twenty blocks.
const ROWS_PER_BLOCK: usize = 64;

/// Actors per posting block.
const ACTORS_PER_BLOCK: usize = 1024;

/// A file modified this close to (or after) the start of the load that filled the
/// cache is hashed again on every use: file times are taken from a coarse clock, and
/// some file systems keep whole seconds only.
pub const RACY_NS: i64 = 2_000_000_000;

/// What one file of the KB looked like when the cache was filled.
#[derive(Archive, Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct FileStamp {
    relative: String,
    size: u64,
    mtime_ns: i64,
    ctime_ns: i64,
    inode: u64,
    /// The xxh3-64 of the bytes the load read (0 until they are known).
    hash: u64,
}

/// The first actor id of a posting block.
#[derive(Archive, Serialize, Deserialize, Debug)]
struct Fence {
    first: String,
    block: BlockRef,
}

/// What `check` reported on the KB, for the run that finds the cache fresh.
#[derive(Archive, Serialize, Deserialize, Debug, Clone, Default)]
pub struct Report {
    /// Files, actors, places, sources, events, relations.
    pub counts: [u64; 6],
    /// Errors found (a cache is only filled when there are none).
    pub errors: u64,
    /// Warnings found.
    pub warnings: u64,
    /// The human report without colour: the first diagnostics of each code and the
    /// counts of the rest, as `check` prints them before its summary.
    pub text: String,
}

/// The `stats` answer in each output format.
#[derive(Archive, Serialize, Deserialize, Debug, Clone, Default)]
pub struct StatsTexts {
    /// `--format table`.
    pub table: String,
    /// `--format md`.
    pub md: String,
    /// `--format csv`.
    pub csv: String,
    /// `--format json`.
    pub json: String,
}

/// The answers computed by the command line for the cache to keep.
#[derive(Debug, Clone, Default)]
pub struct Prepared {
    /// The `check` report.
    pub report: Report,
    /// The `stats` answer.
    pub stats: StatsTexts,
    /// Dates too far from 1970 to reason with (the warning `timeline` prints).
    pub far_dates: u64,
}

/// The header of a cache file.
#[derive(Archive, Serialize, Deserialize, Debug)]
struct Header {
    format: u32,
    binary: u64,
    data: String,
    written_ns: i64,
    files: Vec<FileStamp>,
    /// The files' paths as answers name them (the KB directory as given, joined).
    paths: Vec<String>,
    report: Report,
    stats: StatsTexts,
    far_dates: u64,
    kinds: Vec<String>,
    statuses: Vec<String>,
    tags: Vec<String>,
    row_count: u64,
    rows: Vec<BlockRef>,
    actors: Vec<Fence>,
    /// Where `show`'s answers are.
    shown: shown::ShownIndex,
}

/// Where the cache of one KB lives, and what its files looked like before a load.
#[derive(Debug)]
pub struct Slot {
    path: PathBuf,
    data: String,
    root: PathBuf,
}

/// Returns the cache directory: `ANNALS_CACHE_DIR`, else `$XDG_CACHE_HOME/annals`, else
/// `~/.cache/annals`.
pub fn directory() -> Option<PathBuf> {
    let var = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
    if let Some(dir) = var("ANNALS_CACHE_DIR") {
        return Some(PathBuf::from(dir));
    }
    if let Some(dir) = var("XDG_CACHE_HOME") {
        return Some(PathBuf::from(dir).join("annals"));
    }
    var("HOME").map(|home| PathBuf::from(home).join(".cache/annals"))
}

/// Identifies the running binary: a rebuilt annals never trusts an older one's cache.
fn binary_identity() -> u64 {
    let mut text = format!("{} {FORMAT}", env!("CARGO_PKG_VERSION"));
    if let Ok(meta) = std::env::current_exe().and_then(fs::metadata) {
        text.push_str(&format!(
            " {} {} {}",
            meta.len(),
            nanos(&meta).0,
            meta.ino()
        ));
    }
    hash(text.as_bytes())
}

/// Returns a file's mtime and ctime in nanoseconds since 1970.
fn nanos(meta: &fs::Metadata) -> (i64, i64) {
    (
        meta.mtime() * 1_000_000_000 + meta.mtime_nsec(),
        meta.ctime() * 1_000_000_000 + meta.ctime_nsec(),
    )
}

fn now_ns() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as i64)
}

impl Slot {
    /// Returns the cache slot of the KB at `data` (as given on the command line: the
    /// answers name files by that path), or `None` when there is no cache directory.
    pub fn of(data: &Path) -> Option<Slot> {
        let dir = directory()?;
        let root = data.canonicalize().ok()?;
        let key = format!("{}\0{}", root.display(), data.display());
        let name = format!("kb-{:016x}.annals-cache", hash(key.as_bytes()));
        Some(Slot {
            path: dir.join(name),
            data: data.display().to_string(),
            root: data.to_path_buf(),
        })
    }

    /// Returns the cache file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Takes the stamps of the KB's files before a load reads them, so that an edit
    /// made while it reads is seen by the next run.
    pub fn stamps(&self) -> Option<Stamps> {
        let written_ns = now_ns();
        let mut files = Vec::new();
        for (path, relative) in find_files(&self.root).ok()? {
            let meta = fs::metadata(&path).ok()?;
            if !meta.is_file() {
                return None;
            }
            let (mtime_ns, ctime_ns) = nanos(&meta);
            files.push(FileStamp {
                relative,
                size: meta.len(),
                mtime_ns,
                ctime_ns,
                inode: meta.ino(),
                hash: 0,
            });
        }
        Some(Stamps { written_ns, files })
    }

    /// Opens the cache when it was written by this binary for this KB and every file
    /// is as it was then; `None` otherwise (missing, stale, foreign or damaged).
    pub fn open(&self) -> Option<Snapshot> {
        let file = File::open(&self.path).ok()?;
        let header = read_header(&file).ok()?;
        let h = rkyv::access::<ArchivedHeader, RkyvError>(&header).ok()?;
        if h.format.to_native() != FORMAT
            || h.binary.to_native() != binary_identity()
            || h.data.as_str() != self.data
            || !self.is_fresh(h)
        {
            return None;
        }
        Some(Snapshot {
            file,
            header,
            path: self.path.clone(),
        })
    }

    /// Returns true when the KB's files are those the cache was filled from.
    fn is_fresh(&self, h: &ArchivedHeader) -> bool {
        let Ok(found) = find_files(&self.root) else {
            return false;
        };
        if found.len() != h.files.len() {
            return false;
        }
        let written_ns = h.written_ns.to_native();
        found
            .iter()
            .zip(h.files.iter())
            .all(|((path, relative), stamp)| unchanged(path, relative, stamp, written_ns))
    }

    /// Writes the cache of a checked KB; `stamps` were taken before it was loaded.
    ///
    /// The file is written beside its final name and renamed into place, so that a
    /// reader sees the old cache or the new one, and two runs filling it at once
    /// leave one whole file.
    pub fn fill(
        &self,
        mut stamps: Stamps,
        kb: &Kb,
        analysis: &Analysis,
        prepared: Prepared,
    ) -> io::Result<()> {
        // The stamps must name the files the load read, with the bytes it read.
        let files = kb.files();
        if files.len() != stamps.files.len() {
            return Ok(());
        }
        for (i, stamp) in stamps.files.iter_mut().enumerate() {
            let source = files.get(crate::source::FileId(i as u32));
            if source.relative != stamp.relative || source.text.len() as u64 != stamp.size {
                return Ok(());
            }
            stamp.hash = hash(source.text.as_bytes());
        }
        let dir = self.path.parent().unwrap_or(Path::new("."));
        fs::create_dir_all(dir)?;
        let name = self
            .path
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        remove_abandoned(dir, &name);
        let temp = dir.join(format!(".{name}.{}-{}.tmp", std::process::id(), now_ns()));
        let result = crate::timing::phase("cache: write", || {
            self.write(&temp, stamps, kb, analysis, prepared)
        });
        match result {
            Ok(()) => fs::rename(&temp, &self.path).inspect_err(|_| {
                let _ = fs::remove_file(&temp);
            }),
            Err(err) => {
                let _ = fs::remove_file(&temp);
                Err(err)
            }
        }
    }

    fn write(
        &self,
        temp: &Path,
        stamps: Stamps,
        kb: &Kb,
        analysis: &Analysis,
        prepared: Prepared,
    ) -> io::Result<()> {
        let file = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(temp)?;
        let mut out = file::Writer::new(file)?;
        let bounds = analysis.bounds();
        let (order, statuses) = crate::timing::phase("cache: order", || {
            let filter = Filter::default().under(kb, analysis.view());
            (
                timeline::timeline(kb, &filter, bounds),
                edge_statuses(kb, analysis),
            )
        });
        let chunks: Vec<&[u32]> = order.chunks(ROWS_PER_BLOCK).collect();
        let encode = |chunk: &&[u32]| {
            let block: Vec<StoredRow> = timeline::row_iter(kb, chunk, bounds)
                .zip(chunk.iter())
                .map(|(row, &i)| {
                    let span = kb.events()[i as usize].id.span;
                    let line = kb.files().get(span.file).line_index(span.start as usize) + 1;
                    let mut statuses: Vec<String> = statuses[i as usize]
                        .iter()
                        .map(|&s| kb.str(s).to_string())
                        .collect();
                    statuses.sort();
                    StoredRow::new(&row, span.file.0, line as u32, statuses)
                })
                .collect();
            file::encode(&block)
        };
        let rows = crate::timing::phase("cache: timeline rows", || {
            if crate::analysis::is_large(kb) {
                out.blocks_in_parallel(&chunks, encode)
            } else {
                chunks
                    .iter()
                    .map(|chunk| out.put(&encode(chunk)?))
                    .collect()
            }
        })?;
        let postings = crate::timing::phase("cache: postings", || postings(kb, &order));
        let mut postings = postings.into_iter().peekable();
        let mut actors = Vec::new();
        while let Some(first) = postings.peek().map(|p| p.actor.clone()) {
            let chunk: Vec<Posting> = postings.by_ref().take(ACTORS_PER_BLOCK).collect();
            actors.push(Fence {
                first,
                block: out.block(&chunk)?,
            });
        }
        let header = Header {
            format: FORMAT,
            binary: binary_identity(),
            data: self.data.clone(),
            written_ns: stamps.written_ns,
            files: stamps.files,
            paths: (0..kb.files().len())
                .map(|i| {
                    kb.files()
                        .get(crate::source::FileId(i as u32))
                        .path
                        .display()
                        .to_string()
                })
                .collect(),
            report: prepared.report,
            stats: prepared.stats,
            far_dates: prepared.far_dates,
            kinds: terms(kb, crate::vocab::TermClass::EventKind),
            statuses: terms(kb, crate::vocab::TermClass::Status),
            tags: used_tags(kb),
            row_count: order.len() as u64,
            rows,
            actors,
            shown: crate::timing::phase("cache: show answers", || {
                shown::write(&mut out, kb, analysis)
            })?,
        };
        out.finish(&header).map(drop)
    }
}

/// How old a temporary cache file must be to count as abandoned: far longer than any
/// fill takes (half a minute at a million events).
const ABANDONED_AFTER: std::time::Duration = std::time::Duration::from_secs(3600);

/// Removes the temporary files of the cache file `name` that runs killed while filling
/// it left behind (`.NAME.PID-NANOS.tmp`, untouched for an hour), so that a cache
/// directory does not fill up with them.
fn remove_abandoned(dir: &Path, name: &str) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let prefix = format!(".{name}.");
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let file_name = file_name.to_string_lossy();
        if !(file_name.starts_with(&prefix) && file_name.ends_with(".tmp")) {
            continue;
        }
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > ABANDONED_AFTER);
        if old {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Returns true when the file at `path` is the one `stamp` describes. A stamp taken
/// within [`RACY_NS`] of `written_ns` (or later) is not trusted alone: the file is
/// hashed again, since an edit in the same clock tick leaves size and times alone.
fn unchanged(path: &Path, relative: &str, stamp: &ArchivedFileStamp, written_ns: i64) -> bool {
    let Ok(meta) = fs::metadata(path) else {
        return false;
    };
    let (mtime_ns, ctime_ns) = nanos(&meta);
    let same = stamp.relative.as_str() == relative
        && meta.is_file()
        && stamp.size.to_native() == meta.len()
        && stamp.mtime_ns.to_native() == mtime_ns
        && stamp.ctime_ns.to_native() == ctime_ns
        && stamp.inode.to_native() == meta.ino();
    if !same {
        return false;
    }
    if mtime_ns.max(ctime_ns) < written_ns - RACY_NS {
        return true;
    }
    fs::read(path).is_ok_and(|bytes| hash(&bytes) == stamp.hash.to_native())
}

/// What the KB's files looked like before a load.
#[derive(Debug)]
pub struct Stamps {
    written_ns: i64,
    files: Vec<FileStamp>,
}

/// Returns the terms of one class, sorted.
fn terms(kb: &Kb, class: crate::vocab::TermClass) -> Vec<String> {
    let mut terms: Vec<String> = kb
        .vocab()
        .terms(class)
        .map(|s| kb.str(s).to_string())
        .collect();
    terms.sort();
    terms
}

/// Returns the tags events use, sorted.
fn used_tags(kb: &Kb) -> Vec<String> {
    let mut tags: Vec<String> = kb
        .events()
        .iter()
        .flat_map(|e| &e.tags)
        .map(|t| kb.str(t.node).to_string())
        .collect();
    tags.sort();
    tags.dedup();
    tags
}

/// Returns, per event, the claim statuses of the graph edges that touch it (what
/// `--status` tests), sorted.
fn edge_statuses(kb: &Kb, analysis: &Analysis) -> Vec<Vec<Sym>> {
    let graph = analysis.graph();
    let stated = kb.syms().get(crate::vocab::STATED);
    let mut statuses: Vec<Vec<Sym>> = vec![Vec::new(); kb.events().len()];
    for edge in graph.graph.edge_references() {
        let Some(status) = edge.weight().status.or(stated) else {
            continue;
        };
        for node in [edge.source(), edge.target()] {
            if let Entity::Event(i) = graph.entity(node) {
                statuses[i as usize].push(status);
            }
        }
    }
    for list in &mut statuses {
        list.sort_unstable();
        list.dedup();
    }
    statuses
}

/// Returns, for every actor sorted by id, the timeline positions of the events that
/// `--actor` selects for it: those it takes part in and those a relation links it to.
fn postings(kb: &Kb, order: &[u32]) -> Vec<Posting> {
    let mut by_sym: Vec<Vec<u32>> = vec![Vec::new(); kb.syms().len()];
    let mut linked: Vec<Vec<u32>> = vec![Vec::new(); kb.syms().len()];
    for relation in kb.relations() {
        let (from, to) = (relation.from.node, relation.to.node);
        linked[to.into_usize()].push(from.into_usize() as u32);
        linked[from.into_usize()].push(to.into_usize() as u32);
    }
    for (position, &i) in order.iter().enumerate() {
        let event = &kb.events()[i as usize];
        let mut actors: Vec<usize> = event
            .actors
            .iter()
            .map(|p| p.actor.node.into_usize())
            .collect();
        actors.extend(
            linked[event.id.node.into_usize()]
                .iter()
                .map(|&s| s as usize),
        );
        actors.sort_unstable();
        actors.dedup();
        for actor in actors {
            by_sym[actor].push(position as u32);
        }
    }
    let mut postings: Vec<Posting> = kb
        .actors()
        .iter()
        .map(|a| Posting {
            actor: kb.str(a.id.node).to_string(),
            rows: std::mem::take(&mut by_sym[a.id.node.into_usize()]),
        })
        .collect();
    postings.sort_by(|a, b| a.actor.cmp(&b.actor));
    postings
}

/// An open, fresh cache.
pub struct Snapshot {
    file: File,
    header: AlignedVec,
    path: PathBuf,
}

/// A timeline request the cache can answer: `--around` and a claim view other than
/// the default never reach it.
#[derive(Debug, Default)]
pub struct Request<'a> {
    /// `--actor`.
    pub actors: Vec<&'a str>,
    /// `--kind`.
    pub kinds: Vec<&'a str>,
    /// `--tag`.
    pub tags: Vec<&'a str>,
    /// `--status`.
    pub statuses: Vec<&'a str>,
    /// `--from`, as the key of its lower bound.
    pub from: Option<Key>,
    /// `--to`, as the key of its upper bound.
    pub to: Option<Key>,
    /// `--strict`.
    pub strict: bool,
}

/// The blocks of rows a timeline answer needs, read and checked.
pub struct Selection {
    blocks: Vec<(u32, AlignedVec)>,
    picks: Vec<(usize, u32)>,
}

impl Snapshot {
    fn header(&self) -> &ArchivedHeader {
        rkyv::access::<ArchivedHeader, RkyvError>(&self.header)
            .expect("the header was validated when the cache was opened")
    }

    /// Removes a cache file found damaged past its header, so that the full load
    /// that answers instead writes a new one.
    pub fn discard(&self) {
        let _ = fs::remove_file(&self.path);
    }

    /// Returns the cache file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Returns what `check` reported.
    pub fn report(&self) -> Report {
        let r = &self.header().report;
        Report {
            counts: r.counts.map(|n| n.to_native()),
            errors: r.errors.to_native(),
            warnings: r.warnings.to_native(),
            text: r.text.to_string(),
        }
    }

    /// Returns the `stats` answer.
    pub fn stats(&self) -> &ArchivedStatsTexts {
        &self.header().stats
    }

    /// Returns the KB's files' paths as answers name them, by file index.
    pub fn paths(&self) -> Vec<&str> {
        self.header().paths.iter().map(|p| p.as_str()).collect()
    }

    /// Returns the number of dates too far from 1970 to reason with.
    pub fn far_dates(&self) -> u64 {
        self.header().far_dates.to_native()
    }

    /// Returns the rows of the timeline `request` selects, or `None` when the cache
    /// cannot answer it exactly (a name it does not know: the full load explains it).
    pub fn timeline(&self, request: &Request) -> Result<Option<Selection>, Unusable> {
        let h = self.header();
        let known = |list: &rkyv::vec::ArchivedVec<rkyv::string::ArchivedString>, name: &str| {
            list.iter().any(|t| t.as_str() == name)
        };
        if !request.kinds.iter().all(|k| known(&h.kinds, k))
            || !request.tags.iter().all(|t| known(&h.tags, t))
            || !request.statuses.iter().all(|s| known(&h.statuses, s))
            || matches!((request.from, request.to), (Some(f), Some(t)) if f > t)
        {
            return Ok(None);
        }
        let positions: Vec<u32> = if request.actors.is_empty() {
            (0..h.row_count.to_native() as u32).collect()
        } else {
            let mut all = Vec::new();
            for actor in &request.actors {
                match self.posting(actor)? {
                    Some(rows) => all.extend(rows),
                    None => return Ok(None),
                }
            }
            all.sort_unstable();
            all.dedup();
            all
        };
        let mut blocks: Vec<(u32, AlignedVec)> = Vec::new();
        for &position in &positions {
            let block = position / ROWS_PER_BLOCK as u32;
            if blocks.last().is_none_or(|(b, _)| *b != block) {
                let at = h.rows.get(block as usize).ok_or(Unusable)?;
                blocks.push((block, read_block(&self.file, block_ref(at))?));
            }
        }
        let mut picks = Vec::new();
        {
            let archived = blocks
                .iter()
                .map(|(_, bytes)| rows_of(bytes))
                .collect::<Result<Vec<_>, _>>()?;
            let mut b = 0;
            for position in positions {
                let block = position / ROWS_PER_BLOCK as u32;
                while blocks[b].0 != block {
                    b += 1;
                }
                let slot = position % ROWS_PER_BLOCK as u32;
                let row = archived[b].get(slot as usize).ok_or(Unusable)?;
                if request.matches(row) {
                    picks.push((b, slot));
                }
            }
        }
        Ok(Some(Selection { blocks, picks }))
    }

    /// Returns the `show` answer of the entity `id`, or `None` when no entity has it
    /// (the full load explains the mistake).
    pub fn show(&self, id: &str) -> Result<Option<shown::Found>, Unusable> {
        shown::find(&self.file, &self.header().shown, id)
    }

    /// Returns the labels and statuses `show`'s edges name by number.
    pub fn shown_terms(&self) -> Vec<&str> {
        self.header().shown.terms().collect()
    }

    /// Returns the timeline positions of an actor's events, `None` for an id that
    /// names no actor.
    fn posting(&self, actor: &str) -> Result<Option<Vec<u32>>, Unusable> {
        let fences = &self.header().actors;
        let i = fences.partition_point(|f| f.first.as_str() <= actor);
        if i == 0 {
            return Ok(None);
        }
        let bytes = read_block(&self.file, block_ref(&fences[i - 1].block))?;
        let block = rkyv::access::<rkyv::vec::ArchivedVec<ArchivedPosting>, RkyvError>(&bytes)
            .map_err(|_| Unusable)?;
        Ok(block
            .binary_search_by(|p| p.actor.as_str().cmp(actor))
            .ok()
            .map(|j| block[j].rows.iter().map(|r| r.to_native()).collect()))
    }
}

impl Request<'_> {
    fn matches(&self, row: &ArchivedStoredRow) -> bool {
        if !self.kinds.is_empty() && !self.kinds.contains(&row.kind()) {
            return false;
        }
        if !self.tags.is_empty() && !row.has_tag(&self.tags) {
            return false;
        }
        if !self.statuses.is_empty() && !row.has_status(&self.statuses) {
            return false;
        }
        let (start, end) = row.bounds().keys();
        if self.strict {
            self.from.is_none_or(|from| start >= from) && self.to.is_none_or(|to| end <= to)
        } else {
            self.from.is_none_or(|from| end >= from) && self.to.is_none_or(|to| start <= to)
        }
    }
}

/// Validates a block of rows and borrows it.
fn rows_of(bytes: &AlignedVec) -> Result<&rkyv::vec::ArchivedVec<ArchivedStoredRow>, Unusable> {
    rkyv::access::<rkyv::vec::ArchivedVec<ArchivedStoredRow>, RkyvError>(bytes)
        .map_err(|_| Unusable)
}

impl Selection {
    /// Returns the selected rows, in timeline order.
    pub fn rows(&self) -> Result<Vec<&ArchivedStoredRow>, Unusable> {
        let blocks = self
            .blocks
            .iter()
            .map(|(_, bytes)| rows_of(bytes))
            .collect::<Result<Vec<_>, _>>()?;
        self.picks
            .iter()
            .map(|&(b, slot)| blocks.get(b)?.get(slot as usize))
            .collect::<Option<Vec<_>>>()
            .ok_or(Unusable)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Returns the stamp of the file at `path` as it is now, with the hash of `bytes`.
    fn stamp_now(path: &Path, bytes: &[u8]) -> AlignedVec {
        let meta = fs::metadata(path).expect("metadata");
        let (mtime_ns, ctime_ns) = nanos(&meta);
        let stamp = FileStamp {
            relative: "a.ron".into(),
            size: meta.len(),
            mtime_ns,
            ctime_ns,
            inode: meta.ino(),
            hash: hash(bytes),
        };
        rkyv::to_bytes::<RkyvError>(&stamp).expect("archived")
    }

    fn archived(bytes: &AlignedVec) -> &ArchivedFileStamp {
        rkyv::access::<ArchivedFileStamp, RkyvError>(bytes).expect("valid")
    }

    #[test]
    fn a_racy_stamp_is_checked_against_the_content() {
        let dir = tempfile::tempdir().expect("directory");
        let path = dir.path().join("a.ron");
        fs::write(&path, "Chronicle(events: [])").expect("written");
        // The edit left size and times alone (same clock tick): only the hash tells.
        let before = stamp_now(&path, b"Chronicle(actors: [])");
        let written_ns = now_ns();
        assert!(!unchanged(&path, "a.ron", archived(&before), written_ns));
        let same = stamp_now(&path, b"Chronicle(events: [])");
        assert!(unchanged(&path, "a.ron", archived(&same), written_ns));
        // An old stamp is trusted without reading the file.
        assert!(unchanged(
            &path,
            "a.ron",
            archived(&before),
            written_ns + 10 * RACY_NS
        ));
        // A renamed file is not the one stamped.
        assert!(!unchanged(&path, "b.ron", archived(&same), written_ns));
    }
}
