//! Text-preserving edits of a knowledge base: each command computes byte-range
//! replacements in the files it must change, the whole KB is re-checked with the
//! edits applied in memory, and only then are files written, atomically and under a
//! lock, so no edit that reported success is lost and a failed one changes nothing.

mod add;
pub mod canonical;
mod change;
pub mod format;
pub mod init;
pub mod journal;
mod list;
pub mod position;
pub mod refs;
pub mod scan;
mod unlink;
mod write;

use crate::analysis::Analysis;
use crate::vocab::ClaimView;
use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Component, Path, PathBuf};

pub use add::{Given, NewRecord, add};
pub use change::{rename, rename_edits, rm, set};
pub use list::{add_to, remove_from};
pub use unlink::{Unlink, unlink};
pub use write::{Lock, commit, lock, read_lock};

use crate::diag::Diagnostic;
use crate::kb::Kb;
use crate::source::{FileId, SourceMap};

/// Why an edit was refused or failed.
#[derive(Debug, thiserror::Error)]
pub enum EditError {
    /// The request cannot be carried out (unknown id, references left, bad value).
    #[error("{message}")]
    Refused {
        /// What is wrong.
        message: String,
        /// A likely fix.
        help: Vec<String>,
    },
    /// The edited KB does not check; the diagnostics point into the edited text.
    #[error("the edit would leave the knowledge base with errors")]
    Check {
        /// The problems.
        diagnostics: Vec<Diagnostic>,
        /// The edited files they point into.
        files: SourceMap,
    },
    /// Reading or writing a file failed.
    #[error("{0}")]
    Io(String),
}

impl EditError {
    /// Returns a refusal with one help line.
    pub fn refused(message: impl Into<String>, help: Option<String>) -> EditError {
        EditError::Refused {
            message: message.into(),
            help: help.into_iter().collect(),
        }
    }
}

impl From<scan::ScanError> for EditError {
    fn from(err: scan::ScanError) -> EditError {
        EditError::Io(format!("internal error: {err}"))
    }
}

/// The new text of one file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileChange {
    /// Where the file is.
    pub path: PathBuf,
    /// Its path relative to the KB, with `/`.
    pub relative: String,
    /// Its text before the edit (`None` when the edit creates it).
    pub before: Option<String>,
    /// Its text after the edit.
    pub after: String,
}

/// Byte-range replacements, grouped by file, that together make one edit.
#[derive(Debug, Default)]
pub struct Plan {
    edits: BTreeMap<FileId, Vec<(Range<usize>, String)>>,
    new_files: Vec<(PathBuf, String, String)>,
}

impl Plan {
    /// Replaces `range` of `file` with `text`.
    pub fn replace(&mut self, file: FileId, range: Range<usize>, text: String) {
        self.edits.entry(file).or_default().push((range, text));
    }

    /// Creates a file at `relative` (inside the KB) with `text`.
    pub fn create(&mut self, path: PathBuf, relative: String, text: String) {
        self.new_files.push((path, relative, text));
    }

    /// Applies the plan to the texts of `kb`; nested replacements inside a larger one
    /// (a reference inside a removed record) are dropped.
    pub fn changes(self, kb: &Kb) -> Vec<FileChange> {
        let mut out = Vec::new();
        for (file, mut edits) in self.edits {
            let source = kb.files().get(file);
            edits.sort_by(|a, b| a.0.start.cmp(&b.0.start).then(b.0.end.cmp(&a.0.end)));
            let mut kept: Vec<(Range<usize>, String)> = Vec::new();
            for edit in edits {
                match kept.last_mut() {
                    // Covered by the previous edit: it goes with it.
                    Some(last) if edit.0.end <= last.0.end && edit.0.start < last.0.end => {}
                    Some(last) if edit.0 == last.0 => {}
                    // Two overlapping deletions (neighbouring items of one list) merge.
                    Some(last)
                        if edit.0.start < last.0.end && last.1.is_empty() && edit.1.is_empty() =>
                    {
                        last.0.end = edit.0.end;
                    }
                    _ => kept.push(edit),
                }
            }
            let mut text = source.text.clone();
            for (range, replacement) in kept.into_iter().rev() {
                text.replace_range(range, &replacement);
            }
            out.push(FileChange {
                path: source.path.clone(),
                relative: source.relative.clone(),
                before: Some(source.text.clone()),
                after: keep_canonical(&source.text, text),
            });
        }
        for (path, relative, text) in self.new_files {
            let after = canonical::format(&text).unwrap_or(text);
            out.push(FileChange {
                path,
                relative,
                before: None,
                after,
            });
        }
        out
    }
}

/// The KB as an edit leaves it: loaded from the edited texts and checked, with every
/// diagnostic (warnings and the KB's allowed codes applied), so that the caller can
/// keep it (the compiled cache is filled from it).
pub struct Verified {
    pub kb: Kb,
    pub analysis: Analysis,
    pub diagnostics: Vec<Diagnostic>,
}

/// Returns `after`, the edited text of a file, in the canonical layout when `before`
/// was in it (so that an edit of a formatted file leaves it formatted: a new record on
/// one line when it fits), else as it is.
fn keep_canonical(before: &str, after: String) -> String {
    if canonical::is_canonical(before) {
        canonical::format(&after).unwrap_or(after)
    } else {
        after
    }
}

/// The texts of the KB's files as an edit leaves them, in path order, with the KB's
/// directory: what [`check_texts`] loads.
pub struct EditedTexts {
    root: PathBuf,
    files: Vec<(PathBuf, String, Vec<u8>)>,
}

/// Re-loads the KB with `changes` applied in memory and checks it; returns the
/// diagnostics when it has errors, else the edited KB.
pub fn verify(kb: &Kb, changes: &[FileChange]) -> Result<Verified, EditError> {
    check_texts(edited_texts(kb, changes))
}

/// Returns the texts of the KB's files with `changes` applied (the KB itself can then
/// be dropped before the edited one is loaded, so that two never share memory).
pub fn edited_texts(kb: &Kb, changes: &[FileChange]) -> EditedTexts {
    let mut files: Vec<(PathBuf, String, Vec<u8>)> = kb
        .files()
        .files()
        .map(|(_, f)| {
            let changed = changes.iter().find(|c| c.relative == f.relative);
            let text = changed.map_or(&f.text, |c| &c.after);
            (
                f.path.clone(),
                f.relative.clone(),
                text.clone().into_bytes(),
            )
        })
        .collect();
    for change in changes.iter().filter(|c| c.before.is_none()) {
        files.push((
            change.path.clone(),
            change.relative.clone(),
            change.after.clone().into_bytes(),
        ));
    }
    files.sort_by(|a, b| a.1.as_bytes().cmp(b.1.as_bytes()));
    EditedTexts {
        root: kb.root().to_path_buf(),
        files,
    }
}

/// Loads and checks edited texts; returns the diagnostics when they have errors, else
/// the edited KB.
pub fn check_texts(texts: EditedTexts) -> Result<Verified, EditError> {
    let (edited, mut diagnostics) = crate::load::load_texts(&texts.root, texts.files);
    let analysis = crate::check::analyse(&edited, ClaimView::Stated, &mut diagnostics);
    if diagnostics.iter().any(Diagnostic::is_error) {
        diagnostics.retain(Diagnostic::is_error);
        Err(EditError::Check {
            diagnostics,
            files: edited.into_files(),
        })
    } else {
        Ok(Verified {
            kb: edited,
            analysis,
            diagnostics,
        })
    }
}

/// Returns a unified diff of the changes (`--dry-run`).
pub fn diff(changes: &[FileChange]) -> String {
    let mut out = String::new();
    for change in changes {
        let before = change.before.as_deref().unwrap_or("");
        let diff = similar::TextDiff::from_lines(before, &change.after);
        let old = if change.before.is_some() {
            format!("a/{}", change.relative)
        } else {
            "/dev/null".to_string()
        };
        out.push_str(
            &diff
                .unified_diff()
                .context_radius(3)
                .header(&old, &format!("b/{}", change.relative))
                .to_string(),
        );
    }
    out
}

/// Checks a `--file` argument: a relative `.ron` path that stays inside the KB.
pub fn file_in_kb(root: &Path, file: &str) -> Result<(PathBuf, String), EditError> {
    let path = Path::new(file);
    let inside = path
        .components()
        .all(|c| matches!(c, Component::Normal(_) | Component::CurDir));
    if !inside || path.as_os_str().is_empty() {
        return Err(EditError::refused(
            format!("`{file}` is not inside the knowledge base"),
            Some("give a path relative to the KB directory, without `..`, e.g. `--file events/2021.ron`".into()),
        ));
    }
    if path.extension().is_none_or(|e| e != "ron") {
        return Err(EditError::refused(
            format!("`{file}` is not a `.ron` file"),
            Some("only `*.ron` files are part of the knowledge base".into()),
        ));
    }
    // A symlinked directory on the way must not lead out of the KB.
    let joined = root.join(path);
    let mut existing = joined.as_path();
    while !existing.exists() {
        match existing.parent() {
            Some(parent) => existing = parent,
            None => break,
        }
    }
    if let (Ok(real_root), Ok(real)) = (root.canonicalize(), existing.canonicalize())
        && !real.starts_with(&real_root)
    {
        return Err(EditError::refused(
            format!("`{file}` leads outside the knowledge base (through a symbolic link)"),
            Some("give a path whose directories lie inside the KB directory".into()),
        ));
    }
    let relative = path
        .components()
        .filter_map(|c| match c {
            Component::Normal(part) => Some(part.to_string_lossy().to_string()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("/");
    Ok((root.join(&relative), relative))
}
