//! Loading again after an edit (`annals lsp`): each file's reading is kept with its
//! text, and only the files whose text changed are read again. The kept readings are
//! then assembled into the very groups a fresh load reads, in file order, and merged
//! as [`super::load_texts_on`] merges them, so the KB and its diagnostics (their order
//! and spans included) are those of a fresh load.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::diag::Diagnostic;
use crate::kb::Kb;
use crate::load::parsed::Parsed;
use crate::load::{LoadError, reader};
use crate::source::FileId;

/// The readings of the files of the last load, by path relative to the KB.
#[derive(Debug, Default)]
pub struct ParseCache {
    files: HashMap<String, Reading>,
    /// How many files the last load read again.
    reread: usize,
}

/// One file as it was read.
#[derive(Debug)]
struct Reading {
    /// Its place in the KB's files: spans name it, so a file that moved is read again.
    file: FileId,
    /// Its text, compared whole: a reading is kept only for exactly the same text.
    text: String,
    /// Its records, with an interner of its own.
    parsed: Parsed,
    /// What reading it reported.
    diags: Vec<Diagnostic>,
}

impl ParseCache {
    /// Returns an empty cache: the first load reads every file.
    pub fn new() -> ParseCache {
        ParseCache::default()
    }

    /// Returns how many files the last load read again (the others were kept).
    pub fn reread(&self) -> usize {
        self.reread
    }

    /// Returns how many files' readings are kept.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Returns true when no reading is kept.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

/// Loads the KB at `root` with `overrides` as [`super::load_overlaid`] does, reading
/// again only the files whose text is not the one `cache` holds; `cache` then holds
/// this load's readings.
pub fn load_overlaid_cached(
    root: &Path,
    overrides: &std::collections::BTreeMap<String, String>,
    cache: &mut ParseCache,
) -> Result<(Kb, Vec<Diagnostic>), LoadError> {
    let (texts, mut refused) = super::overlaid_texts(root, overrides)?;
    let (kb, mut diags) = load_texts_cached(root, texts, cache);
    refused.append(&mut diags);
    Ok((kb, refused))
}

/// Like [`super::load_texts`], reusing the readings of `cache`.
pub fn load_texts_cached(
    root: &Path,
    files: Vec<(PathBuf, String, Vec<u8>)>,
    cache: &mut ParseCache,
) -> (Kb, Vec<Diagnostic>) {
    let bytes: usize = files.iter().map(|f| f.2.len()).sum();
    load_texts_cached_on(root, files, threads_for(bytes), cache)
}

/// Like [`super::load_texts_on`], reusing the readings of `cache`.
pub fn load_texts_cached_on(
    root: &Path,
    files: Vec<(PathBuf, String, Vec<u8>)>,
    threads: usize,
    cache: &mut ParseCache,
) -> (Kb, Vec<Diagnostic>) {
    let mut kb = Kb::new(root.to_path_buf());
    let mut diags = Vec::new();
    let readable = super::add_sources(&mut kb, files, &mut diags);
    let mut old = std::mem::take(&mut cache.files);
    let mut kept = Vec::with_capacity(readable.len());
    let mut stale = Vec::new();
    for &file in &readable {
        let source = kb.files().get(file);
        match old.remove(&source.relative) {
            Some(r) if r.file == file && r.text == source.text => kept.push(Some(r)),
            _ => {
                kept.push(None);
                stale.push(file);
            }
        }
    }
    cache.reread = stale.len();
    let mut fresh = read_files(&kb, &stale, threads).into_iter();
    let readings: Vec<Reading> = kept
        .into_iter()
        .map(|r| r.unwrap_or_else(|| fresh.next().expect("one reading per stale file")))
        .collect();
    // The groups of a fresh load, each assembled from its files' readings.
    let threads = threads.min(readable.len()).max(1);
    let groups = super::split_by_size(kb.files(), &readable, threads);
    let mut at = 0;
    let mut results = Vec::with_capacity(groups.len());
    for group in &groups {
        let size = group.iter().map(|&f| kb.files().get(f).text.len()).sum();
        let mut parsed = Parsed::with_capacity(size);
        let mut group_diags = Vec::new();
        for reading in &readings[at..at + group.len()] {
            parsed.append_copy(&reading.parsed);
            group_diags.extend(reading.diags.iter().cloned());
        }
        at += group.len();
        results.push((parsed, group_diags));
    }
    super::parsed::merge_groups(&mut kb, results, &mut diags);
    cache.files = readings
        .into_iter()
        .map(|r| (kb.files().get(r.file).relative.clone(), r))
        .collect();
    (kb, diags)
}

/// Reads each of `files` on its own, on up to `threads` threads for a large amount.
fn read_files(kb: &Kb, files: &[FileId], threads: usize) -> Vec<Reading> {
    let read = |file: FileId| {
        let text = &kb.files().get(file).text;
        let mut parsed = Parsed::with_capacity(text.len());
        let mut diags = Vec::new();
        reader::read_file(&mut parsed, file, text, &mut diags);
        Reading {
            file,
            text: text.clone(),
            parsed,
            diags,
        }
    };
    let bytes: usize = files.iter().map(|&f| kb.files().get(f).text.len()).sum();
    let threads = threads.min(files.len()).max(1);
    if threads == 1 || bytes < super::PARALLEL_BYTES {
        return files.iter().map(|&f| read(f)).collect();
    }
    let groups = super::split_by_size(kb.files(), files, threads);
    std::thread::scope(|scope| {
        let handles: Vec<_> = groups
            .iter()
            .map(|group| scope.spawn(|| group.iter().map(|&f| read(f)).collect::<Vec<_>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| {
                h.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    })
}

/// The number of threads [`super::load_texts`] reads `bytes` of text on.
fn threads_for(bytes: usize) -> usize {
    let threads = if bytes < super::PARALLEL_BYTES {
        1
    } else {
        std::thread::available_parallelism().map_or(1, |n| n.get())
    };
    threads.min(super::thread_cap())
}
