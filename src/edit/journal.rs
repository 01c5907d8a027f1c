//! The edit journal (SPEC §7): a small file in the KB directory naming the temporary
//! files of one edit and the files they replace, so that an edit killed part-way is
//! either completed or undone by the next annals command, never left half applied.
//!
//! The journal is first written as a plan (`complete: false`) before any temporary
//! file exists, then, once every temporary file is written and flushed, replaced by the
//! same list marked `complete: true`. Recovery undoes a plan (removes its temporary
//! files) and completes a complete journal (renames what is left to rename). Both are
//! idempotent, so a recovery that is itself killed is simply run again.

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Component, Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::edit::EditError;

/// The journal's name in the KB directory (not a `.ron` file, so never loaded).
pub const JOURNAL_FILE: &str = ".annals.journal";

/// The name the journal is written under before it is renamed into place.
const JOURNAL_TEMP: &str = ".annals.journal.tmp";

/// One replacement: a temporary file renamed over its target.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// The temporary file, relative to the real KB directory, with `/`.
    pub temp: String,
    /// The file it replaces (or creates), relative to the real KB directory.
    pub target: String,
}

/// The journal's content.
#[derive(Debug, Serialize, Deserialize)]
struct Journal {
    /// False while the temporary files are being written: the edit is undone.
    complete: bool,
    /// Every replacement of the edit.
    entries: Vec<Entry>,
}

/// Returns true when `root` holds a journal, or the start of one, to recover.
pub fn pending(root: &Path) -> bool {
    root.join(JOURNAL_FILE).exists() || root.join(JOURNAL_TEMP).exists()
}

/// Writes the journal of `entries` under `root`, marked complete or not, atomically and
/// flushed to disk.
pub fn write(root: &Path, entries: &[Entry], complete: bool) -> std::io::Result<()> {
    let journal = Journal {
        complete,
        entries: entries.to_vec(),
    };
    let text = serde_json::to_string(&journal).map_err(std::io::Error::other)?;
    let temp = root.join(JOURNAL_TEMP);
    let _ = fs::remove_file(&temp);
    let mut file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&temp)?;
    file.write_all(text.as_bytes())?;
    sync_file(&file)?;
    drop(file);
    fs::rename(&temp, root.join(JOURNAL_FILE))?;
    sync_dir(root);
    Ok(())
}

/// Removes the journal once its edit is complete on disk.
pub fn remove(root: &Path) -> std::io::Result<()> {
    fs::remove_file(root.join(JOURNAL_FILE))?;
    sync_dir(root);
    Ok(())
}

/// Renames every temporary file of `entries` that is still there over its target, and
/// flushes the directories; the edit is then on disk.
pub fn apply(root: &Path, entries: &[Entry]) -> std::io::Result<()> {
    let mut dirs: Vec<PathBuf> = Vec::new();
    for entry in entries {
        let temp = root.join(&entry.temp);
        if fs::symlink_metadata(&temp).is_ok() {
            fs::rename(&temp, root.join(&entry.target))?;
        }
        let dir = temp
            .parent()
            .map_or_else(|| root.to_path_buf(), Path::to_path_buf);
        if !dirs.contains(&dir) {
            dirs.push(dir);
        }
    }
    for dir in &dirs {
        sync_dir(dir);
    }
    Ok(())
}

/// Completes or undoes the edit a journal under `root` describes; the write lock must be
/// held. Does nothing when there is no journal.
pub fn recover(root: &Path) -> Result<(), EditError> {
    let io = |e: std::io::Error| {
        EditError::Io(format!(
            "cannot recover the interrupted edit of `{}`: {e}",
            root.display()
        ))
    };
    let path = root.join(JOURNAL_FILE);
    let journal = match fs::read(&path) {
        Ok(bytes) => Some(parse(&bytes).ok_or_else(|| damaged(&path))?),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(io(e)),
    };
    if let Some(journal) = journal {
        if journal.complete {
            apply(root, &journal.entries).map_err(io)?;
        } else {
            for entry in &journal.entries {
                let _ = fs::remove_file(root.join(&entry.temp));
            }
        }
        remove(root).map_err(io)?;
    }
    // A journal that was being written when the process died: its edit has no
    // temporary file yet (or the plan above names them), so it is dropped.
    match fs::remove_file(root.join(JOURNAL_TEMP)) {
        Ok(()) => sync_dir(root),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(io(e)),
    }
    Ok(())
}

/// Reads a journal, accepting only entries that stay inside the KB: a temporary file of
/// annals' own naming beside its target.
fn parse(bytes: &[u8]) -> Option<Journal> {
    let journal: Journal = serde_json::from_slice(bytes).ok()?;
    let plain = |p: &str| {
        !p.is_empty()
            && Path::new(p)
                .components()
                .all(|c| matches!(c, Component::Normal(_)))
    };
    let sound = journal.entries.iter().all(|e| {
        let (temp, target) = (Path::new(&e.temp), Path::new(&e.target));
        let temp_name = temp.file_name().map(|n| n.to_string_lossy().to_string());
        plain(&e.temp)
            && plain(&e.target)
            && temp.parent() == target.parent()
            && temp_name.is_some_and(|n| is_temp_name(&n))
    });
    sound.then_some(journal)
}

fn damaged(path: &Path) -> EditError {
    EditError::refused(
        format!(
            "the edit journal `{}` is damaged; annals will not read or write the knowledge base until it is resolved",
            path.display()
        ),
        Some("compare the `.*.annals-*.tmp` files it names with their targets, then remove the journal".into()),
    )
}

/// Returns the temporary name annals gives the new text of the file `name`.
pub fn temp_name(name: &str) -> String {
    format!(".{name}.annals-{}.tmp", std::process::id())
}

/// Returns true for a name [`temp_name`] makes.
pub fn is_temp_name(name: &str) -> bool {
    name.starts_with('.') && name.ends_with(".tmp") && name.contains(".annals-")
}

/// Set (to anything but `0`) to skip flushing to disk: the edit is still all or nothing
/// for a killed process, whose writes the kernel keeps, but no longer across a power
/// cut. For tests that kill writers hundreds of times; never for real KBs.
pub const NO_FSYNC: &str = "ANNALS_UNSAFE_NO_FSYNC";

/// Returns false when [`NO_FSYNC`] is set.
fn durable() -> bool {
    std::env::var_os(NO_FSYNC).is_none_or(|v| v.is_empty() || v == "0")
}

/// Flushes a written file to disk (unless [`NO_FSYNC`] is set).
pub fn sync_file(file: &File) -> std::io::Result<()> {
    if durable() { file.sync_all() } else { Ok(()) }
}

/// Flushes a directory, making the renames and removals in it durable.
pub fn sync_dir(dir: &Path) {
    if durable()
        && let Ok(dir) = File::open(dir)
    {
        let _ = dir.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(temp: &str, target: &str) -> Entry {
        Entry {
            temp: temp.into(),
            target: target.into(),
        }
    }

    #[test]
    fn a_complete_journal_is_completed_and_a_plan_undone() {
        let dir = tempfile::tempdir().expect("temp");
        let root = dir.path();
        fs::write(root.join("a.ron"), "old").expect("a");
        fs::write(root.join(".a.ron.annals-1.tmp"), "new").expect("temp");
        write(root, &[entry(".a.ron.annals-1.tmp", "a.ron")], true).expect("journal");
        recover(root).expect("recovered");
        assert_eq!(fs::read_to_string(root.join("a.ron")).expect("a"), "new");
        assert!(!pending(root));
        fs::write(root.join(".a.ron.annals-2.tmp"), "newer").expect("temp");
        write(root, &[entry(".a.ron.annals-2.tmp", "a.ron")], false).expect("plan");
        recover(root).expect("undone");
        assert_eq!(fs::read_to_string(root.join("a.ron")).expect("a"), "new");
        assert_eq!(fs::read_dir(root).expect("list").count(), 1);
    }

    #[test]
    fn a_journal_naming_files_outside_the_kb_is_refused() {
        for (temp, target) in [
            ("../.x.ron.annals-1.tmp", "../x.ron"),
            (".x.ron.annals-1.tmp", "/etc/x.ron"),
            ("other.tmp", "x.ron"),
            ("a/.x.ron.annals-1.tmp", "b/x.ron"),
        ] {
            let journal = Journal {
                complete: true,
                entries: vec![entry(temp, target)],
            };
            let bytes = serde_json::to_vec(&journal).expect("json");
            assert!(parse(&bytes).is_none(), "{temp} → {target}");
        }
    }
}
