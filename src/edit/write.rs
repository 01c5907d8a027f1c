//! Writing edited files all at once or not at all (SPEC §7): a lock serialises writers
//! and keeps readers out while an edit lands; every new file is written beside its
//! original and flushed, a journal names them, then they are renamed into place, so a
//! killed edit is completed or undone by the next command. Nothing is written whose
//! real path lies outside the KB.

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::edit::journal::{self, Entry};
use crate::edit::{EditError, FileChange};

/// The name of the lock file in the KB directory (not a `.ron` file, so never loaded).
pub const LOCK_FILE: &str = ".annals.lock";

/// A lock on a KB (exclusive for a writer, shared for a reader), released when dropped.
#[derive(Debug)]
pub struct Lock {
    file: File,
    root: PathBuf,
}

impl Drop for Lock {
    fn drop(&mut self) {
        let _ = self.file.unlock();
    }
}

fn open_lock_file(root: &Path) -> std::io::Result<File> {
    OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(root.join(LOCK_FILE))
}

fn lock_error(root: &Path, e: &std::io::Error) -> EditError {
    let path = root.join(LOCK_FILE);
    EditError::Io(format!("cannot lock `{}`: {e}", path.display()))
}

/// Waits for and takes the exclusive write lock of the KB at `root`, then completes or
/// undoes an edit that was interrupted.
pub fn lock(root: &Path) -> Result<Lock, EditError> {
    let file = open_lock_file(root).map_err(|e| lock_error(root, &e))?;
    file.lock().map_err(|e| lock_error(root, &e))?;
    journal::recover(root)?;
    Ok(Lock {
        file,
        root: root.to_path_buf(),
    })
}

/// Waits for and takes a shared lock for reading the KB at `root`, so that no edit lands
/// while it is read; an interrupted edit is first completed (under the write lock).
///
/// A KB in a directory annals cannot write to is read without a lock (no annals writer
/// can change it either), unless an interrupted edit waits there, which is an error.
pub fn read_lock(root: &Path) -> Result<Option<Lock>, EditError> {
    let file = match open_lock_file(root).or_else(|_| File::open(root.join(LOCK_FILE))) {
        Ok(file) => file,
        Err(_) if !journal::pending(root) => return Ok(None),
        Err(e) => return Err(lock_error(root, &e)),
    };
    loop {
        file.lock_shared().map_err(|e| lock_error(root, &e))?;
        if !journal::pending(root) {
            return Ok(Some(Lock {
                file,
                root: root.to_path_buf(),
            }));
        }
        // flock cannot upgrade in place: let go, recover as a writer, and look again.
        let _ = file.unlock();
        file.lock().map_err(|e| lock_error(root, &e))?;
        let recovered = journal::recover(root);
        let _ = file.unlock();
        recovered?;
    }
}

/// Writes every change as one edit, all or nothing; the write lock must be held.
///
/// Each target's real path is checked first: if any lies outside the KB directory the
/// edit is refused and nothing is written.
pub fn commit(changes: &[FileChange], lock: &Lock) -> Result<(), EditError> {
    let io = |e: std::io::Error| EditError::Io(format!("cannot write the edit: {e}"));
    let root = lock.root.canonicalize().map_err(io)?;
    let mut entries = Vec::with_capacity(changes.len());
    for change in changes {
        let target = real_target(&root, change)?;
        let name = target
            .file_name()
            .map_or_else(|| "file".into(), |n| n.to_string_lossy().to_string());
        let temp = target.with_file_name(journal::temp_name(&name));
        entries.push((change, temp, target));
    }
    let relative = |p: &Path| relative_to(&root, p);
    let journal_entries: Vec<Entry> = entries
        .iter()
        .map(|(_, temp, target)| Entry {
            temp: relative(temp),
            target: relative(target),
        })
        .collect();
    // The plan first: if the process dies while writing, the next command removes the
    // temporary files it names.
    journal::write(&root, &journal_entries, false).map_err(io)?;
    for (change, temp, target) in &entries {
        if let Err(e) = write_temp(temp, target, change.after.as_bytes()) {
            let _ = journal::recover(&root);
            return Err(EditError::Io(format!(
                "cannot write `{}`: {e}",
                change.path.display()
            )));
        }
    }
    journal::write(&root, &journal_entries, true).map_err(io)?;
    journal::apply(&root, &journal_entries).map_err(io)?;
    journal::remove(&root).map_err(io)?;
    Ok(())
}

/// Returns the real path `change` writes to (through a symbolic link, the file it points
/// to), refusing one outside the real KB directory `root`.
fn real_target(root: &Path, change: &FileChange) -> Result<PathBuf, EditError> {
    let path = &change.path;
    // The nearest part of the path that exists decides where the rest will be created.
    let mut existing = path.as_path();
    let mut rest = Vec::new();
    while fs::symlink_metadata(existing).is_err() {
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => break,
        }
    }
    let mut real = fs::canonicalize(existing)
        .map_err(|e| EditError::Io(format!("cannot resolve `{}`: {e}", path.display())))?;
    for part in rest.into_iter().rev() {
        real.push(part);
    }
    if !real.starts_with(root) || real == root {
        return Err(EditError::refused(
            format!(
                "`{}` lies outside the knowledge base (its real path is `{}`); annals reads it but never writes it",
                change.relative,
                real.display()
            ),
            Some("edit that file by hand, or move it into the KB directory".into()),
        ));
    }
    Ok(real)
}

fn relative_to(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Writes `bytes` to `temp` beside `target`, with `target`'s permissions, flushed to disk.
fn write_temp(temp: &Path, target: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(dir) = temp.parent() {
        fs::create_dir_all(dir)?;
    }
    // A leftover of the same name is an orphan (the lock is held): never write through it.
    let _ = fs::remove_file(temp);
    let mut file = OpenOptions::new().write(true).create_new(true).open(temp)?;
    file.write_all(bytes)?;
    if let Ok(meta) = fs::metadata(target) {
        file.set_permissions(meta.permissions())?;
    }
    journal::sync_file(&file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_replaces_content_and_keeps_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("kb.ron");
        fs::write(&path, "old").expect("written");
        fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).expect("chmod");
        let change = FileChange {
            path: path.clone(),
            relative: "kb.ron".into(),
            before: Some("old".into()),
            after: "new".into(),
        };
        let lock = lock(dir.path()).expect("locked");
        commit(&[change], &lock).expect("replaced");
        assert_eq!(fs::read_to_string(&path).expect("read"), "new");
        let mode = fs::metadata(&path).expect("meta").permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
        let leftovers: Vec<_> = fs::read_dir(dir.path()).expect("list").collect();
        assert_eq!(leftovers.len(), 2, "only the file and the lock are left");
    }
}
