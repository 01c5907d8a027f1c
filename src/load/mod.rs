//! Loading a knowledge base: finds the `*.ron` files of a directory, reads each into
//! records with spans, and merges the declared vocabulary.

pub mod incremental;
pub mod lexer;
pub mod parsed;
pub mod reader;
pub mod split;

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::diag::Diagnostic;
use crate::kb::Kb;
use crate::load::lexer::Lexer;
use crate::load::parsed::Parsed;
use crate::source::{FileId, SourceFile, Span};

/// Why a knowledge base could not be read at all.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The KB directory does not exist or cannot be listed.
    #[error("cannot read the knowledge base directory `{path}`: {source}")]
    Directory {
        /// The directory.
        path: PathBuf,
        /// The I/O error.
        source: io::Error,
    },
    /// A file of the KB cannot be read.
    #[error("cannot read `{path}`: {source}")]
    File {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: io::Error,
    },
}

/// Returns the `*.ron` files under `root`, recursively, sorted by relative path bytes.
pub fn find_files(root: &Path) -> Result<Vec<(PathBuf, String)>, LoadError> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let entries = fs::read_dir(&dir).map_err(|source| LoadError::Directory {
            path: dir.clone(),
            source,
        })?;
        for entry in entries {
            let entry = entry.map_err(|source| LoadError::Directory {
                path: dir.clone(),
                source,
            })?;
            let path = entry.path();
            // Symlinked directories are not followed: no loops, no reading outside the KB.
            let file_type = entry.file_type().map_err(|source| LoadError::File {
                path: path.clone(),
                source,
            })?;
            if file_type.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|ext| ext == "ron") {
                let relative = path
                    .strip_prefix(root)
                    .unwrap_or(&path)
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
                out.push((path, relative));
            }
        }
    }
    out.sort_by(|a, b| a.1.as_bytes().cmp(b.1.as_bytes()));
    Ok(out)
}

/// The largest file annals reads: far below the 4 GiB its spans can address, and large
/// enough for any hand-kept chronology (a million events with notes is about 300 MiB),
/// while a runaway file (a log, a disk image) is refused before it is read into memory.
pub const MAX_FILE_BYTES: u64 = 1 << 30;

/// Loads every file of the KB at `root`; problems in the data come back as diagnostics.
///
/// Only regular files are read (a symbolic link to one is followed): a FIFO would block
/// and a device could be endless, so anything else is an error naming the entry, found
/// from its metadata without opening it. Files over [`MAX_FILE_BYTES`] are refused too.
pub fn load(root: &Path) -> Result<(Kb, Vec<Diagnostic>), LoadError> {
    let files = find_files(root)?;
    let mut texts = Vec::with_capacity(files.len());
    let mut refused = Vec::new();
    for (path, relative) in files {
        match read_regular(&path, &relative) {
            Ok(bytes) => texts.push((path, relative, bytes)),
            Err(Unreadable::Refused(diag)) => refused.push(*diag),
            Err(Unreadable::Io(source)) => return Err(LoadError::File { path, source }),
        }
    }
    let (kb, mut diags) = load_texts(root, texts);
    refused.append(&mut diags);
    Ok((kb, refused))
}

/// Loads the KB at `root` as [`load`] does, with the texts of `overrides` (by path
/// relative to `root`, `/`-separated) standing for what is on disk: an editor's unsaved
/// buffers. An override for a file that is not on disk yet is read as one of the KB's
/// files; nothing is written.
pub fn load_overlaid(
    root: &Path,
    overrides: &std::collections::BTreeMap<String, String>,
) -> Result<(Kb, Vec<Diagnostic>), LoadError> {
    let (texts, mut refused) = overlaid_texts(root, overrides)?;
    let (kb, mut diags) = load_texts(root, texts);
    refused.append(&mut diags);
    Ok((kb, refused))
}

/// The texts of the KB's files for [`load_overlaid`], the overrides in place, with the
/// diagnostics of the entries refused.
type Texts = (Vec<(PathBuf, String, Vec<u8>)>, Vec<Diagnostic>);

/// Reads the texts [`load_overlaid`] loads.
fn overlaid_texts(
    root: &Path,
    overrides: &std::collections::BTreeMap<String, String>,
) -> Result<Texts, LoadError> {
    let mut files = find_files(root)?;
    for relative in overrides.keys() {
        if !files.iter().any(|(_, r)| r == relative) {
            files.push((root.join(relative), relative.clone()));
        }
    }
    files.sort_by(|a, b| a.1.as_bytes().cmp(b.1.as_bytes()));
    let mut texts = Vec::with_capacity(files.len());
    let mut refused = Vec::new();
    for (path, relative) in files {
        if let Some(text) = overrides.get(&relative) {
            texts.push((path, relative, text.clone().into_bytes()));
            continue;
        }
        match read_regular(&path, &relative) {
            Ok(bytes) => texts.push((path, relative, bytes)),
            Err(Unreadable::Refused(diag)) => refused.push(*diag),
            // A file removed since it was listed is simply no longer part of the KB.
            Err(Unreadable::Io(source)) if source.kind() == io::ErrorKind::NotFound => {}
            Err(Unreadable::Io(source)) => return Err(LoadError::File { path, source }),
        }
    }
    Ok((texts, refused))
}

/// Why one entry of the KB was not read.
enum Unreadable {
    /// Not a regular file, or too large: a problem of the KB, reported with the others.
    Refused(Box<Diagnostic>),
    /// Reading failed.
    Io(io::Error),
}

/// Reads the entry at `path` when it is a regular file of at most [`MAX_FILE_BYTES`].
fn read_regular(path: &Path, relative: &str) -> Result<Vec<u8>, Unreadable> {
    use std::io::Read;
    let meta = fs::metadata(path).map_err(Unreadable::Io)?;
    let too_large = |len: u64| {
        Unreadable::Refused(Box::new(
            Diagnostic::error(
                "file-too-large",
                format!("`{relative}` is larger than 1 GiB ({len} bytes)"),
            )
            .help("split it into several files; annals reads files of at most 1 GiB"),
        ))
    };
    if !meta.is_file() {
        return Err(Unreadable::Refused(Box::new(
            Diagnostic::error(
                "not-a-file",
                format!("`{relative}` is not a regular file ({})", kind_of(&meta)),
            )
            .help("a `*.ron` entry of the KB must be a file or a symbolic link to one"),
        )));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_large(meta.len()));
    }
    let file = fs::File::open(path).map_err(Unreadable::Io)?;
    // The entry may have been swapped since its metadata was read: read at most one byte
    // past the limit, so a file that grew is still refused rather than read whole.
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(Unreadable::Io)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

/// Names the kind of a file that is not a regular one, for messages.
fn kind_of(meta: &fs::Metadata) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    let kind = meta.file_type();
    if kind.is_dir() {
        "a directory"
    } else if kind.is_fifo() {
        "a FIFO"
    } else if kind.is_char_device() {
        "a character device"
    } else if kind.is_block_device() {
        "a block device"
    } else if kind.is_socket() {
        "a socket"
    } else {
        "not a file"
    }
}

/// Below this much text, reading on one thread is faster than starting more.
const PARALLEL_BYTES: usize = 4 << 20;

/// Loads a KB from file contents already in memory (paths are used for messages).
///
/// Large KBs are read on several threads, each taking a run of consecutive files with
/// its own interner; the runs are then merged in file order, so the result does not
/// depend on the number of threads.
pub fn load_texts(root: &Path, files: Vec<(PathBuf, String, Vec<u8>)>) -> (Kb, Vec<Diagnostic>) {
    let bytes: usize = files.iter().map(|f| f.2.len()).sum();
    let threads = if bytes < PARALLEL_BYTES {
        1
    } else {
        std::thread::available_parallelism().map_or(1, |n| n.get())
    };
    load_texts_on(root, files, threads.min(thread_cap()))
}

/// The cap set by `ANNALS_LOAD_THREADS` (a positive number), so that `scripts/bench-load`
/// can measure whether reading on several threads still pays; unlimited otherwise.
fn thread_cap() -> usize {
    std::env::var("ANNALS_LOAD_THREADS")
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
        .filter(|&n| n > 0)
        .unwrap_or(usize::MAX)
}

/// Adds the texts of `files` to the KB's files, with a diagnostic for a file that is not
/// UTF-8 or too large, and returns the files to read.
fn add_sources(
    kb: &mut Kb,
    files: Vec<(PathBuf, String, Vec<u8>)>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<crate::source::FileId> {
    let mut readable = Vec::with_capacity(files.len());
    for (path, relative, bytes) in files {
        let (text, bad_utf8) = match String::from_utf8(bytes) {
            Ok(text) => (text, None),
            Err(err) => {
                let at = err.utf8_error().valid_up_to();
                (
                    String::from_utf8_lossy(err.as_bytes()).into_owned(),
                    Some(at),
                )
            }
        };
        if text.len() > u32::MAX as usize {
            let file = kb
                .files_mut()
                .add(SourceFile::new(path, relative, String::new()));
            diags.push(
                Diagnostic::error("file-too-large", "the file is larger than 4 GiB")
                    .at(Span::new(file, 0, 0))
                    .help("split it into several files"),
            );
            continue;
        }
        let file = kb.files_mut().add(SourceFile::new(path, relative, text));
        if let Some(at) = bad_utf8 {
            diags.push(
                Diagnostic::error("invalid-utf8", "the file is not valid UTF-8")
                    .at(Span::new(file, at, at + 1))
                    .help("save the file as UTF-8"),
            );
        }
        readable.push(file);
    }
    readable
}

/// Like [`load_texts`], on at most `threads` threads (for tests and benchmarks).
pub fn load_texts_on(
    root: &Path,
    files: Vec<(PathBuf, String, Vec<u8>)>,
    threads: usize,
) -> (Kb, Vec<Diagnostic>) {
    // The first group's interner, sized for its text, becomes the KB's.
    let mut kb = Kb::new(root.to_path_buf());
    let mut diags = Vec::new();
    let readable = add_sources(&mut kb, files, &mut diags);
    let files = kb.files();
    // One file holding more than a thread's share is cut in two, each piece read on
    // its own thread; should a piece read with an error, the KB is read again as it
    // is, so that diagnostics are those of whole files.
    let cut_reading = (threads >= 2)
        .then(|| big_file_cut(files, &readable))
        .flatten()
        .map(|(big, cut)| {
            let at = readable.iter().position(|&f| f == big).unwrap_or_default();
            let mut head: Vec<Piece> = readable[..at].iter().map(|&f| Piece::Whole(f)).collect();
            head.push(Piece::Head(big, cut));
            let mut tail = vec![Piece::Tail(big, cut)];
            tail.extend(readable[at + 1..].iter().map(|&f| Piece::Whole(f)));
            crate::timing::phase("parse (one file cut in two)", || {
                read_groups(files, &[head, tail])
            })
        })
        .filter(|results| {
            !results
                .iter()
                .any(|(_, diags)| diags.iter().any(Diagnostic::is_error))
        });
    let results = match cut_reading {
        Some(results) => results,
        None => {
            let threads = threads.min(readable.len()).max(1);
            let groups: Vec<Vec<Piece>> = split_by_size(files, &readable, threads)
                .into_iter()
                .map(|group| group.into_iter().map(Piece::Whole).collect())
                .collect();
            crate::timing::phase("parse", || read_groups(files, &groups))
        }
    };
    crate::timing::phase("merge", || {
        parsed::merge_groups(&mut kb, results, &mut diags)
    });
    (kb, diags)
}

/// What one reading thread reads: whole files, or a piece of a file cut in two.
#[derive(Clone, Copy, Debug)]
enum Piece {
    /// The whole file.
    Whole(FileId),
    /// The file up to the cut.
    Head(FileId, split::Cut),
    /// The file from the cut.
    Tail(FileId, split::Cut),
}

/// Reads each group of pieces on its own thread, in order.
fn read_groups(
    files: &crate::source::SourceMap,
    groups: &[Vec<Piece>],
) -> Vec<(Parsed, Vec<Diagnostic>)> {
    std::thread::scope(|scope| {
        let handles: Vec<_> = groups
            .iter()
            .map(|group| {
                scope.spawn(move || {
                    let text = |f: FileId| files.get(f).text.as_str();
                    let size = group
                        .iter()
                        .map(|piece| match *piece {
                            Piece::Whole(f) => text(f).len(),
                            Piece::Head(f, cut) => cut.at.min(text(f).len()),
                            Piece::Tail(f, cut) => text(f).len().saturating_sub(cut.at),
                        })
                        .sum();
                    let mut parsed = Parsed::with_capacity(size);
                    let mut diags = Vec::new();
                    for piece in group {
                        let (file, lexer) = match *piece {
                            Piece::Whole(f) => (f, Lexer::new(text(f))),
                            Piece::Head(f, cut) => (f, split::head(text(f), cut)),
                            Piece::Tail(f, cut) => (f, split::tail(text(f), cut)),
                        };
                        reader::read_tokens(&mut parsed, file, lexer, &mut diags);
                    }
                    (parsed, diags)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    })
}

/// Returns the file to cut in two and where, when one file of `readable` holds more
/// than half of the KB's text (and more than [`PARALLEL_BYTES`]) and can be cut.
fn big_file_cut(
    files: &crate::source::SourceMap,
    readable: &[FileId],
) -> Option<(FileId, split::Cut)> {
    let total: usize = readable.iter().map(|&f| files.get(f).text.len()).sum();
    let big = readable
        .iter()
        .copied()
        .max_by_key(|&f| files.get(f).text.len())?;
    let len = files.get(big).text.len();
    if len < PARALLEL_BYTES || len * 2 <= total {
        return None;
    }
    split::find_cut(&files.get(big).text).map(|cut| (big, cut))
}

/// Splits `files` into at most `n` runs of consecutive files of about equal size.
fn split_by_size(
    map: &crate::source::SourceMap,
    files: &[crate::source::FileId],
    n: usize,
) -> Vec<Vec<crate::source::FileId>> {
    let total: usize = files.iter().map(|&f| map.get(f).text.len()).sum();
    let target = total / n.max(1) + 1;
    let mut groups = vec![Vec::new()];
    let mut size = 0;
    for &file in files {
        let len = map.get(file).text.len();
        if size >= target && groups.len() < n {
            groups.push(Vec::new());
            size = 0;
        }
        groups.last_mut().expect("one group").push(file);
        size += len;
    }
    groups
}
