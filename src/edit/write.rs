//! Writing edited files safely: a lock serialises writers on one KB, and each file is
//! replaced atomically (a temporary file in the same directory, flushed to disk, then
//! renamed over the original with its permissions kept).

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::edit::{EditError, FileChange};

/// The name of the lock file in the KB directory (not a `.ron` file, so never loaded).
pub const LOCK_FILE: &str = ".annals.lock";

/// An exclusive lock on a KB, released when dropped.
#[derive(Debug)]
pub struct Lock {
    file: File,
}

impl Drop for Lock {
    fn drop(&mut self) {
        let _ = self.file.unlock();
    }
}

/// Waits for and takes the exclusive write lock of the KB at `root`.
pub fn lock(root: &Path) -> Result<Lock, EditError> {
    let path = root.join(LOCK_FILE);
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| {
            EditError::Io(format!(
                "cannot open the lock file `{}`: {e}",
                path.display()
            ))
        })?;
    file.lock()
        .map_err(|e| EditError::Io(format!("cannot lock `{}`: {e}", path.display())))?;
    Ok(Lock { file })
}

/// Writes every change atomically; the lock must be held.
pub fn commit(changes: &[FileChange], _lock: &Lock) -> Result<(), EditError> {
    for change in changes {
        write_atomic(&change.path, change.after.as_bytes())
            .map_err(|e| EditError::Io(format!("cannot write `{}`: {e}", change.path.display())))?;
    }
    Ok(())
}

/// Replaces `path` with `bytes` so that a reader sees either the old or the new file,
/// never a part of one, even if the process dies half way.
fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    // Through a symbolic link, replace the file it points to and keep the link.
    let resolved;
    let path = if fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
        resolved = fs::canonicalize(path)?;
        resolved.as_path()
    } else {
        path
    };
    let dir = path
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    fs::create_dir_all(&dir)?;
    let name = path
        .file_name()
        .map_or_else(|| "file".into(), |n| n.to_string_lossy().to_string());
    // Hidden, and not ending in `.ron`: a leftover from a crash is never loaded.
    let temp = dir.join(format!(".{name}.annals-{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp)?;
        file.write_all(bytes)?;
        if let Ok(meta) = fs::metadata(path) {
            file.set_permissions(meta.permissions())?;
        }
        file.sync_all()?;
        drop(file);
        fs::rename(&temp, path)?;
        // Make the rename itself durable.
        if let Ok(dir) = File::open(&dir) {
            let _ = dir.sync_all();
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result
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
        write_atomic(&path, b"new").expect("replaced");
        assert_eq!(fs::read_to_string(&path).expect("read"), "new");
        let mode = fs::metadata(&path).expect("meta").permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
        let leftovers: Vec<_> = fs::read_dir(dir.path()).expect("list").collect();
        assert_eq!(leftovers.len(), 1, "no temporary file is left");
    }
}
