//! One checked state of the KB as the editor sees it: the files on disk with the open
//! buffers in their place, loaded, analysed and checked exactly as `annals check` does,
//! with every id occurrence indexed by position.

use std::collections::BTreeMap;
use std::path::Path;

use crate::analysis::Analysis;
use crate::diag::Diagnostic;
use crate::edit::refs::{Site, sites};
use crate::kb::{Entity, Kb};
use crate::load::incremental::ParseCache;
use crate::load::{self, LoadError};
use crate::source::FileId;
use crate::vocab::ClaimView;

/// The KB loaded from disk and buffers, its analysis, diagnostics and id occurrences.
pub struct Snapshot {
    /// The records.
    pub kb: Kb,
    /// What they imply.
    pub analysis: Analysis,
    /// What `check` reports.
    pub diags: Vec<Diagnostic>,
    /// Every occurrence of an id, by file then position.
    pub sites: Vec<Site>,
    /// The files by path relative to the KB.
    files: BTreeMap<String, FileId>,
}

impl Snapshot {
    /// Loads and checks the KB at `root` with `buffers` (by relative path) in place of
    /// the files on disk.
    pub fn build(root: &Path, buffers: &BTreeMap<String, String>) -> Result<Snapshot, LoadError> {
        Snapshot::build_cached(root, buffers, &mut ParseCache::new())
    }

    /// Like [`Snapshot::build`], reading again only the files whose text is not the one
    /// `cache` kept from the last build (an edit usually changes one file).
    pub fn build_cached(
        root: &Path,
        buffers: &BTreeMap<String, String>,
        cache: &mut ParseCache,
    ) -> Result<Snapshot, LoadError> {
        let (kb, mut diags) = load::incremental::load_overlaid_cached(root, buffers, cache)?;
        let analysis = crate::check::analyse(&kb, ClaimView::Stated, &mut diags);
        let mut sites = sites(&kb);
        sites.sort_by_key(|s| (s.span.file, s.span.start));
        let files = kb
            .files()
            .files()
            .map(|(id, f)| (f.relative.clone(), id))
            .collect();
        Ok(Snapshot {
            kb,
            analysis,
            diags,
            sites,
            files,
        })
    }

    /// Returns the file at `relative`, when it is part of the KB.
    pub fn file(&self, relative: &str) -> Option<FileId> {
        self.files.get(relative).copied()
    }

    /// Returns the id occurrence under `byte` of `file` (its quotes included, and the
    /// position just after it, where a cursor stands after typing).
    pub fn site_at(&self, file: FileId, byte: usize) -> Option<&Site> {
        let byte = byte as u32;
        let after = self
            .sites
            .partition_point(|s| (s.span.file, s.span.start) <= (file, byte));
        self.sites[..after]
            .iter()
            .rev()
            .take_while(|s| s.span.file == file)
            .take(4)
            .find(|s| s.span.start <= byte && byte <= s.span.end)
    }

    /// Returns the entity an occurrence names, when it is defined.
    pub fn entity_of(&self, site: &Site) -> Option<Entity> {
        self.kb.lookup(site.sym)
    }

    /// Returns every occurrence of the id of `site`, definitions first when wanted.
    pub fn occurrences(&self, site: &Site) -> impl Iterator<Item = &Site> {
        let sym = site.sym;
        self.sites.iter().filter(move |s| s.sym == sym)
    }
}
